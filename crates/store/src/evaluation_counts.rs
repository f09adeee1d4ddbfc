//! The counts of access evaluations per client and day (issue 21), added to in batches.

use std::collections::HashMap;

use mandat_core::ids::ClientId;
use sqlx::Row;
use time::Date;

use crate::catalog::parsed;
use crate::{Store, StoreError, Tx, date_to_text};

/// Evaluations allowed and denied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub allowed: i64,
    pub denied: i64,
}

impl Tx {
    /// Adds `counts` to the client's counts of `day`.
    pub async fn add_evaluation_counts(
        &mut self,
        client: ClientId,
        day: Date,
        counts: Counts,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO evaluation_counts (client_id, day, allowed, denied) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (client_id, day) DO UPDATE SET \
             allowed = evaluation_counts.allowed + excluded.allowed, \
             denied = evaluation_counts.denied + excluded.denied",
        )
        .bind(client.to_string())
        .bind(date_to_text(day))
        .bind(counts.allowed)
        .bind(counts.denied)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

impl Store {
    /// Each client's evaluations from `since` on, both included.
    pub async fn evaluation_counts(
        &self,
        since: Date,
    ) -> Result<HashMap<ClientId, Counts>, StoreError> {
        let rows = sqlx::query(
            "SELECT client_id, CAST(SUM(allowed) AS BIGINT) AS allowed, \
             CAST(SUM(denied) AS BIGINT) AS denied \
             FROM evaluation_counts WHERE day >= $1 GROUP BY client_id",
        )
        .bind(date_to_text(since))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let client: ClientId = parsed(r, "client_id", str::parse)?;
                let counts = Counts {
                    allowed: r.try_get("allowed")?,
                    denied: r.try_get("denied")?,
                };
                Ok((client, counts))
            })
            .collect()
    }
}
