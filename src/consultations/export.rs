//! CSV downloads: every response (one row each, one column per answer, and
//! whether it came from verified staff) for the organisation, and the
//! per-word tallies for whoever may read results.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::model::{Answer, Consultation, Kind};
use super::respond::load;
use super::results::{Figures, compute, may_read};
use super::store;
use crate::app::AppState;
use crate::auth::session::Viewer;
use crate::error::AppError;
use crate::orgs::access::Role;

fn csv_response(name: &str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

fn csv_error(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("writing CSV: {e}"))
}

/// An answer as one cell.
fn cell(c: &Consultation, key: &str, answer: &Answer) -> String {
    let Some(q) = c.question(key) else { return String::new() };
    let shown = q.choices(&c.audiences);
    let label = |i: &u32| shown.get(*i as usize).cloned().unwrap_or_default();
    match &q.kind {
        Kind::Words { .. } => {
            let words: std::collections::HashMap<u32, String> =
                super::words::selectable(&q.blocks()).into_iter().collect();
            answer
                .marks
                .iter()
                .map(|(i, m)| {
                    format!(
                        "{}: {}",
                        words.get(i).map_or("?", String::as_str),
                        if *m == super::analysis::tally::Mark::Keep { "keep" } else { "remove" }
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        Kind::Choice { .. } | Kind::Group => {
            let mut parts: Vec<String> = answer.choices.iter().map(label).collect();
            if !answer.other.is_empty() {
                parts.push(format!("Other: {}", answer.other));
            }
            parts.join("; ")
        }
        Kind::Values { .. } => answer.picks.iter().map(label).collect::<Vec<_>>().join("; "),
        Kind::Text { .. } | Kind::Suggest { .. } => answer.text.clone(),
    }
}

/// Every response, for the organisation's Board, editors and owners.
pub async fn responses_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, c) = load(&state, &slug, id).await?;
    let role = may_read(&state.db, &org, &c, viewer.0.as_ref()).await?;
    if role.is_none_or(|r| r < Role::Board) {
        return Err(AppError::NotFound);
    }
    let responses = store::responses(&state.db, c.id).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut head = vec![
        "response".to_owned(),
        "group".to_owned(),
        "verified_staff".to_owned(),
        "created".to_owned(),
        "updated".to_owned(),
    ];
    head.extend(c.questions.iter().map(|q| format!("{} {}", q.key, q.prompt)));
    out.write_record(&head).map_err(csv_error)?;
    for r in &responses {
        let mut row = vec![
            r.id.to_string(),
            r.group.clone(),
            if r.verified_staff { "yes" } else { "no" }.to_owned(),
            crate::web::format_time(r.created_at),
            crate::web::format_time(r.updated_at),
        ];
        for q in &c.questions {
            let answer = r.answers.iter().find(|(k, _, _)| *k == q.key);
            row.push(answer.map(|(k, a, _)| cell(&c, k, a)).unwrap_or_default());
        }
        out.write_record(&row).map_err(csv_error)?;
    }
    let body = out.into_inner().map_err(csv_error)?;
    Ok(csv_response(&format!("consultation-{}-responses.csv", c.id), body))
}

/// The per-word tallies of every keep/remove question.
pub async fn words_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, c) = load(&state, &slug, id).await?;
    may_read(&state.db, &org, &c, viewer.0.as_ref()).await?;
    let results = compute(&state.db, &c, None).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "question",
        "index",
        "word",
        "saw",
        "keep",
        "keep_pct",
        "remove",
        "remove_pct",
        "net",
        "polarising",
    ])
    .map_err(csv_error)?;
    for q in &results.questions {
        if let Figures::Words { words: super::analysis::tally::Suppressed::Shown { value } } = &q.figures {
            for w in value {
                out.write_record([
                    q.key.clone(),
                    w.index.to_string(),
                    w.text.clone(),
                    w.saw.to_string(),
                    w.keep.to_string(),
                    format!("{:.1}", w.keep_pct),
                    w.remove.to_string(),
                    format!("{:.1}", w.remove_pct),
                    format!("{:.3}", w.net),
                    w.polarising.to_string(),
                ])
                .map_err(csv_error)?;
            }
        }
    }
    let body = out.into_inner().map_err(csv_error)?;
    Ok(csv_response(&format!("consultation-{}-words.csv", c.id), body))
}
