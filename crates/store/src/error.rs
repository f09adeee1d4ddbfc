use thiserror::Error;

/// What can go wrong in storage. Messages are for operators and logs, not for end users.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("unsupported database_url {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("cannot reach the database: {0}")]
    Unreachable(#[source] sqlx::Error),
    #[error(
        "the database has schema version {applied}, newer than this binary knows ({known}); \
         run a newer mandat or restore a matching backup"
    )]
    NewerSchema { applied: i64, known: i64 },
    #[error("migrating the database failed; nothing of the failed migration was kept: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error("already exists: {0}")]
    Conflict(&'static str),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Maps a unique-constraint violation to [`StoreError::Conflict`], naming what exists.
    pub(crate) fn conflict_as(what: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
            _ => StoreError::Database(e),
        }
    }
}
