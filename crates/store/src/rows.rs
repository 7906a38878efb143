//! Rows as the database returns them, and their conversion into domain records. Enum columns are
//! text in both backends; a value that no longer parses is reported, never guessed.

use tend_domain::org::managers_in_line;
use tend_domain::person::{Person, Profile, sort_key};
use tend_domain::team::Team;
use tend_domain::{Email, PersonId, TeamId, Timestamp};

use crate::StoreError;

/// The columns every person query selects, in [`PersonRow`]'s order, followed by the rest of the
/// query (which names `people p` in its FROM).
macro_rules! person_select {
    ($($rest:literal)*) => {
        concat!(
            "SELECT p.id, p.email, p.name, p.role, p.manager_id, p.reporting_line, p.time_zone, p.career_track, \
             p.aspirations, p.motivations, p.strengths, p.working_preferences, \
             (p.password_hash IS NOT NULL) AS has_password, p.archived_at, p.created_at, p.updated_at ",
            $($rest),*
        )
    };
}
pub(crate) use person_select;

/// The same columns as [`person_select!`], as the key/value pairs of a JSON object over `p`.
macro_rules! person_json_pairs {
    () => {
        "'id', p.id, 'email', p.email, 'name', p.name, 'role', p.role, 'manager_id', p.manager_id, \
         'reporting_line', p.reporting_line, 'time_zone', p.time_zone, 'career_track', p.career_track, \
         'aspirations', p.aspirations, 'motivations', p.motivations, 'strengths', p.strengths, \
         'working_preferences', p.working_preferences, 'has_password', p.password_hash IS NOT NULL, \
         'archived_at', p.archived_at, 'created_at', p.created_at, 'updated_at', p.updated_at"
    };
}

/// What wraps a query over `people p` (in name order) so that its rows come back as one JSON
/// array in one row. Drivers pay per row handed over (the SQLite one most: a copy of every value,
/// a hand-off between threads); a page of a hundred people costs about half as much this way. The
/// function names differ between the backends, the pairs do not. On SQLite the array's order is
/// not promised (sorting it there costs a temporary index), so [`people_from_json`] sorts it the
/// way SQLite's `ORDER BY sort_name, id` does (bytes); PostgreSQL sorts by its own collation, which
/// the cursor comparisons follow, so its order is kept as it comes.
pub(crate) fn people_as_json(kind: crate::BackendKind) -> (&'static str, &'static str) {
    match kind {
        crate::BackendKind::Sqlite => (
            concat!(
                "SELECT json_group_array(json_object(",
                person_json_pairs!(),
                ")) FROM ("
            ),
            ") p",
        ),
        crate::BackendKind::Postgres => (
            concat!(
                "SELECT COALESCE(json_agg(json_build_object(",
                person_json_pairs!(),
                ") ORDER BY p.sort_name, p.id), '[]'::json)::text FROM ("
            ),
            // (PostgreSQL: ordered in the aggregate, by the database's collation.)
            ") p",
        ),
    }
}

/// People from the JSON array [`people_as_json`] makes, in name order.
pub(crate) fn people_from_json(
    text: &str,
    kind: crate::BackendKind,
) -> Result<Vec<Person>, StoreError> {
    let rows: Vec<PersonRow> = serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("a page of people does not parse: {e}")))?;
    let mut people = people(rows)?;
    if kind == crate::BackendKind::Sqlite {
        people.sort_by_cached_key(|p| (sort_key(&p.name), p.id));
    }
    Ok(people)
}

/// A boolean as either backend puts it into JSON: `true`/`false` (PostgreSQL) or `1`/`0` (SQLite).
fn lenient_bool<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(i64),
    }
    Ok(match serde::Deserialize::deserialize(deserializer)? {
        Flag::Bool(b) => b,
        Flag::Int(i) => i != 0,
    })
}

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

#[derive(sqlx::FromRow, serde::Deserialize)]
pub(crate) struct PersonRow {
    id: PersonId,
    email: String,
    name: String,
    role: String,
    manager_id: Option<PersonId>,
    reporting_line: String,
    time_zone: String,
    career_track: String,
    aspirations: String,
    motivations: String,
    strengths: String,
    working_preferences: String,
    #[serde(deserialize_with = "lenient_bool")]
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
            managers: managers_in_line(&row.reporting_line).ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "person {}: “{}” is not a reporting line",
                    row.id, row.reporting_line
                ))
            })?,
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
