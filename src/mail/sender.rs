//! The sender: one task per process that claims due messages from the
//! outbox, sends them over pooled SMTP connections, and records each
//! server's answer. It also queues the closing-soon reminders now and then.
//!
//! Guarantees, with [`super::outbox`]: a message is marked sent only after
//! the server accepted it, and a message marked sent is never claimed
//! again. A process killed between the server's acceptance and that mark
//! leaves the message claimed; it is sent again when the lease runs out,
//! with the same Message-ID (the only window in which a copy can arrive).

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::outbox::{self, Claimed};
use super::{Mail, MailMetrics, Settings};
use crate::storage::Db;

/// Messages claimed at a time, and sent side by side.
const BATCH: i64 = 32;
const SIDE_BY_SIDE: usize = 16;
/// How often an idle sender looks for messages from other processes and
/// retries that have come due.
const POLL: Duration = Duration::from_secs(1);
/// How often reminders are looked for.
const REMINDERS_EVERY: Duration = Duration::from_secs(600);

/// Starts this process's sender, if mail is set up.
pub fn spawn(db: &Db, mail: &Mail, metrics: &MailMetrics) {
    let Some(settings) = mail.settings().cloned() else {
        return;
    };
    let transport = match settings.transport() {
        Ok(t) => t,
        Err(err) => {
            tracing::error!(error = %err, "mail is not sent: the SMTP settings cannot be used");
            return;
        }
    };
    let sender = Sender { db: db.clone(), mail: mail.clone(), settings, transport, metrics: metrics.clone() };
    tokio::spawn(sender.run());
}

struct Sender {
    db: Db,
    mail: Mail,
    settings: Settings,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    metrics: MailMetrics,
}

impl Sender {
    async fn run(self) {
        let bell = self.mail.bell();
        let mut reminders_due = Instant::now();
        loop {
            if Instant::now() >= reminders_due {
                reminders_due = Instant::now() + REMINDERS_EVERY;
                match super::reminders::queue_closing_soon(&self.db, &self.mail).await {
                    Ok(n) if n > 0 => tracing::info!(messages = n, "queued reminders of consultations closing soon"),
                    Ok(_) => {}
                    Err(err) => tracing::warn!(error = %err, "could not queue reminders"),
                }
            }
            let lease = i64::try_from(self.settings.lease.as_secs()).unwrap_or(120);
            let claimed = match outbox::claim(&self.db, BATCH, lease).await {
                Ok(claimed) => claimed,
                Err(err) => {
                    tracing::warn!(error = %err, "could not read the mail outbox");
                    Vec::new()
                }
            };
            if claimed.is_empty() {
                tokio::select! {
                    () = bell.notified() => {},
                    () = tokio::time::sleep(POLL) => {},
                }
                continue;
            }
            futures_util::stream::iter(claimed).for_each_concurrent(SIDE_BY_SIDE, |m| self.send(m)).await;
        }
    }

    async fn send(&self, m: Claimed) {
        let outcome = match self.message(&m) {
            Ok(message) => self.transport.send(message).await.map_err(Failure::Smtp),
            Err(reason) => Err(Failure::Unsendable(reason)),
        };
        // Counted once recorded, so the figures never run ahead of the outbox.
        let (marked, counter) = match outcome {
            Ok(response) => {
                let answer = answer_of(response.code().to_string(), response.message());
                (outbox::mark_sent(&self.db, &m, &answer).await, &self.metrics.sent)
            }
            Err(failure) => {
                let answer = failure.to_string();
                if failure.is_permanent() || m.attempts >= super::settings::MOST_ATTEMPTS {
                    tracing::warn!(outbox_id = m.id, attempts = m.attempts, answer, "gave up on a message");
                    (outbox::mark_failed(&self.db, &m, &answer).await, &self.metrics.failed)
                } else {
                    let wait = self.settings.backoff(m.attempts);
                    tracing::info!(
                        outbox_id = m.id,
                        attempts = m.attempts,
                        answer,
                        wait_secs = wait.as_secs(),
                        "will retry a message"
                    );
                    let wait = i64::try_from(wait.as_secs()).unwrap_or(3600);
                    (outbox::mark_retry(&self.db, &m, &answer, wait).await, &self.metrics.retried)
                }
            }
        };
        counter.inc();
        match marked {
            Ok(true) => {}
            Ok(false) => tracing::warn!(outbox_id = m.id, "a message's lease ran out while it was being sent"),
            Err(err) => tracing::error!(outbox_id = m.id, error = %err, "could not record a message's outcome"),
        }
    }

    /// The message as sent: multipart text and HTML, the row's Message-ID,
    /// and List-Unsubscribe headers for reminders.
    fn message(&self, m: &Claimed) -> Result<Message, String> {
        let to: Mailbox = m.to_address.parse().map_err(|_| "the address is not a valid email address".to_owned())?;
        let (Some(text), Some(html)) = (m.body_text.clone(), m.body_html.clone()) else {
            return Err("the message's text is gone".to_owned());
        };
        let mut builder = Message::builder()
            .from(self.settings.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .message_id(Some(m.message_id.clone()))
            .date_now()
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_owned(),
            ));
        if !m.unsubscribe_url.is_empty() {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{}>", m.unsubscribe_url),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(text, html))
            .map_err(|e| format!("the message could not be built: {e}"))
    }
}

/// Why one attempt did not go.
enum Failure {
    Smtp(lettre::transport::smtp::Error),
    Unsendable(String),
}

impl Failure {
    fn is_permanent(&self) -> bool {
        match self {
            Failure::Smtp(e) => e.is_permanent(),
            Failure::Unsendable(_) => true,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // lettre's errors name the kind, the code and the server's text;
            // they never hold the credentials.
            Failure::Smtp(e) => write!(f, "{e}"),
            Failure::Unsendable(reason) => f.write_str(reason),
        }
    }
}

/// "250 2.0.0 Ok: queued as …": the code and the server's lines.
pub fn answer_of<'a>(code: String, lines: impl Iterator<Item = &'a str>) -> String {
    let text = lines.collect::<Vec<_>>().join(" ");
    let answer = format!("{code} {text}");
    answer.chars().take(500).collect()
}

/// Sends one message now, outside the outbox: `ethos mail test`.
pub async fn send_test(settings: &Settings, to: &str) -> anyhow::Result<String> {
    let to: Mailbox = to.parse().map_err(|_| anyhow::anyhow!("{to} is not an email address"))?;
    let text = "This is a test message from Ethos. Mail from this server works.\n".to_owned();
    let html = "<p>This is a test message from Ethos. Mail from this server works.</p>".to_owned();
    let message = Message::builder()
        .from(settings.from.clone())
        .to(to)
        .subject("Ethos test message")
        .message_id(Some(format!("<test-{}@{}>", crate::auth::secrets::new_token(), settings.domain())))
        .date_now()
        .multipart(MultiPart::alternative_plain_html(text, html))?;
    let response =
        settings.transport()?.send(message).await.map_err(|e| anyhow::anyhow!("the server did not take it: {e}"))?;
    Ok(answer_of(response.code().to_string(), response.message()))
}
