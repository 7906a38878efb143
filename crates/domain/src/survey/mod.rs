//! Pulse surveys: instruments, the survey's window and waves, answers, statistics and the
//! anonymity rules. Who took part and what was answered are two separate facts everywhere in
//! Tend; this module only ever sees answers without people.

pub mod gate;
pub mod instrument;
pub mod results;
pub mod stats;

use std::collections::BTreeMap;

use time::Duration;

use crate::error::{DomainError, FieldError, Validator};
pub use crate::id::{InstrumentId, SurveyActionId, SurveyId};
use crate::timestamp::Timestamp;
pub use gate::MinRespondents;
pub use instrument::Instrument;

/// A survey's window is at most this long.
pub const MAX_WINDOW_DAYS: i64 = 60;
/// A survey opens at most this far ahead.
pub const MAX_LEAD_DAYS: i64 = 366;
/// A comment holds at most this many characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Scheduled,
    Open,
    Closed,
}

string_enum!(Status, "status",
    Status::Scheduled => "scheduled", "Scheduled",
    Status::Open => "open", "Open",
    Status::Closed => "closed", "Closed",
);

/// Where a survey's window stands at `now`: open from `opens_at` (included) to `closes_at`.
pub fn status(opens_at: Timestamp, closes_at: Timestamp, now: Timestamp) -> Status {
    if now < opens_at {
        Status::Scheduled
    } else if now < closes_at {
        Status::Open
    } else {
        Status::Closed
    }
}

/// How often a recurring survey runs again: every 1, 2 or 4 weeks, or once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recurrence {
    Once,
    Weekly,
    Fortnightly,
    FourWeekly,
}

string_enum!(Recurrence, "recurrence",
    Recurrence::Once => "once", "Once",
    Recurrence::Weekly => "weekly", "Every week",
    Recurrence::Fortnightly => "fortnightly", "Every 2 weeks",
    Recurrence::FourWeekly => "four_weekly", "Every 4 weeks",
);

impl Recurrence {
    pub fn weeks(self) -> i64 {
        match self {
            Recurrence::Once => 0,
            Recurrence::Weekly => 1,
            Recurrence::Fortnightly => 2,
            Recurrence::FourWeekly => 4,
        }
    }

    pub fn from_weeks(weeks: i64) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.weeks() == weeks)
    }
}

/// A survey's window and waves as asked, checked against each other and the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
    pub recurrence: Recurrence,
    /// Waves pooled into one result (rule 6); 1 is every wave on its own.
    pub pool_waves: usize,
}

impl Window {
    pub fn parse(
        opens_at: Timestamp,
        closes_at: Timestamp,
        recurrence: Recurrence,
        pool_waves: i64,
        now: Timestamp,
    ) -> Result<Window, DomainError> {
        let mut v = Validator::new();
        if closes_at <= opens_at {
            v.push(FieldError::new(
                "closes_at",
                "must be after the survey opens",
            ));
        } else if closes_at - opens_at > Duration::days(MAX_WINDOW_DAYS) {
            v.push(FieldError::new(
                "closes_at",
                format!("a survey stays open at most {MAX_WINDOW_DAYS} days"),
            ));
        }
        if closes_at <= now {
            v.push(FieldError::new("closes_at", "must be in the future"));
        }
        if opens_at - now > Duration::days(MAX_LEAD_DAYS) {
            v.push(FieldError::new(
                "opens_at",
                "must be within a year from now",
            ));
        }
        let weeks = recurrence.weeks();
        if weeks > 0 && closes_at - opens_at > Duration::weeks(weeks) {
            v.push(FieldError::new(
                "closes_at",
                "a recurring survey's window must end before the next wave opens",
            ));
        }
        let pool = v.check(gate::check_pool(pool_waves));
        if recurrence == Recurrence::Once && pool_waves > 1 {
            v.push(FieldError::new(
                "pool_waves",
                "only the waves of a recurring survey can be pooled",
            ));
        }
        v.finish()?;
        Ok(Window {
            opens_at,
            closes_at,
            recurrence,
            pool_waves: pool.unwrap_or(1),
        })
    }
}

/// The window of the next wave of a recurring survey, once its last wave has closed: the first
/// window (as planned) moved on by whole periods, to the earliest slot that is after the last
/// wave's slot and has not ended by `now` — so waves never drift, never overlap, and a wave closed
/// early does not bring the next forward (a series nobody looked at for a while skips the slots
/// that passed). `None` for a survey that does not recur.
pub fn wave_due(
    first_opens: Timestamp,
    first_closes: Timestamp,
    last_planned_opens: Timestamp,
    recurrence: Recurrence,
    now: Timestamp,
) -> Option<(Timestamp, Timestamp)> {
    let weeks = recurrence.weeks();
    if weeks == 0 {
        return None;
    }
    let step = Duration::weeks(weeks).whole_seconds();
    let last_slot = ((last_planned_opens - first_opens).whole_seconds() / step).max(0);
    let not_ended = if now < first_closes {
        0
    } else {
        (now - first_closes).whole_seconds() / step + 1
    };
    let m = not_ended.max(last_slot + 1);
    let shift = Duration::seconds(m.checked_mul(step)?);
    Some((first_opens + shift, first_closes + shift))
}

/// A response as sent: raw answers by item id, and free-text answers by question id (the
/// general comment is [`results::GENERAL_COMMENT`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub values: BTreeMap<String, i64>,
    pub comments: BTreeMap<String, String>,
}

impl Answers {
    /// Checks the answers against the instrument: known items, values on their scale, known
    /// questions, comments within length. Items may be skipped; an empty response is refused.
    pub fn parse(
        instrument: &Instrument,
        values: BTreeMap<String, i64>,
        comments: BTreeMap<String, String>,
    ) -> Result<Answers, DomainError> {
        let mut v = Validator::new();
        for (id, value) in &values {
            match instrument.item(id) {
                None => v.push(FieldError::new(
                    "answers",
                    format!("“{}” is not an item of this survey", clip(id)),
                )),
                Some(item) if !item.scale().contains(*value) => v.push(FieldError::new(
                    "answers",
                    format!(
                        "{id}: {value} is off the scale ({} to {})",
                        item.scale_min, item.scale_max
                    ),
                )),
                Some(_) => {}
            }
        }
        let mut kept = BTreeMap::new();
        for (id, body) in comments {
            let known =
                id == results::GENERAL_COMMENT || instrument.questions.iter().any(|q| q.id == id);
            if !known {
                v.push(FieldError::new(
                    "comment",
                    format!("“{}” is not a question of this survey", clip(&id)),
                ));
                continue;
            }
            match crate::text::optional_text("comment", &body, MAX_COMMENT_CHARS) {
                Ok(body) if !body.is_empty() => {
                    kept.insert(id, body);
                }
                Ok(_) => {}
                Err(e) => v.push(e),
            }
        }
        if values.is_empty() && kept.is_empty() {
            v.push(FieldError::new(
                "answers",
                "answer at least one item or leave a comment",
            ));
        }
        v.finish()?;
        Ok(Answers {
            values,
            comments: kept,
        })
    }
}

/// An instant from the API (RFC 3339) or a form (`YYYY-MM-DDTHH:MM` in the viewer's time zone).
pub fn parse_instant(
    field: &'static str,
    raw: &str,
    time_zone: &str,
) -> Result<Timestamp, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    Timestamp::parse_rfc3339(raw)
        .or_else(|| crate::one_on_one::schedule::wall_clock_instant(raw, time_zone))
        .ok_or_else(|| {
            FieldError::new(
                field,
                format!(
                    "“{}” is not a time such as 2026-12-01T09:00:00Z (or 2026-12-01T09:00 in your time zone)",
                    clip(raw)
                ),
            )
        })
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn instants_from_the_api_and_from_forms() {
        assert_eq!(
            parse_instant("opens_at", "2026-12-01T09:00:00Z", "Europe/Paris").unwrap(),
            at("2026-12-01T09:00:00Z")
        );
        assert_eq!(
            parse_instant("opens_at", "2026-12-01T09:00", "Europe/Paris").unwrap(),
            at("2026-12-01T08:00:00Z")
        );
        assert!(parse_instant("opens_at", "tomorrow", "UTC").is_err());
        assert!(parse_instant("opens_at", "", "UTC").is_err());
    }

    #[test]
    fn status_follows_the_window() {
        let (o, c) = (at("2026-01-05T09:00:00Z"), at("2026-01-09T17:00:00Z"));
        assert_eq!(status(o, c, at("2026-01-05T08:59:59Z")), Status::Scheduled);
        assert_eq!(status(o, c, o), Status::Open);
        assert_eq!(status(o, c, c), Status::Closed);
    }

    #[test]
    fn window_rules() {
        let now = at("2026-01-05T09:00:00Z");
        let ok = Window::parse(now, now + Duration::days(4), Recurrence::Weekly, 3, now).unwrap();
        assert_eq!(ok.pool_waves, 3);
        let e = Window::parse(now, now, Recurrence::Once, 1, now).unwrap_err();
        assert!(e.message_for("closes_at").is_some());
        let e =
            Window::parse(now, now + Duration::days(10), Recurrence::Weekly, 1, now).unwrap_err();
        assert!(e.to_string().contains("next wave"), "{e}");
        let e = Window::parse(now, now + Duration::days(1), Recurrence::Once, 2, now).unwrap_err();
        assert!(e.message_for("pool_waves").is_some());
        assert!(Window::parse(now, now + Duration::days(61), Recurrence::Once, 1, now).is_err());
    }

    #[test]
    fn waves_follow_the_first() {
        let (o, c) = (at("2026-01-05T09:00:00Z"), at("2026-01-09T17:00:00Z"));
        assert_eq!(
            wave_due(o, c, o, Recurrence::Once, at("2026-03-08T00:00:00Z")),
            None
        );
        let (opens, closes) =
            wave_due(o, c, o, Recurrence::Weekly, at("2026-01-09T17:00:00Z")).unwrap();
        assert_eq!(
            (opens, closes),
            (at("2026-01-12T09:00:00Z"), at("2026-01-16T17:00:00Z"))
        );
        // Away for three weeks: the slot running now, in step with the first.
        let (opens, _) =
            wave_due(o, c, o, Recurrence::Fortnightly, at("2026-02-03T00:00:00Z")).unwrap();
        assert_eq!(opens, at("2026-02-02T09:00:00Z"));
        // The first wave closed early: the next still opens on the series' rhythm.
        let (opens, _) = wave_due(o, c, o, Recurrence::Weekly, at("2026-01-07T12:00:00Z")).unwrap();
        assert_eq!(opens, at("2026-01-12T09:00:00Z"));
        // Wave 2 (slot 1) closed early, in the middle of its own slot: wave 3 takes slot 2, it
        // does not open again in slot 1.
        let second = at("2026-01-12T09:00:00Z");
        let (opens, _) =
            wave_due(o, c, second, Recurrence::Weekly, at("2026-01-13T10:00:00Z")).unwrap();
        assert_eq!(opens, at("2026-01-19T09:00:00Z"));
    }

    #[test]
    fn answers_are_checked_against_the_instrument() {
        let pulse = &instrument::builtin()[0];
        let values =
            |pairs: &[(&str, i64)]| pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        assert!(Answers::parse(pulse, values(&[("safe", 4)]), BTreeMap::new()).is_ok());
        let e = Answers::parse(pulse, values(&[("safe", 6)]), BTreeMap::new()).unwrap_err();
        assert!(e.to_string().contains("off the scale"), "{e}");
        let e = Answers::parse(pulse, values(&[("nope", 3)]), BTreeMap::new()).unwrap_err();
        assert!(e.to_string().contains("not an item"), "{e}");
        assert!(Answers::parse(pulse, BTreeMap::new(), BTreeMap::new()).is_err());
        let only_comment =
            BTreeMap::from([(results::GENERAL_COMMENT.to_string(), " hi ".to_string())]);
        let a = Answers::parse(pulse, BTreeMap::new(), only_comment).unwrap();
        assert_eq!(a.comments[results::GENERAL_COMMENT], "hi");
    }
}
