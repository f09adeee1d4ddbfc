//! What a page says above its content: what was just done, or what is missing.

use serde::Deserialize;

use crate::i18n::Tr;

/// The page's query after a change (post/redirect/get): `?fait=…` names what was done.
#[derive(Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    pub(crate) fait: String,
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
