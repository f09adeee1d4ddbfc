//! The renewal notices in the daily job: 30 and 7 days before a procuration that someone
//! holds ends (for an external one, through what its mandataire made within it: P6), the
//! organization's officers are emailed its name, its end, its holders and the link to extend
//! it. Each notice is recorded once per procuration and end date before it is sent, so a
//! repeated or shared run sends it once, and extending the procuration brings new notices
//! for the new date.

use mandat_core::Lang;
use mandat_core::agency::Localized;
use mandat_core::audit::{AuditAction, Note};
use mandat_core::dates::long_date;
use mandat_mail::messages::Message;
use mandat_mail::procurations_end::ProcurationEndingMail;
use mandat_store::AuditEntry;
use time::{Date, Duration};

use super::PROCURATION_NOTICE_DAYS;
use crate::{App, Error};

/// Sends the notices due `today`; how many procurations were noticed.
pub(super) async fn run(app: &App, today: Date) -> Result<usize, Error> {
    let store = &app.store;
    let mut sent = 0;
    for days in PROCURATION_NOTICE_DAYS {
        for p in store
            .procurations_ending(today + Duration::days(days))
            .await?
        {
            let Some(org) = store.organization(p.org).await? else {
                continue;
            };
            let mut holders = Vec::new();
            let derived = store.derived_holders(p.id).await?;
            let people = store.holders(p.id).await?;
            for person in people
                .into_iter()
                .chain(derived.into_iter().map(|h| h.person))
            {
                if let Some(a) = store.account_of_person(person).await? {
                    holders.push(a.name);
                }
            }
            let mail = ProcurationEndingMail {
                organization: org.name.clone(),
                name: p.name.clone(),
                days,
                ends_on: Localized {
                    fr: long_date(p.ends_on, Lang::Fr),
                    en: long_date(p.ends_on, Lang::En),
                },
                holders,
                url: app.url(&format!("/administration/procurations/{}", p.id)),
            };
            let mut tx = store.begin().await?;
            if !tx.record_procuration_notice(p.id, p.ends_on, days).await? {
                continue;
            }
            for officer in tx.active_officer_emails(p.org).await? {
                tx.queue_mail(&mail.to(&officer)?).await?;
            }
            tx.audit(&AuditEntry {
                actor: None,
                org: Some(p.org),
                person: None,
                action: AuditAction::ProcurationEndingNotice,
                detail: Note::ProcurationEnds
                    .with("name", &p.name)
                    .with("on", p.ends_on)
                    .with("days", days),
                client_address: None,
                agency: None,
            })
            .await?;
            tx.commit().await?;
            sent += 1;
        }
    }
    Ok(sent)
}
