//! The feedback form, the sender's status page and the letter with the
//! organisation's reply in the organisation's languages. Riverside's
//! published values are translated into Welsh and Arabic, so its form is
//! offered in both: Welsh in Ethos's own words, Arabic with English labels
//! and a note saying so. Runs on the backend `ETHOS_TEST_BACKEND` names.

mod common;

use std::time::Duration;

use common::feedback::{item_id, language_of, send_in};
use common::smtp::SmtpServer;
use common::{Api, TestApp, make_token};
use reqwest::{Method, StatusCode};
use serde_json::json;

const BENCH: &str = "Mainc wrth yr arhosfan bws ger y feddygfa, os gwelwch yn dda.";

/// The whole demo, where Riverside's published values are in Welsh and
/// Arabic, with a form that takes any fill time.
async fn spawn() -> TestApp {
    TestApp::spawn_with_demo_and(|c| c.feedback_min_fill = Duration::ZERO).await
}

/// The status link without its query.
fn path_of(link: &str) -> &str {
    link.split('?').next().unwrap_or(link)
}

#[tokio::test]
async fn the_form_in_welsh_speaks_welsh_refuses_in_welsh_and_keeps_the_language_with_the_item() {
    let app = spawn().await;
    let mut resident = app.visitor();

    let english = resident.get("/o/riverside/feedback").await;
    assert_eq!(english.headers["content-language"], "en-GB");
    assert!(english.has("nav.language-switcher a[href='/o/riverside/feedback?lang=cy'][lang=cy]"), "{}", english.text);
    assert!(english.has("nav.language-switcher a[href='/o/riverside/feedback?lang=ar'][lang=ar][dir=rtl]"));
    assert_eq!(english.attr("input[name=lang]", "value").as_deref(), Some("en"));

    let welsh = resident.get("/o/riverside/feedback?lang=cy").await;
    assert_eq!(welsh.status, StatusCode::OK);
    assert_eq!(welsh.headers["content-language"], "cy");
    assert!(welsh.has("html[lang=cy][dir=ltr]"));
    assert!(welsh.text_of("h1").starts_with("Anfon adborth neu syniad at"), "{}", welsh.text_of("h1"));
    assert!(welsh.text_of("title").starts_with("Anfon adborth neu syniad"));
    assert_eq!(welsh.text_of("legend"), "Beth rydych chi’n ei anfon?");
    assert_eq!(welsh.text_of("label[for=kind-idea]"), "Syniad a allai wella iechyd a llesiant");
    assert!(
        welsh.text_of("#contact-notice").contains("12 mis ar ôl i ni gau eich neges"),
        "{}",
        welsh.text_of("#contact-notice")
    );
    assert_eq!(welsh.text_of("button[type=submit]"), "Anfon");
    assert!(welsh.has("nav.language-switcher a[aria-current=true][lang=cy]"));
    assert!(!welsh.has(".fallback-summary") && !welsh.text_of("main").contains("(in English)"));

    // Nothing chosen and nothing written: every problem said in Welsh, and what was typed stays.
    let bad = send_in(&mut resident, "cy", &[("reply", "yes"), ("contact", "dim ffordd")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.has("html[lang=cy]"));
    assert!(bad.text_of("title").starts_with("Gwall: Anfon adborth"), "{}", bad.text_of("title"));
    assert_eq!(bad.text_of(".error-summary__title"), "Mae problem wedi codi");
    let summary = bad.texts(".error-summary a");
    assert_eq!(
        summary,
        [
            "Dewiswch ai adborth, syniad neu ganmoliaeth yw hyn",
            "Dywedwch wrthym beth ddigwyddodd, neu beth yw eich syniad",
            "Rhowch gyfeiriad e-bost fel enw@example.com neu rif ffôn yn y DU fel 07700 900123",
        ],
    );
    assert!(bad.text_of("#body-error").starts_with("Gwall:"));
    assert_eq!(bad.attr("input#contact", "value").as_deref(), Some("dim ffordd"));
    assert!(bad.has("input#reply[checked]"));
    assert_eq!(bad.attr("input[name=lang]", "value").as_deref(), Some("cy"));

    // Sent: the item keeps Welsh, and its status page speaks it.
    let sent = send_in(&mut resident, "cy", &[("kind", "idea"), ("body", BENCH)]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    assert_eq!(language_of(&app, item_id(&app, BENCH).await).await, "cy");
    let link = sent.location();
    let status = resident.get(&link).await;
    assert_eq!(status.headers["content-language"], "cy");
    assert!(status.has("html[lang=cy]"));
    assert_eq!(status.text_of("h1"), "Diolch: mae eich syniad wedi ein cyrraedd");
    assert!(status.text_of(".notice").starts_with("Eich cyfeirnod yw FB-"));
    assert_eq!(status.text_of(".feedback-state"), "Newydd");
    assert!(status.text_of("main").contains("Wedi dod i law. Does neb wedi’i darllen eto."));
    assert!(status.text_of("main").contains("Dim wedi’u cadw"));
    assert!(status.has("a[href='/o/riverside/feedback?lang=cy']"), "back to the form in Welsh");

    // Another of the organisation's languages on asking; one it lacks is not found.
    let in_english = resident.get(&format!("{}?lang=en", path_of(&link))).await;
    assert!(in_english.text_of("h1").starts_with("Your idea FB-"), "{}", in_english.text_of("h1"));
    assert!(in_english.has("html[lang=en-GB]"));
    let polish = resident.get(&format!("{}?lang=pl", path_of(&link))).await;
    assert_eq!(polish.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_language_the_organisation_lacks_is_not_found_and_says_which_there_are() {
    let app = spawn().await;
    let visitor = app.visitor();
    let polish = visitor.get("/o/riverside/feedback?lang=pl").await;
    assert_eq!(polish.status, StatusCode::NOT_FOUND);
    assert!(
        polish.text.contains("This form is not offered in Polish. It is in English, Welsh (cy), Arabic (ar)."),
        "{}",
        polish.text
    );
    let unknown = visitor.get("/o/riverside/feedback?lang=xx").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.text.contains("There is no language with the code"), "{}", unknown.text);
}

#[tokio::test]
async fn a_language_without_ethos_wording_shows_english_labels_marked_and_a_note() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let arabic = resident.get("/o/riverside/feedback?lang=ar").await;
    assert_eq!(arabic.status, StatusCode::OK);
    assert!(arabic.has("html[lang=ar][dir=rtl]"));
    assert_eq!(
        arabic.text_of(".fallback-summary"),
        "Some parts of this form are not translated yet, so they are shown in English."
    );
    assert!(arabic.has("h1 .fallback[lang=en-GB][dir=ltr]"), "English labels say they are English");
    assert!(arabic.text_of("h1").contains("Send Riverside Community Health NHS Trust feedback or an idea"));
    assert!(arabic.has("nav.language-switcher a[aria-current=true][lang=ar]"));

    // Sent in Arabic, it is kept as Arabic, and its status page says the same.
    let body = "Parking near the clinic is hard to find.";
    let sent = send_in(&mut resident, "ar", &[("kind", "feedback"), ("body", body)]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    assert_eq!(language_of(&app, item_id(&app, body).await).await, "ar");
    let status = resident.get(&sent.location()).await;
    assert!(status.has("html[lang=ar][dir=rtl]"));
    assert!(status.has(".fallback-summary"));
    assert!(status.text_of("h1").contains("Thank you: we have your feedback"), "{}", status.text_of("h1"));

    // A form posted with a language the organisation lacks is stored as English.
    let form = resident.get("/o/riverside/feedback").await;
    let started = form.attr("input[name=started]", "value").unwrap();
    let odd = "A language that is not offered.";
    let fields = [("kind", "idea"), ("body", odd), ("started", &started), ("lang", "pl")];
    assert_eq!(resident.post("/o/riverside/feedback", &fields).await.status, StatusCode::SEE_OTHER);
    assert_eq!(language_of(&app, item_id(&app, odd).await).await, "en");
}

#[tokio::test]
async fn editors_see_the_senders_language_and_the_reply_letter_is_framed_in_welsh() {
    let mut smtp = SmtpServer::start().await;
    let settings = smtp.settings();
    let app = TestApp::spawn_with_demo_and(|c| {
        c.mail = Some(settings);
        c.feedback_min_fill = Duration::ZERO;
    })
    .await;
    let mut resident = app.visitor();
    let fields = [("kind", "idea"), ("body", BENCH), ("reply", "yes"), ("contact", "sian@example.org")];
    let sent = send_in(&mut resident, "cy", &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let id = item_id(&app, BENCH).await;

    let mut editor = app.signed_in("editor@riverside.example").await;
    let item = format!("/o/riverside/feedback/inbox/{id}");
    let page = editor.get(&item).await;
    assert_eq!(page.text_of(".written-in"), "Cymraeg (Welsh)");
    assert!(page.has(".written-in span[lang=cy]"));
    assert!(page.has("html[lang=en-GB]"), "the inbox stays in English");

    let acknowledged = editor.post(&format!("{item}/state"), &[("state", "acknowledged")]).await;
    assert_eq!(acknowledged.status, StatusCode::SEE_OTHER, "{}", acknowledged.text);
    let reply = "Diolch! Bydd mainc yno erbyn y gwanwyn.";
    let answered = editor.post(&format!("{item}/state"), &[("state", "responded"), ("text", reply)]).await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.text);

    let mail = smtp.message_to("sian@example.org").await;
    let reference = page.text_of("h1").replace("Idea ", "");
    assert_eq!(mail.subject(), format!("Ein hateb i chi: {reference}"));
    let text = mail.text();
    assert!(text.contains("Helo,"), "{text}");
    assert!(
        text.contains(&format!(
            "Diolch am ysgrifennu at Riverside Community Health NHS Trust ({reference}). Ein hateb:"
        )),
        "{text}"
    );
    assert!(text.contains(reply), "{text}");
    assert!(text.contains("Dilyn beth sy’n digwydd nesaf"), "{text}");
    assert!(!text.contains("Thank you for writing"), "{text}");
    let link = mail.link(&app.url, "/feedback/status/");
    let status = app.visitor().get(&link).await;
    assert!(status.has("html[lang=cy]"));
    assert_eq!(status.text_of(".feedback-state"), "Atebwyd");
    assert!(status.text_of("main").contains("Ein hateb"));
    assert!(status.text_of(".reply").contains("gwanwyn"));
}

#[tokio::test]
async fn the_api_takes_the_language_of_what_is_sent_and_refuses_one_the_organisation_lacks() {
    let app = spawn().await;
    let public = Api::new(&app, None);
    let feedback = "/api/v1/orgs/riverside/feedback";
    let sent = public.send(Method::POST, feedback, &json!({ "kind": "idea", "body": BENCH, "language": "cy" })).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    let id = item_id(&app, BENCH).await;
    assert_eq!(language_of(&app, id).await, "cy");

    let plain = "Longer opening hours, please.";
    let sent = public.send(Method::POST, feedback, &json!({ "kind": "idea", "body": plain })).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    assert_eq!(language_of(&app, item_id(&app, plain).await).await, "en");

    let refused = public.send(Method::POST, feedback, &json!({ "kind": "idea", "body": "x", "language": "pl" })).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    let errors = refused.json()["errors"].clone();
    assert_eq!(errors[0]["field"], "language", "{errors}");
    assert!(errors[0]["message"].as_str().unwrap().contains("English, Welsh (cy), Arabic (ar)"), "{errors}");

    // Editors read it through the API too.
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(&app, Some(make_token(&mut editor).await));
    let (year, number): (i64, i64) = ethos::on_db!(&app.db, pool => sqlx::query_as("SELECT year, number FROM feedback WHERE id = $1").bind(id).fetch_one(pool).await.unwrap());
    let read = api.get(&format!("{feedback}/FB-{year}-{number:05}")).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    assert_eq!(read.json()["language"], "cy");
}
