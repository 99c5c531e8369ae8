//! The strategy's two documents, as PDFs from the shared PDF crate:
//!
//! - `/o/{slug}/strategy/report.pdf?year=2025-26&quarter=3`: the Board
//!   performance report for a financial year or one of its quarters
//!   ([`board`]), for the organisation's board members, editors and owners;
//!   a period that cannot be read, or lies outside the strategy, is a 400
//!   page saying why.
//! - `/o/{slug}/strategy/summary.pdf` (`?long=1` for the longer document):
//!   the published strategy on a page ([`summary`]), for everyone, like the
//!   strategy page.
//!
//! Both print the published strategy; a draft is never printed.

pub mod board;
pub mod charts;
pub mod period;
pub mod summary;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::session::SignedIn;
use crate::consultations::report::{pdf_response, render};
use crate::error::AppError;
use crate::orgs::access::{self, Need, Role};
use crate::orgs::model::{self, Org};
use crate::strategy::measures::financial_year::FinancialYear;
use crate::strategy::plan::model::Strategy;
use crate::strategy::plan::store;
use period::ReportPeriod;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/strategy/report.pdf", get(board_report))
        .route("/o/{slug}/strategy/summary.pdf", get(summary_pdf))
}

/// The report form's fields (all optional).
#[derive(Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    quarter: String,
    #[serde(default)]
    long: String,
}

async fn published(state: &AppState, slug: &str) -> Result<(Org, Strategy), AppError> {
    let org = model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let strategy = store::published(&state.db, org.id).await?.ok_or(AppError::NotFound)?;
    Ok((org, strategy))
}

/// The strategy's year that today falls in (or its nearest end).
fn this_year(org: &Org, strategy: &Strategy) -> FinancialYear {
    strategy.year_for(FinancialYear::containing(org.today()))
}

/// Reads the period asked for, refusing one the strategy does not cover.
fn period_of(query: &PeriodQuery, org: &Org, strategy: &Strategy) -> Result<ReportPeriod, AppError> {
    let period =
        ReportPeriod::parse(&query.year, &query.quarter, this_year(org, strategy)).map_err(AppError::BadRequest)?;
    if period.year < strategy.first_year || period.year > strategy.last_year {
        return Err(AppError::BadRequest(format!(
            "The report cannot be made: {} is outside the strategy “{}”, which runs from {}.",
            period.year,
            strategy.title,
            strategy.period()
        )));
    }
    Ok(period)
}

/// `/o/{slug}/strategy/report.pdf`: the Board performance report, for
/// board members, editors and owners of the organisation (signed out: sent
/// to sign in; anyone else: 403).
pub async fn board_report(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let role = access::require(&state.db, &org, &me, Need::Member).await?;
    if role < Role::Board {
        return Err(AppError::Forbidden);
    }
    let strategy = store::published(&state.db, org.id).await?.ok_or_else(|| {
        AppError::NotFoundMessage(format!(
            "{} has no published strategy yet, so there is no Board performance report to print. \
             It reports on a published strategy's aims, objectives and measures.",
            org.name
        ))
    })?;
    let period = period_of(&query, &org, &strategy)?;
    let input = board::input(&state.db, &org, &strategy, period, org.today()).await?;
    let pdf = render(input, "a strategy's Board report", ethos_pdf::performance_report).await?;
    let quarter = period.quarter.map_or(String::new(), |q| format!("-q{q}"));
    let name = format!("{}-board-performance-report-{}{quarter}.pdf", org.slug, period.year);
    Ok(pdf_response(pdf, &name, "private, no-store"))
}

/// `/o/{slug}/strategy/summary.pdf`: the published strategy on a page
/// (`?long=1`: the longer document), for everyone.
pub async fn summary_pdf(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let (org, strategy) = published(&state, &slug).await?;
    let long = matches!(query.long.trim(), "1" | "true" | "yes");
    let period = period_of(&PeriodQuery { quarter: String::new(), ..query }, &org, &strategy)?;
    let input = summary::input(&state.db, &org, &strategy, period.year, long).await?;
    let pdf = render(input, "a strategy summary", ethos_pdf::strategy_summary).await?;
    let name = format!("{}-strategy-{}.pdf", org.slug, if long { "document" } else { "on-a-page" });
    Ok(pdf_response(pdf, &name, "public, max-age=300"))
}
