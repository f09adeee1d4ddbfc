//! The main menu (M9): its sections follow the person's profiles. « Gestion de votre
//! authentification » and « Sortir de l'application » are always there.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::Uri;

use crate::csrf::CsrfToken;
use crate::i18n::{Locale, Tr};
use crate::pages::Chrome;
use crate::session::SignedIn;

#[derive(Template, WebTemplate)]
#[template(path = "menu.html")]
pub struct MenuPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    is_central: bool,
}

pub async fn menu(
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    signed_in: SignedIn,
) -> MenuPage {
    MenuPage {
        tr: Tr::new(lang),
        chrome: Chrome::new(lang, &uri).signed_in(&signed_in.account.name, &csrf),
        is_central: signed_in.is_central(),
        csrf,
    }
}
