//! Rough edges a new user found (issue "Holes and rough edges found as a new user"): time zones
//! chosen from the IANA list with the local time shown, a directory that says who leads, who
//! reports to whom and in which teams and pages both ways, and teams in natural order.

use reqwest::Method;
use serde_json::json;
use tend_domain::person::ProfileChanges;
use tend_domain::team::TeamDraft;
use tend_domain::{PersonId, Timestamp};

use crate::kit::{TestServer, org};

async fn set_time_zone(server: &TestServer, person: PersonId, zone: &str) {
    server
        .store
        .update_profile(
            person,
            &ProfileChanges {
                time_zone: Some(zone.into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
}

fn now() -> Timestamp {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    Timestamp::from_unix(i64::try_from(seconds).unwrap()).unwrap()
}

/// The link in `page` whose text contains `label`, as a path to request.
fn link_labelled(page: &str, label: &str) -> Option<String> {
    let end = page.find(label)?;
    let start = page[..end].rfind("<a href=\"")? + "<a href=\"".len();
    let href = page[start..].split('"').next()?;
    Some(href.replace("&amp;", "&").replace("&#38;", "&"))
}

/// The people's names in the order a directory page lists them.
fn names_listed(page: &str) -> Vec<String> {
    page.split("<td role=\"cell\" class=\"person-name\"><a href=\"/people/")
        .skip(1)
        .map(|row| {
            row.split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn time_zones_are_names_from_the_tz_database_through_the_api() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let api = server.api(&server.token(&org.report).await);

    for refused in ["Lisbon", "Pacific Time", "Europe/Atlantis", "Factory"] {
        let (status, problem) = api
            .send(Method::PATCH, "/me/profile", json!({"time_zone": refused}))
            .await;
        assert_eq!(status, 422, "{refused}: {problem}");
        assert_eq!(problem["errors"][0]["field"], "time_zone", "{problem}");
        assert_eq!(problem["errors"].as_array().unwrap().len(), 1);
    }
    assert_eq!(
        api.get("/me").await.1["profile"]["time_zone"],
        "",
        "nothing saved"
    );

    // Any case is understood and stored as the database spells it; older names stay valid.
    for (typed, stored) in [
        ("europe/lisbon", "Europe/Lisbon"),
        (
            "America/Argentina/Buenos_Aires",
            "America/Argentina/Buenos_Aires",
        ),
        ("US/Pacific", "US/Pacific"),
        ("UTC", "UTC"),
        ("", ""),
    ] {
        let (status, me) = api
            .send(Method::PATCH, "/me/profile", json!({"time_zone": typed}))
            .await;
        assert_eq!(status, 200, "{typed}: {me}");
        assert_eq!(me["profile"]["time_zone"], stored);
    }
}

#[tokio::test]
async fn the_profile_form_offers_the_zone_list_and_refuses_others() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let browser = server.signed_in("report@example.com").await;

    // No zone yet: a list to choose from, "Not said" chosen, the browser's zone suggested.
    let (status, form) = browser.get_text("/profile").await;
    assert_eq!(status, 200);
    assert!(
        form.contains("<select id=\"time_zone\" name=\"time_zone\" data-browser-zone>"),
        "{form}"
    );
    assert!(form.contains("<option value=\"\" selected>Not said</option>"));
    assert!(form.contains("<optgroup label=\"Europe\">"));
    assert!(form.contains("<option value=\"Europe/Lisbon\">Lisbon (Europe)</option>"));
    assert!(form.contains(
        "<option value=\"America/Argentina/Buenos_Aires\">Buenos Aires (America/Argentina)</option>"
    ));
    assert!(form.contains("<option value=\"UTC\">UTC</option>"));
    assert!(!form.contains("type=\"text\" value=\"\" name=\"time_zone\""));

    // A name that is not a zone comes back with the message beside the field.
    let (status, refused) = browser
        .post_text(
            "/profile",
            &[("career_track", "undecided"), ("time_zone", "Pacific Time")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(refused.contains("id=\"time_zone-error\""), "{refused}");
    assert!(refused.contains("Pacific Time"));
    assert!(
        !refused.contains("data-browser-zone"),
        "the choice sent is not replaced"
    );

    let (status, _) = browser
        .post_text(
            "/profile",
            &[
                ("career_track", "undecided"),
                ("time_zone", "Europe/Lisbon"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (_, form) = browser.get_text("/profile").await;
    assert!(form.contains("<option value=\"Europe/Lisbon\" selected>Lisbon (Europe)</option>"));
    assert!(
        !form.contains("data-browser-zone"),
        "a zone said is not replaced"
    );

    // A value saved before the list existed is shown as it is, and saving it asks for another.
    set_time_zone(&server, org.report.id, "Lisbon").await;
    let (_, form) = browser.get_text("/profile").await;
    assert!(
        form.contains("<option value=\"Lisbon\" selected>Lisbon (not a time zone name)</option>"),
        "{form}"
    );
}

#[tokio::test]
async fn a_person_page_shows_their_local_time_to_those_who_read_their_profile() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    set_time_zone(&server, org.report.id, "Asia/Kolkata").await;
    let path = format!("/people/{}", org.report.id);
    let expected = |at: Timestamp| {
        let time = tend_domain::time_zone::local_time("Asia/Kolkata", at).unwrap();
        format!("Local time: <time datetime=\"{time}\">{time}</time> (Asia/Kolkata)")
    };

    for who in ["report@example.com", "lead@example.com"] {
        let browser = server.signed_in(who).await;
        let before = now();
        let (status, page) = browser.get_text(&path).await;
        let after = now();
        assert_eq!(status, 200);
        assert!(
            page.contains(&expected(before)) || page.contains(&expected(after)),
            "{who} sees the local time: {page}"
        );
    }
    // The time zone is part of the profile: a peer and an admin do not see it.
    for who in ["peer@example.com", "admin@example.com"] {
        let (_, page) = server.signed_in(who).await.get_text(&path).await;
        assert!(
            !page.contains("Local time") && !page.contains("Asia/Kolkata"),
            "{who}"
        );
    }
    // Nobody's local time when they have not said where they are.
    let (_, page) = server
        .signed_in("lead@example.com")
        .await
        .get_text(&format!("/people/{}", org.other_report.id))
        .await;
    assert!(!page.contains("Local time"));
}

#[tokio::test]
async fn the_directory_shows_leaders_managers_and_teams() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let team = |name: &'static str| TeamDraft::parse(name, "", None).unwrap();
    let ten = server
        .store
        .create_team(&team("Billing 10"), &[org.report.id])
        .await
        .unwrap();
    let three = server
        .store
        .create_team(&team("Billing 3"), &[org.report.id])
        .await
        .unwrap();
    let browser = server.signed_in("peer@example.com").await;
    let (status, page) = browser.get_text("/people").await;
    assert_eq!(status, 200);

    let row = |name: &str| {
        let start = page.find(&format!(">{name}</a>")).unwrap();
        page[start..start + page[start..].find("</tr>").unwrap()].to_owned()
    };
    assert!(row("Lee Lead").contains("<span class=\"leads-badge\">Leads 2</span>"));
    assert!(
        !row("Rae Report").contains("leads-badge"),
        "no reports, no badge"
    );
    assert!(!row("Pat Peer").contains("leads-badge"));
    let rae = row("Rae Report");
    assert!(rae.contains(&format!(
        "data-label=\"Manager\"><a href=\"/people/{}\">Lee Lead</a>",
        org.lead.id
    )));
    let teams = rae.split("data-label=\"Teams\"").nth(1).unwrap();
    let (at3, at10) = (
        teams
            .find(&format!("/teams/{}\">Billing 3<", three.id))
            .unwrap(),
        teams
            .find(&format!("/teams/{}\">Billing 10<", ten.id))
            .unwrap(),
    );
    assert!(at3 < at10, "the teams in natural order: {teams}");
    for header in ["Name", "Email", "Manager", "Teams", "Role"] {
        assert!(
            page.contains(&format!("role=\"columnheader\">{header}</th>")),
            "{header}"
        );
    }
}

#[tokio::test]
async fn the_directory_pages_back_as_well_as_forward() {
    let server = TestServer::start().await;
    org(&server).await;
    for i in 0..55 {
        server
            .person(
                &format!("p{i:02}@example.com"),
                &format!("Person {i:02}"),
                "member",
                None,
            )
            .await;
    }
    let browser = server.signed_in("peer@example.com").await;
    let mut pages = Vec::new();
    let (_, mut page) = browser.get_text("/people?q=person").await;
    assert!(
        link_labelled(&page, "Previous page").is_none()
            && link_labelled(&page, "First page").is_none()
    );
    loop {
        pages.push(names_listed(&page));
        let Some(next) = link_labelled(&page, "Next page") else {
            break;
        };
        page = browser.get_text(&next).await.1;
        assert_eq!(
            link_labelled(&page, "First page").as_deref(),
            Some("/people?q=person")
        );
    }
    let all: Vec<String> = (0..55).map(|i| format!("Person {i:02}")).collect();
    assert_eq!(pages.concat(), all, "forwards, each person once");
    assert_eq!(pages.len(), 3);

    let mut back = vec![names_listed(&page)];
    while let Some(previous) = link_labelled(&page, "Previous page") {
        assert!(
            previous.contains("q=person") && previous.contains("before="),
            "{previous}"
        );
        page = browser.get_text(&previous).await.1;
        back.push(names_listed(&page));
    }
    back.reverse();
    assert_eq!(back, pages, "backwards, the same pages");
    assert!(link_labelled(&page, "Next page").is_some());

    let (status, broken) = browser.get_text("/people?before=garbage").await;
    assert_eq!(status, 400);
    assert!(broken.contains("before"), "{broken}");
}

#[tokio::test]
async fn teams_are_listed_in_natural_order() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    for name in ["Billing 10", "Billing 3", "Billing 2", "Billing 1"] {
        server
            .store
            .create_team(&TeamDraft::parse(name, "", None).unwrap(), &[])
            .await
            .unwrap();
    }
    let api = server.api(&server.token(&org.admin).await);
    let (status, teams) = api.get("/teams?limit=3").await;
    assert_eq!(status, 200, "{teams}");
    let names: Vec<&str> = teams["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Billing 1", "Billing 2", "Billing 3"]);
    let cursor = teams["next_cursor"].as_str().unwrap();
    let (_, rest) = api.get(&format!("/teams?limit=3&cursor={cursor}")).await;
    assert_eq!(rest["items"][0]["name"], "Billing 10");

    let (_, page) = server
        .signed_in("peer@example.com")
        .await
        .get_text("/teams")
        .await;
    let at = |name: &str| page.find(&format!(">{name}</a>")).unwrap();
    assert!(at("Billing 3") < at("Billing 10"), "{page}");
}
