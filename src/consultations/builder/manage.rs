//! The page that runs one consultation: its links, publishing and closing,
//! the question list, milestones, recommendations and settings.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::settings::SettingsForm;
use super::{consultation, org_for};
use crate::app::AppState;
use crate::auth::session::SignedIn;
use crate::consultations::model::{Consultation, Kind, Question, Status, Visibility};
use crate::consultations::questions::{self, QuestionForm};
use crate::consultations::store::{self, Milestone};
use crate::consultations::words::{Block, Piece};
use crate::error::AppError;
use crate::orgs::access::{Need, Role};
use crate::orgs::model::Org;
use crate::values::languages::{self, Language};
use crate::web::forms::FormErrors;
use crate::web::{Layout, PageContext, no_store, render_with_status};

#[derive(Template)]
#[template(path = "consultations/manage.html")]
pub(super) struct ManagePage {
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
    /// The question as it will be asked, when the editor asked to see it
    /// before adding it.
    pub preview: Option<Preview>,
}

/// A question shown before it is added: its prompt and, for keep/remove
/// questions, the text split as respondents will see it.
pub struct Preview {
    pub prompt: String,
    pub detail: String,
    /// Paragraphs and lists; a list's lines are items.
    pub blocks: Vec<PreviewBlock>,
}

pub struct PreviewBlock {
    pub list: bool,
    pub lines: Vec<Vec<PreviewPiece>>,
}

/// A word (asked about or filler) or the text between words.
pub struct PreviewPiece {
    pub text: String,
    pub word: bool,
    pub asked: bool,
}

impl Preview {
    pub fn of(q: &Question, audiences: &[String]) -> Preview {
        let line = |pieces: Vec<Piece>| {
            pieces
                .into_iter()
                .map(|p| match p {
                    Piece::Word { text, selectable, .. } => PreviewPiece { text, word: true, asked: selectable },
                    Piece::Gap(text) => PreviewPiece { text, word: false, asked: false },
                })
                .collect()
        };
        let blocks = q
            .blocks()
            .into_iter()
            .map(|b| match b {
                Block::Paragraph(pieces) => PreviewBlock { list: false, lines: vec![line(pieces)] },
                Block::List(items) => PreviewBlock { list: true, lines: items.into_iter().map(line).collect() },
            })
            .collect();
        Preview { prompt: q.prompt.clone(), detail: questions::describe(q, audiences), blocks }
    }

    /// How many words respondents are asked about.
    pub fn asked(&self) -> usize {
        self.blocks.iter().flat_map(|b| b.lines.iter().flatten()).filter(|p| p.asked).count()
    }
}

impl ManagePage {
    /// The languages the survey is translated into, and those it is not.
    fn languages(&self) -> (Vec<&'static Language>, Vec<&'static Language>) {
        languages::translations().partition(|l| self.c.translations.contains_key(l.code))
    }
    fn visibilities(&self) -> [Visibility; 3] {
        Visibility::ALL
    }
    fn opens(&self) -> String {
        self.layout.time(self.c.opens_at)
    }
    fn closes(&self) -> String {
        self.layout.time(self.c.closing())
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
    fn has_words(&self, q: &Question) -> bool {
        matches!(q.kind, Kind::Words { .. })
    }
    /// The "pasted text" box is open when that is the source chosen, or
    /// when it holds text or an error.
    fn pasted_open(&self) -> bool {
        self.question.source == "pasted" || !self.question.text.trim().is_empty() || self.errors.get("text").is_some()
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
pub(super) async fn manage_page(
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
        survey_url: crate::consultations::links::survey_url(state, &org, &c),
        short_url: format!("{}/c/{}", state.config.public_url, c.id),
        layout,
        status: c.status(),
        can_edit: role >= Role::Editor,
        can_report: role >= Role::Board,
        recommendations: crate::consultations::report::recommendations(&state.db, c.id).await?,
        preview: None,
        responses,
        milestones,
        errors,
        form: form.unwrap_or_else(|| SettingsForm::of(&c, &org.zone)),
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
