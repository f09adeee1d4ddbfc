//! « Dossier de sécurité d'un code d'utilisateur » (M23): one person's code, its state and
//! its history, and what may be done to it: deactivate (M13's reasons), reactivate (M16,
//! with a temporary password) and set a new expiry date (M17). Every rule that forbids an
//! action is named; every action emails the user and the officers (M24, M14) in its
//! transaction, and is recorded.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use mandat_app::Refusal;
use mandat_app::security::{Keeper, Subject};
use mandat_core::account::DeactivationReason;
use mandat_core::audit;
use mandat_core::dates::{long_date, long_moment};
use mandat_core::validity::{ReactivationKind, Rule, officer_may_reactivate};
use mandat_core::{Field, quebec_time};
use mandat_store::{FileState, RegistrationCodeRecord};
use time::Date;

use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::path::path_id;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::FieldView;
use crate::kit::frame::Chrome;
use crate::kit::labels;
use crate::kit::notice::Notice;
use crate::security::file::state_label;
use crate::security::person::{Action, ActionForm, Outcome, Reader};
use crate::security::reactivation;

pub struct HistoryRow {
    pub when: String,
    pub by: String,
    pub what: String,
    pub why: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "person_file.html")]
pub struct PersonFilePage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    action: String,
    list: String,
    facts: Vec<(String, String)>,
    notice: String,
    alert: String,
    refusals: Vec<String>,
    errors: Vec<(String, String)>,
    /// M23: inactive for a reason other than a lockout, to an officer: nothing is offered.
    frozen: bool,
    has_account: bool,
    active: bool,
    reactivation: Option<Vec<String>>,
    reasons: Vec<(&'static str, &'static str)>,
    reason: FieldView,
    other: FieldView,
    reactivation_reason: FieldView,
    new_expiry: FieldView,
    central: bool,
    /// To an officer, the user's access rights (P3): where to read and change them.
    rights: String,
    /// The reactivation asked of central, if one is open (M16).
    open_request: Option<reactivation::RequestView>,
    /// An officer who may not reactivate the code may ask central, once.
    may_request: bool,
    /// The code is past its date: reactivating it needs a new one.
    needs_expiry: bool,
    nas: FieldView,
    refusal: FieldView,
    history: Vec<HistoryRow>,
}

pub(crate) fn rule_text(tr: &Tr, rule: Rule) -> String {
    tr.t(&format!("rule-{}", rule.id()))
}

pub(crate) async fn draw(
    state: &AppState,
    here: &Here,
    reader: &Reader<'_>,
    s: &Subject,
    outcome: Outcome,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let lang = here.lang;
    let today = quebec_time::date_at(state.store.now());
    let action = format!("{}/{}", reader.list, s.person.id);
    let (state_text, expires_on) = match (&s.account, &s.code) {
        (Some(a), _) => (
            tr.t(if a.inactive.is_none() {
                "state-active"
            } else {
                "state-inactive"
            }),
            a.expires_on,
        ),
        (None, Some(c)) => (
            state_label(&tr, code_state(c, today)),
            Some(c.access_expires_on),
        ),
        (None, None) => (String::new(), None),
    };
    let mut facts = vec![
        (
            tr.t("file-column-code"),
            s.account
                .as_ref()
                .map(|a| a.user_code.to_string())
                .unwrap_or_default(),
        ),
        (tr.t("file-column-nom"), s.person.last_name.clone()),
        (tr.t("file-column-prenom"), s.person.first_name.clone()),
        (tr.t("file-column-etat"), state_text),
        (tr.t("file-column-profil"), s.profiles.label(lang)),
        (
            tr.t("file-column-expiration"),
            expires_on.map(|d| long_date(d, lang)).unwrap_or_default(),
        ),
        (
            tr.t("field-organization-name"),
            format!("{} (NEQ {})", s.org.name, s.org.neq),
        ),
    ];
    if let Some((cause, since)) = s.account.as_ref().and_then(|a| a.inactive) {
        facts.push((
            tr.t("person-inactive-since"),
            format!(
                "{} ({})",
                long_date(quebec_time::date_at(since), lang),
                tr.t(&format!("cause-{}", cause.code()))
            ),
        ));
    }
    let inactive = s.account.as_ref().and_then(|a| a.inactive);
    let (keeper, frozen) = (&reader.keeper, reader.keeper.frozen(inactive));
    let reactivation = match (&s.account, inactive) {
        (Some(a), Some(_)) if !frozen => Some(if keeper.is_central() {
            vec![]
        } else {
            officer_may_reactivate(&keeper.facts(a, s), today)
                .into_iter()
                .map(|r| rule_text(&tr, r))
                .collect()
        }),
        _ => None,
    };
    let open_request = match &s.account {
        Some(a) => state.store.open_reactivation(a.id).await?,
        None => None,
    };
    let kind = s
        .account
        .as_ref()
        .and_then(|a| ReactivationKind::of(&keeper.facts(a, s), today));
    let may_request = !keeper.is_central()
        && open_request.is_none()
        && kind.is_some()
        && (frozen || reactivation.as_ref().is_some_and(|r| !r.is_empty()));
    let history = state
        .store
        .audit_of_person(s.person.id)
        .await?
        .into_iter()
        .rev()
        .map(|r| HistoryRow {
            when: long_moment(r.at, lang),
            by: if r.actor_is_central {
                tr.t("history-central")
            } else {
                r.actor_name.unwrap_or_else(|| tr.t("history-system"))
            },
            what: labels::action(&tr, &r.action),
            why: audit::render(&r.detail, lang),
        })
        .collect();
    let errors = &outcome.errors;
    let page = PersonFilePage {
        chrome: here.chrome(Some(&keeper.account.name)),
        csrf: here.csrf.clone(),
        action,
        list: reader.list.clone(),
        facts,
        notice: outcome.notice,
        alert: String::new(),
        refusals: outcome
            .refusals
            .into_iter()
            .map(|r| rule_text(&tr, r))
            .collect(),
        errors: errors
            .iter()
            .map(|e| (e.field.id().to_string(), tr.field_error(e)))
            .collect(),
        frozen,
        has_account: s.account.is_some(),
        active: s.account.as_ref().is_some_and(|a| a.inactive.is_none()),
        rights: match s.account.as_ref() {
            Some(a) if a.inactive.is_none() && !keeper.is_central() => {
                format!("/administration/droits/{}", s.person.id)
            }
            _ => String::new(),
        },
        reactivation,
        reasons: DeactivationReason::ALL
            .iter()
            .map(|r| (r.code(), r.label(lang)))
            .collect(),
        reason: FieldView::new(&tr, Field::Reason, "select").errors(&tr, errors),
        other: FieldView::new(&tr, Field::OtherReason, "text").errors(&tr, errors),
        reactivation_reason: FieldView::new(&tr, Field::ReactivationReason, "text")
            .errors(&tr, errors),
        new_expiry: FieldView::new(&tr, Field::NewExpiry, "date").errors(&tr, errors),
        central: keeper.is_central(),
        open_request: open_request.map(|r| reactivation::RequestView::new(&tr, lang, today, &r)),
        may_request,
        needs_expiry: kind == Some(ReactivationKind::Expired),
        nas: FieldView::new(&tr, Field::NasPartial, "text").errors(&tr, errors),
        refusal: FieldView::new(&tr, Field::RefusalReason, "text").errors(&tr, errors),
        history,
        tr,
    };
    Ok(page.into_response())
}

fn code_state(c: &RegistrationCodeRecord, today: Date) -> FileState {
    match c.state {
        mandat_store::CodeState::Suspended => FileState::Suspended,
        _ if c.is_expired(today) => FileState::Expired,
        _ => FileState::Active,
    }
}

/// Reads a person's file.
pub async fn show(
    state: &AppState,
    here: &Here,
    reader: &Reader<'_>,
    s: Subject,
    done: &Notice,
) -> Result<Response, AppError> {
    let outcome = Outcome {
        notice: if DONE.contains(&done.fait.as_str()) {
            here.tr().t(&done.fait)
        } else {
            String::new()
        },
        ..Default::default()
    };
    draw(state, here, reader, &s, outcome).await
}

/// The signed-in officer and the person of their organization that the path's `{person}`
/// names, read through the application layer scoped to the officer (M21): a person of
/// another organization, or none, is the 404 page.
pub struct OfficerFile {
    officer: Officer,
    subject: Subject,
}

impl FromRequestParts<AppState> for OfficerFile {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let officer = Officer::from_request_parts(parts, state).await?;
        let id = path_id(parts, state, "person").await?;
        let read = match officer.reader() {
            Ok(reader) => state.app.subject(&reader.keeper, id).await,
            Err(e) => return Err(e.into_response()),
        };
        let subject = read.map_err(|e| AppError::from(e).into_response())?;
        Ok(OfficerFile { officer, subject })
    }
}

/// What an action on the file says once done, by the `?fait=` of the page it leads to.
const DONE: [&str; 5] = [
    "person-deactivated",
    "person-reactivated",
    "person-expiry-changed",
    "person-reactivation-requested",
    "person-reactivation-refused",
];

/// The person's id in a path; anything else is not found.
/// Carries out an action on a person's file: done, the file as it now stands
/// (post/redirect/get); refused, the file again with the reasons, and nothing changed.
pub async fn act(
    state: &AppState,
    here: &Here,
    reader: &Reader<'_>,
    s: Subject,
    action: Action,
    form: &ActionForm,
) -> Result<Response, AppError> {
    let (id, keeper, typed) = (s.person.id, &reader.keeper, form.typed());
    let done = match action {
        Action::Code(code) => state.app.change_code(keeper, id, code, &typed).await,
        Action::RequestReactivation => state.app.request_reactivation(keeper, id, &typed).await,
        Action::RefuseReactivation => state.app.refuse_reactivation(keeper, id, &typed).await,
    };
    let outcome = match done {
        Ok(notice) => {
            let to = format!("{}/{id}?fait={notice}", reader.list);
            return Ok(Redirect::to(&to).into_response());
        }
        Err(mandat_app::Error::Refused(Refusal::Rules(refusals))) => Outcome {
            refusals,
            ..Default::default()
        },
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => Outcome {
            errors,
            ..Default::default()
        },
        Err(e) => return Err(e.into()),
    };
    draw(state, here, reader, &s, outcome).await
}

/// The officer's pages: their own organization only (M21).
pub async fn officer_show(
    State(state): State<AppState>,
    here: Here,
    OfficerFile { officer, subject }: OfficerFile,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    show(&state, &here, &officer.reader()?, subject, &done).await
}

pub async fn officer_act(
    State(state): State<AppState>,
    here: Here,
    OfficerFile { officer, subject }: OfficerFile,
    Path((_, action)): Path<(String, String)>,
    Checked(form): Checked<ActionForm>,
) -> Result<Response, AppError> {
    let Some(action) = Action::from_path(&action) else {
        return Err(AppError::NotFound);
    };
    act(&state, &here, &officer.reader()?, subject, action, &form).await
}

impl Officer {
    /// The officer, keeping their own organization's file.
    fn reader(&self) -> Result<Reader<'_>, AppError> {
        let keeper = Keeper::officer(&self.acting, &self.member.0.account);
        Ok(Reader {
            keeper: keeper.ok_or_else(|| AppError::Internal("an officer not acting".into()))?,
            list: "/administration/securite".into(),
        })
    }
}
