//! Reactivations asked of central (M16): filed by an officer in the organization's file,
//! queued for central with a due date in business days, closed by central's reactivation or
//! refusal. One request at most is open per code.

use mandat_core::ids::{AccountId, OrgId, PersonId, ReactivationId};
use mandat_core::validity::ReactivationKind;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};

use crate::catalog::uuid;
use crate::{Store, StoreError, Tx, date_from_text, date_to_text, from_micros, to_micros};

/// A request as filed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReactivation {
    pub account: AccountId,
    pub org: OrgId,
    pub person: PersonId,
    pub kind: ReactivationKind,
    pub requested_by: AccountId,
    pub reason: String,
    /// The expiry date asked for an expired code.
    pub requested_expiry: Option<Date>,
    pub due_on: Date,
}

/// An open request, as central's queue and the person's page show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenReactivation {
    pub id: ReactivationId,
    pub org: OrgId,
    pub organization: String,
    pub neq: String,
    pub person: PersonId,
    pub person_name: String,
    pub user_code: String,
    pub kind: ReactivationKind,
    pub requested_by: AccountId,
    pub requested_by_name: String,
    pub requested_at: OffsetDateTime,
    pub reason: String,
    pub requested_expiry: Option<Date>,
    pub due_on: Date,
}

/// How a request ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReactivationOutcome {
    Reactivated,
    Refused,
}

const SELECT_OPEN: &str = "SELECT r.id, r.org_id, o.name AS organization, o.neq, r.person_id, \
     p.first_name || ' ' || p.last_name AS person_name, a.user_code, r.kind, r.requested_by, \
     COALESCE(rp.first_name || ' ' || rp.last_name, ra.name, '') AS requested_by_name, \
     r.requested_at, r.reason, r.requested_expiry, r.due_on \
     FROM reactivation_requests r \
     JOIN organizations o ON o.id = r.org_id \
     JOIN people p ON p.id = r.person_id \
     JOIN accounts a ON a.id = r.account_id \
     JOIN accounts ra ON ra.id = r.requested_by \
     LEFT JOIN people rp ON rp.id = ra.person_id \
     WHERE r.closed_at IS NULL";

impl Tx {
    /// Files a request; `false` if one is already open for the code.
    pub async fn file_reactivation(&mut self, r: &NewReactivation) -> Result<bool, StoreError> {
        let open: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM reactivation_requests \
             WHERE account_id = $1 AND closed_at IS NULL",
        )
        .bind(r.account.to_string())
        .fetch_one(&mut *self.tx)
        .await?
        .try_get("n")?;
        if open > 0 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO reactivation_requests (id, account_id, org_id, person_id, kind, \
             requested_by, requested_at, reason, requested_expiry, due_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(ReactivationId::new().to_string())
        .bind(r.account.to_string())
        .bind(r.org.to_string())
        .bind(r.person.to_string())
        .bind(r.kind.code())
        .bind(r.requested_by.to_string())
        .bind(to_micros(self.now))
        .bind(&r.reason)
        .bind(r.requested_expiry.map(date_to_text))
        .bind(date_to_text(r.due_on))
        .execute(&mut *self.tx)
        .await?;
        Ok(true)
    }

    /// Closes the code's open request, if any; returns whether there was one.
    pub async fn close_reactivation(
        &mut self,
        account: AccountId,
        by: AccountId,
        outcome: ReactivationOutcome,
        note: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE reactivation_requests SET closed_at = $1, closed_by = $2, outcome = $3, \
             outcome_note = $4 WHERE account_id = $5 AND closed_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(by.to_string())
        .bind(match outcome {
            ReactivationOutcome::Reactivated => "reactivated",
            ReactivationOutcome::Refused => "refused",
        })
        .bind(note)
        .bind(account.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

impl Store {
    /// Every open request, the soonest due first: central's queue.
    pub async fn reactivation_queue(&self) -> Result<Vec<OpenReactivation>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT_OPEN} ORDER BY r.due_on, r.requested_at"
        )))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(open_reactivation)
        .collect()
    }

    /// The code's open request, if any.
    pub async fn open_reactivation(
        &self,
        account: AccountId,
    ) -> Result<Option<OpenReactivation>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT_OPEN} AND r.account_id = $1"
        )))
        .bind(account.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(open_reactivation)
        .transpose()
    }
}

fn open_reactivation(r: &AnyRow) -> Result<OpenReactivation, StoreError> {
    let kind: String = r.try_get("kind")?;
    let expiry: Option<String> = r.try_get("requested_expiry")?;
    Ok(OpenReactivation {
        id: ReactivationId(uuid(r, "id")?),
        org: OrgId(uuid(r, "org_id")?),
        organization: r.try_get("organization")?,
        neq: r.try_get("neq")?,
        person: PersonId(uuid(r, "person_id")?),
        person_name: r.try_get("person_name")?,
        user_code: r.try_get("user_code")?,
        kind: ReactivationKind::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("reactivation kind {kind}")))?,
        requested_by: AccountId(uuid(r, "requested_by")?),
        requested_by_name: r.try_get("requested_by_name")?,
        requested_at: from_micros(r.try_get("requested_at")?)?,
        reason: r.try_get("reason")?,
        requested_expiry: expiry.as_deref().map(date_from_text).transpose()?,
        due_on: date_from_text(&r.try_get::<String, _>("due_on")?)?,
    })
}
