//! "Ask for this in another format or language": a short public form whose
//! requests land in an inbox for the organisation's editors. Each editor and
//! owner is told of a new request by email (when mail is set up); once it is
//! dealt with, an editor may delete the requester's contact details.

use crate::storage::BeginWrite;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::mail::letters;
use crate::mail::wording::Tongue;
use crate::orgs::access::{self, Need};
use crate::orgs::model::{self, Org};
use crate::storage::{Db, now};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render, render_with_status};
use crate::{audit, on_db};

/// The formats people can ask for: (value, label).
pub const FORMATS: &[(&str, &str)] = &[
    ("large-print", "Large print"),
    ("easy-read", "Easy read"),
    ("audio", "Audio"),
    ("braille", "Braille"),
    ("language", "Another language"),
    ("other", "Something else"),
];

fn format_label(value: &str) -> &str {
    FORMATS.iter().find(|(v, _)| *v == value).map_or(value, |(_, l)| l)
}

#[derive(Template)]
#[template(path = "values/request_form.html")]
struct RequestPage {
    layout: Layout,
    org: Org,
    formats: &'static [(&'static str, &'static str)],
    errors: FormErrors,
    format: String,
    language: String,
    contact: String,
    details: String,
}

async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

pub async fn form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let layout = ctx.org_layout(&org, format!("Ask for our values in another format or language – {}", org.name));
    render(&RequestPage {
        layout,
        org,
        formats: FORMATS,
        errors: FormErrors::new(),
        format: String::new(),
        language: String::new(),
        contact: String::new(),
        details: String::new(),
    })
}

#[derive(Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    format: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    details: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<RequestForm>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let mut errors = FormErrors::new();
    if !FORMATS.iter().any(|(v, _)| *v == form.format) {
        errors.add("format", "Choose the format you would like");
    }
    let language = form.language.trim().to_owned();
    if form.format == "language" && language.is_empty() {
        errors.add("language", "Say which language you would like");
    } else if language.chars().count() > 100 {
        errors.add("language", "The language must be 100 characters or fewer");
    }
    let contact = form.contact.trim().to_owned();
    if contact.is_empty() {
        errors.add("contact", "Give an email address, phone number or postal address so that we can send it to you");
    } else if contact.chars().count() > 300 {
        errors.add("contact", "The contact details must be 300 characters or fewer");
    }
    let details = form.details.trim().to_owned();
    if details.chars().count() > 2000 {
        errors.add("details", "The details must be 2,000 characters or fewer");
    }
    if !errors.is_empty() {
        let mut layout =
            ctx.org_layout(&org, format!("Ask for our values in another format or language – {}", org.name));
        layout.has_errors = true;
        let page =
            RequestPage { layout, org, formats: FORMATS, errors, format: form.format, language, contact, details };
        return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let sql = "INSERT INTO format_requests (org_id, format, language, contact, details, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
    let editors = "SELECT p.id, p.name, p.email, COALESCE(mp.language, 'en') FROM memberships m \
                   JOIN people p ON p.id = m.person_id LEFT JOIN mail_preferences mp ON mp.person_id = p.id \
                   WHERE m.org_id = $1 AND m.role IN ('owner', 'editor') ORDER BY p.id";
    on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar(sql).bind(org.id).bind(&form.format).bind(&language).bind(&contact).bind(&details).bind(now()).fetch_one(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: None, action: "format_request.create",
            summary: format!("Someone asked for the values in {}", format_label(&form.format)), before: None, after: None,
        })?;
        // Each editor and owner hears of it, as invitations are sent: only
        // when mail is set up (without it the inbox is where requests are seen).
        if state.mail.is_on() {
            let people: Vec<(i64, String, String, String)> = sqlx::query_as(editors).bind(org.id).fetch_all(&mut *tx).await?;
            let inbox_url = format!("{}/o/{}/values/requests", state.mail.public_url(), org.slug);
            let about = letters::FormatRequest {
                org_id: org.id, org_name: &org.name, request_id: id, format: format_label(&form.format),
                language: &language, inbox_url: &inbox_url,
            };
            let messages: Vec<_> = people.iter().map(|(person_id, name, email, language)| {
                let tongue = Tongue::stored(language);
                letters::format_request(&about, letters::To { person_id: *person_id, name, email, tongue })
            }).collect();
            state.mail.queue_many(&mut *tx, &messages).await?;
        }
        tx.commit().await?;
    });
    state.mail.wake();
    Flash::set(&session, format!("Thank you. {} has your request and will send it to you.", org.name)).await?;
    Ok(Redirect::to(&format!("/o/{}/values", org.slug)).into_response())
}

/// A request as editors see it.
#[derive(sqlx::FromRow)]
pub struct Request {
    pub id: i64,
    pub format: String,
    pub language: String,
    pub contact: String,
    pub details: String,
    pub status: String,
    pub created_at: i64,
    /// When an editor deleted the contact details (`contact` is then empty).
    pub contact_deleted_at: Option<i64>,
}

impl Request {
    pub fn format_label(&self) -> &str {
        format_label(&self.format)
    }

    pub fn received_in(&self, zone: &crate::web::zone::Zone) -> String {
        zone.time(self.created_at)
    }

    /// Dealt with (sent or closed), so its contact details may be deleted.
    pub fn is_done(&self) -> bool {
        self.status != "new"
    }
}

/// Requests nobody has dealt with yet: how many, and the newest `limit`.
pub async fn waiting(db: &Db, org_id: i64, limit: i64) -> sqlx::Result<(i64, Vec<Request>)> {
    let count = "SELECT COUNT(*) FROM format_requests WHERE org_id = $1 AND status = 'new'";
    let newest = "SELECT id, format, language, contact, details, status, created_at, contact_deleted_at FROM format_requests \
                  WHERE org_id = $1 AND status = 'new' ORDER BY id DESC LIMIT $2";
    on_db!(db, pool => {
        let n: i64 = sqlx::query_scalar(count).bind(org_id).fetch_one(pool).await?;
        let list = sqlx::query_as::<_, Request>(newest).bind(org_id).bind(limit).fetch_all(pool).await?;
        Ok((n, list))
    })
}

#[derive(Template)]
#[template(path = "values/requests.html")]
struct InboxPage {
    layout: Layout,
    org: Org,
    requests: Vec<Request>,
}

pub async fn inbox(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Editor).await?;
    let sql = "SELECT id, format, language, contact, details, status, created_at, contact_deleted_at FROM format_requests \
               WHERE org_id = $1 ORDER BY CASE status WHEN 'new' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END, id DESC";
    let requests = on_db!(&state.db, pool => sqlx::query_as::<_, Request>(sql).bind(org.id).fetch_all(pool).await)?;
    let layout = ctx.org_layout(&org, format!("Requests for other formats – {}", org.name));
    Ok(no_store(render(&InboxPage { layout, org, requests })?))
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Editor).await?;
    if !["new", "sent", "closed"].contains(&form.status.as_str()) {
        return Err(AppError::BadRequest("Choose new, sent or closed.".to_owned()));
    }
    let sql = "UPDATE format_requests SET status = $1, updated_at = $2 WHERE id = $3 AND org_id = $4";
    let done: bool = on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(&form.status).bind(now()).bind(id).bind(org.id).execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org.id), person_id: Some(me.id), action: "format_request.status",
                summary: format!("Marked format request {id} as {}", form.status), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        done
    });
    if !done {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, format!("Request {id} is now marked {}.", form.status)).await?;
    Ok(Redirect::to(&format!("/o/{}/values/requests", org.slug)).into_response())
}

/// Deletes a dealt-with request's contact details: the request stays, its
/// contact becomes empty, and the audit log records who did it (never the
/// contact itself).
pub async fn delete_contact(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Editor).await?;
    let find = "SELECT status FROM format_requests WHERE id = $1 AND org_id = $2";
    let status: Option<String> =
        on_db!(&state.db, pool => sqlx::query_scalar(find).bind(id).bind(org.id).fetch_optional(pool).await)?;
    if status.ok_or(AppError::NotFound)? == "new" {
        return Err(AppError::Conflict(format!(
            "Request {id} is still new. Mark it sent or closed first, then delete its contact details."
        )));
    }
    let sql = "UPDATE format_requests SET contact = '', contact_deleted_at = $1, updated_at = $1 \
               WHERE id = $2 AND org_id = $3 AND status <> 'new' AND contact_deleted_at IS NULL";
    let done: bool = on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(now()).bind(id).bind(org.id).execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org.id), person_id: Some(me.id), action: "format_request.delete_contact",
                summary: format!("Deleted the contact details of format request {id}"), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        done
    });
    let message = if done {
        format!("The contact details of request {id} are deleted.")
    } else {
        format!("The contact details of request {id} were already deleted.")
    };
    Flash::set(&session, message).await?;
    Ok(Redirect::to(&format!("/o/{}/values/requests", org.slug)).into_response())
}
