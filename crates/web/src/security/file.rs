//! « Dossier de sécurité de l'organisme » (M21, M22): the organization's authorized persons,
//! paged, sorted and filtered by the database, and exported as CSV with the same filters.
//! Officers read their own organization's; central reads any (M14).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mandat_app::exports::Export;
use mandat_core::audit::{AuditAction, Note};
use mandat_core::ids::OrgId;
use mandat_core::profile::Profile;
use mandat_core::{Lang, quebec_time};
use mandat_store::{FileQuery, FileRow, FileState, SortBy, date_to_text};
use serde::Deserialize;
use time::{Date, Duration};

use crate::http::client::ClientAddress;
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::choices::{Choice, choices};
use crate::kit::csv::push_record;
use crate::kit::frame::Chrome;
use crate::kit::paging::{self, PER_PAGE, Pager};

/// The expiry windows offered, in days from today.
const WINDOWS: [u32; 3] = [30, 60, 90];

/// The query string: every value is text, so that a bad one is ignored, never a 400.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct Params {
    etat: String,
    profil: String,
    echeance: String,
    q: String,
    tri: String,
    ordre: String,
    page: String,
}

impl Params {
    fn query(&self, today: Date) -> FileQuery {
        let window = self
            .echeance
            .parse::<u32>()
            .ok()
            .filter(|d| WINDOWS.contains(d));
        FileQuery {
            state: FileState::from_code(&self.etat),
            profile: Profile::from_code(&self.profil),
            expires_from: window.map(|_| today),
            expires_to: window.map(|d| today + Duration::days(i64::from(d))),
            search: self.q.chars().take(100).collect(),
            sort: SortBy::from_code(&self.tri).unwrap_or_default(),
            descending: self.ordre == "desc",
        }
    }

    /// Page numbers start at 1 on the screen, 0 in the store.
    fn page(&self) -> u32 {
        paging::index(&self.page)
    }

    /// This query with some values changed, as a link.
    fn href(&self, base: &str, change: impl FnOnce(&mut Params)) -> String {
        let mut p = self.clone();
        change(&mut p);
        paging::link(
            base,
            &[
                ("etat", &p.etat),
                ("profil", &p.profil),
                ("echeance", &p.echeance),
                ("q", &p.q),
                ("tri", &p.tri),
                ("ordre", &p.ordre),
                ("page", &p.page),
            ],
        )
    }
}

pub struct Header {
    pub label: String,
    pub href: String,
    /// `ascending`, `descending` or `none`, for `aria-sort`.
    pub sort: &'static str,
}

pub struct RowView {
    pub href: String,
    pub user_code: String,
    pub last_name: String,
    pub first_name: String,
    pub state: String,
    pub profile: String,
    pub expires_on: String,
    /// The « Détail » link's full name: which person it opens.
    pub detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "security_file.html")]
pub struct FilePage {
    tr: Tr,
    chrome: Chrome,
    lead: String,
    action: String,
    q: String,
    states: Vec<Choice>,
    profiles: Vec<Choice>,
    windows: Vec<Choice>,
    headers: Vec<Header>,
    rows: Vec<RowView>,
    pager: Pager,
    csv: String,
}

/// The state's label as the file shows it (M22).
pub fn state_label(tr: &Tr, state: FileState) -> String {
    tr.t(&format!("state-{}", state.code()))
}

/// The officer's own organization's file.
pub async fn officer_page(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Query(params): Query<Params>,
) -> Result<Response, AppError> {
    let base = "/administration/securite".to_string();
    page(&state, &here, officer.name(), officer.org, base, params).await
}

/// The officer's own organization's file, as CSV.
pub async fn officer_csv(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Query(params): Query<Params>,
) -> Result<Response, AppError> {
    let by = (officer.member.0.account.id, client);
    csv(&state, &here, officer.org, by, params).await
}

pub async fn page(
    state: &AppState,
    here: &Here,
    name: &str,
    org: OrgId,
    base: String,
    params: Params,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let lang = here.lang;
    let today = quebec_time::date_at(state.store.now());
    let query = params.query(today);
    let Some(organization) = state.store.organization(org).await? else {
        return Err(AppError::NotFound);
    };
    let (rows, total) = state
        .store
        .security_file(org, today, &query, params.page(), PER_PAGE)
        .await?;
    let headers = SortBy::ALL
        .iter()
        .map(|&column| {
            let active = column == query.sort;
            Header {
                label: tr.t(&format!("file-column-{}", column.code())),
                href: params.href(&base, |p| {
                    p.tri = column.code().to_string();
                    p.ordre = if active && !query.descending {
                        "desc".into()
                    } else {
                        String::new()
                    };
                    p.page.clear();
                }),
                sort: match (active, query.descending) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
            }
        })
        .collect();
    Ok(FilePage {
        chrome: here.chrome(Some(name)),
        lead: tr.t_args(
            "file-lead",
            &[(
                "name",
                format!("{} (NEQ {})", organization.name, organization.neq.as_str()).into(),
            )],
        ),
        action: base.clone(),
        q: params.q.clone(),
        states: choices(
            &FileState::ALL,
            |s| s.code().into(),
            |s| state_label(&tr, s),
            &params.etat,
        ),
        profiles: choices(
            &Profile::ALL,
            |p| p.code().into(),
            |p| p.name(lang).into(),
            &params.profil,
        ),
        windows: choices(
            &WINDOWS,
            |d| d.to_string(),
            |d| tr.t_args("file-window-days", &[("n", i64::from(d).into())]),
            &params.echeance,
        ),
        headers,
        rows: rows.iter().map(|r| row_view(&tr, lang, &base, r)).collect(),
        pager: Pager::new(&tr, "file-summary", total, params.page(), |n| {
            params.href(&base, |p| p.page = n.to_string())
        }),
        csv: params.href(&format!("{base}.csv"), |p| p.page.clear()),
        tr,
    }
    .into_response())
}

fn row_view(tr: &Tr, lang: Lang, base: &str, r: &FileRow) -> RowView {
    RowView {
        href: format!("{base}/{}", r.person),
        user_code: r.user_code.clone().unwrap_or_default(),
        last_name: r.last_name.clone(),
        first_name: r.first_name.clone(),
        state: state_label(tr, r.state),
        profile: r.profiles.label(lang),
        expires_on: r.expires_on.map(date_to_text).unwrap_or_default(),
        detail: tr.t_args(
            "file-detail-of",
            &[("name", format!("{} {}", r.first_name, r.last_name).into())],
        ),
    }
}

/// The filtered file as CSV (RFC 4180, UTF-8 with a byte-order mark for spreadsheets), its
/// export recorded in the audit log: it carries personal information.
pub async fn csv(
    state: &AppState,
    here: &Here,
    org: OrgId,
    (actor, client): (mandat_core::ids::AccountId, Option<String>),
    params: Params,
) -> Result<Response, AppError> {
    let (tr, lang) = (here.tr(), here.lang);
    let today = quebec_time::date_at(state.store.now());
    let Some(organization) = state.store.organization(org).await? else {
        return Err(AppError::NotFound);
    };
    let rows = state
        .store
        .security_file_all(org, today, &params.query(today))
        .await?;
    let mut text = String::from("\u{feff}");
    let header: Vec<String> = SortBy::ALL
        .iter()
        .map(|c| tr.t(&format!("file-column-{}", c.code())))
        .collect();
    push_record(&mut text, &header);
    for r in &rows {
        let v = row_view(&tr, lang, "", r);
        push_record(
            &mut text,
            &[
                v.user_code,
                v.last_name,
                v.first_name,
                v.state,
                v.profile,
                v.expires_on,
            ],
        );
    }
    let filters = params.href("", |p| p.page.clear());
    state
        .app
        .record_export(Export {
            actor,
            action: AuditAction::SecurityFileExported,
            org: Some(org),
            agency: None,
            detail: Note::RowsExported
                .with("count", rows.len())
                .with("filters", filters),
            client,
        })
        .await?;
    let file = format!(
        "attachment; filename=\"dossier-securite-{}.csv\"",
        organization.neq.as_str()
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, file),
        ],
        text,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_query_value_is_ignored() {
        let p = Params {
            etat: "x".into(),
            echeance: "45".into(),
            tri: "'; DROP".into(),
            page: "-3".into(),
            ..Default::default()
        };
        let today = time::macros::date!(2026 - 11 - 24);
        assert_eq!(p.query(today), FileQuery::default());
        assert_eq!(p.page(), 0);
    }

    #[test]
    fn links_keep_the_query_and_change_one_value() {
        let p = Params {
            etat: "active".into(),
            q: "côté & fils".into(),
            page: "3".into(),
            ..Default::default()
        };
        assert_eq!(
            p.href("/administration/securite", |p| p.page = "4".into()),
            "/administration/securite?etat=active&q=c%C3%B4t%C3%A9+%26+fils&page=4"
        );
    }
}
