//! Static assets, embedded in the binary and served under a name that carries a hash of
//! their content, so browsers may cache them for a year and still see every change.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

struct Asset {
    /// The name with its content hash: `mandat.3f2a9c1e.css`.
    hashed: String,
    bytes: &'static [u8],
    content_type: &'static str,
}

fn asset(stem: &str, ext: &str, bytes: &'static [u8], content_type: &'static str) -> Asset {
    let hash = hex::encode(&Sha256::digest(bytes)[..6]);
    Asset {
        hashed: format!("{stem}.{hash}.{ext}"),
        bytes,
        content_type,
    }
}

static CSS: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "mandat",
        "css",
        include_bytes!("../../static/mandat.css"),
        "text/css; charset=utf-8",
    )
});
static ICON: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "mandat",
        "svg",
        include_bytes!("../../static/mandat.svg"),
        "image/svg+xml",
    )
});

static SCRIPT: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "mandat",
        "js",
        include_bytes!("../../static/mandat.js"),
        "text/javascript; charset=utf-8",
    )
});

/// The script's URL.
pub fn script_href() -> String {
    format!("/static/{}", SCRIPT.hashed)
}

/// The stylesheet's URL.
pub fn css_href() -> String {
    format!("/static/{}", CSS.hashed)
}

/// The icon's URL.
pub fn icon_href() -> String {
    format!("/static/{}", ICON.hashed)
}

pub async fn serve(Path(name): Path<String>) -> Response {
    match [&*CSS, &*ICON, &*SCRIPT]
        .into_iter()
        .find(|a| a.hashed == name)
    {
        Some(a) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(a.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            a.bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
