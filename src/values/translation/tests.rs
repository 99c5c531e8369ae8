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
        ValueTranslation {
            name: "Caredig".to_owned(),
            commitments: vec![Line::new("Listen", "Gwrando")],
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
    assert_eq!(local.values[0].name, Text::new("Caredig", false));
    assert_eq!(local.values[0].commitments[1], Text::new("Explain", true));
    assert!(local.mission.fallback);
    assert!(local.has_fallback);
    assert_eq!(
        local.mission.to_string(),
        "<span class=\"fallback\" lang=\"en-GB\" dir=\"ltr\">Care close to home<small class=\"fallback__note\"> (in English)</small></span>"
    );
    let english = localise(&f, &languages::DEFAULT);
    assert!(!english.mission.fallback && !english.has_fallback);
    assert_eq!(completeness(&f, &f.translations["cy"]), Progress { done: 2, outdated: 0, total: 4 });
}

#[test]
fn several_english_stand_ins_are_announced_once_and_one_is_marked_where_it_is() {
    let f = framework();
    let welsh = languages::find("cy").unwrap();
    let mut local = localise(&f, welsh);
    let mut labels = super::labels(welsh, f.translations.get("cy"));
    assert!(mark_once(&mut local, &mut labels), "the mission and a commitment are in English");
    assert_eq!(
        local.mission.to_string(),
        "<span class=\"fallback\" lang=\"en-GB\" dir=\"ltr\">Care close to home</span>"
    );

    let mut one = f.clone();
    one.values[0].commitments.truncate(1);
    let mut local = localise(&one, welsh);
    let mut labels = super::labels(welsh, one.translations.get("cy"));
    assert!(!mark_once(&mut local, &mut labels), "only the mission is in English");
    assert!(local.mission.to_string().contains("(in English)"));
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
    let t = Text::new("<script>alert('x')</script>", false);
    assert_eq!(t.to_string(), "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
}

#[test]
fn unknown_languages_keys_and_extra_lines_are_refused() {
    let mut f = framework();
    f.translations.insert("xx".to_owned(), Translation::default());
    f.translations.get_mut("cy").unwrap().values.get_mut("kind").unwrap().commitments =
        vec![Line::new("Listen", "a"), Line::new("Shout", "b")];
    f.translations.get_mut("cy").unwrap().values.insert("nope".to_owned(), ValueTranslation::default());
    let errors = f.check();
    assert!(errors.get("translations.xx").unwrap().starts_with("There is no language with the code “xx”"));
    assert_eq!(
        errors.get("translations.cy.values.kind.commitments[1].en"),
        Some("“Shout” is not one of the English lines here, so its translation has nowhere to go")
    );
    assert_eq!(errors.get("translations.cy.values.nope"), Some("There is no value with the key “nope” to translate"));
}

#[test]
fn reordering_english_lines_keeps_each_translation_on_its_line() {
    let mut f = framework();
    f.translations
        .get_mut("cy")
        .unwrap()
        .values
        .get_mut("kind")
        .unwrap()
        .commitments
        .push(Line::new("Explain", "Egluro"));
    let before = f.clone();
    f.values[0].commitments.reverse();
    follow(&before, &mut f);
    prune(&mut f);
    let local = localise(&f, languages::find("cy").unwrap());
    assert_eq!(local.values[0].commitments[0].text, "Egluro");
    assert_eq!(local.values[0].commitments[1].text, "Gwrando");
    assert_eq!(completeness(&f, &f.translations["cy"]).outdated, 0);
}

#[test]
fn rewording_an_english_line_marks_its_translation_out_of_date() {
    let mut f = framework();
    let before = f.clone();
    f.values[0].commitments[0] = "Listen first".to_owned();
    follow(&before, &mut f);
    prune(&mut f);
    let line = &f.translations["cy"].values["kind"].commitments[0];
    assert_eq!(
        (line.en.as_str(), line.text.as_str(), line.was.as_deref()),
        ("Listen first", "Gwrando", Some("Listen"))
    );
    assert_eq!(completeness(&f, &f.translations["cy"]).outdated, 1);
}

#[test]
fn lines_stored_by_position_are_tied_to_the_english_at_that_position() {
    let json = r#"{"values":[{"key":"kind","name":"Kind","commitments":["Listen","Explain"]}],
        "principles":[{"heading":"How","items":["One"]}],
        "translations":{"cy":{"values":{"kind":{"commitments":["Gwrando","Egluro"]}},
        "principles":[{"heading":"Sut","items":["Un"]}]}}}"#;
    let mut f: Framework = serde_json::from_str(json).unwrap();
    upgrade(&mut f);
    let cy = &f.translations["cy"];
    assert_eq!(cy.values["kind"].commitments, vec![Line::new("Listen", "Gwrando"), Line::new("Explain", "Egluro")]);
    assert_eq!(cy.principles, vec![Line::new("How", "Sut"), Line::new("One", "Un")]);
    assert!(f.check().is_empty());
}

#[test]
fn changing_the_english_of_a_single_text_marks_its_translation_until_it_is_translated_again() {
    let mut f = framework();
    f.translations.get_mut("cy").unwrap().mission = "Gofal yn agos at adref".to_owned();
    let before = f.clone();
    f.mission = "Care in your own home".to_owned();
    f.values[0].name = "Kindness".to_owned();
    follow(&before, &mut f);
    prune(&mut f);
    let cy = &f.translations["cy"];
    assert_eq!(cy.mission_was.as_deref(), Some("Care close to home"));
    assert_eq!(cy.values["kind"].name_was.as_deref(), Some("Kind"));
    assert_eq!(Single::Mission.outdated(&f, cy), Some("Care close to home"));
    assert_eq!(completeness(&f, cy), Progress { done: 1, outdated: 2, total: 4 });
    let local = localise(&f, languages::find("cy").unwrap());
    assert!(local.mission.outdated && local.has_outdated);
    assert_eq!(
        local.mission.to_string(),
        "<span class=\"outdated\">Gofal yn agos at adref<small class=\"outdated__note\" lang=\"en-GB\" dir=\"ltr\"> (may be out of date)</small></span>"
    );

    // The English going back to the wording it was translated from clears the mark.
    let before = f.clone();
    f.mission = "Care close to home".to_owned();
    follow(&before, &mut f);
    prune(&mut f);
    assert_eq!(f.translations["cy"].mission_was, None);

    // A translation changed in the same save as its English is not marked.
    f.motto = "Together".to_owned();
    f.translations.get_mut("cy").unwrap().motto = "Gyda'n gilydd".to_owned();
    let before = f.clone();
    f.motto = "All together".to_owned();
    f.translations.get_mut("cy").unwrap().motto = "Pawb gyda'n gilydd".to_owned();
    follow(&before, &mut f);
    assert_eq!(f.translations["cy"].motto_was, None);
}

#[test]
fn translations_stored_before_texts_remembered_their_english_are_not_out_of_date() {
    let json = r#"{"mission":"Care close to home","translations":{"cy":{"mission":"Gofal yn agos at adref"}}}"#;
    let f: Framework = serde_json::from_str(json).unwrap();
    assert_eq!(completeness(&f, &f.translations["cy"]), Progress { done: 1, outdated: 0, total: 1 });
    let stored = serde_json::to_string(&f.translations["cy"]).unwrap();
    assert_eq!(stored, r#"{"mission":"Gofal yn agos at adref"}"#, "nothing is added when stored again");
}
