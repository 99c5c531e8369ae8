//! Around the judging of the creative competition: editors see each
//! judge's scores beside the total; an entrant withdraws their own entry
//! while entries are open, and only then; judges are told by mail when
//! they are named and when judging opens early. Runs on the backend
//! `ETHOS_TEST_BACKEND` names.

mod common;

use std::time::Duration;

use common::campaigns::*;
use common::competition::*;
use common::smtp::SmtpServer;
use common::{TestApp, Visitor};
use reqwest::StatusCode;

const ENTER: &str = "/o/riverside/campaigns/values-week-2026/competition/enter";

fn withdraw(id: &str) -> String {
    format!("/o/riverside/campaigns/{SLUG}/competition/entries/{id}/withdraw")
}

async fn name_of(app: &TestApp, email: &str) -> String {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT name FROM people WHERE email = $1")
        .bind(email).fetch_one(pool).await.unwrap())
}

#[tokio::test]
async fn editors_see_each_judges_scores_beside_the_total() {
    let (app, mut national) = competition().await;
    let mut maker = app.signed_in("staff@riverside.example").await;
    enter_words(&app, &mut maker, "riverside", "The night shift kettle", true).await;
    let id = entry_id(&app, "The night shift kettle").await;
    add_judge(&mut national, "board@values-network.example").await;
    add_judge(&mut national, "owner@northgate.example").await;
    national.post(&format!("{COMPETITION}/judging"), &[]).await;
    let manage = national.get(&format!("{COMPETITION}/manage")).await;
    assert!(!manage.has(".judge-scores"), "nothing to show before anyone scores");

    // Values count three times: (3×2 + 10) / 4 = 4.0 and (3×9 + 1) / 4 = 7.0.
    let mut first = app.signed_in("board@values-network.example").await;
    assert_eq!(score(&app, &mut first, &id, "2", "10").await.status, StatusCode::SEE_OTHER);
    let mut second = app.signed_in("owner@northgate.example").await;
    assert_eq!(score(&app, &mut second, &id, "9", "1").await.status, StatusCode::SEE_OTHER);

    let manage = national.get(&format!("{COMPETITION}/manage")).await;
    assert_eq!(manage.text_of(".entry-total"), "5.5 (2 judges)");
    let northgate_owner = name_of(&app, "owner@northgate.example").await;
    let cells = manage.texts(".judge-score td");
    let mut rows: Vec<String> = manage
        .texts(".judge-score-name")
        .iter()
        .zip(cells.chunks(3))
        .map(|(name, cells)| format!("{name} {}", cells.join(" ")))
        .collect();
    rows.sort();
    let mut expected = vec!["Helen Marsh 2 10 4.0".to_owned(), format!("{northgate_owner} 9 1 7.0")];
    expected.sort();
    assert_eq!(rows, expected);
    assert_eq!(
        manage.texts(".judge-scores thead th"),
        ["Judge", "Shows our values (×3)", "Originality (×1)", "Weighted"]
    );

    // A judge removed later keeps their scores, marked as such.
    let person: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = 'owner@northgate.example'")
        .fetch_one(pool).await.unwrap());
    national.post(&format!("{COMPETITION}/judges/{person}/remove"), &[]).await;
    let manage = national.get(&format!("{COMPETITION}/manage")).await;
    let names = manage.texts(".judge-score-name");
    assert!(names.contains(&format!("{northgate_owner} (no longer a judge)")), "{names:?}");
    assert!(names.contains(&"Helen Marsh".to_owned()), "{names:?}");
}

#[tokio::test]
async fn an_entrant_withdraws_their_own_entry_only_while_entries_are_open() {
    let (app, mut national) = competition().await;
    let mut maker = app.signed_in("staff@riverside.example").await;
    enter_words(&app, &mut maker, "riverside", "A first try", true).await;
    let id = entry_id(&app, "A first try").await;
    let page = maker.get(ENTER).await;
    assert_eq!(page.texts(".my-entry .entry-title"), ["A first try"]);
    assert!(page.has(".withdraw-entry button"));

    // Not someone else's entry, even from the same organisation, nor from another one.
    let mut colleague = app.signed_in(RIVERSIDE_EDITOR).await;
    assert_eq!(colleague.post(&withdraw(&id), &[]).await.status, StatusCode::NOT_FOUND);
    let mut stranger = app.signed_in(NORTHGATE_EDITOR).await;
    assert_eq!(stranger.post(&withdraw(&id), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(entry_count_shown(&mut national).await, 1);

    let withdrawn = maker.post(&withdraw(&id), &[]).await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER, "{}", withdrawn.text);
    let page = maker.follow(&withdrawn).await;
    assert!(page.text.contains("Your entry is withdrawn"), "{}", page.text);
    assert_eq!(page.text_of(".no-entries"), "You have not entered yet.");
    assert_eq!(entry_count_shown(&mut national).await, 0);
    assert!(audited(&app).await.contains(&"campaign.competition.withdraw".to_owned()));
    // Once is enough.
    assert_eq!(maker.post(&withdraw(&id), &[]).await.status, StatusCode::NOT_FOUND);

    // Once entries close, an entry stays in.
    enter_words(&app, &mut maker, "riverside", "The final version", true).await;
    let kept = entry_id(&app, "The final version").await;
    national.post(&format!("{COMPETITION}/judging"), &[]).await;
    assert!(!maker.get(ENTER).await.has(".withdraw-entry"));
    let late = maker.post(&withdraw(&kept), &[]).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.text.contains("Entries have closed, so an entry can no longer be withdrawn"), "{}", late.text);
    assert_eq!(entry_count_shown(&mut national).await, 1);
}

/// How many entries the editors' page ranks.
async fn entry_count_shown(national: &mut Visitor) -> usize {
    national.get(&format!("{COMPETITION}/manage")).await.texts(".ranked-entry").len()
}

#[tokio::test]
async fn judges_are_told_by_mail_when_named_and_when_judging_opens() {
    let mut smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(|c| c.mail = Some(smtp.settings())).await;
    let mut national = set_up(&app).await;

    let added = national.post(&format!("{COMPETITION}/judges"), &[("email", "board@values-network.example")]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    assert!(national.follow(&added).await.text.contains("a message is on its way to tell them"));
    let named = smtp.message_to("board@values-network.example").await;
    assert_eq!(named.subject(), "You are a judge of the Values Week competition");
    assert!(named.text().contains("has named you a judge of the Values Week creative competition"), "{}", named.text());
    assert!(named.link(&app.url, "/competition/judge").ends_with(&format!("{COMPETITION}/judge")));

    // Named again: they were already, and hear nothing more.
    national.post(&format!("{COMPETITION}/judges"), &[("email", "board@values-network.example")]).await;
    assert!(smtp.messages_within(Duration::from_millis(1500)).await.is_empty());

    national.post(&format!("{COMPETITION}/judging"), &[]).await;
    let opened = smtp.message_to("board@values-network.example").await;
    assert_eq!(opened.subject(), "Values Week: the competition's entries are ready to judge");
    assert!(opened.text().contains("are closed and the entries are ready for you to score"), "{}", opened.text());
    // Opening again (refused by the page) sends nothing twice.
    national.post(&format!("{COMPETITION}/judging"), &[]).await;
    assert!(smtp.messages_within(Duration::from_millis(1500)).await.is_empty());
}
