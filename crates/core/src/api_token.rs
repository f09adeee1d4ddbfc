//! The officers' API tokens (issue 21): an officer makes one for the organization's
//! automation, with a name, a scope and a last day at most a year ahead; it is shown once and
//! kept as its digest, and it acts as the officer who made it, while they are one.

use time::{Date, Duration};

use crate::contract::iso_date;
use crate::field::{Field, FieldError, FieldErrors, Problem};

/// The longest name of a token.
pub const NAME_MAX: usize = 100;

/// The furthest a token's last day may be: a year from today.
pub const MAX_DAYS: i64 = 365;

/// What a token may do: read, or read and write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ApiScope {
    /// People and their codes, rights, procurations and the journal.
    Read,
    /// Also make and withdraw procurations and their holders.
    Write,
}

impl ApiScope {
    pub const ALL: [ApiScope; 2] = [ApiScope::Read, ApiScope::Write];

    pub fn code(self) -> &'static str {
        match self {
            ApiScope::Read => "read",
            ApiScope::Write => "write",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        ApiScope::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether a token of this scope may do what `needed` allows.
    pub fn allows(self, needed: ApiScope) -> bool {
        self >= needed
    }
}

/// A token as typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokenForm<'a> {
    pub name: &'a str,
    pub scope: &'a str,
    pub expires_on: &'a str,
}

/// A token to make: its name, scope and last day (included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenSpec {
    pub name: String,
    pub scope: ApiScope,
    pub expires_on: Date,
}

impl TokenSpec {
    /// The token the form describes on `today`, or every field's problem.
    pub fn parse(form: &TokenForm<'_>, today: Date) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let name = form.name.trim();
        let name = errors.check(match name.chars().count() {
            0 => Err(FieldError::new(Field::TokenName, Problem::Required)),
            n if n > NAME_MAX => Err(FieldError::new(
                Field::TokenName,
                Problem::TooLong { max: NAME_MAX },
            )),
            _ if name.chars().any(char::is_control) => {
                Err(FieldError::new(Field::TokenName, Problem::ControlCharacter))
            }
            _ => Ok(name.to_string()),
        });
        let scope = errors.check(
            ApiScope::from_code(form.scope)
                .ok_or_else(|| FieldError::new(Field::TokenScope, Problem::NotAChoice)),
        );
        let range = Problem::DateRange {
            days: usize::try_from(MAX_DAYS).unwrap_or_default(),
        };
        let expires_on = errors.check(iso_date(Field::TokenExpiresOn, form.expires_on).and_then(
            |d| match d > today && d <= today + Duration::days(MAX_DAYS) {
                true => Ok(d),
                false => Err(FieldError::new(Field::TokenExpiresOn, range)),
            },
        ));
        match (name, scope, expires_on) {
            (Some(name), Some(scope), Some(expires_on)) => Ok(TokenSpec {
                name,
                scope,
                expires_on,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    #[test]
    fn a_token_lives_a_year_at_most_and_writing_includes_reading() {
        let form = TokenForm {
            name: "Synchronisation RH",
            scope: "write",
            expires_on: "2027-11-23",
        };
        let spec = TokenSpec::parse(&form, TODAY).expect("valid");
        assert_eq!(spec.scope, ApiScope::Write);
        assert!(spec.scope.allows(ApiScope::Read) && !ApiScope::Read.allows(ApiScope::Write));
        for (expires_on, field) in [
            ("2027-11-24", Field::TokenExpiresOn),
            ("2026-11-23", Field::TokenExpiresOn),
        ] {
            let errors = TokenSpec::parse(&TokenForm { expires_on, ..form }, TODAY);
            assert_eq!(errors.expect_err("refused")[0].field, field, "{expires_on}");
        }
        let errors = TokenSpec::parse(&TokenForm::default(), TODAY).expect_err("refused");
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [Field::TokenName, Field::TokenScope, Field::TokenExpiresOn]
        );
    }
}
