//! Running a consultation: the list, creating one, its settings, the
//! question builder, milestones, publishing and closing. Editors and owners
//! change things; Board members and staff read. Every change is audited.
//!
//! `settings` holds the list and the settings form, `manage` the page that
//! runs one consultation, `questions` the question list, `words` a
//! question's edit page (with `word_changes`, what a keep/remove question
//! may change once answered); the helpers here
//! (finding the organisation and consultation, times) are shared with the
//! rest of the area.

mod manage;
mod questions;
mod settings;
pub mod word_changes;
mod words;

use tower_sessions::Session;

pub use manage::{manage, recommendations_refused};
pub use questions::{add_question, arrange_question};
pub use settings::{create, list, settings};
pub use words::{change_words, edit_question};

use super::model::{Consultation, Question, Source, Status};
use super::store;
use crate::app::AppState;
use crate::auth::people::Person;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::{self, Need, Role};
use crate::orgs::model::{self, Org};

/// Loads the organisation and checks the person's role meets `need`.
pub async fn org_for(state: &AppState, slug: &str, me: &Person, need: Need) -> Result<(Org, Role), AppError> {
    let org = model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    // Someone outside the organisation learns nothing, not even that it has consultations.
    let role = access::role_of(&state.db, org.id, me.id).await?.ok_or(AppError::NotFound)?;
    access::require(&state.db, &org, me, need).await?;
    Ok((org, role))
}

/// The consultation `id` of `org`; not found when it belongs to another.
pub async fn consultation(state: &AppState, org: &Org, id: i64) -> Result<Consultation, AppError> {
    store::in_org(&state.db, org.id, id).await?.ok_or(AppError::NotFound)
}

/// The consultation `id` of `org` while its questions may still change:
/// refused (409) once it has closed.
pub async fn changeable(state: &AppState, org: &Org, id: i64) -> Result<Consultation, AppError> {
    let c = consultation(state, org, id).await?;
    if c.status() == Status::Closed {
        return Err(AppError::Conflict("The consultation has closed; its questions can no longer change.".to_owned()));
    }
    Ok(c)
}

/// Where editors run the consultation.
pub fn manage_url(org: &Org, id: i64) -> String {
    format!("/o/{}/consultations/{id}", org.slug)
}

/// A date and time typed as "YYYY-MM-DDTHH:MM" (UTC), as Unix seconds.
pub fn parse_time(value: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let value = value.trim();
    let value = value.get(..16).unwrap_or(value);
    time::PrimitiveDateTime::parse(value, &format).ok().map(|t| t.assume_utc().unix_timestamp())
}

/// Unix seconds as the value of a datetime-local input.
pub fn input_time(seconds: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp(seconds).ok().and_then(|t| t.format(&format).ok()).unwrap_or_default()
}

/// Used by the list template.
pub fn source_label(source: Source) -> &'static str {
    match source {
        Source::Values => "the values",
        Source::Vision => "the vision",
        Source::Mission => "the mission",
        Source::Pasted => "a pasted text",
    }
}

/// Saves the questions and says so, or explains that someone else saved first.
async fn save(
    state: &AppState,
    session: &Session,
    c: &Consultation,
    list: &[Question],
    by: i64,
    what: &str,
) -> Result<(), AppError> {
    if store::save_questions(&state.db, c, list, by, what).await? {
        Flash::set(session, format!("{what}.")).await
    } else {
        Err(AppError::Conflict(
            "Someone else changed the questions at the same time. Go back and reload the page; nothing was changed."
                .to_owned(),
        ))
    }
}
