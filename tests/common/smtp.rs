//! A real SMTP server for tests: `tests/support/smtp_server.py` (Python's
//! aiosmtpd, installed by `scripts/test` into `target/test-tools/smtp`) on a
//! port of its own. It reports each message it accepts, decoded; a test can
//! stop and start it, hold messages unanswered, or refuse an address.

use std::collections::VecDeque;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::mpsc;

/// How long a test waits for the server to report something.
const PATIENCE: Duration = Duration::from_secs(30);

/// The Python that has aiosmtpd: the test venv, or the system's.
fn python() -> String {
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/target/test-tools/smtp/bin/python");
    if std::path::Path::new(venv).exists() { venv.to_owned() } else { "python3".to_owned() }
}

pub struct SmtpServer {
    _child: Child,
    stdin: ChildStdin,
    events: mpsc::UnboundedReceiver<Value>,
    /// Messages reported but not yet taken by the test.
    pending: VecDeque<Received>,
    pub port: u16,
}

impl SmtpServer {
    /// Ethos's mail settings sending to this server, retrying after a
    /// second.
    pub fn settings(&self) -> ethos::mail::Settings {
        let args = ethos::mail::MailArgs {
            smtp_url: Some(self.url()),
            mail_from: Some("Ethos <ethos@ethos.example>".to_owned()),
            mail_retry_secs: 1,
            mail_lease_secs: 10,
        };
        ethos::mail::Settings::from_args(&args).unwrap().unwrap()
    }

    pub async fn start() -> SmtpServer {
        SmtpServer::start_with(&[]).await
    }

    /// A server that requires AUTH with this user and password.
    pub async fn with_login(user: &str, password: &str) -> SmtpServer {
        SmtpServer::start_with(&["--user", user, "--password", password]).await
    }

    async fn start_with(args: &[&str]) -> SmtpServer {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_server.py");
        let mut child = Command::new(python())
            .arg(script)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 runs the test SMTP server (scripts/test installs aiosmtpd)");
        let stdin = child.stdin.take().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let (tx, events) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                let Ok(event) = serde_json::from_str::<Value>(&line) else { continue };
                if tx.send(event).is_err() {
                    break;
                }
            }
        });
        let mut server = SmtpServer { _child: child, stdin, events, pending: VecDeque::new(), port: 0 };
        let listening = server.until("listening").await;
        server.port = u16::try_from(listening["port"].as_u64().unwrap()).unwrap();
        server
    }

    /// The URL Ethos sends to.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Reads events until one named `name`, keeping messages for later.
    async fn until(&mut self, name: &str) -> Value {
        loop {
            let event = tokio::time::timeout(PATIENCE, self.events.recv())
                .await
                .unwrap_or_else(|_| panic!("the SMTP server did not report {name:?} in time"))
                .expect("the SMTP server stopped");
            if event["event"] == "message" {
                self.pending.push_back(Received(event.clone()));
            }
            if event["event"] == name {
                return event;
            }
        }
    }

    async fn command(&mut self, line: &str, answer: &str) {
        self.stdin.write_all(format!("{line}\n").as_bytes()).await.unwrap();
        self.stdin.flush().await.unwrap();
        self.until(answer).await;
    }

    /// Stops listening: the mail server is down.
    pub async fn stop(&mut self) {
        self.command("stop", "stopped").await;
    }

    /// Listens again on the same port.
    pub async fn resume(&mut self) {
        self.command("start", "started").await;
    }

    /// Keeps new messages waiting, unanswered.
    pub async fn hold(&mut self) {
        self.command("hold", "hold").await;
    }

    /// Waits until a message is being held.
    pub async fn holding(&mut self) -> Value {
        self.until("holding").await
    }

    /// Answers held messages (those whose sender went away are dropped).
    pub async fn release(&mut self) {
        self.command("release", "released").await;
    }

    /// Answers 550 to this recipient from now on.
    pub async fn refuse(&mut self, address: &str) {
        self.command(&format!("refuse {address}"), "refusing").await;
    }

    /// The next message accepted.
    pub async fn next_message(&mut self) -> Received {
        if let Some(message) = self.pending.pop_front() {
            return message;
        }
        self.until("message").await;
        self.pending.pop_front().unwrap()
    }

    /// The next message accepted for `to`, skipping others.
    pub async fn message_to(&mut self, to: &str) -> Received {
        loop {
            let message = self.next_message().await;
            if message.to() == to {
                return message;
            }
        }
    }

    /// The next `n` messages accepted.
    pub async fn messages(&mut self, n: usize) -> Vec<Received> {
        let mut all = Vec::new();
        for _ in 0..n {
            all.push(self.next_message().await);
        }
        all
    }

    /// Messages reported within `wait` (for showing that none came).
    pub async fn messages_within(&mut self, wait: Duration) -> Vec<Received> {
        let mut all: Vec<Received> = self.pending.drain(..).collect();
        let deadline = tokio::time::Instant::now() + wait;
        while let Ok(Some(event)) = tokio::time::timeout_at(deadline, self.events.recv()).await {
            if event["event"] == "message" {
                all.push(Received(event));
            }
        }
        all
    }
}

/// One message as the SMTP server received it.
#[derive(Clone, Debug)]
pub struct Received(pub Value);

impl Received {
    pub fn to(&self) -> String {
        self.0["rcpt_tos"][0].as_str().unwrap_or_default().to_owned()
    }

    pub fn subject(&self) -> String {
        self.0["subject"].as_str().unwrap_or_default().to_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        let headers = self.0["headers"].as_object()?;
        headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.as_str()).map(str::to_owned)
    }

    pub fn message_id(&self) -> String {
        self.0["message_id"].as_str().unwrap_or_default().to_owned()
    }

    pub fn text(&self) -> String {
        self.0["text"].as_str().unwrap_or_default().to_owned()
    }

    pub fn html(&self) -> String {
        self.0["html"].as_str().unwrap_or_default().to_owned()
    }

    /// The first link in the text that starts with `base` and holds `marker`,
    /// as a path on that server.
    pub fn link(&self, base: &str, marker: &str) -> String {
        let text = self.text();
        let link = text
            .split_whitespace()
            .find(|w| w.starts_with(base) && w.contains(marker))
            .unwrap_or_else(|| panic!("no {marker} link to {base} in:\n{text}"));
        link.trim_start_matches(base).to_owned()
    }
}
