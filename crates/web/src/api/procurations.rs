//! The organization's procurations (P1–P6) through the officers' API: read them, make one
//! for the agencies where it is enrolled « Actif », withdraw one, give it a holder or take
//! one away. Each change is the application layer's, as the pages make it: the same rules,
//! the same emails, the same journal entries, the same revocation events.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use mandat_app::api_tokens::ApiCaller;
use mandat_core::agency::{Agency, Code};
use mandat_core::decision::Access;
use mandat_core::external::Link;
use mandat_core::ids::{AgencyId, PersonId, ProcurationId, TaskId};
use mandat_core::procuration::{Chosen, ProcurationForm};
use mandat_core::{Field, FieldError, Problem as Wrong};
use mandat_store::ProcurationRecord;
use serde::{Deserialize, Serialize};

use super::problem::Problem;
use crate::http::AppState;
use crate::i18n::Tr;

/// A task of an agency's online service, by their codes.
#[derive(Serialize, Deserialize, Clone, utoipa::ToSchema)]
pub struct TaskRef {
    pub service: String,
    pub task: String,
}

/// An agency a procuration gives access to: all its tasks (`tasks` absent) or those listed.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct AgencyGrant {
    /// The agency's code.
    pub agency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<Vec<TaskRef>>,
}

/// A procuration of the organization.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProcurationView {
    pub id: String,
    pub name: String,
    pub starts_on: Option<String>,
    /// Its last day, included.
    pub ends_on: String,
    /// `in_force` or `withdrawn`; one whose last day has passed is `in_force` no more than
    /// its dates say.
    pub state: String,
    /// `internal` (its own people), `external` (entrusted to another organization, P6) or
    /// `within` (made within one entrusted to it).
    pub kind: String,
    pub agencies: Vec<AgencyGrant>,
    /// The ids of the people who hold it now.
    pub holders: Vec<String>,
}

/// A procuration to make, for the organization's own people (path B, P4).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewProcuration {
    pub name: String,
    /// Its first day (`YYYY-MM-DD`); today when absent.
    #[serde(default)]
    pub starts_on: Option<String>,
    pub ends_on: String,
    pub agencies: Vec<AgencyGrant>,
}

/// A person to give the procuration to.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewHolder {
    pub person: String,
}

/// Each task of the agency: its id, and its service's and its own code.
async fn catalog(
    state: &AppState,
    agency: AgencyId,
) -> Result<Vec<(TaskId, TaskRef)>, mandat_app::Error> {
    let mut tasks = Vec::new();
    for service in state.store.services_of(agency).await? {
        for task in state.store.tasks_of(service.id).await? {
            let named = TaskRef {
                service: service.code.as_str().to_string(),
                task: task.code.as_str().to_string(),
            };
            tasks.push((task.id, named));
        }
    }
    Ok(tasks)
}

/// The agencies and their tasks' codes, each read once per request however many
/// procurations it draws.
struct Catalogs {
    agencies: Vec<Agency>,
    tasks: HashMap<AgencyId, Vec<(TaskId, TaskRef)>>,
}

impl Catalogs {
    async fn read(state: &AppState) -> Result<Self, mandat_app::Error> {
        Ok(Catalogs {
            agencies: state.store.agencies().await?,
            tasks: HashMap::new(),
        })
    }

    async fn tasks(
        &mut self,
        state: &AppState,
        agency: AgencyId,
    ) -> Result<&[(TaskId, TaskRef)], mandat_app::Error> {
        if let Entry::Vacant(slot) = self.tasks.entry(agency) {
            slot.insert(catalog(state, agency).await?);
        }
        Ok(self
            .tasks
            .get(&agency)
            .map(Vec::as_slice)
            .unwrap_or_default())
    }
}

async fn view(
    state: &AppState,
    catalogs: &mut Catalogs,
    r: &ProcurationRecord,
) -> Result<ProcurationView, mandat_app::Error> {
    let p = &r.procuration;
    let mut grants = Vec::new();
    for a in &p.agencies {
        let code = (catalogs.agencies.iter())
            .find(|g| g.id == a.agency)
            .map(|g| g.code.as_str().to_string());
        let tasks = match &a.access {
            Access::Unrestricted => None,
            Access::Tasks(ids) => {
                let catalog = catalogs.tasks(state, a.agency).await?;
                let chosen = catalog.iter().filter(|(id, _)| ids.contains(id));
                Some(chosen.map(|(_, t)| t.clone()).collect())
            }
        };
        grants.push(AgencyGrant {
            agency: code.unwrap_or_default(),
            tasks,
        });
    }
    let holders = state.store.holders(p.id).await?;
    Ok(ProcurationView {
        id: p.id.to_string(),
        name: p.name.clone(),
        starts_on: p.starts_on.map(|d| d.to_string()),
        ends_on: p.ends_on.to_string(),
        state: if r.withdrawn_at.is_some() {
            "withdrawn"
        } else {
            "in_force"
        }
        .into(),
        kind: match r.link {
            Link::Internal => "internal",
            Link::External { .. } => "external",
            Link::Within { .. } => "within",
        }
        .into(),
        agencies: grants,
        holders: holders.iter().map(ToString::to_string).collect(),
    })
}

/// The API's name of a field the rules name.
pub fn field_name(field: Field) -> &'static str {
    match field {
        Field::ProcurationName => "name",
        Field::StartsOn => "starts_on",
        Field::EndsOn => "ends_on",
        Field::Agencies => "agencies",
        Field::Tasks => "agencies.tasks",
        Field::Users => "person",
        other => other.id(),
    }
}

/// The form the pages would have sent for `new`, or the fields that name nothing known.
async fn form<'a>(
    state: &AppState,
    new: &'a NewProcuration,
) -> Result<ProcurationForm<'a>, mandat_app::Error> {
    let mut agencies = BTreeMap::new();
    let unknown =
        |field| mandat_app::Error::fields(vec![FieldError::new(field, Wrong::NotAChoice)]);
    for grant in &new.agencies {
        let code =
            Code::parse(Field::Agencies, &grant.agency).map_err(|_| unknown(Field::Agencies))?;
        let agency = state
            .store
            .agency_by_code(&code)
            .await?
            .ok_or_else(|| unknown(Field::Agencies))?;
        let chosen = match &grant.tasks {
            None => Chosen::Unrestricted,
            Some(asked) => {
                let catalog = catalog(state, agency.id).await?;
                let mut ids = std::collections::BTreeSet::new();
                for t in asked {
                    let found = catalog
                        .iter()
                        .find(|(_, c)| c.service == t.service && c.task == t.task);
                    ids.insert(found.ok_or_else(|| unknown(Field::Tasks))?.0);
                }
                Chosen::Tasks(ids)
            }
        };
        agencies.insert(agency.id, chosen);
    }
    Ok(ProcurationForm {
        name: &new.name,
        starts_on: new.starts_on.as_deref().unwrap_or_default(),
        ends_on: &new.ends_on,
        agencies,
    })
}

fn problem(tr: &Tr, e: mandat_app::Error) -> Response {
    Problem::of(tr, e, field_name).into_response()
}

/// The organization's procurations, the latest first.
#[utoipa::path(get, path = "/api/v1/procurations", operation_id = "procurations_list", tag = "officers",
    security(("api_token" = [])),
    responses(
        (status = 200, body = Vec<ProcurationView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    Extension(tr): Extension<Tr>,
) -> Response {
    let listed = async {
        let (mut views, mut catalogs) = (Vec::new(), Catalogs::read(&state).await?);
        for r in state.store.procurations_of(caller.officer.org).await? {
            views.push(view(&state, &mut catalogs, &r).await?);
        }
        Ok::<_, mandat_app::Error>(views)
    };
    match listed.await {
        Ok(views) => Json(views).into_response(),
        Err(e) => problem(&tr, e),
    }
}

/// Makes a procuration for the organization's own people, without holders (P4).
#[utoipa::path(post, path = "/api/v1/procurations", operation_id = "procurations_create", tag = "officers",
    request_body = NewProcuration,
    security(("api_token" = [])),
    responses(
        (status = 201, body = ProcurationView),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    Extension(tr): Extension<Tr>,
    body: Result<Json<NewProcuration>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(new)) = body else {
        return Problem::new(&tr, StatusCode::BAD_REQUEST, "body").into_response();
    };
    let made = async {
        let form = form(&state, &new).await?;
        let p = state.app.create_internal(&caller.officer, &form).await?;
        let record = state.app.own_procuration(&caller.officer, p.id).await?;
        view(&state, &mut Catalogs::read(&state).await?, &record).await
    };
    match made.await {
        Ok(view) => (StatusCode::CREATED, Json(view)).into_response(),
        Err(e) => problem(&tr, e),
    }
}

fn procuration_id(id: &str) -> Result<ProcurationId, mandat_app::Error> {
    id.parse().map_err(|_| mandat_app::Error::NotFound)
}

/// Withdraws a procuration (P5): every holder's rights from it end at once.
#[utoipa::path(post, path = "/api/v1/procurations/{id}/withdraw", operation_id = "procurations_withdraw", tag = "officers",
    params(("id" = String, Path, description = "The procuration's id")),
    security(("api_token" = [])),
    responses(
        (status = 204, description = "Withdrawn now"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    Extension(tr): Extension<Tr>,
    Path(id): Path<String>,
) -> Response {
    let done = async {
        state
            .app
            .withdraw_procuration(&caller.officer, procuration_id(&id)?)
            .await
    };
    match done.await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => Problem::new(&tr, StatusCode::CONFLICT, "already").into_response(),
        Err(e) => problem(&tr, e),
    }
}

/// Gives the procuration to one of the organization's people (P4), who is emailed.
#[utoipa::path(post, path = "/api/v1/procurations/{id}/holders", operation_id = "holders_add", tag = "officers",
    params(("id" = String, Path, description = "The procuration's id")),
    request_body = NewHolder,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The person holds it from now"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn assign(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    Extension(tr): Extension<Tr>,
    Path(id): Path<String>,
    body: Result<Json<NewHolder>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(holder)) = body else {
        return Problem::new(&tr, StatusCode::BAD_REQUEST, "body").into_response();
    };
    let done = async {
        let person = holder.person.parse::<PersonId>().map_err(|_| {
            mandat_app::Error::fields(vec![FieldError::new(Field::Users, Wrong::NotAChoice)])
        })?;
        state
            .app
            .assign(&caller.officer, procuration_id(&id)?, &[person])
            .await
    };
    match done.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => problem(&tr, e),
    }
}

/// Takes the procuration away from one of its holders (P5), at once.
#[utoipa::path(post, path = "/api/v1/procurations/{id}/holders/{person}/withdraw", operation_id = "holders_withdraw", tag = "officers",
    params(
        ("id" = String, Path, description = "The procuration's id"),
        ("person" = String, Path, description = "The holder's id"),
    ),
    security(("api_token" = [])),
    responses(
        (status = 204, description = "Withdrawn now"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn end_holding(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    Extension(tr): Extension<Tr>,
    Path((id, person)): Path<(String, String)>,
) -> Response {
    let done = async {
        let person = person
            .parse::<PersonId>()
            .map_err(|_| mandat_app::Error::NotFound)?;
        state
            .app
            .end_holding(&caller.officer, procuration_id(&id)?, person)
            .await
    };
    match done.await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => Problem::new(&tr, StatusCode::CONFLICT, "not-held").into_response(),
        Err(e) => problem(&tr, e),
    }
}
