//! Tend's web layer: server-rendered pages (htmx for in-place edits), the JSON API under
//! `/api/v1`, sessions and tokens, and operations endpoints. Handlers stay thin: parse, authorize
//! (via `tend_domain::access`), call the store, render.

mod api;
mod assets;
mod auth;
mod error;
mod forms;
mod metrics;
mod ops;
mod pages;
mod security;
mod state;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use tend_store::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

pub use api::openapi_document;
pub use auth::tokens::{hash_token, new_token};
pub use state::{AppState, WebConfig};

/// Largest request body accepted; bigger ones get 413.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The whole application: pages, API, assets and operations endpoints, with every cross-cutting
/// layer (CSRF, security headers, metrics, tracing, panic safety, body limit).
pub fn router(store: Store, config: WebConfig) -> Router {
    let state = AppState::new(store, config);
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .merge(api::document_routes())
        .merge(ops::routes())
        .merge(assets::routes())
        .fallback(error::not_found_fallback)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::protect,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(middleware::map_response_with_state(
            state.clone(),
            security::add_headers,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::custom(error::panic_response))
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests under way.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
