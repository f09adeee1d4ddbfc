//! What the service keeps between its questions to Mandat (issue 21), held by `Mandat` beside
//! the discovery document and forgotten with it; `asking` fills and reads it.

use std::sync::Mutex;
use std::time::Instant;

/// What the service keeps between its questions: its API token and when it stops being
/// used, and the evaluations endpoint read from Mandat's PDP metadata.
#[derive(Default)]
pub struct Asking {
    pub(crate) token: Mutex<Option<(String, Instant)>>,
    pub(crate) endpoint: Mutex<Option<String>>,
}

impl Asking {
    /// Reads the PDP metadata again at next use, as the discovery document is.
    pub fn forget(&self) {
        if let Ok(mut endpoint) = self.endpoint.lock() {
            *endpoint = None;
        }
    }
}
