//! The template letter of the resource pack: the national body writes it
//! once with the sample posts' merge fields; each taking-part organisation
//! sees it filled with its own published values on its campaign page and
//! downloads it as plain text. Runs on the backend `ETHOS_TEST_BACKEND`
//! names.

mod common;

use common::campaigns::*;
use common::{Page, TestApp, Visitor};
use reqwest::StatusCode;

const LETTER: &str = "/o/values-network/campaigns/values-week-2026/letter";

const BODY: &str = "Dear colleagues at {organisation},\r\n\r\nFrom {day}, for {dates}, we celebrate {values}.\r\n\
                    Join in with {hashtag} and tag {handle}.\r\n\r\n\r\nWith thanks,\r\nThe national team";

async fn write(national: &mut Visitor, body: &str) -> Page {
    national.post(LETTER, &[("body", body)]).await
}

async fn letter_txt(app: &TestApp, slug: &str) -> Page {
    app.visitor().get(&format!("/o/{slug}/campaigns/values-week-2026/letter.txt")).await
}

#[tokio::test]
async fn each_organisation_gets_the_letter_filled_with_its_own_values() {
    let app = TestApp::spawn().await;
    let mut national = national_with_campaign(&app).await;
    publish_values(&app, "riverside", &["Kindness"]).await;
    publish_values(&app, "northgate", &["Patients' voice", "Respect"]).await;
    publish_values(&app, "river-north", &["الرحمة", "Care"]).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    join(&app, NORTHGATE_EDITOR, "northgate").await;
    let mut partnership = app.signed_in("owner@river-north.example").await;
    let joined = partnership.post("/o/river-north/campaigns/values-week-2026/join", &[]).await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.text);
    assert_eq!(letter_txt(&app, "riverside").await.status, StatusCode::NOT_FOUND, "no letter written yet");

    let saved = write(&mut national, BODY).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let typed: Vec<&str> = BODY.split_whitespace().collect();
    assert_eq!(national.follow(&saved).await.text_of("#body"), typed.join(" "));

    // One value, on the page and in the download.
    let page = app.visitor().get("/o/riverside/campaigns/values-week-2026").await;
    assert_eq!(
        page.texts(".letter-paragraph"),
        [
            "Dear colleagues at Riverside Community Health NHS Trust,",
            "From Monday 29 June 2026, for 29 June – 5 July 2026, we celebrate Kindness. Join in with \
             #ValuesWeekTest and tag @NationalValues.",
            "With thanks, The national team",
        ]
    );
    let txt = letter_txt(&app, "riverside").await;
    assert_eq!(txt.status, StatusCode::OK);
    assert_eq!(txt.headers["content-type"], "text/plain; charset=utf-8");
    assert_eq!(txt.headers["content-disposition"], "attachment; filename=\"letter.txt\"");
    assert_eq!(
        txt.text,
        "Dear colleagues at Riverside Community Health NHS Trust,\n\nFrom Monday 29 June 2026, for 29 June – 5 July \
         2026, we celebrate Kindness.\nJoin in with #ValuesWeekTest and tag @NationalValues.\n\nWith thanks,\nThe \
         national team\n"
    );
    // An apostrophe comes through as typed, not as an HTML entity.
    let northgate = letter_txt(&app, "northgate").await.text;
    assert!(northgate.contains("we celebrate Patients' voice and Respect."), "{northgate}");
    let northgate_page = app.visitor().get("/o/northgate/campaigns/values-week-2026").await;
    assert!(northgate_page.text_of(".letter").contains("we celebrate Patients' voice and Respect."));
    // A right-to-left value is kept character for character.
    let partnership_letter = letter_txt(&app, "river-north").await.text;
    assert!(partnership_letter.contains("we celebrate الرحمة and Care."), "{partnership_letter}");
    assert!(audited(&app).await.contains(&"campaign.letter.save".to_owned()));
}

#[tokio::test]
async fn a_letter_with_a_problem_is_refused_and_the_saved_one_stays() {
    let app = TestApp::spawn().await;
    let mut national = national_with_campaign(&app).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    assert_eq!(write(&mut national, "Hello {organisation}.").await.status, StatusCode::SEE_OTHER);

    let typo = write(&mut national, "Hello {organisaton}.").await;
    assert_eq!(typo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(typo.text_of(".error-summary").contains("Ethos does not know the field {organisaton}"));
    assert_eq!(typo.text_of("#body"), "Hello {organisaton}.");
    let long = "a".repeat(10_001);
    let too_long = write(&mut national, &long).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.text_of(".error-summary").contains("Keep the letter to 10,000 characters or fewer"));
    assert_eq!(write(&mut national, &"a".repeat(10_000)).await.status, StatusCode::SEE_OTHER, "10,000 is allowed");
    assert_eq!(write(&mut national, "Hello {organisation}.").await.status, StatusCode::SEE_OTHER);
    assert_eq!(letter_txt(&app, "riverside").await.text, "Hello Riverside Community Health NHS Trust.\n");

    // Saved empty, the letter is gone.
    assert_eq!(write(&mut national, "  ").await.status, StatusCode::SEE_OTHER);
    assert_eq!(letter_txt(&app, "riverside").await.status, StatusCode::NOT_FOUND);
    assert!(!app.visitor().get("/o/riverside/campaigns/values-week-2026").await.has(".letter"));
}

#[tokio::test]
async fn only_the_national_bodys_editors_write_the_letter() {
    let app = TestApp::spawn().await;
    let _national = national_with_campaign(&app).await;
    let mut riverside = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    assert_eq!(riverside.get(LETTER).await.status, StatusCode::FORBIDDEN);
    assert_eq!(riverside.post(LETTER, &[("body", "Taken over")]).await.status, StatusCode::FORBIDDEN);
    let own = "/o/riverside/campaigns/values-week-2026/letter";
    assert_eq!(riverside.get(own).await.status, StatusCode::NOT_FOUND);
    assert_eq!(riverside.post(own, &[("body", "Taken over")]).await.status, StatusCode::NOT_FOUND);
    // Outside the campaign there is no letter to download.
    assert_eq!(letter_txt(&app, "northgate").await.status, StatusCode::NOT_FOUND);
}
