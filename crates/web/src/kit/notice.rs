//! What a page says above its content: what was just done, or what is missing.

use axum::response::{IntoResponse, Redirect, Response};
use mandat_core::dates::long_date;
use mandat_core::person::Person;
use serde::Deserialize;
use time::Date;

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

/// After a change, the page that shows its result, with `fait={done}` added to its query
/// (post/redirect/get): reloading that page changes nothing again.
pub fn done(page: &str, done: &str) -> Response {
    redirect(page, &[("fait", done)])
}

/// `done`, naming what it was done to (a code, an id) as `quoi`.
pub fn done_to(page: &str, done: &str, what: &str) -> Response {
    redirect(page, &[("fait", done), ("quoi", what)])
}

/// `page`, which may have a query of its own already, with `pairs` added to it.
fn redirect(page: &str, pairs: &[(&str, &str)]) -> Response {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    let joint = if page.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{page}{joint}{query}")).into_response()
}

/// `key` (`central-code-sent`, `central-code-extended`) said of the code sent to `person`,
/// usable through `valid_through`: whose, to which address, until when.
pub fn code_sent(tr: &Tr, key: &str, person: &Person, valid_through: Date) -> String {
    let name = format!("{} {}", person.first_name, person.last_name);
    let args = [
        ("name", name.into()),
        ("email", person.email.to_string().into()),
        ("date", long_date(valid_through, tr.lang).into()),
    ];
    tr.t_args(key, &args)
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
