//! Administering accounts without reading private content (DESIGN.md §3 rule 5): an admin may
//! not put themselves above anyone in the reporting line, the last admin stays an admin, and
//! every change of reporting line, role or password, and every archiving, is recorded as an
//! account event the affected person can read (who, what, when).

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::id::PersonId;
use crate::person::Role;
use crate::timestamp::Timestamp;

/// What happened to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountEventKind {
    ManagerChanged,
    RoleChanged,
    PasswordChanged,
    PasswordReset,
    Archived,
    Restored,
}

string_enum!(
    AccountEventKind,
    "kind",
    AccountEventKind::ManagerChanged => "manager_changed", "Manager changed",
    AccountEventKind::RoleChanged => "role_changed", "Role changed",
    AccountEventKind::PasswordChanged => "password_changed", "Password changed",
    AccountEventKind::PasswordReset => "password_reset", "Password reset link created",
    AccountEventKind::Archived => "archived", "Archived",
    AccountEventKind::Restored => "restored", "Restored",
);

/// One change to someone's account, as stored and shown to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEvent {
    pub id: i64,
    pub subject: PersonId,
    /// Who made the change; `None` for the command line.
    pub actor: Option<PersonId>,
    /// The actor's name as it is now (`None` for the command line).
    pub actor_name: Option<String>,
    pub kind: AccountEventKind,
    /// What changed, in words, with the names as they were: "Jordan Lee → Alex Morgan".
    pub detail: String,
    pub at: Timestamp,
    /// Whether the person has seen it (they are told about what they have not, when they sign in).
    pub acknowledged: bool,
}

/// Refuses a change of reporting line that would put the one making it above the person when
/// they were not before: an admin cannot make themselves anyone's manager, directly or through
/// others, and so read what only managers may; another admin (or the command line) must.
///
/// `managers_before` and `managers_after` are everyone above `subject`, before and after.
pub fn check_appointment(
    actor: Option<PersonId>,
    managers_before: &[PersonId],
    managers_after: &[PersonId],
) -> Result<(), DomainError> {
    match actor {
        Some(actor) if managers_after.contains(&actor) && !managers_before.contains(&actor) => {
            Err(DomainError::field(
                "manager_id",
                "would put you above this person in the reporting line; another admin must make \
                 this change, so nobody can give themselves access to what only managers see",
            ))
        }
        _ => Ok(()),
    }
}

/// Refuses taking the admin role from the last active admin: nobody would be left to administer.
pub fn check_admins_remain(
    role_before: Role,
    role_after: Role,
    other_active_admins: i64,
) -> Result<(), DomainError> {
    if role_before == Role::Admin && role_after != Role::Admin && other_active_admins == 0 {
        Err(DomainError::field(
            "role",
            "is the last admin's; make someone else an admin first",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn p(id: i64) -> PersonId {
        PersonId(id)
    }

    #[test]
    fn nobody_appoints_themselves_above_anyone() {
        // The admin (9) becomes the manager, or the manager's manager: refused.
        assert!(check_appointment(Some(p(9)), &[p(2)], &[p(9)]).is_err());
        assert!(check_appointment(Some(p(9)), &[p(2)], &[p(3), p(9)]).is_err());
        // Already above (moving someone within their own part of the line): fine.
        assert!(check_appointment(Some(p(9)), &[p(2), p(9)], &[p(3), p(9)]).is_ok());
        // Someone else above, or the command line: fine.
        assert!(check_appointment(Some(p(9)), &[p(2)], &[p(3)]).is_ok());
        assert!(check_appointment(None, &[p(2)], &[p(9)]).is_ok());
        assert_eq!(
            check_appointment(Some(p(9)), &[], &[p(9)])
                .unwrap_err()
                .message_for("manager_id")
                .map(|m| m.starts_with("would put you above")),
            Some(true)
        );
    }

    #[test]
    fn the_last_admin_stays_one() {
        assert!(check_admins_remain(Role::Admin, Role::Member, 0).is_err());
        assert!(check_admins_remain(Role::Admin, Role::Member, 1).is_ok());
        assert!(check_admins_remain(Role::Member, Role::Member, 0).is_ok());
        assert!(check_admins_remain(Role::Admin, Role::Admin, 0).is_ok());
    }

    #[test]
    fn event_kinds_round_trip() {
        for kind in AccountEventKind::ALL {
            assert_eq!(kind.as_str().parse::<AccountEventKind>().unwrap(), *kind);
        }
    }
}
