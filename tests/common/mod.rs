//! Test support: every test gets its own database (a SQLite file in a temp
//! folder, or a fresh PostgreSQL schema when `ETHOS_TEST_BACKEND=postgres`)
//! and a real server on an ephemeral port. The listener is bound before the
//! server starts, so no test waits or sleeps for it.

#![allow(dead_code)]

pub mod binary;
pub mod campaigns;
pub mod competition;
pub mod consultations;
pub mod feedback;
pub mod oidc;
pub mod pdf;
pub mod results;
pub mod smtp;

use ethos::app::AppState;
use ethos::config::Config;
use ethos::storage::Db;
use reqwest::StatusCode;
use scraper::{Html, Selector};

/// The PostgreSQL server tests use when asked to.
pub const PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Which backend this test run uses.
pub fn backend() -> String {
    std::env::var("ETHOS_TEST_BACKEND").unwrap_or_else(|_| "sqlite".to_owned())
}

/// A fresh, empty database URL for one test, and what to clean up after it.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    schema: Option<String>,
}

impl TestDatabase {
    pub async fn new() -> TestDatabase {
        if backend() == "postgres" {
            let schema = format!("t_{}", random_suffix());
            let admin = sqlx::PgPool::connect(PG_URL).await.expect(
                "PostgreSQL must listen on 127.0.0.1:5432 for ETHOS_TEST_BACKEND=postgres (scripts/test starts it)",
            );
            sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(&admin).await.unwrap();
            admin.close().await;
            let url = format!("{PG_URL}?options=-c%20search_path%3D{schema}");
            TestDatabase { url, _dir: None, schema: Some(schema) }
        } else {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("ethos.db").display());
            TestDatabase { url, _dir: Some(dir), schema: None }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(schema) = self.schema.take() {
            // Drop runs outside async; a short-lived runtime on its own
            // thread removes the schema.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async {
                    if let Ok(admin) = sqlx::PgPool::connect(PG_URL).await {
                        let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE")).execute(&admin).await;
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

pub fn random_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{}_{}", std::process::id(), nanos ^ (rand_u32() << 1))
}

fn rand_u32() -> u32 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    h.write_u8(1);
    h.finish() as u32
}

/// A running Ethos with the demo loaded.
pub struct TestApp {
    pub url: String,
    pub db: Db,
    pub database: TestDatabase,
}

/// The demo's shared password.
pub const DEMO_PASSWORD: &str = ethos::demo::PASSWORD;

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Starts a server whose configuration `tweak` may change.
    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let database = TestDatabase::new().await;
        let db = Db::connect(&database.url).await.expect("open test database");
        db.migrate().await.expect("migrate test database");
        ethos::demo::load_if_empty(&db, false).await.expect("load demo");
        TestApp::serve(database, db, tweak).await
    }

    /// A server over the whole demo: published frameworks with their
    /// translations, and the demo consultation with its responses.
    pub async fn spawn_with_demo() -> TestApp {
        TestApp::spawn_with_demo_and(|_| {}).await
    }

    /// The whole demo, with a configuration `tweak` may change.
    pub async fn spawn_with_demo_and(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let database = TestDatabase::new().await;
        let db = Db::connect(&database.url).await.expect("open test database");
        db.migrate().await.expect("migrate test database");
        ethos::demo::load_if_empty(&db, true).await.expect("load demo");
        TestApp::serve(database, db, tweak).await
    }

    /// A new server over this one's database, as after a restart; `tweak`
    /// may change its configuration. The old server is left running, with
    /// its own state, but nothing reaches it any more.
    pub async fn restarted(self, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let TestApp { database, db, .. } = self;
        TestApp::serve(database, db, tweak).await
    }

    async fn serve(database: TestDatabase, db: Db, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let mut config = Config::for_url(&url);
        // Tests sign in many times from one address, and stand in for many
        // people at once from it (the per-address caps have their own tests,
        // tests/abuse.rs, against the binary with its real defaults).
        config.sign_in_per_address = 1000;
        config.connections.max_per_address = 1024;
        tweak(&mut config);
        let state = AppState::new(db.clone(), config).await.expect("app state");
        tokio::spawn(ethos::server::run(listener, state));
        TestApp { url, db, database }
    }

    /// A browser-like client with its own cookie jar.
    pub fn visitor(&self) -> Visitor {
        let client =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Visitor { base: self.url.clone(), client, csrf: None }
    }

    /// A visitor signed in as a demo account.
    pub async fn signed_in(&self, email: &str) -> Visitor {
        let mut visitor = self.visitor();
        let response = visitor.sign_in(email, DEMO_PASSWORD).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "signing in as {email}: {}", response.text);
        visitor
    }
}

/// A response with its body read.
pub struct Page {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Page {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.text)
    }

    /// Texts of every element matching `selector`, whitespace collapsed.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        self.html()
            .select(&selector)
            .map(|e| e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    /// The text of the first match, or "" if none.
    pub fn text_of(&self, selector: &str) -> String {
        self.texts(selector).into_iter().next().unwrap_or_default()
    }

    pub fn has(&self, selector: &str) -> bool {
        !self.texts(selector).is_empty()
    }

    pub fn location(&self) -> String {
        self.headers.get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The attribute of the first element matching `selector`.
    pub fn attr(&self, selector: &str, attr: &str) -> Option<String> {
        let selector = Selector::parse(selector).unwrap();
        self.html().select(&selector).next().and_then(|e| e.value().attr(attr).map(str::to_owned))
    }
}

/// One browser: a cookie jar and the form token it was given.
pub struct Visitor {
    pub base: String,
    pub client: reqwest::Client,
    csrf: Option<String>,
}

impl Visitor {
    /// A visitor of a server at `base` using `client` (keep its cookies on).
    pub fn with_client(base: &str, client: reqwest::Client) -> Visitor {
        Visitor { base: base.to_owned(), client, csrf: None }
    }

    async fn read(response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        Page { status, headers, text }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::read(self.client.get(format!("{}{path}", self.base)).send().await.unwrap()).await
    }

    /// The form token, fetched once from a page with a form.
    pub async fn csrf(&mut self) -> String {
        if self.csrf.is_none() {
            let page = self.get("/sign-in").await;
            self.csrf = page.attr("input[name=csrf_token]", "value");
        }
        self.csrf.clone().expect("the sign-in page carries a form token")
    }

    /// Posts a form, adding the form token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        let response = self.client.post(format!("{}{path}", self.base)).form(&all).send().await.unwrap();
        Self::read(response).await
    }

    /// Sends a file as a browser's upload form does: multipart, the form
    /// token in the address.
    pub async fn upload(&mut self, path: &str, field: &str, file_name: &str, bytes: Vec<u8>) -> Page {
        let token = self.csrf().await;
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned());
        let form = reqwest::multipart::Form::new().part(field.to_owned(), part);
        let url = format!("{}{path}?csrf_token={token}", self.base);
        Self::read(self.client.post(url).multipart(form).send().await.unwrap()).await
    }

    /// Posts a form exactly as given (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        Self::read(self.client.post(format!("{}{path}", self.base)).form(fields).send().await.unwrap()).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        self.post("/sign-in", &[("email", email), ("password", password)]).await
    }

    /// Follows a redirect's Location with a GET.
    pub async fn follow(&self, page: &Page) -> Page {
        assert!(page.status.is_redirection(), "expected a redirect, got {}: {}", page.status, page.text);
        self.get(&page.location()).await
    }
}

/// A JSON API client with an optional bearer token.
pub struct Api {
    pub base: String,
    pub client: reqwest::Client,
    pub token: Option<String>,
}

impl Api {
    pub fn new(app: &TestApp, token: Option<String>) -> Api {
        Api { base: app.url.clone(), client: reqwest::Client::new(), token }
    }

    fn auth(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        Visitor::read(self.auth(self.client.get(format!("{}{path}", self.base))).send().await.unwrap()).await
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: &serde_json::Value) -> Page {
        let request = self.client.request(method, format!("{}{path}", self.base)).json(body);
        Visitor::read(self.auth(request).send().await.unwrap()).await
    }
}

/// Makes an API token for a signed-in visitor through the account page.
pub async fn make_token(visitor: &mut Visitor) -> String {
    let page = visitor.post("/account/tokens", &[("name", "test script")]).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.text);
    page.text_of("#new-token")
}
