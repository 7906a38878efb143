//! Seeding a demo organisation's recognition history in a few statements (see
//! [`crate::one_on_one_seed`] for why JSON arrays): ids are given here, and PostgreSQL's identity
//! counter is moved past them afterwards.

use serde_json::{Value, json};
use tend_domain::Timestamp;
use tend_domain::recognition::{Celebrates, Visibility};

use crate::BeginWrite as _;
use crate::one_on_one_seed::insert_from_json;
use crate::{BackendKind, Result, Store, on_pool};

/// One recognition of the demo history; people by email.
#[derive(Debug, Clone)]
pub struct SeedRecognition {
    pub giver_email: String,
    pub recipient_emails: Vec<String>,
    pub message: String,
    pub celebrates: Celebrates,
    pub visibility: Visibility,
    pub value: Option<String>,
    pub at: Timestamp,
}

const CHUNK: usize = 5_000;

impl Store {
    /// Stores the team values and the recognition history of a demo organisation, oldest first,
    /// in one transaction. No webhook deliveries: the history is not news.
    pub async fn seed_recognitions(&self, values: &[&str], plan: &[SeedRecognition]) -> Result<()> {
        let now = self.now();
        let kind = self.kind();
        let recognitions_sql = insert_from_json(
            kind,
            "recognitions",
            &[
                ("id", "bigint"),
                ("giver_id", "bigint"),
                ("message", "text"),
                ("celebrates", "text"),
                ("visibility", "text"),
                ("value", "text"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ],
        );
        let recipients_sql = insert_from_json(
            kind,
            "recognition_recipients",
            &[
                ("recognition_id", "bigint"),
                ("person_id", "bigint"),
                ("position", "bigint"),
            ],
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for value in values {
                sqlx::query("INSERT INTO recognition_values (name, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(*value)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            let ids: Vec<(i64, String)> = sqlx::query_as("SELECT id, email FROM people")
                .fetch_all(&mut *tx)
                .await?;
            let by_email: std::collections::HashMap<&str, i64> =
                ids.iter().map(|(id, email)| (email.as_str(), *id)).collect();
            let first: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM recognitions")
                .fetch_one(&mut *tx)
                .await?;
            let (mut rows, mut recipient_rows) = (Vec::new(), Vec::new());
            let mut id = first;
            for r in plan {
                let Some(&giver) = by_email.get(r.giver_email.as_str()) else { continue };
                let recipients: Vec<i64> = r
                    .recipient_emails
                    .iter()
                    .filter_map(|e| by_email.get(e.as_str()).copied())
                    .filter(|p| *p != giver)
                    .collect();
                if recipients.is_empty() {
                    continue;
                }
                let at = r.at.rfc3339();
                rows.push(json!([id, giver, r.message, r.celebrates.as_str(), r.visibility.as_str(), r.value, at, at]));
                for (position, person) in recipients.iter().enumerate() {
                    recipient_rows.push(json!([id, person, position]));
                }
                id += 1;
            }
            for (sql, rows) in [(&recognitions_sql, &rows), (&recipients_sql, &recipient_rows)] {
                for chunk in rows.chunks(CHUNK) {
                    sqlx::query(sql)
                        .bind(Value::Array(chunk.to_vec()).to_string())
                        .execute(&mut *tx)
                        .await?;
                }
            }
            if kind == BackendKind::Postgres {
                sqlx::query(
                    "SELECT setval(pg_get_serial_sequence('recognitions', 'id'), (SELECT COALESCE(MAX(id), 1) FROM recognitions))",
                )
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
