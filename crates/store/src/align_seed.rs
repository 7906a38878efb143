//! Seeding a demo organisation's Align and Empower data — objectives, goals and their check-ins,
//! skills, career conversations, ownership areas, delegations with their level history, and
//! opportunities — in a few statements (see [`crate::one_on_one_seed`] for why JSON arrays).
//! Where rows point at each other (objectives at their parents, check-ins at their goals, levels
//! at their delegations) the ids are given here, after the highest already taken, and
//! PostgreSQL's identity counters are moved past them afterwards.

use std::collections::HashMap;

use serde_json::{Value, json};
use tend_domain::Timestamp;
use tend_domain::align::Period;
use tend_domain::align::empower::{DelegationLevel, OpportunityKind, Stretch};
use time::Date;

use crate::BeginWrite as _;
use crate::one_on_one_seed::insert_from_json;
use crate::{BackendKind, Result, Store, on_pool};

/// Everything Align and Empower holds for a demo organisation; people by email, teams by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlignSeed {
    /// A parent comes before the objectives that support it.
    pub objectives: Vec<SeedObjective>,
    pub goals: Vec<SeedGoal>,
    pub skills: Vec<SeedSkills>,
    pub conversations: Vec<SeedConversation>,
    pub areas: Vec<SeedArea>,
    pub delegations: Vec<SeedDelegation>,
    pub opportunities: Vec<SeedOpportunity>,
}

/// An organisation objective (no team) or a team's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedObjective {
    pub title: String,
    pub why: String,
    pub team_name: Option<String>,
    /// The index of the parent in [`AlignSeed::objectives`], before this one.
    pub parent: Option<usize>,
    pub owner_email: String,
    pub period: Period,
    pub at: Timestamp,
}

/// A person's goal: linked to an objective (taking its period) or personal growth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedGoal {
    pub person_email: String,
    pub title: String,
    pub why: String,
    /// The index of the objective in [`AlignSeed::objectives`]; `None` for personal growth.
    pub objective: Option<usize>,
    /// The progress now: the last check-in's, when there is one.
    pub progress: u8,
    /// Oldest first, each by the person.
    pub check_ins: Vec<SeedCheckIn>,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedCheckIn {
    pub progress: u8,
    pub note: String,
    pub at: Timestamp,
}

/// The skills a person is building, in their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedSkills {
    pub person_email: String,
    pub skills: Vec<String>,
}

/// A career conversation, recorded by the person's manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedConversation {
    pub person_email: String,
    pub recorded_by_email: String,
    pub held_on: Date,
    pub summary: String,
    pub at: Timestamp,
}

/// An area a person owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedArea {
    pub person_email: String,
    pub title: String,
    pub description: String,
    pub created_by_email: String,
    pub at: Timestamp,
}

/// A decision delegated to a person, with every level it was set to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedDelegation {
    pub person_email: String,
    pub delegated_by_email: String,
    pub decision: String,
    pub review_on: Option<Date>,
    /// Oldest first and never empty: the first is where it started, the last where it is now.
    pub levels: Vec<(DelegationLevel, Timestamp)>,
}

/// An opportunity given to a person by their manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedOpportunity {
    pub person_email: String,
    pub given_by_email: String,
    pub kind: OpportunityKind,
    pub stretch: Stretch,
    pub title: String,
    pub happened_on: Date,
    pub outcome: String,
    pub learned: String,
    pub at: Timestamp,
}

/// Rows per statement: well under either backend's limits, few round trips.
const CHUNK: usize = 5_000;

/// The identity tables this seed writes to.
const IDENTITY_TABLES: [&str; 8] = [
    "objectives",
    "goals",
    "goal_check_ins",
    "career_conversations",
    "ownership_areas",
    "delegations",
    "delegation_levels",
    "opportunities",
];

impl Store {
    /// Stores a demo organisation's Align and Empower data in one transaction. Rows naming a
    /// person or team that does not exist are left out (with what hangs from them).
    pub async fn seed_align(&self, plan: &AlignSeed) -> Result<()> {
        let kind = self.kind();
        let objectives_sql = insert_from_json(
            kind,
            "objectives",
            &[
                ("id", "bigint"),
                ("title", "text"),
                ("why", "text"),
                ("team_id", "bigint"),
                ("parent_id", "bigint"),
                ("owner_id", "bigint"),
                ("starts_on", "date"),
                ("ends_on", "date"),
                ("created_by", "bigint"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ],
        );
        let goals_sql = insert_from_json(
            kind,
            "goals",
            &[
                ("id", "bigint"),
                ("person_id", "bigint"),
                ("title", "text"),
                ("why", "text"),
                ("objective_id", "bigint"),
                ("starts_on", "date"),
                ("ends_on", "date"),
                ("progress", "bigint"),
                ("created_by", "bigint"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ],
        );
        let check_ins_sql = insert_from_json(
            kind,
            "goal_check_ins",
            &[
                ("goal_id", "bigint"),
                ("progress", "bigint"),
                ("note", "text"),
                ("author_id", "bigint"),
                ("created_at", "timestamptz"),
            ],
        );
        let skills_sql = insert_from_json(
            kind,
            "growth_skills",
            &[
                ("person_id", "bigint"),
                ("position", "bigint"),
                ("skill", "text"),
            ],
        );
        let conversations_sql = insert_from_json(
            kind,
            "career_conversations",
            &[
                ("person_id", "bigint"),
                ("held_on", "date"),
                ("summary", "text"),
                ("recorded_by", "bigint"),
                ("created_at", "timestamptz"),
            ],
        );
        let areas_sql = insert_from_json(
            kind,
            "ownership_areas",
            &[
                ("person_id", "bigint"),
                ("title", "text"),
                ("description", "text"),
                ("created_by", "bigint"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ],
        );
        let delegations_sql = insert_from_json(
            kind,
            "delegations",
            &[
                ("id", "bigint"),
                ("person_id", "bigint"),
                ("delegated_by", "bigint"),
                ("decision", "text"),
                ("level", "text"),
                ("review_on", "date"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ],
        );
        let levels_sql = insert_from_json(
            kind,
            "delegation_levels",
            &[
                ("delegation_id", "bigint"),
                ("level", "text"),
                ("changed_by", "bigint"),
                ("changed_at", "timestamptz"),
            ],
        );
        let opportunities_sql = insert_from_json(
            kind,
            "opportunities",
            &[
                ("person_id", "bigint"),
                ("given_by", "bigint"),
                ("kind", "text"),
                ("stretch", "text"),
                ("title", "text"),
                ("happened_on", "date"),
                ("outcome", "text"),
                ("learned", "text"),
                ("created_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ],
        );
        let time = |t: Timestamp| t.rfc3339();
        let day = |d: Date| d.to_string();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let people: Vec<(i64, String)> = sqlx::query_as("SELECT id, email FROM people")
                .fetch_all(&mut *tx)
                .await?;
            let person: HashMap<&str, i64> =
                people.iter().map(|(id, email)| (email.as_str(), *id)).collect();
            let teams: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM teams")
                .fetch_all(&mut *tx)
                .await?;
            let team: HashMap<&str, i64> = teams.iter().map(|(id, name)| (name.as_str(), *id)).collect();
            let (first_objective, first_goal, first_delegation): (i64, i64, i64) = sqlx::query_as(
                "SELECT (SELECT COALESCE(MAX(id), 0) + 1 FROM objectives),
                        (SELECT COALESCE(MAX(id), 0) + 1 FROM goals),
                        (SELECT COALESCE(MAX(id), 0) + 1 FROM delegations)",
            )
            .fetch_one(&mut *tx)
            .await?;

            // Objectives: each one's id by its index in the plan, for its children and goals.
            let mut objective_ids: Vec<Option<(i64, Period)>> = Vec::with_capacity(plan.objectives.len());
            let mut objective_rows = Vec::with_capacity(plan.objectives.len());
            let mut next = first_objective;
            for o in &plan.objectives {
                let team_id = match &o.team_name {
                    Some(name) => match team.get(name.as_str()) {
                        Some(id) => Some(*id),
                        None => {
                            objective_ids.push(None);
                            continue;
                        }
                    },
                    None => None,
                };
                let parent = o.parent.and_then(|p| objective_ids.get(p).copied().flatten()).map(|(id, _)| id);
                let owner = person.get(o.owner_email.as_str()).copied();
                let at = time(o.at);
                objective_rows.push(json!([
                    next, o.title, o.why, team_id, parent, owner,
                    day(o.period.starts_on), day(o.period.ends_on), owner, at, at,
                ]));
                objective_ids.push(Some((next, o.period)));
                next += 1;
            }

            let (mut goal_rows, mut check_in_rows) = (Vec::with_capacity(plan.goals.len()), Vec::new());
            let mut goal_id = first_goal;
            for g in &plan.goals {
                let Some(&owner) = person.get(g.person_email.as_str()) else { continue };
                let objective = match g.objective {
                    Some(index) => match objective_ids.get(index).copied().flatten() {
                        Some(linked) => Some(linked),
                        None => continue,
                    },
                    None => None,
                };
                let updated = g.check_ins.last().map_or(g.at, |c| c.at);
                goal_rows.push(json!([
                    goal_id, owner, g.title, g.why, objective.map(|(id, _)| id),
                    objective.map(|(_, p)| day(p.starts_on)), objective.map(|(_, p)| day(p.ends_on)),
                    g.progress, owner, time(g.at), time(updated),
                ]));
                for c in &g.check_ins {
                    check_in_rows.push(json!([goal_id, c.progress, c.note, owner, time(c.at)]));
                }
                goal_id += 1;
            }

            let mut skill_rows = Vec::new();
            for s in &plan.skills {
                let Some(&id) = person.get(s.person_email.as_str()) else { continue };
                for (position, skill) in s.skills.iter().enumerate() {
                    skill_rows.push(json!([id, position, skill]));
                }
            }

            let conversation_rows: Vec<Value> = plan
                .conversations
                .iter()
                .filter_map(|c| {
                    let id = person.get(c.person_email.as_str())?;
                    let by = person.get(c.recorded_by_email.as_str());
                    Some(json!([id, day(c.held_on), c.summary, by, time(c.at)]))
                })
                .collect();

            let area_rows: Vec<Value> = plan
                .areas
                .iter()
                .filter_map(|a| {
                    let id = person.get(a.person_email.as_str())?;
                    let by = person.get(a.created_by_email.as_str());
                    let at = time(a.at);
                    Some(json!([id, a.title, a.description, by, at, at]))
                })
                .collect();

            let (mut delegation_rows, mut level_rows) = (Vec::new(), Vec::new());
            let mut delegation_id = first_delegation;
            for d in &plan.delegations {
                let (Some(&id), Some((first, last))) =
                    (person.get(d.person_email.as_str()), d.levels.first().zip(d.levels.last()))
                else {
                    continue;
                };
                let by = person.get(d.delegated_by_email.as_str());
                delegation_rows.push(json!([
                    delegation_id, id, by, d.decision, last.0.as_str(),
                    d.review_on.map(day), time(first.1), time(last.1),
                ]));
                for (level, at) in &d.levels {
                    level_rows.push(json!([delegation_id, level.as_str(), by, time(*at)]));
                }
                delegation_id += 1;
            }

            let opportunity_rows: Vec<Value> = plan
                .opportunities
                .iter()
                .filter_map(|o| {
                    let id = person.get(o.person_email.as_str())?;
                    let by = person.get(o.given_by_email.as_str());
                    let at = time(o.at);
                    Some(json!([
                        id, by, o.kind.as_str(), o.stretch.as_str(), o.title,
                        day(o.happened_on), o.outcome, o.learned, at, at,
                    ]))
                })
                .collect();

            for (sql, rows) in [
                (&objectives_sql, &objective_rows),
                (&goals_sql, &goal_rows),
                (&check_ins_sql, &check_in_rows),
                (&skills_sql, &skill_rows),
                (&conversations_sql, &conversation_rows),
                (&areas_sql, &area_rows),
                (&delegations_sql, &delegation_rows),
                (&levels_sql, &level_rows),
                (&opportunities_sql, &opportunity_rows),
            ] {
                for chunk in rows.chunks(CHUNK) {
                    sqlx::query(sql)
                        .bind(Value::Array(chunk.to_vec()).to_string())
                        .execute(&mut *tx)
                        .await?;
                }
            }
            if kind == BackendKind::Postgres {
                for table in IDENTITY_TABLES {
                    sqlx::query(&format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    ))
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
