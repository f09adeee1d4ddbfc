//! The durable job queue: a job is a row, enqueued in the same transaction as the change
//! that calls for it, claimed by one worker at a time under a lease, retried until done.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Duration, OffsetDateTime};

use crate::catalog::uuid;
use crate::rows::{PER_STATEMENT, values};
use crate::{Store, StoreError, Tx, to_micros};

/// A job claimed by a worker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub id: uuid::Uuid,
    pub kind: String,
    /// JSON, as the enqueuer wrote it.
    pub payload: String,
    /// Attempts so far, this one included.
    pub attempts: i32,
}

/// Where a job stands, for operators and tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobState {
    pub state: String,
    pub attempts: i32,
    pub run_at: OffsetDateTime,
    pub last_error: Option<String>,
}

impl Tx {
    /// Enqueues a job to run at `run_at` or after, if this transaction commits.
    pub async fn enqueue(
        &mut self,
        kind: &str,
        payload: &str,
        run_at: OffsetDateTime,
    ) -> Result<uuid::Uuid, StoreError> {
        let mut ids = self.enqueue_all(kind, &[payload], run_at).await?;
        ids.pop()
            .ok_or_else(|| StoreError::Corrupt("no job was written".into()))
    }

    /// Enqueues one job of `kind` per payload, a hundred rows per statement.
    pub async fn enqueue_all(
        &mut self,
        kind: &str,
        payloads: &[impl AsRef<str>],
        run_at: OffsetDateTime,
    ) -> Result<Vec<uuid::Uuid>, StoreError> {
        let mut ids = Vec::with_capacity(payloads.len());
        for chunk in payloads.chunks(PER_STATEMENT) {
            let sql = format!(
                "INSERT INTO jobs (id, kind, payload, state, run_at, created_at) VALUES {}",
                values(chunk.len(), 6)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for payload in chunk {
                let id = uuid::Uuid::now_v7();
                ids.push(id);
                q = q
                    .bind(id.to_string())
                    .bind(kind.to_string())
                    .bind(payload.as_ref().to_string())
                    .bind("pending")
                    .bind(to_micros(run_at))
                    .bind(to_micros(self.now));
            }
            q.execute(&mut *self.tx).await?;
        }
        Ok(ids)
    }
}

impl Store {
    /// Claims the job due first, for `lease`: no other worker takes it until the lease runs
    /// out, which it does only if this worker died before finishing it.
    pub async fn claim_job(&self, lease: Duration) -> Result<Option<Job>, StoreError> {
        let mut tx = self.begin().await?;
        tx.quiet();
        let now = to_micros(tx.now);
        let sql = format!(
            "SELECT id, kind, payload, attempts FROM jobs \
             WHERE (state = 'pending' AND run_at <= $1) OR (state = 'running' AND locked_until < $1) \
             ORDER BY run_at, id LIMIT 1{}",
            tx.backend.skip_locked()
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .fetch_optional(&mut *tx.tx)
            .await?
        else {
            return Ok(None);
        };
        let mut job = job(&row)?;
        job.attempts += 1;
        sqlx::query(
            "UPDATE jobs SET state = 'running', attempts = $1, locked_until = $2 WHERE id = $3",
        )
        .bind(job.attempts)
        .bind(to_micros(tx.now + lease))
        .bind(job.id.to_string())
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await?;
        Ok(Some(job))
    }

    /// Records a job as done.
    pub async fn finish_job(&self, id: uuid::Uuid) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.quiet();
        sqlx::query(
            "UPDATE jobs SET state = 'done', locked_until = NULL, finished_at = $1 WHERE id = $2",
        )
        .bind(to_micros(tx.now))
        .bind(id.to_string())
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await
    }

    /// Records a failed attempt: the job runs again at `retry_at`, or never if `None`.
    pub async fn fail_job(
        &self,
        id: uuid::Uuid,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.quiet();
        let (state, run_at, finished) = match retry_at {
            Some(at) => ("pending", Some(to_micros(at)), None),
            None => ("dead", None, Some(to_micros(tx.now))),
        };
        sqlx::query(
            "UPDATE jobs SET state = $1, run_at = COALESCE($2, run_at), locked_until = NULL, \
             last_error = $3, finished_at = $4 WHERE id = $5",
        )
        .bind(state)
        .bind(run_at)
        .bind(error)
        .bind(finished)
        .bind(id.to_string())
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await
    }

    pub async fn job_state(&self, id: uuid::Uuid) -> Result<Option<JobState>, StoreError> {
        sqlx::query("SELECT state, attempts, run_at, last_error FROM jobs WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| {
                Ok(JobState {
                    state: r.try_get("state")?,
                    attempts: r.try_get("attempts")?,
                    run_at: crate::from_micros(r.try_get("run_at")?)?,
                    last_error: r.try_get("last_error")?,
                })
            })
            .transpose()
    }
}

fn job(r: &AnyRow) -> Result<Job, StoreError> {
    Ok(Job {
        id: uuid(r, "id")?,
        kind: r.try_get("kind")?,
        payload: r.try_get("payload")?,
        attempts: r.try_get("attempts")?,
    })
}
