//! Leaving a campaign: a taking-part organisation's editor confirms, and
//! the organisation leaves the national list, its page and feed close and
//! its events leave the national calendar and the API; what it logged is
//! kept, and joining again brings it back. A submitted return keeps it in;
//! nobody else can make it leave. Runs on the backend `ETHOS_TEST_BACKEND`
//! names.

mod common;

use common::campaigns::*;
use common::{Api, TestApp};
use reqwest::StatusCode;

const LOCAL: &str = "/o/riverside/campaigns/values-week-2026";
const NATIONAL: &str = "/o/values-network/campaigns/values-week-2026";

#[tokio::test]
async fn an_organisation_leaves_and_joining_again_brings_back_what_it_logged() {
    let app = TestApp::spawn().await;
    let _national = national_with_campaign(&app).await;
    let mut editor = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    join(&app, NORTHGATE_EDITOR, "northgate").await;
    assert_eq!(log_event(&mut editor, "riverside", &[("title", "Open garden")]).await.status, StatusCode::SEE_OTHER);
    let feed = app.visitor().get(&format!("{NATIONAL}/events.ics")).await.text;
    assert!(feed.contains("SUMMARY:Open garden"));
    let uid = feed.lines().find(|l| l.starts_with("UID:event-")).unwrap().to_owned();

    let confirm = editor.get(&format!("{LOCAL}/leave")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert_eq!(confirm.text_of("h1"), "Leave Values Week");
    assert!(confirm.has("form.leave-form input[name=csrf_token]"));
    // Without the form's token nothing happens.
    assert_eq!(editor.post_raw(&format!("{LOCAL}/leave"), &[]).await.status, StatusCode::FORBIDDEN);
    let left = editor.post(&format!("{LOCAL}/leave"), &[]).await;
    assert_eq!(left.status, StatusCode::SEE_OTHER, "{}", left.text);
    assert_eq!(left.location(), "/o/riverside/campaigns");
    assert!(editor.follow(&left).await.text.contains("no longer takes part in Values Week"));

    assert_eq!(app.visitor().get(LOCAL).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.visitor().get(&format!("{LOCAL}/events.ics")).await.status, StatusCode::NOT_FOUND);
    let national_page = app.visitor().get(NATIONAL).await;
    assert_eq!(national_page.texts(".participants li"), ["Northgate Mental Health NHS Foundation Trust"]);
    assert!(!national_page.text.contains("Open garden"));
    let feed = app.visitor().get(&format!("{NATIONAL}/events.ics")).await.text;
    assert!(!feed.contains("Open garden") && !feed.contains(&uid), "the event leaves the feed");
    let id = campaign_id(&app).await;
    let api = Api::new(&app, None).get(&format!("/api/v1/campaigns/{id}/events")).await.json();
    assert!(!api.to_string().contains("Open garden"));
    assert!(audited(&app).await.contains(&"campaign.leave".to_owned()));
    // Leaving twice: it no longer takes part, so there is nothing to leave.
    assert_eq!(editor.post(&format!("{LOCAL}/leave"), &[]).await.status, StatusCode::NOT_FOUND);

    // Joining again restores the event, with the same calendar UID.
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    assert!(app.visitor().get(LOCAL).await.text.contains("Open garden"));
    let feed = app.visitor().get(&format!("{NATIONAL}/events.ics")).await.text;
    assert!(feed.contains(&uid));
}

#[tokio::test]
async fn a_submitted_return_keeps_an_organisation_in() {
    let app = TestApp::spawn().await;
    national_with_campaign(&app).await;
    let mut editor = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let id = campaign_id(&app).await;
    let sql = "INSERT INTO campaign_returns (campaign_id, org_id, status, updated_at) \
               SELECT $1, id, 'submitted', 1 FROM organisations WHERE slug = 'riverside'";
    ethos::on_db!(&app.db, pool => { sqlx::query(sql).bind(id).execute(pool).await.unwrap(); });

    let page = editor.get(&format!("{LOCAL}/leave")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.has("form.leave-form"));
    assert!(page.text_of(".leave-refused").contains("return for Values Week has been submitted"));
    let refused = editor.post(&format!("{LOCAL}/leave"), &[]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.text.contains("Ask the national body to send the return back first"), "{}", refused.text);
    assert_eq!(app.visitor().get(LOCAL).await.status, StatusCode::OK);
}

#[tokio::test]
async fn nobody_else_can_make_an_organisation_leave() {
    let app = TestApp::spawn().await;
    let mut national = national_with_campaign(&app).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let mut northgate = join(&app, NORTHGATE_EDITOR, "northgate").await;

    assert_eq!(northgate.get(&format!("{LOCAL}/leave")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(northgate.post(&format!("{LOCAL}/leave"), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(national.post(&format!("{LOCAL}/leave"), &[]).await.status, StatusCode::FORBIDDEN);
    // Someone signed out is sent to sign in (or refused), and nothing changes.
    app.visitor().post(&format!("{LOCAL}/leave"), &[]).await;
    assert_eq!(app.visitor().get(LOCAL).await.status, StatusCode::OK);
    // The national body runs the campaign: it cannot leave it.
    let own = national.post(&format!("{NATIONAL}/leave"), &[]).await;
    assert_eq!(own.status, StatusCode::CONFLICT);
    assert!(own.text.contains("runs Values Week, so it cannot leave it"), "{}", own.text);
    assert!(!audited(&app).await.contains(&"campaign.leave".to_owned()));
}
