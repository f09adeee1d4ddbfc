//! How a procuration reads wherever it is listed (P4, P6): its row, whom it serves, the
//! names of the organizations on either side; and the one read that scopes a procuration to
//! the officer's organization, also as the extractor [`OwnProcuration`], so that a page of
//! one procuration cannot read another organization's.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use mandat_core::ids::{OrgId, ProcurationId};
use mandat_store::{Link, ProcurationRecord};
use time::Date;

use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::rights::catalog::Catalog;
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
        Link::Within { .. } => ("procurations-for", mandant_of(state, link).await?),
    };
    let name = match org {
        Some(org) => org_name(state, org).await?,
        None => String::new(),
    };
    Ok(tr.t_args(key, &[("name", name.into())]))
}

/// The organization's name; empty if it is gone.
pub async fn org_name(state: &AppState, org: OrgId) -> Result<String, AppError> {
    let org = state.store.organization(org).await?;
    Ok(org.map(|o| o.name).unwrap_or_default())
}

/// The mandant a procuration acts for when a mandataire made it within an external one (P6).
pub async fn mandant_of(state: &AppState, link: Link) -> Result<Option<OrgId>, AppError> {
    let Link::Within { mandate } = link else {
        return Ok(None);
    };
    let mandate = state.store.procuration(mandate).await?;
    Ok(mandate.map(|m| m.procuration.org))
}

/// The organization's procuration, if `id` names one.
pub async fn of_org(
    state: &AppState,
    officer: &Officer,
    id: &str,
) -> Result<Option<ProcurationRecord>, AppError> {
    let Ok(id) = id.parse::<ProcurationId>() else {
        return Ok(None);
    };
    Ok(state
        .store
        .procuration(id)
        .await?
        .filter(|r| r.procuration.org == officer.org))
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
        let Path(path) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound.into_response())?;
        let id = path.get("id").map_or("", String::as_str);
        match of_org(state, &officer, id).await {
            Ok(Some(record)) => Ok(OwnProcuration { officer, record }),
            Ok(None) => Err(AppError::NotFound.into_response()),
            Err(e) => Err(e.into_response()),
        }
    }
}
