//! Reminders: a consultation closing within three days is announced once to
//! each of its organisation's owners and editors who have not turned
//! reminders off. Every reminder carries a signed one-click unsubscribe link
//! (`List-Unsubscribe`, RFC 8058), which works without signing in.

use crate::storage::BeginWrite;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::Mail;
use super::letters::{self, Closing};
use super::wording::Tongue;
use crate::app::AppState;
use crate::audit::Event;
use crate::error::AppError;
use crate::storage::{Db, now};
use crate::web::{Layout, PageContext, no_store, render};
use crate::{audit, on_db};

/// How long before closing the reminder goes.
pub const AHEAD_SECS: i64 = 3 * 24 * 3600;

#[derive(sqlx::FromRow)]
struct ClosingRow {
    id: i64,
    title: String,
    closes_at: i64,
    org_id: i64,
    org_name: String,
    org_slug: String,
    responses: i64,
}

#[derive(sqlx::FromRow)]
struct Editor {
    id: i64,
    name: String,
    email: String,
    language: String,
}

/// Queues a reminder for every consultation closing within three days, to
/// each owner and editor who has not had one for it; returns how many.
pub async fn queue_closing_soon(db: &Db, mail: &Mail) -> sqlx::Result<u64> {
    if !mail.is_on() {
        return Ok(0);
    }
    let at = now();
    let sql = "SELECT c.id, c.title, c.closes_at, o.id AS org_id, o.name AS org_name, o.slug AS org_slug, \
               (SELECT COUNT(*) FROM consultation_responses r WHERE r.consultation_id = c.id) AS responses \
               FROM consultations c JOIN organisations o ON o.id = c.org_id \
               WHERE c.published_at IS NOT NULL AND c.closed_at IS NULL AND c.closes_at > $1 AND c.closes_at <= $2";
    let closing: Vec<ClosingRow> =
        on_db!(db, pool => sqlx::query_as(sql).bind(at).bind(at + AHEAD_SECS).fetch_all(pool).await)?;
    let mut queued = 0;
    for c in closing {
        let people = "SELECT p.id, p.name, p.email, COALESCE(mp.language, 'en') AS language FROM memberships m JOIN people p ON p.id = m.person_id \
                      LEFT JOIN mail_preferences mp ON mp.person_id = p.id \
                      WHERE m.org_id = $1 AND m.role IN ('owner', 'editor') AND COALESCE(mp.reminders, 1) = 1 \
                      AND NOT EXISTS (SELECT 1 FROM mail_outbox x WHERE x.once_key = $2 || CAST(p.id AS TEXT))";
        let once_prefix = format!("closing_soon:{}:", c.id);
        let editors: Vec<Editor> =
            on_db!(db, pool => sqlx::query_as(people).bind(c.org_id).bind(&once_prefix).fetch_all(pool).await)?;
        if editors.is_empty() {
            continue;
        }
        let results_url = format!("{}/o/{}/consultations/{}", mail.public_url(), c.org_slug, c.id);
        let about = Closing {
            org_id: c.org_id,
            org_name: &c.org_name,
            consultation_id: c.id,
            title: &c.title,
            closes_at: c.closes_at,
            responses: c.responses,
            results_url: &results_url,
        };
        let messages: Vec<_> = editors
            .iter()
            .map(|e| {
                let tongue = Tongue::stored(&e.language);
                let to = letters::To { person_id: e.id, name: &e.name, email: &e.email, tongue };
                letters::closing_soon(&about, to, &unsubscribe_url(mail, e.id))
            })
            .collect();
        queued += on_db!(db, pool => {
            let mut tx = pool.begin_write().await?;
            let n = mail.queue_many(&mut *tx, &messages).await?;
            tx.commit().await?;
            n
        });
    }
    if queued > 0 {
        mail.wake();
    }
    Ok(queued)
}

type HmacSha256 = Hmac<Sha256>;

fn signature(mail: &Mail, person_id: i64) -> String {
    // Any key length is accepted by HMAC.
    let mut mac = HmacSha256::new_from_slice(mail.link_key()).unwrap_or_else(|_| unreachable!());
    mac.update(format!("reminders-off:{person_id}").as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// The one-click link that turns `person_id`'s reminders off.
pub fn unsubscribe_url(mail: &Mail, person_id: i64) -> String {
    format!("{}/mail/reminders/off/{person_id}.{}", mail.public_url(), signature(mail, person_id))
}

/// The person a link was signed for, if its signature holds.
fn verify(mail: &Mail, token: &str) -> Option<i64> {
    let (id, sig) = token.split_once('.')?;
    let id: i64 = id.parse().ok()?;
    let expected = signature(mail, id);
    // Constant time, as for any secret comparison.
    let same = expected.len() == sig.len() && expected.bytes().zip(sig.bytes()).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0;
    same.then_some(id)
}

#[derive(Template)]
#[template(path = "mail/unsubscribe.html")]
struct UnsubscribePage {
    layout: Layout,
    email: String,
    done: bool,
    action: String,
}

async fn person_of(state: &AppState, token: &str) -> Result<crate::auth::people::Person, AppError> {
    let id = verify(&state.mail, token).ok_or(AppError::NotFound)?;
    crate::auth::people::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// The page the link opens: a button to confirm (a link opened by a mail
/// scanner changes nothing).
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let person = person_of(&state, &token).await?;
    let page = UnsubscribePage {
        layout: ctx.layout("Stop reminders"),
        email: person.email,
        done: false,
        action: format!("/mail/reminders/off/{token}"),
    };
    Ok(no_store(render(&page)?))
}

/// Turns reminders off: the page's button, or a mail client's one-click
/// POST (which carries no form token: the signed link is the proof).
pub async fn unsubscribe(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let person = person_of(&state, &token).await?;
    let sql = "INSERT INTO mail_preferences (person_id, new_device, reminders, updated_at) VALUES ($1, 0, 0, $2) \
               ON CONFLICT (person_id) DO UPDATE SET reminders = 0, updated_at = $2";
    on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(person.id).bind(now()).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: None, person_id: Some(person.id), action: "mail.preferences",
            summary: "Turned reminders off from an email's link".to_owned(),
            before: None, after: Some("reminders: off".to_owned()),
        })?;
        tx.commit().await?;
    });
    let page = UnsubscribePage {
        layout: ctx.layout("Reminders are off"),
        email: person.email,
        done: true,
        action: String::new(),
    };
    Ok(no_store(render(&page)?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_signature_made_for_a_person_verifies() {
        let mail = super::Mail::for_tests(b"a key for signing the links here");
        let url = super::unsubscribe_url(&mail, 42);
        let token = url.rsplit('/').next().unwrap();
        assert_eq!(super::verify(&mail, token), Some(42));
        let forged = token.replacen("42.", "43.", 1);
        assert_eq!(super::verify(&mail, &forged), None);
        assert_eq!(super::verify(&mail, "42"), None);
        assert_eq!(super::verify(&mail, "x.y"), None);
    }
}
