//! What use cases hand back. A person is returned as a [`PersonView`], whose profile is present
//! only when the viewer may read it: no entry point can render what it was never given.

use tend_domain::person::{Person, Profile};
use tend_domain::team::Team;
use tend_domain::{Email, PersonId, Role, TeamId, Timestamp};

/// A person as a viewer sees them: the directory entry always, the profile only where
/// `tend_domain::access` allows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonView {
    pub id: PersonId,
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub manager_id: Option<PersonId>,
    /// Whether the person has set a password yet (an invited person has not).
    pub has_password: bool,
    pub archived_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub profile: Option<Profile>,
}

impl PersonView {
    pub(crate) fn new(person: Person, with_profile: bool) -> Self {
        Self {
            id: person.id,
            email: person.email,
            name: person.name,
            role: person.role,
            manager_id: person.manager_id,
            has_password: person.has_password,
            archived_at: person.archived_at,
            created_at: person.created_at,
            updated_at: person.updated_at,
            profile: with_profile.then_some(person.profile),
        }
    }

    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }
}

/// Who someone is, for a link or a list: no profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSummary {
    pub id: PersonId,
    pub name: String,
    pub email: Email,
    pub archived: bool,
}

impl From<&Person> for PersonSummary {
    fn from(person: &Person) -> Self {
        Self {
            id: person.id,
            name: person.name.clone(),
            email: person.email.clone(),
            archived: person.is_archived(),
        }
    }
}

impl From<Person> for PersonSummary {
    fn from(person: Person) -> Self {
        Self::from(&person)
    }
}

/// A team, for a link or a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamSummary {
    pub id: TeamId,
    pub name: String,
}

impl From<&Team> for TeamSummary {
    fn from(team: &Team) -> Self {
        Self {
            id: team.id,
            name: team.name.clone(),
        }
    }
}

/// What a person looks like in the directory: who they are, who they report to, their teams and
/// whether they lead people (anyone with reports does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryEntry {
    pub person: PersonView,
    /// Their manager, when the viewer may see them.
    pub manager: Option<PersonSummary>,
    /// Their active teams, in name order.
    pub teams: Vec<TeamSummary>,
    /// How many active direct reports they have.
    pub reports: usize,
}

impl DirectoryEntry {
    pub fn leads_people(&self) -> bool {
        self.reports > 0
    }
}

/// The wall-clock time where someone is, as their page shows it: "14:05 (Europe/Lisbon)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTime {
    /// 24-hour `HH:MM`.
    pub time: String,
    /// The IANA name of their time zone.
    pub zone: String,
}
