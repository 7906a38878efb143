//! What signing in needs: sessions, personal API tokens, invites and the login throttle. Only
//! hashes of tokens are stored, so a copy of the database grants no access.

use tend_domain::PersonId;
use tend_domain::person::Person;
use time::OffsetDateTime;

use crate::BeginWrite as _;
use crate::rows::{PersonRow, person_select};
use crate::{Result, Store, on_pool};

/// A personal API token as listed to its owner; the secret itself is shown once, at creation.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

/// The person a live session belongs to.
#[derive(Debug, Clone)]
pub struct SessionPerson {
    pub person: Person,
    pub expires_at: OffsetDateTime,
}

impl Store {
    pub async fn create_session(
        &self,
        token_hash: &str,
        person: PersonId,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        let now = crate::now();
        on_pool!(self, pool => {
            sqlx::query("INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash)
                .bind(person)
                .bind(now)
                .bind(expires_at)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The active person whose unexpired session has this token hash.
    pub async fn session_person(&self, token_hash: &str) -> Result<Option<SessionPerson>> {
        let session: Option<(i64, OffsetDateTime)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT person_id, expires_at FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
        });
        let Some((person_id, expires_at)) = session else {
            return Ok(None);
        };
        if expires_at <= OffsetDateTime::now_utc() {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        Ok(self
            .person(person_id)
            .await?
            .filter(|p| !p.is_archived())
            .map(|person| SessionPerson { person, expires_at }))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        on_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
        });
        Ok(())
    }

    /// Ends every session of a person but the one named (after a password change, say).
    pub async fn delete_other_sessions(
        &self,
        person: PersonId,
        keep_token_hash: Option<&str>,
    ) -> Result<()> {
        on_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND ($2 IS NULL OR token_hash <> $2)")
                .bind(person)
                .bind(keep_token_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn delete_expired_sessions(&self) -> Result<u64> {
        let now = crate::now();
        Ok(on_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(pool).await?.rows_affected()
        }))
    }

    pub async fn create_api_token(
        &self,
        person: PersonId,
        name: &str,
        token_hash: &str,
    ) -> Result<ApiToken> {
        let now = crate::now();
        Ok(on_pool!(self, pool => {
            sqlx::query_as(
                "INSERT INTO api_tokens (person_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)
                 RETURNING id, name, created_at, last_used_at",
            )
            .bind(person)
            .bind(name)
            .bind(token_hash)
            .bind(now)
            .fetch_one(pool)
            .await?
        }))
    }

    pub async fn api_tokens_of(&self, person: PersonId) -> Result<Vec<ApiToken>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE person_id = $1 ORDER BY id DESC",
            )
            .bind(person)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Revokes one of the person's own tokens; someone else's token is "not found".
    pub async fn revoke_api_token(&self, person: PersonId, id: i64) -> Result<()> {
        let deleted = on_pool!(self, pool => {
            sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND person_id = $2")
                .bind(id)
                .bind(person)
                .execute(pool)
                .await?
                .rows_affected()
        });
        crate::error::found(deleted)
    }

    /// The active person who owns a token, recording that it was used.
    pub async fn api_token_person(&self, token_hash: &str) -> Result<Option<Person>> {
        let now = crate::now();
        let row: Option<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!(
                "JOIN api_tokens t ON t.person_id = p.id WHERE t.token_hash = $1 AND p.archived_at IS NULL"
            ))
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        });
        if row.is_some() {
            // At most one write a minute per token: a busy API client must not turn every read
            // into a write (SQLite has one writer at a time).
            let stale_before = now - time::Duration::minutes(1);
            on_pool!(self, pool => {
                sqlx::query(
                    "UPDATE api_tokens SET last_used_at = $1
                     WHERE token_hash = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
                )
                .bind(now)
                .bind(token_hash)
                .bind(stale_before)
                .execute(pool)
                .await?;
            });
        }
        row.map(Person::try_from).transpose()
    }

    /// Stores a one-time invite; any earlier invite of the person stops working.
    pub async fn create_invite(
        &self,
        person: PersonId,
        token_hash: &str,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        let now = crate::now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM invites WHERE person_id = $1").bind(person).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO invites (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash)
                .bind(person)
                .bind(now)
                .bind(expires_at)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The active person an unexpired invite is for, without using it up.
    pub async fn invite_person(&self, token_hash: &str) -> Result<Option<Person>> {
        let invite: Option<(i64, OffsetDateTime)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT person_id, expires_at FROM invites WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
        });
        match invite {
            Some((person, expires_at)) if expires_at > OffsetDateTime::now_utc() => {
                Ok(self.person(person).await?.filter(|p| !p.is_archived()))
            }
            _ => Ok(None),
        }
    }

    /// Uses up an invite to set the person's password. Returns the person, or `None` when the
    /// invite is unknown, used or expired. The delete makes a second use fail even when racing.
    pub async fn redeem_invite(
        &self,
        token_hash: &str,
        password_hash: &str,
    ) -> Result<Option<Person>> {
        let Some(person) = self.invite_person(token_hash).await? else {
            return Ok(None);
        };
        let now = crate::now();
        let redeemed = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let deleted = sqlx::query("DELETE FROM invites WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if deleted == 1 {
                sqlx::query("UPDATE people SET password_hash = $1, updated_at = $2 WHERE id = $3")
                    .bind(password_hash)
                    .bind(now)
                    .bind(person.id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            deleted == 1
        });
        Ok(redeemed.then_some(person))
    }

    pub async fn record_login_failure(&self, key: &str, at_unix: i64) -> Result<()> {
        on_pool!(self, pool => {
            sqlx::query("INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2)")
                .bind(key)
                .bind(at_unix)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Failure times for a key after `since_unix`; older ones are deleted on the way.
    pub async fn login_failures(&self, key: &str, since_unix: i64) -> Result<Vec<i64>> {
        Ok(on_pool!(self, pool => {
            sqlx::query("DELETE FROM login_failures WHERE failed_at <= $1").bind(since_unix).execute(pool).await?;
            sqlx::query_scalar("SELECT failed_at FROM login_failures WHERE throttle_key = $1 AND failed_at > $2")
                .bind(key)
                .bind(since_unix)
                .fetch_all(pool)
                .await?
        }))
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        on_pool!(self, pool => {
            sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1").bind(key).execute(pool).await?;
        });
        Ok(())
    }
}
