//! Reading the survey form (sent without JavaScript as plain fields) into
//! answers, which then go through the same checks as the API. What the form
//! cannot say as an answer (two values given the same rank) is kept as sent,
//! so that the page shown again with the error holds what the respondent
//! chose, never a tidied version of it.

use std::collections::BTreeMap;

use super::analysis::tally::Mark;
use super::answers::Answers;
use super::languages::Local;
use super::model::{Answer, Consultation, Kind};
use crate::web::forms::FormErrors;

/// A survey form as read.
pub struct Sent {
    pub answers: Answers,
    /// Problems the form itself shows (a rank given twice, a field that
    /// cannot be read); the answers' own checks come after.
    pub errors: FormErrors,
    /// The ranks as sent, by question key and value index.
    pub ranks: BTreeMap<String, BTreeMap<u32, u32>>,
}

/// Reads the survey form into answers. Fields are named after the question
/// key: `q1-w7` (a word: keep / remove / empty), `q2` (chosen option, may
/// repeat), `q2-other`, `q3-rank-4` (the rank given to value 4), `q4` (text).
/// `local` is the language the page was shown in: a keep/remove question
/// with its own text there is answered on that text.
pub fn from_form(c: &Consultation, fields: &[(String, String)], local: &Local<'_>) -> Sent {
    let mut errors = FormErrors::new();
    let mut ranks: BTreeMap<String, BTreeMap<u32, u32>> = BTreeMap::new();
    let mut out = Vec::new();
    for (name, _) in fields {
        let base = name.split('-').next().unwrap_or("");
        if name != crate::web::csrf::FIELD && c.question(base).is_none() {
            errors.add("answers", format!("There is no question “{base}” in this consultation."));
        }
    }
    for q in &c.questions {
        let key = q.key.as_str();
        let mut answer = Answer::default();
        let values = |suffix: &str| -> Vec<&str> {
            let name = format!("{key}{suffix}");
            fields.iter().filter(|(n, _)| *n == name).map(|(_, v)| v.as_str()).collect()
        };
        match &q.kind {
            Kind::Words { .. } => {
                answer.language = local.words_language(q).to_owned();
                let prefix = format!("{key}-w");
                for (name, value) in fields {
                    let Some(index) = name.strip_prefix(&prefix) else { continue };
                    let mark = match value.as_str() {
                        "" => continue,
                        "keep" => Mark::Keep,
                        "remove" => Mark::Remove,
                        _ => {
                            errors.add(key, "A word can be kept, removed or left with no view.");
                            continue;
                        }
                    };
                    match index.parse::<u32>() {
                        Ok(i) if answer.marks.insert(i, mark).is_some() => errors.add(key, "A word was marked twice."),
                        Ok(_) => {}
                        Err(_) => errors.add(key, "The form could not be read. Reload the page and try again."),
                    }
                }
            }
            Kind::Choice { .. } | Kind::Group => {
                for v in values("") {
                    match v.parse::<u32>() {
                        Ok(i) => answer.choices.push(i),
                        Err(_) => errors.add(key, "That is not one of the options offered."),
                    }
                }
                answer.other = values("-other").first().map(|s| s.trim().to_owned()).unwrap_or_default();
            }
            Kind::Values { ranked, .. } => {
                if *ranked {
                    let prefix = format!("{key}-rank-");
                    let mut ranked_picks: Vec<(u32, u32)> = Vec::new();
                    let mut twice: Vec<u32> = Vec::new();
                    for (name, value) in fields {
                        let Some(option) = name.strip_prefix(&prefix) else { continue };
                        if value.is_empty() {
                            continue;
                        }
                        match (option.parse::<u32>(), value.parse::<u32>()) {
                            (Ok(o), Ok(r)) => {
                                if ranked_picks.iter().any(|(rank, _)| *rank == r) && !twice.contains(&r) {
                                    twice.push(r);
                                }
                                ranked_picks.push((r, o));
                                ranks.entry(q.key.clone()).or_default().insert(o, r);
                            }
                            _ => errors.add(key, "The form could not be read. Reload the page and try again."),
                        }
                    }
                    if !twice.is_empty() {
                        twice.sort_unstable();
                        let list: Vec<String> = twice.iter().map(u32::to_string).collect();
                        let message = match list.as_slice() {
                            [one] => format!("Give rank {one} to one value only."),
                            _ => format!("Give ranks {} to one value each.", and_list(&list)),
                        };
                        errors.add(key, message);
                    }
                    ranked_picks.sort();
                    answer.picks = ranked_picks.into_iter().map(|(_, o)| o).collect();
                } else {
                    for v in values("") {
                        match v.parse::<u32>() {
                            Ok(i) => answer.picks.push(i),
                            Err(_) => errors.add(key, "That is not one of the values offered."),
                        }
                    }
                }
            }
            Kind::Text { .. } | Kind::Suggest { .. } => {
                let text = values("").first().copied().unwrap_or("");
                if !text.trim().is_empty() {
                    answer.text = text.to_owned();
                }
            }
        }
        out.push((q.key.clone(), answer));
    }
    Sent { answers: Answers(out), errors, ranks }
}

/// "1", "1 and 3", "1, 2 and 3".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
