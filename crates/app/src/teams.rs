//! Teams: a name, a purpose (the why), a lead and members. Admins create, lead-assign and archive
//! teams; a team's lead edits its name, purpose and members.

use tend_domain::access::Viewer;
use tend_domain::listing::{ArchivedFilter, Page};
use tend_domain::pagination::Cursor;
use tend_domain::team::{Team, TeamDraft};
use tend_domain::{FieldError, PersonId, TeamId};

use crate::person_ref::PersonRef;
use crate::views::{PersonSummary, TeamSummary};
use crate::{App, Error, Result};

/// What the page that asks "Remove them from the team?" names.
#[derive(Debug, Clone)]
pub struct MemberRemoval {
    pub team: TeamSummary,
    pub person: PersonSummary,
}

#[derive(Debug, Clone, Default)]
pub struct TeamsQuery {
    pub archived: ArchivedFilter,
    pub after: Option<Cursor>,
    pub limit: u32,
}

/// A team with its lead and members, and what the viewer may do to it.
#[derive(Debug, Clone)]
pub struct TeamView {
    pub team: Team,
    pub lead: Option<PersonSummary>,
    /// Active members, in name order.
    pub members: Vec<PersonSummary>,
    /// Name, purpose and members.
    pub may_edit: bool,
    /// Lead, archive and restore.
    pub may_manage: bool,
}

/// What an edit form starts with.
#[derive(Debug, Clone)]
pub struct TeamForm {
    pub name: String,
    pub purpose: String,
    pub lead: Option<PersonSummary>,
    pub may_choose_lead: bool,
}

#[derive(Debug, Clone, Default)]
pub struct TeamInput {
    pub name: String,
    pub purpose: String,
    pub lead: Option<PersonRef>,
    pub members: Vec<PersonRef>,
}

/// Team fields to change; `None` keeps a field. `lead: Some(None)` removes the lead; `members`
/// replaces the members with exactly those named.
#[derive(Debug, Clone, Default)]
pub struct TeamPatch {
    pub name: Option<String>,
    pub purpose: Option<String>,
    pub lead: Option<Option<PersonRef>>,
    pub members: Option<Vec<PersonRef>>,
}

impl App {
    pub async fn teams(&self, viewer: &Viewer, query: TeamsQuery) -> Result<Page<Team>> {
        if !viewer.may_list(query.archived) {
            return Err(Error::Forbidden);
        }
        Ok(self
            .store
            .list_teams(query.archived, query.after.as_ref(), query.limit)
            .await?)
    }

    /// Active teams' ids and names, for choosing one (the directory's filter).
    pub async fn team_choices(&self, _viewer: &Viewer) -> Result<Vec<(TeamId, String)>> {
        Ok(self.store.team_choices().await?)
    }

    async fn visible_team(&self, viewer: &Viewer, id: TeamId) -> Result<Team> {
        self.store
            .team(id)
            .await?
            .filter(|t| viewer.may_see_team(t.archived_at.is_some()))
            .ok_or(Error::NotFound)
    }

    /// A team whose name, purpose and members the viewer may change (admins and its lead).
    async fn editable_team(&self, viewer: &Viewer, id: TeamId) -> Result<Team> {
        let team = self.visible_team(viewer, id).await?;
        if !viewer.may_edit_team(team.lead_id) {
            return Err(Error::Forbidden);
        }
        Ok(team)
    }

    /// A team the viewer may archive, restore or give a lead (admins).
    async fn managed_team(&self, viewer: &Viewer, id: TeamId) -> Result<Team> {
        let team = self.visible_team(viewer, id).await?;
        if !viewer.may_manage_teams() {
            return Err(Error::Forbidden);
        }
        Ok(team)
    }

    /// A visible team by its exact name (for the command line's demo).
    pub async fn team_by_name(&self, viewer: &Viewer, name: &str) -> Result<Team> {
        self.store
            .team_by_name(name)
            .await?
            .filter(|t| viewer.may_see_team(t.archived_at.is_some()))
            .ok_or(Error::NotFound)
    }

    pub async fn team(&self, viewer: &Viewer, id: TeamId) -> Result<TeamView> {
        let team = self.visible_team(viewer, id).await?;
        self.team_view(viewer, team).await
    }

    async fn team_view(&self, viewer: &Viewer, team: Team) -> Result<TeamView> {
        let lead = match team.lead_id {
            Some(lead) => self
                .store
                .person(lead)
                .await?
                .filter(|p| !p.is_archived())
                .map(PersonSummary::from),
            None => None,
        };
        let members = self.store.team_members(team.id).await?;
        Ok(TeamView {
            may_edit: viewer.may_edit_team(team.lead_id),
            may_manage: viewer.may_manage_teams(),
            members: members.iter().map(PersonSummary::from).collect(),
            lead,
            team,
        })
    }

    /// What the edit form starts with (admins and the team's lead).
    pub async fn team_form(&self, viewer: &Viewer, id: TeamId) -> Result<TeamForm> {
        let team = self.editable_team(viewer, id).await?;
        let lead = self.summary_of(viewer, team.lead_id).await?;
        Ok(TeamForm {
            name: team.name,
            purpose: team.purpose,
            lead,
            may_choose_lead: viewer.may_manage_teams(),
        })
    }

    /// The people `members` name, each active, or every problem with them at once.
    async fn resolve_members(&self, members: &[PersonRef]) -> Result<Vec<PersonId>> {
        let mut ids = Vec::with_capacity(members.len());
        let mut problems: Vec<FieldError> = Vec::new();
        for who in members {
            match self.resolve("member_ids", who).await {
                Ok(person) => ids.push(person.id),
                Err(Error::Invalid(errors)) => problems.extend(errors),
                Err(other) => return Err(other),
            }
        }
        if problems.is_empty() {
            Ok(ids)
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// Creates a team with its lead and members (admins), in one transaction. The lead is one of
    /// the members whether or not they are named among them: a team's lead is always a member
    /// (`Viewer::may_remove_team_member`), so its member list shows everyone in it.
    pub async fn create_team(&self, viewer: &Viewer, input: TeamInput) -> Result<TeamView> {
        if !viewer.may_manage_teams() {
            return Err(Error::Forbidden);
        }
        let lead = self.resolve_optional("lead_id", input.lead.as_ref()).await;
        let draft = TeamDraft::parse(
            &input.name,
            &input.purpose,
            lead.as_ref().ok().and_then(Option::as_ref).map(|l| l.id),
        )
        .map_err(Error::from);
        let members = self.resolve_members(&input.members).await;
        let ((draft, _), members) = Error::both(Error::both(draft, lead), members)?;
        let team = self.store.create_team(&draft, &members).await?;
        self.team_view(viewer, team).await
    }

    /// Changes a team: admins anything, its lead the name, purpose and members. Changing the
    /// lead is for admins, and makes the new lead a member. Members given must include the lead
    /// (the one the team will have): a lead is always a member of their team.
    pub async fn update_team(
        &self,
        viewer: &Viewer,
        id: TeamId,
        patch: TeamPatch,
    ) -> Result<TeamView> {
        let team = self.editable_team(viewer, id).await?;
        if patch.lead.is_some() && !viewer.may_manage_teams() {
            return Err(Error::Forbidden);
        }
        let lead = match &patch.lead {
            Some(who) => self
                .resolve_optional("lead_id", who.as_ref())
                .await
                .map(|l| l.map(|l| l.id)),
            None => Ok(team.lead_id),
        };
        let draft = TeamDraft::parse(
            patch.name.as_deref().unwrap_or(&team.name),
            patch.purpose.as_deref().unwrap_or(&team.purpose),
            lead.as_ref().ok().copied().flatten(),
        )
        .map_err(Error::from);
        let members = match &patch.members {
            Some(members) => self.resolve_members(members).await.map(Some),
            None => Ok(None),
        };
        let ((draft, _), members) = Error::both(Error::both(draft, lead), members)?;
        if let (Some(members), Some(lead)) = (&members, draft.lead_id)
            && !members.contains(&lead)
        {
            let name = self.store.person(lead).await?.map(|p| p.name);
            return Err(Error::field(
                "member_ids",
                format!(
                    "must include the team's lead{}: a lead is always a member of their team",
                    name.map(|n| format!(", {n} (id {lead})"))
                        .unwrap_or_default()
                ),
            ));
        }
        let team = self
            .store
            .update_team(id, &draft, members.as_deref())
            .await?;
        self.team_view(viewer, team).await
    }

    /// The team the page that asks "Archive it?" names: the same checks as archiving.
    pub async fn confirm_archive_team(&self, viewer: &Viewer, id: TeamId) -> Result<TeamView> {
        let team = self.managed_team(viewer, id).await?;
        self.team_view(viewer, team).await
    }

    pub async fn set_team_archived(
        &self,
        viewer: &Viewer,
        id: TeamId,
        archived: bool,
    ) -> Result<TeamView> {
        self.managed_team(viewer, id).await?;
        let team = self.store.set_team_archived(id, archived).await?;
        self.team_view(viewer, team).await
    }

    /// Adds one active person to a team (admins and the team's lead). One statement, so two
    /// people adding members at the same moment both keep theirs.
    ///
    /// This is the shape of every use case: resolve the input, ask the access rule, make one
    /// store call that writes in one transaction.
    pub async fn add_team_member(
        &self,
        viewer: &Viewer,
        id: TeamId,
        who: &PersonRef,
    ) -> Result<()> {
        self.editable_team(viewer, id).await?;
        let person = self.resolve("member", who).await?;
        Ok(self.store.add_team_member(id, person.id).await?)
    }

    /// A member the viewer may take out of the team: admins and the team's lead may, but nobody
    /// takes out the lead, who stays a member while they lead the team.
    async fn removable_member(
        &self,
        viewer: &Viewer,
        id: TeamId,
        person: PersonId,
    ) -> Result<Team> {
        let team = self.editable_team(viewer, id).await?;
        if !viewer.may_remove_team_member(team.lead_id, person) {
            let message = if person == viewer.id {
                format!(
                    "You lead {}, so you stay one of its members. To leave it, ask an admin to \
                     choose another lead first.",
                    team.name
                )
            } else {
                let name = self.store.person(person).await?.map(|p| p.name);
                format!(
                    "{} leads {}, so they stay one of its members. Choose another lead first.",
                    name.as_deref().unwrap_or("This person"),
                    team.name
                )
            };
            return Err(Error::Conflict(message));
        }
        Ok(team)
    }

    /// Who and which team the page that asks "Remove them?" names: the same checks as removing,
    /// and the person must be a member.
    pub async fn confirm_remove_team_member(
        &self,
        viewer: &Viewer,
        id: TeamId,
        person: PersonId,
    ) -> Result<MemberRemoval> {
        let team = self.removable_member(viewer, id, person).await?;
        let member = self
            .store
            .team_members(id)
            .await?
            .into_iter()
            .find(|member| member.id == person)
            .ok_or(Error::NotFound)?;
        Ok(MemberRemoval {
            team: TeamSummary::from(&team),
            person: PersonSummary::from(member),
        })
    }

    /// Removes one person from a team (admins and the team's lead), never its lead.
    pub async fn remove_team_member(
        &self,
        viewer: &Viewer,
        id: TeamId,
        person: PersonId,
    ) -> Result<()> {
        self.removable_member(viewer, id, person).await?;
        Ok(self.store.remove_team_member(id, person).await?)
    }
}
