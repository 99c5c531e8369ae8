//! The shared web layer: page layout, rendering, forms, CSRF, assets and
//! security headers. Every area's pages are built from these pieces.

pub mod assets;
pub mod browser_token;
pub mod confirm;
pub mod csrf;
pub mod dates;
pub mod error_pages;
pub mod forms;
pub mod public_cache;
pub mod security;
pub mod spreadsheet;
pub mod text;
pub mod zone;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::app::AppState;
use crate::auth::session::{Flash, Viewer};
use crate::error::AppError;
use crate::orgs::model::Org;
use csrf::CsrfToken;

/// The organisation shown in the page header.
#[derive(Clone, Debug)]
pub struct OrgBanner {
    pub slug: String,
    pub name: String,
    pub has_logo: bool,
    /// Its accessibility, privacy and contact links, for the page's foot.
    pub footer: crate::orgs::model::Footer,
}

impl From<&Org> for OrgBanner {
    fn from(org: &Org) -> Self {
        OrgBanner { slug: org.slug.clone(), name: org.name.clone(), has_logo: org.has_logo, footer: org.footer.clone() }
    }
}

impl OrgBanner {
    /// The organisation's accessibility statement, else Ethos's.
    pub fn accessibility_href(&self) -> &str {
        if self.footer.accessibility_url.is_empty() { "/accessibility" } else { &self.footer.accessibility_url }
    }

    /// The organisation's privacy notice, else Ethos's.
    pub fn privacy_href(&self) -> &str {
        if self.footer.privacy_url.is_empty() { "/privacy" } else { &self.footer.privacy_url }
    }

    /// The phone number for a `tel:` link: digits and a leading +.
    pub fn tel(&self) -> String {
        self.footer.contact_phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
    }
}

/// What every page's frame needs: title, who is signed in, the organisation
/// whose pages these are, the form token and a one-off message.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub title: String,
    pub viewer_name: Option<String>,
    pub org: Option<OrgBanner>,
    pub csrf_token: String,
    pub flash: Option<String>,
    /// Set when the page shows a failed form: the title then starts "Error:".
    pub has_errors: bool,
    /// The page's language tag and direction when not English (a
    /// translated values page); the site's own words stay marked English.
    pub lang: Option<(&'static str, &'static str)>,
    /// Where the page's times are shown: its organisation's zone (UTC on
    /// pages of no organisation).
    pub zone: zone::Zone,
    /// What the page is about, for search results and link previews
    /// (meta description and Open Graph); empty on pages nobody shares.
    pub description: String,
    /// The page's own address in full, for link previews (empty: none).
    pub share_url: String,
    /// The full address of an image for link previews (Open Graph and
    /// Twitter cards); empty: none, and the card is a plain summary.
    pub share_image: String,
}

impl Layout {
    /// Describes a public page for search results and link previews: its
    /// full address and the first words of `text` (at most 200 characters,
    /// cut at a word, on one line).
    pub fn shared(mut self, public_url: &str, path: &str, text: &str) -> Layout {
        self.share_url = format!("{}{path}", public_url.trim_end_matches('/'));
        self.description = summary(text, 200);
        self
    }

    /// The `<title>` text.
    pub fn full_title(&self) -> String {
        let prefix = if self.has_errors { "Error: " } else { "" };
        format!("{prefix}{} – Ethos", self.title)
    }

    /// A stored time as shown on this page, e.g. "1 Jul 2026, 10:00 BST".
    /// (Takes a reference too: templates pass their values borrowed.)
    pub fn time(&self, seconds: impl zone::Seconds) -> String {
        self.zone.time(seconds.seconds())
    }

    /// The day a stored time fell on, on this page: "15 December 2026".
    pub fn date(&self, seconds: impl zone::Seconds) -> String {
        self.zone.date(seconds.seconds())
    }

    /// A stored time as a `datetime-local` input's value, in the page's zone.
    pub fn input_time(&self, seconds: impl zone::Seconds) -> String {
        self.zone.input(seconds.seconds())
    }
}

/// The request's viewer, form token and flash message: what a page handler
/// needs to build a [`Layout`].
pub struct PageContext {
    pub viewer: Viewer,
    pub csrf: CsrfToken,
    pub flash: Option<String>,
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let csrf = CsrfToken::from_request_parts(parts, state).await?;
        let flash = Flash::take(parts, state).await?;
        Ok(PageContext { viewer, csrf, flash })
    }
}

impl PageContext {
    /// A layout for a page outside any organisation.
    pub fn layout(&self, title: impl Into<String>) -> Layout {
        Layout {
            title: title.into(),
            viewer_name: self.viewer.0.as_ref().map(|p| p.name.clone()),
            org: None,
            csrf_token: self.csrf.token(),
            flash: self.flash.clone(),
            has_errors: false,
            lang: None,
            zone: zone::Zone::default(),
            description: String::new(),
            share_url: String::new(),
            share_image: String::new(),
        }
    }

    /// A layout for one of an organisation's pages.
    pub fn org_layout(&self, org: &Org, title: impl Into<String>) -> Layout {
        Layout { org: Some(org.into()), zone: org.zone.clone(), ..self.layout(title) }
    }
}

/// Renders a template as an HTML response.
pub fn render<T: Template>(template: &T) -> Result<Response, AppError> {
    render_with_status(StatusCode::OK, template)
}

/// Renders a template with a given status (e.g. 422 for a failed form).
pub fn render_with_status<T: Template>(status: StatusCode, template: &T) -> Result<Response, AppError> {
    let body = template.render().map_err(|e| AppError::Internal(anyhow::Error::new(e).context("rendering a page")))?;
    Ok((status, Html(body)).into_response())
}

/// Percent-encodes a value for a query string.
pub fn encode_query(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Adds `Cache-Control: no-store` (pages with private data or tokens).
pub fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The English name of month `month` (1 to 12): "November"; "" outside.
pub fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(month).ok().and_then(|m| m.checked_sub(1)).and_then(|i| NAMES.get(i)).copied().unwrap_or("")
}

/// Formats a stored time (Unix seconds) for people: "22 Nov 2026, 14:05 UTC".
pub fn format_time(seconds: i64) -> String {
    let format = time::macros::format_description!("[day padding:none] [month repr:short] [year], [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(seconds).ok().and_then(|t| t.format(&format).ok()).unwrap_or_default()
}

impl Layout {
    /// A flash message that ends with a link (an invitation or reset link to
    /// pass on), split so the page can show the link as a link.
    pub fn flash_link(&self) -> Option<(&str, &str)> {
        let message = self.flash.as_deref()?;
        let at = message.rfind(" http").map(|i| i + 1)?;
        let (text, link) = message.split_at(at);
        let is_link =
            (link.starts_with("http://") || link.starts_with("https://")) && !link.contains(char::is_whitespace);
        is_link.then(|| (text.trim_end(), link))
    }

    /// The `lang` of the page.
    pub fn html_lang(&self) -> &'static str {
        self.lang.map_or("en-GB", |(tag, _)| tag)
    }

    /// The `dir` of the page.
    pub fn html_dir(&self) -> &'static str {
        self.lang.map_or("ltr", |(_, dir)| dir)
    }

    /// Attributes that keep the site's own (English) words marked English
    /// on a page in another language.
    pub fn chrome_lang(&self) -> &'static str {
        if self.lang.is_some() { " lang=\"en-GB\" dir=\"ltr\"" } else { "" }
    }

    /// Address of the stylesheet.
    pub fn css(&self) -> String {
        assets::url("app.css")
    }

    /// Address of the script.
    pub fn js(&self) -> String {
        assets::url("app.js")
    }
}

/// The first words of `text` on one line, at most `max` characters, cut at
/// a word with "…" when longer.
pub fn summary(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod summary_tests {
    use super::summary;

    #[test]
    fn a_long_text_is_cut_at_a_word_on_one_line() {
        assert_eq!(summary("We  care\nfor everyone", 200), "We care for everyone");
        assert_eq!(summary("We care for everyone, always", 14), "We care for…");
        assert_eq!(summary("", 10), "");
    }
}
