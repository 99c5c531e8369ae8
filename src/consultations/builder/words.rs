//! A question's edit page, where an editor changes a keep/remove question
//! after adding it: the words shown as chips to join into phrases, split,
//! or make filler, the least and most marks, and the text. Once responses
//! exist, a change that would lose marks is refused (see `word_changes`);
//! every change that goes through is audited.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::word_changes::{self, WordSettings};
use super::{changeable, consultation, manage_url, org_for, save};
use crate::app::AppState;
use crate::auth::session::SignedIn;
use crate::consultations::model::{Consultation, Kind, Question, Source, Status};
use crate::consultations::questions;
use crate::consultations::store;
use crate::consultations::words::{Adjust, Block, Piece, SplitRule};
use crate::error::AppError;
use crate::orgs::access::Need;
use crate::orgs::model::Org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// A word or the text between words, as the edit page shows it.
struct Chip {
    word: bool,
    index: u32,
    text: String,
    filler: bool,
    phrase: bool,
    /// Keep and remove marks given to it so far.
    marks: i64,
    chosen: bool,
}

/// A paragraph (one line) or a list (a line per item).
struct ChipBlock {
    list: bool,
    lines: Vec<Vec<Chip>>,
}

#[derive(Template)]
#[template(path = "consultations/question.html")]
struct QuestionPage {
    layout: Layout,
    org: Org,
    c: Consultation,
    q: Question,
    manage: String,
    responses: i64,
    can_change: bool,
    blocks: Vec<ChipBlock>,
    errors: FormErrors,
    min_marks: String,
    max_marks: String,
    text: String,
}

/// What the editor typed or chose, kept when the page is shown again.
#[derive(Default)]
struct Typed {
    chosen: Vec<u32>,
    min_marks: Option<String>,
    max_marks: Option<String>,
    text: Option<String>,
}

/// Keep and remove marks per word index of question `key`.
async fn marks(state: &AppState, c: &Consultation, key: &str) -> Result<BTreeMap<u32, i64>, AppError> {
    let mut out = BTreeMap::new();
    for t in store::tallies(&state.db, c.id, None, false).await? {
        if t.question_key == key && (t.kind == "keep" || t.kind == "remove") {
            *out.entry(u32::try_from(t.item).unwrap_or(u32::MAX)).or_insert(0) += t.count;
        }
    }
    Ok(out)
}

fn chips(blocks: &[Block], marks: &BTreeMap<u32, i64>, chosen: &[u32], rule: SplitRule) -> Vec<ChipBlock> {
    let line = |pieces: &Vec<Piece>| -> Vec<Chip> {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Word { index, text, selectable } => Chip {
                    word: true,
                    index: *index,
                    text: text.clone(),
                    filler: !selectable,
                    phrase: word_changes::is_phrase(text, rule),
                    marks: marks.get(index).copied().unwrap_or(0),
                    chosen: chosen.contains(index),
                },
                Piece::Gap(text) => Chip {
                    word: false,
                    index: 0,
                    text: text.clone(),
                    filler: false,
                    phrase: false,
                    marks: 0,
                    chosen: false,
                },
            })
            .collect()
    };
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(pieces) => ChipBlock { list: false, lines: vec![line(pieces)] },
            Block::List(items) => ChipBlock { list: true, lines: items.iter().map(line).collect() },
        })
        .collect()
}

#[expect(clippy::too_many_arguments, reason = "one page, built from one request")]
async fn render(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    c: Consultation,
    q: Question,
    status: StatusCode,
    errors: FormErrors,
    typed: Typed,
) -> Result<Response, AppError> {
    let responses = store::response_count(&state.db, c.id).await?;
    let (blocks, min, max, text) = match &q.kind {
        Kind::Words { text, phrases, fillers, min_marks, max_marks, rule, .. } => {
            let split = crate::consultations::words::split(text, Adjust { phrases, fillers, rule: *rule });
            let marks = marks(state, &c, &q.key).await?;
            let min = if *min_marks == 0 { String::new() } else { min_marks.to_string() };
            let max = if *max_marks == 0 { String::new() } else { max_marks.to_string() };
            (chips(&split, &marks, &typed.chosen, *rule), min, max, text.clone())
        }
        _ => (Vec::new(), String::new(), String::new(), String::new()),
    };
    let mut layout = ctx.org_layout(&org, format!("Change “{}” – {}", q.prompt, c.title));
    layout.has_errors = !errors.is_empty();
    let page = QuestionPage {
        layout,
        manage: manage_url(&org, c.id),
        responses,
        can_change: c.status() != Status::Closed,
        blocks,
        errors,
        min_marks: typed.min_marks.unwrap_or(min),
        max_marks: typed.max_marks.unwrap_or(max),
        text: typed.text.unwrap_or(text),
        org,
        c,
        q,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

/// The edit page of one question (editors and owners).
pub async fn edit_question(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path((slug, id, key)): Path<(String, i64, String)>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = consultation(&state, &org, id).await?;
    let q = c.question(&key).cloned().ok_or(AppError::NotFound)?;
    render(&state, &ctx, org, c, q, StatusCode::OK, FormErrors::new(), Typed::default()).await
}

/// A change refused, with the field it is about and the status to answer.
struct Refused(&'static str, String, StatusCode);

fn invalid(field: &'static str) -> impl Fn(String) -> Refused {
    move |message| Refused(field, message, StatusCode::UNPROCESSABLE_ENTITY)
}

/// Applies one change to a keep/remove question: `action` is join, split,
/// filler, ask (markable again), marks or text.
pub async fn change_words(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id, key)): Path<(String, i64, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = changeable(&state, &org, id).await?;
    let at = c.questions.iter().position(|q| q.key == key).ok_or(AppError::NotFound)?;
    let q = c.questions[at].clone();
    let Kind::Words { source, text, phrases, fillers, min_marks, max_marks, rule } = q.kind.clone() else {
        return Err(AppError::BadRequest("Only a keep or remove question has words to change.".to_owned()));
    };
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let mut typed =
        Typed { min_marks: field("min_marks"), max_marks: field("max_marks"), text: field("text"), ..Typed::default() };
    for (_, v) in fields.iter().filter(|(k, _)| k == "word") {
        let index = v.parse().map_err(|_| AppError::BadRequest(format!("“{v}” is not a word of this question.")))?;
        typed.chosen.push(index);
    }
    let responses = store::response_count(&state.db, c.id).await?;
    let before = WordSettings { text, phrases, fillers, rule };
    let mut after = before.clone();
    if responses == 0 {
        // No marks point at the words yet, so the text may take the newest rule.
        after.rule = SplitRule::NEWEST;
    }
    let (mut min, mut max) = (min_marks, max_marks);
    let mut source = source;
    let prompt = &q.prompt;
    let chosen = &typed.chosen;
    let outcome: Result<String, Refused> = match field("action").unwrap_or_default().as_str() {
        "join" => word_changes::join(&mut after, chosen)
            .map(|p| format!("Joined “{p}” into one phrase in “{prompt}”"))
            .map_err(invalid("words")),
        "split" => word_changes::split(&mut after, chosen)
            .map(|w| format!("Split “{}” back into words in “{prompt}”", w.join("”, “")))
            .map_err(invalid("words")),
        "filler" => word_changes::set_filler(&mut after, chosen, true)
            .map(|w| format!("Made “{}” filler in “{prompt}”", w.join("”, “")))
            .map_err(invalid("words")),
        "ask" => word_changes::set_filler(&mut after, chosen, false)
            .map(|w| format!("Asked about “{}” again in “{prompt}”", w.join("”, “")))
            .map_err(invalid("words")),
        "marks" => {
            let mut errors = FormErrors::new();
            let typed_min = typed.min_marks.clone().unwrap_or_default();
            let typed_max = typed.max_marks.clone().unwrap_or_default();
            min = questions::number(&mut errors, "min_marks", &typed_min, 0, 400, "the least number of marks");
            max = questions::number(&mut errors, "max_marks", &typed_max, 0, 400, "the most marks");
            match errors.list.first() {
                Some(e) => Err(Refused(
                    if e.field == "min_marks" { "min_marks" } else { "max_marks" },
                    e.message.clone(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )),
                None => questions::check_limits(min, max)
                    .map_err(invalid("max_marks"))
                    .map(|()| format!("Set the marks of “{prompt}” to {}", limits(min, max))),
            }
        }
        "text" => {
            let new_text = typed.text.clone().unwrap_or_default().trim().to_owned();
            if responses > 0 && new_text != before.text {
                Err(Refused(
                    "text",
                    format!(
                        "Nothing was changed: the text cannot change once responses exist. The marks in {responses} \
                         response{} point at its words by position, and a new text would leave them on the wrong words.",
                        if responses == 1 { "" } else { "s" }
                    ),
                    StatusCode::CONFLICT,
                ))
            } else {
                if new_text != before.text {
                    source = Source::Pasted;
                }
                after.text = new_text;
                Ok(format!("Changed the text of “{prompt}”"))
            }
        }
        _ => return Err(AppError::BadRequest("That change is not one the builder knows.".to_owned())),
    };
    let outcome = outcome.and_then(|what| {
        questions::check_text(
            &after.text,
            Adjust { phrases: &after.phrases, fillers: &after.fillers, rule: after.rule },
        )
        .map_err(invalid(if after.text == before.text { "words" } else { "text" }))?;
        Ok(what)
    });
    let outcome = match outcome {
        Ok(what) if responses > 0 => {
            check_marks(&state, &c, &q.key, &before, &after, (min_marks, max_marks), (min, max)).await?.map(|()| what)
        }
        other => other,
    };
    match outcome {
        Ok(what) => {
            let mut list = c.questions.clone();
            list[at].kind = Kind::Words {
                source,
                text: after.text,
                phrases: after.phrases,
                fillers: after.fillers,
                min_marks: min,
                max_marks: max,
                rule: after.rule,
            };
            if list != c.questions {
                save(&state, &session, &c, &list, me.id, &what).await?;
            }
            Ok(Redirect::to(&format!("{}/questions/{}#words", manage_url(&org, c.id), q.key)).into_response())
        }
        Err(Refused(field, message, status)) => {
            let mut errors = FormErrors::new();
            errors.add(field, message);
            render(&state, &ctx, org, c, q, status, errors, typed).await
        }
    }
}

fn limits(min: u32, max: u32) -> String {
    match (min, max) {
        (0, 0) => "no limit".to_owned(),
        (min, 0) => format!("at least {min}"),
        (0, max) => format!("at most {max}"),
        (min, max) => format!("{min} to {max}"),
    }
}

/// With responses in: refuses a change that loses marks, or limits that
/// answers already given do not meet (loosening limits always goes through).
async fn check_marks(
    state: &AppState,
    c: &Consultation,
    key: &str,
    before: &WordSettings,
    after: &WordSettings,
    (old_min, old_max): (u32, u32),
    (min, max): (u32, u32),
) -> Result<Result<(), Refused>, AppError> {
    let lost = word_changes::orphaned(before, after, &marks(state, c, key).await?);
    if !lost.is_empty() {
        return Ok(Err(Refused("words", word_changes::orphan_message(&lost), StatusCode::CONFLICT)));
    }
    let tighter = min > old_min || (max > 0 && (old_max == 0 || max < old_max));
    if !tighter {
        return Ok(Ok(()));
    }
    let counts: Vec<usize> = store::responses(&state.db, c.id)
        .await?
        .into_iter()
        .flat_map(|r| r.answers.into_iter().filter(|(k, ..)| k == key).map(|(_, a, _)| a.marks.len()))
        .collect();
    let (too_few, too_many) = word_changes::outside_limits(&counts, min, max);
    if too_few + too_many == 0 {
        return Ok(Ok(()));
    }
    let mut parts = Vec::new();
    if too_few > 0 {
        parts.push(format!("{too_few} answer{} with fewer than {min} marks", if too_few == 1 { "" } else { "s" }));
    }
    if too_many > 0 {
        parts.push(format!("{too_many} answer{} with more than {max} marks", if too_many == 1 { "" } else { "s" }));
    }
    Ok(Err(Refused(
        "min_marks",
        format!(
            "Nothing was changed: {} already given would break the new limits. Limits that every answer already meets, or looser ones, can be set.",
            parts.join(" and ")
        ),
        StatusCode::CONFLICT,
    )))
}
