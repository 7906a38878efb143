//! Recognition: who recognised whom for what, who reacted, the values and daily cap an admin
//! sets. The feed is filtered by visibility in SQL (so its pages are whole) and the use cases
//! check every item again against the access rule.

use tend_domain::recognition::{Celebrates, Hidden, Reaction, Recognition, Visibility};
use tend_domain::{PersonId, RecognitionId, TeamId, Timestamp};

use crate::BeginWrite as _;
use crate::error::unique_violation;
use crate::{Result, Store, StoreError, in_json, json_ids, key_lock, on_pool};

/// A recognition to store.
#[derive(Debug, Clone)]
pub struct NewRecognition {
    pub giver_id: PersonId,
    pub recipients: Vec<PersonId>,
    pub message: String,
    pub celebrates: Celebrates,
    pub visibility: Visibility,
    pub value: Option<String>,
}

/// Which recognitions a feed shows, as `viewer` may see them, newest first.
#[derive(Debug, Clone)]
pub struct FeedQuery {
    pub viewer: PersonId,
    pub viewer_is_admin: bool,
    /// Given or received by this person.
    pub person: Option<PersonId>,
    /// Received by a member of this team.
    pub team: Option<TeamId>,
    pub celebrates: Option<Celebrates>,
    pub value: Option<String>,
    /// Given at or after this time.
    pub since: Option<Timestamp>,
    /// Older than this recognition (the cursor).
    pub before: Option<RecognitionId>,
    pub limit: u32,
}

/// A recognition in a feed, with whether the viewer is in a team with one of its recipients.
#[derive(Debug, Clone)]
pub struct FeedItem {
    pub recognition: Recognition,
    pub shares_team: bool,
}

/// The reactions to one recognition: each kind, how many, and whether the viewer gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionCount {
    pub recognition: RecognitionId,
    pub reaction: Reaction,
    pub count: i64,
    pub mine: bool,
}

#[derive(sqlx::FromRow)]
struct RecognitionRow {
    id: RecognitionId,
    giver_id: PersonId,
    message: String,
    celebrates: String,
    visibility: String,
    value: Option<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
    hidden_at: Option<Timestamp>,
    hidden_by: Option<PersonId>,
    hidden_reason: String,
    shares_team: bool,
}

const COLUMNS: &str = "r.id, r.giver_id, r.message, r.celebrates, r.visibility, r.value, \
    r.created_at, r.updated_at, r.hidden_at, r.hidden_by, r.hidden_reason";

/// True when the viewer (`$1`) is in an active team with one of the recognition's recipients.
const SHARES_TEAM: &str = "EXISTS (SELECT 1 FROM recognition_recipients rr
    JOIN team_members tm ON tm.person_id = rr.person_id
    JOIN team_members mine ON mine.team_id = tm.team_id AND mine.person_id = $1
    JOIN teams t ON t.id = tm.team_id AND t.archived_at IS NULL
    WHERE rr.recognition_id = r.id)";

fn recognition(row: RecognitionRow, recipients: Vec<PersonId>) -> Result<FeedItem> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("recognition {}: {what}", row.id));
    Ok(FeedItem {
        shares_team: row.shares_team,
        recognition: Recognition {
            id: row.id,
            giver_id: row.giver_id,
            recipients,
            message: row.message,
            celebrates: row.celebrates.parse().map_err(|_| corrupt("celebrates"))?,
            visibility: row.visibility.parse().map_err(|_| corrupt("visibility"))?,
            value: row.value,
            created_at: row.created_at,
            updated_at: row.updated_at,
            hidden: row.hidden_at.map(|at| Hidden {
                at,
                by: row.hidden_by,
                reason: row.hidden_reason,
            }),
        },
    })
}

impl Store {
    /// Stores a recognition with its recipients and, for a public one, a webhook delivery per
    /// webhook (`webhook_body`, where `__RECOGNITION_ID__` becomes the new id), in one
    /// transaction. With a daily cap, refuses (`Ok(None)`) when
    /// the giver has given `cap` already since `since`; the count is taken inside the
    /// transaction, so two at once cannot both pass the cap.
    pub async fn create_recognition(
        &self,
        new: &NewRecognition,
        webhook_body: Option<&str>,
        cap: Option<(u32, Timestamp)>,
    ) -> Result<Option<RecognitionId>> {
        let now = self.now();
        let id = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some((cap, since)) = cap {
                if let Some(lock) = key_lock(pool) {
                    sqlx::query(lock).bind(format!("recognition-cap-{}", new.giver_id)).execute(&mut *tx).await?;
                }
                let given: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM recognitions WHERE giver_id = $1 AND created_at > $2",
                )
                .bind(new.giver_id)
                .bind(since)
                .fetch_one(&mut *tx)
                .await?;
                if given >= i64::from(cap) {
                    return Ok(None);
                }
            }
            let id: RecognitionId = sqlx::query_scalar(
                "INSERT INTO recognitions (giver_id, message, celebrates, visibility, value, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            )
            .bind(new.giver_id)
            .bind(&new.message)
            .bind(new.celebrates.as_str())
            .bind(new.visibility.as_str())
            .bind(new.value.as_deref())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for (position, person) in new.recipients.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO recognition_recipients (recognition_id, person_id, position) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(*person)
                .bind(position as i64)
                .execute(&mut *tx)
                .await?;
            }
            if let Some(body) = webhook_body {
                sqlx::query(
                    "INSERT INTO webhook_deliveries (webhook_id, recognition_id, body, status, attempts,
                        next_attempt_at, created_at, updated_at)
                     SELECT id, $1, REPLACE($2, '__RECOGNITION_ID__', CAST($1 AS TEXT)), 'pending', 0, $3, $3, $3
                     FROM webhooks",
                )
                .bind(id)
                .bind(body)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            id
        });
        Ok(Some(id))
    }

    /// When the giver's recognitions since `since` began (the oldest first), to say when the cap
    /// frees up again.
    pub async fn recognitions_given_since(
        &self,
        giver: PersonId,
        since: Timestamp,
    ) -> Result<Vec<Timestamp>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT created_at FROM recognitions WHERE giver_id = $1 AND created_at > $2 ORDER BY created_at",
            )
            .bind(giver)
            .bind(since)
            .fetch_all(pool)
            .await?
        }))
    }

    /// One recognition as `viewer` would meet it (with whether they share a team with a
    /// recipient); the use cases decide whether they may.
    pub async fn recognition(
        &self,
        viewer: PersonId,
        id: RecognitionId,
    ) -> Result<Option<FeedItem>> {
        let row: Option<RecognitionRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS}, {SHARES_TEAM} AS shares_team FROM recognitions r WHERE r.id = $2"
            ))
            .bind(viewer)
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        let Some(row) = row else { return Ok(None) };
        let mut recipients = self.recipients_of(&[row.id]).await?;
        let people = recipients.remove(&row.id).unwrap_or_default();
        recognition(row, people).map(Some)
    }

    /// A page of the feed: what `query.viewer` may see (by visibility), with the filters, newest
    /// first.
    pub async fn recognition_feed(&self, query: &FeedQuery) -> Result<Vec<FeedItem>> {
        let sql = format!(
            "SELECT {COLUMNS}, {SHARES_TEAM} AS shares_team FROM recognitions r
             WHERE ($2 IS NULL OR r.id < $2)
               AND (r.visibility = 'public' OR r.giver_id = $1
                    OR EXISTS (SELECT 1 FROM recognition_recipients x WHERE x.recognition_id = r.id AND x.person_id = $1)
                    OR (r.visibility = 'team' AND {SHARES_TEAM}))
               AND (r.hidden_at IS NULL OR r.giver_id = $1 OR $3)
               AND ($4 IS NULL OR r.giver_id = $4
                    OR EXISTS (SELECT 1 FROM recognition_recipients p WHERE p.recognition_id = r.id AND p.person_id = $4))
               AND ($5 IS NULL OR EXISTS (SELECT 1 FROM recognition_recipients q
                    JOIN team_members qm ON qm.person_id = q.person_id
                    WHERE q.recognition_id = r.id AND qm.team_id = $5))
               AND ($6 IS NULL OR r.celebrates = $6)
               AND ($7 IS NULL OR r.value = $7)
               AND ($8 IS NULL OR r.created_at >= $8)
             ORDER BY r.id DESC LIMIT $9"
        );
        let rows: Vec<RecognitionRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(query.viewer)
                .bind(query.before)
                .bind(query.viewer_is_admin)
                .bind(query.person)
                .bind(query.team)
                .bind(query.celebrates.map(|c| c.as_str()))
                .bind(query.value.as_deref())
                .bind(query.since)
                .bind(i64::from(query.limit.max(1)))
                .fetch_all(pool)
                .await?
        });
        let ids: Vec<RecognitionId> = rows.iter().map(|r| r.id).collect();
        let mut recipients = self.recipients_of(&ids).await?;
        rows.into_iter()
            .map(|row| {
                let people = recipients.remove(&row.id).unwrap_or_default();
                recognition(row, people)
            })
            .collect()
    }

    /// The recipients of each recognition, in the order given.
    async fn recipients_of(
        &self,
        ids: &[RecognitionId],
    ) -> Result<std::collections::HashMap<RecognitionId, Vec<PersonId>>> {
        let mut by_recognition: std::collections::HashMap<RecognitionId, Vec<PersonId>> =
            std::collections::HashMap::new();
        if ids.is_empty() {
            return Ok(by_recognition);
        }
        let sql = format!(
            "SELECT recognition_id, person_id FROM recognition_recipients WHERE {}
             ORDER BY recognition_id, position",
            in_json(self.kind(), "recognition_id", 1)
        );
        let rows: Vec<(RecognitionId, PersonId)> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(json_ids(ids.iter().map(|i| i.0))).fetch_all(pool).await?
        });
        for (recognition, person) in rows {
            by_recognition.entry(recognition).or_default().push(person);
        }
        Ok(by_recognition)
    }

    /// Changes what a recognition says (the giver, within the edit window: the use cases check).
    pub async fn update_recognition(
        &self,
        id: RecognitionId,
        message: &str,
        celebrates: Celebrates,
        value: Option<&str>,
    ) -> Result<()> {
        let now = self.now();
        let updated = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE recognitions SET message = $1, celebrates = $2, value = $3, updated_at = $4 WHERE id = $5",
            )
            .bind(message)
            .bind(celebrates.as_str())
            .bind(value)
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        crate::error::found(updated)
    }

    /// Deletes a recognition, its recipients, reactions, and deliveries not yet sent.
    pub async fn delete_recognition(&self, id: RecognitionId) -> Result<()> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM webhook_deliveries WHERE recognition_id = $1 AND status = 'pending'")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let deleted = sqlx::query("DELETE FROM recognitions WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            crate::error::found(deleted)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Hides a recognition as abuse (`Some(reason)`), recording who and why, or shows it again
    /// (`None`). Hiding also stops its deliveries not yet sent.
    pub async fn set_recognition_hidden(
        &self,
        id: RecognitionId,
        by: Option<PersonId>,
        reason: Option<&str>,
    ) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query(
                "UPDATE recognitions SET hidden_at = $1, hidden_by = $2, hidden_reason = $3, updated_at = $4 WHERE id = $5",
            )
            .bind(reason.map(|_| now))
            .bind(reason.and(by))
            .bind(reason.unwrap_or(""))
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            crate::error::found(updated)?;
            if reason.is_some() {
                sqlx::query("DELETE FROM webhook_deliveries WHERE recognition_id = $1 AND status = 'pending'")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Adds the reaction when the person has not given it, takes it back when they have.
    pub async fn toggle_reaction(
        &self,
        id: RecognitionId,
        person: PersonId,
        reaction: Reaction,
    ) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let removed = sqlx::query(
                "DELETE FROM recognition_reactions WHERE recognition_id = $1 AND person_id = $2 AND reaction = $3",
            )
            .bind(id)
            .bind(person)
            .bind(reaction.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if removed == 0 {
                sqlx::query(
                    "INSERT INTO recognition_reactions (recognition_id, person_id, reaction, created_at)
                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(person)
                .bind(reaction.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(|e| match &e {
                    sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::not_found(),
                    _ => StoreError::Database(e),
                })?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// The reactions to these recognitions, counted by kind, with whether `viewer` gave each.
    pub async fn reactions(
        &self,
        ids: &[RecognitionId],
        viewer: PersonId,
    ) -> Result<Vec<ReactionCount>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT recognition_id, reaction, COUNT(*) AS count,
                    SUM(CASE WHEN person_id = $2 THEN 1 ELSE 0 END) AS mine
             FROM recognition_reactions WHERE {}
             GROUP BY recognition_id, reaction ORDER BY recognition_id, reaction",
            in_json(self.kind(), "recognition_id", 1)
        );
        let rows: Vec<(RecognitionId, String, i64, i64)> = on_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(json_ids(ids.iter().map(|i| i.0)))
                .bind(viewer)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(recognition, reaction, count, mine)| {
                Ok(ReactionCount {
                    recognition,
                    reaction: reaction.parse().map_err(|_| {
                        StoreError::Corrupt(format!("reaction {reaction} on {recognition}"))
                    })?,
                    count,
                    mine: mine > 0,
                })
            })
            .collect()
    }

    /// The team values people choose from, by name.
    pub async fn recognition_values(&self) -> Result<Vec<(i64, String)>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as("SELECT id, name FROM recognition_values ORDER BY name, id").fetch_all(pool).await?
        }))
    }

    pub async fn add_recognition_value(&self, name: &str) -> Result<i64> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar("INSERT INTO recognition_values (name, created_at) VALUES ($1, $2) RETURNING id")
                .bind(name)
                .bind(now)
                .fetch_one(pool)
                .await
                .map_err(|e| unique_violation(e, "value", "this value exists already"))?
        }))
    }

    /// Removes a value from the list; recognitions that named it keep its name.
    pub async fn remove_recognition_value(&self, id: i64) -> Result<()> {
        let deleted = on_pool!(self, pool => {
            sqlx::query("DELETE FROM recognition_values WHERE id = $1").bind(id).execute(pool).await?.rows_affected()
        });
        crate::error::found(deleted)
    }

    /// How many recognitions one giver may give in 24 hours; `None` is no cap.
    pub async fn recognition_daily_cap(&self) -> Result<Option<u32>> {
        let cap: Option<Option<i64>> = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT daily_cap FROM recognition_settings WHERE id = 1").fetch_optional(pool).await?
        });
        Ok(cap.flatten().and_then(|c| u32::try_from(c).ok()))
    }

    pub async fn set_recognition_daily_cap(&self, cap: Option<u32>) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO recognition_settings (id, daily_cap, updated_at) VALUES (1, $1, $2)
                 ON CONFLICT (id) DO UPDATE SET daily_cap = excluded.daily_cap, updated_at = excluded.updated_at",
            )
            .bind(cap.map(i64::from))
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// What `giver` gave since `since` (hidden ones included: breadth is about the giver's
    /// habit): when, and to whom.
    pub async fn recognitions_given(
        &self,
        giver: PersonId,
        since: Timestamp,
    ) -> Result<Vec<(Timestamp, Vec<PersonId>)>> {
        let rows: Vec<(RecognitionId, Timestamp, PersonId)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT r.id, r.created_at, rr.person_id FROM recognitions r
                 JOIN recognition_recipients rr ON rr.recognition_id = r.id
                 WHERE r.giver_id = $1 AND r.created_at > $2 ORDER BY r.id, rr.position",
            )
            .bind(giver)
            .bind(since)
            .fetch_all(pool)
            .await?
        });
        let mut given: Vec<(RecognitionId, Timestamp, Vec<PersonId>)> = Vec::new();
        for (id, at, person) in rows {
            match given.last_mut() {
                Some((last, _, people)) if *last == id => people.push(person),
                _ => given.push((id, at, vec![person])),
            }
        }
        Ok(given
            .into_iter()
            .map(|(_, at, people)| (at, people))
            .collect())
    }

    /// When each of these people last received a recognition that was not hidden.
    pub async fn last_recognised(&self, people: &[PersonId]) -> Result<Vec<(PersonId, Timestamp)>> {
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT rr.person_id, MAX(r.created_at) FROM recognition_recipients rr
             JOIN recognitions r ON r.id = rr.recognition_id
             WHERE r.hidden_at IS NULL AND {} GROUP BY rr.person_id",
            in_json(self.kind(), "rr.person_id", 1)
        );
        Ok(on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(json_ids(people.iter().map(|p| p.0))).fetch_all(pool).await?
        }))
    }
}
