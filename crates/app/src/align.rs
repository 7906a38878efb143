//! Align: objectives (everyone sees them; admins manage the organisation's, a team's lead and the
//! managers above the lead manage the team's), goals (a person's, for them and the managers above
//! them), check-ins, and the alignment page that draws the tree from the organisation's objectives
//! down to the goals the viewer may see.

use std::collections::HashMap;

use tend_domain::access::Viewer;
use tend_domain::align::objectives::{self as rules, CheckIn, Goal, Node, Objective};
use tend_domain::align::{Period, parse_date, parse_optional_date};
use tend_domain::person::Person;
use tend_domain::{GoalId, ObjectiveId, PersonId, TeamId};
use tend_store::{
    GoalChanges, GoalListing, NewGoal, NewObjective, ObjectiveChanges, ObjectiveQuery, Unaligned,
};
use time::Date;

use crate::one_on_ones::Participant;
use crate::person_ref::PersonRef;
use crate::{App, Error, Result};

/// The most objectives the alignment page draws, and goals it lists.
const ALIGNMENT_OBJECTIVES: u32 = 1000;
const ALIGNMENT_GOALS: u32 = 1000;
const ALIGNMENT_UNALIGNED: u32 = 100;
/// Teams led in the viewer's line whose objectives the alignment page draws.
const ALIGNMENT_TEAMS: u32 = 500;

/// An objective to create.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveInput {
    pub title: String,
    pub why: String,
    pub team: Option<TeamId>,
    pub parent: Option<ObjectiveId>,
    /// Empty: the viewer (the command line: nobody).
    pub owner: Option<PersonRef>,
    pub starts_on: String,
    pub ends_on: String,
}

/// Changes to an objective; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct ObjectivePatch {
    pub title: Option<String>,
    pub why: Option<String>,
    pub team: Option<Option<TeamId>>,
    pub parent: Option<Option<ObjectiveId>>,
    pub owner: Option<Option<PersonRef>>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
}

/// An objective as a viewer sees it.
#[derive(Debug, Clone)]
pub struct ObjectiveView {
    pub objective: Objective,
    pub team_name: Option<String>,
    pub owner: Option<Participant>,
    pub parent_title: Option<String>,
    /// Objectives and goals that support it.
    pub children: i64,
    pub goals: i64,
    pub may_manage: bool,
}

/// Which objectives to list.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveFilter {
    pub team: Option<Option<TeamId>>,
    pub on: Option<Date>,
    pub after: Option<ObjectiveId>,
    pub limit: u32,
}

#[derive(Debug, Clone)]
pub struct ObjectivesPage {
    pub items: Vec<ObjectiveView>,
    pub next: Option<ObjectiveId>,
}

/// A goal to create.
#[derive(Debug, Clone, Default)]
pub struct GoalInput {
    /// Empty: the viewer.
    pub person: Option<PersonRef>,
    pub title: String,
    pub why: String,
    /// Empty: a personal-growth goal.
    pub objective: Option<ObjectiveId>,
    pub progress: Option<i64>,
    /// A personal-growth goal's own period, optional; a linked goal takes its objective's.
    pub starts_on: String,
    pub ends_on: String,
}

/// Changes to a goal; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct GoalPatch {
    pub title: Option<String>,
    pub why: Option<String>,
    pub objective: Option<Option<ObjectiveId>>,
}

/// A goal as a viewer sees it, with its check-ins.
#[derive(Debug, Clone)]
pub struct GoalView {
    pub goal: Goal,
    pub person: Participant,
    pub objective: Option<Objective>,
    pub check_ins: Vec<CheckIn>,
    pub may_change: bool,
}

/// The alignment page: the objectives of a day in a tree, the goals the viewer may see under
/// them, and what is not aligned yet.
#[derive(Debug, Clone)]
pub struct Alignment {
    pub on: Date,
    pub tree: Vec<Node>,
    pub objectives: HashMap<ObjectiveId, Objective>,
    pub team_names: HashMap<TeamId, String>,
    pub goals: HashMap<GoalId, GoalListing>,
    /// Personal-growth goals (no objective), and goals linked to objectives of another period.
    pub other_goals: Vec<GoalId>,
    pub goals_without_why: Vec<GoalId>,
    pub unaligned: Vec<Unaligned>,
    pub unaligned_total: i64,
    /// Whether the viewer may add an organisation objective.
    pub may_add_org_objective: bool,
}

fn period(starts_on: &str, ends_on: &str) -> Result<Period> {
    let starts = parse_date("starts_on", starts_on).map_err(Error::from);
    let ends = parse_date("ends_on", ends_on).map_err(Error::from);
    let (starts, ends) = Error::both(starts, ends)?;
    Ok(Period::new(starts, ends)?)
}

fn optional_period(starts_on: &str, ends_on: &str) -> Result<Option<Period>> {
    let starts = parse_optional_date("starts_on", starts_on).map_err(Error::from);
    let ends = parse_optional_date("ends_on", ends_on).map_err(Error::from);
    match Error::both(starts, ends)? {
        (Some(starts), Some(ends)) => Ok(Some(Period::new(starts, ends)?)),
        (None, None) => Ok(None),
        (Some(_), None) => Err(Error::field("ends_on", "give an end with the start")),
        (None, Some(_)) => Err(Error::field("starts_on", "give a start with the end")),
    }
}

impl App {
    /// The viewer's today: the date in their time zone (UTC for the command line or no zone).
    pub async fn today(&self, viewer: &Viewer) -> Result<Date> {
        let zone = self.viewer_time_zone(viewer).await?;
        Ok(tend_domain::align::local_today(self.store.now(), &zone))
    }

    /// The teams an objective form offers: those led by the viewer or by someone below them
    /// (bounded), and `also` (a team the form was opened for), when the viewer may manage its
    /// objectives.
    pub async fn objective_teams(
        &self,
        viewer: &Viewer,
        also: Option<TeamId>,
    ) -> Result<Vec<(TeamId, String)>> {
        let mut teams = if viewer.is_command_line() {
            Vec::new()
        } else {
            self.store.teams_led_in_line(viewer.id, 200).await?
        };
        if let Some(team) = also.filter(|t| !teams.iter().any(|(id, _)| id == t)) {
            if self.may_manage_objectives_of(viewer, Some(team)).await? {
                if let Some(found) = self.store.team(team).await? {
                    teams.insert(0, (found.id, found.name));
                }
            }
        }
        Ok(teams)
    }

    /// The objectives a goal can be linked to on a form: those of the viewer's today.
    pub async fn objective_choices(&self, viewer: &Viewer) -> Result<Vec<Objective>> {
        let today = self.today(viewer).await?;
        Ok(self
            .store
            .objectives(&ObjectiveQuery {
                team: None,
                on: Some(today),
                after: None,
                limit: 200,
            })
            .await?)
    }

    /// Whether the viewer may manage objectives of `team` (`None`: the organisation's).
    async fn may_manage_objectives_of(
        &self,
        viewer: &Viewer,
        team: Option<TeamId>,
    ) -> Result<bool> {
        let Some(team) = team else {
            return Ok(viewer.may_manage_objective(None, &[], false));
        };
        let Some((team, managers)) = self.team_with_line_above_lead(team).await? else {
            return Ok(false);
        };
        Ok(viewer.may_manage_objective(team.lead_id, &managers, true))
    }

    /// A team and everyone above its lead in the reporting line: what the rules about a team's
    /// objectives and fairness report ask.
    pub(crate) async fn team_with_line_above_lead(
        &self,
        team: TeamId,
    ) -> Result<Option<(tend_domain::team::Team, Vec<PersonId>)>> {
        let Some(team) = self.store.team(team).await? else {
            return Ok(None);
        };
        let managers = match team.lead_id {
            Some(lead) => self
                .store
                .person(lead)
                .await?
                .map(|p| p.managers)
                .unwrap_or_default(),
            None => Vec::new(),
        };
        Ok(Some((team, managers)))
    }

    /// A team an objective is for: one that exists and is active.
    async fn objective_team(&self, team: Option<TeamId>) -> Result<Option<TeamId>> {
        let Some(id) = team else { return Ok(None) };
        match self.store.team(id).await? {
            Some(team) if team.archived_at.is_none() => Ok(Some(id)),
            Some(_) => Err(Error::field(
                "team_id",
                "is archived; choose an active team",
            )),
            None => Err(Error::field("team_id", format!("there is no team {id}"))),
        }
    }

    /// A parent objective that exists, with its period.
    async fn parent_period(&self, parent: Option<ObjectiveId>) -> Result<Option<Period>> {
        let Some(id) = parent else { return Ok(None) };
        self.store
            .objective(id)
            .await?
            .map(|o| Some(o.period))
            .ok_or_else(|| Error::field("parent_id", format!("there is no objective {id}")))
    }

    pub async fn create_objective(
        &self,
        viewer: &Viewer,
        input: ObjectiveInput,
    ) -> Result<ObjectiveView> {
        let title = rules::title(&input.title).map_err(Error::from);
        let why = rules::objective_why(&input.why).map_err(Error::from);
        let period = period(&input.starts_on, &input.ends_on);
        let team = self.objective_team(input.team).await;
        let owner = self
            .resolve_optional("owner_id", input.owner.as_ref())
            .await;
        let parent = self.parent_period(input.parent).await;
        let (((((title, why), period), team), owner), parent) = Error::both(
            Error::both(
                Error::both(Error::both(Error::both(title, why), period), team),
                owner,
            ),
            parent,
        )?;
        if !self.may_manage_objectives_of(viewer, team).await? {
            return Err(Error::Forbidden);
        }
        if let Some(parent) = parent {
            rules::check_parent_period(&period, &parent)?;
        }
        let id = self
            .store
            .create_objective(&NewObjective {
                title,
                why,
                team_id: team,
                parent_id: input.parent,
                owner_id: owner.map(|o| o.id).or(viewer.actor()),
                period,
                created_by: viewer.actor(),
            })
            .await?;
        self.objective(viewer, id).await
    }

    pub async fn objective(&self, viewer: &Viewer, id: ObjectiveId) -> Result<ObjectiveView> {
        let objective = self.store.objective(id).await?.ok_or(Error::NotFound)?;
        let mut views = self.objective_views(viewer, vec![objective]).await?;
        views.pop().ok_or(Error::NotFound)
    }

    async fn objective_views(
        &self,
        viewer: &Viewer,
        objectives: Vec<Objective>,
    ) -> Result<Vec<ObjectiveView>> {
        if !viewer.may_see_objectives() {
            return Err(Error::NotFound);
        }
        let ids: Vec<ObjectiveId> = objectives.iter().map(|o| o.id).collect();
        let support = self.store.objective_support(&ids).await?;
        let mut owners: Vec<PersonId> = objectives.iter().filter_map(|o| o.owner_id).collect();
        owners.sort_unstable();
        owners.dedup();
        let names: HashMap<PersonId, String> = self
            .store
            .people_by_ids(&owners)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let parents: Vec<ObjectiveId> = objectives.iter().filter_map(|o| o.parent_id).collect();
        let parent_titles: HashMap<ObjectiveId, String> = self
            .store
            .objectives_by_ids(&parents)
            .await?
            .into_iter()
            .map(|o| (o.id, o.title))
            .collect();
        let teams: Vec<TeamId> = objectives.iter().filter_map(|o| o.team_id).collect();
        let team_names = self.store.team_names(&teams).await?;
        let mut manage: HashMap<Option<TeamId>, bool> = HashMap::new();
        let mut out = Vec::with_capacity(objectives.len());
        for objective in objectives {
            if let std::collections::hash_map::Entry::Vacant(e) = manage.entry(objective.team_id) {
                e.insert(
                    self.may_manage_objectives_of(viewer, objective.team_id)
                        .await?,
                );
            }
            let (children, goals) = support.get(&objective.id).copied().unwrap_or_default();
            out.push(ObjectiveView {
                team_name: objective.team_id.and_then(|t| team_names.get(&t).cloned()),
                owner: objective.owner_id.map(|id| Participant {
                    id,
                    name: names.get(&id).cloned().unwrap_or_default(),
                }),
                parent_title: objective
                    .parent_id
                    .and_then(|p| parent_titles.get(&p).cloned()),
                children,
                goals,
                may_manage: manage[&objective.team_id],
                objective,
            });
        }
        Ok(out)
    }

    pub async fn objectives(
        &self,
        viewer: &Viewer,
        filter: ObjectiveFilter,
    ) -> Result<ObjectivesPage> {
        let mut found = self
            .store
            .objectives(&ObjectiveQuery {
                team: filter.team,
                on: filter.on,
                after: filter.after,
                limit: filter.limit + 1,
            })
            .await?;
        let next = if found.len() > filter.limit as usize {
            found.truncate(filter.limit as usize);
            found.last().map(|o| o.id)
        } else {
            None
        };
        Ok(ObjectivesPage {
            items: self.objective_views(viewer, found).await?,
            next,
        })
    }

    pub async fn update_objective(
        &self,
        viewer: &Viewer,
        id: ObjectiveId,
        patch: ObjectivePatch,
    ) -> Result<ObjectiveView> {
        let current = self.store.objective(id).await?.ok_or(Error::NotFound)?;
        if !self
            .may_manage_objectives_of(viewer, current.team_id)
            .await?
        {
            return Err(Error::Forbidden);
        }
        let title = patch
            .title
            .as_deref()
            .map(rules::title)
            .transpose()
            .map_err(Error::from);
        let why = patch
            .why
            .as_deref()
            .map(rules::objective_why)
            .transpose()
            .map_err(Error::from);
        let period = if patch.starts_on.is_some() || patch.ends_on.is_some() {
            let starts = patch
                .starts_on
                .clone()
                .unwrap_or_else(|| current.period.starts_on.to_string());
            let ends = patch
                .ends_on
                .clone()
                .unwrap_or_else(|| current.period.ends_on.to_string());
            period(&starts, &ends).map(Some)
        } else {
            Ok(None)
        };
        let team = match patch.team {
            Some(team) => self.objective_team(team).await.map(Some),
            None => Ok(None),
        };
        let owner = match &patch.owner {
            Some(owner) => self
                .resolve_optional("owner_id", owner.as_ref())
                .await
                .map(|o| Some(o.map(|o| o.id))),
            None => Ok(None),
        };
        let parent = match patch.parent {
            Some(Some(parent)) if parent == id => Err(Error::field(
                "parent_id",
                "would make the objective support itself; choose another parent",
            )),
            Some(parent) => self.parent_period(parent).await,
            None => self.parent_period(current.parent_id).await,
        };
        let (((((title, why), period), team), owner), parent_period) = Error::both(
            Error::both(
                Error::both(Error::both(Error::both(title, why), period), team),
                owner,
            ),
            parent,
        )?;
        if let Some(Some(new_team)) = team {
            if Some(new_team) != current.team_id
                && !self
                    .may_manage_objectives_of(viewer, Some(new_team))
                    .await?
            {
                return Err(Error::field(
                    "team_id",
                    "is not a team whose objectives you manage",
                ));
            }
        }
        if team == Some(None)
            && current.team_id.is_some()
            && !viewer.may_manage_objective(None, &[], false)
        {
            return Err(Error::field(
                "team_id",
                "organisation objectives are managed by admins; keep the team",
            ));
        }
        if let Some(parent_period) = parent_period {
            rules::check_parent_period(&period.unwrap_or(current.period), &parent_period)?;
        }
        let view = self
            .store
            .update_objective(
                id,
                &ObjectiveChanges {
                    title,
                    why,
                    team_id: team,
                    parent_id: patch.parent,
                    owner_id: owner,
                    period,
                },
            )
            .await?;
        self.objective(viewer, view.id).await
    }

    pub async fn delete_objective(&self, viewer: &Viewer, id: ObjectiveId) -> Result<()> {
        let current = self.store.objective(id).await?.ok_or(Error::NotFound)?;
        if !self
            .may_manage_objectives_of(viewer, current.team_id)
            .await?
        {
            return Err(Error::Forbidden);
        }
        Ok(self.store.delete_objective(id).await?)
    }

    /// The person whose growth (goals, plan, delegations, opportunities) the viewer asks about:
    /// 404 unless the viewer may see it.
    pub(crate) async fn growth_subject(&self, viewer: &Viewer, id: PersonId) -> Result<Person> {
        let person = self.store.person(id).await?.ok_or(Error::NotFound)?;
        if !viewer.may_see_growth(person.id, &person.managers) {
            return Err(Error::NotFound);
        }
        Ok(person)
    }

    /// The person a new goal, area or conversation is for: one the viewer may write growth for
    /// (themselves or someone below them); a clear field error otherwise.
    pub(crate) async fn growth_target(
        &self,
        viewer: &Viewer,
        who: Option<&PersonRef>,
        field: &'static str,
    ) -> Result<Person> {
        let person = match who {
            Some(who) => self.resolve(field, who).await?,
            None if viewer.is_command_line() => return Err(Error::Forbidden),
            None => self.store.person(viewer.id).await?.ok_or(Error::NotFound)?,
        };
        if !viewer.may_change_growth(person.id, &person.managers) {
            return Err(Error::field(
                field,
                "is not you or someone you lead: goals and growth are written by the person and the managers above them",
            ));
        }
        Ok(person)
    }

    pub async fn create_goal(&self, viewer: &Viewer, input: GoalInput) -> Result<GoalView> {
        let person = self
            .growth_target(viewer, input.person.as_ref(), "person_id")
            .await;
        let title = rules::title(&input.title).map_err(Error::from);
        let why = rules::goal_why(&input.why).map_err(Error::from);
        let progress = rules::progress(input.progress.unwrap_or(0)).map_err(Error::from);
        let given = optional_period(&input.starts_on, &input.ends_on);
        let objective =
            match input.objective {
                Some(id) => self.store.objective(id).await?.map(Some).ok_or_else(|| {
                    Error::field("objective_id", format!("there is no objective {id}"))
                }),
                None => Ok(None),
            };
        let (((((person, title), why), progress), given), objective) = Error::both(
            Error::both(
                Error::both(Error::both(Error::both(person, title), why), progress),
                given,
            ),
            objective,
        )?;
        let period = rules::goal_period(objective.as_ref().map(|o| &o.period), given)?;
        let id = self
            .store
            .create_goal(&NewGoal {
                person_id: person.id,
                title,
                why,
                objective_id: objective.map(|o| o.id),
                period,
                progress,
                created_by: viewer.actor(),
            })
            .await?;
        self.goal(viewer, id).await
    }

    pub async fn goal(&self, viewer: &Viewer, id: GoalId) -> Result<GoalView> {
        let goal = self.store.goal(id).await?.ok_or(Error::NotFound)?;
        let person = self.growth_subject(viewer, goal.person_id).await?;
        let objective = match goal.objective_id {
            Some(o) => self.store.objective(o).await?,
            None => None,
        };
        Ok(GoalView {
            check_ins: self.store.check_ins(id).await?,
            may_change: viewer.may_change_growth(person.id, &person.managers),
            person: Participant {
                id: person.id,
                name: person.name,
            },
            objective,
            goal,
        })
    }

    /// A person's goals, newest first.
    pub async fn goals_of(&self, viewer: &Viewer, person: PersonId) -> Result<Vec<Goal>> {
        let person = self.growth_subject(viewer, person).await?;
        Ok(self.store.goals_of(person.id).await?)
    }

    /// A goal the viewer may change: 404 when they may not see it, 403 when they see but may not
    /// change it.
    async fn changeable_goal(&self, viewer: &Viewer, id: GoalId) -> Result<Goal> {
        let goal = self.store.goal(id).await?.ok_or(Error::NotFound)?;
        let person = self.growth_subject(viewer, goal.person_id).await?;
        if !viewer.may_change_growth(person.id, &person.managers) {
            return Err(Error::Forbidden);
        }
        Ok(goal)
    }

    pub async fn update_goal(
        &self,
        viewer: &Viewer,
        id: GoalId,
        patch: GoalPatch,
    ) -> Result<GoalView> {
        let goal = self.changeable_goal(viewer, id).await?;
        let title = patch
            .title
            .as_deref()
            .map(rules::title)
            .transpose()
            .map_err(Error::from);
        let why = patch
            .why
            .as_deref()
            .map(rules::goal_why)
            .transpose()
            .map_err(Error::from);
        let objective = match patch.objective {
            Some(Some(o)) => match self.store.objective(o).await? {
                Some(objective) => Ok(Some((Some(o), Some(objective.period)))),
                None => Err(Error::field(
                    "objective_id",
                    format!("there is no objective {o}"),
                )),
            },
            // Unlinked: a personal-growth goal keeps the period it had.
            Some(None) => Ok(Some((None, goal.period))),
            None => Ok(None),
        };
        let ((title, why), objective) = Error::both(Error::both(title, why), objective)?;
        self.store
            .update_goal(
                id,
                &GoalChanges {
                    title,
                    why,
                    objective,
                },
            )
            .await?;
        self.goal(viewer, id).await
    }

    pub async fn delete_goal(&self, viewer: &Viewer, id: GoalId) -> Result<PersonId> {
        let goal = self.changeable_goal(viewer, id).await?;
        self.store.delete_goal(id).await?;
        Ok(goal.person_id)
    }

    /// Records a check-in (a short note and the new progress), moving the goal's progress.
    pub async fn add_check_in(
        &self,
        viewer: &Viewer,
        goal: GoalId,
        progress: i64,
        note: &str,
    ) -> Result<CheckIn> {
        self.changeable_goal(viewer, goal).await?;
        let progress = rules::progress(progress).map_err(Error::from);
        let note = rules::check_in_note(note).map_err(Error::from);
        let (progress, note) = Error::both(progress, note)?;
        let id = self
            .store
            .add_check_in(goal, progress, &note, viewer.actor())
            .await?;
        self.store
            .check_ins(goal)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(Error::NotFound)
    }

    /// The alignment page on a day (default: the viewer's today).
    pub async fn alignment(&self, viewer: &Viewer, on: Option<Date>) -> Result<Alignment> {
        let on = match on {
            Some(on) => on,
            None => self.today(viewer).await?,
        };
        // The organisation's objectives and those of the viewer's own teams and of the teams led
        // in their line: not every team's in a large organisation.
        let mut teams: Vec<TeamId> = Vec::new();
        if !viewer.is_command_line() {
            teams.extend(
                self.store
                    .teams_of(viewer.id)
                    .await?
                    .into_iter()
                    .map(|t| t.id),
            );
            teams.extend(
                self.store
                    .teams_led_in_line(viewer.id, ALIGNMENT_TEAMS)
                    .await?
                    .into_iter()
                    .map(|(id, _)| id),
            );
        }
        let mut objectives = self
            .store
            .objectives_for(on, &teams, ALIGNMENT_OBJECTIVES)
            .await?;
        let (goals, unaligned, unaligned_total) = if viewer.is_command_line() {
            (Vec::new(), Vec::new(), 0)
        } else {
            let goals = self.store.goals_in_line(viewer.id, ALIGNMENT_GOALS).await?;
            let (unaligned, total) = self
                .store
                .unaligned_in_line(viewer.id, on, ALIGNMENT_UNALIGNED)
                .await?;
            (goals, unaligned, total)
        };
        // Every goal comes from the viewer's own line; the rule is asked all the same.
        let goals: Vec<GoalListing> = goals
            .into_iter()
            .filter(|g| viewer.may_see_growth(g.goal.person_id, &g.person_managers))
            .collect();
        // The objectives the viewer's people serve, where another team's, are drawn too.
        let known: std::collections::HashSet<ObjectiveId> =
            objectives.iter().map(|o| o.id).collect();
        let mut missing: Vec<ObjectiveId> = goals
            .iter()
            .filter_map(|g| g.goal.objective_id)
            .filter(|o| !known.contains(o))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        objectives.extend(
            self.store
                .objectives_by_ids(&missing)
                .await?
                .into_iter()
                .filter(|o| o.period.contains(on)),
        );
        let pairs: Vec<(ObjectiveId, Option<ObjectiveId>)> =
            objectives.iter().map(|o| (o.id, o.parent_id)).collect();
        let goal_pairs: Vec<(GoalId, Option<ObjectiveId>)> = goals
            .iter()
            .map(|g| (g.goal.id, g.goal.objective_id))
            .collect();
        let (tree, other_goals) = rules::tree(&pairs, &goal_pairs);
        let goals_without_why = goals
            .iter()
            .filter(|g| !g.goal.has_why())
            .map(|g| g.goal.id)
            .collect();
        let teams: Vec<TeamId> = objectives.iter().filter_map(|o| o.team_id).collect();
        let team_names = self.store.team_names(&teams).await?;
        Ok(Alignment {
            on,
            tree,
            objectives: objectives.into_iter().map(|o| (o.id, o)).collect(),
            team_names,
            goals: goals.into_iter().map(|g| (g.goal.id, g)).collect(),
            other_goals,
            goals_without_why,
            unaligned,
            unaligned_total,
            may_add_org_objective: viewer.may_manage_objective(None, &[], false),
        })
    }
}
