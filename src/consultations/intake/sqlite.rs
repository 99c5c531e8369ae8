//! New responses on SQLite, written by one thread with a connection of its
//! own (`rusqlite`) and statements prepared once. Through sqlx each
//! statement is a round trip between the async workers and the database's
//! thread, and a multi-row statement had to be built and compiled again for
//! every batch; here a batch is one synchronous unit on one thread: a
//! single-row statement per response, answer and running figure, each
//! already compiled, and one commit.
//!
//! The connection is opened as the pool's are (WAL, `synchronous=FULL`, the
//! same busy timeout, foreign keys and page cap), and takes the write lock
//! when its transaction begins, as every writer here does.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::NewResponse;
use crate::consultations::response_store::day_of;
use crate::error::AppError;

const INSERT_RESPONSE: &str = "INSERT INTO consultation_responses \
    (consultation_id, token_hash, respondent_group, verified_staff, created_at, updated_at) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id";

const ADD_ANSWER: &str = "INSERT INTO consultation_answers \
    (response_id, question_key, answer, flagged, search_text, consultation_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

const ADD_DAY: &str = "INSERT INTO consultation_days (consultation_id, day, count) VALUES (?1, ?2, ?3) \
    ON CONFLICT (consultation_id, day, shard) DO UPDATE SET count = consultation_days.count + excluded.count";

const ADD_TALLY: &str = "INSERT INTO consultation_tallies \
    (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, count) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
    ON CONFLICT (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, shard) \
    DO UPDATE SET count = consultation_tallies.count + excluded.count";

/// Where the database is and how its connections are held.
#[derive(Clone, Debug)]
pub struct Target {
    pub path: PathBuf,
    /// SQLite's `max_page_count` as the pool has it (a cap set for tests of
    /// a full disk holds here too).
    pub max_pages: i64,
}

impl Target {
    /// The database of `pool`, with its page cap read from a connection.
    pub async fn of(pool: &sqlx::SqlitePool) -> Result<Target, AppError> {
        let max_pages: i64 = sqlx::query_scalar("PRAGMA max_page_count").fetch_one(pool).await?;
        Ok(Target { path: pool.connect_options().get_filename().to_owned(), max_pages })
    }

    /// Opens a connection for writing.
    pub fn open(&self) -> Result<Connection, AppError> {
        open(&self.path, self.max_pages)
    }
}

fn open(path: &Path, max_pages: i64) -> Result<Connection, AppError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(failed)?;
    conn.busy_timeout(Duration::from_secs(10)).map_err(failed)?;
    // FULL: nothing is acknowledged before it has reached the disk.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;",
    )
    .map_err(failed)?;
    conn.query_row(&format!("PRAGMA max_page_count = {max_pages}"), [], |_| Ok(())).map_err(failed)?;
    Ok(conn)
}

/// A SQLite error as the rest of Ethos sees it: a full database or disk is
/// [`AppError::StorageFull`].
pub fn failed(e: rusqlite::Error) -> AppError {
    let full = matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::DiskFull);
    if full {
        AppError::StorageFull(e.to_string())
    } else {
        AppError::Internal(anyhow::Error::new(e).context("storing responses"))
    }
}

/// Stores `rows` (new responses, each with its consultation's id, made at
/// `t`) and adds their running figures, in one transaction.
pub fn write(conn: &mut Connection, t: i64, rows: &[(i64, &NewResponse)]) -> Result<(), AppError> {
    if rows.is_empty() {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(failed)?;
    {
        let mut response = tx.prepare_cached(INSERT_RESPONSE).map_err(failed)?;
        let mut answer = tx.prepare_cached(ADD_ANSWER).map_err(failed)?;
        for (consultation, row) in rows {
            let id: i64 = response
                .query_row((consultation, &row.token_hash, &row.group, row.verified, t), |r| r.get(0))
                .map_err(failed)?;
            for a in &row.answers {
                answer
                    .execute((id, &a.question_key, &a.json, a.flagged, &a.search_text, consultation))
                    .map_err(failed)?;
            }
        }
        let mut day = tx.prepare_cached(ADD_DAY).map_err(failed)?;
        let mut tally = tx.prepare_cached(ADD_TALLY).map_err(failed)?;
        for (consultation, group) in by_consultation(rows) {
            day.execute((consultation, day_of(t), group.len() as i64)).map_err(failed)?;
            for (k, n) in super::summed(group) {
                tally
                    .execute((consultation, &k.question, k.kind, k.item, k.position, &k.group, k.verified, n))
                    .map_err(failed)?;
            }
        }
    }
    tx.commit().map_err(failed)
}

/// `rows` by consultation, in order of id.
fn by_consultation<'a>(rows: &[(i64, &'a NewResponse)]) -> std::collections::BTreeMap<i64, Vec<&'a NewResponse>> {
    let mut out: std::collections::BTreeMap<i64, Vec<&NewResponse>> = Default::default();
    for (consultation, row) in rows {
        out.entry(*consultation).or_default().push(row);
    }
    out
}
