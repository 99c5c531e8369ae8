//! Reminders that a return is due. In the app: the local campaign page and
//! the organisation's campaign list tell its editors and owners "your
//! return is due by …" (or that it is overdue) until it is sent. By mail,
//! where mail is set up: the national body's editors press "send
//! reminders", which queues one letter to each owner and editor (who has
//! not turned reminders off) of every organisation that has not sent its
//! return — never twice on the same day.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::{ReturnStatus, store};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::NationalEditor;
use crate::campaigns::model::{Campaign, long_day};
use crate::error::AppError;
use crate::mail::letters::Letter;
use crate::mail::reminders::unsubscribe_url;
use crate::on_db;
use crate::orgs::model::Org;
use crate::storage::BeginWrite;
use crate::web::forms::Form;

/// When a return that has not been sent is due.
#[derive(Clone, Debug)]
pub struct Due {
    /// "Friday 30 October 2026".
    pub date: String,
    pub overdue: bool,
}

impl Due {
    /// The sentence the pages show.
    pub fn sentence(&self) -> String {
        if self.overdue {
            format!("Your return was due by {} and is overdue.", self.date)
        } else {
            format!("Your return is due by {}.", self.date)
        }
    }
}

/// When `org`'s return is due, if the campaign has a deadline and the
/// return has not been sent.
pub async fn due(state: &AppState, c: &Campaign, org: &Org, status: ReturnStatus) -> Result<Option<Due>, AppError> {
    if status.sent() {
        return Ok(None);
    }
    let Some(date) = store::deadline(c, store::due_days(&state.db, c.id).await?) else { return Ok(None) };
    let today = org.today();
    Ok(Some(Due { date: long_day(date), overdue: today > date }))
}

/// The reminder for an organisation taking part, when its return is not
/// sent (for the campaign page and the campaign list).
pub async fn notice(state: &AppState, c: &Campaign, org: &Org) -> Result<Option<Due>, AppError> {
    if c.org_id == org.id {
        return Ok(None);
    }
    let sql = "SELECT status FROM campaign_returns WHERE campaign_id = $1 AND org_id = $2";
    let status: Option<String> =
        on_db!(&state.db, pool => sqlx::query_scalar(sql).bind(c.id).bind(org.id).fetch_optional(pool).await)?;
    due(state, c, org, status.as_deref().map_or(ReturnStatus::Draft, ReturnStatus::parse)).await
}

#[derive(sqlx::FromRow)]
struct Person {
    id: i64,
    name: String,
    email: String,
}

/// Queues the reminders; says how many went.
pub async fn send(
    State(state): State<AppState>,
    session: Session,
    e: NationalEditor,
    Form(_): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let back = format!("/o/{}/campaigns/{}/returns", e.org.slug, e.campaign.slug);
    if !state.mail.is_on() {
        Flash::set(
            &session,
            "Mail is not set up on this Ethos, so no reminders were sent. Organisations still see \
                              the deadline on their campaign pages.",
        )
        .await?;
        return Ok(Redirect::to(&back).into_response());
    }
    let days = store::due_days(&state.db, e.campaign.id).await?;
    let deadline = store::deadline(&e.campaign, days).map(long_day);
    let today = e.org.today();
    let mut messages = Vec::new();
    for r in store::load(&state.db, &e.campaign, None).await?.into_iter().filter(|r| !r.status.sent()) {
        let sql = "SELECT p.id, p.name, p.email FROM memberships m JOIN people p ON p.id = m.person_id \
                   LEFT JOIN mail_preferences mp ON mp.person_id = p.id \
                   WHERE m.org_id = $1 AND m.role IN ('owner', 'editor') AND COALESCE(mp.reminders, 1) = 1 ORDER BY p.id";
        let people: Vec<Person> = on_db!(&state.db, pool => sqlx::query_as(sql).bind(r.org_id).fetch_all(pool).await)?;
        let url = format!("{}/o/{}/campaigns/{}/return", state.mail.public_url(), r.org_slug, e.campaign.slug);
        for p in people {
            let mut letter = Letter::new(&e.org.name, format!("Hello {},", p.name));
            letter.paragraphs.push(match &deadline {
                Some(date) => format!("{}'s return for {} is due by {date}.", r.org_name, e.campaign.name),
                None => format!("{} is waiting for {}'s return for {}.", e.org.name, r.org_name, e.campaign.name),
            });
            letter.paragraphs.push(
                "Most figures are already filled in from the events and pledges you logged: check them, add your \
                 social media figures and a highlight story, and ask an owner to sign the return off."
                    .to_owned(),
            );
            if r.status == ReturnStatus::Returned {
                letter.paragraphs.push(format!("{} sent it back with a comment: {}", e.org.name, r.comment));
            }
            letter.action = Some(("Open the return".to_owned(), url.clone()));
            letter.footer.push(format!("You get this as an owner or editor of {} on Ethos.", r.org_name));
            letter.unsubscribe = Some(unsubscribe_url(&state.mail, p.id));
            let subject = format!("{} return due", e.campaign.name);
            let mut m = letter.to_outgoing("campaign_return", &p.email, &subject);
            m.org_id = Some(r.org_id);
            m.person_id = Some(p.id);
            m.once_key = Some(format!("campaign_return:{}:{}:{}:{today}", e.campaign.id, r.org_id, p.id));
            messages.push(m);
        }
    }
    let queued = on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        let n = state.mail.queue_many(&mut *tx, &messages).await?;
        crate::audit!(&mut *tx, crate::audit::Event {
            org_id: Some(e.org.id), person_id: Some(e.person.id), action: "campaign.returns.remind",
            summary: format!("Sent {n} reminders for {} returns", e.campaign.name), before: None, after: None,
        })?;
        tx.commit().await?;
        Ok::<u64, AppError>(n)
    })?;
    if queued > 0 {
        state.mail.wake();
    }
    let said = match queued {
        0 => {
            "No reminders were needed: everyone who has not sent a return had one today already, or every return is in."
                .to_owned()
        }
        1 => "1 reminder is on its way.".to_owned(),
        n => format!("{n} reminders are on their way."),
    };
    Flash::set(&session, said).await?;
    Ok(Redirect::to(&back).into_response())
}
