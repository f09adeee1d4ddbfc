//! Errors of the web layer. Internal detail goes to the log, with the request id; the reader
//! gets a page in their language that shows the request id and nothing internal.

use askama::Template;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::CookieJar;
use mandat_store::StoreError;

use crate::i18n::{Locale, Tr};
use crate::kit::frame::Chrome;

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
/// [`internal_error_page`], which knows the request.
#[derive(Clone, Copy, Debug)]
pub struct InternalError;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self, "internal error");
        internal_error()
    }
}

/// A bare 500 marked for [`internal_error_page`].
pub fn internal_error() -> Response {
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(InternalError);
    response
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    tr: Tr,
    chrome: Chrome,
    request_id: String,
}

/// Draws the 500 page for a response marked [`InternalError`], in the reader's language,
/// with the request id that the log lines of this request carry.
pub async fn internal_error_page(request: Request, next: Next) -> Response {
    let lang = Locale::from_jar(&CookieJar::from_headers(request.headers())).0;
    let uri = request.uri().clone();
    let request_id = request
        .headers()
        .get(crate::http::layers::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let response = next.run(request).await;
    if response.extensions().get::<InternalError>().is_none() {
        return response;
    }
    let page = ErrorPage {
        tr: Tr::new(lang),
        chrome: Chrome::new(lang, &uri),
        request_id,
    };
    match page.render() {
        Ok(html) => (StatusCode::INTERNAL_SERVER_ERROR, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "rendering the error page");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("Erreur interne / Internal error: {}", page.request_id),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::{Body, to_bytes};
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use tower::ServiceExt;

    use super::AppError;
    use mandat_store::StoreError;

    fn app() -> Router {
        crate::http::layers::around(
            Router::new()
                .route(
                    "/fails",
                    get(|| async {
                        Err::<(), _>(AppError::Store(StoreError::Corrupt(
                            "table people: secret detail".into(),
                        )))
                    }),
                )
                .route(
                    "/panics",
                    get(|| async { panic!("secret panic detail") as &'static str }),
                ),
        )
    }

    async fn page(path: &str, lang_cookie: Option<&str>) -> (StatusCode, String, String) {
        let mut request = Request::get(path);
        if let Some(lang) = lang_cookie {
            request = request.header("cookie", format!("lang={lang}"));
        }
        let response = app()
            .oneshot(request.body(Body::empty()).expect("request"))
            .await
            .expect("response");
        let status = response.status();
        let id = response.headers()["x-request-id"]
            .to_str()
            .expect("id")
            .to_string();
        let body = to_bytes(response.into_body(), 1 << 20).await.expect("body");
        (status, String::from_utf8(body.to_vec()).expect("utf-8"), id)
    }

    #[tokio::test]
    async fn an_internal_error_shows_the_request_id_and_nothing_internal() {
        let (status, body, id) = page("/fails", None).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains("Une erreur est survenue"), "{body}");
        assert!(body.contains(&id), "the page shows the request id {id}");
        assert!(
            !body.contains("secret") && !body.contains("people"),
            "{body}"
        );
    }

    #[tokio::test]
    async fn a_panic_becomes_the_same_page_in_the_readers_language() {
        let (status, body, id) = page("/panics", Some("en")).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            body.contains("Something went wrong") && body.contains(&id),
            "{body}"
        );
        assert!(!body.contains("secret"), "{body}");
    }
}
