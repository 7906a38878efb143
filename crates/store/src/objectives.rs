//! Objectives (a tree, with their why and period) and goals (a person's, linked to an objective or
//! personal growth, with progress and dated check-ins).

use std::collections::HashMap;

use tend_domain::align::Period;
use tend_domain::align::objectives::{self as rules, CheckIn, Goal, Objective};
use tend_domain::org::managers_in_line;
use tend_domain::{CheckInId, DomainError, GoalId, ObjectiveId, PersonId, TeamId, Timestamp};
use time::Date;

use crate::{BeginWrite, Result, Store, StoreError, in_json, json_ids, key_lock, on_pool};

/// The key writers of the objective tree take turns on (PostgreSQL), so two re-parentings cannot
/// each pass the cycle check and together make a cycle.
const TREE_LOCK_KEY: &str = "objective-tree";

/// Every objective's parent, read inside an open transaction (`$tx`).
macro_rules! objective_parents {
    ($tx:ident) => {{
        let pairs: Vec<(ObjectiveId, Option<ObjectiveId>)> =
            sqlx::query_as("SELECT id, parent_id FROM objectives")
                .fetch_all(&mut *$tx)
                .await?;
        pairs.into_iter().collect::<HashMap<_, _>>()
    }};
}

/// Inside an open transaction (`$tx`), under the tree lock so it cannot be deleted meanwhile:
/// checks that the objective a goal links to exists.
macro_rules! linked_objective {
    ($pool:ident, $tx:ident, $objective:expr) => {{
        if let Some(lock) = key_lock($pool) {
            sqlx::query(lock)
                .bind(TREE_LOCK_KEY)
                .execute(&mut *$tx)
                .await?;
        }
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM objectives WHERE id = $1")
            .bind($objective)
            .fetch_optional(&mut *$tx)
            .await?;
        if exists.is_none() {
            return Err(DomainError::field(
                "objective_id",
                format!("there is no objective {}", $objective),
            )
            .into());
        }
    }};
}

const OBJECTIVE_COLUMNS: &str = "o.id, o.title, o.why, o.team_id, o.parent_id, o.owner_id, o.starts_on, o.ends_on, o.created_at, o.updated_at";
const GOAL_COLUMNS: &str = "g.id, g.person_id, g.title, g.why, g.objective_id, g.starts_on, g.ends_on, \
     g.progress, g.created_by, g.created_at, g.updated_at";
const CHECK_IN_COLUMNS: &str = "id, goal_id, progress, note, author_id, created_at";

#[derive(sqlx::FromRow)]
struct ObjectiveRow {
    id: ObjectiveId,
    title: String,
    why: String,
    team_id: Option<TeamId>,
    parent_id: Option<ObjectiveId>,
    owner_id: Option<PersonId>,
    starts_on: Date,
    ends_on: Date,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<ObjectiveRow> for Objective {
    fn from(row: ObjectiveRow) -> Self {
        Objective {
            id: row.id,
            title: row.title,
            why: row.why,
            team_id: row.team_id,
            parent_id: row.parent_id,
            owner_id: row.owner_id,
            period: Period {
                starts_on: row.starts_on,
                ends_on: row.ends_on,
            },
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct GoalRow {
    id: GoalId,
    person_id: PersonId,
    title: String,
    why: String,
    objective_id: Option<ObjectiveId>,
    starts_on: Option<Date>,
    ends_on: Option<Date>,
    progress: i64,
    created_by: Option<PersonId>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

fn progress_of(value: i64, what: &str) -> Result<u8> {
    u8::try_from(value)
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| StoreError::Corrupt(format!("{what}: progress {value}")))
}

impl TryFrom<GoalRow> for Goal {
    type Error = StoreError;
    fn try_from(row: GoalRow) -> Result<Self> {
        Ok(Goal {
            progress: progress_of(row.progress, &format!("goal {}", row.id))?,
            id: row.id,
            person_id: row.person_id,
            title: row.title,
            why: row.why,
            objective_id: row.objective_id,
            period: row
                .starts_on
                .zip(row.ends_on)
                .map(|(starts_on, ends_on)| Period { starts_on, ends_on }),
            created_by: row.created_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CheckInRow {
    id: CheckInId,
    goal_id: GoalId,
    progress: i64,
    note: String,
    author_id: Option<PersonId>,
    created_at: Timestamp,
}

impl TryFrom<CheckInRow> for CheckIn {
    type Error = StoreError;
    fn try_from(row: CheckInRow) -> Result<Self> {
        Ok(CheckIn {
            progress: progress_of(row.progress, &format!("check-in {}", row.id))?,
            id: row.id,
            goal_id: row.goal_id,
            note: row.note,
            author_id: row.author_id,
            created_at: row.created_at,
        })
    }
}

/// An objective to create.
#[derive(Debug, Clone)]
pub struct NewObjective {
    pub title: String,
    pub why: String,
    pub team_id: Option<TeamId>,
    pub parent_id: Option<ObjectiveId>,
    pub owner_id: Option<PersonId>,
    pub period: Period,
    pub created_by: Option<PersonId>,
}

/// Changes to an objective; `None` keeps a field. `team_id`, `parent_id` and `owner_id` use
/// `Some(None)` to clear.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveChanges {
    pub title: Option<String>,
    pub why: Option<String>,
    pub team_id: Option<Option<TeamId>>,
    pub parent_id: Option<Option<ObjectiveId>>,
    pub owner_id: Option<Option<PersonId>>,
    pub period: Option<Period>,
}

/// Which objectives to list.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveQuery {
    /// `Some(None)`: organisation objectives only; `Some(Some(t))`: team t's.
    pub team: Option<Option<TeamId>>,
    /// Only those whose period contains this day.
    pub on: Option<Date>,
    pub after: Option<ObjectiveId>,
    pub limit: u32,
}

/// A goal to create.
#[derive(Debug, Clone)]
pub struct NewGoal {
    pub person_id: PersonId,
    pub title: String,
    pub why: String,
    pub objective_id: Option<ObjectiveId>,
    pub period: Option<Period>,
    pub progress: u8,
    pub created_by: Option<PersonId>,
}

/// Changes to a goal; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct GoalChanges {
    pub title: Option<String>,
    pub why: Option<String>,
    /// With the period that goes with it (the objective's, or a personal goal's own).
    pub objective: Option<(Option<ObjectiveId>, Option<Period>)>,
}

/// A goal with whose it is, for the alignment page.
#[derive(Debug, Clone)]
pub struct GoalListing {
    pub goal: Goal,
    pub person_name: String,
    /// Everyone above the person in the reporting line, nearest first: what the access rule asks.
    pub person_managers: Vec<PersonId>,
}

/// Someone without a goal linked to a current objective.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unaligned {
    pub id: PersonId,
    pub name: String,
}

/// `p` is the person `$n` or below them in the reporting line: a range over the index of lines
/// (every line below `/1/5/` starts with it, and sorts before `/1/50`), its bounds computed from
/// the person's own line in the same statement. Bytewise on both backends (`"C"` on PostgreSQL,
/// as the index is).
pub(crate) fn in_line_of(kind: crate::BackendKind, n: u8) -> String {
    let line = match kind {
        crate::BackendKind::Sqlite => "p.reporting_line",
        crate::BackendKind::Postgres => "(p.reporting_line COLLATE \"C\")",
    };
    format!(
        "{line} >= (SELECT l.reporting_line FROM people l WHERE l.id = ${n}) \
         AND {line} < (SELECT substr(l.reporting_line, 1, length(l.reporting_line) - 1) || '0' \
                       FROM people l WHERE l.id = ${n})"
    )
}

impl Store {
    /// Creates an objective; a parent is checked (inside the transaction) to exist and not to make
    /// the tree deeper than it may go.
    pub async fn create_objective(&self, new: &NewObjective) -> Result<ObjectiveId> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(lock) = key_lock(pool) {
                sqlx::query(lock).bind(TREE_LOCK_KEY).execute(&mut *tx).await?;
            }
            if let Some(parent) = new.parent_id {
                let parents = objective_parents!(tx);
                if !parents.contains_key(&parent) {
                    return Err(DomainError::field("parent_id", format!("there is no objective {parent}")).into());
                }
                rules::check_parent(None, parent, &parents).map_err(|e| DomainError::Invalid(vec![e]))?;
            }
            let id: ObjectiveId = sqlx::query_scalar(
                "INSERT INTO objectives (title, why, team_id, parent_id, owner_id, starts_on, ends_on, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(&new.title)
            .bind(&new.why)
            .bind(new.team_id)
            .bind(new.parent_id)
            .bind(new.owner_id)
            .bind(new.period.starts_on)
            .bind(new.period.ends_on)
            .bind(new.created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        }))
    }

    pub async fn objective(&self, id: ObjectiveId) -> Result<Option<Objective>> {
        let row: Option<ObjectiveRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {OBJECTIVE_COLUMNS} FROM objectives o WHERE o.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(Objective::from))
    }

    pub async fn objectives_by_ids(&self, ids: &[ObjectiveId]) -> Result<Vec<Objective>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let membership = in_json(self.kind(), "o.id", 1);
        let rows: Vec<ObjectiveRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {OBJECTIVE_COLUMNS} FROM objectives o WHERE {membership} ORDER BY o.id"))
                .bind(json_ids(ids.iter().map(|i| i.0)))
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(Objective::from).collect())
    }

    /// Objectives by id, filtered, at most `limit`.
    pub async fn objectives(&self, query: &ObjectiveQuery) -> Result<Vec<Objective>> {
        let rows: Vec<ObjectiveRow> = on_pool!(self, pool => {
            let mut sql = sqlx::QueryBuilder::new(format!("SELECT {OBJECTIVE_COLUMNS} FROM objectives o WHERE 1 = 1"));
            match query.team {
                Some(None) => { sql.push(" AND o.team_id IS NULL"); }
                Some(Some(team)) => { sql.push(" AND o.team_id = ").push_bind(team); }
                None => {}
            }
            if let Some(on) = query.on {
                sql.push(" AND o.starts_on <= ").push_bind(on).push(" AND o.ends_on >= ").push_bind(on);
            }
            if let Some(after) = query.after {
                sql.push(" AND o.id > ").push_bind(after);
            }
            sql.push(" ORDER BY o.id LIMIT ").push_bind(i64::from(query.limit));
            sql.build_query_as().fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Objective::from).collect())
    }

    /// The objectives running on `on` that belong to the organisation or to one of `teams`, by
    /// id, at most `limit`: what one person's alignment page draws.
    pub async fn objectives_for(
        &self,
        on: Date,
        teams: &[TeamId],
        limit: u32,
    ) -> Result<Vec<Objective>> {
        let membership = in_json(self.kind(), "o.team_id", 2);
        let rows: Vec<ObjectiveRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {OBJECTIVE_COLUMNS} FROM objectives o
                 WHERE o.starts_on <= $1 AND o.ends_on >= $1 AND (o.team_id IS NULL OR {membership})
                 ORDER BY o.id LIMIT $3"
            ))
            .bind(on)
            .bind(json_ids(teams.iter().map(|t| t.0)))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(Objective::from).collect())
    }

    /// Changes an objective in one transaction; a new parent is refused when it would make a
    /// cycle (checked under the tree lock, so two concurrent changes cannot make one together).
    pub async fn update_objective(
        &self,
        id: ObjectiveId,
        changes: &ObjectiveChanges,
    ) -> Result<Objective> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(lock) = key_lock(pool) {
                sqlx::query(lock).bind(TREE_LOCK_KEY).execute(&mut *tx).await?;
            }
            let current: Option<ObjectiveRow> = sqlx::query_as(&format!("SELECT {OBJECTIVE_COLUMNS} FROM objectives o WHERE o.id = $1"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let current = Objective::from(current.ok_or_else(StoreError::not_found)?);
            if let Some(Some(parent)) = changes.parent_id {
                let parents = objective_parents!(tx);
                if !parents.contains_key(&parent) {
                    return Err(DomainError::field("parent_id", format!("there is no objective {parent}")).into());
                }
                rules::check_parent(Some(id), parent, &parents).map_err(|e| DomainError::Invalid(vec![e]))?;
            }
            let period = changes.period.unwrap_or(current.period);
            sqlx::query(
                "UPDATE objectives SET title = $2, why = $3, team_id = $4, parent_id = $5, owner_id = $6,
                    starts_on = $7, ends_on = $8, updated_at = $9 WHERE id = $1",
            )
            .bind(id)
            .bind(changes.title.as_ref().unwrap_or(&current.title))
            .bind(changes.why.as_ref().unwrap_or(&current.why))
            .bind(changes.team_id.unwrap_or(current.team_id))
            .bind(changes.parent_id.unwrap_or(current.parent_id))
            .bind(changes.owner_id.unwrap_or(current.owner_id))
            .bind(period.starts_on)
            .bind(period.ends_on)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            // Linked goals take their objective's period.
            if changes.period.is_some() {
                sqlx::query("UPDATE goals SET starts_on = $2, ends_on = $3, updated_at = $4 WHERE objective_id = $1")
                    .bind(id)
                    .bind(period.starts_on)
                    .bind(period.ends_on)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        self.objective(id).await?.ok_or_else(StoreError::not_found)
    }

    /// Deletes an objective nothing hangs from; one that objectives or goals support is refused
    /// (move or delete those first).
    pub async fn delete_objective(&self, id: ObjectiveId) -> Result<()> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // Under the tree lock: no child can be added under it between the count and the delete.
            if let Some(lock) = key_lock(pool) {
                sqlx::query(lock).bind(TREE_LOCK_KEY).execute(&mut *tx).await?;
            }
            let (children, goals): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM objectives WHERE parent_id = $1), (SELECT COUNT(*) FROM goals WHERE objective_id = $1)",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if children > 0 || goals > 0 {
                return Err(DomainError::Conflict(format!(
                    "{children} objective(s) and {goals} goal(s) support this objective; link them elsewhere first"
                )).into());
            }
            let deleted = sqlx::query("DELETE FROM objectives WHERE id = $1").bind(id).execute(&mut *tx).await?;
            if deleted.rows_affected() == 0 {
                return Err(StoreError::not_found());
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// The number of goals and child objectives under each objective given.
    pub async fn objective_support(
        &self,
        ids: &[ObjectiveId],
    ) -> Result<HashMap<ObjectiveId, (i64, i64)>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let membership = in_json(self.kind(), "o.id", 1);
        let rows: Vec<(ObjectiveId, i64, i64)> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT o.id, (SELECT COUNT(*) FROM objectives c WHERE c.parent_id = o.id),
                        (SELECT COUNT(*) FROM goals g WHERE g.objective_id = o.id)
                 FROM objectives o WHERE {membership}"
            ))
            .bind(json_ids(ids.iter().map(|i| i.0)))
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|(id, c, g)| (id, (c, g))).collect())
    }

    pub async fn create_goal(&self, new: &NewGoal) -> Result<GoalId> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(objective) = new.objective_id {
                linked_objective!(pool, tx, objective);
            }
            let id: GoalId = sqlx::query_scalar(
                "INSERT INTO goals (person_id, title, why, objective_id, starts_on, ends_on, progress, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(new.person_id)
            .bind(&new.title)
            .bind(&new.why)
            .bind(new.objective_id)
            .bind(new.period.map(|p| p.starts_on))
            .bind(new.period.map(|p| p.ends_on))
            .bind(i64::from(new.progress))
            .bind(new.created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        }))
    }

    pub async fn goal(&self, id: GoalId) -> Result<Option<Goal>> {
        let row: Option<GoalRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {GOAL_COLUMNS} FROM goals g WHERE g.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Goal::try_from).transpose()
    }

    /// A person's goals, newest first.
    pub async fn goals_of(&self, person: PersonId) -> Result<Vec<Goal>> {
        let rows: Vec<GoalRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {GOAL_COLUMNS} FROM goals g WHERE g.person_id = $1 ORDER BY g.id DESC"))
                .bind(person)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(Goal::try_from).collect()
    }

    /// The goals of `viewer` and everyone below them in the reporting line (active people), each
    /// with the person's name; at most `limit`, by person name.
    pub async fn goals_in_line(&self, viewer: PersonId, limit: u32) -> Result<Vec<GoalListing>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            goal: GoalRow,
            person_name: String,
            reporting_line: String,
        }
        let line = in_line_of(self.kind(), 1);
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {GOAL_COLUMNS}, p.name AS person_name, p.reporting_line FROM goals g JOIN people p ON p.id = g.person_id
                 WHERE p.archived_at IS NULL AND {line}
                 ORDER BY p.sort_name, p.id, g.id LIMIT $2"
            ))
            .bind(viewer)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|row| {
                let goal = Goal::try_from(row.goal)?;
                let person_managers = managers_in_line(&row.reporting_line).ok_or_else(|| {
                    StoreError::Corrupt(format!("person {}: reporting line", goal.person_id))
                })?;
                Ok(GoalListing {
                    goal,
                    person_name: row.person_name,
                    person_managers,
                })
            })
            .collect()
    }

    /// Active people at or below `viewer` in the reporting line with no goal linked to an
    /// objective whose period contains `on`: at most `limit` of them by name, and how many in all.
    pub async fn unaligned_in_line(
        &self,
        viewer: PersonId,
        on: Date,
        limit: u32,
    ) -> Result<(Vec<Unaligned>, i64)> {
        let line = in_line_of(self.kind(), 1);
        let condition = format!(
            "p.archived_at IS NULL AND {line} AND NOT EXISTS (
                SELECT 1 FROM goals g JOIN objectives o ON o.id = g.objective_id
                WHERE g.person_id = p.id AND o.starts_on <= $2 AND o.ends_on >= $2)"
        );
        let (rows, total): (Vec<(PersonId, String)>, i64) = on_pool!(self, pool => {
            let rows = sqlx::query_as(&format!(
                "SELECT p.id, p.name FROM people p WHERE {condition} ORDER BY p.sort_name, p.id LIMIT $3"
            ))
            .bind(viewer)
            .bind(on)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            let total = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM people p WHERE {condition}"))
                .bind(viewer)
                .bind(on)
                .fetch_one(pool)
                .await?;
            (rows, total)
        });
        Ok((
            rows.into_iter()
                .map(|(id, name)| Unaligned { id, name })
                .collect(),
            total,
        ))
    }

    pub async fn update_goal(&self, id: GoalId, changes: &GoalChanges) -> Result<Goal> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let current: Option<GoalRow> = sqlx::query_as(&format!("SELECT {GOAL_COLUMNS} FROM goals g WHERE g.id = $1"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let current = Goal::try_from(current.ok_or_else(StoreError::not_found)?)?;
            let (objective, period) = changes.objective.unwrap_or((current.objective_id, current.period));
            if let Some(objective) = objective.filter(|o| Some(*o) != current.objective_id) {
                linked_objective!(pool, tx, objective);
            }
            sqlx::query(
                "UPDATE goals SET title = $2, why = $3, objective_id = $4, starts_on = $5, ends_on = $6, updated_at = $7 WHERE id = $1",
            )
            .bind(id)
            .bind(changes.title.as_ref().unwrap_or(&current.title))
            .bind(changes.why.as_ref().unwrap_or(&current.why))
            .bind(objective)
            .bind(period.map(|p| p.starts_on))
            .bind(period.map(|p| p.ends_on))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        self.goal(id).await?.ok_or_else(StoreError::not_found)
    }

    pub async fn delete_goal(&self, id: GoalId) -> Result<()> {
        self.delete_row("goals", id.0).await
    }

    /// Records a check-in and moves the goal's progress to it, in one transaction.
    pub async fn add_check_in(
        &self,
        goal: GoalId,
        progress: u8,
        note: &str,
        author: Option<PersonId>,
    ) -> Result<CheckInId> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query("UPDATE goals SET progress = $2, updated_at = $3 WHERE id = $1")
                .bind(goal)
                .bind(i64::from(progress))
                .bind(now)
                .execute(&mut *tx)
                .await?;
            if updated.rows_affected() == 0 {
                return Err(StoreError::not_found());
            }
            let id: CheckInId = sqlx::query_scalar(
                "INSERT INTO goal_check_ins (goal_id, progress, note, author_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(goal)
            .bind(i64::from(progress))
            .bind(note)
            .bind(author)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        }))
    }

    /// A goal's check-ins, newest first.
    pub async fn check_ins(&self, goal: GoalId) -> Result<Vec<CheckIn>> {
        let rows: Vec<CheckInRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {CHECK_IN_COLUMNS} FROM goal_check_ins WHERE goal_id = $1 ORDER BY id DESC"))
                .bind(goal)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(CheckIn::try_from).collect()
    }
}
