//! People: who they are in the organisation, and the profile where they say how they want to grow.

use serde::{Deserialize, Serialize};

use crate::email::Email;
use crate::error::{DomainError, FieldError, Validator};
pub use crate::id::PersonId;
use crate::text::{LONG_TEXT_MAX_CHARS, NAME_MAX_CHARS, name_line, optional_text};
use crate::timestamp::Timestamp;

/// What a person may administer. Being a *leader* is not a role: anyone with reports is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    #[default]
    Member,
}

/// The two honourable tracks, and room to not know yet. Neither track is ranked above the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CareerTrack {
    PeopleLeadership,
    IndividualContributor,
    #[default]
    Undecided,
}

string_enum!(Role, "role", Role::Admin => "admin", "Admin", Role::Member => "member", "Member");
string_enum!(
    CareerTrack,
    "career_track",
    CareerTrack::PeopleLeadership => "people_leadership", "People leadership",
    CareerTrack::IndividualContributor => "individual_contributor", "Individual contributor",
    CareerTrack::Undecided => "undecided", "Not decided yet",
);

/// A person as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub manager_id: Option<PersonId>,
    /// Everyone above the person in the reporting line, nearest first (archived ones too).
    pub managers: Vec<PersonId>,
    pub profile: Profile,
    /// Whether the person has set a password yet (an invited person has not).
    pub has_password: bool,
    pub archived_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Person {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }
}

/// The key people are listed in: case-insensitive, so "ada" sorts beside "Ada".
pub fn sort_key(name: &str) -> String {
    name.to_lowercase()
}

/// What an admin sets when creating or editing a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDraft {
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub manager_id: Option<PersonId>,
}

/// The raw fields of a person form or API body, before the rules are applied.
#[derive(Debug, Clone, Default)]
pub struct PersonInput<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub manager_id: Option<PersonId>,
}

impl PersonDraft {
    pub fn parse(input: PersonInput<'_>) -> Result<Self, DomainError> {
        let mut v = Validator::new();
        let email = v.check(Email::parse(input.email));
        let name = v.check(person_name(input.name));
        let role = if input.role.trim().is_empty() {
            Some(Role::Member)
        } else {
            v.check(input.role.parse())
        };
        v.finish()?;
        Ok(Self {
            email: email.expect("validated"),
            name: name.expect("validated"),
            role: role.expect("validated"),
            manager_id: input.manager_id,
        })
    }
}

pub fn person_name(raw: &str) -> Result<String, FieldError> {
    name_line("name", raw, NAME_MAX_CHARS)
}

/// What a person says about themselves: the Connect in CARE. Visible to them and the managers
/// above them (see [`crate::access`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Profile {
    pub time_zone: String,
    pub career_track: CareerTrack,
    pub aspirations: String,
    pub motivations: String,
    pub strengths: String,
    pub working_preferences: String,
}

/// The raw fields of a profile form or API body.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput<'a> {
    pub time_zone: &'a str,
    pub career_track: &'a str,
    pub aspirations: &'a str,
    pub motivations: &'a str,
    pub strengths: &'a str,
    pub working_preferences: &'a str,
}

impl Profile {
    pub fn parse(input: ProfileInput<'_>) -> Result<Self, DomainError> {
        let mut v = Validator::new();
        let time_zone = v.check(time_zone(input.time_zone));
        let career_track = v.check(input.career_track.parse());
        let aspirations = v.check(optional_text(
            "aspirations",
            input.aspirations,
            LONG_TEXT_MAX_CHARS,
        ));
        let motivations = v.check(optional_text(
            "motivations",
            input.motivations,
            LONG_TEXT_MAX_CHARS,
        ));
        let strengths = v.check(optional_text(
            "strengths",
            input.strengths,
            LONG_TEXT_MAX_CHARS,
        ));
        let working_preferences = v.check(optional_text(
            "working_preferences",
            input.working_preferences,
            LONG_TEXT_MAX_CHARS,
        ));
        v.finish()?;
        Ok(Self {
            time_zone: time_zone.expect("validated"),
            career_track: career_track.expect("validated"),
            aspirations: aspirations.expect("validated"),
            motivations: motivations.expect("validated"),
            strengths: strengths.expect("validated"),
            working_preferences: working_preferences.expect("validated"),
        })
    }
}

/// Which profile fields to change; `None` leaves a field as it is, so two edits of different
/// fields never undo each other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileChanges {
    pub time_zone: Option<String>,
    pub career_track: Option<CareerTrack>,
    pub aspirations: Option<String>,
    pub motivations: Option<String>,
    pub strengths: Option<String>,
    pub working_preferences: Option<String>,
}

/// The raw fields of a profile change; absent ones stay as they are.
#[derive(Debug, Clone, Default)]
pub struct ProfileChangesInput<'a> {
    pub time_zone: Option<&'a str>,
    pub career_track: Option<&'a str>,
    pub aspirations: Option<&'a str>,
    pub motivations: Option<&'a str>,
    pub strengths: Option<&'a str>,
    pub working_preferences: Option<&'a str>,
}

impl ProfileChanges {
    pub fn parse(input: ProfileChangesInput<'_>) -> Result<Self, DomainError> {
        let mut v = Validator::new();
        let mut text = |field: &'static str, raw: Option<&str>| {
            raw.and_then(|raw| v.check(optional_text(field, raw, LONG_TEXT_MAX_CHARS)))
        };
        let aspirations = text("aspirations", input.aspirations);
        let motivations = text("motivations", input.motivations);
        let strengths = text("strengths", input.strengths);
        let working_preferences = text("working_preferences", input.working_preferences);
        let time_zone = input.time_zone.and_then(|raw| v.check(time_zone(raw)));
        let career_track = input.career_track.and_then(|raw| v.check(raw.parse()));
        v.finish()?;
        Ok(Self {
            time_zone,
            career_track,
            aspirations,
            motivations,
            strengths,
            working_preferences,
        })
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// An IANA time zone name such as `Europe/Lisbon`, or `UTC`: one of the tz database's names
/// (see [`crate::time_zone`]), in its own spelling whatever the case typed; empty means "not
/// said". "Lisbon" or "Pacific Time" are refused: nothing could tell their local time.
pub fn time_zone(raw: &str) -> Result<String, FieldError> {
    crate::time_zone::parse(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
        }
        for track in CareerTrack::ALL {
            assert_eq!(track.as_str().parse::<CareerTrack>().unwrap(), *track);
        }
        let error = "boss".parse::<Role>().unwrap_err();
        assert_eq!(error.field, "role");
        assert!(error.message.contains("admin, member"));
    }

    #[test]
    fn person_draft_reports_all_problems() {
        let error = PersonDraft::parse(PersonInput {
            email: "nope",
            name: " ",
            role: "boss",
            manager_id: None,
        })
        .unwrap_err();
        assert!(error.message_for("email").is_some());
        assert!(error.message_for("name").is_some());
        assert!(error.message_for("role").is_some());
    }

    #[test]
    fn person_draft_defaults_to_member() {
        let draft = PersonDraft::parse(PersonInput {
            email: "Ada@Example.com",
            name: "Ada Lovelace",
            role: "",
            manager_id: Some(PersonId(3)),
        })
        .unwrap();
        assert_eq!(draft.role, Role::Member);
        assert_eq!(draft.email.as_str(), "ada@example.com");
    }

    #[test]
    fn profile_changes_keep_absent_fields_absent() {
        let changes = ProfileChanges::parse(ProfileChangesInput {
            strengths: Some(" Listening "),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(changes.strengths.as_deref(), Some("Listening"));
        assert_eq!(changes.aspirations, None);
        assert!(ProfileChanges::default().is_empty());
        let error = ProfileChanges::parse(ProfileChangesInput {
            career_track: Some("ceo"),
            time_zone: Some("not a zone!"),
            ..Default::default()
        })
        .unwrap_err();
        assert!(error.message_for("career_track").is_some());
        assert!(error.message_for("time_zone").is_some());
    }

    #[test]
    fn profile_checks_time_zone_and_track() {
        let ok = Profile::parse(ProfileInput {
            time_zone: "America/Argentina/Buenos_Aires",
            career_track: "individual_contributor",
            aspirations: "Staff engineer",
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.career_track, CareerTrack::IndividualContributor);
        let error = Profile::parse(ProfileInput {
            time_zone: "not a zone!",
            career_track: "ceo",
            ..Default::default()
        })
        .unwrap_err();
        assert!(error.message_for("time_zone").is_some());
        assert!(error.message_for("career_track").is_some());
    }

    #[test]
    fn time_zones_are_names_from_the_tz_database() {
        for refused in ["Lisbon", "Pacific Time"] {
            let error = ProfileChanges::parse(ProfileChangesInput {
                time_zone: Some(refused),
                ..Default::default()
            })
            .unwrap_err();
            assert!(
                error.message_for("time_zone").is_some(),
                "{refused} is refused"
            );
        }
        let changes = ProfileChanges::parse(ProfileChangesInput {
            time_zone: Some("america/los_angeles"),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(changes.time_zone.as_deref(), Some("America/Los_Angeles"));
        assert_eq!(
            time_zone("US/Pacific").unwrap(),
            "US/Pacific",
            "old names stay valid"
        );
    }
}
