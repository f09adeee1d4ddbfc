//! The outbox: emails queued with the change that causes them, and their delivery record.

use mandat_core::Field;
use mandat_core::contact::Email;
use mandat_core::mail::OutgoingMail;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::catalog::{parsed, uuid};
use crate::rows::{PER_STATEMENT, values};
use crate::{Store, StoreError, Tx, from_micros, to_micros};

/// The job kind that delivers an outbox row; its payload is the row's id.
pub const MAIL_JOB: &str = "mail";

/// Where a delivery attempt may start from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The row is now 'sending': send it, then record the outcome.
    Send(OutgoingMail),
    /// Already sent, failed for good, or under an operator's eye: nothing to do.
    Settled,
    /// A previous attempt died mid-way; the row is now 'uncertain' and is not re-sent.
    Interrupted,
}

/// An outbox row, for operators and tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: uuid::Uuid,
    pub mail: OutgoingMail,
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: time::OffsetDateTime,
}

impl Tx {
    /// Queues an email, delivered once this transaction commits.
    pub async fn queue_mail(&mut self, mail: &OutgoingMail) -> Result<uuid::Uuid, StoreError> {
        let mut ids = self.queue_mails(std::slice::from_ref(mail)).await?;
        ids.pop()
            .ok_or_else(|| StoreError::Corrupt("no outbox row was written".into()))
    }

    /// Queues many emails, a hundred rows per statement, each with its delivery job.
    pub async fn queue_mails(
        &mut self,
        mails: &[OutgoingMail],
    ) -> Result<Vec<uuid::Uuid>, StoreError> {
        let ids: Vec<uuid::Uuid> = mails.iter().map(|_| uuid::Uuid::now_v7()).collect();
        for (chunk, chunk_ids) in mails.chunks(PER_STATEMENT).zip(ids.chunks(PER_STATEMENT)) {
            let sql = format!(
                "INSERT INTO outbox (id, recipient, subject, body, kept_body, template, state, created_at) \
                 VALUES {}",
                values(chunk.len(), 8)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (mail, id) in chunk.iter().zip(chunk_ids) {
                q = q
                    .bind(id.to_string())
                    .bind(mail.to.as_str())
                    .bind(&mail.subject)
                    .bind(&mail.body)
                    .bind(&mail.kept)
                    .bind(&mail.template)
                    .bind("pending")
                    .bind(to_micros(self.now));
            }
            q.execute(&mut *self.tx).await?;
        }
        let payloads: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let now = self.now;
        self.enqueue_all(MAIL_JOB, &payloads, now).await?;
        Ok(ids)
    }
}

impl Store {
    /// Marks the row 'sending' if it is 'pending', in a transaction of its own, so that the
    /// mark survives a crash during the attempt. A row found 'sending' becomes 'uncertain'.
    pub async fn start_delivery(&self, id: uuid::Uuid) -> Result<Delivery, StoreError> {
        let mut tx = self.begin().await?;
        tx.quiet();
        let Some(row) = sqlx::query(
            "SELECT id, recipient, subject, body, kept_body, template, state, attempts, last_error, \
             created_at FROM outbox WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *tx.tx)
        .await?
        else {
            return Err(StoreError::Corrupt(format!("no outbox row {id}")));
        };
        let entry = entry(&row)?;
        let (next, outcome) = match entry.state.as_str() {
            "pending" => ("sending", Delivery::Send(entry.mail)),
            "sending" => ("uncertain", Delivery::Interrupted),
            _ => return Ok(Delivery::Settled),
        };
        // An attempt left uncertain is never sent again: its secrets go at once.
        sqlx::query(
            "UPDATE outbox SET state = $1, attempts = attempts + $2, \
             body = CASE WHEN $1 = 'uncertain' THEN kept_body ELSE body END WHERE id = $3",
        )
        .bind(next)
        .bind(i32::from(next == "sending"))
        .bind(id.to_string())
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// Records the end of an attempt: sent, to be tried again, or failed for good.
    pub async fn end_delivery(
        &self,
        id: uuid::Uuid,
        outcome: DeliveryOutcome<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.quiet();
        let (state, error, sent_at) = match outcome {
            DeliveryOutcome::Sent => ("sent", None, Some(to_micros(tx.now))),
            DeliveryOutcome::Retry(e) => ("pending", Some(e), None),
            DeliveryOutcome::Failed(e) => ("failed", Some(e), None),
        };
        // Sent or given up, the body keeps no secret; one to retry keeps what it must send.
        sqlx::query(
            "UPDATE outbox SET state = $1, last_error = COALESCE($2, last_error), sent_at = $3, \
             body = CASE WHEN $1 = 'pending' THEN body ELSE kept_body END WHERE id = $4",
        )
        .bind(state)
        .bind(error)
        .bind(sent_at)
        .bind(id.to_string())
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await
    }

    /// The emails sent or queued for `to`, oldest first.
    pub async fn outbox_for(&self, to: &Email) -> Result<Vec<OutboxEntry>, StoreError> {
        sqlx::query(
            "SELECT id, recipient, subject, body, kept_body, template, state, attempts, last_error, \
             created_at FROM outbox WHERE recipient = $1 ORDER BY created_at, id",
        )
        .bind(to.as_str())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(entry)
        .collect()
    }
}

/// How a delivery attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryOutcome<'a> {
    Sent,
    /// Not delivered, for a reason that may pass (the server is down, busy).
    Retry(&'a str),
    /// Not delivered, and never will be (the address is refused).
    Failed(&'a str),
}

fn entry(r: &AnyRow) -> Result<OutboxEntry, StoreError> {
    Ok(OutboxEntry {
        id: uuid(r, "id")?,
        mail: OutgoingMail {
            to: parsed(r, "recipient", |s| Email::parse(Field::Email, s))?,
            subject: r.try_get("subject")?,
            body: r.try_get("body")?,
            kept: r.try_get("kept_body")?,
            template: r.try_get("template")?,
        },
        state: r.try_get("state")?,
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
        created_at: from_micros(r.try_get("created_at")?)?,
    })
}
