//! `tend admin create-user` and `tend admin token create`.

use tend_app::secrets::hash_token;
use tend_domain::{Email, Role};

use crate::Sandbox;

const INVITE_PREFIX: &str = "https://tend.example.org/invite/";

fn create_x(sandbox: &Sandbox) -> crate::Run {
    sandbox.tend(&[
        "admin",
        "create-user",
        "--email",
        "x@example.com",
        "--name",
        "X",
        "--admin",
        "--base-url",
        "https://tend.example.org",
    ])
}

#[test]
fn create_user_prints_one_invite_link_that_works() {
    let sandbox = Sandbox::new();
    let run = create_x(&sandbox);
    run.assert_success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{run:#?}");
    let token = lines[0]
        .strip_prefix(INVITE_PREFIX)
        .unwrap_or_else(|| panic!("not an invite link: {run:#?}"));
    assert!(!token.is_empty(), "{run:#?}");

    let invited = sandbox
        .with_store(async |store| store.invite_person(&hash_token(token)).await)
        .expect("the invite lookup")
        .expect("the link names an invite");
    assert_eq!(invited.email.as_str(), "x@example.com");
    assert_eq!(invited.name, "X");
    assert_eq!(invited.role, Role::Admin);
    assert!(!invited.has_password);
}

#[test]
fn creating_the_same_email_again_fails_clearly() {
    let sandbox = Sandbox::new();
    create_x(&sandbox).assert_success();
    let run = create_x(&sandbox);
    run.assert_failure();
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert!(
        run.stderr.contains("email") && run.stderr.contains("already"),
        "{run:#?}"
    );
    assert_eq!(sandbox.count_people(), 1);
}

#[test]
fn token_create_prints_a_token_that_signs_the_person_in() {
    let sandbox = Sandbox::new();
    create_x(&sandbox).assert_success();
    let run = sandbox.tend(&["admin", "token", "create", "--email", "x@example.com"]);
    run.assert_success();
    assert!(run.stdout.ends_with('\n'), "{run:#?}");
    let token = run.stdout.trim_end_matches('\n');
    assert!(!token.contains('\n'), "the token is alone: {run:#?}");
    assert!(token.starts_with("tend_"), "{run:#?}");

    let person = sandbox
        .with_store(async |store| store.api_token_person(&hash_token(token)).await)
        .expect("the token lookup")
        .expect("the token is stored");
    assert_eq!(
        person.email,
        Email::parse("x@example.com").expect("an email")
    );
}

#[test]
fn token_create_for_an_unknown_email_names_it() {
    let sandbox = Sandbox::new();
    let run = sandbox.tend(&["admin", "token", "create", "--email", "nobody@example.com"]);
    run.assert_failure();
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert!(run.stderr.contains("nobody@example.com"), "{run:#?}");
}
