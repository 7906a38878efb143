//! A person's settings: change password, and personal API tokens (create, list, revoke).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use tend_app::PersonRef;
use tend_domain::ApiTokenId;
use tend_store::ApiToken;

use super::{Layout, Path, form_status, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/settings", settings)
        .post("/settings/password", change_password)
        .post("/settings/tokens", create_token)
        .post("/settings/tokens/{id}/revoke", revoke_token)
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    layout: Layout,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    token_name: String,
    password_changed: bool,
    errors: FormErrors,
}

#[derive(Default)]
struct Outcome {
    new_token: Option<String>,
    token_name: String,
    password_changed: bool,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    outcome: Outcome,
) -> Result<Response, PageError> {
    let status = form_status(&outcome.errors);
    let page = SettingsPage {
        layout: Layout::new("Settings", "settings", Some(user), csrf),
        tokens: state.app.api_tokens(&user.viewer()).await?,
        new_token: outcome.new_token,
        token_name: outcome.token_name,
        password_changed: outcome.password_changed,
        errors: outcome.errors,
    };
    render_status(&page, status)
}

async fn settings(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    page(&state, &user, &csrf, Outcome::default()).await
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

/// Changes the password and ends the person's other sessions.
async fn change_password(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let outcome = match state
        .app
        .change_password(
            &user.0,
            &form.current_password,
            &form.new_password,
            &form.confirm,
        )
        .await
    {
        Ok(()) => Outcome {
            password_changed: true,
            ..Outcome::default()
        },
        Err(error) => Outcome {
            errors: form_errors(error)?,
            ..Outcome::default()
        },
    };
    page(&state, &user, &csrf, outcome).await
}

#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    token_name: String,
}

/// Creates a token and shows its secret this once; only its hash is kept.
async fn create_token(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let outcome = match state
        .app
        .create_api_token(&viewer, &PersonRef::Id(viewer.id), &form.token_name)
        .await
    {
        Ok(created) => Outcome {
            new_token: Some(created.secret),
            ..Outcome::default()
        },
        Err(error) => Outcome {
            token_name: form.token_name,
            errors: form_errors(error)?.renamed("name", "token_name"),
            ..Outcome::default()
        },
    };
    page(&state, &user, &csrf, outcome).await
}

async fn revoke_token(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<ApiTokenId>,
) -> Result<Response, PageError> {
    state.app.revoke_api_token(&user.viewer(), id).await?;
    Ok(see("/settings"))
}
