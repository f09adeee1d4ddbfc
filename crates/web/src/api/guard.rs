//! The officers' API's door (issue 21): every request under [`PREFIX`] bears an officer's
//! API token, for reading (GET) or writing (anything else). Refused, it gets a problem (401
//! for no token in force, 403 for an officer no longer one); else it acts as the officer who
//! made the token, and its use is journaled with how it was answered, a read-only token's
//! attempt to write (403) included.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mandat_app::api_tokens::TokenRefusal;
use mandat_core::api_token::ApiScope;

use super::problem::{Problem, lang};
use crate::http::AppState;
use crate::http::bearer::bearer;
use crate::http::client::ClientAddress;
use crate::i18n::Tr;

/// Where the officers' API answers.
pub const PREFIX: &str = "/api/v1/";

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with(PREFIX) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let tr = Tr::new(lang(&parts.headers));
    let Ok(ClientAddress(client)) = ClientAddress::from_request_parts(&mut parts, &state).await;
    let scope = match parts.method {
        Method::GET | Method::HEAD => ApiScope::Read,
        _ => ApiScope::Write,
    };
    let token = bearer(&parts.headers).unwrap_or_default().to_string();
    let caller = match state.app.api_caller(&token, client).await {
        Ok(Ok(caller)) => caller,
        Ok(Err(refusal)) => return refused(&tr, refusal),
        Err(e) => return Problem::of(&tr, e, |_| "").into_response(),
    };
    let (method, path) = (parts.method.to_string(), parts.uri.path().to_string());
    let response = if caller.may(scope) {
        let mut request = Request::from_parts(parts, body);
        request.extensions_mut().insert(caller.clone());
        request.extensions_mut().insert(tr);
        next.run(request).await
    } else {
        Problem::new(&tr, StatusCode::FORBIDDEN, "scope").into_response()
    };
    let status = response.status().as_u16();
    if let Err(e) = state
        .app
        .record_api_use(&caller, (&method, &path), status)
        .await
    {
        tracing::error!(error = %e, "an API use could not be journaled");
    }
    response
}

fn refused(tr: &Tr, refusal: TokenRefusal) -> Response {
    let (status, key) = match refusal {
        TokenRefusal::NotInForce => (StatusCode::UNAUTHORIZED, "token"),
        TokenRefusal::NotAnOfficer => (StatusCode::FORBIDDEN, "not-officer"),
    };
    Problem::new(tr, status, key).into_response()
}
