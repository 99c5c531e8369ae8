//! Storage of themes: the themes editors settle on for a free-text question,
//! the answers tagged with them (some chosen as quotes), and the history of
//! what was promoted, renamed and merged.
//!
//! A merged theme is kept, hidden, with its own answers (`merged_into`,
//! migration 0015), and the answers the merge added to the other theme
//! remember where they came from (`merged_from`), so a merge can be undone.

use super::model::{Answer, Consultation};
use crate::audit::Event;
use crate::error::AppError;
use crate::storage::BeginWrite;
use crate::storage::{Db, now};
use crate::{audit, on_db};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Theme {
    pub id: i64,
    pub question_key: String,
    pub name: String,
    pub from_phrase: String,
    pub created_at: i64,
}

/// A tagged answer: (response id, text, chosen as a quote).
pub type Tagged = (i64, String, bool);

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HistoryEntry {
    pub question_key: String,
    pub action: String,
    pub detail: String,
    pub at: i64,
}

/// The themes in use (not merged into another).
pub async fn themes(db: &Db, consultation_id: i64) -> Result<Vec<Theme>, AppError> {
    let sql = "SELECT id, question_key, name, from_phrase, created_at FROM consultation_themes \
               WHERE consultation_id = $1 AND merged_into IS NULL ORDER BY question_key, name, id";
    Ok(on_db!(db, pool => sqlx::query_as::<_, Theme>(sql).bind(consultation_id).fetch_all(pool).await)?)
}

/// A theme in use (not merged into another).
pub async fn theme(db: &Db, c: &Consultation, id: i64) -> Result<Option<Theme>, AppError> {
    let sql = "SELECT id, question_key, name, from_phrase, created_at FROM consultation_themes \
               WHERE consultation_id = $1 AND id = $2 AND merged_into IS NULL";
    Ok(on_db!(db, pool => sqlx::query_as::<_, Theme>(sql).bind(c.id).bind(id).fetch_optional(pool).await)?)
}

/// The answers tagged with a theme, with their text (quotes only if asked).
pub async fn tagged(db: &Db, theme_id: i64, quotes_only: bool) -> Result<Vec<Tagged>, AppError> {
    let sql = "SELECT ta.response_id, ans.answer, ta.quote FROM consultation_theme_answers ta \
               JOIN consultation_themes t ON t.id = ta.theme_id \
               JOIN consultation_answers ans ON ans.response_id = ta.response_id AND ans.question_key = t.question_key \
               WHERE ta.theme_id = $1 AND ($2 = 0 OR ta.quote = 1) ORDER BY ta.response_id";
    let rows: Vec<(i64, String, i64)> = on_db!(db, pool => sqlx::query_as(sql).bind(theme_id)
        .bind(i64::from(quotes_only)).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(id, json, quote)| to_tagged(id, &json, quote)).collect())
}

/// How many answers each theme of a consultation is tagged on: (theme id, count).
pub async fn tag_counts(db: &Db, consultation_id: i64) -> Result<Vec<(i64, i64)>, AppError> {
    let sql = "SELECT ta.theme_id, COUNT(*) FROM consultation_theme_answers ta \
               JOIN consultation_themes t ON t.id = ta.theme_id WHERE t.consultation_id = $1 GROUP BY ta.theme_id";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(consultation_id).fetch_all(pool).await)?)
}

/// One page of the answers tagged with a theme: at most `limit` from `offset`.
pub async fn tagged_page(db: &Db, theme_id: i64, offset: i64, limit: i64) -> Result<Vec<Tagged>, AppError> {
    let sql = "SELECT ta.response_id, ans.answer, ta.quote FROM consultation_theme_answers ta \
               JOIN consultation_themes t ON t.id = ta.theme_id \
               JOIN consultation_answers ans ON ans.response_id = ta.response_id AND ans.question_key = t.question_key \
               WHERE ta.theme_id = $1 ORDER BY ta.response_id LIMIT $2 OFFSET $3";
    let rows: Vec<(i64, String, i64)> = on_db!(db, pool => sqlx::query_as(sql).bind(theme_id)
        .bind(limit).bind(offset).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(id, json, quote)| to_tagged(id, &json, quote)).collect())
}

fn to_tagged(id: i64, json: &str, quote: i64) -> Tagged {
    let answer: Answer = serde_json::from_str(json).unwrap_or_default();
    let text = if answer.text.is_empty() { answer.other } else { answer.text };
    (id, text, quote != 0)
}

pub async fn history(db: &Db, consultation_id: i64) -> Result<Vec<HistoryEntry>, AppError> {
    let sql = "SELECT question_key, action, detail, at FROM consultation_theme_history \
               WHERE consultation_id = $1 ORDER BY at DESC, id DESC";
    Ok(on_db!(db, pool => sqlx::query_as::<_, HistoryEntry>(sql).bind(consultation_id).fetch_all(pool).await)?)
}

const HISTORY: &str = "INSERT INTO consultation_theme_history (consultation_id, question_key, action, detail, at, by_person) \
                       VALUES ($1, $2, $3, $4, $5, $6)";
const TAG: &str = "INSERT INTO consultation_theme_answers (theme_id, response_id, quote) VALUES ($1, $2, 0) \
                   ON CONFLICT (theme_id, response_id) DO NOTHING";

/// Makes a theme from a suggested phrase (or by hand when `from_phrase` is
/// empty) and tags the given answers with it. Returns the theme's id.
pub async fn create(
    db: &Db,
    c: &Consultation,
    key: &str,
    name: &str,
    from_phrase: &str,
    responses: &[i64],
    by: Option<i64>,
) -> Result<i64, AppError> {
    let insert = "INSERT INTO consultation_themes (consultation_id, question_key, name, from_phrase, created_at, created_by) \
                  VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let detail = format!("“{from_phrase}” became the theme “{name}” with {} answers", responses.len());
    let t = now();
    let id = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar(insert).bind(c.id).bind(key).bind(name).bind(from_phrase).bind(t).bind(by)
            .fetch_one(&mut *tx).await?;
        for r in responses {
            sqlx::query(TAG).bind(id).bind(r).execute(&mut *tx).await?;
        }
        sqlx::query(HISTORY).bind(c.id).bind(key).bind("promoted").bind(&detail).bind(t).bind(by).execute(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: by, action: "consultation.theme",
            summary: format!("Promoted a suggestion to a theme in “{}”: {detail}", c.title), before: None, after: Some(name.to_owned()) })?;
        tx.commit().await?;
        id
    });
    Ok(id)
}

pub async fn rename(db: &Db, c: &Consultation, theme: &Theme, name: &str, by: i64) -> Result<(), AppError> {
    let sql = "UPDATE consultation_themes SET name = $1 WHERE id = $2";
    let detail = format!("“{}” renamed “{name}”", theme.name);
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(name).bind(theme.id).execute(&mut *tx).await?;
        sqlx::query(HISTORY).bind(c.id).bind(&theme.question_key).bind("renamed").bind(&detail).bind(now()).bind(by)
            .execute(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: Some(by), action: "consultation.theme",
            summary: format!("Renamed a theme in “{}”", c.title), before: Some(theme.name.clone()), after: Some(name.to_owned()) })?;
        tx.commit().await?;
    });
    Ok(())
}

/// Themes merged into a theme still in use, with that theme, oldest merge
/// first: the merges that can be undone.
pub async fn merged(db: &Db, consultation_id: i64) -> Result<Vec<(Theme, Theme)>, AppError> {
    let sql = "SELECT m.id, m.question_key, m.name, m.from_phrase, m.created_at, \
               t.id, t.question_key, t.name, t.from_phrase, t.created_at \
               FROM consultation_themes m JOIN consultation_themes t ON t.id = m.merged_into \
               WHERE m.consultation_id = $1 AND t.merged_into IS NULL ORDER BY m.id";
    type Row = (i64, String, String, String, i64, i64, String, String, String, i64);
    let rows: Vec<Row> = on_db!(db, pool => sqlx::query_as(sql).bind(consultation_id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(mi, mq, mn, mp, mc, ti, tq, tn, tp, tc)| {
            (
                Theme { id: mi, question_key: mq, name: mn, from_phrase: mp, created_at: mc },
                Theme { id: ti, question_key: tq, name: tn, from_phrase: tp, created_at: tc },
            )
        })
        .collect())
}

/// Adds every answer of `from` to `into` (keeping quotes; the answers it
/// adds remember `from`) and hides `from`, keeping its own answers so the
/// merge can be undone.
pub async fn merge(db: &Db, c: &Consultation, from: &Theme, into: &Theme, by: i64) -> Result<(), AppError> {
    let copy = "INSERT INTO consultation_theme_answers (theme_id, response_id, quote, merged_from) \
                SELECT $1, response_id, quote, $2 FROM consultation_theme_answers WHERE theme_id = $2 \
                ON CONFLICT (theme_id, response_id) DO UPDATE SET quote = CASE WHEN excluded.quote = 1 THEN 1 \
                ELSE consultation_theme_answers.quote END";
    let remove = "UPDATE consultation_themes SET merged_into = $2 WHERE id = $1";
    let detail = format!("“{}” merged into “{}”", from.name, into.name);
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(copy).bind(into.id).bind(from.id).execute(&mut *tx).await?;
        sqlx::query(remove).bind(from.id).bind(into.id).execute(&mut *tx).await?;
        sqlx::query(HISTORY).bind(c.id).bind(&into.question_key).bind("merged").bind(&detail).bind(now()).bind(by)
            .execute(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: Some(by), action: "consultation.theme",
            summary: format!("Merged themes in “{}”: {detail}", c.title), before: None, after: None })?;
        tx.commit().await?;
    });
    Ok(())
}

/// Undoes a merge: `from` is a theme again with the answers it had, and the
/// answers the merge added to `into` leave it. (An answer both themes had
/// stays in `into`; if the merge made it a quote there, it stays one.)
pub async fn unmerge(db: &Db, c: &Consultation, from: &Theme, into: &Theme, by: i64) -> Result<(), AppError> {
    let drop = "DELETE FROM consultation_theme_answers WHERE theme_id = $1 AND merged_from = $2";
    let restore = "UPDATE consultation_themes SET merged_into = NULL WHERE id = $1";
    let detail = format!("“{}” taken out of “{}” again", from.name, into.name);
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(drop).bind(into.id).bind(from.id).execute(&mut *tx).await?;
        sqlx::query(restore).bind(from.id).execute(&mut *tx).await?;
        sqlx::query(HISTORY).bind(c.id).bind(&from.question_key).bind("unmerged").bind(&detail).bind(now()).bind(by)
            .execute(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: Some(by), action: "consultation.theme",
            summary: format!("Undid a merge of themes in “{}”: {detail}", c.title), before: None, after: None })?;
        tx.commit().await?;
    });
    Ok(())
}

/// Tags or untags an answer, or marks it as a quote or not, and records it
/// in the audit log when anything changed (`by` is `None` for the demo).
/// `response` must have answered the theme's question in this consultation
/// (checked by the caller).
pub async fn set_tag(
    db: &Db,
    c: &Consultation,
    theme: &Theme,
    response: i64,
    action: &str,
    by: Option<i64>,
) -> Result<(), AppError> {
    let (sql, summary, before, after) = match action {
        "tag" => (TAG, "Tagged an answer with a theme", "not tagged", "tagged"),
        "untag" => (
            "DELETE FROM consultation_theme_answers WHERE theme_id = $1 AND response_id = $2",
            "Took a theme off an answer",
            "tagged",
            "not tagged",
        ),
        "quote" => (
            "INSERT INTO consultation_theme_answers (theme_id, response_id, quote) VALUES ($1, $2, 1) \
             ON CONFLICT (theme_id, response_id) DO UPDATE SET quote = 1 WHERE consultation_theme_answers.quote = 0",
            "Chose an answer to quote in the Board report",
            "not quoted",
            "quoted",
        ),
        "unquote" => (
            "UPDATE consultation_theme_answers SET quote = 0 WHERE theme_id = $1 AND response_id = $2 AND quote = 1",
            "Stopped quoting an answer in the Board report",
            "quoted",
            "not quoted",
        ),
        other => {
            return Err(AppError::BadRequest(format!(
                "There is no {other:?} action; use tag, untag, quote or unquote."
            )));
        }
    };
    let summary = format!("{summary} in “{}”: response {response}, theme “{}”", c.title, theme.name);
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query(sql).bind(theme.id).bind(response).execute(&mut *tx).await?.rows_affected() > 0;
        if changed {
            audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: by, action: "consultation.answer_theme",
                summary, before: Some(before.to_owned()), after: Some(after.to_owned()) })?;
        }
        tx.commit().await?;
    });
    Ok(())
}

/// Whether a response of this consultation answered the question.
pub async fn answered(db: &Db, c: &Consultation, response: i64, key: &str) -> Result<bool, AppError> {
    let sql = "SELECT COUNT(*) FROM consultation_answers ans JOIN consultation_responses r ON r.id = ans.response_id \
               WHERE r.consultation_id = $1 AND ans.response_id = $2 AND ans.question_key = $3";
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(sql).bind(c.id).bind(response).bind(key).fetch_one(pool).await)?;
    Ok(n > 0)
}
