//! Importing returns from a CSV file at `…/returns/import` (the national
//! body's editors), for figures that came by mail or in a spreadsheet: the
//! columns `returns.csv` writes ([`super::export`]), so a download edited
//! and sent back is an import. Each row is one organisation's return, found
//! by its short name; the figures, their reasons, how social media was
//! counted and the highlight are read, checked by the same rules as the
//! return's own form, against the return as it stands. A column left out
//! keeps what the return has; the organisation's own measures are kept; the
//! status and sign-off columns are ignored (a return changes state only
//! through its workflow).
//!
//! Every row is checked before anything is saved; one fault and nothing is
//! imported, and each fault names its row (as a spreadsheet numbers it)
//! and column. A return already sent is refused: send it back first.

use std::collections::HashMap;

use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::derived::DERIVED;
use super::store::{self, Input};
use super::{Measure, Return, SOCIAL, form};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::NationalEditor;
use crate::error::AppError;
use crate::web::PageContext;
use crate::web::forms::{FieldError, FormErrors, unreadable_upload};
use crate::web::spreadsheet;

/// The largest file taken.
pub const UPLOAD_LIMIT: usize = 2 * 1024 * 1024;
/// The most faults listed; the rest are counted.
const MAX_FAULTS: usize = 30;

/// What a column of the file holds.
#[derive(Clone, Debug, PartialEq)]
enum Column {
    Organisation,
    /// A field of the return's form: a derived figure, its `_reason`,
    /// `social`, `social_how`, a national measure (`m<id>`) or `highlight`.
    Field(String),
    /// Written by the download, not read back.
    Ignored,
}

/// The column named `name` in the header, if it is one the file may have.
fn column(name: &str, measures: &[Measure]) -> Option<Column> {
    let lower = name.trim().to_lowercase();
    match lower.as_str() {
        "organisation" => return Some(Column::Organisation),
        "organisation_name" | "status" | "submitted_by" | "submitted_at" => return Some(Column::Ignored),
        "social_how" | "highlight" => return Some(Column::Field(lower)),
        _ => {}
    }
    if lower == SOCIAL || DERIVED.iter().any(|d| lower == d.key || lower == format!("{}_reason", d.key)) {
        return Some(Column::Field(lower));
    }
    measures
        .iter()
        .find(|m| m.org_id.is_none() && m.name.trim().to_lowercase() == lower)
        .map(|m| Column::Field(m.key()))
}

/// A cell as typed: the leading `'` the download puts before a cell a
/// spreadsheet would take for a formula comes off again.
fn uncell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if spreadsheet::cell(rest).starts_with('\'') => rest,
        _ => text,
    }
}

/// The form's fields for `ret` as it stands, so a column left out keeps it.
fn as_it_stands(ret: &Return) -> HashMap<String, String> {
    let mut fields = HashMap::new();
    for f in &ret.figures {
        fields.insert(f.key.clone(), f.value.map(|v| v.to_string()).unwrap_or_default());
        if f.derived.is_some() {
            fields.insert(format!("{}_reason", f.key), f.reason.clone());
        }
    }
    fields.insert("social_how".to_owned(), ret.social_how.clone());
    fields.insert("highlight".to_owned(), ret.highlight.clone());
    fields
}

/// Faults found, each "Row N, column: message".
struct Faults(Vec<String>);

impl Faults {
    fn add(&mut self, fault: String) {
        self.0.push(fault);
    }
}

/// Reads and checks the whole file against the returns as they stand:
/// the inputs to save, by organisation, or every fault.
fn check(
    bytes: &[u8],
    returns: &[Return],
    measures: &[Measure],
    campaign: &str,
) -> Result<Vec<(Return, Input)>, Vec<String>> {
    let mut faults = Faults(Vec::new());
    let bytes = bytes.strip_prefix(spreadsheet::BOM).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut records = reader.records();
    let Some(Ok(header)) = records.next() else {
        return Err(vec![
            "The file is empty or not CSV: its first row must name the columns, as in the download".to_owned(),
        ]);
    };
    let mut columns: Vec<(Column, String)> = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        match column(name, measures) {
            Some(c) if c != Column::Ignored && columns.iter().any(|(seen, _)| *seen == c) => {
                faults.add(format!("Row 1, column {}: the column “{name}” is given twice", i + 1))
            }
            Some(c) => columns.push((c, name.to_owned())),
            None => {
                faults.add(format!(
                    "Row 1, column {}: “{}” is not a column of a return: use the columns of the download",
                    i + 1,
                    name.chars().take(60).collect::<String>()
                ));
                columns.push((Column::Ignored, name.to_owned()));
            }
        }
    }
    let Some(org_at) = columns.iter().position(|(c, _)| *c == Column::Organisation) else {
        faults.add("Row 1: there is no “organisation” column, with each organisation's short name".to_owned());
        return Err(faults.0);
    };
    let mut checked: Vec<(Return, Input)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, record) in records.enumerate() {
        let row = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                faults.add(format!("Row {row}: the row could not be read as CSV (check its quotes)"));
                continue;
            }
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let slug = record.get(org_at).unwrap_or("").trim();
        if slug.is_empty() {
            faults.add(format!("Row {row}, organisation: give the organisation's short name, as in the download"));
            continue;
        }
        if let Some(first) = seen.insert(slug.to_owned(), row) {
            faults.add(format!("Row {row}, organisation: “{slug}” has a row already (row {first})"));
            continue;
        }
        let Some(ret) = returns.iter().find(|r| r.org_slug == slug) else {
            faults.add(format!("Row {row}, organisation: “{slug}” does not take part in {campaign}"));
            continue;
        };
        if !ret.status.editable() {
            faults.add(format!(
                "Row {row}: {}'s return is {} and cannot be changed; send it back first",
                ret.org_name,
                ret.status.label().to_lowercase()
            ));
            continue;
        }
        let mut fields = as_it_stands(ret);
        for ((c, _), cell) in columns.iter().zip(record.iter()) {
            if let Column::Field(key) = c {
                fields.insert(key.clone(), uncell(cell).to_owned());
            }
        }
        let mut errors = FormErrors::new();
        let input = form::parse(&fields, ret, &mut errors);
        for e in errors.list {
            let name = columns
                .iter()
                .find(|(c, _)| *c == Column::Field(e.field.clone()))
                .map_or(e.field.clone(), |(_, name)| name.clone());
            faults.add(format!("Row {row}, {name}: {}", e.message));
        }
        checked.push((ret.clone(), input));
    }
    if faults.0.is_empty() && checked.is_empty() {
        faults.add("The file has no returns in it: after the header, one row for each organisation".to_owned());
    }
    if faults.0.is_empty() { Ok(checked) } else { Err(faults.0) }
}

/// POST `…/returns/import` (multipart, field `file`).
pub async fn upload(
    State(state): State<AppState>,
    ctx: PageContext,
    e: NationalEditor,
    session: Session,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable_upload)? {
        if field.name() == Some("file") {
            file = Some(field.bytes().await.map_err(unreadable_upload)?);
        }
    }
    // Every fault listed, all under the file's field.
    let refuse = |faults: Vec<String>| {
        let more = faults.len().saturating_sub(MAX_FAULTS);
        let mut list: Vec<String> = faults.into_iter().take(MAX_FAULTS).collect();
        if more > 0 {
            list.push(format!("… and {more} more problems. Nothing was imported."));
        }
        let list = list.into_iter().map(|message| FieldError { field: "file".to_owned(), message }).collect();
        FormErrors { list }
    };
    let bytes = match file.filter(|f| !f.is_empty()) {
        None => {
            let errors = refuse(vec!["Choose a CSV file of returns to import".to_owned()]);
            return super::dashboard::page(&state, &ctx, e, errors, HashMap::new()).await;
        }
        Some(bytes) if bytes.len() > UPLOAD_LIMIT => return Err(AppError::PayloadTooLarge),
        Some(bytes) => bytes,
    };
    let returns = store::load(&state.db, &e.campaign, None).await?;
    let measures = store::measures(&state.db, e.campaign.id).await?;
    let checked = match check(&bytes, &returns, &measures, &e.campaign.name) {
        Ok(checked) => checked,
        Err(faults) => return super::dashboard::page(&state, &ctx, e, refuse(faults), HashMap::new()).await,
    };
    let mut saved = Vec::new();
    let mut missed = Vec::new();
    for (ret, input) in &checked {
        if store::save(&state.db, &e.campaign, ret.org_id, input, e.person.id).await? {
            saved.push(ret.org_name.clone());
        } else {
            missed.push(ret.org_name.clone());
        }
    }
    let mut said = match saved.len() {
        1 => format!("1 return was imported: {}.", saved[0]),
        n => format!("{n} returns were imported: {}.", saved.join(", ")),
    };
    if !missed.is_empty() {
        said.push_str(&format!(" Not imported, because it was sent meanwhile: {}.", missed.join(", ")));
    }
    tracing::info!(campaign = e.campaign.id, saved = saved.len(), "returns imported");
    Flash::set(&session, said).await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/returns", e.org.slug, e.campaign.slug)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_the_download_guarded_comes_back_as_typed() {
        assert_eq!(uncell("'=HYPERLINK(1)"), "=HYPERLINK(1)");
        assert_eq!(uncell("'-reply"), "-reply");
        assert_eq!(uncell("'quoted'"), "'quoted'");
        assert_eq!(uncell("'-12"), "'-12");
        assert_eq!(uncell("plain"), "plain");
    }

    #[test]
    fn columns_are_known_by_the_downloads_names_and_national_measures_by_name() {
        let measures = [
            Measure { id: 4, org_id: None, name: "Blogs written".to_owned(), unit: String::new() },
            Measure { id: 5, org_id: Some(2), name: "Own one".to_owned(), unit: String::new() },
        ];
        assert_eq!(column(" Organisation ", &measures), Some(Column::Organisation));
        assert_eq!(column("blogs written", &measures), Some(Column::Field("m4".to_owned())));
        assert_eq!(column("Own one", &measures), None, "an organisation's own measure is not a column");
        assert_eq!(column("status", &measures), Some(Column::Ignored));
        assert_eq!(column(SOCIAL, &measures), Some(Column::Field(SOCIAL.to_owned())));
        let first = DERIVED[0].key;
        assert_eq!(column(&format!("{first}_reason"), &measures), Some(Column::Field(format!("{first}_reason"))));
        assert_eq!(column("whatever", &measures), None);
    }
}
