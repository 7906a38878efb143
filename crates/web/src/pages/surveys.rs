//! Pulse surveys on pages: the list (what waits for your answer, what you run), running a new
//! survey, a survey's page (answering it; counts and the leader's controls), closing, sharing,
//! reminding and stopping a recurring survey.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use tend_app::{SurveyInput, SurveyView, params};
use tend_domain::TeamId;
use tend_domain::survey::results::GENERAL_COMMENT;
use tend_domain::survey::{Recurrence, Status, SurveyId};

use super::confirm::ConfirmPage;
use super::{Layout, Path, Query, render, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/surveys", list)
        .get("/surveys/new", new_survey)
        .post("/surveys", create_survey)
        .get("/surveys/{id}", show)
        .post("/surveys/{id}/responses", respond)
        .get("/surveys/{id}/close", confirm_close)
        .post("/surveys/{id}/close", close)
        .post("/surveys/{id}/share", share)
        .post("/surveys/{id}/unshare", unshare)
        .post("/surveys/{id}/remind", remind)
        .get("/surveys/{id}/stop", confirm_stop)
        .post("/surveys/{id}/stop", stop)
}

/// How a survey's dates read on a page.
pub fn window(view: &SurveyView) -> String {
    format!(
        "{} – {}",
        view.survey.opens_at.human(),
        view.survey.closes_at.human()
    )
}

pub fn audience(view: &SurveyView) -> String {
    match &view.survey.team_name {
        Some(team) if view.survey.include_sub_teams => format!("{team} and its sub-teams"),
        Some(team) => team.clone(),
        None => "The whole organisation".to_owned(),
    }
}

// ---- the list ----

#[derive(Template)]
#[template(path = "surveys/list.html")]
struct ListPage {
    layout: Layout,
    waiting: Vec<tend_app::SurveyRecord>,
    surveys: Vec<SurveyView>,
    next_url: Option<String>,
    first_url: Option<String>,
    may_run: bool,
}

impl ListPage {
    fn window(&self, v: &SurveyView) -> String {
        window(v)
    }
    fn audience(&self, v: &SurveyView) -> String {
        audience(v)
    }
}

#[derive(Deserialize)]
struct ListQuery {
    cursor: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let before = params::cursor(query.cursor.as_deref())?.map(|c| SurveyId(c.id));
    let page = state.app.surveys(&viewer, None, before, 25).await?;
    let waiting = state.app.surveys_waiting(&viewer).await?;
    let may_run = viewer.is_admin() || !state.app.survey_teams(&viewer).await?.is_empty();
    render(&ListPage {
        layout: Layout::new("Surveys", "surveys", Some(&user), &csrf),
        waiting,
        next_url: page.next.map(|id| {
            format!(
                "/surveys?cursor={}",
                tend_domain::pagination::Cursor {
                    sort_key: String::new(),
                    id: id.0
                }
                .encode()
            )
        }),
        first_url: before.map(|_| "/surveys".to_owned()),
        surveys: page.items,
        may_run,
    })
}

// ---- a new survey ----

#[derive(Deserialize, Default, Clone)]
struct SurveyForm {
    #[serde(default)]
    instrument: String,
    /// A team id, or empty for the whole organisation.
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    include_sub_teams: Option<String>,
    #[serde(default)]
    include_lead: Option<String>,
    #[serde(default)]
    opens_at: String,
    #[serde(default)]
    closes_at: String,
    #[serde(default)]
    min_respondents: String,
    #[serde(default)]
    recurrence: String,
    #[serde(default)]
    pool_waves: String,
}

#[derive(Template)]
#[template(path = "surveys/new.html")]
struct NewPage {
    layout: Layout,
    form: SurveyForm,
    errors: FormErrors,
    instruments: Vec<(String, String)>,
    teams: Vec<(TeamId, String)>,
    organisation: bool,
    k: usize,
    recurrences: &'static [Recurrence],
}

async fn new_page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    form: SurveyForm,
    errors: FormErrors,
) -> Result<NewPage, PageError> {
    let viewer = user.viewer();
    Ok(NewPage {
        layout: Layout::new("New survey", "surveys", Some(user), csrf),
        instruments: state
            .app
            .instruments(&viewer)
            .await?
            .into_iter()
            .map(|i| (i.instrument.key, i.instrument.name))
            .collect(),
        teams: state.app.survey_teams(&viewer).await?,
        organisation: viewer.is_admin(),
        k: state.app.survey_min_respondents().await?.get(),
        recurrences: Recurrence::ALL,
        form,
        errors,
    })
}

#[derive(Deserialize)]
struct NewQuery {
    instrument: Option<String>,
    team_id: Option<String>,
}

async fn new_survey(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Query(query): Query<NewQuery>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let now = state.app.now();
    let form = SurveyForm {
        instrument: query
            .instrument
            .unwrap_or_else(|| "safe-clear-motivated".to_owned()),
        team_id: query.team_id.unwrap_or_default(),
        opens_at: state.app.survey_form_time(&viewer, now).await?,
        closes_at: state
            .app
            .survey_form_time(&viewer, now + time::Duration::days(5))
            .await?,
        recurrence: "once".to_owned(),
        pool_waves: "1".to_owned(),
        ..Default::default()
    };
    render(&new_page(&state, &user, &csrf, form, FormErrors::none()).await?)
}

fn optional_number(field: &'static str, raw: &str) -> Result<Option<i64>, tend_app::Error> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse()
        .map(Some)
        .map_err(|_| tend_app::Error::field(field, "must be a whole number"))
}

async fn create_survey(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<SurveyForm>,
) -> Result<Response, PageError> {
    let team = form.team_id.trim();
    let parsed = (
        if team.is_empty() {
            Ok(None)
        } else {
            team.parse::<TeamId>()
                .map(Some)
                .map_err(|_| tend_app::Error::field("team_id", "is not one of the choices"))
        },
        optional_number("min_respondents", &form.min_respondents),
        optional_number("pool_waves", &form.pool_waves),
    );
    let outcome = match parsed {
        (Ok(team_id), Ok(min_respondents), Ok(pool_waves)) => state
            .app
            .create_survey(
                &user.viewer(),
                SurveyInput {
                    instrument: form.instrument.clone(),
                    team_id,
                    include_sub_teams: form.include_sub_teams.is_some(),
                    include_lead: form.include_lead.is_some(),
                    opens_at: form.opens_at.clone(),
                    closes_at: form.closes_at.clone(),
                    min_respondents,
                    recurrence: form.recurrence.clone(),
                    pool_waves,
                },
            )
            .await
            .map(|v| format!("/surveys/{}", v.survey.id)),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
    };
    let (errors, status) = match outcome {
        Ok(target) => return Ok(see(target)),
        Err(tend_app::Error::Forbidden) => (
            FormErrors::general(
                "You cannot run that survey: the whole organisation's are run by admins, a team's by its lead and the managers above the lead.",
            ),
            StatusCode::FORBIDDEN,
        ),
        Err(error) => (form_errors(error)?, StatusCode::UNPROCESSABLE_ENTITY),
    };
    render_status(&new_page(&state, &user, &csrf, form, errors).await?, status)
}

// ---- a survey ----

/// One item of the answer form, with the points of its scale and what was chosen.
pub struct AnswerRow {
    pub id: String,
    pub text: String,
    pub points: Vec<i64>,
    pub low: &'static str,
    pub high: &'static str,
    pub chosen: Option<i64>,
}

#[derive(Template)]
#[template(path = "surveys/show.html")]
struct ShowPage {
    layout: Layout,
    view: SurveyView,
    rows: Vec<AnswerRow>,
    /// Free-text questions and what was typed in each.
    questions: Vec<(String, String, String)>,
    errors: FormErrors,
    window: String,
    audience: String,
}

fn answer_rows(view: &SurveyView, typed: &[(String, String)]) -> Vec<AnswerRow> {
    view.survey
        .instrument
        .items
        .iter()
        .map(|item| {
            let (low, high) = if item.scale_min == 0 {
                ("Not at all likely", "Extremely likely")
            } else {
                ("Strongly disagree", "Strongly agree")
            };
            AnswerRow {
                chosen: typed
                    .iter()
                    .find(|(k, _)| k.strip_prefix("a.") == Some(item.id.as_str()))
                    .and_then(|(_, v)| v.parse().ok()),
                id: item.id.clone(),
                text: item.text.clone(),
                points: (item.scale_min..=item.scale_max).collect(),
                low,
                high,
            }
        })
        .collect()
}

fn question_rows(view: &SurveyView, typed: &[(String, String)]) -> Vec<(String, String, String)> {
    view.survey
        .instrument
        .questions
        .iter()
        .map(|q| (q.id.clone(), q.text.clone()))
        .chain(std::iter::once((
            GENERAL_COMMENT.to_owned(),
            "Anything else you want to say? (optional)".to_owned(),
        )))
        .map(|(id, text)| {
            let value = typed
                .iter()
                .find(|(k, _)| k.strip_prefix("c.") == Some(id.as_str()))
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            (id, text, value)
        })
        .collect()
}

fn show_page(
    user: &SignedIn,
    csrf: &CsrfToken,
    view: SurveyView,
    typed: &[(String, String)],
    errors: FormErrors,
) -> ShowPage {
    ShowPage {
        layout: Layout::new(
            view.survey.instrument.name.clone(),
            "surveys",
            Some(user),
            csrf,
        ),
        rows: answer_rows(&view, typed),
        questions: question_rows(&view, typed),
        window: window(&view),
        audience: audience(&view),
        view,
        errors,
    }
}

impl ShowPage {
    fn open(&self) -> bool {
        self.view.status == Status::Open
    }
    fn closed(&self) -> bool {
        self.view.status == Status::Closed
    }
    fn may_answer(&self) -> bool {
        self.open() && self.view.asked && !self.view.answered
    }
}

async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
) -> Result<Response, PageError> {
    let view = state.app.survey(&user.viewer(), id).await?;
    render(&show_page(&user, &csrf, view, &[], FormErrors::none()))
}

async fn respond(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let mut values = std::collections::BTreeMap::new();
    let mut comments = std::collections::BTreeMap::new();
    let mut bad = None;
    for (key, value) in &fields {
        if let Some(item) = key.strip_prefix("a.") {
            if value.trim().is_empty() {
                continue;
            }
            match value.trim().parse::<i64>() {
                Ok(v) => {
                    values.insert(item.to_owned(), v);
                }
                Err(_) => bad = Some(tend_app::Error::field("answers", "pick one of the points")),
            }
        } else if let Some(question) = key.strip_prefix("c.") {
            comments.insert(question.to_owned(), value.clone());
        }
    }
    let outcome = match bad {
        Some(e) => Err(e),
        None => state.app.respond(&viewer, id, values, comments).await,
    };
    let (errors, status) = match outcome {
        Ok(()) => return Ok(see(format!("/surveys/{id}#answered"))),
        Err(tend_app::Error::Conflict(message)) => {
            (FormErrors::general(message), StatusCode::CONFLICT)
        }
        Err(error) => (form_errors(error)?, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let view = state.app.survey(&viewer, id).await?;
    render_status(&show_page(&user, &csrf, view, &fields, errors), status)
}

async fn confirm_close(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
) -> Result<Response, PageError> {
    let view = state.app.survey(&user.viewer(), id).await?;
    if !view.may_close {
        return Err(tend_app::Error::Forbidden.into());
    }
    render(&ConfirmPage {
        layout: Layout::new("Close this survey?", "surveys", Some(&user), &csrf),
        consequences: vec![
            format!(
                "{} of {} answered. Closing ends the survey now: no one else can answer, and it cannot be opened again.",
                view.survey.answered, view.survey.audience
            ),
            "The results appear once it is closed, for the groups that reach the minimum number of answers.".to_owned(),
        ],
        action: format!("/surveys/{id}/close"),
        button: "Close the survey".to_owned(),
        cancel: format!("/surveys/{id}"),
    })
}

async fn close(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
) -> Result<Response, PageError> {
    state.app.close_survey(&user.viewer(), id).await?;
    Ok(see(format!("/surveys/{id}/results")))
}

async fn share(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
) -> Result<Response, PageError> {
    state.app.share_results(&user.viewer(), id, true).await?;
    Ok(see(format!("/surveys/{id}/results")))
}

async fn unshare(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
) -> Result<Response, PageError> {
    state.app.share_results(&user.viewer(), id, false).await?;
    Ok(see(format!("/surveys/{id}/results")))
}

async fn remind(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
) -> Result<Response, PageError> {
    state.app.remind(&user.viewer(), id).await?;
    Ok(see(format!("/surveys/{id}")))
}

async fn confirm_stop(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
) -> Result<Response, PageError> {
    let view = state.app.survey(&user.viewer(), id).await?;
    if !view.may_steer {
        return Err(tend_app::Error::Forbidden.into());
    }
    render(&ConfirmPage {
        layout: Layout::new("Stop this recurring survey?", "surveys", Some(&user), &csrf),
        consequences: vec![
            "This wave runs to its end; no wave follows it. The waves so far and their results stay.".to_owned(),
            "To run it again later, start a new survey.".to_owned(),
        ],
        action: format!("/surveys/{id}/stop"),
        button: "Stop after this wave".to_owned(),
        cancel: format!("/surveys/{id}"),
    })
}

async fn stop(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
) -> Result<Response, PageError> {
    state.app.stop_recurring(&user.viewer(), id).await?;
    Ok(see(format!("/surveys/{id}")))
}
