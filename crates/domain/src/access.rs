//! Who may read and change what. Every page and API handler asks here; nothing is decided in a
//! template or a query. A refusal to read is rendered as "not found" so it reveals nothing.

use crate::person::{PersonId, Role};
use crate::team::TeamId;

/// The signed-in person a request acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub id: PersonId,
    pub role: Role,
}

impl Viewer {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Accounts, roles, reporting lines and teams are administered by admins. An admin reads no
    /// private content through this (DESIGN.md §3 rule 5).
    pub fn may_administer(&self) -> bool {
        self.is_admin()
    }

    /// The directory entry (name, email, manager, teams) of an active person is visible to everyone
    /// in the organisation; an archived person only to admins.
    pub fn may_see_person(&self, subject_archived: bool) -> bool {
        !subject_archived || self.is_admin()
    }

    /// A profile (aspirations, motivations, strengths, how they like to work) is for the person
    /// and the managers above them. Being an admin grants nothing here.
    ///
    /// `managers_of_subject` lists everyone above the subject in the reporting line.
    pub fn may_read_profile(&self, subject: PersonId, managers_of_subject: &[PersonId]) -> bool {
        self.id == subject || managers_of_subject.contains(&self.id)
    }

    /// Only the person writes their own profile.
    pub fn may_edit_profile(&self, subject: PersonId) -> bool {
        self.id == subject
    }

    /// A team's name, purpose and members are changed by an admin or the team's lead.
    pub fn may_edit_team(&self, lead_id: Option<PersonId>) -> bool {
        self.is_admin() || lead_id == Some(self.id)
    }

    /// Only admins create teams, choose their lead and archive them.
    pub fn may_manage_team(&self, _team: Option<TeamId>) -> bool {
        self.is_admin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: Viewer = Viewer {
        id: 1,
        role: Role::Admin,
    };
    const LEAD: Viewer = Viewer {
        id: 2,
        role: Role::Member,
    };
    const REPORT: Viewer = Viewer {
        id: 3,
        role: Role::Member,
    };
    const PEER: Viewer = Viewer {
        id: 4,
        role: Role::Member,
    };

    #[test]
    fn profile_is_for_the_person_and_the_managers_above() {
        let above_report = [LEAD.id, 9];
        assert!(REPORT.may_read_profile(REPORT.id, &above_report));
        assert!(LEAD.may_read_profile(REPORT.id, &above_report));
        assert!(!PEER.may_read_profile(REPORT.id, &above_report));
        assert!(
            !ADMIN.may_read_profile(REPORT.id, &above_report),
            "an admin reads no private content"
        );
        assert!(
            !LEAD.may_read_profile(9, &[]),
            "a report never reads their manager's profile"
        );
        assert!(REPORT.may_edit_profile(REPORT.id));
        assert!(!LEAD.may_edit_profile(REPORT.id));
    }

    #[test]
    fn archived_people_are_for_admins() {
        assert!(PEER.may_see_person(false));
        assert!(!PEER.may_see_person(true));
        assert!(ADMIN.may_see_person(true));
    }

    #[test]
    fn teams_are_edited_by_admins_and_their_lead() {
        assert!(ADMIN.may_edit_team(None));
        assert!(LEAD.may_edit_team(Some(LEAD.id)));
        assert!(!PEER.may_edit_team(Some(LEAD.id)));
        assert!(!LEAD.may_manage_team(None));
    }
}
