//! Helpers for tests in this and other crates: a fresh, empty database for each test.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

/// The environment variable naming a PostgreSQL server for tests; unset means SQLite only.
pub const POSTGRES_URL_VAR: &str = "TEND_TEST_POSTGRES_URL";
/// Set (to anything) by CI: then a PostgreSQL scenario without a server fails instead of passing
/// without running.
pub const REQUIRE_POSTGRES_VAR: &str = "TEND_REQUIRE_POSTGRES";

/// Fails the calling test when PostgreSQL is required but not configured; a PostgreSQL scenario
/// calls this before skipping, so CI can never pass one silently.
pub fn require_postgres() {
    if std::env::var_os(REQUIRE_POSTGRES_VAR).is_some() {
        panic!(
            "{REQUIRE_POSTGRES_VAR} is set but {POSTGRES_URL_VAR} is not: the PostgreSQL scenarios cannot run"
        );
    }
}

impl crate::Store {
    /// Runs one SQL statement as it is, for tests that break the database on purpose (a table
    /// dropped under a running server, say).
    /// Runs a query with one bound integer and reads every row it returns, for benchmarks that
    /// time the database on its own; returns how many rows came back.
    pub async fn bench_rows(&self, sql: &str, id: i64) -> crate::Result<usize> {
        Ok(match &self.backend {
            crate::Backend::Sqlite(pool) => sqlx::query(sql).bind(id).fetch_all(pool).await?.len(),
            crate::Backend::Postgres(pool) => {
                sqlx::query(sql).bind(id).fetch_all(pool).await?.len()
            }
        })
    }

    pub async fn execute_for_tests(&self, sql: &str) -> crate::Result<()> {
        crate::on_pool!(self, pool => {
            sqlx::query(sql).execute(pool).await?;
        });
        Ok(())
    }

    /// Every stored timestamp, as the database holds it: text in SQLite, and in PostgreSQL the
    /// text of any value with a fraction of a second (there should be none). For the conformance
    /// scenario that checks the one time convention.
    pub async fn stored_timestamps(&self) -> crate::Result<Vec<String>> {
        const COLUMNS: &[(&str, &str)] = &[
            ("people", "archived_at"),
            ("people", "created_at"),
            ("people", "updated_at"),
            ("teams", "archived_at"),
            ("teams", "created_at"),
            ("teams", "updated_at"),
            ("sessions", "created_at"),
            ("sessions", "expires_at"),
            ("api_tokens", "created_at"),
            ("api_tokens", "last_used_at"),
            ("invites", "expires_at"),
            ("one_on_one_series", "created_at"),
            ("one_on_one_series", "updated_at"),
            ("one_on_one_series", "ended_at"),
            ("meetings", "starts_at"),
            ("meetings", "moved_from"),
            ("meetings", "finished_at"),
            ("meetings", "created_at"),
            ("meetings", "updated_at"),
            ("talking_points", "created_at"),
            ("meeting_notes", "created_at"),
            ("meeting_notes", "updated_at"),
            ("action_items", "created_at"),
            ("action_items", "updated_at"),
            ("calendar_feeds", "created_at"),
            ("recognitions", "created_at"),
            ("recognitions", "updated_at"),
            ("recognitions", "hidden_at"),
            ("recognition_reactions", "created_at"),
            ("recognition_values", "created_at"),
            ("recognition_settings", "updated_at"),
            ("webhooks", "created_at"),
            ("webhook_deliveries", "next_attempt_at"),
            ("webhook_deliveries", "claimed_until"),
            ("webhook_deliveries", "delivered_at"),
            ("webhook_deliveries", "created_at"),
            ("webhook_deliveries", "updated_at"),
            ("objectives", "created_at"),
            ("objectives", "updated_at"),
            ("goals", "created_at"),
            ("goals", "updated_at"),
            ("goal_check_ins", "created_at"),
            ("career_conversations", "created_at"),
            ("lead_reflections", "updated_at"),
            ("ownership_areas", "created_at"),
            ("ownership_areas", "updated_at"),
            ("delegations", "created_at"),
            ("delegations", "updated_at"),
            ("delegation_levels", "changed_at"),
            ("opportunities", "created_at"),
            ("opportunities", "updated_at"),
            ("survey_instruments", "created_at"),
            ("survey_instruments", "updated_at"),
            ("surveys", "opens_at"),
            ("surveys", "closes_at"),
            ("surveys", "planned_opens_at"),
            ("surveys", "planned_closes_at"),
            ("surveys", "shared_at"),
            ("surveys", "reminded_at"),
            ("surveys", "created_at"),
            ("surveys", "updated_at"),
            ("survey_actions", "created_at"),
            ("survey_actions", "updated_at"),
            ("survey_settings", "updated_at"),
        ];
        let mut found = Vec::new();
        for &(table, column) in COLUMNS {
            let texts: Vec<String> = match &self.backend {
                crate::Backend::Sqlite(pool) => {
                    sqlx::query_scalar(&format!(
                        "SELECT CAST({column} AS TEXT) FROM {table} WHERE {column} IS NOT NULL"
                    ))
                    .fetch_all(pool)
                    .await?
                }
                crate::Backend::Postgres(pool) => {
                    sqlx::query_scalar(&format!(
                        "SELECT CAST({column} AS TEXT) FROM {table}
                         WHERE {column} <> date_trunc('second', {column})"
                    ))
                    .fetch_all(pool)
                    .await?
                }
            };
            found.extend(texts);
        }
        Ok(found)
    }
}

impl crate::Store {
    /// The names of a table's columns, in the order they were declared (a name from a test,
    /// never from input).
    pub async fn table_columns_for_tests(&self, table: &str) -> crate::Result<Vec<String>> {
        Ok(match &self.backend {
            crate::Backend::Sqlite(pool) => {
                sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                    .bind(table)
                    .fetch_all(pool)
                    .await?
            }
            crate::Backend::Postgres(pool) => {
                sqlx::query_scalar(
                    "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = $1
                     ORDER BY ordinal_position",
                )
                .bind(table)
                .fetch_all(pool)
                .await?
            }
        })
    }

    /// Every row of a table, each value cast to text (`None` for NULL) in column order, in the
    /// order the database keeps them (no `ORDER BY`: SQLite's key order for a table without
    /// rowid, PostgreSQL's heap order). For the scenarios that check what a table gives away.
    pub async fn table_rows_for_tests(
        &self,
        table: &str,
    ) -> crate::Result<Vec<Vec<Option<String>>>> {
        use sqlx::Row;
        let columns = self.table_columns_for_tests(table).await?;
        let select = columns
            .iter()
            .map(|c| format!("CAST(\"{c}\" AS TEXT)"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("SELECT {select} FROM {table}");
        Ok(crate::on_pool!(self, pool => {
            let rows = sqlx::query(&sql).fetch_all(pool).await?;
            let mut values = Vec::with_capacity(rows.len());
            for row in &rows {
                values.push(
                    (0..columns.len())
                        .map(|i| row.try_get::<Option<String>, _>(i))
                        .collect::<Result<Vec<_>, _>>()?,
                );
            }
            values
        }))
    }
}

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

impl crate::Store {
    /// Puts every team's sort key back as builds before migration 0006 wrote it (the lower-cased
    /// name) and runs that migration's SQL again: for the scenario that checks the migration
    /// computes what `tend_domain::team::sort_key` does.
    pub async fn rerun_natural_team_order_migration(&self) -> crate::Result<()> {
        let names: Vec<(i64, String)> = crate::on_pool!(self, pool => {
            sqlx::query_as("SELECT id, name FROM teams").fetch_all(pool).await?
        });
        crate::on_pool!(self, pool => {
            for (id, name) in names {
                sqlx::query("UPDATE teams SET sort_name = $1 WHERE id = $2")
                    .bind(tend_domain::person::sort_key(&name))
                    .bind(id)
                    .execute(pool)
                    .await?;
            }
        });
        match &self.backend {
            crate::Backend::Sqlite(pool) => {
                sqlx::raw_sql(include_str!(
                    "../migrations/sqlite/0006_natural_team_order.sql"
                ))
                .execute(pool)
                .await?;
            }
            crate::Backend::Postgres(pool) => {
                sqlx::raw_sql(include_str!(
                    "../migrations/postgres/0006_natural_team_order.sql"
                ))
                .execute(pool)
                .await?;
            }
        }
        Ok(())
    }

    /// Every team's name and stored sort key.
    pub async fn team_sort_keys(&self) -> crate::Result<Vec<(String, String)>> {
        Ok(crate::on_pool!(self, pool => {
            sqlx::query_as("SELECT name, sort_name FROM teams ORDER BY id").fetch_all(pool).await?
        }))
    }
}
