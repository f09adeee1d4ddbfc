//! Secrets the server must read back (the authenticator app's key, E2), encrypted at rest
//! with XChaCha20-Poly1305 under a key kept in the data directory, apart from the database.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

use crate::secret::random;

const NONCE: usize = 24;

/// The key that seals; a stolen database without it reveals no sealed secret.
#[derive(Clone)]
pub struct SealKey([u8; 32]);

impl SealKey {
    pub const LEN: usize = 32;

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        SealKey(bytes)
    }

    pub fn generate() -> Self {
        SealKey(random())
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&Key::from(self.0))
    }

    /// Seals `secret`, bound to `context` (the owner's id): sealed for one account, it opens
    /// for no other. The result, nonce then ciphertext in hex, is what the store keeps.
    pub fn seal(&self, secret: &[u8], context: &str) -> String {
        let nonce = random::<NONCE>();
        let payload = Payload {
            msg: secret,
            aad: context.as_bytes(),
        };
        // Encryption fails only for messages of gigabytes; a secret here is a few bytes.
        let sealed = self
            .cipher()
            .encrypt(&XNonce::from(nonce), payload)
            .unwrap_or_else(|_| unreachable!("a short secret always encrypts"));
        let mut out = hex::encode(nonce);
        out.push_str(&hex::encode(sealed));
        out
    }

    /// The secret sealed as `sealed` for `context`; `None` if it was altered, sealed under
    /// another key or for another context.
    pub fn open(&self, sealed: &str, context: &str) -> Option<Vec<u8>> {
        let bytes = hex::decode(sealed).ok()?;
        if bytes.len() <= NONCE {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE);
        let nonce: [u8; NONCE] = nonce.try_into().ok()?;
        self.cipher()
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .ok()
    }
}

impl SealKey {
    /// A key for another `purpose` (the OpenID Connect provider's pairwise subjects), drawn
    /// from this one so that operators keep and back up one secret, and unrelated to it and
    /// to every other purpose's for whoever lacks it.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut key = [0u8; 32];
        let derived = crate::secret::keyed_digest(&self.0, purpose);
        // A keyed digest is 64 hex characters: it always decodes to 32 bytes.
        let _ = hex::decode_to_slice(derived, &mut key);
        key
    }
}

impl fmt::Debug for SealKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_context() {
        let key = SealKey::generate();
        let sealed = key.seal(b"twenty bytes secret!", "account-1");
        assert!(!sealed.contains(&hex::encode(b"twenty bytes secret!")));
        assert_eq!(
            key.open(&sealed, "account-1").as_deref(),
            Some(&b"twenty bytes secret!"[..])
        );
        assert_eq!(key.open(&sealed, "account-2"), None, "another account");
        assert_eq!(SealKey::generate().open(&sealed, "account-1"), None);
        let mut altered = sealed.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'0' { b'1' } else { b'0' };
        let altered = String::from_utf8(altered).unwrap_or_default();
        assert_eq!(key.open(&altered, "account-1"), None, "tampered");
        assert_eq!(key.open("zz", "account-1"), None);
        assert_ne!(sealed, key.seal(b"twenty bytes secret!", "account-1"));
    }
}
