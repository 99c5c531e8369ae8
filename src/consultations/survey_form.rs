//! Reading the survey form (sent without JavaScript as plain fields) into
//! answers, which then go through the same checks as the API.

use super::analysis::tally::Mark;
use super::answers::Answers;
use super::model::{Answer, Consultation, Kind};
use crate::web::forms::FormErrors;

/// Reads the survey form into answers. Fields are named after the question
/// key: `q1-w7` (a word: keep / remove / empty), `q2` (chosen option, may
/// repeat), `q2-other`, `q3-rank-4` (the rank given to value 4), `q4` (text).
pub fn from_form(c: &Consultation, fields: &[(String, String)]) -> (Answers, FormErrors) {
    let mut errors = FormErrors::new();
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
                    for (name, value) in fields {
                        let Some(option) = name.strip_prefix(&prefix) else { continue };
                        if value.is_empty() {
                            continue;
                        }
                        match (option.parse::<u32>(), value.parse::<u32>()) {
                            (Ok(o), Ok(r)) if ranked_picks.iter().any(|(rank, _)| *rank == r) => {
                                errors.add(key, format!("Give rank {r} to one value only."));
                                ranked_picks.push((r, o));
                            }
                            (Ok(o), Ok(r)) => ranked_picks.push((r, o)),
                            _ => errors.add(key, "The form could not be read. Reload the page and try again."),
                        }
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
    (Answers(out), errors)
}
