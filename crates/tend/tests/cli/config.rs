//! Database URLs and `TEND_*` environment variables.

use crate::{Run, Sandbox, tend};

#[test]
fn an_unknown_database_scheme_fails_naming_sqlite() {
    let sandbox = Sandbox::new();
    let run =
        Run::of(tend(sandbox.path()).args(["export", "people", "--database-url", "mysql://x/y"]));
    run.assert_failure();
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert!(run.stderr.contains("sqlite://"), "{run:#?}");
    assert!(run.stderr.contains("mysql"), "{run:#?}");
}

#[test]
fn the_database_url_can_come_from_tend_database_url() {
    let sandbox = Sandbox::new();
    sandbox
        .import("email,name,manager_email,team,role\nada@example.com,Ada,,,\n")
        .assert_success();

    let run = Run::of(
        tend(sandbox.path())
            .args(["export", "people"])
            .env("TEND_DATABASE_URL", &sandbox.url),
    );
    run.assert_success();
    assert_eq!(
        run.stdout,
        "email,name,manager_email,team,role\nada@example.com,Ada,,,member\n"
    );
}

#[test]
fn the_flag_wins_over_tend_database_url() {
    let sandbox = Sandbox::new();
    sandbox
        .import("email,name,manager_email,team,role\nada@example.com,Ada,,,\n")
        .assert_success();
    let empty = Sandbox::new();

    let run = Run::of(
        tend(sandbox.path())
            .args(["export", "people", "--database-url", &sandbox.url])
            .env("TEND_DATABASE_URL", &empty.url),
    );
    run.assert_success();
    assert!(run.stdout.contains("ada@example.com"), "{run:#?}");
}
