//! The admin page of outgoing webhooks: the webhooks public recognition is posted to, a form to
//! add one (its secret shown once, on the page the 303 leads to, as `flash` does for API
//! tokens), deleting one after asking, and the deliveries that failed or wait for a retry, each
//! with "Retry now".

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tend_app::{Webhook, WebhookDelivery};
use tend_domain::webhook::DeliveryStatus;
use tend_domain::{DeliveryId, WebhookId};

use super::confirm::ConfirmPage;
use super::flash::NEW_WEBHOOK_SECRET;
use super::{Layout, Path, form_status, render, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;
use crate::state::AppState;

const PAGE: &str = "/settings/webhooks";

pub fn routes() -> Routes {
    Routes::new()
        .get("/settings/webhooks", webhooks)
        .post("/settings/webhooks", add_webhook)
        .get("/settings/webhooks/{id}/delete", confirm_delete)
        .post("/settings/webhooks/{id}/delete", delete_webhook)
        .post("/settings/webhook-deliveries/{id}/retry", retry_delivery)
}

/// A delivery as the page lists it.
struct DeliveryRow {
    id: DeliveryId,
    url: String,
    failed: bool,
    status: &'static str,
    attempts: i64,
    /// What the receiver answered, or why there was no answer.
    last_error: String,
    next_attempt: String,
    updated: String,
}

impl From<&WebhookDelivery> for DeliveryRow {
    fn from(d: &WebhookDelivery) -> Self {
        Self {
            id: d.id,
            url: d.url.clone(),
            failed: d.status == DeliveryStatus::Failed,
            status: d.status.label(),
            attempts: d.attempts,
            last_error: d.last_error.clone(),
            next_attempt: d.next_attempt_at.human(),
            updated: d.updated_at.human(),
        }
    }
}

#[derive(Template)]
#[template(path = "webhooks.html")]
struct WebhooksPage {
    layout: Layout,
    webhooks: Vec<Webhook>,
    deliveries: Vec<DeliveryRow>,
    /// Right after adding one: its address and secret, this once.
    new_webhook: Option<(String, String)>,
    url: String,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    new_webhook: Option<(String, String)>,
    url: String,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let status = form_status(&errors);
    let page = WebhooksPage {
        layout: Layout::new("Webhooks", "settings", Some(user), csrf),
        webhooks: state.app.webhooks(&viewer).await?,
        deliveries: state
            .app
            .deliveries_needing_attention(&viewer)
            .await?
            .iter()
            .map(DeliveryRow::from)
            .collect(),
        new_webhook,
        url,
        errors,
    };
    render_status(&page, status)
}

/// The webhooks page; right after adding one, with its secret, this once.
async fn webhooks(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let config = &state.config;
    let brought = NEW_WEBHOOK_SECRET.get(&jar, config);
    let new_webhook = match &brought {
        Some(secret) => state
            .app
            .new_webhook_to_show(&user.viewer(), secret)
            .await?
            .map(|new| (new.webhook.url, new.secret)),
        None => None,
    };
    let mut response = page(
        &state,
        &user,
        &csrf,
        new_webhook,
        String::new(),
        FormErrors::none(),
    )
    .await?;
    if brought.is_some() {
        NEW_WEBHOOK_SECRET.clear(&mut response, config, PAGE);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct WebhookForm {
    #[serde(default)]
    url: String,
}

/// Adds a webhook and goes back to the page (303, so a reload adds no second one), which shows
/// its secret this once.
async fn add_webhook(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<WebhookForm>,
) -> Result<Response, PageError> {
    match state.app.add_webhook(&user.viewer(), &form.url).await {
        Ok(new) => {
            let mut response = see(PAGE);
            NEW_WEBHOOK_SECRET.put(&mut response, &state.config, PAGE, &new.secret);
            Ok(response)
        }
        Err(error) => {
            let errors = form_errors(error)?;
            page(&state, &user, &csrf, None, form.url, errors).await
        }
    }
}

/// Asks before deleting a webhook.
async fn confirm_delete(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<WebhookId>,
) -> Result<Response, PageError> {
    let webhook = state.app.webhook(&user.viewer(), id).await?;
    render(&ConfirmPage {
        layout: Layout::new("Delete this webhook?", "settings", Some(&user), &csrf),
        consequences: vec![
            format!(
                "Public recognition will no longer be posted to {}.",
                webhook.url
            ),
            "Deliveries to it that are still waiting or failed are dropped. This cannot be \
             undone: add the address again to get a webhook with a new secret."
                .to_owned(),
        ],
        action: format!("/settings/webhooks/{id}/delete"),
        button: "Delete webhook".to_owned(),
        cancel: PAGE.to_owned(),
    })
}

async fn delete_webhook(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<WebhookId>,
) -> Result<Response, PageError> {
    state.app.delete_webhook(&user.viewer(), id).await?;
    Ok(see(PAGE))
}

/// Makes a delivery due now; the background sender picks it up within a second or so.
async fn retry_delivery(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<DeliveryId>,
) -> Result<Response, PageError> {
    state.app.retry_delivery(&user.viewer(), id).await?;
    Ok(see(PAGE))
}
