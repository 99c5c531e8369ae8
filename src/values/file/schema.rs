//! The framework file as written: field order here is the order in the file.

use serde::{Deserialize, Serialize};

use crate::values::translation::{Translations, null_as_empty};

/// The file as written: field order here is the order in the file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileV1 {
    pub(super) schema: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) organisation: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) vision: FileVision,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) mission: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) motto: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) values: Vec<FileValue>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) principles: Vec<FileGroup>,
    /// Translations by language code; written only when there are some.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Translations::is_empty")]
    pub(super) translations: Translations,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileVision {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) statement: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) supporting: Vec<String>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileValue {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) key: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) promise: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) commitments: Vec<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) behaviours: Vec<String>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileGroup {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) heading: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub(super) items: Vec<String>,
}
