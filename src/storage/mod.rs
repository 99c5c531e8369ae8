//! One storage seam for SQLite and PostgreSQL.
//!
//! Queries are written once, in the SQL both engines accept (`$1` placeholders,
//! `RETURNING`, times as integer seconds), and run against whichever pool the
//! database URL chose. [`on_db!`] type-checks a block once per backend, so a
//! query that one engine cannot bind fails to compile rather than at run time.
//! Each backend keeps its own migrations under `migrations/<backend>/`.

pub mod backup;
pub mod changes;
pub mod group_commit;
pub(crate) mod search_index;
mod sessions;
pub mod space;
pub mod sqlite_conn;
mod write_tx;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub use sessions::SessionStore;
pub use write_tx::BeginWrite;

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool of whichever backend is
/// in use. The body is compiled once per backend.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::storage::Db::Sqlite($pool) => $body,
            $crate::storage::Db::Postgres($pool) => $body,
        }
    };
}

/// Longest wait for a PostgreSQL connection, including connecting. When the
/// server is down, a request is answered 503 after this long rather than
/// hanging; under load, a request still waiting after it is shed the same way.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_millis(1500);

/// Failures opening or preparing the database.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("the database URL must start with sqlite:// or postgres:// (got {0:?})")]
    UnknownScheme(String),
    #[error("could not create the folder for the database file: {0}")]
    Folder(#[from] std::io::Error),
    #[error("could not open the database: {0}")]
    Connect(#[from] sqlx::Error),
    #[error("could not bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("could not make the index for searching written answers: {0}")]
    SearchIndex(sqlx::Error),
}

/// Held by `ethos serve` on a SQLite database for as long as it runs.
/// SQLite is served by one process: its writer batches responses on the
/// assumption that it is the only one, and nothing tells a second process
/// of the first one's changes (that is PostgreSQL's job, see [`changes`]).
#[derive(Debug)]
pub struct ServingLock {
    _file: std::fs::File,
}

/// Failures taking the [`ServingLock`].
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another `ethos serve` is already using the SQLite database {0}; SQLite is served by one process \
         (to run several, use PostgreSQL: see docs/deployment.md)"
    )]
    Taken(String),
    #[error("could not open the lock file {0}: {1}")]
    Open(String, std::io::Error),
}

/// Takes the [`ServingLock`] of the SQLite database `url` (a file beside it,
/// `NAME.serving`); nothing on PostgreSQL or for a database in memory. The
/// lock goes with the process, however it ends.
pub fn serving_lock(url: &str) -> Result<Option<ServingLock>, LockError> {
    let Ok(options) = SqliteConnectOptions::from_str(url) else { return Ok(None) };
    let path = options.get_filename();
    if !url.starts_with("sqlite:") || path.as_os_str().is_empty() || path.to_string_lossy().contains(":memory:") {
        return Ok(None);
    }
    let mut name = path.as_os_str().to_owned();
    name.push(".serving");
    let shown = std::path::Path::new(&name).display().to_string();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&name)
        .map_err(|e| LockError::Open(shown.clone(), e))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(ServingLock { _file: file })),
        Err(std::fs::TryLockError::WouldBlock) => Err(LockError::Taken(path.display().to_string())),
        Err(std::fs::TryLockError::Error(e)) => Err(LockError::Open(shown, e)),
    }
}

impl Db {
    /// Opens the database named by `url`: `sqlite://PATH` or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, OpenError> {
        Db::connect_capped(url, None).await
    }

    /// [`Db::connect`], holding a SQLite database to at most `max_pages`
    /// pages (SQLite's `max_page_count`; writes beyond it fail as on a full
    /// disk). PostgreSQL ignores the cap.
    pub async fn connect_capped(url: &str, max_pages: Option<u64>) -> Result<Db, OpenError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a write we acknowledge has reached the disk, not only
                // the page cache, so it survives power loss as well as a kill.
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .pragma("temp_store", "memory");
            let options = match max_pages {
                Some(pages) => options.pragma("max_page_count", pages.to_string()),
                None => options,
            };
            if let Some(parent) = options.get_filename().parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent)?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .min_connections(1)
                .after_release(|conn, _| Box::pin(async move { settled(conn).await }))
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .after_release(|conn, _| Box::pin(async move { settled(conn).await }))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(OpenError::UnknownScheme(url.split(':').next().unwrap_or("").to_owned()))
        }
    }

    /// Applies every pending migration of this backend.
    pub async fn migrate(&self) -> Result<(), OpenError> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => {
                sqlx::migrate!("./migrations/postgres").run(pool).await?;
                search_index::ensure(pool).await.map_err(OpenError::SearchIndex)?;
            }
        }
        Ok(())
    }

    /// Short name of the backend, for logs and the start-up line.
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// True when the database answers a trivial query within
    /// [`ACQUIRE_TIMEOUT`] (a connection that hangs counts as down).
    pub async fn ping(&self) -> bool {
        let query = async { on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.is_ok()) };
        tokio::time::timeout(ACQUIRE_TIMEOUT, query).await.unwrap_or(false)
    }

    /// Closes every connection, waiting for those in use.
    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

/// Whether a connection given back to the pool may be used again: only
/// when it is outside any transaction. A transaction dropped after an error
/// is rolled back on the way in; but when the database had already rolled
/// it back itself (SQLite does on `SQLITE_FULL`, `SQLITE_IOERR`,
/// `SQLITE_NOMEM`), that `ROLLBACK` fails and sqlx still counts the
/// transaction as open. Kept, such a connection would turn its next
/// transaction into a savepoint whose "commit" commits nothing; an
/// acknowledged write could then be lost. It is closed instead.
pub(crate) async fn settled<C: sqlx::Connection>(conn: &mut C) -> Result<bool, sqlx::Error> {
    if !conn.is_in_transaction() {
        return Ok(true);
    }
    // The rollback of a dropped transaction may still be queued: let it run.
    conn.ping().await?;
    Ok(!conn.is_in_transaction())
}

/// Seconds since the Unix epoch: how every time is stored.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// True when `err` is a violation of a unique constraint (a duplicate).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error().is_some_and(|e| e.is_unique_violation())
}
