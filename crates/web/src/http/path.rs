//! An id in the request's path, for the extractors that load a record scoped to the reader.

use std::collections::HashMap;
use std::str::FromStr;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::http::{AppError, AppState};

/// The path's `{name}` as an id; anything else is the 404 page.
pub async fn path_id<T: FromStr>(
    parts: &mut Parts,
    state: &AppState,
    name: &str,
) -> Result<T, Response> {
    let Path(path) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map_err(|_| AppError::NotFound.into_response())?;
    let text = path.get(name).map_or("", String::as_str);
    text.parse().map_err(|_| AppError::NotFound.into_response())
}
