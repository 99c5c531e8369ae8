//! Published consultations held in memory for the submission path, so that
//! storing a response reads nothing from the database but the write itself.
//!
//! A copy is used for at most [`FRESH`]: another process (several Ethos
//! processes may share one PostgreSQL) that closes or changes a consultation
//! is seen within that time. In this process every change made through the
//! consultation's pages forgets the copy at once (see [`forget_after`]).

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

/// How long a copy is trusted.
pub const FRESH: Duration = Duration::from_secs(1);

/// Most consultations kept; beyond it the cache starts again.
const MOST: usize = 10_000;

/// A copy and when it was read.
type Copy = (Instant, Arc<Consultation>);

#[derive(Clone, Default)]
pub struct Live {
    held: Arc<RwLock<HashMap<i64, Copy>>>,
}

impl Live {
    /// Consultation `id` as stored at most [`FRESH`] ago.
    pub async fn get(&self, db: &Db, id: i64) -> Result<Option<Arc<Consultation>>, AppError> {
        if let Some((at, c)) = self.held.read().unwrap_or_else(|e| e.into_inner()).get(&id)
            && at.elapsed() < FRESH
        {
            return Ok(Some(c.clone()));
        }
        let Some(c) = store::by_id(db, id).await? else {
            self.forget(id);
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

    /// Drops the copy of consultation `id` (after a change).
    pub fn forget(&self, id: i64) {
        self.held.write().unwrap_or_else(|e| e.into_inner()).remove(&id);
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
