//! New feedback on SQLite, on the writer's own thread and connection:
//! statements compiled once and kept, one commit per batch.

use std::collections::BTreeMap;

use rusqlite::{Connection, TransactionBehavior};

use super::{ACTION, ADD_NUMBERS, INSERT, NewFeedback, numbers, wanted};
use crate::error::AppError;
use crate::storage::now;
use crate::storage::sqlite_conn::failed;

/// Stores `rows` with their numbers and audit lines in one transaction;
/// their numbers, in order.
pub fn write(conn: &mut Connection, rows: &[&NewFeedback]) -> Result<Vec<i64>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let at = now();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(failed)?;
    let numbers = {
        let mut take = tx.prepare_cached(ADD_NUMBERS).map_err(failed)?;
        let mut last = BTreeMap::new();
        for ((org_id, year), n) in wanted(rows) {
            let reached: i64 = take.query_row((org_id, year, n), |r| r.get(0)).map_err(failed)?;
            last.insert((org_id, year), reached);
        }
        let numbers = numbers(rows, last);
        let mut insert = tx.prepare_cached(INSERT).map_err(failed)?;
        let mut audit = tx.prepare_cached(crate::audit::INSERT).map_err(failed)?;
        for (row, number) in rows.iter().zip(&numbers) {
            insert
                .execute(rusqlite::params![
                    row.org_id,
                    row.year,
                    number,
                    row.kind.as_str(),
                    row.service,
                    row.neighbourhood,
                    row.body,
                    row.contact,
                    row.personal_data,
                    row.token_hash,
                    row.acknowledge_by,
                    row.respond_by,
                    row.language,
                    at,
                ])
                .map_err(failed)?;
            let summary = row.audit_summary(*number);
            audit
                .execute((at, row.org_id, None::<i64>, ACTION, summary, None::<String>, None::<String>))
                .map_err(failed)?;
        }
        numbers
    };
    tx.commit().map_err(failed)?;
    Ok(numbers)
}
