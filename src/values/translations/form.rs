//! The translation form's fields: every English text of a framework, where
//! its translation sits, and how long it may be.

use crate::values::model::{Framework, MAX_LINE, MAX_NAME, MAX_STATEMENT};
use crate::values::translation::line::{find, set};
use crate::values::translation::{LABELS, Line, Single, Translation, labels::default_for};

/// Where a text sits in a framework and its translation. Lines of lists
/// are found by their English text.
#[derive(Clone)]
pub(super) enum Slot {
    Single(Single),
    Supporting(String),
    Commitment(String, String),
    Behaviour(String, String),
    Principle(String),
    Label(&'static str),
}

impl Slot {
    fn lines<'a>(&self, t: &'a Translation) -> Option<&'a [Line]> {
        match self {
            Slot::Supporting(_) => Some(&t.vision.supporting),
            Slot::Commitment(k, _) => t.values.get(k).map(|v| v.commitments.as_slice()),
            Slot::Behaviour(k, _) => t.values.get(k).map(|v| v.behaviours.as_slice()),
            Slot::Principle(_) => Some(&t.principles),
            _ => None,
        }
    }

    fn en(&self) -> &str {
        match self {
            Slot::Supporting(en) | Slot::Commitment(_, en) | Slot::Behaviour(_, en) | Slot::Principle(en) => en,
            _ => "",
        }
    }

    pub(super) fn get(&self, t: &Translation) -> String {
        match self {
            Slot::Single(single) => single.text(t).to_owned(),
            Slot::Label(key) => t.labels.get(*key).cloned().unwrap_or_default(),
            _ => self.lines(t).and_then(|l| find(l, self.en())).map(|l| l.text.clone()).unwrap_or_default(),
        }
    }

    /// The English the text was translated from, when the English in
    /// `framework` has changed since.
    pub(super) fn was(&self, framework: &Framework, t: &Translation) -> Option<String> {
        match self {
            Slot::Single(single) => single.outdated(framework, t).map(str::to_owned),
            _ => self.lines(t).and_then(|l| find(l, self.en())).filter(|l| l.outdated()).and_then(|l| l.was.clone()),
        }
    }

    /// Sets the text; a new text, or `confirm`, clears an out-of-date mark.
    pub(super) fn set(&self, t: &mut Translation, text: String, confirm: bool) {
        match self {
            Slot::Single(single) => {
                if let Single::Name(k) | Single::Promise(k) = single {
                    t.values.entry(k.clone()).or_default();
                }
                if let Some((old, was)) = single.parts_mut(t) {
                    if *old != text || confirm {
                        *was = None;
                    }
                    *old = text;
                }
            }
            Slot::Supporting(en) => set(&mut t.vision.supporting, en, text, confirm),
            Slot::Commitment(k, en) => set(&mut t.values.entry(k.clone()).or_default().commitments, en, text, confirm),
            Slot::Behaviour(k, en) => set(&mut t.values.entry(k.clone()).or_default().behaviours, en, text, confirm),
            Slot::Principle(en) => set(&mut t.principles, en, text, confirm),
            Slot::Label(key) => {
                t.labels.insert((*key).to_owned(), text);
            }
        }
    }
}

/// One English text and its translation, as a form field.
pub struct Row {
    /// The input's id and name.
    pub id: String,
    pub label: String,
    pub source: String,
    pub translation: String,
    pub multiline: bool,
    pub max: usize,
    /// The English this was translated from, when the English has changed
    /// since: the translation may be out of date.
    pub was: Option<String>,
    /// Ethos's own wording, for a page label.
    pub built_in: Option<&'static str>,
    pub(super) slot: Slot,
}

/// A part of the form: a heading and its rows.
pub struct Section {
    pub heading: String,
    pub rows: Vec<Row>,
}

fn row(id: String, label: String, source: &str, slot: Slot, max: usize) -> Row {
    Row {
        id,
        label,
        source: source.to_owned(),
        translation: String::new(),
        multiline: max == MAX_STATEMENT,
        max,
        was: None,
        built_in: None,
        slot,
    }
}

/// Every non-empty English text of the framework, by part, then the page
/// labels (with Ethos's own wording in `code`, where it has one).
pub(super) fn sections(framework: &Framework, code: &str) -> Vec<Section> {
    let mut out = Vec::new();
    let mut rows = Vec::new();
    if !framework.vision.statement.is_empty() {
        rows.push(row(
            "vision".into(),
            "Vision".into(),
            &framework.vision.statement,
            Slot::Single(Single::Vision),
            MAX_STATEMENT,
        ));
    }
    for (i, s) in framework.vision.supporting.iter().enumerate() {
        let label = format!("Supporting statement {}", i + 1);
        rows.push(row(format!("supporting-{i}"), label, s, Slot::Supporting(s.clone()), MAX_STATEMENT));
    }
    if !framework.mission.is_empty() {
        rows.push(row(
            "mission".into(),
            "Mission".into(),
            &framework.mission,
            Slot::Single(Single::Mission),
            MAX_STATEMENT,
        ));
    }
    if !framework.motto.is_empty() {
        rows.push(row("motto".into(), "Motto".into(), &framework.motto, Slot::Single(Single::Motto), MAX_LINE));
    }
    if !rows.is_empty() {
        out.push(Section { heading: "Vision, mission and motto".into(), rows });
    }
    for value in &framework.values {
        let k = &value.key;
        let mut rows = vec![row(
            format!("v-{k}-name"),
            "Name".into(),
            &value.name,
            Slot::Single(Single::Name(k.clone())),
            MAX_NAME,
        )];
        if !value.promise.is_empty() {
            rows.push(row(
                format!("v-{k}-promise"),
                "Promise".into(),
                &value.promise,
                Slot::Single(Single::Promise(k.clone())),
                MAX_LINE,
            ));
        }
        for (i, s) in value.commitments.iter().enumerate() {
            let label = format!("Commitment {}", i + 1);
            rows.push(row(format!("v-{k}-c-{i}"), label, s, Slot::Commitment(k.clone(), s.clone()), MAX_LINE));
        }
        for (i, s) in value.behaviours.iter().enumerate() {
            let label = format!("Behaviour {}", i + 1);
            rows.push(row(format!("v-{k}-b-{i}"), label, s, Slot::Behaviour(k.clone(), s.clone()), MAX_LINE));
        }
        out.push(Section { heading: format!("Value: {}", value.name), rows });
    }
    for (g, group) in framework.principles.iter().enumerate() {
        let mut rows = Vec::new();
        if !group.heading.is_empty() {
            rows.push(row(
                format!("p-{g}-heading"),
                "Heading".into(),
                &group.heading,
                Slot::Principle(group.heading.clone()),
                MAX_LINE,
            ));
        }
        for (i, s) in group.items.iter().enumerate() {
            let label = format!("Principle {}", i + 1);
            rows.push(row(format!("p-{g}-{i}"), label, s, Slot::Principle(s.clone()), MAX_LINE));
        }
        if !rows.is_empty() {
            let heading = if group.heading.is_empty() {
                format!("Principles, group {}", g + 1)
            } else {
                format!("Principles: {}", group.heading)
            };
            out.push(Section { heading, rows });
        }
    }
    let rows = LABELS
        .iter()
        .map(|l| {
            let label = format!("{} ({})", l.english, l.about);
            let mut row = row(format!("label-{}", l.key), label, l.english, Slot::Label(l.key), MAX_LINE);
            row.built_in = default_for(code, l.key);
            row
        })
        .collect();
    out.push(Section { heading: "Page labels".into(), rows });
    out
}
