//! Entries, their images and judges' scores in storage. Lists never read
//! image bytes; removed entries are kept (for the audit trail) but left out
//! of every list. Every write is one transaction with its audit line.

use super::entry::{Entry, NewEntry};
use super::images::Prepared;
use super::model::Award;
use super::ranking::Score;
use crate::audit::Event;
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    org_id: i64,
    org_slug: String,
    org_name: String,
    category_id: i64,
    person_id: Option<i64>,
    title: String,
    description: String,
    body: String,
    alt_text: String,
    has_image: i64,
    consent: i64,
    shortlisted: i64,
    award: String,
    removed_at: Option<i64>,
    created_at: i64,
}

impl From<Row> for Entry {
    fn from(r: Row) -> Entry {
        Entry {
            id: r.id,
            org_id: r.org_id,
            org_slug: r.org_slug,
            org_name: r.org_name,
            category_id: r.category_id,
            person_id: r.person_id,
            title: r.title,
            description: r.description,
            body: r.body,
            alt_text: r.alt_text,
            has_image: r.has_image != 0,
            consent: r.consent != 0,
            shortlisted: r.shortlisted != 0,
            award: Award::parse(&r.award),
            removed: r.removed_at.is_some(),
            created_at: r.created_at,
        }
    }
}

const SELECT: &str = "SELECT e.id, e.org_id, o.slug AS org_slug, o.name AS org_name, e.category_id, e.person_id, \
     e.title, e.description, e.body, e.alt_text, e.has_image, e.consent, e.shortlisted, e.award, e.removed_at, \
     e.created_at FROM competition_entries e JOIN organisations o ON o.id = e.org_id";

/// Stores an entry (and its image, prepared); its id.
pub async fn insert(
    db: &Db,
    c: &Campaign,
    org_id: i64,
    person_id: i64,
    e: &NewEntry,
    image: Option<&Prepared>,
) -> Result<i64, AppError> {
    let sql = "INSERT INTO competition_entries (campaign_id, org_id, category_id, person_id, title, description, body, \
               alt_text, has_image, consent, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar(sql).bind(c.id).bind(org_id).bind(e.category_id).bind(person_id)
            .bind(&e.title).bind(&e.description).bind(&e.body).bind(&e.alt_text).bind(i64::from(image.is_some()))
            .bind(i64::from(e.consent)).bind(now()).fetch_one(&mut *tx).await?;
        if let Some(p) = image {
            sqlx::query("INSERT INTO competition_images (entry_id, content_type, display, thumbnail, width, height) \
                         VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(id).bind(p.content_type).bind(&p.display).bind(&p.thumbnail).bind(i64::from(p.width))
                .bind(i64::from(p.height)).execute(&mut *tx).await?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(person_id), action: "campaign.competition.enter",
            summary: format!("Entered “{}” in the {} competition", e.title, c.name),
            before: None, after: Some(if image.is_some() { "image".to_owned() } else { "text".to_owned() }),
        })?;
        tx.commit().await?;
        Ok::<i64, AppError>(id)
    })
}

/// Every entry not removed, oldest first.
pub async fn list(db: &Db, campaign_id: i64) -> Result<Vec<Entry>, AppError> {
    let sql = format!("{SELECT} WHERE e.campaign_id = $1 AND e.removed_at IS NULL ORDER BY e.created_at, e.id");
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Entry::from).collect())
}

/// One entry of the campaign, removed or not.
pub async fn one(db: &Db, campaign_id: i64, id: i64) -> Result<Option<Entry>, AppError> {
    let sql = format!("{SELECT} WHERE e.campaign_id = $1 AND e.id = $2");
    let row = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(Entry::from))
}

/// The entries `person_id` made, not removed, newest first.
pub async fn by_person(db: &Db, campaign_id: i64, person_id: i64) -> Result<Vec<Entry>, AppError> {
    let sql = format!(
        "{SELECT} WHERE e.campaign_id = $1 AND e.person_id = $2 AND e.removed_at IS NULL ORDER BY e.created_at DESC, e.id DESC"
    );
    let rows =
        on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).bind(person_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Entry::from).collect())
}

/// An entry's image: its type and bytes, the display copy or the thumbnail.
pub async fn image(db: &Db, entry_id: i64, thumbnail: bool) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let sql = if thumbnail {
        "SELECT content_type, thumbnail FROM competition_images WHERE entry_id = $1"
    } else {
        "SELECT content_type, display FROM competition_images WHERE entry_id = $1"
    };
    Ok(on_db!(db, pool => sqlx::query_as::<_, (String, Vec<u8>)>(sql).bind(entry_id).fetch_optional(pool).await)?)
}

/// An editor's decision on an entry, audited; false when there is no such
/// entry (or it was removed).
async fn decide(
    db: &Db,
    c: &Campaign,
    id: i64,
    set: &str,
    value: String,
    action: &'static str,
    by: i64,
) -> Result<bool, AppError> {
    let sql = format!("UPDATE competition_entries SET {set} WHERE id = $2 AND campaign_id = $3 AND removed_at IS NULL");
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query(&sql).bind(&value).bind(id).bind(c.id).execute(&mut *tx).await?.rows_affected() == 1;
        if changed {
            audit!(&mut *tx, Event {
                org_id: Some(c.org_id), person_id: Some(by), action,
                summary: format!("Entry {id} in the {} competition", c.name), before: None, after: Some(value),
            })?;
        }
        tx.commit().await?;
        Ok::<bool, AppError>(changed)
    })
}

/// Puts an entry on the shortlist or takes it off.
pub async fn shortlist(db: &Db, c: &Campaign, id: i64, on: bool, by: i64) -> Result<bool, AppError> {
    let set = "shortlisted = CASE WHEN $1 = 'on' THEN 1 ELSE 0 END";
    let value = if on { "on" } else { "off" }.to_owned();
    decide(db, c, id, set, value, "campaign.competition.shortlist", by).await
}

/// Gives an entry an award, or takes it away (None).
pub async fn award(db: &Db, c: &Campaign, id: i64, award: Option<Award>, by: i64) -> Result<bool, AppError> {
    let value = award.map_or("", Award::as_str).to_owned();
    decide(db, c, id, "award = $1", value, "campaign.competition.award", by).await
}

/// Withdraws one of `person_id`'s own entries (the caller checks entries
/// are open); false when they have no such entry. Audited.
pub async fn withdraw(db: &Db, c: &Campaign, id: i64, person_id: i64) -> Result<bool, AppError> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query("UPDATE competition_entries SET removed_at = $1, removed_by = $2 \
                                   WHERE id = $3 AND campaign_id = $4 AND person_id = $2 AND removed_at IS NULL")
            .bind(now()).bind(person_id).bind(id).bind(c.id).execute(&mut *tx).await?.rows_affected() == 1;
        if changed {
            audit!(&mut *tx, Event {
                org_id: Some(c.org_id), person_id: Some(person_id), action: "campaign.competition.withdraw",
                summary: format!("Withdrew entry {id} from the {} competition", c.name),
                before: None, after: None,
            })?;
        }
        tx.commit().await?;
        Ok::<bool, AppError>(changed)
    })
}

/// Removes an entry from the competition and every page; audited with why.
pub async fn remove(db: &Db, c: &Campaign, id: i64, reason: &str, by: i64) -> Result<bool, AppError> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query("UPDATE competition_entries SET removed_at = $1, removed_by = $2, award = '', \
                                   shortlisted = 0 WHERE id = $3 AND campaign_id = $4 AND removed_at IS NULL")
            .bind(now()).bind(by).bind(id).bind(c.id).execute(&mut *tx).await?.rows_affected() == 1;
        if changed {
            audit!(&mut *tx, Event {
                org_id: Some(c.org_id), person_id: Some(by), action: "campaign.competition.remove",
                summary: format!("Removed entry {id} from the {} competition", c.name),
                before: None, after: Some(reason.to_owned()),
            })?;
        }
        tx.commit().await?;
        Ok::<bool, AppError>(changed)
    })
}

/// Every score given in the campaign's competition.
pub async fn scores(db: &Db, campaign_id: i64) -> Result<Vec<Score>, AppError> {
    let sql = "SELECT s.entry_id, s.criterion_id, s.judge_id, s.score FROM competition_scores s \
               JOIN competition_entries e ON e.id = s.entry_id WHERE e.campaign_id = $1";
    let rows: Vec<(i64, i64, i64, i64)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(campaign_id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(entry_id, criterion_id, judge_id, score)| Score { entry_id, criterion_id, judge_id, score })
        .collect())
}

/// The names of everyone who has scored an entry in the campaign's
/// competition (judges removed since included), by person id.
pub async fn scorer_names(db: &Db, campaign_id: i64) -> Result<std::collections::HashMap<i64, String>, AppError> {
    let sql = "SELECT DISTINCT p.id, p.name FROM competition_scores s JOIN competition_entries e ON e.id = s.entry_id \
               JOIN people p ON p.id = s.judge_id WHERE e.campaign_id = $1";
    let rows: Vec<(i64, String)> = on_db!(db, pool => sqlx::query_as(sql).bind(campaign_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().collect())
}

/// Saves one judge's scores for one entry, (criterion, 0–10) each.
pub async fn save_scores(
    db: &Db,
    c: &Campaign,
    entry_id: i64,
    judge_id: i64,
    scores: &[(i64, i64)],
) -> Result<(), AppError> {
    let t = now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        for (criterion_id, score) in scores {
            sqlx::query("INSERT INTO competition_scores (entry_id, criterion_id, judge_id, score, updated_at) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (entry_id, criterion_id, judge_id) \
                         DO UPDATE SET score = $4, updated_at = $5")
                .bind(entry_id).bind(criterion_id).bind(judge_id).bind(score).bind(t).execute(&mut *tx).await?;
        }
        let given: Vec<String> = scores.iter().map(|(k, s)| format!("{k}: {s}")).collect();
        audit!(&mut *tx, Event {
            org_id: Some(c.org_id), person_id: Some(judge_id), action: "campaign.competition.score",
            summary: format!("Scored entry {entry_id} in the {} competition", c.name),
            before: None, after: Some(given.join(", ")),
        })?;
        tx.commit().await?;
    });
    Ok(())
}
