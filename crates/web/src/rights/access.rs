//! « Gestion des droits d'accès » (P3), for an organization's officers only (P2): choose the
//! user, the end date (at most their code's validity) and the agencies where the organization
//! is enrolled « Actif », each « sans restriction » or « avec restriction » to chosen tasks;
//! a summary; « Transmettre ». The user's page lists what they hold, and an officer withdraws
//! it at once (P5). The user is emailed each time.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use mandat_app::Refusal;
use mandat_app::catalog::Catalog;
use mandat_core::dates::long_date;
use mandat_core::ids::PersonId;
use mandat_core::procuration::Procuration;
use mandat_core::{FieldError, quebec_time};
use mandat_store::{Account, Link, ProcurationRecord};

use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::Pairs;
use crate::kit::frame::Chrome;
use crate::rights::add::{Typed, transmits};
use crate::rights::check::{self as rights_check, Asked, CheckQuery, CheckView};
use crate::rights::form::{self as procuration_form, Drawn, access_lines, day, standing};
use crate::rights::reading::{org_name, procuration_id, whom};

pub struct PersonRow {
    href: String,
    name: String,
    code: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "rights_people.html")]
pub struct PeoplePage {
    tr: Tr,
    chrome: Chrome,
    people: Vec<PersonRow>,
}

/// The organization's users with an active code: whom rights may be granted to.
pub async fn people(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
) -> Result<Response, AppError> {
    let people = state
        .store
        .active_codes_of(officer.org)
        .await?
        .into_iter()
        .filter_map(|a| {
            let person = a.kind.person()?;
            Some(PersonRow {
                href: format!("/administration/droits/{person}"),
                name: a.name.clone(),
                code: a.user_code.as_str().to_string(),
            })
        })
        .collect();
    Ok(PeoplePage {
        chrome: here.chrome(Some(officer.name())),
        tr: here.tr(),
        people,
    }
    .into_response())
}

/// The organization's user with an active code, if `person` is one.
/// The user of the officer's organization the path names, with an active code; anyone else
/// is not found.
async fn holder(
    state: &AppState,
    officer: &Officer,
    person: &str,
) -> Result<(PersonId, Account), AppError> {
    let person = person.parse::<PersonId>().map_err(|_| AppError::NotFound)?;
    Ok((person, state.app.member(&officer.acting, person).await?))
}

pub struct RightRow {
    procuration: String,
    standing: String,
    name: String,
    lines: Vec<(String, String)>,
    from: String,
    until: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "access_rights.html")]
pub struct RightsPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    action: String,
    person: String,
    notice: String,
    rights: Vec<RightRow>,
    /// « Vérifier un accès »: the decision asked about this user.
    check: CheckView,
    form: Drawn,
    errors: Vec<(String, String)>,
    alert: String,
}

struct Shown<'a> {
    notice: String,
    /// The question of « Vérifier un accès », if one is asked.
    check: Option<&'a CheckQuery>,
    posted: Option<&'a Pairs>,
    errors: &'a [FieldError],
    review: Option<&'a Procuration>,
}

async fn page(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    (person, account): (PersonId, &Account),
    shown: Shown<'_>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let lang = here.lang;
    let grantable = state.store.grantable(officer.org).await?;
    let today = quebec_time::date_at(state.store.now());
    let rights = state.store.rights_of(person).await?;
    let rights: Vec<ProcurationRecord> = rights
        .into_iter()
        .filter(|r| r.procuration.org == officer.org)
        .collect();
    let agency_ids = grantable
        .iter()
        .map(|g| g.agency)
        .chain(rights.iter().flat_map(|r| r.procuration.agency_ids()))
        .collect::<Vec<_>>();
    let catalog = Catalog::load(&state.store, agency_ids).await?;
    let mut rows = Vec::with_capacity(rights.len());
    for r in &rights {
        let p = &r.procuration;
        // P6: rights made within an external procuration are the mandant's to act for.
        let name = match r.link {
            Link::Within { .. } => format!("{} ({})", p.name, whom(state, &tr, r.link).await?),
            Link::Internal | Link::External { .. } => p.name.clone(),
        };
        rows.push(RightRow {
            procuration: p.id.to_string(),
            name,
            lines: access_lines(&catalog, p, lang),
            from: day(lang, p.starts_on),
            until: day(lang, Some(p.ends_on)),
            standing: standing(&tr, p, r.link, false, today),
        });
    }
    let mut form = procuration_form::draw(
        &tr,
        &catalog,
        &grantable,
        shown.posted,
        shown.errors,
        shown.review,
    );
    if let Some(expiry) = account.expires_on {
        form.dates[1].hint = tr.t_args(
            "rights-ends-on-hint",
            &[("date", long_date(expiry, lang).into())],
        );
    }
    if !form.review.is_empty() {
        form.review[0] = (tr.t("rights-holder"), account.name.clone());
    }
    let asked = Asked {
        person,
        name: &account.name,
        own: (officer.org, org_name(state, officer.org).await?),
        rights: &rights,
        today,
    };
    let check = shown.check.cloned().unwrap_or_default();
    let check = rights_check::check(state, &tr, &catalog, &asked, &check).await?;
    let page = RightsPage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        check,
        action: format!("/administration/droits/{person}"),
        person: account.name.clone(),
        notice: shown.notice,
        rights: rows,
        errors: form.errors.clone(),
        form,
        alert: String::new(),
        tr,
    };
    Ok((crate::kit::form::status(&page.errors), page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Path(person): Path<String>,
    Query(q): Query<CheckQuery>,
) -> Result<Response, AppError> {
    let (person, account) = holder(&state, &officer, &person).await?;
    let notice = match q.fait.as_str() {
        "accordes" | "retires" => here.tr().t(&format!("rights-notice-{}", q.fait)),
        _ => String::new(),
    };
    let shown = Shown {
        notice,
        check: Some(&q),
        posted: None,
        errors: &[],
        review: None,
    };
    page(&state, &here, &officer, (person, &account), shown).await
}

/// « Continuer » shows the summary; « Modifier » the form again; « Transmettre » grants.
pub async fn submit(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Path(person): Path<String>,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let (person, account) = holder(&state, &officer, &person).await?;
    let name = here.tr().t_args(
        "rights-procuration-name",
        &[("name", account.name.clone().into())],
    );
    let typed = Typed::read(&posted, Some(Procuration::made_name(&name)));
    let (app, acting) = (&state.app, &officer.acting);
    let made = match transmits(&posted) {
        true => app.grant_rights(acting, person, &typed.form()).await,
        false => app.check_rights(acting, person, &typed.form()).await,
    };
    let mut shown = Shown {
        notice: String::new(),
        check: None,
        posted: Some(&posted),
        errors: &[],
        review: None,
    };
    match made {
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            shown.errors = &errors;
            return page(&state, &here, &officer, (person, &account), shown).await;
        }
        Err(e) => return Err(e.into()),
        Ok(p) if !transmits(&posted) => {
            shown.review = (posted.get("action") == "continue").then_some(&p);
            return page(&state, &here, &officer, (person, &account), shown).await;
        }
        Ok(_) => {}
    };
    let to = format!("/administration/droits/{person}?fait=accordes");
    Ok(Redirect::to(&to).into_response())
}

/// « Retirer »: the person's rights from this procuration end at once (P5).
pub async fn withdraw(
    State(state): State<AppState>,
    officer: Officer,
    Path((person, procuration)): Path<(String, String)>,
    Checked(_): Checked<Pairs>,
) -> Result<Response, AppError> {
    let (person, _) = holder(&state, &officer, &person).await?;
    let id = procuration_id(&procuration)?;
    let done = match state.app.end_holding(&officer.acting, id, person).await? {
        true => "?fait=retires",
        false => "",
    };
    Ok(Redirect::to(&format!("/administration/droits/{person}{done}")).into_response())
}
