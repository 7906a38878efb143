//! Teams: a name, a purpose (the why), a lead and members. A person can be in several teams.

use crate::error::{DomainError, Validator};
pub use crate::id::TeamId;
use crate::person::PersonId;
use crate::text::{LONG_TEXT_MAX_CHARS, NAME_MAX_CHARS, name_line, optional_text};
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
        let name = v.check(name_line("name", name, NAME_MAX_CHARS));
        let purpose = v.check(optional_text("purpose", purpose, LONG_TEXT_MAX_CHARS));
        v.finish()?;
        Ok(Self {
            name: name.expect("validated"),
            purpose: purpose.expect("validated"),
            lead_id,
        })
    }
}

/// The key teams are listed in: case-insensitive like people's names, and natural, so
/// "Billing 3" comes before "Billing 10". Every run of ASCII digits is written as its count of
/// digits (three of them, after dropping leading zeros) followed by the digits, so comparing keys
/// character by character compares the numbers by size: "billing 0013" < "billing 00210". Only
/// digits are added, so the key sorts the same bytewise (SQLite) and in any collation
/// (PostgreSQL), and a cursor can carry it. Migration 0006 computes the same from stored keys.
pub fn sort_key(name: &str) -> String {
    natural_key(&crate::person::sort_key(name))
}

/// [`sort_key`] of a name already lower-cased.
fn natural_key(lower: &str) -> String {
    let mut key = String::with_capacity(lower.len() + 6);
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_digit() {
            key.push(c);
            continue;
        }
        let mut digits = String::from(c);
        while let Some(d) = chars.next_if(char::is_ascii_digit) {
            digits.push(d);
        }
        let number = match digits.trim_start_matches('0') {
            "" => "0",
            significant => significant,
        };
        key.push_str(&format!("{:03}{number}", number.len()));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn team_names_sort_naturally() {
        let mut names = [
            "Billing 10",
            "billing 3",
            "Billing",
            "Billing 2b",
            "Billing 02a",
            "Alpha",
            "Billing 100",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            [
                "Alpha",
                "Billing",
                "Billing 02a",
                "Billing 2b",
                "billing 3",
                "Billing 10",
                "Billing 100"
            ]
        );
        assert_eq!(sort_key("Billing 10"), "billing 00210");
        assert_eq!(sort_key("Team 007"), sort_key("team 7"));
        assert_eq!(sort_key("0"), "0010");
        assert_eq!(
            sort_key("Zoë Ångström"),
            "zoë ångström",
            "no digits: the lower-cased name"
        );
    }

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

    proptest! {
        /// Two names that differ only in a number sort as the numbers do, whatever surrounds it.
        #[test]
        fn numbers_in_names_sort_by_size(
            before in "[a-zA-Zé /-]{0,12}",
            after in "[a-zA-Zé /-]{0,12}",
            n in any::<u64>(),
            m in any::<u64>(),
            zeros in 0usize..4,
        ) {
            let name = |number: u64| format!("{before}{}{number}{after}", "0".repeat(zeros));
            prop_assert_eq!(sort_key(&name(n)).cmp(&sort_key(&name(m))), n.cmp(&m));
            prop_assert_eq!(sort_key(&name(n)), sort_key(&format!("{before}{n}{after}")));
        }

        /// The key ignores case, holds no control character (a cursor carries it), and leaves
        /// names without digits as the lower-cased name.
        #[test]
        fn keys_are_case_blind_and_safe(name in "\\PC{0,40}") {
            let key = sort_key(&name);
            prop_assert!(!key.chars().any(char::is_control));
            prop_assert_eq!(sort_key(&name.to_ascii_uppercase()), sort_key(&name.to_ascii_lowercase()));
            if !name.chars().any(|c| c.is_ascii_digit()) {
                prop_assert_eq!(key, name.to_lowercase());
            }
        }
    }
}
