//! « Assigner » (P4): a procuration's details, the users who will hold it (those of the
//! organization with an active code, each within their code's validity), a summary,
//! « Transmettre ». Each is emailed; changing nothing else, one procuration serves them all.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use mandat_app::Refusal;
use mandat_app::catalog::Catalog;
use mandat_app::procurations::assignable_here;
use mandat_core::Field;
use mandat_core::dates::long_date;
use mandat_core::ids::PersonId;
use mandat_core::procuration::Procuration;

use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldOption, FieldView, Pairs};
use crate::kit::frame::Chrome;
use crate::rights::form::{access_lines, day};
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
    let catalog = Catalog::load(&state.store, p.agency_ids()).await?;
    let people = state.app.assign_candidates(&officer.acting, p).await?;
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

/// « Continuer » shows the summary; « Modifier » the choice again; « Transmettre » assigns.
pub async fn submit(
    State(state): State<AppState>,
    here: Here,
    OwnProcuration { officer, record }: OwnProcuration,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let ticked = posted.all("users");
    let people: Vec<PersonId> = ticked.iter().filter_map(|t| t.parse().ok()).collect();
    let (app, acting, p) = (&state.app, &officer.acting, &record.procuration);
    let action = posted.get("action");
    let done = match action == "transmit" {
        true => app.assign(acting, p.id, &people).await,
        false => app
            .check_assignment(acting, &record, &people)
            .await
            .map(drop),
    };
    let tr = here.tr();
    let problem = match done {
        Ok(()) if action == "transmit" => {
            let to = format!("/administration/procurations/{}?fait=assignee", p.id);
            return Ok(Redirect::to(&to).into_response());
        }
        Ok(()) => None,
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            errors.first().map(|e| tr.field_error(e))
        }
        Err(mandat_app::Error::Refused(Refusal::BeyondCodes(names))) => {
            Some(tr.t_args("assign-beyond", &[("name", names.join(", ").into())]))
        }
        Err(e) => return Err(e.into()),
    };
    let shown = Shown {
        ticked: &ticked,
        review: problem.is_none() && action == "continue",
        problem,
    };
    page(&state, &here, &officer, p, shown).await
}
