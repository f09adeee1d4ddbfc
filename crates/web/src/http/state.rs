//! What every handler may use.

use axum::extract::FromRef;
use mandat_core::calendar::BusinessCalendar;
use mandat_core::person::NasKey;
use mandat_core::sealed::SealKey;
use mandat_store::Store;

use crate::http::client::Proxies;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    /// For the reads that only draw a page.
    pub store: Store,
    /// Whether cookies carry `Secure`: true unless Mandat is served over plain HTTP (dev).
    pub secure_cookies: bool,
    /// The application layer, where every change is made: over the same store, with
    /// Mandat's address, its keys and its business days.
    pub app: mandat_app::App,
    /// The proxies whose word on the client's address is believed: none unless `behind`.
    pub proxies: Proxies,
}

impl AppState {
    /// The state over `store`, with the application layer built from the same parts.
    pub fn new(
        store: Store,
        secure_cookies: bool,
        keys: (NasKey, SealKey),
        calendar: BusinessCalendar,
        public_url: String,
    ) -> Self {
        let app = mandat_app::App::new(store.clone(), public_url, keys, calendar);
        AppState {
            store,
            secure_cookies,
            app,
            proxies: Proxies::default(),
        }
    }

    /// The state of a Mandat reached through `proxies`, which say who their client is.
    pub fn behind(self, proxies: Proxies) -> Self {
        AppState { proxies, ..self }
    }
}

/// What `ClientAddress` reads of the state.
impl FromRef<AppState> for Proxies {
    fn from_ref(state: &AppState) -> Self {
        state.proxies.clone()
    }
}
