//! Staff accounts that are nobody's organization's: central's agents, managed by central, and
//! an agency's people, managed by the agency's administrators (issue 7). One creates another
//! (the user code is emailed, the temporary password shown once to hand over), deactivates
//! one, or reactivates one with a new temporary password; never their own. Each action is
//! audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use mandat_core::account::{InactiveCause, NewAgent};
use mandat_core::agency::Agency;
use mandat_core::audit::AuditAction;
use mandat_core::ids::AccountId;
use mandat_core::{Field, FieldError, Problem};
use mandat_mail::messages::{
    AgencyStaffCreatedMail, CentralAgentCreatedMail, Message, StaffReactivatedMail,
};
use mandat_store::{Account, AccountKind, AuditEntry, NewAccount, StoreError};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::TokenOnly;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::{AgencyAdmin, CentralAgent, SignedIn};
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::FieldView;
use crate::kit::frame::Chrome;
use mandat_app::hashing::temporary_password;

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

    fn holds(&self, account: &Account) -> bool {
        match (&self.agency, account.kind) {
            (None, AccountKind::Central) => true,
            (Some(a), AccountKind::Agency { agency, .. }) => a.id == agency,
            _ => false,
        }
    }

    /// The team's account named in the address, if it is the team's.
    async fn member(&self, state: &AppState, id: &str) -> Result<Option<Account>, StoreError> {
        let account = match id.parse::<AccountId>() {
            Ok(id) => state.store.account(id).await?,
            Err(_) => None,
        };
        Ok(account.filter(|a| self.holds(a)))
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

pub async fn list(
    State(state): State<AppState>,
    here: Here,
    team: Team,
) -> Result<Response, AppError> {
    page(&state, &here, &team, quiet()).await
}

pub async fn create(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    team: Team,
    Checked(form): Checked<StaffForm>,
) -> Result<Response, AppError> {
    let person = match NewAgent::parse(&form.name, &form.email, &form.user_code) {
        Ok(a) => a,
        Err(errors) => {
            let o = Outcome {
                errors: &errors,
                typed: Some(&form),
                ..quiet()
            };
            return page(&state, &here, &team, o).await;
        }
    };
    let (kind, admin) = match &team.agency {
        None => (AccountKind::Central, false),
        Some(a) => {
            let admin = !form.administrateur.is_empty();
            (
                AccountKind::Agency {
                    agency: a.id,
                    admin,
                },
                admin,
            )
        }
    };
    let (password, hash) = temporary_password().await?;
    let id = AccountId::new();
    let mut tx = state.store.begin().await?;
    let inserted = tx
        .insert_account(&NewAccount {
            id,
            kind,
            identity: Some((person.name.clone(), person.email.clone())),
            user_code: person.user_code.clone(),
            password_hash: hash,
            password_temporary: true,
            expires_on: None,
        })
        .await;
    if let Err(StoreError::Conflict(_)) = inserted {
        let errors = [FieldError::new(Field::UserCode, Problem::Taken)];
        let o = Outcome {
            errors: &errors,
            typed: Some(&form),
            ..quiet()
        };
        return page(&state, &here, &team, o).await;
    }
    inserted?;
    let created_by = team.me.account.name.clone();
    let user_code = person.user_code.to_string();
    let (mail, action) = match &team.agency {
        None => (
            CentralAgentCreatedMail {
                user_code,
                created_by,
            }
            .to(&person.email)?,
            AuditAction::CentralAgentCreated,
        ),
        Some(a) => (
            AgencyStaffCreatedMail {
                user_code,
                created_by,
                agency_fr: a.name.fr.clone(),
                agency_en: a.name.en.clone(),
                admin,
            }
            .to(&person.email)?,
            AuditAction::AgencyStaffCreated,
        ),
    };
    tx.queue_mail(&mail).await?;
    let role = if admin { ", administrator" } else { "" };
    tx.audit(&AuditEntry {
        actor: Some(team.me.account.id),
        org: None,
        person: None,
        action,
        detail: format!("{} ({}){role}, account {id}", person.name, person.user_code),
        client_address: client,
        agency: team.agency.as_ref().map(|a| a.id),
    })
    .await?;
    tx.commit().await?;
    let o = Outcome {
        notice: here.tr().t_args(
            "agents-created",
            &[
                ("name", person.name.into()),
                ("email", person.email.to_string().into()),
            ],
        ),
        temporary_password: password,
        ..quiet()
    };
    page(&state, &here, &team, o).await
}

/// Deactivates another account of the team; its sessions end with it.
pub async fn deactivate(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    team: Team,
    Path(id): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let Some(target) = team.member(&state, &id).await? else {
        return Err(AppError::NotFound);
    };
    let tr = here.tr();
    let deactivated = || {
        tr.t_args(
            "agents-deactivated",
            &[("name", target.name.clone().into())],
        )
    };
    let notice = if target.id == team.me.account.id {
        tr.t(&team.key("not-self"))
    } else if target.inactive.is_some() {
        deactivated()
    } else {
        let (cause, action) = match team.agency {
            None => (InactiveCause::Central, AuditAction::CentralAgentDeactivated),
            Some(_) => (InactiveCause::Agency, AuditAction::AgencyStaffDeactivated),
        };
        let mut tx = state.store.begin().await?;
        tx.deactivate_account(target.id, cause, None).await?;
        tx.audit(&AuditEntry {
            actor: Some(team.me.account.id),
            org: None,
            person: None,
            action,
            detail: format!("{} ({})", target.name, target.user_code),
            client_address: client,
            agency: team.agency.as_ref().map(|a| a.id),
        })
        .await?;
        tx.commit().await?;
        deactivated()
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
    team: Team,
    Path(id): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let Some(target) = team.member(&state, &id).await? else {
        return Err(AppError::NotFound);
    };
    let tr = here.tr();
    if target.id == team.me.account.id || target.inactive.is_none() {
        let o = Outcome {
            notice: tr.t_args("agents-active", &[("name", target.name.clone().into())]),
            ..quiet()
        };
        return page(&state, &here, &team, o).await;
    }
    let (password, hash) = temporary_password().await?;
    let action = match team.agency {
        None => AuditAction::CentralAgentReactivated,
        Some(_) => AuditAction::AgencyStaffReactivated,
    };
    let mut tx = state.store.begin().await?;
    tx.reactivate_account(target.id).await?;
    tx.set_password(target.id, &hash, true).await?;
    let mail = StaffReactivatedMail {
        reactivated_by: team.me.account.name.clone(),
    };
    tx.queue_mail(&mail.to(&target.email)?).await?;
    tx.audit(&AuditEntry {
        actor: Some(team.me.account.id),
        org: None,
        person: None,
        action,
        detail: format!("{} ({})", target.name, target.user_code),
        client_address: client,
        agency: team.agency.as_ref().map(|a| a.id),
    })
    .await?;
    tx.commit().await?;
    let o = Outcome {
        notice: tr.t_args(
            "agents-reactivated",
            &[("name", target.name.clone().into())],
        ),
        temporary_password: password,
        ..quiet()
    };
    page(&state, &here, &team, o).await
}
