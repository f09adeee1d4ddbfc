//! Who is told when an external procuration changes (P6): the other side's officers, and
//! the holders of the rights a mandataire made within it when it ends.

use mandat_core::contact::Email;
use mandat_core::ids::ProcurationId;
use mandat_mail::external::{ExternalEvent, ExternalMail};
use mandat_mail::messages::Message;
use mandat_mail::procurations::RightsWithdrawnMail;
use mandat_store::{Link, ProcurationRecord, Tx};

use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::rights::catalog::Catalog;
use crate::rights::form::both_days;
use crate::rights::reading::org_name;

/// The other side's officers told what the officer's organization did to the external
/// procuration `p`, in the caller's transaction: the mandataire's when the mandant acted, the
/// mandant's when the mandataire did; each with the link to its own page of it.
pub async fn tell_other_side(
    state: &AppState,
    tx: &mut Tx,
    officer: &Officer,
    record: &ProcurationRecord,
    event: ExternalEvent,
) -> Result<(), AppError> {
    let p = &record.procuration;
    let Link::External { mandataire, .. } = record.link else {
        return Ok(());
    };
    let (other, page) = if officer.org == p.org {
        (mandataire, format!("recues/{}", p.id))
    } else {
        (p.org, p.id.to_string())
    };
    let catalog = Catalog::load(state, p.agency_ids()).await?;
    let mail = ExternalMail {
        event,
        from: org_name(state, officer.org).await?,
        name: p.name.clone(),
        lines: catalog.lines(p),
        until: both_days(p.ends_on),
        url: format!("{}/administration/procurations/{page}", state.public_url),
    };
    for to in tx.active_officer_emails(other).await? {
        tx.queue_mail(&mail.to(&to)?).await?;
    }
    Ok(())
}

/// What each holder of a right derived from the mandate is told when it ends at once.
pub async fn derived_mails(
    state: &AppState,
    mandate: ProcurationId,
    firm: &str,
    mandant: &str,
) -> Result<Vec<(Email, RightsWithdrawnMail)>, AppError> {
    let mut told = Vec::new();
    for h in state.store.derived_holders(mandate).await? {
        let (Some(a), Some(made)) = (
            state.store.account_of_person(h.person).await?,
            state.store.procuration(h.procuration).await?,
        ) else {
            continue;
        };
        let catalog = Catalog::load(state, made.procuration.agency_ids()).await?;
        let mail = RightsWithdrawnMail {
            organization: firm.to_string(),
            on_behalf_of: Some(mandant.to_string()),
            lines: catalog.lines(&made.procuration),
        };
        told.push((a.email, mail));
    }
    Ok(told)
}
