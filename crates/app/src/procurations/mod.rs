//! Access rights and procurations (P3–P6): every change an organization's officer makes to
//! them, and the scoped reads they start from, which the pages use too, so that no door reads
//! another organization's procuration.
//!
//! - `making`: a procuration made within the organization (path B, P4), with a user's access
//!   rights at once (path A, P3), entrusted to another organization (P6), or made by a
//!   mandataire within what it was entrusted;
//! - `holding`: assigning it to users and withdrawing one holder (P4, P5);
//! - `ending`: a new last day, and withdrawing it whole (P5, P6);
//! - `external`: the mandataire's answer and its « Mettre fin », and what the other side is told.

mod ending;
mod external;
mod holding;
mod making;

use mandat_core::external::{self as external_rule, Answer};
use mandat_core::ids::{PersonId, ProcurationId};
use mandat_core::procuration::Grantable;
use mandat_store::{Account, AccountKind, Link, ProcurationRecord};

use crate::names::org_name;
use crate::{App, Error, Officer};

pub use holding::assignable_here;
pub use making::External;

/// An external procuration granted to the officer's organization (P6), and its mandant.
pub struct Received {
    pub record: ProcurationRecord,
    pub mandant: String,
}

/// A received procuration the organization accepted, in force: what may be granted within it.
pub struct Mandate {
    pub record: ProcurationRecord,
    pub mandant: String,
    pub within: Vec<Grantable>,
}

impl App {
    /// The officer's organization's procuration `id`; another organization's is not found.
    pub async fn own_procuration(
        &self,
        officer: &Officer,
        id: ProcurationId,
    ) -> Result<ProcurationRecord, Error> {
        self.store
            .procuration(id)
            .await?
            .filter(|r| r.procuration.org == officer.org)
            .ok_or(Error::NotFound)
    }

    /// The external procuration `id` granted to the officer's organization (P6).
    pub async fn received_procuration(
        &self,
        officer: &Officer,
        id: ProcurationId,
    ) -> Result<Received, Error> {
        let record = self.store.procuration(id).await?.ok_or(Error::NotFound)?;
        if !matches!(record.link, Link::External { mandataire, .. } if mandataire == officer.org) {
            return Err(Error::NotFound);
        }
        let Some(mandant) = self.store.organization(record.procuration.org).await? else {
            return Err(Error::NotFound);
        };
        Ok(Received {
            record,
            mandant: mandant.name,
        })
    }

    /// The received procuration `id`, accepted and in force: otherwise nothing may be made
    /// within it, and it is not found.
    pub async fn open_mandate(
        &self,
        officer: &Officer,
        id: ProcurationId,
    ) -> Result<Mandate, Error> {
        let Received { record, mandant } = self.received_procuration(officer, id).await?;
        if record.withdrawn_at.is_some() || record.link.answer() != Answer::Accepted {
            return Err(Error::NotFound);
        }
        let grantable = self.store.grantable(record.procuration.org).await?;
        let within = external_rule::within(&record.procuration, &grantable);
        Ok(Mandate {
            record,
            mandant,
            within,
        })
    }

    /// A user of the officer's organization, with an active code: whom rights are granted
    /// to (P3). Anyone else is not found.
    pub async fn member(&self, officer: &Officer, person: PersonId) -> Result<Account, Error> {
        self.store
            .account_of_person(person)
            .await?
            .filter(|a| a.inactive.is_none())
            .filter(|a| matches!(a.kind, AccountKind::Member { org, .. } if org == officer.org))
            .ok_or(Error::NotFound)
    }

    /// The name of the officer's organization, as its emails say it.
    async fn own_name(&self, officer: &Officer) -> Result<String, Error> {
        Ok(org_name(&self.store, officer.org).await?)
    }
}
