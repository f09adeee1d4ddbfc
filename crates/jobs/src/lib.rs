//! The worker: takes due jobs from the queue in the database and runs them, retrying a
//! failed job with exponential backoff until it succeeds or runs out of attempts.
//!
//! Handlers must be idempotent: a job whose worker died mid-way runs again once its lease
//! runs out. Several workers, on several hosts, may share one PostgreSQL queue.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use mandat_store::{Job, Store, StoreError};
use time::Duration;
use tokio::sync::watch;

/// What a handler returns: `Err` with a message to record and retry.
pub type Outcome = Result<(), String>;

type Handler = Arc<dyn Fn(Job) -> Pin<Box<dyn Future<Output = Outcome> + Send>> + Send + Sync>;

/// The retry policy: attempt n waits `base × 2^(n-1)`, capped, until `max_attempts`.
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
    pub max_attempts: i32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::seconds(10),
            cap: Duration::hours(1),
            max_attempts: 10,
        }
    }
}

impl Backoff {
    /// How long to wait after failed attempt `attempts`, or `None` to give up.
    pub fn delay(&self, attempts: i32) -> Option<Duration> {
        if attempts >= self.max_attempts {
            return None;
        }
        let factor = 2i32.saturating_pow(u32::try_from(attempts.max(1) - 1).unwrap_or(0));
        Some((self.base * factor).min(self.cap))
    }
}

/// Runs jobs of the kinds it has handlers for.
#[derive(Clone)]
pub struct Worker {
    store: Store,
    handlers: HashMap<&'static str, Handler>,
    backoff: Backoff,
    lease: Duration,
    idle: std::time::Duration,
}

impl Worker {
    pub fn new(store: Store) -> Self {
        Worker {
            store,
            handlers: HashMap::new(),
            backoff: Backoff::default(),
            lease: Duration::minutes(5),
            idle: std::time::Duration::from_secs(1),
        }
    }

    /// Registers the handler of one kind of job.
    pub fn handle<F, Fut>(mut self, kind: &'static str, handler: F) -> Self
    where
        F: Fn(Job) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Outcome> + Send + 'static,
    {
        self.handlers
            .insert(kind, Arc::new(move |job| Box::pin(handler(job))));
        self
    }

    /// The retry policy in force.
    pub fn backoff(&self) -> Backoff {
        self.backoff
    }

    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// How long to sleep when no job is due.
    pub fn with_idle(mut self, idle: std::time::Duration) -> Self {
        self.idle = idle;
        self
    }

    /// Claims and runs one due job; `false` when none was due.
    pub async fn run_once(&self) -> Result<bool, StoreError> {
        let Some(job) = self.store.claim_job(self.lease).await? else {
            return Ok(false);
        };
        let (id, attempts, kind) = (job.id, job.attempts, job.kind.clone());
        let outcome = match self.handlers.get(kind.as_str()) {
            Some(handler) => handler(job).await,
            None => Err(format!("no handler for jobs of kind {kind:?}")),
        };
        match outcome {
            Ok(()) => self.store.finish_job(id).await?,
            Err(error) => {
                let retry_at = self.backoff.delay(attempts).map(|d| self.store.now() + d);
                tracing::warn!(job = %id, kind, attempts, error, retrying = retry_at.is_some(), "job failed");
                self.store.fail_job(id, &error, retry_at).await?;
            }
        }
        Ok(true)
    }

    /// Runs jobs until `stop` turns true, finishing the job at hand first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(kinds = ?self.handlers.keys().collect::<Vec<_>>(), "worker started");
        while !*stop.borrow() {
            let ran = match self.run_once().await {
                Ok(ran) => ran,
                Err(e) => {
                    tracing::error!(error = %e, "worker could not reach the queue");
                    false
                }
            };
            if !ran {
                tokio::select! {
                    _ = tokio::time::sleep(self.idle) => {}
                    _ = stop.changed() => {}
                }
            }
        }
        tracing::info!("worker stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_then_gives_up() {
        let b = Backoff {
            base: Duration::seconds(10),
            cap: Duration::seconds(60),
            max_attempts: 5,
        };
        let delays: Vec<Option<Duration>> = (1..=5).map(|n| b.delay(n)).collect();
        assert_eq!(
            delays,
            vec![
                Some(Duration::seconds(10)),
                Some(Duration::seconds(20)),
                Some(Duration::seconds(40)),
                Some(Duration::seconds(60)),
                None
            ]
        );
    }
}
