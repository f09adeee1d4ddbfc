//! The steps of an enrollment request (E3), one page each: the services wanted from the
//! agency, the organization's information (prefilled from its record, correctable), the
//! agency's other information, the consent, the review, then « Transmettre ». Each step's
//! answers are saved in the organization's draft before anything else, so that a session
//! that expires loses at most the page being typed.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use mandat_app::Refusal;
use mandat_app::enrollment::Wizard;
use mandat_core::enrollment_form::{FieldKind, FormField};
use mandat_core::enrollment_request::{AnswerError, Step};
use mandat_core::{Field, FieldError};

use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::enrollment_sheet::{Section, sections};
use crate::kit::form::{FieldOption, FieldView, Pairs, fields, summary};
use crate::kit::frame::Chrome;

/// The draft's pages.
trait Pages {
    /// The steps this agency's request has: « Autres renseignements » only if it asks some.
    fn steps(&self) -> Vec<Step>;
    fn base(&self) -> String;
    fn href(&self, step: Step) -> String;
}

impl Pages for Wizard {
    fn steps(&self) -> Vec<Step> {
        Step::sequence(!self.fields.is_empty())
    }

    fn base(&self) -> String {
        format!("/inscriptions/brouillon/{}", self.agency.code.as_str())
    }

    fn href(&self, step: Step) -> String {
        format!("{}/{}", self.base(), step.slug())
    }
}

/// The agency and the draft; or where to go instead: a 404 for an agency that takes no
/// enrollment, the list when the organization already has a request standing with it.
async fn load(
    state: &AppState,
    officer: &Officer,
    code: &str,
) -> Result<Result<Wizard, Response>, AppError> {
    match state.app.enrollment_wizard(&officer.acting, code).await {
        Ok(w) => Ok(Ok(w)),
        Err(mandat_app::Error::Refused(_)) => {
            Ok(Err(Redirect::to("/inscriptions").into_response()))
        }
        Err(e) => Err(e.into()),
    }
}

/// What is wrong on a step: Mandat's fields, and the agency's by code.
#[derive(Default)]
struct Errors {
    fields: Vec<FieldError>,
    answers: Vec<AnswerError>,
}

impl Errors {
    fn of(w: &Wizard, step: Step) -> Self {
        let d = &w.draft;
        match step {
            Step::Agency => Errors {
                fields: d.check_agency(&w.offered).err().unwrap_or_default(),
                ..Errors::default()
            },
            Step::Organization => Errors {
                fields: d.check_organization(&w.org).err().unwrap_or_default(),
                ..Errors::default()
            },
            Step::Other => Errors {
                answers: d.check_answers(&w.fields).err().unwrap_or_default(),
                ..Errors::default()
            },
            Step::Consent => Errors {
                fields: d.check_consent().err().into_iter().collect(),
                ..Errors::default()
            },
            Step::Review => Errors::default(),
        }
    }

    fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.answers.is_empty()
    }
}

/// An agency field's input id: apart from Mandat's own ids on the same page.
fn input_id(f: &FormField) -> String {
    format!("autre-{}", f.code.as_str().to_ascii_lowercase())
}

/// Takes the step's answers as posted into the draft.
fn apply(w: &mut Wizard, step: Step, posted: &Pairs) {
    let d = &mut w.draft;
    match step {
        Step::Agency => {
            d.services = posted.all("services");
            d.agency_file = posted.get("agency-file");
        }
        Step::Organization => {
            let o = &mut d.organization;
            o.name = posted.get("organization-name");
            o.address = posted.get("address");
            o.city = posted.get("city");
            o.postal_code = posted.get("postal-code");
            o.phone = posted.get("phone");
            o.phone_extension = posted.get("phone-extension");
        }
        Step::Other => {
            for f in &w.fields {
                d.answers
                    .insert(f.code.as_str().to_string(), posted.get(&input_id(f)));
            }
        }
        Step::Consent => d.consent = posted.get("consent") == "on",
        Step::Review => {}
    }
}

fn agency_field(tr: &Tr, f: &FormField, typed: &str, errors: &Errors) -> FieldView {
    let lang = tr.lang;
    let yes_no = [("yes", "yes"), ("no", "no")];
    let (kind, options): (&'static str, Vec<FieldOption>) = match f.kind {
        FieldKind::Text | FieldKind::Number => ("text", vec![]),
        FieldKind::Date => ("date", vec![]),
        FieldKind::Choice => (
            "radio",
            f.choices
                .iter()
                .enumerate()
                .map(|(i, c)| FieldOption {
                    value: i.to_string(),
                    label: c.get(lang).to_string(),
                    checked: false,
                })
                .collect(),
        ),
        FieldKind::YesNo => (
            "radio",
            yes_no
                .iter()
                .map(|(value, key)| FieldOption {
                    value: value.to_string(),
                    label: tr.t(key),
                    checked: false,
                })
                .collect(),
        ),
    };
    let mut label = f.label.get(lang).to_string();
    if !f.required {
        label = tr.t_args("enrollment-optional", &[("label", label.into())]);
    }
    let mut view = FieldView::custom(input_id(f), label, f.help_in(lang).to_string(), kind)
        .value(typed)
        .options(options);
    if let Some((_, p)) = errors.answers.iter().find(|(c, _)| c == f.code.as_str()) {
        view.error = tr.problem(f.label.get(lang), *p);
    }
    view
}

fn views(tr: &Tr, w: &Wizard, step: Step, errors: &Errors) -> Vec<FieldView> {
    let d = &w.draft;
    let e = &errors.fields;
    match step {
        Step::Agency => {
            let services = w
                .offered
                .iter()
                .map(|s| FieldOption {
                    value: s.code.as_str().to_string(),
                    label: s.name.get(tr.lang).to_string(),
                    checked: d.services.iter().any(|c| c == s.code.as_str()),
                })
                .collect();
            let mut all = vec![
                FieldView::new(tr, Field::Services, "checkboxes")
                    .options(services)
                    .errors(tr, e),
            ];
            all.extend(fields(
                tr,
                &[(Field::AgencyFile, "text", &d.agency_file)],
                e,
            ));
            all
        }
        Step::Organization => {
            let o = &d.organization;
            fields(
                tr,
                &[
                    (Field::OrganizationName, "text", &o.name),
                    (Field::Address, "text", &o.address),
                    (Field::City, "text", &o.city),
                    (Field::PostalCode, "text", &o.postal_code),
                    (Field::Phone, "tel", &o.phone),
                    (Field::PhoneExtension, "text", &o.phone_extension),
                ],
                e,
            )
        }
        Step::Other => w
            .fields
            .iter()
            .map(|f| {
                let typed = d.answers.get(f.code.as_str()).map_or("", String::as_str);
                agency_field(tr, f, typed, errors)
            })
            .collect(),
        Step::Consent => {
            let checked = if d.consent { "on" } else { "" };
            let label = tr.t_args(
                "enrollment-consent-statement",
                &[("agency", w.agency.name.get(tr.lang).to_string().into())],
            );
            vec![
                FieldView::custom("consent".into(), label, String::new(), "checkbox")
                    .value(checked)
                    .errors(tr, e),
            ]
        }
        Step::Review => vec![],
    }
}

pub struct StepLink {
    title: String,
    current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "enrollment_step.html")]
pub struct StepPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    agency: String,
    action: String,
    abandon: String,
    back: String,
    steps: Vec<StepLink>,
    title: String,
    lead: String,
    neq: String,
    services: Vec<String>,
    is_consent: bool,
    is_review: bool,
    fields: Vec<FieldView>,
    sections: Vec<Section>,
    errors: Vec<(String, String)>,
    alert: String,
}

fn step_title(tr: &Tr, step: Step) -> String {
    tr.t(&format!("enrollment-step-{}", step_key(step)))
}

fn step_key(step: Step) -> &'static str {
    match step {
        Step::Agency => "agency",
        Step::Organization => "organization",
        Step::Other => "other",
        Step::Consent => "consent",
        Step::Review => "review",
    }
}

fn draw(here: &Here, officer: &Officer, w: &Wizard, step: Step, errors: &Errors) -> Response {
    let tr = here.tr();
    let lang = here.lang;
    let steps = w.steps();
    let at = steps.iter().position(|s| *s == step).unwrap_or(0);
    let back = match at {
        0 => "/inscriptions".to_string(),
        n => w.href(steps[n - 1]),
    };
    let fields = views(&tr, w, step, errors);
    let summary = summary(&fields);
    let sections = match (step, w.draft.content(&w.offered, &w.org, &w.fields)) {
        (Step::Review, Ok(content)) => sections(&tr, &w.agency, &content, &w.base()),
        _ => vec![],
    };
    let services = w
        .offered
        .iter()
        .filter(|s| w.draft.services.iter().any(|c| c == s.code.as_str()))
        .map(|s| s.name.get(lang).to_string())
        .collect();
    let agency = w.agency.name.get(lang).to_string();
    let lead = tr.t_args(
        &format!("enrollment-lead-{}", step_key(step)),
        &[("agency", agency.clone().into())],
    );
    let page = StepPage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        action: w.href(step),
        abandon: format!("/inscriptions/abandonner/{}", w.agency.code.as_str()),
        back,
        steps: steps
            .iter()
            .map(|s| StepLink {
                title: step_title(&tr, *s),
                current: *s == step,
            })
            .collect(),
        title: step_title(&tr, step),
        lead,
        neq: match step {
            Step::Organization => w.org.neq.to_string(),
            _ => String::new(),
        },
        services,
        is_consent: step == Step::Consent,
        is_review: step == Step::Review,
        agency,
        fields,
        sections,
        errors: summary,
        alert: String::new(),
        tr,
    };
    (crate::kit::form::status(&page.errors), page).into_response()
}

/// The step's page; the review, once every step checks, or else the first step that does
/// not, with its errors.
pub async fn show(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Path((code, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let Some(step) = Step::from_slug(&slug) else {
        return Err(AppError::NotFound);
    };
    let w = match load(&state, &officer, &code).await? {
        Ok(w) => w,
        Err(elsewhere) => return Ok(elsewhere),
    };
    if !w.steps().contains(&step) {
        return Ok(Redirect::to(&w.href(Step::Consent)).into_response());
    }
    if step == Step::Review
        && let Err(faulty) = w.draft.content(&w.offered, &w.org, &w.fields)
    {
        return Ok(draw(&here, &officer, &w, faulty, &Errors::of(&w, faulty)));
    }
    Ok(draw(&here, &officer, &w, step, &Errors::default()))
}

/// « Continuer » (or « Enregistrer et quitter »): the answers are saved in the draft, checked,
/// and the next step follows when they hold. On the review, « Transmettre ».
pub async fn submit(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Path((code, slug)): Path<(String, String)>,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let Some(step) = Step::from_slug(&slug) else {
        return Err(AppError::NotFound);
    };
    let mut w = match load(&state, &officer, &code).await? {
        Ok(w) => w,
        Err(elsewhere) => return Ok(elsewhere),
    };
    if step == Step::Review {
        return transmit(&state, &here, &officer, &w).await;
    }
    apply(&mut w, step, &posted);
    state.app.save_enrollment_draft(&officer.acting, &w).await?;
    if posted.get("action") == "save" {
        return Ok(Redirect::to("/inscriptions?fait=brouillon").into_response());
    }
    let errors = Errors::of(&w, step);
    if !errors.is_empty() {
        return Ok(draw(&here, &officer, &w, step, &errors));
    }
    let next = step.next(!w.fields.is_empty());
    Ok(Redirect::to(&w.href(next)).into_response())
}

/// « Transmettre »: the request « En traitement » (E4), the draft gone, the officer told (E5).
async fn transmit(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    w: &Wizard,
) -> Result<Response, AppError> {
    match state.app.transmit_enrollment(&officer.acting, w).await {
        Ok(id) => {
            let to = format!("/inscriptions/demandes/{id}?fait=transmise");
            Ok(Redirect::to(&to).into_response())
        }
        Err(mandat_app::Error::Refused(Refusal::Step(faulty))) => {
            Ok(draw(here, officer, w, faulty, &Errors::of(w, faulty)))
        }
        // Another officer transmitted one a moment ago: the list shows it.
        Err(mandat_app::Error::Refused(_)) => Ok(Redirect::to("/inscriptions").into_response()),
        Err(e) => Err(e.into()),
    }
}
