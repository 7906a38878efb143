//! The org chart: the tree down from any person, a few levels at a time.

use tend_domain::PersonId;
use tend_domain::access::Viewer;
use tend_domain::org::{OrgNode, org_tree, roots};

use crate::views::PersonSummary;
use crate::{App, Error, Result};

#[derive(Debug, Clone)]
pub struct OrgChart {
    /// The person the chart starts from; `None` for the top of the organisation.
    pub root: Option<PersonSummary>,
    /// The root's manager, to go up one level.
    pub up: Option<PersonSummary>,
    pub trees: Vec<OrgNode>,
    pub depth: usize,
}

impl App {
    /// Active people from `root` (or from the top) down `depth` levels. Everyone in the
    /// organisation may see the reporting line of active people.
    pub async fn org_chart(
        &self,
        _viewer: &Viewer,
        root: Option<PersonId>,
        depth: usize,
    ) -> Result<OrgChart> {
        let entries = self.store.org_slice(root, depth).await?;
        let Some(root_id) = root else {
            let trees = roots(&entries)
                .into_iter()
                .filter_map(|top| org_tree(top.id, &entries, depth))
                .collect();
            return Ok(OrgChart {
                root: None,
                up: None,
                trees,
                depth,
            });
        };
        let tree = org_tree(root_id, &entries, depth).ok_or(Error::NotFound)?;
        let root = self.store.person(root_id).await?.ok_or(Error::NotFound)?;
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
        Ok(OrgChart {
            root: Some(PersonSummary::from(root)),
            up,
            trees: vec![tree],
            depth,
        })
    }
}
