//! Outgoing webhooks and their outbox. A public recognition writes one `webhook_deliveries` row
//! per webhook in its own transaction (`recognitions.rs`); a background task claims due rows,
//! posts them and records the outcome here. A claim is a token and a lease (`claim`,
//! `claimed_until`): rows are claimed in one statement, so with several `tend serve` processes each
//! row goes to one of them, and a process that dies mid-send leaves a lease that runs out, after
//! which another process sends the row.

use tend_domain::webhook::DeliveryStatus;
use tend_domain::{DeliveryId, PersonId, RecognitionId, Timestamp, WebhookId};
use time::Duration;

use crate::BeginWrite as _;
use crate::{BackendKind, Result, Store, StoreError, on_pool};

/// A webhook as listed to admins; its secret is shown once, when it is added.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Webhook {
    pub id: WebhookId,
    pub url: String,
    pub created_by: Option<PersonId>,
    pub created_at: Timestamp,
}

/// A delivery claimed for sending: where to, the key to sign with, and what.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DueDelivery {
    pub id: DeliveryId,
    pub webhook_id: WebhookId,
    pub recognition_id: Option<RecognitionId>,
    pub url: String,
    pub secret: String,
    /// The JSON text to post, byte for byte (the signature covers these bytes).
    pub body: String,
    /// Attempts made before this one.
    pub attempts: i64,
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// The receiver answered 2xx.
    Delivered { status: u16 },
    /// It failed; try again at `at`.
    Retry {
        at: Timestamp,
        status: Option<u16>,
        error: String,
    },
    /// It failed and is given up.
    Failed { status: Option<u16>, error: String },
}

/// A delivery as an admin sees it (never its secret; the body is a public recognition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: DeliveryId,
    pub webhook_id: WebhookId,
    pub url: String,
    pub recognition_id: Option<RecognitionId>,
    pub status: DeliveryStatus,
    pub attempts: i64,
    /// The receiver's HTTP status at the last attempt, if it answered.
    pub last_status: Option<i64>,
    pub last_error: String,
    pub next_attempt_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: DeliveryId,
    webhook_id: WebhookId,
    url: String,
    recognition_id: Option<RecognitionId>,
    status: String,
    attempts: i64,
    last_status: Option<i64>,
    last_error: String,
    next_attempt_at: Timestamp,
    delivered_at: Option<Timestamp>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl TryFrom<DeliveryRow> for Delivery {
    type Error = StoreError;
    fn try_from(row: DeliveryRow) -> Result<Self> {
        let status = row
            .status
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("webhook delivery {}: {e}", row.id)))?;
        Ok(Self {
            id: row.id,
            webhook_id: row.webhook_id,
            url: row.url,
            recognition_id: row.recognition_id,
            status,
            attempts: row.attempts,
            last_status: row.last_status,
            last_error: row.last_error,
            next_attempt_at: row.next_attempt_at,
            delivered_at: row.delivered_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

const DELIVERY_COLUMNS: &str = "SELECT d.id, d.webhook_id, w.url, d.recognition_id, d.status, \
     d.attempts, d.last_status, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, \
     d.updated_at FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id";

/// Longest error text kept per delivery.
const ERROR_MAX_CHARS: usize = 500;

impl Store {
    pub async fn create_webhook(
        &self,
        url: &str,
        secret: &str,
        created_by: Option<PersonId>,
    ) -> Result<Webhook> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            sqlx::query_as(
                "INSERT INTO webhooks (url, secret, created_by, created_at) VALUES ($1, $2, $3, $4)
                 RETURNING id, url, created_by, created_at",
            )
            .bind(url)
            .bind(secret)
            .bind(created_by)
            .bind(now)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Every webhook, oldest first.
    pub async fn webhooks(&self) -> Result<Vec<Webhook>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as("SELECT id, url, created_by, created_at FROM webhooks ORDER BY id")
                .fetch_all(pool)
                .await?
        }))
    }

    pub async fn webhook(&self, id: WebhookId) -> Result<Option<Webhook>> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as("SELECT id, url, created_by, created_at FROM webhooks WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The webhook with this secret, if it was added less than `max_age` ago: to show a secret
    /// once, right after it was made.
    pub async fn new_webhook(&self, secret: &str, max_age: Duration) -> Result<Option<Webhook>> {
        let since = self.now() - max_age;
        Ok(on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, url, created_by, created_at FROM webhooks
                 WHERE secret = $1 AND created_at >= $2",
            )
            .bind(secret)
            .bind(since)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Deletes a webhook and, with it, its deliveries (sent or not).
    pub async fn delete_webhook(&self, id: WebhookId) -> Result<()> {
        let deleted = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM webhook_deliveries WHERE webhook_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let deleted = sqlx::query("DELETE FROM webhooks WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            deleted
        });
        crate::error::found(deleted)
    }

    /// Puts one delivery in the outbox, due now. Public recognitions enqueue theirs with the
    /// recognition (`create_recognition`); this is for a message of its own (and for tests).
    pub async fn enqueue_webhook_delivery(
        &self,
        webhook: WebhookId,
        recognition: Option<RecognitionId>,
        body: &str,
    ) -> Result<DeliveryId> {
        let now = self.now();
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO webhook_deliveries (webhook_id, recognition_id, body, status, attempts,
                     next_attempt_at, created_at, updated_at)
                 VALUES ($1, $2, $3, 'pending', 0, $4, $4, $4) RETURNING id",
            )
            .bind(webhook)
            .bind(recognition)
            .bind(body)
            .bind(now)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Claims up to `limit` due deliveries for `lease` under `claim` (a token unique to this
    /// call) and returns them, oldest due first. A row another claim holds is not due until its
    /// lease runs out, so concurrent claimers — threads or processes — never get the same row.
    pub async fn claim_due_deliveries(
        &self,
        limit: u32,
        lease: Duration,
        claim: &str,
    ) -> Result<Vec<DueDelivery>> {
        let now = self.now();
        // The one backend-specific part: PostgreSQL locks the rows it picks and skips rows another
        // transaction is picking right now, so claimers neither wait for each other nor take the
        // same row. SQLite lets one writer in at a time (`begin_write` is `BEGIN IMMEDIATE`), so
        // the second claimer sees the first one's claim and needs no lock clause.
        let lock = match self.kind() {
            BackendKind::Postgres => "FOR UPDATE SKIP LOCKED",
            BackendKind::Sqlite => "",
        };
        let claim_rows = format!(
            "UPDATE webhook_deliveries SET claim = $1, claimed_until = $2
             WHERE id IN (SELECT id FROM webhook_deliveries
                          WHERE status = 'pending' AND next_attempt_at <= $3
                            AND (claimed_until IS NULL OR claimed_until <= $3)
                          ORDER BY next_attempt_at, id LIMIT $4 {lock})"
        );
        Ok(on_pool!(self, pool => {
            // Most rounds find nothing due: a plain read says so without taking SQLite's write
            // lock every second.
            let any_due: Option<DeliveryId> = sqlx::query_scalar(
                "SELECT id FROM webhook_deliveries
                 WHERE status = 'pending' AND next_attempt_at <= $1
                   AND (claimed_until IS NULL OR claimed_until <= $1)
                 LIMIT 1",
            )
            .bind(now)
            .fetch_optional(pool)
            .await?;
            if any_due.is_none() {
                return Ok(Vec::new());
            }
            let mut tx = pool.begin_write().await?;
            sqlx::query(&claim_rows)
                .bind(claim)
                .bind(now + lease)
                .bind(now)
                .bind(i64::from(limit))
                .execute(&mut *tx)
                .await?;
            let rows = sqlx::query_as(
                "SELECT d.id, d.webhook_id, d.recognition_id, w.url, w.secret, d.body, d.attempts
                 FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                 WHERE d.claim = $1 AND d.status = 'pending'
                 ORDER BY d.next_attempt_at, d.id",
            )
            .bind(claim)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            rows
        }))
    }

    /// Records the outcome of an attempt and releases the claim — only while `claim` still holds
    /// the row (not taken over after its lease ran out, not deleted with its webhook). Returns
    /// whether it did.
    pub async fn finish_delivery(
        &self,
        id: DeliveryId,
        claim: &str,
        outcome: &DeliveryOutcome,
    ) -> Result<bool> {
        let now = self.now();
        let (status, next_attempt_at, last_status, error, delivered_at) = match outcome {
            DeliveryOutcome::Delivered { status } => (
                DeliveryStatus::Delivered,
                None,
                Some(*status),
                "",
                Some(now),
            ),
            DeliveryOutcome::Retry { at, status, error } => (
                DeliveryStatus::Pending,
                Some(*at),
                *status,
                error.as_str(),
                None,
            ),
            DeliveryOutcome::Failed { status, error } => {
                (DeliveryStatus::Failed, None, *status, error.as_str(), None)
            }
        };
        let error: String = error.chars().take(ERROR_MAX_CHARS).collect();
        let updated = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE webhook_deliveries
                 SET status = $1, attempts = attempts + 1,
                     next_attempt_at = COALESCE($2, next_attempt_at), last_status = $3,
                     last_error = $4, delivered_at = $5, claim = NULL, claimed_until = NULL,
                     updated_at = $6
                 WHERE id = $7 AND claim = $8",
            )
            .bind(status.as_str())
            .bind(next_attempt_at)
            .bind(last_status.map(i64::from))
            .bind(error)
            .bind(delivered_at)
            .bind(now)
            .bind(id)
            .bind(claim)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(updated == 1)
    }

    /// What an admin should look at: deliveries given up, and those waiting to be retried after
    /// a failure; the most recently changed first, at most `limit`.
    pub async fn deliveries_needing_attention(&self, limit: u32) -> Result<Vec<Delivery>> {
        let sql = format!(
            "{DELIVERY_COLUMNS}
             WHERE d.status = 'failed' OR (d.status = 'pending' AND d.attempts > 0)
             ORDER BY d.updated_at DESC, d.id DESC LIMIT $1"
        );
        let rows: Vec<DeliveryRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(i64::from(limit)).fetch_all(pool).await?
        });
        rows.into_iter().map(Delivery::try_from).collect()
    }

    /// The deliveries of one webhook, newest first, at most `limit`.
    pub async fn webhook_deliveries(
        &self,
        webhook: WebhookId,
        limit: u32,
    ) -> Result<Vec<Delivery>> {
        let sql = format!("{DELIVERY_COLUMNS} WHERE d.webhook_id = $1 ORDER BY d.id DESC LIMIT $2");
        let rows: Vec<DeliveryRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(webhook).bind(i64::from(limit)).fetch_all(pool).await?
        });
        rows.into_iter().map(Delivery::try_from).collect()
    }

    /// Makes a delivery that failed (or waits for a retry) due now. One already delivered is not
    /// sent again ("not found").
    pub async fn retry_delivery(&self, id: DeliveryId) -> Result<()> {
        let now = self.now();
        let updated = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1, updated_at = $1
                 WHERE id = $2 AND status <> 'delivered'",
            )
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        crate::error::found(updated)
    }
}
