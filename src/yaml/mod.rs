//! What Ethos's YAML files share: the framework file
//! ([`crate::values::file`]) and the strategy file
//! ([`crate::strategy::file`]) are read the same way — size, encoding,
//! nesting and tags checked first ([`limits`]), then the `schema` line, then
//! the fields — and every problem is reported at its line and column
//! ([`locate`]) in an editor's words ([`messages`]).

pub(crate) mod limits;
pub(crate) mod locate;
pub(crate) mod messages;
pub mod source;

use std::fmt;

pub use limits::MAX_DEPTH;
pub(crate) use messages::from_yaml_in;

/// One kind of file: its `schema` line, what people call it in messages,
/// and the largest file accepted.
pub struct Format {
    /// `ethos/framework/v1`, `ethos/strategy/v1`.
    pub schema: &'static str,
    /// "framework file", "strategy file".
    pub noun: &'static str,
    pub max_bytes: usize,
}

/// The file's text once its size, encoding, nesting, tags and `schema`
/// line are known to be right; a byte order mark is dropped.
pub fn text<'a>(bytes: &'a [u8], format: &Format) -> Result<&'a str, FileError> {
    limits::check_size(bytes.len(), format)?;
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(bytes, e.valid_up_to()))?;
    // Some Windows editors start a UTF-8 file with a byte order mark, which
    // the YAML reader takes for the start of a second document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    limits::check_shape(text, format)?;
    messages::check_schema(text, format)?;
    Ok(text)
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
    pub(crate) fn one(problem: Problem) -> FileError {
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

pub(crate) fn not_utf8(bytes: &[u8], offset: usize) -> FileError {
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
