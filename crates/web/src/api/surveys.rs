//! Pulse surveys in the API: instruments, surveys, answers, gated results (JSON and CSV) and the
//! actions a team takes on them. Every rule is the use-case layer's; a survey the caller is not
//! asked in and does not lead is a 404.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use tend_app::{ActionInput, SurveyInput, params};
use tend_domain::TeamId;
use tend_domain::pagination::Cursor;
use tend_domain::survey::results::GENERAL_COMMENT;
use tend_domain::survey::{SurveyActionId, SurveyId};

use super::extract::{Json, Path, Query};
use super::survey_types::{
    ActionIn, ActionOut, ActionsPage, InstrumentImportIn, InstrumentIn, InstrumentOut,
    InstrumentsPage, NewSurveyIn, ResponseIn, ResponseOut, ResultsOut, SurveyOut, SurveySettingsIn,
    SurveySettingsOut, SurveysPage, SurveysParams,
};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::survey_csv;

type Created<T> = Result<(StatusCode, axum::Json<T>), ApiError>;

/// Every instrument: the built-ins, then the organisation's.
#[utoipa::path(get, path = "/api/v1/instruments", operation_id = "list_instruments", tag = "surveys",
    responses((status = 200, body = InstrumentsPage)))]
pub async fn list_instruments(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<axum::Json<InstrumentsPage>, ApiError> {
    let all = state.app.instruments(&user.viewer).await?;
    Ok(axum::Json(InstrumentsPage {
        items: all
            .iter()
            .map(|v| InstrumentOut::new(&v.instrument, v.builtin, v.in_use))
            .collect(),
        next_cursor: None,
    }))
}

#[utoipa::path(get, path = "/api/v1/instruments/{key}", operation_id = "show_instrument", tag = "surveys",
    params(("key" = String, Path)), responses((status = 200, body = InstrumentOut)))]
pub async fn show_instrument(
    State(state): State<AppState>,
    user: ApiUser,
    Path(key): Path<String>,
) -> Result<axum::Json<InstrumentOut>, ApiError> {
    let found = state.app.instrument(&user.viewer, &key).await?;
    Ok(axum::Json(InstrumentOut::new(
        &found.instrument,
        found.builtin,
        found.in_use,
    )))
}

/// Adds an instrument (leaders and admins), or replaces one you added that no survey asks yet
/// (200). A built-in's key, or one in use, is a 409.
#[utoipa::path(post, path = "/api/v1/instruments", operation_id = "create_instrument", tag = "surveys",
    request_body = InstrumentIn, responses((status = 201, body = InstrumentOut), (status = 200, body = InstrumentOut)))]
pub async fn create_instrument(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<InstrumentIn>,
) -> Created<InstrumentOut> {
    let (view, new) = state.app.save_instrument(&user.viewer, body.into()).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        axum::Json(InstrumentOut::new(&view.instrument, false, view.in_use)),
    ))
}

/// Imports an instrument file (TOML, see docs/instruments.md); a syntax error names its line.
#[utoipa::path(post, path = "/api/v1/instruments/import", operation_id = "import_instrument", tag = "surveys",
    request_body = InstrumentImportIn, responses((status = 201, body = InstrumentOut), (status = 200, body = InstrumentOut)))]
pub async fn import_instrument(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<InstrumentImportIn>,
) -> Created<InstrumentOut> {
    let (view, new) = state
        .app
        .import_instrument(&user.viewer, &body.toml)
        .await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        axum::Json(InstrumentOut::new(&view.instrument, false, view.in_use)),
    ))
}

/// Removes an instrument you added that no survey asks.
#[utoipa::path(delete, path = "/api/v1/instruments/{key}", operation_id = "delete_instrument", tag = "surveys",
    params(("key" = String, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete_instrument(
    State(state): State<AppState>,
    user: ApiUser,
    Path(key): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_instrument(&user.viewer, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Runs a survey: a team's (its lead or a manager above) or the organisation's (admins).
#[utoipa::path(post, path = "/api/v1/surveys", operation_id = "create_survey", tag = "surveys",
    request_body = NewSurveyIn, responses((status = 201, body = SurveyOut)))]
pub async fn create_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewSurveyIn>,
) -> Created<SurveyOut> {
    let view = state
        .app
        .create_survey(
            &user.viewer,
            SurveyInput {
                instrument: body.instrument,
                team_id: body.team_id,
                include_sub_teams: body.include_sub_teams,
                include_lead: body.include_lead,
                opens_at: body.opens_at.unwrap_or_default(),
                closes_at: body.closes_at,
                min_respondents: body.min_respondents,
                recurrence: body.recurrence.unwrap_or_default(),
                pool_waves: body.pool_waves,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(SurveyOut::from(&view))))
}

/// The surveys you are asked in, made, or lead the team of (all of them for an admin).
#[utoipa::path(get, path = "/api/v1/surveys", operation_id = "list_surveys", tag = "surveys",
    params(SurveysParams), responses((status = 200, body = SurveysPage)))]
pub async fn list_surveys(
    State(state): State<AppState>,
    user: ApiUser,
    Query(query): Query<SurveysParams>,
) -> Result<axum::Json<SurveysPage>, ApiError> {
    let team = params::id::<TeamId>("team_id", query.team_id.as_deref())?;
    let before = params::cursor(query.cursor.as_deref())?.map(|c| SurveyId(c.id));
    let limit = params::limit(query.limit)?;
    if limit > tend_app::SURVEYS_PAGE_MAX {
        return Err(tend_app::Error::parameter("limit", "is at most 100").into());
    }
    let page = state.app.surveys(&user.viewer, team, before, limit).await?;
    Ok(axum::Json(SurveysPage {
        items: page.items.iter().map(SurveyOut::from).collect(),
        next_cursor: page.next.map(|id| {
            Cursor {
                sort_key: String::new(),
                id: id.0,
            }
            .encode()
        }),
    }))
}

/// A survey, its status and how many answered of how many asked.
#[utoipa::path(get, path = "/api/v1/surveys/{id}", operation_id = "show_survey", tag = "surveys",
    params(("id" = SurveyId, Path)), responses((status = 200, body = SurveyOut)))]
pub async fn show_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
) -> Result<axum::Json<SurveyOut>, ApiError> {
    let view = state.app.survey(&user.viewer, id).await?;
    Ok(axum::Json(SurveyOut::from(&view)))
}

/// Answers a survey, once. Nothing links the answers to you: they cannot be changed later.
#[utoipa::path(post, path = "/api/v1/surveys/{id}/responses", operation_id = "respond_to_survey", tag = "surveys",
    params(("id" = SurveyId, Path)), request_body = ResponseIn, responses((status = 201, body = ResponseOut)))]
pub async fn respond(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
    Json(body): Json<ResponseIn>,
) -> Created<ResponseOut> {
    let mut comments = body.comments;
    if let Some(comment) = body.comment {
        comments.insert(GENERAL_COMMENT.to_owned(), comment);
    }
    state
        .app
        .respond(&user.viewer, id, body.answers, comments)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(ResponseOut {
            survey_id: id,
            recorded: true,
        }),
    ))
}

/// Closes a survey now (its creator, the leaders above its audience, or an admin).
#[utoipa::path(post, path = "/api/v1/surveys/{id}/close", operation_id = "close_survey", tag = "surveys",
    params(("id" = SurveyId, Path)), responses((status = 200, body = SurveyOut)))]
pub async fn close_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
) -> Result<axum::Json<SurveyOut>, ApiError> {
    let view = state.app.close_survey(&user.viewer, id).await?;
    Ok(axum::Json(SurveyOut::from(&view)))
}

/// Shares the results with everyone asked.
#[utoipa::path(post, path = "/api/v1/surveys/{id}/share", operation_id = "share_survey", tag = "surveys",
    params(("id" = SurveyId, Path)), responses((status = 200, body = SurveyOut)))]
pub async fn share_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
) -> Result<axum::Json<SurveyOut>, ApiError> {
    let view = state.app.share_results(&user.viewer, id, true).await?;
    Ok(axum::Json(SurveyOut::from(&view)))
}

/// Takes the results back from the audience.
#[utoipa::path(post, path = "/api/v1/surveys/{id}/unshare", operation_id = "unshare_survey", tag = "surveys",
    params(("id" = SurveyId, Path)), responses((status = 200, body = SurveyOut)))]
pub async fn unshare_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
) -> Result<axum::Json<SurveyOut>, ApiError> {
    let view = state.app.share_results(&user.viewer, id, false).await?;
    Ok(axum::Json(SurveyOut::from(&view)))
}

/// Reminds everyone who has not answered (who they are is never shown).
#[utoipa::path(post, path = "/api/v1/surveys/{id}/remind", operation_id = "remind_survey", tag = "surveys",
    params(("id" = SurveyId, Path)), responses((status = 200, body = SurveyOut)))]
pub async fn remind_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
) -> Result<axum::Json<SurveyOut>, ApiError> {
    let view = state.app.remind(&user.viewer, id).await?;
    Ok(axum::Json(SurveyOut::from(&view)))
}

/// Stops a recurring survey after this wave.
#[utoipa::path(post, path = "/api/v1/surveys/{id}/stop", operation_id = "stop_survey", tag = "surveys",
    params(("id" = SurveyId, Path)), responses((status = 200, body = SurveyOut)))]
pub async fn stop_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
) -> Result<axum::Json<SurveyOut>, ApiError> {
    let view = state.app.stop_recurring(&user.viewer, id).await?;
    Ok(axum::Json(SurveyOut::from(&view)))
}

/// The gated results: `{hidden: true, reason}` while open, below k, or when a subtraction could
/// tell about fewer than k people.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/results", operation_id = "survey_results", tag = "surveys",
    params(("id" = SurveyId, Path)), responses((status = 200, body = ResultsOut)))]
pub async fn results(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
) -> Result<axum::Json<ResultsOut>, ApiError> {
    let view = state.app.survey_results(&user.viewer, id).await?;
    Ok(axum::Json(ResultsOut::from(&view)))
}

/// The same gated results as CSV: one row per dimension, item and breakdown cell.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/results.csv", operation_id = "survey_results_csv", tag = "surveys",
    params(("id" = SurveyId, Path)), responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn results_csv(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
) -> Result<impl IntoResponse, ApiError> {
    let view = state.app.survey_results(&user.viewer, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"survey-{id}-results.csv\""),
            ),
        ],
        survey_csv::results_csv(&view),
    ))
}

/// Records what the team will do about a result (an action or an experiment).
#[utoipa::path(post, path = "/api/v1/surveys/{id}/actions", operation_id = "add_survey_action", tag = "surveys",
    params(("id" = SurveyId, Path)), request_body = ActionIn, responses((status = 201, body = ActionOut)))]
pub async fn add_action(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
    Json(body): Json<ActionIn>,
) -> Created<ActionOut> {
    let action = state
        .app
        .add_survey_action(
            &user.viewer,
            id,
            ActionInput {
                kind: body.kind.unwrap_or_default(),
                dimension: body.dimension,
                body: body.body,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(ActionOut::from(&action))))
}

/// What the team will do about a survey's result: for everyone who reads its results.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/actions", operation_id = "list_survey_actions", tag = "surveys",
    params(("id" = SurveyId, Path)), responses((status = 200, body = ActionsPage)))]
pub async fn list_actions(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyId>,
) -> Result<axum::Json<ActionsPage>, ApiError> {
    let view = state.app.survey_results(&user.viewer, id).await?;
    Ok(axum::Json(ActionsPage {
        items: view.actions.iter().map(ActionOut::from).collect(),
        next_cursor: None,
    }))
}

#[utoipa::path(get, path = "/api/v1/survey-actions/{id}", operation_id = "show_survey_action", tag = "surveys",
    params(("id" = SurveyActionId, Path)), responses((status = 200, body = ActionOut)))]
pub async fn show_action(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyActionId>,
) -> Result<axum::Json<ActionOut>, ApiError> {
    let action = state.app.survey_action(&user.viewer, id).await?;
    Ok(axum::Json(ActionOut::from(&action)))
}

#[utoipa::path(delete, path = "/api/v1/survey-actions/{id}", operation_id = "delete_survey_action", tag = "surveys",
    params(("id" = SurveyActionId, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete_action(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SurveyActionId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_survey_action(&user.viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organisation's survey settings: *k*.
#[utoipa::path(get, path = "/api/v1/survey-settings", operation_id = "survey_settings", tag = "surveys",
    responses((status = 200, body = SurveySettingsOut)))]
pub async fn settings(
    State(state): State<AppState>,
    _user: ApiUser,
) -> Result<axum::Json<SurveySettingsOut>, ApiError> {
    let k = state.app.survey_min_respondents().await?;
    Ok(axum::Json(SurveySettingsOut {
        min_respondents: k.get(),
    }))
}

/// Sets *k* (3 to 10): admins only.
#[utoipa::path(patch, path = "/api/v1/survey-settings", operation_id = "update_survey_settings", tag = "surveys",
    request_body = SurveySettingsIn, responses((status = 200, body = SurveySettingsOut)))]
pub async fn update_settings(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<SurveySettingsIn>,
) -> Result<axum::Json<SurveySettingsOut>, ApiError> {
    state
        .app
        .set_survey_min_respondents(&user.viewer, body.min_respondents)
        .await?;
    let k = state.app.survey_min_respondents().await?;
    Ok(axum::Json(SurveySettingsOut {
        min_respondents: k.get(),
    }))
}
