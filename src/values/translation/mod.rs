//! Translations of a version: every text field of a [`Framework`] in another
//! language, kept inside the version's content so that publishing, starting
//! a refresh and the framework file carry them.
//!
//! A translation mirrors the framework: values by their stable key, lines
//! of lists (supporting statements, commitments, behaviours, principles and
//! their headings) by the English line they translate (see [`line`]). An
//! empty text is untranslated, and pages show the English text in its place,
//! marked as such. A translation may also give the page's own headings
//! ([`labels`]).
//!
//! Every translated text remembers the English it was translated from, so
//! that a change to the English marks it "may be out of date" until an
//! editor translates it again or confirms it. A line of a list keeps it in
//! the line (`en`, and `was` once reworded, see [`line`]); a single text
//! (vision, mission, motto, a value's name and promise) keeps it beside the
//! text in `…_was`, written only while it differs from the English now. An
//! absent `…_was` therefore means "translated from the English as it is":
//! translations stored before texts remembered their English read that way,
//! so upgrading marks nothing (no false alarm, no data migration), and the
//! mark is set from then on whenever a draft's English changes under an
//! unchanged translation (see [`follow`]).

pub mod labels;
pub mod line;
mod local;
pub mod single;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::values::languages;
use crate::values::model::{Framework, MAX_LINE, MAX_NAME, MAX_STATEMENT, check_list, check_text};
use crate::web::forms::FormErrors;

pub use labels::{LABELS, Label, Labels, labels};
pub use line::Line;
pub use local::{LocalGroup, LocalValue, Localised, Text, escape, localise, mark_once, resolve};
pub use single::Single;

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
    /// The English the mission was translated from, when that has changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission_was: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "String::is_empty")]
    pub motto: String,
    /// The English the motto was translated from, when that has changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motto_was: Option<String>,
    /// By value key.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, ValueTranslation>,
    /// Principles and their group headings, by English line.
    #[serde(default, deserialize_with = "line::principles", skip_serializing_if = "Vec::is_empty")]
    pub principles: Vec<Line>,
    /// The page's and leaflet's own headings, by label key (see [`LABELS`]).
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisionTranslation {
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "String::is_empty")]
    pub statement: String,
    /// The English the statement was translated from, when that has changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement_was: Option<String>,
    #[serde(default, deserialize_with = "line::lines", skip_serializing_if = "Vec::is_empty")]
    pub supporting: Vec<Line>,
}

impl VisionTranslation {
    pub fn is_empty(&self) -> bool {
        self.statement.is_empty() && self.statement_was.is_none() && self.supporting.is_empty()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueTranslation {
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The English the name was translated from, when that has changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_was: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "String::is_empty")]
    pub promise: String,
    /// The English the promise was translated from, when that has changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promise_was: Option<String>,
    #[serde(default, deserialize_with = "line::lines", skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Line>,
    #[serde(default, deserialize_with = "line::lines", skip_serializing_if = "Vec::is_empty")]
    pub behaviours: Vec<Line>,
}

impl ValueTranslation {
    pub fn is_empty(&self) -> bool {
        *self == ValueTranslation::default()
    }
}

impl Translation {
    pub fn is_empty(&self) -> bool {
        *self == Translation::default()
    }

    /// Drops empty lines and parts, so that an untouched form leaves
    /// nothing behind.
    pub fn tidy(&mut self) {
        let empty = |l: &Line| !l.text.trim().is_empty();
        // An empty text is untranslated, so it was translated from nothing.
        let forget = |text: &str, was: &mut Option<String>| {
            if text.trim().is_empty() {
                *was = None;
            }
        };
        forget(&self.vision.statement, &mut self.vision.statement_was);
        forget(&self.mission, &mut self.mission_was);
        forget(&self.motto, &mut self.motto_was);
        self.vision.supporting.retain(empty);
        self.values.retain(|_, v| {
            forget(&v.name, &mut v.name_was);
            forget(&v.promise, &mut v.promise_was);
            v.commitments.retain(empty);
            v.behaviours.retain(empty);
            !v.is_empty()
        });
        self.principles.retain(empty);
        self.labels.retain(|_, text| !text.trim().is_empty());
    }
}

/// Every principle heading and principle of the framework, in order: the
/// English lines that principles' translations are tied to.
pub fn principle_lines(framework: &Framework) -> Vec<String> {
    framework
        .principles
        .iter()
        .flat_map(|g| std::iter::once(&g.heading).chain(g.items.iter()))
        .filter(|s| !s.is_empty())
        .cloned()
        .collect()
}

/// Ties lines read in the older form (by position) to the English line at
/// that position. Run on everything read from storage or a file.
pub fn upgrade(framework: &mut Framework) {
    use line::Legacy;
    let Framework { vision, values, principles, translations, .. } = framework;
    let tie = |lines: &mut Vec<Line>, english: &dyn Fn(Legacy) -> Option<String>| {
        for l in lines.iter_mut() {
            if let Some(at) = l.legacy
                && let Some(en) = english(at)
            {
                l.en = en;
                l.legacy = None;
            }
        }
        lines.retain(|l| l.legacy.is_none() && !l.text.trim().is_empty());
    };
    let at = |list: &[String]| {
        let list = list.to_vec();
        move |p: Legacy| match p {
            Legacy::At(i) => list.get(i).cloned(),
            _ => None,
        }
    };
    for t in translations.values_mut() {
        tie(&mut t.vision.supporting, &at(&vision.supporting));
        for (key, vt) in t.values.iter_mut() {
            let Some(value) = values.iter().find(|v| &v.key == key) else { continue };
            tie(&mut vt.commitments, &at(&value.commitments));
            tie(&mut vt.behaviours, &at(&value.behaviours));
        }
        tie(&mut t.principles, &|p| match p {
            Legacy::Heading(g) => principles.get(g).map(|g| g.heading.clone()).filter(|h| !h.is_empty()),
            Legacy::Item(g, i) => principles.get(g).and_then(|g| g.items.get(i)).cloned(),
            Legacy::At(_) => None,
        });
    }
}

/// Follows the English from `old` to `new` content: a translated line whose
/// English was reworded moves to the new wording, marked out of date, and a
/// single text whose English changed under an unchanged translation
/// remembers the English it was translated from (see [`single`]).
pub fn follow(old: &Framework, new: &mut Framework) {
    let singles: Vec<(Single, String)> = Single::all(new)
        .into_iter()
        .map(|s| {
            let now = s.english(new).to_owned();
            (s, now)
        })
        .collect();
    for (code, t) in new.translations.iter_mut() {
        let before = old.translations.get(code);
        for (single, now) in &singles {
            let then = single.english(old);
            // A translation changed in the same save was made from the new English.
            let kept = before.is_some_and(|b| single.text(b) == single.text(t));
            let Some((text, was)) = single.parts_mut(t) else { continue };
            if text.trim().is_empty() {
                continue;
            }
            if kept && was.is_none() && !then.is_empty() && then != now.as_str() {
                *was = Some(then.to_owned());
            }
            // The English went back to the wording it was translated from.
            if was.as_deref() == Some(now.as_str()) {
                *was = None;
            }
        }
    }
    let old_principles = principle_lines(old);
    let new_principles = principle_lines(new);
    let Framework { vision, values, translations, .. } = new;
    for t in translations.values_mut() {
        line::follow(&mut t.vision.supporting, &old.vision.supporting, &vision.supporting);
        line::follow(&mut t.principles, &old_principles, &new_principles);
        for (key, vt) in t.values.iter_mut() {
            let (Some(before), Some(now)) = (old.value(key), values.iter().find(|v| &v.key == key)) else { continue };
            line::follow(&mut vt.commitments, &before.commitments, &now.commitments);
            line::follow(&mut vt.behaviours, &before.behaviours, &now.behaviours);
        }
    }
}

/// Drops the parts of every translation that no longer have an English
/// text: values that were removed, and lines whose English line is gone.
/// Run on every save of a draft, so that removing a value never leaves a
/// translation that would stop the draft being published.
pub fn prune(framework: &mut Framework) {
    let singles = Single::all(framework);
    for code in framework.translations.keys().cloned().collect::<Vec<_>>() {
        for single in &singles {
            let now = single.english(framework).to_owned();
            let Some(t) = framework.translations.get_mut(&code) else { continue };
            if let Some((_, was)) = single.parts_mut(t)
                && was.as_deref() == Some(now.as_str())
            {
                *was = None;
            }
        }
    }
    let principles = principle_lines(framework);
    let Framework { vision, values, translations, .. } = framework;
    for t in translations.values_mut() {
        line::keep_known(&mut t.vision.supporting, &vision.supporting);
        line::keep_known(&mut t.principles, &principles);
        t.values.retain(|key, vt| match values.iter().find(|v| &v.key == key) {
            Some(value) => {
                line::keep_known(&mut vt.commitments, &value.commitments);
                line::keep_known(&mut vt.behaviours, &value.behaviours);
                true
            }
            None => false,
        });
        t.labels.retain(|key, _| LABELS.iter().any(|l| l.key == key));
        t.tidy();
    }
}

/// How far a translation covers a framework's non-empty texts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Translated from the English as it is now.
    pub done: usize,
    /// Translated from an earlier English wording: they may be out of date,
    /// and are not counted in `done`.
    pub outdated: usize,
    /// Texts to translate.
    pub total: usize,
}

impl Progress {
    /// Every text is translated and none may be out of date.
    pub fn complete(&self) -> bool {
        self.total > 0 && self.done == self.total
    }
}

/// How many of the framework's non-empty texts this translation covers, and
/// how many of those may be out of date.
pub fn completeness(framework: &Framework, t: &Translation) -> Progress {
    let mut p = Progress::default();
    let mut count = |source: &str, translated: bool, outdated: bool| {
        if !source.trim().is_empty() {
            p.total += 1;
            match (translated, outdated) {
                (true, true) => p.outdated += 1,
                (true, false) => p.done += 1,
                (false, _) => {}
            }
        }
    };
    for single in Single::all(framework) {
        let translated = !single.text(t).trim().is_empty();
        count(single.english(framework), translated, single.outdated(framework, t).is_some());
    }
    let mut lines = |english: &[String], lines: Option<&Vec<Line>>| {
        for s in english {
            let found = lines.and_then(|l| line::find(l, s)).filter(|l| !l.text.trim().is_empty());
            count(s, found.is_some(), found.is_some_and(Line::outdated));
        }
    };
    lines(&framework.vision.supporting, Some(&t.vision.supporting));
    for value in &framework.values {
        let vt = t.values.get(&value.key);
        lines(&value.commitments, vt.map(|v| &v.commitments));
        lines(&value.behaviours, vt.map(|v| &v.behaviours));
    }
    lines(&principle_lines(framework), Some(&t.principles));
    p
}

/// Checks every translation against the framework: known language codes,
/// known value keys and label keys, every line tied to an English line, and
/// the same limits on length and characters as the source texts.
pub fn check(framework: &Framework, errors: &mut FormErrors) {
    let principles = principle_lines(framework);
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
        check_lines(
            errors,
            &format!("{at}.vision.supporting"),
            &t.vision.supporting,
            &framework.vision.supporting,
            MAX_STATEMENT,
        );
        check_text(errors, &format!("{at}.mission"), &t.mission, MAX_STATEMENT);
        check_text(errors, &format!("{at}.motto"), &t.motto, MAX_LINE);
        let was = |w: &Option<String>| w.clone().unwrap_or_default();
        check_text(errors, &format!("{at}.vision.statement_was"), &was(&t.vision.statement_was), MAX_STATEMENT);
        check_text(errors, &format!("{at}.mission_was"), &was(&t.mission_was), MAX_STATEMENT);
        check_text(errors, &format!("{at}.motto_was"), &was(&t.motto_was), MAX_LINE);
        for (key, vt) in &t.values {
            let field = format!("{at}.values.{key}");
            let Some(value) = framework.value(key) else {
                let shown: String = key.chars().take(60).collect();
                errors.add(&field, format!("There is no value with the key “{shown}” to translate"));
                continue;
            };
            check_text(errors, &format!("{field}.name"), &vt.name, MAX_NAME);
            check_text(errors, &format!("{field}.promise"), &vt.promise, MAX_LINE);
            check_text(errors, &format!("{field}.name_was"), &was(&vt.name_was), MAX_NAME);
            check_text(errors, &format!("{field}.promise_was"), &was(&vt.promise_was), MAX_LINE);
            check_lines(errors, &format!("{field}.commitments"), &vt.commitments, &value.commitments, MAX_LINE);
            check_lines(errors, &format!("{field}.behaviours"), &vt.behaviours, &value.behaviours, MAX_LINE);
        }
        check_lines(errors, &format!("{at}.principles"), &t.principles, &principles, MAX_LINE);
        for (key, text) in &t.labels {
            let field = format!("{at}.labels.{key}");
            if !LABELS.iter().any(|l| l.key == key) {
                let shown: String = key.chars().take(60).collect();
                errors.add(&field, format!("There is no page label called “{shown}”"));
            }
            check_text(errors, &field, text, MAX_LINE);
        }
    }
}

fn check_lines(errors: &mut FormErrors, field: &str, lines: &[Line], english: &[String], max: usize) {
    let texts: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
    check_list(errors, field, &texts, max);
    for (i, l) in lines.iter().enumerate() {
        if !english.contains(&l.en) {
            let shown: String = l.en.chars().take(80).collect();
            errors.add(
                &format!("{field}[{i}].en"),
                format!("“{shown}” is not one of the English lines here, so its translation has nowhere to go"),
            );
        } else if lines[..i].iter().any(|o| o.en == l.en) {
            errors.add(&format!("{field}[{i}].en"), "This English line is translated twice; keep one translation");
        }
    }
}
