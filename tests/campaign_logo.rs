//! The campaign's logo in the resource pack: a wordmark of the campaign's
//! name and hashtag, as an SVG and a 1200 × 400 PNG drawn from it, both
//! downloads, linked from the campaign page. Every text in the SVG is
//! escaped. An organisation outside the campaign has none. Runs on the
//! backend named by `ETHOS_TEST_BACKEND`.

mod common;

use common::TestApp;
use common::campaigns::{NATIONAL_EDITOR, RIVERSIDE_EDITOR, SLUG, campaign_fields, join, national_with_campaign};
use reqwest::StatusCode;

/// The status, the headers and the body of `path`, fetched anonymously.
async fn fetch(app: &TestApp, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let response = reqwest::get(format!("{}{path}", app.url)).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or_default()
}

/// The texts of the SVG's `<text>` elements and its `<title>`, parsed.
fn read_svg(bytes: &[u8]) -> (Vec<String>, String) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let doc = roxmltree::Document::parse(text).expect("the SVG parses");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let of = |tag: &str| -> Vec<String> {
        doc.descendants()
            .filter(|n| n.tag_name().name() == tag)
            .map(|n| n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect())
            .collect()
    };
    let title = of("title").into_iter().next().expect("the SVG has a <title>");
    (of("text"), title)
}

#[tokio::test]
async fn the_logo_downloads_as_svg_and_png() {
    let app = TestApp::spawn().await;
    national_with_campaign(&app).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let base = format!("/o/riverside/campaigns/{SLUG}");
    let page = app.visitor().get(&base).await;
    assert_eq!(page.texts(".campaign-logos a"), ["Logo (SVG)", "Logo (PNG, 1200 × 400)"]);

    let (status, headers, svg) = fetch(&app, &page.attr(".logo-svg", "href").unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "content-type"), "image/svg+xml; charset=utf-8");
    assert_eq!(header(&headers, "content-disposition"), format!("attachment; filename=\"{SLUG}-logo.svg\""));
    assert_eq!(header(&headers, "cache-control"), "public, max-age=300");
    let (texts, title) = read_svg(&svg);
    assert_eq!(texts, ["Values Week 2026", "#ValuesWeekTest"]);
    assert!(title.contains("Values Week 2026"), "{title}");

    let (status, headers, png) = fetch(&app, &page.attr(".logo-png", "href").unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "content-type"), "image/png");
    assert_eq!(header(&headers, "content-disposition"), format!("attachment; filename=\"{SLUG}-logo.png\""));
    assert_eq!(header(&headers, "cache-control"), "public, max-age=300");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let image = image::load_from_memory_with_format(&png, image::ImageFormat::Png).expect("the PNG decodes");
    assert_eq!((image.width(), image.height()), (1200, 400));
    let rgba = image.to_rgba8();
    let blue = rgba.pixels().filter(|p| p.0[2] > 150 && p.0[0] < 60).count();
    assert!(blue > 20_000, "the wordmark is drawn in blue: {blue} blue pixels");

    // The national body's page has the same logo.
    let (status, _, national) = fetch(&app, &format!("/o/values-network/campaigns/{SLUG}/logo.svg")).await;
    assert_eq!((status, national), (StatusCode::OK, svg));
}

#[tokio::test]
async fn a_name_with_an_ampersand_and_an_apostrophe_is_escaped() {
    let app = TestApp::spawn().await;
    let mut national = app.signed_in(NATIONAL_EDITOR).await;
    let name = "Nurses' Values & <Kindness> Week";
    let created = national.post("/o/values-network/campaigns", &campaign_fields(&[("name", name)])).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    join(&app, RIVERSIDE_EDITOR, "riverside").await;

    let (status, _, svg) = fetch(&app, &format!("/o/riverside/campaigns/{SLUG}/logo.svg")).await;
    assert_eq!(status, StatusCode::OK);
    let raw = String::from_utf8(svg.clone()).unwrap();
    assert!(raw.contains("Nurses&apos; Values &amp; &lt;Kindness&gt; Week 2026"), "{raw}");
    let (texts, title) = read_svg(&svg);
    assert_eq!(texts[0], format!("{name} 2026"));
    assert!(title.starts_with(&format!("{name} 2026")), "{title}");

    let (status, _, png) = fetch(&app, &format!("/o/riverside/campaigns/{SLUG}/logo.png")).await;
    assert_eq!(status, StatusCode::OK);
    let image = image::load_from_memory(&png).expect("the PNG decodes");
    assert_eq!((image.width(), image.height()), (1200, 400));
}

#[tokio::test]
async fn an_organisation_outside_the_campaign_has_no_logo() {
    let app = TestApp::spawn().await;
    national_with_campaign(&app).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    for what in ["logo.svg", "logo.png"] {
        let (status, _, _) = fetch(&app, &format!("/o/northgate/campaigns/{SLUG}/{what}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "northgate has not joined: {what}");
        let (status, _, _) = fetch(&app, &format!("/o/riverside/campaigns/no-such-campaign/{what}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{what}");
    }
}
