use axum::extract::State;
use axum::http::StatusCode;
use tend_domain::access::Viewer;
use tend_domain::pagination::page_size;
use tend_domain::team::{Team, TeamDraft};

use super::extract::{Json, Path, Query};
use super::people::{archived_filter, cursor};
use super::types::{NewTeamIn, TeamOut, TeamPatch, TeamsPage, TeamsParams};
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError, Problem};
use crate::state::AppState;

async fn visible(state: &AppState, viewer: &Viewer, id: i64) -> Result<Team, AppError> {
    state
        .store
        .team(id)
        .await?
        .filter(|t| t.archived_at.is_none() || viewer.may_administer())
        .ok_or(AppError::NotFound)
}

async fn detail(state: &AppState, id: i64) -> Result<TeamOut, AppError> {
    let team = state.store.team(id).await?.ok_or(AppError::NotFound)?;
    let members = state.store.team_members(id).await?;
    Ok(TeamOut::new(&team, Some(&members)))
}

#[utoipa::path(get, path = "/api/v1/teams", tag = "teams", params(TeamsParams), responses((status = 200, body = TeamsPage)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(params): Query<TeamsParams>,
) -> Result<axum::Json<TeamsPage>, ApiError> {
    let viewer = user.viewer();
    let filter = archived_filter(params.archived.as_deref(), &viewer)?;
    let after = cursor(params.cursor.as_deref())?;
    let (teams, next) = state
        .store
        .list_teams(filter, after.as_ref(), page_size(params.limit)?)
        .await?;
    Ok(axum::Json(TeamsPage {
        items: teams.iter().map(|t| TeamOut::new(t, None)).collect(),
        next_cursor: next.map(|c| c.encode()),
    }))
}

/// Creates a team (admins).
#[utoipa::path(post, path = "/api/v1/teams", tag = "teams", request_body = NewTeamIn,
    responses((status = 201, body = TeamOut), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewTeamIn>,
) -> Result<(StatusCode, axum::Json<TeamOut>), ApiError> {
    if !user.viewer().may_manage_team(None) {
        return Err(AppError::Forbidden.into());
    }
    let draft = TeamDraft::parse(&body.name, &body.purpose, body.lead_id)?;
    let team = state
        .store
        .create_team(&draft, body.member_ids.as_deref().unwrap_or_default())
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(detail(&state, team.id).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/teams/{id}", tag = "teams", params(("id" = i64, Path)),
    responses((status = 200, body = TeamOut), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<axum::Json<TeamOut>, ApiError> {
    visible(&state, &user.viewer(), id).await?;
    Ok(axum::Json(detail(&state, id).await?))
}

/// Changes a team: admins change anything, the team's lead its name, purpose and members.
#[utoipa::path(patch, path = "/api/v1/teams/{id}", tag = "teams", params(("id" = i64, Path)), request_body = TeamPatch,
    responses((status = 200, body = TeamOut), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(patch): Json<TeamPatch>,
) -> Result<axum::Json<TeamOut>, ApiError> {
    let viewer = user.viewer();
    let team = visible(&state, &viewer, id).await?;
    if !viewer.may_edit_team(team.lead_id)
        || (patch.lead_id.is_some() && !viewer.may_manage_team(Some(id)))
    {
        return Err(AppError::Forbidden.into());
    }
    let draft = TeamDraft::parse(
        patch.name.as_deref().unwrap_or(&team.name),
        patch.purpose.as_deref().unwrap_or(&team.purpose),
        patch.lead_id.unwrap_or(team.lead_id),
    )?;
    state
        .store
        .update_team(id, &draft, patch.member_ids.as_deref())
        .await?;
    Ok(axum::Json(detail(&state, id).await?))
}

async fn set_archived(
    state: AppState,
    user: ApiUser,
    id: i64,
    archived: bool,
) -> Result<axum::Json<TeamOut>, ApiError> {
    let viewer = user.viewer();
    visible(&state, &viewer, id).await?;
    if !viewer.may_manage_team(Some(id)) {
        return Err(AppError::Forbidden.into());
    }
    state.store.set_team_archived(id, archived).await?;
    Ok(axum::Json(detail(&state, id).await?))
}

/// Archives a team (admins).
#[utoipa::path(post, path = "/api/v1/teams/{id}/archive", tag = "teams", params(("id" = i64, Path)), responses((status = 200, body = TeamOut)))]
pub async fn archive(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<axum::Json<TeamOut>, ApiError> {
    set_archived(state, user, id, true).await
}

/// Restores an archived team (admins).
#[utoipa::path(post, path = "/api/v1/teams/{id}/restore", tag = "teams", params(("id" = i64, Path)), responses((status = 200, body = TeamOut)))]
pub async fn restore(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<axum::Json<TeamOut>, ApiError> {
    set_archived(state, user, id, false).await
}
