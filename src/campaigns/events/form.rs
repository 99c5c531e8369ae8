//! The event form for a taking-part organisation's editors: log an event
//! at `…/events/new`, change it (dates, status, who came) at `…/events/{id}`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::{CampaignEvent, EventInput, EventStatus, Partner, store};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::LocalEditor;
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

type Pairs = Vec<(String, String)>;

#[derive(Template)]
#[template(path = "campaigns/event_form.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    event_id: Option<i64>,
    errors: FormErrors,
    f: Pairs,
    offered: Vec<String>,
    partners: Vec<Partner>,
    /// The ideas catalogue's titles (national, then the organisation's own).
    kinds: Vec<String>,
    statuses: [EventStatus; 3],
}

impl Page {
    fn field(&self, name: &str) -> String {
        self.f.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    fn chosen(&self, name: &str, value: &str) -> bool {
        self.f.iter().any(|(k, v)| k == name && v == value)
    }

    fn action(&self) -> String {
        let base = format!("/o/{}/campaigns/{}/events", self.org.slug, self.campaign.slug);
        match self.event_id {
            Some(id) => format!("{base}/{id}"),
            None => base,
        }
    }
}

/// The values an event may bring to life: the organisation's own, then
/// the campaign's national ones.
async fn offered(state: &AppState, org: &Org, c: &Campaign) -> Result<Vec<String>, AppError> {
    let mut names = crate::campaigns::page::value_names(state, org).await?;
    for v in &c.national_values {
        if !names.contains(v) {
            names.push(v.clone());
        }
    }
    Ok(names)
}

fn pairs_of(e: &CampaignEvent) -> Pairs {
    let [date, end_date, start_time, end_time] = e.when.fields();
    let n = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let mut f: Pairs = vec![
        ("title".into(), e.title.clone()),
        ("kind".into(), e.kind.clone()),
        ("date".into(), date),
        ("end_date".into(), end_date),
        ("start_time".into(), start_time),
        ("end_time".into(), end_time),
        ("place".into(), e.place.clone()),
        ("online_url".into(), e.online_url.clone()),
        ("audience".into(), if e.public { "public" } else { "staff" }.into()),
        ("status".into(), e.status.as_str().into()),
        ("expected_staff".into(), n(e.expected.staff)),
        ("expected_public".into(), n(e.expected.public)),
        ("expected_partners".into(), n(e.expected.partners)),
        ("actual_staff".into(), n(e.actual.staff)),
        ("actual_public".into(), n(e.actual.public)),
        ("actual_partners".into(), n(e.actual.partners)),
    ];
    f.extend(e.values.iter().map(|v| ("values".to_owned(), v.clone())));
    f.extend(e.partners.iter().map(|p| ("partners".to_owned(), p.id.to_string())));
    f
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    e: LocalEditor,
    event_id: Option<i64>,
    errors: FormErrors,
    f: Pairs,
) -> Result<Response, AppError> {
    let title = if event_id.is_some() { "Change an event" } else { "Log an event" };
    let mut layout = ctx.org_layout(&e.org, format!("{title} – {}", e.campaign.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let own = (!crate::campaigns::access::runs(&e.org, &e.campaign)).then_some(e.org.id);
    let kinds = crate::campaigns::ideas::store::seen_by(&state.db, &e.campaign, own).await?;
    let page = Page {
        layout,
        kinds: kinds.into_iter().map(|i| i.title).collect(),
        offered: offered(state, &e.org, &e.campaign).await?,
        partners: store::partners(&state.db, e.org.id).await?,
        event_id,
        errors,
        f,
        statuses: EventStatus::ALL,
        org: e.org,
        campaign: e.campaign,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn new(State(state): State<AppState>, ctx: PageContext, e: LocalEditor) -> Result<Response, AppError> {
    let f = vec![("audience".to_owned(), "public".to_owned()), ("date".to_owned(), e.campaign.starts_on.to_string())];
    page(&state, &ctx, e, None, FormErrors::new(), f).await
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    e: LocalEditor,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    let event = store::one(&state.db, e.campaign.id, e.org.id, id).await?.ok_or(AppError::NotFound)?;
    page(&state, &ctx, e, Some(id), FormErrors::new(), pairs_of(&event)).await
}

async fn save(
    state: AppState,
    ctx: PageContext,
    e: LocalEditor,
    session: Session,
    existing: Option<CampaignEvent>,
    f: Pairs,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    let offered = offered(&state, &e.org, &e.campaign).await?;
    let one = |k: &str| f.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let all = |k: &str| f.iter().filter(|(name, _)| name == k).map(|(_, v)| v.clone()).collect();
    let input = EventInput::parse(one, all, &offered, &mut errors);
    let Some(input) = input.filter(|_| errors.is_empty()) else {
        return page(&state, &ctx, e, existing.map(|x| x.id), errors, f).await;
    };
    store::save(&state.db, e.campaign.id, e.org.id, existing.as_ref(), &input, e.person.id).await?;
    let said = if existing.is_some() { "saved" } else { "logged" };
    Flash::set(&session, format!("The event “{}” is {said}.", input.title)).await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}#events", e.org.slug, e.campaign.slug)).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    e: LocalEditor,
    session: Session,
    Form(f): Form<Pairs>,
) -> Result<Response, AppError> {
    save(state, ctx, e, session, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    e: LocalEditor,
    session: Session,
    Path((_, _, id)): Path<(String, String, i64)>,
    Form(f): Form<Pairs>,
) -> Result<Response, AppError> {
    let existing = store::one(&state.db, e.campaign.id, e.org.id, id).await?.ok_or(AppError::NotFound)?;
    save(state, ctx, e, session, Some(existing), f).await
}
