//! Tags and links on an item's page: editors put the organisation's tags on
//! an item (an existing one offered as they type, or a new one) and take them
//! off, and tick the values and strategy objectives it concerns. A value
//! must be in the organisation's published framework and an objective in
//! one of its strategies; if any is not, nothing of the form is saved.

use axum::extract::{Path, State as AppStateExtract};
use axum::http::StatusCode;
use axum::response::Response;
use tower_sessions::Session;

use super::item::{Fields, back, current, show};
use super::tags::{self, Labels, MAX_TAGS_PER_ITEM, Objective, Tag};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::orgs::model::Org;
use crate::storage::Db;
use crate::web::PageContext;
use crate::web::forms::{Form, FormErrors};

/// What the item's page shows and offers for tags and links.
pub struct OnPage {
    /// The item's own.
    pub mine: Labels,
    /// Every tag of the organisation, offered as one types.
    pub tags: Vec<Tag>,
    /// The published framework's values: (key, name).
    pub values: Vec<(String, String)>,
    pub objectives: Vec<Objective>,
}

impl OnPage {
    pub async fn load(db: &Db, org_id: i64, id: i64) -> Result<OnPage, AppError> {
        let mine = tags::labels(db, org_id, &[id]).await?.remove(&id).unwrap_or_default();
        Ok(OnPage {
            mine,
            tags: tags::of_org(db, org_id).await?,
            values: published_values(db, org_id).await?,
            objectives: tags::objectives_of_org(db, org_id).await?,
        })
    }

    pub fn has_value(&self, key: &str) -> bool {
        self.mine.values.iter().any(|k| k == key)
    }

    pub fn has_objective(&self, id: &i64) -> bool {
        self.mine.objectives.iter().any(|o| o.id == *id)
    }

    /// A linked value's name, or its key when the framework no longer has it.
    pub fn value_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.values.iter().find(|(k, _)| k == key).map_or(key, |(_, name)| name.as_str())
    }
}

/// The organisation's published values: (key, name), in its order.
pub async fn published_values(db: &Db, org_id: i64) -> Result<Vec<(String, String)>, AppError> {
    let framework = crate::values::store::current(db, org_id).await?;
    Ok(framework.map_or(Vec::new(), |v| v.content.values.into_iter().map(|v| (v.key, v.name)).collect()))
}

/// The item, or 404 when the organisation has no such item.
async fn refused(
    state: &AppState,
    ctx: &PageContext,
    editor: OrgEditor,
    id: i64,
    field: &str,
    message: String,
    typed: Fields,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    errors.add(field, message);
    show(state, ctx, editor, id, StatusCode::UNPROCESSABLE_ENTITY, errors, typed).await
}

/// `POST …/inbox/{id}/tags`: puts the tag `tag` on the item.
pub async fn add_tag(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let reference = current(&state, &editor.org, id).await?.line.reference;
    let typed = fields.get("tag").map_or("", String::as_str);
    match put_tag(&state.db, editor.org.id, id, &reference, typed, editor.person.id).await? {
        Ok(name) => {
            Flash::set(&session, format!("{reference} is tagged “{name}”.")).await?;
            Ok(back(&editor.org, id, "tags"))
        }
        Err(message) => refused(&state, &ctx, editor, id, "tag", message, fields).await,
    }
}

/// Puts the tag typed on item `id` by the page's rules (tidied, made when
/// new, at most [`MAX_TAGS_PER_ITEM`] on an item), audited: the tag's name,
/// or why it was refused. The page and the API both tag through here.
pub async fn put_tag(
    db: &Db,
    org_id: i64,
    id: i64,
    reference: &str,
    typed: &str,
    by: i64,
) -> Result<Result<String, String>, AppError> {
    let name = match tags::tidy(typed) {
        Ok(name) => name,
        Err(message) => return Ok(Err(message)),
    };
    if !tags::add(db, org_id, id, reference, &name, by).await? {
        return Ok(Err(format!("An item can have at most {MAX_TAGS_PER_ITEM} tags: take one off first")));
    }
    Ok(Ok(name))
}

/// `POST …/inbox/{id}/tags/remove`: takes the tag with id `tag` off the item.
pub async fn remove_tag(
    AppStateExtract(state): AppStateExtract<AppState>,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let reference = current(&state, &editor.org, id).await?.line.reference;
    let tag = fields.get("tag").and_then(|t| t.trim().parse::<i64>().ok()).ok_or(AppError::NotFound)?;
    if !tags::remove(&state.db, editor.org.id, id, &reference, tag, editor.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, format!("The tag is taken off {reference}.")).await?;
    Ok(back(&editor.org, id, "tags"))
}

/// The most links of each kind on one item.
const LINKS_MAX: usize = 50;

/// `POST …/inbox/{id}/links`: the checkboxes `value` (keys) and `objective`
/// (ids), replacing what was there.
pub async fn save_links(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let reference = current(&state, &editor.org, id).await?.line.reference;
    let values: Vec<String> = fields.iter().filter(|(k, _)| k == "value").map(|(_, v)| v.clone()).collect();
    let mut objectives = Vec::new();
    for (_, v) in fields.iter().filter(|(k, _)| k == "objective") {
        let Ok(objective) = v.trim().parse::<i64>() else {
            return refused(&state, &ctx, editor, id, "objective", not_an_objective(v), Fields::new()).await;
        };
        objectives.push(objective);
    }
    match put_links(&state.db, &editor.org, id, &reference, values, objectives, editor.person.id).await? {
        Ok(()) => {
            Flash::set(&session, format!("The values and objectives {reference} concerns are saved.")).await?;
            Ok(back(&editor.org, id, "tags"))
        }
        Err(refusal) => refused(&state, &ctx, editor, id, refusal.field, refusal.message, Fields::new()).await,
    }
}

/// Why links were refused: the field (`value` or `objective`) and why.
pub struct Refusal {
    pub field: &'static str,
    pub message: String,
}

/// Replaces the values (keys) and objectives (ids) item `id` concerns, by
/// the page's rules: each once, at most [`LINKS_MAX`] of each, values from
/// the published framework and objectives of the organisation's own
/// strategies; if any is not, nothing changes. Audited. The page and the
/// API both link through here.
pub async fn put_links(
    db: &Db,
    org: &Org,
    id: i64,
    reference: &str,
    values: Vec<String>,
    objectives: Vec<i64>,
    by: i64,
) -> Result<Result<(), Refusal>, AppError> {
    let mut values: Vec<String> = values.iter().map(|v| v.trim().to_owned()).collect();
    values.sort();
    values.dedup();
    let mut once = Vec::with_capacity(objectives.len());
    for objective in objectives {
        if !once.contains(&objective) {
            once.push(objective);
        }
    }
    if values.len() > LINKS_MAX || once.len() > LINKS_MAX {
        let message = format!("Choose at most {LINKS_MAX} values and {LINKS_MAX} objectives");
        return Ok(Err(Refusal { field: "value", message }));
    }
    let known = published_values(db, org.id).await?;
    if let Some(bad) = values.iter().find(|k| !known.iter().any(|(key, _)| key == *k)) {
        let shown: String = bad.chars().take(60).collect();
        let message =
            format!("“{shown}” is not one of {}'s published values: reload the page and choose again", org.name);
        return Ok(Err(Refusal { field: "value", message }));
    }
    Ok(match tags::link(db, org.id, id, reference, &values, &once, by).await? {
        Ok(()) => Ok(()),
        Err(bad) => Err(Refusal { field: "objective", message: not_an_objective(&bad.to_string()) }),
    })
}

fn not_an_objective(shown: &str) -> String {
    let shown: String = shown.chars().take(30).collect();
    format!(
        "Objective “{shown}” is not one of this organisation's strategy objectives: reload the page and choose again"
    )
}
