//! An agency's back-office, by its staff: its catalog of online services and tasks (`catalog`),
//! its contracts with organizations (`contracts`), and its enrollment requests, states, form
//! and contact (`enrollments`). Every change is scoped to the staff member's agency and lands
//! in its journal.

mod catalog;
mod contracts;
mod enrollments;

pub use contracts::ContractTyped;
pub use enrollments::COMMENT_MAX;

use mandat_core::audit::{AuditAction, Detail};
use mandat_core::ids::{AccountId, AgencyId, OrgId};
use mandat_core::{Field, FieldError, Problem};
use mandat_store::{AuditEntry, StoreError};

use crate::Error;

/// A person of an agency's staff, acting for it; the door establishes it from the signed-in
/// account. `client` is where they act from.
#[derive(Clone, Debug)]
pub struct Staff {
    pub account: AccountId,
    pub agency: AgencyId,
    pub client: Option<String>,
}

impl Staff {
    pub(crate) fn entry(
        &self,
        org: Option<OrgId>,
        action: AuditAction,
        detail: Detail,
    ) -> AuditEntry {
        AuditEntry {
            actor: Some(self.account),
            org,
            person: None,
            action,
            detail,
            client_address: self.client.clone(),
            agency: Some(self.agency),
        }
    }
}

/// An insert refused for a code the agency uses already: the field's `Taken` problem.
fn taken(inserted: Result<(), StoreError>, field: Field) -> Result<(), Error> {
    match inserted {
        Err(StoreError::Conflict(_)) => {
            Err(Error::fields(vec![FieldError::new(field, Problem::Taken)]))
        }
        other => Ok(other?),
    }
}
