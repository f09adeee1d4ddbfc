//! Protection against cross-site requests: every form carries the token of the `csrf` cookie
//! (double submit), and a browser's cross-site POST is refused outright (`Sec-Fetch-Site`).
//! A handler takes its form as [`Checked<T>`], so a form cannot skip the check.

use axum::extract::{Form, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use mandat_core::secret;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use crate::i18n::Locale;
use crate::kit::frame::{Chrome, MessagePage};

pub const COOKIE: &str = "csrf";

/// This request's form token, for the page's forms.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// Gives every request a token (the cookie's, or a new one set on the page it answers) and
/// refuses a browser's cross-site POST.
pub async fn layer(secure: bool, mut request: Request, next: Next) -> Response {
    if request.method() == Method::POST
        && request
            .headers()
            .get("sec-fetch-site")
            .is_some_and(|v| v != "same-origin" && v != "none")
    {
        return refused(&request).into_response();
    }
    let jar = CookieJar::from_headers(request.headers());
    let existing = jar
        .get(COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64);
    let token = existing.clone().unwrap_or_else(secret::token);
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    // Only pages carry forms: a JSON answer to an agency's or an officer's software, or a
    // redirect, sets no cookie that nothing would send back.
    if existing.is_none() && is_page(&response) {
        let cookie = format!(
            "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{}",
            if secure { "; Secure" } else { "" }
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

fn is_page(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// A form whose token matched the cookie's.
pub struct Checked<T>(pub T);

/// A form that carries the token.
pub trait WithToken {
    fn csrf(&self) -> &str;
}

/// Implements [`WithToken`] for forms whose token is the field `csrf`.
macro_rules! with_token {
    ($($form:ty),* $(,)?) => {
        $(impl $crate::http::csrf::WithToken for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })*
    };
}
pub(crate) use with_token;

/// A form with nothing but its token: a button.
#[derive(serde::Deserialize)]
pub struct TokenOnly {
    csrf: String,
}

with_token!(TokenOnly);

impl WithToken for crate::kit::form::Pairs {
    fn csrf(&self) -> &str {
        crate::kit::form::Pairs::csrf(self)
    }
}

impl<S, T> FromRequest<S> for Checked<T>
where
    S: Send + Sync,
    T: DeserializeOwned + WithToken + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = request
            .extensions()
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let page = refused(&request);
        let Form(form) = Form::<T>::from_request(request, state)
            .await
            .map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()).into_response())?;
        if !token_matches(&expected, form.csrf()) {
            return Err(page.into_response());
        }
        Ok(Checked(form))
    }
}

/// Whether a form's token is the cookie's, compared in constant time; none expected
/// matches nothing.
pub(crate) fn token_matches(expected: &str, given: &str) -> bool {
    !expected.is_empty()
        && given.len() == expected.len()
        && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

/// The page for a refused form: most often one left open too long in another session.
pub(crate) fn refused(request: &Request) -> (StatusCode, MessagePage) {
    let lang = Locale::from_jar(&CookieJar::from_headers(request.headers())).0;
    (
        StatusCode::FORBIDDEN,
        MessagePage::new(
            lang,
            Chrome::new(lang, request.uri()),
            "csrf-title",
            "csrf-text",
        ),
    )
}
