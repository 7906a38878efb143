//! Who may read and change what. The use-case layer asks here, once per operation; nothing is
//! decided in a handler, a template or a query. A refusal to read is rendered as "not found" so it
//! reveals nothing.

use crate::id::PersonId;
use crate::listing::ArchivedFilter;
use crate::person::Role;

/// Who stands where around a survey, for the survey rules: its creator, its team's lead and the
/// managers above the lead (none for an organisation-wide survey), whether the viewer is in its
/// audience, and whether its results were shared with the audience.
#[derive(Debug, Clone, Copy)]
pub struct SurveyParties<'a> {
    pub creator: Option<PersonId>,
    /// Asked of the whole organisation, not of a team.
    pub organisation_wide: bool,
    pub team_lead: Option<PersonId>,
    pub managers_of_lead: &'a [PersonId],
    pub viewer_in_audience: bool,
    pub shared: bool,
}

/// Who is asking, with what they are allowed: computed once per request (from the session or the
/// API token) and handed to every use case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub id: PersonId,
    pub role: Role,
}

impl Viewer {
    /// The command line: the operator of the installation, who holds the database anyway. It
    /// administers, and like an admin reads no private content.
    pub const COMMAND_LINE: Viewer = Viewer {
        id: PersonId::COMMAND_LINE,
        role: Role::Admin,
    };

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn is_command_line(&self) -> bool {
        self.id == PersonId::COMMAND_LINE
    }

    /// Who a change is recorded as made by: the person, or `None` for the command line.
    pub fn actor(&self) -> Option<PersonId> {
        (!self.is_command_line()).then_some(self.id)
    }

    /// A person's account history (who changed their manager, role or password, and when) is
    /// theirs to read, and their admins', who made or may make such changes.
    pub fn may_read_account_events(&self, subject: PersonId) -> bool {
        self.id == subject || self.is_admin()
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

    /// Listing archived people or teams is for admins.
    pub fn may_list(&self, filter: ArchivedFilter) -> bool {
        filter == ArchivedFilter::Active || self.is_admin()
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

    /// Admins archive people, but not themselves: someone must be left to restore them.
    pub fn may_archive(&self, subject: PersonId) -> bool {
        self.is_admin() && self.id != subject
    }

    /// A team is visible to everyone while active; an archived one to admins.
    pub fn may_see_team(&self, archived: bool) -> bool {
        !archived || self.is_admin()
    }

    /// A team's name, purpose and members are changed by an admin or the team's lead.
    pub fn may_edit_team(&self, lead_id: Option<PersonId>) -> bool {
        self.is_admin() || lead_id == Some(self.id)
    }

    /// Taking someone out of a team is editing it, except that a team's lead stays one of its
    /// members while they lead it, whoever asks (themselves included): the member list then
    /// always shows who leads the team, and an admin chooses another lead first. Asked after
    /// [`Viewer::may_edit_team`], so a refusal here is about the lead, not about the viewer.
    pub fn may_remove_team_member(&self, lead_id: Option<PersonId>, member: PersonId) -> bool {
        self.may_edit_team(lead_id) && lead_id != Some(member)
    }

    /// Only admins create teams, choose their lead and archive them.
    pub fn may_manage_teams(&self) -> bool {
        self.is_admin()
    }

    /// A one-on-one (its meetings, agenda, shared notes and action items) is for its two people
    /// alone (DESIGN.md §3 rule 2): not their managers, not an admin, not the command line. To
    /// anyone else it does not exist.
    pub fn may_see_one_on_one(&self, participants: [PersonId; 2]) -> bool {
        !self.is_command_line() && participants.contains(&self.id)
    }

    /// Anyone may start a one-on-one with someone else (a leader and a report, a mentor and a
    /// mentee); nobody with themselves.
    pub fn may_start_one_on_one_with(&self, other: PersonId) -> bool {
        !self.is_command_line() && self.id != other
    }

    /// A shared note is for both people in the one-on-one; a private note for its author alone
    /// (DESIGN.md §3 rule 1), whoever else asks. Asked after [`Viewer::may_see_one_on_one`].
    pub fn may_read_note(
        &self,
        participants: [PersonId; 2],
        author: PersonId,
        private: bool,
    ) -> bool {
        self.may_see_one_on_one(participants) && (!private || author == self.id)
    }

    /// Only its author changes or deletes a note.
    pub fn may_change_note(&self, participants: [PersonId; 2], author: PersonId) -> bool {
        self.may_see_one_on_one(participants) && author == self.id
    }

    /// A talking point someone added is theirs to take off the agenda; the ones a meeting opens
    /// with belong to both.
    pub fn may_remove_talking_point(
        &self,
        participants: [PersonId; 2],
        added_by: Option<PersonId>,
    ) -> bool {
        self.may_see_one_on_one(participants) && added_by.is_none_or(|by| by == self.id)
    }

    /// A recognition is seen by everyone when public; by the members and leads of its
    /// recipients' teams when for the team; by the giver and the recipients alone when private.
    /// One an admin hid as abuse is seen by its giver and by admins who could see it. The command
    /// line reads none. `shares_team` says whether the viewer is in a team with a recipient.
    pub fn may_see_recognition(
        &self,
        recognition: &crate::recognition::Recognition,
        shares_team: bool,
    ) -> bool {
        use crate::recognition::Visibility;
        if self.is_command_line() {
            return false;
        }
        let visible = match recognition.visibility {
            Visibility::Public => true,
            Visibility::Team => recognition.names(self.id) || shares_team,
            Visibility::Private => recognition.names(self.id),
        };
        if recognition.hidden.is_some() {
            return recognition.giver_id == self.id || (self.is_admin() && visible);
        }
        visible
    }

    /// The giver changes (within the edit window) and deletes their recognition.
    pub fn may_change_recognition(&self, giver: PersonId) -> bool {
        self.id == giver
    }

    /// Admins hide abuse, recorded with who and why; they configure values, the daily cap and
    /// webhooks.
    pub fn may_moderate_recognition(&self) -> bool {
        self.is_admin()
    }

    /// A person's goals, growth plan, delegations and opportunities are for them and the managers
    /// above them. Being an admin grants nothing here; the command line reads none.
    /// `managers_of_subject` lists everyone above the subject in the reporting line.
    pub fn may_see_growth(&self, subject: PersonId, managers_of_subject: &[PersonId]) -> bool {
        !self.is_command_line() && (self.id == subject || managers_of_subject.contains(&self.id))
    }

    /// Goals, check-ins, skills and career conversations are written by the person and the
    /// managers above them: whoever may see them.
    pub fn may_change_growth(&self, subject: PersonId, managers_of_subject: &[PersonId]) -> bool {
        self.may_see_growth(subject, managers_of_subject)
    }

    /// Delegating a decision, changing its level, and giving an opportunity are for the managers
    /// above the person (never the person themselves, never an admin as such).
    pub fn may_empower(&self, subject: PersonId, managers_of_subject: &[PersonId]) -> bool {
        !self.is_command_line() && self.id != subject && managers_of_subject.contains(&self.id)
    }

    /// How an opportunity went and what was learned is written by the person and their managers.
    pub fn may_reflect_on_opportunity(
        &self,
        subject: PersonId,
        managers_of_subject: &[PersonId],
    ) -> bool {
        self.may_see_growth(subject, managers_of_subject)
    }

    /// Objectives are visible to everyone in the organisation (and the command line, which
    /// administers them).
    pub fn may_see_objectives(&self) -> bool {
        true
    }

    /// Organisation objectives are managed by admins; a team's by admins, its lead, and the
    /// managers above its lead. `managers_of_lead` lists everyone above the team's lead.
    pub fn may_manage_objective(
        &self,
        team_lead: Option<PersonId>,
        managers_of_lead: &[PersonId],
        is_team_objective: bool,
    ) -> bool {
        if self.is_admin() {
            return true;
        }
        is_team_objective
            && team_lead.is_some_and(|lead| lead == self.id || managers_of_lead.contains(&self.id))
    }

    /// The areas people own are shown on the team page: visible to everyone in the organisation.
    /// The person and the managers above them add and change them.
    pub fn may_change_ownership(
        &self,
        subject: PersonId,
        managers_of_subject: &[PersonId],
    ) -> bool {
        self.may_see_growth(subject, managers_of_subject)
    }

    /// A team's fairness report is for its lead and the managers above the lead.
    pub fn may_see_fairness(
        &self,
        team_lead: Option<PersonId>,
        managers_of_lead: &[PersonId],
    ) -> bool {
        !self.is_command_line()
            && team_lead.is_some_and(|lead| lead == self.id || managers_of_lead.contains(&self.id))
    }

    /// The "lead or not?" reflection is the person's alone, unless they shared it with their
    /// manager: then that manager reads it, while they are still the person's manager — not a
    /// later manager, not the managers above, not an admin. Only the person writes it.
    /// `shared_with` is whom it was shared with; `manager_of_subject` the person's manager now.
    pub fn may_read_lead_reflection(
        &self,
        subject: PersonId,
        shared_with: Option<PersonId>,
        manager_of_subject: Option<PersonId>,
    ) -> bool {
        !self.is_command_line()
            && (self.id == subject
                || (shared_with == Some(self.id) && manager_of_subject == Some(self.id)))
    }

    /// Who runs a survey: an admin for the whole organisation; for a team, its lead or a manager
    /// above the lead (not an admin as such: a team's pulse is its leaders' practice).
    /// `team` is the team's lead and everyone above the lead; `None` is the organisation.
    pub fn may_run_survey(&self, team: Option<(Option<PersonId>, &[PersonId])>) -> bool {
        if self.is_command_line() {
            return false;
        }
        match team {
            None => self.is_admin(),
            Some((lead, managers_of_lead)) => {
                lead.is_some_and(|lead| lead == self.id || managers_of_lead.contains(&self.id))
            }
        }
    }

    /// A survey's gated results are read by its creator, the admins and the leaders above its
    /// audience (for a team: the lead now and the managers above); the audience reads them once
    /// a leader has shared them. No one ever reads who answered what: that is not stored.
    pub fn may_read_survey_results(&self, survey: &SurveyParties<'_>) -> bool {
        !self.is_command_line()
            && (self.is_admin()
                || self.runs_survey(survey)
                || (survey.shared && survey.viewer_in_audience))
    }

    /// A survey is seen (its questions, window and participation count) by those who read its
    /// results and by its audience; to anyone else it does not exist.
    pub fn may_see_survey(&self, survey: &SurveyParties<'_>) -> bool {
        self.may_read_survey_results(survey) || survey.viewer_in_audience
    }

    /// Closing early, sharing the results, reminding and recording what the team will do: the
    /// survey's creator and the leaders above its audience, and admins for an organisation-wide
    /// survey.
    pub fn may_steer_survey(&self, survey: &SurveyParties<'_>) -> bool {
        !self.is_command_line()
            && (self.runs_survey(survey) || (survey.organisation_wide && self.is_admin()))
    }

    /// Closing early: whoever steers the survey, and any admin (who may end a survey that should
    /// not run on, though they do not steer a team's).
    pub fn may_close_survey(&self, survey: &SurveyParties<'_>) -> bool {
        self.may_steer_survey(survey) || (self.is_admin() && !self.is_command_line())
    }

    fn runs_survey(&self, survey: &SurveyParties<'_>) -> bool {
        survey.creator == Some(self.id)
            || survey.team_lead == Some(self.id)
            || survey.managers_of_lead.contains(&self.id)
    }

    /// Custom instruments are added by leaders (anyone with reports) and admins; changed by
    /// whoever added them, or an admin.
    pub fn may_add_instrument(&self, has_reports: bool) -> bool {
        !self.is_command_line() && (self.is_admin() || has_reports)
    }

    pub fn may_change_instrument(&self, added_by: Option<PersonId>) -> bool {
        !self.is_command_line() && (self.is_admin() || added_by == Some(self.id))
    }

    /// Personal API tokens are their owner's alone; the command line may create one for anyone.
    pub fn may_manage_tokens_of(&self, owner: PersonId) -> bool {
        self.id == owner || self.is_command_line()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: Viewer = Viewer {
        id: PersonId(1),
        role: Role::Admin,
    };
    const LEAD: Viewer = Viewer {
        id: PersonId(2),
        role: Role::Member,
    };
    const REPORT: Viewer = Viewer {
        id: PersonId(3),
        role: Role::Member,
    };
    const PEER: Viewer = Viewer {
        id: PersonId(4),
        role: Role::Member,
    };

    #[test]
    fn profile_is_for_the_person_and_the_managers_above() {
        let above_report = [LEAD.id, PersonId(9)];
        assert!(REPORT.may_read_profile(REPORT.id, &above_report));
        assert!(LEAD.may_read_profile(REPORT.id, &above_report));
        assert!(!PEER.may_read_profile(REPORT.id, &above_report));
        assert!(
            !ADMIN.may_read_profile(REPORT.id, &above_report),
            "an admin reads no private content"
        );
        assert!(
            !Viewer::COMMAND_LINE.may_read_profile(REPORT.id, &above_report),
            "nor does the command line"
        );
        assert!(
            !LEAD.may_read_profile(PersonId(9), &[]),
            "a report never reads their manager's profile"
        );
        assert!(REPORT.may_edit_profile(REPORT.id));
        assert!(!LEAD.may_edit_profile(REPORT.id));
    }

    #[test]
    fn archived_people_and_teams_are_for_admins() {
        assert!(PEER.may_see_person(false));
        assert!(!PEER.may_see_person(true));
        assert!(ADMIN.may_see_person(true));
        assert!(!PEER.may_see_team(true));
        assert!(PEER.may_list(ArchivedFilter::Active));
        assert!(!PEER.may_list(ArchivedFilter::All));
        assert!(ADMIN.may_list(ArchivedFilter::Archived));
    }

    #[test]
    fn admins_archive_others_only() {
        assert!(ADMIN.may_archive(REPORT.id));
        assert!(!ADMIN.may_archive(ADMIN.id));
        assert!(!LEAD.may_archive(REPORT.id));
    }

    #[test]
    fn teams_are_edited_by_admins_and_their_lead() {
        assert!(ADMIN.may_edit_team(None));
        assert!(LEAD.may_edit_team(Some(LEAD.id)));
        assert!(!PEER.may_edit_team(Some(LEAD.id)));
        assert!(!LEAD.may_manage_teams());
    }

    #[test]
    fn a_lead_stays_in_their_team() {
        assert!(LEAD.may_remove_team_member(Some(LEAD.id), REPORT.id));
        assert!(
            !LEAD.may_remove_team_member(Some(LEAD.id), LEAD.id),
            "a lead cannot remove themselves"
        );
        assert!(
            !ADMIN.may_remove_team_member(Some(LEAD.id), LEAD.id),
            "nor can an admin while they lead it"
        );
        assert!(ADMIN.may_remove_team_member(None, LEAD.id));
        assert!(!PEER.may_remove_team_member(Some(LEAD.id), REPORT.id));
    }

    #[test]
    fn a_one_on_one_is_for_its_two_people_alone() {
        let pair = [LEAD.id, REPORT.id];
        assert!(LEAD.may_see_one_on_one(pair));
        assert!(REPORT.may_see_one_on_one(pair));
        assert!(!PEER.may_see_one_on_one(pair));
        assert!(
            !ADMIN.may_see_one_on_one(pair),
            "an admin reads no private content"
        );
        assert!(!Viewer::COMMAND_LINE.may_see_one_on_one(pair));
        let above_lead = Viewer {
            id: PersonId(9),
            role: Role::Member,
        };
        assert!(
            !above_lead.may_see_one_on_one(pair),
            "nor the leader's own manager"
        );
        assert!(!LEAD.may_start_one_on_one_with(LEAD.id));
        assert!(LEAD.may_start_one_on_one_with(REPORT.id));
    }

    #[test]
    fn a_private_note_is_for_its_author_alone() {
        let pair = [LEAD.id, REPORT.id];
        assert!(LEAD.may_read_note(pair, LEAD.id, true));
        assert!(!REPORT.may_read_note(pair, LEAD.id, true));
        assert!(REPORT.may_read_note(pair, LEAD.id, false));
        assert!(!ADMIN.may_read_note(pair, LEAD.id, false));
        assert!(!ADMIN.may_read_note([ADMIN.id, REPORT.id], REPORT.id, true));
        assert!(LEAD.may_change_note(pair, LEAD.id));
        assert!(!REPORT.may_change_note(pair, LEAD.id));
        assert!(REPORT.may_remove_talking_point(pair, None));
        assert!(REPORT.may_remove_talking_point(pair, Some(REPORT.id)));
        assert!(!REPORT.may_remove_talking_point(pair, Some(LEAD.id)));
    }

    #[test]
    fn recognition_is_seen_as_its_visibility_says() {
        use crate::recognition::{Celebrates, Hidden, Recognition, Visibility};
        let at = crate::Timestamp::from_unix(1_800_000_000).unwrap();
        let mut r = Recognition {
            id: crate::RecognitionId(1),
            giver_id: LEAD.id,
            recipients: vec![REPORT.id],
            message: "x".into(),
            celebrates: Celebrates::Progress,
            visibility: Visibility::Private,
            value: None,
            created_at: at,
            updated_at: at,
            hidden: None,
        };
        assert!(LEAD.may_see_recognition(&r, false));
        assert!(REPORT.may_see_recognition(&r, false));
        assert!(
            !PEER.may_see_recognition(&r, true),
            "private: not even a teammate"
        );
        assert!(
            !ADMIN.may_see_recognition(&r, false),
            "an admin reads no private content"
        );
        r.visibility = Visibility::Team;
        assert!(PEER.may_see_recognition(&r, true));
        assert!(!PEER.may_see_recognition(&r, false));
        r.visibility = Visibility::Public;
        assert!(PEER.may_see_recognition(&r, false));
        assert!(!Viewer::COMMAND_LINE.may_see_recognition(&r, false));
        r.hidden = Some(Hidden {
            at,
            by: Some(ADMIN.id),
            reason: "abuse".into(),
        });
        assert!(!PEER.may_see_recognition(&r, false));
        assert!(!REPORT.may_see_recognition(&r, false));
        assert!(
            LEAD.may_see_recognition(&r, false),
            "the giver sees it was hidden"
        );
        assert!(ADMIN.may_see_recognition(&r, false));
        assert!(LEAD.may_change_recognition(LEAD.id));
        assert!(!ADMIN.may_change_recognition(LEAD.id));
    }

    #[test]
    fn growth_is_for_the_person_and_the_managers_above() {
        let above = [LEAD.id, PersonId(9)];
        assert!(REPORT.may_see_growth(REPORT.id, &above));
        assert!(LEAD.may_see_growth(REPORT.id, &above));
        assert!(!PEER.may_see_growth(REPORT.id, &above));
        assert!(
            !ADMIN.may_see_growth(REPORT.id, &above),
            "an admin reads no growth plan"
        );
        assert!(!Viewer::COMMAND_LINE.may_see_growth(REPORT.id, &above));
        assert!(LEAD.may_empower(REPORT.id, &above));
        assert!(
            !REPORT.may_empower(REPORT.id, &above),
            "nobody delegates to themselves"
        );
        assert!(!ADMIN.may_empower(REPORT.id, &above));
        assert!(!PEER.may_empower(REPORT.id, &above));
    }

    #[test]
    fn objectives_and_fairness() {
        assert!(ADMIN.may_manage_objective(None, &[], false));
        assert!(
            !LEAD.may_manage_objective(None, &[], false),
            "org objectives are for admins"
        );
        assert!(LEAD.may_manage_objective(Some(LEAD.id), &[], true));
        assert!(
            PEER.may_manage_objective(Some(LEAD.id), &[PEER.id], true),
            "above the lead"
        );
        assert!(!REPORT.may_manage_objective(Some(LEAD.id), &[PEER.id], true));
        assert!(LEAD.may_see_fairness(Some(LEAD.id), &[]));
        assert!(PEER.may_see_fairness(Some(LEAD.id), &[PEER.id]));
        assert!(!REPORT.may_see_fairness(Some(LEAD.id), &[PEER.id]));
        assert!(!ADMIN.may_see_fairness(Some(LEAD.id), &[]));
        assert!(!LEAD.may_see_fairness(None, &[]));
    }

    #[test]
    fn the_lead_reflection_is_private_unless_shared_with_the_manager() {
        assert!(REPORT.may_read_lead_reflection(REPORT.id, None, Some(LEAD.id)));
        assert!(!LEAD.may_read_lead_reflection(REPORT.id, None, Some(LEAD.id)));
        assert!(LEAD.may_read_lead_reflection(REPORT.id, Some(LEAD.id), Some(LEAD.id)));
        assert!(!PEER.may_read_lead_reflection(REPORT.id, Some(LEAD.id), Some(LEAD.id)));
        assert!(!ADMIN.may_read_lead_reflection(REPORT.id, Some(LEAD.id), Some(LEAD.id)));
        assert!(
            !PEER.may_read_lead_reflection(REPORT.id, Some(LEAD.id), Some(PEER.id)),
            "a new manager does not inherit what was shared with the one before"
        );
        assert!(
            !LEAD.may_read_lead_reflection(REPORT.id, Some(LEAD.id), Some(PEER.id)),
            "nor does the manager it was shared with, once they are no longer the manager"
        );
    }

    #[test]
    fn tokens_are_their_owners() {
        assert!(PEER.may_manage_tokens_of(PEER.id));
        assert!(!ADMIN.may_manage_tokens_of(PEER.id));
        assert!(Viewer::COMMAND_LINE.may_manage_tokens_of(PEER.id));
    }

    #[test]
    fn surveys_are_run_and_read_by_the_leaders_above_their_audience() {
        let team = SurveyParties {
            creator: Some(LEAD.id),
            organisation_wide: false,
            team_lead: Some(LEAD.id),
            managers_of_lead: &[PEER.id],
            viewer_in_audience: false,
            shared: false,
        };
        assert!(LEAD.may_run_survey(Some((Some(LEAD.id), &[PEER.id]))));
        assert!(PEER.may_run_survey(Some((Some(LEAD.id), &[PEER.id]))));
        assert!(!REPORT.may_run_survey(Some((Some(LEAD.id), &[PEER.id]))));
        assert!(!ADMIN.may_run_survey(Some((Some(LEAD.id), &[]))));
        assert!(ADMIN.may_run_survey(None) && !LEAD.may_run_survey(None));
        assert!(!Viewer::COMMAND_LINE.may_run_survey(None));

        assert!(LEAD.may_read_survey_results(&team) && PEER.may_read_survey_results(&team));
        assert!(ADMIN.may_read_survey_results(&team));
        let member = SurveyParties {
            viewer_in_audience: true,
            ..team
        };
        assert!(REPORT.may_see_survey(&member) && !REPORT.may_read_survey_results(&member));
        let shared = SurveyParties {
            shared: true,
            ..member
        };
        assert!(REPORT.may_read_survey_results(&shared));
        assert!(
            !REPORT.may_see_survey(&team),
            "outside the audience it does not exist"
        );
        assert!(!Viewer::COMMAND_LINE.may_read_survey_results(&team));

        assert!(LEAD.may_steer_survey(&team) && PEER.may_steer_survey(&team));
        assert!(ADMIN.may_close_survey(&team) && !REPORT.may_close_survey(&shared));
        assert!(!Viewer::COMMAND_LINE.may_close_survey(&team));
        assert!(!ADMIN.may_steer_survey(&team) && !REPORT.may_steer_survey(&shared));
        let org = SurveyParties {
            creator: Some(ADMIN.id),
            team_lead: None,
            managers_of_lead: &[],
            ..team
        };
        assert!(ADMIN.may_steer_survey(&org) && !LEAD.may_steer_survey(&org));
    }

    #[test]
    fn instruments_are_added_by_leaders_and_admins() {
        assert!(LEAD.may_add_instrument(true) && ADMIN.may_add_instrument(false));
        assert!(!REPORT.may_add_instrument(false));
        assert!(
            LEAD.may_change_instrument(Some(LEAD.id)) && !PEER.may_change_instrument(Some(LEAD.id))
        );
        assert!(ADMIN.may_change_instrument(Some(LEAD.id)));
    }
}
