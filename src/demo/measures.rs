//! The demo's outcomes framework: six monthly measures of the River North
//! partnership, made so that its charts show everything Making Data Count
//! reads — each special-cause rule somewhere (a point outside the limits, a
//! shift, a trend, two of three near a limit), one rebase, and targets that
//! the process will consistently pass, consistently fail, or hit and miss —
//! with every direction of improvement. The figures are invented for Ethos
//! and fixed here, so every load shows the same charts; the test below
//! runs the analysis on them so a change cannot quietly lose a signal.
//! Five of the six are linked to the aims and objectives of the
//! partnership's plan ([`link`]).

use crate::orgs::model;
use crate::storage::Db;
use crate::strategy::measures::definition::{Definition, MeasureInput, TargetInput};
use crate::strategy::measures::links::LinkIds;
use crate::strategy::measures::store;
use crate::strategy::measures::values_input::NewValue;

/// One demo measure: its key, how it is read, its first month, its values
/// and the notes on some months.
struct DemoMeasure {
    key: &'static str,
    name: &'static str,
    unit: &'static str,
    direction: &'static str,
    rebases: &'static [&'static str],
    /// (from, value)
    targets: &'static [(&'static str, f64)],
    definition: &'static str,
    source: &'static str,
    quality_note: &'static str,
    first: &'static str,
    values: &'static [f64],
    /// (period, note)
    notes: &'static [(&'static str, &'static str)],
}

const MEASURES: [DemoMeasure; 6] = [
    // Higher is better; a rebase when the discharge hub opened; the target
    // sits above the new limits: it will consistently fail.
    DemoMeasure {
        key: "home-within-a-day",
        name: "Patients home within a day of being ready",
        unit: "percent",
        direction: "higher",
        rebases: &["2024-10"],
        targets: &[("2024-04", 80.0)],
        definition: "Of the adults in the partnership's two hospitals who were medically ready to leave in the \
                     month, the share who left within 24 hours of being ready.",
        source: "Both trusts' patient administration systems, combined by the partnership's analysts.",
        quality_note: "The moment a patient is ready is recorded by hand on the ward; the latest month may change a \
                       little as records are completed.",
        first: "2023-04",
        values: &[
            61.8, 63.1, 60.9, 62.4, 61.2, 63.5, 62.0, 60.4, 59.8, 62.9, 61.7, 63.0, 62.2, 60.8, 61.9, 63.3, 62.6, 61.4,
            68.9, 71.2, 70.4, 72.8, 71.6, 73.9, 72.5, 74.1, 73.2, 75.0, 74.4, 76.3,
        ],
        notes: &[("2024-10", "The discharge hub opened this month")],
    },
    // Lower is better; one winter month far above the upper limit; the
    // target lies between the limits: hit and miss.
    DemoMeasure {
        key: "readmissions-30-days",
        name: "Emergency readmissions within 30 days",
        unit: "percent",
        direction: "lower",
        rebases: &[],
        targets: &[("2023-04", 8.0)],
        definition: "Of the adults who left either hospital in the month, the share admitted again as an emergency \
                     within 30 days.",
        source: "Hospital episode data for both trusts, matched by NHS number.",
        quality_note: "Readmissions to hospitals outside the partnership are counted a month late.",
        first: "2023-04",
        values: &[
            8.0, 8.33, 7.79, 8.12, 7.7, 8.24, 7.88, 8.27, 7.67, 8.09, 7.85, 8.21, 8.06, 7.73, 8.18, 7.91, 8.3, 7.82,
            8.15, 7.64, 8.03, 10.2, 7.94, 7.76, 8.0, 8.33, 7.79, 8.12, 7.7, 8.24, 7.88, 8.27, 7.67, 8.09, 7.85, 8.21,
        ],
        notes: &[("2025-01", "A severe flu season filled both hospitals")],
    },
    // Lower is better; a run above the mean, then a run below it once a
    // falls programme began (with two of three near the lower limit); the
    // target sits above the upper limit: it will consistently pass.
    DemoMeasure {
        key: "falls-with-harm",
        name: "Falls with harm per 1,000 bed days",
        unit: "per_1000",
        direction: "lower",
        rebases: &[],
        targets: &[("2024-04", 3.0)],
        definition: "Falls on the partnership's wards and community beds that left the person hurt, for every 1,000 \
                     nights spent in a bed.",
        source: "Incident reports of both trusts, checked by their patient safety teams.",
        quality_note: "The harm of a fall is sometimes graded a few weeks after it happened.",
        first: "2024-04",
        values: &[
            2.0, 2.17, 1.9, 2.06, 1.85, 2.12, 1.94, 2.13, 1.83, 2.04, 1.93, 2.1, 2.03, 1.86, 2.09, 1.96, 2.15, 1.91,
            2.08, 1.82, 1.59, 1.45, 1.63, 1.51, 1.64, 1.44, 1.58, 1.5, 1.62, 1.57,
        ],
        notes: &[("2025-12", "Every ward began the new falls programme")],
    },
    // Lower is better; the wait falls month after month (a trend) until it
    // leaves the limits; the target lies between the limits.
    DemoMeasure {
        key: "wait-first-visit",
        name: "Days waiting for a first community nursing visit",
        unit: "days",
        direction: "lower",
        rebases: &[],
        targets: &[("2023-10", 11.0)],
        definition: "The average number of days from a referral to community nursing to the first visit at home, \
                     for referrals that were not urgent.",
        source: "Riverside's community nursing caseload system.",
        quality_note: "Referrals cancelled before a visit are left out.",
        first: "2023-10",
        values: &[
            12.3, 11.8, 12.4, 11.6, 12.1, 11.8, 12.3, 12.1, 11.6, 12.2, 11.9, 12.4, 11.8, 12.2, 11.5, 12.0, 12.3, 11.9,
            11.7, 12.0, 12.4, 11.7, 12.2, 11.6, 12.3, 11.8, 12.4, 11.6, 12.4, 11.9, 11.5, 11.1, 10.7, 10.4, 10.0, 9.7,
        ],
        notes: &[("2026-03", "Evening and weekend visiting slots added")],
    },
    // Neither direction is better; two winter months close to the upper
    // limit (two of three) are flagged as neutral.
    DemoMeasure {
        key: "urgent-response-calls",
        name: "Calls to the urgent community response line",
        unit: "count",
        direction: "neither",
        rebases: &[],
        targets: &[],
        definition: "Calls in the month from people, families and services asking for a visit within two hours to \
                     avoid a trip to hospital.",
        source: "The response line's call log.",
        quality_note: "Calls that dropped before they were answered are not counted.",
        first: "2024-10",
        values: &[
            423.0, 415.0, 427.0, 422.0, 411.0, 426.0, 417.0, 430.0, 414.0, 425.0, 408.0, 421.0, 428.0, 418.0, 448.0,
            451.0, 431.0, 413.0, 424.0, 410.0, 428.0, 416.0, 429.0, 409.0,
        ],
        notes: &[("2025-12", "A cold snap over the holidays")],
    },
    // Higher is better; steady well above the target: it will consistently pass.
    DemoMeasure {
        key: "carers-listened-to",
        name: "Carers who felt listened to",
        unit: "percent",
        direction: "higher",
        rebases: &[],
        targets: &[("2023-06", 80.0)],
        definition: "Of the unpaid carers who answered the partnership's short monthly survey, the share who said \
                     staff listened to them about the person they care for.",
        source: "The partnership's monthly carers' survey, by text message and on paper.",
        quality_note: "Around 150 carers answer each month, so a change of a point or two can be chance.",
        first: "2023-06",
        values: &[
            86.7, 85.1, 86.2, 85.6, 86.6, 86.2, 85.3, 86.5, 85.8, 86.8, 85.5, 86.4, 85.0, 86.1, 86.6, 85.8, 85.4, 86.0,
            86.9, 85.4, 86.3, 85.2, 86.6, 85.7, 86.7, 85.1, 86.2, 85.6, 86.6, 86.2, 85.3, 86.5, 85.8, 86.8, 85.5, 86.4,
            85.0, 86.1, 86.6, 85.8,
        ],
        notes: &[],
    },
];

impl DemoMeasure {
    fn definition(&self) -> anyhow::Result<Definition> {
        let input = MeasureInput {
            name: self.name.to_owned(),
            unit: self.unit.to_owned(),
            direction: self.direction.to_owned(),
            frequency: "monthly".to_owned(),
            baseline_points: None,
            rebases: self.rebases.iter().map(|r| (*r).to_owned()).collect(),
            targets: self
                .targets
                .iter()
                .map(|(from, value)| TargetInput { from: (*from).to_owned(), value: *value })
                .collect(),
            definition: Some(self.definition.to_owned()),
            source: Some(self.source.to_owned()),
            quality_note: Some(self.quality_note.to_owned()),
            aims: None,
            objectives: None,
        };
        input.check().map_err(|e| anyhow::anyhow!("demo measure {}: {:?}", self.key, e.list))
    }

    fn values(&self, definition: &Definition) -> anyhow::Result<Vec<NewValue>> {
        let mut period = definition.frequency.parse_period(self.first).map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut values = Vec::new();
        for &value in self.values {
            let shown = period.to_string();
            let note = self.notes.iter().find(|(p, _)| *p == shown).map(|(_, n)| (*n).to_owned());
            values.push(NewValue { period, value, note });
            period = period.next().ok_or_else(|| anyhow::anyhow!("demo periods ran out"))?;
        }
        Ok(values)
    }
}

/// What each measure shows progress on in the partnership's plan
/// ([`super::partnership`]): (measure, aim number from 1, objective title).
/// The urgent-response measure is left unlinked, so the strategy page also
/// shows a measure in its general list.
const LINKS: [(&str, Option<i64>, Option<&str>); 5] = [
    ("home-within-a-day", Some(1), Some(super::partnership::DISCHARGE)),
    ("wait-first-visit", Some(1), None),
    ("readmissions-30-days", Some(2), None),
    ("falls-with-harm", None, Some(super::partnership::FALLS)),
    ("carers-listened-to", Some(3), Some(super::partnership::CARERS)),
];

/// Links the partnership's measures to the aims and objectives of its
/// published strategy, as its editors would in each measure's form.
pub async fn link(db: &Db) -> anyhow::Result<()> {
    let Some(org) = model::by_slug(db, "river-north").await? else { return Ok(()) };
    let Some(strategy) = crate::strategy::plan::store::published(db, org.id).await? else { return Ok(()) };
    for (key, aim, objective) in LINKS {
        let Some(measure) = store::find(db, org.id, key).await? else { continue };
        let aims = strategy.aims.iter().filter(|a| Some(a.position) == aim).map(|a| a.id).collect();
        let objectives = strategy.objectives().filter(|o| Some(o.title.as_str()) == objective).map(|o| o.id).collect();
        let links = LinkIds { aims, objectives };
        store::save_with_links(db, &org, key, &measure.definition, Some(&links), None).await?;
    }
    Ok(())
}

/// Adds the measures and their values to the partnership.
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let Some(org) = model::by_slug(db, "river-north").await? else { return Ok(()) };
    for m in &MEASURES {
        let definition = m.definition()?;
        store::save(db, &org, m.key, &definition, None).await?;
        let Some(measure) = store::find(db, org.id, m.key).await? else { continue };
        store::replace_values(db, &org, &measure, &m.values(&definition)?, None).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::strategy::measures::spc::{Assurance, Direction, Observation, Rule, analyse};

    #[test]
    fn the_demo_measures_show_every_rule_every_assurance_and_every_direction() {
        let (mut rules, mut assurances, mut directions) = (HashSet::new(), HashSet::new(), HashSet::new());
        let mut rebased = 0;
        for m in &MEASURES {
            let definition = m.definition().unwrap();
            assert!((24..=48).contains(&m.values.len()), "{} has {} values", m.key, m.values.len());
            let observations: Vec<Observation> = m
                .values(&definition)
                .unwrap()
                .iter()
                .map(|v| Observation { period: v.period, value: v.value })
                .collect();
            let spc = analyse(&observations, &definition.settings()).unwrap();
            rules.extend(spc.points.iter().filter_map(|p| p.rule));
            assurances.extend(spc.assurance);
            directions.insert(definition.direction);
            rebased += usize::from(spc.segments.len() > 1);
            assert!(spc.segments.iter().all(|s| s.upper_limit.is_some()), "{}: every segment has limits", m.key);
        }
        assert_eq!(rules, HashSet::from([Rule::OutsideLimits, Rule::Shift, Rule::Trend, Rule::TwoOutOfThree]));
        assert_eq!(assurances, HashSet::from([Assurance::Pass, Assurance::Fail, Assurance::HitAndMiss]));
        assert_eq!(directions, HashSet::from([Direction::Higher, Direction::Lower, Direction::Neither]));
        assert_eq!(rebased, 1, "one measure is rebased");
    }

    #[test]
    fn each_demo_note_falls_on_one_of_its_measures_months() {
        for m in &MEASURES {
            let values = m.values(&m.definition().unwrap()).unwrap();
            for (period, _) in m.notes {
                assert!(values.iter().any(|v| v.period.to_string() == *period), "{}: {period}", m.key);
            }
        }
    }
}
