//! Tend's store: one API over two backends, SQLite (the embedded default) and PostgreSQL (for
//! running several `tend serve` processes behind a load balancer).
//!
//! Queries are written once in portable SQL and run on whichever pool the store holds
//! ([`on_pool!`]); what only one backend can say lives in [`sqlite`] or [`postgres`].

mod account_events;
mod accounts;
mod align_seed;
mod empower;
mod error;
mod growth;
mod import;
mod objectives;
mod one_on_one_seed;
mod one_on_ones;
mod org;
mod people;
mod postgres;
mod recognition_seed;
mod recognitions;
mod rows;
mod sqlite;
mod surveys;
mod teams;
#[doc(hidden)]
pub mod testing;
mod webhooks;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub use accounts::{ApiToken, NewInvite, SessionPerson};
pub use align_seed::{
    AlignSeed, SeedArea, SeedCheckIn, SeedConversation, SeedDelegation, SeedGoal, SeedObjective,
    SeedOpportunity, SeedSkills,
};
pub use empower::{AreaListing, DelegationChanges, NewOpportunity, OpportunityChanges};
pub use error::StoreError;
pub use growth::{CareerItem, StoredReflection};
pub use import::{ExportedPerson, ImportSummary};
pub use objectives::{
    GoalChanges, GoalListing, NewGoal, NewObjective, ObjectiveChanges, ObjectiveQuery, Unaligned,
};
pub use one_on_one_seed::{SeedMeeting, SeedSeries, Side};
pub use one_on_ones::{Finish, NewMeeting, NewSeries, SeriesListing};
pub use people::{NewPerson, PeopleQuery, PersonChanges};
pub use recognition_seed::SeedRecognition;
pub use recognitions::{FeedItem, FeedQuery, NewRecognition, ReactionCount};
pub use surveys::{
    AudienceCandidate, NewSurvey, RespondRefusal, SeedResponse, StoredInstrument, SurveyAction,
    SurveyQuery, SurveyRecord,
};
pub use teams::TeamChanges;
pub use tend_domain::listing::ArchivedFilter;
use tend_domain::timestamp::{Clock, SystemClock, Timestamp};
pub use webhooks::{Delivery, DeliveryOutcome, DueDelivery, Webhook};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The store handle: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    /// Every timestamp the store writes comes from here (UTC, whole seconds).
    clock: Arc<dyn Clock>,
}

#[derive(Clone)]
enum Backend {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool, so one portable query text serves both
/// backends while each keeps its native driver and types.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite($pool) => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Starts a transaction that will write. SQLite takes the write lock up front (`BEGIN
/// IMMEDIATE`): a transaction that reads and then writes could otherwise fail at once with
/// "database is locked" when another connection commits in between, without waiting out the busy
/// timeout.
pub(crate) trait BeginWrite {
    type Db: sqlx::Database;
    /// A statement that makes changes to the reporting line take turns, so two concurrent
    /// manager changes cannot each pass the cycle check and together make a cycle. SQLite's
    /// `BEGIN IMMEDIATE` already lets one writer in at a time.
    const REPORTING_LINE_LOCK: Option<&'static str>;
    /// A statement that makes writers of one key (bound as `$1`) take turns, where
    /// `BEGIN IMMEDIATE` does not already (the sign-in throttle counts and records in one step).
    const KEY_LOCK: Option<&'static str>;

    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>> + Send;
}

impl BeginWrite for sqlx::SqlitePool {
    type Db = sqlx::Sqlite;
    const REPORTING_LINE_LOCK: Option<&'static str> = None;
    const KEY_LOCK: Option<&'static str> = None;

    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>> + Send
    {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for sqlx::PgPool {
    type Db = sqlx::Postgres;
    // The key is arbitrary but fixed: "tend" in ASCII.
    const REPORTING_LINE_LOCK: Option<&'static str> =
        Some("SELECT pg_advisory_xact_lock(1952804452)");
    // The two-number form keeps these keys apart from the reporting-line lock's.
    const KEY_LOCK: Option<&'static str> = Some("SELECT pg_advisory_xact_lock(2, hashtext($1))");

    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>> + Send
    {
        self.begin()
    }
}

/// The reporting-line lock statement of a pool's backend, if it needs one.
pub(crate) fn reporting_line_lock<P: BeginWrite>(_pool: &P) -> Option<&'static str> {
    P::REPORTING_LINE_LOCK
}

/// The per-key lock statement of a pool's backend, if it needs one.
pub(crate) fn key_lock<P: BeginWrite>(_pool: &P) -> Option<&'static str> {
    P::KEY_LOCK
}

/// `column IN (the ids in the JSON array $n)`, on either backend: one query text whatever the
/// count.
pub(crate) fn in_json(kind: BackendKind, column: &str, n: u8) -> String {
    match kind {
        BackendKind::Sqlite => format!("{column} IN (SELECT value FROM json_each(${n}))"),
        BackendKind::Postgres => {
            format!("{column} IN (SELECT value::bigint FROM json_array_elements_text(${n}::json))")
        }
    }
}

/// A JSON array of ids, to bind where [`in_json`] expects it.
pub(crate) fn json_ids(ids: impl IntoIterator<Item = i64>) -> String {
    serde_json::to_string(&ids.into_iter().collect::<Vec<_>>()).expect("integers serialise")
}

impl Store {
    /// Deletes the row `id` of `table` (a name from this crate, never from input); not found when
    /// there is none.
    pub(crate) async fn delete_row(&self, table: &'static str, id: i64) -> Result<()> {
        let deleted = on_pool!(self, pool => {
            sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if deleted == 0 {
            return Err(StoreError::not_found());
        }
        Ok(())
    }
}

/// Which backend a database URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    Sqlite,
    Postgres,
}

impl BackendKind {
    pub fn of_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            let scheme = url.split_once(':').map_or(url, |(scheme, _)| scheme);
            Err(StoreError::Config(format!(
                "the database URL must start with sqlite:// (a file, the default) or postgres://; \
                 “{scheme}” is not supported"
            )))
        }
    }
}

impl Store {
    /// Opens the database the URL names, creating a SQLite file if missing, and applies every
    /// pending migration.
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with_clock(url, Arc::new(SystemClock)).await
    }

    /// Like [`Store::connect`], with the time taken from `clock` (tests move it by hand).
    pub async fn connect_with_clock(url: &str, clock: Arc<dyn Clock>) -> Result<Self> {
        let backend = match BackendKind::of_url(url)? {
            BackendKind::Sqlite => Backend::Sqlite(sqlite::connect(url).await?),
            BackendKind::Postgres => Backend::Postgres(postgres::connect(url).await?),
        };
        Ok(Self { backend, clock })
    }

    /// The current time as the store records it: UTC, whole seconds (see
    /// [`tend_domain::timestamp`]). Every timestamp written goes through here.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn kind(&self) -> BackendKind {
        match self.backend {
            Backend::Sqlite(_) => BackendKind::Sqlite,
            Backend::Postgres(_) => BackendKind::Postgres,
        }
    }

    /// True when the database answers with its schema in place; `/readyz` asks this. Reading a
    /// real table catches a database recreated empty under a running server.
    pub async fn ping(&self) -> bool {
        on_pool!(self, pool => sqlx::query("SELECT 1 FROM people LIMIT 1").execute(pool).await.is_ok())
    }

    /// Every table and its columns, to check that both backends' migrations agree.
    pub async fn schema(&self) -> Result<BTreeMap<String, BTreeSet<String>>> {
        let pairs: Vec<(String, String)> = match &self.backend {
            Backend::Sqlite(pool) => sqlite::schema(pool).await?,
            Backend::Postgres(pool) => postgres::schema(pool).await?,
        };
        let mut schema: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (table, column) in pairs {
            schema.entry(table).or_default().insert(column);
        }
        Ok(schema)
    }

    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}
