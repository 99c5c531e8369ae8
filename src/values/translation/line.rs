//! A translated line of a list (a supporting statement, commitment,
//! behaviour, principle or principle heading), tied to the English line it
//! translates rather than to a position: reordering or removing English
//! lines never moves a translation onto another line.
//!
//! When an English line is reworded after it was translated, saving the
//! draft moves the translation onto the new wording and keeps the wording it
//! was translated from in `was`: the translation may be out of date until an
//! editor saves it again or confirms it.

use serde::{Deserialize, Deserializer, Serialize};

use super::null_as_empty;

/// Where a line written before translations were tied to their English
/// line (a plain text in a list) sat, so that it can be tied now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legacy {
    /// The nth line of its list.
    At(usize),
    /// The heading of the nth group of principles.
    Heading(usize),
    /// The ith principle of the gth group.
    Item(usize, usize),
}

/// One translated line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Line {
    /// The English line this translates.
    pub en: String,
    /// Its translation.
    pub text: String,
    /// Set when the English line was reworded after it was translated: the
    /// English the translation was made from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
    #[serde(skip)]
    pub legacy: Option<Legacy>,
}

impl Line {
    pub fn new(en: &str, text: &str) -> Line {
        Line { en: en.to_owned(), text: text.to_owned(), was: None, legacy: None }
    }

    /// A line known only by its position, tied to its English line by
    /// [`super::upgrade`].
    pub fn legacy(at: Legacy, text: &str) -> Line {
        Line { text: text.to_owned(), legacy: Some(at), ..Line::default() }
    }

    /// The English line was reworded after this was translated (and not
    /// reworded back).
    pub fn outdated(&self) -> bool {
        self.was.as_ref().is_some_and(|was| *was != self.en)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    #[serde(default, deserialize_with = "null_as_empty")]
    en: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    text: String,
    #[serde(default)]
    was: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Repr {
    Plain(String),
    Tied(Written),
}

/// A legacy group of principles: a heading and its lines, by position.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    #[serde(default, deserialize_with = "null_as_empty")]
    heading: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    items: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum PrincipleRepr {
    Line(Repr),
    Group(Group),
}

fn from_repr(repr: Repr, i: usize) -> Line {
    match repr {
        Repr::Plain(text) => Line::legacy(Legacy::At(i), &text),
        Repr::Tied(w) => Line { en: w.en, text: w.text, was: w.was, legacy: None },
    }
}

impl<'de> Deserialize<'de> for Line {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Line, D::Error> {
        Ok(from_repr(Repr::deserialize(d)?, 0))
    }
}

/// A list of lines; plain texts (as written before lines were tied to their
/// English) keep their position for [`super::upgrade`].
pub fn lines<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Line>, D::Error> {
    let list: Option<Vec<Repr>> = Option::deserialize(d)?;
    Ok(list.unwrap_or_default().into_iter().enumerate().map(|(i, r)| from_repr(r, i)).collect())
}

/// Principles: tied lines, or (as written before) groups by position.
pub fn principles<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Line>, D::Error> {
    let list: Option<Vec<PrincipleRepr>> = Option::deserialize(d)?;
    let mut out = Vec::new();
    for (g, item) in list.unwrap_or_default().into_iter().enumerate() {
        match item {
            PrincipleRepr::Line(repr) => out.push(from_repr(repr, g)),
            PrincipleRepr::Group(group) => {
                if !group.heading.is_empty() {
                    out.push(Line::legacy(Legacy::Heading(g), &group.heading));
                }
                for (i, text) in group.items.iter().enumerate() {
                    out.push(Line::legacy(Legacy::Item(g, i), text));
                }
            }
        }
    }
    Ok(out)
}

/// The translation of the English line `en`, if any.
pub fn find<'a>(lines: &'a [Line], en: &str) -> Option<&'a Line> {
    lines.iter().find(|l| l.en == en && l.legacy.is_none())
}

/// Sets the translation of `en` (removing it when `text` is empty); a new
/// text clears the out-of-date mark, as does `confirm`.
pub fn set(lines: &mut Vec<Line>, en: &str, text: String, confirm: bool) {
    match lines.iter().position(|l| l.en == en) {
        Some(i) if text.is_empty() => {
            lines.remove(i);
        }
        Some(i) => {
            let line = &mut lines[i];
            if line.text != text || confirm {
                line.was = None;
            }
            line.text = text;
        }
        None if text.is_empty() => {}
        None => lines.push(Line::new(en, &text)),
    }
}

/// Pairs of (old, new) English lines where `new` replaced `old`: lines in a
/// changed stretch between lines that stayed, matched in order.
pub fn reworded(old: &[String], new: &[String]) -> Vec<(String, String)> {
    let (n, m) = (old.len(), new.len());
    // Longest common subsequence, from the end.
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut pairs = Vec::new();
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let mut flush = |removed: &mut Vec<String>, added: &mut Vec<String>| {
        for (o, n) in removed.drain(..).zip(added.drain(..)) {
            pairs.push((o, n));
        }
        removed.clear();
        added.clear();
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            flush(&mut removed, &mut added);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(new[j].clone());
            j += 1;
        } else {
            removed.push(old[i].clone());
            i += 1;
        }
    }
    flush(&mut removed, &mut added);
    // A line that is still there, or was there before, was moved, not reworded.
    pairs.retain(|(o, n)| !new.contains(o) && !old.contains(n));
    // A line moved and reworded at once: paired with the most alike line
    // that went, when at least half their words are shared.
    let gone: Vec<&String> = old.iter().filter(|o| !new.contains(o) && !pairs.iter().any(|(p, _)| p == *o)).collect();
    let mut taken: Vec<&String> = Vec::new();
    let came: Vec<&String> = new.iter().filter(|n| !old.contains(n) && !pairs.iter().any(|(_, p)| p == *n)).collect();
    for n in came {
        let best = gone
            .iter()
            .filter(|o| !taken.contains(o))
            .map(|o| (alike(o, n), *o))
            .filter(|(score, _)| *score >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, o)) = best {
            taken.push(o);
            pairs.push((o.clone(), n.clone()));
        }
    }
    pairs
}

/// Shared words over all words of two lines (0 to 1), ignoring case.
fn alike(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> std::collections::BTreeSet<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let (a, b) = (words(a), words(b));
    let all = a.union(&b).count();
    if all == 0 { 0.0 } else { a.intersection(&b).count() as f64 / all as f64 }
}

/// Follows English lines from `old` to `new`: a translation of a reworded
/// line moves to its new wording, marked out of date.
pub fn follow(lines: &mut [Line], old: &[String], new: &[String]) {
    for (o, n) in reworded(old, new) {
        if lines.iter().any(|l| l.en == n) {
            continue;
        }
        if let Some(line) = lines.iter_mut().find(|l| l.en == o) {
            line.was = Some(line.was.take().unwrap_or(o));
            line.en = n;
        }
    }
}

/// Drops lines whose English line is gone, and the empty ones.
pub fn keep_known(lines: &mut Vec<Line>, english: &[String]) {
    lines.retain(|l| l.legacy.is_none() && !l.text.trim().is_empty() && english.contains(&l.en));
    let mut seen: Vec<String> = Vec::new();
    lines.retain(|l| {
        let first = !seen.contains(&l.en);
        seen.push(l.en.clone());
        first
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_reworded_line_is_paired_with_its_new_wording_and_a_moved_one_is_not() {
        assert_eq!(reworded(&s(&["a", "b", "c"]), &s(&["c", "a", "b"])), vec![]);
        assert_eq!(reworded(&s(&["a", "b", "c"]), &s(&["a", "B", "c"])), vec![("b".into(), "B".into())]);
        assert_eq!(reworded(&s(&["a", "b", "c"]), &s(&["a", "c"])), vec![]);
        assert_eq!(reworded(&s(&["a", "b", "c", "d"]), &s(&["a", "c", "D"])), vec![("d".into(), "D".into())]);
        // Moved and reworded at once: found by the words they share.
        let old = s(&["wash hands", "call back when we said", "be kind"]);
        let new = s(&["call back when we promised", "wash hands"]);
        assert_eq!(reworded(&old, &new), vec![("call back when we said".into(), "call back when we promised".into())]);
    }

    #[test]
    fn following_marks_the_translation_out_of_date() {
        let mut lines = vec![Line::new("b", "bee")];
        follow(&mut lines, &s(&["a", "b"]), &s(&["a", "B"]));
        assert_eq!(lines, vec![Line { en: "B".into(), text: "bee".into(), was: Some("b".into()), legacy: None }]);
        set(&mut lines, "B", "bee".into(), true);
        assert!(!lines[0].outdated());
    }
}
