//! Making a procuration: within the organization (path B, P4), with a user's access rights at
//! once (path A, P3), entrusted to another organization by its NEQ (P6), or by a mandataire
//! within what it was entrusted, never beyond it (P6). Each `check_` reads and writes nothing,
//! for the summary a page shows before « Transmettre »; each change checks again.

use mandat_core::Problem;
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::external;
use mandat_core::ids::{PersonId, ProcurationId};
use mandat_core::organization::Organization;
use mandat_core::procuration::{self, Bounds, Grantable, Procuration, ProcurationForm};
use mandat_mail::external::{ExternalEvent, ExternalMail};
use mandat_mail::messages::Message;
use mandat_store::{Account, AuditEntry, Link};
use time::Date;

use super::Mandate;
use super::holding::Holding;
use crate::catalog::Catalog;
use crate::names::both_days;
use crate::{App, Error, Officer};

/// An external procuration as checked, with the organization it is entrusted to.
pub struct External {
    pub procuration: Procuration,
    pub mandataire: Organization,
}

impl App {
    fn parse(
        &self,
        officer: &Officer,
        form: &ProcurationForm<'_>,
        grantable: &[Grantable],
        latest_end: Option<(Date, Problem)>,
    ) -> Result<Procuration, Error> {
        let bounds = Bounds {
            today: self.today(),
            latest_end,
        };
        procuration::parse(ProcurationId::new(), officer.org, form, grantable, bounds)
            .map_err(Error::fields)
    }

    /// An internal procuration as typed, for the agencies where the organization is enrolled
    /// « Actif » (P2).
    pub async fn check_internal(
        &self,
        officer: &Officer,
        form: &ProcurationForm<'_>,
    ) -> Result<Procuration, Error> {
        let grantable = self.store.grantable(officer.org).await?;
        self.parse(officer, form, &grantable, None)
    }

    /// « Transmettre » (path B, P4): the procuration, without holders; « Assigner » chooses them.
    pub async fn create_internal(
        &self,
        officer: &Officer,
        form: &ProcurationForm<'_>,
    ) -> Result<Procuration, Error> {
        let p = self.check_internal(officer, form).await?;
        let mut tx = self.store.begin().await?;
        tx.insert_procuration(&p, officer.account).await?;
        let detail = Note::ProcurationUntil
            .with("name", &p.name)
            .with("until", p.ends_on);
        tx.audit(&created(officer, detail)).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// Path A (P3): a user's access rights as typed, ending at the latest with their code.
    pub async fn check_rights(
        &self,
        officer: &Officer,
        person: PersonId,
        form: &ProcurationForm<'_>,
    ) -> Result<Procuration, Error> {
        Ok(self.rights_for(officer, person, form).await?.0)
    }

    /// The user's rights as typed, with the user's account.
    async fn rights_for(
        &self,
        officer: &Officer,
        person: PersonId,
        form: &ProcurationForm<'_>,
    ) -> Result<(Procuration, Account), Error> {
        let account = self.member(officer, person).await?;
        let grantable = self.store.grantable(officer.org).await?;
        let latest = account.expires_on.map(|e| (e, Problem::BeyondCodeValidity));
        Ok((self.parse(officer, form, &grantable, latest)?, account))
    }

    /// « Transmettre » (path A, P3): a procuration for this user alone, held from now; they
    /// are emailed.
    pub async fn grant_rights(
        &self,
        officer: &Officer,
        person: PersonId,
        form: &ProcurationForm<'_>,
    ) -> Result<Procuration, Error> {
        let (p, account) = self.rights_for(officer, person, form).await?;
        let holding = Holding::load(self, officer, &p, Link::Internal).await?;
        let mut tx = self.store.begin().await?;
        tx.insert_procuration(&p, officer.account).await?;
        holding.grant(&mut tx, person, &account.email).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// An external procuration as typed (P6): the mandataire is another organization in
    /// Mandat, found by its NEQ. Its errors come first.
    pub async fn check_external(
        &self,
        officer: &Officer,
        form: &ProcurationForm<'_>,
        neq: &str,
    ) -> Result<External, Error> {
        let neq = external::mandataire_neq(neq);
        let found = match &neq {
            Ok(neq) => self.store.organization_by_neq(neq).await?,
            Err(_) => None,
        };
        let mandataire =
            neq.and_then(|_| external::mandataire(officer.org, found.as_ref().map(|o| o.id)));
        let parsed = self.check_internal(officer, form).await;
        match (parsed, mandataire, found) {
            (Ok(procuration), Ok(_), Some(mandataire)) => Ok(External {
                procuration,
                mandataire,
            }),
            (Err(Error::Refused(crate::Refusal::Fields(errors))), Err(e), _) => {
                Err(Error::fields(std::iter::once(e).chain(errors).collect()))
            }
            (Err(e), ..) => Err(e),
            (Ok(_), Err(e), _) => Err(Error::fields(vec![e])),
            (Ok(_), Ok(_), None) => Err(Error::NotFound),
        }
    }

    /// « Transmettre » (P6): the procuration is offered to the mandataire, whose officers are
    /// told and accept or decline it.
    pub async fn create_external(
        &self,
        officer: &Officer,
        form: &ProcurationForm<'_>,
        neq: &str,
    ) -> Result<Procuration, Error> {
        let External {
            procuration: p,
            mandataire: firm,
        } = self.check_external(officer, form, neq).await?;
        let catalog = Catalog::load(&self.store, p.agency_ids()).await?;
        let mail = ExternalMail {
            event: ExternalEvent::Offered,
            from: self.own_name(officer).await?,
            name: p.name.clone(),
            lines: catalog.lines(&p),
            until: both_days(p.ends_on),
            url: self.url(&format!("/administration/procurations/recues/{}", p.id)),
        };
        let mut tx = self.store.begin().await?;
        tx.insert_external(&p, firm.id, officer.account).await?;
        let detail = Note::ProcurationFor
            .with("name", &p.name)
            .with("mandataire", &firm.name)
            .with("neq", &firm.neq)
            .with("until", p.ends_on);
        tx.audit(&created(officer, detail)).await?;
        for to in tx.active_officer_emails(firm.id).await? {
            tx.queue_mail(&mail.to(&to)?).await?;
        }
        tx.commit().await?;
        Ok(p)
    }

    /// A mandataire's procuration as typed within the mandate `mandate` (P6): only what the
    /// mandant granted, ending at the latest when it does.
    pub async fn check_within(
        &self,
        officer: &Officer,
        mandate: ProcurationId,
        form: &ProcurationForm<'_>,
    ) -> Result<Procuration, Error> {
        Ok(self.within(officer, mandate, form).await?.0)
    }

    /// The procuration as typed within the mandate, with the mandate.
    async fn within(
        &self,
        officer: &Officer,
        mandate: ProcurationId,
        form: &ProcurationForm<'_>,
    ) -> Result<(Procuration, Mandate), Error> {
        let m = self.open_mandate(officer, mandate).await?;
        let latest = Some((m.record.procuration.ends_on, Problem::BeyondMandate));
        Ok((self.parse(officer, form, &m.within, latest)?, m))
    }

    /// « Transmettre » (P6): the mandataire's procuration within the mandate; then
    /// « Assigner » gives it to its users.
    pub async fn create_within(
        &self,
        officer: &Officer,
        mandate: ProcurationId,
        form: &ProcurationForm<'_>,
    ) -> Result<Procuration, Error> {
        let (p, m) = self.within(officer, mandate, form).await?;
        let mut tx = self.store.begin().await?;
        tx.insert_within(&p, mandate, officer.account).await?;
        let detail = Note::ProcurationWithin
            .with("name", &p.name)
            .with("until", p.ends_on)
            .with("mandate", &m.record.procuration.name)
            .with("mandant", &m.mandant);
        tx.audit(&created(officer, detail)).await?;
        tx.commit().await?;
        Ok(p)
    }
}

fn created(officer: &Officer, detail: Detail) -> AuditEntry {
    AuditEntry {
        actor: Some(officer.account),
        org: Some(officer.org),
        person: None,
        action: AuditAction::ProcurationCreated,
        detail,
        client_address: officer.client.clone(),
        agency: None,
    }
}
