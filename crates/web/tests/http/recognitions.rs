//! Recognition over HTTP (issue 8): the API contract as clients rely on it (giving, the feed with
//! its filters and cursor paging, one recognition, a person's timeline, reactions, editing within
//! fifteen minutes and not after); bad input answered with a 4xx naming the field and nothing
//! given, and the daily cap answered with 429, a sentence and `Retry-After`; visibility through
//! every door (feed with any filter, by id, timelines, pages) for the giver, a recipient, a
//! teammate, the team's lead, an outsider and an admin, on SQLite and PostgreSQL, including what
//! an admin hides; and the breadth maths through the use cases.
//!
//! Tests that need time to pass run on a server whose clock the test moves by hand
//! ([`ClockedServer`]); the visibility test runs on the kit's [`TestServer`] on every backend.

use std::collections::BTreeSet;
use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};
use tend_app::secrets::{API_TOKEN_PREFIX, hash_token, new_token};
use tend_domain::access::Viewer;
use tend_domain::person::{Person, PersonDraft, PersonInput};
use tend_domain::team::TeamDraft;
use tend_domain::timestamp::{ManualClock, Timestamp};
use tend_domain::{PersonId, TeamId};
use tend_store::testing::sqlite_url_in;
use tend_store::{NewPerson, Store};

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

/// A real server over a fresh SQLite database whose clock stands still until the test moves it.
struct ClockedServer {
    url: String,
    store: Store,
    clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

impl ClockedServer {
    async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = Arc::new(ManualClock::new(Timestamp::truncating(
            time::OffsetDateTime::now_utc(),
        )));
        let store = Store::connect_with_clock(&sqlite_url_in(dir.path()), clock.clone())
            .await
            .expect("open SQLite");
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
            _dir: dir,
        }
    }

    fn now(&self) -> Timestamp {
        self.store.now()
    }

    fn advance(&self, by: time::Duration) {
        self.clock.advance(by);
    }

    /// A person (API access only: no password).
    async fn person(
        &self,
        email: &str,
        name: &str,
        role: &str,
        manager_id: Option<PersonId>,
    ) -> Person {
        let draft = PersonDraft::parse(PersonInput {
            email,
            name,
            role,
            manager_id,
        })
        .unwrap();
        self.store
            .create_person(NewPerson::from(draft), None)
            .await
            .unwrap()
    }

    /// An API client holding a fresh personal token of `person`.
    async fn api_for(&self, person: &Person) -> Api {
        let token = new_token(API_TOKEN_PREFIX);
        self.store
            .create_api_token(person.id, "test", &hash_token(&token))
            .await
            .unwrap();
        Api {
            client: reqwest::Client::new(),
            base: format!("{}/api/v1", self.url),
            token,
        }
    }
}

async fn api_of(server: &TestServer, person: &Person) -> Api {
    server.api(&server.token(person).await)
}

fn id(value: &Value) -> i64 {
    value["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no numeric id in {value}"))
}

/// A whole API answer, with its content type and `Retry-After`, for checking error responses.
struct Answer {
    status: u16,
    content_type: String,
    retry_after: Option<String>,
    body: Value,
}

async fn answer(api: &Api, method: Method, path: &str, body: Option<Value>) -> Answer {
    let mut request = api.request(method, path);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let content_type = header("content-type").unwrap_or_default();
    let retry_after = header("retry-after");
    let (status, body) = crate::kit::json(response).await;
    Answer {
        status,
        content_type,
        retry_after,
        body,
    }
}

/// Gives a recognition and insists it was given; returns its JSON.
async fn give(api: &Api, body: Value) -> Value {
    let (status, given) = api.send(Method::POST, "/recognitions", body.clone()).await;
    assert_eq!(status, 201, "giving {body}: {given}");
    given
}

/// A recognition body: `celebrates` effort unless the test needs otherwise.
fn recognition(recipients: &[&Person], message: &str, visibility: &str) -> Value {
    json!({
        "recipients": recipients.iter().map(|p| p.id.0).collect::<Vec<_>>(),
        "message": message,
        "celebrates": "effort",
        "visibility": visibility,
    })
}

/// The ids of a feed page's items, in order.
fn ids_of(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {page}"))
        .iter()
        .map(id)
        .collect()
}

/// The ids a list shows, after asserting it answered 200 on one page.
async fn listed(api: &Api, path: &str) -> Vec<i64> {
    let (status, page) = api.get(path).await;
    assert_eq!(status, 200, "{path}: {page}");
    ids_of(&page)
}

/// Every id a list shows, page by page of `limit`, following `next_cursor` to the end.
async fn walk(api: &Api, path: &str, limit: u32) -> Vec<i64> {
    let join = if path.contains('?') { '&' } else { '?' };
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let page_path = match &cursor {
            Some(c) => format!("{path}{join}limit={limit}&cursor={c}"),
            None => format!("{path}{join}limit={limit}"),
        };
        let (status, page) = api.get(&page_path).await;
        assert_eq!(status, 200, "{page_path}: {page}");
        let items = ids_of(&page);
        assert!(
            items.len() <= limit as usize,
            "{page_path}: too many in {page}"
        );
        all.extend(items);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => {
                assert!(page["next_cursor"].is_null(), "{page_path}: {page}");
                return all;
            }
        }
    }
    panic!("{path}: the cursor never ended");
}

/// A 422 problem+json whose `errors` name `field`.
fn assert_names_field(answer: &Answer, field: &str, case: &str) {
    assert_eq!(answer.status, 422, "{case}: {}", answer.body);
    assert_eq!(answer.content_type, "application/problem+json", "{case}");
    let named: Vec<&str> = answer.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{case}: no errors list in {}", answer.body))
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(named.contains(&field), "{case}: {field} not in {named:?}");
}

/// A 400 problem+json naming the query parameter `field`.
fn assert_bad_parameter(answer: &Answer, field: &str, case: &str) {
    assert_eq!(answer.status, 400, "{case}: {}", answer.body);
    assert_eq!(answer.content_type, "application/problem+json", "{case}");
    assert!(
        answer.body.to_string().contains(field),
        "{case}: {field} not named in {}",
        answer.body
    );
}

// ---------------------------------------------------------------------------------------------
// The contract.

#[tokio::test]
async fn the_api_keeps_its_contract_for_giving_listing_reacting_and_editing() {
    let server = ClockedServer::start().await;
    let giver = server
        .person("giver@example.com", "Gia Giver", "member", None)
        .await;
    let first = server
        .person("first@example.com", "Fay First", "member", None)
        .await;
    let second = server
        .person("second@example.com", "Sam Second", "member", None)
        .await;
    let outsider = server
        .person("outsider@example.com", "Otto Outsider", "member", None)
        .await;
    let team = server
        .store
        .create_team(
            &TeamDraft::parse("Platform", "Keeps the lights on", None).unwrap(),
            &[first.id],
        )
        .await
        .unwrap();
    server
        .store
        .add_recognition_value("Own the outcome")
        .await
        .unwrap();
    let giver_api = server.api_for(&giver).await;
    let first_api = server.api_for(&first).await;
    let second_api = server.api_for(&second).await;
    let outsider_api = server.api_for(&outsider).await;

    // Giving: 201 with the documented fields; recipients in the order given, each once.
    let started = server.now();
    let one = give(
        &giver_api,
        json!({
            "recipients": [second.id.0, first.id.0, second.id.0],
            "message": "Kept the **migration** going through the outage",
            "celebrates": "effort",
            "visibility": "public",
            "value": "Own the outcome",
        }),
    )
    .await;
    assert_eq!(one["giver_id"], json!(giver.id.0), "{one}");
    assert_eq!(one["recipients"], json!([second.id.0, first.id.0]), "{one}");
    assert_eq!(
        one["message"], "Kept the **migration** going through the outage",
        "Markdown kept verbatim"
    );
    assert_eq!(one["celebrates"], "effort");
    assert_eq!(one["visibility"], "public");
    assert_eq!(one["value"], "Own the outcome");
    assert_eq!(one["created_at"], json!(started.rfc3339()));
    assert_eq!(one["hidden"], false);
    assert_eq!(one["reactions"], json!([]));
    let one_id = id(&one);

    server.advance(time::Duration::minutes(30));
    let two_id = id(&give(
        &giver_api,
        json!({"recipients": [second.id.0], "message": "Steady progress on the docs",
               "celebrates": "progress", "visibility": "team"}),
    )
    .await);
    server.advance(time::Duration::minutes(30));
    let three_id = id(&give(
        &giver_api,
        json!({"recipients": [first.id.0], "message": "The launch landed",
               "celebrates": "outcome", "visibility": "private"}),
    )
    .await);
    let four_id = id(&give(
        &first_api,
        json!({"recipients": [giver.id.0], "message": "Thanks for the reviews",
               "celebrates": "effort", "visibility": "public"}),
    )
    .await);
    let everything = vec![four_id, three_id, two_id, one_id];

    // The feed: newest first, no further page.
    let (status, feed) = giver_api.get("/recognitions").await;
    assert_eq!(status, 200, "{feed}");
    assert_eq!(ids_of(&feed), everything, "newest first");
    assert!(feed["next_cursor"].is_null(), "{feed}");

    // Paging walks every item once, in order, whatever the page size.
    for limit in [1, 2, 3, 4, 5] {
        assert_eq!(
            walk(&giver_api, "/recognitions", limit).await,
            everything,
            "limit {limit}"
        );
    }
    let (_, first_page) = giver_api.get("/recognitions?limit=1").await;
    assert!(
        first_page["next_cursor"].is_string(),
        "a page that is not the last has a cursor: {first_page}"
    );

    // Filters.
    let filtered = |query: &str| format!("/recognitions?{query}");
    assert_eq!(
        listed(&giver_api, &filtered(&format!("person_id={}", second.id.0))).await,
        [two_id, one_id],
        "received by the second"
    );
    assert_eq!(
        listed(&giver_api, &filtered(&format!("person_id={}", giver.id.0))).await,
        everything,
        "given or received by the giver"
    );
    assert_eq!(
        listed(&giver_api, &filtered("celebrates=effort")).await,
        [four_id, one_id]
    );
    assert_eq!(
        listed(&giver_api, &filtered("celebrates=progress")).await,
        [two_id]
    );
    assert_eq!(
        listed(&giver_api, &filtered(&format!("team_id={}", team.id.0))).await,
        [three_id, one_id],
        "received by a member of the team"
    );
    assert_eq!(
        listed(&giver_api, &filtered("value=Own%20the%20outcome")).await,
        [one_id]
    );
    assert_eq!(
        listed(&giver_api, &filtered("value=Something%20else")).await,
        Vec::<i64>::new()
    );
    let at_second = started + time::Duration::minutes(30);
    assert_eq!(
        listed(
            &giver_api,
            &filtered(&format!("since={}", at_second.rfc3339()))
        )
        .await,
        [four_id, three_id, two_id],
        "since is at or after"
    );
    let between = started + time::Duration::minutes(45);
    assert_eq!(
        listed(
            &giver_api,
            &filtered(&format!("since={}", between.rfc3339()))
        )
        .await,
        [four_id, three_id]
    );
    assert_eq!(
        listed(
            &giver_api,
            &filtered(&format!("person_id={}&celebrates=effort", first.id.0))
        )
        .await,
        [four_id, one_id],
        "filters combine"
    );
    assert_eq!(
        walk(
            &giver_api,
            &filtered(&format!("person_id={}", first.id.0)),
            1
        )
        .await,
        [four_id, three_id, one_id],
        "paging with a filter"
    );

    // Only what the caller may see: the outsider sees the public ones alone.
    assert_eq!(
        listed(&outsider_api, "/recognitions").await,
        [four_id, one_id]
    );

    // One recognition: the same as in the feed.
    let (status, shown) = giver_api.get(&format!("/recognitions/{one_id}")).await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown, feed["items"][3], "by id as in the feed");
    let (status, _) = giver_api.get("/recognitions/987654").await;
    assert_eq!(status, 404, "an unknown recognition");

    // Timelines: received and given.
    assert_eq!(
        listed(
            &outsider_api,
            &format!("/people/{}/recognitions", second.id.0)
        )
        .await,
        [one_id],
        "the outsider sees the second's public one only"
    );
    assert_eq!(
        listed(
            &second_api,
            &format!("/people/{}/recognitions", second.id.0)
        )
        .await,
        [two_id, one_id]
    );
    assert_eq!(
        listed(&giver_api, &format!("/people/{}/recognitions", giver.id.0)).await,
        everything,
        "received (four) and given (one to three)"
    );
    assert_eq!(
        walk(
            &first_api,
            &format!("/people/{}/recognitions", first.id.0),
            1
        )
        .await,
        [four_id, three_id, one_id],
        "the first's timeline, received and given, page by page"
    );
    assert_eq!(
        listed(&first_api, &format!("/people/{}/recognitions", second.id.0)).await,
        [one_id],
        "the first is not in the second's team: the team one stays out"
    );

    // Reactions toggle: each person's reaction counted once; the same again takes it back.
    let reactions_path = format!("/recognitions/{one_id}/reactions");
    let (status, reacted) = first_api
        .send(Method::POST, &reactions_path, json!({"reaction": "clap"}))
        .await;
    assert_eq!(status, 200, "{reacted}");
    assert_eq!(
        reacted["reactions"],
        json!([{"reaction": "clap", "count": 1, "mine": true}])
    );
    let (status, reacted) = second_api
        .send(Method::POST, &reactions_path, json!({"reaction": "clap"}))
        .await;
    assert_eq!(status, 200, "{reacted}");
    assert_eq!(
        reacted["reactions"],
        json!([{"reaction": "clap", "count": 2, "mine": true}])
    );
    let (_, seen_by_giver) = giver_api.get(&format!("/recognitions/{one_id}")).await;
    assert_eq!(
        seen_by_giver["reactions"],
        json!([{"reaction": "clap", "count": 2, "mine": false}]),
        "the giver sees the count, not as theirs"
    );
    let (_, reacted) = first_api
        .send(Method::POST, &reactions_path, json!({"reaction": "clap"}))
        .await;
    assert_eq!(
        reacted["reactions"],
        json!([{"reaction": "clap", "count": 1, "mine": false}]),
        "the second clap from the same person takes it back"
    );
    let (_, reacted) = second_api
        .send(Method::POST, &reactions_path, json!({"reaction": "clap"}))
        .await;
    let claps: i64 = reacted["reactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["reaction"] == "clap")
        .map(|r| r["count"].as_i64().unwrap())
        .sum();
    assert_eq!(claps, 0, "every clap taken back: {reacted}");
    let unknown = answer(
        &first_api,
        Method::POST,
        &reactions_path,
        Some(json!({"reaction": "thumbs_down"})),
    )
    .await;
    assert_names_field(&unknown, "reaction", "a reaction not in the set");
    let (status, _) = outsider_api
        .send(
            Method::POST,
            &format!("/recognitions/{three_id}/reactions"),
            json!({"reaction": "heart"}),
        )
        .await;
    assert_eq!(status, 404, "no reacting to what you may not see");

    // Editing: the giver, within 15 minutes; the rest stays as it was.
    server.advance(time::Duration::minutes(14));
    let three_path = format!("/recognitions/{three_id}");
    let (status, edited) = giver_api
        .send(
            Method::PATCH,
            &three_path,
            json!({"message": "The launch landed, on time"}),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["message"], "The launch landed, on time");
    assert_eq!(edited["celebrates"], "outcome", "unchanged");
    assert_eq!(edited["visibility"], "private", "unchanged");
    assert_eq!(edited["recipients"], json!([first.id.0]), "unchanged");
    assert_eq!(edited["updated_at"], json!(server.now().rfc3339()));
    assert_ne!(edited["updated_at"], edited["created_at"]);
    let (status, edited) = giver_api
        .send(
            Method::PATCH,
            &three_path,
            json!({"celebrates": "progress"}),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["celebrates"], "progress");
    assert_eq!(edited["message"], "The launch landed, on time", "unchanged");
    let empty = answer(
        &giver_api,
        Method::PATCH,
        &three_path,
        Some(json!({"message": "  "})),
    )
    .await;
    assert_names_field(&empty, "message", "editing to an empty message");
    let (status, _) = first_api
        .send(
            Method::PATCH,
            &three_path,
            json!({"message": "I rewrote it"}),
        )
        .await;
    assert_eq!(status, 403, "a recipient may not edit the giver's words");
    let (status, _) = outsider_api
        .send(
            Method::PATCH,
            &three_path,
            json!({"message": "I rewrote it"}),
        )
        .await;
    assert_eq!(status, 404, "an outsider may not even see it");

    // After 15 minutes: 409, with a sentence, and nothing changed.
    server.advance(time::Duration::minutes(1) + time::Duration::seconds(1));
    let late = answer(
        &giver_api,
        Method::PATCH,
        &three_path,
        Some(json!({"message": "Too late now"})),
    )
    .await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert_eq!(late.content_type, "application/problem+json");
    assert!(
        late.body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("15 minutes")),
        "{}",
        late.body
    );
    let (_, kept) = giver_api.get(&three_path).await;
    assert_eq!(kept["message"], "The launch landed, on time");
}

// ---------------------------------------------------------------------------------------------
// Bad input.

#[tokio::test]
async fn bad_input_is_a_4xx_naming_the_field_and_gives_nothing() {
    let server = ClockedServer::start().await;
    let admin = server
        .person("admin@example.com", "Alex Admin", "admin", None)
        .await;
    let giver = server
        .person("giver@example.com", "Gia Giver", "member", None)
        .await;
    let recipient = server
        .person("recipient@example.com", "Rae Recipient", "member", None)
        .await;
    let leaver = server
        .person("leaver@example.com", "Lou Leaver", "member", None)
        .await;
    server
        .store
        .add_recognition_value("Own the outcome")
        .await
        .unwrap();
    let admin_api = server.api_for(&admin).await;
    let giver_api = server.api_for(&giver).await;
    let (status, archived) = admin_api
        .send(
            Method::POST,
            &format!("/people/{}/archive", leaver.id.0),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "archiving through the admin API: {archived}");

    let good = json!({
        "recipients": [recipient.id.0],
        "message": "Thanks for the patient review",
        "celebrates": "effort",
        "visibility": "public",
        "value": "Own the outcome",
    });
    let with = |key: &str, value: Value| {
        let mut body = good.clone();
        body[key] = value;
        body
    };
    let cases: Vec<(&str, Value, &str)> = vec![
        ("an empty message", with("message", json!("")), "message"),
        (
            "a blank message",
            with("message", json!("   \n ")),
            "message",
        ),
        ("no recipients", with("recipients", json!([])), "recipients"),
        (
            "an unknown recipient",
            with("recipients", json!([recipient.id.0, 987654])),
            "recipients",
        ),
        (
            "an archived recipient",
            with("recipients", json!([leaver.id.0])),
            "recipients",
        ),
        (
            "yourself alone",
            with("recipients", json!([giver.id.0])),
            "recipients",
        ),
        (
            "yourself among others",
            with("recipients", json!([recipient.id.0, giver.id.0])),
            "recipients",
        ),
        (
            "an unknown celebrates",
            with("celebrates", json!("luck")),
            "celebrates",
        ),
        (
            "an empty celebrates",
            with("celebrates", json!("")),
            "celebrates",
        ),
        (
            "an unknown visibility",
            with("visibility", json!("secret")),
            "visibility",
        ),
        (
            "a value nobody configured",
            with("value", json!("Move fast")),
            "value",
        ),
    ];
    for (case, body, field) in &cases {
        let refused = answer(
            &giver_api,
            Method::POST,
            "/recognitions",
            Some(body.clone()),
        )
        .await;
        assert_names_field(&refused, field, case);
    }

    // Several mistakes at once are all named.
    let many = answer(
        &giver_api,
        Method::POST,
        "/recognitions",
        Some(
            json!({"recipients": [], "message": "", "celebrates": "luck", "visibility": "secret"}),
        ),
    )
    .await;
    for field in ["recipients", "message", "celebrates", "visibility"] {
        assert_names_field(&many, field, "everything wrong at once");
    }

    // A body that is not the documented shape.
    let malformed = answer(
        &giver_api,
        Method::POST,
        "/recognitions",
        Some(json!({"recipients": "everyone", "message": "x", "celebrates": "effort", "visibility": "public"})),
    )
    .await;
    assert!(
        (400..500).contains(&malformed.status),
        "recipients not a list: {} {}",
        malformed.status,
        malformed.body
    );
    assert_eq!(malformed.content_type, "application/problem+json");

    // Nothing was given: the giver's feed, the recipient's timeline and the admin's feed are empty.
    assert_eq!(listed(&giver_api, "/recognitions").await, Vec::<i64>::new());
    assert_eq!(
        listed(
            &admin_api,
            &format!("/people/{}/recognitions", recipient.id.0)
        )
        .await,
        Vec::<i64>::new()
    );

    // Bad filters are a 400 naming the parameter.
    for (query, parameter) in [
        ("celebrates=luck", "celebrates"),
        ("since=last%20week", "since"),
        ("person_id=someone", "person_id"),
        ("team_id=x", "team_id"),
        ("limit=0", "limit"),
        ("cursor=not-a-cursor", "cursor"),
    ] {
        let refused = answer(
            &giver_api,
            Method::GET,
            &format!("/recognitions?{query}"),
            None,
        )
        .await;
        assert_bad_parameter(&refused, parameter, query);
    }

    // The good body itself is fine.
    give(&giver_api, good).await;
}

#[tokio::test]
async fn over_the_daily_cap_is_429_with_a_sentence_and_when_to_retry() {
    let server = ClockedServer::start().await;
    let giver = server
        .person("giver@example.com", "Gia Giver", "member", None)
        .await;
    let recipient = server
        .person("recipient@example.com", "Rae Recipient", "member", None)
        .await;
    let other_giver = server
        .person("other@example.com", "Oli Other", "member", None)
        .await;
    server
        .store
        .set_recognition_daily_cap(Some(2))
        .await
        .unwrap();
    let giver_api = server.api_for(&giver).await;
    let other_api = server.api_for(&other_giver).await;
    let body = recognition(&[&recipient], "Thanks for covering my shift", "public");

    give(&giver_api, body.clone()).await;
    server.advance(time::Duration::hours(1));
    give(&giver_api, body.clone()).await;

    let over = answer(
        &giver_api,
        Method::POST,
        "/recognitions",
        Some(body.clone()),
    )
    .await;
    assert_eq!(over.status, 429, "{}", over.body);
    assert_eq!(over.content_type, "application/problem+json");
    let detail = over.body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains(' ') && detail.trim_end().ends_with('.') && detail.contains('2'),
        "a sentence that says the cap: {detail:?}"
    );
    // The first of the two frees up 24 hours after it was given: 23 hours from now.
    assert_eq!(
        over.retry_after.as_deref(),
        Some("82800"),
        "Retry-After in seconds until the oldest of the day's recognitions is a day old"
    );
    assert_eq!(
        listed(&giver_api, "/recognitions").await.len(),
        2,
        "nothing was given"
    );

    // The cap is per giver.
    give(&other_api, body.clone()).await;

    // One second before Retry-After says, still refused; at it, given.
    server.advance(time::Duration::seconds(82800 - 1));
    let still = answer(
        &giver_api,
        Method::POST,
        "/recognitions",
        Some(body.clone()),
    )
    .await;
    assert_eq!(still.status, 429, "{}", still.body);
    assert_eq!(still.retry_after.as_deref(), Some("1"));
    server.advance(time::Duration::seconds(1));
    give(&giver_api, body.clone()).await;

    // Without a cap, no limit.
    server.store.set_recognition_daily_cap(None).await.unwrap();
    for _ in 0..3 {
        give(&giver_api, body.clone()).await;
    }
}

// ---------------------------------------------------------------------------------------------
// Visibility.

/// The people around one recognition: the giver; the recipient; the recipient's teammate and
/// the team's lead; an outsider; an admin in no team.
struct Cast {
    giver: Person,
    recipient: Person,
    teammate: Person,
    lead: Person,
    outsider: Person,
    admin: Person,
    team: TeamId,
}

async fn cast(server: &TestServer) -> Cast {
    let giver = server
        .person("giver@example.com", "Gia Giver", "member", None)
        .await;
    let recipient = server
        .person("recipient@example.com", "Rae Recipient", "member", None)
        .await;
    let teammate = server
        .person("teammate@example.com", "Tia Teammate", "member", None)
        .await;
    let lead = server
        .person("lead@example.com", "Lee Lead", "member", None)
        .await;
    let outsider = server
        .person("outsider@example.com", "Otto Outsider", "member", None)
        .await;
    let admin = server
        .person("admin@example.com", "Alex Admin", "admin", None)
        .await;
    // The lead is named as the team's lead only, not listed among its members.
    let team = server
        .store
        .create_team(
            &TeamDraft::parse("Recipients' team", "", Some(lead.id)).unwrap(),
            &[recipient.id, teammate.id],
        )
        .await
        .unwrap();
    Cast {
        giver,
        recipient,
        teammate,
        lead,
        outsider,
        admin,
        team: team.id,
    }
}

const PRIVATE_MARKER: &str = "PRIVATE-RECOGNITION-MARKER";
const TEAM_MARKER: &str = "TEAM-RECOGNITION-MARKER";
const PUBLIC_MARKER: &str = "PUBLIC-RECOGNITION-MARKER";

/// Whether the API and the pages show one recognition to one person, door by door.
struct Viewpoint<'a> {
    who: &'a str,
    api: &'a Api,
    /// A signed-in browser, when the recognition pages exist.
    browser: Option<&'a crate::kit::Browser>,
}

/// The API lists that might show a recognition given by `cast.giver` to `cast.recipient`, with
/// the effort it celebrates.
fn api_lists(cast: &Cast) -> Vec<String> {
    vec![
        "/recognitions".into(),
        "/recognitions?limit=200".into(),
        format!("/recognitions?person_id={}", cast.recipient.id.0),
        format!("/recognitions?person_id={}", cast.giver.id.0),
        format!("/recognitions?team_id={}", cast.team.0),
        "/recognitions?celebrates=effort".into(),
        "/recognitions?since=2000-01-01".into(),
        format!(
            "/recognitions?person_id={}&team_id={}&celebrates=effort",
            cast.recipient.id.0, cast.team.0
        ),
        format!("/people/{}/recognitions", cast.recipient.id.0),
        format!("/people/{}/recognitions", cast.giver.id.0),
    ]
}

/// The pages that might show it.
fn pages(cast: &Cast, recognition: i64) -> Vec<String> {
    vec![
        "/recognition".into(),
        format!("/recognition?person={}", cast.recipient.id.0),
        format!("/recognition/{recognition}"),
        format!("/people/{}/recognition", cast.recipient.id.0),
        format!("/people/{}/recognition", cast.giver.id.0),
        format!("/people/{}", cast.recipient.id.0),
    ]
}

/// Asserts that `viewer` sees (or does not see) the recognition `recognition`, whose message
/// carries `marker`, through every door; returns it as the viewer got it by id when seen.
async fn assert_sees(
    cast: &Cast,
    viewer: &Viewpoint<'_>,
    recognition: i64,
    marker: &str,
    sees: bool,
    backend: &str,
) -> Option<Value> {
    let who = viewer.who;
    for list in api_lists(cast) {
        let (status, page) = viewer.api.get(&list).await;
        assert_eq!(status, 200, "{backend}, {who}, {list}: {page}");
        let listed = ids_of(&page).contains(&recognition);
        let mentioned = page.to_string().contains(marker);
        assert_eq!(listed, sees, "{backend}: {who} in {list}: {page}");
        assert_eq!(
            mentioned, sees,
            "{backend}: {who}, marker in {list}: {page}"
        );
    }
    // Paging one by one does not leak it either.
    let walked = walk(viewer.api, "/recognitions", 1).await;
    assert_eq!(
        walked.contains(&recognition),
        sees,
        "{backend}: {who} paging the feed"
    );
    let (status, shown) = viewer
        .api
        .get(&format!("/recognitions/{recognition}"))
        .await;
    if sees {
        assert_eq!(status, 200, "{backend}: {who} by id: {shown}");
        assert!(
            shown.to_string().contains(marker),
            "{backend}: {who}: {shown}"
        );
    } else {
        assert_eq!(status, 404, "{backend}: {who} by id: {shown}");
        assert!(
            !shown.to_string().contains(marker),
            "{backend}: {who}: the 404 says nothing: {shown}"
        );
    }
    if let Some(browser) = viewer.browser {
        for page in pages(cast, recognition) {
            let (status, html) = browser.get_text(&page).await;
            assert!(
                status == 200 || status == 404,
                "{backend}: {who} on {page}: {status}"
            );
            if !sees {
                assert!(
                    !html.contains(marker),
                    "{backend}: {who} must not find {marker} on {page}"
                );
            } else if !page.starts_with("/people/") || page.ends_with("/recognition") {
                assert_eq!(status, 200, "{backend}: {who} on {page}");
                assert!(
                    html.contains(marker),
                    "{backend}: {who} should find {marker} on {page}"
                );
            }
        }
    }
    (sees && status == 200).then_some(shown)
}

#[tokio::test]
async fn each_recognition_is_seen_by_whom_its_visibility_says_on_every_backend() {
    for server in every_backend().await {
        let backend = if server.store.kind() == tend_store::BackendKind::Postgres {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        let cast = cast(&server).await;
        let giver_api = api_of(&server, &cast.giver).await;
        let recipient_api = api_of(&server, &cast.recipient).await;
        let teammate_api = api_of(&server, &cast.teammate).await;
        let lead_api = api_of(&server, &cast.lead).await;
        let outsider_api = api_of(&server, &cast.outsider).await;
        let admin_api = api_of(&server, &cast.admin).await;

        // The recognition pages are checked when they exist (another change adds them).
        let giver_browser = server.signed_in(cast.giver.email.as_str()).await;
        let pages_exist = giver_browser.get("/recognition").await.status() != 404;
        if !pages_exist {
            eprintln!("{backend}: /recognition answers 404: the page checks are left out");
        }
        let mut browsers = Vec::new();
        for person in [
            &cast.recipient,
            &cast.teammate,
            &cast.lead,
            &cast.outsider,
            &cast.admin,
        ] {
            browsers.push(if pages_exist {
                Some(server.signed_in(person.email.as_str()).await)
            } else {
                None
            });
        }
        let giver = Viewpoint {
            who: "the giver",
            api: &giver_api,
            browser: pages_exist.then_some(&giver_browser),
        };
        let recipient = Viewpoint {
            who: "the recipient",
            api: &recipient_api,
            browser: browsers[0].as_ref(),
        };
        let teammate = Viewpoint {
            who: "the teammate",
            api: &teammate_api,
            browser: browsers[1].as_ref(),
        };
        let lead = Viewpoint {
            who: "the team's lead",
            api: &lead_api,
            browser: browsers[2].as_ref(),
        };
        let outsider = Viewpoint {
            who: "the outsider",
            api: &outsider_api,
            browser: browsers[3].as_ref(),
        };
        let admin = Viewpoint {
            who: "the admin",
            api: &admin_api,
            browser: browsers[4].as_ref(),
        };

        let private = id(&give(
            &giver_api,
            recognition(&[&cast.recipient], PRIVATE_MARKER, "private"),
        )
        .await);
        let team = id(&give(
            &giver_api,
            recognition(&[&cast.recipient], TEAM_MARKER, "team"),
        )
        .await);
        let public = id(&give(
            &giver_api,
            recognition(&[&cast.recipient], PUBLIC_MARKER, "public"),
        )
        .await);

        // Private: the giver and the recipient alone.
        for (viewer, sees) in [
            (&giver, true),
            (&recipient, true),
            (&teammate, false),
            (&lead, false),
            (&outsider, false),
            (&admin, false),
        ] {
            assert_sees(&cast, viewer, private, PRIVATE_MARKER, sees, backend).await;
        }
        // Team: also the recipient's teammates and the team's lead; not the outsider nor an
        // admin outside the team.
        for (viewer, sees) in [
            (&giver, true),
            (&recipient, true),
            (&teammate, true),
            (&lead, true),
            (&outsider, false),
            (&admin, false),
        ] {
            assert_sees(&cast, viewer, team, TEAM_MARKER, sees, backend).await;
        }
        // Public: everyone.
        for viewer in [&giver, &recipient, &teammate, &lead, &outsider, &admin] {
            let shown = assert_sees(&cast, viewer, public, PUBLIC_MARKER, true, backend)
                .await
                .unwrap();
            assert_eq!(shown["hidden"], false, "{backend}");
        }

        // Whom one may not see, one may not react to, edit or hide either: 404, nothing
        // revealed.
        for (who, api) in [
            ("the teammate", &teammate_api),
            ("the outsider", &outsider_api),
            ("the admin", &admin_api),
        ] {
            let reacted = answer(
                api,
                Method::POST,
                &format!("/recognitions/{private}/reactions"),
                Some(json!({"reaction": "heart"})),
            )
            .await;
            assert_eq!(
                reacted.status, 404,
                "{backend}: {who} reacting: {}",
                reacted.body
            );
            let edited = answer(
                api,
                Method::PATCH,
                &format!("/recognitions/{private}"),
                Some(json!({"message": "changed"})),
            )
            .await;
            assert_eq!(
                edited.status, 404,
                "{backend}: {who} editing: {}",
                edited.body
            );
        }
        let hidden_private = answer(
            &admin_api,
            Method::POST,
            &format!("/recognitions/{private}/hide"),
            Some(json!({"reason": "looking"})),
        )
        .await;
        assert_eq!(
            hidden_private.status, 404,
            "{backend}: the admin may not touch a private recognition they cannot see"
        );
        let (_, still) = giver_api.get(&format!("/recognitions/{private}")).await;
        assert_eq!(still["hidden"], false, "{backend}: {still}");

        // Only an admin hides.
        let refused = answer(
            &recipient_api,
            Method::POST,
            &format!("/recognitions/{public}/hide"),
            Some(json!({"reason": "I am shy"})),
        )
        .await;
        assert_eq!(refused.status, 403, "{backend}: {}", refused.body);
        let refused = answer(
            &giver_api,
            Method::POST,
            &format!("/recognitions/{public}/hide"),
            Some(json!({"reason": "Changed my mind"})),
        )
        .await;
        assert_eq!(refused.status, 403, "{backend}: {}", refused.body);
        let no_reason = answer(
            &admin_api,
            Method::POST,
            &format!("/recognitions/{public}/hide"),
            Some(json!({"reason": " "})),
        )
        .await;
        assert_names_field(&no_reason, "reason", "hiding without a reason");
        assert_sees(&cast, &outsider, public, PUBLIC_MARKER, true, backend).await;

        // Hidden by an admin: the giver and the admin still see it, marked hidden; the
        // recipient, the teammate, the lead and the outsider no longer do.
        let (status, hidden) = admin_api
            .send(
                Method::POST,
                &format!("/recognitions/{public}/hide"),
                json!({"reason": "Names a customer"}),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {hidden}");
        assert_eq!(hidden["hidden"], true, "{backend}: {hidden}");
        for viewer in [&giver, &admin] {
            let shown = assert_sees(&cast, viewer, public, PUBLIC_MARKER, true, backend)
                .await
                .unwrap();
            assert_eq!(shown["hidden"], true, "{backend}: {} by id", viewer.who);
        }
        for viewer in [&recipient, &teammate, &lead, &outsider] {
            assert_sees(&cast, viewer, public, PUBLIC_MARKER, false, backend).await;
        }
        // The others are as they were.
        assert_sees(&cast, &teammate, team, TEAM_MARKER, true, backend).await;
        assert_sees(&cast, &recipient, private, PRIVATE_MARKER, true, backend).await;

        // Shown again: everyone sees it.
        let (status, shown) =
            post_without_body(&admin_api, &format!("/recognitions/{public}/unhide")).await;
        assert_eq!(status, 200, "{backend}: {shown}");
        assert_eq!(shown["hidden"], false, "{backend}");
        for viewer in [&recipient, &outsider] {
            assert_sees(&cast, viewer, public, PUBLIC_MARKER, true, backend).await;
        }
    }
}

/// A POST with no body (unhiding takes none).
async fn post_without_body(api: &Api, path: &str) -> (u16, Value) {
    crate::kit::json(api.request(Method::POST, path).send().await.unwrap()).await
}

// ---------------------------------------------------------------------------------------------
// Breadth.

/// How widely `person` recognises, as the use cases compute it for them.
async fn breadth_of(app: &tend_app::App, person: &Person) -> tend_app::Breadth {
    let viewer = Viewer {
        id: person.id,
        role: person.role,
    };
    app.recognition_breadth(&viewer).await.unwrap()
}

/// Breadth has no API of its own (it feeds the cockpit and nudges), so it is read through the
/// use cases over the same store, while the recognitions are given over HTTP as time passes.
#[tokio::test]
async fn breadth_counts_different_people_and_finds_the_unnoticed() {
    let server = ClockedServer::start().await;
    let app = tend_app::App::new(server.store.clone(), &server.url);
    let admin = server
        .person("admin@example.com", "Alex Admin", "admin", None)
        .await;
    let leader = server
        .person("leader@example.com", "Lee Leader", "member", None)
        .await;
    let peer = server
        .person("peer@example.com", "Pat Peer", "member", None)
        .await;
    let mut reports = Vec::new();
    for (email, name) in [
        ("xena@example.com", "Xena Long-ago"),
        ("will@example.com", "Will Forty"),
        ("yan@example.com", "Yan Recent"),
        ("zoe@example.com", "Zoe Recent"),
        ("quinn@example.com", "Quinn Quiet"),
    ] {
        reports.push(server.person(email, name, "member", Some(leader.id)).await);
    }
    let [long_ago, forty, recent_one, recent_two, quiet] = &reports[..] else {
        unreachable!()
    };
    let leader_api = server.api_for(&leader).await;
    let peer_api = server.api_for(&peer).await;
    let admin_api = server.api_for(&admin).await;
    let names = |breadth: &tend_app::Breadth| -> BTreeSet<String> {
        breadth.unnoticed.iter().map(|p| p.name.clone()).collect()
    };

    let nobody = breadth_of(&app, &leader).await;
    assert_eq!((nobody.people_30_days, nobody.people_90_days), (0, 0));
    assert_eq!(
        names(&nobody).len(),
        5,
        "nobody recognised yet: all unnoticed"
    );

    // 100 days before the end: the leader recognises Xena.
    give(
        &leader_api,
        recognition(&[long_ago], "Early work", "public"),
    )
    .await;
    // 40 days before the end: Will.
    server.advance(time::Duration::days(60));
    give(&leader_api, recognition(&[forty], "The audit", "team")).await;
    // At the end: Yan and Zoe together, Yan again (privately): two people, not three
    // recognitions. A peer recognises Will; another recognises Quinn but an admin hides it.
    server.advance(time::Duration::days(40));
    give(
        &leader_api,
        recognition(&[recent_one, recent_two], "The release", "public"),
    )
    .await;
    give(
        &leader_api,
        recognition(&[recent_one], "The on-call week", "private"),
    )
    .await;
    give(&peer_api, recognition(&[forty], "Helping me out", "public")).await;
    let hidden = give(
        &peer_api,
        recognition(&[quiet], "Something unkind", "public"),
    )
    .await;
    let (status, _) = admin_api
        .send(
            Method::POST,
            &format!("/recognitions/{}/hide", id(&hidden)),
            json!({"reason": "Not kind"}),
        )
        .await;
    assert_eq!(status, 200);

    let now = breadth_of(&app, &leader).await;
    assert_eq!(now.people_30_days, 2, "Yan and Zoe, each once");
    assert_eq!(now.people_90_days, 3, "and Will; Xena was 100 days ago");
    assert_eq!(
        names(&now),
        BTreeSet::from([long_ago.name.clone(), quiet.name.clone()]),
        "Will was recognised by a peer; Quinn's only recognition is hidden"
    );
    let peer_breadth = breadth_of(&app, &peer).await;
    assert!(
        peer_breadth.unnoticed.is_empty(),
        "the peer has no reports: {:?}",
        names(&peer_breadth)
    );
    assert!(peer_breadth.people_30_days >= 1, "the peer recognised Will");

    // 31 days later: nothing in the last 30 days; the last 90 still hold Will, Yan and Zoe.
    server.advance(time::Duration::days(31));
    let later = breadth_of(&app, &leader).await;
    assert_eq!((later.people_30_days, later.people_90_days), (0, 3));
    assert_eq!(
        names(&later).len(),
        5,
        "everyone unnoticed again: {:?}",
        names(&later)
    );

    // 60 more days: Will's 40-day-old recognition is now 131 days old, the release 91.
    server.advance(time::Duration::days(60));
    let much_later = breadth_of(&app, &leader).await;
    assert_eq!(
        (much_later.people_30_days, much_later.people_90_days),
        (0, 0)
    );
}

// ---------------------------------------------------------------------------------------------
// Values that change.

/// A value an admin removes from the list stays on the recognitions that named it (the store
/// says so), so their giver can still correct a typo in the message without naming a value.
#[tokio::test]
async fn the_giver_edits_a_recognition_whose_value_was_since_removed() {
    let server = ClockedServer::start().await;
    let giver = server
        .person("giver@example.com", "Gia Giver", "member", None)
        .await;
    let recipient = server
        .person("recipient@example.com", "Rae Recipient", "member", None)
        .await;
    let value = server
        .store
        .add_recognition_value("Own the outcome")
        .await
        .unwrap();
    let giver_api = server.api_for(&giver).await;
    let mut body = recognition(&[&recipient], "Thanks for teh review", "public");
    body["value"] = json!("Own the outcome");
    let given = give(&giver_api, body).await;

    server.store.remove_recognition_value(value).await.unwrap();
    let (status, kept) = giver_api
        .get(&format!("/recognitions/{}", id(&given)))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        kept["value"], "Own the outcome",
        "the recognition keeps its value"
    );

    server.advance(time::Duration::minutes(5));
    let (status, edited) = giver_api
        .send(
            Method::PATCH,
            &format!("/recognitions/{}", id(&given)),
            json!({"message": "Thanks for the review"}),
        )
        .await;
    assert_eq!(status, 200, "only the message was sent: {edited}");
    assert_eq!(edited["message"], "Thanks for the review");
    assert_eq!(edited["value"], "Own the outcome");
}

/// The give form takes several people in one picker field: suggestions follow what is typed after
/// the last comma, and each person named (emails, a trailing comma left by the picker) is
/// recognised once.
#[tokio::test]
async fn the_form_recognises_several_people_named_in_one_field() {
    let server = TestServer::start().await;
    let giver = server
        .person("giver@example.com", "Gia Giver", "member", None)
        .await;
    server
        .person("ada@example.com", "Ada Lovelace", "member", None)
        .await;
    server
        .person("bo@example.com", "Bo Brand", "member", None)
        .await;
    let browser = server.signed_in(giver.email.as_str()).await;

    let (status, options) = browser
        .get_text("/people/picker?field=recipients&multiple=1&recipients=ada%40example.com%2C%20Bo")
        .await;
    assert_eq!(status, 200);
    assert!(options.contains("bo@example.com"), "{options}");
    assert!(
        !options.contains("ada@example.com"),
        "only the last name typed: {options}"
    );

    let response = browser
        .post(
            "/recognition",
            &[
                ("recipients", "ada@example.com, bo@example.com, "),
                ("message", "Thank you both for the *launch*"),
                ("celebrates", "outcome"),
                ("visibility", "public"),
                ("value", ""),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let api = api_of(&server, &giver).await;
    let (_, feed) = api.get("/recognitions").await;
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{feed}");
    let names: Vec<&str> = items[0]["recipient_people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ada Lovelace", "Bo Brand"]);
}

/// The feed page's filters refuse what names nothing: a 400 page, not an empty feed.
#[tokio::test]
async fn the_feed_page_refuses_filters_that_name_nothing() {
    let server = TestServer::start().await;
    let viewer = server
        .person("viewer@example.com", "Val Viewer", "member", None)
        .await;
    let browser = server.signed_in(viewer.email.as_str()).await;
    for query in [
        "person=nobody%40example.com",
        "person=999999",
        "celebrates=luck",
        "since=soon",
        "team=abc",
    ] {
        let (status, _) = browser.get_text(&format!("/recognition?{query}")).await;
        assert_eq!(status, 400, "{query}");
    }
    let (status, _) = browser
        .get_text(&format!("/recognition?person={}", viewer.id))
        .await;
    assert_eq!(status, 200);
}
