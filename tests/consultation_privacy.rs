//! A property test of the "fewer than 5" rule: random consultations (random
//! groups and sizes, random answers to every kind of question), read under
//! every filter through the results page, the results API, the words CSV
//! and the Board report, never show a count of 1 to 4 people, and never
//! offer a group of 1 to 4 as a filter or name it beside a written answer.

mod common;

use common::consultations::{Settings, add_questions, create_consultation, publish, respond_by_api};
use common::{Api, TestApp, Visitor};
use proptest::prelude::*;
use serde_json::{Value, json};

const GROUPS: [&str; 4] = ["Staff", "Patient", "Alumni", "Partner"];
const TEXT: &str = "We listen and we care";

/// One respondent: their group (index), marks on the five words (0 none,
/// 1 keep, 2 remove), their age option and two ranked picks.
#[derive(Clone, Debug)]
struct Respondent {
    group: usize,
    marks: [u8; 5],
    age: u32,
    first: u32,
}

fn respondent(groups: usize) -> impl Strategy<Value = Respondent> {
    (0..groups, prop::array::uniform5(0u8..3), 0u32..3, 0u32..3).prop_map(|(group, marks, age, first)| Respondent {
        group,
        marks,
        age,
        first,
    })
}

/// Two to four groups, each of 0 to 12 people (so that groups of 1 to 4,
/// and breakdowns of 1 to 4, come up often), answering at random.
fn consultation() -> impl Strategy<Value = (usize, Vec<Respondent>)> {
    (2usize..=4).prop_flat_map(|groups| (Just(groups), prop::collection::vec(respondent(groups), 1..40)))
}

/// Tokens of a text that are a count of 1 to 4 on their own: "3", "(2)",
/// "4," — but not "0.4", "+0.25", "14" or "3%".
fn small_counts(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "()“”\":;,–/".contains(c))
        .filter(|t| matches!(*t, "1" | "2" | "3" | "4"))
        .map(str::to_owned)
        .collect()
}

/// The Board report's text with the numbers that are not counts of people
/// (dates, page numbers, the Borda formula, the key's "net 0.71 to 1")
/// taken out.
fn report_counts(text: &str) -> Vec<String> {
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        let before = if i > 0 { words[i - 1] } else { "" };
        let date = months.iter().any(|m| next.starts_with(m));
        let page = before == "Page"
            || before == "of" && words.get(i.wrapping_sub(2)).is_some_and(|w| w.parse::<u32>().is_ok());
        let formula = before == "+" || next == "+" || before == "to" || next == "to";
        if !date && !page && !formula {
            out.extend(small_counts(w));
        }
    }
    out
}

/// Integers 1 to 4 anywhere in the results JSON but ids and word positions.
fn json_counts(value: &Value, key: &str, out: &mut Vec<String>) {
    match value {
        Value::Number(n)
            if !matches!(key, "consultation_id" | "index" | "min")
                && n.as_u64().is_some_and(|n| (1..=4).contains(&n)) =>
        {
            out.push(format!("{key}: {n}"));
        }
        Value::Array(items) => items.iter().for_each(|v| json_counts(v, key, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| json_counts(v, k, out)),
        _ => {}
    }
}

fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("the report parses as a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

const FIGURES: &str =
    "td, .lede, #verified-summary, #group option, .result > p, .top-words li, .heat, .differ-most li, #group-hidden";

async fn check(app: &TestApp, editor: &Visitor, id: i64, sizes: &[usize]) {
    let mut filters: Vec<String> = vec![String::new(), "verified_staff".into()];
    filters.extend(GROUPS.iter().take(sizes.len()).map(|g| (*g).to_owned()));
    let small: Vec<&str> = GROUPS.iter().zip(sizes).filter(|(_, n)| (1..=4).contains(*n)).map(|(g, _)| *g).collect();
    let public = app.visitor();
    for filter in &filters {
        let query = format!("?group={filter}");
        for (who, visitor) in [("public", &public), ("editor", editor)] {
            let page = visitor.get(&format!("/o/riverside/c/{id}/results{query}")).await;
            assert_eq!(page.status, 200);
            for text in page.texts(FIGURES) {
                assert!(small_counts(&text).is_empty(), "{who} results{query}: {text:?}");
            }
            for option in page.texts("#group option") {
                assert!(!small.iter().any(|g| option.starts_with(g)), "{who} may choose {option:?} ({sizes:?})");
            }
            for hint in page.texts(".answer .hint") {
                assert!(!small.iter().any(|g| hint.contains(g)), "{who} results{query} names a small group: {hint}");
            }
        }
        let api = Api::new(app, None).get(&format!("/api/v1/consultations/{id}/results{query}")).await;
        let mut found = Vec::new();
        json_counts(&api.json(), "", &mut found);
        assert!(found.is_empty(), "API results{query}: {found:?}");
        let csv = public.get(&format!("/o/riverside/c/{id}/words.csv{query}")).await;
        for line in csv.text.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            // question and index are not counts.
            let figures = cells.iter().enumerate().filter(|(i, _)| *i != 1 && *i != 2).map(|(_, c)| *c);
            for cell in figures {
                assert!(small_counts(cell).is_empty(), "words.csv{query}: {line}");
            }
        }
    }
    let report = editor.client.get(format!("{}/o/riverside/c/{id}/report.pdf", editor.base)).send().await.unwrap();
    assert_eq!(report.status(), 200);
    let text = pdf_text(&report.bytes().await.unwrap());
    let found = report_counts(&text);
    assert!(found.is_empty(), "Board report ({sizes:?}): {found:?} in\n{text}");
}

async fn run(groups: usize, people: Vec<Respondent>) {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let audiences = GROUPS[..groups].join("\n");
    let settings = Settings { visibility: "public_while_open", audiences: &audiences, ..Settings::open("Random") };
    let id = create_consultation(&mut editor, &settings).await;
    let questions: [&[(&str, &str)]; 6] = [
        &[("kind", "words"), ("prompt", "Mark the words"), ("source", "pasted"), ("text", TEXT)],
        &[("kind", "equality"), ("prompt", "Your age"), ("options", "Younger\nOlder")],
        &[("kind", "several"), ("prompt", "Where do you work"), ("options", "Wards\nClinics\nHome")],
        &[
            ("kind", "values"),
            ("prompt", "Put these in order"),
            ("options", "Gentle\nHonest\nCurious"),
            ("max_picks", "2"),
            ("ranked", "yes"),
        ],
        &[("kind", "text"), ("prompt", "Anything else"), ("limit", "200")],
        &[("kind", "group"), ("prompt", "Which group are you in")],
    ];
    add_questions(&mut editor, id, &questions).await;
    publish(&mut editor, id).await;
    let words = Api::new(&app, None).get(&format!("/api/v1/consultations/{id}")).await.json();
    let indices: Vec<u64> =
        words["questions"][0]["words"].as_array().unwrap().iter().map(|w| w["index"].as_u64().unwrap()).collect();
    let mut sizes = vec![0usize; groups];
    for p in &people {
        sizes[p.group] += 1;
        let marks: serde_json::Map<String, Value> = indices
            .iter()
            .zip(p.marks)
            .filter(|(_, m)| *m > 0)
            .map(|(i, m)| (i.to_string(), json!(if m == 1 { "keep" } else { "remove" })))
            .collect();
        let answers = json!({
            "q1": {"marks": marks},
            "q2": {"choices": [p.age]},
            "q3": {"choices": if p.first == 0 { vec![p.age] } else { vec![p.age, (p.age + p.first) % 3] }},
            "q4": {"picks": [p.first, (p.first + 1) % 3]},
            "q5": {"text": format!("Written by someone in {}", GROUPS[p.group])},
            "q6": {"choices": [p.group]}
        });
        respond_by_api(&app, id, answers).await;
    }
    check(&app, &editor, id, &sizes).await;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_output_under_any_filter_shows_a_count_of_one_to_four_people((groups, people) in consultation()) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(run(groups, people));
    }
}

#[test]
fn the_checks_catch_what_they_look_for() {
    assert_eq!(small_counts("Seen by 3 people"), ["3"]);
    assert_eq!(small_counts("Under 25: 1 (6%)"), ["1"]);
    assert!(small_counts("+0.25 14 3% 0.4 fewer than 5").is_empty());
    assert_eq!(report_counts("Page 1 of 2 · 4 Dec 2026 · Staff 3 · N − p + 1 points · (net 0.71 to 1)"), ["3"]);
    let mut found = Vec::new();
    json_counts(&json!({"consultation_id": 3, "saw": 4, "value": {"count": 12}}), "", &mut found);
    assert_eq!(found, ["saw: 4"]);
}
