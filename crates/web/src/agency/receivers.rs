//! Where the agency receives its revocation events (issue 21): every person of the agency
//! sees its receivers and the latest deliveries with their failures; its administrators
//! register a receiver (pushed to an endpoint, or polled by a client), test it and disable it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use mandat_app::agency::Staff;
use mandat_app::oidc::ClientOwner;
use mandat_core::dates::long_moment;
use mandat_core::{Field, FieldError};
use mandat_oidc::receiver::ReceiverForm;
use mandat_store::{ClientRecord, DeliveryRecord, Receiver, ReceiverMethod};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, TokenOnly, with_token};
use crate::http::here::Here;
use crate::http::session::{AgencyAdmin, AgencyStaff};
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldOption, FieldView, summary};
use crate::kit::frame::Chrome;
use crate::kit::notice::{Notice, done};

/// The page's address.
const PAGE: &str = "/ministere/evenements";

/// How many deliveries the page shows, the latest first.
const DELIVERIES_SHOWN: i64 = 50;

pub struct ReceiverRow {
    pub id: String,
    pub client: String,
    pub method: String,
    pub endpoint: String,
    pub enabled: bool,
}

pub struct DeliveryRow {
    pub raised: String,
    pub event: String,
    pub about: String,
    pub receiver: String,
    pub state: String,
    pub attempts: i32,
    pub error: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_receivers.html")]
pub struct ReceiversPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    notice: String,
    alert: String,
    receivers: Vec<ReceiverRow>,
    deliveries: Vec<DeliveryRow>,
    has_clients: bool,
    admin: bool,
    fields: Vec<FieldView>,
    errors: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct ReceiverTyped {
    #[serde(default)]
    csrf: String,
    #[serde(rename = "receiver-client", default)]
    client: String,
    #[serde(rename = "receiver-method", default)]
    method: String,
    #[serde(rename = "receiver-endpoint", default)]
    endpoint: String,
    #[serde(rename = "receiver-authorization", default)]
    authorization: String,
}

with_token!(ReceiverTyped);

impl ReceiverTyped {
    fn form(&self) -> ReceiverForm<'_> {
        ReceiverForm {
            client: &self.client,
            method: &self.method,
            endpoint: &self.endpoint,
            authorization: &self.authorization,
        }
    }

    fn fields(&self, tr: &Tr, clients: &[ClientRecord], errors: &[FieldError]) -> Vec<FieldView> {
        let option = |value: String, label: String| FieldOption {
            value,
            label,
            checked: false,
        };
        let clients = clients
            .iter()
            .filter(|c| c.enabled())
            .map(|c| option(c.id.to_string(), format!("{} ({})", c.spec.name, c.id)))
            .collect();
        let methods = ["push", "poll"]
            .map(|m| option(m.to_string(), tr.t(&format!("receiver-method-{m}"))))
            .into();
        let method = if self.method.is_empty() {
            "push"
        } else {
            &self.method
        };
        [
            FieldView::new(tr, Field::ReceiverClient, "select")
                .options(clients)
                .value(&self.client),
            FieldView::new(tr, Field::ReceiverMethod, "select")
                .options(methods)
                .value(method),
            FieldView::new(tr, Field::ReceiverEndpoint, "text").value(&self.endpoint),
            FieldView::new(tr, Field::ReceiverAuthorization, "text"),
        ]
        .into_iter()
        .map(|f| f.errors(tr, errors))
        .collect()
    }
}

fn receiver_row(r: &Receiver, clients: &[ClientRecord], tr: &Tr) -> ReceiverRow {
    let client = clients.iter().find(|c| c.id == r.client);
    let endpoint = match &r.method {
        ReceiverMethod::Push { endpoint, .. } => endpoint.clone(),
        ReceiverMethod::Poll => String::new(),
    };
    ReceiverRow {
        id: r.id.to_string(),
        client: client.map_or_else(|| r.client.to_string(), |c| c.spec.name.clone()),
        method: tr.t(&format!("receiver-method-{}", r.method.code())),
        endpoint,
        enabled: r.disabled_at.is_none(),
    }
}

fn delivery_row(d: &DeliveryRecord, receivers: &[ReceiverRow], here: &Here) -> DeliveryRow {
    let tr = here.tr();
    let e = &d.event;
    let about = [
        e.subject.as_ref().map(|s| format!("sub {s}")),
        e.org
            .as_ref()
            .map(|o| format!("{} {o}", tr.t("receiver-about-org"))),
    ];
    let receiver = receivers.iter().find(|r| r.id == d.receiver.to_string());
    DeliveryRow {
        raised: long_moment(e.created_at, here.lang),
        event: e.signal.text(here.lang).to_string(),
        about: about.into_iter().flatten().collect::<Vec<_>>().join(" · "),
        receiver: receiver.map_or_else(String::new, |r| format!("{} – {}", r.client, r.method)),
        state: tr.t(&format!("delivery-{}", d.state)),
        attempts: d.attempts,
        error: d.last_error.clone().unwrap_or_default(),
    }
}

async fn page(
    state: &AppState,
    here: &Here,
    staff: &AgencyStaff,
    (notice, typed, errors): (String, Option<&ReceiverTyped>, &[FieldError]),
) -> Result<Response, AppError> {
    let tr = here.tr();
    let clients = state.store.clients(Some(staff.agency)).await?;
    let receivers: Vec<ReceiverRow> = (state.store.receivers_of(staff.agency).await?.iter())
        .map(|r| receiver_row(r, &clients, &tr))
        .collect();
    let deliveries = (state
        .store
        .deliveries_of(staff.agency, DELIVERIES_SHOWN)
        .await?
        .iter())
    .map(|d| delivery_row(d, &receivers, here))
    .collect();
    let fields = typed
        .unwrap_or(&ReceiverTyped::default())
        .fields(&tr, &clients, errors);
    let page = ReceiversPage {
        chrome: here.chrome(Some(&staff.signed_in.account.name)),
        csrf: here.csrf.clone(),
        notice,
        alert: String::new(),
        receivers,
        deliveries,
        has_clients: clients.iter().any(ClientRecord::enabled),
        admin: staff.admin,
        errors: summary(&fields),
        fields,
        tr,
    };
    Ok((crate::kit::form::status(&page.errors), page).into_response())
}

/// `GET /ministere/evenements`.
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    staff: AgencyStaff,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let notice = match done.fait.as_str() {
        "inscrit" => here.tr().t("receiver-added"),
        "essai" => here.tr().t("receiver-tested"),
        "desactive" => here.tr().t("receiver-disabled"),
        _ => String::new(),
    };
    page(&state, &here, &staff, (notice, None, &[])).await
}

/// `POST /ministere/evenements`: a new receiver.
pub async fn add(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(address): ClientAddress,
    AgencyAdmin(admin): AgencyAdmin,
    Checked(typed): Checked<ReceiverTyped>,
) -> Result<Response, AppError> {
    let acting = admin.acting(address);
    let owner = ClientOwner::Staff(&acting);
    match state.app.add_receiver(owner, &typed.form()).await {
        Ok(_) => Ok(done(PAGE, "inscrit")),
        Err(mandat_app::Error::Refused(mandat_app::Refusal::Fields(errors))) => {
            page(
                &state,
                &here,
                &admin,
                (String::new(), Some(&typed), &errors),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /ministere/evenements/{id}/essai`: a verification event, delivered as any other.
pub async fn test(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    AgencyAdmin(admin): AgencyAdmin,
    Path(id): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    state.app.test_receiver(&admin.acting(address), id).await?;
    Ok(done(PAGE, "essai"))
}

/// `POST /ministere/evenements/{id}/desactiver`: the receiver gets nothing more.
pub async fn disable(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    AgencyAdmin(admin): AgencyAdmin,
    Path(id): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    let staff: Staff = admin.acting(address);
    state.app.disable_receiver(&staff, id).await?;
    Ok(done(PAGE, "desactive"))
}
