//! Thank-you notes: a member thanks a colleague or a team, tagged to one of
//! the organisation's published values; the recipient reads it and may take
//! it off the wall; editors remove one with a reason; the wall and the API
//! count notes per value and per month, never per person. Only members of
//! the organisation reach any of it. Runs on the backend named by
//! `ETHOS_TEST_BACKEND`, over the demo (Riverside has six notes to start).

mod common;

use common::smtp::SmtpServer;
use common::{Api, TestApp, Visitor, make_token};
use reqwest::StatusCode;

const NEW: &str = "/o/riverside/thanks/new";
const WALL: &str = "/o/riverside/thanks";
const MINE: &str = "/o/riverside/thanks/mine";

async fn id_of(app: &TestApp, email: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = $1").bind(email).fetch_one(pool).await.unwrap())
}

async fn note_id(app: &TestApp, body: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM thanks WHERE body = $1").bind(body).fetch_one(pool).await.unwrap())
}

async fn audit_lines(app: &TestApp, action: &str) -> Vec<String> {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT summary FROM audit_events WHERE action = $1 ORDER BY id")
        .bind(action).fetch_all(pool).await.unwrap())
}

/// Sends a note and expects it taken.
async fn thank(visitor: &mut Visitor, fields: &[(&str, &str)]) {
    let sent = visitor.post(NEW, fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
}

/// The number in the counts table's row for `label`.
fn count_in(page: &common::Page, table: &str, label: &str) -> i64 {
    page.texts(&format!("{table} tbody tr"))
        .iter()
        .find_map(|row| row.strip_prefix(label).map(|n| n.trim().parse::<i64>().unwrap()))
        .unwrap_or(0)
}

#[tokio::test]
async fn a_colleague_reads_a_note_to_them_and_the_wall_shows_only_notes_their_writers_chose_to_share() {
    let app = TestApp::spawn_with_demo().await;
    let margaret = id_of(&app, "board@riverside.example").await.to_string();
    let to_margaret = format!("person-{margaret}");
    let mut aisha = app.signed_in("staff@riverside.example").await;

    let form = aisha.get(NEW).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let choices = form.texts("#to option");
    assert!(choices.contains(&"Margaret Ellis".to_owned()), "{choices:?}");
    assert!(!choices.contains(&"Aisha Rahman".to_owned()), "nobody thanks themselves: {choices:?}");
    assert!(!choices.contains(&"Samuel Osei".to_owned()), "only Riverside's people: {choices:?}");
    assert!(choices.contains(&"Night nursing".to_owned()), "the owner's teams: {choices:?}");
    assert!(!form.has("#on_wall[checked]"), "the wall is the writer's choice, off to start");

    let private = "You found a quiet room for the family when the ward was full.";
    thank(
        &mut aisha,
        &[("to", to_margaret.as_str()), ("body", private), ("value", "kindness"), ("behaviour", "kindness-1")],
    )
    .await;
    let shared = "You took the new starters round every clinic on their first day.";
    thank(&mut aisha, &[("to", to_margaret.as_str()), ("body", shared), ("value", "together"), ("on_wall", "yes")])
        .await;
    let team = "The desk rebooked forty journeys in a morning when the bridge closed.";
    thank(&mut aisha, &[("to", "team-3"), ("body", team), ("value", "respect"), ("on_wall", "yes")]).await;

    let margaret_page = app.signed_in("board@riverside.example").await.get(MINE).await;
    let notes = margaret_page.texts(".thanks-note");
    assert_eq!(notes.len(), 3, "the demo's one to her and the two new ones: {notes:?}");
    assert!(notes[1].contains(private) && notes[1].contains("Kindness"), "{notes:?}");
    assert!(notes[1].contains("notice when someone is worried and ask about it"), "{notes:?}");
    assert!(notes[1].contains("From Aisha Rahman") && notes[1].contains("Only you can see this note"), "{notes:?}");
    assert!(notes[0].contains(shared) && notes[0].contains("This note is on the team wall"), "{notes:?}");
    assert!(margaret_page.text_of("#mine-count").contains("3 times"), "her own count, on her own page only");

    let wall = app.signed_in("editor@riverside.example").await.get(WALL).await;
    assert_eq!(wall.status, StatusCode::OK);
    let on_wall = wall.texts(".thanks-wall .thanks-note");
    assert!(on_wall[0].contains(team) && on_wall[0].contains("To Patient transport desk"), "newest first: {on_wall:?}");
    assert!(on_wall[1].contains(shared) && on_wall[1].contains("To Margaret Ellis"), "{on_wall:?}");
    assert!(!wall.text.contains(private), "a note its writer kept off the wall is not on it");
    assert!(!wall.text.contains("falls figures"), "nor the demo note its recipient took off the wall");
    assert_eq!(audit_lines(&app, "thanks.written").await.len(), 3);
}

#[tokio::test]
async fn a_note_with_problems_is_refused_with_every_problem_named_and_nothing_typed_lost() {
    let app = TestApp::spawn_with_demo().await;
    let mut aisha = app.signed_in("staff@riverside.example").await;
    let before = audit_lines(&app, "thanks.written").await.len();

    let page = aisha.post(NEW, &[("to", ""), ("body", "  "), ("value", "")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = page.texts(".error-summary li");
    assert_eq!(
        summary,
        ["Choose the colleague or team you are thanking", "Say what they did", "Choose the value they lived"]
    );
    assert_eq!(page.attr(".error-summary a[href='#value-kindness']", "href").as_deref(), Some("#value-kindness"));
    assert!(page.has("title") && page.text_of("title").starts_with("Error:"));

    let samuel = format!("person-{}", id_of(&app, "owner@northgate.example").await);
    let long = "x".repeat(1_001);
    let cases: [(&[(&str, &str)], &str); 6] = [
        (&[("to", &samuel), ("body", "Thanks"), ("value", "kindness")], "Choose the colleague or team"),
        (&[("to", "team-99"), ("body", "Thanks"), ("value", "kindness")], "Choose the colleague or team"),
        (&[("to", "team-0"), ("body", &long), ("value", "kindness")], "1000 characters or fewer"),
        // Northgate's value, not Riverside's.
        (&[("to", "team-0"), ("body", "Thanks"), ("value", "hope")], "Choose the value they lived"),
        (
            &[("to", "team-0"), ("body", "Thanks"), ("value", "kindness"), ("behaviour", "safety-0")],
            "behaviours of Kindness",
        ),
        (
            &[("to", "team-0"), ("body", "Thanks"), ("value", "kindness"), ("behaviour", "kindness-9")],
            "behaviours of Kindness",
        ),
    ];
    for (fields, message) in cases {
        let page = aisha.post(NEW, fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(page.text_of(".error-summary").contains(message), "{fields:?}: {}", page.text_of(".error-summary"));
        assert_eq!(page.text_of("#body"), fields[1].1, "what was typed stays");
    }
    assert_eq!(audit_lines(&app, "thanks.written").await.len(), before, "nothing was stored");
}

#[tokio::test]
async fn without_published_values_the_form_says_why_it_cannot_be_used() {
    let app = TestApp::spawn().await;
    let mut aisha = app.signed_in("staff@riverside.example").await;
    let page = aisha.get(NEW).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text_of("#no-values").contains("has not published its values yet"), "{}", page.text);
    assert!(!page.has("form.thanks-form"));
    let sent = aisha.post(NEW, &[("to", "team-0"), ("body", "Thanks"), ("value", "kindness")]).await;
    assert_eq!(sent.status, StatusCode::CONFLICT);
    assert!(sent.text_of("#no-values").contains("has not published its values yet"));
    assert!(
        app.signed_in("editor@riverside.example").await.get(WALL).await.text_of(".thanks-empty").contains("No notes")
    );
}

#[tokio::test]
async fn the_recipient_takes_a_note_off_the_wall_and_puts_it_back_and_nobody_else_can() {
    let app = TestApp::spawn_with_demo().await;
    let dylan = format!("person-{}", id_of(&app, "editor@riverside.example").await);
    let mut aisha = app.signed_in("staff@riverside.example").await;
    let body = "You fixed the rota so that nobody worked three weekends running.";
    thank(&mut aisha, &[("to", dylan.as_str()), ("body", body), ("value", "together"), ("on_wall", "yes")]).await;
    let id = note_id(&app, body).await;
    let hide = format!("/o/riverside/thanks/{id}/hide");

    // The writer, and another colleague, cannot hide it: it is not theirs.
    assert_eq!(aisha.post(&hide, &[]).await.status, StatusCode::NOT_FOUND);
    let mut grace = app.signed_in("owner@riverside.example").await;
    assert_eq!(grace.post(&hide, &[]).await.status, StatusCode::NOT_FOUND);
    let before = grace.get(WALL).await;
    assert!(before.text.contains(body));

    let mut dylan = app.signed_in("editor@riverside.example").await;
    let hidden = dylan.post(&hide, &[]).await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER);
    let mine = dylan.follow(&hidden).await;
    assert!(mine.text_of(".notice").contains("off the wall"), "{}", mine.text_of(".notice"));
    assert!(mine.text_of(&format!("#note-{id}")).contains("You took this note off the wall"));
    let after = grace.get(WALL).await;
    assert!(!after.text.contains(body), "off the wall");
    assert_eq!(
        count_in(&after, ".thanks-by-value", "Working together"),
        count_in(&before, ".thanks-by-value", "Working together"),
        "it still counts"
    );

    let shown = dylan.post(&format!("/o/riverside/thanks/{id}/show"), &[]).await;
    assert_eq!(shown.status, StatusCode::SEE_OTHER);
    assert!(grace.get(WALL).await.text.contains(body), "back on the wall");
    assert_eq!(audit_lines(&app, "thanks.hidden").await.len(), 1);
    assert_eq!(audit_lines(&app, "thanks.shown").await.len(), 1);
}

#[tokio::test]
async fn an_editor_removes_a_note_with_a_reason_and_it_leaves_the_wall_the_recipients_page_and_the_counts() {
    let app = TestApp::spawn_with_demo().await;
    let aisha_id = format!("person-{}", id_of(&app, "staff@riverside.example").await);
    let mut grace = app.signed_in("owner@riverside.example").await;
    let body = "Brilliant work on the audit, unlike some people on your team.";
    thank(&mut grace, &[("to", aisha_id.as_str()), ("body", body), ("value", "respect"), ("on_wall", "yes")]).await;
    let id = note_id(&app, body).await;
    let remove = format!("/o/riverside/thanks/{id}/remove");

    let mut aisha = app.signed_in("staff@riverside.example").await;
    assert_eq!(aisha.get(&remove).await.status, StatusCode::FORBIDDEN, "staff do not moderate");
    assert_eq!(aisha.post(&remove, &[("reason", "I would rather not")]).await.status, StatusCode::FORBIDDEN);
    assert!(!aisha.get(WALL).await.has("a[href$='/remove']"), "nor see the link");

    let mut dylan = app.signed_in("editor@riverside.example").await;
    let wall = dylan.get(WALL).await;
    assert!(wall.has(&format!("a[href='{remove}']")));
    let respect_before = count_in(&wall, ".thanks-by-value", "Respect");
    let page = dylan.get(&remove).await;
    assert!(page.text.contains(body));
    let refused = dylan.post(&remove, &[("reason", " ")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text_of(".error-summary").contains("Give the reason"));

    let removed = dylan.post(&remove, &[("reason", "It puts down other colleagues.")]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.text);
    let wall = dylan.follow(&removed).await;
    assert!(!wall.text.contains(body));
    assert_eq!(count_in(&wall, ".thanks-by-value", "Respect"), respect_before - 1, "a removed note stops counting");
    assert!(!aisha.get(MINE).await.text.contains(body), "nor on the recipient's page");
    assert_eq!(aisha.post(&format!("/o/riverside/thanks/{id}/hide"), &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(dylan.get(&remove).await.status, StatusCode::NOT_FOUND, "removed once");
    let lines = audit_lines(&app, "thanks.removed").await;
    assert_eq!(lines, [format!("Removed thank-you note {id}: It puts down other colleagues.")]);
}

#[tokio::test]
async fn counts_per_value_and_per_month_are_for_everyone_in_the_organisation_and_never_per_person() {
    let app = TestApp::spawn_with_demo().await;
    let mut aisha = app.signed_in("staff@riverside.example").await;
    thank(&mut aisha, &[("to", "team-1"), ("body", "Thank you for the sensory room."), ("value", "belonging")]).await;

    let wall = aisha.get(WALL).await;
    // The demo's six notes and this one; the one kept private counts too.
    assert!(wall.text.contains("7 in all"), "{}", wall.text_of("main"));
    assert_eq!(count_in(&wall, ".thanks-by-value", "Safety"), 2);
    assert_eq!(count_in(&wall, ".thanks-by-value", "Belonging"), 2);
    let values: Vec<String> = wall.texts(".thanks-by-value tbody th");
    assert_eq!(values, ["Kindness", "Safety", "Respect", "Working together", "Belonging"], "in Riverside's own order");
    let months = wall.texts(".thanks-by-month tbody tr");
    let per_month: i64 = months.iter().map(|r| r.rsplit(' ').next().unwrap().parse::<i64>().unwrap()).sum();
    assert_eq!(per_month, 7, "{months:?}");
    assert!(wall.has("svg#thanks-by-value[role=img]"), "the results pages' bar chart");

    // No person is counted or ranked anywhere on the wall.
    let tables = wall.texts("table").join(" ");
    for name in ["Aisha", "Dylan", "Grace", "Margaret", "Night nursing"] {
        assert!(!tables.contains(name), "{name} in the counts: {tables}");
    }
    assert!(!wall.text.to_lowercase().contains("most thanked"));

    let token = make_token(&mut aisha).await;
    let api = Api::new(&app, Some(token)).get("/api/v1/orgs/riverside/thanks/counts").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text);
    let json = api.json();
    assert_eq!(json["total"], 7);
    assert_eq!(json["by_value"][1], serde_json::json!({"value": "Safety", "notes": 2}));
    let months: i64 = json["by_month"].as_array().unwrap().iter().map(|m| m["notes"].as_i64().unwrap()).sum();
    assert_eq!(months, 7);
    assert!(json["by_month"][0]["month"].as_str().unwrap().len() == 7, "YYYY-MM");
    let doc = Api::new(&app, None).get("/api/v1/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/orgs/{slug}/thanks/counts"]["get"].is_object(), "in the OpenAPI document");

    // The campaign return's figure: notes written in a date range, not removed.
    let org = ethos::orgs::model::by_slug(&app.db, "riverside").await.unwrap().unwrap();
    let today = org.today();
    let count = |from: i64, to: i64| {
        let from = today.checked_sub(jiff::Span::new().days(from)).unwrap();
        let to = today.checked_sub(jiff::Span::new().days(to)).unwrap();
        ethos::listen::thanks::store::counts_between(&app.db, org.id, from, to)
    };
    assert_eq!(count(0, 0).await.unwrap(), 1, "today's");
    assert_eq!(
        count(21, 0).await.unwrap(),
        4,
        "the last three weeks: demo notes of 3, 12 and 20 days ago, and today's"
    );
    assert_eq!(count(100, 0).await.unwrap(), 7);
    assert_eq!(count(100, 50).await.unwrap(), 1, "the note of 64 days ago");
}

#[tokio::test]
async fn a_member_of_another_organisation_is_refused_everywhere_and_someone_signed_out_is_sent_to_sign_in() {
    let app = TestApp::spawn_with_demo().await;
    let id = ethos::on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT MIN(id) FROM thanks").fetch_one(pool).await.unwrap());
    let gets = [WALL.to_owned(), NEW.to_owned(), MINE.to_owned(), format!("/o/riverside/thanks/{id}/remove")];
    let posts = [
        NEW.to_owned(),
        format!("/o/riverside/thanks/{id}/hide"),
        format!("/o/riverside/thanks/{id}/show"),
        format!("/o/riverside/thanks/{id}/remove"),
        "/o/riverside/feedback/settings/teams".to_owned(),
    ];
    let fields = [("to", "team-0"), ("body", "Thanks"), ("value", "kindness"), ("reason", "x"), ("teams", "A")];
    for email in ["owner@northgate.example", "editor@northgate.example", "staff@northgate.example"] {
        let mut outsider = app.signed_in(email).await;
        for path in &gets {
            assert_eq!(outsider.get(path).await.status, StatusCode::FORBIDDEN, "{email} GET {path}");
        }
        for path in &posts {
            assert_eq!(outsider.post(path, &fields).await.status, StatusCode::FORBIDDEN, "{email} POST {path}");
        }
        let token = make_token(&mut outsider).await;
        let api = Api::new(&app, Some(token)).get("/api/v1/orgs/riverside/thanks/counts").await;
        assert_eq!(api.status, StatusCode::FORBIDDEN, "{email}: {}", api.text);
    }
    assert_eq!(Api::new(&app, None).get("/api/v1/orgs/riverside/thanks/counts").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.signed_in("owner@northgate.example").await.get("/o/nowhere/thanks").await.status,
        StatusCode::NOT_FOUND
    );

    let mut stranger = app.visitor();
    for path in &gets {
        let page = stranger.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(page.location().starts_with("/sign-in?next="), "{path}: {}", page.location());
    }
    for path in &posts {
        let page = stranger.post(path, &fields).await;
        assert!(page.location().starts_with("/sign-in?next="), "{path}: {} {}", page.status, page.location());
    }
    let stored: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM thanks").fetch_one(pool).await.unwrap());
    assert_eq!(stored, 6, "nothing was written");

    // A form without its token is refused, as every form is.
    let aisha = app.signed_in("staff@riverside.example").await;
    let raw = aisha.post_raw(NEW, &[("to", "team-0"), ("body", "Thanks"), ("value", "kindness")]).await;
    assert_eq!(raw.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_owner_keeps_the_list_of_teams_next_to_the_other_listening_settings() {
    let app = TestApp::spawn_with_demo().await;
    let mut dylan = app.signed_in("editor@riverside.example").await;
    let settings = dylan.get("/o/riverside/feedback/settings").await;
    assert!(settings.text.contains("Night nursing") && !settings.has("#teams"), "editors read the list");
    assert_eq!(
        dylan.post("/o/riverside/feedback/settings/teams", &[("teams", "Ours")]).await.status,
        StatusCode::FORBIDDEN
    );

    let mut grace = app.signed_in("owner@riverside.example").await;
    let long = "y".repeat(121);
    let refused = grace.post("/o/riverside/feedback/settings/teams", &[("teams", &long)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text_of(".error-summary").contains("120 characters or fewer"));
    assert_eq!(refused.text_of("#teams"), long, "what was typed stays");
    let saved = grace.post("/o/riverside/feedback/settings/teams", &[("teams", "Podiatry\n\n  Wound care  \n")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let form = grace.get(NEW).await;
    let teams = form.texts("#to optgroup[label=Teams] option");
    assert_eq!(teams, ["Podiatry", "Wound care"]);
    assert!(audit_lines(&app, "feedback.settings").await.contains(&"Thank-you notes: 2 teams".to_owned()));
}

#[tokio::test]
async fn the_colleague_thanked_is_told_by_mail_where_mail_is_set_up_and_a_team_is_not_mailed() {
    let mut smtp = SmtpServer::start().await;
    let settings = smtp.settings();
    let app = TestApp::spawn_with_demo_and(|c| c.mail = Some(settings)).await;
    let dylan = format!("person-{}", id_of(&app, "editor@riverside.example").await);
    let mut aisha = app.signed_in("staff@riverside.example").await;
    thank(&mut aisha, &[("to", "team-0"), ("body", "Thank you all for the cover."), ("value", "together")]).await;
    let body = "You rang the pharmacy three times so that Mrs Khan had her pain relief by the evening.";
    thank(&mut aisha, &[("to", dylan.as_str()), ("body", body), ("value", "kindness"), ("behaviour", "kindness-0")])
        .await;

    let mail = smtp.next_message().await;
    assert_eq!(mail.to(), "editor@riverside.example");
    assert_eq!(mail.subject(), "Aisha Rahman thanked you");
    assert!(mail.text().contains("Hello Dylan Price,"), "{}", mail.text());
    assert!(mail.text().contains("for living the value “Kindness”"), "{}", mail.text());
    assert!(mail.text().contains(body));
    assert!(mail.text().contains("knock, introduce ourselves and explain why we are here"), "{}", mail.text());
    assert_eq!(mail.link(&app.url, "/thanks/mine"), MINE);
    assert!(smtp.messages_within(std::time::Duration::from_millis(1500)).await.is_empty(), "the team is not mailed");
}

#[tokio::test]
async fn without_mail_set_up_a_note_is_still_kept_and_nothing_is_queued() {
    let app = TestApp::spawn_with_demo().await;
    let dylan = format!("person-{}", id_of(&app, "editor@riverside.example").await);
    let mut aisha = app.signed_in("staff@riverside.example").await;
    thank(&mut aisha, &[("to", dylan.as_str()), ("body", "Thank you for the lift home."), ("value", "kindness")]).await;
    let queued: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox").fetch_one(pool).await.unwrap());
    assert_eq!(queued, 0);
    assert!(
        app.signed_in("editor@riverside.example").await.get(MINE).await.text.contains("Thank you for the lift home.")
    );
}

#[tokio::test]
async fn the_wall_shows_twenty_notes_a_page_newest_first_with_links_between_pages() {
    let app = TestApp::spawn_with_demo().await;
    let mut aisha = app.signed_in("staff@riverside.example").await;
    // The demo has four notes on the wall; these make 25.
    for n in 1..=21 {
        let body = format!("Note number {n} for the desk.");
        thank(&mut aisha, &[("to", "team-3"), ("body", body.as_str()), ("value", "respect"), ("on_wall", "yes")]).await;
    }
    let first = aisha.get(WALL).await;
    let notes = first.texts(".thanks-wall .thanks-note");
    assert_eq!(notes.len(), 20);
    assert!(notes[0].contains("Note number 21"), "newest first: {}", notes[0]);
    assert!(!first.has("a[rel=prev]"));
    assert_eq!(first.attr("a[rel=next]", "href").as_deref(), Some("/o/riverside/thanks?page=1"));

    let second = aisha.get("/o/riverside/thanks?page=1").await;
    assert_eq!(second.texts(".thanks-wall .thanks-note").len(), 5);
    assert!(!second.has("a[rel=next]"));
    assert_eq!(second.attr("a[rel=prev]", "href").as_deref(), Some("/o/riverside/thanks"));
    assert!(aisha.get("/o/riverside/thanks?page=9").await.text_of(".thanks-empty").contains("no older notes"));
    assert_eq!(
        aisha.get("/o/riverside/thanks?page=-1").await.texts(".thanks-wall .thanks-note").len(),
        20,
        "read as the first"
    );
}
