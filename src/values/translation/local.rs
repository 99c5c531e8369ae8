//! A framework as shown in one language: each text translated, or the
//! English text marked as a fallback; a translation made from an earlier
//! English wording is shown, marked as possibly out of date.

use std::fmt;

use super::line::find;
use super::{Line, Single, Translation};
use crate::values::languages::Language;
use crate::values::model::Framework;

/// A text to show: the translation, or the English text when there is
/// none (`fallback`). Displays as HTML, escaped, with the fallback marked,
/// and a translation of an earlier English wording (`outdated`) marked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub fallback: bool,
    pub outdated: bool,
    /// A fallback on a page that says once, at the top, that parts are in
    /// English: it carries its language but no "(in English)" of its own.
    pub quiet: bool,
}

impl Text {
    /// An up-to-date text; `fallback` when it is English standing in for
    /// a missing translation.
    pub fn new(text: impl Into<String>, fallback: bool) -> Text {
        Text { text: text.into(), fallback, outdated: false, quiet: false }
    }

    /// The same text, its fallback note left to the page's notice.
    pub fn quietly(mut self, quiet: bool) -> Text {
        self.quiet = quiet;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.fallback && self.quiet {
            write!(f, "<span class=\"fallback\" lang=\"en-GB\" dir=\"ltr\">{}</span>", escape(&self.text))
        } else if self.fallback {
            write!(
                f,
                "<span class=\"fallback\" lang=\"en-GB\" dir=\"ltr\">{}<small class=\"fallback__note\"> (in English)</small></span>",
                escape(&self.text)
            )
        } else if self.outdated {
            // The note is Ethos's own English, so it says so to screen
            // readers and keeps its direction in a right-to-left page.
            write!(
                f,
                "<span class=\"outdated\">{}<small class=\"outdated__note\" lang=\"en-GB\" dir=\"ltr\"> (may be out of date)</small></span>",
                escape(&self.text)
            )
        } else {
            f.write_str(&escape(&self.text))
        }
    }
}

/// A framework as shown in one language.
#[derive(Clone, Debug, Default)]
pub struct Localised {
    pub vision: Text,
    pub supporting: Vec<Text>,
    pub mission: Text,
    pub motto: Text,
    pub values: Vec<LocalValue>,
    pub principles: Vec<LocalGroup>,
    /// Some text fell back to English.
    pub has_fallback: bool,
    /// Some translation was made from an earlier English wording.
    pub has_outdated: bool,
}

#[derive(Clone, Debug, Default)]
pub struct LocalValue {
    pub key: String,
    pub name: Text,
    pub promise: Text,
    pub commitments: Vec<Text>,
    pub behaviours: Vec<Text>,
}

#[derive(Clone, Debug, Default)]
pub struct LocalGroup {
    pub heading: Text,
    pub items: Vec<Text>,
}

impl Localised {
    /// Every text, in page order.
    fn texts_mut(&mut self) -> impl Iterator<Item = &mut Text> {
        let values = self.values.iter_mut().flat_map(|v| {
            [&mut v.name, &mut v.promise].into_iter().chain(v.commitments.iter_mut()).chain(v.behaviours.iter_mut())
        });
        let principles =
            self.principles.iter_mut().flat_map(|g| std::iter::once(&mut g.heading).chain(g.items.iter_mut()));
        [&mut self.vision]
            .into_iter()
            .chain(self.supporting.iter_mut())
            .chain([&mut self.mission, &mut self.motto])
            .chain(values)
            .chain(principles)
    }

    /// How many texts stand in English for a missing translation.
    pub fn fallbacks(&mut self) -> usize {
        self.texts_mut().filter(|t| t.fallback).count()
    }

    /// Leaves every fallback's note to the page's notice.
    pub fn quieten(&mut self) {
        self.texts_mut().for_each(|t| t.quiet = true);
    }
}

/// Marks the English standing in for missing translations once per page:
/// a single one keeps its own "(in English)"; when there are several, the
/// page says so once at the top (true is returned) and each carries only
/// its language, so that nothing reads "(in English)" line after line.
pub fn mark_once(local: &mut Localised, labels: &mut super::Labels) -> bool {
    let several = local.fallbacks() + labels.fallbacks() > 1;
    if several {
        local.quieten();
        labels.quieten();
    }
    several
}

/// The framework in `language`: each text translated (marked when it may
/// be out of date), or in English marked as a fallback. In the default
/// language nothing is a fallback.
pub fn localise(framework: &Framework, language: &Language) -> Localised {
    let empty = Translation::default();
    let t = if language.is_default() { None } else { framework.translations.get(language.code) };
    let translating = !language.is_default();
    let t = t.unwrap_or(&empty);
    let (mut any, mut any_outdated) = (false, false);
    // `translated`: the text and whether it may be out of date.
    let mut pick = |source: &str, translated: Option<(String, bool)>| -> Text {
        match translated.as_ref().map(|(s, o)| (s.trim(), *o)).filter(|(s, _)| !s.is_empty()) {
            Some((text, outdated)) if translating => {
                any_outdated |= outdated;
                Text { text: text.to_owned(), fallback: false, outdated, quiet: false }
            }
            _ => {
                let fallback = translating && !source.is_empty();
                any |= fallback;
                Text::new(source, fallback)
            }
        }
    };
    let single = |s: Single| Some((s.text(t).to_owned(), s.outdated(framework, t).is_some()));
    let line = |lines: &'_ [Line], en: &str| find(lines, en).map(|l| (l.text.clone(), l.outdated()));
    let vision = pick(&framework.vision.statement, single(Single::Vision));
    let supporting = framework.vision.supporting.iter().map(|s| pick(s, line(&t.vision.supporting, s))).collect();
    let mission = pick(&framework.mission, single(Single::Mission));
    let motto = pick(&framework.motto, single(Single::Motto));
    let values = framework
        .values
        .iter()
        .map(|v| {
            let vt = t.values.get(&v.key);
            LocalValue {
                key: v.key.clone(),
                name: pick(&v.name, single(Single::Name(v.key.clone()))),
                promise: pick(&v.promise, single(Single::Promise(v.key.clone()))),
                commitments: v.commitments.iter().map(|s| pick(s, vt.and_then(|x| line(&x.commitments, s)))).collect(),
                behaviours: v.behaviours.iter().map(|s| pick(s, vt.and_then(|x| line(&x.behaviours, s)))).collect(),
            }
        })
        .collect();
    let principles = framework
        .principles
        .iter()
        .map(|group| LocalGroup {
            heading: pick(&group.heading, line(&t.principles, &group.heading)),
            items: group.items.iter().map(|s| pick(s, line(&t.principles, s))).collect(),
        })
        .collect();
    Localised { vision, supporting, mission, motto, values, principles, has_fallback: any, has_outdated: any_outdated }
}

/// The framework's texts in `language`, as plain content (no translations),
/// with the fields that are still in English, by path (e.g.
/// `values[1].commitments[0]`).
pub fn resolve(framework: &Framework, language: &Language) -> (Framework, Vec<String>) {
    let l = localise(framework, language);
    let mut untranslated = Vec::new();
    let mut take = |path: String, text: &Text| {
        if text.fallback {
            untranslated.push(path);
        }
        text.text.clone()
    };
    let mut out = Framework {
        vision: crate::values::model::Vision {
            statement: take("vision.statement".to_owned(), &l.vision),
            supporting: Vec::new(),
        },
        ..Framework::default()
    };
    out.vision.supporting =
        l.supporting.iter().enumerate().map(|(i, t)| take(format!("vision.supporting[{i}]"), t)).collect();
    out.mission = take("mission".to_owned(), &l.mission);
    out.motto = take("motto".to_owned(), &l.motto);
    for (i, v) in l.values.iter().enumerate() {
        let value = crate::values::model::Value {
            key: v.key.clone(),
            name: take(format!("values[{i}].name"), &v.name),
            promise: take(format!("values[{i}].promise"), &v.promise),
            commitments: v
                .commitments
                .iter()
                .enumerate()
                .map(|(j, t)| take(format!("values[{i}].commitments[{j}]"), t))
                .collect(),
            behaviours: v
                .behaviours
                .iter()
                .enumerate()
                .map(|(j, t)| take(format!("values[{i}].behaviours[{j}]"), t))
                .collect(),
        };
        out.values.push(value);
    }
    for (g, group) in l.principles.iter().enumerate() {
        out.principles.push(crate::values::model::PrincipleGroup {
            heading: take(format!("principles[{g}].heading"), &group.heading),
            items: group
                .items
                .iter()
                .enumerate()
                .map(|(j, t)| take(format!("principles[{g}].items[{j}]"), t))
                .collect(),
        });
    }
    (out, untranslated)
}
