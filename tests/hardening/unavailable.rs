//! When PostgreSQL stops, requests that need it are answered 503 with
//! `Retry-After` within two seconds instead of hanging, and `/readyz` says
//! so just as fast. The database is reached through a TCP proxy in the test
//! that can be cut, as if the database server had stopped.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::common::{self, DEMO_PASSWORD, Page, TestDatabase, Visitor};

/// Forwards connections to PostgreSQL until cut; cutting closes the port
/// and every connection through it.
struct Proxy {
    port: u16,
    task: JoinHandle<()>,
}

impl Proxy {
    async fn start(upstream: &'static str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((mut client, _)) = listener.accept().await {
                connections.spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        Proxy { port, task }
    }

    /// Stops listening and drops every connection (the join set goes with
    /// the task).
    async fn cut(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

async fn timed(what: impl std::future::Future<Output = Page>) -> (Page, Duration) {
    let started = Instant::now();
    let page = what.await;
    (page, started.elapsed())
}

#[tokio::test]
async fn with_postgresql_stopped_requests_are_answered_503_with_retry_after_within_two_seconds() {
    if common::backend() != "postgres" {
        eprintln!("skipped: only PostgreSQL is reached over the network (ETHOS_TEST_BACKEND=postgres)");
        return;
    }
    let database = TestDatabase::new().await;
    let setup = ethos::storage::Db::connect(&database.url).await.unwrap();
    setup.migrate().await.unwrap();
    ethos::demo::load_if_empty(&setup, false).await.unwrap();
    setup.close().await;
    let proxy = Proxy::start("127.0.0.1:5432").await;
    let through_proxy = database.url.replace("127.0.0.1:5432", &format!("127.0.0.1:{}", proxy.port));
    let db = ethos::storage::Db::connect(&through_proxy).await.unwrap();
    let app = crate::serve(database, db).await;

    let mut owner = app.visitor();
    assert_eq!(owner.sign_in("owner@riverside.example", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.visitor().get("/readyz").await.status, StatusCode::OK);

    proxy.cut().await;

    let anyone = Visitor::with_client(&app.url, reqwest::Client::new());
    let (ready, took) = timed(anyone.get("/readyz")).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(ready.headers.contains_key("retry-after"));
    assert!(took < Duration::from_secs(2), "/readyz took {took:?}");

    let (api, took) = timed(anyone.get("/api/v1/orgs")).await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE, "{}", api.text);
    assert_eq!(api.headers["content-type"], "application/problem+json");
    assert_eq!(api.headers["retry-after"], "5");
    assert!(api.json()["detail"].as_str().unwrap().contains("cannot reach its database"));
    assert!(took < Duration::from_secs(2), "the API took {took:?}");

    let (page, took) = timed(owner.get("/account")).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{}", page.text);
    assert_eq!(page.headers["retry-after"], "5");
    assert!(page.text_of("main").contains("cannot reach its database"), "{}", page.text);
    assert!(took < Duration::from_secs(2), "the account page took {took:?}");
}
