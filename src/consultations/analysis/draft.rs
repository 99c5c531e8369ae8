//! A values draft opened from a consultation's findings, as its editor sees
//! it: the words people removed, marked wherever the draft still uses them,
//! and the little words ("to", "and", "the") left out of what is shown as
//! removed, since removing them says nothing about the values.

use unicode_segmentation::UnicodeSegmentation;

use super::themes::is_little_word;

/// A run of text, marked when it is a word people removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub removed: bool,
}

/// Lower case with curly apostrophes made straight, as words are compared.
fn folded(word: &str) -> String {
    word.chars().map(|c| if matches!(c, '’' | '‘') { '\'' } else { c }).flat_map(char::to_lowercase).collect()
}

/// Whether a word people removed is worth the editor's attention: not a
/// little word such as "to", "and" or "the".
pub fn worth_showing(word: &str) -> bool {
    let word = folded(word.trim());
    !word.is_empty() && !word.split_whitespace().all(is_little_word)
}

/// `text` in runs, each word people removed (compared without regard to
/// case) a marked run of its own. Phrases of several words are marked where
/// their words stand together.
pub fn mark_removed(text: &str, removed: &[String]) -> Vec<Span> {
    let wanted: Vec<Vec<String>> = removed
        .iter()
        .map(|w| w.split_whitespace().map(folded).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect();
    let pieces: Vec<&str> = text.split_word_bounds().collect();
    let is_word = |p: &str| p.chars().any(char::is_alphanumeric);
    let mut out: Vec<Span> = Vec::new();
    let push = |out: &mut Vec<Span>, text: &str, removed: bool| match out.last_mut() {
        Some(last) if last.removed == removed && !removed => last.text.push_str(text),
        _ => out.push(Span { text: text.to_owned(), removed }),
    };
    let mut i = 0;
    while i < pieces.len() {
        // The longest removed word or phrase starting here, as pieces used.
        let mut matched = 0;
        if is_word(pieces[i]) {
            for phrase in &wanted {
                let (mut at, mut used) = (i, 0);
                let mut ok = true;
                for (n, word) in phrase.iter().enumerate() {
                    if n > 0 {
                        // Only spaces may stand between a phrase's words.
                        while at < pieces.len() && pieces[at].trim().is_empty() {
                            at += 1;
                        }
                    }
                    if at < pieces.len() && folded(pieces[at]) == *word {
                        at += 1;
                        used = at - i;
                    } else {
                        ok = false;
                        break;
                    }
                }
                if ok && used > matched {
                    matched = used;
                }
            }
        }
        if matched > 0 {
            push(&mut out, &pieces[i..i + matched].concat(), true);
            i += matched;
        } else {
            push(&mut out, pieces[i], false);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(spans: &[Span]) -> Vec<&str> {
        spans.iter().filter(|s| s.removed).map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn removed_words_are_marked_wherever_they_stand_and_the_text_is_kept_whole() {
        let removed = ["brave".to_owned(), "warmly".to_owned(), "person centred".to_owned()];
        let text = "We are Brave. We welcome everyone warmly, person centred and person-led.";
        let spans = mark_removed(text, &removed);
        assert_eq!(marked(&spans), ["Brave", "warmly", "person centred"]);
        assert_eq!(spans.iter().map(|s| s.text.as_str()).collect::<String>(), text, "nothing lost or added");
        assert!(marked(&mark_removed("bravely", &removed)).is_empty(), "whole words only");
    }

    #[test]
    fn little_words_are_not_worth_showing_and_value_words_are() {
        for word in ["to", "and", "The", " the ", "of the"] {
            assert!(!worth_showing(word), "{word}");
        }
        for word in ["brave", "we", "together", "open and honest"] {
            assert!(worth_showing(word), "{word}");
        }
    }
}
