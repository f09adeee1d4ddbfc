//! « Ajouter » (P4, P6): the kind of procuration, then its fields and agencies, a summary,
//! « Transmettre ». « Interne » serves the organization's own users; « Externe » another
//! organization, found by its NEQ, which answers it (P6); a mandataire makes its own within an
//! external procuration it accepted (`procurations_received`), never beyond it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use mandat_core::audit::AuditAction;
use mandat_core::dates::long_date;
use mandat_core::external;
use mandat_core::ids::{OrgId, ProcurationId};
use mandat_core::procuration::{self, Bounds, Grantable, Procuration, ProcurationForm};
use mandat_core::{Field, FieldError, quebec_time};
use mandat_mail::external::{ExternalEvent, ExternalMail};
use mandat_mail::messages::Message;
use mandat_store::AuditEntry;
use time::Date;

use crate::http::client::ClientAddress;
use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldView, Pairs, fields};
use crate::kit::frame::Chrome;
use crate::rights::catalog::Catalog;
use crate::rights::form::{self as procuration_form, Drawn, both_days};
use crate::rights::reading::org_name;

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
    let catalog = Catalog::load(state, agencies).await?;
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

/// The procuration the officer typed, for `org`, checked against what it may grant.
pub fn parse_posted(
    posted: &Pairs,
    org: OrgId,
    grantable: &[Grantable],
    bounds: Bounds,
) -> Result<Procuration, Vec<FieldError>> {
    let (name, starts_on, ends_on) = (
        posted.get("procuration-name"),
        posted.get("starts-on"),
        posted.get("ends-on"),
    );
    let form = ProcurationForm {
        name: &name,
        starts_on: &starts_on,
        ends_on: &ends_on,
        agencies: procuration_form::chosen(posted),
    };
    procuration::parse(ProcurationId::new(), org, &form, grantable, bounds)
}

/// Where a posted form goes: back to the form (errors, « Modifier »), to its summary
/// (« Continuer »), or on to be written (« Transmettre »), as `Ok(Ok(p))`.
pub async fn step(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    mut f: Form<'_>,
    parsed: Result<Procuration, Vec<FieldError>>,
) -> Result<Result<Procuration, Response>, AppError> {
    let action = f.posted.map(|p| p.get("action")).unwrap_or_default();
    match parsed {
        Err(errors) => {
            f.errors = &errors;
            f.said.clear();
            Ok(Err(new_page(state, here, officer, f).await?))
        }
        Ok(p) if action != "transmit" => {
            if action == "continue" {
                f.review = Some(&p);
            }
            Ok(Err(new_page(state, here, officer, f).await?))
        }
        Ok(p) => Ok(Ok(p)),
    }
}

fn bounds(state: &AppState) -> Bounds {
    Bounds {
        today: quebec_time::date_at(state.store.now()),
        latest_end: None,
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

fn created(officer: &Officer, client: Option<String>, detail: String) -> AuditEntry {
    AuditEntry {
        actor: Some(officer.member.0.account.id),
        org: Some(officer.org),
        person: None,
        action: AuditAction::ProcurationCreated,
        detail,
        client_address: client,
        agency: None,
    }
}

/// « Transmettre » creates an internal procuration, without holders: they are chosen by
/// « Assigner ».
pub async fn create(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let grantable = state.store.grantable(officer.org).await?;
    let parsed = parse_posted(&posted, officer.org, &grantable, bounds(&state));
    let f = Form::new(Making::Internal, &grantable, Some(&posted), vec![]);
    let p = match step(&state, &here, &officer, f, parsed).await? {
        Ok(p) => p,
        Err(page) => return Ok(page),
    };
    let mut tx = state.store.begin().await?;
    tx.insert_procuration(&p, officer.member.0.account.id)
        .await?;
    let detail = format!("{} (until {})", p.name, p.ends_on);
    tx.audit(&created(&officer, client, detail)).await?;
    tx.commit().await?;
    let to = format!("/administration/procurations/{}?fait=creee", p.id);
    Ok(Redirect::to(&to).into_response())
}

/// « Transmettre » creates an external procuration (P6) and tells the mandataire's officers,
/// who accept or decline it.
pub async fn create_external(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Checked(posted): Checked<Pairs>,
) -> Result<Response, AppError> {
    let grantable = state.store.grantable(officer.org).await?;
    let neq = external::mandataire_neq(&posted.get("mandataire-neq"));
    let found = match &neq {
        Ok(neq) => state.store.organization_by_neq(neq).await?,
        Err(_) => None,
    };
    let mandataire =
        neq.and_then(|_| external::mandataire(officer.org, found.as_ref().map(|o| o.id)));
    let parsed = parse_posted(&posted, officer.org, &grantable, bounds(&state));
    let parsed = match (parsed, mandataire) {
        (Ok(p), Ok(_)) => Ok(p),
        (p, m) => Err(m
            .err()
            .into_iter()
            .chain(p.err().into_iter().flatten())
            .collect()),
    };
    let tr = here.tr();
    let said = found.iter().map(|o| {
        let name = format!("{} (NEQ {})", o.name, o.neq);
        (tr.t("procurations-mandataire"), name)
    });
    let f = Form::new(Making::External, &grantable, Some(&posted), said.collect());
    let p = match step(&state, &here, &officer, f, parsed).await? {
        Ok(p) => p,
        Err(page) => return Ok(page),
    };
    let Some(firm) = found else {
        return Err(AppError::Internal(
            "a checked mandataire was not found".into(),
        ));
    };
    let catalog = Catalog::load(&state, p.agency_ids()).await?;
    let mail = ExternalMail {
        event: ExternalEvent::Offered,
        from: org_name(&state, officer.org).await?,
        name: p.name.clone(),
        lines: catalog.lines(&p),
        until: both_days(p.ends_on),
        url: format!(
            "{}/administration/procurations/recues/{}",
            state.public_url, p.id
        ),
    };
    let mut tx = state.store.begin().await?;
    tx.insert_external(&p, firm.id, officer.member.0.account.id)
        .await?;
    let detail = format!(
        "{} for {} (NEQ {}, until {})",
        p.name, firm.name, firm.neq, p.ends_on
    );
    tx.audit(&created(&officer, client, detail)).await?;
    for to in tx.active_officer_emails(firm.id).await? {
        tx.queue_mail(&mail.to(&to)?).await?;
    }
    tx.commit().await?;
    let to = format!("/administration/procurations/{}?fait=confiee", p.id);
    Ok(Redirect::to(&to).into_response())
}
