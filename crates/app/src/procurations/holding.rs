//! Holding a procuration (P3–P5): assigning it to users, and ending one holder's rights at
//! once. Each holder is emailed and each change audited, in the change's transaction.

use mandat_core::Lang;
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::contact::Email;
use mandat_core::ids::{PersonId, ProcurationId};
use mandat_core::procuration::{Procuration, assignable};
use mandat_core::{Field, FieldError, Problem};
use mandat_mail::messages::Message;
use mandat_mail::procurations::{RightsGrantedMail, RightsWithdrawnMail};
use mandat_store::{Account, AccountKind, AuditEntry, Link, ProcurationRecord, Tx};

use crate::catalog::Catalog;
use crate::names::{both_days, mandant_of, org_name};
use crate::{App, Error, Officer, Refusal};

/// A procuration in words, with who acts on it and from where.
pub(super) struct Holding<'a> {
    p: &'a Procuration,
    officer: &'a Officer,
    organization: String,
    /// The mandant, when the procuration is made within an external one (P6).
    on_behalf_of: Option<String>,
    catalog: Catalog,
}

impl<'a> Holding<'a> {
    pub(super) async fn load(
        app: &App,
        officer: &'a Officer,
        p: &'a Procuration,
        link: Link,
    ) -> Result<Holding<'a>, Error> {
        let on_behalf_of = match mandant_of(&app.store, link).await? {
            Some(mandant) => Some(org_name(&app.store, mandant).await?),
            None => None,
        };
        Ok(Holding {
            on_behalf_of,
            p,
            officer,
            organization: app.own_name(officer).await?,
            catalog: Catalog::load(&app.store, p.agency_ids()).await?,
        })
    }

    /// What the audit entries say of it: its name, agencies, access and end.
    fn summary(&self, note: Note) -> Detail {
        let lines = self.catalog.lines(self.p);
        let said = |lang| {
            let said: Vec<String> = lines
                .iter()
                .map(|l| format!("{} ({})", l.agency.get(lang), l.access.get(lang)))
                .collect();
            said.join(", ")
        };
        note.with("name", &self.p.name)
            .both("lines", said(Lang::Fr), said(Lang::En))
            .with("until", self.p.ends_on)
    }

    pub(super) fn withdrawn_mail(&self) -> RightsWithdrawnMail {
        RightsWithdrawnMail {
            organization: self.organization.clone(),
            on_behalf_of: self.on_behalf_of.clone(),
            lines: self.catalog.lines(self.p),
        }
    }

    fn entry(&self, action: AuditAction, person: Option<PersonId>) -> AuditEntry {
        AuditEntry {
            actor: Some(self.officer.account),
            org: Some(self.officer.org),
            person,
            action,
            detail: self.summary(Note::Rights),
            client_address: self.officer.client.clone(),
            agency: None,
        }
    }

    /// Assigns it to the person, audited and emailed; `false` (nothing written) if they
    /// already hold it.
    pub(super) async fn grant(
        &self,
        tx: &mut Tx,
        person: PersonId,
        to: &Email,
    ) -> Result<bool, Error> {
        if !tx.assign(self.p.id, person, self.officer.account).await? {
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
    async fn end(&self, tx: &mut Tx, person: PersonId, to: &Email) -> Result<bool, Error> {
        if !tx.withdraw_assignment(self.p.id, person).await? {
            return Ok(false);
        }
        tx.audit(&self.entry(AuditAction::RightsWithdrawn, Some(person)))
            .await?;
        tx.queue_mail(&self.withdrawn_mail().to(to)?).await?;
        Ok(true)
    }

    /// The audit entry of the whole procuration's withdrawal, from `holders` people at once.
    pub(super) fn withdrawal(&self, holders: usize) -> AuditEntry {
        let mut entry = self.entry(AuditAction::ProcurationWithdrawn, None);
        entry.detail = self.summary(Note::RightsOfHolders).with("holders", holders);
        entry
    }
}

/// In force and the organization's own to assign: an external procuration is assigned by its
/// mandataire, through those it makes within it (P6).
pub fn assignable_here(record: &ProcurationRecord) -> bool {
    record.withdrawn_at.is_none() && !matches!(record.link, Link::External { .. })
}

impl App {
    /// The organization's users with an active code who do not hold `p` yet: whom
    /// « Assigner » offers.
    pub async fn assign_candidates(
        &self,
        officer: &Officer,
        p: &Procuration,
    ) -> Result<Vec<(PersonId, Account)>, Error> {
        let holders = self.store.holders(p.id).await?;
        Ok(self
            .store
            .active_codes_of(officer.org)
            .await?
            .into_iter()
            .filter_map(|a| a.kind.person().map(|person| (person, a)))
            .filter(|(person, _)| !holders.contains(person))
            .collect())
    }

    /// The chosen users who may hold the procuration: at least one, each a candidate, each
    /// code valid at least as long as it (P3, P4). Writes nothing.
    pub async fn check_assignment(
        &self,
        officer: &Officer,
        record: &ProcurationRecord,
        people: &[PersonId],
    ) -> Result<Vec<(PersonId, Account)>, Error> {
        if record.procuration.org != officer.org || !assignable_here(record) {
            return Err(Error::NotFound);
        }
        let p = &record.procuration;
        let chosen: Vec<(PersonId, Account)> = self
            .assign_candidates(officer, p)
            .await?
            .into_iter()
            .filter(|(person, _)| people.contains(person))
            .collect();
        if chosen.is_empty() {
            let required = FieldError::new(Field::Users, Problem::Required);
            return Err(Error::fields(vec![required]));
        }
        let beyond: Vec<String> = chosen
            .iter()
            .filter(|(_, a)| assignable(p, a.expires_on).is_err())
            .map(|(_, a)| a.name.clone())
            .collect();
        if !beyond.is_empty() {
            return Err(Error::Refused(Refusal::BeyondCodes(beyond)));
        }
        Ok(chosen)
    }

    /// « Assigner » (P4): each chosen user holds the procuration from now, and is emailed.
    /// Someone another officer assigned a moment before is left as they are.
    pub async fn assign(
        &self,
        officer: &Officer,
        id: ProcurationId,
        people: &[PersonId],
    ) -> Result<(), Error> {
        let record = self.own_procuration(officer, id).await?;
        let chosen = self.check_assignment(officer, &record, people).await?;
        let p = &record.procuration;
        let holding = Holding::load(self, officer, p, record.link).await?;
        let mut tx = self.store.begin().await?;
        for (person, account) in &chosen {
            holding.grant(&mut tx, *person, &account.email).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// « Retirer » one holder (P5): their rights from the procuration end at once. `false`
    /// when they did not hold it (nothing written).
    pub async fn end_holding(
        &self,
        officer: &Officer,
        id: ProcurationId,
        person: PersonId,
    ) -> Result<bool, Error> {
        let record = self.own_procuration(officer, id).await?;
        let account = self
            .store
            .account_of_person(person)
            .await?
            .filter(|a| matches!(a.kind, AccountKind::Member { org, .. } if org == officer.org))
            .ok_or(Error::NotFound)?;
        let p = &record.procuration;
        let holding = Holding::load(self, officer, p, record.link).await?;
        let mut tx = self.store.begin().await?;
        let ended = holding.end(&mut tx, person, &account.email).await?;
        if ended {
            tx.commit().await?;
        }
        Ok(ended)
    }
}
