//! The sign-in itself: `/sign-in/sso/start` sends a person to their
//! organisation's provider; `/sign-in/sso/callback` (the one redirect URI,
//! fixed as `{public url}/sign-in/sso/callback`) takes them back.
//!
//! What must survive the trip (state, nonce, PKCE verifier, the provider
//! and where to go next) is kept in the session and taken out on the way
//! back, so each sign-in can be finished once: a replayed callback finds
//! nothing and is refused. Every refusal is a page that says why, and
//! changes nothing.

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::people;
use crate::auth::session::{self, session_error};
use crate::auth::signin::safe_next;
use crate::auth::sso::matching::{self, Decision, Place, Refusal};
use crate::auth::sso::provider::{ProviderError, Registration};
use crate::auth::sso::{seal, store};
use crate::error::AppError;
use crate::storage::now;
use crate::web::{Layout, PageContext, no_store, render_with_status};

const PENDING_KEY: &str = "sso_pending";
/// A sign-in not finished within this many seconds is started again.
const PENDING_SECS: i64 = 15 * 60;

/// A sign-in under way, kept in the session until the provider answers.
#[derive(Serialize, Deserialize)]
struct Pending {
    org_id: i64,
    issuer_url: String,
    state: String,
    nonce: String,
    pkce_verifier: String,
    next: String,
    started_at: i64,
}

#[derive(Template)]
#[template(path = "auth/sso_refused.html")]
struct RefusedPage {
    layout: Layout,
    heading: String,
    reason: String,
    advice: String,
}

/// Why a sign-in through a provider was not finished.
enum Refused {
    /// No sign-in under way in this session matched (replayed, or too old).
    NoSignIn,
    /// The provider answered with an error instead of a code.
    ProviderSaid {
        provider: String,
        code: String,
    },
    /// The provider, or what it sent, failed a check.
    Provider {
        provider: String,
        org: String,
        error: ProviderError,
    },
    /// Single sign-on was changed or turned off meanwhile.
    SettingsChanged,
    Matching {
        provider: String,
        org: String,
        refusal: Refusal,
    },
}

impl Refused {
    fn page(self, ctx: &PageContext) -> Result<Response, AppError> {
        let (status, heading, reason, advice) = match self {
            Refused::NoSignIn => (
                StatusCode::BAD_REQUEST,
                "This sign-in cannot be finished".to_owned(),
                "The answer from your organisation's sign-in service does not belong to a sign-in started in this \
                 browser, or it has been used already, or it took more than 15 minutes."
                    .to_owned(),
                "Start again from the sign-in page.".to_owned(),
            ),
            Refused::ProviderSaid { provider, code } => (
                StatusCode::FORBIDDEN,
                format!("{provider} did not sign you in"),
                format!("It answered “{code}” instead of signing you in, so you have not been signed in to Ethos."),
                "Try again. If it happens again, ask your IT service desk.".to_owned(),
            ),
            Refused::Provider { provider, org, error } if error.is_unavailable() => (
                StatusCode::BAD_GATEWAY,
                format!("{provider} cannot be used just now"),
                format!("Ethos could not talk to {provider}: {error}. You have not been signed in."),
                format!("Try again in a few minutes. If it keeps happening, tell an owner of {org}."),
            ),
            Refused::Provider { provider, org, error } => (
                StatusCode::FORBIDDEN,
                format!("The answer from {provider} could not be trusted"),
                format!("Ethos checked what {provider} sent back: {error}. You have not been signed in."),
                format!(
                    "Try again. If it happens again, tell an owner of {org}: their single sign-on settings may need \
                     checking."
                ),
            ),
            Refused::SettingsChanged => (
                StatusCode::CONFLICT,
                "This sign-in cannot be finished".to_owned(),
                "Single sign-on for your organisation was changed while you were signing in.".to_owned(),
                "Start again from the sign-in page.".to_owned(),
            ),
            Refused::Matching { provider, org, refusal } => {
                let (heading, reason) = match refusal {
                    Refusal::NoEmail => (
                        format!("{provider} did not tell Ethos your email address"),
                        "Ethos needs your email address to know who you are.".to_owned(),
                    ),
                    Refusal::Unverified { email } => (
                        format!("{provider} has not confirmed your email address"),
                        format!(
                            "It did not say that {email} is verified, and Ethos lets someone in through single \
                             sign-on only when it does."
                        ),
                    ),
                    Refusal::DomainNotListed { email, domain } => (
                        format!("Addresses at {domain} cannot sign in here"),
                        format!(
                            "You signed in to {provider} as {email}, but {org} lets people in through it only with \
                             addresses at the domains its owners listed."
                        ),
                    ),
                };
                (
                    StatusCode::FORBIDDEN,
                    heading,
                    format!("{reason} No account was made and nothing was changed."),
                    format!("Ask an owner of {org} to invite you, or ask your IT service desk to check your account."),
                )
            }
        };
        let page = RefusedPage { layout: ctx.layout(heading.clone()), heading, reason, advice };
        Ok(no_store(render_with_status(status, &page)?))
    }
}

#[derive(Deserialize)]
pub struct StartQuery {
    #[serde(default)]
    email: String,
    #[serde(default)]
    next: String,
}

/// Where the "Sign in with …" button leads for `email`, coming back to
/// `next` (when it is a page of this site).
pub fn start_url(email: &str, next: &str) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("email", &people::normalise_email(email));
    if let Some(next) = safe_next(next) {
        query.append_pair("next", next);
    }
    format!("/sign-in/sso/start?{}", query.finish())
}

/// `GET /sign-in/sso/offer?email=…&next=…`: for the sign-in page's script,
/// the button to show as soon as an email is typed; 204 when its domain
/// has no single sign-on. It tells no more than the continue step does.
pub async fn offer(State(state): State<AppState>, Query(query): Query<StartQuery>) -> Result<Response, AppError> {
    let response = match store::offer_for(&state.db, &query.email).await? {
        None => StatusCode::NO_CONTENT.into_response(),
        Some(offer) => Json(serde_json::json!({
            "label": format!("Sign in with {}", offer.display_name),
            "href": start_url(&query.email, &query.next),
            "required": offer.required,
        }))
        .into_response(),
    };
    Ok(no_store(response))
}

/// The one address providers send people back to.
/// What a provider is told of Ethos as its client, besides the stored
/// settings: the client secret, opened, and the fixed redirect URI.
struct Client {
    secret: String,
    redirect: String,
}

impl Client {
    async fn of(state: &AppState, provider: &store::Provider) -> Result<Client, AppError> {
        let secret =
            seal::open(&state.db, provider.org_id, &provider.sealed_secret).await.map_err(anyhow::Error::new)?;
        Ok(Client { secret, redirect: redirect_url(state) })
    }

    fn registration<'a>(&'a self, provider: &'a store::Provider) -> Registration<'a> {
        Registration {
            issuer_url: &provider.issuer_url,
            client_id: &provider.client_id,
            client_secret: &self.secret,
            redirect_url: &self.redirect,
        }
    }
}

pub fn redirect_url(state: &AppState) -> String {
    format!("{}/sign-in/sso/callback", state.config.public_url)
}

/// `GET /sign-in/sso/start?email=…&next=…`: to the provider of the email's domain.
pub async fn start(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    Query(query): Query<StartQuery>,
) -> Result<Response, AppError> {
    let email = people::normalise_email(&query.email);
    let offer = store::offer_for(&state.db, &email).await?.ok_or_else(|| {
        AppError::NotFoundMessage(
            "Single sign-on is not set up for that email address. Go back and sign in with your password.".to_owned(),
        )
    })?;
    let provider = store::provider(&state.db, offer.org_id).await?.ok_or(AppError::NotFound)?;
    let client = Client::of(&state, &provider).await?;
    let reg = client.registration(&provider);
    let started = match state.providers.start(&reg, &email).await {
        Ok(started) => started,
        Err(error) => {
            let refused = Refused::Provider { provider: provider.display_name, org: offer.org_name, error };
            return refused.page(&ctx);
        }
    };
    let pending = Pending {
        org_id: provider.org_id,
        issuer_url: provider.issuer_url,
        state: started.state,
        nonce: started.nonce,
        pkce_verifier: started.pkce_verifier,
        next: safe_next(&query.next).unwrap_or_default().to_owned(),
        started_at: now(),
    };
    session.insert(PENDING_KEY, pending).await.map_err(session_error)?;
    Ok(no_store(Redirect::to(&started.url).into_response()))
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    #[serde(default)]
    code: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    error: String,
}

/// Compares two secrets through their hashes, so the time taken says
/// nothing about how much of a guess was right.
fn same_secret(a: &str, b: &str) -> bool {
    Sha256::digest(a.as_bytes()) == Sha256::digest(b.as_bytes())
}

/// `GET /sign-in/sso/callback?code=…&state=…`: the provider's answer.
pub async fn callback(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Result<Response, AppError> {
    // Taken out at once: whatever follows, this sign-in cannot be finished twice.
    let pending: Option<Pending> = session.remove(PENDING_KEY).await.map_err(session_error)?;
    let Some(pending) = pending.filter(|p| same_secret(&p.state, &query.state) && now() - p.started_at < PENDING_SECS)
    else {
        tracing::info!("single sign-on answer refused: no sign-in under way matches it");
        return Refused::NoSignIn.page(&ctx);
    };
    let provider = match store::provider(&state.db, pending.org_id).await? {
        Some(p) if p.issuer_url == pending.issuer_url => p,
        _ => return Refused::SettingsChanged.page(&ctx),
    };
    let org = store::org_of(&state.db, pending.org_id).await?.ok_or(AppError::NotFound)?;
    if !query.error.is_empty() || query.code.is_empty() {
        let code: String = query.error.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect();
        let code = if code.is_empty() { "no code".to_owned() } else { code };
        tracing::info!(org = %org.slug, answer = %code, "single sign-on: the provider did not sign the person in");
        return Refused::ProviderSaid { provider: provider.display_name, code }.page(&ctx);
    }
    let client = Client::of(&state, &provider).await?;
    let reg = client.registration(&provider);
    let claims = match state.providers.finish(&reg, query.code, pending.pkce_verifier, &pending.nonce).await {
        Ok(claims) => claims,
        Err(error) => {
            return Refused::Provider { provider: provider.display_name, org: org.name, error }.page(&ctx);
        }
    };
    let known = store::identity(&state.db, provider.org_id, &provider.issuer_url, &claims.subject).await?;
    let existing = match &claims.email {
        Some(email) => people::by_email(&state.db, email).await?.map(|p| p.id),
        None => None,
    };
    let decision = matching::decide(known, &claims, &provider.domains, existing);
    if let Decision::Refuse(refusal) = decision {
        tracing::info!(org = %org.slug, reason = refusal.kind(), "single sign-on refused");
        return Refused::Matching { provider: provider.display_name, org: org.name, refusal }.page(&ctx);
    }
    let place =
        Place { org_id: provider.org_id, issuer_url: &provider.issuer_url, provider_name: &provider.display_name };
    let person = matching::apply(&state.db, &place, &claims.subject, decision).await?;
    state.pages.clear();
    session::sign_in(&session, &person).await?;
    let device = crate::mail::devices::signed_in(&state, &person, &headers).await?;
    let target = if pending.next.is_empty() { format!("/o/{}/home", org.slug) } else { pending.next };
    let mut response = Redirect::to(&target).into_response();
    if let Some(cookie) = device {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
