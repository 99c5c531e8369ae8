//! The audit log: who changed what, when, in which organisation, with a
//! summary of before and after. Written in the same transaction as the change.

use serde::Serialize;

use crate::on_db;
use crate::storage::Db;

/// One change to record.
pub struct Event<'a> {
    pub org_id: Option<i64>,
    pub person_id: Option<i64>,
    pub action: &'a str,
    pub summary: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The statement every writer uses; bound in the order of [`Event`]'s fields
/// with the time first.
pub const INSERT: &str = "INSERT INTO audit_events (at, org_id, person_id, action, summary, before, after) \
VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// Records `$event` on `$conn` (a transaction or connection of either backend).
#[macro_export]
macro_rules! audit {
    ($conn:expr, $event:expr) => {{
        let event: &$crate::audit::Event<'_> = &$event;
        sqlx::query($crate::audit::INSERT)
            .bind($crate::storage::now())
            .bind(event.org_id)
            .bind(event.person_id)
            .bind(event.action)
            .bind(&event.summary)
            .bind(&event.before)
            .bind(&event.after)
            .execute($conn)
            .await
    }};
}

/// A recorded change, as listed to owners.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    pub action: String,
    pub summary: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Who made the change, if known.
    pub person_name: Option<String>,
}

/// Newest first; `before` pages backwards from an entry id.
pub async fn list(db: &Db, org_id: i64, before: Option<i64>, limit: i64) -> sqlx::Result<Vec<Entry>> {
    let sql = "SELECT a.id, a.at, a.action, a.summary, a.before, a.after, p.name AS person_name \
               FROM audit_events a LEFT JOIN people p ON p.id = a.person_id \
               WHERE a.org_id = $1 AND a.id < $2 ORDER BY a.id DESC LIMIT $3";
    let before = before.unwrap_or(i64::MAX);
    on_db!(db, pool => sqlx::query_as::<_, Entry>(sql).bind(org_id).bind(before).bind(limit).fetch_all(pool).await)
}

/// Records one event outside any other transaction.
pub async fn record(db: &Db, event: Event<'_>) -> sqlx::Result<()> {
    on_db!(db, pool => audit!(pool, event).map(|_| ()))
}
