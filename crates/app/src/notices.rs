//! Who is told when a person's code changes (M14, M15, M24), in the change's transaction: the
//! user, the organization's other active officers, and central at once when no active officer
//! remains. Every door and job that changes a code tells people through here.

use mandat_core::audit::{AuditAction, Note};
use mandat_core::ids::AccountId;
use mandat_core::organization::Organization;
use mandat_mail::messages::{Message, NoActiveOfficerMail};
use mandat_mail::security::{Change, ChangedBy, CodeChangedOfficersMail, CodeChangedUserMail};
use mandat_store::{Account, AccountKind, AuditEntry, Store, Tx};

use crate::Error;

/// Queues, in the change's transaction, the emails of a change to `subject`'s code: to the
/// user and to the organization's other active officers (M24, M14). When a deactivation
/// leaves the organization without an active officer, central is alerted at once and the
/// alert recorded (M15).
pub async fn queue_code_change(
    tx: &mut Tx,
    store: &Store,
    subject: &Account,
    organization: &Organization,
    (change, by): (&Change, &ChangedBy),
    temporary_password: Option<String>,
) -> Result<(), Error> {
    tx.queue_mail(&CodeChangedUserMail::new(change, by, temporary_password).to(&subject.email)?)
        .await?;
    let AccountKind::Member { org, person } = subject.kind else {
        return Ok(());
    };
    let officers = tx.active_officer_emails(org).await?;
    let notice =
        CodeChangedOfficersMail::new(subject.user_code.first_three(), &subject.name, change, by);
    for officer in officers.iter().filter(|e| **e != subject.email) {
        tx.queue_mail(&notice.to(officer)?).await?;
    }
    if matches!(change, Change::Deactivated { .. })
        && officers.is_empty()
        && store.profiles_of(person).await?.is_officer()
    {
        alert_central(tx, store, organization, subject, None).await?;
    }
    Ok(())
}

/// M15: tells central at once that `organization` has no active officer left, the code of
/// `subject` being the last to go, and records the alert as `actor`'s (none for Mandat).
pub async fn alert_central(
    tx: &mut Tx,
    store: &Store,
    organization: &Organization,
    subject: &Account,
    actor: Option<AccountId>,
) -> Result<(), Error> {
    let alert = NoActiveOfficerMail {
        code_prefix: subject.user_code.first_three().to_string(),
        organization: organization.name.clone(),
        neq: organization.neq.to_string(),
    };
    for central in store.central_emails().await? {
        tx.queue_mail(&alert.to(&central)?).await?;
    }
    let person = subject.kind.person();
    tx.audit(&AuditEntry {
        actor,
        org: Some(organization.id),
        person,
        action: AuditAction::NoActiveOfficer,
        detail: Note::CentralAlerted.into(),
        client_address: None,
        agency: None,
    })
    .await?;
    Ok(())
}
