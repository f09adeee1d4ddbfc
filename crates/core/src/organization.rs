//! Organizations: the businesses and bodies that get access (DOMAIN.md, Actors), identified
//! by their NEQ and, for a training establishment, by their education-ministry number.

use std::fmt;

use crate::contact::{Extension, Phone};
use crate::field::{Field, FieldError, FieldErrors, Problem};
use crate::ids::OrgId;
use crate::text;

/// « Numéro d'entreprise du Québec »: exactly 10 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Neq(String);

impl Neq {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        text::digits(Field::Neq, input, 10).map(Neq)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Neq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The education ministry's number of a training establishment (form 2490, section 1):
/// the ministry's 6-digit organization code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EducationNumber(String);

impl EducationNumber {
    /// Empty input means the organization is not a training establishment.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, FieldError> {
        if input.trim().is_empty() {
            return Ok(None);
        }
        text::digits(Field::EducationNumber, input, 6).map(|d| Some(EducationNumber(d)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Canadian postal code, shown as `G1R 4Z1`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PostalCode(String);

impl PostalCode {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        if compact.is_empty() {
            return Err(FieldError::new(Field::PostalCode, Problem::Required));
        }
        let b = compact.as_bytes();
        // Canada Post never uses D, F, I, O, Q, U, nor W and Z in first place.
        let letter = |c: u8| c.is_ascii_uppercase() && !b"DFIOQU".contains(&c);
        let valid = b.len() == 6
            && letter(b[0])
            && !b"WZ".contains(&b[0])
            && b[1].is_ascii_digit()
            && letter(b[2])
            && b[3].is_ascii_digit()
            && letter(b[4])
            && b[5].is_ascii_digit();
        if !valid {
            return Err(FieldError::new(Field::PostalCode, Problem::PostalCode));
        }
        Ok(PostalCode(format!("{} {}", &compact[..3], &compact[3..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An organization as section 1 of form 2490 describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organization {
    pub id: OrgId,
    /// « Nom ou raison sociale ».
    pub name: String,
    pub address: String,
    pub city: String,
    pub postal_code: PostalCode,
    pub phone: Phone,
    pub phone_extension: Option<Extension>,
    pub neq: Neq,
    pub education_number: Option<EducationNumber>,
}

/// An organization's details as typed in a form, before parsing.
#[derive(Clone, Debug, Default)]
pub struct OrganizationForm<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub city: &'a str,
    pub postal_code: &'a str,
    pub phone: &'a str,
    pub phone_extension: &'a str,
    pub neq: &'a str,
    pub education_number: &'a str,
}

impl Organization {
    pub const NAME_MAX: usize = 200;
    pub const ADDRESS_MAX: usize = 200;
    pub const CITY_MAX: usize = 100;

    /// Parses every field and returns every error, so a form can show them all at once.
    pub fn parse(id: OrgId, form: &OrganizationForm<'_>) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let name = errors.check(text::required(
            Field::OrganizationName,
            form.name,
            Self::NAME_MAX,
        ));
        let address = errors.check(text::required(
            Field::Address,
            form.address,
            Self::ADDRESS_MAX,
        ));
        let city = errors.check(text::required(Field::City, form.city, Self::CITY_MAX));
        let postal_code = errors.check(PostalCode::parse(form.postal_code));
        let phone = errors.check(Phone::parse(Field::Phone, form.phone));
        let phone_extension = errors.check(Extension::parse_optional(form.phone_extension));
        let neq = errors.check(Neq::parse(form.neq));
        let education_number = errors.check(EducationNumber::parse_optional(form.education_number));
        match (
            name,
            address,
            city,
            postal_code,
            phone,
            phone_extension,
            neq,
            education_number,
        ) {
            (
                Some(name),
                Some(address),
                Some(city),
                Some(postal_code),
                Some(phone),
                Some(phone_extension),
                Some(neq),
                Some(education_number),
            ) => Ok(Organization {
                id,
                name,
                address,
                city,
                postal_code,
                phone,
                phone_extension,
                neq,
                education_number,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form() -> OrganizationForm<'static> {
        OrganizationForm {
            name: "Centre de formation Laurentides",
            address: "425, rue Saint-Amable",
            city: "Québec",
            postal_code: "g1r4z1",
            phone: "418 646-7081",
            phone_extension: "",
            neq: "1145678901",
            education_number: "751000",
        }
    }

    #[test]
    fn a_complete_organization_parses_and_normalizes() {
        let org = Organization::parse(OrgId::new(), &form()).expect("valid");
        assert_eq!(org.postal_code.as_str(), "G1R 4Z1");
        assert_eq!(org.neq.as_str(), "1145678901");
        assert_eq!(
            org.education_number.as_ref().map(|n| n.as_str()),
            Some("751000")
        );
    }

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let bad = OrganizationForm {
            name: " ",
            postal_code: "G1R 4Z",
            neq: "12345",
            ..form()
        };
        let errors = Organization::parse(OrgId::new(), &bad).expect_err("invalid");
        assert_eq!(
            errors,
            vec![
                FieldError::new(Field::OrganizationName, Problem::Required),
                FieldError::new(Field::PostalCode, Problem::PostalCode),
                FieldError::new(Field::Neq, Problem::Digits { count: 10 }),
            ]
        );
    }

    #[test]
    fn postal_codes_follow_canada_posts_letters() {
        for ok in ["H2X 1Y4", "h2x1y4", "J8Y-6T5"] {
            assert!(PostalCode::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "D2X 1Y4", "W2X 1Y4", "H2O 1Y4", "H2X 1Y", "22X 1Y4", "H2X 1Y44",
        ] {
            assert_eq!(
                PostalCode::parse(bad),
                Err(FieldError::new(Field::PostalCode, Problem::PostalCode)),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_education_number_is_optional_but_six_digits_when_given() {
        assert_eq!(EducationNumber::parse_optional("  "), Ok(None));
        assert_eq!(
            EducationNumber::parse_optional("75100"),
            Err(FieldError::new(
                Field::EducationNumber,
                Problem::Digits { count: 6 }
            ))
        );
    }

    proptest! {
        #[test]
        fn a_neq_is_exactly_ten_digits(input in "[0-9 -]{0,14}") {
            let digits: String = input.chars().filter(char::is_ascii_digit).collect();
            prop_assert_eq!(Neq::parse(&input).is_ok(), digits.len() == 10);
        }

        #[test]
        fn postal_code_parsing_is_idempotent(input in "[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]") {
            if let Ok(code) = PostalCode::parse(&input) {
                prop_assert_eq!(PostalCode::parse(code.as_str()), Ok(code.clone()));
            }
        }
    }
}
