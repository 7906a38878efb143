//! Pulse surveys over HTTP (issue 10): the API contract as clients rely on it (instruments,
//! running a survey, answering it, closing it, its gated results with numbers checked against a
//! hand computation); every rejection answered with a clear 4xx and nothing taken; and, above
//! all, the anonymity rules (DESIGN.md §3 rule 3) through every door of the API — nothing of a
//! group below *k* (results, comments, items, breakdowns by subtraction, two overlapping surveys
//! side by side), nothing while a survey is open, the audience reading only once shared, and
//! counts, never names, of who answered. Then the organisation's *k*, recurring waves, and the
//! actions a team records ("you said, we did").
//!
//! Every test runs on SQLite, and on PostgreSQL when it is configured, each on a server whose
//! clock stands still until the test moves it (windows close and waves come by moving it).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};
use tend_app::secrets::{API_TOKEN_PREFIX, hash_token, new_token};
use tend_domain::PersonId;
use tend_domain::person::{Person, PersonDraft, PersonInput};
use tend_domain::team::{Team, TeamDraft};
use tend_domain::timestamp::{ManualClock, Timestamp};
use tend_store::testing::sqlite_url_in;
use tend_store::{NewPerson, Store};

use crate::kit::{Api, TestServer};

const PULSE: &str = "safe-clear-motivated";
const K: usize = 5;

// ---------------------------------------------------------------------------------------------
// Helpers.

/// A real server whose clock stands still until the test moves it.
struct Server {
    url: String,
    store: Store,
    clock: Arc<ManualClock>,
    backend: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// The servers a test runs on: SQLite always, PostgreSQL when the tests have one.
async fn every_backend() -> Vec<Server> {
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = sqlite_url_in(dir.path());
    let mut servers = vec![Server::on(&sqlite, "sqlite", Some(dir)).await];
    if let Some(url) = TestServer::postgres_url().await {
        servers.push(Server::on(&url, "postgres", None).await);
    }
    servers
}

impl Server {
    async fn on(database_url: &str, backend: &'static str, dir: Option<tempfile::TempDir>) -> Self {
        let clock = Arc::new(ManualClock::new(Timestamp::truncating(
            time::OffsetDateTime::now_utc(),
        )));
        let store = Store::connect_with_clock(database_url, clock.clone())
            .await
            .expect("open the database");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let router = tend_web::router(store.clone(), tend_web::WebConfig::new(&url));
        tokio::spawn(tend_web::serve(listener, router));
        Self {
            url,
            store,
            clock,
            backend,
            _dir: dir,
        }
    }

    fn now(&self) -> Timestamp {
        self.store.now()
    }

    fn advance(&self, by: time::Duration) {
        self.clock.advance(by);
    }

    /// `by` from now, as RFC 3339.
    fn time_from_now(&self, by: time::Duration) -> String {
        (self.now() + by).rfc3339()
    }

    /// Someone with an API token (no password: the tests speak the API only).
    async fn who(&self, email: &str, name: &str, role: &str, manager_id: Option<PersonId>) -> Who {
        let draft = PersonDraft::parse(PersonInput {
            email,
            name,
            role,
            manager_id,
        })
        .unwrap();
        let person = self
            .store
            .create_person(NewPerson::from(draft), None)
            .await
            .unwrap();
        let token = new_token(API_TOKEN_PREFIX);
        self.store
            .create_api_token(person.id, "test", &hash_token(&token))
            .await
            .unwrap();
        Who {
            api: Api {
                client: reqwest::Client::new(),
                base: format!("{}/api/v1", self.url),
                token,
            },
            person,
        }
    }

    async fn team(&self, name: &str, lead: &Who, members: &[&Who]) -> Team {
        let ids: Vec<PersonId> = members.iter().map(|m| m.person.id).collect();
        self.store
            .create_team(
                &TeamDraft::parse(name, "We ask how it goes", Some(lead.person.id)).unwrap(),
                &ids,
            )
            .await
            .unwrap()
    }
}

/// A person and their API client.
struct Who {
    person: Person,
    api: Api,
}

/// An organisation to survey:
///
/// ```text
///   director ── lead ─┬─ member 0 … member n−1      admin (outside every line)
///                     │                             outsider (elsewhere)
/// ```
///
/// The team "Platform" is led by the lead; its members are the lead and every member, so a
/// survey of it asks the members (the lead is left out).
struct Org {
    admin: Who,
    director: Who,
    lead: Who,
    members: Vec<Who>,
    outsider: Who,
    team: Team,
}

async fn org(server: &Server, members: usize) -> Org {
    let admin = server
        .who("admin@example.com", "Ada Admin", "admin", None)
        .await;
    let director = server
        .who("director@example.com", "Dee Director", "member", None)
        .await;
    let lead = server
        .who(
            "lead@example.com",
            "Lee Lead",
            "member",
            Some(director.person.id),
        )
        .await;
    let mut people = Vec::new();
    for i in 0..members {
        people.push(
            server
                .who(
                    &format!("member{i}@example.com"),
                    &format!("Mina Member{i}"),
                    "member",
                    Some(lead.person.id),
                )
                .await,
        );
    }
    let outsider = server
        .who("outsider@example.com", "Oli Outsider", "member", None)
        .await;
    let mut in_team: Vec<&Who> = people.iter().collect();
    in_team.push(&lead);
    let team = server.team("Platform", &lead, &in_team).await;
    Org {
        admin,
        director,
        lead,
        members: people,
        outsider,
        team,
    }
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
    text: String,
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
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    Answer {
        status,
        content_type,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

/// Sends a write and insists on `status`; returns the body.
async fn expect(api: &Api, method: Method, path: &str, body: Value, status: u16) -> Value {
    let got = answer(api, method.clone(), path, Some(body.clone())).await;
    assert_eq!(got.status, status, "{method} {path} {body}: {}", got.text);
    got.body
}

async fn get_ok(api: &Api, path: &str) -> Value {
    let got = answer(api, Method::GET, path, None).await;
    assert_eq!(got.status, 200, "GET {path}: {}", got.text);
    got.body
}

/// A GET's status and raw body.
async fn get_text(api: &Api, path: &str) -> (u16, String) {
    let got = answer(api, Method::GET, path, None).await;
    (got.status, got.text)
}

/// A problem+json answer with this status whose `errors` name `field`.
fn assert_problem(answer: &Answer, status: u16, field: &str, case: &str) {
    assert_eq!(answer.status, status, "{case}: {}", answer.text);
    assert_eq!(
        answer.content_type, "application/problem+json",
        "{case}: {}",
        answer.text
    );
    let named: Vec<&str> = answer.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{case}: no errors list in {}", answer.text))
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(named.contains(&field), "{case}: {field} not in {named:?}");
}

/// A problem+json answer with this status.
fn assert_status(answer: &Answer, status: u16, case: &str) {
    assert_eq!(answer.status, status, "{case}: {}", answer.text);
    assert_eq!(
        answer.content_type, "application/problem+json",
        "{case}: {}",
        answer.text
    );
}

/// Runs a survey of `team` with the built-in pulse, open now for three days; returns its id.
async fn run_pulse(server: &Server, lead: &Api, team: &Team) -> i64 {
    id(&expect(
        lead,
        Method::POST,
        "/surveys",
        json!({"instrument": PULSE, "team_id": team.id,
               "closes_at": server.time_from_now(time::Duration::days(3))}),
        201,
    )
    .await)
}

/// Answers survey `survey` as `who`.
async fn respond(who: &Who, survey: i64, answers: Value, comment: Option<&str>) {
    let mut body = json!({ "answers": answers });
    if let Some(comment) = comment {
        body["comment"] = json!(comment);
    }
    let recorded = expect(
        &who.api,
        Method::POST,
        &format!("/surveys/{survey}/responses"),
        body,
        201,
    )
    .await;
    assert_eq!(recorded["recorded"], true, "{recorded}");
}

async fn close(lead: &Api, survey: i64) -> Value {
    expect(
        lead,
        Method::POST,
        &format!("/surveys/{survey}/close"),
        json!({}),
        200,
    )
    .await
}

async fn results(api: &Api, survey: i64) -> Value {
    get_ok(api, &format!("/surveys/{survey}/results")).await
}

/// The object's keys.
fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// A hidden result: `{hidden: true, reason}` and nothing else. Returns the reason.
fn assert_hidden(results: &Value, case: &str) -> String {
    assert_eq!(
        keys(results),
        BTreeSet::from(["hidden", "reason"]),
        "{case}: a hidden result holds a reason and nothing else: {results}"
    );
    assert_eq!(results["hidden"], true, "{case}: {results}");
    let reason = results["reason"].as_str().unwrap_or_default().to_owned();
    assert!(!reason.is_empty(), "{case}: a hidden result says why");
    reason
}

fn assert_shown(results: &Value, case: &str) {
    assert_eq!(results["hidden"], false, "{case}: {results}");
    for key in [
        "respondents",
        "dimensions",
        "items",
        "alpha",
        "breakdowns",
        "comments",
        "actions",
        "previous_actions",
    ] {
        assert!(
            results.get(key).is_some(),
            "{case}: shown results have `{key}`: {results}"
        );
    }
}

fn item<'a>(results: &'a Value, item_id: &str) -> &'a Value {
    results["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {results}"))
        .iter()
        .find(|i| i["id"] == item_id)
        .unwrap_or_else(|| panic!("no item {item_id} in {results}"))
}

fn dimension<'a>(results: &'a Value, name: &str) -> &'a Value {
    results["dimensions"]
        .as_array()
        .unwrap_or_else(|| panic!("no dimensions in {results}"))
        .iter()
        .find(|d| d["dimension"] == name)
        .unwrap_or_else(|| panic!("no dimension {name} in {results}"))
}

fn comments_of<'a>(results: &'a Value, question: &str) -> &'a Value {
    results["comments"]
        .as_array()
        .unwrap_or_else(|| panic!("no comments in {results}"))
        .iter()
        .find(|c| c["question_id"] == question)
        .unwrap_or_else(|| panic!("no comment group {question} in {results}"))
}

fn close_to(actual: &Value, expected: f64, what: &str) {
    let actual = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: {actual} is not a number"));
    assert!(
        (actual - expected).abs() < 1e-9,
        "{what}: {actual}, expected {expected}"
    );
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Sample variance, by its definition (n − 1 in the denominator).
fn variance(xs: &[f64]) -> f64 {
    let m = mean(xs);
    xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64
}

/// Cronbach's alpha by its definition: k/(k−1) · (1 − Σ item variances / variance of totals).
fn cronbach(rows: &[[f64; 3]]) -> f64 {
    let k = 3.0;
    let items: f64 = (0..3)
        .map(|i| variance(&rows.iter().map(|r| r[i]).collect::<Vec<_>>()))
        .sum();
    let totals: Vec<f64> = rows.iter().map(|r| r.iter().sum()).collect();
    k / (k - 1.0) * (1.0 - items / variance(&totals))
}

// ---------------------------------------------------------------------------------------------
// 1. The API contract.

/// Five answers to the pulse (safe, clear, motivated): small enough to check by hand.
const KNOWN: [[i64; 3]; 5] = [[5, 4, 5], [4, 4, 3], [4, 3, 4], [2, 2, 1], [1, 3, 2]];

#[tokio::test]
async fn the_api_keeps_its_contract() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;

        // The instruments: the four built-ins, each item in the documented shape.
        let page = get_ok(lead, "/instruments").await;
        assert_eq!(keys(&page), BTreeSet::from(["items", "next_cursor"]));
        assert!(page["next_cursor"].is_null(), "{page}");
        let instruments = page["items"].as_array().unwrap();
        let found: BTreeSet<&str> = instruments
            .iter()
            .map(|i| i["key"].as_str().unwrap())
            .collect();
        for builtin in [PULSE, "four-stages", "enps", "manager-feedback"] {
            assert!(found.contains(builtin), "{backend}: {builtin} in {found:?}");
        }
        for instrument in instruments {
            assert!(instrument["name"].as_str().is_some_and(|n| !n.is_empty()));
            let items = instrument["items"].as_array().unwrap();
            assert!(!items.is_empty(), "{instrument}");
            for i in items {
                assert!(i["id"].is_string() && i["text"].is_string(), "{i}");
                assert!(i["dimension"].is_string() && i["reverse_scored"].is_boolean());
                assert!(i["scale_min"].is_i64() && i["scale_max"].is_i64(), "{i}");
            }
        }
        let by_key = |key: &str| instruments.iter().find(|i| i["key"] == key).unwrap();
        let pulse_items: Vec<&str> = by_key(PULSE)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        assert_eq!(pulse_items, ["safe", "clear", "motivated"]);
        let enps = &by_key("enps")["items"][0];
        assert_eq!(
            (enps["scale_min"].as_i64(), enps["scale_max"].as_i64()),
            (Some(0), Some(10))
        );
        let stages = by_key("four-stages")["items"].as_array().unwrap();
        assert!(stages.len() >= 12, "at least three items per stage");
        assert!(stages.iter().any(|i| i["reverse_scored"] == true));

        // A custom instrument: ids and scales may be left out.
        let stored = expect(
            lead,
            Method::POST,
            "/instruments",
            json!({"key": "team-check", "name": "Team check", "items": [
                {"text": "I can ask for help.", "dimension": "Trust"},
                {"id": "blame", "text": "Mistakes are held against you.", "dimension": "fear",
                 "scale_min": 1, "scale_max": 7, "reverse_scored": true},
            ]}),
            201,
        )
        .await;
        assert_eq!(stored["key"], "team-check");
        assert_eq!(stored["name"], "Team check");
        assert_eq!(stored["items"][0]["id"], "q1", "an id is assigned");
        assert_eq!(stored["items"][0]["dimension"], "trust");
        assert_eq!(stored["items"][0]["scale_min"], 1);
        assert_eq!(stored["items"][0]["scale_max"], 5);
        assert_eq!(stored["items"][0]["reverse_scored"], false);
        assert_eq!(stored["items"][1]["id"], "blame");
        assert_eq!(stored["items"][1]["scale_max"], 7);
        assert_eq!(stored["items"][1]["reverse_scored"], true);
        let shown = get_ok(lead, "/instruments/team-check").await;
        assert_eq!(shown["items"], stored["items"]);
        let listed = get_ok(&org.members[0].api, "/instruments").await;
        assert!(
            listed["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["key"] == "team-check")
        );

        // A survey of the team: 201 with its id and items; the lead is left out of the six.
        let opens_at = server.now().rfc3339();
        let created = expect(
            lead,
            Method::POST,
            "/surveys",
            json!({"instrument": PULSE, "team_id": org.team.id, "opens_at": opens_at,
                   "closes_at": server.time_from_now(time::Duration::days(3))}),
            201,
        )
        .await;
        let survey = id(&created);
        let item_ids: Vec<&str> = created["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        assert_eq!(item_ids, ["safe", "clear", "motivated"]);
        assert_eq!(created["status"], "open");
        assert_eq!(created["team_id"], org.team.id.0);
        assert_eq!(created["min_respondents"], K);
        let got = get_ok(lead, &format!("/surveys/{survey}")).await;
        assert_eq!(got["status"], "open");
        assert_eq!(
            (got["answered"].as_i64(), got["audience"].as_i64()),
            (Some(0), Some(6))
        );

        for (who, row) in org.members.iter().zip(KNOWN) {
            respond(
                who,
                survey,
                json!({"safe": row[0], "clear": row[1], "motivated": row[2]}),
                None,
            )
            .await;
        }
        let got = get_ok(lead, &format!("/surveys/{survey}")).await;
        assert_eq!(got["answered"], 5, "{got}");
        assert_eq!(got["participation"], json!({"answered": 5, "audience": 6}));

        // Open: hidden, even with five answers.
        assert_hidden(&results(lead, survey).await, backend);

        let closed = close(lead, survey).await;
        assert_eq!(closed["status"], "closed", "{closed}");

        let shown = results(lead, survey).await;
        assert_shown(&shown, backend);
        assert_eq!(shown["respondents"], 5);
        assert!(shown["breakdowns"].as_array().is_some_and(Vec::is_empty));
        for (index, item_id) in ["safe", "clear", "motivated"].into_iter().enumerate() {
            let values: Vec<f64> = KNOWN.iter().map(|r| r[index] as f64).collect();
            let got = item(&shown, item_id);
            for key in ["id", "n", "mean", "sd", "distribution", "favorable_share"] {
                assert!(got.get(key).is_some(), "{item_id} has {key}: {got}");
            }
            assert_eq!(got["hidden"], false);
            assert_eq!(got["n"], 5);
            close_to(&got["mean"], mean(&values), item_id);
            close_to(&got["sd"], variance(&values).sqrt(), item_id);
            let favourable = values.iter().filter(|v| **v >= 4.0).count() as f64 / 5.0;
            close_to(&got["favorable_share"], favourable, item_id);
            let mut distribution = BTreeMap::new();
            for point in 1..=5 {
                let n = values.iter().filter(|v| **v == point as f64).count();
                distribution.insert(point.to_string(), n);
            }
            assert_eq!(got["distribution"], json!(distribution), "{item_id}");
            // One item per dimension: the dimension's numbers are the item's.
            let d = dimension(&shown, item_id);
            assert_eq!(d["n"], 5);
            close_to(&d["mean"], mean(&values), item_id);
        }
        // And by hand for the first: 5, 4, 4, 2, 1.
        let safe = item(&shown, "safe");
        close_to(&safe["mean"], 3.2, "safe mean");
        close_to(&safe["sd"], 2.7f64.sqrt(), "safe sd");
        close_to(&safe["favorable_share"], 0.6, "safe favourable");
        assert_eq!(
            safe["distribution"],
            json!({"1": 1, "2": 1, "3": 0, "4": 2, "5": 1})
        );
        // Alpha: its shape here (the pulse's three dimensions have one item each); its value on
        // an instrument of one dimension in three items, with the same answers.
        assert!(shown["alpha"].get("value").is_some(), "{shown}");
        expect(
            lead,
            Method::POST,
            "/instruments",
            json!({"key": "trust-three", "name": "Trust, three ways", "items": [
                {"id": "t1", "text": "I can ask for help.", "dimension": "trust"},
                {"id": "t2", "text": "I can admit a mistake.", "dimension": "trust"},
                {"id": "t3", "text": "I can disagree.", "dimension": "trust"},
            ]}),
            201,
        )
        .await;
        let survey = id(&expect(
            lead,
            Method::POST,
            "/surveys",
            json!({"instrument": "trust-three", "team_id": org.team.id,
                   "closes_at": server.time_from_now(time::Duration::days(3))}),
            201,
        )
        .await);
        for (who, row) in org.members.iter().zip(KNOWN) {
            respond(
                who,
                survey,
                json!({"t1": row[0], "t2": row[1], "t3": row[2]}),
                None,
            )
            .await;
        }
        close(lead, survey).await;
        let shown = results(lead, survey).await;
        assert_shown(&shown, backend);
        let rows: Vec<[f64; 3]> = KNOWN
            .iter()
            .map(|r| [r[0] as f64, r[1] as f64, r[2] as f64])
            .collect();
        close_to(&shown["alpha"]["value"], cronbach(&rows), "alpha");
        assert_eq!(shown["alpha"]["complete_respondents"], 5, "{shown}");
        // The dimension's numbers are the respondents' scale scores (each one's mean).
        let scores: Vec<f64> = rows.iter().map(|r| r.iter().sum::<f64>() / 3.0).collect();
        let trust = dimension(&shown, "trust");
        assert_eq!(trust["n"], 5);
        close_to(&trust["mean"], mean(&scores), "trust mean");
        close_to(&trust["sd"], variance(&scores).sqrt(), "trust sd");
        close_to(&trust["alpha"]["value"], cronbach(&rows), "trust alpha");
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Every rejection.

/// An instrument file with an unterminated string on line 5.
const BROKEN_TOML: &str =
    "name = \"Broken\"\n\n[[items]]\ndimension = \"safe\"\ntext = \"I can ask\nid = \"q1\"\n";

#[tokio::test]
async fn every_rejection_is_a_clear_4xx_and_changes_nothing() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;
        let survey = run_pulse(&server, lead, &org.team).await;
        let path = format!("/surveys/{survey}/responses");
        let member = &org.members[0].api;

        respond(&org.members[0], survey, json!({"safe": 4}), None).await;
        let second = answer(
            member,
            Method::POST,
            &path,
            Some(json!({"answers": {"safe": 2}})),
        )
        .await;
        assert_status(&second, 409, &format!("{backend}: a second response"));

        let other = &org.members[1].api;
        for (case, body) in [
            ("off the scale", json!({"answers": {"safe": 6}})),
            (
                "below the scale",
                json!({"answers": {"safe": 0, "clear": 3}}),
            ),
            ("an unknown item", json!({"answers": {"nope": 3}})),
            ("an empty response", json!({"answers": {}})),
            (
                "an empty comment only",
                json!({"answers": {}, "comment": "  "}),
            ),
        ] {
            let got = answer(other, Method::POST, &path, Some(body)).await;
            assert_problem(&got, 422, "answers", &format!("{backend}: {case}"));
        }
        let unknown = answer(
            other,
            Method::POST,
            &path,
            Some(json!({"answers": {"safe": 3}, "mood": "fine"})),
        )
        .await;
        assert_status(&unknown, 400, &format!("{backend}: an unknown field"));
        let got = get_ok(lead, &format!("/surveys/{survey}")).await;
        assert_eq!(got["answered"], 1, "{backend}: nothing refused was taken");

        // Someone outside the audience: the survey does not exist for them.
        let outsider = &org.outsider.api;
        let got = answer(
            outsider,
            Method::POST,
            &path,
            Some(json!({"answers": {"safe": 3}})),
        )
        .await;
        assert_status(&got, 404, &format!("{backend}: an outsider answering"));
        for read in ["", "/results", "/results.csv", "/actions"] {
            let got = answer(
                outsider,
                Method::GET,
                &format!("/surveys/{survey}{read}"),
                None,
            )
            .await;
            assert_eq!(got.status, 404, "{backend}: an outsider reading {read:?}");
        }

        // After closing: a clash.
        close(lead, survey).await;
        let late = answer(
            other,
            Method::POST,
            &path,
            Some(json!({"answers": {"safe": 3}})),
        )
        .await;
        assert_status(&late, 409, &format!("{backend}: a response after closing"));

        // Instruments.
        let broken = answer(
            lead,
            Method::POST,
            "/instruments/import",
            Some(json!({ "toml": BROKEN_TOML })),
        )
        .await;
        assert_problem(&broken, 422, "file", &format!("{backend}: malformed TOML"));
        assert!(
            broken.text.contains("line 5"),
            "{backend}: the message names the line: {}",
            broken.text
        );
        let builtin = answer(
            lead,
            Method::POST,
            "/instruments",
            Some(json!({"key": "enps", "name": "Mine", "items": [{"text": "Hm?", "dimension": "x"}]})),
        )
        .await;
        assert_status(&builtin, 409, &format!("{backend}: a built-in's key"));
        let builtin = answer(
            lead,
            Method::POST,
            "/instruments/import",
            Some(json!({"toml": "key = \"four-stages\"\nname = \"Mine\"\n[[items]]\ntext = \"Hm?\"\ndimension = \"x\"\n"})),
        )
        .await;
        assert_status(
            &builtin,
            409,
            &format!("{backend}: a built-in's key, imported"),
        );

        let check = |text: &str| {
            json!({"key": "team-check", "name": "Team check",
                   "items": [{"id": "help", "text": text, "dimension": "trust"}]})
        };
        expect(
            lead,
            Method::POST,
            "/instruments",
            check("I can ask for help."),
            201,
        )
        .await;
        // Not asked yet: its author may still replace it.
        let replaced = expect(
            lead,
            Method::POST,
            "/instruments",
            check("I ask for help."),
            200,
        )
        .await;
        assert_eq!(replaced["items"][0]["text"], "I ask for help.");
        expect(
            lead,
            Method::POST,
            "/surveys",
            json!({"instrument": "team-check", "team_id": org.team.id,
                   "closes_at": server.time_from_now(time::Duration::days(2))}),
            201,
        )
        .await;
        let in_use = answer(
            lead,
            Method::POST,
            "/instruments",
            Some(check("Changed after the fact.")),
        )
        .await;
        assert_status(
            &in_use,
            409,
            &format!("{backend}: replacing an instrument in use"),
        );
        let delete = answer(lead, Method::DELETE, "/instruments/team-check", None).await;
        assert_status(
            &delete,
            409,
            &format!("{backend}: deleting an instrument in use"),
        );
        let still = get_ok(lead, "/instruments/team-check").await;
        assert_eq!(still["items"][0]["text"], "I ask for help.");

        let no_reports = answer(
            member,
            Method::POST,
            "/instruments",
            Some(json!({"key": "mine", "name": "Mine", "items": [{"text": "Hm?", "dimension": "x"}]})),
        )
        .await;
        assert_status(
            &no_reports,
            403,
            &format!("{backend}: a member adding an instrument"),
        );
        let no_reports = answer(
            member,
            Method::POST,
            "/instruments/import",
            Some(json!({"toml": "key = \"mine\"\nname = \"Mine\"\n[[items]]\ntext = \"Hm?\"\ndimension = \"x\"\n"})),
        )
        .await;
        assert_status(
            &no_reports,
            403,
            &format!("{backend}: a member importing one"),
        );

        // Surveys.
        let closes_at = server.time_from_now(time::Duration::days(2));
        let team_survey =
            json!({"instrument": PULSE, "team_id": org.team.id, "closes_at": closes_at});
        for (case, who) in [("a member", member), ("an admin", &org.admin.api)] {
            let got = answer(who, Method::POST, "/surveys", Some(team_survey.clone())).await;
            assert_status(
                &got,
                403,
                &format!("{backend}: {case} running the team's survey"),
            );
        }
        let organisation = json!({"instrument": PULSE, "team_id": null, "closes_at": closes_at});
        let got = answer(lead, Method::POST, "/surveys", Some(organisation.clone())).await;
        assert_status(
            &got,
            403,
            &format!("{backend}: a lead running the organisation's"),
        );
        for k in [2, 11] {
            let mut body = team_survey.clone();
            body["min_respondents"] = json!(k);
            let got = answer(lead, Method::POST, "/surveys", Some(body)).await;
            assert_problem(&got, 422, "min_respondents", &format!("{backend}: k = {k}"));
        }
        let small_lead = server
            .who(
                "small@example.com",
                "Sol Small",
                "member",
                Some(org.director.person.id),
            )
            .await;
        let mut few = Vec::new();
        for i in 0..K - 1 {
            few.push(
                server
                    .who(
                        &format!("few{i}@example.com"),
                        "Fay Few",
                        "member",
                        Some(small_lead.person.id),
                    )
                    .await,
            );
        }
        let mut in_team: Vec<&Who> = few.iter().collect();
        in_team.push(&small_lead);
        let small = server.team("Tiny", &small_lead, &in_team).await;
        let got = answer(
            &small_lead.api,
            Method::POST,
            "/surveys",
            Some(json!({"instrument": PULSE, "team_id": small.id, "closes_at": closes_at})),
        )
        .await;
        assert_problem(
            &got,
            422,
            "team_id",
            &format!("{backend}: an audience below k"),
        );
        let got = answer(
            lead,
            Method::POST,
            "/surveys",
            Some(json!({"instrument": PULSE, "team_id": org.team.id,
                        "opens_at": server.time_from_now(time::Duration::days(2)),
                        "closes_at": server.time_from_now(time::Duration::days(1))})),
        )
        .await;
        assert_problem(
            &got,
            422,
            "closes_at",
            &format!("{backend}: closing before opening"),
        );
        let got = answer(
            lead,
            Method::POST,
            "/surveys",
            Some(json!({"instrument": "no-such-thing", "team_id": org.team.id, "closes_at": closes_at})),
        )
        .await;
        assert_problem(
            &got,
            422,
            "instrument",
            &format!("{backend}: an unknown instrument"),
        );
        let mut unknown = team_survey.clone();
        unknown["audience"] = json!("everyone");
        let got = answer(lead, Method::POST, "/surveys", Some(unknown)).await;
        assert_status(&got, 400, &format!("{backend}: an unknown field"));
        // The organisation's survey is the admins'.
        expect(&org.admin.api, Method::POST, "/surveys", organisation, 201).await;
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Privacy.

/// Every read of the survey API a viewer has, by path: the list, the survey, its results (JSON
/// and CSV) and its actions. Those they may not make answer 403/404, and their bodies count too.
async fn every_read(api: &Api, survey: i64) -> Vec<(String, u16, String)> {
    let mut bodies = Vec::new();
    for path in [
        "/surveys".to_owned(),
        format!("/surveys/{survey}"),
        format!("/surveys/{survey}/results"),
        format!("/surveys/{survey}/results.csv"),
        format!("/surveys/{survey}/actions"),
    ] {
        let (status, text) = get_text(api, &path).await;
        bodies.push((path, status, text));
    }
    bodies
}

/// The CSV's rows, header first.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn with_k_minus_one_respondents_nothing_is_shown_through_any_door() {
    const MARKER: &str = "MARKER-k-minus-one";
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;
        let survey = run_pulse(&server, lead, &org.team).await;
        for (i, who) in org.members.iter().take(K - 1).enumerate() {
            respond(
                who,
                survey,
                json!({"safe": 1, "clear": 2, "motivated": 1}),
                Some(&format!("{MARKER}-{i}: please do not read this")),
            )
            .await;
        }
        close(lead, survey).await;
        // Shared, so the members read what there is to read.
        expect(
            lead,
            Method::POST,
            &format!("/surveys/{survey}/share"),
            json!({}),
            200,
        )
        .await;

        let viewers = [
            ("the lead", &org.lead),
            ("an admin", &org.admin),
            ("the manager above", &org.director),
            ("a member who answered", &org.members[0]),
            ("a member who did not", &org.members[5]),
        ];
        for (who, viewer) in viewers {
            let case = format!("{backend}, {who}");
            let shown = results(&viewer.api, survey).await;
            let reason = assert_hidden(&shown, &case);
            assert!(
                !reason.contains(&(K - 1).to_string()),
                "{case}: the reason does not give the count: {reason}"
            );

            let (status, csv) =
                get_text(&viewer.api, &format!("/surveys/{survey}/results.csv")).await;
            assert_eq!(status, 200, "{case}: {csv}");
            let rows = csv_rows(&csv);
            assert_eq!(
                rows.len(),
                2,
                "{case}: the header and one hidden row: {csv}"
            );
            assert_eq!(rows[0][0], "level", "{case}: {csv}");
            assert_eq!(rows[1][0], "hidden", "{case}: {csv}");
            assert_eq!(rows[1][4], "true", "{case}: {csv}");
            for (column, field) in rows[0].iter().zip(&rows[1]).skip(5) {
                assert!(
                    field.is_empty(),
                    "{case}: no {column} in a hidden row: {csv}"
                );
            }
            // No number in the CSV outside the reason (which says what k is).
            for (column, field) in rows[0].iter().zip(&rows[1]) {
                if column != "label" {
                    assert!(
                        !field.chars().any(|c| c.is_ascii_digit()),
                        "{case}: {column} = {field:?}"
                    );
                }
            }

            for (path, status, body) in every_read(&viewer.api, survey).await {
                assert_eq!(status, 200, "{case}: GET {path}: {body}");
                assert!(
                    !body.contains(MARKER),
                    "{case}: GET {path} shows a comment of fewer than k: {body}"
                );
                assert!(
                    !body.contains("\"mean\"") && !body.contains("\"distribution\""),
                    "{case}: GET {path} shows a statistic: {body}"
                );
            }
        }
        // And for the outsider, nothing at all.
        for (path, status, body) in every_read(&org.outsider.api, survey).await {
            assert!(!body.contains(MARKER), "{backend}: outsider, {path}");
            if path != "/surveys" {
                assert_eq!(status, 404, "{backend}: outsider, {path}");
            } else {
                let listed = serde_json::from_str::<Value>(&body).unwrap();
                assert!(listed["items"].as_array().unwrap().is_empty(), "{body}");
            }
        }
    }
}

#[tokio::test]
async fn results_are_hidden_while_open_even_for_the_creator_and_an_admin() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;
        let survey = run_pulse(&server, lead, &org.team).await;
        for who in &org.members {
            respond(
                who,
                survey,
                json!({"safe": 4, "clear": 5, "motivated": 3}),
                None,
            )
            .await;
        }
        for (who, api) in [("the creator", lead), ("an admin", &org.admin.api)] {
            let case = format!("{backend}, {who}, open");
            let reason = assert_hidden(&results(api, survey).await, &case);
            assert!(reason.contains("closes"), "{case}: {reason}");
            let (_, csv) = get_text(api, &format!("/surveys/{survey}/results.csv")).await;
            assert_eq!(csv_rows(&csv).len(), 2, "{case}: {csv}");
            let shown = get_ok(api, &format!("/surveys/{survey}")).await;
            assert_eq!(
                shown["answered"], 6,
                "{case}: the count, and only the count"
            );
        }
        // The window passes (no one closes it): shown.
        server.advance(time::Duration::days(3) + time::Duration::minutes(1));
        for (who, api) in [("the creator", lead), ("an admin", &org.admin.api)] {
            let shown = results(api, survey).await;
            assert_shown(&shown, &format!("{backend}, {who}, closed"));
            assert_eq!(shown["respondents"], 6);
            close_to(&item(&shown, "safe")["mean"], 4.0, "safe");
        }
    }
}

#[tokio::test]
async fn comments_and_items_below_k_are_hidden() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;

        // Five answer; four comment; one skips "motivated".
        let survey = run_pulse(&server, lead, &org.team).await;
        for (i, who) in org.members.iter().take(K).enumerate() {
            let answers = if i == 0 {
                json!({"safe": 4, "clear": 3})
            } else {
                json!({"safe": 4, "clear": 3, "motivated": 5})
            };
            let comment = format!("COMMENT-FEW-{i}");
            respond(who, survey, answers, (i > 0).then_some(comment.as_str())).await;
        }
        close(lead, survey).await;
        let shown = results(lead, survey).await;
        assert_shown(&shown, backend);
        let general = comments_of(&shown, "comment");
        assert_eq!(
            general["hidden"], true,
            "{backend}: four comments: {general}"
        );
        assert_eq!(general["comments"], json!([]));
        let text = shown.to_string();
        assert!(!text.contains("COMMENT-FEW"), "{backend}: {text}");
        let (_, csv) = get_text(lead, &format!("/surveys/{survey}/results.csv")).await;
        assert!(!csv.contains("COMMENT-FEW"), "{backend}: {csv}");

        // Four answered "motivated": no number of it, and its dimension is hidden too.
        let motivated = item(&shown, "motivated");
        assert_eq!(motivated["hidden"], true, "{backend}: {motivated}");
        for key in ["n", "mean", "sd", "distribution", "favorable_share"] {
            assert!(
                motivated[key].is_null(),
                "{backend}: motivated {key}: {motivated}"
            );
        }
        let d = dimension(&shown, "motivated");
        assert_eq!(d["hidden"], true, "{backend}: {d}");
        assert!(d["mean"].is_null() && d["n"].is_null(), "{backend}: {d}");
        assert!(
            d["scores"].is_null() || d["scores"] == json!([]),
            "{backend}: no scores of a hidden dimension: {d}"
        );
        let safe = item(&shown, "safe");
        assert_eq!(safe["hidden"], false);
        assert_eq!(safe["n"], 5);
        // The hidden item is in no aggregate: the overall favourable share counts only safe and
        // clear (5 of 10 answers favourable), alpha only their two columns.
        close_to(
            &shown["overall"]["favorable_share"],
            0.5,
            "overall favourable",
        );
        let csv_rows = csv_rows(&csv);
        let motivated_row = csv_rows
            .iter()
            .find(|r| r[0] == "item" && r[1] == "motivated")
            .unwrap_or_else(|| panic!("{csv}"));
        assert_eq!(motivated_row[4], "true");
        assert!(motivated_row[5..].iter().all(String::is_empty), "{csv}");

        // Next: five comments are shown, all of them.
        server.advance(time::Duration::hours(1));
        let survey = run_pulse(&server, lead, &org.team).await;
        let mut written = BTreeSet::new();
        for (i, who) in org.members.iter().take(K).enumerate() {
            let comment = format!("COMMENT-MANY-{i}");
            respond(who, survey, json!({"safe": 4}), Some(&comment)).await;
            written.insert(comment);
        }
        close(lead, survey).await;
        let shown = results(lead, survey).await;
        let general = comments_of(&shown, "comment");
        assert_eq!(general["hidden"], false, "{backend}: {general}");
        let read: BTreeSet<String> = general["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(read, written, "{backend}");
    }
}

/// A team with a sub-team, for breakdowns:
///
/// ```text
///   lead ─┬─ a0 … a4          (Platform: the lead and a0 … a4)
///         └─ sub ── b0 … b3   (Sub: sub and b0 … b3)
/// ```
struct Split {
    lead: Who,
    top: Vec<Who>,
    sub: Vec<Who>,
    team: Team,
    sub_team: Team,
}

async fn split(server: &Server) -> Split {
    let lead = server
        .who("lead@example.com", "Lee Lead", "member", None)
        .await;
    let mut top = Vec::new();
    for i in 0..K {
        top.push(
            server
                .who(
                    &format!("a{i}@example.com"),
                    "Ari Top",
                    "member",
                    Some(lead.person.id),
                )
                .await,
        );
    }
    let sub_lead = server
        .who("sub@example.com", "Sue Sub", "member", Some(lead.person.id))
        .await;
    let mut sub = Vec::new();
    for i in 0..K - 1 {
        sub.push(
            server
                .who(
                    &format!("b{i}@example.com"),
                    "Bo Sub",
                    "member",
                    Some(sub_lead.person.id),
                )
                .await,
        );
    }
    let mut in_top: Vec<&Who> = top.iter().collect();
    in_top.push(&lead);
    let team = server.team("Platform", &lead, &in_top).await;
    let mut in_sub: Vec<&Who> = sub.iter().collect();
    in_sub.push(&sub_lead);
    let sub_team = server.team("Sub", &sub_lead, &in_sub).await;
    sub.insert(0, sub_lead);
    Split {
        lead,
        top,
        sub,
        team,
        sub_team,
    }
}

#[tokio::test]
async fn a_breakdown_whose_complement_is_below_k_is_hidden() {
    for server in every_backend().await {
        let backend = server.backend;
        let split = split(&server).await;
        let lead = &split.lead.api;
        let body = || {
            json!({"instrument": PULSE, "team_id": split.team.id, "include_sub_teams": true,
                   "closes_at": server.time_from_now(time::Duration::days(2))})
        };

        // All five of Platform answer, three of Sub: showing Platform's row would give Sub's
        // three by subtraction from the whole.
        let survey = id(&expect(lead, Method::POST, "/surveys", body(), 201).await);
        let asked = get_ok(lead, &format!("/surveys/{survey}")).await;
        assert_eq!(
            asked["audience"], 10,
            "{backend}: both teams, the lead left out"
        );
        for who in &split.top {
            respond(
                who,
                survey,
                json!({"safe": 5, "clear": 5, "motivated": 5}),
                None,
            )
            .await;
        }
        for who in split.sub.iter().take(3) {
            respond(
                who,
                survey,
                json!({"safe": 2, "clear": 2, "motivated": 2}),
                None,
            )
            .await;
        }
        close(lead, survey).await;
        let shown = results(lead, survey).await;
        assert_shown(&shown, backend);
        assert_eq!(shown["respondents"], 8);
        let rows = shown["breakdowns"].as_array().unwrap();
        let teams: BTreeSet<i64> = rows.iter().filter_map(|r| r["team_id"].as_i64()).collect();
        assert_eq!(
            teams,
            BTreeSet::from([split.team.id.0, split.sub_team.id.0]),
            "{backend}: a row per team: {shown}"
        );
        for row in rows {
            assert_eq!(row["hidden"], true, "{backend}: {row}");
            assert!(row["respondents"].is_null(), "{backend}: {row}");
            for cell in row["cells"].as_array().unwrap() {
                assert_eq!(cell["hidden"], true, "{backend}: {cell}");
                for key in ["n", "mean", "favorable_share"] {
                    assert!(cell[key].is_null(), "{backend}: {key} in {cell}");
                }
            }
        }
        let (_, csv) = get_text(lead, &format!("/surveys/{survey}/results.csv")).await;
        for row in csv_rows(&csv).iter().filter(|r| r[0] == "team") {
            assert_eq!(row[4], "true", "{backend}: {csv}");
            assert!(row[5..].iter().all(String::is_empty), "{backend}: {csv}");
        }

        // Both at five: both rows, cell by cell.
        server.advance(time::Duration::hours(1));
        let survey = id(&expect(lead, Method::POST, "/surveys", body(), 201).await);
        for who in &split.top {
            respond(who, survey, json!({"safe": 5, "clear": 4}), None).await;
        }
        for who in &split.sub {
            respond(who, survey, json!({"safe": 2, "clear": 1}), None).await;
        }
        close(lead, survey).await;
        let shown = results(lead, survey).await;
        let rows = shown["breakdowns"].as_array().unwrap();
        let row = |team: &Team| {
            rows.iter()
                .find(|r| r["team_id"] == team.id.0)
                .unwrap_or_else(|| panic!("{backend}: no row for {}: {shown}", team.name))
        };
        for (team, safe) in [(&split.team, 5.0), (&split.sub_team, 2.0)] {
            let r = row(team);
            assert_eq!(r["hidden"], false, "{backend}: {r}");
            assert_eq!(r["respondents"], 5, "{backend}: {r}");
            let cell = r["cells"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["dimension"] == "safe")
                .unwrap();
            assert_eq!(cell["hidden"], false, "{backend}: {cell}");
            assert_eq!(cell["n"], 5);
            close_to(
                &cell["mean"],
                safe,
                &format!("{backend}: {} safe", team.name),
            );
            // Nobody answered "motivated": that column is hidden in every row.
            let motivated = r["cells"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["dimension"] == "motivated")
                .unwrap();
            assert!(motivated["mean"].is_null(), "{backend}: {motivated}");
        }
    }
}

#[tokio::test]
async fn the_audience_reads_results_once_shared_and_others_never() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;
        let survey = run_pulse(&server, lead, &org.team).await;
        for who in org.members.iter().take(K) {
            respond(
                who,
                survey,
                json!({"safe": 3, "clear": 4, "motivated": 5}),
                None,
            )
            .await;
        }
        close(lead, survey).await;
        let path = format!("/surveys/{survey}/results");
        let readers = [&org.members[0].api, &org.members[5].api];
        for member in readers {
            let got = answer(member, Method::GET, &path, None).await;
            assert_status(&got, 403, &format!("{backend}: a member before sharing"));
            let got = answer(member, Method::GET, &format!("{path}.csv"), None).await;
            assert_eq!(got.status, 403, "{backend}: the CSV before sharing");
            let seen = get_ok(member, &format!("/surveys/{survey}")).await;
            assert_eq!(seen["may_read_results"], false, "{backend}: {seen}");
        }
        let outsider = &org.outsider.api;
        assert_eq!(answer(outsider, Method::GET, &path, None).await.status, 404);
        let refused = answer(
            &org.members[0].api,
            Method::POST,
            &format!("/surveys/{survey}/share"),
            Some(json!({})),
        )
        .await;
        assert_status(&refused, 403, &format!("{backend}: a member sharing"));

        let shared = expect(
            lead,
            Method::POST,
            &format!("/surveys/{survey}/share"),
            json!({}),
            200,
        )
        .await;
        assert_eq!(shared["shared"], true, "{shared}");
        for member in readers {
            let shown = results(member, survey).await;
            assert_shown(&shown, &format!("{backend}: a member after sharing"));
            assert_eq!(shown["respondents"], 5);
        }
        for read in ["", "/results", "/results.csv"] {
            let got = answer(
                outsider,
                Method::GET,
                &format!("/surveys/{survey}{read}"),
                None,
            )
            .await;
            assert_eq!(
                got.status, 404,
                "{backend}: an outsider after sharing, {read:?}"
            );
        }
        expect(
            lead,
            Method::POST,
            &format!("/surveys/{survey}/unshare"),
            json!({}),
            200,
        )
        .await;
        let got = answer(&org.members[0].api, Method::GET, &path, None).await;
        assert_eq!(got.status, 403, "{backend}: taken back");
    }
}

#[tokio::test]
async fn two_overlapping_surveys_are_not_shown_side_by_side() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;
        let first = run_pulse(&server, lead, &org.team).await;
        let second = run_pulse(&server, &org.director.api, &org.team).await;
        // Six answer the first, five the second: the two side by side tell about one person.
        for who in &org.members {
            respond(
                who,
                first,
                json!({"safe": 5, "clear": 5, "motivated": 5}),
                None,
            )
            .await;
        }
        for who in org.members.iter().take(K) {
            respond(
                who,
                second,
                json!({"safe": 4, "clear": 4, "motivated": 4}),
                None,
            )
            .await;
        }
        server.advance(time::Duration::hours(1));
        close(lead, first).await;
        close(lead, second).await;
        for survey in [first, second] {
            for api in [lead, &org.admin.api] {
                let reason = assert_hidden(&results(api, survey).await, backend);
                assert!(
                    reason.to_lowercase().contains("another survey"),
                    "{backend}: the reason says another survey is why: {reason}"
                );
            }
        }

        // A later survey whose window does not overlap stands on its own.
        server.advance(time::Duration::hours(1));
        let third = run_pulse(&server, lead, &org.team).await;
        for who in org.members.iter().take(K) {
            respond(who, third, json!({"safe": 3}), None).await;
        }
        close(lead, third).await;
        assert_shown(&results(lead, third).await, backend);
    }
}

/// Every key anywhere in the body.
fn all_keys(value: &Value, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                into.insert(key.clone());
                all_keys(inner, into);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_keys(v, into)),
        _ => {}
    }
}

#[tokio::test]
async fn who_answered_is_a_count_never_a_name() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;
        let survey = run_pulse(&server, lead, &org.team).await;
        let answered = &org.members[..K];
        for who in answered {
            respond(
                who,
                survey,
                json!({"safe": 4, "clear": 4, "motivated": 4}),
                Some("Fine"),
            )
            .await;
        }
        let shown = get_ok(lead, &format!("/surveys/{survey}")).await;
        assert_eq!(shown["answered"], K, "{backend}: {shown}");
        assert_eq!(shown["audience"], 6);
        assert_eq!(
            shown["created_by"], org.lead.person.id.0,
            "the one person named"
        );
        // Reminding reminds, and says nothing of who.
        let reminded = expect(
            lead,
            Method::POST,
            &format!("/surveys/{survey}/remind"),
            json!({}),
            200,
        )
        .await;
        assert!(reminded["reminded_at"].is_string(), "{reminded}");
        close(lead, survey).await;

        for viewer in [&org.lead, &org.admin, &org.director] {
            for (path, status, body) in every_read(&viewer.api, survey).await {
                assert_eq!(status, 200, "{backend}: {path}: {body}");
                for who in answered.iter().chain(&org.members[K..]) {
                    assert!(
                        !body.contains(who.person.email.as_str())
                            && !body.contains(who.person.name.as_str()),
                        "{backend}: GET {path} names {}: {body}",
                        who.person.name
                    );
                }
                if let Ok(json) = serde_json::from_str::<Value>(&body) {
                    let mut found = BTreeSet::new();
                    all_keys(&json, &mut found);
                    for suspicious in [
                        "respondent_ids",
                        "participants",
                        "people",
                        "person_id",
                        "email",
                        "answered_by",
                    ] {
                        assert!(
                            !found.contains(suspicious),
                            "{backend}: GET {path} has {suspicious}"
                        );
                    }
                }
            }
        }
        // A member learns only whether they themselves answered.
        let mine = get_ok(&org.members[0].api, &format!("/surveys/{survey}")).await;
        assert_eq!(mine["you_answered"], true);
        let theirs = get_ok(&org.members[5].api, &format!("/surveys/{survey}")).await;
        assert_eq!(theirs["you_answered"], false);
    }
}

// ---------------------------------------------------------------------------------------------
// 4. The organisation's k.

#[tokio::test]
async fn the_organisation_sets_k_between_three_and_ten() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 7).await;
        let admin = &org.admin.api;
        let member = &org.members[0].api;
        assert_eq!(
            get_ok(admin, "/survey-settings").await,
            json!({"min_respondents": 5})
        );
        assert_eq!(
            get_ok(member, "/survey-settings").await,
            json!({"min_respondents": 5})
        );
        let got = answer(
            member,
            Method::PATCH,
            "/survey-settings",
            Some(json!({"min_respondents": 6})),
        )
        .await;
        assert_status(&got, 403, &format!("{backend}: a member setting k"));
        let got = answer(
            &org.lead.api,
            Method::PATCH,
            "/survey-settings",
            Some(json!({"min_respondents": 6})),
        )
        .await;
        assert_status(&got, 403, &format!("{backend}: a lead setting k"));
        for k in [2, 11] {
            let got = answer(
                admin,
                Method::PATCH,
                "/survey-settings",
                Some(json!({"min_respondents": k})),
            )
            .await;
            assert_problem(&got, 422, "min_respondents", &format!("{backend}: k = {k}"));
        }
        assert_eq!(
            get_ok(admin, "/survey-settings").await["min_respondents"],
            5
        );
        let set = expect(
            admin,
            Method::PATCH,
            "/survey-settings",
            json!({"min_respondents": 6}),
            200,
        )
        .await;
        assert_eq!(set, json!({"min_respondents": 6}));
        assert_eq!(
            get_ok(member, "/survey-settings").await["min_respondents"],
            6
        );

        // A survey asks for at least the organisation's k, and gets it by default.
        let lead = &org.lead.api;
        let closes_at = server.time_from_now(time::Duration::days(2));
        let got = answer(
            lead,
            Method::POST,
            "/surveys",
            Some(json!({"instrument": PULSE, "team_id": org.team.id, "closes_at": closes_at, "min_respondents": 5})),
        )
        .await;
        assert_problem(
            &got,
            422,
            "min_respondents",
            &format!("{backend}: below the organisation's"),
        );
        let made = expect(
            lead,
            Method::POST,
            "/surveys",
            json!({"instrument": PULSE, "team_id": org.team.id, "closes_at": closes_at}),
            201,
        )
        .await;
        assert_eq!(made["min_respondents"], 6);
        let made = expect(
            lead,
            Method::POST,
            "/surveys",
            json!({"instrument": PULSE, "team_id": org.team.id, "closes_at": closes_at, "min_respondents": 7}),
            201,
        )
        .await;
        assert_eq!(made["min_respondents"], 7);
        // Its k holds: five answers of seven do not show.
        let survey = id(&made);
        for who in org.members.iter().take(6) {
            respond(who, survey, json!({"safe": 4}), None).await;
        }
        close(lead, survey).await;
        let reason = assert_hidden(&results(lead, survey).await, backend);
        assert!(reason.contains('7'), "{backend}: {reason}");
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Recurrence and 6. closing the loop.

/// The survey of `series` whose wave is `wave`, from the viewer's list.
async fn wave(api: &Api, series: i64, wave: i64) -> Option<Value> {
    let page = get_ok(api, "/surveys").await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["series_id"] == series && s["wave"] == wave)
        .cloned()
}

#[tokio::test]
async fn a_weekly_survey_runs_again_in_waves() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;
        let opened = server.now();
        let first = expect(
            lead,
            Method::POST,
            "/surveys",
            json!({"instrument": PULSE, "team_id": org.team.id, "recurrence": "weekly",
                   "closes_at": server.time_from_now(time::Duration::days(2))}),
            201,
        )
        .await;
        let series = id(&first);
        assert_eq!(first["series_id"], series, "{backend}: {first}");
        assert_eq!(
            (first["wave"].as_i64(), first["recurrence"].as_str()),
            (Some(1), Some("weekly"))
        );
        assert!(
            wave(lead, series, 2).await.is_none(),
            "{backend}: no wave 2 while open"
        );

        server.advance(time::Duration::days(3));
        let second = wave(lead, series, 2)
            .await
            .unwrap_or_else(|| panic!("{backend}: wave 2 comes once wave 1 has passed"));
        assert_ne!(id(&second), series);
        assert_eq!(second["status"], "scheduled", "{second}");
        assert_eq!(
            second["opens_at"],
            (opened + time::Duration::weeks(1)).rfc3339()
        );
        assert_eq!(
            second["closes_at"],
            (opened + time::Duration::days(9)).rfc3339()
        );
        // The audience sees it too; and it comes once however often it is asked.
        let seen = wave(&org.members[0].api, series, 2)
            .await
            .expect("the member's list");
        assert_eq!(id(&seen), id(&second));
        let page = get_ok(lead, "/surveys").await;
        let waves = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["series_id"] == series)
            .count();
        assert_eq!(waves, 2, "{backend}: {page}");

        let got = answer(
            lead,
            Method::POST,
            "/surveys",
            Some(
                json!({"instrument": PULSE, "team_id": org.team.id, "pool_waves": 2,
                        "closes_at": server.time_from_now(time::Duration::days(2))}),
            ),
        )
        .await;
        assert_problem(
            &got,
            422,
            "pool_waves",
            &format!("{backend}: pooling a single survey"),
        );
        let got = answer(
            lead,
            Method::POST,
            "/surveys",
            Some(
                json!({"instrument": PULSE, "team_id": org.team.id, "recurrence": "daily",
                        "closes_at": server.time_from_now(time::Duration::days(2))}),
            ),
        )
        .await;
        assert_problem(
            &got,
            422,
            "recurrence",
            &format!("{backend}: an unknown recurrence"),
        );
    }
}

#[tokio::test]
async fn actions_close_the_loop_into_the_next_wave() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;
        let first = id(&expect(
            lead,
            Method::POST,
            "/surveys",
            json!({"instrument": PULSE, "team_id": org.team.id, "recurrence": "weekly",
                   "closes_at": server.time_from_now(time::Duration::days(2))}),
            201,
        )
        .await);
        for (who, safe) in org.members.iter().zip([1, 2, 2, 3, 2]) {
            respond(
                who,
                first,
                json!({"safe": safe, "clear": 4, "motivated": 3}),
                None,
            )
            .await;
        }
        server.advance(time::Duration::days(2) + time::Duration::hours(1));
        assert_shown(&results(lead, first).await, backend);

        let actions = format!("/surveys/{first}/actions");
        let recorded = expect(
            lead,
            Method::POST,
            &actions,
            json!({"kind": "experiment", "dimension": "safe", "body": "Open each retro with what went wrong"}),
            201,
        )
        .await;
        assert_eq!(recorded["kind"], "experiment");
        assert_eq!(recorded["dimension"], "safe");
        assert_eq!(recorded["survey_id"], first);
        let action = id(&recorded);
        let got = answer(
            &org.members[0].api,
            Method::POST,
            &actions,
            Some(json!({"body": "Something else"})),
        )
        .await;
        assert_status(
            &got,
            403,
            &format!("{backend}: a member recording an action"),
        );
        let got = answer(
            &org.outsider.api,
            Method::POST,
            &actions,
            Some(json!({"body": "Hm"})),
        )
        .await;
        assert_status(
            &got,
            404,
            &format!("{backend}: an outsider recording an action"),
        );
        let got = answer(lead, Method::POST, &actions, Some(json!({"body": "  "}))).await;
        assert_problem(&got, 422, "body", &format!("{backend}: an empty action"));
        let got = answer(
            lead,
            Method::POST,
            &actions,
            Some(json!({"body": "Hm", "dimension": "joy"})),
        )
        .await;
        assert_problem(
            &got,
            422,
            "dimension",
            &format!("{backend}: an unknown dimension"),
        );

        let shown = results(lead, first).await;
        let listed: Vec<i64> = shown["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect();
        assert_eq!(listed, [action], "{backend}: {shown}");
        let page = get_ok(lead, &actions).await;
        assert_eq!(
            page["items"][0]["body"],
            "Open each retro with what went wrong"
        );

        // Wave 2 opens a week after wave 1 did; five answer; it closes.
        server.advance(time::Duration::days(5));
        let second = wave(lead, first, 2).await.expect("wave 2");
        assert_eq!(second["status"], "open", "{backend}: {second}");
        let second = id(&second);
        for (who, safe) in org.members.iter().zip([4, 3, 4, 5, 4]) {
            respond(
                who,
                second,
                json!({"safe": safe, "clear": 4, "motivated": 3}),
                None,
            )
            .await;
        }
        server.advance(time::Duration::days(2));
        let shown = results(lead, second).await;
        assert_shown(&shown, backend);
        let previous: Vec<i64> = shown["previous_actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect();
        assert_eq!(previous, [action], "{backend}: you said, we did: {shown}");
        assert!(shown["actions"].as_array().unwrap().is_empty());
        let change = shown["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["dimension"] == "safe")
            .unwrap_or_else(|| panic!("{backend}: the change in safe: {shown}"));
        close_to(&change["mean_difference"], 2.0, "safe, wave 1 to wave 2");
        assert_eq!(shown["trend"].as_array().unwrap().len(), 2, "{shown}");

        // The team sees what was said once the results are shared with it.
        expect(
            lead,
            Method::POST,
            &format!("/surveys/{second}/share"),
            json!({}),
            200,
        )
        .await;
        let theirs = results(&org.members[0].api, second).await;
        assert_eq!(
            theirs["previous_actions"][0]["body"],
            "Open each retro with what went wrong"
        );
        // Wave 1's numbers were not shared: the member's trend and change hold this wave only.
        assert_eq!(theirs["trend"].as_array().unwrap().len(), 1, "{theirs}");
        assert!(theirs["changes"].as_array().unwrap().is_empty(), "{theirs}");

        // The action is the lead's to remove.
        let got = answer(
            &org.members[0].api,
            Method::DELETE,
            &format!("/survey-actions/{action}"),
            None,
        )
        .await;
        // Wave 1's results were not shared with the team: to a member, the action is not there.
        assert_status(
            &got,
            404,
            &format!("{backend}: a member removing an action"),
        );
        let got = answer(
            &org.admin.api,
            Method::DELETE,
            &format!("/survey-actions/{action}"),
            None,
        )
        .await;
        assert_status(
            &got,
            403,
            &format!("{backend}: an admin removing an action"),
        );
        let got = answer(
            lead,
            Method::DELETE,
            &format!("/survey-actions/{action}"),
            None,
        )
        .await;
        assert_eq!(got.status, 204, "{backend}: {}", got.text);
        assert!(
            results(lead, first).await["actions"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
}

/// A survey whose window runs out is sealed by the housekeeping every server process runs, read
/// or not: its results are stored and its answers carry new keys.
#[tokio::test]
async fn housekeeping_seals_a_survey_once_its_window_has_passed() {
    for server in every_backend().await {
        let org = org(&server, 6).await;
        let survey = run_pulse(&server, &org.lead.api, &org.team).await;
        for member in &org.members[..5] {
            respond(
                member,
                survey,
                json!({"safe": 4, "clear": 3, "motivated": 5}),
                None,
            )
            .await;
        }
        let id = tend_domain::survey::SurveyId(survey);
        let before = server
            .store
            .table_rows_for_tests("survey_responses")
            .await
            .unwrap();
        server.advance(time::Duration::days(4));
        let app = tend_app::App::new(server.store.clone(), &server.url);
        assert!(
            server
                .store
                .survey(id)
                .await
                .unwrap()
                .unwrap()
                .results
                .is_none()
        );
        app.housekeeping().await.expect("housekeeping");
        let sealed = server.store.survey(id).await.unwrap().unwrap();
        assert!(
            sealed.results.is_some(),
            "{}: sealed without a reader",
            server.backend
        );
        assert_eq!(sealed.answered, 5);
        let after = server
            .store
            .table_rows_for_tests("survey_responses")
            .await
            .unwrap();
        assert_eq!(before.len(), after.len());
        for row in &after {
            assert!(
                !before.contains(row),
                "{}: a response kept its key through sealing",
                server.backend
            );
        }
    }
}

/// Input no database should meet: a NUL in any text (PostgreSQL refuses it) and a time past the
/// year 9999 in UTC are a 422, never a 500.
#[tokio::test]
async fn control_characters_and_impossible_times_are_refused_not_stored() {
    for server in every_backend().await {
        let backend = server.backend;
        let org = org(&server, 6).await;
        let lead = &org.lead.api;
        let got = answer(
            lead,
            Method::POST,
            "/surveys",
            Some(json!({"instrument": PULSE, "team_id": org.team.id,
                        "closes_at": "9999-12-31T23:59:59-01:00"})),
        )
        .await;
        assert_problem(&got, 422, "closes_at", &format!("{backend}: year 10000"));
        let got = answer(
            lead,
            Method::POST,
            "/instruments",
            Some(json!({"name": "Bad\u{0}name", "items": [{"text": "Fine", "dimension": "d"}]})),
        )
        .await;
        assert_problem(&got, 422, "name", &format!("{backend}: NUL in a name"));
        let got = answer(
            lead,
            Method::POST,
            "/instruments",
            Some(json!({"name": "Fine", "items": [{"text": "Bad\u{0}item", "dimension": "d"}]})),
        )
        .await;
        assert_problem(&got, 422, "items", &format!("{backend}: NUL in an item"));
        let survey = run_pulse(&server, lead, &org.team).await;
        let got = answer(
            &org.members[0].api,
            Method::POST,
            &format!("/surveys/{survey}/responses"),
            Some(json!({"answers": {"safe": 4}, "comment": "nul\u{0}here"})),
        )
        .await;
        assert_problem(
            &got,
            422,
            "comment",
            &format!("{backend}: NUL in a comment"),
        );
        let got = answer(
            lead,
            Method::POST,
            &format!("/surveys/{survey}/actions"),
            Some(json!({"body": "nul\u{0}here"})),
        )
        .await;
        assert_problem(&got, 422, "body", &format!("{backend}: NUL in an action"));
        // Nothing of it was stored: the member can still answer.
        respond(&org.members[0], survey, json!({"safe": 4}), Some("fine")).await;
    }
}
