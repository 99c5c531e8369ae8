//! The round-trip property of the framework file: export, import and
//! export again give the same framework and the same bytes, translations
//! included.

use proptest::prelude::*;

use super::{export, import};
use crate::values::model::{Framework, MAX_LINE, MAX_NAME, MAX_STATEMENT, PrincipleGroup, Value, Vision};
use crate::values::translation::{Line, Translation, ValueTranslation, principle_lines};

/// Translations of some of the English lines (in another order than the
/// English, each tied to its line), the first marked out of date if asked.
fn tie(english: &[String], texts: &[String], outdated: bool) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for (en, text) in english.iter().zip(texts).rev() {
        if text.trim().is_empty() || lines.iter().any(|l| &l.en == en) {
            continue;
        }
        let was = (outdated && lines.is_empty()).then(|| format!("{en} (before)"));
        lines.push(Line { en: en.clone(), text: text.clone(), was, legacy: None });
    }
    lines
}

/// Texts that are hard to write in YAML: quotes, colons, leading dashes,
/// '#', newlines, spaces at the ends, unicode, and nothing at all.
fn text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(String::new()),
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just(": ".to_owned()),
        Just(":".to_owned()),
        Just("- ".to_owned()),
        Just("-".to_owned()),
        Just("#".to_owned()),
        Just(" #".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\t".to_owned()),
        Just(" ".to_owned()),
        Just("?".to_owned()),
        Just("|".to_owned()),
        Just(">".to_owned()),
        Just("&*!%@`{}[],".to_owned()),
        Just("~".to_owned()),
        Just("null".to_owned()),
        Just("yes".to_owned()),
        Just("12".to_owned()),
        Just("0x1F".to_owned()),
        Just("---".to_owned()),
        Just("...".to_owned()),
        Just("“Hello”".to_owned()),
        Just("Ysbyty Gwynedd — gofal".to_owned()),
        Just("\u{00a0}\u{2028}\u{feff}".to_owned()),
        "[a-zA-Z ]{0,12}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..5).prop_map(move |pieces| pieces.concat().chars().take(max).collect())
}

fn list(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(max), 0..4)
}

fn framework() -> impl Strategy<Value = Framework> {
    let value = (text(MAX_NAME), list(MAX_LINE), list(MAX_LINE), text(MAX_LINE)).prop_map(
        |(name, commitments, behaviours, promise)| Value { key: String::new(), name, promise, commitments, behaviours },
    );
    let group = (text(MAX_LINE), list(MAX_LINE)).prop_map(|(heading, items)| PrincipleGroup { heading, items });
    (
        text(MAX_STATEMENT),
        list(MAX_STATEMENT),
        text(MAX_STATEMENT),
        text(MAX_LINE),
        prop::collection::vec(value, 0..4),
        prop::collection::vec(group, 0..3),
    )
        .prop_map(|(statement, supporting, mission, motto, values, principles)| {
            let mut framework = Framework {
                vision: Vision { statement, supporting },
                mission,
                motto,
                values: Vec::new(),
                principles,
                translations: Default::default(),
            };
            for (i, mut value) in values.into_iter().enumerate() {
                // Names must be present and distinct; keys are made as the
                // editor makes them.
                if value.name.trim().is_empty()
                    || framework.values.iter().any(|v| v.name.trim().to_lowercase() == value.name.trim().to_lowercase())
                {
                    value.name = format!("{}{}", value.name.trim(), i + 1);
                }
                value.key = framework.new_key(&value.name);
                framework.values.push(value);
            }
            framework
        })
        .prop_filter("passes check()", |f| f.check().is_empty())
}

/// A framework with translations into a few languages, some parts left
/// untranslated.
fn translated() -> impl Strategy<Value = Framework> {
    let codes = prop::sample::select(vec!["cy", "ar", "bn", "pl", "ur"]);
    let one = (codes, text(MAX_NAME), text(MAX_LINE), list(MAX_LINE), prop::bool::ANY, prop::bool::ANY);
    (framework(), prop::collection::vec(one, 0..3)).prop_map(|(mut framework, translations)| {
        for (code, name, line, items, all_values, outdated) in translations {
            let mut t = Translation { motto: line.clone(), ..Translation::default() };
            t.vision.supporting = tie(&framework.vision.supporting, &items, outdated);
            let how_many = if all_values { framework.values.len() } else { 1 };
            for value in framework.values.iter().take(how_many) {
                t.values.insert(
                    value.key.clone(),
                    ValueTranslation {
                        name: name.clone(),
                        promise: line.clone(),
                        commitments: tie(&value.commitments, &items, outdated),
                        ..ValueTranslation::default()
                    },
                );
            }
            t.principles = tie(&principle_lines(&framework), &items, outdated);
            if all_values {
                t.labels.insert("we_will".to_owned(), line.clone());
                t.labels.insert("page_of".to_owned(), name.clone());
            }
            framework.translations.insert(code.to_owned(), t);
        }
        framework
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn export_then_import_gives_the_same_framework_and_bytes(framework in framework()) {
        let exported = export(&framework, "riverside");
        let imported = import(exported.as_bytes());
        prop_assert!(imported.is_ok(), "{}\n{exported}", imported.unwrap_err());
        let imported = imported.unwrap();
        prop_assert_eq!(&imported, &framework, "{}", exported);
        prop_assert_eq!(export(&imported, "riverside"), exported);
    }

    #[test]
    fn translations_survive_export_and_import_byte_for_byte(framework in translated()) {
        let exported = export(&framework, "riverside");
        let imported = import(exported.as_bytes());
        prop_assert!(imported.is_ok(), "{}\n{exported}", imported.unwrap_err());
        let imported = imported.unwrap();
        prop_assert_eq!(&imported, &framework, "{}", exported);
        prop_assert_eq!(export(&imported, "riverside"), exported);
    }
}
