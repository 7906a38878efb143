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
    /// The next one-on-ones: meeting, who with, when on the viewer's clock.
    next_one_on_ones: Vec<(tend_domain::MeetingId, String, String)>,
}

async fn home(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let home = state.app.home(&viewer).await?;
    let zone = match user.person().profile.time_zone.as_str() {
        "" => "UTC",
        zone => zone,
    };
    let next_one_on_ones = home
        .next_one_on_ones
        .iter()
        .map(|(meeting, with, at)| {
            let when = tend_domain::one_on_one::schedule::wall_clock(*at, zone);
            (*meeting, with.clone(), when)
        })
        .collect();
    render(&HomePage {
        next_one_on_ones,
        home,
        unseen: state.app.unseen_account_events(&viewer).await?,
        layout: Layout::new("Home", "home", Some(&user), &csrf),
    })
}

/// The person has read what changed on their account.
async fn acknowledge(State(state): State<AppState>, user: SignedIn) -> Result<Response, PageError> {
    state.app.acknowledge_account_events(&user.viewer()).await?;
    Ok(super::see("/"))
}
