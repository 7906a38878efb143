//! Rough edges from the issue "Holes and rough edges": the org chart bounded at any size and
//! starting at the viewer, destructive actions that ask first, a team's lead kept among its
//! members, and forms that create a secret answering 303 and showing it once.

use std::collections::{BTreeSet, HashSet};
use std::time::Instant;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Client, Method, Response};
use serde_json::json;
use tend_domain::import::ImportedPerson;
use tend_domain::org::CHART_BUDGET;
use tend_domain::{Email, Role};

use crate::kit::{PASSWORD, TestServer, csrf_in, org};

/// How many people a chart answer draws: the person links inside the tree (the page header's
/// own link to the viewer is outside it).
fn people_drawn(page: &str) -> usize {
    let tree = page
        .find("class=\"org-tree\"")
        .or_else(|| page.find("class=\"org-reports\""))
        .map_or("", |start| &page[start..]);
    let tree = tree.split("</main>").next().unwrap_or_default();
    tree.matches("href=\"/people/").count()
}

/// The `href` of the first link whose text ends with `text`.
fn link_before(page: &str, text: &str) -> Option<String> {
    let end = page.find(text)?;
    let start = page[..end].rfind("href=\"")? + "href=\"".len();
    let href = &page[start..];
    Some(
        href[..href.find('"')?]
            .replace("&amp;", "&")
            .replace("&#38;", "&"),
    )
}

fn email(raw: &str) -> Email {
    Email::parse(raw).unwrap()
}

/// An organisation of 3,017: a CEO (who can sign in) with 600 direct reports, the first 100 of
/// whom have 24 reports each; and below the first of those a line 16 deep.
async fn big_org(server: &TestServer) {
    server
        .person("ceo@example.com", "Cee Ceo", "member", None)
        .await;
    let mut plan = Vec::new();
    let mut add = |email_: String, name: String, manager: &str| {
        plan.push(ImportedPerson {
            email: email(&email_),
            name,
            role: Role::Member,
            manager: Some(email(manager)),
            teams: BTreeSet::new(),
        });
    };
    for i in 0..600 {
        add(
            format!("vp{i}@example.com"),
            format!("Vee {i:03}"),
            "ceo@example.com",
        );
    }
    for i in 0..100 {
        for j in 0..24 {
            add(
                format!("e{i}-{j}@example.com"),
                format!("Em {i:03}-{j:02}"),
                &format!("vp{i}@example.com"),
            );
        }
    }
    let mut above = "e0-0@example.com".to_owned();
    for k in 0..16 {
        let here = format!("line{k}@example.com");
        add(here.clone(), format!("Line {k:02}"), &above);
        above = here;
    }
    let summary = server
        .store
        .import_people(&plan, None, &|_| {})
        .await
        .unwrap();
    assert_eq!(summary.created, 3016);
}

/// At 3,017 people no answer of the chart draws more than the budget, whatever it is asked: the
/// viewer's place, every depth, the top of the organisation, one person's reports; and what does
/// not fit is one "N more — open from here" link away, page after page, each person once.
#[tokio::test]
async fn the_org_chart_stays_within_its_budget_at_three_thousand_people() {
    chart_within_budget(TestServer::start().await).await;
}

/// The same on PostgreSQL, whose planner reads differently.
#[tokio::test]
async fn the_org_chart_stays_within_its_budget_on_postgres() {
    if let Some(url) = TestServer::postgres_url().await {
        chart_within_budget(TestServer::start_on(&url).await).await;
    }
}

async fn chart_within_budget(server: TestServer) {
    big_org(&server).await;
    let ceo = server.signed_in("ceo@example.com").await;
    let mut slowest = std::time::Duration::ZERO;
    let mut get = async |path: &str| {
        let started = Instant::now();
        let (status, page) = ceo.get_text(path).await;
        slowest = slowest.max(started.elapsed());
        assert_eq!(status, 200, "{path}");
        page
    };

    let own = get("/org").await;
    assert!(own.contains("Org chart: your place"));
    assert!(own.contains(r#"<strong class="org-you">you</strong>"#));
    assert!(people_drawn(&own) <= CHART_BUDGET, "{}", people_drawn(&own));
    // The CEO and 499 of the 600: the budget runs out among the first level.
    assert_eq!(people_drawn(&own), CHART_BUDGET);
    assert!(own.contains("101 more — open from here"));
    assert!(own.len() < 200_000, "{} bytes", own.len());

    for path in [
        "/org?depth=12",
        "/org?root=top",
        "/org?root=top&depth=12",
        "/org?depth=999",
    ] {
        let page = get(path).await;
        let drawn = people_drawn(&page);
        assert!(drawn <= CHART_BUDGET, "{path} draws {drawn}");
        assert!(drawn > 400, "{path} draws {drawn}: the budget is used");
        assert!(page.contains("more — open from here"), "{path}");
        assert!(page.len() < 200_000, "{path}: {} bytes", page.len());
    }

    // One of the VPs, all 12 levels: 1 + 24 + the line of 16 (cut at 12 levels below the VP).
    let vp0 = server
        .store
        .person_by_email(&email("vp0@example.com"))
        .await
        .unwrap()
        .unwrap();
    let deep = get(&format!("/org?root={}&depth=12", vp0.id)).await;
    assert_eq!(people_drawn(&deep), 1 + 24 + 11);
    assert!(deep.contains("Line 10") && !deep.contains("Line 11"));
    assert!(
        deep.contains("1 report of Line 10"),
        "the cut level can unfold"
    );

    // Following "N more" from the CEO's place walks all 600 reports once each, in pages.
    let ceo_person = server
        .store
        .person_by_email(&email("ceo@example.com"))
        .await
        .unwrap()
        .unwrap();
    let mut seen: HashSet<String> = HashSet::new();
    let mut page = own;
    let mut pages = 1;
    loop {
        for name in page
            .match_indices(">Vee ")
            .map(|(i, _)| &page[i + 1..i + 8])
        {
            assert!(seen.insert(name.to_owned()), "{name} twice");
        }
        let Some(next) = link_before(&page, "more — open from here") else {
            break;
        };
        assert!(
            next.starts_with(&format!("/org?root={}&after=", ceo_person.id)),
            "{next}"
        );
        page = get(&next).await;
        assert!(people_drawn(&page) <= CHART_BUDGET);
        assert!(page.contains("Back to the first reports"));
        pages += 1;
        assert!(pages < 10, "the pages end");
    }
    assert_eq!(seen.len(), 600);

    // One person's reports unfolded in place: a fragment, within the budget too.
    let fragment = ceo
        .client
        .get(format!("{}/org/{}/reports", ceo.base, ceo_person.id))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!fragment.contains("<html"));
    assert!(people_drawn(&fragment) < CHART_BUDGET);
    assert!(fragment.contains("more — open from here"));
    eprintln!("org chart at 3,017 people: slowest answer {slowest:.1?}");
}

/// A browser that keeps its cookies by hand, so a test can plant one (as someone who can set
/// cookies for the site could).
struct Manual {
    client: Client,
    base: String,
    session: String,
}

impl Manual {
    async fn sign_in(server: &TestServer, email: &str) -> Self {
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let login = client
            .get(format!("{}/login", server.url))
            .send()
            .await
            .unwrap();
        let csrf_cookie = cookie(&login, "tend_csrf").unwrap();
        let csrf = csrf_in(&login.text().await.unwrap()).unwrap();
        let signed_in = client
            .post(format!("{}/login", server.url))
            .header(COOKIE, format!("tend_csrf={csrf_cookie}"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("email", email),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(signed_in.status(), 303);
        Self {
            session: cookie(&signed_in, "tend_session").unwrap(),
            client,
            base: server.url.clone(),
        }
    }

    async fn get_with(&self, path: &str, extra_cookie: &str) -> String {
        self.client
            .get(format!("{}{path}", self.base))
            .header(
                COOKIE,
                format!("tend_session={}; {extra_cookie}", self.session),
            )
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

/// The value of the cookie `name` a response sets.
fn cookie(response: &Response, name: &str) -> Option<String> {
    set_cookie(response, name).map(|c| c.split(';').next().unwrap()[name.len() + 1..].to_owned())
}

/// The whole `Set-Cookie` line for `name`.
fn set_cookie(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

fn new_token_in(page: &str) -> Option<String> {
    let start = page.find("id=\"new-token\">")? + "id=\"new-token\">".len();
    Some(
        page[start..start + page[start..].find('<')?]
            .trim()
            .to_owned(),
    )
}

/// Creating a token answers 303; the page after shows the secret once, from a short-lived,
/// HttpOnly, SameSite=Strict cookie for /settings alone; the next visit does not; and a secret
/// planted in the browser is never shown as the viewer's.
#[tokio::test]
async fn a_new_token_is_shown_once_after_a_redirect() {
    let server = TestServer::start().await;
    org(&server).await;
    let browser = server.signed_in("peer@example.com").await;
    let created = browser
        .post("/settings/tokens", &[("token_name", "laptop")])
        .await;
    assert_eq!(
        created.status(),
        303,
        "a reload of the answer cannot create another"
    );
    assert_eq!(created.headers()[LOCATION], "/settings");
    let flash = set_cookie(&created, "tend_new_token").expect("the secret rides in a cookie");
    for part in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/settings",
        "Max-Age=300",
    ] {
        assert!(flash.contains(part), "{flash} lacks {part}");
    }

    let shown = browser.get("/settings").await;
    let clears = set_cookie(&shown, "tend_new_token").expect("the page clears the cookie");
    assert!(clears.contains("Max-Age=0"), "{clears}");
    let page = shown.text().await.unwrap();
    let secret = new_token_in(&page).expect("the secret is shown once");
    assert!(secret.starts_with("tend_"));
    assert_eq!(
        server.api(&secret).get("/me").await.1["email"],
        "peer@example.com"
    );
    let (_, again) = browser.get_text("/settings").await;
    assert_eq!(new_token_in(&again), None, "and not a second time");
    assert_eq!(
        again.matches("aria-label=\"Revoke token laptop\"").count(),
        1,
        "one token"
    );

    // Planted: a made-up secret, or someone else's real one, shows nothing.
    let lead = Manual::sign_in(&server, "lead@example.com").await;
    for planted in ["tend_madeup".to_owned(), secret.clone()] {
        let page = lead
            .get_with("/settings", &format!("tend_new_token={planted}"))
            .await;
        assert_eq!(new_token_in(&page), None, "{planted}");
        assert!(!page.contains(&secret));
    }
}

fn invite_link_in(page: &str) -> Option<String> {
    let start = page.find("id=\"invite-link\">")? + "id=\"invite-link\">".len();
    Some(
        page[start..start + page[start..].find('<')?]
            .trim()
            .to_owned(),
    )
}

/// "Create invite link" and "Send a password reset link" answer 303 to the person's page, which
/// shows the link once; only to an admin, and only that person's live link.
#[tokio::test]
async fn an_invite_link_is_shown_once_after_a_redirect() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let admin = server.signed_in("admin@example.com").await;
    let path = format!("/people/{}", org.report.id);
    let created = admin.post(&format!("{path}/invite"), &[]).await;
    assert_eq!(created.status(), 303);
    assert_eq!(created.headers()[LOCATION], path.as_str());
    let flash = set_cookie(&created, "tend_invite_link").unwrap();
    assert!(
        flash.contains(&format!("Path={path}")) && flash.contains("HttpOnly"),
        "{flash}"
    );
    let (_, page) = admin.get_text(&path).await;
    let link = invite_link_in(&page).expect("shown once");
    assert!(link.starts_with(&format!("{}/invite/", server.url)));
    let (_, again) = admin.get_text(&path).await;
    assert_eq!(invite_link_in(&again), None, "not twice");
    // The link works: the invite page greets the person.
    let (status, welcome) = server
        .browser()
        .await
        .get_text(link.trim_start_matches(&server.url))
        .await;
    assert_eq!(status, 200);
    assert!(welcome.contains("Rae Report"));

    // Not to someone who is not an admin, nor for another person's page.
    let lead = Manual::sign_in(&server, "lead@example.com").await;
    let page = lead
        .get_with(&path, &format!("tend_invite_link={link}"))
        .await;
    assert_eq!(invite_link_in(&page), None);
    let admin2 = Manual::sign_in(&server, "admin@example.com").await;
    let elsewhere = format!("/people/{}", org.peer.id);
    let page = admin2
        .get_with(&elsewhere, &format!("tend_invite_link={link}"))
        .await;
    assert_eq!(invite_link_in(&page), None, "the link is Rae's, not Pat's");
    let page = admin2
        .get_with(
            &path,
            &format!("tend_invite_link={}/invite/made-up", server.url),
        )
        .await;
    assert_eq!(invite_link_in(&page), None, "a made-up link");
}

/// Each destructive action is a link to a page that asks (GET changes nothing), names who or
/// what, says what happens, and holds the form that acts and a way back.
#[tokio::test]
async fn destructive_actions_ask_first() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let admin = server.signed_in("admin@example.com").await;
    let team = server
        .store
        .create_team(
            &tend_domain::team::TeamDraft::parse("Platform", "", Some(org.lead.id)).unwrap(),
            &[org.report.id],
        )
        .await
        .unwrap();

    let person = format!("/people/{}", org.report.id);
    let (_, page) = admin.get_text(&person).await;
    assert!(page.contains(&format!(r#"href="{person}/archive""#)));
    assert!(
        !page.contains(&format!(r#"action="{person}/archive""#)),
        "no button that archives at once"
    );
    let (status, ask) = admin.get_text(&format!("{person}/archive")).await;
    assert_eq!(status, 200);
    assert_confirmation(
        &ask,
        "Archive Rae Report?",
        &format!("{person}/archive"),
        &person,
    );
    assert!(ask.contains("signs Rae Report out"));
    assert!(
        !server
            .store
            .person(org.report.id)
            .await
            .unwrap()
            .unwrap()
            .is_archived()
    );
    let (status, refused) = admin
        .get_text(&format!("/people/{}/archive", org.admin.id))
        .await;
    assert_eq!(status, 409, "an admin is not asked to archive themselves");
    assert!(refused.contains("You cannot archive yourself"));

    let team_path = format!("/teams/{}", team.id);
    let remove = format!("{team_path}/members/{}/remove", org.report.id);
    let (_, page) = admin.get_text(&team_path).await;
    assert!(
        page.contains(&format!(r#"href="{remove}""#))
            && !page.contains(&format!(r#"action="{remove}""#))
    );
    let (status, ask) = admin.get_text(&remove).await;
    assert_eq!(status, 200);
    assert_confirmation(
        &ask,
        "Remove Rae Report from Platform?",
        &remove,
        &team_path,
    );
    assert_eq!(server.store.team_members(team.id).await.unwrap().len(), 2);
    assert_eq!(admin.post(&remove, &[]).await.status(), 303);
    assert_eq!(server.store.team_members(team.id).await.unwrap().len(), 1);
    assert_eq!(admin.get_text(&remove).await.0, 404, "no longer a member");

    let (status, ask) = admin.get_text(&format!("{team_path}/archive")).await;
    assert_eq!(status, 200);
    assert_confirmation(
        &ask,
        "Archive Platform?",
        &format!("{team_path}/archive"),
        &team_path,
    );
    assert!(
        server
            .store
            .team(team.id)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_none()
    );
    assert_eq!(
        admin
            .post(&format!("{team_path}/archive"), &[])
            .await
            .status(),
        303
    );
    assert!(
        server
            .store
            .team(team.id)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_some()
    );
}

fn assert_confirmation(page: &str, question: &str, action: &str, cancel: &str) {
    assert!(
        page.contains(&format!("<h1 id=\"confirm-heading\">{question}</h1>")),
        "{page}"
    );
    assert!(
        page.contains(&format!(r#"<form method="post" action="{action}">"#)),
        "{page}"
    );
    assert!(page.contains("name=\"csrf_token\""));
    assert!(
        page.contains(&format!(
            r#"<a href="{cancel}" role="button" class="secondary outline">Cancel</a>"#
        )),
        "{page}"
    );
}

/// A new team's lead is one of its members; a lead cannot take themselves (nor anyone the lead)
/// out of the team, on the page or in the API, and is told why.
#[tokio::test]
async fn a_lead_stays_a_member_of_their_team() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let admin = server.signed_in("admin@example.com").await;
    let created = admin
        .post(
            "/teams",
            &[
                ("name", "Platform"),
                ("purpose", "Ship"),
                ("lead", "lead@example.com"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let path = created.headers()[LOCATION].to_str().unwrap().to_owned();
    let (_, page) = admin.get_text(&path).await;
    assert!(
        page.contains("Members (1)"),
        "the lead is a member from the start"
    );
    assert!(page.contains(r#"Lee Lead</a> <span class="member-role">lead</span>"#));
    assert!(
        !page.contains(&format!("members/{}/remove", org.lead.id)),
        "no Remove for the lead"
    );

    let lead = server.signed_in("lead@example.com").await;
    let leave = format!("{path}/members/{}/remove", org.lead.id);
    for (status, page) in [
        lead.get_text(&leave).await,
        lead.post_text(&leave, &[]).await,
    ] {
        assert_eq!(status, 409);
        assert!(
            page.contains("You lead Platform, so you stay one of its members"),
            "{page}"
        );
    }
    let (status, page) = admin.post_text(&leave, &[]).await;
    assert_eq!(status, 409);
    assert!(page.contains("Lee Lead leads Platform"), "{page}");
    let team = server
        .store
        .team_by_name("Platform")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        server.store.team_members(team.id).await.unwrap()[0].id,
        org.lead.id
    );

    // The API: members must include the lead; a lead named when creating joins the members.
    let api = server.api(&server.token(&org.lead).await);
    let (status, problem) = api
        .send(
            Method::PATCH,
            &format!("/teams/{}", team.id),
            json!({"member_ids": [org.report.id]}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "member_ids");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Lee Lead")
    );
    let (status, team) = api
        .send(
            Method::PATCH,
            &format!("/teams/{}", team.id),
            json!({"member_ids": [org.lead.id, org.report.id]}),
        )
        .await;
    assert_eq!((status, team["member_count"].as_i64()), (200, Some(2)));
    let admin_api = server.api(&server.token(&org.admin).await);
    let (status, other) = admin_api
        .send(
            Method::POST,
            "/teams",
            json!({"name": "Apps", "lead_id": org.peer.id, "member_ids": [org.report.id]}),
        )
        .await;
    assert_eq!(
        (status, other["member_count"].as_i64()),
        (201, Some(2)),
        "{other}"
    );
}
