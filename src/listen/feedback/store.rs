//! Feedback in the database as the public sees it: storing a checked item
//! with its reference, clock and status token in one transaction, and
//! reading one item back by its status token (never by anything guessable).

use jiff::civil::Date;

use super::intake::{self, NewFeedback};
use super::personal_data::{self, Found};
use super::reference;
use crate::error::AppError;
use crate::listen::inbox::states::State;
use crate::listen::settings::Settings;
use crate::on_db;
use crate::storage::Db;

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
    /// The code of the language it was written in (`en`, `cy` …).
    pub language: &'static str,
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

/// Stores `item` for the organisation at once, arriving `today` (its
/// zone's date), with the hash of its status token; its number comes from
/// the organisation's sequence for the year, its due dates from
/// `settings`. For the demo and tests: a sender's item goes through the
/// batching writer ([`super::intake::submit`]).
pub async fn insert(
    db: &Db,
    org_id: i64,
    today: Date,
    settings: &Settings,
    item: &NewItem,
    token_hash: &str,
) -> Result<Stored, AppError> {
    let row = NewFeedback::new(org_id, today, settings, item, token_hash.to_owned());
    let year = row.year;
    let number = intake::write_alone(db, row).await?;
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
    /// The code of the language it was written in.
    pub language: String,
}

/// The item of the organisation whose status token hashes to `token_hash`
/// (the sender's own, or the one in a reply sent by email).
pub async fn by_token(db: &Db, org_id: i64, token_hash: &str) -> Result<Option<Status>, AppError> {
    type Row = (i64, i64, String, String, String, String, String, bool, i64, i64, bool, String, String);
    let sql = "SELECT year, number, kind, service, state, signpost, reply, reply_published, created_at, updated_at, \
               contact IS NOT NULL, personal_data, language FROM feedback WHERE org_id = $1 \
               AND (status_token_hash = $2 OR mail_token_hash = $2)";
    let row: Option<Row> =
        on_db!(db, pool => sqlx::query_as(sql).bind(org_id).bind(token_hash).fetch_optional(pool).await)?;
    Ok(row.map(
        |(
            year,
            number,
            kind,
            service,
            state,
            signpost,
            reply,
            published,
            created_at,
            updated_at,
            kept,
            flags,
            language,
        )| {
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
                language,
            }
        },
    ))
}
