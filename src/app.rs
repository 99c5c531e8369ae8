//! The application: shared state and the router that merges every area.

use std::sync::Arc;

use axum::Router;
use std::convert::Infallible;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tracing::Level;

use crate::auth::ratelimit::SignInLimits;
use crate::config::Config;
use crate::consultations::live::Live;
use crate::consultations::theme_cache::ThemeCache;
use crate::error::AppError;
use crate::ops::Metrics;
use crate::orgs::cache::PageCache;
use crate::storage::changes::{Announcer, Change, Hear};
use crate::storage::{Db, SessionStore};
use crate::web::csrf::CsrfKey;

/// Everything a handler may need. One shared allocation: the state is
/// cloned for every request by each layer that extracts it, and cloning a
/// dozen separate handles cost several per cent of a busy server's time.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] holds.
pub struct Shared {
    pub db: Db,
    pub config: Arc<Config>,
    pub csrf_key: CsrfKey,
    pub sessions: SessionStore,
    pub sign_in_limits: Arc<SignInLimits>,
    pub metrics: Arc<Metrics>,
    pub pages: PageCache,
    pub response_limits: Arc<crate::consultations::respond::ResponseLimits>,
    /// Listening's own: the feedback writer.
    pub listen: crate::listen::State,
    /// Campaigns' own: the pledge writer.
    pub campaigns: crate::campaigns::State,
    /// Published consultations in memory for the submission path.
    pub live: Live,
    /// Suggested themes per consultation, kept between visits.
    pub themes: ThemeCache,
    /// Whether storage is full, while it lasts.
    pub space: Arc<crate::storage::space::Space>,
    /// Mail: settings, the outbox's hook and this process's sender's bell.
    pub mail: crate::mail::Mail,
    /// Tells the other processes on the same PostgreSQL what changed.
    pub announcer: Announcer,
    /// Single sign-on: the HTTP client and what providers said about themselves.
    pub providers: crate::auth::sso::provider::Providers,
}

/// The copies a process keeps in memory, cleared when another process
/// announces a change ([`crate::storage::changes`]).
pub struct Copies {
    pub pages: PageCache,
    pub live: Live,
    pub themes: ThemeCache,
}

impl Copies {
    pub fn of(state: &AppState) -> Copies {
        Copies { pages: state.pages.clone(), live: state.live.clone(), themes: state.themes.clone() }
    }
}

impl Hear for Copies {
    fn hear(&self, change: Change) {
        match change {
            Change::Pages => self.pages.clear_here(),
            Change::Consultation(id) => self.live.forget_here(id),
            Change::Themes(id) => {
                let themes = self.themes.clone();
                tokio::spawn(async move { themes.forget_here(id).await });
            }
        }
    }

    fn hear_everything(&self) {
        self.pages.clear_here();
        self.live.forget_all_here();
        let themes = self.themes.clone();
        tokio::spawn(async move { themes.forget_all_here().await });
    }
}

impl AppState {
    /// Prepares state over a migrated database.
    pub async fn new(db: Db, config: Config) -> anyhow::Result<AppState> {
        let key = crate::auth::secrets::instance_key(&db, "csrf").await?;
        let sessions = SessionStore::open(&db).await?;
        let mail = crate::mail::Mail::new(&db, config.mail.clone(), &config.public_url).await?;
        let announcer = Announcer::new(&db);
        Ok(AppState(Arc::new(Shared {
            mail,
            providers: crate::auth::sso::provider::Providers::new()?,
            response_limits: Arc::new(crate::consultations::respond::ResponseLimits::new(config.responses_per_address)),
            listen: crate::listen::State::default(),
            campaigns: crate::campaigns::State::default(),
            sign_in_limits: Arc::new(SignInLimits::new(config.sign_in_per_account, config.sign_in_per_address)),
            config: Arc::new(config),
            csrf_key: CsrfKey::new(key),
            sessions,
            metrics: Arc::new(Metrics::new()),
            pages: PageCache::new(announcer.clone()),
            themes: ThemeCache::new(announcer.clone()),
            live: Live::new(announcer.clone()),
            announcer,
            space: Default::default(),
            db,
        })))
    }
}

/// The application as it is served: the public page cache in front of the
/// router. An anonymous visitor's cached page is answered before routing,
/// the request span, per-route metrics, sessions and form tokens are set up
/// (a cache hit logs nothing at any level and is counted in
/// `ethos_public_cache_hits_total`); everything else goes to [`app`].
pub fn service(
    state: AppState,
) -> impl tower::Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + 'static {
    let cache = axum::middleware::from_fn_with_state(state.clone(), crate::web::public_cache::serve);
    tower::Layer::layer(&cache, app(state))
}

/// The whole application as one router.
pub fn app(state: AppState) -> Router {
    let session_layer = SessionManagerLayer::new(state.sessions.clone())
        .with_name("ethos_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::hours(12)));

    let router =
        Router::new()
            .merge(crate::web::assets::router())
            .merge(crate::ops::router())
            .merge(crate::auth::router())
            .merge(crate::orgs::router())
            .merge(crate::values::router())
            .merge(crate::strategy::router(state.clone()))
            .merge(crate::listen::router())
            .merge(crate::campaigns::router(state.clone()))
            .merge(crate::consultations::router().route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                crate::consultations::live::forget_after,
            )))
            .merge(crate::mail::router())
            .nest("/api/v1", crate::api::router())
            .fallback(|uri: axum::http::Uri| async move {
                // Under /api/ even an unknown version answers a problem document.
                if uri.path().starts_with("/api/") {
                    crate::error::ApiError(AppError::NotFound).into_response()
                } else {
                    AppError::NotFound.into_response()
                }
            })
            .layer(axum::middleware::from_fn(crate::web::text::refuse_in_address));
    // Outermost last. Anonymous visitors' cached pages never reach these
    // layers: see [`service`].
    let mut router = router
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::web::error_pages::for_viewer))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::web::csrf::protect))
        .layer(session_layer)
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, state.config.request_timeout))
        .layer(DefaultBodyLimit::max(state.config.body_limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::ops::track))
        .layer(
            ServiceBuilder::new()
                .layer(CatchPanicLayer::custom(|_| {
                    AppError::Internal(anyhow::anyhow!("handler panicked")).into_response()
                }))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_response(DefaultOnResponse::new().level(Level::DEBUG)),
                ),
        );
    // Outermost of all, so that early answers (a refused form token, a body
    // too large, a timeout, a panic) carry the security headers too.
    for layer in crate::web::security::layers(state.config.secure_cookies) {
        router = router.layer(layer);
    }
    router.with_state(state)
}

/// The span every request's log lines carry: method and path, with the
/// secret of a one-time link cut out (invitation, reset and unsubscribe
/// links carry their token in the path), and no query string.
fn request_span(request: &Request) -> tracing::Span {
    let path = request.uri().path();
    let secret_at = ["/invitations/", "/reset/", "/mail/reminders/off/"]
        .iter()
        .find(|prefix| path.starts_with(*prefix) && path.len() > prefix.len())
        .map(|prefix| prefix.len())
        // A feedback status link: /o/{slug}/feedback/status/{token}.
        .or_else(|| path.find("/feedback/status/").map(|at| at + "/feedback/status/".len()));
    let shown = match secret_at {
        Some(at) => format!("{}…", &path[..at]),
        None => path.to_owned(),
    };
    tracing::span!(Level::INFO, "request", method = %request.method(), uri = %shown, version = ?request.version())
}
