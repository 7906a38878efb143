use axum::extract::State;
use axum::http::StatusCode;
use tend_app::{DirectoryQuery, PersonInput, PersonRef, params};
use tend_domain::PersonId;

use super::extract::{Json, Path, Query};
use super::types::{
    AccountEventOut, AccountEventsPage, NewPersonIn, PageParams, PeoplePage, PeopleParams,
    PersonOut, PersonPatch,
};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;

/// The directory, in name order. Profiles are included only where the caller may read them.
#[utoipa::path(get, path = "/api/v1/people", operation_id = "list_people", tag = "people", params(PeopleParams),
    responses((status = 200, body = PeoplePage)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(query): Query<PeopleParams>,
) -> Result<axum::Json<PeoplePage>, ApiError> {
    let directory = DirectoryQuery {
        search: params::search("search", query.search.as_deref())?,
        team: query.team_id,
        archived: params::archived(query.archived.as_deref())?,
        after: params::cursor(query.cursor.as_deref())?,
        before: None,
        limit: params::limit(query.limit)?,
    };
    let page = state.app.directory(&user.viewer, directory).await?;
    Ok(axum::Json(PeoplePage {
        items: page.items.iter().map(PersonOut::from).collect(),
        next_cursor: page.next.map(|c| c.encode()),
    }))
}

/// Creates a person (admins). They sign in after an admin sends them an invite link.
#[utoipa::path(post, path = "/api/v1/people", operation_id = "create_person", tag = "people", request_body = NewPersonIn,
    responses((status = 201, body = PersonOut)))]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewPersonIn>,
) -> Result<(StatusCode, axum::Json<PersonOut>), ApiError> {
    let input = PersonInput {
        email: body.email,
        name: body.name,
        role: body.role.unwrap_or_default(),
        manager: body.manager_id.map(PersonRef::Id),
    };
    let created = state.app.create_person(&user.viewer, input, false).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(PersonOut::from(&created.person)),
    ))
}

#[utoipa::path(get, path = "/api/v1/people/{id}", operation_id = "show_person", tag = "people", params(("id" = PersonId, Path)),
    responses((status = 200, body = PersonOut)))]
pub async fn show(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
) -> Result<axum::Json<PersonOut>, ApiError> {
    let person = state.app.person(&user.viewer, id).await?;
    Ok(axum::Json(PersonOut::from(&person)))
}

/// Changes a person's account fields (admins). A manager that would make a cycle is refused.
#[utoipa::path(patch, path = "/api/v1/people/{id}", operation_id = "update_person", tag = "people", params(("id" = PersonId, Path)), request_body = PersonPatch,
    responses((status = 200, body = PersonOut)))]
pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
    Json(patch): Json<PersonPatch>,
) -> Result<axum::Json<PersonOut>, ApiError> {
    let patch = tend_app::PersonPatch {
        email: patch.email,
        name: patch.name,
        role: patch.role,
        manager: patch.manager_id.map(|m| m.map(PersonRef::Id)),
    };
    let person = state.app.update_person(&user.viewer, id, patch).await?;
    Ok(axum::Json(PersonOut::from(&person)))
}

/// Archives a person (admins): they are signed out and can no longer sign in; nothing they
/// wrote is deleted.
#[utoipa::path(post, path = "/api/v1/people/{id}/archive", operation_id = "archive_person", tag = "people", params(("id" = PersonId, Path)),
    responses((status = 200, body = PersonOut)))]
pub async fn archive(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
) -> Result<axum::Json<PersonOut>, ApiError> {
    let person = state
        .app
        .set_person_archived(&user.viewer, id, true)
        .await?;
    Ok(axum::Json(PersonOut::from(&person)))
}

/// Restores an archived person (admins).
#[utoipa::path(post, path = "/api/v1/people/{id}/restore", operation_id = "restore_person", tag = "people", params(("id" = PersonId, Path)),
    responses((status = 200, body = PersonOut)))]
pub async fn restore(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
) -> Result<axum::Json<PersonOut>, ApiError> {
    let person = state
        .app
        .set_person_archived(&user.viewer, id, false)
        .await?;
    Ok(axum::Json(PersonOut::from(&person)))
}

/// Who changed this person's manager, role or password, or archived them, and when: for the
/// person themselves and admins. Newest first.
#[utoipa::path(get, path = "/api/v1/people/{id}/account-events", operation_id = "list_account_events", tag = "people",
    params(("id" = PersonId, Path), PageParams), responses((status = 200, body = AccountEventsPage)))]
pub async fn account_events(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
    Query(query): Query<PageParams>,
) -> Result<axum::Json<AccountEventsPage>, ApiError> {
    let page = state
        .app
        .account_events(
            &user.viewer,
            id,
            params::cursor(query.cursor.as_deref())?,
            params::limit(query.limit)?,
        )
        .await?;
    Ok(axum::Json(AccountEventsPage {
        items: page.items.iter().map(AccountEventOut::from).collect(),
        next_cursor: page.next.map(|c| c.encode()),
    }))
}
