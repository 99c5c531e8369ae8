//! Poll votes in storage: one row per browser per value chosen. Totals count
//! only organisations that still take part in the campaign.

use crate::error::AppError;
use crate::on_db;
use crate::storage::{Db, now};

/// Only organisations that take part in the campaign.
const STILL_IN: &str = "v.org_id IN (SELECT org_id FROM campaign_participations WHERE campaign_id = v.campaign_id)";

/// Votes per value: one organisation's (`org_id` Some) or every
/// taking-part organisation's, most chosen first.
pub async fn votes(db: &Db, campaign_id: i64, org_id: Option<i64>) -> Result<Vec<(String, i64)>, AppError> {
    let sql = format!(
        "SELECT v.value_name, COUNT(*) AS votes FROM campaign_poll_votes v WHERE v.campaign_id = $1 \
         AND ($2 = 0 OR v.org_id = $2) AND {STILL_IN} GROUP BY v.value_name ORDER BY votes DESC, v.value_name"
    );
    Ok(on_db!(db, pool => sqlx::query_as::<_, (String, i64)>(&sql).bind(campaign_id).bind(org_id.unwrap_or(0))
        .fetch_all(pool).await)?)
}

/// How many browsers chose at least one value.
pub async fn voters(db: &Db, campaign_id: i64, org_id: Option<i64>) -> Result<i64, AppError> {
    let sql = format!(
        "SELECT COUNT(*) FROM (SELECT DISTINCT v.org_id, v.voter_hash FROM campaign_poll_votes v \
         WHERE v.campaign_id = $1 AND ($2 = 0 OR v.org_id = $2) AND {STILL_IN}) AS voters"
    );
    Ok(on_db!(db, pool => sqlx::query_scalar(&sql).bind(campaign_id).bind(org_id.unwrap_or(0)).fetch_one(pool).await)?)
}

/// The values this browser has chosen on the organisation's page.
pub async fn chosen(db: &Db, campaign_id: i64, org_id: i64, voter_hash: &str) -> Result<Vec<String>, AppError> {
    let sql = "SELECT value_name FROM campaign_poll_votes WHERE campaign_id = $1 AND org_id = $2 AND voter_hash = $3";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(campaign_id).bind(org_id).bind(voter_hash)
        .fetch_all(pool).await)?)
}

/// Records a choice; false when this browser had already made it.
pub async fn choose(db: &Db, campaign_id: i64, org_id: i64, value: &str, voter_hash: &str) -> Result<bool, AppError> {
    let sql = "INSERT INTO campaign_poll_votes (campaign_id, org_id, value_name, voter_hash, created_at) \
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (campaign_id, org_id, voter_hash, value_name) DO NOTHING";
    let done = on_db!(db, pool => sqlx::query(sql).bind(campaign_id).bind(org_id).bind(value).bind(voter_hash)
        .bind(now()).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

/// Takes a choice back; false when there was none.
pub async fn take_back(
    db: &Db,
    campaign_id: i64,
    org_id: i64,
    value: &str,
    voter_hash: &str,
) -> Result<bool, AppError> {
    let sql = "DELETE FROM campaign_poll_votes WHERE campaign_id = $1 AND org_id = $2 AND value_name = $3 \
               AND voter_hash = $4";
    let done = on_db!(db, pool => sqlx::query(sql).bind(campaign_id).bind(org_id).bind(value).bind(voter_hash)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done > 0)
}
