//! Align and Empower in the API: objectives and the alignment tree, goals and check-ins, growth
//! plans, the lead-or-not reflection, ownership areas, delegations, opportunities and a team's
//! fairness report. Every rule is the use-case layer's; anything not yours to see is a 404.

use axum::extract::State;
use axum::http::StatusCode;
use tend_app::{
    AreaInput, DelegationInput, DelegationPatch, GoalInput, GoalPatch, ObjectiveFilter,
    ObjectiveInput, ObjectivePatch, OpportunityInput, OpportunityPatch, PersonRef, params,
};
use tend_domain::align::objectives::Node;
use tend_domain::pagination::Cursor;
use tend_domain::{
    ConversationId, DelegationId, GoalId, ObjectiveId, OpportunityId, OwnershipAreaId, PersonId,
    TeamId,
};

use super::extract::{Json, Path, Query};
use super::types::{
    AlignedObjectiveOut, AlignmentOut, AreaOut, AreaPatchIn, AreasPage, CheckInIn, CheckInOut,
    ConversationIn, ConversationOut, DelegationOut, DelegationPatchIn, DelegationsPage,
    FairnessOut, FairnessParams, GoalOut, GoalPatchIn, GoalsPage, GrowthPlanOut, GrowthPlanPatchIn,
    LeadReflectionOut, LeadReflectionPatchIn, NewAreaIn, NewDelegationIn, NewGoalIn,
    NewObjectiveIn, NewOpportunityIn, ObjectiveOut, ObjectivePatchIn, ObjectivesPage,
    ObjectivesParams, OpportunitiesPage, OpportunityOut, OpportunityPatchIn, ParticipantOut,
};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;

type Created<T> = Result<(StatusCode, axum::Json<T>), ApiError>;

fn created<T>(body: T) -> Created<T> {
    Ok((StatusCode::CREATED, axum::Json(body)))
}

/// Creates an objective: an organisation one (admins) or a team's (its lead and the managers
/// above the lead). Its why is required; a parent must overlap its period.
#[utoipa::path(post, path = "/api/v1/objectives", operation_id = "create_objective", tag = "align",
    request_body = NewObjectiveIn, responses((status = 201, body = ObjectiveOut)))]
pub async fn create_objective(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewObjectiveIn>,
) -> Created<ObjectiveOut> {
    let view = state
        .app
        .create_objective(
            &user.viewer,
            ObjectiveInput {
                title: body.title,
                why: body.why,
                team: body.team_id,
                parent: body.parent_id,
                owner: body.owner_id.map(PersonRef::Id),
                starts_on: body.starts_on,
                ends_on: body.ends_on,
            },
        )
        .await?;
    created(ObjectiveOut::from(&view))
}

/// Objectives, by id: everyone sees them.
#[utoipa::path(get, path = "/api/v1/objectives", operation_id = "list_objectives", tag = "align",
    params(ObjectivesParams), responses((status = 200, body = ObjectivesPage)))]
pub async fn list_objectives(
    State(state): State<AppState>,
    user: ApiUser,
    Query(query): Query<ObjectivesParams>,
) -> Result<axum::Json<ObjectivesPage>, ApiError> {
    let team = match query.team_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("org") => Some(None),
        Some(raw) => Some(params::id::<TeamId>("team_id", Some(raw))?),
    };
    let page = state
        .app
        .objectives(
            &user.viewer,
            ObjectiveFilter {
                team,
                on: params::date("on", query.on.as_deref())?,
                after: params::cursor(query.cursor.as_deref())?.map(|c| ObjectiveId(c.id)),
                limit: params::limit(query.limit)?,
            },
        )
        .await?;
    Ok(axum::Json(ObjectivesPage {
        items: page.items.iter().map(ObjectiveOut::from).collect(),
        next_cursor: page.next.map(|id| {
            Cursor {
                sort_key: String::new(),
                id: id.0,
            }
            .encode()
        }),
    }))
}

#[utoipa::path(get, path = "/api/v1/objectives/{id}", operation_id = "show_objective", tag = "align",
    params(("id" = ObjectiveId, Path)), responses((status = 200, body = ObjectiveOut)))]
pub async fn show_objective(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<ObjectiveId>,
) -> Result<axum::Json<ObjectiveOut>, ApiError> {
    let view = state.app.objective(&user.viewer, id).await?;
    Ok(axum::Json(ObjectiveOut::from(&view)))
}

/// Changes an objective; a parent that would make a cycle is a 422.
#[utoipa::path(patch, path = "/api/v1/objectives/{id}", operation_id = "update_objective", tag = "align",
    params(("id" = ObjectiveId, Path)), request_body = ObjectivePatchIn, responses((status = 200, body = ObjectiveOut)))]
pub async fn update_objective(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<ObjectiveId>,
    Json(body): Json<ObjectivePatchIn>,
) -> Result<axum::Json<ObjectiveOut>, ApiError> {
    let view = state
        .app
        .update_objective(
            &user.viewer,
            id,
            ObjectivePatch {
                title: body.title,
                why: body.why,
                team: body.team_id,
                parent: body.parent_id,
                owner: body.owner_id.map(|o| o.map(PersonRef::Id)),
                starts_on: body.starts_on,
                ends_on: body.ends_on,
            },
        )
        .await?;
    Ok(axum::Json(ObjectiveOut::from(&view)))
}

/// Deletes an objective nothing supports (409 while objectives or goals hang from it).
#[utoipa::path(delete, path = "/api/v1/objectives/{id}", operation_id = "delete_objective", tag = "align",
    params(("id" = ObjectiveId, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete_objective(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<ObjectiveId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_objective(&user.viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AlignmentParams {
    /// The day whose objectives are drawn (`YYYY-MM-DD`); today when absent.
    pub on: Option<String>,
}

/// The alignment tree: the objectives of a day (the organisation's, your teams', the teams' led by
/// people below you, and any your people's goals serve) from the organisation's down, the goals of
/// you and the people below you under them, and what is not aligned yet.
#[utoipa::path(get, path = "/api/v1/alignment", operation_id = "alignment", tag = "align",
    params(AlignmentParams), responses((status = 200, body = AlignmentOut)))]
pub async fn alignment(
    State(state): State<AppState>,
    user: ApiUser,
    Query(query): Query<AlignmentParams>,
) -> Result<axum::Json<AlignmentOut>, ApiError> {
    let on = params::date("on", query.on.as_deref())?;
    let a = state.app.alignment(&user.viewer, on).await?;
    fn node(a: &tend_app::Alignment, n: &Node) -> Option<AlignedObjectiveOut> {
        let o = a.objectives.get(&n.objective)?;
        Some(AlignedObjectiveOut {
            objective_id: o.id,
            title: o.title.clone(),
            why: o.why.clone(),
            team_id: o.team_id,
            starts_on: o.period.starts_on.to_string(),
            ends_on: o.period.ends_on.to_string(),
            children: n.children.iter().filter_map(|c| node(a, c)).collect(),
            goals: n
                .goals
                .iter()
                .filter_map(|g| a.goals.get(g))
                .map(|g| GoalOut::from(&g.goal))
                .collect(),
        })
    }
    Ok(axum::Json(AlignmentOut {
        on: a.on.to_string(),
        tree: a.tree.iter().filter_map(|n| node(&a, n)).collect(),
        other_goals: a
            .other_goals
            .iter()
            .filter_map(|g| a.goals.get(g))
            .map(|g| GoalOut::from(&g.goal))
            .collect(),
        goals_without_why: a.goals_without_why.clone(),
        people_without_aligned_goal: a
            .unaligned
            .iter()
            .map(|p| ParticipantOut {
                id: p.id,
                name: p.name.clone(),
            })
            .collect(),
        people_without_aligned_goal_total: a.unaligned_total,
    }))
}

/// Creates a goal for you or someone below you, linked to an objective (taking its period) or
/// personal growth.
#[utoipa::path(post, path = "/api/v1/goals", operation_id = "create_goal", tag = "align",
    request_body = NewGoalIn, responses((status = 201, body = GoalOut)))]
pub async fn create_goal(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewGoalIn>,
) -> Created<GoalOut> {
    let view = state
        .app
        .create_goal(
            &user.viewer,
            GoalInput {
                person: body.person_id.map(PersonRef::Id),
                title: body.title,
                why: body.why,
                objective: body.objective_id,
                progress: body.progress,
                starts_on: body.starts_on.unwrap_or_default(),
                ends_on: body.ends_on.unwrap_or_default(),
            },
        )
        .await?;
    created(GoalOut::from(&view))
}

/// A goal with its check-ins (the person and the managers above them).
#[utoipa::path(get, path = "/api/v1/goals/{id}", operation_id = "show_goal", tag = "align",
    params(("id" = GoalId, Path)), responses((status = 200, body = GoalOut)))]
pub async fn show_goal(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<GoalId>,
) -> Result<axum::Json<GoalOut>, ApiError> {
    let view = state.app.goal(&user.viewer, id).await?;
    Ok(axum::Json(GoalOut::from(&view)))
}

#[utoipa::path(patch, path = "/api/v1/goals/{id}", operation_id = "update_goal", tag = "align",
    params(("id" = GoalId, Path)), request_body = GoalPatchIn, responses((status = 200, body = GoalOut)))]
pub async fn update_goal(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<GoalId>,
    Json(body): Json<GoalPatchIn>,
) -> Result<axum::Json<GoalOut>, ApiError> {
    let view = state
        .app
        .update_goal(
            &user.viewer,
            id,
            GoalPatch {
                title: body.title,
                why: body.why,
                objective: body.objective_id,
            },
        )
        .await?;
    Ok(axum::Json(GoalOut::from(&view)))
}

#[utoipa::path(delete, path = "/api/v1/goals/{id}", operation_id = "delete_goal", tag = "align",
    params(("id" = GoalId, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete_goal(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<GoalId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_goal(&user.viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a check-in: a short note and the new progress.
#[utoipa::path(post, path = "/api/v1/goals/{id}/check-ins", operation_id = "add_check_in", tag = "align",
    params(("id" = GoalId, Path)), request_body = CheckInIn, responses((status = 201, body = CheckInOut)))]
pub async fn add_check_in(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<GoalId>,
    Json(body): Json<CheckInIn>,
) -> Created<CheckInOut> {
    let check_in = state
        .app
        .add_check_in(&user.viewer, id, body.progress, &body.note)
        .await?;
    created(CheckInOut::from(&check_in))
}

#[utoipa::path(get, path = "/api/v1/people/{id}/goals", operation_id = "person_goals", tag = "align",
    params(("id" = PersonId, Path)), responses((status = 200, body = GoalsPage)))]
pub async fn person_goals(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
) -> Result<axum::Json<GoalsPage>, ApiError> {
    let goals = state.app.goals_of(&user.viewer, id).await?;
    Ok(axum::Json(GoalsPage::all(
        goals.iter().map(GoalOut::from).collect(),
    )))
}

/// A growth plan: track and aspirations, skills, goals, career conversations, and the career
/// items of one-on-ones you took part in.
#[utoipa::path(get, path = "/api/v1/people/{id}/growth-plan", operation_id = "growth_plan", tag = "align",
    params(("id" = PersonId, Path)), responses((status = 200, body = GrowthPlanOut)))]
pub async fn growth_plan(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
) -> Result<axum::Json<GrowthPlanOut>, ApiError> {
    let plan = state.app.growth_plan(&user.viewer, id).await?;
    Ok(axum::Json(GrowthPlanOut::from(&plan)))
}

/// Changes the skills being built.
#[utoipa::path(patch, path = "/api/v1/people/{id}/growth-plan", operation_id = "update_growth_plan", tag = "align",
    params(("id" = PersonId, Path)), request_body = GrowthPlanPatchIn, responses((status = 200, body = GrowthPlanOut)))]
pub async fn update_growth_plan(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
    Json(body): Json<GrowthPlanPatchIn>,
) -> Result<axum::Json<GrowthPlanOut>, ApiError> {
    let plan = state.app.growth_plan(&user.viewer, id).await?;
    if let Some(skills) = body.skills {
        state
            .app
            .set_skills(&user.viewer, plan.person.id, &skills)
            .await?;
    }
    let plan = state.app.growth_plan(&user.viewer, id).await?;
    Ok(axum::Json(GrowthPlanOut::from(&plan)))
}

/// Records a career conversation that was held.
#[utoipa::path(post, path = "/api/v1/people/{id}/career-conversations", operation_id = "add_career_conversation", tag = "align",
    params(("id" = PersonId, Path)), request_body = ConversationIn, responses((status = 201, body = ConversationOut)))]
pub async fn add_conversation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
    Json(body): Json<ConversationIn>,
) -> Created<ConversationOut> {
    // Someone whose growth you may not see does not exist here.
    state.app.growth_plan(&user.viewer, id).await?;
    let c = state
        .app
        .add_conversation(
            &user.viewer,
            Some(PersonRef::Id(id)),
            &body.held_on,
            &body.summary,
        )
        .await?;
    created(ConversationOut {
        id: c.id,
        held_on: c.held_on.to_string(),
        summary: c.summary,
        recorded_by: c.recorded_by,
    })
}

#[utoipa::path(delete, path = "/api/v1/career-conversations/{id}", operation_id = "delete_career_conversation", tag = "align",
    params(("id" = ConversationId, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete_conversation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<ConversationId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_conversation(&user.viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Your "lead or not?" reflection: private to you unless you share it with your manager.
#[utoipa::path(get, path = "/api/v1/me/lead-reflection", operation_id = "my_lead_reflection", tag = "align",
    responses((status = 200, body = LeadReflectionOut)))]
pub async fn my_reflection(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<axum::Json<LeadReflectionOut>, ApiError> {
    let r = state
        .app
        .lead_reflection(&user.viewer, user.viewer.id)
        .await?;
    Ok(axum::Json(LeadReflectionOut::from(&r)))
}

/// Saves answers of your reflection (keys not given keep theirs) and whether your manager may
/// read it.
#[utoipa::path(patch, path = "/api/v1/me/lead-reflection", operation_id = "update_lead_reflection", tag = "align",
    request_body = LeadReflectionPatchIn, responses((status = 200, body = LeadReflectionOut)))]
pub async fn update_reflection(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<LeadReflectionPatchIn>,
) -> Result<axum::Json<LeadReflectionOut>, ApiError> {
    let given: Vec<(String, String)> = body.answers.unwrap_or_default().into_iter().collect();
    let r = state
        .app
        .update_lead_reflection(&user.viewer, &given, body.shared_with_manager)
        .await?;
    Ok(axum::Json(LeadReflectionOut::from(&r)))
}

/// Someone's reflection: only when they shared it with you, their manager.
#[utoipa::path(get, path = "/api/v1/people/{id}/lead-reflection", operation_id = "person_lead_reflection", tag = "align",
    params(("id" = PersonId, Path)), responses((status = 200, body = LeadReflectionOut)))]
pub async fn person_reflection(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
) -> Result<axum::Json<LeadReflectionOut>, ApiError> {
    let r = state.app.lead_reflection(&user.viewer, id).await?;
    Ok(axum::Json(LeadReflectionOut::from(&r)))
}

/// The areas a person owns (everyone sees them).
#[utoipa::path(get, path = "/api/v1/people/{id}/ownership", operation_id = "person_ownership", tag = "empower",
    params(("id" = PersonId, Path)), responses((status = 200, body = AreasPage)))]
pub async fn person_areas(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
) -> Result<axum::Json<AreasPage>, ApiError> {
    let areas = state.app.areas_of(&user.viewer, id).await?;
    Ok(axum::Json(AreasPage::all(
        areas.iter().map(AreaOut::from).collect(),
    )))
}

/// Who owns what in a team.
#[utoipa::path(get, path = "/api/v1/teams/{id}/ownership", operation_id = "team_ownership", tag = "empower",
    params(("id" = TeamId, Path)), responses((status = 200, body = AreasPage)))]
pub async fn team_areas(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<TeamId>,
) -> Result<axum::Json<AreasPage>, ApiError> {
    let areas = state.app.team_ownership(&user.viewer, id).await?;
    Ok(axum::Json(AreasPage::all(
        areas
            .iter()
            .map(|a| {
                let mut out = AreaOut::from(&a.area);
                out.person_name = Some(a.person_name.clone());
                out
            })
            .collect(),
    )))
}

/// Adds an area that you or someone below you owns.
#[utoipa::path(post, path = "/api/v1/ownership-areas", operation_id = "create_ownership_area", tag = "empower",
    request_body = NewAreaIn, responses((status = 201, body = AreaOut)))]
pub async fn create_area(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewAreaIn>,
) -> Created<AreaOut> {
    let area = state
        .app
        .add_area(
            &user.viewer,
            AreaInput {
                person: body.person_id.map(PersonRef::Id),
                title: body.title,
                description: body.description,
            },
        )
        .await?;
    created(AreaOut::from(&area))
}

#[utoipa::path(get, path = "/api/v1/ownership-areas/{id}", operation_id = "show_ownership_area", tag = "empower",
    params(("id" = OwnershipAreaId, Path)), responses((status = 200, body = AreaOut)))]
pub async fn show_area(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<OwnershipAreaId>,
) -> Result<axum::Json<AreaOut>, ApiError> {
    let area = state.app.area(&user.viewer, id).await?;
    Ok(axum::Json(AreaOut::from(&area)))
}

#[utoipa::path(patch, path = "/api/v1/ownership-areas/{id}", operation_id = "update_ownership_area", tag = "empower",
    params(("id" = OwnershipAreaId, Path)), request_body = AreaPatchIn, responses((status = 200, body = AreaOut)))]
pub async fn update_area(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<OwnershipAreaId>,
    Json(body): Json<AreaPatchIn>,
) -> Result<axum::Json<AreaOut>, ApiError> {
    let area = state
        .app
        .update_area(
            &user.viewer,
            id,
            body.title.as_deref(),
            body.description.as_deref(),
        )
        .await?;
    Ok(axum::Json(AreaOut::from(&area)))
}

#[utoipa::path(delete, path = "/api/v1/ownership-areas/{id}", operation_id = "delete_ownership_area", tag = "empower",
    params(("id" = OwnershipAreaId, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete_area(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<OwnershipAreaId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_area(&user.viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delegates a decision to someone you lead, at one of seven levels.
#[utoipa::path(post, path = "/api/v1/delegations", operation_id = "create_delegation", tag = "empower",
    request_body = NewDelegationIn, responses((status = 201, body = DelegationOut)))]
pub async fn create_delegation(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewDelegationIn>,
) -> Created<DelegationOut> {
    let view = state
        .app
        .create_delegation(
            &user.viewer,
            DelegationInput {
                person: Some(PersonRef::Id(body.person_id)),
                decision: body.decision,
                level: body.level,
                review_on: body.review_on.unwrap_or_default(),
            },
        )
        .await?;
    created(DelegationOut::from(&view))
}

#[utoipa::path(get, path = "/api/v1/delegations/{id}", operation_id = "show_delegation", tag = "empower",
    params(("id" = DelegationId, Path)), responses((status = 200, body = DelegationOut)))]
pub async fn show_delegation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<DelegationId>,
) -> Result<axum::Json<DelegationOut>, ApiError> {
    let view = state.app.delegation(&user.viewer, id).await?;
    Ok(axum::Json(DelegationOut::from(&view)))
}

/// Changes a delegation; a new level joins its history.
#[utoipa::path(patch, path = "/api/v1/delegations/{id}", operation_id = "update_delegation", tag = "empower",
    params(("id" = DelegationId, Path)), request_body = DelegationPatchIn, responses((status = 200, body = DelegationOut)))]
pub async fn update_delegation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<DelegationId>,
    Json(body): Json<DelegationPatchIn>,
) -> Result<axum::Json<DelegationOut>, ApiError> {
    let view = state
        .app
        .update_delegation(
            &user.viewer,
            id,
            DelegationPatch {
                decision: body.decision,
                level: body.level,
                review_on: body.review_on.map(Option::unwrap_or_default),
            },
        )
        .await?;
    Ok(axum::Json(DelegationOut::from(&view)))
}

#[utoipa::path(delete, path = "/api/v1/delegations/{id}", operation_id = "delete_delegation", tag = "empower",
    params(("id" = DelegationId, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete_delegation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<DelegationId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_delegation(&user.viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/people/{id}/delegations", operation_id = "person_delegations", tag = "empower",
    params(("id" = PersonId, Path)), responses((status = 200, body = DelegationsPage)))]
pub async fn person_delegations(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
) -> Result<axum::Json<DelegationsPage>, ApiError> {
    let views = state.app.delegations_of(&user.viewer, id).await?;
    Ok(axum::Json(DelegationsPage::all(
        views.iter().map(DelegationOut::from).collect(),
    )))
}

/// Records a stretch assignment or visibility moment given to someone you lead.
#[utoipa::path(post, path = "/api/v1/opportunities", operation_id = "create_opportunity", tag = "empower",
    request_body = NewOpportunityIn, responses((status = 201, body = OpportunityOut)))]
pub async fn create_opportunity(
    State(state): State<AppState>,
    user: ApiUser,
    Json(body): Json<NewOpportunityIn>,
) -> Created<OpportunityOut> {
    let view = state
        .app
        .create_opportunity(
            &user.viewer,
            OpportunityInput {
                person: Some(PersonRef::Id(body.person_id)),
                kind: body.kind,
                stretch: body.stretch,
                happened_on: body.happened_on,
                title: body.title,
            },
        )
        .await?;
    created(OpportunityOut::from(&view))
}

#[utoipa::path(get, path = "/api/v1/opportunities/{id}", operation_id = "show_opportunity", tag = "empower",
    params(("id" = OpportunityId, Path)), responses((status = 200, body = OpportunityOut)))]
pub async fn show_opportunity(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<OpportunityId>,
) -> Result<axum::Json<OpportunityOut>, ApiError> {
    let view = state.app.opportunity(&user.viewer, id).await?;
    Ok(axum::Json(OpportunityOut::from(&view)))
}

/// Changes an opportunity: how it went and what was learned (the person or their managers), or
/// what and when (their managers).
#[utoipa::path(patch, path = "/api/v1/opportunities/{id}", operation_id = "update_opportunity", tag = "empower",
    params(("id" = OpportunityId, Path)), request_body = OpportunityPatchIn, responses((status = 200, body = OpportunityOut)))]
pub async fn update_opportunity(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<OpportunityId>,
    Json(body): Json<OpportunityPatchIn>,
) -> Result<axum::Json<OpportunityOut>, ApiError> {
    let view = state
        .app
        .update_opportunity(
            &user.viewer,
            id,
            OpportunityPatch {
                kind: body.kind,
                stretch: body.stretch,
                happened_on: body.happened_on,
                title: body.title,
                outcome: body.outcome,
                learned: body.learned,
            },
        )
        .await?;
    Ok(axum::Json(OpportunityOut::from(&view)))
}

#[utoipa::path(delete, path = "/api/v1/opportunities/{id}", operation_id = "delete_opportunity", tag = "empower",
    params(("id" = OpportunityId, Path)), responses((status = 204, description = "Deleted")))]
pub async fn delete_opportunity(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<OpportunityId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_opportunity(&user.viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/people/{id}/opportunities", operation_id = "person_opportunities", tag = "empower",
    params(("id" = PersonId, Path)), responses((status = 200, body = OpportunitiesPage)))]
pub async fn person_opportunities(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<PersonId>,
) -> Result<axum::Json<OpportunitiesPage>, ApiError> {
    let views = state.app.opportunities_of(&user.viewer, id).await?;
    Ok(axum::Json(OpportunitiesPage::all(
        views.iter().map(OpportunityOut::from).collect(),
    )))
}

/// Who is getting the chances to grow in a team (its lead and the managers above the lead).
#[utoipa::path(get, path = "/api/v1/teams/{id}/fairness", operation_id = "team_fairness", tag = "empower",
    params(("id" = TeamId, Path), FairnessParams), responses((status = 200, body = FairnessOut)))]
pub async fn fairness(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<TeamId>,
    Query(query): Query<FairnessParams>,
) -> Result<axum::Json<FairnessOut>, ApiError> {
    let days = params::days(query.days.as_deref())?;
    let visibility_only = params::flag("visibility_only", query.visibility_only.as_deref())?;
    let view = state
        .app
        .fairness(&user.viewer, id, days, visibility_only)
        .await?;
    Ok(axum::Json(FairnessOut::from(&view)))
}
