//! Responses and running tallies in the database.
//!
//! A response and every tally it changes are written in one transaction, so
//! results are always the sum of the stored responses and are read from a
//! few hundred tally rows however many people answered.

use super::store::{json, unreadable};
use crate::audit::Event;
use crate::consultations::answers::{self, TallyKey, Valid};
use crate::consultations::intake::{NewResponse, postgres};
use crate::consultations::model::{Answer, Consultation};
use crate::error::AppError;
use crate::storage::BeginWrite;
use crate::storage::{Db, now};
use crate::{audit, on_db};

/// How many responses there are.
pub async fn response_count(db: &Db, consultation_id: i64) -> Result<i64, AppError> {
    let sql = "SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(consultation_id).fetch_one(pool).await)?)
}

/// A stored response.
#[derive(Clone, Debug)]
pub struct StoredResponse {
    pub id: i64,
    pub group: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// Made by a signed-in member of the organisation.
    pub verified_staff: bool,
    /// (question key, answer, flagged as personal data)
    pub answers: Vec<(String, Answer, bool)>,
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    response_id: i64,
    question_key: String,
    answer: String,
    flagged: i64,
}

fn parse_answers(rows: Vec<AnswerRow>) -> Result<Vec<(i64, String, Answer, bool)>, AppError> {
    rows.into_iter()
        .map(|r| {
            let answer: Answer =
                serde_json::from_str(&r.answer).map_err(|e| unreadable("an answer", r.response_id, e))?;
            Ok((r.response_id, r.question_key, answer, r.flagged != 0))
        })
        .collect()
}

/// The response made with this token, if any.
pub async fn response_by_token(
    db: &Db,
    consultation_id: i64,
    token_hash: &str,
) -> Result<Option<StoredResponse>, AppError> {
    let sql = "SELECT id, respondent_group, created_at, updated_at, verified_staff FROM consultation_responses \
               WHERE consultation_id = $1 AND token_hash = $2";
    let answers_sql =
        "SELECT response_id, question_key, answer, flagged FROM consultation_answers WHERE response_id = $1";
    let found = on_db!(db, pool => {
        let row: Option<(i64, String, i64, i64, i64)> = sqlx::query_as(sql).bind(consultation_id).bind(token_hash).fetch_optional(pool).await?;
        match row {
            None => None,
            Some(r) => {
                let rows = sqlx::query_as::<_, AnswerRow>(answers_sql).bind(r.0).fetch_all(pool).await?;
                Some((r, rows))
            }
        }
    });
    let Some(((id, group, created_at, updated_at, verified), rows)) = found else { return Ok(None) };
    let answers = parse_answers(rows)?.into_iter().map(|(_, k, a, f)| (k, a, f)).collect();
    Ok(Some(StoredResponse { id, group, created_at, updated_at, verified_staff: verified != 0, answers }))
}

/// Every response with its answers, oldest first (exports, free text).
pub async fn responses(db: &Db, consultation_id: i64) -> Result<Vec<StoredResponse>, AppError> {
    let sql = "SELECT id, respondent_group, created_at, updated_at, verified_staff FROM consultation_responses \
               WHERE consultation_id = $1 ORDER BY id";
    let answers_sql = "SELECT a.response_id, a.question_key, a.answer, a.flagged FROM consultation_answers a \
                       JOIN consultation_responses r ON r.id = a.response_id WHERE r.consultation_id = $1";
    let (heads, rows) = on_db!(db, pool => {
        let heads: Vec<Head> = sqlx::query_as(sql).bind(consultation_id).fetch_all(pool).await?;
        let rows = sqlx::query_as::<_, AnswerRow>(answers_sql).bind(consultation_id).fetch_all(pool).await?;
        (heads, rows)
    });
    assemble(heads, rows)
}

/// A response's columns without its answers.
type Head = (i64, String, i64, i64, i64);

/// Puts each answer with its response, keeping the order of `heads`.
fn assemble(heads: Vec<Head>, rows: Vec<AnswerRow>) -> Result<Vec<StoredResponse>, AppError> {
    let mut by_id: std::collections::HashMap<i64, Vec<(String, Answer, bool)>> = std::collections::HashMap::new();
    for (rid, key, answer, flagged) in parse_answers(rows)? {
        by_id.entry(rid).or_default().push((key, answer, flagged));
    }
    Ok(heads
        .into_iter()
        .map(|(id, group, created_at, updated_at, verified)| StoredResponse {
            id,
            group,
            created_at,
            updated_at,
            verified_staff: verified != 0,
            answers: by_id.remove(&id).unwrap_or_default(),
        })
        .collect())
}

/// A response as the responses CSV reads it: its head, and its answers
/// still packed (see [`PACKED`]), decoded only as its row is written.
#[derive(Clone, Debug)]
pub struct PackedResponse {
    pub id: i64,
    pub group: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// Made by a signed-in member of the organisation.
    pub verified_staff: bool,
    answers: String,
}

impl PackedResponse {
    /// A response with no answers yet; [`PackedResponse::push_answer`] adds them.
    pub(super) fn new(
        id: i64,
        group: String,
        created_at: i64,
        updated_at: i64,
        verified_staff: bool,
    ) -> PackedResponse {
        PackedResponse { id, group, created_at, updated_at, verified_staff, answers: String::new() }
    }

    /// Adds an answer, packed as the database packs them.
    pub(super) fn push_answer(&mut self, key: &str, flagged: bool, json: &str) {
        let (unit, record) = PACKED;
        if !self.answers.is_empty() {
            self.answers.push(record);
        }
        self.answers.push_str(key);
        self.answers.push(unit);
        self.answers.push(if flagged { '1' } else { '0' });
        self.answers.push(unit);
        self.answers.push_str(json);
    }

    /// Each answer as (question key, flagged as personal data, its JSON).
    pub fn answers(&self) -> impl Iterator<Item = Result<(&str, bool, &str), AppError>> {
        let (unit, record) = PACKED;
        self.answers.split(record).filter(|a| !a.is_empty()).map(move |a| {
            let mut parts = a.splitn(3, unit);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(key), Some(flag), Some(json)) => Ok((key, flag != "0", json)),
                _ => Err(unreadable("an answer", self.id, "its parts are missing")),
            }
        })
    }
}

/// Up to `limit` responses with their answers, the first ones whose id is
/// above `after`, in id order, on PostgreSQL: one step of a walk over every
/// response that holds only a page in memory at a time (the responses CSV;
/// on SQLite, [`super::sqlite_pages`]). Pass the last id of one page as
/// `after` to read the next; a page shorter than `limit` is the last.
///
/// Each response is one row, its answers packed (see [`PACKED`]) and left
/// as text: decoding them into [`Answer`]s (maps, owned strings) cost more
/// than the rest of the download together.
pub async fn responses_after(
    pool: &sqlx::PgPool,
    consultation_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<PackedResponse>, AppError> {
    let rows: Vec<PackedRow> =
        sqlx::query_as(POSTGRES_PAGE).bind(consultation_id).bind(after).bind(limit).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|row| PackedResponse {
            id: row.id,
            group: row.respondent_group,
            created_at: row.created_at,
            updated_at: row.updated_at,
            verified_staff: row.verified_staff != 0,
            answers: row.answers.unwrap_or_default(),
        })
        .collect())
}

/// A row per response, its answers packed.
const POSTGRES_PAGE: &str = "SELECT r.id, r.respondent_group, r.created_at, r.updated_at, r.verified_staff, \
    (SELECT string_agg(a.question_key || chr(31) || CAST(a.flagged AS TEXT) || chr(31) || a.answer, chr(30)) \
    FROM consultation_answers a WHERE a.response_id = r.id) AS answers \
    FROM consultation_responses r WHERE r.consultation_id = $1 AND r.id > $2 ORDER BY r.id LIMIT $3";

/// A response with its answers packed: each answer is its question key,
/// flag (0 or 1) and JSON, parted by the unit separator (U+001F), and the
/// answers are parted by the record separator (U+001E). Neither can occur
/// inside them: keys are Ethos's own (`q4`), and JSON writes control
/// characters inside strings as escapes.
const PACKED: (char, char) = ('\u{1f}', '\u{1e}');

#[derive(sqlx::FromRow)]
struct PackedRow {
    id: i64,
    respondent_group: String,
    created_at: i64,
    updated_at: i64,
    verified_staff: i64,
    answers: Option<String>,
}

const INSERT_RESPONSE: &str = "INSERT INTO consultation_responses \
    (consultation_id, token_hash, respondent_group, verified_staff, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";

const CLAIM: &str = "INSERT INTO consultation_verified_staff (consultation_id, person_key, browser_key) \
    VALUES ($1, $2, $3) ON CONFLICT (consultation_id, person_key) DO NOTHING";
const CLAIMED: &str =
    "SELECT browser_key FROM consultation_verified_staff WHERE consultation_id = $1 AND person_key = $2";

/// What the refusal of a second verified response says.
pub const ANSWERED_ELSEWHERE: &str = "You have already answered this consultation as verified staff in another browser \
    or app. That earlier answer is the one that counts, and nothing was changed. To change it, open the survey in the \
    browser you answered in (through the API: send the response token you were given).";

/// The record that a person has a verified response, made with
/// [`super::verified`]'s keys.
pub struct Claim {
    pub person_key: String,
    pub browser_key: String,
}

/// The browser key recorded for a person's verified response, if they have one.
pub async fn claimed(db: &Db, consultation_id: i64, person_key: &str) -> Result<Option<String>, AppError> {
    Ok(
        on_db!(db, pool => sqlx::query_scalar(CLAIMED).bind(consultation_id).bind(person_key).fetch_optional(pool).await)?,
    )
}

const ADD_ANSWER: &str = "INSERT INTO consultation_answers (response_id, question_key, answer, flagged, search_text, consultation_id) \
    VALUES ($1, $2, $3, $4, $5, $6)";

/// Moves a consultation's responses-per-day tally, in shard 0 (the other
/// shards are the batch writers', see [`crate::consultations::intake`]).
const DAY_UPSERT: &str = "INSERT INTO consultation_days (consultation_id, day, count) VALUES ($1, $2, $3) \
    ON CONFLICT (consultation_id, day, shard) DO UPDATE SET count = consultation_days.count + excluded.count";

/// The UTC day (days since 1970-01-01) of a time in Unix seconds.
pub fn day_of(t: i64) -> i64 {
    t.div_euclid(86_400)
}

/// An answer's written text, lower-cased for searching ('' when none).
pub fn search_text(answer: &Answer) -> String {
    if answer.text.is_empty() { answer.other.to_lowercase() } else { answer.text.to_lowercase() }
}

/// Moves a changed response's running figures by the difference, in one
/// statement (one round trip, where one per figure was about a hundred for
/// a changed keep/remove answer).
trait MoveFigures {
    fn move_figures(
        &mut self,
        consultation: i64,
        deltas: &[(TallyKey, i64)],
    ) -> impl Future<Output = Result<(), AppError>> + Send;
}

/// On SQLite the figures go as one JSON array, each figure an array of
/// question, kind, item, position, group, staff standing and change.
const MOVE_TALLIES: &str = "INSERT INTO consultation_tallies \
    (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, count) \
    SELECT $1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), \
    json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]') \
    FROM json_each($2) WHERE true \
    ON CONFLICT (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, shard) \
    DO UPDATE SET count = consultation_tallies.count + excluded.count";

impl MoveFigures for sqlx::SqliteConnection {
    async fn move_figures(&mut self, consultation: i64, deltas: &[(TallyKey, i64)]) -> Result<(), AppError> {
        if deltas.is_empty() {
            return Ok(());
        }
        let figures: Vec<_> =
            deltas.iter().map(|(k, n)| (&k.question, k.kind, k.item, k.position, &k.group, k.verified, n)).collect();
        sqlx::query(MOVE_TALLIES).bind(consultation).bind(json(&figures)?).execute(self).await?;
        Ok(())
    }
}

/// On PostgreSQL, packed (migration 0054) and over arrays, as a batch of
/// new responses adds them.
impl MoveFigures for sqlx::PgConnection {
    async fn move_figures(&mut self, consultation: i64, deltas: &[(TallyKey, i64)]) -> Result<(), AppError> {
        let counts = postgres::Counts::moved(deltas);
        if counts.is_empty() {
            return Ok(());
        }
        counts.bind(sqlx::query(postgres::MOVE_COUNTS).bind(consultation)).execute(self).await?;
        Ok(())
    }
}

/// Stores a response (new, or replacing the one made with the same token)
/// and moves the running tallies by the difference, in one transaction.
/// Returns true when it replaced an earlier response. A verified staff
/// response comes with its `claim`, recorded in the same transaction; it is
/// refused when the person already has a verified response made elsewhere.
pub async fn submit(
    db: &Db,
    c: &Consultation,
    token_hash: &str,
    valid: &Valid,
    claim: Option<&Claim>,
) -> Result<bool, AppError> {
    submit_at(db, c, token_hash, valid, claim, now()).await
}

/// [`submit`] at a given time (Unix seconds). A new response counts on the
/// day of `t`; a changed one keeps the day it was first sent.
pub async fn submit_at(
    db: &Db,
    c: &Consultation,
    token_hash: &str,
    valid: &Valid,
    claim: Option<&Claim>,
    t: i64,
) -> Result<bool, AppError> {
    // Starting with a write takes the write lock first (SQLite) or locks the
    // row (PostgreSQL), so two submissions with one token cannot interleave.
    // RETURNING gives the row after the update, so the group is changed in a
    // second statement, once the old one has been read.
    let touch = "UPDATE consultation_responses SET updated_at = $1 \
                 WHERE consultation_id = $2 AND token_hash = $3 RETURNING id, respondent_group, verified_staff";
    let regroup = "UPDATE consultation_responses SET respondent_group = $1, verified_staff = $2 WHERE id = $3";
    let old_answers =
        "SELECT response_id, question_key, answer, flagged FROM consultation_answers WHERE response_id = $1";
    let clear = "DELETE FROM consultation_answers WHERE response_id = $1";
    let new_pairs: Vec<(String, Answer)> = valid.answers.iter().map(|(k, a, _)| (k.clone(), a.clone())).collect();
    let new_keys = answers::contributions(c, &new_pairs, &valid.group, valid.verified_staff);
    let verified = i64::from(valid.verified_staff);
    let mut bodies = Vec::with_capacity(valid.answers.len());
    for (key, answer, flagged) in &valid.answers {
        bodies.push((key.as_str(), json(answer)?, i64::from(*flagged), search_text(answer)));
    }
    let result: Result<bool, AppError> = on_db!(db, pool => async {
        let mut tx = pool.begin_write().await?;
        let existing: Option<(i64, String, i64)> = sqlx::query_as(touch).bind(t).bind(c.id).bind(token_hash)
            .fetch_optional(&mut *tx).await?;
        if let Some(claim) = claim {
            let fresh = sqlx::query(CLAIM).bind(c.id).bind(&claim.person_key).bind(&claim.browser_key)
                .execute(&mut *tx).await?.rows_affected() == 1;
            if !fresh {
                let held: String = sqlx::query_scalar(CLAIMED).bind(c.id).bind(&claim.person_key).fetch_one(&mut *tx).await?;
                if held != claim.browser_key {
                    return Err(AppError::Conflict(ANSWERED_ELSEWHERE.to_owned()));
                }
            }
        }
        let (id, old_keys) = match existing {
            Some((id, old_group, old_verified)) => {
                let rows = sqlx::query_as::<_, AnswerRow>(old_answers).bind(id).fetch_all(&mut *tx).await?;
                let old: Vec<(String, Answer)> = parse_answers(rows)?.into_iter().map(|(_, k, a, _)| (k, a)).collect();
                sqlx::query(clear).bind(id).execute(&mut *tx).await?;
                sqlx::query(regroup).bind(&valid.group).bind(verified).bind(id).execute(&mut *tx).await?;
                (id, answers::contributions(c, &old, &old_group, old_verified != 0))
            }
            None => {
                let id: i64 = sqlx::query_scalar(INSERT_RESPONSE).bind(c.id).bind(token_hash).bind(&valid.group)
                    .bind(verified).bind(t).fetch_one(&mut *tx).await?;
                sqlx::query(DAY_UPSERT).bind(c.id).bind(day_of(t)).bind(1_i64).execute(&mut *tx).await?;
                (id, Vec::new())
            }
        };
        let replaced = !old_keys.is_empty();
        for (key, body, flagged, text) in &bodies {
            sqlx::query(ADD_ANSWER).bind(id).bind(*key).bind(body).bind(*flagged).bind(text).bind(c.id).execute(&mut *tx).await?;
        }
        let deltas = answers::deltas(old_keys, new_keys.clone());
        MoveFigures::move_figures(&mut *tx, c.id, &deltas).await?;
        tx.commit().await?;
        Ok::<bool, AppError>(replaced)
    }.await);
    match result {
        Err(AppError::Internal(e))
            if e.downcast_ref::<sqlx::Error>().is_some_and(crate::storage::is_unique_violation) =>
        {
            Err(AppError::Conflict(
                "This browser sent two responses at once. The first was kept; reload the page to see it.".to_owned(),
            ))
        }
        other => other,
    }
}

/// One summed running figure.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Tally {
    pub question_key: String,
    pub kind: String,
    pub item: i64,
    pub position: i64,
    pub count: i64,
}

/// The running figures, summed over every group, for one group, or (with
/// `verified_only`) for verified staff.
pub async fn tallies(
    db: &Db,
    consultation_id: i64,
    group: Option<&str>,
    verified_only: bool,
) -> Result<Vec<Tally>, AppError> {
    let sql = "SELECT question_key, kind, item, position, CAST(SUM(count) AS BIGINT) AS count FROM consultation_tallies \
               WHERE consultation_id = $1 AND (CAST($2 AS TEXT) IS NULL OR respondent_group = $2) \
               AND (CAST($3 AS BIGINT) = 0 OR verified_staff = 1) \
               GROUP BY question_key, kind, item, position ORDER BY question_key, kind, item, position";
    let verified = i64::from(verified_only);
    Ok(
        on_db!(db, pool => sqlx::query_as::<_, Tally>(sql).bind(consultation_id).bind(group).bind(verified).fetch_all(pool).await)?,
    )
}

/// The running figures summed for each group and, within it, for verified
/// staff and the rest (`true` and `false`), every group's at once: the
/// results page reads everyone's, each group's and who responded in one
/// statement rather than three and more per group.
pub async fn tallies_by_group(db: &Db, consultation_id: i64) -> Result<Vec<(String, bool, Tally)>, AppError> {
    let sql = "SELECT respondent_group, CAST(verified_staff AS BIGINT), question_key, kind, item, position, \
               CAST(SUM(count) AS BIGINT) AS count FROM consultation_tallies WHERE consultation_id = $1 \
               GROUP BY respondent_group, verified_staff, question_key, kind, item, position";
    let rows: Vec<(String, i64, String, String, i64, i64, i64)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(consultation_id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(group, verified, question_key, kind, item, position, count)| {
            (group, verified == 1, Tally { question_key, kind, item, position, count })
        })
        .collect())
}

/// Respondents per group with how many of them are verified staff, and
/// how many of all respondents are verified staff.
pub async fn groups(db: &Db, consultation_id: i64) -> Result<(Vec<(String, i64, i64)>, i64), AppError> {
    let sql = "SELECT respondent_group, CAST(SUM(count) AS BIGINT) AS n, \
               CAST(SUM(CASE WHEN verified_staff = 1 THEN count ELSE 0 END) AS BIGINT) AS v FROM consultation_tallies \
               WHERE consultation_id = $1 AND kind = 'responses' GROUP BY respondent_group";
    let groups: Vec<(String, i64, i64)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(consultation_id).fetch_all(pool).await)?;
    Ok(in_order(groups))
}

/// The groups anyone responded in, largest first (then by name, the same
/// on both backends), with all verified staff: the groups' summed (a group
/// left out for having no one has none).
pub fn in_order(mut groups: Vec<(String, i64, i64)>) -> (Vec<(String, i64, i64)>, i64) {
    groups.retain(|g| g.1 > 0);
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let verified = groups.iter().map(|g| g.2).sum();
    (groups, verified)
}

/// Replaces a text answer that holds personal data.
pub async fn redact(db: &Db, c: &Consultation, response_id: i64, key: &str, by: i64) -> Result<bool, AppError> {
    let find = "SELECT a.answer FROM consultation_answers a JOIN consultation_responses r ON r.id = a.response_id \
                WHERE r.consultation_id = $1 AND a.response_id = $2 AND a.question_key = $3";
    let update = "UPDATE consultation_answers SET answer = $1, flagged = 0, search_text = $4 \
                  WHERE response_id = $2 AND question_key = $3";
    let done = on_db!(db, pool => async {
        let mut tx = pool.begin_write().await?;
        let found: Option<String> = sqlx::query_scalar(find).bind(c.id).bind(response_id).bind(key).fetch_optional(&mut *tx).await?;
        let Some(body) = found else { return Ok::<bool, AppError>(false) };
        let mut answer: Answer = serde_json::from_str(&body).map_err(|e| unreadable("an answer", response_id, e))?;
        if !answer.text.is_empty() {
            answer.text = REDACTED.to_owned();
        }
        if !answer.other.is_empty() {
            answer.other = REDACTED.to_owned();
        }
        sqlx::query(update).bind(json(&answer)?).bind(response_id).bind(key).bind(search_text(&answer))
            .execute(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: Some(by), action: "consultation.redact",
            summary: format!("Removed personal data from response {response_id} to “{}”", c.title), before: None, after: None })?;
        tx.commit().await?;
        Ok(true)
    }.await)?;
    Ok(done)
}

/// What a redacted text answer says instead.
pub const REDACTED: &str = "[personal details removed by an editor]";

/// Stores many new responses in one transaction, with their tallies summed
/// first (the demo, tests and bulk imports use it; the public survey goes
/// through [`super::intake::writer`]).
pub async fn submit_many(db: &Db, c: &Consultation, batch: &[(String, Valid)]) -> Result<(), AppError> {
    let mut rows = Vec::with_capacity(batch.len());
    for (token_hash, valid) in batch {
        rows.push(NewResponse::new(c, token_hash.clone(), valid.clone())?);
    }
    let t = now();
    match db {
        Db::Postgres(pool) => super::intake::postgres::write(pool, c.id, 0, t, &rows.iter().collect::<Vec<_>>()).await,
        Db::Sqlite(pool) => {
            let target = crate::storage::sqlite_conn::Target::of(pool).await?;
            let id = c.id;
            tokio::task::spawn_blocking(move || {
                let rows: Vec<(i64, &NewResponse)> = rows.iter().map(|r| (id, r)).collect();
                super::intake::sqlite::write(&mut target.open()?, t, &rows)
            })
            .await
            .map_err(|e| AppError::Internal(e.into()))?
        }
    }
}
