//! Tend's web layer: server-rendered pages (htmx for in-place edits), the JSON API under
//! `/api/v1`, sessions and tokens, and operations endpoints. Handlers stay thin: parse, call a use
//! case of `tend_app` (which decides access and writes), render.

mod api;
mod assets;
mod auth;
mod charts;
mod error;
mod forms;
pub mod markdown;
mod metrics;
mod ops;
mod pages;
mod routes;
mod security;
mod state;
mod survey_csv;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::middleware;
use tend_app::App;
use tend_store::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use api::openapi_document;
pub use routes::Route;
pub use state::{AppState, WebConfig};

/// Largest request body accepted; bigger ones get 413.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The whole application: pages, API, assets and operations endpoints, with every cross-cutting
/// layer (CSRF, security headers, metrics, tracing, panic safety, body limit).
pub fn router(store: Store, config: WebConfig) -> Router {
    let app = App::new(store, &config.base_url);
    let state = AppState::new(app, config);
    let (routes, _) = all_routes().into_parts();
    routes
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
        // Pages and API answers can carry private content: no cache keeps them unless a route
        // says otherwise (the embedded assets are immutable and say so).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(middleware::from_fn(error::api_panics_as_problems))
        .with_state(state)
}

fn all_routes() -> routes::Routes {
    routes::Routes::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .merge(api::document_routes())
        .merge(ops::routes())
        .merge(assets::routes())
}

/// Every route the router serves, as (method, path pattern): what the authorization matrix test
/// checks it has a row for.
pub fn route_table() -> Vec<Route> {
    let (_, mut table) = all_routes().into_parts();
    table.sort();
    table
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
