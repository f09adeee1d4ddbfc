//! The second factor (E2): a code sent by email on request, the code of the person's
//! authenticator app, or one of their recovery codes completes the sign-in, and a wrong one
//! counts as a failed sign-in (M11). The app's key is sealed at rest; linking it, removing it
//! and renewing the recovery codes are each told to the person by email and audited.

use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::credentials::is_recent;
use mandat_core::totp::TotpKey;
use mandat_core::{Field, FieldError, Problem, secret};
use mandat_mail::messages::{Message, SecondFactorChangedMail, SignInCodeMail};
use mandat_store::{Account, SessionStage, Tx};
use time::Duration;

use super::{own_entry, renew_sessions, replace_session};
use crate::{App, Error, Reason};

/// How long an emailed second-factor code lasts (E2).
pub const CODE_LIFETIME: Duration = Duration::minutes(10);

/// What a person shows before changing their second factor (E2; issue 19 item 11, ASVS 4.0
/// 3.7.1): the password they type, unless their session proved both factors a few minutes
/// ago. A stolen session alone cannot put the thief's app in the owner's place.
pub struct Proof<'a> {
    /// The password typed, or nothing.
    pub password: &'a str,
    /// When the session proved both factors (or a password, at a credential change).
    pub proven_at: time::OffsetDateTime,
    /// The throttle's key, under which a wrong password counts (M11), as at sign-in.
    pub counted: &'a str,
}

/// Tells the person of a change to their second factor, and audits it as `action`, in `tx`:
/// a change they did not make does not go unseen.
async fn record_change(
    tx: &mut Tx,
    account: &Account,
    (mail, action): (SecondFactorChangedMail, AuditAction),
    client: Option<String>,
) -> Result<(), Error> {
    tx.queue_mail(&mail.to(&account.email)?).await?;
    tx.audit(&own_entry(account, action, Detail::none(), client))
        .await?;
    Ok(())
}

/// Ten new recovery codes replace the account's old ones, in `tx`; returned to be shown once.
async fn renew_codes(tx: &mut Tx, account: &Account) -> Result<Vec<String>, Error> {
    let codes = secret::recovery_codes();
    let digests: Vec<String> = codes
        .iter()
        .map(|c| secret::recovery_code_digest(c))
        .collect();
    tx.replace_recovery_codes(account.id, &digests).await?;
    Ok(codes)
}

impl App {
    /// Whether a session that proved itself at `proven_at` must type the password again.
    pub fn needs_password(&self, proven_at: time::OffsetDateTime) -> bool {
        !is_recent(proven_at, self.store.now())
    }

    /// The proof stands: nothing typed and the session's proof is recent, or the password
    /// typed is right. A wrong one counts as a failed sign-in (M11).
    async fn check_proof(
        &self,
        account: &Account,
        proof: &Proof<'_>,
        client: Option<String>,
    ) -> Result<(), Error> {
        if proof.password.is_empty() && !self.needs_password(proof.proven_at) {
            return Ok(());
        }
        let typed = (Field::CurrentPassword, proof.password);
        self.confirm_password(account, typed, client, proof.counted)
            .await
    }

    /// A sealed authenticator key of `account`, opened; `None` if it does not open.
    pub fn open_key(&self, account: &Account, sealed: &str) -> Option<TotpKey> {
        let key = self.seal_key.open(sealed, &account.id.to_string());
        if key.is_none() {
            tracing::error!(account = %account.id, "an authenticator key does not open");
        }
        key.and_then(TotpKey::from_bytes)
    }

    /// The account's confirmed authenticator key, opened; `None` without one.
    pub async fn active_key(&self, account: &Account) -> Result<Option<TotpKey>, Error> {
        let sealed = self.store.authenticator(account.id).await?.active_sealed;
        Ok(sealed.and_then(|s| self.open_key(account, &s)))
    }

    /// Sends a new code by email; the previous one stops working.
    pub async fn send_sign_in_code(
        &self,
        account: &Account,
        client: Option<String>,
    ) -> Result<(), Error> {
        let code = secret::six_digits();
        let mut tx = self.store.begin().await?;
        let expires = tx.now() + CODE_LIFETIME;
        tx.insert_sign_in_code(account.id, &secret::digest(&code), expires)
            .await?;
        let minutes = u32::try_from(CODE_LIFETIME.whole_minutes()).unwrap_or(10);
        tx.queue_mail(&SignInCodeMail { code, minutes }.to(&account.email)?)
            .await?;
        let sent = own_entry(
            account,
            AuditAction::SecondFactorCodeSent,
            Detail::none(),
            client,
        );
        tx.audit(&sent).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Which second factor `typed` is, used up in `tx`; `None` if it is none of the account's.
    async fn use_second_factor(
        &self,
        tx: &mut Tx,
        account: &Account,
        typed: &str,
    ) -> Result<Option<Note>, Error> {
        let compact: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
            if tx
                .use_sign_in_code(account.id, &secret::digest(&compact))
                .await?
            {
                return Ok(Some(Note::ByEmailCode));
            }
            if let Some(key) = self.active_key(account).await?
                && let Some(step) = key.step_of(&compact, tx.now())
                && tx.use_authenticator_step(account.id, step).await?
            {
                return Ok(Some(Note::ByAuthenticator));
            }
            return Ok(None);
        }
        let digest = secret::recovery_code_digest(&compact);
        if compact.len() == 10 && tx.use_recovery_code(account.id, &digest).await? {
            return Ok(Some(Note::ByRecoveryCode));
        }
        Ok(None)
    }

    /// The second step of sign-in: the session `old` (past the password) is replaced by a
    /// signed-in one under a new id, returned for the cookie (M12). A wrong code counts as a
    /// failed sign-in under `counted` (M11).
    pub async fn complete_sign_in(
        &self,
        account: &Account,
        typed: &str,
        old: Option<&str>,
        (client, counted): (Option<String>, &str),
    ) -> Result<String, Error> {
        let mut tx = self.store.begin().await?;
        let Some(method) = self.use_second_factor(&mut tx, account, typed).await? else {
            drop(tx);
            let why = Note::WrongSecondFactor;
            self.failed_sign_in(account, why, client, counted).await?;
            return Err(Error::reason(Reason::InvalidCredentials));
        };
        if method == Note::ByRecoveryCode {
            let left = tx.recovery_codes_left(account.id).await?;
            let used = SecondFactorChangedMail::recovery_code_used(left);
            tx.queue_mail(&used.to(&account.email)?).await?;
        }
        let id = replace_session(&mut tx, old, SessionStage::SignedIn(account.id)).await?;
        let detail = method.into();
        tx.audit(&own_entry(account, AuditAction::SignedIn, detail, client))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A new key to scan, pending; an app already linked keeps working until the new one is
    /// confirmed.
    pub async fn start_authenticator(
        &self,
        account: &Account,
        client: Option<String>,
    ) -> Result<(), Error> {
        let key = TotpKey::generate();
        let sealed = self.seal_key.seal(key.as_bytes(), &account.id.to_string());
        let mut tx = self.store.begin().await?;
        tx.set_pending_authenticator(account.id, &sealed).await?;
        let started = own_entry(
            account,
            AuditAction::AuthenticatorStarted,
            Detail::none(),
            client,
        );
        tx.audit(&started).await?;
        tx.commit().await?;
        Ok(())
    }

    /// One code of the pending key confirms it: the app now counts, and the person gets ten
    /// new recovery codes, returned to be shown once with the session's new id (every other
    /// session ends, ASVS 3.3.3). Not found without a pending key.
    pub async fn confirm_authenticator(
        &self,
        account: &Account,
        typed: &str,
        proof: &Proof<'_>,
        client: Option<String>,
    ) -> Result<(Vec<String>, String), Error> {
        self.check_proof(account, proof, client.clone()).await?;
        let stored = self.store.authenticator(account.id).await?;
        let sealed = stored.pending_sealed.ok_or(Error::NotFound)?;
        let step = self
            .open_key(account, &sealed)
            .and_then(|key| key.step_of(typed, self.store.now()));
        let Some(step) = step else {
            let problem = match typed.trim().is_empty() {
                true => Problem::Required,
                false => Problem::NotCurrentCode,
            };
            let wrong = FieldError::new(Field::AuthenticatorCode, problem);
            return Err(Error::fields(vec![wrong]));
        };
        let mut tx = self.store.begin().await?;
        if !tx.confirm_authenticator(account.id, &sealed, step).await? {
            return Err(Error::NotFound);
        }
        let codes = renew_codes(&mut tx, account).await?;
        let added = (
            SecondFactorChangedMail::app_added(),
            AuditAction::AuthenticatorAdded,
        );
        record_change(&mut tx, account, added, client).await?;
        let session = renew_sessions(&mut tx, account.id).await?;
        tx.commit().await?;
        Ok((codes, session))
    }

    /// Unlinks the app; codes by email and recovery codes remain. Every other session ends;
    /// the session's new id is returned (ASVS 3.3.3).
    pub async fn remove_authenticator(
        &self,
        account: &Account,
        proof: &Proof<'_>,
        client: Option<String>,
    ) -> Result<String, Error> {
        self.check_proof(account, proof, client.clone()).await?;
        let mut tx = self.store.begin().await?;
        tx.remove_authenticator(account.id).await?;
        let removed = (
            SecondFactorChangedMail::app_removed(),
            AuditAction::AuthenticatorRemoved,
        );
        record_change(&mut tx, account, removed, client).await?;
        let session = renew_sessions(&mut tx, account.id).await?;
        tx.commit().await?;
        Ok(session)
    }

    /// Ten new recovery codes replace the old ones; returned to be shown once.
    pub async fn renew_recovery_codes(
        &self,
        account: &Account,
        proof: &Proof<'_>,
        client: Option<String>,
    ) -> Result<Vec<String>, Error> {
        self.check_proof(account, proof, client.clone()).await?;
        let mut tx = self.store.begin().await?;
        let codes = renew_codes(&mut tx, account).await?;
        let renewed = (
            SecondFactorChangedMail::recovery_codes_renewed(),
            AuditAction::RecoveryCodesRenewed,
        );
        record_change(&mut tx, account, renewed, client).await?;
        tx.commit().await?;
        Ok(codes)
    }
}
