//! What the organisation shows in public, in the database: an item's public
//! words (an idea's title and summary, the open answer, the "you said, we
//! did" entry and its values), each change audited in its own transaction;
//! the published ideas with their support; the entries chosen for "You said,
//! we did". Every query names the organisation.

use crate::audit::Event;
use crate::error::AppError;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

/// An item's public words, as editors see and change them.
#[derive(Clone, Debug, Default)]
pub struct Public {
    pub title: String,
    pub summary: String,
    /// On the ideas page.
    pub published: bool,
    pub answer: String,
    pub answered_at: Option<i64>,
    /// On "You said, we did".
    pub shown: bool,
    pub you_said: String,
    pub we_did: String,
    /// The day it changed (YYYY-MM-DD, the organisation's zone).
    pub changed_on: String,
    /// The keys of the values it shows under.
    pub values: Vec<String>,
}

type PublicRow = (String, String, bool, String, Option<i64>, bool, String, String, String);

/// The public words of item `id` (all empty when none were written yet).
pub async fn of(db: &Db, org_id: i64, id: i64) -> Result<Public, AppError> {
    let sql = "SELECT p.title, p.summary, f.published, p.answer, p.answered_at, p.shown, p.you_said, p.we_did, \
               p.changed_on FROM feedback f JOIN feedback_public p ON p.feedback_id = f.id \
               WHERE f.org_id = $1 AND f.id = $2";
    let values_sql = "SELECT v.value_key FROM feedback_public_values v JOIN feedback f ON f.id = v.feedback_id \
                      WHERE f.org_id = $1 AND f.id = $2 ORDER BY v.value_key";
    let (row, values): (Option<PublicRow>, Vec<String>) = on_db!(db, pool => {
        let row = sqlx::query_as(sql).bind(org_id).bind(id).fetch_optional(pool).await?;
        let values = sqlx::query_scalar(values_sql).bind(org_id).bind(id).fetch_all(pool).await?;
        (row, values)
    });
    let Some((title, summary, published, answer, answered_at, shown, you_said, we_did, changed_on)) = row else {
        return Ok(Public::default());
    };
    Ok(Public { title, summary, published, answer, answered_at, shown, you_said, we_did, changed_on, values })
}

/// A change an editor makes to what is shown.
pub enum Change<'a> {
    /// Puts an idea on the ideas page (or keeps it there) with these words.
    Publish { title: &'a str, summary: &'a str },
    /// Takes it off; its support is kept should it come back.
    Unpublish,
    /// The organisation's open answer; empty takes it away.
    Answer { answer: &'a str },
    /// The "You said, we did" entry.
    YouSaid { shown: bool, you_said: &'a str, we_did: &'a str, changed_on: &'a str, values: &'a [String] },
}

/// Makes `change` to item `id` of the organisation (an idea, for the ideas
/// page's changes), audited with its `reference`; false when there is no
/// such item.
pub async fn change(
    db: &Db,
    org_id: i64,
    id: i64,
    reference: &str,
    change: Change<'_>,
    by: i64,
) -> Result<bool, AppError> {
    let at = now();
    let summary = match &change {
        Change::Publish { .. } => format!("{reference}: idea published (or its public words changed)"),
        Change::Unpublish => format!("{reference}: idea taken off the ideas page"),
        Change::Answer { answer: "" } => format!("{reference}: public answer taken away"),
        Change::Answer { .. } => format!("{reference}: public answer written"),
        Change::YouSaid { shown: true, .. } => format!("{reference}: shown on You said, we did"),
        Change::YouSaid { shown: false, .. } => format!("{reference}: not shown on You said, we did"),
    };
    let ensure = "INSERT INTO feedback_public (feedback_id, org_id, updated_at) \
                  SELECT id, org_id, $3 FROM feedback WHERE id = $1 AND org_id = $2 \
                  ON CONFLICT (feedback_id) DO NOTHING";
    let done = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(ensure).bind(id).bind(org_id).bind(at).execute(&mut *tx).await?;
        let done = match &change {
            Change::Publish { title, summary } => {
                sqlx::query("UPDATE feedback_public SET title = $3, summary = $4, updated_at = $5, \
                             published_at = CASE WHEN (SELECT published FROM feedback WHERE id = $1) THEN published_at ELSE $5 END \
                             WHERE feedback_id = $1 AND org_id = $2")
                    .bind(id).bind(org_id).bind(title.to_string()).bind(summary.to_string()).bind(at).execute(&mut *tx).await?;
                sqlx::query("UPDATE feedback SET published = $3, updated_at = $4 WHERE id = $1 AND org_id = $2 AND kind = 'idea'")
                    .bind(id).bind(org_id).bind(true).bind(at).execute(&mut *tx).await?.rows_affected()
            }
            Change::Unpublish => {
                sqlx::query("UPDATE feedback SET published = $3, updated_at = $4 WHERE id = $1 AND org_id = $2")
                    .bind(id).bind(org_id).bind(false).bind(at).execute(&mut *tx).await?.rows_affected()
            }
            Change::Answer { answer } => {
                let answered_at = (!answer.is_empty()).then_some(at);
                sqlx::query("UPDATE feedback_public SET answer = $3, answered_at = $4, updated_at = $5 \
                             WHERE feedback_id = $1 AND org_id = $2")
                    .bind(id).bind(org_id).bind(answer.to_string()).bind(answered_at).bind(at)
                    .execute(&mut *tx).await?.rows_affected()
            }
            Change::YouSaid { shown, you_said, we_did, changed_on, values } => {
                let n = sqlx::query("UPDATE feedback_public SET shown = $3, you_said = $4, we_did = $5, changed_on = $6, \
                                     updated_at = $7 WHERE feedback_id = $1 AND org_id = $2")
                    .bind(id).bind(org_id).bind(*shown).bind(you_said.to_string()).bind(we_did.to_string())
                    .bind(changed_on.to_string()).bind(at).execute(&mut *tx).await?.rows_affected();
                if n == 1 {
                    sqlx::query("DELETE FROM feedback_public_values WHERE feedback_id = $1").bind(id).execute(&mut *tx).await?;
                    for key in values.iter() {
                        sqlx::query("INSERT INTO feedback_public_values (feedback_id, value_key) VALUES ($1, $2)")
                            .bind(id).bind(key).execute(&mut *tx).await?;
                    }
                }
                n
            }
        } == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "feedback.public",
                summary: summary.clone(), before: None, after: None,
            })?;
            tx.commit().await?;
        }
        done
    });
    Ok(done)
}

/// A published idea as the public sees it.
#[derive(Clone, Debug)]
pub struct Idea {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub published_at: i64,
    pub answer: String,
    pub answered_at: Option<i64>,
    /// Closed in the inbox: the answer stands and support is over.
    pub closed: bool,
    pub supporters: i64,
    /// This browser supports it.
    pub supported: bool,
}

impl Idea {
    /// "1 supporter", "12 supporters".
    pub fn supporters_text(&self) -> String {
        if self.supporters == 1 { "1 supporter".to_owned() } else { format!("{} supporters", self.supporters) }
    }
}

type IdeaRow = (i64, String, String, Option<i64>, String, Option<i64>, String, i64);

/// How the ideas are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Newest,
    MostSupported,
}

/// The organisation's published ideas (one when `only` names it), with
/// their support and whether the browser with `supporter` supports each.
pub async fn ideas(
    db: &Db,
    org_id: i64,
    order: Order,
    only: Option<i64>,
    supporter: Option<&str>,
) -> Result<Vec<Idea>, AppError> {
    let order_by = match order {
        Order::Newest => "p.published_at DESC, f.id DESC",
        Order::MostSupported => "supporters DESC, p.published_at DESC, f.id DESC",
    };
    let sql = format!(
        "SELECT f.id, p.title, p.summary, p.published_at, p.answer, p.answered_at, f.state, \
         (SELECT COUNT(*) FROM idea_supports s WHERE s.feedback_id = f.id) AS supporters \
         FROM feedback f JOIN feedback_public p ON p.feedback_id = f.id \
         WHERE f.org_id = $1 AND f.kind = 'idea' AND f.published = $2 AND ($3 = 0 OR f.id = $3) ORDER BY {order_by}"
    );
    let mine_sql = "SELECT s.feedback_id FROM idea_supports s JOIN feedback f ON f.id = s.feedback_id \
                    WHERE f.org_id = $1 AND s.supporter_hash = $2";
    let (rows, mine): (Vec<IdeaRow>, Vec<i64>) = on_db!(db, pool => {
        let rows = sqlx::query_as(&sql).bind(org_id).bind(true).bind(only.unwrap_or(0)).fetch_all(pool).await?;
        let mine = match supporter {
            Some(hash) => sqlx::query_scalar(mine_sql).bind(org_id).bind(hash).fetch_all(pool).await?,
            None => Vec::new(),
        };
        (rows, mine)
    });
    Ok(rows
        .into_iter()
        .map(|(id, title, summary, published_at, answer, answered_at, state, supporters)| Idea {
            supported: mine.contains(&id),
            closed: is_closed(&state),
            id,
            title,
            summary,
            published_at: published_at.unwrap_or_default(),
            answer,
            answered_at,
            supporters,
        })
        .collect())
}

/// Whether an item in inbox state `state` is over: closed, or not for us.
pub fn is_closed(state: &str) -> bool {
    matches!(state, "closed" | "not_for_us")
}

/// Adds (or, with `take_back`, removes) this browser's support for a
/// published idea of the organisation; false when nothing changed.
pub async fn support(db: &Db, org_id: i64, id: i64, supporter: &str, take_back: bool) -> Result<bool, AppError> {
    let add = "INSERT INTO idea_supports (feedback_id, supporter_hash, created_at) \
               SELECT id, $3, $4 FROM feedback WHERE id = $1 AND org_id = $2 AND kind = 'idea' AND published = $5 \
               ON CONFLICT (feedback_id, supporter_hash) DO NOTHING";
    let remove = "DELETE FROM idea_supports WHERE supporter_hash = $3 AND feedback_id = \
                  (SELECT id FROM feedback WHERE id = $1 AND org_id = $2)";
    let done = on_db!(db, pool => {
        let result = if take_back {
            sqlx::query(remove).bind(id).bind(org_id).bind(supporter).execute(pool).await?
        } else {
            sqlx::query(add).bind(id).bind(org_id).bind(supporter).bind(now()).bind(true).execute(pool).await?
        };
        result.rows_affected()
    });
    Ok(done > 0)
}
