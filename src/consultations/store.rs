//! Consultations and their milestones in the database; responses and
//! running tallies are in [`super::response_store`], re-exported here.

use crate::audit::Event;
use crate::consultations::model::{Consultation, Question, Schedule, Status, Visibility};
use crate::error::AppError;
use crate::storage::BeginWrite;
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
    translations: String,
    revision: i64,
}

pub(super) fn unreadable(what: &str, id: i64, e: impl std::fmt::Display) -> AppError {
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
            translations: serde_json::from_str(&row.translations).map_err(|e| unreadable("translations", row.id, e))?,
            revision: row.revision,
            markable: Default::default(),
        })
    }
}

const SELECT: &str = "SELECT id, org_id, title, purpose, framework_version_id, opens_at, closes_at, published_at, closed_at, \
                      visibility, audiences, questions, translations, revision FROM consultations";

pub(super) fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
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

/// A consultation in brief, for the members' home: its times, how many
/// answered, and what has been done since it closed.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Summary {
    pub id: i64,
    pub title: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub published_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub responses: i64,
    /// Recommendations written for the Board report (0 or 1).
    pub recommendations: i64,
    /// Actions in its implementation plan.
    pub actions: i64,
}

impl Summary {
    pub fn schedule(&self) -> Schedule {
        Schedule {
            opens_at: self.opens_at,
            closes_at: self.closes_at,
            published_at: self.published_at,
            closed_at: self.closed_at,
        }
    }

    /// When it closed or will close.
    pub fn closing(&self) -> i64 {
        self.schedule().closing()
    }

    /// Closed, and still without recommendations for the Board or without a plan.
    pub fn needs_follow_up(&self, now: i64) -> bool {
        self.schedule().status_at(now) == Status::Closed && (self.recommendations == 0 || self.actions == 0)
    }
}

/// Every consultation of an organisation in brief, closing soonest first.
pub async fn summaries(db: &Db, org_id: i64) -> Result<Vec<Summary>, AppError> {
    let sql = "SELECT c.id, c.title, c.opens_at, c.closes_at, c.published_at, c.closed_at, \
               (SELECT COUNT(*) FROM consultation_responses r WHERE r.consultation_id = c.id) AS responses, \
               (SELECT COUNT(*) FROM consultation_reports p WHERE p.consultation_id = c.id AND p.recommendations <> '') \
               AS recommendations, \
               (SELECT COUNT(*) FROM consultation_actions a WHERE a.consultation_id = c.id) AS actions \
               FROM consultations c WHERE c.org_id = $1 ORDER BY c.closes_at, c.id";
    Ok(on_db!(db, pool => sqlx::query_as::<_, Summary>(sql).bind(org_id).fetch_all(pool).await)?)
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
        let mut tx = pool.begin_write().await?;
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
        let mut tx = pool.begin_write().await?;
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
        let mut tx = pool.begin_write().await?;
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

/// Saves the translations if nobody saved the consultation since `c` was
/// read (its revision); false when someone did.
pub async fn save_translations(
    db: &Db,
    c: &Consultation,
    translations: &super::languages::SurveyTranslations,
    by: i64,
    what: &str,
) -> Result<bool, AppError> {
    let sql = "UPDATE consultations SET translations = $1, revision = revision + 1, updated_at = $2 WHERE id = $3 AND revision = $4";
    let body = json(translations)?;
    let saved = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let saved = sqlx::query(sql).bind(&body).bind(now()).bind(c.id).bind(c.revision).execute(&mut *tx).await?.rows_affected() == 1;
        if saved {
            audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: Some(by), action: "consultation.translation",
                summary: format!("{what} of the consultation “{}”", c.title), before: None, after: None })?;
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
        let mut tx = pool.begin_write().await?;
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
        let mut tx = pool.begin_write().await?;
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
        let mut tx = pool.begin_write().await?;
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

pub use super::response_store::{
    ANSWERED_ELSEWHERE, Claim, PackedResponse, REDACTED, StoredResponse, Tally, claimed, day_of, groups, in_order,
    redact, response_by_token, response_count, responses, responses_after, search_text, submit, submit_at, submit_many,
    tallies, tallies_by_group,
};

/// Responses per UTC day (day number, count), oldest first, from the
/// running tally (summed over its shards).
pub async fn days(db: &Db, consultation_id: i64) -> Result<Vec<(i64, i64)>, AppError> {
    let sql = "SELECT day, CAST(SUM(count) AS BIGINT) FROM consultation_days WHERE consultation_id = $1 \
               GROUP BY day HAVING SUM(count) > 0 ORDER BY day";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(consultation_id).fetch_all(pool).await)?)
}

/// Counts the responses per day again from the responses themselves, for
/// when their times were changed directly (the demo dates its generated
/// responses over the days it has been open).
pub async fn recount_days(db: &Db, consultation_id: i64) -> Result<(), AppError> {
    let clear = "DELETE FROM consultation_days WHERE consultation_id = $1";
    let fill = "INSERT INTO consultation_days (consultation_id, day, count) \
                SELECT consultation_id, created_at / 86400, COUNT(*) FROM consultation_responses \
                WHERE consultation_id = $1 GROUP BY consultation_id, created_at / 86400";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(clear).bind(consultation_id).execute(&mut *tx).await?;
        sqlx::query(fill).bind(consultation_id).execute(&mut *tx).await?;
        tx.commit().await?;
    });
    Ok(())
}
