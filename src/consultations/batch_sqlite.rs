//! A batch of new responses on SQLite in a handful of statements: every
//! response in one multi-row insert, every answer in another, every tally
//! increment in a third (chunked below SQLite's limit on parameters). Each
//! statement is a round trip to sqlx's SQLite thread, so a batch of 256
//! responses costs a few hand-offs between threads instead of well over a
//! thousand. The PostgreSQL twin does the same with arrays (`UNNEST`).
//!
//! The statements are not kept prepared: their text changes with the size
//! of the batch, and a connection's cache of large prepared statements for
//! every size seen held tens of megabytes (peak memory 103 MiB under the
//! benchmark, against 61 MiB before).

use crate::storage::BeginWrite;
use std::collections::HashMap;

use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use super::answers::TallyKey;
use super::model::Consultation;
use super::response_store::{DAY_UPSERT, NewRow, day_of};
use crate::error::AppError;

/// Most parameters in one statement (SQLite allows 32,766).
const PARAMETERS: usize = 30_000;

/// Stores `rows` (new responses of `c`, made at `t`) and adds `deltas` to
/// the running tallies, in one transaction.
pub async fn submit_many(
    pool: &SqlitePool,
    c: &Consultation,
    t: i64,
    rows: &[NewRow],
    deltas: &[(TallyKey, i64)],
) -> Result<(), AppError> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = pool.begin_write().await?;
    let mut ids: HashMap<String, i64> = HashMap::with_capacity(rows.len());
    for chunk in rows.chunks(PARAMETERS / 5) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO consultation_responses \
             (consultation_id, token_hash, respondent_group, verified_staff, created_at, updated_at) ",
        );
        insert.push_values(chunk, |mut b, (token, group, verified, _)| {
            b.push_bind(c.id).push_bind(token).push_bind(group).push_bind(*verified).push_bind(t).push_bind(t);
        });
        insert.push(" RETURNING id, token_hash");
        let made: Vec<(i64, String)> = insert.build_query_as().persistent(false).fetch_all(&mut *tx).await?;
        ids.extend(made.into_iter().map(|(id, token)| (token, id)));
    }

    let mut answers = Vec::new();
    for (token, _, _, bodies) in rows {
        let id = *ids.get(token).ok_or_else(|| AppError::Internal(anyhow::anyhow!("a stored response has no id")))?;
        answers.extend(bodies.iter().map(move |body| (id, body)));
    }
    for chunk in answers.chunks(PARAMETERS / 6) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO consultation_answers (response_id, question_key, answer, flagged, search_text, consultation_id) ",
        );
        insert.push_values(chunk, |mut b, (id, (key, body, flagged, text))| {
            b.push_bind(*id).push_bind(key).push_bind(body).push_bind(*flagged).push_bind(text).push_bind(c.id);
        });
        insert.build().persistent(false).execute(&mut *tx).await?;
    }

    let count = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    sqlx::query(DAY_UPSERT).bind(c.id).bind(day_of(t)).bind(count).execute(&mut *tx).await?;

    // `deltas` holds each key once, so no row is updated twice.
    for chunk in deltas.chunks(PARAMETERS / 8) {
        let mut upsert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO consultation_tallies \
             (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, count) ",
        );
        upsert.push_values(chunk, |mut b, (TallyKey { question, kind, item, position, group, verified }, n)| {
            b.push_bind(c.id)
                .push_bind(question)
                .push_bind(*kind)
                .push_bind(*item)
                .push_bind(*position)
                .push_bind(group)
                .push_bind(*verified)
                .push_bind(*n);
        });
        upsert.push(
            " ON CONFLICT (consultation_id, question_key, kind, item, position, respondent_group, verified_staff) \
             DO UPDATE SET count = consultation_tallies.count + excluded.count",
        );
        upsert.build().persistent(false).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
