//! One writer per process for rows that arrive many at a time (survey
//! responses, feedback). Under load, requests queue here, each with its row
//! already made ready to store; the writer takes every row waiting (up to
//! [`BATCH`]) and writes them in one transaction, then answers each request
//! with what was stored for it. Nothing is acknowledged before it is
//! committed, and one commit (one wait for the disk) serves the whole batch.
//! A batch that fails is retried one row at a time, so one bad row cannot
//! lose the others; except when storage is full, which refuses every row
//! alike: then each is answered 507 at once.
//!
//! On SQLite the writer is a thread of its own with its own connection
//! ([`super::sqlite_conn`]); on PostgreSQL it is two tasks on the runtime,
//! with a third now and then for upkeep ([`Batch::upkeep`]: emptying a
//! search index's pending list, so that no batch has to).
//! What a batch writes is the [`Batch`] implementation's business.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::Postgres;
use sqlx::pool::PoolConnection;
use tokio::sync::{Mutex, mpsc, oneshot};

use super::Db;
use super::sqlite_conn::Target;
use crate::error::AppError;

/// Most rows written in one transaction.
pub const BATCH: usize = 256;

/// Batches written at once on PostgreSQL: while one commits, the next is
/// sent. Each writer has a number (0, 1), which a [`Batch`] may use to keep
/// its running figures apart per writer (consultations do) so that the two
/// commits do not wait for each other. Two batches that meet on the same
/// rows (a sequence) take them in the same order, so the second waits for
/// the first's commit there and never in a circle.
const POSTGRES_WRITERS: i64 = 2;

/// How one kind of row is written, many at a time.
pub trait Batch: Send + Sync + 'static {
    /// A row made ready to store on the request's own thread.
    type Row: Send + Sync + 'static;
    /// What the request is told once its row is committed.
    type Stored: Send + 'static;

    /// The SQLite writer thread's name.
    const THREAD: &'static str;

    /// On PostgreSQL, rows of different parts go in transactions of their
    /// own (by default one part).
    fn part(_row: &Self::Row) -> i64 {
        0
    }

    /// Writes `rows` in one transaction; what was stored, in their order.
    fn sqlite(conn: &mut rusqlite::Connection, rows: &[&Self::Row]) -> Result<Vec<Self::Stored>, AppError>;

    /// The same on PostgreSQL, for rows of one part, by writer `writer`
    /// (0 or 1) on its own connection.
    fn postgres(
        conn: &mut sqlx::PgConnection,
        writer: i64,
        rows: &[&Self::Row],
    ) -> impl Future<Output = Result<Vec<Self::Stored>, AppError>> + Send;

    /// On PostgreSQL, work that keeps writing quick, done on a task of its
    /// own while rows arrive: at most one at a time, started after a batch
    /// at most every [`UPKEEP_EVERY`] (by default nothing).
    fn upkeep(_pool: &sqlx::PgPool) -> impl Future<Output = Result<(), AppError>> + Send {
        async { Ok(()) }
    }
}

/// How often, at most, [`Batch::upkeep`] runs while rows arrive.
const UPKEEP_EVERY: Duration = Duration::from_millis(200);

/// How long [`Batch::upkeep`] waits after it failed.
const UPKEEP_AFTER_FAILING: Duration = Duration::from_secs(60);

/// When [`Batch::upkeep`] may next start (far ahead while it runs).
struct Upkeep {
    pool: sqlx::PgPool,
    due: std::sync::Mutex<Instant>,
}

impl Upkeep {
    /// Starts `B`'s upkeep on a task of its own if it is due.
    fn after_batch<B: Batch>(self: &Arc<Upkeep>) {
        let now = Instant::now();
        {
            let mut due = self.due.lock().unwrap_or_else(|e| e.into_inner());
            if now < *due {
                return;
            }
            *due = now + UPKEEP_AFTER_FAILING;
        }
        let this = Arc::clone(self);
        tokio::spawn(async move {
            let wait = match B::upkeep(&this.pool).await {
                Ok(()) => UPKEEP_EVERY,
                Err(err) => {
                    tracing::warn!(writer = B::THREAD, error = %err, "the writer's upkeep failed; it tries again in a minute");
                    UPKEEP_AFTER_FAILING
                }
            };
            *this.due.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now() + wait;
        });
    }
}

struct Job<B: Batch> {
    row: B::Row,
    done: oneshot::Sender<Result<B::Stored, AppError>>,
}

/// A handle on a writer.
pub struct Writer<B: Batch>(mpsc::Sender<Job<B>>);

impl<B: Batch> Clone for Writer<B> {
    fn clone(&self) -> Self {
        Writer(self.0.clone())
    }
}

impl<B: Batch> Writer<B> {
    /// Starts a writer for `db`: on SQLite a thread with a connection of
    /// its own, on PostgreSQL tasks on the current runtime. It stops when
    /// the last handle is dropped.
    pub async fn start(db: &Db) -> Result<Writer<B>, AppError> {
        let (tx, rx) = mpsc::channel(4 * BATCH);
        match db {
            Db::Sqlite(pool) => {
                let mut conn = Target::of(pool).await?.open()?;
                std::thread::Builder::new()
                    .name(B::THREAD.to_owned())
                    .spawn(move || run_sqlite::<B>(&mut conn, rx))
                    .map_err(|e| AppError::Internal(anyhow::Error::new(e).context(B::THREAD)))?;
            }
            Db::Postgres(shared) => {
                let pool = writers_pool(shared);
                let rx = Arc::new(Mutex::new(rx));
                let upkeep = Arc::new(Upkeep { pool: shared.clone(), due: std::sync::Mutex::new(Instant::now()) });
                for writer in 0..POSTGRES_WRITERS {
                    tokio::spawn(run_postgres::<B>(pool.clone(), writer, rx.clone(), upkeep.clone()));
                }
            }
        }
        Ok(Writer(tx))
    }

    /// Writes `row` with whatever else is waiting and answers once it is
    /// committed.
    pub async fn write(&self, row: B::Row) -> Result<B::Stored, AppError> {
        let (done, answer) = oneshot::channel();
        let stopped = || AppError::Internal(anyhow::anyhow!("the writer {} has stopped", B::THREAD));
        self.0.send(Job { row, done }).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// The writers' own connections to PostgreSQL, made from the process's
/// pool's settings when first needed. A writer keeps its connection from
/// batch to batch: the pool checks a connection with a round trip (a
/// ping) each time it is taken and again each time it is given back,
/// which would triple the round trips of every batch.
fn writers_pool(shared: &sqlx::PgPool) -> sqlx::PgPool {
    sqlx::postgres::PgPoolOptions::new()
        .max_connections(POSTGRES_WRITERS as u32)
        .acquire_timeout(super::ACQUIRE_TIMEOUT)
        .after_release(|conn, _| Box::pin(async move { super::settled(conn).await }))
        .connect_lazy_with((*shared.connect_options()).clone())
}

/// Writes `rows` on the writer's own connection (`held`), taking one first
/// when it has none. After a failure the connection is given back, where
/// the pool's check closes it if it has broken (the server restarted, say),
/// so the next write (the batch's retry, a row at a time) takes a sound one.
async fn write_postgres<B: Batch>(
    pool: &sqlx::PgPool,
    held: &mut Option<PoolConnection<Postgres>>,
    writer: i64,
    rows: &[&B::Row],
) -> Result<Vec<B::Stored>, AppError> {
    let conn = match held {
        Some(conn) => conn,
        None => held.insert(pool.acquire().await?),
    };
    let result = B::postgres(conn, writer, rows).await;
    if result.is_err() {
        *held = None;
    }
    result
}

/// Every job waiting after `first`, up to [`BATCH`] in all.
fn batch<B: Batch>(first: Job<B>, rx: &mut mpsc::Receiver<Job<B>>) -> Vec<Job<B>> {
    let mut jobs = vec![first];
    while jobs.len() < BATCH {
        match rx.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
    jobs
}

/// Answers every job of a batch with the batch's outcome, or gives back
/// those that must be tried alone.
fn answer<B: Batch>(jobs: Vec<Job<B>>, result: Result<Vec<B::Stored>, AppError>) -> Option<Vec<Job<B>>> {
    match result {
        Ok(stored) if stored.len() == jobs.len() => {
            for (job, stored) in jobs.into_iter().zip(stored) {
                // The request may have gone (client closed); the row is stored either way.
                let _ = job.done.send(Ok(stored));
            }
            None
        }
        Ok(_) => {
            for job in jobs {
                let _ = job.done.send(Err(AppError::Internal(anyhow::anyhow!("{} lost count", B::THREAD))));
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

/// The one answer of a row written alone.
fn single<S>(result: Result<Vec<S>, AppError>) -> Result<S, AppError> {
    result?.pop().ok_or_else(|| AppError::Internal(anyhow::anyhow!("a row written alone was not stored")))
}

fn run_sqlite<B: Batch>(conn: &mut rusqlite::Connection, mut rx: mpsc::Receiver<Job<B>>) {
    while let Some(first) = rx.blocking_recv() {
        let jobs = batch(first, &mut rx);
        let rows: Vec<&B::Row> = jobs.iter().map(|j| &j.row).collect();
        let result = B::sqlite(conn, &rows);
        if let Some(jobs) = answer(jobs, result) {
            for job in jobs {
                let result = single(B::sqlite(conn, &[&job.row]));
                let _ = job.done.send(result);
            }
        }
    }
}

async fn run_postgres<B: Batch>(
    pool: sqlx::PgPool,
    writer: i64,
    rx: Arc<Mutex<mpsc::Receiver<Job<B>>>>,
    upkeep: Arc<Upkeep>,
) {
    let mut held = None;
    loop {
        let jobs = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else { return };
            batch(first, &mut rx)
        };
        let mut parts: BTreeMap<i64, Vec<Job<B>>> = BTreeMap::new();
        for job in jobs {
            parts.entry(B::part(&job.row)).or_default().push(job);
        }
        for jobs in parts.into_values() {
            let rows: Vec<&B::Row> = jobs.iter().map(|j| &j.row).collect();
            let result = write_postgres::<B>(&pool, &mut held, writer, &rows).await;
            if let Some(jobs) = answer(jobs, result) {
                for job in jobs {
                    let result = single(write_postgres::<B>(&pool, &mut held, writer, &[&job.row]).await);
                    let _ = job.done.send(result);
                }
            }
        }
        upkeep.after_batch::<B>();
    }
}
