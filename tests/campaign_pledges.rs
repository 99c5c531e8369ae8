//! Pledges: anyone writes one about an organisation's value; nothing shows
//! until the organisation's editors approve it; then it is on the local
//! and national walls with its own page and PNG card; its writer marks it
//! done with their private link. Runs on the backend `ETHOS_TEST_BACKEND`
//! names.

mod common;

use std::time::Duration;

use common::campaigns::*;
use common::{TestApp, Visitor};
use reqwest::StatusCode;

const LOCAL: &str = "/o/riverside/campaigns/values-week-2026";
const NATIONAL: &str = "/o/values-network/campaigns/values-week-2026";

/// The campaign, with Riverside (values: Kindness, Honesty) taking part and
/// Northgate too (no values of its own).
async fn campaign_with_riverside() -> (TestApp, Visitor) {
    let app = TestApp::spawn_with(|c| c.feedback_min_fill = Duration::ZERO).await;
    national_with_campaign(&app).await;
    publish_values(&app, "riverside", &["Kindness", "Honesty"]).await;
    let editor = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    join(&app, NORTHGATE_EDITOR, "northgate").await;
    (app, editor)
}

/// Sends a pledge through the form as an anonymous visitor would.
async fn pledge(visitor: &mut Visitor, org_page: &str, fields: &[(&str, &str)]) -> common::Page {
    let form = visitor.get(&format!("{org_page}/pledges/new")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let started = form.attr("input[name=started]", "value").unwrap();
    let mut all = fields.to_vec();
    all.push(("started", &started));
    all.push(("website", ""));
    visitor.post(&format!("{org_page}/pledges/new"), &all).await
}

async fn pledge_count(app: &TestApp) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM campaign_pledges").fetch_one(pool).await.unwrap())
}

/// The id of the only pending pledge on the moderation page.
async fn pending_id(editor: &Visitor) -> String {
    let page = editor.get(&format!("{LOCAL}/pledges/moderate")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    page.attr(".pending-pledge", "id").unwrap().trim_start_matches("pledge-").to_owned()
}

#[tokio::test]
async fn a_pledge_waits_for_moderation_then_shows_on_both_walls_with_a_page_and_a_card() {
    let (app, mut editor) = campaign_with_riverside().await;
    let mut visitor = app.visitor();
    // The form on the campaign page offers Riverside's own values.
    let page = visitor.get(LOCAL).await;
    assert_eq!(page.texts(".pledge-form .choice__label"), ["Kindness", "Honesty"]);

    let sent = pledge(
        &mut visitor,
        LOCAL,
        &[
            ("value", "Kindness"),
            ("body", "I will learn the name of every patient on my ward."),
            ("display_name", "Ward 7 nurse"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let mine = sent.location();
    assert!(mine.starts_with(&format!("{LOCAL}/pledges/mine/")), "{mine}");
    let waiting = visitor.follow(&sent).await;
    assert!(waiting.text_of(".pledge-sent").contains("waiting"));
    assert_eq!(waiting.text_of(".pledge-status"), "Waiting to be checked");

    // Nothing public yet.
    assert_eq!(app.visitor().get(LOCAL).await.text_of(".no-pledges"), "No pledges are published yet.");
    assert!(!app.visitor().get(NATIONAL).await.has(".pledge-wall"));
    let id = pending_id(&editor).await;
    let own_page = format!("{LOCAL}/pledges/{id}");
    assert_eq!(app.visitor().get(&own_page).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.visitor().get(&format!("{own_page}/card.png")).await.status, StatusCode::NOT_FOUND);

    let approved = editor.post(&format!("{LOCAL}/pledges/{id}/approve"), &[]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.text);
    assert!(audited(&app).await.contains(&"campaign.pledge.approve".to_owned()));

    let local = app.visitor().get(LOCAL).await;
    assert_eq!(local.texts(".pledge-wall .pledge-text"), ["I will learn the name of every patient on my ward."]);
    assert_eq!(local.text_of(".pledge-wall .pledge-by"), "Ward 7 nurse");
    let national = app.visitor().get(NATIONAL).await;
    assert_eq!(national.texts(".pledge-wall .pledge-text"), ["I will learn the name of every patient on my ward."]);
    assert_eq!(national.text_of(".pledge-wall .pledge-org"), "Riverside Community Health NHS Trust");

    let shared = app.visitor().get(&own_page).await;
    assert_eq!(shared.status, StatusCode::OK);
    assert!(shared.attr(".share-x", "href").unwrap().starts_with("https://x.com/intent/post?text="));
    assert!(shared.attr(".share-linkedin", "href").unwrap().contains("linkedin.com"));
    let image = shared.attr("meta[property='og:image']", "content").unwrap();
    assert!(image.starts_with("http") && image.ends_with(&format!("{own_page}/card.png")), "{image}");

    let card = reqwest::get(format!("{}{own_page}/card.png", app.url)).await.unwrap();
    assert_eq!(card.status(), StatusCode::OK);
    assert_eq!(card.headers()["content-type"], "image/png");
    let bytes = card.bytes().await.unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 630));
}

#[tokio::test]
async fn bad_pledges_are_refused_with_a_clear_message_and_nothing_stored() {
    let (app, _editor) = campaign_with_riverside().await;
    let mut visitor = app.visitor();
    let long = "x".repeat(281);
    for (fields, message) in [
        (vec![("value", "Kindness"), ("body", "  ")], "Write your pledge"),
        (
            vec![("value", "Kindness"), ("body", long.as_str())],
            "Keep your pledge to 280 characters or fewer: it has 281, 1 too many",
        ),
        (vec![("value", "Courage"), ("body", "I will speak up.")], "Choose one of the values in the list"),
        (vec![("body", "I will speak up.")], "Choose the value your pledge is about"),
    ] {
        let refused = pledge(&mut visitor, LOCAL, &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert!(refused.text_of("title").starts_with("Error:"));
        assert_eq!(refused.texts(".error-summary a"), [message]);
    }
    // What was typed is kept; 280 characters of any script are fine.
    let kept = pledge(&mut visitor, LOCAL, &[("value", "Honesty"), ("body", &long)]).await;
    assert_eq!(kept.text_of("textarea#body"), long);
    // The honeypot turns a script away.
    let trapped = visitor
        .post(&format!("{LOCAL}/pledges/new"), &[("value", "Honesty"), ("body", "Hello"), ("website", "spam.example")])
        .await;
    assert_eq!(trapped.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A form without its token, sent from elsewhere, is refused.
    let forged = visitor.post_raw(&format!("{LOCAL}/pledges/new"), &[("value", "Honesty"), ("body", "Hello")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(pledge_count(&app).await, 0);

    // Without values of its own, Northgate offers the national ones.
    let ok = pledge(
        &mut visitor,
        "/o/northgate/campaigns/values-week-2026",
        &[("value", "Compassion"), ("body", &"é".repeat(280))],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    assert_eq!(pledge_count(&app).await, 1);
}

#[tokio::test]
async fn a_rejected_pledge_never_shows_and_only_its_token_marks_a_pledge_done() {
    let (app, mut editor) = campaign_with_riverside().await;
    let mut writer = app.visitor();
    pledge(&mut writer, LOCAL, &[("value", "Honesty"), ("body", "Something unkind about a colleague.")]).await;
    let id = pending_id(&editor).await;
    let rejected = editor.post(&format!("{LOCAL}/pledges/{id}/reject"), &[]).await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.text);
    // Decided once: it cannot be approved afterwards.
    assert_eq!(editor.post(&format!("{LOCAL}/pledges/{id}/approve"), &[]).await.status, StatusCode::NOT_FOUND);
    assert!(!app.visitor().get(LOCAL).await.has(".pledge-wall"));
    assert!(!app.visitor().get(NATIONAL).await.has(".pledge-wall"));
    assert!(!app.visitor().get(&format!("{LOCAL}/pledges")).await.has(".pledge-wall"));
    assert_eq!(app.visitor().get(&format!("{LOCAL}/pledges/{id}")).await.status, StatusCode::NOT_FOUND);

    let sent = pledge(&mut writer, LOCAL, &[("value", "Kindness"), ("body", "I will make the tea on Fridays.")]).await;
    let mine = sent.location();
    let id = pending_id(&editor).await;
    editor.post(&format!("{LOCAL}/pledges/{id}/approve"), &[]).await;

    let mut stranger = app.visitor();
    let guessed = stranger.post(&format!("{LOCAL}/pledges/mine/not-the-token/done"), &[]).await;
    assert_eq!(guessed.status, StatusCode::NOT_FOUND);
    assert!(!app.visitor().get(&format!("{LOCAL}/pledges/{id}")).await.has(".pledge-done"));

    let mine = mine.split('?').next().unwrap().to_owned();
    let done = writer.post(&format!("{mine}/done"), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    assert!(writer.follow(&done).await.has(".pledge-done"));
    assert_eq!(app.visitor().get(&format!("{LOCAL}/pledges/{id}")).await.text_of(".pledge-done"), "Done");
}

#[tokio::test]
async fn the_browser_a_pledge_was_written_in_finds_it_again_and_marks_it_done() {
    let (app, mut editor) = campaign_with_riverside().await;
    let mut writer = app.visitor();
    let sent =
        pledge(&mut writer, LOCAL, &[("value", "Kindness"), ("body", "I will walk new starters to the canteen.")])
            .await;
    // The browser's token is kept for this campaign's pledge pages only, out of scripts' reach.
    let cookie = sent.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("ethos_pledger="), "{cookie}");
    assert!(cookie.contains(&format!("Path={LOCAL}/pledges;")) && cookie.contains("HttpOnly"), "{cookie}");
    let first = pending_id(&editor).await;
    editor.post(&format!("{LOCAL}/pledges/{first}/approve"), &[]).await;
    let second = pledge(&mut writer, LOCAL, &[("value", "Honesty"), ("body", "I will say when I do not know.")]).await;
    assert!(!second.headers.contains_key("set-cookie"), "the browser keeps the token it was given");

    let yours = writer.get(&format!("{LOCAL}/pledges/yours")).await;
    assert_eq!(yours.status, StatusCode::OK);
    assert_eq!(
        yours.texts(".your-pledge .pledge-text"),
        ["I will say when I do not know.", "I will walk new starters to the canteen."]
    );
    assert_eq!(yours.texts(".your-pledge .pledge-status"), ["Waiting to be checked", "Published"]);
    assert!(writer.get(&format!("{LOCAL}/pledges")).await.has(".your-pledges-link"));
    let public = format!("{LOCAL}/pledges/{first}");
    assert!(writer.get(&public).await.has(".pledge-done-here button"));

    // Another browser sees none of it and cannot mark it done.
    let mut stranger = app.visitor();
    let theirs = stranger.get(&format!("{LOCAL}/pledges/yours")).await;
    assert!(theirs.text_of(".no-pledges-here").contains("private link"), "{}", theirs.text);
    assert!(!theirs.has(".your-pledge"));
    assert!(!stranger.get(&format!("{LOCAL}/pledges")).await.has(".your-pledges-link"));
    assert!(!stranger.get(&public).await.has(".pledge-done-here"));
    let refused = stranger.post(&format!("{public}/done"), &[]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(refused.text.contains("open the private link"), "{}", refused.text);
    assert!(!app.visitor().get(&public).await.has(".pledge-done"));
    // Nor does the writer's browser reach another organisation's pledge of the same number.
    let elsewhere = writer.post(&format!("/o/northgate/campaigns/values-week-2026/pledges/{first}/done"), &[]).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);

    let done = writer.post(&format!("{public}/done"), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    assert_eq!(done.location(), format!("{LOCAL}/pledges/yours#pledge-{first}"));
    let after = writer.follow(&done).await;
    assert!(after.text.contains("Your pledge is marked done."), "{}", after.text);
    assert_eq!(after.text_of(&format!("#pledge-{first} .pledge-done")), "Done");
    assert!(!after.has(&format!("#pledge-{first} form")), "a done pledge has no button");
    assert_eq!(app.visitor().get(&public).await.text_of(".pledge-done"), "Done");
}

#[tokio::test]
async fn only_the_organisations_own_editors_moderate_its_pledges() {
    let (app, _editor) = campaign_with_riverside().await;
    let mut writer = app.visitor();
    pledge(&mut writer, LOCAL, &[("value", "Kindness"), ("body", "I will hold the door.")]).await;
    let id: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM campaign_pledges")
        .fetch_one(pool).await.unwrap());
    for who in [NORTHGATE_EDITOR, NATIONAL_EDITOR, "staff@riverside.example", "board@riverside.example"] {
        let mut other = app.signed_in(who).await;
        let moderate = other.get(&format!("{LOCAL}/pledges/moderate")).await;
        assert_eq!(moderate.status, StatusCode::FORBIDDEN, "{who}");
        for verb in ["approve", "reject"] {
            let refused = other.post(&format!("{LOCAL}/pledges/{id}/{verb}"), &[]).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{who} {verb}");
        }
    }
    // Signed out: sent to sign in, never shown the queue.
    let anonymous = app.visitor().get(&format!("{LOCAL}/pledges/moderate")).await;
    assert!(anonymous.status.is_redirection() || anonymous.status == StatusCode::UNAUTHORIZED);
    let status: String = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT status FROM campaign_pledges")
        .fetch_one(pool).await.unwrap());
    assert_eq!(status, "pending");
}

#[tokio::test]
async fn scripts_send_pledges_through_the_api_and_read_only_approved_ones() {
    let (app, mut editor) = campaign_with_riverside().await;
    let id = campaign_id(&app).await;
    let api = common::Api::new(&app, None);
    let path = format!("/api/v1/campaigns/{id}/organisations/riverside/pledges");
    let post = reqwest::Method::POST;

    let bad = api.send(post.clone(), &path, &serde_json::json!({ "value": "Courage", "body": "x".repeat(281) })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    let problem = bad.json();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["value", "body"], "{problem}");
    assert_eq!(pledge_count(&app).await, 0);
    let elsewhere = api
        .send(
            post.clone(),
            &format!("/api/v1/campaigns/{id}/organisations/nowhere/pledges"),
            &serde_json::json!({ "value": "Kindness", "body": "Hi" }),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);

    let sent = api
        .send(
            post,
            &path,
            &serde_json::json!({ "value": "Kindness", "body": "I will ask how people are, and listen." }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    let sent = sent.json();
    assert!(schema_problems(&app, "PledgeSent", &sent).await.is_empty());
    assert_eq!(sent["status"], "pending");
    assert!(sent["private_url"].as_str().unwrap().contains("/pledges/mine/"));

    let list = format!("/api/v1/campaigns/{id}/pledges");
    assert_eq!(api.get(&list).await.json(), serde_json::json!([]));
    let pledge = pending_id(&editor).await;
    editor.post(&format!("{LOCAL}/pledges/{pledge}/approve"), &[]).await;
    let listed = api.get(&list).await.json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["body"], "I will ask how people are, and listen.");
    assert_eq!(listed[0]["display_name"], serde_json::Value::Null);
    assert_eq!(listed[0]["organisation"]["slug"], "riverside");
    assert!(schema_problems(&app, "PledgeBody", &listed[0]).await.is_empty());
}

#[tokio::test]
async fn the_demo_campaign_has_approved_pledges_on_its_walls_and_one_waiting() {
    let app = TestApp::spawn_with_demo().await;
    let demo = "values-week-2027";
    let riverside = app.visitor().get(&format!("/o/riverside/campaigns/{demo}")).await;
    assert_eq!(riverside.texts(".pledge-wall .pledge").len(), 2);
    let national = app.visitor().get(&format!("/o/values-network/campaigns/{demo}")).await;
    assert_eq!(national.texts(".pledge-wall .pledge").len(), 3);
    let editor = app.signed_in(RIVERSIDE_EDITOR).await;
    let waiting = editor.get(&format!("/o/riverside/campaigns/{demo}/pledges/moderate")).await;
    assert_eq!(waiting.texts(".pending-pledge").len(), 1);
}
