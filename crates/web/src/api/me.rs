use axum::extract::State;
use tend_domain::person::ProfileChangesInput;

use super::extract::Json;
use super::types::{PersonOut, ProfilePatch};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;

/// The person the token belongs to, with their profile.
#[utoipa::path(get, path = "/api/v1/me", tag = "me", responses((status = 200, body = PersonOut)))]
pub async fn me(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<axum::Json<PersonOut>, ApiError> {
    let me = state.app.me(&user.viewer).await?;
    Ok(axum::Json(PersonOut::from(&me)))
}

/// Changes the given fields of your own profile; absent fields stay as they are.
#[utoipa::path(patch, path = "/api/v1/me/profile", tag = "me", request_body = ProfilePatch,
    responses((status = 200, body = PersonOut)))]
pub async fn update_profile(
    State(state): State<AppState>,
    user: ApiUser,
    Json(patch): Json<ProfilePatch>,
) -> Result<axum::Json<PersonOut>, ApiError> {
    let input = ProfileChangesInput {
        time_zone: patch.time_zone.as_deref(),
        career_track: patch.career_track.as_deref(),
        aspirations: patch.aspirations.as_deref(),
        motivations: patch.motivations.as_deref(),
        strengths: patch.strengths.as_deref(),
        working_preferences: patch.working_preferences.as_deref(),
    };
    let person = state
        .app
        .update_profile(&user.viewer, user.viewer.id, input)
        .await?;
    Ok(axum::Json(PersonOut::from(&person)))
}
