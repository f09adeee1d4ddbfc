//! What a person signs in with: the user code and password they choose at registration (M8),
//! and the password's argon2id hash.

use std::fmt;

use std::cell::RefCell;

use argon2::password_hash::PasswordHasher;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use subtle::ConstantTimeEq;
use unicode_normalization::UnicodeNormalization;

use crate::field::{Field, FieldError, Problem};

/// A user code: at least 6 unaccented letters or digits, not made from the person's names.
/// Kept as typed; compared without regard to case ([`UserCode::key`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserCode(String);

impl UserCode {
    pub const MIN: usize = 6;
    pub const MAX: usize = 20;

    /// Parses a new user code for a person named `names` (first name, last name).
    pub fn parse(input: &str, names: &[&str]) -> Result<Self, FieldError> {
        let code = input.trim();
        let error = |problem| Err(FieldError::new(Field::UserCode, problem));
        if code.is_empty() {
            return error(Problem::Required);
        }
        if !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return error(Problem::UserCodeCharacters);
        }
        if code.len() < Self::MIN {
            return error(Problem::TooShort { min: Self::MIN });
        }
        if code.len() > Self::MAX {
            return error(Problem::TooLong { max: Self::MAX });
        }
        if contains_a_name(code, names) {
            return error(Problem::MadeFromName);
        }
        Ok(UserCode(code.to_string()))
    }

    /// Reads back a code as stored (already checked when it was chosen).
    pub fn from_stored(code: String) -> Self {
        UserCode(code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form under which codes are unique and looked up: lower case.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }

    /// The first three characters, the only part of a code that emails to officers show
    /// (DOMAIN.md, Messages; M11).
    pub fn first_three(&self) -> &str {
        &self.0[..self.0.len().min(3)]
    }
}

impl fmt::Display for UserCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that meets M8: at least 10 characters with an uppercase letter, a lowercase
/// letter and a digit, containing neither the user code nor a name; and, beyond M8, not
/// easy to guess (ASVS 2.1.7): zxcvbn, Dropbox's estimator with its lists of common and
/// breached passwords, words and keyboard runs, must score it at least 3 of 4 (about 10⁸
/// guesses), knowing the user code and the names. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN: usize = 10;
    /// A bound on the work one sign-in may ask of the hash.
    pub const MAX: usize = 128;

    pub fn parse(input: &str, user_code: Option<&str>, names: &[&str]) -> Result<Self, FieldError> {
        let error = |problem| Err(FieldError::new(Field::Password, problem));
        if input.is_empty() {
            return error(Problem::Required);
        }
        let length = input.chars().count();
        if length < Self::MIN {
            return error(Problem::TooShort { min: Self::MIN });
        }
        if length > Self::MAX {
            return error(Problem::TooLong { max: Self::MAX });
        }
        let has = |test: fn(&char) -> bool| input.chars().any(|c| test(&c));
        if !(has(|c| c.is_uppercase()) && has(|c| c.is_lowercase()) && has(char::is_ascii_digit)) {
            return error(Problem::PasswordComposition);
        }
        if user_code.is_some_and(|code| !code.is_empty() && fold(input).contains(&fold(code))) {
            return error(Problem::ContainsUserCode);
        }
        if contains_a_name(input, names) {
            return error(Problem::ContainsName);
        }
        let known: Vec<&str> = names.iter().copied().chain(user_code).collect();
        if zxcvbn::zxcvbn(input, &known).score() < zxcvbn::Score::Three {
            return error(Problem::PasswordGuessable);
        }
        Ok(Password(input.to_string()))
    }

    /// A password as typed at sign-in, to check against a hash; no rule applies.
    pub fn candidate(input: &str) -> Option<Self> {
        (!input.is_empty() && input.chars().count() <= Self::MAX)
            .then(|| Password(input.to_string()))
    }

    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// Hashes with argon2id at OWASP's minimum: 19 MiB, 2 passes, 1 lane, a random salt.
    pub fn hash(&self) -> Result<PasswordHash, argon2::password_hash::Error> {
        Argon2::default()
            .hash_password(self.0.as_bytes())
            .map(|h| PasswordHash(h.to_string()))
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// A password's argon2id hash, as a PHC string that carries its own parameters and salt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_stored(phc: String) -> Self {
        PasswordHash(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `password` is the one hashed here. A hash that cannot be read matches nothing.
    ///
    /// The 19 MiB that argon2id works in are kept by the calling thread from one check to the
    /// next: allocating them afresh each time costs page faults and zeroing, about a tenth of
    /// the check (benches/sign_in.rs). Every block is overwritten before it is read.
    pub fn matches(&self, password: &Password) -> bool {
        thread_local! {
            static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
        }
        MEMORY.with_borrow_mut(|memory| self.matches_in(password, memory).unwrap_or(false))
    }

    fn matches_in(&self, password: &Password, memory: &mut Vec<Block>) -> Option<bool> {
        let phc = argon2::PasswordHash::new(&self.0).ok()?;
        let (salt, expected) = (phc.salt.as_ref()?, phc.hash.as_ref()?);
        let algorithm = Algorithm::try_from(phc.algorithm.as_str()).ok()?;
        let version = match phc.version {
            Some(v) => Version::try_from(v).ok()?,
            None => Version::default(),
        };
        let params = Params::try_from(&phc).ok()?;
        if memory.len() != params.block_count() {
            memory.resize(params.block_count(), Block::default());
        }
        let mut computed = vec![0u8; expected.as_bytes().len()];
        Argon2::new(algorithm, version, params)
            .hash_password_into_with_memory(
                password.0.as_bytes(),
                salt.as_ref(),
                &mut computed,
                &mut memory[..],
            )
            .ok()?;
        Some(computed.ct_eq(expected.as_bytes()).into())
    }
}

/// Lower case, accents removed, letters and digits only: « Gagné-Côté » → `gagnecote`.
fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| c.is_alphanumeric() && c.is_ascii())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `text` contains one of the names' parts of 3 letters or more, folded: the names
/// « Marie-Ève Gagné » forbid `marie`, `eve` and `gagne`.
fn contains_a_name(text: &str, names: &[&str]) -> bool {
    let text = fold(text);
    names
        .iter()
        .flat_map(|name| name.split(|c: char| !c.is_alphanumeric()))
        .map(fold)
        .any(|part| part.len() >= 3 && text.contains(&part))
}

/// How long the two factors proven at sign-in stand for a change of the second factor (E2;
/// ASVS 4.0 3.7.1): past it, the password is asked again before the authenticator app is
/// linked or removed and before recovery codes are renewed.
pub const RECENT_PROOF: time::Duration = time::Duration::minutes(5);

/// Whether a proof of both factors made at `proven_at` is still recent at `now`.
pub fn is_recent(proven_at: time::OffsetDateTime, now: time::OffsetDateTime) -> bool {
    now - proven_at <= RECENT_PROOF
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    #[test]
    fn a_proof_is_recent_for_five_minutes_and_then_no_more() {
        let at = datetime!(2026-12-03 14:00 UTC);
        assert!(is_recent(at, at + time::Duration::minutes(5)));
        assert!(!is_recent(
            at,
            at + time::Duration::minutes(5) + time::Duration::SECOND
        ));
    }

    use super::*;
    use proptest::prelude::*;

    const NAMES: [&str; 2] = ["Marie-Ève", "Gagné"];

    fn code_error(input: &str) -> Option<Problem> {
        UserCode::parse(input, &NAMES).err().map(|e| e.problem)
    }

    fn password_error(input: &str) -> Option<Problem> {
        Password::parse(input, Some("essac04"), &NAMES)
            .err()
            .map(|e| e.problem)
    }

    #[test]
    fn user_codes_follow_m8() {
        assert_eq!(
            UserCode::parse(" essac04 ", &NAMES).map(|c| c.to_string()),
            Ok("essac04".to_string())
        );
        assert_eq!(code_error("Facturation1"), None);
        assert_eq!(code_error(""), Some(Problem::Required));
        assert_eq!(code_error("abc12"), Some(Problem::TooShort { min: 6 }));
        assert_eq!(
            code_error("abcdefghijklmnopqrstu"),
            Some(Problem::TooLong { max: 20 })
        );
        assert_eq!(code_error("déclic01"), Some(Problem::UserCodeCharacters));
        assert_eq!(code_error("ess-ac04"), Some(Problem::UserCodeCharacters));
    }

    #[test]
    fn a_user_code_may_not_be_made_from_a_name() {
        assert_eq!(
            code_error("gagne01"),
            Some(Problem::MadeFromName),
            "accents folded"
        );
        assert_eq!(
            code_error("XEVE2024"),
            Some(Problem::MadeFromName),
            "a part of a compound name, any case"
        );
        assert_eq!(code_error("mariee1"), Some(Problem::MadeFromName));
        assert_eq!(
            code_error("gag123"),
            None,
            "a shorter piece of a name is allowed"
        );
    }

    #[test]
    fn passwords_follow_m8() {
        assert_eq!(password_error("Hiver2026!"), None);
        assert_eq!(
            password_error("Court1a"),
            Some(Problem::TooShort { min: 10 })
        );
        assert_eq!(
            password_error("toutenminuscule1"),
            Some(Problem::PasswordComposition)
        );
        assert_eq!(
            password_error("TOUTENMAJUSCULE1"),
            Some(Problem::PasswordComposition)
        );
        assert_eq!(
            password_error("SansChiffreDuTout"),
            Some(Problem::PasswordComposition)
        );
        assert_eq!(
            password_error("MonCodeESSAC04x"),
            Some(Problem::ContainsUserCode)
        );
        assert_eq!(
            password_error("Bonjour-Gagne9"),
            Some(Problem::ContainsName)
        );
        assert_eq!(
            password_error(&format!("Aa1{}", "x".repeat(126))),
            Some(Problem::TooLong { max: 128 })
        );
        assert_eq!(
            password_error("Éclair-râpé-noël7"),
            None,
            "accented letters count as letters"
        );
    }

    /// ASVS 2.1.7: a password that meets M8 but is common, breached or made of a word and a
    /// year is refused as easy to guess.
    #[test]
    fn a_common_or_predictable_password_is_refused() {
        for common in ["Password123", "Qwerty12345", "Bonjour2026", "Motdepasse1"] {
            assert_eq!(
                password_error(common),
                Some(Problem::PasswordGuessable),
                "{common}"
            );
        }
        assert_eq!(password_error("Hiver2026x!"), None);
    }

    #[test]
    fn a_password_is_never_printed() {
        let p = Password::parse("Hiver2026!", None, &[]).expect("valid");
        assert!(!format!("{p:?}").contains("Hiver"));
    }

    #[test]
    fn a_hash_is_argon2id_at_owasp_minimum_and_matches_only_its_password() {
        let p = Password::parse("Hiver2026!", None, &[]).expect("valid");
        let hash = p.hash().expect("hash");
        assert!(
            hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.as_str()
        );
        assert!(hash.matches(&p));
        assert!(!hash.matches(&Password::candidate("Hiver2026?").expect("candidate")));
        assert_ne!(p.hash().expect("hash"), hash, "a new salt each time");
        assert!(!PasswordHash::from_stored("not a hash".into()).matches(&p));
    }

    #[test]
    fn kept_memory_serves_hashes_of_other_sizes_and_kinds() {
        use argon2::password_hash::PasswordVerifier;
        let p = Password::parse("Hiver2026!", None, &[]).expect("valid");
        let small = Params::new(8192, 1, 1, None).expect("params");
        for (algorithm, params) in [
            (Algorithm::Argon2id, small.clone()),
            (Algorithm::Argon2i, small),
            (Algorithm::Argon2id, Params::default()),
        ] {
            let phc = Argon2::new(algorithm, Version::V0x13, params)
                .hash_password(p.0.as_bytes())
                .expect("hash")
                .to_string();
            let hash = PasswordHash::from_stored(phc.clone());
            assert!(hash.matches(&p), "{phc}");
            assert!(!hash.matches(&Password::candidate("Hiver2026?").expect("candidate")));
            assert!(
                Argon2::default()
                    .verify_password(p.0.as_bytes(), phc.as_str())
                    .is_ok()
            );
        }
    }

    #[test]
    fn officers_see_three_characters_of_a_code() {
        assert_eq!(UserCode::from_stored("essac04".into()).first_three(), "ess");
    }

    proptest! {
        #[test]
        fn a_parsed_user_code_never_contains_a_name_part(code in "[A-Za-z0-9]{6,20}", last in "[A-Za-z]{3,8}") {
            if let Ok(c) = UserCode::parse(&code, &[&last]) {
                prop_assert!(!c.key().contains(&last.to_lowercase()));
            }
        }

        #[test]
        fn password_rules_never_panic(input in "\\PC{0,40}") {
            let _ = Password::parse(&input, Some("abcdef"), &["Éric"]);
        }
    }
}
