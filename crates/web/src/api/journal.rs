//! The organization's journal (M12) through the officers' API: what the officers' journal
//! page shows, newest first, a page at a time. Central's agents are not named (M23).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use mandat_app::api_tokens::ApiCaller;
use mandat_core::audit;
use mandat_store::AuditQuery;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use super::people::PageQuery;
use super::problem::Problem;
use crate::http::AppState;
use crate::i18n::Tr;

/// Entries per page.
pub const PER_PAGE: u32 = 100;

/// An entry of the journal, in the caller's language.
#[derive(Serialize, utoipa::ToSchema)]
pub struct EntryView {
    pub seq: i64,
    /// When, in RFC 3339.
    pub at: String,
    /// Who acted: a person's name, or nothing for central and for Mandat itself.
    pub by: Option<String>,
    pub by_central: bool,
    /// The action's stable code.
    pub action: String,
    /// Whom the entry is about.
    pub about: Option<String>,
    pub detail: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct JournalPage {
    pub entries: Vec<EntryView>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// The organization's journal, newest first.
#[utoipa::path(get, path = "/api/v1/journal", operation_id = "journal_list", tag = "officers",
    params(PageQuery),
    security(("api_token" = [])),
    responses(
        (status = 200, body = JournalPage),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    Extension(tr): Extension<Tr>,
    Query(q): Query<PageQuery>,
) -> Response {
    let query = AuditQuery {
        org: Some(caller.officer.org),
        ..AuditQuery::default()
    };
    let rows = match state.store.audit_page(&query, q.page, PER_PAGE).await {
        Ok(rows) => rows,
        Err(e) => return Problem::of(&tr, e.into(), |_| "").into_response(),
    };
    let (rows, total) = rows;
    let entries = rows
        .iter()
        .map(|r| EntryView {
            seq: r.seq,
            at: r.at.format(&Rfc3339).unwrap_or_default(),
            by: r.actor_name.clone().filter(|_| !r.actor_is_central),
            by_central: r.actor_is_central,
            action: r.action.clone(),
            about: r.subject.clone(),
            detail: audit::render(&r.detail, tr.lang),
        })
        .collect();
    Json(JournalPage {
        entries,
        page: q.page,
        per_page: PER_PAGE,
        total,
    })
    .into_response()
}
