//! The authenticator app of the second factor (E2): RFC 6238 codes of 6 digits every
//! 30 seconds, with one step either side for clocks that drift. A step may serve once: the
//! caller keeps the last step used and refuses any step not after it.

use std::fmt;

use time::OffsetDateTime;
use totp_rs::{Builder, Totp};

use crate::secret::random;

/// Who issues the codes, as the app shows it.
pub const ISSUER: &str = "Mandat";

/// The shared key between Mandat and the person's app: 160 random bits (RFC 4226).
#[derive(Clone, PartialEq, Eq)]
pub struct TotpKey(Vec<u8>);

impl TotpKey {
    pub const LEN: usize = 20;

    pub fn generate() -> Self {
        TotpKey(random::<{ Self::LEN }>().to_vec())
    }

    /// Reads back a key opened from the store.
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Self> {
        (bytes.len() == Self::LEN).then_some(TotpKey(bytes))
    }

    /// Reads the key as typed by hand (base32, any case, spaces ignored).
    pub fn from_typed(typed: &str) -> Option<Self> {
        let compact: String = typed
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let secret = totp_rs::Secret::try_from_base32(compact).ok()?;
        Self::from_bytes(secret.as_ref().to_vec())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    fn totp(&self, account: &str) -> Totp {
        // The key is 160 bits, 6 digits, 30 s: the RFC's defaults, which cannot fail to build.
        Builder::new()
            .with_secret(self.0.clone())
            .with_account_name(account.replace(':', " "))
            .with_issuer(Some(ISSUER))
            .build_noncompliant()
    }

    /// The address the app reads from the QR code: `otpauth://totp/Mandat:<account>?…`.
    pub fn otpauth_url(&self, account: &str) -> String {
        // `to_url` fails only on an empty or colon-bearing name, which `totp` rules out.
        self.totp(if account.is_empty() { "-" } else { account })
            .to_url()
            .unwrap_or_default()
    }

    /// The key as typed into an app by hand: base32 in groups of four.
    pub fn for_typing(&self) -> String {
        let base32 = self.totp("-").secret().to_base32();
        base32
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The step whose code `code` is, at `at` give or take one step; `None` if it is no
    /// current code. Spaces in the code are ignored.
    pub fn step_of(&self, code: &str, at: OffsetDateTime) -> Option<u64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let seconds = u64::try_from(at.unix_timestamp()).ok()?;
        self.totp("-").check(&code, seconds)
    }

    /// The code of the step containing `at`, as the app shows it (for tests and demos).
    pub fn code_at(&self, at: OffsetDateTime) -> String {
        let seconds = u64::try_from(at.unix_timestamp()).unwrap_or(0);
        self.totp("-").generate(seconds).to_string()
    }
}

impl fmt::Debug for TotpKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    /// RFC 6238, appendix B: the SHA-1 key "12345678901234567890" at 59 s gives 94287082,
    /// whose last six digits are the 6-digit code.
    #[test]
    fn codes_follow_rfc_6238() {
        let key = TotpKey::from_bytes(b"12345678901234567890".to_vec()).expect("20 bytes");
        let at = datetime!(1970-01-01 00:00:59 UTC);
        assert_eq!(key.code_at(at), "287082");
        assert_eq!(key.step_of("287 082", at), Some(1));
        let later = datetime!(2009-02-13 23:31:30 UTC);
        assert_eq!(key.code_at(later), "005924", "RFC's 89005924");
    }

    #[test]
    fn one_step_either_side_is_accepted_and_no_more() {
        let key = TotpKey::generate();
        let at = datetime!(2026-11-24 14:00:15 UTC);
        let code = key.code_at(at);
        let step = key.step_of(&code, at).expect("current");
        assert_eq!(
            key.step_of(&code, at + time::Duration::seconds(30)),
            Some(step)
        );
        assert_eq!(
            key.step_of(&code, at - time::Duration::seconds(30)),
            Some(step)
        );
        assert_eq!(key.step_of(&code, at + time::Duration::seconds(90)), None);
        assert_eq!(key.step_of("12345", at), None);
        assert_eq!(key.step_of("abcdef", at), None);
    }

    #[test]
    fn the_url_and_the_typed_key_name_the_same_key() {
        let key = TotpKey::generate();
        let url = key.otpauth_url("rsp100");
        assert!(url.starts_with("otpauth://totp/Mandat:rsp100?"), "{url}");
        assert_eq!(
            TotpKey::from_typed(&key.for_typing().to_lowercase()),
            Some(key.clone())
        );
        let typed = key.for_typing().replace(' ', "");
        assert!(url.contains(&format!("secret={typed}")), "{url}");
        assert_eq!(typed.len(), 32);
        assert!(!format!("{key:?}").contains(&typed));
    }
}
