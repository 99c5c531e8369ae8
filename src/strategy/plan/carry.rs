//! Carrying an objective into the next financial year, and reading its line
//! of descent.
//!
//! Carrying marks the objective "carried forward" and adds, in the next
//! year of the same strategy, a new objective that keeps its aim, priority,
//! title, description, lead, committee, weight and cadence, its due date a
//! year on, and its line-of-sight links; the new one names the old one in
//! `carried_from` and starts "not started". It is refused when the next
//! year is outside the strategy, when the objective was carried already,
//! and when it is done or withdrawn. The status check and both writes are
//! one transaction, and a unique index on `carried_from` stops a second
//! carry that races the first.

use crate::storage::BeginWrite;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::model::ObjectiveStatus;
use super::progress::Update;
use super::store::{self, ObjectivePage};
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::storage::{Db, is_unique_violation, now};
use crate::strategy::measures::financial_year::FinancialYear;
use crate::{audit, on_db};

/// Why an objective cannot be carried forward, in words for the editor.
pub fn refusal(page: &ObjectivePage, has_child: bool) -> Option<String> {
    let o = &page.objective;
    let next = o.year.next();
    if has_child || o.status == ObjectiveStatus::CarriedForward {
        return Some(format!("“{}” has already been carried forward into {next}.", o.title));
    }
    if matches!(o.status, ObjectiveStatus::Done | ObjectiveStatus::Withdrawn) {
        return Some(format!(
            "“{}” is {}, so there is nothing to carry into {next}.",
            o.title,
            o.status.label().to_lowercase()
        ));
    }
    if next > page.strategy.last_year {
        return Some(format!(
            "{next} is outside the strategy “{}”, which runs from {}: the objective cannot be carried into it.",
            page.strategy.title,
            page.strategy.period()
        ));
    }
    None
}

/// The objective carried on from `objective_id`, if there is one: (id, title, year).
pub async fn child(db: &Db, objective_id: i64) -> Result<Option<(i64, String, FinancialYear)>, AppError> {
    let sql = "SELECT id, title, year FROM strategy_objectives WHERE carried_from = $1";
    let row: Option<(i64, String, i64)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(objective_id).fetch_optional(pool).await)?;
    Ok(row.map(|(id, title, year)| (id, title, fy(year))))
}

fn fy(stored: i64) -> FinancialYear {
    FinancialYear::starting(i16::try_from(stored).unwrap_or(i16::MAX))
}

/// One earlier year's objective in a line of descent, with its updates.
pub struct Earlier {
    pub id: i64,
    pub title: String,
    pub year: FinancialYear,
    pub status: ObjectiveStatus,
    /// Newest period first.
    pub updates: Vec<Update>,
}

/// An objective's line of descent: the objectives of earlier years it
/// carries on (the year before first), and those of later years that carry
/// it on (the next year first).
#[derive(Default)]
pub struct Descent {
    pub earlier: Vec<Earlier>,
    pub later: Vec<(i64, String, FinancialYear)>,
}

/// Longest line followed either way (a strategy covers at most 21 years).
const LINE_MAX: usize = 30;

/// The line of descent of an objective of the organisation.
pub async fn descent(db: &Db, org_id: i64, page: &ObjectivePage) -> Result<Descent, AppError> {
    let mut out = Descent::default();
    let mut from = page.objective.carried_from;
    while let Some(id) = from.filter(|_| out.earlier.len() < LINE_MAX) {
        // Through the organisation's own pages, so the line never leaves it.
        let Some(earlier) = store::objective_page(db, org_id, id).await? else { break };
        from = earlier.objective.carried_from;
        let o = earlier.objective;
        out.earlier.push(Earlier {
            id: o.id,
            title: o.title,
            year: o.year,
            status: o.status,
            updates: earlier.updates,
        });
    }
    let mut at = page.objective.id;
    while out.later.len() < LINE_MAX {
        let Some(next) = child(db, at).await? else { break };
        at = next.0;
        out.later.push(next);
    }
    Ok(out)
}

/// The due date a year on ("2026-03-31" → "2027-03-31"); empty stays empty,
/// and 29 February becomes 28 February.
fn a_year_on(due_on: &str) -> String {
    let Ok(date) = due_on.parse::<jiff::civil::Date>() else { return String::new() };
    date.checked_add(jiff::Span::new().years(1)).map_or(String::new(), |d| d.to_string())
}

/// Carries an objective found in the organisation into `year`; the new
/// objective's id, or `None` when it was carried (or finished) meanwhile.
async fn carry(db: &Db, org_id: i64, page: &ObjectivePage, by: i64) -> Result<Option<i64>, AppError> {
    let o = &page.objective;
    let year = o.year.next();
    let mark = "UPDATE strategy_objectives SET status = 'carried_forward', updated_at = $1 \
                WHERE id = $2 AND status IN ('not_started', 'on_track', 'at_risk', 'off_track')";
    let insert = "INSERT INTO strategy_objectives (aim_id, priority_id, year, title, description, lead, committee, due_on, \
                  weight, status, carried_from, created_at, updated_at, cadence) \
                  SELECT aim_id, priority_id, $1, title, description, lead, committee, $2, weight, 'not_started', id, $3, $3, \
                  cadence FROM strategy_objectives WHERE id = $4 RETURNING id";
    let copy_values = "INSERT INTO objective_values (objective_id, value_key) \
                       SELECT $1, value_key FROM objective_values WHERE objective_id = $2";
    let copy_actions = "INSERT INTO objective_actions (objective_id, action_id) \
                        SELECT $1, action_id FROM objective_actions WHERE objective_id = $2";
    let at = now();
    let result: Result<Option<i64>, sqlx::Error> = on_db!(db, pool => {
        async {
            let mut tx = pool.begin_write().await?;
            let marked = sqlx::query(mark).bind(at).bind(o.id).execute(&mut *tx).await?.rows_affected() == 1;
            if !marked {
                return Ok(None);
            }
            let id: i64 = sqlx::query_scalar(insert).bind(i64::from(year.start_year())).bind(a_year_on(&o.due_on))
                .bind(at).bind(o.id).fetch_one(&mut *tx).await?;
            sqlx::query(copy_values).bind(id).bind(o.id).execute(&mut *tx).await?;
            sqlx::query(copy_actions).bind(id).bind(o.id).execute(&mut *tx).await?;
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "strategy.objective_carry",
                summary: format!("Carried the objective “{}” forward from {} into {year}", o.title, o.year),
                before: Some(o.status.label().to_owned()), after: Some(ObjectiveStatus::CarriedForward.label().to_owned()),
            })?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Some(id))
        }.await
    });
    match result {
        Ok(id) => Ok(id),
        // Another editor carried it a moment before.
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// `POST /o/{slug}/strategy/objectives/{id}/carry`: carries the objective
/// into the next year and opens the new one.
pub async fn carry_forward(
    State(state): State<AppState>,
    editor: OrgEditor,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let page = store::objective_page(&state.db, editor.org.id, id).await?.ok_or(AppError::NotFound)?;
    let has_child = child(&state.db, id).await?.is_some();
    if let Some(why) = refusal(&page, has_child) {
        return Err(AppError::Conflict(why));
    }
    let Some(new_id) = carry(&state.db, editor.org.id, &page, editor.person.id).await? else {
        return Err(AppError::Conflict(format!(
            "“{}” was carried forward or changed meanwhile. Reload the page.",
            page.objective.title
        )));
    };
    state.pages.clear();
    Flash::set(
        &session,
        format!(
            "“{}” is carried forward into {}; the {} objective is marked carried forward.",
            page.objective.title,
            page.objective.year.next(),
            page.objective.year
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{slug}/strategy/objectives/{new_id}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::a_year_on;

    #[test]
    fn a_due_date_moves_a_year_on_and_a_missing_one_stays_missing() {
        assert_eq!(a_year_on("2026-03-31"), "2027-03-31");
        assert_eq!(a_year_on("2028-02-29"), "2029-02-28");
        assert_eq!(a_year_on(""), "");
    }
}
