//! What the service needs to know: where Mandat is, where it is itself, its credentials,
//! and the names of its own tasks.

use std::sync::Arc;

use chrono::{DateTime, Utc};

/// The name of one of the service's tasks, as the agency's software knows its own tasks.
#[derive(Clone, Debug)]
pub struct TaskName {
    pub code: String,
    pub fr: String,
    pub en: String,
}

/// What the service needs to know: where Mandat is, where it is itself, its credentials.
#[derive(Clone)]
pub struct Settings {
    /// Mandat's address, the issuer of the tokens.
    pub issuer: String,
    /// The service's own address, without a trailing slash.
    pub base: String,
    pub client_id: String,
    pub client_secret: String,
    /// What Mandat sends in the `Authorization` header of the events it pushes (issue 21).
    pub events_token: String,
    /// The agency's name and the service's, in French and English.
    pub agency: (String, String),
    pub name: (String, String),
    /// The service's code in its agency's catalog, which the authorization API names.
    pub service: String,
    pub tasks: Vec<TaskName>,
    /// The moment ID tokens are checked at: the machine's, or a demonstration's run ahead.
    pub now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
}

/// Where Mandat sends the person back after sign-in, for the service at `base`: registered
/// exactly.
pub fn redirect_uri(base: &str) -> String {
    format!("{base}/retour")
}

/// Where Mandat sends the person back after signing out: registered exactly.
pub fn after_logout_uri(base: &str) -> String {
    format!("{base}/au-revoir")
}

/// Where Mandat pushes its revocation events: registered as the MESS's receiver.
pub fn events_uri(base: &str) -> String {
    format!("{base}/evenements")
}

impl Settings {
    pub fn redirect_uri(&self) -> String {
        redirect_uri(&self.base)
    }

    pub fn after_logout_uri(&self) -> String {
        after_logout_uri(&self.base)
    }
}
