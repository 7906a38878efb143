//! The home page: who the viewer reports to, their people and teams, and their next one-on-ones.

use tend_domain::access::Viewer;
use tend_domain::{MeetingId, PersonId, Timestamp};

use crate::views::{PersonSummary, PersonView, TeamSummary};
use crate::{App, Result};

#[derive(Debug, Clone)]
pub struct Home {
    pub me: PersonView,
    pub manager: Option<PersonSummary>,
    pub reports: Vec<PersonSummary>,
    pub teams: Vec<TeamSummary>,
    /// For admins: how many people Tend holds.
    pub people_count: Option<i64>,
    /// The viewer's next one-on-ones, soonest first: the meeting, who with, when.
    pub next_one_on_ones: Vec<(MeetingId, String, Timestamp)>,
    /// Direct reports the viewer holds no one-on-ones with yet.
    pub reports_without_one_on_ones: Vec<PersonSummary>,
    /// Open surveys waiting for the viewer's answer (a reminder shows here).
    pub surveys_waiting: Vec<tend_store::SurveyRecord>,
}

/// How many upcoming one-on-ones the home page lists.
const NEXT_ONE_ON_ONES: usize = 5;

impl App {
    pub async fn home(&self, viewer: &Viewer) -> Result<Home> {
        let me = self.me(viewer).await?;
        let manager = self.summary_of(viewer, me.manager_id).await?;
        let people_count = if viewer.may_administer() {
            Some(self.store.count_people().await?)
        } else {
            None
        };
        let reports = self.store.direct_reports(viewer.id).await?;
        let teams = self.store.teams_of(viewer.id).await?;
        let series = self.one_on_ones(viewer, None, 200).await?.items;
        let mut next_one_on_ones: Vec<(MeetingId, String, Timestamp)> = series
            .iter()
            .filter_map(|s| {
                let meeting = s.next_meeting.as_ref()?;
                Some((
                    meeting.id,
                    s.other(viewer.id).name.clone(),
                    meeting.starts_at,
                ))
            })
            .collect();
        next_one_on_ones.sort_by_key(|(_, _, at)| *at);
        next_one_on_ones.truncate(NEXT_ONE_ON_ONES);
        let met: Vec<PersonId> = series.iter().map(|s| s.other(viewer.id).id).collect();
        let reports_without_one_on_ones = reports
            .iter()
            .filter(|r| !met.contains(&r.id))
            .map(PersonSummary::from)
            .collect();
        let surveys_waiting = self.surveys_waiting(viewer).await?;
        Ok(Home {
            surveys_waiting,
            next_one_on_ones,
            reports_without_one_on_ones,
            me,
            manager,
            reports: reports.iter().map(PersonSummary::from).collect(),
            teams: teams.iter().map(TeamSummary::from).collect(),
            people_count,
        })
    }
}
