//! A running server under abuse: connections held open with a request head
//! that never ends, more of them than one address may open, idle keep-alive
//! connections, and a flood of new sign-in names and client addresses that
//! the rate limiters must not remember for ever.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::binary::Server;
use common::{DEMO_PASSWORD, TestDatabase, Visitor};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// How a slow connection ended: when, after it opened, and what it was told.
struct Ended {
    after: Duration,
    told: String,
}

/// Opens a connection from `from` that sends a request line and then one
/// header line every half second, never finishing its head, and reports
/// when the server closed it.
async fn dawdle(server: SocketAddr, from: &str) -> tokio::task::JoinHandle<Ended> {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    let stream = socket.connect(server).await.unwrap();
    let opened = Instant::now();
    tokio::spawn(async move {
        let (mut read, mut write) = stream.into_split();
        let trickle = tokio::spawn(async move {
            let _ = write.write_all(b"GET / HTTP/1.1\r\nHost: ethos\r\n").await;
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                if write.write_all(b"X-Still-Typing: yes\r\n").await.is_err() {
                    break;
                }
            }
        });
        let mut told = Vec::new();
        let _ = read.read_to_end(&mut told).await;
        trickle.abort();
        Ended { after: opened.elapsed(), told: String::from_utf8_lossy(&told).into_owned() }
    })
}

fn socket_address(url: &str) -> SocketAddr {
    url.trim_start_matches("http://").parse().unwrap()
}

#[tokio::test]
async fn slow_heads_are_cut_off_and_capped_per_address_while_others_are_answered_quickly() {
    let database = TestDatabase::new().await;
    let server =
        Server::start(&database.url, &["--header-timeout-secs", "2", "--max-connections-per-address", "20"]).await;
    let address = socket_address(&server.url);

    let mut slow = Vec::new();
    for _ in 0..60 {
        slow.push(dawdle(address, "127.0.0.1").await);
    }
    // Meanwhile someone at another address reads pages, and is answered
    // quickly throughout.
    let reader = reqwest::Client::builder().local_address("127.0.0.2".parse().ok()).build().unwrap();
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    while started.elapsed() < Duration::from_secs(4) {
        let asked = Instant::now();
        let page = reader.get(format!("{}/o/riverside", server.url)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        slowest = slowest.max(asked.elapsed());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(slowest < Duration::from_millis(500), "the slowest page took {slowest:?}");

    let mut ended = Vec::new();
    for connection in slow {
        ended.push(connection.await.unwrap());
    }
    let (refused, held): (Vec<&Ended>, Vec<&Ended>) = ended.iter().partition(|e| e.told.starts_with("HTTP/1.1 503"));
    assert_eq!((refused.len(), held.len()), (40, 20), "twenty from one address are let in");
    for e in &refused {
        assert!(e.after < Duration::from_millis(500), "refused after {:?}", e.after);
        assert!(e.told.contains("Too many connections"), "{}", e.told);
    }
    for e in &held {
        assert!(
            e.after >= Duration::from_millis(1900) && e.after < Duration::from_secs(4),
            "a head still unfinished was closed after {:?}",
            e.after
        );
    }
    assert!(server.metric("ethos_connections_refused_total").await >= 40.0);
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_keep_alive_time() {
    let database = TestDatabase::new().await;
    let server = Server::start(&database.url, &["--keep-alive-secs", "1"]).await;
    let mut stream = TcpStream::connect(socket_address(&server.url)).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: ethos\r\n\r\n").await.unwrap();
    let mut answer = vec![0u8; 1024];
    let n = stream.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));
    let idle = Instant::now();
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).await.unwrap();
    let after = idle.elapsed();
    assert!(rest.is_empty());
    assert!(after >= Duration::from_millis(900) && after < Duration::from_secs(3), "closed after {after:?}");
}

/// Keys a rate limiter holds, from `/metrics`.
async fn keys(server: &Server, limiter: &str) -> f64 {
    server.metric(&format!("ethos_rate_limiter_keys{{limiter=\"{limiter}\"}}")).await
}

#[tokio::test]
async fn rate_limiters_forget_a_flood_of_new_names_and_addresses_once_their_window_has_passed() {
    let database = TestDatabase::new().await;
    // Three a minute refill one attempt every twenty seconds; the limiter
    // keeps a key until two such intervals have passed since its last use.
    let server = Server::start(
        &database.url,
        &["--trust-proxy", "--sign-in-per-account", "3", "--sign-in-per-address", "3", "--responses-per-address", "3"],
    )
    .await;
    let id: i64 = {
        let db = ethos::storage::Db::connect(&database.url).await.unwrap();
        let sql = "SELECT id FROM consultations ORDER BY id LIMIT 1";
        ethos::on_db!(&db, pool => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap())
    };
    let started_kib = server.resident_kib();

    const SIGN_INS: usize = 240;
    const RESPONSES: usize = 3000;
    let mut visitor = Visitor::with_client(
        &server.url,
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap(),
    );
    let csrf = visitor.csrf().await;
    let mut tasks = Vec::new();
    for worker in 0..8usize {
        let (client, url, csrf) = (visitor.client.clone(), server.url.clone(), csrf.clone());
        tasks.push(tokio::spawn(async move {
            for n in (worker..SIGN_INS).step_by(8) {
                let email = format!("guess{n}@nowhere.example");
                let form = [("email", email.as_str()), ("password", "not the password"), ("csrf_token", &csrf)];
                let forwarded = format!("10.{}.{}.{}", n >> 16, (n >> 8) & 255, n & 255);
                let answer = client
                    .post(format!("{url}/sign-in"))
                    .header("x-forwarded-for", forwarded)
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "a wrong password, not a limit");
            }
        }));
        let (client, url) = (reqwest::Client::new(), server.url.clone());
        tasks.push(tokio::spawn(async move {
            let body = serde_json::json!({ "answers": { "q1": { "choices": [1] } } });
            for n in (worker..RESPONSES).step_by(8) {
                let answer = client
                    .post(format!("{url}/api/v1/consultations/{id}/responses"))
                    .header("x-forwarded-for", format!("2001:db8::{n:x}"))
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(answer.status(), StatusCode::CREATED);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let flooded = (
        keys(&server, "sign_in_per_account").await,
        keys(&server, "sign_in_per_address").await,
        keys(&server, "responses_per_address").await,
    );
    let peak_kib = server.resident_kib();
    assert!(flooded.0 >= SIGN_INS as f64 / 2.0, "sign-in keys per account after the flood: {}", flooded.0);
    assert!(flooded.2 >= RESPONSES as f64 / 2.0, "response keys per address after the flood: {}", flooded.2);

    // Forty seconds, then a sweep every ten.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let now = (
            keys(&server, "sign_in_per_account").await,
            keys(&server, "sign_in_per_address").await,
            keys(&server, "responses_per_address").await,
        );
        if now == (0.0, 0.0, 0.0) {
            break;
        }
        assert!(Instant::now() < deadline, "still held after the window: {now:?}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let after_kib = server.resident_kib();
    eprintln!(
        "keys after the flood {flooded:?}, then none; resident memory {started_kib} KiB at start, {peak_kib} KiB after \
         the flood, {after_kib} KiB once forgotten"
    );
    assert_eq!(visitor.sign_in("owner@riverside.example", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
}
