//! New responses on PostgreSQL: the responses, their answers and the
//! running figures each go as one statement over arrays (`UNNEST`), so a
//! batch costs five round trips to the server however many responses and
//! words it holds (one statement each was about a thousand for 64 responses).

use std::collections::HashMap;

use super::NewResponse;
use crate::consultations::response_store::{DAY_UPSERT, day_of};
use crate::error::AppError;
use crate::storage::BeginWrite;

/// Stores `rows` (new responses of consultation `consultation`, made at
/// `t`) and adds their running figures, in one transaction.
pub async fn write(pool: &sqlx::PgPool, consultation: i64, t: i64, rows: &[&NewResponse]) -> Result<(), AppError> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = pool.begin_write().await?;
    let tokens: Vec<&str> = rows.iter().map(|r| r.token_hash.as_str()).collect();
    let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    let verified: Vec<i64> = rows.iter().map(|r| r.verified).collect();
    let made: Vec<(i64, String)> = sqlx::query_as(
        "INSERT INTO consultation_responses \
         (consultation_id, token_hash, respondent_group, verified_staff, created_at, updated_at) \
         SELECT $1, token, grp, verified, $5, $5 FROM UNNEST($2::text[], $3::text[], $4::bigint[]) AS u(token, grp, verified) \
         RETURNING id, token_hash",
    )
    .bind(consultation)
    .bind(&tokens)
    .bind(&groups)
    .bind(&verified)
    .bind(t)
    .fetch_all(&mut *tx)
    .await?;
    let ids: HashMap<&str, i64> = made.iter().map(|(id, token)| (token.as_str(), *id)).collect();

    let (mut response_ids, mut keys, mut bodies, mut flags, mut texts) = (vec![], vec![], vec![], vec![], vec![]);
    for row in rows {
        let id = *ids
            .get(row.token_hash.as_str())
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a stored response has no id")))?;
        for a in &row.answers {
            response_ids.push(id);
            keys.push(a.question_key.as_str());
            bodies.push(a.json.as_str());
            flags.push(a.flagged);
            texts.push(a.search_text.as_str());
        }
    }
    sqlx::query(
        "INSERT INTO consultation_answers (response_id, question_key, answer, flagged, search_text, consultation_id) \
         SELECT id, k, body, flagged, text, $1 \
         FROM UNNEST($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[]) AS u(id, k, body, flagged, text)",
    )
    .bind(consultation)
    .bind(&response_ids)
    .bind(&keys)
    .bind(&bodies)
    .bind(&flags)
    .bind(&texts)
    .execute(&mut *tx)
    .await?;

    let count = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    sqlx::query(DAY_UPSERT).bind(consultation).bind(day_of(t)).bind(count).execute(&mut *tx).await?;

    // Each key once, so no row is updated twice.
    let mut columns = (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for (k, n) in super::summed(rows.iter().copied()) {
        columns.0.push(k.question.as_str());
        columns.1.push(k.kind);
        columns.2.push(k.item);
        columns.3.push(k.position);
        columns.4.push(k.group.as_str());
        columns.5.push(k.verified);
        columns.6.push(n);
    }
    sqlx::query(
        "INSERT INTO consultation_tallies \
         (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, count) \
         SELECT $1, q, k, item, position, grp, verified, n \
         FROM UNNEST($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[]) \
         AS u(q, k, item, position, grp, verified, n) \
         ON CONFLICT (consultation_id, question_key, kind, item, position, respondent_group, verified_staff) \
         DO UPDATE SET count = consultation_tallies.count + excluded.count",
    )
    .bind(consultation)
    .bind(&columns.0)
    .bind(&columns.1)
    .bind(&columns.2)
    .bind(&columns.3)
    .bind(&columns.4)
    .bind(&columns.5)
    .bind(&columns.6)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
