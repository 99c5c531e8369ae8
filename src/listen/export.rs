//! The inbox as an anonymised CSV, for editors to count and chart feedback
//! elsewhere or to share beyond the team: every item with its reference,
//! kind, service, neighbourhood, state and dates, and its text and
//! published reply with email addresses and long numbers taken out (see
//! [`personal_data::redacted`]). Never in it: contact details, who it is
//! assigned to, internal notes, the private status link.

use axum::extract::{Query, State};
use axum::response::Response;

use super::feedback::personal_data;
use super::feedback::reference;
use super::inbox::states::State as ItemState;
use crate::app::AppState;
use crate::error::AppError;
use crate::on_db;
use crate::orgs::access::OrgEditor;
use crate::web::spreadsheet::{self, CsvQuery};

/// The columns, in order.
const HEADER: [&str; 13] = [
    "reference",
    "kind",
    "service",
    "neighbourhood",
    "state",
    "received_at",
    "acknowledge_by",
    "respond_by",
    "acknowledged_at",
    "responded_at",
    "closed_at",
    "text",
    "published_reply",
];

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    String,
    String,
    bool,
);

/// `GET /o/{slug}/feedback/inbox.csv`: editors and owners.
pub async fn csv(
    State(state): State<AppState>,
    editor: OrgEditor,
    Query(query): Query<CsvQuery>,
) -> Result<Response, AppError> {
    let sql = "SELECT year, number, kind, service, neighbourhood, state, created_at, acknowledge_by, respond_by, \
               acknowledged_at, responded_at, closed_at, body, reply, reply_published \
               FROM feedback WHERE org_id = $1 ORDER BY year, number";
    let rows: Vec<Row> = on_db!(&state.db, pool => sqlx::query_as(sql).bind(editor.org.id).fetch_all(pool).await)?;
    let optional_time = |t: Option<i64>| t.map(spreadsheet::time).unwrap_or_default();
    let mut sheet = spreadsheet::Sheet::new();
    sheet.record(HEADER)?;
    for (
        year,
        number,
        kind,
        service,
        neighbourhood,
        item_state,
        received,
        ack_by,
        respond_by,
        acked,
        responded,
        closed,
        body,
        reply,
        published,
    ) in rows
    {
        let item_state = ItemState::parse(&item_state).map_or(item_state.clone(), |s| s.label().to_owned());
        sheet.record([
            reference::format(year, number),
            kind,
            service,
            neighbourhood,
            item_state,
            spreadsheet::time(received),
            ack_by,
            respond_by,
            optional_time(acked),
            optional_time(responded),
            optional_time(closed),
            personal_data::redacted(&body),
            if published { personal_data::redacted(&reply) } else { String::new() },
        ])?;
    }
    let bytes = sheet.into_bytes()?;
    let body = if query.bom() { [spreadsheet::BOM, bytes.as_slice()].concat() } else { bytes };
    Ok(spreadsheet::download(&format!("{}-feedback.csv", editor.org.slug), body))
}
