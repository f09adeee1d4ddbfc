//! Central's own accounts: an agent creates another (the user code is emailed, the
//! temporary password shown once to hand over) or deactivates one; never their own. Each
//! action is audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mandat_core::account::{InactiveCause, NewAgent};
use mandat_core::ids::AccountId;
use mandat_core::{Field, FieldError, Problem};
use mandat_mail::messages::{CentralAgentCreatedMail, Message};
use mandat_store::{AccountKind, AuditEntry, NewAccount, StoreError};
use serde::Deserialize;

use crate::client::ClientAddress;
use crate::csrf::{Checked, with_token};
use crate::form::FieldView;
use crate::hashing::temporary_password;
use crate::here::Here;
use crate::i18n::Tr;
use crate::pages::Chrome;
use crate::session::CentralAgent;
use crate::sign_in::TokenOnly;
use crate::{AppError, AppState};

pub struct AgentRow {
    id: String,
    name: String,
    email: String,
    user_code: String,
    active: bool,
    is_self: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "central_agents.html")]
pub struct AgentsPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    notice: String,
    /// A new agent's temporary password, shown this once.
    temporary_password: String,
    errors: Vec<(&'static str, String)>,
    alert: String,
    agents: Vec<AgentRow>,
    fields: Vec<FieldView>,
}

#[derive(Deserialize, Default)]
pub struct AgentForm {
    csrf: String,
    #[serde(rename = "agent-name", default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(rename = "user-code", default)]
    user_code: String,
}

with_token!(AgentForm);

struct Outcome<'a> {
    notice: String,
    temporary_password: String,
    errors: &'a [FieldError],
    typed: Option<&'a AgentForm>,
}

async fn page(
    state: &AppState,
    here: &Here,
    central: &CentralAgent,
    o: Outcome<'_>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let agents = state
        .store
        .central_agents()
        .await?
        .into_iter()
        .map(|a| AgentRow {
            id: a.id.to_string(),
            is_self: a.id == central.0.account.id,
            name: a.name,
            email: a.email.to_string(),
            user_code: a.user_code.to_string(),
            active: a.inactive.is_none(),
        })
        .collect();
    let typed = |f: &dyn Fn(&AgentForm) -> &str| o.typed.map(f).unwrap_or("").to_string();
    let fields = vec![
        FieldView::new(&tr, Field::AgentName, "text")
            .value(&typed(&|f| &f.name))
            .errors(&tr, o.errors),
        FieldView::new(&tr, Field::Email, "email")
            .value(&typed(&|f| &f.email))
            .errors(&tr, o.errors),
        FieldView::new(&tr, Field::UserCode, "text")
            .value(&typed(&|f| &f.user_code))
            .errors(&tr, o.errors),
    ];
    let status = if o.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = AgentsPage {
        chrome: here.chrome(Some(&central.0.account.name)),
        csrf: here.csrf.clone(),
        notice: o.notice,
        temporary_password: o.temporary_password,
        errors: crate::form::summary(&fields),
        alert: String::new(),
        agents,
        fields,
        tr,
    };
    Ok((status, page).into_response())
}

fn quiet<'a>() -> Outcome<'a> {
    Outcome {
        notice: String::new(),
        temporary_password: String::new(),
        errors: &[],
        typed: None,
    }
}

pub async fn list(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
) -> Result<Response, AppError> {
    page(&state, &here, &central, quiet()).await
}

pub async fn create(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Checked(form): Checked<AgentForm>,
) -> Result<Response, AppError> {
    let agent = match NewAgent::parse(&form.name, &form.email, &form.user_code) {
        Ok(a) => a,
        Err(errors) => {
            let o = Outcome {
                errors: &errors,
                typed: Some(&form),
                ..quiet()
            };
            return page(&state, &here, &central, o).await;
        }
    };
    let (password, hash) = temporary_password().await?;
    let id = AccountId::new();
    let mut tx = state.store.begin().await?;
    let inserted = tx
        .insert_account(&NewAccount {
            id,
            kind: AccountKind::Central,
            central_identity: Some((agent.name.clone(), agent.email.clone())),
            user_code: agent.user_code.clone(),
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
        return page(&state, &here, &central, o).await;
    }
    inserted?;
    let mail = CentralAgentCreatedMail {
        user_code: agent.user_code.to_string(),
        created_by: central.0.account.name.clone(),
    };
    tx.queue_mail(&mail.to(&agent.email)?).await?;
    tx.audit(&AuditEntry {
        actor: Some(central.0.account.id),
        org: None,
        person: None,
        action: "central-agent-created",
        detail: format!("{} ({}), account {id}", agent.name, agent.user_code),
        client_address: client,
    })
    .await?;
    tx.commit().await?;
    let o = Outcome {
        notice: here.tr().t_args(
            "agents-created",
            &[
                ("name", agent.name.into()),
                ("email", agent.email.to_string().into()),
            ],
        ),
        temporary_password: password,
        ..quiet()
    };
    page(&state, &here, &central, o).await
}

/// Deactivates another agent's account (M14: by central); their sessions end with it.
pub async fn deactivate(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Path(id): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let account = match id.parse::<AccountId>() {
        Ok(id) => state.store.account(id).await?,
        Err(_) => None,
    };
    let Some(agent) = account.filter(|a| a.kind == AccountKind::Central) else {
        return Ok(here.not_found().await);
    };
    let tr = here.tr();
    let notice = if agent.id == central.0.account.id {
        tr.t("agents-not-self")
    } else if agent.inactive.is_some() {
        tr.t_args("agents-deactivated", &[("name", agent.name.clone().into())])
    } else {
        let mut tx = state.store.begin().await?;
        tx.deactivate_account(agent.id, InactiveCause::Central, None)
            .await?;
        tx.audit(&AuditEntry {
            actor: Some(central.0.account.id),
            org: None,
            person: None,
            action: "central-agent-deactivated",
            detail: format!("{} ({})", agent.name, agent.user_code),
            client_address: client,
        })
        .await?;
        tx.commit().await?;
        tr.t_args("agents-deactivated", &[("name", agent.name.clone().into())])
    };
    let o = Outcome { notice, ..quiet() };
    page(&state, &here, &central, o).await
}
