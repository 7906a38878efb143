use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use tend_domain::person::Person;
use tend_domain::team::Team;

use super::{Layout, render};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    me: Person,
    manager: Option<Person>,
    reports: Vec<Person>,
    teams: Vec<Team>,
    people_count: Option<i64>,
}

async fn home(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    let store = &state.store;
    let me = user.person.clone();
    let manager = match me.manager_id {
        Some(id) => store.person(id).await?.filter(|m| !m.is_archived()),
        None => None,
    };
    let people_count = if user.viewer().may_administer() {
        Some(store.count_people().await?)
    } else {
        None
    };
    render(&HomePage {
        layout: Layout::new("Home", "home", Some(&user), &csrf),
        reports: store.direct_reports(me.id).await?,
        teams: store.teams_of(me.id).await?,
        me,
        manager,
        people_count,
    })
}
