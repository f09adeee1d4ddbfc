//! The agencies' APIs' authentication (issue 21): a client presents the token the client
//! credentials grant gave it (RFC 6750), for the API's scope, and must still be enabled.

use std::sync::Arc;

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mandat_store::ClientRecord;
use serde_json::json;

use crate::http::{AppError, AppState};

/// The enabled client whose API token for `scope` the request bears.
pub async fn api_client(
    state: &AppState,
    headers: &HeaderMap,
    scope: &str,
) -> Result<Option<Arc<ClientRecord>>, AppError> {
    let Some(token) = bearer(headers) else {
        return Ok(None);
    };
    Ok(state.app.api_token_client(token, scope).await?)
}

/// The bearer token of the `Authorization` header (RFC 6750 §2.1), if there is one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// RFC 6750 §3.1: no token, or not an API token of an enabled client for this API.
pub fn unauthorized() -> Response {
    let body = json!({"error": "invalid_token"});
    let mut response = (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    );
    response
}
