use reqwest::Method;
use serde_json::json;
use tend_domain::pagination::Cursor;

use crate::kit::{TestServer, org};

#[tokio::test]
async fn requests_without_a_valid_token_get_401_problem_json() {
    let server = TestServer::start().await;
    for auth in [None, Some("Bearer nope"), Some("Basic abc")] {
        let mut request = reqwest::Client::new().get(format!("{}/api/v1/me", server.url));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401);
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], 401);
        assert!(body["detail"].as_str().unwrap().contains("Bearer"));
    }
    // A session cookie is not an API credential.
    org(&server).await;
    let browser = server.signed_in("lead@example.com").await;
    assert_eq!(browser.get("/api/v1/me").await.status(), 401);
}

#[tokio::test]
async fn me_and_my_profile() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let api = server.api(&server.token(&org.report).await);
    let (status, me) = api.get("/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["email"], "report@example.com");
    assert_eq!(me["manager_id"], org.lead.id.0);
    assert_eq!(me["profile"]["career_track"], "undecided");
    assert!(
        me["created_at"].as_str().unwrap().ends_with('Z'),
        "RFC 3339: {me}"
    );

    let (status, me) = api
        .send(
            Method::PATCH,
            "/me/profile",
            json!({"career_track": "individual_contributor", "aspirations": "Staff engineer"}),
        )
        .await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["profile"]["career_track"], "individual_contributor");
    assert_eq!(me["profile"]["aspirations"], "Staff engineer");

    let (status, problem) = api
        .send(
            Method::PATCH,
            "/me/profile",
            json!({"career_track": "ceo", "time_zone": "not a zone!"}),
        )
        .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["time_zone", "career_track"]);
    assert_eq!(
        api.get("/me").await.1["profile"]["aspirations"],
        "Staff engineer",
        "nothing half-written"
    );
}

#[tokio::test]
async fn malformed_bodies_get_clear_4xx_problems() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let api = server.api(&server.token(&org.admin).await);
    let post = |body: String, content_type: &'static str| {
        api.request(Method::POST, "/people")
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let cases = [
        (
            post("{not json".into(), "application/json").await.unwrap(),
            400,
            "not valid JSON",
        ),
        (
            post(r#"{"email": 5, "name": "X"}"#.into(), "application/json")
                .await
                .unwrap(),
            400,
            "email",
        ),
        (
            post(
                r#"{"email": "a@b.c", "name": "X", "colour": "red"}"#.into(),
                "application/json",
            )
            .await
            .unwrap(),
            400,
            "colour",
        ),
        (
            post(r#"{"email": "a@b.c", "name": "X"}"#.into(), "text/plain")
                .await
                .unwrap(),
            415,
            "application/json",
        ),
        (
            post(
                format!(r#"{{"email": "a@b.c", "name": "{}"}}"#, "x".repeat(300_000)),
                "application/json",
            )
            .await
            .unwrap(),
            413,
            "larger",
        ),
    ];
    for (response, status, needle) in cases {
        assert_eq!(response.status(), status);
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(
            body["detail"].as_str().unwrap().contains(needle),
            "{status}: {body}"
        );
    }
    let (status, body) = api
        .send(
            Method::POST,
            "/people",
            json!({"email": "not-an-email", "name": " "}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"].as_array().unwrap().len(), 2, "{body}");
    assert_eq!(api.get("/people/abc").await.0, 400);
    // A query parameter that does not parse or fit is a 400 naming the parameter, as on pages.
    for (query, parameter) in [
        ("limit=0", "limit"),
        ("cursor=garbage", "cursor"),
        ("archived=maybe", "archived"),
        ("search=%00", "search"),
    ] {
        let (status, body) = api.get(&format!("/people?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["errors"][0]["field"], parameter, "{body}");
    }
    assert_eq!(api.get("/people?colour=red").await.0, 400);
    assert_eq!(api.get("/nothing-here").await.0, 404);
    assert_eq!(
        server.store.count_people().await.unwrap(),
        5,
        "nothing was written"
    );
}

#[tokio::test]
async fn admins_create_update_archive_and_restore_people() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let api = server.api(&server.token(&org.admin).await);
    let (status, ada) = api
        .send(
            Method::POST,
            "/people",
            json!({"email": "Ada@Example.com", "name": "Ada", "manager_id": org.lead.id}),
        )
        .await;
    assert_eq!(status, 201, "{ada}");
    assert_eq!(ada["email"], "ada@example.com");
    assert_eq!(ada["role"], "member");
    assert!(ada["profile"].is_null(), "an admin reads no profile");
    let id = ada["id"].as_i64().unwrap();

    let (status, body) = api
        .send(
            Method::POST,
            "/people",
            json!({"email": "ada@example.com", "name": "Copy"}),
        )
        .await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (422, Some("email"))
    );

    // The lead may not report to someone below them.
    let (status, body) = api
        .send(
            Method::PATCH,
            &format!("/people/{}", org.lead.id),
            json!({"manager_id": id}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("cycle"),
        "{body}"
    );
    let (status, body) = api
        .send(
            Method::PATCH,
            &format!("/people/{id}"),
            json!({"manager_id": null, "role": "admin"}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(body["manager_id"].is_null());
    assert_eq!(body["role"], "admin");
    assert_eq!(body["name"], "Ada", "absent fields stay");

    let (status, body) = api
        .send(Method::POST, &format!("/people/{id}/archive"), json!({}))
        .await;
    assert_eq!((status, body["archived"].as_bool()), (200, Some(true)));
    let (status, body) = api
        .send(Method::POST, &format!("/people/{id}/restore"), json!({}))
        .await;
    assert_eq!((status, body["archived"].as_bool()), (200, Some(false)));
    assert_eq!(
        api.send(
            Method::POST,
            &format!("/people/{}/archive", org.admin.id),
            json!({})
        )
        .await
        .0,
        409
    );
    assert_eq!(api.get("/people/99999").await.0, 404);
}

#[tokio::test]
async fn the_directory_pages_with_cursors() {
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
    let api = server.api(&server.token(&org.peer).await);
    let mut seen = Vec::new();
    let mut path = "/people?limit=7".to_owned();
    loop {
        let (status, page) = api.get(&path).await;
        assert_eq!(status, 200);
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 7);
        seen.extend(items.iter().map(|p| p["name"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/people?limit=7&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 35);
    let mut sorted = seen.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(seen, sorted);
    let (_, found) = api.get("/people?search=person%202").await;
    assert_eq!(found["items"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn teams_by_admins_and_their_leads() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let admin = server.api(&server.token(&org.admin).await);
    let (status, team) = admin
        .send(Method::POST, "/teams", json!({"name": "Platform", "purpose": "Ship safely", "lead_id": org.lead.id, "member_ids": [org.lead.id, org.report.id]}))
        .await;
    assert_eq!(status, 201, "{team}");
    assert_eq!(team["member_count"], 2);
    assert_eq!(team["members"].as_array().unwrap().len(), 2);
    let id = team["id"].as_i64().unwrap();
    assert_eq!(
        admin
            .send(Method::POST, "/teams", json!({"name": "Platform"}))
            .await
            .0,
        422
    );
    // A bad member leaves nothing behind, so the corrected request succeeds.
    let (status, _) = admin
        .send(
            Method::POST,
            "/teams",
            json!({"name": "Apps", "member_ids": [424242]}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        admin
            .send(
                Method::POST,
                "/teams",
                json!({"name": "Apps", "member_ids": [org.peer.id]})
            )
            .await
            .0,
        201
    );
    // A clashing name leaves the members as they were.
    let (status, _) = admin
        .send(
            Method::PATCH,
            &format!("/teams/{id}"),
            json!({"name": "Apps", "member_ids": []}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        admin.get(&format!("/teams/{id}")).await.1["member_count"],
        2
    );

    let lead = server.api(&server.token(&org.lead).await);
    let (status, team) = lead.send(Method::PATCH, &format!("/teams/{id}"), json!({"purpose": "Make shipping boring", "member_ids": [org.lead.id, org.report.id, org.other_report.id]})).await;
    assert_eq!(status, 200, "{team}");
    assert_eq!(team["purpose"], "Make shipping boring");
    assert_eq!(team["member_count"], 3);
    assert_eq!(
        lead.send(
            Method::PATCH,
            &format!("/teams/{id}"),
            json!({"lead_id": org.report.id})
        )
        .await
        .0,
        403,
        "only admins choose the lead"
    );
    let peer = server.api(&server.token(&org.peer).await);
    assert_eq!(
        peer.send(
            Method::PATCH,
            &format!("/teams/{id}"),
            json!({"purpose": "mine"})
        )
        .await
        .0,
        403
    );
    assert_eq!(
        peer.get(&format!("/teams/{id}")).await.1["name"],
        "Platform"
    );
    assert_eq!(
        peer.get(&format!("/people?team_id={id}")).await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let (status, body) = lead
        .send(
            Method::PATCH,
            &format!("/teams/{id}"),
            json!({"member_ids": [999]}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        lead.get(&format!("/teams/{id}")).await.1["member_count"],
        3,
        "members unchanged"
    );

    assert_eq!(
        admin
            .send(Method::POST, &format!("/teams/{id}/archive"), json!({}))
            .await
            .0,
        200
    );
    assert_eq!(peer.get(&format!("/teams/{id}")).await.0, 404);
    assert_eq!(
        peer.get("/teams").await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "only Apps is still active"
    );
    assert_eq!(
        admin
            .send(Method::POST, &format!("/teams/{id}/restore"), json!({}))
            .await
            .0,
        200
    );
}

/// Found by fuzzing: a cursor whose sort key holds a NUL decoded fine and reached the database,
/// where PostgreSQL refuses a NUL in text, so the list answered 500. It is a 400 naming `cursor`
/// now, on both backends.
#[tokio::test]
async fn a_cursor_with_control_characters_is_a_400_on_every_backend() {
    let mut servers = vec![TestServer::start().await];
    if let Some(url) = TestServer::postgres_url().await {
        servers.push(TestServer::start_on(&url).await);
    }
    for server in servers {
        let org = org(&server).await;
        let api = server.api(&server.token(&org.lead).await);
        for sort_key in ["a\u{0}b", "\u{7}", "line\nbreak"] {
            let cursor = Cursor {
                sort_key: sort_key.into(),
                id: 1,
            }
            .encode();
            for list in ["/people", "/teams"] {
                let (status, body) = api.get(&format!("{list}?cursor={cursor}")).await;
                assert_eq!(status, 400, "{list} {sort_key:?}: {body}");
                assert_eq!(body["errors"][0]["field"], "cursor", "{body}");
            }
        }
    }
}
