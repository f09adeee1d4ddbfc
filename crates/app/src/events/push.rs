//! Pushing an event to a receiver (RFC 8935 §2): the SET is the body, as
//! `application/secevent+jwt`, with the agency's `Authorization` header if it set one. A 2xx
//! answer (202 Accepted, as the RFC asks) delivers it; a 4xx answer refuses it for good (the
//! receiver found it invalid, or will not take it: trying again would change nothing); a 5xx,
//! a 408 or 429, or no answer within ten seconds, is tried again by the job's backoff, up to
//! [`PUSH_ATTEMPTS`]. Redirects are not followed: an event goes where the agency said only.

use std::sync::OnceLock;
use std::time::Duration;

use mandat_oidc::events::SET_MEDIA_TYPE;
use mandat_store::{PushOutcome, ReceiverMethod};

use crate::App;

/// Attempts at one push before it fails for good: the job worker's own limit.
pub const PUSH_ATTEMPTS: i32 = 10;

/// How long a receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// What an attempt came to, by the receiver's answer.
enum Sent {
    Delivered,
    Refused(String),
    Again(String),
}

fn http() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .build()
            .unwrap_or_default()
    })
}

impl App {
    /// The job that pushes one event to one receiver: `payload` is `event:receiver`, and
    /// `attempt` counts this one. `Err` asks the worker to try again later.
    pub async fn push_event(&self, payload: &str, attempt: i32) -> Result<(), String> {
        let (event, to) = payload
            .split_once(':')
            .and_then(|(e, r)| Some((e.parse().ok()?, r.parse().ok()?)))
            .ok_or_else(|| format!("not an event push: {payload:?}"))?;
        let store = &self.store;
        let Some((event, receiver)) = store
            .start_push(event, to)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Ok(());
        };
        let ReceiverMethod::Push { endpoint, .. } = &receiver.method else {
            return Ok(());
        };
        let set = self
            .signed_event(&event, &receiver)
            .await
            .map_err(|e| e.to_string())?;
        let sent = send(endpoint, self.auth_header(&receiver), set).await;
        let (outcome, again) = match &sent {
            Sent::Delivered => (PushOutcome::Delivered, None),
            Sent::Refused(why) => (PushOutcome::Failed(why), None),
            Sent::Again(why) if attempt >= PUSH_ATTEMPTS => (PushOutcome::Failed(why), None),
            Sent::Again(why) => (PushOutcome::Retry(why), Some(why.clone())),
        };
        store
            .end_push(event.id, to, outcome)
            .await
            .map_err(|e| e.to_string())?;
        again.map_or(Ok(()), Err)
    }
}

async fn send(endpoint: &str, auth_header: Option<String>, set: String) -> Sent {
    let mut request = http()
        .post(endpoint)
        .header(reqwest::header::CONTENT_TYPE, SET_MEDIA_TYPE)
        .header(reqwest::header::ACCEPT, "application/json")
        .body(set);
    if let Some(header) = auth_header {
        request = request.header(reqwest::header::AUTHORIZATION, header);
    }
    let response = match request.send().await {
        Ok(response) => response,
        Err(e) => return Sent::Again(format!("no answer: {e}")),
    };
    let status = response.status();
    if status.is_success() {
        return Sent::Delivered;
    }
    let body: String = response.text().await.unwrap_or_default();
    let said = format!("{status} {}", body.chars().take(300).collect::<String>());
    let transient = status.is_server_error()
        || status == reqwest::StatusCode::REQUEST_TIMEOUT
        || status == reqwest::StatusCode::TOO_MANY_REQUESTS;
    if transient || !status.is_client_error() {
        Sent::Again(said)
    } else {
        Sent::Refused(said)
    }
}
