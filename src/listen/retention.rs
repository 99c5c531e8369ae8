//! Keeping contact details no longer than promised: the form tells a
//! sender their email or phone is deleted a number of months (the owner's
//! setting, 12 unless changed) after their item closes. An hourly sweep
//! deletes them then, and the audit log records how many, never what.
//! Replies emailed to those senders keep their address in the mail outbox
//! (`once_key` `feedback_reply:{org}:{reference}`): those letters go in the
//! same transaction, so the address is nowhere once its time is up.

use std::collections::BTreeMap;
use std::time::Duration;

use super::feedback::reference;
use crate::audit::Event;
use crate::error::AppError;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

/// Seconds in an average month (365.2425 days / 12).
pub const MONTH: i64 = 2_629_746;

/// How often the sweep runs.
const EVERY: Duration = Duration::from_secs(3600);

/// Items closed (or signposted elsewhere) longer ago than their
/// organisation's retention period that still hold contact details.
const EXPIRED: &str = "FROM feedback f WHERE f.contact IS NOT NULL AND f.closed_at IS NOT NULL \
    AND f.state IN ('closed', 'not_for_us') \
    AND f.closed_at <= $1 - COALESCE((SELECT s.retention_months FROM listen_settings s WHERE s.org_id = f.org_id), 12) * $2";

/// Deletes the contact details whose time is up at `at` (Unix seconds), in
/// one transaction with an audit line per organisation; returns how many.
pub async fn sweep(db: &Db, at: i64) -> Result<i64, AppError> {
    let count = format!("SELECT f.org_id, COUNT(*) {EXPIRED} GROUP BY f.org_id");
    let clear = format!("UPDATE feedback SET contact = NULL WHERE id IN (SELECT f.id {EXPIRED})");
    let replied = format!("SELECT f.org_id, f.year, f.number {EXPIRED}");
    let forget = "DELETE FROM mail_outbox WHERE kind = 'feedback_reply' AND once_key = $1";
    let total = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let per_org: Vec<(i64, i64)> = sqlx::query_as(&count).bind(at).bind(MONTH).fetch_all(&mut *tx).await?;
        let per_org: BTreeMap<i64, i64> = per_org.into_iter().collect();
        if !per_org.is_empty() {
            let items: Vec<(i64, i64, i64)> = sqlx::query_as(&replied).bind(at).bind(MONTH).fetch_all(&mut *tx).await?;
            for (org, year, number) in items {
                let key = format!("feedback_reply:{org}:{}", reference::format(year, number));
                sqlx::query(forget).bind(key).execute(&mut *tx).await?;
            }
            sqlx::query(&clear).bind(at).bind(MONTH).execute(&mut *tx).await?;
            for (org, n) in &per_org {
                let noun = if *n == 1 { "item" } else { "items" };
                audit!(&mut *tx, Event { org_id: Some(*org), person_id: None, action: "feedback.contact_expired",
                    summary: format!("Deleted the contact details of {n} closed feedback {noun} at the end of the retention period"),
                    before: None, after: None })?;
            }
        }
        tx.commit().await?;
        per_org.values().sum::<i64>()
    });
    Ok(total)
}

/// Runs [`sweep`] now and then every hour while the server runs.
pub fn spawn(db: &Db) {
    let db = db.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            match sweep(&db, now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(items = n, "deleted contact details at the end of their retention period"),
                Err(err) => tracing::warn!(error = %err, "could not delete expired contact details; will try again"),
            }
        }
    });
}
