//! Makes any text printable before it is typeset.
//!
//! Every character Ethos accepts must print. The embedded fonts cover the
//! scripts of the languages Ethos offers and emoji; a character none of them
//! has (a rare script, a private-use or unassigned code point) would come out
//! as the font's "missing glyph" box, which a tagged PDF/UA file may not
//! contain. Such a character becomes [`PLACEHOLDER`] instead, visibly, and
//! the caller logs which characters were replaced.
//!
//! Line endings are made plain on the way: `\r\n` and a lone `\r` become
//! `\n`. Other control characters are refused by the forms; any that were
//! stored before that become placeholders too, as do U+FFFE and U+FFFF; a
//! byte order mark (U+FEFF), invisible anyway, is dropped (PDF/UA forbids
//! text to map to those).

use std::collections::BTreeSet;

use serde_json::Value;
use typst::text::is_default_ignorable;

use crate::world::covers;

/// What stands in for a character no font can show: U+FFFD REPLACEMENT
/// CHARACTER, a question mark in a diamond.
pub(crate) const PLACEHOLDER: char = '\u{FFFD}';

/// Cleans every string in `data` (see the module's documentation) and
/// returns the characters that were replaced by the placeholder.
pub(crate) fn clean(data: &mut Value) -> BTreeSet<char> {
    let mut replaced = BTreeSet::new();
    each_string(data, &mut |text| {
        if let Some(clean) = clean_text(text, &mut replaced) {
            *text = clean;
        }
    });
    replaced
}

/// Replaces each of `runs` wherever it occurs in `data` by one placeholder.
pub(crate) fn replace_runs(data: &mut Value, runs: &BTreeSet<String>) {
    each_string(data, &mut |text| {
        for run in runs {
            if text.contains(run.as_str()) {
                *text = text.replace(run.as_str(), &PLACEHOLDER.to_string());
            }
        }
    });
}

fn each_string(value: &mut Value, f: &mut impl FnMut(&mut String)) {
    match value {
        Value::String(text) => f(text),
        Value::Array(items) => items.iter_mut().for_each(|item| each_string(item, f)),
        Value::Object(fields) => fields.values_mut().for_each(|field| each_string(field, f)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The text made printable, or `None` when it already is.
fn clean_text(text: &str, replaced: &mut BTreeSet<char>) -> Option<String> {
    let plain = |c: char| (c.is_ascii() && !c.is_ascii_control()) || c == '\n' || c == '\t';
    if text.chars().all(plain) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            c if plain(c) => out.push(c),
            // A byte order mark inside text is an invisible no-break space,
            // and one a tagged PDF may not carry: it goes.
            '\u{FEFF}' => {}
            // Controls, and the noncharacters a tagged PDF may not carry.
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                replaced.insert(c);
                out.push(PLACEHOLDER);
            }
            // Joiners, variation selectors and direction marks are shaped
            // away when a font lacks them.
            c if covers(c) || is_default_ignorable(c) => out.push(c),
            c if c.is_whitespace() => out.push(' '),
            c => {
                replaced.insert(c);
                out.push(PLACEHOLDER);
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn emoji_and_every_offered_script_are_kept() {
        let mut data = json!({"a": "Warmth 💙 ❤️ 👩🏽‍⚕️", "b": ["ਪੰਜਾਬੀ ગુજરાતી 中文 বাংলা اردو Cymraeg ŵ"]});
        let before = data.clone();
        assert!(clean(&mut data).is_empty());
        assert_eq!(data, before);
    }

    #[test]
    fn characters_no_font_has_become_placeholders() {
        let mut data = json!({"title": "Care \u{13000} and \u{10FFFD}", "n": 3});
        let replaced = clean(&mut data);
        assert_eq!(data, json!({"title": "Care \u{FFFD} and \u{FFFD}", "n": 3}));
        assert_eq!(replaced, BTreeSet::from(['\u{13000}', '\u{10FFFD}']));
    }

    #[test]
    fn line_endings_are_made_plain_and_controls_replaced() {
        let mut data = json!(["one\r\ntwo\rthree\n\tfour", "a\u{0}b\u{7}c\u{7f}", "\u{feff}bom"]);
        let replaced = clean(&mut data);
        assert_eq!(data, json!(["one\ntwo\nthree\n\tfour", "a\u{FFFD}b\u{FFFD}c\u{FFFD}", "bom"]));
        assert_eq!(replaced, BTreeSet::from(['\u{0}', '\u{7}', '\u{7f}']));
    }

    #[test]
    fn runs_are_replaced_where_they_occur() {
        let mut data = json!({"x": "ab\u{301}c ab"});
        replace_runs(&mut data, &BTreeSet::from(["b\u{301}".to_owned()]));
        assert_eq!(data, json!({"x": "a\u{FFFD}c ab"}));
    }
}
