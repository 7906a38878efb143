use std::time::Duration;

use anyhow::Context;
use tend_app::{App, DeliveryLoop, DeliveryOptions};
use tend_store::Store;
use tend_web::WebConfig;

use crate::cli::ServeArgs;

/// Serves the store the arguments name until Ctrl-C or SIGTERM.
pub async fn serve(args: &ServeArgs, default_database_url: &str) -> anyhow::Result<()> {
    let store = Store::connect(args.database.url_or(default_database_url)).await?;
    serve_store(args, store, None).await
}

/// Serves an open store; `banner` is printed once the port is bound.
pub async fn serve_store(
    args: &ServeArgs,
    store: Store,
    banner: Option<String>,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {}; is another program using it? Choose another with --listen",
                args.listen
            )
        })?;
    // With `--listen 127.0.0.1:0` the system picks the port; links must name the real one.
    let bound = listener
        .local_addr()
        .context("the listening socket has no address")?;
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{bound}"));
    let app = App::new(store.clone(), &base_url);
    spawn_housekeeping(app.clone());
    // Sends public recognition to the webhooks in the background: the request that gives
    // recognition only writes to the outbox, so a slow receiver never holds it up.
    let deliveries = if args.no_webhooks {
        tracing::info!("webhook deliveries are off in this process (--no-webhooks)");
        None
    } else {
        Some(DeliveryLoop::spawn(app, DeliveryOptions::default()))
    };
    let config = WebConfig::new(&base_url).with_trusted_proxies(args.trusted_proxies.clone());
    let router = tend_web::router(store, config);
    println!("Tend is running at {base_url}");
    if let Some(banner) = banner {
        println!("{banner}");
    }
    tracing::info!(listen = %bound, "serving");
    let served = tend_web::serve(listener, router)
        .await
        .context("the server stopped with an error");
    // What is being sent is recorded before the process ends; the rest waits in the outbox.
    if let Some(deliveries) = deliveries {
        deliveries.stop().await;
    }
    served
}

/// The base URL the arguments give, or the listen address's (before binding; `demo` uses it for
/// nothing but links it never prints).
pub fn base_url_or_listen(args: &ServeArgs) -> String {
    args.base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.listen))
}

/// Deletes expired sessions and seals surveys that have closed, every ten minutes (so a closed
/// survey's answers lose the order they came in soon, whether or not anyone reads its results).
/// Idempotent, so running it in every process behind a load balancer is harmless.
fn spawn_housekeeping(app: App) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(600));
        loop {
            interval.tick().await;
            match app.housekeeping().await {
                Ok(deleted) if deleted > 0 => tracing::info!(deleted, "expired sessions removed"),
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(error = %error.chain(), "could not remove expired sessions")
                }
            }
        }
    });
}
