//! Word-level comparison of two versions: which words were added and which
//! removed, part by part (vision, mission, each value by its key, …).

use serde::Serialize;

use crate::values::model::{Framework, Value};

/// What happened to a run of words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Same,
    Added,
    Removed,
}

/// A run of words with the same fate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Segment {
    pub change: Change,
    pub text: String,
}

/// One part of the framework compared.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Part {
    /// What this part is, e.g. "Mission" or "Value: Kindness – we will".
    pub label: String,
    pub segments: Vec<Segment>,
    /// True when anything differs.
    pub changed: bool,
    /// Compared in a language: the English of this part changed between
    /// the versions (whether or not its translation did).
    #[serde(skip)]
    pub english_changed: bool,
}

/// Compares two texts word by word (longest common subsequence of words).
pub fn words(old: &str, new: &str) -> Vec<Segment> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    // Lengths of common subsequences of the suffixes.
    let mut table = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] { table[i + 1][j + 1] + 1 } else { table[i + 1][j].max(table[i][j + 1]) };
        }
    }
    let mut segments: Vec<Segment> = Vec::new();
    let mut push = |change: Change, word: &str| match segments.last_mut() {
        Some(last) if last.change == change => {
            last.text.push(' ');
            last.text.push_str(word);
        }
        _ => segments.push(Segment { change, text: word.to_owned() }),
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            push(Change::Same, a[i]);
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || table[i + 1][j] >= table[i][j + 1]) {
            // Removed words come before the words that replace them.
            push(Change::Removed, a[i]);
            i += 1;
        } else {
            push(Change::Added, b[j]);
            j += 1;
        }
    }
    segments
}

fn part(label: String, old: &str, new: &str) -> Part {
    let segments = words(old, new);
    let changed = segments.iter().any(|s| s.change != Change::Same);
    Part { label, segments, changed, english_changed: false }
}

fn list(items: &[String]) -> String {
    items.join(" · ")
}

fn value_parts(parts: &mut Vec<Part>, old: Option<&Value>, new: Option<&Value>) {
    let empty = Value::default();
    let (o, n) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let name = if n.name.is_empty() { &o.name } else { &n.name };
    parts.push(part(format!("Value: {name}"), &o.name, &n.name));
    parts.push(part(format!("{name} – promise"), &o.promise, &n.promise));
    parts.push(part(format!("{name} – we will"), &list(&o.commitments), &list(&n.commitments)));
    parts.push(part(format!("{name} – how we live it"), &list(&o.behaviours), &list(&n.behaviours)));
}

/// Every part of two versions compared, in the newer version's order, with
/// values matched by key (a removed value comes after the others).
pub fn frameworks(old: &Framework, new: &Framework) -> Vec<Part> {
    let mut parts = every_part(old, new);
    parts.retain(|p| !p.segments.is_empty());
    parts
}

/// Two versions compared in another language: `old` and `new` are their
/// texts in that language (see [`crate::values::translation::resolve`]),
/// `old_en` and `new_en` the versions as written. A part whose translation
/// stayed the same while its English changed is marked `english_changed`,
/// so that it is not shown as unchanged: its translation may be out of date.
pub fn translated(old_en: &Framework, new_en: &Framework, old: &Framework, new: &Framework) -> Vec<Part> {
    // Both lists have a part for every part of the same versions, in the
    // same order: a translation has the shape of its English.
    let english = every_part(old_en, new_en);
    let mut parts = every_part(old, new);
    for (part, en) in parts.iter_mut().zip(&english) {
        part.english_changed = en.changed;
    }
    parts.retain(|p| !p.segments.is_empty());
    parts
}

fn every_part(old: &Framework, new: &Framework) -> Vec<Part> {
    let mut parts = vec![
        part("Vision".to_owned(), &old.vision.statement, &new.vision.statement),
        part("Supporting statements".to_owned(), &list(&old.vision.supporting), &list(&new.vision.supporting)),
        part("Mission".to_owned(), &old.mission, &new.mission),
        part("Motto".to_owned(), &old.motto, &new.motto),
    ];
    for value in &new.values {
        value_parts(&mut parts, old.value(&value.key), Some(value));
    }
    for value in old.values.iter().filter(|v| new.value(&v.key).is_none()) {
        value_parts(&mut parts, Some(value), None);
    }
    let flat = |f: &Framework| {
        f.principles.iter().map(|g| format!("{} {}", g.heading, list(&g.items))).collect::<Vec<_>>().join(" · ")
    };
    parts.push(part("Principles".to_owned(), &flat(old), &flat(new)));
    parts
}

/// What an edit changed, for the audit log: the changed parts' texts as
/// they were and as they are, one part a line (`Mission: …`), and the
/// languages whose translations changed. `None` when nothing did.
pub fn audit_texts(old: &Framework, new: &Framework) -> (Option<String>, Option<String>) {
    let text = |part: &Part, drop: Change| {
        let words: Vec<&str> = part.segments.iter().filter(|s| s.change != drop).map(|s| s.text.as_str()).collect();
        format!("{}: {}", part.label, words.join(" "))
    };
    let changed: Vec<Part> = frameworks(old, new).into_iter().filter(|p| p.changed).collect();
    let mut before: Vec<String> = changed.iter().map(|p| text(p, Change::Added)).collect();
    let mut after: Vec<String> = changed.iter().map(|p| text(p, Change::Removed)).collect();
    let languages: Vec<&str> = old
        .translations
        .keys()
        .chain(new.translations.keys())
        .filter(|lang| old.translations.get(*lang) != new.translations.get(*lang))
        .map(String::as_str)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for lang in languages {
        let describe = |f: &Framework| {
            f.translations.get(lang).map_or_else(|| "none".to_owned(), |t| serde_json::to_string(t).unwrap_or_default())
        };
        before.push(format!("Translation {lang}: {}", describe(old)));
        after.push(format!("Translation {lang}: {}", describe(new)));
    }
    let joined = |lines: Vec<String>| (!lines.is_empty()).then(|| lines.join("\n"));
    (joined(before), joined(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(change: Change, text: &str) -> Segment {
        Segment { change, text: text.to_owned() }
    }

    #[test]
    fn words_added_and_removed_are_marked_in_place() {
        assert_eq!(
            words("we care for every patient, always", "we care for every person and family, always"),
            vec![
                seg(Change::Same, "we care for every"),
                seg(Change::Removed, "patient,"),
                seg(Change::Added, "person and family,"),
                seg(Change::Same, "always"),
            ]
        );
        assert_eq!(words("", "brand new"), vec![seg(Change::Added, "brand new")]);
        assert_eq!(words("all gone", ""), vec![seg(Change::Removed, "all gone")]);
    }

    #[test]
    fn an_edit_is_audited_with_the_changed_texts_before_and_after() {
        let old =
            Framework { mission: "We care for every patient".into(), motto: "Together".into(), ..Framework::default() };
        let new =
            Framework { mission: "We care for every person".into(), motto: "Together".into(), ..Framework::default() };
        let (before, after) = audit_texts(&old, &new);
        assert_eq!(before.as_deref(), Some("Mission: We care for every patient"));
        assert_eq!(after.as_deref(), Some("Mission: We care for every person"));
        assert_eq!(audit_texts(&new, &new), (None, None));
    }

    #[test]
    fn a_translation_that_stayed_while_its_english_changed_is_not_unchanged() {
        let en = |motto: &str| Framework { motto: motto.into(), mission: "Care".into(), ..Framework::default() };
        let cy = Framework { motto: "Gyda chi".into(), mission: "Gofal".into(), ..Framework::default() };
        let parts = translated(&en("With you"), &en("Near you"), &cy, &cy);
        let motto = parts.iter().find(|p| p.label == "Motto").unwrap();
        assert!(!motto.changed && motto.english_changed);
        let mission = parts.iter().find(|p| p.label == "Mission").unwrap();
        assert!(!mission.changed && !mission.english_changed);
    }

    #[test]
    fn identical_texts_have_no_changes() {
        assert_eq!(words("a b c", "a  b\nc"), vec![seg(Change::Same, "a b c")]);
        assert!(words("", "").is_empty());
    }

    #[test]
    fn a_new_value_shows_as_added_and_a_dropped_one_as_removed() {
        let old = Framework {
            values: vec![Value { key: "kind".into(), name: "Kind".into(), ..Value::default() }],
            ..Framework::default()
        };
        let new = Framework {
            values: vec![Value { key: "brave".into(), name: "Brave".into(), ..Value::default() }],
            ..Framework::default()
        };
        let parts = frameworks(&old, &new);
        let names: Vec<&Part> = parts.iter().filter(|p| p.label.starts_with("Value:")).collect();
        assert_eq!(names[0].segments, vec![seg(Change::Added, "Brave")]);
        assert_eq!(names[1].segments, vec![seg(Change::Removed, "Kind")]);
    }
}
