//! Campaigns: a national body's editor creates a campaign and writes sample
//! posts once; organisations join and see the posts filled with their own
//! values; bad input is turned away with a clear message; nobody from
//! another organisation can change anything. Runs on the backend
//! `ETHOS_TEST_BACKEND` names (postponement and feeds:
//! tests/campaigns_ical.rs).

mod common;

use common::campaigns::*;
use common::{Api, TestApp};
use reqwest::StatusCode;

fn url_decoded(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap()
}

#[tokio::test]
async fn a_national_editor_creates_a_campaign_that_celebrates_the_nhs_values_unless_told_otherwise() {
    let app = TestApp::spawn().await;
    let mut national = app.signed_in(NATIONAL_EDITOR).await;
    let form = national.get("/o/values-network/campaigns/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let defaults = form.text_of("textarea#national_values");
    for value in ["Working together for patients", "Respect and dignity", "Everyone counts", "Compassion"] {
        assert!(defaults.contains(value), "{defaults}");
    }

    let created = national.post("/o/values-network/campaigns", &campaign_fields(&[])).await;
    let page = national.follow(&created).await;
    assert_eq!(page.text_of("h1"), "Values Week");
    assert_eq!(page.text_of(".campaign-dates"), "29 June – 5 July 2026");
    assert_eq!(page.text_of(".campaign-status"), "Open to join");
    assert_eq!(page.text_of(".national-values"), "Compassion and Everyone counts");
    assert!(page.text_of(".campaign-facts").contains("#ValuesWeekTest"));
    assert!(page.text_of(".campaign-facts").contains("@NationalValues"));
    assert!(!page.has(".postponement"), "nothing was postponed");
    // Link previews: Open Graph and a Twitter card with the page's picture.
    assert_eq!(page.attr("meta[property='og:title']", "content").as_deref(), Some("Values Week"));
    assert!(
        page.attr("meta[property='og:url']", "content")
            .unwrap()
            .ends_with("/o/values-network/campaigns/values-week-2026")
    );
    assert_eq!(page.attr("meta[name='twitter:card']", "content").as_deref(), Some("summary_large_image"));
    assert!(page.attr("meta[property='og:image']", "content").unwrap().ends_with("/values-week-2026/card.png"));

    // A change is saved and audited, like the creation.
    let changed = national
        .post(&format!("/o/values-network/campaigns/{SLUG}/edit"), &campaign_fields(&[("name", "Values Week 2026")]))
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.text);
    assert_eq!(national.follow(&changed).await.text_of("h1"), "Values Week 2026");
    assert_eq!(audited(&app).await, ["campaign.create", "campaign.update"]);
}

#[tokio::test]
async fn bad_campaign_details_are_refused_with_the_error_summary_and_what_was_typed_kept() {
    let app = TestApp::spawn().await;
    let mut national = national_with_campaign(&app).await;
    let bad = national
        .post(
            "/o/values-network/campaigns",
            &campaign_fields(&[
                ("name", ""),
                ("slug", SLUG),
                ("edition", "next year"),
                ("hashtag", "#values week!"),
                ("starts_on", "2026-07-05"),
                ("ends_on", "2026-06-29"),
            ]),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text_of("title").starts_with("Error:"));
    let summary = bad.texts(".error-summary a");
    for expected in [
        "Enter the campaign's name",
        "Enter the edition as a year",
        "The hashtag can only have letters, digits and underscores",
        "The last day cannot be before the first day",
    ] {
        assert!(summary.iter().any(|s| s.contains(expected)), "{expected} in {summary:?}");
    }
    assert_eq!(bad.attr("input#hashtag", "value").as_deref(), Some("#values week!"), "as typed");

    // A short name another campaign has is a field error too, not a failure.
    let taken = national.post("/o/values-network/campaigns", &campaign_fields(&[])).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.text_of(".error-summary").contains("Another campaign already uses that short name"));

    // A trust does not run campaigns.
    let mut trust = app.signed_in(RIVERSIDE_EDITOR).await;
    let refused = trust.get("/o/riverside/campaigns/new").await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(refused.text.contains("Campaigns are run by national bodies"));
    let refused = trust.post("/o/riverside/campaigns", &campaign_fields(&[("slug", "other")])).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_organisation_joins_and_gets_its_own_page_which_others_do_not_have() {
    let app = TestApp::spawn().await;
    let _national = national_with_campaign(&app).await;
    let visitor = app.visitor();
    let page = format!("/o/riverside/campaigns/{SLUG}");
    assert_eq!(visitor.get(&page).await.status, StatusCode::NOT_FOUND, "no page before joining");

    let riverside = app.signed_in(RIVERSIDE_EDITOR).await;
    let index = riverside.get("/o/riverside/campaigns").await;
    assert!(index.text_of(".campaigns-joinable").contains("Values Week"));
    let _riverside = join(&app, RIVERSIDE_EDITOR, "riverside").await;

    let local = visitor.get(&page).await;
    assert_eq!(local.status, StatusCode::OK);
    assert_eq!(local.text_of("h1"), "Values Week at Riverside Community Health NHS Trust");
    let national = visitor.get(&format!("/o/values-network/campaigns/{SLUG}")).await;
    assert_eq!(national.texts(".participants li"), ["Riverside Community Health NHS Trust"]);
    // Northgate has not joined: no page, for anyone.
    assert_eq!(visitor.get(&format!("/o/northgate/campaigns/{SLUG}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(visitor.get(&format!("/o/northgate/campaigns/{SLUG}/events.ics")).await.status, StatusCode::NOT_FOUND);
    // The national body's public page lists it among those taking part.
    assert!(visitor.get("/o/values-network").await.text.contains("Riverside Community Health NHS Trust"));
    assert!(audited(&app).await.contains(&"campaign.join".to_owned()));
}

#[tokio::test]
async fn sample_posts_are_filled_with_each_organisations_values_whatever_they_are() {
    let app = TestApp::spawn().await;
    let mut national = national_with_campaign(&app).await;
    let post = "{organisation} celebrates {values} during {hashtag} ({dates}), with {handle}. Today: {day}.";
    assert_eq!(add_post(&mut national, "day_one", "", post).await.status, StatusCode::SEE_OTHER);
    publish_values(&app, "riverside", &["Kindness"]).await;
    publish_values(&app, "northgate", &["Patients' voice", "الرحمة", "Courage"]).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    join(&app, NORTHGATE_EDITOR, "northgate").await;
    let visitor = app.visitor();

    let riverside = visitor.get(&format!("/o/riverside/campaigns/{SLUG}")).await;
    assert_eq!(
        riverside.text_of(".post-text"),
        "Riverside Community Health NHS Trust celebrates Kindness during #ValuesWeekTest (29 June – 5 July 2026), \
         with @NationalValues. Today: Monday 29 June 2026."
    );
    assert_eq!(riverside.text_of(".post-slot"), "Day 1 of 7");

    let northgate = visitor.get(&format!("/o/northgate/campaigns/{SLUG}")).await;
    let text = northgate.text_of(".post-text");
    assert!(text.contains("celebrates Patients' voice, الرحمة and Courage during"), "{text}");
    assert!(
        northgate.text.contains("Patients&#39; voice") || northgate.text.contains("Patients&#x27; voice"),
        "escaped once"
    );
    assert_eq!(northgate.text_of(".post-length"), format!("{} of 280 characters", text.chars().count()));
    // The X link carries the text exactly, encoded; the hashtag is in it already.
    let x = northgate.attr(".share-x", "href").unwrap();
    let (start, query) = x.split_once('?').unwrap();
    assert_eq!(start, "https://x.com/intent/post");
    assert!(!query.contains(' ') && !query.contains('#'), "{query}");
    assert_eq!(url_decoded(query.strip_prefix("text=").unwrap()), text);
    let linkedin = northgate.attr(".share-linkedin", "href").unwrap();
    assert!(linkedin.starts_with("https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2F"), "{linkedin}");
    assert!(
        northgate.attr(".share-facebook", "href").unwrap().starts_with("https://www.facebook.com/sharer/sharer.php?u=")
    );
    // The copy button waits for the script; the text is there to select.
    assert!(northgate.has(".copy-button[hidden]"));

    // An organisation without published values gets the national ones, and is told.
    publish_values(&app, "river-north", &[]).await;
    let mut partnership = app.signed_in("owner@river-north.example").await;
    partnership.post(&format!("/o/river-north/campaigns/{SLUG}/join"), &[]).await;
    let page = visitor.get(&format!("/o/river-north/campaigns/{SLUG}")).await;
    assert!(page.text_of(".post-text").contains("celebrates Compassion and Everyone counts during"));
    assert!(page.text.contains("has not published its values on Ethos yet"));
}

#[tokio::test]
async fn a_post_over_280_characters_is_flagged_and_an_unknown_field_is_refused() {
    let app = TestApp::spawn().await;
    let mut national = national_with_campaign(&app).await;
    let unknown = add_post(&mut national, "before", "", "Join {organisaton} for {hashtag} and {value}").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = unknown.text_of(".error-summary a");
    assert!(message.contains("Ethos does not know the field {organisaton} and {value}"), "{message}");
    assert!(message.contains("{organisation}"), "it lists the fields it knows: {message}");
    assert_eq!(unknown.text_of("textarea#body"), "Join {organisaton} for {hashtag} and {value}");

    let bad_day = add_post(&mut national, "day", "9", "Day nine?").await;
    assert_eq!(bad_day.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_day.text_of(".error-summary").contains("Enter the day as a number from 1 to 7"));

    let long = format!("{} {{values}}", "é".repeat(270));
    assert_eq!(add_post(&mut national, "day", "3", &long).await.status, StatusCode::SEE_OTHER);
    publish_values(&app, "riverside", &["Kindness", "Respect"]).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let page = app.visitor().get(&format!("/o/riverside/campaigns/{SLUG}")).await;
    // 270 + 1 + "Kindness and Respect" (20) = 291.
    assert_eq!(page.text_of(".post-length--over strong"), "291 characters: 11 over the 280 X allows.");
    assert_eq!(page.text_of(".post-slot"), "Day 3 of 7");
    assert_eq!(page.text_of(".post-date"), "Wednesday 1 July 2026");
}

#[tokio::test]
async fn another_organisations_editor_is_refused_on_every_campaign_route() {
    let app = TestApp::spawn().await;
    let mut national = national_with_campaign(&app).await;
    add_post(&mut national, "day_one", "", "Hello from {organisation}").await;
    let mut riverside = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    assert_eq!(log_event(&mut riverside, "riverside", &[]).await.status, StatusCode::SEE_OTHER);
    let event: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM campaign_events").fetch_one(pool).await.unwrap());
    let post: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM campaign_posts").fetch_one(pool).await.unwrap());

    let n = format!("/o/values-network/campaigns/{SLUG}");
    let r = format!("/o/riverside/campaigns/{SLUG}");
    let gets = [
        "/o/values-network/campaigns".to_owned(),
        "/o/values-network/campaigns/new".to_owned(),
        format!("{n}/edit"),
        format!("{n}/postpone"),
        format!("{n}/posts"),
        format!("{n}/events/new"),
        "/o/riverside/campaigns".to_owned(),
        format!("{r}/events/new"),
        format!("{r}/events/{event}"),
    ];
    let posts = [
        "/o/values-network/campaigns".to_owned(),
        format!("{n}/edit"),
        format!("{n}/postpone"),
        format!("{n}/posts"),
        format!("{n}/posts/{post}/delete"),
        format!("{n}/events"),
        format!("{r}/events"),
        format!("{r}/events/{event}"),
        format!("{r}/join"),
        format!("/o/values-network/campaigns/{SLUG}/join"),
    ];
    // Northgate's editor, and the national body's own staff member.
    for email in [NORTHGATE_EDITOR, "staff@values-network.example"] {
        let mut other = app.signed_in(email).await;
        for path in &gets {
            assert_eq!(other.get(path).await.status, StatusCode::FORBIDDEN, "{email} GET {path}");
        }
        for path in &posts {
            let answer = other.post(path, &campaign_fields(&[("slug", "taken-over")])).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{email} POST {path}");
        }
    }
    // Signed out, nothing opens either.
    let mut stranger = app.visitor();
    for path in &gets {
        assert!(!stranger.get(path).await.status.is_success(), "GET {path}");
    }
    for path in &posts {
        assert!(!stranger.post(path, &[]).await.status.is_success(), "POST {path}");
    }
    // Nothing changed.
    let api = Api::new(&app, None).get(&format!("/api/v1/campaigns/{}", campaign_id(&app).await)).await;
    assert_eq!(api.json()["slug"], SLUG);
    assert_eq!(api.json()["participants"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_event_with_bad_details_is_refused_field_by_field() {
    let app = TestApp::spawn().await;
    national_with_campaign(&app).await;
    let mut riverside = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let bad = log_event(
        &mut riverside,
        "riverside",
        &[
            ("title", ""),
            ("start_time", "14:00"),
            ("end_time", "13:00"),
            ("online_url", "teams meeting"),
            ("expected_staff", "lots"),
            ("partner_ods", "R!"),
            ("audience", ""),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = bad.texts(".error-summary a");
    for expected in [
        "Enter the event's title",
        "The event must end after it starts",
        "Enter the online link in full",
        "Enter a whole number of people",
        "An ODS code is 3 to 10 letters and digits",
        "Choose whether the event is open to the public or for staff only",
    ] {
        assert!(summary.iter().any(|s| s.contains(expected)), "{expected} in {summary:?}");
    }
    assert_eq!(bad.attr("input#online_url", "value").as_deref(), Some("teams meeting"));
}

#[tokio::test]
async fn partners_are_records_reused_across_events_and_staff_only_events_stay_inside() {
    let app = TestApp::spawn().await;
    national_with_campaign(&app).await;
    let mut riverside = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let first = log_event(
        &mut riverside,
        "riverside",
        &[
            ("partner_name", "Riverside Carers"),
            ("partner_kind", "Charity"),
            ("partner_ods", "x1234"),
            ("expected_staff", "12"),
            ("expected_public", "40"),
            ("actual_staff", "15"),
        ],
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.text);
    let form = riverside.get(&format!("/o/riverside/campaigns/{SLUG}/events/new")).await;
    let partner = form.attr("input[name=partners]", "value").expect("the partner is offered again");
    assert!(form.text.contains("Riverside Carers (Charity), ODS X1234"));
    let second = log_event(
        &mut riverside,
        "riverside",
        &[("title", "Team huddle on respect"), ("audience", "staff"), ("partners", &partner)],
    )
    .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.text);
    let partners: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM campaign_partners").fetch_one(pool).await.unwrap());
    assert_eq!(partners, 1);

    let page = format!("/o/riverside/campaigns/{SLUG}");
    let public = app.visitor().get(&page).await;
    assert_eq!(public.texts(".campaign-event .card__title"), ["Coffee with the chief nurse"]);
    assert!(public.text_of(".campaign-event").contains("With Riverside Carers"));
    let staff = app.signed_in("staff@riverside.example").await.get(&page).await;
    assert_eq!(
        staff.texts(".campaign-event .card__title"),
        ["Coffee with the chief nurse", "Team huddle on respect Staff only"]
    );
    assert!(!public.has(".event-expected"), "attendance is for members");
    assert_eq!(staff.text_of(".event-expected"), "Expected: 12 staff, 40 patients and public");
    assert_eq!(staff.text_of(".event-actual"), "Came: 15 staff");
    let national = app.visitor().get(&format!("/o/values-network/campaigns/{SLUG}")).await;
    assert_eq!(national.texts(".campaign-event .card__title"), ["Coffee with the chief nurse"]);
    assert_eq!(national.text_of(".event-when"), "Tuesday 30 June 2026, 10:00 to 12:00");
}

#[tokio::test]
async fn the_api_gives_a_campaign_and_its_public_events() {
    let app = TestApp::spawn().await;
    national_with_campaign(&app).await;
    let mut riverside = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    log_event(&mut riverside, "riverside", &[]).await;
    log_event(&mut riverside, "riverside", &[("title", "Inside only"), ("audience", "staff")]).await;
    let id = campaign_id(&app).await;
    let api = Api::new(&app, None);
    let body = api.get(&format!("/api/v1/campaigns/{id}")).await.json();
    assert_eq!(body["status"], "open");
    assert_eq!(body["starts_on"], "2026-06-29");
    assert_eq!(body["ends_on"], "2026-07-05");
    assert!(body["original_starts_on"].is_null() && body["original_ends_on"].is_null());
    assert!(body["postponement_reason"].is_null());
    assert_eq!(body["edition"], 2026);
    assert_eq!(body["hashtag"], "ValuesWeekTest");
    assert_eq!(body["organiser"]["slug"], "values-network");
    assert_eq!(body["participants"][0]["slug"], "riverside");
    assert_eq!(schema_problems(&app, "CampaignBody", &body).await, Vec::<String>::new(), "{body}");
    let events = api.get(&format!("/api/v1/campaigns/{id}/events")).await.json();
    assert_eq!(events.as_array().unwrap().len(), 1, "{events}");
    assert_eq!(events[0]["starts"], "2026-06-30T10:00");
    let missing = api.get("/api/v1/campaigns/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.headers["content-type"], "application/problem+json");
}
