//! M20 in the daily job: once an organization's last contract with the agencies has ended,
//! its people are told that the codes that served only the contracts (everyone's but the
//! security officers') end three months later; on that day those codes are deactivated, each
//! user told, and the officers sent the list. Each step is recorded once per organization
//! and last day, before anything is sent, so a run repeated, shared or late does each once.

use mandat_core::Lang;
use mandat_core::account::InactiveCause;
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::contract::{end_of_grace, served_only_contracts};
use mandat_core::dates::long_date;
use mandat_core::ids::OrgId;
use mandat_core::organization::Organization;
use mandat_store::{Account, AuditEntry, ContractEndStep, Store, Tx};
use time::Date;

use mandat_mail::contracts_end::{ContractCodesDeactivatedMail, ContractsEndedMail};
use mandat_mail::messages::Message;
use mandat_mail::security::{Change, ChangedBy, CodeChangedUserMail, ExpiryLine};

use crate::Error;

/// What a run did: organizations warned, codes deactivated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub warned: usize,
    pub deactivated: usize,
}

/// M20's steps due `today`, for each organization whose last contract ended.
pub(super) async fn run(store: &Store, today: Date) -> Result<Report, Error> {
    let mut report = Report::default();
    for (org, last_day) in store.organizations_past_their_contracts(today).await? {
        let Some(organization) = store.organization(org).await? else {
            continue;
        };
        let codes = store.active_codes_of(org).await?;
        let until = end_of_grace(last_day);
        let mut tx = store.begin().await?;
        if tx
            .record_contract_end_step(org, last_day, ContractEndStep::Warned)
            .await?
        {
            warn(&mut tx, &organization, &codes, last_day, until).await?;
            report.warned += 1;
        }
        if today >= until
            && tx
                .record_contract_end_step(org, last_day, ContractEndStep::Deactivated)
                .await?
        {
            let mut served_only = Vec::new();
            for a in &codes {
                if let Some(person) = a.kind.person()
                    && served_only_contracts(&store.profiles_of(person).await?)
                {
                    served_only.push(a);
                }
            }
            deactivate(&mut tx, &organization, &served_only, last_day).await?;
            report.deactivated += served_only.len();
        }
        tx.commit().await?;
    }
    Ok(report)
}

fn entry(org: OrgId, a: Option<&Account>, action: AuditAction, detail: Detail) -> AuditEntry {
    AuditEntry {
        actor: None,
        org: Some(org),
        person: a.and_then(|a| a.kind.person()),
        action,
        detail,
        client_address: None,
        agency: None,
    }
}

async fn warn(
    tx: &mut Tx,
    organization: &Organization,
    codes: &[Account],
    last_day: Date,
    until: Date,
) -> Result<(), Error> {
    let mail = ContractsEndedMail {
        organization: organization.name.clone(),
        last_fr: long_date(last_day, Lang::Fr),
        last_en: long_date(last_day, Lang::En),
        until_fr: long_date(until, Lang::Fr),
        until_en: long_date(until, Lang::En),
    };
    let mails = codes
        .iter()
        .map(|a| mail.to(&a.email))
        .collect::<Result<Vec<_>, _>>()?;
    tx.queue_mails(&mails).await?;
    let detail = Note::ContractsEnded
        .with("last", last_day)
        .with("until", until);
    tx.audit(&entry(
        organization.id,
        None,
        AuditAction::ContractsEndedNotice,
        detail,
    ))
    .await?;
    Ok(())
}

async fn deactivate(
    tx: &mut Tx,
    organization: &Organization,
    codes: &[&Account],
    last_day: Date,
) -> Result<(), Error> {
    let reason = "Fin de l'entente de service";
    let change = Change::Deactivated {
        fr: reason.into(),
        en: "End of the service agreement".into(),
    };
    let user_mail = CodeChangedUserMail::new(&change, &ChangedBy::ContractsEnded, None);
    for a in codes {
        tx.deactivate_account(a.id, InactiveCause::ContractsEnded, Some(reason))
            .await?;
        tx.end_sessions_of(a.id).await?;
        let detail = Note::ContractsEndedDeactivated.with("last", last_day);
        tx.audit(&entry(
            organization.id,
            Some(a),
            AuditAction::Deactivated,
            detail,
        ))
        .await?;
        tx.queue_mail(&user_mail.to(&a.email)?).await?;
    }
    if codes.is_empty() {
        return Ok(());
    }
    let digest = ContractCodesDeactivatedMail {
        organization: organization.name.clone(),
        codes: codes.iter().map(|a| ExpiryLine::new(a)).collect(),
    };
    for officer in tx.active_officer_emails(organization.id).await? {
        tx.queue_mail(&digest.to(&officer)?).await?;
    }
    Ok(())
}
