//! Sample posts: written once by the national body's editors at
//! `/o/{slug}/campaigns/{campaign}/posts`, each placed in the schedule,
//! and filled with each taking-part organisation's values on its page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::access::NationalEditor;
use super::fields::{self, FIELDS, Filling, LIMIT};
use super::model::{Campaign, Slot, long_day};
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::{BeginWrite, Db, now};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, encode_query, no_store, render_with_status};
use crate::{audit, on_db};

/// The longest template a national body may write (filled posts are
/// checked against X's limit on each organisation's page).
const MAX_BODY: usize = 1000;

/// A sample post as written.
#[derive(Clone, Debug)]
pub struct Post {
    pub id: i64,
    pub slot: Slot,
    pub body: String,
}

/// The campaign's posts in the order of the schedule.
pub async fn list(db: &Db, c: &Campaign) -> Result<Vec<Post>, AppError> {
    let sql = "SELECT id, slot, day, body FROM campaign_posts WHERE campaign_id = $1 ORDER BY id";
    let rows: Vec<(i64, String, i64, String)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(c.id).fetch_all(pool).await)?;
    let mut posts: Vec<Post> = rows
        .into_iter()
        .filter_map(|(id, slot, day, body)| Slot::from_parts(&slot, day).map(|slot| Post { id, slot, body }))
        .collect();
    posts.sort_by_key(|p| (p.slot.order(c), p.id));
    Ok(posts)
}

/// Adds a checked post.
pub async fn add(db: &Db, c: &Campaign, slot: Slot, body: &str, by: i64) -> Result<(), AppError> {
    let (name, day) = slot.parts();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("INSERT INTO campaign_posts (campaign_id, slot, day, body, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(c.id).bind(name).bind(day).bind(body).bind(now()).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(c.org_id), person_id: Some(by), action: "campaign.post.add",
            summary: format!("Added a sample post to {} ({})", c.name, slot.label(c)),
            before: None, after: Some(body.to_owned()),
        })?;
        tx.commit().await?;
    });
    Ok(())
}

/// A sample post filled for one organisation, with its date and links.
pub struct Filled {
    pub id: i64,
    pub label: String,
    pub date: String,
    pub text: String,
    pub length: usize,
    pub over: bool,
    pub x_url: String,
    pub linkedin_url: String,
    pub facebook_url: String,
}

/// Every post filled with `org`'s values (`values`: already in a sentence)
/// for sharing `page_url`.
pub fn filled(c: &Campaign, posts: &[Post], org: &Org, values: &str, page_url: &str) -> Vec<Filled> {
    let (tag, handle, dates, national) = (c.tag(), c.at_handle(), c.dates(), c.national_values_text());
    posts
        .iter()
        .map(|p| {
            let date = p.slot.date(c);
            let day = long_day(date);
            let text = fields::fill(
                &p.body,
                &Filling {
                    organisation: &org.name,
                    values,
                    national_values: &national,
                    hashtag: &tag,
                    handle: &handle,
                    dates: &dates,
                    day: &day,
                },
            );
            let length = fields::length(&text);
            // X adds the hashtag itself when the text does not carry it.
            let hashtags = if c.hashtag.is_empty() || text.contains(&tag) { String::new() } else { c.hashtag.clone() };
            let mut x_url = format!("https://x.com/intent/post?text={}", encode_query(&text));
            if !hashtags.is_empty() {
                x_url.push_str(&format!("&hashtags={}", encode_query(&hashtags)));
            }
            Filled {
                id: p.id,
                label: p.slot.label(c),
                date: day,
                over: length > LIMIT,
                length,
                x_url,
                linkedin_url: format!("https://www.linkedin.com/sharing/share-offsite/?url={}", encode_query(page_url)),
                facebook_url: format!("https://www.facebook.com/sharer/sharer.php?u={}", encode_query(page_url)),
                text,
            }
        })
        .collect()
}

/// A post as the national body's list shows it.
struct Line {
    id: i64,
    label: String,
    date: String,
    body: String,
}

#[derive(Template)]
#[template(path = "campaigns/posts.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    posts: Vec<Line>,
    errors: FormErrors,
    body: String,
    slot: String,
    day: String,
    fields: [(&'static str, &'static str); 7],
    limit: usize,
}

fn page(
    ctx: &PageContext,
    e: NationalEditor,
    posts: &[Post],
    errors: FormErrors,
    typed: &HashMap<String, String>,
) -> Page {
    let mut layout = ctx.org_layout(&e.org, format!("Sample posts – {}", e.campaign.name));
    layout.has_errors = !errors.is_empty();
    let c = &e.campaign;
    let posts = posts
        .iter()
        .map(|p| Line { id: p.id, label: p.slot.label(c), date: long_day(p.slot.date(c)), body: p.body.clone() })
        .collect();
    let get = |k: &str| typed.get(k).cloned().unwrap_or_default();
    Page {
        layout,
        posts,
        errors,
        body: get("body"),
        slot: get("slot"),
        day: get("day"),
        fields: FIELDS,
        limit: LIMIT,
        org: e.org,
        campaign: e.campaign,
    }
}

/// The posts and the form to add one.
pub async fn show(State(state): State<AppState>, ctx: PageContext, e: NationalEditor) -> Result<Response, AppError> {
    let posts = list(&state.db, &e.campaign).await?;
    let page = page(&ctx, e, &posts, FormErrors::new(), &HashMap::new());
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

/// Adds a post; an unknown `{field}` or a missing slot is refused.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    e: NationalEditor,
    session: Session,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    let get = |k: &str| form.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let body = get("body");
    if body.is_empty() {
        errors.add("body", "Write the sample post");
    } else if fields::length(&body) > MAX_BODY {
        errors.add("body", format!("Keep the post to {MAX_BODY} characters or fewer"));
    } else if let Some(message) = fields::unknown_message(&body) {
        errors.add("body", message);
    }
    let day = get("day").parse::<i64>().unwrap_or(0);
    let slot = match get("slot").as_str() {
        "day" if !(1..=e.campaign.days()).contains(&day) => {
            errors.add("day", format!("Enter the day as a number from 1 to {}", e.campaign.days()));
            None
        }
        other => Slot::from_parts(other, day),
    };
    if slot.is_none() && errors.get("day").is_none() {
        errors.add("slot", "Choose when the post goes out");
    }
    match slot {
        Some(slot) if errors.is_empty() => {
            add(&state.db, &e.campaign, slot, &body, e.person.id).await?;
            Flash::set(&session, "The sample post is added.").await?;
            Ok(Redirect::to(&format!("/o/{}/campaigns/{}/posts", e.org.slug, e.campaign.slug)).into_response())
        }
        _ => {
            let posts = list(&state.db, &e.campaign).await?;
            let page = page(&ctx, e, &posts, errors, &form);
            Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?))
        }
    }
}

/// Removes a post.
pub async fn delete(
    State(state): State<AppState>,
    e: NationalEditor,
    session: Session,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    let c = &e.campaign;
    let done = on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        let body: Option<String> = sqlx::query_scalar("DELETE FROM campaign_posts WHERE id = $1 AND campaign_id = $2 RETURNING body")
            .bind(id).bind(c.id).fetch_optional(&mut *tx).await?;
        if let Some(body) = &body {
            audit!(&mut *tx, Event {
                org_id: Some(c.org_id), person_id: Some(e.person.id), action: "campaign.post.delete",
                summary: format!("Removed a sample post from {}", c.name), before: Some(body.clone()), after: None,
            })?;
        }
        tx.commit().await?;
        body.is_some()
    });
    if !done {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "The sample post is removed.").await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/posts", e.org.slug, c.slug)).into_response())
}
