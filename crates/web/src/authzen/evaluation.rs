//! `POST /access/v1/evaluation` (AuthZEN §6): one question, one decision. The subject is a
//! person by the pairwise `sub` the client's agency received (`type` `user`); the resource
//! one of the agency's online services by its code (`type` `service`), with the
//! organization to act for in `properties.organization` (its id or NEQ); the action a task
//! of the service by its code; `context.time`, if given, the moment asked about (RFC 3339).

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mandat_app::Error;
use serde_json::json;

use super::request::{Request, answer, read};
use crate::http::{AppError, AppState};

pub async fn evaluate(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Request>, JsonRejection>,
) -> Result<Response, AppError> {
    let Some(client) = authenticated(&state, &headers).await? else {
        return Ok(unauthorized());
    };
    let request = match body {
        Ok(Json(request)) => request,
        Err(e) => return Ok(bad_request(&e.body_text())),
    };
    let ask = match read(&request) {
        Ok(ask) => ask,
        Err(problem) => return Ok(bad_request(&problem)),
    };
    match state.app.evaluate(&client, &ask).await {
        Ok(evaluation) => Ok(Json(answer(&evaluation)).into_response()),
        Err(Error::NotFound) => Ok(not_found()),
        Err(e) => Err(e.into()),
    }
}

/// The enabled client whose API token the request bears.
pub(super) async fn authenticated(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<mandat_store::ClientRecord>, AppError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(token) = bearer else {
        return Ok(None);
    };
    let Some(client) = state.app.api_token_client(token.trim()).await? else {
        return Ok(None);
    };
    Ok(state.app.api_client(client).await?)
}

pub(super) fn bad_request(problem: &str) -> Response {
    let body = json!({"error": "invalid_request", "error_description": problem});
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// A service that is not the client's agency's: nothing said of it.
pub(super) fn not_found() -> Response {
    let body = json!({"error": "not_found", "error_description": "no such online service"});
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

/// RFC 6750 §3.1: no token, or not an API token of an enabled client.
pub(super) fn unauthorized() -> Response {
    let body = json!({"error": "invalid_token"});
    let mut response = (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    );
    response
}
