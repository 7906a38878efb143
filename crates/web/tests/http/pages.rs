use crate::kit::{TestServer, org};

#[tokio::test]
async fn the_directory_searches_filters_and_pages() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    for i in 0..30 {
        server
            .person(
                &format!("p{i:02}@example.com"),
                &format!("Person {i:02}"),
                "member",
                None,
            )
            .await;
    }
    let team = server
        .store
        .create_team(
            &tend_domain::team::TeamDraft::parse("Platform", "", None).unwrap(),
            &[org.report.id],
        )
        .await
        .unwrap();
    let browser = server.signed_in("peer@example.com").await;

    let (status, page) = browser.get_text("/people").await;
    assert_eq!(status, 200);
    assert!(page.contains("Next page"));
    let next = page
        .split("href=\"")
        .find(|s| s.starts_with("/people?cursor="))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let (status, second) = browser.get_text(&next).await;
    assert_eq!(status, 200);
    assert!(second.contains("First page"));

    let (_, found) = browser.get_text("/people?q=rae").await;
    assert!(found.contains("Rae Report") && !found.contains("Oli Other"));
    let (_, by_team) = browser.get_text(&format!("/people?team={}", team.id)).await;
    assert!(by_team.contains("Rae Report") && !by_team.contains("Person 01"));

    // htmx asks for the results alone.
    let fragment = browser
        .client
        .get(format!("{}/people?q=person", server.url))
        .header("hx-request", "true")
        .header("hx-target", "people-results")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(fragment.contains("Person 00") && !fragment.contains("<html"));

    // The one rule for query parameters: the same 400 as the API, naming the parameter.
    let (status, broken) = browser.get_text("/people?cursor=garbage").await;
    assert_eq!(status, 400);
    assert!(broken.contains("cursor"), "{broken}");
    assert_eq!(browser.get_text("/people?archived=maybe").await.0, 400);
    assert_eq!(browser.get_text("/people?team=abc").await.0, 400);
    assert_eq!(browser.get_text("/people?q=%00").await.0, 400);
}

#[tokio::test]
async fn the_profile_form_keeps_what_was_typed_when_it_fails() {
    let server = TestServer::start().await;
    org(&server).await;
    let browser = server.signed_in("report@example.com").await;
    let (status, page) = browser
        .post_text(
            "/profile",
            &[
                ("time_zone", "Mars/Olympus Mons!"),
                ("career_track", "individual_contributor"),
                ("aspirations", "Grow into a staff engineer"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("is not a time zone name"));
    assert!(
        page.contains("Grow into a staff engineer"),
        "typed text is kept"
    );
    assert!(page.contains("value=\"individual_contributor\" checked"));

    let response = browser
        .post(
            "/profile",
            &[
                ("time_zone", "Europe/Lisbon"),
                ("career_track", "individual_contributor"),
                ("aspirations", "Grow into a staff engineer"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, me) = browser
        .get_text(response.headers()["location"].to_str().unwrap())
        .await;
    assert!(
        me.contains("Europe/Lisbon")
            && me.contains("Individual contributor")
            && me.contains("Grow into a staff engineer")
    );

    // With htmx the form and the saved view swap in place.
    let htmx = |fields: Vec<(&'static str, &'static str)>| {
        let mut form = vec![("csrf_token", browser.csrf.as_str())];
        form.extend(fields);
        browser
            .client
            .post(format!("{}/profile", server.url))
            .header("hx-request", "true")
            .form(&form)
            .send()
    };
    let failed = htmx(vec![("career_track", "boss")]).await.unwrap();
    assert_eq!(failed.status(), 422);
    let failed = failed.text().await.unwrap();
    assert!(
        failed.starts_with("\n<section id=\"profile\"")
            || failed.trim_start().starts_with("<section id=\"profile\""),
        "{failed}"
    );
    let saved = htmx(vec![("career_track", "people_leadership")])
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(saved.contains("People leadership") && !saved.contains("<html"));
}

#[tokio::test]
async fn admins_manage_people_through_forms() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let admin = server.signed_in("admin@example.com").await;
    let (status, page) = admin
        .post_text(
            "/people",
            &[
                ("email", "nope"),
                ("name", "Nia New"),
                ("role", "member"),
                ("manager", "ghost@example.com"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("is not an email address")
            && page.contains("ghost@example.com does not match anyone")
    );
    assert!(page.contains("value=\"Nia New\""), "typed values are kept");

    let response = admin
        .post(
            "/people",
            &[
                ("email", "nia@example.com"),
                ("name", "Nia New"),
                ("role", "member"),
                ("manager", "report@example.com"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let nia = server
        .store
        .person_by_email(&tend_domain::Email::parse("nia@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(nia.manager_id, Some(org.report.id));

    // Making the lead report to Nia (who is below the lead) would be a cycle.
    let (status, page) = admin
        .post_text(
            &format!("/people/{}", org.lead.id),
            &[
                ("email", "lead@example.com"),
                ("name", "Lee Lead"),
                ("role", "member"),
                ("manager", "nia@example.com"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("cycle in the reporting line"));
    assert_eq!(
        server
            .store
            .person(org.lead.id)
            .await
            .unwrap()
            .unwrap()
            .manager_id,
        None
    );

    let created = admin.post(&format!("/people/{}/invite", nia.id), &[]).await;
    assert_eq!(created.status(), 303);
    let (_, page) = admin.get_text(&format!("/people/{}", nia.id)).await;
    assert!(page.contains("/invite/"));
    assert_eq!(
        admin
            .post(&format!("/people/{}/archive", nia.id), &[])
            .await
            .status(),
        303
    );
    assert!(
        server
            .store
            .person(nia.id)
            .await
            .unwrap()
            .unwrap()
            .is_archived()
    );
    assert_eq!(
        admin
            .post(&format!("/people/{}/restore", nia.id), &[])
            .await
            .status(),
        303
    );
    assert_eq!(
        admin
            .post_text(&format!("/people/{}/archive", org.admin.id), &[])
            .await
            .0,
        409
    );
}

#[tokio::test]
async fn the_org_chart_draws_the_tree_from_any_person() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let deep = server
        .person(
            "deep@example.com",
            "Dee Deep",
            "member",
            Some(org.report.id),
        )
        .await;
    server
        .person("deeper@example.com", "Dex Deeper", "member", Some(deep.id))
        .await;
    let browser = server.signed_in("lead@example.com").await;
    // It starts at the viewer: them ("you"), two levels below, not the rest of the organisation.
    let (status, page) = browser.get_text("/org").await;
    assert_eq!(status, 200);
    assert!(page.contains("Org chart: your place"));
    assert!(page.contains(r#"<strong class="org-you">you</strong>"#));
    for name in ["Lee Lead", "Rae Report", "Oli Other", "Dee Deep"] {
        assert!(page.contains(name), "{name}");
    }
    for name in ["Pat Peer", "Alex Admin", "Dex Deeper"] {
        assert!(!page.contains(name), "{name} is not in the lead's place");
    }
    // Dee's report is one level further: a link unfolds it in place, or opens the chart there.
    assert!(page.contains(&format!(
        r#"href="/org?root={}" hx-get="/org/{}/reports""#,
        deep.id, deep.id
    )));
    assert!(page.contains("1 report of Dee Deep"));
    let (_, top) = browser.get_text("/org?root=top").await;
    for name in ["Lee Lead", "Pat Peer", "Alex Admin", "Rae Report"] {
        assert!(top.contains(name), "{name} is in the whole organisation");
    }
    let (_, from_lead) = browser
        .get_text(&format!("/org?root={}&depth=1", org.lead.id))
        .await;
    assert!(from_lead.contains("Rae Report") && !from_lead.contains("Dee Deep"));
    assert!(
        from_lead.contains("1 report of Rae Report"),
        "hidden levels are counted"
    );
    let (_, from_report) = browser
        .get_text(&format!("/org?root={}", org.report.id))
        .await;
    assert!(from_report.contains("Up to Lee Lead"));
    let unfolded = browser
        .client
        .get(format!("{}/org/{}/reports", browser.base, deep.id))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(unfolded.status(), 200);
    let unfolded = unfolded.text().await.unwrap();
    assert!(unfolded.contains("Dex Deeper") && !unfolded.contains("<html"));
    let opened = browser.get(&format!("/org/{}/reports", deep.id)).await;
    assert_eq!(
        opened.status(),
        303,
        "without htmx, the chart from that person"
    );
    assert!(
        opened.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with(&format!("/org?root={}", deep.id))
    );
    assert_eq!(browser.get_text("/org?root=424242").await.0, 404);
    assert_eq!(browser.get_text("/org?root=abc").await.0, 400);
    assert_eq!(browser.get_text("/org?depth=deep").await.0, 400);
    assert_eq!(
        browser.get_text("/org?depth=999").await.0,
        200,
        "depth is capped, not refused"
    );
}

#[tokio::test]
async fn teams_pages_for_admins_leads_and_members() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let admin = server.signed_in("admin@example.com").await;
    let (status, page) = admin
        .post_text(
            "/teams",
            &[
                ("name", " "),
                ("purpose", "Why"),
                ("lead", "lead@example.com"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("must not be empty") && page.contains(">Why</textarea>"));
    let response = admin
        .post(
            "/teams",
            &[
                ("name", "Platform"),
                ("purpose", "Ship safely"),
                ("lead", "lead@example.com"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let path = response.headers()["location"].to_str().unwrap().to_owned();

    let lead = server.signed_in("lead@example.com").await;
    assert_eq!(
        lead.post(
            &format!("{path}/members"),
            &[("member", "report@example.com")]
        )
        .await
        .status(),
        303
    );
    let (status, page) = lead
        .post_text(
            &format!("{path}/members"),
            &[("member", "ghost@example.com")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("does not match anyone"));
    // Archived people cannot join a team.
    let archived = server
        .person("gone@example.com", "Gil Gone", "member", None)
        .await;
    server
        .store
        .set_archived(archived.id, true, None)
        .await
        .unwrap();
    let (status, page) = lead
        .post_text(
            &format!("{path}/members"),
            &[("member", "gone@example.com")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Gil Gone is archived"));
    let (_, page) = lead.get_text(&path).await;
    assert!(page.contains("Ship safely") && page.contains("Rae Report"));
    assert_eq!(
        lead.post(
            &path,
            &[
                ("name", "Platform"),
                ("purpose", "Make shipping boring"),
                ("lead", "peer@example.com")
            ]
        )
        .await
        .status(),
        303
    );
    let team = server
        .store
        .team_by_name("Platform")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(team.purpose, "Make shipping boring");
    assert_eq!(
        team.lead_id,
        Some(org.lead.id),
        "a lead cannot hand the team to someone else"
    );
    assert_eq!(
        lead.post(&format!("{path}/members/{}/remove", org.report.id), &[])
            .await
            .status(),
        303
    );
    let left: Vec<_> = server
        .store
        .team_members(team.id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(left, [org.lead.id], "the lead stays a member");

    let peer = server.signed_in("peer@example.com").await;
    assert_eq!(peer.get_text(&path).await.0, 200);
    assert_eq!(peer.post_text(&path, &[("name", "Mine")]).await.0, 403);
    assert_eq!(
        peer.post_text(
            &format!("{path}/members"),
            &[("member", "peer@example.com")]
        )
        .await
        .0,
        403
    );
    let (_, list) = peer.get_text("/teams").await;
    assert!(list.contains("Make shipping boring"));
    let (status, page) = peer.get_text("/teams?cursor=garbage").await;
    assert_eq!(status, 400);
    assert!(page.contains("not a cursor"), "{page}");
}

#[tokio::test]
async fn tokens_are_created_shown_once_and_revoked_on_the_settings_page() {
    let server = TestServer::start().await;
    org(&server).await;
    let browser = server.signed_in("peer@example.com").await;
    let (status, page) = browser
        .post_text("/settings/tokens", &[("token_name", "  ")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("must not be empty"));
    let created = browser
        .post("/settings/tokens", &[("token_name", "laptop")])
        .await;
    assert_eq!(created.status(), 303);
    let (status, page) = browser.get_text("/settings").await;
    assert_eq!(status, 200);
    let start = page.find("tend_").unwrap();
    let token: String = page[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let api = server.api(&token);
    assert_eq!(api.get("/me").await.1["email"], "peer@example.com");
    let (_, settings) = browser.get_text("/settings").await;
    assert!(
        settings.contains("laptop") && !settings.contains(&token),
        "the secret is not shown again"
    );
    // Revoke is a link to a page that asks first.
    let revoke = settings
        .split("href=\"")
        .find(|s| s.starts_with("/settings/tokens/"))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let (status, question) = browser.get_text(&revoke).await;
    assert_eq!(status, 200);
    assert!(
        question.contains("Revoke the token “laptop”?"),
        "{question}"
    );
    assert_eq!(api.get("/me").await.0, 200, "asking revokes nothing");
    assert_eq!(browser.post(&revoke, &[]).await.status(), 303);
    assert_eq!(api.get("/me").await.0, 401);
}

#[tokio::test]
async fn unknown_pages_and_bad_ids_are_clear_4xx() {
    let server = TestServer::start().await;
    org(&server).await;
    let browser = server.signed_in("peer@example.com").await;
    assert_eq!(browser.get_text("/nowhere").await.0, 404);
    assert_eq!(browser.get_text("/people/424242").await.0, 404);
    let (status, page) = browser.get_text("/people/abc").await;
    assert_eq!(status, 400);
    assert!(
        page.contains("<html") && page.contains("Malformed request"),
        "an HTML page, not plain text: {page}"
    );
    assert_eq!(browser.get_text("/teams/424242").await.0, 404);
}

/// Two people adding members to one team at the same moment both keep theirs: adding is one
/// statement in the use-case layer, not "read the list, add one, write it all back".
#[tokio::test]
async fn concurrent_member_adds_through_the_page_all_land() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let team = server
        .store
        .create_team(
            &tend_domain::team::TeamDraft::parse("Guild", "", Some(org.lead.id)).unwrap(),
            &[],
        )
        .await
        .unwrap();
    let mut newcomers = Vec::new();
    for i in 0..10 {
        newcomers.push(
            server
                .person(
                    &format!("n{i}@example.com"),
                    &format!("New {i}"),
                    "member",
                    None,
                )
                .await,
        );
    }
    let lead = std::sync::Arc::new(server.signed_in("lead@example.com").await);
    let admin = std::sync::Arc::new(server.signed_in("admin@example.com").await);
    let path = format!("/teams/{}/members", team.id);
    let mut adds = tokio::task::JoinSet::new();
    for (i, person) in newcomers.iter().enumerate() {
        let browser = if i % 2 == 0 {
            lead.clone()
        } else {
            admin.clone()
        };
        let (path, email) = (path.clone(), person.email.to_string());
        adds.spawn(async move { browser.post(&path, &[("member", &email)]).await.status() });
    }
    while let Some(status) = adds.join_next().await {
        assert_eq!(status.unwrap(), 303);
    }
    assert_eq!(
        server.store.team_members(team.id).await.unwrap().len(),
        11,
        "the ten, and the lead"
    );
}
