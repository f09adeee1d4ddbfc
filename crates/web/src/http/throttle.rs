//! Failures per client address: past the limit, sign-in and registration refuse to check
//! anything for a while (issue 4: « failures are also rate-limited per client address »).
//! The public request form counts its filings the same way, so it cannot be used to send
//! emails to anyone at will.

use axum::http::{StatusCode, Uri};
use mandat_core::Lang;
use time::Duration;

use crate::http::{AppError, AppState};
use crate::kit::frame::{Chrome, MessagePage};

/// How many failures an address may have over [`SPAN`].
pub const LIMIT: i64 = 10;
pub const SPAN: Duration = Duration::minutes(15);

/// The counter of `what` (`sign-in`, `registration`) for a client.
pub fn key(what: &str, client: &Option<String>) -> String {
    format!("{what}:{}", client.as_deref().unwrap_or("unknown"))
}

/// The refusal page when the client is past the limit, or `None`.
pub async fn check(
    state: &AppState,
    key: &str,
    lang: Lang,
    uri: &Uri,
) -> Result<Option<(StatusCode, MessagePage)>, AppError> {
    check_saying(state, key, lang, uri, "too-many-text").await
}

/// As [`check`], the refusal saying the message `text`.
pub async fn check_saying(
    state: &AppState,
    key: &str,
    lang: Lang,
    uri: &Uri,
    text: &str,
) -> Result<Option<(StatusCode, MessagePage)>, AppError> {
    if state.store.failures(key, SPAN).await? < LIMIT {
        return Ok(None);
    }
    tracing::warn!(key, "over the limit; refused");
    let page = MessagePage::new(lang, Chrome::new(lang, uri), "too-many-title", text);
    Ok(Some((StatusCode::TOO_MANY_REQUESTS, page)))
}
