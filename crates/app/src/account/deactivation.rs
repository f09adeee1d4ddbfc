//! M13: a person deactivates their own code, for one of its reasons; the user and the
//! organization's other officers are told, and central at once when no active officer is
//! left (M15). Every session of the account ends with it.

use mandat_core::Lang;
use mandat_core::account::{DeactivationReason, InactiveCause};
use mandat_core::audit::{AuditAction, Note};
use mandat_mail::messages::{DeactivatedBySelfOfficersMail, DeactivatedBySelfUserMail, Message};
use mandat_store::{Account, AccountKind};

use super::own_entry;
use crate::notices::alert_central;
use crate::{App, Error};

impl App {
    /// Deactivates the account's own code for `reason` (with the text of « Autre », `other`).
    pub async fn deactivate_own_code(
        &self,
        account: &Account,
        (reason, other): (DeactivationReason, &str),
        client: Option<String>,
    ) -> Result<(), Error> {
        let code = reason.code();
        let stored = match other.is_empty() {
            true => code.to_string(),
            false => format!("{code}: {other}"),
        };
        let mut tx = self.store.begin().await?;
        tx.deactivate_account(account.id, InactiveCause::SelfRequest, Some(&stored))
            .await?;
        tx.end_sessions_of(account.id).await?;
        let detail = Note::BySelf.both(
            "reason",
            reason.said(other, Lang::Fr),
            reason.said(other, Lang::En),
        );
        tx.audit(&own_entry(
            account,
            AuditAction::Deactivated,
            detail,
            client,
        ))
        .await?;
        tx.queue_mail(&DeactivatedBySelfUserMail.to(&account.email)?)
            .await?;
        if let AccountKind::Member { org, person } = account.kind {
            let officers: Vec<_> = self.store.active_officer_emails(org).await?;
            let officers: Vec<_> = officers
                .into_iter()
                .filter(|e| *e != account.email)
                .collect();
            let notice = DeactivatedBySelfOfficersMail {
                code_prefix: account.user_code.first_three().to_string(),
                reason_fr: reason.said(other, Lang::Fr),
                reason_en: reason.said(other, Lang::En),
            };
            for officer in &officers {
                tx.queue_mail(&notice.to(officer)?).await?;
            }
            // M15: the last active officer is gone.
            if officers.is_empty() && self.store.profiles_of(person).await?.is_officer() {
                let found = self.store.person(person).await?;
                let (_, organization) =
                    found.ok_or_else(|| Error::Internal("person without organization".into()))?;
                alert_central(
                    &mut tx,
                    &self.store,
                    &organization,
                    account,
                    Some(account.id),
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
