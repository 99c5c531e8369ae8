//! New responses on PostgreSQL: a batch is one statement, and so one round
//! trip and its own transaction. The responses, their answers and the
//! running figures each go as a part of it over arrays (`UNNEST`); one
//! statement each was about a thousand for 64 responses, and one per part
//! in an explicit transaction still seven round trips.
//!
//! Each writer adds its running figures to a shard of its own, so batches
//! written at once do not wait for each other's commit on the same rows.
//! The figures are packed (migration 0054): one row per question, kind,
//! rank, group and staff standing holds every item's count in an array, so
//! a batch changes a row per question and kind, not one per word.

use super::NewResponse;
use crate::consultations::response_store::day_of;
use crate::error::AppError;

/// Responses, then their answers (joined by token), then the day's count
/// and the running figures, in `$12` (the shard).
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
       INSERT INTO consultation_counts \
       (consultation_id, question_key, kind, position, respondent_group, verified_staff, shard, counts) \
       SELECT $1, q, k, position, grp, verified, $12, ($20::bigint[])[start + 1 : start + len] \
       FROM UNNEST($14::text[], $15::text[], $16::bigint[], $17::text[], $18::bigint[], $19::int[], $21::int[]) \
       AS u(q, k, position, grp, verified, start, len) \
       ON CONFLICT (consultation_id, question_key, kind, position, respondent_group, verified_staff, shard) \
       DO UPDATE SET counts = ethos_add_counts(consultation_counts.counts, excluded.counts) \
     ) \
     SELECT COUNT(*) FROM made";

/// Stores `rows` (new responses of consultation `consultation`, made at
/// `t`) and adds their running figures to `shard`, in one transaction.
pub async fn write(
    db: impl sqlx::PgExecutor<'_>,
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

    // Each packed row once, so no row is updated twice; its counts are a
    // slice of one array.
    let mut packed = (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut counts: Vec<i64> = Vec::new();
    for (k, items) in super::packed(rows.iter().copied()) {
        packed.0.push(k.question);
        packed.1.push(k.kind);
        packed.2.push(k.position);
        packed.3.push(k.group);
        packed.4.push(k.verified);
        packed.5.push(i32::try_from(counts.len()).unwrap_or(i32::MAX));
        packed.6.push(i32::try_from(items.len()).unwrap_or(i32::MAX));
        counts.extend(items);
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
        .bind(&packed.0)
        .bind(&packed.1)
        .bind(&packed.2)
        .bind(&packed.3)
        .bind(&packed.4)
        .bind(&packed.5)
        .bind(&counts)
        .bind(&packed.6)
        .execute(db)
        .await?;
    Ok(())
}
