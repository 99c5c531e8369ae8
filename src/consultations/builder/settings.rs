//! A consultation's settings: the list of an organisation's consultations
//! with the form that creates one, and the form that changes one's title,
//! times, audiences and who sees the results.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::manage::manage_page;
use super::{consultation, manage_url, org_for};
use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn};
use crate::consultations::model::{Consultation, DEFAULT_AUDIENCES, PREFER_NOT, Status, Visibility};
use crate::consultations::questions::QuestionForm;
use crate::consultations::store::{self, Settings};
use crate::error::AppError;
use crate::orgs::access::{Need, Role};
use crate::orgs::model::Org;
use crate::values::model::MAX_NAME;
use crate::web::forms::{Form, FormErrors};
use crate::web::zone::Zone;
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// The settings form as typed.
#[derive(Clone, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    pub(super) purpose: String,
    #[serde(default)]
    pub(super) opens_at: String,
    #[serde(default)]
    pub(super) closes_at: String,
    #[serde(default)]
    pub(super) visibility: String,
    #[serde(default)]
    pub(super) audiences: String,
}

impl SettingsForm {
    pub(super) fn of(c: &Consultation, zone: &Zone) -> SettingsForm {
        SettingsForm {
            title: c.title.clone(),
            purpose: c.purpose.clone(),
            opens_at: zone.input(c.opens_at),
            closes_at: zone.input(c.closes_at),
            visibility: c.visibility.as_str().to_owned(),
            audiences: c.audiences.join("\n"),
        }
    }

    fn fresh(zone: &Zone) -> SettingsForm {
        let now = crate::storage::now();
        SettingsForm {
            opens_at: zone.input(now),
            closes_at: zone.input(now + 28 * 86_400),
            visibility: Visibility::EditorsBoard.as_str().to_owned(),
            audiences: DEFAULT_AUDIENCES.join("\n"),
            ..SettingsForm::default()
        }
    }

    /// Checks the form; its times were typed in the organisation's `zone`.
    fn check(&self, framework_version_id: Option<i64>, zone: &Zone) -> Result<Settings, FormErrors> {
        let mut errors = FormErrors::new();
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            errors.add("title", "Enter a title");
        } else if title.chars().count() > 120 {
            errors.add("title", "Keep the title to 120 characters");
        }
        let purpose = self.purpose.trim().to_owned();
        if purpose.chars().count() > 3000 {
            errors.add("purpose", "Keep the purpose to 3,000 characters");
        }
        let opens = zone.parse_input(&self.opens_at);
        let closes = zone.parse_input(&self.closes_at);
        if opens.is_none() {
            errors.add("opens_at", "Enter when it opens, as a date and time");
        }
        match (opens, closes) {
            (_, None) => errors.add("closes_at", "Enter when it closes, as a date and time"),
            (Some(o), Some(c)) if c <= o => errors.add("closes_at", "The closing time must be after the opening time"),
            _ => {}
        }
        let visibility = Visibility::parse(&self.visibility);
        if visibility.is_none() {
            errors.add("visibility", "Choose who sees the results");
        }
        let audiences: Vec<String> = crate::values::model::lines(&self.audiences);
        if audiences.is_empty() {
            errors.add("audiences", "Enter at least one respondent group, one a line");
        } else if audiences.len() > 20 || audiences.iter().any(|a| a.chars().count() > MAX_NAME) {
            errors.add("audiences", format!("Enter up to 20 groups of up to {MAX_NAME} characters each"));
        } else if audiences.iter().any(|a| a == PREFER_NOT) {
            errors.add("audiences", "“Prefer not to say” is added for you; leave it out of the list");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Settings {
            title,
            purpose,
            framework_version_id,
            opens_at: opens.unwrap_or_default(),
            closes_at: closes.unwrap_or_default(),
            visibility: visibility.unwrap_or(Visibility::EditorsBoard),
            audiences,
        })
    }
}

#[derive(Template)]
#[template(path = "consultations/list.html")]
struct ListPage {
    layout: Layout,
    org: Org,
    can_edit: bool,
    rows: Vec<(Consultation, Status)>,
    errors: FormErrors,
    form: SettingsForm,
}

impl ListPage {
    fn visibilities(&self) -> [Visibility; 3] {
        Visibility::ALL
    }
    fn when(&self, seconds: &i64) -> String {
        self.layout.time(*seconds)
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Member).await?;
    let form = SettingsForm::fresh(&org.zone);
    let page = list_page(&state, &ctx, org, role, FormErrors::new(), form).await?;
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

async fn list_page(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    role: Role,
    errors: FormErrors,
    form: SettingsForm,
) -> Result<ListPage, AppError> {
    let rows = store::list(&state.db, org.id).await?.into_iter().map(|c| {
        let s = c.status();
        (c, s)
    });
    let mut layout = ctx.org_layout(&org, format!("Consultations – {}", org.name));
    layout.has_errors = !errors.is_empty();
    Ok(ListPage { layout, can_edit: role >= Role::Editor, rows: rows.collect(), org, errors, form })
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Editor).await?;
    let version = crate::values::store::current(&state.db, org.id).await?.map(|v| v.id);
    match form.check(version, &org.zone) {
        Ok(settings) => {
            let id = store::create(&state.db, org.id, &settings, &[], Some(me.id)).await?;
            Flash::set(&session, "The consultation is saved as a draft. Add its questions, then publish it.").await?;
            Ok(Redirect::to(&manage_url(&org, id)).into_response())
        }
        Err(errors) => {
            let page = list_page(&state, &ctx, org, role, errors, form).await?;
            Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?))
        }
    }
}

pub async fn settings(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = consultation(&state, &org, id).await?;
    let checked = form.check(c.framework_version_id, &org.zone).and_then(|s| {
        let mut errors = FormErrors::new();
        if s.audiences != c.audiences && c.group_question().is_some() && c.published_at.is_some() {
            errors.add(
                "audiences",
                "The respondent groups cannot change once the consultation is published: answers already given refer to them.",
            );
        }
        if errors.is_empty() { Ok(s) } else { Err(errors) }
    });
    match checked {
        Ok(s) => {
            store::save_settings(&state.db, &c, &s, me.id).await?;
            Flash::set(&session, "The settings are saved.").await?;
            Ok(Redirect::to(&manage_url(&org, c.id)).into_response())
        }
        Err(errors) => {
            let page = manage_page(&state, &ctx, org, role, c, errors, Some(form), QuestionForm::default()).await?;
            Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?))
        }
    }
}
