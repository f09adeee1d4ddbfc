//! Who is told when a procuration's last day changes (P5, P6): each of its holders, and, for
//! an external one, each holder of what its mandataire made within it that the new end
//! shortens (or withdraws, when it would only start after it).

use mandat_core::mail::OutgoingMail;
use mandat_core::procuration::Procuration;
use mandat_mail::messages::Message;
use mandat_mail::procurations::{RightsEndChangedMail, RightsWithdrawnMail};
use mandat_store::{Link, ProcurationRecord};
use time::Date;

use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::rights::catalog::Catalog;
use crate::rights::form::both_days;
use crate::rights::reading::{mandant_of, org_name};

/// The emails of the new end `end` of `record`, the officer's organization's.
pub async fn told(
    state: &AppState,
    officer: &Officer,
    record: &ProcurationRecord,
    end: Date,
) -> Result<Vec<OutgoingMail>, AppError> {
    let p = &record.procuration;
    let own = org_name(state, officer.org).await?;
    let acting_for = match mandant_of(state, record.link).await? {
        Some(mandant) => org_name(state, mandant).await?,
        None => own.clone(),
    };
    let mut mails = holders_told(state, p, &acting_for, end).await?;
    let Link::External { mandataire, .. } = record.link else {
        return Ok(mails);
    };
    let firm = org_name(state, mandataire).await?;
    for made in state.store.made_within(p.id).await? {
        let m = &made.procuration;
        if made.withdrawn_at.is_some() || m.ends_on <= end {
            continue;
        }
        if m.starts_on.is_none_or(|s| s <= end) {
            mails.extend(holders_told(state, m, &own, end).await?);
            continue;
        }
        let catalog = Catalog::load(state, m.agency_ids()).await?;
        let withdrawn = RightsWithdrawnMail {
            organization: firm.clone(),
            on_behalf_of: Some(own.clone()),
            lines: catalog.lines(m),
        };
        for person in state.store.holders(m.id).await? {
            if let Some(a) = state.store.account_of_person(person).await? {
                mails.push(withdrawn.to(&a.email)?);
            }
        }
    }
    Ok(mails)
}

/// Each holder of `p`, told that their rights now end on `end`.
async fn holders_told(
    state: &AppState,
    p: &Procuration,
    acting_for: &str,
    end: Date,
) -> Result<Vec<OutgoingMail>, AppError> {
    let mail = RightsEndChangedMail {
        acting_for: acting_for.to_string(),
        name: p.name.clone(),
        until: both_days(end),
    };
    let mut mails = Vec::new();
    for person in state.store.holders(p.id).await? {
        if let Some(a) = state.store.account_of_person(person).await? {
            mails.push(mail.to(&a.email)?);
        }
    }
    Ok(mails)
}
