//! Pledges in storage. Public lists read approved pledges only, and only
//! of organisations that still take part in (or run) the campaign; every
//! moderation decision is one transaction with its audit line.

use super::{NewPledge, Pledge, PledgeStatus};
use crate::audit::Event;
use crate::error::AppError;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    org_id: i64,
    org_slug: String,
    org_name: String,
    value_name: String,
    body: String,
    display_name: String,
    status: String,
    done_at: Option<i64>,
    created_at: i64,
}

impl From<Row> for Pledge {
    fn from(r: Row) -> Pledge {
        Pledge {
            id: r.id,
            org_id: r.org_id,
            org_slug: r.org_slug,
            org_name: r.org_name,
            value_name: r.value_name,
            body: r.body,
            display_name: r.display_name,
            status: PledgeStatus::parse(&r.status),
            done: r.done_at.is_some(),
            created_at: r.created_at,
        }
    }
}

const SELECT: &str = "SELECT p.id, p.org_id, o.slug AS org_slug, o.name AS org_name, p.value_name, p.body, \
     p.display_name, p.status, p.done_at, p.created_at FROM campaign_pledges p JOIN organisations o ON o.id = p.org_id";

/// Only organisations that take part in the campaign or run it.
const STILL_IN: &str = "(p.org_id IN (SELECT org_id FROM campaign_participations WHERE campaign_id = p.campaign_id) \
     OR p.org_id = (SELECT org_id FROM campaigns WHERE id = p.campaign_id))";

/// Stores a new pending pledge; its id. `browser_hash` is the writer's
/// browser, when it came through the form.
pub async fn insert(
    db: &Db,
    campaign_id: i64,
    org_id: i64,
    p: &NewPledge,
    token_hash: &str,
    browser_hash: Option<&str>,
) -> Result<i64, AppError> {
    let sql = "INSERT INTO campaign_pledges (campaign_id, org_id, value_name, body, display_name, token_hash, \
               browser_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(campaign_id).bind(org_id).bind(&p.value).bind(&p.body)
        .bind(&p.display_name).bind(token_hash).bind(browser_hash).bind(now()).fetch_one(pool).await)?)
}

/// The pledges written in the browser whose token hashes to
/// `browser_hash`, for this organisation's campaign, newest first.
pub async fn by_browser(db: &Db, campaign_id: i64, org_id: i64, browser_hash: &str) -> Result<Vec<Pledge>, AppError> {
    let sql = format!(
        "{SELECT} WHERE p.campaign_id = $1 AND p.org_id = $2 AND p.browser_hash = $3 \
         ORDER BY p.created_at DESC, p.id DESC LIMIT 100"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).bind(org_id).bind(browser_hash)
        .fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Pledge::from).collect())
}

/// Marks pledge `id` done (once) when it was written in the browser whose
/// token hashes to `browser_hash`; false when it was not (or is no pledge).
pub async fn mark_done_here(
    db: &Db,
    campaign_id: i64,
    org_id: i64,
    id: i64,
    browser_hash: &str,
) -> Result<bool, AppError> {
    let sql = "UPDATE campaign_pledges SET done_at = COALESCE(done_at, $1) \
               WHERE campaign_id = $2 AND org_id = $3 AND id = $4 AND browser_hash = $5";
    let done = on_db!(db, pool => sqlx::query(sql).bind(now()).bind(campaign_id).bind(org_id).bind(id)
        .bind(browser_hash).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Approved pledges, newest first: one organisation's (`org_id` Some) or
/// every taking-part organisation's; at most `limit`.
pub async fn approved(db: &Db, campaign_id: i64, org_id: Option<i64>, limit: i64) -> Result<Vec<Pledge>, AppError> {
    let sql = format!(
        "{SELECT} WHERE p.campaign_id = $1 AND ($2 = 0 OR p.org_id = $2) AND p.status = 'approved' AND {STILL_IN} \
         ORDER BY p.created_at DESC, p.id DESC LIMIT $3"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).bind(org_id.unwrap_or(0))
        .bind(limit).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Pledge::from).collect())
}

/// How many approved pledges the wall of `approved` would show without a limit.
pub async fn approved_count(db: &Db, campaign_id: i64, org_id: Option<i64>) -> Result<i64, AppError> {
    let sql = format!(
        "SELECT COUNT(*) FROM campaign_pledges p WHERE p.campaign_id = $1 AND ($2 = 0 OR p.org_id = $2) \
         AND p.status = 'approved' AND {STILL_IN}"
    );
    Ok(on_db!(db, pool => sqlx::query_scalar(&sql).bind(campaign_id).bind(org_id.unwrap_or(0)).fetch_one(pool).await)?)
}

/// An organisation's pledges waiting for a decision, oldest first.
pub async fn pending(db: &Db, campaign_id: i64, org_id: i64) -> Result<Vec<Pledge>, AppError> {
    let sql = format!(
        "{SELECT} WHERE p.campaign_id = $1 AND p.org_id = $2 AND p.status = 'pending' ORDER BY p.created_at, p.id"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).bind(org_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Pledge::from).collect())
}

/// One pledge of an organisation in a campaign, whatever its status.
pub async fn one(db: &Db, campaign_id: i64, org_id: i64, id: i64) -> Result<Option<Pledge>, AppError> {
    let sql = format!("{SELECT} WHERE p.campaign_id = $1 AND p.org_id = $2 AND p.id = $3");
    let row = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).bind(org_id).bind(id)
        .fetch_optional(pool).await)?;
    Ok(row.map(Pledge::from))
}

/// The pledge whose private token hashes to `token_hash`, in this
/// organisation's campaign only.
pub async fn by_token(db: &Db, campaign_id: i64, org_id: i64, token_hash: &str) -> Result<Option<Pledge>, AppError> {
    let sql = format!("{SELECT} WHERE p.campaign_id = $1 AND p.org_id = $2 AND p.token_hash = $3");
    let row = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).bind(org_id).bind(token_hash)
        .fetch_optional(pool).await)?;
    Ok(row.map(Pledge::from))
}

/// Approves or rejects a pending pledge, with its audit line. False when
/// there was no such pending pledge (already decided, or another's).
pub async fn decide(
    db: &Db,
    campaign_id: i64,
    org_id: i64,
    id: i64,
    to: PledgeStatus,
    by: i64,
) -> Result<bool, AppError> {
    let t = now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE campaign_pledges SET status = $1, decided_by = $2, decided_at = $3 \
             WHERE id = $4 AND campaign_id = $5 AND org_id = $6 AND status = 'pending'")
            .bind(to.as_str()).bind(by).bind(t).bind(id).bind(campaign_id).bind(org_id)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if changed {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by),
                action: if to == PledgeStatus::Approved { "campaign.pledge.approve" } else { "campaign.pledge.reject" },
                summary: format!("{} pledge {id}", if to == PledgeStatus::Approved { "Approved" } else { "Rejected" }),
                before: Some("pending".to_owned()),
                after: Some(to.as_str().to_owned()),
            })?;
        }
        tx.commit().await?;
        Ok::<bool, AppError>(changed)
    })
}

/// Marks the token's pledge done (once); false when the token finds none.
pub async fn mark_done(db: &Db, campaign_id: i64, org_id: i64, token_hash: &str) -> Result<bool, AppError> {
    let sql = "UPDATE campaign_pledges SET done_at = COALESCE(done_at, $1) \
               WHERE campaign_id = $2 AND org_id = $3 AND token_hash = $4";
    let done = on_db!(db, pool => sqlx::query(sql).bind(now()).bind(campaign_id).bind(org_id).bind(token_hash)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}
