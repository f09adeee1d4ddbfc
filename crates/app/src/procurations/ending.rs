//! A procuration's end (P5, P6): a new last day, earlier to shorten it or later to extend it,
//! or its withdrawal, whole and at once. Every holder is told, and for an external one the
//! mandataire's officers and whoever holds rights it made within it.

use mandat_core::Problem;
use mandat_core::audit::{AuditAction, Note};
use mandat_core::ids::ProcurationId;
use mandat_core::mail::OutgoingMail;
use mandat_core::procuration::{self, Bounds, Procuration, assignable};
use mandat_mail::external::ExternalEvent;
use mandat_mail::messages::Message;
use mandat_mail::procurations::{RightsEndChangedMail, RightsWithdrawnMail};
use mandat_store::{AuditEntry, Link, ProcurationRecord};
use time::Date;

use super::holding::Holding;
use crate::catalog::Catalog;
use crate::names::{both_days, mandant_of, org_name};
use crate::{App, Error, Officer, Refusal};

impl App {
    /// « Prolonger » (P5): the new last day `typed`, by the rule the procuration was made
    /// under (core's `new_end`), and within every holder's code's validity (P3). An external
    /// one's shorter end bounds what its mandataire made within it (P6).
    pub async fn change_procuration_end(
        &self,
        officer: &Officer,
        id: ProcurationId,
        typed: &str,
    ) -> Result<Date, Error> {
        let record = self.own_procuration(officer, id).await?;
        let p = &record.procuration;
        let mandate_end = match record.link {
            Link::Within { mandate } => self.store.procuration(mandate).await?,
            Link::Internal | Link::External { .. } => None,
        }
        .map(|m| (m.procuration.ends_on, Problem::BeyondMandate));
        let bounds = Bounds {
            today: self.today(),
            latest_end: mandate_end,
        };
        let end = procuration::new_end(p, typed, bounds).map_err(|e| Error::fields(vec![e]))?;
        let lengthened = Procuration {
            ends_on: end,
            ..p.clone()
        };
        let mut beyond = Vec::new();
        for person in self.store.holders(p.id).await? {
            if let Some(a) = self.store.account_of_person(person).await?
                && assignable(&lengthened, a.expires_on).is_err()
            {
                beyond.push(a.name);
            }
        }
        if !beyond.is_empty() {
            return Err(Error::Refused(Refusal::BeyondCodes(beyond)));
        }
        let told = self.end_told(officer, &record, end).await?;
        let mut tx = self.store.begin().await?;
        if !tx.set_procuration_end(officer.org, p.id, end).await? {
            return Err(Error::NotFound);
        }
        tx.queue_mails(&told).await?;
        tx.audit(&AuditEntry {
            actor: Some(officer.account),
            org: Some(officer.org),
            person: None,
            action: AuditAction::ProcurationEndChanged,
            detail: Note::NewEnd
                .with("name", &p.name)
                .with("from", p.ends_on)
                .with("to", end),
            client_address: officer.client.clone(),
            agency: None,
        })
        .await?;
        tx.commit().await?;
        Ok(end)
    }

    /// « Retirer la procuration » (P5): every holder's rights from it end at once; it stays,
    /// withdrawn, in the list. For an external one (P6), the mandataire's people lose what
    /// they held from it, and its officers are told. `false` if it was already withdrawn.
    pub async fn withdraw_procuration(
        &self,
        officer: &Officer,
        id: ProcurationId,
    ) -> Result<bool, Error> {
        let record = self.own_procuration(officer, id).await?;
        let p = &record.procuration;
        let holding = Holding::load(self, officer, p, record.link).await?;
        let mut told = Vec::new();
        for person in self.store.holders(p.id).await? {
            if let Some(a) = self.store.account_of_person(person).await? {
                told.push(holding.withdrawn_mail().to(&a.email)?);
            }
        }
        if let Link::External { mandataire, .. } = record.link {
            let firm = org_name(&self.store, mandataire).await?;
            let mandant = self.own_name(officer).await?;
            told.extend(self.derived_mails(p.id, &firm, &mandant).await?);
        }
        let mut tx = self.store.begin().await?;
        if !tx.withdraw_procuration(officer.org, p.id).await? {
            return Ok(false);
        }
        tx.audit(&holding.withdrawal(told.len())).await?;
        tx.queue_mails(&told).await?;
        self.tell_other_side(&mut tx, officer, &record, ExternalEvent::Withdrawn)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The emails of the new end `end` of `record`: each holder's, and for an external one,
    /// each holder of what its mandataire made within it that the new end shortens (or
    /// withdraws, when it would only start after it).
    async fn end_told(
        &self,
        officer: &Officer,
        record: &ProcurationRecord,
        end: Date,
    ) -> Result<Vec<OutgoingMail>, Error> {
        let p = &record.procuration;
        let own = self.own_name(officer).await?;
        let acting_for = match mandant_of(&self.store, record.link).await? {
            Some(mandant) => org_name(&self.store, mandant).await?,
            None => own.clone(),
        };
        let mut mails = self.holders_told(p, &acting_for, end).await?;
        let Link::External { mandataire, .. } = record.link else {
            return Ok(mails);
        };
        let firm = org_name(&self.store, mandataire).await?;
        for made in self.store.made_within(p.id).await? {
            let m = &made.procuration;
            if made.withdrawn_at.is_some() || m.ends_on <= end {
                continue;
            }
            if m.starts_on.is_none_or(|s| s <= end) {
                mails.extend(self.holders_told(m, &own, end).await?);
                continue;
            }
            let catalog = Catalog::load(&self.store, m.agency_ids()).await?;
            let withdrawn = RightsWithdrawnMail {
                organization: firm.clone(),
                on_behalf_of: Some(own.clone()),
                lines: catalog.lines(m),
            };
            for person in self.store.holders(m.id).await? {
                if let Some(a) = self.store.account_of_person(person).await? {
                    mails.push(withdrawn.to(&a.email)?);
                }
            }
        }
        Ok(mails)
    }

    /// Each holder of `p`, told that their rights now end on `end`.
    async fn holders_told(
        &self,
        p: &Procuration,
        acting_for: &str,
        end: Date,
    ) -> Result<Vec<OutgoingMail>, Error> {
        let mail = RightsEndChangedMail {
            acting_for: acting_for.to_string(),
            name: p.name.clone(),
            until: both_days(end),
        };
        let mut mails = Vec::new();
        for person in self.store.holders(p.id).await? {
            if let Some(a) = self.store.account_of_person(person).await? {
                mails.push(mail.to(&a.email)?);
            }
        }
        Ok(mails)
    }
}
