//! The shell's pages: home and the language switch.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use mandat_core::Lang;
use serde::Deserialize;
use url::Url;

use crate::http::{AppState, Routes};
use crate::i18n::{LANG_COOKIE, Locale, Tr};
use crate::kit::frame::{Chrome, not_found};

pub fn routes() -> Routes {
    Routes::new()
        .get("/", home)
        .get("/lang/{tag}", switch_language)
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct Home {
    tr: Tr,
    chrome: Chrome,
}

pub async fn home(Locale(lang): Locale, uri: Uri) -> Home {
    Home {
        tr: Tr::new(lang),
        chrome: Chrome::new(lang, &uri),
    }
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Keeps the language in a session cookie and goes back to the page the reader was on.
pub async fn switch_language(
    State(state): State<AppState>,
    Path(tag): Path<String>,
    Query(Next { next }): Query<Next>,
    jar: CookieJar,
    locale: Locale,
    uri: Uri,
) -> Response {
    let Some(lang) = Lang::from_tag(&tag) else {
        return not_found(locale, uri).await.into_response();
    };
    let cookie = Cookie::build((LANG_COOKIE, lang.tag()))
        .path("/")
        .http_only(true)
        .secure(state.secure_cookies)
        .same_site(SameSite::Lax)
        .build();
    (jar.add(cookie), Redirect::to(&local_path(next.as_deref()))).into_response()
}

/// Only a path on this site; anything else goes home (ASVS 5.1.5). `next` is parsed as a
/// browser parses a link on this site, by the WHATWG URL parser, and kept only when it names
/// this site: `//evil.example`, `/\evil.example`, `https://…` name another. A control
/// character or a backslash is refused before parsing, since browsers drop the one and read
/// the other as `/` (`/<TAB>/evil.example` is `//evil.example` to Chromium). What is kept is
/// the parsed path and query, percent-encoded, so it is always a valid `Location`.
fn local_path(next: Option<&str>) -> String {
    let home = || "/".to_string();
    let Some(next) = next else {
        return home();
    };
    let odd = |c: char| c.is_control() || c == '\\';
    if !next.starts_with('/') || next.chars().any(odd) {
        return home();
    }
    let Ok(site) = Url::parse("http://mandat.invalid/") else {
        return home();
    };
    match site.join(next) {
        Ok(url) if url.origin() == site.origin() => match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        },
        _ => home(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_only_returns_to_local_paths() {
        assert_eq!(local_path(Some("/a/b?c=d")), "/a/b?c=d");
        assert_eq!(local_path(Some("/pas-ici#x")), "/pas-ici");
        assert_eq!(local_path(Some("/é")), "/%C3%A9", "a valid Location header");
        for outside in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
            "/\t/evil.example",
            "/\t\\evil.example",
            "/\n/evil.example",
            "/a\r\nb",
            "/\u{7f}/evil.example",
        ] {
            assert_eq!(local_path(Some(outside)), "/", "{outside}");
        }
        assert_eq!(local_path(None), "/");
    }
}
