//! Entering the competition at `/o/{org}/campaigns/{campaign}/competition/enter`:
//! a signed-in member of a taking-part organisation sends words or one
//! image (PNG or JPEG, up to 10 MB) with a title, a description and their
//! consent to publish. A multipart form that works without JavaScript; its
//! form token travels in the address, as for the other uploads. The page
//! also lists what the person has entered; while entries are open they may
//! withdraw an entry of theirs.

use std::collections::HashMap;

use askama::Template;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::entry::{Entry, MAX_ALT, MAX_BODY, MAX_TITLE, check_entry};
use super::images::{self, Prepared};
use super::model::{Competition, Stage};
use super::{entry_store, store};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::Entrant;
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// The largest request the entry form takes: the image and room for the
/// other fields and the multipart framing. A larger image still inside it
/// gets a message on the form; beyond it, a plain 413.
pub const BODY_LIMIT: usize = images::MAX_BYTES + 1024 * 1024;

#[derive(Template)]
#[template(path = "campaigns/competition/enter.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    competition: Competition,
    stage: Stage,
    errors: FormErrors,
    typed: HashMap<String, String>,
    mine: Vec<Entry>,
}

impl Page {
    fn typed(&self, field: &str) -> String {
        self.typed.get(field).cloned().unwrap_or_default()
    }

    fn chosen(&self, id: &i64) -> bool {
        self.typed.get("category").is_some_and(|c| *c == id.to_string())
    }

    fn category_name(&self, id: &i64) -> String {
        self.competition.category(*id).map(|c| c.name.clone()).unwrap_or_default()
    }

    fn body_hint(&self) -> String {
        format!("A poem, a story or a few words, up to {MAX_BODY} characters. Leave it empty if you upload an image.")
    }

    fn title_hint(&self) -> String {
        format!("Up to {MAX_TITLE} characters.")
    }

    fn alt_hint(&self) -> String {
        format!("Needed with an image, up to {MAX_ALT} characters: what it shows, for people who use a screen reader.")
    }
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    e: Entrant,
    errors: FormErrors,
    typed: HashMap<String, String>,
) -> Result<Response, AppError> {
    let competition = store::get(&state.db, e.campaign.id).await?.ok_or(AppError::NotFound)?;
    let national = crate::orgs::model::by_id(&state.db, e.campaign.org_id).await?.ok_or(AppError::NotFound)?;
    let stage = competition.stage(national.today());
    let mine = entry_store::by_person(&state.db, e.campaign.id, e.person.id).await?;
    let mut layout = ctx.org_layout(&e.org, format!("Enter the competition – {}", e.campaign.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = Page { layout, org: e.org, campaign: e.campaign, competition, stage, errors, typed, mine };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn show(State(state): State<AppState>, ctx: PageContext, e: Entrant) -> Result<Response, AppError> {
    page(&state, &ctx, e, FormErrors::new(), HashMap::new()).await
}

fn unreadable(e: MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest("The form could not be read. Choose the image again and send it once more.".to_owned())
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    e: Entrant,
    session: Session,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let competition = store::get(&state.db, e.campaign.id).await?.ok_or(AppError::NotFound)?;
    let national = crate::orgs::model::by_id(&state.db, e.campaign.org_id).await?.ok_or(AppError::NotFound)?;
    if competition.stage(national.today()) != Stage::Open {
        return Err(AppError::Conflict(format!(
            "The competition takes entries from {}; it is not open now.",
            competition.dates()
        )));
    }
    let mut typed = HashMap::new();
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "image" {
            let chosen = field.file_name().is_some_and(|n| !n.is_empty());
            let bytes = field.bytes().await.map_err(unreadable)?;
            if chosen || !bytes.is_empty() {
                file = Some(bytes.to_vec());
            }
        } else if !name.is_empty() {
            let text = field.text().await.map_err(unreadable)?;
            typed.insert(name, text);
        }
    }
    let mut errors = FormErrors::new();
    let entry = check_entry(&competition, |k| typed.get(k).cloned().unwrap_or_default(), file.is_some(), &mut errors);
    let mut prepared: Option<Prepared> = None;
    if let Some(bytes) = file {
        let done = tokio::task::spawn_blocking(move || images::prepare(&bytes))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("preparing an image: {e}")))?;
        match done {
            Ok(p) => prepared = Some(p),
            Err(refused) => errors.add("image", refused.to_string()),
        }
    }
    if !errors.is_empty() {
        return page(&state, &ctx, e, errors, typed).await;
    }
    entry_store::insert(&state.db, &e.campaign, e.org.id, e.person.id, &entry, prepared.as_ref()).await?;
    Flash::set(
        &session,
        format!("Thank you: “{}” is entered. The judges will see it once entries close.", entry.title),
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/competition/enter", e.org.slug, e.campaign.slug)).into_response())
}

/// Withdraws one of the person's own entries while entries are open: it is
/// then neither judged nor shown. Once entries close, only the national
/// body can take an entry out (409 says so); another's entry is not found.
pub async fn withdraw(
    State(state): State<AppState>,
    session: Session,
    e: Entrant,
    Path((_, _, id)): Path<(String, String, i64)>,
    Form(_): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let competition = store::get(&state.db, e.campaign.id).await?.ok_or(AppError::NotFound)?;
    let national = crate::orgs::model::by_id(&state.db, e.campaign.org_id).await?.ok_or(AppError::NotFound)?;
    if competition.stage(national.today()) != Stage::Open {
        return Err(AppError::Conflict(
            "Entries have closed, so an entry can no longer be withdrawn. Ask the campaign's organisers if it must \
             come out."
                .to_owned(),
        ));
    }
    if !entry_store::withdraw(&state.db, &e.campaign, id, e.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "Your entry is withdrawn: it will not be judged or shown.").await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/competition/enter", e.org.slug, e.campaign.slug)).into_response())
}
