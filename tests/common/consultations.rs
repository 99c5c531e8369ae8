//! Setting up a consultation the way an editor does it, through Riverside's
//! pages: the settings form, one form per question, then publishing. Each
//! step asserts the redirect that means it was saved, so a broken step
//! fails where it happened rather than later in the test.

use reqwest::StatusCode;
use serde_json::Value;

use super::{TestApp, Visitor};

/// A time `hours` from now (negative: in the past) as the settings form
/// takes it: in Riverside's time zone, Europe/London.
pub fn hours_from_now(hours: i64) -> String {
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(hours);
    at.in_tz("Europe/London").unwrap().strftime("%Y-%m-%dT%H:%M").to_string()
}

/// What an editor types into the new-consultation form. [`Settings::open`]
/// gives a consultation that opened an hour ago and closes in two days,
/// with results for the organisation only and no purpose; a test changes
/// what matters to it.
pub struct Settings<'a> {
    pub title: &'a str,
    pub purpose: Option<&'a str>,
    pub opened_hours_ago: i64,
    pub closes_in_hours: i64,
    pub visibility: &'a str,
    /// One group a line.
    pub audiences: &'a str,
}

impl<'a> Settings<'a> {
    pub fn open(title: &'a str) -> Settings<'a> {
        Settings {
            title,
            purpose: None,
            opened_hours_ago: 1,
            closes_in_hours: 48,
            visibility: "editors_board",
            audiences: "Staff\nPatient or service user",
        }
    }
}

/// Riverside's editor saves a new consultation; returns the id its page
/// redirects to.
pub async fn create_consultation(editor: &mut Visitor, s: &Settings<'_>) -> i64 {
    let (opens, closes) = (hours_from_now(-s.opened_hours_ago), hours_from_now(s.closes_in_hours));
    let mut fields = vec![
        ("title", s.title),
        ("opens_at", &opens),
        ("closes_at", &closes),
        ("visibility", s.visibility),
        ("audiences", s.audiences),
    ];
    fields.extend(s.purpose.map(|purpose| ("purpose", purpose)));
    let made = editor.post("/o/riverside/consultations", &fields).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
    made.location().rsplit('/').next().unwrap().parse().unwrap()
}

/// Adds questions in order (the first becomes q1), each as the question
/// form's fields.
pub async fn add_questions(editor: &mut Visitor, id: i64, questions: &[&[(&str, &str)]]) {
    let path = format!("/o/riverside/consultations/{id}/questions");
    for fields in questions {
        let added = editor.post(&path, fields).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "adding {fields:?}: {}", added.text);
    }
}

/// Publishes the consultation, which opens its survey.
pub async fn publish(editor: &mut Visitor, id: i64) {
    let published = editor.post(&format!("/o/riverside/consultations/{id}/publish"), &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
}

/// One anonymous response through the API, `answers` keyed by question;
/// asserts it was stored.
pub async fn respond_by_api(app: &TestApp, id: i64, answers: Value) {
    let body = serde_json::json!({ "answers": answers });
    let url = format!("{}/api/v1/consultations/{id}/responses", app.url);
    let sent = reqwest::Client::new().post(url).json(&body).send().await.unwrap();
    assert_eq!(sent.status(), StatusCode::CREATED, "{}", sent.text().await.unwrap());
}
