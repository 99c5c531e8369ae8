//! Figures sent back after a campaign ("returns"): each taking-part
//! organisation reports what it did — events, people involved, partners,
//! pledges, social media, a highlight story and any extra measures — in a
//! return its editors fill in ([`form`]) and an owner signs off; the
//! national body accepts it or sends it back with a comment ([`workflow`]).
//! Figures Ethos can work out from what was logged are pre-filled
//! ([`derived`], one entry per figure) and marked "derived" until someone
//! overrides them, with a reason. The national body's editors see every
//! return side by side, with totals and the previous edition
//! ([`dashboard`], [`export`], [`summary`]'s PDF, [`api`]), import figures that came another
//! way ([`import`]), and remind those who have not sent theirs
//! ([`remind`]).
//!
//! This file is the model, with no web or database types.

pub mod api;
pub mod dashboard;
pub mod derived;
pub mod export;
pub mod form;
pub mod import;
pub mod remind;
pub mod store;
pub mod summary;
pub mod workflow;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::app::AppState;

/// The return's routes: the organisation's own return and the national
/// dashboard with its decisions, settings, reminders and download.
pub fn router() -> Router<AppState> {
    let c = "/o/{slug}/campaigns/{campaign}";
    Router::new()
        .route(&format!("{c}/return"), get(form::show).post(form::save))
        .route(&format!("{c}/return/submit"), post(workflow::submit))
        .route(&format!("{c}/returns"), get(dashboard::show))
        .route(&format!("{c}/returns.csv"), get(export::csv))
        .route(&format!("{c}/returns.pdf"), get(summary::pdf))
        .route(
            &format!("{c}/returns/import"),
            // The file's limit, with room for the multipart framing around it.
            post(import::upload).layer(DefaultBodyLimit::max(import::UPLOAD_LIMIT + 64 * 1024)),
        )
        .route(&format!("{c}/returns/settings"), post(dashboard::settings))
        .route(&format!("{c}/returns/measures/{{id}}/delete"), post(dashboard::delete_measure))
        .route(&format!("{c}/returns/remind"), post(remind::send))
        .route(&format!("{c}/returns/{{org}}/accept"), post(workflow::accept))
        .route(&format!("{c}/returns/{{org}}/return"), post(workflow::send_back))
        .route("/api/v1/campaigns/{id}/returns", get(api::returns))
        .route("/api/v1/campaigns/{id}/totals", get(api::totals))
}

/// Where a return stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ReturnStatus)]
#[serde(rename_all = "lowercase")]
pub enum ReturnStatus {
    /// Not started, or being filled in.
    Draft,
    /// Signed off by an owner; waiting for the national body.
    Submitted,
    Accepted,
    /// Sent back by the national body with a comment: editable again.
    Returned,
}

impl ReturnStatus {
    pub const ALL: [ReturnStatus; 4] =
        [ReturnStatus::Draft, ReturnStatus::Submitted, ReturnStatus::Accepted, ReturnStatus::Returned];

    pub fn as_str(self) -> &'static str {
        match self {
            ReturnStatus::Draft => "draft",
            ReturnStatus::Submitted => "submitted",
            ReturnStatus::Accepted => "accepted",
            ReturnStatus::Returned => "returned",
        }
    }

    pub fn parse(text: &str) -> ReturnStatus {
        ReturnStatus::ALL.into_iter().find(|s| s.as_str() == text).unwrap_or(ReturnStatus::Draft)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReturnStatus::Draft => "Draft",
            ReturnStatus::Submitted => "Submitted",
            ReturnStatus::Accepted => "Accepted",
            ReturnStatus::Returned => "Sent back",
        }
    }

    /// The organisation's editors may change it.
    pub fn editable(self) -> bool {
        matches!(self, ReturnStatus::Draft | ReturnStatus::Returned)
    }

    /// Sent to the national body (counted in totals).
    pub fn sent(self) -> bool {
        matches!(self, ReturnStatus::Submitted | ReturnStatus::Accepted)
    }
}

/// Where a figure comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Worked out by Ethos from the events and pledges logged.
    Derived,
    /// Typed (or overridden) by the organisation.
    Entered,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Derived => "derived",
            Source::Entered => "entered",
        }
    }
}

/// The field of social media engagement.
pub const SOCIAL: &str = "social";

/// One figure of a return.
#[derive(Clone, Debug)]
pub struct Figure {
    /// The stored field: a derived figure's key, [`SOCIAL`] or `m<id>`.
    pub key: String,
    pub label: String,
    /// The unit or help text ('' when none).
    pub unit: String,
    pub value: Option<i64>,
    pub source: Source,
    /// What Ethos derived, for a derivable figure.
    pub derived: Option<i64>,
    /// Why a derived figure was overridden.
    pub reason: String,
    /// A measure the organisation added for itself.
    pub own: bool,
}

impl Figure {
    /// Overridden: derivable, but the value differs from what was logged.
    pub fn overridden(&self) -> bool {
        self.derived.is_some() && self.source == Source::Entered
    }

    /// The value as a page shows it ("–" when blank).
    pub fn shown(&self) -> String {
        self.value.map_or_else(|| "–".to_owned(), |v| v.to_string())
    }
}

/// An extra measure asked for in the return.
#[derive(Clone, Debug)]
pub struct Measure {
    pub id: i64,
    /// The organisation that added it for itself; None: the national body's.
    pub org_id: Option<i64>,
    pub name: String,
    pub unit: String,
}

impl Measure {
    pub fn key(&self) -> String {
        format!("m{}", self.id)
    }
}

/// One organisation's return, as stored or as it would start.
#[derive(Clone, Debug)]
pub struct Return {
    pub org_id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub status: ReturnStatus,
    /// Derived figures first (in [`derived::DERIVED`]'s order), then
    /// social media, then the national body's measures, then the
    /// organisation's own.
    pub figures: Vec<Figure>,
    pub social_how: String,
    pub highlight: String,
    /// The national body's comment when it sent the return back.
    pub comment: String,
    /// Who signed it off and when (seconds).
    pub submitted: Option<(String, i64)>,
    /// Who accepted or sent it back and when.
    pub decided: Option<(String, i64)>,
}

impl Return {
    /// The figure stored under `key`.
    pub fn figure(&self, key: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.key == key)
    }

    /// What was left blank: entered figures without a value, how social
    /// media was counted (when it has a figure) and the highlight story.
    pub fn blanks(&self) -> Vec<String> {
        let mut blank: Vec<String> =
            self.figures.iter().filter(|f| f.value.is_none() && !f.own).map(|f| f.label.clone()).collect();
        if self.figure(SOCIAL).is_some_and(|f| f.value.is_some()) && self.social_how.trim().is_empty() {
            blank.push("How social media was counted".to_owned());
        }
        if self.highlight.trim().is_empty() {
            blank.push("Highlight story".to_owned());
        }
        blank
    }

    /// The figures overridden, for the dashboard: "Events held: 3 logged,
    /// 5 sent (reason)".
    pub fn overrides(&self) -> Vec<&Figure> {
        self.figures.iter().filter(|f| f.overridden()).collect()
    }

    /// The measures the organisation added for itself.
    pub fn own_measures(&self) -> Vec<&Figure> {
        self.figures.iter().filter(|f| f.own).collect()
    }
}

/// When a time in seconds falls, as people read it ("4 December 2026 at 17:16").
pub fn when(seconds: i64) -> String {
    crate::web::format_time(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(key: &str, value: Option<i64>, derived: Option<i64>, source: Source) -> Figure {
        Figure {
            key: key.to_owned(),
            label: key.to_owned(),
            unit: String::new(),
            value,
            source,
            derived,
            reason: String::new(),
            own: false,
        }
    }

    #[test]
    fn blanks_name_what_is_missing_and_overrides_what_was_changed() {
        let r = Return {
            org_id: 1,
            org_slug: "a".to_owned(),
            org_name: "A".to_owned(),
            status: ReturnStatus::Draft,
            figures: vec![
                figure("events", Some(3), Some(3), Source::Derived),
                figure("staff", Some(9), Some(4), Source::Entered),
                figure(SOCIAL, Some(120), None, Source::Entered),
                figure("m1", None, None, Source::Entered),
            ],
            social_how: String::new(),
            highlight: String::new(),
            comment: String::new(),
            submitted: None,
            decided: None,
        };
        assert_eq!(r.blanks(), ["m1", "How social media was counted", "Highlight story"]);
        assert_eq!(r.overrides().iter().map(|f| f.key.as_str()).collect::<Vec<_>>(), ["staff"]);
        assert!(ReturnStatus::Returned.editable() && !ReturnStatus::Submitted.editable());
    }
}
