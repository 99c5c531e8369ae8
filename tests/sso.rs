//! Single sign-on over HTTP, against a real OpenID Connect provider
//! (`common::oidc`): who may change the settings, what is kept of the
//! client secret, the continue step of the sign-in page, password sign-in
//! refused where single sign-on is required, Entra ID's claims, a provider
//! that stops answering, and a log (at trace level, everything Ethos and
//! its libraries say) with no secret, code or ID token in it.

mod common;

use common::binary::Server;
use common::oidc::{self, BUTTON_NAME, CLIENT_SECRET, Options, Tamper, TestProvider, User, Verified};
use common::{DEMO_PASSWORD, TestApp, TestDatabase, Visitor};
use reqwest::StatusCode;

const NEW_STARTER: User =
    User { login: "new-starter", email: "nia.okafor@riverside.example", verified: Verified::Yes, name: "Nia Okafor" };

async fn riverside_with_sso(required: bool) -> (TestApp, TestProvider) {
    let app = TestApp::spawn().await;
    let provider = TestProvider::start(&app.url, Options { users: &[NEW_STARTER], ..Options::default() }).await;
    oidc::set_up_riverside(&app.url, &provider, required).await;
    (app, provider)
}

#[tokio::test]
async fn only_owners_of_the_organisation_reach_its_sign_in_settings() {
    let app = TestApp::spawn().await;
    let anonymous = app.visitor().get("/o/riverside/settings/sign-in").await;
    assert!(anonymous.location().starts_with("/sign-in?next="), "sent to sign in: {}", anonymous.status);
    let editor = app.signed_in("editor@riverside.example").await;
    assert_eq!(editor.get("/o/riverside/settings/sign-in").await.status, StatusCode::FORBIDDEN);
    let mut other_owner = app.signed_in("owner@northgate.example").await;
    let refused = other_owner.get("/o/riverside/settings/sign-in").await.status;
    assert!(
        matches!(refused, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "another organisation's owner: {refused}"
    );
    let saved = other_owner.post("/o/riverside/settings/sign-in", &[("display_name", "Mine")]).await.status;
    assert!(matches!(saved, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "nor save them: {saved}");
    let owner = app.signed_in("owner@riverside.example").await;
    let page = owner.get("/o/riverside/settings/sign-in").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of("#redirect-uri"), format!("{}/sign-in/sso/callback", app.url));
}

#[tokio::test]
async fn the_client_secret_is_kept_sealed_and_never_shown_or_audited() {
    let (app, _provider) = riverside_with_sso(false).await;
    let stored: Vec<u8> = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT client_secret FROM sso_providers")
        .fetch_one(pool).await.unwrap());
    assert!(!stored.is_empty());
    assert!(!stored.windows(CLIENT_SECRET.len()).any(|w| w == CLIENT_SECRET.as_bytes()), "not in the clear");
    let owner = app.signed_in("owner@riverside.example").await;
    let page = owner.get("/o/riverside/settings/sign-in").await;
    assert!(!page.text.contains(CLIENT_SECRET), "the settings page does not show it");
    assert_eq!(page.attr("#display_name", "value").as_deref(), Some(BUTTON_NAME));
    let audit = owner.get("/o/riverside/audit").await;
    assert!(audit.text.contains("Set up single sign-on with Riverside staff account"), "{}", audit.text);
    assert!(!audit.text.contains(CLIENT_SECRET));
}

#[tokio::test]
async fn a_sealed_secret_opens_only_for_its_own_organisation_and_unaltered() {
    use ethos::auth::sso::seal;
    let app = TestApp::spawn().await;
    let sealed = seal::seal(&app.db, 1, CLIENT_SECRET).await.unwrap();
    assert_eq!(seal::open(&app.db, 1, &sealed).await.unwrap(), CLIENT_SECRET);
    assert_ne!(sealed, seal::seal(&app.db, 1, CLIENT_SECRET).await.unwrap(), "a fresh nonce each time");
    assert!(seal::open(&app.db, 2, &sealed).await.is_err(), "another organisation's row");
    let mut altered = sealed.clone();
    *altered.last_mut().unwrap() ^= 1;
    assert!(seal::open(&app.db, 1, &altered).await.is_err(), "one bit changed");
}

#[tokio::test]
async fn the_continue_step_offers_the_button_only_for_a_listed_domain_and_names_no_other_organisation() {
    let (app, _provider) = riverside_with_sso(false).await;
    let mut visitor = app.visitor();
    let offered = visitor
        .post("/sign-in", &[("email", "Nia.Okafor@Riverside.example"), ("sso", "yes"), ("next", "/o/riverside/values")])
        .await;
    assert_eq!(offered.status, StatusCode::OK);
    assert_eq!(offered.text_of("#sso"), format!("Sign in with {BUTTON_NAME}"));
    let start = offered.attr("#sso", "href").unwrap();
    assert_eq!(start, "/sign-in/sso/start?email=nia.okafor%40riverside.example&next=%2Fo%2Friverside%2Fvalues");
    assert!(offered.has("#password"), "the password is still offered where single sign-on is not required");

    // An empty password at a listed domain is the same continue step.
    let continued = visitor.post("/sign-in", &[("email", "someone@riverside.example"), ("password", "")]).await;
    assert_eq!(continued.status, StatusCode::OK);
    assert!(continued.has("#sso"));

    let elsewhere = visitor.post("/sign-in", &[("email", "staff@northgate.example"), ("sso", "yes")]).await;
    assert_eq!(elsewhere.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(elsewhere.text_of(".error-summary").contains("Single sign-on is not set up for this email address"));
    assert!(!elsewhere.has("#sso"));
    assert!(!elsewhere.text.contains("Riverside"), "no other organisation is named");

    // What the page's script asks: the same, as JSON.
    let script = visitor.get("/sign-in/sso/offer?email=Nia.Okafor%40riverside.example&next=%2F%2Fevil.example").await;
    assert_eq!(script.status, StatusCode::OK);
    let offer = script.json();
    assert_eq!(offer["label"], format!("Sign in with {BUTTON_NAME}"));
    assert_eq!(offer["href"], "/sign-in/sso/start?email=nia.okafor%40riverside.example", "no next to another site");
    assert_eq!(offer["required"], false);
    let none = visitor.get("/sign-in/sso/offer?email=staff%40northgate.example").await;
    assert_eq!((none.status, none.text.as_str()), (StatusCode::NO_CONTENT, ""));
}

#[tokio::test]
async fn where_single_sign_on_is_required_a_password_is_refused_with_a_pointer_to_the_button() {
    let (app, _provider) = riverside_with_sso(true).await;
    let mut visitor = app.visitor();
    let refused = visitor.sign_in("staff@riverside.example", DEMO_PASSWORD).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused.text_of(".error-summary a"),
        "Password sign-in is turned off for addresses at riverside.example. Sign in with Riverside staff account instead."
    );
    assert_eq!(refused.attr(".error-summary a", "href").as_deref(), Some("#sso"));
    assert!(refused.has("#sso") && !refused.has("#password"), "the button, and no password field");
    assert_eq!(visitor.get("/account").await.status, StatusCode::SEE_OTHER, "not signed in");
    // Other domains sign in with passwords as before.
    assert_eq!(app.visitor().sign_in("staff@northgate.example", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_provider_that_cannot_be_read_or_a_domain_another_organisation_lists_is_not_saved() {
    let (app, provider) = riverside_with_sso(false).await;
    let mut northgate = app.signed_in("owner@northgate.example").await;
    // Nothing listens on port 9 (discard).
    let unreadable = northgate_settings(&mut northgate, "http://127.0.0.1:9", "northgate.example").await;
    assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unreadable.text_of("#issuer_url-error").contains("Ethos could not use this provider"));
    let taken = northgate_settings(&mut northgate, &provider.issuer, "northgate.example riverside.example").await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.text_of("#domains-error").contains("riverside.example is already listed by another organisation"));
    let providers: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM sso_providers")
        .fetch_one(pool).await.unwrap());
    assert_eq!(providers, 1, "only Riverside's");
}

async fn northgate_settings(owner: &mut Visitor, issuer: &str, domains: &str) -> common::Page {
    let fields = [
        ("display_name", "Northgate login"),
        ("issuer_url", issuer),
        ("client_id", "ethos"),
        ("client_secret", "another secret"),
        ("domains", domains),
    ];
    owner.post("/o/northgate/settings/sign-in", &fields).await
}

/// Follows one redirect by hand, resolving a relative Location.
fn location(response: &reqwest::Response) -> String {
    assert!(
        response.status().is_redirection(),
        "expected a redirect from {}, got {}",
        response.url(),
        response.status()
    );
    let to = response.headers()["location"].to_str().unwrap();
    response.url().join(to).unwrap().to_string()
}

/// One whole sign-in by hand: Ethos, the provider's login as `login`, back
/// to Ethos. Returns the address the provider sent back to, and Ethos'
/// answer to it.
async fn sign_in_over_http(ethos_url: &str, email: &str, login: &str) -> (String, reqwest::Response) {
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let start = format!("{ethos_url}/sign-in/sso/start?email={email}");
    let to_provider = location(&client.get(start).send().await.unwrap());
    let login_page = location(&client.get(&to_provider).send().await.unwrap());
    let signed_in = client.post(&login_page).form(&[("login", login)]).send().await.unwrap();
    let callback = location(&client.get(location(&signed_in)).send().await.unwrap());
    assert!(callback.starts_with(&format!("{ethos_url}/sign-in/sso/callback?")), "{callback}");
    let answer = client.get(&callback).send().await.unwrap();
    (callback, answer)
}

#[tokio::test]
async fn an_entra_style_token_without_email_verified_counts_on_the_domain_owner_claim() {
    let owned = User {
        login: "entra",
        email: "rhys.evans@riverside.example",
        verified: Verified::ByDomainOwner(true),
        name: "Rhys Evans",
    };
    let not_owned = User {
        login: "guest",
        email: "guest@riverside.example",
        verified: Verified::ByDomainOwner(false),
        name: "A guest",
    };
    let app = TestApp::spawn().await;
    let provider = TestProvider::start(&app.url, Options { users: &[owned, not_owned], ..Options::default() }).await;
    oidc::set_up_riverside(&app.url, &provider, false).await;
    let (_, joined) = sign_in_over_http(&app.url, "rhys.evans@riverside.example", "entra").await;
    assert_eq!(joined.headers()["location"], "/o/riverside/home");
    assert_eq!(oidc::riverside_role(&app.db, "rhys.evans@riverside.example").await.as_deref(), Some("staff"));
    let before = oidc::counts(&app.db).await;
    let (_, refused) = sign_in_over_http(&app.url, "guest@riverside.example", "guest").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("has not confirmed your email address"));
    assert_eq!(oidc::counts(&app.db).await, before);
}

#[tokio::test]
async fn a_provider_whose_clock_is_half_a_minute_out_either_way_is_still_believed() {
    for tamper in [Tamper::ClockAhead, Tamper::ClockBehind] {
        let app = TestApp::spawn().await;
        let options = Options { users: &[NEW_STARTER], tamper: Some(tamper), ..Options::default() };
        let provider = TestProvider::start(&app.url, options).await;
        oidc::set_up_riverside(&app.url, &provider, false).await;
        let (_, answer) = sign_in_over_http(&app.url, NEW_STARTER.email, NEW_STARTER.login).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{tamper:?}: {}", answer.text().await.unwrap());
        assert_eq!(answer.headers()["location"], "/o/riverside/home", "{tamper:?}");
    }
}

#[tokio::test]
async fn a_provider_that_stops_answering_gets_a_page_saying_so_and_nobody_is_signed_in() {
    let (app, provider) = riverside_with_sso(false).await;
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let start = format!("{}/sign-in/sso/start?email={}", app.url, NEW_STARTER.email);
    let to_provider = url::Url::parse(&location(&client.get(start).send().await.unwrap())).unwrap();
    let state = to_provider.query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();
    provider.stop().await;
    let callback = format!("{}/sign-in/sso/callback?code=some-code&state={state}", app.url);
    let answer = client.get(callback).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_GATEWAY);
    let page = answer.text().await.unwrap();
    assert!(page.contains("Riverside staff account cannot be used just now"), "{page}");
    let account = client.get(format!("{}/account", app.url)).send().await.unwrap();
    assert_eq!(account.status(), StatusCode::SEE_OTHER, "not signed in");
}

#[tokio::test]
async fn no_client_secret_code_or_id_token_reaches_the_log() {
    let database = TestDatabase::new().await;
    let server = Server::start_logging(&database.url, &[], "trace").await;
    let provider = TestProvider::start(&server.url, Options { users: &[NEW_STARTER], ..Options::default() }).await;
    oidc::set_up_riverside(&server.url, &provider, false).await;

    let (callback, landed) = sign_in_over_http(&server.url, NEW_STARTER.email, NEW_STARTER.login).await;
    assert_eq!(landed.headers()["location"], "/o/riverside/home", "signed in");

    let code = url::Url::parse(&callback).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    let id_tokens = provider.id_tokens();
    assert_eq!(id_tokens.len(), 1);
    assert!(!server.logged("sso/callback").is_empty(), "the sign-in was logged at all");
    for (what, secret) in
        [("client secret", CLIENT_SECRET), ("code", code.as_str()), ("ID token", id_tokens[0].as_str())]
    {
        assert!(server.logged(secret).is_empty(), "the {what} is in the log: {:?}", server.logged(secret));
    }
    let signature = id_tokens[0].rsplit('.').next().unwrap();
    assert!(server.logged(signature).is_empty(), "no part of the ID token either");
}
