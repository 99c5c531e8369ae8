//! Splitting a text into the words a respondent can keep or remove.
//!
//! Words are found as a reader would find them: Unicode word boundaries
//! (UAX #29, crate `unicode-segmentation`) keep "everyone’s" and "3.5" whole,
//! and words joined by a hyphen ("co-create", "well-being", "COVID-19") are
//! then put back together. Anything without a letter or digit — spaces,
//! punctuation, emoji — is text between words and cannot be marked. The
//! layout survives: blank lines separate paragraphs, and lines starting with
//! "- ", "* ", "• " or "1. " are list items.
//!
//! How a text splits is fixed per question by its [`SplitRule`]: a question
//! written before a rule changed keeps the rule it was answered under, so the
//! positions its stored marks and tallies point at never move. Only a
//! question written (or re-texted while it has no responses) takes the
//! newest rule.
//!
//! Every word gets an index in reading order. Editors may join words into a
//! phrase (marked as one, under the index of its first word) and make filler
//! words unselectable; neither changes any index, so answers stay attached
//! to the words they were given for.

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// Which splitting rule a question's text was written under.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SplitRule {
    /// Word boundaries and hyphens only: "24/7" is two words and the "%" of
    /// "100%" is punctuation. Every question stored before rules had a name.
    #[default]
    V1,
    /// As V1, and numbers keep their "/" and "%": "24/7", "1/2", "100%".
    V2,
}

impl SplitRule {
    /// The rule a newly written text is split by.
    pub const NEWEST: SplitRule = SplitRule::V2;
}

/// A piece of a line: a word (or joined phrase) or the text between words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Piece {
    Word { index: u32, text: String, selectable: bool },
    Gap(String),
}

/// A paragraph, or a list whose items are lines of pieces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Block {
    Paragraph(Vec<Piece>),
    List(Vec<Vec<Piece>>),
}

/// How the editor adjusted the split: phrases to keep together and filler
/// words no one is asked about (both matched without regard to case).
#[derive(Clone, Copy, Debug, Default)]
pub struct Adjust<'a> {
    pub phrases: &'a [String],
    pub fillers: &'a [String],
    pub rule: SplitRule,
}

/// The marker of a list item, if the line is one.
fn list_item(line: &str) -> Option<&str> {
    let line = line.trim_start();
    for marker in ["- ", "* ", "• ", "– "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest);
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest);
        }
    }
    None
}

enum RawBlock {
    Paragraph(String),
    List(Vec<String>),
}

fn raw_blocks(text: &str) -> Vec<RawBlock> {
    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            open = false;
            continue;
        }
        match (list_item(line), blocks.last_mut()) {
            (Some(item), Some(RawBlock::List(items))) if open => items.push(item.trim().to_owned()),
            (Some(item), _) => blocks.push(RawBlock::List(vec![item.trim().to_owned()])),
            (None, Some(RawBlock::Paragraph(p))) if open => {
                p.push(' ');
                p.push_str(trimmed);
            }
            (None, _) => blocks.push(RawBlock::Paragraph(trimmed.to_owned())),
        }
        open = true;
    }
    blocks
}

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

fn is_hyphen(segment: &str) -> bool {
    matches!(segment, "-" | "\u{2010}" | "\u{2011}")
}

fn is_number(segment: &str) -> bool {
    segment.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// How many segments after `i` belong to the word at `i`: a hyphen and the
/// word after it, or (from rule V2) a "/" and the number after a number, or
/// the "%" after a number.
fn joined(segments: &[&str], i: usize, rule: SplitRule) -> usize {
    let (this, next, after) = (segments[i], segments.get(i + 1).copied(), segments.get(i + 2).copied());
    match (next, after) {
        (Some(n), Some(a)) if is_hyphen(n) && is_word(a) => 2,
        _ if rule < SplitRule::V2 || !is_number(this) => 0,
        (Some("/"), Some(a)) if is_number(a) => 2,
        (Some("%" | "\u{2030}"), _) => 1,
        _ => 0,
    }
}

/// Splits one line into words and gaps, joining hyphenated words.
fn split_line(line: &str, next: &mut u32, rule: SplitRule) -> Vec<Piece> {
    let segments: Vec<&str> = line.split_word_bounds().collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let segment = segments[i];
        if is_word(segment) {
            let mut text = segment.to_owned();
            loop {
                let more = joined(&segments, i, rule);
                if more == 0 {
                    break;
                }
                for s in &segments[i + 1..=i + more] {
                    text.push_str(s);
                }
                i += more;
            }
            pieces.push(Piece::Word { index: *next, text, selectable: true });
            *next += 1;
        } else if let Some(Piece::Gap(gap)) = pieces.last_mut() {
            gap.push_str(segment);
        } else {
            pieces.push(Piece::Gap(segment.to_owned()));
        }
        i += 1;
    }
    pieces
}

/// The words of a phrase, lowercased, as a phrase is matched in a text
/// split by `rule`.
pub fn words_of(phrase: &str, rule: SplitRule) -> Vec<String> {
    let mut n = 0;
    split_line(phrase, &mut n, rule)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Word { text, .. } => Some(text.to_lowercase()),
            Piece::Gap(_) => None,
        })
        .collect()
}

/// Joins each occurrence of an editor's phrase into one word.
fn join_phrases(pieces: Vec<Piece>, phrases: &[Vec<String>]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut i = 0;
    'outer: while i < pieces.len() {
        if let Piece::Word { index, .. } = &pieces[i] {
            for phrase in phrases.iter().filter(|p| p.len() > 1) {
                // Words sit at even offsets from here (word, gap, word …).
                let span = phrase.len() * 2 - 1;
                if i + span > pieces.len() {
                    continue;
                }
                let matches = phrase.iter().enumerate().all(|(k, w)| match &pieces[i + 2 * k] {
                    Piece::Word { text, .. } => text.to_lowercase() == *w,
                    Piece::Gap(_) => false,
                });
                if matches {
                    let text: String = pieces[i..i + span]
                        .iter()
                        .map(|p| match p {
                            Piece::Word { text, .. } | Piece::Gap(text) => text.as_str(),
                        })
                        .collect();
                    out.push(Piece::Word { index: *index, text, selectable: true });
                    i += span;
                    continue 'outer;
                }
            }
        }
        out.push(pieces[i].clone());
        i += 1;
    }
    out
}

fn adjust(pieces: Vec<Piece>, phrases: &[Vec<String>], fillers: &[String]) -> Vec<Piece> {
    join_phrases(pieces, phrases)
        .into_iter()
        .map(|piece| match piece {
            Piece::Word { index, text, .. } => {
                let selectable = !fillers.contains(&text.to_lowercase());
                Piece::Word { index, text, selectable }
            }
            gap => gap,
        })
        .collect()
}

/// Splits `text` into blocks of words and gaps.
pub fn split(text: &str, how: Adjust<'_>) -> Vec<Block> {
    let phrases: Vec<Vec<String>> = how.phrases.iter().map(|p| words_of(p, how.rule)).collect();
    let fillers: Vec<String> = how.fillers.iter().map(|f| f.trim().to_lowercase()).collect();
    let mut next = 0;
    raw_blocks(text)
        .into_iter()
        .map(|block| match block {
            RawBlock::Paragraph(p) => Block::Paragraph(adjust(split_line(&p, &mut next, how.rule), &phrases, &fillers)),
            RawBlock::List(items) => Block::List(
                items.iter().map(|item| adjust(split_line(item, &mut next, how.rule), &phrases, &fillers)).collect(),
            ),
        })
        .collect()
}

/// The words a respondent can mark, as (index, text), in reading order.
pub fn selectable(blocks: &[Block]) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut push = |pieces: &[Piece]| {
        for piece in pieces {
            if let Piece::Word { index, text, selectable: true } = piece {
                out.push((*index, text.clone()));
            }
        }
    };
    for block in blocks {
        match block {
            Block::Paragraph(pieces) => push(pieces),
            Block::List(items) => items.iter().for_each(|item| push(item)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        selectable(&split(text, Adjust::default())).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn curly_and_straight_apostrophes_stay_inside_a_word() {
        assert_eq!(words("everyone’s care, everyone's voice"), ["everyone’s", "care", "everyone's", "voice"]);
    }

    #[test]
    fn curly_quotes_around_a_word_are_not_part_of_it() {
        assert_eq!(words("We say “kind” and mean it."), ["We", "say", "kind", "and", "mean", "it"]);
    }

    #[test]
    fn hyphenated_words_and_codes_are_one_word() {
        assert_eq!(
            words("We co-create well-being after COVID-19."),
            ["We", "co-create", "well-being", "after", "COVID-19"]
        );
        // A dash between spaced words is punctuation, not a join.
        assert_eq!(words("care - always"), ["care", "always"]);
        assert_eq!(words("care—always"), ["care", "always"]);
    }

    fn newest(text: &str) -> Vec<String> {
        let how = Adjust { rule: SplitRule::NEWEST, ..Adjust::default() };
        selectable(&split(text, how)).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn under_the_newest_rule_round_the_clock_and_percentages_are_one_word_each() {
        assert_eq!(
            newest("Open 24/7, 100% of the time; 1/2 of us and/or you. 50 % off"),
            ["Open", "24/7", "100%", "of", "the", "time", "1/2", "of", "us", "and", "or", "you", "50", "off"]
        );
        // Hyphens still join, as before.
        assert_eq!(newest("COVID-19 in 2020/21"), ["COVID-19", "in", "2020/21"]);
    }

    #[test]
    fn a_question_written_under_the_first_rule_keeps_its_word_positions() {
        let text = "Open 24/7 for 100% of people";
        let old = selectable(&split(text, Adjust::default()));
        assert_eq!(old.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(old[2], (2, "7".to_owned()));
        let new = selectable(&split(text, Adjust { rule: SplitRule::NEWEST, ..Adjust::default() }));
        assert_eq!(new[1], (1, "24/7".to_owned()));
        assert_eq!(new.len(), 6);
    }

    #[test]
    fn numbers_are_words_and_punctuation_is_not() {
        assert_eq!(
            words("Open 24/7, 365 days; 3.5 million visits!"),
            ["Open", "24", "7", "365", "days", "3.5", "million", "visits"]
        );
        let blocks = split("Hello, world.", Adjust::default());
        let Block::Paragraph(pieces) = &blocks[0] else { panic!("a paragraph") };
        assert_eq!(pieces[1], Piece::Gap(", ".to_owned()));
        assert_eq!(pieces[3], Piece::Gap(".".to_owned()));
    }

    #[test]
    fn welsh_words_keep_their_accents_and_apostrophes() {
        assert_eq!(
            words("Rydyn ni’n gofalu â pharch i’r gymuned"),
            ["Rydyn", "ni’n", "gofalu", "â", "pharch", "i’r", "gymuned"]
        );
    }

    #[test]
    fn bengali_words_keep_their_combining_marks() {
        // "compassion and respect"
        assert_eq!(words("সহানুভূতি ও সম্মান।"), ["সহানুভূতি", "ও", "সম্মান"]);
    }

    #[test]
    fn emoji_are_text_between_words() {
        assert_eq!(words("Kind 💙 and open 👍🏽"), ["Kind", "and", "open"]);
    }

    #[test]
    fn paragraphs_and_list_items_keep_their_layout_and_indices_run_on() {
        let blocks = split("We promise:\n- to listen\n- to act\n\nTogether we care.", Adjust::default());
        assert_eq!(blocks.len(), 3);
        let Block::List(items) = &blocks[1] else { panic!("a list") };
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1][0], Piece::Word { index: 4, text, .. } if text == "to"));
        let Block::Paragraph(last) = &blocks[2] else { panic!("a paragraph") };
        assert!(matches!(&last[0], Piece::Word { index: 6, text, .. } if text == "Together"));
    }

    #[test]
    fn a_joined_phrase_is_one_word_under_its_first_index_and_later_indices_do_not_move() {
        let phrases = vec!["person centred".to_owned()];
        let blocks =
            split("Safe, person centred care", Adjust { phrases: &phrases, fillers: &[], rule: SplitRule::V1 });
        assert_eq!(
            selectable(&blocks),
            [(0, "Safe".to_owned()), (1, "person centred".to_owned()), (3, "care".to_owned())]
        );
    }

    #[test]
    fn filler_words_cannot_be_marked_but_are_still_shown() {
        let fillers = vec!["and".to_owned(), "The".to_owned()];
        let blocks = split("The kind and the brave", Adjust { phrases: &[], fillers: &fillers, rule: SplitRule::V1 });
        assert_eq!(selectable(&blocks), [(1, "kind".to_owned()), (4, "brave".to_owned())]);
        let Block::Paragraph(pieces) = &blocks[0] else { panic!("a paragraph") };
        assert!(matches!(&pieces[0], Piece::Word { text, selectable: false, .. } if text == "The"));
    }

    #[test]
    fn numbered_lists_are_lists_and_empty_text_has_no_words() {
        let blocks = split("1. Listen\n2. Act", Adjust::default());
        assert!(matches!(&blocks[0], Block::List(items) if items.len() == 2));
        assert!(split("  \n\n", Adjust::default()).is_empty());
    }
}
