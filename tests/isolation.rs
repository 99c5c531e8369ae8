//! Tenant isolation, tested rather than assumed: people of one trust try
//! every write route and every private read route of another, through the
//! pages and the API. Every attempt is refused and nothing changes.

mod common;

use common::{Api, TestApp, make_token};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn id_of(app: &TestApp, email: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = $1").bind(email).fetch_one(pool).await.unwrap())
}

/// A fingerprint of everything Northgate's owners could see change.
async fn northgate_state(app: &TestApp) -> (String, i64, i64, i64, i64) {
    ethos::on_db!(&app.db, pool => {
        let name: String = sqlx::query_scalar("SELECT name || '|' || summary || '|' || COALESCE(logo_type, '') || '|' || accessibility_url || '|' || contact_email FROM organisations WHERE slug = 'northgate'").fetch_one(pool).await.unwrap();
        let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships m JOIN organisations o ON o.id = m.org_id WHERE o.slug = 'northgate' AND m.role <> 'staff'").fetch_one(pool).await.unwrap();
        let invitations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations WHERE revoked_at IS NULL").fetch_one(pool).await.unwrap();
        let resets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM password_resets").fetch_one(pool).await.unwrap();
        let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(pool).await.unwrap();
        (name, members, invitations, resets, audit)
    })
}

#[tokio::test]
async fn people_of_one_trust_can_neither_read_nor_change_another_trusts_private_pages() {
    let app = TestApp::spawn().await;
    // Northgate has a waiting invitation its owner made.
    let mut northgate_owner = app.signed_in("owner@northgate.example").await;
    let made = northgate_owner
        .post("/o/northgate/invitations", &[("email", "waiting@northgate.example"), ("role", "staff")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let invitation: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM invitations WHERE email = 'waiting@northgate.example'").fetch_one(pool).await.unwrap());
    let staff = id_of(&app, "staff@northgate.example").await;
    let owner = id_of(&app, "owner@northgate.example").await;

    let writes: Vec<(String, Vec<(&str, &str)>)> = vec![
        ("/o/northgate/invitations".into(), vec![("email", "spy@riverside.example"), ("role", "owner")]),
        (format!("/o/northgate/invitations/{invitation}/revoke"), vec![]),
        (format!("/o/northgate/people/{staff}/role"), vec![("role", "owner")]),
        (format!("/o/northgate/people/{owner}/remove"), vec![]),
        (format!("/o/northgate/people/{staff}/reset-link"), vec![]),
        ("/o/northgate/settings".into(), vec![("name", "Taken over"), ("summary", "x"), ("revision", "1")]),
        ("/o/northgate/settings/links".into(), vec![("org", "1")]),
        ("/o/northgate/settings/logo/remove".into(), vec![]),
        (
            "/o/northgate/settings/footer".into(),
            vec![("accessibility_url", "https://spy.example/"), ("contact_email", "spy@riverside.example")],
        ),
        (
            "/o/northgate/settings/sign-in".into(),
            vec![
                ("display_name", "Taken over"),
                ("issuer_url", "https://spy.example"),
                ("client_id", "spy"),
                ("client_secret", "spy"),
                ("domains", "northgate.example"),
            ],
        ),
        ("/o/northgate/settings/sign-in/remove".into(), vec![]),
    ];
    let reads = [
        "/o/northgate/people",
        "/o/northgate/settings",
        "/o/northgate/settings/footer",
        "/o/northgate/settings/sign-in",
        "/o/northgate/audit",
        "/o/northgate/mail",
    ];

    let before = northgate_state(&app).await;
    for intruder in ["editor@riverside.example", "owner@riverside.example", "staff@northgate.example"] {
        let mut visitor = app.signed_in(intruder).await;
        for (path, fields) in &writes {
            let page = visitor.post(path, fields).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{intruder} POST {path} was not refused: {}", page.text);
            assert_eq!(page.text_of("h1"), "You cannot do that");
            assert_eq!(page.text_of(".lede"), "You do not have permission to do that.");
        }
        // The logo upload is a multipart form.
        let token = visitor.csrf().await;
        let form = reqwest::multipart::Form::new()
            .part("logo", reqwest::multipart::Part::bytes(b"\x89PNG\r\n\x1a\nx".to_vec()));
        let response = visitor
            .client
            .post(format!("{}/o/northgate/settings/logo?csrf_token={token}", app.url))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{intruder} uploaded a logo");
        for path in reads {
            let page = visitor.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{intruder} GET {path} was not refused");
            assert!(!page.text.contains("waiting@northgate.example"));
        }

        let api = Api::new(&app, Some(make_token(&mut visitor).await));
        for path in ["/api/v1/orgs/northgate/people", "/api/v1/orgs/northgate/audit"] {
            let page = api.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{intruder} API GET {path}");
            assert_eq!(page.json()["status"], 403);
        }
        let page = api
            .send(
                Method::POST,
                "/api/v1/orgs/northgate/invitations",
                &json!({"email": "spy@riverside.example", "role": "owner"}),
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{intruder} API invite");
        let page = api.send(Method::PATCH, "/api/v1/orgs/northgate", &json!({"name": "Taken over"})).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{intruder} API rename");
    }
    let providers: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM sso_providers").fetch_one(pool).await.unwrap());
    assert_eq!(providers, 0, "no single sign-on was set up for Northgate");
    let after = northgate_state(&app).await;
    // Only the intruders' own token-making was recorded; Northgate is as it was.
    assert_eq!((&after.0, after.1, after.2, after.3), (&before.0, before.1, before.2, before.3));
    let audit = northgate_owner.get("/o/northgate/audit").await;
    assert!(audit.texts("tbody tr").iter().all(|row| !row.contains("spy@") && !row.contains("Taken over")));
}

#[tokio::test]
async fn visitors_who_are_not_signed_in_are_sent_to_sign_in_and_the_api_answers_401() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    for path in ["/o/riverside/people", "/o/riverside/settings", "/o/riverside/audit", "/account"] {
        let page = visitor.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(page.location().starts_with("/sign-in?next="), "{path}");
    }
    let api = Api::new(&app, None);
    for path in ["/api/v1/me", "/api/v1/orgs/riverside/people", "/api/v1/orgs/riverside/audit"] {
        let page = api.get(path).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(page.headers["www-authenticate"], "Bearer");
    }
    let api = Api::new(&app, Some("ethos_made_up".to_owned()));
    assert_eq!(api.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn roles_below_owner_cannot_manage_their_own_organisation() {
    let app = TestApp::spawn().await;
    for member in ["editor@riverside.example", "board@riverside.example", "staff@riverside.example"] {
        let mut visitor = app.signed_in(member).await;
        assert_eq!(visitor.get("/o/riverside/people").await.status, StatusCode::FORBIDDEN, "{member}");
        let page =
            visitor.post("/o/riverside/invitations", &[("email", "x@riverside.example"), ("role", "owner")]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{member}");
        // They do see their role on the public page.
        let page = visitor.get("/o/riverside").await;
        assert!(page.text_of(".tag").starts_with("Your role here:"), "{member}");
        assert!(!page.has("nav.subnav"), "{member} sees the owners' menu");
    }
}
