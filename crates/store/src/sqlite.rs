//! What only SQLite says: how a file is opened and how its schema is read.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Result, StoreError};

pub(crate) async fn connect(url: &str) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Config(format!("cannot read the SQLite URL “{url}”: {e}")))?
        .create_if_missing(true)
        // WAL lets readers go on while one writer writes. NORMAL never corrupts the database but
        // a power loss can drop the last commits (docs/operations.md says when to choose more).
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // Deleted rows are overwritten, not left in free pages: survey answers rewritten at
        // sealing (and erased personal content) do not linger in the file.
        .pragma("secure_delete", "on")
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|e| StoreError::Config(format!("cannot open the SQLite database “{url}”: {e}")))?;
    sqlx::migrate!("migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

pub(crate) async fn schema(pool: &SqlitePool) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        // Full-text indexes (virtual tables and the tables they keep) are SQLite's own way to
        // index; PostgreSQL keeps the same in plain indexes, so they are not part of the schema.
        "SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx_%'
           AND NOT EXISTS (SELECT 1 FROM sqlite_master v
                           WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND m.name LIKE v.name || '%')",
    )
    .fetch_all(pool)
    .await?)
}
