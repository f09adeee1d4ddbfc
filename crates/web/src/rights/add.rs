//! « Ajouter » (P4, P6): the kind of procuration, then its fields and agencies, a summary,
//! « Transmettre ». « Interne » serves the organization's own users; « Externe » another
//! organization, found by its NEQ, which answers it (P6); a mandataire makes its own within an
//! external procuration it accepted (`procurations_received`), never beyond it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;

use mandat_app::Refusal;
use mandat_app::catalog::Catalog;
use mandat_core::dates::long_date;
use mandat_core::ids::{AgencyId, ProcurationId};
use mandat_core::procuration::{Chosen, Grantable, Procuration, ProcurationForm};
use mandat_core::{Field, FieldError};
use time::Date;

use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldView, Pairs, fields};
use crate::kit::frame::Chrome;
use crate::rights::form::{self as procuration_form, Drawn};

#[derive(Template, WebTemplate)]
#[template(path = "procuration_kind.html")]
pub struct KindPage {
    tr: Tr,
    chrome: Chrome,
}

/// « Ajouter »: the kind of procuration, « Interne » (P4) or « Externe » (P6).
pub async fn kind(here: Here, officer: Officer) -> Response {
    KindPage {
        chrome: here.chrome(Some(officer.name())),
        tr: here.tr(),
    }
    .into_response()
}

/// What the form makes.
pub enum Making {
    Internal,
    External,
    /// Within the mandate, an external procuration the officer's organization accepted, and
    /// never past its last day.
    Within(ProcurationId, Date),
}

impl Making {
    fn action(&self) -> String {
        match self {
            Making::Internal => "/administration/procurations/nouvelle/interne".into(),
            Making::External => "/administration/procurations/nouvelle/externe".into(),
            Making::Within(m, _) => format!("/administration/procurations/recues/{m}/nouvelle"),
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Making::Internal => "procurations-new-title",
            Making::External => "procurations-new-external-title",
            Making::Within(..) => "received-new-title",
        }
    }

    /// Where « Retour » goes, and what it says.
    fn back(&self) -> (String, &'static str) {
        match self {
            Making::Within(m, _) => (
                format!("/administration/procurations/recues/{m}"),
                "received-back",
            ),
            Making::Internal | Making::External => {
                ("/administration/procurations".into(), "procurations-back")
            }
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "procuration_new.html")]
pub struct NewPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    title: String,
    action: String,
    back: (String, String),
    name: Vec<FieldView>,
    form: Drawn,
    errors: Vec<(String, String)>,
    alert: String,
}

/// The form of `making`, as posted or empty, with its errors; or, with `review`, its summary
/// with `said` (what the procuration's own fields do not say: its mandataire, its mandant).
pub struct Form<'a> {
    pub making: Making,
    pub grantable: &'a [Grantable],
    pub posted: Option<&'a Pairs>,
    pub errors: &'a [FieldError],
    pub review: Option<&'a Procuration>,
    pub said: Vec<(String, String)>,
}

impl<'a> Form<'a> {
    pub fn new(
        making: Making,
        grantable: &'a [Grantable],
        posted: Option<&'a Pairs>,
        said: Vec<(String, String)>,
    ) -> Self {
        Form {
            making,
            grantable,
            posted,
            errors: &[],
            review: None,
            said,
        }
    }
}

pub async fn new_page(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    f: Form<'_>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let agencies = f.grantable.iter().map(|g| g.agency).collect::<Vec<_>>();
    let catalog = Catalog::load(&state.store, agencies).await?;
    let get = |key: &str| f.posted.map(|p| p.get(key)).unwrap_or_default();
    let (typed_name, typed_neq) = (get("procuration-name"), get("mandataire-neq"));
    let mut own = vec![(Field::ProcurationName, "text", typed_name.as_str())];
    if matches!(f.making, Making::External) {
        own.push((Field::MandataireNeq, "text", typed_neq.as_str()));
    }
    let name = fields(&tr, &own, f.errors);
    let mut form = procuration_form::draw(&tr, &catalog, f.grantable, f.posted, f.errors, f.review);
    if let Making::Within(_, last) = f.making {
        let date = long_date(last, here.lang);
        form.dates[1].hint = tr.t_args("received-ends-on-hint", &[("date", date.into())]);
    }
    if !form.review.is_empty() {
        form.review.splice(1..1, f.said);
    }
    let mut errors = crate::kit::form::summary(&name);
    errors.extend(form.errors.iter().cloned());
    let page = NewPage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        title: tr.t(f.making.title()),
        action: f.making.action(),
        back: (f.making.back().0, tr.t(f.making.back().1)),
        name,
        form,
        errors,
        alert: String::new(),
        tr,
    };
    Ok((crate::kit::form::status(&page.errors), page).into_response())
}

/// What the officer typed, owned, for the application layer's [`ProcurationForm`]; `name` is
/// the procuration's name when the page gives it (path A names it after the user).
pub struct Typed {
    name: String,
    starts_on: String,
    ends_on: String,
    agencies: BTreeMap<AgencyId, Chosen>,
}

impl Typed {
    pub fn read(posted: &Pairs, name: Option<String>) -> Self {
        Typed {
            name: name.unwrap_or_else(|| posted.get("procuration-name")),
            starts_on: posted.get("starts-on"),
            ends_on: posted.get("ends-on"),
            agencies: procuration_form::chosen(posted),
        }
    }

    pub fn form(&self) -> ProcurationForm<'_> {
        ProcurationForm {
            name: &self.name,
            starts_on: &self.starts_on,
            ends_on: &self.ends_on,
            agencies: self.agencies.clone(),
        }
    }
}

/// « Transmettre » makes the change; « Continuer » and « Modifier » only check it.
pub fn transmits(posted: &Pairs) -> bool {
    posted.get("action") == "transmit"
}

/// Where a posted form goes: back to the form (a refusal, « Modifier »), to its summary
/// (« Continuer »), or, once made (« Transmettre »), on, as `Ok(Ok(p))`.
pub async fn step(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    mut f: Form<'_>,
    made: Result<Procuration, mandat_app::Error>,
) -> Result<Result<Procuration, Response>, AppError> {
    let action = f.posted.map(|p| p.get("action")).unwrap_or_default();
    match made {
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            f.errors = &errors;
            f.said.clear();
            Ok(Err(new_page(state, here, officer, f).await?))
        }
        Err(e) => Err(e.into()),
        Ok(made) if action != "transmit" => {
            if action == "continue" {
                f.review = Some(&made);
            }
            Ok(Err(new_page(state, here, officer, f).await?))
        }
        Ok(made) => Ok(Ok(made)),
    }
}

/// The form of `making`, empty, for the organization's agencies « Actif ».
async fn blank(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    making: Making,
) -> Result<Response, AppError> {
    let grantable = state.store.grantable(officer.org).await?;
    let f = Form::new(making, &grantable, None, vec![]);
    new_page(state, here, officer, f).await
}

pub async fn new_internal(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
) -> Result<Response, AppError> {
    blank(&state, &here, &officer, Making::Internal).await
}

pub async fn new_external(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
) -> Result<Response, AppError> {
    blank(&state, &here, &officer, Making::External).await
}

/// « Transmettre » creates an internal procuration, without holders: they are chosen by
/// « Assigner ».
pub async fn create(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let grantable = state.store.grantable(officer.org).await?;
    let typed = Typed::read(&posted, None);
    let (app, acting) = (&state.app, &officer.acting);
    let made = match transmits(&posted) {
        true => app.create_internal(acting, &typed.form()).await,
        false => app.check_internal(acting, &typed.form()).await,
    };
    let f = Form::new(Making::Internal, &grantable, Some(&posted), vec![]);
    let p = match step(&state, &here, &officer, f, made).await? {
        Ok(p) => p,
        Err(page) => return Ok(page),
    };
    let to = format!("/administration/procurations/{}?fait=creee", p.id);
    Ok(Redirect::to(&to).into_response())
}

/// « Transmettre » creates an external procuration (P6) and tells the mandataire's officers,
/// who accept or decline it.
pub async fn create_external(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let grantable = state.store.grantable(officer.org).await?;
    let (typed, neq) = (Typed::read(&posted, None), posted.get("mandataire-neq"));
    let (app, acting) = (&state.app, &officer.acting);
    let checked = app.check_external(acting, &typed.form(), &neq).await;
    let tr = here.tr();
    let said = checked.iter().map(|e| {
        let name = format!("{} (NEQ {})", e.mandataire.name, e.mandataire.neq);
        (tr.t("procurations-mandataire"), name)
    });
    let f = Form::new(Making::External, &grantable, Some(&posted), said.collect());
    let made = match (transmits(&posted), checked) {
        (true, Ok(_)) => app.create_external(acting, &typed.form(), &neq).await,
        (_, checked) => checked.map(|e| e.procuration),
    };
    let p = match step(&state, &here, &officer, f, made).await? {
        Ok(p) => p,
        Err(page) => return Ok(page),
    };
    let to = format!("/administration/procurations/{}?fait=confiee", p.id);
    Ok(Redirect::to(&to).into_response())
}
