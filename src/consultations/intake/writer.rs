//! One writer per process for new responses. Under load, requests queue
//! here, each with its response already made ready to store; the writer
//! takes every response waiting (up to [`BATCH`]) and writes them and the
//! sum of their running figures in one transaction, then answers each
//! request. Nothing is acknowledged before it is committed, and increments
//! from several processes still add up (`count = count + n`).
//! A batch that fails is retried one response at a time, so one bad
//! response cannot lose the others; except when storage is full, which
//! refuses every response alike: then each is answered 507 at once.
//!
//! On SQLite the writer is a thread of its own with its own connection
//! ([`super::sqlite`]); on PostgreSQL it is a few tasks on the runtime.

use std::collections::BTreeMap;

use tokio::sync::{mpsc, oneshot};

use super::{NewResponse, postgres, sqlite};
use crate::consultations::answers::Valid;
use crate::consultations::model::Consultation;
use crate::error::AppError;
use crate::storage::{Db, now};

/// Most responses written in one transaction.
pub const BATCH: usize = 256;

struct Job {
    consultation: i64,
    row: NewResponse,
    done: oneshot::Sender<Result<(), AppError>>,
}

/// A handle on the writer.
#[derive(Clone)]
pub struct Writer(mpsc::Sender<Job>);

impl Writer {
    /// Starts the writer for `db`: on SQLite a thread with a connection of
    /// its own, on PostgreSQL tasks on the current runtime.
    pub async fn start(db: &Db) -> Result<Writer, AppError> {
        let (tx, rx) = mpsc::channel(4 * BATCH);
        match db {
            Db::Sqlite(pool) => {
                let mut conn = sqlite::Target::of(pool).await?.open()?;
                std::thread::Builder::new()
                    .name("ethos-responses".to_owned())
                    .spawn(move || run_sqlite(&mut conn, rx))
                    .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("starting the response writer")))?;
            }
            Db::Postgres(pool) => {
                let rx = std::sync::Arc::new(tokio::sync::Mutex::new(rx));
                for shard in 0..POSTGRES_WRITERS {
                    tokio::spawn(run_postgres(pool.clone(), shard, rx.clone()));
                }
            }
        }
        Ok(Writer(tx))
    }

    /// Writes a new response to `c` (its token must be fresh) and waits
    /// until it is committed. The response is made ready to store here, on
    /// the request's thread, so the writer does nothing but write.
    pub async fn submit(&self, c: &Consultation, token_hash: String, valid: Valid) -> Result<(), AppError> {
        let row = NewResponse::new(c, token_hash, valid)?;
        let (done, answer) = oneshot::channel();
        let job = Job { consultation: c.id, row, done };
        self.0.send(job).await.map_err(|_| AppError::Internal(anyhow::anyhow!("the response writer has stopped")))?;
        answer.await.map_err(|_| AppError::Internal(anyhow::anyhow!("the response writer dropped a response")))?
    }
}

/// Every job waiting after `first`, up to [`BATCH`] in all.
fn batch(first: Job, rx: &mut mpsc::Receiver<Job>) -> Vec<Job> {
    let mut jobs = vec![first];
    while jobs.len() < BATCH {
        match rx.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
    jobs
}

/// Answers every job of a batch with the batch's outcome, or says which
/// must be tried alone.
fn answer(jobs: Vec<Job>, result: Result<(), AppError>) -> Option<Vec<Job>> {
    match result {
        Ok(()) => {
            for job in jobs {
                // The request may have gone (client closed); the response is stored either way.
                let _ = job.done.send(Ok(()));
            }
            None
        }
        Err(AppError::StorageFull(detail)) => {
            for job in jobs {
                let _ = job.done.send(Err(AppError::StorageFull(detail.clone())));
            }
            None
        }
        Err(_) => Some(jobs),
    }
}

fn run_sqlite(conn: &mut rusqlite::Connection, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.blocking_recv() {
        let jobs = batch(first, &mut rx);
        let t = now();
        let rows: Vec<(i64, &NewResponse)> = jobs.iter().map(|j| (j.consultation, &j.row)).collect();
        let result = sqlite::write(conn, t, &rows);
        if let Some(jobs) = answer(jobs, result) {
            for job in jobs {
                let result = sqlite::write(conn, t, &[(job.consultation, &job.row)]);
                let _ = job.done.send(result);
            }
        }
    }
}

/// Batches written at once on PostgreSQL: while one commits, the next are
/// sent. Each writer adds to its own shard of the running figures, so their
/// commits do not wait for each other (with one set of rows, the second
/// batch of a consultation waited for the first's commit there); several
/// processes share the shards, and still add up (`count = count + n`).
const POSTGRES_WRITERS: i64 = 2;

async fn run_postgres(pool: sqlx::PgPool, shard: i64, rx: std::sync::Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>) {
    loop {
        let jobs = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else { return };
            batch(first, &mut rx)
        };
        let mut by_consultation: BTreeMap<i64, Vec<Job>> = BTreeMap::new();
        for job in jobs {
            by_consultation.entry(job.consultation).or_default().push(job);
        }
        for (consultation, jobs) in by_consultation {
            let t = now();
            let rows: Vec<&NewResponse> = jobs.iter().map(|j| &j.row).collect();
            let result = postgres::write(&pool, consultation, shard, t, &rows).await;
            if let Some(jobs) = answer(jobs, result) {
                for job in jobs {
                    let result = postgres::write(&pool, consultation, shard, t, &[&job.row]).await;
                    let _ = job.done.send(result);
                }
            }
        }
    }
}
