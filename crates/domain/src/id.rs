//! Typed ids: a person's id cannot be passed where a team's is expected. Each is a transparent
//! integer in JSON, in SQL and in URLs, so the API still speaks plain integer ids.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    };
}

id_type!(
    /// A person.
    PersonId
);
id_type!(
    /// A team.
    TeamId
);
id_type!(
    /// A personal API token (not its secret).
    ApiTokenId
);

id_type!(
    /// A one-on-one series between two people.
    SeriesId
);
id_type!(
    /// One meeting of a one-on-one series.
    MeetingId
);
id_type!(
    /// A talking point on a meeting's agenda.
    TalkingPointId
);
id_type!(
    /// A note written in a meeting, shared or private.
    NoteId
);
id_type!(
    /// An action item agreed in a meeting.
    ActionItemId
);

id_type!(
    /// A recognition given to one or more people.
    RecognitionId
);
id_type!(
    /// An outgoing webhook an admin added.
    WebhookId
);
id_type!(
    /// One delivery of a recognition to one webhook (a row of the outbox).
    DeliveryId
);

impl PersonId {
    /// The id the command line acts under: nobody's, so it matches no person in any rule that
    /// compares ids.
    pub const COMMAND_LINE: Self = Self(0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_integers_outside() {
        assert_eq!(serde_json::to_string(&PersonId(7)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<TeamId>("12").unwrap(), TeamId(12));
        assert_eq!("42".parse::<PersonId>().unwrap(), PersonId(42));
        assert!("4x".parse::<PersonId>().is_err());
        assert_eq!(PersonId(3).to_string(), "3");
    }
}

id_type!(
    /// An organisation or team objective.
    ObjectiveId
);
id_type!(
    /// A person's goal.
    GoalId
);
id_type!(
    /// A dated check-in on a goal.
    CheckInId
);
id_type!(
    /// An area a person owns.
    OwnershipAreaId
);
id_type!(
    /// A decision delegated to a person at a level.
    DelegationId
);
id_type!(
    /// A stretch assignment or visibility moment given to a person.
    OpportunityId
);
id_type!(
    /// An entry in a person's log of career conversations.
    ConversationId
);
id_type!(
    /// A pulse survey: one wave of an instrument put to an audience.
    SurveyId
);
id_type!(
    /// A custom instrument stored in the organisation (built-ins have no row).
    InstrumentId
);
id_type!(
    /// What a team will do about a survey's result ("you said, we did").
    SurveyActionId
);
