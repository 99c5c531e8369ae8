//! Mail's pages in a real browser: the owners' outbox, the email choices on
//! the account page and the reminders' unsubscribe page pass the axe audit.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, screenshot, text_of, with_browser};
use common::smtp::SmtpServer;
use common::{DEMO_PASSWORD, TestApp};
use ethos::mail::{Mail, MailArgs, Settings};
use fantoccini::{Client, Locator};

async fn goto(c: &Client, app: &TestApp, path: &str) {
    c.goto(&format!("{}{path}", app.url)).await.unwrap_or_else(|e| panic!("open {path}: {e}"));
}

async fn click_button(c: &Client, label: &str) {
    let xpath = format!("//main//button[normalize-space(.) = '{label}']");
    c.wait().for_element(Locator::XPath(&xpath)).await.unwrap().click().await.unwrap();
}

#[tokio::test]
async fn the_outbox_the_email_choices_and_the_unsubscribe_page_pass_the_audit() {
    let mut smtp = SmtpServer::start().await;
    let settings = Settings::from_args(&MailArgs {
        smtp_url: Some(smtp.url()),
        mail_from: Some("Ethos <ethos@ethos.example>".to_owned()),
        mail_retry_secs: 1,
        mail_lease_secs: 10,
    })
    .unwrap()
    .unwrap();
    let app = TestApp::spawn_with({
        let settings = settings.clone();
        |c| c.mail = Some(settings)
    })
    .await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    owner.post("/o/riverside/invitations", &[("email", "new.porter@riverside.example"), ("role", "staff")]).await;
    smtp.message_to("new.porter@riverside.example").await;
    let owner_id: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = 'owner@riverside.example'").fetch_one(pool).await.unwrap());
    let mail = Mail::new(&app.db, Some(settings), &app.url).await.unwrap();
    let unsubscribe = ethos::mail::reminders::unsubscribe_url(&mail, owner_id);
    let unsubscribe = unsubscribe.trim_start_matches(&app.url).to_owned();

    with_browser(BrowserOptions::default(), |c| async move {
        goto(&c, &app, "/sign-in").await;
        find(&c, "#email").await.send_keys("owner@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        click_button(&c, "Sign in").await;
        c.wait().for_element(Locator::Css(".subnav")).await.unwrap();

        goto(&c, &app, "/o/riverside/mail").await;
        assert_eq!(text_of(&c, "h1").await, "Email");
        assert!(text_of(&c, "main tbody").await.contains("new.porter@riverside.example"));
        assert_accessible(&c, "mail outbox").await;
        screenshot(&c, "mail-outbox").await;

        goto(&c, &app, "/account").await;
        find(&c, "label[for=mail-new-device]").await.click().await.unwrap();
        click_button(&c, "Save email choices").await;
        c.wait().for_element(Locator::Css(".notice")).await.unwrap();
        assert_eq!(text_of(&c, ".notice").await, "Your email choices are saved.");
        assert!(find(&c, "#mail-new-device").await.is_selected().await.unwrap());
        assert_accessible(&c, "account with email choices").await;

        goto(&c, &app, &unsubscribe).await;
        assert_eq!(text_of(&c, "h1").await, "Stop reminders?");
        assert_accessible(&c, "unsubscribe").await;
        click_button(&c, "Stop reminders").await;
        c.wait().for_element(Locator::XPath("//h1[normalize-space(.) = 'Reminders are off']")).await.unwrap();
        assert_accessible(&c, "unsubscribed").await;
        screenshot(&c, "mail-unsubscribed").await;
    })
    .await;
}
