//! The creative competition's test helpers: a campaign with Riverside and
//! Northgate taking part and the competition set up, entering words or a
//! picture, naming judges and scoring.

use reqwest::StatusCode;

use super::campaigns::*;
use super::{Page, TestApp, Visitor};

pub const COMPETITION: &str = "/o/values-network/campaigns/values-week-2026/competition";

/// Open from the start of 2026 to the end of 2030, so open today.
pub fn setup_fields<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("opens_on", "2026-01-01"),
        ("closes_on", "2030-12-31"),
        ("rules", "One entry a person in each category. Your own work only."),
        ("categories", "Picture: a photograph or drawing of our values at work\nWords: a poem or a short story"),
        ("criteria", "Shows our values: 3\nOriginality: 1"),
    ];
    for (k, v) in changes {
        fields.retain(|(name, _)| name != k);
        fields.push((k, v));
    }
    fields
}

/// The campaign with Riverside and Northgate taking part and the
/// competition set up; the national editor, signed in.
pub async fn competition() -> (TestApp, Visitor) {
    let app = TestApp::spawn().await;
    let national = set_up(&app).await;
    (app, national)
}

/// [`competition`] on an app of the test's own making.
pub async fn set_up(app: &TestApp) -> Visitor {
    let mut national = national_with_campaign(app).await;
    join(app, RIVERSIDE_EDITOR, "riverside").await;
    join(app, NORTHGATE_EDITOR, "northgate").await;
    let saved = national.post(&format!("{COMPETITION}/setup"), &setup_fields(&[])).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    national
}

pub async fn read(response: reqwest::Response) -> Page {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    Page { status, headers, text }
}

/// The id of a category by its name.
pub async fn category(app: &TestApp, name: &str) -> String {
    let id: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM competition_categories WHERE name = $1")
        .bind(name).fetch_one(pool).await.unwrap());
    id.to_string()
}

/// Sends the entry form of `org` as a browser does (multipart, the form
/// token in the address), with an optional file (bytes, name, declared type).
pub async fn enter(
    visitor: &mut Visitor,
    org: &str,
    fields: &[(&str, &str)],
    file: Option<(Vec<u8>, &str, &str)>,
) -> Page {
    let token = visitor.csrf().await;
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    let part = match file {
        Some((bytes, name, mime)) => {
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()).mime_str(mime).unwrap()
        }
        // What a browser sends when no file was chosen.
        None => reqwest::multipart::Part::bytes(Vec::new()).file_name("").mime_str("application/octet-stream").unwrap(),
    };
    form = form.part("image", part);
    let url = format!("{}/o/{org}/campaigns/{SLUG}/competition/enter", visitor.base);
    read(visitor.client.post(url).query(&[("csrf_token", token)]).multipart(form).send().await.unwrap()).await
}

/// A words entry in `category` with consent; the answer.
pub async fn enter_words(app: &TestApp, visitor: &mut Visitor, org: &str, title: &str, consent: bool) -> Page {
    let words = category(app, "Words").await;
    let mut fields =
        vec![("category", words.as_str()), ("title", title), ("body", "Kindness is the kettle on at 3 a.m.")];
    if consent {
        fields.push(("consent", "yes"));
    }
    enter(visitor, org, &fields, None).await
}

pub async fn entry_id(app: &TestApp, title: &str) -> String {
    let id: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM competition_entries WHERE title = $1")
        .bind(title).fetch_one(pool).await.unwrap());
    id.to_string()
}

pub async fn entry_count(app: &TestApp) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM competition_entries").fetch_one(pool).await.unwrap())
}

/// Names `email` a judge through the manage page.
pub async fn add_judge(national: &mut Visitor, email: &str) {
    let added = national.post(&format!("{COMPETITION}/judges"), &[("email", email)]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
}

/// Scores (values, originality) for an entry.
pub async fn score(app: &TestApp, judge: &mut Visitor, id: &str, values: &str, originality: &str) -> Page {
    let ids: Vec<i64> = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM competition_criteria ORDER BY position")
        .fetch_all(pool).await.unwrap());
    let (a, b) = (format!("c{}", ids[0]), format!("c{}", ids[1]));
    judge.post(&format!("{COMPETITION}/judge/{id}"), &[(a.as_str(), values), (b.as_str(), originality)]).await
}
