//! Importing people from CSV (`email,name,manager_email,team,role`): every row is checked before
//! anything is written, every bad row is reported with its line, and the plan is idempotent.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::email::Email;
use crate::error::FieldError;
use crate::person::{Role, person_name};
use crate::text::{NAME_MAX_CHARS, name_line};

/// The columns of a people CSV, in order.
pub const PEOPLE_CSV_HEADER: [&str; 5] = ["email", "name", "manager_email", "team", "role"];
/// Several teams in the `team` column are separated by this.
pub const TEAM_SEPARATOR: char = ';';

/// A cell as written to a CSV file that spreadsheets will open: a value that starts like a
/// formula (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so a spreadsheet
/// shows it as text instead of running it (OWASP's advice against CSV injection: a team named
/// `=HYPERLINK(…)` must not become a link in an admin's spreadsheet).
pub fn spreadsheet_safe(value: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote(value) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// A cell as read back: undoes [`spreadsheet_safe`], so an export imports unchanged.
pub fn from_spreadsheet(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => value,
    }
}

/// Starts like a formula, or is a quote before something that does (so that a value which
/// itself starts with `'=` survives the round trip).
fn needs_quote(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@', '\t', '\r'])
        || value.strip_prefix('\'').is_some_and(needs_quote)
}

/// One data row as read from the file; `line` is the 1-based line number in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportRow {
    pub line: u64,
    pub email: String,
    pub name: String,
    pub manager_email: String,
    pub team: String,
    pub role: String,
}

/// Why a row cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A person as the file says they should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPerson {
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub manager: Option<Email>,
    pub teams: BTreeSet<String>,
}

/// Checks all rows. `existing_managers` maps every stored person's email to their manager's, so a
/// manager may be someone already in Tend and a cycle through stored people is found too.
pub fn plan_people_import(
    rows: &[ImportRow],
    existing_managers: &HashMap<Email, Option<Email>>,
) -> Result<Vec<ImportedPerson>, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut planned: Vec<(u64, ImportedPerson)> = Vec::new();
    let mut first_line_of: HashMap<Email, u64> = HashMap::new();

    for row in rows {
        let mut row_problems: Vec<FieldError> = Vec::new();
        let email = Email::parse(&row.email)
            .map_err(|e| row_problems.push(e))
            .ok();
        let name = person_name(&row.name)
            .map_err(|e| row_problems.push(e))
            .ok();
        let role = if row.role.trim().is_empty() {
            Some(Role::Member)
        } else {
            row.role
                .parse::<Role>()
                .map_err(|e| row_problems.push(e))
                .ok()
        };
        let manager = match row.manager_email.trim() {
            "" => Some(None),
            raw => Email::parse(raw)
                .map(Some)
                .map_err(|e| row_problems.push(FieldError::new("manager_email", e.message)))
                .ok(),
        };
        let teams: BTreeSet<String> = row
            .team
            .split(TEAM_SEPARATOR)
            .filter(|t| !t.trim().is_empty())
            .filter_map(|t| {
                name_line("team", t, NAME_MAX_CHARS)
                    .map_err(|e| row_problems.push(e))
                    .ok()
            })
            .collect();
        if let Some(email) = &email {
            if let Some(first) = first_line_of.get(email) {
                row_problems.push(FieldError::new(
                    "email",
                    format!("{email} is already on line {first}"),
                ));
            } else {
                first_line_of.insert(email.clone(), row.line);
            }
        }
        if let (Some(email), Some(Some(manager))) = (&email, &manager) {
            if email == manager {
                row_problems.push(FieldError::new(
                    "manager_email",
                    "a person cannot be their own manager",
                ));
            }
        }
        if row_problems.is_empty() {
            planned.push((
                row.line,
                ImportedPerson {
                    email: email.expect("checked"),
                    name: name.expect("checked"),
                    role: role.expect("checked"),
                    manager: manager.expect("checked"),
                    teams,
                },
            ));
        } else {
            problems.extend(row_problems.into_iter().map(|e| RowProblem {
                line: row.line,
                message: e.to_string(),
            }));
        }
    }

    // Managers must exist, in the file or in Tend already.
    for (line, person) in &planned {
        if let Some(manager) = &person.manager {
            if !first_line_of.contains_key(manager) && !existing_managers.contains_key(manager) {
                problems.push(RowProblem {
                    line: *line,
                    message: format!(
                        "manager_email: {manager} is neither in this file nor in Tend"
                    ),
                });
            }
        }
    }

    // The reporting line after the import must have no cycle.
    let mut manager_of: HashMap<&Email, Option<&Email>> = existing_managers
        .iter()
        .map(|(e, m)| (e, m.as_ref()))
        .collect();
    for (_, person) in &planned {
        manager_of.insert(&person.email, person.manager.as_ref());
    }
    for (line, person) in &planned {
        if in_cycle(&person.email, &manager_of) {
            problems.push(RowProblem {
                line: *line,
                message: format!(
                    "manager_email: {} would be part of a cycle in the reporting line",
                    person.email
                ),
            });
        }
    }

    if problems.is_empty() {
        Ok(planned.into_iter().map(|(_, p)| p).collect())
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

fn in_cycle(start: &Email, manager_of: &HashMap<&Email, Option<&Email>>) -> bool {
    let mut seen = HashSet::new();
    let mut current = start;
    while let Some(Some(manager)) = manager_of.get(current) {
        if *manager == start {
            return true;
        }
        if !seen.insert(*manager) {
            return false; // a cycle above, not through `start`; reported on its own rows
        }
        current = manager;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_neutralised_and_restored() {
        assert_eq!(
            spreadsheet_safe("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for risky in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(spreadsheet_safe(risky).starts_with('\''), "{risky:?}");
        }
        assert_eq!(spreadsheet_safe("Platform"), "Platform");
        assert_eq!(spreadsheet_safe("O'Brien"), "O'Brien");
        assert_eq!(from_spreadsheet("'=1+1"), "=1+1");
        assert_eq!(
            from_spreadsheet("'Quoted"),
            "'Quoted",
            "only a quote the export added goes"
        );
        assert_eq!(spreadsheet_safe("'=x"), "''=x");
        assert_eq!(from_spreadsheet("''=x"), "'=x");
    }

    proptest! {
        #[test]
        fn export_then_import_is_the_identity(value in "\\PC{0,30}") {
            let exported = spreadsheet_safe(&value);
            prop_assert_eq!(from_spreadsheet(&exported), value.as_str());
        }
    }

    fn row(line: u64, email: &str, name: &str, manager: &str, team: &str, role: &str) -> ImportRow {
        ImportRow {
            line,
            email: email.into(),
            name: name.into(),
            manager_email: manager.into(),
            team: team.into(),
            role: role.into(),
        }
    }

    fn email(raw: &str) -> Email {
        Email::parse(raw).unwrap()
    }

    #[test]
    fn plans_a_clean_file() {
        let rows = [
            row(2, "boss@x.org", "Boss", "", "Leads", "admin"),
            row(3, "ada@x.org", "Ada", "boss@x.org", "Platform; Guild", ""),
        ];
        let plan = plan_people_import(&rows, &HashMap::new()).unwrap();
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[1].manager, Some(email("boss@x.org")));
        assert_eq!(
            plan[1].teams.iter().map(String::as_str).collect::<Vec<_>>(),
            ["Guild", "Platform"]
        );
        assert_eq!(plan[1].role, Role::Member);
    }

    #[test]
    fn reports_every_bad_row_with_its_line() {
        let rows = [
            row(2, "not-an-email", "Ada", "", "", ""),
            row(3, "bo@x.org", "", "", "", "emperor"),
            row(4, "cy@x.org", "Cy", "ghost@x.org", "", ""),
            row(5, "cy@x.org", "Cy again", "", "", ""),
        ];
        let problems = plan_people_import(&rows, &HashMap::new()).unwrap_err();
        let lines: BTreeSet<u64> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, BTreeSet::from([2, 3, 4, 5]));
        assert!(
            problems
                .iter()
                .any(|p| p.line == 4 && p.message.contains("ghost@x.org"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.line == 5 && p.message.contains("line 4"))
        );
    }

    #[test]
    fn managers_may_already_be_in_tend() {
        let existing = HashMap::from([(email("boss@x.org"), None)]);
        assert!(
            plan_people_import(
                &[row(2, "ada@x.org", "Ada", "boss@x.org", "", "")],
                &existing
            )
            .is_ok()
        );
    }

    #[test]
    fn refuses_cycles_in_the_file_and_through_stored_people() {
        let rows = [
            row(2, "a@x.org", "A", "b@x.org", "", ""),
            row(3, "b@x.org", "B", "a@x.org", "", ""),
        ];
        let problems = plan_people_import(&rows, &HashMap::new()).unwrap_err();
        assert_eq!(problems.len(), 2);
        // Stored: boss reports to ada. The file makes ada report to boss.
        let existing = HashMap::from([
            (email("boss@x.org"), Some(email("ada@x.org"))),
            (email("ada@x.org"), None),
        ]);
        let problems = plan_people_import(
            &[row(2, "ada@x.org", "Ada", "boss@x.org", "", "")],
            &existing,
        )
        .unwrap_err();
        assert!(problems[0].message.contains("cycle"));
    }
}
