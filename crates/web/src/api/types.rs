//! The API's request and response bodies. Inputs refuse unknown fields, so a typo is an error
//! rather than a silently ignored change.

use serde::{Deserialize, Deserializer, Serialize};
use tend_domain::person::{Person, Profile};
use tend_domain::team::Team;
use time::OffsetDateTime;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ProfileOut {
    pub time_zone: String,
    /// `people_leadership`, `individual_contributor` or `undecided`.
    pub career_track: String,
    pub aspirations: String,
    pub motivations: String,
    pub strengths: String,
    pub working_preferences: String,
}

impl From<&Profile> for ProfileOut {
    fn from(p: &Profile) -> Self {
        Self {
            time_zone: p.time_zone.clone(),
            career_track: p.career_track.as_str().into(),
            aspirations: p.aspirations.clone(),
            motivations: p.motivations.clone(),
            strengths: p.strengths.clone(),
            working_preferences: p.working_preferences.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PersonOut {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// `admin` or `member`.
    pub role: String,
    pub manager_id: Option<i64>,
    pub archived: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub archived_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Present only for the person themselves and the managers above them.
    pub profile: Option<ProfileOut>,
}

impl PersonOut {
    pub fn new(person: &Person, with_profile: bool) -> Self {
        Self {
            id: person.id,
            email: person.email.to_string(),
            name: person.name.clone(),
            role: person.role.as_str().into(),
            manager_id: person.manager_id,
            archived: person.is_archived(),
            archived_at: person.archived_at,
            created_at: person.created_at,
            updated_at: person.updated_at,
            profile: with_profile.then(|| ProfileOut::from(&person.profile)),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PeoplePage {
    pub items: Vec<PersonOut>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPersonIn {
    pub email: String,
    pub name: String,
    /// `admin` or `member` (the default).
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub manager_id: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    pub email: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    /// A person id, or `null` to remove the manager.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub manager_id: Option<Option<i64>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    pub time_zone: Option<String>,
    pub career_track: Option<String>,
    pub aspirations: Option<String>,
    pub motivations: Option<String>,
    pub strengths: Option<String>,
    pub working_preferences: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TeamOut {
    pub id: i64,
    pub name: String,
    /// The why: what the team is for.
    pub purpose: String,
    pub lead_id: Option<i64>,
    pub archived: bool,
    pub member_count: i64,
    /// Present on `GET /teams/{id}`: the active members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<MemberOut>>,
}

impl TeamOut {
    pub fn new(team: &Team, members: Option<&[Person]>) -> Self {
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
    pub id: i64,
    pub name: String,
    pub email: String,
}

impl From<&Person> for MemberOut {
    fn from(p: &Person) -> Self {
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
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeamIn {
    pub name: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub lead_id: Option<i64>,
    #[serde(default)]
    pub member_ids: Option<Vec<i64>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamPatch {
    pub name: Option<String>,
    pub purpose: Option<String>,
    /// A person id, or `null` for no lead. Admins only.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub lead_id: Option<Option<i64>>,
    /// Replaces the members with exactly these people.
    pub member_ids: Option<Vec<i64>>,
}

/// Tells "absent" (outer `None`) from "null" (`Some(None)`) for PATCH fields.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PeopleParams {
    /// Matches anywhere in a name or email.
    pub search: Option<String>,
    pub team_id: Option<i64>,
    /// `active` (default), `archived` or `all`; admins only for the last two.
    pub archived: Option<String>,
    pub cursor: Option<String>,
    /// 1 to 200; 25 by default.
    pub limit: Option<u32>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TeamsParams {
    /// `active` (default), `archived` or `all`; admins only for the last two.
    pub archived: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}
