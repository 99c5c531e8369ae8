//! Browser test support: one ChromeDriver per test binary, headless Chromium
//! sessions through fantoccini, and the axe-core accessibility audit.
//!
//! ChromeDriver, and every Chrome it starts, runs in a process group of its
//! own. A small watchdog shell reads a pipe whose only writer is this test
//! binary: when the binary ends for any reason (even SIGKILL) the pipe
//! closes and the watchdog kills that group and removes Chrome's temporary
//! folder, so no ChromeDriver or Chrome outlives the tests.
//!
//! Set `ETHOS_SCREENSHOTS=/some/dir` to save screenshots of the pages the
//! tests visit (and of the page a failing test ended on).

#![allow(dead_code)]

use std::future::Future;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use serde_json::{Value, json};

/// What Chromium binary to drive; `CHROME_BIN` overrides it.
fn chrome_binary() -> String {
    std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".to_owned())
}

/// A running ChromeDriver, shared by every test in this binary.
struct Driver {
    url: String,
    /// Where Chrome's profiles and temporary files go; removed by the watchdog.
    dir: PathBuf,
    /// Never written after the first line; closing it (at exit, however the
    /// binary ends) tells the watchdog to kill ChromeDriver's group.
    _watchdog: ChildStdin,
    _children: (Child, Child),
}

static DRIVER: OnceLock<Driver> = OnceLock::new();

const INSTALL_HINT: &str = "install them with `apt-get install -y chromium chromium-driver` (scripts/test does this)";

fn driver() -> &'static Driver {
    DRIVER.get_or_init(start_driver)
}

/// The watchdog: learns ChromeDriver's process group from its first line of
/// input, waits for the end of its input, then kills that group and removes
/// the temporary folder. It runs in a group of its own, so a Ctrl-C that
/// stops the test binary does not stop it too.
const WATCHDOG: &str = r#"read group; while read line; do :; done
[ -n "$group" ] && kill -KILL "-$group" 2>/dev/null
rm -rf "$1" 2>/dev/null || { sleep 1; rm -rf "$1"; }"#;

fn start_driver() -> Driver {
    let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
    let chrome = chrome_binary();
    assert!(Path::new(&chrome).exists(), "browser tests need Chromium at {chrome}: {INSTALL_HINT}");
    let dir = tempfile::Builder::new().prefix("ethos-browser-").tempdir().expect("a temporary folder for Chrome");
    // The watchdog removes it, even after this binary is killed.
    let dir = dir.keep();

    let mut watchdog = Command::new("sh")
        .args(["-c", WATCHDOG, "ethos-browser-watchdog"])
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("start the ChromeDriver watchdog (sh)");
    let mut watchdog_stdin = watchdog.stdin.take().unwrap();

    // ChromeDriver leads a process group of its own; the Chromes it starts
    // stay in it. TMPDIR keeps Chrome's temporary files in `dir`.
    let mut driver = match Command::new(&chromedriver)
        .arg("--port=0")
        .env("TMPDIR", &dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            panic!("browser tests need ChromeDriver, but `{chromedriver}` could not be started ({e}): {INSTALL_HINT}")
        }
    };
    writeln!(watchdog_stdin, "{}", driver.id()).expect("tell the watchdog ChromeDriver's process group");

    // Read the port from "ChromeDriver was started successfully on port N.",
    // then keep draining stdout so ChromeDriver never blocks on a full pipe.
    let stdout = driver.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<Result<u16, String>>();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        let mut seen = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let Some(sender) = &tx else { continue };
            if let Some(rest) = line.split("started successfully on port ").nth(1) {
                let port = rest.trim().trim_end_matches('.').parse::<u16>().map_err(|e| format!("{e}: {line}"));
                let _ = sender.send(port);
                tx = None;
            } else {
                seen.push(line);
            }
        }
        if let Some(sender) = tx {
            let _ = sender.send(Err(format!("ChromeDriver exited before it was ready:\n{}", seen.join("\n"))));
        }
    });
    let port = match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(Ok(port)) => port,
        Ok(Err(e)) => panic!("{e}"),
        Err(_) => panic!("ChromeDriver did not say which port it listens on within 30 seconds"),
    };
    Driver { url: format!("http://127.0.0.1:{port}"), dir, _watchdog: watchdog_stdin, _children: (watchdog, driver) }
}

/// How to open a browser session.
#[derive(Clone, Copy, Debug)]
pub struct BrowserOptions {
    pub javascript: bool,
    /// Viewport width and height in CSS pixels.
    pub width: u32,
    pub height: u32,
    /// Emulate a phone: needed below 500px, the narrowest window headless
    /// Chromium makes; also honours `<meta name=viewport>` as phones do.
    pub mobile: bool,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions { javascript: true, width: 1280, height: 900, mobile: false }
    }
}

impl BrowserOptions {
    pub fn without_javascript() -> Self {
        BrowserOptions { javascript: false, ..Self::default() }
    }

    /// A phone 375 CSS pixels wide.
    pub fn phone() -> Self {
        BrowserOptions { width: 375, height: 812, mobile: true, ..Self::default() }
    }
}

fn capabilities(options: BrowserOptions, profile: &Path) -> serde_json::Map<String, Value> {
    let mut args = vec![
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        format!("--window-size={},{}", options.width, options.height),
        format!("--user-data-dir={}", profile.display()),
    ];
    if !options.javascript {
        args.push("--blink-settings=scriptEnabled=false".to_owned());
    }
    let mut chrome = json!({ "binary": chrome_binary(), "args": args });
    if options.mobile {
        chrome["mobileEmulation"] = json!({
            "deviceMetrics": { "width": options.width, "height": options.height, "pixelRatio": 1.0, "mobile": true, "touch": true },
        });
    }
    let caps = json!({ "browserName": "chrome", "goog:chromeOptions": chrome });
    match caps {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

/// Opens a browser session, runs `test` with it and always closes it, even
/// when `test` panics (the panic is then passed on).
pub async fn with_browser<F, Fut>(options: BrowserOptions, test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()>,
{
    let driver = driver();
    let url = &driver.url;
    let profile =
        tempfile::Builder::new().prefix("profile-").tempdir_in(&driver.dir).expect("a temporary Chrome profile");
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities(options, profile.path()))
        .connect(url)
        .await
        .unwrap_or_else(|e| panic!("could not open a Chromium session through ChromeDriver at {url}: {e}"));
    let outcome = AssertUnwindSafe(test(client.clone())).catch_unwind().await;
    if outcome.is_err() {
        if let Ok(current) = client.current_url().await {
            eprintln!("the browser was on {current} when the test failed");
        }
        screenshot(&client, "failure").await;
    }
    if let Err(e) = client.close().await {
        eprintln!("closing the browser session: {e}");
    }
    drop(profile);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// One axe-core rule a page breaks.
#[derive(Debug, serde::Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    #[serde(rename = "helpUrl", default)]
    pub help_url: String,
    /// CSS selectors of the elements at fault.
    pub nodes: Vec<Value>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("unknown");
        writeln!(f, "  {} ({impact}): {} {}", self.id, self.help, self.help_url)?;
        for node in &self.nodes {
            writeln!(f, "    at {node}")?;
        }
        Ok(())
    }
}

fn axe_source() -> &'static str {
    static AXE: OnceLock<String> = OnceLock::new();
    AXE.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("the accessibility audit needs {} ({e}): run `npm ci` (scripts/test does this)", path.display())
        })
    })
}

/// The WCAG 2.0–2.2 A and AA tags the audit checks.
pub const WCAG_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const RUN_AXE: &str = r#"
const tags = arguments[0];
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: "tag", values: tags } })
  .then(r => done({ violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => n.target) })) }))
  .catch(e => done({ error: String(e && e.stack || e) }));
"#;

/// Runs axe-core on the current page and returns what it finds against
/// WCAG 2.2 A and AA. Needs JavaScript on (axe hangs without it).
pub async fn audit(client: &Client) -> Vec<Violation> {
    let loaded = client.execute("return typeof window.axe === 'object';", vec![]).await.expect("check for axe");
    if loaded != Value::Bool(true) {
        client.execute(axe_source(), vec![]).await.expect("inject axe-core");
    }
    let result = client.execute_async(RUN_AXE, vec![json!(WCAG_TAGS)]).await.expect("run axe-core");
    if let Some(error) = result.get("error") {
        panic!("axe-core failed: {error}");
    }
    serde_json::from_value(result["violations"].clone()).expect("axe-core violations")
}

/// Audits the current page and fails, listing every violation, if it has any.
pub async fn assert_accessible(client: &Client, what: &str) {
    let violations = audit(client).await;
    if !violations.is_empty() {
        let url = client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        let list: String = violations.iter().map(ToString::to_string).collect();
        panic!("{what} ({url}) breaks {} WCAG rule(s):\n{list}", violations.len());
    }
}

/// Saves a screenshot of the whole page as `<ETHOS_SCREENSHOTS>/<name>-<width>.png`
/// when that variable is set; does nothing otherwise. Where the window
/// cannot grow to the page's height (phone emulation), the page is saved in
/// window-high slices: `<name>-<width>-1.png`, `-2` and so on.
pub async fn screenshot(client: &Client, name: &str) {
    let Some(dir) = std::env::var_os("ETHOS_SCREENSHOTS") else { return };
    let dir = PathBuf::from(dir);
    let _ = std::fs::create_dir_all(&dir);
    let size = |script: &'static str| async move {
        client.execute(script, vec![]).await.ok().and_then(|v| v.as_u64()).unwrap_or(0)
    };
    let width = size("return window.innerWidth;").await;
    let page_height = size("return Math.ceil(document.documentElement.scrollHeight);").await;
    let Ok((window_width, window_height)) = client.get_window_size().await else { return };
    let save = |png: Vec<u8>, file: String| {
        let _ = std::fs::write(dir.join(file), png);
    };

    let grow = window_height + page_height.saturating_sub(size("return window.innerHeight;").await);
    let _ = client.set_window_size(window_width as u32, grow as u32).await;
    if size("return window.innerHeight;").await >= page_height {
        if let Ok(png) = client.screenshot().await {
            save(png, format!("{name}-{width}.png"));
        }
    } else {
        let view = size("return window.innerHeight;").await.max(1);
        for slice in 0..page_height.div_ceil(view) {
            let _ = client.execute("window.scrollTo(0, arguments[0]);", vec![json!(slice * view)]).await;
            if let Ok(png) = client.screenshot().await {
                save(png, format!("{name}-{width}-{}.png", slice + 1));
            }
        }
        let _ = client.execute("window.scrollTo(0, 0);", vec![]).await;
    }
    let _ = client.set_window_size(window_width as u32, window_height as u32).await;
}

/// Presses and releases one key.
pub async fn press(client: &Client, key: Key) {
    let keys = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: key.into() })
        .then(KeyAction::Up { value: key.into() });
    client.perform_actions(keys).await.expect("press a key");
}

/// fantoccini's wait, checking often: pages here load in milliseconds.
pub fn wait(client: &Client) -> fantoccini::wait::Wait<'_> {
    client.wait().at_most(Duration::from_secs(15)).every(Duration::from_millis(25))
}

/// Waits for the first element matching a CSS selector. A search that
/// Chromium cut short because the page was being replaced (a form just
/// sent) is tried again rather than taken as an answer.
pub async fn find(client: &Client, css: &str) -> fantoccini::elements::Element {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        match wait(client).for_element(Locator::Css(css)).await {
            Ok(element) => return element,
            Err(e) if std::time::Instant::now() < deadline && e.to_string().contains("aborted by navigation") => {
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            Err(e) => panic!("no element matches {css}: {e}"),
        }
    }
}

/// Waits for the first element matching an XPath expression; XPath is what
/// can wait for a text, for pages that replace one another at one address.
pub async fn find_xpath(client: &Client, xpath: &str) -> fantoccini::elements::Element {
    wait(client).for_element(Locator::XPath(xpath)).await.unwrap_or_else(|e| panic!("no element matches {xpath}: {e}"))
}

/// The text of the first element matching `css`, once there is one.
pub async fn text_of(client: &Client, css: &str) -> String {
    find(client, css).await.text().await.unwrap_or_else(|e| panic!("text of {css}: {e}"))
}
