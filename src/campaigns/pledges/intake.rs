//! New pledges through a batching writer of their own
//! ([`crate::storage::group_commit`]), as survey responses and feedback
//! go: under load many pledges share one commit, and none is acknowledged
//! before it is stored. The form and the API check a pledge on the
//! request's thread and wait here for its commit.

use rusqlite::TransactionBehavior;

use super::NewPledge;
use crate::app::AppState;
use crate::error::AppError;
use crate::storage::group_commit::{self, Batch};
use crate::storage::now;
use crate::storage::sqlite_conn::failed;

const INSERT: &str = "INSERT INTO campaign_pledges (campaign_id, org_id, value_name, body, display_name, token_hash, \
                      browser_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

/// A checked pledge, ready to store as pending.
pub struct Row {
    pub campaign_id: i64,
    pub org_id: i64,
    pub pledge: NewPledge,
    /// The hash of its private token.
    pub token_hash: String,
    /// The hash of the browser's token, when it came through the form.
    pub browser_hash: Option<String>,
}

/// How pledges are written many at a time; a row's answer is its id.
pub struct Pledges;

impl Batch for Pledges {
    type Row = Row;
    type Stored = i64;

    const THREAD: &'static str = "ethos-pledges";

    fn sqlite(conn: &mut rusqlite::Connection, rows: &[&Row]) -> Result<Vec<i64>, AppError> {
        let at = now();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(failed)?;
        let ids = {
            let mut insert = tx.prepare_cached(INSERT).map_err(failed)?;
            let mut ids = Vec::with_capacity(rows.len());
            for r in rows {
                let p = &r.pledge;
                let params = rusqlite::params![
                    r.campaign_id,
                    r.org_id,
                    p.value,
                    p.body,
                    p.display_name,
                    r.token_hash,
                    r.browser_hash,
                    at
                ];
                ids.push(insert.query_row(params, |row| row.get(0)).map_err(failed)?);
            }
            ids
        };
        tx.commit().map_err(failed)?;
        Ok(ids)
    }

    async fn postgres(conn: &mut sqlx::PgConnection, _writer: i64, rows: &[&Row]) -> Result<Vec<i64>, AppError> {
        let at = now();
        let mut tx = sqlx::Connection::begin(conn).await?;
        let mut ids = Vec::with_capacity(rows.len());
        for r in rows {
            let p = &r.pledge;
            let id: i64 = sqlx::query_scalar(INSERT)
                .bind(r.campaign_id)
                .bind(r.org_id)
                .bind(&p.value)
                .bind(&p.body)
                .bind(&p.display_name)
                .bind(&r.token_hash)
                .bind(r.browser_hash.as_deref())
                .bind(at)
                .fetch_one(&mut *tx)
                .await?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }
}

/// The writer of new pledges.
pub type Writer = group_commit::Writer<Pledges>;

/// Stores `row` through the process's writer (started at first use) once
/// it is committed; its id.
pub async fn submit(state: &AppState, row: Row) -> Result<i64, AppError> {
    let writer = state.campaigns.pledges.get_or_try_init(|| Writer::start(&state.db)).await?;
    writer.write(row).await
}
