//! Signing in and out, and setting a password from a one-time invite link.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tend_domain::password::check_new_password;

use super::{Layout, Path, render, render_status};
use crate::auth::login::{LoginOutcome, attempt, client_address};
use crate::auth::tokens::hash_token;
use crate::auth::{CsrfToken, passwords, session};
use crate::error::{AppError, PageError, wait_in_words};
use crate::forms::FormErrors;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/invite/{token}", get(invite_page).post(accept_invite))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    errors: FormErrors,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> Result<Response, PageError> {
    let next = session::safe_next(query.next.as_deref());
    if session::current(&state, &jar).await?.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    render(&LoginPage {
        layout: Layout::new("Sign in", "", None, &csrf),
        email: String::new(),
        next,
        errors: FormErrors::none(),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = session::safe_next(form.next.as_deref());
    let again = |status: StatusCode, message: String| -> Result<Response, PageError> {
        let page = LoginPage {
            layout: Layout::new("Sign in", "", None, &csrf),
            email: form.email.clone(),
            next: next.clone(),
            errors: FormErrors::general(message),
        };
        render_status(&page, status)
    };
    let forwarded_for = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let address = client_address(peer.ip(), forwarded_for, &state.config.trusted_proxies);
    match attempt(&state.store, &form.email, &form.password, address).await? {
        LoginOutcome::SignedIn(person) => {
            let cookie = session::start(&state, person).await?;
            Ok((jar.add(cookie), Redirect::to(&next)).into_response())
        }
        LoginOutcome::WrongCredentials => again(
            StatusCode::UNAUTHORIZED,
            "That email and password do not match an account.".into(),
        ),
        LoginOutcome::Throttled { retry_after_secs } => {
            let mut response = again(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Too many failed sign-ins. Try again in {}.",
                    wait_in_words(retry_after_secs)
                ),
            )?;
            if let Ok(value) = retry_after_secs.to_string().parse() {
                response
                    .headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, value);
            }
            Ok(response)
        }
    }
}

async fn logout(State(state): State<AppState>, jar: CookieJar) -> Result<Response, PageError> {
    if let Some(signed_in) = session::current(&state, &jar).await? {
        state.store.delete_session(&signed_in.token_hash).await?;
    }
    Ok((
        jar.add(session::removal(state.config.secure_cookies)),
        Redirect::to("/login"),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    layout: Layout,
    name: String,
    email: String,
    token: String,
    errors: FormErrors,
}

async fn invite_page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let person = state
        .store
        .invite_person(&hash_token(&token))
        .await?
        .ok_or(invite_gone())?;
    render(&InvitePage {
        layout: Layout::new("Set your password", "", None, &csrf),
        name: person.name,
        email: person.email.to_string(),
        token,
        errors: FormErrors::none(),
    })
}

fn invite_gone() -> PageError {
    PageError(AppError::Conflict(
        "This invite link was already used or has expired. Ask an admin for a new one.".into(),
    ))
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

async fn accept_invite(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(token): Path<String>,
    jar: CookieJar,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let token_hash = hash_token(&token);
    let person = state
        .store
        .invite_person(&token_hash)
        .await?
        .ok_or(invite_gone())?;
    let problem = check_new_password(&form.password)
        .err()
        .map(|e| FormErrors::from(vec![e]))
        .or_else(|| {
            (form.password != form.confirm).then(|| {
                FormErrors::from(vec![tend_domain::FieldError::new(
                    "confirm",
                    "does not match the password",
                )])
            })
        });
    if let Some(errors) = problem {
        let page = InvitePage {
            layout: Layout::new("Set your password", "", None, &csrf),
            name: person.name,
            email: person.email.to_string(),
            token,
            errors,
        };
        return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let hash = passwords::hash(form.password).await?;
    let person = state
        .store
        .redeem_invite(&token_hash, &hash)
        .await?
        .ok_or(invite_gone())?;
    let cookie = session::start(&state, person.id).await?;
    Ok((jar.add(cookie), Redirect::to("/")).into_response())
}
