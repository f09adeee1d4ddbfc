//! Errors of the officers' API as RFC 9457 problem details, in the caller's language
//! (`Accept-Language`, French unless English comes first): what went wrong and, for refused
//! input, each field with its message, as the pages say it. Never an internal detail: those
//! go to the log with the request id.

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mandat_app::{Error, Refusal};
use mandat_core::Lang;
use serde::Serialize;

use crate::i18n::Tr;

/// The language of the caller's `Accept-Language`: the first of French or English it names.
pub fn lang(headers: &HeaderMap) -> Lang {
    let accepted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let first = accepted
        .split(',')
        .map(|tag| {
            tag.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .find(|tag| tag.starts_with("fr") || tag.starts_with("en"));
    match first {
        Some(tag) if tag.starts_with("en") => Lang::En,
        _ => Lang::Fr,
    }
}

/// One field refused, and why.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    /// The field of the request's body, as the API names it.
    pub field: String,
    pub message: String,
}

/// A problem (RFC 9457).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    #[serde(skip)]
    lang: Lang,
}

impl Problem {
    /// A problem of `status`, titled and explained by the messages `key`-title and `key`.
    pub fn new(tr: &Tr, status: StatusCode, key: &str) -> Self {
        Problem {
            kind: "about:blank".into(),
            title: tr.t(&format!("api-problem-{key}-title")),
            status: status.as_u16(),
            detail: tr.t(&format!("api-problem-{key}")),
            errors: Vec::new(),
            lang: tr.lang,
        }
    }

    /// What the application layer refused or failed, as the caller reads it.
    pub fn of(tr: &Tr, e: Error, field_name: fn(mandat_core::Field) -> &'static str) -> Self {
        match e {
            Error::NotFound => Problem::new(tr, StatusCode::NOT_FOUND, "not-found"),
            Error::Refused(Refusal::Fields(errors)) => {
                let mut p = Problem::new(tr, StatusCode::UNPROCESSABLE_ENTITY, "fields");
                p.errors = errors
                    .iter()
                    .map(|e| FieldProblem {
                        field: field_name(e.field).to_string(),
                        message: tr.field_error(e),
                    })
                    .collect();
                p
            }
            Error::Refused(Refusal::BeyondCodes(names)) => {
                let mut p = Problem::new(tr, StatusCode::UNPROCESSABLE_ENTITY, "refused");
                p.detail = tr.t_args("assign-beyond", &[("name", names.join(", ").into())]);
                p
            }
            Error::Refused(other) => {
                tracing::warn!(refusal = %other, "an API refusal without its own message");
                Problem::new(tr, StatusCode::UNPROCESSABLE_ENTITY, "refused")
            }
            e => {
                tracing::error!(error = %e, "internal error in the API");
                Problem::new(tr, StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let language = match self.lang {
            Lang::Fr => "fr",
            Lang::En => "en",
        };
        let mut response = (status, Json(&self)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(language));
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        response
    }
}
