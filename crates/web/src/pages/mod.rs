//! Server-rendered pages. Every page works without JavaScript; htmx swaps fragments in place
//! where it helps (live search, in-place profile edits).

mod account;
mod home;
mod org;
mod people;
mod profile;
mod settings;
mod teams;

use askama::Template;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::assets::ASSET_VERSION;
use crate::auth::{CsrfToken, SignedIn};
use crate::error::{AppError, PageError};
use crate::forms::{FormErrors, form_errors};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(account::routes())
        .merge(home::routes())
        .merge(people::routes())
        .merge(profile::routes())
        .merge(org::routes())
        .merge(teams::routes())
        .merge(settings::routes())
}

/// The signed-in person as the page header shows them.
pub struct NavUser {
    pub id: i64,
    pub name: String,
}

/// What `base.html` needs on every page.
pub struct Layout {
    pub title: String,
    pub user: Option<NavUser>,
    pub csrf: String,
    /// Which main navigation entry is current.
    pub nav: &'static str,
    pub asset_version: &'static str,
}

impl Layout {
    pub fn new(
        title: impl Into<String>,
        nav: &'static str,
        user: Option<&SignedIn>,
        csrf: &CsrfToken,
    ) -> Self {
        Self {
            title: title.into(),
            user: user.map(|u| NavUser {
                id: u.person.id,
                name: u.person.name.clone(),
            }),
            csrf: csrf.0.clone(),
            nav,
            asset_version: ASSET_VERSION,
        }
    }
}

pub fn render(template: &impl Template) -> Result<Response, PageError> {
    Ok(Html(template.render()?).into_response())
}

/// Renders with a status other than 200, e.g. a form shown again after it failed validation.
pub fn render_status(template: &impl Template, status: StatusCode) -> Result<Response, PageError> {
    Ok((status, Html(template.render()?)).into_response())
}

/// 422 for a form shown again with messages, 200 otherwise.
pub fn form_status(errors: &FormErrors) -> StatusCode {
    if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

/// A path parameter whose rejection (`/people/abc`) is an HTML error page, not plain text.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(PageError))]
pub struct Path<T>(pub T);

/// The end of a form submit: on success go to `target`; otherwise show the form again with its
/// messages (422). Errors that are not about the form's fields become an error page.
pub fn after_submit<T: Template>(
    outcome: Result<String, AppError>,
    form_again: impl FnOnce(FormErrors) -> T,
) -> Result<Response, PageError> {
    match outcome {
        Ok(target) => Ok(Redirect::to(&target).into_response()),
        Err(error) => render_status(
            &form_again(form_errors(error)?),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}

/// True when htmx asked for a fragment rather than a whole page.
pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request") && !headers.contains_key("hx-history-restore-request")
}
