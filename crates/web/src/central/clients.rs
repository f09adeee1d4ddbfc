//! Every agency's OpenID Connect clients, as central reads them (issue 20): which agency and
//! service each signs people in to, how it authenticates, whether it is still active, and how
//! many access evaluations it asked in the last 30 days (issue 21).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use std::collections::HashMap;

use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::Chrome;
use crate::kit::labels::{evaluation_counts, evaluations_since};

pub struct Row {
    agency: String,
    service: String,
    name: String,
    id: String,
    method: String,
    enabled: bool,
    /// Its access evaluations of the last 30 days (issue 21).
    evaluations: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "central_clients.html")]
pub struct ClientsPage {
    tr: Tr,
    chrome: Chrome,
    rows: Vec<Row>,
}

/// `GET /central/clients`.
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
) -> Result<ClientsPage, AppError> {
    let tr = here.tr();
    let agencies: HashMap<_, _> = state
        .store
        .agencies()
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let since = evaluations_since(state.app.today());
    let counts = state.store.evaluation_counts(since).await?;
    let mut rows = Vec::new();
    for c in state.store.clients(None).await? {
        let service = state.store.service_by_id(c.service_id).await?;
        let agency = agencies.get(&c.agency_id);
        rows.push(Row {
            agency: agency
                .map(|a| a.name.get(here.lang).to_string())
                .unwrap_or_default(),
            service: service
                .map(|s| s.name.get(here.lang).to_string())
                .unwrap_or_default(),
            name: c.spec.name.clone(),
            id: c.id.to_string(),
            method: tr.t(&format!("client-method-{}", c.spec.method.id())),
            enabled: c.enabled(),
            evaluations: evaluation_counts(&tr, counts.get(&c.id).copied().unwrap_or_default()),
        });
    }
    rows.sort_by(|a, b| (&a.agency, &a.service, &a.name).cmp(&(&b.agency, &b.service, &b.name)));
    Ok(ClientsPage {
        chrome: here.chrome(Some(&central.0.account.name)),
        tr,
        rows,
    })
}
