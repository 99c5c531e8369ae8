//! Reading the inbox through the API (editors' and owners' tokens): the
//! list with the inbox's filters (a date not understood is 400) and
//! paging, and one item with its tags and links.

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
use crate::listen::inbox::filters::{self, Filters};
use crate::listen::inbox::states::State;
use crate::listen::inbox::store;
use crate::listen::inbox::tags;
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
    /// One of the organisation's tags, by name in any case.
    pub tag: Option<String>,
    /// A value's key in the organisation's published framework.
    pub value: Option<String>,
    /// The id of one of the organisation's strategy objectives.
    pub objective: Option<i64>,
    /// One of the organisation's neighbourhoods or groups, exactly as named.
    pub neighbourhood: Option<String>,
    /// Arrived on or after this day (YYYY-MM-DD, the organisation's time zone).
    #[param(format = Date)]
    pub from: Option<String>,
    /// Arrived on or before this day (YYYY-MM-DD).
    #[param(format = Date)]
    pub to: Option<String>,
    /// Words the text holds, in any case.
    pub q: Option<String>,
    /// How many items, 1 to 100 (50 when absent).
    pub limit: Option<i64>,
    /// The `next_before` of the previous page.
    pub before: Option<i64>,
}

impl Asked {
    /// The filters, or a 400 for a date not understood and a 422 naming
    /// each other parameter that is not.
    fn filters(&self) -> Result<(Filters, i64), AppError> {
        let day =
            |typed: &Option<String>| filters::parse_day(typed.as_deref().unwrap_or("")).map_err(AppError::BadRequest);
        let (from, to) = (day(&self.from)?, day(&self.to)?);
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(AppError::BadRequest(filters::DATES_REVERSED.to_owned()));
        }
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
        let text = |t: &Option<String>| t.as_deref().unwrap_or("").trim().to_owned();
        let filters = Filters {
            state,
            service: text(&self.service),
            kind,
            overdue: self.overdue,
            tag: text(&self.tag),
            value: text(&self.value),
            objective: self.objective,
            neighbourhood: text(&self.neighbourhood),
            from,
            to,
            q: text(&self.q).chars().take(filters::MAX_Q).collect(),
            before: self.before,
            after: None,
        };
        Ok((filters, limit))
    }
}

/// The organisation's feedback, newest first (editors and owners).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/feedback", tag = "feedback", security(("token" = [])),
    params(("slug" = String, Path, description = "The organisation's short name"), Asked),
    responses((status = 200, body = FeedbackPage), (status = 401, body = crate::error::Problem),
        (status = 400, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn list(
    AppStateExtract(state): AppStateExtract<AppState>,
    ApiEditor { org, .. }: ApiEditor,
    Path(_slug): Path<String>,
    Query(asked): Query<Asked>,
) -> Result<Response, ApiError> {
    let (filters, limit) = asked.filters()?;
    let today = org.today();
    // One more than asked, to know whether another page follows.
    let mut lines = store::list(&state.db, &org, &filters, limit + 1).await?;
    let more = i64::try_from(lines.len()).is_ok_and(|n| n > limit);
    lines.truncate(usize::try_from(limit).unwrap_or(0));
    let next_before = if more { lines.last().map(|l| l.id) } else { None };
    let day = today.to_string();
    let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    let mut labels = tags::labels(&state.db, org.id, &ids).await?;
    let items =
        lines.iter().map(|l| FeedbackLine::from_line(l, labels.remove(&l.id).unwrap_or_default(), &day)).collect();
    Ok(json(FeedbackPage { items, next_before }))
}

/// The item of the organisation with `reference`, or 404.
pub(super) async fn found(state: &AppState, org: &Org, reference: &str) -> Result<FeedbackItem, AppError> {
    let id = store::id_of(&state.db, org.id, reference).await?.ok_or(AppError::NotFound)?;
    let today = org.today();
    let (item, notes) = store::item(&state.db, org.id, id, today).await?.ok_or(AppError::NotFound)?;
    let labels = tags::labels(&state.db, org.id, &[id]).await?.remove(&id).unwrap_or_default();
    Ok(FeedbackItem::from_item(item, notes, labels, &today.to_string()))
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
