//! The national body's editors: create a campaign, change it, postpone it.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::access::NationalEditor;
use super::model::{Campaign, Details, Status, date_range, nhs_values, parse_date};
use super::store::{self, SaveError};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::orgs::model::{Org, OrgKind};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

type Fields = HashMap<String, String>;

#[derive(Template)]
#[template(path = "campaigns/form.html")]
struct FormPage {
    layout: Layout,
    org: Org,
    /// The campaign being changed; None for a new one.
    campaign: Option<Campaign>,
    errors: FormErrors,
    f: Fields,
    statuses: [Status; 6],
}

impl FormPage {
    fn field(&self, name: &str) -> String {
        self.f.get(name).cloned().unwrap_or_default()
    }

    fn action(&self) -> String {
        match &self.campaign {
            Some(c) => format!("/o/{}/campaigns/{}/edit", self.org.slug, c.slug),
            None => format!("/o/{}/campaigns", self.org.slug),
        }
    }
}

fn fields_of(c: &Campaign) -> Fields {
    [
        ("slug", c.slug.clone()),
        ("name", c.name.clone()),
        ("edition", c.edition.to_string()),
        ("hashtag", c.hashtag.clone()),
        ("handle", c.handle.clone()),
        ("summary", c.summary.clone()),
        ("national_values", c.national_values.join("\n")),
        ("starts_on", c.starts_on.to_string()),
        ("ends_on", c.ends_on.to_string()),
        ("status", c.status.as_str().to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn form_page(ctx: &PageContext, org: Org, campaign: Option<Campaign>, errors: FormErrors, f: Fields) -> Response {
    let title = match &campaign {
        Some(c) => format!("Change {}", c.name),
        None => "New campaign".to_owned(),
    };
    let mut layout = ctx.org_layout(&org, title);
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = FormPage { layout, org, campaign, errors, f, statuses: Status::ALL };
    render_with_status(status, &page).map(no_store).unwrap_or_else(IntoResponse::into_response)
}

fn national(editor: &OrgEditor) -> Result<(), AppError> {
    if editor.org.kind == OrgKind::National {
        Ok(())
    } else {
        Err(AppError::NotFoundMessage(format!(
            "Campaigns are run by national bodies, and {} is not one. It can join a national body's campaign from \
             its campaigns page.",
            editor.org.name
        )))
    }
}

/// The form for a new campaign, with the NHS Constitution values filled in.
pub async fn new(ctx: PageContext, editor: OrgEditor) -> Result<Response, AppError> {
    national(&editor)?;
    let mut f = Fields::new();
    f.insert("national_values".to_owned(), nhs_values().join("\n"));
    f.insert("status".to_owned(), "planned".to_owned());
    Ok(form_page(&ctx, editor.org, None, FormErrors::new(), f))
}

fn slug_taken(errors: &mut FormErrors) {
    errors.add("slug", "Another campaign already uses that short name; choose another, e.g. with the year");
}

/// Creates the campaign.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    national(&editor)?;
    let mut errors = FormErrors::new();
    let details = Details::parse(|k| f.get(k).cloned().unwrap_or_default(), &mut errors);
    if !errors.is_empty() {
        return Ok(form_page(&ctx, editor.org, None, errors, f));
    }
    match store::create(&state.db, &editor.org, &details, editor.person.id).await {
        Ok(_) => {
            Flash::set(&session, "The campaign is created. Add sample posts, then open it for organisations to join.")
                .await?;
            Ok(Redirect::to(&format!("/o/{}/campaigns/{}", editor.org.slug, details.slug)).into_response())
        }
        Err(SaveError::SlugTaken) => {
            slug_taken(&mut errors);
            Ok(form_page(&ctx, editor.org, None, errors, f))
        }
        Err(SaveError::App(e)) => Err(e),
    }
}

/// The form to change a campaign.
pub async fn edit(ctx: PageContext, e: NationalEditor) -> Result<Response, AppError> {
    let f = fields_of(&e.campaign);
    Ok(form_page(&ctx, e.org, Some(e.campaign), FormErrors::new(), f))
}

/// Saves the changes.
pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    e: NationalEditor,
    session: Session,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    let details = Details::parse(|k| f.get(k).cloned().unwrap_or_default(), &mut errors);
    if !errors.is_empty() {
        return Ok(form_page(&ctx, e.org, Some(e.campaign), errors, f));
    }
    match store::update(&state.db, &e.campaign, &details, e.person.id).await {
        Ok(()) => {
            Flash::set(&session, "The campaign is saved.").await?;
            Ok(Redirect::to(&format!("/o/{}/campaigns/{}", e.org.slug, details.slug)).into_response())
        }
        Err(SaveError::SlugTaken) => {
            slug_taken(&mut errors);
            Ok(form_page(&ctx, e.org, Some(e.campaign), errors, f))
        }
        Err(SaveError::App(err)) => Err(err),
    }
}

#[derive(Template)]
#[template(path = "campaigns/postpone.html")]
struct PostponePage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    errors: FormErrors,
    starts_on: String,
    ends_on: String,
    reason: String,
}

fn postpone_page(ctx: &PageContext, e: NationalEditor, errors: FormErrors, f: &Fields) -> Result<Response, AppError> {
    let mut layout = ctx.org_layout(&e.org, format!("Postpone {}", e.campaign.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let page = PostponePage {
        layout,
        errors,
        starts_on: get("starts_on"),
        ends_on: get("ends_on"),
        reason: get("reason"),
        org: e.org,
        campaign: e.campaign,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

/// The form to postpone: new dates and the reason.
pub async fn postpone_form(ctx: PageContext, e: NationalEditor) -> Result<Response, AppError> {
    postpone_page(&ctx, e, FormErrors::new(), &Fields::new())
}

/// Moves the campaign to new dates; the first dates and the reason are
/// kept and shown on its pages.
pub async fn postpone(
    State(state): State<AppState>,
    ctx: PageContext,
    e: NationalEditor,
    session: Session,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let from = parse_date(&mut errors, "starts_on", &get("starts_on"), "new first day");
    let to = parse_date(&mut errors, "ends_on", &get("ends_on"), "new last day");
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            errors.add("ends_on", "The new last day cannot be before the new first day");
        } else if super::model::days_between(from, to) > 60 {
            errors.add("ends_on", "A campaign can run for at most 61 days");
        } else if from == e.campaign.starts_on && to == e.campaign.ends_on {
            errors.add("starts_on", "These are the dates the campaign already has; enter the new dates");
        }
    }
    let reason = get("reason").trim().to_owned();
    if reason.is_empty() {
        errors.add("reason", "Say why the campaign is postponed; it is shown with the new dates");
    } else if reason.chars().count() > 500 {
        errors.add("reason", "Keep the reason to 500 characters or fewer");
    }
    let (Some(from), Some(to)) = (from, to) else { return postpone_page(&ctx, e, errors, &f) };
    if !errors.is_empty() {
        return postpone_page(&ctx, e, errors, &f);
    }
    store::postpone(&state.db, &e.campaign, from, to, &reason, e.person.id).await?;
    Flash::set(&session, format!("The campaign is postponed to {}.", date_range(from, to))).await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}", e.org.slug, e.campaign.slug)).into_response())
}
