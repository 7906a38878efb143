use std::sync::Arc;

use tend_domain::person::Person;
use tend_domain::person::{PersonDraft, PersonInput};
use tend_domain::timestamp::ManualClock;
use tend_domain::{PersonId, Timestamp};
use tend_store::testing::{
    POSTGRES_URL_VAR, fresh_postgres_database, require_postgres, sqlite_url_in,
};
use tend_store::{NewPerson, Store};

/// A store on a fresh database, whose clock stands still until a scenario moves it; keeps the
/// SQLite directory alive as long as the store.
pub struct TestStore {
    pub store: Store,
    pub clock: Arc<ManualClock>,
    dir: Option<Arc<tempfile::TempDir>>,
}

impl TestStore {
    /// Keeps the SQLite directory until the guard is dropped. A scenario's `async move` block
    /// captures only the fields it uses (edition 2021 closures capture disjoint fields), so a
    /// scenario that uses only `store.store` would otherwise delete the directory as it starts:
    /// the open connection goes on working, every new one fails with "unable to open database
    /// file".
    pub fn keep_directory(&self) -> Option<Arc<tempfile::TempDir>> {
        self.dir.clone()
    }
}

/// When every scenario's clock starts.
pub fn start_time() -> Timestamp {
    Timestamp::parse_rfc3339("2026-11-25T09:00:00Z").expect("a valid time")
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(start_time()))
}

impl std::ops::Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = clock();
    let store = Store::connect_with_clock(&sqlite_url_in(dir.path()), clock.clone())
        .await
        .expect("open SQLite");
    TestStore {
        store,
        clock,
        dir: Some(Arc::new(dir)),
    }
}

/// `None` when no PostgreSQL is configured for tests (and the run does not require it).
pub async fn postgres() -> Option<TestStore> {
    let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
        require_postgres();
        return None;
    };
    let url = fresh_postgres_database(&admin_url).await;
    let clock = clock();
    Some(TestStore {
        store: Store::connect_with_clock(&url, clock.clone())
            .await
            .expect("open PostgreSQL"),
        clock,
        dir: None,
    })
}

/// Declares one scenario as two tests, `<name>::sqlite` and `<name>::postgres`.
macro_rules! scenario {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let store = crate::harness::sqlite().await;
                let _directory = store.keep_directory();
                ($body)(store).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(store) = crate::harness::postgres().await {
                    ($body)(store).await;
                }
            }
        }
    };
}
pub(crate) use scenario;

pub async fn person(
    store: &Store,
    email: &str,
    name: &str,
    manager_id: Option<PersonId>,
) -> Person {
    let draft = PersonDraft::parse(PersonInput {
        email,
        name,
        role: "member",
        manager_id,
    })
    .unwrap();
    store
        .create_person(NewPerson::from(draft), None)
        .await
        .unwrap()
}

/// Replaces a team's members with exactly `members`, keeping its other fields, as the use cases
/// do (through `update_team`).
pub async fn replace_members(
    store: &Store,
    team: tend_domain::TeamId,
    members: &[PersonId],
) -> tend_store::Result<()> {
    let current = store
        .team(team)
        .await?
        .ok_or_else(tend_store::StoreError::not_found)?;
    let draft = tend_domain::team::TeamDraft {
        name: current.name,
        purpose: current.purpose,
        lead_id: current.lead_id,
    };
    store
        .update_team(team, &draft, Some(members))
        .await
        .map(|_| ())
}

/// Everyone above a person, nearest first, as the person carries it.
pub async fn managers(store: &Store, person: PersonId) -> Vec<PersonId> {
    store.person(person).await.unwrap().unwrap().managers
}
