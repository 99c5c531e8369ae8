//! What a values framework says: vision, mission, motto, values with their
//! commitments and behaviours, and principles. One [`Framework`] is the
//! content of one version; any part may be empty, and nothing assumes a
//! number of values.

use serde::{Deserialize, Serialize};

use crate::values::translation::Translations;
use crate::web::forms::FormErrors;

/// Longest texts accepted, in characters. Generous for real statements,
/// small enough that a 10 MB paste is refused with a message.
pub const MAX_NAME: usize = 80;
pub const MAX_LINE: usize = 600;
pub const MAX_STATEMENT: usize = 3000;
pub const MAX_ITEMS: usize = 60;
pub const MAX_VALUES: usize = 30;

/// The content of one version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, from = "Written")]
pub struct Framework {
    #[serde(default)]
    pub vision: Vision,
    #[serde(default)]
    pub mission: String,
    #[serde(default)]
    pub motto: String,
    #[serde(default)]
    pub values: Vec<Value>,
    #[serde(default)]
    pub principles: Vec<PrincipleGroup>,
    /// Translations by language code; see [`crate::values::translation`].
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub translations: Translations,
}

/// A framework as written (stored, or sent to the API): translated lines
/// written by position in older content are tied to their English line as
/// it is read (see [`crate::values::translation::upgrade`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    #[serde(default)]
    vision: Vision,
    #[serde(default)]
    mission: String,
    #[serde(default)]
    motto: String,
    #[serde(default)]
    values: Vec<Value>,
    #[serde(default)]
    principles: Vec<PrincipleGroup>,
    #[serde(default)]
    translations: Translations,
}

impl From<Written> for Framework {
    fn from(w: Written) -> Framework {
        let Written { vision, mission, motto, values, principles, translations } = w;
        let mut framework = Framework { vision, mission, motto, values, principles, translations };
        crate::values::translation::upgrade(&mut framework);
        framework
    }
}

/// Where the organisation wants to be, with optional supporting statements.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Vision {
    #[serde(default)]
    pub statement: String,
    #[serde(default)]
    pub supporting: Vec<String>,
}

/// One value: a name, a one-line promise, what the organisation commits to
/// ("we will …") and the everyday behaviours that show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Value {
    /// Stable identifier of the value across versions (a-z, 0-9, hyphens).
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub promise: String,
    #[serde(default)]
    pub commitments: Vec<String>,
    #[serde(default)]
    pub behaviours: Vec<String>,
}

/// Principles, optionally under a heading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrincipleGroup {
    #[serde(default)]
    pub heading: String,
    #[serde(default)]
    pub items: Vec<String>,
}

impl Framework {
    /// True when nothing at all has been written.
    pub fn is_empty(&self) -> bool {
        *self == Framework::default()
    }

    /// The value with this key.
    pub fn value(&self, key: &str) -> Option<&Value> {
        self.values.iter().find(|v| v.key == key)
    }

    /// A key for a new value, from its name, unique in this framework.
    pub fn new_key(&self, name: &str) -> String {
        let base: String = name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let base = if base.is_empty() { "value".to_owned() } else { base.chars().take(40).collect() };
        let mut key = base.clone();
        let mut n = 2;
        while self.value(&key).is_some() {
            key = format!("{base}-{n}");
            n += 1;
        }
        key
    }

    /// Every problem with this content, by field path (e.g. `values[2].name`).
    pub fn check(&self) -> FormErrors {
        let mut errors = FormErrors::new();
        check_text(&mut errors, "vision", &self.vision.statement, MAX_STATEMENT);
        check_list(&mut errors, "vision.supporting", &self.vision.supporting, MAX_STATEMENT);
        check_text(&mut errors, "mission", &self.mission, MAX_STATEMENT);
        check_text(&mut errors, "motto", &self.motto, MAX_LINE);
        if self.values.len() > MAX_VALUES {
            errors.add("values", format!("A framework can have at most {MAX_VALUES} values"));
        }
        let mut seen: Vec<String> = Vec::new();
        for (i, value) in self.values.iter().enumerate() {
            let field = format!("values[{i}]");
            let name = value.name.trim();
            if name.is_empty() {
                errors.add(&format!("{field}.name"), format!("Value {} needs a name", i + 1));
            } else if seen.contains(&name.to_lowercase()) {
                errors.add(
                    &format!("{field}.name"),
                    format!("There is already a value called “{name}”; each value needs its own name"),
                );
            } else {
                seen.push(name.to_lowercase());
            }
            check_text(&mut errors, &format!("{field}.name"), &value.name, MAX_NAME);
            if !valid_key(&value.key) {
                errors.add(&format!("{field}.key"), "A value's key must be 1 to 60 of a-z, 0-9 and hyphens");
            } else if self.values[..i].iter().any(|v| v.key == value.key) {
                errors.add(&format!("{field}.key"), format!("The key {} is used twice", value.key));
            }
            check_text(&mut errors, &format!("{field}.promise"), &value.promise, MAX_LINE);
            check_list(&mut errors, &format!("{field}.commitments"), &value.commitments, MAX_LINE);
            check_list(&mut errors, &format!("{field}.behaviours"), &value.behaviours, MAX_LINE);
        }
        if self.principles.len() > MAX_ITEMS {
            errors.add("principles", format!("There can be at most {MAX_ITEMS} groups of principles"));
        }
        for (i, group) in self.principles.iter().enumerate() {
            check_text(&mut errors, &format!("principles[{i}].heading"), &group.heading, MAX_LINE);
            check_list(&mut errors, &format!("principles[{i}].items"), &group.items, MAX_LINE);
        }
        crate::values::translation::check(self, &mut errors);
        errors
    }
}

/// A value key: 1 to 60 of a-z, 0-9 and hyphens.
pub fn valid_key(key: &str) -> bool {
    (1..=60).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(crate) fn check_text(errors: &mut FormErrors, field: &str, text: &str, max: usize) {
    let count = text.chars().count();
    if count > max {
        errors.add(field, format!("This text is {count} characters long; the most is {max}"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        errors.add(field, "This text contains control characters; remove them and try again");
    }
}

pub(crate) fn check_list(errors: &mut FormErrors, field: &str, items: &[String], max: usize) {
    if items.len() > MAX_ITEMS {
        errors.add(field, format!("A list can have at most {MAX_ITEMS} lines"));
    }
    for item in items {
        check_text(errors, field, item, max);
    }
}

/// Splits a textarea into its non-empty lines, trimmed: how lists are edited.
pub fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(key: &str, name: &str) -> Value {
        Value { key: key.to_owned(), name: name.to_owned(), ..Value::default() }
    }

    #[test]
    fn names_must_be_present_and_distinct() {
        let framework = Framework {
            values: vec![value("kind", "Kind"), value("kind-2", " kind "), value("open", "")],
            ..Framework::default()
        };
        let errors = framework.check();
        assert_eq!(
            errors.get("values[1].name"),
            Some("There is already a value called “kind”; each value needs its own name")
        );
        assert_eq!(errors.get("values[2].name"), Some("Value 3 needs a name"));
    }

    #[test]
    fn a_huge_paste_is_refused_with_its_length() {
        let framework = Framework { mission: "x".repeat(10_000_000), ..Framework::default() };
        assert_eq!(framework.check().get("mission"), Some("This text is 10000000 characters long; the most is 3000"));
    }

    #[test]
    fn new_keys_come_from_names_and_never_clash() {
        let framework =
            Framework { values: vec![value("working-together", "Working together")], ..Framework::default() };
        assert_eq!(framework.new_key("Working Together!"), "working-together-2");
        assert_eq!(framework.new_key("Dignity & respect"), "dignity-respect");
        assert_eq!(framework.new_key("بالعربية"), "value");
    }

    #[test]
    fn textarea_lines_become_list_items() {
        assert_eq!(lines(" one \r\n\r\n two\n"), vec!["one", "two"]);
    }
}
