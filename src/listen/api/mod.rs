//! Listening through the JSON API, `/api/v1/orgs/{slug}/feedback`: the
//! organisation's editors and owners list, read and move items on with a
//! token ([`read`], [`write`]) and tag and link them ([`labels`]), by the
//! same checks as the inbox pages; and
//! anyone sends feedback without one ([`submit`]), by the same checks and
//! per-address limit as the form (the form's honeypot and minimum fill time
//! are for browsers and do not apply here).

pub mod labels;
pub mod read;
pub mod submit;
pub mod write;

use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::listen::inbox::store::{Item, Line};
use crate::listen::inbox::tags::Labels;

#[derive(OpenApi)]
#[openapi(
    paths(
        read::list,
        read::show,
        write::move_on,
        labels::add_tag,
        labels::remove_tag,
        labels::put_links,
        submit::submit
    ),
    components(schemas(
        FeedbackLine,
        FeedbackObjective,
        FeedbackPage,
        FeedbackItem,
        NoteBody,
        write::StateChange,
        labels::TagInput,
        labels::LinksInput,
        submit::FeedbackInput,
        submit::FeedbackSent
    ))
)]
pub struct FeedbackDoc;

/// One item in a list: never the text or the contact details.
#[derive(Serialize, ToSchema)]
pub struct FeedbackLine {
    /// The item's reference, e.g. `FB-2026-00042`.
    pub reference: String,
    /// feedback, idea or compliment.
    pub kind: String,
    /// '' when not given.
    pub service: String,
    /// '' when not given.
    pub neighbourhood: String,
    /// new, acknowledged, with_service, responded, closed or not_for_us.
    pub state: String,
    #[schema(format = DateTime)]
    pub received_at: String,
    /// The day it should be acknowledged by (the organisation's zone).
    #[schema(format = Date)]
    pub acknowledge_by: String,
    /// The day it should be answered by.
    #[schema(format = Date)]
    pub respond_by: String,
    /// Still new after its acknowledge-by day.
    pub acknowledge_overdue: bool,
    /// Still unanswered after its respond-by day.
    pub respond_overdue: bool,
    /// Either of the two.
    pub overdue: bool,
    pub assignee: Option<String>,
    /// The sender left contact details (read the item for them).
    pub has_contact: bool,
    /// The organisation's tags on it, by name.
    pub tags: Vec<String>,
    /// The keys of the values it concerns.
    pub values: Vec<String>,
    /// The strategy objectives it concerns.
    pub objectives: Vec<FeedbackObjective>,
}

/// A strategy objective an item concerns.
#[derive(Serialize, ToSchema)]
pub struct FeedbackObjective {
    pub id: i64,
    pub title: String,
    /// The financial year, e.g. `2026-27`.
    pub year: String,
}

impl FeedbackLine {
    fn from_line(l: &Line, labels: Labels, today: &str) -> FeedbackLine {
        use crate::listen::inbox::states::State;
        FeedbackLine {
            reference: l.reference.clone(),
            kind: l.kind.as_str().to_owned(),
            service: l.service.clone(),
            neighbourhood: l.neighbourhood.clone(),
            state: l.state.as_str().to_owned(),
            received_at: crate::web::spreadsheet::time(l.created_at),
            acknowledge_by: l.acknowledge_by.clone(),
            respond_by: l.respond_by.clone(),
            acknowledge_overdue: l.state == State::New && l.acknowledge_by.as_str() < today,
            respond_overdue: l.state.awaits_answer() && l.respond_by.as_str() < today,
            overdue: l.overdue,
            assignee: l.assignee.clone(),
            has_contact: l.has_contact,
            tags: labels.tags.into_iter().map(|t| t.name).collect(),
            values: labels.values,
            objectives: labels
                .objectives
                .into_iter()
                .map(|o| FeedbackObjective { id: o.id, title: o.title, year: o.year })
                .collect(),
        }
    }
}

/// A page of the list, newest first.
#[derive(Serialize, ToSchema)]
pub struct FeedbackPage {
    pub items: Vec<FeedbackLine>,
    /// Pass as `before` for the next page; null on the last.
    pub next_before: Option<i64>,
}

/// An internal note.
#[derive(Serialize, ToSchema)]
pub struct NoteBody {
    /// Null when its writer has left.
    pub author: Option<String>,
    pub body: String,
    #[schema(format = DateTime)]
    pub written_at: String,
}

/// One item with everything the inbox's item page shows.
#[derive(Serialize, ToSchema)]
pub struct FeedbackItem {
    #[serde(flatten)]
    pub line: FeedbackLine,
    pub body: String,
    /// Personal data noticed in the text, to redact before publishing.
    pub personal_data: Vec<String>,
    /// The email address or phone number the sender chose to leave.
    pub contact: Option<String>,
    /// Who can help instead, for an item not for us.
    pub signpost: String,
    pub reply: String,
    /// The reply shows on the sender's status page.
    pub reply_published: bool,
    /// When the reply was sent to the sender by email; null when it was not.
    #[schema(format = DateTime)]
    pub reply_emailed_at: Option<String>,
    /// The code of the language the sender wrote in (`en`, `cy` …).
    pub language: String,
    pub notes: Vec<NoteBody>,
}

impl FeedbackItem {
    fn from_item(
        item: Item,
        notes: Vec<crate::listen::inbox::store::Note>,
        labels: Labels,
        today: &str,
    ) -> FeedbackItem {
        FeedbackItem {
            line: FeedbackLine::from_line(&item.line, labels, today),
            personal_data: item.line.flags.iter().map(|f| f.label().to_owned()).collect(),
            body: item.body,
            contact: item.contact,
            signpost: item.signpost,
            reply: item.reply,
            reply_published: item.reply_published,
            reply_emailed_at: item.reply_mailed_at.map(crate::web::spreadsheet::time),
            language: item.language,
            notes: notes
                .into_iter()
                .map(|n| NoteBody {
                    author: n.author,
                    body: n.body,
                    written_at: crate::web::spreadsheet::time(n.created_at),
                })
                .collect(),
        }
    }
}
