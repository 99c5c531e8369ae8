//! Questions as the survey shows them: words split into chips, options
//! with what this respondent chose, and the error for each question.

use super::analysis::tally::Mark;
use super::model::{Answer, Consultation, Kind, Question};
use super::words::{Block, Piece};
use crate::web::forms::FormErrors;

/// A word or the text between words.
pub struct PieceView {
    pub word: bool,
    pub selectable: bool,
    pub index: u32,
    pub text: String,
    /// "keep", "remove" or "" (no view).
    pub mark: &'static str,
}

/// A paragraph (one line) or a list (a line per item).
pub struct BlockView {
    pub list: bool,
    pub lines: Vec<Vec<PieceView>>,
}

/// An option with whether it is chosen and, for ranked values, its rank.
pub struct OptionView {
    pub index: usize,
    pub label: String,
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
    pub blocks: Vec<BlockView>,
    pub options: Vec<OptionView>,
    pub other: String,
    pub text: String,
    pub error: Option<String>,
    pub kept: usize,
    pub removed: usize,
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
}

fn pieces(line: &[Piece], answer: Option<&Answer>) -> Vec<PieceView> {
    line.iter()
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
            },
            Piece::Gap(text) => PieceView { word: false, selectable: false, index: 0, text: text.clone(), mark: "" },
        })
        .collect()
}

/// The view of `q`, filled in with this respondent's answer if any.
pub fn question(c: &Consultation, q: &Question, filled: &[(String, Answer)], errors: &FormErrors) -> QuestionView {
    let answer = filled.iter().find(|(k, _)| *k == q.key).map(|(_, a)| a);
    let blocks = q
        .blocks()
        .iter()
        .map(|b| match b {
            Block::Paragraph(line) => BlockView { list: false, lines: vec![pieces(line, answer)] },
            Block::List(items) => BlockView { list: true, lines: items.iter().map(|l| pieces(l, answer)).collect() },
        })
        .collect();
    let options = q
        .choices(&c.audiences)
        .into_iter()
        .enumerate()
        .map(|(index, label)| {
            let i = index as u32;
            let rank = answer.and_then(|a| a.picks.iter().position(|p| *p == i)).map_or(0, |p| p + 1);
            let chosen = answer.is_some_and(|a| a.choices.contains(&i) || a.picks.contains(&i));
            OptionView { index, label, chosen, rank }
        })
        .collect();
    let (kept, removed) = answer.map(Answer::mark_counts).unwrap_or_default();
    QuestionView {
        q: q.clone(),
        blocks,
        options,
        other: answer.map(|a| a.other.clone()).unwrap_or_default(),
        text: answer.map(|a| a.text.clone()).unwrap_or_default(),
        error: errors.get(&q.key).map(str::to_owned),
        kept,
        removed,
    }
}
