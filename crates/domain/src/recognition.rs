//! Recognition (DESIGN.md §2, the Recognize practice): celebrating effort and progress, not only
//! outcomes, with a message to one or more people. The rules: who may be recognised, how long the
//! giver may still edit, the daily cap that keeps recognition meaningful, and the breadth maths
//! (how many different people a leader recognises; who has gone unnoticed).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::error::FieldError;
use crate::id::{PersonId, RecognitionId};
use crate::text::{optional_text, required_line};
use crate::timestamp::Timestamp;

/// Longest message (Markdown).
pub const MESSAGE_MAX_CHARS: usize = 4000;
/// Most people one recognition names.
pub const MAX_RECIPIENTS: usize = 25;
/// How long the giver may still change the message.
pub const EDIT_WINDOW: time::Duration = time::Duration::minutes(15);
/// Longest team value (a short phrase such as "Own the outcome").
pub const VALUE_MAX_CHARS: usize = 60;

/// What a recognition celebrates. Effort and progress come first on purpose: confidence grows
/// from being seen trying, not only from results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Celebrates {
    Effort,
    Progress,
    Outcome,
}

string_enum!(Celebrates, "celebrates",
    Celebrates::Effort => "effort", "Effort",
    Celebrates::Progress => "progress", "Progress",
    Celebrates::Outcome => "outcome", "Outcome",
);

/// Who sees a recognition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Everyone in the organisation (and the webhooks).
    Public,
    /// The members and leads of the recipients' teams, and the giver and recipients.
    Team,
    /// The giver and the recipients alone.
    Private,
}

string_enum!(Visibility, "visibility",
    Visibility::Public => "public", "Everyone",
    Visibility::Team => "team", "Their teams",
    Visibility::Private => "private", "Only them",
);

/// The small fixed set of reactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    Clap,
    Heart,
    Tada,
    Star,
}

string_enum!(Reaction, "reaction",
    Reaction::Clap => "clap", "👏",
    Reaction::Heart => "heart", "❤️",
    Reaction::Tada => "tada", "🎉",
    Reaction::Star => "star", "🌟",
);

/// A recognition as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognition {
    pub id: RecognitionId,
    pub giver_id: PersonId,
    /// In the order given.
    pub recipients: Vec<PersonId>,
    pub message: String,
    pub celebrates: Celebrates,
    pub visibility: Visibility,
    pub value: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Hidden by an admin as abuse: when, by whom, why.
    pub hidden: Option<Hidden>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    pub at: Timestamp,
    pub by: Option<PersonId>,
    pub reason: String,
}

impl Recognition {
    pub fn names(&self, person: PersonId) -> bool {
        self.giver_id == person || self.recipients.contains(&person)
    }

    /// Whether the giver may still change the message at `now`.
    pub fn editable_at(&self, now: Timestamp) -> bool {
        now - self.created_at <= EDIT_WINDOW
    }
}

/// The recipients of a new recognition: at least one, at most [`MAX_RECIPIENTS`], never the
/// giver, each once (in the order first given).
pub fn recipients(giver: PersonId, given: &[PersonId]) -> Result<Vec<PersonId>, FieldError> {
    if given.is_empty() {
        return Err(FieldError::new(
            "recipients",
            "must name at least one person",
        ));
    }
    if given.contains(&giver) {
        return Err(FieldError::new(
            "recipients",
            "must not include yourself: recognition is for someone else",
        ));
    }
    let mut seen = BTreeSet::new();
    let unique: Vec<PersonId> = given.iter().copied().filter(|p| seen.insert(*p)).collect();
    if unique.len() > MAX_RECIPIENTS {
        return Err(FieldError::new(
            "recipients",
            format!(
                "names {} people; at most {MAX_RECIPIENTS} fit",
                unique.len()
            ),
        ));
    }
    Ok(unique)
}

/// A message: Markdown, not empty, at most [`MESSAGE_MAX_CHARS`].
pub fn message(raw: &str) -> Result<String, FieldError> {
    let message = optional_text("message", raw, MESSAGE_MAX_CHARS)?;
    if message.is_empty() {
        return Err(FieldError::new("message", "must say what you recognise"));
    }
    Ok(message)
}

/// A team value's name.
pub fn value_name(raw: &str) -> Result<String, FieldError> {
    required_line("value", raw, VALUE_MAX_CHARS)
}

/// The daily cap an admin sets: empty or 0 is no cap, else 1 to 100 recognitions a giver may give
/// in 24 hours.
pub fn daily_cap(raw: &str) -> Result<Option<u32>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<u32>() {
        Ok(0) => Ok(None),
        Ok(n @ 1..=100) => Ok(Some(n)),
        _ => Err(FieldError::new(
            "daily_cap",
            "must be empty or 0 (no cap), or a number from 1 to 100",
        )),
    }
}

/// Whether one more recognition keeps a giver within the cap, given how many they gave in the
/// last 24 hours.
pub fn within_cap(given_last_day: u32, cap: Option<u32>) -> bool {
    cap.is_none_or(|cap| given_last_day < cap)
}

/// How widely a leader recognises: the number of different people they recognised in the last 30
/// and in the last 90 days (at `now`), from what they gave: when, and to whom.
pub fn breadth(given: &[(Timestamp, Vec<PersonId>)], now: Timestamp) -> (usize, usize) {
    let within = |days: i64| {
        let since = now - time::Duration::days(days);
        given
            .iter()
            .filter(|(at, _)| *at > since && *at <= now)
            .flat_map(|(_, to)| to.iter().copied())
            .collect::<BTreeSet<PersonId>>()
            .len()
    };
    (within(30), within(90))
}

/// The people of `team` who have received no recognition (from anyone) in the last 30 days at
/// `now`, given when each person last received one.
pub fn unnoticed(
    team: &[PersonId],
    last_received: &[(PersonId, Timestamp)],
    now: Timestamp,
) -> Vec<PersonId> {
    let since = now - time::Duration::days(30);
    team.iter()
        .copied()
        .filter(|person| {
            !last_received
                .iter()
                .any(|(who, at)| who == person && *at > since && *at <= now)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(days_ago: i64) -> Timestamp {
        Timestamp::parse_rfc3339("2026-11-25T09:00:00Z").unwrap() - time::Duration::days(days_ago)
    }

    #[test]
    fn recipients_are_others_each_once() {
        let me = PersonId(1);
        assert_eq!(recipients(me, &[]).unwrap_err().field, "recipients");
        assert!(recipients(me, &[PersonId(2), me]).is_err());
        assert_eq!(
            recipients(me, &[PersonId(3), PersonId(2), PersonId(3)]).unwrap(),
            [PersonId(3), PersonId(2)]
        );
        let many: Vec<PersonId> = (2..=(MAX_RECIPIENTS as i64 + 2)).map(PersonId).collect();
        assert!(recipients(me, &many).is_err());
    }

    #[test]
    fn messages_caps_and_kinds() {
        assert!(message("  ").is_err());
        assert!(message(&"a".repeat(MESSAGE_MAX_CHARS + 1)).is_err());
        assert_eq!(message(" Great *effort* ").unwrap(), "Great *effort*");
        assert_eq!(daily_cap("").unwrap(), None);
        assert_eq!(daily_cap("0").unwrap(), None);
        assert_eq!(daily_cap("5").unwrap(), Some(5));
        assert!(daily_cap("500").is_err());
        assert!(daily_cap("many").is_err());
        assert!(within_cap(4, Some(5)));
        assert!(!within_cap(5, Some(5)));
        assert!(within_cap(1000, None));
        assert_eq!("effort".parse::<Celebrates>().unwrap(), Celebrates::Effort);
        assert_eq!(
            "luck".parse::<Celebrates>().unwrap_err().field,
            "celebrates"
        );
        assert_eq!(
            "secret".parse::<Visibility>().unwrap_err().field,
            "visibility"
        );
        assert_eq!("tada".parse::<Reaction>().unwrap(), Reaction::Tada);
    }

    #[test]
    fn the_giver_edits_within_fifteen_minutes() {
        let created = at(0);
        let recognition = Recognition {
            id: RecognitionId(1),
            giver_id: PersonId(1),
            recipients: vec![PersonId(2)],
            message: "x".into(),
            celebrates: Celebrates::Effort,
            visibility: Visibility::Public,
            value: None,
            created_at: created,
            updated_at: created,
            hidden: None,
        };
        assert!(recognition.editable_at(created + time::Duration::minutes(15)));
        assert!(!recognition.editable_at(created + time::Duration::minutes(16)));
        assert!(recognition.names(PersonId(2)));
        assert!(!recognition.names(PersonId(3)));
    }

    #[test]
    fn breadth_counts_different_people() {
        let (a, b, c) = (PersonId(2), PersonId(3), PersonId(4));
        let given = vec![
            (at(1), vec![a, b]),
            (at(2), vec![a]),
            (at(40), vec![c]),
            (at(100), vec![PersonId(9)]),
        ];
        assert_eq!(breadth(&given, at(0)), (2, 3));
        assert_eq!(breadth(&[], at(0)), (0, 0));
        let last = vec![(a, at(3)), (b, at(31))];
        assert_eq!(unnoticed(&[a, b, c], &last, at(0)), [b, c]);
    }

    proptest! {
        #[test]
        fn breadth_is_bounded_and_monotone(
            gifts in proptest::collection::vec((0i64..200, proptest::collection::vec(1i64..30, 1..5)), 0..40)
        ) {
            let given: Vec<(Timestamp, Vec<PersonId>)> = gifts
                .iter()
                .map(|(days, to)| (at(*days), to.iter().map(|p| PersonId(*p)).collect()))
                .collect();
            let (thirty, ninety) = breadth(&given, at(0));
            prop_assert!(thirty <= ninety, "30 days never more than 90");
            let everyone: BTreeSet<PersonId> = given.iter().flat_map(|(_, to)| to.iter().copied()).collect();
            prop_assert!(ninety <= everyone.len());
            let gifts_within_30 = given.iter().filter(|(t, _)| *t > at(30)).map(|(_, to)| to.len()).sum::<usize>();
            prop_assert!(thirty <= gifts_within_30);
            // Whoever received in the last 30 days is never unnoticed.
            let team: Vec<PersonId> = (1..30).map(PersonId).collect();
            let last: Vec<(PersonId, Timestamp)> = given.iter().flat_map(|(t, to)| to.iter().map(move |p| (*p, *t))).collect();
            let quiet = unnoticed(&team, &last, at(0));
            prop_assert_eq!(quiet.len() + thirty, team.len());
        }
    }
}
