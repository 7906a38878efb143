//! The directory (search, filter by team, paging), a person's page, and what admins do to
//! people: create, edit, archive, restore and invite.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use tend_domain::access::Viewer;
use tend_domain::pagination::{Cursor, DEFAULT_PAGE_SIZE};
use tend_domain::person::{Person, PersonDraft, PersonInput, Role};
use tend_domain::team::Team;

use tend_store::{ArchivedFilter, PeopleQuery};
use time::{Duration, OffsetDateTime};

use super::{Layout, Path, after_submit, is_htmx, render};
use crate::auth::tokens::{hash_token, new_token};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::{AppError, PageError};
use crate::forms::{FormErrors, both, person_by_email};
use crate::state::AppState;

pub const INVITE_LIFETIME: Duration = Duration::days(7);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/people", get(list).post(create))
        .route("/people/new", get(new_form))
        .route("/people/{id}", get(show).post(update))
        .route("/people/{id}/edit", get(edit_form))
        .route("/people/{id}/archive", post(archive))
        .route("/people/{id}/restore", post(restore))
        .route("/people/{id}/invite", post(invite))
}

// ---- directory ----

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    archived: String,
    #[serde(default)]
    cursor: String,
}

#[derive(Template)]
#[template(path = "people/list.html")]
struct ListPage {
    layout: Layout,
    q: String,
    team: String,
    archived: String,
    /// Id and name of every active team, for the filter.
    teams: Vec<(i64, String)>,
    is_admin: bool,
    results: Results,
}

#[derive(Template)]
#[template(path = "people/results.html")]
struct Results {
    people: Vec<Person>,
    next_url: Option<String>,
    first_url: Option<String>,
    error: Option<String>,
}

fn list_url(query: &ListQuery, cursor: Option<&Cursor>) -> String {
    let mut params = vec![
        ("q", query.q.clone()),
        ("team", query.team.clone()),
        ("archived", query.archived.clone()),
    ];
    if let Some(cursor) = cursor {
        params.push(("cursor", cursor.encode()));
    }
    params.retain(|(_, v)| !v.is_empty());
    format!(
        "/people?{}",
        serde_urlencoded::to_string(params).unwrap_or_default()
    )
}

async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let results = results(&state, &viewer, &query).await?;
    if is_htmx(&headers)
        && headers
            .get("hx-target")
            .is_some_and(|t| t == "people-results")
    {
        return render(&results);
    }
    let teams = state.store.team_choices().await?;
    render(&ListPage {
        layout: Layout::new("People", "people", Some(&user), &csrf),
        is_admin: viewer.may_administer(),
        q: query.q,
        team: query.team,
        archived: query.archived,
        teams,
        results,
    })
}

async fn results(
    state: &AppState,
    viewer: &Viewer,
    query: &ListQuery,
) -> Result<Results, PageError> {
    let empty = |error: String| Results {
        people: Vec::new(),
        next_url: None,
        first_url: None,
        error: Some(error),
    };
    let team_id = match query.team.trim() {
        "" => None,
        raw => match raw.parse() {
            Ok(id) => Some(id),
            Err(_) => return Ok(empty(format!("“{raw}” is not a team."))),
        },
    };
    let archived = match (query.archived.as_str(), viewer.may_administer()) {
        ("archived", true) => ArchivedFilter::Archived,
        ("all", true) => ArchivedFilter::All,
        _ => ArchivedFilter::Active,
    };
    let after = match query.cursor.trim() {
        "" => None,
        raw => match Cursor::decode(raw) {
            Ok(cursor) => Some(cursor),
            Err(_) => {
                return Ok(empty(
                    "That page link is broken; start from the first page.".into(),
                ));
            }
        },
    };
    let is_later_page = after.is_some();
    let people_query = PeopleQuery {
        search: Some(query.q.clone()),
        team_id,
        archived,
        after,
        limit: DEFAULT_PAGE_SIZE,
    };
    let (people, next) = state.store.list_people(&people_query).await?;
    Ok(Results {
        people,
        next_url: next.as_ref().map(|c| list_url(query, Some(c))),
        first_url: is_later_page.then(|| list_url(query, None)),
        error: None,
    })
}

// ---- a person's page ----

#[derive(Template)]
#[template(path = "people/show.html")]
struct ShowPage {
    layout: Layout,
    person: Person,
    manager: Option<Person>,
    reports: Vec<Person>,
    teams: Vec<Team>,
    profile: Option<super::profile::ProfileView>,
    is_admin: bool,
    invite_link: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    render(&show_page(&state, &csrf, &user, id, None).await?)
}

async fn show_page(
    state: &AppState,
    csrf: &CsrfToken,
    user: &SignedIn,
    id: i64,
    invite_link: Option<String>,
) -> Result<ShowPage, PageError> {
    let viewer = user.viewer();
    let store = &state.store;
    let person = store
        .person(id)
        .await?
        .filter(|p| viewer.may_see_person(p.is_archived()))
        .ok_or(AppError::NotFound)?;
    let managers = store.managers_of(id).await?;
    let profile = viewer
        .may_read_profile(id, &managers)
        .then(|| super::profile::ProfileView::new(&person, viewer.may_edit_profile(id)));
    let manager = match person.manager_id {
        Some(manager) => store
            .person(manager)
            .await?
            .filter(|m| viewer.may_see_person(m.is_archived())),
        None => None,
    };
    let nav = if id == user.person.id { "me" } else { "people" };
    Ok(ShowPage {
        layout: Layout::new(person.name.clone(), nav, Some(user), csrf),
        reports: store.direct_reports(id).await?,
        teams: store.teams_of(id).await?,
        is_admin: viewer.may_administer(),
        person,
        manager,
        profile,
        invite_link,
    })
}

// ---- create and edit (admins) ----

#[derive(Template)]
#[template(path = "people/form.html")]
struct PersonFormPage {
    layout: Layout,
    /// `None` when creating.
    id: Option<i64>,
    email: String,
    name: String,
    role: String,
    manager_email: String,
    roles: &'static [Role],
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct PersonForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    manager_email: String,
}

fn require_admin(user: &SignedIn) -> Result<(), PageError> {
    if user.viewer().may_administer() {
        Ok(())
    } else {
        Err(PageError(AppError::Forbidden))
    }
}

fn form_page(
    user: &SignedIn,
    csrf: &CsrfToken,
    id: Option<i64>,
    form: PersonForm,
    errors: FormErrors,
) -> PersonFormPage {
    let title = if id.is_some() {
        "Edit person"
    } else {
        "Add a person"
    };
    PersonFormPage {
        layout: Layout::new(title, "people", Some(user), csrf),
        id,
        email: form.email,
        name: form.name,
        role: if form.role.is_empty() {
            "member".into()
        } else {
            form.role
        },
        manager_email: form.manager_email,
        roles: Role::ALL,
        errors,
    }
}

async fn new_form(
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    require_admin(&user)?;
    render(&form_page(
        &user,
        &csrf,
        None,
        PersonForm::default(),
        FormErrors::none(),
    ))
}

async fn edit_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    require_admin(&user)?;
    let person = state.store.person(id).await?.ok_or(AppError::NotFound)?;
    let manager_email = match person.manager_id {
        Some(manager) => state
            .store
            .person(manager)
            .await?
            .map(|m| m.email.to_string())
            .unwrap_or_default(),
        None => String::new(),
    };
    let form = PersonForm {
        email: person.email.to_string(),
        name: person.name,
        role: person.role.to_string(),
        manager_email,
    };
    render(&form_page(&user, &csrf, Some(id), form, FormErrors::none()))
}

/// Parses the form, resolving the manager's email to a person.
async fn draft_from(state: &AppState, form: &PersonForm) -> Result<PersonDraft, AppError> {
    let manager = person_by_email(&state.store, "manager_email", &form.manager_email).await;
    let draft = PersonDraft::parse(PersonInput {
        email: &form.email,
        name: &form.name,
        role: &form.role,
        manager_id: manager.as_ref().ok().and_then(|m| m.as_ref()).map(|m| m.id),
    });
    both(draft.map_err(AppError::from), manager).map(|(draft, _)| draft)
}

async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<PersonForm>,
) -> Result<Response, PageError> {
    require_admin(&user)?;
    let outcome = async {
        let draft = draft_from(&state, &form).await?;
        let person = state.store.create_person(draft.into()).await?;
        Ok(format!("/people/{}", person.id))
    }
    .await;
    after_submit(outcome, |errors| {
        form_page(&user, &csrf, None, form, errors)
    })
}

async fn update(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<PersonForm>,
) -> Result<Response, PageError> {
    require_admin(&user)?;
    state.store.person(id).await?.ok_or(AppError::NotFound)?;
    let outcome = async {
        let draft = draft_from(&state, &form).await?;
        state.store.update_person(id, &draft).await?;
        Ok(format!("/people/{id}"))
    }
    .await;
    // The store names the field `manager_id`; the form calls it `manager_email`.
    after_submit(outcome, |errors| {
        form_page(
            &user,
            &csrf,
            Some(id),
            form,
            errors.renamed("manager_id", "manager_email"),
        )
    })
}

async fn archive(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    require_admin(&user)?;
    if id == user.person.id {
        return Err(PageError(AppError::Conflict(
            "You cannot archive yourself; ask another admin.".into(),
        )));
    }
    state.store.set_archived(id, true).await?;
    Ok(Redirect::to(&format!("/people/{id}")).into_response())
}

async fn restore(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    require_admin(&user)?;
    state.store.set_archived(id, false).await?;
    Ok(Redirect::to(&format!("/people/{id}")).into_response())
}

/// Creates a one-time link for the person to set their password and shows it once.
async fn invite(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    require_admin(&user)?;
    let person = state
        .store
        .person(id)
        .await?
        .filter(|p| !p.is_archived())
        .ok_or(AppError::NotFound)?;
    let token = new_token("");
    state
        .store
        .create_invite(
            person.id,
            &hash_token(&token),
            OffsetDateTime::now_utc() + INVITE_LIFETIME,
        )
        .await?;
    let link = format!("{}/invite/{token}", state.config.base_url);
    render(&show_page(&state, &csrf, &user, id, Some(link)).await?)
}
