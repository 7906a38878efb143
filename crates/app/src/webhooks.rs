//! Outgoing webhooks: admins add and remove the addresses public recognition is posted to, see the
//! deliveries that failed and try them again; a background task ([`DeliveryLoop`]) sends what is
//! due. Giving recognition only writes a row to the outbox in its own transaction, so a slow or
//! failing receiver never slows down or fails the person giving it.
//!
//! Each delivery is a POST of the stored JSON body, signed (see [`signature`] and
//! docs/webhooks.md): `X-Tend-Timestamp` is the Unix time of the attempt and `X-Tend-Signature`
//! is `v1=` and the lower-case hex HMAC-SHA256, keyed with the webhook's secret, of
//! `TIMESTAMP + "." + BODY`; `X-Tend-Delivery` names the delivery (the same on every attempt),
//! so a receiver can drop the rare second copy.

use std::time::Duration as StdDuration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tend_domain::access::Viewer;
use tend_domain::webhook::{RetrySchedule, parse_url};
use tend_domain::{DeliveryId, WebhookId};
use tend_store::{Delivery, DeliveryOutcome, DueDelivery, Webhook};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use crate::accounts::SHOW_SECRET_WITHIN;
use crate::secrets::new_token;
use crate::{App, Error, Result};

/// The prefix of webhook secrets, so a leaked one is recognisable.
pub const WEBHOOK_SECRET_PREFIX: &str = "whsec_";
/// How long one delivery may take, from connecting to the end of the answer.
pub const REQUEST_TIMEOUT: StdDuration = StdDuration::from_secs(10);
/// Most deliveries claimed (and sent at once) per round.
pub const BATCH: u32 = 20;
/// How long a claim holds its rows: well past [`REQUEST_TIMEOUT`], so a row is never taken over
/// while it is still being sent; if its process died, another sends it once this has passed.
pub const LEASE: time::Duration = time::Duration::minutes(2);
/// Most deliveries the admin page lists.
pub const ATTENTION_LIMIT: u32 = 100;
/// Longest part of a receiver's answer kept with a failure.
const ANSWER_EXCERPT_BYTES: usize = 300;

/// A webhook just added, with its secret: shown this once.
#[derive(Debug, Clone)]
pub struct NewWebhook {
    pub webhook: Webhook,
    pub secret: String,
}

/// `v1=` and the lower-case hex HMAC-SHA256, keyed with `secret`, of `"{timestamp}.{body}"`: the
/// value of `X-Tend-Signature`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut text = String::with_capacity(3 + 2 * digest.len());
    text.push_str("v1=");
    for byte in digest {
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

/// The HTTP client deliveries go out with: no redirects followed (a POST that is redirected is
/// a receiver misconfigured, and following it could post the body somewhere unintended), a
/// timeout per request, and a user agent that says who is calling.
pub fn webhook_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(REQUEST_TIMEOUT)
        .user_agent(concat!("Tend-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

impl App {
    fn may_manage_webhooks(viewer: &Viewer) -> Result<()> {
        if viewer.may_moderate_recognition() {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    /// Adds a webhook (admins). Its secret is returned this once; deliveries are signed with it.
    pub async fn add_webhook(&self, viewer: &Viewer, url: &str) -> Result<NewWebhook> {
        Self::may_manage_webhooks(viewer)?;
        let url = parse_url(url)?;
        let secret = new_token(WEBHOOK_SECRET_PREFIX);
        let webhook = self
            .store
            .create_webhook(&url, &secret, viewer.actor())
            .await?;
        Ok(NewWebhook { webhook, secret })
    }

    /// The webhook a secret brought back to the page belongs to, if it was just added: what the
    /// admin page checks before showing a secret once.
    pub async fn new_webhook_to_show(
        &self,
        viewer: &Viewer,
        secret: &str,
    ) -> Result<Option<NewWebhook>> {
        Self::may_manage_webhooks(viewer)?;
        let webhook = self.store.new_webhook(secret, SHOW_SECRET_WITHIN).await?;
        Ok(webhook.map(|webhook| NewWebhook {
            webhook,
            secret: secret.to_owned(),
        }))
    }

    /// Every webhook (admins), without secrets.
    pub async fn webhooks(&self, viewer: &Viewer) -> Result<Vec<Webhook>> {
        Self::may_manage_webhooks(viewer)?;
        Ok(self.store.webhooks().await?)
    }

    /// One webhook (admins): what the page that asks before deleting names.
    pub async fn webhook(&self, viewer: &Viewer, id: WebhookId) -> Result<Webhook> {
        Self::may_manage_webhooks(viewer)?;
        self.store.webhook(id).await?.ok_or(Error::NotFound)
    }

    /// Deletes a webhook and its deliveries, sent or not (admins).
    pub async fn delete_webhook(&self, viewer: &Viewer, id: WebhookId) -> Result<()> {
        Self::may_manage_webhooks(viewer)?;
        Ok(self.store.delete_webhook(id).await?)
    }

    /// Deliveries given up or waiting for a retry after a failure, the most recent first
    /// (admins).
    pub async fn deliveries_needing_attention(&self, viewer: &Viewer) -> Result<Vec<Delivery>> {
        Self::may_manage_webhooks(viewer)?;
        Ok(self
            .store
            .deliveries_needing_attention(ATTENTION_LIMIT)
            .await?)
    }

    /// Sends a delivery that failed again, now (admins). One already delivered is "not found".
    pub async fn retry_delivery(&self, viewer: &Viewer, id: DeliveryId) -> Result<()> {
        Self::may_manage_webhooks(viewer)?;
        Ok(self.store.retry_delivery(id).await?)
    }

    /// Sends what is due in the outbox, on the standard retry schedule. Returns how many
    /// deliveries were attempted.
    pub async fn deliver_due(&self, client: &reqwest::Client) -> Result<usize> {
        self.deliver_due_with(client, &RetrySchedule::STANDARD)
            .await
    }

    /// Sends what is due: claims up to [`BATCH`] deliveries, posts them at once, and records each
    /// outcome (delivered; failed and due again on `schedule`; or given up). Returns how many
    /// were attempted.
    pub async fn deliver_due_with(
        &self,
        client: &reqwest::Client,
        schedule: &RetrySchedule,
    ) -> Result<usize> {
        let claim = new_token("claim_");
        let due = self
            .store
            .claim_due_deliveries(BATCH, LEASE, &claim)
            .await?;
        let attempted = due.len();
        let mut sending = JoinSet::new();
        for delivery in due {
            let (app, client, claim, schedule) =
                (self.clone(), client.clone(), claim.clone(), *schedule);
            sending.spawn(async move { app.deliver(&client, &claim, &schedule, delivery).await });
        }
        let mut first_error = None;
        while let Some(joined) = sending.join_next().await {
            let result =
                joined.map_err(|e| Error::internal(crate::error::TaskFailed(e.to_string())));
            if let Err(error) = result.and_then(|r| r) {
                first_error.get_or_insert(error);
            }
        }
        match first_error {
            Some(error) => Err(error),
            None => Ok(attempted),
        }
    }

    /// One attempt at one claimed delivery, and its outcome recorded.
    async fn deliver(
        &self,
        client: &reqwest::Client,
        claim: &str,
        schedule: &RetrySchedule,
        delivery: DueDelivery,
    ) -> Result<()> {
        let timestamp = self.now().unix();
        let sent = client
            .post(&delivery.url)
            .timeout(REQUEST_TIMEOUT)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("X-Tend-Delivery", delivery.id.to_string())
            .header("X-Tend-Timestamp", timestamp.to_string())
            .header(
                "X-Tend-Signature",
                signature(&delivery.secret, timestamp, &delivery.body),
            )
            .body(delivery.body.clone())
            .send()
            .await;
        let answered: std::result::Result<u16, (Option<u16>, String)> = match sent {
            Ok(response) if response.status().is_success() => Ok(response.status().as_u16()),
            Ok(response) => {
                let status = response.status();
                let excerpt = answer_excerpt(response).await;
                let mut error = format!("the receiver answered {status}");
                if !excerpt.is_empty() {
                    error.push_str(": ");
                    error.push_str(&excerpt);
                }
                Err((Some(status.as_u16()), error))
            }
            Err(error) => Err((None, describe(&error))),
        };
        let attempts = u32::try_from(delivery.attempts.saturating_add(1)).unwrap_or(u32::MAX);
        let outcome = match answered {
            Ok(status) => DeliveryOutcome::Delivered { status },
            Err((status, error)) => match schedule.next_attempt_after(attempts) {
                Some(wait) => DeliveryOutcome::Retry {
                    at: self.now() + wait,
                    status,
                    error,
                },
                None => DeliveryOutcome::Failed { status, error },
            },
        };
        match &outcome {
            DeliveryOutcome::Delivered { .. } => tracing::debug!(
                delivery = delivery.id.0,
                webhook = delivery.webhook_id.0,
                "webhook delivered"
            ),
            DeliveryOutcome::Retry { at, error, .. } => tracing::warn!(
                delivery = delivery.id.0,
                webhook = delivery.webhook_id.0,
                attempts,
                retry_at = %at,
                error,
                "webhook delivery failed; will retry"
            ),
            DeliveryOutcome::Failed { error, .. } => tracing::warn!(
                delivery = delivery.id.0,
                webhook = delivery.webhook_id.0,
                attempts,
                error,
                "webhook delivery failed; given up"
            ),
        }
        let recorded = self
            .store
            .finish_delivery(delivery.id, claim, &outcome)
            .await?;
        if !recorded {
            tracing::warn!(
                delivery = delivery.id.0,
                "a webhook delivery's claim was gone when its outcome came (deleted, or the lease ran out)"
            );
        }
        Ok(())
    }
}

/// The start of a receiver's answer to a failed delivery, as text on one line: what it said is
/// often the best clue (`invalid_token`, `no_service`).
async fn answer_excerpt(mut response: reqwest::Response) -> String {
    let mut bytes = Vec::new();
    while bytes.len() < ANSWER_EXCERPT_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    bytes.truncate(ANSWER_EXCERPT_BYTES);
    let text = String::from_utf8_lossy(&bytes);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why a request got no answer, in words an admin can act on.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return format!("no answer within {} seconds", REQUEST_TIMEOUT.as_secs());
    }
    let mut text = if error.is_connect() {
        "could not connect".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// How the background delivery runs: how often it looks for due deliveries, and the retry
/// schedule (tests shorten it).
#[derive(Debug, Clone)]
pub struct DeliveryOptions {
    pub every: StdDuration,
    pub schedule: RetrySchedule,
}

impl Default for DeliveryOptions {
    fn default() -> Self {
        Self {
            every: StdDuration::from_secs(1),
            schedule: RetrySchedule::STANDARD,
        }
    }
}

/// The background task that sends due webhook deliveries, every second by default, in every
/// `tend serve` process (the claims keep them from sending a delivery twice). Dropping it stops
/// it too, after the round under way.
pub struct DeliveryLoop {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl DeliveryLoop {
    /// Starts sending for `app` in the background.
    pub fn spawn(app: App, options: DeliveryOptions) -> Self {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let client = webhook_client();
            let mut interval = tokio::time::interval(options.every);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = stopped.changed() => break,
                    _ = interval.tick() => {}
                }
                // A full batch means more may be due: go on at once, unless asked to stop.
                loop {
                    match app.deliver_due_with(&client, &options.schedule).await {
                        Ok(attempted) if attempted == BATCH as usize && !*stopped.borrow() => {}
                        Ok(_) => break,
                        Err(error) => {
                            tracing::warn!(error = %error.chain(), "could not send webhook deliveries");
                            break;
                        }
                    }
                }
            }
        });
        Self { stop, task }
    }

    /// Stops after the deliveries under way (each ends within [`REQUEST_TIMEOUT`]) are recorded.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_timestamp_dot_body() {
        // The same as Python's
        // hmac.new(b"whsec_test", b'1764063000.{"text":"Hello"}', hashlib.sha256).hexdigest()
        assert_eq!(
            signature("whsec_test", 1_764_063_000, r#"{"text":"Hello"}"#),
            "v1=6adc02017d5f69d8c12ac61ce498598a04ac71925e6c742c7f937d8528071fa3"
        );
        // Any change to the body, the time or the key changes it.
        assert_ne!(
            signature("whsec_test", 1_764_063_000, r#"{"text":"Hello!"}"#),
            signature("whsec_test", 1_764_063_000, r#"{"text":"Hello"}"#)
        );
        assert_ne!(
            signature("whsec_test", 1_764_063_001, r#"{"text":"Hello"}"#),
            signature("whsec_test", 1_764_063_000, r#"{"text":"Hello"}"#)
        );
        assert_ne!(
            signature("whsec_other", 1_764_063_000, r#"{"text":"Hello"}"#),
            signature("whsec_test", 1_764_063_000, r#"{"text":"Hello"}"#)
        );
    }
}
