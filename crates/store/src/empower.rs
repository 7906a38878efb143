//! Ownership areas, delegations (with every level they were set to) and opportunities.

use tend_domain::align::empower::{
    Delegation, DelegationLevel, LevelChange, Opportunity, OpportunityKind, OwnershipArea, Stretch,
};
use tend_domain::align::fairness::Counted;
use tend_domain::{DelegationId, OpportunityId, OwnershipAreaId, PersonId, TeamId, Timestamp};
use time::Date;

use crate::{BeginWrite, Result, Store, StoreError, in_json, json_ids, on_pool};

const AREA_COLUMNS: &str = "id, person_id, title, description, created_at, updated_at";
const DELEGATION_COLUMNS: &str =
    "id, person_id, delegated_by, decision, level, review_on, created_at, updated_at";
const OPPORTUNITY_COLUMNS: &str = "id, person_id, given_by, kind, stretch, title, happened_on, outcome, learned, created_at, updated_at";

type AreaRow = (
    OwnershipAreaId,
    PersonId,
    String,
    String,
    Timestamp,
    Timestamp,
);

fn area((id, person_id, title, description, created_at, updated_at): AreaRow) -> OwnershipArea {
    OwnershipArea {
        id,
        person_id,
        title,
        description,
        created_at,
        updated_at,
    }
}

#[derive(sqlx::FromRow)]
struct DelegationRow {
    id: DelegationId,
    person_id: PersonId,
    delegated_by: Option<PersonId>,
    decision: String,
    level: String,
    review_on: Option<Date>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

fn level_of(raw: &str, what: &str) -> Result<DelegationLevel> {
    raw.parse()
        .map_err(|_| StoreError::Corrupt(format!("{what}: level {raw}")))
}

impl TryFrom<DelegationRow> for Delegation {
    type Error = StoreError;
    fn try_from(row: DelegationRow) -> Result<Self> {
        Ok(Delegation {
            level: level_of(&row.level, &format!("delegation {}", row.id))?,
            id: row.id,
            person_id: row.person_id,
            delegated_by: row.delegated_by,
            decision: row.decision,
            review_on: row.review_on,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct OpportunityRow {
    id: OpportunityId,
    person_id: PersonId,
    given_by: Option<PersonId>,
    kind: String,
    stretch: String,
    title: String,
    happened_on: Date,
    outcome: String,
    learned: String,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl TryFrom<OpportunityRow> for Opportunity {
    type Error = StoreError;
    fn try_from(row: OpportunityRow) -> Result<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("opportunity {}: {what}", row.id));
        Ok(Opportunity {
            kind: row.kind.parse().map_err(|_| corrupt("kind"))?,
            stretch: row.stretch.parse().map_err(|_| corrupt("stretch"))?,
            id: row.id,
            person_id: row.person_id,
            given_by: row.given_by,
            title: row.title,
            happened_on: row.happened_on,
            outcome: row.outcome,
            learned: row.learned,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// An opportunity to record.
#[derive(Debug, Clone)]
pub struct NewOpportunity {
    pub person_id: PersonId,
    pub given_by: PersonId,
    pub kind: OpportunityKind,
    pub stretch: Stretch,
    pub title: String,
    pub happened_on: Date,
}

/// Changes to an opportunity; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct OpportunityChanges {
    pub kind: Option<OpportunityKind>,
    pub stretch: Option<Stretch>,
    pub title: Option<String>,
    pub happened_on: Option<Date>,
    pub outcome: Option<String>,
    pub learned: Option<String>,
}

/// Changes to a delegation; `None` keeps a field; `review_on: Some(None)` clears the date.
#[derive(Debug, Clone, Default)]
pub struct DelegationChanges {
    pub decision: Option<String>,
    pub level: Option<DelegationLevel>,
    pub review_on: Option<Option<Date>>,
}

/// An area with whose it is, for the team page.
#[derive(Debug, Clone)]
pub struct AreaListing {
    pub area: OwnershipArea,
    pub person_name: String,
}

impl Store {
    pub async fn add_area(
        &self,
        person: PersonId,
        title: &str,
        description: &str,
        by: Option<PersonId>,
    ) -> Result<OwnershipAreaId> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO ownership_areas (person_id, title, description, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            )
            .bind(person)
            .bind(title)
            .bind(description)
            .bind(by)
            .bind(now)
            .fetch_one(pool)
            .await?
        }))
    }

    pub async fn area(&self, id: OwnershipAreaId) -> Result<Option<OwnershipArea>> {
        let row: Option<AreaRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {AREA_COLUMNS} FROM ownership_areas WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(area))
    }

    pub async fn areas_of(&self, person: PersonId) -> Result<Vec<OwnershipArea>> {
        let rows: Vec<AreaRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {AREA_COLUMNS} FROM ownership_areas WHERE person_id = $1 ORDER BY id"))
                .bind(person)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(area).collect())
    }

    /// The areas the active members of a team own, by member name.
    pub async fn areas_of_team(&self, team: TeamId) -> Result<Vec<AreaListing>> {
        type Row = (
            OwnershipAreaId,
            PersonId,
            String,
            String,
            Timestamp,
            Timestamp,
            String,
        );
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT a.id, a.person_id, a.title, a.description, a.created_at, a.updated_at, p.name
                 FROM ownership_areas a JOIN team_members m ON m.person_id = a.person_id
                 JOIN people p ON p.id = a.person_id
                 WHERE m.team_id = $1 AND p.archived_at IS NULL ORDER BY p.sort_name, p.id, a.id",
            )
            .bind(team)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, person_id, title, description, created_at, updated_at, person_name)| {
                    AreaListing {
                        area: area((id, person_id, title, description, created_at, updated_at)),
                        person_name,
                    }
                },
            )
            .collect())
    }

    pub async fn update_area(
        &self,
        id: OwnershipAreaId,
        title: &str,
        description: &str,
    ) -> Result<()> {
        let now = self.now();
        let updated = on_pool!(self, pool => {
            sqlx::query("UPDATE ownership_areas SET title = $2, description = $3, updated_at = $4 WHERE id = $1")
                .bind(id)
                .bind(title)
                .bind(description)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if updated == 0 {
            return Err(StoreError::not_found());
        }
        Ok(())
    }

    pub async fn delete_area(&self, id: OwnershipAreaId) -> Result<()> {
        self.delete_row("ownership_areas", id.0).await
    }

    /// Delegates a decision, recording its first level in the history, in one transaction.
    pub async fn create_delegation(
        &self,
        person: PersonId,
        by: PersonId,
        decision: &str,
        level: DelegationLevel,
        review_on: Option<Date>,
    ) -> Result<DelegationId> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: DelegationId = sqlx::query_scalar(
                "INSERT INTO delegations (person_id, delegated_by, decision, level, review_on, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            )
            .bind(person)
            .bind(by)
            .bind(decision)
            .bind(level.as_str())
            .bind(review_on)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO delegation_levels (delegation_id, level, changed_by, changed_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(level.as_str())
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            id
        }))
    }

    pub async fn delegation(&self, id: DelegationId) -> Result<Option<Delegation>> {
        let row: Option<DelegationRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {DELEGATION_COLUMNS} FROM delegations WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Delegation::try_from).transpose()
    }

    pub async fn delegations_of(&self, person: PersonId) -> Result<Vec<Delegation>> {
        let rows: Vec<DelegationRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {DELEGATION_COLUMNS} FROM delegations WHERE person_id = $1 ORDER BY id"))
                .bind(person)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(Delegation::try_from).collect()
    }

    /// The level history of each delegation given, oldest first (one query).
    pub async fn delegation_histories(
        &self,
        ids: &[DelegationId],
    ) -> Result<Vec<(DelegationId, LevelChange)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let membership = in_json(self.kind(), "delegation_id", 1);
        let rows: Vec<(DelegationId, String, Option<PersonId>, Timestamp)> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT delegation_id, level, changed_by, changed_at FROM delegation_levels WHERE {membership} ORDER BY delegation_id, id"
            ))
            .bind(json_ids(ids.iter().map(|i| i.0)))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(id, level, by, at)| {
                Ok((
                    id,
                    LevelChange {
                        level: level_of(&level, &format!("delegation {id}"))?,
                        at,
                        by,
                    },
                ))
            })
            .collect()
    }

    /// Changes a delegation in one transaction; a new level is added to its history.
    pub async fn update_delegation(
        &self,
        id: DelegationId,
        changes: &DelegationChanges,
        by: PersonId,
    ) -> Result<Delegation> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let current: Option<DelegationRow> = sqlx::query_as(&format!("SELECT {DELEGATION_COLUMNS} FROM delegations WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let current = Delegation::try_from(current.ok_or_else(StoreError::not_found)?)?;
            let level = changes.level.unwrap_or(current.level);
            sqlx::query("UPDATE delegations SET decision = $2, level = $3, review_on = $4, updated_at = $5 WHERE id = $1")
                .bind(id)
                .bind(changes.decision.as_ref().unwrap_or(&current.decision))
                .bind(level.as_str())
                .bind(changes.review_on.unwrap_or(current.review_on))
                .bind(now)
                .execute(&mut *tx)
                .await?;
            if level != current.level {
                sqlx::query("INSERT INTO delegation_levels (delegation_id, level, changed_by, changed_at) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(level.as_str())
                    .bind(by)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        self.delegation(id).await?.ok_or_else(StoreError::not_found)
    }

    pub async fn delete_delegation(&self, id: DelegationId) -> Result<()> {
        self.delete_row("delegations", id.0).await
    }

    pub async fn create_opportunity(&self, new: &NewOpportunity) -> Result<OpportunityId> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO opportunities (person_id, given_by, kind, stretch, title, happened_on, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
            )
            .bind(new.person_id)
            .bind(new.given_by)
            .bind(new.kind.as_str())
            .bind(new.stretch.as_str())
            .bind(&new.title)
            .bind(new.happened_on)
            .bind(now)
            .fetch_one(pool)
            .await?
        }))
    }

    pub async fn opportunity(&self, id: OpportunityId) -> Result<Option<Opportunity>> {
        let row: Option<OpportunityRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {OPPORTUNITY_COLUMNS} FROM opportunities WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Opportunity::try_from).transpose()
    }

    /// A person's opportunities, latest first.
    pub async fn opportunities_of(&self, person: PersonId) -> Result<Vec<Opportunity>> {
        let rows: Vec<OpportunityRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {OPPORTUNITY_COLUMNS} FROM opportunities WHERE person_id = $1 ORDER BY happened_on DESC, id DESC"
            ))
            .bind(person)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Opportunity::try_from).collect()
    }

    /// The opportunities of these people that happened from `since` to `until` (both included),
    /// as the fairness report counts them (one query).
    pub async fn counted_opportunities(
        &self,
        people: &[PersonId],
        since: Date,
        until: Date,
    ) -> Result<Vec<Counted>> {
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let membership = in_json(self.kind(), "person_id", 1);
        let rows: Vec<(PersonId, String, Date)> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT person_id, kind, happened_on FROM opportunities
                 WHERE {membership} AND happened_on >= $2 AND happened_on <= $3"
            ))
            .bind(json_ids(people.iter().map(|p| p.0)))
            .bind(since)
            .bind(until)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(person, kind, happened_on)| {
                Ok(Counted {
                    person,
                    kind: kind
                        .parse()
                        .map_err(|_| StoreError::Corrupt(format!("opportunity kind {kind}")))?,
                    happened_on,
                })
            })
            .collect()
    }

    pub async fn update_opportunity(
        &self,
        id: OpportunityId,
        changes: &OpportunityChanges,
    ) -> Result<Opportunity> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let current: Option<OpportunityRow> = sqlx::query_as(&format!("SELECT {OPPORTUNITY_COLUMNS} FROM opportunities WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let current = Opportunity::try_from(current.ok_or_else(StoreError::not_found)?)?;
            sqlx::query(
                "UPDATE opportunities SET kind = $2, stretch = $3, title = $4, happened_on = $5, outcome = $6,
                    learned = $7, updated_at = $8 WHERE id = $1",
            )
            .bind(id)
            .bind(changes.kind.unwrap_or(current.kind).as_str())
            .bind(changes.stretch.unwrap_or(current.stretch).as_str())
            .bind(changes.title.as_ref().unwrap_or(&current.title))
            .bind(changes.happened_on.unwrap_or(current.happened_on))
            .bind(changes.outcome.as_ref().unwrap_or(&current.outcome))
            .bind(changes.learned.as_ref().unwrap_or(&current.learned))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        self.opportunity(id)
            .await?
            .ok_or_else(StoreError::not_found)
    }

    pub async fn delete_opportunity(&self, id: OpportunityId) -> Result<()> {
        self.delete_row("opportunities", id.0).await
    }
}
