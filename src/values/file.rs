//! The framework file: a values framework as a YAML text file, for export,
//! editing by hand or in another tool, and import.
//!
//! The format is `schema: ethos/framework/v1`, described for editors in
//! `docs/framework-file.md`. In short:
//!
//! ```yaml
//! schema: ethos/framework/v1
//! organisation: riverside        # informational; import ignores it
//! vision:
//!   statement: Good care, close to home
//!   supporting:
//!   - Every visit counts
//! mission: ''
//! motto: ''
//! values:
//! - key: kind                    # optional on import: made from the name
//!   name: Kind
//!   promise: We treat people as we would want to be treated
//!   commitments: []
//!   behaviours:
//!   - 'Say hello: introduce yourself'
//! principles: []
//! ```
//!
//! [`export`] always writes every field, in that order, in block style, with
//! empty texts as `''` and empty lists as `[]`, so that exporting what
//! [`import`] read gives the same bytes. [`import`] is more forgiving of hand
//! written files: any field but `schema` may be left out, a field left empty
//! (`mission:`) is an empty text or list, and a value without a `key` gets
//! one made from its name. It refuses anything else with the line and the
//! field at fault, and checks the content with [`Framework::check`].

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::values::model::{Framework, MAX_ITEMS, MAX_LINE, MAX_STATEMENT, PrincipleGroup, Value, Vision};

/// The first line of every framework file of this version.
pub const SCHEMA: &str = "ethos/framework/v1";

/// The file as written: field order here is the order in the file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    schema: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    organisation: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    vision: FileVision,
    #[serde(default, deserialize_with = "null_as_empty")]
    mission: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    motto: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    values: Vec<FileValue>,
    #[serde(default, deserialize_with = "null_as_empty")]
    principles: Vec<FileGroup>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileVision {
    #[serde(default, deserialize_with = "null_as_empty")]
    statement: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    supporting: Vec<String>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileValue {
    #[serde(default, deserialize_with = "null_as_empty")]
    key: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    promise: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    commitments: Vec<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    behaviours: Vec<String>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileGroup {
    #[serde(default, deserialize_with = "null_as_empty")]
    heading: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    items: Vec<String>,
}

/// A field written with nothing after it (`mission:`) is empty, not an error.
fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// The framework as a file, for the organisation with short name `org_slug`.
pub fn export(framework: &Framework, org_slug: &str) -> String {
    let file = FileV1 {
        schema: SCHEMA.to_owned(),
        organisation: org_slug.to_owned(),
        vision: FileVision {
            statement: framework.vision.statement.clone(),
            supporting: framework.vision.supporting.clone(),
        },
        mission: framework.mission.clone(),
        motto: framework.motto.clone(),
        values: framework
            .values
            .iter()
            .map(|v| FileValue {
                key: v.key.clone(),
                name: v.name.clone(),
                promise: v.promise.clone(),
                commitments: v.commitments.clone(),
                behaviours: v.behaviours.clone(),
            })
            .collect(),
        principles: framework
            .principles
            .iter()
            .map(|g| FileGroup { heading: g.heading.clone(), items: g.items.clone() })
            .collect(),
    };
    serde_yaml_ng::to_string(&file).expect("texts and lists always serialise")
}

/// What a file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub framework: Framework,
    /// The organisation the file says it came from; informational only.
    pub organisation: String,
}

/// Reads a framework file; see [`read`].
pub fn import(bytes: &[u8]) -> Result<Framework, FileError> {
    read(bytes).map(|imported| imported.framework)
}

/// Reads a framework file: checks its encoding, schema, fields and types,
/// gives each value without a key one made from its name, and checks the
/// content as [`Framework::check`] does. Nothing is changed anywhere: the
/// caller decides what to do with the result.
pub fn read(bytes: &[u8]) -> Result<Imported, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(bytes, e.valid_up_to()))?;
    // Some Windows editors start a UTF-8 file with a byte order mark, which
    // the YAML reader takes for the start of a second document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_schema(text)?;
    let file: FileV1 = serde_yaml_ng::from_str(text).map_err(|e| FileError::one(from_yaml(&e)))?;
    let organisation = file.organisation.clone();
    let framework = to_framework(file);
    let errors = framework.check();
    if errors.is_empty() {
        return Ok(Imported { framework, organisation });
    }
    let mut problems: Vec<Problem> = errors
        .list
        .iter()
        .map(|error| {
            let field = file_field(&framework, &error.field);
            let line = locate(text, &field).map(|(line, _)| line);
            Problem { line, column: None, field: described(&framework, &field), message: error.message.clone() }
        })
        .collect();
    problems.sort_by_key(|p| p.line.unwrap_or(usize::MAX));
    Err(FileError { problems })
}

fn to_framework(file: FileV1) -> Framework {
    let values: Vec<Value> = file
        .values
        .into_iter()
        .map(|v| Value {
            key: v.key,
            name: v.name,
            promise: v.promise,
            commitments: v.commitments,
            behaviours: v.behaviours,
        })
        .collect();
    // Keys are made after every written key is known, so a made key never
    // takes one that a later value names.
    let mut keyed = Framework {
        values: values.iter().filter(|v| !v.key.trim().is_empty()).cloned().collect(),
        ..Framework::default()
    };
    let values = values
        .into_iter()
        .map(|mut value| {
            if value.key.trim().is_empty() {
                value.key = keyed.new_key(&value.name);
                keyed.values.push(value.clone());
            }
            value
        })
        .collect();
    Framework {
        vision: Vision { statement: file.vision.statement, supporting: file.vision.supporting },
        mission: file.mission,
        motto: file.motto,
        values,
        principles: file
            .principles
            .into_iter()
            .map(|g| PrincipleGroup { heading: g.heading, items: g.items })
            .collect(),
    }
}

/// Why a file was not imported: one or more problems, each with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub problems: Vec<Problem>,
}

/// One problem in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Line in the file, from 1, when known.
    pub line: Option<usize>,
    /// Column (in characters, from 1), when it helps.
    pub column: Option<usize>,
    /// The field at fault as written in the file, e.g. `values[2].name`;
    /// empty when the problem is with the file as a whole.
    pub field: String,
    pub message: String,
}

impl FileError {
    fn one(problem: Problem) -> FileError {
        FileError { problems: vec![problem] }
    }
}

impl fmt::Display for Problem {
    /// `line 14, values[2].name: Value 3 needs a name`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(line) = self.line {
            place.push(format!("line {line}"));
        }
        if let Some(column) = self.column {
            place.push(format!("column {column}"));
        }
        if !self.field.is_empty() {
            place.push(self.field.clone());
        }
        if place.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", place.join(", "), self.message) }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "{} problems:", many.len())?;
                for problem in many {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for FileError {}

fn not_utf8(bytes: &[u8], offset: usize) -> FileError {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // The bytes before `offset` are valid UTF-8.
    let column = std::str::from_utf8(&before[line_start..]).map_or(0, |s| s.chars().count()) + 1;
    FileError::one(Problem {
        line: Some(line),
        column: Some(column),
        field: String::new(),
        message: format!("the file is not UTF-8 text (byte {offset} cannot be read); save it as UTF-8 and try again"),
    })
}

/// Refuses a file whose `schema` is missing or not [`SCHEMA`] before looking
/// at anything else, so a file of another kind or version gets one clear
/// message rather than a list of unknown fields.
fn check_schema(text: &str) -> Result<(), FileError> {
    #[derive(Deserialize)]
    struct Head {
        schema: Option<serde_yaml_ng::Value>,
    }
    let problem = |line, message: String| {
        Err(FileError::one(Problem { line, column: None, field: "schema".to_owned(), message }))
    };
    let expected = format!("the file must say `schema: {SCHEMA}`");
    match serde_yaml_ng::from_str::<Option<Head>>(text) {
        Ok(Some(Head { schema: Some(serde_yaml_ng::Value::String(schema)) })) if schema == SCHEMA => Ok(()),
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
            problem(None, format!("there is no schema line, so this may not be a framework file; {expected}"))
        }
        Err(e) => {
            let mut problem = from_yaml(&e);
            if e.to_string().contains("expected struct Head") || e.to_string().contains("expected option") {
                problem.message =
                    format!("the file must be made of fields (`name: value` lines), starting with `schema: {SCHEMA}`");
            }
            Err(FileError::one(problem))
        }
    }
}

/// A problem from the YAML reader, in an editor's words where we can.
fn from_yaml(error: &serde_yaml_ng::Error) -> Problem {
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
        _ if serde.starts_with("struct ") => "a group of fields".to_owned(),
        _ if serde.starts_with("integer ") || serde.starts_with("floating point ") => {
            format!("the number {}", serde.split('`').nth(1).unwrap_or(serde))
        }
        _ if serde.starts_with("boolean ") => format!("{} (a yes/no value)", serde.split('`').nth(1).unwrap_or(serde)),
        _ => serde.to_owned(),
    }
}

/// The field as written in the file for a field of [`Framework::check`]:
/// the vision's statement is `vision.statement`, and a problem with one
/// item of a list names the first item at fault.
fn file_field(framework: &Framework, field: &str) -> String {
    if field == "vision" {
        return "vision.statement".to_owned();
    }
    let list = match parse_path(field).as_slice() {
        [Seg::Key("vision"), Seg::Key("supporting")] => Some((&framework.vision.supporting, MAX_STATEMENT)),
        [Seg::Key("values"), Seg::Index(i), Seg::Key("commitments")] => {
            framework.values.get(*i).map(|v| (&v.commitments, MAX_LINE))
        }
        [Seg::Key("values"), Seg::Index(i), Seg::Key("behaviours")] => {
            framework.values.get(*i).map(|v| (&v.behaviours, MAX_LINE))
        }
        [Seg::Key("principles"), Seg::Index(i), Seg::Key("items")] => {
            framework.principles.get(*i).map(|g| (&g.items, MAX_LINE))
        }
        _ => None,
    };
    // A list that is too long is a problem with the whole list.
    if let Some((items, max)) = list
        && items.len() <= MAX_ITEMS
        && let Some(j) = items.iter().position(|item| {
            item.chars().count() > max || item.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        })
    {
        return format!("{field}[{j}]");
    }
    field.to_owned()
}

/// The field with which value or group it is in, counted from 1 as people
/// count: `values[1].promise (value 2, “Kind”)`.
fn described(framework: &Framework, field: &str) -> String {
    let path = parse_path(field);
    let (what, name) = match path.as_slice() {
        [Seg::Key("values"), Seg::Index(i), Seg::Key("name")] if framework.values[*i].name.trim().is_empty() => {
            // "Value 3 needs a name" says it already.
            return field.to_owned();
        }
        [Seg::Key("values"), Seg::Index(i), ..] => ("value", &framework.values[*i].name),
        [Seg::Key("principles"), Seg::Index(i), ..] => ("group of principles", &framework.principles[*i].heading),
        _ => return field.to_owned(),
    };
    let Some(Seg::Index(i)) = path.get(1) else { return field.to_owned() };
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        format!("{field} ({what} {})", i + 1)
    } else {
        format!("{field} ({what} {}, “{name}”)", i + 1)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// `values[2].name` → `values`, `2`, `name`.
fn parse_path(field: &str) -> Vec<Seg<'_>> {
    let mut path = Vec::new();
    for part in field.split('.') {
        let (key, indexes) = part.split_once('[').map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            path.push(Seg::Key(key));
        }
        for index in indexes.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                path.push(Seg::Index(i));
            }
        }
    }
    path
}

/// Line and column of `field` in the file: of its key for a field, of the
/// item for a list item. A field that is not written is placed at the
/// nearest part of its path that is.
fn locate(text: &str, field: &str) -> Option<(usize, usize)> {
    let path = parse_path(field);
    (1..=path.len()).rev().find_map(|n| find(text, &path[..n]))
}

/// Marks the error that [`Find`] raises where it arrives.
const FOUND: &str = "ethos: found the field";

/// Reads the file again and stops with an error at `path`: the YAML reader
/// gives every error the place it happened, which is the place we want.
fn find(text: &str, path: &[Seg<'_>]) -> Option<(usize, usize)> {
    match Find(path).deserialize(serde_yaml_ng::Deserializer::from_str(text)) {
        Err(e) if e.to_string().contains(FOUND) => e.location().map(|l| (l.line(), l.column())),
        _ => None,
    }
}

struct Find<'p>(&'p [Seg<'p>]);

impl<'de> DeserializeSeed<'de> for Find<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Find<'_> {
    /// At the end of the path every node is the one; elsewhere a scalar
    /// means the path does not go on.
    fn scalar<E: de::Error>(&self) -> Result<(), E> {
        if self.0.is_empty() { Err(E::custom(FOUND)) } else { Ok(()) }
    }
}

impl<'de> Visitor<'de> for Find<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("anything")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.0.split_first() else { return Err(de::Error::custom(FOUND)) };
        let Seg::Key(want) = *first else { return Ok(()) };
        while let Some(key) = map.next_key_seed(Key { want, here: rest.is_empty() })? {
            if key == want {
                return map.next_value_seed(Find(rest));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.0.split_first() else { return Err(de::Error::custom(FOUND)) };
        let Seg::Index(want) = *first else { return Ok(()) };
        for _ in 0..want {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Find(rest)).map(|_| ())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.scalar()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
}

/// A mapping key; stops with [`FOUND`] at the wanted key when it is the end
/// of the path, so the place is the key's.
struct Key<'a> {
    want: &'a str,
    here: bool,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<String, E> {
        if self.here && key == self.want { Err(E::custom(FOUND)) } else { Ok(key.to_owned()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::model::MAX_NAME;
    use proptest::prelude::*;

    const SAMPLE: &str = "\
schema: ethos/framework/v1
organisation: brookfield
vision:
  statement: 'Care that feels like home: safe, kind and close by'
  supporting:
  - Everyone who uses our services is known by name
  - |-
    We listen first.
    Then we act.
mission: To support people in Brookfield to live well, at home and in hospital
motto: '#TogetherWeCare'
values:
- key: compassion
  name: Compassion
  promise: We notice, we care, we act
  commitments:
  - We will take time to understand what matters to each person
  - '- and to their families, too'
  behaviours:
  - Introduces themselves with “Hello, my name is…”
  - Checks in with colleagues after a hard shift
- key: openness
  name: Openness
  promise: ''
  commitments: []
  behaviours:
  - 'Says so when something is wrong: early, and without blame'
- key: teamwork
  name: Teamwork
  promise: \"We're one team, whoever's badge we wear\"
  commitments:
  - 'yes'
  behaviours: []
principles:
- heading: How we make decisions
  items:
  - With the people they affect
  - On the evidence, written down
- heading: ''
  items: []
";

    fn errors(text: &str) -> FileError {
        import(text.as_bytes()).expect_err("the file should be refused")
    }

    fn only(text: &str) -> String {
        let error = errors(text);
        assert_eq!(error.problems.len(), 1, "{error}");
        error.to_string()
    }

    #[test]
    fn a_realistic_file_survives_import_and_export() {
        let framework = import(SAMPLE.as_bytes()).unwrap();
        assert_eq!(framework.values.len(), 3);
        assert_eq!(framework.vision.supporting[1], "We listen first.\nThen we act.");
        assert_eq!(framework.motto, "#TogetherWeCare");
        assert_eq!(framework.values[0].commitments[1], "- and to their families, too");
        assert_eq!(framework.values[2].promise, "We're one team, whoever's badge we wear");
        assert_eq!(framework.values[2].commitments, vec!["yes"]);
        let exported = export(&framework, "brookfield");
        assert_eq!(import(exported.as_bytes()).unwrap(), framework);
        assert_eq!(export(&import(exported.as_bytes()).unwrap(), "brookfield"), exported);
        assert!(exported.starts_with("schema: ethos/framework/v1\norganisation: brookfield\nvision:\n"), "{exported}");
    }

    #[test]
    fn an_empty_framework_exports_every_field() {
        let exported = export(&Framework::default(), "hillside");
        assert_eq!(
            exported,
            "schema: ethos/framework/v1\norganisation: hillside\nvision:\n  statement: ''\n  supporting: []\n\
             mission: ''\nmotto: ''\nvalues: []\nprinciples: []\n"
        );
        assert_eq!(import(exported.as_bytes()).unwrap(), Framework::default());
    }

    #[test]
    fn a_hand_written_file_may_leave_out_fields_and_keys() {
        let text = "schema: ethos/framework/v1\nmission:\nvalues:\n- name: Working together\n- name: Kind\n  key: working-together\n- name: Kind too\n  commitments:\n";
        let framework = import(text.as_bytes()).unwrap();
        let keys: Vec<&str> = framework.values.iter().map(|v| v.key.as_str()).collect();
        // The made key does not take the key the second value names.
        assert_eq!(keys, vec!["working-together-2", "working-together", "kind-too"]);
        assert_eq!(framework.mission, "");
        assert!(framework.values[2].commitments.is_empty());
    }

    #[test]
    fn content_problems_name_the_line_and_the_field() {
        let text = SAMPLE.replace("  name: Teamwork\n", "  name: ''\n");
        assert_eq!(only(&text), "line 29, values[2].name: Value 3 needs a name");
        let text = SAMPLE.replace("  name: Openness\n", "  name: compassion\n");
        assert_eq!(
            only(&text),
            "line 23, values[1].name (value 2, “compassion”): There is already a value called “compassion”; \
             each value needs its own name"
        );
        let text = SAMPLE.replace("key: teamwork", "key: Team Work");
        assert_eq!(
            only(&text),
            "line 28, values[2].key (value 3, “Teamwork”): A value's key must be 1 to 60 of a-z, 0-9 and hyphens"
        );
    }

    #[test]
    fn a_problem_with_one_list_item_points_at_the_item() {
        let long = "x".repeat(MAX_LINE + 1);
        let text = SAMPLE.replace("  - Checks in with colleagues after a hard shift\n", &format!("  - {long}\n"));
        assert_eq!(
            only(&text),
            format!(
                "line 21, values[0].behaviours[1] (value 1, “Compassion”): This text is {} characters long; the most is {MAX_LINE}",
                MAX_LINE + 1
            )
        );
        let text = SAMPLE.replace("  statement: 'Care", "  statement: \"\\aCare");
        let text = text.replace("close by'", "close by\"");
        assert_eq!(
            only(&text),
            "line 4, vision.statement: This text contains control characters; remove them and try again"
        );
    }

    #[test]
    fn a_missing_name_is_placed_at_its_value() {
        let text = "schema: ethos/framework/v1\nvalues:\n- name: Kind\n- promise: We try\n";
        assert_eq!(only(text), "line 4, values[1].name: Value 2 needs a name");
    }

    #[test]
    fn several_problems_are_all_listed_in_file_order() {
        let text = "schema: ethos/framework/v1\nvalues:\n- name: ''\n  key: a\n- name: ''\n  key: B\n";
        let error = errors(text);
        assert_eq!(
            error.to_string(),
            "3 problems:\n  line 3, values[0].name: Value 1 needs a name\n  line 5, values[1].name: Value 2 needs a name\n  \
             line 6, values[1].key (value 2): A value's key must be 1 to 60 of a-z, 0-9 and hyphens"
        );
    }

    #[test]
    fn an_unknown_field_is_named_with_its_place() {
        let text = SAMPLE.replace("  promise: We notice, we care, we act\n", "  promise: We notice\n  colour: green\n");
        assert_eq!(
            only(&text),
            "line 16, column 3, values[0].colour: there is no field “colour”; the fields here are key, name, promise, \
             commitments, behaviours (check the spelling and the indentation)"
        );
        let text = SAMPLE.replace("motto:", "moto:");
        assert_eq!(
            only(&text),
            "line 11, column 1, moto: there is no field “moto”; the fields here are schema, organisation, vision, \
             mission, motto, values, principles (check the spelling and the indentation)"
        );
    }

    #[test]
    fn a_wrong_type_is_named_with_its_place() {
        let text = SAMPLE.replace("  name: Openness\n", "  name:\n  - Open\n");
        assert_eq!(
            only(&text),
            "line 24, column 3, values[1].name: expected text, found a list (lines starting with “- ”)"
        );
        let text = SAMPLE.replace("  commitments: []\n", "  commitments: We will listen\n");
        assert_eq!(
            only(&text),
            "line 25, column 16, values[1].commitments: expected a list (lines starting with “- ”), found the text \"We will listen\""
        );
        let text = SAMPLE.replace("vision:\n", "vision: Care\nx:\n");
        assert!(
            only(&text).starts_with("line 3, column 9, vision: expected a group of fields, found the text \"Care\"")
        );
    }

    #[test]
    fn broken_yaml_is_refused_with_its_place() {
        let text = SAMPLE.replace("motto: '#TogetherWeCare'", "motto: Together: we care");
        let message = only(&text);
        assert!(
            message.starts_with("line 11, column 16: this is not valid YAML: mapping values are not allowed"),
            "{message}"
        );
    }

    #[test]
    fn the_schema_must_be_this_one() {
        let text = SAMPLE.replace("schema: ethos/framework/v1", "schema: ethos/framework/v2");
        assert_eq!(
            only(&text),
            "line 1, schema: this file's schema is “ethos/framework/v2”, which Ethos does not read; \
             the file must say `schema: ethos/framework/v1`"
        );
        let text = SAMPLE.replace("schema: ethos/framework/v1\n", "");
        assert_eq!(
            only(&text),
            "schema: there is no schema line, so this may not be a framework file; the file must say \
             `schema: ethos/framework/v1`"
        );
        assert!(only("").starts_with("schema: there is no schema line"));
        assert!(
            only("- a list\n")
                .contains("the file must be made of fields (`name: value` lines), starting with `schema: ")
        );
        assert!(only("schema: 1\n").starts_with("line 1, schema: this file's schema is “1”"));
    }

    #[test]
    fn invalid_utf8_is_refused_with_its_place() {
        let mut bytes = b"schema: ethos/framework/v1\nmotto: caf".to_vec();
        bytes.push(0xe9);
        bytes.extend_from_slice(b"\n");
        let error = import(&bytes).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2, column 11: the file is not UTF-8 text (byte 37 cannot be read); save it as UTF-8 and try again"
        );
    }

    #[test]
    fn windows_line_endings_and_a_byte_order_mark_are_read() {
        let text = format!("\u{feff}{}", SAMPLE.replace('\n', "\r\n"));
        assert_eq!(import(text.as_bytes()).unwrap(), import(SAMPLE.as_bytes()).unwrap());
    }

    #[test]
    fn paths_are_parsed() {
        assert_eq!(parse_path("values[2].name"), vec![Seg::Key("values"), Seg::Index(2), Seg::Key("name")]);
        assert_eq!(parse_path("mission"), vec![Seg::Key("mission")]);
    }

    /// Texts that are hard to write in YAML: quotes, colons, leading dashes,
    /// '#', newlines, spaces at the ends, unicode, and nothing at all.
    fn text(max: usize) -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just(String::new()),
            Just("'".to_owned()),
            Just("\"".to_owned()),
            Just(": ".to_owned()),
            Just(":".to_owned()),
            Just("- ".to_owned()),
            Just("-".to_owned()),
            Just("#".to_owned()),
            Just(" #".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\t".to_owned()),
            Just(" ".to_owned()),
            Just("?".to_owned()),
            Just("|".to_owned()),
            Just(">".to_owned()),
            Just("&*!%@`{}[],".to_owned()),
            Just("~".to_owned()),
            Just("null".to_owned()),
            Just("yes".to_owned()),
            Just("12".to_owned()),
            Just("0x1F".to_owned()),
            Just("---".to_owned()),
            Just("...".to_owned()),
            Just("“Hello”".to_owned()),
            Just("Ysbyty Gwynedd — gofal".to_owned()),
            Just("\u{00a0}\u{2028}\u{feff}".to_owned()),
            "[a-zA-Z ]{0,12}",
            "\\PC{0,6}",
        ];
        prop::collection::vec(piece, 0..5).prop_map(move |pieces| pieces.concat().chars().take(max).collect())
    }

    fn list(max: usize) -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(text(max), 0..4)
    }

    fn framework() -> impl Strategy<Value = Framework> {
        let value = (text(MAX_NAME), list(MAX_LINE), list(MAX_LINE), text(MAX_LINE)).prop_map(
            |(name, commitments, behaviours, promise)| Value {
                key: String::new(),
                name,
                promise,
                commitments,
                behaviours,
            },
        );
        let group = (text(MAX_LINE), list(MAX_LINE)).prop_map(|(heading, items)| PrincipleGroup { heading, items });
        (
            text(MAX_STATEMENT),
            list(MAX_STATEMENT),
            text(MAX_STATEMENT),
            text(MAX_LINE),
            prop::collection::vec(value, 0..4),
            prop::collection::vec(group, 0..3),
        )
            .prop_map(|(statement, supporting, mission, motto, values, principles)| {
                let mut framework = Framework {
                    vision: Vision { statement, supporting },
                    mission,
                    motto,
                    values: Vec::new(),
                    principles,
                };
                for (i, mut value) in values.into_iter().enumerate() {
                    // Names must be present and distinct; keys are made as the
                    // editor makes them.
                    if value.name.trim().is_empty()
                        || framework
                            .values
                            .iter()
                            .any(|v| v.name.trim().to_lowercase() == value.name.trim().to_lowercase())
                    {
                        value.name = format!("{}{}", value.name.trim(), i + 1);
                    }
                    value.key = framework.new_key(&value.name);
                    framework.values.push(value);
                }
                framework
            })
            .prop_filter("passes check()", |f| f.check().is_empty())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn export_then_import_gives_the_same_framework_and_bytes(framework in framework()) {
            let exported = export(&framework, "riverside");
            let imported = import(exported.as_bytes());
            prop_assert!(imported.is_ok(), "{}\n{exported}", imported.unwrap_err());
            let imported = imported.unwrap();
            prop_assert_eq!(&imported, &framework, "{}", exported);
            prop_assert_eq!(export(&imported, "riverside"), exported);
        }
    }
}
