//! A consultation's printable outputs over HTTP: the A4 poster for wards,
//! the Board report, and the themes editors find in free-text answers.

mod common;

use common::{TestApp, Visitor};
use lopdf::Document;
use reqwest::StatusCode;
use serde_json::json;

fn when(hours: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    (time::OffsetDateTime::now_utc() + time::Duration::hours(hours)).format(&format).unwrap()
}

/// A consultation at Riverside with a keep/remove question (q1), a ranked
/// values question (q2), a free-text question (q3) and the group (q4).
pub async fn consultation(editor: &mut Visitor, publish: bool) -> i64 {
    let made = editor
        .post(
            "/o/riverside/consultations",
            &[
                ("title", "Our words for the next five years"),
                ("purpose", "We want to hear which of our words still ring true."),
                ("opens_at", &when(-2)),
                ("closes_at", &when(72)),
                ("visibility", "editors_board"),
                ("audiences", "Staff\nVisitor"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
    let id: i64 = made.location().rsplit('/').next().unwrap().parse().unwrap();
    let questions: [&[(&str, &str)]; 4] = [
        &[
            ("kind", "words"),
            ("prompt", "Mark the words"),
            ("source", "pasted"),
            ("text", "Gentle, honest and curious"),
        ],
        &[
            ("kind", "values"),
            ("prompt", "Put these in order"),
            ("options", "Gentle\nHonest\nCurious"),
            ("max_picks", "2"),
            ("ranked", "yes"),
        ],
        &[("kind", "text"), ("prompt", "What would you change?"), ("limit", "200")],
        &[("kind", "group"), ("prompt", "Which group are you in?")],
    ];
    for fields in questions {
        let added = editor.post(&format!("/o/riverside/consultations/{id}/questions"), fields).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    }
    if publish {
        let published = editor.post(&format!("/o/riverside/consultations/{id}/publish"), &[]).await;
        assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
    }
    id
}

/// Sends one response per text through the API: everyone keeps "Gentle"
/// (word 0) and removes "curious" (word 3).
pub async fn respond(app: &TestApp, id: i64, texts: &[&str]) {
    let client = reqwest::Client::new();
    for (i, text) in texts.iter().enumerate() {
        let body = json!({"answers": {
            "q1": {"marks": {"0": "keep", "3": "remove"}},
            "q2": {"picks": [i % 3, (i + 1) % 3]},
            "q3": {"text": text},
            "q4": {"choices": [0]}
        }});
        let sent =
            client.post(format!("{}/api/v1/consultations/{id}/responses", app.url)).json(&body).send().await.unwrap();
        assert_eq!(sent.status(), StatusCode::CREATED, "{}", sent.text().await.unwrap());
    }
}

/// Fetches a PDF and returns its text with the spaces taken out.
pub async fn pdf_text(client: &reqwest::Client, url: &str) -> String {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    let doc = Document::load_mem(&bytes).expect("the download parses as a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn anyone_prints_the_poster_once_published_but_a_draft_stays_inside_the_organisation() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor, false).await;
    let public = app.visitor();
    let poster = format!("/o/riverside/c/{id}/poster.pdf");
    assert_eq!(public.get(&poster).await.status, StatusCode::NOT_FOUND, "a draft's poster is private");
    let outsider = app.signed_in("editor@northgate.example").await;
    assert_eq!(outsider.get(&poster).await.status, StatusCode::NOT_FOUND);
    assert_eq!(outsider.get(&format!("/o/northgate/c/{id}/poster.pdf")).await.status, StatusCode::NOT_FOUND);
    let text = pdf_text(&editor.client, &format!("{}{poster}", app.url)).await;
    assert!(text.contains("Ourwordsforthenextfiveyears"), "{text}");

    editor.post(&format!("/o/riverside/consultations/{id}/publish"), &[]).await;
    let text = pdf_text(&public.client, &format!("{}{poster}", app.url)).await;
    assert!(text.contains("Ourwordsforthenextfiveyears"), "the title: {text}");
    let short = format!("{}/c/{id}", app.url.trim_start_matches("http://"));
    assert!(text.contains(&short), "the short link {short}: {text}");
    assert_eq!(public.get("/o/riverside/c/999999/poster.pdf").await.status, StatusCode::NOT_FOUND);

    // Editors find it on the manage page and on the survey.
    let manage = editor.get(&format!("/o/riverside/consultations/{id}")).await;
    assert!(manage.has(&format!("a[href='{poster}']")), "{}", manage.text);
    let survey = editor.get(&format!("/o/riverside/c/{id}")).await;
    assert!(survey.has(&format!("a[href='{poster}']")));
}

#[tokio::test]
async fn the_board_report_carries_the_findings_and_the_editors_recommendations() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor, true).await;
    respond(&app, id, &["More time to talk", "Less jargon", "More time with patients", "Fine", "Shorter forms", "Ok"])
        .await;
    let saved = editor
        .post(
            &format!("/o/riverside/consultations/{id}/recommendations"),
            &[("recommendations", "Keep gentle as our first value.\r\n\r\nDrop curious at the next refresh.")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let manage = editor.follow(&saved).await;
    assert_eq!(
        manage.text_of("textarea#recommendations"),
        "Keep gentle as our first value. Drop curious at the next refresh."
    );
    assert!(manage.has(&format!("a[href='/o/riverside/c/{id}/report.pdf']")));

    let board = app.signed_in("board@riverside.example").await;
    let text = pdf_text(&board.client, &format!("{}/o/riverside/c/{id}/report.pdf", app.url)).await;
    for expected in ["Ourwordsforthenextfiveyears", "Purpose", "Method", "Mostkept", "Mostremoved", "Recommendations"] {
        assert!(text.to_lowercase().contains(&expected.to_lowercase()), "{expected} in {text}");
    }
    assert!(text.contains("Gentle"), "the most kept word");
    assert!(text.contains("Keepgentleasourfirstvalue."), "the recommendations: {text}");
    assert!(text.contains("Puttheseinorder"), "the value priorities");

    // Too long: refused, and what was saved stays.
    let long = "x".repeat(20_001);
    let refused =
        editor.post(&format!("/o/riverside/consultations/{id}/recommendations"), &[("recommendations", &long)]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.text.contains("limit is 20000"), "{}", refused.text);
    let manage = editor.get(&format!("/o/riverside/consultations/{id}")).await;
    assert!(manage.text_of("textarea#recommendations").starts_with("Keep gentle"));
}

#[tokio::test]
async fn only_owners_editors_and_the_board_read_the_report_or_change_recommendations() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor, true).await;
    let report = format!("/o/riverside/c/{id}/report.pdf");
    let mut staff = app.signed_in("staff@riverside.example").await;
    assert_eq!(staff.get(&report).await.status, StatusCode::FORBIDDEN);
    let tried =
        staff.post(&format!("/o/riverside/consultations/{id}/recommendations"), &[("recommendations", "Mine")]).await;
    assert_eq!(tried.status, StatusCode::FORBIDDEN);
    let manage = staff.get(&format!("/o/riverside/consultations/{id}")).await;
    assert!(!manage.has(&format!("a[href='{report}']")), "staff are not offered the report");
    let mut outsider = app.signed_in("editor@northgate.example").await;
    assert_eq!(outsider.get(&report).await.status, StatusCode::NOT_FOUND);
    assert_eq!(outsider.get(&format!("/o/northgate/c/{id}/report.pdf")).await.status, StatusCode::NOT_FOUND);
    let tried = outsider
        .post(&format!("/o/riverside/consultations/{id}/recommendations"), &[("recommendations", "Theirs")])
        .await;
    assert_eq!(tried.status, StatusCode::NOT_FOUND);
    assert!(app.visitor().get(&report).await.status.is_redirection(), "sign in first");
    assert_eq!(editor.get(&report).await.status, StatusCode::OK);
}
