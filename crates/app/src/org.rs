//! The org chart: from the viewer's own place (or anyone's, or the top of the organisation) a few
//! levels down, never more than [`CHART_BUDGET`] people in one answer however large the
//! organisation or deep the request: the store reads one level at a time, at most what is left of
//! the budget, and what does not fit is reached through "N more" and "open from here" links,
//! each another bounded answer.

use tend_domain::PersonId;
use tend_domain::access::Viewer;
use tend_domain::org::{CHART_BUDGET, OrgEntry, OrgNode, allocate, org_tree};
use tend_domain::pagination::Cursor;

use crate::views::PersonSummary;
use crate::{App, Error, Result};

/// Where the chart starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgStart {
    /// The viewer's own place: them, their reports below, their manager as the way up.
    Me,
    /// Anyone's place.
    Person(PersonId),
    /// The people at the top of the organisation.
    Top,
}

#[derive(Debug, Clone)]
pub struct OrgChart {
    /// Who is looking, to mark "you".
    pub viewer: PersonId,
    /// The person the chart starts from; `None` for the top of the organisation.
    pub root: Option<PersonSummary>,
    /// The root's manager, to go up one level.
    pub up: Option<PersonSummary>,
    pub trees: Vec<OrgNode>,
    /// Levels drawn below the root (below the top people for the top of the organisation).
    pub depth: usize,
    /// The first level (the root's reports, or the top people) starts after this position: a
    /// later page of a long list.
    pub after: Option<Cursor>,
    /// People of the first level after the ones drawn, and where they start.
    pub more: usize,
    pub next: Option<Cursor>,
    /// How many people the answer draws (never more than [`CHART_BUDGET`]).
    pub drawn: usize,
}

/// One person's direct reports, for unfolding them in place in the chart.
#[derive(Debug, Clone)]
pub struct OrgReports {
    pub viewer: PersonId,
    pub person: PersonSummary,
    /// The reports, each with their own count of reports (none of them unfolded).
    pub reports: Vec<OrgNode>,
    /// Reports after the ones drawn, and where they start.
    pub more: usize,
    pub next: Option<Cursor>,
}

/// The first-level people of a page and what follows them.
struct FirstLevel {
    entries: Vec<OrgEntry>,
    more: usize,
    next: Option<Cursor>,
}

impl FirstLevel {
    fn new(entries: Vec<OrgEntry>, total_after: usize) -> Self {
        let more = total_after.saturating_sub(entries.len());
        let next = entries.last().filter(|_| more > 0).map(OrgEntry::cursor);
        Self {
            entries,
            more,
            next,
        }
    }
}

fn leaf(entry: OrgEntry) -> OrgNode {
    OrgNode {
        unshown_reports: entry.reports,
        entry,
        children: Vec::new(),
    }
}

impl App {
    /// The chart from `start`, `depth` levels down (`after`: a later page of the first level).
    /// Everyone in the organisation may see the reporting line of active people; an archived
    /// person is not in the chart.
    pub async fn org_chart(
        &self,
        viewer: &Viewer,
        start: OrgStart,
        depth: usize,
        after: Option<Cursor>,
    ) -> Result<OrgChart> {
        let depth = depth.max(1);
        let root_id = match start {
            OrgStart::Me => Some(viewer.id),
            OrgStart::Person(id) => Some(id),
            OrgStart::Top => None,
        };
        let Some(root_id) = root_id else {
            let (tops, total) = self.store.org_tops(after.as_ref(), CHART_BUDGET).await?;
            let first = FirstLevel::new(tops, total);
            let budget = CHART_BUDGET - first.entries.len();
            let tops: Vec<PersonId> = first.entries.iter().map(|e| e.id).collect();
            let entries = self.levels_below(first.entries, depth, budget).await?;
            let trees = tops
                .into_iter()
                .filter_map(|top| org_tree(top, &entries, depth))
                .collect();
            return Ok(OrgChart {
                viewer: viewer.id,
                root: None,
                up: None,
                trees,
                depth,
                after,
                more: first.more,
                next: first.next,
                drawn: entries.len(),
            });
        };
        let root = self
            .store
            .org_entry(root_id)
            .await?
            .ok_or(Error::NotFound)?;
        // The chart draws active people only, so "up" leads to an active manager or nowhere.
        let up = match root.manager_id {
            Some(manager) => self
                .store
                .person(manager)
                .await?
                .filter(|m| !m.is_archived())
                .map(PersonSummary::from),
            None => None,
        };
        let person = self.store.person(root_id).await?.ok_or(Error::NotFound)?;
        // The root and the way up count against the budget too.
        let budget = CHART_BUDGET - 1 - usize::from(up.is_some());
        let (reports, total) = self
            .store
            .org_reports(root_id, after.as_ref(), budget)
            .await?;
        let first = FirstLevel::new(reports, total);
        let budget = budget - first.entries.len();
        let mut entries = vec![root];
        entries.extend(self.levels_below(first.entries, depth - 1, budget).await?);
        let mut tree = org_tree(root_id, &entries, depth).ok_or(Error::NotFound)?;
        // On a later page the reports before it are not "unshown" but behind the link back.
        tree.unshown_reports = first.more;
        Ok(OrgChart {
            viewer: viewer.id,
            root: Some(PersonSummary::from(person)),
            drawn: entries.len() + usize::from(up.is_some()),
            up,
            trees: vec![tree],
            depth,
            after,
            more: first.more,
            next: first.next,
        })
    }

    /// `level` and the people below them, `depth` more levels down, one level at a time while
    /// `budget` lasts: each person of a level takes all their reports in drawing order while
    /// the budget lasts (see `tend_domain::org::allocate`).
    async fn levels_below(
        &self,
        level: Vec<OrgEntry>,
        depth: usize,
        mut budget: usize,
    ) -> Result<Vec<OrgEntry>> {
        let mut entries = Vec::new();
        let mut level = level;
        for _ in 0..depth {
            if budget == 0 || level.is_empty() {
                break;
            }
            let reports: Vec<usize> = level.iter().map(|e| e.reports).collect();
            let wanted: Vec<(PersonId, usize)> = level
                .iter()
                .map(|e| e.id)
                .zip(allocate(&reports, budget))
                .collect();
            let next = self.store.org_children(&wanted).await?;
            budget = budget.saturating_sub(next.len());
            entries.append(&mut level);
            level = next;
        }
        entries.append(&mut level);
        Ok(entries)
    }

    /// One person's active direct reports (at most [`CHART_BUDGET`], after `after` when given),
    /// to unfold in place in the chart.
    pub async fn org_reports(
        &self,
        viewer: &Viewer,
        id: PersonId,
        after: Option<Cursor>,
    ) -> Result<OrgReports> {
        let person = self
            .store
            .person(id)
            .await?
            .filter(|p| !p.is_archived())
            .ok_or(Error::NotFound)?;
        let (reports, total) = self
            .store
            .org_reports(id, after.as_ref(), CHART_BUDGET - 1)
            .await?;
        let first = FirstLevel::new(reports, total);
        Ok(OrgReports {
            viewer: viewer.id,
            person: PersonSummary::from(person),
            reports: first.entries.into_iter().map(leaf).collect(),
            more: first.more,
            next: first.next,
        })
    }
}
