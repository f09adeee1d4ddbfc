//! The officers' API tokens (issue 21), kept as their digests.

use mandat_core::api_token::{ApiScope, TokenSpec};
use mandat_core::ids::{AccountId, OrgId};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};

use crate::catalog::{parsed, uuid};
use crate::{Store, StoreError, Tx, date_from_text, date_to_text, from_micros, to_micros};

/// A token as kept: never the token itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: uuid::Uuid,
    pub org: OrgId,
    /// The officer it acts as.
    pub created_by: AccountId,
    pub name: String,
    pub scope: ApiScope,
    pub created_at: OffsetDateTime,
    /// Its last day, included.
    pub expires_on: Date,
    pub revoked_at: Option<OffsetDateTime>,
    pub last_used_at: Option<OffsetDateTime>,
}

const SELECT: &str = "SELECT id, org_id, created_by, name, scope, created_at, expires_on, \
     revoked_at, last_used_at FROM api_tokens";

impl Tx {
    pub async fn insert_api_token(
        &mut self,
        id: uuid::Uuid,
        (org, by): (OrgId, AccountId),
        spec: &TokenSpec,
        digest: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens (id, org_id, created_by, name, scope, digest, created_at, \
             expires_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(by.to_string())
        .bind(&spec.name)
        .bind(spec.scope.code())
        .bind(digest)
        .bind(to_micros(self.now))
        .bind(date_to_text(spec.expires_on))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Revokes one of the organization's tokens at once; `false` if it has no such token in
    /// force.
    pub async fn revoke_api_token(
        &mut self,
        org: OrgId,
        id: uuid::Uuid,
        by: AccountId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1, revoked_by = $2 WHERE id = $3 \
             AND org_id = $4 AND revoked_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(by.to_string())
        .bind(id.to_string())
        .bind(org.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records that the token was just used.
    pub async fn touch_api_token(&mut self, id: uuid::Uuid) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(to_micros(self.now))
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}

impl Store {
    /// The organization's tokens, the latest first.
    pub async fn api_tokens_of(&self, org: OrgId) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let sql = format!("{SELECT} WHERE org_id = $1 ORDER BY created_at DESC, id");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(record)
            .collect()
    }

    /// The organization's token `id`, whatever its state.
    pub async fn api_token(
        &self,
        org: OrgId,
        id: uuid::Uuid,
    ) -> Result<Option<ApiTokenRecord>, StoreError> {
        let sql = format!("{SELECT} WHERE id = $1 AND org_id = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .bind(org.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(record)
            .transpose()
    }

    /// The token whose digest is `digest`, whatever its state.
    pub async fn api_token_by_digest(
        &self,
        digest: &str,
    ) -> Result<Option<ApiTokenRecord>, StoreError> {
        let sql = format!("{SELECT} WHERE digest = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(digest)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(record)
            .transpose()
    }
}

fn record(r: &AnyRow) -> Result<ApiTokenRecord, StoreError> {
    let instant = |column: &str| -> Result<Option<OffsetDateTime>, StoreError> {
        r.try_get::<Option<i64>, _>(column)?
            .map(from_micros)
            .transpose()
    };
    Ok(ApiTokenRecord {
        id: uuid(r, "id")?,
        org: OrgId::from(uuid(r, "org_id")?),
        created_by: AccountId::from(uuid(r, "created_by")?),
        name: r.try_get("name")?,
        scope: parsed(r, "scope", |s| ApiScope::from_code(s).ok_or(()))?,
        created_at: from_micros(r.try_get("created_at")?)?,
        expires_on: parsed(r, "expires_on", date_from_text)?,
        revoked_at: instant("revoked_at")?,
        last_used_at: instant("last_used_at")?,
    })
}
