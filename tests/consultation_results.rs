//! Results as people read them: figures that follow the filter, "fewer than
//! 5" under every filter, groups side by side, the most removed words by
//! net score, and safe CSV downloads.

mod common;

use common::results::{TEXT, answer, story, survey, word_index};
use common::{Api, TestApp, Visitor};
use reqwest::StatusCode;

/// The bytes of a download, as a spreadsheet would open them.
async fn download(visitor: &Visitor, path: &str) -> (StatusCode, Vec<u8>) {
    let response = visitor.client.get(format!("{}{path}", visitor.base)).send().await.unwrap();
    (response.status(), response.bytes().await.unwrap().to_vec())
}

fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn a_formula_sent_as_an_answer_comes_out_of_the_responses_csv_as_text() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    let warmly = word_index(&app, id, "warmly").await;
    for text in ["=HYPERLINK(\"http://x\",\"click\")", "=1+1", "@SUM(A1)", "-2+3", "kind words"] {
        common::consultations::respond_by_api(&app, id, answer(warmly, 0, Some("keep"), 0, text)).await;
    }
    let (status, bytes) = download(&editor, &format!("/o/riverside/c/{id}/responses.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "Excel needs the byte order mark to read UTF-8");
    let table = rows(&bytes);
    let column = table[0].iter().position(|h| h.starts_with("q4 ")).unwrap();
    let written: Vec<&str> = table[1..].iter().map(|r| r[column].as_str()).collect();
    assert_eq!(written, ["'=HYPERLINK(\"http://x\",\"click\")", "'=1+1", "'@SUM(A1)", "'-2+3", "kind words"]);
    let (_, plain) = download(&editor, &format!("/o/riverside/c/{id}/responses.csv?bom=0")).await;
    assert!(plain.starts_with(b"response,"), "?bom=0 leaves the mark out");
}

#[tokio::test]
async fn the_responses_csv_has_iso_times_and_a_column_for_every_word_position() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    let warmly = word_index(&app, id, "warmly").await;
    common::consultations::respond_by_api(&app, id, answer(warmly, 0, Some("remove"), 0, "")).await;
    let (_, bytes) = download(&editor, &format!("/o/riverside/c/{id}/responses.csv")).await;
    let table = rows(&bytes);
    let (head, row) = (&table[0], &table[1]);
    let created = &row[head.iter().position(|h| h == "created").unwrap()];
    assert!(time::OffsetDateTime::parse(created, &time::format_description::well_known::Rfc3339).is_ok(), "{created}");
    assert!(created.ends_with('Z'));
    // "We" appears twice in the text: each has its own column.
    let we: Vec<&String> = head.iter().filter(|h| h.starts_with("q1 word") && h.ends_with(": we")).collect();
    assert_eq!(we.len(), 1, "{head:?}");
    let word_columns: Vec<usize> = (0..head.len()).filter(|i| head[*i].starts_with("q1 word")).collect();
    assert_eq!(word_columns.len(), TEXT.split(' ').count(), "{head:?}");
    let warmly_column = head.iter().position(|h| h.ends_with(": warmly")).unwrap();
    assert_eq!(row[warmly_column], "remove");
    assert!(word_columns.iter().filter(|c| **c != warmly_column).all(|c| row[*c].is_empty()));
}

#[tokio::test]
async fn the_words_csv_follows_the_group_keeps_formulas_inert_and_compares_groups() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    story(&app, id, "I am one of three").await;
    let (_, bytes) = download(&editor, &format!("/o/riverside/c/{id}/words.csv")).await;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let table = rows(&bytes);
    let head = &table[0];
    assert!(head.contains(&"net: Staff".to_owned()) && head.contains(&"net: Patient".to_owned()), "{head:?}");
    assert!(!head.iter().any(|h| h.contains("Alumni")), "a group of 3 is not compared: {head:?}");
    let word = head.iter().position(|h| h == "word").unwrap();
    let warmly = table.iter().find(|r| r[word] == "warmly").unwrap();
    let at = |name: &str| warmly[head.iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(
        (at("net: Staff"), at("net: Patient"), at("groups_differ")),
        ("-0.800".into(), "0.800".into(), "true".into())
    );

    let (_, staff) = download(&editor, &format!("/o/riverside/c/{id}/words.csv?group=Staff")).await;
    let staff = rows(&staff);
    let warmly = staff.iter().find(|r| r[word] == "warmly").unwrap();
    let at = |name: &str| warmly[staff[0].iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(
        (at("group"), at("saw"), at("remove"), at("net")),
        ("Staff".into(), "25".into(), "20".into(), "-0.800".into())
    );

    let (_, odd) = download(&editor, &format!("/o/riverside/c/{id}/words.csv?group=%3D1%2B1&bom=0")).await;
    let odd = rows(&odd);
    assert!(odd[1..].iter().all(|r| r[0] == "'=1+1"), "{odd:?}");
}

#[tokio::test]
async fn a_group_of_three_cannot_be_chosen_and_shows_no_count_under_its_filter() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    story(&app, id, "Only three of us answered").await;
    let public = app.visitor();
    let page = public.get(&format!("/o/riverside/c/{id}/results?group=Alumni")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text_of("#group-hidden").contains("cannot be shown"), "{}", page.text_of("main"));
    assert!(page.text_of(".lede").starts_with("fewer than 5 responses"), "{}", page.text_of(".lede"));
    let figures = page.texts("section.result:not(#who) td");
    assert!(figures.is_empty(), "no figures at all: {figures:?}");
    assert!(!page.texts("#group option").iter().any(|o| o.contains("Alumni")), "{:?}", page.texts("#group option"));
    let api = Api::new(&app, None).get(&format!("/api/v1/consultations/{id}/results?group=Alumni")).await.json();
    assert_eq!(api["respondents"]["status"], "fewer_than");
    assert!(api["questions"].as_array().unwrap().iter().all(|q| q["answered"]["status"] == "fewer_than"));

    // The editor sees the written answers, but not under the alumni's name.
    let alumni = editor.get(&format!("/o/riverside/c/{id}/results?group=Alumni")).await;
    assert!(!alumni.text.contains("Only three of us answered"));
    let everyone = editor.get(&format!("/o/riverside/c/{id}/results")).await;
    let answer = everyone.texts(".answer").into_iter().find(|a| a.contains("Only three of us")).unwrap();
    assert!(answer.contains("A group of fewer than 5") && !answer.contains("Alumni"), "{answer}");
    let who = everyone.texts("#who-responded tbody tr");
    assert!(who.contains(&"Alumni fewer than 5 0".to_owned()), "{who:?}");
    assert!(who.contains(&"Partner not shown 0".to_owned()), "5 partners would give the 3 alumni away: {who:?}");
    let choices = everyone.texts("#group option");
    assert_eq!(choices, ["Everyone", "Patient (25)", "Staff (25)"]);
}

#[tokio::test]
async fn a_small_part_of_a_breakdown_hides_the_next_smallest_so_it_cannot_be_subtracted() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    let warmly = word_index(&app, id, "warmly").await;
    // 12 staff: 10 under twenty five, 2 over. Hiding the 2 alone would
    // leave 12 − 10.
    for i in 0..12 {
        common::consultations::respond_by_api(&app, id, answer(warmly, 0, Some("keep"), u32::from(i >= 10), "")).await;
    }
    let page = app.visitor().get(&format!("/o/riverside/c/{id}/results")).await;
    let age = page.texts("#q2 tbody tr");
    assert_eq!(
        age,
        [
            "Under twenty five not shown not shown",
            "Twenty five or more fewer than 5 fewer than 5",
            "Prefer not to say 0 0%"
        ]
    );
    let api = Api::new(&app, None).get(&format!("/api/v1/consultations/{id}/results")).await.json();
    let options = &api["questions"][1]["figures"]["options"]["value"];
    assert_eq!(options[0]["count"]["status"], "withheld", "{options}");
    assert_eq!(options[1]["count"]["status"], "fewer_than", "{options}");
}

#[tokio::test]
async fn verified_staff_follow_the_group_filter() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    story(&app, id, "").await;
    let page = app.visitor().get(&format!("/o/riverside/c/{id}/results?group=Patient")).await;
    assert!(page.text_of(".lede").starts_with("25 responses from “Patient”"), "{}", page.text_of(".lede"));
    assert_eq!(
        page.text_of("#verified-summary"),
        "Verified staff (signed in before answering) in “Patient”: 0. Who responded, by group"
    );
}

#[tokio::test]
async fn groups_that_split_on_a_word_are_flagged_side_by_side_not_only_as_dividing_opinion() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    story(&app, id, "").await;
    let page = app.visitor().get(&format!("/o/riverside/c/{id}/results")).await;
    assert_eq!(page.texts("#q1-groups thead th"), ["Word", "Patient (25)", "Staff (25)", "Groups differ"]);
    let warmly = page.texts("#q1-groups tbody tr").into_iter().find(|r| r.starts_with("warmly")).unwrap();
    assert_eq!(warmly, "warmly +0.80 -0.80 Yes");
    let differ = page.texts("#q1-groups .differ-most li");
    assert_eq!(differ, ["“warmly”: Staff -0.80, Patient +0.80 (a difference of 1.60)"]);
    assert!(page.texts("#q1-groups tbody tr.compare--flagged").len() == 1);
}

/// Each word's net score in the "Every word" table of a results page.
fn nets(page: &common::Page) -> Vec<(String, String)> {
    let words = page.texts("#q1 [aria-labelledby=q1-words] tbody th");
    let nets = page.texts("#q1 [aria-labelledby=q1-words] tbody td:nth-of-type(6)");
    let mut pairs: Vec<(String, String)> = words.into_iter().zip(nets).collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn each_group_side_by_side_reads_as_that_group_s_own_results() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    let (welcome, listen) = (word_index(&app, id, "welcome").await, word_index(&app, id, "listen").await);
    // Twenty staff split on "welcome" and keep "listen"; twenty patients
    // keep "welcome" and half of them remove "listen".
    for (group, i) in (0..20).map(|i| (0, i)).chain((0..20).map(|i| (1, i))) {
        let (w, l) = if group == 0 {
            (if i < 10 { "keep" } else { "remove" }, "keep")
        } else {
            ("keep", if i < 10 { "remove" } else { "keep" })
        };
        let mut body = answer(0, group, None, 0, "");
        body["q1"]["marks"] = serde_json::json!({ welcome.to_string(): w, listen.to_string(): l });
        common::consultations::respond_by_api(&app, id, body).await;
    }
    let everyone = app.visitor().get(&format!("/o/riverside/c/{id}/results")).await;
    assert_eq!(everyone.texts("#q1-groups thead th"), ["Word", "Patient (20)", "Staff (20)", "Groups differ"]);
    let rows = everyone.texts("#q1-groups tbody tr");
    assert!(rows.contains(&"welcome +1.00 +0.00 Yes".to_owned()), "{rows:?}");
    assert!(rows.contains(&"listen +0.00 +1.00 Yes".to_owned()), "{rows:?}");
    for (column, group) in [(1, "Patient"), (2, "Staff")] {
        let own = nets(&app.visitor().get(&format!("/o/riverside/c/{id}/results?group={group}")).await);
        let words = everyone.texts("#q1-groups tbody th");
        let scores = everyone.texts(&format!("#q1-groups tbody td:nth-of-type({column})"));
        let mut side: Vec<(String, String)> = words.into_iter().zip(scores).collect();
        side.sort();
        assert_eq!(side, own, "{group}'s column against its own page");
    }
    assert_eq!(nets(&everyone).iter().find(|(w, _)| w == "listen").unwrap().1, "+0.50");
}

#[tokio::test]
async fn most_removed_words_are_ranked_by_net_score_and_leave_out_words_more_kept_than_removed() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    let warmly = word_index(&app, id, "warmly").await;
    let welcome = word_index(&app, id, "welcome").await;
    // "warmly": 12 keep, 8 remove (net +0.20); "welcome": 6 keep, 9
    // remove, 5 unmarked (net −0.15).
    for i in 0..20 {
        let mut a = answer(warmly, 0, Some(if i < 12 { "keep" } else { "remove" }), 0, "");
        a["q1"]["marks"][welcome.to_string()] = (if i < 6 { "keep" } else { "remove" }).into();
        if i >= 15 {
            a["q1"]["marks"].as_object_mut().unwrap().remove(&welcome.to_string());
        }
        common::consultations::respond_by_api(&app, id, a).await;
    }
    let page = app.visitor().get(&format!("/o/riverside/c/{id}/results")).await;
    assert_eq!(page.texts("#q1 .top-words__removed li"), ["welcome – net -0.15 (removed by 45%)"]);
    assert!(page.text_of("#q1 .top-words__removed").contains("Lowest net score first"));
    assert_eq!(page.texts("#q1 .top-words__kept li"), ["warmly – net +0.20 (kept by 60%)"]);
    let plan = editor.get(&format!("/o/riverside/c/{id}/plan")).await;
    assert_eq!(plan.texts("#most-removed li"), ["“welcome” – net -0.15, removed by 45% of those who saw it"]);
}

/// The Board report's text with the whitespace taken out (the PDF's text
/// runs are not split where a reader would split them).
async fn report_text(visitor: &Visitor, id: i64) -> String {
    let (status, bytes) = download(visitor, &format!("/o/riverside/c/{id}/report.pdf")).await;
    assert_eq!(status, StatusCode::OK);
    let doc = lopdf::Document::load_mem(&bytes).expect("the report parses as a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn the_board_report_has_every_question_the_groups_side_by_side_and_the_day_figures() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = survey(&mut editor).await;
    story(&app, id, "").await;
    let text = report_text(&editor, id).await;
    let after =
        |heading: &str| text.split_once(heading).unwrap_or_else(|| panic!("no {heading} in {text}")).1.to_owned();
    // Responses by day: one day, and its figure printed on the column.
    assert!(after("Responsesbyday").starts_with("58"), "{text}");
    // The equality monitoring question, with a chart and its figures.
    let age = after("Yourage");
    assert!(age.starts_with("Answeredby58."), "{age}");
    assert!(age.contains("Undertwentyfive") && age.contains("Preferno"), "{age}");
    // The ranking, with its chart.
    assert!(after("Puttheseinorder").contains("Gentle"), "{text}");
    // The groups side by side, with the split on "warmly" flagged.
    let groups = after("Groupssidebyside");
    assert!(groups.contains("“warmly”:Staff-0.80,Patient+0.80(adifferenceof1.60)"), "{groups}");
    assert!(groups.contains("Patient(25)Staff(25)"), "{groups}");
    // Partners and alumni are not named with figures.
    let who = after("Responsesbygroup");
    assert!(who.contains("Alumnifewerthan5") && who.contains("Partnernotshown"), "{who}");
}
