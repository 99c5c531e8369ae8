//! A consultation whose results tell a story on purpose, shared by the
//! results tests: staff remove "warmly", patients keep it, three alumni
//! answer too — too few to be shown — and five partners, who are not shown
//! either, since everyone minus staff, patients and partners would be the
//! alumni.

use serde_json::{Value, json};

use super::consultations::{self, Settings, add_questions, create_consultation, respond_by_api};
use super::{Api, TestApp, Visitor};

/// The keep/remove text of q1.
pub const TEXT: &str = "We welcome everyone warmly and we listen";

/// Riverside's editor makes a public consultation with a keep/remove
/// question (q1), an age question for equality monitoring (q2), a ranked
/// values question (q3), a written question (q4) and the group (q5).
pub async fn survey(editor: &mut Visitor) -> i64 {
    let settings = Settings {
        visibility: "public_while_open",
        audiences: "Staff\nPatient\nAlumni\nPartner",
        ..Settings::open("What we keep")
    };
    let id = create_consultation(editor, &settings).await;
    let questions: [&[(&str, &str)]; 5] = [
        &[("kind", "words"), ("prompt", "Mark the words"), ("source", "pasted"), ("text", TEXT)],
        &[("kind", "equality"), ("prompt", "Your age"), ("options", "Under twenty five\nTwenty five or more")],
        &[
            ("kind", "values"),
            ("prompt", "Put these in order"),
            ("options", "Gentle\nHonest\nCurious"),
            ("max_picks", "2"),
            ("ranked", "yes"),
        ],
        &[("kind", "text"), ("prompt", "Anything else?"), ("limit", "200")],
        &[("kind", "group"), ("prompt", "Which group are you in?")],
    ];
    add_questions(editor, id, &questions).await;
    consultations::publish(editor, id).await;
    id
}

/// The index of `word` in q1, from the API.
pub async fn word_index(app: &TestApp, id: i64, word: &str) -> u32 {
    let body = Api::new(app, None).get(&format!("/api/v1/consultations/{id}")).await.json();
    let words = body["questions"][0]["words"].as_array().expect("q1 has words").clone();
    let found = words.iter().find(|w| w["text"] == word).unwrap_or_else(|| panic!("no {word} in {words:?}"));
    u32::try_from(found["index"].as_u64().unwrap()).unwrap()
}

/// One response: `group` is the index of the group (0 Staff, 1 Patient,
/// 2 Alumni, 3 Partner), `mark` what they did with "warmly", `age` the
/// index of the age option.
pub fn answer(warmly: u32, group: u32, mark: Option<&str>, age: u32, text: &str) -> Value {
    let marks = match mark {
        Some(m) => json!({ warmly.to_string(): m }),
        None => json!({}),
    };
    json!({
        "q1": {"marks": marks},
        "q2": {"choices": [age]},
        "q3": {"picks": [group % 3, (group + 1) % 3]},
        "q4": {"text": text},
        "q5": {"choices": [group]}
    })
}

/// 25 staff (20 remove "warmly"), 25 patients (20 keep it), 3 alumni (one
/// under twenty five, who writes `alumni_text`) and 5 partners.
pub async fn story(app: &TestApp, id: i64, alumni_text: &str) {
    let warmly = word_index(app, id, "warmly").await;
    // The alumni first, so their written answers are on the first page.
    respond_by_api(app, id, answer(warmly, 2, None, 0, alumni_text)).await;
    respond_by_api(app, id, answer(warmly, 2, Some("keep"), 1, "Alumni view")).await;
    respond_by_api(app, id, answer(warmly, 2, Some("keep"), 1, "Alumni view")).await;
    for i in 0..25 {
        let mark = (i < 20).then_some("remove");
        respond_by_api(app, id, answer(warmly, 0, mark, u32::from(i % 2 == 0), "Staff view")).await;
    }
    for i in 0..25 {
        let mark = (i < 20).then_some("keep");
        respond_by_api(app, id, answer(warmly, 1, mark, u32::from(i % 3 == 0), "Patient view")).await;
    }
    for _ in 0..5 {
        respond_by_api(app, id, answer(warmly, 3, None, 1, "Partner view")).await;
    }
}
