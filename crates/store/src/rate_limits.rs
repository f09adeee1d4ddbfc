//! Counting failures per client address in the database, in one-minute windows.

use sqlx::Row;
use time::{Duration, OffsetDateTime};

use crate::{Store, StoreError, Tx, to_micros};

const WINDOW: i64 = 60_000_000;

fn window_of(t: OffsetDateTime) -> i64 {
    to_micros(t).div_euclid(WINDOW) * WINDOW
}

impl Tx {
    /// Counts one failure for `key` in the current window.
    pub async fn count_failure(&mut self, key: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) \
             ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1",
        )
        .bind(key)
        .bind(window_of(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

impl Store {
    /// The failures counted for `key` over the last `span`.
    pub async fn failures(&self, key: &str, span: Duration) -> Result<i64, StoreError> {
        let since = window_of(self.now() - span);
        let row = sqlx::query("SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS total FROM rate_limits WHERE key = $1 AND window_start > $2")
            .bind(key)
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("total")?)
    }

    /// Forgets windows older than `before`.
    pub async fn purge_rate_limits(&self, before: OffsetDateTime) -> Result<u64, StoreError> {
        Ok(
            sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
                .bind(window_of(before))
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }
}
