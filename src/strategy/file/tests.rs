//! Tests of the strategy file: a rich file read and written back byte for
//! byte, hand-written files with fields left out, and every kind of problem
//! reported at its line, column and field.

use super::*;

/// A strategy as `export` writes it: two years, a carried objective, a
/// withdrawn one, updates, and two measures (one with a rebase and targets).
pub(super) const SAMPLE: &str = "\
schema: ethos/strategy/v1
organisation: brookfield
title: 'Brookfield 2025-27: closer to home'
first_year: 2025-26
last_year: 2026-27
summary: |-
  Three aims for two years.
  Reviewed by the Board each spring.
document_url: https://example.org/brookfield-strategy.pdf
aims:
- key: care-at-home
  title: Care at home
  description: People are looked after where they live
  priorities:
  - key: district-nursing
    title: District nursing
    description: ''
  - key: rapid-response
    title: Rapid response
    description: Help within two hours
- key: our-people
  title: Our people
  description: ''
  priorities: []
years:
  2025-26:
  - key: open-two-hubs
    title: Open two hubs
    description: One north of the river, one south
    aim: care-at-home
    priority: district-nursing
    lead: Director of Community Care
    committee: Quality Committee
    due: 2026-03-31
    weight: 2.0
    status: carried_forward
    cadence: quarterly
    carried_from: ''
    updates:
    - period: 2025-Q3
      rag: green
      confidence: high
      narrative: 'Site found for the first hub: lease signed'
      evidence:
      - https://example.org/papers/hub-lease
      when: 2025-10-06T09:30:00Z
    - period: 2025-Q4
      rag: amber
      confidence: medium
      narrative: Builders are a month late
      evidence: []
      when: 2026-01-12T16:05:00Z
  - key: staff-survey
    title: Staff survey
    description: ''
    aim: our-people
    priority: ''
    lead: ''
    committee: ''
    due: ''
    weight: 1.0
    status: withdrawn
    cadence: monthly
    carried_from: ''
    updates: []
  2026-27:
  - key: open-two-hubs
    title: Open two hubs
    description: One north of the river, one south
    aim: care-at-home
    priority: district-nursing
    lead: Director of Community Care
    committee: Quality Committee
    due: 2026-09-30
    weight: 2.0
    status: on_track
    cadence: quarterly
    carried_from: open-two-hubs
    updates: []
measures:
- key: falls
  name: Falls per 1,000 bed days
  definition: Inpatient falls, any harm
  unit: per_1000
  direction: lower
  frequency: monthly
  baseline_points: null
  source: Incident reports
  quality_note: ''
  rebases:
  - 2025-06
  targets:
  - from: 2025-04
    value: 4.5
  - from: 2026-04
    value: 4.0
  values:
  - period: 2025-04
    value: 5.1
    note: ''
  - period: 2025-05
    value: 4.8
    note: New mattresses on ward 3
  - period: 2025-06
    value: 4.25
    note: ''
- key: visits
  name: Home visits
  definition: ''
  unit: count
  direction: higher
  frequency: yearly
  baseline_points: 12
  source: ''
  quality_note: ''
  rebases: []
  targets: []
  values:
  - period: '2025'
    value: 1200.0
    note: ''
";

fn refused(text: &str) -> FileError {
    import(text.as_bytes()).expect_err("the file should be refused")
}

/// The one problem with `text`, as the command line prints it.
fn only(text: &str) -> String {
    let error = refused(text);
    assert_eq!(error.problems.len(), 1, "{error}");
    error.to_string()
}

#[test]
fn a_rich_strategy_survives_import_and_export_byte_for_byte() {
    let imported = import(SAMPLE.as_bytes()).unwrap();
    assert_eq!(imported.organisation, "brookfield");
    let c = &imported.contents;
    assert_eq!(c.title, "Brookfield 2025-27: closer to home");
    assert_eq!(c.aims.len(), 2);
    assert_eq!(c.aims[0].priorities[1].1, "Help within two hours");
    assert_eq!(c.objectives.len(), 3);
    assert_eq!(c.objectives[2].carried_from, Some(0));
    assert_eq!(c.objectives[0].priority, Some(0));
    assert_eq!(c.objectives[1].aim, 1);
    assert_eq!(c.objectives[0].updates[0].at, Some(1_759_743_000));
    assert_eq!(c.measures[0].values[1].note.as_deref(), Some("New mattresses on ward 3"));
    assert_eq!(c.measures[1].definition.baseline_points, Some(12));
    assert_eq!(export(c, "brookfield"), SAMPLE);
}

#[test]
fn a_short_hand_written_file_is_read_with_every_omitted_field_filled_in() {
    let text = "\
schema: ethos/strategy/v1
title: Small plan
first_year: 2026-27
last_year: 2026-27
aims:
- title: Kind care
years:
  2026-27:
  - title: Every ward trained
    aim: kind-care
    updates:
    - period: 2026-Q3
      rag: amber
      confidence: low
      narrative: Half done
measures:
- key: waits
  name: Days waited
  unit: days
  direction: lower
  frequency: yearly
  rebases: [2026]
  values:
  - period: 2026
    value: 12
";
    let contents = import(text.as_bytes()).unwrap().contents;
    let o = &contents.objectives[0];
    assert_eq!((o.weight, o.status, o.cadence), (1.0, ObjectiveStatus::NotStarted, Frequency::Quarterly));
    assert_eq!(o.updates[0].at, None);
    assert_eq!(contents.measures[0].values[0].value, 12.0);
    let exported = export(&contents, "hillside");
    assert!(exported.contains("aims:\n- key: kind-care\n  title: Kind care\n  description: ''\n  priorities: []\n"));
    assert!(exported.contains("    weight: 1.0\n    status: not_started\n    cadence: quarterly\n"));
    // Written back, the full form reads the same and writes the same bytes.
    let again = import(exported.as_bytes()).unwrap().contents;
    assert_eq!(export(&again, "hillside"), exported);
}

#[test]
fn several_hand_made_strategies_round_trip() {
    let cases = [
        SAMPLE.replace("title: Staff survey\n", "title: \"Staff survey: 'what matters'\"\n"),
        SAMPLE.replace("      - https://example.org/papers/hub-lease\n", ""),
        SAMPLE.replace("value: 4.25\n", "value: -0.001\n"),
        SAMPLE.replace("description: One north of the river, one south\n", "description: \"- yes\\n# no\"\n"),
    ];
    for text in cases {
        let first = export(&import(text.as_bytes()).unwrap().contents, "x");
        let second = export(&import(first.as_bytes()).unwrap().contents, "x");
        assert_eq!(first, second);
    }
}

#[test]
fn an_unknown_status_is_named_with_its_line_column_and_field() {
    let text = SAMPLE.replace("status: withdrawn", "status: abandoned");
    assert_eq!(
        only(&text),
        "line 62, column 5, years.2025-26[1].status: “abandoned” is not a status; write one of not_started, \
         on_track, at_risk, off_track, done, carried_forward and withdrawn"
    );
}

#[test]
fn a_bad_year_and_a_year_outside_the_strategy_are_refused() {
    let text = SAMPLE.replace("  2026-27:\n", "  2027-28:\n");
    assert_eq!(
        only(&text),
        "line 66, column 3, years.2027-28: 2027-28 is outside the strategy, which runs from 2025-26 to 2026-27"
    );
    let text = SAMPLE.replace("first_year: 2025-26", "first_year: 2025-27");
    assert!(only(&text).starts_with("line 4, column 1, first_year: 2025-27 is not a financial year"));
}

#[test]
fn references_that_lead_nowhere_are_refused() {
    let text = SAMPLE.replace("    aim: our-people\n", "    aim: our-staff\n");
    assert_eq!(
        only(&text),
        "line 56, column 5, years.2025-26[1].aim: There is no aim with the key “our-staff”; the aims' keys are \
         care-at-home and our-people"
    );
    let text = SAMPLE.replace("carried_from: open-two-hubs", "carried_from: open-hubs");
    assert!(
        only(&text)
            .contains("years.2026-27[0].carried_from: There is no objective with the key “open-hubs” in 2025-26")
    );
    let text = SAMPLE.replacen("priority: district-nursing", "priority: nursing", 1);
    assert!(only(&text).contains("The aim “care-at-home” has no priority with the key “nursing”"));
}

#[test]
fn a_period_of_the_wrong_frequency_and_a_duplicate_measure_key_are_refused() {
    let text = SAMPLE.replace("  - period: 2025-05\n", "  - period: 2025-Q2\n");
    assert_eq!(
        only(&text),
        "line 101, column 5, measures[0].values[1].period: 2025-Q2 is a quarter, but this measure is monthly: \
         write a month as 2024-04"
    );
    let text = SAMPLE.replace("- key: visits", "- key: falls");
    assert_eq!(
        only(&text),
        "line 107, column 3, measures[1].key: The key “falls” is already the key of measure 1; each measure needs its own"
    );
}

#[test]
fn a_number_that_is_not_a_number_is_refused_where_it_is() {
    let text = SAMPLE.replace("value: 4.25", "value: lots");
    let message = only(&text);
    assert!(message.starts_with("line 105, column 12, measures[0].values[2].value: expected a number"), "{message}");
    let text = SAMPLE.replace("weight: 1.0", "weight: heavy");
    assert!(only(&text).starts_with("line 61, column 13, years.2025-26[1].weight: expected a number"));
}

#[test]
fn several_problems_are_listed_in_the_order_of_the_file() {
    let text = SAMPLE.replace("rag: amber", "rag: purple").replace("unit: count", "unit: furlongs");
    let error = refused(&text);
    let fields: Vec<&str> = error.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["years.2025-26[0].updates[1].rag", "measures[1].unit"]);
}

#[test]
fn a_file_of_another_kind_or_too_big_is_refused_first() {
    assert!(
        only("schema: ethos/framework/v1\n").starts_with("line 1, schema: this file's schema is “ethos/framework/v1”")
    );
    let big = format!("{SAMPLE}# {}\n", "x".repeat(MAX_BYTES));
    let message = only(&big);
    assert!(
        message.starts_with("the file is 819") && message.ends_with("KiB; a strategy file may be at most 8192 KiB")
    );
    assert!(only("schema: ethos/strategy/v1\ncolour: blue\n").contains("there is no field “colour”"));
}

/// SAMPLE with the visits measure linked to an aim and an objective.
fn linked() -> String {
    SAMPLE.replace(
        "  rebases: []\n  targets: []\n  values:\n",
        "  rebases: []\n  targets: []\n  aims:\n  - care-at-home\n  objectives:\n  - 2025-26/open-two-hubs\n  values:\n",
    )
}

#[test]
fn a_measure_linked_to_an_aim_and_an_objective_round_trips_byte_for_byte() {
    let text = linked();
    let imported = import(text.as_bytes()).unwrap();
    let visits = &imported.contents.measures[1];
    assert_eq!(visits.key, "visits");
    assert_eq!((visits.aims.clone(), visits.objectives.clone()), (vec![0], vec![0]));
    assert!(imported.contents.measures[0].aims.is_empty(), "a measure without links has none");
    assert_eq!(export(&imported.contents, "brookfield"), text);
}

#[test]
fn links_to_an_aim_or_objective_the_file_does_not_have_are_refused() {
    let text = linked().replace("  - care-at-home\n  objectives:", "  - nowhere\n  objectives:");
    assert!(
        only(&text).contains(
            "measures[1].aims[0]: There is no aim with the key “nowhere”; the aims' keys are care-at-home and our-people"
        ),
        "{}",
        only(&text)
    );
    let text = linked().replace("2025-26/open-two-hubs", "2026-27/staff-survey");
    assert!(only(&text).contains("There is no objective with the key “staff-survey” in the year “2026-27”"));
    let text = linked().replace("2025-26/open-two-hubs", "open-two-hubs");
    assert!(only(&text).contains("Write an objective as its year and key, such as 2025-26/hubs"));
}
