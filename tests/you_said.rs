//! Listening in public, "You said, we did": the organisation's page shows the
//! actions of its published consultations and the answered feedback and
//! ideas its editors chose to show, in the words they wrote, grouped by
//! value with an "Other" group — never the sender's words, contact details
//! or internal notes. Runs on the backend `ETHOS_TEST_BACKEND` names.

mod common;

use common::TestApp;
use common::feedback::{item_id, send_ok, spawn};
use reqwest::StatusCode;

const PAGE: &str = "/o/riverside/you-said-we-did";

/// The headings of the page's groups holding `what` (a selector), in order.
fn groups_with(page: &common::Page, what: &str) -> Vec<String> {
    let html = page.html();
    let section = scraper::Selector::parse("section.you-said-section").unwrap();
    let heading = scraper::Selector::parse(".you-said-group").unwrap();
    let what = scraper::Selector::parse(what).unwrap();
    html.select(&section)
        .filter(|s| s.select(&what).next().is_some())
        .map(|s| s.select(&heading).next().map(|h| h.text().collect::<String>().trim().to_owned()).unwrap_or_default())
        .collect()
}

/// A resident sends `body` leaving contact details; the editor notes it and
/// answers it. The path of its inbox page.
async fn answered(app: &TestApp, editor: &mut common::Visitor, body: &str) -> String {
    let mut resident = app.visitor();
    let fields = [("kind", "feedback"), ("body", body), ("reply", "yes"), ("contact", "pat.resident@example.com")];
    send_ok(&mut resident, &fields).await;
    let item = format!("/o/riverside/feedback/inbox/{}", item_id(app, body).await);
    editor.post(&format!("{item}/notes"), &[("note", "Internal: estates ticket 4471.")]).await;
    for (to, text) in
        [("acknowledged", ""), ("with_service", ""), ("responded", "Thank you: the signs are being replaced.")]
    {
        let moved = editor.post(&format!("{item}/state"), &[("state", to), ("text", text)]).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{to}: {}", moved.text);
    }
    item
}

#[tokio::test]
async fn an_empty_page_says_so_plainly() {
    let app = spawn().await;
    let page = app.visitor().get(PAGE).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of("h1"), "You said, we did");
    assert!(page.text_of(".you-said-empty").contains("Nothing is here yet"));
    assert!(page.has("a[href='/o/riverside/feedback']"));
    let form = app.visitor().get("/o/riverside/feedback").await;
    assert!(form.has(".feedback-elsewhere a[href='/o/riverside/you-said-we-did']"));
    assert!(form.has(".feedback-elsewhere a[href='/o/riverside/ideas']"));
    assert_eq!(app.visitor().get("/o/nowhere/you-said-we-did").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_page_shows_only_what_editors_chose_in_their_own_words_grouped_by_value() {
    // The full demo: Riverside's values are published there.
    let app = TestApp::spawn_with_demo_and(|c| c.feedback_min_fill = std::time::Duration::ZERO).await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let signs = "The signs to the eye clinic are faded and I got lost twice.";
    let item = answered(&app, &mut editor, signs).await;
    let quiet = answered(&app, &mut editor, "Answered but never chosen for the page.").await;

    // Not yet answered: refused with the reason.
    let mut resident = app.visitor();
    send_ok(&mut resident, &[("kind", "feedback"), ("body", "Still waiting.")]).await;
    let waiting = format!("/o/riverside/feedback/inbox/{}", item_id(&app, "Still waiting.").await);
    let refused =
        editor.post(&format!("{waiting}/you-said"), &[("shown", "yes"), ("you_said", "x"), ("we_did", "y")]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.text_of("main").contains("only an item that has been answered"));

    let form = editor.get(&item).await;
    let values: Vec<String> = form
        .html()
        .select(&scraper::Selector::parse("input[name^='value-']").unwrap())
        .filter_map(|e| e.value().attr("name").map(str::to_owned))
        .collect();
    assert!(!values.is_empty(), "Riverside's published values are offered");
    let first_value = form.text_of(&format!("label[for='public-{}']", values[0]));
    assert!(!form.has("input[name^='value-'][checked]"), "nothing is ticked before the item is linked");

    // Linked to the last value in the inbox: that box is ticked until the entry is first saved.
    let last = values.last().unwrap();
    let linked = editor.post(&format!("{item}/links"), &[("value", last.strip_prefix("value-").unwrap())]).await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.text);
    let form = editor.get(&item).await;
    assert!(form.has(&format!("input[name='{last}'][checked]")), "the inbox's link is offered");
    assert_eq!(form.texts("input[name^='value-'][checked]").len(), 1);

    // Checked before anything shows: both texts when shown, no personal data, a day that has come.
    let bad = editor
        .post(
            &format!("{item}/you-said"),
            &[
                ("form", "you-said"),
                ("shown", "yes"),
                ("you_said", "Signs were faded."),
                ("we_did", "Call pat.resident@example.com"),
                ("changed_on", "2999-01-01"),
                (&values[0], "yes"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = bad.text_of(".error-summary");
    assert!(summary.contains("holds an email address") && summary.contains("a day that has come"), "{summary}");
    assert!(bad.has(&format!("input[name='{}'][checked]", values[0])), "ticked boxes stay ticked");
    assert!(!app.visitor().get(PAGE).await.has(".you-said-entry"));

    let shown = editor
        .post(
            &format!("{item}/you-said"),
            &[
                ("form", "you-said"),
                ("shown", "yes"),
                ("you_said", "The signs to the eye clinic were hard to follow."),
                ("we_did", "New signs in large print now lead from the main door."),
                ("changed_on", "2026-03-31"),
                (&values[0], "yes"),
            ],
        )
        .await;
    assert_eq!(shown.status, StatusCode::SEE_OTHER, "{}", shown.text);
    editor.post(&format!("{quiet}/you-said"), &[("form", "you-said"), ("you_said", ""), ("we_did", "")]).await;

    let page = app.visitor().get(PAGE).await;
    assert_eq!(groups_with(&page, ".you-said-entry"), [first_value]);
    assert_eq!(page.text_of(".you-said-text"), "The signs to the eye clinic were hard to follow.");
    assert_eq!(page.text_of(".we-did-text"), "New signs in large print now lead from the main door.");
    assert!(page.text_of(".you-said-when").contains("31 March 2026"));
    for never in [signs, "pat.resident", "estates ticket", "signs are being replaced", "never chosen"] {
        assert!(!page.text.contains(never), "{never} must not show");
    }

    // No value chosen: under "Other". Unticked: gone.
    editor
        .post(
            &format!("{item}/you-said"),
            &[
                ("form", "you-said"),
                ("shown", "yes"),
                ("you_said", "Faded signs."),
                ("we_did", "New signs."),
                ("changed_on", ""),
            ],
        )
        .await;
    assert_eq!(groups_with(&app.visitor().get(PAGE).await, ".you-said-entry"), ["Other"]);
    editor
        .post(
            &format!("{item}/you-said"),
            &[("form", "you-said"), ("you_said", "Faded signs."), ("we_did", "New signs.")],
        )
        .await;
    assert!(!app.visitor().get(PAGE).await.has(".you-said-entry"));
    // Another organisation's page never shows Riverside's entries.
    assert!(!app.visitor().get("/o/northgate/you-said-we-did").await.has(".you-said-entry"));
}

#[tokio::test]
async fn the_demo_shows_consultation_actions_and_the_partnerships_answers() {
    let app = TestApp::spawn_with_demo().await;
    let riverside = app.visitor().get(PAGE).await;
    assert!(!riverside.texts(".consultation-actions li").is_empty(), "{}", riverside.text_of("main"));
    assert!(riverside.text_of(".consultation-actions").contains("On track"));
    assert!(riverside.has(".you-said-consultation a[href$='/you-said-we-did']"));
    // Each action shows under the values of the objectives answering it.
    let under = groups_with(&riverside, ".consultation-actions li");
    assert!(!under.is_empty() && !under.contains(&"Other".to_owned()), "every demo action is answered: {under:?}");
    let values: Vec<String> = ethos::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT DISTINCT ov.value_key FROM objective_values ov JOIN objective_actions oa ON oa.objective_id = ov.objective_id \
         JOIN strategy_objectives o ON o.id = ov.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
         JOIN strategies s ON s.id = a.strategy_id JOIN organisations g ON g.id = s.org_id WHERE g.slug = 'riverside'")
        .fetch_all(pool).await.unwrap());
    assert_eq!(under.len(), values.len(), "one group per value an answering objective expresses: {under:?} {values:?}");

    let partnership = app.visitor().get("/o/river-north/you-said-we-did").await;
    assert_eq!(partnership.texts(".you-said-group"), ["Working together", "Other"]);
    assert!(partnership.has(".you-said-when a[href^='/o/river-north/ideas/']"), "the idea links to its page");
    assert!(!partnership.text.contains("forty minutes"), "never the sender's words");
}
