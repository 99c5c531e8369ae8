//! CSV downloads: every response (one row each, one column per answer —
//! one per word of a keep/remove question — and whether it came from
//! verified staff) for the organisation, and the per-word tallies (for
//! everyone or one group, with each group's net score side by side) for
//! whoever may read results. Both are written by [`crate::web::spreadsheet`],
//! which keeps formulas out and adds the byte order mark.
//!
//! The responses CSV is streamed: its header goes out at once, then the rows
//! of one page of responses at a time, so memory stays flat however many
//! people answered.

use std::borrow::Cow;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use futures_util::{Stream, StreamExt, TryStreamExt, stream};
use serde::Deserialize;

use super::analysis::tally::Mark;
use super::analysis::tally::Suppressed;
use super::model::{Consultation, Kind};
use super::respond::load;
use super::results::{Figures, may_read, shown};
use super::store::{self, PackedResponse};
use crate::app::AppState;
use crate::auth::session::Viewer;
use crate::error::AppError;
use crate::orgs::access::Role;
use crate::storage::Db;
use crate::web::spreadsheet::{self, CsvQuery};

/// How many responses the responses CSV reads from the database at a time.
pub const BATCH: i64 = 500;

/// How one question's answers become cells, worked out once per download
/// rather than once per response.
enum Column {
    /// Keep/remove marks: a cell per markable word, by its index (a word
    /// that appears twice in the text has two columns).
    Words(Vec<(u32, String)>),
    /// Chosen options (and "Other: …"), by the labels shown.
    Choices(Vec<String>),
    /// Picked values, in the order picked.
    Picks(Vec<String>),
    Text,
}

/// The questions of a consultation as CSV columns, in order.
struct Columns {
    questions: Vec<(String, Column)>,
    /// Cells in a row.
    width: usize,
}

impl Columns {
    fn new(c: &Consultation) -> Columns {
        let questions = c
            .questions
            .iter()
            .map(|q| {
                let column = match &q.kind {
                    Kind::Words { .. } => Column::Words(super::words::selectable(&q.blocks())),
                    Kind::Choice { .. } | Kind::Group => Column::Choices(q.choices(&c.audiences)),
                    Kind::Values { .. } => Column::Picks(q.choices(&c.audiences)),
                    Kind::Text { .. } | Kind::Suggest { .. } => Column::Text,
                };
                (q.key.clone(), column)
            })
            .collect::<Vec<_>>();
        let width = 5 + questions
            .iter()
            .map(|(_, column)| match column {
                Column::Words(words) => words.len() + 1,
                _ => 1,
            })
            .sum::<usize>();
        Columns { questions, width }
    }

    /// The header row: the response's own columns, then one per question
    /// (one per word position of a keep/remove question).
    fn header(&self, c: &Consultation) -> Vec<String> {
        let mut head = vec![
            "response".to_owned(),
            "group".to_owned(),
            "verified_staff".to_owned(),
            "created".to_owned(),
            "updated".to_owned(),
        ];
        for (q, (_, column)) in c.questions.iter().zip(&self.questions) {
            match column {
                Column::Words(words) => {
                    // Numbered as the markable words are, from 1.
                    let named =
                        words.iter().enumerate().map(|(n, (_, word))| format!("{} word {}: {word}", q.key, n + 1));
                    head.extend(named);
                    // A translation's word positions are not the English ones.
                    head.push(format!("{} marks on a translation", q.key));
                }
                _ => head.push(format!("{} {}", q.key, q.prompt)),
            }
        }
        head
    }

    /// A response's cells, borrowing what they can: a download writes
    /// millions of them. `answers` are the response's, decoded.
    fn row<'a>(&'a self, r: &'a PackedResponse, answers: &'a [(&'a str, Lean<'a>)]) -> Vec<Cow<'a, str>> {
        let mut row = Vec::with_capacity(self.width);
        row.extend([
            Cow::Owned(r.id.to_string()),
            Cow::Borrowed(r.group.as_str()),
            Cow::Borrowed(if r.verified_staff { "yes" } else { "no" }),
            Cow::Owned(spreadsheet::time(r.created_at)),
            Cow::Owned(spreadsheet::time(r.updated_at)),
        ]);
        for (key, column) in &self.questions {
            let answer = answers.iter().find(|(k, _)| *k == key.as_str()).map(|(_, a)| a);
            match column {
                Column::Words(words) => {
                    let translated = answer.filter(|a| !a.language.is_empty());
                    let marks = answer.filter(|a| a.language.is_empty()).map_or(&[][..], |a| &a.marks[..]);
                    row.extend(words.iter().map(|(i, _)| match marks.binary_search_by_key(i, |(at, _)| *at) {
                        Ok(found) if marks[found].1 == Mark::Keep => Cow::Borrowed("keep"),
                        Ok(_) => Cow::Borrowed("remove"),
                        Err(_) => Cow::Borrowed(""),
                    }));
                    row.push(translated.map(translation_marks).map_or(Cow::Borrowed(""), Cow::Owned));
                }
                _ => row.push(answer.map_or(Cow::Borrowed(""), |a| cell(column, a))),
            }
        }
        row
    }
}

/// An answer as the CSV reads it, borrowing from the stored JSON: the marks
/// in a list ordered by word rather than a map, texts not copied unless
/// they hold escapes: decoding into an [`Answer`](super::model::Answer) builds a map and copies
/// every text, for each of millions of answers. The stored JSON was written
/// from a checked answer.
#[derive(Default, Deserialize)]
struct Lean<'a> {
    #[serde(default, deserialize_with = "marks_by_word")]
    marks: Vec<(u32, Mark)>,
    #[serde(default)]
    choices: Vec<u32>,
    #[serde(default, borrow)]
    other: Cow<'a, str>,
    #[serde(default)]
    picks: Vec<u32>,
    #[serde(default, borrow)]
    text: Cow<'a, str>,
    #[serde(default, borrow)]
    language: Cow<'a, str>,
}

/// Keep/remove marks (`{"4": "keep"}`) as (word index, mark), by index.
fn marks_by_word<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(u32, Mark)>, D::Error> {
    struct ByWord;
    impl<'de> serde::de::Visitor<'de> for ByWord {
        type Value = Vec<(u32, Mark)>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("word indices with keep or remove")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut marks = Vec::with_capacity(map.size_hint().unwrap_or(64));
            while let Some(entry) = map.next_entry::<u32, Mark>()? {
                marks.push(entry);
            }
            marks.sort_unstable_by_key(|(i, _)| *i);
            Ok(marks)
        }
    }
    d.deserialize_map(ByWord)
}

/// A response's answers decoded for its row.
fn decode(r: &PackedResponse) -> Result<Vec<(&str, Lean<'_>)>, AppError> {
    r.answers()
        .map(|answer| {
            let (key, _, json) = answer?;
            let lean: Lean = serde_json::from_str(json).map_err(|e| store::unreadable("an answer", r.id, e))?;
            Ok((key, lean))
        })
        .collect()
}

/// The marks of a keep/remove answer given on a translation, as
/// "cy word 3: keep; cy word 7: remove" (positions in that language's text).
fn translation_marks(answer: &Lean) -> String {
    answer
        .marks
        .iter()
        .map(|(i, m)| format!("{} word {i}: {}", answer.language, if *m == Mark::Keep { "keep" } else { "remove" }))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A choice, values or text answer as one cell. Written text is given as
/// stored: an editor's redaction has already replaced it there.
fn cell<'a>(column: &'a Column, answer: &'a Lean<'a>) -> Cow<'a, str> {
    let label = |shown: &'a Vec<String>, i: &u32| shown.get(*i as usize).map_or("", String::as_str);
    match column {
        Column::Words(_) => Cow::Borrowed(""),
        Column::Choices(shown) => match (&answer.choices[..], answer.other.is_empty()) {
            // Most answers choose one option: its label as it is.
            ([one], true) => Cow::Borrowed(label(shown, one)),
            _ => {
                let mut parts: Vec<Cow<str>> = answer.choices.iter().map(|i| Cow::Borrowed(label(shown, i))).collect();
                if !answer.other.is_empty() {
                    parts.push(Cow::Owned(format!("Other: {}", answer.other)));
                }
                Cow::Owned(parts.join("; "))
            }
        },
        Column::Picks(shown) => Cow::Owned(answer.picks.iter().map(|i| label(shown, i)).collect::<Vec<_>>().join("; ")),
        Column::Text => Cow::Borrowed(&*answer.text),
    }
}

/// A page of responses as CSV rows.
fn page_rows(columns: &Columns, page: &[PackedResponse]) -> Result<Vec<u8>, AppError> {
    let mut sheet = spreadsheet::Sheet::new();
    for r in page {
        let answers = decode(r)?;
        sheet.record(columns.row(r, &answers))?;
    }
    sheet.into_bytes()
}

/// The responses CSV of `c` as chunks of bytes: the header row first, before
/// anything is read, then the rows of `batch` responses at a time, read in
/// id order from just after the last response sent, so each response
/// appears once, in order. Responses sent while the download runs may or may
/// not be in it.
pub fn response_rows(
    db: Db,
    c: &Consultation,
    batch: i64,
    bom: bool,
) -> impl Stream<Item = Result<Vec<u8>, AppError>> + use<> {
    let columns = Arc::new(Columns::new(c));
    let header = spreadsheet::rows([columns.header(c)])
        .map(|head| if bom { [spreadsheet::BOM, head.as_slice()].concat() } else { head });
    let consultation_id = c.id;
    let batch = batch.max(1);
    // The next pages are read while this one is written out: a task reads
    // ahead (at most two pages), and stops when the download is dropped.
    let (ahead, mut read) = tokio::sync::mpsc::channel::<Result<Vec<PackedResponse>, AppError>>(2);
    match db {
        Db::Sqlite(pool) => {
            let path = pool.connect_options().get_filename().to_owned();
            tokio::task::spawn_blocking(move || {
                super::sqlite_pages::walk(&path, consultation_id, batch, |page| ahead.blocking_send(page).is_ok());
            });
        }
        Db::Postgres(pool) => {
            tokio::spawn(async move {
                // Ids start at 1; a short page means there is nothing more.
                let mut after = 0_i64;
                loop {
                    let page = store::responses_after(&pool, consultation_id, after, batch).await;
                    let (last, more) = match &page {
                        Ok(page) => (page.last().map(|r| r.id), i64::try_from(page.len()).unwrap_or(i64::MAX) >= batch),
                        Err(_) => (None, false),
                    };
                    if page.as_ref().is_ok_and(|p| p.is_empty()) || ahead.send(page).await.is_err() {
                        return;
                    }
                    match last {
                        Some(last) if more => after = last,
                        _ => return,
                    }
                }
            });
        }
    }
    let pages =
        stream::poll_fn(move |cx| read.poll_recv(cx)).map(move |page| page.and_then(|page| page_rows(&columns, &page)));
    stream::once(std::future::ready(header)).chain(pages)
}

/// Every response, for the organisation's Board, editors and owners.
pub async fn responses_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<CsvQuery>,
) -> Result<Response, AppError> {
    let (org, c) = load(&state, &slug, id).await?;
    let role = may_read(&state.db, &org, &c, viewer.0.as_ref()).await?;
    if role.is_none_or(|r| r < Role::Board) {
        return Err(AppError::NotFound);
    }
    let consultation_id = c.id;
    // The status and headers have gone by the time a page fails to read, so
    // the error cannot become an error page. It is logged, and the stream
    // ends with an error, which makes the server cut the connection rather
    // than end the body normally: the download is seen to have failed instead
    // of looking like a complete file with rows missing.
    let body = response_rows(state.db.clone(), &c, BATCH, query.bom()).map_ok(Bytes::from).map_err(move |e| {
        let detail = match &e {
            AppError::Internal(err) => format!("{err:#}"),
            other => other.to_string(),
        };
        tracing::error!(error = detail, consultation_id, "responses CSV stopped part way");
        std::io::Error::other("the responses CSV could not be read to the end")
    });
    Ok(spreadsheet::download(&format!("consultation-{}-responses.csv", c.id), Body::from_stream(body)))
}

#[derive(Deserialize)]
pub struct WordsQuery {
    #[serde(default)]
    group: String,
    #[serde(default)]
    bom: Option<String>,
}

/// The per-word tallies of every keep/remove question, for everyone or one
/// group (`?group=`, as on the results page), under the "fewer than 5"
/// rule; for everyone, each group's net score follows, and whether the
/// groups differ most on the word.
pub async fn words_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<WordsQuery>,
) -> Result<Response, AppError> {
    let (org, c) = load(&state, &slug, id).await?;
    may_read(&state.db, &org, &c, viewer.0.as_ref()).await?;
    let group = query.group.trim();
    let (results, comparison) = super::compare::filtered(&state.db, &c, group).await?;
    let groups: Vec<String> =
        comparison.first().map(|q| q.groups.iter().map(|g| g.0.clone()).collect()).unwrap_or_default();
    let mut head: Vec<String> =
        ["group", "question", "index", "word", "saw", "keep", "keep_pct", "remove", "remove_pct", "net", "polarising"]
            .map(str::to_owned)
            .into();
    head.extend(groups.iter().map(|g| format!("net: {}", if g.is_empty() { "Not given" } else { g })));
    if !groups.is_empty() {
        head.push("groups_differ".to_owned());
    }
    let width = head.len();
    let mut records = vec![head];
    let number = |s: &Suppressed<f64>, digits: usize| {
        s.shown().map_or_else(|| super::figures::FEWER.to_owned(), |v| format!("{v:.digits$}"))
    };
    for q in &results.questions {
        let Figures::Words { words } = &q.figures else { continue };
        let compared = comparison.iter().find(|x| x.key == q.key);
        let Suppressed::Shown { value } = words else {
            // No word figures: one row saying why, as wide as the others.
            let mut record = vec![group.to_owned(), q.key.clone(), String::new(), String::new(), shown(&q.answered)];
            record.resize(width, super::figures::hidden(words).to_owned());
            records.push(record);
            continue;
        };
        for w in value {
            let mut record = vec![
                group.to_owned(),
                q.key.clone(),
                w.index.to_string(),
                w.text.clone(),
                w.saw.to_string(),
                shown(&w.keep),
                number(&w.keep_pct, 1),
                shown(&w.remove),
                number(&w.remove_pct, 1),
                number(&w.net, 3),
                w.polarising.to_string(),
            ];
            if let Some(row) = compared.and_then(|x| x.rows.iter().find(|r| r.index == w.index)) {
                record.extend(
                    row.nets.iter().map(|n| n.map_or_else(|| super::figures::FEWER.to_owned(), |n| format!("{n:.3}"))),
                );
                record.push(row.flagged().to_string());
            }
            records.push(record);
        }
    }
    let mut body = if (CsvQuery { bom: query.bom }).bom() { spreadsheet::BOM.to_vec() } else { Vec::new() };
    body.extend(spreadsheet::rows(records)?);
    Ok(spreadsheet::download(&format!("consultation-{}-words.csv", c.id), body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_given_on_a_translation_read_as_language_and_position_in_word_order() {
        let answer: Lean = serde_json::from_str(r#"{"marks":{"12":"remove","3":"keep"},"language":"cy"}"#).unwrap();
        assert_eq!(translation_marks(&answer), "cy word 3: keep; cy word 12: remove");
    }

    #[test]
    fn a_written_answer_with_quotes_and_lines_reads_as_it_was_typed() {
        let answer: Lean = serde_json::from_str(r#"{"text":"Say \"hello\"\nthen listen"}"#).unwrap();
        assert_eq!(cell(&Column::Text, &answer), "Say \"hello\"\nthen listen");
        let chosen: Lean = serde_json::from_str(r#"{"choices":[0,2],"other":"Mostly"}"#).unwrap();
        let shown = Column::Choices(vec!["Yes".to_owned(), "No".to_owned(), "Other".to_owned()]);
        assert_eq!(cell(&shown, &chosen), "Yes; Other; Other: Mostly");
    }

    #[test]
    fn a_mark_that_is_neither_keep_nor_remove_is_refused() {
        assert!(serde_json::from_str::<Lean>(r#"{"marks":{"1":"maybe"}}"#).is_err());
        assert!(serde_json::from_str::<Lean>(r#"{"marks":{"one":"keep"}}"#).is_err());
    }
}
