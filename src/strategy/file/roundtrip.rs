//! The round-trip property of the strategy file: export, import and
//! export again give the same contents and bytes, for strategies with texts
//! that are awkward in YAML.

use proptest::prelude::*;

use super::*;
use crate::strategy::measures::spc::Direction;

/// A trimmed text with quotes, colons, dashes, hashes and line breaks.
fn text(required: bool) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just(": ".to_owned()),
        Just("- ".to_owned()),
        Just(" #".to_owned()),
        Just("\n".to_owned()),
        Just("yes".to_owned()),
        Just("12".to_owned()),
        Just("null".to_owned()),
        Just("“Croeso”".to_owned()),
        "[a-zA-Z ]{0,10}",
    ];
    prop::collection::vec(piece, 0..5).prop_map(move |p| {
        let t = p.concat().trim().to_owned();
        if required && t.is_empty() { "Untitled".to_owned() } else { t }
    })
}

fn contents() -> impl Strategy<Value = Contents> {
    let aim = (text(true), text(false), prop::collection::vec((text(true), text(false)), 0..3))
        .prop_map(|(title, description, priorities)| AimEntry { title, description, priorities });
    let objective = (0usize..3, text(true), text(false), 0usize..2, prop::bool::ANY, 0u8..7, text(false));
    (text(true), text(false), prop::collection::vec(aim, 1..3), prop::collection::vec(objective, 0..5)).prop_map(
        |(title, summary, aims, objectives)| {
            let first = FinancialYear::starting(2025);
            let mut entries: Vec<ObjectiveEntry> = Vec::new();
            for (aim, title, description, year, carried, status, narrative) in objectives {
                let aim = aim % aims.len();
                let year = FinancialYear::starting(2025 + year as i16);
                let carried_from =
                    (carried && year != first).then(|| entries.iter().position(|e| e.year == first)).flatten();
                let updates = if narrative.is_empty() {
                    Vec::new()
                } else {
                    vec![UpdateEntry {
                        period: "2025-Q3".parse().unwrap(),
                        rag: Rag::Amber,
                        confidence: Confidence::Low,
                        narrative,
                        evidence: vec!["https://example.org/a".to_owned()],
                        at: Some(1_760_000_000),
                    }]
                };
                entries.push(ObjectiveEntry {
                    year,
                    aim,
                    priority: (!aims[aim].priorities.is_empty()).then_some(0),
                    title,
                    description,
                    lead: String::new(),
                    committee: String::new(),
                    due_on: String::new(),
                    weight: 1.5,
                    status: ObjectiveStatus::ALL[status as usize],
                    cadence: Frequency::Quarterly,
                    carried_from,
                    updates,
                });
            }
            entries.sort_by_key(|e| e.year);
            // Sorting moved them: only a carry into the second year from the first stays.
            for i in 0..entries.len() {
                if entries[i].carried_from.is_some() {
                    entries[i].carried_from = entries.iter().position(|e| e.year == first);
                }
            }
            let definition = Definition {
                name: title.clone(),
                definition: summary.clone(),
                unit: crate::strategy::measures::definition::Unit::Count,
                direction: Direction::Higher,
                frequency: Frequency::Monthly,
                baseline_points: None,
                rebases: Vec::new(),
                targets: Vec::new(),
                source: String::new(),
                quality_note: String::new(),
            };
            let (aims_count, last_objective) = (aims.len(), entries.len().checked_sub(1));
            Contents {
                title,
                first_year: first,
                last_year: FinancialYear::starting(2026),
                summary,
                document_url: String::new(),
                aims,
                objectives: entries,
                measures: vec![MeasureEntry {
                    key: "m".to_owned(),
                    definition,
                    // Linked to the last aim and, when there is one, the last objective.
                    aims: vec![aims_count - 1],
                    objectives: last_objective.into_iter().collect(),
                    values: Vec::new(),
                }],
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn export_then_import_gives_the_same_contents_and_bytes(contents in contents()) {
        let exported = export(&contents, "riverside");
        let imported = import(exported.as_bytes());
        prop_assert!(imported.is_ok(), "{}\n{exported}", imported.unwrap_err());
        let imported = imported.unwrap().contents;
        prop_assert_eq!(&imported, &contents, "{}", exported);
        prop_assert_eq!(export(&imported, "riverside"), exported);
    }
}
