//! Consultations, responses and running tallies in the database.
//!
//! A response and every tally it changes are written in one transaction, so
//! results are always the sum of the stored responses and are read from a
//! few hundred tally rows however many people answered.

use crate::audit::Event;
use crate::consultations::answers::{self, TallyKey, Valid};
use crate::consultations::model::{Answer, Consultation, Question, Visibility};
use crate::error::AppError;
use crate::storage::{Db, now};
use crate::{audit, on_db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    org_id: i64,
    title: String,
    purpose: String,
    framework_version_id: Option<i64>,
    opens_at: i64,
    closes_at: i64,
    published_at: Option<i64>,
    closed_at: Option<i64>,
    visibility: String,
    audiences: String,
    questions: String,
    revision: i64,
}

fn unreadable(what: &str, id: i64, e: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("{what} of consultation {id} is unreadable: {e}"))
}

impl TryFrom<Row> for Consultation {
    type Error = AppError;
    fn try_from(row: Row) -> Result<Consultation, AppError> {
        Ok(Consultation {
            id: row.id,
            org_id: row.org_id,
            title: row.title,
            purpose: row.purpose,
            framework_version_id: row.framework_version_id,
            opens_at: row.opens_at,
            closes_at: row.closes_at,
            published_at: row.published_at,
            closed_at: row.closed_at,
            visibility: Visibility::parse(&row.visibility)
                .ok_or_else(|| unreadable("visibility", row.id, &row.visibility))?,
            audiences: serde_json::from_str(&row.audiences).map_err(|e| unreadable("audiences", row.id, e))?,
            questions: serde_json::from_str(&row.questions).map_err(|e| unreadable("questions", row.id, e))?,
            revision: row.revision,
        })
    }
}

const SELECT: &str = "SELECT id, org_id, title, purpose, framework_version_id, opens_at, closes_at, published_at, closed_at, \
                      visibility, audiences, questions, revision FROM consultations";

fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.into()))
}

/// The consultation `id` of organisation `org_id`.
pub async fn in_org(db: &Db, org_id: i64, id: i64) -> Result<Option<Consultation>, AppError> {
    let sql = format!("{SELECT} WHERE org_id = $1 AND id = $2");
    let row = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(org_id).bind(id).fetch_optional(pool).await)?;
    row.map(Consultation::try_from).transpose()
}

/// The consultation `id`, whichever organisation runs it.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<Consultation>, AppError> {
    let sql = format!("{SELECT} WHERE id = $1");
    let row = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(id).fetch_optional(pool).await)?;
    row.map(Consultation::try_from).transpose()
}

/// Every consultation of an organisation, newest first.
pub async fn list(db: &Db, org_id: i64) -> Result<Vec<Consultation>, AppError> {
    let sql = format!("{SELECT} WHERE org_id = $1 ORDER BY opens_at DESC, id DESC");
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(org_id).fetch_all(pool).await)?;
    rows.into_iter().map(Consultation::try_from).collect()
}

/// The settings an editor gives a consultation.
pub struct Settings {
    pub title: String,
    pub purpose: String,
    pub framework_version_id: Option<i64>,
    pub opens_at: i64,
    pub closes_at: i64,
    pub visibility: Visibility,
    pub audiences: Vec<String>,
}

/// Creates a draft consultation; returns its id.
pub async fn create(
    db: &Db,
    org_id: i64,
    s: &Settings,
    questions: &[Question],
    by: Option<i64>,
) -> Result<i64, AppError> {
    let sql = "INSERT INTO consultations (org_id, title, purpose, framework_version_id, opens_at, closes_at, visibility, \
               audiences, questions, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id";
    let (audiences, questions) = (json(&s.audiences)?, json(&questions)?);
    let id: i64 = on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(sql).bind(org_id).bind(&s.title).bind(&s.purpose).bind(s.framework_version_id)
            .bind(s.opens_at).bind(s.closes_at).bind(s.visibility.as_str()).bind(&audiences).bind(&questions).bind(now())
            .fetch_one(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(org_id), person_id: by, action: "consultation.create",
            summary: format!("Created the consultation “{}”", s.title), before: None, after: None })?;
        tx.commit().await?;
        id
    });
    Ok(id)
}

/// Saves new settings.
pub async fn save_settings(db: &Db, c: &Consultation, s: &Settings, by: i64) -> Result<(), AppError> {
    let sql = "UPDATE consultations SET title = $1, purpose = $2, framework_version_id = $3, opens_at = $4, closes_at = $5, \
               visibility = $6, audiences = $7, revision = revision + 1, updated_at = $8 WHERE id = $9";
    let audiences = json(&s.audiences)?;
    let before = format!("{} · opens {} · closes {} · {}", c.title, c.opens_at, c.closes_at, c.visibility.as_str());
    let after = format!("{} · opens {} · closes {} · {}", s.title, s.opens_at, s.closes_at, s.visibility.as_str());
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(sql).bind(&s.title).bind(&s.purpose).bind(s.framework_version_id).bind(s.opens_at).bind(s.closes_at)
            .bind(s.visibility.as_str()).bind(&audiences).bind(now()).bind(c.id).execute(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: Some(by), action: "consultation.settings",
            summary: format!("Changed the settings of the consultation “{}”", s.title), before: Some(before), after: Some(after) })?;
        tx.commit().await?;
    });
    Ok(())
}

/// Saves the questions if nobody saved since `c` was read (its revision);
/// false when someone did.
pub async fn save_questions(
    db: &Db,
    c: &Consultation,
    questions: &[Question],
    by: i64,
    what: &str,
) -> Result<bool, AppError> {
    let sql = "UPDATE consultations SET questions = $1, revision = revision + 1, updated_at = $2 WHERE id = $3 AND revision = $4";
    let body = json(&questions)?;
    let saved = on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let saved = sqlx::query(sql).bind(&body).bind(now()).bind(c.id).bind(c.revision).execute(&mut *tx).await?.rows_affected() == 1;
        if saved {
            audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: Some(by), action: "consultation.questions",
                summary: format!("{what} in the consultation “{}”", c.title), before: None, after: None })?;
        }
        tx.commit().await?;
        saved
    });
    Ok(saved)
}

/// Publishes (`open`) or closes the consultation now.
pub async fn set_open(db: &Db, c: &Consultation, open: bool, by: Option<i64>) -> Result<(), AppError> {
    let (sql, action, summary) = if open {
        (
            "UPDATE consultations SET published_at = $1, closed_at = NULL, updated_at = $1 WHERE id = $2",
            "consultation.publish",
            "Published",
        )
    } else {
        ("UPDATE consultations SET closed_at = $1, updated_at = $1 WHERE id = $2", "consultation.close", "Closed")
    };
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(sql).bind(now()).bind(c.id).execute(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: by, action,
            summary: format!("{summary} the consultation “{}”", c.title), before: None, after: None })?;
        tx.commit().await?;
    });
    Ok(())
}

/// A milestone on the public timeline.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Milestone {
    pub id: i64,
    pub label: String,
    /// Unix seconds.
    pub due_at: i64,
    #[serde(skip)]
    pub done: i64,
}

impl Milestone {
    pub fn due(&self) -> String {
        crate::web::format_time(self.due_at)
    }
    pub fn is_done(&self) -> bool {
        self.done != 0
    }
}

pub async fn milestones(db: &Db, consultation_id: i64) -> Result<Vec<Milestone>, AppError> {
    let sql =
        "SELECT id, label, due_at, done FROM consultation_milestones WHERE consultation_id = $1 ORDER BY due_at, id";
    Ok(on_db!(db, pool => sqlx::query_as::<_, Milestone>(sql).bind(consultation_id).fetch_all(pool).await)?)
}

pub async fn add_milestone(
    db: &Db,
    c: &Consultation,
    label: &str,
    due_at: i64,
    by: Option<i64>,
) -> Result<(), AppError> {
    let sql = "INSERT INTO consultation_milestones (consultation_id, label, due_at) VALUES ($1, $2, $3)";
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(sql).bind(c.id).bind(label).bind(due_at).execute(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: by, action: "consultation.milestone",
            summary: format!("Added the milestone “{label}” to “{}”", c.title), before: None, after: None })?;
        tx.commit().await?;
    });
    Ok(())
}

pub async fn remove_milestone(db: &Db, c: &Consultation, id: i64, by: i64) -> Result<bool, AppError> {
    let sql = "DELETE FROM consultation_milestones WHERE consultation_id = $1 AND id = $2";
    let done = on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let done = sqlx::query(sql).bind(c.id).bind(id).execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: Some(by), action: "consultation.milestone",
                summary: format!("Removed a milestone from “{}”", c.title), before: None, after: None })?;
        }
        tx.commit().await?;
        done
    });
    Ok(done)
}

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
        let heads: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(sql).bind(consultation_id).fetch_all(pool).await?;
        let rows = sqlx::query_as::<_, AnswerRow>(answers_sql).bind(consultation_id).fetch_all(pool).await?;
        (heads, rows)
    });
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

const UPSERT: &str = "INSERT INTO consultation_tallies (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, count) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (consultation_id, question_key, kind, item, position, respondent_group, verified_staff) \
    DO UPDATE SET count = consultation_tallies.count + excluded.count";

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
    let t = now();
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
    let add = "INSERT INTO consultation_answers (response_id, question_key, answer, flagged) VALUES ($1, $2, $3, $4)";
    let new_pairs: Vec<(String, Answer)> = valid.answers.iter().map(|(k, a, _)| (k.clone(), a.clone())).collect();
    let new_keys = answers::contributions(c, &new_pairs, &valid.group, valid.verified_staff);
    let verified = i64::from(valid.verified_staff);
    let mut bodies = Vec::with_capacity(valid.answers.len());
    for (key, answer, flagged) in &valid.answers {
        bodies.push((key.as_str(), json(answer)?, i64::from(*flagged)));
    }
    let result: Result<bool, AppError> = on_db!(db, pool => async {
        let mut tx = pool.begin().await?;
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
                (id, Vec::new())
            }
        };
        let replaced = !old_keys.is_empty();
        for (key, body, flagged) in &bodies {
            sqlx::query(add).bind(id).bind(*key).bind(body).bind(*flagged).execute(&mut *tx).await?;
        }
        for (TallyKey { question, kind, item, position, group, verified }, n) in answers::deltas(old_keys, new_keys.clone()) {
            sqlx::query(UPSERT).bind(c.id).bind(&question).bind(kind).bind(item).bind(position).bind(&group)
                .bind(verified).bind(n).execute(&mut *tx).await?;
        }
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

/// Respondents per group with how many of them are verified staff,
/// largest first, and how many of all respondents are verified staff.
pub async fn groups(db: &Db, consultation_id: i64) -> Result<(Vec<(String, i64, i64)>, i64), AppError> {
    let sql = "SELECT respondent_group, CAST(SUM(count) AS BIGINT) AS n, \
               CAST(SUM(CASE WHEN verified_staff = 1 THEN count ELSE 0 END) AS BIGINT) AS v FROM consultation_tallies \
               WHERE consultation_id = $1 AND kind = 'responses' GROUP BY respondent_group \
               HAVING SUM(count) > 0 ORDER BY n DESC, respondent_group";
    let verified = "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM consultation_tallies \
                    WHERE consultation_id = $1 AND kind = 'responses' AND verified_staff = 1";
    Ok(on_db!(db, pool => {
        let groups = sqlx::query_as(sql).bind(consultation_id).fetch_all(pool).await?;
        let verified: i64 = sqlx::query_scalar(verified).bind(consultation_id).fetch_one(pool).await?;
        (groups, verified)
    }))
}

/// Replaces a text answer that holds personal data.
pub async fn redact(db: &Db, c: &Consultation, response_id: i64, key: &str, by: i64) -> Result<bool, AppError> {
    let find = "SELECT a.answer FROM consultation_answers a JOIN consultation_responses r ON r.id = a.response_id \
                WHERE r.consultation_id = $1 AND a.response_id = $2 AND a.question_key = $3";
    let update =
        "UPDATE consultation_answers SET answer = $1, flagged = 0 WHERE response_id = $2 AND question_key = $3";
    let done = on_db!(db, pool => async {
        let mut tx = pool.begin().await?;
        let found: Option<String> = sqlx::query_scalar(find).bind(c.id).bind(response_id).bind(key).fetch_optional(&mut *tx).await?;
        let Some(body) = found else { return Ok::<bool, AppError>(false) };
        let mut answer: Answer = serde_json::from_str(&body).map_err(|e| unreadable("an answer", response_id, e))?;
        if !answer.text.is_empty() {
            answer.text = REDACTED.to_owned();
        }
        if !answer.other.is_empty() {
            answer.other = REDACTED.to_owned();
        }
        sqlx::query(update).bind(json(&answer)?).bind(response_id).bind(key).execute(&mut *tx).await?;
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
/// first (the demo and bulk imports use it).
pub async fn submit_many(db: &Db, c: &Consultation, batch: &[(String, Valid)]) -> Result<(), AppError> {
    let t = now();
    let add = "INSERT INTO consultation_answers (response_id, question_key, answer, flagged) VALUES ($1, $2, $3, $4)";
    let mut keys = Vec::new();
    let mut rows = Vec::with_capacity(batch.len());
    for (token_hash, valid) in batch {
        let pairs: Vec<(String, Answer)> = valid.answers.iter().map(|(k, a, _)| (k.clone(), a.clone())).collect();
        keys.extend(answers::contributions(c, &pairs, &valid.group, valid.verified_staff));
        let mut bodies = Vec::with_capacity(valid.answers.len());
        for (key, answer, flagged) in &valid.answers {
            bodies.push((key.clone(), json(answer)?, i64::from(*flagged)));
        }
        rows.push((token_hash.clone(), valid.group.clone(), i64::from(valid.verified_staff), bodies));
    }
    let deltas = answers::deltas(Vec::new(), keys);
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        for (token_hash, group, verified, bodies) in &rows {
            let id: i64 = sqlx::query_scalar(INSERT_RESPONSE).bind(c.id).bind(token_hash).bind(group).bind(*verified).bind(t)
                .fetch_one(&mut *tx).await?;
            for (key, body, flagged) in bodies {
                sqlx::query(add).bind(id).bind(key).bind(body).bind(*flagged).execute(&mut *tx).await?;
            }
        }
        for (TallyKey { question, kind, item, position, group, verified }, n) in &deltas {
            sqlx::query(UPSERT).bind(c.id).bind(question).bind(*kind).bind(*item).bind(*position).bind(group)
                .bind(*verified).bind(*n).execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
}
