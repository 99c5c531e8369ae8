//! A competition's setup and judges in storage. Every write is one
//! transaction with its audit line (`campaign.competition.*`).

use jiff::civil::Date;

use super::model::{Category, Competition, Criterion, Setup};
use crate::audit::Event;
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::mail::Mail;
use crate::mail::outbox::Outgoing;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

#[derive(sqlx::FromRow)]
struct Row {
    campaign_id: i64,
    rules: String,
    opens_on: String,
    closes_on: String,
    judging_opened: i64,
    announced_at: Option<i64>,
}

fn date(text: &str) -> Result<Date, AppError> {
    text.parse().map_err(|_| AppError::Internal(anyhow::anyhow!("a competition date is unreadable: {text:?}")))
}

/// The campaign's competition, if it has one.
pub async fn get(db: &Db, campaign_id: i64) -> Result<Option<Competition>, AppError> {
    let sql = "SELECT campaign_id, rules, opens_on, closes_on, judging_opened, announced_at FROM competitions \
               WHERE campaign_id = $1";
    let Some(r) = on_db!(db, pool => sqlx::query_as::<_, Row>(sql).bind(campaign_id).fetch_optional(pool).await)?
    else {
        return Ok(None);
    };
    let categories: Vec<(i64, String, String)> = on_db!(db, pool => sqlx::query_as(
        "SELECT id, name, description FROM competition_categories WHERE campaign_id = $1 ORDER BY position, id")
        .bind(campaign_id).fetch_all(pool).await)?;
    let criteria: Vec<(i64, String, i64)> = on_db!(db, pool => sqlx::query_as(
        "SELECT id, name, weight FROM competition_criteria WHERE campaign_id = $1 ORDER BY position, id")
        .bind(campaign_id).fetch_all(pool).await)?;
    Ok(Some(Competition {
        campaign_id: r.campaign_id,
        rules: r.rules,
        opens_on: date(&r.opens_on)?,
        closes_on: date(&r.closes_on)?,
        judging_opened: r.judging_opened != 0,
        announced_at: r.announced_at,
        categories: categories.into_iter().map(|(id, name, description)| Category { id, name, description }).collect(),
        criteria: criteria.into_iter().map(|(id, name, weight)| Criterion { id, name, weight }).collect(),
    }))
}

/// Why a setup was not saved: a category with entries, or a criterion with
/// scores, was left out (field, message).
#[derive(Debug)]
pub enum SetupError {
    InUse(&'static str, String),
    App(AppError),
}

impl From<sqlx::Error> for SetupError {
    fn from(e: sqlx::Error) -> SetupError {
        SetupError::App(e.into())
    }
}

fn describe(s: &Setup) -> String {
    let dates = format!(
        "{} to {}",
        s.opens_on.map(|d| d.to_string()).unwrap_or_default(),
        s.closes_on.map(|d| d.to_string()).unwrap_or_default()
    );
    let categories: Vec<&str> = s.categories.iter().map(|(n, _)| n.as_str()).collect();
    let criteria: Vec<String> = s.criteria.iter().map(|(n, w)| format!("{n} ×{w}")).collect();
    format!("{dates}; categories: {}; criteria: {}", categories.join(", "), criteria.join(", "))
}

fn describe_stored(c: &Competition) -> String {
    describe(&Setup {
        rules: c.rules.clone(),
        opens_on: Some(c.opens_on),
        closes_on: Some(c.closes_on),
        categories: c.categories.iter().map(|k| (k.name.clone(), k.description.clone())).collect(),
        criteria: c.criteria.iter().map(|k| (k.name.clone(), k.weight)).collect(),
    })
}

/// Creates or changes the competition. Categories and criteria are matched
/// by name, so renaming one is removing it and adding another; one that
/// already has entries (or scores) cannot be removed.
pub async fn save(db: &Db, c: &Campaign, s: &Setup, by: i64) -> Result<(), SetupError> {
    let (Some(from), Some(to)) = (s.opens_on, s.closes_on) else {
        return Err(SetupError::App(AppError::BadRequest("The competition's dates are needed.".to_owned())));
    };
    let before = get(db, c.id).await.map_err(SetupError::App)?;
    let old_categories = before.as_ref().map(|b| b.categories.clone()).unwrap_or_default();
    let old_criteria = before.as_ref().map(|b| b.criteria.clone()).unwrap_or_default();
    let gone_categories: Vec<&Category> =
        old_categories.iter().filter(|o| !s.categories.iter().any(|(n, _)| *n == o.name)).collect();
    let gone_criteria: Vec<&Criterion> =
        old_criteria.iter().filter(|o| !s.criteria.iter().any(|(n, _)| *n == o.name)).collect();
    let t = now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("INSERT INTO competitions (campaign_id, rules, opens_on, closes_on, updated_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (campaign_id) DO UPDATE SET rules = $2, opens_on = $3, \
                     closes_on = $4, updated_at = $5")
            .bind(c.id).bind(&s.rules).bind(from.to_string()).bind(to.to_string()).bind(t).execute(&mut *tx).await?;
        for gone in &gone_categories {
            let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM competition_entries WHERE category_id = $1")
                .bind(gone.id).fetch_one(&mut *tx).await?;
            if used > 0 {
                return Err(SetupError::InUse("categories", format!(
                    "The category “{}” has entries, so it cannot be removed or renamed", gone.name)));
            }
            sqlx::query("DELETE FROM competition_categories WHERE id = $1").bind(gone.id).execute(&mut *tx).await?;
        }
        for gone in &gone_criteria {
            let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM competition_scores WHERE criterion_id = $1")
                .bind(gone.id).fetch_one(&mut *tx).await?;
            if used > 0 {
                return Err(SetupError::InUse("criteria", format!(
                    "Judges have scored against “{}”, so it cannot be removed or renamed", gone.name)));
            }
            sqlx::query("DELETE FROM competition_criteria WHERE id = $1").bind(gone.id).execute(&mut *tx).await?;
        }
        for (position, (name, description)) in s.categories.iter().enumerate() {
            sqlx::query("INSERT INTO competition_categories (campaign_id, name, description, position) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT (campaign_id, name) DO UPDATE SET description = $3, position = $4")
                .bind(c.id).bind(name).bind(description).bind(position as i64).execute(&mut *tx).await?;
        }
        for (position, (name, weight)) in s.criteria.iter().enumerate() {
            sqlx::query("INSERT INTO competition_criteria (campaign_id, name, weight, position) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT (campaign_id, name) DO UPDATE SET weight = $3, position = $4")
                .bind(c.id).bind(name).bind(*weight).bind(position as i64).execute(&mut *tx).await?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(c.org_id), person_id: Some(by),
            action: if before.is_some() { "campaign.competition.update" } else { "campaign.competition.create" },
            summary: format!("{} the competition of {}", if before.is_some() { "Changed" } else { "Set up" }, c.name),
            before: before.as_ref().map(describe_stored), after: Some(describe(s)),
        })?;
        tx.commit().await?;
    });
    Ok(())
}

/// Letters to queue with a change, when it happens (nothing when mail is
/// not set up).
pub struct Letters<'a> {
    pub mail: &'a Mail,
    pub messages: Vec<Outgoing>,
}

/// A step that changes the competition's stage: `judging_opened` or
/// `announced_at`, with the letters it sends.
async fn step(
    db: &Db,
    c: &Campaign,
    sql: &str,
    action: &'static str,
    summary: String,
    by: i64,
    letters: Option<Letters<'_>>,
) -> Result<bool, AppError> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query(sql).bind(now()).bind(c.id).execute(&mut *tx).await?.rows_affected() == 1;
        if changed {
            audit!(&mut *tx, Event {
                org_id: Some(c.org_id), person_id: Some(by), action, summary, before: None, after: None,
            })?;
            if let Some(l) = &letters {
                l.mail.queue_many(&mut *tx, &l.messages).await?;
            }
        }
        tx.commit().await?;
        Ok::<bool, AppError>(changed)
    })
}

/// Ends entering and lets judges score, telling them by `letters`; false
/// when it already had.
pub async fn open_judging(db: &Db, c: &Campaign, by: i64, letters: Option<Letters<'_>>) -> Result<bool, AppError> {
    let sql =
        "UPDATE competitions SET judging_opened = 1, updated_at = $1 WHERE campaign_id = $2 AND judging_opened = 0";
    let summary = format!("Opened judging of the {} competition", c.name);
    step(db, c, sql, "campaign.competition.judging", summary, by, letters).await
}

/// Publishes the winners and the gallery; false when already announced.
pub async fn announce(db: &Db, c: &Campaign, by: i64) -> Result<bool, AppError> {
    let sql =
        "UPDATE competitions SET announced_at = $1, judging_opened = 1 WHERE campaign_id = $2 AND announced_at IS NULL";
    step(
        db,
        c,
        sql,
        "campaign.competition.announce",
        format!("Announced the winners of the {} competition", c.name),
        by,
        None,
    )
    .await
}

/// A judge: a person with an account, of any organisation.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Judge {
    pub person_id: i64,
    pub name: String,
    pub email: String,
}

/// The campaign's judges, by name.
pub async fn judges(db: &Db, campaign_id: i64) -> Result<Vec<Judge>, AppError> {
    let sql = "SELECT p.id AS person_id, p.name, p.email FROM competition_judges j JOIN people p ON p.id = j.person_id \
               WHERE j.campaign_id = $1 ORDER BY lower(p.name), p.id";
    Ok(on_db!(db, pool => sqlx::query_as::<_, Judge>(sql).bind(campaign_id).fetch_all(pool).await)?)
}

/// Whether `person_id` judges the campaign's competition.
pub async fn is_judge(db: &Db, campaign_id: i64, person_id: i64) -> Result<bool, AppError> {
    let sql = "SELECT COUNT(*) FROM competition_judges WHERE campaign_id = $1 AND person_id = $2";
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(sql).bind(campaign_id).bind(person_id).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// Names `judge` a judge, with the letter telling them; false when they
/// already were.
pub async fn add_judge(
    db: &Db,
    c: &Campaign,
    judge: &Judge,
    by: i64,
    letter: Option<Letters<'_>>,
) -> Result<bool, AppError> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let added = sqlx::query("INSERT INTO competition_judges (campaign_id, person_id, added_by, added_at) \
                                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(c.id).bind(judge.person_id).bind(by).bind(now()).execute(&mut *tx).await?.rows_affected() == 1;
        if added {
            audit!(&mut *tx, Event {
                org_id: Some(c.org_id), person_id: Some(by), action: "campaign.competition.judge.add",
                summary: format!("Named {} a judge of the {} competition", judge.name, c.name),
                before: None, after: Some(judge.email.clone()),
            })?;
            if let Some(l) = &letter {
                l.mail.queue_many(&mut *tx, &l.messages).await?;
            }
        }
        tx.commit().await?;
        Ok::<bool, AppError>(added)
    })
}

/// Stops `person_id` judging (their scores are kept); false when they were not a judge.
pub async fn remove_judge(db: &Db, c: &Campaign, person_id: i64, by: i64) -> Result<bool, AppError> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let removed = sqlx::query("DELETE FROM competition_judges WHERE campaign_id = $1 AND person_id = $2")
            .bind(c.id).bind(person_id).execute(&mut *tx).await?.rows_affected() == 1;
        if removed {
            audit!(&mut *tx, Event {
                org_id: Some(c.org_id), person_id: Some(by), action: "campaign.competition.judge.remove",
                summary: format!("Removed judge {person_id} from the {} competition", c.name),
                before: None, after: None,
            })?;
        }
        tx.commit().await?;
        Ok::<bool, AppError>(removed)
    })
}

/// The organisations `person_id` belongs to: entries from them are not
/// theirs to judge.
pub async fn orgs_of(db: &Db, person_id: i64) -> Result<Vec<i64>, AppError> {
    let sql = "SELECT org_id FROM memberships WHERE person_id = $1";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(person_id).fetch_all(pool).await)?)
}
