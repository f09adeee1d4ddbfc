//! The frame around every page (the stylesheet, the language switch, who is signed in),
//! and the pages that say one thing: a message, not found, forbidden.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use mandat_core::Lang;

use crate::i18n::{Locale, Tr};
use crate::kit::assets;

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
#[template(path = "not_found.html")]
pub struct NotFound {
    tr: Tr,
    chrome: Chrome,
}

/// The fallback of the router: no page at this address.
pub async fn not_found(Locale(lang): Locale, uri: Uri) -> (StatusCode, NotFound) {
    not_found_page(lang, &uri)
}

/// The 404 page, in `lang`.
pub fn not_found_page(lang: Lang, uri: &Uri) -> (StatusCode, NotFound) {
    (
        StatusCode::NOT_FOUND,
        NotFound {
            tr: Tr::new(lang),
            chrome: Chrome::new(lang, uri),
        },
    )
}

/// The page for a request the server could not read (a form without its fields, a query of
/// the wrong kind, a body too large): its `status`, in the reader's language, instead of the
/// framework's own words.
pub fn unreadable(lang: Lang, uri: &Uri, status: StatusCode) -> Response {
    let page = MessagePage::new(
        lang,
        Chrome::new(lang, uri),
        "bad-request-title",
        "bad-request-text",
    )
    .then("/", "back-home");
    (status, page).into_response()
}

/// The message page for a link that no longer works.
pub fn link_gone(lang: Lang, uri: &Uri) -> Response {
    let page = MessagePage::new(
        lang,
        Chrome::new(lang, uri),
        "link-gone-title",
        "link-gone-text",
    )
    .then("/", "back-home");
    (StatusCode::GONE, page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

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
