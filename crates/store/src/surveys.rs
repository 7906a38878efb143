//! Pulse surveys: custom instruments, surveys and their waves, the audience, who took part, the
//! answers and comments (apart, under random keys), the computed results and the actions a team
//! takes on them.
//!
//! Anonymity by construction (docs/privacy.md): a response is written with a random key and no
//! person or time, in the same transaction that records the person as having taken part — the
//! two tables share nothing to join on. When a survey is sealed after it closes, its answers and
//! comments are rewritten under new random keys in key order, so what a database keeps of the
//! order they came in (PostgreSQL's heap, the transaction ids of the rows) goes with them.

use std::collections::BTreeMap;

use rand::RngCore;
use tend_domain::survey::instrument::Instrument;
use tend_domain::survey::results::{StoredComment, StoredResponse};
use tend_domain::survey::{MinRespondents, SurveyActionId, SurveyId};
use tend_domain::{DomainError, InstrumentId, PersonId, TeamId, Timestamp};

use crate::one_on_one_seed::{CHUNK, insert_from_json};
use crate::{BeginWrite, Result, Store, StoreError, in_json, json_ids, key_lock, on_pool};

/// A random key of 128 bits, hex: says nothing of when or by whom a row was written.
fn random_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Inserts `$rows` (tuples in `$columns`' order) into `$table` inside the open transaction
/// `$tx`, a few thousand per statement.
macro_rules! insert_rows {
    ($tx:ident, $kind:expr, $table:literal, $columns:expr, $rows:expr) => {{
        let sql = insert_from_json($kind, $table, $columns);
        for chunk in $rows.chunks(CHUNK) {
            sqlx::query(&sql)
                .bind(serde_json::to_string(chunk).expect("rows serialise"))
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

const AUDIENCE_COLUMNS: &[(&str, &str)] = &[
    ("survey_id", "bigint"),
    ("person_id", "bigint"),
    ("group_id", "bigint"),
];
const PARTICIPANT_COLUMNS: &[(&str, &str)] = &[("survey_id", "bigint"), ("person_id", "bigint")];
const RESPONSE_COLUMNS: &[(&str, &str)] = &[
    ("survey_id", "bigint"),
    ("response_key", "text"),
    ("group_id", "bigint"),
    ("answers", "text"),
];
const COMMENT_COLUMNS: &[(&str, &str)] = &[
    ("survey_id", "bigint"),
    ("comment_key", "text"),
    ("question_id", "text"),
    ("body", "text"),
];

/// Response rows (group, answers as JSON) of `survey` under fresh random keys, in key order.
fn keyed_responses(
    survey: SurveyId,
    rows: impl IntoIterator<Item = (Option<i64>, String)>,
) -> Vec<(i64, String, Option<i64>, String)> {
    let mut keyed: Vec<_> = rows
        .into_iter()
        .map(|(group, answers)| (survey.0, random_key(), group, answers))
        .collect();
    keyed.sort_by(|a, b| a.1.cmp(&b.1));
    keyed
}

/// Comment rows (question, words) of `survey` under fresh random keys, in key order.
fn keyed_comments(
    survey: SurveyId,
    rows: impl IntoIterator<Item = (String, String)>,
) -> Vec<(i64, String, String, String)> {
    let mut keyed: Vec<_> = rows
        .into_iter()
        .map(|(question, body)| (survey.0, random_key(), question, body))
        .collect();
    keyed.sort_by(|a, b| a.1.cmp(&b.1));
    keyed
}

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

/// An instrument the organisation added.
#[derive(Debug, Clone)]
pub struct StoredInstrument {
    pub id: InstrumentId,
    pub instrument: Instrument,
    pub added_by: Option<PersonId>,
    /// A survey asks it: it can no longer change.
    pub in_use: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

type InstrumentRow = (
    InstrumentId,
    String,
    Option<PersonId>,
    bool,
    Timestamp,
    Timestamp,
);

fn stored_instrument(
    (id, definition, added_by, in_use, created_at, updated_at): InstrumentRow,
) -> Result<StoredInstrument> {
    Ok(StoredInstrument {
        instrument: serde_json::from_str(&definition)
            .map_err(|e| corrupt(format!("instrument {id}: {e}")))?,
        id,
        added_by,
        in_use,
        created_at,
        updated_at,
    })
}

const INSTRUMENT_COLUMNS: &str = "i.id, i.definition, i.added_by, \
     EXISTS (SELECT 1 FROM surveys s WHERE s.instrument_key = i.key) AS in_use, \
     i.created_at, i.updated_at";

/// A survey (one wave) as stored, with how many were asked and how many answered.
#[derive(Debug, Clone)]
pub struct SurveyRecord {
    pub id: SurveyId,
    pub instrument: Instrument,
    pub team_id: Option<TeamId>,
    pub team_name: Option<String>,
    pub include_sub_teams: bool,
    pub include_lead: bool,
    pub created_by: Option<PersonId>,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
    /// The window as planned (closing early does not move it).
    pub planned_opens_at: Timestamp,
    pub planned_closes_at: Timestamp,
    pub min_respondents: i64,
    pub recurrence_weeks: i64,
    pub pool_waves: i64,
    pub series_id: Option<SurveyId>,
    pub wave: i64,
    pub shared_at: Option<Timestamp>,
    pub reminded_at: Option<Timestamp>,
    /// The gated results as JSON, once sealed.
    pub results: Option<String>,
    pub created_at: Timestamp,
    pub answered: i64,
    pub audience: i64,
}

#[derive(sqlx::FromRow)]
struct SurveyRow {
    id: SurveyId,
    instrument: String,
    team_id: Option<TeamId>,
    team_name: Option<String>,
    include_sub_teams: bool,
    include_lead: bool,
    created_by: Option<PersonId>,
    opens_at: Timestamp,
    closes_at: Timestamp,
    planned_opens_at: Timestamp,
    planned_closes_at: Timestamp,
    min_respondents: i64,
    recurrence_weeks: i64,
    pool_waves: i64,
    series_id: Option<SurveyId>,
    wave: i64,
    shared_at: Option<Timestamp>,
    reminded_at: Option<Timestamp>,
    results: Option<String>,
    created_at: Timestamp,
    answered: i64,
    audience: i64,
}

impl TryFrom<SurveyRow> for SurveyRecord {
    type Error = StoreError;
    fn try_from(row: SurveyRow) -> Result<Self> {
        Ok(SurveyRecord {
            instrument: serde_json::from_str(&row.instrument)
                .map_err(|e| corrupt(format!("survey {}: {e}", row.id)))?,
            id: row.id,
            team_id: row.team_id,
            team_name: row.team_name,
            include_sub_teams: row.include_sub_teams,
            include_lead: row.include_lead,
            created_by: row.created_by,
            opens_at: row.opens_at,
            closes_at: row.closes_at,
            planned_opens_at: row.planned_opens_at,
            planned_closes_at: row.planned_closes_at,
            min_respondents: row.min_respondents,
            recurrence_weeks: row.recurrence_weeks,
            pool_waves: row.pool_waves,
            series_id: row.series_id,
            wave: row.wave,
            shared_at: row.shared_at,
            reminded_at: row.reminded_at,
            results: row.results,
            created_at: row.created_at,
            answered: row.answered,
            audience: row.audience,
        })
    }
}

const SURVEY_COLUMNS: &str = "s.id, s.instrument, s.team_id, t.name AS team_name, \
     s.include_sub_teams, s.include_lead, s.created_by, s.opens_at, s.closes_at, s.planned_opens_at, s.planned_closes_at, \
     s.min_respondents, s.recurrence_weeks, s.pool_waves, s.series_id, s.wave, s.shared_at, \
     s.reminded_at, s.results, s.created_at, \
     COALESCE(s.respondents, (SELECT COUNT(*) FROM survey_participants x WHERE x.survey_id = s.id)) AS answered, \
     s.audience_size AS audience";
const SURVEY_FROM: &str = "surveys s LEFT JOIN teams t ON t.id = s.team_id";

/// A survey (or the next wave of one) to store, with its audience.
#[derive(Debug, Clone)]
pub struct NewSurvey {
    pub instrument: Instrument,
    pub team_id: Option<TeamId>,
    pub include_sub_teams: bool,
    pub include_lead: bool,
    pub created_by: Option<PersonId>,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
    pub min_respondents: MinRespondents,
    pub recurrence_weeks: i64,
    pub pool_waves: i64,
    /// The first wave, for a later wave; `None` makes a new survey.
    pub series_id: Option<SurveyId>,
    pub wave: i64,
    /// Everyone asked, each with the breakdown group they count in.
    pub audience: Vec<(PersonId, Option<TeamId>)>,
}

/// Someone who may be asked, with a team they are in and how deep its lead sits in the
/// reporting line (the breakdown group is the deepest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudienceCandidate {
    pub person_id: PersonId,
    pub team_id: Option<TeamId>,
    pub depth: i64,
}

/// Which surveys a list holds.
#[derive(Debug, Clone)]
pub struct SurveyQuery {
    /// Every survey (an admin's list); else those below.
    pub all: bool,
    pub viewer: PersonId,
    /// Teams the viewer leads or that are led in their line.
    pub teams: Vec<TeamId>,
    pub team: Option<TeamId>,
    pub before: Option<SurveyId>,
    pub limit: u32,
}

/// What a team will do about a result.
#[derive(Debug, Clone)]
pub struct SurveyAction {
    pub id: SurveyActionId,
    pub survey_id: SurveyId,
    pub kind: String,
    pub dimension: Option<String>,
    pub body: String,
    pub created_by: Option<PersonId>,
    pub created_at: Timestamp,
}

type ActionRow = (
    SurveyActionId,
    SurveyId,
    String,
    Option<String>,
    String,
    Option<PersonId>,
    Timestamp,
);

fn action(
    (id, survey_id, kind, dimension, body, created_by, created_at): ActionRow,
) -> SurveyAction {
    SurveyAction {
        id,
        survey_id,
        kind,
        dimension,
        body,
        created_by,
        created_at,
    }
}

/// A demo response: answers by item id, comments by question id.
pub type SeedResponse = (BTreeMap<String, i64>, BTreeMap<String, String>);

/// Why a response was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RespondRefusal {
    /// The person is not in the survey's audience (or there is no such survey).
    NotAsked,
    NotOpenYet,
    Closed,
    AlreadyAnswered,
}

impl Store {
    /// The organisation's *k*: 5 until an admin sets it.
    pub async fn survey_min_respondents(&self) -> Result<MinRespondents> {
        let k: Option<i64> = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT min_respondents FROM survey_settings WHERE id = 1")
                .fetch_optional(pool)
                .await?
        });
        Ok(k.and_then(|k| MinRespondents::new(k).ok())
            .unwrap_or_default())
    }

    pub async fn set_survey_min_respondents(&self, k: MinRespondents) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO survey_settings (id, min_respondents, updated_at) VALUES (1, $1, $2)
                 ON CONFLICT (id) DO UPDATE SET min_respondents = excluded.min_respondents, updated_at = excluded.updated_at",
            )
            .bind(k.get() as i64)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn custom_instruments(&self) -> Result<Vec<StoredInstrument>> {
        let rows: Vec<InstrumentRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {INSTRUMENT_COLUMNS} FROM survey_instruments i ORDER BY i.name, i.id"
            ))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(stored_instrument).collect()
    }

    pub async fn custom_instrument(&self, key: &str) -> Result<Option<StoredInstrument>> {
        let row: Option<InstrumentRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {INSTRUMENT_COLUMNS} FROM survey_instruments i WHERE i.key = $1"
            ))
            .bind(key)
            .fetch_optional(pool)
            .await?
        });
        row.map(stored_instrument).transpose()
    }

    /// Adds an instrument, or replaces the one with its key (`replacing`, read by the caller to
    /// decide access) as long as no survey asks it: one transaction, so a survey cannot start
    /// using it halfway.
    pub async fn save_instrument(
        &self,
        instrument: &Instrument,
        added_by: Option<PersonId>,
        replacing: Option<InstrumentId>,
    ) -> Result<StoredInstrument> {
        let now = self.now();
        let definition = serde_json::to_string(instrument).expect("instruments serialise");
        let id: InstrumentId = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id = match replacing {
                None => {
                    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM survey_instruments WHERE key = $1")
                        .bind(&instrument.key)
                        .fetch_optional(&mut *tx)
                        .await?;
                    if taken.is_some() {
                        return Err(DomainError::Conflict(format!(
                            "an instrument with the key “{}” exists", instrument.key
                        )).into());
                    }
                    sqlx::query_scalar(
                        "INSERT INTO survey_instruments (key, name, definition, added_by, created_at, updated_at)
                         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                    )
                    .bind(&instrument.key)
                    .bind(&instrument.name)
                    .bind(&definition)
                    .bind(added_by)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await
                    // Two people adding the same key at once: the second is told, not a 500.
                    .map_err(|e| crate::error::unique_violation(e, "key", "an instrument with this key exists; give yours another key"))?
                }
                Some(id) => {
                    let in_use: bool = sqlx::query_scalar(
                        "SELECT EXISTS (SELECT 1 FROM surveys WHERE instrument_key = $1)",
                    )
                    .bind(&instrument.key)
                    .fetch_one(&mut *tx)
                    .await?;
                    if in_use {
                        return Err(DomainError::Conflict(
                            "a survey asks this instrument, so it can no longer change; add it under a new key".into(),
                        ).into());
                    }
                    let changed = sqlx::query(
                        "UPDATE survey_instruments SET name = $2, definition = $3, updated_at = $4 WHERE id = $1 AND key = $5",
                    )
                    .bind(id)
                    .bind(&instrument.name)
                    .bind(&definition)
                    .bind(now)
                    .bind(&instrument.key)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if changed == 0 {
                        return Err(StoreError::not_found());
                    }
                    id
                }
            };
            tx.commit().await?;
            id
        });
        let row: InstrumentRow = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {INSTRUMENT_COLUMNS} FROM survey_instruments i WHERE i.id = $1"))
                .bind(id)
                .fetch_one(pool)
                .await?
        });
        stored_instrument(row)
    }

    /// Removes an instrument no survey asks (a survey that asks it keeps it).
    pub async fn delete_instrument(&self, id: InstrumentId) -> Result<()> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let key: Option<String> = sqlx::query_scalar("SELECT key FROM survey_instruments WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(key) = key else { return Err(StoreError::not_found()) };
            let in_use: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM surveys WHERE instrument_key = $1)")
                .bind(&key)
                .fetch_one(&mut *tx)
                .await?;
            if in_use {
                return Err(DomainError::Conflict("a survey asks this instrument, so it stays".into()).into());
            }
            sqlx::query("DELETE FROM survey_instruments WHERE id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Everyone a survey of `team` (with the teams led in its lead's line, when `sub_teams`) or
    /// of the whole organisation (`None`) would ask, once per team they are in: active people in
    /// active teams (and, for the organisation, people in no team).
    pub async fn audience_candidates(
        &self,
        team: Option<TeamId>,
        sub_teams: bool,
    ) -> Result<Vec<AudienceCandidate>> {
        let rows: Vec<(PersonId, Option<TeamId>, Option<i64>)> = match team {
            None => on_pool!(self, pool => {
                sqlx::query_as(
                    "SELECT p.id, t.id, CAST(LENGTH(l.reporting_line) AS BIGINT)
                     FROM people p
                     LEFT JOIN team_members m ON m.person_id = p.id
                     LEFT JOIN teams t ON t.id = m.team_id AND t.archived_at IS NULL
                     LEFT JOIN people l ON l.id = t.lead_id
                     WHERE p.archived_at IS NULL",
                )
                .fetch_all(pool)
                .await?
            }),
            Some(team) => {
                let line = crate::objectives::in_line_of(self.kind(), 2);
                on_pool!(self, pool => {
                    // A team with no lead has no line below it: bound by an id no one has.
                    let lead: Option<Option<PersonId>> =
                        sqlx::query_scalar("SELECT lead_id FROM teams WHERE id = $1")
                            .bind(team)
                            .fetch_optional(pool)
                            .await?;
                    let lead = lead.flatten().unwrap_or(PersonId(0));
                    sqlx::query_as(&format!(
                        "WITH chosen AS (
                            SELECT id FROM teams WHERE id = $1
                            UNION
                            SELECT t.id FROM teams t JOIN people p ON p.id = t.lead_id
                            WHERE $3 AND t.archived_at IS NULL
                              AND {line}
                         )
                         SELECT p.id, t.id, CAST(LENGTH(l.reporting_line) AS BIGINT)
                         FROM chosen c
                         JOIN teams t ON t.id = c.id
                         JOIN team_members m ON m.team_id = t.id
                         JOIN people p ON p.id = m.person_id AND p.archived_at IS NULL
                         LEFT JOIN people l ON l.id = t.lead_id"
                    ))
                    .bind(team)
                    .bind(lead)
                    .bind(sub_teams)
                    .fetch_all(pool)
                    .await?
                })
            }
        };
        Ok(rows
            .into_iter()
            .map(|(person_id, team_id, depth)| AudienceCandidate {
                person_id,
                team_id,
                depth: if team_id.is_some() {
                    depth.unwrap_or(0)
                } else {
                    0
                },
            })
            .collect())
    }

    /// Stores a survey (or a recurring survey's next wave) with its audience, in one
    /// transaction. A wave another process made first is a conflict.
    pub async fn create_survey(&self, new: &NewSurvey) -> Result<SurveyRecord> {
        let now = self.now();
        let instrument = serde_json::to_string(&new.instrument).expect("instruments serialise");
        let audience: Vec<(i64, i64, Option<i64>)> = new
            .audience
            .iter()
            .map(|(person, group)| (0, person.0, group.map(|g| g.0)))
            .collect();
        let kind = self.kind();
        let id: SurveyId = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: SurveyId = sqlx::query_scalar(
                "INSERT INTO surveys (instrument_key, instrument, team_id, include_sub_teams, include_lead, created_by,
                    opens_at, closes_at, min_respondents, recurrence_weeks, pool_waves, series_id, wave, created_at, updated_at,
                    audience_size, planned_opens_at, planned_closes_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $7, $8)
                 ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind(&new.instrument.key)
            .bind(&instrument)
            .bind(new.team_id)
            .bind(new.include_sub_teams)
            .bind(new.include_lead)
            .bind(new.created_by)
            .bind(new.opens_at)
            .bind(new.closes_at)
            .bind(new.min_respondents.get() as i64)
            .bind(new.recurrence_weeks)
            .bind(new.pool_waves)
            .bind(new.series_id)
            .bind(new.wave)
            .bind(now)
            .bind(audience.len() as i64)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::from(DomainError::Conflict("this wave exists already".into())))?;
            if new.series_id.is_none() && new.recurrence_weeks > 0 {
                sqlx::query("UPDATE surveys SET series_id = id WHERE id = $1").bind(id).execute(&mut *tx).await?;
            }
            let rows: Vec<(i64, i64, Option<i64>)> =
                audience.iter().map(|&(_, person, group)| (id.0, person, group)).collect();
            insert_rows!(tx, kind, "survey_audience", AUDIENCE_COLUMNS, rows);
            tx.commit().await?;
            id
        });
        self.survey(id).await?.ok_or_else(StoreError::not_found)
    }

    pub async fn survey(&self, id: SurveyId) -> Result<Option<SurveyRecord>> {
        let row: Option<SurveyRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {SURVEY_COLUMNS} FROM {SURVEY_FROM} WHERE s.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(SurveyRecord::try_from).transpose()
    }

    /// The newest surveys first: every one (`all`), or those the viewer is asked in, made, or
    /// whose team they lead or lead above.
    pub async fn surveys(&self, query: &SurveyQuery) -> Result<Vec<SurveyRecord>> {
        let teams = in_json(self.kind(), "s.team_id", 3);
        let rows: Vec<SurveyRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {SURVEY_COLUMNS} FROM {SURVEY_FROM}
                 WHERE ($1 OR s.created_by = $2 OR {teams}
                        OR EXISTS (SELECT 1 FROM survey_audience a WHERE a.survey_id = s.id AND a.person_id = $2))
                   AND ($4 IS NULL OR s.team_id = $4)
                   AND ($5 IS NULL OR s.id < $5)
                 ORDER BY s.id DESC LIMIT $6"
            ))
            .bind(query.all)
            .bind(query.viewer)
            .bind(json_ids(query.teams.iter().map(|t| t.0)))
            .bind(query.team)
            .bind(query.before)
            .bind(i64::from(query.limit))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(SurveyRecord::try_from).collect()
    }

    /// The waves of a recurring survey, first first.
    pub async fn waves(&self, series: SurveyId) -> Result<Vec<SurveyRecord>> {
        let rows: Vec<SurveyRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {SURVEY_COLUMNS} FROM {SURVEY_FROM} WHERE s.series_id = $1 ORDER BY s.wave"
            ))
            .bind(series)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(SurveyRecord::try_from).collect()
    }

    /// Surveys that have closed and are not sealed yet, the longest closed first.
    pub async fn closed_unsealed_surveys(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<SurveyRecord>> {
        let rows: Vec<SurveyRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {SURVEY_COLUMNS} FROM {SURVEY_FROM}
                 WHERE s.results IS NULL AND s.closes_at <= $1
                 ORDER BY s.closes_at, s.id LIMIT $2"
            ))
            .bind(now)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(SurveyRecord::try_from).collect()
    }

    /// The last wave of every recurring survey that has closed with no wave after it.
    pub async fn recurring_surveys_due(&self, now: Timestamp) -> Result<Vec<SurveyRecord>> {
        let rows: Vec<SurveyRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {SURVEY_COLUMNS} FROM {SURVEY_FROM}
                 WHERE s.recurrence_weeks > 0 AND s.closes_at <= $1
                   AND NOT EXISTS (SELECT 1 FROM surveys n WHERE n.series_id = s.series_id AND n.wave > s.wave)
                 ORDER BY s.id LIMIT 100"
            ))
            .bind(now)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(SurveyRecord::try_from).collect()
    }

    /// The breakdown groups a survey's audience falls in (`None`: everyone in no group).
    pub async fn survey_groups(&self, survey: SurveyId) -> Result<Vec<Option<TeamId>>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar("SELECT DISTINCT group_id FROM survey_audience WHERE survey_id = $1")
                .bind(survey)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Whether `person` is asked in the survey, and whether they have answered.
    pub async fn survey_standing(
        &self,
        survey: SurveyId,
        person: PersonId,
    ) -> Result<(bool, bool)> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT EXISTS (SELECT 1 FROM survey_audience WHERE survey_id = $1 AND person_id = $2),
                        EXISTS (SELECT 1 FROM survey_participants WHERE survey_id = $1 AND person_id = $2)",
            )
            .bind(survey)
            .bind(person)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Open surveys `person` is asked in and has not answered, soonest closing first.
    pub async fn surveys_waiting_for(&self, person: PersonId) -> Result<Vec<SurveyRecord>> {
        let now = self.now();
        let rows: Vec<SurveyRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {SURVEY_COLUMNS} FROM {SURVEY_FROM}
                 JOIN survey_audience me ON me.survey_id = s.id AND me.person_id = $1
                 WHERE s.opens_at <= $2 AND s.closes_at > $2
                   AND NOT EXISTS (SELECT 1 FROM survey_participants x WHERE x.survey_id = s.id AND x.person_id = $1)
                 ORDER BY s.closes_at, s.id LIMIT 50"
            ))
            .bind(person)
            .bind(now)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(SurveyRecord::try_from).collect()
    }

    /// Takes one response: in one transaction, records that the person took part and stores
    /// their answers and comments under random keys, with nothing that links the two. The
    /// window is checked against the store's clock inside the transaction.
    pub async fn respond(
        &self,
        survey: SurveyId,
        person: PersonId,
        answers: &BTreeMap<String, i64>,
        comments: &BTreeMap<String, String>,
    ) -> Result<std::result::Result<(), RespondRefusal>> {
        let now = self.now();
        let answers = serde_json::to_string(answers).expect("answers serialise");
        let lock_key = format!("survey-seal-{survey}");
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // Sealing takes the same key: an answer is either in before the rewrite or refused
            // after it, never written while the survey is being sealed.
            if let Some(lock) = key_lock(pool) {
                sqlx::query(lock).bind(&lock_key).execute(&mut *tx).await?;
            }
            let found: Option<(Timestamp, Timestamp, bool, Option<i64>)> = sqlx::query_as(
                "SELECT s.opens_at, s.closes_at, s.results IS NOT NULL, a.group_id
                 FROM surveys s JOIN survey_audience a ON a.survey_id = s.id AND a.person_id = $2
                 WHERE s.id = $1",
            )
            .bind(survey)
            .bind(person)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((opens_at, closes_at, sealed, group)) = found else {
                return Ok(Err(RespondRefusal::NotAsked));
            };
            if sealed || now >= closes_at {
                return Ok(Err(RespondRefusal::Closed));
            }
            if now < opens_at {
                return Ok(Err(RespondRefusal::NotOpenYet));
            }
            let taken = sqlx::query(
                "INSERT INTO survey_participants (survey_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(survey)
            .bind(person)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if taken == 0 {
                return Ok(Err(RespondRefusal::AlreadyAnswered));
            }
            sqlx::query(
                "INSERT INTO survey_responses (survey_id, response_key, group_id, answers) VALUES ($1, $2, $3, $4)",
            )
            .bind(survey)
            .bind(random_key())
            .bind(group)
            .bind(&answers)
            .execute(&mut *tx)
            .await?;
            for (question, body) in comments {
                sqlx::query(
                    "INSERT INTO survey_comments (survey_id, comment_key, question_id, body) VALUES ($1, $2, $3, $4)",
                )
                .bind(survey)
                .bind(random_key())
                .bind(question)
                .bind(body)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        }))
    }

    /// Stores the answers of a demo survey, as if the first `responses.len()` people of its
    /// audience (by id) had answered: participants, responses and comments in one transaction,
    /// under random keys, whatever the clock says. For seeding a demo organisation only.
    pub async fn seed_survey_responses(
        &self,
        survey: SurveyId,
        responses: &[SeedResponse],
    ) -> Result<usize> {
        let kind = self.kind();
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let audience: Vec<(PersonId, Option<i64>)> = sqlx::query_as(
                "SELECT person_id, group_id FROM survey_audience WHERE survey_id = $1 ORDER BY person_id LIMIT $2",
            )
            .bind(survey)
            .bind(responses.len() as i64)
            .fetch_all(&mut *tx)
            .await?;
            let participants: Vec<(i64, i64)> = audience.iter().map(|(p, _)| (survey.0, p.0)).collect();
            let rows = keyed_responses(
                survey,
                audience.iter().zip(responses).map(|((_, group), (answers, _))| {
                    (*group, serde_json::to_string(answers).expect("answers serialise"))
                }),
            );
            let comments = keyed_comments(
                survey,
                responses.iter().take(audience.len()).flat_map(|(_, c)| c.clone()),
            );
            insert_rows!(tx, kind, "survey_participants", PARTICIPANT_COLUMNS, participants);
            insert_rows!(tx, kind, "survey_responses", RESPONSE_COLUMNS, rows);
            insert_rows!(tx, kind, "survey_comments", COMMENT_COLUMNS, comments);
            tx.commit().await?;
            audience.len()
        }))
    }

    /// Closes a survey now (and a scheduled one before it opens). Closing a closed survey
    /// changes nothing.
    pub async fn close_survey(&self, id: SurveyId) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            sqlx::query(
                "UPDATE surveys SET closes_at = $2,
                        opens_at = CASE WHEN opens_at > $2 THEN $2 ELSE opens_at END, updated_at = $2
                 WHERE id = $1 AND closes_at > $2",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Stops a recurring survey after its current wave.
    pub async fn stop_recurring(&self, series: SurveyId) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            sqlx::query("UPDATE surveys SET recurrence_weeks = 0, updated_at = $2 WHERE series_id = $1")
                .bind(series)
                .bind(now)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn share_survey(&self, id: SurveyId, shared: bool) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            sqlx::query("UPDATE surveys SET shared_at = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(shared.then_some(now))
                .bind(now)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn remind_survey(&self, id: SurveyId) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            sqlx::query("UPDATE surveys SET reminded_at = $2, updated_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Seals a closed survey, once: rewrites its answers and comments under new random keys in
    /// key order, then stores the results `compute` makes from the answers of `pooled` (the
    /// waves pooled with it, itself included; sealed waves only), all in one transaction.
    /// Returns the stored results (a survey sealed already keeps what it has).
    pub async fn seal_survey(
        &self,
        id: SurveyId,
        pooled: &[SurveyId],
        compute: impl FnOnce(Vec<StoredResponse>, Vec<StoredComment>) -> String + Send,
    ) -> Result<String> {
        let now = self.now();
        let kind = self.kind();
        let lock_key = format!("survey-seal-{id}");
        let responses_in = in_json(kind, "survey_id", 1);
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(lock) = key_lock(pool) {
                sqlx::query(lock).bind(&lock_key).execute(&mut *tx).await?;
            }
            let current: Option<(Option<String>, Timestamp)> =
                sqlx::query_as("SELECT results, closes_at FROM surveys WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((results, closes_at)) = current else { return Err(StoreError::not_found()) };
            if let Some(results) = results {
                return Ok(results);
            }
            if now < closes_at {
                return Err(DomainError::Conflict("the survey is still open".into()).into());
            }
            // Rewrite: read, delete, insert again under new keys in key order.
            let responses: Vec<(Option<i64>, String)> = sqlx::query_as(
                "SELECT group_id, answers FROM survey_responses WHERE survey_id = $1",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            let comments: Vec<(String, String)> = sqlx::query_as(
                "SELECT question_id, body FROM survey_comments WHERE survey_id = $1",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            // Who took part, rewritten in id order: a heap's order would tell who answered when.
            let participants: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT survey_id, person_id FROM survey_participants WHERE survey_id = $1 ORDER BY person_id",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM survey_participants WHERE survey_id = $1").bind(id).execute(&mut *tx).await?;
            insert_rows!(tx, kind, "survey_participants", PARTICIPANT_COLUMNS, participants);
            sqlx::query("DELETE FROM survey_responses WHERE survey_id = $1").bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM survey_comments WHERE survey_id = $1").bind(id).execute(&mut *tx).await?;
            let own_responses = responses.len() as i64;
            insert_rows!(tx, kind, "survey_responses", RESPONSE_COLUMNS, keyed_responses(id, responses));
            insert_rows!(tx, kind, "survey_comments", COMMENT_COLUMNS, keyed_comments(id, comments));
            let ids = json_ids(pooled.iter().map(|s| s.0).chain(std::iter::once(id.0)));
            let rows: Vec<(Option<i64>, String)> = sqlx::query_as(&format!(
                "SELECT group_id, answers FROM survey_responses WHERE {responses_in}"
            ))
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?;
            let mut answers = Vec::with_capacity(rows.len());
            for (group, raw) in rows {
                answers.push(StoredResponse {
                    group,
                    answers: serde_json::from_str(&raw).map_err(|e| corrupt(format!("survey {id} answers: {e}")))?,
                });
            }
            let comments: Vec<StoredComment> = sqlx::query_as::<_, (String, String)>(&format!(
                "SELECT question_id, body FROM survey_comments WHERE {responses_in} ORDER BY comment_key"
            ))
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|(question_id, body)| StoredComment { question_id, body })
            .collect();
            let results = compute(answers, comments);
            sqlx::query("UPDATE surveys SET results = $2, respondents = $4, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(&results)
                .bind(now)
                .bind(own_responses)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            results
        }))
    }

    /// Every stored answer and comment of `surveys`, in key order: what results are computed
    /// from (the benchmark reads it to time the computation on its own).
    pub async fn survey_answers(
        &self,
        surveys: &[SurveyId],
    ) -> Result<(Vec<StoredResponse>, Vec<StoredComment>)> {
        let within = in_json(self.kind(), "survey_id", 1);
        let ids = json_ids(surveys.iter().map(|s| s.0));
        type Answers = Vec<(Option<i64>, String)>;
        type Comments = Vec<(String, String)>;
        let (rows, comments): (Answers, Comments) = on_pool!(self, pool => {
            // No order: results do not depend on it (and PostgreSQL would sort the keys).
            let rows = sqlx::query_as(&format!(
                "SELECT group_id, answers FROM survey_responses WHERE {within}"
            ))
            .bind(&ids)
            .fetch_all(pool)
            .await?;
            let comments = sqlx::query_as(&format!(
                "SELECT question_id, body FROM survey_comments WHERE {within} ORDER BY comment_key"
            ))
            .bind(&ids)
            .fetch_all(pool)
            .await?;
            (rows, comments)
        });
        let mut responses = Vec::with_capacity(rows.len());
        for (group, raw) in rows {
            responses.push(StoredResponse {
                group,
                answers: serde_json::from_str(&raw)
                    .map_err(|e| corrupt(format!("survey answers: {e}")))?,
            });
        }
        Ok((
            responses,
            comments
                .into_iter()
                .map(|(question_id, body)| StoredComment { question_id, body })
                .collect(),
        ))
    }

    /// How many different people took part in any of `surveys` (pooled waves count each
    /// person once).
    pub async fn distinct_participants(&self, surveys: &[SurveyId]) -> Result<i64> {
        let within = in_json(self.kind(), "survey_id", 1);
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar(&format!(
                "SELECT COUNT(DISTINCT person_id) FROM survey_participants WHERE {within}"
            ))
            .bind(json_ids(surveys.iter().map(|s| s.0)))
            .fetch_one(pool)
            .await?
        }))
    }

    /// Other closed surveys of the same instrument whose window overlapped this one's and whose
    /// audience shares someone with it, each with its number of responses (rule 4 across
    /// surveys; an open one is checked from both sides once it closes).
    pub async fn overlapping_surveys(
        &self,
        survey: &SurveyRecord,
    ) -> Result<Vec<(SurveyId, i64, i64)>> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT s.id, s.min_respondents,
                        COALESCE(s.respondents, (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id))
                 FROM surveys s
                 WHERE s.id <> $1 AND s.instrument_key = $2 AND s.opens_at < $4 AND s.closes_at > $3
                   AND s.closes_at <= $5
                   AND EXISTS (SELECT 1 FROM survey_audience a JOIN survey_audience b ON b.person_id = a.person_id
                               WHERE a.survey_id = s.id AND b.survey_id = $1)",
            )
            .bind(survey.id)
            .bind(&survey.instrument.key)
            .bind(survey.opens_at)
            .bind(survey.closes_at)
            .bind(now)
            .fetch_all(pool)
            .await?
        }))
    }

    pub async fn add_survey_action(
        &self,
        survey: SurveyId,
        kind: &str,
        dimension: Option<&str>,
        body: &str,
        by: PersonId,
    ) -> Result<SurveyAction> {
        let now = self.now();
        let row: ActionRow = on_pool!(self, pool => {
            sqlx::query_as(
                "INSERT INTO survey_actions (survey_id, kind, dimension, body, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $6)
                 RETURNING id, survey_id, kind, dimension, body, created_by, created_at",
            )
            .bind(survey)
            .bind(kind)
            .bind(dimension)
            .bind(body)
            .bind(by)
            .bind(now)
            .fetch_one(pool)
            .await?
        });
        Ok(action(row))
    }

    /// The actions recorded on any of `surveys`, oldest first.
    pub async fn survey_actions(&self, surveys: &[SurveyId]) -> Result<Vec<SurveyAction>> {
        let within = in_json(self.kind(), "survey_id", 1);
        let rows: Vec<ActionRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT id, survey_id, kind, dimension, body, created_by, created_at FROM survey_actions
                 WHERE {within} ORDER BY id LIMIT 200"
            ))
            .bind(json_ids(surveys.iter().map(|s| s.0)))
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(action).collect())
    }

    pub async fn survey_action(&self, id: SurveyActionId) -> Result<Option<SurveyAction>> {
        let row: Option<ActionRow> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, survey_id, kind, dimension, body, created_by, created_at FROM survey_actions WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(action))
    }

    pub async fn delete_survey_action(&self, id: SurveyActionId) -> Result<()> {
        self.delete_row("survey_actions", id.0).await
    }
}
