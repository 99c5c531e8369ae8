//! Translations of a version: every text field of a [`Framework`] in another
//! language, kept inside the version's content so that publishing, starting
//! a refresh and the framework file carry them.
//!
//! A translation mirrors the framework: values by their stable key, lists
//! (supporting statements, commitments, behaviours, principle groups and
//! their items) line for line by position. An empty text is untranslated,
//! and pages show the English text in its place, marked as such.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::values::languages::{self, Language};
use crate::values::model::{Framework, MAX_LINE, MAX_NAME, MAX_STATEMENT, check_list, check_text};
use crate::web::forms::FormErrors;

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

/// A text to show: the translation, or the English text when there is
/// none (`fallback`). Displays as HTML, escaped, with the fallback marked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub fallback: bool,
}

impl Text {
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
        if self.fallback {
            write!(
                f,
                "<span class=\"fallback\" lang=\"en-GB\" dir=\"ltr\">{}<small class=\"fallback__note\"> (in English)</small></span>",
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

/// The framework in `language`: each text translated, or in English marked
/// as a fallback. In the default language nothing is a fallback.
pub fn localise(framework: &Framework, language: &Language) -> Localised {
    let empty = Translation::default();
    let t = if language.is_default() { None } else { framework.translations.get(language.code) };
    let translating = !language.is_default();
    let t = t.unwrap_or(&empty);
    let mut any = false;
    let mut pick = |source: &str, translated: Option<&String>| -> Text {
        match translated.map(|s| s.trim()).filter(|s| !s.is_empty()) {
            Some(text) if translating => Text { text: text.to_owned(), fallback: false },
            _ => {
                let fallback = translating && !source.is_empty();
                any |= fallback;
                Text { text: source.to_owned(), fallback }
            }
        }
    };
    let vision = pick(&framework.vision.statement, Some(&t.vision.statement));
    let supporting =
        framework.vision.supporting.iter().enumerate().map(|(i, s)| pick(s, t.vision.supporting.get(i))).collect();
    let mission = pick(&framework.mission, Some(&t.mission));
    let motto = pick(&framework.motto, Some(&t.motto));
    let values = framework
        .values
        .iter()
        .map(|v| {
            let vt = t.values.get(&v.key);
            LocalValue {
                key: v.key.clone(),
                name: pick(&v.name, vt.map(|x| &x.name)),
                promise: pick(&v.promise, vt.map(|x| &x.promise)),
                commitments: v
                    .commitments
                    .iter()
                    .enumerate()
                    .map(|(i, s)| pick(s, vt.and_then(|x| x.commitments.get(i))))
                    .collect(),
                behaviours: v
                    .behaviours
                    .iter()
                    .enumerate()
                    .map(|(i, s)| pick(s, vt.and_then(|x| x.behaviours.get(i))))
                    .collect(),
            }
        })
        .collect();
    let principles = framework
        .principles
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let gt = t.principles.get(g);
            LocalGroup {
                heading: pick(&group.heading, gt.map(|x| &x.heading)),
                items: group.items.iter().enumerate().map(|(i, s)| pick(s, gt.and_then(|x| x.items.get(i)))).collect(),
            }
        })
        .collect();
    Localised { vision, supporting, mission, motto, values, principles, has_fallback: any }
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

/// The headings of the public page and the leaflet, in the page's language
/// where Ethos has them; `english` says they are in English.
#[derive(Clone, Copy, Debug)]
pub struct Labels {
    pub english: bool,
    pub vision_and_values: &'static str,
    pub values_only: &'static str,
    pub vision: &'static str,
    pub mission: &'static str,
    pub motto: &'static str,
    pub values: &'static str,
    pub we_will: &'static str,
    pub how_we_live_it: &'static str,
    pub principles: &'static str,
}

const ENGLISH: Labels = Labels {
    english: true,
    vision_and_values: "Our vision and values",
    values_only: "Our values",
    vision: "Our vision",
    mission: "Our mission",
    motto: "Our motto",
    values: "Our values",
    we_will: "We will",
    how_we_live_it: "How we live it",
    principles: "Our principles",
};

/// Headings for `code`; English (marked) for languages without them.
pub fn labels(code: &str) -> Labels {
    match code {
        "cy" => Labels {
            english: false,
            vision_and_values: "Ein gweledigaeth a’n gwerthoedd",
            values_only: "Ein gwerthoedd",
            vision: "Ein gweledigaeth",
            mission: "Ein cenhadaeth",
            motto: "Ein harwyddair",
            values: "Ein gwerthoedd",
            we_will: "Byddwn yn",
            how_we_live_it: "Sut rydym yn eu byw",
            principles: "Ein hegwyddorion",
        },
        "ar" => Labels {
            english: false,
            vision_and_values: "رؤيتنا وقيمنا",
            values_only: "قيمنا",
            vision: "رؤيتنا",
            mission: "رسالتنا",
            motto: "شعارنا",
            values: "قيمنا",
            we_will: "سوف نقوم بما يلي",
            how_we_live_it: "كيف نعيش هذه القيم",
            principles: "مبادئنا",
        },
        "bn" => Labels {
            english: false,
            vision_and_values: "আমাদের লক্ষ্য ও মূল্যবোধ",
            values_only: "আমাদের মূল্যবোধ",
            vision: "আমাদের লক্ষ্য",
            mission: "আমাদের উদ্দেশ্য",
            motto: "আমাদের মূলমন্ত্র",
            values: "আমাদের মূল্যবোধ",
            we_will: "আমরা যা করব",
            how_we_live_it: "আমরা যেভাবে এগুলো মেনে চলি",
            principles: "আমাদের নীতিমালা",
        },
        _ => ENGLISH,
    }
}

impl Labels {
    /// Attributes for a heading element: marks English headings on a page
    /// in another language.
    pub fn attrs(&self, page_is_english: bool) -> &'static str {
        if self.english && !page_is_english { " lang=\"en-GB\" dir=\"ltr\"" } else { "" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::model::Value;

    fn framework() -> Framework {
        let mut f = Framework {
            mission: "Care close to home".to_owned(),
            values: vec![Value {
                key: "kind".to_owned(),
                name: "Kind".to_owned(),
                commitments: vec!["Listen".to_owned(), "Explain".to_owned()],
                ..Value::default()
            }],
            ..Framework::default()
        };
        let mut cy = Translation::default();
        cy.values.insert(
            "kind".to_owned(),
            ValueTranslation {
                name: "Caredig".to_owned(),
                commitments: vec!["Gwrando".to_owned()],
                ..Default::default()
            },
        );
        f.translations.insert("cy".to_owned(), cy);
        f
    }

    #[test]
    fn untranslated_texts_fall_back_to_english_marked() {
        let f = framework();
        let local = localise(&f, languages::find("cy").unwrap());
        assert_eq!(local.values[0].name, Text { text: "Caredig".to_owned(), fallback: false });
        assert_eq!(local.values[0].commitments[1], Text { text: "Explain".to_owned(), fallback: true });
        assert!(local.mission.fallback);
        assert!(local.has_fallback);
        assert_eq!(
            local.mission.to_string(),
            "<span class=\"fallback\" lang=\"en-GB\" dir=\"ltr\">Care close to home<small class=\"fallback__note\"> (in English)</small></span>"
        );
        let english = localise(&f, &languages::DEFAULT);
        assert!(!english.mission.fallback && !english.has_fallback);
        assert_eq!(completeness(&f, &f.translations["cy"]), (2, 4));
    }

    #[test]
    fn removing_a_value_or_lines_removes_their_translations() {
        let mut f = framework();
        f.values[0].commitments.truncate(0);
        prune(&mut f);
        assert!(f.translations["cy"].values["kind"].commitments.is_empty());
        assert_eq!(f.translations["cy"].values["kind"].name, "Caredig");
        f.values.clear();
        prune(&mut f);
        assert!(f.translations["cy"].values.is_empty());
        assert!(f.check().is_empty());
    }

    #[test]
    fn text_is_escaped() {
        let t = Text { text: "<script>alert('x')</script>".to_owned(), fallback: false };
        assert_eq!(t.to_string(), "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
    }

    #[test]
    fn unknown_languages_keys_and_extra_lines_are_refused() {
        let mut f = framework();
        f.translations.insert("xx".to_owned(), Translation::default());
        f.translations.get_mut("cy").unwrap().values.get_mut("kind").unwrap().commitments =
            vec!["a".into(), "b".into(), "c".into()];
        f.translations.get_mut("cy").unwrap().values.insert("nope".to_owned(), ValueTranslation::default());
        let errors = f.check();
        assert!(errors.get("translations.xx").unwrap().starts_with("There is no language with the code “xx”"));
        assert_eq!(
            errors.get("translations.cy.values.kind.commitments"),
            Some("There are 3 translated lines here but only 2 in English; remove the extra lines")
        );
        assert_eq!(
            errors.get("translations.cy.values.nope"),
            Some("There is no value with the key “nope” to translate")
        );
    }
}
