//! Tests of the framework file: examples and messages (the round-trip
//! property is in `roundtrip.rs`).

use std::time::{Duration, Instant};

use super::*;
use crate::values::model::MAX_LINE;
use crate::yaml::locate::{Seg, parse_path};

const SAMPLE: &str = "\
schema: ethos/framework/v1
organisation: brookfield
vision:
  statement: 'Care that feels like home: safe, kind and close by'
  supporting:
  - Everyone who uses our services is known by name
  - |-
    We listen first.
    Then we act.
mission: To support people in Brookfield to live well, at home and in hospital
motto: '#TogetherWeCare'
values:
- key: compassion
  name: Compassion
  promise: We notice, we care, we act
  commitments:
  - We will take time to understand what matters to each person
  - '- and to their families, too'
  behaviours:
  - Introduces themselves with “Hello, my name is…”
  - Checks in with colleagues after a hard shift
- key: openness
  name: Openness
  promise: ''
  commitments: []
  behaviours:
  - 'Says so when something is wrong: early, and without blame'
- key: teamwork
  name: Teamwork
  promise: \"We're one team, whoever's badge we wear\"
  commitments:
  - 'yes'
  behaviours: []
principles:
- heading: How we make decisions
  items:
  - With the people they affect
  - On the evidence, written down
- heading: ''
  items: []
";

fn errors(text: &str) -> FileError {
    import(text.as_bytes()).expect_err("the file should be refused")
}

fn only(text: &str) -> String {
    let error = errors(text);
    assert_eq!(error.problems.len(), 1, "{error}");
    error.to_string()
}

#[test]
fn a_realistic_file_survives_import_and_export() {
    let framework = import(SAMPLE.as_bytes()).unwrap();
    assert_eq!(framework.values.len(), 3);
    assert_eq!(framework.vision.supporting[1], "We listen first.\nThen we act.");
    assert_eq!(framework.motto, "#TogetherWeCare");
    assert_eq!(framework.values[0].commitments[1], "- and to their families, too");
    assert_eq!(framework.values[2].promise, "We're one team, whoever's badge we wear");
    assert_eq!(framework.values[2].commitments, vec!["yes"]);
    let exported = export(&framework, "brookfield");
    assert_eq!(import(exported.as_bytes()).unwrap(), framework);
    assert_eq!(export(&import(exported.as_bytes()).unwrap(), "brookfield"), exported);
    assert!(exported.starts_with("schema: ethos/framework/v1\norganisation: brookfield\nvision:\n"), "{exported}");
}

#[test]
fn an_empty_framework_exports_every_field() {
    let exported = export(&Framework::default(), "hillside");
    assert_eq!(
        exported,
        "schema: ethos/framework/v1\norganisation: hillside\nvision:\n  statement: ''\n  supporting: []\n\
         mission: ''\nmotto: ''\nvalues: []\nprinciples: []\n"
    );
    assert_eq!(import(exported.as_bytes()).unwrap(), Framework::default());
}

#[test]
fn a_hand_written_file_may_leave_out_fields_and_keys() {
    let text = "schema: ethos/framework/v1\nmission:\nvalues:\n- name: Working together\n- name: Kind\n  key: working-together\n- name: Kind too\n  commitments:\n";
    let framework = import(text.as_bytes()).unwrap();
    let keys: Vec<&str> = framework.values.iter().map(|v| v.key.as_str()).collect();
    // The made key does not take the key the second value names.
    assert_eq!(keys, vec!["working-together-2", "working-together", "kind-too"]);
    assert_eq!(framework.mission, "");
    assert!(framework.values[2].commitments.is_empty());
}

#[test]
fn content_problems_name_the_line_and_the_field() {
    let text = SAMPLE.replace("  name: Teamwork\n", "  name: ''\n");
    assert_eq!(only(&text), "line 29, values[2].name: Value 3 needs a name");
    let text = SAMPLE.replace("  name: Openness\n", "  name: compassion\n");
    assert_eq!(
        only(&text),
        "line 23, values[1].name (value 2, “compassion”): There is already a value called “compassion”; \
         each value needs its own name"
    );
    let text = SAMPLE.replace("key: teamwork", "key: Team Work");
    assert_eq!(
        only(&text),
        "line 28, values[2].key (value 3, “Teamwork”): A value's key must be 1 to 60 of a-z, 0-9 and hyphens"
    );
}

#[test]
fn a_problem_with_one_list_item_points_at_the_item() {
    let long = "x".repeat(MAX_LINE + 1);
    let text = SAMPLE.replace("  - Checks in with colleagues after a hard shift\n", &format!("  - {long}\n"));
    assert_eq!(
        only(&text),
        format!(
            "line 21, values[0].behaviours[1] (value 1, “Compassion”): This text is {} characters long; the most is {MAX_LINE}",
            MAX_LINE + 1
        )
    );
    let text = SAMPLE.replace("  statement: 'Care", "  statement: \"\\aCare");
    let text = text.replace("close by'", "close by\"");
    assert_eq!(
        only(&text),
        "line 4, vision.statement: This text contains control characters; remove them and try again"
    );
}

#[test]
fn a_missing_name_is_placed_at_its_value() {
    let text = "schema: ethos/framework/v1\nvalues:\n- name: Kind\n- promise: We try\n";
    assert_eq!(only(text), "line 4, values[1].name: Value 2 needs a name");
}

#[test]
fn several_problems_are_all_listed_in_file_order() {
    let text = "schema: ethos/framework/v1\nvalues:\n- name: ''\n  key: a\n- name: ''\n  key: B\n";
    let error = errors(text);
    assert_eq!(
        error.to_string(),
        "3 problems:\n  line 3, values[0].name: Value 1 needs a name\n  line 5, values[1].name: Value 2 needs a name\n  \
         line 6, values[1].key (value 2): A value's key must be 1 to 60 of a-z, 0-9 and hyphens"
    );
}

#[test]
fn an_unknown_field_is_named_with_its_place() {
    let text = SAMPLE.replace("  promise: We notice, we care, we act\n", "  promise: We notice\n  colour: green\n");
    assert_eq!(
        only(&text),
        "line 16, column 3, values[0].colour: there is no field “colour”; the fields here are key, name, promise, \
         commitments, behaviours (check the spelling and the indentation)"
    );
    let text = SAMPLE.replace("motto:", "moto:");
    assert_eq!(
        only(&text),
        "line 11, column 1, moto: there is no field “moto”; the fields here are schema, organisation, vision, \
         mission, motto, values, principles, translations (check the spelling and the indentation)"
    );
}

#[test]
fn a_wrong_type_is_named_with_its_place() {
    let text = SAMPLE.replace("  name: Openness\n", "  name:\n  - Open\n");
    assert_eq!(
        only(&text),
        "line 24, column 3, values[1].name: expected text, found a list (lines starting with “- ”)"
    );
    let text = SAMPLE.replace("  commitments: []\n", "  commitments: We will listen\n");
    assert_eq!(
        only(&text),
        "line 25, column 16, values[1].commitments: expected a list (lines starting with “- ”), found the text \"We will listen\""
    );
    let text = SAMPLE.replace("vision:\n", "vision: Care\nx:\n");
    assert!(only(&text).starts_with("line 3, column 9, vision: expected a group of fields, found the text \"Care\""));
}

#[test]
fn broken_yaml_is_refused_with_its_place() {
    let text = SAMPLE.replace("motto: '#TogetherWeCare'", "motto: Together: we care");
    let message = only(&text);
    assert!(
        message.starts_with("line 11, column 16: this is not valid YAML: mapping values are not allowed"),
        "{message}"
    );
}

#[test]
fn the_schema_must_be_this_one() {
    let text = SAMPLE.replace("schema: ethos/framework/v1", "schema: ethos/framework/v2");
    assert_eq!(
        only(&text),
        "line 1, schema: this file's schema is “ethos/framework/v2”, which Ethos does not read; \
         the file must say `schema: ethos/framework/v1`"
    );
    let text = SAMPLE.replace("schema: ethos/framework/v1\n", "");
    assert_eq!(
        only(&text),
        "schema: there is no schema line, so this may not be a framework file; the file must say \
         `schema: ethos/framework/v1`"
    );
    assert!(only("").starts_with("schema: there is no schema line"));
    assert!(
        only("- a list\n").contains("the file must be made of fields (`name: value` lines), starting with `schema: ")
    );
    assert!(only("schema: 1\n").starts_with("line 1, schema: this file's schema is “1”"));
}

#[test]
fn invalid_utf8_is_refused_with_its_place() {
    let mut bytes = b"schema: ethos/framework/v1\nmotto: caf".to_vec();
    bytes.push(0xe9);
    bytes.extend_from_slice(b"\n");
    let error = import(&bytes).unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 2, column 11: the file is not UTF-8 text (byte 37 cannot be read); save it as UTF-8 and try again"
    );
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_read() {
    let text = format!("\u{feff}{}", SAMPLE.replace('\n', "\r\n"));
    assert_eq!(import(text.as_bytes()).unwrap(), import(SAMPLE.as_bytes()).unwrap());
}

#[test]
fn paths_are_parsed() {
    assert_eq!(parse_path("values[2].name"), vec![Seg::Key("values"), Seg::Index(2), Seg::Key("name")]);
    assert_eq!(parse_path("mission"), vec![Seg::Key("mission")]);
}

const TRANSLATED: &str = "\
translations:
  cy:
    mission: Cefnogi pobl Brookfield i fyw'n dda
    values:
      compassion:
        name: Tosturi
        commitments:
        - Byddwn yn deall beth sy'n bwysig
  ar:
    values:
      openness:
        name: الانفتاح
";

#[test]
fn translations_are_read_and_written_after_the_principles() {
    let text = format!("{SAMPLE}{TRANSLATED}");
    let framework = import(text.as_bytes()).unwrap();
    assert_eq!(framework.translations["cy"].values["compassion"].name, "Tosturi");
    assert_eq!(framework.translations["ar"].values["openness"].name, "الانفتاح");
    let exported = export(&framework, "brookfield");
    // Languages are written in code order, each with only what it has.
    assert!(
        exported.ends_with(
            "translations:\n  ar:\n    values:\n      openness:\n        name: الانفتاح\n  cy:\n    mission: Cefnogi pobl \
             Brookfield i fyw'n dda\n    values:\n      compassion:\n        name: Tosturi\n        commitments:\n        \
             - en: We will take time to understand what matters to each person\n          text: Byddwn yn deall beth \
             sy'n bwysig\n"
        ),
        "{exported}"
    );
    // A file written with translated lines by position has them tied to
    // the English line at that position, and reordering the English keeps
    // each translation with its line.
    let mut reordered = framework.clone();
    reordered.values[0].commitments.reverse();
    let local = crate::values::translation::localise(&reordered, crate::values::languages::find("cy").unwrap());
    assert_eq!(local.values[0].commitments[1].text, "Byddwn yn deall beth sy'n bwysig");
    assert!(local.values[0].commitments[0].fallback);
    assert_eq!(export(&import(exported.as_bytes()).unwrap(), "brookfield"), exported);
    // No translations, no section: files from before keep their bytes.
    assert!(!export(&import(SAMPLE.as_bytes()).unwrap(), "brookfield").contains("translations"));
}

#[test]
fn an_unknown_language_is_named_with_its_line() {
    let text = format!("{SAMPLE}{}", TRANSLATED.replace("  ar:", "  xx:"));
    let message = only(&text);
    assert!(
        message.starts_with(
            "line 49, translations.xx: There is no language with the code “xx”. The codes Ethos knows are en, cy,"
        ),
        "{message}"
    );
    let text = format!("{SAMPLE}{}", TRANSLATED.replace("      compassion:", "      kindness:"));
    assert_eq!(
        only(&text),
        "line 45, translations.cy.values.kindness: There is no value with the key “kindness” to translate"
    );
    let text = format!(
        "{SAMPLE}{}",
        TRANSLATED.replace("        name: Tosturi", "        name: Tosturi\n        colour: coch")
    );
    assert!(
        only(&text)
            .starts_with("line 47, column 9, translations.cy.values.compassion.colour: there is no field “colour”")
    );
}

// What any file is refused for before it is read: size, nesting, tags.

fn refused(text: &str) -> Problem {
    let error = import(text.as_bytes()).expect_err("the file should be refused");
    assert_eq!(error.problems.len(), 1, "{error}");
    error.problems.into_iter().next().unwrap()
}

#[test]
fn nesting_a_hundred_thousand_deep_is_refused_at_once() {
    let deep = 100_000;
    for text in [
        format!("schema: ethos/framework/v1\nvalues: {}{}\n", "[".repeat(deep), "]".repeat(deep)),
        format!("schema: ethos/framework/v1\nvalues:\n{}x\n", "- ".repeat(deep)),
    ] {
        let started = Instant::now();
        let problem = refused(&text);
        assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());
        assert_eq!(problem.line, Some(2 + usize::from(text.contains("- -"))));
        assert!(problem.message.contains("nested more than 10 deep"), "{}", problem.message);
    }
}

#[test]
fn a_file_over_two_megabytes_is_refused_before_it_is_read() {
    let text = format!("schema: ethos/framework/v1\nvalues:\n{}", "- name: x\n".repeat(300_000));
    let problem = refused(&text);
    assert_eq!(problem.line, None);
    assert_eq!(problem.message, "the file is 2930 KiB; a framework file may be at most 2048 KiB");
}

#[test]
fn a_duplicated_field_is_reported_where_it_is_written_again() {
    let problem = refused("schema: ethos/framework/v1\nmission: One\nmotto: Two\nmission: Three\n");
    assert_eq!((problem.line, problem.message.as_str()), (Some(4), "“mission” is written twice; keep one"));
    let nested =
        refused("schema: ethos/framework/v1\nvalues:\n- key: kind\n  name: Kind\n  promise: ''\n  name: Kinder\n");
    assert_eq!(nested.line, Some(6), "{nested:?}");
    assert!(nested.message.contains("“name” is written twice"), "{nested:?}");
}

#[test]
fn a_yaml_tag_is_refused_as_a_tag_at_its_line() {
    let problem = refused("schema: ethos/framework/v1\nmotto: ''\nvalues: !!python/object:os.system [ls]\n");
    assert_eq!(problem.line, Some(3));
    assert_eq!(
        problem.message,
        "“!!python/object:os.system” is a YAML tag, and tags are not allowed in a framework file; \
         remove it and write the text or list plainly"
    );
    let local = refused("schema: ethos/framework/v1\nmission: !secret text\n");
    assert!(local.message.starts_with("“!secret” is a YAML tag"), "{}", local.message);
}
