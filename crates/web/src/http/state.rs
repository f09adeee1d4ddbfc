//! What every handler may use.

use mandat_core::calendar::BusinessCalendar;
use mandat_core::person::NasKey;
use mandat_core::sealed::SealKey;
use mandat_store::Store;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Whether cookies carry `Secure`: true unless Mandat is served over plain HTTP (dev).
    pub secure_cookies: bool,
    /// Hashes NAS partiels for comparison with the stored digests.
    pub nas_key: NasKey,
    /// Seals the authenticator apps' keys at rest (E2).
    pub seal_key: SealKey,
    /// Business days, for the deadlines of M7.
    pub calendar: BusinessCalendar,
    /// The address people reach Mandat at, for links in emails.
    pub public_url: String,
    /// The application layer, where every change is made: over the same store, with the
    /// same address, key and calendar.
    pub app: mandat_app::App,
}

impl AppState {
    /// The state over `store`, with the application layer built from the same parts.
    pub fn new(
        store: Store,
        secure_cookies: bool,
        (nas_key, seal_key): (NasKey, SealKey),
        calendar: BusinessCalendar,
        public_url: String,
    ) -> Self {
        let app = mandat_app::App::new(
            store.clone(),
            public_url.clone(),
            (nas_key.clone(), seal_key.clone()),
            calendar.clone(),
        );
        AppState {
            store,
            secure_cookies,
            nas_key,
            seal_key,
            calendar,
            public_url,
            app,
        }
    }
}
