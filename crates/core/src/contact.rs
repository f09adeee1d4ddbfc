//! Ways to reach a person or an organization: email, phone with extension.

use std::fmt;

use crate::field::{Field, FieldError, Problem};

/// An email address. The domain is lower-cased; the local part is kept as typed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(field: Field, input: &str) -> Result<Self, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(FieldError::new(field, Problem::Required));
        }
        let invalid = FieldError::new(field, Problem::Email);
        if trimmed.len() > Self::MAX {
            return Err(FieldError::new(field, Problem::TooLong { max: Self::MAX }));
        }
        let parsed = email_address::EmailAddress::parse_with_options(
            trimmed,
            email_address::Options::default()
                .without_display_text()
                .without_domain_literal(),
        )
        .map_err(|_| invalid)?;
        // An address we can deliver to has a dotted domain (not `localhost`).
        if !parsed.domain().contains('.') {
            return Err(invalid);
        }
        Ok(Email(format!(
            "{}@{}",
            parsed.local_part(),
            parsed.domain().to_lowercase()
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A North American phone number of 10 digits, shown as `418 646-7081`
/// (the form used throughout the seeds).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Accepts the usual ways of writing a number: `418 646-7081`, `(418) 646-7081`,
    /// `418.646.7081`, `+1 418 646 7081`, `1-418-646-7081`.
    pub fn parse(field: Field, input: &str) -> Result<Self, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(FieldError::new(field, Problem::Required));
        }
        let invalid = FieldError::new(field, Problem::Phone);
        if !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || " ()-.+".contains(c))
        {
            return Err(invalid);
        }
        let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 11 && digits.starts_with('1') {
            digits.remove(0);
        }
        // NANP: area code and exchange start with 2 to 9.
        let b = digits.as_bytes();
        if digits.len() != 10 || b[0] < b'2' || b[3] < b'2' {
            return Err(invalid);
        }
        Ok(Phone(format!(
            "{} {}-{}",
            &digits[0..3],
            &digits[3..6],
            &digits[6..]
        )))
    }

    /// Reads back a number written by [`Phone::parse`].
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone extension (« Poste »): 1 to 6 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Extension(String);

impl Extension {
    /// Empty input is no extension.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, FieldError> {
        Self::parse_optional_as(Field::PhoneExtension, input)
    }

    /// As [`Extension::parse_optional`], for the extension of another phone than the first.
    pub fn parse_optional_as(field: Field, input: &str) -> Result<Option<Self>, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        if trimmed.len() > 6 || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(field, Problem::Extension));
        }
        Ok(Some(Extension(trimmed.to_string())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn phone_numbers_in_common_notations_normalize_alike() {
        for input in [
            "418 646-7081",
            "(418) 646-7081",
            "418.646.7081",
            "+1 418 646 7081",
            "1-418-646-7081",
            "4186467081",
        ] {
            assert_eq!(
                Phone::parse(Field::Phone, input).map(|p| p.to_string()),
                Ok("418 646-7081".to_string()),
                "{input}"
            );
        }
    }

    #[test]
    fn wrong_phone_numbers_are_refused() {
        let invalid = Err(FieldError::new(Field::Fax, Problem::Phone));
        for input in [
            "418 646-708",
            "118 646-7081",
            "418 146-7081",
            "418-646-7081 x12",
            "4186467081a",
        ] {
            assert_eq!(Phone::parse(Field::Fax, input), invalid, "{input}");
        }
        assert_eq!(
            Phone::parse(Field::Fax, " "),
            Err(FieldError::new(Field::Fax, Problem::Required))
        );
    }

    #[test]
    fn extensions_are_up_to_six_digits() {
        assert_eq!(Extension::parse_optional(""), Ok(None));
        assert_eq!(
            Extension::parse_optional(" 1234 ").map(|e| e.map(|e| e.as_str().to_string())),
            Ok(Some("1234".to_string()))
        );
        let invalid = Err(FieldError::new(Field::PhoneExtension, Problem::Extension));
        assert_eq!(Extension::parse_optional("1234567"), invalid);
        assert_eq!(Extension::parse_optional("12a"), invalid);
    }

    #[test]
    fn emails_keep_the_local_part_and_lower_the_domain() {
        assert_eq!(
            Email::parse(Field::Email, " Chantal.Gagne@Exemple.QC.ca ").map(|e| e.to_string()),
            Ok("Chantal.Gagne@exemple.qc.ca".to_string())
        );
    }

    #[test]
    fn wrong_emails_are_refused() {
        let invalid = Err(FieldError::new(Field::Email, Problem::Email));
        for input in [
            "chantal",
            "chantal@",
            "@exemple.ca",
            "chantal@localhost",
            "a b@exemple.ca",
            "Chantal <c@exemple.ca>",
        ] {
            assert_eq!(Email::parse(Field::Email, input), invalid, "{input}");
        }
    }

    proptest! {
        #[test]
        fn any_ten_digit_nanp_number_parses_and_reparses_to_itself(
            area in 200u32..1000, exchange in 200u32..1000, line in 0u32..10000
        ) {
            let input = format!("{area}{exchange}{line:04}");
            let phone = Phone::parse(Field::Phone, &input).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(Phone::parse(Field::Phone, phone.as_str()), Ok(phone.clone()));
        }

        #[test]
        fn phone_parsing_never_panics(input in "\\PC{0,30}") {
            let _ = Phone::parse(Field::Phone, &input);
        }
    }
}
