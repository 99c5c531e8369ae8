//! Measures and their values in the database. Every change is one
//! transaction with its audit entry: a measure saved, a value set, or every
//! value replaced at once (all or nothing; the old values stay if anything
//! fails). A large import goes in a few statements — multi-row inserts in
//! chunks on SQLite, arrays (`UNNEST`) on PostgreSQL — so 100,000 values
//! take a fraction of a second rather than 100,000 round trips.

use crate::storage::BeginWrite;
use sqlx::{QueryBuilder, Sqlite};

use super::links::{LinkIds, WriteLinks};

use super::definition::{Definition, Unit, direction_code, parse_direction, parse_frequency};
use super::period::Period;
use super::spc::{Observation, Target};
use super::values_input::NewValue;
use crate::audit::Event;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::{Db, now};
use crate::web::forms::FieldError;
use crate::{audit, on_db};

/// A measure's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeasureId(pub i64);

/// A stored measure.
#[derive(Clone, Debug)]
pub struct Measure {
    pub id: MeasureId,
    pub key: String,
    pub definition: Definition,
    pub updated_at: i64,
}

/// A stored value.
#[derive(Clone, Debug)]
pub struct StoredValue {
    pub period: Period,
    pub value: f64,
    pub note: Option<String>,
}

impl StoredValue {
    pub fn observation(&self) -> Observation {
        Observation { period: self.period, value: self.value }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    key: String,
    name: String,
    definition: String,
    unit: String,
    direction: String,
    frequency: String,
    baseline_points: Option<i64>,
    rebases: String,
    targets: String,
    source: String,
    quality_note: String,
    updated_at: i64,
}

impl TryFrom<Row> for Measure {
    type Error = AppError;

    fn try_from(row: Row) -> Result<Measure, AppError> {
        let bad = |what: &str| AppError::Internal(anyhow::anyhow!("measure {} has an unreadable {what}", row.id));
        let rebases: Vec<Period> = serde_json::from_str(&row.rebases).map_err(|_| bad("rebase"))?;
        let targets: Vec<Target> = serde_json::from_str(&row.targets).map_err(|_| bad("target"))?;
        Ok(Measure {
            id: MeasureId(row.id),
            key: row.key,
            definition: Definition {
                name: row.name,
                definition: row.definition,
                unit: Unit::parse(&row.unit).ok_or_else(|| bad("unit"))?,
                direction: parse_direction(&row.direction).ok_or_else(|| bad("direction"))?,
                frequency: parse_frequency(&row.frequency).ok_or_else(|| bad("frequency"))?,
                baseline_points: row.baseline_points.map(|n| n as usize),
                rebases,
                targets,
                source: row.source,
                quality_note: row.quality_note,
            },
            updated_at: row.updated_at,
        })
    }
}

const SELECT: &str = "SELECT id, key, name, definition, unit, direction, frequency, baseline_points, rebases, \
                      targets, source, quality_note, updated_at FROM outcome_measures";

/// An organisation's measures, by name.
pub async fn list(db: &Db, org_id: i64) -> Result<Vec<Measure>, AppError> {
    let sql = format!("{SELECT} WHERE org_id = $1 ORDER BY name, key");
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(org_id).fetch_all(pool).await)?;
    rows.into_iter().map(Measure::try_from).collect()
}

/// The measure under `key`, if there is one.
pub async fn find(db: &Db, org_id: i64, key: &str) -> Result<Option<Measure>, AppError> {
    let sql = format!("{SELECT} WHERE org_id = $1 AND key = $2");
    let row = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(org_id).bind(key).fetch_optional(pool).await)?;
    row.map(Measure::try_from).transpose()
}

/// A measure's values in time order.
pub async fn values(db: &Db, id: MeasureId) -> Result<Vec<StoredValue>, AppError> {
    let sql = "SELECT period, value, note FROM outcome_measure_values WHERE measure_id = $1 ORDER BY ordinal";
    let rows: Vec<(String, f64, Option<String>)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(id.0).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(period, value, note)| {
            let period = period
                .parse()
                .map_err(|_| AppError::Internal(anyhow::anyhow!("measure {} has an unreadable period", id.0)))?;
            Ok(StoredValue { period, value, note })
        })
        .collect()
}

/// Adds a measure; binds, in order: org id, key, name, definition, unit,
/// direction, frequency, baseline points, rebases (JSON), targets (JSON),
/// source, quality note, time. Returns the id.
pub(crate) const INSERT_MEASURE: &str = "INSERT INTO outcome_measures (org_id, key, name, definition, unit, direction, \
    frequency, baseline_points, rebases, targets, source, quality_note, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id";

/// Replaces a measure's description; binds as [`INSERT_MEASURE`].
pub(crate) const UPDATE_MEASURE: &str = "UPDATE outcome_measures SET name = $3, definition = $4, unit = $5, \
    direction = $6, frequency = $7, baseline_points = $8, rebases = $9, targets = $10, source = $11, \
    quality_note = $12, updated_at = $13 WHERE org_id = $1 AND key = $2 RETURNING id";

/// Whether [`save`] made the measure or replaced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Created,
    Replaced,
}

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.into()))
}

/// Creates the measure `key` or replaces its description, changed by `by`
/// (`None`: not by a person, e.g. the demo). A measure that
/// has values keeps its frequency: changing it would leave every value of
/// the wrong length, so it is refused (remove the values first).
pub async fn save(db: &Db, org: &Org, key: &str, d: &Definition, by: Option<i64>) -> Result<Saved, AppError> {
    save_with_links(db, org, key, d, None, by).await
}

/// As [`save`], and when `links` is given, replaces the measure's links to
/// aims and objectives in the same transaction: an id that is not one of
/// the organisation's refuses the whole save (see [`super::links`]).
pub async fn save_with_links(
    db: &Db,
    org: &Org,
    key: &str,
    d: &Definition,
    links: Option<&LinkIds>,
    by: Option<i64>,
) -> Result<Saved, AppError> {
    let (rebases, targets) = (json(&d.rebases)?, json(&d.targets)?);
    let baseline = d.baseline_points.map(|n| n as i64);
    let existing = "SELECT m.id, m.frequency, (SELECT COUNT(*) FROM outcome_measure_values v WHERE v.measure_id = m.id) \
                    FROM outcome_measures m WHERE m.org_id = $1 AND m.key = $2";
    let (insert, update) = (INSERT_MEASURE, UPDATE_MEASURE);
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let found: Option<(i64, String, i64)> =
            sqlx::query_as(existing).bind(org.id).bind(key).fetch_optional(&mut *tx).await?;
        if let Some((_, frequency, count)) = &found
            && *count > 0
            && frequency != d.frequency.as_str()
        {
            return Err(AppError::Invalid(vec![FieldError {
                field: "frequency".to_owned(),
                message: format!(
                    "This measure has {count} {frequency} values, so its frequency stays {frequency}; replace its \
                     values with an empty list first to change it"
                ),
            }]));
        }
        let sql = if found.is_some() { update } else { insert };
        let id: i64 = sqlx::query_scalar(sql)
            .bind(org.id).bind(key).bind(&d.name).bind(&d.definition).bind(d.unit.code())
            .bind(direction_code(d.direction)).bind(d.frequency.as_str()).bind(baseline)
            .bind(&rebases).bind(&targets).bind(&d.source).bind(&d.quality_note).bind(now())
            .fetch_one(&mut *tx).await?;
        if let Some(links) = links {
            WriteLinks::replace_links(&mut *tx, id, links).await?;
        }
        let (action, verb, saved) = match found {
            Some(_) => ("measure.update", "Changed", Saved::Replaced),
            None => ("measure.create", "Added", Saved::Created),
        };
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: by, action,
            summary: format!("{verb} the outcome measure “{}” ({key})", d.name),
            before: None, after: None,
        })?;
        tx.commit().await?;
        Ok(saved)
    })
}

/// Most parameters in one SQLite statement (it allows 32,766).
const PARAMETERS: usize = 30_000;

/// Replaces every value of `measure` with `values` (checked, in any order)
/// for `by` (`None`: not by a person),
/// in one transaction: either all are stored or none, and the old ones stay.
pub async fn replace_values(
    db: &Db,
    org: &Org,
    measure: &Measure,
    values: &[NewValue],
    by: Option<i64>,
) -> Result<(), AppError> {
    let clear = "DELETE FROM outcome_measure_values WHERE measure_id = $1";
    let touch = "UPDATE outcome_measures SET updated_at = $1 WHERE id = $2";
    let event = Event {
        org_id: Some(org.id),
        person_id: by,
        action: "measure.values",
        summary: format!(
            "Replaced the values of the outcome measure “{}” ({}) with {} values",
            measure.definition.name,
            measure.key,
            values.len()
        ),
        before: None,
        after: None,
    };
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(clear).bind(measure.id.0).execute(&mut *tx).await?;
        InsertValues::insert_values(&mut *tx, measure.id, values).await?;
        sqlx::query(touch).bind(now()).bind(measure.id.0).execute(&mut *tx).await?;
        audit!(&mut *tx, event)?;
        tx.commit().await?;
    });
    Ok(())
}

/// Stores many values of a measure in a few statements, inside the
/// caller's transaction: multi-row inserts in chunks on SQLite, arrays
/// (`UNNEST`) on PostgreSQL.
pub(crate) trait InsertValues {
    fn insert_values(
        &mut self,
        measure: MeasureId,
        values: &[NewValue],
    ) -> impl std::future::Future<Output = sqlx::Result<()>> + Send;
}

impl InsertValues for sqlx::SqliteConnection {
    async fn insert_values(&mut self, measure: MeasureId, values: &[NewValue]) -> sqlx::Result<()> {
        for chunk in values.chunks(PARAMETERS / 5) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO outcome_measure_values (measure_id, period, ordinal, value, note) ",
            );
            insert.push_values(chunk, |mut b, v| {
                b.push_bind(measure.0)
                    .push_bind(v.period.to_string())
                    .push_bind(v.period.ordinal())
                    .push_bind(v.value)
                    .push_bind(v.note.clone());
            });
            // Each size of chunk is a different statement: not worth keeping prepared.
            insert.build().persistent(false).execute(&mut *self).await?;
        }
        Ok(())
    }
}

impl InsertValues for sqlx::PgConnection {
    async fn insert_values(&mut self, measure: MeasureId, values: &[NewValue]) -> sqlx::Result<()> {
        let periods: Vec<String> = values.iter().map(|v| v.period.to_string()).collect();
        let ordinals: Vec<i64> = values.iter().map(|v| v.period.ordinal()).collect();
        let numbers: Vec<f64> = values.iter().map(|v| v.value).collect();
        let notes: Vec<Option<String>> = values.iter().map(|v| v.note.clone()).collect();
        let insert = "INSERT INTO outcome_measure_values (measure_id, period, ordinal, value, note) \
                      SELECT $1, p, o, v, n FROM UNNEST($2::text[], $3::bigint[], $4::float8[], $5::text[]) \
                      AS u(p, o, v, n)";
        sqlx::query(insert)
            .bind(measure.0)
            .bind(&periods)
            .bind(&ordinals)
            .bind(&numbers)
            .bind(&notes)
            .execute(&mut *self)
            .await?;
        Ok(())
    }
}

/// Adds or changes the value of one period.
pub async fn set_value(db: &Db, org: &Org, measure: &Measure, value: &NewValue, by: i64) -> Result<(), AppError> {
    let upsert = "INSERT INTO outcome_measure_values (measure_id, period, ordinal, value, note) \
                  VALUES ($1, $2, $3, $4, $5) ON CONFLICT (measure_id, ordinal) \
                  DO UPDATE SET value = excluded.value, note = excluded.note";
    let before = "SELECT value FROM outcome_measure_values WHERE measure_id = $1 AND ordinal = $2";
    let touch = "UPDATE outcome_measures SET updated_at = $1 WHERE id = $2";
    let period = value.period.to_string();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let was: Option<f64> =
            sqlx::query_scalar(before).bind(measure.id.0).bind(value.period.ordinal()).fetch_optional(&mut *tx).await?;
        sqlx::query(upsert)
            .bind(measure.id.0).bind(&period).bind(value.period.ordinal()).bind(value.value).bind(&value.note)
            .execute(&mut *tx).await?;
        sqlx::query(touch).bind(now()).bind(measure.id.0).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: Some(by), action: "measure.value",
            summary: format!("Set the value of the outcome measure “{}” ({}) for {period}", measure.definition.name, measure.key),
            before: was.map(|v| v.to_string()), after: Some(value.value.to_string()),
        })?;
        tx.commit().await?;
    });
    Ok(())
}

/// Deletes a measure with its values and links, audited with how many
/// values went with it; false when the organisation has no such measure.
pub async fn delete(db: &Db, org: &Org, measure: &Measure, by: i64) -> Result<bool, AppError> {
    let count = "SELECT COUNT(*) FROM outcome_measure_values WHERE measure_id = $1";
    let delete = "DELETE FROM outcome_measures WHERE id = $1 AND org_id = $2";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let values: i64 = sqlx::query_scalar(count).bind(measure.id.0).fetch_one(&mut *tx).await?;
        let gone = sqlx::query(delete).bind(measure.id.0).bind(org.id).execute(&mut *tx).await?.rows_affected() == 1;
        if gone {
            audit!(&mut *tx, Event {
                org_id: Some(org.id), person_id: Some(by), action: "measure.delete",
                summary: format!("Deleted the outcome measure “{}” ({}) with its {values} values",
                    measure.definition.name, measure.key),
                before: Some(measure.key.clone()), after: None,
            })?;
        }
        tx.commit().await?;
        Ok(gone)
    })
}

/// How many values a measure has.
pub async fn value_count(db: &Db, id: MeasureId) -> Result<i64, AppError> {
    let sql = "SELECT COUNT(*) FROM outcome_measure_values WHERE measure_id = $1";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(id.0).fetch_one(pool).await)?)
}
