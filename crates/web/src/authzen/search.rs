//! The search endpoints (AuthZEN §8–10), behind the client's API token like the evaluations:
//! `POST /access/v1/search/resource` (the organizations a person may act for in a service,
//! for a task: resources of type `service` with their `organization`), `.../action` (the tasks
//! a person may do there for an organization), `.../subject` (who, among the people the agency
//! knows, may do a task for an organization). Paged: `page.next_token` as Mandat gave it.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use mandat_app::Error;
use mandat_app::authzen::Page;
use serde::Deserialize;
use serde_json::{Value, json};

use super::described::{NextPage, ProtocolError, SearchAnswer};
use super::evaluation::{bad_request, not_found};
use super::request::{Action, Context, Entity, required};
use crate::http::bearer::{api_client, unauthorized};
use crate::http::{AppError, AppState};
use mandat_oidc::api_token::API_SCOPE;

/// Where the page starts: the `next_token` of the page before.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct PageToken {
    next_token: Option<String>,
}

/// A search (AuthZEN §8–10): the entity searched for has no `id`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Search {
    subject: Entity,
    resource: Entity,
    action: Option<Action>,
    #[serde(default)]
    context: Context,
    #[serde(default)]
    page: PageToken,
}

/// Which search a handler answers.
#[derive(Clone, Copy)]
enum Kind {
    Resource,
    Action,
    Subject,
}

#[utoipa::path(post, path = "/access/v1/search/resource", operation_id = "search_resource", tag = "authzen",
    request_body = Search,
    description = "The organizations the person may act for in the service, for the task.",
    security(("client_token" = [])),
    responses(
        (status = 200, body = SearchAnswer),
        (status = 400, body = ProtocolError),
        (status = 401, body = ProtocolError),
        (status = 404, body = ProtocolError),
    ))]
pub async fn resources(s: State<AppState>, h: HeaderMap, b: Body) -> Result<Response, AppError> {
    search(Kind::Resource, s, h, b).await
}

#[utoipa::path(post, path = "/access/v1/search/action", operation_id = "search_action", tag = "authzen",
    request_body = Search,
    description = "The tasks the person may do in the service for the organization.",
    security(("client_token" = [])),
    responses(
        (status = 200, body = SearchAnswer),
        (status = 400, body = ProtocolError),
        (status = 401, body = ProtocolError),
        (status = 404, body = ProtocolError),
    ))]
pub async fn actions(s: State<AppState>, h: HeaderMap, b: Body) -> Result<Response, AppError> {
    search(Kind::Action, s, h, b).await
}

#[utoipa::path(post, path = "/access/v1/search/subject", operation_id = "search_subject", tag = "authzen",
    request_body = Search,
    description = "Who, among the people the agency knows, may do the task for the organization.",
    security(("client_token" = [])),
    responses(
        (status = 200, body = SearchAnswer),
        (status = 400, body = ProtocolError),
        (status = 401, body = ProtocolError),
        (status = 404, body = ProtocolError),
    ))]
pub async fn subjects(s: State<AppState>, h: HeaderMap, b: Body) -> Result<Response, AppError> {
    search(Kind::Subject, s, h, b).await
}

type Body = Result<Json<Search>, JsonRejection>;

async fn search(
    kind: Kind,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let Some(client) = api_client(&state, &headers, API_SCOPE).await? else {
        return Ok(unauthorized());
    };
    let search = match body {
        Ok(Json(search)) => search,
        Err(e) => return Ok(bad_request(&e.body_text())),
    };
    let (terms, from, at) = match read(kind, &search) {
        Ok(read) => read,
        Err(problem) => return Ok(bad_request(&problem)),
    };
    let (a, b, c) = (terms[0], terms[1], terms[2]);
    let app = &state.app;
    let found = match kind {
        Kind::Resource => app
            .organizations_for(&client, (a, b, c), at, from)
            .await
            .map(|p| {
                listed(p, |o| {
                    json!({"type": "service", "id": b, "properties":
                    {"organization": o.id.to_string(), "neq": o.neq, "name": o.name}})
                })
            }),
        Kind::Action => app
            .tasks_for(&client, (a, b, c), at, from)
            .await
            .map(|p| listed(p, |task| json!({"name": task}))),
        Kind::Subject => app
            .subjects_for(&client, (a, b, c), at, from)
            .await
            .map(|p| listed(p, |sub| json!({"type": "user", "id": sub}))),
    };
    match found {
        Ok(answer) => Ok(Json(answer).into_response()),
        Err(Error::NotFound) => Ok(not_found()),
        Err(e) => Err(e.into()),
    }
}

/// The search's three terms in the order the application layer takes them, where the page
/// starts, and the moment; or what is wrong, naming the field.
fn read(
    kind: Kind,
    s: &Search,
) -> Result<([&str; 3], usize, Option<time::OffsetDateTime>), String> {
    if s.subject.kind != "user" {
        return Err("subject.type: must be \"user\"".into());
    }
    if s.resource.kind != "service" {
        return Err("resource.type: must be \"service\" (an online service, by its code)".into());
    }
    let service = required(s.resource.id.as_deref(), "resource.id")?;
    let action = s.action.as_ref().map(|a| a.name.as_str());
    let terms = match kind {
        Kind::Resource => [
            required(s.subject.id.as_deref(), "subject.id")?,
            service,
            required(action, "action.name")?,
        ],
        Kind::Action => [
            required(s.subject.id.as_deref(), "subject.id")?,
            service,
            required(
                s.resource.organization(),
                "resource.properties.organization",
            )?,
        ],
        Kind::Subject => [
            service,
            required(
                s.resource.organization(),
                "resource.properties.organization",
            )?,
            required(action, "action.name")?,
        ],
    };
    let from = match s.page.next_token.as_deref() {
        None | Some("") => 0,
        Some(token) => token
            .parse()
            .map_err(|_| "page.next_token: not a token Mandat gave".to_string())?,
    };
    Ok((terms, from, s.context.at()?))
}

/// A page as AuthZEN writes it: the results, and the next page's token ("" at the end).
fn listed<T>(page: Page<T>, each: impl Fn(T) -> Value) -> SearchAnswer {
    let next_token = page.next.map(|n| n.to_string()).unwrap_or_default();
    SearchAnswer {
        results: page.results.into_iter().map(each).collect(),
        page: NextPage { next_token },
    }
}
