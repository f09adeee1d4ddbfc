//! The demonstration's agency online service (issue 20): the MESS's « Services en ligne des
//! intervenants externes » as a small web application that signs people in through Mandat.
//!
//! It is an ordinary OpenID Connect client, as an agency's own software would be: it knows
//! Mandat only by its issuer address (discovery, JWKS, authorization, token and end-session
//! endpoints, over HTTP through `openidconnect`) and by the documented `mandat` claim
//! (docs/OIDC.md); it shares no code or database with Mandat. `mandat serve --demo` runs it
//! beside Mandat, registered as a client of the demonstration's MESS, with a receiver of its
//! revocation events (issue 21) at `/evenements`.

mod asking;
mod claims;
mod events;
mod inbox;
mod kept;
mod pages;
mod provider;
mod sessions;
mod settings;
mod signing;
mod text;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
pub use claims::MandatClaim;
pub use settings::{Settings, TaskName, after_logout_uri, events_uri, redirect_uri};

/// The service's pages.
pub fn router(settings: Settings) -> Router {
    let state = Arc::new(pages::Service::new(settings));
    Router::new()
        .route("/", get(pages::home))
        .route("/connexion", get(pages::sign_in))
        .route("/retour", get(pages::back))
        .route("/deconnexion", post(pages::sign_out))
        .route("/au-revoir", get(pages::signed_out))
        .route("/evenements", post(events::receive))
        .route("/style.css", get(pages::style))
        .with_state(state)
}
