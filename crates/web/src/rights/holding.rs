//! Holding a procuration (P3–P5): what granting it to a person and ending their holding write
//! in the caller's transaction, the same from « Gestion des droits d'accès » and from
//! « Gestion des procurations »: the assignment, its audit entry, and the person's email.

use mandat_core::audit::AuditAction;
use mandat_core::contact::Email;
use mandat_core::ids::{AccountId, OrgId, PersonId};
use mandat_core::procuration::Procuration;
use mandat_mail::messages::Message;
use mandat_mail::procurations::{RightsGrantedMail, RightsWithdrawnMail};
use mandat_store::{AuditEntry, Link, Tx};

use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::rights::catalog::Catalog;
use crate::rights::form::both_days;
use crate::rights::reading::{mandant_of, org_name};

/// A procuration in words, with who acts on it and from where.
pub struct Holding<'a> {
    p: &'a Procuration,
    by: AccountId,
    org: OrgId,
    client: Option<String>,
    organization: String,
    /// The mandant, when the procuration is made within an external one (P6).
    on_behalf_of: Option<String>,
    catalog: Catalog,
}

impl<'a> Holding<'a> {
    pub async fn load(
        state: &AppState,
        officer: &Officer,
        client: Option<String>,
        p: &'a Procuration,
        link: Link,
    ) -> Result<Holding<'a>, AppError> {
        let organization = org_name(state, officer.org).await?;
        let on_behalf_of = match mandant_of(state, link).await? {
            Some(mandant) => Some(org_name(state, mandant).await?),
            None => None,
        };
        Ok(Holding {
            on_behalf_of,
            p,
            by: officer.member.0.account.id,
            org: officer.org,
            client,
            organization,
            catalog: Catalog::load(state, p.agency_ids()).await?,
        })
    }

    /// What the audit entries say of it: its name, agencies, access and end.
    pub fn summary(&self) -> String {
        let lines: Vec<String> = self
            .catalog
            .lines(self.p)
            .iter()
            .map(|l| format!("{} ({})", l.agency.fr, l.access.fr))
            .collect();
        format!(
            "{}: {}; until {}",
            self.p.name,
            lines.join("; "),
            self.p.ends_on
        )
    }

    pub fn withdrawn_mail(&self) -> RightsWithdrawnMail {
        RightsWithdrawnMail {
            organization: self.organization.clone(),
            on_behalf_of: self.on_behalf_of.clone(),
            lines: self.catalog.lines(self.p),
        }
    }

    fn entry(&self, action: AuditAction, person: Option<PersonId>) -> AuditEntry {
        AuditEntry {
            actor: Some(self.by),
            org: Some(self.org),
            person,
            action,
            detail: self.summary(),
            client_address: self.client.clone(),
            agency: None,
        }
    }

    /// Assigns it to the person, audited and emailed; `false` (nothing written) if they
    /// already hold it.
    pub async fn grant(&self, tx: &mut Tx, person: PersonId, to: &Email) -> Result<bool, AppError> {
        if !tx.assign(self.p.id, person, self.by).await? {
            return Ok(false);
        }
        tx.audit(&self.entry(AuditAction::RightsGranted, Some(person)))
            .await?;
        let mail = RightsGrantedMail {
            organization: self.organization.clone(),
            on_behalf_of: self.on_behalf_of.clone(),
            lines: self.catalog.lines(self.p),
            from: self.p.starts_on.map(both_days),
            until: both_days(self.p.ends_on),
        };
        tx.queue_mail(&mail.to(to)?).await?;
        Ok(true)
    }

    /// Ends the person's holding at once (P5), audited and emailed; `false` (nothing written)
    /// if they did not hold it.
    pub async fn end(&self, tx: &mut Tx, person: PersonId, to: &Email) -> Result<bool, AppError> {
        if !tx.withdraw_assignment(self.p.id, person).await? {
            return Ok(false);
        }
        tx.audit(&self.entry(AuditAction::RightsWithdrawn, Some(person)))
            .await?;
        tx.queue_mail(&self.withdrawn_mail().to(to)?).await?;
        Ok(true)
    }

    /// The audit entry of the whole procuration's withdrawal, from `holders` people at once.
    pub fn withdrawal(&self, holders: usize) -> AuditEntry {
        let mut entry = self.entry(AuditAction::ProcurationWithdrawn, None);
        entry.detail = format!("{} ({holders} holders)", entry.detail);
        entry
    }
}
