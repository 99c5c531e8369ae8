//! The inbox in the database: items listed with filters and counted, one
//! item with its notes, and the editors' changes (state, assignment,
//! notes), each audited in the same transaction. Every query names the
//! organisation, so an id from another organisation finds nothing.

use jiff::civil::Date;

use super::filters::{Arg, Filters};
use super::reply_mail::ReplyLetter;
use super::states::State;
use crate::audit::Event;
use crate::error::AppError;
use crate::listen::feedback::personal_data::{self, Found};
use crate::listen::feedback::reference;
use crate::listen::feedback::store::Kind;
use crate::orgs::model::Org;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

/// Items shown on one inbox page, newest first.
pub const PAGE_SIZE: i64 = 200;

/// Whether an item in `state` with these due dates is late on `today`.
pub fn is_overdue(state: State, acknowledge_by: &str, respond_by: &str, today: &str) -> bool {
    (state == State::New && acknowledge_by < today) || (state.awaits_answer() && respond_by < today)
}

/// One line of the inbox.
#[derive(Clone, Debug)]
pub struct Line {
    pub id: i64,
    pub reference: String,
    pub kind: Kind,
    pub service: String,
    pub state: State,
    pub flags: Vec<Found>,
    pub assignee: Option<String>,
    pub acknowledge_by: String,
    pub respond_by: String,
    pub created_at: i64,
    pub overdue: bool,
    /// The first words of the text.
    pub excerpt: String,
    /// The whole text (for suggesting themes).
    pub body: String,
    pub neighbourhood: String,
    /// The sender left contact details (never the details themselves).
    pub has_contact: bool,
}

type LineRow =
    (i64, i64, i64, String, String, String, String, Option<String>, String, String, i64, String, String, bool);

/// The columns of a [`LineRow`], over `feedback f` joined to `people p`.
const LINE_COLUMNS: &str = "f.id, f.year, f.number, f.kind, f.service, f.state, f.personal_data, p.name, \
    f.acknowledge_by, f.respond_by, f.created_at, f.body, f.neighbourhood, f.contact IS NOT NULL";

fn line(row: LineRow, today: &str) -> Line {
    let (
        id,
        year,
        number,
        kind,
        service,
        state,
        flags,
        assignee,
        acknowledge_by,
        respond_by,
        created_at,
        body,
        hood,
        has_contact,
    ) = row;
    let state = State::parse(&state).unwrap_or(State::New);
    Line {
        id,
        reference: reference::format(year, number),
        kind: Kind::parse(&kind).unwrap_or(Kind::Feedback),
        service,
        overdue: is_overdue(state, &acknowledge_by, &respond_by, today),
        state,
        flags: personal_data::from_stored(&flags),
        assignee,
        acknowledge_by,
        respond_by,
        created_at,
        excerpt: crate::web::summary(&body, 120),
        body,
        neighbourhood: hood,
        has_contact,
    }
}

/// The organisation's items matching `filters` on `today`, newest first,
/// at most `limit` of them (the oldest `limit` newer than `filters.after`
/// when paging back, still shown newest first).
pub async fn list(db: &Db, org: &Org, filters: &Filters, limit: i64) -> Result<Vec<Line>, AppError> {
    let today = org.today();
    let query = filters.sql(org.id, today, &org.zone, matches!(db, Db::Sqlite(_)));
    let order = if filters.after.is_some() { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM {} LEFT JOIN people p ON p.id = f.assignee_id \
         WHERE {} ORDER BY {} {order} LIMIT {limit}",
        query.from, query.conditions, query.id
    );
    let rows: Vec<LineRow> = on_db!(db, pool => {
        let mut q = sqlx::query_as(&sql);
        for arg in &query.args {
            q = match arg { Arg::Int(n) => q.bind(*n), Arg::Text(t) => q.bind(t.as_str()) };
        }
        q.fetch_all(pool).await?
    });
    let today = today.to_string();
    let mut lines: Vec<Line> = rows.into_iter().map(|r| line(r, &today)).collect();
    if filters.after.is_some() {
        lines.reverse();
    }
    Ok(lines)
}

/// How many items are in each state, and how many are overdue.
pub struct Counts {
    pub by_state: Vec<(State, i64)>,
    pub overdue: i64,
}

pub async fn counts(db: &Db, org_id: i64, today: Date) -> Result<Counts, AppError> {
    let by_state_sql = "SELECT state, COUNT(*) FROM feedback WHERE org_id = $1 GROUP BY state";
    // Overdue, as two ranges of `feedback_org_state` (unanswered after the
    // respond-by day, and new after the acknowledge-by day but not yet the
    // other) rather than every item tested against both.
    let overdue_sql = "SELECT (SELECT COUNT(*) FROM feedback WHERE org_id = $1 \
                       AND state IN ('new', 'acknowledged', 'with_service') AND respond_by < $2) \
                       + (SELECT COUNT(*) FROM feedback WHERE org_id = $1 AND state = 'new' \
                       AND acknowledge_by < $2 AND respond_by >= $2)";
    let today = today.to_string();
    let (rows, overdue): (Vec<(String, i64)>, i64) = on_db!(db, pool => {
        let rows = sqlx::query_as(by_state_sql).bind(org_id).fetch_all(pool).await?;
        let overdue = sqlx::query_scalar(overdue_sql).bind(org_id).bind(&today)
            .fetch_one(pool).await?;
        (rows, overdue)
    });
    let by_state = State::ALL
        .into_iter()
        .map(|s| (s, rows.iter().find(|(name, _)| name == s.as_str()).map_or(0, |(_, n)| *n)))
        .collect();
    Ok(Counts { by_state, overdue })
}

/// One item as its page shows it.
pub struct Item {
    pub line: Line,
    pub neighbourhood: String,
    pub body: String,
    pub contact: Option<String>,
    pub assignee_id: Option<i64>,
    pub signpost: String,
    pub reply: String,
    /// The reply shows on the sender's status page.
    pub reply_published: bool,
    /// When the reply was queued to the sender by email.
    pub reply_mailed_at: Option<i64>,
    /// The code of the language the sender wrote in.
    pub language: String,
}

/// An internal note, with who wrote it and when.
pub struct Note {
    pub author: Option<String>,
    pub body: String,
    pub created_at: i64,
}

pub async fn item(db: &Db, org_id: i64, id: i64, today: Date) -> Result<Option<(Item, Vec<Note>)>, AppError> {
    type More = (String, String, Option<String>, Option<i64>, String, String, bool, Option<i64>, String);
    type NoteRow = (Option<String>, String, i64);
    let line_sql = format!(
        "SELECT {LINE_COLUMNS} FROM feedback f LEFT JOIN people p ON p.id = f.assignee_id \
         WHERE f.org_id = $1 AND f.id = $2"
    );
    let more_sql = "SELECT neighbourhood, body, contact, assignee_id, signpost, reply, reply_published, reply_mailed_at, \
                    language FROM feedback WHERE org_id = $1 AND id = $2";
    let notes_sql = "SELECT p.name, n.body, n.created_at FROM feedback_notes n LEFT JOIN people p ON p.id = n.person_id \
                     JOIN feedback f ON f.id = n.feedback_id WHERE f.org_id = $1 AND n.feedback_id = $2 ORDER BY n.id";
    let (row, more, notes): (Option<LineRow>, Option<More>, Vec<NoteRow>) = on_db!(db, pool => {
        let row = sqlx::query_as(&line_sql).bind(org_id).bind(id).fetch_optional(pool).await?;
        let more = sqlx::query_as(more_sql).bind(org_id).bind(id).fetch_optional(pool).await?;
        let notes = sqlx::query_as(notes_sql).bind(org_id).bind(id).fetch_all(pool).await?;
        (row, more, notes)
    });
    let (
        Some(row),
        Some((neighbourhood, body, contact, assignee_id, signpost, reply, reply_published, reply_mailed_at, language)),
    ) = (row, more)
    else {
        return Ok(None);
    };
    let line = line(row, &today.to_string());
    let item = Item {
        line,
        neighbourhood,
        body,
        contact,
        assignee_id,
        signpost,
        reply,
        reply_published,
        reply_mailed_at,
        language,
    };
    let notes = notes.into_iter().map(|(author, body, created_at)| Note { author, body, created_at }).collect();
    Ok(Some((item, notes)))
}

/// The id of the organisation's item with `reference` (`FB-2026-00042`).
pub async fn id_of(db: &Db, org_id: i64, reference: &str) -> Result<Option<i64>, AppError> {
    let Some((year, number)) = reference::parse(reference) else { return Ok(None) };
    let sql = "SELECT id FROM feedback WHERE org_id = $1 AND year = $2 AND number = $3";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(org_id).bind(year).bind(number).fetch_optional(pool).await)?)
}

/// The organisation's members an item may be assigned to: (id, name).
pub async fn members(db: &Db, org_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    let sql = "SELECT p.id, p.name FROM memberships m JOIN people p ON p.id = m.person_id \
               WHERE m.org_id = $1 ORDER BY p.name, p.id";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(org_id).fetch_all(pool).await)?)
}

/// A change an editor makes to an item.
pub enum Change<'a> {
    /// To a new state, with the signpost ("not for us") or reply (responded).
    State {
        from: State,
        to: State,
        text: &'a str,
        /// A reply shows on the sender's status page.
        publish: bool,
        /// The reply, to queue to the sender by email with the change.
        letter: Option<&'a ReplyLetter<'a>>,
    },
    /// To a member, or to nobody.
    Assign {
        person: Option<(i64, &'a str)>,
    },
    Note {
        body: &'a str,
    },
}

/// Makes `change` to item `id` of the organisation, audited with its
/// `reference`; false when the item is not there (or moved on meanwhile).
pub async fn change(
    db: &Db,
    org_id: i64,
    id: i64,
    reference: &str,
    change: Change<'_>,
    by: i64,
) -> Result<bool, AppError> {
    let at = now();
    let (sql, summary) = match &change {
        Change::State { from, to, .. } => {
            let stamp = match to {
                State::Acknowledged => ", acknowledged_at = $2",
                State::Responded => ", responded_at = $2",
                State::Closed | State::NotForUs => ", closed_at = $2",
                _ => "",
            };
            let text = match to {
                State::NotForUs => ", signpost = $6",
                State::Responded => ", reply = $6, reply_published = $7",
                _ => "",
            };
            let sql = format!(
                "UPDATE feedback SET state = $3, updated_at = $2{stamp}{text} WHERE org_id = $4 AND id = $1 AND state = $5"
            );
            (sql, format!("{reference}: {} → {}", from.label(), to.label()))
        }
        Change::Assign { person } => (
            "UPDATE feedback SET assignee_id = $3, updated_at = $2 WHERE org_id = $4 AND id = $1".to_owned(),
            match person {
                Some((_, name)) => format!("{reference}: assigned to {name}"),
                None => format!("{reference}: assigned to nobody"),
            },
        ),
        Change::Note { .. } => (
            "INSERT INTO feedback_notes (feedback_id, person_id, body, created_at) \
             SELECT id, $3, $5, $2 FROM feedback WHERE org_id = $4 AND id = $1"
                .to_owned(),
            format!("{reference}: added an internal note"),
        ),
    };
    let done = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let q = sqlx::query(&sql).bind(id).bind(at);
        let q = match &change {
            Change::State { from, to, text, publish, .. } => {
                let q = q.bind(to.as_str()).bind(org_id).bind(from.as_str());
                match to {
                    State::NotForUs => q.bind(text.to_string()),
                    State::Responded => q.bind(text.to_string()).bind(*publish && !text.is_empty()),
                    _ => q,
                }
            }
            Change::Assign { person } => q.bind(person.map(|(p, _)| p)).bind(org_id),
            Change::Note { body } => q.bind(by).bind(org_id).bind(body.to_string()),
        };
        let done = q.execute(&mut *tx).await?.rows_affected() == 1;
        if let (true, Change::State { letter: Some(letter), .. }) = (done, &change)
            && letter.mail.queue(&mut *tx, &letter.message).await?
        {
            sqlx::query("UPDATE feedback SET reply_mailed_at = $1, mail_token_hash = $2 WHERE id = $3")
                .bind(at).bind(&letter.token_hash).bind(id).execute(&mut *tx).await?;
        }
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "feedback.change",
                summary: summary.clone(), before: None, after: None,
            })?;
            tx.commit().await?;
        }
        done
    });
    Ok(done)
}
