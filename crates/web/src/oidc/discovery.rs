//! The discovery document and the JWKS: public, cacheable for a short while, since a key
//! rotation must reach relying parties well within the hour a retired key stays published.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::http::{AppError, AppState};

const CACHE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "public, max-age=300");

pub async fn configuration(State(state): State<AppState>) -> Result<Response, AppError> {
    let metadata = mandat_oidc::metadata::discovery(state.app.issuer())
        .map_err(|e| AppError::Internal(format!("the public URL is no issuer: {e}")))?;
    Ok(([CACHE], Json(metadata)).into_response())
}

pub async fn jwks(State(state): State<AppState>) -> Result<Response, AppError> {
    let ring = state.app.key_ring().await?;
    Ok(([CACHE], Json(ring.jwks())).into_response())
}
