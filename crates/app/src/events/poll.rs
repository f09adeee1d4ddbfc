//! Polling (RFC 8936): the client of a poll receiver acknowledges what it received (`ack`),
//! names what it could not take (`setErrs`), and gets up to `maxEvents` pending events with
//! whether more wait. An event stays pending until acknowledged, so an answer lost on the
//! way loses nothing: it comes again at the next poll. A long poll (`returnImmediately`
//! false, the default) is held until an event is raised or [`LONG_POLL`] has passed.

use std::time::Duration;

use mandat_core::ids::ClientId;

use crate::{App, Error};

/// The most events one answer carries, and the default.
pub const MAX_EVENTS: usize = 100;

/// How long a long poll waits for an event, and how often it looks.
const LONG_POLL: Duration = Duration::from_secs(10);
const LOOK_EVERY: Duration = Duration::from_millis(500);

/// What a poll asks (RFC 8936 §2.4).
#[derive(Clone, Debug, Default)]
pub struct PollAsk {
    pub max_events: Option<usize>,
    pub return_immediately: bool,
    /// The jti of each event received.
    pub ack: Vec<String>,
    /// Each event the receiver could not take, with its error code and description.
    pub errors: Vec<(String, String)>,
}

/// The answer: the SETs by jti, and whether more wait.
#[derive(Clone, Debug, Default)]
pub struct Polled {
    pub sets: Vec<(String, String)>,
    pub more: bool,
}

impl App {
    /// A poll by `client`: not found unless its agency registered a poll receiver for it.
    pub async fn poll_events(&self, client: ClientId, ask: &PollAsk) -> Result<Polled, Error> {
        let receiver = self.store.polled_by(client).await?.ok_or(Error::NotFound)?;
        for jti in &ask.ack {
            if let Ok(id) = jti.parse() {
                self.store.acknowledge(receiver.id, id, None).await?;
            }
        }
        for (jti, error) in &ask.errors {
            if let Ok(id) = jti.parse() {
                self.store.acknowledge(receiver.id, id, Some(error)).await?;
            }
        }
        let max = ask.max_events.unwrap_or(MAX_EVENTS).min(MAX_EVENTS);
        let waited = tokio::time::Instant::now();
        let (events, more) = loop {
            let (events, more) = self.store.pending_for(receiver.id, max).await?;
            let waiting = !ask.return_immediately && max > 0 && events.is_empty();
            if !waiting || waited.elapsed() >= LONG_POLL {
                break (events, more);
            }
            tokio::time::sleep(LOOK_EVERY).await;
        };
        let mut sets = Vec::with_capacity(events.len());
        for event in &events {
            sets.push((
                event.id.to_string(),
                self.signed_event(event, &receiver).await?,
            ));
        }
        Ok(Polled { sets, more })
    }
}
