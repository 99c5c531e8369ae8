//! Returns in storage: reading every taking-part organisation's return in
//! a handful of queries (the dashboard's 300 organisations cost the same
//! number of queries as one), and saving one. Every write is one
//! transaction with its audit line; the workflow's transitions are in
//! [`super::workflow`].

use std::collections::HashMap;

use jiff::civil::Date;

use super::derived::{self, DERIVED};
use super::{Figure, Measure, Return, ReturnStatus, SOCIAL, Source};
use crate::audit::Event;
use crate::campaigns::model::{Campaign, add_days};
use crate::error::AppError;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

/// The prefix of the fields that keep what Ethos derived when a return
/// was submitted.
pub const SNAPSHOT: &str = "derived:";

/// Days after the campaign's last day that returns are due, if set.
pub async fn due_days(db: &Db, campaign_id: i64) -> Result<Option<i64>, AppError> {
    let sql = "SELECT returns_due_days FROM campaigns WHERE id = $1";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(campaign_id).fetch_optional(pool).await)?.flatten())
}

/// The date returns are due: always counted from the current last day, so
/// a postponement moves it.
pub fn deadline(c: &Campaign, days: Option<i64>) -> Option<Date> {
    days.map(|d| add_days(c.ends_on, d))
}

/// Sets (or clears) the deadline as days after the last day.
pub async fn set_due_days(db: &Db, c: &Campaign, days: Option<i64>, by: i64) -> Result<(), AppError> {
    let described = |d: Option<i64>| deadline(c, d).map(|date| date.to_string()).unwrap_or_else(|| "none".to_owned());
    let before = due_days(db, c.id).await?;
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("UPDATE campaigns SET returns_due_days = $1 WHERE id = $2")
            .bind(days).bind(c.id).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(c.org_id), person_id: Some(by), action: "campaign.returns.deadline",
            summary: format!("Set the deadline for {} returns", c.name),
            before: Some(described(before)), after: Some(described(days)),
        })?;
        tx.commit().await?;
    });
    Ok(())
}

/// The campaign's extra measures: the national body's, then each
/// organisation's own, oldest first.
pub async fn measures(db: &Db, campaign_id: i64) -> Result<Vec<Measure>, AppError> {
    let sql = "SELECT id, org_id, name, unit FROM campaign_return_measures WHERE campaign_id = $1 \
               ORDER BY org_id IS NOT NULL, id";
    let rows: Vec<(i64, Option<i64>, String, String)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(campaign_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(id, org_id, name, unit)| Measure { id, org_id, name, unit }).collect())
}

/// Adds a measure: the national body's (`org_id` None) or an organisation's own.
pub async fn add_measure(
    db: &Db,
    c: &Campaign,
    org_id: Option<i64>,
    name: &str,
    unit: &str,
    by: i64,
) -> Result<i64, AppError> {
    let sql = "INSERT INTO campaign_return_measures (campaign_id, org_id, name, unit, created_at) \
               VALUES ($1, $2, $3, $4, $5) RETURNING id";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar(sql).bind(c.id).bind(org_id).bind(name).bind(unit).bind(now())
            .fetch_one(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org_id.unwrap_or(c.org_id)), person_id: Some(by), action: "campaign.returns.measure.add",
            summary: format!("Added the measure {name} to {} returns", c.name),
            before: None, after: Some(format!("{name} ({unit})")),
        })?;
        tx.commit().await?;
        Ok::<i64, AppError>(id)
    })
}

/// Removes one of the national body's measures with the figures sent for
/// it; false when there was none.
pub async fn delete_measure(db: &Db, c: &Campaign, id: i64, by: i64) -> Result<bool, AppError> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let name: Option<String> = sqlx::query_scalar(
            "DELETE FROM campaign_return_measures WHERE id = $1 AND campaign_id = $2 AND org_id IS NULL RETURNING name")
            .bind(id).bind(c.id).fetch_optional(&mut *tx).await?;
        if let Some(name) = &name {
            sqlx::query("DELETE FROM campaign_return_figures WHERE campaign_id = $1 AND field = $2")
                .bind(c.id).bind(format!("m{id}")).execute(&mut *tx).await?;
            audit!(&mut *tx, Event {
                org_id: Some(c.org_id), person_id: Some(by), action: "campaign.returns.measure.delete",
                summary: format!("Removed the measure {name} from {} returns", c.name),
                before: Some(name.clone()), after: None,
            })?;
        }
        tx.commit().await?;
        Ok::<bool, AppError>(name.is_some())
    })
}

#[derive(sqlx::FromRow)]
struct ReturnRow {
    org_id: i64,
    status: String,
    social_how: String,
    highlight: String,
    comment: String,
    submitted_at: Option<i64>,
    submitted_name: Option<String>,
    decided_at: Option<i64>,
    decided_name: Option<String>,
}

/// The returns of the organisations taking part (one when `only` names
/// it), by organisation name; an organisation that has not started has a
/// draft pre-filled from what it logged.
pub async fn load(db: &Db, c: &Campaign, only: Option<i64>) -> Result<Vec<Return>, AppError> {
    let filter = only.unwrap_or(0);
    let orgs: Vec<(i64, String, String)> = on_db!(db, pool => sqlx::query_as(
        "SELECT o.id, o.slug, o.name FROM organisations o JOIN campaign_participations p ON p.org_id = o.id \
         WHERE p.campaign_id = $1 AND ($2 = 0 OR o.id = $2) ORDER BY lower(o.name), o.name")
        .bind(c.id).bind(filter).fetch_all(pool).await)?;
    let rows: Vec<ReturnRow> = on_db!(db, pool => sqlx::query_as(
        "SELECT r.org_id, r.status, r.social_how, r.highlight, r.comment, r.submitted_at, ps.name AS submitted_name, \
         r.decided_at, pd.name AS decided_name FROM campaign_returns r \
         LEFT JOIN people ps ON ps.id = r.submitted_by LEFT JOIN people pd ON pd.id = r.decided_by \
         WHERE r.campaign_id = $1 AND ($2 = 0 OR r.org_id = $2)")
        .bind(c.id).bind(filter).fetch_all(pool).await)?;
    let mut rows: HashMap<i64, ReturnRow> = rows.into_iter().map(|r| (r.org_id, r)).collect();
    let stored: Vec<(i64, String, Option<i64>, String)> = on_db!(db, pool => sqlx::query_as(
        "SELECT org_id, field, value, reason FROM campaign_return_figures WHERE campaign_id = $1 AND ($2 = 0 OR org_id = $2)")
        .bind(c.id).bind(filter).fetch_all(pool).await)?;
    let stored: HashMap<(i64, String), (Option<i64>, String)> =
        stored.into_iter().map(|(org, field, value, reason)| ((org, field), (value, reason))).collect();
    let live = derived::all(db, c.id).await?;
    let measures = measures(db, c.id).await?;
    let mut out = Vec::with_capacity(orgs.len());
    for (org_id, org_slug, org_name) in orgs {
        let row = rows.remove(&org_id);
        let status = row.as_ref().map_or(ReturnStatus::Draft, |r| ReturnStatus::parse(&r.status));
        let get = |field: &str| stored.get(&(org_id, field.to_owned()));
        let mut figures = Vec::new();
        for d in DERIVED {
            let logged = live.get(d.key).and_then(|m| m.get(&org_id)).copied().unwrap_or(0);
            // A sent return keeps what was derived when it was sent.
            let snapshot = if status.editable() { None } else { get(&format!("{SNAPSHOT}{}", d.key)) };
            let derived_value = snapshot.and_then(|(v, _)| *v).unwrap_or(logged);
            let (value, source, reason) = match get(d.key) {
                Some((value, reason)) => (*value, Source::Entered, reason.clone()),
                None => (Some(derived_value), Source::Derived, String::new()),
            };
            figures.push(Figure {
                key: d.key.to_owned(),
                label: d.label.to_owned(),
                unit: d.help.to_owned(),
                value,
                source,
                derived: Some(derived_value),
                reason,
                own: false,
            });
        }
        let entered = |key: String, label: String, unit: String, own: bool| Figure {
            value: get(&key).and_then(|(v, _)| *v),
            key,
            label,
            unit,
            source: Source::Entered,
            derived: None,
            reason: String::new(),
            own,
        };
        figures.push(entered(SOCIAL.to_owned(), "Social media engagement".to_owned(), String::new(), false));
        for m in measures.iter().filter(|m| m.org_id.is_none_or(|o| o == org_id)) {
            figures.push(entered(m.key(), m.name.clone(), m.unit.clone(), m.org_id.is_some()));
        }
        out.push(Return {
            org_id,
            org_slug,
            org_name,
            status,
            figures,
            social_how: row.as_ref().map(|r| r.social_how.clone()).unwrap_or_default(),
            highlight: row.as_ref().map(|r| r.highlight.clone()).unwrap_or_default(),
            comment: row.as_ref().map(|r| r.comment.clone()).unwrap_or_default(),
            submitted: row.as_ref().and_then(|r| Some((r.submitted_name.clone().unwrap_or_default(), r.submitted_at?))),
            decided: row.as_ref().and_then(|r| Some((r.decided_name.clone().unwrap_or_default(), r.decided_at?))),
        });
    }
    Ok(out)
}

/// One organisation's return.
pub async fn one(db: &Db, c: &Campaign, org_id: i64) -> Result<Return, AppError> {
    load(db, c, Some(org_id)).await?.into_iter().next().ok_or(AppError::NotFound)
}

/// What an organisation's editors sent, checked.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// Derived figures changed: key, value, reason.
    pub overrides: Vec<(String, i64, String)>,
    /// Social media, the measures, and a new measure's value: key and value.
    pub entered: Vec<(String, Option<i64>)>,
    pub social_how: String,
    pub highlight: String,
    /// A measure of its own to add: name, unit, value.
    pub new_measure: Option<(String, String, Option<i64>)>,
}

/// Saves an editable return; false when it is no longer editable (sent
/// meanwhile).
pub async fn save(db: &Db, c: &Campaign, org_id: i64, i: &Input, by: i64) -> Result<bool, AppError> {
    let t = now();
    let upsert = "INSERT INTO campaign_returns (campaign_id, org_id, social_how, highlight, updated_at) \
                  VALUES ($1, $2, $3, $4, $5) ON CONFLICT (campaign_id, org_id) DO UPDATE SET \
                  social_how = excluded.social_how, highlight = excluded.highlight, updated_at = excluded.updated_at \
                  WHERE campaign_returns.status IN ('draft', 'returned')";
    let insert =
        "INSERT INTO campaign_return_figures (campaign_id, org_id, field, value, reason) VALUES ($1, $2, $3, $4, $5)";
    let described: Vec<String> = i
        .overrides
        .iter()
        .map(|(k, v, why)| format!("{k}: {v} (changed: {why})"))
        .chain(i.entered.iter().map(|(k, v)| format!("{k}: {}", v.map(|v| v.to_string()).unwrap_or_default())))
        .chain(i.new_measure.iter().map(|(name, unit, v)| {
            format!("new measure {name} ({unit}): {}", v.map(|v| v.to_string()).unwrap_or_default())
        }))
        .collect();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let saved = sqlx::query(upsert).bind(c.id).bind(org_id).bind(&i.social_how).bind(&i.highlight).bind(t)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if !saved {
            return Ok(false);
        }
        sqlx::query("DELETE FROM campaign_return_figures WHERE campaign_id = $1 AND org_id = $2")
            .bind(c.id).bind(org_id).execute(&mut *tx).await?;
        for (key, value, reason) in &i.overrides {
            sqlx::query(insert).bind(c.id).bind(org_id).bind(key).bind(value).bind(reason).execute(&mut *tx).await?;
        }
        for (key, value) in &i.entered {
            sqlx::query(insert).bind(c.id).bind(org_id).bind(key).bind(value).bind("").execute(&mut *tx).await?;
        }
        if let Some((name, unit, value)) = &i.new_measure {
            let id: i64 = sqlx::query_scalar("INSERT INTO campaign_return_measures (campaign_id, org_id, name, unit, \
                created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(c.id).bind(org_id).bind(name).bind(unit).bind(t).fetch_one(&mut *tx).await?;
            sqlx::query(insert).bind(c.id).bind(org_id).bind(format!("m{id}")).bind(value).bind("")
                .execute(&mut *tx).await?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(by), action: "campaign.return.save",
            summary: format!("Saved the {} return", c.name), before: None, after: Some(described.join("\n")),
        })?;
        tx.commit().await?;
        Ok::<bool, AppError>(true)
    })
}
