//! What evaluations leave behind (issue 21): each denial, and one allowed evaluation in
//! `sample`, reaches the agency's journal, and every evaluation counts for its client by
//! day. On the request's path they are only noted in memory (a lock and a push); `flush`
//! writes them in one transaction, which the server runs every few seconds and when it
//! stops: an evaluation itself writes nothing. A process that dies loses at most the last
//! few seconds of them; no decision depends on them.

use std::collections::HashMap;
use std::sync::Mutex;

use mandat_core::audit::{AuditAction, Note};
use mandat_core::ids::ClientId;
use mandat_core::quebec_time;
use mandat_store::{AuditEntry, ClientRecord, Counts};
use time::Date;
use tokio::sync::watch;

use super::{Ask, Evaluation};
use crate::{App, Error};

/// One allowed evaluation in this many reaches the journal, unless configured otherwise.
pub const DEFAULT_SAMPLE: u32 = 100;

/// How often what was noted is written.
pub const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The most journal entries kept between two flushes: beyond, they are counted, not kept.
const MAX_KEPT: usize = 10_000;

/// The evaluations noted since the last flush.
#[derive(Default)]
struct Noted {
    counts: HashMap<(ClientId, Date), Counts>,
    entries: Vec<AuditEntry>,
    allowed_seen: u64,
    dropped: u64,
}

/// The tally of evaluations, shared by every clone of the application layer.
pub struct Tally {
    noted: Mutex<Noted>,
    /// One allowed evaluation in `sample` is journaled; none when 0.
    sample: u32,
}

impl Tally {
    pub fn new(sample: u32) -> Self {
        Tally {
            noted: Mutex::default(),
            sample,
        }
    }
}

impl App {
    /// Notes an evaluation answered to `client`: its count, and its journal entry if it is a
    /// denial or an allowed one of the sample.
    pub(super) fn note(&self, client: &ClientRecord, ask: &Ask<'_>, answer: &Evaluation) {
        let day = quebec_time::date_at(self.store.now());
        let Ok(mut noted) = self.tally.noted.lock() else {
            return;
        };
        let counts = noted.counts.entry((client.id, day)).or_default();
        if answer.decision {
            counts.allowed += 1;
            noted.allowed_seen += 1;
        } else {
            counts.denied += 1;
        }
        let sample = u64::from(self.tally.sample);
        let journaled =
            !answer.decision || (sample > 0 && noted.allowed_seen % sample == 1 % sample);
        if !journaled {
            return;
        }
        if noted.entries.len() >= MAX_KEPT {
            noted.dropped += 1;
            return;
        }
        noted.entries.push(entry(client, ask, answer));
    }

    /// Writes what was noted since the last flush, in one transaction; how many evaluations.
    /// On failure, what was taken is lost: the next flush writes what came after.
    pub async fn flush_evaluations(&self) -> Result<i64, Error> {
        let taken = match self.tally.noted.lock() {
            // The sample counts on across flushes.
            Ok(mut noted) => Noted {
                counts: std::mem::take(&mut noted.counts),
                entries: std::mem::take(&mut noted.entries),
                dropped: std::mem::take(&mut noted.dropped),
                allowed_seen: noted.allowed_seen,
            },
            Err(_) => return Ok(0),
        };
        if taken.counts.is_empty() {
            return Ok(0);
        }
        if taken.dropped > 0 {
            tracing::warn!(
                dropped = taken.dropped,
                "evaluations not journaled: too many at once"
            );
        }
        let mut tx = self.store.begin().await?;
        // Counts and journal entries: nothing an evaluation reads.
        tx.quiet();
        let mut total = 0;
        for ((client, day), counts) in &taken.counts {
            tx.add_evaluation_counts(*client, *day, *counts).await?;
            total += counts.allowed + counts.denied;
        }
        for e in &taken.entries {
            tx.audit(e).await?;
        }
        tx.commit().await?;
        Ok(total)
    }
}

impl App {
    /// Flushes every [`FLUSH_EVERY`] until `stop` turns true, then once more: the server's
    /// task beside its requests.
    pub async fn keep_flushing(self, mut stop: watch::Receiver<bool>) {
        loop {
            let stopping = tokio::select! {
                _ = tokio::time::sleep(FLUSH_EVERY) => false,
                _ = stop.changed() => true,
            };
            if let Err(e) = self.flush_evaluations().await {
                tracing::error!(error = %e, "evaluations could not be journaled");
            }
            if stopping || *stop.borrow() {
                return;
            }
        }
    }
}

/// The journal entry of an evaluation, in its agency's journal.
fn entry(client: &ClientRecord, ask: &Ask<'_>, answer: &Evaluation) -> AuditEntry {
    let reasons: Vec<&str> = answer.reasons.iter().map(|r| r.code()).collect();
    let detail = Note::Evaluated
        .with("client", &client.spec.name)
        .with("client_id", client.id)
        .with("subject", ask.subject)
        .with("org", ask.organization)
        .with("task", ask.task)
        .with("service", ask.service)
        .with("reasons", reasons.join(", "));
    let action = if answer.decision {
        AuditAction::EvaluationAllowed
    } else {
        AuditAction::EvaluationDenied
    };
    AuditEntry {
        person: None,
        actor: None,
        org: None,
        action,
        detail,
        client_address: None,
        agency: Some(client.agency_id),
    }
}
