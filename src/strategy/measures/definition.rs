//! What a measure is, as its editors describe it: the checked form of a
//! measure's name, unit, direction, frequency, baseline, rebases and
//! targets. Both the API and the pages send what people wrote through
//! [`MeasureInput::check`], so they refuse the same things with the same
//! words, each naming its field.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::period::{Frequency, Period};
use super::spc::{Direction, MIN_POINTS_FOR_LIMITS, Settings, Target};
use crate::web::forms::FormErrors;

/// What a measure counts in. Stored as a short code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Count,
    Percent,
    Per1000,
    Days,
    Pounds,
}

impl Unit {
    pub const ALL: [Unit; 5] = [Unit::Count, Unit::Percent, Unit::Per1000, Unit::Days, Unit::Pounds];

    /// The stored and serialised code.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Per1000 => "per_1000",
            Unit::Days => "days",
            Unit::Pounds => "pounds",
        }
    }

    pub fn parse(code: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.code() == code)
    }

    /// A value with its unit, as a page shows it: "12", "61.8%",
    /// "4.2 per 1,000", "3 days", "£1500".
    pub fn show(self, value: f64) -> String {
        match self {
            Unit::Count => format!("{value}"),
            Unit::Percent => format!("{value}%"),
            Unit::Per1000 => format!("{value} per 1,000"),
            Unit::Days if value == 1.0 => "1 day".to_owned(),
            Unit::Days => format!("{value} days"),
            Unit::Pounds if value < 0.0 => format!("−£{}", -value),
            Unit::Pounds => format!("£{value}"),
        }
    }

    /// The unit in words, for pages.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Count => "Count",
            Unit::Percent => "Percentage (%)",
            Unit::Per1000 => "Rate per 1,000",
            Unit::Days => "Days",
            Unit::Pounds => "Pounds (£)",
        }
    }
}

/// The stored name of a direction.
pub fn direction_code(direction: Direction) -> &'static str {
    match direction {
        Direction::Higher => "higher",
        Direction::Lower => "lower",
        Direction::Neither => "neither",
    }
}

pub fn parse_direction(code: &str) -> Option<Direction> {
    match code {
        "higher" => Some(Direction::Higher),
        "lower" => Some(Direction::Lower),
        "neither" => Some(Direction::Neither),
        _ => None,
    }
}

/// A direction in words, for pages.
pub fn direction_words(direction: Direction) -> &'static str {
    match direction {
        Direction::Higher => "Higher is better",
        Direction::Lower => "Lower is better",
        Direction::Neither => "Neither higher nor lower is better",
    }
}

pub fn parse_frequency(code: &str) -> Option<Frequency> {
    [Frequency::Weekly, Frequency::Monthly, Frequency::Quarterly, Frequency::Yearly]
        .into_iter()
        .find(|f| f.as_str() == code)
}

/// A target as sent: from a period on, the value aimed for.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct TargetInput {
    /// The first period the target applies to.
    pub from: String,
    pub value: f64,
}

/// A measure as sent through the API (and built from the page's form).
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureInput {
    pub name: String,
    /// count, percent, per_1000, days or pounds.
    pub unit: String,
    /// higher, lower or neither: which way is better.
    pub direction: String,
    /// weekly, monthly, quarterly or yearly.
    pub frequency: String,
    /// Limits from each segment's first N points (at least 12); null for all.
    #[serde(default)]
    pub baseline_points: Option<i64>,
    /// Periods from which the limits are recalculated.
    #[serde(default)]
    pub rebases: Vec<String>,
    #[serde(default)]
    pub targets: Vec<TargetInput>,
    /// How the measure is defined: what is counted, over what.
    #[serde(default)]
    pub definition: Option<String>,
    /// Where the values come from.
    #[serde(default)]
    pub source: Option<String>,
    /// What to bear in mind about the data's quality.
    #[serde(default)]
    pub quality_note: Option<String>,
    /// Ids of the organisation's strategic aims the measure shows progress
    /// on. Left out or null: the links stay as they are; a list replaces them.
    #[serde(default)]
    pub aims: Option<Vec<i64>>,
    /// Ids of the organisation's objectives the measure shows progress on.
    /// Left out or null: the links stay as they are; a list replaces them.
    #[serde(default)]
    pub objectives: Option<Vec<i64>>,
}

/// A measure's description once checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    pub name: String,
    pub definition: String,
    pub unit: Unit,
    pub direction: Direction,
    pub frequency: Frequency,
    pub baseline_points: Option<usize>,
    pub rebases: Vec<Period>,
    pub targets: Vec<Target>,
    pub source: String,
    pub quality_note: String,
}

impl Definition {
    /// How the SPC reads the measure's values.
    pub fn settings(&self) -> Settings {
        Settings {
            direction: self.direction,
            baseline_points: self.baseline_points,
            rebase: self.rebases.clone(),
            targets: self.targets.clone(),
        }
    }
}

const LONGEST_NAME: usize = 200;
const LONGEST_TEXT: usize = 2000;

/// Checks a measure's key: 1 to 60 lowercase letters, digits and hyphens,
/// not starting or ending with a hyphen (it is part of the address).
pub fn check_key(errors: &mut FormErrors, key: &str) {
    let ok = !key.is_empty()
        && key.len() <= 60
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !key.starts_with('-')
        && !key.ends_with('-')
        // `/o/{slug}/measures/new` is the form that adds a measure.
        && key != "new";
    if !ok {
        errors.add(
            "key",
            "The key must be 1 to 60 lowercase letters, digits and hyphens, such as a-and-e-waits (it is part of the \
             measure's address)",
        );
    }
}

fn text(errors: &mut FormErrors, field: &str, label: &str, value: Option<&str>, longest: usize) -> String {
    let value = value.unwrap_or_default().trim().to_owned();
    if value.chars().count() > longest {
        errors.add(field, format!("{label} must be {longest} characters or fewer"));
    }
    value
}

impl MeasureInput {
    /// The checked definition, or every field at fault.
    pub fn check(&self) -> Result<Definition, FormErrors> {
        let mut errors = FormErrors::new();
        let name = text(&mut errors, "name", "The name", Some(&self.name), LONGEST_NAME);
        if name.is_empty() {
            errors.add("name", "Enter the measure's name");
        }
        let definition = text(&mut errors, "definition", "The definition", self.definition.as_deref(), LONGEST_TEXT);
        let unit = Unit::parse(self.unit.trim());
        if unit.is_none() {
            errors.add("unit", "Choose the unit: count, percent, per_1000, days or pounds");
        }
        let direction = parse_direction(self.direction.trim());
        if direction.is_none() {
            errors.add("direction", "Say which way is better: higher, lower or neither");
        }
        let frequency = parse_frequency(self.frequency.trim());
        if frequency.is_none() {
            errors.add("frequency", "Choose how often the measure has a value: weekly, monthly, quarterly or yearly");
        }
        let baseline_points = match self.baseline_points {
            None => None,
            Some(n) if n >= MIN_POINTS_FOR_LIMITS as i64 && n <= 100_000 => Some(n as usize),
            Some(_) => {
                errors.add(
                    "baseline_points",
                    format!("A baseline needs at least {MIN_POINTS_FOR_LIMITS} points; leave it empty to use them all"),
                );
                None
            }
        };
        let mut rebases = Vec::new();
        let mut targets: Vec<Target> = Vec::new();
        if let Some(frequency) = frequency {
            for (i, text) in self.rebases.iter().enumerate() {
                match frequency.parse_period(text) {
                    Ok(period) if rebases.contains(&period) => {
                        errors.add(&format!("rebases[{i}]"), format!("The rebase {period} is given twice"))
                    }
                    Ok(period) => rebases.push(period),
                    Err(e) => errors.add(&format!("rebases[{i}]"), format!("Rebase {}: {e}", i + 1)),
                }
            }
            for (i, target) in self.targets.iter().enumerate() {
                let field = format!("targets[{i}]");
                match frequency.parse_period(&target.from) {
                    Ok(from) if targets.iter().any(|t| t.from == from) => {
                        errors.add(&field, format!("There are two targets from {from}: give one"))
                    }
                    Ok(_) if !target.value.is_finite() => {
                        errors.add(&field, format!("Target {}: the value is not a number", i + 1))
                    }
                    Ok(from) => targets.push(Target { from, value: target.value }),
                    Err(e) => errors.add(&field, format!("Target {}: {e}", i + 1)),
                }
            }
        }
        rebases.sort_unstable();
        targets.sort_by_key(|t| t.from);
        let source = text(&mut errors, "source", "The source", self.source.as_deref(), LONGEST_TEXT);
        let quality_note =
            text(&mut errors, "quality_note", "The data-quality note", self.quality_note.as_deref(), LONGEST_TEXT);
        match (unit, direction, frequency) {
            (Some(unit), Some(direction), Some(frequency)) if errors.is_empty() => Ok(Definition {
                name,
                definition,
                unit,
                direction,
                frequency,
                baseline_points,
                rebases,
                targets,
                source,
                quality_note,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MeasureInput {
        MeasureInput {
            name: "Falls per 1,000 bed days".to_owned(),
            unit: "per_1000".to_owned(),
            direction: "lower".to_owned(),
            frequency: "monthly".to_owned(),
            ..MeasureInput::default()
        }
    }

    #[test]
    fn a_complete_measure_is_accepted_with_its_lists_in_time_order() {
        let mut input = input();
        input.rebases = vec!["2024-04".to_owned(), "2023-04".to_owned()];
        input.targets = vec![TargetInput { from: "2024-04".to_owned(), value: 5.0 }];
        let definition = input.check().unwrap();
        assert_eq!(definition.unit, Unit::Per1000);
        assert_eq!(definition.rebases.iter().map(ToString::to_string).collect::<Vec<_>>(), ["2023-04", "2024-04"]);
    }

    #[test]
    fn a_rebase_of_the_wrong_frequency_is_refused_naming_it() {
        let mut input = input();
        input.rebases = vec!["2024-04".to_owned(), "2024-Q2".to_owned()];
        let errors = input.check().unwrap_err();
        assert_eq!(errors.list[0].field, "rebases[1]");
        assert!(errors.list[0].message.contains("2024-Q2 is a quarter, but this measure is monthly"));
    }

    #[test]
    fn unknown_codes_and_short_baselines_are_refused_field_by_field() {
        let mut input = input();
        input.unit = "furlongs".to_owned();
        input.direction = "up".to_owned();
        input.baseline_points = Some(5);
        let fields: Vec<String> = input.check().unwrap_err().list.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["unit", "direction", "baseline_points"]);
    }

    #[test]
    fn keys_are_short_lowercase_words_joined_by_hyphens() {
        for (key, ok) in [("falls", true), ("a-and-e-4h", true), ("", false), ("Falls", false), ("-x", false)] {
            let mut errors = FormErrors::new();
            check_key(&mut errors, key);
            assert_eq!(errors.is_empty(), ok, "{key}");
        }
    }
}
