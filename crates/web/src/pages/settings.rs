//! A person's settings: change password, and personal API tokens (create, list, revoke). Creating
//! a token answers 303 (a reload creates nothing) and the page it leads to shows the secret once
//! (`flash`); revoking one asks first.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tend_app::ApiToken;
use tend_app::PersonRef;
use tend_domain::ApiTokenId;

use super::confirm::ConfirmPage;
use super::flash::NEW_TOKEN;
use super::{Layout, Path, form_status, render, render_status, see};
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
        .get("/settings/tokens/{id}/revoke", confirm_revoke_token)
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
    /// Admins get links to the organisation's settings (webhooks).
    administers: bool,
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
        administers: user.viewer().may_moderate_recognition(),
    };
    render_status(&page, status)
}

/// The settings page; right after creating a token, with its secret, this once.
async fn settings(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let config = &state.config;
    let brought = NEW_TOKEN.get(&jar, config);
    let new_token = match &brought {
        Some(secret) => state
            .app
            .new_api_token_to_show(&user.viewer(), secret)
            .await?
            .map(|created| created.secret),
        None => None,
    };
    let outcome = Outcome {
        new_token,
        ..Outcome::default()
    };
    let mut response = page(&state, &user, &csrf, outcome).await?;
    if brought.is_some() {
        NEW_TOKEN.clear(&mut response, config, "/settings");
    }
    Ok(response)
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

/// Creates a token and goes back to the settings page (303, so a reload creates no second one),
/// which shows its secret this once; only its hash is kept.
async fn create_token(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    match state
        .app
        .create_api_token(&viewer, &PersonRef::Id(viewer.id), &form.token_name)
        .await
    {
        Ok(created) => {
            let mut response = see("/settings");
            NEW_TOKEN.put(&mut response, &state.config, "/settings", &created.secret);
            Ok(response)
        }
        Err(error) => {
            let outcome = Outcome {
                token_name: form.token_name,
                errors: form_errors(error)?.renamed("name", "token_name"),
                ..Outcome::default()
            };
            page(&state, &user, &csrf, outcome).await
        }
    }
}

/// Asks before revoking a token.
async fn confirm_revoke_token(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<ApiTokenId>,
) -> Result<Response, PageError> {
    let token = state
        .app
        .confirm_revoke_api_token(&user.viewer(), id)
        .await?;
    let used = token.last_used_at.map_or_else(
        || "It has never been used.".to_owned(),
        |used| format!("It was last used on {}.", used.date()),
    );
    render(&ConfirmPage {
        layout: Layout::new(
            format!("Revoke the token “{}”?", token.name),
            "settings",
            Some(&user),
            &csrf,
        ),
        consequences: vec![
            format!(
                "Every script or tool that sends it stops working at once, with \
                 “401 Unauthorized”. {used}"
            ),
            "This cannot be undone: a revoked token never works again. Create a new one if \
             you need one."
                .to_owned(),
        ],
        action: format!("/settings/tokens/{id}/revoke"),
        button: "Revoke token".to_owned(),
        cancel: "/settings".to_owned(),
    })
}

async fn revoke_token(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<ApiTokenId>,
) -> Result<Response, PageError> {
    state.app.revoke_api_token(&user.viewer(), id).await?;
    Ok(see("/settings"))
}
