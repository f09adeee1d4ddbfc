//! What the daily expiry job (M18) reads and writes: the codes about to expire, the notices
//! already sent, and the codes whose date has come. Every write is conditional, so that a
//! run repeated, or shared by several workers, changes each code once.

use mandat_core::account::InactiveCause;
use mandat_core::ids::AccountId;
use sqlx::Row;
use time::{Date, OffsetDateTime};

use crate::rows::{PER_STATEMENT, list, values};
use crate::{Account, Store, StoreError, Tx, date_to_text, to_micros};

impl Tx {
    /// Enqueues a job unless one with `key` exists already; `true` if this one was added.
    pub async fn enqueue_once(
        &mut self,
        kind: &str,
        key: &str,
        payload: &str,
        run_at: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO jobs (id, kind, payload, state, run_at, created_at, unique_key) \
             VALUES ($1, $2, $3, 'pending', $4, $5, $6) ON CONFLICT (unique_key) DO NOTHING",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(kind)
        .bind(payload)
        .bind(to_micros(run_at))
        .bind(to_micros(self.now))
        .bind(key)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records the notices `(code, its expiry date, days before)` not sent before, and
    /// returns the codes whose notice this transaction recorded.
    pub async fn record_expiry_notices(
        &mut self,
        notices: &[(AccountId, Date, i64)],
    ) -> Result<Vec<AccountId>, StoreError> {
        let mut recorded = Vec::new();
        for chunk in notices.chunks(PER_STATEMENT) {
            let sql = format!(
                "INSERT INTO expiry_notices (account_id, expires_on, days, sent_at) VALUES {} \
                 ON CONFLICT (account_id, expires_on, days) DO NOTHING RETURNING account_id",
                values(chunk.len(), 4)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (account, on, days) in chunk {
                q = q
                    .bind(account.to_string())
                    .bind(date_to_text(*on))
                    .bind(*days)
                    .bind(to_micros(self.now));
            }
            recorded.extend(ids(q.fetch_all(&mut *self.tx).await?, "account_id")?);
        }
        Ok(recorded)
    }

    /// Deactivates the codes among `codes` whose expiry date has come, if they are still
    /// active, ends their sessions, and returns those this transaction deactivated.
    pub async fn expire_accounts(
        &mut self,
        codes: &[AccountId],
        today: Date,
    ) -> Result<Vec<AccountId>, StoreError> {
        let mut expired = Vec::new();
        for chunk in codes.chunks(PER_STATEMENT) {
            let sql = format!(
                "UPDATE accounts SET active = FALSE, inactive_cause = 'expired', \
                 inactive_since = $1, inactive_reason = NULL \
                 WHERE active = TRUE AND expires_on <= $2 AND id IN ({}) RETURNING id",
                list(3, chunk.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(to_micros(self.now))
                .bind(date_to_text(today));
            for id in chunk {
                q = q.bind(id.to_string());
            }
            let done = ids(q.fetch_all(&mut *self.tx).await?, "id")?;
            if !done.is_empty() {
                let sql = format!(
                    "DELETE FROM sessions WHERE account_id IN ({})",
                    list(1, done.len())
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for id in &done {
                    q = q.bind(id.to_string());
                }
                q.execute(&mut *self.tx).await?;
            }
            for id in &done {
                self.raise_deactivation(*id, InactiveCause::Expired).await?;
            }
            expired.extend(done);
        }
        Ok(expired)
    }
}

fn ids(rows: Vec<sqlx::any::AnyRow>, column: &str) -> Result<Vec<AccountId>, StoreError> {
    rows.iter()
        .map(|r| crate::catalog::parsed(r, column, str::parse))
        .collect()
}

impl Store {
    /// Active members' codes expiring from `from` to `to`, both included, grouped by
    /// organization: read once, so that a run's cost grows with the codes it handles.
    pub async fn codes_expiring(&self, from: Date, to: Date) -> Result<Vec<Account>, StoreError> {
        self.codes_between(date_to_text(from), to).await
    }

    /// Active members' codes whose expiry date is `today` or before, grouped by organization.
    pub async fn codes_expired(&self, today: Date) -> Result<Vec<Account>, StoreError> {
        // From the beginning of dates: every code whose day has come.
        self.codes_between("0000-01-01".into(), today).await
    }

    async fn codes_between(&self, from: String, to: Date) -> Result<Vec<Account>, StoreError> {
        sqlx::query(concat!(
            crate::accounts::select_accounts!(),
            " WHERE a.kind = 'member' AND a.active = TRUE AND a.expires_on >= $1 \
              AND a.expires_on <= $2 ORDER BY a.org_id, a.expires_on, a.id"
        ))
        .bind(from)
        .bind(date_to_text(to))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(crate::accounts::account)
        .collect()
    }

    /// The baseline of the expiry benchmark: the bare SQL that deactivates every expired code,
    /// in a transaction rolled back. Returns how many codes it touched.
    pub async fn bench_bare_expiry(&self, today: Date) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE accounts SET active = FALSE, inactive_cause = 'expired', inactive_since = $1 \
             WHERE kind = 'member' AND active = TRUE AND expires_on <= $2",
        )
        .bind(to_micros(tx.now))
        .bind(date_to_text(today))
        .execute(&mut *tx.tx)
        .await?;
        Ok(done.rows_affected())
    }

    /// How many expiry notices were recorded: for tests and operators.
    pub async fn expiry_notice_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM expiry_notices")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }
}
