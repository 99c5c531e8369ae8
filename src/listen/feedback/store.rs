//! Feedback in the database as the public sees it: storing a checked item
//! with its reference, clock and status token in one transaction, and
//! reading one item back by its status token (never by anything guessable).

use jiff::civil::Date;

use super::personal_data::{self, Found};
use super::reference;
use crate::audit::Event;
use crate::error::AppError;
use crate::listen::inbox::clock;
use crate::listen::inbox::states::State;
use crate::listen::settings::Settings;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

/// What a sender may send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Feedback,
    Idea,
    Compliment,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Feedback, Kind::Idea, Kind::Compliment];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Feedback => "feedback",
            Kind::Idea => "idea",
            Kind::Compliment => "compliment",
        }
    }

    pub fn parse(value: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// The choice on the form.
    pub fn choice(self) -> &'static str {
        match self {
            Kind::Feedback => "Feedback about a service",
            Kind::Idea => "An idea that could improve health and wellbeing",
            Kind::Compliment => "A compliment",
        }
    }

    /// Its name on the inbox.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Feedback => "Feedback",
            Kind::Idea => "Idea",
            Kind::Compliment => "Compliment",
        }
    }
}

/// A checked item, ready to store.
#[derive(Clone, Debug)]
pub struct NewItem {
    pub kind: Kind,
    pub service: String,
    pub neighbourhood: String,
    pub body: String,
    /// Only when the sender chose to leave it.
    pub contact: Option<String>,
}

/// What the sender is told once it is stored.
pub struct Stored {
    pub reference: String,
}

/// Stores `item` for the organisation, arriving `today` (its zone's date),
/// with the hash of its status token; its number comes from the
/// organisation's sequence for the year, its due dates from `settings`.
pub async fn insert(
    db: &Db,
    org_id: i64,
    today: Date,
    settings: &Settings,
    item: &NewItem,
    token_hash: &str,
) -> Result<Stored, AppError> {
    let year = i64::from(today.year());
    let (acknowledge_by, respond_by) = clock::due_dates(today, settings.acknowledge_days, settings.respond_days);
    let flags = personal_data::to_stored(&personal_data::find(&item.body));
    let sql = "INSERT INTO feedback (org_id, year, number, kind, service, neighbourhood, body, contact, personal_data, \
               status_token_hash, acknowledge_by, respond_by, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)";
    let at = now();
    let number: i64 = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let number: i64 = sqlx::query_scalar(reference::NEXT_NUMBER).bind(org_id).bind(year).fetch_one(&mut *tx).await?;
        sqlx::query(sql).bind(org_id).bind(year).bind(number).bind(item.kind.as_str()).bind(&item.service)
            .bind(&item.neighbourhood).bind(&item.body).bind(&item.contact).bind(&flags).bind(token_hash)
            .bind(acknowledge_by.to_string()).bind(respond_by.to_string()).bind(at)
            .execute(&mut *tx).await?;
        // The audit line names the reference only: nothing the sender wrote.
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: None, action: "feedback.receive",
            summary: format!("Received {} {}", item.kind.label().to_lowercase(), reference::format(year, number)),
            before: None, after: None,
        })?;
        tx.commit().await?;
        number
    });
    Ok(Stored { reference: reference::format(year, number) })
}

/// What the sender's status link shows.
pub struct Status {
    pub reference: String,
    pub kind: Kind,
    pub service: String,
    pub state: State,
    pub signpost: String,
    /// The reply, once an editor has published it.
    pub reply: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub kept_contact: bool,
    pub flags: Vec<Found>,
}

/// The item of the organisation whose status token hashes to `token_hash`
/// (the sender's own, or the one in a reply sent by email).
pub async fn by_token(db: &Db, org_id: i64, token_hash: &str) -> Result<Option<Status>, AppError> {
    type Row = (i64, i64, String, String, String, String, String, bool, i64, i64, bool, String);
    let sql = "SELECT year, number, kind, service, state, signpost, reply, reply_published, created_at, updated_at, \
               contact IS NOT NULL, personal_data FROM feedback WHERE org_id = $1 \
               AND (status_token_hash = $2 OR mail_token_hash = $2)";
    let row: Option<Row> =
        on_db!(db, pool => sqlx::query_as(sql).bind(org_id).bind(token_hash).fetch_optional(pool).await)?;
    Ok(row.map(
        |(year, number, kind, service, state, signpost, reply, published, created_at, updated_at, kept, flags)| {
            Status {
                reference: reference::format(year, number),
                kind: Kind::parse(&kind).unwrap_or(Kind::Feedback),
                service,
                state: State::parse(&state).unwrap_or(State::New),
                signpost,
                reply: (published && !reply.is_empty()).then_some(reply),
                created_at,
                updated_at,
                kept_contact: kept,
                flags: personal_data::from_stored(&flags),
            }
        },
    ))
}
