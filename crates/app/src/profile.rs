//! A person's own profile: how they want to grow and how they like to work (the Connect in CARE).

use tend_domain::PersonId;
use tend_domain::access::Viewer;
use tend_domain::person::{ProfileChanges, ProfileChangesInput};

use crate::views::PersonView;
use crate::{App, Error, Result};

impl App {
    /// The viewer's own record, profile included.
    pub async fn me(&self, viewer: &Viewer) -> Result<PersonView> {
        self.person(viewer, viewer.id).await
    }

    /// Changes the given fields of a profile (only its owner may); absent fields stay as they
    /// are, in the database, so concurrent edits of different fields all keep their change.
    pub async fn update_profile(
        &self,
        viewer: &Viewer,
        subject: PersonId,
        input: ProfileChangesInput<'_>,
    ) -> Result<PersonView> {
        if !viewer.may_edit_profile(subject) {
            return Err(Error::Forbidden);
        }
        let changes = ProfileChanges::parse(input)?;
        let person = self.store.update_profile(subject, &changes).await?;
        Ok(PersonView::new(person, true))
    }
}
