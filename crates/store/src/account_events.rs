//! Account events: who changed someone's reporting line, role or password, or archived them, and
//! when. Written by the store's own writes, in their transaction (see [`record_event!`]).

use tend_domain::account::{AccountEvent, AccountEventKind};
use tend_domain::{PersonId, Timestamp};

use crate::{Result, Store, StoreError, on_pool};

/// Records an account event inside an open transaction (`$tx`).
macro_rules! record_event {
    ($tx:ident, $subject:expr, $actor:expr, $kind:expr, $detail:expr, $now:expr) => {{
        sqlx::query(
            "INSERT INTO account_events (subject_id, actor_id, kind, detail, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind($subject)
        .bind($actor)
        .bind(tend_domain::account::AccountEventKind::as_str($kind))
        .bind($detail)
        .bind($now)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use record_event;

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    subject_id: PersonId,
    actor_id: Option<PersonId>,
    actor_name: Option<String>,
    kind: String,
    detail: String,
    at: Timestamp,
    acknowledged_at: Option<Timestamp>,
}

impl TryFrom<EventRow> for AccountEvent {
    type Error = StoreError;
    fn try_from(row: EventRow) -> Result<Self> {
        let kind: AccountEventKind = row
            .kind
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("account event {}: {e}", row.id)))?;
        Ok(AccountEvent {
            id: row.id,
            subject: row.subject_id,
            actor: row.actor_id,
            actor_name: row.actor_name,
            kind,
            detail: row.detail,
            at: row.at,
            acknowledged: row.acknowledged_at.is_some(),
        })
    }
}

impl Store {
    /// Events of a person's account, newest first, older than the event `before` when given, at
    /// most `limit`; with `unacknowledged_only` just those they have not seen yet.
    pub async fn account_events(
        &self,
        subject: PersonId,
        unacknowledged_only: bool,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AccountEvent>> {
        let rows: Vec<EventRow> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT e.id, e.subject_id, e.actor_id, a.name AS actor_name, e.kind, e.detail, e.at, e.acknowledged_at
                 FROM account_events e LEFT JOIN people a ON a.id = e.actor_id
                 WHERE e.subject_id = $1 AND ($2 = FALSE OR e.acknowledged_at IS NULL)
                   AND ($3 IS NULL OR e.id < $3)
                 ORDER BY e.id DESC LIMIT $4",
            )
            .bind(subject)
            .bind(unacknowledged_only)
            .bind(before)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(AccountEvent::try_from).collect()
    }

    /// Marks every event of a person's account as seen by them.
    pub async fn acknowledge_account_events(&self, subject: PersonId) -> Result<()> {
        let now = self.now();
        on_pool!(self, pool => {
            sqlx::query("UPDATE account_events SET acknowledged_at = $1 WHERE subject_id = $2 AND acknowledged_at IS NULL")
                .bind(now)
                .bind(subject)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
