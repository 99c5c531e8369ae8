//! What a measure shows progress on: aims and objectives of its own
//! organisation's strategies. Set in the measure's form (and, optionally,
//! through the API), read on the measure's page and under each aim on the
//! strategy page, and written into the strategy file.
//!
//! A link is only ever inserted through a join on the aim's (or the
//! objective's) strategy and its organisation, inside the transaction that
//! saves the measure: an id of another organisation inserts nothing, the
//! transaction is dropped, and nothing of the form is saved.

use std::collections::HashMap;

use crate::error::AppError;
use crate::on_db;
use crate::storage::Db;
use crate::web::forms::FieldError;

/// The ids a measure is linked to, as sent or stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkIds {
    pub aims: Vec<i64>,
    pub objectives: Vec<i64>,
}

impl LinkIds {
    /// Sorted and without repeats, so the same choice is stored the same way.
    pub fn tidy(mut self) -> LinkIds {
        self.aims.sort_unstable();
        self.aims.dedup();
        self.objectives.sort_unstable();
        self.objectives.dedup();
        self
    }

    pub fn is_empty(&self) -> bool {
        self.aims.is_empty() && self.objectives.is_empty()
    }
}

/// Most links of each kind one measure may have.
pub const LINKS_MAX: usize = 200;

/// An aim or objective as a measure's page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Linked {
    pub id: i64,
    pub title: String,
    /// For an aim, "Aim 2"; for an objective, its financial year "2026-27".
    pub detail: String,
    pub strategy_id: i64,
    pub strategy: String,
    /// draft, published or superseded.
    pub status: String,
}

/// What one measure is linked to, aims first.
#[derive(Clone, Debug, Default)]
pub struct MeasureLinks {
    pub aims: Vec<Linked>,
    pub objectives: Vec<Linked>,
}

impl MeasureLinks {
    pub fn ids(&self) -> LinkIds {
        LinkIds {
            aims: self.aims.iter().map(|a| a.id).collect(),
            objectives: self.objectives.iter().map(|o| o.id).collect(),
        }
    }

    /// The links a reader may see: those of strategies that are not drafts.
    pub fn public(&self) -> MeasureLinks {
        let shown = |l: &&Linked| l.status != "draft";
        MeasureLinks {
            aims: self.aims.iter().filter(shown).cloned().collect(),
            objectives: self.objectives.iter().filter(shown).cloned().collect(),
        }
    }
}

fn year_label(stored: i64) -> String {
    crate::strategy::measures::financial_year::FinancialYear::starting(i16::try_from(stored).unwrap_or(i16::MAX))
        .to_string()
}

/// The aims and objectives measure `measure_id` is linked to.
pub async fn of_measure(db: &Db, measure_id: i64) -> Result<MeasureLinks, AppError> {
    let aims_sql = "SELECT a.id, a.title, a.position, s.id, s.title, s.status FROM measure_aims l \
                    JOIN strategy_aims a ON a.id = l.aim_id JOIN strategies s ON s.id = a.strategy_id \
                    WHERE l.measure_id = $1 ORDER BY s.first_year DESC, s.id DESC, a.position";
    let objectives_sql = "SELECT o.id, o.title, o.year, s.id, s.title, s.status FROM measure_objectives l \
                          JOIN strategy_objectives o ON o.id = l.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
                          JOIN strategies s ON s.id = a.strategy_id \
                          WHERE l.measure_id = $1 ORDER BY s.first_year DESC, s.id DESC, o.year DESC, a.position, o.id";
    type Row = (i64, String, i64, i64, String, String);
    let (aims, objectives): (Vec<Row>, Vec<Row>) = on_db!(db, pool => {
        let aims = sqlx::query_as(aims_sql).bind(measure_id).fetch_all(pool).await?;
        let objectives = sqlx::query_as(objectives_sql).bind(measure_id).fetch_all(pool).await?;
        (aims, objectives)
    });
    let linked = |detail: fn(i64) -> String| {
        move |(id, title, n, strategy_id, strategy, status): Row| Linked {
            id,
            title,
            detail: detail(n),
            strategy_id,
            strategy,
            status,
        }
    };
    Ok(MeasureLinks {
        aims: aims.into_iter().map(linked(|n| format!("Aim {n}"))).collect(),
        objectives: objectives.into_iter().map(linked(year_label)).collect(),
    })
}

/// The measures linked to each aim of a strategy, directly or through one
/// of the aim's objectives: (key, name) by aim id, by name.
pub async fn measures_by_aim(db: &Db, strategy_id: i64) -> Result<HashMap<i64, Vec<(String, String)>>, AppError> {
    let sql = "SELECT DISTINCT x.aim_id, m.key, m.name FROM ( \
                 SELECT l.measure_id, l.aim_id FROM measure_aims l \
                 UNION SELECT l.measure_id, o.aim_id FROM measure_objectives l \
                 JOIN strategy_objectives o ON o.id = l.objective_id \
               ) x JOIN strategy_aims a ON a.id = x.aim_id JOIN outcome_measures m ON m.id = x.measure_id \
               WHERE a.strategy_id = $1 ORDER BY m.name, m.key";
    let rows: Vec<(i64, String, String)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(strategy_id).fetch_all(pool).await)?;
    let mut out: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (aim, key, name) in rows {
        out.entry(aim).or_default().push((key, name));
    }
    Ok(out)
}

/// The measures linked to one objective: (key, name), by name.
pub async fn measures_of_objective(db: &Db, objective_id: i64) -> Result<Vec<(String, String)>, AppError> {
    let sql = "SELECT m.key, m.name FROM measure_objectives l JOIN outcome_measures m ON m.id = l.measure_id \
               WHERE l.objective_id = $1 ORDER BY m.name, m.key";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(objective_id).fetch_all(pool).await)?)
}

/// An aim a measure may be linked to, with the objectives under it.
#[derive(Clone, Debug)]
pub struct AimChoice {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub strategy: String,
    /// (id, title, financial year)
    pub objectives: Vec<(i64, String, String)>,
}

/// Every aim and objective of the organisation's strategies that are not
/// superseded (the published one and any drafts), for the measure's form.
pub async fn choosable(db: &Db, org_id: i64) -> Result<Vec<AimChoice>, AppError> {
    let aims_sql = "SELECT a.id, a.position, a.title, s.title FROM strategy_aims a \
                    JOIN strategies s ON s.id = a.strategy_id WHERE s.org_id = $1 AND s.status <> 'superseded' \
                    ORDER BY s.status DESC, s.id DESC, a.position";
    let objectives_sql = "SELECT o.aim_id, o.id, o.title, o.year FROM strategy_objectives o \
                          JOIN strategy_aims a ON a.id = o.aim_id JOIN strategies s ON s.id = a.strategy_id \
                          WHERE s.org_id = $1 AND s.status <> 'superseded' ORDER BY o.year, o.id";
    type AimRow = (i64, i64, String, String);
    type ObjectiveRow = (i64, i64, String, i64);
    let (aims, objectives): (Vec<AimRow>, Vec<ObjectiveRow>) = on_db!(db, pool => {
        let aims = sqlx::query_as(aims_sql).bind(org_id).fetch_all(pool).await?;
        let objectives = sqlx::query_as(objectives_sql).bind(org_id).fetch_all(pool).await?;
        (aims, objectives)
    });
    let mut choices: Vec<AimChoice> = aims
        .into_iter()
        .map(|(id, position, title, strategy)| AimChoice { id, position, title, strategy, objectives: Vec::new() })
        .collect();
    for (aim, id, title, year) in objectives {
        if let Some(choice) = choices.iter_mut().find(|c| c.id == aim) {
            choice.objectives.push((id, title, year_label(year)));
        }
    }
    Ok(choices)
}

const INSERT_AIM: &str = "INSERT INTO measure_aims (measure_id, aim_id) \
    SELECT m.id, a.id FROM outcome_measures m, strategy_aims a JOIN strategies s ON s.id = a.strategy_id \
    WHERE m.id = $1 AND a.id = $2 AND s.org_id = m.org_id";
const INSERT_OBJECTIVE: &str = "INSERT INTO measure_objectives (measure_id, objective_id) \
    SELECT m.id, o.id FROM outcome_measures m, strategy_objectives o JOIN strategy_aims a ON a.id = o.aim_id \
    JOIN strategies s ON s.id = a.strategy_id WHERE m.id = $1 AND o.id = $2 AND s.org_id = m.org_id";

/// The error for an id that is not one of the organisation's.
pub fn unknown(field: &str, id: i64) -> AppError {
    let what = if field == "aims" { "aim" } else { "objective" };
    AppError::Invalid(vec![FieldError {
        field: field.to_owned(),
        message: format!(
            "There is no {what} {id} in this organisation's strategies: a measure is linked only to its own \
             organisation's aims and objectives"
        ),
    }])
}

/// Writes a measure's links inside the caller's transaction, on either
/// backend. `Err` names the first id that is not one of the measure's
/// organisation's; the caller then drops the transaction, so nothing of
/// what it wrote stays.
pub(crate) trait WriteLinks {
    /// Replaces every link of the measure with `links`.
    fn replace_links(
        &mut self,
        measure_id: i64,
        links: &LinkIds,
    ) -> impl std::future::Future<Output = Result<(), AppError>> + Send;

    /// Adds `links`, keeping those there.
    fn add_links(
        &mut self,
        measure_id: i64,
        links: &LinkIds,
    ) -> impl std::future::Future<Output = Result<(), AppError>> + Send;
}

macro_rules! write_links {
    ($conn:ty) => {
        impl WriteLinks for $conn {
            async fn replace_links(&mut self, measure_id: i64, links: &LinkIds) -> Result<(), AppError> {
                for table in ["measure_aims", "measure_objectives"] {
                    let sql = format!("DELETE FROM {table} WHERE measure_id = $1");
                    sqlx::query(&sql).bind(measure_id).execute(&mut *self).await?;
                }
                self.add_links(measure_id, links).await
            }

            async fn add_links(&mut self, measure_id: i64, links: &LinkIds) -> Result<(), AppError> {
                let kinds = [(INSERT_AIM, "aims", &links.aims), (INSERT_OBJECTIVE, "objectives", &links.objectives)];
                for (sql, field, ids) in kinds {
                    for &id in ids {
                        let n = sqlx::query(sql).bind(measure_id).bind(id).execute(&mut *self).await?.rows_affected();
                        if n != 1 {
                            return Err(unknown(field, id));
                        }
                    }
                }
                Ok(())
            }
        }
    };
}

write_links!(sqlx::SqliteConnection);
write_links!(sqlx::PgConnection);
