//! The ideas catalogue of a campaign: every new campaign starts with the
//! national body's ideas, which its editors add to, change and remove; a
//! taking-part organisation adds ideas of its own, seen only by it and the
//! national body; the catalogue is on the campaign pages and offered as the
//! type on the event form; nobody else can touch an idea. Runs on the
//! backend `ETHOS_TEST_BACKEND` names.

mod common;

use common::campaigns::*;
use common::{Page, TestApp, Visitor};
use reqwest::StatusCode;

const NATIONAL_IDEAS: &str = "/o/values-network/campaigns/values-week-2026/ideas";
const RIVERSIDE_IDEAS: &str = "/o/riverside/campaigns/values-week-2026/ideas";
const NORTHGATE_IDEAS: &str = "/o/northgate/campaigns/values-week-2026/ideas";
const RIVERSIDE: &str = "/o/riverside/campaigns/values-week-2026";

async fn idea_id(app: &TestApp, title: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM campaign_ideas WHERE title = $1")
        .bind(title).fetch_one(pool).await.unwrap())
}

async fn add_idea(editor: &mut Visitor, path: &str, title: &str, description: &str) -> Page {
    editor.post(path, &[("title", title), ("description", description)]).await
}

async fn taking_part() -> (TestApp, Visitor, Visitor, Visitor) {
    let app = TestApp::spawn().await;
    let national = national_with_campaign(&app).await;
    let riverside = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let northgate = join(&app, NORTHGATE_EDITOR, "northgate").await;
    (app, national, riverside, northgate)
}

#[tokio::test]
async fn a_new_campaign_starts_with_ideas_the_national_editors_keep() {
    let (app, mut national, _, _) = taking_part().await;
    let page = national.get(NATIONAL_IDEAS).await;
    assert_eq!(page.status, StatusCode::OK);
    let titles = page.texts(".national-ideas .idea-title");
    assert_eq!(titles.len(), 10);
    assert!(titles.contains(&"Job shadowing".to_owned()) && titles.contains(&"Sign-language demonstration".to_owned()));

    let added =
        add_idea(&mut national, NATIONAL_IDEAS, "Quiet-room open day", "Show staff the rooms set aside for rest.")
            .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    assert_eq!(added.location(), NATIONAL_IDEAS);
    let id = idea_id(&app, "Quiet-room open day").await;
    let changed = national
        .post(&format!("{NATIONAL_IDEAS}/{id}"), &[("title", "Quiet-room open days"), ("description", "")])
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.text);
    let workshop = idea_id(&app, "Workshop").await;
    let removed = national.post(&format!("{NATIONAL_IDEAS}/{workshop}/delete"), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.text);

    let page = national.get(NATIONAL_IDEAS).await;
    let titles = page.texts(".national-ideas .idea-title");
    assert_eq!(titles.last().map(String::as_str), Some("Quiet-room open days"));
    assert!(!titles.contains(&"Workshop".to_owned()));
    // Everyone sees the national ideas on the organisation's campaign page.
    let public = app.visitor().get(RIVERSIDE).await;
    assert!(public.texts(".campaign-ideas .idea-title").contains(&"Quiet-room open days".to_owned()));
    let actions = audited(&app).await;
    for action in ["campaign.idea.add", "campaign.idea.update", "campaign.idea.delete"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn an_organisations_own_ideas_are_seen_by_it_and_the_national_body_only() {
    let (app, mut national, mut riverside, northgate) = taking_part().await;
    let added = add_idea(&mut riverside, RIVERSIDE_IDEAS, "Garden party on the roof", "Bring a plate.").await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);

    let own = riverside.get(RIVERSIDE_IDEAS).await;
    assert_eq!(own.texts(".own-ideas .idea-title"), ["Garden party on the roof"]);
    assert_eq!(own.texts(".national-ideas .idea-title").len(), 10);
    assert!(!own.has(".national-ideas form"), "a taking-part organisation cannot remove national ideas");
    // The event form offers the catalogue as the type, free text still allowed.
    let form = riverside.get(&format!("{RIVERSIDE}/events/new")).await;
    let kinds: Vec<String> = form
        .html()
        .select(&scraper::Selector::parse("#kinds option").unwrap())
        .filter_map(|o| o.value().attr("value").map(str::to_owned))
        .collect();
    assert_eq!(kinds.first().map(String::as_str), Some("Job shadowing"));
    assert_eq!(kinds.last().map(String::as_str), Some("Garden party on the roof"));
    assert_eq!(form.attr("#kind", "type").as_deref(), Some("text"));
    let logged = log_event(&mut riverside, "riverside", &[("kind", "Something else entirely")]).await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.text);

    // Riverside's members see it on their page; the public and Northgate do not.
    assert!(riverside.get(RIVERSIDE).await.texts(".campaign-ideas .idea-own").len() == 1);
    assert!(!app.visitor().get(RIVERSIDE).await.text.contains("Garden party on the roof"));
    assert!(!northgate.get(NORTHGATE_IDEAS).await.text.contains("Garden party on the roof"));
    let northgate_form = northgate.get("/o/northgate/campaigns/values-week-2026/events/new").await;
    assert!(!northgate_form.text.contains("Garden party on the roof"));
    // The national body sees every organisation's own ideas, by name.
    let page = national.get(NATIONAL_IDEAS).await;
    assert_eq!(page.texts(".organisations-ideas .idea-title"), ["Garden party on the roof"]);
    assert_eq!(page.text_of(".organisations-ideas .idea-org"), "Riverside Community Health NHS Trust");
    assert!(!page.texts(".national-ideas .idea-title").contains(&"Garden party on the roof".to_owned()));
    let national_after = add_idea(&mut national, NATIONAL_IDEAS, "Garden party on the roof", "").await;
    assert_eq!(national_after.status, StatusCode::SEE_OTHER, "the same title is another owner's own");
}

#[tokio::test]
async fn problems_are_named_at_the_top_and_nothing_saved_is_lost() {
    let (app, _, mut riverside, _) = taking_part().await;
    let empty = add_idea(&mut riverside, RIVERSIDE_IDEAS, "  ", "A description kept as typed").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.texts(".error-summary li"), ["Enter the idea's title"]);
    assert_eq!(empty.text_of("#description"), "A description kept as typed");

    let long = "x".repeat(1001);
    let too_long = add_idea(&mut riverside, RIVERSIDE_IDEAS, &"t".repeat(101), &long).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        too_long.texts(".error-summary li"),
        ["Keep the title to 100 characters or fewer", "Keep the description to 1000 characters or fewer"]
    );

    assert_eq!(add_idea(&mut riverside, RIVERSIDE_IDEAS, "Tea round", "First").await.status, StatusCode::SEE_OTHER);
    let twice = add_idea(&mut riverside, RIVERSIDE_IDEAS, "Tea round", "Second").await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.text_of(".error-summary").contains("You already have an idea with this title"));

    // A bad change comes back as typed and leaves the idea as it was.
    let id = idea_id(&app, "Tea round").await;
    let bad = riverside.post(&format!("{RIVERSIDE_IDEAS}/{id}"), &[("title", ""), ("description", "Changed")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.text_of("#description"), "Changed");
    assert_eq!(bad.attr("#title", "aria-invalid").as_deref(), Some("true"));
    let own = riverside.get(RIVERSIDE_IDEAS).await;
    assert_eq!(own.texts(".own-ideas .idea-title"), ["Tea round"]);
    assert_eq!(own.text_of(".own-ideas .idea-description"), "First");
}

#[tokio::test]
async fn another_organisations_editor_can_touch_no_idea() {
    let (app, _, mut riverside, mut northgate) = taking_part().await;
    add_idea(&mut riverside, RIVERSIDE_IDEAS, "Garden party on the roof", "").await;
    let own = idea_id(&app, "Garden party on the roof").await;
    let national = idea_id(&app, "Job shadowing").await;

    // Another organisation's pages: refused.
    assert_eq!(northgate.get(RIVERSIDE_IDEAS).await.status, StatusCode::FORBIDDEN);
    assert_eq!(northgate.get(NATIONAL_IDEAS).await.status, StatusCode::FORBIDDEN);
    assert_eq!(add_idea(&mut northgate, RIVERSIDE_IDEAS, "Sneaked in", "").await.status, StatusCode::FORBIDDEN);
    assert_eq!(add_idea(&mut northgate, NATIONAL_IDEAS, "Sneaked in", "").await.status, StatusCode::FORBIDDEN);
    for path in [format!("{RIVERSIDE_IDEAS}/{own}"), format!("{NATIONAL_IDEAS}/{national}")] {
        assert_eq!(northgate.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
        let changed = northgate.post(&path, &[("title", "Taken over"), ("description", "")]).await;
        assert_eq!(changed.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(northgate.post(&format!("{path}/delete"), &[]).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    // Through its own address, someone else's idea is not found.
    for id in [own, national] {
        let path = format!("{NORTHGATE_IDEAS}/{id}");
        assert_eq!(northgate.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
        let changed = northgate.post(&path, &[("title", "Taken over"), ("description", "")]).await;
        assert_eq!(changed.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(northgate.post(&format!("{path}/delete"), &[]).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Riverside cannot change the national body's ideas either.
    let path = format!("{RIVERSIDE_IDEAS}/{national}");
    assert_eq!(riverside.post(&format!("{path}/delete"), &[]).await.status, StatusCode::NOT_FOUND);
    // Nothing changed.
    assert_eq!(idea_id(&app, "Garden party on the roof").await, own);
    assert_eq!(idea_id(&app, "Job shadowing").await, national);
}
