//! « Gestion des procurations » (P4), for an organization's officers only (P2): the list of
//! its procurations; « Ajouter », « Interne », the fields and agencies, a summary,
//! « Transmettre »; each procuration's page with its holders, each withdrawn at once (P5), or
//! the whole procuration. Assigning it is in `procuration_assign`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use mandat_core::contract::iso_date;
use mandat_core::ids::{PersonId, ProcurationId};
use mandat_core::procuration::{self, Bounds, Procuration, ProcurationForm};
use mandat_core::{Field, FieldError, Problem, quebec_time};
use mandat_mail::messages::Message;
use mandat_store::{AuditEntry, ProcurationRecord};

use crate::client::ClientAddress;
use crate::csrf::Checked;
use crate::enrollment::Notice;
use crate::form::{FieldView, Pairs, fields};
use crate::here::Here;
use crate::holding::Holding;
use crate::i18n::Tr;
use crate::officer::Officer;
use crate::pages::Chrome;
use crate::procuration_form::{self, Drawn, access_lines, day, standing};
use crate::rights_catalog::Catalog;
use crate::{AppError, AppState};

pub struct ProcurationRow {
    href: String,
    name: String,
    lines: Vec<(String, String)>,
    until: String,
    holders: usize,
    standing: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "procurations.html")]
pub struct ListPage {
    tr: Tr,
    chrome: Chrome,
    rows: Vec<ProcurationRow>,
}

pub async fn list(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
) -> Result<Response, AppError> {
    let records = state.store.procurations_of(officer.org).await?;
    let agencies: Vec<_> = records
        .iter()
        .flat_map(|r| r.procuration.agencies.iter().map(|a| a.agency))
        .collect();
    let catalog = Catalog::load(&state, agencies).await?;
    let (tr, today) = (here.tr(), quebec_time::date_at(state.store.now()));
    let mut rows = Vec::with_capacity(records.len());
    for r in &records {
        let p = &r.procuration;
        rows.push(ProcurationRow {
            href: format!("/administration/procurations/{}", p.id),
            name: p.name.clone(),
            lines: access_lines(&catalog, p, here.lang),
            until: day(here.lang, Some(p.ends_on)),
            holders: state.store.holders(p.id).await?.len(),
            standing: standing(&tr, p, r.withdrawn_at.is_some(), today),
        });
    }
    Ok(ListPage {
        chrome: here.chrome(Some(officer.name())),
        tr,
        rows,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "procuration_new.html")]
pub struct NewPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    action: String,
    name: Vec<FieldView>,
    form: Drawn,
    errors: Vec<(String, String)>,
    alert: String,
}

async fn new_page(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    posted: Option<&Pairs>,
    errors: &[FieldError],
    review: Option<&Procuration>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let grantable = state.store.grantable(officer.org).await?;
    let catalog = Catalog::load(
        state,
        grantable.iter().map(|g| g.agency).collect::<Vec<_>>(),
    )
    .await?;
    let typed = posted
        .map(|p| p.get("procuration-name"))
        .unwrap_or_default();
    let name = fields(&tr, &[(Field::ProcurationName, "text", &typed)], errors);
    let form = procuration_form::draw(&tr, &catalog, &grantable, posted, errors, review);
    let mut errors = crate::form::summary(&name);
    errors.extend(form.errors.iter().cloned());
    let page = NewPage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        action: "/administration/procurations/nouvelle/interne".into(),
        name,
        form,
        errors,
        alert: String::new(),
        tr,
    };
    Ok((crate::form::status(&page.errors), page).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "procuration_kind.html")]
pub struct KindPage {
    tr: Tr,
    chrome: Chrome,
}

/// « Ajouter »: the kind of procuration; « Interne » (P4). External ones come with P6.
pub async fn kind(here: Here, officer: Officer) -> Response {
    KindPage {
        chrome: here.chrome(Some(officer.name())),
        tr: here.tr(),
    }
    .into_response()
}

pub async fn new_internal(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
) -> Result<Response, AppError> {
    new_page(&state, &here, &officer, None, &[], None).await
}

/// « Continuer » shows the summary; « Modifier » the form again; « Transmettre » creates it,
/// without holders: they are chosen by « Assigner ».
pub async fn create(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let form = ProcurationForm {
        name: &posted.get("procuration-name"),
        starts_on: &posted.get("starts-on"),
        ends_on: &posted.get("ends-on"),
        agencies: procuration_form::chosen(&posted),
    };
    let grantable = state.store.grantable(officer.org).await?;
    let bounds = Bounds {
        today: quebec_time::date_at(state.store.now()),
        latest_end: None,
    };
    let parsed = procuration::parse(ProcurationId::new(), officer.org, &form, &grantable, bounds);
    let action = posted.get("action");
    let p = match parsed {
        Err(errors) => {
            return new_page(&state, &here, &officer, Some(&posted), &errors, None).await;
        }
        Ok(p) if action != "transmit" => {
            let review = (action == "continue").then_some(&p);
            return new_page(&state, &here, &officer, Some(&posted), &[], review).await;
        }
        Ok(p) => p,
    };
    let by = officer.member.0.account.id;
    let mut tx = state.store.begin().await?;
    tx.insert_procuration(&p, by).await?;
    tx.audit(&AuditEntry {
        actor: Some(by),
        org: Some(officer.org),
        person: None,
        action: "procuration-created",
        detail: format!("{} (until {})", p.name, p.ends_on),
        client_address: client,
        agency: None,
    })
    .await?;
    tx.commit().await?;
    let to = format!("/administration/procurations/{}?fait=creee", p.id);
    Ok(Redirect::to(&to).into_response())
}

/// The organization's procuration, if `id` names one.
pub async fn of_org(
    state: &AppState,
    officer: &Officer,
    id: &str,
) -> Result<Option<ProcurationRecord>, AppError> {
    let Ok(id) = id.parse::<ProcurationId>() else {
        return Ok(None);
    };
    Ok(state
        .store
        .procuration(id)
        .await?
        .filter(|r| r.procuration.org == officer.org))
}

pub struct HolderRow {
    person: String,
    name: String,
    code: String,
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
    withdrawn: bool,
    holders: Vec<HolderRow>,
    /// « Prolonger »: the new end date.
    end: FieldView,
    errors: Vec<(String, String)>,
    alert: String,
}

pub async fn show(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Path(id): Path<String>,
    Query(q): Query<Notice>,
) -> Result<Response, AppError> {
    let Some(record) = of_org(&state, &officer, &id).await? else {
        return Ok(here.not_found().await);
    };
    let notice = match q.fait.as_str() {
        "creee" | "assignee" | "retiree" | "retire" | "prolongee" => {
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
    let catalog = Catalog::load(state, p.agency_ids()).await?;
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
    let mut end_field = FieldView::new(&tr, Field::EndsOn, "date").value(&end.typed);
    end_field.error = end.error;
    let errors = crate::form::summary(std::slice::from_ref(&end_field));
    let page = ProcurationPage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        href: format!("/administration/procurations/{}", p.id),
        notice,
        name: p.name.clone(),
        lines: access_lines(&catalog, p, here.lang),
        from: day(here.lang, p.starts_on),
        until: day(here.lang, Some(p.ends_on)),
        withdrawn: record.withdrawn_at.is_some(),
        holders,
        end: end_field,
        errors,
        alert: String::new(),
        tr,
    };
    Ok((crate::form::status(&page.errors), page).into_response())
}

/// « Retirer » one holder: their rights from this procuration end at once (P5).
pub async fn withdraw_holder(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Path((id, person)): Path<(String, String)>,
    Checked(_): Checked<Pairs>,
) -> Result<Response, AppError> {
    let Some(record) = of_org(&state, &officer, &id).await? else {
        return Ok(here.not_found().await);
    };
    let Ok(person) = person.parse::<PersonId>() else {
        return Ok(here.not_found().await);
    };
    let p = record.procuration;
    let Some(account) = state.store.account_of_person(person).await? else {
        return Ok(here.not_found().await);
    };
    let holding = Holding::load(&state, &officer, client, &p).await?;
    let mut tx = state.store.begin().await?;
    if holding.end(&mut tx, person, &account.email).await? {
        tx.commit().await?;
    }
    let to = format!("/administration/procurations/{}?fait=retire", p.id);
    Ok(Redirect::to(&to).into_response())
}

/// « Retirer la procuration »: every holder's rights from it end at once (P5); it stays,
/// withdrawn, in the list.
pub async fn withdraw(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Path(id): Path<String>,
    Checked(_): Checked<Pairs>,
) -> Result<Response, AppError> {
    let Some(record) = of_org(&state, &officer, &id).await? else {
        return Ok(here.not_found().await);
    };
    let p = record.procuration;
    let mut emails = Vec::new();
    for person in state.store.holders(p.id).await? {
        if let Some(a) = state.store.account_of_person(person).await? {
            emails.push(a.email);
        }
    }
    let holding = Holding::load(&state, &officer, client, &p).await?;
    let mail = holding.withdrawn_mail();
    let mut tx = state.store.begin().await?;
    if tx.withdraw_procuration(officer.org, p.id).await? {
        tx.audit(&holding.withdrawal(emails.len())).await?;
        for to in &emails {
            tx.queue_mail(&mail.to(to)?).await?;
        }
        tx.commit().await?;
    }
    let to = format!("/administration/procurations/{}?fait=retiree", p.id);
    Ok(Redirect::to(&to).into_response())
}

/// A new end date: earlier to shorten it, later to extend it (after a notice), within every
/// holder's code's validity (P3).
pub async fn change_end(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Path(id): Path<String>,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let Some(record) = of_org(&state, &officer, &id).await? else {
        return Ok(here.not_found().await);
    };
    let p = &record.procuration;
    let tr = here.tr();
    let typed = posted.get("ends-on");
    let today = quebec_time::date_at(state.store.now());
    let mut beyond = Vec::new();
    let checked = iso_date(Field::EndsOn, &typed).and_then(|end| {
        if end < today {
            return Err(FieldError::new(Field::EndsOn, Problem::EndInThePast));
        }
        if p.starts_on.is_some_and(|s| end < s) {
            return Err(FieldError::new(Field::EndsOn, Problem::EndBeforeStart));
        }
        Ok(end)
    });
    let end = match checked {
        Ok(end) => {
            for person in state.store.holders(p.id).await? {
                if let Some(a) = state.store.account_of_person(person).await?
                    && a.expires_on.is_some_and(|e| end > e)
                {
                    beyond.push(a.name);
                }
            }
            end
        }
        Err(e) => {
            let shown = EndShown {
                typed,
                error: tr.field_error(&e),
            };
            return page(&state, &here, &officer, &record, String::new(), shown).await;
        }
    };
    if !beyond.is_empty() {
        let error = tr.t_args("assign-beyond", &[("name", beyond.join(", ").into())]);
        let shown = EndShown { typed, error };
        return page(&state, &here, &officer, &record, String::new(), shown).await;
    }
    let mut tx = state.store.begin().await?;
    if !tx.set_procuration_end(officer.org, p.id, end).await? {
        return Ok(here.not_found().await);
    }
    tx.audit(&AuditEntry {
        actor: Some(officer.member.0.account.id),
        org: Some(officer.org),
        person: None,
        action: "procuration-end-changed",
        detail: format!("{}: {} → {end}", p.name, p.ends_on),
        client_address: client,
        agency: None,
    })
    .await?;
    tx.commit().await?;
    let to = format!("/administration/procurations/{}?fait=prolongee", p.id);
    Ok(Redirect::to(&to).into_response())
}
