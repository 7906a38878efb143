//! A person's settings: change password, and personal API tokens (create, list, revoke).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use tend_domain::FieldError;
use tend_domain::password::check_new_password;
use tend_domain::text::{NAME_MAX_CHARS, required_line};
use tend_store::ApiToken;

use super::{Layout, Path, form_status, render_status};
use crate::auth::tokens::{hash_token, new_token};
use crate::auth::{CsrfToken, SignedIn, passwords};
use crate::error::PageError;
use crate::forms::FormErrors;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/settings", get(settings))
        .route("/settings/password", post(change_password))
        .route("/settings/tokens", post(create_token))
        .route("/settings/tokens/{id}/revoke", post(revoke_token))
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

struct Outcome {
    new_token: Option<String>,
    token_name: String,
    password_changed: bool,
    errors: FormErrors,
}

impl Outcome {
    fn none() -> Self {
        Self {
            new_token: None,
            token_name: String::new(),
            password_changed: false,
            errors: FormErrors::none(),
        }
    }
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
        tokens: state.store.api_tokens_of(user.person.id).await?,
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
    page(&state, &user, &csrf, Outcome::none()).await
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
    let stored = state.store.password_hash(user.person.id).await?;
    let current_ok = passwords::verify(form.current_password.clone(), stored).await?;
    let mut errors = Vec::new();
    if !current_ok {
        errors.push(FieldError::new(
            "current_password",
            "is not your current password",
        ));
    }
    if let Err(mut error) = check_new_password(&form.new_password) {
        error.field = "new_password";
        errors.push(error);
    }
    if form.new_password != form.confirm {
        errors.push(FieldError::new(
            "confirm",
            "does not match the new password",
        ));
    }
    if !errors.is_empty() {
        return page(
            &state,
            &user,
            &csrf,
            Outcome {
                errors: errors.into(),
                ..Outcome::none()
            },
        )
        .await;
    }
    let hash = passwords::hash(form.new_password).await?;
    state.store.set_password_hash(user.person.id, &hash).await?;
    state
        .store
        .delete_other_sessions(user.person.id, Some(&user.token_hash))
        .await?;
    page(
        &state,
        &user,
        &csrf,
        Outcome {
            password_changed: true,
            ..Outcome::none()
        },
    )
    .await
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
    let name = match required_line("token_name", &form.token_name, NAME_MAX_CHARS) {
        Ok(name) => name,
        Err(error) => {
            let outcome = Outcome {
                token_name: form.token_name,
                errors: vec![error].into(),
                ..Outcome::none()
            };
            return page(&state, &user, &csrf, outcome).await;
        }
    };
    let secret = new_token("tend_");
    state
        .store
        .create_api_token(user.person.id, &name, &hash_token(&secret))
        .await?;
    page(
        &state,
        &user,
        &csrf,
        Outcome {
            new_token: Some(secret),
            ..Outcome::none()
        },
    )
    .await
}

async fn revoke_token(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state.store.revoke_api_token(user.person.id, id).await?;
    Ok(Redirect::to("/settings").into_response())
}
