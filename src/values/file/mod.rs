//! The framework file: a values framework as a YAML text file, for export,
//! editing by hand or in another tool, and import.
//!
//! The format is `schema: ethos/framework/v1`, described for editors in
//! `docs/framework-file.md`. In short:
//!
//! ```yaml
//! schema: ethos/framework/v1
//! organisation: riverside        # informational; import ignores it
//! vision:
//!   statement: Good care, close to home
//!   supporting:
//!   - Every visit counts
//! mission: ''
//! motto: ''
//! values:
//! - key: kind                    # optional on import: made from the name
//!   name: Kind
//!   promise: We treat people as we would want to be treated
//!   commitments: []
//!   behaviours:
//!   - 'Say hello: introduce yourself'
//! principles: []
//! translations:                  # only when there are some
//!   cy:
//!     values:
//!       kind:
//!         name: Caredig
//! ```
//!
//! [`export`] always writes every field, in that order, in block style, with
//! empty texts as `''` and empty lists as `[]`, so that exporting what
//! [`import`] read gives the same bytes. [`import`] is more forgiving of hand
//! written files: any field but `schema` may be left out, a field left empty
//! (`mission:`) is an empty text or list, and a value without a `key` gets
//! one made from its name. It refuses anything else with the line and the
//! field at fault, and checks the content with [`Framework::check`].

#[cfg(test)]
mod roundtrip;
mod schema;
#[cfg(test)]
mod tests;
mod validate;

use crate::values::model::{Framework, PrincipleGroup, Value, Vision};
use crate::yaml::locate::locate;
pub use crate::yaml::{FileError, MAX_DEPTH, Problem};
use crate::yaml::{Format, from_yaml_in};
use schema::{FileGroup, FileV1, FileValue, FileVision};
use validate::{described, file_field};

/// The first line of every framework file of this version.
pub const SCHEMA: &str = "ethos/framework/v1";

/// Largest file accepted: far more than any real framework (the texts of
/// one at every editor limit, with translations, fit in much less).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

const FORMAT: Format = Format { schema: SCHEMA, noun: "framework file", max_bytes: MAX_BYTES };

/// The framework as a file, for the organisation with short name `org_slug`.
pub fn export(framework: &Framework, org_slug: &str) -> String {
    let file = FileV1 {
        schema: SCHEMA.to_owned(),
        organisation: org_slug.to_owned(),
        vision: FileVision {
            statement: framework.vision.statement.clone(),
            supporting: framework.vision.supporting.clone(),
        },
        mission: framework.mission.clone(),
        motto: framework.motto.clone(),
        values: framework
            .values
            .iter()
            .map(|v| FileValue {
                key: v.key.clone(),
                name: v.name.clone(),
                promise: v.promise.clone(),
                commitments: v.commitments.clone(),
                behaviours: v.behaviours.clone(),
            })
            .collect(),
        principles: framework
            .principles
            .iter()
            .map(|g| FileGroup { heading: g.heading.clone(), items: g.items.clone() })
            .collect(),
        translations: framework.translations.clone(),
    };
    serde_yaml_ng::to_string(&file).expect("texts and lists always serialise")
}

/// What a file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub framework: Framework,
    /// The organisation the file says it came from; informational only.
    pub organisation: String,
}

/// Reads a framework file; see [`read`].
pub fn import(bytes: &[u8]) -> Result<Framework, FileError> {
    read(bytes).map(|imported| imported.framework)
}

/// Reads a framework file: checks its size, encoding, nesting (no tags),
/// schema, fields and types,
/// gives each value without a key one made from its name, and checks the
/// content as [`Framework::check`] does. Nothing is changed anywhere: the
/// caller decides what to do with the result.
pub fn read(bytes: &[u8]) -> Result<Imported, FileError> {
    let text = crate::yaml::text(bytes, &FORMAT)?;
    let file: FileV1 = serde_yaml_ng::from_str(text).map_err(|e| FileError::one(from_yaml_in(text, &e)))?;
    let organisation = file.organisation.clone();
    let framework = to_framework(file);
    let errors = framework.check();
    if errors.is_empty() {
        return Ok(Imported { framework, organisation });
    }
    let mut problems: Vec<Problem> = errors
        .list
        .iter()
        .map(|error| {
            let field = file_field(&framework, &error.field);
            let line = locate(text, &field).map(|(line, _)| line);
            Problem { line, column: None, field: described(&framework, &field), message: error.message.clone() }
        })
        .collect();
    problems.sort_by_key(|p| p.line.unwrap_or(usize::MAX));
    Err(FileError { problems })
}

fn to_framework(file: FileV1) -> Framework {
    let values: Vec<Value> = file
        .values
        .into_iter()
        .map(|v| Value {
            key: v.key,
            name: v.name,
            promise: v.promise,
            commitments: v.commitments,
            behaviours: v.behaviours,
        })
        .collect();
    // Keys are made after every written key is known, so a made key never
    // takes one that a later value names.
    let mut keyed = Framework {
        values: values.iter().filter(|v| !v.key.trim().is_empty()).cloned().collect(),
        ..Framework::default()
    };
    let values = values
        .into_iter()
        .map(|mut value| {
            if value.key.trim().is_empty() {
                value.key = keyed.new_key(&value.name);
                keyed.values.push(value.clone());
            }
            value
        })
        .collect();
    let mut framework = Framework {
        vision: Vision { statement: file.vision.statement, supporting: file.vision.supporting },
        mission: file.mission,
        motto: file.motto,
        values,
        principles: file
            .principles
            .into_iter()
            .map(|g| PrincipleGroup { heading: g.heading, items: g.items })
            .collect(),
        translations: file.translations,
    };
    // Files written before translated lines named their English line.
    crate::values::translation::upgrade(&mut framework);
    framework
}
