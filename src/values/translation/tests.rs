//! Tests of translations: fallbacks, checks, pruning and escaping.

use super::*;
use crate::values::languages;
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
        ValueTranslation { name: "Caredig".to_owned(), commitments: vec!["Gwrando".to_owned()], ..Default::default() },
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
    assert_eq!(errors.get("translations.cy.values.nope"), Some("There is no value with the key “nope” to translate"));
}
