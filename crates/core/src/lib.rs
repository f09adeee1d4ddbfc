//! The domain of Mandat: types that parse, and the rules of `DOMAIN.md`, with no I/O.
//!
//! A value of a type here is valid by construction: its constructor is the only way in, and
//! it names the field and the problem when the input is wrong ([`FieldError`]).

pub mod account;
pub mod agency;
pub mod api_token;
pub mod audit;
pub mod calendar;
pub mod clock;
pub mod contact;
pub mod contract;
pub mod credentials;
pub mod dates;
pub mod decision;
pub mod enrollment;
pub mod enrollment_form;
pub mod enrollment_request;
pub mod external;
pub mod field;
pub mod ids;
pub mod mail;
pub mod organization;
pub mod person;
pub mod procuration;
pub mod profile;
pub mod quebec_time;
pub mod request;
pub mod revocation;
pub mod sealed;
pub mod secret;
mod text;
pub mod totp;
pub mod validity;

pub use clock::{AheadClock, Clock, FixedClock, SystemClock};
pub use field::{Field, FieldError, FieldErrors, Problem};
pub use text::search_key;

/// The two languages of the interface; French is the default (ARCHITECTURE.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The BCP 47 tag, as in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Self> {
        Lang::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The other language, for the switch.
    pub fn other(self) -> Self {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }
}
