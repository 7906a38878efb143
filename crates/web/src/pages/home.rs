use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use tend_app::Home;

use super::{Layout, render};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new().get("/", home)
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    home: Home,
}

async fn home(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    render(&HomePage {
        home: state.app.home(&user.viewer()).await?,
        layout: Layout::new("Home", "home", Some(&user), &csrf),
    })
}
