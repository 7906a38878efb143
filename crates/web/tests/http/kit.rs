//! The test kit: a real `tend` server on port 0 over a fresh database, and clients that act as a
//! browser (cookies, CSRF token) or as an API client (bearer token).

use reqwest::redirect::Policy;
use reqwest::{Client, Response};
use tend_app::secrets::{API_TOKEN_PREFIX, hash_token, new_token};
use tend_domain::PersonId;
use tend_domain::password::hash_password;
use tend_domain::person::{Person, PersonDraft, PersonInput};
use tend_store::testing::{
    POSTGRES_URL_VAR, fresh_postgres_database, require_postgres, sqlite_url_in,
};
use tend_store::{NewPerson, Store};
use tend_web::WebConfig;

pub const PASSWORD: &str = "correct horse battery";

pub struct TestServer {
    pub url: String,
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

impl TestServer {
    /// A server over a fresh SQLite database.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::connect(&sqlite_url_in(dir.path()))
            .await
            .expect("open SQLite");
        Self::serve(store, Some(dir)).await
    }

    /// A server that believes it is reached at `base_url` (e.g. https behind a proxy).
    pub async fn start_with_base_url(base_url: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::connect(&sqlite_url_in(dir.path()))
            .await
            .expect("open SQLite");
        let base_url = base_url.to_owned();
        Self::serve_with(store, Some(dir), move |_| WebConfig::new(&base_url)).await
    }

    /// A server that believes `X-Forwarded-For` from loopback, as behind a reverse proxy.
    pub async fn start_behind_proxy() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::connect(&sqlite_url_in(dir.path()))
            .await
            .expect("open SQLite");
        let proxy = "127.0.0.1".parse().unwrap();
        Self::serve_with(store, Some(dir), move |config| {
            config.with_trusted_proxies(vec![proxy])
        })
        .await
    }

    /// A fresh PostgreSQL database URL, when tests have a PostgreSQL server.
    pub async fn postgres_url() -> Option<String> {
        let Ok(admin) = std::env::var(POSTGRES_URL_VAR) else {
            require_postgres();
            return None;
        };
        Some(fresh_postgres_database(&admin).await)
    }

    /// Another server process over the same database, behind a trusted reverse proxy.
    pub async fn start_on_behind_proxy(database_url: &str) -> Self {
        let store = Store::connect(database_url).await.expect("open database");
        let proxy = "127.0.0.1".parse().unwrap();
        Self::serve_with(store, None, move |config| {
            config.with_trusted_proxies(vec![proxy])
        })
        .await
    }

    /// Another server process over the same database (as behind a load balancer).
    pub async fn start_on(database_url: &str) -> Self {
        Self::serve(
            Store::connect(database_url).await.expect("open database"),
            None,
        )
        .await
    }

    async fn serve(store: Store, dir: Option<tempfile::TempDir>) -> Self {
        Self::serve_with(store, dir, |config| config).await
    }

    async fn serve_with(
        store: Store,
        dir: Option<tempfile::TempDir>,
        configure: impl FnOnce(WebConfig) -> WebConfig,
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let router = tend_web::router(store.clone(), configure(WebConfig::new(&url)));
        tokio::spawn(tend_web::serve(listener, router));
        Self {
            url,
            store,
            _dir: dir,
        }
    }

    /// Creates a person who can sign in with [`PASSWORD`].
    pub async fn person(
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
        let new = NewPerson {
            password_hash: Some(password_hash()),
            ..NewPerson::from(draft)
        };
        self.store.create_person(new, None).await.unwrap()
    }

    /// A personal API token for the person.
    pub async fn token(&self, person: &Person) -> String {
        let token = new_token(API_TOKEN_PREFIX);
        self.store
            .create_api_token(person.id, "test", &hash_token(&token))
            .await
            .unwrap();
        token
    }

    pub fn api(&self, token: &str) -> Api {
        Api {
            client: Client::new(),
            base: format!("{}/api/v1", self.url),
            token: token.to_owned(),
        }
    }

    /// A browser that has loaded the sign-in page (so it holds a CSRF token) but not signed in.
    pub async fn browser(&self) -> Browser {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap();
        let page = client
            .get(format!("{}/login", self.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        Browser {
            client,
            base: self.url.clone(),
            csrf: csrf_in(&page).expect("the sign-in page has a CSRF token"),
        }
    }

    /// A browser signed in as `email`, holding the CSRF token of its session (a signed-in
    /// browser's token is bound to the session, so it changes at sign-in).
    pub async fn signed_in(&self, email: &str) -> Browser {
        let mut browser = self.browser().await;
        let response = browser.sign_in(email, PASSWORD).await;
        assert_eq!(response.status(), 303, "signing in as {email} failed");
        browser.refresh_csrf().await;
        browser
    }
}

fn password_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(PASSWORD)).clone()
}

/// The CSRF token a page puts in its forms.
pub fn csrf_in(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

pub struct Browser {
    pub client: Client,
    pub base: String,
    pub csrf: String,
}

impl Browser {
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Submits a form the way a page does, with the CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", &self.csrf)];
        form.extend_from_slice(fields);
        self.client
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_text(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let response = self.post(path, fields).await;
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Takes the CSRF token from a freshly loaded page, as a browser does on every page.
    pub async fn refresh_csrf(&mut self) {
        let (_, page) = self.get_text("/settings").await;
        if let Some(token) = csrf_in(&page) {
            self.csrf = token;
        }
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Response {
        self.post("/login", &[("email", email), ("password", password)])
            .await
    }
}

pub struct Api {
    pub client: Client,
    pub base: String,
    pub token: String,
}

impl Api {
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        json(
            self.request(reqwest::Method::GET, path)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        json(self.request(method, path).json(&body).send().await.unwrap()).await
    }
}

pub async fn json(response: Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// An organisation small enough to reason about: an admin; a lead with two reports; a peer
/// elsewhere in the tree.
pub struct Org {
    pub admin: Person,
    pub lead: Person,
    pub report: Person,
    pub other_report: Person,
    pub peer: Person,
}

pub async fn org(server: &TestServer) -> Org {
    let admin = server
        .person("admin@example.com", "Alex Admin", "admin", None)
        .await;
    let lead = server
        .person("lead@example.com", "Lee Lead", "member", None)
        .await;
    let report = server
        .person("report@example.com", "Rae Report", "member", Some(lead.id))
        .await;
    let other_report = server
        .person("other@example.com", "Oli Other", "member", Some(lead.id))
        .await;
    let peer = server
        .person("peer@example.com", "Pat Peer", "member", None)
        .await;
    Org {
        admin,
        lead,
        report,
        other_report,
        peer,
    }
}
