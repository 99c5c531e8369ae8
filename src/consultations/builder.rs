//! Running a consultation: the list, creating one, its settings, the
//! question builder, milestones, publishing and closing. Editors and owners
//! change things; Board members and staff read. Every change is audited.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::model::{
    Consultation, DEFAULT_AUDIENCES, Kind, MAX_QUESTIONS, PREFER_NOT, Question, Source, Status, Visibility,
};
use super::questions::{self, QuestionForm};
use super::store::{self, Milestone, Settings};
use crate::app::AppState;
use crate::auth::people::Person;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::orgs::access::{self, Need, Role};
use crate::orgs::model::{self, Org};
use crate::values::model::MAX_NAME;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, format_time, no_store, render_with_status};

/// Loads the organisation and checks the person's role meets `need`.
pub async fn org_for(state: &AppState, slug: &str, me: &Person, need: Need) -> Result<(Org, Role), AppError> {
    let org = model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    // Someone outside the organisation learns nothing, not even that it has consultations.
    let role = access::role_of(&state.db, org.id, me.id).await?.ok_or(AppError::NotFound)?;
    access::require(&state.db, &org, me, need).await?;
    Ok((org, role))
}

pub async fn consultation(state: &AppState, org: &Org, id: i64) -> Result<Consultation, AppError> {
    store::in_org(&state.db, org.id, id).await?.ok_or(AppError::NotFound)
}

pub fn manage_url(org: &Org, id: i64) -> String {
    format!("/o/{}/consultations/{id}", org.slug)
}

/// A date and time typed as "YYYY-MM-DDTHH:MM" (UTC), as Unix seconds.
pub fn parse_time(value: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let value = value.trim();
    let value = value.get(..16).unwrap_or(value);
    time::PrimitiveDateTime::parse(value, &format).ok().map(|t| t.assume_utc().unix_timestamp())
}

/// Unix seconds as the value of a datetime-local input.
pub fn input_time(seconds: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp(seconds).ok().and_then(|t| t.format(&format).ok()).unwrap_or_default()
}

#[derive(Clone, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    opens_at: String,
    #[serde(default)]
    closes_at: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    audiences: String,
}

impl SettingsForm {
    fn of(c: &Consultation) -> SettingsForm {
        SettingsForm {
            title: c.title.clone(),
            purpose: c.purpose.clone(),
            opens_at: input_time(c.opens_at),
            closes_at: input_time(c.closes_at),
            visibility: c.visibility.as_str().to_owned(),
            audiences: c.audiences.join("\n"),
        }
    }

    fn fresh() -> SettingsForm {
        let now = crate::storage::now();
        SettingsForm {
            opens_at: input_time(now),
            closes_at: input_time(now + 28 * 86_400),
            visibility: Visibility::EditorsBoard.as_str().to_owned(),
            audiences: DEFAULT_AUDIENCES.join("\n"),
            ..SettingsForm::default()
        }
    }

    fn check(&self, framework_version_id: Option<i64>) -> Result<Settings, FormErrors> {
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
        let opens = parse_time(&self.opens_at);
        let closes = parse_time(&self.closes_at);
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
        format_time(*seconds)
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Member).await?;
    let page = list_page(&state, &ctx, org, role, FormErrors::new(), SettingsForm::fresh()).await?;
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
    match form.check(version) {
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

#[derive(Template)]
#[template(path = "consultations/manage.html")]
struct ManagePage {
    layout: Layout,
    org: Org,
    c: Consultation,
    status: Status,
    can_edit: bool,
    responses: i64,
    milestones: Vec<Milestone>,
    errors: FormErrors,
    form: SettingsForm,
    question: QuestionForm,
    survey_url: String,
    short_url: String,
    /// Owners, editors and the Board read the Board report.
    can_report: bool,
    recommendations: String,
}

impl ManagePage {
    fn visibilities(&self) -> [Visibility; 3] {
        Visibility::ALL
    }
    fn opens(&self) -> String {
        format_time(self.c.opens_at)
    }
    fn closes(&self) -> String {
        format_time(self.c.closing())
    }
    fn is_draft(&self) -> bool {
        self.status == Status::Draft
    }
    fn is_closed(&self) -> bool {
        self.status == Status::Closed
    }
    fn kinds(&self) -> Vec<KindOption> {
        questions::KINDS
            .iter()
            .map(|(value, label)| KindOption { value, label, selected: self.question.kind == *value })
            .collect()
    }
    fn detail(&self, q: &Question) -> String {
        questions::describe(q, &self.c.audiences)
    }
}

/// A question type in the builder's list.
struct KindOption {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

#[expect(clippy::too_many_arguments, reason = "one page, built from one request")]
async fn manage_page(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    role: Role,
    c: Consultation,
    errors: FormErrors,
    form: Option<SettingsForm>,
    question: QuestionForm,
) -> Result<ManagePage, AppError> {
    let responses = store::response_count(&state.db, c.id).await?;
    let milestones = store::milestones(&state.db, c.id).await?;
    let mut layout = ctx.org_layout(&org, format!("{} – consultation", c.title));
    layout.has_errors = !errors.is_empty();
    Ok(ManagePage {
        survey_url: super::links::survey_url(state, &org, &c),
        short_url: format!("{}/c/{}", state.config.public_url, c.id),
        layout,
        status: c.status(),
        can_edit: role >= Role::Editor,
        can_report: role >= Role::Board,
        recommendations: super::report::recommendations(&state.db, c.id).await?,
        responses,
        milestones,
        errors,
        form: form.unwrap_or_else(|| SettingsForm::of(&c)),
        question,
        org,
        c,
    })
}

/// The manage page again with the recommendations as typed and why they
/// were refused (422).
pub async fn recommendations_refused(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    role: Role,
    c: Consultation,
    typed: String,
    message: String,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    errors.add("recommendations", message);
    let mut page = manage_page(state, ctx, org, role, c, errors, None, QuestionForm::default()).await?;
    page.recommendations = typed;
    Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?))
}

pub async fn manage(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Member).await?;
    let c = consultation(&state, &org, id).await?;
    let page = manage_page(&state, &ctx, org, role, c, FormErrors::new(), None, QuestionForm::default()).await?;
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
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
    let checked = form.check(c.framework_version_id).and_then(|s| {
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

pub async fn add_question(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<QuestionForm>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = consultation(&state, &org, id).await?;
    if c.status() == Status::Closed {
        return Err(AppError::Conflict("The consultation has closed; its questions can no longer change.".to_owned()));
    }
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

async fn save(
    state: &AppState,
    session: &Session,
    c: &Consultation,
    list: &[Question],
    by: i64,
    what: &str,
) -> Result<(), AppError> {
    if store::save_questions(&state.db, c, list, by, what).await? {
        Flash::set(session, format!("{what}.")).await
    } else {
        Err(AppError::Conflict(
            "Someone else changed the questions at the same time. Go back and reload the page; nothing was changed."
                .to_owned(),
        ))
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
    let c = consultation(&state, &org, id).await?;
    if c.status() == Status::Closed {
        return Err(AppError::Conflict("The consultation has closed; its questions can no longer change.".to_owned()));
    }
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

/// Used by the list template.
pub fn source_label(source: Source) -> &'static str {
    match source {
        Source::Values => "the values",
        Source::Vision => "the vision",
        Source::Mission => "the mission",
        Source::Pasted => "a pasted text",
    }
}
