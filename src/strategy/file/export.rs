//! Writing a strategy file: every field, in a fixed order, every year of the
//! strategy (an empty one as `[]`), with keys made from titles, so the same
//! contents always give the same bytes.

use std::collections::BTreeMap;

use super::schema::{FileAim, FileMeasure, FileObjective, FilePriority, FileTarget, FileUpdate, FileV1, FileValue};
use super::{Contents, SCHEMA, key_from};
use crate::strategy::measures::definition::direction_code;

/// The contents as a strategy file, for the organisation `org_slug`.
pub fn export(contents: &Contents, org_slug: &str) -> String {
    let aim_keys = keys(contents.aims.iter().map(|a| a.title.as_str()), "aim");
    let priority_keys: Vec<Vec<String>> =
        contents.aims.iter().map(|a| keys(a.priorities.iter().map(|p| p.0.as_str()), "priority")).collect();
    let mut years: BTreeMap<String, Vec<FileObjective>> = BTreeMap::new();
    let mut year = contents.first_year;
    while year <= contents.last_year {
        years.insert(year.to_string(), Vec::new());
        if years.len() > 50 {
            break;
        }
        year = year.next();
    }
    // An objective's key is unique within its year.
    let mut objective_keys: Vec<String> = Vec::with_capacity(contents.objectives.len());
    for (i, o) in contents.objectives.iter().enumerate() {
        let same_year = |key: &str| {
            contents.objectives[..i].iter().zip(&objective_keys).any(|(other, k)| other.year == o.year && k == key)
        };
        objective_keys.push(key_from(&o.title, "objective", same_year));
    }
    for (i, o) in contents.objectives.iter().enumerate() {
        let file = FileObjective {
            key: objective_keys[i].clone(),
            title: o.title.clone(),
            description: o.description.clone(),
            aim: aim_keys.get(o.aim).cloned().unwrap_or_default(),
            priority: o.priority.and_then(|p| priority_keys.get(o.aim)?.get(p).cloned()).unwrap_or_default(),
            lead: o.lead.clone(),
            committee: o.committee.clone(),
            due: o.due_on.clone(),
            weight: o.weight,
            status: o.status.as_str().to_owned(),
            cadence: o.cadence.as_str().to_owned(),
            carried_from: o.carried_from.and_then(|c| objective_keys.get(c).cloned()).unwrap_or_default(),
            updates: o
                .updates
                .iter()
                .map(|u| FileUpdate {
                    period: u.period.to_string(),
                    rag: u.rag.as_str().to_owned(),
                    confidence: u.confidence.as_str().to_owned(),
                    narrative: u.narrative.clone(),
                    evidence: u.evidence.clone(),
                    when: u
                        .at
                        .and_then(|at| jiff::Timestamp::from_second(at).ok())
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                })
                .collect(),
        };
        years.entry(o.year.to_string()).or_default().push(file);
    }
    let file = FileV1 {
        schema: SCHEMA.to_owned(),
        organisation: org_slug.to_owned(),
        title: contents.title.clone(),
        first_year: contents.first_year.to_string(),
        last_year: contents.last_year.to_string(),
        summary: contents.summary.clone(),
        document_url: contents.document_url.clone(),
        aims: contents
            .aims
            .iter()
            .zip(aim_keys.iter().zip(&priority_keys))
            .map(|(aim, (key, priority_keys))| FileAim {
                key: key.clone(),
                title: aim.title.clone(),
                description: aim.description.clone(),
                priorities: aim
                    .priorities
                    .iter()
                    .zip(priority_keys)
                    .map(|((title, description), key)| FilePriority {
                        key: key.clone(),
                        title: title.clone(),
                        description: description.clone(),
                    })
                    .collect(),
            })
            .collect(),
        years,
        measures: contents
            .measures
            .iter()
            .map(|m| {
                let d = &m.definition;
                FileMeasure {
                    key: m.key.clone(),
                    name: d.name.clone(),
                    definition: d.definition.clone(),
                    unit: d.unit.code().to_owned(),
                    direction: direction_code(d.direction).to_owned(),
                    frequency: d.frequency.as_str().to_owned(),
                    baseline_points: d.baseline_points.map(|n| n as i64),
                    source: d.source.clone(),
                    quality_note: d.quality_note.clone(),
                    rebases: d.rebases.iter().map(ToString::to_string).collect(),
                    targets: d
                        .targets
                        .iter()
                        .map(|t| FileTarget { from: t.from.to_string(), value: t.value })
                        .collect(),
                    aims: m.aims.iter().filter_map(|&a| aim_keys.get(a).cloned()).collect(),
                    objectives: m
                        .objectives
                        .iter()
                        .filter_map(|&o| {
                            Some(format!("{}/{}", contents.objectives.get(o)?.year, objective_keys.get(o)?))
                        })
                        .collect(),
                    values: m
                        .values
                        .iter()
                        .map(|v| FileValue {
                            period: v.period.to_string(),
                            value: v.value,
                            note: v.note.clone().unwrap_or_default(),
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    serde_yaml_ng::to_string(&file).expect("texts, numbers and lists always serialise")
}

/// Keys for titles in order, each unique among them.
fn keys<'a>(titles: impl Iterator<Item = &'a str>, fallback: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for title in titles {
        let key = key_from(title, fallback, |k| keys.iter().any(|x| x == k));
        keys.push(key);
    }
    keys
}
