//! « Assigner » (P4): a procuration's details, the users who will hold it (those of the
//! organization with an active code, each within their code's validity), a summary,
//! « Transmettre ». Each is emailed; changing nothing else, one procuration serves them all.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use mandat_core::dates::long_date;
use mandat_core::ids::PersonId;
use mandat_core::procuration::{Procuration, assignable};
use mandat_core::{Field, FieldError, Problem};
use mandat_store::{Account, Link, ProcurationRecord};

use crate::http::client::ClientAddress;
use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldOption, FieldView, Pairs};
use crate::kit::frame::Chrome;
use crate::rights::catalog::Catalog;
use crate::rights::form::{access_lines, day};
use crate::rights::holding::Holding;
use crate::rights::reading::OwnProcuration;

#[derive(Template, WebTemplate)]
#[template(path = "procuration_assign.html")]
pub struct AssignPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    href: String,
    name: String,
    lines: Vec<(String, String)>,
    from: String,
    until: String,
    users: FieldView,
    /// The summary before « Transmettre »: the users chosen, sent again.
    chosen: Vec<(String, String)>,
    errors: Vec<(String, String)>,
    alert: String,
}

/// The organization's users with an active code who do not hold the procuration yet.
async fn candidates(
    state: &AppState,
    officer: &Officer,
    p: &Procuration,
) -> Result<Vec<(PersonId, Account)>, AppError> {
    let holders = state.store.holders(p.id).await?;
    Ok(state
        .store
        .active_codes_of(officer.org)
        .await?
        .into_iter()
        .filter_map(|a| a.kind.person().map(|person| (person, a)))
        .filter(|(person, _)| !holders.contains(person))
        .collect())
}

struct Shown<'a> {
    ticked: &'a [String],
    problem: Option<String>,
    review: bool,
}

async fn page(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    p: &Procuration,
    shown: Shown<'_>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let lang = here.lang;
    let catalog = Catalog::load(state, p.agency_ids()).await?;
    let people = candidates(state, officer, p).await?;
    let options = people
        .iter()
        .map(|(person, a)| FieldOption {
            value: person.to_string(),
            label: match a.expires_on {
                Some(d) => tr.t_args(
                    "assign-user",
                    &[
                        ("name", a.name.clone().into()),
                        ("date", long_date(d, lang).into()),
                    ],
                ),
                None => a.name.clone(),
            },
            checked: shown.ticked.contains(&person.to_string()),
        })
        .collect();
    let mut users = FieldView::new(&tr, Field::Users, "checkboxes").options(options);
    if let Some(problem) = shown.problem {
        users.error = problem;
    }
    let errors = crate::kit::form::summary(std::slice::from_ref(&users));
    let chosen = if shown.review {
        people
            .iter()
            .filter(|(person, _)| shown.ticked.contains(&person.to_string()))
            .map(|(person, a)| (person.to_string(), a.name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let page = AssignPage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        href: format!("/administration/procurations/{}", p.id),
        name: p.name.clone(),
        lines: access_lines(&catalog, p, lang),
        from: day(lang, p.starts_on),
        until: day(lang, Some(p.ends_on)),
        users,
        chosen,
        errors,
        alert: String::new(),
        tr,
    };
    Ok((crate::kit::form::status(&page.errors), page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    here: Here,
    OwnProcuration { officer, record }: OwnProcuration,
) -> Result<Response, AppError> {
    if !assignable_here(&record) {
        return Err(AppError::NotFound);
    }
    let shown = Shown {
        ticked: &[],
        problem: None,
        review: false,
    };
    page(&state, &here, &officer, &record.procuration, shown).await
}

/// In force and the organization's own to assign: an external procuration is assigned by its
/// mandataire, through those it makes within it (P6).
fn assignable_here(record: &ProcurationRecord) -> bool {
    record.withdrawn_at.is_none() && !matches!(record.link, Link::External { .. })
}

/// Why the chosen users cannot hold it, naming each; or who they are.
fn check(
    tr: &Tr,
    p: &Procuration,
    people: &[(PersonId, Account)],
    ticked: &[String],
) -> Result<Vec<(PersonId, Account)>, String> {
    let chosen: Vec<(PersonId, Account)> = people
        .iter()
        .filter(|(person, _)| ticked.contains(&person.to_string()))
        .cloned()
        .collect();
    if chosen.is_empty() {
        return Err(tr.field_error(&FieldError::new(Field::Users, Problem::Required)));
    }
    let beyond: Vec<String> = chosen
        .iter()
        .filter(|(_, a)| assignable(p, a.expires_on).is_err())
        .map(|(_, a)| a.name.clone())
        .collect();
    if !beyond.is_empty() {
        return Err(tr.t_args("assign-beyond", &[("name", beyond.join(", ").into())]));
    }
    Ok(chosen)
}

/// « Continuer » shows the summary; « Modifier » the choice again; « Transmettre » assigns.
pub async fn submit(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    OwnProcuration { officer, record }: OwnProcuration,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    if !assignable_here(&record) {
        return Err(AppError::NotFound);
    }
    let p = record.procuration;
    let tr = here.tr();
    let ticked = posted.all("users");
    let people = candidates(&state, &officer, &p).await?;
    let action = posted.get("action");
    let chosen = match check(&tr, &p, &people, &ticked) {
        Err(problem) => {
            let shown = Shown {
                ticked: &ticked,
                problem: Some(problem),
                review: false,
            };
            return page(&state, &here, &officer, &p, shown).await;
        }
        Ok(_) if action != "transmit" => {
            let shown = Shown {
                ticked: &ticked,
                problem: None,
                review: action == "continue",
            };
            return page(&state, &here, &officer, &p, shown).await;
        }
        Ok(chosen) => chosen,
    };
    let holding = Holding::load(&state, &officer, client, &p, record.link).await?;
    let mut tx = state.store.begin().await?;
    for (person, account) in &chosen {
        // One assigned a moment before, by another officer, is left as it is.
        holding.grant(&mut tx, *person, &account.email).await?;
    }
    tx.commit().await?;
    let to = format!("/administration/procurations/{}?fait=assignee", p.id);
    Ok(Redirect::to(&to).into_response())
}
