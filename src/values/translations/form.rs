//! The translation form's fields: every English text of a framework, where
//! its translation sits, and how long it may be.

use crate::values::model::{Framework, MAX_LINE, MAX_NAME, MAX_STATEMENT};
use crate::values::translation::Translation;

/// Where a text sits in a framework and its translation.
#[derive(Clone)]
pub(super) enum Slot {
    Vision,
    Supporting(usize),
    Mission,
    Motto,
    Name(String),
    Promise(String),
    Commitment(String, usize),
    Behaviour(String, usize),
    Heading(usize),
    Item(usize, usize),
}

/// Sets the `i`th line of a list, filling the lines before with empty ones.
fn set_line(list: &mut Vec<String>, i: usize, text: String) {
    if list.len() <= i {
        list.resize(i + 1, String::new());
    }
    list[i] = text;
}

impl Slot {
    pub(super) fn get(&self, t: &Translation) -> String {
        let v = |key: &str| t.values.get(key);
        let line = |list: Option<&Vec<String>>, i: usize| list.and_then(|l| l.get(i)).cloned().unwrap_or_default();
        match self {
            Slot::Vision => t.vision.statement.clone(),
            Slot::Supporting(i) => line(Some(&t.vision.supporting), *i),
            Slot::Mission => t.mission.clone(),
            Slot::Motto => t.motto.clone(),
            Slot::Name(k) => v(k.as_str()).map(|v| v.name.clone()).unwrap_or_default(),
            Slot::Promise(k) => v(k.as_str()).map(|v| v.promise.clone()).unwrap_or_default(),
            Slot::Commitment(k, i) => line(v(k.as_str()).map(|v| &v.commitments), *i),
            Slot::Behaviour(k, i) => line(v(k.as_str()).map(|v| &v.behaviours), *i),
            Slot::Heading(g) => t.principles.get(*g).map(|g| g.heading.clone()).unwrap_or_default(),
            Slot::Item(g, i) => line(t.principles.get(*g).map(|g| &g.items), *i),
        }
    }

    pub(super) fn set(&self, t: &mut Translation, text: String) {
        let group = |t: &mut Translation, g: usize| {
            if t.principles.len() <= g {
                t.principles.resize(g + 1, Default::default());
            }
        };
        match self {
            Slot::Vision => t.vision.statement = text,
            Slot::Supporting(i) => set_line(&mut t.vision.supporting, *i, text),
            Slot::Mission => t.mission = text,
            Slot::Motto => t.motto = text,
            Slot::Name(k) => t.values.entry(k.clone()).or_default().name = text,
            Slot::Promise(k) => t.values.entry(k.clone()).or_default().promise = text,
            Slot::Commitment(k, i) => set_line(&mut t.values.entry(k.clone()).or_default().commitments, *i, text),
            Slot::Behaviour(k, i) => set_line(&mut t.values.entry(k.clone()).or_default().behaviours, *i, text),
            Slot::Heading(g) => {
                group(t, *g);
                t.principles[*g].heading = text;
            }
            Slot::Item(g, i) => {
                group(t, *g);
                set_line(&mut t.principles[*g].items, *i, text);
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
    pub(super) slot: Slot,
}

/// A part of the form: a heading and its rows.
pub struct Section {
    pub heading: String,
    pub rows: Vec<Row>,
}

fn row(id: String, label: String, source: &str, slot: Slot, max: usize) -> Row {
    Row { id, label, source: source.to_owned(), translation: String::new(), multiline: max == MAX_STATEMENT, max, slot }
}

/// Every non-empty English text of the framework, by part.
pub(super) fn sections(framework: &Framework) -> Vec<Section> {
    let mut out = Vec::new();
    let mut rows = Vec::new();
    if !framework.vision.statement.is_empty() {
        rows.push(row("vision".into(), "Vision".into(), &framework.vision.statement, Slot::Vision, MAX_STATEMENT));
    }
    for (i, s) in framework.vision.supporting.iter().enumerate() {
        let label = format!("Supporting statement {}", i + 1);
        rows.push(row(format!("supporting-{i}"), label, s, Slot::Supporting(i), MAX_STATEMENT));
    }
    if !framework.mission.is_empty() {
        rows.push(row("mission".into(), "Mission".into(), &framework.mission, Slot::Mission, MAX_STATEMENT));
    }
    if !framework.motto.is_empty() {
        rows.push(row("motto".into(), "Motto".into(), &framework.motto, Slot::Motto, MAX_LINE));
    }
    if !rows.is_empty() {
        out.push(Section { heading: "Vision, mission and motto".into(), rows });
    }
    for value in &framework.values {
        let k = &value.key;
        let mut rows = vec![row(format!("v-{k}-name"), "Name".into(), &value.name, Slot::Name(k.clone()), MAX_NAME)];
        if !value.promise.is_empty() {
            rows.push(row(
                format!("v-{k}-promise"),
                "Promise".into(),
                &value.promise,
                Slot::Promise(k.clone()),
                MAX_LINE,
            ));
        }
        for (i, s) in value.commitments.iter().enumerate() {
            let label = format!("Commitment {}", i + 1);
            rows.push(row(format!("v-{k}-c-{i}"), label, s, Slot::Commitment(k.clone(), i), MAX_LINE));
        }
        for (i, s) in value.behaviours.iter().enumerate() {
            let label = format!("Behaviour {}", i + 1);
            rows.push(row(format!("v-{k}-b-{i}"), label, s, Slot::Behaviour(k.clone(), i), MAX_LINE));
        }
        out.push(Section { heading: format!("Value: {}", value.name), rows });
    }
    for (g, group) in framework.principles.iter().enumerate() {
        let mut rows = Vec::new();
        if !group.heading.is_empty() {
            rows.push(row(format!("p-{g}-heading"), "Heading".into(), &group.heading, Slot::Heading(g), MAX_LINE));
        }
        for (i, s) in group.items.iter().enumerate() {
            let label = format!("Principle {}", i + 1);
            rows.push(row(format!("p-{g}-{i}"), label, s, Slot::Item(g, i), MAX_LINE));
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
    out
}
