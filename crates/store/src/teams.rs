//! Teams, their purpose, lead and members.

use tend_domain::listing::{ArchivedFilter, Page};
use tend_domain::pagination::Cursor;
use tend_domain::person::Person;
// Teams list in natural order ("Billing 3" before "Billing 10"); people keep their own key.
use tend_domain::team::{Team, TeamDraft, sort_key};
use tend_domain::{DomainError, PersonId, TeamId};

use crate::BeginWrite as _;
use crate::error::unique_violation;
use crate::rows::{self, PersonRow, TeamRow, person_select, team_select};
use crate::{Result, Store, StoreError, on_pool};

const NAME_TAKEN: &str = "another team already has this name";

/// What changes on a team: the same fields as creating one.
pub type TeamChanges = TeamDraft;

fn lead_missing(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            DomainError::field("lead_id", "there is no such person").into()
        }
        _ => unique_violation(error, "name", NAME_TAKEN),
    }
}

fn member_missing(error: sqlx::Error, person: PersonId) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            DomainError::field("member_ids", format!("there is no person with id {person}")).into()
        }
        _ => StoreError::Database(error),
    }
}

/// Marks a team changed inside an open transaction (`$tx`), failing with "not found" when it does
/// not exist. In PostgreSQL it also locks the team's row, so two changes to its members take turns.
macro_rules! touch_team {
    ($tx:ident, $team:expr, $now:expr) => {{
        let touched = sqlx::query("UPDATE teams SET updated_at = $1 WHERE id = $2")
            .bind($now)
            .bind($team)
            .execute(&mut *$tx)
            .await?
            .rows_affected();
        crate::error::found(touched)?;
    }};
}

/// Makes a team's lead one of its members inside an open transaction (`$tx`): a team's lead is
/// always a member (`Viewer::may_remove_team_member`), whoever set the lead or the members.
macro_rules! keep_lead_a_member {
    ($tx:ident, $team:expr) => {{
        sqlx::query(KEEP_LEAD_A_MEMBER)
            .bind($team)
            .execute(&mut *$tx)
            .await?;
    }};
}

/// Adds the lead of team `$1` to its members, when it has one.
const KEEP_LEAD_A_MEMBER: &str = "INSERT INTO team_members (team_id, person_id)
    SELECT id, lead_id FROM teams WHERE id = $1 AND lead_id IS NOT NULL
    ON CONFLICT DO NOTHING";

/// Adds every team's lead to its members (after setting many leads at once).
pub(crate) const KEEP_LEADS_MEMBERS: &str = "INSERT INTO team_members (team_id, person_id)
    SELECT id, lead_id FROM teams WHERE lead_id IS NOT NULL
    ON CONFLICT DO NOTHING";

/// Replaces a team's members inside an open transaction (`$tx`), on either backend.
macro_rules! replace_members {
    ($tx:ident, $team:expr, $members:expr) => {{
        sqlx::query("DELETE FROM team_members WHERE team_id = $1").bind($team).execute(&mut *$tx).await?;
        for person in $members {
            sqlx::query("INSERT INTO team_members (team_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind($team)
                .bind(*person)
                .execute(&mut *$tx)
                .await
                .map_err(|e| member_missing(e, *person))?;
        }
    }};
}

impl Store {
    /// Creates a team with its members, in one transaction: all of it or nothing.
    pub async fn create_team(&self, draft: &TeamDraft, members: &[PersonId]) -> Result<Team> {
        let now = self.now();
        let id: TeamId = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: TeamId = sqlx::query_scalar(
                "INSERT INTO teams (name, sort_name, purpose, lead_id, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            )
            .bind(&draft.name)
            .bind(sort_key(&draft.name))
            .bind(&draft.purpose)
            .bind(draft.lead_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(lead_missing)?;
            replace_members!(tx, id, members);
            keep_lead_a_member!(tx, id);
            tx.commit().await?;
            id
        });
        self.team(id).await?.ok_or_else(StoreError::not_found)
    }

    pub async fn team(&self, id: TeamId) -> Result<Option<Team>> {
        let row: Option<TeamRow> = on_pool!(self, pool => {
            sqlx::query_as(team_select!("WHERE t.id = $1")).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(Team::from))
    }

    pub async fn team_by_name(&self, name: &str) -> Result<Option<Team>> {
        let row: Option<TeamRow> = on_pool!(self, pool => {
            sqlx::query_as(team_select!("WHERE t.name = $1")).bind(name).fetch_optional(pool).await?
        });
        Ok(row.map(Team::from))
    }

    /// Changes a team and, when `members` is given, replaces its members, in one transaction.
    pub async fn update_team(
        &self,
        id: TeamId,
        changes: &TeamChanges,
        members: Option<&[PersonId]>,
    ) -> Result<Team> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query(
                "UPDATE teams SET name = $1, sort_name = $2, purpose = $3, lead_id = $4, updated_at = $5 WHERE id = $6",
            )
            .bind(&changes.name)
            .bind(sort_key(&changes.name))
            .bind(&changes.purpose)
            .bind(changes.lead_id)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(lead_missing)?
            .rows_affected();
            crate::error::found(updated)?;
            if let Some(members) = members {
                replace_members!(tx, id, members);
            }
            keep_lead_a_member!(tx, id);
            tx.commit().await?;
        });
        self.team(id).await?.ok_or_else(StoreError::not_found)
    }

    pub async fn set_team_archived(&self, id: TeamId, archived: bool) -> Result<Team> {
        let now = self.now();
        let updated = on_pool!(self, pool => {
            sqlx::query("UPDATE teams SET archived_at = $1, updated_at = $2 WHERE id = $3")
                .bind(archived.then_some(now))
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        crate::error::found(updated)?;
        self.team(id).await?.ok_or_else(StoreError::not_found)
    }

    /// One page of teams in name order, and the next page's cursor.
    pub async fn list_teams(
        &self,
        archived: ArchivedFilter,
        after: Option<&Cursor>,
        limit: u32,
    ) -> Result<Page<Team>> {
        let limit = i64::from(limit.max(1));
        let (after_key, after_id) = after.map_or((None, 0), |c| (Some(c.sort_key.clone()), c.id));
        let archived_sql = archived.as_str();
        let rows: Vec<TeamRow> = on_pool!(self, pool => {
            sqlx::query_as(team_select!(
                "WHERE ($1 = 'all' OR ($1 = 'active' AND t.archived_at IS NULL) OR ($1 = 'archived' AND t.archived_at IS NOT NULL))
                   AND ($2 IS NULL OR t.sort_name > $2 OR (t.sort_name = $2 AND t.id > $3))
                 ORDER BY t.sort_name, t.id LIMIT $4"
            ))
            .bind(archived_sql)
            .bind(after_key)
            .bind(after_id)
            .bind(limit + 1)
            .fetch_all(pool)
            .await?
        });
        let mut teams: Vec<Team> = rows.into_iter().map(Team::from).collect();
        let next = if teams.len() as i64 > limit {
            teams.truncate(limit as usize);
            teams.last().map(|t| Cursor {
                sort_key: sort_key(&t.name),
                id: t.id.0,
            })
        } else {
            None
        };
        Ok(Page {
            items: teams,
            next,
            previous: None,
        })
    }

    /// Adds one member; adding someone already in the team changes nothing. One statement, so
    /// two people adding members at once both keep theirs.
    pub async fn add_team_member(&self, id: TeamId, person: PersonId) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            touch_team!(tx, id, now);
            sqlx::query("INSERT INTO team_members (team_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(person)
                .execute(&mut *tx)
                .await
                .map_err(|e| member_missing(e, person))?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Removes one member, unless they lead the team; removing someone not in the team changes
    /// nothing.
    pub async fn remove_team_member(&self, id: TeamId, person: PersonId) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            touch_team!(tx, id, now);
            // Never the team's lead, who stays a member while they lead it.
            sqlx::query(
                "DELETE FROM team_members WHERE team_id = $1 AND person_id = $2
                 AND NOT EXISTS (SELECT 1 FROM teams t WHERE t.id = $1 AND t.lead_id = $2)",
            )
            .bind(id)
            .bind(person)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Active members of a team, in name order.
    pub async fn team_members(&self, id: TeamId) -> Result<Vec<Person>> {
        let rows: Vec<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!(
                "FROM people p JOIN team_members tm ON tm.person_id = p.id
                 WHERE tm.team_id = $1 AND p.archived_at IS NULL ORDER BY p.sort_name, p.id"
            ))
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        rows::people(rows)
    }

    /// The active teams a person is in, in name order.
    pub async fn teams_of(&self, person: PersonId) -> Result<Vec<Team>> {
        let rows: Vec<TeamRow> = on_pool!(self, pool => {
            sqlx::query_as(team_select!(
                "JOIN team_members m ON m.team_id = t.id
                 WHERE m.person_id = $1 AND t.archived_at IS NULL ORDER BY t.sort_name, t.id"
            ))
            .bind(person)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(Team::from).collect())
    }
}

impl Store {
    /// The names of these teams (one query), archived ones included.
    pub async fn team_names(
        &self,
        ids: &[TeamId],
    ) -> Result<std::collections::HashMap<TeamId, String>> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let membership = crate::in_json(self.kind(), "id", 1);
        let rows: Vec<(TeamId, String)> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT id, name FROM teams WHERE {membership}"))
                .bind(crate::json_ids(ids.iter().map(|t| t.0)))
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().collect())
    }
}

impl Store {
    /// Active teams led by `person` or by someone below them in the reporting line, by name, at
    /// most `limit`: the teams whose objectives and fairness they look after.
    pub async fn teams_led_in_line(
        &self,
        person: PersonId,
        limit: u32,
    ) -> Result<Vec<(TeamId, String)>> {
        let line = crate::objectives::in_line_of(self.kind(), 1);
        Ok(on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT t.id, t.name FROM teams t JOIN people p ON p.id = t.lead_id
                 WHERE t.archived_at IS NULL AND {line}
                 ORDER BY t.sort_name, t.id LIMIT $2"
            ))
            .bind(person)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        }))
    }
}
