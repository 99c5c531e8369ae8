//! The framework file from the command line: import into the demo's
//! Riverside, export the draft, get the same bytes back; published versions
//! export and import into another organisation; a file with a problem is
//! refused with its line and field, and nothing is created.

mod common;

use std::process::Stdio;

use common::TestDatabase;
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_ethos");

/// Runs `ethos ARGS` and returns whether it succeeded, its standard output
/// and its standard error.
async fn run(db: &str, args: &[&str], stdin: Option<&[u8]>) -> (bool, Vec<u8>, String) {
    let mut child = Command::new(BIN)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).await.unwrap();
    }
    drop(input);
    let out = child.wait_with_output().await.unwrap();
    (out.status.success(), out.stdout, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A framework written as `ethos framework export` writes it, with texts
/// that need quoting and a multi-line one.
const FILE: &str = "\
schema: ethos/framework/v1
organisation: riverside
vision:
  statement: 'Healthy lives, by the river: together'
  supporting:
  - Care starts with a conversation
  - |-
    Near to home.
    Open every day.
mission: We help people in Riverside stay well and get well
motto: '#RiversideCares'
values:
- key: care
  name: Care
  promise: We put people first — every time
  commitments:
  - We will listen before we decide
  - '- even when we are busy'
  behaviours:
  - Says “Hello, my name is…”
- key: courage
  name: Courage
  promise: ''
  commitments: []
  behaviours:
  - 'Speaks up: early and kindly'
principles:
- heading: How we decide
  items:
  - With the people it affects
";

async fn demo() -> TestDatabase {
    let database = TestDatabase::new().await;
    let (ok, _, err) = run(&database.url, &["demo"], None).await;
    assert!(ok, "{err}");
    database
}

#[tokio::test]
async fn a_file_imported_as_the_draft_exports_byte_for_byte() {
    let database = demo().await;
    let db = &database.url;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("riverside.yaml");
    std::fs::write(&path, FILE).unwrap();
    let path = path.to_str().unwrap();

    let (ok, out, err) = run(db, &["framework", "import", "--org", "riverside", path], None).await;
    assert!(ok, "{err}");
    let said = String::from_utf8(out).unwrap();
    assert!(said.contains("Opened a draft of the values framework of riverside"), "{said}");
    assert!(said.contains("with 2 values"), "{said}");

    let (ok, out, err) = run(db, &["framework", "export", "--org", "riverside", "--draft"], None).await;
    assert!(ok, "{err}");
    assert_eq!(String::from_utf8(out).unwrap(), FILE);

    // A second import would replace the draft: refused.
    let (ok, _, err) = run(db, &["framework", "import", "--org", "riverside", "-"], Some(FILE.as_bytes())).await;
    assert!(!ok);
    assert!(err.contains("riverside already has a draft"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    let (ok, out, err) = run(db, &["framework", "export", "--org", "riverside", "--draft"], None).await;
    assert!(ok, "{err}");
    assert_eq!(String::from_utf8(out).unwrap(), FILE);
}

#[tokio::test]
async fn published_versions_export_and_move_to_another_organisation() {
    let database = demo().await;
    let db = &database.url;
    // The demo's Riverside has published two versions.
    let (ok, current, err) = run(db, &["framework", "export", "--org", "riverside"], None).await;
    assert!(ok, "{err}");
    let (ok, second, err) = run(db, &["framework", "export", "--org", "riverside", "--version", "2"], None).await;
    assert!(ok, "{err}");
    assert_eq!(current, second);
    let (ok, first, err) = run(db, &["framework", "export", "--org", "riverside", "--version", "1"], None).await;
    assert!(ok, "{err}");
    assert_ne!(first, current);
    let current = String::from_utf8(current).unwrap();
    assert!(current.starts_with("schema: ethos/framework/v1\norganisation: riverside\n"), "{current}");
    // The demo's current version carries Welsh and Arabic translations.
    assert!(current.contains("\ntranslations:\n  ar:\n"), "{current}");
    assert!(current.contains("        name: Caredigrwydd\n"), "{current}");
    let (ok, _, err) = run(db, &["framework", "export", "--org", "riverside", "--version", "9"], None).await;
    assert!(!ok);
    assert!(err.contains("riverside has no published version 9"), "{err}");

    let (ok, _, err) =
        run(db, &["org", "create", "--slug", "hillside", "--name", "Hillside Hospice", "--kind", "trust"], None).await;
    assert!(ok, "{err}");
    let (ok, _, err) = run(db, &["framework", "export", "--org", "hillside"], None).await;
    assert!(!ok);
    assert!(err.contains("hillside has not published its values framework yet"), "{err}");
    let (ok, out, err) = run(db, &["framework", "import", "--org", "hillside", "-"], Some(current.as_bytes())).await;
    assert!(ok, "{err}");
    assert!(String::from_utf8(out).unwrap().contains("Note: the file says it came from riverside."));
    let (ok, out, err) = run(db, &["framework", "export", "--org", "hillside", "--draft"], None).await;
    assert!(ok, "{err}");
    let expected = current.replacen("organisation: riverside\n", "organisation: hillside\n", 1);
    assert_eq!(String::from_utf8(out).unwrap(), expected);
}

#[tokio::test]
async fn a_file_with_a_problem_is_refused_and_creates_nothing() {
    let database = demo().await;
    let db = &database.url;
    let import = ["framework", "import", "--org", "riverside", "-"];

    let nameless = FILE.replace("  name: Courage\n", "  name: ''\n");
    let (ok, _, err) = run(db, &import, Some(nameless.as_bytes())).await;
    assert!(!ok);
    assert!(err.contains("standard input was not imported; nothing was changed."), "{err}");
    assert!(err.contains("line 22, values[1].name: Value 2 needs a name"), "{err}");

    let unknown_language =
        format!("{FILE}translations:\n  cy:\n    motto: '#GofalGlanyrAfon'\n  xx:\n    motto: '?'\n");
    let (ok, _, err) = run(db, &import, Some(unknown_language.as_bytes())).await;
    assert!(!ok);
    assert!(err.contains("line 34, translations.xx: There is no language with the code “xx”"), "{err}");

    let misspelt = FILE.replace("  commitments: []\n", "  comitments: []\n");
    let (ok, _, err) = run(db, &import, Some(misspelt.as_bytes())).await;
    assert!(!ok);
    assert!(err.contains("line 24, column 3, values[1].comitments: there is no field “comitments”"), "{err}");

    let mut not_utf8 = FILE.as_bytes().to_vec();
    not_utf8[FILE.find("Care\n").unwrap() + 1] = 0xff;
    let (ok, _, err) = run(db, &import, Some(&not_utf8)).await;
    assert!(!ok);
    assert!(err.contains("line 14, column 10: the file is not UTF-8 text"), "{err}");

    let (ok, _, err) = run(db, &import, Some(FILE.replace("/v1", "/v9").as_bytes())).await;
    assert!(!ok);
    assert!(err.contains("line 1, schema: this file's schema is “ethos/framework/v9”"), "{err}");

    let (ok, _, err) = run(db, &["framework", "export", "--org", "riverside", "--draft"], None).await;
    assert!(!ok);
    assert!(err.contains("riverside has no draft of its values framework"), "{err}");
}
