//! Reading the audit log (M12): officers read their organization's entries, central reads
//! all; each view filters by person, action and period, newest first, and is exported whole.

use mandat_core::ids::{AgencyId, OrgId};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::security_file::containing;
use crate::{Store, StoreError, from_micros, to_micros};

/// What to read. An empty value filters nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only this organization's entries: always set for an officer.
    pub org: Option<OrgId>,
    /// Only the entries that concern this agency: always set for an agency's staff (M12).
    pub agency: Option<AgencyId>,
    /// A name or user code, of whom the entry is about or of who acted.
    pub person: String,
    pub action: Option<String>,
    /// From this instant, inclusive.
    pub from: Option<OffsetDateTime>,
    /// Until this instant, exclusive.
    pub until: Option<OffsetDateTime>,
}

/// An entry as the views show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    pub at: OffsetDateTime,
    /// A member's name; `None` for central (never named to officers, M23) and for no one.
    pub actor_name: Option<String>,
    pub actor_is_central: bool,
    /// The central agent who acted, by name: shown to central only.
    pub agent_name: Option<String>,
    pub action: String,
    pub detail: String,
    /// Whom the entry is about.
    pub subject: Option<String>,
    pub organization: Option<String>,
    pub client_address: Option<String>,
}

const FILTERED: &str = "FROM audit_log l \
     LEFT JOIN accounts a ON a.id = l.actor_id \
     LEFT JOIN people p ON p.id = a.person_id \
     LEFT JOIN people s ON s.id = l.person_id \
     LEFT JOIN accounts sa ON sa.person_id = l.person_id \
     LEFT JOIN organizations o ON o.id = l.org_id \
     WHERE ($1 = '' OR l.org_id = $1) AND ($2 = '' OR l.action = $2) \
     AND l.at >= $3 AND l.at < $4 AND ($6 = '' OR l.agency_id = $6) \
     AND ($5 = '' OR lower(s.first_name || ' ' || s.last_name) LIKE $5 ESCAPE '\\' \
          OR lower(sa.user_code) LIKE $5 ESCAPE '\\' \
          OR lower(p.first_name || ' ' || p.last_name) LIKE $5 ESCAPE '\\' \
          OR lower(a.user_code) LIKE $5 ESCAPE '\\')";

const COLUMNS: &str = "SELECT l.seq, l.at, l.action, l.detail, l.client_address, \
     CAST(CASE WHEN a.kind = 'central' THEN 1 ELSE 0 END AS BIGINT) AS actor_is_central, \
     CASE WHEN a.kind = 'member' THEN p.first_name || ' ' || p.last_name \
          WHEN a.kind = 'agency' THEN a.name END AS actor_name, \
     CASE WHEN a.kind = 'central' THEN a.name END AS agent_name, \
     s.first_name || ' ' || s.last_name AS subject, o.name AS organization ";

fn bind<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    q: &AuditQuery,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    query
        .bind(q.org.map(|o| o.to_string()).unwrap_or_default())
        .bind(q.action.clone().unwrap_or_default())
        .bind(q.from.map_or(i64::MIN, to_micros))
        .bind(q.until.map_or(i64::MAX, to_micros))
        .bind(containing(&q.person))
        .bind(q.agency.map(|a| a.to_string()).unwrap_or_default())
}

impl Store {
    /// One page of matching entries, newest first, and how many match.
    pub async fn audit_page(
        &self,
        q: &AuditQuery,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<AuditRow>, i64), StoreError> {
        let count = format!("SELECT COUNT(*) AS n {FILTERED}");
        let total: i64 = bind(sqlx::query(sqlx::AssertSqlSafe(count)), q)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let rows = self
            .audit_rows(
                q,
                i64::from(per_page),
                i64::from(page) * i64::from(per_page),
            )
            .await?;
        Ok((rows, total))
    }

    /// Every matching entry, oldest first: what an export writes.
    pub async fn audit_export(&self, q: &AuditQuery) -> Result<Vec<AuditRow>, StoreError> {
        let sql = format!("{COLUMNS}{FILTERED} ORDER BY l.seq");
        bind(sqlx::query(sqlx::AssertSqlSafe(sql)), q)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(audit_row)
            .collect()
    }

    async fn audit_rows(
        &self,
        q: &AuditQuery,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let sql = format!("{COLUMNS}{FILTERED} ORDER BY l.seq DESC LIMIT $7 OFFSET $8");
        bind(sqlx::query(sqlx::AssertSqlSafe(sql)), q)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(audit_row)
            .collect()
    }

    /// The actions recorded, for the view's filter; an organization's or an agency's only, if
    /// given.
    pub async fn audit_actions(
        &self,
        org: Option<OrgId>,
        agency: Option<AgencyId>,
    ) -> Result<Vec<String>, StoreError> {
        sqlx::query(
            "SELECT DISTINCT action FROM audit_log WHERE ($1 = '' OR org_id = $1) \
             AND ($2 = '' OR agency_id = $2) ORDER BY action",
        )
        .bind(org.map(|o| o.to_string()).unwrap_or_default())
        .bind(agency.map(|a| a.to_string()).unwrap_or_default())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok(r.try_get("action")?))
        .collect()
    }
}

fn audit_row(r: &AnyRow) -> Result<AuditRow, StoreError> {
    Ok(AuditRow {
        seq: r.try_get("seq")?,
        at: from_micros(r.try_get("at")?)?,
        actor_name: r.try_get("actor_name")?,
        actor_is_central: r.try_get::<i64, _>("actor_is_central")? == 1,
        agent_name: r.try_get("agent_name")?,
        action: r.try_get("action")?,
        detail: r.try_get("detail")?,
        subject: r.try_get("subject")?,
        organization: r.try_get("organization")?,
        client_address: r.try_get("client_address")?,
    })
}
