//! Teams: the list, a team's page with its purpose and members, and editing them (admins, and the
//! team's lead for name, purpose and members).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use tend_domain::FieldError;
use tend_domain::pagination::{Cursor, DEFAULT_PAGE_SIZE};
use tend_domain::person::Person;
use tend_domain::team::{Team, TeamDraft};
use tend_store::ArchivedFilter;

use super::{Layout, Path, after_submit, form_status, render, render_status};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::{AppError, PageError};
use crate::forms::{FormErrors, both, form_errors, person_by_email};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/teams", get(list).post(create))
        .route("/teams/new", get(new_form))
        .route("/teams/{id}", get(show).post(update))
        .route("/teams/{id}/edit", get(edit_form))
        .route("/teams/{id}/archive", post(archive))
        .route("/teams/{id}/restore", post(restore))
        .route("/teams/{id}/members", post(add_member))
        .route("/teams/{id}/members/{person}/remove", post(remove_member))
}

#[derive(Template)]
#[template(path = "teams/list.html")]
struct ListPage {
    layout: Layout,
    teams: Vec<Team>,
    next_url: Option<String>,
    first_url: Option<String>,
    archived: bool,
    is_admin: bool,
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    cursor: String,
    #[serde(default)]
    archived: String,
}

async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let is_admin = user.viewer().may_administer();
    let archived = is_admin && query.archived == "1";
    let after = match query.cursor.trim() {
        "" => None,
        raw => Some(Cursor::decode(raw)?),
    };
    let filter = if archived {
        ArchivedFilter::Archived
    } else {
        ArchivedFilter::Active
    };
    let (teams, next) = state
        .store
        .list_teams(filter, after.as_ref(), DEFAULT_PAGE_SIZE)
        .await?;
    let suffix = if archived { "&archived=1" } else { "" };
    render(&ListPage {
        layout: Layout::new("Teams", "teams", Some(&user), &csrf),
        next_url: next.map(|c| format!("/teams?cursor={}{suffix}", c.encode())),
        first_url: after.map(|_| format!("/teams?{}", suffix.trim_start_matches('&'))),
        teams,
        archived,
        is_admin,
    })
}

#[derive(Template)]
#[template(path = "teams/show.html")]
struct ShowPage {
    layout: Layout,
    team: Team,
    lead: Option<Person>,
    members: Vec<Person>,
    may_edit: bool,
    is_admin: bool,
    member_email: String,
    errors: FormErrors,
}

async fn show_page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    id: i64,
    member_email: String,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let team = visible_team(state, user, id).await?;
    let lead = match team.lead_id {
        Some(lead) => state.store.person(lead).await?.filter(|p| !p.is_archived()),
        None => None,
    };
    let status = form_status(&errors);
    let page = ShowPage {
        layout: Layout::new(team.name.clone(), "teams", Some(user), csrf),
        members: state.store.team_members(id).await?,
        may_edit: viewer.may_edit_team(team.lead_id),
        is_admin: viewer.may_administer(),
        team,
        lead,
        member_email,
        errors,
    };
    render_status(&page, status)
}

async fn visible_team(state: &AppState, user: &SignedIn, id: i64) -> Result<Team, PageError> {
    let viewer = user.viewer();
    Ok(state
        .store
        .team(id)
        .await?
        .filter(|t| t.archived_at.is_none() || viewer.may_administer())
        .ok_or(AppError::NotFound)?)
}

async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    show_page(&state, &user, &csrf, id, String::new(), FormErrors::none()).await
}

#[derive(Template)]
#[template(path = "teams/form.html")]
struct FormPage {
    layout: Layout,
    id: Option<i64>,
    name: String,
    purpose: String,
    lead_email: String,
    may_choose_lead: bool,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct TeamForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    purpose: String,
    lead_email: Option<String>,
}

fn form_page(
    user: &SignedIn,
    csrf: &CsrfToken,
    id: Option<i64>,
    form: TeamForm,
    errors: FormErrors,
) -> FormPage {
    FormPage {
        layout: Layout::new(
            if id.is_some() {
                "Edit team"
            } else {
                "Add a team"
            },
            "teams",
            Some(user),
            csrf,
        ),
        id,
        name: form.name,
        purpose: form.purpose,
        lead_email: form.lead_email.unwrap_or_default(),
        may_choose_lead: user.viewer().may_manage_team(id),
        errors,
    }
}

async fn new_form(
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    if !user.viewer().may_manage_team(None) {
        return Err(PageError(AppError::Forbidden));
    }
    render(&form_page(
        &user,
        &csrf,
        None,
        TeamForm::default(),
        FormErrors::none(),
    ))
}

async fn edit_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let team = visible_team(&state, &user, id).await?;
    if !user.viewer().may_edit_team(team.lead_id) {
        return Err(PageError(AppError::Forbidden));
    }
    let lead_email = match team.lead_id {
        Some(lead) => state.store.person(lead).await?.map(|p| p.email.to_string()),
        None => None,
    };
    let form = TeamForm {
        name: team.name,
        purpose: team.purpose,
        lead_email,
    };
    render(&form_page(&user, &csrf, Some(id), form, FormErrors::none()))
}

/// An active person named by email in a team form.
async fn active_person(
    state: &AppState,
    field: &'static str,
    raw: &str,
) -> Result<Option<Person>, AppError> {
    match person_by_email(&state.store, field, raw).await? {
        Some(person) if person.is_archived() => {
            Err(FieldError::new(field, format!("{} is archived", person.email)).into())
        }
        other => Ok(other),
    }
}

/// The draft a form describes; `current_lead` is kept when the editor may not choose the lead.
async fn draft_from(
    state: &AppState,
    form: &TeamForm,
    current_lead: Option<i64>,
    may_choose_lead: bool,
) -> Result<TeamDraft, AppError> {
    let lead = if may_choose_lead {
        let raw = form.lead_email.as_deref().unwrap_or_default();
        active_person(state, "lead_email", raw)
            .await
            .map(|p| p.map(|p| p.id))
    } else {
        Ok(current_lead)
    };
    let draft = TeamDraft::parse(
        &form.name,
        &form.purpose,
        lead.as_ref().ok().copied().flatten(),
    );
    both(draft.map_err(AppError::from), lead).map(|(draft, _)| draft)
}

async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<TeamForm>,
) -> Result<Response, PageError> {
    if !user.viewer().may_manage_team(None) {
        return Err(PageError(AppError::Forbidden));
    }
    let outcome = async {
        let draft = draft_from(&state, &form, None, true).await?;
        let team = state.store.create_team(&draft, &[]).await?;
        Ok(format!("/teams/{}", team.id))
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
    Form(form): Form<TeamForm>,
) -> Result<Response, PageError> {
    let team = visible_team(&state, &user, id).await?;
    let viewer = user.viewer();
    if !viewer.may_edit_team(team.lead_id) {
        return Err(PageError(AppError::Forbidden));
    }
    let outcome = async {
        let draft = draft_from(
            &state,
            &form,
            team.lead_id,
            viewer.may_manage_team(Some(id)),
        )
        .await?;
        state.store.update_team(id, &draft, None).await?;
        Ok(format!("/teams/{id}"))
    }
    .await;
    after_submit(outcome, |errors| {
        form_page(&user, &csrf, Some(id), form, errors)
    })
}

async fn set_archived(
    state: AppState,
    user: SignedIn,
    id: i64,
    archived: bool,
) -> Result<Response, PageError> {
    if !user.viewer().may_manage_team(Some(id)) {
        return Err(PageError(AppError::Forbidden));
    }
    state.store.set_team_archived(id, archived).await?;
    Ok(Redirect::to(&format!("/teams/{id}")).into_response())
}

async fn archive(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    set_archived(state, user, id, true).await
}

async fn restore(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    set_archived(state, user, id, false).await
}

#[derive(Deserialize)]
struct MemberForm {
    #[serde(default)]
    member_email: String,
}

async fn add_member(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<MemberForm>,
) -> Result<Response, PageError> {
    let team = visible_team(&state, &user, id).await?;
    if !user.viewer().may_edit_team(team.lead_id) {
        return Err(PageError(AppError::Forbidden));
    }
    let person = match active_person(&state, "member_email", &form.member_email).await {
        Ok(Some(person)) => person,
        Ok(None) => {
            let errors =
                FormErrors::from(vec![FieldError::new("member_email", "must not be empty")]);
            return show_page(&state, &user, &csrf, id, form.member_email, errors).await;
        }
        Err(error) => {
            return show_page(
                &state,
                &user,
                &csrf,
                id,
                form.member_email,
                form_errors(error)?,
            )
            .await;
        }
    };
    let mut members: Vec<i64> = state
        .store
        .team_members(id)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    members.push(person.id);
    state.store.set_team_members(id, &members).await?;
    Ok(Redirect::to(&format!("/teams/{id}")).into_response())
}

async fn remove_member(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, person)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let team = visible_team(&state, &user, id).await?;
    if !user.viewer().may_edit_team(team.lead_id) {
        return Err(PageError(AppError::Forbidden));
    }
    let members: Vec<i64> = state
        .store
        .team_members(id)
        .await?
        .iter()
        .map(|p| p.id)
        .filter(|m| *m != person)
        .collect();
    state.store.set_team_members(id, &members).await?;
    Ok(Redirect::to(&format!("/teams/{id}")).into_response())
}
