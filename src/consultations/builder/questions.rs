//! The question list: adding a question, rewording, moving and removing one.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::manage::{Preview, manage_page};
use super::{changeable, manage_url, org_for, save};
use crate::app::AppState;
use crate::auth::session::SignedIn;
use crate::consultations::model::{Kind, MAX_QUESTIONS};
use crate::consultations::questions::{self, QuestionForm};
use crate::consultations::store;
use crate::error::AppError;
use crate::orgs::access::Need;
use crate::web::forms::{Form, FormErrors};
use crate::web::{PageContext, no_store, render_with_status};
use axum::http::StatusCode;

pub async fn add_question(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<QuestionForm>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = changeable(&state, &org, id).await?;
    let framework = crate::values::store::current(&state.db, org.id).await?.map(|v| v.content);
    let built = questions::build(&form, c.next_key(), framework.as_ref()).and_then(|q| {
        if c.questions.len() >= MAX_QUESTIONS {
            let mut errors = FormErrors::new();
            errors.add("prompt", format!("A consultation can have up to {MAX_QUESTIONS} questions"));
            return Err(errors);
        }
        if matches!(q.kind, Kind::Group) && c.group_question().is_some() {
            let mut errors = FormErrors::new();
            errors.add("kind", "There is already a respondent group question");
            return Err(errors);
        }
        Ok(q)
    });
    match built {
        Ok(q) if form.preview.is_some() => {
            let preview = Preview::of(&q, &c.audiences);
            let mut page = manage_page(&state, &ctx, org, role, c, FormErrors::new(), None, form).await?;
            page.preview = Some(preview);
            Ok(no_store(render_with_status(StatusCode::OK, &page)?))
        }
        Ok(q) => {
            let mut list = c.questions.clone();
            let what = format!("Added the question “{}”", q.prompt);
            list.push(q);
            save(&state, &session, &c, &list, me.id, &what).await?;
            Ok(Redirect::to(&format!("{}#questions", manage_url(&org, c.id))).into_response())
        }
        Err(errors) => {
            let page = manage_page(&state, &ctx, org, role, c, errors, None, form).await?;
            Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?))
        }
    }
}

#[derive(Deserialize)]
pub struct ArrangeForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    prompt: String,
    #[serde(default)]
    help: String,
    #[serde(default)]
    required: Option<String>,
}

pub async fn arrange_question(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id, key)): Path<(String, i64, String)>,
    Form(form): Form<ArrangeForm>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = changeable(&state, &org, id).await?;
    let at = c.questions.iter().position(|q| q.key == key).ok_or(AppError::NotFound)?;
    let mut list = c.questions.clone();
    let prompt = list[at].prompt.clone();
    let what = match form.action.as_str() {
        "up" if at > 0 => {
            list.swap(at, at - 1);
            format!("Moved “{prompt}” up")
        }
        "down" if at + 1 < list.len() => {
            list.swap(at, at + 1);
            format!("Moved “{prompt}” down")
        }
        "remove" => {
            let responses = store::response_count(&state.db, c.id).await?;
            if responses > 0 {
                return Err(AppError::Conflict(format!(
                    "“{prompt}” cannot be removed: {responses} responses have been given, and their answers to it would be left without a question. You can still reword it or make it optional."
                )));
            }
            list.remove(at);
            format!("Removed the question “{prompt}”")
        }
        "save" => {
            let new_prompt = form.prompt.trim();
            if new_prompt.is_empty() || new_prompt.chars().count() > 300 {
                return Err(AppError::BadRequest("Enter the question, in up to 300 characters.".to_owned()));
            }
            list[at].prompt = new_prompt.to_owned();
            list[at].help = form.help.trim().to_owned();
            list[at].required = form.required.is_some();
            format!("Changed the wording of “{prompt}”")
        }
        _ => return Err(AppError::BadRequest("That change is not one the builder knows.".to_owned())),
    };
    save(&state, &session, &c, &list, me.id, &what).await?;
    Ok(Redirect::to(&format!("{}#questions", manage_url(&org, c.id))).into_response())
}
