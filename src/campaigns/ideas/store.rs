//! The ideas catalogue in storage. Every write is one transaction with its
//! audit line (`campaign.idea.add`, `.update`, `.delete`), recorded against
//! the organisation that owns the idea.

use super::{Idea, IdeaInput};
use crate::audit::Event;
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::{BeginWrite, Db, is_unique_violation, now};
use crate::{audit, on_db};

/// The owner already has an idea with that title.
#[derive(Debug)]
pub struct TitleTaken;

const SELECT: &str = "SELECT i.id, i.org_id, o.name, i.title, i.description FROM campaign_ideas i \
     JOIN organisations o ON o.id = i.org_id";

type Row = (i64, i64, String, String, String);

fn idea((id, org_id, org_name, title, description): Row) -> Idea {
    Idea { id, org_id, org_name, title, description }
}

/// The campaign's national ideas, then those of `own` (a taking-part
/// organisation) when given: what that organisation sees.
pub async fn seen_by(db: &Db, c: &Campaign, own: Option<i64>) -> Result<Vec<Idea>, AppError> {
    let sql = format!(
        "{SELECT} WHERE i.campaign_id = $1 AND (i.org_id = $2 OR i.org_id = $3) \
         ORDER BY CASE WHEN i.org_id = $2 THEN 0 ELSE 1 END, i.position, i.id"
    );
    let rows: Vec<Row> = on_db!(db, pool => sqlx::query_as(&sql).bind(c.id).bind(c.org_id)
        .bind(own.unwrap_or(c.org_id)).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(idea).collect())
}

/// Every organisation's own ideas (not the national ones), by
/// organisation: what the national body sees besides its own. An
/// organisation that has left keeps its ideas but drops out of this list.
pub async fn of_organisations(db: &Db, c: &Campaign) -> Result<Vec<Idea>, AppError> {
    let sql = format!(
        "{SELECT} WHERE i.campaign_id = $1 AND i.org_id <> $2 AND i.org_id IN \
         (SELECT org_id FROM campaign_participations WHERE campaign_id = $1) \
         ORDER BY lower(o.name), o.name, i.position, i.id"
    );
    let rows: Vec<Row> = on_db!(db, pool => sqlx::query_as(&sql).bind(c.id).bind(c.org_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(idea).collect())
}

/// One idea of `owner` in the campaign.
pub async fn one(db: &Db, c: &Campaign, owner: i64, id: i64) -> Result<Option<Idea>, AppError> {
    let sql = format!("{SELECT} WHERE i.campaign_id = $1 AND i.org_id = $2 AND i.id = $3");
    let row: Option<Row> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(c.id).bind(owner).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(idea))
}

fn describe(title: &str, description: &str) -> String {
    if description.is_empty() { title.to_owned() } else { format!("{title}: {description}") }
}

/// Adds an idea owned by `owner`, after its others.
pub async fn add(
    db: &Db,
    c: &Campaign,
    owner: &Org,
    i: &IdeaInput,
    by: i64,
) -> Result<Result<i64, TitleTaken>, AppError> {
    let t = now();
    let sql = "INSERT INTO campaign_ideas (campaign_id, org_id, title, description, position, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM campaign_ideas \
               WHERE campaign_id = $1 AND org_id = $2), $5, $5) RETURNING id";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = match sqlx::query_scalar(sql).bind(c.id).bind(owner.id).bind(&i.title).bind(&i.description)
            .bind(t).fetch_one(&mut *tx).await {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) => return Ok(Err(TitleTaken)),
            Err(e) => return Err(e.into()),
        };
        audit!(&mut *tx, Event {
            org_id: Some(owner.id), person_id: Some(by), action: "campaign.idea.add",
            summary: format!("Added the idea “{}” to {}", i.title, c.name),
            before: None, after: Some(describe(&i.title, &i.description)),
        })?;
        tx.commit().await?;
        Ok(Ok(id))
    })
}

/// Changes an idea (`before` as it was, owned by `owner`).
pub async fn update(
    db: &Db,
    c: &Campaign,
    owner: &Org,
    before: &Idea,
    i: &IdeaInput,
    by: i64,
) -> Result<Result<(), TitleTaken>, AppError> {
    let sql = "UPDATE campaign_ideas SET title = $1, description = $2, updated_at = $3 \
               WHERE id = $4 AND campaign_id = $5 AND org_id = $6";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        match sqlx::query(sql).bind(&i.title).bind(&i.description).bind(now()).bind(before.id).bind(c.id)
            .bind(owner.id).execute(&mut *tx).await {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => return Ok(Err(TitleTaken)),
            Err(e) => return Err(e.into()),
        }
        audit!(&mut *tx, Event {
            org_id: Some(owner.id), person_id: Some(by), action: "campaign.idea.update",
            summary: format!("Changed the idea “{}” of {}", i.title, c.name),
            before: Some(describe(&before.title, &before.description)),
            after: Some(describe(&i.title, &i.description)),
        })?;
        tx.commit().await?;
        Ok(Ok(()))
    })
}

/// Removes an idea of `owner`; false when it has no such idea. Events
/// keep the type they were given.
pub async fn delete(db: &Db, c: &Campaign, owner: &Org, id: i64, by: i64) -> Result<bool, AppError> {
    let sql =
        "DELETE FROM campaign_ideas WHERE id = $1 AND campaign_id = $2 AND org_id = $3 RETURNING title, description";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let gone: Option<(String, String)> =
            sqlx::query_as(sql).bind(id).bind(c.id).bind(owner.id).fetch_optional(&mut *tx).await?;
        if let Some((title, description)) = &gone {
            audit!(&mut *tx, Event {
                org_id: Some(owner.id), person_id: Some(by), action: "campaign.idea.delete",
                summary: format!("Removed the idea “{title}” from {}", c.name),
                before: Some(describe(title, description)), after: None,
            })?;
        }
        tx.commit().await?;
        Ok(gone.is_some())
    })
}
