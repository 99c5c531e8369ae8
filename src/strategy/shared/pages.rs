//! The member's side of shared objectives — the list of objectives its
//! partnerships share with it and one objective's page with the member's
//! own reports and, for the member's editors, the form to report — and the
//! partnership editors' switch that shares an objective.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::store::{self, SharedObjective};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::{self, OrgEditor, Role};
use crate::orgs::model::{self, Org, OrgKind};
use crate::strategy::plan::progress::{Confidence, Rag, Update, period_of};
use crate::strategy::plan::update_input;
use crate::web::forms::{FieldError, Form, FormErrors};
use crate::web::{PageContext, no_store, render, render_with_status};

type Fields = HashMap<String, String>;

async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

async fn can_edit(state: &AppState, ctx: &PageContext, org: &Org) -> Result<bool, AppError> {
    Ok(match &ctx.viewer.0 {
        Some(p) => access::role_of(&state.db, org.id, p.id).await? >= Some(Role::Editor),
        None => false,
    })
}

#[derive(Template)]
#[template(path = "strategy/shared/list.html")]
struct ListPage {
    layout: crate::web::Layout,
    org: Org,
    objectives: Vec<SharedObjective>,
}

/// GET `/o/{slug}/strategy/shared`: what the organisation's partnerships
/// share with it, with its own latest report on each.
pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let objectives = store::for_member(&state.db, org.id).await?;
    let layout = ctx.org_layout(&org, format!("Objectives shared with {} – {}", org.name, org.name));
    Ok(no_store(render(&ListPage { layout, org, objectives })?))
}

#[derive(Template)]
#[template(path = "strategy/shared/objective.html")]
struct ObjectivePage {
    layout: crate::web::Layout,
    org: Org,
    objective: SharedObjective,
    updates: Vec<Update>,
    can_edit: bool,
    errors: FormErrors,
    typed: Fields,
    period_hint: String,
    rags: [Rag; 3],
    confidences: [Confidence; 3],
}

impl ObjectivePage {
    fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
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
    let org = org(state, slug).await?;
    let objective = store::for_member_one(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    let updates = store::member_updates(&state.db, org.id, id).await?;
    let can_edit = can_edit(state, ctx, &org).await?;
    let today = org.today();
    let period_hint = match period_of(today, objective.cadence) {
        Some(p) => format!("This {} is {p}", objective.cadence.noun()),
        None => String::new(),
    };
    let mut layout = ctx.org_layout(&org, format!("{} – {}", objective.title, org.name));
    layout.has_errors = !errors.is_empty();
    let page = ObjectivePage {
        layout,
        org,
        objective,
        updates,
        can_edit,
        errors,
        typed,
        period_hint,
        rags: Rag::ALL,
        confidences: Confidence::ALL,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

/// GET `/o/{slug}/strategy/shared/{id}`: a shared objective from the
/// member's side; 404 unless it is shared with this organisation.
pub async fn objective(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    show(&state, &ctx, &slug, id, StatusCode::OK, FormErrors::new(), Fields::new()).await
}

/// POST `/o/{slug}/strategy/shared/{id}/updates`: the member's editors
/// report their organisation's progress.
pub async fn add_update(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let objective = store::for_member_one(&state.db, editor.org.id, id).await?.ok_or(AppError::NotFound)?;
    let update = match update_input::from_form(objective.cadence, &fields) {
        Ok(update) => update,
        Err(errors) => {
            return show(&state, &ctx, &slug, id, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
        }
    };
    if !store::add_member_update(&state.db, editor.org.id, id, &update, editor.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, format!("{}'s progress for {} is saved.", editor.org.name, update.period)).await?;
    Ok(Redirect::to(&format!("/o/{slug}/strategy/shared/{id}#reports")).into_response())
}

/// POST `/o/{slug}/strategy/objectives/{id}/share` (`shared` = `yes` or
/// `no`): a partnership's editors share an objective with its members or
/// stop sharing it.
pub async fn share(
    State(state): State<AppState>,
    editor: OrgEditor,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let invalid =
        |message: &str| AppError::Invalid(vec![FieldError { field: "shared".to_owned(), message: message.to_owned() }]);
    if editor.org.kind != OrgKind::Partnership {
        return Err(invalid("Only a partnership shares its objectives with member organisations"));
    }
    let share = match fields.get("shared").map(|s| s.trim()) {
        Some("yes") => true,
        Some("no") => false,
        _ => return Err(invalid("Say whether to share the objective: yes or no")),
    };
    if !store::set_shared(&state.db, editor.org.id, id, share, editor.person.id).await? {
        return Err(AppError::NotFound);
    }
    let said = if share {
        "The objective is shared: each member organisation can now report its own progress on it."
    } else {
        "The objective is no longer shared with the member organisations; their reports are kept."
    };
    Flash::set(&session, said).await?;
    Ok(Redirect::to(&format!("/o/{slug}/strategy/objectives/{id}#members")).into_response())
}
