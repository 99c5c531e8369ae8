//! `returns.csv`: one row per organisation taking part, with the columns
//! an import of returns would take — the organisation's short name, then
//! each figure (a derived figure followed by the reason it was changed,
//! empty when it is what was logged), how social media was counted, each
//! of the national body's measures by name, and the highlight story. The
//! status and who signed it off close the row. Written through
//! [`crate::web::spreadsheet`], which keeps formulas out.

use axum::extract::{Query, State};
use axum::response::Response;

use super::derived::DERIVED;
use super::{Return, SOCIAL, store};
use crate::app::AppState;
use crate::campaigns::access::NationalEditor;
use crate::error::AppError;
use crate::web::spreadsheet::{self, CsvQuery};

/// The file's rows, header first.
pub fn rows(returns: &[Return], measures: &[super::Measure]) -> Vec<Vec<String>> {
    let national: Vec<&super::Measure> = measures.iter().filter(|m| m.org_id.is_none()).collect();
    let mut header = vec!["organisation".to_owned(), "organisation_name".to_owned()];
    for d in DERIVED {
        header.push(d.key.to_owned());
        header.push(format!("{}_reason", d.key));
    }
    header.extend([SOCIAL.to_owned(), "social_how".to_owned()]);
    header.extend(national.iter().map(|m| m.name.clone()));
    header.extend(["highlight", "status", "submitted_by", "submitted_at"].map(str::to_owned));
    let mut out = vec![header];
    for r in returns {
        let value = |key: &str| r.figure(key).and_then(|f| f.value).map(|v| v.to_string()).unwrap_or_default();
        let mut row = vec![r.org_slug.clone(), r.org_name.clone()];
        for d in DERIVED {
            row.push(value(d.key));
            row.push(r.figure(d.key).map(|f| f.reason.clone()).unwrap_or_default());
        }
        row.extend([value(SOCIAL), r.social_how.clone()]);
        row.extend(national.iter().map(|m| value(&m.key())));
        row.push(r.highlight.clone());
        row.push(r.status.as_str().to_owned());
        let (by, at) =
            r.submitted.clone().map_or((String::new(), String::new()), |(by, at)| (by, spreadsheet::time(at)));
        row.extend([by, at]);
        out.push(row);
    }
    out
}

pub async fn csv(
    State(state): State<AppState>,
    e: NationalEditor,
    Query(q): Query<CsvQuery>,
) -> Result<Response, AppError> {
    let returns = store::load(&state.db, &e.campaign, None).await?;
    let measures = store::measures(&state.db, e.campaign.id).await?;
    let mut body = if q.bom() { spreadsheet::BOM.to_vec() } else { Vec::new() };
    body.extend(spreadsheet::rows(rows(&returns, &measures))?);
    Ok(spreadsheet::download("returns.csv", body))
}
