//! Line of sight: the values an objective expresses and the consultation
//! actions ("you said, we did") it answers — set by editors with one form
//! on the objective's page, and read both ways: on the objective and
//! strategy pages, under each value on the values page, and beside each
//! action on the consultation's plan.
//!
//! Both kinds of link are checked against the objective's organisation when
//! they are written: a value key must be in its published framework, and an
//! action is inserted only through a join on the consultation's
//! organisation, so another organisation's id is never stored. If any id of
//! the form is refused, nothing of it is saved.

use crate::storage::BeginWrite;
use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::store;
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::storage::Db;
use crate::web::forms::{FieldError, Form};
use crate::{audit, on_db};

/// A consultation action as an objective shows it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct LinkedAction {
    pub id: i64,
    pub title: String,
    pub consultation_id: i64,
    pub consultation: String,
    /// Whether the consultation is published, so its "you said, we did"
    /// page is public.
    pub public: bool,
}

/// An objective as a value or an action shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkedObjective {
    pub id: i64,
    pub title: String,
    /// "2026-27".
    pub year: String,
}

/// What one objective is linked to.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// Value keys, in key order.
    pub values: Vec<String>,
    pub actions: Vec<LinkedAction>,
}

const ACTION_COLUMNS: &str = "a.id, a.title, c.id AS consultation_id, c.title AS consultation, \
                              (c.published_at IS NOT NULL) AS public";

/// The links of one objective (of any organisation: the caller has
/// already found the objective in its own).
pub async fn of_objective(db: &Db, objective_id: i64) -> Result<Links, AppError> {
    let values_sql = "SELECT value_key FROM objective_values WHERE objective_id = $1 ORDER BY value_key";
    let actions_sql = format!(
        "SELECT {ACTION_COLUMNS} FROM objective_actions l JOIN consultation_actions a ON a.id = l.action_id \
         JOIN consultations c ON c.id = a.consultation_id WHERE l.objective_id = $1 ORDER BY c.id, a.id"
    );
    Ok(on_db!(db, pool => {
        let values = sqlx::query_scalar(values_sql).bind(objective_id).fetch_all(pool).await?;
        let actions = sqlx::query_as(&actions_sql).bind(objective_id).fetch_all(pool).await?;
        Links { values, actions }
    }))
}

/// The links of every objective of a strategy, by objective id.
pub async fn of_strategy(db: &Db, strategy_id: i64) -> Result<HashMap<i64, Links>, AppError> {
    let values_sql = "SELECT l.objective_id, l.value_key FROM objective_values l \
                      JOIN strategy_objectives o ON o.id = l.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
                      WHERE a.strategy_id = $1 ORDER BY l.value_key";
    let actions_sql = "SELECT l.objective_id, ca.id, ca.title, c.id, c.title, (c.published_at IS NOT NULL) \
                       FROM objective_actions l JOIN consultation_actions ca ON ca.id = l.action_id \
                       JOIN consultations c ON c.id = ca.consultation_id \
                       JOIN strategy_objectives o ON o.id = l.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
                       WHERE a.strategy_id = $1 ORDER BY c.id, ca.id";
    type ActionRow = (i64, i64, String, i64, String, bool);
    let (values, actions): (Vec<(i64, String)>, Vec<ActionRow>) = on_db!(db, pool => {
        let values = sqlx::query_as(values_sql).bind(strategy_id).fetch_all(pool).await?;
        let actions = sqlx::query_as(actions_sql).bind(strategy_id).fetch_all(pool).await?;
        (values, actions)
    });
    let mut out: HashMap<i64, Links> = HashMap::new();
    for (objective, key) in values {
        out.entry(objective).or_default().values.push(key);
    }
    for (objective, id, title, consultation_id, consultation, public) in actions {
        let action = LinkedAction { id, title, consultation_id, consultation, public };
        out.entry(objective).or_default().actions.push(action);
    }
    Ok(out)
}

/// The objectives of the organisation's published strategy, by the value
/// key they express (for the values page). Empty when no strategy is
/// published.
pub async fn objectives_by_value(db: &Db, org_id: i64) -> Result<HashMap<String, Vec<LinkedObjective>>, AppError> {
    let sql = "SELECT l.value_key, o.id, o.title, o.year FROM objective_values l \
               JOIN strategy_objectives o ON o.id = l.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
               JOIN strategies s ON s.id = a.strategy_id \
               WHERE s.org_id = $1 AND s.status = 'published' AND o.status NOT IN ('withdrawn', 'carried_forward') \
               ORDER BY o.year DESC, a.position, o.id";
    let rows: Vec<(String, i64, String, i64)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(org_id).fetch_all(pool).await)?;
    let mut out: HashMap<String, Vec<LinkedObjective>> = HashMap::new();
    for (key, id, title, year) in rows {
        out.entry(key).or_default().push(LinkedObjective { id, title, year: year_label(year) });
    }
    Ok(out)
}

/// The objectives of the organisation's published strategy answering each
/// action of a consultation (for its plan page), by action id.
pub async fn objectives_by_action(
    db: &Db,
    org_id: i64,
    consultation_id: i64,
) -> Result<HashMap<i64, Vec<LinkedObjective>>, AppError> {
    let sql = "SELECT l.action_id, o.id, o.title, o.year FROM objective_actions l \
               JOIN consultation_actions ca ON ca.id = l.action_id \
               JOIN strategy_objectives o ON o.id = l.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
               JOIN strategies s ON s.id = a.strategy_id \
               WHERE s.org_id = $1 AND s.status = 'published' AND ca.consultation_id = $2 \
               ORDER BY o.year DESC, a.position, o.id";
    let rows: Vec<(i64, i64, String, i64)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(org_id).bind(consultation_id).fetch_all(pool).await)?;
    let mut out: HashMap<i64, Vec<LinkedObjective>> = HashMap::new();
    for (action, id, title, year) in rows {
        out.entry(action).or_default().push(LinkedObjective { id, title, year: year_label(year) });
    }
    Ok(out)
}

fn year_label(stored: i64) -> String {
    crate::strategy::measures::financial_year::FinancialYear::starting(i16::try_from(stored).unwrap_or(i16::MAX))
        .to_string()
}

/// Every action of the organisation's consultations, for the form.
pub async fn choosable_actions(db: &Db, org_id: i64) -> Result<Vec<LinkedAction>, AppError> {
    let sql = format!(
        "SELECT {ACTION_COLUMNS} FROM consultation_actions a JOIN consultations c ON c.id = a.consultation_id \
         WHERE c.org_id = $1 ORDER BY c.id DESC, a.id"
    );
    Ok(on_db!(db, pool => sqlx::query_as(&sql).bind(org_id).fetch_all(pool).await)?)
}

/// Why links were not saved.
#[derive(Debug, PartialEq)]
pub enum Refused {
    /// The objective is not the organisation's.
    NoObjective,
    /// An action id that is not one of the organisation's.
    Action(i64),
}

/// Replaces an objective's links. Each action is inserted through a join on
/// its consultation's organisation; if one is not the organisation's, the
/// transaction is dropped and nothing changes. Value keys are checked by
/// the caller against the published framework.
pub async fn replace(
    db: &Db,
    org_id: i64,
    objective_id: i64,
    values: &[String],
    actions: &[i64],
    by: i64,
) -> Result<Result<(), Refused>, AppError> {
    let find = "SELECT o.title FROM strategy_objectives o JOIN strategy_aims a ON a.id = o.aim_id \
                JOIN strategies s ON s.id = a.strategy_id WHERE o.id = $1 AND s.org_id = $2";
    let insert_action = "INSERT INTO objective_actions (objective_id, action_id) \
                         SELECT $1, a.id FROM consultation_actions a JOIN consultations c ON c.id = a.consultation_id \
                         WHERE a.id = $2 AND c.org_id = $3";
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let title: Option<String> = sqlx::query_scalar(find).bind(objective_id).bind(org_id).fetch_optional(&mut *tx).await?;
        let Some(title) = title else { return Ok(Err(Refused::NoObjective)) };
        sqlx::query("DELETE FROM objective_values WHERE objective_id = $1").bind(objective_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM objective_actions WHERE objective_id = $1").bind(objective_id).execute(&mut *tx).await?;
        for key in values {
            sqlx::query("INSERT INTO objective_values (objective_id, value_key) VALUES ($1, $2)")
                .bind(objective_id).bind(key).execute(&mut *tx).await?;
        }
        for &action in actions {
            let n = sqlx::query(insert_action).bind(objective_id).bind(action).bind(org_id)
                .execute(&mut *tx).await?.rows_affected();
            if n != 1 {
                // Dropping the transaction rolls every change back.
                return Ok(Err(Refused::Action(action)));
            }
        }
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(by), action: "strategy.objective_links",
            summary: format!("Linked the objective “{title}” to {} values and {} consultation actions", values.len(), actions.len()),
            before: None, after: Some(format!("values: {}; actions: {}", values.join(", "),
                actions.iter().map(i64::to_string).collect::<Vec<_>>().join(", "))),
        })?;
        tx.commit().await?;
        Ok(())
    }))
}

/// Most links of each kind one objective may have.
const LINKS_MAX: usize = 100;

/// `POST /o/{slug}/strategy/objectives/{id}/links`: the checkboxes `value`
/// (value keys) and `action` (action ids), replacing what was there.
pub async fn save(
    State(state): State<AppState>,
    editor: OrgEditor,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    // The objective first, so another organisation's id is 404 whatever the form says.
    store::objective_page(&state.db, editor.org.id, id).await?.ok_or(AppError::NotFound)?;
    let mut values: Vec<String> =
        fields.iter().filter(|(k, _)| k == "value").map(|(_, v)| v.trim().to_owned()).collect();
    values.sort();
    values.dedup();
    let mut actions = Vec::new();
    for (_, v) in fields.iter().filter(|(k, _)| k == "action") {
        let action = v.trim().parse::<i64>().map_err(|_| unknown_action(v))?;
        if !actions.contains(&action) {
            actions.push(action);
        }
    }
    if values.len() > LINKS_MAX || actions.len() > LINKS_MAX {
        return Err(invalid("action", format!("Choose at most {LINKS_MAX} values and {LINKS_MAX} actions")));
    }
    let framework = crate::values::store::current(&state.db, editor.org.id).await?.map(|v| v.content);
    let known: Vec<&str> = framework.as_ref().map_or(Vec::new(), |f| f.values.iter().map(|v| v.key.as_str()).collect());
    if let Some(bad) = values.iter().find(|k| !known.contains(&k.as_str())) {
        let shown: String = bad.chars().take(60).collect();
        return Err(invalid(
            "value",
            format!(
                "“{shown}” is not a value of {}'s published framework: reload the page and choose again",
                editor.org.name
            ),
        ));
    }
    match replace(&state.db, editor.org.id, id, &values, &actions, editor.person.id).await? {
        Ok(()) => {}
        Err(Refused::NoObjective) => return Err(AppError::NotFound),
        Err(Refused::Action(action)) => return Err(unknown_action(&action.to_string())),
    }
    state.pages.clear();
    Flash::set(&session, "The values and consultation actions this objective answers are saved.").await?;
    Ok(Redirect::to(&format!("/o/{slug}/strategy/objectives/{id}#line-of-sight")).into_response())
}

fn unknown_action(shown: &str) -> AppError {
    let shown: String = shown.chars().take(30).collect();
    invalid(
        "action",
        format!(
            "Action “{shown}” is not one of this organisation's consultation actions: reload the page and choose again"
        ),
    )
}

/// A refused form, answered 422 with what was wrong.
fn invalid(field: &str, message: String) -> AppError {
    AppError::Invalid(vec![FieldError { field: field.to_owned(), message }])
}
