//! The strategy file as written: field order here is the order in the file.
//! Codes (statuses, units, periods …) are read as text and checked in
//! [`super::import`], so a wrong one is reported with its place and the
//! codes that are allowed, rather than as a type error.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::values::translation::null_as_empty;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileV1 {
    pub(super) schema: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) organisation: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) title: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) first_year: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) last_year: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) summary: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) document_url: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) aims: Vec<FileAim>,
    /// Each financial year's objectives, by year ("2024-25").
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) years: BTreeMap<String, Vec<FileObjective>>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) measures: Vec<FileMeasure>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileAim {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) key: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) title: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) description: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) priorities: Vec<FilePriority>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FilePriority {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) key: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) title: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) description: String,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileObjective {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) key: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) title: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) description: String,
    /// The key of its aim.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) aim: String,
    /// The key of one of its aim's priorities, or empty.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) priority: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) lead: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) committee: String,
    /// `YYYY-MM-DD` or empty.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) due: String,
    /// 1 when left out.
    #[serde(default = "one", deserialize_with = "weight")]
    pub(super) weight: f64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) status: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) cadence: String,
    /// The key of the objective of the year before that this one carries on.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) carried_from: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) updates: Vec<FileUpdate>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileUpdate {
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) period: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) rag: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) confidence: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) narrative: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) evidence: Vec<String>,
    /// When it was written: `2026-10-05T09:30:00Z`; empty for now.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) when: String,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileMeasure {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) key: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) definition: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) unit: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) direction: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) frequency: String,
    /// Null (or left out): every point of a segment.
    #[serde(default)]
    pub(super) baseline_points: Option<i64>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) source: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) quality_note: String,
    #[serde(default, deserialize_with = "periods")]
    pub(super) rebases: Vec<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) targets: Vec<FileTarget>,
    /// The keys of the aims it shows progress on; left out when none, so a
    /// file written before measures had links reads and writes the same.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub(super) aims: Vec<String>,
    /// The objectives it shows progress on, each as its year and key:
    /// `2025-26/hubs`; left out when none.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub(super) objectives: Vec<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) values: Vec<FileValue>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileTarget {
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) from: String,
    pub(super) value: f64,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileValue {
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) period: String,
    pub(super) value: f64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) note: String,
}

fn one() -> f64 {
    1.0
}

/// A weight left empty (`weight:`) is 1, as when it is left out.
fn weight<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(1.0))
}

/// Text, or a number or yes/no written without quotes: a yearly period
/// written `2024` or a title written `2030` is meant as text.
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(Text)
}

fn periods<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct Item(#[serde(deserialize_with = "text_or_number")] String);
    Ok(Option::<Vec<Item>>::deserialize(d)?.unwrap_or_default().into_iter().map(|i| i.0).collect())
}

struct Text;

impl Visitor<'_> for Text {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
}
