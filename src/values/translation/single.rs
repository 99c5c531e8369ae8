//! The single texts of a framework (the vision statement, mission, motto,
//! and each value's name and promise), as places in a translation. Each
//! translated single text keeps, in `…_was`, the English it was translated
//! from while that differs from the English now; lines of lists keep theirs
//! in [`super::Line`].

use super::Translation;
use crate::values::model::Framework;

/// Where a single text sits; a value's texts are found by its stable key,
/// so they follow the value across versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Single {
    Vision,
    Mission,
    Motto,
    Name(String),
    Promise(String),
}

impl Single {
    /// Every single text of `framework`, in page order.
    pub fn all(framework: &Framework) -> Vec<Single> {
        let mut out = vec![Single::Vision, Single::Mission, Single::Motto];
        for value in &framework.values {
            out.push(Single::Name(value.key.clone()));
            out.push(Single::Promise(value.key.clone()));
        }
        out
    }

    /// Its English in `framework` (empty when there is none).
    pub fn english<'a>(&self, framework: &'a Framework) -> &'a str {
        match self {
            Single::Vision => &framework.vision.statement,
            Single::Mission => &framework.mission,
            Single::Motto => &framework.motto,
            Single::Name(key) => framework.value(key).map_or("", |v| v.name.as_str()),
            Single::Promise(key) => framework.value(key).map_or("", |v| v.promise.as_str()),
        }
    }

    /// Its translation (empty when there is none).
    pub fn text<'a>(&self, t: &'a Translation) -> &'a str {
        match self {
            Single::Vision => &t.vision.statement,
            Single::Mission => &t.mission,
            Single::Motto => &t.motto,
            Single::Name(key) => t.values.get(key).map_or("", |v| v.name.as_str()),
            Single::Promise(key) => t.values.get(key).map_or("", |v| v.promise.as_str()),
        }
    }

    fn was<'a>(&self, t: &'a Translation) -> Option<&'a str> {
        match self {
            Single::Vision => t.vision.statement_was.as_deref(),
            Single::Mission => t.mission_was.as_deref(),
            Single::Motto => t.motto_was.as_deref(),
            Single::Name(key) => t.values.get(key).and_then(|v| v.name_was.as_deref()),
            Single::Promise(key) => t.values.get(key).and_then(|v| v.promise_was.as_deref()),
        }
    }

    /// The translated text and the English it was translated from, to
    /// change; `None` when the translation has no entry for the value.
    pub fn parts_mut<'a>(&self, t: &'a mut Translation) -> Option<(&'a mut String, &'a mut Option<String>)> {
        match self {
            Single::Vision => Some((&mut t.vision.statement, &mut t.vision.statement_was)),
            Single::Mission => Some((&mut t.mission, &mut t.mission_was)),
            Single::Motto => Some((&mut t.motto, &mut t.motto_was)),
            Single::Name(key) => t.values.get_mut(key).map(|v| (&mut v.name, &mut v.name_was)),
            Single::Promise(key) => t.values.get_mut(key).map(|v| (&mut v.promise, &mut v.promise_was)),
        }
    }

    /// The English this text was translated from, when the English in
    /// `framework` is now different: the translation may be out of date.
    pub fn outdated<'a>(&self, framework: &Framework, t: &'a Translation) -> Option<&'a str> {
        let translated = !self.text(t).trim().is_empty();
        self.was(t).filter(|was| translated && *was != self.english(framework))
    }
}
