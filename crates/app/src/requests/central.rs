//! What central does to an approved request besides issuing its code: the identity check by
//! NAS partiel (M7, M16), the refusal with its reason, and the change a member asked for
//! (M19), whose new email address first confirms itself by a link sent to it.

use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::contact::Email;
use mandat_core::ids::RequestId;
use mandat_core::person::{NasPartial, Person};
use mandat_core::request::{RequestKind, RequestState, Step, refusal_reason};
use mandat_core::{Field, secret};
use mandat_mail::messages::Message;
use mandat_mail::requests::{ConfirmEmailMail, RequestOutcomeMail};
use mandat_store::{Actor, AuditEntry, LinkPurpose, RequestRecord};
use time::Duration;

use super::CENTRAL_LABEL;
use crate::{App, Central, Error, Reason};

/// How long the new address's confirmation link works.
pub const EMAIL_LINK_DAYS: i64 = 7;

fn by(central: &Central) -> Actor {
    Actor {
        account: Some(central.account),
        label: CENTRAL_LABEL.into(),
    }
}

fn entry(central: &Central, r: &RequestRecord, action: AuditAction, detail: Detail) -> AuditEntry {
    AuditEntry {
        actor: Some(central.account),
        org: r.org,
        person: r.person,
        action,
        detail,
        client_address: central.client.clone(),
        agency: None,
    }
}

/// An address the request carries, which was checked when it was filed.
pub(super) fn filed_email(text: &str) -> Result<Email, Error> {
    Email::parse(Field::Email, text).map_err(|e| Error::Internal(e.to_string()))
}

impl App {
    async fn request(&self, id: RequestId) -> Result<RequestRecord, Error> {
        self.store.request(id).await?.ok_or(Error::NotFound)
    }

    /// Identity check (M7, M16): whether the six digits central typed are the ones the
    /// requester filed. Every check is recorded; the answer says nothing more.
    pub async fn check_request_identity(
        &self,
        central: &Central,
        id: RequestId,
        nas: &str,
    ) -> Result<bool, Error> {
        let r = self.request(id).await?;
        let nas = NasPartial::parse(nas).map_err(|e| Error::fields(vec![e]))?;
        let matches = self.nas_key.matches(&nas, &r.document.nas_digest());
        let said = match matches {
            true => Note::RequestNasMatches,
            false => Note::RequestNasMismatch,
        };
        let detail = said.with("id", r.id);
        let mut tx = self.store.begin().await?;
        tx.audit(&entry(central, &r, AuditAction::IdentityChecked, detail))
            .await?;
        tx.commit().await?;
        Ok(matches)
    }

    /// Central refuses an approved request, with the reason the requester is emailed.
    pub async fn reject_request(
        &self,
        central: &Central,
        id: RequestId,
        reason: &str,
    ) -> Result<(), Error> {
        let r = self.request(id).await?;
        let reason = refusal_reason(reason).map_err(|e| Error::fields(vec![e]))?;
        let mut tx = self.store.begin().await?;
        let (approved, reject) = (RequestState::Approved, Step::Reject);
        if !tx
            .step_request(r.id, approved, reject, &by(central), &reason)
            .await?
        {
            return Err(Error::reason(Reason::NotActionable));
        }
        let to = filed_email(&r.document.requester.email)?;
        tx.queue_mail(&RequestOutcomeMail::rejected(&reason).to(&to)?)
            .await?;
        let detail = Note::RequestRejected
            .with("id", r.id)
            .with("reason", &reason);
        tx.audit(&entry(
            central,
            &r,
            AuditAction::AccessRequestRejected,
            detail,
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// M19: the member's names, phones, NAS partiel and profiles take effect at once; a new
    /// email address is sent a link and replaces the old one once confirmed. `true` when the
    /// change waits for that confirmation.
    pub async fn apply_change(&self, central: &Central, id: RequestId) -> Result<bool, Error> {
        let r = self.request(id).await?;
        let person = match r.person {
            Some(p) if r.state == RequestState::Approved && r.kind() == RequestKind::Change => {
                self.store.person(p).await?
            }
            _ => None,
        };
        let (current, org) = person.ok_or(Error::reason(Reason::NotActionable))?;
        self.require_vouched_approver(&r).await?;
        let form = r.document.requester_form();
        let changed = Person::parse_hashed(current.id, org.id, &form, r.document.nas_digest())
            .map_err(Error::fields)?;
        let new_email = !changed
            .email
            .as_str()
            .eq_ignore_ascii_case(current.email.as_str());
        let mut tx = self.store.begin().await?;
        tx.update_person(&changed).await?;
        tx.replace_profiles(changed.id, &r.document.profile_set())
            .await?;
        let step = if new_email {
            let token = secret::token();
            let expires = self.store.now() + Duration::days(EMAIL_LINK_DAYS);
            let (digest, confirm) = (secret::digest(&token), LinkPurpose::ConfirmEmail);
            tx.insert_request_link(&digest, r.id, confirm, expires)
                .await?;
            let mail = ConfirmEmailMail {
                url: self.url(&format!("/demande/courriel/{token}")),
                days: EMAIL_LINK_DAYS,
            };
            tx.queue_mail(&mail.to(&changed.email)?).await?;
            Step::ApplyAwaitingEmail
        } else {
            Step::Apply
        };
        if !tx
            .step_request(r.id, RequestState::Approved, step, &by(central), "")
            .await?
        {
            return Err(Error::reason(Reason::NotActionable));
        }
        let note = match new_email {
            true => Note::RequestAppliedEmail,
            false => Note::RequestApplied,
        };
        let detail = note.with("id", r.id);
        let mut applied = entry(central, &r, AuditAction::AccessRequestApplied, detail);
        (applied.org, applied.person) = (Some(org.id), Some(changed.id));
        tx.audit(&applied).await?;
        tx.commit().await?;
        Ok(new_email)
    }
}
