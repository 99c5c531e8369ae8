//! After the consultation: a new framework draft from the findings, the
//! implementation plan (actions with an owner, due date, status and the
//! findings they answer) and the public "you said, we did" page.

use crate::storage::BeginWrite;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::analysis::draft::worth_showing;
use super::analysis::tally::Suppressed;
use super::builder::org_for;
use super::draft;
use super::model::Kind;
use super::model::{Consultation, Status};
use super::respond::load;
use super::results::{Figures, WordRow, compute};
use super::store::{self, Milestone};
use super::theme_cache;
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::orgs::access::{Need, Role};
use crate::orgs::model::Org;
use crate::storage::{Db, now};
use crate::web::forms::{Form, FormErrors};
use crate::web::zone::Zone;
use crate::web::{Layout, PageContext, no_store, render_with_status};
use crate::{audit, on_db};

/// Where an action stands.
pub const STATUSES: [(&str, &str); 4] =
    [("not_started", "Not started"), ("on_track", "On track"), ("at_risk", "At risk"), ("done", "Done")];

fn status_label(value: &str) -> &'static str {
    STATUSES.iter().find(|(v, _)| *v == value).map_or("Not started", |(_, l)| l)
}

/// One action of the implementation plan.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Action {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub due_at: Option<i64>,
    pub status: String,
    /// The findings it answers, in the editors' words.
    pub findings: String,
}

impl Action {
    pub fn status_label(&self) -> &'static str {
        status_label(&self.status)
    }
    pub fn is(&self, status: &str) -> bool {
        self.status == status
    }
}

pub async fn actions(db: &Db, consultation_id: i64) -> Result<Vec<Action>, AppError> {
    let sql = "SELECT id, title, owner, due_at, status, findings FROM consultation_actions WHERE consultation_id = $1 ORDER BY id";
    Ok(on_db!(db, pool => sqlx::query_as::<_, Action>(sql).bind(consultation_id).fetch_all(pool).await)?)
}

/// The words with the lowest net scores (more removed than kept), for the
/// editors' attention, ranked as on the results page, at most `n` a
/// question; little words ("to", "and", "the") are left out.
async fn most_removed(db: &Db, c: &Consultation, n: usize) -> Result<Vec<WordRow>, AppError> {
    let results = compute(db, c, None).await?;
    let mut out = Vec::new();
    for q in &results.questions {
        if let Figures::Words { words: Suppressed::Shown { value } } = &q.figures {
            let ranked = super::figures::most_removed(value, value.len());
            out.extend(ranked.into_iter().filter(|w| worth_showing(&w.text)).take(n));
        }
    }
    Ok(out)
}

/// The words people suggested ("suggest a word" questions), most
/// distinctive first, at most `n`.
async fn suggested(state: &AppState, c: &Consultation, n: usize) -> Result<Vec<draft::Suggested>, AppError> {
    let found = theme_cache::suggestions(state, c).await?;
    let mut out = Vec::new();
    for q in c.questions.iter().filter(|q| matches!(q.kind, Kind::Suggest { .. })) {
        if let Some(list) = found.get(&q.key) {
            out.extend(list.iter().map(|s| draft::Suggested { phrase: s.phrase.clone(), answers: s.responses.len() }));
        }
    }
    out.truncate(n);
    Ok(out)
}

#[derive(Template)]
#[template(path = "consultations/plan.html")]
struct PlanPage {
    layout: Layout,
    org: Org,
    c: Consultation,
    closed: bool,
    can_edit: bool,
    actions: Vec<Action>,
    removed: Vec<WordRow>,
    statuses: [(&'static str, &'static str); 4],
    /// What is wrong with the "add an action" form just sent (empty otherwise).
    errors: FormErrors,
    /// The "add an action" form as typed, shown again when it had errors.
    typed: ActionForm,
    /// The published strategy's objectives answering each action, by action id.
    objectives: std::collections::HashMap<i64, Vec<crate::strategy::plan::links::LinkedObjective>>,
}

impl PlanPage {
    fn due_label(&self) -> String {
        format!("Due ({})", self.layout.zone.label())
    }
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Member).await?;
    let c = crate::consultations::builder::consultation(&state, &org, id).await?;
    plan_page(&state, &ctx, org, role, c, FormErrors::new(), ActionForm::default(), StatusCode::OK).await
}

/// The plan page, with the "add an action" form as typed and its errors.
#[expect(clippy::too_many_arguments, reason = "one page, built from the handler's parts")]
async fn plan_page(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    role: Role,
    c: Consultation,
    errors: FormErrors,
    typed: ActionForm,
    status: StatusCode,
) -> Result<Response, AppError> {
    let removed = if role >= Role::Board { most_removed(&state.db, &c, 5).await? } else { Vec::new() };
    let page = PlanPage {
        layout: ctx.org_layout(&org, format!("Implementation plan – {}", c.title)),
        closed: c.status() == Status::Closed,
        can_edit: role >= Role::Editor,
        actions: actions(&state.db, c.id).await?,
        removed,
        statuses: STATUSES,
        errors,
        typed,
        objectives: crate::strategy::plan::links::objectives_by_action(&state.db, org.id, c.id).await?,
        org,
        c,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

/// Opens a framework draft from the current version; the most removed
/// words are named for the editors, and nothing is published.
pub async fn new_draft(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = crate::consultations::builder::consultation(&state, &org, id).await?;
    if c.status() != Status::Closed {
        return Err(AppError::Conflict("Draft a new version once the consultation has closed.".to_owned()));
    }
    let removed = most_removed(&state.db, &c, 10).await?;
    let suggested = suggested(&state, &c, 10).await?;
    let version = crate::values::store::start_draft(&state.db, &org, me.id).await?;
    let findings = draft::Findings {
        consultation: c.title.clone(),
        removed: removed
            .iter()
            .map(|w| draft::Removed {
                word: w.text.clone(),
                detail: format!("net {}, removed by {} of those who saw it", w.net_text(), w.remove_pct_text()),
            })
            .collect(),
        suggested,
    };
    draft::save(&state.db, version.id, c.id, &findings).await?;
    let words: Vec<String> = removed.iter().take(5).map(|w| format!("“{}” (net {})", w.text, w.net_text())).collect();
    let attention = if words.is_empty() {
        "No word was removed often.".to_owned()
    } else {
        format!("Most removed: {}; the findings beside the draft show where they stand.", words.join(", "))
    };
    crate::audit::record(
        &state.db,
        Event {
            org_id: Some(org.id),
            person_id: Some(me.id),
            action: "consultation.new_draft",
            summary: format!("Opened a values draft from the findings of “{}”", c.title),
            before: None,
            after: Some(attention.clone()),
        },
    )
    .await?;
    Flash::set(
        &session,
        format!("A values draft is open; nothing is published until an editor publishes it. {attention}"),
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{}/values/edit", org.slug)).into_response())
}

#[derive(Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due_at: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    findings: String,
}

/// An action as checked: (title, owner, due, status, findings).
type CheckedAction = (String, String, Option<i64>, String, String);

/// Checks an action form; each error is named by the id of its field on
/// the "add an action" form, so the error summary links to it. The due
/// date was typed in the organisation's `zone`.
fn check_action(form: &ActionForm, zone: &Zone) -> Result<CheckedAction, FormErrors> {
    let mut errors = FormErrors::new();
    let title = form.title.trim();
    if title.is_empty() {
        errors.add("action-title", "Enter what the action is");
    } else if title.chars().count() > 300 {
        errors.add("action-title", "Keep the action to 300 characters");
    }
    let due = if form.due_at.trim().is_empty() {
        None
    } else {
        let due = zone.parse_input(&form.due_at);
        if due.is_none() {
            errors.add("action-due", "Enter the due date as a date and time");
        }
        due
    };
    let status = if form.status.is_empty() { "not_started" } else { form.status.as_str() };
    if !STATUSES.iter().any(|(v, _)| *v == status) {
        errors.add("action-status", "Choose one of the statuses offered");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((title.to_owned(), form.owner.trim().to_owned(), due, status.to_owned(), form.findings.trim().to_owned()))
}

/// Adds an action; a form with errors comes back with them and with what
/// was typed, nothing saved.
pub async fn add_action(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = crate::consultations::builder::consultation(&state, &org, id).await?;
    let (title, owner, due, status, findings) = match check_action(&form, &org.zone) {
        Ok(checked) => checked,
        Err(errors) => {
            return plan_page(&state, &ctx, org, role, c, errors, form, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let sql = "INSERT INTO consultation_actions (consultation_id, title, owner, due_at, status, findings, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $7)";
    on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(c.id).bind(&title).bind(&owner).bind(due).bind(&status).bind(&findings).bind(now()).execute(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(org.id), person_id: Some(me.id), action: "consultation.action",
            summary: format!("Added the action “{title}” to the plan for “{}”", c.title), before: None, after: None })?;
        tx.commit().await?;
    });
    Flash::set(&session, format!("Added the action “{title}”.")).await?;
    Ok(Redirect::to(&format!("/o/{}/c/{}/plan", org.slug, c.id)).into_response())
}

pub async fn update_action(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id, aid)): Path<(String, i64, i64)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = crate::consultations::builder::consultation(&state, &org, id).await?;
    // The status form sends the action's other fields as they are, so an
    // error here means a changed page: said plainly, nothing saved.
    let (title, owner, due, status, findings) = check_action(&form, &org.zone).map_err(|errors| {
        AppError::BadRequest(errors.list.into_iter().map(|e| e.message).collect::<Vec<_>>().join(". ") + ".")
    })?;
    let sql = "UPDATE consultation_actions SET title = $1, owner = $2, due_at = $3, status = $4, findings = $5, updated_at = $6 \
               WHERE consultation_id = $7 AND id = $8";
    let done = on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(&title).bind(&owner).bind(due).bind(&status).bind(&findings).bind(now())
            .bind(c.id).bind(aid).execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event { org_id: Some(org.id), person_id: Some(me.id), action: "consultation.action",
                summary: format!("Updated the action “{title}” ({})", status_label(&status)), before: None, after: None })?;
        }
        tx.commit().await?;
        done
    });
    if !done {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, format!("Saved the action “{title}”.")).await?;
    Ok(Redirect::to(&format!("/o/{}/c/{}/plan", org.slug, c.id)).into_response())
}

#[derive(Template)]
#[template(path = "consultations/you_said.html")]
struct YouSaidPage {
    layout: Layout,
    org: Org,
    c: Consultation,
    actions: Vec<Action>,
    milestones: Vec<Milestone>,
    results_public: bool,
}

/// "You said, we did": public once the consultation is published.
pub async fn public_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, c) = load(&state, &slug, id).await?;
    if c.status() == Status::Draft {
        return Err(AppError::NotFound);
    }
    let page = YouSaidPage {
        layout: ctx.org_layout(&org, format!("You said, we did – {}", c.title)),
        actions: actions(&state.db, c.id).await?,
        milestones: store::milestones(&state.db, c.id).await?,
        results_public: c.results_public(),
        org,
        c,
    };
    render_with_status(StatusCode::OK, &page)
}
