//! New responses on PostgreSQL: a batch is one statement, and so one round
//! trip and its own transaction. The responses, their answers and the
//! running figures each go as a part of it over arrays (`UNNEST`); one
//! statement each was about a thousand for 64 responses, and one per part
//! in an explicit transaction still seven round trips.
//!
//! Each writer adds its running figures to a shard of its own, so batches
//! written at once do not wait for each other's commit on the same rows.

use super::NewResponse;
use crate::consultations::response_store::day_of;
use crate::error::AppError;

/// Responses, then their answers (joined by token), then the day's count
/// and the running figures, in `$shard`.
const WRITE: &str = "WITH made AS ( \
       INSERT INTO consultation_responses \
       (consultation_id, token_hash, respondent_group, verified_staff, created_at, updated_at) \
       SELECT $1, token, grp, verified, $2, $2 FROM UNNEST($3::text[], $4::text[], $5::bigint[]) AS u(token, grp, verified) \
       RETURNING id, token_hash \
     ), answers AS ( \
       INSERT INTO consultation_answers (response_id, question_key, answer, flagged, search_text, consultation_id) \
       SELECT made.id, k, body, flagged, text, $1 \
       FROM UNNEST($6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[]) AS u(token, k, body, flagged, text) \
       JOIN made ON made.token_hash = u.token \
     ), days AS ( \
       INSERT INTO consultation_days (consultation_id, day, shard, count) VALUES ($1, $11, $12, $13) \
       ON CONFLICT (consultation_id, day, shard) DO UPDATE SET count = consultation_days.count + excluded.count \
     ), tallies AS ( \
       INSERT INTO consultation_tallies \
       (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, shard, count) \
       SELECT $1, q, k, item, position, grp, verified, $12, n \
       FROM UNNEST($14::text[], $15::text[], $16::bigint[], $17::bigint[], $18::text[], $19::bigint[], $20::bigint[]) \
       AS u(q, k, item, position, grp, verified, n) \
       ON CONFLICT (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, shard) \
       DO UPDATE SET count = consultation_tallies.count + excluded.count \
     ) \
     SELECT COUNT(*) FROM made";

/// Stores `rows` (new responses of consultation `consultation`, made at
/// `t`) and adds their running figures to `shard`, in one transaction.
pub async fn write(
    pool: &sqlx::PgPool,
    consultation: i64,
    shard: i64,
    t: i64,
    rows: &[&NewResponse],
) -> Result<(), AppError> {
    if rows.is_empty() {
        return Ok(());
    }
    let tokens: Vec<&str> = rows.iter().map(|r| r.token_hash.as_str()).collect();
    let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    let verified: Vec<i64> = rows.iter().map(|r| r.verified).collect();

    let mut answers = (vec![], vec![], vec![], vec![], vec![]);
    for row in rows {
        for a in &row.answers {
            answers.0.push(row.token_hash.as_str());
            answers.1.push(a.question_key.as_str());
            answers.2.push(a.json.as_str());
            answers.3.push(a.flagged);
            answers.4.push(a.search_text.as_str());
        }
    }

    // Each key once, so no row is updated twice.
    let mut tallies = (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for (k, n) in super::summed(rows.iter().copied()) {
        tallies.0.push(k.question.as_str());
        tallies.1.push(k.kind);
        tallies.2.push(k.item);
        tallies.3.push(k.position);
        tallies.4.push(k.group.as_str());
        tallies.5.push(k.verified);
        tallies.6.push(n);
    }
    let count = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    sqlx::query(WRITE)
        .bind(consultation)
        .bind(t)
        .bind(&tokens)
        .bind(&groups)
        .bind(&verified)
        .bind(&answers.0)
        .bind(&answers.1)
        .bind(&answers.2)
        .bind(&answers.3)
        .bind(&answers.4)
        .bind(day_of(t))
        .bind(shard)
        .bind(count)
        .bind(&tallies.0)
        .bind(&tallies.1)
        .bind(&tallies.2)
        .bind(&tallies.3)
        .bind(&tallies.4)
        .bind(&tallies.5)
        .bind(&tallies.6)
        .execute(pool)
        .await?;
    Ok(())
}
