//! Recognition in the API: give it, read the feed and a person's timeline (only what the caller
//! may see; anything else is 404), react, edit or hide.

use axum::extract::State;
use axum::http::StatusCode;
use tend_app::{FeedFilter, GiveRecognition, PersonRef, params};
use tend_domain::pagination::Cursor;
use tend_domain::{PersonId, RecognitionId, TeamId};

use super::extract::{Json, Path, Query};
use super::types::{
    BreadthOut, HideIn, NewRecognitionIn, ParticipantOut, ReactionIn, RecognitionOut,
    RecognitionPatch, RecognitionsPage, RecognitionsParams,
};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;

fn filter(query: &RecognitionsParams) -> Result<FeedFilter, tend_app::Error> {
    Ok(FeedFilter {
        person: params::id::<PersonId>("person_id", query.person_id.as_deref())?,
        team: params::id::<TeamId>("team_id", query.team_id.as_deref())?,
        celebrates: params::celebrates(query.celebrates.as_deref())?,
        value: params::search("value", query.value.as_deref())?,
        since: params::since(query.since.as_deref())?,
        before: params::cursor(query.cursor.as_deref())?.map(|c| RecognitionId(c.id)),
        limit: params::limit(query.limit)?,
    })
}

fn page(page: tend_app::FeedPage) -> RecognitionsPage {
    RecognitionsPage {
        items: page.items.iter().map(RecognitionOut::from).collect(),
        next_cursor: page.next.map(|id| {
            Cursor {
                sort_key: String::new(),
                id: id.0,
            }
            .encode()
        }),
    }
}

/// Recognises one or more people. A public recognition is also posted to the webhooks.
#[utoipa::path(post, path = "/api/v1/recognitions", operation_id = "give_recognition", tag = "recognition",
    request_body = NewRecognitionIn, responses((status = 201, body = RecognitionOut),
    (status = 429, description = "Over the daily cap an admin set", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn give(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewRecognitionIn>,
) -> Result<(StatusCode, axum::Json<RecognitionOut>), ApiError> {
    let input = GiveRecognition {
        recipients: body.recipients.into_iter().map(PersonRef::Id).collect(),
        message: body.message,
        celebrates: body.celebrates,
        visibility: body.visibility,
        value: body.value,
    };
    let view = state.app.give_recognition(&user.viewer, input).await?;
    Ok((StatusCode::CREATED, axum::Json(RecognitionOut::from(&view))))
}

/// The feed: what you may see, newest first.
#[utoipa::path(get, path = "/api/v1/recognitions", operation_id = "list_recognitions", tag = "recognition",
    params(RecognitionsParams), responses((status = 200, body = RecognitionsPage)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(query): Query<RecognitionsParams>,
) -> Result<axum::Json<RecognitionsPage>, ApiError> {
    let found = state
        .app
        .recognitions(&user.viewer, filter(&query)?)
        .await?;
    Ok(axum::Json(page(found)))
}

#[utoipa::path(get, path = "/api/v1/recognitions/{id}", operation_id = "show_recognition", tag = "recognition",
    params(("id" = RecognitionId, Path)), responses((status = 200, body = RecognitionOut)))]
pub async fn show(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<RecognitionId>,
) -> Result<axum::Json<RecognitionOut>, ApiError> {
    let view = state.app.recognition(&user.viewer, id).await?;
    Ok(axum::Json(RecognitionOut::from(&view)))
}

/// Changes your recognition's message, what it celebrates or its value, within 15 minutes of
/// giving it (409 after).
#[utoipa::path(patch, path = "/api/v1/recognitions/{id}", operation_id = "update_recognition", tag = "recognition",
    params(("id" = RecognitionId, Path)), request_body = RecognitionPatch, responses((status = 200, body = RecognitionOut)))]
pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<RecognitionId>,
    Json(patch): Json<RecognitionPatch>,
) -> Result<axum::Json<RecognitionOut>, ApiError> {
    let current = state.app.recognition(&user.viewer, id).await?.recognition;
    let view = state
        .app
        .edit_recognition(
            &user.viewer,
            id,
            patch.message.as_deref().unwrap_or(&current.message),
            patch
                .celebrates
                .as_deref()
                .unwrap_or(current.celebrates.as_str()),
            patch.value.as_deref().or(current.value.as_deref()),
        )
        .await?;
    Ok(axum::Json(RecognitionOut::from(&view)))
}

/// Adds a reaction, or takes back one you gave.
#[utoipa::path(post, path = "/api/v1/recognitions/{id}/reactions", operation_id = "react_to_recognition", tag = "recognition",
    params(("id" = RecognitionId, Path)), request_body = ReactionIn, responses((status = 200, body = RecognitionOut)))]
pub async fn react(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<RecognitionId>,
    Json(body): Json<ReactionIn>,
) -> Result<axum::Json<RecognitionOut>, ApiError> {
    let view = state.app.react(&user.viewer, id, &body.reaction).await?;
    Ok(axum::Json(RecognitionOut::from(&view)))
}

/// Hides a recognition as abuse, with a reason that is recorded (admins).
#[utoipa::path(post, path = "/api/v1/recognitions/{id}/hide", operation_id = "hide_recognition", tag = "recognition",
    params(("id" = RecognitionId, Path)), request_body = HideIn, responses((status = 200, body = RecognitionOut)))]
pub async fn hide(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<RecognitionId>,
    Json(body): Json<HideIn>,
) -> Result<axum::Json<RecognitionOut>, ApiError> {
    let view = state
        .app
        .hide_recognition(&user.viewer, id, Some(&body.reason))
        .await?;
    Ok(axum::Json(RecognitionOut::from(&view)))
}

/// Shows a hidden recognition again (admins).
#[utoipa::path(post, path = "/api/v1/recognitions/{id}/unhide", operation_id = "unhide_recognition", tag = "recognition",
    params(("id" = RecognitionId, Path)), responses((status = 200, body = RecognitionOut)))]
pub async fn unhide(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<RecognitionId>,
) -> Result<axum::Json<RecognitionOut>, ApiError> {
    let view = state.app.hide_recognition(&user.viewer, id, None).await?;
    Ok(axum::Json(RecognitionOut::from(&view)))
}

/// A person's timeline: recognition they received and gave, as far as you may see it.
#[utoipa::path(get, path = "/api/v1/people/{id}/recognitions", operation_id = "person_recognitions", tag = "recognition",
    params(("id" = PersonId, Path), RecognitionsParams), responses((status = 200, body = RecognitionsPage)))]
pub async fn timeline(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
    Query(query): Query<RecognitionsParams>,
) -> Result<axum::Json<RecognitionsPage>, ApiError> {
    let found = state
        .app
        .person_recognitions(&user.viewer, id, filter(&query)?)
        .await?;
    Ok(axum::Json(page(found)))
}

/// How widely you recognise: different people in the last 30 and 90 days, and which of your
/// reports nobody has recognised in 30 days.
#[utoipa::path(get, path = "/api/v1/me/recognition-breadth", operation_id = "recognition_breadth", tag = "recognition",
    responses((status = 200, body = BreadthOut)))]
pub async fn breadth(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<axum::Json<BreadthOut>, ApiError> {
    let breadth = state.app.recognition_breadth(&user.viewer).await?;
    Ok(axum::Json(BreadthOut {
        people_30_days: breadth.people_30_days,
        people_90_days: breadth.people_90_days,
        unnoticed: breadth
            .unnoticed
            .iter()
            .map(|p| ParticipantOut {
                id: p.id,
                name: p.name.clone(),
            })
            .collect(),
    }))
}

/// Deletes your recognition, with its reactions.
#[utoipa::path(delete, path = "/api/v1/recognitions/{id}", operation_id = "delete_recognition", tag = "recognition",
    params(("id" = RecognitionId, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<RecognitionId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_recognition(&user.viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
