//! An organisation's settings, for its owners: name and summary, logo, and
//! the organisations it groups (partnership members, campaign participants).

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::orgs::model::{self, Org, OrgKind};
use crate::orgs::people::owned_org;
use crate::web::forms::{Form, FormErrors};
use crate::web::zone::Zone;
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// Largest logo accepted.
const LOGO_LIMIT: usize = 512 * 1024;

#[derive(Template)]
#[template(path = "orgs/settings.html")]
struct SettingsPage {
    layout: Layout,
    org: Org,
    errors: FormErrors,
    name: String,
    summary: String,
    revision: i64,
    /// Organisations that may be linked, with whether they are.
    candidates: Vec<(Org, bool)>,
    /// After a conflicting save: the text this person tried to save.
    unsaved: Option<String>,
    /// The time zone as stored, or as typed when it was refused.
    time_zone: String,
}

/// The details form as last submitted, with its errors.
struct DetailsDraft {
    errors: FormErrors,
    name: String,
    summary: String,
    unsaved: Option<String>,
    time_zone: String,
}

impl DetailsDraft {
    fn of(org: &Org) -> DetailsDraft {
        DetailsDraft {
            errors: FormErrors::new(),
            name: org.name.clone(),
            summary: org.summary.clone(),
            unsaved: None,
            time_zone: org.zone.name().to_owned(),
        }
    }
}

async fn show(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    status: StatusCode,
    draft: DetailsDraft,
) -> Result<Response, AppError> {
    let DetailsDraft { errors, name, summary, unsaved, time_zone } = draft;
    let candidates = match org.kind {
        OrgKind::Trust => Vec::new(),
        kind => {
            let linked: Vec<i64> = model::children(&state.db, org.id).await?.iter().map(|o| o.id).collect();
            model::list(&state.db)
                .await?
                .into_iter()
                .filter(|o| o.id != org.id && o.kind != OrgKind::National)
                .filter(|o| kind == OrgKind::National || o.kind == OrgKind::Trust)
                .map(|o| {
                    let on = linked.contains(&o.id);
                    (o, on)
                })
                .collect()
        }
    };
    let mut layout = ctx.org_layout(&org, format!("Settings – {}", org.name));
    layout.has_errors = !errors.is_empty();
    let page =
        SettingsPage { layout, revision: org.revision, org, errors, name, summary, candidates, unsaved, time_zone };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let draft = DetailsDraft::of(&org);
    show(&state, &ctx, org, StatusCode::OK, draft).await
}

#[derive(Deserialize)]
pub struct DetailsForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    revision: i64,
}

pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<DetailsForm>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let mut errors = FormErrors::new();
    let name = model::check_name(&mut errors, &form.name);
    let summary = form.summary.trim().to_owned();
    if summary.chars().count() > 1000 {
        errors.add("summary", "The summary must be 1,000 characters or fewer");
    }
    if !errors.is_empty() {
        let draft = DetailsDraft { errors, name, summary, unsaved: None, time_zone: org.zone.name().to_owned() };
        return show(&state, &ctx, org, StatusCode::UNPROCESSABLE_ENTITY, draft).await;
    }
    if !model::update_details(&state.db, &org, &name, &summary, form.revision, me.id).await? {
        let mut errors = FormErrors::new();
        errors.add(
            "name",
            "Someone else saved these settings while you were editing. The form now shows their version; yours is shown below it so nothing you typed is lost.",
        );
        let fresh = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
        let unsaved = Some(format!("Name: {name}\nSummary: {summary}"));
        let draft = DetailsDraft { errors, unsaved, ..DetailsDraft::of(&fresh) };
        return show(&state, &ctx, fresh, StatusCode::CONFLICT, draft).await;
    }
    state.pages.clear();
    Flash::set(&session, "Settings saved.").await?;
    Ok(Redirect::to(&format!("/o/{slug}/settings")).into_response())
}

#[derive(Deserialize)]
pub struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

/// Owners choose the time zone the organisation's pages and documents show
/// times in.
pub async fn save_time_zone(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<TimeZoneForm>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let Some(zone) = Zone::named(&form.time_zone) else {
        let mut errors = FormErrors::new();
        errors.add("time_zone", "Enter a time zone by its name, for example Europe/London or Europe/Dublin");
        let draft = DetailsDraft { errors, time_zone: form.time_zone.trim().to_owned(), ..DetailsDraft::of(&org) };
        return show(&state, &ctx, org, StatusCode::UNPROCESSABLE_ENTITY, draft).await;
    };
    model::set_time_zone(&state.db, &org, zone.name(), me.id).await?;
    state.pages.clear();
    Flash::set(&session, format!("Times are now shown in {}.", zone.name())).await?;
    Ok(Redirect::to(&format!("/o/{slug}/settings#time-zone")).into_response())
}

pub async fn save_links(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    if org.kind == OrgKind::Trust {
        return Err(AppError::BadRequest("A trust does not list member organisations.".to_owned()));
    }
    // Checkbox lists repeat one field name, which serde's form reader cannot
    // collect into a Vec; read the pairs directly.
    let wanted: Vec<i64> =
        url::form_urlencoded::parse(&body).filter(|(k, _)| k == "org").filter_map(|(_, v)| v.parse().ok()).collect();
    let allowed: Vec<i64> = model::list(&state.db)
        .await?
        .into_iter()
        .filter(|o| o.id != org.id && o.kind != OrgKind::National)
        .filter(|o| org.kind == OrgKind::National || o.kind == OrgKind::Trust)
        .map(|o| o.id)
        .collect();
    if let Some(bad) = wanted.iter().find(|id| !allowed.contains(id)) {
        return Err(AppError::BadRequest(format!("Organisation {bad} cannot be linked here.")));
    }
    model::set_children(&state.db, &org, &wanted, me.id).await?;
    state.pages.clear();
    Flash::set(&session, "The list of organisations has been saved.").await?;
    Ok(Redirect::to(&format!("/o/{slug}/settings")).into_response())
}

/// Recognises PNG, JPEG and WebP by their first bytes (the declared type of
/// an upload is not trusted). SVG is refused: it can carry script.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

pub async fn upload_logo(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let unreadable = || AppError::BadRequest("The upload could not be read. Choose the file again.".to_owned());
    let mut logo = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
        if field.name() == Some("logo") {
            logo = Some(field.bytes().await.map_err(|_| unreadable())?);
        }
    }
    let bytes = logo
        .filter(|b| !b.is_empty())
        .ok_or_else(|| AppError::BadRequest("Choose an image file to upload.".to_owned()))?;
    if bytes.len() > LOGO_LIMIT {
        return Err(AppError::PayloadTooLarge);
    }
    let kind = image_type(&bytes)
        .ok_or_else(|| AppError::UnsupportedMediaType("The logo must be a PNG, JPEG or WebP image.".to_owned()))?;
    model::set_logo(&state.db, &org, Some((bytes.to_vec(), kind)), me.id).await?;
    state.pages.clear();
    Flash::set(&session, "The new logo has been saved.").await?;
    Ok(Redirect::to(&format!("/o/{slug}/settings")).into_response())
}

pub async fn remove_logo(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    model::set_logo(&state.db, &org, None, me.id).await?;
    state.pages.clear();
    Flash::set(&session, "The logo has been removed.").await?;
    Ok(Redirect::to(&format!("/o/{slug}/settings")).into_response())
}

#[cfg(test)]
mod tests {
    use super::image_type;

    #[test]
    fn logos_are_recognised_by_content_not_name() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_type(b"<svg onload=alert(1)>"), None);
    }
}
