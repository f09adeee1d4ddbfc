//! Where agencies receive their revocation events, and each event's delivery to each
//! receiver (issue 21): pushed by a job with retries (RFC 8935), or polled and acknowledged
//! (RFC 8936); a delivery is pending until then, and at most once delivered.

use mandat_core::ids::{AccountId, AgencyId, ClientId};
use mandat_core::revocation::Signal;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::catalog::{parsed, uuid};
use crate::{Store, StoreError, Tx, from_micros, to_micros};

/// How a receiver gets its events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReceiverMethod {
    /// Pushed to `endpoint`, with the sealed `Authorization` header the agency chose, if any.
    Push {
        endpoint: String,
        auth_header: Option<String>,
    },
    /// Polled by the receiver's client.
    Poll,
}

impl ReceiverMethod {
    pub fn code(&self) -> &'static str {
        match self {
            ReceiverMethod::Push { .. } => "push",
            ReceiverMethod::Poll => "poll",
        }
    }
}

/// A receiver an agency registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receiver {
    pub id: uuid::Uuid,
    pub agency: AgencyId,
    /// The client the events are addressed to (`aud`), which polls them for `Poll`.
    pub client: ClientId,
    pub method: ReceiverMethod,
    pub created_at: OffsetDateTime,
    pub disabled_at: Option<OffsetDateTime>,
}

/// An event as raised, to be signed when delivered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord {
    pub id: uuid::Uuid,
    pub agency: AgencyId,
    pub signal: Signal,
    /// The person, by the pairwise subject the agency knows.
    pub subject: Option<String>,
    pub org: Option<String>,
    pub procuration: Option<String>,
    pub created_at: OffsetDateTime,
}

/// Where one event stands for one receiver, for the agency's back-office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub event: EventRecord,
    pub receiver: uuid::Uuid,
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub delivered_at: Option<OffsetDateTime>,
}

/// How a push attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushOutcome<'a> {
    Delivered,
    /// To be tried again; the error is kept for the back-office.
    Retry(&'a str),
    /// Refused by the receiver, or out of attempts: not tried again.
    Failed(&'a str),
}

const SELECT_RECEIVERS: &str = "SELECT id, agency_id, client_id, method, endpoint, auth_header, \
     created_at, disabled_at FROM event_receivers";

const SELECT_EVENTS: &str = "SELECT e.id, e.agency_id, e.kind, e.reason, e.subject, e.org_id, \
     e.procuration_id, e.created_at FROM security_events e";

impl Tx {
    /// Registers receiver `id` of `agency`'s events for `client`.
    pub async fn insert_receiver(
        &mut self,
        id: uuid::Uuid,
        agency: AgencyId,
        client: ClientId,
        method: &ReceiverMethod,
        by: Option<AccountId>,
    ) -> Result<(), StoreError> {
        let (endpoint, auth_header) = match method {
            ReceiverMethod::Push {
                endpoint,
                auth_header,
            } => (Some(endpoint.as_str()), auth_header.as_deref()),
            ReceiverMethod::Poll => (None, None),
        };
        sqlx::query(
            "INSERT INTO event_receivers (id, agency_id, client_id, method, endpoint, \
             auth_header, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.to_string())
        .bind(agency.to_string())
        .bind(client.to_string())
        .bind(method.code())
        .bind(endpoint)
        .bind(auth_header)
        .bind(by.map(|a| a.to_string()))
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Disables one of `agency`'s receivers; what it had pending fails. `false` if it has no
    /// such receiver enabled.
    pub async fn disable_receiver(
        &mut self,
        agency: AgencyId,
        id: uuid::Uuid,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE event_receivers SET disabled_at = $1 WHERE id = $2 AND agency_id = $3 \
             AND disabled_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(id.to_string())
        .bind(agency.to_string())
        .execute(&mut *self.tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        self.fail_pending("id = $1", &id.to_string()).await?;
        Ok(true)
    }

    /// Disables the receivers of a client being disabled; what they had pending fails.
    pub(crate) async fn disable_receivers_of(
        &mut self,
        client: ClientId,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE event_receivers SET disabled_at = $1 WHERE client_id = $2 \
             AND disabled_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(client.to_string())
        .execute(&mut *self.tx)
        .await?;
        self.fail_pending("client_id = $1", &client.to_string())
            .await
    }

    /// Fails what was pending for the receivers `which` selects (with `$1` = `value`).
    async fn fail_pending(&mut self, which: &str, value: &str) -> Result<(), StoreError> {
        let sql = format!(
            "UPDATE event_deliveries SET state = 'failed', last_error = 'receiver disabled' \
             WHERE state = 'pending' AND receiver_id IN \
             (SELECT id FROM event_receivers WHERE {which})"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}

impl Store {
    /// The agency's receivers, the latest first.
    pub async fn receivers_of(&self, agency: AgencyId) -> Result<Vec<Receiver>, StoreError> {
        let sql = format!("{SELECT_RECEIVERS} WHERE agency_id = $1 ORDER BY created_at DESC");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(agency.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(receiver)
            .collect()
    }

    pub async fn receiver(&self, id: uuid::Uuid) -> Result<Option<Receiver>, StoreError> {
        let sql = format!("{SELECT_RECEIVERS} WHERE id = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(receiver)
            .transpose()
    }

    /// The enabled receiver that `client` polls, if its agency registered one.
    pub async fn polled_by(&self, client: ClientId) -> Result<Option<Receiver>, StoreError> {
        let sql = format!(
            "{SELECT_RECEIVERS} WHERE client_id = $1 AND method = 'poll' \
             AND disabled_at IS NULL ORDER BY created_at DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(client.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.first().map(receiver).transpose()
    }

    /// The event and receiver of a pending delivery to an enabled receiver, its attempt
    /// counted in a transaction of its own; `None` when there is nothing to push.
    pub async fn start_push(
        &self,
        event: uuid::Uuid,
        to: uuid::Uuid,
    ) -> Result<Option<(EventRecord, Receiver)>, StoreError> {
        let mut tx = self.begin().await?;
        tx.quiet();
        let done = sqlx::query(
            "UPDATE event_deliveries SET attempts = attempts + 1, last_attempt_at = $1 \
             WHERE event_id = $2 AND receiver_id = $3 AND state = 'pending' \
             AND receiver_id IN (SELECT id FROM event_receivers WHERE disabled_at IS NULL)",
        )
        .bind(to_micros(tx.now))
        .bind(event.to_string())
        .bind(to.to_string())
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
        let sql = format!("{SELECT_EVENTS} WHERE e.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(event.to_string())
            .fetch_optional(&self.pool)
            .await?;
        let (Some(row), Some(receiver)) = (row, self.receiver(to).await?) else {
            return Ok(None);
        };
        Ok(Some((event_record(&row)?, receiver)))
    }

    /// Records how a push attempt ended; a delivery keeps the error of the attempt before.
    pub async fn end_push(
        &self,
        event: uuid::Uuid,
        to: uuid::Uuid,
        outcome: PushOutcome<'_>,
    ) -> Result<(), StoreError> {
        let (state, error) = match outcome {
            PushOutcome::Delivered => ("delivered", None),
            PushOutcome::Retry(e) => ("pending", Some(e)),
            PushOutcome::Failed(e) => ("failed", Some(e)),
        };
        self.settle(event, to, state, error).await
    }

    /// Up to `max` events pending for the receiver, the oldest first, and whether more wait.
    pub async fn pending_for(
        &self,
        to: uuid::Uuid,
        max: usize,
    ) -> Result<(Vec<EventRecord>, bool), StoreError> {
        let sql = format!(
            "{SELECT_EVENTS} JOIN event_deliveries d ON d.event_id = e.id \
             WHERE d.receiver_id = $1 AND d.state = 'pending' ORDER BY e.id LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(to.to_string())
            .bind(i64::try_from(max + 1).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await?;
        let mut events = rows
            .iter()
            .map(event_record)
            .collect::<Result<Vec<_>, _>>()?;
        let more = events.len() > max;
        events.truncate(max);
        Ok((events, more))
    }

    /// A polling receiver acknowledged the event (`error` none) or refused it (RFC 8936 §2.4).
    pub async fn acknowledge(
        &self,
        to: uuid::Uuid,
        event: uuid::Uuid,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        let state = if error.is_some() {
            "failed"
        } else {
            "delivered"
        };
        self.settle(event, to, state, error).await
    }

    async fn settle(
        &self,
        event: uuid::Uuid,
        to: uuid::Uuid,
        state: &str,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.quiet();
        sqlx::query(
            "UPDATE event_deliveries SET state = $1, last_error = COALESCE($2, last_error), \
             delivered_at = CASE WHEN $1 = 'delivered' THEN $3 ELSE NULL END \
             WHERE event_id = $4 AND receiver_id = $5 AND state = 'pending'",
        )
        .bind(state)
        .bind(error.map(|e| e.chars().take(500).collect::<String>()))
        .bind(to_micros(tx.now))
        .bind(event.to_string())
        .bind(to.to_string())
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await
    }

    /// The agency's latest deliveries, the newest event first.
    pub async fn deliveries_of(
        &self,
        agency: AgencyId,
        limit: i64,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        sqlx::query(
            "SELECT d.receiver_id, d.state, d.attempts, d.last_error, d.delivered_at, e.id, \
             e.agency_id, e.kind, e.reason, e.subject, e.org_id, e.procuration_id, e.created_at \
             FROM security_events e JOIN event_deliveries d ON d.event_id = e.id \
             WHERE e.agency_id = $1 ORDER BY e.id DESC, d.receiver_id LIMIT $2",
        )
        .bind(agency.to_string())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(DeliveryRecord {
                event: event_record(r)?,
                receiver: uuid(r, "receiver_id")?,
                state: r.try_get("state")?,
                attempts: r.try_get("attempts")?,
                last_error: r.try_get("last_error")?,
                delivered_at: r
                    .try_get::<Option<i64>, _>("delivered_at")?
                    .map(from_micros)
                    .transpose()?,
            })
        })
        .collect()
    }
}

fn receiver(r: &AnyRow) -> Result<Receiver, StoreError> {
    let method: String = r.try_get("method")?;
    let method = match method.as_str() {
        "push" => ReceiverMethod::Push {
            endpoint: r.try_get("endpoint")?,
            auth_header: r.try_get("auth_header")?,
        },
        _ => ReceiverMethod::Poll,
    };
    Ok(Receiver {
        id: uuid(r, "id")?,
        agency: AgencyId::from(uuid(r, "agency_id")?),
        client: parsed(r, "client_id", str::parse)?,
        method,
        created_at: from_micros(r.try_get("created_at")?)?,
        disabled_at: r
            .try_get::<Option<i64>, _>("disabled_at")?
            .map(from_micros)
            .transpose()?,
    })
}

fn event_record(r: &AnyRow) -> Result<EventRecord, StoreError> {
    let (kind, reason): (String, String) = (r.try_get("kind")?, r.try_get("reason")?);
    let signal = Signal::parse(&kind, &reason)
        .ok_or_else(|| StoreError::Corrupt(format!("event kind {kind:?}, reason {reason:?}")))?;
    Ok(EventRecord {
        id: uuid(r, "id")?,
        agency: AgencyId::from(uuid(r, "agency_id")?),
        signal,
        subject: r.try_get("subject")?,
        org: r.try_get("org_id")?,
        procuration: r.try_get("procuration_id")?,
        created_at: from_micros(r.try_get("created_at")?)?,
    })
}
