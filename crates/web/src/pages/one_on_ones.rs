//! One-on-ones: "My one-on-ones" (next meetings first, and starting a series), a series page
//! (history, what its meetings say, its agenda templates), and the meeting page where both people
//! work during the meeting. Every form posts and redirects back, so it all works without
//! JavaScript; with htmx, the meeting page's forms swap only the part that changed.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use tend_app::{
    FirstMeeting, MeetingView, NewActionItem, Participant, PersonRef, SeriesSummary, SeriesView,
    StartSeries, TemplatesInput,
};
use tend_domain::one_on_one::agenda::template_text;
use tend_domain::one_on_one::questions::{self, Group, Question};
use tend_domain::one_on_one::schedule::{local_date, wall_clock};
use tend_domain::one_on_one::{
    ActionItem, Cadence, ItemKind, Meeting, MeetingStatus, NotHeld, Note, TalkingPoint,
};
use tend_domain::{ActionItemId, MeetingId, NoteId, PersonId, SeriesId, TalkingPointId};

use super::{Layout, Path, Query, after_submit, form_status, render, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::markdown;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/one-on-ones", list)
        .post("/one-on-ones", start)
        .post("/one-on-ones/calendar/rotate", rotate_calendar)
        .get("/one-on-ones/{id}", series)
        .post("/one-on-ones/{id}/templates", update_templates)
        .get("/one-on-ones/{id}/end", end_form)
        .post("/one-on-ones/{id}/end", end)
        .post("/one-on-ones/{id}/resume", resume)
        .get("/meetings/{id}", meeting)
        .post("/meetings/{id}/talking-points", add_talking_point)
        .post("/meetings/{id}/questions", add_question)
        .post("/meetings/{id}/notes", add_note)
        .post("/meetings/{id}/action-items", add_action_item)
        .post("/meetings/{id}/complete", complete)
        .get("/meetings/{id}/not-held", not_held_form)
        .post("/meetings/{id}/not-held", not_held)
        .get("/meetings/{id}/reschedule", reschedule_form)
        .post("/meetings/{id}/reschedule", reschedule)
        .post("/talking-points/{id}/discussed", set_discussed)
        .post("/talking-points/{id}/move", move_talking_point)
        .post("/talking-points/{id}/delete", delete_talking_point)
        .post("/notes/{id}", update_note)
        .post("/notes/{id}/delete", delete_note)
        .post("/action-items/{id}/done", set_done)
        .post("/action-items/{id}/delete", delete_action_item)
}

/// Public: a calendar app fetches the feed with the secret in its URL, without a session.
pub fn public_routes() -> Routes {
    Routes::new().get("/calendar/{file}", calendar_feed)
}

/// How a meeting time reads for the viewer: on their own wall clock.
fn when(at: tend_domain::Timestamp, user: &SignedIn) -> String {
    let zone = &user.person().profile.time_zone;
    let zone = if zone.is_empty() {
        "UTC"
    } else {
        zone.as_str()
    };
    format!("{} ({zone})", wall_clock(at, zone))
}

// ---------------------------------------------------------------------------------------------
// My one-on-ones.

/// A series as the list shows it to the viewer.
struct SeriesRow {
    id: SeriesId,
    other: Participant,
    schedule: String,
    next: Option<(MeetingId, String, bool)>,
}

#[derive(Template)]
#[template(path = "one_on_ones/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<SeriesRow>,
    calendar_url: String,
    form: StartForm,
    errors: FormErrors,
    cadences: &'static [Cadence],
}

#[derive(Deserialize, Default, Clone)]
struct StartForm {
    #[serde(default)]
    with: String,
    #[serde(default)]
    cadence: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    time: String,
    #[serde(default)]
    time_zone: String,
}

/// At most this many series on the page; nobody holds more in practice.
const LIST_LIMIT: u32 = 200;

async fn list_page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    form: StartForm,
    errors: FormErrors,
) -> Result<ListPage, PageError> {
    let viewer = user.viewer();
    let page = state.app.one_on_ones(&viewer, None, LIST_LIMIT).await?;
    let now = state.app.now();
    let mut items: Vec<&SeriesSummary> = page.items.iter().collect();
    // Next meetings first; a series with none (ended) last.
    items.sort_by_key(|s| {
        (
            s.next_meeting.as_ref().map(|m| m.starts_at).is_none(),
            s.next_meeting.as_ref().map(|m| m.starts_at),
            s.series.id,
        )
    });
    let rows = items
        .into_iter()
        .map(|s| SeriesRow {
            id: s.series.id,
            other: s.other(viewer.id).clone(),
            schedule: s.series.schedule.describe(),
            next: s
                .next_meeting
                .as_ref()
                .map(|m| (m.id, when(m.starts_at, user), m.starts_at < now)),
        })
        .collect();
    let calendar_url = state.app.calendar_url(&viewer).await?;
    let mut form = form;
    if form.time_zone.is_empty() {
        form.time_zone = user.person().profile.time_zone.clone();
    }
    Ok(ListPage {
        layout: Layout::new("My one-on-ones", "one-on-ones", Some(user), csrf),
        rows,
        calendar_url,
        form,
        errors: errors.renamed("first_meeting_at", "date"),
        cadences: Cadence::ALL,
    })
}

async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    let page = list_page(
        &state,
        &user,
        &csrf,
        StartForm::default(),
        FormErrors::none(),
    )
    .await?;
    render(&page)
}

async fn start(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<StartForm>,
) -> Result<Response, PageError> {
    let input = StartSeries {
        with: PersonRef::from_text(&form.with),
        cadence: form.cadence.clone(),
        first: FirstMeeting::WallClock {
            date: form.date.clone(),
            time: form.time.clone(),
            time_zone: form.time_zone.clone(),
        },
    };
    match state.app.start_one_on_one(&user.viewer(), input).await {
        Ok(view) => Ok(see(format!("/one-on-ones/{}", view.summary.series.id))),
        Err(error) => {
            let errors = form_errors(error)?;
            let page = list_page(&state, &user, &csrf, form, errors).await?;
            render_status(&page, form_status(&page.errors))
        }
    }
}

async fn rotate_calendar(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<Response, PageError> {
    state.app.rotate_calendar_url(&user.viewer()).await?;
    Ok(see("/one-on-ones#calendar"))
}

async fn calendar_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    let feed = state.app.calendar_feed(&file).await?;
    let mut response = feed.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

// ---------------------------------------------------------------------------------------------
// A series.

struct HistoryRow {
    id: MeetingId,
    when: String,
    status: MeetingStatus,
    reason: String,
}

#[derive(Template)]
#[template(path = "one_on_ones/series.html")]
struct SeriesPage {
    layout: Layout,
    view: SeriesView,
    other: Participant,
    next: Option<(MeetingId, String)>,
    history: Vec<HistoryRow>,
    /// Whole percentages, or None.
    person_first: Option<u32>,
    report_share: Option<u32>,
    last_career: Option<String>,
    form: TemplatesForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct TemplatesForm {
    #[serde(default)]
    opening: String,
    #[serde(default)]
    career: String,
    #[serde(default)]
    career_every: String,
}

fn percent(share: Option<f64>) -> Option<u32> {
    share.map(|s| (s * 100.0).round().clamp(0.0, 100.0) as u32)
}

fn series_page(
    user: &SignedIn,
    csrf: &CsrfToken,
    view: SeriesView,
    form: Option<TemplatesForm>,
    errors: FormErrors,
) -> SeriesPage {
    let other = view.summary.other(user.person().id).clone();
    let templates = &view.summary.series.templates;
    let form = form.unwrap_or_else(|| TemplatesForm {
        opening: template_text(&templates.opening),
        career: template_text(&templates.career),
        career_every: templates.career_rule.stored().to_string(),
    });
    let next = view
        .summary
        .next_meeting
        .as_ref()
        .map(|m| (m.id, when(m.starts_at, user)));
    let history = view
        .meetings
        .iter()
        .rev()
        .filter(|m| m.status != MeetingStatus::Scheduled)
        .map(|m| HistoryRow {
            id: m.id,
            when: when(m.starts_at, user),
            status: m.status,
            reason: m.reason.clone(),
        })
        .collect();
    SeriesPage {
        layout: Layout::new(
            format!("One-on-one with {}", other.name),
            "one-on-ones",
            Some(user),
            csrf,
        ),
        person_first: percent(view.signals.person_first_share),
        report_share: percent(view.signals.report_share),
        last_career: view
            .signals
            .last_career_conversation
            .map(|at| when(at, user)),
        other,
        next,
        history,
        view,
        form,
        errors,
    }
}

async fn series(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SeriesId>,
) -> Result<Response, PageError> {
    let view = state.app.one_on_one(&user.viewer(), id).await?;
    render(&series_page(&user, &csrf, view, None, FormErrors::none()))
}

async fn update_templates(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SeriesId>,
    Form(form): Form<TemplatesForm>,
) -> Result<Response, PageError> {
    let input = TemplatesInput {
        opening: form.opening.clone(),
        career: form.career.clone(),
        career_every: form.career_every.clone(),
    };
    match state.app.update_templates(&user.viewer(), id, input).await {
        Ok(_) => Ok(see(format!("/one-on-ones/{id}#templates"))),
        Err(error) => {
            let errors = form_errors(error)?;
            let view = state.app.one_on_one(&user.viewer(), id).await?;
            render_status(
                &series_page(&user, &csrf, view, Some(form), errors),
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A meeting.

struct NoteShown {
    note: Note,
    /// When it was last written, on the viewer's clock.
    at: String,
    html: String,
    author: String,
    mine: bool,
}

struct ActionShown {
    item: ActionItem,
    owner: String,
    carried_from: Option<(MeetingId, String)>,
}

/// What the meeting page's forms bring back when one fails.
#[derive(Default)]
struct MeetingForms {
    point_text: String,
    point_kind: String,
    note_body: String,
    note_private: bool,
    action_text: String,
    action_owner: String,
    action_due: String,
    errors: FormErrors,
    /// Which form the errors belong to: "point", "note" or "action".
    failed: &'static str,
}

#[derive(Template)]
#[template(path = "one_on_ones/meeting.html")]
struct MeetingPage {
    layout: Layout,
    view: MeetingView,
    me: PersonId,
    other: Participant,
    when: String,
    is_scheduled: bool,
    is_past: bool,
    points: Vec<TalkingPoint>,
    notes: Vec<NoteShown>,
    actions: Vec<ActionShown>,
    previous: Option<(MeetingId, String)>,
    following: Option<(MeetingId, String)>,
    kinds: &'static [ItemKind],
    groups: Vec<(Group, Vec<&'static Question>)>,
    forms: MeetingForms,
}

impl MeetingPage {
    fn may_remove(&self, point: &TalkingPoint) -> bool {
        point.added_by.is_none_or(|by| by == self.me)
    }

    fn added_by(&self, point: &TalkingPoint) -> String {
        match point.added_by {
            None => "Tend".to_owned(),
            Some(by) if by == self.me => "you".to_owned(),
            Some(_) => self.other.name.clone(),
        }
    }
}

fn name_in(view: &MeetingView, me: PersonId, id: PersonId) -> String {
    if id == me {
        "You".to_owned()
    } else {
        view.summary
            .participants()
            .into_iter()
            .find(|p| p.id == id)
            .map_or_else(String::new, |p| p.name.clone())
    }
}

fn meeting_page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    view: MeetingView,
    forms: MeetingForms,
) -> MeetingPage {
    let me = user.person().id;
    let other = view.summary.other(me).clone();
    let brief = |m: &Meeting| (m.id, when(m.starts_at, user));
    let notes = view
        .notes
        .iter()
        .map(|note| NoteShown {
            html: markdown::render(&note.body),
            author: name_in(&view, me, note.author_id),
            mine: note.author_id == me,
            at: when(note.updated_at, user),
            note: note.clone(),
        })
        .collect();
    let actions = view
        .action_items
        .iter()
        .map(|item| ActionShown {
            owner: name_in(&view, me, item.owner_id),
            carried_from: item.carried_from.and_then(|from| {
                view.carried_from
                    .iter()
                    .find(|(id, _)| *id == from)
                    .map(|(id, at)| (*id, when(*at, user)))
            }),
            item: item.clone(),
        })
        .collect();
    let groups = Group::ALL
        .into_iter()
        .map(|g| (g, questions::in_group(g).collect()))
        .collect();
    MeetingPage {
        layout: Layout::new(
            format!("One-on-one with {}", other.name),
            "one-on-ones",
            Some(user),
            csrf,
        ),
        when: when(view.meeting.starts_at, user),
        is_scheduled: view.meeting.status == MeetingStatus::Scheduled,
        is_past: view.meeting.starts_at < state.app.now(),
        points: view.talking_points.clone(),
        previous: view.previous.as_ref().map(brief),
        following: view.following.as_ref().map(brief),
        kinds: ItemKind::ALL,
        groups,
        notes,
        actions,
        me,
        other,
        view,
        forms,
    }
}

async fn meeting(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<MeetingId>,
) -> Result<Response, PageError> {
    let view = state.app.meeting(&user.viewer(), id).await?;
    render(&meeting_page(
        &state,
        &user,
        &csrf,
        view,
        MeetingForms::default(),
    ))
}

/// After a form on the meeting page: back to the meeting (at `anchor`), or the page again with
/// the form's message (422).
async fn back_to_meeting(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    id: MeetingId,
    anchor: &str,
    outcome: Result<(), tend_app::Error>,
    forms: impl FnOnce(FormErrors) -> MeetingForms,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(see(format!("/meetings/{id}#{anchor}"))),
        Err(error) => {
            let errors = form_errors(error)?;
            let view = state.app.meeting(&user.viewer(), id).await?;
            render_status(
                &meeting_page(state, user, csrf, view, forms(errors)),
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

#[derive(Deserialize)]
struct PointForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    kind: String,
}

async fn add_talking_point(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<MeetingId>,
    Form(form): Form<PointForm>,
) -> Result<Response, PageError> {
    let outcome = state
        .app
        .add_talking_point(&user.viewer(), id, &form.kind, &form.text)
        .await
        .map(|_| ());
    back_to_meeting(&state, &user, &csrf, id, "agenda", outcome, |errors| {
        MeetingForms {
            point_text: form.text,
            point_kind: form.kind,
            errors,
            failed: "point",
            ..MeetingForms::default()
        }
    })
    .await
}

#[derive(Deserialize)]
struct QuestionForm {
    #[serde(default)]
    question: String,
}

async fn add_question(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<MeetingId>,
    Form(form): Form<QuestionForm>,
) -> Result<Response, PageError> {
    let outcome = state
        .app
        .add_question(&user.viewer(), id, &form.question)
        .await
        .map(|_| ());
    back_to_meeting(&state, &user, &csrf, id, "agenda", outcome, |errors| {
        MeetingForms {
            errors,
            failed: "question",
            ..MeetingForms::default()
        }
    })
    .await
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    body: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    private: Option<String>,
}

async fn add_note(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<MeetingId>,
    Form(form): Form<NoteForm>,
) -> Result<Response, PageError> {
    let private = form.private.is_some();
    let outcome = state
        .app
        .add_note(&user.viewer(), id, &form.body, private)
        .await
        .map(|_| ());
    back_to_meeting(&state, &user, &csrf, id, "notes", outcome, |errors| {
        MeetingForms {
            note_body: form.body,
            note_private: private,
            errors,
            failed: "note",
            ..MeetingForms::default()
        }
    })
    .await
}

#[derive(Deserialize)]
struct ActionForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due_on: String,
}

async fn add_action_item(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<MeetingId>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let input = NewActionItem {
        text: form.text.clone(),
        owner: form.owner.trim().parse().ok(),
        due_on: form.due_on.clone(),
    };
    let outcome = state
        .app
        .add_action_item(&user.viewer(), id, input)
        .await
        .map(|_| ());
    back_to_meeting(&state, &user, &csrf, id, "actions", outcome, |errors| {
        MeetingForms {
            action_text: form.text,
            action_owner: form.owner,
            action_due: form.due_on,
            errors: errors.renamed("owner_id", "owner"),
            failed: "action",
            ..MeetingForms::default()
        }
    })
    .await
}

async fn complete(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<MeetingId>,
) -> Result<Response, PageError> {
    match state.app.complete_meeting(&user.viewer(), id).await {
        Ok(next) => Ok(see(format!("/meetings/{next}"))),
        Err(error) => {
            back_to_meeting(&state, &user, &csrf, id, "", Err(error), |errors| {
                MeetingForms {
                    errors,
                    failed: "meeting",
                    ..MeetingForms::default()
                }
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "one_on_ones/not_held.html")]
struct NotHeldPage {
    layout: Layout,
    id: MeetingId,
    when: String,
    other: String,
    how: String,
    reason: String,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct NotHeldForm {
    #[serde(default)]
    how: String,
    #[serde(default)]
    reason: String,
}

async fn not_held_page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    id: MeetingId,
    form: NotHeldForm,
    errors: FormErrors,
) -> Result<NotHeldPage, PageError> {
    let view = state.app.meeting(&user.viewer(), id).await?;
    let other = view.summary.other(user.person().id).name.clone();
    Ok(NotHeldPage {
        layout: Layout::new("Skip or cancel a meeting", "one-on-ones", Some(user), csrf),
        id,
        when: when(view.meeting.starts_at, user),
        other,
        how: if form.how == "cancel" {
            "cancel"
        } else {
            "skip"
        }
        .to_owned(),
        reason: form.reason,
        errors,
    })
}

async fn not_held_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<MeetingId>,
    Query(form): Query<NotHeldForm>,
) -> Result<Response, PageError> {
    render(&not_held_page(&state, &user, &csrf, id, form, FormErrors::none()).await?)
}

async fn not_held(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<MeetingId>,
    Form(form): Form<NotHeldForm>,
) -> Result<Response, PageError> {
    let how = match form.how.as_str() {
        "cancel" => Ok(NotHeld::Cancelled),
        "skip" => Ok(NotHeld::Skipped),
        _ => Err(tend_app::Error::field("how", "choose skip or cancel")),
    };
    let outcome = match how {
        Ok(how) => state
            .app
            .not_hold_meeting(&user.viewer(), id, how, &form.reason)
            .await
            .map(|next| format!("/meetings/{next}")),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(target) => Ok(see(target)),
        Err(error) => {
            let errors = form_errors(error)?;
            let page = not_held_page(&state, &user, &csrf, id, form, errors).await?;
            render_status(&page, form_status(&page.errors))
        }
    }
}

#[derive(Template)]
#[template(path = "one_on_ones/reschedule.html")]
struct ReschedulePage {
    layout: Layout,
    id: MeetingId,
    when: String,
    form: RescheduleForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct RescheduleForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    time: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    reason: String,
}

async fn reschedule_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<MeetingId>,
) -> Result<Response, PageError> {
    let view = state.app.meeting(&user.viewer(), id).await?;
    let zone = view.summary.series.schedule.time_zone.clone();
    let date = local_date(view.meeting.starts_at, &zone)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let first = view.summary.series.schedule.first;
    render(&ReschedulePage {
        layout: Layout::new("Move a meeting", "one-on-ones", Some(&user), &csrf),
        id,
        when: when(view.meeting.starts_at, &user),
        form: RescheduleForm {
            date,
            time: format!("{:02}:{:02}", first.hour(), first.minute()),
            time_zone: zone,
            reason: String::new(),
        },
        errors: FormErrors::none(),
    })
}

async fn reschedule(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<MeetingId>,
    Form(form): Form<RescheduleForm>,
) -> Result<Response, PageError> {
    let to = FirstMeeting::WallClock {
        date: form.date.clone(),
        time: form.time.clone(),
        time_zone: form.time_zone.clone(),
    };
    let outcome = state
        .app
        .reschedule_meeting(&user.viewer(), id, to, &form.reason)
        .await
        .map(|_| format!("/meetings/{id}"));
    let when_now = match &outcome {
        Ok(_) => String::new(),
        Err(_) => {
            let view = state.app.meeting(&user.viewer(), id).await?;
            when(view.meeting.starts_at, &user)
        }
    };
    after_submit(outcome, |errors| ReschedulePage {
        layout: Layout::new("Move a meeting", "one-on-ones", Some(&user), &csrf),
        id,
        when: when_now,
        form,
        errors,
    })
}

#[derive(Deserialize)]
struct ToggleForm {
    /// "true" or "false".
    #[serde(default)]
    value: String,
}

fn toggle(form: &ToggleForm) -> bool {
    form.value == "true"
}

async fn set_discussed(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<TalkingPointId>,
    Form(form): Form<ToggleForm>,
) -> Result<Response, PageError> {
    let point = state
        .app
        .set_talking_point_discussed(&user.viewer(), id, toggle(&form))
        .await?;
    Ok(see(format!("/meetings/{}#agenda", point.meeting_id)))
}

#[derive(Deserialize)]
struct MoveForm {
    #[serde(default)]
    direction: String,
}

async fn move_talking_point(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<TalkingPointId>,
    Form(form): Form<MoveForm>,
) -> Result<Response, PageError> {
    let point = state
        .app
        .move_talking_point(&user.viewer(), id, form.direction != "down")
        .await?;
    Ok(see(format!("/meetings/{}#agenda", point.meeting_id)))
}

async fn delete_talking_point(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<TalkingPointId>,
) -> Result<Response, PageError> {
    let meeting = state.app.remove_talking_point(&user.viewer(), id).await?;
    Ok(see(format!("/meetings/{meeting}#agenda")))
}

#[derive(Deserialize)]
struct NoteEditForm {
    #[serde(default)]
    body: String,
}

async fn update_note(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<NoteId>,
    Form(form): Form<NoteEditForm>,
) -> Result<Response, PageError> {
    let note = state.app.note(&user.viewer(), id).await?;
    let outcome = state
        .app
        .update_note(&user.viewer(), id, &form.body)
        .await
        .map(|_| ());
    back_to_meeting(
        &state,
        &user,
        &csrf,
        note.meeting_id,
        "notes",
        outcome,
        |errors| MeetingForms {
            errors: errors.renamed("body", "edit_body"),
            failed: "note",
            ..MeetingForms::default()
        },
    )
    .await
}

async fn delete_note(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<NoteId>,
) -> Result<Response, PageError> {
    let meeting = state.app.delete_note(&user.viewer(), id).await?;
    Ok(see(format!("/meetings/{meeting}#notes")))
}

async fn set_done(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<ActionItemId>,
    Form(form): Form<ToggleForm>,
) -> Result<Response, PageError> {
    let item = state
        .app
        .set_action_item_done(&user.viewer(), id, toggle(&form))
        .await?;
    Ok(see(format!("/meetings/{}#actions", item.meeting_id)))
}

async fn delete_action_item(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<ActionItemId>,
) -> Result<Response, PageError> {
    let meeting = state.app.delete_action_item(&user.viewer(), id).await?;
    Ok(see(format!("/meetings/{meeting}#actions")))
}

#[derive(Template)]
#[template(path = "one_on_ones/end.html")]
struct EndPage {
    layout: Layout,
    id: SeriesId,
    other: String,
    reason: String,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct EndForm {
    #[serde(default)]
    reason: String,
}

async fn end_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SeriesId>,
) -> Result<Response, PageError> {
    let view = state.app.one_on_one(&user.viewer(), id).await?;
    render(&EndPage {
        layout: Layout::new("End these one-on-ones?", "one-on-ones", Some(&user), &csrf),
        id,
        other: view.summary.other(user.person().id).name.clone(),
        reason: String::new(),
        errors: FormErrors::none(),
    })
}

async fn end(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SeriesId>,
    Form(form): Form<EndForm>,
) -> Result<Response, PageError> {
    let outcome = state
        .app
        .end_one_on_one(&user.viewer(), id, &form.reason)
        .await
        .map(|_| format!("/one-on-ones/{id}"));
    let other = match &outcome {
        Ok(_) => String::new(),
        Err(_) => {
            let view = state.app.one_on_one(&user.viewer(), id).await?;
            view.summary.other(user.person().id).name.clone()
        }
    };
    after_submit(outcome, |errors| EndPage {
        layout: Layout::new("End these one-on-ones?", "one-on-ones", Some(&user), &csrf),
        id,
        other,
        reason: form.reason,
        errors,
    })
}

async fn resume(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<SeriesId>,
) -> Result<Response, PageError> {
    state.app.resume_one_on_one(&user.viewer(), id).await?;
    Ok(see(format!("/one-on-ones/{id}")))
}
