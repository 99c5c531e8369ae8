//! Writing a note, at `/o/{slug}/thanks/new`: any member of the
//! organisation thanks a colleague there, or one of its teams, tagged to one
//! of its published values and, if they like, one behaviour of that value.
//! Without published values there is nothing to tag a note to, and the page
//! says so. Everything is checked against this organisation's own people,
//! teams and values: a value, person or team from anywhere else is refused.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::store::{self, NewNote, Recipient};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::listen::settings;
use crate::mail::letters;
use crate::mail::wording::Tongue;
use crate::on_db;
use crate::orgs::access::OrgMember;
use crate::orgs::model::Org;
use crate::values::model::Value;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// The longest note, in characters.
pub const MAX_BODY: usize = 1_000;

type Fields = HashMap<String, String>;

/// A colleague one may thank: anyone else with a role in the organisation.
pub struct Colleague {
    pub id: i64,
    pub name: String,
}

/// What the form offers: the organisation's people, teams and values.
pub struct Offered {
    pub colleagues: Vec<Colleague>,
    pub teams: Vec<String>,
    pub values: Vec<Value>,
}

impl Offered {
    pub async fn load(state: &AppState, org: &Org, me: i64) -> Result<Offered, AppError> {
        let sql = "SELECT p.id, p.name FROM memberships m JOIN people p ON p.id = m.person_id \
                   WHERE m.org_id = $1 AND p.id <> $2 ORDER BY p.name, p.id";
        let rows: Vec<(i64, String)> =
            on_db!(&state.db, pool => sqlx::query_as(sql).bind(org.id).bind(me).fetch_all(pool).await)?;
        let teams = settings::load(&state.db, org.id).await?.teams;
        let values =
            crate::values::store::current(&state.db, org.id).await?.map(|v| v.content.values).unwrap_or_default();
        Ok(Offered { colleagues: rows.into_iter().map(|(id, name)| Colleague { id, name }).collect(), teams, values })
    }
}

/// Checks what was sent against what the organisation offers; the note, or
/// every problem at once. `to` is `person-{id}` or `team-{n}` (the team's
/// place in the list); `behaviour` is `{value key}-{n}`.
pub fn check(offered: &Offered, fields: &Fields) -> Result<NewNote, FormErrors> {
    let text = |name: &str| fields.get(name).map_or("", |v| v.trim());
    let mut errors = FormErrors::new();
    let recipient = if let Some(id) = text("to").strip_prefix("person-") {
        offered.colleagues.iter().find(|c| c.id.to_string() == id).map(|c| Recipient::Person(c.id))
    } else if let Some(n) = text("to").strip_prefix("team-") {
        n.parse::<usize>().ok().and_then(|n| offered.teams.get(n)).map(|t| Recipient::Team(t.clone()))
    } else {
        None
    };
    if recipient.is_none() {
        errors.add("to", "Choose the colleague or team you are thanking");
    }
    let body = text("body").to_owned();
    if body.is_empty() {
        errors.add("body", "Say what they did");
    } else if body.chars().count() > MAX_BODY {
        errors.add("body", format!("Keep your note to {MAX_BODY} characters or fewer"));
    }
    let value = offered.values.iter().find(|v| v.key == text("value"));
    if value.is_none() {
        let first = offered.values.first().map_or("value", |v| v.key.as_str());
        errors.add(&format!("value-{first}"), "Choose the value they lived");
    }
    let mut behaviour = String::new();
    if let (Some(value), Some((key, n))) = (value, text("behaviour").rsplit_once('-')) {
        match n.parse::<usize>().ok().and_then(|n| value.behaviours.get(n)).filter(|_| key == value.key) {
            Some(b) => behaviour.clone_from(b),
            None => errors.add(
                "behaviour",
                format!("Choose one of the behaviours of {}, or leave the behaviour out", value.name),
            ),
        }
    }
    match (recipient, value) {
        (Some(recipient), Some(value)) if errors.is_empty() => Ok(NewNote {
            recipient,
            body,
            value_key: value.key.clone(),
            value_name: value.name.clone(),
            behaviour,
            on_wall: text("on_wall") == "yes",
        }),
        _ => Err(errors),
    }
}

#[derive(Template)]
#[template(path = "listen/thanks/new.html")]
struct Page {
    layout: Layout,
    org: Org,
    offered: Offered,
    errors: FormErrors,
    typed: Fields,
    max_body: usize,
}

impl Page {
    fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }

    fn chose(&self, field: &str, value: &str) -> bool {
        self.typed(field) == value
    }

    fn chose_person(&self, id: &i64) -> bool {
        self.typed("to") == format!("person-{id}")
    }

    fn chose_team(&self, n: &usize) -> bool {
        self.typed("to") == format!("team-{n}")
    }

    fn chose_behaviour(&self, key: &str, n: &usize) -> bool {
        self.typed("behaviour") == format!("{key}-{n}")
    }

    /// The value's error, whichever radio button it names.
    fn value_error(&self) -> Option<&str> {
        self.errors.list.iter().find(|e| e.field.starts_with("value-")).map(|e| e.message.as_str())
    }

    fn body_hint(&self) -> String {
        format!("What did they do, and what difference did it make? Up to {} characters.", self.max_body)
    }
}

async fn show(
    state: &AppState,
    ctx: &PageContext,
    member: OrgMember,
    status: StatusCode,
    errors: FormErrors,
    typed: Fields,
) -> Result<Response, AppError> {
    let offered = Offered::load(state, &member.org, member.person.id).await?;
    let mut layout = ctx.org_layout(&member.org, format!("Thank a colleague – {}", member.org.name));
    layout.has_errors = !errors.is_empty();
    let page = Page { layout, org: member.org, offered, errors, typed, max_body: MAX_BODY };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn form(State(state): State<AppState>, ctx: PageContext, member: OrgMember) -> Result<Response, AppError> {
    show(&state, &ctx, member, StatusCode::OK, FormErrors::new(), Fields::new()).await
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    member: OrgMember,
    session: Session,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let offered = Offered::load(&state, &member.org, member.person.id).await?;
    if offered.values.is_empty() {
        // The page explains; nothing can be tagged until values are published.
        return show(&state, &ctx, member, StatusCode::CONFLICT, FormErrors::new(), fields).await;
    }
    let note = match check(&offered, &fields) {
        Ok(note) => note,
        Err(errors) => return show(&state, &ctx, member, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await,
    };
    let (org, me) = (&member.org, &member.person);
    let recipient = match &note.recipient {
        Recipient::Person(id) => Some(recipient_of(&state, *id).await?),
        Recipient::Team(_) => None,
    };
    let url = format!("{}/o/{}/thanks/mine", state.mail.public_url(), org.slug);
    let letter = |id: i64| {
        let (person_id, name, email, language) = recipient.as_ref()?;
        let about = letters::Thanks {
            org_id: org.id,
            org_name: &org.name,
            note_id: id,
            from: &me.name,
            value: &note.value_name,
            behaviour: &note.behaviour,
            body: &note.body,
            url: &url,
        };
        let to = letters::To { person_id: *person_id, name, email, tongue: Tongue::stored(language) };
        Some(letters::thanks(&about, to))
    };
    let today = org.today();
    store::insert(&state.db, &state.mail, org.id, me.id, today, &note, letter).await?;
    let to = match (&note.recipient, &recipient) {
        (_, Some((_, name, _, _))) => name.clone(),
        (Recipient::Team(team), None) => team.clone(),
        (Recipient::Person(_), None) => String::new(),
    };
    let wall = if note.on_wall { " It is on the team wall." } else { "" };
    Flash::set(&session, format!("Your thanks to {to} is sent.{wall}")).await?;
    let next = if note.on_wall { "" } else { "/new" };
    Ok(Redirect::to(&format!("/o/{}/thanks{next}", org.slug)).into_response())
}

/// A colleague's id, name, email and letter language.
async fn recipient_of(state: &AppState, id: i64) -> Result<(i64, String, String, String), AppError> {
    let sql = "SELECT p.id, p.name, p.email, COALESCE(mp.language, 'en') FROM people p \
               LEFT JOIN mail_preferences mp ON mp.person_id = p.id WHERE p.id = $1";
    let row = on_db!(&state.db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)?;
    row.ok_or(AppError::NotFound)
}
