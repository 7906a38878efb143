//! Applying a checked people import (see `tend_domain::import`) in one transaction: all of it or
//! nothing, and a second run of the same file changes nothing.

use std::collections::{HashMap, HashSet};

use tend_domain::account::AccountEventKind;
use tend_domain::import::ImportedPerson;
use tend_domain::org::find_cycle;
use tend_domain::person::{Profile, sort_key};
use tend_domain::{DomainError, PersonId, Role};

use crate::BeginWrite as _;
use crate::account_events::record_event;
use crate::{Result, Store, StoreError, on_pool};

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub teams_created: usize,
    pub memberships_added: usize,
}

impl Store {
    /// Creates or updates each planned person by email, then their managers, teams and team
    /// memberships. People and memberships not in the plan are left as they are. `progress` is
    /// called with the number of people handled so far.
    ///
    /// The reporting line is checked again inside the transaction, under the reporting-line lock:
    /// the plan was checked against what was stored before, and a manager changed since must not
    /// let the import close a cycle. Changes of manager or role of people already stored are
    /// recorded as account events by `actor` (`None`: the command line).
    pub async fn import_people(
        &self,
        plan: &[ImportedPerson],
        actor: Option<PersonId>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<ImportSummary> {
        let now = self.now();
        let mut summary = ImportSummary::default();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(lock) = crate::reporting_line_lock(pool) {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            let stored: Vec<(i64, String, String, String, Option<i64>)> =
                sqlx::query_as("SELECT id, email, name, role, manager_id FROM people").fetch_all(&mut *tx).await?;
            let mut id_of: HashMap<String, i64> = stored.iter().map(|(id, email, ..)| (email.clone(), *id)).collect();
            let by_email: HashMap<&str, &(i64, String, String, String, Option<i64>)> =
                stored.iter().map(|row| (row.1.as_str(), row)).collect();
            let mut changed: HashSet<i64> = HashSet::new();

            for person in plan {
                match by_email.get(person.email.as_str()) {
                    Some((id, _, name, role, _)) => {
                        if role != person.role.as_str() {
                            let before: Role = role.parse().map_err(|e| StoreError::Corrupt(format!("person {id}: {e}")))?;
                            let detail = format!("{} → {}", before.label(), person.role.label());
                            record_event!(tx, PersonId(*id), actor, AccountEventKind::RoleChanged, detail, now);
                        }
                        if name != &person.name || role != person.role.as_str() {
                            sqlx::query("UPDATE people SET name = $1, sort_name = $2, role = $3, updated_at = $4 WHERE id = $5")
                                .bind(&person.name)
                                .bind(sort_key(&person.name))
                                .bind(person.role.as_str())
                                .bind(now)
                                .bind(id)
                                .execute(&mut *tx)
                                .await?;
                            changed.insert(*id);
                        }
                    }
                    None => {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO people (email, name, sort_name, role, created_at, updated_at)
                             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                        )
                        .bind(person.email.as_str())
                        .bind(&person.name)
                        .bind(sort_key(&person.name))
                        .bind(person.role.as_str())
                        .bind(now)
                        .fetch_one(&mut *tx)
                        .await?;
                        id_of.insert(person.email.as_str().to_owned(), id);
                        summary.created += 1;
                    }
                }
            }

            // Managers second: a manager may come later in the file than their reports.
            for (done, person) in plan.iter().enumerate() {
                let id = id_of[person.email.as_str()];
                let manager_id = person.manager.as_ref().map(|m| id_of[m.as_str()]);
                let stored_manager = by_email.get(person.email.as_str()).and_then(|row| row.4);
                let is_new = !by_email.contains_key(person.email.as_str());
                if (is_new && manager_id.is_some()) || (!is_new && stored_manager != manager_id) {
                    sqlx::query("UPDATE people SET manager_id = $1, updated_at = $2 WHERE id = $3")
                        .bind(manager_id)
                        .bind(now)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    if !is_new {
                        changed.insert(id);
                        let email_of = |id: Option<i64>| {
                            id.and_then(|id| id_of.iter().find(|(_, v)| **v == id).map(|(k, _)| k.clone()))
                                .unwrap_or_else(|| "nobody".to_owned())
                        };
                        let detail = format!("{} → {}", email_of(stored_manager), email_of(manager_id));
                        record_event!(tx, PersonId(id), actor, AccountEventKind::ManagerChanged, detail, now);
                    }
                }
                progress(done as u64 + 1);
            }

            let links: Vec<(PersonId, Option<PersonId>)> =
                sqlx::query_as("SELECT id, manager_id FROM people").fetch_all(&mut *tx).await?;
            if let Some(cycle) = find_cycle(&links) {
                let emails: Vec<String> = cycle
                    .iter()
                    .map(|id| id_of.iter().find(|(_, v)| **v == id.0).map_or_else(|| id.to_string(), |(k, _)| k.clone()))
                    .collect();
                return Err(DomainError::Conflict(format!(
                    "the reporting line changed while importing: the file would now make a cycle ({} → {}); nothing was imported",
                    emails.join(" → "),
                    emails[0]
                ))
                .into());
            }
            sqlx::query(crate::people::RECOMPUTE_LINES).execute(&mut *tx).await?;

            let teams: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM teams").fetch_all(&mut *tx).await?;
            let mut team_id: HashMap<String, i64> = teams.into_iter().map(|(id, name)| (name, id)).collect();
            for person in plan {
                for team in &person.teams {
                    let team_id = match team_id.get(team) {
                        Some(id) => *id,
                        None => {
                            let id: i64 = sqlx::query_scalar(
                                "INSERT INTO teams (name, sort_name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
                            )
                            .bind(team)
                            .bind(tend_domain::team::sort_key(team))
                            .bind(now)
                            .fetch_one(&mut *tx)
                            .await?;
                            team_id.insert(team.clone(), id);
                            summary.teams_created += 1;
                            id
                        }
                    };
                    let added = sqlx::query(
                        "INSERT INTO team_members (team_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    )
                    .bind(team_id)
                    .bind(id_of[person.email.as_str()])
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    summary.memberships_added += added as usize;
                }
            }
            tx.commit().await?;
            if crate::BackendKind::Postgres == self.kind() {
                // Fresh statistics, so the planner uses the search indexes right after a bulk
                // import rather than whenever autovacuum next passes.
                sqlx::query("ANALYZE people").execute(pool).await?;
            }
            summary.updated = changed.len();
            summary.unchanged = plan.len() - summary.created - summary.updated;
        });
        Ok(summary)
    }

    /// Sets profiles and password hashes for many people at once, by email, in one transaction.
    /// For seeding demo organisations; `progress` is called with the number done so far.
    pub async fn bulk_set_profiles(
        &self,
        profiles: &[(String, Profile, Option<String>)],
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for (done, (email, profile, password_hash)) in profiles.iter().enumerate() {
                sqlx::query(
                    "UPDATE people SET time_zone = $1, career_track = $2, aspirations = $3, motivations = $4,
                        strengths = $5, working_preferences = $6, password_hash = COALESCE($7, password_hash)
                     WHERE email = $8",
                )
                .bind(&profile.time_zone)
                .bind(profile.career_track.as_str())
                .bind(&profile.aspirations)
                .bind(&profile.motivations)
                .bind(&profile.strengths)
                .bind(&profile.working_preferences)
                .bind(password_hash.as_deref())
                .bind(email)
                .execute(&mut *tx)
                .await?;
                progress(done as u64 + 1);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Sets each named team's purpose and lead (by the lead's email), in one transaction. For
    /// seeding demo organisations; `progress` is called with the number done so far.
    pub async fn bulk_set_teams(
        &self,
        teams: &[(String, String, String)],
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for (done, (name, purpose, lead_email)) in teams.iter().enumerate() {
                sqlx::query(
                    "UPDATE teams SET purpose = $1, lead_id = (SELECT id FROM people WHERE email = $2), updated_at = $3
                     WHERE name = $4",
                )
                .bind(purpose)
                .bind(lead_email)
                .bind(now)
                .bind(name)
                .execute(&mut *tx)
                .await?;
                progress(done as u64 + 1);
            }
            sqlx::query(crate::teams::KEEP_LEADS_MEMBERS).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Everyone active with their manager's email and their active teams, in name order.
    pub async fn people_for_export(&self) -> Result<Vec<ExportedPerson>> {
        let (people, memberships): (Vec<ExportRow>, Vec<(i64, String)>) = on_pool!(self, pool => {
            let people = sqlx::query_as(
                "SELECT p.id, p.email, p.name, m.email, p.role
                     FROM people p LEFT JOIN people m ON m.id = p.manager_id
                     WHERE p.archived_at IS NULL ORDER BY p.sort_name, p.id",
            )
            .fetch_all(pool)
            .await?;
            let memberships = sqlx::query_as(
                "SELECT tm.person_id, t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id
                 WHERE t.archived_at IS NULL ORDER BY t.sort_name",
            )
            .fetch_all(pool)
            .await?;
            (people, memberships)
        });
        let mut teams_of: HashMap<i64, Vec<String>> = HashMap::new();
        for (person, team) in memberships {
            teams_of.entry(person).or_default().push(team);
        }
        Ok(people
            .into_iter()
            .map(|(id, email, name, manager_email, role)| ExportedPerson {
                email,
                name,
                manager_email,
                teams: teams_of.remove(&id).unwrap_or_default(),
                role,
            })
            .collect())
    }
}

/// id, email, name, manager's email, role.
type ExportRow = (i64, String, String, Option<String>, String);

/// One row of `tend export people`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedPerson {
    pub email: String,
    pub name: String,
    pub manager_email: Option<String>,
    pub teams: Vec<String>,
    pub role: String,
}
