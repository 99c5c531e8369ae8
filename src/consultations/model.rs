//! What a consultation is: its settings, its questions (one JSON document)
//! and the answers a respondent may give, with the checks every answer —
//! from the form or the API — goes through.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::analysis::tally::Mark;
use super::words::{self, Adjust, Block, SplitRule};

/// The respondent groups offered when an editor does not change them.
pub const DEFAULT_AUDIENCES: [&str; 7] = [
    "Patient or service user",
    "Carer or family",
    "Staff",
    "Student or trainee",
    "Alumni",
    "Member of the public",
    "Partner organisation",
];
/// The last option of the group and equality questions.
pub const PREFER_NOT: &str = "Prefer not to say";
/// The "other, please say" option of a choice question.
pub const OTHER: &str = "Other";
/// Longest "other" answer, in characters.
pub const MAX_OTHER: usize = 200;
/// Most questions in one consultation.
pub const MAX_QUESTIONS: usize = 40;

/// Who may see the results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Editors and the Board only.
    EditorsBoard,
    /// Everyone, once the consultation has closed.
    PublicAfterClose,
    /// Everyone, live while it is open.
    PublicWhileOpen,
}

impl Visibility {
    pub const ALL: [Visibility; 3] =
        [Visibility::EditorsBoard, Visibility::PublicAfterClose, Visibility::PublicWhileOpen];

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::EditorsBoard => "editors_board",
            Visibility::PublicAfterClose => "public_after_close",
            Visibility::PublicWhileOpen => "public_while_open",
        }
    }

    pub fn parse(value: &str) -> Option<Visibility> {
        Visibility::ALL.into_iter().find(|v| v.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Visibility::EditorsBoard => "Editors and the Board only",
            Visibility::PublicAfterClose => "Everyone, after it closes",
            Visibility::PublicWhileOpen => "Everyone, live while it is open",
        }
    }
}

/// Where a consultation is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being prepared; only the organisation sees it.
    Draft,
    /// Published, but its opening time has not come.
    Scheduled,
    Open,
    Closed,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Scheduled => "Not open yet",
            Status::Open => "Open",
            Status::Closed => "Closed",
        }
    }
}

/// Which text a keep/remove question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Values,
    Vision,
    Mission,
    Pasted,
}

/// What a question asks, by type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    /// Keep or remove each word of a text.
    Words {
        source: Source,
        text: String,
        /// Phrases marked as one (e.g. "person centred").
        #[serde(default)]
        phrases: Vec<String>,
        /// Words no one is asked about (e.g. "and", "the").
        #[serde(default)]
        fillers: Vec<String>,
        #[serde(default)]
        min_marks: u32,
        /// 0: no maximum.
        #[serde(default)]
        max_marks: u32,
        /// How the text splits into words, fixed when it was written so that
        /// stored marks keep their positions (absent: the first rule).
        #[serde(default)]
        rule: SplitRule,
    },
    /// Choose one or several, optionally with "other, please say" and "prefer not to say".
    Choice {
        options: Vec<String>,
        #[serde(default)]
        multiple: bool,
        #[serde(default)]
        other: bool,
        #[serde(default)]
        prefer_not: bool,
    },
    /// Pick up to `max_picks` of the values, optionally in order.
    Values {
        options: Vec<String>,
        max_picks: u32,
        #[serde(default)]
        ranked: bool,
    },
    /// Free text up to `limit` characters.
    Text { limit: u32 },
    /// A word or value the respondent misses.
    Suggest { limit: u32 },
    /// The respondent's group, from the consultation's audiences.
    Group,
}

/// One question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Question {
    /// Stable within the consultation ("q1", "q2" …); answers are filed under it.
    pub key: String,
    pub prompt: String,
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub required: bool,
    pub kind: Kind,
}

impl Question {
    /// The words of a keep/remove question, split for display.
    pub fn blocks(&self) -> Vec<Block> {
        match &self.kind {
            Kind::Words { text, phrases, fillers, rule, .. } => {
                words::split(text, Adjust { phrases, fillers, rule: *rule })
            }
            _ => Vec::new(),
        }
    }

    /// The options a respondent chooses among, as shown (with "Other" and
    /// "Prefer not to say" where they apply).
    pub fn choices(&self, audiences: &[String]) -> Vec<String> {
        match &self.kind {
            Kind::Choice { options, other, prefer_not, .. } => {
                let mut out = options.clone();
                if *other {
                    out.push(OTHER.to_owned());
                }
                if *prefer_not {
                    out.push(PREFER_NOT.to_owned());
                }
                out
            }
            Kind::Values { options, .. } => options.clone(),
            Kind::Group => audiences.iter().cloned().chain([PREFER_NOT.to_owned()]).collect(),
            _ => Vec::new(),
        }
    }

    pub fn type_label(&self) -> &'static str {
        match &self.kind {
            Kind::Words { .. } => "Keep or remove words",
            Kind::Choice { multiple: false, .. } => "Choose one",
            Kind::Choice { multiple: true, .. } => "Choose several",
            Kind::Values { ranked: true, .. } => "Values that matter most, ranked",
            Kind::Values { .. } => "Values that matter most",
            Kind::Text { .. } => "Free text",
            Kind::Suggest { .. } => "Suggest a missing word",
            Kind::Group => "Respondent group",
        }
    }

    /// The most characters a text answer may have.
    pub fn limit(&self) -> usize {
        match &self.kind {
            Kind::Text { limit } | Kind::Suggest { limit } => *limit as usize,
            _ => 0,
        }
    }

    /// The "other" option's index among [`Question::choices`].
    pub fn other_index(&self) -> Option<u32> {
        match &self.kind {
            Kind::Choice { options, other: true, .. } => Some(options.len() as u32),
            _ => None,
        }
    }
}

/// One answer. Which fields count depends on the question's type: `marks`
/// for keep/remove words, `choices` (indices of the options shown, "Other"
/// and "Prefer not to say" included) for choice and group questions, with
/// `other` for the "other" text, `picks` (in rank order) for values, and
/// `text` for free text and suggestions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Keep/remove questions: word index (as a string, e.g. "4") → "keep"
    /// or "remove"; unmarked words are left out.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(schema_with = marks_schema)]
    pub marks: BTreeMap<u32, Mark>,
    /// Choice and group questions: indices (from 0) of the options chosen,
    /// "Other" and "Prefer not to say" included; one for "choose one".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<u32>,
    /// The words typed for "Other, please say" (with its index in `choices`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub other: String,
    /// "Which values matter most": indices (from 0) of the values picked,
    /// in rank order when the question is ranked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub picks: Vec<u32>,
    /// Free text and suggestions, up to the question's limit.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// For a keep/remove question answered in a translation: the language
    /// code (e.g. "cy") of the text the marks' word indices are for. Empty:
    /// the English text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
}

/// The schema of [`Answer::marks`]: JSON object keys are strings, so the
/// word indices are strings of digits.
fn marks_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(ObjectBuilder::new().schema_type(Type::String).pattern(Some("^[0-9]+$"))))
        .additional_properties(Some(
            ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["keep", "remove"])),
        ))
        .description(Some("Word index (as a string) → \"keep\" or \"remove\"; unmarked words are left out."))
        .examples([serde_json::json!({"0": "keep", "4": "remove"})])
        .build()
}

impl Answer {
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
            && self.choices.is_empty()
            && self.other.is_empty()
            && self.picks.is_empty()
            && self.text.is_empty()
    }
}

/// A consultation with its questions.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Consultation {
    pub id: i64,
    #[serde(skip)]
    pub org_id: i64,
    pub title: String,
    pub purpose: String,
    /// The framework version it asks about, if any.
    pub framework_version_id: Option<i64>,
    /// Unix seconds.
    pub opens_at: i64,
    pub closes_at: i64,
    #[serde(skip)]
    pub published_at: Option<i64>,
    #[serde(skip)]
    pub closed_at: Option<i64>,
    pub visibility: Visibility,
    pub audiences: Vec<String>,
    pub questions: Vec<Question>,
    /// The consultation in other languages, by language code.
    #[serde(skip)]
    pub translations: super::languages::SurveyTranslations,
    #[serde(skip)]
    pub revision: i64,
    /// Which words each keep/remove question lets people mark, worked out
    /// on first use (every response is checked against them).
    #[serde(skip)]
    #[schema(ignore)]
    pub markable: Markable,
}

/// The word positions a keep/remove question lets people mark, by question
/// key and language ("" for English), each worked out once per copy of the
/// consultation. A clone starts empty, so a copy whose questions are then
/// changed never sees the positions of the old ones.
#[derive(Debug, Default)]
pub struct Markable(std::sync::RwLock<std::collections::HashMap<(String, String), Positions>>);

/// Markable word positions, shared.
pub type Positions = std::sync::Arc<BTreeSet<u32>>;

impl Clone for Markable {
    fn clone(&self) -> Markable {
        Markable::default()
    }
}

impl Markable {
    /// The positions for `(key, language)`, from `work_out` the first time;
    /// `None` (not kept) when there is no such text.
    pub fn of(&self, key: &str, language: &str, work_out: impl FnOnce() -> Option<BTreeSet<u32>>) -> Option<Positions> {
        let slot = (key.to_owned(), language.to_owned());
        if let Some(found) = self.0.read().unwrap_or_else(|e| e.into_inner()).get(&slot) {
            return Some(found.clone());
        }
        let found = std::sync::Arc::new(work_out()?);
        self.0.write().unwrap_or_else(|e| e.into_inner()).insert(slot, found.clone());
        Some(found)
    }
}

/// A consultation's times: all its status depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub opens_at: i64,
    pub closes_at: i64,
    /// Set when an editor published it.
    pub published_at: Option<i64>,
    /// Set when an editor closed it early.
    pub closed_at: Option<i64>,
}

impl Schedule {
    pub fn status_at(&self, now: i64) -> Status {
        if self.published_at.is_none() {
            Status::Draft
        } else if self.closed_at.is_some() || now >= self.closes_at {
            Status::Closed
        } else if now < self.opens_at {
            Status::Scheduled
        } else {
            Status::Open
        }
    }

    /// When it closed or will close.
    pub fn closing(&self) -> i64 {
        self.closed_at.unwrap_or(self.closes_at).min(self.closes_at)
    }
}

impl Consultation {
    pub fn schedule(&self) -> Schedule {
        Schedule {
            opens_at: self.opens_at,
            closes_at: self.closes_at,
            published_at: self.published_at,
            closed_at: self.closed_at,
        }
    }

    pub fn status_at(&self, now: i64) -> Status {
        self.schedule().status_at(now)
    }

    pub fn status(&self) -> Status {
        self.status_at(crate::storage::now())
    }

    /// When it closed or will close.
    pub fn closing(&self) -> i64 {
        self.schedule().closing()
    }

    /// True when anyone may read the results now.
    pub fn results_public(&self) -> bool {
        matches!(
            (self.visibility, self.status()),
            (Visibility::PublicWhileOpen, Status::Open | Status::Closed)
                | (Visibility::PublicAfterClose, Status::Closed)
        )
    }

    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// A key not used by any question yet.
    pub fn next_key(&self) -> String {
        let n = self.questions.iter().filter_map(|q| q.key.strip_prefix('q')?.parse::<u32>().ok()).max().unwrap_or(0);
        format!("q{}", n + 1)
    }

    /// The group question, if there is one.
    pub fn group_question(&self) -> Option<&Question> {
        self.questions.iter().find(|q| matches!(q.kind, Kind::Group))
    }
}

/// True when a text looks like it holds an email address or phone number.
pub fn has_personal_data(text: &str) -> bool {
    let email = text.split(|c: char| c.is_whitespace() || c == ',' || c == ';').any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        crate::web::forms::looks_like_email(w)
    });
    // Eight or more digits close together: a phone number, however written.
    let mut digits = 0;
    let mut phone = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 8 {
                phone = true;
            }
        } else if !matches!(c, ' ' | '-' | '(' | ')' | '+' | '.') {
            digits = 0;
        }
    }
    email || phone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_is_spotted_in_text_answers() {
        assert!(has_personal_data("write to sam.lee@trust.example please"));
        assert!(has_personal_data("ring me on 07700 900123"));
        assert!(has_personal_data("(01632) 960-001"));
        assert!(!has_personal_data("I have worked here 12 years, since 2014."));
        assert!(!has_personal_data("kind, open and fair"));
    }
}
