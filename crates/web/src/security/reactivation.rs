//! Reactivations asked of central (M16), as central's queue and the person's page show them:
//! each request with its due date (one business day for a lockout, two otherwise). Asking,
//! reactivating and refusing are the application layer's (`mandat_app::security`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use mandat_core::dates::long_date;
use mandat_core::{Lang, quebec_time};
use mandat_store::OpenReactivation;
use time::Date;

use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::Chrome;

/// An open request, as the person's page and central's queue show it.
pub struct RequestView {
    pub href: String,
    pub organization: String,
    pub person: String,
    pub user_code: String,
    pub kind: String,
    pub requested_by: String,
    pub requested_on: String,
    pub reason: String,
    pub expiry: String,
    pub due_on: String,
    pub overdue: bool,
}

impl RequestView {
    pub fn new(tr: &Tr, lang: Lang, today: Date, r: &OpenReactivation) -> Self {
        RequestView {
            href: format!("/central/organismes/{}/securite/{}", r.org, r.person),
            organization: format!("{} (NEQ {})", r.organization, r.neq),
            person: r.person_name.clone(),
            user_code: r.user_code.clone(),
            kind: tr.t(&format!("reactivation-kind-{}", r.kind.code())),
            requested_by: r.requested_by_name.clone(),
            requested_on: long_date(quebec_time::date_at(r.requested_at), lang),
            reason: r.reason.clone(),
            expiry: r
                .requested_expiry
                .map(|d| long_date(d, lang))
                .unwrap_or_default(),
            due_on: long_date(r.due_on, lang),
            overdue: today > r.due_on,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "central_reactivations.html")]
pub struct QueuePage {
    tr: Tr,
    chrome: Chrome,
    rows: Vec<RequestView>,
}

/// Central's queue of open requests, the soonest due first.
pub async fn queue(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let today = quebec_time::date_at(state.store.now());
    let rows = state
        .store
        .reactivation_queue()
        .await?
        .iter()
        .map(|r| RequestView::new(&tr, here.lang, today, r))
        .collect();
    Ok(QueuePage {
        chrome: here.chrome(Some(&central.0.account.name)),
        rows,
        tr,
    }
    .into_response())
}
