use axum::extract::State;
use tend_domain::person::{Profile, ProfileInput};

use super::extract::Json;
use super::types::{PersonOut, ProfilePatch};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// The person the token belongs to, with their profile.
#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    responses((status = 200, body = PersonOut), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn me(user: ApiUser) -> axum::Json<PersonOut> {
    axum::Json(PersonOut::new(&user.person, true))
}

/// Changes the given fields of your own profile; absent fields stay as they are.
#[utoipa::path(patch, path = "/api/v1/me/profile", tag = "me", request_body = ProfilePatch,
    responses((status = 200, body = PersonOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update_profile(
    State(state): State<AppState>,
    user: ApiUser,
    Json(patch): Json<ProfilePatch>,
) -> Result<axum::Json<PersonOut>, ApiError> {
    let current = &user.person.profile;
    let pick = |new: &Option<String>, old: &str| new.clone().unwrap_or_else(|| old.to_owned());
    let time_zone = pick(&patch.time_zone, &current.time_zone);
    let career_track = pick(&patch.career_track, current.career_track.as_str());
    let aspirations = pick(&patch.aspirations, &current.aspirations);
    let motivations = pick(&patch.motivations, &current.motivations);
    let strengths = pick(&patch.strengths, &current.strengths);
    let working_preferences = pick(&patch.working_preferences, &current.working_preferences);
    let profile = Profile::parse(ProfileInput {
        time_zone: &time_zone,
        career_track: &career_track,
        aspirations: &aspirations,
        motivations: &motivations,
        strengths: &strengths,
        working_preferences: &working_preferences,
    })?;
    let person = state.store.update_profile(user.person.id, &profile).await?;
    Ok(axum::Json(PersonOut::new(&person, true)))
}
