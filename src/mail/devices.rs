//! Sign-ins from a new device. Each browser that signs in gets a random id
//! in a long-lived cookie; the database keeps only its hash, per person.
//! When a person who asked for alerts signs in from a browser not seen for
//! them before, a message goes to them, queued with the device's record.

use crate::storage::BeginWrite;
use axum::http::{HeaderMap, HeaderValue, header};

use super::letters;
use crate::app::AppState;
use crate::auth::people::Person;
use crate::auth::secrets::{new_token, token_hash};
use crate::error::AppError;
use crate::on_db;
use crate::storage::now;

const COOKIE: &str = "ethos_device";
/// About thirteen months, the longest browsers keep a cookie.
const KEEP_SECS: i64 = 400 * 24 * 3600;

fn device_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| v.len() == 43 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

/// What a browser says it is, cut short (it is the sender's own text).
fn browser(headers: &HeaderMap) -> String {
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    agent.chars().filter(|c| !c.is_control()).take(160).collect()
}

/// Records the browser `person` has just signed in from, and queues an
/// alert if it is new to them and they asked for alerts. Returns the cookie
/// to set when the browser had no device id yet.
pub async fn signed_in(
    state: &AppState,
    person: &Person,
    headers: &HeaderMap,
) -> Result<Option<HeaderValue>, AppError> {
    let existing = device_cookie(headers);
    let fresh = existing.is_none();
    let device = existing.unwrap_or_else(new_token);
    let hash = token_hash(&device);
    let prefs = super::prefs::of(&state.db, state.mail.is_on(), person.id).await?;
    let at = now();
    let seen = "UPDATE known_devices SET last_seen_at = $1 WHERE person_id = $2 AND device_hash = $3";
    let record = "INSERT INTO known_devices (person_id, device_hash, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $3) \
                  ON CONFLICT (person_id, device_hash) DO NOTHING";
    let alert = prefs.new_device.then(|| {
        let account = format!("{}/account", state.mail.public_url());
        let to = letters::To { person_id: person.id, name: &person.name, email: &person.email, tongue: prefs.language };
        letters::new_device(to, at, &browser(headers), &account)
    });
    let queued = on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        let known = sqlx::query(seen).bind(at).bind(person.id).bind(&hash).execute(&mut *tx).await?.rows_affected() > 0;
        let mut queued = false;
        if !known {
            let new = sqlx::query(record).bind(person.id).bind(&hash).bind(at).execute(&mut *tx).await?.rows_affected() > 0;
            if let (true, Some(alert)) = (new, &alert) {
                queued = state.mail.queue(&mut *tx, alert).await?;
            }
        }
        tx.commit().await?;
        queued
    });
    if queued {
        state.mail.wake();
    }
    if !fresh {
        return Ok(None);
    }
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let cookie = format!("{COOKIE}={device}; Path=/; Max-Age={KEEP_SECS}; HttpOnly; SameSite=Lax{secure}");
    Ok(HeaderValue::from_str(&cookie).ok())
}
