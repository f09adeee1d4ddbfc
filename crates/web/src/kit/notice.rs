//! What a page says above its content: what was just done, or what is missing.

use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::i18n::Tr;

/// The page's query after a change (post/redirect/get): `?fait=…` names what was done, and
/// `quoi=…` what it was done to when the page shows several (a task, a contract).
#[derive(Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    pub(crate) fait: String,
    #[serde(default)]
    pub(crate) quoi: String,
}

/// After a change, the page that shows its result, with `?fait={done}` (post/redirect/get):
/// reloading that page changes nothing again.
pub fn done(page: &str, done: &str) -> Response {
    Redirect::to(&format!("{page}?fait={done}")).into_response()
}

/// `done`, naming what it was done to (a code, an id) as `quoi`.
pub fn done_to(page: &str, done: &str, what: &str) -> Response {
    let query = serde_urlencoded::to_string([("fait", done), ("quoi", what)]).unwrap_or_default();
    Redirect::to(&format!("{page}?{query}")).into_response()
}

/// M3: the warnings for an organization without an active principal or auxiliary officer,
/// given whether each signs in (`Store::officers_signing_in`).
pub fn missing_officers(tr: &Tr, (principal, auxiliary): (bool, bool)) -> Vec<String> {
    [
        (principal, "m3-no-principal"),
        (auxiliary, "m3-no-auxiliary"),
    ]
    .into_iter()
    .filter(|(held, _)| !held)
    .map(|(_, key)| tr.t(key))
    .collect()
}
