//! Outgoing webhooks end to end, against a receiver each test starts on a free local port: the
//! signature a receiver checks, a retry after a 500, a slow receiver that does not slow down the
//! person giving recognition, each delivery sent once by two server processes on PostgreSQL,
//! deliveries written while no sender ran sent after a restart, team and private recognition
//! never sent; and the admin's API and page.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::Sha256;
use tend_app::{App, DeliveryLoop, DeliveryOptions};
use tend_domain::person::Person;
use tend_domain::webhook::{DeliveryStatus, RetrySchedule};
use tend_domain::{PersonId, WebhookId};
use tend_store::Store;

use crate::kit::{TestServer, json as json_of, org};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    content_type: String,
    delivery: String,
    timestamp: String,
    signature: String,
    body: String,
}

/// What the receiver answers the `n`-th request (0-based): a status, after a pause.
type Answer = Arc<dyn Fn(usize) -> (StatusCode, Duration) + Send + Sync>;

#[derive(Clone)]
struct ReceiverState {
    received: Arc<Mutex<Vec<Received>>>,
    answer: Answer,
}

/// A tiny webhook receiver on a free local port that records every request.
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(
        answer: impl Fn(usize) -> (StatusCode, Duration) + Send + Sync + 'static,
    ) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let state = ReceiverState {
            received: received.clone(),
            answer: Arc::new(answer),
        };
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, received }
    }

    /// Answers 200 at once.
    async fn ok() -> Self {
        Self::start(|_| (StatusCode::OK, Duration::ZERO)).await
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests have come (or fails after `within`).
    async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let received = self.received();
            if received.len() >= n {
                return received;
            }
            assert!(
                started.elapsed() < within,
                "the receiver got {} requests in {within:?}, expected {n}",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

async fn receive(
    State(state): State<ReceiverState>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let n = {
        let mut received = state.received.lock().unwrap();
        received.push(Received {
            content_type: header("content-type"),
            delivery: header("x-tend-delivery"),
            timestamp: header("x-tend-timestamp"),
            signature: header("x-tend-signature"),
            body: String::from_utf8(body.to_vec()).unwrap(),
        });
        received.len() - 1
    };
    let (status, pause) = (state.answer)(n);
    tokio::time::sleep(pause).await;
    status
}

/// What a receiver does with a request: recompute the signature with the secret, compare, and
/// refuse a timestamp more than five minutes from its own clock.
fn verify(secret: &str, request: &Received) -> Result<(), String> {
    let timestamp: i64 = request
        .timestamp
        .parse()
        .map_err(|_| format!("X-Tend-Timestamp {:?} is not a number", request.timestamp))?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    if (now - timestamp).abs() > 300 {
        return Err(format!("the timestamp {timestamp} is too old (now {now})"));
    }
    let hex = request
        .signature
        .strip_prefix("v1=")
        .ok_or_else(|| format!("the signature {:?} lacks v1=", request.signature))?;
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<_, _>>()
        .map_err(|_| format!("the signature {hex:?} is not hex"))?;
    if hex.chars().any(|c| c.is_ascii_uppercase()) {
        return Err("the signature is not lower-case hex".into());
    }
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{}.{}", request.timestamp, request.body).as_bytes());
    mac.verify_slice(&bytes)
        .map_err(|_| "the signature does not match".to_owned())
}

/// Sends due deliveries of `server` in the background, looking often and retrying after a
/// second, so no test waits for the real schedule.
fn sender(server: &TestServer, max_attempts: u32) -> DeliveryLoop {
    sender_for(&server.store, &server.url, max_attempts)
}

fn sender_for(store: &Store, url: &str, max_attempts: u32) -> DeliveryLoop {
    DeliveryLoop::spawn(
        App::new(store.clone(), url),
        DeliveryOptions {
            every: Duration::from_millis(50),
            schedule: RetrySchedule {
                first: time::Duration::seconds(1),
                cap: time::Duration::seconds(1),
                max_attempts,
            },
        },
    )
}

/// An admin's API token and a webhook they added through the API, with its secret.
async fn add_webhook(server: &TestServer, admin: &Person, url: &str) -> (WebhookId, String) {
    let token = server.token(admin).await;
    let (status, body) = server
        .api(&token)
        .send(Method::POST, "/webhooks", json!({ "url": url }))
        .await;
    assert_eq!(status, 201, "{body}");
    let secret = body["secret"].as_str().unwrap().to_owned();
    (WebhookId(body["id"].as_i64().unwrap()), secret)
}

/// Gives recognition through the API; returns the status, the time it took and the answer.
async fn give(
    server: &TestServer,
    token: &str,
    to: PersonId,
    message: &str,
    visibility: &str,
) -> (u16, Duration, Value) {
    let started = Instant::now();
    let (status, body) = server
        .api(token)
        .send(
            Method::POST,
            "/recognitions",
            json!({
                "recipients": [to],
                "message": message,
                "celebrates": "effort",
                "visibility": visibility,
            }),
        )
        .await;
    (status, started.elapsed(), body)
}

async fn statuses(store: &Store, webhook: WebhookId) -> Vec<(DeliveryStatus, i64)> {
    store
        .webhook_deliveries(webhook, 100)
        .await
        .unwrap()
        .iter()
        .map(|d| (d.status, d.attempts))
        .collect()
}

/// Waits until every delivery of the webhook has left `pending`.
async fn wait_settled(store: &Store, webhook: WebhookId, within: Duration) {
    let started = Instant::now();
    loop {
        let now = statuses(store, webhook).await;
        if now
            .iter()
            .all(|(status, _)| *status != DeliveryStatus::Pending)
        {
            return;
        }
        assert!(started.elapsed() < within, "still pending: {now:?}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[tokio::test]
async fn deliveries_are_signed_and_retried_after_a_500() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let receiver = Receiver::start(|n| {
        let status = if n == 0 {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::NO_CONTENT
        };
        (status, Duration::ZERO)
    })
    .await;
    let (webhook, secret) = add_webhook(&server, &org.admin, &receiver.url).await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    let _sender = sender(&server, 8);

    let lead = server.token(&org.lead).await;
    let (status, _, given) = give(
        &server,
        &lead,
        org.report.id,
        "Thanks for *untangling* the release",
        "public",
    )
    .await;
    assert_eq!(status, 201, "{given}");

    let received = receiver.wait_for(2, Duration::from_secs(10)).await;
    for request in &received {
        assert_eq!(request.content_type, "application/json");
        verify(&secret, request).unwrap();
        assert!(
            verify("whsec_someone_else", request).is_err(),
            "a wrong secret must not verify"
        );
        let mut tampered = request.clone();
        tampered.body.push(' ');
        assert!(
            verify(&secret, &tampered).is_err(),
            "a changed body must not verify"
        );
    }
    assert_eq!(
        received[0].body, received[1].body,
        "the retry sends the same body"
    );
    assert!(!received[0].delivery.is_empty());
    assert_eq!(
        received[0].delivery, received[1].delivery,
        "the retry names the same delivery"
    );
    let body: Value = serde_json::from_str(&received[0].body).unwrap();
    assert!(
        body["text"].as_str().unwrap().contains("untangling"),
        "{body}"
    );
    assert!(body["blocks"].is_array(), "{body}");
    let link = format!("/recognition/{}|Open in Tend", given["id"]);
    assert!(
        body["blocks"].to_string().contains(&link),
        "the payload links to the recognition itself: {body}"
    );
    // The retry came after the (shortened) wait, not at once.
    let (first, second): (i64, i64) = (
        received[0].timestamp.parse().unwrap(),
        received[1].timestamp.parse().unwrap(),
    );
    assert!(second > first, "retried at {second}, first at {first}");

    wait_settled(&server.store, webhook, Duration::from_secs(5)).await;
    assert_eq!(
        statuses(&server.store, webhook).await,
        [(DeliveryStatus::Delivered, 2)]
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        receiver.received().len(),
        2,
        "nothing is sent after it was delivered"
    );
}

#[tokio::test]
async fn a_slow_receiver_does_not_slow_down_giving_recognition() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let receiver = Receiver::start(|_| (StatusCode::OK, Duration::from_secs(3))).await;
    let (webhook, _) = add_webhook(&server, &org.admin, &receiver.url).await;
    let _sender = sender(&server, 8);
    let lead = server.token(&org.lead).await;
    for n in 0..3 {
        let (status, took, body) = give(
            &server,
            &lead,
            org.report.id,
            &format!("Steady work {n}"),
            "public",
        )
        .await;
        assert_eq!(status, 201, "{body}");
        assert!(
            took < Duration::from_millis(1500),
            "giving recognition took {took:?} with a receiver that takes 3 s"
        );
        // The first delivery is under way while the next recognitions are given.
        if n == 0 {
            receiver.wait_for(1, Duration::from_secs(5)).await;
        }
    }
    wait_settled(&server.store, webhook, Duration::from_secs(15)).await;
    let delivered = statuses(&server.store, webhook).await;
    assert_eq!(delivered, vec![(DeliveryStatus::Delivered, 1); 3]);
}

#[tokio::test]
async fn a_receiver_that_keeps_failing_is_listed_and_retried_by_hand() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let fail = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let failing = fail.clone();
    let receiver = Receiver::start(move |_| {
        let status = if failing.load(std::sync::atomic::Ordering::SeqCst) {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::OK
        };
        (status, Duration::ZERO)
    })
    .await;
    let (webhook, _) = add_webhook(&server, &org.admin, &receiver.url).await;
    let _sender = sender(&server, 2);
    let lead = server.token(&org.lead).await;
    let (status, _, _) = give(
        &server,
        &lead,
        org.report.id,
        "Kept the lights on",
        "public",
    )
    .await;
    assert_eq!(status, 201);

    receiver.wait_for(2, Duration::from_secs(10)).await;
    wait_settled(&server.store, webhook, Duration::from_secs(5)).await;
    assert_eq!(
        statuses(&server.store, webhook).await,
        [(DeliveryStatus::Failed, 2)],
        "given up after the last attempt"
    );

    let admin = server.signed_in(org.admin.email.as_str()).await;
    let (status, page) = admin.get_text("/settings/webhooks").await;
    assert_eq!(status, 200);
    assert!(page.contains("Deliveries that need attention"), "{page}");
    assert!(
        page.contains("503"),
        "the page says what the receiver answered"
    );
    assert!(page.contains(&receiver.url));
    let delivery = server.store.deliveries_needing_attention(10).await.unwrap()[0].id;
    let retry = format!("/settings/webhook-deliveries/{delivery}/retry");
    assert!(page.contains(&retry), "{page}");

    fail.store(false, std::sync::atomic::Ordering::SeqCst);
    let response = admin.post(&retry, &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/settings/webhooks");
    receiver.wait_for(3, Duration::from_secs(10)).await;
    wait_settled(&server.store, webhook, Duration::from_secs(5)).await;
    assert_eq!(
        statuses(&server.store, webhook).await,
        [(DeliveryStatus::Delivered, 3)]
    );
    let (_, page) = admin.get_text("/settings/webhooks").await;
    assert!(!page.contains(&retry), "a delivered one needs no attention");
    assert_eq!(
        admin.post(&retry, &[]).await.status(),
        404,
        "and is not sent again"
    );
}

#[tokio::test]
async fn team_and_private_recognition_is_never_sent() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let receiver = Receiver::ok().await;
    let (webhook, _) = add_webhook(&server, &org.admin, &receiver.url).await;
    let _sender = sender(&server, 8);
    let lead = server.token(&org.lead).await;
    for (message, visibility) in [
        ("TEAM-ONLY-MARKER", "team"),
        ("PRIVATE-ONLY-MARKER", "private"),
        ("PUBLIC-MARKER", "public"),
    ] {
        let (status, _, body) = give(&server, &lead, org.report.id, message, visibility).await;
        assert_eq!(status, 201, "{body}");
    }
    receiver.wait_for(1, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = receiver.received();
    assert_eq!(received.len(), 1, "only the public one is sent");
    assert!(received[0].body.contains("PUBLIC-MARKER"));
    for request in &received {
        assert!(!request.body.contains("TEAM-ONLY-MARKER"));
        assert!(!request.body.contains("PRIVATE-ONLY-MARKER"));
    }
    assert_eq!(
        statuses(&server.store, webhook).await.len(),
        1,
        "nothing else was enqueued"
    );
}

/// Deliveries written while no sender runs wait in the database and go out once one starts.
async fn delivered_after_a_restart(database_url: &str, first: TestServer) {
    let org = org(&first).await;
    let receiver = Receiver::ok().await;
    let (webhook, secret) = add_webhook(&first, &org.admin, &receiver.url).await;
    let lead = first.token(&org.lead).await;
    for n in 0..3 {
        let (status, _, _) = give(
            &first,
            &lead,
            org.report.id,
            &format!("Before the restart {n}"),
            "public",
        )
        .await;
        assert_eq!(status, 201);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(receiver.received().is_empty(), "no sender ran yet");
    assert_eq!(
        statuses(&first.store, webhook).await,
        vec![(DeliveryStatus::Pending, 0); 3]
    );
    first.store.close().await;

    let second = TestServer::start_on(database_url).await;
    let _sender = sender(&second, 8);
    let received = receiver.wait_for(3, Duration::from_secs(10)).await;
    for request in &received {
        verify(&secret, request).unwrap();
    }
    wait_settled(&second.store, webhook, Duration::from_secs(5)).await;
    assert_eq!(
        statuses(&second.store, webhook).await,
        vec![(DeliveryStatus::Delivered, 1); 3]
    );
    drop(first);
}

#[tokio::test]
async fn deliveries_survive_a_restart_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = tend_store::testing::sqlite_url_in(dir.path());
    let first = TestServer::start_on(&url).await;
    delivered_after_a_restart(&url, first).await;
}

#[tokio::test]
async fn deliveries_survive_a_restart_postgres() {
    let Some(url) = TestServer::postgres_url().await else {
        return;
    };
    let first = TestServer::start_on(&url).await;
    delivered_after_a_restart(&url, first).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_server_processes_send_each_delivery_once_postgres() {
    let Some(url) = TestServer::postgres_url().await else {
        return;
    };
    let one = TestServer::start_on(&url).await;
    let two = TestServer::start_on(&url).await;
    let org = org(&one).await;
    // A short pause per request keeps claims of the two processes overlapping.
    let receiver = Receiver::start(|_| (StatusCode::OK, Duration::from_millis(20))).await;
    let (webhook, secret) = add_webhook(&one, &org.admin, &receiver.url).await;
    let lead = one.token(&org.lead).await;
    // Both processes send, each with two loops for more contention; the recognitions are
    // given through both.
    let _senders = [
        sender(&one, 8),
        sender(&two, 8),
        sender_for(&one.store, &one.url, 8),
        sender_for(&two.store, &two.url, 8),
    ];
    for n in 0..20 {
        let server = if n % 2 == 0 { &one } else { &two };
        let (status, _, body) = give(
            server,
            &lead,
            org.report.id,
            &format!("Delivery number {n:02}"),
            "public",
        )
        .await;
        assert_eq!(status, 201, "{body}");
    }
    receiver.wait_for(20, Duration::from_secs(20)).await;
    wait_settled(&one.store, webhook, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = receiver.received();
    let mut messages: Vec<String> = received
        .iter()
        .map(|r| {
            verify(&secret, r).unwrap();
            let body: Value = serde_json::from_str(&r.body).unwrap();
            let text = body["text"].as_str().unwrap();
            let at = text.find("Delivery number ").unwrap();
            text[at..at + 18].to_owned()
        })
        .collect();
    messages.sort();
    let expected: Vec<String> = (0..20).map(|n| format!("Delivery number {n:02}")).collect();
    assert_eq!(messages, expected, "each delivery is received exactly once");
    assert_eq!(
        statuses(&two.store, webhook).await,
        vec![(DeliveryStatus::Delivered, 1); 20]
    );
}

#[tokio::test]
async fn admins_manage_webhooks_through_the_api() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let admin = server.api(&server.token(&org.admin).await);
    let member = server.api(&server.token(&org.lead).await);

    for bad in [
        "ftp://example.org/hook",
        "hooks.example.org/x",
        "javascript:alert(1)",
        "",
        "https://",
    ] {
        let (status, body) = admin
            .send(Method::POST, "/webhooks", json!({ "url": bad }))
            .await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(body["errors"][0]["field"], "url", "{body}");
    }
    let (status, body) = admin
        .send(
            Method::POST,
            "/webhooks",
            json!({ "url": "https://hooks.example.org/x", "secret": "mine" }),
        )
        .await;
    assert_eq!(status, 400, "unknown fields are refused: {body}");
    let (status, _) = member
        .send(
            Method::POST,
            "/webhooks",
            json!({ "url": "https://hooks.example.org/x" }),
        )
        .await;
    assert_eq!(status, 403);
    let (_, listed) = admin.get("/webhooks").await;
    assert_eq!(listed["items"], json!([]), "nothing was added");

    let (status, created) = admin
        .send(
            Method::POST,
            "/webhooks",
            json!({ "url": "https://Hooks.Example.org/services/T0/B0/x" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["url"], "https://hooks.example.org/services/T0/B0/x");
    assert_eq!(created["created_by"], org.admin.id.0);
    let secret = created["secret"].as_str().unwrap();
    assert!(
        secret.starts_with("whsec_") && secret.len() > 40,
        "{secret}"
    );

    let (status, listed) = admin.get("/webhooks").await;
    assert_eq!(status, 200);
    assert_eq!(listed["next_cursor"], Value::Null);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed["items"][0]["id"], created["id"]);
    assert!(
        !listed.to_string().contains(secret),
        "the list never shows the secret"
    );
    assert!(listed["items"][0].get("secret").is_none());
    assert_eq!(member.get("/webhooks").await.0, 403);

    let path = format!("/webhooks/{}", created["id"]);
    let delete = |api: &crate::kit::Api| api.request(Method::DELETE, &path).send();
    assert_eq!(delete(&member).await.unwrap().status(), 403);
    let response = delete(&admin).await.unwrap();
    assert_eq!(response.status(), 204);
    let (status, body) = json_of(delete(&admin).await.unwrap()).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(admin.get("/webhooks").await.1["items"], json!([]));
    let (status, _) = json_of(
        admin
            .request(Method::DELETE, "/webhooks/abc")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn admins_manage_webhooks_on_a_page() {
    let server = TestServer::start().await;
    let org = org(&server).await;
    let admin = server.signed_in(org.admin.email.as_str()).await;
    let member = server.signed_in(org.lead.email.as_str()).await;

    let (_, settings) = admin.get_text("/settings").await;
    assert!(
        settings.contains("href=\"/settings/webhooks\""),
        "admins find the page"
    );
    let (_, settings) = member.get_text("/settings").await;
    assert!(
        !settings.contains("/settings/webhooks"),
        "members are not shown it"
    );
    assert_eq!(member.get("/settings/webhooks").await.status(), 403);

    let (status, page) = admin.get_text("/settings/webhooks").await;
    assert_eq!(status, 200);
    assert!(page.contains("No webhooks yet"));

    let (status, page) = admin
        .post_text("/settings/webhooks", &[("url", "ftp://example.org/hook")])
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("must start with https:// or http://"),
        "{page}"
    );
    assert!(
        page.contains("value=\"ftp://example.org/hook\""),
        "the form keeps what was typed"
    );
    assert!(server.store.webhooks().await.unwrap().is_empty());

    let response = admin
        .post(
            "/settings/webhooks",
            &[("url", "https://chat.example.org/hooks/abc")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/settings/webhooks");
    let (_, page) = admin.get_text("/settings/webhooks").await;
    let marker = "id=\"new-webhook-secret\">";
    let at = page.find(marker).expect("the secret is shown after adding") + marker.len();
    let secret = &page[at..at + page[at..].find('<').unwrap()];
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert!(page.contains("https://chat.example.org/hooks/abc"));
    let (_, again) = admin.get_text("/settings/webhooks").await;
    assert!(!again.contains(secret), "the secret shows once");
    assert!(again.contains("https://chat.example.org/hooks/abc"));

    let webhook = server.store.webhooks().await.unwrap()[0].id;
    let delete = format!("/settings/webhooks/{webhook}/delete");
    assert!(
        again.contains(&delete),
        "each webhook links to its delete page"
    );
    let (status, confirm) = admin.get_text(&delete).await;
    assert_eq!(status, 200);
    assert!(confirm.contains("Delete this webhook?"));
    assert!(confirm.contains("https://chat.example.org/hooks/abc"));
    assert!(
        server.store.webhook(webhook).await.unwrap().is_some(),
        "asking deletes nothing"
    );
    assert_eq!(member.post(&delete, &[]).await.status(), 403);
    let response = admin.post(&delete, &[]).await;
    assert_eq!(response.status(), 303);
    assert!(server.store.webhooks().await.unwrap().is_empty());
    assert_eq!(admin.get(&delete).await.status(), 404);
}
