use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use tend_app::Home;
use tend_domain::account::AccountEvent;

use super::{Layout, render};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/", home)
        .post("/account/acknowledge", acknowledge)
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    home: Home,
    /// Changes to the account the person has not seen yet (a password reset, say).
    unseen: Vec<AccountEvent>,
}

async fn home(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    render(&HomePage {
        home: state.app.home(&viewer).await?,
        unseen: state.app.unseen_account_events(&viewer).await?,
        layout: Layout::new("Home", "home", Some(&user), &csrf),
    })
}

/// The person has read what changed on their account.
async fn acknowledge(State(state): State<AppState>, user: SignedIn) -> Result<Response, PageError> {
    state.app.acknowledge_account_events(&user.viewer()).await?;
    Ok(super::see("/"))
}
