//! The strategy summary's contents: who the organisation is (vision,
//! mission, motto and values from its published framework), each aim with
//! its priorities, and how many of the year's objectives stand at each
//! status; the longer document adds each aim's objectives and the measures.

use super::charts;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::{Db, now};
use crate::strategy::measures::financial_year::FinancialYear;
use crate::strategy::plan::model::{ObjectiveStatus, Strategy};

/// How many of `year`'s objectives stand at each status, in the statuses'
/// order, leaving out those none has.
pub fn status_counts(strategy: &Strategy, year: FinancialYear) -> Vec<(String, u32)> {
    ObjectiveStatus::ALL
        .into_iter()
        .filter_map(|status| {
            let n = strategy.objectives().filter(|o| o.year == year && o.status == status).count();
            (n > 0).then(|| (status.label().to_owned(), u32::try_from(n).unwrap_or(u32::MAX)))
        })
        .collect()
}

/// The summary's input for `year` of `strategy`; `long` for the longer document.
pub async fn input(
    db: &Db,
    org: &Org,
    strategy: &Strategy,
    year: FinancialYear,
    long: bool,
) -> Result<ethos_pdf::StrategySummary, AppError> {
    let framework = crate::values::store::current(db, org.id).await?.map(|v| v.content);
    let (vision, mission, motto, values) = match framework {
        Some(f) => (f.vision.statement, f.mission, f.motto, f.values.into_iter().map(|v| v.name).collect()),
        None => Default::default(),
    };
    let aims = strategy
        .aims
        .iter()
        .map(|aim| ethos_pdf::SummaryAim {
            title: aim.title.clone(),
            description: aim.description.clone(),
            priorities: aim.priorities.iter().map(|p| p.title.clone()).collect(),
            objectives: aim
                .objectives_in(&year)
                .into_iter()
                .map(|o| (o.title.clone(), o.status.label().to_owned(), o.lead.clone()))
                .collect(),
        })
        .collect();
    let measures = if long {
        charts::measures(db, org.id, None).await?.into_iter().map(|m| m.printed).collect()
    } else {
        Vec::new()
    };
    Ok(ethos_pdf::StrategySummary {
        org_name: org.name.clone(),
        title: strategy.title.clone(),
        period: format!("Our strategy for {}", strategy.period()),
        year: year.to_string(),
        summary: strategy.summary.clone(),
        vision,
        mission,
        motto,
        values,
        aims,
        status_counts: status_counts(strategy, year),
        measures,
        produced: format!("Produced {}", org.zone.date(now())),
        long,
    })
}
