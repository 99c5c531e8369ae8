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
    #[error(
        "there is no room for the backup at {0}: the disk is full. Nothing was left behind; free some space or choose another disk"
    )]
    Full(String),
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
    let written = sqlx::query("VACUUM INTO $1").bind(target.to_string_lossy().into_owned()).execute(pool).await;
    if let Err(err) = written {
        // A copy cut short is not a backup: leave nothing that looks like one.
        let _ = std::fs::remove_file(target);
        return Err(if super::space::is_full(&err) {
            BackupError::Full(target.display().to_string())
        } else {
            BackupError::Database(err)
        });
    }
    Ok(())
}
