//! Mail from the `ethos` binary as operators run it: a kill -9 in the middle
//! of sending loses nothing and sends nothing twice; tokens and the SMTP
//! password never reach the log; `ethos mail test` prints the server's answer.

mod common;

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use common::smtp::SmtpServer;
use common::{DEMO_PASSWORD, TestDatabase, Visitor};
use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::Mutex;

const BIN: &str = env!("CARGO_BIN_EXE_ethos");

fn ethos(db: &str, smtp_url: &str) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("DATABASE_URL", db)
        .env("ETHOS_SMTP_URL", smtp_url)
        .env("ETHOS_MAIL_FROM", "Ethos <ethos@ethos.example>")
        .env("ETHOS_MAIL_RETRY_SECS", "1")
        .env("ETHOS_MAIL_LEASE_SECS", "2")
        .kill_on_drop(true);
    cmd
}

/// `ethos serve` on a free port, its address, and everything it logs.
async fn serve(db: &str, smtp_url: &str, log_level: &str) -> (Child, String, Arc<Mutex<String>>) {
    let mut child = ethos(db, smtp_url)
        .env("RUST_LOG", log_level)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    let mut errors = BufReader::new(child.stderr.take().unwrap()).lines();
    let kept = log.clone();
    tokio::spawn(async move {
        while let Ok(Some(line)) = errors.next_line().await {
            let mut log = kept.lock().await;
            log.push_str(&line);
            log.push('\n');
        }
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Some(line) = lines.next_line().await.unwrap() {
        let kept = log.clone();
        kept.lock().await.push_str(&format!("{line}\n"));
        if let Some(rest) = line.strip_prefix("Ethos is ready at ") {
            let url = rest.split_whitespace().next().unwrap().to_owned();
            tokio::spawn(async move {
                while let Ok(Some(line)) = lines.next_line().await {
                    kept.lock().await.push_str(&format!("{line}\n"));
                }
            });
            return (child, url, log);
        }
    }
    panic!("ethos serve stopped before it was ready: {}", log.lock().await);
}

async fn owner(url: &str) -> Visitor {
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut owner = Visitor::with_client(url, client);
    let signed_in = owner.sign_in("owner@riverside.example", DEMO_PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.text);
    owner
}

async fn invite(owner: &mut Visitor, email: &str) {
    let made = owner.post("/o/riverside/invitations", &[("email", email), ("role", "staff")]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
}

#[tokio::test]
async fn a_kill_while_sending_loses_no_message_and_sends_none_twice() {
    let database = TestDatabase::new().await;
    let mut smtp = SmtpServer::start().await;
    let (mut first, url, _) = serve(&database.url, &smtp.url(), "warn").await;
    let mut owner = owner(&url).await;
    // Five go through before the kill.
    for n in 0..5 {
        invite(&mut owner, &format!("before{n}@riverside.example")).await;
    }
    let before = smtp.messages(5).await;
    // The rest are held unanswered by the server when the process dies.
    smtp.hold().await;
    for n in 0..15 {
        invite(&mut owner, &format!("after{n}@riverside.example")).await;
    }
    smtp.holding().await;
    first.kill().await.unwrap();
    first.wait().await.unwrap();
    smtp.release().await;

    let (_second, _, _) = serve(&database.url, &smtp.url(), "warn").await;
    let after = smtp.messages(15).await;
    let mut everyone: Vec<String> = before.iter().chain(&after).map(|m| m.to()).collect();
    everyone.sort();
    everyone.dedup();
    assert_eq!(everyone.len(), 20, "every invitation arrived: {everyone:?}");
    assert!(after.iter().all(|m| m.to().starts_with("after")), "none of the five sent before the kill came again");
    let extra = smtp.messages_within(Duration::from_secs(4)).await;
    assert!(extra.is_empty(), "sent twice: {:?}", extra.iter().map(|m| m.to()).collect::<Vec<_>>());
    let db = ethos::storage::Db::connect(&database.url).await.unwrap();
    let sent: i64 = ethos::on_db!(&db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent'").fetch_one(pool).await.unwrap());
    assert_eq!(sent, 20);
    db.close().await;
}

#[tokio::test]
async fn tokens_and_the_smtp_password_never_reach_the_log() {
    let database = TestDatabase::new().await;
    let password = "Tr0ub4dor&3-smtp-secret";
    let mut smtp = SmtpServer::with_login("ethos-mailer", password).await;
    let smtp_url = format!("smtp://ethos-mailer:{}@127.0.0.1:{}", password.replace('&', "%26"), smtp.port);
    let (mut server, url, log) = serve(&database.url, &smtp_url, "debug").await;
    let mut owner = owner(&url).await;
    invite(&mut owner, "new.starter@riverside.example").await;
    let mail = smtp.message_to("new.starter@riverside.example").await;
    assert_eq!(mail.0["auth_user"], "ethos-mailer", "Ethos signed in to the SMTP server");
    let link = mail.link(&url, "/invitations/");
    let token = link.rsplit('/').next().unwrap().to_owned();
    let mut invitee = Visitor::with_client(
        &url,
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap(),
    );
    assert_eq!(invitee.get(&link).await.status, StatusCode::OK);
    let joined = invitee
        .post(&link, &[("name", "New Starter"), ("password", "first day nerves"), ("confirm", "first day nerves")])
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER);
    server.kill().await.unwrap();
    server.wait().await.unwrap();
    let log = log.lock().await.clone();
    assert!(log.contains("mail is sent through the outbox"), "the log is read: {log}");
    assert!(!log.contains(&token), "the invitation token is in the log");
    assert!(!log.contains(password) && !log.contains("Tr0ub4dor"), "the SMTP password is in the log");
}

#[tokio::test]
async fn mail_test_sends_one_message_and_prints_the_servers_answer() {
    let mut smtp = SmtpServer::start().await;
    let out = ethos("sqlite://unused.db", &smtp.url())
        .args(["mail", "test", "--to", "ops@ethos.example"])
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("The server answered: 250 2.0.0 Ok: queued as"), "{text}");
    let mail = smtp.message_to("ops@ethos.example").await;
    assert_eq!(mail.subject(), "Ethos test message");

    smtp.stop().await;
    let out = ethos("sqlite://unused.db", &smtp.url())
        .args(["mail", "test", "--to", "ops@ethos.example"])
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success());
    assert!(text.contains("the server did not take it"), "{text}");
}
