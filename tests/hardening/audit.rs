//! The audit log keeps what a draft edit changed, before and after, and
//! records tagging and quoting answers under themes.

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{Api, TestApp, Visitor, make_token};

async fn save_statements(editor: &mut Visitor, mission: &str) {
    let page = editor.get("/o/riverside/values/edit").await;
    let revision = page.attr("input[name=revision]", "value").expect("the edit page carries the revision");
    let saved = editor
        .post(
            "/o/riverside/values/edit/statements",
            &[("revision", &revision), ("vision", "Healthy lives close to home."), ("mission", mission), ("motto", "")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
}

async fn audit_entries(app: &TestApp) -> Vec<Value> {
    let mut owner = app.signed_in("owner@riverside.example").await;
    let api = Api::new(app, Some(make_token(&mut owner).await));
    api.get("/api/v1/orgs/riverside/audit").await.json().as_array().unwrap().clone()
}

#[tokio::test]
async fn a_draft_edit_is_audited_with_the_texts_before_and_after() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    assert_eq!(editor.post("/o/riverside/values/edit/start", &[]).await.status, StatusCode::SEE_OTHER);
    save_statements(&mut editor, "We care for people where they live.").await;
    save_statements(&mut editor, "We care for people where they live and work.").await;

    let entries = audit_entries(&app).await;
    let edit = entries.iter().find(|e| e["action"] == "framework.edit").expect("the edit is in the audit log");
    assert_eq!(edit["before"], "Mission: We care for people where they live.");
    assert_eq!(edit["after"], "Mission: We care for people where they live and work.");
    // The owner's audit page shows both.
    let owner = app.signed_in("owner@riverside.example").await;
    let page = owner.get("/o/riverside/audit").await;
    let row = page.texts("tbody tr").into_iter().find(|r| r.contains("live and work")).unwrap_or_default();
    assert!(row.contains("Mission: We care for people where they live."), "{row}");
}

#[tokio::test]
async fn tagging_and_quoting_an_answer_are_audited() {
    let app = crate::spawn_full_demo().await;
    let (consultation, theme, response): (i64, i64, i64) = ethos::on_db!(&app.db, pool => {
        let sql = "SELECT t.consultation_id, t.id, a.response_id FROM consultation_themes t \
                   JOIN consultation_responses r ON r.consultation_id = t.consultation_id \
                   JOIN consultation_answers a ON a.response_id = r.id AND a.question_key = t.question_key \
                   WHERE NOT EXISTS (SELECT 1 FROM consultation_theme_answers x WHERE x.theme_id = t.id AND x.response_id = r.id) \
                   ORDER BY a.response_id LIMIT 1";
        sqlx::query_as(sql).fetch_one(pool).await.unwrap()
    });
    let mut editor = app.signed_in("editor@riverside.example").await;
    let path = format!("/o/riverside/consultations/{consultation}/themes/tag");
    for action in ["tag", "quote"] {
        let done = editor
            .post(&path, &[("theme", &theme.to_string()), ("response", &response.to_string()), ("action", action)])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    }

    let entries = audit_entries(&app).await;
    let about = format!("response {response},");
    let mine: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "consultation.answer_theme" && e["summary"].as_str().unwrap().contains(&about))
        .collect();
    assert_eq!(mine.len(), 2, "{entries:?}");
    assert!(mine[0]["summary"].as_str().unwrap().starts_with("Chose an answer to quote in the Board report"));
    assert_eq!((&mine[0]["before"], &mine[0]["after"]), (&Value::from("not quoted"), &Value::from("quoted")));
    assert!(mine[1]["summary"].as_str().unwrap().starts_with("Tagged an answer with a theme"));
    assert_eq!(mine[1]["person_name"], "Dylan Price");
}
