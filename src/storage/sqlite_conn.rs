//! Connections of our own to the SQLite database (`rusqlite`), for the
//! writers that batch many requests' rows into one transaction
//! ([`super::group_commit`]) and for the few bulk writes that go the same
//! way. Through sqlx each statement is a round trip between the async
//! workers and the database's thread; here a batch is one synchronous unit
//! on one thread, with statements compiled once and kept.
//!
//! A connection is opened as the pool's are (WAL, `synchronous=FULL`, the
//! same busy timeout, foreign keys and page cap), and takes the write lock
//! when its transaction begins, as every writer here does.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::error::AppError;

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
        AppError::Internal(anyhow::Error::new(e).context("writing to SQLite"))
    }
}
