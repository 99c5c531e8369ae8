//! "Draft a new version from these findings": what a closed consultation
//! found, kept with the values draft it opened (`consultation_drafts`,
//! migration 0016) so the editor's page can mark the words people removed
//! in the draft and list the words they suggested as notes. Nothing here
//! changes the draft's text: the editors decide.

use serde::{Deserialize, Serialize};

use super::analysis::draft::{Span, mark_removed};
use crate::error::AppError;
use crate::on_db;
use crate::storage::{Db, now};
use crate::values::model::Framework;

/// A word (or phrase) people removed, and its figures as the results page
/// shows them (net score and share removed, "fewer than 5" where small).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Removed {
    pub word: String,
    #[serde(default)]
    pub detail: String,
}

/// A word people suggested in a "suggest a word" question, and in how many
/// answers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Suggested {
    pub phrase: String,
    pub answers: usize,
}

/// What the consultation found, as kept with the draft.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Findings {
    /// The consultation's title, as it was.
    pub consultation: String,
    pub removed: Vec<Removed>,
    pub suggested: Vec<Suggested>,
}

/// A text of the draft with the removed words marked.
pub struct MarkedText {
    /// "Vision", "Mission", or the value's name.
    pub label: String,
    pub spans: Vec<Span>,
}

impl Findings {
    /// The draft's vision, mission and values, each with the removed words
    /// marked; only texts where some removed word still stands.
    pub fn marked(&self, draft: &Framework) -> Vec<MarkedText> {
        let words: Vec<String> = self.removed.iter().map(|r| r.word.clone()).collect();
        let mut texts =
            vec![("Vision".to_owned(), draft.vision.statement.clone()), ("Mission".to_owned(), draft.mission.clone())];
        texts.extend(draft.values.iter().map(|v| {
            let text = if v.promise.is_empty() { v.name.clone() } else { format!("{}: {}", v.name, v.promise) };
            (v.name.clone(), text)
        }));
        texts
            .into_iter()
            .map(|(label, text)| MarkedText { label, spans: mark_removed(&text, &words) })
            .filter(|t| t.spans.iter().any(|s| s.removed))
            .collect()
    }
}

/// Keeps the findings with the draft `version_id` (replacing earlier ones).
pub async fn save(db: &Db, version_id: i64, consultation_id: i64, findings: &Findings) -> Result<(), AppError> {
    let sql = "INSERT INTO consultation_drafts (version_id, consultation_id, findings, created_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (version_id) DO UPDATE SET consultation_id = excluded.consultation_id, \
               findings = excluded.findings, created_at = excluded.created_at";
    let json = serde_json::to_string(findings).map_err(|e| AppError::Internal(e.into()))?;
    on_db!(db, pool => sqlx::query(sql).bind(version_id).bind(consultation_id).bind(&json).bind(now())
        .execute(pool).await.map(|_| ()))?;
    Ok(())
}

/// The findings kept with the draft `version_id`, if it was opened from some.
pub async fn for_version(db: &Db, version_id: i64) -> Result<Option<Findings>, AppError> {
    let sql = "SELECT findings FROM consultation_drafts WHERE version_id = $1";
    let json: Option<String> = on_db!(db, pool => sqlx::query_scalar(sql).bind(version_id).fetch_optional(pool).await)?;
    // Findings written by an older Ethos that no longer read are left out
    // rather than failing the editor's page.
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}
