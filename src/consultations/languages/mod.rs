//! A consultation in other languages: its title, purpose, each question's
//! prompt, help and options, a keep/remove question's own text, and the
//! survey page's labels, kept by language code in one JSON document beside
//! the questions (see `migrations/*/0018_consultation_translations.sql`).
//!
//! It works the way a framework's translations do (`values::translation`):
//! an empty text is untranslated and the survey shows the English text in
//! its place, marked "(in English)"; labels fall back to Ethos's own wording
//! in the language ([`labels`]) before English.
//!
//! A keep/remove question translated into a language is split on its own
//! (by the newest splitting rule), and its marks are tallied apart from the
//! English text's under `<key>@<code>` (e.g. `q2@cy`): word positions in
//! one language mean nothing in another. An answer says which text its
//! marks are for in [`Answer::language`](super::model::Answer).

pub mod labels;
pub mod page;
pub mod results;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{Consultation, Kind, Question};
use super::words::{self, Adjust, Block, SplitRule};
use crate::error::AppError;
use crate::values::languages::{self, Language};
use crate::values::translation::Text;

/// Translations by language code.
pub type SurveyTranslations = BTreeMap<String, SurveyTranslation>;

/// One language's translation of a consultation; empty parts are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyTranslation {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    /// By question key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub questions: BTreeMap<String, QuestionTranslation>,
    /// The survey page's own wording, by label key (see [`labels::LABELS`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// One question in another language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionTranslation {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prompt: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
    /// The options as shown (with "Other" and "Prefer not to say"), by
    /// index; "" is untranslated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// A keep/remove question's text in this language.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

impl QuestionTranslation {
    pub fn is_empty(&self) -> bool {
        *self == QuestionTranslation::default()
    }
}

/// The language of `?lang=`: English when none; 404 with the languages it
/// has for a code Ethos does not know or this consultation is not in.
pub fn language_of(query: Option<&str>, c: &Consultation) -> Result<&'static Language, AppError> {
    let Some(code) = query.map(str::trim).filter(|c| !c.is_empty()) else { return Ok(&languages::DEFAULT) };
    let language = languages::find(&code.to_ascii_lowercase())
        .ok_or_else(|| AppError::NotFoundMessage(languages::unknown(code)))?;
    if language.is_default() || c.translations.contains_key(language.code) {
        return Ok(language);
    }
    let have: Vec<String> = in_languages(c).iter().map(|l| format!("{} ({})", l.name, l.code)).collect();
    Err(AppError::NotFoundMessage(format!(
        "This consultation is not translated into {}. It can be answered in {}.",
        language.name,
        have.join(", ")
    )))
}

/// The languages the consultation can be answered in, English first.
pub fn in_languages(c: &Consultation) -> Vec<&'static Language> {
    let mut list = vec![&languages::DEFAULT];
    list.extend(languages::translations().filter(|l| c.translations.contains_key(l.code)));
    list
}

/// The consultation as shown in one language.
#[derive(Clone, Copy)]
pub struct Local<'a> {
    pub language: &'static Language,
    translation: Option<&'a SurveyTranslation>,
    /// The page says once that parts are in English (see `Text::quiet`).
    quiet: bool,
}

impl<'a> Local<'a> {
    pub fn new(c: &'a Consultation, language: &'static Language) -> Local<'a> {
        let translation = if language.is_default() { None } else { c.translations.get(language.code) };
        Local { language, translation, quiet: false }
    }

    /// The same, with its English stand-ins left to the page's notice.
    pub fn quietly(self, quiet: bool) -> Local<'a> {
        Local { quiet, ..self }
    }

    /// `own` if translated, else `english` marked as a fallback (nothing is
    /// a fallback in English, nor an empty English text).
    fn pick(&self, own: Option<&str>, english: &str) -> Text {
        match own.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) if !self.language.is_default() => Text::new(t, false),
            _ => Text::new(english, !self.language.is_default() && !english.is_empty()).quietly(self.quiet),
        }
    }

    fn question(&self, key: &str) -> Option<&'a QuestionTranslation> {
        self.translation.and_then(|t| t.questions.get(key))
    }

    pub fn title(&self, c: &Consultation) -> Text {
        self.pick(self.translation.map(|t| t.title.as_str()), &c.title)
    }

    pub fn purpose(&self, c: &Consultation) -> Text {
        self.pick(self.translation.map(|t| t.purpose.as_str()), &c.purpose)
    }

    pub fn prompt(&self, q: &Question) -> Text {
        self.pick(self.question(&q.key).map(|t| t.prompt.as_str()), &q.prompt)
    }

    pub fn help(&self, q: &Question) -> Text {
        self.pick(self.question(&q.key).map(|t| t.help.as_str()), &q.help)
    }

    /// The options as shown, each translated or in English.
    pub fn options(&self, q: &Question, audiences: &[String], labels: &labels::SurveyLabels) -> Vec<Text> {
        let own = self.question(&q.key).map(|t| t.options.as_slice()).unwrap_or_default();
        let other = q.other_index().map(|i| i as usize);
        let shown = q.choices(audiences);
        let last = shown.len().saturating_sub(1);
        let prefer_not = matches!(q.kind, Kind::Group | Kind::Choice { prefer_not: true, .. });
        shown
            .iter()
            .enumerate()
            .map(|(i, english)| {
                let built_in = if Some(i) == other {
                    labels.own("other")
                } else if prefer_not && i == last {
                    labels.own("prefer_not")
                } else {
                    None
                };
                self.pick(own.get(i).map(String::as_str).filter(|t| !t.trim().is_empty()).or(built_in), english)
            })
            .collect()
    }

    /// The code a keep/remove question is answered in here: this language's
    /// when it has its own text, else "" (the English text).
    pub fn words_language(&self, q: &Question) -> &'static str {
        match self.question(&q.key) {
            Some(t) if !t.text.trim().is_empty() && matches!(q.kind, Kind::Words { .. }) => self.language.code,
            _ => "",
        }
    }

    /// How many texts on the page are shown in English in their place.
    pub fn fallbacks(&self, c: &Consultation) -> usize {
        if self.language.is_default() {
            return 0;
        }
        let empty = labels::SurveyLabels::default();
        let questions: usize = c
            .questions
            .iter()
            .map(|q| {
                let words = matches!(q.kind, Kind::Words { .. }) && self.words_language(q).is_empty();
                usize::from(self.prompt(q).fallback)
                    + usize::from(self.help(q).fallback)
                    + self.options(q, &c.audiences, &empty).iter().filter(|o| o.fallback).count()
                    + usize::from(words)
            })
            .sum();
        usize::from(self.title(c).fallback) + usize::from(self.purpose(c).fallback) + questions
    }
}

/// The text of keep/remove question `q` in `language` ("" for English),
/// split into words, or `None` when it has no text in that language.
pub fn word_blocks(c: &Consultation, q: &Question, language: &str) -> Option<Vec<Block>> {
    if language.is_empty() {
        return Some(q.blocks());
    }
    let text = c.translations.get(language)?.questions.get(&q.key).map(|t| t.text.trim()).filter(|t| !t.is_empty())?;
    Some(words::split(text, Adjust { rule: SplitRule::NEWEST, ..Adjust::default() }))
}

/// The key a keep/remove question's marks are tallied under in `language`.
pub fn tally_key(key: &str, language: &str) -> String {
    if language.is_empty() { key.to_owned() } else { format!("{key}@{language}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_in_another_language_are_tallied_apart() {
        assert_eq!(tally_key("q2", ""), "q2");
        assert_eq!(tally_key("q2", "cy"), "q2@cy");
    }
}
