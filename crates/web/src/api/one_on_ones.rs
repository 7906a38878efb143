//! One-on-ones in the API: series, meetings, and what is in a meeting. Anything of a series the
//! caller is not in answers 404, as if it did not exist.

use axum::extract::State;
use axum::http::StatusCode;
use tend_app::{FirstMeeting, NewActionItem, PersonRef, StartSeries, TemplatesInput, params};
use tend_domain::one_on_one::NotHeld;
use tend_domain::pagination::Cursor;
use tend_domain::{ActionItemId, MeetingId, NoteId, SeriesId, TalkingPointId, Timestamp};

use super::extract::{Json, Path, Query};
use super::types::{
    ActionItemOut, ActionItemPatch, CalendarOut, MeetingBriefOut, MeetingMovedOnOut, MeetingOut,
    NewActionItemIn, NewNoteIn, NewSeriesIn, NewTalkingPointIn, NoteOut, NotePatch, PageParams,
    ReasonIn, RescheduleIn, SeriesDetailOut, SeriesOut, SeriesPageOut, SeriesPatch,
    TalkingPointOut, TalkingPointPatch,
};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;

type Created<T> = Result<(StatusCode, axum::Json<T>), ApiError>;
type Answer<T> = Result<axum::Json<T>, ApiError>;

/// An RFC 3339 instant from a body field, or a 422 naming it.
fn instant(field: &'static str, raw: &str) -> Result<Timestamp, tend_app::Error> {
    Timestamp::parse_rfc3339(raw).ok_or_else(|| {
        tend_app::Error::field(
            field,
            format!("“{raw}” is not an RFC 3339 time such as 2026-12-01T10:00:00Z"),
        )
    })
}

/// Starts a one-on-one series with someone; its first meeting comes into being with it.
#[utoipa::path(post, path = "/api/v1/one-on-ones", operation_id = "start_one_on_one", tag = "one-on-ones",
    request_body = NewSeriesIn, responses((status = 201, body = SeriesOut)))]
pub async fn start(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewSeriesIn>,
) -> Created<SeriesOut> {
    let input = StartSeries {
        with: Some(PersonRef::Id(body.with)),
        cadence: body.cadence,
        first: FirstMeeting::At(instant("first_meeting_at", &body.first_meeting_at)?),
    };
    let view = state.app.start_one_on_one(&user.viewer, input).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(SeriesOut::from(&view.summary)),
    ))
}

/// The series you take part in.
#[utoipa::path(get, path = "/api/v1/one-on-ones", operation_id = "list_one_on_ones", tag = "one-on-ones",
    params(PageParams), responses((status = 200, body = SeriesPageOut)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(query): Query<PageParams>,
) -> Answer<SeriesPageOut> {
    let after = params::cursor(query.cursor.as_deref())?.map(|c| SeriesId(c.id));
    let limit = params::limit(query.limit)?;
    let page = state.app.one_on_ones(&user.viewer, after, limit).await?;
    Ok(axum::Json(SeriesPageOut {
        items: page.items.iter().map(SeriesOut::from).collect(),
        next_cursor: page.next.map(|id| {
            Cursor {
                sort_key: String::new(),
                id: id.0,
            }
            .encode()
        }),
    }))
}

#[utoipa::path(get, path = "/api/v1/one-on-ones/{id}", operation_id = "show_one_on_one", tag = "one-on-ones",
    params(("id" = SeriesId, Path)), responses((status = 200, body = SeriesDetailOut)))]
pub async fn show(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SeriesId>,
) -> Answer<SeriesDetailOut> {
    let view = state.app.one_on_one(&user.viewer, id).await?;
    Ok(axum::Json(SeriesDetailOut::from(&view)))
}

/// Changes what new meetings of the series open with; meetings already made keep their agenda.
#[utoipa::path(patch, path = "/api/v1/one-on-ones/{id}", operation_id = "update_one_on_one", tag = "one-on-ones",
    params(("id" = SeriesId, Path)), request_body = SeriesPatch, responses((status = 200, body = SeriesDetailOut)))]
pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SeriesId>,
    Json(patch): Json<SeriesPatch>,
) -> Answer<SeriesDetailOut> {
    let current = SeriesDetailOut::from(&state.app.one_on_one(&user.viewer, id).await?);
    let input = TemplatesInput {
        opening: patch.opening_template.unwrap_or(current.opening_template),
        career: patch.career_template.unwrap_or(current.career_template),
        career_every: patch
            .career_every
            .map_or(current.career_every, i64::from)
            .to_string(),
    };
    let view = state.app.update_templates(&user.viewer, id, input).await?;
    Ok(axum::Json(SeriesDetailOut::from(&view)))
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}", operation_id = "show_meeting", tag = "one-on-ones",
    params(("id" = MeetingId, Path)), responses((status = 200, body = MeetingOut)))]
pub async fn meeting(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<MeetingId>,
) -> Answer<MeetingOut> {
    let view = state.app.meeting(&user.viewer, id).await?;
    Ok(axum::Json(MeetingOut::from(&view)))
}

/// Adds a talking point to a meeting still to be held.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/talking-points", operation_id = "add_talking_point", tag = "one-on-ones",
    params(("id" = MeetingId, Path)), request_body = NewTalkingPointIn, responses((status = 201, body = TalkingPointOut)))]
pub async fn add_talking_point(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<MeetingId>,
    Json(body): Json<NewTalkingPointIn>,
) -> Created<TalkingPointOut> {
    let point = state
        .app
        .add_talking_point(&user.viewer, id, &body.kind, &body.text)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(TalkingPointOut::from(&point)),
    ))
}

/// Marks a talking point discussed (or not), or moves it one place up or down.
#[utoipa::path(patch, path = "/api/v1/talking-points/{id}", operation_id = "update_talking_point", tag = "one-on-ones",
    params(("id" = TalkingPointId, Path)), request_body = TalkingPointPatch, responses((status = 200, body = TalkingPointOut)))]
pub async fn update_talking_point(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<TalkingPointId>,
    Json(patch): Json<TalkingPointPatch>,
) -> Answer<TalkingPointOut> {
    let up = match patch.r#move.as_deref() {
        None => None,
        Some("up") => Some(true),
        Some("down") => Some(false),
        Some(other) => {
            return Err(tend_app::Error::field(
                "move",
                format!("“{other}” is not one of: up, down"),
            )
            .into());
        }
    };
    let mut point = None;
    if let Some(discussed) = patch.discussed {
        point = Some(
            state
                .app
                .set_talking_point_discussed(&user.viewer, id, discussed)
                .await?,
        );
    }
    if let Some(up) = up {
        point = Some(state.app.move_talking_point(&user.viewer, id, up).await?);
    }
    let point = point
        .ok_or_else(|| tend_app::Error::field("discussed", "give `discussed`, `move` or both"))?;
    Ok(axum::Json(TalkingPointOut::from(&point)))
}

/// Adds a note: shared with the other person, or private to you alone.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/notes", operation_id = "add_note", tag = "one-on-ones",
    params(("id" = MeetingId, Path)), request_body = NewNoteIn, responses((status = 201, body = NoteOut)))]
pub async fn add_note(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<MeetingId>,
    Json(body): Json<NewNoteIn>,
) -> Created<NoteOut> {
    let note = state
        .app
        .add_note(&user.viewer, id, &body.body, body.private)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(NoteOut::from(&note))))
}

/// Rewrites a note you wrote.
#[utoipa::path(patch, path = "/api/v1/notes/{id}", operation_id = "update_note", tag = "one-on-ones",
    params(("id" = NoteId, Path)), request_body = NotePatch, responses((status = 200, body = NoteOut)))]
pub async fn update_note(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<NoteId>,
    Json(body): Json<NotePatch>,
) -> Answer<NoteOut> {
    let note = state.app.update_note(&user.viewer, id, &body.body).await?;
    Ok(axum::Json(NoteOut::from(&note)))
}

/// Adds an action item owned by one of the two people.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/action-items", operation_id = "add_action_item", tag = "one-on-ones",
    params(("id" = MeetingId, Path)), request_body = NewActionItemIn, responses((status = 201, body = ActionItemOut)))]
pub async fn add_action_item(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<MeetingId>,
    Json(body): Json<NewActionItemIn>,
) -> Created<ActionItemOut> {
    let input = NewActionItem {
        text: body.text,
        owner: Some(body.owner_id),
        due_on: body.due_on.unwrap_or_default(),
    };
    let item = state.app.add_action_item(&user.viewer, id, input).await?;
    Ok((StatusCode::CREATED, axum::Json(ActionItemOut::from(&item))))
}

/// Marks an action item done or open again.
#[utoipa::path(patch, path = "/api/v1/action-items/{id}", operation_id = "update_action_item", tag = "one-on-ones",
    params(("id" = ActionItemId, Path)), request_body = ActionItemPatch, responses((status = 200, body = ActionItemOut)))]
pub async fn update_action_item(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<ActionItemId>,
    Json(body): Json<ActionItemPatch>,
) -> Answer<ActionItemOut> {
    let item = state
        .app
        .set_action_item_done(&user.viewer, id, body.done)
        .await?;
    Ok(axum::Json(ActionItemOut::from(&item)))
}

async fn moved_on(
    state: &AppState,
    user: &ApiUser,
    id: MeetingId,
    next: MeetingId,
) -> Answer<MeetingMovedOnOut> {
    let meeting = state.app.meeting(&user.viewer, id).await?;
    let next = state.app.meeting(&user.viewer, next).await?;
    Ok(axum::Json(MeetingMovedOnOut {
        meeting: MeetingOut::from(&meeting),
        next_meeting: MeetingBriefOut::from(&next.meeting),
    }))
}

/// Marks a meeting held. Its open action items move to the next meeting, which comes into being.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/complete", operation_id = "complete_meeting", tag = "one-on-ones",
    params(("id" = MeetingId, Path)), responses((status = 200, body = MeetingMovedOnOut)))]
pub async fn complete(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<MeetingId>,
) -> Answer<MeetingMovedOnOut> {
    let next = state.app.complete_meeting(&user.viewer, id).await?;
    moved_on(&state, &user, id, next).await
}

/// Skips this one meeting, with a reason; the series goes on, and open items move to the next.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/skip", operation_id = "skip_meeting", tag = "one-on-ones",
    params(("id" = MeetingId, Path)), request_body = ReasonIn, responses((status = 200, body = MeetingMovedOnOut)))]
pub async fn skip(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<MeetingId>,
    Json(body): Json<ReasonIn>,
) -> Answer<MeetingMovedOnOut> {
    let next = state
        .app
        .not_hold_meeting(&user.viewer, id, NotHeld::Skipped, &body.reason)
        .await?;
    moved_on(&state, &user, id, next).await
}

/// Cancels this one meeting, with a reason; the series goes on, and open items move to the next.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/cancel", operation_id = "cancel_meeting", tag = "one-on-ones",
    params(("id" = MeetingId, Path)), request_body = ReasonIn, responses((status = 200, body = MeetingMovedOnOut)))]
pub async fn cancel(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<MeetingId>,
    Json(body): Json<ReasonIn>,
) -> Answer<MeetingMovedOnOut> {
    let next = state
        .app
        .not_hold_meeting(&user.viewer, id, NotHeld::Cancelled, &body.reason)
        .await?;
    moved_on(&state, &user, id, next).await
}

/// Moves a meeting still to be held to another time, with a reason.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/reschedule", operation_id = "reschedule_meeting", tag = "one-on-ones",
    params(("id" = MeetingId, Path)), request_body = RescheduleIn, responses((status = 200, body = MeetingOut)))]
pub async fn reschedule(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<MeetingId>,
    Json(body): Json<RescheduleIn>,
) -> Answer<MeetingOut> {
    let to = instant("starts_at", &body.starts_at)?;
    state
        .app
        .reschedule_meeting(&user.viewer, id, FirstMeeting::At(to), &body.reason)
        .await?;
    let view = state.app.meeting(&user.viewer, id).await?;
    Ok(axum::Json(MeetingOut::from(&view)))
}

/// Your calendar feed's address (made on first asking).
#[utoipa::path(get, path = "/api/v1/me/calendar", operation_id = "show_calendar_url", tag = "me",
    responses((status = 200, body = CalendarOut)))]
pub async fn calendar(State(state): State<AppState>, user: ApiUser) -> Answer<CalendarOut> {
    let url = state.app.calendar_url(&user.viewer).await?;
    Ok(axum::Json(CalendarOut { url }))
}

/// A new address for your calendar feed; the old one stops working at once.
#[utoipa::path(post, path = "/api/v1/me/calendar/rotate", operation_id = "rotate_calendar_url", tag = "me",
    responses((status = 200, body = CalendarOut)))]
pub async fn rotate_calendar(State(state): State<AppState>, user: ApiUser) -> Answer<CalendarOut> {
    let url = state.app.rotate_calendar_url(&user.viewer).await?;
    Ok(axum::Json(CalendarOut { url }))
}

/// Ends a series: the meeting still to come is cancelled with the reason, and no more come.
#[utoipa::path(post, path = "/api/v1/one-on-ones/{id}/end", operation_id = "end_one_on_one", tag = "one-on-ones",
    params(("id" = SeriesId, Path)), request_body = ReasonIn, responses((status = 200, body = SeriesDetailOut)))]
pub async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SeriesId>,
    Json(body): Json<ReasonIn>,
) -> Answer<SeriesDetailOut> {
    let view = state
        .app
        .end_one_on_one(&user.viewer, id, &body.reason)
        .await?;
    Ok(axum::Json(SeriesDetailOut::from(&view)))
}

/// Starts an ended series again from its next date; open action items come along (409 if it has
/// not ended).
#[utoipa::path(post, path = "/api/v1/one-on-ones/{id}/resume", operation_id = "resume_one_on_one", tag = "one-on-ones",
    params(("id" = SeriesId, Path)), responses((status = 200, body = SeriesDetailOut)))]
pub async fn resume(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<SeriesId>,
) -> Answer<SeriesDetailOut> {
    let view = state.app.resume_one_on_one(&user.viewer, id).await?;
    Ok(axum::Json(SeriesDetailOut::from(&view)))
}
