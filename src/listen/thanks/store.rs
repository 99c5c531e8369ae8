//! Thank-you notes in the database. Every write is one transaction with its
//! audit line (and, for a note to a colleague, its letter when mail is set
//! up). What each reader sees is decided here, once: the wall shows notes
//! whose writer chose it, that their recipient has not hidden and no editor
//! has removed; a recipient sees every note to them not removed; counts
//! include every note not removed — and are only ever per value and per
//! month, never per person.

use jiff::civil::Date;

use crate::audit::Event;
use crate::error::AppError;
use crate::mail::{Mail, Outgoing};
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

/// Notes on one page of the wall.
pub const PAGE_SIZE: i64 = 20;
/// The most notes a recipient's page lists.
const MINE_LIMIT: i64 = 500;
/// Months the counts per month go back.
const MONTHS_SHOWN: i64 = 24;

/// Who a note is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recipient {
    /// A colleague: a person with a role in the same organisation.
    Person(i64),
    /// One of the teams the organisation lists.
    Team(String),
}

/// A checked note, ready to store.
#[derive(Clone, Debug)]
pub struct NewNote {
    pub recipient: Recipient,
    pub body: String,
    pub value_key: String,
    pub value_name: String,
    /// One behaviour of the value, as written then ('' when none).
    pub behaviour: String,
    /// The writer's choice: show it on the wall.
    pub on_wall: bool,
}

/// A note as the wall and a recipient's page show it.
#[derive(Clone, Debug)]
pub struct Note {
    pub id: i64,
    /// The writer's name ('' once their account is gone).
    pub from: String,
    /// The colleague's name or the team.
    pub to: String,
    pub is_team: bool,
    pub body: String,
    pub value_name: String,
    pub behaviour: String,
    pub on_wall: bool,
    pub hidden: bool,
    pub created_at: i64,
}

type Row = (i64, String, String, Option<i64>, String, String, String, bool, bool, i64);

impl From<Row> for Note {
    fn from((id, from, to, recipient, body, value_name, behaviour, on_wall, hidden, created_at): Row) -> Note {
        Note { id, from, to, is_team: recipient.is_none(), body, value_name, behaviour, on_wall, hidden, created_at }
    }
}

const SELECT: &str = "SELECT t.id, COALESCE(s.name, ''), COALESCE(r.name, t.team), t.recipient_id, t.body, \
                      t.value_name, t.behaviour, t.on_wall, t.hidden, t.created_at FROM thanks t \
                      LEFT JOIN people s ON s.id = t.sender_id LEFT JOIN people r ON r.id = t.recipient_id";

/// Stores `note` from `sender`, written on `day` (the organisation's date),
/// with its audit line; `letter` is given the new note's id and may return
/// a message to queue with it (nothing is queued when mail is off).
pub async fn insert(
    db: &Db,
    mail: &Mail,
    org_id: i64,
    sender: i64,
    day: Date,
    note: &NewNote,
    letter: impl Fn(i64) -> Option<Outgoing>,
) -> Result<i64, AppError> {
    let sql = "INSERT INTO thanks (org_id, sender_id, recipient_id, team, body, value_key, value_name, behaviour, \
               on_wall, day, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    let (person, team) = match &note.recipient {
        Recipient::Person(id) => (Some(*id), ""),
        Recipient::Team(team) => (None, team.as_str()),
    };
    let to = if team.is_empty() { "a colleague".to_owned() } else { format!("the team {team}") };
    let id: i64 = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar(sql).bind(org_id).bind(sender).bind(person).bind(team).bind(&note.body)
            .bind(&note.value_key).bind(&note.value_name).bind(&note.behaviour).bind(note.on_wall)
            .bind(day.to_string()).bind(now()).fetch_one(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(sender), action: "thanks.written",
            summary: format!("Thanked {to} for {} (note {id})", note.value_name), before: None, after: None,
        })?;
        if let Some(message) = letter(id) {
            mail.queue(&mut *tx, &message).await?;
        }
        tx.commit().await?;
        id
    });
    mail.wake();
    Ok(id)
}

/// One page of the wall, newest first (`page` from 0); one more note than
/// a page holds is read, so the caller knows whether an older page exists.
pub async fn wall(db: &Db, org_id: i64, page: i64) -> Result<Vec<Note>, AppError> {
    let sql = format!(
        "{SELECT} WHERE t.org_id = $1 AND t.on_wall AND NOT t.hidden AND t.removed_at IS NULL \
         ORDER BY t.id DESC LIMIT $2 OFFSET $3"
    );
    let offset = page.saturating_mul(PAGE_SIZE);
    let rows: Vec<Row> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(org_id).bind(PAGE_SIZE + 1).bind(offset).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Note::from).collect())
}

/// The notes to `person` in the organisation, newest first, hidden or not.
pub async fn mine(db: &Db, org_id: i64, person: i64) -> Result<Vec<Note>, AppError> {
    let sql = format!(
        "{SELECT} WHERE t.org_id = $1 AND t.recipient_id = $2 AND t.removed_at IS NULL ORDER BY t.id DESC LIMIT $3"
    );
    let rows: Vec<Row> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(org_id).bind(person).bind(MINE_LIMIT).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Note::from).collect())
}

/// One note of the organisation not removed, for an editor to look at.
pub async fn one(db: &Db, org_id: i64, id: i64) -> Result<Option<Note>, AppError> {
    let sql = format!("{SELECT} WHERE t.org_id = $1 AND t.id = $2 AND t.removed_at IS NULL");
    let row: Option<Row> = on_db!(db, pool => sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(Note::from))
}

/// Hides a note from the wall, or shows it again: only its recipient may,
/// so a note not theirs (or removed) changes nothing and gives false.
pub async fn set_hidden(db: &Db, org_id: i64, id: i64, recipient: i64, hidden: bool) -> Result<bool, AppError> {
    let sql =
        "UPDATE thanks SET hidden = $1 WHERE org_id = $2 AND id = $3 AND recipient_id = $4 AND removed_at IS NULL";
    let (action, what) = if hidden { ("thanks.hidden", "Hid") } else { ("thanks.shown", "Showed again") };
    let done = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(hidden).bind(org_id).bind(id).bind(recipient).execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(recipient), action,
                summary: format!("{what} a thank-you note to them on the wall (note {id})"), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        done
    });
    Ok(done)
}

/// Removes a note for good (an editor, with a reason): it leaves the wall,
/// the recipient's page and the counts. False when there was none to remove.
pub async fn remove(db: &Db, org_id: i64, id: i64, by: i64, reason: &str) -> Result<bool, AppError> {
    let sql = "UPDATE thanks SET removed_at = $1, removed_by = $2, removed_reason = $3 \
               WHERE org_id = $4 AND id = $5 AND removed_at IS NULL";
    let done = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(now()).bind(by).bind(reason).bind(org_id).bind(id).execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "thanks.removed",
                summary: format!("Removed thank-you note {id}: {reason}"), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        done
    });
    Ok(done)
}

/// The organisation's notes counted per value and per month.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// (value key, value name as last written, notes), in no set order.
    pub by_value: Vec<(String, String, i64)>,
    /// ("YYYY-MM", notes), newest month first, months with none left out.
    pub by_month: Vec<(String, i64)>,
    pub total: i64,
}

/// Every note not removed, counted per value and per month (the last 24
/// months with any). Never per person.
pub async fn counts(db: &Db, org_id: i64) -> Result<Counts, AppError> {
    let by_value = "SELECT value_key, MAX(value_name), COUNT(*) FROM thanks \
                    WHERE org_id = $1 AND removed_at IS NULL GROUP BY value_key";
    let by_month = "SELECT SUBSTR(day, 1, 7), COUNT(*) FROM thanks WHERE org_id = $1 AND removed_at IS NULL \
                    GROUP BY SUBSTR(day, 1, 7) ORDER BY 1 DESC LIMIT $2";
    let (by_value, by_month) = on_db!(db, pool => {
        let values: Vec<(String, String, i64)> = sqlx::query_as(by_value).bind(org_id).fetch_all(pool).await?;
        let months: Vec<(String, i64)> = sqlx::query_as(by_month).bind(org_id).bind(MONTHS_SHOWN).fetch_all(pool).await?;
        (values, months)
    });
    let total = by_value.iter().map(|(_, _, n)| n).sum();
    Ok(Counts { by_value, by_month, total })
}

/// How many notes the organisation's people wrote from `from_day` to
/// `to_day` inclusive (its own dates), not counting removed ones: for a
/// campaign's return.
pub async fn counts_between(db: &Db, org_id: i64, from_day: Date, to_day: Date) -> Result<i64, AppError> {
    let sql = "SELECT COUNT(*) FROM thanks WHERE org_id = $1 AND removed_at IS NULL AND day >= $2 AND day <= $3";
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(sql).bind(org_id).bind(from_day.to_string())
        .bind(to_day.to_string()).fetch_one(pool).await)?;
    Ok(n)
}
