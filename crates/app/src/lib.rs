//! Tend's use cases: every operation a person (or the command line) can do, once. Each is one
//! method on [`App`] that takes the [`Viewer`] (who is asking, computed once per request) and a
//! typed input, loads what it needs, asks `tend_domain::access`, writes in one store transaction,
//! and returns a typed output or an [`Error`]. Pages, the JSON API and the command line only parse,
//! call and render, so a privacy rule lives in one place whichever door a request comes through.
//!
//! The example to copy when adding an operation is [`App::add_team_member`]: resolve the input,
//! ask the access rule, make one store call that writes in one transaction.

mod account;
mod accounts;
mod align;
mod calendar;
mod empower;
mod error;
mod growth;
mod home;
mod one_on_ones;
mod org;
pub mod params;
mod passwords;
mod people;
mod person_ref;
mod profile;
mod recognitions;
pub mod secrets;
mod surveys;
mod teams;
mod transfer;
mod views;
mod webhooks;

use std::sync::Arc;

pub use accounts::{
    INVITE_LIFETIME, NewApiToken, SESSION_LIFETIME, SHOW_SECRET_WITHIN, Session, SignInOutcome,
};
pub use align::{
    Alignment, GoalInput, GoalPatch, GoalView, ObjectiveFilter, ObjectiveInput, ObjectivePatch,
    ObjectiveView, ObjectivesPage,
};
pub use empower::{
    AreaInput, DelegationInput, DelegationPatch, DelegationView, FairnessView, OpportunityInput,
    OpportunityPatch, OpportunityView, TeamAlign,
};
pub use error::Error;
pub use growth::{GrowthPlan, LeadReflection};
pub use home::Home;
pub use one_on_ones::{
    FirstMeeting, MeetingView, NewActionItem, Participant, SeriesPage, SeriesSummary, SeriesView,
    StartSeries, TemplatesInput,
};
pub use org::{OrgChart, OrgReports, OrgStart};
pub use people::{CreatedPerson, DirectoryQuery, PersonForm, PersonInput, PersonPage, PersonPatch};
pub use person_ref::PersonRef;
pub use recognitions::{Breadth, FeedFilter, FeedPage, GiveRecognition, RecognitionView};
pub use surveys::{
    ActionInput, DimensionChange, InstrumentView, ResultsView, SURVEYS_PAGE_MAX, SeedSurvey,
    SurveyInput, SurveyView, SurveysPage, TrendPoint,
};
pub use teams::{MemberRemoval, TeamForm, TeamInput, TeamPatch, TeamView, TeamsQuery};
pub use tend_domain::access::Viewer;
pub use tend_store::ApiToken;
pub use tend_store::{AreaListing, CareerItem, GoalListing, Unaligned};
pub use tend_store::{Delivery as WebhookDelivery, Webhook};
pub use tend_store::{SurveyAction, SurveyRecord};
pub use transfer::{ImportOutcome, Progress};
pub use views::{DirectoryEntry, LocalTime, PersonSummary, PersonView, TeamSummary};
pub use webhooks::{
    DeliveryLoop, DeliveryOptions, NewWebhook, REQUEST_TIMEOUT as WEBHOOK_TIMEOUT,
    WEBHOOK_SECRET_PREFIX, signature as webhook_signature, webhook_client,
};

use tend_store::Store;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The use cases over one store. Cheap to clone; shared by every request.
#[derive(Clone)]
pub struct App {
    store: Store,
    /// Where people reach Tend, for the links the app hands out (invites).
    base_url: Arc<str>,
}

impl App {
    pub fn new(store: Store, base_url: &str) -> Self {
        Self {
            store,
            base_url: base_url.trim_end_matches('/').into(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The time as the store records it (tests move it by hand).
    pub fn now(&self) -> tend_domain::Timestamp {
        self.store.now()
    }

    /// True when the database answers with its schema in place (`/readyz`).
    pub async fn ready(&self) -> bool {
        self.store.ping().await
    }

    /// Ends what has expired (sessions) and seals closed surveys; idempotent, so every process may run it.
    pub async fn housekeeping(&self) -> Result<u64> {
        self.seal_closed_surveys().await?;
        Ok(self.store.delete_expired_sessions().await?)
    }
}
