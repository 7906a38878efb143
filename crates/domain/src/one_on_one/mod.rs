//! One-on-ones that put the person first (DESIGN.md §2, the Connect practice): a series between
//! two people with a cadence, its meetings, and in each meeting an agenda of talking points,
//! shared and private notes, and action items.
//!
//! The rules live here: when the next meeting is ([`schedule`]), what a new meeting opens with
//! ([`agenda`]), the coaching questions a leader can pull in ([`questions`]), and what the
//! meetings say about how a leader leads ([`signals`]).

pub mod agenda;
pub mod questions;
pub mod schedule;
pub mod signals;

use serde::Serialize;

use crate::error::FieldError;
use crate::id::{ActionItemId, MeetingId, NoteId, PersonId, SeriesId, TalkingPointId};
use crate::text::{optional_text, required_line};
use crate::timestamp::Timestamp;

pub use schedule::{Cadence, Schedule};

/// Longest talking point or action item: a line someone reads at a glance.
pub const ITEM_MAX_CHARS: usize = 500;
/// Longest note (Markdown).
pub const NOTE_MAX_CHARS: usize = 20_000;
/// Longest reason given for skipping, cancelling or moving a meeting.
pub const REASON_MAX_CHARS: usize = 500;

/// What a talking point is about. The first seven are about the person; `status` is the
/// exception a person-first one-on-one keeps small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Wellbeing,
    Career,
    Growth,
    Alignment,
    Recognition,
    Ownership,
    Feedback,
    Status,
    Other,
}

string_enum!(ItemKind, "kind",
    ItemKind::Wellbeing => "wellbeing", "Wellbeing",
    ItemKind::Career => "career", "Career",
    ItemKind::Growth => "growth", "Growth",
    ItemKind::Alignment => "alignment", "Alignment",
    ItemKind::Recognition => "recognition", "Recognition",
    ItemKind::Ownership => "ownership", "Ownership",
    ItemKind::Feedback => "feedback", "Feedback",
    ItemKind::Status => "status", "Status update",
    ItemKind::Other => "other", "Other",
);

impl ItemKind {
    /// About the person and their growth rather than about the work's status.
    pub fn is_about_the_person(self) -> bool {
        !matches!(self, ItemKind::Status | ItemKind::Other)
    }
}

/// Where a meeting stands. Only a `scheduled` meeting changes; the others are history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Scheduled,
    Completed,
    Skipped,
    Cancelled,
}

string_enum!(MeetingStatus, "status",
    MeetingStatus::Scheduled => "scheduled", "Scheduled",
    MeetingStatus::Completed => "completed", "Held",
    MeetingStatus::Skipped => "skipped", "Skipped",
    MeetingStatus::Cancelled => "cancelled", "Cancelled",
);

/// How a scheduled meeting ends when it was not held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotHeld {
    /// This one occurrence is left out; the series goes on.
    Skipped,
    /// Called off (illness, a clash); the series goes on.
    Cancelled,
}

impl NotHeld {
    pub fn status(self) -> MeetingStatus {
        match self {
            NotHeld::Skipped => MeetingStatus::Skipped,
            NotHeld::Cancelled => MeetingStatus::Cancelled,
        }
    }
}

/// A series between two people. `lead` is the one who leads in it (the manager, the mentor):
/// whoever started it, unless the other is above them in the reporting line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub id: SeriesId,
    pub lead_id: PersonId,
    pub report_id: PersonId,
    pub started_by: PersonId,
    pub schedule: Schedule,
    pub templates: agenda::Templates,
    pub ended_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

impl Series {
    pub fn participants(&self) -> [PersonId; 2] {
        [self.lead_id, self.report_id]
    }

    pub fn has_participant(&self, person: PersonId) -> bool {
        self.lead_id == person || self.report_id == person
    }

    /// The other participant, seen from `person`.
    pub fn other_than(&self, person: PersonId) -> PersonId {
        if self.lead_id == person {
            self.report_id
        } else {
            self.lead_id
        }
    }
}

/// Who leads a new series: the one who starts it, unless the other is above them in the
/// reporting line (a report may start the series with their manager).
pub fn lead_of(starter: PersonId, other: PersonId, managers_of_starter: &[PersonId]) -> PersonId {
    if managers_of_starter.contains(&other) {
        other
    } else {
        starter
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: MeetingId,
    pub series_id: SeriesId,
    /// Which occurrence of the series' schedule it is (0 for the first); kept when it is moved.
    pub occurrence: u32,
    pub starts_at: Timestamp,
    pub status: MeetingStatus,
    /// Why it was skipped, cancelled or moved.
    pub reason: String,
    /// When it was moved, where it stood before.
    pub moved_from: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkingPoint {
    pub id: TalkingPointId,
    pub meeting_id: MeetingId,
    pub position: i64,
    pub kind: ItemKind,
    pub text: String,
    /// Who added it; `None` for the items a new meeting opens with.
    pub added_by: Option<PersonId>,
    pub discussed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: NoteId,
    pub meeting_id: MeetingId,
    pub author_id: PersonId,
    pub private: bool,
    /// Markdown, as written; rendered through the sanitizing renderer only.
    pub body: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItem {
    pub id: ActionItemId,
    pub meeting_id: MeetingId,
    /// The meeting it was agreed in, when it has been carried over from there.
    pub carried_from: Option<MeetingId>,
    pub text: String,
    pub owner_id: PersonId,
    pub due_on: Option<time::Date>,
    pub done: bool,
}

/// A talking point's text: one line, not empty, at most [`ITEM_MAX_CHARS`].
pub fn item_text(field: &'static str, raw: &str) -> Result<String, FieldError> {
    required_line(field, raw, ITEM_MAX_CHARS)
}

/// A note's body: Markdown, not empty, at most [`NOTE_MAX_CHARS`].
pub fn note_body(raw: &str) -> Result<String, FieldError> {
    let body = optional_text("body", raw, NOTE_MAX_CHARS)?;
    if body.is_empty() {
        return Err(FieldError::new("body", "must not be empty"));
    }
    Ok(body)
}

/// A reason for skipping, cancelling or moving a meeting: required, so the history says why.
pub fn reason(raw: &str) -> Result<String, FieldError> {
    required_line("reason", raw, REASON_MAX_CHARS)
}

/// A due date, `YYYY-MM-DD`; empty means none.
pub fn due_on(raw: &str) -> Result<Option<time::Date>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    time::Date::parse(
        raw,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map(Some)
    .map_err(|_| {
        FieldError::new(
            "due_on",
            format!("“{raw}” is not a date written as YYYY-MM-DD, such as 2026-12-04"),
        )
    })
}

/// An action item's owner: one of the two people in the series.
pub fn action_owner(series: &Series, owner: PersonId) -> Result<PersonId, FieldError> {
    if series.has_participant(owner) {
        Ok(owner)
    } else {
        Err(FieldError::new(
            "owner_id",
            "must be one of the two people in this one-on-one",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_are_closed_sets() {
        assert_eq!("career".parse::<ItemKind>().unwrap(), ItemKind::Career);
        let error = "gossip".parse::<ItemKind>().unwrap_err();
        assert_eq!(error.field, "kind");
        assert!(error.message.contains("wellbeing"), "{error}");
        assert_eq!(ItemKind::ALL.len(), 9);
        assert!(!ItemKind::Status.is_about_the_person());
        assert!(ItemKind::Wellbeing.is_about_the_person());
        assert_eq!(
            "skipped".parse::<MeetingStatus>().unwrap(),
            MeetingStatus::Skipped
        );
    }

    #[test]
    fn texts_are_bounded() {
        assert!(item_text("text", "  ").is_err());
        assert!(item_text("text", &"a".repeat(ITEM_MAX_CHARS + 1)).is_err());
        assert_eq!(item_text("text", " Hi ").unwrap(), "Hi");
        assert!(note_body("").is_err());
        assert!(note_body(&"a".repeat(NOTE_MAX_CHARS + 1)).is_err());
        assert_eq!(note_body("line\r\nnext").unwrap(), "line\nnext");
        assert!(reason("").is_err());
    }

    #[test]
    fn due_dates_are_dates() {
        assert_eq!(due_on("").unwrap(), None);
        assert_eq!(
            due_on("2026-12-04").unwrap(),
            Some(time::macros::date!(2026 - 12 - 04))
        );
        for wrong in ["tomorrow", "2026-13-01", "2026-02-30", "04/12/2026"] {
            assert_eq!(due_on(wrong).unwrap_err().field, "due_on", "{wrong}");
        }
    }

    #[test]
    fn the_manager_leads_whoever_starts() {
        let (manager, report) = (PersonId(1), PersonId(2));
        assert_eq!(lead_of(manager, report, &[]), manager);
        assert_eq!(lead_of(report, manager, &[manager]), manager);
        assert_eq!(lead_of(PersonId(5), PersonId(6), &[]), PersonId(5));
    }
}
