//! Returns: after the week each taking-part organisation sends back its
//! figures, pre-filled from what it logged; an owner signs them off; the
//! national body accepts them or sends them back; the deadline follows the
//! campaign's dates; nobody else reaches any of it. (The dashboard, the
//! download and reminders: campaign_returns_dashboard.rs.) Runs on the
//! backend `ETHOS_TEST_BACKEND` names.

mod common;

use common::campaigns::*;
use common::{Api, TestApp, make_token};
use reqwest::StatusCode;

const LOCAL: &str = "/o/riverside/campaigns/values-week-2026";
const NATIONAL: &str = "/o/values-network/campaigns/values-week-2026";

fn figure_value(page: &common::Page, key: &str) -> String {
    page.attr(&format!("input#{key}"), "value").unwrap_or_default()
}

fn source(page: &common::Page, key: &str) -> String {
    page.text_of(&format!(".figure[data-key={key}] .figure-source"))
}

#[tokio::test]
async fn derived_figures_match_what_was_logged_and_changing_one_needs_a_reason() {
    let app = TestApp::spawn().await;
    let (_national, mut editor) = campaign_with_logged_events(&app).await;
    let form = editor.get(&format!("{LOCAL}/return")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    for (key, value) in [
        ("events", "2"),
        ("staff", "15"),
        ("public", "30"),
        ("partner_people", "4"),
        ("partner_orgs", "2"),
        ("pledges", "2"),
    ] {
        assert_eq!(figure_value(&form, key), value, "{key}");
        assert_eq!(source(&form, key), "derived", "{key}");
    }
    assert_eq!(figure_value(&form, "social"), "");

    // A changed figure without a reason is refused, and nothing typed is lost.
    let mut fields =
        vec![("staff", "20"), ("highlight", "The garden was full."), ("social", "250"), ("social_how", "")];
    let refused = editor.post(&format!("{LOCAL}/return"), &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert_eq!(
        refused.texts(".error-summary a"),
        [
            "Give a reason for changing staff taking part from 15 (what was logged) to 20, or put back 15",
            "Say how the social media engagement was counted, e.g. likes, shares and replies",
        ]
    );
    assert_eq!(figure_value(&refused, "staff"), "20");
    assert_eq!(refused.text_of("textarea#highlight"), "The garden was full.");
    let stored: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM campaign_returns").fetch_one(pool).await.unwrap());
    assert_eq!(stored, 0);

    fields.extend([("staff_reason", "A ward team came without signing in."), ("social_how", "Likes and reposts")]);
    fields.retain(|(k, v)| !(*k == "social_how" && v.is_empty()));
    let saved = editor.post(&format!("{LOCAL}/return"), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let form = editor.follow(&saved).await;
    assert_eq!(figure_value(&form, "staff"), "20");
    assert_eq!(source(&form, "staff"), "entered");
    assert_eq!(source(&form, "events"), "derived");
    assert_eq!(form.attr("input#staff_reason", "value").unwrap(), "A ward team came without signing in.");
    assert!(audited(&app).await.contains(&"campaign.return.save".to_owned()));

    // A form without its token, sent from elsewhere, is refused.
    let forged = editor.post_raw(&format!("{LOCAL}/return"), &[("staff", "99"), ("staff_reason", "x")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(figure_value(&editor.get(&format!("{LOCAL}/return")).await, "staff"), "20");

    // A derived figure left alone follows what is logged later.
    log_event(&mut editor, "riverside", &[("title", "Late addition"), ("status", "held")]).await;
    assert_eq!(figure_value(&editor.get(&format!("{LOCAL}/return")).await, "events"), "3");
}

#[tokio::test]
async fn only_an_owner_submits_and_the_national_body_accepts_or_sends_back() {
    let app = TestApp::spawn().await;
    let (mut national, mut editor) = campaign_with_logged_events(&app).await;
    let page = editor.get(&format!("{LOCAL}/return")).await;
    assert!(page.text_of(".owner-signs").starts_with("An owner of Riverside Community Health NHS Trust signs"));
    assert_eq!(editor.post(&format!("{LOCAL}/return/submit"), &[]).await.status, StatusCode::FORBIDDEN);

    let mut owner = app.signed_in(RIVERSIDE_OWNER).await;
    let submitted = owner.post(&format!("{LOCAL}/return/submit"), &[]).await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER, "{}", submitted.text);
    let page = owner.follow(&submitted).await;
    assert_eq!(page.text_of(".return-status"), "Submitted");
    assert!(page.text_of(".return-submitted").starts_with("Signed off and submitted by Grace Okafor on "));
    // Sent: no longer editable, and logging more does not change it.
    assert_eq!(editor.post(&format!("{LOCAL}/return"), &[("staff", "15")]).await.status, StatusCode::CONFLICT);
    log_event(&mut editor, "riverside", &[("title", "Late addition"), ("status", "held")]).await;
    let page = editor.get(&format!("{LOCAL}/return")).await;
    assert_eq!(page.text_of(".return-figures [data-key=events]"), "2 derived");

    let dashboard = national.get(&format!("{NATIONAL}/returns")).await;
    assert_eq!(dashboard.status, StatusCode::OK, "{}", dashboard.text);
    assert_eq!(dashboard.texts(".return-waiting h3"), ["Riverside Community Health NHS Trust"]);
    let empty = national.post(&format!("{NATIONAL}/returns/riverside/return"), &[("comment", " ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        empty.texts(".error-summary a"),
        ["Write a comment saying what Riverside Community Health NHS Trust should change; it is shown on their return"]
    );
    let back = national
        .post(&format!("{NATIONAL}/returns/riverside/return"), &[("comment", "Please add a highlight story.")])
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
    let page = editor.get(&format!("{LOCAL}/return")).await;
    assert_eq!(page.text_of(".return-status"), "Sent back");
    assert_eq!(page.text_of(".return-comment-text"), "Please add a highlight story.");
    assert!(page.has("form.return-form"), "editable again");
    // The figures follow what was logged again while it is editable.
    assert_eq!(figure_value(&page, "events"), "3");

    let saved =
        editor.post(&format!("{LOCAL}/return"), &[("highlight", "Thirty neighbours came to the garden.")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(owner.post(&format!("{LOCAL}/return/submit"), &[]).await.status, StatusCode::SEE_OTHER);
    let accepted = national.post(&format!("{NATIONAL}/returns/riverside/accept"), &[]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.text);
    assert_eq!(national.post(&format!("{NATIONAL}/returns/riverside/accept"), &[]).await.status, StatusCode::CONFLICT);
    let page = editor.get(&format!("{LOCAL}/return")).await;
    assert_eq!(page.text_of(".return-status"), "Accepted");
    assert!(page.text_of(".return-accepted").starts_with("Accepted by Tom Achebe on "));
    let actions = audited(&app).await;
    for action in ["campaign.return.submit", "campaign.return.send_back", "campaign.return.accept"] {
        assert!(actions.contains(&action.to_owned()), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn another_organisations_people_are_refused_on_every_new_route() {
    let app = TestApp::spawn().await;
    let (_national, _editor) = campaign_with_logged_events(&app).await;
    let mut northgate = app.signed_in(NORTHGATE_EDITOR).await;
    assert_eq!(northgate.get(&format!("{LOCAL}/return")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(northgate.post(&format!("{LOCAL}/return"), &[("highlight", "x")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(northgate.post(&format!("{LOCAL}/return/submit"), &[]).await.status, StatusCode::FORBIDDEN);
    let mut national = app.signed_in(NATIONAL_EDITOR).await;
    assert_eq!(national.get(&format!("{LOCAL}/return")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(national.get(&format!("{NATIONAL}/return")).await.status, StatusCode::NOT_FOUND);

    for who in [RIVERSIDE_EDITOR, RIVERSIDE_OWNER, "staff@values-network.example"] {
        let mut other = app.signed_in(who).await;
        for path in ["/returns", "/returns.csv"] {
            assert_eq!(other.get(&format!("{NATIONAL}{path}")).await.status, StatusCode::FORBIDDEN, "{who} {path}");
        }
        for path in [
            "/returns/settings",
            "/returns/remind",
            "/returns/riverside/accept",
            "/returns/riverside/return",
            "/returns/measures/1/delete",
        ] {
            let answer = other.post(&format!("{NATIONAL}{path}"), &[("comment", "x"), ("due_on", "2026-07-19")]).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{who} {path}");
        }
    }
    // Nobody signed in is sent to sign in.
    let anonymous = app.visitor();
    assert_ne!(anonymous.get(&format!("{NATIONAL}/returns")).await.status, StatusCode::OK);
    assert_ne!(anonymous.get(&format!("{LOCAL}/return")).await.status, StatusCode::OK);

    // The API: the national body's token only.
    let id = campaign_id(&app).await;
    let path = format!("/api/v1/campaigns/{id}/returns");
    assert_eq!(Api::new(&app, None).get(&path).await.status, StatusCode::UNAUTHORIZED);
    let mut riverside = app.signed_in(RIVERSIDE_EDITOR).await;
    let token = make_token(&mut riverside).await;
    assert_eq!(Api::new(&app, Some(token)).get(&path).await.status, StatusCode::FORBIDDEN);
    let token = make_token(&mut national).await;
    let list = Api::new(&app, Some(token)).get(&path).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let json = list.json();
    assert_eq!(json[0]["organisation"]["slug"], "northgate");
    assert_eq!(json[1]["figures"][0]["key"], "events");
    assert_eq!(json[1]["figures"][0]["value"], 2);
    assert_eq!(json[1]["figures"][0]["source"], "derived");
    assert!(schema_problems(&app, "ReturnBody", &json[1]).await.is_empty());
}

#[tokio::test]
async fn the_deadline_moves_with_a_postponement_and_shows_until_the_return_is_sent() {
    let app = TestApp::spawn().await;
    let (mut national, editor) = campaign_with_logged_events(&app).await;
    assert!(!editor.get(LOCAL).await.has(".return-due"), "no deadline, no reminder");
    let bad = national.post(&format!("{NATIONAL}/returns/settings"), &[("due_on", "2026-07-01")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.texts(".error-summary a"),
        ["The deadline cannot be before the campaign's last day, Sunday 5 July 2026"]
    );
    let set = national.post(&format!("{NATIONAL}/returns/settings"), &[("due_on", "2026-07-19")]).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text);
    assert_eq!(
        national.get(&format!("{NATIONAL}/returns")).await.text_of(".returns-deadline"),
        "Returns are due by Sunday 19 July 2026."
    );
    assert!(editor.get(LOCAL).await.text_of(".return-due").contains("Sunday 19 July 2026"));
    assert!(editor.get("/o/riverside/campaigns").await.text_of(".return-due").contains("Sunday 19 July 2026"));

    let moved = national
        .post(
            &format!("{NATIONAL}/postpone"),
            &[("starts_on", "2026-10-12"), ("ends_on", "2026-10-18"), ("reason", "the wards are full")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.text);
    let page = editor.get(LOCAL).await;
    assert!(page.text_of(".return-due").contains("Sunday 1 November 2026"), "{}", page.text_of(".return-due"));
    assert!(!page.text.contains("19 July 2026"));
    assert!(editor.get(&format!("{LOCAL}/return")).await.text_of(".return-due").contains("Sunday 1 November 2026"));

    let mut owner = app.signed_in(RIVERSIDE_OWNER).await;
    owner.post(&format!("{LOCAL}/return/submit"), &[]).await;
    assert!(!editor.get(LOCAL).await.has(".return-due"), "sent: no more reminders");
    assert!(!editor.get("/o/riverside/campaigns").await.has(".return-due"));
}

#[tokio::test]
async fn thank_you_notes_written_during_the_campaign_count_in_the_return() {
    let app = TestApp::spawn().await;
    // A campaign running now, so that a note written today falls inside it.
    let today = time::OffsetDateTime::now_utc().date();
    let from = (today - time::Duration::days(2)).to_string();
    let to = (today + time::Duration::days(2)).to_string();
    let mut national = app.signed_in(NATIONAL_EDITOR).await;
    let created = national
        .post(
            "/o/values-network/campaigns",
            &campaign_fields(&[("starts_on", from.as_str()), ("ends_on", to.as_str())]),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    publish_values(&app, "riverside", &["Kindness", "Honesty"]).await;
    let mut editor = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let before = editor.get(&format!("{LOCAL}/return")).await;
    assert_eq!(figure_value(&before, "thanks"), "0");

    let owner: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = $1")
        .bind("owner@riverside.example").fetch_one(pool).await.unwrap());
    let to_owner = format!("person-{owner}");
    let sent = editor
        .post(
            "/o/riverside/thanks/new",
            &[("to", to_owner.as_str()), ("body", "You covered my clinic at no notice."), ("value", "v0")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);

    let form = editor.get(&format!("{LOCAL}/return")).await;
    assert_eq!(figure_value(&form, "thanks"), "1");
    assert_eq!(source(&form, "thanks"), "derived");
    assert!(form.text.contains("Thank-you notes written"));
}
