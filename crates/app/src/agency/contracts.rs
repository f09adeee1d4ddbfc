//! The agency's contracts with organizations (M20): each added by the organization's NEQ,
//! each with its last day, changed to end it or renew it.

use mandat_core::audit::{AuditAction, Note};
use mandat_core::contract::{Contract, iso_date};
use mandat_core::ids::ContractId;
use mandat_core::organization::{Neq, Organization};
use mandat_core::{Field, FieldError, Problem};
use time::Date;

use super::Staff;
use crate::{App, Error};

/// A contract as typed: the organization's NEQ, its kind and its dates.
pub struct ContractTyped<'a> {
    pub neq: &'a str,
    pub kind: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
}

impl App {
    /// A contract with the organization of the NEQ typed; every error at once.
    pub async fn add_contract(
        &self,
        staff: &Staff,
        typed: &ContractTyped<'_>,
    ) -> Result<(Organization, Contract), Error> {
        let org = match Neq::parse(typed.neq) {
            Ok(neq) => self
                .store
                .organization_by_neq(&neq)
                .await?
                .ok_or(FieldError::new(Field::Neq, Problem::UnknownNeq)),
            Err(e) => Err(e),
        };
        // Parsed even when the NEQ names no organization, to say at once what else is wrong;
        // such a contract is never written.
        let for_org = org.as_ref().map_or(Default::default(), |o| o.id);
        let (kind, starts_on, ends_on) = (typed.kind, typed.starts_on, typed.ends_on);
        let parsed = Contract::parse(staff.agency, for_org, kind, starts_on, ends_on);
        let (org, contract) = match (org, parsed) {
            (Ok(org), Ok(contract)) => (org, contract),
            (org, parsed) => {
                let errors = org
                    .err()
                    .into_iter()
                    .chain(parsed.err().into_iter().flatten());
                return Err(Error::fields(errors.collect()));
            }
        };
        let mut tx = self.store.begin().await?;
        tx.insert_contract(&contract).await?;
        let detail = Note::ContractPeriod
            .with("from", contract.starts_on)
            .with("to", contract.ends_on)
            .with("kind", contract.kind.code());
        tx.audit(&staff.entry(Some(org.id), AuditAction::ContractAdded, detail))
            .await?;
        tx.commit().await?;
        Ok((org, contract))
    }

    /// A new last day for the agency's contract `id`: earlier to end it, later to renew it,
    /// never before its start.
    pub async fn change_contract_end(
        &self,
        staff: &Staff,
        id: ContractId,
        typed: &str,
    ) -> Result<Date, Error> {
        let ends_on = iso_date(Field::EndsOn, typed).map_err(|e| Error::fields(vec![e]))?;
        let mut tx = self.store.begin().await?;
        if !tx.set_contract_end(staff.agency, id, ends_on).await? {
            let contracts = self.store.contracts_of_agency(staff.agency).await?;
            if !contracts.iter().any(|c| c.contract.id == id) {
                return Err(Error::NotFound);
            }
            let before = FieldError::new(Field::EndsOn, Problem::EndBeforeStart);
            return Err(Error::fields(vec![before]));
        }
        let detail = Note::ContractEnds.with("id", id).with("on", ends_on);
        tx.audit(&staff.entry(None, AuditAction::ContractEndChanged, detail))
            .await?;
        tx.commit().await?;
        Ok(ends_on)
    }
}
