//! Campaigns and who takes part, in storage. Every write is one
//! transaction with its audit line.

use jiff::civil::Date;

use super::model::{Campaign, Details, Status, days_between};
use crate::audit::Event;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    org_id: i64,
    slug: String,
    name: String,
    edition: i64,
    hashtag: String,
    handle: String,
    summary: String,
    national_values: String,
    starts_on: String,
    ends_on: String,
    original_starts_on: Option<String>,
    original_ends_on: Option<String>,
    postponement_reason: String,
    status: String,
    uid: String,
    sequence: i64,
    updated_at: i64,
}

fn date(text: &str) -> Result<Date, AppError> {
    text.parse().map_err(|_| AppError::Internal(anyhow::anyhow!("a campaign date is unreadable: {text:?}")))
}

impl TryFrom<Row> for Campaign {
    type Error = AppError;

    fn try_from(r: Row) -> Result<Campaign, AppError> {
        let original = match (&r.original_starts_on, &r.original_ends_on) {
            (Some(from), Some(to)) => Some((date(from)?, date(to)?)),
            _ => None,
        };
        Ok(Campaign {
            id: r.id,
            org_id: r.org_id,
            national_values: crate::values::model::lines(&r.national_values),
            starts_on: date(&r.starts_on)?,
            ends_on: date(&r.ends_on)?,
            original,
            status: Status::parse(&r.status).unwrap_or(Status::Planned),
            slug: r.slug,
            name: r.name,
            edition: r.edition,
            hashtag: r.hashtag,
            handle: r.handle,
            summary: r.summary,
            postponement_reason: r.postponement_reason,
            uid: r.uid,
            sequence: r.sequence,
            updated_at: r.updated_at,
        })
    }
}

const SELECT: &str = "SELECT id, org_id, slug, name, edition, hashtag, handle, summary, national_values, starts_on, \
     ends_on, original_starts_on, original_ends_on, postponement_reason, status, uid, sequence, updated_at \
     FROM campaigns";

async fn many(db: &Db, sql: &str, id: i64) -> Result<Vec<Campaign>, AppError> {
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(sql).bind(id).fetch_all(pool).await)?;
    rows.into_iter().map(Campaign::try_from).collect()
}

/// The campaign with this slug.
pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Campaign>, AppError> {
    let sql = format!("{SELECT} WHERE slug = $1");
    let row = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(slug).fetch_optional(pool).await)?;
    row.map(Campaign::try_from).transpose()
}

/// The campaign with this id.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<Campaign>, AppError> {
    Ok(many(db, &format!("{SELECT} WHERE id = $1"), id).await?.into_iter().next())
}

/// The campaigns an organisation runs, newest edition first.
pub async fn run_by(db: &Db, org_id: i64) -> Result<Vec<Campaign>, AppError> {
    many(db, &format!("{SELECT} WHERE org_id = $1 ORDER BY edition DESC, starts_on DESC"), org_id).await
}

/// The campaigns an organisation has joined.
pub async fn joined_by(db: &Db, org_id: i64) -> Result<Vec<Campaign>, AppError> {
    let sql = format!(
        "{SELECT} WHERE id IN (SELECT campaign_id FROM campaign_participations WHERE org_id = $1) \
         ORDER BY edition DESC, starts_on DESC"
    );
    many(db, &sql, org_id).await
}

/// Campaigns of other organisations that are not finished or cancelled and
/// that `org_id` has not joined.
pub async fn joinable(db: &Db, org_id: i64) -> Result<Vec<Campaign>, AppError> {
    let sql = format!(
        "{SELECT} WHERE org_id <> $1 AND status NOT IN ('finished', 'cancelled') AND id NOT IN \
         (SELECT campaign_id FROM campaign_participations WHERE org_id = $1) ORDER BY starts_on, name"
    );
    many(db, &sql, org_id).await
}

/// The organisations taking part, by name.
pub async fn participants(db: &Db, campaign_id: i64) -> Result<Vec<Org>, AppError> {
    let sql = "SELECT o.id FROM organisations o JOIN campaign_participations p ON p.org_id = o.id \
               WHERE p.campaign_id = $1 ORDER BY lower(o.name), o.name";
    let ids: Vec<i64> = on_db!(db, pool => sqlx::query_scalar(sql).bind(campaign_id).fetch_all(pool).await)?;
    let mut orgs = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(org) = crate::orgs::model::by_id(db, id).await? {
            orgs.push(org);
        }
    }
    Ok(orgs)
}

/// Whether `org_id` takes part in the campaign.
pub async fn takes_part(db: &Db, campaign_id: i64, org_id: i64) -> Result<bool, AppError> {
    let sql = "SELECT COUNT(*) FROM campaign_participations WHERE campaign_id = $1 AND org_id = $2";
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(sql).bind(campaign_id).bind(org_id).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// Why a campaign was not saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("another campaign already uses that short name")]
    SlugTaken,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for SaveError {
    fn from(e: sqlx::Error) -> SaveError {
        if crate::storage::is_unique_violation(&e) { SaveError::SlugTaken } else { SaveError::App(e.into()) }
    }
}

fn describe(d: &Details) -> String {
    format!(
        "{} ({}), {} to {}, {}, #{} @{}",
        d.name,
        d.edition,
        d.starts_on.map(|d| d.to_string()).unwrap_or_default(),
        d.ends_on.map(|d| d.to_string()).unwrap_or_default(),
        d.status.map_or("", Status::as_str),
        d.hashtag,
        d.handle
    )
}

/// A new calendar UID: random, so it says nothing and never changes.
pub fn new_uid(what: &str) -> String {
    use rand::Rng;
    let bytes: [u8; 12] = rand::thread_rng().r#gen();
    format!("{what}-{}@ethos", hex::encode(bytes))
}

/// Creates a campaign run by `org` from checked details, with the
/// starting ideas for events.
pub async fn create(db: &Db, org: &Org, d: &Details, by: i64) -> Result<i64, SaveError> {
    let (Some(from), Some(to), Some(status)) = (d.starts_on, d.ends_on, d.status) else {
        return Err(AppError::BadRequest("The campaign's dates and status are needed.".to_owned()).into());
    };
    let sql = "INSERT INTO campaigns (org_id, slug, name, edition, hashtag, handle, summary, national_values, \
               starts_on, ends_on, status, uid, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id";
    let t = now();
    let id = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar(sql).bind(org.id).bind(&d.slug).bind(&d.name).bind(d.edition)
            .bind(&d.hashtag).bind(&d.handle).bind(&d.summary).bind(d.national_values.join("\n"))
            .bind(from.to_string()).bind(to.to_string()).bind(status.as_str()).bind(new_uid("campaign")).bind(t)
            .fetch_one(&mut *tx).await?;
        // Every campaign starts with the national ideas for events.
        for (n, (title, description)) in (1_i64..).zip(super::ideas::STARTERS) {
            sqlx::query("INSERT INTO campaign_ideas (campaign_id, org_id, title, description, position, created_at, \
                         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)")
                .bind(id).bind(org.id).bind(title).bind(description).bind(n).bind(t).execute(&mut *tx).await?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: Some(by), action: "campaign.create",
            summary: format!("Created the campaign {}", d.name), before: None, after: Some(describe(d)),
        })?;
        tx.commit().await?;
        id
    });
    Ok(id)
}

/// Saves changed details. A change of dates or status raises the
/// campaign's calendar SEQUENCE.
pub async fn update(db: &Db, c: &Campaign, d: &Details, by: i64) -> Result<(), SaveError> {
    let (Some(from), Some(to), Some(status)) = (d.starts_on, d.ends_on, d.status) else {
        return Err(AppError::BadRequest("The campaign's dates and status are needed.".to_owned()).into());
    };
    let moved = from != c.starts_on || to != c.ends_on || status != c.status;
    let sql = "UPDATE campaigns SET slug = $1, name = $2, edition = $3, hashtag = $4, handle = $5, summary = $6, \
               national_values = $7, starts_on = $8, ends_on = $9, status = $10, sequence = sequence + $11, \
               updated_at = $12 WHERE id = $13";
    let before = Details {
        slug: c.slug.clone(),
        name: c.name.clone(),
        edition: c.edition,
        hashtag: c.hashtag.clone(),
        handle: c.handle.clone(),
        summary: c.summary.clone(),
        national_values: c.national_values.clone(),
        starts_on: Some(c.starts_on),
        ends_on: Some(c.ends_on),
        status: Some(c.status),
    };
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(&d.slug).bind(&d.name).bind(d.edition).bind(&d.hashtag).bind(&d.handle)
            .bind(&d.summary).bind(d.national_values.join("\n")).bind(from.to_string()).bind(to.to_string())
            .bind(status.as_str()).bind(i64::from(moved)).bind(now()).bind(c.id)
            .execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(c.org_id), person_id: Some(by), action: "campaign.update",
            summary: format!("Changed the campaign {}", d.name),
            before: Some(describe(&before)), after: Some(describe(d)),
        })?;
        tx.commit().await?;
    });
    Ok(())
}

/// Moves the campaign to new dates with a reason. The first dates are kept
/// (from the first postponement only); events that fell within the old
/// dates move by the same number of days, as do the competition's dates;
/// the campaign's and those events' SEQUENCE rise.
pub async fn postpone(db: &Db, c: &Campaign, from: Date, to: Date, reason: &str, by: i64) -> Result<(), AppError> {
    let (first_from, first_to) = c.original.unwrap_or((c.starts_on, c.ends_on));
    let shift = days_between(c.starts_on, from);
    let t = now();
    let events = super::events::store::in_range(db, c.id, c.starts_on, c.ends_on).await?;
    let competition = super::competition::store::get(db, c.id).await?;
    let sql = "UPDATE campaigns SET starts_on = $1, ends_on = $2, original_starts_on = $3, original_ends_on = $4, \
               postponement_reason = $5, status = 'postponed', sequence = sequence + 1, updated_at = $6 WHERE id = $7";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(from.to_string()).bind(to.to_string()).bind(first_from.to_string())
            .bind(first_to.to_string()).bind(reason).bind(t).bind(c.id).execute(&mut *tx).await?;
        for e in &events {
            let (starts, ends) = e.when.shifted(shift).stored();
            sqlx::query("UPDATE campaign_events SET starts_at = $1, ends_at = $2, sequence = sequence + 1, \
                         updated_at = $3 WHERE id = $4")
                .bind(starts).bind(ends).bind(t).bind(e.id).execute(&mut *tx).await?;
        }
        // The competition's own dates move by as many days as the campaign.
        if let Some(k) = &competition {
            sqlx::query("UPDATE competitions SET opens_on = $1, closes_on = $2, updated_at = $3 WHERE campaign_id = $4")
                .bind(super::model::add_days(k.opens_on, shift).to_string())
                .bind(super::model::add_days(k.closes_on, shift).to_string()).bind(t).bind(c.id)
                .execute(&mut *tx).await?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(c.org_id), person_id: Some(by), action: "campaign.postpone",
            summary: format!("Postponed {} ({} events moved with it)", c.name, events.len()),
            before: Some(c.dates()),
            after: Some(format!("{}\nbecause: {reason}", super::model::date_range(from, to))),
        })?;
        tx.commit().await?;
    });
    Ok(())
}

/// `org` joins the campaign; joining twice changes nothing. The national
/// body then also lists the organisation among those taking part in its
/// campaigns (`organisation_links`): the caller clears the page cache.
pub async fn join(db: &Db, c: &Campaign, org: &Org, by: i64) -> Result<bool, AppError> {
    let t = now();
    let joined = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let added = sqlx::query("INSERT INTO campaign_participations (campaign_id, org_id, joined_by, joined_at) \
                                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(c.id).bind(org.id).bind(by).bind(t).execute(&mut *tx).await?.rows_affected() == 1;
        if added {
            sqlx::query("INSERT INTO organisation_links (parent_id, child_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(c.org_id).bind(org.id).execute(&mut *tx).await?;
            audit!(&mut *tx, Event {
                org_id: Some(org.id), person_id: Some(by), action: "campaign.join",
                summary: format!("Joined the campaign {}", c.name), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        added
    });
    Ok(joined)
}
