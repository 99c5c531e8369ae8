//! Renders what a values week prints and shares — pledge cards, the poster,
//! the share pictures — and reads them back: the PDFs with lopdf, the PNGs
//! by their header.

mod report_samples;

use ethos_pdf::{
    CampaignPoster, CardSize, PdfError, PledgeCard, SHARE_IMAGE_SIZE, ShareImage, campaign_poster, pledge_card,
    share_image,
};
use lopdf::{Document, Object};

fn load(bytes: &[u8]) -> Document {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    Document::load_mem(bytes).expect("the PDF parses")
}

fn squashed_text(doc: &Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text extracts").chars().filter(|c| !c.is_whitespace()).collect()
}

fn squashed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The first page's size in millimetres, rounded.
fn page_mm(doc: &Document) -> (i64, i64) {
    let (_, &id) = doc.get_pages().iter().next().expect("a page");
    let page = doc.get_dictionary(id).unwrap();
    let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
    let number = |o: &Object| o.as_float().or_else(|_| o.as_i64().map(|i| i as f32)).unwrap();
    let mm = |pt: f32| (pt * 25.4 / 72.0).round() as i64;
    (mm(number(&media[2]) - number(&media[0])), mm(number(&media[3]) - number(&media[1])))
}

fn card() -> PledgeCard {
    PledgeCard {
        org_name: "Northshire NHS Foundation Trust".into(),
        campaign: "Values Week 2027".into(),
        hashtag: "#valuesinaction".into(),
        values: vec!["Kindness".into(), "Fairness".into(), "Courage".into()],
        size: CardSize::A6,
        lang: "en-GB".into(),
        logo_png: None,
    }
}

#[test]
fn an_a6_pledge_card_is_one_a6_page_with_the_values_and_room_to_write() {
    let doc = load(&pledge_card(&card()).unwrap());
    assert_eq!(doc.get_pages().len(), 1);
    assert_eq!(page_mm(&doc), (105, 148));
    let text = squashed_text(&doc);
    for wanted in [
        "ValuesWeek2027",
        "Mypledge",
        "Ourvalues",
        "Kindness",
        "Fairness",
        "Courage",
        "Iwillliveourvaluesby",
        "Name(optional)",
        "Team",
        "NorthshireNHSFoundationTrust",
        "Shareaphotoofyourcardwith#valuesinaction",
    ] {
        assert!(text.contains(wanted), "{wanted:?} is missing from {text}");
    }
}

#[test]
fn an_a5_card_is_an_a5_page_and_eight_long_values_still_fit_on_one() {
    let values: Vec<String> =
        (1..=8).map(|i| format!("Value number {i}, which the organisation wrote at some length")).collect();
    let doc = load(&pledge_card(&PledgeCard { size: CardSize::A5, values, ..card() }).unwrap());
    assert_eq!(page_mm(&doc), (148, 210));
    assert_eq!(doc.get_pages().len(), 1, "the card never spills onto a second page");
}

#[test]
fn a_card_prints_one_value_an_apostrophe_and_a_right_to_left_name() {
    let doc = load(
        &pledge_card(&PledgeCard {
            org_name: "St Mary's Hospice".into(), values: vec!["الرحمة".into()], ..card()
        })
        .unwrap(),
    );
    let text = squashed_text(&doc);
    assert!(text.contains("StMary"), "{text}");
    assert_eq!(doc.get_pages().len(), 1);
}

#[test]
fn a_welsh_card_has_welsh_words_around_the_values() {
    let doc = load(&pledge_card(&PledgeCard { lang: "cy".into(), ..card() }).unwrap());
    let text = squashed_text(&doc);
    assert!(text.contains(&squashed("Fy addewid")), "{text}");
    assert!(text.contains(&squashed("Ein gwerthoedd")), "{text}");
}

fn poster() -> CampaignPoster {
    CampaignPoster {
        org_name: "Northshire NHS Foundation Trust".into(),
        campaign: "Values Week 2027".into(),
        dates: "11–17 October 2027".into(),
        hashtag: "#valuesinaction".into(),
        values: vec!["Kindness".into(), "Fairness".into()],
        invitation: String::new(),
        link: "ethos.example/o/northshire/campaigns/values-week-2027".into(),
        qr_svg: report_samples::qr_svg(),
        lang: "en-GB".into(),
        logo_png: None,
    }
}

#[test]
fn the_poster_is_one_a4_page_with_dates_values_link_and_hashtag() {
    let doc = load(&campaign_poster(&poster()).unwrap());
    assert_eq!(doc.get_pages().len(), 1);
    assert_eq!(page_mm(&doc), (210, 297));
    let text = squashed_text(&doc);
    for wanted in [
        "ValuesWeek2027",
        "11–17October2027",
        "Kindness",
        "Fairness",
        "Scanthecodetomakeapledge",
        "ethos.example/o/northshire/campaigns/values-week-2027",
        "#valuesinaction",
    ] {
        assert!(text.contains(wanted), "{wanted:?} is missing from {text}");
    }
}

#[test]
fn a_poster_with_a_broken_qr_code_says_it_is_the_qr_code() {
    let err = campaign_poster(&CampaignPoster { qr_svg: "<svg".into(), ..poster() }).unwrap_err();
    assert!(matches!(err, PdfError::InvalidQrCode(_)), "{err:?}");
}

/// The width and height a PNG's header declares.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn pledge_picture() -> ShareImage {
    ShareImage {
        heading: "Kindness".into(),
        text: "I will learn the name of every new starter on our ward in their first week.".into(),
        quoted: true,
        org_name: "Northshire NHS Foundation Trust".into(),
        hashtag: "#valuesinaction".into(),
        lang: "en-GB".into(),
    }
}

#[test]
fn a_share_picture_is_a_1200_by_630_png() {
    let png = share_image(&pledge_picture()).unwrap();
    assert_eq!(png_size(&png), SHARE_IMAGE_SIZE);
    assert_eq!(SHARE_IMAGE_SIZE, (1200, 630));
}

#[test]
fn a_pledge_of_280_characters_and_a_long_heading_still_make_one_picture() {
    let long = "I will ".to_owned() + &"listen before I answer, ".repeat(12);
    let long: String = long.chars().take(280).collect();
    let png = share_image(&ShareImage {
        heading: "Working together for the people we serve ".repeat(3),
        text: long,
        ..pledge_picture()
    })
    .unwrap();
    assert_eq!(png_size(&png), SHARE_IMAGE_SIZE);
}

#[test]
fn different_pledges_make_different_pictures() {
    let one = share_image(&pledge_picture()).unwrap();
    let other =
        share_image(&ShareImage { text: "I will say thank you more often.".into(), ..pledge_picture() }).unwrap();
    assert_ne!(one, other);
    let rtl = share_image(&ShareImage { heading: "الرحمة".into(), lang: "ar".into(), ..pledge_picture() }).unwrap();
    assert_eq!(png_size(&rtl), SHARE_IMAGE_SIZE);
}
