//! The public survey at `/o/{slug}/c/{id}`: one response per browser, held
//! by a signed cookie and changeable until the consultation closes, checked
//! by the same rules as the API, and rate-limited per address in memory
//! (the address is never stored).

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::num::NonZeroU32;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use super::answers::{self, Answers};
use super::languages::labels::SurveyLabels;
use super::languages::{self, Local};
use super::model::{Answer, Consultation, Status};
use super::respondent_token;
use super::store::{self, Claim, Milestone, StoredResponse};
use super::survey_form;
use super::verified::{self, Standing};
use super::view::{self, QuestionView};
use crate::app::AppState;
use crate::auth::secrets;
use crate::auth::signin::ClientAddress;
use crate::error::AppError;
use crate::orgs::model::{self, Org};
use crate::values::languages::Language;
use crate::values::public::Switch;
use crate::values::translation::Text;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, format_time, no_store, render_with_status};

/// Responses allowed per client address, refilled steadily, and the key
/// that signs respondent cookies (read from the database once per process).
pub struct ResponseLimits(
    DefaultKeyedRateLimiter<IpAddr>,
    tokio::sync::OnceCell<Vec<u8>>,
    tokio::sync::OnceCell<super::intake::writer::Writer>,
);

impl ResponseLimits {
    pub fn new(per_minute: u32) -> ResponseLimits {
        let n = NonZeroU32::new(per_minute.max(1)).expect("at least one");
        ResponseLimits(
            RateLimiter::keyed(Quota::per_minute(n)),
            tokio::sync::OnceCell::new(),
            tokio::sync::OnceCell::new(),
        )
    }

    /// Counts a response; refuses with the wait when over the limit.
    pub fn check(&self, address: Option<IpAddr>) -> Result<(), AppError> {
        use governor::clock::Clock;
        let Some(ip) = address else { return Ok(()) };
        self.0.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now()).as_secs().max(1);
            AppError::TooManyRequests { retry_after: wait }
        })
    }

    /// Drops the addresses whose allowance has refilled.
    pub fn forget_stale(&self) {
        crate::auth::ratelimit::Forget::forget_stale(&self.0);
    }

    /// How many addresses the limiter holds.
    pub fn keys(&self) -> usize {
        self.0.len()
    }
}

/// Loads an organisation's consultation, or 404.
pub async fn load(state: &AppState, slug: &str, id: i64) -> Result<(Org, Consultation), AppError> {
    let org = model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let c = crate::consultations::builder::consultation(state, &org, id).await?;
    Ok((org, c))
}

fn cookie_name(id: i64) -> String {
    format!("ethos_r{id}")
}

/// The instance key that signs respondent cookies and makes the verified
/// staff record's keys.
pub async fn signing_key(state: &AppState) -> Result<&[u8], AppError> {
    let key = state.response_limits.1.get_or_try_init(|| secrets::instance_key(&state.db, "respondent")).await?;
    Ok(key.as_slice())
}

fn signature(key: &[u8], id: i64, token: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(format!("{id}:{token}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The respondent token this browser holds for consultation `id`, if its
/// signature is good.
fn token_from(headers: &HeaderMap, key: &[u8], id: i64) -> Option<String> {
    let name = cookie_name(id);
    let value = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|all| {
        all.split(';').filter_map(|c| c.trim().split_once('=')).find(|(n, _)| *n == name).map(|(_, v)| v.to_owned())
    })?;
    let (token, sig) = value.split_once('.')?;
    (signature(key, id, token) == sig).then(|| token.to_owned())
}

fn set_cookie(state: &AppState, org: &Org, c: &Consultation, key: &[u8], token: &str) -> Option<HeaderValue> {
    let max_age = (c.closes_at - crate::storage::now()).clamp(3600, 400 * 86_400);
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let value = format!(
        "{}={token}.{}; Path=/o/{}/c/{}; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}",
        cookie_name(c.id),
        signature(key, c.id, token),
        org.slug,
        c.id
    );
    HeaderValue::from_str(&value).ok()
}

/// Checks that the consultation takes responses now.
pub fn ensure_open(c: &Consultation) -> Result<(), AppError> {
    match c.status() {
        Status::Open => Ok(()),
        Status::Draft => Err(AppError::NotFound),
        Status::Scheduled => Err(AppError::Conflict(format!(
            "This consultation is not open yet. It opens on {}; nothing was saved.",
            format_time(c.opens_at)
        ))),
        Status::Closed => Err(AppError::Conflict(format!(
            "This consultation closed on {}. It no longer takes responses; nothing was saved.",
            format_time(c.closing())
        ))),
    }
}

/// Checks and stores a response for `token_hash`; true when it replaced an
/// earlier one. The form and the API both answer through here.
/// A `fresh` token (made for this request) cannot have a response yet, so
/// an unverified response goes through the batching writer. With a `claim`
/// the response counts as verified staff and its group is "staff".
pub async fn accept(
    state: &AppState,
    c: &std::sync::Arc<Consultation>,
    token_hash: &str,
    fresh: bool,
    mut sent: Answers,
    claim: Option<Claim>,
) -> Result<bool, AppError> {
    ensure_open(c)?;
    if claim.is_some() {
        verified::answer_as_staff(c, &mut sent);
    }
    let mut valid = answers::validate(c, sent).map_err(|e| AppError::Invalid(e.list))?;
    valid.verified_staff = claim.is_some();
    if fresh && claim.is_none() {
        let writer =
            state.response_limits.2.get_or_try_init(|| super::intake::writer::Writer::start(&state.db)).await?;
        super::intake::writer::submit(writer, c, token_hash.to_owned(), valid).await.map(|()| false)
    } else {
        store::submit(&state.db, c, token_hash, &valid, claim.as_ref()).await
    }
}

#[derive(Template)]
#[template(path = "consultations/survey.html")]
struct SurveyPage {
    layout: Layout,
    org: Org,
    c: Consultation,
    status: Status,
    questions: Vec<QuestionView>,
    /// The errors with links to the control each is about.
    summary: FormErrors,
    /// The page's language: its labels, title and purpose, the languages
    /// it can be answered in, and `?lang=` to carry on links.
    labels: SurveyLabels,
    title: Text,
    purpose: Text,
    has_fallback: bool,
    switcher: Vec<Switch>,
    lang_query: String,
    milestones: Vec<Milestone>,
    has_response: bool,
    saved: bool,
    results_public: bool,
    is_member: bool,
    /// Who is answering, for the verified staff line.
    standing: Standing,
    /// This member's verified response was made in another browser.
    answered_elsewhere: bool,
    /// This browser holds someone's verified response that this visitor
    /// cannot change; answering starts a new one.
    holds_other_verified: bool,
    /// The staff option's label, shown instead of the group question for members.
    staff_label: String,
    locked_key: Option<String>,
}

impl SurveyPage {
    fn open_until(&self) -> Text {
        self.labels.with("open_until", "date", self.closes())
    }
    fn choose_up_to(&self, q: &QuestionView) -> Text {
        self.labels.with("choose_up_to", "n", q.max_picks())
    }
    fn up_to(&self, q: &QuestionView) -> Text {
        self.labels.with("up_to", "n", q.limit())
    }
    fn opens(&self) -> String {
        self.layout.time(self.c.opens_at)
    }
    fn closes(&self) -> String {
        let code = self.layout.lang.map_or("en", |(tag, _)| tag.split('-').next().unwrap_or("en"));
        crate::web::dates::time_in(&self.layout.zone, self.c.closing(), code)
    }
    fn is_open(&self) -> bool {
        self.status == Status::Open
    }
    fn is_anonymous(&self) -> bool {
        self.standing == Standing::Anonymous
    }
    fn is_outsider(&self) -> bool {
        self.standing == Standing::Outsider
    }
    fn is_verified(&self) -> bool {
        matches!(self.standing, Standing::Member(_))
    }
    /// The group question is answered for a verified respondent.
    fn locked(&self, key: &str) -> bool {
        self.is_verified() && !self.staff_label.is_empty() && self.locked_key.as_deref() == Some(key)
    }
    fn show_form(&self) -> bool {
        (self.is_open() && !self.answered_elsewhere) || self.status == Status::Draft
    }
}

#[derive(Deserialize)]
pub struct SurveyQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// What the survey page knows about this browser and visitor.
struct Respondent {
    standing: Standing,
    filled: Vec<(String, Answer)>,
    /// Ranks as sent, shown again when a form comes back with errors.
    ranks: BTreeMap<String, BTreeMap<u32, u32>>,
    has_response: bool,
    answered_elsewhere: bool,
    holds_other_verified: bool,
}

/// Reads this browser's response, showing a verified one only to its own
/// person (on a shared computer nobody else sees or changes it).
async fn respondent(
    state: &AppState,
    c: &Consultation,
    standing: Standing,
    held: Option<(String, Option<StoredResponse>)>,
) -> Result<Respondent, AppError> {
    let key = signing_key(state).await?;
    let held_token = held.as_ref().map(|(t, _)| t.clone());
    let existing = held.and_then(|(_, r)| r);
    let mine = match (standing, &held_token, &existing) {
        (Standing::Member(p), Some(t), Some(r)) if r.verified_staff => {
            verified::is_theirs(&state.db, key, c, p, t).await?
        }
        (_, _, Some(r)) => !r.verified_staff,
        _ => false,
    };
    let answered_elsewhere = match standing {
        Standing::Member(p) => verified::answered_elsewhere(&state.db, key, c, p, held_token.as_deref()).await?,
        _ => false,
    };
    let holds_other_verified = existing.as_ref().is_some_and(|r| r.verified_staff) && !mine;
    let shown = existing.filter(|_| mine);
    Ok(Respondent {
        standing,
        filled: shown
            .as_ref()
            .map(|r| r.answers.iter().map(|(k, a, _)| (k.clone(), a.clone())).collect())
            .unwrap_or_default(),
        has_response: shown.is_some(),
        ranks: BTreeMap::new(),
        answered_elsewhere,
        holds_other_verified,
    })
}

async fn survey_page(
    state: &AppState,
    ctx: &PageContext,
    (org, c): (Org, Consultation),
    language: &'static Language,
    who: Respondent,
    errors: FormErrors,
    saved: bool,
) -> Result<SurveyPage, AppError> {
    let Respondent { standing, filled, ranks, has_response, answered_elsewhere, holds_other_verified } = who;
    let filled = filled.as_slice();
    let is_member = matches!(standing, Standing::Member(_));
    let staff = verified::staff_choice(&c);
    let status = c.status();
    if status == Status::Draft && !is_member {
        return Err(AppError::NotFound);
    }
    let milestones = store::milestones(&state.db, c.id).await?;
    let local = Local::new(&c, language);
    let mut labels = languages::labels::labels(language, c.translations.get(language.code));
    // Several texts in English: said once at the top, not on every line.
    let has_fallback = local.fallbacks(&c) + labels.fallbacks() > 1;
    let local = local.quietly(has_fallback);
    if has_fallback {
        labels.quieten();
    }
    let title = local.title(&c);
    let mut path = format!("/o/{}/c/{}", org.slug, c.id);
    if !language.is_default() {
        path.push_str(&format!("?lang={}", language.code));
    }
    let mut layout = ctx.org_layout(&org, title.text.clone()).shared(
        &state.config.public_url,
        &path,
        if language.is_default() { &c.purpose } else { "" },
    );
    layout.has_errors = !errors.is_empty();
    if !language.is_default() {
        layout.lang = Some((language.tag(), language.dir));
    }
    let mut errors = errors;
    errors.list.sort_by_key(|e| c.questions.iter().position(|q| q.key == e.field).unwrap_or(usize::MAX));
    let shown = view::Shown { local, labels: &labels };
    let questions: Vec<QuestionView> =
        c.questions.iter().map(|q| view::question(&c, q, filled, ranks.get(&q.key), &errors, &shown)).collect();
    let base = format!("/o/{}/c/{}", org.slug, c.id);
    let switcher = languages::in_languages(&c)
        .into_iter()
        .map(|l| Switch {
            language: l,
            href: if l.is_default() { base.clone() } else { format!("{base}?lang={}", l.code) },
            current: l.code == language.code,
        })
        .collect();
    let purpose = local.purpose(&c);
    // The summary's links lead to each question's first control: a
    // fieldset cannot take focus.
    let mut summary = errors.clone();
    for e in &mut summary.list {
        if let Some(view) = questions.iter().find(|v| v.key() == e.field) {
            e.field = view.first_control();
        }
    }
    Ok(SurveyPage {
        lang_query: if language.is_default() { String::new() } else { format!("?lang={}", language.code) },
        labels,
        title,
        purpose,
        has_fallback,
        switcher,
        layout,
        results_public: c.results_public(),
        questions,
        status,
        org,
        c,
        summary,
        milestones,
        has_response,
        saved,
        is_member,
        standing,
        answered_elsewhere,
        holds_other_verified,
        staff_label: staff.as_ref().map(|(_, _, label)| label.clone()).unwrap_or_default(),
        locked_key: staff.map(|(key, _, _)| key),
    })
}

/// The token this browser holds for `c`, with its response if there is one.
async fn held(
    state: &AppState,
    headers: &HeaderMap,
    c: &Consultation,
) -> Result<Option<(String, Option<StoredResponse>)>, AppError> {
    let key = signing_key(state).await?;
    let Some(token) = token_from(headers, key, c.id) else { return Ok(None) };
    let response = store::response_by_token(&state.db, c.id, &respondent_token::key(&token)).await?;
    Ok(Some((token, response)))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<SurveyQuery>,
) -> Result<Response, AppError> {
    let (org, c) = load(&state, &slug, id).await?;
    let language = languages::language_of(query.lang.as_deref(), &c)?;
    let standing = Standing::of(&state.db, org.id, ctx.viewer.0.as_ref()).await?;
    let held = held(&state, &headers, &c).await?;
    let who = respondent(&state, &c, standing, held).await?;
    let saved = who.has_response && query.saved.is_some();
    let page = survey_page(&state, &ctx, (org, c), language, who, FormErrors::new(), saved).await?;
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    ClientAddress(address): ClientAddress,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<SurveyQuery>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (org, c) = load(&state, &slug, id).await?;
    let language = languages::language_of(query.lang.as_deref(), &c)?;
    ensure_open(&c)?;
    state.response_limits.check(address)?;
    let key = signing_key(&state).await?;
    let standing = Standing::of(&state.db, org.id, ctx.viewer.0.as_ref()).await?;
    let held = held(&state, &headers, &c).await?;
    let survey_form::Sent { answers: sent, mut errors, ranks } =
        survey_form::from_form(&c, &fields, &Local::new(&c, language));
    let filled = sent.0.clone();
    if !errors.is_empty() {
        // The answers' own checks too, so that every question's problem is
        // listed at once rather than one round trip at a time.
        let mut checked = sent.clone();
        if matches!(standing, Standing::Member(_)) {
            verified::answer_as_staff(&c, &mut checked);
        }
        if let Err(more) = answers::validate(&c, checked) {
            for e in more.list {
                errors.add(&e.field, e.message);
            }
        }
    }
    let result = if errors.is_empty() {
        match verified::decide(&state.db, key, &c, standing, held.clone()).await {
            Ok(d) => accept(
                &state,
                &std::sync::Arc::new(c.clone()),
                &respondent_token::key(&d.token),
                d.fresh,
                sent,
                d.claim,
            )
            .await
            .map(|_| (d.token, d.fresh)),
            Err(e) => Err(e),
        }
    } else {
        Err(AppError::Invalid(Vec::new()))
    };
    match result {
        Ok((token, fresh)) => {
            let lang = if language.is_default() { String::new() } else { format!("lang={}&", language.code) };
            let mut response = Redirect::to(&format!("/o/{}/c/{}?{lang}saved=1#top", org.slug, c.id)).into_response();
            if fresh && let Some(cookie) = set_cookie(&state, &org, &c, key, &token) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(AppError::Invalid(list)) => {
            for e in list {
                errors.add(&e.field, e.message);
            }
            let mut who = respondent(&state, &c, standing, held).await?;
            who.filled = filled;
            who.ranks = ranks;
            let page = survey_page(&state, &ctx, (org, c), language, who, errors, false).await?;
            Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?))
        }
        Err(other) => Err(other),
    }
}
