//! Several `ethos serve` processes on one database, as an organisation that
//! outgrows one process runs them (docs/deployment.md). On PostgreSQL a
//! change made through one process is served by the other at once, and
//! responses sent through both add up. SQLite is served by one process: a
//! second one is refused with a message saying why.

mod common;

use std::time::{Duration, Instant};

use common::binary::Server;
use common::consultations::{Settings, add_questions, create_consultation, publish};
use common::{DEMO_PASSWORD, TestDatabase, Visitor, backend};
use reqwest::StatusCode;
use serde_json::json;

fn visitor(server: &Server) -> Visitor {
    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build();
    Visitor::with_client(&server.url, client.unwrap())
}

async fn signed_in(server: &Server, email: &str) -> Visitor {
    let mut person = visitor(server);
    let signed = person.sign_in(email, DEMO_PASSWORD).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.text);
    person
}

/// Publishes a new version of Riverside's values with `motto`.
async fn publish_motto(editor: &mut Visitor, motto: &str) {
    editor.post("/o/riverside/values/edit/start", &[]).await;
    let revision = |page: common::Page| page.attr("input[name=revision]", "value").expect("the draft's revision");
    let rev = revision(editor.get("/o/riverside/values/edit").await);
    let saved = editor
        .post(
            "/o/riverside/values/edit/statements",
            &[("revision", &rev), ("vision", "Well at home."), ("mission", "Care near you."), ("motto", motto)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let rev = revision(editor.get("/o/riverside/values/edit").await);
    let published =
        editor.post("/o/riverside/values/edit/publish", &[("revision", &rev), ("note", "A new motto")]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
}

async fn respond(server: &Server, id: i64, text: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/api/v1/consultations/{id}/responses", server.url))
        .json(&json!({"answers": {"q1": {"text": text}}}))
        .send()
        .await
        .unwrap()
}

/// Waits up to `limit` for `check` to hold, and says how long it took.
async fn within<F, Fut>(limit: Duration, mut check: F) -> Option<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while started.elapsed() < limit {
        if check().await {
            return Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}

#[tokio::test]
async fn what_one_process_changes_the_other_serves_at_once_and_responses_through_both_add_up() {
    if backend() != "postgres" {
        return a_second_process_on_one_sqlite_database_is_refused().await;
    }
    let database = TestDatabase::new().await;
    let first = Server::start(&database.url, &[]).await;
    let second = Server::start(&database.url, &[]).await;

    // The second process has the public values page in its cache (for
    // anonymous visitors: a reader who keeps no cookies).
    // The first visit has the leaflets made in the background, which
    // clears the cache once they are ready (to show their sizes): wait for
    // that, so the page stays cached from then on.
    let reader = Visitor::with_client(&second.url, reqwest::Client::new());
    let reader = &reader;
    let ready = within(Duration::from_secs(60), || async move {
        reader.get("/o/riverside/values").await.texts(".file-facts").len() == 2
    })
    .await;
    assert!(ready.is_some(), "the leaflets' sizes never showed");
    let old_motto = reader.get("/o/riverside/values").await.text_of(".motto");

    let mut editor = signed_in(&first, "editor@riverside.example").await;
    publish_motto(&mut editor, "Two doors, one welcome").await;
    // Well inside the five seconds a cached page may otherwise be kept.
    let seen = within(Duration::from_secs(2), || async move {
        reader.get("/o/riverside/values").await.text_of(".motto") == "Two doors, one welcome"
    })
    .await;
    assert!(seen.is_some(), "the second process still showed the motto {old_motto:?}");

    // A consultation made and published through the first process takes
    // responses through both.
    let settings = Settings { visibility: "public_while_open", ..Settings::open("Which words stay?") };
    let id = create_consultation(&mut editor, &settings).await;
    add_questions(&mut editor, id, &[&[("kind", "text"), ("prompt", "Anything else?")]]).await;
    publish(&mut editor, id).await;
    for n in 0..6 {
        let through = if n % 2 == 0 { &first } else { &second };
        let answered = respond(through, id, &format!("Answer {n}")).await;
        assert_eq!(answered.status(), StatusCode::CREATED, "response {n}");
    }
    let results: serde_json::Value =
        reqwest::get(format!("{}/api/v1/consultations/{id}/results", second.url)).await.unwrap().json().await.unwrap();
    assert_eq!(results["respondents"]["value"], 6, "{results}");

    // Closed through the first, it is closed through the second within a second.
    let closed = editor.post(&format!("/o/riverside/consultations/{id}/close"), &[]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text);
    let second = &second;
    let late = std::sync::atomic::AtomicU64::new(0);
    let late = &late;
    let refused = within(Duration::from_secs(1), || async move {
        match respond(second, id, "Too late").await.status() {
            StatusCode::CONFLICT => true,
            _ => {
                late.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                false
            }
        }
    })
    .await;
    assert!(refused.is_some(), "the second process still took responses a second after the close");
    let results: serde_json::Value =
        reqwest::get(format!("{}/api/v1/consultations/{id}/results", first.url)).await.unwrap().json().await.unwrap();
    let late = late.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(results["respondents"]["value"], 6 + late, "every response acknowledged is counted: {results}");
}

async fn a_second_process_on_one_sqlite_database_is_refused() {
    let database = TestDatabase::new().await;
    let first = Server::start(&database.url, &[]).await;
    let (started, said) = common::binary::run(&database.url, &["serve", "--bind", "127.0.0.1:0"]).await;
    assert!(!started, "a second server on the same SQLite file started: {said}");
    assert!(said.contains("another `ethos serve` is already using the SQLite database"), "{said}");
    assert!(said.contains("use PostgreSQL"), "{said}");
    // The first is unharmed.
    assert_eq!(visitor(&first).get("/o/riverside").await.status, StatusCode::OK);
}
