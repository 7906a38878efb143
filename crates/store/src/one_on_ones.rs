//! One-on-one series, their meetings, and each meeting's talking points, notes and action items.
//! Who may read or change any of it is decided in the use cases; every write here is one
//! transaction, and a meeting that moves on (held, skipped, cancelled) brings the next one into
//! being in the same transaction, so a series always has its next meeting.

use tend_domain::one_on_one::agenda::{CareerRule, Templates, parse_template, template_text};
use tend_domain::one_on_one::{
    ActionItem, Cadence, ItemKind, Meeting, MeetingStatus, NotHeld, Note, Schedule, Series,
    TalkingPoint,
};
use tend_domain::{
    ActionItemId, DomainError, MeetingId, NoteId, PersonId, SeriesId, TalkingPointId, Timestamp,
};

use crate::BeginWrite as _;
use crate::{Result, Store, StoreError, on_pool};

/// A series to create: who, when, and what each meeting opens with.
#[derive(Debug, Clone)]
pub struct NewSeries {
    pub lead_id: PersonId,
    pub report_id: PersonId,
    pub started_by: PersonId,
    pub schedule: Schedule,
    pub templates: Templates,
}

/// A meeting to bring into being: which occurrence, when, and the items it opens with.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub occurrence: u32,
    pub starts_at: Timestamp,
    pub opening_items: Vec<(ItemKind, String)>,
}

/// A series as a list shows it: both people's names and the meeting still to come.
#[derive(Debug, Clone)]
pub struct SeriesListing {
    pub series: Series,
    pub lead_name: String,
    pub report_name: String,
    pub next_meeting: Option<Meeting>,
}

/// How a scheduled meeting ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// Held: open action items move to the next meeting.
    Completed,
    /// Not held: open action items and the talking points people added move to the next one.
    NotHeld(NotHeld),
}

#[derive(sqlx::FromRow)]
struct SeriesRow {
    id: SeriesId,
    lead_id: PersonId,
    report_id: PersonId,
    started_by: PersonId,
    cadence: String,
    first_local: String,
    time_zone: String,
    opening_template: String,
    career_template: String,
    career_every: i64,
    ended_at: Option<Timestamp>,
    created_at: Timestamp,
}

const SERIES_COLUMNS: &str = "s.id, s.lead_id, s.report_id, s.started_by, s.cadence, s.first_local, \
    s.time_zone, s.opening_template, s.career_template, s.career_every, s.ended_at, s.created_at";

impl TryFrom<SeriesRow> for Series {
    type Error = StoreError;
    fn try_from(row: SeriesRow) -> Result<Self> {
        let corrupt =
            |what: &str| StoreError::Corrupt(format!("one-on-one series {}: {what}", row.id));
        let cadence: Cadence = row.cadence.parse().map_err(|_| corrupt("cadence"))?;
        let schedule = Schedule::from_stored(cadence, &row.first_local, &row.time_zone)
            .ok_or_else(|| corrupt("schedule"))?;
        let templates = Templates {
            opening: parse_template("opening", &row.opening_template)
                .map_err(|_| corrupt("opening template"))?,
            career: parse_template("career", &row.career_template)
                .map_err(|_| corrupt("career template"))?,
            career_rule: CareerRule::from_stored(row.career_every),
        };
        Ok(Series {
            id: row.id,
            lead_id: row.lead_id,
            report_id: row.report_id,
            started_by: row.started_by,
            schedule,
            templates,
            ended_at: row.ended_at,
            created_at: row.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: MeetingId,
    series_id: SeriesId,
    occurrence: i64,
    starts_at: Timestamp,
    status: String,
    reason: String,
    moved_from: Option<Timestamp>,
}

/// The columns of each row type below, in its row struct's order.
const TALKING_POINT_COLUMNS: &str = "id, meeting_id, position, kind, text, added_by, discussed";
const NOTE_COLUMNS: &str = "id, meeting_id, author_id, private, body, created_at, updated_at";
const ACTION_ITEM_COLUMNS: &str =
    "id, meeting_id, carried_from_meeting_id, text, owner_id, due_on, done";

const MEETING_COLUMNS: &str =
    "m.id, m.series_id, m.occurrence, m.starts_at, m.status, m.reason, m.moved_from";

impl TryFrom<MeetingRow> for Meeting {
    type Error = StoreError;
    fn try_from(row: MeetingRow) -> Result<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("meeting {}: {what}", row.id));
        Ok(Meeting {
            id: row.id,
            series_id: row.series_id,
            occurrence: u32::try_from(row.occurrence).map_err(|_| corrupt("occurrence"))?,
            starts_at: row.starts_at,
            status: row.status.parse().map_err(|_| corrupt("status"))?,
            reason: row.reason,
            moved_from: row.moved_from,
        })
    }
}

#[derive(sqlx::FromRow)]
struct TalkingPointRow {
    id: TalkingPointId,
    meeting_id: MeetingId,
    position: i64,
    kind: String,
    text: String,
    added_by: Option<PersonId>,
    discussed: bool,
}

impl TryFrom<TalkingPointRow> for TalkingPoint {
    type Error = StoreError;
    fn try_from(row: TalkingPointRow) -> Result<Self> {
        Ok(TalkingPoint {
            kind: row
                .kind
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("talking point {}: kind", row.id)))?,
            id: row.id,
            meeting_id: row.meeting_id,
            position: row.position,
            text: row.text,
            added_by: row.added_by,
            discussed: row.discussed,
        })
    }
}

#[derive(sqlx::FromRow)]
struct NoteRow {
    id: NoteId,
    meeting_id: MeetingId,
    author_id: PersonId,
    private: bool,
    body: String,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<NoteRow> for Note {
    fn from(row: NoteRow) -> Self {
        Note {
            id: row.id,
            meeting_id: row.meeting_id,
            author_id: row.author_id,
            private: row.private,
            body: row.body,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ActionItemRow {
    id: ActionItemId,
    meeting_id: MeetingId,
    carried_from_meeting_id: Option<MeetingId>,
    text: String,
    owner_id: PersonId,
    due_on: Option<time::Date>,
    done: bool,
}

impl From<ActionItemRow> for ActionItem {
    fn from(row: ActionItemRow) -> Self {
        ActionItem {
            id: row.id,
            meeting_id: row.meeting_id,
            carried_from: row.carried_from_meeting_id,
            text: row.text,
            owner_id: row.owner_id,
            due_on: row.due_on,
            done: row.done,
        }
    }
}

impl Store {
    /// Why a change to a scheduled meeting touched nothing: it is over, or it does not exist.
    async fn over_or_missing(&self, id: MeetingId) -> StoreError {
        match self.meeting(id).await {
            Ok(Some(_)) => already_over(),
            Ok(None) => StoreError::not_found(),
            Err(error) => error,
        }
    }
}

/// A scheduled meeting that is no longer scheduled cannot move on again.
fn already_over() -> StoreError {
    DomainError::Conflict("this meeting is already over: it was held, skipped or cancelled".into())
        .into()
}

/// Checks inside an open transaction (`$tx`) that a meeting exists and is still scheduled.
macro_rules! scheduled_meeting {
    ($tx:ident, $meeting:expr) => {{
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM meetings WHERE id = $1")
                .bind($meeting)
                .fetch_optional(&mut *$tx)
                .await?;
        match status.as_deref() {
            None => return Err(StoreError::not_found()),
            Some("scheduled") => {}
            Some(_) => return Err(already_over()),
        }
    }};
}

/// Inserts a meeting and the items it opens with inside an open transaction (`$tx`); evaluates to
/// its id.
macro_rules! insert_meeting {
    ($tx:ident, $series:expr, $meeting:expr, $now:expr) => {{
        let meeting: &NewMeeting = $meeting;
        let id: MeetingId = sqlx::query_scalar(
            "INSERT INTO meetings (series_id, occurrence, starts_at, status, created_at, updated_at)
             VALUES ($1, $2, $3, 'scheduled', $4, $4) RETURNING id",
        )
        .bind($series)
        .bind(i64::from(meeting.occurrence))
        .bind(meeting.starts_at)
        .bind($now)
        .fetch_one(&mut *$tx)
        .await?;
        for (position, (kind, text)) in meeting.opening_items.iter().enumerate() {
            sqlx::query(
                "INSERT INTO talking_points (meeting_id, position, kind, text, added_by, discussed, created_at)
                 VALUES ($1, $2, $3, $4, NULL, FALSE, $5)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(kind.as_str())
            .bind(text)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        }
        id
    }};
}

impl Store {
    /// Creates a series with its first meeting, in one transaction.
    pub async fn create_series(&self, new: &NewSeries, first: &NewMeeting) -> Result<SeriesId> {
        let now = self.now();
        let id = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: SeriesId = sqlx::query_scalar(
                "INSERT INTO one_on_one_series (lead_id, report_id, started_by, cadence, first_local,
                    time_zone, opening_template, career_template, career_every, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            )
            .bind(new.lead_id)
            .bind(new.report_id)
            .bind(new.started_by)
            .bind(new.schedule.cadence.as_str())
            .bind(new.schedule.first_text())
            .bind(&new.schedule.time_zone)
            .bind(template_text(&new.templates.opening))
            .bind(template_text(&new.templates.career))
            .bind(new.templates.career_rule.stored())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            insert_meeting!(tx, id, first, now);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    pub async fn series(&self, id: SeriesId) -> Result<Option<Series>> {
        let row: Option<SeriesRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {SERIES_COLUMNS} FROM one_on_one_series s WHERE s.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Series::try_from).transpose()
    }

    /// The series `person` takes part in, by id, after `after`, at most `limit`, each with both
    /// names and its next meeting.
    pub async fn series_of(
        &self,
        person: PersonId,
        after: Option<SeriesId>,
        limit: u32,
    ) -> Result<Vec<SeriesListing>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            series: SeriesRow,
            lead_name: String,
            report_name: String,
        }
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {SERIES_COLUMNS}, l.name AS lead_name, r.name AS report_name
                 FROM one_on_one_series s
                 JOIN people l ON l.id = s.lead_id JOIN people r ON r.id = s.report_id
                 WHERE (s.lead_id = $1 OR s.report_id = $1) AND s.id > $2
                 ORDER BY s.id LIMIT $3"
            ))
            .bind(person)
            .bind(after.map_or(0, |a| a.0))
            .bind(i64::from(limit.max(1)))
            .fetch_all(pool)
            .await?
        });
        let ids: Vec<i64> = rows.iter().map(|r| r.series.id.0).collect();
        let mut next = self.scheduled_meetings(&ids).await?;
        rows.into_iter()
            .map(|row| {
                let series = Series::try_from(row.series)?;
                let next_meeting = next
                    .iter()
                    .position(|m| m.series_id == series.id)
                    .map(|at| next.swap_remove(at));
                Ok(SeriesListing {
                    series,
                    lead_name: row.lead_name,
                    report_name: row.report_name,
                    next_meeting,
                })
            })
            .collect()
    }

    /// The scheduled meeting of each of these series (one query).
    async fn scheduled_meetings(&self, series: &[i64]) -> Result<Vec<Meeting>> {
        if series.is_empty() {
            return Ok(Vec::new());
        }
        // A JSON array of ids keeps the query text fixed whatever the count.
        let ids = crate::json_ids(series.iter().copied());
        let membership = crate::in_json(self.kind(), "m.series_id", 1);
        let rows: Vec<MeetingRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.status = 'scheduled' AND {membership}"
            ))
            .bind(ids)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Meeting::try_from).collect()
    }

    /// Every meeting of a series, oldest first.
    pub async fn meetings_of(&self, series: SeriesId) -> Result<Vec<Meeting>> {
        let rows: Vec<MeetingRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.series_id = $1 ORDER BY m.starts_at, m.id"
            ))
            .bind(series)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Meeting::try_from).collect()
    }

    pub async fn meeting(&self, id: MeetingId) -> Result<Option<Meeting>> {
        let row: Option<MeetingRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Meeting::try_from).transpose()
    }

    /// The highest occurrence a series has used, so the next meeting never reuses a date.
    pub async fn last_occurrence(&self, series: SeriesId) -> Result<u32> {
        let last: Option<i64> = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT MAX(occurrence) FROM meetings WHERE series_id = $1")
                .bind(series)
                .fetch_one(pool)
                .await?
        });
        Ok(last.and_then(|n| u32::try_from(n).ok()).unwrap_or(0))
    }

    pub async fn talking_points(&self, meeting: MeetingId) -> Result<Vec<TalkingPoint>> {
        let rows: Vec<TalkingPointRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {TALKING_POINT_COLUMNS} FROM talking_points WHERE meeting_id = $1 ORDER BY position, id"
            ))
            .bind(meeting)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(TalkingPoint::try_from).collect()
    }

    /// Every talking point of a series' meetings, by meeting and position (one query, for the
    /// series' signals).
    pub async fn talking_points_of_series(&self, series: SeriesId) -> Result<Vec<TalkingPoint>> {
        let rows: Vec<TalkingPointRow> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT t.id, t.meeting_id, t.position, t.kind, t.text, t.added_by, t.discussed
                 FROM talking_points t JOIN meetings m ON m.id = t.meeting_id
                 WHERE m.series_id = $1 ORDER BY t.meeting_id, t.position, t.id",
            )
            .bind(series)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(TalkingPoint::try_from).collect()
    }

    pub async fn talking_point(&self, id: TalkingPointId) -> Result<Option<TalkingPoint>> {
        let row: Option<TalkingPointRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {TALKING_POINT_COLUMNS} FROM talking_points WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        row.map(TalkingPoint::try_from).transpose()
    }

    /// Every note of a meeting, shared and private, oldest first: the use cases hand on only
    /// those the viewer may read.
    pub async fn notes(&self, meeting: MeetingId) -> Result<Vec<Note>> {
        let rows: Vec<NoteRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {NOTE_COLUMNS} FROM meeting_notes WHERE meeting_id = $1 ORDER BY id"
            ))
            .bind(meeting)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(Note::from).collect())
    }

    pub async fn note(&self, id: NoteId) -> Result<Option<Note>> {
        let row: Option<NoteRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {NOTE_COLUMNS} FROM meeting_notes WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(Note::from))
    }

    pub async fn action_items(&self, meeting: MeetingId) -> Result<Vec<ActionItem>> {
        let rows: Vec<ActionItemRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {ACTION_ITEM_COLUMNS} FROM action_items WHERE meeting_id = $1 ORDER BY id"
            ))
            .bind(meeting)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(ActionItem::from).collect())
    }

    /// The action items agreed in a meeting that have since moved on to a later one.
    pub async fn action_items_carried_from(&self, meeting: MeetingId) -> Result<Vec<ActionItem>> {
        let rows: Vec<ActionItemRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {ACTION_ITEM_COLUMNS} FROM action_items WHERE carried_from_meeting_id = $1 AND meeting_id <> $1 ORDER BY id"
            ))
            .bind(meeting)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(ActionItem::from).collect())
    }

    pub async fn action_item(&self, id: ActionItemId) -> Result<Option<ActionItem>> {
        let row: Option<ActionItemRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {ACTION_ITEM_COLUMNS} FROM action_items WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(ActionItem::from))
    }

    /// Adds a talking point at the end of a scheduled meeting's agenda.
    pub async fn add_talking_point(
        &self,
        meeting: MeetingId,
        kind: ItemKind,
        text: &str,
        added_by: PersonId,
    ) -> Result<TalkingPointId> {
        let now = self.now();
        let id = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            scheduled_meeting!(tx, meeting);
            let id: TalkingPointId = sqlx::query_scalar(
                "INSERT INTO talking_points (meeting_id, position, kind, text, added_by, discussed, created_at)
                 VALUES ($1, (SELECT COALESCE(MAX(position), -1) + 1 FROM talking_points WHERE meeting_id = $1),
                         $2, $3, $4, FALSE, $5)
                 RETURNING id",
            )
            .bind(meeting)
            .bind(kind.as_str())
            .bind(text)
            .bind(added_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    pub async fn set_talking_point_discussed(
        &self,
        id: TalkingPointId,
        discussed: bool,
    ) -> Result<()> {
        let updated = on_pool!(self, pool => {
            sqlx::query("UPDATE talking_points SET discussed = $1 WHERE id = $2")
                .bind(discussed)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        crate::error::found(updated)
    }

    /// Moves a talking point one place up (`up`) or down its meeting's agenda, swapping it with
    /// its neighbour; at either end nothing changes.
    pub async fn move_talking_point(&self, id: TalkingPointId, up: bool) -> Result<()> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let (meeting, position): (MeetingId, i64) =
                sqlx::query_as("SELECT meeting_id, position FROM talking_points WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(StoreError::not_found)?;
            let neighbour: Option<(TalkingPointId, i64)> = sqlx::query_as(if up {
                "SELECT id, position FROM talking_points WHERE meeting_id = $1 AND (position < $2 OR (position = $2 AND id < $3))
                 ORDER BY position DESC, id DESC LIMIT 1"
            } else {
                "SELECT id, position FROM talking_points WHERE meeting_id = $1 AND (position > $2 OR (position = $2 AND id > $3))
                 ORDER BY position, id LIMIT 1"
            })
            .bind(meeting)
            .bind(position)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((other, other_position)) = neighbour {
                // Equal positions (never written, but cheap to survive) are pulled apart.
                let (mine, theirs) = if other_position == position {
                    if up { (position - 1, position) } else { (position + 1, position) }
                } else {
                    (other_position, position)
                };
                for (point, at) in [(id, mine), (other, theirs)] {
                    sqlx::query("UPDATE talking_points SET position = $1 WHERE id = $2")
                        .bind(at)
                        .bind(point)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn delete_talking_point(&self, id: TalkingPointId) -> Result<()> {
        let deleted = on_pool!(self, pool => {
            sqlx::query("DELETE FROM talking_points WHERE id = $1").bind(id).execute(pool).await?.rows_affected()
        });
        crate::error::found(deleted)
    }

    pub async fn add_note(
        &self,
        meeting: MeetingId,
        author: PersonId,
        private: bool,
        body: &str,
    ) -> Result<NoteId> {
        let now = self.now();
        let id = on_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO meeting_notes (meeting_id, author_id, private, body, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            )
            .bind(meeting)
            .bind(author)
            .bind(private)
            .bind(body)
            .bind(now)
            .fetch_one(pool)
            .await?
        });
        Ok(id)
    }

    pub async fn update_note(&self, id: NoteId, body: &str) -> Result<()> {
        let now = self.now();
        let updated = on_pool!(self, pool => {
            sqlx::query("UPDATE meeting_notes SET body = $1, updated_at = $2 WHERE id = $3")
                .bind(body)
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        crate::error::found(updated)
    }

    pub async fn delete_note(&self, id: NoteId) -> Result<()> {
        let deleted = on_pool!(self, pool => {
            sqlx::query("DELETE FROM meeting_notes WHERE id = $1").bind(id).execute(pool).await?.rows_affected()
        });
        crate::error::found(deleted)
    }

    /// Adds an action item to a scheduled meeting.
    pub async fn add_action_item(
        &self,
        meeting: MeetingId,
        text: &str,
        owner: PersonId,
        due_on: Option<time::Date>,
        created_by: PersonId,
    ) -> Result<ActionItemId> {
        let now = self.now();
        let id = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            scheduled_meeting!(tx, meeting);
            let id: ActionItemId = sqlx::query_scalar(
                "INSERT INTO action_items (meeting_id, text, owner_id, due_on, done, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, FALSE, $5, $6, $6) RETURNING id",
            )
            .bind(meeting)
            .bind(text)
            .bind(owner)
            .bind(due_on)
            .bind(created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    pub async fn set_action_item_done(&self, id: ActionItemId, done: bool) -> Result<()> {
        let now = self.now();
        let updated = on_pool!(self, pool => {
            sqlx::query("UPDATE action_items SET done = $1, updated_at = $2 WHERE id = $3")
                .bind(done)
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        crate::error::found(updated)
    }

    pub async fn delete_action_item(&self, id: ActionItemId) -> Result<()> {
        let deleted = on_pool!(self, pool => {
            sqlx::query("DELETE FROM action_items WHERE id = $1").bind(id).execute(pool).await?.rows_affected()
        });
        crate::error::found(deleted)
    }

    /// Ends a scheduled meeting (held, skipped or cancelled) and brings `next` into being, in one
    /// transaction: open action items move to it (keeping where they were agreed), and when the
    /// meeting was not held, so do the talking points people added. Fails with a conflict when
    /// the meeting is no longer scheduled (someone else finished it first). Returns the next
    /// meeting's id.
    pub async fn finish_meeting(
        &self,
        id: MeetingId,
        finish: Finish,
        reason: &str,
        next: &NewMeeting,
    ) -> Result<MeetingId> {
        let now = self.now();
        let status = match finish {
            Finish::Completed => MeetingStatus::Completed,
            Finish::NotHeld(how) => how.status(),
        };
        let next_id = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let series: Option<SeriesId> = sqlx::query_scalar(
                "UPDATE meetings SET status = $1, reason = CASE WHEN $2 = '' THEN reason ELSE $2 END,
                    finished_at = $3, updated_at = $3
                 WHERE id = $4 AND status = 'scheduled' RETURNING series_id",
            )
            .bind(status.as_str())
            .bind(reason)
            .bind(now)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(series) = series else {
                // Give the connection back before looking: a crowd of callers finishing the same
                // meeting would otherwise each hold one while waiting for a second.
                drop(tx);
                return Err(self.over_or_missing(id).await);
            };
            let next_id = insert_meeting!(tx, series, next, now);
            sqlx::query(
                "UPDATE action_items SET meeting_id = $1,
                    carried_from_meeting_id = COALESCE(carried_from_meeting_id, $2), updated_at = $3
                 WHERE meeting_id = $2 AND done = FALSE",
            )
            .bind(next_id)
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if finish != Finish::Completed {
                sqlx::query(
                    "UPDATE talking_points SET meeting_id = $1, position = position + 1000
                     WHERE meeting_id = $2 AND added_by IS NOT NULL AND discussed = FALSE",
                )
                .bind(next_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            next_id
        });
        Ok(next_id)
    }

    /// Moves a scheduled meeting to another time, keeping where it stood first.
    pub async fn reschedule_meeting(
        &self,
        id: MeetingId,
        starts_at: Timestamp,
        reason: &str,
    ) -> Result<()> {
        let now = self.now();
        let updated = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE meetings SET moved_from = COALESCE(moved_from, starts_at), starts_at = $1,
                    reason = $2, updated_at = $3
                 WHERE id = $4 AND status = 'scheduled'",
            )
            .bind(starts_at)
            .bind(reason)
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if updated == 0 {
            return Err(self.over_or_missing(id).await);
        }
        Ok(())
    }

    /// Ends a series: no meeting comes any more; the one still to come is cancelled with
    /// `reason`, keeping its open action items for a resume. Ending an ended series changes
    /// nothing.
    pub async fn end_series(&self, id: SeriesId, reason: &str) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let exists: Option<Option<Timestamp>> =
                sqlx::query_scalar("SELECT ended_at FROM one_on_one_series WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            match exists {
                None => return Err(StoreError::not_found()),
                Some(Some(_)) => return Ok(()),
                Some(None) => {}
            }
            sqlx::query("UPDATE one_on_one_series SET ended_at = $1, updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE meetings SET status = 'cancelled', reason = $1, finished_at = $2, updated_at = $2
                 WHERE series_id = $3 AND status = 'scheduled'",
            )
            .bind(reason)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Starts an ended series again with `next`, in one transaction; the open action items (kept
    /// on the meeting that was cancelled when it ended) move to it. Fails with a conflict when
    /// the series has not ended.
    pub async fn resume_series(&self, id: SeriesId, next: &NewMeeting) -> Result<MeetingId> {
        let now = self.now();
        let next_id = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let resumed = sqlx::query(
                "UPDATE one_on_one_series SET ended_at = NULL, updated_at = $1 WHERE id = $2 AND ended_at IS NOT NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if resumed == 0 {
                drop(tx);
                return Err(match self.series(id).await? {
                    Some(_) => DomainError::Conflict("this series has not ended".into()).into(),
                    None => StoreError::not_found(),
                });
            }
            let next_id = insert_meeting!(tx, id, next, now);
            sqlx::query(
                "UPDATE action_items SET meeting_id = $1,
                    carried_from_meeting_id = COALESCE(carried_from_meeting_id, meeting_id), updated_at = $2
                 WHERE done = FALSE AND meeting_id <> $1
                   AND meeting_id IN (SELECT id FROM meetings WHERE series_id = $3)",
            )
            .bind(next_id)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            next_id
        });
        Ok(next_id)
    }

    /// Replaces a series' agenda templates; meetings already made keep their items.
    pub async fn update_series_templates(&self, id: SeriesId, templates: &Templates) -> Result<()> {
        let now = self.now();
        let updated = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE one_on_one_series SET opening_template = $1, career_template = $2,
                    career_every = $3, updated_at = $4 WHERE id = $5",
            )
            .bind(template_text(&templates.opening))
            .bind(template_text(&templates.career))
            .bind(templates.career_rule.stored())
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        crate::error::found(updated)
    }

    /// The secret in a person's calendar feed URL, if they have one.
    pub async fn calendar_secret(&self, person: PersonId) -> Result<Option<String>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar("SELECT secret FROM calendar_feeds WHERE person_id = $1")
                .bind(person)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Gives a person a new calendar secret, ending the old one.
    pub async fn set_calendar_secret(&self, person: PersonId, secret: &str) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO calendar_feeds (person_id, secret, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (person_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at",
            )
            .bind(person)
            .bind(secret)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Whose calendar feed a secret opens, if anyone's (an archived person's opens nothing).
    pub async fn calendar_owner(&self, secret: &str) -> Result<Option<PersonId>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT f.person_id FROM calendar_feeds f JOIN people p ON p.id = f.person_id
                 WHERE f.secret = $1 AND p.archived_at IS NULL",
            )
            .bind(secret)
            .fetch_optional(pool)
            .await?
        }))
    }
}
