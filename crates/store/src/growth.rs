//! Growth plans (the skills a person is building, the log of career conversations, and the career
//! items of their one-on-ones) and the private "lead or not?" reflection.

use tend_domain::align::growth::Conversation;
use tend_domain::{ConversationId, MeetingId, PersonId, Timestamp};
use time::Date;

use crate::{BeginWrite, Result, Store, on_pool};

/// A career item from a held one-on-one, as the growth plan lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareerItem {
    pub meeting_id: MeetingId,
    pub starts_at: Timestamp,
    pub text: String,
    pub discussed: bool,
}

/// A person's reflection as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReflection {
    /// The manager it was shared with, at the time; `None`: private.
    pub shared_with: Option<PersonId>,
    pub updated_at: Timestamp,
    /// (question key, answer), in no particular order.
    pub answers: Vec<(String, String)>,
}

impl Store {
    /// The skills a person is building, in their order.
    pub async fn skills(&self, person: PersonId) -> Result<Vec<String>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar("SELECT skill FROM growth_skills WHERE person_id = $1 ORDER BY position")
                .bind(person)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Replaces a person's skills, in one transaction.
    pub async fn set_skills(&self, person: PersonId, skills: &[String]) -> Result<()> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // Two saves at once take turns, so the last one wins whole.
            if let Some(lock) = crate::key_lock(pool) {
                sqlx::query(lock).bind(format!("skills:{person}")).execute(&mut *tx).await?;
            }
            sqlx::query("DELETE FROM growth_skills WHERE person_id = $1").bind(person).execute(&mut *tx).await?;
            for (position, skill) in skills.iter().enumerate() {
                sqlx::query("INSERT INTO growth_skills (person_id, position, skill) VALUES ($1, $2, $3)")
                    .bind(person)
                    .bind(position as i64)
                    .bind(skill)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn add_conversation(
        &self,
        person: PersonId,
        held_on: Date,
        summary: &str,
        recorded_by: Option<PersonId>,
    ) -> Result<ConversationId> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO career_conversations (person_id, held_on, summary, recorded_by, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(person)
            .bind(held_on)
            .bind(summary)
            .bind(recorded_by)
            .bind(now)
            .fetch_one(pool)
            .await?
        }))
    }

    /// A person's career conversations, latest first.
    pub async fn conversations(&self, person: PersonId) -> Result<Vec<Conversation>> {
        type Row = (
            ConversationId,
            PersonId,
            Date,
            String,
            Option<PersonId>,
            Timestamp,
        );
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, person_id, held_on, summary, recorded_by, created_at FROM career_conversations
                 WHERE person_id = $1 ORDER BY held_on DESC, id DESC",
            )
            .bind(person)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, person_id, held_on, summary, recorded_by, created_at)| Conversation {
                    id,
                    person_id,
                    held_on,
                    summary,
                    recorded_by,
                    created_at,
                },
            )
            .collect())
    }

    pub async fn conversation(&self, id: ConversationId) -> Result<Option<PersonId>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar("SELECT person_id FROM career_conversations WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    pub async fn delete_conversation(&self, id: ConversationId) -> Result<()> {
        self.delete_row("career_conversations", id.0).await
    }

    /// The career items of the held one-on-ones of `person`, latest first, at most `limit`; with
    /// `with`, only those of the series between `person` and `with` (either way round). The
    /// caller passes the viewer as `with` whenever the viewer is not `person`, so only meetings
    /// the viewer took part in are read (DESIGN.md §3 rule 2).
    pub async fn career_items(
        &self,
        person: PersonId,
        with: Option<PersonId>,
        limit: u32,
    ) -> Result<Vec<CareerItem>> {
        let rows: Vec<(MeetingId, Timestamp, String, bool)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT m.id, m.starts_at, t.text, t.discussed FROM talking_points t
                 JOIN meetings m ON m.id = t.meeting_id
                 JOIN one_on_one_series s ON s.id = m.series_id
                 WHERE t.kind = 'career' AND m.status = 'completed'
                   AND ((s.lead_id = $1 AND ($2 IS NULL OR s.report_id = $2))
                     OR (s.report_id = $1 AND ($2 IS NULL OR s.lead_id = $2)))
                 ORDER BY m.starts_at DESC, m.id DESC, t.position LIMIT $3",
            )
            .bind(person)
            .bind(with)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(meeting_id, starts_at, text, discussed)| CareerItem {
                meeting_id,
                starts_at,
                text,
                discussed,
            })
            .collect())
    }

    pub async fn lead_reflection(&self, person: PersonId) -> Result<Option<StoredReflection>> {
        on_pool!(self, pool => {
            let head: Option<(Option<PersonId>, Timestamp)> = sqlx::query_as(
                "SELECT shared_with, updated_at FROM lead_reflections WHERE person_id = $1",
            )
            .bind(person)
            .fetch_optional(pool)
            .await?;
            let Some((shared_with, updated_at)) = head else {
                return Ok(None);
            };
            let answers: Vec<(String, String)> = sqlx::query_as(
                "SELECT question, answer FROM lead_reflection_answers WHERE person_id = $1",
            )
            .bind(person)
            .fetch_all(pool)
            .await?;
            Ok(Some(StoredReflection { shared_with, updated_at, answers }))
        })
    }

    /// Saves a person's reflection (every answer replaced), in one transaction.
    pub async fn save_lead_reflection(
        &self,
        person: PersonId,
        shared_with: Option<PersonId>,
        answers: &[(&str, String)],
    ) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO lead_reflections (person_id, shared_with, updated_at) VALUES ($1, $2, $3)
                 ON CONFLICT (person_id) DO UPDATE SET shared_with = $2, updated_at = $3",
            )
            .bind(person)
            .bind(shared_with)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM lead_reflection_answers WHERE person_id = $1").bind(person).execute(&mut *tx).await?;
            for (question, answer) in answers {
                sqlx::query("INSERT INTO lead_reflection_answers (person_id, question, answer) VALUES ($1, $2, $3)")
                    .bind(person)
                    .bind(*question)
                    .bind(answer)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
