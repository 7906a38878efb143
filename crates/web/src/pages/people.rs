//! The directory (search, filter by team, paging), a person's page, and what admins do to
//! people: create, edit, archive, restore and invite.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use tend_app::{
    DirectoryEntry, DirectoryQuery, PersonInput, PersonPage, PersonPatch, PersonRef, params,
};
use tend_domain::listing::ArchivedFilter;
use tend_domain::pagination::{Cursor, DEFAULT_PAGE_SIZE};
use tend_domain::{PersonId, Role, TeamId};

use super::confirm::ConfirmPage;
use super::flash::INVITE_LINK;
use super::profile::ProfileView;
use super::{Layout, Path, Query, after_submit, is_htmx, render, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/people", list)
        .post("/people", create)
        .get("/people/new", new_form)
        .get("/people/{id}", show)
        .post("/people/{id}", update)
        .get("/people/{id}/edit", edit_form)
        .get("/people/{id}/archive", confirm_archive)
        .post("/people/{id}/archive", archive)
        .post("/people/{id}/restore", restore)
        .post("/people/{id}/invite", invite)
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
    /// The page after this position.
    #[serde(default)]
    cursor: String,
    /// The page before this position.
    #[serde(default)]
    before: String,
}

#[derive(Template)]
#[template(path = "people/list.html")]
struct ListPage {
    layout: Layout,
    q: String,
    team: String,
    archived: String,
    /// Id and name of every active team, for the filter.
    teams: Vec<(TeamId, String)>,
    is_admin: bool,
    results: Results,
}

#[derive(Template)]
#[template(path = "people/results.html")]
struct Results {
    people: Vec<DirectoryEntry>,
    first_url: Option<String>,
    previous_url: Option<String>,
    next_url: Option<String>,
}

/// Where a page link goes: `("cursor", c)` for the page after `c`, `("before", c)` for the page
/// before it, nothing for the first page.
fn list_url(query: &ListQuery, cursor: Option<(&'static str, &Cursor)>) -> String {
    let mut params = vec![
        ("q", query.q.clone()),
        ("team", query.team.clone()),
        ("archived", query.archived.clone()),
    ];
    if let Some((name, cursor)) = cursor {
        params.push((name, cursor.encode()));
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
    let directory = DirectoryQuery {
        search: params::search("q", Some(&query.q))?,
        team: params::id("team", Some(&query.team))?,
        archived: params::archived(Some(&query.archived))?,
        after: params::cursor(Some(&query.cursor))?,
        before: params::cursor_named("before", Some(&query.before))?,
        limit: DEFAULT_PAGE_SIZE,
    };
    let page = state.app.directory_page(&viewer, directory).await?;
    let results = Results {
        first_url: page.previous.is_some().then(|| list_url(&query, None)),
        previous_url: page
            .previous
            .as_ref()
            .map(|c| list_url(&query, Some(("before", c)))),
        next_url: page
            .next
            .as_ref()
            .map(|c| list_url(&query, Some(("cursor", c)))),
        people: page.items,
    };
    if is_htmx(&headers)
        && headers
            .get("hx-target")
            .is_some_and(|t| t == "people-results")
    {
        return render(&results);
    }
    render(&ListPage {
        layout: Layout::new("People", "people", Some(&user), &csrf),
        is_admin: viewer.may_list(ArchivedFilter::All),
        teams: state.app.team_choices(&viewer).await?,
        q: query.q,
        team: query.team,
        archived: query.archived,
        results,
    })
}

// ---- a person's page ----

#[derive(Template)]
#[template(path = "people/show.html")]
struct ShowPage {
    layout: Layout,
    page: PersonPage,
    profile: Option<ProfileView>,
    invite_link: Option<String>,
}

/// A person's page; right after an admin created an invite or reset link, with the link, this
/// once (`flash`).
async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    jar: axum_extra::extract::CookieJar,
    Path(id): Path<PersonId>,
) -> Result<Response, PageError> {
    let brought = INVITE_LINK.get(&jar, &state.config);
    let invite_link = match &brought {
        Some(link) => {
            state
                .app
                .invite_link_to_show(&user.viewer(), id, link)
                .await?
        }
        None => None,
    };
    let mut response = render(&show_page(&state, &csrf, &user, id, invite_link).await?)?;
    if brought.is_some() {
        INVITE_LINK.clear(&mut response, &state.config, &format!("/people/{id}"));
    }
    Ok(response)
}

async fn show_page(
    state: &AppState,
    csrf: &CsrfToken,
    user: &SignedIn,
    id: PersonId,
    invite_link: Option<String>,
) -> Result<ShowPage, PageError> {
    let page = state.app.person_page(&user.viewer(), id).await?;
    let nav = if id == user.person().id {
        "me"
    } else {
        "people"
    };
    Ok(ShowPage {
        layout: Layout::new(page.person.name.clone(), nav, Some(user), csrf),
        profile: page
            .person
            .profile
            .as_ref()
            .map(|profile| ProfileView::new(profile, page.may_edit_profile)),
        page,
        invite_link,
    })
}

// ---- create and edit (admins) ----

#[derive(Template)]
#[template(path = "people/form.html")]
struct PersonFormPage {
    layout: Layout,
    /// `None` when creating.
    id: Option<PersonId>,
    email: String,
    name: String,
    role: String,
    manager: String,
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
    /// The person picker: an email, or a name that names one person.
    #[serde(default)]
    manager: String,
}

fn form_page(
    user: &SignedIn,
    csrf: &CsrfToken,
    id: Option<PersonId>,
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
        manager: form.manager,
        roles: Role::ALL,
        // The use cases name the field as the API does.
        errors: errors.renamed("manager_id", "manager"),
    }
}

async fn new_form(
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    if !user.viewer().may_administer() {
        return Err(tend_app::Error::Forbidden.into());
    }
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
    Path(id): Path<PersonId>,
) -> Result<Response, PageError> {
    let person = state.app.person_form(&user.viewer(), id).await?;
    let form = PersonForm {
        email: person.email,
        name: person.name,
        role: person.role.to_string(),
        manager: person
            .manager
            .map(|m| m.email.to_string())
            .unwrap_or_default(),
    };
    render(&form_page(&user, &csrf, Some(id), form, FormErrors::none()))
}

async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<PersonForm>,
) -> Result<Response, PageError> {
    let input = PersonInput {
        email: form.email.clone(),
        name: form.name.clone(),
        role: form.role.clone(),
        manager: PersonRef::from_text(&form.manager),
    };
    let outcome = state
        .app
        .create_person(&user.viewer(), input, false)
        .await
        .map(|created| format!("/people/{}", created.person.id));
    after_submit(outcome, |errors| {
        form_page(&user, &csrf, None, form, errors)
    })
}

async fn update(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
    Form(form): Form<PersonForm>,
) -> Result<Response, PageError> {
    let patch = PersonPatch {
        email: Some(form.email.clone()),
        name: Some(form.name.clone()),
        role: Some(form.role.clone()),
        manager: Some(PersonRef::from_text(&form.manager)),
    };
    let outcome = state
        .app
        .update_person(&user.viewer(), id, patch)
        .await
        .map(|_| format!("/people/{id}"));
    after_submit(outcome, |errors| {
        form_page(&user, &csrf, Some(id), form, errors)
    })
}

/// Asks before archiving a person.
async fn confirm_archive(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
) -> Result<Response, PageError> {
    let person = state.app.confirm_archive_person(&user.viewer(), id).await?;
    let name = &person.name;
    render(&ConfirmPage {
        layout: Layout::new(format!("Archive {name}?"), "people", Some(&user), &csrf),
        consequences: vec![
            format!(
                "This signs {name} out everywhere at once, revokes their API tokens and any \
                 invite or reset link, and hides them from the directory, the org chart and \
                 their teams. They cannot sign in while archived."
            ),
            "Nothing they wrote is deleted. Restore brings them back (they then need a new \
             invite link, and new API tokens)."
                .to_owned(),
        ],
        action: format!("/people/{id}/archive"),
        button: format!("Archive {name}"),
        cancel: format!("/people/{id}"),
    })
}

async fn archive(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<PersonId>,
) -> Result<Response, PageError> {
    state
        .app
        .set_person_archived(&user.viewer(), id, true)
        .await?;
    Ok(see(format!("/people/{id}")))
}

async fn restore(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<PersonId>,
) -> Result<Response, PageError> {
    state
        .app
        .set_person_archived(&user.viewer(), id, false)
        .await?;
    Ok(see(format!("/people/{id}")))
}

/// Creates a one-time link for the person to set their password, and answers 303 (a reload
/// creates no second link, which would end the first): the person's page shows the link once.
async fn invite(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<PersonId>,
) -> Result<Response, PageError> {
    let link = state.app.send_invite(&user.viewer(), id).await?;
    let path = format!("/people/{id}");
    let mut response = see(&path);
    INVITE_LINK.put(&mut response, &state.config, &path, &link);
    Ok(response)
}
