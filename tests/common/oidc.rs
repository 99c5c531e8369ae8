//! A real OpenID Connect provider for the single sign-on tests: the npm
//! `oidc-provider` package, run by `tests/support/oidc_provider.mjs` with
//! node on a port of its own choosing. The script prints "ready <issuer>"
//! once it listens; nothing waits for it longer than that. It ends when
//! this side's end of its standard input closes (the value is dropped, or
//! the test binary dies).

use std::process::Stdio;
use std::sync::{Arc, Mutex};

use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};

/// The client id and secret Ethos is registered with in every test provider.
pub const CLIENT_ID: &str = "ethos-tests";
pub const CLIENT_SECRET: &str = "client-secret-only-the-provider-and-ethos-know";

/// Someone the provider can sign in, by user name.
pub struct User<'a> {
    pub login: &'a str,
    pub email: &'a str,
    pub verified: Verified,
    pub name: &'a str,
}

/// What the provider says about a user's email address.
#[derive(Clone, Copy, Debug)]
pub enum Verified {
    /// `email_verified: true`.
    Yes,
    /// `email_verified: false`.
    No,
    /// As Microsoft Entra ID does: no `email_verified`, but `xms_edov`
    /// (the tenant owns the address's domain) with this value.
    ByDomainOwner(bool),
}

/// How the provider's token endpoint alters the ID tokens it issues.
#[derive(Clone, Copy, Debug)]
pub enum Tamper {
    /// Dated by a clock 30 seconds fast (issued "in the future").
    ClockAhead,
    /// Dated by a clock 30 seconds slow (expired 30 seconds ago).
    ClockBehind,
    /// Meant for another client.
    WrongAudience,
    /// Expired ten minutes ago.
    Expired,
    /// Signed with a key the provider never published.
    BadSignature,
}

/// What to start a provider with.
#[derive(Default)]
pub struct Options<'a> {
    pub users: &'a [User<'a>],
    pub tamper: Option<Tamper>,
    /// Show a link back to Ethos instead of redirecting (see the script).
    pub pause_before_return: bool,
}

/// A running provider.
pub struct TestProvider {
    pub issuer: String,
    id_tokens: Arc<Mutex<Vec<String>>>,
    _stdin: ChildStdin,
    child: Child,
}

impl TestProvider {
    /// Starts a provider that sends people back to the Ethos at `ethos_url`.
    pub async fn start(ethos_url: &str, options: Options<'_>) -> TestProvider {
        let root = env!("CARGO_MANIFEST_DIR");
        assert!(
            std::path::Path::new(root).join("node_modules/oidc-provider/package.json").exists(),
            "the single sign-on tests need the npm package oidc-provider: run `npm ci` (scripts/test does this)"
        );
        let users: serde_json::Map<String, serde_json::Value> = options
            .users
            .iter()
            .map(|u| {
                let claims = match u.verified {
                    Verified::Yes => json!({ "email": u.email, "email_verified": true, "name": u.name }),
                    Verified::No => json!({ "email": u.email, "email_verified": false, "name": u.name }),
                    Verified::ByDomainOwner(owned) => json!({ "email": u.email, "xms_edov": owned, "name": u.name }),
                };
                (u.login.to_owned(), claims)
            })
            .collect();
        let tamper = options.tamper.map(|t| match t {
            Tamper::ClockAhead => "clock-ahead",
            Tamper::ClockBehind => "clock-behind",
            Tamper::WrongAudience => "wrong-audience",
            Tamper::Expired => "expired",
            Tamper::BadSignature => "bad-signature",
        });
        let config = json!({
            "clients": [{
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [format!("{ethos_url}/sign-in/sso/callback")],
            }],
            "users": users,
            "tamper": tamper,
            "pause_before_return": options.pause_before_return,
        });
        let node = std::env::var("NODE").unwrap_or_else(|_| "node".to_owned());
        let mut child = Command::new(&node)
            .arg(format!("{root}/tests/support/oidc_provider.mjs"))
            .env("OIDC_TEST_CONFIG", config.to_string())
            .env("OIDC_TEST_PORT", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("the single sign-on tests need node (`{node}` did not start: {e})"));
        let stdin = child.stdin.take().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let id_tokens = Arc::new(Mutex::new(Vec::new()));
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(issuer) = line.strip_prefix("ready ") {
                let issuer = issuer.trim().to_owned();
                let kept = id_tokens.clone();
                tokio::spawn(async move {
                    while let Ok(Some(line)) = lines.next_line().await {
                        if let Some(token) = line.strip_prefix("id_token ") {
                            kept.lock().unwrap().push(token.to_owned());
                        }
                    }
                });
                return TestProvider { issuer, id_tokens, _stdin: stdin, child };
            }
        }
        panic!("the test OpenID Connect provider stopped before it was ready");
    }

    /// Stops the provider and waits until it has gone.
    pub async fn stop(mut self) {
        self.child.kill().await.expect("stop the test provider");
    }

    /// Every ID token it has issued so far.
    pub fn id_tokens(&self) -> Vec<String> {
        self.id_tokens.lock().unwrap().clone()
    }
}

/// The name Riverside's owner gives its provider in these tests.
pub const BUTTON_NAME: &str = "Riverside staff account";

/// Riverside's owner points single sign-on at `provider` for the demo's
/// riverside.example addresses, through the settings page; `required`
/// then turns password sign-in off for them.
pub async fn set_up_riverside(ethos_url: &str, provider: &TestProvider, required: bool) {
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut owner = super::Visitor::with_client(ethos_url, client);
    let signed_in = owner.sign_in("owner@riverside.example", super::DEMO_PASSWORD).await;
    assert_eq!(signed_in.status, reqwest::StatusCode::SEE_OTHER, "signing in as Riverside's owner");
    let fields = [
        ("display_name", BUTTON_NAME),
        ("issuer_url", provider.issuer.as_str()),
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
        ("domains", "riverside.example"),
    ];
    let saved = owner.post("/o/riverside/settings/sign-in", &fields).await;
    assert_eq!(saved.status, reqwest::StatusCode::SEE_OTHER, "saving single sign-on: {}", saved.text);
    if required {
        let fields = [
            ("display_name", BUTTON_NAME),
            ("issuer_url", provider.issuer.as_str()),
            ("client_id", CLIENT_ID),
            ("client_secret", ""),
            ("domains", "riverside.example"),
            ("require-riverside.example", "yes"),
        ];
        let saved = owner.post("/o/riverside/settings/sign-in", &fields).await;
        assert_eq!(saved.status, reqwest::StatusCode::SEE_OTHER, "requiring single sign-on: {}", saved.text);
    }
}

/// How many people, identities linked to a provider, and memberships there are.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct Counts {
    pub people: i64,
    pub identities: i64,
    pub memberships: i64,
}

pub async fn counts(db: &ethos::storage::Db) -> Counts {
    let count = |table: &'static str| async move {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        ethos::on_db!(db, pool => sqlx::query_scalar::<_, i64>(&sql).fetch_one(pool).await.unwrap())
    };
    Counts {
        people: count("people").await,
        identities: count("sso_identities").await,
        memberships: count("memberships").await,
    }
}

/// A person's role at Riverside, if they belong to it.
pub async fn riverside_role(db: &ethos::storage::Db, email: &str) -> Option<String> {
    let sql = "SELECT m.role FROM memberships m JOIN people p ON p.id = m.person_id \
               JOIN organisations o ON o.id = m.org_id WHERE o.slug = 'riverside' AND p.email = $1";
    ethos::on_db!(db, pool => sqlx::query_scalar(sql).bind(email).fetch_optional(pool).await.unwrap())
}

/// How many audit entries there are of this action.
pub async fn audited(db: &ethos::storage::Db, action: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM audit_events WHERE action = $1";
    ethos::on_db!(db, pool => sqlx::query_scalar(sql).bind(action).fetch_one(pool).await.unwrap())
}
