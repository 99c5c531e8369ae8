//! New responses on their way into storage. A request checks its answers
//! and makes them ready to store on its own thread ([`NewResponse`]: the
//! answers as JSON, their search text, every running figure they count in);
//! the [`writer`] then stores whatever has queued in one transaction per
//! batch, on PostgreSQL through arrays ([`postgres`]) and on SQLite on a
//! thread of its own with prepared statements ([`sqlite`]).

pub mod postgres;
pub mod sqlite;
pub mod writer;

use rustc_hash::FxHashMap;

use super::answers::{self, TallyKey, Valid};
use super::model::Consultation;
use super::response_store::search_text;
use super::store::json;
use crate::error::AppError;

/// A checked new response, ready to store.
#[derive(Debug)]
pub struct NewResponse {
    /// The hash of the respondent's token (never the token itself).
    pub token_hash: String,
    pub group: String,
    /// 1 for verified staff, else 0.
    pub verified: i64,
    pub answers: Vec<NewAnswer>,
    /// Every running figure the response counts in, once each.
    pub tallies: Vec<TallyKey>,
}

/// One answer of a [`NewResponse`].
#[derive(Debug)]
pub struct NewAnswer {
    pub question_key: String,
    /// The answer as stored (JSON).
    pub json: String,
    /// 1 when it looks like personal data, else 0.
    pub flagged: i64,
    /// Its written text, lower-cased ('' when none).
    pub search_text: String,
}

impl NewResponse {
    /// Makes `valid` (answers to `c`) ready to store under `token_hash`.
    pub fn new(c: &Consultation, token_hash: String, valid: Valid) -> Result<NewResponse, AppError> {
        let tallies = answers::contributions_of(
            c,
            |key| valid.answers.iter().find(|(k, _, _)| k == key).map(|(_, a, _)| a),
            &valid.group,
            valid.verified_staff,
        );
        let mut out = Vec::with_capacity(valid.answers.len());
        for (question_key, answer, flagged) in valid.answers {
            out.push(NewAnswer {
                json: json(&answer)?,
                search_text: search_text(&answer),
                flagged: i64::from(flagged),
                question_key,
            });
        }
        Ok(NewResponse {
            token_hash,
            group: valid.group,
            verified: i64::from(valid.verified_staff),
            answers: out,
            tallies,
        })
    }
}

/// The running figures `rows` add together, each key once, sorted (every
/// writer touches tally rows in the same order, so two transactions never
/// wait on each other in a circle).
pub fn summed<'a>(rows: impl IntoIterator<Item = &'a NewResponse>) -> Vec<(&'a TallyKey, i64)> {
    let mut sum: FxHashMap<&TallyKey, i64> = FxHashMap::default();
    for row in rows {
        for key in &row.tallies {
            *sum.entry(key).or_default() += 1;
        }
    }
    let mut out: Vec<_> = sum.into_iter().collect();
    out.sort_unstable_by(|a, b| a.0.cmp(b.0));
    out
}

/// A packed row of running figures on PostgreSQL (migration 0054): the
/// count of every item (word or option) for one question, kind, rank
/// position, group and staff standing.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PackedKey<'a> {
    pub question: &'a str,
    pub kind: &'static str,
    pub position: i64,
    pub group: &'a str,
    pub verified: i64,
}

/// The running figures `rows` add together as packed rows: each row once,
/// with its counts by item (item 0 first, items not counted 0), sorted as
/// [`summed`] is and for the same reason.
pub fn packed<'a>(rows: impl IntoIterator<Item = &'a NewResponse>) -> Vec<(PackedKey<'a>, Vec<i64>)> {
    packed_sum(rows.into_iter().flat_map(|row| row.tallies.iter().map(|k| (k, 1))))
}

/// Running figures, each moved by its count (negative when a changed
/// response no longer counts in it), as packed rows, like [`packed`].
pub fn packed_sum<'a>(figures: impl IntoIterator<Item = (&'a TallyKey, i64)>) -> Vec<(PackedKey<'a>, Vec<i64>)> {
    let mut sum: FxHashMap<PackedKey<'a>, Vec<i64>> = FxHashMap::default();
    for (k, n) in figures {
        // Items are word and option indexes, never negative.
        let Ok(item) = usize::try_from(k.item) else { continue };
        let key = PackedKey {
            question: &k.question,
            kind: k.kind,
            position: k.position,
            group: &k.group,
            verified: k.verified,
        };
        let counts = sum.entry(key).or_default();
        if counts.len() <= item {
            counts.resize(item + 1, 0);
        }
        counts[item] += n;
    }
    let mut out: Vec<_> = sum.into_iter().collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}
