//! Reactivations asked of central (M16). An officer who may not reactivate a code (not a
//! lockout, past its date, inactive too long, their own) asks central, once; the request is
//! due in one business day for a lockout, two otherwise. Central reactivates (in `code`) or
//! refuses with a reason told to the officer who asked.

use mandat_core::Field;
use mandat_core::audit::{AuditAction, Detail};
use mandat_core::ids::PersonId;
use mandat_core::validity::{ReactivationKind, Rule, officer_may_reactivate};
use mandat_mail::messages::Message;
use mandat_mail::reactivation::{ReactivationRefusedMail, ReactivationRequestedMail, Requested};
use mandat_store::{AuditEntry, NewReactivation, ReactivationOutcome};

use super::code::renewal;
use super::with_expiry;
use super::{Keeper, Typed, reason_text};
use crate::{App, Error};

impl App {
    /// An officer asks central to reactivate the code of `person`, which they may not
    /// reactivate themselves; central is emailed.
    pub async fn request_reactivation(
        &self,
        keeper: &Keeper<'_>,
        person: PersonId,
        typed: &Typed,
    ) -> Result<&'static str, Error> {
        if keeper.is_central() {
            return Err(Error::NotFound);
        }
        let (s, account) = self.subject_with_code(keeper, person).await?;
        let reason = reason_text(Field::ReactivationReason, &typed.reactivation_reason)?;
        let today = self.today();
        let mut tx = self.store.begin().await?;
        let Some(current) = tx.account_for_update(account.id).await? else {
            return Err(Error::rules(vec![Rule::Unchanged]));
        };
        let facts = keeper.facts(&current, &s);
        let Some(kind) = ReactivationKind::of(&facts, today) else {
            return Err(Error::rules(vec![Rule::Unchanged]));
        };
        if !keeper.frozen(facts.inactive) && officer_may_reactivate(&facts, today).is_empty() {
            return Err(Error::rules(vec![Rule::NotNeeded]));
        }
        let expiry = renewal(facts, typed, today)?.filter(|_| kind == ReactivationKind::Expired);
        let due_on = self.calendar.add_business_days(today, kind.business_days());
        let filed = tx
            .file_reactivation(&NewReactivation {
                account: current.id,
                org: s.org.id,
                person: s.person.id,
                kind,
                requested_by: keeper.account.id,
                reason: reason.clone(),
                requested_expiry: expiry,
                due_on,
            })
            .await?;
        if !filed {
            return Err(Error::rules(vec![Rule::AlreadyRequested]));
        }
        tx.audit(&AuditEntry {
            actor: Some(keeper.account.id),
            org: Some(s.org.id),
            person: Some(s.person.id),
            action: AuditAction::ReactivationRequested,
            detail: match expiry {
                Some(on) => with_expiry(&reason, on),
                None => Detail::text(&reason),
            },
            client_address: keeper.client.clone(),
            agency: None,
        })
        .await?;
        let mail = ReactivationRequestedMail::new(&Requested {
            requested_by: &keeper.account.name,
            organization: &s.org.name,
            neq: s.org.neq.as_str(),
            code_prefix: current.user_code.first_three(),
            person: &format!("{} {}", s.person.first_name, s.person.last_name),
            reason: &reason,
            expiry,
            due_on,
        });
        for central in self.store.central_emails().await? {
            tx.queue_mail(&mail.to(&central)?).await?;
        }
        tx.commit().await?;
        Ok("person-reactivation-requested")
    }

    /// Central refuses the open request for `person`'s code; the officer who asked is told why.
    pub async fn refuse_reactivation(
        &self,
        keeper: &Keeper<'_>,
        person: PersonId,
        typed: &Typed,
    ) -> Result<&'static str, Error> {
        if !keeper.is_central() {
            return Err(Error::NotFound);
        }
        let (s, account) = self.subject_with_code(keeper, person).await?;
        let reason = reason_text(Field::RefusalReason, &typed.refusal)?;
        let Some(open) = self.store.open_reactivation(account.id).await? else {
            return Err(Error::rules(vec![Rule::Unchanged]));
        };
        let asker = self.store.account(open.requested_by).await?;
        let mut tx = self.store.begin().await?;
        let by = keeper.account.id;
        let refused = ReactivationOutcome::Refused;
        if !tx
            .close_reactivation(account.id, by, refused, &reason)
            .await?
        {
            return Err(Error::rules(vec![Rule::Unchanged]));
        }
        tx.audit(&AuditEntry {
            actor: Some(by),
            org: Some(s.org.id),
            person: Some(s.person.id),
            action: AuditAction::ReactivationRefused,
            detail: Detail::text(&reason),
            client_address: keeper.client.clone(),
            agency: None,
        })
        .await?;
        if let Some(asker) = asker {
            let mail = ReactivationRefusedMail {
                code_prefix: account.user_code.first_three().to_string(),
                person: format!("{} {}", s.person.first_name, s.person.last_name),
                organization: s.org.name.clone(),
                reason,
            };
            tx.queue_mail(&mail.to(&asker.email)?).await?;
        }
        tx.commit().await?;
        Ok("person-reactivation-refused")
    }
}
