use axum::extract::State;
use axum::http::StatusCode;
use tend_app::{PersonRef, TeamInput, TeamView, TeamsQuery, params};
use tend_domain::TeamId;

use super::extract::{Json, Path, Query};
use super::types::{NewTeamIn, TeamOut, TeamPatch, TeamsPage, TeamsParams};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;

fn detail(view: &TeamView) -> TeamOut {
    TeamOut::new(&view.team, Some(&view.members))
}

#[utoipa::path(get, path = "/api/v1/teams", operation_id = "list_teams", tag = "teams", params(TeamsParams), responses((status = 200, body = TeamsPage)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(query): Query<TeamsParams>,
) -> Result<axum::Json<TeamsPage>, ApiError> {
    let teams = TeamsQuery {
        archived: params::archived(query.archived.as_deref())?,
        after: params::cursor(query.cursor.as_deref())?,
        limit: params::limit(query.limit)?,
    };
    let page = state.app.teams(&user.viewer, teams).await?;
    Ok(axum::Json(TeamsPage {
        items: page.items.iter().map(|t| TeamOut::new(t, None)).collect(),
        next_cursor: page.next.map(|c| c.encode()),
    }))
}

/// Creates a team (admins).
#[utoipa::path(post, path = "/api/v1/teams", operation_id = "create_team", tag = "teams", request_body = NewTeamIn,
    responses((status = 201, body = TeamOut)))]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewTeamIn>,
) -> Result<(StatusCode, axum::Json<TeamOut>), ApiError> {
    let input = TeamInput {
        name: body.name,
        purpose: body.purpose,
        lead: body.lead_id.map(PersonRef::Id),
        members: body
            .member_ids
            .unwrap_or_default()
            .into_iter()
            .map(PersonRef::Id)
            .collect(),
    };
    let view = state.app.create_team(&user.viewer, input).await?;
    Ok((StatusCode::CREATED, axum::Json(detail(&view))))
}

#[utoipa::path(get, path = "/api/v1/teams/{id}", operation_id = "show_team", tag = "teams", params(("id" = TeamId, Path)),
    responses((status = 200, body = TeamOut)))]
pub async fn show(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<TeamId>,
) -> Result<axum::Json<TeamOut>, ApiError> {
    let view = state.app.team(&user.viewer, id).await?;
    Ok(axum::Json(detail(&view)))
}

/// Changes a team: admins change anything, the team's lead its name, purpose and members.
#[utoipa::path(patch, path = "/api/v1/teams/{id}", operation_id = "update_team", tag = "teams", params(("id" = TeamId, Path)), request_body = TeamPatch,
    responses((status = 200, body = TeamOut)))]
pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<TeamId>,
    Json(patch): Json<TeamPatch>,
) -> Result<axum::Json<TeamOut>, ApiError> {
    let patch = tend_app::TeamPatch {
        name: patch.name,
        purpose: patch.purpose,
        lead: patch.lead_id.map(|l| l.map(PersonRef::Id)),
        members: patch
            .member_ids
            .map(|ids| ids.into_iter().map(PersonRef::Id).collect()),
    };
    let view = state.app.update_team(&user.viewer, id, patch).await?;
    Ok(axum::Json(detail(&view)))
}

/// Archives a team (admins).
#[utoipa::path(post, path = "/api/v1/teams/{id}/archive", operation_id = "archive_team", tag = "teams", params(("id" = TeamId, Path)), responses((status = 200, body = TeamOut)))]
pub async fn archive(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<TeamId>,
) -> Result<axum::Json<TeamOut>, ApiError> {
    let view = state.app.set_team_archived(&user.viewer, id, true).await?;
    Ok(axum::Json(detail(&view)))
}

/// Restores an archived team (admins).
#[utoipa::path(post, path = "/api/v1/teams/{id}/restore", operation_id = "restore_team", tag = "teams", params(("id" = TeamId, Path)), responses((status = 200, body = TeamOut)))]
pub async fn restore(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<TeamId>,
) -> Result<axum::Json<TeamOut>, ApiError> {
    let view = state.app.set_team_archived(&user.viewer, id, false).await?;
    Ok(axum::Json(detail(&view)))
}
