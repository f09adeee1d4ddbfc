//! Probes for orchestrators: alive, and ready to serve.

use axum::extract::State;
use axum::http::StatusCode;
use mandat_store::SchemaStatus;

use crate::http::AppState;

/// The process is alive and answering.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// The database is reachable and its schema is the one this binary expects.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    match state.store.schema_status().await {
        Ok(SchemaStatus::Current) => (StatusCode::OK, "ready\n".into()),
        Ok(SchemaStatus::Behind { pending }) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {pending} migration(s) pending\n"),
        ),
        Ok(SchemaStatus::Ahead { applied, known }) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: database schema {applied} is newer than this binary ({known})\n"),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "not ready: database unreachable\n".into(),
            )
        }
    }
}
