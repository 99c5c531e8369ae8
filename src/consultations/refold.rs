//! Search text folded again after migration 0011. Migration 0009 filled
//! `consultation_answers.search_text` with the database's `lower()`, which
//! folds only ASCII letters on SQLite (and under PostgreSQL's C locale), so
//! a search for "ÉQUIPE" or "Ñ" could miss an answer stored before it.
//! Migration 0011 listed the answers whose text has other characters; this
//! folds them as new answers are folded and empties the list. It runs on
//! every start and costs one empty read once done.

use super::model::Answer;
use super::response_store::search_text;
use crate::error::AppError;
use crate::on_db;
use crate::storage::BeginWrite;
use crate::storage::Db;

/// Answers folded per transaction.
const BATCH: i64 = 500;

/// Folds the listed answers' search text again; returns how many changed.
pub async fn run(db: &Db) -> Result<u64, AppError> {
    let pick = "SELECT f.response_id, f.question_key, a.answer, a.search_text FROM search_text_refold f \
                LEFT JOIN consultation_answers a ON a.response_id = f.response_id AND a.question_key = f.question_key \
                ORDER BY f.response_id, f.question_key LIMIT $1";
    let update = "UPDATE consultation_answers SET search_text = $1 WHERE response_id = $2 AND question_key = $3";
    let done = "DELETE FROM search_text_refold WHERE response_id = $1 AND question_key = $2";
    let mut changed = 0;
    loop {
        let folded = on_db!(db, pool => async {
            let mut tx = pool.begin_write().await?;
            let rows: Vec<(i64, String, Option<String>, Option<String>)> =
                sqlx::query_as(pick).bind(BATCH).fetch_all(&mut *tx).await?;
            let mut n = 0u64;
            for (response_id, key, body, stored) in &rows {
                // An answer deleted since (its response changed) needs nothing.
                if let (Some(body), Some(stored)) = (body, stored) {
                    let answer: Answer = serde_json::from_str(body).map_err(|e| {
                        AppError::Internal(anyhow::anyhow!("an answer of response {response_id} is unreadable: {e}"))
                    })?;
                    let text = search_text(&answer);
                    if &text != stored {
                        sqlx::query(update).bind(&text).bind(response_id).bind(key).execute(&mut *tx).await?;
                        n += 1;
                    }
                }
                sqlx::query(done).bind(response_id).bind(key).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, AppError>((rows.len(), n))
        }.await)?;
        changed += folded.1;
        if (folded.0 as i64) < BATCH {
            return Ok(changed);
        }
    }
}
