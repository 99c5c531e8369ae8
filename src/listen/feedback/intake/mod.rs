//! New feedback on its way into storage, through the process's batching
//! writer ([`crate::storage::group_commit`]): the request checks the item
//! and makes it ready to store on its own thread ([`NewFeedback`]: due
//! dates, personal data flags, the status token's hash); the writer then
//! takes every item waiting, gives each its reference number and stores
//! them with their audit lines in one transaction, one commit for the lot.
//!
//! Numbers are taken inside that transaction: each organisation's sequence
//! for the year moves on by the number of its items in the batch in one
//! statement, and the items get the numbers in between in the order they
//! arrived. A batch that fails is rolled back whole, numbers included, so
//! a retried item takes the next number and none is skipped.

mod postgres;
mod sqlite;

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::personal_data;
use super::reference;
use super::store::{Kind, NewItem};
use crate::error::AppError;
use crate::listen::inbox::clock;
use crate::listen::settings::Settings;
use crate::storage::Db;
use crate::storage::group_commit::{self, Batch};

/// Moves an organisation's sequence for a year on by `$3` numbers; the
/// last number now taken.
const ADD_NUMBERS: &str = "INSERT INTO feedback_sequences (org_id, year, last) VALUES ($1, $2, $3) \
    ON CONFLICT (org_id, year) DO UPDATE SET last = feedback_sequences.last + excluded.last RETURNING last";

/// Stores one item (SQLite; PostgreSQL sends a batch as arrays).
const INSERT: &str = "INSERT INTO feedback (org_id, year, number, kind, service, neighbourhood, body, contact, \
    personal_data, status_token_hash, acknowledge_by, respond_by, language, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)";

/// The audit line's action.
const ACTION: &str = "feedback.receive";

/// A checked item, ready to store but for its number.
#[derive(Clone, Debug)]
pub struct NewFeedback {
    pub org_id: i64,
    /// The year it arrived in the organisation's zone: its sequence.
    pub year: i64,
    pub kind: Kind,
    pub service: String,
    pub neighbourhood: String,
    pub body: String,
    pub contact: Option<String>,
    /// The kinds of personal data the text seems to hold, as stored.
    pub personal_data: String,
    pub token_hash: String,
    pub acknowledge_by: String,
    pub respond_by: String,
    /// The code of the language it was written in.
    pub language: &'static str,
}

impl NewFeedback {
    /// `item` for the organisation, arriving `today` (its zone's date), with
    /// the hash of its status token; its due dates from `settings`.
    pub fn new(org_id: i64, today: Date, settings: &Settings, item: &NewItem, token_hash: String) -> NewFeedback {
        let (acknowledge_by, respond_by) = clock::due_dates(today, settings.acknowledge_days, settings.respond_days);
        NewFeedback {
            org_id,
            year: i64::from(today.year()),
            kind: item.kind,
            service: item.service.clone(),
            neighbourhood: item.neighbourhood.clone(),
            body: item.body.clone(),
            contact: item.contact.clone(),
            personal_data: personal_data::to_stored(&personal_data::find(&item.body)),
            token_hash,
            acknowledge_by: acknowledge_by.to_string(),
            respond_by: respond_by.to_string(),
            language: item.language,
        }
    }

    /// Its reference once it has `number`.
    pub fn reference(&self, number: i64) -> String {
        reference::format(self.year, number)
    }

    /// The audit line's summary: the reference, never the sender's words.
    fn audit_summary(&self, number: i64) -> String {
        format!("Received {} {}", self.kind.label().to_lowercase(), self.reference(number))
    }
}

/// How many of `rows` go to each organisation's sequence for a year, in
/// one order (every writer takes the sequences' rows in it, so two
/// transactions never wait on each other in a circle).
fn wanted(rows: &[&NewFeedback]) -> BTreeMap<(i64, i64), i64> {
    let mut out = BTreeMap::new();
    for row in rows {
        *out.entry((row.org_id, row.year)).or_default() += 1;
    }
    out
}

/// Each row's number, given the last number each sequence has reached
/// after taking [`wanted`]'s counts: the numbers in between, in row order.
fn numbers(rows: &[&NewFeedback], mut last: BTreeMap<(i64, i64), i64>) -> Vec<i64> {
    let wanted = wanted(rows);
    for (key, n) in &wanted {
        if let Some(last) = last.get_mut(key) {
            *last -= n;
        }
    }
    rows.iter()
        .map(|row| {
            let next = last.entry((row.org_id, row.year)).or_default();
            *next += 1;
            *next
        })
        .collect()
}

/// How feedback is written many at a time; a row's answer is its number.
pub struct Items;

impl Batch for Items {
    type Row = NewFeedback;
    type Stored = i64;

    const THREAD: &'static str = "ethos-feedback";

    fn sqlite(conn: &mut rusqlite::Connection, rows: &[&NewFeedback]) -> Result<Vec<i64>, AppError> {
        sqlite::write(conn, rows)
    }

    async fn postgres(
        conn: &mut sqlx::PgConnection,
        _writer: i64,
        rows: &[&NewFeedback],
    ) -> Result<Vec<i64>, AppError> {
        postgres::write(conn, rows).await
    }

    async fn upkeep(pool: &sqlx::PgPool) -> Result<(), AppError> {
        Ok(crate::storage::search_index::clean_pending(pool, crate::storage::search_index::FEEDBACK).await?)
    }
}

/// The writer of new feedback.
pub type Writer = group_commit::Writer<Items>;

/// Sends `row` through the process's writer (started at first use) and
/// waits for its commit; its reference.
pub async fn submit(state: &crate::app::AppState, row: NewFeedback) -> Result<String, AppError> {
    let writer = state.listen.feedback.get_or_try_init(|| Writer::start(&state.db)).await?;
    let year = row.year;
    let number = writer.write(row).await?;
    Ok(reference::format(year, number))
}

/// Writes `row` at once, outside the writer (the demo and tests); its number.
pub async fn write_alone(db: &Db, row: NewFeedback) -> Result<i64, AppError> {
    let numbers = match db {
        Db::Postgres(pool) => postgres::write(pool, &[&row]).await?,
        Db::Sqlite(pool) => {
            let target = crate::storage::sqlite_conn::Target::of(pool).await?;
            tokio::task::spawn_blocking(move || sqlite::write(&mut target.open()?, &[&row]))
                .await
                .map_err(|e| AppError::Internal(e.into()))??
        }
    };
    numbers.first().copied().ok_or_else(|| AppError::Internal(anyhow::anyhow!("feedback was not stored")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(org_id: i64, year: i64) -> NewFeedback {
        NewFeedback {
            org_id,
            year,
            kind: Kind::Idea,
            service: String::new(),
            neighbourhood: String::new(),
            body: "Benches by the canal".to_owned(),
            contact: None,
            personal_data: String::new(),
            token_hash: String::new(),
            acknowledge_by: String::new(),
            respond_by: String::new(),
            language: "en",
        }
    }

    #[test]
    fn a_batch_takes_the_numbers_after_each_sequence_in_arrival_order() {
        let (a, b, c, d) = (row(1, 2026), row(2, 2026), row(1, 2026), row(1, 2027));
        let rows = [&a, &b, &c, &d];
        let counted = wanted(&rows);
        assert_eq!(counted.into_iter().collect::<Vec<_>>(), [((1, 2026), 2), ((1, 2027), 1), ((2, 2026), 1)]);
        // Organisation 1 had 40 items in 2026, so its sequence now stands at 42.
        let last = BTreeMap::from([((1, 2026), 42), ((1, 2027), 1), ((2, 2026), 7)]);
        assert_eq!(numbers(&rows, last), [41, 7, 42, 1]);
    }

    #[test]
    fn the_audit_line_names_the_reference_and_not_the_words() {
        let summary = row(1, 2026).audit_summary(42);
        assert_eq!(summary, "Received idea FB-2026-00042");
    }
}
