//! Checking a response against its consultation, and what it adds to the
//! running tallies. The form and the API both come through here, so they
//! accept and refuse exactly the same things.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::analysis::tally::Mark;
use super::model::{Answer, Consultation, Kind, MAX_OTHER, PREFER_NOT, has_personal_data};
use super::words;
use crate::web::forms::FormErrors;

/// Answers by question key, in the order sent, duplicates kept (so that
/// they can be refused rather than silently overwritten).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Answers(pub Vec<(String, Answer)>);

impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Answers, D::Error> {
        struct Each;
        impl<'de> Visitor<'de> for Each {
            type Value = Answers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of answers by question key")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Answers, A::Error> {
                let mut out = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Answer>()? {
                    out.push((key, value));
                }
                Ok(Answers(out))
            }
        }
        deserializer.deserialize_map(Each)
    }
}

/// A response that passed every check.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Valid {
    /// (question key, answer, looks like personal data), in question order.
    pub answers: Vec<(String, Answer, bool)>,
    /// The respondent group ('' when not given).
    pub group: String,
    /// Answered by a signed-in member of the organisation (set by the
    /// caller, never by what the respondent sent).
    pub verified_staff: bool,
}

fn check_one(c: &Consultation, key: &str, answer: &Answer, errors: &mut FormErrors) {
    let Some(question) = c.question(key) else { return };
    let only = |errors: &mut FormErrors, ok: bool, what: &str| {
        if !ok {
            errors.add(key, format!("This question takes {what} only."));
        }
    };
    if !answer.language.is_empty() && !matches!(question.kind, Kind::Words { .. }) {
        errors.add(key, "Only a keep or remove question is answered in a language of its own.");
    }
    match &question.kind {
        Kind::Words { min_marks, max_marks, .. } => {
            only(
                errors,
                answer.choices.is_empty()
                    && answer.picks.is_empty()
                    && answer.text.is_empty()
                    && answer.other.is_empty(),
                "marks on words",
            );
            let selectable = c.markable.of(key, &answer.language, || {
                let blocks = super::languages::word_blocks(c, question, &answer.language)?;
                Some(words::selectable(&blocks).into_iter().map(|(i, _)| i).collect())
            });
            let Some(selectable) = selectable else {
                errors.add(key, format!("“{}” has no text in the language “{}”.", question.prompt, answer.language));
                return;
            };
            if let Some(bad) = answer.marks.keys().find(|i| !selectable.contains(i)) {
                errors.add(key, format!("Word {bad} is not one of the words you can mark in “{}”.", question.prompt));
            }
            let n = answer.marks.len() as u32;
            if n > 0 && n < *min_marks {
                errors.add(key, format!("Mark at least {min_marks} words (you marked {n})."));
            }
            if *max_marks > 0 && n > *max_marks {
                errors.add(key, format!("Mark no more than {max_marks} words (you marked {n})."));
            }
        }
        Kind::Choice { multiple, prefer_not, .. } => {
            only(errors, answer.marks.is_empty() && answer.picks.is_empty() && answer.text.is_empty(), "a choice");
            let shown = question.choices(&c.audiences).len() as u32;
            check_choices(key, &answer.choices, shown, *multiple, errors);
            let other = question.other_index();
            if !answer.other.is_empty() && other.is_none_or(|o| !answer.choices.contains(&o)) {
                errors.add(key, "Choose “Other” as well as saying what it is, or clear the text.");
            }
            if answer.other.chars().count() > MAX_OTHER {
                errors.add(key, format!("Keep “other” to {MAX_OTHER} characters."));
            }
            if *prefer_not && answer.choices.len() > 1 && answer.choices.contains(&(shown - 1)) {
                errors.add(key, "“Prefer not to say” cannot be chosen with other options.");
            }
        }
        Kind::Group => {
            only(
                errors,
                answer.marks.is_empty() && answer.picks.is_empty() && answer.text.is_empty() && answer.other.is_empty(),
                "a choice",
            );
            check_choices(key, &answer.choices, question.choices(&c.audiences).len() as u32, false, errors);
        }
        Kind::Values { options, max_picks, .. } => {
            only(
                errors,
                answer.marks.is_empty()
                    && answer.choices.is_empty()
                    && answer.text.is_empty()
                    && answer.other.is_empty(),
                "picked values",
            );
            let distinct: BTreeSet<u32> = answer.picks.iter().copied().collect();
            if distinct.len() != answer.picks.len() {
                errors.add(key, "Pick each value once.");
            }
            if answer.picks.iter().any(|p| *p as usize >= options.len()) {
                errors.add(key, "That is not one of the values offered.");
            }
            if answer.picks.len() > *max_picks as usize {
                errors.add(key, format!("Pick no more than {max_picks} values."));
            }
        }
        Kind::Text { .. } | Kind::Suggest { .. } => {
            only(
                errors,
                answer.marks.is_empty()
                    && answer.choices.is_empty()
                    && answer.picks.is_empty()
                    && answer.other.is_empty(),
                "text",
            );
            let n = answer.text.chars().count();
            if n > question.limit() {
                errors.add(key, format!("Keep your answer to {} characters (it has {n}).", question.limit()));
            }
        }
    }
}

fn check_choices(key: &str, choices: &[u32], shown: u32, multiple: bool, errors: &mut FormErrors) {
    if choices.iter().any(|c| *c >= shown) {
        errors.add(key, "That is not one of the options offered.");
    }
    let distinct: BTreeSet<u32> = choices.iter().copied().collect();
    if distinct.len() != choices.len() {
        errors.add(key, "Choose each option once.");
    }
    if !multiple && choices.len() > 1 {
        errors.add(key, "Choose one option only.");
    }
}

/// Checks every answer; on success, the answers in question order with
/// empty ones dropped and text trimmed of nothing (it is stored as written).
pub fn validate(c: &Consultation, sent: Answers) -> Result<Valid, FormErrors> {
    let mut errors = FormErrors::new();
    let mut seen: BTreeMap<String, Answer> = BTreeMap::new();
    for (key, answer) in sent.0 {
        if c.question(&key).is_none() {
            errors.add("answers", format!("There is no question “{key}” in this consultation."));
            continue;
        }
        if seen.contains_key(&key) {
            errors.add(&key, format!("Question “{key}” was answered twice; send each question once."));
            continue;
        }
        check_one(c, &key, &answer, &mut errors);
        seen.insert(key, answer);
    }
    let mut valid = Valid::default();
    for question in &c.questions {
        // A keep/remove answer with no marks is kept for its language: the
        // respondent saw that language's text.
        let answer = seen.remove(&question.key).filter(|a| !a.is_empty() || !a.language.is_empty());
        match answer {
            Some(a) if question.required && a.is_empty() => {
                errors.add(&question.key, format!("Answer “{}”.", question.prompt));
            }
            None if question.required => errors.add(&question.key, format!("Answer “{}”.", question.prompt)),
            None => {}
            Some(answer) => {
                if matches!(question.kind, Kind::Group) {
                    let shown = question.choices(&c.audiences);
                    valid.group =
                        answer.choices.first().and_then(|i| shown.get(*i as usize)).cloned().unwrap_or_default();
                }
                let flagged = has_personal_data(&answer.text) || has_personal_data(&answer.other);
                valid.answers.push((question.key.clone(), answer, flagged));
            }
        }
    }
    if errors.is_empty() { Ok(valid) } else { Err(errors) }
}

/// One running figure a response adds to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TallyKey {
    pub question: String,
    pub kind: &'static str,
    pub item: i64,
    pub position: i64,
    pub group: String,
    /// 1 for a verified staff response, else 0.
    pub verified: i64,
}

/// Every running figure a response counts in. A keep/remove question counts
/// as seen by everyone who responded, marks or not.
pub fn contributions(c: &Consultation, answers: &[(String, Answer)], group: &str, verified: bool) -> Vec<TallyKey> {
    contributions_of(c, |key| answers.iter().find(|(k, _)| k == key).map(|(_, a)| a), group, verified)
}

/// [`contributions`] with each question's answer found by `answer_to`.
pub fn contributions_of<'a>(
    c: &Consultation,
    answer_to: impl Fn(&str) -> Option<&'a Answer>,
    group: &str,
    verified: bool,
) -> Vec<TallyKey> {
    let key = |question: &str, kind: &'static str, item: i64, position: i64| TallyKey {
        question: question.to_owned(),
        kind,
        item,
        position,
        group: group.to_owned(),
        verified: i64::from(verified),
    };
    let mut out = vec![key("", "responses", 0, 0)];
    for question in &c.questions {
        let answer = answer_to(&question.key);
        let is_words = matches!(question.kind, Kind::Words { .. });
        // Marks on a translated text count apart from the English text's.
        let tallied = match answer {
            Some(a) if is_words => super::languages::tally_key(&question.key, &a.language),
            _ => question.key.clone(),
        };
        if is_words || answer.is_some() {
            out.push(key(&tallied, "answered", 0, 0));
        }
        let Some(answer) = answer else { continue };
        for (index, mark) in &answer.marks {
            let kind = if *mark == Mark::Keep { "keep" } else { "remove" };
            out.push(key(&tallied, kind, i64::from(*index), 0));
        }
        for choice in &answer.choices {
            out.push(key(&question.key, "option", i64::from(*choice), 0));
        }
        let ranked = matches!(question.kind, Kind::Values { ranked: true, .. });
        for (rank, pick) in answer.picks.iter().enumerate() {
            let position = if ranked { rank as i64 + 1 } else { 0 };
            out.push(key(&question.key, "option", i64::from(*pick), position));
        }
    }
    out
}

/// The changes to the running figures when a response goes from `old` to
/// `new`, sorted (every writer touches rows in the same order, so two
/// transactions never wait on each other in a circle).
pub fn deltas(old: Vec<TallyKey>, new: Vec<TallyKey>) -> Vec<(TallyKey, i64)> {
    let mut sum: BTreeMap<TallyKey, i64> = BTreeMap::new();
    for k in old {
        *sum.entry(k).or_default() -= 1;
    }
    for k in new {
        *sum.entry(k).or_default() += 1;
    }
    sum.into_iter().filter(|(_, n)| *n != 0).collect()
}

/// The group label "Prefer not to say" is a group like the others.
pub fn is_prefer_not(group: &str) -> bool {
    group == PREFER_NOT
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultations::model::{Question, Source, Visibility};

    fn consultation() -> Consultation {
        let q = |key: &str, required: bool, kind: Kind| Question {
            key: key.to_owned(),
            prompt: format!("Question {key}"),
            help: String::new(),
            required,
            kind,
        };
        Consultation {
            id: 1,
            org_id: 1,
            title: "Our values".to_owned(),
            purpose: String::new(),
            framework_version_id: None,
            opens_at: 0,
            closes_at: i64::MAX,
            published_at: Some(0),
            closed_at: None,
            visibility: Visibility::PublicWhileOpen,
            audiences: vec!["Staff".to_owned(), "Patient".to_owned()],
            questions: vec![
                q(
                    "q1",
                    false,
                    Kind::Words {
                        source: Source::Pasted,
                        text: "Kind, open and brave".to_owned(),
                        phrases: vec![],
                        fillers: vec!["and".to_owned()],
                        min_marks: 0,
                        max_marks: 2,
                        rule: crate::consultations::words::SplitRule::NEWEST,
                    },
                ),
                q(
                    "q2",
                    false,
                    Kind::Choice {
                        options: vec!["Yes".to_owned(), "No".to_owned()],
                        multiple: false,
                        other: true,
                        prefer_not: false,
                    },
                ),
                q(
                    "q3",
                    false,
                    Kind::Values {
                        options: vec!["Kind".to_owned(), "Open".to_owned(), "Brave".to_owned()],
                        max_picks: 2,
                        ranked: true,
                    },
                ),
                q("q4", false, Kind::Text { limit: 10 }),
                q("q5", true, Kind::Group),
            ],
            translations: Default::default(),
            revision: 1,
            markable: Default::default(),
        }
    }

    fn json(text: &str) -> Answers {
        serde_json::from_str(text).unwrap()
    }

    fn messages(result: Result<Valid, FormErrors>) -> Vec<String> {
        result.unwrap_err().list.into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn a_complete_response_is_accepted_with_its_group() {
        let valid = validate(&consultation(), json(r#"{"q1":{"marks":{"0":"keep","3":"remove"}},"q2":{"choices":[2],"other":"Maybe"},"q3":{"picks":[2,0]},"q4":{"text":"Be kind"},"q5":{"choices":[1]}}"#)).unwrap();
        assert_eq!(valid.group, "Patient");
        assert_eq!(valid.answers.len(), 5);
    }

    #[test]
    fn unknown_questions_words_and_duplicates_are_refused_with_a_reason() {
        let c = consultation();
        assert!(
            messages(validate(&c, json(r#"{"q9":{"text":"x"},"q5":{"choices":[0]}}"#)))[0].contains("no question “q9”")
        );
        assert!(
            messages(validate(&c, json(r#"{"q1":{"marks":{"99":"keep"}},"q5":{"choices":[0]}}"#)))[0]
                .contains("Word 99")
        );
        // A filler word cannot be marked.
        assert!(
            messages(validate(&c, json(r#"{"q1":{"marks":{"2":"keep"}},"q5":{"choices":[0]}}"#)))[0].contains("Word 2")
        );
        assert!(messages(validate(&c, json(r#"{"q5":{"choices":[0]},"q5":{"choices":[1]}}"#)))[0].contains("twice"));
    }

    #[test]
    fn limits_on_marks_picks_choices_and_text_are_kept() {
        let c = consultation();
        let m = messages(validate(
            &c,
            json(
                r#"{"q1":{"marks":{"0":"keep","1":"keep","3":"keep"}},"q2":{"choices":[0,1]},"q3":{"picks":[0,1,2]},"q4":{"text":"far too long here"},"q5":{"choices":[7]}}"#,
            ),
        ));
        assert_eq!(m.len(), 5, "{m:?}");
        assert!(m.iter().any(|s| s.contains("no more than 2 words")));
        assert!(m.iter().any(|s| s.contains("Choose one option only")));
        assert!(m.iter().any(|s| s.contains("no more than 2 values")));
        assert!(m.iter().any(|s| s.contains("10 characters")));
    }

    #[test]
    fn a_required_question_left_out_is_named() {
        assert_eq!(messages(validate(&consultation(), json("{}"))), ["Answer “Question q5”."]);
    }

    #[test]
    fn changing_a_response_moves_only_the_figures_that_changed() {
        let c = consultation();
        let a = validate(&c, json(r#"{"q1":{"marks":{"0":"keep"}},"q5":{"choices":[0]}}"#)).unwrap();
        let b = validate(&c, json(r#"{"q1":{"marks":{"0":"remove"}},"q5":{"choices":[0]}}"#)).unwrap();
        let strip = |v: &Valid| v.answers.iter().map(|(k, a, _)| (k.clone(), a.clone())).collect::<Vec<_>>();
        let d = deltas(contributions(&c, &strip(&a), &a.group, false), contributions(&c, &strip(&b), &b.group, false));
        let shown: Vec<(&str, i64, i64)> = d.iter().map(|(k, n)| (k.kind, k.item, *n)).collect();
        assert_eq!(shown, [("keep", 0, -1), ("remove", 0, 1)]);
    }
}
