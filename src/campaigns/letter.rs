//! The template letter (or intranet article) of the resource pack: written
//! once by the national body's editors at `…/letter`, with the merge fields
//! of the sample posts ([`fields`]), and filled for each taking-part
//! organisation with its published values — on its campaign page and as
//! `…/letter.txt`, plain text to paste into a letter or an intranet page.
//! `{day}` is the campaign's first day. Paragraphs are separated by blank
//! lines.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::access::{CampaignOf, NationalEditor};
use super::fields::{self, FIELDS, Filling};
use super::model::{Campaign, long_day};
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::{BeginWrite, Db, now};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};
use crate::{audit, on_db};

/// The longest letter, in characters (messages say 10,000).
pub const MAX_BODY: usize = 10_000;

/// The letter as the national body wrote it, if it has.
pub async fn written(db: &Db, campaign_id: i64) -> Result<Option<String>, AppError> {
    let sql = "SELECT body FROM campaign_letters WHERE campaign_id = $1";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(campaign_id).fetch_optional(pool).await)?)
}

/// Saves the letter (an empty one removes it), with its audit line.
pub async fn save(db: &Db, c: &Campaign, before: Option<&str>, body: &str, by: i64) -> Result<(), AppError> {
    let t = now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if body.is_empty() {
            sqlx::query("DELETE FROM campaign_letters WHERE campaign_id = $1").bind(c.id).execute(&mut *tx).await?;
        } else {
            sqlx::query("INSERT INTO campaign_letters (campaign_id, body, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (campaign_id) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, \
                         updated_at = excluded.updated_at")
                .bind(c.id).bind(body).bind(by).bind(t).execute(&mut *tx).await?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(c.org_id), person_id: Some(by),
            action: if body.is_empty() { "campaign.letter.remove" } else { "campaign.letter.save" },
            summary: format!("{} the template letter of {}", if body.is_empty() { "Removed" } else { "Saved" }, c.name),
            before: before.map(str::to_owned), after: (!body.is_empty()).then(|| body.to_owned()),
        })?;
        tx.commit().await?;
    });
    Ok(())
}

/// The letter filled for `org` (`values`: already in a sentence), with
/// the line ends made `\n`.
pub fn filled(c: &Campaign, body: &str, org: &Org, values: &str) -> String {
    let (tag, handle, dates, national, day) =
        (c.tag(), c.at_handle(), c.dates(), c.national_values_text(), long_day(c.starts_on));
    let filling = Filling {
        organisation: &org.name,
        values,
        national_values: &national,
        hashtag: &tag,
        handle: &handle,
        dates: &dates,
        day: &day,
    };
    fields::fill(&body.replace("\r\n", "\n"), &filling)
}

/// The letter's paragraphs: text between blank lines, each trimmed.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    out
}

#[derive(Template)]
#[template(path = "campaigns/letter.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    errors: FormErrors,
    body: String,
    fields: [(&'static str, &'static str); 7],
}

fn page(ctx: &PageContext, e: NationalEditor, errors: FormErrors, body: String) -> Result<Response, AppError> {
    let mut layout = ctx.org_layout(&e.org, format!("Template letter – {}", e.campaign.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = Page { layout, errors, body, fields: FIELDS, org: e.org, campaign: e.campaign };
    Ok(no_store(render_with_status(status, &page)?))
}

/// The letter's form (the national body's editors).
pub async fn show(State(state): State<AppState>, ctx: PageContext, e: NationalEditor) -> Result<Response, AppError> {
    let body = written(&state.db, e.campaign.id).await?.unwrap_or_default();
    page(&ctx, e, FormErrors::new(), body)
}

/// Saves the letter; a letter too long or with an unknown field comes back
/// as typed, and the saved one stays.
pub async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    e: NationalEditor,
    session: Session,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let body = form.get("body").map(|b| b.trim().replace("\r\n", "\n")).unwrap_or_default();
    let mut errors = FormErrors::new();
    if fields::length(&body) > MAX_BODY {
        errors.add("body", format!("Keep the letter to 10,000 characters or fewer (it has {})", fields::length(&body)));
    } else if let Some(message) = fields::unknown_message(&body) {
        errors.add("body", message);
    }
    if !errors.is_empty() {
        return page(&ctx, e, errors, body);
    }
    let before = written(&state.db, e.campaign.id).await?;
    save(&state.db, &e.campaign, before.as_deref(), &body, e.person.id).await?;
    Flash::set(
        &session,
        if body.is_empty() { "The template letter is removed." } else { "The template letter is saved." },
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/letter", e.org.slug, e.campaign.slug)).into_response())
}

/// `letter.txt`: the letter filled with the organisation's values, as a
/// download. 404 until the national body has written one.
pub async fn download(State(state): State<AppState>, place: CampaignOf) -> Result<Response, AppError> {
    let CampaignOf { org, campaign } = place;
    let body = written(&state.db, campaign.id).await?.ok_or(AppError::NotFound)?;
    let (values, _) = super::page::values_text(&state, &org, &campaign).await?;
    let mut text = paragraphs(&filled(&campaign, &body, &org, &values)).join("\n\n");
    text.push('\n');
    let mut response = text.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"letter.txt\""));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn paragraphs_are_split_by_blank_lines_and_keep_their_line_breaks() {
        let text = "Dear colleagues,\n\n  \nThis week we\ncelebrate.\n\n\nWith thanks ";
        assert_eq!(paragraphs(text), ["Dear colleagues,", "This week we\ncelebrate.", "With thanks"]);
        assert!(paragraphs(" \n\n").is_empty());
    }
}
