//! `POST /events/v1/poll` (RFC 8936 §2.4): a client with the `events` scope acknowledges the
//! events it received, names those it could not take, and gets the next ones. Errors are
//! RFC 8935 §2.3's `err` and `description`.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use mandat_app::Error;
use mandat_app::events::PollAsk;
use mandat_oidc::api_token::EVENTS_SCOPE;
use serde::Deserialize;

use crate::http::bearer::{api_client, unauthorized};
use crate::http::{AppError, AppState};

/// Why the receiver could not take a SET (RFC 8935 §2.3's codes).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetError {
    err: String,
    #[serde(default)]
    description: String,
}

/// A poll (RFC 8936 §2.4): what was received (`ack`) or refused (`setErrs`), and how many
/// more to send.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PollRequest {
    max_events: Option<usize>,
    #[serde(default)]
    return_immediately: bool,
    #[serde(default)]
    ack: Vec<String>,
    #[serde(default)]
    set_errs: BTreeMap<String, SetError>,
}

/// The SETs pending, by jti (RFC 8936 §2.5).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PollAnswer {
    pub sets: std::collections::BTreeMap<String, String>,
    pub more_available: bool,
}

/// An error of the poll (RFC 8935 §2.3's shape).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PollError {
    pub err: String,
    pub description: String,
}

#[utoipa::path(post, path = "/events/v1/poll", operation_id = "events_poll", tag = "events",
    request_body = PollRequest,
    security(("client_token" = [])),
    responses(
        (status = 200, body = PollAnswer),
        (status = 400, body = PollError),
        (status = 401, description = "No API token for the `events` scope"),
        (status = 404, body = PollError, description = "No poll receiver for this client"),
    ))]
pub async fn poll(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<PollRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    let Some(client) = api_client(&state, &headers, EVENTS_SCOPE).await? else {
        return Ok(unauthorized());
    };
    let request = match body {
        Ok(Json(request)) => request,
        Err(e) => {
            return Ok(said(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &e.body_text(),
            ));
        }
    };
    let ask = PollAsk {
        max_events: request.max_events,
        return_immediately: request.return_immediately,
        ack: request.ack,
        errors: request
            .set_errs
            .into_iter()
            .map(|(jti, e)| (jti, format!("{}: {}", e.err, e.description)))
            .collect(),
    };
    match state.app.poll_events(client.id, &ask).await {
        Ok(polled) => Ok(Json(PollAnswer {
            sets: polled.sets.into_iter().collect(),
            more_available: polled.more,
        })
        .into_response()),
        Err(Error::NotFound) => Ok(said(
            StatusCode::NOT_FOUND,
            "not_found",
            "no poll receiver is registered for this client: the agency registers one in its \
             back-office",
        )),
        Err(e) => Err(e.into()),
    }
}

fn said(status: StatusCode, err: &str, description: &str) -> Response {
    let error = PollError {
        err: err.into(),
        description: description.into(),
    };
    (status, Json(error)).into_response()
}
