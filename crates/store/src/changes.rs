//! Whether anything may have changed since a moment: the mark a cache keeps beside what it
//! read, so that what it keeps is never older than the last change committed (issue 21's
//! cache of evaluations). Every write transaction moves it when it commits, unless it was
//! marked quiet ([`Tx::quiet`]: the job queue's and the outbox's bookkeeping, the
//! evaluations' counts), and so do the writes of other processes:
//!
//! - SQLite: the worker and `mandat admin` write the same file from processes of their own.
//!   Each commit also writes a random token into a file beside the database
//!   (`mandat.db-changes`), which [`Changes::epoch`] reads back (one `pread`): a token it
//!   has not seen is a change. If that file cannot be opened, no epoch equals another.
//! - PostgreSQL: several servers share the database. Each commit sends `NOTIFY` in its
//!   transaction (delivered at commit, and only then), and each server listens
//!   ([`Store::listen_for_changes`]). Until it listens, and whenever its listening
//!   connection is lost, every epoch differs from every other: a cache then keeps nothing.
//!
//! Another server's change reaches this one when its notification arrives (a round trip on
//! the database's connection, milliseconds), a change in this process when it commits.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use sqlx::postgres::PgListener;

use crate::{Backend, Store, StoreError};

/// The channel of PostgreSQL's notifications.
pub(crate) const CHANNEL: &str = "mandat_changes";

/// A moment as [`Changes::epoch`] tells it: two are equal only if nothing changed between.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Epoch(u64);

/// The changes seen by one process; shared by the store's clones.
#[derive(Debug)]
pub struct Changes {
    /// Moved by every change this process commits or hears of.
    counter: AtomicU64,
    /// SQLite: the token file beside the database, and the last token read from it.
    marker: Option<(File, Mutex<[u8; 16]>)>,
    /// Whether this process hears the others' changes right now, where it may not: on
    /// PostgreSQL, while it listens; on a SQLite file whose file of changes could not be
    /// opened, never.
    listening: Option<AtomicBool>,
}

impl Changes {
    pub(crate) fn new(backend: Backend, url: &str) -> Changes {
        let path = match backend {
            Backend::Sqlite => sqlite_path(url),
            Backend::Postgres => None,
        };
        let marker = path.as_ref().and_then(|path| {
            let file = File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(format!("{path}-changes"));
            match file {
                Ok(file) => Some((file, Mutex::new([0; 16]))),
                Err(e) => {
                    tracing::warn!(error = %e, "no file of changes beside the database: \
                        nothing read is kept");
                    None
                }
            }
        });
        // Deaf until it listens (PostgreSQL), or for good when another process's changes
        // cannot be seen (a SQLite file without its file of changes).
        let deaf = backend == Backend::Postgres || (path.is_some() && marker.is_none());
        Changes {
            counter: AtomicU64::new(0),
            marker,
            listening: deaf.then(|| AtomicBool::new(false)),
        }
    }

    /// Now, as a mark to compare with a later one.
    pub fn epoch(&self) -> Epoch {
        if let Some(listening) = &self.listening
            && !listening.load(Ordering::Acquire)
        {
            // Deaf to the other servers: this moment equals no other.
            return Epoch(self.counter.fetch_add(1, Ordering::AcqRel) + 1);
        }
        if let Some((file, seen)) = &self.marker {
            // An empty file (no commit yet) reads as zeros, as `seen` starts; a failed read
            // as a change.
            let mut token = [0; 16];
            let read = file.read_at(&mut token, 0).is_ok();
            let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner());
            if !read || *seen != token {
                *seen = token;
                self.counter.fetch_add(1, Ordering::AcqRel);
            }
        }
        Epoch(self.counter.load(Ordering::Acquire))
    }

    /// A change committed in this process: after the commit, so that a reader who marked
    /// the epoch before reading cannot keep what it read as current.
    pub(crate) fn committed(&self) {
        self.counter.fetch_add(1, Ordering::AcqRel);
        if let Some((file, _)) = &self.marker {
            let token = uuid::Uuid::now_v7().into_bytes();
            if let Err(e) = file.write_at(&token, 0) {
                tracing::warn!(error = %e, "the file of changes could not be written");
            }
        }
    }

    fn heard(&self, listening: bool) {
        self.counter.fetch_add(1, Ordering::AcqRel);
        if let Some(l) = &self.listening {
            l.store(listening, Ordering::Release);
        }
    }
}

/// The file of a SQLite URL (`sqlite://path?options`), unless it is in memory.
fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or(url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.contains(":memory:")).then(|| path.to_string())
}

impl Store {
    /// What tells a cache whether anything changed since it read.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// Hears the other servers' changes, for as long as the server runs (PostgreSQL; nothing
    /// to do on SQLite). A lost connection is opened again, a second later at most; meanwhile, and
    /// until then, no epoch equals another.
    pub async fn listen_for_changes(&self) {
        if self.backend() != Backend::Postgres {
            return;
        }
        loop {
            if let Err(e) = self.listen_once().await {
                tracing::warn!(error = %e, "not hearing other servers' changes; trying again");
            }
            self.changes.heard(false);
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    async fn listen_once(&self) -> Result<(), StoreError> {
        let mut listener = PgListener::connect(&self.url).await?;
        listener.listen(CHANNEL).await?;
        // Listening from here: whatever changed before is behind the epoch moved now.
        self.changes.heard(true);
        loop {
            // `None`: the connection was lost, and what was sent meanwhile with it.
            match listener.try_recv().await? {
                Some(_) => self.changes.heard(true),
                None => return Ok(()),
            }
        }
    }
}
