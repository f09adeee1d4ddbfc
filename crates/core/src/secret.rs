//! Secrets handed to people (registration codes, second-factor codes, recovery codes) and to
//! browsers (session ids). Each is random, shown once, and stored only as a digest.

use std::fmt;

use sha2::{Digest, Sha256};

/// Crockford's base32 alphabet: no I, L, O or U, so codes read aloud and typed back well.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Random bytes from the operating system.
pub fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS generator fails only on a broken system; there is nothing safe to fall back on.
    getrandom::fill(&mut bytes)
        .unwrap_or_else(|e| panic!("the system's random generator failed: {e}"));
    bytes
}

/// SHA-256 in hex: the stored form of a secret that carries 60 bits or more of randomness,
/// which no one can guess from its digest.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// HMAC-SHA-256 of `text` under `key`, in lower-case hex: the stored form of what a server's
/// key must bind (a NAS partiel, an audit chain's link).
pub fn keyed_digest(key: &[u8; 32], text: &str) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    // HMAC accepts keys of any length, so this cannot fail for a 32-byte key.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(text.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A registration code (M6): 12 characters of Crockford base32 (60 bits), shown as
/// `K7QM-2XPD-9WHT`.
#[derive(Clone, PartialEq, Eq)]
pub struct RegistrationCode(String);

impl RegistrationCode {
    pub fn generate() -> Self {
        let bytes = random::<12>();
        RegistrationCode(
            bytes
                .iter()
                .map(|b| CROCKFORD[usize::from(b & 31)] as char)
                .collect(),
        )
    }

    /// Reads a code as a person types it: any case, with or without hyphens and spaces,
    /// O for 0 and I or L for 1. `None` if it cannot be a code.
    pub fn parse(input: &str) -> Option<Self> {
        let mut code = String::with_capacity(12);
        for c in input.chars().filter(|c| !matches!(c, ' ' | '-')) {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            if !CROCKFORD.contains(&u8::try_from(c).ok()?) {
                return None;
            }
            code.push(c);
        }
        (code.len() == 12).then_some(RegistrationCode(code))
    }

    /// The form stored and looked up.
    pub fn digest(&self) -> String {
        digest(&self.0)
    }

    /// As shown to its holder, once, in the email.
    pub fn display(&self) -> String {
        format!("{}-{}-{}", &self.0[..4], &self.0[4..8], &self.0[8..])
    }
}

impl fmt::Debug for RegistrationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RegistrationCode(…)")
    }
}

/// Six digits: the second factor sent by email (E2), or a recovery code's half.
pub fn six_digits() -> String {
    let n = u32::from_le_bytes(random::<4>()) % 1_000_000;
    format!("{n:06}")
}

/// A session id or a form token: 32 random bytes, URL-safe hex.
pub fn token() -> String {
    hex::encode(random::<32>())
}

/// A temporary password (M10, M16): 16 letters and digits with every kind the rules ask for,
/// to be changed at first use.
pub fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    loop {
        let password: String = random::<16>()
            .iter()
            .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
            .collect();
        let has = |test: fn(&char) -> bool| password.chars().any(|c| test(&c));
        if has(char::is_ascii_uppercase)
            && has(char::is_ascii_lowercase)
            && has(char::is_ascii_digit)
        {
            return password;
        }
    }
}

/// Ten single-use recovery codes of 10 base32 characters (50 bits each), `XXXXX-XXXXX`.
pub fn recovery_codes() -> Vec<String> {
    (0..10)
        .map(|_| {
            let chars: String = random::<10>()
                .iter()
                .map(|b| CROCKFORD[usize::from(b & 31)] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// A recovery code as typed, in its stored form.
pub fn recovery_code_digest(input: &str) -> String {
    let normalized: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    digest(&normalized)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_registration_code_reads_back_however_it_is_typed() {
        let code = RegistrationCode::generate();
        let shown = code.display();
        assert_eq!(shown.len(), 14);
        assert_eq!(RegistrationCode::parse(&shown), Some(code.clone()));
        assert_eq!(
            RegistrationCode::parse(&shown.to_lowercase().replace('-', " ")),
            Some(code.clone())
        );
        assert_eq!(RegistrationCode::parse("K7QM-2XPD-9WH"), None, "too short");
        assert_eq!(
            RegistrationCode::parse("K7QM-2XPD-9WHU"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(
            RegistrationCode::parse("OIL0-0000-0000").map(|c| c.display()),
            Some("0110-0000-0000".to_string())
        );
        assert!(!format!("{code:?}").contains(&shown[..4]));
    }

    #[test]
    fn codes_are_different_every_time() {
        let codes: std::collections::HashSet<String> = (0..1000)
            .map(|_| RegistrationCode::generate().display())
            .collect();
        assert_eq!(codes.len(), 1000);
        assert_eq!(recovery_codes().len(), 10);
        assert_ne!(token(), token());
    }

    #[test]
    fn temporary_passwords_meet_the_rules() {
        for _ in 0..100 {
            let p = temporary_password();
            assert!(
                crate::credentials::Password::parse(&p, Some("central01"), &["Agent"]).is_ok(),
                "{p}"
            );
        }
    }

    #[test]
    fn recovery_codes_digest_alike_however_typed() {
        let code = &recovery_codes()[0];
        assert_eq!(
            recovery_code_digest(code),
            recovery_code_digest(&code.to_lowercase().replace('-', ""))
        );
    }

    proptest! {
        #[test]
        fn six_digits_are_six_digits(_ in 0..50u8) {
            let code = six_digits();
            prop_assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
