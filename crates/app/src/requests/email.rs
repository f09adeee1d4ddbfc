//! M19's last step: the member's new address confirms itself by the link it was sent, and
//! replaces the old one; the member and the organization's officers are told.

use mandat_core::audit::{AuditAction, Note};
use mandat_core::request::{RequestState, Step};
use mandat_core::secret;
use mandat_mail::messages::Message;
use mandat_mail::requests::EmailChangedMail;
use mandat_store::{Actor, AuditEntry, LinkPurpose, RequestRecord};

use super::central::filed_email;
use crate::{App, Error};

impl App {
    /// The request whose new address the link `token` confirms, while it waits for it;
    /// any other link is not found (used, expired, or never sent).
    pub async fn email_to_confirm(&self, token: &str) -> Result<RequestRecord, Error> {
        let digest = secret::digest(token);
        let id = self
            .store
            .request_link(&digest, LinkPurpose::ConfirmEmail)
            .await?;
        let request = match id {
            Some(id) => self.store.request(id).await?,
            None => None,
        };
        request
            .filter(|r| r.state == RequestState::AwaitingEmail)
            .ok_or(Error::NotFound)
    }

    /// Confirms the new address by the link `token`, once: it replaces the old one.
    pub async fn confirm_email(&self, token: &str, client: Option<String>) -> Result<(), Error> {
        let mut tx = self.store.begin().await?;
        let digest = secret::digest(token);
        let used = tx
            .use_request_link(&digest, LinkPurpose::ConfirmEmail)
            .await?;
        let id = used.ok_or(Error::NotFound)?;
        let r = self.store.request(id).await?.ok_or(Error::NotFound)?;
        let (Some(person), Some(org)) = (r.person, r.org) else {
            return Err(Error::Internal("a change without its person".into()));
        };
        let email = filed_email(&r.document.requester.email)?;
        let by = Actor {
            account: None,
            label: r.document.requester_name(),
        };
        let (awaiting, confirm) = (RequestState::AwaitingEmail, Step::ConfirmEmail);
        if !tx.step_request(r.id, awaiting, confirm, &by, "").await? {
            return Err(Error::NotFound);
        }
        tx.update_person_email(person, &email).await?;
        let organization = self.store.organization(org).await?;
        let notice = EmailChangedMail {
            name: r.document.requester_name(),
            organization: organization.map(|o| o.name).unwrap_or_default(),
        };
        tx.queue_mail(&notice.to(&email)?).await?;
        for officer in self.store.active_officer_emails(org).await? {
            if officer != email {
                tx.queue_mail(&notice.to(&officer)?).await?;
            }
        }
        tx.audit(&AuditEntry {
            actor: None,
            org: Some(org),
            person: Some(person),
            action: AuditAction::EmailChanged,
            detail: Note::RequestEmailConfirmed.with("id", r.id),
            client_address: client,
            agency: None,
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
