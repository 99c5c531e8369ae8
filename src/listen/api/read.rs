//! Reading the inbox through the API (editors' and owners' tokens): the
//! list with the inbox's filters and paging, and one item.

use axum::extract::State as AppStateExtract;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{FeedbackItem, FeedbackLine, FeedbackPage};
use crate::api::extract::{Path, Query};
use crate::api::json;
use crate::app::AppState;
use crate::error::{ApiError, AppError};
use crate::listen::feedback::store::Kind;
use crate::listen::inbox::states::State;
use crate::listen::inbox::store::{self, Filters};
use crate::orgs::access::ApiEditor;
use crate::orgs::model::Org;
use crate::web::forms::FormErrors;

/// The most items in one answer.
const MAX_LIMIT: i64 = 100;

/// The list's filters and paging; absent means any.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Asked {
    /// new, acknowledged, with_service, responded, closed or not_for_us.
    pub state: Option<String>,
    /// feedback, idea or compliment.
    pub kind: Option<String>,
    /// One of the organisation's services or areas, exactly as named.
    pub service: Option<String>,
    /// Only items past their acknowledge-by or respond-by day.
    #[serde(default)]
    pub overdue: bool,
    /// How many items, 1 to 100 (50 when absent).
    pub limit: Option<i64>,
    /// The `next_before` of the previous page.
    pub before: Option<i64>,
}

impl Asked {
    /// The filters, or a 422 naming each parameter that is not understood.
    fn filters(&self) -> Result<(Filters, i64), AppError> {
        let mut errors = FormErrors::new();
        let state = self.state.as_deref().filter(|s| !s.is_empty());
        let state = state.map(|s| State::parse(s).ok_or(())).transpose().unwrap_or_else(|()| {
            errors.add("state", "Use one of new, acknowledged, with_service, responded, closed, not_for_us");
            None
        });
        let kind = self.kind.as_deref().filter(|k| !k.is_empty());
        let kind = kind.map(|k| Kind::parse(k).ok_or(())).transpose().unwrap_or_else(|()| {
            errors.add("kind", "Use one of feedback, idea, compliment");
            None
        });
        let limit = self.limit.unwrap_or(50);
        if !(1..=MAX_LIMIT).contains(&limit) {
            errors.add("limit", format!("Ask for 1 to {MAX_LIMIT} items"));
        }
        errors.into_result()?;
        let service = self.service.as_deref().unwrap_or("").trim().to_owned();
        Ok((Filters { state, service, kind, overdue: self.overdue, before: self.before }, limit))
    }
}

/// The organisation's feedback, newest first (editors and owners).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/feedback", tag = "feedback", security(("token" = [])),
    params(("slug" = String, Path, description = "The organisation's short name"), Asked),
    responses((status = 200, body = FeedbackPage), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn list(
    AppStateExtract(state): AppStateExtract<AppState>,
    ApiEditor { org, .. }: ApiEditor,
    Path(_slug): Path<String>,
    Query(asked): Query<Asked>,
) -> Result<Response, ApiError> {
    let (filters, limit) = asked.filters()?;
    let today = org.today();
    // One more than asked, to know whether another page follows.
    let mut lines = store::list(&state.db, org.id, &filters, today, limit + 1).await?;
    let more = i64::try_from(lines.len()).is_ok_and(|n| n > limit);
    lines.truncate(usize::try_from(limit).unwrap_or(0));
    let next_before = if more { lines.last().map(|l| l.id) } else { None };
    let day = today.to_string();
    let items = lines.iter().map(|l| FeedbackLine::from_line(l, &day)).collect();
    Ok(json(FeedbackPage { items, next_before }))
}

/// The item of the organisation with `reference`, or 404.
pub(super) async fn found(state: &AppState, org: &Org, reference: &str) -> Result<FeedbackItem, AppError> {
    let id = store::id_of(&state.db, org.id, reference).await?.ok_or(AppError::NotFound)?;
    let today = org.today();
    let (item, notes) = store::item(&state.db, org.id, id, today).await?.ok_or(AppError::NotFound)?;
    Ok(FeedbackItem::from_item(item, notes, &today.to_string()))
}

/// One item with its text, contact details, reply and notes (editors and
/// owners, who see the same on the inbox's item page).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/feedback/{reference}", tag = "feedback", security(("token" = [])),
    params(("slug" = String, Path, description = "The organisation's short name"),
        ("reference" = String, Path, description = "The item's reference, e.g. FB-2026-00042")),
    responses((status = 200, body = FeedbackItem), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
pub async fn show(
    AppStateExtract(state): AppStateExtract<AppState>,
    ApiEditor { org, .. }: ApiEditor,
    Path((_slug, reference)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    Ok(json(found(&state, &org, &reference).await?))
}
