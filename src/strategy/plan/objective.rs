//! One objective's page, `/o/{slug}/strategy/objectives/{id}`: where it
//! sits (strategy, aim, priority), who leads it, its status, whether it is
//! stale, and every progress update; its line of descent (earlier and later
//! years' objectives) and line of sight (values and consultation actions).
//! Editors add updates, carry it forward and set its links there.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::carry::{self, Descent};
use super::links::{self, LinkedAction, Links};
use super::model::{Objective, Rollup, Strategy};
use super::progress::{Confidence, Rag, STALE_RULE, Update, period_of};
use super::store::{self, ObjectivePage};
use super::update_input;
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::{self, OrgEditor, Role};
use crate::orgs::model::{self, Org, OrgKind};
use crate::strategy::shared::{self, store::MemberReport};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

type Fields = HashMap<String, String>;

#[derive(Template)]
#[template(path = "strategy/objective.html")]
struct Page {
    layout: Layout,
    org: Org,
    strategy: Strategy,
    aim_position: usize,
    aim_title: String,
    priority: Option<String>,
    objective: Objective,
    updates: Vec<Update>,
    stale: bool,
    can_edit: bool,
    errors: FormErrors,
    typed: Fields,
    period_hint: String,
    rags: [Rag; 3],
    confidences: [Confidence; 3],
    descent: Descent,
    links: Links,
    /// The published framework's values: (key, name).
    values: Vec<(String, String)>,
    /// For editors: every action of the organisation's consultations.
    choosable: Vec<LinkedAction>,
    /// For editors: why it cannot be carried forward, if it cannot.
    carry_refused: Option<String>,
    /// Whether the organisation is a partnership (which may share it).
    is_partnership: bool,
    /// Whether it is shared with the partnership's members.
    shared: bool,
    /// Each member's latest report, when it is shared.
    members: Vec<MemberReport>,
    /// The outcome measures linked to it: (key, name).
    measures: Vec<(String, String)>,
}

impl Page {
    fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }

    fn stale_rule(&self) -> &'static str {
        STALE_RULE
    }

    fn member_rule(&self) -> &'static str {
        crate::strategy::shared::MEMBER_ROLLUP_RULE
    }

    /// The members' latest reports rolled up.
    fn member_rollup(&self) -> Rollup {
        crate::strategy::shared::member_rollup(self.members.iter().filter_map(|m| m.latest.as_ref().map(|l| l.1)))
    }

    /// A linked value's name (its key when the framework no longer has it).
    fn value_name(&self, key: &str) -> String {
        self.values.iter().find(|(k, _)| k == key).map_or_else(|| key.to_owned(), |(_, name)| name.clone())
    }

    fn has_value(&self, key: &str) -> bool {
        self.links.values.iter().any(|k| k == key)
    }

    fn has_action(&self, id: &i64) -> bool {
        self.links.actions.iter().any(|a| a.id == *id)
    }

    /// The linked actions a reader may see: those of published consultations.
    fn shown_actions(&self) -> Vec<&LinkedAction> {
        self.links.actions.iter().filter(|a| a.public || self.can_edit).collect()
    }
}

async fn show(
    state: &AppState,
    ctx: &PageContext,
    slug: &str,
    id: i64,
    status: StatusCode,
    errors: FormErrors,
    typed: Fields,
) -> Result<Response, AppError> {
    let org = model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let role = match &ctx.viewer.0 {
        Some(p) => access::role_of(&state.db, org.id, p.id).await?,
        None => None,
    };
    let can_edit = role.is_some_and(|r| r >= Role::Editor);
    let found = store::objective_page(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    if found.strategy.is_draft() && !can_edit {
        return Err(AppError::NotFound);
    }
    let descent = carry::descent(&state.db, org.id, &found).await?;
    let carry_refused = carry::refusal(&found, !descent.later.is_empty());
    let links = links::of_objective(&state.db, id).await?;
    let values = crate::values::store::current(&state.db, org.id)
        .await?
        .map(|v| v.content.values.into_iter().map(|v| (v.key, v.name)).collect())
        .unwrap_or_default();
    let choosable = if can_edit { links::choosable_actions(&state.db, org.id).await? } else { Vec::new() };
    let is_partnership = org.kind == OrgKind::Partnership;
    let shared = is_partnership && shared::store::is_shared(&state.db, id).await?;
    let members = if shared { shared::store::member_reports(&state.db, org.id, id).await? } else { Vec::new() };
    let measures = crate::strategy::measures::links::measures_of_objective(&state.db, id).await?;
    let ObjectivePage { strategy, aim_position, objective, updates } = found;
    let aim = &strategy.aims[aim_position - 1];
    let aim_title = aim.title.clone();
    let priority = aim.priority_title(&objective.priority_id).map(str::to_owned);
    let today = org.today();
    let stale = objective.stale(&today);
    let period_hint = match period_of(today, objective.cadence) {
        Some(p) => format!("This {} is {p}", objective.cadence.noun()),
        None => String::new(),
    };
    let mut layout = ctx.org_layout(&org, format!("{} – {}", objective.title, org.name));
    layout.has_errors = !errors.is_empty();
    let page = Page {
        layout,
        org,
        strategy,
        aim_position,
        aim_title,
        priority,
        objective,
        updates,
        stale,
        can_edit,
        errors,
        typed,
        period_hint,
        rags: Rag::ALL,
        confidences: Confidence::ALL,
        descent,
        links,
        values,
        choosable,
        carry_refused,
        is_partnership,
        shared,
        members,
        measures,
    };
    let response = render_with_status(status, &page)?;
    Ok(if can_edit || page.strategy.is_draft() { no_store(response) } else { response })
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    show(&state, &ctx, &slug, id, StatusCode::OK, FormErrors::new(), Fields::new()).await
}

pub async fn add_update(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let found = store::objective_page(&state.db, editor.org.id, id).await?.ok_or(AppError::NotFound)?;
    let update = match update_input::from_form(found.objective.cadence, &fields) {
        Ok(update) => update,
        Err(errors) => {
            return show(&state, &ctx, &slug, id, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
        }
    };
    let period = update.period;
    if !store::add_update(&state.db, editor.org.id, id, &update, editor.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, format!("Progress for {period} is saved.")).await?;
    Ok(Redirect::to(&format!("/o/{slug}/strategy/objectives/{id}#updates")).into_response())
}
