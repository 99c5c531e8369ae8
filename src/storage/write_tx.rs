//! Transactions that write.
//!
//! SQLite's default transaction is deferred: it reads from a snapshot and
//! asks for the write lock only at its first write. If another connection
//! wrote in between, that request fails at once with `SQLITE_BUSY`; the busy
//! timeout cannot help, as waiting would not make the snapshot current. A
//! read-then-write transaction (publishing a version reads the next number,
//! then updates) therefore failed now and then when a background job (the
//! leaflet stored after a publish, the mail sender, the response writer)
//! wrote at the same moment, and the person saw an error page. Taking the
//! lock when the transaction begins (`BEGIN IMMEDIATE`) makes it wait its
//! turn instead. PostgreSQL's transactions need nothing of the kind.

use sqlx::postgres::{PgPool, Postgres};
use sqlx::sqlite::{Sqlite, SqlitePool};
use sqlx::{Database, Transaction};

/// Opens a transaction that may write; see the module's notes.
pub trait BeginWrite {
    type Backend: Database;

    fn begin_write(&self) -> impl Future<Output = Result<Transaction<'static, Self::Backend>, sqlx::Error>> + Send;
}

impl BeginWrite for SqlitePool {
    type Backend = Sqlite;

    fn begin_write(&self) -> impl Future<Output = Result<Transaction<'static, Sqlite>, sqlx::Error>> + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for PgPool {
    type Backend = Postgres;

    fn begin_write(&self) -> impl Future<Output = Result<Transaction<'static, Postgres>, sqlx::Error>> + Send {
        self.begin()
    }
}
