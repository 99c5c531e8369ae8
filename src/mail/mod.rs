//! Mail through a durable outbox.
//!
//! A change that causes a message (an invitation, a reset link, a reminder)
//! writes the message into `mail_outbox` in its own transaction, with
//! [`Mail::queue`]: if the change commits, the message will go; if it rolls
//! back, the message never existed. One sender task per process
//! ([`sender`]) claims due messages with a lease (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL), sends them over SMTP, and marks each sent or failed with the
//! server's answer; a message the server did not take is retried with
//! exponential backoff. A message marked sent is never claimed again; one
//! whose sender died mid-send is sent again once its lease has passed,
//! carrying the same Message-ID, so a receiver can tell it is a copy.
//!
//! Without `ETHOS_SMTP_URL` nothing is queued and the pages show links to
//! pass on by hand, as before mail existed.

pub mod devices;
pub mod letters;
pub mod outbox;
pub mod page;
pub mod prefs;
pub mod reminders;
pub mod sender;
pub mod settings;
pub mod wording;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use tokio::sync::Notify;

use crate::app::AppState;
use crate::storage::Db;
pub use outbox::{Conn, Outgoing};
pub use settings::{MailArgs, Settings};

/// The application's mail: its settings (if mail is set up), the key that
/// signs unsubscribe links, and the bell that wakes this process's sender.
#[derive(Clone)]
pub struct Mail {
    settings: Option<Arc<Settings>>,
    public_url: Arc<str>,
    link_key: Arc<[u8]>,
    wake: Arc<Notify>,
}

impl Mail {
    /// Mail for an application served at `public_url`.
    pub async fn new(db: &Db, settings: Option<Settings>, public_url: &str) -> sqlx::Result<Mail> {
        let link_key = crate::auth::secrets::instance_key(db, "mail-links").await?;
        Ok(Mail {
            settings: settings.map(Arc::new),
            public_url: public_url.trim_end_matches('/').into(),
            link_key: link_key.into(),
            wake: Arc::new(Notify::new()),
        })
    }

    /// True when an SMTP server is set: messages are queued and sent.
    pub fn is_on(&self) -> bool {
        self.settings.is_some()
    }

    pub fn settings(&self) -> Option<&Settings> {
        self.settings.as_deref()
    }

    /// The address people use to reach Ethos, for links in messages.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Queues `message` inside the caller's transaction (`&mut *tx` of
    /// either backend). Returns false, queuing nothing, when mail is not set
    /// up or a message with the same `once_key` exists. Call [`Mail::wake`]
    /// after the commit so it goes at once.
    ///
    /// This is the hook for every feature that sends mail: build an
    /// [`Outgoing`] (usually from a [`letters::Letter`]) and queue it with
    /// the change that causes it.
    pub async fn queue<'c>(&self, conn: impl Into<Conn<'c>>, message: &Outgoing) -> sqlx::Result<bool> {
        match &self.settings {
            Some(settings) => outbox::insert(conn.into(), settings.domain(), message).await,
            None => Ok(false),
        }
    }

    /// Queues many messages at once (reminders to a whole organisation) in
    /// the caller's transaction; returns how many were new.
    pub async fn queue_many<'c>(&self, conn: impl Into<Conn<'c>>, messages: &[Outgoing]) -> sqlx::Result<u64> {
        match &self.settings {
            Some(settings) => outbox::insert_many(conn.into(), settings.domain(), messages).await,
            None => Ok(0),
        }
    }

    /// Tells this process's sender that messages are waiting (after commit).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub(crate) fn bell(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    pub(crate) fn link_key(&self) -> &[u8] {
        &self.link_key
    }

    #[cfg(test)]
    pub(crate) fn for_tests(key: &[u8]) -> Mail {
        Mail {
            settings: None,
            public_url: "https://ethos.example".into(),
            link_key: key.into(),
            wake: Arc::new(Notify::new()),
        }
    }
}

/// Mail's figures on `/metrics`.
#[derive(Clone, Default)]
pub struct MailMetrics {
    /// Messages waiting in the outbox (all processes), read at each scrape.
    pub queued: Gauge,
    /// Messages this process sent.
    pub sent: Counter,
    /// Messages this process gave up on (refused for good, or too many tries).
    pub failed: Counter,
    /// Attempts this process will try again later.
    pub retried: Counter,
}

impl MailMetrics {
    pub fn register(registry: &mut Registry) -> MailMetrics {
        let metrics = MailMetrics::default();
        registry.register("mail_queued", "Messages waiting in the mail outbox", metrics.queued.clone());
        registry.register("mail_sent", "Messages this process sent", metrics.sent.clone());
        registry.register("mail_failed", "Messages this process gave up on", metrics.failed.clone());
        registry.register("mail_retried", "Send attempts to be tried again later", metrics.retried.clone());
        metrics
    }
}

/// Reads the outbox's length into the `mail_queued` gauge (before a scrape).
pub async fn refresh_metrics(state: &AppState) {
    match outbox::waiting(&state.db).await {
        Ok(n) => {
            state.metrics.mail.queued.set(n);
        }
        Err(err) => tracing::warn!(error = %err, "could not count the mail outbox"),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/mail", get(page::page))
        .route("/account/mail", post(prefs::save))
        .route("/mail/reminders/off/{token}", get(reminders::unsubscribe_page).post(reminders::unsubscribe))
}
