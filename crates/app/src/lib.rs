//! The application layer: every change Mandat makes, one function each, whichever door it
//! comes through (a page, an API, the command line, a daily job). Each takes the acting
//! person, checks the rules (in `mandat-core`) and who may act (on the server, scoped to the
//! person's organization), writes in one transaction with its audit entry and its outbox
//! rows, and returns the outcome, or the refusal with its reasons ([`Error::Refused`]).
//! A door parses its input, calls one function, and shows the result; it never writes.
//!
//! Reads that only draw a page may still query the store directly.

pub mod account;
pub mod acting;
pub mod agencies;
pub mod agency;
pub mod catalog;
pub mod codes;
pub mod daily;
pub mod enrollment;
pub mod hashing;
pub mod names;
pub mod notices;
pub mod procurations;
pub mod requests;
pub mod security;
pub mod staff;

mod error;

use mandat_core::calendar::BusinessCalendar;
use mandat_core::person::NasKey;
use mandat_core::quebec_time;
use mandat_store::Store;
use time::Date;

pub use acting::{Central, Officer};
pub use error::{Error, Reason, Refusal};

/// What the changes need: the store, Mandat's address for the links in its emails, the key
/// NAS partiels are checked with, and the business days of M7 and M16's deadlines.
#[derive(Clone)]
pub struct App {
    store: Store,
    public_url: String,
    nas_key: NasKey,
    calendar: BusinessCalendar,
}

impl App {
    pub fn new(
        store: Store,
        public_url: impl Into<String>,
        nas_key: NasKey,
        calendar: BusinessCalendar,
    ) -> Self {
        App {
            store,
            public_url: public_url.into(),
            nas_key,
            calendar,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Today in Quebec, by the store's clock.
    pub fn today(&self) -> Date {
        quebec_time::date_at(self.store.now())
    }

    /// A page of Mandat, as a full address for an email.
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}
