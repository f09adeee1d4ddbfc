//! `POST /access/v1/evaluation` (AuthZEN §6): one question, one decision. The subject is a
//! person by the pairwise `sub` the client's agency received (`type` `user`); the resource
//! one of the agency's online services by its code (`type` `service`), with the
//! organization to act for in `properties.organization` (its id or NEQ); the action a task
//! of the service by its code; `context.time`, if given, the moment asked about (RFC 3339).

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mandat_app::Error;
use mandat_app::authzen::Answered;
use mandat_oidc::api_token::API_SCOPE;

use super::described::{EvaluationAnswer, ProtocolError};
use super::request::{Request, answer, read};
use crate::http::bearer::{api_client, unauthorized};
use crate::http::{AppError, AppState};

#[utoipa::path(post, path = "/access/v1/evaluation", operation_id = "evaluation", tag = "authzen",
    request_body = Request,
    security(("client_token" = [])),
    responses(
        (status = 200, body = EvaluationAnswer),
        (status = 400, body = ProtocolError),
        (status = 401, body = ProtocolError),
        (status = 404, body = ProtocolError, description = "Not one of the agency's services"),
    ))]
pub async fn evaluate(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Request>, JsonRejection>,
) -> Result<Response, AppError> {
    let Some(client) = api_client(&state, &headers, API_SCOPE).await? else {
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
        Ok(answered) => Ok(written(&answered)),
        Err(Error::NotFound) => Ok(not_found()),
        Err(e) => Err(e.into()),
    }
}

/// The answer in JSON, written once for all who ask the same again.
fn written(answered: &Answered) -> Response {
    let body = answered.written(|evaluation| {
        // Plain data: writing it cannot fail.
        serde_json::to_vec(&answer(evaluation))
            .unwrap_or_default()
            .into()
    });
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub(super) fn bad_request(problem: &str) -> Response {
    protocol_error(StatusCode::BAD_REQUEST, "invalid_request", problem)
}

/// A service that is not the client's agency's: nothing said of it.
pub(super) fn not_found() -> Response {
    protocol_error(StatusCode::NOT_FOUND, "not_found", "no such online service")
}

fn protocol_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = ProtocolError {
        error: error.into(),
        error_description: Some(description.into()),
    };
    (status, Json(body)).into_response()
}
