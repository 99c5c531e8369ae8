//! When storage is full: recognising it in an error, and keeping track of
//! it while it lasts.
//!
//! A write refused for lack of space (SQLite `SQLITE_FULL`, PostgreSQL
//! SQLSTATE 53100 "could not extend file", or an `ENOSPC` from the system)
//! is answered 507 at once (see [`crate::error::AppError::StorageFull`]); its
//! transaction has rolled back, so nothing is half-written. [`Space`] then
//! says "storage full" on `/readyz`, writes one error line a minute rather
//! than one a request, and probes every second with a small committed write
//! until one succeeds, when it logs that writes work again. Writes are
//! never refused in advance: each is tried, so one that fits still succeeds.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::RngCore;

use super::Db;
use crate::on_db;

/// SQLite's primary result code for "database or disk is full".
const SQLITE_FULL: i32 = 13;
/// PostgreSQL's SQLSTATE for a full disk (e.g. "could not extend file").
const PG_DISK_FULL: &str = "53100";
/// `ENOSPC` on Linux and the BSDs.
const ENOSPC: i32 = 28;

/// How often the "still full" line is written while storage stays full.
const LOG_EVERY: Duration = Duration::from_secs(60);
/// How often space is probed while storage is full.
const PROBE_EVERY: Duration = Duration::from_secs(1);
/// Bytes the probe writes (and deletes): a few pages, in every backend.
const PROBE_BYTES: usize = 64 * 1024;

/// True when `err` says the database or disk is full.
pub fn is_full(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            let Some(code) = db.code() else { return false };
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // The extended code's low byte is the primary code.
                code.parse::<i32>().is_ok_and(|c| c & 0xff == SQLITE_FULL)
            } else {
                code == PG_DISK_FULL
            }
        }
        sqlx::Error::Io(io) => io.raw_os_error() == Some(ENOSPC),
        _ => false,
    }
}

/// True when anything in `err`'s chain says the database or disk is full.
pub fn is_full_chain(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<sqlx::Error>().is_some_and(is_full)
            || e.downcast_ref::<std::io::Error>().is_some_and(|io| io.raw_os_error() == Some(ENOSPC))
    })
}

/// Whether storage is known to be full, since when, and what has been said
/// about it.
#[derive(Default)]
pub struct Space {
    state: Mutex<Option<Full>>,
}

struct Full {
    since: Instant,
    logged: Instant,
    /// Writes refused since the last line in the log.
    refused_unlogged: u64,
    refused: u64,
}

impl Space {
    /// True from a write refused for lack of space until a probe succeeds.
    pub fn is_full(&self) -> bool {
        self.lock().is_some()
    }

    /// A write was refused for lack of space (`detail`: the database's
    /// words, for the log). The first refusal is logged at once and starts
    /// probing `db` for space; later ones are summed into a line a minute.
    pub fn refused(self: &std::sync::Arc<Space>, db: &Db, detail: &str) {
        let now = Instant::now();
        let mut state = self.lock();
        match state.as_mut() {
            None => {
                *state = Some(Full { since: now, logged: now, refused_unlogged: 0, refused: 1 });
                drop(state);
                tracing::error!(
                    error = detail,
                    "storage is full: writes are refused (507) until there is room again; reading still works"
                );
                tokio::spawn(probe_until_room(self.clone(), db.clone()));
            }
            Some(full) => {
                full.refused += 1;
                full.refused_unlogged += 1;
                if now.duration_since(full.logged) >= LOG_EVERY {
                    tracing::error!(
                        error = detail,
                        refused = full.refused_unlogged,
                        full_for_secs = full.since.elapsed().as_secs(),
                        "storage is still full: writes refused in the last minute"
                    );
                    full.logged = now;
                    full.refused_unlogged = 0;
                }
            }
        }
    }

    /// A probe found room: writes work again.
    fn recovered(&self) {
        if let Some(full) = self.lock().take() {
            tracing::warn!(
                full_for_secs = full.since.elapsed().as_secs(),
                refused = full.refused,
                "storage has room again: writes are accepted"
            );
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Full>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Probes every [`PROBE_EVERY`] until a write fits, then says so.
async fn probe_until_room(space: std::sync::Arc<Space>, db: Db) {
    let mut every = tokio::time::interval(PROBE_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match probe(&db).await {
            Ok(()) => {
                space.recovered();
                return;
            }
            Err(err) if is_full(&err) => {}
            Err(err) => tracing::debug!(error = %err, "storage probe failed"),
        }
    }
}

/// Writes and deletes [`PROBE_BYTES`] of random bytes (random, so that no
/// engine compresses them away), each committed: it succeeds only when the
/// database can grow by that much and the disk can take the log of it.
pub async fn probe(db: &Db) -> Result<(), sqlx::Error> {
    let mut filler = vec![0u8; PROBE_BYTES];
    rand::thread_rng().fill_bytes(&mut filler);
    on_db!(db, pool => {
        sqlx::query("INSERT INTO storage_probe (filler) VALUES ($1)").bind(&filler).execute(pool).await?;
        sqlx::query("DELETE FROM storage_probe").execute(pool).await?;
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_recognised_from_the_system_error() {
        let io = std::io::Error::from_raw_os_error(ENOSPC);
        assert!(is_full(&sqlx::Error::Io(io)));
        let other = std::io::Error::from_raw_os_error(13);
        assert!(!is_full(&sqlx::Error::Io(other)));
        let wrapped = anyhow::Error::new(sqlx::Error::Io(std::io::Error::from_raw_os_error(ENOSPC))).context("saving");
        assert!(is_full_chain(&wrapped));
        assert!(!is_full_chain(&anyhow::anyhow!("something else")));
    }
}
