use crate::kit::{PASSWORD, TestServer, csrf_in, org};

#[tokio::test]
async fn sign_in_sets_a_safe_session_cookie_and_sign_out_ends_it() {
    let server = TestServer::start().await;
    org(&server).await;
    let mut browser = server.browser().await;
    let response = browser.sign_in("lead@example.com", PASSWORD).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("tend_session="))
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-HTTP installs must still work: {cookie}"
    );
    let (status, home) = browser.get_text("/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Hello, Lee Lead"));

    // The form token changed at sign-in: the one from before no longer works.
    assert_eq!(browser.post("/logout", &[]).await.status(), 403);
    browser.refresh_csrf().await;
    assert_eq!(browser.post("/logout", &[]).await.status(), 303);
    let response = browser.get("/").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login?next=%2F");
}

#[tokio::test]
async fn wrong_email_and_wrong_password_get_the_same_answer() {
    let server = TestServer::start().await;
    org(&server).await;
    let browser = server.browser().await;
    let (status_a, page_a) = {
        let r = browser.sign_in("lead@example.com", "wrong password").await;
        (r.status(), r.text().await.unwrap())
    };
    let (status_b, page_b) = {
        let r = browser
            .sign_in("nobody@example.com", "wrong password")
            .await;
        (r.status(), r.text().await.unwrap())
    };
    assert_eq!((status_a.as_u16(), status_b.as_u16()), (401, 401));
    let message = "That email and password do not match an account.";
    assert!(page_a.contains(message) && page_b.contains(message));
    assert!(
        page_b.contains("value=\"nobody@example.com\""),
        "the typed email is kept"
    );
}

#[tokio::test]
async fn sign_in_is_throttled_per_account() {
    let server = TestServer::start().await;
    org(&server).await;
    let browser = server.browser().await;
    for _ in 0..5 {
        assert_eq!(
            browser.sign_in("lead@example.com", "guess").await.status(),
            401
        );
    }
    let response = browser.sign_in("lead@example.com", PASSWORD).await;
    assert_eq!(response.status(), 429, "even the right password waits");
    let retry_after: i64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after > 0 && retry_after <= 15 * 60);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Too many failed sign-ins")
    );
    // Another account from the same address is not locked out by that.
    assert_eq!(
        browser.sign_in("peer@example.com", PASSWORD).await.status(),
        303
    );
}

#[tokio::test]
async fn sign_in_is_throttled_per_client_address_behind_a_trusted_proxy() {
    let server = TestServer::start_behind_proxy().await;
    org(&server).await;
    let browser = server.browser().await;
    let from = |address: &'static str, email: &'static str, password: &'static str| {
        let form = [
            ("csrf_token", browser.csrf.as_str()),
            ("email", email),
            ("password", password),
        ];
        browser
            .client
            .post(format!("{}/login", server.url))
            .header("x-forwarded-for", address)
            .form(&form)
            .send()
    };
    // Twenty failures from one client, spread over accounts so no account limit is reached.
    let accounts = [
        "lead@example.com",
        "report@example.com",
        "other@example.com",
        "peer@example.com",
        "nobody@example.com",
    ];
    for i in 0..20 {
        let response = from("203.0.113.7", accounts[i % accounts.len()], "guess")
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    let response = from("203.0.113.7", "admin@example.com", PASSWORD)
        .await
        .unwrap();
    assert_eq!(response.status(), 429, "that client waits");
    assert!(response.headers().contains_key("retry-after"));
    // Another client behind the same proxy is not locked out.
    assert_eq!(
        from("198.51.100.9", "admin@example.com", PASSWORD)
            .await
            .unwrap()
            .status(),
        303
    );
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let server = TestServer::start().await;
    org(&server).await;
    let browser = server.signed_in("lead@example.com").await;
    let url = format!("{}/profile", browser.base);
    let missing = browser
        .client
        .post(&url)
        .form(&[("career_track", "undecided")])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 403);
    let wrong = browser
        .client
        .post(&url)
        .form(&[
            ("csrf_token", "x".repeat(43).as_str()),
            ("career_track", "undecided"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let json = browser
        .client
        .post(&url)
        .json(&serde_json::json!({"career_track": "undecided"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 403);
    // A fresh client with no CSRF cookie at all cannot post either (e.g. a cross-site form).
    let stranger = reqwest::Client::new()
        .post(format!("{}/login", server.url))
        .form(&[("email", "lead@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 403);
    // htmx sends the token as a header.
    let htmx = browser
        .client
        .post(&url)
        .header("x-csrf-token", &browser.csrf)
        .header("hx-request", "true")
        .form(&[("career_track", "undecided"), ("time_zone", "UTC")])
        .send()
        .await
        .unwrap();
    assert_eq!(htmx.status(), 200);
}

#[tokio::test]
async fn pages_need_a_session_and_keep_where_you_were_going() {
    let server = TestServer::start().await;
    org(&server).await;
    let browser = server.browser().await;
    let response = browser.get("/people?q=rae").await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/login?next=%2Fpeople%3Fq%3Drae"
    );
    let response = browser
        .post(
            "/login",
            &[
                ("email", "lead@example.com"),
                ("password", PASSWORD),
                ("next", "/people?q=rae"),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], "/people?q=rae");
    // Never off-site.
    let browser = server.browser().await;
    let response = browser
        .post(
            "/login",
            &[
                ("email", "lead@example.com"),
                ("password", PASSWORD),
                ("next", "//evil.example"),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], "/");
}

#[tokio::test]
async fn an_invite_sets_a_password_once() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let admin = server.signed_in("admin@example.com").await;
    let newcomer = server
        .store
        .create_person(
            tend_store::NewPerson::from(
                tend_domain::person::PersonDraft::parse(tend_domain::person::PersonInput {
                    email: "new@example.com",
                    name: "Nia New",
                    role: "",
                    manager_id: Some(org.lead.id),
                })
                .unwrap(),
            ),
            None,
        )
        .await
        .unwrap();
    let created = admin
        .post(&format!("/people/{}/invite", newcomer.id), &[])
        .await;
    assert_eq!(created.status(), 303, "the link is shown after a redirect");
    let (status, page) = admin.get_text(&format!("/people/{}", newcomer.id)).await;
    assert_eq!(status, 200);
    let start = page
        .find(&format!("{}/invite/", server.url))
        .expect("the page shows the link");
    let link: String = page[start..]
        .chars()
        .take_while(|c| *c != '<' && !c.is_whitespace())
        .collect();
    let path = link.trim_start_matches(&server.url).to_owned();

    let browser = server.browser().await;
    let (status, form) = browser.get_text(&path).await;
    assert_eq!(status, 200);
    assert!(form.contains("Nia New"));
    let csrf = csrf_in(&form).unwrap();
    assert_eq!(csrf, browser.csrf);
    let (status, again) = browser
        .post_text(&path, &[("password", "short"), ("confirm", "short")])
        .await;
    assert_eq!(status, 422);
    assert!(again.contains("at least 8 characters"));
    let response = browser
        .post(
            &path,
            &[
                ("password", "a good long password"),
                ("confirm", "a good long password"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(browser.get_text("/").await.1.contains("Hello, Nia New"));

    let (status, _) = server.browser().await.get_text(&path).await;
    assert_eq!(status, 410, "an invite works once");
    assert_eq!(
        server
            .browser()
            .await
            .sign_in("new@example.com", "a good long password")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn changing_the_password_signs_out_other_sessions() {
    let server = TestServer::start().await;
    org(&server).await;
    let laptop = server.signed_in("peer@example.com").await;
    let phone = server.signed_in("peer@example.com").await;
    let (status, page) = laptop
        .post_text(
            "/settings/password",
            &[
                ("current_password", "nope"),
                ("new_password", "x"),
                ("confirm", "y"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("is not your current password")
            && page.contains("at least 8")
            && page.contains("does not match")
    );
    let (status, page) = laptop
        .post_text(
            "/settings/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new phrase"),
                ("confirm", "a brand new phrase"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Password changed"));
    assert_eq!(laptop.get("/").await.status(), 200);
    assert_eq!(phone.get("/").await.status(), 303);
    assert_eq!(
        server
            .browser()
            .await
            .sign_in("peer@example.com", "a brand new phrase")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn archived_people_cannot_sign_in_or_use_tokens() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let token = server.token(&org.peer).await;
    let browser = server.signed_in("peer@example.com").await;
    server
        .store
        .set_archived(org.peer.id, true, None)
        .await
        .unwrap();
    assert_eq!(browser.get("/").await.status(), 303);
    assert_eq!(
        server
            .browser()
            .await
            .sign_in("peer@example.com", PASSWORD)
            .await
            .status(),
        401
    );
    assert_eq!(server.api(&token).get("/me").await.0, 401);
}

/// With PostgreSQL, sessions live in the database: a second process recognises a sign-in made
/// through the first, as behind a load balancer.
#[tokio::test]
async fn a_session_started_on_one_process_works_on_another() {
    let Some(url) = TestServer::postgres_url().await else {
        return;
    };
    let first = TestServer::start_on(&url).await;
    let second = TestServer::start_on(&url).await;
    org(&first).await;
    let response = first
        .browser()
        .await
        .sign_in("lead@example.com", PASSWORD)
        .await;
    assert_eq!(response.status(), 303);
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find_map(|c| c.strip_prefix("tend_session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("a session cookie");
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/", second.url))
        .header("cookie", format!("tend_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Hello, Lee Lead"));
}

/// A signed-in browser's CSRF token is bound to its session: someone who can plant cookies for the
/// domain, and so knows the anonymous token they planted, still cannot forge a form of another
/// person's session; and each session has its own token.
#[tokio::test]
async fn csrf_tokens_are_bound_to_the_session() {
    let server = TestServer::start().await;
    org(&server).await;
    let lead = server.signed_in("lead@example.com").await;
    let peer = server.signed_in("peer@example.com").await;
    assert_ne!(lead.csrf, peer.csrf, "each session has its own token");
    // The peer's token in the lead's browser: refused.
    let forged = lead
        .client
        .post(format!("{}/settings/tokens", lead.base))
        .form(&[("csrf_token", peer.csrf.as_str()), ("token_name", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    // A planted anonymous cookie and its token do not stand in for the session's.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = client
        .get(format!("{}/login", server.url))
        .send()
        .await
        .unwrap();
    let anonymous = cookie_value(&login, "tend_csrf");
    let page = login.text().await.unwrap();
    let signed_in = client
        .post(format!("{}/login", server.url))
        .header("cookie", format!("tend_csrf={anonymous}"))
        .form(&[
            ("csrf_token", csrf_in(&page).unwrap().as_str()),
            ("email", "lead@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let session = cookie_value(&signed_in, "tend_session");
    let planted = "p".repeat(43);
    let post = |csrf: String, cookies: String| {
        client
            .post(format!("{}/settings/tokens", server.url))
            .header("cookie", cookies)
            .form(&[("csrf_token", csrf), ("token_name", "forged".to_owned())])
            .send()
    };
    let forged = post(
        planted.clone(),
        format!("tend_session={session}; tend_csrf={planted}"),
    )
    .await
    .unwrap();
    assert_eq!(
        forged.status(),
        403,
        "a planted token does not pass with a session"
    );
    let settings = client
        .get(format!("{}/settings", server.url))
        .header("cookie", format!("tend_session={session}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let bound = csrf_in(&settings).unwrap();
    let real = post(
        bound,
        format!("tend_session={session}; tend_csrf={planted}"),
    )
    .await
    .unwrap();
    assert!(
        real.status().is_success() || real.status().is_redirection(),
        "{}",
        real.status()
    );
    let (_, settings) = peer.get_text("/settings").await;
    assert!(
        !settings.contains("forged"),
        "nothing reached the peer's account"
    );
}

fn cookie_value(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_owned()
}

/// Under https the cookies carry the `__Host-` prefix (a subdomain cannot set them).
#[tokio::test]
async fn cookies_are_host_only_under_https() {
    let server = TestServer::start_with_base_url("https://tend.example.org").await;
    org(&server).await;
    let browser = server.browser().await;
    let response = browser.sign_in("lead@example.com", PASSWORD).await;
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("__Host-tend_session="))
        .unwrap_or_else(|| panic!("{cookies:?}"));
    assert!(
        session.contains("Secure") && session.contains("Path=/") && !session.contains("Domain")
    );
}
