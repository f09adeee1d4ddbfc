//! The provider's signing keys: one made at first start, another at each rotation by an
//! operator; each sealed under the installation's seal key.

use mandat_core::audit::{AuditAction, Note};
use mandat_core::ids::{AccountId, AgencyId};
use mandat_oidc::subject::{KEY_PURPOSE, pairwise};
use mandat_oidc::{KeyRing, SigningKey, StoredKey};
use mandat_store::AuditEntry;

use crate::{App, Error};

impl App {
    /// Every signing key, opened, the oldest first.
    pub async fn signing_keys(&self) -> Result<Vec<StoredKey>, Error> {
        let sealed = self.store.signing_keys().await?;
        sealed
            .into_iter()
            .map(|k| {
                let key = self.opened(&k.kid, &k.sealed)?;
                Ok(StoredKey {
                    key,
                    created_at: k.created_at,
                    retired_at: k.retired_at,
                })
            })
            .collect()
    }

    /// The key `kid`, opened once per process.
    fn opened(&self, kid: &str, sealed: &str) -> Result<SigningKey, Error> {
        let known = self
            .opened_keys
            .lock()
            .ok()
            .and_then(|k| k.get(kid).cloned());
        if let Some(key) = known {
            return Ok(key);
        }
        let key = SigningKey::open(kid, sealed, &self.seal_key).ok_or_else(|| {
            Error::Internal(format!(
                "the signing key {kid} does not open under data/secrets/seal.key"
            ))
        })?;
        if let Ok(mut opened) = self.opened_keys.lock() {
            opened.insert(kid.to_string(), key.clone());
        }
        Ok(key)
    }

    /// The keys that sign and are published now.
    pub async fn key_ring(&self) -> Result<KeyRing, Error> {
        let keys = self.signing_keys().await?;
        KeyRing::at(&keys, self.store.now())
            .ok_or_else(|| Error::Internal("no signing key: run `mandat serve` once".into()))
    }

    /// The `sub` by which `agency`'s clients know the person of `account` (pairwise).
    pub(super) fn pairwise_subject(&self, agency: AgencyId, account: AccountId) -> String {
        pairwise(&self.seal_key.derive(KEY_PURPOSE), agency, account)
    }

    /// Makes the first signing key when there is none (at first start); `true` if it did.
    pub async fn ensure_signing_key(&self) -> Result<bool, Error> {
        let keys = self.signing_keys().await?;
        if KeyRing::at(&keys, self.store.now()).is_some() {
            return Ok(false);
        }
        self.add_signing_key(Note::KeyAtFirstStart).await?;
        Ok(true)
    }

    /// A new signing key, which signs from now on; the one before stays published until
    /// every token it signed has expired. Done by an operator (`mandat admin keys rotate`).
    pub async fn rotate_signing_key(&self) -> Result<SigningKey, Error> {
        self.add_signing_key(Note::KeyFromCommandLine).await
    }

    async fn add_signing_key(&self, note: Note) -> Result<SigningKey, Error> {
        let key = SigningKey::generate();
        let mut tx = self.store.begin().await?;
        tx.rotate_signing_key(key.kid(), &key.seal(&self.seal_key))
            .await?;
        tx.audit(&AuditEntry {
            person: None,
            actor: None,
            org: None,
            action: AuditAction::SigningKeyAdded,
            detail: note.with("kid", key.kid()),
            client_address: None,
            agency: None,
        })
        .await?;
        tx.commit().await?;
        Ok(key)
    }
}
