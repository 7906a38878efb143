use tend_domain::person::Person;
use tend_domain::person::{PersonDraft, PersonInput};
use tend_store::testing::{POSTGRES_URL_VAR, fresh_postgres_database, sqlite_url_in};
use tend_store::{NewPerson, Store};

/// A store on a fresh database; keeps the SQLite directory alive as long as the store.
pub struct TestStore {
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

impl std::ops::Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::connect(&sqlite_url_in(dir.path()))
        .await
        .expect("open SQLite");
    TestStore {
        store,
        _dir: Some(dir),
    }
}

/// `None` when no PostgreSQL is configured for tests.
pub async fn postgres() -> Option<TestStore> {
    let admin_url = std::env::var(POSTGRES_URL_VAR).ok()?;
    let url = fresh_postgres_database(&admin_url).await;
    Some(TestStore {
        store: Store::connect(&url).await.expect("open PostgreSQL"),
        _dir: None,
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

pub async fn person(store: &Store, email: &str, name: &str, manager_id: Option<i64>) -> Person {
    let draft = PersonDraft::parse(PersonInput {
        email,
        name,
        role: "member",
        manager_id,
    })
    .unwrap();
    store.create_person(NewPerson::from(draft)).await.unwrap()
}
