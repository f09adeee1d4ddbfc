//! « Journal des transactions » (M12): the audit log as officers read their organization's
//! entries, an agency's staff the entries that concern it, and central all of them, filtered
//! by person, action and period, paged newest first, and exported whole as CSV or JSON Lines
//! (each export itself recorded). Only central sees a central agent's name (M23) and where a
//! request came from.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use mandat_app::exports::Export;
use mandat_core::audit::{self, AuditAction, Note};
use mandat_core::contract::optional_date;
use mandat_core::dates::long_moment;
use mandat_core::ids::{AccountId, AgencyId, OrgId};
use mandat_core::organization::Neq;
use mandat_core::{Field, FieldError, quebec_time};
use mandat_store::{AuditQuery, AuditRow};
use serde::Deserialize;
use time::Duration;
use time::format_description::well_known::Rfc3339;

use crate::http::client::ClientAddress;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::session::{AgencyStaff, CentralAgent};
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::choices::Choice;
use crate::kit::csv::push_record;
use crate::kit::form::FieldView;
use crate::kit::frame::Chrome;
use crate::kit::labels;
use crate::kit::paging::{self, PER_PAGE, Pager};

/// The query string: text only, so that a bad value is said, never a 400.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct Params {
    personne: String,
    action: String,
    du: String,
    au: String,
    /// Central only: an organization's NEQ.
    neq: String,
    page: String,
}

/// Who reads the journal.
enum Reader {
    Central,
    /// An officer, of their organization.
    Officer(OrgId),
    /// A person of an agency's staff, of the entries that concern it.
    Agency(AgencyId),
}

/// Whose entries are read, and by whom.
pub struct Scope {
    reader: Reader,
    base: &'static str,
    actor: AccountId,
    name: String,
}

impl Scope {
    fn central(&self) -> bool {
        matches!(self.reader, Reader::Central)
    }

    /// Reads across organizations: may filter by NEQ, and sees each entry's organization.
    fn across(&self) -> bool {
        !matches!(self.reader, Reader::Officer(_))
    }

    fn org(&self) -> Option<OrgId> {
        match self.reader {
            Reader::Officer(org) => Some(org),
            _ => None,
        }
    }

    fn agency(&self) -> Option<AgencyId> {
        match self.reader {
            Reader::Agency(agency) => Some(agency),
            _ => None,
        }
    }
}

impl Params {
    /// The store's query, and what is wrong with the period, if anything (that bound is
    /// then ignored).
    async fn query(
        &self,
        state: &AppState,
        scope: &Scope,
    ) -> Result<(AuditQuery, Vec<FieldError>), AppError> {
        let mut errors = Vec::new();
        let mut day = |field: Field, text: &str| match optional_date(field, text) {
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let from = day(Field::PeriodFrom, &self.du).map(quebec_time::start_of);
        let until =
            day(Field::PeriodTo, &self.au).map(|d| quebec_time::start_of(d + Duration::days(1)));
        let org = match (scope.org(), Neq::parse(&self.neq)) {
            (Some(own), _) => Some(own),
            (None, Ok(neq)) => Some(
                state
                    .store
                    .organization_by_neq(&neq)
                    .await?
                    .map_or(OrgId(uuid::Uuid::nil()), |o| o.id),
            ),
            (None, Err(_)) if self.neq.trim().is_empty() => None,
            (None, Err(e)) => {
                errors.push(e);
                None
            }
        };
        let query = AuditQuery {
            org,
            agency: scope.agency(),
            person: self.personne.chars().take(100).collect(),
            action: Some(self.action.clone()).filter(|a| !a.is_empty()),
            from,
            until,
        };
        Ok((query, errors))
    }

    fn page(&self) -> u32 {
        paging::index(&self.page)
    }

    fn href(&self, base: &str, page: Option<u32>) -> String {
        let page = page.map(|n| n.to_string()).unwrap_or_default();
        paging::link(
            base,
            &[
                ("personne", &self.personne),
                ("action", &self.action),
                ("du", &self.du),
                ("au", &self.au),
                ("neq", &self.neq),
                ("page", &page),
            ],
        )
    }
}

pub struct EntryView {
    when: String,
    by: String,
    what: String,
    about: String,
    organization: String,
    detail: String,
    client: String,
}

fn by(tr: &Tr, scope: &Scope, r: &AuditRow) -> String {
    match (&r.actor_name, r.actor_is_central, &r.agent_name) {
        (_, true, Some(agent)) if scope.central() => agent.clone(),
        (_, true, _) => tr.t("history-central"),
        (Some(name), false, _) => name.clone(),
        (None, false, _) => tr.t("history-system"),
    }
}

fn entry_view(tr: &Tr, here: &Here, scope: &Scope, r: &AuditRow) -> EntryView {
    EntryView {
        when: long_moment(r.at, here.lang),
        by: by(tr, scope, r),
        what: labels::action(tr, &r.action),
        about: r.subject.clone().unwrap_or_default(),
        organization: r.organization.clone().unwrap_or_default(),
        detail: audit::render(&r.detail, here.lang),
        client: if scope.central() {
            r.client_address.clone().unwrap_or_default()
        } else {
            String::new()
        },
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "audit_view.html")]
pub struct AuditPage {
    tr: Tr,
    chrome: Chrome,
    lead: String,
    base: &'static str,
    central: bool,
    across: bool,
    person: String,
    neq: String,
    actions: Vec<Choice>,
    from: FieldView,
    to: FieldView,
    alert: String,
    errors: Vec<(String, String)>,
    rows: Vec<EntryView>,
    pager: Pager,
    csv: String,
    jsonl: String,
}

async fn page(
    state: &AppState,
    here: &Here,
    scope: Scope,
    params: Params,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let (query, errors) = params.query(state, &scope).await?;
    let (rows, total) = state
        .store
        .audit_page(&query, params.page(), PER_PAGE)
        .await?;
    let actions = state
        .store
        .audit_actions(scope.org(), scope.agency())
        .await?
        .into_iter()
        .map(|a| Choice {
            label: labels::action(&tr, &a),
            selected: a == params.action,
            value: a,
        })
        .collect();
    let field = |f: Field, value: &str| {
        let mut v = FieldView::new(&tr, f, "date").errors(&tr, &errors);
        v.value = value.to_string();
        v
    };
    let lead = match scope.reader {
        Reader::Officer(org) => match state.store.organization(org).await? {
            Some(o) => tr.t_args("audit-lead-org", &[("name", o.name.into())]),
            None => return Err(AppError::NotFound),
        },
        Reader::Agency(agency) => match state.store.agency(agency).await? {
            Some(a) => tr.t_args(
                "audit-lead-agency",
                &[("agency", a.name.get(here.lang).to_string().into())],
            ),
            None => return Err(AppError::NotFound),
        },
        Reader::Central => tr.t("audit-lead-central"),
    };
    Ok(AuditPage {
        chrome: here.chrome(Some(&scope.name)),
        lead,
        base: scope.base,
        central: scope.central(),
        across: scope.across(),
        person: params.personne.clone(),
        neq: params.neq.clone(),
        actions,
        from: field(Field::PeriodFrom, &params.du),
        to: field(Field::PeriodTo, &params.au),
        alert: String::new(),
        errors: errors
            .iter()
            .map(|e| (e.field.id().to_string(), tr.field_error(e)))
            .collect(),
        rows: rows
            .iter()
            .map(|r| entry_view(&tr, here, &scope, r))
            .collect(),
        pager: Pager::new(&tr, "audit-summary", total, params.page(), |n| {
            params.href(scope.base, Some(n))
        }),
        csv: params.href(&format!("{}.csv", scope.base), None),
        jsonl: params.href(&format!("{}.jsonl", scope.base), None),
        tr,
    }
    .into_response())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    JsonLines,
}

/// The journal, `/administration/journal` for an officer's organization, `/central/journal`
/// for central.
pub async fn show(
    State(state): State<AppState>,
    here: Here,
    scope: Scope,
    Query(params): Query<Params>,
) -> Result<Response, AppError> {
    page(&state, &here, scope, params).await
}

/// The matching entries, oldest first, as a file (`.csv` or `.jsonl` after the journal's
/// address); the export itself is recorded.
pub async fn export(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    scope: Scope,
    Query(params): Query<Params>,
) -> Result<Response, AppError> {
    let format = if here.uri.path().ends_with(".jsonl") {
        Format::JsonLines
    } else {
        Format::Csv
    };
    let (query, _) = params.query(&state, &scope).await?;
    let rows = state.store.audit_export(&query).await?;
    let text = file_text(&here, &scope, &rows, format)?;
    let filters = params.href("", None);
    state
        .app
        .record_export(Export {
            actor: scope.actor,
            action: AuditAction::AuditExported,
            org: scope.org(),
            agency: scope.agency(),
            detail: Note::EntriesExported
                .with("count", rows.len())
                .with("filters", filters),
            client,
        })
        .await?;
    let (kind, extension) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::JsonLines => ("application/jsonl; charset=utf-8", "jsonl"),
    };
    let file = format!("attachment; filename=\"journal.{extension}\"");
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, file),
        ],
        text,
    )
        .into_response())
}

/// The entries as the file's text: CSV with its header in the reader's language, or one
/// JSON object a line.
fn file_text(
    here: &Here,
    scope: &Scope,
    rows: &[AuditRow],
    format: Format,
) -> Result<String, AppError> {
    let tr = here.tr();
    let mut text = String::new();
    if format == Format::Csv {
        text.push('\u{feff}');
        let header: Vec<String> = [
            "audit-col-seq",
            "history-when",
            "history-by",
            "history-what",
            "audit-col-about",
            "field-organization-name",
            "history-why",
            "audit-col-client",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect();
        push_record(&mut text, &header);
    }
    for r in rows {
        let at =
            r.at.to_offset(quebec_time::offset_at(r.at))
                .format(&Rfc3339)
                .map_err(|e| AppError::Internal(e.to_string()))?;
        let v = entry_view(&tr, here, scope, r);
        match format {
            Format::Csv => push_record(
                &mut text,
                &[
                    r.seq.to_string(),
                    at,
                    v.by,
                    v.what,
                    v.about,
                    v.organization,
                    v.detail,
                    v.client,
                ],
            ),
            Format::JsonLines => {
                let line = serde_json::json!({
                    "seq": r.seq,
                    "at": at,
                    "by": v.by,
                    "by_central": r.actor_is_central,
                    "action": r.action,
                    "about": r.subject,
                    "organization": r.organization,
                    "detail": v.detail,
                    "client_address": Some(v.client).filter(|c| !c.is_empty()),
                });
                text.push_str(&line.to_string());
                text.push('\n');
            }
        }
    }
    Ok(text)
}

/// Central's journal for addresses under `/central/`, the agency's under `/ministere/`, else
/// the officer's: each extractor refuses anyone else.
impl FromRequestParts<AppState> for Scope {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if parts.uri.path().starts_with("/central/") {
            let central = CentralAgent::from_request_parts(parts, state).await?;
            Ok(Scope {
                reader: Reader::Central,
                base: "/central/journal",
                actor: central.0.account.id,
                name: central.0.account.name.clone(),
            })
        } else if parts.uri.path().starts_with("/ministere/") {
            let staff = AgencyStaff::from_request_parts(parts, state).await?;
            Ok(Scope {
                reader: Reader::Agency(staff.agency),
                base: "/ministere/journal",
                actor: staff.signed_in.account.id,
                name: staff.signed_in.account.name.clone(),
            })
        } else {
            let officer = Officer::from_request_parts(parts, state).await?;
            Ok(Scope {
                reader: Reader::Officer(officer.org),
                base: "/administration/journal",
                actor: officer.member.0.account.id,
                name: officer.name().to_string(),
            })
        }
    }
}
