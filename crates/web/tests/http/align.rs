//! Align and Empower over HTTP (issue 9): the API contract as clients rely on it (objectives in a
//! tree, goals with check-ins, delegations whose level rises, opportunities, the fairness report);
//! bad input answered with a clear 4xx problem and nothing changed; every visibility rule (a
//! person's goals, growth plan, delegations and opportunities for them and the managers above
//! them; objectives for everyone; a team's fairness report for its lead and the managers above the
//! lead; the lead-or-not reflection for the person alone until shared, then for the direct manager
//! only); the career items of one-on-ones only for those who took part; the fairness figures
//! against a hand computation; and private text that never reaches a peer or an admin through any
//! read route of the feature. Every test runs on SQLite, and on PostgreSQL when it is configured.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};
use tend_domain::person::Person;
use tend_domain::team::{Team, TeamDraft};

use crate::kit::{Api, TestServer};

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The servers a test runs on: SQLite always, PostgreSQL when the tests have one.
async fn every_backend() -> Vec<TestServer> {
    let mut servers = vec![TestServer::start().await];
    if let Some(url) = TestServer::postgres_url().await {
        servers.push(TestServer::start_on(&url).await);
    }
    servers
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// The date `days` before today (UTC), as `YYYY-MM-DD`: people here have no time zone, so their
/// today is UTC's.
fn date_ago(days: i64) -> String {
    (today() - time::Duration::days(days)).to_string()
}

fn date_ahead(days: i64) -> String {
    (today() + time::Duration::days(days)).to_string()
}

/// `days` from now at 10:00 UTC, as RFC 3339.
fn at_ten(days: i64) -> String {
    format!("{}T10:00:00Z", date_ahead(days))
}

fn id(value: &Value) -> i64 {
    value["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no numeric id in {value}"))
}

/// A whole API answer, with its content type, for checking error responses.
struct Answer {
    status: u16,
    content_type: String,
    body: Value,
}

async fn answer(api: &Api, method: Method, path: &str, body: Option<Value>) -> Answer {
    let mut request = api.request(method, path);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let (status, body) = crate::kit::json(response).await;
    Answer {
        status,
        content_type,
        body,
    }
}

/// Sends a write and insists on `status`; returns the body.
async fn expect(api: &Api, method: Method, path: &str, body: Value, status: u16) -> Value {
    let got = answer(api, method.clone(), path, Some(body.clone())).await;
    assert_eq!(got.status, status, "{method} {path} {body}: {}", got.body);
    got.body
}

async fn get_ok(api: &Api, path: &str) -> Value {
    let (status, body) = api.get(path).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

/// A problem+json answer with this status whose `errors` name `field`.
fn assert_problem(answer: &Answer, status: u16, field: &str, case: &str) {
    assert_eq!(answer.status, status, "{case}: {}", answer.body);
    assert_eq!(
        answer.content_type, "application/problem+json",
        "{case}: {}",
        answer.body
    );
    let named: Vec<&str> = answer.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{case}: no errors list in {}", answer.body))
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(named.contains(&field), "{case}: {field} not in {named:?}");
    assert!(
        answer.body["detail"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{case}: a problem says what is wrong: {}",
        answer.body
    );
}

/// The people around one report, R:
///
/// ```text
///   director ── manager ─┬─ report (R)          admin (outside every line)
///       │                ├─ peer                other (elsewhere)
///       └─ mentor        ├─ x
///                        └─ y
/// ```
///
/// The team "Platform" is led by the manager; its members are the manager, R, the peer, x and y.
struct Cast {
    admin: Person,
    director: Person,
    manager: Person,
    report: Person,
    peer: Person,
    /// A peer of the manager: another report of the director.
    mentor: Person,
    other: Person,
    x: Person,
    y: Person,
    team: Team,
}

async fn cast(server: &TestServer) -> Cast {
    let admin = server
        .person("admin@example.com", "Ada Admin", "admin", None)
        .await;
    let director = server
        .person("director@example.com", "Dee Director", "member", None)
        .await;
    let manager = server
        .person(
            "manager@example.com",
            "Max Manager",
            "member",
            Some(director.id),
        )
        .await;
    let mentor = server
        .person(
            "mentor@example.com",
            "Mel Mentor",
            "member",
            Some(director.id),
        )
        .await;
    let report = server
        .person(
            "report@example.com",
            "Rae Report",
            "member",
            Some(manager.id),
        )
        .await;
    let peer = server
        .person("peer@example.com", "Pat Peer", "member", Some(manager.id))
        .await;
    let x = server
        .person("x@example.com", "Xan Ex", "member", Some(manager.id))
        .await;
    let y = server
        .person("y@example.com", "Yu Why", "member", Some(manager.id))
        .await;
    let other = server
        .person("other@example.com", "Oli Other", "member", None)
        .await;
    let team = server
        .store
        .create_team(
            &TeamDraft::parse("Platform", "Keeps the lights on", Some(manager.id)).unwrap(),
            &[manager.id, report.id, peer.id, x.id, y.id],
        )
        .await
        .unwrap();
    Cast {
        admin,
        director,
        manager,
        report,
        peer,
        mentor,
        other,
        x,
        y,
        team,
    }
}

async fn api_of(server: &TestServer, person: &Person) -> Api {
    server.api(&server.token(person).await)
}

/// A current period: from 30 days ago to 60 days ahead.
fn current() -> (String, String) {
    (date_ago(30), date_ahead(60))
}

/// An organisation objective (by the admin) and a team objective of Platform under it (by the
/// manager, its lead). Returns their ids.
async fn objectives(admin: &Api, manager: &Api, team: &Team) -> (i64, i64) {
    let (starts_on, ends_on) = current();
    let org = expect(
        admin,
        Method::POST,
        "/objectives",
        json!({"title": "Be the calmest tool", "why": "People trust calm tools",
               "team_id": null, "parent_id": null, "starts_on": starts_on, "ends_on": ends_on}),
        201,
    )
    .await;
    let team_objective = expect(
        manager,
        Method::POST,
        "/objectives",
        json!({"title": "Quiet on-call", "why": "Sleep is a feature",
               "team_id": team.id, "parent_id": id(&org), "starts_on": starts_on, "ends_on": ends_on}),
        201,
    )
    .await;
    (id(&org), id(&team_objective))
}

/// Ids of a list's items.
fn item_ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {page}"))
        .iter()
        .map(id)
        .collect()
}

/// The population Gini by its definition: G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄), 0 when nobody had any.
fn gini_by_definition(xs: &[u64]) -> f64 {
    let n = xs.len() as f64;
    let total: u64 = xs.iter().sum();
    if xs.is_empty() || total == 0 {
        return 0.0;
    }
    let mean = total as f64 / n;
    let pairs: f64 = xs
        .iter()
        .flat_map(|a| xs.iter().map(move |b| (*a as f64 - *b as f64).abs()))
        .sum();
    pairs / (2.0 * n * n * mean)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

// ---------------------------------------------------------------------------------------------
// 1. The API contract.

#[tokio::test]
async fn the_api_keeps_its_contract() {
    for server in every_backend().await {
        let cast = cast(&server).await;
        let admin = api_of(&server, &cast.admin).await;
        let manager = api_of(&server, &cast.manager).await;
        let report = api_of(&server, &cast.report).await;
        let (starts_on, ends_on) = current();

        // Objectives: an organisation one (admins), a team one under it, a third under that.
        let org = expect(
            &admin,
            Method::POST,
            "/objectives",
            json!({"title": "Be the calmest tool", "why": "People trust calm tools",
                   "team_id": null, "parent_id": null, "starts_on": starts_on, "ends_on": ends_on}),
            201,
        )
        .await;
        assert_eq!(org["title"], "Be the calmest tool");
        assert_eq!(org["why"], "People trust calm tools");
        assert!(
            org["team_id"].is_null() && org["parent_id"].is_null(),
            "{org}"
        );
        assert_eq!(org["starts_on"], starts_on.as_str());
        assert_eq!(org["ends_on"], ends_on.as_str());
        assert_eq!(
            org["owner_id"], cast.admin.id.0,
            "the creator owns it by default"
        );
        let team_objective = expect(
            &manager,
            Method::POST,
            "/objectives",
            json!({"title": "Quiet on-call", "why": "Sleep is a feature",
                   "team_id": cast.team.id, "parent_id": id(&org), "starts_on": starts_on, "ends_on": ends_on}),
            201,
        )
        .await;
        assert_eq!(team_objective["team_id"], cast.team.id.0);
        assert_eq!(team_objective["parent_id"], id(&org));
        let below = expect(
            &manager,
            Method::POST,
            "/objectives",
            json!({"title": "Fewer pages", "why": "Every page wakes someone",
                   "team_id": cast.team.id, "parent_id": id(&team_objective),
                   "starts_on": starts_on, "ends_on": ends_on}),
            201,
        )
        .await;
        let (_, org_after) = admin.get(&format!("/objectives/{}", id(&org))).await;
        assert_eq!(org_after["supporting_objectives"], 1, "{org_after}");

        // A parent below the objective makes a cycle: 422 naming parent_id, nothing changed.
        let path = format!("/objectives/{}", id(&team_objective));
        let before = get_ok(&manager, &path).await;
        for (case, parent) in [
            ("a parent below it", id(&below)),
            ("itself as parent", id(&team_objective)),
        ] {
            let got = answer(
                &manager,
                Method::PATCH,
                &path,
                Some(json!({"parent_id": parent})),
            )
            .await;
            assert_problem(&got, 422, "parent_id", case);
            assert_eq!(
                get_ok(&manager, &path).await,
                before,
                "{case}: nothing changed"
            );
        }
        let renamed = expect(
            &manager,
            Method::PATCH,
            &path,
            json!({"title": "Quiet, calm on-call"}),
            200,
        )
        .await;
        assert_eq!(renamed["title"], "Quiet, calm on-call");
        assert_eq!(renamed["parent_id"], id(&org));

        // Goals: linked (taking the objective's period), with check-ins that move the progress.
        let goal = expect(
            &manager,
            Method::POST,
            "/goals",
            json!({"person_id": cast.report.id, "title": "Write the runbooks",
                   "why": "So nobody guesses at 3 a.m.", "objective_id": id(&team_objective), "progress": 10}),
            201,
        )
        .await;
        assert_eq!(goal["person_id"], cast.report.id.0);
        assert_eq!(goal["objective_id"], id(&team_objective));
        assert_eq!(goal["personal_growth"], false);
        assert_eq!(goal["progress"], 10);
        assert_eq!(
            goal["starts_on"],
            starts_on.as_str(),
            "the objective's period"
        );
        assert_eq!(goal["ends_on"], ends_on.as_str());
        let goal_path = format!("/goals/{}", id(&goal));
        let shown = get_ok(&report, &goal_path).await;
        assert_eq!(shown["title"], "Write the runbooks");
        assert_eq!(shown["check_ins"], json!([]));
        let check_in = expect(
            &report,
            Method::POST,
            &format!("{goal_path}/check-ins"),
            json!({"progress": 40, "note": "Half the drafts are done"}),
            201,
        )
        .await;
        assert_eq!(check_in["goal_id"], id(&goal));
        assert_eq!(check_in["progress"], 40);
        assert_eq!(check_in["note"], "Half the drafts are done");
        assert_eq!(check_in["author_id"], cast.report.id.0);
        let moved = get_ok(&manager, &goal_path).await;
        assert_eq!(
            moved["progress"], 40,
            "the check-in moves the goal: {moved}"
        );
        assert_eq!(moved["check_ins"].as_array().unwrap().len(), 1);
        assert_eq!(moved["check_ins"][0]["note"], "Half the drafts are done");
        let personal = expect(
            &report,
            Method::POST,
            "/goals",
            json!({"person_id": cast.report.id, "title": "Learn to facilitate", "why": "", "objective_id": null}),
            201,
        )
        .await;
        assert_eq!(personal["personal_growth"], true);
        assert!(personal["objective_id"].is_null());
        assert_eq!(personal["progress"], 0, "progress is 0 when absent");
        let goals = get_ok(&report, &format!("/people/{}/goals", cast.report.id)).await;
        let listed: BTreeSet<i64> = item_ids(&goals).into_iter().collect();
        assert_eq!(listed, BTreeSet::from([id(&goal), id(&personal)]));
        let alignment = get_ok(&manager, "/alignment").await;
        let tree = alignment["tree"].to_string();
        assert!(
            tree.contains("Write the runbooks"),
            "the manager's alignment tree holds the linked goal: {alignment}"
        );
        assert!(
            alignment["goals_without_why"]
                .as_array()
                .unwrap()
                .contains(&json!(id(&personal))),
            "{alignment}"
        );

        // Delegations: the level rises over two changes, and the history shows it.
        let review_on = date_ahead(30);
        let delegation = expect(
            &manager,
            Method::POST,
            "/delegations",
            json!({"person_id": cast.report.id, "decision": "Which paging vendor we pick",
                   "level": "consult", "review_on": review_on}),
            201,
        )
        .await;
        assert_eq!(delegation["level"], "consult");
        assert_eq!(delegation["level_number"], 3);
        assert_eq!(delegation["review_on"], review_on.as_str());
        assert_eq!(delegation["delegated_by"], cast.manager.id.0);
        assert_eq!(delegation["history"].as_array().unwrap().len(), 1);
        assert_eq!(delegation["trend"], "steady");
        let delegation_path = format!("/delegations/{}", id(&delegation));
        for level in ["agree", "inquire"] {
            expect(
                &manager,
                Method::PATCH,
                &delegation_path,
                json!({"level": level}),
                200,
            )
            .await;
        }
        let risen = get_ok(&report, &delegation_path).await;
        let levels: Vec<&str> = risen["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["level"].as_str().unwrap())
            .collect();
        assert_eq!(levels, ["consult", "agree", "inquire"], "{risen}");
        assert_eq!(risen["level"], "inquire");
        assert_eq!(risen["trend"], "rising");
        assert_eq!(risen["levels_risen"], 3);
        let delegations = get_ok(&report, &format!("/people/{}/delegations", cast.report.id)).await;
        assert_eq!(item_ids(&delegations), [id(&delegation)]);

        // Opportunities: given by a manager; how it went written by the person.
        let happened_on = date_ago(3);
        let opportunity = expect(
            &manager,
            Method::POST,
            "/opportunities",
            json!({"person_id": cast.report.id, "kind": "present_to_leadership", "stretch": "stretch",
                   "happened_on": happened_on, "title": "Present the on-call review"}),
            201,
        )
        .await;
        assert_eq!(opportunity["person_id"], cast.report.id.0);
        assert_eq!(opportunity["given_by"], cast.manager.id.0);
        assert_eq!(opportunity["kind"], "present_to_leadership");
        assert_eq!(opportunity["visibility"], true);
        assert_eq!(opportunity["stretch"], "stretch");
        assert_eq!(opportunity["happened_on"], happened_on.as_str());
        assert_eq!(opportunity["title"], "Present the on-call review");
        let opportunity_path = format!("/opportunities/{}", id(&opportunity));
        let reflected = expect(
            &report,
            Method::PATCH,
            &opportunity_path,
            json!({"outcome": "Went well", "learned": "Start with the ask"}),
            200,
        )
        .await;
        assert_eq!(reflected["learned"], "Start with the ask");
        let got = answer(
            &report,
            Method::PATCH,
            &opportunity_path,
            Some(json!({"title": "Something grander"})),
        )
        .await;
        assert_eq!(
            got.status, 403,
            "what and when are the managers': {}",
            got.body
        );
        assert_eq!(
            get_ok(&report, &opportunity_path).await["title"],
            "Present the on-call review"
        );
        let opportunities = get_ok(
            &report,
            &format!("/people/{}/opportunities", cast.report.id),
        )
        .await;
        assert_eq!(item_ids(&opportunities), [id(&opportunity)]);

        // The fairness report has the documented shape.
        let fairness = get_ok(
            &manager,
            &format!(
                "/teams/{}/fairness?days=180&visibility_only=false",
                cast.team.id
            ),
        )
        .await;
        for key in [
            "window_days",
            "people",
            "gini",
            "without_opportunity_90d",
            "flagged",
        ] {
            assert!(fairness.get(key).is_some(), "{key} in {fairness}");
        }
        for line in fairness["people"].as_array().unwrap() {
            for key in ["person_id", "count", "share"] {
                assert!(line.get(key).is_some(), "{key} in {line}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 2. The fairness report, against a hand computation.

/// `api` gives `person` an opportunity of `kind` on `happened_on`.
async fn give(api: &Api, person: &Person, kind: &str, happened_on: String) {
    let body = json!({"person_id": person.id, "kind": kind, "stretch": "stretch",
                      "happened_on": happened_on, "title": format!("{kind} for {}", person.name)});
    expect(api, Method::POST, "/opportunities", body, 201).await;
}

/// Per-person counts of a report, keyed by person id.
fn counts(report: &Value) -> Vec<(i64, u64)> {
    report["people"]
        .as_array()
        .unwrap_or_else(|| panic!("no people in {report}"))
        .iter()
        .map(|p| {
            (
                p["person_id"].as_i64().unwrap(),
                p["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn id_set(value: &Value) -> BTreeSet<i64> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {value}"))
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_fairness_report_matches_a_hand_computation() {
    for server in every_backend().await {
        let cast = cast(&server).await;
        let director = api_of(&server, &cast.director).await;
        let manager = api_of(&server, &cast.manager).await;
        // The lead's own opportunities are not counted: the lead is left out.
        for days in [1, 2, 3] {
            give(&director, &cast.manager, "lead_meeting", date_ago(days)).await;
        }
        // R: four in the window (two of them visibility kinds), one long before it.
        give(&manager, &cast.report, "present_to_leadership", date_ago(1)).await;
        give(&manager, &cast.report, "lead_meeting", date_ago(5)).await;
        give(&manager, &cast.report, "mentor", date_ago(20)).await;
        give(&manager, &cast.report, "own_project", date_ago(40)).await;
        give(&manager, &cast.report, "stretch_assignment", date_ago(200)).await;
        // The peer: one visibility moment, recently.
        give(&manager, &cast.peer, "represent_team", date_ago(10)).await;
        // x: one, in the window but not in the last 90 days.
        give(&manager, &cast.x, "stretch_assignment", date_ago(120)).await;
        // y: one planned ahead, which counts for nothing yet.
        give(&manager, &cast.y, "lead_meeting", date_ahead(10)).await;

        let (r, p, x, y) = (cast.report.id.0, cast.peer.id.0, cast.x.id.0, cast.y.id.0);
        let path = |query: &str| format!("/teams/{}/fairness{query}", cast.team.id);

        // Every kind, 180 days: counts 4, 1, 1, 0.
        let all = get_ok(&manager, &path("?days=180&visibility_only=false")).await;
        assert_eq!(all["window_days"], 180);
        let mut got = counts(&all);
        got.sort_unstable();
        let mut expected = vec![(r, 4), (p, 1), (x, 1), (y, 0)];
        expected.sort_unstable();
        assert_eq!(
            got, expected,
            "the lead is left out, the old and the planned not counted: {all}"
        );
        let gini = gini_by_definition(&[4, 1, 1, 0]);
        assert!(
            close(gini, 0.5),
            "by hand: Σ|xi−xj| = 24, 2n²x̄ = 2·16·1.5 = 48"
        );
        assert!(
            close(all["gini"].as_f64().unwrap(), gini),
            "gini {} is not {gini}",
            all["gini"]
        );
        for line in all["people"].as_array().unwrap() {
            let count = line["count"].as_f64().unwrap();
            assert!(
                close(line["share"].as_f64().unwrap(), count / 6.0),
                "share of {line}"
            );
        }
        assert_eq!(
            id_set(&all["flagged"]),
            BTreeSet::from([r]),
            "4 > 2 × median 1"
        );
        assert_eq!(
            id_set(&all["without_opportunity_90d"]),
            BTreeSet::from([x, y]),
            "{all}"
        );
        // The defaults are 180 days and every kind.
        let default = get_ok(&manager, &path("")).await;
        assert_eq!(default["window_days"], 180);
        assert_eq!(counts(&default), counts(&all));

        // The visibility kinds alone: counts 2, 1, 0, 0, every figure from those.
        let visible = get_ok(&manager, &path("?days=180&visibility_only=true")).await;
        let mut got = counts(&visible);
        got.sort_unstable();
        let mut expected = vec![(r, 2), (p, 1), (x, 0), (y, 0)];
        expected.sort_unstable();
        assert_eq!(got, expected, "{visible}");
        let gini = gini_by_definition(&[2, 1, 0, 0]);
        assert!(close(gini, 14.0 / 24.0));
        assert!(
            close(visible["gini"].as_f64().unwrap(), gini),
            "gini {} is not {gini}",
            visible["gini"]
        );
        for line in visible["people"].as_array().unwrap() {
            let count = line["count"].as_f64().unwrap();
            assert!(
                close(line["share"].as_f64().unwrap(), count / 3.0),
                "{line}"
            );
        }
        assert_eq!(
            id_set(&visible["flagged"]),
            BTreeSet::from([r]),
            "2 > 2 × median 0.5"
        );
        assert_eq!(
            id_set(&visible["without_opportunity_90d"]),
            BTreeSet::from([x, y]),
            "{visible}"
        );

        // A longer window takes in the old one; the window's edge is today minus N − 1 days.
        let year = get_ok(&manager, &path("?days=365")).await;
        let by_person: std::collections::BTreeMap<i64, u64> = counts(&year).into_iter().collect();
        assert_eq!(by_person[&r], 5, "{year}");
        let gini = gini_by_definition(&[5, 1, 1, 0]);
        assert!(close(year["gini"].as_f64().unwrap(), gini), "{year}");
        let edge = |report: &Value| -> u64 {
            counts(report)
                .into_iter()
                .find(|(who, _)| *who == x)
                .unwrap()
                .1
        };
        assert_eq!(edge(&get_ok(&manager, &path("?days=120")).await), 0);
        assert_eq!(edge(&get_ok(&manager, &path("?days=121")).await), 1);

        // The managers above the lead read the same figures.
        let from_above = get_ok(&director, &path("?days=180&visibility_only=false")).await;
        assert_eq!(from_above["gini"], all["gini"]);

        // A median of 0 counts as 1: over the last 7 days the visibility counts are 2, 0, 0, 0,
        // and 2 is not more than 2 × 1.
        let week = get_ok(&manager, &path("?days=7&visibility_only=true")).await;
        let by_person: std::collections::BTreeMap<i64, u64> = counts(&week).into_iter().collect();
        assert_eq!(
            (by_person[&r], by_person[&p], by_person[&x], by_person[&y]),
            (2, 0, 0, 0),
            "{week}"
        );
        assert_eq!(week["median"].as_f64(), Some(0.0));
        assert_eq!(week["flagged"], json!([]), "{week}");
        assert!(close(
            week["gini"].as_f64().unwrap(),
            gini_by_definition(&[2, 0, 0, 0])
        ));

        // y is given a mentoring chance today: no longer without one lately, except among the
        // visibility kinds, which count those alone.
        give(&manager, &cast.y, "mentor", date_ago(0)).await;
        let all = get_ok(&manager, &path("?days=180&visibility_only=false")).await;
        assert_eq!(
            id_set(&all["without_opportunity_90d"]),
            BTreeSet::from([x]),
            "{all}"
        );
        assert!(close(
            all["gini"].as_f64().unwrap(),
            gini_by_definition(&[4, 1, 1, 1])
        ));
        assert_eq!(
            id_set(&all["flagged"]),
            BTreeSet::from([r]),
            "4 > 2 × median 1"
        );
        let visible = get_ok(&manager, &path("?days=180&visibility_only=true")).await;
        assert_eq!(
            id_set(&visible["without_opportunity_90d"]),
            BTreeSet::from([x, y]),
            "{visible}"
        );
        assert!(close(
            visible["gini"].as_f64().unwrap(),
            gini_by_definition(&[2, 1, 0, 0])
        ));
    }
}

#[tokio::test]
async fn a_team_where_nobody_had_any_has_gini_zero_and_nobody_flagged() {
    for server in every_backend().await {
        let cast = cast(&server).await;
        let manager = api_of(&server, &cast.manager).await;
        let report = get_ok(&manager, &format!("/teams/{}/fairness", cast.team.id)).await;
        assert_eq!(report["gini"].as_f64(), Some(0.0), "{report}");
        assert_eq!(report["flagged"], json!([]));
        assert_eq!(id_set(&report["without_opportunity_90d"]).len(), 4);
        assert!(
            report["people"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["share"].as_f64() == Some(0.0))
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Bad input.

#[tokio::test]
async fn bad_input_is_a_clear_4xx_and_changes_nothing() {
    for server in every_backend().await {
        let cast = cast(&server).await;
        let admin = api_of(&server, &cast.admin).await;
        let manager = api_of(&server, &cast.manager).await;
        let report = api_of(&server, &cast.report).await;
        let (org, team_objective) = objectives(&admin, &manager, &cast.team).await;
        let (starts_on, ends_on) = current();
        let leaver = server
            .person(
                "leaver@example.com",
                "Lou Leaver",
                "member",
                Some(cast.manager.id),
            )
            .await;
        server
            .store
            .set_archived(leaver.id, true, None)
            .await
            .unwrap();
        let goal = expect(
            &manager,
            Method::POST,
            "/goals",
            json!({"person_id": cast.report.id, "title": "Runbooks", "why": "Calm",
                   "objective_id": team_objective, "progress": 20}),
            201,
        )
        .await;
        let goal_path = format!("/goals/{}", id(&goal));
        let delegation = expect(
            &manager,
            Method::POST,
            "/delegations",
            json!({"person_id": cast.report.id, "decision": "Paging vendor", "level": "consult", "review_on": null}),
            201,
        )
        .await;
        let delegation_path = format!("/delegations/{}", id(&delegation));
        let below = expect(
            &manager,
            Method::POST,
            "/objectives",
            json!({"title": "Below", "why": "Because", "team_id": cast.team.id,
                   "parent_id": team_objective, "starts_on": starts_on, "ends_on": ends_on}),
            201,
        )
        .await;
        let objectives_before = get_ok(&admin, "/objectives?limit=200").await["items"]
            .as_array()
            .unwrap()
            .clone();
        let goals_path = format!("/people/{}/goals", cast.report.id);
        let delegations_path = format!("/people/{}/delegations", cast.report.id);
        let opportunities_path = format!("/people/{}/opportunities", cast.report.id);
        let goals_before = get_ok(&manager, &goals_path).await;
        let goal_before = get_ok(&manager, &goal_path).await;
        let delegations_before = get_ok(&manager, &delegations_path).await;
        let opportunities_before = get_ok(&manager, &opportunities_path).await;
        let plan_path = format!("/people/{}/growth-plan", cast.report.id);
        let plan_before = get_ok(&manager, &plan_path).await;

        // Goals: another period than the objective's, progress outside 0–100.
        let other_period = (date_ahead(100), date_ahead(190));
        let goal_cases = [
            (
                "a goal given another period than its objective's",
                json!({"person_id": cast.report.id, "title": "Runbooks", "why": "",
                       "objective_id": team_objective, "starts_on": other_period.0, "ends_on": other_period.1}),
                "objective_id",
            ),
            (
                "progress 101",
                json!({"person_id": cast.report.id, "title": "Runbooks", "why": "", "objective_id": null, "progress": 101}),
                "progress",
            ),
            (
                "progress -1",
                json!({"person_id": cast.report.id, "title": "Runbooks", "why": "", "objective_id": null, "progress": -1}),
                "progress",
            ),
            (
                "an unknown objective",
                json!({"person_id": cast.report.id, "title": "Runbooks", "why": "", "objective_id": 999_999}),
                "objective_id",
            ),
        ];
        for (case, body, field) in goal_cases {
            let got = answer(&manager, Method::POST, "/goals", Some(body)).await;
            assert_problem(&got, 422, field, case);
        }
        for (case, progress) in [("check-in progress 101", 101), ("check-in progress -1", -1)] {
            let got = answer(
                &report,
                Method::POST,
                &format!("{goal_path}/check-ins"),
                Some(json!({"progress": progress, "note": "Oops"})),
            )
            .await;
            assert_problem(&got, 422, "progress", case);
        }

        // Objectives: a cycle, an unknown parent, an org objective from someone not an admin.
        let org_path = format!("/objectives/{org}");
        let got = answer(
            &admin,
            Method::PATCH,
            &org_path,
            Some(json!({"parent_id": id(&below)})),
        )
        .await;
        assert_problem(
            &got,
            422,
            "parent_id",
            "an objective tree cycle through three",
        );
        let got = answer(
            &manager,
            Method::POST,
            "/objectives",
            Some(
                json!({"title": "Orphan", "why": "Because", "team_id": cast.team.id,
                        "parent_id": 999_999, "starts_on": starts_on, "ends_on": ends_on}),
            ),
        )
        .await;
        assert_problem(&got, 422, "parent_id", "an unknown parent");
        let got = answer(
            &manager,
            Method::POST,
            "/objectives",
            Some(
                json!({"title": "Org-wide", "why": "Because", "team_id": null,
                        "parent_id": null, "starts_on": starts_on, "ends_on": ends_on}),
            ),
        )
        .await;
        assert_eq!(
            got.status, 403,
            "organisation objectives are the admins': {}",
            got.body
        );
        assert_eq!(got.content_type, "application/problem+json");
        let got = answer(
            &manager,
            Method::POST,
            "/objectives",
            Some(
                json!({"title": "No why", "why": " ", "team_id": cast.team.id,
                        "parent_id": null, "starts_on": starts_on, "ends_on": ends_on}),
            ),
        )
        .await;
        assert_problem(&got, 422, "why", "an objective without its why");

        // Periods and dates.
        let got = answer(
            &manager,
            Method::POST,
            "/objectives",
            Some(
                json!({"title": "Next year", "why": "Because", "team_id": cast.team.id,
                        "parent_id": org, "starts_on": other_period.0, "ends_on": other_period.1}),
            ),
        )
        .await;
        assert_problem(
            &got,
            422,
            "parent_id",
            "a parent whose period does not overlap",
        );
        let got = answer(
            &manager,
            Method::POST,
            "/objectives",
            Some(
                json!({"title": "Backwards", "why": "Because", "team_id": cast.team.id,
                        "parent_id": null, "starts_on": ends_on, "ends_on": starts_on}),
            ),
        )
        .await;
        assert_problem(
            &got,
            422,
            "ends_on",
            "an objective that ends before it starts",
        );
        let got = answer(
            &manager,
            Method::POST,
            "/objectives",
            Some(
                json!({"title": "Someday", "why": "Because", "team_id": cast.team.id,
                        "parent_id": null, "starts_on": "soon", "ends_on": ends_on}),
            ),
        )
        .await;
        assert_problem(&got, 422, "starts_on", "a start that is not a date");
        let got = answer(
            &manager,
            Method::POST,
            &format!("/people/{}/career-conversations", cast.report.id),
            Some(json!({"held_on": date_ahead(3), "summary": "Not yet"})),
        )
        .await;
        assert_problem(&got, 422, "held_on", "a career conversation in the future");
        let got = answer(
            &manager,
            Method::POST,
            "/opportunities",
            Some(
                json!({"person_id": cast.report.id, "kind": "lead_meeting", "stretch": "stretch",
                        "happened_on": date_ahead(400), "title": "Far off"}),
            ),
        )
        .await;
        assert_problem(
            &got,
            422,
            "happened_on",
            "an opportunity more than a year ahead",
        );
        let got = answer(
            &manager,
            Method::POST,
            "/delegations",
            Some(
                json!({"person_id": cast.report.id, "decision": "Hiring", "level": "consult",
                        "review_on": "next week"}),
            ),
        )
        .await;
        assert_problem(&got, 422, "review_on", "a review date that is not a date");

        // Delegations: a level that does not exist, on creating and on changing.
        let got = answer(
            &manager,
            Method::POST,
            "/delegations",
            Some(json!({"person_id": cast.report.id, "decision": "Hiring", "level": "boss", "review_on": null})),
        )
        .await;
        assert_problem(&got, 422, "level", "an unknown delegation level");
        let got = answer(
            &manager,
            Method::PATCH,
            &delegation_path,
            Some(json!({"level": "abdicate"})),
        )
        .await;
        assert_problem(&got, 422, "level", "changing to an unknown level");

        // Opportunities: an unknown kind or stretch, an archived person.
        let opportunity = |person: &Person, kind: &str, stretch: &str| {
            json!({"person_id": person.id, "kind": kind, "stretch": stretch,
                   "happened_on": date_ago(1), "title": "Lead the retro"})
        };
        let opportunity_cases = [
            (
                "an unknown kind",
                opportunity(&cast.report, "coffee_run", "stretch"),
                "kind",
            ),
            (
                "an unknown stretch",
                opportunity(&cast.report, "lead_meeting", "huge"),
                "stretch",
            ),
            (
                "an archived person",
                opportunity(&leaver, "lead_meeting", "stretch"),
                "person_id",
            ),
        ];
        for (case, body, field) in opportunity_cases {
            let got = answer(&manager, Method::POST, "/opportunities", Some(body)).await;
            assert_problem(&got, 422, field, case);
        }
        let got = answer(
            &manager,
            Method::POST,
            "/delegations",
            Some(json!({"person_id": leaver.id, "decision": "Hiring", "level": "consult", "review_on": null})),
        )
        .await;
        assert!(
            (400..500).contains(&got.status),
            "a delegation to an archived person: {} {}",
            got.status,
            got.body
        );

        // Someone who is not the person's manager gives nothing: the person themselves, a peer,
        // the manager's own peer, someone elsewhere, an admin outside the line.
        for (who, person) in [
            ("the person themselves", &cast.report),
            ("a peer", &cast.peer),
            ("the manager's peer", &cast.mentor),
            ("someone elsewhere", &cast.other),
            ("an admin outside the line", &cast.admin),
        ] {
            let api = api_of(&server, person).await;
            let got = answer(
                &api,
                Method::POST,
                "/opportunities",
                Some(opportunity(&cast.report, "lead_meeting", "stretch")),
            )
            .await;
            assert_problem(
                &got,
                422,
                "person_id",
                &format!("an opportunity from {who}"),
            );
            let got = answer(
                &api,
                Method::POST,
                "/delegations",
                Some(json!({"person_id": cast.report.id, "decision": "Hiring", "level": "consult", "review_on": null})),
            )
            .await;
            assert_problem(&got, 422, "person_id", &format!("a delegation from {who}"));
        }

        // Nothing changed.
        let mut objectives_after = get_ok(&admin, "/objectives?limit=200").await["items"]
            .as_array()
            .unwrap()
            .clone();
        let key = |o: &Value| id(o);
        objectives_after.sort_by_key(key);
        let mut objectives_before = objectives_before;
        objectives_before.sort_by_key(key);
        assert_eq!(objectives_after, objectives_before, "objectives unchanged");
        assert_eq!(get_ok(&manager, &goals_path).await, goals_before);
        assert_eq!(get_ok(&manager, &goal_path).await, goal_before);
        assert_eq!(
            get_ok(&manager, &delegations_path).await,
            delegations_before
        );
        assert_eq!(
            get_ok(&manager, &opportunities_path).await,
            opportunities_before
        );
        assert_eq!(get_ok(&manager, &plan_path).await, plan_before);
        let leaver_opportunities = server.store.opportunities_of(leaver.id).await.unwrap();
        assert!(leaver_opportunities.is_empty());

        // Query parameters of the reads.
        for (case, path, field) in [
            ("alignment on=abc", "/alignment?on=abc".to_owned(), "on"),
            ("objectives on=abc", "/objectives?on=abc".to_owned(), "on"),
            (
                "objectives team_id=abc",
                "/objectives?team_id=abc".to_owned(),
                "team_id",
            ),
        ] {
            let got = answer(&manager, Method::GET, &path, None).await;
            assert_problem(&got, 400, field, case);
        }

        // The fairness report's parameters.
        for (case, query, field) in [
            ("days=0", "?days=0", "days"),
            ("days=abc", "?days=abc", "days"),
            ("days=-5", "?days=-5", "days"),
            ("days too long", "?days=100000", "days"),
            (
                "visibility_only=maybe",
                "?visibility_only=maybe",
                "visibility_only",
            ),
        ] {
            let got = answer(
                &manager,
                Method::GET,
                &format!("/teams/{}/fairness{query}", cast.team.id),
                None,
            )
            .await;
            assert_problem(&got, 400, field, case);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Visibility: anything not yours to see is a 404.

/// The subject's things, made by the manager: a goal, a delegation, an opportunity, a career
/// conversation.
struct Things {
    goal: i64,
    delegation: i64,
    opportunity: i64,
}

async fn things_of(manager: &Api, cast: &Cast, objective: Option<i64>) -> Things {
    let goal = expect(
        manager,
        Method::POST,
        "/goals",
        json!({"person_id": cast.report.id, "title": "Runbooks", "why": "Calm", "objective_id": objective}),
        201,
    )
    .await;
    let delegation = expect(
        manager,
        Method::POST,
        "/delegations",
        json!({"person_id": cast.report.id, "decision": "Paging vendor", "level": "consult", "review_on": null}),
        201,
    )
    .await;
    let opportunity = expect(
        manager,
        Method::POST,
        "/opportunities",
        json!({"person_id": cast.report.id, "kind": "lead_meeting", "stretch": "stretch",
               "happened_on": date_ago(2), "title": "Lead the retro"}),
        201,
    )
    .await;
    expect(
        manager,
        Method::POST,
        &format!("/people/{}/career-conversations", cast.report.id),
        json!({"held_on": date_ago(1), "summary": "Talked about the staff track"}),
        201,
    )
    .await;
    Things {
        goal: id(&goal),
        delegation: id(&delegation),
        opportunity: id(&opportunity),
    }
}

#[tokio::test]
async fn growth_is_for_the_person_and_the_managers_above_them() {
    for server in every_backend().await {
        let cast = cast(&server).await;
        let admin = api_of(&server, &cast.admin).await;
        let manager = api_of(&server, &cast.manager).await;
        let (org, team_objective) = objectives(&admin, &manager, &cast.team).await;
        let things = things_of(&manager, &cast, Some(team_objective)).await;
        let r = cast.report.id;
        let growth_reads = [
            format!("/people/{r}/goals"),
            format!("/people/{r}/growth-plan"),
            format!("/people/{r}/delegations"),
            format!("/people/{r}/opportunities"),
            format!("/goals/{}", things.goal),
            format!("/delegations/{}", things.delegation),
            format!("/opportunities/{}", things.opportunity),
        ];
        let everyone_reads = [
            "/objectives".to_owned(),
            format!("/objectives/{org}"),
            format!("/objectives/{team_objective}"),
            "/alignment".to_owned(),
            format!("/people/{r}/ownership"),
            format!("/teams/{}/ownership", cast.team.id),
        ];
        let fairness = format!("/teams/{}/fairness", cast.team.id);
        let viewers = [
            ("the person", &cast.report, true, false),
            ("the manager", &cast.manager, true, true),
            ("the manager's manager", &cast.director, true, true),
            ("a peer", &cast.peer, false, false),
            ("the manager's peer", &cast.mentor, false, false),
            ("someone elsewhere", &cast.other, false, false),
            ("an admin outside the line", &cast.admin, false, false),
            ("another team member", &cast.x, false, false),
        ];
        for (who, person, sees_growth, sees_fairness) in viewers {
            let api = api_of(&server, person).await;
            for path in &growth_reads {
                let got = answer(&api, Method::GET, path, None).await;
                let expected = if sees_growth { 200 } else { 404 };
                assert_eq!(got.status, expected, "{who} GET {path}: {}", got.body);
                if !sees_growth {
                    assert_eq!(got.content_type, "application/problem+json");
                }
            }
            for path in &everyone_reads {
                let got = answer(&api, Method::GET, path, None).await;
                assert_eq!(got.status, 200, "{who} GET {path}: {}", got.body);
            }
            let got = answer(&api, Method::GET, &fairness, None).await;
            let expected = if sees_fairness { 200 } else { 404 };
            assert_eq!(got.status, expected, "{who} GET {fairness}: {}", got.body);

            // Writes to what one may not see are 404 too, and change nothing.
            if !sees_growth {
                let before = get_ok(&manager, &format!("/goals/{}", things.goal)).await;
                let writes = [
                    (
                        Method::PATCH,
                        format!("/goals/{}", things.goal),
                        json!({"title": "Hijacked"}),
                    ),
                    (
                        Method::POST,
                        format!("/goals/{}/check-ins", things.goal),
                        json!({"progress": 99, "note": "Hijacked"}),
                    ),
                    (
                        Method::PATCH,
                        format!("/delegations/{}", things.delegation),
                        json!({"level": "delegate"}),
                    ),
                    (
                        Method::PATCH,
                        format!("/opportunities/{}", things.opportunity),
                        json!({"learned": "Hijacked"}),
                    ),
                    (
                        Method::PATCH,
                        format!("/people/{r}/growth-plan"),
                        json!({"skills": ["Hijacking"]}),
                    ),
                    (
                        Method::POST,
                        format!("/people/{r}/career-conversations"),
                        json!({"held_on": date_ago(1), "summary": "Hijacked"}),
                    ),
                ];
                for (method, path, body) in writes {
                    let got = answer(&api, method.clone(), &path, Some(body)).await;
                    assert_eq!(got.status, 404, "{who} {method} {path}: {}", got.body);
                }
                assert_eq!(
                    get_ok(&manager, &format!("/goals/{}", things.goal)).await,
                    before
                );
            }
        }
        // Nothing a stranger tried stuck.
        let plan = get_ok(&manager, &format!("/people/{r}/growth-plan")).await;
        assert!(!plan.to_string().contains("Hijack"), "{plan}");
        let delegation = get_ok(&manager, &format!("/delegations/{}", things.delegation)).await;
        assert_eq!(delegation["level"], "consult");
    }
}

const ANSWER: &str = "ALIGN-REFLECTION-ANSWER-MARKER";

/// Who reads the person's reflection by id: the direct manager alone, and only when shared.
async fn check(
    server: &TestServer,
    cast: &Cast,
    others: &[(&str, &Person)],
    path: &str,
    shared: bool,
) {
    for (who, person) in others {
        let api = api_of(server, person).await;
        let got = answer(&api, Method::GET, path, None).await;
        let readable = shared && person.id == cast.manager.id;
        let expected = if readable { 200 } else { 404 };
        assert_eq!(got.status, expected, "{who}, shared {shared}: {}", got.body);
        assert_eq!(
            got.body.to_string().contains(ANSWER),
            readable,
            "{who}, shared {shared}: {}",
            got.body
        );
        // Their own reflection is theirs, and shows nothing of the person's.
        let own = get_ok(&api, "/me/lead-reflection").await;
        assert!(!own.to_string().contains(ANSWER), "{who}: {own}");
    }
}

#[tokio::test]
async fn the_lead_reflection_is_private_until_shared_and_then_only_for_the_direct_manager() {
    for server in every_backend().await {
        let cast = cast(&server).await;
        let report = api_of(&server, &cast.report).await;
        let path = format!("/people/{}/lead-reflection", cast.report.id);

        // Before anything is written, the person reads the questions; nobody else reads anything.
        let empty = get_ok(&report, "/me/lead-reflection").await;
        assert_eq!(empty["shared_with_manager"], false);
        assert!(empty["questions"].as_array().unwrap().len() >= 6);

        let saved = expect(
            &report,
            Method::PATCH,
            "/me/lead-reflection",
            json!({"answers": {"direction": ANSWER}, "shared_with_manager": false}),
            200,
        )
        .await;
        assert!(saved.to_string().contains(ANSWER));
        assert_eq!(
            get_ok(&report, &path).await,
            saved,
            "the person reads it by id too"
        );
        let got = answer(
            &report,
            Method::PATCH,
            "/me/lead-reflection",
            Some(json!({"answers": {"salary": "more"}})),
        )
        .await;
        assert_problem(&got, 422, "answers", "an unknown question");

        let others = [
            ("the manager", &cast.manager),
            ("the manager's manager", &cast.director),
            ("a peer", &cast.peer),
            ("someone elsewhere", &cast.other),
            ("an admin", &cast.admin),
        ];
        check(&server, &cast, &others, &path, false).await;

        let shared = expect(
            &report,
            Method::PATCH,
            "/me/lead-reflection",
            json!({"shared_with_manager": true}),
            200,
        )
        .await;
        assert_eq!(shared["shared_with_manager"], true);
        assert!(
            shared.to_string().contains(ANSWER),
            "keys not given keep their answer"
        );
        check(&server, &cast, &others, &path, true).await;

        // Taking it back makes it private again.
        expect(
            &report,
            Method::PATCH,
            "/me/lead-reflection",
            json!({"shared_with_manager": false}),
            200,
        )
        .await;
        check(&server, &cast, &others, &path, false).await;

        // Shared with the manager of the day: when the person moves to another manager, the new
        // one does not inherit it, and the old one no longer reads it.
        expect(
            &report,
            Method::PATCH,
            "/me/lead-reflection",
            json!({"shared_with_manager": true}),
            200,
        )
        .await;
        let admin = api_of(&server, &cast.admin).await;
        expect(
            &admin,
            Method::PATCH,
            &format!("/people/{}", cast.report.id),
            json!({"manager_id": cast.peer.id}),
            200,
        )
        .await;
        for (who, person) in [
            ("the new manager", &cast.peer),
            ("the old manager", &cast.manager),
        ] {
            let api = api_of(&server, person).await;
            let got = answer(&api, Method::GET, &path, None).await;
            assert_eq!(got.status, 404, "{who}: {}", got.body);
            assert!(!got.body.to_string().contains(ANSWER), "{who}");
        }
        let own = get_ok(&report, "/me/lead-reflection").await;
        assert_eq!(own["shared_with_manager"], false, "shown as private again");
    }
}

#[tokio::test]
async fn a_growth_plan_lists_only_career_items_of_one_on_ones_the_viewer_took_part_in() {
    const WITH_MENTOR: &str = "ALIGN-CAREER-WITH-MENTOR-MARKER";
    const WITH_MANAGER: &str = "ALIGN-CAREER-WITH-MANAGER-MARKER";
    const NOT_CAREER: &str = "ALIGN-WELLBEING-MARKER";
    const NOT_HELD: &str = "ALIGN-CAREER-NOT-HELD-MARKER";
    for server in every_backend().await {
        let cast = cast(&server).await;
        let manager = api_of(&server, &cast.manager).await;
        let mentor = api_of(&server, &cast.mentor).await;
        let report = api_of(&server, &cast.report).await;
        let director = api_of(&server, &cast.director).await;

        // A held one-on-one between R and each of the mentor and the manager, a career item in
        // each; a wellbeing item, and a career item of a meeting not held yet, in neither plan.
        for (lead, marker, days) in [(&mentor, WITH_MENTOR, 7), (&manager, WITH_MANAGER, 8)] {
            let series = expect(
                lead,
                Method::POST,
                "/one-on-ones",
                json!({"with": cast.report.id, "cadence": "weekly", "first_meeting_at": at_ten(days)}),
                201,
            )
            .await;
            let meeting = id(&series["next_meeting"]);
            for (text, kind) in [(marker, "career"), (NOT_CAREER, "wellbeing")] {
                expect(
                    lead,
                    Method::POST,
                    &format!("/meetings/{meeting}/talking-points"),
                    json!({"text": text, "kind": kind}),
                    201,
                )
                .await;
            }
            let completed = expect(
                lead,
                Method::POST,
                &format!("/meetings/{meeting}/complete"),
                json!({}),
                200,
            )
            .await;
            let next = id(&completed["next_meeting"]);
            expect(
                lead,
                Method::POST,
                &format!("/meetings/{next}/talking-points"),
                json!({"text": NOT_HELD, "kind": "career"}),
                201,
            )
            .await;
        }

        let plan = format!("/people/{}/growth-plan", cast.report.id);
        let items = |plan: &Value| -> Vec<String> {
            plan["one_on_one_career_items"]
                .as_array()
                .unwrap_or_else(|| panic!("no career items in {plan}"))
                .iter()
                .map(|i| i["text"].as_str().unwrap().to_owned())
                .collect()
        };
        let own = get_ok(&report, &plan).await;
        let own_items = items(&own);
        assert!(own_items.iter().any(|t| t == WITH_MENTOR), "{own}");
        assert!(own_items.iter().any(|t| t == WITH_MANAGER), "{own}");
        let managers = get_ok(&manager, &plan).await;
        assert!(
            items(&managers).iter().any(|t| t == WITH_MANAGER),
            "{managers}"
        );
        assert!(
            !managers.to_string().contains(WITH_MENTOR),
            "the manager took no part in the mentor's one-on-one: {managers}"
        );
        let above = get_ok(&director, &plan).await;
        for marker in [WITH_MENTOR, WITH_MANAGER] {
            assert!(
                !above.to_string().contains(marker),
                "the director took part in neither: {above}"
            );
        }
        for body in [&own, &managers, &above] {
            for marker in [NOT_CAREER, NOT_HELD] {
                assert!(!body.to_string().contains(marker), "{marker} in {body}");
            }
        }
        let (status, _) = mentor.get(&plan).await;
        assert_eq!(status, 404, "the mentor is not in R's line");
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Private text never reaches a peer or an admin.

#[tokio::test]
async fn private_text_never_reaches_a_peer_or_an_admin_through_any_read() {
    const GOAL_WHY: &str = "ALIGN-MARKER-GOAL-WHY";
    const GOAL_TITLE: &str = "ALIGN-MARKER-GOAL-TITLE";
    const CHECK_IN: &str = "ALIGN-MARKER-CHECK-IN";
    const CONVERSATION: &str = "ALIGN-MARKER-CONVERSATION";
    const REFLECTION: &str = "ALIGN-MARKER-REFLECTION";
    const LEARNED: &str = "ALIGN-MARKER-LEARNED";
    const DECISION: &str = "ALIGN-MARKER-DECISION";
    const SKILL: &str = "ALIGN-MARKER-SKILL";
    const MARKERS: [&str; 8] = [
        GOAL_WHY,
        GOAL_TITLE,
        CHECK_IN,
        CONVERSATION,
        REFLECTION,
        LEARNED,
        DECISION,
        SKILL,
    ];
    for server in every_backend().await {
        let cast = cast(&server).await;
        let admin = api_of(&server, &cast.admin).await;
        let manager = api_of(&server, &cast.manager).await;
        let report = api_of(&server, &cast.report).await;
        let (org, team_objective) = objectives(&admin, &manager, &cast.team).await;
        let r = cast.report.id;

        let goal = expect(
            &report,
            Method::POST,
            "/goals",
            json!({"person_id": r, "title": GOAL_TITLE, "why": GOAL_WHY, "objective_id": team_objective}),
            201,
        )
        .await;
        expect(
            &report,
            Method::POST,
            &format!("/goals/{}/check-ins", id(&goal)),
            json!({"progress": 30, "note": CHECK_IN}),
            201,
        )
        .await;
        expect(
            &manager,
            Method::POST,
            &format!("/people/{r}/career-conversations"),
            json!({"held_on": date_ago(1), "summary": CONVERSATION}),
            201,
        )
        .await;
        expect(
            &report,
            Method::PATCH,
            &format!("/people/{r}/growth-plan"),
            json!({"skills": [SKILL]}),
            200,
        )
        .await;
        // Shared with the manager: the widest it ever goes.
        expect(
            &report,
            Method::PATCH,
            "/me/lead-reflection",
            json!({"answers": {"energy": REFLECTION}, "shared_with_manager": true}),
            200,
        )
        .await;
        let delegation = expect(
            &manager,
            Method::POST,
            "/delegations",
            json!({"person_id": r, "decision": DECISION, "level": "advise", "review_on": null}),
            201,
        )
        .await;
        let opportunity = expect(
            &manager,
            Method::POST,
            "/opportunities",
            json!({"person_id": r, "kind": "represent_team", "stretch": "stretch",
                   "happened_on": date_ago(4), "title": "Represent us at the guild"}),
            201,
        )
        .await;
        expect(
            &report,
            Method::PATCH,
            &format!("/opportunities/{}", id(&opportunity)),
            json!({"learned": LEARNED, "outcome": "Fine"}),
            200,
        )
        .await;
        expect(
            &report,
            Method::POST,
            "/ownership-areas",
            json!({"person_id": r, "title": "The paging rota", "description": "Who is on call"}),
            201,
        )
        .await;

        let team = cast.team.id;
        let reads = [
            "/alignment".to_owned(),
            format!("/alignment?on={}", date_ago(1)),
            "/objectives".to_owned(),
            format!("/objectives?team_id={team}"),
            format!("/objectives/{org}"),
            format!("/objectives/{team_objective}"),
            format!("/people/{r}/goals"),
            format!("/goals/{}", id(&goal)),
            format!("/people/{r}/growth-plan"),
            format!("/people/{r}/delegations"),
            format!("/delegations/{}", id(&delegation)),
            format!("/people/{r}/opportunities"),
            format!("/opportunities/{}", id(&opportunity)),
            format!("/people/{r}/lead-reflection"),
            "/me/lead-reflection".to_owned(),
            format!("/people/{r}/ownership"),
            format!("/teams/{team}/ownership"),
            format!("/teams/{team}/fairness"),
            format!("/teams/{team}/fairness?visibility_only=true&days=365"),
        ];

        // The person and their manager see it all between them: the test can fail.
        let mut seen = String::new();
        for api in [&report, &manager] {
            for path in &reads {
                let (_, body) = api.get(path).await;
                seen.push_str(&body.to_string());
            }
        }
        for marker in MARKERS {
            assert!(seen.contains(marker), "{marker} is shown to nobody at all");
        }
        let (_, alignment) = manager.get("/alignment").await;
        assert!(alignment.to_string().contains(GOAL_TITLE), "{alignment}");

        for (who, person) in [
            ("a peer", &cast.peer),
            ("the manager's peer", &cast.mentor),
            ("someone elsewhere", &cast.other),
            ("an admin outside the line", &cast.admin),
        ] {
            let api = api_of(&server, person).await;
            for path in &reads {
                let (status, body) = api.get(path).await;
                let body = body.to_string();
                for marker in MARKERS {
                    assert!(
                        !body.contains(marker),
                        "{who} GET {path} ({status}) shows {marker}: {body}"
                    );
                }
            }
        }
        // The skip-level manager reads the growth plan, not the reflection shared with the
        // direct manager.
        let director = api_of(&server, &cast.director).await;
        for path in &reads {
            let (_, body) = director.get(path).await;
            assert!(
                !body.to_string().contains(REFLECTION),
                "the director GET {path} shows the reflection: {body}"
            );
        }
    }
}
