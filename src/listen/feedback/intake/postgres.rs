//! New feedback on PostgreSQL: the sequences moved on (one statement per
//! organisation and year in the batch), then the items and their audit
//! lines each as one statement over arrays (`UNNEST`), and one commit.

use std::collections::BTreeMap;

use super::{ACTION, ADD_NUMBERS, NewFeedback, numbers, wanted};
use crate::error::AppError;
use crate::storage::now;

/// Stores `rows` with their numbers and audit lines in one transaction;
/// their numbers, in order.
pub async fn write<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Postgres>,
    rows: &[&NewFeedback],
) -> Result<Vec<i64>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let at = now();
    let mut tx = db.begin().await?;
    let mut last = BTreeMap::new();
    for ((org_id, year), n) in wanted(rows) {
        let reached: i64 = sqlx::query_scalar(ADD_NUMBERS).bind(org_id).bind(year).bind(n).fetch_one(&mut *tx).await?;
        last.insert((org_id, year), reached);
    }
    let numbers = numbers(rows, last);
    let column = |f: fn(&NewFeedback) -> &str| rows.iter().map(|r| f(r)).collect::<Vec<&str>>();
    let orgs: Vec<i64> = rows.iter().map(|r| r.org_id).collect();
    let years: Vec<i64> = rows.iter().map(|r| r.year).collect();
    let contacts: Vec<Option<&str>> = rows.iter().map(|r| r.contact.as_deref()).collect();
    sqlx::query(
        "INSERT INTO feedback (org_id, year, number, kind, service, neighbourhood, body, contact, personal_data, \
         status_token_hash, acknowledge_by, respond_by, language, created_at, updated_at) \
         SELECT o, y, n, k, s, h, b, c, p, t, a, r, l, $14, $14 FROM UNNEST($1::bigint[], $2::bigint[], \
         $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], \
         $11::text[], $12::text[], $13::text[]) AS u(o, y, n, k, s, h, b, c, p, t, a, r, l)",
    )
    .bind(&orgs)
    .bind(&years)
    .bind(&numbers)
    .bind(column(|r| r.kind.as_str()))
    .bind(column(|r| &r.service))
    .bind(column(|r| &r.neighbourhood))
    .bind(column(|r| &r.body))
    .bind(&contacts)
    .bind(column(|r| &r.personal_data))
    .bind(column(|r| &r.token_hash))
    .bind(column(|r| &r.acknowledge_by))
    .bind(column(|r| &r.respond_by))
    .bind(column(|r| r.language))
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let summaries: Vec<String> = rows.iter().zip(&numbers).map(|(r, n)| r.audit_summary(*n)).collect();
    sqlx::query(
        "INSERT INTO audit_events (at, org_id, person_id, action, summary, before, after) \
         SELECT $1, o, NULL, $2, s, NULL, NULL FROM UNNEST($3::bigint[], $4::text[]) AS u(o, s)",
    )
    .bind(at)
    .bind(ACTION)
    .bind(&orgs)
    .bind(&summaries)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(numbers)
}
