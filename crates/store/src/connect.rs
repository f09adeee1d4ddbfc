//! Connecting, migrating and checking the schema; transactions.

use std::sync::Arc;
use std::time::Duration;

use mandat_core::Clock;
use mandat_core::audit::ChainKey;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::{Any, AnyPool, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::changes::{CHANNEL, Changes};

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// The database engine behind a [`Store`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE,
            Backend::Postgres => &POSTGRES,
        }
    }

    /// SQLite takes the write lock at the start of a write transaction, so two writers queue
    /// on the busy timeout instead of failing when a reader upgrades.
    fn begin_statement(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        }
    }

    /// What a query appends to lock the rows it selects for the rest of the transaction.
    /// SQLite needs nothing: a write transaction already holds the only write lock.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }
}

/// A URL with any password replaced, fit for logs and messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Where the schema stands against this binary's migrations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaStatus {
    Current,
    /// Migrations this binary has that the database has not applied yet.
    Behind {
        pending: usize,
    },
    /// The database has a migration this binary does not know.
    Ahead {
        applied: i64,
        known: i64,
    },
}

/// The database, for reads, and the door to write transactions.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
    clock: Arc<dyn Clock>,
    /// The audit chain's key, which links each entry to the one before (issue 19, item 7).
    pub(crate) chain: Arc<ChainKey>,
    /// What tells a cache that something changed (issue 21).
    pub(crate) changes: Arc<Changes>,
    /// Where the database is, for the connection that hears other servers' changes.
    pub(crate) url: Arc<str>,
}

impl Store {
    /// Connects without touching the schema. SQLite: the file is created if absent, in WAL
    /// mode with foreign keys on and a busy timeout. `chain` links the audit log's entries.
    pub async fn connect(
        url: &str,
        clock: Arc<dyn Clock>,
        chain: ChainKey,
    ) -> Result<Self, StoreError> {
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        let options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(10))
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            });
        let options = match backend {
            // A connection to a local file does not break between uses: no ping before each
            // (each is a round trip to the connection's thread, as costly as the query).
            Backend::Sqlite => options.test_before_acquire(false).after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::raw_sql(
                        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                         PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
                    )
                    .execute(conn)
                    .await
                    .map(|_| ())
                })
            }),
            Backend::Postgres => options,
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let pool = options
            .connect(&url)
            .await
            .map_err(StoreError::Unreachable)?;
        Ok(Store {
            pool,
            backend,
            clock,
            chain: Arc::new(chain),
            changes: Arc::new(Changes::new(backend, &url)),
            url: url.into(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// Applies pending migrations, each in its own transaction. Refuses a database whose
    /// schema is newer than this binary, before changing anything.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        if let SchemaStatus::Ahead { applied, known } = self.schema_status().await? {
            return Err(StoreError::NewerSchema { applied, known });
        }
        self.backend
            .migrator()
            .run(&self.pool)
            .await
            .map_err(|e| match e {
                MigrateError::VersionMissing(applied) => StoreError::NewerSchema {
                    applied,
                    known: self.latest_known(),
                },
                other => StoreError::Migrate(other),
            })?;
        self.seal_legacy_audit().await?;
        self.fill_search_keys().await
    }

    /// Names as searches compare them, for people added before migration 0013: the folding
    /// (`mandat_core::search_key`) is Rust's, so SQL cannot fill them in.
    async fn fill_search_keys(&self) -> Result<(), StoreError> {
        let rows =
            sqlx::query("SELECT id, first_name, last_name FROM people WHERE search_key IS NULL")
                .fetch_all(&self.pool)
                .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for row in &rows {
            let (id, first, last): (String, String, String) =
                (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            sqlx::query("UPDATE people SET search_key = $1 WHERE id = $2")
                .bind(mandat_core::search_key(&format!("{first} {last}")))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Refreshes the query planner's statistics where the tables changed enough to need it
    /// (SQLite's `PRAGMA optimize`, as its documentation advises for long-lived processes;
    /// PostgreSQL's autovacuum does this by itself). Without them SQLite may read an
    /// organization's 20,000 people through the wrong index. Run at start and by the daily job.
    pub async fn optimize(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA optimize = 0x10002")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Applies the migrations up to `last` only: for tests that a later migration keeps the
    /// rows an earlier schema holds.
    #[doc(hidden)]
    pub async fn migrate_until(&self, last: i64) -> Result<(), StoreError> {
        let all = self.backend.migrator();
        let migrator = Migrator {
            migrations: all
                .migrations
                .iter()
                .filter(|m| m.version <= last)
                .cloned()
                .collect::<Vec<_>>()
                .into(),
            ..Migrator::DEFAULT
        };
        migrator.run(&self.pool).await.map_err(StoreError::Migrate)
    }

    fn latest_known(&self) -> i64 {
        self.backend
            .migrator()
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or(0)
    }

    /// Compares the applied migrations with this binary's, without writing anything.
    pub async fn schema_status(&self) -> Result<SchemaStatus, StoreError> {
        self.ping().await?;
        let applied: Vec<i64> = match sqlx::query(
            "SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await
        {
            Ok(rows) => rows
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?,
            // The database answered the ping, so a failure here is the table not existing yet.
            Err(sqlx::Error::Database(_)) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        let known: Vec<i64> = self.backend.migrator().iter().map(|m| m.version).collect();
        if let Some(&unknown) = applied.iter().find(|v| !known.contains(v)) {
            return Ok(SchemaStatus::Ahead {
                applied: unknown,
                known: self.latest_known(),
            });
        }
        let pending = known.iter().filter(|v| !applied.contains(v)).count();
        Ok(if pending == 0 {
            SchemaStatus::Current
        } else {
            SchemaStatus::Behind { pending }
        })
    }

    /// A round trip to the database.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(StoreError::Unreachable)?;
        Ok(())
    }

    /// Begins a write transaction: the change, its audit entry and its emails go in one.
    /// Every row it writes carries the same instant, read once from the clock.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let tx = self.pool.begin_with(self.backend.begin_statement()).await?;
        Ok(Tx {
            tx,
            now: self.clock.now(),
            backend: self.backend,
            chain: self.chain.clone(),
            changes: Some(self.changes.clone()),
        })
    }

    /// Copies a SQLite database to `path`, consistently, while it is in use.
    pub async fn backup_to(&self, path: &std::path::Path) -> Result<(), StoreError> {
        sqlx::query("VACUUM INTO $1")
            .bind(path.display().to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A write transaction. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx {
    pub(crate) tx: sqlx::Transaction<'static, Any>,
    pub(crate) now: OffsetDateTime,
    pub(crate) backend: Backend,
    pub(crate) chain: Arc<ChainKey>,
    /// Told at commit, unless the transaction is [`Tx::quiet`].
    changes: Option<Arc<Changes>>,
}

impl Tx {
    pub fn now(&self) -> OffsetDateTime {
        self.now
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Marks the transaction as changing nothing a cache keeps (bookkeeping: the job
    /// queue, the outbox, counts): its commit leaves caches as they are.
    pub fn quiet(&mut self) {
        self.changes = None;
    }

    /// Commits; then caches learn that something changed (here at once, other servers by
    /// the notification sent in the transaction, delivered only if it commits).
    pub async fn commit(mut self) -> Result<(), StoreError> {
        if self.changes.is_some() && self.backend == Backend::Postgres {
            sqlx::query(sqlx::AssertSqlSafe(format!("NOTIFY {CHANNEL}")))
                .execute(&mut *self.tx)
                .await?;
        }
        self.tx.commit().await?;
        if let Some(changes) = self.changes {
            changes.committed();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_apart_by_scheme() {
        assert_eq!(
            Backend::from_url("sqlite:///var/lib/mandat/mandat.db").ok(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert!(
            matches!(Backend::from_url("mysql://u:p@h/db"), Err(StoreError::UnsupportedUrl(u)) if u == "mysql://u:***@h/db")
        );
    }

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(
            redact("postgres://mandat:s3cr:et@db:5432/m"),
            "postgres://mandat:***@db:5432/m"
        );
        assert_eq!(redact("postgres://mandat@db/m"), "postgres://mandat@db/m");
        assert_eq!(redact("sqlite:///x.db"), "sqlite:///x.db");
    }
}
