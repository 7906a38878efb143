//! The alignment page (the tree from the organisation's objectives down to the goals the viewer
//! may see), objectives (new, show, edit, delete) and a goal's page (check-ins, edit, delete).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use tend_app::{
    Alignment, GoalPatch, GoalView, ObjectiveInput, ObjectivePatch, ObjectiveView, PersonRef,
    params,
};
use tend_domain::align::objectives::{Node, Objective};
use tend_domain::{GoalId, ObjectiveId, TeamId};

use super::confirm::ConfirmPage;
use super::{Layout, Path, Query, form_status, render, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/alignment", alignment)
        .get("/objectives/new", new_objective)
        .post("/objectives", create_objective)
        .get("/objectives/{id}", show_objective)
        .post("/objectives/{id}", update_objective)
        .get("/objectives/{id}/delete", confirm_delete_objective)
        .post("/objectives/{id}/delete", delete_objective)
        .get("/goals/{id}", show_goal)
        .post("/goals/{id}", update_goal)
        .post("/goals/{id}/check-ins", add_check_in)
        .get("/goals/{id}/delete", confirm_delete_goal)
        .post("/goals/{id}/delete", delete_goal)
}

/// An objective in the drawn tree, with its goals resolved.
pub struct TreeRow {
    pub depth: usize,
    pub objective: Objective,
    pub team_name: Option<String>,
    pub goals: Vec<tend_app::GoalListing>,
}

fn flatten(a: &Alignment, nodes: &[Node], depth: usize, out: &mut Vec<TreeRow>) {
    for node in nodes {
        if let Some(objective) = a.objectives.get(&node.objective) {
            out.push(TreeRow {
                depth,
                team_name: objective
                    .team_id
                    .and_then(|t| a.team_names.get(&t).cloned()),
                objective: objective.clone(),
                goals: node
                    .goals
                    .iter()
                    .filter_map(|g| a.goals.get(g).cloned())
                    .collect(),
            });
            flatten(a, &node.children, depth + 1, out);
        }
    }
}

#[derive(Template)]
#[template(path = "align/alignment.html")]
struct AlignmentPage {
    layout: Layout,
    on: String,
    rows: Vec<TreeRow>,
    other_goals: Vec<tend_app::GoalListing>,
    without_why: Vec<tend_app::GoalListing>,
    alignment: Alignment,
}

#[derive(Deserialize)]
struct AlignmentQuery {
    on: Option<String>,
}

async fn alignment(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Query(query): Query<AlignmentQuery>,
) -> Result<Response, PageError> {
    let on = params::date("on", query.on.as_deref())?;
    let a = state.app.alignment(&user.viewer(), on).await?;
    let mut rows = Vec::new();
    flatten(&a, &a.tree, 0, &mut rows);
    let pick = |ids: &[GoalId]| ids.iter().filter_map(|g| a.goals.get(g).cloned()).collect();
    render(&AlignmentPage {
        layout: Layout::new("Alignment", "alignment", Some(&user), &csrf),
        on: a.on.to_string(),
        rows,
        other_goals: pick(&a.other_goals),
        without_why: pick(&a.goals_without_why),
        alignment: a,
    })
}

// ---- objectives ----

#[derive(Deserialize, Default, Clone)]
struct ObjectiveForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    why: String,
    /// A team id, or empty for an organisation objective.
    #[serde(default)]
    team_id: String,
    /// An objective id, or empty.
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
}

impl ObjectiveForm {
    fn of(view: &ObjectiveView) -> Self {
        let o = &view.objective;
        Self {
            title: o.title.clone(),
            why: o.why.clone(),
            team_id: o.team_id.map(|t| t.to_string()).unwrap_or_default(),
            parent_id: o.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            owner: view
                .owner
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            starts_on: o.period.starts_on.to_string(),
            ends_on: o.period.ends_on.to_string(),
        }
    }

    fn team(&self) -> Result<Option<TeamId>, tend_app::Error> {
        id_field("team_id", &self.team_id)
    }

    fn parent(&self) -> Result<Option<ObjectiveId>, tend_app::Error> {
        id_field("parent_id", &self.parent_id)
    }

    fn owner(&self) -> Option<PersonRef> {
        let owner = self.owner.trim();
        (!owner.is_empty()).then(|| PersonRef::Text(owner.to_owned()))
    }
}

/// A select's id value: empty is none; anything else must be an id (a field error otherwise).
fn id_field<T: std::str::FromStr>(
    field: &'static str,
    raw: &str,
) -> Result<Option<T>, tend_app::Error> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse()
        .map(Some)
        .map_err(|_| tend_app::Error::field(field, "is not one of the choices"))
}

#[derive(Template)]
#[template(path = "align/objective_form.html")]
struct ObjectiveFormPage {
    layout: Layout,
    /// `None` when creating.
    view: Option<ObjectiveView>,
    form: ObjectiveForm,
    teams: Vec<(TeamId, String)>,
    parents: Vec<Objective>,
    errors: FormErrors,
}

async fn objective_form(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    view: Option<ObjectiveView>,
    form: ObjectiveForm,
    errors: FormErrors,
) -> Result<ObjectiveFormPage, PageError> {
    let viewer = user.viewer();
    let mut parents: Vec<Objective> = state
        .app
        .objective_choices(&viewer)
        .await?
        .into_iter()
        .filter(|o| view.as_ref().is_none_or(|v| v.objective.id != o.id))
        .collect();
    // The parent it has stays a choice even when it does not run today, so saving keeps it.
    if let Some(parent) = view.as_ref().and_then(|v| v.objective.parent_id) {
        if !parents.iter().any(|o| o.id == parent) {
            if let Ok(current) = state.app.objective(&viewer, parent).await {
                parents.insert(0, current.objective);
            }
        }
    }
    let also = form.team_id.trim().parse::<TeamId>().ok();
    let title = match &view {
        Some(v) => format!("Objective: {}", v.objective.title),
        None => "New objective".to_owned(),
    };
    Ok(ObjectiveFormPage {
        layout: Layout::new(title, "alignment", Some(user), csrf),
        teams: state.app.objective_teams(&viewer, also).await?,
        parents,
        view,
        form,
        errors,
    })
}

#[derive(Deserialize)]
struct NewObjectiveQuery {
    parent_id: Option<String>,
    team_id: Option<String>,
}

async fn new_objective(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Query(query): Query<NewObjectiveQuery>,
) -> Result<Response, PageError> {
    let form = ObjectiveForm {
        parent_id: query.parent_id.unwrap_or_default(),
        team_id: query.team_id.unwrap_or_default(),
        ..Default::default()
    };
    render(&objective_form(&state, &user, &csrf, None, form, FormErrors::none()).await?)
}

async fn create_objective(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<ObjectiveForm>,
) -> Result<Response, PageError> {
    let outcome = match (form.team(), form.parent()) {
        (Ok(team), Ok(parent)) => state
            .app
            .create_objective(
                &user.viewer(),
                ObjectiveInput {
                    title: form.title.clone(),
                    why: form.why.clone(),
                    team,
                    parent,
                    owner: form.owner(),
                    starts_on: form.starts_on.clone(),
                    ends_on: form.ends_on.clone(),
                },
            )
            .await
            .map(|v| format!("/objectives/{}", v.objective.id)),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let (errors, status) = match outcome {
        Ok(target) => return Ok(see(target)),
        // The form again, saying why, as it was typed.
        Err(tend_app::Error::Forbidden) => (
            FormErrors::general(
                "You cannot add objectives there: organisation objectives are added by admins, a \
                 team's by its lead and the managers above the lead.",
            ),
            axum::http::StatusCode::FORBIDDEN,
        ),
        Err(error) => (
            form_errors(error)?.renamed("owner_id", "owner"),
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let page = objective_form(&state, &user, &csrf, None, form, errors).await?;
    render_status(&page, status)
}

async fn show_objective(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<ObjectiveId>,
) -> Result<Response, PageError> {
    let view = state.app.objective(&user.viewer(), id).await?;
    let form = ObjectiveForm::of(&view);
    render(&objective_form(&state, &user, &csrf, Some(view), form, FormErrors::none()).await?)
}

async fn update_objective(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<ObjectiveId>,
    Form(form): Form<ObjectiveForm>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    // The form shows the owner by name: the same name sent back means "unchanged", so an owner
    // who shares a name with someone, or has left, does not block every other edit.
    let current = state.app.objective(&viewer, id).await?;
    let owner_unchanged = current
        .owner
        .as_ref()
        .map_or(form.owner.trim().is_empty(), |o| {
            o.name == form.owner.trim()
        });
    let outcome = match (form.team(), form.parent()) {
        (Ok(team), Ok(parent)) => state
            .app
            .update_objective(
                &viewer,
                id,
                ObjectivePatch {
                    title: Some(form.title.clone()),
                    why: Some(form.why.clone()),
                    team: Some(team),
                    parent: Some(parent),
                    owner: (!owner_unchanged).then(|| form.owner()),
                    starts_on: Some(form.starts_on.clone()),
                    ends_on: Some(form.ends_on.clone()),
                },
            )
            .await
            .map(|_| format!("/objectives/{id}")),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match outcome {
        Ok(target) => Ok(see(target)),
        Err(error) => {
            let errors = form_errors(error)?.renamed("owner_id", "owner");
            let view = state.app.objective(&viewer, id).await?;
            let page = objective_form(&state, &user, &csrf, Some(view), form, errors).await?;
            render_status(&page, form_status(&page.errors))
        }
    }
}

async fn confirm_delete_objective(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<ObjectiveId>,
) -> Result<Response, PageError> {
    let view = state.app.objective(&user.viewer(), id).await?;
    if !view.may_manage {
        return Err(tend_app::Error::Forbidden.into());
    }
    render(&ConfirmPage {
        layout: Layout::new("Delete this objective?", "alignment", Some(&user), &csrf),
        consequences: vec![format!(
            "“{}” will be deleted. Only an objective that no objective or goal supports can be \
             deleted: link those elsewhere first.",
            view.objective.title
        )],
        action: format!("/objectives/{id}/delete"),
        button: "Delete objective".to_owned(),
        cancel: format!("/objectives/{id}"),
    })
}

async fn delete_objective(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<ObjectiveId>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    match state.app.delete_objective(&viewer, id).await {
        Ok(()) => Ok(see("/alignment")),
        Err(error) => {
            let errors = form_errors(error)?;
            let view = state.app.objective(&viewer, id).await?;
            let form = ObjectiveForm::of(&view);
            let page = objective_form(&state, &user, &csrf, Some(view), form, errors).await?;
            render_status(&page, axum::http::StatusCode::CONFLICT)
        }
    }
}

// ---- a goal ----

#[derive(Deserialize, Default, Clone)]
struct GoalForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    why: String,
    #[serde(default)]
    objective_id: String,
}

#[derive(Deserialize, Default, Clone)]
struct CheckInForm {
    #[serde(default)]
    progress: String,
    #[serde(default)]
    note: String,
}

#[derive(Template)]
#[template(path = "align/goal.html")]
struct GoalPage {
    layout: Layout,
    view: GoalView,
    objectives: Vec<Objective>,
    goal_form: GoalForm,
    check_in: CheckInForm,
    errors: FormErrors,
}

async fn goal_page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    id: GoalId,
    goal_form: Option<GoalForm>,
    check_in: CheckInForm,
    errors: FormErrors,
) -> Result<GoalPage, PageError> {
    let viewer = user.viewer();
    let view = state.app.goal(&viewer, id).await?;
    let mut objectives = state.app.objective_choices(&viewer).await?;
    if let Some(current) = view
        .objective
        .as_ref()
        .filter(|o| !objectives.iter().any(|c| c.id == o.id))
    {
        objectives.insert(0, current.clone());
    }
    let goal_form = goal_form.unwrap_or_else(|| GoalForm {
        title: view.goal.title.clone(),
        why: view.goal.why.clone(),
        objective_id: view
            .goal
            .objective_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
    });
    Ok(GoalPage {
        layout: Layout::new(
            format!("Goal: {}", view.goal.title),
            "alignment",
            Some(user),
            csrf,
        ),
        view,
        objectives,
        goal_form,
        check_in,
        errors,
    })
}

async fn show_goal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<GoalId>,
) -> Result<Response, PageError> {
    let mut page = goal_page(
        &state,
        &user,
        &csrf,
        id,
        None,
        CheckInForm::default(),
        FormErrors::none(),
    )
    .await?;
    // A check-in starts from where the goal stands.
    page.check_in.progress = page.view.goal.progress.to_string();
    render(&page)
}

async fn update_goal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<GoalId>,
    Form(form): Form<GoalForm>,
) -> Result<Response, PageError> {
    let outcome = match id_field("objective_id", &form.objective_id) {
        Ok(objective) => state
            .app
            .update_goal(
                &user.viewer(),
                id,
                GoalPatch {
                    title: Some(form.title.clone()),
                    why: Some(form.why.clone()),
                    objective: Some(objective),
                },
            )
            .await
            .map(|_| format!("/goals/{id}")),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(target) => Ok(see(target)),
        Err(error) => {
            let errors = form_errors(error)?;
            let page = goal_page(
                &state,
                &user,
                &csrf,
                id,
                Some(form),
                CheckInForm::default(),
                errors,
            )
            .await?;
            render_status(&page, axum::http::StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

async fn add_check_in(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<GoalId>,
    Form(form): Form<CheckInForm>,
) -> Result<Response, PageError> {
    let outcome = match form.progress.trim().parse::<i64>() {
        Ok(progress) => state
            .app
            .add_check_in(&user.viewer(), id, progress, &form.note)
            .await
            .map(|_| format!("/goals/{id}")),
        Err(_) => Err(tend_app::Error::field(
            "progress",
            "must be a whole percentage from 0 to 100",
        )),
    };
    match outcome {
        Ok(target) => Ok(see(target)),
        Err(error) => {
            let errors = form_errors(error)?;
            let page = goal_page(&state, &user, &csrf, id, None, form, errors).await?;
            render_status(&page, axum::http::StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

async fn confirm_delete_goal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<GoalId>,
) -> Result<Response, PageError> {
    let view = state.app.goal(&user.viewer(), id).await?;
    if !view.may_change {
        return Err(tend_app::Error::Forbidden.into());
    }
    render(&ConfirmPage {
        layout: Layout::new("Delete this goal?", "alignment", Some(&user), &csrf),
        consequences: vec![format!(
            "“{}” and its {} check-in(s) will be deleted from {}'s goals. This cannot be undone.",
            view.goal.title,
            view.check_ins.len(),
            view.person.name
        )],
        action: format!("/goals/{id}/delete"),
        button: "Delete goal".to_owned(),
        cancel: format!("/goals/{id}"),
    })
}

async fn delete_goal(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<GoalId>,
) -> Result<Response, PageError> {
    let person = state.app.delete_goal(&user.viewer(), id).await?;
    Ok(see(format!("/people/{person}/growth")))
}
