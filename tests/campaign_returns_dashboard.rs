//! The national returns dashboard: the response and completeness, totals
//! beside the previous edition, every organisation's figures, the CSV
//! download, the public totals, reminders by mail, and the demo's returns.
//! Runs on the backend `ETHOS_TEST_BACKEND` names.

mod common;

use common::campaigns::*;
use common::pdf::pdf_text;
use common::smtp::SmtpServer;
use common::{Api, TestApp};
use reqwest::StatusCode;

const LOCAL: &str = "/o/riverside/campaigns/values-week-2026";
const NATIONAL: &str = "/o/values-network/campaigns/values-week-2026";

#[tokio::test]
async fn the_dashboard_totals_sent_returns_beside_the_previous_edition_and_downloads_them() {
    let app = TestApp::spawn().await;
    let (mut national, mut editor) = campaign_with_logged_events(&app).await;
    let measure = national
        .post(
            &format!("{NATIONAL}/returns/settings"),
            &[("measure_name", "Schools visited"), ("measure_unit", "groups")],
        )
        .await;
    assert_eq!(measure.status, StatusCode::SEE_OTHER, "{}", measure.text);
    let page = editor.get(&format!("{LOCAL}/return")).await;
    let keys: Vec<String> = page
        .html()
        .select(&scraper::Selector::parse(".figure").unwrap())
        .filter_map(|f| f.value().attr("data-key").map(str::to_owned))
        .filter(|k| k.starts_with('m'))
        .collect();
    let key = keys[0].clone();
    let saved = editor
        .post(
            &format!("{LOCAL}/return"),
            &[
                ("social", "120"),
                ("social_how", "Likes"),
                (key.as_str(), "3"),
                ("highlight", "=HYPERLINK(\"http://x\")"),
                ("new_measure_name", "Thank-you cards"),
                ("new_measure_value", "40"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let mut owner = app.signed_in(RIVERSIDE_OWNER).await;
    owner.post(&format!("{LOCAL}/return/submit"), &[]).await;

    let dashboard = national.get(&format!("{NATIONAL}/returns")).await;
    assert!(dashboard.text_of(".response-rate").starts_with("1 of 2 organisations taking part have sent their return"));
    assert_eq!(dashboard.text_of(".returns-totals tr[data-key=events] .total"), "2");
    assert_eq!(dashboard.text_of(".returns-totals tr[data-key=staff] .total"), "15");
    assert_eq!(dashboard.text_of(".returns-totals tr[data-key=social] .total"), "120");
    assert_eq!(dashboard.text_of(&format!(".returns-totals tr[data-key={key}] .total")), "3");
    assert_eq!(
        dashboard.texts(".returns-table tbody th"),
        ["Northgate Mental Health NHS Foundation Trust", "Riverside Community Health NHS Trust"]
    );
    assert_eq!(
        dashboard.text_of(".returns-table caption"),
        "Each organisation's figures; * marks a derived figure the organisation changed"
    );
    assert!(dashboard.has(".no-previous"));
    assert_eq!(dashboard.texts(".returns-own-measures li"), ["Thank-you cards: 40"]);
    assert_eq!(dashboard.texts(".returns-blanks li"), Vec::<String>::new());

    // The previous edition's totals stand beside this one's.
    let fields = campaign_fields(&[
        ("slug", "values-week-2025"),
        ("edition", "2025"),
        ("starts_on", "2025-06-30"),
        ("ends_on", "2025-07-06"),
    ]);
    assert_eq!(national.post("/o/values-network/campaigns", &fields).await.status, StatusCode::SEE_OTHER);
    let dashboard = national.get(&format!("{NATIONAL}/returns")).await;
    assert_eq!(dashboard.text_of(".returns-compare tr[data-key=events] .before"), "0");
    assert_eq!(dashboard.text_of(".returns-compare tr[data-key=events] .now"), "2");

    let csv = national.get(&format!("{NATIONAL}/returns.csv?bom=0")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
            "organisation",
            "organisation_name",
            "events",
            "events_reason",
            "staff",
            "staff_reason",
            "public",
            "public_reason",
            "partner_people",
            "partner_people_reason",
            "partner_orgs",
            "partner_orgs_reason",
            "pledges",
            "pledges_reason",
            "thanks",
            "thanks_reason",
            "social",
            "social_how",
            "Schools visited",
            "highlight",
            "status",
            "submitted_by",
            "submitted_at",
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "northgate");
    assert_eq!(&rows[0][20], "draft");
    let r = &rows[1];
    assert_eq!((&r[0], &r[2], &r[4], &r[12], &r[14], &r[16], &r[18]), ("riverside", "2", "15", "2", "0", "120", "3"));
    assert_eq!(&r[19], "'=HYPERLINK(\"http://x\")", "a formula is made text");
    assert_eq!((&r[20], &r[21]), ("submitted", "Grace Okafor"));

    // The totals are public through the API.
    let id = campaign_id(&app).await;
    let totals = Api::new(&app, None).get(&format!("/api/v1/campaigns/{id}/totals")).await;
    assert_eq!(totals.status, StatusCode::OK, "{}", totals.text);
    let json = totals.json();
    assert_eq!((json["taking_part"].as_i64(), json["submitted"].as_i64()), (Some(2), Some(1)));
    assert_eq!(json["totals"][0]["key"], "events");
    assert_eq!(json["totals"][0]["total"], 2);
    assert!(schema_problems(&app, "TotalsBody", &json).await.is_empty());
}

#[tokio::test]
async fn reminders_go_once_a_day_to_the_owners_and_editors_of_those_who_have_not_sent() {
    let mut smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(|c| c.mail = Some(smtp.settings())).await;
    let (mut national, _editor) = campaign_with_logged_events(&app).await;
    national.post(&format!("{NATIONAL}/returns/settings"), &[("due_on", "2026-07-19")]).await;
    let mut owner = app.signed_in(RIVERSIDE_OWNER).await;
    owner.post(&format!("{LOCAL}/return/submit"), &[]).await;

    let sent = national.post(&format!("{NATIONAL}/returns/remind"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    assert_eq!(national.follow(&sent).await.text_of(".notice[role=status]"), "2 reminders are on their way.");
    let again = national.post(&format!("{NATIONAL}/returns/remind"), &[]).await;
    assert!(national.follow(&again).await.text_of(".notice[role=status]").starts_with("No reminders were needed"));
    let to: Vec<String> = ethos::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT to_address FROM mail_outbox WHERE kind = 'campaign_return' ORDER BY to_address").fetch_all(pool).await.unwrap());
    assert_eq!(to, ["editor@northgate.example", "owner@northgate.example"]);
    let mail = smtp.message_to("editor@northgate.example").await;
    assert_eq!(mail.subject(), "Values Week return due");
    let text = mail.text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("return for Values Week is due by Sunday 19 July 2026."), "{text}");
}

#[tokio::test]
async fn the_demo_has_returns_waiting_sent_back_and_accepted_with_a_deadline_after_the_postponement() {
    let app = TestApp::spawn_with_demo().await;
    let national = app.signed_in(NATIONAL_EDITOR).await;
    let page = national.get("/o/values-network/campaigns/values-week-2027/returns").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.texts(".return-state"), ["Sent back", "Accepted", "Submitted"]);
    assert_eq!(page.text_of(".returns-deadline"), "Returns are due by Sunday 31 October 2027.");
    assert!(page.text_of(".returns-overrides").starts_with("Staff taking part: 0 logged, 64 sent, because"));
    let northgate = app.signed_in("editor@northgate.example").await;
    let own = northgate.get("/o/northgate/campaigns/values-week-2027/return").await;
    assert!(own.text_of(".return-comment-text").starts_with("Thank you. Could you add your social media figures"));
    // Sent back: editable again.
    assert_eq!(own.texts("form.return-form").len(), 1);
}

#[tokio::test]
async fn the_summary_pdf_prints_what_the_dashboard_shows_for_the_national_editors_only() {
    let app = TestApp::spawn().await;
    let (national, mut editor) = campaign_with_logged_events(&app).await;
    let story = "Our porters ran a quiz about the values on every ward.";
    editor.post(&format!("{LOCAL}/return"), &[("social", "75"), ("social_how", "Likes"), ("highlight", story)]).await;
    let mut owner = app.signed_in(RIVERSIDE_OWNER).await;
    owner.post(&format!("{LOCAL}/return/submit"), &[]).await;

    let dashboard = national.get(&format!("{NATIONAL}/returns")).await;
    let link = dashboard.attr(".returns-pdf", "href").unwrap();
    assert_eq!(link, format!("{NATIONAL}/returns.pdf"));
    let text = pdf_text(&national.client, &format!("{}{link}", app.url)).await;
    let squeezed = |s: &str| s.split_whitespace().collect::<String>();
    for expected in [
        "Values Week 2026: summary of returns",
        "1 of 2 organisations taking part have sent their return: 0 accepted, 1 waiting for a decision.",
        "Events held",
        "Each organisation",
        "Northgate Mental Health NHS Foundation Trust",
        "Riverside Community Health NHS Trust",
        "Highlights",
        story,
    ] {
        assert!(text.contains(&squeezed(expected)), "the PDF lacks {expected:?}: {text}");
    }
    // Only the returns sent tell their story; nothing of a draft's.
    assert_eq!(text.matches(&squeezed("Highlights")).count(), 1);

    for email in [NORTHGATE_EDITOR, RIVERSIDE_EDITOR] {
        let other = app.signed_in(email).await;
        assert_eq!(other.get(&format!("{NATIONAL}/returns.pdf")).await.status, StatusCode::FORBIDDEN, "{email}");
    }
    assert!(app.visitor().get(&format!("{NATIONAL}/returns.pdf")).await.location().starts_with("/sign-in"));
}
