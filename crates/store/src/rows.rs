//! Rows as the database returns them, and their conversion into domain records. Enum columns are
//! text in both backends; a value that no longer parses is reported, never guessed.

use tend_domain::person::{Person, Profile};
use tend_domain::team::Team;
use tend_domain::{Email, PersonId, TeamId, Timestamp};

use crate::StoreError;

/// The columns every person query selects, in [`PersonRow`]'s order, followed by the rest of the
/// query (which names `people p` in its FROM).
macro_rules! person_select {
    ($($rest:literal)*) => {
        concat!(
            "SELECT p.id, p.email, p.name, p.role, p.manager_id, p.time_zone, p.career_track, \
             p.aspirations, p.motivations, p.strengths, p.working_preferences, \
             (p.password_hash IS NOT NULL) AS has_password, p.archived_at, p.created_at, p.updated_at ",
            $($rest),*
        )
    };
}
pub(crate) use person_select;

/// The columns every team query selects, in [`TeamRow`]'s order.
macro_rules! team_select {
    ($($rest:literal)*) => {
        concat!(
            "SELECT t.id, t.name, t.purpose, t.lead_id, t.archived_at, \
             (SELECT COUNT(*) FROM team_members tm JOIN people mp ON mp.id = tm.person_id \
              WHERE tm.team_id = t.id AND mp.archived_at IS NULL) AS member_count \
             FROM teams t ",
            $($rest),*
        )
    };
}
pub(crate) use team_select;

#[derive(sqlx::FromRow)]
pub(crate) struct PersonRow {
    id: PersonId,
    email: String,
    name: String,
    role: String,
    manager_id: Option<PersonId>,
    time_zone: String,
    career_track: String,
    aspirations: String,
    motivations: String,
    strengths: String,
    working_preferences: String,
    has_password: bool,
    archived_at: Option<Timestamp>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl TryFrom<PersonRow> for Person {
    type Error = StoreError;

    fn try_from(row: PersonRow) -> Result<Self, Self::Error> {
        let corrupt =
            |e: tend_domain::FieldError| StoreError::Corrupt(format!("person {}: {e}", row.id));
        Ok(Person {
            id: row.id,
            email: Email::parse(&row.email).map_err(corrupt)?,
            role: row.role.parse().map_err(corrupt)?,
            profile: Profile {
                time_zone: row.time_zone,
                career_track: row.career_track.parse().map_err(corrupt)?,
                aspirations: row.aspirations,
                motivations: row.motivations,
                strengths: row.strengths,
                working_preferences: row.working_preferences,
            },
            name: row.name,
            manager_id: row.manager_id,
            has_password: row.has_password,
            archived_at: row.archived_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

pub(crate) fn people(rows: Vec<PersonRow>) -> Result<Vec<Person>, StoreError> {
    rows.into_iter().map(Person::try_from).collect()
}

#[derive(sqlx::FromRow)]
pub(crate) struct TeamRow {
    id: TeamId,
    name: String,
    purpose: String,
    lead_id: Option<PersonId>,
    archived_at: Option<Timestamp>,
    member_count: i64,
}

impl From<TeamRow> for Team {
    fn from(row: TeamRow) -> Self {
        Team {
            id: row.id,
            name: row.name,
            purpose: row.purpose,
            lead_id: row.lead_id,
            archived_at: row.archived_at,
            member_count: row.member_count,
        }
    }
}
