//! The organisation's outcome measures as the two documents print them:
//! each measure's values up to the end of the period, analysed and drawn
//! with the same SPC and SVG chart as its page, with the words of its
//! variation and assurance icons.

use jiff::civil::Date;

use crate::error::AppError;
use crate::storage::Db;
use crate::strategy::measures::chart;
use crate::strategy::measures::spc::{self, Assurance, SpcError, SpecialCause};
use crate::strategy::measures::store::{self, StoredValue};

/// A measure printed in a document, and what the Board should look at.
pub struct PrintedMeasure {
    pub printed: ethos_pdf::ReportMeasure,
    /// The latest point is special-cause variation of concern.
    pub concern: bool,
    /// The process will consistently fail its target.
    pub failing: bool,
}

/// Every measure of the organisation (by name) with its values up to and
/// including the period that begins on or before `until` (all values
/// when `None`).
pub async fn measures(db: &Db, org_id: i64, until: Option<Date>) -> Result<Vec<PrintedMeasure>, AppError> {
    let mut printed = Vec::new();
    for measure in store::list(db, org_id).await? {
        let values = store::values(db, measure.id).await?;
        let observations: Vec<_> = values
            .iter()
            .filter(|v| until.is_none_or(|day| v.period.first_day() <= day))
            .map(StoredValue::observation)
            .collect();
        let name = measure.definition.name.clone();
        let analysed = spc::analyse(&observations, &measure.definition.settings());
        let result = match analysed {
            Ok(result) => result,
            Err(e) => {
                let latest = match e {
                    SpcError::NoPoints => "No values for this period yet.".to_owned(),
                    other => format!("The chart cannot be drawn: {other}."),
                };
                let printed_measure = ethos_pdf::ReportMeasure { name, latest, ..Default::default() };
                printed.push(PrintedMeasure { printed: printed_measure, concern: false, failing: false });
                continue;
            }
        };
        let latest = result.latest();
        let printed_measure = ethos_pdf::ReportMeasure {
            chart_svg: chart::xmr_svg(&format!("chart-{}", measure.key), &name, &result),
            chart_alt: chart::describe(&result),
            latest: format!("Latest: {} ({})", measure.definition.unit.show(latest.value), latest.period.label()),
            variation: chart::variation_words(result.variation).to_owned(),
            assurance: result.assurance.map(chart::assurance_words).unwrap_or_default().to_owned(),
            name,
        };
        printed.push(PrintedMeasure {
            printed: printed_measure,
            concern: latest.special_cause == Some(SpecialCause::Concern),
            failing: result.assurance == Some(Assurance::Fail),
        });
    }
    Ok(printed)
}
