//! Campaigns as their editors make them, for the campaign tests: the
//! national body's editor creates a campaign through its form, writes
//! sample posts; organisations join and log events through theirs.

use reqwest::StatusCode;

use super::{Page, TestApp, Visitor};

pub const NATIONAL_EDITOR: &str = "editor@values-network.example";
pub const RIVERSIDE_EDITOR: &str = "editor@riverside.example";
pub const NORTHGATE_EDITOR: &str = "editor@northgate.example";
pub const RIVERSIDE_OWNER: &str = "owner@riverside.example";

/// The campaign every test starts from: 29 June – 5 July 2026.
pub const SLUG: &str = "values-week-2026";

/// The campaign form's fields, with `changes` over the defaults.
pub fn campaign_fields<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("name", "Values Week"),
        ("slug", SLUG),
        ("edition", "2026"),
        ("hashtag", "#ValuesWeekTest"),
        ("handle", "@NationalValues"),
        ("summary", "A week to show how we live our values."),
        ("national_values", "Compassion\nEveryone counts"),
        ("starts_on", "2026-06-29"),
        ("ends_on", "2026-07-05"),
        ("status", "open"),
    ];
    for (k, v) in changes {
        fields.retain(|(name, _)| name != k);
        fields.push((k, v));
    }
    fields
}

/// The national editor, signed in, having created the standard campaign.
pub async fn national_with_campaign(app: &TestApp) -> Visitor {
    let mut national = app.signed_in(NATIONAL_EDITOR).await;
    let created = national.post("/o/values-network/campaigns", &campaign_fields(&[])).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    assert_eq!(created.location(), format!("/o/values-network/campaigns/{SLUG}"));
    national
}

/// Adds a sample post; returns the answer.
pub async fn add_post(national: &mut Visitor, slot: &str, day: &str, body: &str) -> Page {
    let path = format!("/o/values-network/campaigns/{SLUG}/posts");
    national.post(&path, &[("slot", slot), ("day", day), ("body", body)]).await
}

/// `email`'s organisation `slug` joins the campaign; returns the editor.
pub async fn join(app: &TestApp, email: &str, slug: &str) -> Visitor {
    let mut editor = app.signed_in(email).await;
    let joined = editor.post(&format!("/o/{slug}/campaigns/{SLUG}/join"), &[]).await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.text);
    assert_eq!(joined.location(), format!("/o/{slug}/campaigns/{SLUG}"));
    editor
}

/// Logs an event with `changes` over a public two-hour event on day two.
pub async fn log_event(editor: &mut Visitor, slug: &str, changes: &[(&str, &str)]) -> Page {
    let mut fields = vec![
        ("title", "Coffee with the chief nurse"),
        ("kind", "Social event"),
        ("date", "2026-06-30"),
        ("start_time", "10:00"),
        ("end_time", "12:00"),
        ("place", "Main hall"),
        ("audience", "public"),
        ("status", "planned"),
    ];
    for (k, v) in changes {
        fields.retain(|(name, _)| name != k);
        fields.push((k, v));
    }
    editor.post(&format!("/o/{slug}/campaigns/{SLUG}/events"), &fields).await
}

/// Publishes values with these names for `slug`, as if its editors had.
pub async fn publish_values(app: &TestApp, slug: &str, names: &[&str]) {
    let values: Vec<serde_json::Value> =
        names.iter().enumerate().map(|(i, name)| serde_json::json!({ "key": format!("v{i}"), "name": name })).collect();
    let content = serde_json::json!({ "values": values }).to_string();
    let sql = "INSERT INTO framework_versions (org_id, number, status, content, note, created_at, updated_at, published_at) \
               SELECT id, 1, 'published', $1, '', 1, 1, 1 FROM organisations WHERE slug = $2";
    ethos::on_db!(&app.db, pool => { sqlx::query(sql).bind(&content).bind(slug).execute(pool).await.unwrap(); });
}

/// The campaign's id.
pub async fn campaign_id(app: &TestApp) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM campaigns WHERE slug = $1")
        .bind(SLUG).fetch_one(pool).await.unwrap())
}

/// Audit actions recorded for campaigns, oldest first.
pub async fn audited(app: &TestApp) -> Vec<String> {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT action FROM audit_events WHERE action LIKE 'campaign.%' ORDER BY id")
        .fetch_all(pool).await.unwrap())
}

/// What is wrong with `instance` by the schema `name` of the API's OpenAPI
/// document (JSON Schema 2020-12, `$ref`s resolved in the document);
/// nothing: empty.
pub async fn schema_problems(app: &TestApp, name: &str, instance: &serde_json::Value) -> Vec<String> {
    const DOC: &str = "http://ethos.test/api/v1/openapi.json";
    let doc = super::Api::new(app, None).get("/api/v1/openapi.json").await.json();
    let mut compiler = boon::Compiler::new();
    compiler.set_default_draft(boon::Draft::V2020_12);
    compiler.add_resource(DOC, doc).unwrap();
    let mut schemas = boon::Schemas::new();
    let index = compiler
        .compile(&format!("{DOC}#/components/schemas/{name}"), &mut schemas)
        .unwrap_or_else(|e| panic!("{name} is not a usable schema: {e}"));
    match schemas.validate(instance, index) {
        Ok(()) => Vec::new(),
        Err(e) => vec![format!("{e:#}")],
    }
}

/// The campaign with Riverside and Northgate taking part; Riverside has
/// logged two held events (one partner each, one shared), a cancelled one
/// (not counted) and three pledges, two of them approved.
pub async fn campaign_with_logged_events(app: &TestApp) -> (Visitor, Visitor) {
    let national = national_with_campaign(app).await;
    let mut editor = join(app, RIVERSIDE_EDITOR, "riverside").await;
    join(app, NORTHGATE_EDITOR, "northgate").await;
    let held = [
        ("status", "held"),
        ("actual_staff", "12"),
        ("actual_public", "30"),
        ("actual_partners", "4"),
        ("partner_name", "Riverside Carers' Forum"),
    ];
    assert_eq!(log_event(&mut editor, "riverside", &held).await.status, StatusCode::SEE_OTHER);
    let second = [("title", "Open garden"), ("status", "held"), ("actual_staff", "3"), ("partner_name", "Town Scouts")];
    assert_eq!(log_event(&mut editor, "riverside", &second).await.status, StatusCode::SEE_OTHER);
    let cancelled =
        [("title", "Rained off"), ("status", "cancelled"), ("actual_staff", "100"), ("partner_name", "Rowing club")];
    assert_eq!(log_event(&mut editor, "riverside", &cancelled).await.status, StatusCode::SEE_OTHER);
    let id = campaign_id(app).await;
    for (n, status) in ["approved", "approved", "pending"].iter().enumerate() {
        let sql = "INSERT INTO campaign_pledges (campaign_id, org_id, value_name, body, status, token_hash, created_at) \
                   SELECT $1, id, 'Compassion', 'I will listen first.', $2, $3, 1 FROM organisations WHERE slug = 'riverside'";
        ethos::on_db!(&app.db, pool => { sqlx::query(sql).bind(id).bind(*status).bind(format!("t{n}")).execute(pool).await.unwrap(); });
    }
    (national, editor)
}
