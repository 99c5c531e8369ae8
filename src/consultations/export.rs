//! CSV downloads: every response (one row each, one column per answer, and
//! whether it came from verified staff) for the organisation, and the
//! per-word tallies for whoever may read results.
//!
//! The responses CSV is streamed: its header goes out at once, then the rows
//! of one page of responses at a time, so memory stays flat however many
//! people answered.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt, TryStreamExt, stream};

use super::analysis::tally::Mark;
use super::model::{Answer, Consultation, Kind};
use super::respond::load;
use super::results::{Figures, compute, may_read};
use super::store::{self, StoredResponse};
use crate::app::AppState;
use crate::auth::session::Viewer;
use crate::error::AppError;
use crate::orgs::access::Role;
use crate::storage::Db;

/// How many responses the responses CSV reads from the database at a time.
pub const BATCH: i64 = 500;

fn csv_response(name: &str, body: impl Into<Body>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body.into(),
    )
        .into_response()
}

fn csv_error(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("writing CSV: {e}"))
}

/// How one question's answers become a cell, worked out once per download
/// rather than once per response.
enum Column {
    /// Keep/remove marks, with the text of each selectable word.
    Words(HashMap<u32, String>),
    /// Chosen options (and "Other: …"), by the labels shown.
    Choices(Vec<String>),
    /// Picked values, in the order picked.
    Picks(Vec<String>),
    Text,
}

/// The questions of a consultation as CSV columns, in order.
struct Columns {
    questions: Vec<(String, Column)>,
}

impl Columns {
    fn new(c: &Consultation) -> Columns {
        let questions = c
            .questions
            .iter()
            .map(|q| {
                let column = match &q.kind {
                    Kind::Words { .. } => Column::Words(super::words::selectable(&q.blocks()).into_iter().collect()),
                    Kind::Choice { .. } | Kind::Group => Column::Choices(q.choices(&c.audiences)),
                    Kind::Values { .. } => Column::Picks(q.choices(&c.audiences)),
                    Kind::Text { .. } | Kind::Suggest { .. } => Column::Text,
                };
                (q.key.clone(), column)
            })
            .collect();
        Columns { questions }
    }

    /// The header row: the response's own columns, then one per question.
    fn header(c: &Consultation) -> Vec<String> {
        let mut head = vec![
            "response".to_owned(),
            "group".to_owned(),
            "verified_staff".to_owned(),
            "created".to_owned(),
            "updated".to_owned(),
        ];
        head.extend(c.questions.iter().map(|q| format!("{} {}", q.key, q.prompt)));
        head
    }

    fn row(&self, r: &StoredResponse) -> Vec<String> {
        let mut row = vec![
            r.id.to_string(),
            r.group.clone(),
            if r.verified_staff { "yes" } else { "no" }.to_owned(),
            crate::web::format_time(r.created_at),
            crate::web::format_time(r.updated_at),
        ];
        for (key, column) in &self.questions {
            let answer = r.answers.iter().find(|(k, _, _)| k == key);
            row.push(answer.map(|(_, a, _)| cell(column, a)).unwrap_or_default());
        }
        row
    }
}

/// An answer as one cell. Written text is given as stored: an editor's
/// redaction has already replaced it there.
fn cell(column: &Column, answer: &Answer) -> String {
    let label = |shown: &[String], i: &u32| shown.get(*i as usize).cloned().unwrap_or_default();
    match column {
        // Marks on a translated text: its word positions are not the English ones.
        Column::Words(_) if !answer.language.is_empty() => answer
            .marks
            .iter()
            .map(|(i, m)| format!("{} word {i}: {}", answer.language, if *m == Mark::Keep { "keep" } else { "remove" }))
            .collect::<Vec<_>>()
            .join("; "),
        Column::Words(words) => answer
            .marks
            .iter()
            .map(|(i, m)| {
                format!(
                    "{}: {}",
                    words.get(i).map_or("?", String::as_str),
                    if *m == Mark::Keep { "keep" } else { "remove" }
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        Column::Choices(shown) => {
            let mut parts: Vec<String> = answer.choices.iter().map(|i| label(shown, i)).collect();
            if !answer.other.is_empty() {
                parts.push(format!("Other: {}", answer.other));
            }
            parts.join("; ")
        }
        Column::Picks(shown) => answer.picks.iter().map(|i| label(shown, i)).collect::<Vec<_>>().join("; "),
        Column::Text => answer.text.clone(),
    }
}

fn csv_bytes(records: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for record in records {
        out.write_record(&record).map_err(csv_error)?;
    }
    out.into_inner().map_err(csv_error)
}

/// The responses CSV of `c` as chunks of bytes: the header row first, before
/// anything is read, then the rows of `batch` responses at a time, read in
/// id order from just after the last response sent, so each response
/// appears once, in order. Responses sent while the download runs may or may
/// not be in it.
pub fn response_rows(db: Db, c: &Consultation, batch: i64) -> impl Stream<Item = Result<Vec<u8>, AppError>> + use<> {
    let header = csv_bytes([Columns::header(c)]);
    let columns = Arc::new(Columns::new(c));
    let consultation_id = c.id;
    let batch = batch.max(1);
    // The state is the id to read after, or None once a short page showed
    // there is nothing more. Ids start at 1.
    let pages = stream::try_unfold(Some(0_i64), move |after| {
        let (db, columns) = (db.clone(), Arc::clone(&columns));
        async move {
            let Some(after) = after else { return Ok(None) };
            let page = store::responses_after(&db, consultation_id, after, batch).await?;
            let Some(last) = page.last().map(|r| r.id) else { return Ok(None) };
            let next = (i64::try_from(page.len()).unwrap_or(i64::MAX) >= batch).then_some(last);
            let chunk = csv_bytes(page.iter().map(|r| columns.row(r)))?;
            Ok(Some((chunk, next)))
        }
    });
    stream::once(std::future::ready(header)).chain(pages)
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
    let consultation_id = c.id;
    // The status and headers have gone by the time a page fails to read, so
    // the error cannot become an error page. It is logged, and the stream
    // ends with an error, which makes the server cut the connection rather
    // than end the body normally: the download is seen to have failed instead
    // of looking like a complete file with rows missing.
    let body = response_rows(state.db.clone(), &c, BATCH).map_ok(Bytes::from).map_err(move |e| {
        let detail = match &e {
            AppError::Internal(err) => format!("{err:#}"),
            other => other.to_string(),
        };
        tracing::error!(error = detail, consultation_id, "responses CSV stopped part way");
        std::io::Error::other("the responses CSV could not be read to the end")
    });
    Ok(csv_response(&format!("consultation-{}-responses.csv", c.id), Body::from_stream(body)))
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
