//! `tend import people` and `tend export people`.

use std::collections::BTreeMap;
use std::time::Duration;

use tend_domain::Email;

use crate::Sandbox;

/// Six people. Ada's manager (Grace) and Grace's manager (Cyrus) come later in the file than
/// their reports; Ada is in two teams; Cyrus and Eve are admins; Bob's role is left empty.
const GOOD_CSV: &str = "\
email,name,manager_email,team,role
ada@example.com,Ada Lovelace,grace@example.com,Platform;Guild,member
bob@example.com,Bob Stone,grace@example.com,Platform,
grace@example.com,Grace Hopper,ceo@example.com,Platform,member
dan@example.com,Dan Eng,ada@example.com,Guild,member
ceo@example.com,Cyrus Ohm,,Leadership,admin
eve@example.com,Eve Admin,ceo@example.com,,admin
";

/// email → (manager email, teams, role), as stored.
fn by_email(sandbox: &Sandbox) -> BTreeMap<String, (Option<String>, Vec<String>, String)> {
    sandbox
        .stored_people()
        .into_iter()
        .map(|p| (p.email, (p.manager_email, p.teams, p.role)))
        .collect()
}

/// email → when the person was last updated, in Unix seconds.
fn updated_at(sandbox: &Sandbox) -> BTreeMap<String, i64> {
    let emails: Vec<String> = by_email(sandbox).into_keys().collect();
    sandbox.with_store(async |store| {
        let mut updated = BTreeMap::new();
        for email in emails {
            let person = store
                .person_by_email(&Email::parse(&email).expect("a stored email"))
                .await
                .expect("a lookup")
                .expect("the person");
            updated.insert(email, person.updated_at.unix());
        }
        updated
    })
}

#[test]
fn import_creates_people_with_managers_and_teams() {
    let sandbox = Sandbox::new();
    let run = sandbox.import(GOOD_CSV);
    run.assert_success();
    assert!(
        run.stdout.contains("6 created, 0 updated, 0 unchanged"),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains("3 teams created, 6 team memberships added"),
        "{run:#?}"
    );

    let owned = |s: &str| s.to_owned();
    let person = |manager: Option<&str>, teams: &[&str], role: &str| {
        (
            manager.map(owned),
            teams.iter().copied().map(owned).collect::<Vec<_>>(),
            owned(role),
        )
    };
    let expected = BTreeMap::from([
        (
            owned("ada@example.com"),
            person(Some("grace@example.com"), &["Guild", "Platform"], "member"),
        ),
        (
            owned("bob@example.com"),
            person(Some("grace@example.com"), &["Platform"], "member"),
        ),
        (
            owned("grace@example.com"),
            person(Some("ceo@example.com"), &["Platform"], "member"),
        ),
        (
            owned("dan@example.com"),
            person(Some("ada@example.com"), &["Guild"], "member"),
        ),
        (
            owned("ceo@example.com"),
            person(None, &["Leadership"], "admin"),
        ),
        (
            owned("eve@example.com"),
            person(Some("ceo@example.com"), &[], "admin"),
        ),
    ]);
    assert_eq!(by_email(&sandbox), expected);
    assert_eq!(sandbox.count_people(), 6);
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.import(GOOD_CSV).assert_success();
    let people_before = by_email(&sandbox);
    let updated_before = updated_at(&sandbox);
    // The store keeps whole seconds: wait so that a needless write would show in `updated_at`.
    std::thread::sleep(Duration::from_millis(1100));

    let run = sandbox.import(GOOD_CSV);
    run.assert_success();
    assert!(
        run.stdout.contains("0 created, 0 updated, 6 unchanged"),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains("0 teams created, 0 team memberships added"),
        "{run:#?}"
    );
    assert_eq!(by_email(&sandbox), people_before);
    assert_eq!(updated_at(&sandbox), updated_before);
    assert_eq!(sandbox.count_people(), 6);
}

/// One good row (line 2), then a bad one on each line from 3 to 7.
const BAD_ROWS: &str = "\
email,name,manager_email,team,role
boss@example.com,Boss,,Leads,admin
not-an-email,Ada,,,
bo@example.com,,,,
cy@example.com,Cy,ghost@example.com,,
boss@example.com,Boss Again,,,
di@example.com,Di,,,boss
";

/// Each bad line of [`BAD_ROWS`] and a piece of the reason it must be reported with.
const BAD_ROW_REASONS: [(u64, &str); 5] = [
    (3, "“not-an-email” is not an email address"),
    (4, "name: must not be empty"),
    (5, "ghost@example.com is neither in this file nor in Tend"),
    (6, "boss@example.com is already on line 2"),
    (7, "“boss” is not one of"),
];

#[track_caller]
fn assert_reported(stderr: &str, line: u64, reason: &str) {
    let prefix = format!("line {line}: ");
    assert!(
        stderr
            .lines()
            .any(|l| l.contains(&prefix) && l.contains(reason)),
        "stderr does not report line {line} ({reason}):\n{stderr}"
    );
}

#[test]
fn a_bad_file_reports_every_bad_line_and_writes_nothing() {
    let sandbox = Sandbox::new();
    let run = sandbox.import(BAD_ROWS);
    run.assert_failure();
    for (line, reason) in BAD_ROW_REASONS {
        assert_reported(&run.stderr, line, reason);
    }
    assert!(
        !run.stderr.contains("line 2:"),
        "the good line is not reported:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was imported"), "{run:#?}");
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert_eq!(sandbox.count_people(), 0);
}

#[test]
fn a_row_with_the_wrong_number_of_columns_is_reported_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    let run = sandbox.import(
        "email,name,manager_email,team,role\n\
         ok@example.com,Ok,,,\n\
         short@example.com,Short,,\n",
    );
    run.assert_failure();
    assert_reported(&run.stderr, 3, "has 4 columns; expected 5");
    assert_eq!(sandbox.count_people(), 0);
}

#[test]
fn a_bad_file_with_a_short_row_still_reports_every_bad_line() {
    let sandbox = Sandbox::new();
    let run = sandbox.import(&format!("{BAD_ROWS}short@example.com,Short,,\n"));
    run.assert_failure();
    for (line, reason) in BAD_ROW_REASONS {
        assert_reported(&run.stderr, line, reason);
    }
    assert_reported(&run.stderr, 8, "has 4 columns; expected 5");
    assert_eq!(sandbox.count_people(), 0);
}

#[test]
fn a_wrong_header_is_a_one_line_error_naming_line_1() {
    let sandbox = Sandbox::new();
    let run = sandbox.import("mail,name,manager,team,role\nada@example.com,Ada,,,\n");
    run.assert_failure();
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{run:#?}");
    assert!(lines[0].contains("line 1"), "{run:#?}");
    assert!(
        lines[0].contains("email,name,manager_email,team,role"),
        "{run:#?}"
    );
    assert_eq!(sandbox.count_people(), 0);
}

#[test]
fn export_prints_what_import_reads_back_unchanged() {
    let first = Sandbox::new();
    // Names that need CSV quoting, and an address in capitals (stored lower-case).
    first
        .import(
            "email,name,manager_email,team,role\n\
             Ada@Example.com,\"Lovelace, Ada\",grace@example.com,Platform;Guild,\n\
             bob@example.com,\"Bob \"\"The Builder\"\" Stone\",grace@example.com,Platform,member\n\
             grace@example.com,Grace Hopper,,Leadership,admin\n\
             zoe@example.com,Zoë Ñúñez,ada@example.com,,member\n",
        )
        .assert_success();
    let exported = first.export();
    let mut lines = exported.lines();
    assert_eq!(lines.next(), Some("email,name,manager_email,team,role"));
    assert_eq!(lines.count(), 4, "{exported}");
    assert!(
        exported
            .contains("ada@example.com,\"Lovelace, Ada\",grace@example.com,Guild;Platform,member"),
        "{exported}"
    );

    let second = Sandbox::new();
    let run = second.import(&exported);
    run.assert_success();
    assert!(run.stdout.contains("4 created"), "{run:#?}");
    assert_eq!(second.export(), exported);
    assert_eq!(second.stored_people(), first.stored_people());
}

#[test]
fn export_writes_to_a_file_with_output() {
    let sandbox = Sandbox::new();
    sandbox.import(GOOD_CSV).assert_success();
    let file = sandbox.path().join("out.csv");
    let run = sandbox.tend(&["export", "people", "--output", file.to_str().unwrap()]);
    run.assert_success();
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert_eq!(
        std::fs::read_to_string(&file).expect("the export file"),
        sandbox.export()
    );
}

/// A value that starts like a formula leaves the export with a leading `'`, so a spreadsheet
/// shows it as text instead of running it; importing the export restores the value.
#[test]
fn export_neutralises_formulas_and_import_restores_them() {
    let sandbox = Sandbox::new();
    sandbox
        .import(
            "email,name,manager_email,team,role\n\
             ada@example.com,+Ada Lovelace,,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",member\n",
        )
        .assert_success();
    let exported = sandbox.export();
    assert!(
        exported.contains("'=HYPERLINK(") && exported.contains("'+Ada Lovelace"),
        "{exported}"
    );
    assert!(
        !exported
            .lines()
            .any(|line| line.split(',').any(|cell| cell.starts_with('=')))
    );
    let again = sandbox.import(&exported);
    again.assert_success();
    assert!(
        again.stdout.contains("0 created, 0 updated, 1 unchanged"),
        "{again:#?}"
    );
    assert_eq!(
        by_email(&sandbox)["ada@example.com"].1,
        ["=HYPERLINK(\"http://evil.example\",\"x\")"]
    );
}
