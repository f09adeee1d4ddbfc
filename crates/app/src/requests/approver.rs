//! Who approved a request, as far as central can vouch for it (issue 19, item 2; M5). A
//! manager approves by the link sent to the address the requester typed: anyone can name
//! themselves the manager with an address they hold. So before central issues a code or
//! makes a change on such an approval, the approver must be on file (a manager or an officer
//! of the organization with that address), or central must have checked them by other means
//! (a call to the organization, say) and recorded who checked, when and how.

use mandat_core::audit::{AuditAction, Detail};
use mandat_core::ids::RequestId;
use mandat_core::organization::Neq;
use mandat_core::request::{Approval, RequestState, approver_check};
use mandat_store::{ApproverCheck, AuditEntry, RequestRecord};

use crate::{App, Central, Error, Reason};

/// Where the approver of a request stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Approver {
    /// An officer of the organization, signed in (M5): Mandat knows who they are.
    SignedIn,
    /// The address is that of this person of the organization on file, a manager or an
    /// officer.
    OnFile(String),
    /// The organization is in Mandat, but no manager or officer on file has the address.
    NotOnFile,
    /// The organization is new: only the requester named the address.
    NamedByRequester,
}

/// The approver, and central's check of them if it recorded one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApproverStanding {
    pub approver: Approver,
    pub check: Option<ApproverCheck>,
}

impl ApproverStanding {
    /// Whether the approval needs central's check, which it does not have yet.
    pub fn unverified(&self) -> bool {
        self.needs_check() && self.check.is_none()
    }

    /// Whether the approval rests on an address nothing on file vouches for.
    pub fn needs_check(&self) -> bool {
        matches!(
            self.approver,
            Approver::NotOnFile | Approver::NamedByRequester
        )
    }
}

impl App {
    /// Where the approver of request `r` stands, from what is on file now.
    pub async fn approver_standing(&self, r: &RequestRecord) -> Result<ApproverStanding, Error> {
        let check = self.store.approver_check(r.id).await?;
        let approver = if r.approval == Approval::Officer {
            Approver::SignedIn
        } else {
            let org = match r.org {
                Some(org) => Some(org),
                None => match Neq::parse(r.document.organization_form().neq) {
                    Ok(neq) => self.store.organization_by_neq(&neq).await?.map(|o| o.id),
                    Err(_) => None,
                },
            };
            match org {
                None => Approver::NamedByRequester,
                Some(org) => {
                    let email = &r.document.approver.email;
                    match self.store.approver_on_file(org, email).await? {
                        Some(name) => Approver::OnFile(name),
                        None => Approver::NotOnFile,
                    }
                }
            }
        };
        Ok(ApproverStanding { approver, check })
    }

    /// Refuses to act on an approval that needs central's check and lacks it.
    pub(super) async fn require_vouched_approver(&self, r: &RequestRecord) -> Result<(), Error> {
        match self.approver_standing(r).await?.unverified() {
            true => Err(Error::reason(Reason::ApproverUnverified)),
            false => Ok(()),
        }
    }

    /// Central records how it checked the approver of the approved request `id`, whose
    /// approval needs it: once, with who and when, and in the audit log.
    pub async fn check_approver(
        &self,
        central: &Central,
        id: RequestId,
        how: &str,
    ) -> Result<(), Error> {
        let r = self.store.request(id).await?.ok_or(Error::NotFound)?;
        let standing = self.approver_standing(&r).await?;
        if r.state != RequestState::Approved || !standing.unverified() {
            return Err(Error::reason(Reason::NotActionable));
        }
        let how = approver_check(how).map_err(|e| Error::fields(vec![e]))?;
        let mut tx = self.store.begin().await?;
        if !tx.record_approver_check(id, central.account, &how).await? {
            return Err(Error::reason(Reason::NotActionable));
        }
        tx.audit(&AuditEntry {
            actor: Some(central.account),
            org: r.org,
            person: r.person,
            action: AuditAction::ApproverChecked,
            detail: Detail::text(how),
            client_address: central.client.clone(),
            agency: None,
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
