//! Empower: areas people own (everyone sees them; the person and the managers above them change
//! them), decisions delegated at a level with its history, opportunities given by a manager, and
//! the fairness report of a team (for its lead and the managers above the lead).

use std::collections::HashMap;

use tend_domain::access::Viewer;
use tend_domain::align::empower::{
    self as rules, Delegation, DelegationLevel, LevelChange, Opportunity, OpportunityKind,
    OwnershipArea, Stretch, Trend, levels_risen, trend,
};
use tend_domain::align::fairness::{self, Report};
use tend_domain::align::{parse_date, parse_optional_date};
use tend_domain::team::Team;
use tend_domain::{DelegationId, OpportunityId, OwnershipAreaId, PersonId, TeamId};
use tend_store::{AreaListing, DelegationChanges, NewOpportunity, OpportunityChanges};

use crate::one_on_ones::Participant;
use crate::person_ref::PersonRef;
use crate::{App, Error, Result};

/// An area to add.
#[derive(Debug, Clone, Default)]
pub struct AreaInput {
    /// Empty: the viewer.
    pub person: Option<PersonRef>,
    pub title: String,
    pub description: String,
}

/// A decision to delegate.
#[derive(Debug, Clone, Default)]
pub struct DelegationInput {
    pub person: Option<PersonRef>,
    pub decision: String,
    pub level: String,
    /// `YYYY-MM-DD`; empty: none.
    pub review_on: String,
}

/// Changes to a delegation; `None` keeps a field (`review_on: Some("")` clears the date).
#[derive(Debug, Clone, Default)]
pub struct DelegationPatch {
    pub decision: Option<String>,
    pub level: Option<String>,
    pub review_on: Option<String>,
}

/// A delegation with its history.
#[derive(Debug, Clone)]
pub struct DelegationView {
    pub delegation: Delegation,
    pub person: Participant,
    pub history: Vec<LevelChange>,
    pub trend: Trend,
    pub levels_risen: u32,
    pub may_change: bool,
}

/// An opportunity to record.
#[derive(Debug, Clone, Default)]
pub struct OpportunityInput {
    pub person: Option<PersonRef>,
    pub kind: String,
    pub stretch: String,
    pub happened_on: String,
    pub title: String,
}

/// Changes to an opportunity; `None` keeps a field. The person may write `outcome` and `learned`;
/// the rest is for the managers above them.
#[derive(Debug, Clone, Default)]
pub struct OpportunityPatch {
    pub kind: Option<String>,
    pub stretch: Option<String>,
    pub happened_on: Option<String>,
    pub title: Option<String>,
    pub outcome: Option<String>,
    pub learned: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OpportunityView {
    pub opportunity: Opportunity,
    pub person: Participant,
    pub given_by: Option<Participant>,
    /// Whether the viewer may change what and when (a manager above the person).
    pub may_change: bool,
    /// Whether the viewer may write how it went (the person or a manager above).
    pub may_reflect: bool,
}

/// What a team page shows of Align and Empower.
#[derive(Debug, Clone)]
pub struct TeamAlign {
    /// Who owns what.
    pub ownership: Vec<AreaListing>,
    /// The team's objectives running today.
    pub objectives: Vec<tend_domain::align::objectives::Objective>,
    pub may_manage_objectives: bool,
    pub may_see_fairness: bool,
}

/// A team's fairness report as its reader sees it.
#[derive(Debug, Clone)]
pub struct FairnessView {
    pub team: Team,
    pub report: Report,
    pub names: HashMap<PersonId, String>,
}

impl App {
    pub async fn add_area(&self, viewer: &Viewer, input: AreaInput) -> Result<OwnershipArea> {
        let person = self
            .growth_target(viewer, input.person.as_ref(), "person_id")
            .await;
        let title = rules::area_title(&input.title).map_err(Error::from);
        let description = rules::description(&input.description).map_err(Error::from);
        let ((person, title), description) = Error::both(Error::both(person, title), description)?;
        let id = self
            .store
            .add_area(person.id, &title, &description, viewer.actor())
            .await?;
        self.store.area(id).await?.ok_or(Error::NotFound)
    }

    /// The areas a person owns: visible to everyone who may see the person.
    pub async fn areas_of(&self, viewer: &Viewer, person: PersonId) -> Result<Vec<OwnershipArea>> {
        let person = self.store.person(person).await?.ok_or(Error::NotFound)?;
        if !viewer.may_see_person(person.is_archived()) {
            return Err(Error::NotFound);
        }
        Ok(self.store.areas_of(person.id).await?)
    }

    pub async fn area(&self, viewer: &Viewer, id: OwnershipAreaId) -> Result<OwnershipArea> {
        let area = self.store.area(id).await?.ok_or(Error::NotFound)?;
        self.areas_of(viewer, area.person_id).await?;
        Ok(area)
    }

    /// Who owns what in a team.
    pub async fn team_ownership(&self, viewer: &Viewer, team: TeamId) -> Result<Vec<AreaListing>> {
        let found = self.store.team(team).await?.ok_or(Error::NotFound)?;
        if !viewer.may_see_team(found.archived_at.is_some()) {
            return Err(Error::NotFound);
        }
        Ok(self.store.areas_of_team(team).await?)
    }

    /// An area the viewer may change (403 when they see it but may not).
    pub async fn changeable_area(
        &self,
        viewer: &Viewer,
        id: OwnershipAreaId,
    ) -> Result<OwnershipArea> {
        let area = self.area(viewer, id).await?;
        let person = self
            .store
            .person(area.person_id)
            .await?
            .ok_or(Error::NotFound)?;
        if !viewer.may_change_ownership(person.id, &person.managers) {
            return Err(Error::Forbidden);
        }
        Ok(area)
    }

    pub async fn update_area(
        &self,
        viewer: &Viewer,
        id: OwnershipAreaId,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<OwnershipArea> {
        let area = self.changeable_area(viewer, id).await?;
        let title = title
            .map(rules::area_title)
            .transpose()
            .map_err(Error::from);
        let description = description
            .map(rules::description)
            .transpose()
            .map_err(Error::from);
        let (title, description) = Error::both(title, description)?;
        self.store
            .update_area(
                id,
                title.as_deref().unwrap_or(&area.title),
                description.as_deref().unwrap_or(&area.description),
            )
            .await?;
        self.store.area(id).await?.ok_or(Error::NotFound)
    }

    pub async fn delete_area(&self, viewer: &Viewer, id: OwnershipAreaId) -> Result<PersonId> {
        let area = self.changeable_area(viewer, id).await?;
        self.store.delete_area(id).await?;
        Ok(area.person_id)
    }

    /// The person a delegation or opportunity is for: someone active the viewer leads (one of
    /// the managers above them); a clear field error otherwise.
    async fn empower_target(&self, viewer: &Viewer, who: Option<&PersonRef>) -> Result<PersonId> {
        let Some(who) = who else {
            return Err(Error::field("person_id", "choose the person"));
        };
        let person = self.resolve("person_id", who).await?;
        if viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        rules::check_giver(viewer.id, &person.managers, person.is_archived())?;
        if !viewer.may_empower(person.id, &person.managers) {
            return Err(Error::field("person_id", "is not someone you lead"));
        }
        Ok(person.id)
    }

    pub async fn create_delegation(
        &self,
        viewer: &Viewer,
        input: DelegationInput,
    ) -> Result<DelegationView> {
        let person = self.empower_target(viewer, input.person.as_ref()).await;
        let decision = rules::decision(&input.decision).map_err(Error::from);
        let level = input.level.parse::<DelegationLevel>().map_err(Error::from);
        let review_on = parse_optional_date("review_on", &input.review_on).map_err(Error::from);
        let (((person, decision), level), review_on) =
            Error::both(Error::both(Error::both(person, decision), level), review_on)?;
        let id = self
            .store
            .create_delegation(person, viewer.id, &decision, level, review_on)
            .await?;
        self.delegation(viewer, id).await
    }

    pub async fn delegation(&self, viewer: &Viewer, id: DelegationId) -> Result<DelegationView> {
        let delegation = self.store.delegation(id).await?.ok_or(Error::NotFound)?;
        let mut views = self
            .delegation_views(viewer, delegation.person_id, vec![delegation])
            .await?;
        views.pop().ok_or(Error::NotFound)
    }

    /// A person's delegations, each with its history.
    pub async fn delegations_of(
        &self,
        viewer: &Viewer,
        person: PersonId,
    ) -> Result<Vec<DelegationView>> {
        self.growth_subject(viewer, person).await?;
        let delegations = self.store.delegations_of(person).await?;
        self.delegation_views(viewer, person, delegations).await
    }

    async fn delegation_views(
        &self,
        viewer: &Viewer,
        person: PersonId,
        delegations: Vec<Delegation>,
    ) -> Result<Vec<DelegationView>> {
        let person = self.growth_subject(viewer, person).await?;
        let ids: Vec<DelegationId> = delegations.iter().map(|d| d.id).collect();
        let histories = self.store.delegation_histories(&ids).await?;
        let may_change = viewer.may_empower(person.id, &person.managers);
        Ok(delegations
            .into_iter()
            .map(|delegation| {
                let history: Vec<LevelChange> = histories
                    .iter()
                    .filter(|(id, _)| *id == delegation.id)
                    .map(|(_, change)| change.clone())
                    .collect();
                DelegationView {
                    trend: trend(&history),
                    levels_risen: levels_risen(&history),
                    history,
                    person: Participant {
                        id: person.id,
                        name: person.name.clone(),
                    },
                    may_change,
                    delegation,
                }
            })
            .collect())
    }

    async fn changeable_delegation(&self, viewer: &Viewer, id: DelegationId) -> Result<Delegation> {
        let view = self.delegation(viewer, id).await?;
        if !view.may_change {
            return Err(Error::Forbidden);
        }
        Ok(view.delegation)
    }

    pub async fn update_delegation(
        &self,
        viewer: &Viewer,
        id: DelegationId,
        patch: DelegationPatch,
    ) -> Result<DelegationView> {
        self.changeable_delegation(viewer, id).await?;
        let decision = patch
            .decision
            .as_deref()
            .map(rules::decision)
            .transpose()
            .map_err(Error::from);
        let level = patch
            .level
            .as_deref()
            .map(str::parse::<DelegationLevel>)
            .transpose()
            .map_err(Error::from);
        let review_on = patch
            .review_on
            .as_deref()
            .map(|raw| parse_optional_date("review_on", raw))
            .transpose()
            .map_err(Error::from);
        let ((decision, level), review_on) = Error::both(Error::both(decision, level), review_on)?;
        self.store
            .update_delegation(
                id,
                &DelegationChanges {
                    decision,
                    level,
                    review_on,
                },
                viewer.id,
            )
            .await?;
        self.delegation(viewer, id).await
    }

    pub async fn delete_delegation(&self, viewer: &Viewer, id: DelegationId) -> Result<PersonId> {
        let delegation = self.changeable_delegation(viewer, id).await?;
        self.store.delete_delegation(id).await?;
        Ok(delegation.person_id)
    }

    pub async fn create_opportunity(
        &self,
        viewer: &Viewer,
        input: OpportunityInput,
    ) -> Result<OpportunityView> {
        let person = self.empower_target(viewer, input.person.as_ref()).await;
        let kind = input.kind.parse::<OpportunityKind>().map_err(Error::from);
        let stretch = input.stretch.parse::<Stretch>().map_err(Error::from);
        let title = rules::opportunity_title(&input.title).map_err(Error::from);
        let today = self.today(viewer).await?;
        let happened_on = parse_date("happened_on", &input.happened_on)
            .and_then(|d| rules::check_happened_on(d, today))
            .map_err(Error::from);
        let ((((person, kind), stretch), title), happened_on) = Error::both(
            Error::both(Error::both(Error::both(person, kind), stretch), title),
            happened_on,
        )?;
        let id = self
            .store
            .create_opportunity(&NewOpportunity {
                person_id: person,
                given_by: viewer.id,
                kind,
                stretch,
                title,
                happened_on,
            })
            .await?;
        self.opportunity(viewer, id).await
    }

    pub async fn opportunity(&self, viewer: &Viewer, id: OpportunityId) -> Result<OpportunityView> {
        let opportunity = self.store.opportunity(id).await?.ok_or(Error::NotFound)?;
        let mut views = self
            .opportunity_views(viewer, opportunity.person_id, vec![opportunity])
            .await?;
        views.pop().ok_or(Error::NotFound)
    }

    /// A person's opportunities, latest first.
    pub async fn opportunities_of(
        &self,
        viewer: &Viewer,
        person: PersonId,
    ) -> Result<Vec<OpportunityView>> {
        self.growth_subject(viewer, person).await?;
        let found = self.store.opportunities_of(person).await?;
        self.opportunity_views(viewer, person, found).await
    }

    async fn opportunity_views(
        &self,
        viewer: &Viewer,
        person: PersonId,
        opportunities: Vec<Opportunity>,
    ) -> Result<Vec<OpportunityView>> {
        let person = self.growth_subject(viewer, person).await?;
        let mut givers: Vec<PersonId> = opportunities.iter().filter_map(|o| o.given_by).collect();
        givers.sort_unstable();
        givers.dedup();
        let names: HashMap<PersonId, String> = self
            .store
            .people_by_ids(&givers)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let may_change = viewer.may_empower(person.id, &person.managers);
        let may_reflect = viewer.may_reflect_on_opportunity(person.id, &person.managers);
        Ok(opportunities
            .into_iter()
            .map(|opportunity| OpportunityView {
                given_by: opportunity.given_by.map(|id| Participant {
                    id,
                    name: names.get(&id).cloned().unwrap_or_default(),
                }),
                person: Participant {
                    id: person.id,
                    name: person.name.clone(),
                },
                may_change,
                may_reflect,
                opportunity,
            })
            .collect())
    }

    pub async fn update_opportunity(
        &self,
        viewer: &Viewer,
        id: OpportunityId,
        patch: OpportunityPatch,
    ) -> Result<OpportunityView> {
        let view = self.opportunity(viewer, id).await?;
        let changes_what = patch.kind.is_some()
            || patch.stretch.is_some()
            || patch.happened_on.is_some()
            || patch.title.is_some();
        if (changes_what && !view.may_change) || !view.may_reflect {
            return Err(Error::Forbidden);
        }
        let today = self.today(viewer).await?;
        let kind = patch
            .kind
            .as_deref()
            .map(str::parse::<OpportunityKind>)
            .transpose()
            .map_err(Error::from);
        let stretch = patch
            .stretch
            .as_deref()
            .map(str::parse::<Stretch>)
            .transpose()
            .map_err(Error::from);
        let title = patch
            .title
            .as_deref()
            .map(rules::opportunity_title)
            .transpose()
            .map_err(Error::from);
        let happened_on = patch
            .happened_on
            .as_deref()
            .map(|raw| {
                parse_date("happened_on", raw).and_then(|d| rules::check_happened_on(d, today))
            })
            .transpose()
            .map_err(Error::from);
        let outcome = patch
            .outcome
            .as_deref()
            .map(|raw| rules::reflection_text("outcome", raw))
            .transpose()
            .map_err(Error::from);
        let learned = patch
            .learned
            .as_deref()
            .map(|raw| rules::reflection_text("learned", raw))
            .transpose()
            .map_err(Error::from);
        let (((((kind, stretch), title), happened_on), outcome), learned) = Error::both(
            Error::both(
                Error::both(Error::both(Error::both(kind, stretch), title), happened_on),
                outcome,
            ),
            learned,
        )?;
        self.store
            .update_opportunity(
                id,
                &OpportunityChanges {
                    kind,
                    stretch,
                    title,
                    happened_on,
                    outcome,
                    learned,
                },
            )
            .await?;
        self.opportunity(viewer, id).await
    }

    pub async fn delete_opportunity(&self, viewer: &Viewer, id: OpportunityId) -> Result<PersonId> {
        let view = self.opportunity(viewer, id).await?;
        if !view.may_change {
            return Err(Error::Forbidden);
        }
        self.store.delete_opportunity(id).await?;
        Ok(view.person.id)
    }

    /// Who owns what in a team, its current objectives, and what the viewer may do there.
    pub async fn team_align(&self, viewer: &Viewer, team: TeamId) -> Result<TeamAlign> {
        let ownership = self.team_ownership(viewer, team).await?;
        let (found, managers_of_lead) = self
            .team_with_line_above_lead(team)
            .await?
            .ok_or(Error::NotFound)?;
        let today = self.today(viewer).await?;
        let objectives = self
            .store
            .objectives(&tend_store::ObjectiveQuery {
                team: Some(Some(team)),
                on: Some(today),
                after: None,
                limit: 50,
            })
            .await?;
        Ok(TeamAlign {
            ownership,
            objectives,
            may_manage_objectives: viewer.may_manage_objective(
                found.lead_id,
                &managers_of_lead,
                true,
            ),
            may_see_fairness: viewer.may_see_fairness(found.lead_id, &managers_of_lead),
        })
    }

    /// A team's fairness report over the last `days` days (default 180), its lead left out.
    pub async fn fairness(
        &self,
        viewer: &Viewer,
        team: TeamId,
        days: Option<u32>,
        visibility_only: bool,
    ) -> Result<FairnessView> {
        let (found, managers_of_lead) = self
            .team_with_line_above_lead(team)
            .await?
            .ok_or(Error::NotFound)?;
        if !viewer.may_see_team(found.archived_at.is_some())
            || !viewer.may_see_fairness(found.lead_id, &managers_of_lead)
        {
            return Err(Error::NotFound);
        }
        let days = days.unwrap_or(fairness::DEFAULT_WINDOW_DAYS);
        if !(1..=fairness::MAX_WINDOW_DAYS).contains(&days) {
            return Err(Error::parameter(
                "days",
                format!("{days} is not between 1 and {}", fairness::MAX_WINDOW_DAYS),
            ));
        }
        let members: Vec<_> = self
            .store
            .team_members(team)
            .await?
            .into_iter()
            .filter(|p| !p.is_archived() && Some(p.id) != found.lead_id)
            .collect();
        let ids: Vec<PersonId> = members.iter().map(|p| p.id).collect();
        let today = self.today(viewer).await?;
        let since = fairness::window_start(today, days.max(fairness::RECENT_DAYS));
        let counted = self.store.counted_opportunities(&ids, since, today).await?;
        let report = fairness::report(&ids, &counted, today, days, visibility_only);
        Ok(FairnessView {
            names: members.into_iter().map(|p| (p.id, p.name)).collect(),
            team: found,
            report,
        })
    }
}
