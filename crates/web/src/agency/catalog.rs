//! An agency's catalog (issue 7): its online services, each with a code, names and
//! descriptions in both languages, and the tasks that a restricted procuration grants one by
//! one (P3). Any person of the agency's staff keeps it. Codes never change once given: the
//! agency's systems and the procurations name services and tasks by them.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use mandat_app::Refusal;
use mandat_core::agency::{OnlineService, ServiceForm, Task, TaskForm};
use mandat_core::contract::ContractKind;
use mandat_core::{Field, FieldError};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::AgencyStaff;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldOption, FieldView, fields, summary};
use crate::kit::frame::Chrome;
use crate::kit::labels;
use crate::kit::notice::{self, Notice};

pub struct ServiceRow {
    code: String,
    name: String,
    tasks: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_services.html")]
pub struct ServicesPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    agency: String,
    errors: Vec<(String, String)>,
    alert: String,
    services: Vec<ServiceRow>,
    fields: Vec<FieldView>,
}

pub struct TaskRow {
    code: String,
    name_fr: String,
    name_en: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_service.html")]
pub struct ServicePage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    code: String,
    name: String,
    notice: String,
    errors: Vec<(String, String)>,
    alert: String,
    service_fields: Vec<FieldView>,
    tasks: Vec<TaskRow>,
    task_fields: Vec<FieldView>,
}

#[derive(Deserialize, Default)]
pub struct ServiceTyped {
    csrf: String,
    #[serde(rename = "service-code", default)]
    code: String,
    #[serde(rename = "name-fr", default)]
    name_fr: String,
    #[serde(rename = "name-en", default)]
    name_en: String,
    #[serde(rename = "description-fr", default)]
    description_fr: String,
    #[serde(rename = "description-en", default)]
    description_en: String,
    #[serde(rename = "service-contract", default)]
    contract: String,
}

with_token!(ServiceTyped);

impl ServiceTyped {
    fn of(s: &OnlineService) -> Self {
        ServiceTyped {
            code: s.code.as_str().to_string(),
            name_fr: s.name.fr.clone(),
            name_en: s.name.en.clone(),
            description_fr: s.description.fr.clone(),
            description_en: s.description.en.clone(),
            contract: s.contract.map(|k| k.code().to_string()).unwrap_or_default(),
            ..ServiceTyped::default()
        }
    }

    fn form(&self) -> ServiceForm<'_> {
        ServiceForm {
            code: &self.code,
            name_fr: &self.name_fr,
            name_en: &self.name_en,
            description_fr: &self.description_fr,
            description_en: &self.description_en,
            contract: &self.contract,
        }
    }

    /// The fields of the form; the code only when adding a service.
    fn fields(&self, tr: &Tr, with_code: bool, errors: &[FieldError]) -> Vec<FieldView> {
        let code = [(Field::ServiceCode, "text", self.code.as_str())];
        let rest = [
            (Field::NameFr, "text", self.name_fr.as_str()),
            (Field::NameEn, "text", self.name_en.as_str()),
            (
                Field::DescriptionFr,
                "textarea",
                self.description_fr.as_str(),
            ),
            (
                Field::DescriptionEn,
                "textarea",
                self.description_en.as_str(),
            ),
        ];
        let all: Vec<_> = code.into_iter().filter(|_| with_code).chain(rest).collect();
        let mut views = fields(tr, &all, errors);
        // M9: the contract the organization needs with the agency to use the service.
        let none = FieldOption {
            value: String::new(),
            label: tr.t("service-contract-none"),
            checked: false,
        };
        let kinds = ContractKind::ALL.into_iter().map(|k| FieldOption {
            value: k.code().to_string(),
            label: labels::contract_kind(tr, k),
            checked: false,
        });
        views.push(
            FieldView::new(tr, Field::ServiceContract, "select")
                .options([none].into_iter().chain(kinds).collect())
                .value(&self.contract)
                .errors(tr, errors),
        );
        views
    }
}

#[derive(Deserialize, Default)]
pub struct TaskTyped {
    csrf: String,
    #[serde(rename = "task-code", default)]
    code: String,
    #[serde(rename = "task-name-fr", default)]
    name_fr: String,
    #[serde(rename = "task-name-en", default)]
    name_en: String,
}

with_token!(TaskTyped);

async fn services_page(
    state: &AppState,
    here: &Here,
    staff: &AgencyStaff,
    typed: &ServiceTyped,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let tr = here.tr();
    let agency = staff.record(state).await?;
    let tasks = state.store.task_counts(agency.id).await?;
    let services = state
        .store
        .services_of(agency.id)
        .await?
        .into_iter()
        .map(|s| ServiceRow {
            tasks: tasks.get(&s.id).copied().unwrap_or(0),
            code: s.code.as_str().to_string(),
            name: s.name.get(here.lang).to_string(),
        })
        .collect();
    let fields = typed.fields(&tr, true, errors);
    let errors = summary(&fields);
    let page = ServicesPage {
        chrome: here.chrome(Some(&staff.signed_in.account.name)),
        csrf: here.csrf.clone(),
        agency: agency.name.get(here.lang).to_string(),
        alert: String::new(),
        services,
        fields,
        tr,
        errors,
    };
    Ok((crate::kit::form::status(&page.errors), page).into_response())
}

pub async fn services(
    State(state): State<AppState>,
    here: Here,
    staff: AgencyStaff,
) -> Result<Response, AppError> {
    services_page(&state, &here, &staff, &ServiceTyped::default(), &[]).await
}

/// What the service page shows besides the service: what was just done, or a form as typed
/// with its errors.
#[derive(Default)]
struct Shown<'a> {
    done: Option<&'a Notice>,
    service: Option<&'a ServiceTyped>,
    task: Option<&'a TaskTyped>,
    errors: &'a [FieldError],
}

async fn service_page(
    state: &AppState,
    here: &Here,
    staff: &AgencyStaff,
    service: &OnlineService,
    shown: Shown<'_>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let stored = ServiceTyped::of(service);
    let service_fields = shown
        .service
        .unwrap_or(&stored)
        .fields(&tr, false, shown.errors);
    let blank = TaskTyped::default();
    let task = shown.task.unwrap_or(&blank);
    let task_fields = fields(
        &tr,
        &[
            (Field::TaskCode, "text", &task.code),
            (Field::TaskNameFr, "text", &task.name_fr),
            (Field::TaskNameEn, "text", &task.name_en),
        ],
        shown.errors,
    );
    let mut errors = summary(&service_fields);
    errors.extend(summary(&task_fields));
    let stored_tasks = state.store.tasks_of(service.id).await?;
    let notice = shown
        .done
        .map(|done| done_notice(&tr, service, &stored_tasks, done))
        .unwrap_or_default();
    let tasks = stored_tasks
        .into_iter()
        .map(|t| TaskRow {
            code: t.code.as_str().to_string(),
            name_fr: t.name.fr,
            name_en: t.name.en,
        })
        .collect();
    let page = ServicePage {
        chrome: here.chrome(Some(&staff.signed_in.account.name)),
        csrf: here.csrf.clone(),
        code: service.code.as_str().to_string(),
        name: service.name.get(here.lang).to_string(),
        notice,
        alert: String::new(),
        service_fields,
        tasks,
        task_fields,
        tr,
        errors,
    };
    Ok((crate::kit::form::status(&page.errors), page).into_response())
}

/// The service's page; after a change, with what was done (post/redirect/get).
pub async fn service(
    State(state): State<AppState>,
    here: Here,
    staff: AgencyStaff,
    Path(code): Path<String>,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let service = state.app.own_service(&staff.acting(None), &code).await?;
    let shown = Shown {
        done: Some(&done),
        ..Shown::default()
    };
    service_page(&state, &here, &staff, &service, shown).await
}

/// What the service's page says after a change: the service added or saved, or its task
/// `quoi` added.
fn done_notice(tr: &Tr, service: &OnlineService, tasks: &[Task], done: &Notice) -> String {
    let named = |key, name: &str| tr.t_args(key, &[("name", name.to_string().into())]);
    match done.fait.as_str() {
        "ajoute" => named("service-added", service.name.get(tr.lang)),
        "enregistre" => named("service-changed", service.name.get(tr.lang)),
        "tache" => tasks
            .iter()
            .find(|t| t.code.as_str() == done.quoi)
            .map(|t| named("task-added", t.name.get(tr.lang)))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn service_href(service: &OnlineService) -> String {
    format!("/ministere/services/{}", service.code.as_str())
}

pub async fn add_service(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    staff: AgencyStaff,
    Checked(typed): Checked<ServiceTyped>,
) -> Result<Response, AppError> {
    let service = match state
        .app
        .add_service(&staff.acting(client), &typed.form())
        .await
    {
        Ok(service) => service,
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            return services_page(&state, &here, &staff, &typed, &errors).await;
        }
        Err(e) => return Err(e.into()),
    };
    Ok(notice::done(&service_href(&service), "ajoute"))
}

pub async fn change_service(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    staff: AgencyStaff,
    Path(code): Path<String>,
    Checked(mut typed): Checked<ServiceTyped>,
) -> Result<Response, AppError> {
    let stored = state.app.own_service(&staff.acting(None), &code).await?;
    typed.code = stored.code.as_str().to_string();
    let acting = staff.acting(client);
    let changed = match state
        .app
        .change_service(&acting, &code, &typed.form())
        .await
    {
        Ok(changed) => changed,
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            let shown = Shown {
                service: Some(&typed),
                errors: &errors,
                ..Shown::default()
            };
            return service_page(&state, &here, &staff, &stored, shown).await;
        }
        Err(e) => return Err(e.into()),
    };
    Ok(notice::done(&service_href(&changed), "enregistre"))
}

pub async fn add_task(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    staff: AgencyStaff,
    Path(code): Path<String>,
    Checked(typed): Checked<TaskTyped>,
) -> Result<Response, AppError> {
    let service = state.app.own_service(&staff.acting(None), &code).await?;
    let form = TaskForm {
        code: &typed.code,
        name_fr: &typed.name_fr,
        name_en: &typed.name_en,
    };
    let task = match state
        .app
        .add_task(&staff.acting(client), &code, &form)
        .await
    {
        Ok(task) => task,
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            let shown = Shown {
                task: Some(&typed),
                errors: &errors,
                ..Shown::default()
            };
            return service_page(&state, &here, &staff, &service, shown).await;
        }
        Err(e) => return Err(e.into()),
    };
    Ok(notice::done_to(
        &service_href(&service),
        "tache",
        task.code.as_str(),
    ))
}
