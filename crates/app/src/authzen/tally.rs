//! What evaluations leave behind (issue 21): each denial, and one allowed evaluation in
//! `sample`, reaches the agency's journal (M12: the transactions that concern an agency can
//! be checked by it), and every evaluation counts for its client by day. On the request's
//! path they are only noted in memory (a lock and a count); `flush` writes them in one
//! transaction, which the server runs every few seconds and when it stops: an evaluation
//! itself writes nothing. The same question denied for the same reasons again before the
//! flush is one entry that says how many times: an agency's software that
//! asks again at each transaction leaves a line per question and flush, not thousands. A
//! process that dies loses at most the last few seconds of them; no decision depends on them.

use std::collections::HashMap;
use std::sync::Mutex;

use mandat_core::audit::{AuditAction, Note};
use mandat_core::ids::ClientId;
use mandat_core::quebec_time;
use mandat_store::{AuditEntry, ClientRecord, Counts};
use time::Date;
use tokio::sync::watch;

use super::Evaluation;
use super::kept::Question;
use crate::{App, Error};

/// One allowed evaluation in this many reaches the journal, unless configured otherwise.
pub const DEFAULT_SAMPLE: u32 = 100;

/// How often what was noted is written.
pub const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The most journal entries kept between two flushes: beyond, they are counted, not kept.
const MAX_KEPT: usize = 10_000;

/// A journal entry to write: a question answered the same way `times` times in a row.
struct Run {
    client: ClientRecord,
    question: Question,
    answer: Evaluation,
    times: u64,
}

/// The evaluations noted since the last flush.
#[derive(Default)]
struct Noted {
    counts: HashMap<(ClientId, Date), Counts>,
    /// The entries to write, in the order first seen.
    runs: Vec<Run>,
    /// Each client's denied questions, to the run that a same denial adds to.
    denied: HashMap<ClientId, HashMap<Question, usize>>,
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

impl Noted {
    /// Journals `answer` to `question`: a denial the same as the last one to the same
    /// question adds to it.
    fn journal(&mut self, client: &ClientRecord, question: &Question, answer: &Evaluation) {
        let index = self.denied.get(&client.id).and_then(|q| q.get(question));
        if let Some(run) = index.and_then(|i| self.runs.get_mut(*i))
            && !answer.decision
            && run.answer == *answer
        {
            run.times += 1;
            return;
        }
        if self.runs.len() >= MAX_KEPT {
            self.dropped += 1;
            return;
        }
        if !answer.decision {
            let questions = self.denied.entry(client.id).or_default();
            questions.insert(question.clone(), self.runs.len());
        }
        self.runs.push(Run {
            client: client.clone(),
            question: question.clone(),
            answer: answer.clone(),
            times: 1,
        });
    }
}

impl App {
    /// Notes an evaluation answered to `client`: its count, and its journal entry if it is a
    /// denial or an allowed one of the sample.
    pub(super) fn note(&self, client: &ClientRecord, question: &Question, answer: &Evaluation) {
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
        if journaled {
            noted.journal(client, question, answer);
        }
    }

    /// Writes what was noted since the last flush, in one transaction; how many evaluations.
    /// On failure, what was taken is lost: the next flush writes what came after.
    pub async fn flush_evaluations(&self) -> Result<i64, Error> {
        let taken = match self.tally.noted.lock() {
            // The sample counts on across flushes.
            Ok(mut noted) => Noted {
                counts: std::mem::take(&mut noted.counts),
                runs: std::mem::take(&mut noted.runs),
                denied: std::mem::take(&mut noted.denied),
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
        for run in &taken.runs {
            tx.audit(&entry(run)).await?;
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

/// The journal entry of a run of evaluations, in its agency's journal.
fn entry(run: &Run) -> AuditEntry {
    let Run {
        client,
        question: q,
        answer,
        times,
    } = run;
    let reasons: Vec<&str> = answer.reasons.iter().map(|r| r.code()).collect();
    let note = if *times > 1 {
        Note::EvaluatedAgain
    } else {
        Note::Evaluated
    };
    let detail = note
        .with("client", &client.spec.name)
        .with("client_id", client.id)
        .with("subject", &q.subject)
        .with("org", &q.organization)
        .with("task", &q.task)
        .with("service", &q.service)
        .with("reasons", reasons.join(", "));
    let detail = if *times > 1 {
        detail.with("times", times)
    } else {
        detail
    };
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
