//! Who is signed in: the session holds a person's id and the `auth_epoch`
//! they signed in under; a password change bumps the epoch and so ends every
//! other session of that person.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::people::{self, Person};
use crate::error::AppError;

const PERSON_KEY: &str = "person";
const FLASH_KEY: &str = "flash";

#[derive(Serialize, Deserialize)]
struct SessionPerson {
    id: i64,
    epoch: i64,
}

/// The session store keeps only the text of a database error; a failing
/// backend is almost always a database out of reach, so it is answered as
/// such (503, try again) rather than as a fault of ours.
pub(crate) fn session_error(err: tower_sessions::session::Error) -> AppError {
    use tower_sessions::session::Error;
    use tower_sessions::session_store::Error as StoreError;
    match err {
        Error::Store(StoreError::Backend(_)) => AppError::Unavailable(anyhow::anyhow!("session store: {err}")),
        other => AppError::Internal(anyhow::anyhow!("session store: {other}")),
    }
}

async fn session(parts: &mut Parts, state: &AppState) -> Result<Session, AppError> {
    Session::from_request_parts(parts, state)
        .await
        .map_err(|(_, msg)| AppError::Internal(anyhow::anyhow!("session layer missing: {msg}")))
}

/// The signed-in person, if any.
#[derive(Clone, Debug)]
pub struct Viewer(pub Option<Person>);

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(viewer) = parts.extensions.get::<Viewer>() {
            return Ok(viewer.clone());
        }
        let session = session(parts, state).await?;
        let stored: Option<SessionPerson> = session.get(PERSON_KEY).await.map_err(session_error)?;
        let person = match stored {
            None => None,
            Some(s) => match people::by_id(&state.db, s.id).await? {
                Some(p) if p.auth_epoch == s.epoch => Some(p),
                _ => {
                    session.flush().await.map_err(session_error)?;
                    None
                }
            },
        };
        let viewer = Viewer(person);
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}

/// A signed-in person; anyone else is sent to the sign-in page and back.
pub struct SignedIn(pub Person);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        match Viewer::from_request_parts(parts, state).await?.0 {
            Some(person) => Ok(SignedIn(person)),
            None => {
                let next = parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
                Err(AppError::SignInRequired { next })
            }
        }
    }
}

/// Starts a signed-in session for `person` with a new session id (so an id
/// planted before sign-in is worth nothing).
pub async fn sign_in(session: &Session, person: &Person) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session.insert(PERSON_KEY, SessionPerson { id: person.id, epoch: person.auth_epoch }).await.map_err(session_error)
}

/// Ends the session.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

/// A one-off message shown on the next page (after a redirect).
pub struct Flash;

impl Flash {
    pub async fn set(session: &Session, message: impl Into<String>) -> Result<(), AppError> {
        session.insert(FLASH_KEY, message.into()).await.map_err(session_error)
    }

    pub async fn take(parts: &mut Parts, state: &AppState) -> Result<Option<String>, AppError> {
        let session = session(parts, state).await?;
        session.remove::<String>(FLASH_KEY).await.map_err(session_error)
    }
}
