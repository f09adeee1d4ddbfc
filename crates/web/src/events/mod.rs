//! Revocation events for agencies' software (issue 21): the transmitter's metadata in the
//! Shared Signals Framework's shape (`/.well-known/ssf-configuration`) and the poll endpoint
//! (RFC 8936). Pushing (RFC 8935) is the job worker's; the receivers are registered in the
//! agency's back-office (`agency::receivers`).

pub mod poll;

use axum::Json;
use axum::extract::State;
use mandat_oidc::events::{POLL_METHOD, PUSH_METHOD};
use mandat_oidc::metadata::JWKS;
use serde_json::json;

use crate::http::{AppState, Routes};

/// Where a client polls its agency's events.
const POLL: &str = "/events/v1/poll";

pub fn routes() -> Routes {
    Routes::new()
        .get("/.well-known/ssf-configuration", metadata)
        .post(POLL, poll::poll)
}

/// The transmitter's metadata (SSF 1.0 §7.1). Streams are not managed through an API: an
/// agency registers its receivers in its back-office, so no configuration endpoint is
/// named; `poll_endpoint` is Mandat's own member, where a poll receiver's client polls.
async fn metadata(State(state): State<AppState>) -> Json<serde_json::Value> {
    let issuer = state.app.issuer();
    Json(json!({
        "spec_version": "1_0",
        "issuer": issuer,
        "jwks_uri": format!("{issuer}{JWKS}"),
        "delivery_methods_supported": [PUSH_METHOD, POLL_METHOD],
        "authorization_schemes": [{"spec_urn": "urn:ietf:rfc:6749"}],
        "poll_endpoint": format!("{issuer}{POLL}"),
    }))
}
