//! An organization's enrollment with an agency (E1–E5), by its officers: a draft begun with
//! the organization's details, saved step by step, abandoned or transmitted « En
//! traitement ». A new request waits until the agency refuses the one before (E4).

use mandat_core::Problem;
use mandat_core::agency::{Agency, OnlineService};
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::enrollment::BuiltInState;
use mandat_core::enrollment_form::FormField;
use mandat_core::enrollment_request::Draft;
use mandat_core::ids::{AgencyId, EnrollmentId, OrgId};
use mandat_core::organization::Organization;
use mandat_mail::enrollment::EnrollmentFiledMail;
use mandat_mail::messages::Message;
use mandat_store::{AuditEntry, EnrollmentRecord, StoreError};

use crate::{App, Error, Officer, Reason, Refusal};

/// What every step of a request needs: the agency, its services and fields, the
/// organization, and the draft as saved (or prefilled from the organization's record).
pub struct Wizard {
    pub agency: Agency,
    pub offered: Vec<OnlineService>,
    pub fields: Vec<FormField>,
    pub org: Organization,
    pub draft: Draft,
}

/// The organization's request with the agency that stands: any not refused (E4).
pub fn standing(requests: &[EnrollmentRecord], agency: AgencyId) -> Option<&EnrollmentRecord> {
    requests
        .iter()
        .find(|r| r.agency_id == agency && r.state_code != BuiltInState::Refused.code())
}

impl App {
    /// The agency of `code`, when its services are open to enrollment: it offers at least
    /// one. Any other is not found.
    pub async fn open_agency(&self, code: &str) -> Result<Agency, Error> {
        let agency = self
            .store
            .agency_named(code)
            .await?
            .ok_or(Error::NotFound)?;
        let offers = !self.store.services_of(agency.id).await?.is_empty();
        offers.then_some(agency).ok_or(Error::NotFound)
    }

    /// The organization's request `id`; another organization's is not found.
    pub async fn own_enrollment(
        &self,
        org: OrgId,
        id: EnrollmentId,
    ) -> Result<EnrollmentRecord, Error> {
        let r = self.store.enrollment(id).await?;
        r.filter(|r| r.org_id == org).ok_or(Error::NotFound)
    }

    async fn officer_org(&self, officer: &Officer) -> Result<Organization, Error> {
        let org = self.store.organization(officer.org).await?;
        org.ok_or_else(|| Error::Internal("the officer's organization is gone".into()))
    }

    /// « Inscrire » with the agency `code`: a draft with the organization's details, unless
    /// there is one already. Refused with the choice's problem: none, not offered, or a
    /// request standing with it.
    pub async fn begin_enrollment(&self, officer: &Officer, code: &str) -> Result<Agency, Error> {
        let choice = |problem| Error::Refused(Refusal::Choice(problem));
        let agency = match self.open_agency(code).await {
            Err(Error::NotFound) if code.is_empty() => return Err(choice(Problem::Required)),
            Err(Error::NotFound) => return Err(choice(Problem::NotAChoice)),
            other => other?,
        };
        let requests = self.store.enrollments_of_org(officer.org).await?;
        if standing(&requests, agency.id).is_some() {
            return Err(choice(Problem::StandingRequest));
        }
        if self.store.draft(officer.org, agency.id).await?.is_none() {
            let org = self.officer_org(officer).await?;
            let mut tx = self.store.begin().await?;
            tx.save_draft(
                officer.org,
                agency.id,
                &Draft::prefilled(&org),
                officer.account,
            )
            .await?;
            tx.commit().await?;
        }
        Ok(agency)
    }

    /// The draft with the agency `code` and all it needs; refused while a request stands
    /// with the agency.
    pub async fn enrollment_wizard(&self, officer: &Officer, code: &str) -> Result<Wizard, Error> {
        let agency = self.open_agency(code).await?;
        let requests = self.store.enrollments_of_org(officer.org).await?;
        if standing(&requests, agency.id).is_some() {
            return Err(Error::reason(Reason::StandingRequest));
        }
        let org = self.officer_org(officer).await?;
        let draft = match self.store.draft(officer.org, agency.id).await? {
            Some(d) => d,
            None => Draft::prefilled(&org),
        };
        Ok(Wizard {
            offered: self.store.services_of(agency.id).await?,
            fields: self.store.form_fields(agency.id).await?,
            agency,
            org,
            draft,
        })
    }

    /// Saves a step's answers in the organization's draft, before anything is checked.
    pub async fn save_enrollment_draft(&self, officer: &Officer, w: &Wizard) -> Result<(), Error> {
        let mut tx = self.store.begin().await?;
        tx.save_draft(officer.org, w.agency.id, &w.draft, officer.account)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Abandons the organization's draft with the agency `code`.
    pub async fn abandon_enrollment_draft(
        &self,
        officer: &Officer,
        code: &str,
    ) -> Result<(), Error> {
        let agency = self.open_agency(code).await?;
        let mut tx = self.store.begin().await?;
        tx.delete_draft(officer.org, agency.id).await?;
        tx.audit(&AuditEntry {
            actor: Some(officer.account),
            org: Some(officer.org),
            person: None,
            action: AuditAction::EnrollmentDraftAbandoned,
            detail: Detail::named(&agency.name, agency.code.as_str()),
            client_address: officer.client.clone(),
            agency: None,
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// « Transmettre »: the request « En traitement » (E4), the draft gone, the officer told
    /// (E5). Refused with the first step still to finish; or, when another officer
    /// transmitted one a moment before, as a request standing.
    pub async fn transmit_enrollment(
        &self,
        officer: &Officer,
        w: &Wizard,
    ) -> Result<EnrollmentId, Error> {
        let content = w
            .draft
            .content(&w.offered, &w.org, &w.fields)
            .map_err(|step| Error::Refused(Refusal::Step(step)))?;
        let id = EnrollmentId::new();
        let mail = EnrollmentFiledMail {
            organization: content.organization.name.clone(),
            agency: w.agency.name.clone(),
            services: content.services.iter().map(|s| s.name.clone()).collect(),
            follow_url: self.url(&format!("/inscriptions/demandes/{id}")),
        };
        let mut tx = self.store.begin().await?;
        let inserted = tx
            .insert_enrollment(id, officer.org, w.agency.id, officer.account, &content)
            .await;
        match inserted {
            Err(StoreError::Conflict(_)) => return Err(Error::reason(Reason::StandingRequest)),
            other => other?,
        }
        tx.delete_draft(officer.org, w.agency.id).await?;
        let services: Vec<&str> = content.services.iter().map(|s| s.code.as_str()).collect();
        tx.audit(&AuditEntry {
            actor: Some(officer.account),
            org: Some(officer.org),
            person: None,
            action: AuditAction::EnrollmentTransmitted,
            detail: Note::EnrollmentTransmitted
                .with("agency", w.agency.code.as_str())
                .with("services", services.join(", ")),
            client_address: officer.client.clone(),
            agency: Some(w.agency.id),
        })
        .await?;
        tx.queue_mail(&mail.to(&officer.email)?).await?;
        tx.commit().await?;
        Ok(id)
    }
}
