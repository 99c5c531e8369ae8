//! The public form at `/o/{slug}/feedback`: anyone, no account, phone-sized
//! and working without JavaScript. Contact details are kept only when the
//! sender ticks the box that asks for a reply. Instead of a CAPTCHA, a
//! honeypot field people never see and a minimum fill time ([`fill_time`]);
//! sends are rate-limited per address in memory by the same limiter as
//! survey responses, and the address is never stored. The form speaks the
//! organisation's languages (`?lang=cy`, [`super::languages`]) and posts
//! the one it was shown in, which is kept with the item.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::fill_time::{self, Refused};
use super::intake::{self, NewFeedback};
use super::languages::{self, Words};
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
use crate::values::languages::Language;
use crate::values::public::{LangQuery, Switch};
use crate::values::translation::Text;
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
    words: Words,
    /// The organisation's languages, when it has more than English.
    switcher: Vec<Switch>,
}

impl Page {
    fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }

    fn body_hint(&self) -> String {
        self.words.labels.with("body_hint", "n", self.max_body).to_string()
    }

    /// A kind's choice in the page's language.
    fn kind_label(&self, kind: &Kind) -> Text {
        self.words.labels.get(&format!("kind_{}", kind.as_str()))
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
    (language, have): (&'static Language, &[&'static Language]),
) -> Result<Response, AppError> {
    let settings = settings::load(&state.db, org.id).await?;
    let key = signing_key(state).await?;
    let words = Words::new(language);
    // The title's "Error:" in the page's language, so the layout adds none.
    let error = if errors.is_empty() { String::new() } else { format!("{} ", words.labels.attr("error")) };
    let mut layout = ctx.org_layout(&org, format!("{error}{} – {}", words.labels.attr("title"), org.name));
    if !language.is_default() {
        layout.lang = Some((language.tag(), language.dir));
    }
    let switcher = languages::switcher(&format!("/o/{}/feedback", org.slug), have, language);
    let page = Page {
        words,
        switcher,
        stamp: fill_time::stamp(key, org.id, now()),
        layout,
        org,
        settings,
        errors,
        typed,
        kinds: Kind::ALL,
        max_body: MAX_BODY,
    };
    let mut response = no_store(render_with_status(status, &page)?);
    response.headers_mut().insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
    Ok(response)
}

async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let have = languages::of_org(&state.db, org.id).await?;
    let language = languages::asked(query.lang.as_deref(), &have)?;
    show(&state, &ctx, org, StatusCode::OK, FormErrors::new(), Fields::new(), (language, &have)).await
}

/// Checks what was sent against the organisation's lists; the item (in
/// the language of `words`), or every problem at once, said in that
/// language.
pub fn check(settings: &Settings, fields: &Fields, words: &Words) -> Result<NewItem, FormErrors> {
    let text = |name: &str| fields.get(name).map_or("", |v| v.trim());
    let say = |key: &str| words.labels.plain(key);
    let mut errors = FormErrors::new();
    let kind = Kind::parse(text("kind"));
    if kind.is_none() {
        errors.add("kind-feedback", say("err_kind"));
    }
    let service = text("service").to_owned();
    if !service.is_empty() && !settings.services.contains(&service) {
        errors.add("service", say("err_service"));
    }
    let body = text("body").to_owned();
    if body.is_empty() {
        errors.add("body", say("err_body"));
    } else if body.chars().count() > MAX_BODY {
        errors.add("body", say("err_body_long").replace("{n}", &MAX_BODY.to_string()));
    }
    let wants_reply = text("reply") == "yes";
    let contact = text("contact");
    if wants_reply {
        if contact.is_empty() {
            errors.add("contact", say("err_contact_missing"));
        } else if contact.len() > MAX_CONTACT || !(looks_like_email(contact) || is_phone_number(contact)) {
            errors.add("contact", say("err_contact_invalid"));
        }
    }
    let neighbourhood = text("neighbourhood").to_owned();
    if !neighbourhood.is_empty() && !settings.neighbourhoods.contains(&neighbourhood) {
        errors.add("neighbourhood", say("err_neighbourhood"));
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(NewItem {
            language: words.language.code,
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
    let have = languages::of_org(&state.db, org.id).await?;
    let language = languages::posted(fields.get("lang").map_or("", String::as_str), &have);
    let words = Words::new(language);
    let mut errors = FormErrors::new();
    let min = i64::try_from(state.config.feedback_min_fill.as_secs()).unwrap_or(i64::MAX);
    let stamp = fields.get("started").map_or("", String::as_str);
    if fields.get(HONEYPOT).is_some_and(|v| !v.is_empty()) {
        errors.add("body", words.labels.plain("err_automated"));
    } else {
        match fill_time::check(key, org.id, stamp, now(), min) {
            Ok(()) => {}
            Err(Refused::TooFast) => errors.add("body", words.labels.plain("err_too_fast")),
            Err(Refused::Unreadable) => errors.add("body", words.labels.plain("err_expired")),
        }
    }
    fields.remove(HONEYPOT);
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    let item = match check(&settings, &fields, &words) {
        Ok(item) if errors.is_empty() => item,
        Ok(_) => return show(&state, &ctx, org, refused, errors, fields, (language, &have)).await,
        Err(more) => {
            for e in more.list {
                errors.add(&e.field, e.message);
            }
            return show(&state, &ctx, org, refused, errors, fields, (language, &have)).await;
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
