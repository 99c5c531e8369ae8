//! Suggested themes kept in memory per consultation and question, so the
//! themes page does not read every written answer on each visit, and the
//! warm-up that fills it when the server starts, so the first visit after
//! a restart does not either.

use std::collections::HashMap;
use std::sync::Arc;

use super::analysis::themes::PhraseIndex;
use super::model::{Answer, Consultation, Kind, Status};
use super::store;
use super::themes::Suggested;
use crate::app::AppState;
use crate::error::AppError;
use crate::on_db;
use crate::storage::changes::{Announcer, Change};
use crate::storage::now;

/// Most entries kept; past that the cache starts again.
const MOST_ENTRIES: usize = 256;

/// The warm-up stops once this many entries are held, leaving room for
/// the consultations editors visit.
const WARM_AT_MOST: usize = MOST_ENTRIES / 2;

/// How long after closing a consultation is still warmed: its report is
/// usually written in the weeks after.
const WARM_CLOSED_WITHIN: i64 = 90 * 86_400;

/// What is kept per (consultation, question): the phrase counts over its
/// written answers as they stood at a state of the responses (how many
/// there are, when the latest was changed), and the suggestions then.
struct Entry {
    state: (i64, i64),
    index: PhraseIndex,
    list: Arc<Vec<Suggested>>,
}

/// Entries per (consultation, question key), one cache per application.
/// One lock for all: the page is for editors and the Board, and holding it
/// while reading keeps two visits (or a visit and the warm-up) from doing
/// the same work.
#[derive(Clone, Default)]
pub struct ThemeCache {
    held: Arc<tokio::sync::Mutex<HashMap<(i64, String), Entry>>>,
    announcer: Announcer,
}

impl ThemeCache {
    /// Holds nothing yet; forgetting is announced through `announcer`.
    pub fn new(announcer: Announcer) -> ThemeCache {
        ThemeCache { held: Default::default(), announcer }
    }

    /// Drops a consultation's cached suggestions (after a redaction, which
    /// changes an answer without changing the response's time), here and
    /// in the other processes.
    pub async fn forget(&self, consultation: i64) {
        self.forget_here(consultation).await;
        self.announcer.announce(Change::Themes(consultation));
    }

    /// Drops a consultation's cached suggestions in this process only.
    pub async fn forget_here(&self, consultation: i64) {
        self.held.lock().await.retain(|(id, _), _| *id != consultation);
    }

    /// Drops everything cached in this process.
    pub async fn forget_all_here(&self) {
        self.held.lock().await.clear();
    }

    async fn len(&self) -> usize {
        self.held.lock().await.len()
    }
}

fn written(json: Option<&str>) -> String {
    let Some(json) = json else { return String::new() };
    let answer: Answer = serde_json::from_str(json).unwrap_or_default();
    if answer.text.is_empty() { answer.other } else { answer.text }
}

/// Suggestions kept per question: more than the page shows, so that those
/// already made themes can be left out and the list stays full.
const KEPT: usize = 40;

fn listed(index: &PhraseIndex) -> Arc<Vec<Suggested>> {
    Arc::new(
        index
            .suggest(KEPT)
            .into_iter()
            .map(|s| Suggested { phrase: s.phrase, key: s.key, responses: s.answers })
            .collect(),
    )
}

/// The free-text questions, whose answers have suggestions.
fn written_keys(c: &Consultation) -> Vec<&str> {
    c.questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Text { .. } | Kind::Suggest { .. }))
        .map(|q| q.key.as_str())
        .collect()
}

/// Suggestions for every free-text question. Unchanged responses cost one
/// small query; after new or changed responses only those responses'
/// answers are read again. Every answer of a question is read once, by the
/// warm-up or the first visit after the server starts; that is counted in
/// `ethos_theme_cache_full_reads_total`.
pub async fn suggestions(state: &AppState, c: &Consultation) -> Result<HashMap<String, Arc<Vec<Suggested>>>, AppError> {
    let count_sql = "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM consultation_tallies \
                     WHERE consultation_id = $1 AND kind = 'responses'";
    let latest_sql = "SELECT CAST(COALESCE(MAX(updated_at), 0) AS BIGINT) FROM consultation_responses \
                      WHERE consultation_id = $1";
    let all_sql = "SELECT a.response_id, a.answer FROM consultation_answers a \
                   WHERE a.consultation_id = $1 AND a.question_key = $2 AND a.search_text <> ''";
    let changed_sql = "SELECT r.id, a.answer FROM consultation_responses r \
                       LEFT JOIN consultation_answers a ON a.response_id = r.id AND a.question_key = $2 \
                       WHERE r.consultation_id = $1 AND r.updated_at >= $3";
    let db = &state.db;
    let mut held = state.themes.held.lock().await;
    let (count, latest): (i64, i64) = on_db!(db, pool => {
        let count: i64 = sqlx::query_scalar(count_sql).bind(c.id).fetch_one(pool).await?;
        let latest: i64 = sqlx::query_scalar(latest_sql).bind(c.id).fetch_one(pool).await?;
        (count, latest)
    });
    let state_now = (count, latest);
    let mut found = HashMap::new();
    for key in written_keys(c) {
        let slot = (c.id, key.to_owned());
        let kept = held.remove(&slot);
        let entry = match kept {
            Some(entry) if entry.state == state_now => entry,
            // Responses are only added or changed; fewer means starting
            // again, and so do more new responses than were counted before
            // (at least a thousand): reading every answer in one query is
            // then cheaper than reading the changed ones response by response.
            Some(mut entry) if entry.state.0 <= count && count - entry.state.0 <= entry.state.0.max(1000) => {
                // A margin: a response stamped just before the last state
                // but committed after it (a batch in flight, another
                // server's clock) is read again, not missed.
                let since = entry.state.1 - 10;
                let rows: Vec<(i64, Option<String>)> = on_db!(db, pool => sqlx::query_as(changed_sql)
                    .bind(c.id).bind(key).bind(since).fetch_all(pool).await)?;
                for (id, json) in rows {
                    entry.index.set(id, &written(json.as_deref()));
                }
                Entry { state: state_now, list: listed(&entry.index), index: entry.index }
            }
            _ => {
                let rows: Vec<(i64, String)> =
                    on_db!(db, pool => sqlx::query_as(all_sql).bind(c.id).bind(key).fetch_all(pool).await)?;
                // Counting phrases in every answer takes a second or more on
                // a large consultation: off the async workers, so other
                // requests (and /healthz) are answered meanwhile.
                let index = tokio::task::spawn_blocking(move || {
                    PhraseIndex::of_many(rows.into_iter().map(|(id, json)| (id, written(Some(&json)))).collect())
                })
                .await
                .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("counting phrases")))?;
                state.metrics.theme_cache_full_read();
                Entry { state: state_now, list: listed(&index), index }
            }
        };
        found.insert(key.to_owned(), entry.list.clone());
        if held.len() >= MOST_ENTRIES {
            held.clear();
        }
        held.insert(slot, entry);
    }
    Ok(found)
}

/// Starts the warm-up in the background; the server is serving meanwhile.
pub fn spawn_warm_up(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        match warm_up(&state).await {
            Ok(warmed) => tracing::info!(consultations = warmed, "suggested themes are ready"),
            Err(err) => tracing::warn!(error = %err, "could not warm the suggested themes; visits will build them"),
        }
        state.metrics.theme_cache_warm_up_finished();
    });
}

/// Builds the suggestions of consultations with written answers, one at a
/// time: open ones first, then those closed within the last 90 days, most
/// recently closed first. Returns how many it built; an error here means
/// it could not even list them.
async fn warm_up(state: &AppState) -> Result<usize, AppError> {
    let at = now();
    let mut wanted = Vec::new();
    for id in with_written_answers(state, at - WARM_CLOSED_WITHIN).await? {
        let Some(c) = store::by_id(&state.db, id).await? else { continue };
        let status = c.status_at(at);
        let recent = status == Status::Closed && c.closing() >= at - WARM_CLOSED_WITHIN;
        if (status == Status::Open || recent) && !written_keys(&c).is_empty() {
            wanted.push((status != Status::Open, -c.closing(), c));
        }
    }
    wanted.sort_by_key(|(closed, closing, c)| (*closed, *closing, c.id));
    let mut warmed = 0;
    for (_, _, c) in wanted {
        if state.themes.len().await >= WARM_AT_MOST {
            break;
        }
        // One consultation failing leaves the others to warm; a visit
        // builds its suggestions as before.
        match suggestions(state, &c).await {
            Ok(_) => {
                state.metrics.theme_cache_warmed();
                warmed += 1;
            }
            Err(err) => tracing::warn!(consultation = c.id, error = %err, "could not warm suggested themes"),
        }
    }
    Ok(warmed)
}

/// Published consultations with at least one written answer that were
/// still open at `since`.
async fn with_written_answers(state: &AppState, since: i64) -> Result<Vec<i64>, AppError> {
    let sql = "SELECT c.id FROM consultations c WHERE c.published_at IS NOT NULL AND c.closes_at >= $1 \
               AND (c.closed_at IS NULL OR c.closed_at >= $1) AND EXISTS (SELECT 1 FROM consultation_responses r \
               JOIN consultation_answers a ON a.response_id = r.id \
               WHERE r.consultation_id = c.id AND a.search_text <> '') ORDER BY c.id";
    Ok(on_db!(&state.db, pool => sqlx::query_scalar::<_, i64>(sql).bind(since).fetch_all(pool).await)?)
}
