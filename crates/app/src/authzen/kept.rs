//! What the authorization API keeps between questions, so that asking again what was just
//! asked reads nothing (issue 21's target: an evaluation at the rate of a bare handler). Three
//! bounded caches: the answers, the clients that API tokens name (the signature checked
//! once per token), and the agencies' services with their tasks (which every new question
//! names). Each entry carries the store's epoch when it was read
//! (`mandat_store::Changes`), and is used only while the epoch is the same: any change
//! committed since, by this server, another process or another server, makes every entry
//! stale at once. An entry is marked with the epoch taken *before* reading, so a change that
//! commits during the read leaves it stale too.

use std::hash::Hash;
use std::sync::Arc;

use mandat_core::ids::AgencyId;
use mandat_store::{ClientRecord, Epoch};
use quick_cache::sync::Cache;
use time::{Date, OffsetDateTime};

use super::asked::{Answered, Ask};
use super::lookup::Offered;

/// Answers kept, at most: a few hundred bytes each.
const ANSWERS: usize = 200_000;
/// API tokens kept, at most.
const TOKENS: usize = 10_000;
/// Services asked about kept, at most.
const SERVICES: usize = 10_000;

/// A service as a question names it: its agency, and its code as asked.
pub(crate) type ServiceKey = (AgencyId, String);

/// An answer's question as the client asked it, on the day asked about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Question {
    agency: AgencyId,
    pub(super) subject: String,
    pub(super) service: String,
    pub(super) organization: String,
    pub(super) task: String,
    pub(super) day: Date,
}

impl Question {
    pub(crate) fn new(agency: AgencyId, ask: &Ask<'_>, day: Date) -> Self {
        Question {
            agency,
            subject: ask.subject.into(),
            service: ask.service.into(),
            organization: ask.organization.into(),
            task: ask.task.into(),
            day,
        }
    }
}

/// A token as kept: the SHA-256 digest of the scope asked and the token (no token is kept
/// in memory).
pub(crate) type TokenKey = [u8; 32];

/// The key of `token` asked for `scope`.
pub(crate) fn token_key(token: &str, scope: &str) -> TokenKey {
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    digest.update(scope.as_bytes());
    digest.update([0]);
    digest.update(token.as_bytes());
    digest.finalize().into()
}

/// A client named by a valid API token, until the token expires.
#[derive(Clone, Debug)]
struct TokenClient {
    client: Option<Arc<ClientRecord>>,
    expires: i64,
}

/// A bounded cache whose entries serve only while the store's epoch is the one they were
/// read at.
struct Shelf<K, V>(Cache<K, (Epoch, V)>);

impl<K: Eq + Hash + Clone, V: Clone> Shelf<K, V> {
    fn new(capacity: usize) -> Self {
        Shelf(Cache::new(capacity))
    }

    /// What was kept for `key`, if nothing changed since it was read.
    fn get(&self, key: &K, now: Epoch) -> Option<V> {
        let (read, value) = self.0.get(key)?;
        (read == now).then_some(value)
    }

    /// Keeps `value`, read at epoch `read` (taken before reading).
    fn keep(&self, key: K, read: Epoch, value: V) {
        self.0.insert(key, (read, value));
    }
}

/// The caches, shared by the application layer's clones.
pub struct Kept {
    /// `None`: the service is not the agency's (not found).
    answers: Shelf<Question, Option<Arc<Answered>>>,
    tokens: Shelf<TokenKey, TokenClient>,
    /// `None`: no service of that agency has that code.
    services: Shelf<ServiceKey, Option<Arc<Offered>>>,
}

impl Default for Kept {
    fn default() -> Self {
        Kept {
            answers: Shelf::new(ANSWERS),
            tokens: Shelf::new(TOKENS),
            services: Shelf::new(SERVICES),
        }
    }
}

impl Kept {
    /// The answer kept for `q` if nothing changed since it was read.
    pub(crate) fn answer(&self, q: &Question, now: Epoch) -> Option<Option<Arc<Answered>>> {
        self.answers.get(q, now)
    }

    pub(crate) fn keep_answer(&self, q: Question, read: Epoch, answer: Option<Arc<Answered>>) {
        self.answers.keep(q, read, answer);
    }

    /// The service kept for `key` if nothing changed since it was read.
    pub(crate) fn service(&self, key: &ServiceKey, now: Epoch) -> Option<Option<Arc<Offered>>> {
        self.services.get(key, now)
    }

    pub(crate) fn keep_service(&self, key: ServiceKey, read: Epoch, offered: Option<Arc<Offered>>) {
        self.services.keep(key, read, offered);
    }

    /// The client kept for a token (by its [`TokenKey`]) if nothing changed since and
    /// the token is still valid at `now`: `Some(None)` for a token that names no enabled
    /// client.
    pub(crate) fn token(
        &self,
        key: &TokenKey,
        epoch: Epoch,
        now: OffsetDateTime,
    ) -> Option<Option<Arc<ClientRecord>>> {
        let kept = self.tokens.get(key, epoch)?;
        (now.unix_timestamp() < kept.expires).then_some(kept.client)
    }

    /// Keeps what a valid token names, until it `expires` (Unix seconds).
    pub(crate) fn keep_token(
        &self,
        key: TokenKey,
        read: Epoch,
        (client, expires): (Option<Arc<ClientRecord>>, i64),
    ) {
        self.tokens.keep(key, read, TokenClient { client, expires });
    }
}
