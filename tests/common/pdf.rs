//! Reading a downloaded PDF's text, as a screen reader or a search would.

use lopdf::Document;
use reqwest::StatusCode;

/// Fetches a PDF with `client` (its cookies are its session) and returns
/// its text without whitespace, so words split across lines still match.
pub async fn pdf_text(client: &reqwest::Client, url: &str) -> String {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    let doc = Document::load_mem(&bytes).expect("the download parses as a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}
