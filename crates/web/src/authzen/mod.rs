//! Mandat as a policy decision point for agencies' online services (issue 21): the OpenID
//! AuthZEN Authorization API 1.0 over HTTPS: its metadata (`/.well-known/authzen-configuration`)
//! and the access evaluation endpoint. Clients authenticate with the token the client
//! credentials grant gives them at the token endpoint (scope `authzen`). What is asked is read
//! here; the answer is the application layer's.

pub mod described;
pub mod evaluation;
pub mod evaluations;
pub mod request;
pub mod search;

use axum::Json;
use axum::extract::State;
use mandat_oidc::api_token::API_PATH;
use serde_json::json;

use crate::http::{AppState, Routes};

/// The access evaluation endpoints: one question, several.
const EVALUATION: &str = "/access/v1/evaluation";
const EVALUATIONS: &str = "/access/v1/evaluations";
/// The search endpoints: resources, actions, subjects.
const SEARCH: [&str; 3] = [
    "/access/v1/search/resource",
    "/access/v1/search/action",
    "/access/v1/search/subject",
];

pub fn routes() -> Routes {
    Routes::new()
        .get("/.well-known/authzen-configuration", metadata)
        .post(EVALUATION, evaluation::evaluate)
        .post(EVALUATIONS, evaluations::evaluate_all)
        .post(SEARCH[0], search::resources)
        .post(SEARCH[1], search::actions)
        .post(SEARCH[2], search::subjects)
}

/// The policy decision point's metadata (AuthZEN §9): its identifier, which is Mandat's
/// address, and the endpoints it answers.
async fn metadata(State(state): State<AppState>) -> Json<serde_json::Value> {
    let issuer = state.app.issuer();
    debug_assert!(EVALUATION.starts_with(API_PATH));
    Json(json!({
        "policy_decision_point": issuer,
        "access_evaluation_endpoint": format!("{issuer}{EVALUATION}"),
        "access_evaluations_endpoint": format!("{issuer}{EVALUATIONS}"),
        "search_resource_endpoint": format!("{issuer}{}", SEARCH[0]),
        "search_action_endpoint": format!("{issuer}{}", SEARCH[1]),
        "search_subject_endpoint": format!("{issuer}{}", SEARCH[2]),
    }))
}
