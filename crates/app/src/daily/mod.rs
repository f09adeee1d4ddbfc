//! The daily job, run by the worker at the start of each day in Quebec: codes' expiry and
//! its notices (M18, M15, `expiry`), the end of an organization's contracts (M20,
//! `contracts_end`), the notices before a procuration ends (`procurations_end`), and the
//! revocation events of the procurations and contracts whose last day has passed. The
//! mail crate keeps the messages and their delivery; who is told, and what changes, is here.
//!
//! It is idempotent and safe on several workers at once: each step is recorded before its
//! emails are queued, under a key that admits it once. It works from dates, not from the
//! last run, so a missed day catches up.

mod contracts_end;
mod expiry;
mod procurations_end;

use mandat_core::quebec_time;
use mandat_store::Store;
use time::{Date, Duration};

use crate::{App, Error};

pub use contracts_end::Report as ContractsReport;

/// The kind of the daily job in the queue.
pub const EXPIRY_JOB: &str = "expiry";
/// Notices before a code expires, in days (M18: « two to three weeks before »).
pub const NOTICE_DAYS: [i64; 2] = [21, 14];
/// How many days before a held procuration's end its officers are told.
pub const PROCURATION_NOTICE_DAYS: [i64; 2] = [30, 7];
/// Codes handled per transaction.
const BATCH: usize = 500;

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub notices: usize,
    pub expired: usize,
    /// M20's steps for organizations whose last contract ended.
    pub contracts: ContractsReport,
    /// Procurations whose officers were told they end soon.
    pub procurations: usize,
    /// Procurations and contracts ended, told to the agencies (issue 21).
    pub endings: usize,
}

/// Enqueues the run of `day`, at the start of that day in Quebec, unless it is queued or
/// done: the worker calls it at start-up for today, and each run for the next day.
pub async fn schedule(store: &Store, day: Date) -> Result<bool, Error> {
    let mut tx = store.begin().await?;
    let key = format!("{EXPIRY_JOB}:{day}");
    let added = tx
        .enqueue_once(EXPIRY_JOB, &key, "{}", quebec_time::start_of(day))
        .await?;
    tx.commit().await?;
    Ok(added)
}

impl App {
    /// One run, for the Quebec date of the store's clock; then tomorrow's is scheduled.
    pub async fn run_daily(&self) -> Result<Report, Error> {
        let (store, today) = (&self.store, self.today());
        // A day's changes, and once a day is what SQLite advises: the statistics are
        // refreshed first, so that this run's statements pick the right indexes.
        store.optimize().await?;
        let expired = expiry::expire(store, today).await?;
        let notices = expiry::notify(store, today).await?;
        let contracts = contracts_end::run(store, today).await?;
        let procurations = procurations_end::run(self, today).await?;
        let mut tx = store.begin().await?;
        let endings = tx.tell_endings(today).await?;
        tx.commit().await?;
        schedule(store, today + Duration::days(1)).await?;
        Ok(Report {
            notices,
            expired,
            contracts,
            procurations,
            endings,
        })
    }
}
