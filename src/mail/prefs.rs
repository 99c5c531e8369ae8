//! What each person wants by email, set on their account page: an alert
//! when someone signs in from a new browser (off unless asked for), and
//! reminders (on unless turned off, here or by an email's link), and the
//! language letters are written in.

use crate::storage::BeginWrite;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::wording::Tongue;
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::storage::{Db, now};
use crate::web::forms::Form;
use crate::{audit, on_db};

/// A person's mail preferences, as the account page shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    /// Mail is set up on this server.
    pub on: bool,
    pub new_device: bool,
    pub reminders: bool,
    pub language: Tongue,
}

impl Prefs {
    /// The languages to choose from: (code, name, chosen).
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        Tongue::ALL.iter().map(|t| (t.code(), t.name(), *t == self.language)).collect()
    }

    fn describe(self) -> String {
        let word = |b: bool| if b { "on" } else { "off" };
        format!(
            "new-device alerts: {}; reminders: {}; language: {}",
            word(self.new_device),
            word(self.reminders),
            self.language.name()
        )
    }
}

/// The preferences of `person_id` (the defaults when never set).
pub async fn of(db: &Db, on: bool, person_id: i64) -> sqlx::Result<Prefs> {
    let sql = "SELECT new_device, reminders, language FROM mail_preferences WHERE person_id = $1";
    let row: Option<(i64, i64, String)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(person_id).fetch_optional(pool).await)?;
    Ok(match row {
        Some((d, r, language)) => {
            Prefs { on, new_device: d != 0, reminders: r != 0, language: Tongue::stored(&language) }
        }
        None => Prefs { on, new_device: false, reminders: true, language: Tongue::English },
    })
}

/// The language `person_id`'s letters are written in.
pub async fn tongue_of(db: &Db, person_id: i64) -> sqlx::Result<Tongue> {
    Ok(of(db, true, person_id).await?.language)
}

#[derive(Deserialize)]
pub struct PrefsForm {
    #[serde(default)]
    new_device: Option<String>,
    #[serde(default)]
    reminders: Option<String>,
    #[serde(default)]
    language: String,
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(person): SignedIn,
    session: Session,
    Form(form): Form<PrefsForm>,
) -> Result<Response, AppError> {
    let before = of(&state.db, state.mail.is_on(), person.id).await?;
    // A form from before the choice existed leaves the language as it was.
    let language = if form.language.is_empty() {
        before.language
    } else {
        Tongue::parse(&form.language).ok_or_else(|| {
            AppError::BadRequest("Choose English or Cymraeg (Welsh) for the language of your emails.".to_owned())
        })?
    };
    let after =
        Prefs { new_device: form.new_device.is_some(), reminders: form.reminders.is_some(), language, ..before };
    if after != before {
        let sql = "INSERT INTO mail_preferences (person_id, new_device, reminders, language, updated_at) \
                   VALUES ($1, $2, $3, $4, $5) \
                   ON CONFLICT (person_id) DO UPDATE SET new_device = $2, reminders = $3, language = $4, updated_at = $5";
        on_db!(&state.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(sql).bind(person.id).bind(i64::from(after.new_device)).bind(i64::from(after.reminders))
                .bind(after.language.code()).bind(now()).execute(&mut *tx).await?;
            audit!(&mut *tx, Event {
                org_id: None, person_id: Some(person.id), action: "mail.preferences",
                summary: "Changed what they get by email".to_owned(),
                before: Some(before.describe()), after: Some(after.describe()),
            })?;
            tx.commit().await?;
        });
    }
    Flash::set(&session, "Your email choices are saved.").await?;
    Ok(Redirect::to("/account#mail").into_response())
}
