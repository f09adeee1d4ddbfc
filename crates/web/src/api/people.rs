//! The organization's people as its security file lists them (M21): each person, their user
//! code's state and its last day, their profiles, and the procurations they hold.

use axum::Extension;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use mandat_app::api_tokens::ApiCaller;
use mandat_core::ids::PersonId;
use mandat_store::{FileQuery, FileRow};
use serde::{Deserialize, Serialize};

use super::problem::Problem;
use crate::http::AppState;
use crate::i18n::Tr;

/// People per page.
pub const PER_PAGE: u32 = 100;

/// A person of the organization.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonView {
    pub id: String,
    pub last_name: String,
    pub first_name: String,
    /// Blank while the person has only a registration code.
    pub user_code: String,
    /// `active`, `inactive`, `suspended` or `expired`, as the security file says.
    pub state: String,
    /// The code's last day (`YYYY-MM-DD`), if it has one.
    pub expires_on: Option<String>,
    /// `principal-officer`, `auxiliary-officer`, `manager`, and so on.
    pub profiles: Vec<String>,
}

impl PersonView {
    fn of(row: &FileRow) -> Self {
        PersonView {
            id: row.person.to_string(),
            last_name: row.last_name.clone(),
            first_name: row.first_name.clone(),
            user_code: row.user_code.clone().unwrap_or_default(),
            state: row.state.code().to_string(),
            expires_on: row.expires_on.map(|d| d.to_string()),
            profiles: row
                .profiles
                .profiles()
                .iter()
                .map(|p| p.code().to_string())
                .collect(),
        }
    }
}

/// One page of the people.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PeoplePage {
    pub people: Vec<PersonView>,
    /// This page, from 0.
    pub page: u32,
    pub per_page: u32,
    /// How many people in all.
    pub total: i64,
}

/// A person and what they hold.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonDetail {
    #[serde(flatten)]
    pub person: PersonView,
    /// The ids of the procurations in force they hold.
    pub procurations: Vec<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// The page, from 0.
    #[serde(default)]
    pub page: u32,
}

/// The organization's people, by name.
#[utoipa::path(get, path = "/api/v1/people", operation_id = "people_list", tag = "officers",
    params(PageQuery),
    security(("api_token" = [])),
    responses(
        (status = 200, body = PeoplePage),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    Extension(tr): Extension<Tr>,
    Query(q): Query<PageQuery>,
) -> Response {
    let org = caller.officer.org;
    let today = state.app.today();
    let everyone = FileQuery::default();
    let file = state
        .store
        .security_file(org, today, &everyone, q.page, PER_PAGE);
    match file.await {
        Ok((rows, total)) => Json(PeoplePage {
            people: rows.iter().map(PersonView::of).collect(),
            page: q.page,
            per_page: PER_PAGE,
            total,
        })
        .into_response(),
        Err(e) => Problem::of(&tr, e.into(), |_| "").into_response(),
    }
}

/// One person of the organization, with the procurations they hold.
#[utoipa::path(get, path = "/api/v1/people/{id}", operation_id = "people_one", tag = "officers",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_token" = [])),
    responses(
        (status = 200, body = PersonDetail),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn one(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    Extension(tr): Extension<Tr>,
    Path(id): Path<String>,
) -> Response {
    match person(&state, &caller, &id).await {
        Ok(Some(detail)) => Json(detail).into_response(),
        Ok(None) => Problem::of(&tr, mandat_app::Error::NotFound, |_| "").into_response(),
        Err(e) => Problem::of(&tr, e, |_| "").into_response(),
    }
}

async fn person(
    state: &AppState,
    caller: &ApiCaller,
    id: &str,
) -> Result<Option<PersonDetail>, mandat_app::Error> {
    let Ok(person) = id.parse::<PersonId>() else {
        return Ok(None);
    };
    let org = caller.officer.org;
    let everyone = FileQuery::default();
    let rows = state
        .store
        .security_file_all(org, state.app.today(), &everyone);
    let Some(row) = rows.await?.into_iter().find(|r| r.person == person) else {
        return Ok(None);
    };
    let held = state.store.rights_of(person).await?;
    Ok(Some(PersonDetail {
        person: PersonView::of(&row),
        procurations: held.iter().map(|r| r.procuration.id.to_string()).collect(),
    }))
}
