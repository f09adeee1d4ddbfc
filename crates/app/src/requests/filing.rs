//! Filing form 2490 (M4): a new registration code from a public page, a change signed in
//! (M19). The request is routed to the approver named in section 3 by M5 and M2: an officer
//! on file reads it in « Demandes à approuver », a manager gets a single-use link. The
//! requester withdraws it by the link the form's key makes, until central acts.

use mandat_core::audit::{AuditAction, Note};
use mandat_core::contact::Email;
use mandat_core::ids::RequestId;
use mandat_core::organization::{Neq, Organization};
use mandat_core::profile::ProfileSet;
use mandat_core::request::{
    Approval, RequestDocument, RequestInput, RequestKind, Step, check_first_request,
    check_resolution, needs_resolution,
};
use mandat_core::{Field, FieldError, Lang, Problem, secret};
use mandat_mail::messages::Message;
use mandat_mail::requests::{ApprovalRequestMail, Missing, RequestFiledMail};
use mandat_store::{
    Account, Actor, AuditEntry, LinkPurpose, NewRequest, RequestRecord, StoreError,
};
use time::Duration;

use super::central::filed_email;
use crate::{App, Error};

/// How long a manager's approval link works.
pub const LINK_DAYS: i64 = 14;

/// A form 2490 as sent.
pub struct Filing<'a> {
    pub kind: RequestKind,
    /// The form's key, 64 hexadecimal digits: the same form sent twice files once.
    pub key: &'a str,
    pub input: RequestInput<'a>,
    /// The board's resolution as sent, when a file was (M5).
    pub resolution: Option<Sent<'a>>,
}

/// A file as sent with a form.
pub enum Sent<'a> {
    /// Its bytes, which may be at most `max` long.
    Kept { bytes: &'a [u8], max: usize },
    /// Larger than `max_mib` MiB, and not kept.
    TooLarge { max_mib: usize },
}

/// Where a filed request goes: its organization if it exists, who approves it, and what the
/// organization lacks (M3).
struct Route {
    org: Option<Organization>,
    approval: Approval,
    missing: Missing,
}

impl App {
    /// Files the request, by nobody signed in (`filer` is `None`: a new code) or by a member
    /// (a change, which stays within their organization); the approver and the requester
    /// are emailed. A form already filed under its key is left as it is. `counted` is the
    /// client's counter of filings, which this one adds to.
    pub async fn file_request(
        &self,
        filer: Option<&Account>,
        filing: &Filing<'_>,
        client: Option<String>,
        counted: &str,
    ) -> Result<(), Error> {
        let key_digest = secret::digest(filing.key);
        let user_code = filer.map(|a| a.user_code.as_str()).unwrap_or_default();
        let (document, profiles) = RequestDocument::parse(
            filing.kind,
            user_code,
            &filing.input,
            self.today(),
            &self.nas_key,
        )
        .map_err(Error::fields)?;
        let own_org = match filer.and_then(|a| a.kind.org()) {
            Some(org) => self.store.organization(org).await?,
            None => None,
        };
        let (route, mut errors) = self
            .route(filing.kind, own_org, &document, &profiles)
            .await?;
        let needed = needs_resolution(&profiles, document.organization.nonprofit);
        let resolution = match (needed, &filing.resolution) {
            (false, _) => None,
            (true, None) => {
                errors.push(FieldError::new(Field::Resolution, Problem::Required));
                None
            }
            (true, Some(Sent::TooLarge { max_mib })) => {
                let problem = Problem::FileTooLarge { max: *max_mib };
                errors.push(FieldError::new(Field::Resolution, problem));
                None
            }
            (true, Some(Sent::Kept { bytes, max })) => {
                check_resolution(bytes, *max)
                    .map_err(|e| errors.push(e))
                    .ok();
                Some(*bytes)
            }
        };
        if !errors.is_empty() {
            return Err(Error::fields(errors));
        }
        let id = RequestId::new();
        let requester = Actor {
            account: filer.map(|a| a.id),
            label: document.requester_name(),
        };
        let person = filer.and_then(|a| a.kind.person());
        let mut tx = self.store.begin().await?;
        let filed = tx
            .insert_request(
                &NewRequest {
                    id,
                    org: route.org.as_ref().map(|o| o.id),
                    person,
                    requester_account: requester.account,
                    approval: route.approval,
                    document: &document,
                    key_digest: &key_digest,
                    approved: false,
                },
                &requester,
            )
            .await;
        match filed {
            // The same form sent twice at once: the first one filed it.
            Err(StoreError::Conflict(_)) => return Ok(()),
            other => other?,
        }
        if let Some(bytes) = resolution {
            tx.insert_attachment(id, &hex_sha256(bytes), bytes).await?;
        }
        let approver_url = if route.approval == Approval::Officer {
            self.url("/administration/demandes")
        } else {
            let token = secret::token();
            let expires = self.store.now() + Duration::days(LINK_DAYS);
            let (digest, approve) = (secret::digest(&token), LinkPurpose::Approve);
            tx.insert_request_link(&digest, id, approve, expires)
                .await?;
            self.url(&format!("/demande/approbation/{token}"))
        };
        let profiles_in = |lang| {
            let names: Vec<&str> = profiles.profiles().iter().map(|p| p.name(lang)).collect();
            names.join(", ")
        };
        let by_officer = route.approval == Approval::Officer;
        let approval = ApprovalRequestMail {
            requester: document.requester_name(),
            organization: document.organization.name.clone(),
            profiles_fr: profiles_in(Lang::Fr),
            profiles_en: profiles_in(Lang::En),
            url: approver_url,
            link_days: (!by_officer).then_some(LINK_DAYS),
            // M3: a manager is told what the organization lacks.
            missing: if by_officer {
                Missing::default()
            } else {
                route.missing
            },
        };
        tx.queue_mail(&approval.to(&filed_email(&document.approver.email)?)?)
            .await?;
        let follow = format!("/demande/suivi/{}", filing.key);
        let receipt = RequestFiledMail {
            organization: document.organization.name.clone(),
            approver: document.approver_name(),
            follow_url: self.url(&follow),
        };
        tx.queue_mail(&receipt.to(&filed_email(&document.requester.email)?)?)
            .await?;
        let codes: Vec<&str> = profiles.profiles().iter().map(|p| p.code()).collect();
        tx.audit(&AuditEntry {
            actor: requester.account,
            org: route.org.as_ref().map(|o| o.id),
            person,
            action: AuditAction::AccessRequestFiled,
            detail: Note::RequestFiled
                .with("id", id)
                .with("kind", filing.kind.code())
                .with("profiles", codes.join(" "))
                .with("neq", &document.organization.neq)
                .with("approver", &document.approver.email)
                .with("capacity", document.approver.capacity.code()),
            client_address: client,
            agency: None,
        })
        .await?;
        tx.count_failure(counted).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Routes a request by M5 and M2, with every rule of theirs that the filing breaks.
    async fn route(
        &self,
        kind: RequestKind,
        own_org: Option<Organization>,
        document: &RequestDocument,
        profiles: &ProfileSet,
    ) -> Result<(Route, Vec<FieldError>), Error> {
        let invalid = |e: FieldError| Error::Internal(e.to_string());
        let mut errors = Vec::new();
        let neq = &document.organization.neq;
        let org = match own_org {
            // A change stays within the member's organization.
            Some(own) => {
                if own.neq.as_str() != neq {
                    errors.push(FieldError::new(Field::Neq, Problem::Incorrect));
                }
                Some(own)
            }
            None => {
                let neq = Neq::parse(neq).map_err(invalid)?;
                self.store.organization_by_neq(&neq).await?
            }
        };
        let (principal, auxiliary) = match &org {
            Some(o) => self.store.officers_signing_in(o.id).await?,
            None => (false, false),
        };
        let approval = Approval::for_profiles(profiles, principal || auxiliary);
        if let Err(e) = approval.check(document.approver.capacity) {
            errors.push(e);
        }
        if kind == RequestKind::NewCode
            && let Err(e) = check_first_request(profiles, self.store.has_principal(neq).await?)
        {
            errors.push(e);
        }
        if approval == Approval::Officer {
            let officers = match &org {
                Some(o) => self.store.active_officer_emails(o.id).await?,
                None => Vec::new(),
            };
            let named =
                Email::parse(Field::ApproverEmail, &document.approver.email).map_err(invalid)?;
            if !officers.contains(&named) {
                errors.push(FieldError::new(Field::ApproverEmail, Problem::NotAnOfficer));
            }
        }
        let missing = Missing {
            principal: !principal,
            auxiliary: !auxiliary,
        };
        let route = Route {
            org,
            approval,
            missing,
        };
        Ok((route, errors))
    }

    /// The requester withdraws the request before central acts, by the link the form's key
    /// makes. `false` when it is too late (nothing written).
    pub async fn withdraw_request(
        &self,
        r: &RequestRecord,
        reason: &str,
        client: Option<String>,
    ) -> Result<bool, Error> {
        let reason: String = reason.split_whitespace().collect::<Vec<_>>().join(" ");
        let reason: String = reason.chars().take(500).collect();
        let by = Actor {
            account: r.requester_account,
            label: r.document.requester_name(),
        };
        let mut tx = self.store.begin().await?;
        if !tx
            .step_request(r.id, r.state, Step::Withdraw, &by, &reason)
            .await?
        {
            return Ok(false);
        }
        tx.audit(&AuditEntry {
            actor: r.requester_account,
            org: r.org,
            person: r.person,
            action: AuditAction::AccessRequestWithdrawn,
            detail: Note::Request.with("id", r.id),
            client_address: client,
            agency: None,
        })
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The request the requester's link follows (its form's key); any other is not found.
    pub async fn followed_request(&self, key: &str) -> Result<RequestRecord, Error> {
        if key.len() != 64 {
            return Err(Error::NotFound);
        }
        let r = self.store.request_by_key(&secret::digest(key)).await?;
        r.ok_or(Error::NotFound)
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}
