//! What a taking-part organisation prints and shares for a campaign: the
//! pledge card (A6 or A5) and the poster list its own values, the poster's
//! QR code leads to its campaign page, and the page's link preview shows a
//! picture of it. An organisation outside the campaign has none. Runs on
//! the backend named by `ETHOS_TEST_BACKEND`.

mod common;

use common::TestApp;
use common::campaigns::{RIVERSIDE_EDITOR, SLUG, join, national_with_campaign};
use reqwest::StatusCode;

/// The status, content type and body of `path`, fetched anonymously.
async fn fetch(app: &TestApp, path: &str) -> (StatusCode, String, Vec<u8>) {
    let response = reqwest::get(format!("{}{path}", app.url)).await.unwrap();
    let status = response.status();
    let kind = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, response.bytes().await.unwrap().to_vec())
}

/// The text of a PDF, whitespace removed, and its first page's size in mm.
fn read_pdf(bytes: &[u8]) -> (String, (i64, i64), usize) {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    let first = doc.get_dictionary(*doc.get_pages().values().next().unwrap()).unwrap();
    let media = first.get(b"MediaBox").unwrap().as_array().unwrap();
    let number = |o: &lopdf::Object| o.as_float().or_else(|_| o.as_i64().map(|i| i as f32)).unwrap();
    let mm = |pt: f32| (pt * 25.4 / 72.0).round() as i64;
    (text, (mm(number(&media[2])), mm(number(&media[3]))), pages.len())
}

fn squashed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn a_taking_part_organisation_prints_cards_and_a_poster_with_its_own_values() {
    let app = TestApp::spawn().await;
    national_with_campaign(&app).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let base = format!("/o/riverside/campaigns/{SLUG}");
    let page = app.visitor().get(&base).await;
    assert_eq!(page.status, StatusCode::OK);
    let values = page.text_of(".local-values");
    let first_value = values.split([',', ' ']).next().unwrap().to_owned();
    assert!(!first_value.is_empty(), "the page names the values: {}", page.text);
    let links = page.texts(".printables a");
    assert_eq!(links.len(), 4, "{links:?}");

    let (status, kind, card) = fetch(&app, &page.attr(".pledge-card-a6", "href").unwrap()).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
    let (text, size, pages) = read_pdf(&card);
    assert_eq!((size, pages), ((105, 148), 1), "one A6 page");
    for wanted in
        ["Mypledge", "ValuesWeek2026", &squashed(&first_value), "RiversideCommunityHealthNHSTrust", "#ValuesWeekTest"]
    {
        assert!(text.contains(wanted), "{wanted:?} is missing from the card: {text}");
    }
    let (_, _, a5) = fetch(&app, &page.attr(".pledge-card-a5", "href").unwrap()).await;
    assert_eq!(read_pdf(&a5).1, (148, 210), "the larger card is A5");

    let (status, _, poster) = fetch(&app, &page.attr(".campaign-poster", "href").unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let (text, size, _) = read_pdf(&poster);
    assert_eq!(size, (210, 297));
    for wanted in ["29June–5July2026", &squashed(&first_value), &format!("/o/riverside/campaigns/{SLUG}")] {
        assert!(text.contains(wanted), "{wanted:?} is missing from the poster: {text}");
    }

    let (status, kind, bad) = fetch(&app, &format!("{base}/pledge-card.pdf?size=a3")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(kind.starts_with("text/html"));
    assert!(String::from_utf8_lossy(&bad).contains("a6 or a5"));
}

#[tokio::test]
async fn the_campaign_page_shares_a_picture_of_itself() {
    let app = TestApp::spawn().await;
    national_with_campaign(&app).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let base = format!("/o/riverside/campaigns/{SLUG}");
    let page = app.visitor().get(&base).await;
    let image = page.attr("meta[property='og:image']", "content").expect("the page names a preview picture");
    assert!(image.ends_with(&format!("{base}/card.png")), "{image}");
    assert_eq!(page.attr("meta[name='twitter:card']", "content").as_deref(), Some("summary_large_image"));

    let (status, kind, png) = fetch(&app, &format!("{base}/card.png")).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/png"));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((be(16), be(20)), (1200, 630));
    let (_, _, national) = fetch(&app, &format!("/o/values-network/campaigns/{SLUG}/card.png")).await;
    assert_ne!(png, national, "the local picture names the organisation");
}

#[tokio::test]
async fn an_organisation_outside_the_campaign_has_nothing_to_print() {
    let app = TestApp::spawn().await;
    national_with_campaign(&app).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    for what in ["pledge-card.pdf", "poster.pdf", "card.png"] {
        let (status, _, _) = fetch(&app, &format!("/o/northgate/campaigns/{SLUG}/{what}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "northgate has not joined: {what}");
        let (status, _, _) = fetch(&app, &format!("/o/riverside/campaigns/no-such-campaign/{what}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{what}");
    }
}
