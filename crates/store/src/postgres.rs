//! What only PostgreSQL says: how to connect and how its schema is read.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use crate::{Result, StoreError};

pub(crate) async fn connect(url: &str) -> Result<PgPool> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .map_err(|e| {
            StoreError::Config(format!(
                "cannot connect to PostgreSQL at the given URL: {e}"
            ))
        })?;
    // sqlx takes an advisory lock here, so processes starting together migrate once.
    sqlx::migrate!("migrations/postgres").run(&pool).await?;
    Ok(pool)
}

pub(crate) async fn schema(pool: &PgPool) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx\\_%'",
    )
    .fetch_all(pool)
    .await?)
}
