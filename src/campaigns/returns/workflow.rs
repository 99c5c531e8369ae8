//! A return's way through: draft → submitted (an owner of the organisation
//! signs it off) → accepted, or sent back with a comment by the national
//! body's editors, which makes it editable again. Every step is one
//! transaction with its audit line, and a step from the wrong state
//! changes nothing (409).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::derived::{self, DERIVED};
use super::store::SNAPSHOT;
use super::{ReturnStatus, form};
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::Flash;
use crate::campaigns::access::{LocalEditor, NationalEditor};
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::orgs::access::{Role, role_of};
use crate::storage::{BeginWrite, Db, now};
use crate::web::PageContext;
use crate::web::forms::{Form, FormErrors};
use crate::{audit, on_db};

/// The longest comment sent back with a return.
pub const MAX_COMMENT: usize = 2000;

/// Moves the return from one of `from` to `to`, with who did it and when;
/// false when it was in none of `from`. A submission keeps what Ethos
/// derived at that moment.
pub async fn step(
    db: &Db,
    c: &Campaign,
    org_id: i64,
    from: &[ReturnStatus],
    to: ReturnStatus,
    comment: &str,
    by: i64,
) -> Result<bool, AppError> {
    let t = now();
    let snapshot: Vec<(String, i64)> = if to == ReturnStatus::Submitted {
        let live = derived::all(db, c.id).await?;
        DERIVED
            .iter()
            .map(|d| {
                (format!("{SNAPSHOT}{}", d.key), live.get(d.key).and_then(|m| m.get(&org_id)).copied().unwrap_or(0))
            })
            .collect()
    } else {
        Vec::new()
    };
    let states = from.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ");
    let (who, when) =
        if to == ReturnStatus::Submitted { ("submitted_by", "submitted_at") } else { ("decided_by", "decided_at") };
    let sql = format!(
        "UPDATE campaign_returns SET status = $1, {who} = $2, {when} = $3, comment = $4, updated_at = $3 \
         WHERE campaign_id = $5 AND org_id = $6 AND status IN ({states})"
    );
    let before = from.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" or ");
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("INSERT INTO campaign_returns (campaign_id, org_id, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT DO NOTHING")
            .bind(c.id).bind(org_id).bind(t).execute(&mut *tx).await?;
        let moved = sqlx::query(&sql).bind(to.as_str()).bind(by).bind(t).bind(comment).bind(c.id).bind(org_id)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if !moved {
            return Ok(false);
        }
        if !snapshot.is_empty() {
            sqlx::query("DELETE FROM campaign_return_figures WHERE campaign_id = $1 AND org_id = $2 AND field LIKE 'derived:%'")
                .bind(c.id).bind(org_id).execute(&mut *tx).await?;
            for (field, value) in &snapshot {
                sqlx::query("INSERT INTO campaign_return_figures (campaign_id, org_id, field, value) VALUES ($1, $2, $3, $4)")
                    .bind(c.id).bind(org_id).bind(field).bind(value).execute(&mut *tx).await?;
            }
        }
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(by),
            action: match to {
                ReturnStatus::Submitted => "campaign.return.submit",
                ReturnStatus::Accepted => "campaign.return.accept",
                _ => "campaign.return.send_back",
            },
            summary: format!("{} return: {}", c.name, to.label()),
            before: Some(before), after: Some(if comment.is_empty() { to.as_str().to_owned() } else { format!("{}: {comment}", to.as_str()) }),
        })?;
        tx.commit().await?;
        Ok::<bool, AppError>(true)
    })
}

/// An owner signs the return off and sends it; an editor is refused (403).
pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    e: LocalEditor,
    Form(_): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    form::taking_part(&e)?;
    if role_of(&state.db, e.org.id, e.person.id).await? != Some(Role::Owner) {
        return Err(AppError::Forbidden);
    }
    let from = [ReturnStatus::Draft, ReturnStatus::Returned];
    if !step(&state.db, &e.campaign, e.org.id, &from, ReturnStatus::Submitted, "", e.person.id).await? {
        return Err(AppError::Conflict("This return has been submitted already.".to_owned()));
    }
    Flash::set(&session, format!("The return is signed off and sent to the organisers of {}.", e.campaign.name))
        .await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/return", e.org.slug, e.campaign.slug)).into_response())
}

/// The taking-part organisation named by the path's `{org}`.
async fn org_of(state: &AppState, e: &NationalEditor, slug: &str) -> Result<crate::orgs::model::Org, AppError> {
    let org = crate::orgs::model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if !crate::campaigns::store::takes_part(&state.db, e.campaign.id, org.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(org)
}

fn dashboard(e: &NationalEditor) -> String {
    format!("/o/{}/campaigns/{}/returns", e.org.slug, e.campaign.slug)
}

/// The national body accepts a submitted return.
pub async fn accept(
    State(state): State<AppState>,
    session: Session,
    e: NationalEditor,
    Path(p): Path<HashMap<String, String>>,
    Form(_): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let org = org_of(&state, &e, p.get("org").map_or("", String::as_str)).await?;
    let from = [ReturnStatus::Submitted];
    if !step(&state.db, &e.campaign, org.id, &from, ReturnStatus::Accepted, "", e.person.id).await? {
        return Err(AppError::Conflict(format!("{}'s return is not waiting for a decision.", org.name)));
    }
    Flash::set(&session, format!("{}'s return is accepted.", org.name)).await?;
    Ok(Redirect::to(&dashboard(&e)).into_response())
}

/// The national body sends a submitted return back with a comment.
pub async fn send_back(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    e: NationalEditor,
    Path(p): Path<HashMap<String, String>>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let org = org_of(&state, &e, p.get("org").map_or("", String::as_str)).await?;
    let comment = f.get("comment").map_or("", |c| c.trim()).to_owned();
    let field = format!("comment-{}", org.slug);
    let mut errors = FormErrors::new();
    if comment.is_empty() {
        errors.add(
            &field,
            format!("Write a comment saying what {} should change; it is shown on their return", org.name),
        );
    } else if comment.chars().count() > MAX_COMMENT {
        errors.add(&field, format!("Keep the comment to {MAX_COMMENT} characters or fewer"));
    }
    if !errors.is_empty() {
        let typed = HashMap::from([(field, comment)]);
        return super::dashboard::page(&state, &ctx, e, errors, typed).await;
    }
    let comment = comment.as_str();
    let from = [ReturnStatus::Submitted];
    if !step(&state.db, &e.campaign, org.id, &from, ReturnStatus::Returned, comment, e.person.id).await? {
        return Err(AppError::Conflict(format!("{}'s return is not waiting for a decision.", org.name)));
    }
    Flash::set(&session, format!("{}'s return is sent back with your comment.", org.name)).await?;
    Ok(Redirect::to(&dashboard(&e)).into_response())
}
