//! Online backup of a SQLite database.
//!
//! `VACUUM INTO` reads the database inside one read transaction, so the copy is
//! consistent even while the server keeps writing (WAL lets writers go on).

use std::path::Path;

use super::Db;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("backup works on SQLite databases; for PostgreSQL use pg_dump")]
    NotSqlite,
    #[error("{0} already exists; choose a new file name")]
    Exists(String),
    #[error("the backup failed: {0}")]
    Database(#[from] sqlx::Error),
}

/// Writes a consistent copy of the database to `target`, which must not exist.
pub async fn backup(db: &Db, target: &Path) -> Result<(), BackupError> {
    let Db::Sqlite(pool) = db else {
        return Err(BackupError::NotSqlite);
    };
    if target.exists() {
        return Err(BackupError::Exists(target.display().to_string()));
    }
    sqlx::query("VACUUM INTO $1").bind(target.to_string_lossy().into_owned()).execute(pool).await?;
    Ok(())
}
