//! The question builder's form: one form for every question type, checked
//! into a [`Question`].

use serde::Deserialize;

use super::builder::source_label;
use super::model::{Kind, Question, Source};
use super::words::{self, Adjust, SplitRule};
use crate::values::model::{Framework, lines};
use crate::web::forms::FormErrors;

/// Longest text a keep/remove question may ask about, in characters.
pub const MAX_WORDS_TEXT: usize = 5000;
/// Most words in one keep/remove question.
pub const MAX_WORDS: usize = 400;

/// The "add a question" form as submitted.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub required: Option<String>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub phrases: String,
    #[serde(default)]
    pub fillers: String,
    #[serde(default)]
    pub min_marks: String,
    #[serde(default)]
    pub max_marks: String,
    #[serde(default)]
    pub options: String,
    #[serde(default)]
    pub other: Option<String>,
    #[serde(default)]
    pub max_picks: String,
    #[serde(default)]
    pub ranked: Option<String>,
    #[serde(default)]
    pub limit: String,
    /// Sent by "Show the text that will be asked about": check and show the
    /// question, save nothing.
    #[serde(default)]
    pub preview: Option<String>,
}

/// The question types the builder offers: (value, label).
pub const KINDS: [(&str, &str); 8] = [
    ("words", "Keep or remove words"),
    ("one", "Choose one"),
    ("several", "Choose several"),
    ("values", "Which values matter most"),
    ("text", "Free text"),
    ("suggest", "Suggest a missing word or value"),
    ("group", "Respondent group"),
    ("equality", "Equality monitoring (with “prefer not to say”)"),
];

/// A whole number from 0 to `max` typed into `field`; `default` when empty.
pub fn number(errors: &mut FormErrors, field: &str, value: &str, default: u32, max: u32, what: &str) -> u32 {
    let value = value.trim();
    if value.is_empty() {
        return default;
    }
    match value.parse::<u32>() {
        Ok(n) if n <= max => n,
        _ => {
            errors.add(field, format!("Enter {what} as a whole number from 0 to {max}"));
            default
        }
    }
}

/// The framework text a keep/remove question asks about.
pub fn framework_text(source: Source, framework: &Framework) -> String {
    match source {
        Source::Values => framework
            .values
            .iter()
            .map(
                |v| if v.promise.is_empty() { format!("- {}", v.name) } else { format!("- {}: {}", v.name, v.promise) },
            )
            .collect::<Vec<_>>()
            .join("\n"),
        Source::Vision => framework.vision.statement.clone(),
        Source::Mission => framework.mission.clone(),
        Source::Pasted => String::new(),
    }
}

/// Checks a keep/remove text as adjusted: not too long, and with between
/// one and [`MAX_WORDS`] words to mark.
pub fn check_text(text: &str, how: Adjust<'_>) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("Enter the text to ask about".to_owned());
    }
    if text.chars().count() > MAX_WORDS_TEXT {
        return Err(format!("Keep the text to {MAX_WORDS_TEXT} characters"));
    }
    let count = words::selectable(&words::split(text, how)).len();
    if count == 0 {
        Err("The text has no words to mark".to_owned())
    } else if count > MAX_WORDS {
        Err(format!("The text has {count} words to mark; keep it to {MAX_WORDS}"))
    } else {
        Ok(())
    }
}

/// Checks the least and most marks (0 most: no limit).
pub fn check_limits(min_marks: u32, max_marks: u32) -> Result<(), String> {
    if max_marks > 0 && min_marks > max_marks {
        Err("The most marks must not be fewer than the least".to_owned())
    } else {
        Ok(())
    }
}

/// Checks the form; the question gets `key`.
pub fn build(form: &QuestionForm, key: String, framework: Option<&Framework>) -> Result<Question, FormErrors> {
    let mut errors = FormErrors::new();
    let prompt = form.prompt.trim().to_owned();
    if prompt.is_empty() {
        errors.add("prompt", "Enter the question");
    } else if prompt.chars().count() > 300 {
        errors.add("prompt", "Keep the question to 300 characters");
    }
    let options = lines(&form.options);
    let need_options = |errors: &mut FormErrors, options: &[String]| {
        if options.len() < 2 {
            errors.add("options", "Enter at least two options, one a line");
        } else if options.len() > 30 || options.iter().any(|o| o.chars().count() > 200) {
            errors.add("options", "Enter up to 30 options of up to 200 characters each");
        }
    };
    let kind = match form.kind.as_str() {
        "words" => {
            let source = match form.source.as_str() {
                "values" => Source::Values,
                "vision" => Source::Vision,
                "mission" => Source::Mission,
                _ => Source::Pasted,
            };
            let text = match (source, framework) {
                (Source::Pasted, _) => form.text.trim().to_owned(),
                (s, Some(f)) => framework_text(s, f),
                (_, None) => String::new(),
            };
            let phrases = lines(&form.phrases);
            let fillers: Vec<String> =
                form.fillers.split([',', '\n']).map(|w| w.trim().to_owned()).filter(|w| !w.is_empty()).collect();
            let min_marks = number(&mut errors, "min_marks", &form.min_marks, 0, 400, "the least number of marks");
            let max_marks = number(&mut errors, "max_marks", &form.max_marks, 0, 400, "the most marks");
            if text.is_empty() {
                let field = if source == Source::Pasted { "text" } else { "source" };
                errors.add(
                    field,
                    format!("There is no text in {}: publish it first or paste a text", source_label(source)),
                );
            } else if let Err(message) =
                check_text(&text, Adjust { phrases: &phrases, fillers: &fillers, rule: SplitRule::NEWEST })
            {
                errors.add("text", message);
            }
            if let Err(message) = check_limits(min_marks, max_marks) {
                errors.add("max_marks", message);
            }
            Kind::Words { source, text, phrases, fillers, min_marks, max_marks, rule: SplitRule::NEWEST }
        }
        "one" | "several" | "equality" => {
            need_options(&mut errors, &options);
            Kind::Choice {
                options,
                multiple: form.kind == "several",
                other: form.other.is_some(),
                prefer_not: form.kind == "equality",
            }
        }
        "values" => {
            let options = if options.is_empty() {
                framework.map(|f| f.values.iter().map(|v| v.name.clone()).collect()).unwrap_or_default()
            } else {
                options
            };
            need_options(&mut errors, &options);
            let max_picks = number(&mut errors, "max_picks", &form.max_picks, 3, 30, "how many to pick").max(1);
            Kind::Values { options, max_picks, ranked: form.ranked.is_some() }
        }
        "text" => {
            Kind::Text { limit: number(&mut errors, "limit", &form.limit, 1000, 5000, "the character limit").max(1) }
        }
        "suggest" => {
            Kind::Suggest { limit: number(&mut errors, "limit", &form.limit, 80, 5000, "the character limit").max(1) }
        }
        "group" => Kind::Group,
        _ => {
            errors.add("kind", "Choose the type of question");
            Kind::Group
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let required = form.required.is_some() && form.kind != "equality";
    Ok(Question { key, prompt, help: form.help.trim().to_owned(), required, kind })
}

/// A line about a question for the builder's list.
pub fn describe(q: &Question, audiences: &[String]) -> String {
    let required = if q.required { "required" } else { "optional" };
    let detail = match &q.kind {
        Kind::Words { source, text, phrases, fillers, rule, .. } => {
            let n = words::selectable(&words::split(text, Adjust { phrases, fillers, rule: *rule })).len();
            format!("{n} words from {}", source_label(*source))
        }
        Kind::Values { options, max_picks, .. } => format!("up to {max_picks} of {} values", options.len()),
        Kind::Text { limit } | Kind::Suggest { limit } => format!("up to {limit} characters"),
        _ => q.choices(audiences).join(" · "),
    };
    format!("{} – {detail}, {required}", q.type_label())
}
