//! New responses on SQLite, written by the writer's own thread on its own
//! connection ([`crate::storage::sqlite_conn`]) with statements prepared
//! once: a single-row statement per response, answer and running figure,
//! each already compiled, and one commit. Through sqlx a multi-row
//! statement had to be built and compiled again for every batch.

use rusqlite::{Connection, TransactionBehavior};

use super::NewResponse;
use crate::consultations::response_store::day_of;
use crate::error::AppError;
use crate::storage::sqlite_conn::failed;

const INSERT_RESPONSE: &str = "INSERT INTO consultation_responses \
    (consultation_id, token_hash, respondent_group, verified_staff, created_at, updated_at) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id";

const ADD_ANSWER: &str = "INSERT INTO consultation_answers \
    (response_id, question_key, answer, flagged, search_text, consultation_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

const ADD_DAY: &str = "INSERT INTO consultation_days (consultation_id, day, count) VALUES (?1, ?2, ?3) \
    ON CONFLICT (consultation_id, day, shard) DO UPDATE SET count = consultation_days.count + excluded.count";

const ADD_TALLY: &str = "INSERT INTO consultation_tallies \
    (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, count) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
    ON CONFLICT (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, shard) \
    DO UPDATE SET count = consultation_tallies.count + excluded.count";

/// Stores `rows` (new responses, each with its consultation's id, made at
/// `t`) and adds their running figures, in one transaction.
pub fn write(conn: &mut Connection, t: i64, rows: &[(i64, &NewResponse)]) -> Result<(), AppError> {
    if rows.is_empty() {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(failed)?;
    {
        let mut response = tx.prepare_cached(INSERT_RESPONSE).map_err(failed)?;
        let mut answer = tx.prepare_cached(ADD_ANSWER).map_err(failed)?;
        for (consultation, row) in rows {
            let id: i64 = response
                .query_row((consultation, &row.token_hash, &row.group, row.verified, t), |r| r.get(0))
                .map_err(failed)?;
            for a in &row.answers {
                answer
                    .execute((id, &a.question_key, &a.json, a.flagged, &a.search_text, consultation))
                    .map_err(failed)?;
            }
        }
        let mut day = tx.prepare_cached(ADD_DAY).map_err(failed)?;
        let mut tally = tx.prepare_cached(ADD_TALLY).map_err(failed)?;
        for (consultation, group) in by_consultation(rows) {
            day.execute((consultation, day_of(t), group.len() as i64)).map_err(failed)?;
            for (k, n) in super::summed(group) {
                tally
                    .execute((consultation, &k.question, k.kind, k.item, k.position, &k.group, k.verified, n))
                    .map_err(failed)?;
            }
        }
    }
    tx.commit().map_err(failed)
}

/// `rows` by consultation, in order of id.
fn by_consultation<'a>(rows: &[(i64, &'a NewResponse)]) -> std::collections::BTreeMap<i64, Vec<&'a NewResponse>> {
    let mut out: std::collections::BTreeMap<i64, Vec<&NewResponse>> = Default::default();
    for (consultation, row) in rows {
        out.entry(*consultation).or_default().push(row);
    }
    out
}
