//! Shared objectives in the database. Every query joins through the
//! partnership's strategy and `organisation_links`, so an organisation that
//! is not (or is no longer) a member neither finds a shared objective nor
//! reports on one, and a draft strategy's objectives are never shared out.

use crate::audit::Event;
use crate::error::AppError;
use crate::storage::{BeginWrite, Db, now};
use crate::strategy::measures::financial_year::FinancialYear;
use crate::strategy::measures::period::Frequency;
use crate::strategy::plan::progress::{Confidence, Rag, Update, cadence};
use crate::strategy::plan::store::{self as plan_store, NewUpdate};
use crate::{audit, on_db};

/// A partnership's objective as a member organisation sees it.
#[derive(Clone, Debug)]
pub struct SharedObjective {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub year: FinancialYear,
    pub due_on: String,
    pub cadence: Frequency,
    pub aim: String,
    pub partnership_slug: String,
    pub partnership: String,
    /// The member's own latest report: its period and RAG.
    pub latest: Option<(String, Rag)>,
}

/// The joins from a shared objective to its partnership and to the member
/// `$1`; a draft strategy's objectives are left out.
const SHARED_WITH: &str = "FROM shared_objectives so JOIN strategy_objectives o ON o.id = so.objective_id \
    JOIN strategy_aims a ON a.id = o.aim_id JOIN strategies s ON s.id = a.strategy_id \
    JOIN organisations p ON p.id = s.org_id \
    JOIN organisation_links l ON l.parent_id = p.id AND l.child_id = $1 \
    WHERE s.status <> 'draft' AND p.kind = 'partnership'";

const COLUMNS: &str = "o.id, o.title, o.description, o.year, o.due_on, o.cadence, a.title, p.slug, p.name, \
    (SELECT u.period FROM member_objective_updates u WHERE u.objective_id = o.id AND u.member_org_id = $1 \
     ORDER BY u.period DESC, u.id DESC LIMIT 1), \
    (SELECT u.rag FROM member_objective_updates u WHERE u.objective_id = o.id AND u.member_org_id = $1 \
     ORDER BY u.period DESC, u.id DESC LIMIT 1)";

type Row = (i64, String, String, i64, String, String, String, String, String, Option<String>, Option<String>);

fn shared(row: Row) -> SharedObjective {
    let (id, title, description, year, due_on, stored_cadence, aim, partnership_slug, partnership, period, rag) = row;
    SharedObjective {
        id,
        title,
        description,
        year: FinancialYear::starting(i16::try_from(year).unwrap_or(i16::MAX)),
        due_on,
        cadence: cadence(&stored_cadence),
        aim,
        partnership_slug,
        partnership,
        latest: period.zip(rag.as_deref().and_then(Rag::parse)),
    }
}

/// The objectives partnerships share with `member`, newest year first.
pub async fn for_member(db: &Db, member: i64) -> Result<Vec<SharedObjective>, AppError> {
    let sql = format!("SELECT {COLUMNS} {SHARED_WITH} ORDER BY o.year DESC, p.name, a.position, o.id");
    let rows: Vec<Row> = on_db!(db, pool => sqlx::query_as(&sql).bind(member).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(shared).collect())
}

/// One objective shared with `member`, if it is.
pub async fn for_member_one(db: &Db, member: i64, id: i64) -> Result<Option<SharedObjective>, AppError> {
    let sql = format!("SELECT {COLUMNS} {SHARED_WITH} AND o.id = $2");
    let row: Option<Row> = on_db!(db, pool => sqlx::query_as(&sql).bind(member).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(shared))
}

/// The objectives of strategy `strategy_id` that are shared with members.
pub async fn shared_in(db: &Db, strategy_id: i64) -> Result<Vec<i64>, AppError> {
    let sql = "SELECT so.objective_id FROM shared_objectives so JOIN strategy_objectives o ON o.id = so.objective_id \
               JOIN strategy_aims a ON a.id = o.aim_id WHERE a.strategy_id = $1 ORDER BY so.objective_id";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(strategy_id).fetch_all(pool).await)?)
}

/// Whether the objective is shared with the partnership's members.
pub async fn is_shared(db: &Db, objective: i64) -> Result<bool, AppError> {
    let sql = "SELECT COUNT(*) FROM shared_objectives WHERE objective_id = $1";
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(sql).bind(objective).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// Shares the partnership's objective with its members, or stops sharing
/// it (the members' reports are kept, and show again if it is shared
/// again). False when the objective is not the organisation's.
pub async fn set_shared(db: &Db, org_id: i64, objective: i64, share: bool, by: i64) -> Result<bool, AppError> {
    let find = "SELECT o.title FROM strategy_objectives o JOIN strategy_aims a ON a.id = o.aim_id \
                JOIN strategies s ON s.id = a.strategy_id WHERE o.id = $1 AND s.org_id = $2";
    let insert = "INSERT INTO shared_objectives (objective_id, shared_at) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    let delete = "DELETE FROM shared_objectives WHERE objective_id = $1";
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let title: Option<String> = sqlx::query_scalar(find).bind(objective).bind(org_id).fetch_optional(&mut *tx).await?;
        let Some(title) = title else { return Ok(false) };
        let changed = if share {
            sqlx::query(insert).bind(objective).bind(now()).execute(&mut *tx).await?.rows_affected()
        } else {
            sqlx::query(delete).bind(objective).execute(&mut *tx).await?.rows_affected()
        };
        if changed > 0 {
            let summary = if share {
                format!("Shared the objective “{title}” with the partnership's members")
            } else {
                format!("Stopped sharing the objective “{title}” with the partnership's members")
            };
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "strategy.objective_shared",
                summary, before: None, after: Some(share.to_string()),
            })?;
        }
        tx.commit().await?;
        true
    }))
}

type UpdateRow = (i64, String, String, String, String, String, String, i64);

fn update(row: UpdateRow) -> Option<Update> {
    let (id, period, rag, confidence, narrative, evidence, author, created_at) = row;
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
}

/// Every report of `member` on the objective, newest period first.
pub async fn member_updates(db: &Db, member: i64, objective: i64) -> Result<Vec<Update>, AppError> {
    let sql = "SELECT u.id, u.period, u.rag, u.confidence, u.narrative, u.evidence, COALESCE(p.name, ''), u.created_at \
               FROM member_objective_updates u LEFT JOIN people p ON p.id = u.person_id \
               WHERE u.objective_id = $1 AND u.member_org_id = $2";
    let rows: Vec<UpdateRow> =
        on_db!(db, pool => sqlx::query_as(sql).bind(objective).bind(member).fetch_all(pool).await)?;
    let mut updates: Vec<Update> = rows.into_iter().filter_map(update).collect();
    updates.sort_by(|a, b| b.period.cmp(&a.period).then(b.id.cmp(&a.id)));
    Ok(updates)
}

/// Adds `member`'s report on an objective shared with it; false when the
/// objective is not shared with it (not shared, another partnership's, a
/// draft's, or `member` not a member).
pub async fn add_member_update(db: &Db, member: i64, objective: i64, u: &NewUpdate, by: i64) -> Result<bool, AppError> {
    let sql = format!(
        "INSERT INTO member_objective_updates (objective_id, member_org_id, period, rag, confidence, narrative, \
         evidence, person_id, created_at) SELECT o.id, $1, $3, $4, $5, $6, $7, $8, $9 {SHARED_WITH} AND o.id = $2"
    );
    let summary = format!("Reported {} progress on the shared objective {objective}: {}", u.period, u.rag.as_str());
    plan_store::insert_update(db, &sql, member, objective, u, by, ("strategy.member_progress", summary)).await
}

/// A member organisation's latest report, for the partnership's page.
#[derive(Clone, Debug)]
pub struct MemberReport {
    pub slug: String,
    pub name: String,
    /// (period, RAG, confidence, when written), or `None` before its first report.
    pub latest: Option<(String, Rag, Confidence, i64)>,
}

/// Every current member of the partnership `org_id` with its latest report
/// on the objective, by name.
pub async fn member_reports(db: &Db, org_id: i64, objective: i64) -> Result<Vec<MemberReport>, AppError> {
    let sql = "SELECT m.slug, m.name, u.period, u.rag, u.confidence, u.created_at FROM organisation_links l \
               JOIN organisations m ON m.id = l.child_id \
               LEFT JOIN member_objective_updates u ON u.id = ( \
                 SELECT x.id FROM member_objective_updates x WHERE x.objective_id = $2 AND x.member_org_id = m.id \
                 ORDER BY x.period DESC, x.id DESC LIMIT 1) \
               WHERE l.parent_id = $1 ORDER BY lower(m.name), m.name";
    type ReportRow = (String, String, Option<String>, Option<String>, Option<String>, Option<i64>);
    let rows: Vec<ReportRow> =
        on_db!(db, pool => sqlx::query_as(sql).bind(org_id).bind(objective).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(slug, name, period, rag, confidence, at)| {
            let latest = match (
                period,
                rag.as_deref().and_then(Rag::parse),
                confidence.as_deref().and_then(Confidence::parse),
                at,
            ) {
                (Some(period), Some(rag), Some(confidence), Some(at)) => Some((period, rag, confidence, at)),
                _ => None,
            };
            MemberReport { slug, name, latest }
        })
        .collect())
}
