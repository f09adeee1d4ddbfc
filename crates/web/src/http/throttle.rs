//! Failures per client address: past the limit, sign-in (both steps) and registration
//! refuse to check anything for a while (issue 4: « failures are also rate-limited per
//! client address »). Their handlers take [`Throttled`], which refuses before they run. The
//! public request form counts its filings the same way, so it cannot be used to send emails
//! to anyone at will.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use mandat_core::Lang;
use time::Duration;

use crate::http::client::ClientAddress;
use crate::http::{AppError, AppState};
use crate::i18n::Locale;
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

/// What a client's failures are counted for.
pub trait Counted {
    /// The counter's name, in [`key`].
    const WHAT: &'static str;

    /// The counter of these failures for `client`.
    fn key(client: &Option<String>) -> String {
        key(Self::WHAT, client)
    }
}

/// Sign-in: wrong passwords and wrong second-factor codes, counted together.
pub struct SignIn;

impl Counted for SignIn {
    const WHAT: &'static str = "sign-in";
}

/// Registration (M8): wrong registration codes and NAS partiels.
pub struct Registration;

impl Counted for Registration {
    const WHAT: &'static str = "registration";
}

/// A client under the limit of its failures of kind `C`, with the key to count the next one
/// under. Past the limit, the request is refused with the 429 page before its handler runs.
pub struct Throttled<C> {
    pub key: String,
    counted: PhantomData<C>,
}

impl<C: Counted> FromRequestParts<AppState> for Throttled<C> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Ok(ClientAddress(client)) = ClientAddress::from_request_parts(parts, state).await;
        let key = C::key(&client);
        let Locale(lang) = Locale::from_jar(&CookieJar::from_headers(&parts.headers));
        match check(state, &key, lang, &parts.uri).await {
            Ok(None) => Ok(Throttled {
                key,
                counted: PhantomData,
            }),
            Ok(Some(refusal)) => Err(refusal.into_response()),
            Err(e) => Err(e.into_response()),
        }
    }
}
