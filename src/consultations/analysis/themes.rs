//! Suggested themes in free-text answers, found without any outside service.
//!
//! Each answer's language is guessed from the little words it uses (English
//! and Welsh), stop words are dropped with a short list that keeps the words
//! values are made of, English words are stemmed (Snowball, via
//! `rust-stemmers`), and every one- to three-word phrase is counted once per
//! answer that uses it. Phrases whose stems match are merged, and a phrase is
//! suggested only when at least two answers use it. Suggestions are ranked by
//! how distinctive they are: how much more often these answers use a phrase
//! than everyday English uses its words ([`super::background`]), so "time"
//! and "staff" do not lead just by being common. Editors then promote,
//! rename and merge suggestions by hand: these are a starting point.
//!
//! Welsh words are not stemmed (there is no Snowball stemmer for Welsh) and
//! initial mutations (gofal / ofal / ngofal) are not undone, so Welsh
//! phrases merge only when spelled the same.

use std::collections::HashSet;

pub use super::phrases::PhraseIndex;

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

/// The language an answer seems to be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Cy,
    Unknown,
}

/// Little words common in English and rare in Welsh.
const EN_MARKERS: &[&str] = &[
    "the", "and", "is", "are", "we", "you", "they", "our", "to", "of", "with", "for", "that", "this", "be", "was",
    "have", "has", "it", "not", "should", "all", "more", "when", "what", "my", "your", "from", "by", "on", "but", "or",
    "very", "always", "it's", "don't", "i'm", "we're", "their", "there", "who", "will", "can", "been",
];

/// Little words common in Welsh and rare in English.
const CY_MARKERS: &[&str] = &[
    "y", "yr", "yn", "mae", "ac", "ar", "ein", "eu", "ei", "bod", "gyda", "sy", "sydd", "yw", "ydy", "wedi", "hyn",
    "ni", "chi", "nhw", "fy", "ond", "neu", "pob", "mewn", "ddim", "iawn", "bob", "gan", "dros", "hefyd", "yma", "i'r",
    "o'r", "mae'r", "ydyn", "ydym", "rydym", "rydyn", "dylai", "pawb", "hefo", "gyda'n", "i'n", "fod", "oes", "oedd",
    "bydd", "byddwn", "trwy", "hwn", "hon", "nid", "na", "pan", "eich", "dan", "roedd", "nhw'n",
];

/// English stop words: a short list of words that carry no theme. Words
/// values are made of are deliberately absent (see [`VALUE_WORDS`]).
const EN_STOP: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
    "been", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "don't", "dont", "for", "from", "get",
    "got", "had", "has", "have", "having", "he", "her", "here", "him", "his", "how", "i", "i'm", "if", "in", "into",
    "is", "it", "it's", "its", "just", "like", "me", "more", "most", "much", "my", "no", "not", "of", "on", "only",
    "or", "other", "our", "ours", "out", "over", "really", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "think", "this", "those", "to", "too", "up", "us",
    "very", "was", "we", "we're", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
    "with", "would", "you", "your", "yours", "isn't", "can't", "won't", "there's", "that's", "they're", "etc", "eg",
    "ie",
];

/// Welsh stop words, on the same principle.
const CY_STOP: &[&str] = &[
    "a", "ac", "ag", "am", "ar", "at", "bod", "bydd", "byddwn", "chi", "dan", "dros", "dy", "ei", "eich", "ein", "eu",
    "fe", "fi", "fod", "fy", "gan", "gyda", "gyda'n", "hefyd", "hi", "hon", "hwn", "hyn", "hynny", "i", "i'n", "i'r",
    "iawn", "mae", "mae'r", "maen", "mewn", "na", "nad", "neu", "ni", "nid", "nhw", "o", "o'r", "oes", "oedd", "ond",
    "pan", "pob", "rhai", "rydym", "rydyn", "sy", "sydd", "trwy", "wedi", "y", "yma", "yn", "yr", "yw", "ydy", "ydym",
    "ydyn", "'r", "'n", "roedd", "nhw'n", "dylai", "dylen", "gallu", "fel",
];

/// Words values are made of: never treated as stop words, in either
/// language, even where a general-purpose list would drop them.
pub const VALUE_WORDS: &[&str] = &[
    "kind",
    "kindness",
    "open",
    "openness",
    "together",
    "respect",
    "care",
    "caring",
    "compassion",
    "compassionate",
    "listen",
    "listening",
    "honest",
    "honesty",
    "fair",
    "fairness",
    "safe",
    "safety",
    "trust",
    "dignity",
    "inclusive",
    "equal",
    "everyone",
    "all of us",
    "team",
    "support",
    "learn",
    "improve",
    "courage",
    "integrity",
    "welcome",
    "we",
    "us",
    "caredig",
    "parch",
    "gofal",
    "agored",
    "gonest",
    "teg",
    "diogel",
    "gwrando",
    "tosturi",
    "gilydd",
    "pawb",
];

/// Value words that ordinary stop lists often hold; kept here even though
/// they are little words (a theme such as "all of us" or "we listen" needs them).
const KEPT_LITTLE_WORDS: &[&str] = &["we", "us", "all", "everyone", "pawb"];

fn is_value_word(word: &str) -> bool {
    VALUE_WORDS.contains(&word)
}

/// A little word of English or Welsh that says nothing on its own ("to",
/// "and", "the", "yn"); never a word values are made of ("we", "all").
/// `word` is lower case.
pub fn is_little_word(word: &str) -> bool {
    (EN_STOP.contains(&word) || CY_STOP.contains(&word)) && !KEPT_LITTLE_WORDS.contains(&word) && !is_value_word(word)
}

/// Guesses the language from its little words: the one with more marker
/// words wins; no markers, or a tie, is `Unknown`. A circumflexed w or y
/// (ŵ, ŷ), which only Welsh uses, counts as a Welsh marker.
pub fn detect_language(text: &str) -> Lang {
    let (mut en, mut cy) = (0usize, 0usize);
    for clause in clauses(text) {
        for token in clause {
            if EN_MARKERS.contains(&token.word.as_str()) {
                en += 1;
            }
            if CY_MARKERS.contains(&token.word.as_str()) {
                cy += 1;
            }
            if token.word.contains(['ŵ', 'ŷ']) {
                cy += 1;
            }
        }
    }
    match en.cmp(&cy) {
        std::cmp::Ordering::Greater => Lang::En,
        std::cmp::Ordering::Less => Lang::Cy,
        std::cmp::Ordering::Equal => Lang::Unknown,
    }
}

/// One word of an answer: lower-cased with curly apostrophes made straight
/// (`word`), and where it sits in the original text (`start..end`).
#[derive(Debug)]
struct Token {
    word: String,
    start: usize,
    end: usize,
}

/// Splits text into clauses (runs of words between punctuation), each a
/// list of words. Letters, digits, marks, and apostrophes or hyphens inside
/// a word belong to the word; whitespace separates words; any other
/// character ends the clause, so phrases never reach across punctuation.
fn clauses(text: &str) -> Vec<Vec<Token>> {
    let is_joiner = |c: char| matches!(c, '\'' | '’' | '‘' | '-' | '‐');
    let is_word_char = |c: char| c.is_alphanumeric() || is_combining_mark(c);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out: Vec<Vec<Token>> = vec![Vec::new()];
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if is_word_char(c) {
            let start = at;
            let mut j = i;
            while j < chars.len() {
                let (_, cj) = chars[j];
                let next_is_word = chars.get(j + 1).is_some_and(|&(_, n)| is_word_char(n));
                if is_word_char(cj) || (is_joiner(cj) && next_is_word && j > i) {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |&(e, _)| e);
            let word: String = text[start..end]
                .chars()
                .map(|c| if matches!(c, '’' | '‘') { '\'' } else { c })
                .flat_map(char::to_lowercase)
                .collect();
            out.last_mut().expect("always one clause").push(Token { word, start, end });
            i = j;
        } else {
            if !c.is_whitespace() && !out.last().expect("always one clause").is_empty() {
                out.push(Vec::new());
            }
            i += 1;
        }
    }
    out.retain(|c| !c.is_empty());
    out
}

/// Combining marks (accents typed as separate characters, Bengali vowel
/// signs) belong to the word they sit on.
fn is_combining_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0300..=0x036F | 0x0981..=0x0983 | 0x09BC..=0x09D7 | 0x0E31..=0x0E3A | 0x200C | 0x200D)
}

/// A word kept for phrases: its merge key and where it sits.
struct Kept {
    key: String,
    start: usize,
    end: usize,
}

/// The words of one answer that can make up phrases, clause by clause.
fn content_words(text: &str, lang: Lang, stemmer: &Stemmer) -> Vec<Vec<Kept>> {
    let is_stop = |w: &str| {
        if KEPT_LITTLE_WORDS.contains(&w) || is_value_word(w) {
            return false;
        }
        match lang {
            Lang::En => EN_STOP.contains(&w),
            Lang::Cy => CY_STOP.contains(&w),
            // Unknown: drop both lists' little words.
            Lang::Unknown => EN_STOP.contains(&w) || CY_STOP.contains(&w),
        }
    };
    clauses(text)
        .into_iter()
        .map(|clause| {
            clause
                .into_iter()
                .filter(|t| !is_stop(&t.word))
                // Lone letters and bare numbers make no theme.
                .filter(|t| t.word.chars().count() > 1 && !t.word.chars().all(|c| c.is_ascii_digit()))
                .map(|t| {
                    let key = match lang {
                        Lang::Cy => t.word.clone(),
                        Lang::En | Lang::Unknown => {
                            // "everyone's" and "everyone" merge; Welsh clitics do not arise here.
                            let base = t.word.strip_suffix("'s").unwrap_or(&t.word);
                            stemmer.stem(base).into_owned()
                        }
                    };
                    Kept { key, start: t.start, end: t.end }
                })
                .collect()
        })
        .filter(|c: &Vec<Kept>| !c.is_empty())
        .collect()
}

/// A suggested theme: a phrase and the answers that use it.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    /// The phrase as most answers wrote it, e.g. "treated with respect".
    pub phrase: String,
    /// Stems joined by a space: suggestions with the same key are one theme.
    pub key: String,
    /// Indices into the answers given, ascending.
    pub answers: Vec<usize>,
    /// How distinctive the phrase is (see [`super::background`]).
    pub score: f64,
}

/// One- to three-word phrases, stop words removed with a short list that
/// keeps value words, English stemmed, merged by stem key; only phrases used
/// by at least two answers; a longer phrase is preferred over a phrase inside
/// it when both cover the same answers. The most distinctive first, then
/// those more answers use, then longer phrases, then alphabetical; at most
/// `limit`. (The same sums as a [`PhraseIndex`] holding every answer.)
pub fn suggest_themes(answers: &[&str], limit: usize) -> Vec<Suggestion> {
    let mut index = PhraseIndex::default();
    for (i, text) in answers.iter().enumerate() {
        index.set(i as i64, text);
    }
    index
        .suggest(limit)
        .into_iter()
        .map(|s| Suggestion {
            phrase: s.phrase,
            key: s.key,
            answers: s.answers.into_iter().map(|i| i as usize).collect(),
            score: s.score,
        })
        .collect()
}

/// The merge key of a phrase as written ("Treated with respect" →
/// "treat respect"): what a suggestion of it has as its key, so a phrase
/// already made a theme can be told apart from the suggestions.
pub fn key_of(phrase: &str) -> String {
    let stemmer = Stemmer::create(Algorithm::English);
    let lang = detect_language(phrase);
    content_words(phrase, lang, &stemmer).into_iter().flatten().map(|k| k.key).collect::<Vec<_>>().join(" ")
}

/// The phrases of one answer: (merge key, words in it, the phrase as written),
/// each key once.
pub(super) fn phrases_of(text: &str) -> Vec<(String, usize, String)> {
    let stemmer = Stemmer::create(Algorithm::English);
    let lang = detect_language(text);
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for clause in content_words(text, lang, &stemmer) {
        for n in 1..=3 {
            for window in clause.windows(n) {
                let key = window.iter().map(|k| k.key.as_str()).collect::<Vec<_>>().join(" ");
                if !seen.insert(key.clone()) {
                    continue;
                }
                let form = text[window[0].start..window[n - 1].end].split_whitespace().collect::<Vec<_>>().join(" ");
                out.push((key, n, form));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_welsh_answers_are_told_apart() {
        assert_eq!(detect_language("The nurses were kind and they listened to my worries."), Lang::En);
        assert_eq!(detect_language("Mae'r staff yn garedig ac yn gwrando arnom ni bob amser."), Lang::Cy);
        assert_eq!(detect_language("Roedd y meddyg yn onest gyda fy nheulu."), Lang::Cy);
        assert_eq!(detect_language("We should be open with each other."), Lang::En);
        assert_eq!(detect_language("Caredigrwydd"), Lang::Unknown, "one word gives nothing to go on");
        assert_eq!(detect_language(""), Lang::Unknown);
        assert_eq!(detect_language("১২৩ 😀"), Lang::Unknown);
        assert_eq!(detect_language("Dŵr"), Lang::Cy);
    }

    #[test]
    fn value_words_are_never_stop_words() {
        for word in VALUE_WORDS.iter().filter(|w| !w.contains(' ')) {
            let kept_en = !EN_STOP.contains(word) || KEPT_LITTLE_WORDS.contains(word);
            let kept_cy = !CY_STOP.contains(word) || KEPT_LITTLE_WORDS.contains(word);
            assert!(kept_en && kept_cy, "{word:?} would be dropped");
        }
        let stemmer = Stemmer::create(Algorithm::English);
        let words: Vec<String> =
            content_words("We treat everyone with kindness, together and safe.", Lang::En, &stemmer)
                .into_iter()
                .flatten()
                .map(|k| k.key)
                .collect();
        assert_eq!(words, ["we", "treat", "everyon", "kind", "togeth", "safe"]);
    }

    #[test]
    fn words_are_split_as_a_reader_would_and_phrases_stop_at_punctuation() {
        let words: Vec<Vec<String>> = clauses("Everyone’s well-being matters; co-create it (now)!")
            .into_iter()
            .map(|c| c.into_iter().map(|t| t.word).collect())
            .collect();
        assert_eq!(words, [vec!["everyone's", "well-being", "matters"], vec!["co-create", "it"], vec!["now"]]);
    }

    #[test]
    fn phrases_used_by_two_or_more_answers_are_suggested_with_their_answers() {
        let answers = [
            "Staff listened to me and treated me with respect.",
            "I felt listened to. Nurses treated me with respect!",
            "Being treated with respect matters most.",
            "The car park is expensive.",
            "Nobody listened.",
        ];
        let themes = suggest_themes(&answers, 10);
        let top = &themes[0];
        assert_eq!(top.phrase, "treated me with respect");
        assert_eq!(top.key, "treat respect");
        assert_eq!(top.answers, vec![0, 1, 2]);
        assert!(top.score > 1.0, "{top:?}");
        // "respect" alone covers the same answers, so only the longer phrase is shown.
        assert!(themes.iter().all(|t| t.key != "respect" && t.key != "treat"), "{themes:#?}");
        let listened = themes.iter().find(|t| t.key == "listen").expect("listened is a theme");
        assert_eq!(listened.answers, vec![0, 1, 4]);
        assert!(themes.iter().all(|t| t.answers.len() >= 2 && !t.phrase.contains("car")), "{themes:#?}");
    }

    #[test]
    fn stems_merge_different_forms_of_a_word() {
        let answers =
            ["Always caring for each other", "Care for patients as family", "Cared for by kind people", "kindness"];
        let themes = suggest_themes(&answers, 10);
        let care = themes.iter().find(|t| t.key == "care").expect("a care theme");
        assert_eq!(care.answers, vec![0, 1, 2]);
        let kind = themes.iter().find(|t| t.key == "kind").expect("kind and kindness merge");
        assert_eq!(kind.answers, vec![2, 3]);
        assert_eq!(suggest_themes(&answers, 1).len(), 1, "the limit is kept");
    }

    #[test]
    fn a_sub_phrase_used_more_widely_than_the_longer_phrase_stays() {
        let answers = ["open and honest leaders", "Honest leaders, please", "Be honest with us", "Honest answers"];
        let themes = suggest_themes(&answers, 10);
        let keys: Vec<&str> = themes.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys[0], "honest", "{themes:#?}");
        assert_eq!(themes[0].answers, vec![0, 1, 2, 3]);
        assert!(keys.contains(&"honest leader"), "{keys:?}");
    }

    #[test]
    fn welsh_answers_give_welsh_themes_without_english_stemming() {
        let answers = [
            "Mae'r nyrsys yn garedig iawn ac yn gwrando.",
            "Roedd pawb yn garedig gyda fy mam.",
            "Dylai pob aelod o staff wrando a bod yn garedig.",
            "Maen nhw'n gwrando ar gleifion.",
        ];
        let themes = suggest_themes(&answers, 10);
        let kind = themes.iter().find(|t| t.key == "garedig").expect("garedig is a theme");
        assert_eq!(kind.answers, vec![0, 1, 2]);
        let listen = themes.iter().find(|t| t.key == "gwrando").expect("gwrando is a theme");
        assert_eq!(listen.answers, vec![0, 3]);
        assert!(themes.iter().all(|t| !["yn", "iawn", "ac", "mae'r"].contains(&t.key.as_str())), "{themes:#?}");
    }

    #[test]
    fn distinctive_phrases_lead_and_everyday_words_follow() {
        // Each everyday word is in a fifth or more of the answers.
        let everyday = [
            "The staff need more time",
            "Things feel hard",
            "Patients, please",
            "Staff feel it",
            "Patients need things",
            "Please, more time",
        ];
        let mut answers: Vec<String> = (0..60).map(|i| everyday[i % everyday.len()].to_owned()).collect();
        for i in 0..8 {
            answers.push(format!("Honesty matters ({i})"));
        }
        answers.push("Less jargon in our letters".to_owned());
        answers.push("Jargon makes letters hard to read".to_owned());
        let refs: Vec<&str> = answers.iter().map(String::as_str).collect();
        let themes = suggest_themes(&refs, 12);
        let keys: Vec<&str> = themes.iter().map(|t| t.key.as_str()).collect();
        let rank = |key: &str| keys.iter().position(|k| *k == key);
        assert!(themes[0].phrase.contains("honesty"), "{keys:?}");
        let jargon = rank("jargon").expect("two answers about jargon are a theme");
        for generic in ["time", "staff", "patient", "feel", "thing", "pleas"] {
            assert!(rank(generic).is_none_or(|at| at > jargon), "{generic} leads jargon: {keys:?}");
        }
    }

    #[test]
    fn a_phrase_as_written_gives_the_key_of_its_suggestion() {
        assert_eq!(key_of("Treated me with respect"), "treat respect");
        assert_eq!(key_of("kindness"), "kind");
        assert_eq!(key_of(""), "");
    }

    #[test]
    fn nothing_to_suggest_from_too_few_or_empty_answers() {
        assert!(suggest_themes(&[], 5).is_empty());
        assert!(suggest_themes(&["", "  ", "!!!"], 5).is_empty());
        assert!(suggest_themes(&["only one answer about kindness"], 5).is_empty());
    }
}

#[cfg(test)]
mod scale {
    use super::*;

    #[test]
    fn twenty_thousand_answers_are_summed_up_in_one_pass() {
        let openings =
            ["Staff were kind and", "The nurses listened and", "Mae'r staff yn garedig ac", "I felt safe because they"];
        let endings = [
            "treated me with respect.",
            "explained everything clearly.",
            "yn gwrando bob amser.",
            "made time for my family.",
        ];
        let answers: Vec<String> =
            (0..20_000).map(|i| format!("{} {} ({i})", openings[i % 4], endings[(i / 4) % 4])).collect();
        let refs: Vec<&str> = answers.iter().map(String::as_str).collect();
        let start = std::time::Instant::now();
        let themes = suggest_themes(&refs, 20);
        eprintln!("20,000 answers: {:?}", start.elapsed());
        assert_eq!(themes.len(), 20);
        assert!(themes[0].answers.len() >= 5_000, "{:?}", &themes[0].phrase);
        assert!(themes.iter().all(|t| t.answers.windows(2).all(|w| w[0] < w[1])), "answers ascending, no repeats");
    }
}
