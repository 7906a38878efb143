//! Bringing people in and out in bulk (the command line's `import` and `export`), and seeding
//! the demo organisation.

use tend_domain::access::Viewer;
use tend_domain::import::{ImportRow, ImportedPerson, RowProblem, plan_people_import};
use tend_domain::person::Profile;
use tend_store::{ExportedPerson, ImportSummary};

use crate::{App, Error, Result};

/// Called with how many of how many are done, for a progress bar.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported(ImportSummary),
    /// Nothing was written: every problem, by line.
    Refused(Vec<RowProblem>),
}

impl App {
    /// Imports people (admins and the command line). Every row is checked first, together with
    /// `unreadable` (rows the caller could not even read); if any is bad nothing is written.
    pub async fn import_people(
        &self,
        viewer: &Viewer,
        rows: &[ImportRow],
        mut unreadable: Vec<RowProblem>,
        progress: Progress<'_>,
    ) -> Result<ImportOutcome> {
        if !viewer.may_administer() {
            return Err(Error::Forbidden);
        }
        let existing = self.store.manager_emails().await?;
        let plan = match plan_people_import(rows, &existing) {
            Ok(plan) if unreadable.is_empty() => plan,
            Ok(_) => return Ok(ImportOutcome::Refused(unreadable)),
            Err(problems) => {
                unreadable.extend(problems);
                unreadable.sort_by_key(|p| p.line);
                return Ok(ImportOutcome::Refused(unreadable));
            }
        };
        let total = plan.len() as u64;
        let summary = self
            .store
            .import_people(&plan, viewer.actor(), &|done| progress(done, total))
            .await?;
        Ok(ImportOutcome::Imported(summary))
    }

    /// Imports people already checked by the caller (the demo generator makes them so).
    pub async fn import_planned_people(
        &self,
        viewer: &Viewer,
        plan: &[ImportedPerson],
        progress: Progress<'_>,
    ) -> Result<ImportSummary> {
        if !viewer.may_administer() {
            return Err(Error::Forbidden);
        }
        let total = plan.len() as u64;
        Ok(self
            .store
            .import_people(plan, viewer.actor(), &|done| progress(done, total))
            .await?)
    }

    /// Everyone active with their manager's email and teams: directory data only, no profile.
    pub async fn export_people(&self, viewer: &Viewer) -> Result<Vec<ExportedPerson>> {
        if !viewer.may_administer() {
            return Err(Error::Forbidden);
        }
        Ok(self.store.people_for_export().await?)
    }

    /// Sets profiles and password hashes by email, in one transaction: for seeding a demo
    /// organisation from the command line only, since it writes what only a person may write.
    pub async fn seed_profiles(
        &self,
        viewer: &Viewer,
        profiles: &[(String, Profile, Option<String>)],
        progress: Progress<'_>,
    ) -> Result<()> {
        if !viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        let total = profiles.len() as u64;
        Ok(self
            .store
            .bulk_set_profiles(profiles, &|done| progress(done, total))
            .await?)
    }

    /// Gives each team (by name) its purpose and lead (by email), in one transaction: for seeding
    /// a demo organisation from the command line only.
    pub async fn seed_teams(
        &self,
        viewer: &Viewer,
        teams: &[(String, String, String)],
        progress: Progress<'_>,
    ) -> Result<()> {
        if !viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        let total = teams.len() as u64;
        Ok(self
            .store
            .bulk_set_teams(teams, &|done| progress(done, total))
            .await?)
    }

    /// Stores a demo organisation's one-on-one history (people by email), in one transaction:
    /// for seeding a demo organisation from the command line only.
    pub async fn seed_one_on_ones(
        &self,
        viewer: &Viewer,
        plan: &[tend_store::SeedSeries],
        progress: Progress<'_>,
    ) -> Result<()> {
        if !viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        let total = plan.len() as u64;
        Ok(self
            .store
            .seed_one_on_ones(plan, &|done| progress(done, total))
            .await?)
    }

    /// Stores a demo organisation's team values and recognition history, in one transaction:
    /// for seeding a demo organisation from the command line only.
    pub async fn seed_recognitions(
        &self,
        viewer: &Viewer,
        values: &[&str],
        plan: &[tend_store::SeedRecognition],
    ) -> Result<()> {
        if !viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        Ok(self.store.seed_recognitions(values, plan).await?)
    }

    /// Stores a demo organisation's Align and Empower data (objectives, goals, growth plans,
    /// ownership, delegations and opportunities), in one transaction: for seeding a demo
    /// organisation from the command line only.
    pub async fn seed_align(&self, viewer: &Viewer, plan: &tend_store::AlignSeed) -> Result<()> {
        if !viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        Ok(self.store.seed_align(plan).await?)
    }

    /// How many people Tend holds (the command line decides whether to seed a demo).
    pub async fn count_people(&self, viewer: &Viewer) -> Result<i64> {
        if !viewer.may_administer() {
            return Err(Error::Forbidden);
        }
        Ok(self.store.count_people().await?)
    }
}
