//! Helpers for tests in this and other crates: a fresh, empty database for each test.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

/// The environment variable naming a PostgreSQL server for tests; unset means SQLite only.
pub const POSTGRES_URL_VAR: &str = "TEND_TEST_POSTGRES_URL";

/// Creates an empty database on the server `admin_url` points at and returns its URL.
/// Names start with `tend_test_` so a CI run can drop what earlier runs left.
pub async fn fresh_postgres_database(admin_url: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = format!(
        "tend_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    );
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("{POSTGRES_URL_VAR} is set but PostgreSQL is unreachable: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    let _ = admin.close().await;
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin_url, String::new()),
    };
    let server = base.rsplit_once('/').map_or(base, |(server, _)| server);
    format!("{server}/{name}{query}")
}

/// A SQLite URL for a new file in `dir`.
pub fn sqlite_url_in(dir: &std::path::Path) -> String {
    format!("sqlite://{}", dir.join("tend.db").display())
}
