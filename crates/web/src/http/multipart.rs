//! A form that carries a file (`multipart/form-data`), its token checked as [`Checked`]
//! checks a plain form's. The file is kept in memory up to [`FILE_MAX`]; a larger one is
//! read to its end but only its size is known, so the form can say so beside the field.
//!
//! [`Checked`]: crate::http::csrf::Checked

use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::http::csrf::CsrfToken;

/// The largest file a form takes: a board's resolution (10 MiB).
pub const FILE_MAX: usize = 10 * 1024 * 1024;
pub const FILE_MAX_MIB: usize = FILE_MAX / (1024 * 1024);

/// The body limit of a route whose form carries a file: the file and the rest of the form.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(FILE_MAX + 512 * 1024)
}

/// A file sent with a form.
#[derive(Debug)]
pub enum Upload {
    Kept(Vec<u8>),
    TooLarge,
}

/// The fields of a multipart form, by name, and its files by field name.
#[derive(Debug, Default)]
pub struct MultipartForm {
    fields: HashMap<String, String>,
    files: HashMap<String, Upload>,
}

impl MultipartForm {
    /// A text field's value; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }

    /// The file sent as `name`, if one was chosen.
    pub fn file(&self, name: &str) -> Option<&Upload> {
        self.files.get(name)
    }

    /// The text fields, to draw the form again.
    pub fn fields(&self) -> &HashMap<String, String> {
        &self.fields
    }
}

/// A multipart form whose token matched the cookie's.
pub struct CheckedMultipart(pub MultipartForm);

impl<S: Send + Sync> FromRequest<S> for CheckedMultipart {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = request
            .extensions()
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let refused = crate::http::csrf::refused(&request);
        let mut multipart = Multipart::from_request(request, state)
            .await
            .map_err(|e| (StatusCode::UNSUPPORTED_MEDIA_TYPE, e.to_string()).into_response())?;
        let mut form = MultipartForm::default();
        while let Some(mut field) = multipart.next_field().await.map_err(too_large_or_bad)? {
            let name = field.name().unwrap_or_default().to_string();
            if field.file_name().is_some() {
                let mut kept = Vec::new();
                let mut size = 0;
                while let Some(chunk) = field.chunk().await.map_err(too_large_or_bad)? {
                    size += chunk.len();
                    if size <= FILE_MAX {
                        kept.extend_from_slice(&chunk);
                    }
                }
                match size {
                    0 => {}
                    n if n > FILE_MAX => {
                        form.files.insert(name, Upload::TooLarge);
                    }
                    _ => {
                        form.files.insert(name, Upload::Kept(kept));
                    }
                }
            } else {
                let text = field.text().await.map_err(too_large_or_bad)?;
                form.fields.insert(name, text);
            }
        }
        if !crate::http::csrf::token_matches(&expected, form.get("csrf")) {
            return Err(refused.into_response());
        }
        Ok(CheckedMultipart(form))
    }
}

fn too_large_or_bad(e: axum::extract::multipart::MultipartError) -> Response {
    (e.status(), e.body_text()).into_response()
}
