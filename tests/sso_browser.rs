//! Single sign-on in a real browser against a real OpenID Connect provider
//! (`oidc-provider`, started by `common::oidc`): people of Riverside type
//! their email, continue to "Sign in with Riverside staff account", sign in
//! at the provider and come back signed in, or to a page that says why not,
//! with nothing made. The pages pass the accessibility audit.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, find_xpath, screenshot, text_of, with_browser};
use common::TestApp;
use common::oidc::{self, BUTTON_NAME, Options, Tamper, TestProvider, User, Verified, counts, riverside_role};
use fantoccini::Client;

const NEW_STARTER: User =
    User { login: "new-starter", email: "nia.okafor@riverside.example", verified: Verified::Yes, name: "Nia Okafor" };
/// The demo's member of staff at Riverside, who has a password already.
const EXISTING: User =
    User { login: "aisha", email: "staff@riverside.example", verified: Verified::Yes, name: "Aisha Rahman" };
const UNVERIFIED: User =
    User { login: "unverified", email: "sam.hughes@riverside.example", verified: Verified::No, name: "Sam Hughes" };
const ELSEWHERE: User =
    User { login: "elsewhere", email: "jo.baines@hillside.example", verified: Verified::Yes, name: "Jo Baines" };

/// From Ethos' sign-in page at `path` to the provider's login form and
/// through it as `login`, stopping once the provider has answered.
async fn sign_in_through_provider(c: &Client, app: &TestApp, path: &str, email: &str, login: &str) {
    c.goto(&format!("{}{path}", app.url)).await.unwrap();
    find(c, "#email").await.send_keys(email).await.unwrap();
    find_xpath(c, "//button[normalize-space(.) = 'Continue with single sign-on']").await.click().await.unwrap();
    let button = find(c, "#sso").await;
    assert_eq!(button.text().await.unwrap(), format!("Sign in with {BUTTON_NAME}"));
    button.click().await.unwrap();
    find(c, "#login").await.send_keys(login).await.unwrap();
    find_xpath(c, "//button[normalize-space(.) = 'Sign in']").await.click().await.unwrap();
}

async fn wait_for_path(c: &Client, app: &TestApp, path: &str) {
    let url = url::Url::parse(&format!("{}{path}", app.url)).unwrap();
    browser_support::wait(c).for_url(&url).await.unwrap_or_else(|e| panic!("not on {path}: {e}"));
}

async fn start(users: &[User<'_>], tamper: Option<Tamper>, pause: bool) -> (TestApp, TestProvider) {
    let app = TestApp::spawn().await;
    let provider = TestProvider::start(&app.url, Options { users, tamper, pause_before_return: pause }).await;
    oidc::set_up_riverside(&app.url, &provider, false).await;
    (app, provider)
}

#[tokio::test]
async fn without_javascript_a_new_starter_joins_as_staff_an_existing_account_is_linked_and_both_come_back() {
    let (app, _provider) = start(&[NEW_STARTER, EXISTING], None, false).await;
    let before = counts(&app.db).await;
    let app = &app;
    with_browser(BrowserOptions::without_javascript(), |c| async move {
        // A first sign-in, asked for from the values page: back there, signed in.
        sign_in_through_provider(&c, app, "/sign-in?next=%2Fo%2Friverside%2Fvalues", NEW_STARTER.email, "new-starter")
            .await;
        wait_for_path(&c, app, "/o/riverside/values").await;
        assert!(text_of(&c, "header").await.contains("Nia Okafor"), "signed in under the provider's name");
        assert_eq!(riverside_role(&app.db, NEW_STARTER.email).await.as_deref(), Some("staff"));
        let joined = counts(&app.db).await;
        assert_eq!(
            (joined.people, joined.identities, joined.memberships),
            (before.people + 1, before.identities + 1, before.memberships + 1)
        );

        // Coming back (all cookies gone, so the provider asks again): the
        // same person, matched by subject; a `next` to another site is ignored.
        c.delete_all_cookies().await.unwrap();
        sign_in_through_provider(&c, app, "/sign-in?next=%2F%2Fevil.example%2F", NEW_STARTER.email, "new-starter")
            .await;
        wait_for_path(&c, app, "/o/riverside/home").await;
        assert_eq!(counts(&app.db).await, joined, "nobody new");

        // Someone with a password already: their account is linked, not copied.
        c.delete_all_cookies().await.unwrap();
        sign_in_through_provider(&c, app, "/sign-in", EXISTING.email, "aisha").await;
        wait_for_path(&c, app, "/o/riverside/home").await;
        assert!(text_of(&c, "header").await.contains("Aisha Rahman"));
        let linked = counts(&app.db).await;
        assert_eq!((linked.people, linked.identities), (joined.people, joined.identities + 1));
        assert_eq!(riverside_role(&app.db, EXISTING.email).await.as_deref(), Some("staff"), "role unchanged");
    })
    .await;
    assert_eq!(oidc::audited(&app.db, "sso.sign_in").await, 3, "every single sign-on is in the audit log");
    assert_eq!(oidc::audited(&app.db, "sso.settings").await, 1);
}

#[tokio::test]
async fn with_javascript_the_button_appears_once_an_email_is_typed() {
    let (app, _provider) = start(&[NEW_STARTER], None, false).await;
    let app = &app;
    with_browser(BrowserOptions::default(), |c| async move {
        c.goto(&format!("{}/sign-in?next=%2Fo%2Friverside%2Fvalues", app.url)).await.unwrap();
        find(&c, "#email").await.send_keys("someone@northgate.example").await.unwrap();
        find(&c, "#password").await.click().await.unwrap();
        find(&c, "#email").await.clear().await.unwrap();
        find(&c, "#email").await.send_keys(NEW_STARTER.email).await.unwrap();
        find(&c, "#password").await.click().await.unwrap();
        let button = find(&c, "#sso-now").await;
        assert_eq!(button.text().await.unwrap(), format!("Sign in with {BUTTON_NAME}"));
        assert_eq!(c.find_all(fantoccini::Locator::Css("#sso-now")).await.unwrap().len(), 1, "one button");
        assert_accessible(&c, "sign-in with the button shown by the script").await;
        button.click().await.unwrap();
        find(&c, "#login").await.send_keys("new-starter").await.unwrap();
        find_xpath(&c, "//button[normalize-space(.) = 'Sign in']").await.click().await.unwrap();
        wait_for_path(&c, app, "/o/riverside/values").await;
    })
    .await;
}

/// Signs in as `login` (the provider pauses before returning) and returns
/// the address it sends the browser back to, once followed.
async fn sign_in_and_return(c: &Client, app: &TestApp, email: &str, login: &str) -> String {
    sign_in_through_provider(c, app, "/sign-in", email, login).await;
    let back = find(c, "#return").await;
    let href = back.attr("href").await.unwrap().expect("a link back to Ethos");
    back.click().await.unwrap();
    href
}

async fn assert_refused(c: &Client, heading: &str, what: &str) {
    // Waiting for the reason first: the provider's page has an h1 too.
    let reason = text_of(c, ".refusal-reason").await;
    assert!(!reason.is_empty(), "{what}: the page says why");
    let shown = text_of(c, "h1").await;
    assert!(shown.contains(heading), "{what}: the page says {shown:?}");
    assert_accessible(c, what).await;
    screenshot(c, &what.replace(' ', "-")).await;
}

#[tokio::test]
async fn unverified_unlisted_and_replayed_sign_ins_are_refused_with_nothing_made_then_the_owner_turns_it_off() {
    let (app, _provider) = start(&[NEW_STARTER, UNVERIFIED, ELSEWHERE], None, true).await;
    let app = &app;
    with_browser(BrowserOptions::default(), |c| async move {
        // The owner's settings page, as saved and with a mistake, passes the audit.
        sign_in_with_password(&c, app, "owner@riverside.example").await;
        c.goto(&format!("{}/o/riverside/settings/sign-in", app.url)).await.unwrap();
        assert_eq!(find(&c, "#display_name").await.prop("value").await.unwrap().as_deref(), Some(BUTTON_NAME));
        assert_accessible(&c, "single sign-on settings").await;
        screenshot(&c, "sso-settings").await;
        find(&c, "#client_id").await.clear().await.unwrap();
        find_xpath(&c, "//button[normalize-space(.) = 'Save single sign-on']").await.click().await.unwrap();
        assert!(text_of(&c, ".error-summary").await.contains("Enter the client ID"));
        assert_accessible(&c, "single sign-on settings with a mistake").await;
        c.delete_all_cookies().await.unwrap();

        // The continue step and its button pass the audit.
        c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
        assert_accessible(&c, "sign-in").await;
        find(&c, "#email").await.send_keys(UNVERIFIED.email).await.unwrap();
        find_xpath(&c, "//button[normalize-space(.) = 'Continue with single sign-on']").await.click().await.unwrap();
        find(&c, "#sso").await;
        assert_accessible(&c, "sign-in with the single sign-on button").await;
        screenshot(&c, "sso-continue").await;

        let before = counts(&app.db).await;
        c.delete_all_cookies().await.unwrap();
        sign_in_and_return(&c, app, UNVERIFIED.email, "unverified").await;
        assert_refused(&c, "Riverside staff account has not confirmed your email address", "unverified email").await;
        assert!(text_of(&c, ".refusal-reason").await.contains("sam.hughes@riverside.example is verified"));
        assert_eq!(counts(&app.db).await, before, "nothing made for an unverified address");

        c.delete_all_cookies().await.unwrap();
        // The email typed at Ethos finds Riverside; the provider says otherwise.
        sign_in_and_return(&c, app, "jo@riverside.example", "elsewhere").await;
        assert_refused(&c, "Addresses at hillside.example cannot sign in here", "unlisted domain").await;
        assert_eq!(counts(&app.db).await, before, "nothing made for an unlisted domain");

        c.delete_all_cookies().await.unwrap();
        let answer = sign_in_and_return(&c, app, NEW_STARTER.email, "new-starter").await;
        wait_for_path(&c, app, "/o/riverside/home").await;
        let signed_in = counts(&app.db).await;
        assert_eq!(signed_in.people, before.people + 1);

        // The same answer again, in the same browser and in a fresh one.
        c.goto(&answer).await.unwrap();
        assert_refused(&c, "This sign-in cannot be finished", "replayed answer").await;
        c.delete_all_cookies().await.unwrap();
        c.goto(&answer).await.unwrap();
        assert_refused(&c, "This sign-in cannot be finished", "replayed answer in another browser").await;
        assert_eq!(counts(&app.db).await, signed_in, "nothing more made by a replay");

        // The owner turns single sign-on off, after a dialog asks.
        sign_in_with_password(&c, app, "owner@riverside.example").await;
        c.goto(&format!("{}/o/riverside/settings/sign-in", app.url)).await.unwrap();
        find(&c, "form[action$='/settings/sign-in/remove'] button").await.click().await.unwrap();
        let question = c.get_alert_text().await.expect("a dialog asks");
        assert!(question.starts_with("Turn single sign-on off for Riverside"), "{question}");
        c.accept_alert().await.unwrap();
        find_xpath(&c, "//*[contains(., 'Single sign-on is off.')]").await;
        c.delete_all_cookies().await.unwrap();
        c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
        find(&c, "#email").await.send_keys(NEW_STARTER.email).await.unwrap();
        find_xpath(&c, "//button[normalize-space(.) = 'Continue with single sign-on']").await.click().await.unwrap();
        assert!(text_of(&c, ".error-summary").await.contains("Single sign-on is not set up for this email address"));
    })
    .await;
    assert_eq!(oidc::audited(&app.db, "sso.remove").await, 1, "turning it off is in the audit log");
}

async fn sign_in_with_password(c: &Client, app: &TestApp, email: &str) {
    c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
    find(c, "#email").await.send_keys(email).await.unwrap();
    find(c, "#password").await.send_keys(common::DEMO_PASSWORD).await.unwrap();
    find_xpath(c, "//main//button[normalize-space(.) = 'Sign in']").await.click().await.unwrap();
    wait_for_path(c, app, "/o/riverside/home").await;
}

/// The provider's token endpoint spoils its ID tokens in one way; Ethos
/// refuses the sign-in, says why, and makes nothing.
async fn a_spoiled_id_token_is_refused(tamper: Tamper, why: &str) {
    let (app, provider) = start(&[NEW_STARTER], Some(tamper), false).await;
    let before = counts(&app.db).await;
    let app = &app;
    with_browser(BrowserOptions::default(), |c| async move {
        sign_in_through_provider(&c, app, "/sign-in", NEW_STARTER.email, "new-starter").await;
        assert_refused(&c, "The answer from Riverside staff account could not be trusted", why).await;
        let reason = text_of(&c, ".refusal-reason").await;
        assert!(reason.contains(why), "the page says {why}: {reason}");
    })
    .await;
    assert_eq!(provider.id_tokens().len(), 1, "the provider did issue a token");
    assert_eq!(counts(&app.db).await, before, "nothing made");
    assert_eq!(oidc::audited(&app.db, "sso.sign_in").await, 0);
}

#[tokio::test]
async fn an_id_token_meant_for_another_application_is_refused() {
    a_spoiled_id_token_is_refused(Tamper::WrongAudience, "the ID token was meant for another application").await;
}

#[tokio::test]
async fn an_expired_id_token_is_refused() {
    a_spoiled_id_token_is_refused(Tamper::Expired, "the ID token had expired").await;
}

#[tokio::test]
async fn an_id_token_signed_with_another_key_is_refused() {
    a_spoiled_id_token_is_refused(Tamper::BadSignature, "the ID token's signature did not match").await;
}
