//! Problems with a strategy file's content, each placed at the line and
//! column of the field at fault, and the small checks that find them.

use super::FileError;
use crate::strategy::plan::edit::{TEXT_MAX, TITLE_MAX};
use crate::web::forms::FormErrors;
use crate::yaml::Problem;
use crate::yaml::locate::locate;

/// Most problems reported; finding each one's place reads the file again,
/// and a file wrong throughout says so in one line more.
const MOST: usize = 20;

/// The problems found so far in the file `text`.
pub(super) struct Faults<'t> {
    text: &'t str,
    problems: Vec<Problem>,
    more: usize,
}

impl<'t> Faults<'t> {
    pub(super) fn new(text: &'t str) -> Faults<'t> {
        Faults { text, problems: Vec::new(), more: 0 }
    }

    /// A problem with `field` (a path such as `years.2025-26[0].status`).
    pub(super) fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.problems.len() >= MOST {
            self.more += 1;
            return;
        }
        let place = locate(self.text, field);
        self.problems.push(Problem {
            line: place.map(|p| p.0),
            column: place.map(|p| p.1),
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// Every error of a check whose fields are named from `prefix`
    /// (`measures[2]` + `name` → `measures[2].name`).
    pub(super) fn add_all(&mut self, prefix: &str, errors: FormErrors) {
        for e in errors.list {
            self.add(&format!("{prefix}.{}", e.field), e.message);
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems in the order of the file.
    pub(super) fn into_error(mut self) -> FileError {
        self.problems.sort_by_key(|p| (p.line.unwrap_or(usize::MAX), p.column.unwrap_or(0)));
        if self.more > 0 {
            self.problems.push(Problem {
                line: None,
                column: None,
                field: String::new(),
                message: format!("… and {} more problems; nothing was imported", self.more),
            });
        }
        FileError { problems: self.problems }
    }

    /// A required title of at most 200 characters.
    pub(super) fn title(&mut self, field: &str, value: &str, what: &str) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, format!("Give the {what} a title"));
        } else if value.chars().count() > TITLE_MAX {
            self.add(field, format!("The {what}'s title must be {TITLE_MAX} characters or fewer"));
        }
        value.to_owned()
    }

    /// An optional text of at most `max` characters.
    pub(super) fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.chars().count() > max {
            self.add(field, format!("This must be {max} characters or fewer"));
        }
        value.to_owned()
    }

    pub(super) fn description(&mut self, field: &str, value: &str) -> String {
        self.text(field, value, TEXT_MAX)
    }

    /// A key as written, if it is one: 1 to 60 lowercase letters, digits
    /// and hyphens.
    pub(super) fn key(&mut self, field: &str, value: &str) -> Option<String> {
        let key = value.trim();
        if key.is_empty() {
            return None;
        }
        let ok = key.len() <= 60
            && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !key.starts_with('-');
        if !ok {
            self.add(
                field,
                format!("“{}” is not a key: write 1 to 60 lowercase letters, digits and hyphens", short(key)),
            );
        }
        Some(key.to_owned())
    }
}

/// Text shortened for a message.
pub(super) fn short(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(39).collect::<String>())
    }
}

/// "a, b and c"; "none" for nothing.
pub(super) fn listed(items: &[String]) -> String {
    match items {
        [] => "none".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
