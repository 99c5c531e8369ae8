//! Thank-you notes through the JSON API: the counts per value and per
//! month that the wall shows, for any member's token. Notes themselves,
//! and anything per person, are not in the API.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::store;
use super::wall::arrange;
use crate::api::json;
use crate::app::AppState;
use crate::error::ApiError;
use crate::orgs::access::ApiMember;

#[derive(OpenApi)]
#[openapi(paths(counts), components(schemas(ThanksCounts, ValueCountBody, MonthCountBody)))]
pub struct ThanksDoc;

/// Notes written for one value.
#[derive(Serialize, ToSchema)]
pub struct ValueCountBody {
    /// The value's name as the organisation publishes it now (or as it was
    /// when the notes were written, for a value since dropped).
    pub value: String,
    pub notes: i64,
}

/// Notes written in one month.
#[derive(Serialize, ToSchema)]
pub struct MonthCountBody {
    /// The month, YYYY-MM, in the organisation's time zone.
    pub month: String,
    pub notes: i64,
}

/// Every note not removed, counted; never per person.
#[derive(Serialize, ToSchema)]
pub struct ThanksCounts {
    pub total: i64,
    /// In the order the organisation publishes its values.
    pub by_value: Vec<ValueCountBody>,
    /// Newest month first; the last 24 months with any notes.
    pub by_month: Vec<MonthCountBody>,
}

/// Thank-you notes per value and per month (members of the organisation).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/thanks/counts", tag = "listening", security(("token" = [])),
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = ThanksCounts), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
pub async fn counts(State(state): State<AppState>, member: ApiMember) -> Result<Response, ApiError> {
    let org = member.org;
    let counts = store::counts(&state.db, org.id).await?;
    let by_month =
        counts.by_month.iter().map(|(month, notes)| MonthCountBody { month: month.clone(), notes: *notes }).collect();
    let total = counts.total;
    let values = crate::values::store::current(&state.db, org.id).await?.map(|v| v.content.values).unwrap_or_default();
    let (by_value, _) = arrange(counts, &values);
    let by_value = by_value.into_iter().map(|v| ValueCountBody { value: v.name, notes: v.notes }).collect();
    Ok(json(ThanksCounts { total, by_value, by_month }))
}
