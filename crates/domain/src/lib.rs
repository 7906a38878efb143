//! Tend's domain: the rules and types of the product, in plain Rust with no I/O.
//!
//! The web layer parses and authorizes, the store layer persists; both call in here for every
//! rule, so a rule is written once and unit-tested once.

pub mod access;
pub mod email;
pub mod error;
pub mod import;
pub mod org;
pub mod pagination;
pub mod password;
pub mod person;
pub mod ratelimit;
pub mod team;
pub mod text;

pub use email::Email;
pub use error::{DomainError, FieldError};
pub use person::{CareerTrack, PersonId, Role};
pub use team::TeamId;
