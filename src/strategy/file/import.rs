//! Reading a strategy file: the YAML checks every Ethos file has, then the
//! strategy's details, aims, each year's objectives and updates, and the
//! measures, checked as the pages and the API check them, with references
//! (an objective's aim, priority and `carried_from`) resolved by key.
//! Nothing is stored here.

use std::collections::HashMap;

use super::check::{Faults, listed, short};
use super::schema::{FileAim, FileMeasure, FileObjective, FileV1};
use super::{AimEntry, Contents, FORMAT, FileError, MeasureEntry, ObjectiveEntry, UpdateEntry, key_from};
use crate::strategy::measures::definition::{MeasureInput, TargetInput, check_key};
use crate::strategy::measures::financial_year::FinancialYear;
use crate::strategy::measures::period::Frequency;
use crate::strategy::measures::values_input::{NewValue, check_one};
use crate::strategy::plan::edit::{Fields, TITLE_MAX, details};
use crate::strategy::plan::model::ObjectiveStatus;
use crate::strategy::plan::update_input::{self, UpdateInput};
use crate::web::forms::FormErrors;
use crate::yaml::from_yaml_in;

/// What a file holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub contents: Contents,
    /// The organisation the file says it came from; informational only.
    pub organisation: String,
}

/// Reads a strategy file, refusing it with every problem found (each at its
/// line, column and field) if anything is wrong.
pub fn import(bytes: &[u8]) -> Result<Imported, FileError> {
    let text = crate::yaml::text(bytes, &FORMAT)?;
    let file: FileV1 = serde_yaml_ng::from_str(text).map_err(|e| FileError::one(from_yaml_in(text, &e)))?;
    let mut faults = Faults::new(text);
    let organisation = file.organisation.clone();
    let contents = read(file, &mut faults);
    match contents {
        Some(contents) if faults.is_empty() => Ok(Imported { contents, organisation }),
        _ => Err(faults.into_error()),
    }
}

fn read(file: FileV1, faults: &mut Faults<'_>) -> Option<Contents> {
    let fields: Fields = [
        ("title", &file.title),
        ("first-year", &file.first_year),
        ("last-year", &file.last_year),
        ("summary", &file.summary),
        ("document-url", &file.document_url),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.clone()))
    .collect();
    let (d, errors) = details(&fields);
    for e in errors.list {
        faults.add(&e.field.replace('-', "_"), e.message);
    }
    let aims = aims(&file.aims, faults);
    let (first_year, last_year) = (d.first_year?, d.last_year?);
    let (objectives, objective_keys) = objectives(&file, &aims, (first_year, last_year), faults);
    let measures = measures(&file.measures, &aims, &objective_keys, faults);
    Some(Contents {
        title: d.title,
        first_year,
        last_year,
        summary: d.summary,
        document_url: d.document_url,
        aims: aims.into_iter().map(|a| a.entry).collect(),
        objectives,
        measures,
    })
}

/// An aim with the keys it and its priorities go by in this file.
struct KeyedAim {
    key: String,
    priority_keys: Vec<String>,
    entry: AimEntry,
}

/// Keys as written (checked, each used once) or made from the titles.
fn keys(faults: &mut Faults<'_>, items: &[(String, &str, &str)], fallback: &str, what: &str) -> Vec<String> {
    let mut written: Vec<Option<String>> = Vec::with_capacity(items.len());
    for (path, key, _) in items {
        let key = faults.key(&format!("{path}.key"), key);
        if let Some(k) = &key
            && let Some(first) = written.iter().position(|w| w.as_ref() == Some(k))
        {
            faults.add(
                &format!("{path}.key"),
                format!("The key “{k}” is already the key of {what} {}; each needs its own", first + 1),
            );
        }
        written.push(key);
    }
    let mut keys: Vec<String> = Vec::with_capacity(items.len());
    for (i, (_, _, title)) in items.iter().enumerate() {
        let key = match &written[i] {
            Some(k) => k.clone(),
            None => key_from(title, fallback, |k| {
                keys.iter().any(|x| x == k) || written.iter().any(|w| w.as_deref() == Some(k))
            }),
        };
        keys.push(key);
    }
    keys
}

fn aims(file: &[FileAim], faults: &mut Faults<'_>) -> Vec<KeyedAim> {
    let items: Vec<(String, &str, &str)> =
        file.iter().enumerate().map(|(i, a)| (format!("aims[{i}]"), a.key.as_str(), a.title.as_str())).collect();
    let aim_keys = keys(faults, &items, "aim", "aim");
    file.iter()
        .zip(aim_keys)
        .enumerate()
        .map(|(i, (aim, key))| {
            let path = format!("aims[{i}]");
            let items: Vec<(String, &str, &str)> = aim
                .priorities
                .iter()
                .enumerate()
                .map(|(j, p)| (format!("{path}.priorities[{j}]"), p.key.as_str(), p.title.as_str()))
                .collect();
            let priority_keys = keys(faults, &items, "priority", "priority");
            let priorities = aim
                .priorities
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    let at = format!("{path}.priorities[{j}]");
                    let title = faults.title(&format!("{at}.title"), &p.title, "priority");
                    (title, faults.description(&format!("{at}.description"), &p.description))
                })
                .collect();
            let entry = AimEntry {
                title: faults.title(&format!("{path}.title"), &aim.title, "aim"),
                description: faults.description(&format!("{path}.description"), &aim.description),
                priorities,
            };
            KeyedAim { key, priority_keys, entry }
        })
        .collect()
}

fn objectives(
    file: &FileV1,
    aims: &[KeyedAim],
    (first, last): (FinancialYear, FinancialYear),
    faults: &mut Faults<'_>,
) -> (Vec<ObjectiveEntry>, ObjectiveKeys) {
    let mut years: Vec<(FinancialYear, &String, &Vec<FileObjective>)> = Vec::new();
    for (text, list) in &file.years {
        match text.parse::<FinancialYear>() {
            Ok(year) if year < first || year > last => faults.add(
                &format!("years.{text}"),
                format!("{year} is outside the strategy, which runs from {first} to {last}"),
            ),
            Ok(year) => years.push((year, text, list)),
            Err(e) => faults.add(&format!("years.{text}"), e.to_string()),
        }
    }
    years.sort_by_key(|y| y.0);
    let aim_keys: Vec<String> = aims.iter().map(|a| a.key.clone()).collect();
    let mut entries: Vec<ObjectiveEntry> = Vec::new();
    // Each year's objectives by key, to resolve the next year's carried_from.
    let mut by_key: ObjectiveKeys = HashMap::new();
    for (year, text, list) in years {
        let items: Vec<(String, &str, &str)> = list
            .iter()
            .enumerate()
            .map(|(j, o)| (format!("years.{text}[{j}]"), o.key.as_str(), o.title.as_str()))
            .collect();
        let keys = keys(faults, &items, "objective", "objective");
        for (j, (o, key)) in list.iter().zip(keys).enumerate() {
            let path = format!("years.{text}[{j}]");
            let at = |field: &str| format!("{path}.{field}");
            let title = faults.title(&at("title"), &o.title, "objective");
            let description = faults.description(&at("description"), &o.description);
            let aim = aims.iter().position(|a| a.key == o.aim.trim());
            if aim.is_none() {
                let message = if o.aim.trim().is_empty() {
                    format!("Name the objective's aim by its key: {}", listed(&aim_keys))
                } else {
                    format!(
                        "There is no aim with the key “{}”; the aims' keys are {}",
                        short(o.aim.trim()),
                        listed(&aim_keys)
                    )
                };
                faults.add(&at("aim"), message);
            }
            let priority = match (aim, o.priority.trim()) {
                (_, "") | (None, _) => None,
                (Some(a), wanted) => {
                    let found = aims[a].priority_keys.iter().position(|k| k == wanted);
                    if found.is_none() {
                        faults.add(
                            &at("priority"),
                            format!(
                                "The aim “{}” has no priority with the key “{}”; its priorities' keys are {}",
                                aims[a].key,
                                short(wanted),
                                listed(&aims[a].priority_keys)
                            ),
                        );
                    }
                    found
                }
            };
            let lead = faults.text(&at("lead"), &o.lead, TITLE_MAX);
            let committee = faults.text(&at("committee"), &o.committee, TITLE_MAX);
            let due_on = o.due.trim().to_owned();
            if !due_on.is_empty() && due_on.parse::<jiff::civil::Date>().is_err() {
                faults.add(&at("due"), format!("“{}” is not a date: write it as 2026-03-31, or ''", short(&due_on)));
            }
            if !(o.weight.is_finite() && (0.0..=100.0).contains(&o.weight)) {
                faults.add(&at("weight"), "The weight must be a number from 0 to 100, like 1 or 2.5");
            }
            let status = match o.status.trim() {
                "" => Some(ObjectiveStatus::NotStarted),
                code => ObjectiveStatus::parse(code),
            };
            if status.is_none() {
                let codes: Vec<String> = ObjectiveStatus::ALL.iter().map(|s| s.as_str().to_owned()).collect();
                faults.add(
                    &at("status"),
                    format!("“{}” is not a status; write one of {}", short(o.status.trim()), listed(&codes)),
                );
            }
            let cadence = match o.cadence.trim() {
                "" | "quarterly" => Frequency::Quarterly,
                "monthly" => Frequency::Monthly,
                other => {
                    faults.add(
                        &at("cadence"),
                        format!("“{}” is not a cadence; write monthly or quarterly", short(other)),
                    );
                    Frequency::Quarterly
                }
            };
            let carried_from = match o.carried_from.trim() {
                "" => None,
                wanted => {
                    let before = FinancialYear::starting(year.start_year() - 1);
                    let found = by_key.get(&before).and_then(|keys| keys.get(wanted)).copied();
                    if found.is_none() {
                        faults.add(
                            &at("carried_from"),
                            format!(
                                "There is no objective with the key “{}” in {before}, the year before, to carry on from",
                                short(wanted)
                            ),
                        );
                    }
                    found
                }
            };
            let updates = updates(o, cadence, &path, faults);
            by_key.entry(year).or_default().insert(key, entries.len());
            entries.push(ObjectiveEntry {
                year,
                aim: aim.unwrap_or(0),
                priority,
                title,
                description,
                lead,
                committee,
                due_on,
                weight: o.weight,
                status: status.unwrap_or(ObjectiveStatus::NotStarted),
                cadence,
                carried_from,
                updates,
            });
        }
    }
    (entries, by_key)
}

/// Each year's objectives by key: their indexes in the entries.
type ObjectiveKeys = HashMap<FinancialYear, HashMap<String, usize>>;

/// A measure's `aims` and `objectives`, resolved to indexes (each once).
fn measure_links(
    m: &FileMeasure,
    path: &str,
    aims: &[KeyedAim],
    objectives: &ObjectiveKeys,
    faults: &mut Faults<'_>,
) -> (Vec<usize>, Vec<usize>) {
    let aim_keys: Vec<String> = aims.iter().map(|a| a.key.clone()).collect();
    let mut found_aims = Vec::new();
    for (k, wanted) in m.aims.iter().enumerate() {
        match aims.iter().position(|a| a.key == wanted.trim()) {
            Some(a) if !found_aims.contains(&a) => found_aims.push(a),
            Some(_) => {}
            None => faults.add(
                &format!("{path}.aims[{k}]"),
                format!(
                    "There is no aim with the key “{}”; the aims' keys are {}",
                    short(wanted.trim()),
                    listed(&aim_keys)
                ),
            ),
        }
    }
    let mut found_objectives = Vec::new();
    for (k, wanted) in m.objectives.iter().enumerate() {
        let at = format!("{path}.objectives[{k}]");
        let Some((year, key)) = wanted.trim().split_once('/') else {
            faults.add(
                &at,
                format!("Write an objective as its year and key, such as 2025-26/hubs (not “{}”)", short(wanted)),
            );
            continue;
        };
        let found =
            year.trim().parse::<FinancialYear>().ok().and_then(|y| objectives.get(&y)?.get(key.trim()).copied());
        match found {
            Some(o) if !found_objectives.contains(&o) => found_objectives.push(o),
            Some(_) => {}
            None => faults.add(
                &at,
                format!(
                    "There is no objective with the key “{}” in the year “{}” of this file",
                    short(key.trim()),
                    short(year.trim())
                ),
            ),
        }
    }
    found_aims.sort_unstable();
    found_objectives.sort_unstable();
    (found_aims, found_objectives)
}

fn updates(o: &FileObjective, cadence: Frequency, path: &str, faults: &mut Faults<'_>) -> Vec<UpdateEntry> {
    let mut updates = Vec::new();
    for (k, u) in o.updates.iter().enumerate() {
        let at = format!("{path}.updates[{k}]");
        let input = UpdateInput {
            period: u.period.clone(),
            rag: u.rag.clone(),
            confidence: u.confidence.clone(),
            narrative: u.narrative.clone(),
            evidence: u.evidence.clone(),
        };
        let when = match u.when.trim() {
            "" => Some(None),
            text => match text.parse::<jiff::Timestamp>() {
                Ok(t) => Some(Some(t.as_second())),
                Err(_) => {
                    faults.add(
                        &format!("{at}.when"),
                        format!("“{}” is not a time: write it as 2026-10-05T09:30:00Z, or ''", short(text)),
                    );
                    None
                }
            },
        };
        match (update_input::check(cadence, &input), when) {
            (Ok(new), Some(at)) => updates.push(UpdateEntry {
                period: new.period,
                rag: new.rag,
                confidence: new.confidence,
                narrative: new.narrative,
                evidence: new.evidence,
                at,
            }),
            (Err(errors), _) => faults.add_all(&at, errors),
            _ => {}
        }
    }
    updates
}

fn measures(
    file: &[FileMeasure],
    aims: &[KeyedAim],
    objectives: &ObjectiveKeys,
    faults: &mut Faults<'_>,
) -> Vec<MeasureEntry> {
    let mut measures: Vec<MeasureEntry> = Vec::new();
    for (i, m) in file.iter().enumerate() {
        let path = format!("measures[{i}]");
        let key = m.key.trim().to_owned();
        let mut errors = FormErrors::new();
        check_key(&mut errors, &key);
        faults.add_all(&path, errors);
        if let Some(first) = file[..i].iter().position(|other| other.key.trim() == key) {
            faults.add(
                &format!("{path}.key"),
                format!("The key “{key}” is already the key of measure {}; each measure needs its own", first + 1),
            );
        }
        let input = MeasureInput {
            name: m.name.clone(),
            unit: m.unit.clone(),
            direction: m.direction.clone(),
            frequency: m.frequency.clone(),
            baseline_points: m.baseline_points,
            rebases: m.rebases.clone(),
            targets: m.targets.iter().map(|t| TargetInput { from: t.from.clone(), value: t.value }).collect(),
            definition: Some(m.definition.clone()),
            source: Some(m.source.clone()),
            quality_note: Some(m.quality_note.clone()),
            aims: None,
            objectives: None,
        };
        let definition = match input.check() {
            Ok(d) => Some(d),
            Err(errors) => {
                faults.add_all(&path, errors);
                None
            }
        };
        let (linked_aims, linked_objectives) = measure_links(m, &path, aims, objectives, faults);
        let Some(definition) = definition else { continue };
        let mut values: Vec<(usize, NewValue)> = Vec::with_capacity(m.values.len());
        for (j, v) in m.values.iter().enumerate() {
            let number = if v.value.is_finite() { v.value.to_string() } else { "NaN".to_owned() };
            match check_one(definition.frequency, &v.period, &number, Some(&v.note)) {
                Ok(value) => values.push((j, value)),
                Err(errors) => {
                    for e in errors {
                        faults.add(&format!("{path}.values[{j}].{}", e.field), e.message);
                    }
                }
            }
        }
        values.sort_by_key(|(j, v)| (v.period, *j));
        for pair in values.windows(2) {
            if pair[0].1.period == pair[1].1.period {
                faults.add(
                    &format!("{path}.values[{}].period", pair[1].0),
                    format!(
                        "{} is given twice (first at values[{}]): a measure has one value per period",
                        pair[1].1.period, pair[0].0
                    ),
                );
            }
        }
        measures.push(MeasureEntry {
            key,
            definition,
            aims: linked_aims,
            objectives: linked_objectives,
            values: values.into_iter().map(|(_, v)| v).collect(),
        });
    }
    measures.sort_by(|a, b| a.key.cmp(&b.key));
    measures
}
