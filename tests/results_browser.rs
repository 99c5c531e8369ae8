//! The results page on a phone 390 px wide: every table keeps its column
//! headings (stacked rows used to hide them), the groups side by side fit
//! the page, and the page passes the accessibility audit.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, screenshot, with_browser};
use common::TestApp;
use common::results::{story, survey};
use serde_json::Value;

/// For every table: how many column headings it has, and how many of them
/// a reader can see (inside the window, or in the table's own sideways
/// scroll, not moved off the page).
const HEADINGS: &str = r#"
return Array.from(document.querySelectorAll('table')).map(t => {
  const heads = Array.from(t.querySelectorAll('thead th'));
  const seen = heads.filter(h => {
    const r = h.getBoundingClientRect();
    const s = getComputedStyle(h);
    return r.width > 0 && r.height > 0 && r.left > -50 && s.visibility !== 'hidden' && s.position !== 'absolute';
  });
  return [t.querySelector('caption') ? t.querySelector('caption').textContent.trim() : t.id, heads.length, seen.length];
});
"#;

#[tokio::test]
async fn every_results_table_keeps_its_headings_on_a_phone_and_the_group_comparison_fits() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    story(&app, id, "A short note").await;
    let phone = BrowserOptions { width: 390, height: 844, ..BrowserOptions::phone() };
    with_browser(phone, |c| async move {
        c.goto(&format!("{}/o/riverside/c/{id}/results", app.url)).await.unwrap();
        find(&c, "#q1-groups table").await;
        let tables = c.execute(HEADINGS, vec![]).await.unwrap();
        let tables = tables.as_array().unwrap();
        assert!(tables.len() >= 5, "{tables:?}");
        for t in tables {
            assert_eq!(t[1], t[2], "a table lost column headings on a phone: {t}");
        }
        let overflow = c
            .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
            .await
            .unwrap();
        assert_eq!(overflow, Value::from(0), "the results page scrolls sideways on a phone");
        let flagged = c
            .execute("return document.querySelector('#q1-groups .compare--flagged th').textContent;", vec![])
            .await
            .unwrap();
        assert_eq!(flagged, Value::from("warmly"));
        assert_accessible(&c, "results with groups side by side").await;
        c.execute("document.getElementById('q1-groups').scrollIntoView();", vec![]).await.unwrap();
        screenshot(&c, "results-groups").await;
    })
    .await;
}
