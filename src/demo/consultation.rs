//! The demo consultation: Riverside asks what to keep of its values. It is
//! open, shows its results while open, and has a few hundred generated
//! responses so the results pages have something to show. The generator is
//! seeded, so every load gives the same figures.

use crate::consultations::analysis::tally::Mark;
use crate::consultations::answers::{self, Answers};
use crate::consultations::model::Consultation;
use crate::consultations::model::{Answer, DEFAULT_AUDIENCES, Kind, Question, Source, Visibility};
use crate::consultations::questions::framework_text;
use crate::consultations::store::{self, Settings};
use crate::consultations::themes::suggest;
use crate::consultations::words::SplitRule;
use crate::consultations::{report, theme_store};
use crate::orgs::model;
use crate::storage::{Db, now};

/// How many responses the demo generates.
pub const RESPONSES: usize = 320;

/// A small deterministic generator (a linear congruential one is plenty here).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn q(key: &str, prompt: &str, required: bool, kind: Kind) -> Question {
    Question { key: key.to_owned(), prompt: prompt.to_owned(), help: String::new(), required, kind }
}

/// Adds the consultation to Riverside (which must have published values).
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let Some(org) = model::by_slug(db, "riverside").await? else { return Ok(()) };
    let Some(version) = crate::values::store::current(db, org.id).await.map_err(|e| anyhow::anyhow!("{e}"))? else {
        return Ok(());
    };
    let framework = &version.content;
    let value_names: Vec<String> = framework.values.iter().map(|v| v.name.clone()).collect();
    let questions = vec![
        q("q1", "Which of us are you?", true, Kind::Group),
        q(
            "q2",
            "Here are our values. Mark the words we should keep and the ones we could do without.",
            false,
            Kind::Words {
                source: Source::Values,
                text: framework_text(Source::Values, framework),
                phrases: vec![],
                fillers: vec![
                    "and".to_owned(),
                    "the".to_owned(),
                    "we".to_owned(),
                    "to".to_owned(),
                    "a".to_owned(),
                    "of".to_owned(),
                ],
                min_marks: 0,
                max_marks: 0,
                rule: SplitRule::NEWEST,
            },
        ),
        q(
            "q3",
            "Which three values matter most to you? Put them in order.",
            false,
            Kind::Values { options: value_names.clone(), max_picks: 3, ranked: true },
        ),
        q(
            "q4",
            "How well do you think we live our values today?",
            false,
            Kind::Choice {
                options: vec![
                    "Very well".to_owned(),
                    "Quite well".to_owned(),
                    "Not very well".to_owned(),
                    "Not at all".to_owned(),
                ],
                multiple: false,
                other: false,
                prefer_not: false,
            },
        ),
        q(
            "q5",
            "Where have you seen our values in action?",
            false,
            Kind::Choice {
                options: vec![
                    "A home visit".to_owned(),
                    "A clinic".to_owned(),
                    "A phone call".to_owned(),
                    "Working with colleagues".to_owned(),
                ],
                multiple: true,
                other: true,
                prefer_not: false,
            },
        ),
        q("q6", "Is a word or value missing?", false, Kind::Suggest { limit: 80 }),
        q("q7", "Anything else you would like to tell us?", false, Kind::Text { limit: 1000 }),
        q(
            "q8",
            "How old are you?",
            false,
            Kind::Choice {
                options: vec![
                    "Under 25".to_owned(),
                    "25 to 44".to_owned(),
                    "45 to 64".to_owned(),
                    "65 or over".to_owned(),
                ],
                multiple: false,
                other: false,
                prefer_not: true,
            },
        ),
    ];
    let t = now();
    let settings = Settings {
        title: "Our values: what should we keep?".to_owned(),
        purpose: "Our values were written three years ago. Before we refresh them, we would like to hear from the people we care for, their families, our staff and our partners: which words still ring true, and which feel empty?".to_owned(),
        framework_version_id: Some(version.id),
        opens_at: t - 10 * 86_400,
        closes_at: t + 18 * 86_400,
        visibility: Visibility::PublicWhileOpen,
        audiences: DEFAULT_AUDIENCES.iter().map(|s| (*s).to_owned()).collect(),
    };
    let id = store::create(db, org.id, &settings, &questions, None).await?;
    let c = store::by_id(db, id).await?.ok_or_else(|| anyhow::anyhow!("demo consultation vanished"))?;
    store::set_open(db, &c, true, None).await?;
    let c = store::by_id(db, id).await?.ok_or_else(|| anyhow::anyhow!("demo consultation vanished"))?;
    for (label, days) in [("Survey closes", 18), ("Findings to the Board", 32), ("Implementation plan agreed", 60)] {
        store::add_milestone(db, &c, label, t + days * 86_400, None).await?;
    }
    let words = crate::consultations::words::selectable(&c.questions[1].blocks());
    let mut dice = Dice(20_261_201);
    let suggestions = ["Joy", "Curiosity", "Patience", "Fairness", "Courage", "Listening"];
    let comments = [
        "Fewer words, said more often, would help.",
        "The values are fine; living them on a busy shift is the hard part.",
        "My mum's nurses showed kindness every single visit.",
        "Please keep the promise about listening – it matters.",
        "Some of this reads like a poster, not like us.",
    ];
    let mut batch = Vec::with_capacity(RESPONSES);
    for n in 0..RESPONSES {
        let mut sent: Vec<(String, Answer)> = Vec::new();
        // Staff and patients answer most; every group has some.
        let group = [0, 0, 0, 1, 2, 2, 2, 2, 3, 4, 5, 5, 6, 7][dice.below(14) as usize];
        sent.push(("q1".to_owned(), Answer { choices: vec![group], ..Answer::default() }));
        let mut marks = std::collections::BTreeMap::new();
        for (i, (index, _)) in words.iter().enumerate() {
            // Earlier words are kept more; a few words divide opinion.
            let roll = dice.below(100);
            let keep_bar = 45 - (i as u64 % 7) * 5;
            if roll < keep_bar {
                marks.insert(*index, Mark::Keep);
            } else if roll < keep_bar + 10 + (i as u64 % 5) * 6 {
                marks.insert(*index, Mark::Remove);
            }
        }
        sent.push(("q2".to_owned(), Answer { marks, ..Answer::default() }));
        if !value_names.is_empty() {
            let mut picks = Vec::new();
            while picks.len() < 3.min(value_names.len()) {
                let p = dice.below(value_names.len() as u64) as u32;
                if !picks.contains(&p) {
                    picks.push(p);
                }
            }
            sent.push(("q3".to_owned(), Answer { picks, ..Answer::default() }));
        }
        sent.push((
            "q4".to_owned(),
            Answer { choices: vec![dice.below(4).min(dice.below(4)) as u32], ..Answer::default() },
        ));
        let place = dice.below(5) as u32;
        let other = if place == 4 { "At a community event".to_owned() } else { String::new() };
        sent.push(("q5".to_owned(), Answer { choices: vec![place], other, ..Answer::default() }));
        if n % 4 == 0 {
            sent.push((
                "q6".to_owned(),
                Answer { text: suggestions[dice.below(6) as usize].to_owned(), ..Answer::default() },
            ));
        }
        if n % 5 == 0 {
            sent.push((
                "q7".to_owned(),
                Answer { text: comments[dice.below(5) as usize].to_owned(), ..Answer::default() },
            ));
        }
        sent.push(("q8".to_owned(), Answer { choices: vec![dice.below(5) as u32], ..Answer::default() }));
        let mut valid =
            answers::validate(&c, Answers(sent)).map_err(|e| anyhow::anyhow!("demo response {n}: {:?}", e.list))?;
        // About half the staff signed in first, so results show verified
        // staff. They stand for staff without demo accounts, so no per-person
        // record is made for them.
        valid.verified_staff = group == 2 && n % 2 == 0;
        batch.push((format!("demo-{n}"), valid));
    }
    store::submit_many(db, &c, &batch).await?;
    spread_over_days(db, c.id).await?;
    themes_and_recommendations(db, &c).await
}

/// Dates the generated responses over the ten days the demo consultation has
/// been open, so that "responses per day" has a shape to show.
async fn spread_over_days(db: &Db, consultation_id: i64) -> anyhow::Result<()> {
    let sql = "UPDATE consultation_responses \
               SET created_at = created_at - (((id * id) % 97) / 10) * 86400 - (id % 9) * 3600, \
                   updated_at = created_at - (((id * id) % 97) / 10) * 86400 - (id % 9) * 3600 \
               WHERE consultation_id = $1";
    crate::on_db!(db, pool => sqlx::query(sql).bind(consultation_id).execute(pool).await.map(|_| ()))?;
    store::recount_days(db, consultation_id).await?;
    Ok(())
}

/// A theme promoted from the suggestions, with one quote, and the editors'
/// draft recommendations, so the Board report shows every part.
async fn themes_and_recommendations(db: &Db, c: &Consultation) -> anyhow::Result<()> {
    let answers: Vec<(i64, String)> = store::responses(db, c.id)
        .await?
        .into_iter()
        .filter_map(|r| r.answers.into_iter().find(|(k, _, _)| k == "q7").map(|(_, a, _)| (r.id, a.text)))
        .collect();
    if let Some(first) = suggest(&answers).into_iter().next() {
        let theme = theme_store::create(db, c, "q7", &first.phrase, &first.phrase, &first.responses, None).await?;
        if let (Some(t), Some(quoted)) = (theme_store::theme(db, c, theme).await?, first.responses.first()) {
            theme_store::set_tag(db, c, &t, *quoted, "quote", None).await?;
        }
    }
    let text = "Keep the words people told us they see in practice, and test any new word with staff and patients before it goes to the Board.\n\nShorten the values so each fits on a badge.";
    report::save_recommendations(db, c, text, None).await?;
    Ok(())
}
