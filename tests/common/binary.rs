//! The `ethos` binary as a process, for tests of what only a real process
//! shows: its log, its memory, its connections. The server prints the line
//! "Ethos is ready at URL" once it listens; nothing waits longer than that.

use std::process::Stdio;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const BIN: &str = env!("CARGO_BIN_EXE_ethos");

/// A command of the binary on database `db`, logging at `warn`.
pub fn ethos(db: &str) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("DATABASE_URL", db).env("RUST_LOG", "warn").kill_on_drop(true);
    cmd
}

/// Runs a command to its end; true when it succeeded, with what it printed.
pub async fn run(db: &str, args: &[&str]) -> (bool, String) {
    let out = ethos(db).args(args).stdin(Stdio::null()).output().await.unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// A running `ethos serve`, with every line it has logged so far.
pub struct Server {
    pub child: Child,
    pub url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `ethos serve` on a free port with `args` added.
    pub async fn start(db: &str, args: &[&str]) -> Server {
        Server::start_logging(db, args, "warn").await
    }

    /// The same, logging at `level` (a `RUST_LOG` value).
    pub async fn start_logging(db: &str, args: &[&str], level: &str) -> Server {
        let mut child = ethos(db)
            .env("RUST_LOG", level)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut errors = BufReader::new(child.stderr.take().unwrap()).lines();
        let kept = log.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = errors.next_line().await {
                eprintln!("ethos: {line}");
                kept.lock().unwrap().push(line);
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(rest) = line.strip_prefix("Ethos is ready at ") {
                let url = rest.split_whitespace().next().unwrap().to_owned();
                // Keep reading so the child never blocks on a full pipe.
                tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
                return Server { child, url, log };
            }
        }
        panic!("ethos serve stopped before it was ready");
    }

    /// Log lines so far that contain `text`.
    pub fn logged(&self, text: &str) -> Vec<String> {
        self.log.lock().unwrap().iter().filter(|l| l.contains(text)).cloned().collect()
    }

    /// Resident memory of the process, in KiB (Linux).
    pub fn resident_kib(&self) -> u64 {
        let pid = self.child.id().unwrap();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// The value of a metric line that starts with `name` (labels included).
    pub async fn metric(&self, name: &str) -> f64 {
        let text = reqwest::get(format!("{}/metrics", self.url)).await.unwrap().text().await.unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
            .map(|v| v.trim().parse().unwrap())
            .unwrap_or_else(|| panic!("no metric {name} in\n{text}"))
    }
}
