//! What Ethos writes to its log when nobody is watching a terminal: plain
//! lines a file, a journal or `grep` can read, without colour codes.

mod common;

use std::process::Stdio;

use common::TestDatabase;
use common::binary;

#[tokio::test]
async fn log_lines_written_to_a_pipe_carry_no_colour_codes() {
    let database = TestDatabase::new().await;
    let out = binary::ethos(&database.url)
        .env("RUST_LOG", "debug")
        .args(["org", "list"])
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ethos org list failed: {log}");
    assert!(log.lines().any(|l| l.contains("DEBUG") || l.contains("INFO")), "something was logged: {log}");
    assert!(!log.contains('\u{1b}'), "a colour code in the log: {log:?}");
}
