//! Every CSV file Ethos writes goes through here, so that one that is
//! opened in a spreadsheet is safe and reads right:
//!
//! - **No formulas.** A cell that begins with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return would be run as a formula by Excel, LibreOffice or
//!   Google Sheets (a written answer `=HYPERLINK(…)` becomes a live link).
//!   Such a cell is given a leading `'`, as OWASP advises ("CSV
//!   injection"); plain numbers such as `-0.25` are left as numbers.
//! - **A byte order mark** starts the file unless the download asks for
//!   none (`?bom=0`), so Excel reads UTF-8 (’, Welsh, Bengali) as UTF-8.
//! - **Times** are ISO 8601 in UTC (`2026-12-04T17:16:06Z`).
//!
//! Write rows with [`rows`] and answer with [`download`]; `clippy.toml`
//! forbids `csv::Writer` anywhere else.

use std::borrow::Cow;

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::AppError;

/// UTF-8's byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The query of a CSV download: `?bom=0` (or `false`, `no`) leaves the
/// byte order mark out.
#[derive(Debug, Default, Deserialize)]
pub struct CsvQuery {
    #[serde(default)]
    pub bom: Option<String>,
}

impl CsvQuery {
    /// Whether the file starts with a byte order mark (the default).
    pub fn bom(&self) -> bool {
        !matches!(self.bom.as_deref().map(str::trim), Some("0" | "false" | "no" | "off"))
    }
}

/// Whether `text` is a plain decimal number, which a spreadsheet reads as a
/// number and never as a formula.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && parts.next().is_none_or(all_digits)
}

/// A cell made safe to open in a spreadsheet (see the module's notes).
pub fn cell(text: &str) -> Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_number(text) { Cow::Owned(format!("'{text}")) } else { Cow::Borrowed(text) }
}

/// A time as ISO 8601 in UTC, e.g. `2026-12-04T17:16:06Z`.
pub fn time(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// Rows as CSV bytes, every cell made safe.
pub fn rows<R, C>(records: impl IntoIterator<Item = R>) -> Result<Vec<u8>, AppError>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut sheet = Sheet::new();
    for record in records {
        sheet.record(record)?;
    }
    sheet.into_bytes()
}

/// CSV written a record at a time, for rows whose cells borrow from
/// something that lives only while the row is written.
pub struct Sheet {
    #[expect(clippy::disallowed_types, reason = "this is the one place CSV is written")]
    out: csv::Writer<Vec<u8>>,
}

impl Sheet {
    #[expect(clippy::disallowed_types, reason = "this is the one place CSV is written")]
    pub fn new() -> Sheet {
        Sheet { out: csv::Writer::from_writer(Vec::new()) }
    }

    /// Adds a record, every cell made safe.
    pub fn record<C: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = C>) -> Result<(), AppError> {
        for c in cells {
            self.out.write_field(cell(c.as_ref()).as_bytes()).map_err(csv_error)?;
        }
        // An empty record ends the one the fields above began.
        self.out.write_record(None::<&[u8]>).map_err(csv_error)
    }

    /// The CSV written so far.
    pub fn into_bytes(self) -> Result<Vec<u8>, AppError> {
        self.out.into_inner().map_err(csv_error)
    }
}

impl Default for Sheet {
    fn default() -> Sheet {
        Sheet::new()
    }
}

fn csv_error(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("writing CSV: {e}"))
}

/// A CSV download named `name`, never cached.
pub fn download(name: &str, body: impl Into<Body>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body.into(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_would_run_as_a_formula_is_made_text() {
        assert_eq!(cell("=HYPERLINK(\"http://x\",\"click\")"), "'=HYPERLINK(\"http://x\",\"click\")");
        assert_eq!(cell("=1+1"), "'=1+1");
        for risky in ["+1+1", "-1+cmd", "@SUM(A1)", "\tx", "\rx", "-", "+", "-.5", "1-"] {
            let safe = cell(risky);
            assert!(safe.starts_with('\'') || !risky.starts_with(['=', '+', '-', '@', '\t', '\r']), "{risky:?}");
        }
        assert_eq!(cell("kind"), "kind");
        assert_eq!(cell("a = b"), "a = b");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn plain_numbers_stay_numbers() {
        for number in ["-0.25", "+0.45", "-1", "12", "0.000"] {
            assert_eq!(cell(number), number);
        }
    }

    #[test]
    fn rows_quote_and_protect_every_cell() {
        let bytes = rows([["name", "answer"], ["a, b", "=1+1"]]).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "name,answer\n\"a, b\",'=1+1\n");
    }

    #[test]
    fn times_are_iso_8601_in_utc_and_the_bom_is_on_unless_asked_off() {
        assert_eq!(time(0), "1970-01-01T00:00:00Z");
        assert!(CsvQuery::default().bom());
        assert!(!CsvQuery { bom: Some("0".into()) }.bom());
        assert!(CsvQuery { bom: Some("1".into()) }.bom());
    }
}
