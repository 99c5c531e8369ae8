//! Questions as the survey shows them: words split into chips, options
//! with what this respondent chose, and the error for each question.
//!
//! Punctuation that opens or closes a word ("(", "“", "”", ",") is shown
//! with the word, so that a line never wraps between a quote and its word.

use std::collections::BTreeMap;

use super::analysis::tally::Mark;
use super::languages::labels::SurveyLabels;
use super::languages::{self, Local};
use super::model::{Answer, Consultation, Kind, Question};
use super::words::{Block, Piece};
use crate::values::translation::Text;
use crate::web::forms::FormErrors;

/// A word or the text between words.
pub struct PieceView {
    pub word: bool,
    pub selectable: bool,
    pub index: u32,
    pub text: String,
    /// "keep", "remove" or "" (no view).
    pub mark: &'static str,
    /// Punctuation right before the word ("“", "(") and right after it
    /// ("”", ","), shown with it.
    pub open: String,
    pub close: String,
}

impl PieceView {
    /// True when punctuation is shown with the word.
    pub fn glued(&self) -> bool {
        !self.open.is_empty() || !self.close.is_empty()
    }
}

/// A paragraph (one line) or a list (a line per item).
pub struct BlockView {
    pub list: bool,
    pub lines: Vec<Vec<PieceView>>,
}

/// An option with whether it is chosen and, for ranked values, its rank.
pub struct OptionView {
    pub index: usize,
    pub label: Text,
    pub chosen: bool,
    pub rank: usize,
}

impl OptionView {
    pub fn rank_is(&self, r: &u32) -> bool {
        self.rank == *r as usize
    }
}

/// Everything the survey needs to show one question.
pub struct QuestionView {
    pub q: Question,
    /// The prompt and help in the page's language.
    pub prompt: Text,
    pub help: Text,
    pub blocks: Vec<BlockView>,
    pub options: Vec<OptionView>,
    pub other: String,
    pub text: String,
    pub error: Option<String>,
}

impl QuestionView {
    pub fn key(&self) -> &str {
        &self.q.key
    }
    pub fn kind(&self) -> &'static str {
        match &self.q.kind {
            Kind::Words { .. } => "words",
            Kind::Choice { multiple: true, .. } => "several",
            Kind::Choice { .. } | Kind::Group => "one",
            Kind::Values { ranked: true, .. } => "ranked",
            Kind::Values { .. } => "picks",
            Kind::Text { .. } | Kind::Suggest { .. } => "text",
        }
    }
    pub fn limit(&self) -> usize {
        self.q.limit()
    }
    pub fn max_picks(&self) -> u32 {
        match &self.q.kind {
            Kind::Values { max_picks, .. } => *max_picks,
            _ => 0,
        }
    }
    pub fn ranks(&self) -> Vec<u32> {
        (1..=self.max_picks()).collect()
    }
    pub fn marks_hint(&self) -> String {
        match &self.q.kind {
            Kind::Words { min_marks, max_marks, .. } => match (*min_marks, *max_marks) {
                (0, 0) => String::new(),
                (min, 0) => format!("Mark at least {min} words."),
                (0, max) => format!("Mark up to {max} words."),
                (min, max) => format!("Mark between {min} and {max} words."),
            },
            _ => String::new(),
        }
    }
    pub fn other_index(&self) -> Option<u32> {
        self.q.other_index()
    }
    pub fn is_other(&self, index: &usize) -> bool {
        self.q.other_index() == Some(*index as u32)
    }

    /// The id of the first control of the question (what an error links
    /// to), or the question's own id when it has none.
    pub fn first_control(&self) -> String {
        let key = self.key();
        match self.kind() {
            "words" => {
                let first = self.blocks.iter().flat_map(|b| &b.lines).flatten().find(|p| p.word && p.selectable);
                match first {
                    Some(p) => {
                        let which = match p.mark {
                            "keep" => "k",
                            "remove" => "r",
                            _ => "n",
                        };
                        format!("{key}-w{}-{which}", p.index)
                    }
                    None => key.to_owned(),
                }
            }
            "ranked" => self.options.first().map_or(key.to_owned(), |o| format!("{key}-rank-{}", o.index)),
            "text" => format!("{key}-text"),
            _ => self.options.first().map_or(key.to_owned(), |o| format!("{key}-o{}", o.index)),
        }
    }
}

fn pieces(line: &[Piece], answer: Option<&Answer>) -> Vec<PieceView> {
    let mut out: Vec<PieceView> = line
        .iter()
        .map(|p| match p {
            Piece::Word { index, text, selectable } => PieceView {
                word: true,
                selectable: *selectable,
                index: *index,
                text: text.clone(),
                mark: match answer.and_then(|a| a.marks.get(index)) {
                    Some(Mark::Keep) => "keep",
                    Some(Mark::Remove) => "remove",
                    None => "",
                },
                open: String::new(),
                close: String::new(),
            },
            Piece::Gap(text) => PieceView {
                word: false,
                selectable: false,
                index: 0,
                text: text.clone(),
                mark: "",
                open: String::new(),
                close: String::new(),
            },
        })
        .collect();
    glue(&mut out);
    out
}

/// Moves the punctuation touching each word into the word's `open` and
/// `close`: a gap's text up to its first space closes the word before it,
/// and its text after its last space opens the word after it. A gap with no
/// space in it ("/", "—") joins two words and stays as it is.
fn glue(pieces: &mut [PieceView]) {
    for at in 0..pieces.len() {
        if pieces[at].word {
            continue;
        }
        let gap = pieces[at].text.clone();
        let word_before = at > 0;
        let word_after = at + 1 < pieces.len();
        let spaced = gap.find(char::is_whitespace).zip(gap.rfind(char::is_whitespace));
        if spaced.is_none() && word_before && word_after {
            continue;
        }
        let start = if word_before { spaced.map_or(gap.len(), |(first, _)| first) } else { 0 };
        let end = match spaced {
            _ if !word_after => gap.len(),
            Some((_, last)) => last + gap[last..].chars().next().map_or(1, char::len_utf8),
            None => 0,
        };
        let (close, middle, open) = (&gap[..start], &gap[start..end], &gap[end..]);
        if word_before {
            pieces[at - 1].close = close.to_owned();
        }
        if word_after {
            pieces[at + 1].open = open.to_owned();
        }
        pieces[at].text = middle.to_owned();
    }
}

/// The view of `q`, filled in with this respondent's answer if any.
/// The page's language and labels.
pub struct Shown<'a> {
    pub local: Local<'a>,
    pub labels: &'a SurveyLabels,
}

/// `ranks`, when given, are the ranks as the respondent sent them (a form
/// shown again with errors), which win over the answer's order.
pub fn question(
    c: &Consultation,
    q: &Question,
    filled: &[(String, Answer)],
    ranks: Option<&BTreeMap<u32, u32>>,
    errors: &FormErrors,
    shown: &Shown<'_>,
) -> QuestionView {
    let answer = filled.iter().find(|(k, _)| *k == q.key).map(|(_, a)| a);
    // Marks are word positions in one language's text: shown only on it.
    let words_language = shown.local.words_language(q);
    let marked = answer.filter(|a| a.language == words_language);
    let blocks = languages::word_blocks(c, q, words_language)
        .unwrap_or_default()
        .iter()
        .map(|b| match b {
            Block::Paragraph(line) => BlockView { list: false, lines: vec![pieces(line, marked)] },
            Block::List(items) => BlockView { list: true, lines: items.iter().map(|l| pieces(l, marked)).collect() },
        })
        .collect();
    let options = shown
        .local
        .options(q, &c.audiences, shown.labels)
        .into_iter()
        .enumerate()
        .map(|(index, label)| {
            let i = index as u32;
            let rank = match ranks {
                Some(sent) => sent.get(&i).map_or(0, |r| *r as usize),
                None => answer.and_then(|a| a.picks.iter().position(|p| *p == i)).map_or(0, |p| p + 1),
            };
            let chosen = answer.is_some_and(|a| a.choices.contains(&i) || a.picks.contains(&i));
            OptionView { index, label, chosen, rank }
        })
        .collect();
    QuestionView {
        prompt: shown.local.prompt(q),
        help: shown.local.help(q),
        q: q.clone(),
        blocks,
        options,
        other: answer.map(|a| a.other.clone()).unwrap_or_default(),
        text: answer.map(|a| a.text.clone()).unwrap_or_default(),
        error: errors.get(&q.key).map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultations::words::{self, Adjust};

    /// The words of a line as shown: opening punctuation, word, closing.
    fn shown(text: &str) -> Vec<String> {
        let blocks = words::split(text, Adjust::default());
        let Block::Paragraph(line) = &blocks[0] else { panic!("a paragraph") };
        pieces(line, None)
            .into_iter()
            .map(|p| if p.word { format!("{}[{}]{}", p.open, p.text, p.close) } else { p.text })
            .collect()
    }

    #[test]
    fn quotes_and_brackets_are_shown_with_their_word() {
        assert_eq!(
            shown("We say “kind” (and mean it), always."),
            ["[We]", " ", "[say]", " ", "“[kind]”", " ", "([and]", " ", "[mean]", " ", "[it]),", " ", "[always].", ""]
        );
        // A dash or slash between two words belongs to neither.
        assert_eq!(shown("care—always"), ["[care]", "—", "[always]"]);
        assert_eq!(shown("“Open”"), ["", "“[Open]”", ""]);
    }
}
