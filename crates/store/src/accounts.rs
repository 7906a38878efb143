//! What signing in needs: sessions, personal API tokens, invites and the login throttle. Only
//! hashes of tokens are stored, so a copy of the database grants no access.

use tend_domain::account::AccountEventKind;
use tend_domain::person::Person;
use tend_domain::ratelimit::LoginThrottle;
use tend_domain::{ApiTokenId, PersonId, Timestamp};
use time::Duration;

use crate::BeginWrite as _;
use crate::account_events::record_event;
use crate::rows::{PersonRow, person_select};
use crate::{Result, Store, on_pool};

/// A personal API token as listed to its owner; the secret itself is shown once, at creation.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub name: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// The person a live session belongs to.
#[derive(Debug, Clone)]
pub struct SessionPerson {
    pub person: Person,
    pub expires_at: Timestamp,
}

/// A one-time link to set a password: the hash of its secret, and how long it stays valid.
#[derive(Debug, Clone)]
pub struct NewInvite {
    pub token_hash: String,
    pub lifetime: Duration,
}

/// Stores an invite inside an open transaction, replacing any earlier one of the person.
macro_rules! insert_invite {
    ($tx:ident, $person:expr, $invite:expr, $now:expr) => {{
        sqlx::query("DELETE FROM invites WHERE person_id = $1")
            .bind($person)
            .execute(&mut *$tx)
            .await?;
        sqlx::query(
            "INSERT INTO invites (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&$invite.token_hash)
        .bind($person)
        .bind($now)
        .bind($now + $invite.lifetime)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use insert_invite;

impl Store {
    /// Starts a session that lasts `lifetime` from now; returns when it expires.
    pub async fn create_session(
        &self,
        token_hash: &str,
        person: PersonId,
        lifetime: Duration,
    ) -> Result<Timestamp> {
        let now = self.now();
        let expires_at = now + lifetime;
        on_pool!(self, pool => {
            sqlx::query("INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash)
                .bind(person)
                .bind(now)
                .bind(expires_at)
                .execute(pool)
                .await?;
        });
        Ok(expires_at)
    }

    /// The active person whose unexpired session has this token hash.
    pub async fn session_person(&self, token_hash: &str) -> Result<Option<SessionPerson>> {
        let now = self.now();
        let row: Option<SessionRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!(
                ", s.expires_at AS session_expires_at FROM people p JOIN sessions s ON s.person_id = p.id
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND p.archived_at IS NULL"
            ))
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        row.map(|row| {
            Ok(SessionPerson {
                expires_at: row.session_expires_at,
                person: Person::try_from(row.person)?,
            })
        })
        .transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        on_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
        });
        Ok(())
    }

    /// Sets a new password hash and ends every session of the person but the one named, in one
    /// transaction: there is no moment where the new password is set and an old session lives on.
    pub async fn change_password(
        &self,
        person: PersonId,
        hash: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        let actor = Some(person);
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query("UPDATE people SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(hash)
                .bind(now)
                .bind(person)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            crate::error::found(updated)?;
            sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND ($2 IS NULL OR token_hash <> $2)")
                .bind(person)
                .bind(keep_session)
                .execute(&mut *tx)
                .await?;
            record_event!(tx, person, actor, AccountEventKind::PasswordChanged, "", now);
            tx.commit().await?;
        });
        Ok(())
    }

    /// A password reset for someone who has a password, as `actor`: in one transaction, a new
    /// one-time link, all of the person's sessions and API tokens ended (whoever holds the link
    /// can set the password, so nothing issued under the old one survives), and an account event
    /// the person will be told about when they next sign in.
    pub async fn reset_password(
        &self,
        person: PersonId,
        invite: &NewInvite,
        actor: Option<PersonId>,
    ) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            insert_invite!(tx, person, invite, now);
            sqlx::query("DELETE FROM sessions WHERE person_id = $1").bind(person).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM api_tokens WHERE person_id = $1").bind(person).execute(&mut *tx).await?;
            record_event!(tx, person, actor, AccountEventKind::PasswordReset, "", now);
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn delete_expired_sessions(&self) -> Result<u64> {
        let now = self.now();
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
        let now = self.now();
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
    pub async fn revoke_api_token(&self, person: PersonId, id: ApiTokenId) -> Result<()> {
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

    /// One of the person's tokens by the hash of its secret, if it was created less than
    /// `max_age` ago (to show a token's secret once, right after it was created), without
    /// recording a use.
    pub async fn new_api_token(
        &self,
        person: PersonId,
        token_hash: &str,
        max_age: Duration,
    ) -> Result<Option<ApiToken>> {
        let since = self.now() - max_age;
        Ok(on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, name, created_at, last_used_at FROM api_tokens
                 WHERE person_id = $1 AND token_hash = $2 AND created_at >= $3",
            )
            .bind(person)
            .bind(token_hash)
            .bind(since)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The active person who owns a token, recording that it was used.
    pub async fn api_token_person(&self, token_hash: &str) -> Result<Option<Person>> {
        let now = self.now();
        let row: Option<TokenRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!(
                ", t.last_used_at AS token_last_used_at FROM people p JOIN api_tokens t ON t.person_id = p.id
                 WHERE t.token_hash = $1 AND p.archived_at IS NULL"
            ))
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        });
        let Some(row) = row else {
            return Ok(None);
        };
        // At most one write a minute per token, and none when nothing changes: a busy API client
        // must not turn every read into a write (SQLite has one writer at a time).
        let stale_before = now - Duration::minutes(1);
        if row
            .token_last_used_at
            .is_none_or(|used| used < stale_before)
        {
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
        Person::try_from(row.person).map(Some)
    }

    /// Stores a one-time invite; any earlier invite of the person stops working.
    pub async fn create_invite(&self, person: PersonId, invite: &NewInvite) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            insert_invite!(tx, person, invite, now);
            tx.commit().await?;
        });
        Ok(())
    }

    /// The active person an unexpired invite is for, without using it up.
    pub async fn invite_person(&self, token_hash: &str) -> Result<Option<Person>> {
        let now = self.now();
        let row: Option<PersonRow> = on_pool!(self, pool => {
            sqlx::query_as(person_select!(
                "FROM people p JOIN invites i ON i.person_id = p.id
                 WHERE i.token_hash = $1 AND i.expires_at > $2 AND p.archived_at IS NULL"
            ))
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        row.map(Person::try_from).transpose()
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
        let now = self.now();
        let redeemed = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let deleted = sqlx::query("DELETE FROM invites WHERE token_hash = $1 AND expires_at > $2")
                .bind(token_hash)
                .bind(now)
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

    /// Counts a sign-in attempt against each key *before* the password is checked, in one step
    /// per key (a write transaction that takes the key's lock, counts the recent attempts and
    /// records this one): concurrent attempts cannot all read "four failures" and all go ahead.
    /// Returns the recorded attempts' ids, or the seconds to wait when any key is over its limit
    /// (then nothing is recorded). An attempt that succeeds is taken back with
    /// [`Store::forget_login_attempts`].
    pub async fn begin_login_attempt(
        &self,
        keys: &[(String, LoginThrottle)],
    ) -> Result<std::result::Result<Vec<i64>, i64>> {
        let now = self.now();
        let mut sorted: Vec<&(String, LoginThrottle)> = keys.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let mut wait = None;
            for (key, throttle) in &sorted {
                if let Some(lock) = crate::key_lock(pool) {
                    sqlx::query(lock).bind(key.as_str()).execute(&mut *tx).await?;
                }
                let since = throttle.horizon(now.unix());
                sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1 AND failed_at <= $2")
                    .bind(key.as_str())
                    .bind(since)
                    .execute(&mut *tx)
                    .await?;
                let recent: Vec<i64> = sqlx::query_scalar("SELECT failed_at FROM login_failures WHERE throttle_key = $1")
                    .bind(key.as_str())
                    .fetch_all(&mut *tx)
                    .await?;
                wait = wait.max(throttle.retry_after(&recent, now.unix()));
            }
            match wait {
                Some(seconds) => Err(seconds),
                None => {
                    let mut ids = Vec::with_capacity(sorted.len());
                    for (key, _) in &sorted {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2) RETURNING id",
                        )
                        .bind(key.as_str())
                        .bind(now.unix())
                        .fetch_one(&mut *tx)
                        .await?;
                        ids.push(id);
                    }
                    tx.commit().await?;
                    Ok(ids)
                }
            }
        }))
    }

    /// Takes back recorded attempts (they succeeded), and every failure of `clear_key`.
    pub async fn forget_login_attempts(&self, ids: &[i64], clear_key: Option<&str>) -> Result<()> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for id in ids {
                sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(*id).execute(&mut *tx).await?;
            }
            if let Some(key) = clear_key {
                sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1").bind(key).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}

/// A person with the expiry of the session that names them.
#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    person: PersonRow,
    session_expires_at: Timestamp,
}

/// A person with when the token that names them was last used.
#[derive(sqlx::FromRow)]
struct TokenRow {
    #[sqlx(flatten)]
    person: PersonRow,
    token_last_used_at: Option<Timestamp>,
}
