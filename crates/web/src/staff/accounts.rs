//! Staff accounts that are nobody's organization's: central's agents, managed by central, and
//! an agency's people, managed by the agency's administrators (issue 7). One creates another
//! (the user code is emailed, the temporary password shown once to hand over), deactivates
//! one, or reactivates one with a new temporary password; never their own. Each action is
//! audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use mandat_app::Refusal;
use mandat_app::staff::{Created, Lead};
use mandat_core::agency::Agency;
use mandat_core::ids::AccountId;
use mandat_core::{Field, FieldError};
use mandat_store::{Account, AccountKind, StoreError};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::TokenOnly;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::path::path_id;
use crate::http::session::{AgencyAdmin, CentralAgent, SignedIn};
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::FieldView;
use crate::kit::frame::Chrome;
use crate::kit::notice::{self, Notice};

/// Whose staff the page manages: central's (under `/central/`) or the administrator's agency.
pub struct Team {
    me: SignedIn,
    /// `None` for central.
    agency: Option<Agency>,
}

impl FromRequestParts<AppState> for Team {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if parts.uri.path().starts_with("/central/") {
            let CentralAgent(me) = CentralAgent::from_request_parts(parts, state).await?;
            return Ok(Team { me, agency: None });
        }
        let AgencyAdmin(staff) = AgencyAdmin::from_request_parts(parts, state).await?;
        let agency = staff
            .record(state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Team {
            me: staff.signed_in,
            agency: Some(agency),
        })
    }
}

/// The team and its account that the path's `{id}` names, through the application layer's
/// scoped read: an account of another team, or none, is the 404 page.
pub struct Member {
    team: Team,
    target: Account,
}

impl FromRequestParts<AppState> for Member {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let team = Team::from_request_parts(parts, state).await?;
        let id = path_id(parts, state, "id").await?;
        let lead = team.lead(None).map_err(IntoResponse::into_response)?;
        match state.app.team_member(&lead, id).await {
            Ok(target) => Ok(Member { team, target }),
            Err(e) => Err(AppError::from(e).into_response()),
        }
    }
}

impl Team {
    fn base(&self) -> &'static str {
        if self.agency.is_some() {
            "/ministere/personnel"
        } else {
            "/central/agents"
        }
    }

    /// The prefix of the page's messages: `agents-` for central, `staff-` for an agency.
    fn key(&self, suffix: &str) -> String {
        let prefix = if self.agency.is_some() {
            "staff"
        } else {
            "agents"
        };
        format!("{prefix}-{suffix}")
    }

    /// The team's lead, as the application layer takes them, acting from `client`.
    fn lead(&self, client: Option<String>) -> Result<Lead<'_>, AppError> {
        let lead = match &self.agency {
            None => Lead::central(&self.me.account, client),
            Some(agency) => Lead::agency_admin(&self.me.account, agency, client),
        };
        lead.ok_or_else(|| AppError::Internal("a team's page without its lead".into()))
    }

    async fn accounts(&self, state: &AppState) -> Result<Vec<Account>, StoreError> {
        match &self.agency {
            None => state.store.central_agents().await,
            Some(a) => state.store.agency_staff(a.id).await,
        }
    }
}

pub struct StaffRow {
    id: String,
    name: String,
    email: String,
    user_code: String,
    active: bool,
    admin: bool,
    is_self: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff.html")]
pub struct StaffPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    title: String,
    caption: String,
    base: &'static str,
    /// An agency's page, whose people may be administrators.
    agency: bool,
    notice: String,
    /// A new account's temporary password, shown this once.
    temporary_password: String,
    errors: Vec<(String, String)>,
    alert: String,
    rows: Vec<StaffRow>,
    fields: Vec<FieldView>,
    admin_checked: bool,
}

#[derive(Deserialize, Default)]
pub struct StaffForm {
    csrf: String,
    #[serde(rename = "agent-name", default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(rename = "user-code", default)]
    user_code: String,
    /// An agency's administrator, when checked.
    #[serde(default)]
    administrateur: String,
}

with_token!(StaffForm);

struct Outcome<'a> {
    notice: String,
    temporary_password: String,
    errors: &'a [FieldError],
    typed: Option<&'a StaffForm>,
}

fn quiet<'a>() -> Outcome<'a> {
    Outcome {
        notice: String::new(),
        temporary_password: String::new(),
        errors: &[],
        typed: None,
    }
}

/// The fields of a new staff account: central's agents' and agencies' people alike.
pub fn account_fields(tr: &Tr, typed: [&str; 3], errors: &[FieldError]) -> Vec<FieldView> {
    crate::kit::form::fields(
        tr,
        &[
            (Field::AgentName, "text", typed[0]),
            (Field::Email, "email", typed[1]),
            (Field::UserCode, "text", typed[2]),
        ],
        errors,
    )
}

async fn page(
    state: &AppState,
    here: &Here,
    team: &Team,
    o: Outcome<'_>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let rows = team
        .accounts(state)
        .await?
        .into_iter()
        .map(|a| StaffRow {
            id: a.id.to_string(),
            is_self: a.id == team.me.account.id,
            admin: matches!(a.kind, AccountKind::Agency { admin: true, .. }),
            name: a.name,
            email: a.email.to_string(),
            user_code: a.user_code.to_string(),
            active: a.inactive.is_none(),
        })
        .collect();
    let typed = o.typed.map_or(["", "", ""], |f| {
        [f.name.as_str(), f.email.as_str(), f.user_code.as_str()]
    });
    let fields = account_fields(&tr, typed, o.errors);
    let status = if o.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = match &team.agency {
        None => tr.t("agents-title"),
        Some(a) => tr.t_args(
            "staff-title",
            &[("agency", a.name.get(here.lang).to_string().into())],
        ),
    };
    let page = StaffPage {
        chrome: here.chrome(Some(&team.me.account.name)),
        csrf: here.csrf.clone(),
        title,
        caption: tr.t(&team.key("caption")),
        base: team.base(),
        agency: team.agency.is_some(),
        notice: o.notice,
        temporary_password: o.temporary_password,
        errors: crate::kit::form::summary(&fields),
        alert: String::new(),
        rows,
        fields,
        admin_checked: o.typed.is_some_and(|f| !f.administrateur.is_empty()),
        tr,
    };
    Ok((status, page).into_response())
}

/// The team; after a deactivation, saying whose (post/redirect/get). Creating an account and
/// reactivating one answer with their page instead, since it shows a temporary password this
/// once; sending either again changes nothing (the user code is taken, the account active).
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    team: Team,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let notice = match (done.fait.as_str(), done.quoi.parse::<AccountId>()) {
        ("desactive", Ok(id)) => {
            let target = state.app.team_member(&team.lead(client)?, id).await?;
            let name = [("name", target.name.into())];
            here.tr().t_args("agents-deactivated", &name)
        }
        _ => String::new(),
    };
    page(&state, &here, &team, Outcome { notice, ..quiet() }).await
}

pub async fn create(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    team: Team,
    Checked(form): Checked<StaffForm>,
) -> Result<Response, AppError> {
    let typed = (
        form.name.as_str(),
        form.email.as_str(),
        form.user_code.as_str(),
    );
    let admin = !form.administrateur.is_empty();
    let created = state
        .app
        .create_staff(&team.lead(client)?, typed, admin)
        .await;
    let o = match created {
        Ok(Created { agent, password }) => {
            let args = [
                ("name", agent.name.into()),
                ("email", agent.email.to_string().into()),
            ];
            Outcome {
                notice: here.tr().t_args("agents-created", &args),
                temporary_password: password,
                ..quiet()
            }
        }
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            let o = Outcome {
                errors: &errors,
                typed: Some(&form),
                ..quiet()
            };
            return page(&state, &here, &team, o).await;
        }
        Err(e) => return Err(e.into()),
    };
    page(&state, &here, &team, o).await
}

/// Deactivates another account of the team.
pub async fn deactivate(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    Member { team, target }: Member,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let lead = team.lead(client)?;
    let notice = match state.app.deactivate_staff(&lead, target.id).await {
        Ok(()) => {
            let id = target.id.to_string();
            return Ok(notice::done_to(team.base(), "desactive", &id));
        }
        Err(mandat_app::Error::Refused(Refusal::Reason(reason))) => {
            here.tr().t(&team.key(reason.id()))
        }
        Err(e) => return Err(e.into()),
    };
    let o = Outcome { notice, ..quiet() };
    page(&state, &here, &team, o).await
}

/// Reactivates another account of the team, whatever made it inactive, with a new temporary
/// password shown once to hand over; its owner is told by email.
pub async fn reactivate(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    Member { team, target }: Member,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let lead = team.lead(client)?;
    let name = [("name", target.name.into())];
    let tr = here.tr();
    let o = match state.app.reactivate_staff(&lead, target.id).await? {
        None => Outcome {
            notice: tr.t_args("agents-active", &name),
            ..quiet()
        },
        Some(password) => Outcome {
            notice: tr.t_args("agents-reactivated", &name),
            temporary_password: password,
            ..quiet()
        },
    };
    page(&state, &here, &team, o).await
}
