//! Framework versions in the database: at most one draft per organisation,
//! any number of published versions, the newest published being current.

use crate::audit::Event;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::BeginWrite;
use crate::storage::{Db, now};
use crate::values::model::Framework;
use crate::{audit, on_db};

/// One version of an organisation's framework.
#[derive(Clone, Debug)]
pub struct Version {
    pub id: i64,
    /// Set once published.
    pub number: Option<i64>,
    pub is_draft: bool,
    pub content: Framework,
    pub revision: i64,
    pub note: String,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub published_by: Option<String>,
}

impl Version {
    /// "Version 3" or "Draft".
    pub fn label(&self) -> String {
        match self.number {
            Some(n) => format!("Version {n}"),
            None => "Draft".to_owned(),
        }
    }

    /// When it was published, in `zone` (empty for a draft).
    pub fn published_in(&self, zone: &crate::web::zone::Zone) -> String {
        self.published_at.map(|at| zone.time(at)).unwrap_or_default()
    }

    /// When it was published, in `zone`, written in the language `code`.
    pub fn published_in_language(&self, zone: &crate::web::zone::Zone, code: &str) -> String {
        self.published_at.map(|at| crate::web::dates::time_in(zone, at, code)).unwrap_or_default()
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    number: Option<i64>,
    status: String,
    content: String,
    revision: i64,
    note: String,
    updated_at: i64,
    published_at: Option<i64>,
    published_by: Option<String>,
}

impl TryFrom<Row> for Version {
    type Error = AppError;
    fn try_from(row: Row) -> Result<Version, AppError> {
        // Reading ties translations stored by position to their English line.
        let content = serde_json::from_str(&row.content)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("framework version {} is unreadable: {e}", row.id)))?;
        Ok(Version {
            id: row.id,
            number: row.number,
            is_draft: row.status == "draft",
            content,
            revision: row.revision,
            note: row.note,
            updated_at: row.updated_at,
            published_at: row.published_at,
            published_by: row.published_by,
        })
    }
}

const SELECT: &str = "SELECT v.id, v.number, v.status, v.content, v.revision, v.note, v.updated_at, v.published_at, \
                      p.name AS published_by FROM framework_versions v LEFT JOIN people p ON p.id = v.published_by";

async fn one(db: &Db, sql: &str, org_id: i64, number: Option<i64>) -> Result<Option<Version>, AppError> {
    let row = on_db!(db, pool => {
        let q = sqlx::query_as::<_, Row>(sql).bind(org_id);
        let q = match number { Some(n) => q.bind(n), None => q };
        q.fetch_optional(pool).await
    })?;
    row.map(Version::try_from).transpose()
}

/// The newest published version.
pub async fn current(db: &Db, org_id: i64) -> Result<Option<Version>, AppError> {
    let sql = format!("{SELECT} WHERE v.org_id = $1 AND v.status = 'published' ORDER BY v.number DESC LIMIT 1");
    one(db, &sql, org_id, None).await
}

/// Published version `number`.
pub async fn published(db: &Db, org_id: i64, number: i64) -> Result<Option<Version>, AppError> {
    let sql = format!("{SELECT} WHERE v.org_id = $1 AND v.number = $2");
    one(db, &sql, org_id, Some(number)).await
}

/// The draft, if there is one.
pub async fn draft(db: &Db, org_id: i64) -> Result<Option<Version>, AppError> {
    let sql = format!("{SELECT} WHERE v.org_id = $1 AND v.status = 'draft'");
    one(db, &sql, org_id, None).await
}

/// Who changed the draft last, as the audit log has it: the person who
/// started or last saved it (none when no one has, e.g. a draft loaded at
/// the command line).
pub async fn draft_changed_by(db: &Db, org_id: i64) -> Result<Option<String>, AppError> {
    let sql = "SELECT p.name FROM audit_events a LEFT JOIN people p ON p.id = a.person_id \
               WHERE a.org_id = $1 AND a.action IN ('framework.draft', 'framework.edit') \
               AND a.at >= (SELECT created_at FROM framework_versions WHERE org_id = $1 AND status = 'draft') \
               ORDER BY a.id DESC LIMIT 1";
    let name: Option<Option<String>> =
        on_db!(db, pool => sqlx::query_scalar(sql).bind(org_id).fetch_optional(pool).await)?;
    Ok(name.flatten())
}

/// Every published version, newest first.
pub async fn history(db: &Db, org_id: i64) -> Result<Vec<Version>, AppError> {
    let sql = format!("{SELECT} WHERE v.org_id = $1 AND v.status = 'published' ORDER BY v.number DESC");
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(org_id).fetch_all(pool).await)?;
    rows.into_iter().map(Version::try_from).collect()
}

fn to_json(content: &Framework) -> Result<String, AppError> {
    serde_json::to_string(content).map_err(|e| AppError::Internal(e.into()))
}

/// Opens a draft: a copy of the current version (or empty). An existing
/// draft is returned as it is.
pub async fn start_draft(db: &Db, org: &Org, by: i64) -> Result<Version, AppError> {
    if let Some(existing) = draft(db, org.id).await? {
        return Ok(existing);
    }
    let current = current(db, org.id).await?;
    let content = current.as_ref().map(|v| v.content.clone()).unwrap_or_default();
    create_draft(db, org, &content, by, current.as_ref().map(|v| v.label())).await
}

/// Opens a draft with the given content (import); refused if a draft exists.
pub async fn create_draft(
    db: &Db,
    org: &Org,
    content: &Framework,
    by: i64,
    from: Option<String>,
) -> Result<Version, AppError> {
    create_draft_by(db, org, content, Some(by), from).await
}

/// As [`create_draft`], by a person or (`None`) by an operator at the command line.
pub async fn create_draft_by(
    db: &Db,
    org: &Org,
    content: &Framework,
    by: Option<i64>,
    from: Option<String>,
) -> Result<Version, AppError> {
    let sql = "INSERT INTO framework_versions (org_id, number, status, content, created_at, updated_at) \
               VALUES ($1, NULL, 'draft', $2, $3, $3)";
    let json = to_json(content)?;
    let summary = match from {
        Some(label) => format!("Started a refresh of the values framework from {label}"),
        None => "Started a values framework draft".to_owned(),
    };
    let result: Result<(), sqlx::Error> = async {
        on_db!(db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(sql).bind(org.id).bind(&json).bind(now()).execute(&mut *tx).await?;
            audit!(&mut *tx, Event { org_id: Some(org.id), person_id: by, action: "framework.draft", summary, before: None, after: None })?;
            tx.commit().await
        })
    }
    .await;
    match result {
        Ok(()) => draft(db, org.id).await?.ok_or(AppError::NotFound),
        Err(e) if crate::storage::is_unique_violation(&e) => Err(AppError::Conflict(
            "There is already a draft. Finish or discard it before starting another.".to_owned(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Why a draft could not be saved.
pub enum SaveError {
    /// Someone saved first; here is what they saved.
    Conflict(Box<Version>),
    Other(AppError),
}

impl<E: Into<AppError>> From<E> for SaveError {
    fn from(e: E) -> Self {
        SaveError::Other(e.into())
    }
}

/// Saves new content over the draft if its revision is still `expected`.
pub async fn save_draft(
    db: &Db,
    org: &Org,
    expected: i64,
    content: &Framework,
    by: i64,
    what: &str,
) -> Result<Version, SaveError> {
    let mut content = content.clone();
    let before = draft(db, org.id).await?.filter(|before| before.revision == expected);
    // A translated line follows its English line when that is reworded.
    if let Some(before) = &before {
        crate::values::translation::follow(&before.content, &mut content);
    }
    crate::values::translation::prune(&mut content);
    // The audit log keeps the changed texts as they were and as saved.
    let (was, now_is) = before.map_or((None, None), |b| crate::values::diff::audit_texts(&b.content, &content));
    let json = to_json(&content)?;
    let sql = "UPDATE framework_versions SET content = $1, revision = revision + 1, updated_at = $2 \
               WHERE org_id = $3 AND status = 'draft' AND revision = $4";
    let saved: bool = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let saved = sqlx::query(sql).bind(&json).bind(now()).bind(org.id).bind(expected).execute(&mut *tx).await?.rows_affected() == 1;
        if saved {
            audit!(&mut *tx, Event { org_id: Some(org.id), person_id: Some(by), action: "framework.edit", summary: what.to_owned(), before: was, after: now_is })?;
        }
        tx.commit().await?;
        saved
    });
    let latest = draft(db, org.id).await?.ok_or(AppError::NotFound)?;
    if saved { Ok(latest) } else { Err(SaveError::Conflict(Box::new(latest))) }
}

/// Publishes the draft as the next version; returns its number.
pub async fn publish(db: &Db, org: &Org, expected: i64, note: &str, by: i64) -> Result<i64, SaveError> {
    let next = "SELECT COALESCE(MAX(number), 0) + 1 FROM framework_versions WHERE org_id = $1";
    let sql = "UPDATE framework_versions SET status = 'published', number = $1, note = $2, published_at = $3, \
               published_by = $4, updated_at = $3 WHERE org_id = $5 AND status = 'draft' AND revision = $6";
    let number: Option<i64> = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let number: i64 = sqlx::query_scalar(next).bind(org.id).fetch_one(&mut *tx).await?;
        let done = sqlx::query(sql).bind(number).bind(note).bind(now()).bind(by).bind(org.id).bind(expected)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org.id), person_id: Some(by), action: "framework.publish",
                summary: format!("Published version {number} of the values framework"), before: None, after: Some(note.to_owned()),
            })?;
        }
        tx.commit().await?;
        done.then_some(number)
    });
    match number {
        Some(n) => Ok(n),
        None => match draft(db, org.id).await? {
            Some(latest) => Err(SaveError::Conflict(Box::new(latest))),
            None => Err(SaveError::Other(AppError::NotFound)),
        },
    }
}

/// Throws the draft away.
pub async fn discard(db: &Db, org: &Org, by: i64) -> Result<bool, AppError> {
    let sql = "DELETE FROM framework_versions WHERE org_id = $1 AND status = 'draft'";
    let done: bool = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(org.id).execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event { org_id: Some(org.id), person_id: Some(by), action: "framework.discard", summary: "Discarded the values framework draft".to_owned(), before: None, after: None })?;
        }
        tx.commit().await?;
        done
    });
    Ok(done)
}
