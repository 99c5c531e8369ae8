//! Translations of a version: every text field of a [`Framework`] in another
//! language, kept inside the version's content so that publishing, starting
//! a refresh and the framework file carry them.
//!
//! A translation mirrors the framework: values by their stable key, lists
//! (supporting statements, commitments, behaviours, principle groups and
//! their items) line for line by position. An empty text is untranslated,
//! and pages show the English text in its place, marked as such.

mod labels;
mod local;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::values::languages;
use crate::values::model::{Framework, MAX_LINE, MAX_NAME, MAX_STATEMENT, check_list, check_text};
use crate::web::forms::FormErrors;

pub use labels::{Labels, labels};
pub use local::{LocalGroup, LocalValue, Localised, Text, escape, localise, resolve};

/// Translations by language code.
pub type Translations = BTreeMap<String, Translation>;

/// A field written with nothing after it (`mission:`) is empty.
pub fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// One language's translation of a version. Empty parts are left out when
/// written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "VisionTranslation::is_empty")]
    pub vision: VisionTranslation,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "String::is_empty")]
    pub mission: String,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "String::is_empty")]
    pub motto: String,
    /// By value key.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, ValueTranslation>,
    /// Line for line with the framework's groups of principles.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub principles: Vec<GroupTranslation>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisionTranslation {
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "String::is_empty")]
    pub statement: String,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub supporting: Vec<String>,
}

impl VisionTranslation {
    pub fn is_empty(&self) -> bool {
        self.statement.is_empty() && self.supporting.is_empty()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueTranslation {
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "String::is_empty")]
    pub promise: String,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<String>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub behaviours: Vec<String>,
}

impl ValueTranslation {
    pub fn is_empty(&self) -> bool {
        *self == ValueTranslation::default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupTranslation {
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "String::is_empty")]
    pub heading: String,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

impl Translation {
    pub fn is_empty(&self) -> bool {
        *self == Translation::default()
    }

    /// Drops trailing empty lines and empty parts, so that an untouched
    /// form leaves nothing behind.
    pub fn tidy(&mut self) {
        fn trim(list: &mut Vec<String>) {
            while list.last().is_some_and(|s| s.trim().is_empty()) {
                list.pop();
            }
        }
        trim(&mut self.vision.supporting);
        self.values.retain(|_, v| {
            trim(&mut v.commitments);
            trim(&mut v.behaviours);
            !v.is_empty()
        });
        for group in &mut self.principles {
            trim(&mut group.items);
        }
        while self.principles.last().is_some_and(|g| g.heading.is_empty() && g.items.is_empty()) {
            self.principles.pop();
        }
    }
}

/// Drops the parts of every translation that no longer have an English
/// text: values that were removed, and lines past the end of a list that
/// was shortened. Run on every save of a draft, so that removing a value
/// never leaves a translation that would stop the draft being published.
pub fn prune(framework: &mut Framework) {
    let Framework { vision, values, principles, translations, .. } = framework;
    for t in translations.values_mut() {
        t.vision.supporting.truncate(vision.supporting.len());
        t.values.retain(|key, vt| match values.iter().find(|v| &v.key == key) {
            Some(value) => {
                vt.commitments.truncate(value.commitments.len());
                vt.behaviours.truncate(value.behaviours.len());
                true
            }
            None => false,
        });
        t.principles.truncate(principles.len());
        for (g, group) in t.principles.iter_mut().enumerate() {
            group.items.truncate(principles[g].items.len());
        }
        t.tidy();
    }
}

/// (translated, to translate): how many of the framework's non-empty texts
/// this translation covers.
pub fn completeness(framework: &Framework, t: &Translation) -> (usize, usize) {
    let mut done = 0;
    let mut total = 0;
    let mut count = |source: &str, translated: Option<&String>| {
        if !source.trim().is_empty() {
            total += 1;
            if translated.is_some_and(|t| !t.trim().is_empty()) {
                done += 1;
            }
        }
    };
    count(&framework.vision.statement, Some(&t.vision.statement));
    for (i, s) in framework.vision.supporting.iter().enumerate() {
        count(s, t.vision.supporting.get(i));
    }
    count(&framework.mission, Some(&t.mission));
    count(&framework.motto, Some(&t.motto));
    for value in &framework.values {
        let vt = t.values.get(&value.key);
        count(&value.name, vt.map(|v| &v.name));
        count(&value.promise, vt.map(|v| &v.promise));
        for (i, s) in value.commitments.iter().enumerate() {
            count(s, vt.and_then(|v| v.commitments.get(i)));
        }
        for (i, s) in value.behaviours.iter().enumerate() {
            count(s, vt.and_then(|v| v.behaviours.get(i)));
        }
    }
    for (g, group) in framework.principles.iter().enumerate() {
        let gt = t.principles.get(g);
        count(&group.heading, gt.map(|g| &g.heading));
        for (i, s) in group.items.iter().enumerate() {
            count(s, gt.and_then(|g| g.items.get(i)));
        }
    }
    (done, total)
}

/// Checks every translation against the framework: known language codes,
/// known value keys, no more lines than the source, and the same limits on
/// length and characters as the source texts.
pub fn check(framework: &Framework, errors: &mut FormErrors) {
    for (code, t) in &framework.translations {
        let at = format!("translations.{code}");
        match languages::find(code) {
            None => {
                errors.add(&at, languages::unknown(code));
                continue;
            }
            Some(l) if l.is_default() => {
                errors.add(&at, "English is the language the framework is written in, so it is not a translation");
                continue;
            }
            Some(_) => {}
        }
        check_text(errors, &format!("{at}.vision.statement"), &t.vision.statement, MAX_STATEMENT);
        check_list(errors, &format!("{at}.vision.supporting"), &t.vision.supporting, MAX_STATEMENT);
        too_many(
            errors,
            &format!("{at}.vision.supporting"),
            t.vision.supporting.len(),
            framework.vision.supporting.len(),
        );
        check_text(errors, &format!("{at}.mission"), &t.mission, MAX_STATEMENT);
        check_text(errors, &format!("{at}.motto"), &t.motto, MAX_LINE);
        for (key, vt) in &t.values {
            let field = format!("{at}.values.{key}");
            let Some(value) = framework.value(key) else {
                let shown: String = key.chars().take(60).collect();
                errors.add(&field, format!("There is no value with the key “{shown}” to translate"));
                continue;
            };
            check_text(errors, &format!("{field}.name"), &vt.name, MAX_NAME);
            check_text(errors, &format!("{field}.promise"), &vt.promise, MAX_LINE);
            check_list(errors, &format!("{field}.commitments"), &vt.commitments, MAX_LINE);
            too_many(errors, &format!("{field}.commitments"), vt.commitments.len(), value.commitments.len());
            check_list(errors, &format!("{field}.behaviours"), &vt.behaviours, MAX_LINE);
            too_many(errors, &format!("{field}.behaviours"), vt.behaviours.len(), value.behaviours.len());
        }
        too_many(errors, &format!("{at}.principles"), t.principles.len(), framework.principles.len());
        for (g, gt) in t.principles.iter().enumerate() {
            let field = format!("{at}.principles[{g}]");
            check_text(errors, &format!("{field}.heading"), &gt.heading, MAX_LINE);
            check_list(errors, &format!("{field}.items"), &gt.items, MAX_LINE);
            let source = framework.principles.get(g).map_or(0, |s| s.items.len());
            too_many(errors, &format!("{field}.items"), gt.items.len(), source);
        }
    }
}

fn too_many(errors: &mut FormErrors, field: &str, translated: usize, source: usize) {
    if translated > source {
        errors.add(
            field,
            format!(
                "There are {translated} translated lines here but only {source} in English; remove the extra lines"
            ),
        );
    }
}
