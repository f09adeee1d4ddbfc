//! The OpenID Connect clients of a service of the agency's catalog (issue 20): every person of
//! the agency sees them; its administrators register one (its secret shown this once) and
//! disable one at once, since a client's credentials let software sign people in.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use mandat_app::oidc::{ClientOwner, NewClient};
use mandat_core::agency::OnlineService;
use mandat_core::ids::ClientId;
use mandat_core::{Field, FieldError};
use mandat_oidc::{AuthMethod, ClientForm};
use mandat_store::{ClientRecord, Counts};
use serde::Deserialize;
use std::collections::HashMap;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, TokenOnly, with_token};
use crate::http::here::Here;
use crate::http::session::{AgencyAdmin, AgencyStaff};
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldOption, FieldView, summary};
use crate::kit::frame::Chrome;
use crate::kit::labels::{evaluation_counts, evaluations_since};
use crate::kit::notice::{Notice, done};

/// A client as the page lists it.
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub method: String,
    pub redirect_uris: Vec<String>,
    pub logout_uris: Vec<String>,
    pub enabled: bool,
    /// Its access evaluations of the last 30 days (issue 21).
    pub evaluations: String,
}

impl ClientRow {
    pub fn of(c: &ClientRecord, tr: &Tr, counts: &HashMap<ClientId, Counts>) -> Self {
        ClientRow {
            evaluations: evaluation_counts(tr, counts.get(&c.id).copied().unwrap_or_default()),
            id: c.id.to_string(),
            name: c.spec.name.clone(),
            method: tr.t(&format!("client-method-{}", c.spec.method.id())),
            redirect_uris: c.spec.redirect_uris.clone(),
            logout_uris: c.spec.logout_uris.clone(),
            enabled: c.enabled(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_clients.html")]
pub struct ClientsPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    code: String,
    name: String,
    notice: String,
    alert: String,
    /// The new client's id and secret, shown this once.
    created: Option<(String, String)>,
    clients: Vec<ClientRow>,
    admin: bool,
    fields: Vec<FieldView>,
    errors: Vec<(String, String)>,
}

/// What was typed in the form, to show it again with its errors.
#[derive(Deserialize, Default)]
pub struct ClientTyped {
    #[serde(default)]
    csrf: String,
    #[serde(rename = "client-name", default)]
    name: String,
    #[serde(rename = "redirect-uris", default)]
    redirect_uris: String,
    #[serde(rename = "logout-uris", default)]
    logout_uris: String,
    #[serde(rename = "client-method", default)]
    method: String,
    #[serde(rename = "client-keys", default)]
    keys: String,
}

with_token!(ClientTyped);

impl ClientTyped {
    fn form(&self) -> ClientForm<'_> {
        ClientForm {
            name: &self.name,
            redirect_uris: &self.redirect_uris,
            logout_uris: &self.logout_uris,
            method: &self.method,
            keys: &self.keys,
        }
    }

    fn fields(&self, tr: &Tr, errors: &[FieldError]) -> Vec<FieldView> {
        let methods = AuthMethod::ALL
            .iter()
            .map(|m| FieldOption {
                value: m.id().to_string(),
                label: tr.t(&format!("client-method-{}", m.id())),
                checked: false,
            })
            .collect();
        let method = if self.method.is_empty() {
            AuthMethod::ClientSecretBasic.id()
        } else {
            &self.method
        };
        [
            FieldView::new(tr, Field::ClientName, "text").value(&self.name),
            FieldView::new(tr, Field::RedirectUris, "textarea").value(&self.redirect_uris),
            FieldView::new(tr, Field::LogoutUris, "textarea").value(&self.logout_uris),
            FieldView::new(tr, Field::ClientMethod, "select")
                .options(methods)
                .value(method),
            FieldView::new(tr, Field::ClientKeys, "textarea").value(&self.keys),
        ]
        .into_iter()
        .map(|f| f.errors(tr, errors))
        .collect()
    }
}

/// What the page shows besides the list: a notice, a new client's secret, a form's errors.
#[derive(Default)]
struct Shown<'a> {
    notice: String,
    created: Option<&'a NewClient>,
    typed: Option<&'a ClientTyped>,
    errors: &'a [FieldError],
}

async fn page(
    state: &AppState,
    here: &Here,
    staff: &AgencyStaff,
    service: &OnlineService,
    shown: Shown<'_>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let mut clients = state.store.clients(Some(staff.agency)).await?;
    clients.retain(|c| c.service_id == service.id);
    let since = evaluations_since(state.app.today());
    let counts = state.store.evaluation_counts(since).await?;
    let blank = ClientTyped::default();
    let fields = shown.typed.unwrap_or(&blank).fields(&tr, shown.errors);
    let page = ClientsPage {
        chrome: here.chrome(Some(&staff.signed_in.account.name)),
        csrf: here.csrf.clone(),
        code: service.code.as_str().to_string(),
        name: service.name.get(here.lang).to_string(),
        notice: shown.notice,
        alert: String::new(),
        created: shown.created.map(|c| {
            (
                c.client.id.to_string(),
                c.secret.clone().unwrap_or_default(),
            )
        }),
        clients: clients
            .iter()
            .map(|c| ClientRow::of(c, &tr, &counts))
            .collect(),
        admin: staff.admin,
        errors: summary(&fields),
        fields,
        tr,
    };
    Ok((crate::kit::form::status(&page.errors), page).into_response())
}

/// `GET /ministere/services/{code}/clients`.
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    staff: AgencyStaff,
    Path(code): Path<String>,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let service = state.app.own_service(&staff.acting(None), &code).await?;
    let notice = match done.fait.as_str() {
        "desactive" => here.tr().t("client-disabled"),
        _ => String::new(),
    };
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    page(&state, &here, &staff, &service, shown).await
}

/// `POST /ministere/services/{code}/clients`: a new client, its secret shown on the answer.
pub async fn add(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(address): ClientAddress,
    AgencyAdmin(admin): AgencyAdmin,
    Path(code): Path<String>,
    Checked(typed): Checked<ClientTyped>,
) -> Result<Response, AppError> {
    let acting = admin.acting(address);
    let service = state.app.own_service(&acting, &code).await?;
    match state
        .app
        .add_client(ClientOwner::Staff(&acting), &code, &typed.form())
        .await
    {
        Ok(created) => {
            let notice = here.tr().t("client-added");
            let shown = Shown {
                notice,
                created: Some(&created),
                ..Shown::default()
            };
            page(&state, &here, &admin, &service, shown).await
        }
        Err(mandat_app::Error::Refused(mandat_app::Refusal::Fields(errors))) => {
            let shown = Shown {
                typed: Some(&typed),
                errors: &errors,
                ..Shown::default()
            };
            page(&state, &here, &admin, &service, shown).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /ministere/clients/{id}/desactiver`: the client stops at once.
pub async fn disable(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    AgencyAdmin(admin): AgencyAdmin,
    Path(id): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    let acting = admin.acting(address);
    let client = state
        .app
        .own_client(ClientOwner::Staff(&acting), id)
        .await?;
    state
        .app
        .disable_client(ClientOwner::Staff(&acting), id)
        .await?;
    let service = state.store.service_by_id(client.service_id).await?;
    let code = service
        .map(|s| s.code.as_str().to_string())
        .unwrap_or_default();
    Ok(done(
        &format!("/ministere/services/{code}/clients"),
        "desactive",
    ))
}
