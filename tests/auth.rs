//! Signing in and out, passwords, invitations, resets and API tokens, as a
//! person using the pages would meet them.

mod common;

use common::{DEMO_PASSWORD, TestApp, make_token};
use reqwest::StatusCode;

#[tokio::test]
async fn an_owner_signs_in_and_lands_on_their_organisations_members_home() {
    let app = TestApp::spawn().await;
    let mut visitor = app.visitor();
    let response = visitor.sign_in("owner@riverside.example", DEMO_PASSWORD).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), "/o/riverside/home");
    let page = visitor.follow(&response).await;
    assert_eq!(page.text_of("h1"), "Members' home");
    assert_eq!(page.text_of(".caption"), "Riverside Community Health NHS Trust");
    assert_eq!(page.text_of(".site-header__account a"), "Grace Okafor – your account");
    assert!(page.text_of(".tag").contains("Owner"));
}

#[tokio::test]
async fn sign_in_returns_to_the_page_that_asked_for_it() {
    let app = TestApp::spawn().await;
    let mut visitor = app.visitor();
    let asked = visitor.get("/o/riverside/people").await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    assert_eq!(asked.location(), "/sign-in?next=%2Fo%2Friverside%2Fpeople");
    let response = visitor
        .post(
            "/sign-in",
            &[("email", "owner@riverside.example"), ("password", DEMO_PASSWORD), ("next", "/o/riverside/people")],
        )
        .await;
    assert_eq!(response.location(), "/o/riverside/people");
    // A next address on another site is ignored.
    let mut other = app.visitor();
    let response = other
        .post(
            "/sign-in",
            &[("email", "owner@riverside.example"), ("password", DEMO_PASSWORD), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!(response.location(), "/o/riverside/home");
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_a_message_that_does_not_say_which_part_was_wrong() {
    let app = TestApp::spawn().await;
    let mut visitor = app.visitor();
    let page = visitor.sign_in("owner@riverside.example", "not the password").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert_eq!(page.text_of(".error-summary a"), "The email address or password is not right");
    assert_eq!(page.attr(".error-summary a", "href").as_deref(), Some("#email"));
    assert!(page.text_of("title").starts_with("Error:"));
    assert_eq!(page.attr("#email", "value").as_deref(), Some("owner@riverside.example"));
    // An unknown address gets the very same answer.
    let page = visitor.sign_in("nobody@riverside.example", "not the password").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert_eq!(page.text_of(".error-summary a"), "The email address or password is not right");
}

#[tokio::test]
async fn missing_fields_are_each_named_in_the_error_summary() {
    let app = TestApp::spawn().await;
    let mut visitor = app.visitor();
    let page = visitor.post("/sign-in", &[]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(page.texts(".error-summary a"), vec!["Enter your email address", "Enter your password"]);
    assert_eq!(page.text_of("#email-error"), "Error: Enter your email address");
    assert_eq!(page.attr("#password", "aria-invalid").as_deref(), Some("true"));
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_account() {
    let app = TestApp::spawn_with(|c| c.sign_in_per_account = 3).await;
    let mut visitor = app.visitor();
    for _ in 0..3 {
        let page = visitor.sign_in("board@riverside.example", "guess guess guess").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let page = visitor.sign_in("board@riverside.example", DEMO_PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.text_of(".error-summary").contains("Too many sign-in attempts"));
    assert!(page.headers.get("retry-after").is_some());
    // Another account is not held back.
    let page = visitor.sign_in("staff@riverside.example", DEMO_PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_form_without_its_token_changes_nothing() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let page =
        owner.post_raw("/o/riverside/settings", &[("name", "Hijacked"), ("summary", ""), ("revision", "1")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.text_of("main").contains("The form had expired"));
    let page = owner.post_raw("/o/riverside/settings", &[("name", "Hijacked"), ("csrf_token", "00ff")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let public = app.visitor().get("/o/riverside").await;
    assert_eq!(public.text_of("h1"), "Riverside Community Health NHS Trust");
    // The real token works.
    let page = owner
        .post("/o/riverside/settings", &[("name", "Riverside Community Health"), ("summary", ""), ("revision", "1")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let mut visitor = app.signed_in("staff@riverside.example").await;
    assert_eq!(visitor.get("/account").await.status, StatusCode::OK);
    let page = visitor.post("/sign-out", &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = visitor.get("/account").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location().starts_with("/sign-in"));
}

#[tokio::test]
async fn changing_a_password_signs_out_other_devices_but_not_this_one() {
    let app = TestApp::spawn().await;
    let mut phone = app.signed_in("editor@northgate.example").await;
    let laptop = app.signed_in("editor@northgate.example").await;

    let page =
        phone.post("/account/password", &[("current", "wrong"), ("password", "short"), ("confirm", "short")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        page.texts(".error-summary a"),
        vec!["Your current password is not right", "Your password must be at least 10 characters long"]
    );

    let new = "a much longer phrase";
    let page =
        phone.post("/account/password", &[("current", DEMO_PASSWORD), ("password", new), ("confirm", new)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = phone.follow(&page).await;
    assert!(page.text_of(".notice").contains("Your password has been changed"));
    assert_eq!(laptop.get("/account").await.status, StatusCode::SEE_OTHER);

    let mut fresh = app.visitor();
    assert_eq!(fresh.sign_in("editor@northgate.example", DEMO_PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(fresh.sign_in("editor@northgate.example", new).await.status, StatusCode::SEE_OTHER);
}

/// Reads the one-time link an owner is shown after making it.
async fn link_in_flash(visitor: &common::Visitor, redirect: &common::Page, marker: &str) -> String {
    let page = visitor.follow(redirect).await;
    // The link is shown as a link, to open or copy.
    let link = page.attr(".notice a", "href").unwrap_or_else(|| panic!("no link in {:?}", page.text_of(".notice")));
    assert!(link.contains(marker), "{link} is not a {marker} link");
    assert_eq!(page.text_of(".notice a"), link, "the link's text is the address itself");
    link.trim_start_matches(&visitor.base).to_owned()
}

#[tokio::test]
async fn an_invited_person_makes_an_account_and_joins_with_the_role_given() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let made =
        owner.post("/o/riverside/invitations", &[("email", "New.Nurse@Riverside.example"), ("role", "editor")]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let link = link_in_flash(&owner, &made, "/invitations/").await;
    let people = owner.get("/o/riverside/people").await;
    assert!(people.texts("table td").contains(&"new.nurse@riverside.example".to_owned()));

    let mut invitee = app.visitor();
    let page = invitee.get(&link).await;
    assert_eq!(page.text_of("h1"), "Join Riverside Community Health NHS Trust");
    assert!(page.text_of(".lede").contains("Editor"));

    let page = invitee.post(&link, &[("name", ""), ("password", "tiny"), ("confirm", "tiny")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        page.texts(".error-summary a"),
        vec!["Enter your name", "Your password must be at least 10 characters long"]
    );

    let password = "kettle on the ward";
    let page = invitee.post(&link, &[("name", "Noor Ahmed"), ("password", password), ("confirm", password)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = invitee.follow(&page).await;
    assert!(page.text_of(".notice").contains("You have joined as Editor"));
    assert_eq!(page.text_of(".tag"), "Your role here: Editor");

    // The link works once.
    let again = app.visitor().get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.text_of("main").contains("already been used"));
    // The audit log shows both steps.
    let audit = owner.get("/o/riverside/audit").await;
    let entries = audit.texts("tbody tr");
    assert!(entries.iter().any(|e| e.contains("Invited new.nurse@riverside.example as Editor")));
    assert!(entries.iter().any(|e| e.contains("made an account and joined as Editor")));
}

#[tokio::test]
async fn an_expired_invitation_says_so_and_makes_nothing() {
    let app = TestApp::spawn_with(|c| c.invitation_hours = 1).await;
    let mut owner = app.signed_in("owner@northgate.example").await;
    let made = owner.post("/o/northgate/invitations", &[("email", "late@northgate.example"), ("role", "staff")]).await;
    let link = link_in_flash(&owner, &made, "/invitations/").await;
    ethos::on_db!(&app.db, pool => sqlx::query("UPDATE invitations SET expires_at = 0").execute(pool).await.map(|_| ()).unwrap());
    let mut invitee = app.visitor();
    let page = invitee.get(&link).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(page.text_of("main").contains("has expired or was withdrawn"));
    let page =
        invitee.post(&link, &[("name", "Late"), ("password", "long enough now"), ("confirm", "long enough now")]).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert_eq!(invitee.sign_in("late@northgate.example", "long enough now").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.visitor().get("/invitations/not-a-real-token").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn inviting_a_current_member_or_a_bad_address_is_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let page = owner.post("/o/riverside/invitations", &[("email", "STAFF@riverside.example"), ("role", "staff")]).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert_eq!(
        page.text_of(".error-summary a"),
        "staff@riverside.example is already a member of Riverside Community Health NHS Trust"
    );
    let page = owner.post("/o/riverside/invitations", &[("email", "not-an-address"), ("role", "chief")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        page.texts(".error-summary a"),
        vec!["Enter an email address in the right format, like name@example.org", "Choose a role"]
    );
    assert_eq!(page.attr("#email", "value").as_deref(), Some("not-an-address"));
}

#[tokio::test]
async fn a_person_with_an_account_joins_a_second_organisation_by_signing_in() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@northgate.example").await;
    let made = owner.post("/o/northgate/invitations", &[("email", "board@riverside.example"), ("role", "board")]).await;
    let link = link_in_flash(&owner, &made, "/invitations/").await;
    let mut person = app.visitor();
    let page = person.get(&link).await;
    assert!(page.text_of("main").contains("There is already an account"));
    let page = person.post(&link, &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location().starts_with("/sign-in"));
    person.sign_in("board@riverside.example", DEMO_PASSWORD).await;
    let page = person.post(&link, &[]).await;
    assert_eq!(page.location(), "/o/northgate");
    let account = person.get("/account").await;
    let orgs = account.texts(".list li");
    assert!(orgs.contains(&"Northgate Mental Health NHS Foundation Trust – Board member".to_owned()));
    assert!(orgs.contains(&"Riverside Community Health NHS Trust – Board member".to_owned()));
}

#[tokio::test]
async fn an_owner_makes_a_reset_link_that_sets_a_new_password_once() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let people = owner.get("/o/riverside/people").await;
    let staff_row = people.html();
    let selector = scraper::Selector::parse("tbody tr").unwrap();
    let row = staff_row.select(&selector).find(|r| r.text().any(|t| t.contains("staff@riverside.example"))).unwrap();
    let form = row.select(&scraper::Selector::parse("form[action$='reset-link']").unwrap()).next().unwrap();
    let action = form.value().attr("action").unwrap().to_owned();
    let made = owner.post(&action, &[]).await;
    let link = link_in_flash(&owner, &made, "/reset/").await;

    let mut staff = app.visitor();
    let page = staff.get(&link).await;
    assert!(page.text_of("main").contains("staff@riverside.example"));
    let page = staff.post(&link, &[("password", "brand new secret"), ("confirm", "brand new secrets")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(page.text_of(".error-summary a"), "The two passwords do not match");
    let page = staff.post(&link, &[("password", "brand new secret"), ("confirm", "brand new secret")]).await;
    assert_eq!(page.location(), "/sign-in");
    let page = staff.follow(&page).await;
    assert!(page.text_of(".notice").contains("Sign in with your new password"));
    assert_eq!(staff.sign_in("staff@riverside.example", "brand new secret").await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.visitor().get(&link).await.status, StatusCode::GONE);
}

#[tokio::test]
async fn an_owner_cannot_reset_someone_who_also_belongs_where_they_are_not_owner() {
    let app = TestApp::spawn().await;
    // editor@riverside.example also edits for the partnership.
    let mut owner = app.signed_in("owner@riverside.example").await;
    let person: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = 'editor@riverside.example'").fetch_one(pool).await.unwrap());
    let page = owner.post(&format!("/o/riverside/people/{person}/reset-link"), &[]).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.text_of("main").contains("also belongs to an organisation you do not own"));
}

#[tokio::test]
async fn the_last_owner_cannot_be_demoted_or_removed() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@northgate.example").await;
    let me: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = 'owner@northgate.example'").fetch_one(pool).await.unwrap());
    let page = owner.post(&format!("/o/northgate/people/{me}/role"), &[("role", "staff")]).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.text_of("main").contains("needs at least one owner"));
    let page = owner.post(&format!("/o/northgate/people/{me}/remove"), &[]).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert_eq!(owner.get("/o/northgate/people").await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_api_token_works_until_it_is_revoked() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let token = make_token(&mut owner).await;
    assert!(token.starts_with("ethos_"));
    let account = owner.get("/account").await;
    assert!(!account.text.contains(&token), "the token is shown only once");
    assert_eq!(account.text_of("tbody td"), "test script");

    let api = common::Api::new(&app, Some(token.clone()));
    let me = api.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], "owner@riverside.example");
    assert_eq!(me.json()["memberships"][0]["role"], "owner");

    let action = account.attr("form[action$='/revoke']", "action").unwrap();
    let page = owner.post(&action, &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let me = api.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.headers["content-type"], "application/problem+json");
}
