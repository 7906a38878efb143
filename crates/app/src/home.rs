//! The home page: who the viewer reports to, their people and teams.

use tend_domain::access::Viewer;

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
}

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
        Ok(Home {
            me,
            manager,
            reports: reports.iter().map(PersonSummary::from).collect(),
            teams: teams.iter().map(TeamSummary::from).collect(),
            people_count,
        })
    }
}
