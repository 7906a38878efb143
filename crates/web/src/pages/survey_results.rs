//! A survey's results page: drawn only from the gated computation (a hidden result shows its
//! reason and nothing else), with the heatmap of teams × dimensions, SVG charts, the change
//! since the last wave with its uncertainty, comments, and closing the loop ("you said, we did").

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use tend_app::{ActionInput, ResultsView, SurveyAction};
use tend_domain::survey::results::{Results, Shown};
use tend_domain::survey::{SurveyActionId, SurveyId};

use super::confirm::ConfirmPage;
use super::surveys::{audience, window};
use super::{Layout, Path, render, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::charts::{BarChart, LineChart};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;
use crate::state::AppState;
use crate::survey_csv;

pub fn routes() -> Routes {
    Routes::new()
        .get("/surveys/{id}/results", results)
        .get("/surveys/{id}/results.csv", results_csv)
        .post("/surveys/{id}/actions", add_action)
        .get("/survey-actions/{id}/delete", confirm_delete_action)
        .post("/survey-actions/{id}/delete", delete_action)
}

#[derive(Deserialize, Default, Clone)]
struct ActionForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    dimension: String,
    #[serde(default)]
    body: String,
}

#[derive(Template)]
#[template(path = "surveys/results.html")]
struct ResultsPage {
    layout: Layout,
    view: ResultsView,
    shown: Option<Shown>,
    reason: String,
    chart: Option<BarChart>,
    trend: Option<LineChart>,
    form: ActionForm,
    errors: FormErrors,
    window: String,
    audience: String,
}

impl ResultsPage {
    fn fixed(&self, value: &Option<f64>) -> String {
        value.map(|v| format!("{v:.2}")).unwrap_or_default()
    }
    fn percent(&self, value: &Option<f64>) -> String {
        value
            .map(|v| format!("{:.0} %", v * 100.0))
            .unwrap_or_default()
    }
    fn signed(&self, value: &f64) -> String {
        format!("{value:+.2}")
    }
    /// The heatmap band of a mean on its scale: 1 (low) to 5 (high).
    fn heat(&self, mean: &Option<f64>, dimension: &str) -> u8 {
        let Some(shown) = &self.shown else { return 3 };
        let Some(d) = shown.dimensions.iter().find(|d| d.dimension == dimension) else {
            return 3;
        };
        let Some(m) = mean else { return 3 };
        let span = (d.scale_max - d.scale_min).max(1) as f64;
        let at = (m - d.scale_min as f64) / span;
        (1.0 + (at * 4.999).floor()).clamp(1.0, 5.0) as u8
    }
    fn label(&self, dimension: &str) -> String {
        let mut chars = dimension.chars();
        match chars.next() {
            Some(first) => first
                .to_uppercase()
                .chain(chars)
                .collect::<String>()
                .replace(['-', '_'], " "),
            None => String::new(),
        }
    }
    fn previous(&self) -> &[SurveyAction] {
        &self.view.previous_actions
    }
}

fn page(
    user: &SignedIn,
    csrf: &CsrfToken,
    view: ResultsView,
    form: ActionForm,
    errors: FormErrors,
) -> ResultsPage {
    let (shown, reason) = match &view.results {
        Results::Shown(s) => (Some((**s).clone()), String::new()),
        Results::Hidden { reason } => (None, reason.clone()),
    };
    let chart = shown.as_ref().map(|s| {
        BarChart::percentages(
            s.dimensions
                .iter()
                .filter_map(|d| {
                    d.favorable_share
                        .map(|f| (d.dimension.clone(), (f * 100.0).round() as u64))
                })
                .collect(),
        )
    });
    let trend = (view.trend.len() > 1).then(|| {
        let dimensions: Vec<String> = view.trend[0].means.iter().map(|(d, _)| d.clone()).collect();
        let scale = shown
            .as_ref()
            .and_then(|s| s.dimensions.first())
            .map_or((1.0, 5.0), |d| (d.scale_min as f64, d.scale_max as f64));
        LineChart::new(
            view.trend.iter().map(|t| t.label.clone()).collect(),
            dimensions
                .iter()
                .map(|d| {
                    (
                        d.clone(),
                        view.trend
                            .iter()
                            .map(|t| t.means.iter().find(|(x, _)| x == d).and_then(|(_, m)| *m))
                            .collect(),
                    )
                })
                .collect(),
            scale.0,
            scale.1,
        )
    });
    ResultsPage {
        layout: Layout::new(
            format!("{} — results", view.survey.survey.instrument.name),
            "surveys",
            Some(user),
            csrf,
        ),
        window: window(&view.survey),
        audience: audience(&view.survey),
        shown,
        reason,
        chart,
        trend,
        view,
        form,
        errors,
    }
}

async fn results(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
) -> Result<Response, PageError> {
    let view = state.app.survey_results(&user.viewer(), id).await?;
    render(&page(
        &user,
        &csrf,
        view,
        ActionForm::default(),
        FormErrors::none(),
    ))
}

async fn results_csv(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
) -> Result<Response, PageError> {
    let view = state.app.survey_results(&user.viewer(), id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"survey-{id}-results.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        survey_csv::results_csv(&view),
    )
        .into_response())
}

async fn add_action(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SurveyId>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let outcome = state
        .app
        .add_survey_action(
            &viewer,
            id,
            ActionInput {
                kind: form.kind.clone(),
                dimension: Some(form.dimension.clone()),
                body: form.body.clone(),
            },
        )
        .await;
    let errors = match outcome {
        Ok(_) => return Ok(see(format!("/surveys/{id}/results#actions"))),
        Err(error) => form_errors(error)?,
    };
    let view = state.app.survey_results(&viewer, id).await?;
    render_status(
        &page(&user, &csrf, view, form, errors),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

async fn confirm_delete_action(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<SurveyActionId>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let action = state.app.survey_action(&viewer, id).await?;
    let survey = state.app.survey(&viewer, action.survey_id).await?;
    if !survey.may_steer {
        return Err(tend_app::Error::Forbidden.into());
    }
    render(&ConfirmPage {
        layout: Layout::new("Remove this action?", "surveys", Some(&user), &csrf),
        consequences: vec![format!(
            "“{}” goes from the results and from what the team sees.",
            action.body
        )],
        action: format!("/survey-actions/{id}/delete"),
        button: "Remove it".to_owned(),
        cancel: format!("/surveys/{}/results#actions", action.survey_id),
    })
}

async fn delete_action(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<SurveyActionId>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let action = state.app.survey_action(&viewer, id).await?;
    state.app.delete_survey_action(&viewer, id).await?;
    Ok(see(format!(
        "/surveys/{}/results#actions",
        action.survey_id
    )))
}
