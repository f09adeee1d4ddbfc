//! The web layer: maps HTTP to the domain and back. Handlers are thin: parse, call, render.

mod assets;
mod error;
mod health;
pub mod i18n;
mod layers;
mod pages;

use axum::Router;
use axum::routing::get;
use mandat_store::Store;

pub use error::AppError;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Whether cookies carry `Secure`: true unless Mandat is served over plain HTTP (dev).
    pub secure_cookies: bool,
}

/// Every route of Mandat, with its layers.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/", get(pages::home))
        .route("/lang/{tag}", get(pages::switch_language))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/static/{name}", get(assets::serve))
        .fallback(pages::not_found)
        .with_state(state);
    layers::around(routes)
}
