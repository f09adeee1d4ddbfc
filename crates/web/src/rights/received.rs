//! P6, the mandataire's side of an external procuration: what the mandant granted and until
//! when; « Accepter » or « Refuser »; once accepted, procurations made within it for the
//! organization's own users (then « Assigner » as in path B), never beyond what the mandant
//! granted; « Mettre fin », which ends every right derived from it at once.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use mandat_core::audit::AuditAction;
use mandat_core::external::{self, Answer};
use mandat_core::ids::ProcurationId;
use mandat_core::procuration::{Bounds, Grantable};
use mandat_core::{Problem, quebec_time};
use mandat_mail::external::ExternalEvent;
use mandat_mail::messages::Message;
use mandat_store::{AuditEntry, Link, ProcurationRecord};

use crate::http::client::ClientAddress;
use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::Pairs;
use crate::kit::frame::Chrome;
use crate::kit::notice::Notice;
use crate::rights::add::{Form, Making, new_page, parse_posted, step};
use crate::rights::catalog::Catalog;
use crate::rights::external::{derived_mails, tell_other_side};
use crate::rights::form::{access_lines, day, standing};
use crate::rights::reading::{ProcurationRow, org_name, rows};

/// The external procuration granted to the officer's organization, if `id` names one, with
/// its mandant's name.
async fn of_mandataire(
    state: &AppState,
    officer: &Officer,
    id: &str,
) -> Result<Option<(ProcurationRecord, String)>, AppError> {
    let Ok(id) = id.parse::<ProcurationId>() else {
        return Ok(None);
    };
    let Some(record) = state.store.procuration(id).await? else {
        return Ok(None);
    };
    if !matches!(record.link, Link::External { mandataire, .. } if mandataire == officer.org) {
        return Ok(None);
    }
    let Some(mandant) = state.store.organization(record.procuration.org).await? else {
        return Ok(None);
    };
    Ok(Some((record, mandant.name)))
}

#[derive(Template, WebTemplate)]
#[template(path = "procuration_received.html")]
pub struct ReceivedPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    href: String,
    notice: String,
    lead: String,
    mandant: String,
    name: String,
    lines: Vec<(String, String)>,
    from: String,
    until: String,
    standing: String,
    /// It waits for the answer.
    pending: bool,
    /// Accepted and in force: procurations may be made within it.
    open: bool,
    made: Vec<ProcurationRow>,
}

pub async fn show(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Path(id): Path<String>,
    Query(q): Query<Notice>,
) -> Result<Response, AppError> {
    let Some((record, mandant)) = of_mandataire(&state, &officer, &id).await? else {
        return Err(AppError::NotFound);
    };
    let tr = here.tr();
    let notice = match q.fait.as_str() {
        "acceptee" | "refusee" | "terminee" => tr.t(&format!("received-notice-{}", q.fait)),
        _ => String::new(),
    };
    let p = &record.procuration;
    let made = state.store.made_within(p.id).await?;
    let catalog = Catalog::load(
        &state,
        made.iter()
            .flat_map(|r| r.procuration.agency_ids())
            .chain(p.agency_ids())
            .collect::<Vec<_>>(),
    )
    .await?;
    let today = quebec_time::date_at(state.store.now());
    let in_force = record.withdrawn_at.is_none();
    let answer = record.link.answer();
    let made = rows(&state, &tr, &catalog, (officer.org, &made), today).await?;
    Ok(ReceivedPage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        href: format!("/administration/procurations/recues/{}", p.id),
        notice,
        lead: tr.t_args("received-lead", &[("name", mandant.clone().into())]),
        mandant,
        name: p.name.clone(),
        lines: access_lines(&catalog, p, here.lang),
        from: day(here.lang, p.starts_on),
        until: day(here.lang, Some(p.ends_on)),
        standing: standing(&tr, p, record.link, !in_force, today),
        pending: in_force && answer == Answer::Pending,
        open: in_force && answer == Answer::Accepted,
        made,
        tr,
    }
    .into_response())
}

fn entry(
    officer: &Officer,
    client: Option<String>,
    action: AuditAction,
    detail: String,
) -> AuditEntry {
    AuditEntry {
        actor: Some(officer.member.0.account.id),
        org: Some(officer.org),
        person: None,
        action,
        detail,
        client_address: client,
        agency: None,
    }
}

/// « Accepter » or « Refuser », once; the mandant's officers are told.
pub async fn answer(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Path(id): Path<String>,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let Some((record, mandant)) = of_mandataire(&state, &officer, &id).await? else {
        return Err(AppError::NotFound);
    };
    let p = &record.procuration;
    let (answer, event, action, done) = match posted.get("action").as_str() {
        "accept" => (
            Answer::Accepted,
            ExternalEvent::Accepted,
            AuditAction::ExternalProcurationAccepted,
            "acceptee",
        ),
        "decline" => (
            Answer::Declined,
            ExternalEvent::Declined,
            AuditAction::ExternalProcurationDeclined,
            "refusee",
        ),
        _ => return Err(AppError::NotFound),
    };
    let mut tx = state.store.begin().await?;
    let by = officer.member.0.account.id;
    if tx.answer_external(officer.org, p.id, answer, by).await? {
        let detail = format!("{} from {mandant}", p.name);
        tx.audit(&entry(&officer, client, action, detail)).await?;
        tell_other_side(&state, &mut tx, &officer, &record, event).await?;
        tx.commit().await?;
    }
    let to = format!("/administration/procurations/recues/{}?fait={done}", p.id);
    Ok(Redirect::to(&to).into_response())
}

/// « Mettre fin »: the mandataire ends it; every right its people held from it ends at once,
/// each holder is emailed, and so are the mandant's officers.
pub async fn renounce(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Path(id): Path<String>,
    Checked(_): Checked<Pairs>,
) -> Result<Response, AppError> {
    let Some((record, mandant)) = of_mandataire(&state, &officer, &id).await? else {
        return Err(AppError::NotFound);
    };
    let p = &record.procuration;
    let firm = org_name(&state, officer.org).await?;
    let told = derived_mails(&state, p.id, &firm, &mandant).await?;
    let mut tx = state.store.begin().await?;
    if tx.renounce(officer.org, p.id).await? {
        let detail = format!("{} from {mandant} ({} holders)", p.name, told.len());
        let action = AuditAction::ExternalProcurationRenounced;
        tx.audit(&entry(&officer, client, action, detail)).await?;
        tell_other_side(&state, &mut tx, &officer, &record, ExternalEvent::Renounced).await?;
        for (to, mail) in &told {
            tx.queue_mail(&mail.to(to)?).await?;
        }
        tx.commit().await?;
    }
    let to = format!("/administration/procurations/recues/{}?fait=terminee", p.id);
    Ok(Redirect::to(&to).into_response())
}

/// An external procuration the officer's organization accepted, in force: what it may
/// grant within it.
struct Mandate {
    record: ProcurationRecord,
    mandant: String,
    within: Vec<Grantable>,
}

async fn open_mandate(
    state: &AppState,
    officer: &Officer,
    id: &str,
) -> Result<Option<Mandate>, AppError> {
    let Some((record, mandant)) = of_mandataire(state, officer, id).await? else {
        return Ok(None);
    };
    if record.withdrawn_at.is_some() || record.link.answer() != Answer::Accepted {
        return Ok(None);
    }
    let grantable = state.store.grantable(record.procuration.org).await?;
    let within = external::within(&record.procuration, &grantable);
    Ok(Some(Mandate {
        record,
        mandant,
        within,
    }))
}

fn said(tr: &Tr, mandant: &str) -> Vec<(String, String)> {
    vec![(tr.t("received-mandant"), mandant.to_string())]
}

pub async fn new_within(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let Some(m) = open_mandate(&state, &officer, &id).await? else {
        return Err(AppError::NotFound);
    };
    let f = Form::new(
        Making::Within(m.record.procuration.id, m.record.procuration.ends_on),
        &m.within,
        None,
        said(&here.tr(), &m.mandant),
    );
    new_page(&state, &here, &officer, f).await
}

/// « Transmettre » creates the mandataire's procuration within the mandate, ending at the
/// latest when it does; then « Assigner » gives it to the organization's users.
pub async fn create_within(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Path(id): Path<String>,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let Some(Mandate {
        record,
        mandant,
        within,
    }) = open_mandate(&state, &officer, &id).await?
    else {
        return Err(AppError::NotFound);
    };
    let mandate = &record.procuration;
    let bounds = Bounds {
        today: quebec_time::date_at(state.store.now()),
        latest_end: Some((mandate.ends_on, Problem::BeyondMandate)),
    };
    let parsed = parse_posted(&posted, officer.org, &within, bounds);
    let f = Form::new(
        Making::Within(mandate.id, mandate.ends_on),
        &within,
        Some(&posted),
        said(&here.tr(), &mandant),
    );
    let p = match step(&state, &here, &officer, f, parsed).await? {
        Ok(p) => p,
        Err(page) => return Ok(page),
    };
    let mut tx = state.store.begin().await?;
    tx.insert_within(&p, mandate.id, officer.member.0.account.id)
        .await?;
    let detail = format!(
        "{} (until {}), within {} from {mandant}",
        p.name, p.ends_on, mandate.name
    );
    tx.audit(&entry(
        &officer,
        client,
        AuditAction::ProcurationCreated,
        detail,
    ))
    .await?;
    tx.commit().await?;
    let to = format!("/administration/procurations/{}?fait=creee", p.id);
    Ok(Redirect::to(&to).into_response())
}
