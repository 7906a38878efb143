//! Outgoing webhooks (admins): each public recognition is posted to every webhook, signed with
//! the webhook's secret (docs/webhooks.md).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tend_app::{NewWebhook, Webhook};
use tend_domain::{PersonId, Timestamp, WebhookId};
use utoipa::ToSchema;

use super::extract::{Json, Path};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;

/// A webhook; its secret is in the answer that adds it, and nowhere else.
#[derive(Serialize, ToSchema)]
pub struct WebhookOut {
    pub id: WebhookId,
    pub url: String,
    /// The admin who added it; null when they were erased or it was added from the command line.
    #[schema(required = true)]
    pub created_by: Option<PersonId>,
    pub created_at: Timestamp,
}

impl From<&Webhook> for WebhookOut {
    fn from(webhook: &Webhook) -> Self {
        Self {
            id: webhook.id,
            url: webhook.url.clone(),
            created_by: webhook.created_by,
            created_at: webhook.created_at,
        }
    }
}

/// A webhook just added, with the secret its deliveries are signed with: shown this once.
#[derive(Serialize, ToSchema)]
pub struct NewWebhookOut {
    pub id: WebhookId,
    pub url: String,
    /// The HMAC-SHA256 key of `X-Tend-Signature`. Keep it; it is not shown again.
    pub secret: String,
    #[schema(required = true)]
    pub created_by: Option<PersonId>,
    pub created_at: Timestamp,
}

impl From<NewWebhook> for NewWebhookOut {
    fn from(new: NewWebhook) -> Self {
        Self {
            id: new.webhook.id,
            url: new.webhook.url,
            secret: new.secret,
            created_by: new.webhook.created_by,
            created_at: new.webhook.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WebhooksPage {
    pub items: Vec<WebhookOut>,
    /// Always null: every webhook fits on one page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhookIn {
    /// An absolute `http://` or `https://` address, such as a Slack or Mattermost incoming
    /// webhook's.
    #[schema(min_length = 1, max_length = 2000)]
    pub url: String,
}

/// Every webhook (admins), without secrets.
#[utoipa::path(get, path = "/api/v1/webhooks", operation_id = "list_webhooks", tag = "webhooks",
    responses((status = 200, body = WebhooksPage)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<axum::Json<WebhooksPage>, ApiError> {
    let webhooks = state.app.webhooks(&user.viewer).await?;
    Ok(axum::Json(WebhooksPage {
        items: webhooks.iter().map(WebhookOut::from).collect(),
        next_cursor: None,
    }))
}

/// Adds a webhook (admins): every public recognition from now on is posted to it as JSON that
/// Slack and Mattermost incoming webhooks accept, signed with the `secret` in the answer.
#[utoipa::path(post, path = "/api/v1/webhooks", operation_id = "create_webhook", tag = "webhooks",
    request_body = NewWebhookIn, responses((status = 201, body = NewWebhookOut)))]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewWebhookIn>,
) -> Result<(StatusCode, axum::Json<NewWebhookOut>), ApiError> {
    let new = state.app.add_webhook(&user.viewer, &body.url).await?;
    Ok((StatusCode::CREATED, axum::Json(NewWebhookOut::from(new))))
}

/// Deletes a webhook and its deliveries, sent or not (admins).
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", operation_id = "delete_webhook", tag = "webhooks",
    params(("id" = WebhookId, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<WebhookId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_webhook(&user.viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
