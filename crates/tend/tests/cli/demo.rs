//! `tend demo --no-serve`.

use crate::Sandbox;

const DEMO: [&str; 6] = ["demo", "--people", "50", "--seed", "3", "--no-serve"];

#[test]
fn the_same_seed_makes_the_same_organisation() {
    let first = Sandbox::new();
    let second = Sandbox::new();
    first.tend(&DEMO).assert_success();
    second.tend(&DEMO).assert_success();

    let exported = first.export();
    assert_eq!(second.export(), exported);
    assert_eq!(exported.lines().count(), 1 + 50, "{exported}");
    for login in [
        "admin@example.com",
        "lead@example.com",
        "member@example.com",
    ] {
        assert!(
            exported
                .lines()
                .any(|row| row.starts_with(&format!("{login},"))),
            "{login} is missing:\n{exported}"
        );
    }
    assert_eq!(first.count_people(), 50);
}

#[test]
fn a_second_demo_on_the_same_database_adds_nobody() {
    let sandbox = Sandbox::new();
    sandbox.tend(&DEMO).assert_success();
    let before = sandbox.export();

    let run = sandbox.tend(&["demo", "--people", "60", "--seed", "4", "--no-serve"]);
    run.assert_success();
    assert!(run.stderr.contains("already holds people"), "{run:#?}");
    assert_eq!(sandbox.count_people(), 50);
    assert_eq!(sandbox.export(), before);
}
