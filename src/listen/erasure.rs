//! Erasing one person's contact details on request, before their retention
//! period is up: an owner enters the email address or phone number the
//! person gave, and every feedback item of the organisation holding it
//! (however it was written: case, spaces, +44) loses it at once. The
//! audit log records that a request was carried out and how many items it
//! touched — never the details themselves, which would defeat it. Replies
//! emailed to that address leave the mail outbox with them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::feedback::personal_data::contact_key;
use super::settings::{self, Fields};
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgOwner;
use crate::storage::{BeginWrite, Db, now};
use crate::web::forms::{Form, FormErrors};
use crate::web::{PageContext, no_store, render_with_status};
use crate::{audit, on_db};

/// The organisation's replies to senders in the mail outbox: (id, address).
const LETTERS: &str = "SELECT id, to_address FROM mail_outbox WHERE org_id = $1 AND kind = 'feedback_reply'";

/// Deletes the contact details equal to `key` (see [`contact_key`]) from
/// the organisation's feedback, with one audit line; returns how many
/// items held them.
pub async fn erase(db: &Db, org_id: i64, by: i64, key: &str) -> Result<usize, AppError> {
    let held = "SELECT id, contact FROM feedback WHERE org_id = $1 AND contact IS NOT NULL";
    let clear = "UPDATE feedback SET contact = NULL, updated_at = $3 WHERE org_id = $1 AND id = $2";
    let erased = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let rows: Vec<(i64, String)> = sqlx::query_as(held).bind(org_id).fetch_all(&mut *tx).await?;
        let matching: Vec<i64> =
            rows.into_iter().filter(|(_, c)| contact_key(c).as_deref() == Some(key)).map(|(id, _)| id).collect();
        for id in &matching {
            sqlx::query(clear).bind(org_id).bind(id).bind(now()).execute(&mut *tx).await?;
        }
        // Replies emailed to the person keep their address in the outbox:
        // those go too (one not yet sent is then never sent).
        let letters: Vec<(i64, String)> = sqlx::query_as(LETTERS).bind(org_id).fetch_all(&mut *tx).await?;
        for (id, _) in letters.iter().filter(|(_, to)| contact_key(to).as_deref() == Some(key)) {
            sqlx::query("DELETE FROM mail_outbox WHERE id = $1").bind(id).execute(&mut *tx).await?;
        }
        let summary = match matching.len() {
            0 => "Carried out a request to erase one person's contact details: no feedback item held them".to_owned(),
            1 => "Erased one person's contact details from 1 feedback item on request".to_owned(),
            n => format!("Erased one person's contact details from {n} feedback items on request"),
        };
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(by), action: "feedback.contact_erased",
            summary, before: None, after: None,
        })?;
        tx.commit().await?;
        matching.len()
    });
    Ok(erased)
}

/// `POST /o/{slug}/feedback/settings/erase` (owners).
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    owner: OrgOwner,
    session: Session,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let typed = fields.get("erase_contact").map_or("", |t| t.trim());
    let Some(key) = contact_key(typed) else {
        let mut errors = FormErrors::new();
        let message = if typed.is_empty() {
            "Enter the email address or phone number the person gave"
        } else {
            "Enter an email address like name@example.com or a UK phone number like 07700 900123"
        };
        errors.add("erase_contact", message);
        let s = settings::load(&state.db, owner.org.id).await?;
        let page = settings::page(&ctx, owner.org, true, &s, errors, &fields);
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    };
    let message = match erase(&state.db, owner.org.id, owner.person.id, &key).await? {
        0 => "No feedback holds those contact details, so there was nothing to delete. The audit log records that you checked.".to_owned(),
        1 => "Deleted those contact details from 1 feedback item. The audit log records that you did, without the details.".to_owned(),
        n => format!("Deleted those contact details from {n} feedback items. The audit log records that you did, without the details."),
    };
    Flash::set(&session, message).await?;
    Ok(Redirect::to(&format!("/o/{}/feedback/settings", owner.org.slug)).into_response())
}
