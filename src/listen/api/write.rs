//! Moving an item on through the API (editors' and owners' tokens), by the
//! inbox page's own checks and change ([`crate::listen::inbox::moves`]):
//! 422 naming the field for bad input, 409 for a move the states do not
//! allow; audited, and a reply sent to the sender by email where it can be.

use axum::extract::State as AppStateExtract;
use axum::response::Response;
use serde::Deserialize;
use utoipa::ToSchema;

use super::read::found;
use crate::api::extract::Path;
use crate::api::{Json, json};
use crate::app::AppState;
use crate::error::{ApiError, AppError};
use crate::listen::inbox::moves::{self, Refused};
use crate::listen::inbox::states::State;
use crate::listen::inbox::store;
use crate::orgs::access::ApiEditor;
use crate::web::forms::FormErrors;

/// Where to move an item.
#[derive(Deserialize, ToSchema)]
pub struct StateChange {
    /// acknowledged, with_service, responded, closed or not_for_us: one the
    /// item's state allows next.
    pub state: String,
    /// Who can help instead; needed for not_for_us, which the sender reads.
    #[serde(default)]
    pub signpost: Option<String>,
    /// The answer, for responded; emailed to the sender when they left an
    /// email address and mail is set up.
    #[serde(default)]
    pub reply: Option<String>,
    /// Show the reply on the sender's status page (true when absent).
    #[serde(default)]
    pub publish_reply: Option<bool>,
}

/// Moves an item to its next state (editors and owners).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/feedback/{reference}/state", tag = "feedback",
    security(("token" = [])), request_body = StateChange,
    params(("slug" = String, Path, description = "The organisation's short name"),
        ("reference" = String, Path, description = "The item's reference, e.g. FB-2026-00042")),
    responses((status = 200, body = super::FeedbackItem), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn move_on(
    AppStateExtract(state): AppStateExtract<AppState>,
    ApiEditor { org, person }: ApiEditor,
    Path((_slug, reference)): Path<(String, String)>,
    Json(change): Json<StateChange>,
) -> Result<Response, ApiError> {
    let id = store::id_of(&state.db, org.id, &reference).await?.ok_or(AppError::NotFound)?;
    let today = org.today();
    let (item, _) = store::item(&state.db, org.id, id, today).await?.ok_or(AppError::NotFound)?;
    let asked = State::parse(change.state.trim());
    let (field, text) = match asked {
        Some(State::NotForUs) => ("signpost", change.signpost.as_deref()),
        _ => ("reply", change.reply.as_deref()),
    };
    // Only the text the target state uses is kept, as on the page.
    let text = match asked {
        Some(State::NotForUs | State::Responded) => text.unwrap_or("").trim(),
        _ => "",
    };
    let to = match moves::check(item.line.state, &change.state, text) {
        Ok(to) => to,
        Err(Refused::Unknown) => {
            let mut errors = FormErrors::new();
            errors.add("state", "Use one of acknowledged, with_service, responded, closed, not_for_us");
            return Err(errors.into_result().err().unwrap_or(AppError::NotFound).into());
        }
        Err(Refused::NotNext(to)) => {
            return Err(AppError::Conflict(format!(
                "{} is “{}”: it cannot move to “{}” from there.",
                item.line.reference,
                item.line.state.label(),
                to.label()
            ))
            .into());
        }
        Err(Refused::Text(message)) => {
            let mut errors = FormErrors::new();
            errors.add(field, message);
            return Err(errors.into_result().err().unwrap_or(AppError::NotFound).into());
        }
    };
    moves::apply(&state, &org, &item, to, text, change.publish_reply.unwrap_or(true), person.id).await?;
    Ok(json(found(&state, &org, &reference).await?))
}
