//! When storage fills while respondents post at full speed: every response
//! answered 201 is stored, every other one is refused with an error status
//! (507) in well under a second, `/readyz` says "storage full", reading
//! still works, and once room is made posting works again without a
//! restart. Filled three ways: SQLite's page cap, SQLite on a small
//! filesystem, and PostgreSQL with a tablespace on a small filesystem (the
//! last two need root to mount one, and are skipped with the reason
//! otherwise).

mod common;

use std::collections::HashSet;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::binary::{Server, run};
use common::{PG_URL, TestDatabase, backend, random_suffix};
use ethos::storage::Db;
use reqwest::StatusCode;
use tokio::sync::Notify;

/// One response sent: what came back and how long it took.
struct Sent {
    at: Instant,
    took: Duration,
    status: StatusCode,
    token: Option<String>,
}

/// Eight clients posting responses to consultation `id` as fast as they
/// are answered, until told to stop.
struct Flood {
    sent: Arc<Mutex<Vec<Sent>>>,
    stop: Arc<AtomicBool>,
    news: Arc<Notify>,
    clients: Vec<tokio::task::JoinHandle<()>>,
}

impl Flood {
    fn start(url: &str, id: i64) -> Flood {
        let (sent, stop, news) =
            (Arc::new(Mutex::new(Vec::new())), Arc::new(AtomicBool::new(false)), Arc::new(Notify::new()));
        let endpoint = format!("{url}/api/v1/consultations/{id}/responses");
        // A long written answer fills storage sooner.
        let text = "The ward feels kinder when people have time to talk to each other. ".repeat(12);
        let body = serde_json::json!({ "answers": { "q1": { "choices": [0] }, "q7": { "text": text } } });
        let clients = (0..8)
            .map(|_| {
                let (sent, stop, news, endpoint, body) =
                    (sent.clone(), stop.clone(), news.clone(), endpoint.clone(), body.clone());
                tokio::spawn(async move {
                    let client = reqwest::Client::builder().timeout(Duration::from_secs(15)).build().unwrap();
                    while !stop.load(Ordering::Relaxed) {
                        let at = Instant::now();
                        let answer = client.post(&endpoint).json(&body).send().await.expect("the server answers");
                        let status = answer.status();
                        let json: serde_json::Value = answer.json().await.unwrap_or_default();
                        let token = json["token"].as_str().map(str::to_owned);
                        sent.lock().unwrap().push(Sent { at, took: at.elapsed(), status, token });
                        news.notify_waiters();
                    }
                })
            })
            .collect();
        Flood { sent, stop, news, clients }
    }

    /// Waits until `done` holds of the responses sent so far (two minutes at most).
    async fn until(&self, what: &str, done: impl Fn(&[Sent]) -> bool) {
        let waited = tokio::time::timeout(Duration::from_secs(120), async {
            loop {
                let news = self.news.notified();
                if done(&self.sent.lock().unwrap()) {
                    return;
                }
                news.await;
            }
        })
        .await;
        assert!(waited.is_ok(), "waited two minutes for {what}");
    }

    async fn stop(self) -> Vec<Sent> {
        self.stop.store(true, Ordering::Relaxed);
        for client in self.clients {
            client.await.unwrap();
        }
        std::mem::take(&mut *self.sent.lock().unwrap())
    }
}

async fn readiness(url: &str) -> (StatusCode, String) {
    let answer = reqwest::get(format!("{url}/readyz")).await.unwrap();
    (answer.status(), answer.text().await.unwrap())
}

async fn stored_tokens(db: &Db, id: i64) -> HashSet<String> {
    let sql = "SELECT token_hash FROM consultation_responses WHERE consultation_id = $1";
    let hashes: Vec<String> =
        ethos::on_db!(db, pool => sqlx::query_scalar(sql).bind(id).fetch_all(pool).await.unwrap());
    hashes.into_iter().collect()
}

async fn open_consultation(db: &Db) -> i64 {
    let sql = "SELECT id FROM consultations ORDER BY id LIMIT 1";
    ethos::on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap())
}

/// The whole story on a server whose storage is about to fill: post until
/// refused, check what is said while full, call `make_room`, post until
/// stored again, then check that nothing acknowledged is missing.
async fn fill_then_make_room<F: Future<Output = ()>>(server: &Server, db: &Db, make_room: impl FnOnce() -> F) {
    let id = open_consultation(db).await;
    let before = stored_tokens(db, id).await;
    let flood = Flood::start(&server.url, id);

    flood.until("storage to fill", |sent| sent.iter().any(|s| s.status == StatusCode::INSUFFICIENT_STORAGE)).await;
    assert_eq!(readiness(&server.url).await, (StatusCode::SERVICE_UNAVAILABLE, "storage full\n".to_owned()));
    let survey = reqwest::get(format!("{}/o/riverside/c/{id}", server.url)).await.unwrap();
    assert_eq!(survey.status(), StatusCode::OK, "reading works while storage is full");
    flood
        .until("a hundred refusals", |sent| {
            sent.iter().filter(|s| s.status == StatusCode::INSUFFICIENT_STORAGE).count() >= 100
        })
        .await;

    let room_made = Instant::now();
    make_room().await;
    flood
        .until("a response stored after making room", |sent| {
            sent.iter().any(|s| s.at > room_made && s.status == StatusCode::CREATED)
        })
        .await;
    let sent = flood.stop().await;

    let stored = stored_tokens(db, id).await;
    let acknowledged: Vec<String> = sent
        .iter()
        .filter(|s| s.status == StatusCode::CREATED)
        .map(|s| ethos::consultations::respondent_token::key(s.token.as_deref().expect("a 201 carries the token")))
        .collect();
    let missing = acknowledged.iter().filter(|t| !stored.contains(*t)).count();
    assert_eq!(missing, 0, "{missing} of {} acknowledged responses are not stored", acknowledged.len());
    assert_eq!(stored.len() - before.len(), acknowledged.len(), "only acknowledged responses are stored");
    let others: Vec<u16> = sent.iter().filter(|s| s.status != StatusCode::CREATED).map(|s| s.status.as_u16()).collect();
    assert!(others.iter().all(|s| (400..600).contains(s)), "every other answer is an error: {others:?}");

    let first_refusal =
        sent.iter().filter(|s| s.status == StatusCode::INSUFFICIENT_STORAGE).map(|s| s.at).min().unwrap();
    let while_full: Vec<&Sent> = sent.iter().filter(|s| s.at >= first_refusal && s.at < room_made).collect();
    let slowest = while_full.iter().map(|s| s.took).max().unwrap();
    assert!(slowest < Duration::from_secs(1), "the slowest answer while full took {slowest:?}");
    let refused = sent.iter().filter(|s| s.status == StatusCode::INSUFFICIENT_STORAGE).count();
    eprintln!(
        "{} acknowledged and stored, {refused} refused with 507; slowest answer while full {slowest:?}",
        acknowledged.len()
    );
    assert!(server.metric("ethos_storage_full_refusals_total").await >= refused as f64);

    // The server probes every second and says when writes work again.
    let deadline = Instant::now() + Duration::from_secs(10);
    while readiness(&server.url).await.0 != StatusCode::OK {
        assert!(Instant::now() < deadline, "/readyz still says {:?}", readiness(&server.url).await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(server.logged("storage is full").len(), 1, "one error line, not one per refusal");
    assert_eq!(server.logged("storage has room again").len(), 1);
}

#[tokio::test]
async fn a_sqlite_database_at_its_page_cap_refuses_at_once_keeps_every_acknowledged_response_and_recovers() {
    if backend() != "sqlite" {
        eprintln!("skipped: the page cap is SQLite's (the PostgreSQL run fills a tablespace instead)");
        return;
    }
    let database = TestDatabase::new().await;
    assert!(run(&database.url, &["demo"]).await.0);
    // Ballast that making room deletes; the cap leaves 100 pages beyond it.
    let db = Db::connect(&database.url).await.unwrap();
    let Db::Sqlite(pool) = &db else { unreachable!() };
    sqlx::query("CREATE TABLE ballast (filler BLOB)").execute(pool).await.unwrap();
    for _ in 0..64 {
        sqlx::query("INSERT INTO ballast VALUES (randomblob(16000))").execute(pool).await.unwrap();
    }
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count").fetch_one(pool).await.unwrap();
    let cap = (pages + 100).to_string();
    let server = Server::start(&database.url, &["--no-demo", "--sqlite-max-pages", &cap]).await;

    fill_then_make_room(&server, &db, || async {
        sqlx::query("DELETE FROM ballast").execute(pool).await.unwrap();
    })
    .await;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(pool).await.unwrap();
    assert_eq!(check, "ok");
}

/// A tmpfs of `megabytes` mounted on a new folder, unmounted when dropped;
/// None (with the reason printed) where this process may not mount one.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m,mode=0777"), "tmpfs"])
            .arg(dir.path())
            .output();
        match mounted {
            Ok(out) if out.status.success() => Some(SmallDisk { dir }),
            Ok(out) => {
                eprintln!(
                    "skipped: cannot mount a small filesystem here ({})",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(err) => {
                eprintln!("skipped: cannot run mount ({err})");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk with a ballast file, leaving about `room` bytes free.
    fn fill_leaving(&self, room: u64) -> PathBuf {
        use std::io::Write;
        let path = self.path().join("ballast");
        let mut file = std::fs::File::create(&path).unwrap();
        let chunk = vec![7u8; 64 * 1024];
        while file.write_all(&chunk).is_ok() {}
        let len = file.metadata().unwrap().len();
        file.set_len(len.saturating_sub(room)).unwrap();
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

#[tokio::test]
async fn a_sqlite_database_on_a_full_disk_refuses_at_once_keeps_every_acknowledged_response_and_recovers() {
    if backend() != "sqlite" {
        eprintln!("skipped: this fills a SQLite file's disk (the PostgreSQL run fills a tablespace)");
        return;
    }
    let Some(disk) = SmallDisk::mount(48) else { return };
    let url = format!("sqlite://{}", disk.path().join("ethos.db").display());
    assert!(run(&url, &["demo"]).await.0);
    let db = Db::connect(&url).await.unwrap();
    let ballast = disk.fill_leaving(512 * 1024);
    let server = Server::start(&url, &["--no-demo"]).await;

    fill_then_make_room(&server, &db, || async { std::fs::remove_file(&ballast).unwrap() }).await;
    let Db::Sqlite(pool) = &db else { unreachable!() };
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(pool).await.unwrap();
    assert_eq!(check, "ok");
}

#[tokio::test]
async fn a_postgres_tablespace_on_a_full_disk_refuses_at_once_keeps_every_acknowledged_response_and_recovers() {
    if backend() != "postgres" {
        eprintln!("skipped: this fills a PostgreSQL tablespace (the SQLite run fills a file's disk)");
        return;
    }
    let Some(disk) = SmallDisk::mount(48) else { return };
    // The server runs as postgres and needs the tablespace's folder to itself.
    let location = disk.path().join("pg");
    std::fs::create_dir(&location).unwrap();
    let owned = std::process::Command::new("chown").arg("postgres:postgres").arg(&location).status();
    if !owned.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot give the small filesystem to the postgres user");
        return;
    }
    let suffix = random_suffix();
    let (space, schema) = (format!("small_{suffix}"), format!("t_{suffix}"));
    let admin = sqlx::PgPool::connect(PG_URL).await.unwrap();
    sqlx::query(&format!("CREATE TABLESPACE {space} LOCATION '{}'", location.display())).execute(&admin).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(&admin).await.unwrap();
    let url = format!("{PG_URL}?options=-c%20search_path%3D{schema}%20-c%20default_tablespace%3D{space}");

    assert!(run(&url, &["demo"]).await.0);
    let db = Db::connect(&url).await.unwrap();
    let ballast = disk.fill_leaving(512 * 1024);
    let server = Server::start(&url, &["--no-demo"]).await;
    fill_then_make_room(&server, &db, || async { std::fs::remove_file(&ballast).unwrap() }).await;

    drop(server);
    db.close().await;
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE")).execute(&admin).await.unwrap();
    sqlx::query(&format!("DROP TABLESPACE {space}")).execute(&admin).await.unwrap();
}

/// The path that once acknowledged without a commit, step by step on one
/// pooled connection. SQLite rolls a whole transaction back itself when a
/// simple insert finds the database full, so the `ROLLBACK` sent when the
/// transaction is dropped fails and sqlx still counts it as open. Kept in
/// the pool, that connection made its next transaction a savepoint; a
/// statement-level failure there left the real transaction open, and the
/// "commit" of the one after released a nested savepoint: Ok, and nothing
/// committed.
#[tokio::test]
async fn after_a_full_database_rolls_a_transaction_back_a_later_commit_really_commits() {
    if backend() != "sqlite" {
        eprintln!("skipped: this is SQLite's own rollback on SQLITE_FULL");
        return;
    }
    let database = TestDatabase::new().await;
    let setup = Db::connect(&database.url).await.unwrap();
    let Db::Sqlite(pool) = &setup else { unreachable!() };
    sqlx::query("CREATE TABLE kept (note TEXT)").execute(pool).await.unwrap();
    sqlx::query("CREATE TABLE big (filler BLOB NOT NULL UNIQUE)").execute(pool).await.unwrap();
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count").fetch_one(pool).await.unwrap();
    setup.close().await;

    let db = Db::connect_capped(&database.url, Some((pages + 20) as u64)).await.unwrap();
    let Db::Sqlite(pool) = &db else { unreachable!() };
    let full = |result: Result<sqlx::sqlite::SqliteQueryResult, sqlx::Error>| {
        let err = result.expect_err("the database is full");
        assert!(ethos::storage::space::is_full(&err), "{err}");
    };
    // A simple insert too big for the room left: SQLite rolls the whole
    // transaction back itself.
    let mut tx = pool.begin().await.unwrap();
    full(sqlx::query("INSERT INTO big VALUES (randomblob(400000))").execute(&mut *tx).await);
    drop(tx);
    back_in_pool(pool).await;
    // A statement that writes several rows and may abort: SQLite rolls back
    // only the statement.
    let mut tx = pool.begin().await.unwrap();
    full(
        sqlx::query("INSERT INTO big SELECT randomblob(30000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)")
            .execute(&mut *tx)
            .await,
    );
    drop(tx);
    back_in_pool(pool).await;
    // A small write that fits, committed.
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("INSERT INTO kept VALUES ('acknowledged')").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();

    let other = Db::connect(&database.url).await.unwrap();
    let Db::Sqlite(other_pool) = &other else { unreachable!() };
    let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM kept").fetch_one(other_pool).await.unwrap();
    assert_eq!(seen, 1, "a commit that returned Ok is visible to another connection");
}

/// Waits until every connection of `pool` is back (or closed), so the next
/// transaction takes the one the last used, as under steady load.
async fn back_in_pool(pool: &sqlx::SqlitePool) {
    while pool.num_idle() as u32 != pool.size() {
        tokio::task::yield_now().await;
    }
}
