//! Who acts. Every change takes the acting person, established here from a signed-in account
//! the same way whichever door they came through, so that each door refuses exactly what the
//! others refuse.

use mandat_core::contact::Email;
use mandat_core::ids::{AccountId, OrgId, PersonId};
use mandat_core::profile::OfficerRank;
use mandat_core::request::Capacity;
use mandat_store::{Account, AccountKind};

use crate::app::App;
use crate::error::Error;

/// An agent of the central security group (M6, M14, M16): issues registration codes and does
/// what officers may not, for every organization. `client` is where they act from.
#[derive(Clone, Debug)]
pub struct Central {
    pub account: AccountId,
    pub client: Option<String>,
}

impl Central {
    /// The account as a central agent; `None` for any other, or a deactivated one.
    pub fn of(account: &Account, client: Option<String>) -> Option<Self> {
        let central = account.kind == AccountKind::Central && account.inactive.is_none();
        central.then_some(Central {
            account: account.id,
            client,
        })
    }
}

/// An organization's security officer (M2, M21): the only person who changes its access
/// rights and procurations (P2). `client` is where they act from, for the audit log.
#[derive(Clone, Debug)]
pub struct Officer {
    pub account: AccountId,
    pub person: PersonId,
    pub org: OrgId,
    pub rank: OfficerRank,
    /// As the officer's changes name them to others (M14).
    pub name: String,
    pub email: Email,
    pub client: Option<String>,
}

impl Officer {
    /// The capacity the officer approves requests in (M5).
    pub fn capacity(&self) -> Capacity {
        match self.rank {
            OfficerRank::Principal => Capacity::PrincipalOfficer,
            OfficerRank::Auxiliary => Capacity::AuxiliaryOfficer,
        }
    }
}

impl App {
    /// The account as an officer of its organization; `None` for an account that is not one
    /// (another profile, another kind of account, or a deactivated code).
    pub async fn officer(
        &self,
        account: &Account,
        client: Option<String>,
    ) -> Result<Option<Officer>, Error> {
        let AccountKind::Member { person, org } = account.kind else {
            return Ok(None);
        };
        if account.inactive.is_some() {
            return Ok(None);
        }
        let Some(rank) = self.store.profiles_of(person).await?.officer() else {
            return Ok(None);
        };
        Ok(Some(Officer {
            account: account.id,
            person,
            org,
            rank,
            name: account.name.clone(),
            email: account.email.clone(),
            client,
        }))
    }
}
