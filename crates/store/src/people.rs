//! People: the directory, the reporting line and profiles.

use std::collections::{HashMap, HashSet};

use tend_domain::org::{OrgEntry, check_manager};
use tend_domain::pagination::Cursor;
use tend_domain::person::{Person, PersonDraft, Profile, sort_key};
use tend_domain::team::TeamId;
use tend_domain::{DomainError, Email, PersonId};

use crate::BeginWrite as _;
use crate::error::unique_violation;
use crate::rows::{self, PersonRow, person_select};
use crate::{Result, Store, StoreError, on_pool};

const EMAIL_TAKEN: &str = "is already used by someone else";

/// Everyone above a person, nearest first, starting with the person themselves. The depth guard
/// keeps a corrupted (cyclic) line from looping forever.
const CHAIN_UP: &str = "WITH RECURSIVE chain (id, manager_id, depth) AS (
        SELECT id, manager_id, 0 FROM people WHERE id = $1
        UNION ALL
        SELECT p.id, p.manager_id, c.depth + 1 FROM people p JOIN chain c ON p.id = c.manager_id
        WHERE c.depth < 10000
    ) SELECT id FROM chain ORDER BY depth";

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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ArchivedFilter {
    #[default]
    Active,
    Archived,
    All,
}

impl ArchivedFilter {
    pub(crate) fn as_sql(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Archived => "archived",
            Self::All => "all",
        }
    }
}

/// A page of the directory.
#[derive(Debug, Clone, Default)]
pub struct PeopleQuery {
    /// Matches anywhere in the name or email, case-insensitively.
    pub search: Option<String>,
    pub team_id: Option<TeamId>,
    pub archived: ArchivedFilter,
    pub after: Option<Cursor>,
    pub limit: u32,
}

fn like_pattern(search: &str) -> String {
    let escaped = search
        .trim()
        .to_lowercase()
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
    pub async fn create_person(&self, new: NewPerson) -> Result<Person> {
        let now = crate::now();
        let NewPerson {
            draft,
            profile,
            password_hash,
        } = new;
        let id: i64 = on_pool!(self, pool => {
            sqlx::query_scalar(
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
            .fetch_one(pool)
            .await
            .map_err(manager_missing)?
        });
        self.person(id).await?.ok_or_else(StoreError::not_found)
    }

    pub async fn person(&self, id: PersonId) -> Result<Option<Person>> {
        let row: Option<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!("WHERE p.id = $1")).bind(id).fetch_optional(pool).await?
        });
        row.map(Person::try_from).transpose()
    }

    pub async fn person_by_email(&self, email: &Email) -> Result<Option<Person>> {
        let row: Option<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!("WHERE p.email = $1")).bind(email.as_str()).fetch_optional(pool).await?
        });
        row.map(Person::try_from).transpose()
    }

    /// Changes a person's account fields. A manager that would close a cycle in the reporting
    /// line is refused, checked in the same transaction as the write.
    pub async fn update_person(&self, id: PersonId, changes: &PersonChanges) -> Result<Person> {
        let now = crate::now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(lock) = crate::reporting_line_lock(pool) {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            let chain: Vec<i64> = match changes.manager_id {
                Some(manager) => sqlx::query_scalar(CHAIN_UP).bind(manager).fetch_all(&mut *tx).await?,
                None => Vec::new(),
            };
            if changes.manager_id.is_some() && chain.is_empty() {
                return Err(DomainError::field("manager_id", "there is no such person").into());
            }
            check_manager(id, changes.manager_id, &chain)?;
            let updated = sqlx::query(
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
            if updated.rows_affected() == 0 {
                return Err(StoreError::not_found());
            }
            tx.commit().await?;
        });
        self.person(id).await?.ok_or_else(StoreError::not_found)
    }

    pub async fn update_profile(&self, id: PersonId, profile: &Profile) -> Result<Person> {
        let now = crate::now();
        let updated = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE people SET time_zone = $1, career_track = $2, aspirations = $3, motivations = $4,
                    strengths = $5, working_preferences = $6, updated_at = $7 WHERE id = $8",
            )
            .bind(&profile.time_zone)
            .bind(profile.career_track.as_str())
            .bind(&profile.aspirations)
            .bind(&profile.motivations)
            .bind(&profile.strengths)
            .bind(&profile.working_preferences)
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        crate::error::found(updated)?;
        self.person(id).await?.ok_or_else(StoreError::not_found)
    }

    /// Archives (or restores) a person. An archived person cannot sign in and their sessions and
    /// tokens stop working; nothing they wrote is deleted.
    pub async fn set_archived(&self, id: PersonId, archived: bool) -> Result<Person> {
        let now = crate::now();
        let archived_at = archived.then_some(now);
        let updated = on_pool!(self, pool => {
            sqlx::query("UPDATE people SET archived_at = $1, updated_at = $2 WHERE id = $3")
                .bind(archived_at)
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        crate::error::found(updated)?;
        self.person(id).await?.ok_or_else(StoreError::not_found)
    }

    /// One page of people in name order, and the cursor of the next page if there is one.
    pub async fn list_people(&self, query: &PeopleQuery) -> Result<(Vec<Person>, Option<Cursor>)> {
        let pattern = query
            .search
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(like_pattern);
        let (after_key, after_id) = match &query.after {
            Some(cursor) => (Some(cursor.sort_key.clone()), cursor.id),
            None => (None, 0),
        };
        let limit = i64::from(query.limit.max(1));
        let rows: Vec<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!(
                "WHERE ($1 IS NULL OR p.sort_name LIKE $1 ESCAPE '\\' OR p.email LIKE $1 ESCAPE '\\')
                   AND ($2 IS NULL OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.person_id = p.id AND tm.team_id = $2))
                   AND ($3 = 'all' OR ($3 = 'active' AND p.archived_at IS NULL) OR ($3 = 'archived' AND p.archived_at IS NOT NULL))
                   AND ($4 IS NULL OR p.sort_name > $4 OR (p.sort_name = $4 AND p.id > $5))
                 ORDER BY p.sort_name, p.id LIMIT $6"
            ))
            .bind(pattern)
            .bind(query.team_id)
            .bind(query.archived.as_sql())
            .bind(after_key)
            .bind(after_id)
            .bind(limit + 1)
            .fetch_all(pool)
            .await?
        });
        let mut people = rows::people(rows)?;
        let next = if people.len() as i64 > limit {
            people.truncate(limit as usize);
            people.last().map(|p| Cursor {
                sort_key: sort_key(&p.name),
                id: p.id,
            })
        } else {
            None
        };
        Ok((people, next))
    }

    /// Everyone above a person in the reporting line, nearest first (not the person).
    pub async fn managers_of(&self, id: PersonId) -> Result<Vec<PersonId>> {
        let mut chain: Vec<i64> = on_pool!(self, pool => {
            sqlx::query_scalar(CHAIN_UP).bind(id).fetch_all(pool).await?
        });
        if !chain.is_empty() {
            chain.remove(0);
        }
        Ok(chain)
    }

    /// Which of `ids` have `manager` above them in the reporting line, at any depth. Walks up
    /// from the given people only, so its cost follows the page size, not the organisation's.
    pub async fn managed_by(
        &self,
        manager: PersonId,
        ids: &[PersonId],
    ) -> Result<HashSet<PersonId>> {
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        let found: Vec<i64> = on_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "WITH RECURSIVE up (start, manager_id, depth) AS (SELECT id, manager_id, 1 FROM people WHERE id IN (",
            );
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            query.push(
                ") UNION ALL SELECT up.start, p.manager_id, up.depth + 1 FROM up JOIN people p ON p.id = up.manager_id
                   WHERE up.depth < 10000
                 ) SELECT DISTINCT start FROM up WHERE manager_id = ",
            );
            query.push_bind(manager);
            query.build_query_scalar().fetch_all(pool).await?
        });
        Ok(found.into_iter().collect())
    }

    /// Active direct reports, in name order.
    pub async fn direct_reports(&self, id: PersonId) -> Result<Vec<Person>> {
        let rows: Vec<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!("WHERE p.manager_id = $1 AND p.archived_at IS NULL ORDER BY p.sort_name, p.id"))
                .bind(id)
                .fetch_all(pool)
                .await?
        });
        rows::people(rows)
    }

    /// Active teams' ids and names in name order, for choosing one (a filter, say).
    pub async fn team_choices(&self) -> Result<Vec<(i64, String)>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as("SELECT id, name FROM teams WHERE archived_at IS NULL ORDER BY sort_name, id")
                .fetch_all(pool)
                .await?
        }))
    }

    /// The part of the org chart to draw: active people from `root` (or from the top of the
    /// organisation when `None`) down `depth` levels, each with their count of active direct
    /// reports. Reads only what is drawn, however large the organisation.
    pub async fn org_slice(&self, root: Option<PersonId>, depth: usize) -> Result<Vec<OrgEntry>> {
        let depth = i64::try_from(depth).unwrap_or(i64::MAX);
        let rows: Vec<(i64, Option<i64>, String, i64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "WITH RECURSIVE tree (id, depth) AS (
                    SELECT p.id, 0 FROM people p
                    WHERE p.archived_at IS NULL AND (p.id = $1 OR ($1 IS NULL AND (p.manager_id IS NULL
                        OR p.manager_id IN (SELECT a.id FROM people a WHERE a.archived_at IS NOT NULL))))
                    UNION ALL
                    SELECT p.id, t.depth + 1 FROM people p JOIN tree t ON p.manager_id = t.id
                    WHERE p.archived_at IS NULL AND t.depth < $2
                )
                SELECT p.id, p.manager_id, p.name,
                    (SELECT COUNT(*) FROM people c WHERE c.manager_id = p.id AND c.archived_at IS NULL)
                FROM tree t JOIN people p ON p.id = t.id",
            )
            .bind(root)
            .bind(depth)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, manager_id, name, reports)| OrgEntry {
                id,
                manager_id,
                name,
                reports: usize::try_from(reports).unwrap_or_default(),
            })
            .collect())
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

    pub async fn set_password_hash(&self, id: PersonId, hash: &str) -> Result<()> {
        let now = crate::now();
        let updated = on_pool!(self, pool => {
            sqlx::query("UPDATE people SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(hash)
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        crate::error::found(updated)
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

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern(" Ada "), "%ada%");
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
