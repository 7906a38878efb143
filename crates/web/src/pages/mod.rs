//! Server-rendered pages. Every page works without JavaScript; htmx swaps fragments in place
//! where it helps (live search, in-place profile edits, the person picker).

mod account;
mod align;
mod confirm;
mod fairness;
mod flash;
mod growth;
mod home;
mod instruments;
mod one_on_ones;
mod org;
mod people;
mod picker;
mod profile;
mod recognitions;
mod settings;
mod survey_results;
mod surveys;
mod teams;
mod webhooks;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::assets::ASSET_VERSION;
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .merge(account::routes())
        .merge(home::routes())
        .merge(people::routes())
        .merge(picker::routes())
        .merge(profile::routes())
        .merge(org::routes())
        .merge(one_on_ones::routes())
        .merge(one_on_ones::public_routes())
        .merge(teams::routes())
        .merge(recognitions::routes())
        .merge(settings::routes())
        .merge(webhooks::routes())
        .merge(align::routes())
        .merge(growth::routes())
        .merge(fairness::routes())
        .merge(surveys::routes())
        .merge(survey_results::routes())
        .merge(instruments::routes())
}

/// The signed-in person as the page header shows them.
pub struct NavUser {
    pub id: tend_domain::PersonId,
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
                id: u.person().id,
                name: u.person().name.clone(),
            }),
            csrf: csrf.0.clone(),
            nav,
            asset_version: ASSET_VERSION,
        }
    }
}

pub fn render(template: &impl Template) -> Result<Response, PageError> {
    render_status(template, StatusCode::OK)
}

/// Renders with a status other than 200, e.g. a form shown again after it failed validation.
/// Pages can carry private content, so no cache keeps them; and a page and its htmx fragment
/// share a URL, so caches must tell them apart.
pub fn render_status(template: &impl Template, status: StatusCode) -> Result<Response, PageError> {
    let mut response = (status, Html(template.render()?)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::VARY, HeaderValue::from_static("HX-Request"));
    Ok(response)
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

/// A query string whose rejection is an HTML error page.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(PageError))]
pub struct Query<T>(pub T);

/// The end of a form submit: on success go to `target` (303, so a reload does not send the form
/// again); otherwise show the form again with its messages (422). Errors that are not about the
/// form's fields become an error page.
pub fn after_submit<T: Template>(
    outcome: Result<String, tend_app::Error>,
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

/// A redirect after a POST that changed something.
pub fn see(target: impl AsRef<str>) -> Response {
    Redirect::to(target.as_ref()).into_response()
}

/// True when htmx asked for a fragment rather than a whole page.
pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request") && !headers.contains_key("hx-history-restore-request")
}
