//! « Gestion des procurations » (P4), for an organization's officers only (P2): the list of
//! its procurations and of those other organizations granted it (P6); each procuration's page
//! with its holders (for an external one, who holds rights derived from it), each withdrawn at
//! once (P5), or the whole procuration; its end date changed. Creating one is in
//! `add`, assigning it in `assign`, the mandataire's side of an external one in `received`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use mandat_app::Refusal;
use mandat_app::catalog::Catalog;
use mandat_core::ids::PersonId;
use mandat_core::{Field, quebec_time};
use mandat_store::{Link, ProcurationRecord};

use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldView, Pairs};
use crate::kit::frame::Chrome;
use crate::kit::notice::Notice;
use crate::rights::form::{access_lines, day, standing};
use crate::rights::reading::{OwnProcuration, ProcurationRow, org_name, rows, whom};

/// A procuration another organization granted to this one (P6).
pub struct ReceivedRow {
    href: String,
    name: String,
    mandant: String,
    until: String,
    standing: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "procurations.html")]
pub struct ListPage {
    tr: Tr,
    chrome: Chrome,
    rows: Vec<ProcurationRow>,
    received: Vec<ReceivedRow>,
}

pub async fn list(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
) -> Result<Response, AppError> {
    let records = state.store.procurations_of(officer.org).await?;
    let agencies: Vec<_> = records
        .iter()
        .flat_map(|r| r.procuration.agency_ids())
        .collect();
    let catalog = Catalog::load(&state.store, agencies).await?;
    let (tr, today) = (here.tr(), quebec_time::date_at(state.store.now()));
    let rows = rows(&state, &tr, &catalog, (officer.org, &records), today).await?;
    let mut received = Vec::new();
    for r in state.store.received_by(officer.org).await? {
        let p = &r.procuration;
        received.push(ReceivedRow {
            href: format!("/administration/procurations/recues/{}", p.id),
            name: p.name.clone(),
            mandant: org_name(&state, p.org).await?,
            until: day(here.lang, Some(p.ends_on)),
            standing: standing(&tr, p, r.link, r.withdrawn_at.is_some(), today),
        });
    }
    Ok(ListPage {
        chrome: here.chrome(Some(officer.name())),
        tr,
        rows,
        received,
    }
    .into_response())
}

pub struct HolderRow {
    person: String,
    name: String,
    code: String,
}

/// Someone of the mandataire who holds rights derived from an external procuration, and
/// through which of its procurations, until when.
pub struct DerivedRow {
    name: String,
    procuration: String,
    until: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "procuration.html")]
pub struct ProcurationPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    href: String,
    notice: String,
    name: String,
    lines: Vec<(String, String)>,
    from: String,
    until: String,
    whom: String,
    standing: String,
    withdrawn: bool,
    /// Granted to another organization (P6): no « Assigner »; `derived` lists who holds it.
    external: bool,
    holders: Vec<HolderRow>,
    derived: Vec<DerivedRow>,
    /// « Prolonger »: the new end date.
    end: FieldView,
    errors: Vec<(String, String)>,
    alert: String,
}

pub async fn show(
    State(state): State<AppState>,
    here: Here,
    OwnProcuration { officer, record }: OwnProcuration,
    Query(q): Query<Notice>,
) -> Result<Response, AppError> {
    let notice = match q.fait.as_str() {
        "creee" | "confiee" | "assignee" | "retiree" | "retire" | "prolongee" => {
            here.tr().t(&format!("procurations-notice-{}", q.fait))
        }
        _ => String::new(),
    };
    let end = EndShown {
        typed: record.procuration.ends_on.to_string(),
        error: String::new(),
    };
    page(&state, &here, &officer, &record, notice, end).await
}

/// The new end date's field as typed, and why it was refused.
struct EndShown {
    typed: String,
    error: String,
}

async fn page(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    record: &ProcurationRecord,
    notice: String,
    end: EndShown,
) -> Result<Response, AppError> {
    let p = &record.procuration;
    let tr = here.tr();
    let catalog = Catalog::load(&state.store, p.agency_ids()).await?;
    let mut holders = Vec::new();
    for person in state.store.holders(p.id).await? {
        if let Some(a) = state.store.account_of_person(person).await? {
            holders.push(HolderRow {
                person: person.to_string(),
                name: a.name,
                code: a.user_code.as_str().to_string(),
            });
        }
    }
    let external = matches!(record.link, Link::External { .. });
    let mut derived = Vec::new();
    for h in state.store.derived_holders(p.id).await? {
        if let (Some(a), Some(made)) = (
            state.store.account_of_person(h.person).await?,
            state.store.procuration(h.procuration).await?,
        ) {
            derived.push(DerivedRow {
                name: a.name,
                procuration: made.procuration.name,
                until: day(here.lang, Some(made.procuration.ends_on)),
            });
        }
    }
    let today = quebec_time::date_at(state.store.now());
    let mut end_field = FieldView::new(&tr, Field::EndsOn, "date").value(&end.typed);
    end_field.error = end.error;
    let errors = crate::kit::form::summary(std::slice::from_ref(&end_field));
    let page = ProcurationPage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        href: format!("/administration/procurations/{}", p.id),
        notice,
        name: p.name.clone(),
        lines: access_lines(&catalog, p, here.lang),
        from: day(here.lang, p.starts_on),
        until: day(here.lang, Some(p.ends_on)),
        whom: whom(state, &tr, record.link).await?,
        standing: standing(&tr, p, record.link, record.withdrawn_at.is_some(), today),
        withdrawn: record.withdrawn_at.is_some(),
        external,
        holders,
        derived,
        end: end_field,
        errors,
        alert: String::new(),
        tr,
    };
    Ok((crate::kit::form::status(&page.errors), page).into_response())
}

/// « Retirer » one holder: their rights from this procuration end at once (P5).
pub async fn withdraw_holder(
    State(state): State<AppState>,
    OwnProcuration { officer, record }: OwnProcuration,
    Path((_, person)): Path<(String, String)>,
    Checked(_): Checked<Pairs>,
) -> Result<Response, AppError> {
    let person = person.parse::<PersonId>().map_err(|_| AppError::NotFound)?;
    let id = record.procuration.id;
    state.app.end_holding(&officer.acting, id, person).await?;
    let to = format!("/administration/procurations/{id}?fait=retire");
    Ok(Redirect::to(&to).into_response())
}

/// « Retirer la procuration »: every holder's rights from it end at once (P5); it stays,
/// withdrawn, in the list.
pub async fn withdraw(
    State(state): State<AppState>,
    OwnProcuration { officer, record }: OwnProcuration,
    Checked(_): Checked<Pairs>,
) -> Result<Response, AppError> {
    let id = record.procuration.id;
    state.app.withdraw_procuration(&officer.acting, id).await?;
    let to = format!("/administration/procurations/{id}?fait=retiree");
    Ok(Redirect::to(&to).into_response())
}

/// A new end date: earlier to shorten it, later to extend it (after a notice); the rules are
/// the application layer's. A refusal draws the page again with its reason.
pub async fn change_end(
    State(state): State<AppState>,
    here: Here,
    OwnProcuration { officer, record }: OwnProcuration,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let p = &record.procuration;
    let typed = posted.get("ends-on");
    let error = match state
        .app
        .change_procuration_end(&officer.acting, p.id, &typed)
        .await
    {
        Ok(_) => {
            let to = format!("/administration/procurations/{}?fait=prolongee", p.id);
            return Ok(Redirect::to(&to).into_response());
        }
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => errors
            .first()
            .map(|e| here.tr().field_error(e))
            .unwrap_or_default(),
        Err(mandat_app::Error::Refused(Refusal::BeyondCodes(names))) => {
            let names = names.join(", ").into();
            here.tr().t_args("assign-beyond", &[("name", names)])
        }
        Err(e) => return Err(e.into()),
    };
    let shown = EndShown { typed, error };
    page(&state, &here, &officer, &record, String::new(), shown).await
}
