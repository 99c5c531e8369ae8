//! Hardening found by a security tester (issue 11): forwarded addresses,
//! security headers on every answer, a database that stops, the API's
//! problem documents, honest coverage, weak passwords, API tokens and the
//! audit log.

#[path = "../common/mod.rs"]
mod common;

mod api_problems;
mod audit;
mod coverage;
mod forwarded;
mod headers;
mod passwords;
mod unavailable;

use common::{TestApp, TestDatabase};
use ethos::app::AppState;
use ethos::config::Config;
use ethos::storage::Db;

/// A server over `db` (already migrated and loaded), for tests that need
/// the whole demo or a database reached another way than the test's own.
pub async fn serve(database: TestDatabase, db: Db) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let mut config = Config::for_url(&url);
    config.sign_in_per_address = 1000;
    let state = AppState::new(db.clone(), config).await.expect("app state");
    tokio::spawn(ethos::server::run(listener, state));
    TestApp { url, db, database }
}

/// A server with the whole demo, as `ethos serve` loads it: published
/// frameworks, their mappings and the demo consultation.
pub async fn spawn_full_demo() -> TestApp {
    let database = TestDatabase::new().await;
    let db = Db::connect(&database.url).await.expect("open test database");
    db.migrate().await.expect("migrate test database");
    ethos::demo::load_if_empty(&db, true).await.expect("load the whole demo");
    serve(database, db).await
}
