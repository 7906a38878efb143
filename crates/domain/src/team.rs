//! Teams: a name, a purpose (the why), a lead and members. A person can be in several teams.

use crate::error::{DomainError, Validator};
pub use crate::id::TeamId;
use crate::person::PersonId;
use crate::text::{LONG_TEXT_MAX_CHARS, NAME_MAX_CHARS, optional_text, required_line};
use crate::timestamp::Timestamp;

/// A team as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    /// The why: what the team is for.
    pub purpose: String,
    pub lead_id: Option<PersonId>,
    pub archived_at: Option<Timestamp>,
    pub member_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamDraft {
    pub name: String,
    pub purpose: String,
    pub lead_id: Option<PersonId>,
}

impl TeamDraft {
    pub fn parse(
        name: &str,
        purpose: &str,
        lead_id: Option<PersonId>,
    ) -> Result<Self, DomainError> {
        let mut v = Validator::new();
        let name = v.check(required_line("name", name, NAME_MAX_CHARS));
        let purpose = v.check(optional_text("purpose", purpose, LONG_TEXT_MAX_CHARS));
        v.finish()?;
        Ok(Self {
            name: name.expect("validated"),
            purpose: purpose.expect("validated"),
            lead_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_needs_a_name() {
        assert!(
            TeamDraft::parse(" ", "", None)
                .unwrap_err()
                .message_for("name")
                .is_some()
        );
        let team =
            TeamDraft::parse(" Platform ", "Make shipping boring", Some(PersonId(1))).unwrap();
        assert_eq!(team.name, "Platform");
    }
}
