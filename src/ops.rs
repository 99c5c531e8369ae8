//! Operations: liveness, readiness and Prometheus metrics; noticing that
//! storage is full (a 507 answered) and telling [`crate::storage::space::Space`].

use std::borrow::Cow;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::app::AppState;
use crate::error::StorageFullDetail;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: Cow<'static, str>,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteOnly {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimiterLabels {
    limiter: &'static str,
}

/// Request counts and durations, one registry per application (no globals,
/// so several apps in one test process keep apart).
pub struct Metrics {
    registry: Registry,
    requests: Family<RouteLabels, Counter>,
    durations: Family<RouteOnly, Histogram>,
    cache_hits: Counter,
    themes_warmed: Counter,
    theme_warm_ups: Counter,
    themes_read_in_full: Counter,
    storage_refused: Counter,
    open_connections: Gauge,
    connections_refused: Counter,
    limiter_keys: Family<LimiterLabels, Gauge>,
    pub mail: crate::mail::MailMetrics,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("ethos");
        let requests = Family::<RouteLabels, Counter>::default();
        let durations = Family::<RouteOnly, Histogram>::new_with_constructor(|| {
            Histogram::new([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0])
        });
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer HTTP requests", durations.clone());
        let cache_hits = Counter::default();
        registry.register(
            "public_cache_hits",
            "Anonymous page views answered from the public page cache (not in http_requests)",
            cache_hits.clone(),
        );
        let themes_warmed = Counter::default();
        registry.register(
            "theme_cache_warmed",
            "Consultations whose suggested themes were built at start, before any visit",
            themes_warmed.clone(),
        );
        let theme_warm_ups = Counter::default();
        registry.register(
            "theme_cache_warm_ups_finished",
            "Warm-ups of suggested themes that have finished (one per start, once done or failed)",
            theme_warm_ups.clone(),
        );
        let themes_read_in_full = Counter::default();
        registry.register(
            "theme_cache_full_reads",
            "Free-text questions whose every answer was read to suggest themes (at start or on a first visit)",
            themes_read_in_full.clone(),
        );
        let storage_refused = Counter::default();
        registry.register(
            "storage_full_refusals",
            "Writes refused (answered 507) because the database or disk was full",
            storage_refused.clone(),
        );
        let open_connections = Gauge::default();
        registry.register("open_connections", "Connections open now", open_connections.clone());
        let connections_refused = Counter::default();
        registry.register(
            "connections_refused",
            "Connections answered 503 and closed because too many were open (in all or from one address)",
            connections_refused.clone(),
        );
        let limiter_keys = Family::<LimiterLabels, Gauge>::default();
        registry.register(
            "rate_limiter_keys",
            "Keys (accounts or addresses) each rate limiter holds now",
            limiter_keys.clone(),
        );
        let mail = crate::mail::MailMetrics::register(&mut registry);
        Metrics {
            mail,
            registry,
            requests,
            durations,
            cache_hits,
            themes_warmed,
            theme_warm_ups,
            themes_read_in_full,
            storage_refused,
            open_connections,
            connections_refused,
            limiter_keys,
        }
    }

    fn observe(&self, method: Cow<'static, str>, route: String, status: u16, seconds: f64) {
        self.durations.get_or_create(&RouteOnly { route: route.clone() }).observe(seconds);
        self.requests.get_or_create(&RouteLabels { method, route, status }).inc();
    }

    /// One page answered from the public page cache.
    pub fn cache_hit(&self) {
        self.cache_hits.inc();
    }

    /// One consultation's suggested themes built by the warm-up.
    pub fn theme_cache_warmed(&self) {
        self.themes_warmed.inc();
    }

    /// The warm-up has finished, whether it built anything or failed.
    pub fn theme_cache_warm_up_finished(&self) {
        self.theme_warm_ups.inc();
    }

    /// One question's written answers all read for suggested themes.
    pub fn theme_cache_full_read(&self) {
        self.themes_read_in_full.inc();
    }

    /// The gauge of open connections, for the server to move.
    pub fn open_connections(&self) -> Gauge {
        self.open_connections.clone()
    }

    /// One connection refused by a cap.
    pub fn connection_refused(&self) {
        self.connections_refused.inc();
    }

    /// How many keys a rate limiter holds now.
    fn limiter_keys(&self, limiter: &'static str, keys: usize) {
        self.limiter_keys.get_or_create(&LimiterLabels { limiter }).set(i64::try_from(keys).unwrap_or(i64::MAX));
    }

    /// The metrics in Prometheus' text format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

/// Middleware: counts and times every request by its route template.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = match *req.method() {
        Method::GET => Cow::Borrowed("GET"),
        Method::POST => Cow::Borrowed("POST"),
        Method::HEAD => Cow::Borrowed("HEAD"),
        ref other => Cow::Owned(other.as_str().to_owned()),
    };
    let route = req.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    state.metrics.observe(method, route, response.status().as_u16(), started.elapsed().as_secs_f64());
    if let Some(StorageFullDetail(detail)) = response.extensions().get::<StorageFullDetail>() {
        storage_refused(&state, detail);
    }
    response
}

/// A write was refused because storage is full: counted, and noted for
/// `/readyz` and the log.
pub fn storage_refused(state: &AppState, detail: &str) {
    state.metrics.storage_refused.inc();
    state.space.refused(&state.db, detail);
}

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).route("/metrics", get(metrics))
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers and has room for writes.
async fn readyz(State(state): State<AppState>) -> Response {
    if state.space.is_full() {
        (StatusCode::SERVICE_UNAVAILABLE, "storage full\n").into_response()
    } else if state.db.ping().await {
        (StatusCode::OK, "ready\n").into_response()
    } else {
        let retry_after = (header::RETRY_AFTER, HeaderValue::from(crate::error::UNAVAILABLE_RETRY_AFTER));
        (StatusCode::SERVICE_UNAVAILABLE, [retry_after], "database unreachable\n").into_response()
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    let (accounts, addresses) = state.sign_in_limits.keys();
    state.metrics.limiter_keys("sign_in_per_account", accounts);
    state.metrics.limiter_keys("sign_in_per_address", addresses);
    state.metrics.limiter_keys("responses_per_address", state.response_limits.keys());
    crate::mail::refresh_metrics(&state).await;
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        )],
        state.metrics.encode(),
    )
        .into_response()
}
