//! The themes keeper's reads on SQLite, on a blocking thread with its own
//! read-only connection (`rusqlite`), as the responses CSV reads
//! ([`super::sqlite_pages`]). Through sqlx every row is handed from the
//! database's thread to the async workers one by one: reading the stamps
//! of the last few seconds of a busy consultation (tens of thousands of
//! rows) took a tenth of a second that way, almost all of it in hand-offs.

use std::path::PathBuf;

use rusqlite::Connection;

use super::sqlite_pages::{failed, open};
use crate::error::AppError;

/// Runs `read` with a read-only connection to the database at `path`, on a
/// blocking thread.
async fn reading<T: Send + 'static>(
    path: PathBuf,
    read: impl FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(move || read(&open(&path)?))
        .await
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("reading on SQLite")))?
}

/// (id, time of change) of the responses changed at or after `since`.
pub async fn stamps_since(path: PathBuf, consultation: i64, since: i64) -> Result<Vec<(i64, i64)>, AppError> {
    const SQL: &str =
        "SELECT id, updated_at FROM consultation_responses WHERE consultation_id = ?1 AND updated_at >= ?2";
    reading(path, move |conn| {
        let mut statement = conn.prepare(SQL).map_err(failed)?;
        let rows = statement.query_map((consultation, since), |row| Ok((row.get(0)?, row.get(1)?))).map_err(failed)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(failed)
    })
    .await
}

/// (response id, answer) of the answers to question `key` whose response
/// id lies in one of `ranges` (inclusive).
pub async fn answers_in(
    path: PathBuf,
    consultation: i64,
    key: String,
    ranges: Vec<(i64, i64)>,
) -> Result<Vec<(i64, String)>, AppError> {
    const SQL: &str = "SELECT response_id, answer FROM consultation_answers \
                       WHERE consultation_id = ?1 AND question_key = ?2 AND response_id BETWEEN ?3 AND ?4";
    reading(path, move |conn| {
        let mut statement = conn.prepare(SQL).map_err(failed)?;
        let mut found = Vec::new();
        for (from, to) in ranges {
            let rows = statement
                .query_map((consultation, &key, from, to), |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(failed)?;
            for row in rows {
                found.push(row.map_err(failed)?);
            }
        }
        Ok(found)
    })
    .await
}

/// (response id, answer) of every written answer to question `key`.
pub async fn all_written(path: PathBuf, consultation: i64, key: String) -> Result<Vec<(i64, String)>, AppError> {
    const SQL: &str = "SELECT response_id, answer FROM consultation_answers \
                       WHERE consultation_id = ?1 AND question_key = ?2 AND search_text <> ''";
    reading(path, move |conn| {
        let mut statement = conn.prepare(SQL).map_err(failed)?;
        let rows = statement.query_map((consultation, &key), |row| Ok((row.get(0)?, row.get(1)?))).map_err(failed)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(failed)
    })
    .await
}
