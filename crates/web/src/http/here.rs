//! Where a page is drawn: the reader's language, the address, and the form token. Most
//! handlers need all three to draw a page again after an action.

use axum::extract::FromRequestParts;
use axum::http::Uri;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use mandat_core::Lang;

use crate::http::csrf::CsrfToken;
use crate::i18n::{Locale, Tr};
use crate::kit::frame::Chrome;

pub struct Here {
    pub lang: Lang,
    pub uri: Uri,
    pub csrf: String,
}

impl Here {
    pub fn tr(&self) -> Tr {
        Tr::new(self.lang)
    }

    /// The page's layout, with the name of whoever is signed in, if anyone.
    pub fn chrome(&self, signed_in: Option<&str>) -> Chrome {
        let chrome = Chrome::new(self.lang, &self.uri);
        match signed_in {
            Some(name) => chrome.signed_in(name, &self.csrf),
            None => chrome,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Here {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Locale(lang) = Locale::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let CsrfToken(csrf) = CsrfToken::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Here {
            lang,
            uri: parts.uri.clone(),
            csrf,
        })
    }
}
