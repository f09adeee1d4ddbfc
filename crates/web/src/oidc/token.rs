//! The token endpoint (RFC 6749 §3.2) and userinfo (OpenID Connect Core §5.3): JSON for
//! agencies' software, never cached, errors in the protocol's words.

use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use base64::Engine;
use mandat_app::oidc::{TokenError, TokenParams};
use serde::Deserialize;
use serde_json::json;

use crate::http::bearer::bearer;
use crate::http::{AppError, AppState};

#[derive(Deserialize, Default)]
pub struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    client_assertion_type: Option<String>,
    client_assertion: Option<String>,
    scope: Option<String>,
}

pub async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return refused(TokenError {
            error: "invalid_request",
            description: "the body must be application/x-www-form-urlencoded",
        });
    };
    let params = TokenParams {
        grant_type: form.grant_type,
        code: form.code,
        redirect_uri: form.redirect_uri,
        code_verifier: form.code_verifier,
        refresh_token: form.refresh_token,
        client_assertion_type: form.client_assertion_type,
        client_assertion: form.client_assertion,
        scope: form.scope,
    };
    match state.app.token(&params, basic(&headers)).await {
        Ok(t) => {
            let mut body = json!({
                "access_token": t.access_token,
                "token_type": "Bearer",
                "expires_in": t.expires_in,
                "scope": t.scope,
            });
            // A client's own token (client credentials) comes alone: no person signed in.
            for (name, value) in [("refresh_token", t.refresh_token), ("id_token", t.id_token)] {
                if let (Some(value), Some(map)) = (value, body.as_object_mut()) {
                    map.insert(name.into(), value.into());
                }
            }
            no_store(Json(body)).into_response()
        }
        Err(e) => refused(e),
    }
}

/// The client's id and secret from HTTP Basic (RFC 6749 §2.3.1: each form-urlencoded).
fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let unescape = |s: &str| -> Option<String> {
        let pairs = serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={s}")).ok()?;
        pairs.into_iter().next().map(|(_, v)| v)
    };
    Some((unescape(id)?, unescape(secret)?))
}

/// An error of the token endpoint: 401 with a challenge for the client's credentials, 400
/// for the rest, 500 for Mandat's own failure.
fn refused(e: TokenError) -> Response {
    let status = match e.error {
        "invalid_client" => StatusCode::UNAUTHORIZED,
        "server_error" => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    };
    let body = Json(json!({"error": e.error, "error_description": e.description}));
    let mut response = (status, no_store(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"mandat\""),
        );
    }
    response
}

fn no_store<T: IntoResponse>(body: T) -> impl IntoResponse {
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        body,
    )
}

/// The claims of the bearer's sign-in, or `invalid_token` (RFC 6750 §3.1).
pub async fn userinfo(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let claims = match bearer(&headers) {
        Some(token) => state.app.userinfo(token).await?,
        None => None,
    };
    Ok(match claims {
        Some(claims) => no_store(Json(claims)).into_response(),
        None => {
            let challenge = "Bearer error=\"invalid_token\"";
            let body = Json(json!({"error": "invalid_token"}));
            let mut response = (StatusCode::UNAUTHORIZED, no_store(body)).into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
            response
        }
    })
}
