//! What an organisation sets for listening: the services or areas and the
//! neighbourhoods or groups a sender chooses from (editors keep the lists),
//! and the clock (owners set how many working days to acknowledge and to
//! respond) and how long contact details are kept (owners) — at
//! `/o/{slug}/feedback/settings`. Erasing one person's details on request
//! is on the same page, in [`super::erasure`]. So is the list of teams a
//! thank-you note may go to ([`super::thanks`]), which owners keep.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::inbox::clock::{ACKNOWLEDGE_DAYS, RESPOND_DAYS};
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::{OrgEditor, OrgOwner, Role};
use crate::orgs::model::Org;
use crate::storage::{BeginWrite, Db, now};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};
use crate::{audit, on_db};

/// Longest list an organisation keeps, and longest entry.
const MAX_CHOICES: usize = 100;
const MAX_CHOICE_CHARS: usize = 120;
/// The clock's bounds, in working days.
const MAX_DAYS: i64 = 120;
/// The longest contact details may be kept after an item closes, in months.
const MAX_MONTHS: i64 = 120;

/// An organisation's listening settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub services: Vec<String>,
    pub neighbourhoods: Vec<String>,
    /// The teams staff may thank (owners keep the list).
    pub teams: Vec<String>,
    pub acknowledge_days: i64,
    pub respond_days: i64,
    /// Months contact details are kept after an item closes.
    pub retention_months: i64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            services: Vec::new(),
            neighbourhoods: Vec::new(),
            teams: Vec::new(),
            acknowledge_days: ACKNOWLEDGE_DAYS,
            respond_days: RESPOND_DAYS,
            retention_months: 12,
        }
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// The organisation's settings, or the defaults when it has saved none.
pub async fn load(db: &Db, org_id: i64) -> Result<Settings, AppError> {
    let sql = "SELECT services, neighbourhoods, teams, acknowledge_days, respond_days, retention_months \
               FROM listen_settings WHERE org_id = $1";
    let row: Option<(String, String, String, i64, i64, i64)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(org_id).fetch_optional(pool).await)?;
    Ok(row.map_or_else(Settings::default, |(s, n, t, a, r, m)| Settings {
        services: lines(&s),
        neighbourhoods: lines(&n),
        teams: lines(&t),
        acknowledge_days: a,
        respond_days: r,
        retention_months: m,
    }))
}

/// Saves the settings whole and audits what changed, as `what`.
async fn save(db: &Db, org_id: i64, by: i64, s: &Settings, what: &str) -> Result<(), AppError> {
    let sql = "INSERT INTO listen_settings (org_id, services, neighbourhoods, acknowledge_days, respond_days, \
               retention_months, updated_at, teams) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id) DO UPDATE SET \
               services = excluded.services, neighbourhoods = excluded.neighbourhoods, teams = excluded.teams, \
               acknowledge_days = excluded.acknowledge_days, respond_days = excluded.respond_days, \
               retention_months = excluded.retention_months, updated_at = excluded.updated_at";
    let (services, neighbourhoods, teams) = (s.services.join("\n"), s.neighbourhoods.join("\n"), s.teams.join("\n"));
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(org_id).bind(&services).bind(&neighbourhoods).bind(s.acknowledge_days)
            .bind(s.respond_days).bind(s.retention_months).bind(now()).bind(&teams).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(by), action: "feedback.settings",
            summary: what.to_owned(), before: None, after: None,
        })?;
        tx.commit().await?;
    });
    Ok(())
}

#[derive(Template)]
#[template(path = "listen/settings.html")]
struct Page {
    layout: Layout,
    org: Org,
    is_owner: bool,
    errors: FormErrors,
    services: String,
    neighbourhoods: String,
    teams: String,
    acknowledge_days: String,
    respond_days: String,
    retention_months: String,
    erase_contact: String,
}

pub(super) type Fields = HashMap<String, String>;

/// The settings page, with what was typed kept in place of what is saved.
pub(super) fn page(
    ctx: &PageContext,
    org: Org,
    is_owner: bool,
    s: &Settings,
    errors: FormErrors,
    typed: &Fields,
) -> impl Template + use<> {
    let typed = |name: &str, stored: String| typed.get(name).cloned().unwrap_or(stored);
    let mut layout = ctx.org_layout(&org, format!("Feedback settings – {}", org.name));
    layout.has_errors = !errors.is_empty();
    Page {
        layout,
        is_owner,
        errors,
        services: typed("services", s.services.join("\n")),
        neighbourhoods: typed("neighbourhoods", s.neighbourhoods.join("\n")),
        teams: typed("teams", s.teams.join("\n")),
        acknowledge_days: typed("acknowledge_days", s.acknowledge_days.to_string()),
        respond_days: typed("respond_days", s.respond_days.to_string()),
        retention_months: typed("retention_months", s.retention_months.to_string()),
        erase_contact: typed("erase_contact", String::new()),
        org,
    }
}

pub async fn show(State(state): State<AppState>, ctx: PageContext, editor: OrgEditor) -> Result<Response, AppError> {
    let s = load(&state.db, editor.org.id).await?;
    let is_owner = editor.role == Role::Owner;
    let page = page(&ctx, editor.org, is_owner, &s, FormErrors::new(), &Fields::new());
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

fn checked_list(errors: &mut FormErrors, field: &str, text: &str) -> Vec<String> {
    let list = lines(text);
    if list.len() > MAX_CHOICES {
        errors.add(field, format!("Keep the list to {MAX_CHOICES} lines or fewer"));
    } else if list.iter().any(|l| l.chars().count() > MAX_CHOICE_CHARS) {
        errors.add(field, format!("Keep each line to {MAX_CHOICE_CHARS} characters or fewer"));
    }
    list
}

/// Saves the two lists (editors and owners).
pub async fn save_lists(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let mut s = load(&state.db, editor.org.id).await?;
    let mut errors = FormErrors::new();
    let text = |name: &str| fields.get(name).cloned().unwrap_or_default();
    s.services = checked_list(&mut errors, "services", &text("services"));
    s.neighbourhoods = checked_list(&mut errors, "neighbourhoods", &text("neighbourhoods"));
    if !errors.is_empty() {
        let is_owner = editor.role == Role::Owner;
        let page = page(&ctx, editor.org, is_owner, &s, errors, &fields);
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    let what = format!("Feedback lists: {} services, {} neighbourhoods", s.services.len(), s.neighbourhoods.len());
    save(&state.db, editor.org.id, editor.person.id, &s, &what).await?;
    Flash::set(&session, "The lists are saved.").await?;
    Ok(Redirect::to(&format!("/o/{}/feedback/settings", editor.org.slug)).into_response())
}

/// Saves the teams staff may thank (owners only).
pub async fn save_teams(
    State(state): State<AppState>,
    ctx: PageContext,
    owner: OrgOwner,
    session: Session,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let mut s = load(&state.db, owner.org.id).await?;
    let mut errors = FormErrors::new();
    s.teams = checked_list(&mut errors, "teams", fields.get("teams").map_or("", String::as_str));
    if !errors.is_empty() {
        let page = page(&ctx, owner.org, true, &s, errors, &fields);
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    let what = format!("Thank-you notes: {} teams", s.teams.len());
    save(&state.db, owner.org.id, owner.person.id, &s, &what).await?;
    Flash::set(&session, "The teams are saved.").await?;
    Ok(Redirect::to(&format!("/o/{}/feedback/settings", owner.org.slug)).into_response())
}

fn days(errors: &mut FormErrors, field: &str, text: &str, what: &str) -> i64 {
    match text.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_DAYS).contains(&n) => n,
        _ => {
            errors.add(field, format!("Enter the working days to {what} as a whole number from 1 to {MAX_DAYS}"));
            0
        }
    }
}

/// Saves the clock (owners only).
pub async fn save_clock(
    State(state): State<AppState>,
    ctx: PageContext,
    owner: OrgOwner,
    session: Session,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let mut s = load(&state.db, owner.org.id).await?;
    let mut errors = FormErrors::new();
    let text = |name: &str| fields.get(name).cloned().unwrap_or_default();
    s.acknowledge_days = days(&mut errors, "acknowledge_days", &text("acknowledge_days"), "acknowledge");
    s.respond_days = days(&mut errors, "respond_days", &text("respond_days"), "respond");
    if errors.is_empty() && s.respond_days < s.acknowledge_days {
        errors.add("respond_days", "The days to respond cannot be fewer than the days to acknowledge");
    }
    if !errors.is_empty() {
        let page = page(&ctx, owner.org, true, &s, errors, &fields);
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    let what = format!(
        "Feedback clock: acknowledge within {} working days, respond within {}",
        s.acknowledge_days, s.respond_days
    );
    save(&state.db, owner.org.id, owner.person.id, &s, &what).await?;
    Flash::set(&session, "The clock is saved. It applies to feedback that arrives from now on.").await?;
    Ok(Redirect::to(&format!("/o/{}/feedback/settings", owner.org.slug)).into_response())
}

/// Saves how long contact details are kept after an item closes (owners
/// only). The hourly sweep applies it to items already closed too.
pub async fn save_retention(
    State(state): State<AppState>,
    ctx: PageContext,
    owner: OrgOwner,
    session: Session,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let mut s = load(&state.db, owner.org.id).await?;
    let mut errors = FormErrors::new();
    let text = fields.get("retention_months").map_or("", |t| t.trim());
    match text.parse::<i64>() {
        Ok(n) if (1..=MAX_MONTHS).contains(&n) => s.retention_months = n,
        _ => errors.add(
            "retention_months",
            format!("Enter the months to keep contact details as a whole number from 1 to {MAX_MONTHS}"),
        ),
    }
    if !errors.is_empty() {
        let page = page(&ctx, owner.org, true, &s, errors, &fields);
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    let noun = if s.retention_months == 1 { "month" } else { "months" };
    let what = format!("Contact details kept {} {noun} after an item closes", s.retention_months);
    save(&state.db, owner.org.id, owner.person.id, &s, &what).await?;
    Flash::set(
        &session,
        format!("Contact details are now deleted {} {noun} after an item closes.", s.retention_months),
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{}/feedback/settings", owner.org.slug)).into_response())
}
