//! One-on-ones over HTTP (issue 7): the API contract as clients rely on it; bad input answered
//! with a 4xx naming the field and nothing changed; privacy through every door (pages, API,
//! calendar feed) for the two people, a third person, the lead's own manager and an admin;
//! Markdown rendered inert; the pages without JavaScript; and the calendar feed read by a real
//! iCalendar parser (Python's `icalendar`, through `calendar_check.py`) across a summer-time
//! change. The privacy, Markdown and calendar tests run on PostgreSQL too when it is configured.

use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::Method;
use serde_json::{Value, json};
use tend_domain::person::Person;

use crate::kit::{Api, TestServer};

// ---------------------------------------------------------------------------------------------
// Helpers.

/// `days` from today at `hour`:00 UTC, as RFC 3339.
fn days_ahead(days: i64, hour: u8) -> String {
    format!("{}T{hour:02}:00:00Z", date_ahead(days))
}

/// The date `days` from today (UTC), as `YYYY-MM-DD`.
fn date_ahead(days: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(days)).to_string()
}

fn id(value: &Value) -> i64 {
    value["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no numeric id in {value}"))
}

/// The servers a test runs on: SQLite always, PostgreSQL when the tests have one.
async fn every_backend() -> Vec<TestServer> {
    let mut servers = vec![TestServer::start().await];
    if let Some(url) = TestServer::postgres_url().await {
        servers.push(TestServer::start_on(&url).await);
    }
    servers
}

async fn post(api: &Api, path: &str, body: Value) -> (u16, Value) {
    api.send(Method::POST, path, body).await
}

/// A whole API answer, with its content type, for checking error responses.
struct Answer {
    status: u16,
    content_type: String,
    body: Value,
}

async fn answer(api: &Api, method: Method, path: &str, body: Value) -> Answer {
    let response = api.request(method, path).json(&body).send().await.unwrap();
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

/// A 4xx problem+json that mentions `field` somewhere (in `errors` or in `detail`).
fn assert_rejected_mentioning(answer: &Answer, field: &str, case: &str) {
    assert!(
        (400..500).contains(&answer.status),
        "{case}: {} {}",
        answer.status,
        answer.body
    );
    assert_eq!(answer.content_type, "application/problem+json", "{case}");
    assert!(
        answer.body.to_string().contains(field),
        "{case}: {field} not named in {}",
        answer.body
    );
}

/// The people around one series: the lead (whose own manager is `manager`), the report, a third
/// person and an admin.
struct Cast {
    manager: Person,
    lead: Person,
    report: Person,
    third: Person,
    admin: Person,
}

async fn cast(server: &TestServer) -> Cast {
    let manager = server
        .person("manager@example.com", "Mia Manager", "member", None)
        .await;
    let lead = server
        .person("lead@example.com", "Lee Lead", "member", Some(manager.id))
        .await;
    let report = server
        .person("report@example.com", "Rae Report", "member", Some(lead.id))
        .await;
    let third = server
        .person("third@example.com", "Tom Third", "member", None)
        .await;
    let admin = server
        .person("admin@example.com", "Alex Admin", "admin", None)
        .await;
    Cast {
        manager,
        lead,
        report,
        third,
        admin,
    }
}

/// A weekly series `starter` starts with `with`, first meeting a week from now at 10:00 UTC.
/// Returns the series' id and its first meeting's id.
async fn weekly_series(starter: &Api, with: &Person) -> (i64, i64) {
    let (status, series) = post(
        starter,
        "/one-on-ones",
        json!({"with": with.id, "cadence": "weekly", "first_meeting_at": days_ahead(7, 10)}),
    )
    .await;
    assert_eq!(status, 201, "{series}");
    (id(&series), id(&series["next_meeting"]))
}

/// The page's `<section id="notes">`, where note bodies are rendered.
fn notes_section(page: &str) -> &str {
    let start = page
        .find("<section id=\"notes\"")
        .expect("the meeting page has a notes section");
    let end = page[start..].find("</section>").expect("it ends") + start;
    &page[start..end]
}

// ---------------------------------------------------------------------------------------------
// 1. The API contract.

#[tokio::test]
async fn the_api_keeps_its_contract_from_start_to_carried_over_items() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let lead = server.api(&server.token(&cast.lead).await);
    let report = server.api(&server.token(&cast.report).await);
    let first_at = days_ahead(7, 10);

    let (status, series) = post(
        &lead,
        "/one-on-ones",
        json!({"with": cast.report.id, "cadence": "weekly", "first_meeting_at": first_at}),
    )
    .await;
    assert_eq!(status, 201, "{series}");
    let series_id = id(&series);
    let mut participants: Vec<(i64, &str)> = series["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (id(p), p["name"].as_str().unwrap()))
        .collect();
    participants.sort();
    let mut expected = vec![
        (cast.lead.id.0, "Lee Lead"),
        (cast.report.id.0, "Rae Report"),
    ];
    expected.sort();
    assert_eq!(participants, expected);
    assert_eq!(series["cadence"], "weekly");
    assert_eq!(series["next_meeting"]["starts_at"], first_at.as_str());
    assert_eq!(series["next_meeting"]["status"], "scheduled");
    let first = id(&series["next_meeting"]);

    // Both people list it; the list is a page.
    for api in [&lead, &report] {
        let (status, list) = api.get("/one-on-ones").await;
        assert_eq!(status, 200);
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
        assert_eq!(id(&list["items"][0]), series_id);
        assert!(list["next_cursor"].is_null(), "{list}");
    }

    // A new meeting opens with Tend's own person-first items.
    let (status, meeting) = report.get(&format!("/meetings/{first}")).await;
    assert_eq!(status, 200, "{meeting}");
    assert_eq!(meeting["series_id"], series_id);
    assert_eq!(meeting["status"], "scheduled");
    let opening = meeting["talking_points"].as_array().unwrap();
    assert!(!opening.is_empty(), "a meeting opens with items: {meeting}");
    assert!(opening.iter().all(|p| p["added_by"].is_null()), "{meeting}");
    assert!(
        opening.iter().any(|p| p["kind"] == "wellbeing"),
        "{meeting}"
    );
    assert_eq!(meeting["notes"], json!([]));
    assert_eq!(meeting["action_items"], json!([]));

    // What the two people add, in the shapes clients rely on.
    let (status, point) = post(
        &report,
        &format!("/meetings/{first}/talking-points"),
        json!({"text": "Where do I go from here?", "kind": "career"}),
    )
    .await;
    assert_eq!(status, 201, "{point}");
    assert_eq!(point["text"], "Where do I go from here?");
    assert_eq!(point["kind"], "career");
    assert_eq!(point["added_by"], cast.report.id.0);
    assert_eq!(point["discussed"], false);
    let (status, discussed) = lead
        .send(
            Method::PATCH,
            &format!("/talking-points/{}", id(&point)),
            json!({"discussed": true}),
        )
        .await;
    assert_eq!(status, 200, "{discussed}");
    assert_eq!(discussed["discussed"], true);

    let (status, note) = post(
        &lead,
        &format!("/meetings/{first}/notes"),
        json!({"body": "Talked about the *next step*.", "private": false}),
    )
    .await;
    assert_eq!(status, 201, "{note}");
    assert_eq!(note["body"], "Talked about the *next step*.");
    assert_eq!(note["private"], false);
    assert_eq!(note["author_id"], cast.lead.id.0);

    let due = date_ahead(20);
    let (status, open_item) = post(
        &lead,
        &format!("/meetings/{first}/action-items"),
        json!({"text": "Find a mentor in design", "owner_id": cast.report.id, "due_on": due}),
    )
    .await;
    assert_eq!(status, 201, "{open_item}");
    assert_eq!(open_item["text"], "Find a mentor in design");
    assert_eq!(open_item["owner_id"], cast.report.id.0);
    assert_eq!(open_item["due_on"], due.as_str());
    assert_eq!(open_item["done"], false);
    assert!(open_item["carried_from_meeting_id"].is_null());
    let (status, done_item) = post(
        &report,
        &format!("/meetings/{first}/action-items"),
        json!({"text": "Send the slides", "owner_id": cast.lead.id}),
    )
    .await;
    assert_eq!(status, 201, "{done_item}");
    assert!(done_item["due_on"].is_null());
    let (status, marked) = report
        .send(
            Method::PATCH,
            &format!("/action-items/{}", id(&done_item)),
            json!({"done": true}),
        )
        .await;
    assert_eq!(status, 200, "{marked}");
    assert_eq!(marked["done"], true);

    // Completing carries the open item over; the done one stays behind.
    let (status, completed) = post(&lead, &format!("/meetings/{first}/complete"), json!({})).await;
    assert_eq!(status, 200, "{completed}");
    let second = id(&completed["next_meeting"]);
    assert_ne!(second, first);
    let (_, next) = report.get(&format!("/meetings/{second}")).await;
    assert_eq!(next["status"], "scheduled");
    let carried: Vec<&Value> = next["action_items"].as_array().unwrap().iter().collect();
    assert_eq!(carried.len(), 1, "only the open item moves: {next}");
    assert_eq!(carried[0]["text"], "Find a mentor in design");
    assert_eq!(carried[0]["done"], false);
    assert_eq!(carried[0]["carried_from_meeting_id"], first);
    let (_, held) = report.get(&format!("/meetings/{first}")).await;
    assert_eq!(held["status"], "completed");
    assert!(
        held["action_items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["text"] == "Send the slides" && a["done"] == true),
        "the done item stays in the meeting it was done in: {held}"
    );
    let onward = held["carried_over_action_items"].as_array().unwrap();
    assert_eq!(
        onward.len(),
        1,
        "the held meeting says where its open item went: {held}"
    );
    assert_eq!(onward[0]["text"], "Find a mentor in design");
    assert_eq!(onward[0]["meeting_id"], second);

    // Skip, cancel and move, each with its reason; history is kept, oldest first.
    let (status, skipped) = post(
        &report,
        &format!("/meetings/{second}/skip"),
        json!({"reason": "Out sick"}),
    )
    .await;
    assert_eq!(status, 200, "{skipped}");
    let third = id(&skipped["next_meeting"]);
    let (status, cancelled) = post(
        &lead,
        &format!("/meetings/{third}/cancel"),
        json!({"reason": "Offsite all week"}),
    )
    .await;
    assert_eq!(status, 200, "{cancelled}");
    let fourth = id(&cancelled["next_meeting"]);
    let (_, carried_twice) = lead.get(&format!("/meetings/{fourth}")).await;
    assert!(
        carried_twice["action_items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["text"] == "Find a mentor in design"),
        "open items move past meetings not held: {carried_twice}"
    );
    let moved_to = days_ahead(40, 15);
    let (status, moved) = post(
        &lead,
        &format!("/meetings/{fourth}/reschedule"),
        json!({"starts_at": moved_to, "reason": "Clashes with the all-hands"}),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["starts_at"], moved_to.as_str());
    assert!(moved["moved_from"].is_string(), "{moved}");

    let (status, detail) = report.get(&format!("/one-on-ones/{series_id}")).await;
    assert_eq!(status, 200, "{detail}");
    let history: Vec<(i64, &str, &str)> = detail["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                id(m),
                m["status"].as_str().unwrap(),
                m["starts_at"].as_str().unwrap(),
            )
        })
        .collect();
    let statuses: Vec<(i64, &str)> = history.iter().map(|(id, s, _)| (*id, *s)).collect();
    assert_eq!(
        statuses,
        [
            (first, "completed"),
            (second, "skipped"),
            (third, "cancelled"),
            (fourth, "scheduled")
        ],
        "{detail}"
    );
    assert!(
        history.windows(2).all(|w| w[0].2 <= w[1].2),
        "oldest first: {history:?}"
    );
    let reasons: Vec<&str> = detail["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["reason"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(reasons[1], "Out sick");
    assert_eq!(reasons[2], "Offsite all week");

    // The calendar feed's address: absolute, stable until rotated, dead once rotated.
    let (status, calendar) = lead.get("/me/calendar").await;
    assert_eq!(status, 200, "{calendar}");
    let url = calendar["url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with(&format!("{}/calendar/", server.url)) && url.ends_with(".ics"),
        "absolute, from the base URL: {url}"
    );
    assert_eq!(lead.get("/me/calendar").await.1["url"], url.as_str());
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 200);
    let (status, rotated) = post(&lead, "/me/calendar/rotate", json!({})).await;
    assert_eq!(status, 200, "{rotated}");
    let new_url = rotated["url"].as_str().unwrap();
    assert_ne!(new_url, url);
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 404);
    assert_eq!(reqwest::get(new_url).await.unwrap().status(), 200);
}

// ---------------------------------------------------------------------------------------------
// 2. Bad input.

#[tokio::test]
async fn bad_input_is_a_4xx_naming_the_field_and_changes_nothing() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let lead = server.api(&server.token(&cast.lead).await);
    let archived = server
        .person("gone@example.com", "Gus Gone", "member", None)
        .await;
    server
        .store
        .set_archived(archived.id, true, None)
        .await
        .unwrap();
    let (series_id, meeting) = weekly_series(&lead, &cast.report).await;
    let (_, point) = post(
        &lead,
        &format!("/meetings/{meeting}/talking-points"),
        json!({"text": "Holidays", "kind": "other"}),
    )
    .await;
    let series_before = lead.get(&format!("/one-on-ones/{series_id}")).await.1;
    let meeting_before = lead.get(&format!("/meetings/{meeting}")).await.1;

    let later = days_ahead(7, 10);
    let start = |with: Value, cadence: &str, at: &str| json!({"with": with, "cadence": cadence, "first_meeting_at": at});
    let series_cases = [
        (
            "with oneself",
            start(json!(cast.lead.id), "weekly", &later),
            "with",
        ),
        (
            "with an archived person",
            start(json!(archived.id), "weekly", &later),
            "with",
        ),
        (
            "with an unknown person",
            start(json!(999_999), "weekly", &later),
            "with",
        ),
        (
            "first meeting in the past",
            start(json!(cast.third.id), "weekly", "2020-01-07T10:00:00Z"),
            "first_meeting_at",
        ),
        (
            "first meeting not a time",
            start(json!(cast.third.id), "weekly", "next tuesday"),
            "first_meeting_at",
        ),
        (
            "unknown cadence",
            start(json!(cast.third.id), "daily", &later),
            "cadence",
        ),
    ];
    for (case, body, field) in series_cases {
        let answer = answer(&lead, Method::POST, "/one-on-ones", body).await;
        assert_names_field(&answer, field, case);
    }

    let points = format!("/meetings/{meeting}/talking-points");
    let notes = format!("/meetings/{meeting}/notes");
    let actions = format!("/meetings/{meeting}/action-items");
    let too_long = "x".repeat(501);
    let meeting_cases = [
        (
            "unknown kind",
            &points,
            json!({"text": "Fine", "kind": "gossip"}),
            "kind",
        ),
        (
            "empty text",
            &points,
            json!({"text": "  ", "kind": "growth"}),
            "text",
        ),
        (
            "text over 500",
            &points,
            json!({"text": too_long, "kind": "growth"}),
            "text",
        ),
        (
            "empty note",
            &notes,
            json!({"body": "", "private": true}),
            "body",
        ),
        (
            "due on tomorrow",
            &actions,
            json!({"text": "Do it", "owner_id": cast.report.id, "due_on": "tomorrow"}),
            "due_on",
        ),
        (
            "owner outside the series",
            &actions,
            json!({"text": "Do it", "owner_id": cast.third.id}),
            "owner_id",
        ),
        (
            "empty action item",
            &actions,
            json!({"text": "", "owner_id": cast.report.id}),
            "text",
        ),
    ];
    for (case, path, body, field) in meeting_cases {
        let answer = answer(&lead, Method::POST, path, body).await;
        assert_names_field(&answer, field, case);
    }

    let moves = [
        (
            "skip without a reason",
            format!("/meetings/{meeting}/skip"),
            json!({"reason": " "}),
            "reason",
        ),
        (
            "moved into the past",
            format!("/meetings/{meeting}/reschedule"),
            json!({"starts_at": "2020-01-07T10:00:00Z", "reason": "Why not"}),
            "starts_at",
        ),
        (
            "move sideways",
            format!("/talking-points/{}", id(&point)),
            json!({"move": "sideways"}),
            "move",
        ),
    ];
    for (case, path, body, field) in moves {
        let method = if path.starts_with("/talking-points") {
            Method::PATCH
        } else {
            Method::POST
        };
        let answer = answer(&lead, method, &path, body).await;
        assert_names_field(&answer, field, case);
    }

    // Missing body fields: whatever 4xx the API picks, it is problem+json and names the field.
    let missing = [
        (
            "/one-on-ones".to_owned(),
            json!({"cadence": "weekly", "first_meeting_at": later}),
            "with",
        ),
        (points.clone(), json!({"text": "No kind"}), "kind"),
        (notes.clone(), json!({"private": false}), "body"),
        (actions.clone(), json!({"text": "No owner"}), "owner_id"),
    ];
    for (path, body, field) in missing {
        let answer = answer(&lead, Method::POST, &path, body).await;
        assert_rejected_mentioning(&answer, field, &format!("missing {field} on {path}"));
    }

    // Nothing changed.
    assert_eq!(
        lead.get("/one-on-ones").await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        lead.get(&format!("/one-on-ones/{series_id}")).await.1,
        series_before
    );
    assert_eq!(
        lead.get(&format!("/meetings/{meeting}")).await.1,
        meeting_before
    );
    let third = server.api(&server.token(&cast.third).await);
    assert_eq!(third.get("/one-on-ones").await.1["items"], json!([]));
}

// ---------------------------------------------------------------------------------------------
// 3. Privacy through every door.

const PRIVATE_R: &str = "PRIVATE-R-MARKER";
const PRIVATE_L: &str = "PRIVATE-L-MARKER";
const SHARED: &str = "SHARED-MARKER";

/// One way into what Tend knows, and what it answered.
struct Door {
    name: String,
    /// The series' or its meeting's own route: 200 for its two people, 404 for anyone else.
    of_the_series: bool,
    status: u16,
    body: String,
}

/// Everything `viewer` can fetch about the series: pages, API and their calendar feed.
async fn doors(
    server: &TestServer,
    cast: &Cast,
    viewer: &Person,
    series: i64,
    meeting: i64,
) -> Vec<Door> {
    let browser = server.signed_in(&viewer.email.to_string()).await;
    let api = server.api(&server.token(viewer).await);
    let mut doors = Vec::new();
    let pages = [
        ("/one-on-ones".to_owned(), false),
        (format!("/one-on-ones/{series}"), true),
        (format!("/meetings/{meeting}"), true),
        (format!("/people/{}", cast.report.id), false),
        (format!("/people/{}", cast.lead.id), false),
    ];
    for (path, of_the_series) in pages {
        let (status, body) = browser.get_text(&path).await;
        doors.push(Door {
            name: format!("page {path}"),
            of_the_series,
            status,
            body,
        });
    }
    let routes = [
        ("/one-on-ones".to_owned(), false),
        (format!("/one-on-ones/{series}"), true),
        (format!("/meetings/{meeting}"), true),
        ("/me".to_owned(), false),
    ];
    for (path, of_the_series) in routes {
        let (status, body) = api.get(&path).await;
        doors.push(Door {
            name: format!("API {path}"),
            of_the_series,
            status,
            body: body.to_string(),
        });
    }
    let (_, calendar) = api.get("/me/calendar").await;
    let feed = reqwest::get(calendar["url"].as_str().expect("a feed URL"))
        .await
        .unwrap();
    doors.push(Door {
        name: "calendar feed".to_owned(),
        of_the_series: false,
        status: feed.status().as_u16(),
        body: feed.text().await.unwrap(),
    });
    doors
}

fn door<'a>(doors: &'a [Door], name: &str) -> &'a Door {
    doors
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no door {name}"))
}

#[tokio::test]
async fn private_notes_and_the_series_stay_with_their_people_through_every_door() {
    for server in every_backend().await {
        let cast = cast(&server).await;
        let lead = server.api(&server.token(&cast.lead).await);
        let report = server.api(&server.token(&cast.report).await);
        let (series, meeting) = weekly_series(&lead, &cast.report).await;
        let notes = format!("/meetings/{meeting}/notes");
        let (status, report_private) = post(
            &report,
            &notes,
            json!({"body": format!("{PRIVATE_R}: I am thinking of leaving"), "private": true}),
        )
        .await;
        assert_eq!(status, 201, "{report_private}");
        for (body, private) in [(PRIVATE_L, true), (SHARED, false)] {
            let (status, note) =
                post(&lead, &notes, json!({"body": body, "private": private})).await;
            assert_eq!(status, 201, "{note}");
        }

        for viewer in [
            &cast.report,
            &cast.lead,
            &cast.third,
            &cast.manager,
            &cast.admin,
        ] {
            let who = viewer.email.to_string();
            let in_series = viewer.id == cast.report.id || viewer.id == cast.lead.id;
            let doors = doors(&server, &cast, viewer, series, meeting).await;
            for door in &doors {
                let expected = if door.of_the_series && !in_series {
                    404
                } else {
                    200
                };
                assert_eq!(door.status, expected, "{who}: {}", door.name);
                let leaks = [
                    (PRIVATE_R, viewer.id == cast.report.id),
                    (PRIVATE_L, viewer.id == cast.lead.id),
                    (SHARED, in_series),
                ];
                for (marker, may_see) in leaks {
                    assert!(
                        may_see || !door.body.contains(marker),
                        "{who} reads {marker} through {}",
                        door.name
                    );
                }
            }
            let own_marker = if viewer.id == cast.report.id {
                Some(PRIVATE_R)
            } else if viewer.id == cast.lead.id {
                Some(PRIVATE_L)
            } else {
                None
            };
            if let Some(own) = own_marker {
                for name in [
                    format!("page /meetings/{meeting}"),
                    format!("API /meetings/{meeting}"),
                ] {
                    let body = &door(&doors, &name).body;
                    assert!(
                        body.contains(own),
                        "{who} reads their own private note: {name}"
                    );
                    assert!(body.contains(SHARED), "{who} reads the shared note: {name}");
                }
                let feed = &door(&doors, "calendar feed").body;
                assert!(
                    feed.contains("BEGIN:VEVENT"),
                    "{who}'s feed has the meetings"
                );
            } else {
                let listed = &door(&doors, "API /one-on-ones").body;
                assert_eq!(
                    listed,
                    &json!({"items": [], "next_cursor": null}).to_string(),
                    "{who}"
                );
                let page = &door(&doors, "page /one-on-ones").body;
                assert!(
                    !page.contains(&format!("/one-on-ones/{series}\"")),
                    "{who} sees it listed"
                );
                assert!(
                    !page.contains(&format!("/meetings/{meeting}\"")),
                    "{who} sees it listed"
                );
                let feed = &door(&doors, "calendar feed").body;
                assert!(
                    !feed.contains("BEGIN:VEVENT"),
                    "{who}'s feed shows the series: {feed}"
                );
                assert!(
                    !feed.contains("Rae Report") && !feed.contains("Lee Lead"),
                    "{who}"
                );
            }
        }

        // An outsider cannot tell the series from one that does not exist, nor write into it.
        let meeting_before = report.get(&format!("/meetings/{meeting}")).await.1;
        for outsider in [&cast.third, &cast.manager, &cast.admin] {
            let api = server.api(&server.token(outsider).await);
            for (real, made_up) in [
                (
                    format!("/one-on-ones/{series}"),
                    format!("/one-on-ones/{}", series + 1000),
                ),
                (
                    format!("/meetings/{meeting}"),
                    format!("/meetings/{}", meeting + 1000),
                ),
            ] {
                assert_eq!(api.get(&real).await, api.get(&made_up).await, "{real}");
            }
            for (path, body) in [
                (
                    notes.clone(),
                    json!({"body": "outsider note", "private": false}),
                ),
                (
                    format!("/meetings/{meeting}/talking-points"),
                    json!({"text": "x", "kind": "other"}),
                ),
                (
                    format!("/meetings/{meeting}/action-items"),
                    json!({"text": "x", "owner_id": cast.report.id}),
                ),
                (format!("/meetings/{meeting}/complete"), json!({})),
                (
                    format!("/meetings/{meeting}/skip"),
                    json!({"reason": "nosy"}),
                ),
            ] {
                let (status, body) = post(&api, &path, body).await;
                assert_eq!(status, 404, "{} POST {path}: {body}", outsider.email);
            }
        }
        assert_eq!(
            report.get(&format!("/meetings/{meeting}")).await.1,
            meeting_before,
            "nothing written by outsiders"
        );

        // The other participant may not even learn that a private note exists.
        let note_path = format!("/notes/{}", id(&report_private));
        for other in [&cast.lead, &cast.third, &cast.admin] {
            let api = server.api(&server.token(other).await);
            let (status, body) = api
                .send(Method::PATCH, &note_path, json!({"body": "overwritten"}))
                .await;
            assert_eq!(status, 404, "{} PATCH {note_path}: {body}", other.email);
        }
        let edited = format!("{PRIVATE_R}: still thinking");
        let (status, note) = report
            .send(Method::PATCH, &note_path, json!({"body": edited}))
            .await;
        assert_eq!(status, 200, "{note}");
        assert_eq!(note["body"], edited.as_str());
        assert_eq!(note["private"], true);
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Markdown rendered inert.

const HOSTILE_NOTE: &str = "**kept-bold**\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n<a href=\"#\" onclick=\"alert(1)\">y</a>";

#[tokio::test]
async fn markdown_in_notes_is_rendered_inert_and_kept_verbatim_in_the_api() {
    for server in every_backend().await {
        let cast = cast(&server).await;
        let lead = server.api(&server.token(&cast.lead).await);
        let (_, meeting) = weekly_series(&lead, &cast.report).await;
        let (status, note) = post(
            &lead,
            &format!("/meetings/{meeting}/notes"),
            json!({"body": HOSTILE_NOTE, "private": false}),
        )
        .await;
        assert_eq!(status, 201, "{note}");
        assert_eq!(note["body"], HOSTILE_NOTE);
        let report = server.api(&server.token(&cast.report).await);
        assert_eq!(
            report.get(&format!("/meetings/{meeting}")).await.1["notes"][0]["body"],
            HOSTILE_NOTE,
            "the API gives the Markdown as written"
        );

        let (status, page) = server
            .signed_in("report@example.com")
            .await
            .get_text(&format!("/meetings/{meeting}"))
            .await;
        assert_eq!(status, 200);
        let notes = notes_section(&page).to_lowercase();
        assert!(
            notes.contains("<strong>kept-bold</strong>"),
            "rendered: {notes}"
        );
        for live in ["<script", "javascript:alert", "onerror=", "onclick="] {
            assert!(!notes.contains(live), "{live} survives in {notes}");
        }
        // The author's own page holds the source in an edit box, escaped.
        let (_, own) = server
            .signed_in("lead@example.com")
            .await
            .get_text(&format!("/meetings/{meeting}"))
            .await;
        assert!(!notes_section(&own).to_lowercase().contains("<script"));
    }
}

// ---------------------------------------------------------------------------------------------
// 5. The pages without JavaScript.

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_pages_work_with_plain_forms() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let lead = server.signed_in("lead@example.com").await;
    let report = server.signed_in("report@example.com").await;
    let lead_api = server.api(&server.token(&cast.lead).await);
    let date = date_ahead(10);

    // A form that does not hold comes back with what was typed, and starts nothing.
    let (status, page) = lead
        .post_text(
            "/one-on-ones",
            &[
                ("with", ""),
                ("cadence", "fortnightly"),
                ("date", "31/12/2026"),
                ("time", "10:30"),
                ("time_zone", "Europe/Lisbon"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    for kept in [
        "value=\"31/12/2026\"",
        "value=\"10:30\"",
        "value=\"Europe/Lisbon\"",
        "value=\"fortnightly\" selected",
    ] {
        assert!(page.contains(kept), "{kept} kept");
    }
    assert!(
        page.contains("id=\"with-error\""),
        "the empty person is named"
    );
    assert!(page.contains("aria-invalid=\"true\""));
    let (status, page) = lead
        .post_text(
            "/one-on-ones",
            &[
                ("with", "Nobody Such"),
                ("cadence", "weekly"),
                ("date", &date),
                ("time", "10:00"),
                ("time_zone", "Europe/Lisbon"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("value=\"Nobody Such\""));
    assert!(page.contains(&format!("value=\"{date}\"")));
    assert_eq!(lead_api.get("/one-on-ones").await.1["items"], json!([]));

    // Starting one: 303 to the series page.
    let response = lead
        .post(
            "/one-on-ones",
            &[
                ("with", "report@example.com"),
                ("cadence", "weekly"),
                ("date", &date),
                ("time", "10:00"),
                ("time_zone", "Europe/Lisbon"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let series_page = location(&response);
    let (_, list) = lead_api.get("/one-on-ones").await;
    let series = &list["items"][0];
    assert_eq!(series_page, format!("/one-on-ones/{}", id(series)));
    assert_eq!(series["time_zone"], "Europe/Lisbon");
    let (status, page) = lead.get_text(&series_page).await;
    assert_eq!(status, 200);
    assert!(page.contains("Rae Report"));
    let meeting = id(&series["next_meeting"]);
    let meeting_page = format!("/meetings/{meeting}");

    // Working in the meeting: every form comes back to it.
    let report_id = cast.report.id.to_string();
    let submissions = [
        (
            &report,
            "talking-points",
            vec![("text", "Page-added point"), ("kind", "growth")],
        ),
        (
            &lead,
            "notes",
            vec![("body", "Page private note"), ("private", "true")],
        ),
        (&lead, "notes", vec![("body", "Page shared note")]),
        (
            &lead,
            "action-items",
            vec![
                ("text", "Page action item"),
                ("owner", report_id.as_str()),
                ("due_on", date.as_str()),
            ],
        ),
    ];
    for (browser, form, fields) in submissions {
        let response = browser
            .post(&format!("{meeting_page}/{form}"), &fields)
            .await;
        assert_eq!(response.status(), 303, "{form}");
        assert!(
            location(&response).starts_with(&meeting_page),
            "{form} goes back"
        );
    }
    let (_, seen_by_report) = report.get_text(&meeting_page).await;
    assert!(seen_by_report.contains("Page-added point"));
    assert!(seen_by_report.contains("Page shared note"));
    assert!(
        !seen_by_report.contains("Page private note"),
        "the private checkbox holds"
    );
    assert!(seen_by_report.contains("Page action item"));
    let (_, seen_by_lead) = lead.get_text(&meeting_page).await;
    assert!(seen_by_lead.contains("Page private note"));
    let (status, failed) = report
        .post_text(
            &format!("{meeting_page}/talking-points"),
            &[("text", ""), ("kind", "career")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        failed.contains("value=\"career\" selected"),
        "the kind is kept"
    );

    // Completing goes to the next meeting, where the open item is, saying where it came from.
    let response = lead.post(&format!("{meeting_page}/complete"), &[]).await;
    assert_eq!(response.status(), 303);
    let next_page = location(&response);
    assert!(
        next_page.starts_with("/meetings/") && next_page != meeting_page,
        "{next_page}"
    );
    let (status, next) = report.get_text(&next_page).await;
    assert_eq!(status, 200);
    let actions = &next[next.find("id=\"actions\"").expect("an actions section")..];
    assert!(actions.contains("Page action item"));
    assert!(actions.contains("carried over from"));
    assert!(actions.contains(&format!("href=\"{meeting_page}\"")));
}

// ---------------------------------------------------------------------------------------------
// 6. The calendar feed, read by a real iCalendar parser.

const CALENDAR_CHECK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/http/calendar_check.py");

/// Makes sure Python's `icalendar` is there, installing it when missing. False (after saying so
/// loudly) only when it cannot be installed.
fn icalendar_available() -> bool {
    let importable = || {
        Command::new("python3")
            .args(["-c", "import icalendar, dateutil"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if importable() {
        return true;
    }
    let installed = Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "icalendar"])
        .status()
        .is_ok_and(|s| s.success());
    if !installed || !importable() {
        eprintln!(
            "\n!!!!! SKIPPED: `python3 -m pip install icalendar` failed, so the calendar feed was \
             NOT checked with a real iCalendar parser !!!!!\n"
        );
        return false;
    }
    true
}

/// Runs `calendar_check.py` on `feed`: the first event starts (UTC) must be `expected`.
fn check_feed(feed: &str, expected: &[&str]) -> Result<String, String> {
    let mut child = Command::new("python3")
        .arg(CALENDAR_CHECK)
        .arg(serde_json::to_string(expected).unwrap())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(feed.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let said = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    if output.status.success() {
        Ok(said(&output.stdout))
    } else {
        Err(said(&output.stderr))
    }
}

#[test]
fn the_feed_checker_fails_on_a_wrong_feed() {
    if !icalendar_available() {
        return;
    }
    let feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a\r\n\
                DTSTAMP:20261125T000000Z\r\nDTSTART:20270316T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    assert!(check_feed(feed, &["2027-03-16T10:00:00Z"]).is_ok());
    assert!(check_feed(feed, &["2027-03-16T09:00:00Z"]).is_err());
    assert!(check_feed("not a calendar", &["2027-03-16T10:00:00Z"]).is_err());
}

#[tokio::test]
async fn the_calendar_feed_keeps_the_wall_clock_across_summer_time_and_leaves_out_skips() {
    if !icalendar_available() {
        return;
    }
    // Lisbon moves to summer time (UTC+1) on 28 March 2027: 10:00 Lisbon is 10:00Z before and
    // 09:00Z after. The second meeting (23 March) is skipped.
    let expected = [
        "2027-03-16T10:00:00Z",
        "2027-03-30T09:00:00Z",
        "2027-04-06T09:00:00Z",
    ];
    for server in every_backend().await {
        let cast = cast(&server).await;
        let lead = server.api(&server.token(&cast.lead).await);
        let (status, me) = lead
            .send(
                Method::PATCH,
                "/me/profile",
                json!({"time_zone": "Europe/Lisbon"}),
            )
            .await;
        assert_eq!(status, 200, "{me}");
        let (status, series) = post(
            &lead,
            "/one-on-ones",
            json!({"with": cast.report.id, "cadence": "weekly", "first_meeting_at": "2027-03-16T10:00:00Z"}),
        )
        .await;
        assert_eq!(status, 201, "{series}");
        assert_eq!(series["time_zone"], "Europe/Lisbon");
        let first = id(&series["next_meeting"]);
        let (status, held) = post(&lead, &format!("/meetings/{first}/complete"), json!({})).await;
        assert_eq!(status, 200, "{held}");
        let second = &held["next_meeting"];
        assert_eq!(second["starts_at"], "2027-03-23T10:00:00Z");
        let (status, skipped) = post(
            &lead,
            &format!("/meetings/{}/skip", id(second)),
            json!({"reason": "Easter week off"}),
        )
        .await;
        assert_eq!(status, 200, "{skipped}");
        assert_eq!(skipped["next_meeting"]["starts_at"], "2027-03-30T09:00:00Z");

        // Both people's feeds show the same instants, whatever their own time zone.
        for person in [&cast.lead, &cast.report] {
            let api = server.api(&server.token(person).await);
            let (_, calendar) = api.get("/me/calendar").await;
            let response = reqwest::get(calendar["url"].as_str().unwrap())
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let content_type = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(content_type.starts_with("text/calendar"), "{content_type}");
            let feed = response.text().await.unwrap();
            if let Err(why) = check_feed(&feed, &expected) {
                panic!("{}'s feed: {why}\n{feed}", person.email);
            }
        }
    }
}

#[tokio::test]
async fn the_home_page_shows_the_next_one_on_ones_and_who_has_none_yet() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let second_report = server
        .person(
            "second@example.com",
            "Sky Second",
            "member",
            Some(cast.lead.id),
        )
        .await;
    let lead_api = server.api(&server.token(&cast.lead).await);
    let (_, meeting) = weekly_series(&lead_api, &cast.report).await;

    let lead = server.signed_in(cast.lead.email.as_str()).await;
    let (status, home) = lead.get_text("/").await;
    assert_eq!(status, 200);
    assert!(
        home.contains(&format!("href=\"/meetings/{meeting}\">Rae Report</a>")),
        "the next meeting, linked: {home}"
    );
    let none_yet = home
        .split("No one-on-ones yet with")
        .nth(1)
        .expect("the lead is told who has none yet");
    let sentence = &none_yet[..none_yet.find('.').unwrap()];
    assert!(sentence.contains(&second_report.name), "{sentence}");
    assert!(!sentence.contains("Rae Report"), "{sentence}");

    // The report sees their meeting too; the third person sees none.
    let report = server.signed_in(cast.report.email.as_str()).await;
    let (_, home) = report.get_text("/").await;
    assert!(home.contains(&format!("href=\"/meetings/{meeting}\">Lee Lead</a>")));
    let third = server.signed_in(cast.third.email.as_str()).await;
    let (_, home) = third.get_text("/").await;
    assert!(!home.contains(&format!("/meetings/{meeting}")));
}

#[tokio::test]
async fn a_series_ends_with_a_reason_and_resumes_with_its_open_items() {
    let server = TestServer::start().await;
    let cast = cast(&server).await;
    let lead = server.api(&server.token(&cast.lead).await);
    let report = server.api(&server.token(&cast.report).await);
    let (series, first) = weekly_series(&lead, &cast.report).await;
    let (status, item) = post(
        &lead,
        &format!("/meetings/{first}/action-items"),
        json!({"text": "Hand over the roadmap", "owner_id": cast.report.id}),
    )
    .await;
    assert_eq!(status, 201, "{item}");

    let (status, problem) = post(
        &report,
        &format!("/one-on-ones/{series}/end"),
        json!({"reason": ""}),
    )
    .await;
    assert_eq!(status, 422, "a reason is needed: {problem}");
    let (status, ended) = post(
        &report,
        &format!("/one-on-ones/{series}/end"),
        json!({"reason": "A new manager"}),
    )
    .await;
    assert_eq!(status, 200, "{ended}");
    assert!(ended["ended_at"].is_string(), "{ended}");
    assert!(ended["next_meeting"].is_null(), "{ended}");
    assert_eq!(ended["meetings"][0]["status"], "cancelled");
    assert_eq!(ended["meetings"][0]["reason"], "A new manager");
    // Outsiders cannot end or resume it either: it does not exist for them.
    let third = server.api(&server.token(&cast.third).await);
    let (status, _) = post(&third, &format!("/one-on-ones/{series}/resume"), json!({})).await;
    assert_eq!(status, 404);

    let (status, resumed) = post(&lead, &format!("/one-on-ones/{series}/resume"), json!({})).await;
    assert_eq!(status, 200, "{resumed}");
    assert!(resumed["ended_at"].is_null());
    let next = id(&resumed["next_meeting"]);
    let (_, meeting) = report.get(&format!("/meetings/{next}")).await;
    let items = meeting["action_items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{meeting}");
    assert_eq!(items[0]["carried_from_meeting_id"], first);
    let (status, _) = post(&lead, &format!("/one-on-ones/{series}/resume"), json!({})).await;
    assert_eq!(status, 409, "it goes on already");
}
