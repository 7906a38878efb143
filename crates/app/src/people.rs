//! The directory, a person's page, and what admins do to people: create (and invite), edit,
//! archive, restore, send an invite or reset link.

use tend_domain::access::Viewer;
use tend_domain::account::AccountEvent;
use tend_domain::listing::{ArchivedFilter, Page};
use tend_domain::pagination::Cursor;
use tend_domain::person::{Person, PersonDraft};
use tend_domain::{PersonId, Role, TeamId};
use tend_store::{NewInvite, NewPerson, PeopleQuery};

use crate::accounts::INVITE_LIFETIME;
use crate::person_ref::PersonRef;
use crate::secrets::{hash_token, new_token};
use crate::views::{DirectoryEntry, LocalTime, PersonSummary, PersonView, TeamSummary};
use crate::{App, Error, Result};

/// Which page of the directory to show.
#[derive(Debug, Clone, Default)]
pub struct DirectoryQuery {
    /// Matches anywhere in a name or an email, ignoring case.
    pub search: Option<String>,
    pub team: Option<TeamId>,
    pub archived: ArchivedFilter,
    /// The page after this position.
    pub after: Option<Cursor>,
    /// The page before this position (wins over `after`).
    pub before: Option<Cursor>,
    pub limit: u32,
}

/// Everything a person's page shows.
#[derive(Debug, Clone)]
pub struct PersonPage {
    pub person: PersonView,
    pub manager: Option<PersonSummary>,
    pub reports: Vec<PersonSummary>,
    pub teams: Vec<TeamSummary>,
    pub may_administer: bool,
    pub may_edit_profile: bool,
    /// The time where they are now, for those who may read their profile (the time zone is
    /// part of it) when they have said where they are.
    pub local_time: Option<LocalTime>,
    /// The latest changes to the account, for the person themselves and admins.
    pub account_events: Option<Vec<AccountEvent>>,
}

/// A person's account fields as an admin's edit form starts out.
#[derive(Debug, Clone)]
pub struct PersonForm {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub manager: Option<PersonSummary>,
}

/// A person to create.
#[derive(Debug, Clone, Default)]
pub struct PersonInput {
    pub email: String,
    pub name: String,
    /// `admin` or `member`; empty means member.
    pub role: String,
    pub manager: Option<PersonRef>,
}

/// Account fields to change; `None` keeps a field as it is, `manager: Some(None)` removes the
/// manager.
#[derive(Debug, Clone, Default)]
pub struct PersonPatch {
    pub email: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub manager: Option<Option<PersonRef>>,
}

/// A created person and, when asked for, the one-time link to hand them.
#[derive(Debug, Clone)]
pub struct CreatedPerson {
    pub person: PersonView,
    pub invite_link: Option<String>,
}

/// The most people the picker suggests at once.
const PICKER_SUGGESTIONS: u32 = 8;

/// The person as the viewer may see them: the profile only where the access rule allows.
pub(crate) fn view_for(viewer: &Viewer, person: Person) -> PersonView {
    let readable = viewer.may_read_profile(person.id, &person.managers);
    PersonView::new(person, readable)
}

impl App {
    /// One page of the directory. Profiles come with the people the viewer may read them for
    /// (themselves, and those below them).
    pub async fn directory(
        &self,
        viewer: &Viewer,
        query: DirectoryQuery,
    ) -> Result<Page<PersonView>> {
        if !viewer.may_list(query.archived) {
            return Err(Error::Forbidden);
        }
        let page = self
            .store
            .list_people(&PeopleQuery {
                search: query.search,
                team_id: query.team,
                archived: query.archived,
                after: query.after,
                before: query.before,
                limit: query.limit,
            })
            .await?;
        // Each person carries their reporting line, so the rule needs no further query.
        Ok(page.map(|person| view_for(viewer, person)))
    }

    /// A page of the directory with what the people page shows beside each person: their
    /// manager, their teams and how many people they lead. Three queries for the whole page,
    /// whatever its size.
    pub async fn directory_page(
        &self,
        viewer: &Viewer,
        query: DirectoryQuery,
    ) -> Result<Page<DirectoryEntry>> {
        let page = self.directory(viewer, query).await?;
        let ids: Vec<PersonId> = page.items.iter().map(|p| p.id).collect();
        let mut manager_ids: Vec<PersonId> =
            page.items.iter().filter_map(|p| p.manager_id).collect();
        manager_ids.sort();
        manager_ids.dedup();
        let managers: std::collections::HashMap<PersonId, PersonSummary> = self
            .store
            .people_by_ids(&manager_ids)
            .await?
            .into_iter()
            .filter(|m| viewer.may_see_person(m.is_archived()))
            .map(|m| (m.id, PersonSummary::from(m)))
            .collect();
        let reports = self.store.report_counts(&ids).await?;
        let mut teams = self.store.teams_of_people(&ids).await?;
        Ok(page.map(|person| DirectoryEntry {
            manager: person.manager_id.and_then(|m| managers.get(&m).cloned()),
            teams: teams
                .remove(&person.id)
                .unwrap_or_default()
                .into_iter()
                .map(|(id, name)| TeamSummary { id, name })
                .collect(),
            reports: reports.get(&person.id).copied().unwrap_or_default(),
            person,
        }))
    }

    /// Active people whose name or email contains `text`, for a person picker.
    pub async fn pick_people(
        &self,
        _viewer: &Viewer,
        text: Option<String>,
    ) -> Result<Vec<PersonSummary>> {
        let Some(text) = text else {
            return Ok(Vec::new());
        };
        let page = self
            .store
            .list_people(&PeopleQuery {
                search: Some(text),
                limit: PICKER_SUGGESTIONS,
                ..PeopleQuery::default()
            })
            .await?;
        Ok(page.items.iter().map(PersonSummary::from).collect())
    }

    /// A person whose account the viewer administers (admins): visible to them, or not found;
    /// then not the viewer's to change, or forbidden.
    async fn administered_person(&self, viewer: &Viewer, id: PersonId) -> Result<Person> {
        let person = self.visible_person(viewer, id).await?;
        if !viewer.may_administer() {
            return Err(Error::Forbidden);
        }
        Ok(person)
    }

    /// A person the viewer may see (archived people are for admins), or not found.
    async fn visible_person(&self, viewer: &Viewer, id: PersonId) -> Result<Person> {
        self.store
            .person(id)
            .await?
            .filter(|p| viewer.may_see_person(p.is_archived()))
            .ok_or(Error::NotFound)
    }

    pub async fn person(&self, viewer: &Viewer, id: PersonId) -> Result<PersonView> {
        let person = self.visible_person(viewer, id).await?;
        Ok(view_for(viewer, person))
    }

    /// The person `id` names, as a link, if the viewer may see them (for "reports to", say).
    pub(crate) async fn summary_of(
        &self,
        viewer: &Viewer,
        id: Option<PersonId>,
    ) -> Result<Option<PersonSummary>> {
        let Some(id) = id else {
            return Ok(None);
        };
        Ok(self
            .store
            .person(id)
            .await?
            .filter(|p| viewer.may_see_person(p.is_archived()))
            .map(PersonSummary::from))
    }

    pub async fn person_page(&self, viewer: &Viewer, id: PersonId) -> Result<PersonPage> {
        let person = self.visible_person(viewer, id).await?;
        let manager = self.summary_of(viewer, person.manager_id).await?;
        let reports = self.store.direct_reports(id).await?;
        let teams = self.store.teams_of(id).await?;
        let account_events = if viewer.may_read_account_events(id) {
            Some(self.store.account_events(id, false, None, 10).await?)
        } else {
            None
        };
        let person = view_for(viewer, person);
        let local_time = person.profile.as_ref().and_then(|profile| {
            let time = tend_domain::time_zone::local_time(&profile.time_zone, self.store.now())?;
            Some(LocalTime {
                time,
                zone: profile.time_zone.clone(),
            })
        });
        Ok(PersonPage {
            account_events,
            local_time,
            person,
            manager,
            reports: reports.iter().map(PersonSummary::from).collect(),
            teams: teams.iter().map(TeamSummary::from).collect(),
            may_administer: viewer.may_administer(),
            may_edit_profile: viewer.may_edit_profile(id),
        })
    }

    /// What an admin's edit form starts with.
    pub async fn person_form(&self, viewer: &Viewer, id: PersonId) -> Result<PersonForm> {
        let person = self.administered_person(viewer, id).await?;
        let manager = self.summary_of(viewer, person.manager_id).await?;
        Ok(PersonForm {
            email: person.email.to_string(),
            name: person.name,
            role: person.role,
            manager,
        })
    }

    /// Creates a person (admins, and the command line), with a one-time link to set their
    /// password when `invite` is set: both in one transaction.
    pub async fn create_person(
        &self,
        viewer: &Viewer,
        input: PersonInput,
        invite: bool,
    ) -> Result<CreatedPerson> {
        if !viewer.may_administer() {
            return Err(Error::Forbidden);
        }
        let manager = self
            .resolve_optional("manager_id", input.manager.as_ref())
            .await;
        let draft = PersonDraft::parse(tend_domain::person::PersonInput {
            email: &input.email,
            name: &input.name,
            role: &input.role,
            manager_id: manager.as_ref().ok().and_then(Option::as_ref).map(|m| m.id),
        })
        .map_err(Error::from);
        let (draft, _) = Error::both(draft, manager)?;
        let secret = invite.then(|| new_token(""));
        let new_invite = secret.as_ref().map(|secret| NewInvite {
            token_hash: hash_token(secret),
            lifetime: INVITE_LIFETIME,
        });
        let person = self
            .store
            .create_person(NewPerson::from(draft), new_invite.as_ref())
            .await?;
        Ok(CreatedPerson {
            person: view_for(viewer, person),
            invite_link: secret.map(|s| self.invite_link(&s)),
        })
    }

    pub(crate) fn invite_link(&self, secret: &str) -> String {
        format!("{}/invite/{secret}", self.base_url)
    }

    /// Changes a person's account fields (admins). A manager that would make a cycle is refused.
    pub async fn update_person(
        &self,
        viewer: &Viewer,
        id: PersonId,
        patch: PersonPatch,
    ) -> Result<PersonView> {
        let person = self.administered_person(viewer, id).await?;
        let manager = match &patch.manager {
            Some(who) => self
                .resolve_optional("manager_id", who.as_ref())
                .await
                .map(|m| m.map(|m| m.id)),
            None => Ok(person.manager_id),
        };
        let email = patch.email.unwrap_or_else(|| person.email.to_string());
        let name = patch.name.unwrap_or_else(|| person.name.clone());
        let role = patch.role.unwrap_or_else(|| person.role.to_string());
        let draft = PersonDraft::parse(tend_domain::person::PersonInput {
            email: &email,
            name: &name,
            role: &role,
            manager_id: manager.as_ref().ok().copied().flatten(),
        })
        .map_err(Error::from);
        let (draft, _) = Error::both(draft, manager)?;
        // The answer shows no more than the viewer could read before the change.
        let readable_before = viewer.may_read_profile(id, &person.managers);
        let person = self.store.update_person(id, &draft, viewer.actor()).await?;
        Ok(PersonView::new(person, readable_before))
    }

    /// A person an admin may archive: anyone visible but themselves.
    async fn archivable_person(&self, viewer: &Viewer, id: PersonId) -> Result<Person> {
        let person = self.administered_person(viewer, id).await?;
        if !viewer.may_archive(id) {
            return Err(Error::Conflict(
                "You cannot archive yourself; ask another admin.".into(),
            ));
        }
        Ok(person)
    }

    /// Who the page that asks "Archive them?" names: the same checks as archiving, so the
    /// question is only asked of someone who may do it.
    pub async fn confirm_archive_person(
        &self,
        viewer: &Viewer,
        id: PersonId,
    ) -> Result<PersonSummary> {
        Ok(PersonSummary::from(
            self.archivable_person(viewer, id).await?,
        ))
    }

    /// Archives (signs out, hides) or restores a person (admins; not themselves).
    pub async fn set_person_archived(
        &self,
        viewer: &Viewer,
        id: PersonId,
        archived: bool,
    ) -> Result<PersonView> {
        if archived {
            self.archivable_person(viewer, id).await?;
        } else {
            self.administered_person(viewer, id).await?;
        }
        let person = self
            .store
            .set_archived(id, archived, viewer.actor())
            .await?;
        Ok(view_for(viewer, person))
    }

    /// A new one-time link for the person to set their password (admins). Any earlier link of
    /// theirs stops working. For someone who has a password this is a reset: whoever holds the
    /// link can set a new one, so all their sessions and API tokens end now, and they are told
    /// who did it, and when, at their next sign-in.
    pub async fn send_invite(&self, viewer: &Viewer, id: PersonId) -> Result<String> {
        let person = self.administered_person(viewer, id).await?;
        if person.is_archived() {
            return Err(Error::Conflict(
                "An archived person cannot sign in; restore them first.".into(),
            ));
        }
        let secret = new_token("");
        let invite = NewInvite {
            token_hash: hash_token(&secret),
            lifetime: INVITE_LIFETIME,
        };
        if person.has_password {
            self.store
                .reset_password(id, &invite, viewer.actor())
                .await?;
        } else {
            self.store.create_invite(id, &invite).await?;
        }
        Ok(self.invite_link(&secret))
    }

    /// A link [`App::send_invite`] made, to show once on the person's page right after an admin
    /// created it: only to an admin, and only while it is that person's valid link (a link planted
    /// in the browser, or one already used or replaced, shows nothing).
    pub async fn invite_link_to_show(
        &self,
        viewer: &Viewer,
        id: PersonId,
        link: &str,
    ) -> Result<Option<String>> {
        let Some(secret) = link.strip_prefix(&self.invite_link("")) else {
            return Ok(None);
        };
        if !viewer.may_administer() || secret.is_empty() {
            return Ok(None);
        }
        let invited = self.store.invite_person(&hash_token(secret)).await?;
        Ok(invited
            .filter(|person| person.id == id)
            .map(|_| link.to_owned()))
    }
}
