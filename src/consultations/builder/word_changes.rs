//! What an editor may change in a keep/remove question after adding it —
//! join words into a phrase, split a phrase, make words filler or not, the
//! least and most marks, the text — and which of those changes would cost
//! respondents their marks.
//!
//! Phrases and fillers are kept as text (see `words`): joining "person" and
//! "centred" joins them wherever they occur together, and making "and" a
//! filler makes every "and" one. A word's index never moves, so a change
//! orphans marks only where a marked index would show a different word or
//! no longer be markable; that is the one test every change goes through.

use std::collections::BTreeMap;

use crate::consultations::words::{self, Adjust, Block, Piece, SplitRule};

/// The parts of a keep/remove question an editor adjusts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordSettings {
    pub text: String,
    pub phrases: Vec<String>,
    pub fillers: Vec<String>,
    pub rule: SplitRule,
}

impl WordSettings {
    pub fn blocks(&self) -> Vec<Block> {
        words::split(&self.text, Adjust { phrases: &self.phrases, fillers: &self.fillers, rule: self.rule })
    }
}

/// Every line of the text (a paragraph or a list item) as its pieces.
fn lines(blocks: &[Block]) -> Vec<&[Piece]> {
    let mut out: Vec<&[Piece]> = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(pieces) => out.push(pieces),
            Block::List(items) => out.extend(items.iter().map(Vec::as_slice)),
        }
    }
    out
}

/// Every word and phrase, markable or not, as (index, text, markable).
pub fn chips(blocks: &[Block]) -> Vec<(u32, String, bool)> {
    lines(blocks)
        .into_iter()
        .flatten()
        .filter_map(|p| match p {
            Piece::Word { index, text, selectable } => Some((*index, text.clone(), *selectable)),
            Piece::Gap(_) => None,
        })
        .collect()
}

/// True when a chip's text is more than one word (a joined phrase).
pub fn is_phrase(text: &str, rule: SplitRule) -> bool {
    words::words_of(text, rule).len() > 1
}

fn same_words(a: &str, b: &str, rule: SplitRule) -> bool {
    words::words_of(a, rule) == words::words_of(b, rule)
}

fn text_of(blocks: &[Block], index: u32) -> Option<String> {
    chips(blocks).into_iter().find(|(i, ..)| *i == index).map(|(_, t, _)| t)
}

/// Joins the chosen words, which must sit next to each other in one line,
/// into one phrase. Returns the phrase.
pub fn join(s: &mut WordSettings, chosen: &[u32]) -> Result<String, String> {
    if chosen.len() < 2 {
        return Err("Choose two or more words next to each other to join them into a phrase.".to_owned());
    }
    let blocks = s.blocks();
    let line = lines(&blocks)
        .into_iter()
        .find(|line| line.iter().any(|p| matches!(p, Piece::Word { index, .. } if chosen.contains(index))))
        .ok_or_else(|| "Those words are not in the text. Reload the page and choose again.".to_owned())?;
    let positions: Vec<usize> = line
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p, Piece::Word { index, .. } if chosen.contains(index)))
        .map(|(at, _)| at)
        .collect();
    // Words and gaps alternate, so words next to each other are two apart.
    let next_to_each_other = positions.windows(2).all(|w| w[1] == w[0] + 2);
    if positions.len() != chosen.len() || !next_to_each_other {
        return Err("Choose words that are next to each other in the same line or list item.".to_owned());
    }
    let (first, last) = (positions[0], positions[positions.len() - 1]);
    let phrase: String = line[first..=last]
        .iter()
        .map(|p| match p {
            Piece::Word { text, .. } | Piece::Gap(text) => text.as_str(),
        })
        .collect();
    let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
    let Piece::Word { index: start, .. } = &line[first] else { unreachable!("a chosen position is a word") };
    // The new phrase goes first so that it wins over shorter ones it contains.
    let rule = s.rule;
    s.phrases.retain(|p| !same_words(p, &phrase, rule));
    s.phrases.insert(0, phrase.clone());
    if text_of(&s.blocks(), *start).is_none_or(|t| !same_words(&t, &phrase, rule)) {
        return Err(format!("“{phrase}” overlaps a phrase that starts earlier in the line; split that phrase first."));
    }
    Ok(phrase)
}

/// Splits the chosen phrases back into words. Returns them.
pub fn split(s: &mut WordSettings, chosen: &[u32]) -> Result<Vec<String>, String> {
    let found: Vec<String> = chips(&s.blocks())
        .into_iter()
        .filter(|(index, text, _)| chosen.contains(index) && is_phrase(text, s.rule))
        .map(|(_, text, _)| text)
        .collect();
    if found.is_empty() {
        return Err("Choose a phrase (two or more words joined) to split it back into words.".to_owned());
    }
    let rule = s.rule;
    s.phrases.retain(|p| !found.iter().any(|f| same_words(p, f, rule)));
    Ok(found)
}

/// Makes the chosen words filler (`filler`) or markable again. Returns them.
pub fn set_filler(s: &mut WordSettings, chosen: &[u32], filler: bool) -> Result<Vec<String>, String> {
    let found: Vec<String> = chips(&s.blocks())
        .into_iter()
        .filter(|(index, _, markable)| chosen.contains(index) && *markable == filler)
        .map(|(_, text, _)| text)
        .collect();
    if found.is_empty() {
        return Err(if filler {
            "Choose one or more words that can be marked to make them filler.".to_owned()
        } else {
            "Choose one or more filler words to ask about them again.".to_owned()
        });
    }
    for word in &found {
        let word = word.to_lowercase();
        if filler {
            s.fillers.push(word);
        } else {
            s.fillers.retain(|f| f.trim().to_lowercase() != word);
        }
    }
    s.fillers.sort();
    s.fillers.dedup();
    Ok(found)
}

/// The words whose marks a change from `before` to `after` would orphan, as
/// (word as it was, marks given to it), given the marks on each index.
pub fn orphaned(before: &WordSettings, after: &WordSettings, marks: &BTreeMap<u32, i64>) -> Vec<(String, i64)> {
    let now: BTreeMap<u32, String> = words::selectable(&after.blocks()).into_iter().collect();
    words::selectable(&before.blocks())
        .into_iter()
        .filter_map(|(index, text)| {
            let n = marks.get(&index).copied().unwrap_or(0);
            let kept = now.get(&index).is_some_and(|t| *t == text);
            (n > 0 && !kept).then_some((text, n))
        })
        .collect()
}

/// Why a change is refused, naming the marks it would lose.
pub fn orphan_message(lost: &[(String, i64)]) -> String {
    let named: Vec<String> =
        lost.iter().take(8).map(|(word, n)| format!("“{word}” ({n} mark{})", if *n == 1 { "" } else { "s" })).collect();
    let more = if lost.len() > 8 { format!(" and {} more", lost.len() - 8) } else { String::new() };
    format!(
        "Nothing was changed: respondents have already marked {}{more}, and those marks would be lost. \
         Changes that leave every marked word as it is can still be made.",
        named.join(", ")
    )
}

/// How many of the given answers (their numbers of marks) break the limits.
/// An answer with no marks is no answer, so limits do not apply to it.
pub fn outside_limits(mark_counts: &[usize], min_marks: u32, max_marks: u32) -> (usize, usize) {
    let too_few = mark_counts.iter().filter(|n| **n > 0 && (**n as u32) < min_marks).count();
    let too_many = mark_counts.iter().filter(|n| max_marks > 0 && **n as u32 > max_marks).count();
    (too_few, too_many)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(text: &str) -> WordSettings {
        WordSettings { text: text.to_owned(), ..WordSettings::default() }
    }

    fn markable(s: &WordSettings) -> Vec<String> {
        words::selectable(&s.blocks()).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn two_words_side_by_side_join_and_split_back() {
        let mut s = settings("Safe and caring, always caring");
        assert_eq!(join(&mut s, &[1, 2]).unwrap(), "and caring");
        assert_eq!(markable(&s), ["Safe", "and caring", "always", "caring"]);
        assert_eq!(split(&mut s, &[1]).unwrap(), ["and caring"]);
        assert_eq!(markable(&s), ["Safe", "and", "caring", "always", "caring"]);
    }

    #[test]
    fn words_apart_or_in_different_lines_do_not_join() {
        let mut s = settings("Kind and brave\n- listen\n- act");
        assert!(join(&mut s, &[0, 2]).is_err());
        assert!(join(&mut s, &[3, 4]).is_err());
        assert!(join(&mut s, &[0]).is_err());
        assert!(s.phrases.is_empty());
    }

    #[test]
    fn a_longer_phrase_wins_over_one_it_contains() {
        let mut s = settings("person centred care");
        join(&mut s, &[0, 1]).unwrap();
        join(&mut s, &[0, 2]).unwrap();
        assert_eq!(markable(&s), ["person centred care"]);
    }

    #[test]
    fn filler_words_toggle_everywhere_they_occur() {
        let mut s = settings("Kind and open and fair");
        assert_eq!(set_filler(&mut s, &[1], true).unwrap(), ["and"]);
        assert_eq!(markable(&s), ["Kind", "open", "fair"]);
        assert!(set_filler(&mut s, &[1], true).is_err());
        set_filler(&mut s, &[3], false).unwrap();
        assert_eq!(markable(&s), ["Kind", "and", "open", "and", "fair"]);
    }

    #[test]
    fn only_changes_that_touch_marked_words_orphan_marks() {
        let before = settings("Kind and open and fair");
        let marks = BTreeMap::from([(0, 3), (2, 1)]);
        let mut after = before.clone();
        join(&mut after, &[3, 4]).unwrap();
        assert!(orphaned(&before, &after, &marks).is_empty());
        let mut after = before.clone();
        join(&mut after, &[2, 3]).unwrap();
        assert_eq!(orphaned(&before, &after, &marks), [("open".to_owned(), 1)]);
        let mut after = before.clone();
        set_filler(&mut after, &[0], true).unwrap();
        assert_eq!(orphaned(&before, &after, &marks), [("Kind".to_owned(), 3)]);
        assert!(orphan_message(&orphaned(&before, &after, &marks)).contains("“Kind” (3 marks)"));
    }

    #[test]
    fn limits_skip_answers_without_marks() {
        assert_eq!(outside_limits(&[0, 1, 3, 6], 2, 5), (1, 1));
        assert_eq!(outside_limits(&[0, 1, 3, 6], 0, 0), (0, 0));
    }
}
