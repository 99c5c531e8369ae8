//! Strategies, aims, priorities and objectives in the database. Every read
//! and write names the organisation, so one organisation's ids never reach
//! another's rows; every change is audited in its own transaction.

use super::model::{Aim, Objective, ObjectiveStatus, Priority, Strategy, StrategyStatus};
use super::progress::{Confidence, Rag, Update, cadence};
use crate::audit::Event;
use crate::error::AppError;
use crate::storage::BeginWrite;
use crate::storage::{Db, now};
use crate::strategy::measures::financial_year::FinancialYear;
use crate::strategy::measures::period::Period;
use crate::{audit, on_db};

#[derive(sqlx::FromRow)]
struct StrategyRow {
    id: i64,
    title: String,
    first_year: i64,
    last_year: i64,
    summary: String,
    document_url: String,
    status: String,
    published_at: Option<i64>,
}

fn year(stored: i64) -> FinancialYear {
    FinancialYear::starting(i16::try_from(stored).unwrap_or(i16::MAX))
}

impl From<StrategyRow> for Strategy {
    fn from(r: StrategyRow) -> Strategy {
        Strategy {
            id: r.id,
            title: r.title,
            first_year: year(r.first_year),
            last_year: year(r.last_year),
            summary: r.summary,
            document_url: r.document_url,
            status: StrategyStatus::parse(&r.status),
            published_at: r.published_at,
            aims: Vec::new(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct ObjectiveRow {
    id: i64,
    aim_id: i64,
    priority_id: Option<i64>,
    year: i64,
    title: String,
    description: String,
    lead: String,
    committee: String,
    due_on: String,
    weight: f64,
    status: String,
    carried_from: Option<i64>,
    cadence: String,
    created_at: i64,
}

const STRATEGY_COLUMNS: &str = "id, title, first_year, last_year, summary, document_url, status, published_at";

/// Every strategy of the organisation, without aims: newest first.
pub async fn list(db: &Db, org_id: i64) -> Result<Vec<Strategy>, AppError> {
    let sql = format!("SELECT {STRATEGY_COLUMNS} FROM strategies WHERE org_id = $1 ORDER BY first_year DESC, id DESC");
    let rows: Vec<StrategyRow> = on_db!(db, pool => sqlx::query_as(&sql).bind(org_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Strategy::from).collect())
}

/// The strategy with `id` of the organisation, with its aims, priorities and
/// every year's objectives.
pub async fn by_id(db: &Db, org_id: i64, id: i64) -> Result<Option<Strategy>, AppError> {
    let sql = format!("SELECT {STRATEGY_COLUMNS} FROM strategies WHERE id = $1 AND org_id = $2");
    let row: Option<StrategyRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(id).bind(org_id).fetch_optional(pool).await)?;
    let Some(row) = row else { return Ok(None) };
    let mut strategy = Strategy::from(row);
    strategy.aims = aims(db, strategy.id).await?;
    Ok(Some(strategy))
}

/// Whether the organisation has published a strategy.
pub async fn has_published(db: &Db, org_id: i64) -> Result<bool, AppError> {
    let sql = "SELECT COUNT(*) FROM strategies WHERE org_id = $1 AND status = 'published'";
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(sql).bind(org_id).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// The organisation's published strategy, if it has one.
pub async fn published(db: &Db, org_id: i64) -> Result<Option<Strategy>, AppError> {
    let sql = "SELECT id FROM strategies WHERE org_id = $1 AND status = 'published' ORDER BY id DESC LIMIT 1";
    let id: Option<i64> = on_db!(db, pool => sqlx::query_scalar(sql).bind(org_id).fetch_optional(pool).await)?;
    match id {
        Some(id) => by_id(db, org_id, id).await,
        None => Ok(None),
    }
}

async fn aims(db: &Db, strategy_id: i64) -> Result<Vec<Aim>, AppError> {
    let aims_sql =
        "SELECT id, position, title, description FROM strategy_aims WHERE strategy_id = $1 ORDER BY position, id";
    let priorities_sql = "SELECT p.aim_id, p.id, p.position, p.title, p.description FROM strategy_priorities p \
                          JOIN strategy_aims a ON a.id = p.aim_id WHERE a.strategy_id = $1 ORDER BY p.position, p.id";
    let objectives_sql = "SELECT o.id, o.aim_id, o.priority_id, o.year, o.title, o.description, o.lead, o.committee, \
                          o.due_on, o.weight, o.status, o.carried_from, o.cadence, o.created_at FROM strategy_objectives o \
                          JOIN strategy_aims a ON a.id = o.aim_id WHERE a.strategy_id = $1 ORDER BY o.year, o.id";
    let latest_sql = "SELECT u.objective_id, u.period, u.rag FROM objective_updates u \
                      JOIN strategy_objectives o ON o.id = u.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
                      WHERE a.strategy_id = $1";
    type AimRow = (i64, i64, String, String);
    type PriorityRow = (i64, i64, i64, String, String);
    type Latest = Vec<(i64, String, String)>;
    let (aims, priorities, objectives, updates): (Vec<AimRow>, Vec<PriorityRow>, Vec<ObjectiveRow>, Latest) = on_db!(db, pool => {
        let aims = sqlx::query_as(aims_sql).bind(strategy_id).fetch_all(pool).await?;
        let priorities = sqlx::query_as(priorities_sql).bind(strategy_id).fetch_all(pool).await?;
        let objectives = sqlx::query_as(objectives_sql).bind(strategy_id).fetch_all(pool).await?;
        let updates = sqlx::query_as(latest_sql).bind(strategy_id).fetch_all(pool).await?;
        (aims, priorities, objectives, updates)
    });
    // Each objective's latest period (a later update for the same period wins).
    let mut latest: std::collections::HashMap<i64, (Period, Rag)> = std::collections::HashMap::new();
    for (objective, period, rag) in updates {
        let (Ok(period), Some(rag)) = (period.parse::<Period>(), Rag::parse(&rag)) else { continue };
        let entry = latest.entry(objective).or_insert((period, rag));
        if period >= entry.0 {
            *entry = (period, rag);
        }
    }
    Ok(aims
        .into_iter()
        .map(|(id, position, title, description)| Aim {
            id,
            position,
            title,
            description,
            priorities: priorities
                .iter()
                .filter(|p| p.0 == id)
                .map(|p| Priority { id: p.1, position: p.2, title: p.3.clone(), description: p.4.clone() })
                .collect(),
            objectives: objectives
                .iter()
                .filter(|o| o.aim_id == id)
                .map(|o| Objective { latest: latest.get(&o.id).copied(), ..objective(o) })
                .collect(),
            carried_from: None,
        })
        .collect())
}

fn objective(o: &ObjectiveRow) -> Objective {
    Objective {
        id: o.id,
        aim_id: o.aim_id,
        priority_id: o.priority_id,
        year: year(o.year),
        title: o.title.clone(),
        description: o.description.clone(),
        lead: o.lead.clone(),
        committee: o.committee.clone(),
        due_on: o.due_on.clone(),
        weight: o.weight,
        status: ObjectiveStatus::parse(&o.status).unwrap_or(ObjectiveStatus::NotStarted),
        carried_from: o.carried_from,
        cadence: cadence(&o.cadence),
        created_at: o.created_at,
        latest: None,
    }
}

/// A strategy's details as an editor writes them.
#[derive(Clone, Debug, Default)]
pub struct Details {
    pub title: String,
    pub first_year: Option<FinancialYear>,
    pub last_year: Option<FinancialYear>,
    pub summary: String,
    pub document_url: String,
}

/// Starts a draft strategy; returns its id.
pub async fn create(db: &Db, org_id: i64, d: &Details, by: i64) -> Result<i64, AppError> {
    let (Some(first), Some(last)) = (d.first_year, d.last_year) else {
        return Err(AppError::BadRequest("A strategy needs its first and last financial year.".to_owned()));
    };
    let sql = "INSERT INTO strategies (org_id, title, first_year, last_year, summary, document_url, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
    let at = now();
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar(sql).bind(org_id).bind(&d.title).bind(i64::from(first.start_year()))
            .bind(i64::from(last.start_year())).bind(&d.summary).bind(&d.document_url).bind(at)
            .fetch_one(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(by), action: "strategy.create",
            summary: format!("Started the strategy “{}” ({first} to {last})", d.title), before: None, after: None,
        })?;
        tx.commit().await?;
        id
    }))
}

/// Changes a strategy's details; false when it is not the organisation's.
pub async fn update(db: &Db, org_id: i64, id: i64, d: &Details, by: i64) -> Result<bool, AppError> {
    let (Some(first), Some(last)) = (d.first_year, d.last_year) else {
        return Err(AppError::BadRequest("A strategy needs its first and last financial year.".to_owned()));
    };
    let sql = "UPDATE strategies SET title = $1, first_year = $2, last_year = $3, summary = $4, document_url = $5, \
               updated_at = $6 WHERE id = $7 AND org_id = $8";
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(&d.title).bind(i64::from(first.start_year())).bind(i64::from(last.start_year()))
            .bind(&d.summary).bind(&d.document_url).bind(now()).bind(id).bind(org_id)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "strategy.update",
                summary: format!("Changed the details of the strategy “{}”", d.title), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        done
    }))
}

/// Adds an aim at the end of a strategy of the organisation; false when the
/// strategy is not the organisation's.
pub async fn add_aim(
    db: &Db,
    org_id: i64,
    strategy_id: i64,
    title: &str,
    description: &str,
    by: i64,
) -> Result<bool, AppError> {
    let sql = "INSERT INTO strategy_aims (strategy_id, position, title, description) \
               SELECT s.id, COALESCE((SELECT MAX(a.position) FROM strategy_aims a WHERE a.strategy_id = s.id), 0) + 1, $1, $2 \
               FROM strategies s WHERE s.id = $3 AND s.org_id = $4";
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(title).bind(description).bind(strategy_id).bind(org_id)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "strategy.aim",
                summary: format!("Added the aim “{title}”"), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        done
    }))
}

/// Adds a priority under an aim of a strategy of the organisation.
pub async fn add_priority(
    db: &Db,
    org_id: i64,
    aim_id: i64,
    title: &str,
    description: &str,
    by: i64,
) -> Result<bool, AppError> {
    let sql = "INSERT INTO strategy_priorities (aim_id, position, title, description) \
               SELECT a.id, COALESCE((SELECT MAX(p.position) FROM strategy_priorities p WHERE p.aim_id = a.id), 0) + 1, $1, $2 \
               FROM strategy_aims a JOIN strategies s ON s.id = a.strategy_id WHERE a.id = $3 AND s.org_id = $4";
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(title).bind(description).bind(aim_id).bind(org_id)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "strategy.priority",
                summary: format!("Added the priority “{title}”"), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        done
    }))
}

/// A new objective as an editor writes it.
#[derive(Clone, Debug)]
pub struct NewObjective {
    pub priority_id: Option<i64>,
    pub year: FinancialYear,
    pub title: String,
    pub description: String,
    pub lead: String,
    pub committee: String,
    pub due_on: String,
    pub weight: f64,
    pub status: ObjectiveStatus,
    pub carried_from: Option<i64>,
    /// "monthly" or "quarterly".
    pub cadence: &'static str,
}

/// Adds an objective under an aim of the organisation's strategy; its
/// priority (if any) must be one of that aim's. Returns the new id, or
/// `None` when the aim is not the organisation's.
pub async fn add_objective(
    db: &Db,
    org_id: i64,
    aim_id: i64,
    o: &NewObjective,
    by: i64,
) -> Result<Option<i64>, AppError> {
    let sql = "INSERT INTO strategy_objectives (aim_id, priority_id, year, title, description, lead, committee, due_on, \
               weight, status, carried_from, created_at, updated_at, cadence) \
               SELECT a.id, (SELECT p.id FROM strategy_priorities p WHERE p.id = $1 AND p.aim_id = a.id), $2, $3, $4, $5, \
               $6, $7, $8, $9, $10, $11, $11, $14 \
               FROM strategy_aims a JOIN strategies s ON s.id = a.strategy_id WHERE a.id = $12 AND s.org_id = $13 \
               RETURNING id";
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(sql).bind(o.priority_id).bind(i64::from(o.year.start_year()))
            .bind(&o.title).bind(&o.description).bind(&o.lead).bind(&o.committee).bind(&o.due_on).bind(o.weight)
            .bind(o.status.as_str()).bind(o.carried_from).bind(now()).bind(aim_id).bind(org_id).bind(o.cadence)
            .fetch_optional(&mut *tx).await?;
        if id.is_some() {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "strategy.objective",
                summary: format!("Added the {} objective “{}”", o.year, o.title), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        id
    }))
}

/// Sets an objective's status; the status before, or `None` when the
/// objective is not the organisation's.
pub async fn set_status(
    db: &Db,
    org_id: i64,
    objective_id: i64,
    status: ObjectiveStatus,
    by: i64,
) -> Result<Option<ObjectiveStatus>, AppError> {
    let find = "SELECT o.status, o.title FROM strategy_objectives o JOIN strategy_aims a ON a.id = o.aim_id \
                JOIN strategies s ON s.id = a.strategy_id WHERE o.id = $1 AND s.org_id = $2";
    let sql = "UPDATE strategy_objectives SET status = $1, updated_at = $2 WHERE id = $3";
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let found: Option<(String, String)> = sqlx::query_as(find).bind(objective_id).bind(org_id).fetch_optional(&mut *tx).await?;
        let Some((before, title)) = found else { return Ok(None) };
        let before = ObjectiveStatus::parse(&before).unwrap_or(ObjectiveStatus::NotStarted);
        if before != status {
            sqlx::query(sql).bind(status.as_str()).bind(now()).bind(objective_id).execute(&mut *tx).await?;
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "strategy.objective_status",
                summary: format!("Marked the objective “{title}” {}", status.label().to_lowercase()),
                before: Some(before.label().to_owned()), after: Some(status.label().to_owned()),
            })?;
        }
        tx.commit().await?;
        Some(before)
    }))
}

/// Publishes a draft strategy of the organisation; the one published before
/// becomes superseded (still readable). False when there is no such draft.
pub async fn publish(db: &Db, org_id: i64, id: i64, by: i64) -> Result<bool, AppError> {
    let supersede = "UPDATE strategies SET status = 'superseded', updated_at = $1 \
                     WHERE org_id = $2 AND status = 'published' AND id <> $3";
    let publish = "UPDATE strategies SET status = 'published', published_at = $1, updated_at = $1 \
                   WHERE id = $2 AND org_id = $3 AND status = 'draft'";
    let at = now();
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(publish).bind(at).bind(id).bind(org_id).execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            sqlx::query(supersede).bind(at).bind(org_id).bind(id).execute(&mut *tx).await?;
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "strategy.publish",
                summary: format!("Published strategy {id}"), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        done
    }))
}

/// Marks the aims of `strategy` that an earlier strategy of the
/// organisation had word for word (title and description), naming it.
pub async fn mark_carried_aims(db: &Db, org_id: i64, strategy: &mut Strategy) -> Result<(), AppError> {
    let sql = "SELECT s.title, a.title, a.description FROM strategy_aims a JOIN strategies s ON s.id = a.strategy_id \
               WHERE s.org_id = $1 AND s.id <> $2 AND s.status <> 'draft' AND s.first_year <= $3 ORDER BY s.first_year DESC";
    let earlier: Vec<(String, String, String)> = on_db!(db, pool => sqlx::query_as(sql).bind(org_id).bind(strategy.id)
        .bind(i64::from(strategy.first_year.start_year())).fetch_all(pool).await)?;
    for aim in &mut strategy.aims {
        aim.carried_from = earlier
            .iter()
            .find(|(_, title, description)| *title == aim.title && *description == aim.description)
            .map(|(from, ..)| from.clone());
    }
    Ok(())
}

/// An objective with where it sits, for its own page.
pub struct ObjectivePage {
    pub strategy: Strategy,
    pub aim_position: usize,
    pub objective: Objective,
    pub updates: Vec<Update>,
}

/// The objective with `id` of the organisation, with its strategy, aim and
/// every update (newest period first).
pub async fn objective_page(db: &Db, org_id: i64, id: i64) -> Result<Option<ObjectivePage>, AppError> {
    let find = "SELECT s.id FROM strategy_objectives o JOIN strategy_aims a ON a.id = o.aim_id \
                JOIN strategies s ON s.id = a.strategy_id WHERE o.id = $1 AND s.org_id = $2";
    let strategy_id: Option<i64> =
        on_db!(db, pool => sqlx::query_scalar(find).bind(id).bind(org_id).fetch_optional(pool).await)?;
    let Some(strategy_id) = strategy_id else { return Ok(None) };
    let Some(strategy) = by_id(db, org_id, strategy_id).await? else { return Ok(None) };
    let Some((aim_position, objective)) = strategy
        .aims
        .iter()
        .enumerate()
        .find_map(|(i, a)| a.objectives.iter().find(|o| o.id == id).map(|o| (i + 1, o.clone())))
    else {
        return Ok(None);
    };
    let sql = "SELECT u.id, u.period, u.rag, u.confidence, u.narrative, u.evidence, COALESCE(p.name, ''), u.created_at \
               FROM objective_updates u LEFT JOIN people p ON p.id = u.person_id WHERE u.objective_id = $1 ORDER BY u.id DESC";
    type Row = (i64, String, String, String, String, String, String, i64);
    let rows: Vec<Row> = on_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_all(pool).await)?;
    let mut updates: Vec<Update> = rows
        .into_iter()
        .filter_map(|(id, period, rag, confidence, narrative, evidence, author, created_at)| {
            Some(Update {
                id,
                period: period.parse().ok()?,
                rag: Rag::parse(&rag)?,
                confidence: Confidence::parse(&confidence)?,
                narrative,
                evidence: evidence.lines().map(str::to_owned).filter(|l| !l.is_empty()).collect(),
                author,
                created_at,
            })
        })
        .collect();
    // Newest period first; within a period, the latest written first.
    updates.sort_by(|a, b| b.period.cmp(&a.period).then(b.id.cmp(&a.id)));
    Ok(Some(ObjectivePage { strategy, aim_position, objective, updates }))
}

/// A progress update as an editor writes it.
#[derive(Debug)]
pub struct NewUpdate {
    pub period: Period,
    pub rag: Rag,
    pub confidence: Confidence,
    pub narrative: String,
    pub evidence: Vec<String>,
}

/// Adds an update to an objective of the organisation; false when it is
/// not the organisation's.
pub async fn add_update(db: &Db, org_id: i64, objective_id: i64, u: &NewUpdate, by: i64) -> Result<bool, AppError> {
    let sql = "INSERT INTO objective_updates (objective_id, period, rag, confidence, narrative, evidence, person_id, created_at) \
               SELECT o.id, $3, $4, $5, $6, $7, $8, $9 FROM strategy_objectives o JOIN strategy_aims a ON a.id = o.aim_id \
               JOIN strategies s ON s.id = a.strategy_id WHERE o.id = $2 AND s.org_id = $1";
    let summary = format!("Reported {} progress on objective {objective_id}: {}", u.period, u.rag.as_str());
    insert_update(db, sql, org_id, objective_id, u, by, ("strategy.progress", summary)).await
}

/// Stores a progress update with `sql` — an `INSERT … SELECT` that finds the
/// objective and binds, in order: the reporting organisation (`$1`), the
/// objective (`$2`), then period, RAG, confidence, narrative, evidence,
/// author and time (`$3`–`$9`) — with its audit line (action, summary) in
/// one transaction. False when the SELECT found no objective the
/// organisation may report on.
pub async fn insert_update(
    db: &Db,
    sql: &str,
    org_id: i64,
    objective_id: i64,
    u: &NewUpdate,
    by: i64,
    (action, summary): (&'static str, String),
) -> Result<bool, AppError> {
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(org_id).bind(objective_id).bind(u.period.to_string()).bind(u.rag.as_str())
            .bind(u.confidence.as_str()).bind(&u.narrative).bind(u.evidence.join("\n")).bind(by).bind(now())
            .execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action,
                summary: summary.clone(), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        done
    }))
}
