//! Empower: areas a person owns, decisions delegated at one of seven levels (with the history of
//! the level, which should rise as trust grows), and opportunities — stretch assignments and
//! visibility moments — with how far they stretch the person and how they went.

use serde::Serialize;
use time::Date;

use crate::error::FieldError;
use crate::id::{DelegationId, OpportunityId, OwnershipAreaId, PersonId};
use crate::text::{optional_text, required_line};
use crate::timestamp::Timestamp;

pub const TITLE_MAX_CHARS: usize = 200;
pub const DESCRIPTION_MAX_CHARS: usize = 2000;

/// An area a person owns: they decide, others ask them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnershipArea {
    pub id: OwnershipAreaId,
    pub person_id: PersonId,
    pub title: String,
    pub description: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The seven levels of delegation, from "I decide and tell you" to "you decide".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DelegationLevel {
    Tell,
    Sell,
    Consult,
    Agree,
    Advise,
    Inquire,
    Delegate,
}

string_enum!(DelegationLevel, "level",
    DelegationLevel::Tell => "tell", "1 · Tell: I decide and tell you",
    DelegationLevel::Sell => "sell", "2 · Sell: I decide and explain why",
    DelegationLevel::Consult => "consult", "3 · Consult: I ask you, then decide",
    DelegationLevel::Agree => "agree", "4 · Agree: we decide together",
    DelegationLevel::Advise => "advise", "5 · Advise: I advise, you decide",
    DelegationLevel::Inquire => "inquire", "6 · Inquire: you decide, then tell me",
    DelegationLevel::Delegate => "delegate", "7 · Delegate: you decide",
);

impl DelegationLevel {
    /// 1 (tell) to 7 (delegate).
    pub fn number(self) -> u8 {
        self as u8 + 1
    }
}

/// A decision delegated to a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    pub id: DelegationId,
    pub person_id: PersonId,
    pub delegated_by: Option<PersonId>,
    pub decision: String,
    pub level: DelegationLevel,
    pub review_on: Option<Date>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One step in a delegation's history: the level it was set to, when, by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChange {
    pub level: DelegationLevel,
    pub at: Timestamp,
    pub by: Option<PersonId>,
}

/// How a delegation's level moved over its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Never changed.
    Steady,
    /// Ends higher than it started: trust has grown.
    Rising,
    /// Ends lower than it started.
    Falling,
    /// Changed, and ended where it started.
    Mixed,
}

/// The trend of a history in time order: compares the last level with the first.
pub fn trend(history: &[LevelChange]) -> Trend {
    match (history.first(), history.last()) {
        (Some(first), Some(last)) if history.len() > 1 => match last.level.cmp(&first.level) {
            std::cmp::Ordering::Greater => Trend::Rising,
            std::cmp::Ordering::Less => Trend::Falling,
            std::cmp::Ordering::Equal => Trend::Mixed,
        },
        _ => Trend::Steady,
    }
}

/// The number of steps up the history took, each counted by how many levels it rose.
pub fn levels_risen(history: &[LevelChange]) -> u32 {
    history
        .windows(2)
        .map(|w| u32::from(w[1].level.number().saturating_sub(w[0].level.number())))
        .sum()
}

pub fn decision(raw: &str) -> Result<String, FieldError> {
    required_line("decision", raw, TITLE_MAX_CHARS)
}

pub fn area_title(raw: &str) -> Result<String, FieldError> {
    required_line("title", raw, TITLE_MAX_CHARS)
}

pub fn description(raw: &str) -> Result<String, FieldError> {
    optional_text("description", raw, DESCRIPTION_MAX_CHARS)
}

/// What kind of chance an opportunity is. The first three are visibility moments: being seen by
/// people beyond the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpportunityKind {
    PresentToLeadership,
    LeadMeeting,
    RepresentTeam,
    Mentor,
    OwnProject,
    StretchAssignment,
    Other,
}

string_enum!(OpportunityKind, "kind",
    OpportunityKind::PresentToLeadership => "present_to_leadership", "Present to leadership",
    OpportunityKind::LeadMeeting => "lead_meeting", "Lead a meeting",
    OpportunityKind::RepresentTeam => "represent_team", "Represent the team",
    OpportunityKind::Mentor => "mentor", "Mentor someone",
    OpportunityKind::OwnProject => "own_project", "Own a project",
    OpportunityKind::StretchAssignment => "stretch_assignment", "Stretch assignment",
    OpportunityKind::Other => "other", "Other",
);

impl OpportunityKind {
    /// A visibility moment: presenting to leadership, leading a meeting, representing the team.
    pub fn is_visibility(self) -> bool {
        matches!(
            self,
            Self::PresentToLeadership | Self::LeadMeeting | Self::RepresentTeam
        )
    }
}

/// How far an opportunity stretches the person: the zone of proximal development lies between
/// what they can already do (comfort) and what is out of reach even with help (too far).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stretch {
    Comfort,
    Stretch,
    TooFar,
}

string_enum!(Stretch, "stretch",
    Stretch::Comfort => "comfort", "Comfort zone: they can already do this",
    Stretch::Stretch => "stretch", "Stretch: within reach with support",
    Stretch::TooFar => "too_far", "Too far: out of reach for now",
);

/// An opportunity given to a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opportunity {
    pub id: OpportunityId,
    pub person_id: PersonId,
    pub given_by: Option<PersonId>,
    pub kind: OpportunityKind,
    pub stretch: Stretch,
    pub title: String,
    pub happened_on: Date,
    /// How it went, written afterwards.
    pub outcome: String,
    /// What they learned, written afterwards.
    pub learned: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub fn opportunity_title(raw: &str) -> Result<String, FieldError> {
    required_line("title", raw, TITLE_MAX_CHARS)
}

pub fn reflection_text(field: &'static str, raw: &str) -> Result<String, FieldError> {
    optional_text(field, raw, DESCRIPTION_MAX_CHARS)
}

/// An opportunity is given by one of the person's managers, to someone active.
pub fn check_giver(
    giver: PersonId,
    managers_of_person: &[PersonId],
    person_archived: bool,
) -> Result<(), FieldError> {
    if person_archived {
        return Err(FieldError::new(
            "person_id",
            "is archived; opportunities go to people who are here",
        ));
    }
    if !managers_of_person.contains(&giver) {
        return Err(FieldError::new(
            "person_id",
            "is not someone you lead: opportunities are given by one of the person's managers",
        ));
    }
    Ok(())
}

/// Opportunities are recorded when they happen or are planned: up to a year ahead, and not
/// before 2000 (a typo guard).
pub fn check_happened_on(day: Date, today: Date) -> Result<Date, FieldError> {
    if today
        .checked_add(time::Duration::days(366))
        .is_some_and(|latest| day > latest)
    {
        return Err(FieldError::new(
            "happened_on",
            "is more than a year ahead; record it nearer the time",
        ));
    }
    if day.year() < 2000 {
        return Err(FieldError::new("happened_on", "is before the year 2000"));
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn change(level: DelegationLevel, s: i64) -> LevelChange {
        LevelChange {
            level,
            at: Timestamp::from_unix(1_800_000_000 + s).unwrap(),
            by: None,
        }
    }

    #[test]
    fn levels_are_ordered_tell_to_delegate() {
        assert_eq!(DelegationLevel::Tell.number(), 1);
        assert_eq!(DelegationLevel::Delegate.number(), 7);
        assert!(DelegationLevel::Consult < DelegationLevel::Advise);
        assert_eq!(
            "inquire".parse::<DelegationLevel>().unwrap(),
            DelegationLevel::Inquire
        );
        assert!("boss".parse::<DelegationLevel>().is_err());
    }

    #[test]
    fn a_rising_history() {
        use DelegationLevel::*;
        let history = [change(Consult, 0), change(Agree, 10), change(Inquire, 20)];
        assert_eq!(trend(&history), Trend::Rising);
        assert_eq!(levels_risen(&history), 3);
        assert_eq!(trend(&history[..1]), Trend::Steady);
        assert_eq!(trend(&[change(Advise, 0), change(Sell, 1)]), Trend::Falling);
    }

    #[test]
    fn visibility_kinds() {
        let visible: Vec<_> = OpportunityKind::ALL
            .iter()
            .filter(|k| k.is_visibility())
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            visible,
            ["present_to_leadership", "lead_meeting", "represent_team"]
        );
    }

    #[test]
    fn only_a_manager_gives_an_opportunity() {
        let (lead, report) = (PersonId(2), PersonId(3));
        assert!(check_giver(lead, &[lead, PersonId(1)], false).is_ok());
        assert!(check_giver(PersonId(1), &[lead, PersonId(1)], false).is_ok());
        assert!(check_giver(report, &[lead], false).is_err());
        assert!(check_giver(lead, &[lead], true).is_err());
    }

    fn level() -> impl Strategy<Value = DelegationLevel> {
        (0usize..7).prop_map(|i| DelegationLevel::ALL[i])
    }

    proptest! {
        /// A history that only ever rises is "rising" exactly when it moved at all, and the levels
        /// it rose add up to the distance from its first level to its last.
        #[test]
        fn a_monotone_history_rises_by_its_span(mut levels in prop::collection::vec(level(), 1..10)) {
            levels.sort();
            let history: Vec<_> = levels.iter().enumerate().map(|(i, l)| change(*l, i as i64)).collect();
            let span = levels.last().unwrap().number() - levels[0].number();
            prop_assert_eq!(levels_risen(&history), u32::from(span));
            let expected = if history.len() == 1 { Trend::Steady } else if span > 0 { Trend::Rising } else { Trend::Mixed };
            prop_assert_eq!(trend(&history), expected);
        }

        /// Rising steps never add up to less than the net rise.
        #[test]
        fn risen_covers_the_net_rise(levels in prop::collection::vec(level(), 1..10)) {
            let history: Vec<_> = levels.iter().enumerate().map(|(i, l)| change(*l, i as i64)).collect();
            let net = i32::from(levels.last().unwrap().number()) - i32::from(levels[0].number());
            prop_assert!(levels_risen(&history) as i32 >= net);
        }
    }
}
