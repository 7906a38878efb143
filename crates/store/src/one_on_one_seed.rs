//! Seeding a demo organisation's one-on-one history: hundreds of thousands of rows, so each table
//! is filled by a few statements that read a JSON array (one round trip per few thousand rows)
//! rather than a statement per row. Only for an organisation without one-on-ones yet; ids are
//! given here, and PostgreSQL's identity counters are moved past them afterwards.

use serde_json::{Value, json};
use tend_domain::one_on_one::agenda::{Templates, template_text};
use tend_domain::one_on_one::{ItemKind, MeetingStatus, Schedule};
use tend_domain::{DomainError, Timestamp};

use crate::BeginWrite as _;
use crate::{BackendKind, Result, Store, on_pool};

/// Which of the two people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Lead,
    Report,
}

#[derive(Debug, Clone)]
pub struct SeedSeries {
    pub lead_email: String,
    pub report_email: String,
    pub schedule: Schedule,
    pub templates: Templates,
    /// Oldest first; the last is the scheduled one.
    pub meetings: Vec<SeedMeeting>,
}

#[derive(Debug, Clone)]
pub struct SeedMeeting {
    pub occurrence: u32,
    pub starts_at: Timestamp,
    pub status: MeetingStatus,
    pub reason: String,
    /// `None` for the items the meeting opened with.
    pub items: Vec<(ItemKind, String, Option<Side>, bool)>,
    pub notes: Vec<(Side, bool, String)>,
    /// Text, owner, done.
    pub actions: Vec<(String, Side, bool)>,
}

/// Rows per statement: well under either backend's limits, few round trips.
pub(crate) const CHUNK: usize = 5_000;

/// The SQL that inserts rows given as a JSON array of arrays (`$1`) into `table`, each column
/// read from its position and cast to its type on PostgreSQL.
pub(crate) fn insert_from_json(kind: BackendKind, table: &str, columns: &[(&str, &str)]) -> String {
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let values: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, pg_type))| match kind {
            BackendKind::Sqlite => format!("j.value ->> {i}"),
            BackendKind::Postgres => format!("(j.value ->> {i})::{pg_type}"),
        })
        .collect();
    let source = match kind {
        BackendKind::Sqlite => "json_each($1) j",
        // jsonb: each row is parsed once, where `->>` on `json` would scan the row's text again
        // for every column (a third less time for the whole seed).
        BackendKind::Postgres => "jsonb_array_elements($1::jsonb) AS j(value)",
    };
    format!(
        "INSERT INTO {table} ({}) SELECT {} FROM {source}",
        names.join(", "),
        values.join(", ")
    )
}

impl Store {
    /// Stores the one-on-one history of a demo organisation in one transaction; people are named
    /// by email. Refuses when one-on-ones already exist.
    pub async fn seed_one_on_ones(
        &self,
        plan: &[SeedSeries],
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        let now = self.now();
        let kind = self.kind();
        let series_sql = insert_from_json(
            kind,
            "one_on_one_series",
            &[
                ("id", "bigint"),
                ("lead_id", "bigint"),
                ("report_id", "bigint"),
                ("started_by", "bigint"),
                ("cadence", "text"),
                ("first_local", "text"),
                ("time_zone", "text"),
                ("opening_template", "text"),
                ("career_template", "text"),
                ("career_every", "bigint"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ],
        );
        let meetings_sql = insert_from_json(
            kind,
            "meetings",
            &[
                ("id", "bigint"),
                ("series_id", "bigint"),
                ("occurrence", "bigint"),
                ("starts_at", "timestamptz"),
                ("status", "text"),
                ("reason", "text"),
                ("finished_at", "timestamptz"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ],
        );
        let points_sql = insert_from_json(
            kind,
            "talking_points",
            &[
                ("meeting_id", "bigint"),
                ("position", "bigint"),
                ("kind", "text"),
                ("text", "text"),
                ("added_by", "bigint"),
                ("discussed", "boolean"),
                ("created_at", "timestamptz"),
            ],
        );
        let notes_sql = insert_from_json(
            kind,
            "meeting_notes",
            &[
                ("meeting_id", "bigint"),
                ("author_id", "bigint"),
                ("private", "boolean"),
                ("body", "text"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ],
        );
        let actions_sql = insert_from_json(
            kind,
            "action_items",
            &[
                ("meeting_id", "bigint"),
                ("text", "text"),
                ("owner_id", "bigint"),
                ("done", "boolean"),
                ("created_by", "bigint"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ],
        );
        let time = |t: Timestamp| t.rfc3339();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM one_on_one_series")
                .fetch_one(&mut *tx)
                .await?;
            if existing > 0 {
                return Err(DomainError::Conflict("one-on-ones exist already".into()).into());
            }
            let ids: Vec<(i64, String)> = sqlx::query_as("SELECT id, email FROM people")
                .fetch_all(&mut *tx)
                .await?;
            let by_email: std::collections::HashMap<&str, i64> =
                ids.iter().map(|(id, email)| (email.as_str(), *id)).collect();
            let next_meeting: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM meetings")
                .fetch_one(&mut *tx)
                .await?;
            let (mut series_rows, mut meeting_rows, mut point_rows, mut note_rows, mut action_rows) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let mut meeting_id = next_meeting;
            for (n, series) in plan.iter().enumerate() {
                let (Some(&lead), Some(&report)) = (
                    by_email.get(series.lead_email.as_str()),
                    by_email.get(series.report_email.as_str()),
                ) else {
                    continue;
                };
                let series_id = n as i64 + 1;
                let person = |side: Side| if side == Side::Lead { lead } else { report };
                let created = series.meetings.first().map_or(now, |m| m.starts_at) - time::Duration::days(7);
                series_rows.push(json!([
                    series_id, lead, report, lead,
                    series.schedule.cadence.as_str(), series.schedule.first_text(), series.schedule.time_zone,
                    template_text(&series.templates.opening), template_text(&series.templates.career),
                    series.templates.career_rule.stored(), time(created), time(created),
                ]));
                for meeting in &series.meetings {
                    let finished = (meeting.status != MeetingStatus::Scheduled).then(|| time(meeting.starts_at));
                    meeting_rows.push(json!([
                        meeting_id, series_id, meeting.occurrence, time(meeting.starts_at),
                        meeting.status.as_str(), meeting.reason, finished,
                        time(meeting.starts_at - time::Duration::days(7)), time(meeting.starts_at),
                    ]));
                    let at = time(meeting.starts_at - time::Duration::days(1));
                    for (position, (kind, text, by, discussed)) in meeting.items.iter().enumerate() {
                        point_rows.push(json!([
                            meeting_id, position, kind.as_str(), text,
                            by.map(person), discussed, at,
                        ]));
                    }
                    for (author, private, body) in &meeting.notes {
                        let at = time(meeting.starts_at);
                        note_rows.push(json!([meeting_id, person(*author), private, body, at, at]));
                    }
                    for (text, owner, done) in &meeting.actions {
                        let at = time(meeting.starts_at);
                        action_rows.push(json!([meeting_id, text, person(*owner), done, lead, at, at]));
                    }
                    meeting_id += 1;
                }
                progress(n as u64 + 1);
            }
            for (sql, rows) in [
                (&series_sql, &series_rows),
                (&meetings_sql, &meeting_rows),
                (&points_sql, &point_rows),
                (&notes_sql, &note_rows),
                (&actions_sql, &action_rows),
            ] {
                for chunk in rows.chunks(CHUNK) {
                    sqlx::query(sql)
                        .bind(Value::Array(chunk.to_vec()).to_string())
                        .execute(&mut *tx)
                        .await?;
                }
            }
            if kind == BackendKind::Postgres {
                for table in ["one_on_one_series", "meetings"] {
                    sqlx::query(&format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    ))
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
