//! Published consultations held in memory for the submission path, so that
//! storing a response reads nothing from the database but the write itself.
//!
//! Every change made through the consultation's pages forgets the copy at
//! once (see [`forget_after`]) and tells the other processes sharing the
//! PostgreSQL database, which forget theirs ([`crate::storage::changes`]).
//! A copy is never used for more than [`FRESH`] in any case.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::model::Consultation;
use super::store;
use crate::app::AppState;
use crate::error::AppError;
use crate::storage::Db;
use crate::storage::changes::{Announcer, Change};

/// How long a copy is trusted.
pub const FRESH: Duration = Duration::from_secs(1);

/// Most consultations kept; beyond it the cache starts again.
const MOST: usize = 10_000;

/// A copy and when it was read.
type Copy = (Instant, Arc<Consultation>);

#[derive(Clone, Default)]
pub struct Live {
    held: Arc<RwLock<HashMap<i64, Copy>>>,
    announcer: Announcer,
}

impl Live {
    /// Holds nothing yet; forgetting is announced through `announcer`.
    pub fn new(announcer: Announcer) -> Live {
        Live { held: Default::default(), announcer }
    }

    /// Consultation `id` as stored at most [`FRESH`] ago.
    pub async fn get(&self, db: &Db, id: i64) -> Result<Option<Arc<Consultation>>, AppError> {
        if let Some((at, c)) = self.held.read().unwrap_or_else(|e| e.into_inner()).get(&id)
            && at.elapsed() < FRESH
        {
            return Ok(Some(c.clone()));
        }
        let Some(c) = store::by_id(db, id).await? else {
            self.forget_here(id);
            return Ok(None);
        };
        let c = Arc::new(c);
        let mut held = self.held.write().unwrap_or_else(|e| e.into_inner());
        if held.len() >= MOST {
            held.clear();
        }
        held.insert(id, (Instant::now(), c.clone()));
        Ok(Some(c))
    }

    /// Drops the copy of consultation `id` (after a change), here and in
    /// the other processes.
    pub fn forget(&self, id: i64) {
        self.forget_here(id);
        self.announcer.announce(Change::Consultation(id));
    }

    /// Drops the copy of consultation `id` in this process only.
    pub fn forget_here(&self, id: i64) {
        self.held.write().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }

    /// Drops every copy in this process.
    pub fn forget_all_here(&self) {
        self.held.write().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// Middleware for the editors' routes under `/o/{slug}/consultations/{id}/`:
/// after any change the consultation's copy is forgotten, so the next
/// response is checked against what was just saved.
pub async fn forget_after(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let id =
        req.uri().path().split('/').skip_while(|s| *s != "consultations").nth(1).and_then(|s| s.parse::<i64>().ok());
    let changes = !req.method().is_safe();
    let response = next.run(req).await;
    if changes && let Some(id) = id {
        state.live.forget(id);
    }
    response
}
