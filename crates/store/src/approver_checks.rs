//! Who approved a 2490 request, as central can vouch for it (issue 19, item 2): whether the
//! approver's address is that of a manager or an officer on file, and central's recorded
//! check when it is not.

use mandat_core::ids::{AccountId, OrgId, RequestId};
use sqlx::Row;
use time::OffsetDateTime;

use crate::{Store, StoreError, Tx, from_micros, to_micros};

/// Central's check of an approver: when, and how, as the agent wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApproverCheck {
    pub checked_by: AccountId,
    pub checked_at: OffsetDateTime,
    pub how: String,
}

impl Tx {
    /// Records central's check of request `request`'s approver; `false` if one was already.
    pub async fn record_approver_check(
        &mut self,
        request: RequestId,
        by: AccountId,
        how: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO request_approver_checks (request_id, checked_by, checked_at, how) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (request_id) DO NOTHING",
        )
        .bind(request.to_string())
        .bind(by.to_string())
        .bind(to_micros(self.now))
        .bind(how)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

impl Store {
    /// Central's check of request `request`'s approver, if it recorded one.
    pub async fn approver_check(
        &self,
        request: RequestId,
    ) -> Result<Option<ApproverCheck>, StoreError> {
        let row = sqlx::query(
            "SELECT checked_by, checked_at, how FROM request_approver_checks WHERE request_id = $1",
        )
        .bind(request.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(ApproverCheck {
                checked_by: AccountId(crate::catalog::uuid(&r, "checked_by")?),
                checked_at: from_micros(r.try_get("checked_at")?)?,
                how: r.try_get("how")?,
            })
        })
        .transpose()
    }

    /// The name of the person of `org` on file with the address `email` who may approve for
    /// it (M5): one with the manager role, or an officer whose code is active.
    pub async fn approver_on_file(
        &self,
        org: OrgId,
        email: &str,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT p.first_name || ' ' || p.last_name AS name FROM people p \
             WHERE p.org_id = $1 AND lower(p.email) = lower($2) AND ( \
               EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = p.id AND r.role = 'manager') \
               OR EXISTS (SELECT 1 FROM person_profiles pp JOIN accounts a ON a.person_id = pp.person_id \
                 WHERE pp.person_id = p.id AND pp.org_id = $1 AND a.active = TRUE \
                 AND pp.profile IN ('principal-officer', 'auxiliary-officer'))) \
             ORDER BY p.last_name, p.first_name LIMIT 1",
        )
        .bind(org.to_string())
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| r.try_get("name"))
            .transpose()
            .map_err(Into::into)
    }
}
