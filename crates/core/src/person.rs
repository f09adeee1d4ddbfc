//! People known to the platform: the requester's identity of form 2490, section 2.
//!
//! A person is identified to central by the first six digits of their social insurance
//! number (« NAS partiel »). It is kept only as an HMAC-SHA-256 under a server key
//! ([`NasKey`]), never in clear; the digits themselves appear only where the person or a
//! central agent has just typed them.

use std::fmt;

use crate::contact::{Email, Extension, Phone};
use crate::field::{Field, FieldError, FieldErrors, Problem};
use crate::ids::{OrgId, PersonId};
use crate::text;

/// « Monsieur » or « Madame », as form 2490 offers; optional.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Title {
    Monsieur,
    Madame,
}

impl Title {
    pub const ALL: [Title; 2] = [Title::Monsieur, Title::Madame];

    pub fn code(self) -> &'static str {
        match self {
            Title::Monsieur => "monsieur",
            Title::Madame => "madame",
        }
    }

    /// Reads a code written by [`Title::code`]; empty input is no title.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, FieldError> {
        match input.trim() {
            "" => Ok(None),
            code => Title::ALL
                .into_iter()
                .find(|t| t.code() == code)
                .map(Some)
                .ok_or(FieldError::new(Field::Title, Problem::NotAChoice)),
        }
    }
}

/// The first six digits of a social insurance number. Its `Debug` hides the digits, so it
/// cannot leak into a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct NasPartial(String);

impl NasPartial {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        text::digits(Field::NasPartial, input, 6).map(NasPartial)
    }

    /// The six digits, for the one place that may show them: back to whoever just typed them.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NasPartial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NasPartial(******)")
    }
}

/// The server's key for hashing NAS partiels. Generated once per installation.
#[derive(Clone)]
pub struct NasKey([u8; 32]);

impl NasKey {
    pub const LEN: usize = 32;

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        NasKey(bytes)
    }

    /// Whether `nas` is the NAS partiel stored as `stored`, compared in constant time
    /// (M7, M8, M16: identifying a person by their NAS partiel).
    pub fn matches(&self, nas: &NasPartial, stored: &NasDigest) -> bool {
        use subtle::ConstantTimeEq;
        self.digest(nas)
            .0
            .as_bytes()
            .ct_eq(stored.0.as_bytes())
            .into()
    }

    /// The keyed hash under which a NAS partiel is stored and looked up.
    pub fn digest(&self, nas: &NasPartial) -> NasDigest {
        NasDigest(crate::secret::keyed_digest(&self.0, &nas.0))
    }
}

impl fmt::Debug for NasKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NasKey(…)")
    }
}

/// HMAC-SHA-256 of a NAS partiel under the server's [`NasKey`], in lower-case hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NasDigest(String);

impl NasDigest {
    /// Reads back a digest as stored.
    pub fn from_stored(hex: String) -> Self {
        NasDigest(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's role in an organization beyond the profiles of M1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrgRole {
    /// « Gestionnaire »: names the principal officer and approves officers' requests (M2, M5).
    Manager,
    /// « Représentant désigné »: relays a workplace's access requests (Q7).
    Representative,
}

impl OrgRole {
    pub const ALL: [OrgRole; 2] = [OrgRole::Manager, OrgRole::Representative];

    pub fn code(self) -> &'static str {
        match self {
            OrgRole::Manager => "manager",
            OrgRole::Representative => "representative",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        OrgRole::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A person as central knows them (form 2490, section 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub org_id: OrgId,
    pub title: Option<Title>,
    pub last_name: String,
    pub first_name: String,
    pub nas_digest: NasDigest,
    pub email: Email,
    pub phone: Phone,
    pub phone_extension: Option<Extension>,
    pub fax: Option<Phone>,
}

/// A person's details as typed in a form, before parsing.
#[derive(Clone, Debug, Default)]
pub struct PersonForm<'a> {
    pub title: &'a str,
    pub last_name: &'a str,
    pub first_name: &'a str,
    pub nas_partial: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub phone_extension: &'a str,
    pub fax: &'a str,
}

impl Person {
    pub const NAME_MAX: usize = 100;

    /// « Prénom Nom » as name searches compare it ([`crate::search_key`]).
    pub fn search_key(&self) -> String {
        crate::search_key(&format!("{} {}", self.first_name, self.last_name))
    }

    /// Parses every field, hashing the NAS partiel under `key`, and returns every error.
    pub fn parse(
        id: PersonId,
        org_id: OrgId,
        form: &PersonForm<'_>,
        key: &NasKey,
    ) -> Result<Self, Vec<FieldError>> {
        Self::parse_with(id, org_id, form, |errors| {
            errors
                .check(NasPartial::parse(form.nas_partial))
                .map(|nas| key.digest(&nas))
        })
    }

    /// As [`Person::parse`], for details whose NAS partiel was hashed before (an access
    /// request's); `form.nas_partial` is not read.
    pub fn parse_hashed(
        id: PersonId,
        org_id: OrgId,
        form: &PersonForm<'_>,
        nas_digest: NasDigest,
    ) -> Result<Self, Vec<FieldError>> {
        Self::parse_with(id, org_id, form, |_| Some(nas_digest))
    }

    fn parse_with(
        id: PersonId,
        org_id: OrgId,
        form: &PersonForm<'_>,
        nas: impl FnOnce(&mut FieldErrors) -> Option<NasDigest>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let title = errors.check(Title::parse_optional(form.title));
        let last_name = errors.check(text::required(
            Field::LastName,
            form.last_name,
            Self::NAME_MAX,
        ));
        let first_name = errors.check(text::required(
            Field::FirstName,
            form.first_name,
            Self::NAME_MAX,
        ));
        let nas_digest = nas(&mut errors);
        let email = errors.check(Email::parse(Field::Email, form.email));
        let phone = errors.check(Phone::parse(Field::Phone, form.phone));
        let phone_extension = errors.check(Extension::parse_optional(form.phone_extension));
        let fax = errors.check(if form.fax.trim().is_empty() {
            Ok(None)
        } else {
            Phone::parse(Field::Fax, form.fax).map(Some)
        });
        match (
            title,
            last_name,
            first_name,
            nas_digest,
            email,
            phone,
            phone_extension,
            fax,
        ) {
            (
                Some(title),
                Some(last_name),
                Some(first_name),
                Some(nas_digest),
                Some(email),
                Some(phone),
                Some(phone_extension),
                Some(fax),
            ) => Ok(Person {
                id,
                org_id,
                title,
                last_name,
                first_name,
                nas_digest,
                email,
                phone,
                phone_extension,
                fax,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(byte: u8) -> NasKey {
        NasKey::from_bytes([byte; 32])
    }

    #[test]
    fn a_nas_partial_is_six_digits_and_never_debug_printed() {
        let nas = NasPartial::parse("123 456").expect("valid");
        assert_eq!(nas.reveal(), "123456");
        assert!(!format!("{nas:?}").contains("123456"));
        assert_eq!(
            NasPartial::parse("1234567"),
            Err(FieldError::new(
                Field::NasPartial,
                Problem::Digits { count: 6 }
            ))
        );
    }

    #[test]
    fn the_digest_is_hmac_sha256_under_the_server_key() {
        // The expected value is Python's hmac.new(b"\x0b" * 32, b"123456", sha256).
        let nas = NasPartial::parse("123456").expect("valid");
        let digest = key(0x0b).digest(&nas);
        assert_eq!(
            digest.as_str(),
            "3350a3af746bdc068ad5bdaaeb2b760d3e721c026e935e478919b8b6f78ad8b3"
        );
        assert_ne!(
            digest,
            key(0x0c).digest(&nas),
            "another key, another digest"
        );
        assert_eq!(digest, key(0x0b).digest(&nas), "same key, same digest");
        assert!(!digest.as_str().contains("123456"));
    }

    #[test]
    fn a_person_parses_with_the_nas_hashed() {
        let form = PersonForm {
            title: "madame",
            last_name: "Gagné",
            first_name: "Chantal",
            nas_partial: "123456",
            email: "chantal.gagne@exemple.qc.ca",
            phone: "418 555-0101",
            phone_extension: "22",
            fax: "",
        };
        let person = Person::parse(PersonId::new(), OrgId::new(), &form, &key(1)).expect("valid");
        assert_eq!(person.title, Some(Title::Madame));
        assert_eq!(
            person.nas_digest,
            key(1).digest(&NasPartial::parse("123456").expect("valid"))
        );
        assert_eq!(person.fax, None);
    }

    #[test]
    fn every_wrong_person_field_is_reported() {
        let form = PersonForm {
            title: "docteur",
            nas_partial: "12345",
            email: "x",
            phone: "1",
            ..Default::default()
        };
        let fields: Vec<Field> = Person::parse(PersonId::new(), OrgId::new(), &form, &key(1))
            .expect_err("invalid")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::Title,
                Field::LastName,
                Field::FirstName,
                Field::NasPartial,
                Field::Email,
                Field::Phone
            ]
        );
    }

    proptest! {
        #[test]
        fn distinct_nas_partials_get_distinct_digests(a in 0u32..1_000_000, b in 0u32..1_000_000) {
            prop_assume!(a != b);
            let parse = |n: u32| NasPartial::parse(&format!("{n:06}")).map_err(|e| TestCaseError::fail(e.to_string()));
            prop_assert_ne!(key(7).digest(&parse(a)?), key(7).digest(&parse(b)?));
        }
    }
}
