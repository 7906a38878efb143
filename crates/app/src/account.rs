//! A person's account history: who changed their manager, role or password, or archived them,
//! and when (DESIGN.md §3 rule 5). The person is told at sign-in about what they have not seen.

use tend_domain::PersonId;
use tend_domain::access::Viewer;
use tend_domain::account::AccountEvent;
use tend_domain::listing::Page;
use tend_domain::pagination::Cursor;

use crate::{App, Error, Result};

impl App {
    /// A page of a person's account events, newest first (the person and admins).
    pub async fn account_events(
        &self,
        viewer: &Viewer,
        subject: PersonId,
        after: Option<Cursor>,
        limit: u32,
    ) -> Result<Page<AccountEvent>> {
        if !viewer.may_read_account_events(subject) {
            return Err(Error::NotFound);
        }
        let limit = limit.max(1);
        let mut items = self
            .store
            .account_events(subject, false, after.map(|c| c.id), limit + 1)
            .await?;
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|e| Cursor {
                sort_key: String::new(),
                id: e.id,
            })
        } else {
            None
        };
        Ok(Page {
            items,
            next,
            previous: None,
        })
    }

    /// What happened to the viewer's own account that they have not seen yet (shown at sign-in).
    pub async fn unseen_account_events(&self, viewer: &Viewer) -> Result<Vec<AccountEvent>> {
        Ok(self.store.account_events(viewer.id, true, None, 20).await?)
    }

    /// The viewer has seen what happened to their account.
    pub async fn acknowledge_account_events(&self, viewer: &Viewer) -> Result<()> {
        Ok(self.store.acknowledge_account_events(viewer.id).await?)
    }
}
