//! The wall, `/o/{slug}/thanks`, for members of the organisation only: the
//! notes their writers chose to show and their recipients have not hidden,
//! newest first, a page at a time; and how many notes were written per
//! value and per month — as tables, with the results pages' bar chart
//! beside the values. Nothing here counts or ranks people.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::store::{self, Counts, Note, PAGE_SIZE};
use crate::app::AppState;
use crate::consultations::analysis::charts::{Bar, bar_chart_svg};
use crate::error::AppError;
use crate::orgs::access::{OrgMember, Role};
use crate::orgs::model::Org;
use crate::values::model::Value;
use crate::web::{Layout, PageContext, no_store, render};

/// A value's line in the counts.
pub struct ValueCount {
    pub name: String,
    pub notes: i64,
}

/// A month's line in the counts.
pub struct MonthCount {
    /// As people read it: "November 2026".
    pub label: String,
    pub notes: i64,
}

/// The counts in the order pages show them: values in the order the
/// organisation publishes them (values since dropped after, by name),
/// months newest first.
pub fn arrange(counts: Counts, values: &[Value]) -> (Vec<ValueCount>, Vec<MonthCount>) {
    let place = |key: &str| values.iter().position(|v| v.key == key).unwrap_or(usize::MAX);
    let mut by_value = counts.by_value;
    by_value.sort_by(|a, b| place(&a.0).cmp(&place(&b.0)).then_with(|| a.1.cmp(&b.1)));
    let by_value = by_value
        .into_iter()
        .map(|(key, name, notes)| {
            // The name the organisation uses now, if the value is still there.
            let name = values.iter().find(|v| v.key == key).map_or(name, |v| v.name.clone());
            ValueCount { name, notes }
        })
        .collect();
    let by_month =
        counts.by_month.into_iter().map(|(month, notes)| MonthCount { label: month_label(&month), notes }).collect();
    (by_value, by_month)
}

/// "2026-11" as "November 2026" (anything else as it is).
fn month_label(month: &str) -> String {
    match month.split_once('-').map(|(y, m)| (y, m.parse::<i8>())) {
        Some((year, Ok(m @ 1..=12))) => format!("{} {year}", crate::web::month_name(m)),
        _ => month.to_owned(),
    }
}

#[derive(Template)]
#[template(path = "listen/thanks/wall.html")]
struct Page {
    layout: Layout,
    org: Org,
    notes: Vec<Note>,
    page: i64,
    older: bool,
    by_value: Vec<ValueCount>,
    by_month: Vec<MonthCount>,
    total: i64,
    chart: String,
    is_editor: bool,
    /// The note partial's recipient actions: never on the wall.
    is_mine: bool,
}

#[derive(Deserialize, Default)]
pub struct Asked {
    #[serde(default)]
    page: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    member: OrgMember,
    Query(asked): Query<Asked>,
) -> Result<Response, AppError> {
    let org = member.org;
    // An unreadable or negative page number shows the first page.
    let page =
        asked.page.and_then(|p| p.trim().parse::<i64>().ok()).filter(|p| (0..1_000_000).contains(p)).unwrap_or(0);
    let mut notes = store::wall(&state.db, org.id, page).await?;
    let older = i64::try_from(notes.len()).is_ok_and(|n| n > PAGE_SIZE);
    notes.truncate(usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX));
    let values = crate::values::store::current(&state.db, org.id).await?.map(|v| v.content.values).unwrap_or_default();
    let counts = store::counts(&state.db, org.id).await?;
    let total = counts.total;
    let (by_value, by_month) = arrange(counts, &values);
    let bars: Vec<Bar> = by_value
        .iter()
        .map(|v| Bar { label: v.name.clone(), value: v.notes as f64, display: v.notes.to_string() })
        .collect();
    let page = Page {
        layout: ctx.org_layout(&org, format!("Thank-you wall – {}", org.name)),
        chart: bar_chart_svg("thanks-by-value", "Thank-you notes per value", &bars),
        org,
        notes,
        page,
        older,
        by_value,
        by_month,
        total,
        is_editor: member.role >= Role::Editor,
        is_mine: false,
    };
    Ok(no_store(render(&page)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_as_words() {
        assert_eq!(month_label("2026-11"), "November 2026");
        assert_eq!(month_label("2027-01"), "January 2027");
        assert_eq!(month_label("2026-13"), "2026-13");
    }
}
