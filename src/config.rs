//! Typed configuration: every setting is a flag with an `ETHOS_*` (or
//! `DATABASE_URL`) environment variable behind it.

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, ValueEnum};

/// Where the data lives; shared by every command.
#[derive(Args, Clone, Debug)]
pub struct DatabaseArgs {
    /// Database to use: sqlite://PATH or postgres://USER@HOST/DB.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://./data/ethos.db", global = true)]
    pub database_url: String,

    /// Hold a SQLite database to at most this many pages (4 KiB each, so
    /// 262144 is 1 GiB): a quota, beyond which writes are refused with 507
    /// as on a full disk. No cap when unset.
    #[arg(long, env = "ETHOS_SQLITE_MAX_PAGES", global = true)]
    pub sqlite_max_pages: Option<u64>,
}

/// How log lines are written.
#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

/// Settings of the web server.
#[derive(Args, Clone, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, env = "ETHOS_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Address people use to reach Ethos, for links shown to them
    /// (invitations, password resets). Defaults to http://BIND.
    #[arg(long, env = "ETHOS_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Mark cookies Secure: set this when Ethos is served over HTTPS.
    #[arg(long, env = "ETHOS_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Take the client address from X-Forwarded-For (behind a reverse proxy).
    #[arg(long, env = "ETHOS_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,

    /// How many trusted proxies stand in front of Ethos: the client address
    /// is that many entries from the right of X-Forwarded-For.
    #[arg(long, env = "ETHOS_TRUST_PROXY_HOPS", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..))]
    pub trust_proxy_hops: u8,

    /// Do not load the demo organisations into an empty database.
    #[arg(long, env = "ETHOS_NO_DEMO", default_value_t = false)]
    pub no_demo: bool,

    /// Longest time a request may take before it is answered 408, in seconds.
    #[arg(long, env = "ETHOS_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "ETHOS_BODY_LIMIT", default_value_t = 2 * 1024 * 1024)]
    pub body_limit: usize,

    /// Sign-in attempts allowed per account per minute.
    #[arg(long, env = "ETHOS_SIGNIN_PER_ACCOUNT", default_value_t = 5)]
    pub sign_in_per_account: u32,

    /// Sign-in attempts allowed per client address per minute.
    #[arg(long, env = "ETHOS_SIGNIN_PER_ADDRESS", default_value_t = 20)]
    pub sign_in_per_address: u32,

    /// How long invitation links stay valid, in hours.
    #[arg(long, env = "ETHOS_INVITATION_HOURS", default_value_t = 72)]
    pub invitation_hours: i64,

    /// Consultation responses accepted per client address per minute (a
    /// ward's shared connection sends many).
    #[arg(long, env = "ETHOS_RESPONSES_PER_ADDRESS", default_value_t = 600)]
    pub responses_per_address: u32,

    /// Seconds a person takes at least to fill in the public feedback form;
    /// a form sent back sooner is refused as automated.
    #[arg(long, env = "ETHOS_FEEDBACK_MIN_FILL", default_value_t = 3)]
    pub feedback_min_fill_secs: u64,

    /// Seconds a client has to send a request's head (its request line and
    /// headers) once the connection is ready for one; slower ones are closed.
    #[arg(long, env = "ETHOS_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout_secs: u64,

    /// Seconds an idle connection is kept open between requests (0: close
    /// after each response).
    #[arg(long, env = "ETHOS_KEEP_ALIVE", default_value_t = 5)]
    pub keep_alive_secs: u64,

    /// Most connections open at once; more are answered 503 and closed.
    #[arg(long, env = "ETHOS_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,

    /// Most connections open at once from one client address (not applied
    /// with --trust-proxy, where every connection comes from the proxy).
    #[arg(long, env = "ETHOS_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = 128)]
    pub max_connections_per_address: usize,
    #[command(flatten)]
    pub mail: crate::mail::MailArgs,
}

/// Runtime configuration of the web application.
#[derive(Clone, Debug)]
pub struct Config {
    pub public_url: String,
    pub secure_cookies: bool,
    pub trust_proxy: bool,
    /// Trusted proxies in front of Ethos (with `trust_proxy`).
    pub trust_proxy_hops: usize,
    pub request_timeout: Duration,
    pub body_limit: usize,
    pub sign_in_per_account: u32,
    pub sign_in_per_address: u32,
    pub invitation_hours: i64,
    pub responses_per_address: u32,
    /// Shortest time a person takes to fill in the public feedback form.
    pub feedback_min_fill: Duration,
    /// Connections: timeouts and caps (see [`Connections`]).
    pub connections: Connections,
    /// Build the suggested themes of open and recently closed consultations
    /// in the background once serving, so the first visit after a restart
    /// is fast, and keep those held up to date with new responses as they
    /// arrive, so the first visit after many new ones is too. Off for tests
    /// and embedding unless asked for.
    pub warm_theme_cache: bool,
    /// Where mail goes; `None` sends none (see `src/mail/`).
    pub mail: Option<crate::mail::Settings>,
}

impl Config {
    /// Configuration for a server bound to `bound` (the real port, once known).
    pub fn from_args(args: &ServeArgs, bound: SocketAddr) -> Config {
        let public_url =
            args.public_url.clone().unwrap_or_else(|| format!("http://{bound}")).trim_end_matches('/').to_owned();
        Config {
            public_url,
            secure_cookies: args.secure_cookies,
            trust_proxy: args.trust_proxy,
            trust_proxy_hops: usize::from(args.trust_proxy_hops),
            request_timeout: Duration::from_secs(args.request_timeout_secs.max(1)),
            body_limit: args.body_limit,
            sign_in_per_account: args.sign_in_per_account.max(1),
            sign_in_per_address: args.sign_in_per_address.max(1),
            invitation_hours: args.invitation_hours.max(1),
            responses_per_address: args.responses_per_address.max(1),
            feedback_min_fill: Duration::from_secs(args.feedback_min_fill_secs),
            connections: Connections {
                header_timeout: Duration::from_secs(args.header_timeout_secs.max(1)),
                keep_alive: Duration::from_secs(args.keep_alive_secs),
                max: args.max_connections.max(1),
                max_per_address: args.max_connections_per_address.max(1),
            },
            warm_theme_cache: true,
            mail: None,
        }
    }

    /// Defaults suitable for tests and embedding, served at `public_url`.
    pub fn for_url(public_url: &str) -> Config {
        Config {
            public_url: public_url.trim_end_matches('/').to_owned(),
            secure_cookies: false,
            trust_proxy: false,
            trust_proxy_hops: 1,
            request_timeout: Duration::from_secs(30),
            body_limit: 2 * 1024 * 1024,
            sign_in_per_account: 5,
            sign_in_per_address: 20,
            invitation_hours: 72,
            responses_per_address: 600,
            feedback_min_fill: Duration::from_secs(3),
            connections: Connections::default(),
            warm_theme_cache: false,
            mail: None,
        }
    }
}

/// How long connections may idle or dawdle, and how many may be open.
#[derive(Clone, Debug)]
pub struct Connections {
    /// Time to send a request's head, counted from when the connection is
    /// ready for one (so it also bounds an idle keep-alive connection).
    pub header_timeout: Duration,
    /// Idle time allowed between requests (zero: no keep-alive).
    pub keep_alive: Duration,
    /// Connections open at once, in all.
    pub max: usize,
    /// Connections open at once from one client address.
    pub max_per_address: usize,
}

impl Default for Connections {
    fn default() -> Self {
        Connections {
            header_timeout: Duration::from_secs(10),
            keep_alive: Duration::from_secs(5),
            max: 4096,
            max_per_address: 128,
        }
    }
}
