//! A measure's values as people send them: a JSON list or a CSV file with
//! the columns `period`, `value` and (optionally) `note`. Everything is
//! checked before anything is stored, and every fault is reported at once,
//! naming its row and column, so a file is fixed in one go and never half
//! imported.

use serde::Deserialize;
use utoipa::ToSchema;

use super::period::{Frequency, Period};
use crate::web::forms::FieldError;

/// One value, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct NewValue {
    pub period: Period,
    pub value: f64,
    pub note: Option<String>,
}

/// One value as sent.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueInput {
    /// A period of the measure's frequency: 2024-W05, 2024-04, 2024-Q1 or 2024.
    pub period: String,
    pub value: f64,
    #[serde(default)]
    pub note: Option<String>,
}

/// Every value of a measure, replacing those it had.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValuesInput {
    pub values: Vec<ValueInput>,
}

/// Most faults listed; a file wrong throughout says so in a line more.
const MOST_ERRORS: usize = 20;
const LONGEST_NOTE: usize = 500;

/// Collects faults, up to [`MOST_ERRORS`], counting the rest.
struct Faults {
    field: String,
    list: Vec<FieldError>,
    more: usize,
}

impl Faults {
    fn new(field: &str) -> Faults {
        Faults { field: field.to_owned(), list: Vec::new(), more: 0 }
    }

    fn add(&mut self, field: Option<String>, message: String) {
        if self.list.len() < MOST_ERRORS {
            self.list.push(FieldError { field: field.unwrap_or_else(|| self.field.clone()), message });
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self) -> Vec<FieldError> {
        if self.more > 0 {
            let message = format!("There are {} more problems like these; nothing was imported", self.more);
            self.list.push(FieldError { field: self.field.clone(), message });
        }
        self.list
    }
}

fn note_of(note: Option<&str>) -> Result<Option<String>, String> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    match note {
        Some(n) if n.chars().count() > LONGEST_NOTE => {
            Err(format!("the note must be {LONGEST_NOTE} characters or fewer"))
        }
        Some(n) if n.chars().any(char::is_control) => Err("the note has a control character".to_owned()),
        other => Ok(other.map(str::to_owned)),
    }
}

/// Checks one value's period, number and note for a measure of `frequency`.
pub fn check_one(
    frequency: Frequency,
    period: &str,
    value: &str,
    note: Option<&str>,
) -> Result<NewValue, Vec<FieldError>> {
    let mut errors = Vec::new();
    let period = frequency.parse_period(period).map_err(|e| errors.push(field("period", e.to_string())));
    let value = parse_number(value).map_err(|m| errors.push(field("value", m)));
    let note = note_of(note).map_err(|m| errors.push(field("note", capitalised(&m))));
    match (period, value, note) {
        (Ok(period), Ok(value), Ok(note)) => Ok(NewValue { period, value, note }),
        _ => Err(errors),
    }
}

fn field(name: &str, message: String) -> FieldError {
    FieldError { field: name.to_owned(), message }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |first| first.to_uppercase().chain(chars).collect())
}

/// Reads a number as a person writes it in a spreadsheet: `12`, `-3.5`,
/// `1e3`; spaces around are ignored.
fn parse_number(text: &str) -> Result<f64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("There is no value: give a number".to_owned());
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(n),
        _ => Err(format!("“{}” is not a number", short(text))),
    }
}

fn short(text: &str) -> String {
    if text.chars().count() <= 24 {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(23).collect::<String>())
    }
}

/// Checks a JSON list of values; faults name `values[i].period` and so on.
pub fn check_json(frequency: Frequency, input: &ValuesInput) -> Result<Vec<NewValue>, Vec<FieldError>> {
    let mut faults = Faults::new("values");
    let mut values = Vec::with_capacity(input.values.len());
    for (i, v) in input.values.iter().enumerate() {
        let number = if v.value.is_finite() { v.value.to_string() } else { "NaN".to_owned() };
        match check_one(frequency, &v.period, &number, v.note.as_deref()) {
            Ok(value) => values.push(value),
            Err(errors) => {
                for e in errors {
                    faults.add(Some(format!("values[{i}].{}", e.field)), format!("Value {}: {}", i + 1, e.message));
                }
            }
        }
    }
    duplicates(&mut values, &mut faults, |i| (Some(format!("values[{i}].period")), format!("Value {}", i + 1)));
    let faults = faults.finish();
    if faults.is_empty() { Ok(values) } else { Err(faults) }
}

/// Finds periods given twice (the values are sorted by period on the way).
fn duplicates(values: &mut [NewValue], faults: &mut Faults, place: impl Fn(usize) -> (Option<String>, String)) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by_key(|&i| (values[i].period, i));
    for pair in order.windows(2) {
        if values[pair[0]].period == values[pair[1]].period {
            let (field, at) = place(pair[1]);
            let (_, first) = place(pair[0]);
            let period = values[pair[1]].period;
            faults.add(
                field,
                format!(
                    "{at}: {period} is given twice (first at {}): a measure has one value per period",
                    first.to_lowercase()
                ),
            );
        }
    }
    values.sort_by_key(|v| v.period);
}

/// The columns a values file may have; `measure` (the measure's key, as
/// [`to_csv`] writes it) is optional and checked when given.
const COLUMNS: [&str; 4] = ["period", "value", "note", "measure"];

/// Reads a CSV file of values for the measure `key` (a header row naming
/// `period`, `value` and optionally `note` and `measure`, in any order). Faults name the row as a spreadsheet
/// numbers it (the header is row 1) and the column; each is reported under
/// `field`, the name of the input or body the file came in.
pub fn check_csv(frequency: Frequency, key: &str, bytes: &[u8], field: &str) -> Result<Vec<NewValue>, Vec<FieldError>> {
    let mut faults = Faults::new(field);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(_)) | None => {
            faults
                .add(None, "The file is empty: its first row must name the columns period, value and note".to_owned());
            return Err(faults.finish());
        }
    };
    let mut at = [None; 4];
    for (i, name) in header.iter().enumerate() {
        let name = String::from_utf8_lossy(name).trim().to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(c) if at[c].is_some() => {
                faults.add(None, format!("Row 1, column {}: the column “{name}” is given twice", i + 1))
            }
            Some(c) => at[c] = Some(i),
            None => faults.add(
                None,
                format!(
                    "Row 1, column {}: unknown column “{}”: the columns are period, value and note",
                    i + 1,
                    short(&name)
                ),
            ),
        }
    }
    for (c, name) in COLUMNS.iter().enumerate().take(2) {
        if at[c].is_none() {
            faults.add(None, format!("Row 1: there is no “{name}” column: the columns are period, value and note"));
        }
    }
    let (Some(period_at), Some(value_at)) = (at[0], at[1]) else { return Err(faults.finish()) };
    let mut values = Vec::new();
    for (n, record) in records.enumerate() {
        let row = n + 2;
        let record = match record {
            Ok(record) => record,
            Err(_) => {
                faults.add(None, format!("Row {row}: the row could not be read as CSV (check its quotes)"));
                continue;
            }
        };
        if record.iter().all(|cell| cell.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let cell = |i: Option<usize>| -> Result<Option<&str>, ()> {
            match i.and_then(|i| record.get(i)) {
                None => Ok(None),
                Some(bytes) => std::str::from_utf8(bytes).map(Some).map_err(|_| ()),
            }
        };
        let (Ok(period), Ok(value), Ok(note), Ok(measure)) =
            (cell(Some(period_at)), cell(Some(value_at)), cell(at[2]), cell(at[3]))
        else {
            faults.add(None, format!("Row {row}: the row is not UTF-8 text; save the file as CSV UTF-8"));
            continue;
        };
        if record.len() > header.len() {
            faults.add(
                None,
                format!("Row {row}, column {}: the row has more cells than the header names", header.len() + 1),
            );
            continue;
        }
        if let Some(other) = measure.map(str::trim).filter(|m| *m != key) {
            faults.add(None, format!("Row {row}, column measure: “{}” is not this measure, {key}", short(other)));
            continue;
        }
        match check_one(frequency, period.unwrap_or_default(), value.unwrap_or_default(), note) {
            Ok(value) => values.push((row, value)),
            Err(errors) => {
                for e in errors {
                    faults.add(None, format!("Row {row}, column {}: {}", e.field, e.message));
                }
            }
        }
    }
    let rows: Vec<usize> = values.iter().map(|(row, _)| *row).collect();
    let mut values: Vec<NewValue> = values.into_iter().map(|(_, v)| v).collect();
    duplicates(&mut values, &mut faults, |i| (None, format!("Row {}, column period", rows[i])));
    if values.is_empty() && faults.list.is_empty() {
        faults.add(None, "The file has a header but no values".to_owned());
    }
    let faults = faults.finish();
    if faults.is_empty() { Ok(values) } else { Err(faults) }
}

/// A measure's values as CSV, with the columns [`check_csv`] reads:
/// `measure,period,value,note` (cells made safe for spreadsheets).
pub fn to_csv(key: &str, values: &[NewValue]) -> Result<Vec<u8>, crate::error::AppError> {
    let header = ["measure", "period", "value", "note"].map(str::to_owned);
    let rows = values
        .iter()
        .map(|v| [key.to_owned(), v.period.to_string(), v.value.to_string(), v.note.clone().unwrap_or_default()]);
    crate::web::spreadsheet::rows(std::iter::once(header).chain(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(result: Result<Vec<NewValue>, Vec<FieldError>>) -> Vec<String> {
        result.unwrap_err().into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn a_file_with_columns_in_any_order_is_read_in_time_order() {
        let file = b"value,period,note\n12,2024-02,\n10.5,2024-01,\"first, estimated\"\n";
        let values = check_csv(Frequency::Monthly, "falls", file, "file").unwrap();
        assert_eq!(values.len(), 2);
        assert_eq!(values[0].period.to_string(), "2024-01");
        assert_eq!(values[0].note.as_deref(), Some("first, estimated"));
        assert_eq!(values[1].note, None);
    }

    #[test]
    fn every_fault_names_its_row_and_column() {
        let file = b"period,value,colour\n2024-01,1,x\n2024-Q2,2,x\n2024-03,lots,x\n2024-01,4,x\n";
        assert_eq!(
            messages(check_csv(Frequency::Monthly, "falls", file, "file")),
            [
                "Row 1, column 3: unknown column “colour”: the columns are period, value and note",
                "Row 3, column period: 2024-Q2 is a quarter, but this measure is monthly: write a month as 2024-04",
                "Row 4, column value: “lots” is not a number",
                "Row 5, column period: 2024-01 is given twice (first at row 2, column period): a measure has one \
                 value per period",
            ]
        );
    }

    #[test]
    fn a_file_without_a_value_column_says_so() {
        assert_eq!(
            messages(check_csv(Frequency::Yearly, "falls", b"period\n2024\n", "file")),
            ["Row 1: there is no “value” column: the columns are period, value and note"]
        );
    }

    #[test]
    fn json_values_name_their_place_in_the_list() {
        let input = ValuesInput {
            values: vec![
                ValueInput { period: "2024".to_owned(), value: 1.0, note: None },
                ValueInput { period: "2024-01".to_owned(), value: 2.0, note: None },
            ],
        };
        let errors = check_json(Frequency::Yearly, &input).unwrap_err();
        assert_eq!(errors[0].field, "values[1].period");
        assert!(errors[0].message.starts_with("Value 2: 2024-01 is a month"), "{}", errors[0].message);
    }

    #[test]
    fn values_written_as_csv_read_back_the_same_and_another_measures_rows_are_refused() {
        let values =
            check_csv(Frequency::Monthly, "falls", b"period,value,note\n2024-01,1.5,\"a, b\"\n2024-02,2,\n", "f")
                .unwrap();
        let csv = to_csv("falls", &values).unwrap();
        assert_eq!(
            String::from_utf8(csv.clone()).unwrap(),
            "measure,period,value,note\nfalls,2024-01,1.5,\"a, b\"\nfalls,2024-02,2,\n"
        );
        assert_eq!(check_csv(Frequency::Monthly, "falls", &csv, "f").unwrap(), values);
        assert_eq!(
            messages(check_csv(Frequency::Monthly, "waits", &csv, "f")),
            [
                "Row 2, column measure: “falls” is not this measure, waits",
                "Row 3, column measure: “falls” is not this measure, waits"
            ]
        );
    }
}
