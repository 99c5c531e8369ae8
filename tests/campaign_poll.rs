//! The one-question poll on a campaign's local page: anyone chooses the
//! values that matter most to them, each once per browser, and may take a
//! choice back; results show as a chart and a table; the national body's
//! page adds up every taking-part organisation's votes. Runs on the backend
//! `ETHOS_TEST_BACKEND` names.

mod common;

use common::campaigns::*;
use common::{Page, TestApp, Visitor};
use reqwest::StatusCode;

const LOCAL: &str = "/o/riverside/campaigns/values-week-2026";
const NORTHGATE: &str = "/o/northgate/campaigns/values-week-2026";
const NATIONAL: &str = "/o/values-network/campaigns/values-week-2026";

async fn campaign_with_two_organisations() -> (TestApp, Visitor) {
    let app = TestApp::spawn().await;
    let national = national_with_campaign(&app).await;
    publish_values(&app, "riverside", &["Kindness", "Honesty", "Teamwork"]).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    join(&app, NORTHGATE_EDITOR, "northgate").await;
    (app, national)
}

async fn vote(visitor: &mut Visitor, page: &str, value: &str) -> Page {
    visitor.post(&format!("{page}/poll"), &[("value", value)]).await
}

/// The results table as (value, votes) pairs.
fn results(page: &Page) -> Vec<(String, String)> {
    let names = page.texts(".poll-results tbody th");
    let votes = page.texts(".poll-results tbody td");
    names.into_iter().zip(votes).collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

#[tokio::test]
async fn each_browser_chooses_a_value_once_and_the_results_add_up() {
    let (app, _) = campaign_with_two_organisations().await;
    let mut first = app.visitor();
    let page = first.get(LOCAL).await;
    assert_eq!(page.text_of(".poll-none"), "Nobody has voted yet.");
    assert_eq!(
        page.texts(".poll-choice button"),
        ["Kindness : choose this value", "Honesty : choose this value", "Teamwork : choose this value"]
    );

    let sent = vote(&mut first, LOCAL, "Kindness").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    assert_eq!(sent.location(), format!("{LOCAL}#poll"));
    // Twice from the same browser counts once.
    vote(&mut first, LOCAL, "Kindness").await;
    vote(&mut first, LOCAL, "Honesty").await;
    let mut second = app.visitor();
    vote(&mut second, LOCAL, "Kindness").await;

    let seen = first.get(LOCAL).await;
    assert_eq!(seen.texts(".poll-chosen"), ["✓ You chose Kindness", "✓ You chose Honesty"]);
    assert_eq!(seen.text_of(".poll-count"), "2 people have voted.");
    assert_eq!(results(&seen), pairs(&[("Kindness", "2 (100%)"), ("Honesty", "1 (50%)"), ("Teamwork", "0 (0%)")]));
    assert!(seen.text_of(".chart svg desc").contains("Kindness: 2 (100%)"));
    // Another browser sees the same totals but has chosen nothing.
    let fresh = app.visitor().get(LOCAL).await;
    assert!(fresh.texts(".poll-chosen").is_empty());
    assert_eq!(results(&fresh)[0], ("Kindness".to_owned(), "2 (100%)".to_owned()));
}

#[tokio::test]
async fn a_choice_can_be_taken_back() {
    let (app, _) = campaign_with_two_organisations().await;
    let mut visitor = app.visitor();
    vote(&mut visitor, LOCAL, "Teamwork").await;
    let back = visitor.post(&format!("{LOCAL}/poll"), &[("value", "Teamwork"), ("choice", "take-back")]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
    let page = visitor.get(LOCAL).await;
    assert!(page.texts(".poll-chosen").is_empty());
    assert_eq!(page.text_of(".poll-none"), "Nobody has voted yet.");
}

#[tokio::test]
async fn a_value_not_in_the_poll_is_refused_by_name() {
    let (app, _) = campaign_with_two_organisations().await;
    let mut visitor = app.visitor();
    let wrong = vote(&mut visitor, LOCAL, "Speed").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text.contains("“Speed” is not one of the values in this poll"), "{}", wrong.text);
    assert!(wrong.text.contains("Kindness, Honesty, Teamwork"));
    let empty = vote(&mut visitor, LOCAL, "").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text.contains("Choose one of the values."));
    // Without the form token nothing is counted.
    let forged = app.visitor().post_raw(&format!("{LOCAL}/poll"), &[("value", "Kindness")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(app.visitor().get(LOCAL).await.text_of(".poll-none"), "Nobody has voted yet.");
}

#[tokio::test]
async fn the_national_page_adds_up_every_organisation_and_takes_no_votes() {
    let (app, mut national) = campaign_with_two_organisations().await;
    let mut visitor = app.visitor();
    vote(&mut visitor, LOCAL, "Kindness").await;
    // Northgate has no values of its own: its poll offers the national ones.
    let northgate = visitor.get(NORTHGATE).await;
    assert_eq!(
        northgate.texts(".poll-choice button"),
        ["Compassion : choose this value", "Everyone counts : choose this value"]
    );
    vote(&mut visitor, NORTHGATE, "Compassion").await;
    vote(&mut app.visitor(), NORTHGATE, "Compassion").await;

    let page = app.visitor().get(NATIONAL).await;
    assert!(!page.has(".poll-choice"), "no voting on the national page");
    assert_eq!(
        page.text_of(".poll-about"),
        "Votes on every taking-part organisation's page, added up by value, from 3 people."
    );
    assert_eq!(results(&page), pairs(&[("Compassion", "2 (67%)"), ("Kindness", "1 (33%)")]));
    assert_eq!(vote(&mut national, NATIONAL, "Compassion").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_poll_closes_when_the_campaign_finishes() {
    let (app, mut national) = campaign_with_two_organisations().await;
    let mut visitor = app.visitor();
    vote(&mut visitor, LOCAL, "Honesty").await;
    let finished = national.post(&format!("{NATIONAL}/edit"), &campaign_fields(&[("status", "finished")])).await;
    assert_eq!(finished.status, StatusCode::SEE_OTHER, "{}", finished.text);

    let page = visitor.get(LOCAL).await;
    assert!(!page.has(".poll-choice"));
    assert!(page.text.contains("The poll has closed."));
    assert_eq!(results(&page)[0], ("Honesty".to_owned(), "1 (100%)".to_owned()));
    let late = vote(&mut visitor, LOCAL, "Kindness").await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.text.contains("The poll closed when Values Week finished."), "{}", late.text);
}

#[tokio::test]
async fn an_organisation_outside_the_campaign_has_no_poll() {
    let (app, _) = campaign_with_two_organisations().await;
    let mut visitor = app.visitor();
    let outside = vote(&mut visitor, "/o/river-north/campaigns/values-week-2026", "Kindness").await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
}
