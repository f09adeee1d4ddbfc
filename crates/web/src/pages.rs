//! The shell's pages: home, language switch, not found.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use mandat_core::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::assets;
use crate::i18n::{LANG_COOKIE, Locale, Tr};

/// What the layout needs besides the messages.
pub struct Chrome {
    pub css: String,
    pub icon: String,
    pub script: String,
    /// The language switch's link: the same page in the other language.
    pub switch_href: String,
    pub other_lang: &'static str,
    /// Who is signed in, for the header's name and « Sortir de l'application ».
    pub user: Option<UserBar>,
}

pub struct UserBar {
    pub name: String,
    pub csrf: String,
}

impl Chrome {
    /// The layout for a page at `uri`, read in `lang`.
    pub fn new(lang: Lang, uri: &Uri) -> Self {
        let here = uri.path_and_query().map_or("/", |pq| pq.as_str());
        let next = serde_urlencoded::to_string([("next", here)]).unwrap_or_default();
        Chrome {
            css: assets::css_href(),
            icon: assets::icon_href(),
            script: assets::script_href(),
            switch_href: format!("/lang/{}?{next}", lang.other().tag()),
            other_lang: lang.other().tag(),
            user: None,
        }
    }

    /// The layout of a signed-in person's page.
    pub fn signed_in(mut self, name: &str, csrf: &str) -> Self {
        self.user = Some(UserBar {
            name: name.to_string(),
            csrf: csrf.to_string(),
        });
        self
    }
}

/// A page that says one thing: a confirmation, a refusal, an outcome.
#[derive(Template, WebTemplate)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub tr: Tr,
    pub chrome: Chrome,
    pub title: String,
    pub paragraphs: Vec<String>,
    /// A link onward: (href, label).
    pub next: Option<(String, String)>,
}

impl MessagePage {
    /// A page whose title and text are the messages `title` and `text`.
    pub fn new(lang: Lang, chrome: Chrome, title: &str, text: &str) -> Self {
        let tr = Tr::new(lang);
        MessagePage {
            title: tr.t(title),
            paragraphs: vec![tr.t(text)],
            tr,
            chrome,
            next: None,
        }
    }

    pub fn then(mut self, href: &str, label: &str) -> Self {
        self.next = Some((href.to_string(), self.tr.t(label)));
        self
    }
}

/// The page for a request its sender may not make.
pub fn forbidden(parts: &axum::http::request::Parts) -> (StatusCode, MessagePage) {
    let lang = Locale::from_jar(&CookieJar::from_headers(&parts.headers)).0;
    let page = MessagePage::new(
        lang,
        Chrome::new(lang, &parts.uri),
        "forbidden-title",
        "forbidden-text",
    )
    .then("/", "back-home");
    (StatusCode::FORBIDDEN, page)
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

#[derive(Template, WebTemplate)]
#[template(path = "not_found.html")]
pub struct NotFound {
    tr: Tr,
    chrome: Chrome,
}

pub async fn not_found(Locale(lang): Locale, uri: Uri) -> (StatusCode, NotFound) {
    (
        StatusCode::NOT_FOUND,
        NotFound {
            tr: Tr::new(lang),
            chrome: Chrome::new(lang, &uri),
        },
    )
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

/// Only a path on this site: anything else (`//evil.example`, `https://…`) goes home.
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") => {
            p.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_only_returns_to_local_paths() {
        assert_eq!(local_path(Some("/a/b?c=d")), "/a/b?c=d");
        for outside in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
        ] {
            assert_eq!(local_path(Some(outside)), "/", "{outside}");
        }
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn the_switch_link_keeps_the_current_page() {
        let uri: Uri = "/dossier?page=2&tri=nom".parse().expect("uri");
        let chrome = Chrome::new(Lang::Fr, &uri);
        assert_eq!(
            chrome.switch_href,
            "/lang/en?next=%2Fdossier%3Fpage%3D2%26tri%3Dnom"
        );
        assert_eq!(chrome.other_lang, "en");
    }
}
