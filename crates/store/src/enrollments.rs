//! Organizations' enrollment requests (E1–E5): the draft an officer fills in step by step,
//! the request transmitted to the agency, and each state the agency gives it.

use mandat_core::agency::Localized;
use mandat_core::enrollment::BuiltInState;
use mandat_core::enrollment_request::{Content, Draft};
use mandat_core::ids::{AccountId, AgencyId, EnrollmentId, OrgId};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::catalog::{parsed, uuid};
use crate::{Store, StoreError, Tx, from_micros, to_micros};

/// A draft as the officer's list names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSummary {
    pub agency_id: AgencyId,
    pub agency: Localized,
    pub updated_at: OffsetDateTime,
}

/// A transmitted request, with the names its lists show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnrollmentRecord {
    pub id: EnrollmentId,
    pub org_id: OrgId,
    pub agency_id: AgencyId,
    pub agency: Localized,
    /// The organization's name and NEQ in its record (the request may correct the name).
    pub org_name: String,
    pub neq: String,
    pub submitted_by: String,
    pub submitted_at: OffsetDateTime,
    pub content: Content,
    /// A built-in state's code or one of the agency's own.
    pub state_code: String,
    pub state_at: OffsetDateTime,
}

/// A state the request took, with the agency's comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnrollmentEvent {
    pub state_code: String,
    pub comment: String,
    /// Who set it; none for the transmission's own « En traitement ».
    pub actor: Option<String>,
    pub at: OffsetDateTime,
}

/// The name of account `a`: its own (central, an agency's staff) or its person `p`'s.
macro_rules! account_name {
    () => {
        "COALESCE(a.name, p.first_name || ' ' || p.last_name)"
    };
}

const SELECT: &str = concat!(
    "SELECT e.id, e.org_id, e.agency_id, g.name_fr, g.name_en, ",
    account_name!(),
    " AS submitted_by, e.submitted_at, e.content, e.state_code, e.state_at, \
     o.name AS org_name, o.neq FROM enrollments e JOIN agencies g ON g.id = e.agency_id \
     JOIN organizations o ON o.id = e.org_id \
     JOIN accounts a ON a.id = e.submitted_by LEFT JOIN people p ON p.id = a.person_id"
);

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("json: {e}")))
}

impl Tx {
    /// Saves the organization's draft for the agency, replacing the one before.
    pub async fn save_draft(
        &mut self,
        org: OrgId,
        agency: AgencyId,
        draft: &Draft,
        by: AccountId,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO enrollment_drafts (org_id, agency_id, content, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, agency_id) DO UPDATE SET \
             content = excluded.content, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at",
        )
        .bind(org.to_string())
        .bind(agency.to_string())
        .bind(json(draft)?)
        .bind(by.to_string())
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn delete_draft(&mut self, org: OrgId, agency: AgencyId) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM enrollment_drafts WHERE org_id = $1 AND agency_id = $2")
            .bind(org.to_string())
            .bind(agency.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Records a transmitted request « En traitement » (E4) and its first event; a conflict
    /// when the organization has a request with the agency that is not refused.
    pub async fn insert_enrollment(
        &mut self,
        id: EnrollmentId,
        org: OrgId,
        agency: AgencyId,
        by: AccountId,
        content: &Content,
    ) -> Result<(), StoreError> {
        let state = BuiltInState::InProgress.code();
        sqlx::query(
            "INSERT INTO enrollments (id, org_id, agency_id, submitted_by, submitted_at, content, \
             state_code, state_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $5)",
        )
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(agency.to_string())
        .bind(by.to_string())
        .bind(to_micros(self.now))
        .bind(json(content)?)
        .bind(state)
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as("standing request"))?;
        self.insert_event(id, state, "", None).await
    }

    /// Gives one of `agency`'s requests a new state; `false` if the agency has no such request,
    /// a conflict when a refused one is taken up while a newer one stands.
    pub async fn set_enrollment_state(
        &mut self,
        agency: AgencyId,
        id: EnrollmentId,
        state: &str,
        comment: &str,
        actor: AccountId,
    ) -> Result<bool, StoreError> {
        self.raise_if_leaving_active(agency, id, state).await?;
        let done = sqlx::query(
            "UPDATE enrollments SET state_code = $1, state_at = $2 WHERE id = $3 AND agency_id = $4",
        )
        .bind(state)
        .bind(to_micros(self.now))
        .bind(id.to_string())
        .bind(agency.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as("standing request"))?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        self.insert_event(id, state, comment, Some(actor)).await?;
        Ok(true)
    }

    async fn insert_event(
        &mut self,
        id: EnrollmentId,
        state: &str,
        comment: &str,
        actor: Option<AccountId>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO enrollment_events (enrollment_id, seq, state_code, comment, actor, at) \
             SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5 FROM enrollment_events \
             WHERE enrollment_id = $1",
        )
        .bind(id.to_string())
        .bind(state)
        .bind(comment)
        .bind(actor.map(|a| a.to_string()))
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

impl Store {
    pub async fn draft(&self, org: OrgId, agency: AgencyId) -> Result<Option<Draft>, StoreError> {
        sqlx::query("SELECT content FROM enrollment_drafts WHERE org_id = $1 AND agency_id = $2")
            .bind(org.to_string())
            .bind(agency.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| parsed(&r, "content", |s| serde_json::from_str(s)))
            .transpose()
    }

    /// The organization's drafts, the latest first.
    pub async fn drafts_of(&self, org: OrgId) -> Result<Vec<DraftSummary>, StoreError> {
        sqlx::query(
            "SELECT d.agency_id, g.name_fr, g.name_en, d.updated_at FROM enrollment_drafts d \
             JOIN agencies g ON g.id = d.agency_id WHERE d.org_id = $1 ORDER BY d.updated_at DESC",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(DraftSummary {
                agency_id: AgencyId(uuid(r, "agency_id")?),
                agency: agency_name(r)?,
                updated_at: from_micros(r.try_get("updated_at")?)?,
            })
        })
        .collect()
    }

    /// The organization's requests, the latest first.
    pub async fn enrollments_of_org(
        &self,
        org: OrgId,
    ) -> Result<Vec<EnrollmentRecord>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE e.org_id = $1 ORDER BY e.submitted_at DESC, e.id"
        )))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(enrollment)
        .collect()
    }

    /// A page of the requests an agency received, the latest first, in one state or all
    /// (an empty `state`), and how many there are in all.
    pub async fn agency_queue(
        &self,
        agency: AgencyId,
        state: &str,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<EnrollmentRecord>, i64), StoreError> {
        let filter = "e.agency_id = $1 AND ($2 = '' OR e.state_code = $2)";
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM enrollments e WHERE {filter}"
        )))
        .bind(agency.to_string())
        .bind(state)
        .fetch_one(&self.pool)
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE {filter} ORDER BY e.submitted_at DESC, e.id LIMIT $3 OFFSET $4"
        )))
        .bind(agency.to_string())
        .bind(state)
        .bind(i64::from(per_page))
        .bind(i64::from(page) * i64::from(per_page))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(enrollment)
        .collect::<Result<_, _>>()?;
        Ok((rows, total))
    }

    pub async fn enrollment(
        &self,
        id: EnrollmentId,
    ) -> Result<Option<EnrollmentRecord>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE e.id = $1")))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(enrollment)
            .transpose()
    }

    /// The states a request took, in order.
    pub async fn enrollment_events(
        &self,
        id: EnrollmentId,
    ) -> Result<Vec<EnrollmentEvent>, StoreError> {
        sqlx::query(concat!(
            "SELECT v.state_code, v.comment, ",
            account_name!(),
            " AS actor, v.at FROM enrollment_events v \
             LEFT JOIN accounts a ON a.id = v.actor LEFT JOIN people p ON p.id = a.person_id \
             WHERE v.enrollment_id = $1 ORDER BY v.seq"
        ))
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(EnrollmentEvent {
                state_code: r.try_get("state_code")?,
                comment: r.try_get("comment")?,
                actor: r.try_get("actor")?,
                at: from_micros(r.try_get("at")?)?,
            })
        })
        .collect()
    }
}

fn agency_name(r: &AnyRow) -> Result<Localized, StoreError> {
    Ok(Localized {
        fr: r.try_get("name_fr")?,
        en: r.try_get("name_en")?,
    })
}

fn enrollment(r: &AnyRow) -> Result<EnrollmentRecord, StoreError> {
    Ok(EnrollmentRecord {
        id: EnrollmentId(uuid(r, "id")?),
        org_id: OrgId(uuid(r, "org_id")?),
        agency_id: AgencyId(uuid(r, "agency_id")?),
        agency: agency_name(r)?,
        org_name: r.try_get("org_name")?,
        neq: r.try_get("neq")?,
        submitted_by: r.try_get("submitted_by")?,
        submitted_at: from_micros(r.try_get("submitted_at")?)?,
        content: parsed(r, "content", |s| serde_json::from_str(s))?,
        state_code: r.try_get("state_code")?,
        state_at: from_micros(r.try_get("state_at")?)?,
    })
}
