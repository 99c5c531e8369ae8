//! Returns: after the week each taking-part organisation sends back its
//! figures, pre-filled from what it logged; an owner signs them off; the
//! national body accepts them or sends them back, sees them side by side
//! with totals, downloads them and reminds those who are late. Runs on the
//! backend `ETHOS_TEST_BACKEND` names.

mod common;

use common::campaigns::*;
use common::smtp::SmtpServer;
use common::{Api, TestApp, Visitor, make_token};
use reqwest::StatusCode;

const LOCAL: &str = "/o/riverside/campaigns/values-week-2026";
const NATIONAL: &str = "/o/values-network/campaigns/values-week-2026";
const RIVERSIDE_OWNER: &str = "owner@riverside.example";

/// The campaign with Riverside and Northgate taking part; Riverside has
/// logged two held events (one partner each, one shared), a cancelled one
/// (not counted) and three pledges, two of them approved.
async fn campaign_with_logged_events(app: &TestApp) -> (Visitor, Visitor) {
    let national = national_with_campaign(app).await;
    let mut editor = join(app, RIVERSIDE_EDITOR, "riverside").await;
    join(app, NORTHGATE_EDITOR, "northgate").await;
    let held = [
        ("status", "held"),
        ("actual_staff", "12"),
        ("actual_public", "30"),
        ("actual_partners", "4"),
        ("partner_name", "Riverside Carers' Forum"),
    ];
    assert_eq!(log_event(&mut editor, "riverside", &held).await.status, StatusCode::SEE_OTHER);
    let second = [("title", "Open garden"), ("status", "held"), ("actual_staff", "3"), ("partner_name", "Town Scouts")];
    assert_eq!(log_event(&mut editor, "riverside", &second).await.status, StatusCode::SEE_OTHER);
    let cancelled =
        [("title", "Rained off"), ("status", "cancelled"), ("actual_staff", "100"), ("partner_name", "Rowing club")];
    assert_eq!(log_event(&mut editor, "riverside", &cancelled).await.status, StatusCode::SEE_OTHER);
    let id = campaign_id(app).await;
    for (n, status) in ["approved", "approved", "pending"].iter().enumerate() {
        let sql = "INSERT INTO campaign_pledges (campaign_id, org_id, value_name, body, status, token_hash, created_at) \
                   SELECT $1, id, 'Compassion', 'I will listen first.', $2, $3, 1 FROM organisations WHERE slug = 'riverside'";
        ethos::on_db!(&app.db, pool => { sqlx::query(sql).bind(id).bind(*status).bind(format!("t{n}")).execute(pool).await.unwrap(); });
    }
    (national, editor)
}

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
    assert_eq!(&rows[0][18], "draft");
    let r = &rows[1];
    assert_eq!((&r[0], &r[2], &r[4], &r[12], &r[14], &r[16]), ("riverside", "2", "15", "2", "120", "3"));
    assert_eq!(&r[17], "'=HYPERLINK(\"http://x\")", "a formula is made text");
    assert_eq!((&r[18], &r[19]), ("submitted", "Grace Okafor"));

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
    let settings = ethos::mail::Settings::from_args(&ethos::mail::MailArgs {
        smtp_url: Some(smtp.url()),
        mail_from: Some("Ethos <ethos@ethos.example>".to_owned()),
        mail_retry_secs: 1,
        mail_lease_secs: 10,
    })
    .unwrap()
    .unwrap();
    let app = TestApp::spawn_with(|c| c.mail = Some(settings)).await;
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
