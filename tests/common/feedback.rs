//! Sending feedback as a resident would, and reading what was stored, for
//! the listening tests.

use std::time::Duration;

use reqwest::StatusCode;

use super::{Page, TestApp, Visitor};

/// A server whose form takes any fill time (the minimum has its own test).
pub async fn spawn() -> TestApp {
    TestApp::spawn_with(|c| c.feedback_min_fill = Duration::ZERO).await
}

/// Opens Riverside's form and sends it with `fields`, as a browser would.
pub async fn send(visitor: &mut Visitor, fields: &[(&str, &str)]) -> Page {
    let form = visitor.get("/o/riverside/feedback").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let started = form.attr("input[name=started]", "value").expect("the form carries its time");
    let mut all = fields.to_vec();
    all.push(("started", &started));
    visitor.post("/o/riverside/feedback", &all).await
}

/// Opens Riverside's form in the language `lang` (`?lang=`) and sends it
/// with `fields`, and the language the form carries, as a browser would.
pub async fn send_in(visitor: &mut Visitor, lang: &str, fields: &[(&str, &str)]) -> Page {
    let form = visitor.get(&format!("/o/riverside/feedback?lang={lang}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let started = form.attr("input[name=started]", "value").expect("the form carries its time");
    let language = form.attr("input[name=lang]", "value").expect("the form carries its language");
    let mut all = fields.to_vec();
    all.push(("started", &started));
    all.push(("lang", &language));
    visitor.post("/o/riverside/feedback", &all).await
}

/// Sends feedback and returns its status link.
pub async fn send_ok(visitor: &mut Visitor, fields: &[(&str, &str)]) -> String {
    let sent = send(visitor, fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    sent.location()
}

pub async fn stored(app: &TestApp) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM feedback").fetch_one(pool).await.unwrap())
}

pub async fn item_id(app: &TestApp, body: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM feedback WHERE body = $1").bind(body).fetch_one(pool).await.unwrap())
}

pub async fn language_of(app: &TestApp, id: i64) -> String {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT language FROM feedback WHERE id = $1").bind(id).fetch_one(pool).await.unwrap())
}

pub async fn contact_of(app: &TestApp, id: i64) -> Option<String> {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT contact FROM feedback WHERE id = $1").bind(id).fetch_one(pool).await.unwrap())
}

pub const WAIT: &str = "The wait in the walk-in centre was long, but the nurse explained every step.";
