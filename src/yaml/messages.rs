//! Problems the YAML reader finds, in an editor's words and at their place.

use serde::Deserialize;

use super::locate::{locate, locate_repeat};
use super::{FileError, Format, Problem};

/// Refuses a file whose `schema` is missing or not the format's before looking
/// at anything else, so a file of another kind or version gets one clear
/// message rather than a list of unknown fields.
pub(super) fn check_schema(text: &str, format: &Format) -> Result<(), FileError> {
    #[derive(Deserialize)]
    struct Head {
        schema: Option<serde_yaml_ng::Value>,
    }
    let problem = |line, message: String| {
        Err(FileError::one(Problem { line, column: None, field: "schema".to_owned(), message }))
    };
    let expected = format!("the file must say `schema: {}`", format.schema);
    match serde_yaml_ng::from_str::<Option<Head>>(text) {
        Ok(Some(Head { schema: Some(serde_yaml_ng::Value::String(schema)) })) if schema == format.schema => Ok(()),
        Ok(Some(Head { schema: Some(other) })) => {
            let line = locate(text, "schema").map(|(line, _)| line);
            let found = match other {
                serde_yaml_ng::Value::String(s) => format!("“{s}”"),
                serde_yaml_ng::Value::Null => "nothing".to_owned(),
                other => serde_yaml_ng::to_string(&other).map(|s| format!("“{}”", s.trim_end())).unwrap_or_default(),
            };
            problem(line, format!("this file's schema is {found}, which Ethos does not read; {expected}"))
        }
        Ok(Some(Head { schema: None })) | Ok(None) => {
            problem(None, format!("there is no schema line, so this may not be a {}; {expected}", format.noun))
        }
        Err(e) => {
            let mut problem = from_yaml_in(text, &e);
            if e.to_string().contains("expected struct Head") || e.to_string().contains("expected option") {
                problem.message = format!(
                    "the file must be made of fields (`name: value` lines), starting with `schema: {}`",
                    format.schema
                );
            }
            Err(FileError::one(problem))
        }
    }
}

/// As [`from_yaml`], with a duplicated field placed at its second writing:
/// the reader reports it where the group of fields starts.
pub(crate) fn from_yaml_in(text: &str, error: &serde_yaml_ng::Error) -> Problem {
    let mut problem = from_yaml(error);
    let message = error.to_string();
    if let Some(name) = message.split("duplicate field `").nth(1).and_then(|rest| rest.split('`').next()) {
        let field = if problem.field.is_empty() { name.to_owned() } else { format!("{}.{name}", problem.field) };
        if let Some((line, column)) = locate_repeat(text, &field) {
            problem.line = Some(line);
            problem.column = Some(column);
        }
    }
    problem
}

/// A problem from the YAML reader, in an editor's words where we can.
pub(crate) fn from_yaml(error: &serde_yaml_ng::Error) -> Problem {
    let location = error.location();
    let mut text = error.to_string();
    if let Some(at) = &location {
        let suffix = format!(" at line {} column {}", at.line(), at.column());
        if let Some(i) = text.find(&suffix) {
            text.replace_range(i..i + suffix.len(), "");
        }
    }
    let (mut field, message) = match text.split_once(": ") {
        Some((path, rest)) if looks_like_path(path) => (path.to_owned(), rest.to_owned()),
        _ => (String::new(), text.clone()),
    };
    let message = plain(&message, &mut field);
    Problem { line: location.as_ref().map(|l| l.line()), column: location.as_ref().map(|l| l.column()), field, message }
}

fn looks_like_path(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "_-.[]?".contains(c))
}

/// Rewrites serde's and libyaml's messages for people who edit text files.
fn plain(message: &str, field: &mut String) -> String {
    let names = |list: &str| list.replace('`', "");
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, allowed) = rest.split_once('`').unwrap_or((rest, ""));
        field.push_str(&if field.is_empty() { name.to_owned() } else { format!(".{name}") });
        let allowed = allowed
            .strip_prefix(", expected one of ")
            .or_else(|| allowed.strip_prefix(", expected "))
            .map(names)
            .map(|list| format!("; the fields here are {list}"))
            .unwrap_or_default();
        return format!("there is no field “{name}”{allowed} (check the spelling and the indentation)");
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let name = rest.trim_end_matches('`');
        return format!("“{name}” is written twice; keep one");
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return format!("“{name}” is missing");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!("expected {}, found {}", kind(expected), kind(found));
    }
    if message.contains("more than one document") {
        return "the file holds more than one YAML document (a second `---` line); keep only one".to_owned();
    }
    format!(
        "this is not valid YAML: {message} (check the indentation, and put text containing “: ” or starting with a special character in quotes)"
    )
}

/// "a sequence" → "a list", and so on.
fn kind(serde: &str) -> String {
    let serde = serde.trim();
    if let Some(text) = serde.strip_prefix("string ") {
        return format!("the text {text}");
    }
    match serde {
        "a string" | "string" => "text".to_owned(),
        "a sequence" | "sequence" => "a list (lines starting with “- ”)".to_owned(),
        "map" | "a map" => "a group of fields".to_owned(),
        "unit value" => "nothing".to_owned(),
        "f64" | "f32" => "a number".to_owned(),
        "i64" | "i32" | "u64" | "u32" | "usize" => "a whole number".to_owned(),
        _ if serde.starts_with("struct ") => "a group of fields".to_owned(),
        _ if serde.starts_with("integer ") || serde.starts_with("floating point ") => {
            format!("the number {}", serde.split('`').nth(1).unwrap_or(serde))
        }
        _ if serde.starts_with("boolean ") => format!("{} (a yes/no value)", serde.split('`').nth(1).unwrap_or(serde)),
        _ => serde.to_owned(),
    }
}
