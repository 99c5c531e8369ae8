//! One writer task per process for new responses. Under load, requests
//! queue here; the task takes every response waiting (up to [`BATCH`]) and
//! writes them and the sum of their tally changes in one transaction, then
//! answers each request. Nothing is acknowledged before it is committed, and
//! increments from several processes still add up (`count = count + n`).
//! A batch that fails is retried one response at a time, so one bad
//! response cannot lose the others; except when storage is full, which
//! refuses every response alike: then each is answered 507 at once.

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::answers::Valid;
use super::model::Consultation;
use super::store;
use crate::error::AppError;
use crate::storage::Db;

/// Most responses written in one transaction.
pub const BATCH: usize = 256;

struct Job {
    c: Arc<Consultation>,
    token_hash: String,
    valid: Valid,
    done: oneshot::Sender<Result<(), AppError>>,
}

/// A handle on the writer task.
#[derive(Clone)]
pub struct Writer(mpsc::Sender<Job>);

impl Writer {
    /// Starts the task on the current runtime.
    pub fn start(db: Db) -> Writer {
        let (tx, rx) = mpsc::channel(4 * BATCH);
        tokio::spawn(run(db, rx));
        Writer(tx)
    }

    /// Writes a new response (its token must be fresh) and waits until it is committed.
    pub async fn submit(&self, c: Arc<Consultation>, token_hash: String, valid: Valid) -> Result<(), AppError> {
        let (done, answer) = oneshot::channel();
        let job = Job { c, token_hash, valid, done };
        self.0.send(job).await.map_err(|_| AppError::Internal(anyhow::anyhow!("the response writer has stopped")))?;
        answer.await.map_err(|_| AppError::Internal(anyhow::anyhow!("the response writer dropped a response")))?
    }
}

async fn run(db: Db, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let mut by_consultation: BTreeMap<i64, Vec<Job>> = BTreeMap::new();
        for job in jobs {
            by_consultation.entry(job.c.id).or_default().push(job);
        }
        for (_, group) in by_consultation {
            write(&db, group).await;
        }
    }
}

async fn write(db: &Db, jobs: Vec<Job>) {
    let c = jobs[0].c.clone();
    let batch: Vec<(String, Valid)> = jobs.iter().map(|j| (j.token_hash.clone(), j.valid.clone())).collect();
    match store::submit_many(db, &c, &batch).await {
        Ok(()) => {
            for job in jobs {
                // The request may have gone (client closed); the response is stored either way.
                let _ = job.done.send(Ok(()));
            }
        }
        Err(AppError::StorageFull(detail)) => {
            for job in jobs {
                let _ = job.done.send(Err(AppError::StorageFull(detail.clone())));
            }
        }
        Err(_) => {
            for job in jobs {
                let result = store::submit(db, &job.c, &job.token_hash, &job.valid, None).await.map(|_| ());
                let _ = job.done.send(result);
            }
        }
    }
}
