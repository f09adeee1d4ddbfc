//! Central's view over every organization (M14, M15): found by name or NEQ, with how many
//! people and active officers each has, so that those left without an active officer stand
//! out and can be listed alone.

use mandat_core::organization::Organization;
use sqlx::Row;

use crate::directory::organization;
use crate::security_file::containing;
use crate::{Store, StoreError};

/// One organization as central's list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgOverview {
    pub org: Organization,
    pub people: i64,
    /// People holding an officer profile with an active user code (M15).
    pub active_officers: i64,
}

/// The organizations matching a search (name or NEQ) and, if asked, only those without an
/// active officer.
const MATCHING: &str = "SELECT o.*, \
     (SELECT COUNT(*) FROM people p WHERE p.org_id = o.id) AS people, \
     (SELECT COUNT(DISTINCT pp.person_id) FROM person_profiles pp \
        JOIN accounts a ON a.person_id = pp.person_id \
        WHERE pp.org_id = o.id AND a.active = TRUE \
        AND pp.profile IN ('principal-officer', 'auxiliary-officer')) AS active_officers \
     FROM organizations o \
     WHERE ($1 = '' OR lower(o.name) LIKE $1 ESCAPE '\\' OR o.neq LIKE $1 ESCAPE '\\')";

impl Store {
    /// One page of the organizations, by name, and how many match.
    pub async fn organizations_overview(
        &self,
        search: &str,
        without_officer: bool,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<OrgOverview>, i64), StoreError> {
        let filtered =
            format!("SELECT * FROM ({MATCHING}) AS m WHERE ($2 = FALSE OR m.active_officers = 0)");
        let pattern = containing(search);
        let total: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM ({filtered}) AS f"
        )))
        .bind(&pattern)
        .bind(without_officer)
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{filtered} ORDER BY m.name, m.neq LIMIT $3 OFFSET $4"
        )))
        .bind(&pattern)
        .bind(without_officer)
        .bind(i64::from(per_page))
        .bind(i64::from(page) * i64::from(per_page))
        .fetch_all(&self.pool)
        .await?;
        let overviews = rows
            .iter()
            .map(|r| {
                Ok(OrgOverview {
                    org: organization(r)?,
                    people: r.try_get("people")?,
                    active_officers: r.try_get("active_officers")?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok((overviews, total))
    }
}
