//! The national body's editors run the competition from
//! `…/competition/manage`: they name judges, open judging early if they
//! wish, see each category's entries ranked by their weighted totals, mark
//! a shortlist and awards, remove an entry that breaks the rules, and
//! announce. Every change is audited; [`NationalEditor`] refuses everyone
//! else. Where mail is set up, a judge is told by mail when named and
//! when judging opens early.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::entry::Entry;
use super::entry_store;
use super::model::{Award, Category, Competition, Stage};
use super::ranking::{self, JudgeScores, Total};
use super::store::{self, Judge, Letters};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::NationalEditor;
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::mail::letters::Letter;
use crate::mail::outbox::Outgoing;
use crate::orgs::model::Org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

type Fields = HashMap<String, String>;

/// One category's entries, best first.
pub struct Ranked {
    pub category: Category,
    pub entries: Vec<RankedEntry>,
}

/// An entry with its total and each judge's scores (by the judge's name).
pub struct RankedEntry {
    pub entry: Entry,
    pub total: Total,
    pub judges: Vec<(String, JudgeScores)>,
}

/// Each category's entries ranked by weighted total, with each judge's
/// scores; a judge removed since is named as such.
pub async fn ranked(state: &AppState, c: &Competition) -> Result<Vec<Ranked>, AppError> {
    let entries = entry_store::list(&state.db, c.campaign_id).await?;
    let scores = entry_store::scores(&state.db, c.campaign_id).await?;
    let names = entry_store::scorer_names(&state.db, c.campaign_id).await?;
    let current: Vec<i64> = store::judges(&state.db, c.campaign_id).await?.iter().map(|j| j.person_id).collect();
    let name = |id: i64| {
        let name = names.get(&id).cloned().unwrap_or_else(|| "A judge".to_owned());
        if current.contains(&id) { name } else { format!("{name} (no longer a judge)") }
    };
    let mut out = Vec::new();
    for category in &c.categories {
        let ids: Vec<i64> = entries.iter().filter(|e| e.category_id == category.id).map(|e| e.id).collect();
        let order = ranking::ranked(&ids, &c.criteria, &scores);
        let list = order
            .into_iter()
            .filter_map(|(id, total)| {
                let entry = entries.iter().find(|e| e.id == id)?.clone();
                let judges =
                    ranking::by_judge(id, &c.criteria, &scores).into_iter().map(|j| (name(j.judge_id), j)).collect();
                Some(RankedEntry { entry, total, judges })
            })
            .collect();
        out.push(Ranked { category: category.clone(), entries: list });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "campaigns/competition/manage.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    competition: Competition,
    stage: Stage,
    judges: Vec<Judge>,
    categories: Vec<Ranked>,
    awards: [Award; 4],
    errors: FormErrors,
    email: String,
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    e: NationalEditor,
    errors: FormErrors,
    email: String,
) -> Result<Response, AppError> {
    let Some(competition) = store::get(&state.db, e.campaign.id).await? else {
        return Ok(
            Redirect::to(&format!("/o/{}/campaigns/{}/competition/setup", e.org.slug, e.campaign.slug)).into_response()
        );
    };
    let stage = competition.stage(e.org.today());
    let judges = store::judges(&state.db, e.campaign.id).await?;
    let categories = ranked(state, &competition).await?;
    let mut layout = ctx.org_layout(&e.org, format!("Run the competition – {}", e.campaign.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = Page {
        layout,
        org: e.org,
        campaign: e.campaign,
        competition,
        stage,
        judges,
        categories,
        awards: Award::ALL,
        errors,
        email,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

fn back(e: &NationalEditor) -> Response {
    Redirect::to(&format!("/o/{}/campaigns/{}/competition/manage", e.org.slug, e.campaign.slug)).into_response()
}

async fn competition(state: &AppState, e: &NationalEditor) -> Result<Competition, AppError> {
    store::get(&state.db, e.campaign.id).await?.ok_or(AppError::NotFound)
}

pub async fn show(State(state): State<AppState>, ctx: PageContext, e: NationalEditor) -> Result<Response, AppError> {
    page(&state, &ctx, e, FormErrors::new(), String::new()).await
}

/// The letter to a judge: named (`opened` false) or judging opened early.
fn judge_letter(state: &AppState, e: &NationalEditor, c: &Competition, judge: &Judge, opened: bool) -> Outgoing {
    let url = format!("{}/o/{}/campaigns/{}/competition/judge", state.mail.public_url(), e.org.slug, e.campaign.slug);
    let mut letter = Letter::new(&e.org.name, format!("Hello {},", judge.name));
    let subject = if opened {
        letter.paragraphs.push(format!(
            "Entries to the {} creative competition are closed and the entries are ready for you to score.",
            e.campaign.name
        ));
        format!("{}: the competition's entries are ready to judge", e.campaign.name)
    } else {
        letter.paragraphs.push(format!(
            "{} has named you a judge of the {} creative competition. Entries are open {}; you can score them \
             once entries close.",
            e.org.name,
            e.campaign.name,
            c.dates()
        ));
        format!("You are a judge of the {} competition", e.campaign.name)
    };
    letter.paragraphs.push(
        "Score each entry from 0 to 10 on each criterion. Entries from an organisation you belong to are not \
         yours to score."
            .to_owned(),
    );
    letter.action = Some(("Open the entries to judge".to_owned(), url));
    letter.footer.push(format!("You get this because {} named you a judge on Ethos.", e.org.name));
    let mut m = letter.to_outgoing("competition_judge", &judge.email, &subject);
    m.org_id = Some(e.org.id);
    m.person_id = Some(judge.person_id);
    let why = if opened { "opened" } else { "named" };
    m.once_key = Some(format!("competition_judge:{}:{}:{why}", e.campaign.id, judge.person_id));
    m
}

/// Names a judge by the email of their Ethos account.
pub async fn add_judge(
    State(state): State<AppState>,
    ctx: PageContext,
    e: NationalEditor,
    session: Session,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let c = competition(&state, &e).await?;
    let email = f.get("email").cloned().unwrap_or_default().trim().to_owned();
    let person = if email.is_empty() { None } else { crate::auth::people::by_email(&state.db, &email).await? };
    let Some(person) = person else {
        let mut errors = FormErrors::new();
        errors.add(
            "email",
            if email.is_empty() {
                "Enter the email address of the judge's Ethos account"
            } else {
                "No one has an Ethos account with that email address: invite them to their organisation first"
            },
        );
        return page(&state, &ctx, e, errors, email).await;
    };
    let judge = Judge { person_id: person.id, name: person.name.clone(), email: person.email.clone() };
    let letter = Some(Letters { mail: &state.mail, messages: vec![judge_letter(&state, &e, &c, &judge, false)] });
    let said = if store::add_judge(&state.db, &e.campaign, &judge, e.person.id, letter).await? {
        state.mail.wake();
        if state.mail.is_on() {
            format!("{} is a judge now, and a message is on its way to tell them.", person.name)
        } else {
            format!("{} is a judge now. Mail is not set up, so tell them yourself.", person.name)
        }
    } else {
        format!("{} was a judge already.", person.name)
    };
    Flash::set(&session, said).await?;
    Ok(back(&e))
}

pub async fn remove_judge(
    State(state): State<AppState>,
    e: NationalEditor,
    session: Session,
    Path((_, _, person_id)): Path<(String, String, i64)>,
    Form(_): Form<Fields>,
) -> Result<Response, AppError> {
    if !store::remove_judge(&state.db, &e.campaign, person_id, e.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "The judge is removed; the scores they gave are kept.").await?;
    Ok(back(&e))
}

/// Ends entering now and lets judges score.
pub async fn open_judging(
    State(state): State<AppState>,
    e: NationalEditor,
    session: Session,
    Form(_): Form<Fields>,
) -> Result<Response, AppError> {
    let c = competition(&state, &e).await?;
    let judges = store::judges(&state.db, e.campaign.id).await?;
    let messages = judges.iter().map(|j| judge_letter(&state, &e, &c, j, true)).collect();
    store::open_judging(&state.db, &e.campaign, e.person.id, Some(Letters { mail: &state.mail, messages })).await?;
    state.mail.wake();
    Flash::set(&session, "Entries are closed and judges can score.").await?;
    Ok(back(&e))
}

/// Publishes the winners and the gallery on the campaign's national page.
pub async fn announce(
    State(state): State<AppState>,
    e: NationalEditor,
    session: Session,
    Form(_): Form<Fields>,
) -> Result<Response, AppError> {
    let c = competition(&state, &e).await?;
    let entries = entry_store::list(&state.db, c.campaign_id).await?;
    if !entries.iter().any(|x| x.award.is_some()) {
        return Err(AppError::Conflict("Give at least one entry an award before announcing the winners.".to_owned()));
    }
    if !store::announce(&state.db, &e.campaign, e.person.id).await? {
        return Err(AppError::Conflict("The winners were announced already.".to_owned()));
    }
    Flash::set(&session, "The winners are announced: they and the gallery are on the campaign's page.").await?;
    Ok(back(&e))
}

pub async fn shortlist(
    State(state): State<AppState>,
    e: NationalEditor,
    session: Session,
    Path((_, _, id)): Path<(String, String, i64)>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let on = f.get("shortlisted").is_some_and(|v| v == "yes");
    if !entry_store::shortlist(&state.db, &e.campaign, id, on, e.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, if on { "The entry is on the shortlist." } else { "The entry is off the shortlist." }).await?;
    Ok(back(&e))
}

pub async fn award(
    State(state): State<AppState>,
    e: NationalEditor,
    session: Session,
    Path((_, _, id)): Path<(String, String, i64)>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let chosen = f.get("award").map(String::as_str).unwrap_or_default();
    let award = Award::parse(chosen);
    if award.is_none() && !chosen.is_empty() {
        return Err(AppError::BadRequest("Choose an award from the list.".to_owned()));
    }
    if !entry_store::award(&state.db, &e.campaign, id, award, e.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(
        &session,
        award.map_or("The award is taken away.".to_owned(), |a| format!("Award saved: {}.", a.label())),
    )
    .await?;
    Ok(back(&e))
}

/// Removes an entry (after the "are you sure?" question).
pub async fn remove(
    State(state): State<AppState>,
    e: NationalEditor,
    session: Session,
    Path((_, _, id)): Path<(String, String, i64)>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let reason = f.get("reason").map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    let reason = reason.unwrap_or_else(|| "Removed by an editor".to_owned());
    if !entry_store::remove(&state.db, &e.campaign, id, &reason, e.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "The entry is removed from the competition.").await?;
    Ok(back(&e))
}
