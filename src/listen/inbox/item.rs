//! One item in the inbox, `/o/{slug}/feedback/inbox/{id}`: what was sent,
//! any personal data flagged, the clock, and the editors' forms — move it on
//! (with a signpost when it is not for us, a reply when answered), assign
//! it to a member, add an internal note. Each change is audited. The forms
//! that show an item in public (an idea on the ideas page, its answer, an
//! entry on "You said, we did") are handled in [`crate::listen::public`].

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State as AppStateExtract};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::labels::OnPage;
use super::moves::{self, MAX_TEXT, Refused};
use super::states::State;
use super::store::{self, Change, Item, Note};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::listen::public::{self, store::Public};
use crate::orgs::access::OrgEditor;
use crate::orgs::model::Org;
use crate::values::languages::{self, Language};
use crate::values::model::Value;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

pub(super) type Fields = HashMap<String, String>;

#[derive(Template)]
#[template(path = "listen/item.html")]
struct Page {
    layout: Layout,
    org: Org,
    item: Item,
    notes: Vec<Note>,
    members: Vec<(i64, String)>,
    errors: FormErrors,
    typed: Fields,
    /// Mail is set up, so replies can go by email.
    mail_on: bool,
    /// What is shown of it in public.
    public: Public,
    /// The organisation's published values, for "You said, we did".
    values: Vec<Value>,
    /// Its tags and links, and what may be chosen ([`super::labels`]).
    labels: OnPage,
}

impl Page {
    /// The language the sender wrote in, so that editors can answer in it.
    fn written_in(&self) -> &'static Language {
        languages::find(&self.item.language).unwrap_or(&languages::DEFAULT)
    }

    fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }

    fn is_assigned(&self, id: &i64) -> bool {
        self.item.assignee_id == Some(*id)
    }

    /// A public field as typed (after an error) or as saved.
    fn public_field<'a>(&'a self, field: &str, saved: &'a str) -> &'a str {
        self.typed.get(field).map_or(saved, String::as_str)
    }

    /// The idea's public summary: as typed, as saved, or the sender's words
    /// when nothing was flagged in them and none was written yet.
    fn summary(&self) -> &str {
        let saved = if self.public.summary.is_empty() && self.item.line.flags.is_empty() {
            &self.item.body
        } else {
            &self.public.summary
        };
        self.public_field("summary", saved)
    }

    /// The "you said, we did" value is chosen: as typed, as saved, or —
    /// before the entry was first written — as the item is linked to it in
    /// the inbox, so the editor does not choose the same values twice.
    fn value_chosen(&self, key: &str) -> bool {
        if self.you_said_typed() {
            self.typed.contains_key(&format!("value-{key}"))
        } else if self.public.you_said.is_empty() && !self.public.shown && self.public.values.is_empty() {
            self.labels.has_value(key)
        } else {
            self.public.values.iter().any(|k| k == key)
        }
    }

    /// The "show it" box is ticked (as typed or as saved).
    fn shown(&self) -> bool {
        if self.you_said_typed() { self.typed.contains_key("shown") } else { self.public.shown }
    }

    /// The "You said, we did" form was sent and refused: its boxes show as
    /// they were ticked.
    fn you_said_typed(&self) -> bool {
        self.typed("form") == "you-said"
    }

    /// The day it changed: as typed, as saved, or today.
    fn changed_on(&self) -> String {
        let saved = if self.public.changed_on.is_empty() {
            self.org.today().to_string()
        } else {
            self.public.changed_on.clone()
        };
        self.public_field("changed_on", &saved).to_owned()
    }

    /// The item has been answered, so it may show on "You said, we did".
    fn answered(&self) -> bool {
        matches!(self.item.line.state, State::Responded | State::Closed)
    }
}

/// The item's page; with `errors` and what was `typed` after a refused form.
pub(in crate::listen) async fn show(
    state: &AppState,
    ctx: &PageContext,
    editor: OrgEditor,
    id: i64,
    status: StatusCode,
    errors: FormErrors,
    typed: Fields,
) -> Result<Response, AppError> {
    let org = editor.org;
    let today = org.today();
    let (item, notes) = store::item(&state.db, org.id, id, today).await?.ok_or(AppError::NotFound)?;
    let members = store::members(&state.db, org.id).await?;
    let public = public::store::of(&state.db, org.id, id).await?;
    let values = crate::values::store::current(&state.db, org.id).await?.map(|v| v.content.values).unwrap_or_default();
    let labels = OnPage::load(&state.db, org.id, id).await?;
    let mut layout = ctx.org_layout(&org, format!("{} – Feedback inbox – {}", item.line.reference, org.name));
    layout.has_errors = !errors.is_empty();
    let page =
        Page { layout, org, item, notes, members, errors, typed, mail_on: state.mail.is_on(), public, values, labels };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn page(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    show(&state, &ctx, editor, id, StatusCode::OK, FormErrors::new(), Fields::new()).await
}

/// The item as it stands, or 404 when the organisation has no such item.
pub(in crate::listen) async fn current(state: &AppState, org: &Org, id: i64) -> Result<Item, AppError> {
    let today = org.today();
    Ok(store::item(&state.db, org.id, id, today).await?.ok_or(AppError::NotFound)?.0)
}

pub(in crate::listen) fn back(org: &Org, id: i64, anchor: &str) -> Response {
    Redirect::to(&format!("/o/{}/feedback/inbox/{id}#{anchor}", org.slug)).into_response()
}

pub async fn move_on(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let item = current(&state, &editor.org, id).await?;
    let text = fields.get("text").map_or("", |t| t.trim());
    let asked = fields.get("state").map_or("", String::as_str);
    let to = match moves::check(item.line.state, asked, text) {
        Ok(to) => to,
        Err(refused) => {
            let mut errors = FormErrors::new();
            match refused {
                Refused::Unknown | Refused::NotNext(_) => errors.add("state-choice", "Choose what happens next"),
                Refused::Text(message) => errors.add("text", message),
            }
            return show(&state, &ctx, editor, id, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
        }
    };
    // On the page a written reply is always published, as before the API.
    moves::apply(&state, &editor.org, &item, to, text, true, editor.person.id).await?;
    let reference = &item.line.reference;
    Flash::set(&session, format!("{reference} is now “{}”.", to.label())).await?;
    Ok(back(&editor.org, id, "state"))
}

pub async fn assign(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let item = current(&state, &editor.org, id).await?;
    let members = store::members(&state.db, editor.org.id).await?;
    let chosen = fields.get("person").map_or("", String::as_str);
    let person = if chosen.is_empty() {
        None
    } else {
        match members.iter().find(|(p, _)| p.to_string() == chosen) {
            Some((p, name)) => Some((*p, name.as_str())),
            None => {
                let mut errors = FormErrors::new();
                errors.add("person", format!("Choose a member of {}", editor.org.name));
                return show(&state, &ctx, editor, id, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
            }
        }
    };
    let reference = item.line.reference;
    let said = match person {
        Some((_, name)) => format!("{reference} is assigned to {name}."),
        None => format!("{reference} is assigned to nobody."),
    };
    store::change(&state.db, editor.org.id, id, &reference, Change::Assign { person }, editor.person.id).await?;
    Flash::set(&session, said).await?;
    Ok(back(&editor.org, id, "assign"))
}

pub async fn add_note(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let item = current(&state, &editor.org, id).await?;
    let body = fields.get("note").map_or("", |t| t.trim());
    let mut errors = FormErrors::new();
    if body.is_empty() {
        errors.add("note", "Write the note");
    } else if body.chars().count() > MAX_TEXT {
        errors.add("note", format!("Keep a note to {MAX_TEXT} characters or fewer"));
    }
    if !errors.is_empty() {
        return show(&state, &ctx, editor, id, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
    }
    let reference = item.line.reference;
    store::change(&state.db, editor.org.id, id, &reference, Change::Note { body }, editor.person.id).await?;
    Flash::set(&session, "The note is added.").await?;
    Ok(back(&editor.org, id, "notes"))
}
