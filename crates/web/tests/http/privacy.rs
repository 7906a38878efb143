//! DESIGN.md §3 through pages and the API alike: a profile is for the person and the managers
//! above them; an admin reads no private content; a thing one may not see is a 404.

use crate::kit::{TestServer, org};

async fn fill_profile(server: &TestServer, person_id: tend_domain::PersonId) {
    let profile = tend_domain::person::ProfileChanges {
        aspirations: Some("SECRET-ASPIRATION lead the guild".into()),
        motivations: Some("SECRET-MOTIVATION".into()),
        ..Default::default()
    };
    server
        .store
        .update_profile(person_id, &profile)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_profile_is_for_the_person_and_the_managers_above_on_pages() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    fill_profile(&server, org.report.id).await;
    let path = format!("/people/{}", org.report.id);

    for (email, may_read) in [
        ("report@example.com", true),
        ("lead@example.com", true),
        ("other@example.com", false),
        ("peer@example.com", false),
        ("admin@example.com", false),
    ] {
        let (status, page) = server.signed_in(email).await.get_text(&path).await;
        assert_eq!(status, 200, "{email} sees the directory entry");
        assert!(page.contains("Rae Report"));
        assert_eq!(page.contains("SECRET-ASPIRATION"), may_read, "{email}");
    }
    // A report never reads their manager's profile.
    fill_profile(&server, org.lead.id).await;
    let (_, page) = server
        .signed_in("report@example.com")
        .await
        .get_text(&format!("/people/{}", org.lead.id))
        .await;
    assert!(!page.contains("SECRET-ASPIRATION"));
}

#[tokio::test]
async fn a_profile_is_for_the_person_and_the_managers_above_in_the_api() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    fill_profile(&server, org.report.id).await;
    let path = format!("/people/{}", org.report.id);
    for (person, may_read) in [
        (&org.report, true),
        (&org.lead, true),
        (&org.peer, false),
        (&org.admin, false),
    ] {
        let api = server.api(&server.token(person).await);
        let (status, body) = api.get(&path).await;
        assert_eq!(status, 200);
        assert_eq!(
            body["profile"].is_object(),
            may_read,
            "{}: {body}",
            person.email
        );
        let (_, list) = api.get("/people?search=rae").await;
        assert_eq!(
            list["items"][0]["profile"].is_object(),
            may_read,
            "list, {}",
            person.email
        );
        assert!(!list.to_string().contains("SECRET") || may_read);
    }
}

#[tokio::test]
async fn only_the_person_edits_their_profile() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    // The profile route always acts on the signed-in person: there is no way to name another.
    let lead = server.signed_in("lead@example.com").await;
    let (status, _) = lead
        .post_text(
            "/profile",
            &[
                ("career_track", "individual_contributor"),
                ("aspirations", "mine"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        server
            .store
            .person(org.lead.id)
            .await
            .unwrap()
            .unwrap()
            .profile
            .aspirations,
        "mine"
    );
    assert_eq!(
        server
            .store
            .person(org.report.id)
            .await
            .unwrap()
            .unwrap()
            .profile
            .aspirations,
        ""
    );
}

#[tokio::test]
async fn archived_people_are_not_found_except_by_admins() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    server
        .store
        .set_archived(org.other_report.id, true, None)
        .await
        .unwrap();
    let path = format!("/people/{}", org.other_report.id);
    assert_eq!(
        server
            .signed_in("lead@example.com")
            .await
            .get_text(&path)
            .await
            .0,
        404
    );
    assert_eq!(
        server
            .signed_in("admin@example.com")
            .await
            .get_text(&path)
            .await
            .0,
        200
    );
    let api = server.api(&server.token(&org.lead).await);
    assert_eq!(api.get(&path).await.0, 404);
    assert_eq!(api.get("/people?archived=all").await.0, 403);
    let admin = server.api(&server.token(&org.admin).await);
    assert_eq!(admin.get(&path).await.0, 200);
    assert_eq!(
        admin.get("/people?archived=archived").await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn members_cannot_administer() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let member = server.signed_in("peer@example.com").await;
    assert_eq!(member.get_text("/people/new").await.0, 403);
    assert_eq!(
        member
            .post_text("/people", &[("email", "x@example.com"), ("name", "X")])
            .await
            .0,
        403
    );
    assert_eq!(
        member
            .post_text(&format!("/people/{}/archive", org.report.id), &[])
            .await
            .0,
        403
    );
    assert_eq!(
        member
            .post_text(&format!("/people/{}/invite", org.report.id), &[])
            .await
            .0,
        403
    );
    assert_eq!(member.get_text("/teams/new").await.0, 403);
    assert!(
        !server
            .store
            .person(org.report.id)
            .await
            .unwrap()
            .unwrap()
            .is_archived()
    );
    let api = server.api(&server.token(&org.peer).await);
    let (status, body) = api
        .send(
            reqwest::Method::POST,
            "/people",
            serde_json::json!({"email": "x@example.com", "name": "X"}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["status"], 403);
    assert_eq!(
        api.send(
            reqwest::Method::PATCH,
            &format!("/people/{}", org.report.id),
            serde_json::json!({"name": "Hacked"})
        )
        .await
        .0,
        403
    );
}
