//! A person's growth page — their growth plan (track, aspirations, skills, goals, career
//! conversations) and what empowers them (areas they own, delegated decisions, opportunities) —
//! with a form for each, and the private "lead or not?" reflection. A form that fails shows the
//! whole page again (422) with what was typed and the messages beside it.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use tend_app::{
    AreaInput, DelegationInput, DelegationPatch, DelegationView, GoalInput, GrowthPlan,
    LeadReflection, OpportunityInput, OpportunityPatch, OpportunityView, PersonRef,
};
use tend_domain::align::empower::{DelegationLevel, OpportunityKind, OwnershipArea, Stretch};
use tend_domain::align::objectives::Objective;
use tend_domain::{ConversationId, DelegationId, OpportunityId, OwnershipAreaId, PersonId};

use super::confirm::ConfirmPage;
use super::{Layout, Path, render, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/people/{id}/growth", growth)
        .post("/people/{id}/goals", add_goal)
        .post("/people/{id}/skills", set_skills)
        .post("/people/{id}/career-conversations", add_conversation)
        .post("/career-conversations/{id}/delete", delete_conversation)
        .post("/people/{id}/ownership", add_area)
        .get("/ownership-areas/{id}/delete", confirm_delete_area)
        .post("/ownership-areas/{id}/delete", delete_area)
        .post("/people/{id}/delegations", add_delegation)
        .post("/delegations/{id}", update_delegation)
        .get("/delegations/{id}/delete", confirm_delete_delegation)
        .post("/delegations/{id}/delete", delete_delegation)
        .post("/people/{id}/opportunities", add_opportunity)
        .post("/opportunities/{id}", update_opportunity)
        .get("/opportunities/{id}/delete", confirm_delete_opportunity)
        .post("/opportunities/{id}/delete", delete_opportunity)
        .get("/reflection", my_reflection)
        .post("/reflection", save_reflection)
        .get("/people/{id}/reflection", person_reflection)
}

#[derive(Deserialize, Default, Clone)]
struct GoalForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    why: String,
    #[serde(default)]
    objective_id: String,
    #[serde(default)]
    progress: String,
}

#[derive(Deserialize, Default, Clone)]
struct SkillsForm {
    #[serde(default)]
    skills: String,
}

#[derive(Deserialize, Default, Clone)]
struct ConversationForm {
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    summary: String,
}

#[derive(Deserialize, Default, Clone)]
struct AreaForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize, Default, Clone)]
struct DelegationForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    review_on: String,
}

#[derive(Deserialize, Default, Clone)]
struct OpportunityForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    stretch: String,
    #[serde(default)]
    happened_on: String,
}

/// What each form on the page holds, and the messages of the one that failed.
#[derive(Default)]
struct Forms {
    goal: GoalForm,
    skills: Option<SkillsForm>,
    conversation: ConversationForm,
    area: AreaForm,
    delegation: DelegationForm,
    opportunity: OpportunityForm,
    /// Which form failed ("goal", "skills", …) and its messages.
    failed: Option<(&'static str, FormErrors)>,
}

impl Forms {
    fn failed(which: &'static str, errors: FormErrors) -> Self {
        Self {
            failed: Some((which, errors)),
            ..Default::default()
        }
    }

    /// The messages for one form (none unless it is the one that failed).
    fn errors(&self, which: &str) -> FormErrors {
        match &self.failed {
            Some((w, e)) if *w == which => e.clone(),
            _ => FormErrors::none(),
        }
    }
}

#[derive(Template)]
#[template(path = "align/growth.html")]
struct GrowthPage {
    layout: Layout,
    plan: GrowthPlan,
    areas: Vec<OwnershipArea>,
    delegations: Vec<DelegationView>,
    opportunities: Vec<OpportunityView>,
    objectives: Vec<Objective>,
    skills_text: String,
    levels: &'static [DelegationLevel],
    kinds: &'static [OpportunityKind],
    stretches: &'static [Stretch],
    goal: GoalForm,
    goal_errors: FormErrors,
    skills_errors: FormErrors,
    conversation: ConversationForm,
    conversation_errors: FormErrors,
    area: AreaForm,
    area_errors: FormErrors,
    delegation: DelegationForm,
    delegation_errors: FormErrors,
    opportunity: OpportunityForm,
    opportunity_errors: FormErrors,
    outcome_errors: FormErrors,
    /// The form that failed, to open and jump to.
    failed: &'static str,
    /// The person shared their "lead or not?" reflection with the viewer, their manager.
    reflection_shared: bool,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    id: PersonId,
    forms: Forms,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let plan = state.app.growth_plan(&viewer, id).await?;
    let today = state.app.today(&viewer).await?;
    let nav = if id == viewer.id { "me" } else { "people" };
    let mut forms = forms;
    // Dates start at today: most conversations and opportunities are recorded the day they happen.
    for date in [
        &mut forms.conversation.held_on,
        &mut forms.opportunity.happened_on,
    ] {
        if date.is_empty() {
            *date = today.to_string();
        }
    }
    let status = if forms.failed.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = GrowthPage {
        layout: Layout::new(
            format!("{} — growth", plan.person.name),
            nav,
            Some(user),
            csrf,
        ),
        areas: state.app.areas_of(&viewer, id).await?,
        delegations: state.app.delegations_of(&viewer, id).await?,
        opportunities: state.app.opportunities_of(&viewer, id).await?,
        objectives: state.app.objective_choices(&viewer).await?,
        skills_text: forms
            .skills
            .clone()
            .map_or_else(|| plan.skills.join("\n"), |f| f.skills),
        levels: DelegationLevel::ALL,
        kinds: OpportunityKind::ALL,
        stretches: Stretch::ALL,
        goal_errors: forms.errors("goal"),
        skills_errors: forms.errors("skills"),
        conversation_errors: forms.errors("conversation"),
        area_errors: forms.errors("area"),
        delegation_errors: forms.errors("delegation"),
        opportunity_errors: forms.errors("opportunity"),
        outcome_errors: forms.errors("outcome"),
        failed: forms.failed.as_ref().map_or("", |(w, _)| *w),
        reflection_shared: id != viewer.id && state.app.lead_reflection(&viewer, id).await.is_ok(),
        goal: forms.goal,
        conversation: forms.conversation,
        area: forms.area,
        delegation: forms.delegation,
        opportunity: forms.opportunity,
        plan,
    };
    render_status(&page, status)
}

async fn growth(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
) -> Result<Response, PageError> {
    page(&state, &user, &csrf, id, Forms::default()).await
}

/// Success goes back to the growth page (303) at the section; a form error shows the page again
/// with the form as typed.
async fn done<T>(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    id: PersonId,
    outcome: Result<T, tend_app::Error>,
    anchor: &str,
    again: impl FnOnce(FormErrors) -> Forms,
) -> Result<Response, PageError> {
    match outcome {
        Ok(_) => Ok(see(format!("/people/{id}/growth#{anchor}"))),
        Err(error) => {
            let errors = form_errors(error)?;
            page(state, user, csrf, id, again(errors)).await
        }
    }
}

async fn add_goal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
    Form(form): Form<GoalForm>,
) -> Result<Response, PageError> {
    let objective = form.objective_id.trim();
    let progress = form.progress.trim();
    let outcome = match (
        (!objective.is_empty())
            .then(|| objective.parse())
            .transpose(),
        (!progress.is_empty())
            .then(|| progress.parse::<i64>())
            .transpose(),
    ) {
        (Ok(objective), Ok(progress)) => state
            .app
            .create_goal(
                &user.viewer(),
                GoalInput {
                    person: Some(PersonRef::Id(id)),
                    title: form.title.clone(),
                    why: form.why.clone(),
                    objective,
                    progress,
                    ..Default::default()
                },
            )
            .await
            .map(|_| ()),
        (Err(_), _) => Err(tend_app::Error::field(
            "objective_id",
            "is not one of the choices",
        )),
        (_, Err(_)) => Err(tend_app::Error::field(
            "progress",
            "must be a whole percentage from 0 to 100",
        )),
    };
    done(&state, &user, &csrf, id, outcome, "goals", |errors| Forms {
        goal: form,
        ..Forms::failed("goal", errors)
    })
    .await
}

async fn set_skills(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
    Form(form): Form<SkillsForm>,
) -> Result<Response, PageError> {
    let outcome = state
        .app
        .set_skills(&user.viewer(), id, std::slice::from_ref(&form.skills))
        .await;
    done(&state, &user, &csrf, id, outcome, "plan", |errors| Forms {
        skills: Some(form),
        ..Forms::failed("skills", errors)
    })
    .await
}

async fn add_conversation(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
    Form(form): Form<ConversationForm>,
) -> Result<Response, PageError> {
    let outcome = state
        .app
        .add_conversation(
            &user.viewer(),
            Some(PersonRef::Id(id)),
            &form.held_on,
            &form.summary,
        )
        .await;
    done(
        &state,
        &user,
        &csrf,
        id,
        outcome,
        "conversations",
        |errors| Forms {
            conversation: form,
            ..Forms::failed("conversation", errors)
        },
    )
    .await
}

async fn delete_conversation(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<ConversationId>,
) -> Result<Response, PageError> {
    let person = state.app.delete_conversation(&user.viewer(), id).await?;
    Ok(see(format!("/people/{person}/growth#conversations")))
}

async fn add_area(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
    Form(form): Form<AreaForm>,
) -> Result<Response, PageError> {
    let outcome = state
        .app
        .add_area(
            &user.viewer(),
            AreaInput {
                person: Some(PersonRef::Id(id)),
                title: form.title.clone(),
                description: form.description.clone(),
            },
        )
        .await;
    done(&state, &user, &csrf, id, outcome, "ownership", |errors| {
        Forms {
            area: form,
            ..Forms::failed("area", errors)
        }
    })
    .await
}

async fn confirm_delete_area(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<OwnershipAreaId>,
) -> Result<Response, PageError> {
    let area = state.app.changeable_area(&user.viewer(), id).await?;
    render(&ConfirmPage {
        layout: Layout::new("Remove this area?", "people", Some(&user), &csrf),
        consequences: vec![format!(
            "“{}” will no longer be listed as owned; its description goes with it.",
            area.title
        )],
        action: format!("/ownership-areas/{id}/delete"),
        button: "Remove area".to_owned(),
        cancel: format!("/people/{}/growth#ownership", area.person_id),
    })
}

async fn delete_area(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<OwnershipAreaId>,
) -> Result<Response, PageError> {
    let person = state.app.delete_area(&user.viewer(), id).await?;
    Ok(see(format!("/people/{person}/growth#ownership")))
}

async fn add_delegation(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
    Form(form): Form<DelegationForm>,
) -> Result<Response, PageError> {
    let outcome = state
        .app
        .create_delegation(
            &user.viewer(),
            DelegationInput {
                person: Some(PersonRef::Id(id)),
                decision: form.decision.clone(),
                level: form.level.clone(),
                review_on: form.review_on.clone(),
            },
        )
        .await;
    done(&state, &user, &csrf, id, outcome, "delegations", |errors| {
        Forms {
            delegation: form,
            ..Forms::failed("delegation", errors)
        }
    })
    .await
}

#[derive(Deserialize)]
struct LevelForm {
    #[serde(default)]
    level: String,
    review_on: Option<String>,
}

/// Moves a delegation to another level (and review date); the history keeps every step.
async fn update_delegation(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<DelegationId>,
    Form(form): Form<LevelForm>,
) -> Result<Response, PageError> {
    let view = state
        .app
        .update_delegation(
            &user.viewer(),
            id,
            DelegationPatch {
                level: Some(form.level),
                review_on: form.review_on,
                ..Default::default()
            },
        )
        .await?;
    Ok(see(format!(
        "/people/{}/growth#delegations",
        view.person.id
    )))
}

async fn confirm_delete_delegation(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<DelegationId>,
) -> Result<Response, PageError> {
    let view = state.app.delegation(&user.viewer(), id).await?;
    if !view.may_change {
        return Err(tend_app::Error::Forbidden.into());
    }
    render(&ConfirmPage {
        layout: Layout::new("Delete this delegation?", "people", Some(&user), &csrf),
        consequences: vec![format!(
            "“{}”, delegated to {}, will be deleted with its history of {} level(s).",
            view.delegation.decision,
            view.person.name,
            view.history.len()
        )],
        action: format!("/delegations/{id}/delete"),
        button: "Delete delegation".to_owned(),
        cancel: format!("/people/{}/growth#delegations", view.person.id),
    })
}

async fn delete_delegation(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<DelegationId>,
) -> Result<Response, PageError> {
    let person = state.app.delete_delegation(&user.viewer(), id).await?;
    Ok(see(format!("/people/{person}/growth#delegations")))
}

async fn add_opportunity(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
    Form(form): Form<OpportunityForm>,
) -> Result<Response, PageError> {
    let outcome = state
        .app
        .create_opportunity(
            &user.viewer(),
            OpportunityInput {
                person: Some(PersonRef::Id(id)),
                kind: form.kind.clone(),
                stretch: form.stretch.clone(),
                happened_on: form.happened_on.clone(),
                title: form.title.clone(),
            },
        )
        .await;
    done(
        &state,
        &user,
        &csrf,
        id,
        outcome,
        "opportunities",
        |errors| Forms {
            opportunity: form,
            ..Forms::failed("opportunity", errors)
        },
    )
    .await
}

#[derive(Deserialize)]
struct OutcomeForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    learned: String,
}

/// Records how an opportunity went and what was learned.
async fn update_opportunity(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<OpportunityId>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let person = state.app.opportunity(&viewer, id).await?.person.id;
    let outcome = state
        .app
        .update_opportunity(
            &viewer,
            id,
            OpportunityPatch {
                outcome: Some(form.outcome),
                learned: Some(form.learned),
                ..Default::default()
            },
        )
        .await;
    done(
        &state,
        &user,
        &csrf,
        person,
        outcome,
        "opportunities",
        |errors| Forms::failed("outcome", errors),
    )
    .await
}

async fn confirm_delete_opportunity(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<OpportunityId>,
) -> Result<Response, PageError> {
    let view = state.app.opportunity(&user.viewer(), id).await?;
    if !view.may_change {
        return Err(tend_app::Error::Forbidden.into());
    }
    render(&ConfirmPage {
        layout: Layout::new("Delete this opportunity?", "people", Some(&user), &csrf),
        consequences: vec![format!(
            "“{}” ({}) will be deleted from {}'s record and no longer counted in the fairness report.",
            view.opportunity.title, view.opportunity.happened_on, view.person.name
        )],
        action: format!("/opportunities/{id}/delete"),
        button: "Delete opportunity".to_owned(),
        cancel: format!("/people/{}/growth#opportunities", view.person.id),
    })
}

async fn delete_opportunity(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<OpportunityId>,
) -> Result<Response, PageError> {
    let person = state.app.delete_opportunity(&user.viewer(), id).await?;
    Ok(see(format!("/people/{person}/growth#opportunities")))
}

// ---- lead or not? ----

#[derive(Template)]
#[template(path = "align/reflection.html")]
struct ReflectionPage {
    layout: Layout,
    reflection: LeadReflection,
    errors: FormErrors,
    saved: bool,
}

#[derive(Deserialize)]
struct SavedQuery {
    saved: Option<String>,
}

async fn my_reflection(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    super::Query(query): super::Query<SavedQuery>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let reflection = state.app.lead_reflection(&viewer, viewer.id).await?;
    render(&ReflectionPage {
        layout: Layout::new("Lead or not?", "me", Some(&user), &csrf),
        reflection,
        errors: FormErrors::none(),
        saved: query.saved.is_some(),
    })
}

/// Saves the reflection. The form's fields are the question keys (`answer_<key>`) and
/// `shared_with_manager`.
async fn save_reflection(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let answers: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("answer_").map(|k| (k.to_owned(), v.clone())))
        .collect();
    let shared = fields
        .iter()
        .any(|(k, v)| k == "shared_with_manager" && !v.is_empty());
    match state
        .app
        .save_lead_reflection(&viewer, &answers, shared)
        .await
    {
        Ok(_) => Ok(see("/reflection?saved=1")),
        Err(error) => {
            let errors = form_errors(error)?;
            let mut reflection = state.app.lead_reflection(&viewer, viewer.id).await?;
            // Keep what was typed.
            for (question, answer) in &mut reflection.answers {
                if let Some((_, typed)) = answers.iter().find(|(k, _)| k == question.key) {
                    answer.clone_from(typed);
                }
            }
            reflection.shared_with_manager = shared;
            render_status(
                &ReflectionPage {
                    layout: Layout::new("Lead or not?", "me", Some(&user), &csrf),
                    reflection,
                    errors,
                    saved: false,
                },
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

/// Someone's reflection, as the manager they shared it with reads it.
async fn person_reflection(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    if id == viewer.id {
        return Ok(see("/reflection"));
    }
    let reflection = state.app.lead_reflection(&viewer, id).await?;
    render(&ReflectionPage {
        layout: Layout::new(
            format!("{} — lead or not?", reflection.person.name),
            "people",
            Some(&user),
            &csrf,
        ),
        reflection,
        errors: FormErrors::none(),
        saved: false,
    })
}
