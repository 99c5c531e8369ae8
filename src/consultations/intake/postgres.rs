//! New responses on PostgreSQL: a batch is one statement, and so one round
//! trip and its own transaction. The responses, their answers and the
//! running figures each go as a part of it over arrays (`UNNEST`); one
//! statement each was about a thousand for 64 responses, and one per part
//! in an explicit transaction still seven round trips.
//!
//! Each writer adds its running figures to a shard of its own, so batches
//! written at once do not wait for each other's commit on the same rows.
//! The figures are packed (migration 0054): one row per question, kind,
//! rank, group and staff standing holds every item's count in an array, so
//! a batch changes a row per question and kind, not one per word.

use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;

use super::{NewResponse, PackedKey};
use crate::consultations::answers::TallyKey;
use crate::consultations::response_store::day_of;
use crate::error::AppError;

/// Adds packed running figures to a shard: the consultation and shard as
/// given (`$c`, `$shard`), then the eight arrays of [`Counts`] in the
/// order [`Counts::bind`] binds them, from `$q` on. Each row's counts are
/// a slice of one flat array, by start and length.
macro_rules! add_counts {
    ($c:literal, $shard:literal, $q:literal, $k:literal, $pos:literal, $grp:literal, $ver:literal,
     $start:literal, $len:literal, $counts:literal) => {
        concat!(
            "INSERT INTO consultation_counts \
             (consultation_id, question_key, kind, position, respondent_group, verified_staff, shard, counts) \
             SELECT ",
            $c,
            ", q, k, position, grp, verified, ",
            $shard,
            ", (",
            $counts,
            "::bigint[])[start + 1 : start + len] \
             FROM UNNEST(",
            $q,
            "::text[], ",
            $k,
            "::text[], ",
            $pos,
            "::bigint[], ",
            $grp,
            "::text[], ",
            $ver,
            "::bigint[], ",
            $start,
            "::int[], ",
            $len,
            "::int[]) AS u(q, k, position, grp, verified, start, len) \
             ON CONFLICT (consultation_id, question_key, kind, position, respondent_group, verified_staff, shard) \
             DO UPDATE SET counts = ethos_add_counts(consultation_counts.counts, excluded.counts)"
        )
    };
}

/// Responses, then their answers (joined by token), then the day's count
/// and the running figures, in `$12` (the shard).
const WRITE: &str = concat!(
    "WITH made AS ( \
       INSERT INTO consultation_responses \
       (consultation_id, token_hash, respondent_group, verified_staff, created_at, updated_at) \
       SELECT $1, token, grp, verified, $2, $2 FROM UNNEST($3::text[], $4::text[], $5::bigint[]) AS u(token, grp, verified) \
       RETURNING id, token_hash \
     ), answers AS ( \
       INSERT INTO consultation_answers (response_id, question_key, answer, flagged, search_text, consultation_id) \
       SELECT made.id, k, body, flagged, text, $1 \
       FROM UNNEST($6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[]) AS u(token, k, body, flagged, text) \
       JOIN made ON made.token_hash = u.token \
     ), days AS ( \
       INSERT INTO consultation_days (consultation_id, day, shard, count) VALUES ($1, $11, $12, $13) \
       ON CONFLICT (consultation_id, day, shard) DO UPDATE SET count = consultation_days.count + excluded.count \
     ), tallies AS (",
    add_counts!("$1", "$12", "$14", "$15", "$16", "$17", "$18", "$19", "$20", "$21"),
    ") SELECT COUNT(*) FROM made"
);

/// A changed response's running figures, moved by the difference (some
/// counts negative) in shard 0, in one statement.
pub const MOVE_COUNTS: &str = add_counts!("$1", "0", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9");

/// Packed running figures as the arrays [`add_counts`] reads.
#[derive(Default)]
pub struct Counts<'a> {
    questions: Vec<&'a str>,
    kinds: Vec<&'static str>,
    positions: Vec<i64>,
    groups: Vec<&'a str>,
    verified: Vec<i64>,
    starts: Vec<i32>,
    lens: Vec<i32>,
    counts: Vec<i64>,
}

impl<'a> Counts<'a> {
    /// `packed` (from [`super::packed`] or [`super::packed_sum`]) as arrays:
    /// each packed row once, so no row is updated twice in a statement.
    pub fn of(packed: Vec<(PackedKey<'a>, Vec<i64>)>) -> Counts<'a> {
        let mut out = Counts::default();
        for (k, items) in packed {
            out.questions.push(k.question);
            out.kinds.push(k.kind);
            out.positions.push(k.position);
            out.groups.push(k.group);
            out.verified.push(k.verified);
            out.starts.push(i32::try_from(out.counts.len()).unwrap_or(i32::MAX));
            out.lens.push(i32::try_from(items.len()).unwrap_or(i32::MAX));
            out.counts.extend(items);
        }
        out
    }

    /// The running figures a changed response moves (see
    /// [`crate::consultations::answers::deltas`]).
    pub fn moved(deltas: &'a [(TallyKey, i64)]) -> Counts<'a> {
        Counts::of(super::packed_sum(deltas.iter().map(|(k, n)| (k, *n))))
    }

    /// Whether there is nothing to add.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// Binds the eight arrays, in order, to `query`.
    pub fn bind<'q>(&'q self, query: Query<'q, Postgres, PgArguments>) -> Query<'q, Postgres, PgArguments> {
        query
            .bind(&self.questions)
            .bind(&self.kinds)
            .bind(&self.positions)
            .bind(&self.groups)
            .bind(&self.verified)
            .bind(&self.starts)
            .bind(&self.lens)
            .bind(&self.counts)
    }
}

/// Stores `rows` (new responses of consultation `consultation`, made at
/// `t`) and adds their running figures to `shard`, in one transaction.
pub async fn write(
    db: impl sqlx::PgExecutor<'_>,
    consultation: i64,
    shard: i64,
    t: i64,
    rows: &[&NewResponse],
) -> Result<(), AppError> {
    if rows.is_empty() {
        return Ok(());
    }
    let tokens: Vec<&str> = rows.iter().map(|r| r.token_hash.as_str()).collect();
    let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    let verified: Vec<i64> = rows.iter().map(|r| r.verified).collect();

    let mut answers = (vec![], vec![], vec![], vec![], vec![]);
    for row in rows {
        for a in &row.answers {
            answers.0.push(row.token_hash.as_str());
            answers.1.push(a.question_key.as_str());
            answers.2.push(a.json.as_str());
            answers.3.push(a.flagged);
            answers.4.push(a.search_text.as_str());
        }
    }
    let counts = Counts::of(super::packed(rows.iter().copied()));
    let count = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let query = sqlx::query(WRITE)
        .bind(consultation)
        .bind(t)
        .bind(&tokens)
        .bind(&groups)
        .bind(&verified)
        .bind(&answers.0)
        .bind(&answers.1)
        .bind(&answers.2)
        .bind(&answers.3)
        .bind(&answers.4)
        .bind(day_of(t))
        .bind(shard)
        .bind(count);
    counts.bind(query).execute(db).await?;
    Ok(())
}
