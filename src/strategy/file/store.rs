//! A strategy file's contents to and from the database. [`load`] reads a
//! strategy of the organisation with its updates and every measure with
//! its values and its links to this strategy's aims and objectives; [`create`] writes a file's contents as a **new draft** and
//! creates or replaces the measures it names, all in one transaction with
//! its audit entry: a failure leaves nothing half imported, and no
//! published strategy is touched.

use crate::storage::BeginWrite;
use std::collections::HashMap;

use super::{AimEntry, Contents, MeasureEntry, ObjectiveEntry, UpdateEntry};
use crate::audit::Event;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::{Db, now};
use crate::strategy::measures::definition::direction_code;
use crate::strategy::measures::links::{LinkIds, WriteLinks};
use crate::strategy::measures::store::{self as measures, INSERT_MEASURE, InsertValues, MeasureId, UPDATE_MEASURE};
use crate::strategy::measures::values_input::NewValue;
use crate::strategy::plan::model::Strategy;
use crate::strategy::plan::progress::{Confidence, Rag};
use crate::{audit, on_db};

/// The strategy's contents, with every update of its objectives and every
/// measure of the organisation. A `carried_from` that is not an objective
/// of the year before in the same strategy is left out (the file cannot
/// name it).
pub async fn load(db: &Db, org_id: i64, strategy: &Strategy) -> Result<Contents, AppError> {
    let mut objectives: Vec<_> = strategy.aims.iter().flat_map(|a| &a.objectives).collect();
    objectives.sort_by_key(|o| (o.year, o.id));
    let index: HashMap<i64, usize> = objectives.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
    let sql = "SELECT u.objective_id, u.id, u.period, u.rag, u.confidence, u.narrative, u.evidence, u.created_at \
               FROM objective_updates u JOIN strategy_objectives o ON o.id = u.objective_id \
               JOIN strategy_aims a ON a.id = o.aim_id WHERE a.strategy_id = $1 ORDER BY u.id";
    type Row = (i64, i64, String, String, String, String, String, i64);
    let rows: Vec<Row> = on_db!(db, pool => sqlx::query_as(sql).bind(strategy.id).fetch_all(pool).await)?;
    let mut updates: HashMap<i64, Vec<(i64, UpdateEntry)>> = HashMap::new();
    for (objective, id, period, rag, confidence, narrative, evidence, at) in rows {
        let (Ok(period), Some(rag), Some(confidence)) =
            (period.parse(), Rag::parse(&rag), Confidence::parse(&confidence))
        else {
            continue;
        };
        let evidence = evidence.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect();
        let entry = UpdateEntry { period, rag, confidence, narrative, evidence, at: Some(at) };
        updates.entry(objective).or_default().push((id, entry));
    }
    let entries = objectives
        .iter()
        .map(|o| {
            let aim = strategy.aims.iter().position(|a| a.id == o.aim_id).unwrap_or(0);
            let priority = o.priority_id.and_then(|p| strategy.aims[aim].priorities.iter().position(|x| x.id == p));
            let carried_from =
                o.carried_from.and_then(|c| index.get(&c).copied()).filter(|&c| objectives[c].year.next() == o.year);
            let mut own = updates.remove(&o.id).unwrap_or_default();
            own.sort_by_key(|(id, u)| (u.period, *id));
            ObjectiveEntry {
                year: o.year,
                aim,
                priority,
                title: o.title.clone(),
                description: o.description.clone(),
                lead: o.lead.clone(),
                committee: o.committee.clone(),
                due_on: o.due_on.clone(),
                weight: o.weight,
                status: o.status,
                cadence: o.cadence,
                carried_from,
                updates: own.into_iter().map(|(_, u)| u).collect(),
            }
        })
        .collect();
    // Each measure's links to this strategy's aims and objectives, as indexes.
    let aim_links = "SELECT l.measure_id, l.aim_id FROM measure_aims l JOIN strategy_aims a ON a.id = l.aim_id \
                     WHERE a.strategy_id = $1";
    let objective_links = "SELECT l.measure_id, l.objective_id FROM measure_objectives l \
                           JOIN strategy_objectives o ON o.id = l.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
                           WHERE a.strategy_id = $1";
    type Pairs = Vec<(i64, i64)>;
    let (aim_links, objective_links): (Pairs, Pairs) = on_db!(db, pool => {
        let aims = sqlx::query_as(aim_links).bind(strategy.id).fetch_all(pool).await?;
        let objectives = sqlx::query_as(objective_links).bind(strategy.id).fetch_all(pool).await?;
        (aims, objectives)
    });
    let mut measure_entries = Vec::new();
    for m in measures::list(db, org_id).await? {
        let values = measures::values(db, m.id)
            .await?
            .into_iter()
            .map(|v| NewValue { period: v.period, value: v.value, note: v.note })
            .collect();
        let mut aims: Vec<usize> = aim_links
            .iter()
            .filter(|(measure, _)| *measure == m.id.0)
            .filter_map(|(_, aim)| strategy.aims.iter().position(|a| a.id == *aim))
            .collect();
        aims.sort_unstable();
        let mut linked: Vec<usize> = objective_links
            .iter()
            .filter(|(measure, _)| *measure == m.id.0)
            .filter_map(|(_, objective)| index.get(objective).copied())
            .collect();
        linked.sort_unstable();
        measure_entries.push(MeasureEntry { key: m.key, definition: m.definition, aims, objectives: linked, values });
    }
    measure_entries.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(Contents {
        title: strategy.title.clone(),
        first_year: strategy.first_year,
        last_year: strategy.last_year,
        summary: strategy.summary.clone(),
        document_url: strategy.document_url.clone(),
        aims: strategy
            .aims
            .iter()
            .map(|a| AimEntry {
                title: a.title.clone(),
                description: a.description.clone(),
                priorities: a.priorities.iter().map(|p| (p.title.clone(), p.description.clone())).collect(),
            })
            .collect(),
        objectives: entries,
        measures: measure_entries,
    })
}

/// Writes `contents` as a new draft strategy of `org` and creates or
/// replaces the measures it names (each measure's values replaced by the
/// file's), for `by` (`None`: from the command line), audited as imported
/// from `from` ("the file riverside.yaml", "the API"). Returns the draft's id.
pub async fn create(db: &Db, org: &Org, contents: &Contents, by: Option<i64>, from: &str) -> Result<i64, AppError> {
    let strategy = "INSERT INTO strategies (org_id, title, first_year, last_year, summary, document_url, created_at, \
                    updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
    let aim =
        "INSERT INTO strategy_aims (strategy_id, position, title, description) VALUES ($1, $2, $3, $4) RETURNING id";
    let priority =
        "INSERT INTO strategy_priorities (aim_id, position, title, description) VALUES ($1, $2, $3, $4) RETURNING id";
    let objective = "INSERT INTO strategy_objectives (aim_id, priority_id, year, title, description, lead, committee, \
                     due_on, weight, status, carried_from, created_at, updated_at, cadence) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id";
    let update = "INSERT INTO objective_updates (objective_id, period, rag, confidence, narrative, evidence, person_id, \
                  created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let existing = "SELECT id FROM outcome_measures WHERE org_id = $1 AND key = $2";
    let clear = "DELETE FROM outcome_measure_values WHERE measure_id = $1";
    let at = now();
    let c = contents;
    let measure_json: Vec<(String, String)> = c
        .measures
        .iter()
        .map(|m| Ok((measures::json(&m.definition.rebases)?, measures::json(&m.definition.targets)?)))
        .collect::<Result<_, AppError>>()?;
    let objectives_count = c.objectives.len();
    let keys: Vec<&str> = c.measures.iter().map(|m| m.key.as_str()).collect();
    let summary = format!(
        "Imported the strategy “{}” ({} to {}) as a draft from {from}: {} aims, {objectives_count} objectives{}",
        c.title,
        c.first_year,
        c.last_year,
        c.aims.len(),
        if keys.is_empty() { String::new() } else { format!("; measures created or replaced: {}", keys.join(", ")) }
    );
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar(strategy).bind(org.id).bind(&c.title)
            .bind(i64::from(c.first_year.start_year())).bind(i64::from(c.last_year.start_year()))
            .bind(&c.summary).bind(&c.document_url).bind(at).fetch_one(&mut *tx).await?;
        let mut aim_ids = Vec::with_capacity(c.aims.len());
        let mut priority_ids: Vec<Vec<i64>> = Vec::with_capacity(c.aims.len());
        for (position, a) in c.aims.iter().enumerate() {
            let aim_id: i64 = sqlx::query_scalar(aim).bind(id).bind(position as i64 + 1).bind(&a.title)
                .bind(&a.description).fetch_one(&mut *tx).await?;
            let mut ids = Vec::with_capacity(a.priorities.len());
            for (p, (title, description)) in a.priorities.iter().enumerate() {
                let pid: i64 = sqlx::query_scalar(priority).bind(aim_id).bind(p as i64 + 1).bind(title)
                    .bind(description).fetch_one(&mut *tx).await?;
                ids.push(pid);
            }
            aim_ids.push(aim_id);
            priority_ids.push(ids);
        }
        let mut objective_ids: Vec<i64> = Vec::with_capacity(c.objectives.len());
        for o in &c.objectives {
            let priority_id = o.priority.and_then(|p| priority_ids.get(o.aim)?.get(p).copied());
            let carried_from = o.carried_from.and_then(|i| objective_ids.get(i).copied());
            let oid: i64 = sqlx::query_scalar(objective).bind(aim_ids[o.aim]).bind(priority_id)
                .bind(i64::from(o.year.start_year())).bind(&o.title).bind(&o.description).bind(&o.lead)
                .bind(&o.committee).bind(&o.due_on).bind(o.weight).bind(o.status.as_str()).bind(carried_from)
                .bind(at).bind(o.cadence.as_str()).fetch_one(&mut *tx).await?;
            for u in &o.updates {
                sqlx::query(update).bind(oid).bind(u.period.to_string()).bind(u.rag.as_str())
                    .bind(u.confidence.as_str()).bind(&u.narrative).bind(u.evidence.join("\n")).bind(by)
                    .bind(u.at.unwrap_or(at)).execute(&mut *tx).await?;
            }
            objective_ids.push(oid);
        }
        for (m, (rebases, targets)) in c.measures.iter().zip(&measure_json) {
            let d = &m.definition;
            let found: Option<i64> = sqlx::query_scalar(existing).bind(org.id).bind(&m.key).fetch_optional(&mut *tx).await?;
            let sql = if found.is_some() { UPDATE_MEASURE } else { INSERT_MEASURE };
            let measure_id: i64 = sqlx::query_scalar(sql)
                .bind(org.id).bind(&m.key).bind(&d.name).bind(&d.definition).bind(d.unit.code())
                .bind(direction_code(d.direction)).bind(d.frequency.as_str()).bind(d.baseline_points.map(|n| n as i64))
                .bind(rebases).bind(targets).bind(&d.source).bind(&d.quality_note).bind(at)
                .fetch_one(&mut *tx).await?;
            sqlx::query(clear).bind(measure_id).execute(&mut *tx).await?;
            InsertValues::insert_values(&mut *tx, MeasureId(measure_id), &m.values).await?;
            // Links to the new draft's aims and objectives, beside any the measure has elsewhere.
            let links = LinkIds {
                aims: m.aims.iter().filter_map(|&a| aim_ids.get(a).copied()).collect(),
                objectives: m.objectives.iter().filter_map(|&o| objective_ids.get(o).copied()).collect(),
            }
            .tidy();
            WriteLinks::add_links(&mut *tx, measure_id, &links).await?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: by, action: "strategy.import",
            summary: summary.clone(), before: None, after: None,
        })?;
        tx.commit().await?;
        id
    }))
}
