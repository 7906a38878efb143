use axum::extract::State;
use axum::http::StatusCode;
use tend_domain::access::Viewer;
use tend_domain::pagination::{Cursor, page_size};
use tend_domain::person::{Person, PersonDraft, PersonInput};
use tend_domain::{FieldError, PersonId};
use tend_store::{ArchivedFilter, PeopleQuery};

use super::extract::{Json, Path, Query};
use super::types::{NewPersonIn, PeoplePage, PeopleParams, PersonOut, PersonPatch};
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError, Problem};
use crate::state::AppState;

pub fn archived_filter(raw: Option<&str>, viewer: &Viewer) -> Result<ArchivedFilter, AppError> {
    let filter = match raw.unwrap_or("active") {
        "active" => ArchivedFilter::Active,
        "archived" => ArchivedFilter::Archived,
        "all" => ArchivedFilter::All,
        other => {
            return Err(FieldError::new(
                "archived",
                format!("“{other}” is not one of: active, archived, all"),
            )
            .into());
        }
    };
    if filter != ArchivedFilter::Active && !viewer.may_administer() {
        return Err(AppError::Forbidden);
    }
    Ok(filter)
}

pub fn cursor(raw: Option<&str>) -> Result<Option<Cursor>, AppError> {
    raw.filter(|c| !c.is_empty())
        .map(Cursor::decode)
        .transpose()
        .map_err(AppError::from)
}

/// A person the viewer may see, or 404.
async fn visible(state: &AppState, viewer: &Viewer, id: PersonId) -> Result<Person, AppError> {
    state
        .store
        .person(id)
        .await?
        .filter(|p| viewer.may_see_person(p.is_archived()))
        .ok_or(AppError::NotFound)
}

async fn out(state: &AppState, viewer: &Viewer, person: &Person) -> Result<PersonOut, AppError> {
    let managers = state.store.managers_of(person.id).await?;
    Ok(PersonOut::new(
        person,
        viewer.may_read_profile(person.id, &managers),
    ))
}

fn require_admin(viewer: &Viewer) -> Result<(), AppError> {
    if viewer.may_administer() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The directory, in name order. Profiles are included only where the caller may read them.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(PeopleParams),
    responses((status = 200, body = PeoplePage), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(params): Query<PeopleParams>,
) -> Result<axum::Json<PeoplePage>, ApiError> {
    let viewer = user.viewer();
    let query = PeopleQuery {
        search: params.search,
        team_id: params.team_id,
        archived: archived_filter(params.archived.as_deref(), &viewer)?,
        after: cursor(params.cursor.as_deref())?,
        limit: page_size(params.limit)?,
    };
    let (people, next) = state.store.list_people(&query).await?;
    let mut items = Vec::with_capacity(people.len());
    for person in &people {
        // Only a manager above someone can read their profile; skip the lookup for everyone else.
        let with_profile = person.id == viewer.id
            || (person.manager_id.is_some()
                && out(&state, &viewer, person).await?.profile.is_some());
        items.push(PersonOut::new(person, with_profile));
    }
    Ok(axum::Json(PeoplePage {
        items,
        next_cursor: next.map(|c| c.encode()),
    }))
}

/// Creates a person (admins). They sign in after an admin sends them an invite link.
#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = NewPersonIn,
    responses((status = 201, body = PersonOut), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewPersonIn>,
) -> Result<(StatusCode, axum::Json<PersonOut>), ApiError> {
    let viewer = user.viewer();
    require_admin(&viewer)?;
    let draft = PersonDraft::parse(PersonInput {
        email: &body.email,
        name: &body.name,
        role: body.role.as_deref().unwrap_or_default(),
        manager_id: body.manager_id,
    })?;
    let person = state.store.create_person(draft.into()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(out(&state, &viewer, &person).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = PersonOut), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<axum::Json<PersonOut>, ApiError> {
    let viewer = user.viewer();
    let person = visible(&state, &viewer, id).await?;
    Ok(axum::Json(out(&state, &viewer, &person).await?))
}

/// Changes a person's account fields (admins). A manager that would make a cycle is refused.
#[utoipa::path(patch, path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path)), request_body = PersonPatch,
    responses((status = 200, body = PersonOut), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(patch): Json<PersonPatch>,
) -> Result<axum::Json<PersonOut>, ApiError> {
    let viewer = user.viewer();
    let person = visible(&state, &viewer, id).await?;
    require_admin(&viewer)?;
    let email = patch.email.unwrap_or_else(|| person.email.to_string());
    let name = patch.name.unwrap_or_else(|| person.name.clone());
    let role = patch.role.unwrap_or_else(|| person.role.to_string());
    let draft = PersonDraft::parse(PersonInput {
        email: &email,
        name: &name,
        role: &role,
        manager_id: patch.manager_id.unwrap_or(person.manager_id),
    })?;
    let person = state.store.update_person(id, &draft).await?;
    Ok(axum::Json(out(&state, &viewer, &person).await?))
}

async fn set_archived(
    state: AppState,
    user: ApiUser,
    id: i64,
    archived: bool,
) -> Result<axum::Json<PersonOut>, ApiError> {
    let viewer = user.viewer();
    visible(&state, &viewer, id).await?;
    require_admin(&viewer)?;
    if archived && id == viewer.id {
        return Err(
            AppError::Conflict("You cannot archive yourself; ask another admin.".into()).into(),
        );
    }
    let person = state.store.set_archived(id, archived).await?;
    Ok(axum::Json(out(&state, &viewer, &person).await?))
}

/// Archives a person (admins): they can no longer sign in; nothing they wrote is deleted.
#[utoipa::path(post, path = "/api/v1/people/{id}/archive", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = PersonOut), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn archive(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<axum::Json<PersonOut>, ApiError> {
    set_archived(state, user, id, true).await
}

/// Restores an archived person (admins).
#[utoipa::path(post, path = "/api/v1/people/{id}/restore", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = PersonOut), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn restore(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<axum::Json<PersonOut>, ApiError> {
    set_archived(state, user, id, false).await
}
