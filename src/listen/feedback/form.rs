//! The public form at `/o/{slug}/feedback`: anyone, no account, phone-sized
//! and working without JavaScript. Contact details are kept only when the
//! sender ticks the box that asks for a reply. Instead of a CAPTCHA, a
//! honeypot field people never see and a minimum fill time ([`fill_time`]);
//! sends are rate-limited per address in memory by the same limiter as
//! survey responses, and the address is never stored.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::fill_time::{self, Refused};
use super::intake::{self, NewFeedback};
use super::personal_data::is_phone_number;
use super::store::{Kind, NewItem};
use crate::app::AppState;
use crate::auth::secrets;
use crate::auth::signin::ClientAddress;
use crate::consultations::respond::signing_key;
use crate::error::AppError;
use crate::listen::settings::{self, Settings};
use crate::orgs::model::{self, Org};
use crate::storage::now;
use crate::web::forms::{Form, FormErrors, looks_like_email};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// The longest text a sender may write, in characters.
pub const MAX_BODY: usize = 5_000;
/// The longest contact detail.
const MAX_CONTACT: usize = 254;
/// The honeypot's name: a field people never see (hidden by the style
/// sheet and from screen readers), which scripts that fill every field fill.
const HONEYPOT: &str = "website";

type Fields = HashMap<String, String>;

#[derive(Template)]
#[template(path = "listen/form.html")]
struct Page {
    layout: Layout,
    org: Org,
    settings: Settings,
    errors: FormErrors,
    typed: Fields,
    kinds: [Kind; 3],
    /// The signed time the form was served.
    stamp: String,
    max_body: usize,
}

impl Page {
    fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }

    fn body_hint(&self) -> String {
        format!("Please leave out names, dates of birth and NHS numbers. Up to {} characters.", self.max_body)
    }

    fn chose(&self, field: &str, value: &str) -> bool {
        self.typed(field) == value
    }
}

async fn show(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    status: StatusCode,
    errors: FormErrors,
    typed: Fields,
) -> Result<Response, AppError> {
    let settings = settings::load(&state.db, org.id).await?;
    let key = signing_key(state).await?;
    let mut layout = ctx.org_layout(&org, format!("Send feedback or an idea – {}", org.name));
    layout.has_errors = !errors.is_empty();
    let page = Page {
        stamp: fill_time::stamp(key, org.id, now()),
        layout,
        org,
        settings,
        errors,
        typed,
        kinds: Kind::ALL,
        max_body: MAX_BODY,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    show(&state, &ctx, org, StatusCode::OK, FormErrors::new(), Fields::new()).await
}

/// Checks what was sent against the organisation's lists; the item, or
/// every problem at once.
pub fn check(settings: &Settings, fields: &Fields) -> Result<NewItem, FormErrors> {
    let text = |name: &str| fields.get(name).map_or("", |v| v.trim());
    let mut errors = FormErrors::new();
    let kind = Kind::parse(text("kind"));
    if kind.is_none() {
        errors.add("kind-feedback", "Choose whether this is feedback, an idea or a compliment");
    }
    let service = text("service").to_owned();
    if !service.is_empty() && !settings.services.contains(&service) {
        errors.add("service", "Choose a service or area from the list");
    }
    let body = text("body").to_owned();
    if body.is_empty() {
        errors.add("body", "Tell us what happened, or your idea");
    } else if body.chars().count() > MAX_BODY {
        errors.add("body", format!("Keep what you write to {MAX_BODY} characters or fewer"));
    }
    let wants_reply = text("reply") == "yes";
    let contact = text("contact");
    if wants_reply {
        if contact.is_empty() {
            errors.add("contact", "Enter an email address or phone number for our reply, or untick the box");
        } else if contact.len() > MAX_CONTACT || !(looks_like_email(contact) || is_phone_number(contact)) {
            errors
                .add("contact", "Enter an email address like name@example.com or a UK phone number like 07700 900123");
        }
    }
    let neighbourhood = text("neighbourhood").to_owned();
    if !neighbourhood.is_empty() && !settings.neighbourhoods.contains(&neighbourhood) {
        errors.add("neighbourhood", "Choose a neighbourhood or group from the list");
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(NewItem {
            kind,
            service,
            neighbourhood,
            body,
            // Without the box ticked, whatever was typed is dropped here.
            contact: wants_reply.then(|| contact.to_owned()),
        }),
        _ => Err(errors),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientAddress(address): ClientAddress,
    Path(slug): Path<String>,
    Form(mut fields): Form<Fields>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    state.response_limits.check(address)?;
    let settings = settings::load(&state.db, org.id).await?;
    let key = signing_key(&state).await?;
    let mut errors = FormErrors::new();
    let min = i64::try_from(state.config.feedback_min_fill.as_secs()).unwrap_or(i64::MAX);
    let stamp = fields.get("started").map_or("", String::as_str);
    if fields.get(HONEYPOT).is_some_and(|v| !v.is_empty()) {
        errors.add("body", "This looked like an automated message, so it was not sent. If you are a person, check what you wrote and send it again.");
    } else {
        match fill_time::check(key, org.id, stamp, now(), min) {
            Ok(()) => {}
            Err(Refused::TooFast) => errors.add("body", "This was sent too quickly after the page opened, so it was not sent. Check what you wrote and send it again."),
            Err(Refused::Unreadable) => errors.add("body", "This form had expired, so it was not sent. Check what you wrote and send it again."),
        }
    }
    fields.remove(HONEYPOT);
    let item = match check(&settings, &fields) {
        Ok(item) if errors.is_empty() => item,
        Ok(_) => return show(&state, &ctx, org, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await,
        Err(more) => {
            for e in more.list {
                errors.add(&e.field, e.message);
            }
            return show(&state, &ctx, org, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
        }
    };
    let token = secrets::new_token();
    let today = org.today();
    let row = NewFeedback::new(org.id, today, &settings, &item, secrets::token_hash(&token));
    let reference = intake::submit(&state, row).await?;
    let dropped = if item.contact.is_none() && fields.get("contact").is_some_and(|c| !c.trim().is_empty()) {
        "&dropped=1"
    } else {
        ""
    };
    tracing::info!(org = org.id, %reference, "feedback received");
    Ok(Redirect::to(&format!("/o/{}/feedback/status/{token}?sent=1{dropped}", org.slug)).into_response())
}
