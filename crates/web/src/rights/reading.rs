//! How a procuration reads wherever it is listed (P4, P6): its row, whom it serves, the
//! names of the organizations on either side; and the extractor [`OwnProcuration`], through
//! the application layer's one scoped read, so that a page of one procuration cannot read
//! another organization's.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use mandat_app::catalog::Catalog;
use mandat_core::ids::{OrgId, ProcurationId};
use mandat_store::{Link, ProcurationRecord};
use time::Date;

use crate::http::officer::Officer;
use crate::http::path::path_id;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::rights::form::{access_lines, day, standing};

/// A procuration in a list: its name, access, end, holders and where it stands.
pub struct ProcurationRow {
    pub(crate) href: String,
    pub(crate) name: String,
    /// Whom it serves, for an external one or one made within it.
    pub(crate) whom: String,
    pub(crate) lines: Vec<(String, String)>,
    pub(crate) until: String,
    pub(crate) holders: usize,
    pub(crate) standing: String,
}

/// The rows of `records`, the organization `org`'s, each with how many hold it (for an
/// external one, through what its mandataire made within it).
pub async fn rows(
    state: &AppState,
    tr: &Tr,
    catalog: &Catalog,
    (org, records): (OrgId, &[ProcurationRecord]),
    today: Date,
) -> Result<Vec<ProcurationRow>, AppError> {
    let counts = state.store.holder_counts(org).await?;
    let mut rows = Vec::with_capacity(records.len());
    for r in records {
        let p = &r.procuration;
        let holders = counts.get(&p.id).copied().unwrap_or(0);
        rows.push(ProcurationRow {
            href: format!("/administration/procurations/{}", p.id),
            name: p.name.clone(),
            whom: whom(state, tr, r.link).await?,
            lines: access_lines(catalog, p, tr.lang),
            until: day(tr.lang, Some(p.ends_on)),
            holders,
            standing: standing(tr, p, r.link, r.withdrawn_at.is_some(), today),
        });
    }
    Ok(rows)
}

/// Whom a procuration serves: « Interne », « Confiée à … » (P6), or « Pour le compte de … »
/// for one a mandataire made within an external procuration.
pub async fn whom(state: &AppState, tr: &Tr, link: Link) -> Result<String, AppError> {
    let (key, org) = match link {
        Link::Internal => return Ok(tr.t("procurations-internal")),
        Link::External { mandataire, .. } => ("procurations-to", Some(mandataire)),
        Link::Within { .. } => {
            let mandant = mandat_app::names::mandant_of(&state.store, link).await?;
            ("procurations-for", mandant)
        }
    };
    let name = match org {
        Some(org) => org_name(state, org).await?,
        None => String::new(),
    };
    Ok(tr.t_args(key, &[("name", name.into())]))
}

/// The organization's name; empty if it is gone.
pub async fn org_name(state: &AppState, org: OrgId) -> Result<String, AppError> {
    Ok(mandat_app::names::org_name(&state.store, org).await?)
}

/// The procuration's id in a path; anything else is not found.
pub fn procuration_id(id: &str) -> Result<ProcurationId, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

/// The signed-in officer and their organization's procuration that the path's `{id}` names;
/// a procuration of another organization, or none, is the 404 page.
pub struct OwnProcuration {
    pub officer: Officer,
    pub record: ProcurationRecord,
}

impl FromRequestParts<AppState> for OwnProcuration {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let officer = Officer::from_request_parts(parts, state).await?;
        let id = path_id(parts, state, "id").await?;
        match state.app.own_procuration(&officer.acting, id).await {
            Ok(record) => Ok(OwnProcuration { officer, record }),
            Err(e) => Err(AppError::from(e).into_response()),
        }
    }
}
