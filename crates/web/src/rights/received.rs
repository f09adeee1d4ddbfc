//! P6, the mandataire's side of an external procuration: what the mandant granted and until
//! when; « Accepter » or « Refuser »; once accepted, procurations made within it for the
//! organization's own users (then « Assigner » as in path B), never beyond what the mandant
//! granted; « Mettre fin », which ends every right derived from it at once.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use mandat_app::catalog::Catalog;
use mandat_app::procurations::Received;
use mandat_core::external::Answer;
use mandat_core::quebec_time;

use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::Pairs;
use crate::kit::frame::Chrome;
use crate::kit::notice::Notice;
use crate::rights::add::{Form, Making, Typed, new_page, step, transmits};
use crate::rights::form::{access_lines, day, standing};
use crate::rights::reading::{ProcurationRow, procuration_id, rows};

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
    let id = procuration_id(&id)?;
    let Received { record, mandant } = state.app.received_procuration(&officer.acting, id).await?;
    let tr = here.tr();
    let notice = match q.fait.as_str() {
        "acceptee" | "refusee" | "terminee" => tr.t(&format!("received-notice-{}", q.fait)),
        _ => String::new(),
    };
    let p = &record.procuration;
    let made = state.store.made_within(p.id).await?;
    let catalog = Catalog::load(
        &state.store,
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

/// « Accepter » or « Refuser », once; the mandant's officers are told.
pub async fn answer(
    State(state): State<AppState>,
    officer: Officer,
    Path(id): Path<String>,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let id = procuration_id(&id)?;
    let (answer, done) = match posted.get("action").as_str() {
        "accept" => (Answer::Accepted, "acceptee"),
        "decline" => (Answer::Declined, "refusee"),
        _ => return Err(AppError::NotFound),
    };
    state
        .app
        .answer_external(&officer.acting, id, answer)
        .await?;
    let to = format!("/administration/procurations/recues/{id}?fait={done}");
    Ok(Redirect::to(&to).into_response())
}

/// « Mettre fin »: the mandataire ends it; every right its people held from it ends at once,
/// each holder is emailed, and so are the mandant's officers.
pub async fn renounce(
    State(state): State<AppState>,
    officer: Officer,
    Path(id): Path<String>,
    Checked(_): Checked<Pairs>,
) -> Result<Response, AppError> {
    let id = procuration_id(&id)?;
    state.app.renounce_external(&officer.acting, id).await?;
    let to = format!("/administration/procurations/recues/{id}?fait=terminee");
    Ok(Redirect::to(&to).into_response())
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
    let id = procuration_id(&id)?;
    let m = state.app.open_mandate(&officer.acting, id).await?;
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
    officer: Officer,
    Path(id): Path<String>,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let id = procuration_id(&id)?;
    let (app, acting) = (&state.app, &officer.acting);
    let m = app.open_mandate(acting, id).await?;
    let typed = Typed::read(&posted, None);
    let made = match transmits(&posted) {
        true => app.create_within(acting, id, &typed.form()).await,
        false => app.check_within(acting, id, &typed.form()).await,
    };
    let making = Making::Within(id, m.record.procuration.ends_on);
    let f = Form::new(
        making,
        &m.within,
        Some(&posted),
        said(&here.tr(), &m.mandant),
    );
    let p = match step(&state, &here, &officer, f, made).await? {
        Ok(p) => p,
        Err(page) => return Ok(page),
    };
    let to = format!("/administration/procurations/{}?fait=creee", p.id);
    Ok(Redirect::to(&to).into_response())
}
