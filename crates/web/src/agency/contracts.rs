//! An agency's contracts and agreements with organizations (« contrats / ententes »): the
//! agency records each with the organization's NEQ, its kind and its first and last days,
//! and may move the last day (to end it early or to renew it). They open the menu's agency
//! sections to the organization's users (M9); M20 follows their end.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use mandat_app::Refusal;
use mandat_core::contract::ContractKind;
use mandat_core::ids::ContractId;
use mandat_core::{Field, FieldError};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::AgencyStaff;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::choices::{Choice, choices};
use crate::kit::form::{FieldView, fields, summary};
use crate::kit::frame::Chrome;
use crate::kit::labels;
use crate::kit::notice::{self, Notice};

const CONTRACTS: &str = "/ministere/contrats";

pub struct ContractRow {
    id: String,
    organization: String,
    kind: String,
    starts_on: String,
    ends_on: String,
    in_force: bool,
    /// Why a new last day typed on this row was refused, beside the row's field.
    error: String,
}

/// A new last day refused: for which contract, why, and as typed.
struct RowError {
    id: ContractId,
    error: FieldError,
    typed: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_contracts.html")]
pub struct ContractsPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    agency: String,
    notice: String,
    errors: Vec<(String, String)>,
    alert: String,
    contracts: Vec<ContractRow>,
    kinds: Vec<Choice>,
    kind_error: String,
    fields: Vec<FieldView>,
}

#[derive(Deserialize, Default)]
pub struct ContractTyped {
    csrf: String,
    #[serde(default)]
    neq: String,
    #[serde(rename = "contract-kind", default)]
    kind: String,
    #[serde(rename = "starts-on", default)]
    starts_on: String,
    #[serde(rename = "ends-on", default)]
    ends_on: String,
}

with_token!(ContractTyped);

/// The agency's contracts and the form to add one, saying what was `done`, or the errors of
/// what was typed (in the form, or on one contract's `row`).
async fn page(
    state: &AppState,
    here: &Here,
    staff: &AgencyStaff,
    typed: &ContractTyped,
    done: &Notice,
    errors: &[FieldError],
    row: Option<RowError>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let agency = staff.record(state).await?;
    let today = mandat_core::quebec_time::date_at(state.store.now());
    let stored = state.store.contracts_of_agency(agency.id).await?;
    // After a change (post/redirect/get): the contract added, by its id, or an end changed.
    let notice = match done.fait.as_str() {
        "ajoute" => stored
            .iter()
            .find(|c| c.contract.id.to_string() == done.quoi)
            .map(|c| tr.t_args("contract-added", &[("name", c.org_name.clone().into())]))
            .unwrap_or_default(),
        "fin" => tr.t("contract-end-changed"),
        _ => String::new(),
    };
    let contracts = stored
        .into_iter()
        .map(|c| {
            let refused = row.as_ref().filter(|r| r.id == c.contract.id);
            ContractRow {
                id: c.contract.id.to_string(),
                organization: format!("{} (NEQ {})", c.org_name, c.neq.as_str()),
                kind: labels::contract_kind(&tr, c.contract.kind),
                starts_on: c.contract.starts_on.to_string(),
                ends_on: refused.map_or(c.contract.ends_on.to_string(), |r| r.typed.clone()),
                in_force: c.contract.in_force(today),
                error: refused
                    .map(|r| tr.field_error(&r.error))
                    .unwrap_or_default(),
            }
        })
        .collect::<Vec<ContractRow>>();
    let fields = fields(
        &tr,
        &[
            (Field::Neq, "text", &typed.neq),
            (Field::StartsOn, "date", &typed.starts_on),
            (Field::EndsOn, "date", &typed.ends_on),
        ],
        errors,
    );
    let kind_error = errors
        .iter()
        .find(|e| e.field == Field::ContractKind)
        .map(|e| tr.field_error(e))
        .unwrap_or_default();
    let mut summary = summary(&fields);
    if !kind_error.is_empty() {
        summary.insert(0, ("contract-kind".into(), kind_error.clone()));
    }
    for c in contracts.iter().filter(|c| !c.error.is_empty()) {
        summary.push((format!("ends-on-{}", c.id), c.error.clone()));
    }
    let status = crate::kit::form::status(&summary);
    let page = ContractsPage {
        chrome: here.chrome(Some(&staff.signed_in.account.name)),
        csrf: here.csrf.clone(),
        agency: agency.name.get(here.lang).to_string(),
        notice,
        errors: summary,
        alert: String::new(),
        contracts,
        kinds: choices(
            &ContractKind::ALL,
            |k| k.code().to_string(),
            |k| labels::contract_kind(&tr, k),
            &typed.kind,
        ),
        kind_error,
        fields,
        tr,
    };
    Ok((status, page).into_response())
}

/// The contracts; after a change, with what was done (post/redirect/get).
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    staff: AgencyStaff,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let blank = ContractTyped::default();
    page(&state, &here, &staff, &blank, &done, &[], None).await
}

pub async fn add(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    staff: AgencyStaff,
    Checked(typed): Checked<ContractTyped>,
) -> Result<Response, AppError> {
    let contract = mandat_app::agency::ContractTyped {
        neq: &typed.neq,
        kind: &typed.kind,
        starts_on: &typed.starts_on,
        ends_on: &typed.ends_on,
    };
    let (_, added) = match state
        .app
        .add_contract(&staff.acting(client), &contract)
        .await
    {
        Ok(added) => added,
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            let nothing = Notice::default();
            return page(&state, &here, &staff, &typed, &nothing, &errors, None).await;
        }
        Err(e) => return Err(e.into()),
    };
    Ok(notice::done_to(CONTRACTS, "ajoute", &added.id.to_string()))
}

#[derive(Deserialize, Default)]
pub struct EndTyped {
    csrf: String,
    #[serde(rename = "ends-on", default)]
    ends_on: String,
}

with_token!(EndTyped);

/// A new last day for a contract: earlier to end it, later to renew it.
pub async fn change_end(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    staff: AgencyStaff,
    Path(id): Path<String>,
    Checked(typed): Checked<EndTyped>,
) -> Result<Response, AppError> {
    let id = id.parse::<ContractId>().map_err(|_| AppError::NotFound)?;
    let acting = staff.acting(client);
    let changed = state
        .app
        .change_contract_end(&acting, id, &typed.ends_on)
        .await;
    let row = match changed {
        Ok(_) => return Ok(notice::done(CONTRACTS, "fin")),
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            let error = errors.into_iter().next();
            let error =
                error.ok_or_else(|| AppError::Internal("a refusal without error".into()))?;
            let typed = typed.ends_on.clone();
            RowError { id, error, typed }
        }
        Err(e) => return Err(e.into()),
    };
    let blank = ContractTyped::default();
    let nothing = Notice::default();
    page(&state, &here, &staff, &blank, &nothing, &[], Some(row)).await
}
