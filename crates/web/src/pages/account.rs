//! Signing in and out, and setting a password from a one-time invite link.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tend_app::SignInOutcome;

use super::{Layout, Path, Query, render, render_status};
use crate::auth::client::client_address;
use crate::auth::{CsrfToken, session};
use crate::error::{PageError, wait_in_words};
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/login", login_page)
        .post("/login", login)
        .post("/logout", logout)
        .get("/invite/{token}", invite_page)
        .post("/invite/{token}", accept_invite)
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
    headers: HeaderMap,
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
    match state
        .app
        .sign_in(&form.email, &form.password, address)
        .await?
    {
        SignInOutcome::SignedIn { session_token } => {
            let cookie = session::session_cookie(session_token, &state.config);
            Ok((jar.add(cookie), Redirect::to(&next)).into_response())
        }
        SignInOutcome::WrongCredentials => again(
            StatusCode::UNAUTHORIZED,
            "That email and password do not match an account.".into(),
        ),
        SignInOutcome::Throttled { retry_after_secs } => {
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
        state.app.sign_out(&signed_in.0).await?;
    }
    Ok((
        jar.add(session::removal(&state.config)),
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
    let person = state.app.invite(&token).await?;
    render(&InvitePage {
        layout: Layout::new("Set your password", "", None, &csrf),
        name: person.name,
        email: person.email.to_string(),
        token,
        errors: FormErrors::none(),
    })
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
    match state
        .app
        .accept_invite(&token, &form.password, &form.confirm)
        .await
    {
        Ok(session_token) => {
            let cookie = session::session_cookie(session_token, &state.config);
            Ok((jar.add(cookie), Redirect::to("/")).into_response())
        }
        Err(error) => {
            let errors = form_errors(error)?;
            let person = state.app.invite(&token).await?;
            let page = InvitePage {
                layout: Layout::new("Set your password", "", None, &csrf),
                name: person.name,
                email: person.email.to_string(),
                token,
                errors,
            };
            render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}
