//! P6, the mandataire's side of an external procuration: « Accepter » or « Refuser », once;
//! « Mettre fin », which ends every right derived from it at once; and what the other side's
//! officers and the derived rights' holders are told whichever side acts.

use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::external::Answer;
use mandat_core::ids::ProcurationId;
use mandat_core::mail::OutgoingMail;
use mandat_mail::external::{ExternalEvent, ExternalMail};
use mandat_mail::messages::Message;
use mandat_mail::procurations::RightsWithdrawnMail;
use mandat_store::{AuditEntry, Link, ProcurationRecord, Tx};

use super::Received;
use crate::catalog::Catalog;
use crate::names::both_days;
use crate::{App, Error, Officer};

impl App {
    /// « Accepter » or « Refuser » (P6), once; the mandant's officers are told. `false` if it
    /// was answered already (nothing written).
    pub async fn answer_external(
        &self,
        officer: &Officer,
        id: ProcurationId,
        answer: Answer,
    ) -> Result<bool, Error> {
        let (event, action) = match answer {
            Answer::Accepted => (
                ExternalEvent::Accepted,
                AuditAction::ExternalProcurationAccepted,
            ),
            Answer::Declined => (
                ExternalEvent::Declined,
                AuditAction::ExternalProcurationDeclined,
            ),
            Answer::Pending => return Err(Error::NotFound),
        };
        let Received { record, mandant } = self.received_procuration(officer, id).await?;
        let p = &record.procuration;
        let mut tx = self.store.begin().await?;
        if !tx
            .answer_external(officer.org, p.id, answer, officer.account)
            .await?
        {
            return Ok(false);
        }
        let detail = Note::ProcurationFrom
            .with("name", &p.name)
            .with("mandant", &mandant);
        tx.audit(&entry(officer, action, detail)).await?;
        self.tell_other_side(&mut tx, officer, &record, event)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// « Mettre fin » (P6): the mandataire ends it; every right its people held from it ends
    /// at once, each holder is emailed, and so are the mandant's officers. `false` if it had
    /// ended already.
    pub async fn renounce_external(
        &self,
        officer: &Officer,
        id: ProcurationId,
    ) -> Result<bool, Error> {
        let Received { record, mandant } = self.received_procuration(officer, id).await?;
        let p = &record.procuration;
        let firm = self.own_name(officer).await?;
        let told = self.derived_mails(p.id, &firm, &mandant).await?;
        let mut tx = self.store.begin().await?;
        if !tx.renounce(officer.org, p.id).await? {
            return Ok(false);
        }
        let detail = Note::ProcurationFromHolders
            .with("name", &p.name)
            .with("mandant", &mandant)
            .with("holders", told.len());
        let action = AuditAction::ExternalProcurationRenounced;
        tx.audit(&entry(officer, action, detail)).await?;
        self.tell_other_side(&mut tx, officer, &record, ExternalEvent::Renounced)
            .await?;
        tx.queue_mails(&told).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The other side's officers told what the officer's organization did to the external
    /// procuration, in the change's transaction: the mandataire's when the mandant acted, the
    /// mandant's when the mandataire did; each with the link to its own page of it. Nothing
    /// for any other procuration.
    pub(super) async fn tell_other_side(
        &self,
        tx: &mut Tx,
        officer: &Officer,
        record: &ProcurationRecord,
        event: ExternalEvent,
    ) -> Result<(), Error> {
        let p = &record.procuration;
        let Link::External { mandataire, .. } = record.link else {
            return Ok(());
        };
        let (other, page) = if officer.org == p.org {
            (mandataire, format!("recues/{}", p.id))
        } else {
            (p.org, p.id.to_string())
        };
        let catalog = Catalog::load(&self.store, p.agency_ids()).await?;
        let mail = ExternalMail {
            event,
            from: self.own_name(officer).await?,
            name: p.name.clone(),
            lines: catalog.lines(p),
            until: both_days(p.ends_on),
            url: self.url(&format!("/administration/procurations/{page}")),
        };
        for to in tx.active_officer_emails(other).await? {
            tx.queue_mail(&mail.to(&to)?).await?;
        }
        Ok(())
    }

    /// What each holder of a right derived from the mandate is told when it ends at once.
    pub(super) async fn derived_mails(
        &self,
        mandate: ProcurationId,
        firm: &str,
        mandant: &str,
    ) -> Result<Vec<OutgoingMail>, Error> {
        let mut told = Vec::new();
        for h in self.store.derived_holders(mandate).await? {
            let (Some(a), Some(made)) = (
                self.store.account_of_person(h.person).await?,
                self.store.procuration(h.procuration).await?,
            ) else {
                continue;
            };
            let catalog = Catalog::load(&self.store, made.procuration.agency_ids()).await?;
            let mail = RightsWithdrawnMail {
                organization: firm.to_string(),
                on_behalf_of: Some(mandant.to_string()),
                lines: catalog.lines(&made.procuration),
            };
            told.push(mail.to(&a.email)?);
        }
        Ok(told)
    }
}

fn entry(officer: &Officer, action: AuditAction, detail: Detail) -> AuditEntry {
    AuditEntry {
        actor: Some(officer.account),
        org: Some(officer.org),
        person: None,
        action,
        detail,
        client_address: officer.client.clone(),
        agency: None,
    }
}
