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
}

impl AppState {
    /// The application layer, where every change is made.
    pub fn app(&self) -> mandat_app::App {
        mandat_app::App::new(self.store.clone(), self.public_url.clone())
    }
}
