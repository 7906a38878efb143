//! The API's request and response bodies. Inputs refuse unknown fields, so a typo is an error
//! rather than a silently ignored change. Ids are integers; enumerations list their values in the
//! OpenAPI document.

use serde::{Deserialize, Deserializer, Serialize};
use tend_app::{PersonSummary, PersonView};
use tend_domain::person::Profile;
use tend_domain::team::Team;
use tend_domain::{CareerTrack, PersonId, Role, TeamId, Timestamp};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ProfileOut {
    pub time_zone: String,
    pub career_track: CareerTrack,
    pub aspirations: String,
    pub motivations: String,
    pub strengths: String,
    pub working_preferences: String,
}

impl From<&Profile> for ProfileOut {
    fn from(p: &Profile) -> Self {
        Self {
            time_zone: p.time_zone.clone(),
            career_track: p.career_track,
            aspirations: p.aspirations.clone(),
            motivations: p.motivations.clone(),
            strengths: p.strengths.clone(),
            working_preferences: p.working_preferences.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PersonOut {
    pub id: PersonId,
    pub email: String,
    pub name: String,
    pub role: Role,
    #[schema(required = true)]
    pub manager_id: Option<PersonId>,
    pub archived: bool,
    #[schema(required = true)]
    pub archived_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Null except for the person themselves and the managers above them.
    #[schema(required = true)]
    pub profile: Option<ProfileOut>,
}

impl From<&PersonView> for PersonOut {
    fn from(person: &PersonView) -> Self {
        Self {
            id: person.id,
            email: person.email.to_string(),
            name: person.name.clone(),
            role: person.role,
            manager_id: person.manager_id,
            archived: person.is_archived(),
            archived_at: person.archived_at,
            created_at: person.created_at,
            updated_at: person.updated_at,
            profile: person.profile.as_ref().map(ProfileOut::from),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PeoplePage {
    pub items: Vec<PersonOut>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPersonIn {
    /// Trimmed and lower-cased; at most 254 bytes.
    #[schema(format = Email, min_length = 1, max_length = 254)]
    pub email: String,
    /// One line without control characters, trimmed.
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    /// `member` when absent.
    #[serde(default)]
    #[schema(value_type = Option<Role>)]
    pub role: Option<String>,
    #[serde(default)]
    pub manager_id: Option<PersonId>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    /// Trimmed and lower-cased; at most 254 bytes.
    #[schema(format = Email, min_length = 1, max_length = 254)]
    pub email: Option<String>,
    /// One line without control characters, trimmed.
    #[schema(min_length = 1, max_length = 120)]
    pub name: Option<String>,
    #[schema(value_type = Option<Role>)]
    pub role: Option<String>,
    /// A person id, or `null` to remove the manager.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<PersonId>)]
    pub manager_id: Option<Option<PersonId>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    /// A name from the IANA time zone database such as `Europe/Lisbon` (any case: it is stored
    /// as the database spells it), or empty for "not said". Anything else, "Lisbon" or "Pacific
    /// Time" say, is a 422 naming `time_zone`.
    #[schema(max_length = 64)]
    pub time_zone: Option<String>,
    #[schema(value_type = Option<CareerTrack>)]
    pub career_track: Option<String>,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[schema(max_length = 4000)]
    pub aspirations: Option<String>,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[schema(max_length = 4000)]
    pub motivations: Option<String>,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[schema(max_length = 4000)]
    pub strengths: Option<String>,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[schema(max_length = 4000)]
    pub working_preferences: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TeamOut {
    pub id: TeamId,
    pub name: String,
    /// The why: what the team is for.
    pub purpose: String,
    #[schema(required = true)]
    pub lead_id: Option<PersonId>,
    pub archived: bool,
    pub member_count: i64,
    /// Present on a single team (absent in lists): the active members.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<MemberOut>)]
    pub members: Option<Vec<MemberOut>>,
}

impl TeamOut {
    pub fn new(team: &Team, members: Option<&[PersonSummary]>) -> Self {
        Self {
            id: team.id,
            name: team.name.clone(),
            purpose: team.purpose.clone(),
            lead_id: team.lead_id,
            archived: team.archived_at.is_some(),
            member_count: team.member_count,
            members: members.map(|m| m.iter().map(MemberOut::from).collect()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub id: PersonId,
    pub name: String,
    pub email: String,
}

impl From<&PersonSummary> for MemberOut {
    fn from(p: &PersonSummary) -> Self {
        Self {
            id: p.id,
            name: p.name.clone(),
            email: p.email.to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TeamsPage {
    pub items: Vec<TeamOut>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeamIn {
    /// One line without control characters, trimmed.
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub purpose: String,
    /// The lead, who is always one of the members: added to them when not among `member_ids`.
    #[serde(default)]
    pub lead_id: Option<PersonId>,
    #[serde(default)]
    pub member_ids: Option<Vec<PersonId>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamPatch {
    /// One line without control characters, trimmed.
    #[schema(min_length = 1, max_length = 120)]
    pub name: Option<String>,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[schema(max_length = 4000)]
    pub purpose: Option<String>,
    /// A person id, or `null` for no lead. Admins only. A new lead becomes a member.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<PersonId>)]
    pub lead_id: Option<Option<PersonId>>,
    /// Replaces the members with exactly these people, who must include the team's lead: a
    /// lead is always a member of their team (422 otherwise).
    pub member_ids: Option<Vec<PersonId>>,
}

/// Tells "absent" (outer `None`) from "null" (`Some(None)`) for PATCH fields.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Which people or teams a list shows (`archived` and `all` are for admins).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ArchivedParam {
    Active,
    Archived,
    All,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeopleParams {
    /// Matches anywhere in a name or email, ignoring case. No control characters.
    #[param(max_length = 200)]
    pub search: Option<String>,
    pub team_id: Option<TeamId>,
    /// `active` when absent.
    #[param(value_type = Option<ArchivedParam>)]
    pub archived: Option<String>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// 1 to 200; 25 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TeamsParams {
    /// `active` when absent.
    #[param(value_type = Option<ArchivedParam>)]
    pub archived: Option<String>,
    pub cursor: Option<String>,
    /// 1 to 200; 25 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// One change to someone's account: who made it, what, when.
#[derive(Serialize, ToSchema)]
pub struct AccountEventOut {
    pub id: i64,
    pub kind: tend_domain::account::AccountEventKind,
    /// What changed, with the names as they were: "Jordan Lee → Alex Morgan"; empty when the
    /// kind says it all.
    pub detail: String,
    /// Who made the change; null for the command line.
    #[schema(required = true)]
    pub actor_id: Option<PersonId>,
    #[schema(required = true)]
    pub actor_name: Option<String>,
    pub at: Timestamp,
    /// Whether the person has seen it.
    pub acknowledged: bool,
}

impl From<&tend_domain::account::AccountEvent> for AccountEventOut {
    fn from(event: &tend_domain::account::AccountEvent) -> Self {
        Self {
            id: event.id,
            kind: event.kind,
            detail: event.detail.clone(),
            actor_id: event.actor,
            actor_name: event.actor_name.clone(),
            at: event.at,
            acknowledged: event.acknowledged,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AccountEventsPage {
    pub items: Vec<AccountEventOut>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// 1 to 200; 25 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}
