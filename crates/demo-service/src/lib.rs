//! The demonstration's agency online service (issue 20): the MESS's « Services en ligne des
//! intervenants externes » as a small web application that signs people in through Mandat.
//!
//! It is an ordinary OpenID Connect client, as an agency's own software would be: it knows
//! Mandat only by its issuer address (discovery, JWKS, authorization, token and end-session
//! endpoints, over HTTP through `openidconnect`) and by the documented `mandat` claim
//! (docs/OIDC.md); it shares no code or database with Mandat. `mandat serve --demo` runs it
//! beside Mandat, registered as a client of the demonstration's MESS.

mod claims;
mod pages;
mod provider;
mod sessions;
mod signing;
mod text;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};

pub use claims::MandatClaim;

/// The name of one of the service's tasks, as the agency's software knows its own tasks.
#[derive(Clone, Debug)]
pub struct TaskName {
    pub code: String,
    pub fr: String,
    pub en: String,
}

/// What the service needs to know: where Mandat is, where it is itself, its credentials.
#[derive(Clone)]
pub struct Settings {
    /// Mandat's address, the issuer of the tokens.
    pub issuer: String,
    /// The service's own address, without a trailing slash.
    pub base: String,
    pub client_id: String,
    pub client_secret: String,
    /// The agency's name and the service's, in French and English.
    pub agency: (String, String),
    pub name: (String, String),
    pub tasks: Vec<TaskName>,
    /// The moment ID tokens are checked at: the machine's, or a demonstration's run ahead.
    pub now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
}

/// Where Mandat sends the person back after sign-in, for the service at `base`: registered
/// exactly.
pub fn redirect_uri(base: &str) -> String {
    format!("{base}/retour")
}

/// Where Mandat sends the person back after signing out: registered exactly.
pub fn after_logout_uri(base: &str) -> String {
    format!("{base}/au-revoir")
}

impl Settings {
    pub fn redirect_uri(&self) -> String {
        redirect_uri(&self.base)
    }

    pub fn after_logout_uri(&self) -> String {
        after_logout_uri(&self.base)
    }
}

/// The service's pages.
pub fn router(settings: Settings) -> Router {
    let state = Arc::new(pages::Service::new(settings));
    Router::new()
        .route("/", get(pages::home))
        .route("/connexion", get(pages::sign_in))
        .route("/retour", get(pages::back))
        .route("/deconnexion", post(pages::sign_out))
        .route("/au-revoir", get(pages::signed_out))
        .route("/style.css", get(pages::style))
        .with_state(state)
}
