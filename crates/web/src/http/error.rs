//! Errors of the web layer. A record that is not there, or not the reader's to see, is the
//! 404 page; anything else is internal: its detail goes to the log, with the request id, and
//! the reader gets a page in their language that shows the request id and nothing internal.
//! Both pages are drawn by [`crate::http::layers`], which knows the request.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mandat_store::StoreError;

/// Why a request could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such record, or one of another organization or agency: the 404 page, which says
    /// nothing of which.
    #[error("no such record")]
    NotFound,
    /// The rest no reader can fix: logged in full, shown as the 500 page.
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("rendering a page: {0}")]
    Render(#[from] askama::Error),
    #[error("{0}")]
    Internal(String),
}

impl From<mandat_app::Error> for AppError {
    /// A refusal reaching here is one the handler did not draw: internal.
    fn from(e: mandat_app::Error) -> Self {
        match e {
            mandat_app::Error::NotFound => AppError::NotFound,
            mandat_app::Error::Store(e) => AppError::Store(e),
            mandat_app::Error::Mail(e) => AppError::Render(e),
            mandat_app::Error::Internal(e) => AppError::Internal(e),
            mandat_app::Error::Refused(r) => {
                AppError::Internal(format!("a refusal not shown: {r}"))
            }
        }
    }
}

/// Marks a response as an internal error whose page is still to be drawn.
#[derive(Clone, Copy, Debug)]
pub struct InternalError;

/// Marks a response as a 404 whose page is still to be drawn.
#[derive(Clone, Copy, Debug)]
pub struct NotFound;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::NotFound = self {
            let mut response = StatusCode::NOT_FOUND.into_response();
            response.extensions_mut().insert(NotFound);
            return response;
        }
        tracing::error!(error = %self, "internal error");
        internal_error()
    }
}

/// A bare 500 marked for its page.
pub fn internal_error() -> Response {
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(InternalError);
    response
}
