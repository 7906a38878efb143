//! Tend's domain: the rules and types of the product, in plain Rust with no I/O.
//!
//! The use-case layer (`tend-app`) asks here for every rule and access decision, the store
//! persists what passed, so a rule is written once and unit-tested once.

#[macro_use]
mod macros;

pub mod access;
pub mod account;
pub mod align;
pub mod email;
pub mod error;
pub mod id;
pub mod import;
pub mod listing;
pub mod one_on_one;
pub mod org;
pub mod pagination;
pub mod password;
pub mod person;
pub mod ratelimit;
pub mod recognition;
pub mod survey;
pub mod team;
pub mod text;
pub mod time_zone;
pub mod timestamp;
pub mod webhook;

pub use email::Email;
pub use error::{DomainError, FieldError};
pub use id::{
    ActionItemId, ApiTokenId, CheckInId, ConversationId, DelegationId, DeliveryId, GoalId,
    InstrumentId, MeetingId, NoteId, ObjectiveId, OpportunityId, OwnershipAreaId, PersonId,
    RecognitionId, SeriesId, SurveyActionId, SurveyId, TalkingPointId, TeamId, WebhookId,
};
pub use person::{CareerTrack, Role};
pub use timestamp::{Clock, Timestamp};
