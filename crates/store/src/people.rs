//! People: the directory, the reporting line and profiles.

use std::collections::HashMap;

use tend_domain::account::{AccountEventKind, check_admins_remain, check_appointment};
use tend_domain::listing::{ArchivedFilter, Page};
use tend_domain::org::{check_manager, managers_in_line};
use tend_domain::pagination::Cursor;
use tend_domain::person::{Person, PersonDraft, Profile, ProfileChanges, sort_key};
use tend_domain::{DomainError, Email, PersonId, Role, TeamId};

use crate::BeginWrite as _;
use crate::account_events::record_event;
use crate::accounts::{NewInvite, insert_invite};
use crate::error::unique_violation;
use crate::rows::{self, PersonRow, person_select};
use crate::{BackendKind, Result, Store, StoreError, on_pool};

const EMAIL_TAKEN: &str = "is already used by someone else";

/// Sets one person's reporting line from their manager's (see
/// `tend_domain::org::reporting_line`): run after inserting them.
const SET_LINE: &str = "UPDATE people SET reporting_line =
        COALESCE((SELECT m.reporting_line FROM people m WHERE m.id = people.manager_id), '/')
        || CAST(people.id AS TEXT) || '/'
    WHERE id = $1";

/// Moves a person and everyone below them to a new place in the reporting line: every line that
/// starts with the old one ($4, $3 characters long) gets the new one ($1) in its place.
const MOVE_LINE: &str = "UPDATE people SET reporting_line = $1 || substr(reporting_line, $2)
    WHERE substr(reporting_line, 1, $3) = $4";

/// Recomputes every reporting line from the managers (after a bulk import). The depth guard keeps
/// corrupted (cyclic) data from looping forever.
pub(crate) const RECOMPUTE_LINES: &str = "WITH RECURSIVE line (id, path, depth) AS (
        SELECT id, '/' || CAST(id AS TEXT) || '/', 0 FROM people WHERE manager_id IS NULL
        UNION ALL
        SELECT p.id, l.path || CAST(p.id AS TEXT) || '/', l.depth + 1
        FROM people p JOIN line l ON p.manager_id = l.id WHERE l.depth < 10000
    )
    UPDATE people SET reporting_line = line.path FROM line
    WHERE line.id = people.id AND people.reporting_line <> line.path";

/// A search term this long or longer is looked up in the trigram index (FTS5 on SQLite,
/// `pg_trgm` on PostgreSQL); shorter ones have no trigram and scan the name index instead.
const INDEXED_SEARCH_MIN_CHARS: usize = 3;

/// A person to create.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub draft: PersonDraft,
    pub profile: Profile,
    pub password_hash: Option<String>,
}

impl From<PersonDraft> for NewPerson {
    fn from(draft: PersonDraft) -> Self {
        Self {
            draft,
            profile: Profile::default(),
            password_hash: None,
        }
    }
}

/// What an admin changes on a person: the same fields as creating one.
pub type PersonChanges = PersonDraft;

/// A page of the directory.
#[derive(Debug, Clone, Default)]
pub struct PeopleQuery {
    /// Matches anywhere in the name or email, case-insensitively.
    pub search: Option<String>,
    pub team_id: Option<TeamId>,
    pub archived: ArchivedFilter,
    /// The page that starts right after this position (the `next` of the page before).
    pub after: Option<Cursor>,
    /// The page that ends right before this position (the `previous` of the page after); when
    /// both are given, `before` wins.
    pub before: Option<Cursor>,
    pub limit: u32,
}

fn like_pattern(search: &str) -> String {
    let escaped = search
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn manager_missing(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            DomainError::field("manager_id", "there is no such person").into()
        }
        _ => unique_violation(error, "email", EMAIL_TAKEN),
    }
}

impl Store {
    /// Creates a person and, when given, their invite, in one transaction.
    pub async fn create_person(
        &self,
        new: NewPerson,
        invite: Option<&NewInvite>,
    ) -> Result<Person> {
        let now = self.now();
        let NewPerson {
            draft,
            profile,
            password_hash,
        } = new;
        let id: PersonId = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(lock) = crate::reporting_line_lock(pool) {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            let id: PersonId = sqlx::query_scalar(
                "INSERT INTO people (email, name, sort_name, role, manager_id, time_zone, career_track,
                    aspirations, motivations, strengths, working_preferences, password_hash, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
            )
            .bind(draft.email.as_str())
            .bind(&draft.name)
            .bind(sort_key(&draft.name))
            .bind(draft.role.as_str())
            .bind(draft.manager_id)
            .bind(&profile.time_zone)
            .bind(profile.career_track.as_str())
            .bind(&profile.aspirations)
            .bind(&profile.motivations)
            .bind(&profile.strengths)
            .bind(&profile.working_preferences)
            .bind(password_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(manager_missing)?;
            sqlx::query(SET_LINE).bind(id).execute(&mut *tx).await?;
            if let Some(invite) = invite {
                insert_invite!(tx, id, invite, now);
            }
            tx.commit().await?;
            id
        });
        self.person(id).await?.ok_or_else(StoreError::not_found)
    }

    pub async fn person(&self, id: PersonId) -> Result<Option<Person>> {
        let row: Option<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!("FROM people p WHERE p.id = $1")).bind(id).fetch_optional(pool).await?
        });
        row.map(Person::try_from).transpose()
    }

    pub async fn person_by_email(&self, email: &Email) -> Result<Option<Person>> {
        let row: Option<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!("FROM people p WHERE p.email = $1")).bind(email.as_str()).fetch_optional(pool).await?
        });
        row.map(Person::try_from).transpose()
    }

    /// Everyone whose name is exactly `name`, ignoring case (at most `limit`), so a form can
    /// accept a name when it names one person only.
    pub async fn people_named(&self, name: &str, limit: u32) -> Result<Vec<Person>> {
        let rows: Vec<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!("FROM people p WHERE p.sort_name = $1 ORDER BY p.id LIMIT $2"))
                .bind(sort_key(name.trim()))
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?
        });
        rows::people(rows)
    }

    /// People by id, in no particular order; unknown ids are left out.
    pub async fn people_by_ids(&self, ids: &[PersonId]) -> Result<Vec<Person>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<PersonRow> = on_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new(person_select!("FROM people p WHERE p.id IN ("));
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            query.push(")");
            query.build_query_as().fetch_all(pool).await?
        });
        rows::people(rows)
    }

    /// Changes a person's account fields, as `actor` (`None`: the command line). In one
    /// transaction, under the reporting-line lock: a manager that would close a cycle is refused,
    /// and so is one that puts the actor above the person (`check_appointment`); the last admin
    /// keeps the role; the person and everyone below them move to their new place in the line;
    /// and a change of manager or role is recorded as an account event.
    pub async fn update_person(
        &self,
        id: PersonId,
        changes: &PersonChanges,
        actor: Option<PersonId>,
    ) -> Result<Person> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(lock) = crate::reporting_line_lock(pool) {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            let current: Option<(Option<PersonId>, String, String)> =
                sqlx::query_as("SELECT manager_id, reporting_line, role FROM people WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let (old_manager, old_line, old_role) = current.ok_or_else(StoreError::not_found)?;
            let old_role: Role = old_role.parse().map_err(|e| StoreError::Corrupt(format!("person {id}: {e}")))?;
            let manager_line: Option<String> = match changes.manager_id {
                Some(manager) => Some(
                    sqlx::query_scalar("SELECT reporting_line FROM people WHERE id = $1")
                        .bind(manager)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or_else(|| DomainError::field("manager_id", "there is no such person"))?,
                ),
                None => None,
            };
            let chain = chain_of(changes.manager_id, manager_line.as_deref())?;
            check_manager(id, changes.manager_id, &chain)?;
            let managers_before = managers_in_line(&old_line).unwrap_or_default();
            check_appointment(actor, &managers_before, &chain)?;
            if old_role == Role::Admin && changes.role != Role::Admin {
                let other_admins: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM people WHERE role = 'admin' AND archived_at IS NULL AND id <> $1",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                check_admins_remain(old_role, changes.role, other_admins)?;
            }
            sqlx::query(
                "UPDATE people SET email = $1, name = $2, sort_name = $3, role = $4, manager_id = $5, updated_at = $6
                 WHERE id = $7",
            )
            .bind(changes.email.as_str())
            .bind(&changes.name)
            .bind(sort_key(&changes.name))
            .bind(changes.role.as_str())
            .bind(changes.manager_id)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(manager_missing)?;
            if old_manager != changes.manager_id {
                let new_line = format!("{}{id}/", manager_line.as_deref().unwrap_or("/"));
                let old_len = i32::try_from(old_line.len())
                    .map_err(|_| StoreError::Corrupt(format!("person {id}: reporting line too long")))?;
                sqlx::query(MOVE_LINE)
                    .bind(new_line)
                    .bind(old_len + 1)
                    .bind(old_len)
                    .bind(&old_line)
                    .execute(&mut *tx)
                    .await?;
                let mut names = Vec::new();
                for manager in [old_manager, changes.manager_id] {
                    let name: Option<String> = match manager {
                        Some(m) => sqlx::query_scalar("SELECT name FROM people WHERE id = $1").bind(m).fetch_optional(&mut *tx).await?,
                        None => None,
                    };
                    names.push(name.unwrap_or_else(|| "nobody".to_owned()));
                }
                let detail = format!("{} → {}", names[0], names[1]);
                record_event!(tx, id, actor, AccountEventKind::ManagerChanged, detail, now);
            }
            if old_role != changes.role {
                let detail = format!("{} → {}", old_role.label(), changes.role.label());
                record_event!(tx, id, actor, AccountEventKind::RoleChanged, detail, now);
            }
            tx.commit().await?;
        });
        self.person(id).await?.ok_or_else(StoreError::not_found)
    }

    /// Changes only the profile fields that are given, in one statement: two people editing
    /// different fields at once both keep their change.
    pub async fn update_profile(&self, id: PersonId, changes: &ProfileChanges) -> Result<Person> {
        let now = self.now();
        let updated = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE people SET time_zone = COALESCE($1, time_zone), career_track = COALESCE($2, career_track),
                    aspirations = COALESCE($3, aspirations), motivations = COALESCE($4, motivations),
                    strengths = COALESCE($5, strengths), working_preferences = COALESCE($6, working_preferences),
                    updated_at = $7
                 WHERE id = $8",
            )
            .bind(changes.time_zone.as_deref())
            .bind(changes.career_track.map(|t| t.as_str()))
            .bind(changes.aspirations.as_deref())
            .bind(changes.motivations.as_deref())
            .bind(changes.strengths.as_deref())
            .bind(changes.working_preferences.as_deref())
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        crate::error::found(updated)?;
        self.person(id).await?.ok_or_else(StoreError::not_found)
    }

    /// Archives (or restores) a person. Archiving ends their sessions and revokes their API
    /// tokens in the same transaction, so a restore does not bring them back; nothing they wrote
    /// is deleted.
    pub async fn set_archived(
        &self,
        id: PersonId,
        archived: bool,
        actor: Option<PersonId>,
    ) -> Result<Person> {
        let now = self.now();
        let archived_at = archived.then_some(now);
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query("UPDATE people SET archived_at = $1, updated_at = $2 WHERE id = $3")
                .bind(archived_at)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            crate::error::found(updated)?;
            if archived {
                sqlx::query("DELETE FROM sessions WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM api_tokens WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM invites WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
            }
            let kind = if archived { AccountEventKind::Archived } else { AccountEventKind::Restored };
            record_event!(tx, id, actor, kind, "", now);
            tx.commit().await?;
        });
        self.person(id).await?.ok_or_else(StoreError::not_found)
    }

    /// One page of people in name order, and the cursor of the next page if there is one.
    /// A search matches anywhere in the name or email, ignoring case, on both backends alike.
    pub async fn list_people(&self, query: &PeopleQuery) -> Result<Page<Person>> {
        let search = query
            .search
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
        let indexed = search
            .as_ref()
            .filter(|s| s.chars().count() >= INDEXED_SEARCH_MIN_CHARS);
        let limit = i64::from(query.limit.max(1));
        let kind = self.kind();
        let (json_prefix, json_suffix) = rows::people_as_json(kind);
        let page: String = on_pool!(self, pool => {
            let mut sql = sqlx::QueryBuilder::new(json_prefix);
            sql.push("SELECT p.* FROM people p WHERE TRUE");
            match (&search, indexed, kind) {
                (None, _, _) => {}
                (Some(_), Some(term), BackendKind::Sqlite) => {
                    sql.push(" AND p.id IN (SELECT rowid FROM people_search WHERE people_search MATCH ")
                        .push_bind(fts_phrase(term))
                        .push(")");
                }
                (Some(term), _, _) => {
                    let pattern = like_pattern(term);
                    sql.push(" AND (p.sort_name LIKE ")
                        .push_bind(pattern.clone())
                        .push(" ESCAPE '\\' OR p.email LIKE ")
                        .push_bind(pattern)
                        .push(" ESCAPE '\\')");
                }
            }
            if let Some(team) = query.team_id {
                sql.push(" AND EXISTS (SELECT 1 FROM team_members tm WHERE tm.person_id = p.id AND tm.team_id = ")
                    .push_bind(team)
                    .push(")");
            }
            match query.archived {
                ArchivedFilter::Active => { sql.push(" AND p.archived_at IS NULL"); }
                ArchivedFilter::Archived => { sql.push(" AND p.archived_at IS NOT NULL"); }
                ArchivedFilter::All => {}
            }
            // Backwards, the rows just before the position are the first ones in reverse order;
            // the page still comes back in name order (the JSON array is ordered, or sorted, apart).
            let (position, comparison, order) = match (&query.before, &query.after) {
                (Some(before), _) => (Some(before), "<", " ORDER BY p.sort_name DESC, p.id DESC LIMIT "),
                (None, Some(after)) => (Some(after), ">", " ORDER BY p.sort_name, p.id LIMIT "),
                (None, None) => (None, ">", " ORDER BY p.sort_name, p.id LIMIT "),
            };
            if let Some(position) = position {
                sql.push(format_args!(" AND (p.sort_name {comparison} "))
                    .push_bind(position.sort_key.clone())
                    .push(" OR (p.sort_name = ")
                    .push_bind(position.sort_key.clone())
                    .push(format_args!(" AND p.id {comparison} "))
                    .push_bind(position.id)
                    .push("))");
            }
            sql.push(order).push_bind(limit + 1);
            sql.push(json_suffix);
            sql.build_query_scalar().fetch_one(pool).await?
        });
        let mut people = rows::people_from_json(&page, kind)?;
        let cursor = |p: &Person| Cursor {
            sort_key: sort_key(&p.name),
            id: p.id.0,
        };
        let more = people.len() as i64 > limit;
        let (next, previous) = if query.before.is_some() {
            // One row more than asked for means there are rows before this page: the extra one
            // is the earliest, first in name order.
            if more {
                people.remove(0);
            }
            let previous = people.first().filter(|_| more).map(cursor);
            // The position given was on the page after this one.
            (people.last().map(cursor), previous)
        } else {
            if more {
                people.truncate(limit as usize);
            }
            let next = people.last().filter(|_| more).map(cursor);
            let previous = people.first().filter(|_| query.after.is_some()).map(cursor);
            (next, previous)
        };
        Ok(Page {
            items: people,
            next,
            previous,
        })
    }

    /// How many active direct reports each of `ids` has; those with none are left out.
    pub async fn report_counts(&self, ids: &[PersonId]) -> Result<HashMap<PersonId, usize>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(PersonId, i64)> = on_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT manager_id, COUNT(*) FROM people WHERE archived_at IS NULL AND manager_id IN (",
            );
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            query.push(") GROUP BY manager_id");
            query.build_query_as().fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, count)| (id, usize::try_from(count).unwrap_or_default()))
            .collect())
    }

    /// The active teams each of `ids` is in, each person's in team name order; people in no
    /// team are left out.
    pub async fn teams_of_people(
        &self,
        ids: &[PersonId],
    ) -> Result<HashMap<PersonId, Vec<(TeamId, String)>>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(PersonId, TeamId, String)> = on_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT m.person_id, t.id, t.name FROM team_members m JOIN teams t ON t.id = m.team_id
                 WHERE t.archived_at IS NULL AND m.person_id IN (",
            );
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            query.push(") ORDER BY m.person_id, t.sort_name, t.id");
            query.build_query_as().fetch_all(pool).await?
        });
        let mut teams: HashMap<PersonId, Vec<(TeamId, String)>> = HashMap::new();
        for (person, team, name) in rows {
            teams.entry(person).or_default().push((team, name));
        }
        Ok(teams)
    }

    /// Active direct reports, in name order.
    pub async fn direct_reports(&self, id: PersonId) -> Result<Vec<Person>> {
        let rows: Vec<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!("FROM people p WHERE p.manager_id = $1 AND p.archived_at IS NULL ORDER BY p.sort_name, p.id"))
                .bind(id)
                .fetch_all(pool)
                .await?
        });
        rows::people(rows)
    }

    /// Active teams' ids and names in name order, for choosing one (a filter, say).
    pub async fn team_choices(&self) -> Result<Vec<(TeamId, String)>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as("SELECT id, name FROM teams WHERE archived_at IS NULL ORDER BY sort_name, id")
                .fetch_all(pool)
                .await?
        }))
    }

    pub async fn count_people(&self) -> Result<i64> {
        Ok(
            on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(pool).await?),
        )
    }

    /// Every person's email with their manager's, for checking an import against what is stored.
    pub async fn manager_emails(&self) -> Result<HashMap<Email, Option<Email>>> {
        let rows: Vec<(String, Option<String>)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT p.email, m.email FROM people p LEFT JOIN people m ON m.id = p.manager_id")
                .fetch_all(pool)
                .await?
        });
        let parse = |raw: &str| Email::parse(raw).map_err(|e| StoreError::Corrupt(e.to_string()));
        rows.into_iter()
            .map(|(email, manager)| {
                Ok((parse(&email)?, manager.as_deref().map(parse).transpose()?))
            })
            .collect()
    }

    /// The stored password hash of an active person, by email.
    pub async fn credentials(&self, email: &Email) -> Result<Option<(PersonId, String)>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, password_hash FROM people
                 WHERE email = $1 AND archived_at IS NULL AND password_hash IS NOT NULL",
            )
            .bind(email.as_str())
            .fetch_optional(pool)
            .await?
        }))
    }

    pub async fn password_hash(&self, id: PersonId) -> Result<Option<String>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar("SELECT password_hash FROM people WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
                .flatten()
        }))
    }
}

/// The manager followed by everyone above them, nearest first, from the manager's stored line.
fn chain_of(manager: Option<PersonId>, manager_line: Option<&str>) -> Result<Vec<PersonId>> {
    let (Some(manager), Some(line)) = (manager, manager_line) else {
        return Ok(Vec::new());
    };
    let above = managers_in_line(line).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "person {manager}: “{line}” is not a reporting line"
        ))
    })?;
    Ok(std::iter::once(manager).chain(above).collect())
}

/// An FTS5 phrase query for `term`: double quotes inside are doubled, so any text is taken
/// literally, and the trigram tokenizer matches it anywhere in a column.
fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("ada"), "%ada%");
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
