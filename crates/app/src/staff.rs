//! Staff accounts that are nobody's organization's: central's agents, managed by central, and
//! an agency's people, managed by the agency's administrators. One creates another (the user
//! code is emailed, a temporary password returned to be shown once), deactivates one, or
//! reactivates one with a new temporary password; never their own. Each change is audited.

use mandat_core::account::{InactiveCause, NewAgent};
use mandat_core::agency::Agency;
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::credentials::PasswordHash;
use mandat_core::ids::AccountId;
use mandat_core::{Field, FieldError, Problem};
use mandat_mail::messages::{
    AgencyStaffCreatedMail, CentralAgentCreatedMail, Message, StaffReactivatedMail,
};
use mandat_store::{Account, AccountKind, AuditEntry, NewAccount, StoreError, Tx};

use crate::hashing::temporary_password;
use crate::{App, Error, Reason};

/// Who manages a team: central for its agents, or an administrator of the agency for its
/// people. Made only by [`Lead::central`] and [`Lead::agency_admin`], which check the
/// account, so no door can lead a team it is not in.
pub struct Lead<'a> {
    account: &'a Account,
    agency: Option<&'a Agency>,
    client: Option<String>,
}

impl<'a> Lead<'a> {
    /// A central agent, leading central's agents.
    pub fn central(account: &'a Account, client: Option<String>) -> Option<Self> {
        let central = account.kind == AccountKind::Central && account.inactive.is_none();
        central.then_some(Lead {
            account,
            agency: None,
            client,
        })
    }

    /// An administrator of `agency`, leading its people.
    pub fn agency_admin(
        account: &'a Account,
        agency: &'a Agency,
        client: Option<String>,
    ) -> Option<Self> {
        let admin = matches!(account.kind, AccountKind::Agency { agency: a, admin: true } if a == agency.id)
            && account.inactive.is_none();
        admin.then_some(Lead {
            account,
            agency: Some(agency),
            client,
        })
    }
}

impl Lead<'_> {
    fn holds(&self, account: &Account) -> bool {
        match (self.agency, account.kind) {
            (None, AccountKind::Central) => true,
            (Some(a), AccountKind::Agency { agency, .. }) => a.id == agency,
            _ => false,
        }
    }

    fn entry(&self, action: AuditAction, detail: Detail) -> AuditEntry {
        AuditEntry {
            actor: Some(self.account.id),
            org: None,
            person: None,
            action,
            detail,
            client_address: self.client.clone(),
            agency: self.agency.map(|a| a.id),
        }
    }
}

/// Writes a staff account for `agent`, of `kind`, with the temporary password's `hash`
/// (made before the transaction began, so that hashing holds no lock), in `tx`. A user code
/// someone has already is refused.
pub(crate) async fn insert_staff_account(
    tx: &mut Tx,
    kind: AccountKind,
    agent: &NewAgent,
    hash: PasswordHash,
) -> Result<(), Error> {
    let inserted = tx
        .insert_account(&NewAccount {
            id: AccountId::new(),
            kind,
            identity: Some((agent.name.clone(), agent.email.clone())),
            user_code: agent.user_code.clone(),
            password_hash: hash,
            password_temporary: true,
            expires_on: None,
        })
        .await;
    if let Err(StoreError::Conflict(_)) = inserted {
        let taken = FieldError::new(Field::UserCode, Problem::Taken);
        return Err(Error::fields(vec![taken]));
    }
    inserted?;
    Ok(())
}

/// A new account, and its temporary password, to be shown this once.
pub struct Created {
    pub agent: NewAgent,
    pub password: String,
}

impl App {
    /// The team's account `id`; anyone else's is not found.
    pub async fn team_member(&self, lead: &Lead<'_>, id: AccountId) -> Result<Account, Error> {
        let account = self.store.account(id).await?;
        account.filter(|a| lead.holds(a)).ok_or(Error::NotFound)
    }

    /// A new account in the lead's team, named, with its email and user code as typed; an
    /// agency's may be an administrator.
    pub async fn create_staff(
        &self,
        lead: &Lead<'_>,
        (name, email, user_code): (&str, &str, &str),
        admin: bool,
    ) -> Result<Created, Error> {
        let agent = NewAgent::parse(name, email, user_code).map_err(Error::fields)?;
        let kind = match lead.agency {
            None => AccountKind::Central,
            Some(a) => AccountKind::Agency {
                agency: a.id,
                admin,
            },
        };
        let admin = admin && lead.agency.is_some();
        let (password, hash) = temporary_password().await?;
        let mut tx = self.store.begin().await?;
        insert_staff_account(&mut tx, kind, &agent, hash).await?;
        let (created_by, user_code) = (lead.account.name.clone(), agent.user_code.to_string());
        let (mail, action) = match lead.agency {
            None => (
                CentralAgentCreatedMail {
                    user_code,
                    created_by,
                }
                .to(&agent.email)?,
                AuditAction::CentralAgentCreated,
            ),
            Some(a) => (
                AgencyStaffCreatedMail {
                    user_code,
                    created_by,
                    agency_fr: a.name.fr.clone(),
                    agency_en: a.name.en.clone(),
                    admin,
                }
                .to(&agent.email)?,
                AuditAction::AgencyStaffCreated,
            ),
        };
        tx.queue_mail(&mail).await?;
        let note = match admin {
            true => Note::StaffAdministrator,
            false => Note::StaffMember,
        };
        let detail = note
            .with("name", &agent.name)
            .with("user_code", &agent.user_code);
        tx.audit(&lead.entry(action, detail)).await?;
        tx.commit().await?;
        Ok(Created { agent, password })
    }

    /// Deactivates another account of the team, and ends its sessions; an inactive one is
    /// left as it is.
    pub async fn deactivate_staff(&self, lead: &Lead<'_>, id: AccountId) -> Result<(), Error> {
        let target = self.team_member(lead, id).await?;
        if target.id == lead.account.id {
            return Err(Error::reason(Reason::OwnAccount));
        }
        if target.inactive.is_some() {
            return Ok(());
        }
        let (cause, action) = match lead.agency {
            None => (InactiveCause::Central, AuditAction::CentralAgentDeactivated),
            Some(_) => (InactiveCause::Agency, AuditAction::AgencyStaffDeactivated),
        };
        let mut tx = self.store.begin().await?;
        tx.deactivate_account(target.id, cause, None).await?;
        // Its sessions end with it: reactivated later, an old one must not come back.
        tx.end_sessions_of(target.id).await?;
        let detail = Note::StaffMember
            .with("name", &target.name)
            .with("user_code", &target.user_code);
        tx.audit(&lead.entry(action, detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Reactivates another account of the team, whatever made it inactive, with a new
    /// temporary password to hand over; its owner is told by email. `None` when it was
    /// active (or is the lead's own): nothing changed.
    pub async fn reactivate_staff(
        &self,
        lead: &Lead<'_>,
        id: AccountId,
    ) -> Result<Option<String>, Error> {
        let target = self.team_member(lead, id).await?;
        if target.id == lead.account.id || target.inactive.is_none() {
            return Ok(None);
        }
        let (password, hash) = temporary_password().await?;
        let action = match lead.agency {
            None => AuditAction::CentralAgentReactivated,
            Some(_) => AuditAction::AgencyStaffReactivated,
        };
        let mut tx = self.store.begin().await?;
        tx.reactivate_account(target.id).await?;
        // No session from before comes back to life with the account (ASVS 3.3.3).
        tx.end_sessions_of(target.id).await?;
        tx.set_password(target.id, &hash, true).await?;
        let mail = StaffReactivatedMail {
            reactivated_by: lead.account.name.clone(),
        };
        tx.queue_mail(&mail.to(&target.email)?).await?;
        let detail = Note::StaffMember
            .with("name", &target.name)
            .with("user_code", &target.user_code);
        tx.audit(&lead.entry(action, detail)).await?;
        tx.commit().await?;
        Ok(Some(password))
    }
}
