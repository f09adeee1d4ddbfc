//! What wraps every route: request ids, tracing, panics caught, security headers,
//! compression, a time limit, and the internal error page.

use std::time::Duration;

use askama::Template;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::CookieJar;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::http::error::{InternalError, NotFound, internal_error};
use crate::i18n::{Locale, Tr};
use crate::kit::frame::{Chrome, not_found_page};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// No script but our own files (there is none yet), no inline script or style, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'; object-src 'none'";

/// One year of HTTPS only, for this host and those below it (ASVS 14.4.5).
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The layers around every route. Over `https` (the public address's scheme), every answer
/// also tells the browser to come back over HTTPS only.
pub fn around(routes: Router, https: bool) -> Router {
    let routes = https_only(routes, https);
    let headers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(no_sniff())
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), interest-cohort=()",
            ),
        ))
        .layer(no_store());
    traced(
        routes.layer(
            ServiceBuilder::new()
                .layer(headers)
                .layer(middleware::from_fn(error_pages))
                .layer(CatchPanicLayer::custom(panicked))
                .layer(CompressionLayer::new())
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    TIME_LIMIT,
                )),
        ),
    )
}

/// The layers around the agencies' machine API (the authorization API, asked at each of
/// their transactions): only what a JSON API needs. Request ids and the log, panics caught,
/// the time limit, no sniffing, no cache, HTTPS only over https; no cookie read or set (its
/// callers authenticate with a bearer token, which no other site's page can send, so there
/// is no cross-site request to forge), no page drawn, no compression of answers this small.
pub fn around_machines(routes: Router, https: bool) -> Router {
    let routes = https_only(routes, https);
    traced(
        routes.layer(
            ServiceBuilder::new()
                .layer(no_sniff())
                .layer(no_store())
                .layer(CatchPanicLayer::custom(panicked))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    TIME_LIMIT,
                )),
        ),
    )
}

/// Outermost, around both stacks: each request's id (its own, or a new one), its span in
/// the log, and the id echoed on the answer.
fn traced(routes: Router) -> Router {
    routes.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(request_span)
                    .on_response(DefaultOnResponse::new().level(Level::INFO)),
            )
            .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
    )
}

/// No answer is read as another type than the one it says (`nosniff`).
fn no_sniff() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    )
}

/// Pages and API answers may hold personal data: no cache keeps them, unless a route says
/// otherwise.
fn no_store() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    )
}

/// Over `https`, every answer tells the browser to come back over HTTPS only.
fn https_only(routes: Router, https: bool) -> Router {
    match https {
        true => routes.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        )),
        false => routes,
    }
}

/// How long a request may take before it is answered 503.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// The log's span of a request: its id, method and path.
fn request_span(request: &Request<axum::body::Body>) -> tracing::Span {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    // The path only, its keys masked: a query string or a path may carry a secret.
    let path = logged_path(request.uri().path());
    tracing::info_span!("request", request_id = %id, method = %request.method(), path = %path)
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a handler panicked");
    internal_error()
}

/// A path as the log writes it: a segment that is a key (a single-use link's token, a
/// request's tracking key: 32 characters or more, not a record's id) is masked, so that
/// whoever reads the logs cannot follow the link (issue 19, item 5; ASVS 4.0 7.1.1).
pub fn logged_path(path: &str) -> String {
    let masked = path.split('/').map(|segment| {
        let key = segment.len() >= 32
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && uuid::Uuid::try_parse(segment).is_err();
        if key { "…" } else { segment }
    });
    masked.collect::<Vec<_>>().join("/")
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    tr: Tr,
    chrome: Chrome,
    request_id: String,
}

/// Draws the page of a response marked [`NotFound`] or [`InternalError`], in the reader's
/// language; the 500 page shows the request id that the log lines of this request carry.
pub async fn error_pages(request: axum::extract::Request, next: Next) -> Response {
    let lang = Locale::from_jar(&CookieJar::from_headers(request.headers())).0;
    let uri = request.uri().clone();
    let request_id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let response = next.run(request).await;
    if response.extensions().get::<NotFound>().is_some() {
        return not_found_page(lang, &uri).into_response();
    }
    if framework_rejection(&response) {
        return crate::kit::frame::unreadable(lang, &uri, response.status());
    }
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

/// A request axum's extractors refused (a malformed form or query, a body too large, a wrong
/// content type): a client error in plain text, where every page of Mandat is HTML.
fn framework_rejection(response: &Response) -> bool {
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    response.status().is_client_error() && plain
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::{Body, to_bytes};
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use tower::ServiceExt;

    use crate::http::AppError;
    use mandat_store::StoreError;

    fn app() -> Router {
        super::around(
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
                )
                .route(
                    "/missing",
                    get(|| async { Err::<(), _>(AppError::NotFound) }),
                ),
            false,
        )
    }

    /// ASVS 14.4.5: over HTTPS, every answer, a missing page's too, says to stay on HTTPS;
    /// over plain HTTP (a development machine) it says nothing a browser would keep.
    #[tokio::test]
    async fn https_answers_carry_strict_transport_security() {
        for (https, expected) in [(true, Some(super::HSTS)), (false, None)] {
            let router = super::around(Router::new().route("/", get(|| async { "" })), https);
            for path in ["/", "/missing"] {
                let request = Request::get(path).body(Body::empty()).expect("request");
                let response = router.clone().oneshot(request).await.expect("response");
                let sts = response.headers().get("strict-transport-security");
                assert_eq!(sts.and_then(|v| v.to_str().ok()), expected, "{path}");
            }
        }
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

    #[tokio::test]
    async fn a_missing_record_is_the_404_page_in_the_readers_language() {
        let (status, body, _) = page("/missing", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("Page introuvable"), "{body}");
        let (status, body, _) = page("/missing", Some("en")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("Page not found"), "{body}");
    }
}
