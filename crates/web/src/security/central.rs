//! Central's security administration (M14, M15, M16): every organization, found by name or
//! NEQ, those without an active officer listed alone; and for any of them the same security
//! file and person pages as officers', with central bound by none of the officers' rules.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use mandat_app::security::{Keeper, Subject};
use mandat_core::ids::OrgId;
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::Checked;
use crate::http::here::Here;
use crate::http::path::path_id;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::Chrome;
use crate::kit::notice::Notice;
use crate::kit::paging::{self, PER_PAGE, Pager};
use crate::security::file::{self as security_file, Params};
use crate::security::person::{Action, ActionForm, Reader};
use crate::security::person_file;

/// The list's query: text only, so that a bad value is ignored.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    q: String,
    /// `1`: only organizations without an active officer (M15).
    #[serde(rename = "sans-responsable")]
    without_officer: String,
    page: String,
}

pub struct OrgRow {
    href: String,
    name: String,
    neq: String,
    people: i64,
    officers: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "central_organizations.html")]
pub struct OrganizationsPage {
    tr: Tr,
    chrome: Chrome,
    q: String,
    without_officer: bool,
    rows: Vec<OrgRow>,
    pager: Pager,
}

/// « Organismes »: central's list of every organization.
pub async fn organizations(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
    Query(params): Query<ListParams>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let search: String = params.q.chars().take(100).collect();
    let without_officer = params.without_officer == "1";
    let page = paging::index(&params.page);
    let (found, total) = state
        .store
        .organizations_overview(&search, without_officer, page, PER_PAGE)
        .await?;
    let href = |n: u32| {
        let alone = if without_officer { "1" } else { "" };
        let n = n.to_string();
        let pairs = [
            ("q", search.as_str()),
            ("sans-responsable", alone),
            ("page", &n),
        ];
        paging::link("/central/organismes", &pairs)
    };
    Ok(OrganizationsPage {
        chrome: here.chrome(Some(&central.0.account.name)),
        rows: found
            .into_iter()
            .map(|o| OrgRow {
                href: format!("/central/organismes/{}/securite", o.org.id),
                name: o.org.name,
                neq: o.org.neq.as_str().to_string(),
                people: o.people,
                officers: o.active_officers,
            })
            .collect(),
        pager: Pager::new(&tr, "central-orgs-summary", total, page, href),
        q: search,
        without_officer,
        tr,
    }
    .into_response())
}

fn org_id(text: &str) -> Option<OrgId> {
    text.parse().ok()
}

fn base(org: OrgId) -> String {
    format!("/central/organismes/{org}/securite")
}

/// Any organization's security file (M22), for central.
pub async fn file(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
    Path(org): Path<String>,
    Query(params): Query<Params>,
) -> Result<Response, AppError> {
    let Some(org) = org_id(&org) else {
        return Err(AppError::NotFound);
    };
    let name = &central.0.account.name;
    security_file::page(&state, &here, name, org, base(org), params).await
}

pub async fn file_csv(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Path(org): Path<String>,
    Query(params): Query<Params>,
) -> Result<Response, AppError> {
    let Some(org) = org_id(&org) else {
        return Err(AppError::NotFound);
    };
    let by = (central.0.account.id, client);
    security_file::csv(&state, &here, org, by, params).await
}

/// Central, keeping the file of `org`.
fn reader<'a>(
    central: &'a CentralAgent,
    org: OrgId,
    client: Option<String>,
) -> Result<Reader<'a>, AppError> {
    let keeper = Keeper::central(&central.0.account, org, client);
    Ok(Reader {
        keeper: keeper.ok_or_else(|| AppError::Internal("a central agent not acting".into()))?,
        list: base(org),
    })
}

/// Central and the person that the path's `{person}` names in the organization its `{org}`
/// names, read through the application layer scoped to that organization: a person of
/// another one, or none, is the 404 page.
pub struct CentralFile {
    central: CentralAgent,
    org: OrgId,
    subject: Subject,
}

impl FromRequestParts<AppState> for CentralFile {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let central = CentralAgent::from_request_parts(parts, state).await?;
        let org = path_id(parts, state, "org").await?;
        let id = path_id(parts, state, "person").await?;
        let read = match reader(&central, org, None) {
            Ok(reader) => state.app.subject(&reader.keeper, id).await,
            Err(e) => return Err(e.into_response()),
        };
        let subject = read.map_err(|e| AppError::from(e).into_response())?;
        Ok(CentralFile {
            central,
            org,
            subject,
        })
    }
}

/// A person's security file in any organization (M23), for central.
pub async fn person(
    State(state): State<AppState>,
    here: Here,
    CentralFile {
        central,
        org,
        subject,
    }: CentralFile,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let reader = reader(&central, org, None)?;
    person_file::show(&state, &here, &reader, subject, &done).await
}

pub async fn act(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    CentralFile {
        central,
        org,
        subject,
    }: CentralFile,
    Path((_, _, action)): Path<(String, String, String)>,
    Checked(form): Checked<ActionForm>,
) -> Result<Response, AppError> {
    let Some(action) = Action::from_path(&action) else {
        return Err(AppError::NotFound);
    };
    let reader = reader(&central, org, client)?;
    person_file::act(&state, &here, &reader, subject, action, &form).await
}
