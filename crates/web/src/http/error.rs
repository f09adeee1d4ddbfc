//! Errors of the web layer. Internal detail goes to the log, with the request id; the reader
//! gets a page in their language that shows the request id and nothing internal.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mandat_store::StoreError;

/// An error no reader can fix: logged in full, shown as the 500 page.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("rendering a page: {0}")]
    Render(#[from] askama::Error),
    #[error("{0}")]
    Internal(String),
    #[error(transparent)]
    Notice(#[from] mandat_mail::security::NoticeError),
}

/// Marks a response as an internal error whose page is still to be drawn, by
/// [`crate::http::layers`], which knows the request.
#[derive(Clone, Copy, Debug)]
pub struct InternalError;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self, "internal error");
        internal_error()
    }
}

/// A bare 500 marked for [`crate::http::layers`].
pub fn internal_error() -> Response {
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(InternalError);
    response
}
