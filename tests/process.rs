//! The `ethos` binary as operators run it: the command line, a kill in the
//! middle of writes, a graceful stop, and a backup taken while serving.

mod common;

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::{DEMO_PASSWORD, TestDatabase, Visitor};
use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::Mutex;

const BIN: &str = env!("CARGO_BIN_EXE_ethos");

fn ethos(db: &str) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("DATABASE_URL", db).env("RUST_LOG", "warn").kill_on_drop(true);
    cmd
}

/// Starts `ethos serve` on a free port and returns it with its address,
/// read from the line it prints once it listens.
async fn serve(db: &str) -> (Child, String) {
    let mut child = ethos(db)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(rest) = line.strip_prefix("Ethos is ready at ") {
            let url = rest.split_whitespace().next().unwrap().to_owned();
            // Keep reading so the child never blocks on a full pipe.
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return (child, url);
        }
    }
    panic!("ethos serve stopped before it was ready");
}

async fn run(db: &str, args: &[&str], stdin: Option<&str>) -> (bool, String) {
    let mut child =
        ethos(db).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).await.unwrap();
    }
    drop(input);
    let out = child.wait_with_output().await.unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn visitor(url: &str) -> Visitor {
    let app_like =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    Visitor::with_client(url, app_like)
}

#[tokio::test]
async fn an_administrator_sets_up_an_organisation_from_the_command_line() {
    let database = TestDatabase::new().await;
    let db = &database.url;
    let (ok, text) = run(db, &["migrate"], None).await;
    assert!(ok, "{text}");
    assert!(text.contains("is up to date"));
    let (ok, text) =
        run(db, &["org", "create", "--slug", "hillside", "--name", "Hillside Hospice", "--kind", "trust"], None).await;
    assert!(ok, "{text}");
    let (ok, text) =
        run(db, &["org", "create", "--slug", "hillside", "--name", "Again", "--kind", "trust"], None).await;
    assert!(!ok);
    assert!(text.contains("already uses the short name \"hillside\""), "{text}");
    let (ok, text) = run(
        db,
        &["admin", "create", "--org", "nowhere", "--email", "a@b.example", "--name", "A"],
        Some("long enough pass\n"),
    )
    .await;
    assert!(!ok);
    assert!(text.contains("there is no organisation with the short name \"nowhere\""), "{text}");
    let (ok, text) = run(
        db,
        &[
            "admin",
            "create",
            "--org",
            "hillside",
            "--email",
            "Lead@Hillside.example",
            "--name",
            "Jo Lead",
            "--password-stdin",
        ],
        Some("short\n"),
    )
    .await;
    assert!(!ok);
    assert!(text.contains("at least 10 characters"), "{text}");
    let (ok, text) = run(
        db,
        &[
            "admin",
            "create",
            "--org",
            "hillside",
            "--email",
            "Lead@Hillside.example",
            "--name",
            "Jo Lead",
            "--password-stdin",
        ],
        Some("evening tea on the terrace\n"),
    )
    .await;
    assert!(ok, "{text}");
    assert!(text.contains("lead@hillside.example can now sign in as an owner of Hillside Hospice"));
    let (ok, text) = run(db, &["demo"], None).await;
    assert!(!ok, "the demo loads only into an empty database");
    assert!(text.contains("only into an empty one"), "{text}");

    let (_server, url) = serve(db).await;
    let mut lead = visitor(&url);
    let page = lead.sign_in("lead@hillside.example", "evening tea on the terrace").await;
    assert_eq!(page.location(), "/o/hillside/home");
    let page = lead.get("/o/hillside/people").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text_of("tbody").contains("Jo Lead"));
    // The server did not load the demo into a database that had an organisation.
    assert_eq!(lead.get("/o/riverside").await.status, StatusCode::NOT_FOUND);

    let (ok, text) = run(db, &["--help"], None).await;
    assert!(ok && text.contains("serve") && text.contains("backup"), "{text}");
}

#[tokio::test]
async fn a_kill_in_the_middle_of_writes_loses_nothing_that_was_acknowledged() {
    let database = TestDatabase::new().await;
    let db = database.url.clone();
    let (mut server, url) = serve(&db).await;
    let mut owner = visitor(&url);
    assert_eq!(owner.sign_in("owner@riverside.example", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
    let token = owner.csrf().await;
    let client = owner.client.clone();

    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for writer in 0..4 {
        let (client, url, token, acknowledged, stop) =
            (client.clone(), url.clone(), token.clone(), acknowledged.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            for n in 0..10_000 {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let email = format!("w{writer}-{n}@riverside.example");
                let form = [("email", email.as_str()), ("role", "staff"), ("csrf_token", token.as_str())];
                match client.post(format!("{url}/o/riverside/invitations")).form(&form).send().await {
                    Ok(r) if r.status() == StatusCode::SEE_OTHER => acknowledged.lock().await.push(email),
                    Ok(r) => panic!("unexpected answer {}", r.status()),
                    Err(_) => break, // the server is gone
                }
            }
        }));
    }
    // Kill once a good number of writes have been acknowledged.
    loop {
        if acknowledged.lock().await.len() >= 60 {
            break;
        }
        tokio::task::yield_now().await;
    }
    server.start_kill().unwrap(); // SIGKILL
    server.wait().await.unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    let acknowledged = acknowledged.lock().await.clone();

    let (_server, url) = serve(&db).await;
    let api_owner = {
        let mut v = visitor(&url);
        assert_eq!(v.sign_in("owner@riverside.example", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
        v
    };
    let page = api_owner.get("/o/riverside/people").await;
    let listed = page.texts("tbody td");
    let missing: Vec<&String> = acknowledged.iter().filter(|e| !listed.contains(e)).collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged invitations were lost: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
    if db.starts_with("sqlite") {
        let check = ethos::storage::Db::connect(&db).await.unwrap();
        let ethos::storage::Db::Sqlite(pool) = &check else { unreachable!() };
        let result: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(pool).await.unwrap();
        assert_eq!(result, "ok");
    }
}

#[tokio::test]
async fn sigterm_lets_requests_in_flight_finish_before_the_server_stops() {
    let database = TestDatabase::new().await;
    let (mut server, url) = serve(&database.url).await;
    // Sign-ins take a while (Argon2), so several are in flight at once.
    let mut visitors = Vec::new();
    for _ in 0..6 {
        let mut v = visitor(&url);
        v.csrf().await;
        visitors.push(v);
    }
    let first_done = Arc::new(tokio::sync::Notify::new());
    let mut tasks = Vec::new();
    let accounts = ["owner", "editor", "board", "staff"]
        .iter()
        .flat_map(|role| ["riverside", "northgate"].map(|org| format!("{role}@{org}.example")));
    for (mut v, email) in visitors.into_iter().zip(accounts) {
        let first_done = first_done.clone();
        tasks.push(tokio::spawn(async move {
            let page = v.sign_in(&email, DEMO_PASSWORD).await;
            first_done.notify_one();
            page.status
        }));
    }
    first_done.notified().await;
    let pid = server.id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::SEE_OTHER);
    }
    let status = server.wait().await.unwrap();
    assert!(status.success(), "ethos exited with {status}");
    assert!(reqwest::get(format!("{url}/healthz")).await.is_err(), "the server no longer answers");
}

#[tokio::test]
async fn a_backup_taken_while_serving_is_a_complete_database() {
    let database = TestDatabase::new().await;
    if !database.url.starts_with("sqlite") {
        let (ok, text) = run(&database.url, &["backup", "/tmp/never.db"], None).await;
        assert!(!ok && text.contains("use pg_dump"), "{text}");
        return;
    }
    let (_server, url) = serve(&database.url).await;
    let mut owner = visitor(&url);
    owner.sign_in("owner@northgate.example", DEMO_PASSWORD).await;
    let page = owner
        .post("/o/northgate/invitations", &[("email", "before.backup@northgate.example"), ("role", "staff")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("copy.db");
    let file_str = file.display().to_string();
    let (ok, text) = run(&database.url, &["backup", &file_str], None).await;
    assert!(ok, "{text}");
    let (ok, text) = run(&database.url, &["backup", &file_str], None).await;
    assert!(!ok && text.contains("already exists"), "{text}");

    let copy = format!("sqlite://{file_str}");
    let (ok, text) = run(&copy, &["org", "list"], None).await;
    assert!(ok, "{text}");
    assert!(text.contains("northgate\ttrust\tNorthgate Mental Health NHS Foundation Trust"), "{text}");
    let (_copy_server, copy_url) = serve(&copy).await;
    let mut owner = visitor(&copy_url);
    owner.sign_in("owner@northgate.example", DEMO_PASSWORD).await;
    assert!(owner.get("/o/northgate/people").await.text.contains("before.backup@northgate.example"));
}

#[tokio::test]
async fn the_demo_shows_published_values_with_a_history() {
    let database = TestDatabase::new().await;
    let (_server, url) = serve(&database.url).await;
    let visitor = visitor(&url);
    let page = visitor.get("/o/riverside/values").await;
    assert_eq!(page.texts(".value__name"), vec!["Kindness", "Safety", "Respect", "Working together", "Belonging"]);
    assert!(page.text_of(".version-note").starts_with("Version 2, published"));
    let compare = visitor.get("/o/riverside/values/compare").await;
    assert_eq!(compare.texts(".diff__part--changed dt")[0], "Vision");
    assert_eq!(visitor.get("/o/northgate/values").await.text_of(".motto"), "Hope in every conversation");
    assert_eq!(visitor.get("/o/values-network/values").await.status, StatusCode::NOT_FOUND);
}
