//! The demo's outcome measure: the River North partnership's share of
//! patients who leave hospital within a day of being ready to go, monthly
//! for two and a half years, with a rebase when its discharge hub opened.
//! The figures are invented for Ethos.

use crate::orgs::model;
use crate::storage::Db;
use crate::strategy::measures::definition::{MeasureInput, TargetInput};
use crate::strategy::measures::store;
use crate::strategy::measures::values_input::NewValue;

/// April 2023 to September 2025: steady near 62% until the hub opened in
/// October 2024, then higher.
const VALUES: [f64; 30] = [
    61.8, 63.1, 60.9, 62.4, 61.2, 63.5, 62.0, 60.4, 59.8, 62.9, 61.7, 63.0, 62.2, 60.8, 61.9, 63.3, 62.6, 61.4, 68.9,
    71.2, 70.4, 72.8, 71.6, 73.9, 72.5, 74.1, 73.2, 75.0, 74.4, 76.3,
];

/// Adds the measure and its values to the partnership.
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let Some(org) = model::by_slug(db, "river-north").await? else { return Ok(()) };
    let input = MeasureInput {
        name: "Patients home within a day of being ready".to_owned(),
        unit: "percent".to_owned(),
        direction: "higher".to_owned(),
        frequency: "monthly".to_owned(),
        baseline_points: None,
        rebases: vec!["2024-10".to_owned()],
        targets: vec![TargetInput { from: "2024-04".to_owned(), value: 80.0 }],
        definition: Some(
            "Of the adults in the partnership's two hospitals who were medically ready to leave in the month, the \
             share who left within 24 hours of being ready."
                .to_owned(),
        ),
        source: Some("Both trusts' patient administration systems, combined by the partnership's analysts.".to_owned()),
        quality_note: Some(
            "The moment a patient is ready is recorded by hand on the ward; the latest month may change a little \
             as records are completed."
                .to_owned(),
        ),
    };
    let definition = input.check().map_err(|e| anyhow::anyhow!("demo measure: {:?}", e.list))?;
    store::save(db, &org, "home-within-a-day", &definition, None).await?;
    let Some(measure) = store::find(db, org.id, "home-within-a-day").await? else { return Ok(()) };
    let mut period = definition.frequency.parse_period("2023-04").map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut values = Vec::new();
    for value in VALUES {
        let note = (period.to_string() == "2024-10").then(|| "The discharge hub opened this month".to_owned());
        values.push(NewValue { period, value, note });
        period = period.next().ok_or_else(|| anyhow::anyhow!("demo periods ran out"))?;
    }
    store::replace_values(db, &org, &measure, &values, None).await?;
    Ok(())
}
