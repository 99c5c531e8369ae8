//! `…/returns.pdf`: the national dashboard printed, for a Board or a report
//! to those taking part (the national body's editors and owners): the
//! response and completeness, the totals beside the previous edition, every
//! organisation's figures and the highlight stories of the returns sent.
//! The figures are [`dashboard::data`]'s, so the PDF and the page agree.

use axum::extract::State;
use axum::response::Response;

use super::dashboard::{self, Dashboard};
use super::store;
use crate::app::AppState;
use crate::campaigns::access::NationalEditor;
use crate::campaigns::model::{Campaign, long_day};
use crate::consultations::report::{pdf_response, render};
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::now;

/// The response in one sentence, as the dashboard words it.
pub fn response(d: &Dashboard) -> String {
    format!(
        "{} of {} organisations taking part have sent their return: {} accepted, {} waiting for a decision. {} sent \
         back, {} not sent yet.",
        d.sent(),
        d.taking_part,
        d.accepted,
        d.submitted,
        d.sent_back,
        d.not_sent
    )
}

/// A campaign's name with its edition ("Values Week 2026"), unless the
/// name says the year already.
fn with_edition(c: &Campaign) -> String {
    let year = c.edition.to_string();
    if c.name.contains(&year) { c.name.clone() } else { format!("{} {year}", c.name) }
}

/// What the PDF prints, from the dashboard's figures.
pub fn input(org: &Org, c: &Campaign, d: &Dashboard, produced: String) -> ethos_pdf::ReturnsSummary {
    let dates = match c.original_dates() {
        Some(first) => format!("{}, moved from {first}", c.dates()),
        None => c.dates(),
    };
    let deadline = store::deadline(c, d.due_days).map(|date| format!("Returns are due by {}.", long_day(date)));
    let totals = d
        .totals
        .iter()
        .map(|t| ethos_pdf::SummaryTotal {
            label: t.label.clone(),
            total: t.total.to_string(),
            given: t.given.to_string(),
            before: d.before(&t.label),
        })
        .collect();
    let orgs = d
        .returns
        .iter()
        .map(|r| ethos_pdf::SummaryOrg {
            name: r.org_name.clone(),
            status: r.status.label().to_owned(),
            figures: d
                .totals
                .iter()
                .map(|t| match r.figure(&t.key) {
                    Some(f) if f.overridden() => format!("{}*", f.shown()),
                    Some(f) => f.shown(),
                    None => "–".to_owned(),
                })
                .collect(),
        })
        .collect();
    ethos_pdf::ReturnsSummary {
        org_name: org.name.clone(),
        campaign: with_edition(c),
        dates,
        response: response(d),
        deadline: deadline.unwrap_or_default(),
        blanks: d.blanks.iter().map(|(field, n)| format!("{field}: left blank in {n} of {}", d.sent())).collect(),
        previous: d.previous.as_ref().map(|(p, _)| with_edition(p)).unwrap_or_default(),
        totals,
        columns: d.totals.iter().map(|t| t.label.clone()).collect(),
        orgs,
        highlights: d
            .returns
            .iter()
            .filter(|r| r.status.sent() && !r.highlight.trim().is_empty())
            .map(|r| (r.org_name.clone(), r.highlight.clone()))
            .collect(),
        produced,
    }
}

pub async fn pdf(State(state): State<AppState>, e: NationalEditor) -> Result<Response, AppError> {
    let d = dashboard::data(&state.db, &e.campaign).await?;
    let produced = format!("Produced {} by Ethos", e.org.zone.date(now()));
    let summary = input(&e.org, &e.campaign, &d, produced);
    let pdf = render(summary, "a summary of returns", ethos_pdf::returns_summary).await?;
    let name = format!("{}-{}-returns-summary.pdf", e.org.slug, e.campaign.slug);
    Ok(pdf_response(pdf, &name, "private, no-store"))
}
