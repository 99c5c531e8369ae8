//! The creative competition: the national body's editors set it up; staff
//! of taking-part organisations enter words or a picture (checked by its
//! bytes, re-encoded without metadata); judges score against weighted
//! criteria, never their own organisation's entries; editors shortlist,
//! award and announce; only then, and only with the maker's consent, is an
//! entry public. Runs on the backend `ETHOS_TEST_BACKEND` names.

mod common;

use std::io::Cursor;

use common::campaigns::*;
use common::competition::*;
use common::{Api, Page, TestApp, Visitor};
use reqwest::StatusCode;

const NATIONAL: &str = "/o/values-network/campaigns/values-week-2026";

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(width, height).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A PNG whose header claims other dimensions (its CRC made right).
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(4, 4);
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A JPEG with an EXIF segment naming a place, as phones write them.
fn jpeg_with_exif() -> Vec<u8> {
    let mut plain = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90);
    image::DynamicImage::new_rgb8(64, 48).write_with_encoder(encoder).unwrap();
    let mut payload = b"Exif\0\0MM\0*\0\0\0\x08".to_vec();
    payload.extend_from_slice(b"GPS 51.5072N 0.1276W Ward 7 back office");
    let length = (payload.len() + 2) as u16;
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE1];
    bytes.extend_from_slice(&length.to_be_bytes());
    bytes.extend_from_slice(&payload);
    bytes.extend_from_slice(&plain[2..]);
    assert!(image::load_from_memory(&bytes).is_ok(), "the test picture itself must be readable");
    bytes
}

/// A picture entry by `visitor` of `org`; the answer.
async fn enter_picture(
    app: &TestApp,
    visitor: &mut Visitor,
    org: &str,
    title: &str,
    bytes: Vec<u8>,
    consent: bool,
) -> Page {
    let picture = category(app, "Picture").await;
    let mut fields = vec![
        ("category", picture.as_str()),
        ("title", title),
        ("alt_text", "Two nurses laughing at a ward desk covered in thank-you cards"),
    ];
    if consent {
        fields.push(("consent", "yes"));
    }
    enter(visitor, org, &fields, Some((bytes, "photo.png", "image/png"))).await
}

async fn get_bytes(visitor: &Visitor, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let r = visitor.client.get(format!("{}{path}", visitor.base)).send().await.unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn editors_set_it_up_and_staff_enter_words_and_a_picture() {
    let (app, _national) = competition().await;
    let public = app.visitor().get(COMPETITION).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text);
    assert_eq!(public.text_of(".competition-stage"), "Open for entries");
    assert_eq!(public.texts(".competition-criteria li"), ["Shows our values (weight 3)", "Originality (weight 1)"]);
    assert!(public.text_of(".competition-categories").contains("a photograph or drawing of our values at work"));
    assert!(audited(&app).await.contains(&"campaign.competition.create".to_owned()));

    // Riverside's own page invites its staff to enter.
    let mut staff = app.signed_in("staff@riverside.example").await;
    let local = staff.get(&format!("/o/riverside/campaigns/{SLUG}")).await;
    assert!(local.has(".enter-competition"));

    let sent = enter_words(&app, &mut staff, "riverside", "The night shift", true).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let sent = enter_picture(&app, &mut staff, "riverside", "Cards on the desk", png(2400, 1200), true).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let mine = staff.follow(&sent).await;
    assert!(mine.text_of(".notice[role=status]").contains("“Cards on the desk” is entered"), "{}", mine.text);
    assert_eq!(mine.texts(".my-entries .entry-title"), ["Cards on the desk", "The night shift"]);
    assert!(audited(&app).await.contains(&"campaign.competition.enter".to_owned()));

    // The maker sees the picture, resized for display, with a thumbnail.
    let id = entry_id(&app, "Cards on the desk").await;
    let (status, headers, bytes) = get_bytes(&staff, &format!("{COMPETITION}/entries/{id}/image")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let shown = image::load_from_memory(&bytes).unwrap();
    assert_eq!((shown.width(), shown.height()), (1200, 600));
    let (_, _, thumb) = get_bytes(&staff, &format!("{COMPETITION}/entries/{id}/thumbnail")).await;
    let thumb = image::load_from_memory(&thumb).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (400, 200));
}

#[tokio::test]
async fn uploads_are_checked_by_what_they_are_not_what_they_are_called() {
    let (app, _national) = competition().await;
    let mut staff = app.signed_in("staff@riverside.example").await;
    let picture = category(&app, "Picture").await;
    let html = b"<!doctype html><script>alert(document.cookie)</script>".to_vec();
    let mut oversize = png(8, 8);
    oversize.resize(10 * 1024 * 1024 + 200 * 1024, 0);
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (html, "holiday.png", "The file is not a PNG or JPEG image, whatever its name says"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec(), "wave.png", "The file is a GIF image: choose a PNG or JPEG"),
        (oversize, "huge.png", "The image is 10.2 MB: choose one of 10 MB or less"),
        (png_claiming(60_000, 60_000), "bomb.png", "The image is too large in pixels"),
        (png_claiming(0, 4), "nothing.png", "The image is too large in pixels (at most 12,000 a side) or is damaged"),
    ];
    for (bytes, name, message) in cases {
        let fields =
            [("category", picture.as_str()), ("title", "Sunrise"), ("alt_text", "A sunrise"), ("consent", "yes")];
        let refused = enter(&mut staff, "riverside", &fields, Some((bytes, name, "image/png"))).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {}", refused.text);
        assert!(refused.text_of("title").starts_with("Error:"));
        let summary = refused.texts(".error-summary a");
        assert!(summary.len() == 1 && summary[0].starts_with(message), "{name}: {summary:?}");
        assert_eq!(refused.attr(".error-summary a", "href").unwrap(), "#image");
        // What was typed stays.
        assert_eq!(refused.attr("input#title", "value").unwrap(), "Sunrise");
    }
    // Past the route's limit (10 MB and room for the form), a plain 413 with a message.
    let mut far_too_big = png(8, 8);
    far_too_big.resize(12 * 1024 * 1024, 0);
    let fields = [("category", picture.as_str()), ("title", "Panorama"), ("alt_text", "Hills")];
    let refused = enter(&mut staff, "riverside", &fields, Some((far_too_big, "panorama.png", "image/png"))).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", refused.text);
    assert!(refused.text.contains("That was more than Ethos accepts in one request"), "{}", refused.text);
    // An empty file chosen on purpose, and a picture without its description.
    let empty = enter(
        &mut staff,
        "riverside",
        &[("category", &picture), ("title", "x"), ("alt_text", "x")],
        Some((Vec::new(), "empty.png", "image/png")),
    )
    .await;
    assert_eq!(empty.texts(".error-summary a"), ["The file is empty. Choose the image again"]);
    let no_alt = enter(
        &mut staff,
        "riverside",
        &[("category", &picture), ("title", "x")],
        Some((png(10, 10), "a.png", "image/png")),
    )
    .await;
    assert_eq!(no_alt.texts(".error-summary a"), ["Describe the image for people who cannot see it"]);
    let nothing = enter(&mut staff, "riverside", &[("title", "x")], None).await;
    assert_eq!(
        nothing.texts(".error-summary a"),
        ["Choose the category you are entering", "Write your entry, or choose an image to upload"]
    );
    assert_eq!(entry_count(&app).await, 0);
}

#[tokio::test]
async fn a_stored_picture_keeps_nothing_of_the_cameras_metadata() {
    let (app, national) = competition().await;
    let mut staff = app.signed_in("staff@riverside.example").await;
    let original = jpeg_with_exif();
    assert!(original.windows(4).any(|w| w == b"Exif"));
    let sent = enter_picture(&app, &mut staff, "riverside", "Ward 7 at dawn", original, true).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let id = entry_id(&app, "Ward 7 at dawn").await;
    for size in ["image", "thumbnail"] {
        let (status, headers, bytes) = get_bytes(&national, &format!("{COMPETITION}/entries/{id}/{size}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "image/jpeg");
        assert_eq!(&bytes[..2], [0xFF, 0xD8]);
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{size} still has EXIF");
        assert!(!bytes.windows(6).any(|w| w == b"Ward 7"), "{size} still says where it was taken");
        // Not public yet: kept out of shared caches.
        assert_eq!(headers["cache-control"], "private, no-store");
    }
}

#[tokio::test]
async fn judges_score_once_entries_close_and_the_ranking_follows_the_weights() {
    let (app, mut national) = competition().await;
    let mut riverside = app.signed_in("staff@riverside.example").await;
    let mut northgate = app.signed_in("staff@northgate.example").await;
    enter_words(&app, &mut riverside, "riverside", "Original but thin", true).await;
    enter_words(&app, &mut northgate, "northgate", "Plain but true", true).await;
    let (first, second) = (entry_id(&app, "Original but thin").await, entry_id(&app, "Plain but true").await);
    add_judge(&mut national, "board@values-network.example").await;
    let unknown = national.post(&format!("{COMPETITION}/judges"), &[("email", "nobody@nowhere.example")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.text_of(".error-summary").contains("No one has an Ethos account with that email address"));

    let mut judge = app.signed_in("board@values-network.example").await;
    let waiting = judge.get(&format!("{COMPETITION}/judge")).await;
    assert_eq!(waiting.text_of(".judging-not-open"), "You can score once entries close.");
    assert_eq!(score(&app, &mut judge, &first, "5", "5").await.status, StatusCode::CONFLICT);

    let opened = national.post(&format!("{COMPETITION}/judging"), &[]).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.text);
    // Entering is over.
    assert_eq!(enter_words(&app, &mut riverside, "riverside", "Too late", true).await.status, StatusCode::CONFLICT);

    let list = judge.get(&format!("{COMPETITION}/judge")).await;
    assert_eq!(list.texts(".entry-to-judge .entry-title"), ["Original but thin", "Plain but true"]);
    let bad = score(&app, &mut judge, &first, "11", "").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.texts(".error-summary a"),
        [
            "Score “Shows our values” with a whole number from 0 to 10",
            "Score “Originality” with a whole number from 0 to 10"
        ]
    );
    // Values count three times: (3×2 + 1×10) / 4 = 4.0 against (3×9 + 1×1) / 4 = 7.0.
    assert_eq!(score(&app, &mut judge, &first, "2", "10").await.status, StatusCode::SEE_OTHER);
    assert_eq!(score(&app, &mut judge, &second, "9", "1").await.status, StatusCode::SEE_OTHER);
    assert_eq!(judge.get(&format!("{COMPETITION}/judge")).await.texts(".entry-scored").len(), 2);

    let manage = national.get(&format!("{COMPETITION}/manage")).await;
    assert_eq!(manage.texts(".ranked-entry .entry-title"), ["Plain but true", "Original but thin"]);
    assert_eq!(manage.texts(".ranked-entry .entry-total"), ["7.0 (1 judge)", "4.0 (1 judge)"]);
    assert!(audited(&app).await.contains(&"campaign.competition.score".to_owned()));
    // A judge sees what they judge, not the editors' page.
    assert_eq!(judge.get(&format!("{COMPETITION}/manage")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_judge_never_scores_an_entry_from_their_own_organisation() {
    let (app, mut national) = competition().await;
    let mut riverside = app.signed_in("staff@riverside.example").await;
    let mut northgate = app.signed_in("staff@northgate.example").await;
    enter_words(&app, &mut riverside, "riverside", "From Riverside", true).await;
    enter_words(&app, &mut northgate, "northgate", "From Northgate", true).await;
    add_judge(&mut national, "owner@northgate.example").await;
    national.post(&format!("{COMPETITION}/judging"), &[]).await;

    let mut judge = app.signed_in("owner@northgate.example").await;
    let list = judge.get(&format!("{COMPETITION}/judge")).await;
    assert!(list.text_of(".conflict-note").contains("You do not score entries from an organisation you belong to"));
    assert_eq!(list.text_of(".entry-own"), "From your organisation: another judge scores it.");
    let own = entry_id(&app, "From Northgate").await;
    assert_eq!(judge.get(&format!("{COMPETITION}/judge/{own}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(score(&app, &mut judge, &own, "10", "10").await.status, StatusCode::FORBIDDEN);
    assert_eq!(judge.get(&format!("{COMPETITION}/entries/{own}")).await.status, StatusCode::NOT_FOUND);
    let other = entry_id(&app, "From Riverside").await;
    let form = judge.get(&format!("{COMPETITION}/judge/{other}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.text_of(".entry-body"), "Kindness is the kettle on at 3 a.m.");
    let scores: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM competition_scores")
        .fetch_one(pool).await.unwrap());
    assert_eq!(scores, 0);
}

#[tokio::test]
async fn another_organisations_editor_is_refused_on_every_new_route() {
    let (app, mut national) = competition().await;
    let mut staff = app.signed_in("staff@riverside.example").await;
    enter_words(&app, &mut staff, "riverside", "Ours", true).await;
    let id = entry_id(&app, "Ours").await;
    let judge_id: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = 'board@values-network.example'")
        .fetch_one(pool).await.unwrap());
    add_judge(&mut national, "board@values-network.example").await;

    let mut other = app.signed_in(NORTHGATE_EDITOR).await;
    for path in ["setup", "manage", "judge", &format!("judge/{id}")] {
        assert_eq!(other.get(&format!("{COMPETITION}/{path}")).await.status, StatusCode::FORBIDDEN, "GET {path}");
    }
    for path in [
        "setup".to_owned(),
        "judges".to_owned(),
        format!("judges/{judge_id}/remove"),
        "judging".to_owned(),
        "announce".to_owned(),
        format!("entries/{id}/shortlist"),
        format!("entries/{id}/award"),
        format!("entries/{id}/remove"),
        format!("judge/{id}"),
    ] {
        let refused =
            other.post(&format!("{COMPETITION}/{path}"), &[("email", NORTHGATE_EDITOR), ("award", "first")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "POST {path}");
    }
    // Another organisation's entry, and its picture, are not theirs to see.
    for path in [format!("entries/{id}"), format!("entries/{id}/image"), format!("entries/{id}/thumbnail")] {
        assert_eq!(other.get(&format!("{COMPETITION}/{path}")).await.status, StatusCode::NOT_FOUND, "GET {path}");
    }
    // Nor can they enter for Riverside.
    let riverside = format!("/o/riverside/campaigns/{SLUG}/competition/enter");
    assert_eq!(other.get(&riverside).await.status, StatusCode::FORBIDDEN);
    assert_eq!(enter_words(&app, &mut other, "riverside", "Not ours", true).await.status, StatusCode::FORBIDDEN);
    // The national routes under a taking-part organisation's address do not exist.
    let mut riverside_editor = app.signed_in(RIVERSIDE_EDITOR).await;
    let at_riverside = |path: &str| format!("/o/riverside/campaigns/{SLUG}/competition/{path}");
    for path in ["", "setup", "manage", "judge", &format!("entries/{id}")] {
        let status = riverside_editor.get(at_riverside(path).trim_end_matches('/')).await.status;
        assert_eq!(status, StatusCode::NOT_FOUND, "GET {path}");
    }
    for path in ["setup", "announce", &format!("entries/{id}/award")] {
        assert_eq!(riverside_editor.post(&at_riverside(path), &[]).await.status, StatusCode::NOT_FOUND, "POST {path}");
    }
    // An organisation that does not take part has no entry form.
    let partnership = app.signed_in("owner@river-north.example").await;
    let outside = format!("/o/river-north/campaigns/{SLUG}/competition/enter");
    assert_eq!(partnership.get(&outside).await.status, StatusCode::NOT_FOUND);
    // Anonymous visitors are sent to sign in, and nothing was changed.
    let anonymous = app.visitor().get(&riverside).await;
    assert!(anonymous.location().starts_with("/sign-in"), "{}", anonymous.status);
    assert_eq!(entry_count(&app).await, 1);
    let manage = national.get(&format!("{COMPETITION}/manage")).await;
    assert_eq!(manage.texts(".judge-name"), ["Helen Marsh"]);
    assert!(!manage.has(".entry-shortlisted") && !manage.has(".entry-award"));
}

#[tokio::test]
async fn nothing_is_public_before_the_announcement_and_only_consented_entries_after() {
    let (app, mut national) = competition().await;
    let mut riverside = app.signed_in("staff@riverside.example").await;
    let mut northgate = app.signed_in("staff@northgate.example").await;
    enter_picture(&app, &mut riverside, "riverside", "Cards on the desk", png(600, 400), true).await;
    enter_words(&app, &mut northgate, "northgate", "Kept private", false).await;
    enter_words(&app, &mut northgate, "northgate", "Broke the rules", true).await;
    let (shown, private, removed) = (
        entry_id(&app, "Cards on the desk").await,
        entry_id(&app, "Kept private").await,
        entry_id(&app, "Broke the rules").await,
    );
    national.post(&format!("{COMPETITION}/judging"), &[]).await;

    // Before the announcement nothing of any entry is public.
    let page = app.visitor().get(NATIONAL).await;
    assert_eq!(page.text_of("#competition + p .competition-stage"), "Closed: being judged");
    assert!(!page.has(".competition-gallery") && !page.has(".competition-winners"));
    for path in [format!("entries/{shown}"), format!("entries/{shown}/image"), format!("entries/{shown}/thumbnail")] {
        assert_eq!(app.visitor().get(&format!("{COMPETITION}/{path}")).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let api = Api::new(&app, None);
    let id = campaign_id(&app).await;
    let before = api.get(&format!("/api/v1/campaigns/{id}/competition")).await.json();
    assert_eq!((before["announced"].as_bool(), before["winners"].as_array().map(Vec::len)), (Some(false), Some(0)));
    assert_eq!(before["stage"], "judging");
    assert!(schema_problems(&app, "CompetitionBody", &before).await.is_empty());
    // Announcing needs an award first.
    assert_eq!(national.post(&format!("{COMPETITION}/announce"), &[]).await.status, StatusCode::CONFLICT);

    // Editors remove an entry that broke the rules, shortlist and award.
    let gone = national
        .post(&format!("{COMPETITION}/entries/{removed}/remove"), &[("reason", "Not the entrant's own work")])
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER, "{}", gone.text);
    for (entry, award) in [(&shown, "first"), (&private, "commended")] {
        national.post(&format!("{COMPETITION}/entries/{entry}/shortlist"), &[("shortlisted", "yes")]).await;
        let given = national.post(&format!("{COMPETITION}/entries/{entry}/award"), &[("award", award)]).await;
        assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.text);
    }
    let manage = national.get(&format!("{COMPETITION}/manage")).await;
    assert_eq!(manage.texts(".entry-shortlisted").len(), 2);
    assert!(!manage.texts(".ranked-entry .entry-title").contains(&"Broke the rules".to_owned()));
    let announced = national.post(&format!("{COMPETITION}/announce"), &[]).await;
    assert_eq!(announced.status, StatusCode::SEE_OTHER, "{}", announced.text);
    let actions = audited(&app).await;
    for action in ["remove", "shortlist", "award", "announce", "judging"] {
        assert!(actions.contains(&format!("campaign.competition.{action}")), "{action}: {actions:?}");
    }

    // The national page now shows the winners and the gallery, consented entries only.
    let page = app.visitor().get(NATIONAL).await;
    assert_eq!(page.texts(".competition-winner .winner-award"), ["Winner Picture", "Highly commended Words"]);
    assert_eq!(page.texts(".winner-title"), ["Cards on the desk"]);
    assert_eq!(page.text_of(".winner-private"), "An entry its maker asked us not to publish");
    assert_eq!(page.texts(".competition-gallery .gallery-title"), ["Cards on the desk"]);
    assert_eq!(
        page.attr(".gallery-thumbnail", "alt").unwrap(),
        "Two nurses laughing at a ward desk covered in thank-you cards"
    );
    let entry = app.visitor().get(&format!("{COMPETITION}/entries/{shown}")).await;
    assert_eq!(entry.status, StatusCode::OK);
    assert_eq!(entry.text_of(".entry-award"), "Winner");
    assert!(!entry.has(".entry-private"));
    let (status, headers, _) = get_bytes(&app.visitor(), &format!("{COMPETITION}/entries/{shown}/thumbnail")).await;
    assert_eq!((status, headers["cache-control"].to_str().unwrap()), (StatusCode::OK, "public, max-age=86400"));
    for hidden in [&private, &removed] {
        assert_eq!(app.visitor().get(&format!("{COMPETITION}/entries/{hidden}")).await.status, StatusCode::NOT_FOUND);
    }
    let after = api.get(&format!("/api/v1/campaigns/{id}/competition")).await.json();
    assert_eq!(after["stage"], "announced");
    assert_eq!(after["winners"][0]["title"], "Cards on the desk");
    assert!(after["winners"][0]["image_url"].as_str().unwrap().ends_with(&format!("/entries/{shown}/image")));
    assert!(after["winners"][1]["title"].is_null());
    assert_eq!(after["winners"][1]["organisation"]["slug"], "northgate");
    assert!(schema_problems(&app, "CompetitionBody", &after).await.is_empty());
}

#[tokio::test]
async fn postponing_the_campaign_moves_the_competition_dates_with_it() {
    let (app, mut national) = competition().await;
    // A category with entries cannot be taken away.
    let mut staff = app.signed_in("staff@riverside.example").await;
    enter_words(&app, &mut staff, "riverside", "Still here", true).await;
    let without = national.post(&format!("{COMPETITION}/setup"), &setup_fields(&[("categories", "Picture")])).await;
    assert_eq!(without.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        without.texts(".error-summary a"),
        ["The category “Words” has entries, so it cannot be removed or renamed"]
    );

    let saved = national
        .post(
            &format!("{COMPETITION}/setup"),
            &setup_fields(&[("opens_on", "2026-06-01"), ("closes_on", "2026-07-05")]),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert!(audited(&app).await.contains(&"campaign.competition.update".to_owned()));
    let moved = national
        .post(
            &format!("{NATIONAL}/postpone"),
            &[("starts_on", "2026-10-12"), ("ends_on", "2026-10-18"), ("reason", "the wards asked for a later week")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.text);
    // 29 June to 12 October is 105 days; so is 1 June to 14 September.
    let page = app.visitor().get(COMPETITION).await;
    assert_eq!(page.text_of(".competition-dates"), "14 September – 18 October 2026");
    let id = campaign_id(&app).await;
    let body = Api::new(&app, None).get(&format!("/api/v1/campaigns/{id}/competition")).await.json();
    assert_eq!((body["opens_on"].as_str(), body["closes_on"].as_str()), (Some("2026-09-14"), Some("2026-10-18")));
}
