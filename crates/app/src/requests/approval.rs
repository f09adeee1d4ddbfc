//! Approving or refusing a request (M5, M2): a manager by the single-use link of their
//! email, after typing that email; an officer signed in, for their organization's requests.
//! Either way the requester is emailed the outcome, and the step is kept with who and why.

use mandat_core::audit::{AuditAction, Note};
use mandat_core::contact::Email;
use mandat_core::ids::RequestId;
use mandat_core::request::{RequestState, Step, refusal_reason};
use mandat_core::{Field, FieldError, Problem, secret};
use mandat_mail::messages::Message;
use mandat_mail::requests::RequestOutcomeMail;
use mandat_store::{Actor, AuditEntry, LinkPurpose, RequestRecord, Tx};

use super::central::filed_email;
use crate::{App, Error, Officer, Reason};

/// How a manager is named in a request's history: « Nom (gestionnaire) ».
const MANAGER: &str = "gestionnaire";

/// What the approver decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Refuse(String),
}

impl Decision {
    /// `approve`, or a refusal with its reason, which it needs.
    pub fn parse(decision: &str, reason: &str) -> Result<Self, FieldError> {
        match decision {
            "approve" => Ok(Decision::Approve),
            _ => refusal_reason(reason).map(Decision::Refuse),
        }
    }
}

impl App {
    /// The request a manager's link leads to, while the link works and the request waits;
    /// any other link is not found.
    pub async fn linked_request(&self, token: &str) -> Result<RequestRecord, Error> {
        let digest = secret::digest(token);
        let id = self
            .store
            .request_link(&digest, LinkPurpose::Approve)
            .await?;
        let id = id.ok_or(Error::NotFound)?;
        let r = self.store.request(id).await?;
        r.filter(|r| r.state == RequestState::AwaitingApproval)
            .ok_or(Error::NotFound)
    }

    /// A manager decides by their link, after typing the email it was sent to; the link
    /// then works no more.
    pub async fn decide_by_link(
        &self,
        token: &str,
        typed_email: &str,
        (decision, reason): (&str, &str),
        client: Option<String>,
    ) -> Result<Decision, Error> {
        let r = self.linked_request(token).await?;
        let mut errors = Vec::new();
        match Email::parse(Field::ApproverEmail, typed_email) {
            Ok(e) if e.as_str().eq_ignore_ascii_case(&r.document.approver.email) => {}
            Ok(_) => errors.push(FieldError::new(Field::ApproverEmail, Problem::Incorrect)),
            Err(e) => errors.push(e),
        }
        let decision = Decision::parse(decision, reason).map_err(|e| errors.push(e));
        let decision = match decision {
            Ok(d) if errors.is_empty() => d,
            _ => return Err(Error::fields(errors)),
        };
        let by = Actor {
            account: None,
            label: format!("{} ({MANAGER})", r.document.approver_name()),
        };
        let mut tx = self.store.begin().await?;
        let digest = secret::digest(token);
        if tx
            .use_request_link(&digest, LinkPurpose::Approve)
            .await?
            .is_none()
            || !decide(&mut tx, &r, &by, &decision, client).await?
        {
            return Err(Error::NotFound);
        }
        tx.commit().await?;
        Ok(decision)
    }

    /// An officer approves or refuses a request of their organization that an officer may
    /// decide (M5, M2), and not their own (Q4).
    pub async fn decide_as_officer(
        &self,
        officer: &Officer,
        id: RequestId,
        (decision, reason): (&str, &str),
    ) -> Result<Decision, Error> {
        let r = self.store.request(id).await?;
        let r = r
            .filter(|r| r.org == Some(officer.org))
            .ok_or(Error::NotFound)?;
        r.approval
            .check(officer.capacity())
            .map_err(|e| Error::fields(vec![e]))?;
        let requester = &r.document.requester.email;
        if requester.eq_ignore_ascii_case(officer.email.as_str()) {
            return Err(Error::reason(Reason::OwnRequest));
        }
        if r.state != RequestState::AwaitingApproval {
            return Err(Error::reason(Reason::AlreadyDecided));
        }
        let decision = Decision::parse(decision, reason).map_err(|e| Error::fields(vec![e]))?;
        let by = Actor {
            account: Some(officer.account),
            label: officer.name.clone(),
        };
        let mut tx = self.store.begin().await?;
        if !decide(&mut tx, &r, &by, &decision, officer.client.clone()).await? {
            return Err(Error::reason(Reason::AlreadyDecided));
        }
        tx.commit().await?;
        Ok(decision)
    }
}

/// Records the decision and tells the requester, in the caller's transaction. `false` when
/// the request had moved on already.
async fn decide(
    tx: &mut Tx,
    r: &RequestRecord,
    by: &Actor,
    decision: &Decision,
    client: Option<String>,
) -> Result<bool, Error> {
    let (step, reason) = match decision {
        Decision::Approve => (Step::Approve, ""),
        Decision::Refuse(reason) => (Step::Refuse, reason.as_str()),
    };
    let waiting = RequestState::AwaitingApproval;
    if !tx.step_request(r.id, waiting, step, by, reason).await? {
        return Ok(false);
    }
    let mail = match decision {
        Decision::Approve => RequestOutcomeMail::approved(&by.label),
        Decision::Refuse(reason) => RequestOutcomeMail::refused(&by.label, reason),
    };
    let to = filed_email(&r.document.requester.email)?;
    tx.queue_mail(&mail.to(&to)?).await?;
    tx.audit(&AuditEntry {
        actor: by.account,
        org: r.org,
        person: r.person,
        action: match decision {
            Decision::Approve => AuditAction::AccessRequestApproved,
            Decision::Refuse(_) => AuditAction::AccessRequestRefused,
        },
        detail: Note::RequestBy.with("id", r.id).with("by", &by.label),
        client_address: client,
        agency: None,
    })
    .await?;
    Ok(true)
}
