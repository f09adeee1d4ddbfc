//! What every change needs, in one value that each door holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use mandat_core::calendar::BusinessCalendar;
use mandat_core::person::NasKey;
use mandat_core::quebec_time;
use mandat_core::sealed::SealKey;
use mandat_oidc::SigningKey;
use mandat_store::Store;

use crate::authzen::{DEFAULT_SAMPLE, Kept, Tally};
use time::Date;

/// What the changes need: the store, Mandat's address for the links in its emails, the keys
/// NAS partiels are checked with and authenticator keys sealed with, and the business days
/// of M7 and M16's deadlines. Shared: a clone (one or more per request) is one counter.
#[derive(Clone)]
pub struct App(Arc<Parts>);

/// What an [`App`] holds; its fields read through the `App` itself.
pub struct Parts {
    pub(crate) store: Store,
    public_url: String,
    pub(crate) nas_key: NasKey,
    /// Seals the authenticator apps' keys at rest (E2).
    pub(crate) seal_key: SealKey,
    pub(crate) calendar: BusinessCalendar,
    /// The provider's signing keys opened so far, by id (issue 20). A key never changes
    /// under its id, so this only spares opening it again (unsealing it and computing its
    /// public point) at each token; which keys exist is read from the store each time.
    pub(crate) opened_keys: Arc<Mutex<HashMap<String, SigningKey>>>,
    /// The authorization API's evaluations noted since the last flush (issue 21).
    pub(crate) tally: Arc<Tally>,
    /// The authorization API's answers and API tokens' clients, kept until a change.
    pub(crate) kept: Kept,
}

impl std::ops::Deref for App {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}

impl App {
    pub fn new(
        store: Store,
        public_url: impl Into<String>,
        (nas_key, seal_key): (NasKey, SealKey),
        calendar: BusinessCalendar,
    ) -> Self {
        App(Arc::new(Parts {
            store,
            public_url: public_url.into(),
            nas_key,
            seal_key,
            calendar,
            opened_keys: Arc::default(),
            tally: Arc::new(Tally::new(DEFAULT_SAMPLE)),
            kept: Kept::default(),
        }))
    }

    /// The same layer, journaling one allowed evaluation in `every` (none for 0): to call
    /// before the layer is cloned, since the tally is shared by its clones.
    pub fn with_evaluation_sample(self, every: u32) -> Self {
        App(Arc::new(Parts {
            store: self.store.clone(),
            public_url: self.public_url.clone(),
            nas_key: self.nas_key.clone(),
            seal_key: self.seal_key.clone(),
            calendar: self.calendar.clone(),
            opened_keys: self.opened_keys.clone(),
            tally: Arc::new(Tally::new(every)),
            kept: Kept::default(),
        }))
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The business days, for the deadlines the pages show (M7, M16).
    pub fn calendar(&self) -> &BusinessCalendar {
        &self.calendar
    }

    /// Today in Quebec, by the store's clock.
    pub fn today(&self) -> Date {
        quebec_time::date_at(self.store.now())
    }

    /// Mandat's address, which is the OpenID Connect issuer's identifier (issue 20).
    pub fn issuer(&self) -> &str {
        &self.public_url
    }

    /// A page of Mandat, as a full address for an email.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}
