//! Suggested themes kept in memory per consultation and question, so the
//! themes page does not read every written answer on each visit, and the
//! warm-up that fills it when the server starts, so the first visit after
//! a restart does not either; and the keeper that brings what is held up
//! to date with new responses every few seconds, so a visit after a busy
//! day reads only the last few seconds' answers.

use std::collections::HashMap;
use std::sync::Arc;

use super::analysis::themes::PhraseIndex;
use super::model::{Answer, Consultation, Kind, Status};
use super::themes::Suggested;
use super::{sqlite_themes, store};
use crate::app::AppState;
use crate::error::AppError;
use crate::on_db;
use crate::storage::changes::{Announcer, Change};
use crate::storage::{Db, now};

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
    /// The responses of the last [`MARGIN`] seconds as they were read:
    /// id and time of change. Read again within the margin, these are
    /// known by the stamps alone and their answers are not read twice.
    recent: HashMap<i64, i64>,
}

/// Seconds before the latest change that are looked at again: a response
/// stamped just before it but committed after (a batch in flight, another
/// server's clock) is read, not missed.
const MARGIN: i64 = 10;

/// Response ids this far apart or more are read as separate ranges.
const RANGE_GAP: i64 = 1000;

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

    /// The consultations something is held for.
    async fn consultations(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.held.lock().await.keys().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
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
                let stamps = stamps_since(state, c.id, entry.state.1 - MARGIN).await?;
                // Read again: what is new or changed since, and whatever
                // was changed in the very second of the last read (a
                // second change then has the same stamp).
                let wanted: Vec<i64> = stamps
                    .iter()
                    .filter(|(id, at)| *at >= entry.state.1 || entry.recent.get(id) != Some(at))
                    .map(|(id, _)| *id)
                    .collect();
                let mut texts = answers_of(state, c.id, key, &wanted).await?;
                for id in wanted {
                    entry.index.set(id, &texts.remove(&id).unwrap_or_default());
                }
                Entry {
                    state: state_now,
                    list: listed(&entry.index),
                    index: entry.index,
                    recent: recent_of(stamps, latest),
                }
            }
            _ => {
                // The stamps first: anything changed after them is read
                // again next time, never missed.
                let stamps = stamps_since(state, c.id, latest - MARGIN).await?;
                let rows: Vec<(i64, String)> = match db {
                    Db::Sqlite(pool) => sqlite_themes::all_written(path_of(pool), c.id, key.to_owned()).await?,
                    Db::Postgres(pool) => sqlx::query_as(all_sql).bind(c.id).bind(key).fetch_all(pool).await?,
                };
                // Counting phrases in every answer takes a second or more on
                // a large consultation: off the async workers, so other
                // requests (and /healthz) are answered meanwhile.
                let index = tokio::task::spawn_blocking(move || {
                    PhraseIndex::of_many(rows.into_iter().map(|(id, json)| (id, written(Some(&json)))).collect())
                })
                .await
                .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("counting phrases")))?;
                state.metrics.theme_cache_full_read();
                Entry { state: state_now, list: listed(&index), index, recent: recent_of(stamps, latest) }
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

/// The responses changed at or after `since`: (id, time of change), read
/// from the index of changes alone.
async fn stamps_since(state: &AppState, consultation: i64, since: i64) -> Result<Vec<(i64, i64)>, AppError> {
    let sql = "SELECT id, updated_at FROM consultation_responses WHERE consultation_id = $1 AND updated_at >= $2";
    match &state.db {
        Db::Sqlite(pool) => sqlite_themes::stamps_since(path_of(pool), consultation, since).await,
        Db::Postgres(pool) => Ok(sqlx::query_as(sql).bind(consultation).bind(since).fetch_all(pool).await?),
    }
}

/// Those of `stamps` within [`MARGIN`] of `latest`.
fn recent_of(stamps: Vec<(i64, i64)>, latest: i64) -> HashMap<i64, i64> {
    stamps.into_iter().filter(|(_, at)| *at >= latest - MARGIN).collect()
}

/// The written answers to question `key` of the responses `ids` (a
/// response without one is left out). New responses have neighbouring
/// ids, so they are read as ranges, one query a range.
async fn answers_of(
    state: &AppState,
    consultation: i64,
    key: &str,
    ids: &[i64],
) -> Result<HashMap<i64, String>, AppError> {
    let sql = "SELECT response_id, answer FROM consultation_answers \
               WHERE consultation_id = $1 AND question_key = $2 AND response_id BETWEEN $3 AND $4";
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let wanted: std::collections::HashSet<i64> = sorted.iter().copied().collect();
    let mut rows: Vec<(i64, String)> = Vec::new();
    match &state.db {
        Db::Sqlite(pool) => {
            rows = sqlite_themes::answers_in(path_of(pool), consultation, key.to_owned(), ranges(&sorted)).await?;
        }
        Db::Postgres(pool) => {
            for (from, to) in ranges(&sorted) {
                let page: Vec<(i64, String)> =
                    sqlx::query_as(sql).bind(consultation).bind(key).bind(from).bind(to).fetch_all(pool).await?;
                rows.extend(page);
            }
        }
    }
    Ok(rows.into_iter().filter(|(id, _)| wanted.contains(id)).map(|(id, json)| (id, written(Some(&json)))).collect())
}

/// The file of a SQLite database, for reads outside the pool.
fn path_of(pool: &sqlx::SqlitePool) -> std::path::PathBuf {
    pool.connect_options().get_filename().to_owned()
}

/// Sorted ids as inclusive ranges, split where two are [`RANGE_GAP`] apart.
fn ranges(sorted: &[i64]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    for &id in sorted {
        match out.last_mut() {
            Some((_, to)) if id - *to < RANGE_GAP => *to = id,
            _ => out.push((id, id)),
        }
    }
    out
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

/// How often the keeper looks for new responses.
const KEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Starts the keeper: every [`KEEP_EVERY`] it brings the suggestions held
/// for open consultations up to date, reading only the responses new or
/// changed since the last time (one small query when there are none). A
/// consultation nobody has visited (nor the warm-up built) costs nothing,
/// and one that has closed is left as it is.
pub fn spawn_keeper(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(KEEP_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            for id in state.themes.consultations().await {
                let c = match store::by_id(&state.db, id).await {
                    Ok(Some(c)) if c.status_at(now()) == Status::Open => c,
                    Ok(_) => continue,
                    Err(err) => {
                        tracing::warn!(consultation = id, error = %err, "could not keep suggested themes up to date");
                        continue;
                    }
                };
                if let Err(err) = suggestions(&state, &c).await {
                    tracing::warn!(consultation = id, error = %err, "could not keep suggested themes up to date");
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_ids_are_read_as_one_range_and_a_far_one_alone() {
        assert_eq!(ranges(&[]), []);
        assert_eq!(ranges(&[7]), [(7, 7)]);
        assert_eq!(ranges(&[12, 500_000, 500_001, 500_004, 500_990]), [(12, 12), (500_000, 500_990)]);
        assert_eq!(ranges(&[1, 1000, 1001]), [(1, 1001)]);
        assert_eq!(ranges(&[1, 1001, 1002]), [(1, 1), (1001, 1002)]);
    }

    #[test]
    fn only_the_margin_before_the_latest_change_is_remembered() {
        let recent = recent_of(vec![(1, 89), (2, 90), (3, 100)], 100);
        assert_eq!(recent, HashMap::from([(2, 90), (3, 100)]));
    }
}
