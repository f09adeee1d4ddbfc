//! Form 2490 (M4–M7, M19): filing it and withdrawing it (`filing`); its approval by a
//! manager's link or an officer (`approval`); the
//! changes central makes to an approved request: issuing the
//! registration code of a new-code request (`issue`); the identity check, the refusal and
//! applying a member's change (`central`); the new address's confirmation (`email`); whether
//! central can vouch for the approver, and its check when not (`approver`).

mod approval;
mod approver;
mod central;
mod email;
mod filing;
mod issue;

use mandat_core::Field;

pub use approval::Decision;
pub use approver::{Approver, ApproverStanding};
pub use central::EMAIL_LINK_DAYS;
pub use filing::{Filing, LINK_DAYS, Sent};
pub use issue::Issued;

/// How central is named in a request's history (M23's wording).
pub const CENTRAL_LABEL: &str = "Un agent du Groupe central de la sécurité";

/// The values central may correct before issuing, by field id (the request's unless typed).
pub struct Corrections<'a>(pub &'a [(String, String)]);

impl Corrections<'_> {
    pub fn get<'v>(&'v self, field: Field, filed: &'v str) -> &'v str {
        self.0
            .iter()
            .find(|(k, _)| k == field.id())
            .map_or(filed, |(_, v)| v.as_str())
    }
}
