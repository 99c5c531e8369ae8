//! The responses CSV's reading on SQLite, on a blocking thread with its own
//! read-only connection (`rusqlite`). Through sqlx every statement and every
//! row is handed from its database thread to the async workers, and a page
//! had to be packed into one text by SQLite (copying each answer several
//! times) to keep those hand-offs few; here rows are read where they are
//! stepped, and each answer is copied once. Each page is its own statement,
//! so no read holds the database's snapshot for a whole slow download.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::response_store::PackedResponse;
use crate::error::AppError;

/// A page of responses with their answers, in id order: the responses are
/// chosen first (`LIMIT` counts responses, not answers).
const PAGE: &str = "SELECT r.id, r.respondent_group, r.created_at, r.updated_at, r.verified_staff, \
    a.question_key, a.flagged, a.answer \
    FROM (SELECT id, respondent_group, created_at, updated_at, verified_staff FROM consultation_responses \
          WHERE consultation_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3) r \
    LEFT JOIN consultation_answers a ON a.response_id = r.id ORDER BY r.id";

pub(super) fn failed(e: rusqlite::Error) -> AppError {
    AppError::Internal(anyhow::Error::new(e).context("reading responses on SQLite"))
}

/// Walks every response of the consultation, `batch` at a time, giving
/// each page (or the error that stopped the walk) to `send`, which answers
/// false when nobody wants more. Blocks: run it on a blocking thread.
pub fn walk(
    path: &Path,
    consultation_id: i64,
    batch: i64,
    mut send: impl FnMut(Result<Vec<PackedResponse>, AppError>) -> bool,
) {
    let conn = match open(path) {
        Ok(conn) => conn,
        Err(e) => {
            send(Err(e));
            return;
        }
    };
    // Ids start at 1; a short page means there is nothing more.
    let mut after = 0_i64;
    loop {
        let page = read_page(&conn, consultation_id, after, batch);
        let (last, more) = match &page {
            Ok(page) => (page.last().map(|r| r.id), i64::try_from(page.len()).unwrap_or(i64::MAX) >= batch),
            Err(_) => (None, false),
        };
        if page.as_ref().is_ok_and(|p| p.is_empty()) || !send(page) {
            return;
        }
        match last {
            Some(last) if more => after = last,
            _ => return,
        }
    }
}

pub(super) fn open(path: &Path) -> Result<Connection, AppError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(failed)?;
    conn.busy_timeout(Duration::from_secs(10)).map_err(failed)?;
    Ok(conn)
}

fn read_page(conn: &Connection, consultation_id: i64, after: i64, limit: i64) -> Result<Vec<PackedResponse>, AppError> {
    let mut statement = conn.prepare_cached(PAGE).map_err(failed)?;
    let mut rows = statement.query((consultation_id, after, limit)).map_err(failed)?;
    let mut page: Vec<PackedResponse> = Vec::with_capacity(usize::try_from(limit).unwrap_or(0).min(4096));
    while let Some(row) = rows.next().map_err(failed)? {
        let id: i64 = row.get(0).map_err(failed)?;
        if page.last().is_none_or(|r| r.id != id) {
            let verified: i64 = row.get(4).map_err(failed)?;
            let (group, created, updated) =
                (row.get(1).map_err(failed)?, row.get(2).map_err(failed)?, row.get(3).map_err(failed)?);
            page.push(PackedResponse::new(id, group, created, updated, verified != 0));
        }
        let key = row.get_ref(5).map_err(failed)?.as_str_or_null().map_err(|e| failed(e.into()))?;
        let (Some(response), Some(key)) = (page.last_mut(), key) else { continue };
        let flagged: i64 = row.get(6).map_err(failed)?;
        let answer = row.get_ref(7).map_err(failed)?.as_str().map_err(|e| failed(e.into()))?;
        response.push_answer(key, flagged != 0, answer);
    }
    Ok(page)
}
