//! The service's own sessions, kept in memory (a demonstration keeps nothing across restarts):
//! a sign-in under way with what must come back (state, nonce, PKCE verifier), then the
//! person signed in with what Mandat said.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use openidconnect::CsrfToken;

use crate::claims::MandatClaim;
use crate::provider::IdToken;

/// How long a session is kept: longer than Mandat keeps a pending sign-in (15 minutes).
const KEPT_FOR: Duration = Duration::from_secs(60 * 60);

/// A sign-in sent to Mandat, waiting for the person to come back.
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// A person signed in through Mandat.
#[derive(Clone)]
pub struct SignedIn {
    pub id_token: IdToken,
    pub name: Option<String>,
    pub email: Option<String>,
    pub subject: String,
    pub claim: MandatClaim,
    /// Every claim of the ID token, as received, for the page that shows them.
    pub received: String,
    /// The token the sign-out form carries (CSRF).
    pub form_token: String,
}

pub enum Session {
    Pending(Pending),
    SignedIn(Box<SignedIn>),
}

#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, (Instant, Session)>>,
}

impl Sessions {
    /// Keeps `session` under a new random id, which the cookie carries.
    pub fn open(&self, session: Session) -> String {
        let id = CsrfToken::new_random_len(32).secret().clone();
        if let Ok(mut map) = self.map.lock() {
            map.retain(|_, (at, _)| at.elapsed() < KEPT_FOR);
            map.insert(id.clone(), (Instant::now(), session));
        }
        id
    }

    /// The sign-in under way in session `id`, taken out: it is answered once.
    pub fn take_pending(&self, id: &str) -> Option<Pending> {
        let mut map = self.map.lock().ok()?;
        match map.remove(id) {
            Some((_, Session::Pending(p))) => Some(p),
            Some(other) => {
                map.insert(id.to_string(), other);
                None
            }
            None => None,
        }
    }

    pub fn signed_in(&self, id: &str) -> Option<SignedIn> {
        let map = self.map.lock().ok()?;
        match map.get(id) {
            Some((at, Session::SignedIn(s))) if at.elapsed() < KEPT_FOR => Some((**s).clone()),
            _ => None,
        }
    }

    /// Ends every session of the person Mandat knows this service's agency by as `subject`:
    /// Mandat revoked theirs (CAEP session-revoked).
    pub fn close_subject(&self, subject: &str) {
        if let Ok(mut map) = self.map.lock() {
            map.retain(|_, (_, s)| !matches!(s, Session::SignedIn(w) if w.subject == subject));
        }
    }

    pub fn close(&self, id: &str) {
        if let Ok(mut map) = self.map.lock() {
            map.remove(id);
        }
    }
}
