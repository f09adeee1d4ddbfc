//! M18 in the daily job: the officers are told three weeks and again two weeks before a code
//! expires, and at its expiry date (from the start of the day, Quebec time) the code is
//! deactivated, its user and officers told, and central alerted if no officer remains (M15).
//! Each step is recorded in the audit log. A notice is recorded before it is queued, under a
//! key that admits it once; a code is deactivated by a conditional update that only one
//! transaction wins.

use std::collections::{BTreeMap, HashSet};

use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::ids::{AccountId, OrgId};
use mandat_store::{Account, AccountKind, AuditEntry, Store, Tx};
use time::{Date, Duration};

use mandat_mail::messages::Message;
use mandat_mail::security::{
    Change, ChangedBy, CodeChangedUserMail, CodesExpiringMail, ExpiryLine,
};

use super::{BATCH, NOTICE_DAYS};
use crate::Error;
use crate::notices::alert_central;

fn org_of(a: &Account) -> Option<OrgId> {
    a.kind.org()
}

/// Deactivates every code whose date has come, a batch per transaction.
pub(super) async fn expire(store: &Store, today: Date) -> Result<usize, Error> {
    let mut total = 0;
    let change = Change::Deactivated {
        fr: "Date d'expiration atteinte".into(),
        en: "Expiry date reached".into(),
    };
    let expired = store.codes_expired(today).await?;
    for batch in batches(&expired) {
        let mut tx = store.begin().await?;
        let ids: Vec<AccountId> = batch.iter().map(|a| a.id).collect();
        // Another worker may have deactivated some: only this run's are told.
        let done: HashSet<AccountId> = tx.expire_accounts(&ids, today).await?.into_iter().collect();
        let done: Vec<&Account> = batch.iter().filter(|a| done.contains(&a.id)).collect();
        let entries: Vec<AuditEntry> = done
            .iter()
            .map(|a| {
                let on = a.expires_on.unwrap_or(today);
                entry(a, AuditAction::Expired, Note::ExpiresOn.with("on", on))
            })
            .collect();
        tx.audit_all(&entries).await?;
        let mail = CodeChangedUserMail::new(&change, &ChangedBy::Expiry, None);
        let mails = done
            .iter()
            .map(|a| mail.to(&a.email))
            .collect::<Result<Vec<_>, _>>()?;
        tx.queue_mails(&mails).await?;
        for ((org, _), codes) in &grouped(done.iter().map(|a| (*a, 0))) {
            total += codes.len();
            tell_officers(&mut tx, *org, codes, 0).await?;
            alert_if_no_officer(&mut tx, store, *org, codes).await?;
        }
        tx.commit().await?;
    }
    Ok(total)
}

/// The codes by organization and by the notice's days.
fn grouped<'a>(
    codes: impl Iterator<Item = (&'a Account, i64)>,
) -> BTreeMap<(OrgId, i64), Vec<&'a Account>> {
    let mut grouped: BTreeMap<(OrgId, i64), Vec<&Account>> = BTreeMap::new();
    for (a, days) in codes {
        if let Some(org) = org_of(a) {
            grouped.entry((org, days)).or_default().push(a);
        }
    }
    grouped
}

/// Codes in batches of about [`BATCH`], each ending with an organization's last code, so that
/// its officers get one digest per run.
fn batches(codes: &[Account]) -> impl Iterator<Item = &[Account]> {
    let mut rest = codes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = BATCH.min(rest.len());
        while end < rest.len() && org_of(&rest[end]) == org_of(&rest[end - 1]) {
            end += 1;
        }
        let (batch, after) = rest.split_at(end);
        rest = after;
        Some(batch)
    })
}

/// Sends each notice due today and not yet sent: the 14-day one when 14 days or fewer
/// remain, the 21-day one before that.
pub(super) async fn notify(store: &Store, today: Date) -> Result<usize, Error> {
    let horizon = today + Duration::days(NOTICE_DAYS[0]);
    let coming = store
        .codes_expiring(today + Duration::days(1), horizon)
        .await?;
    let mut total = 0;
    for chunk in batches(&coming) {
        let mut tx = store.begin().await?;
        let days_before = |a: &Account| {
            // The 14-day notice once 14 days or fewer remain, else the 21-day one.
            let left = a.expires_on.map_or(0, |on| (on - today).whole_days());
            NOTICE_DAYS[usize::from(left <= NOTICE_DAYS[1])]
        };
        let notices: Vec<(AccountId, Date, i64)> = chunk
            .iter()
            .filter_map(|a| Some((a.id, a.expires_on?, days_before(a))))
            .collect();
        let sent: HashSet<AccountId> = tx
            .record_expiry_notices(&notices)
            .await?
            .into_iter()
            .collect();
        let sent: Vec<(&Account, i64)> = chunk
            .iter()
            .filter(|a| sent.contains(&a.id))
            .map(|a| (a, days_before(a)))
            .collect();
        let entries: Vec<AuditEntry> = sent
            .iter()
            .map(|(a, days)| {
                let on = a.expires_on.unwrap_or(today);
                entry(
                    a,
                    AuditAction::ExpiryNotice,
                    Note::ExpiryNotice.with("days", days).with("on", on),
                )
            })
            .collect();
        tx.audit_all(&entries).await?;
        for ((org, days), codes) in &grouped(sent.into_iter()) {
            total += codes.len();
            tell_officers(&mut tx, *org, codes, *days).await?;
        }
        tx.commit().await?;
    }
    Ok(total)
}

fn entry(a: &Account, action: AuditAction, detail: Detail) -> AuditEntry {
    let (org, person) = (a.kind.org(), a.kind.person());
    AuditEntry {
        actor: None,
        org,
        person,
        action,
        detail,
        client_address: None,
        agency: None,
    }
}

/// One digest to each active officer of the organization.
async fn tell_officers(
    tx: &mut Tx,
    org: OrgId,
    codes: &[&Account],
    days: i64,
) -> Result<(), Error> {
    let digest = CodesExpiringMail {
        days,
        codes: codes.iter().map(|a| ExpiryLine::new(a)).collect(),
    };
    for officer in tx.active_officer_emails(org).await? {
        tx.queue_mail(&digest.to(&officer)?).await?;
    }
    Ok(())
}

/// M15: the organization's last active officer just expired.
async fn alert_if_no_officer(
    tx: &mut Tx,
    store: &Store,
    org: OrgId,
    expired: &[&Account],
) -> Result<(), Error> {
    if !tx.active_officer_emails(org).await?.is_empty() {
        return Ok(());
    }
    let mut officer = None;
    for a in expired {
        if let AccountKind::Member { person, .. } = a.kind
            && store.profiles_of(person).await?.is_officer()
        {
            officer = Some(*a);
            break;
        }
    }
    let (Some(a), Some(organization)) = (officer, store.organization(org).await?) else {
        return Ok(());
    };
    alert_central(tx, store, &organization, a, None).await
}

#[cfg(test)]
mod tests {
    use mandat_core::contact::Email;
    use mandat_core::credentials::{PasswordHash, UserCode};
    use mandat_core::ids::{AccountId, PersonId};
    use mandat_core::{Field, SystemClock};

    use super::*;

    fn code_of(org: OrgId) -> Account {
        Account {
            id: AccountId::new(),
            kind: AccountKind::Member {
                person: PersonId::new(),
                org,
            },
            name: "Marie Roy".into(),
            email: Email::parse(Field::Email, "marie@exemple.qc.ca").expect("email"),
            user_code: UserCode::from_stored("roy01".into()),
            password_hash: PasswordHash::from_stored("$argon2id$x".into()),
            password_temporary: false,
            password_changed_at: mandat_core::Clock::now(&SystemClock),
            failed_sign_ins: 0,
            inactive: None,
            expires_on: None,
        }
    }

    #[test]
    fn batches_end_with_an_organizations_last_code() {
        let (big, small, last) = (OrgId::new(), OrgId::new(), OrgId::new());
        let codes: Vec<Account> = std::iter::repeat_n(small, BATCH - 1)
            .chain(std::iter::repeat_n(big, 3))
            .chain(std::iter::repeat_n(last, BATCH + 1))
            .map(code_of)
            .collect();
        let sizes: Vec<usize> = batches(&codes).map(<[Account]>::len).collect();
        assert_eq!(sizes, [BATCH + 2, BATCH + 1], "never split an organization");
        assert_eq!(batches(&[]).count(), 0);
    }
}
