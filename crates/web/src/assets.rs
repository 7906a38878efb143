//! Static assets, compiled into the binary. htmx and Pico CSS come from the npm registry
//! (`crates/web/assets/package.json`, refreshed by `scripts/vendor-assets`).

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::PageError;
use crate::routes::Routes;

/// Part of every asset URL, so a new release is never served a stale cached file.
pub const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/htmx.min.js"),
    ),
    (
        "pico.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/pico.jade.min.css"),
    ),
    (
        "tend.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/tend.css"),
    ),
    (
        "tend.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/tend.js"),
    ),
];

pub fn routes() -> Routes {
    Routes::new().get("/static/{version}/{name}", asset)
}

async fn asset(Path((_version, name)): Path<(String, String)>) -> Response {
    match ASSETS.iter().find(|(asset, ..)| *asset == name) {
        Some((_, content_type, body)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            *body,
        )
            .into_response(),
        None => PageError(tend_app::Error::NotFound.into()).into_response(),
    }
}
