//! Mail settings: where to send (`ETHOS_SMTP_URL`), who it is from
//! (`ETHOS_MAIL_FROM`), and how patiently to retry. Without an SMTP URL Ethos
//! sends nothing and its pages show links to pass on by hand.

use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, Tokio1Executor};

/// The mail flags, shared by `ethos serve` and `ethos mail test`.
#[derive(Args, Clone, Default)]
pub struct MailArgs {
    /// SMTP server to send mail through: smtp://[USER:PASSWORD@]HOST:PORT
    /// (STARTTLS when the server offers it; add ?tls=required to insist) or
    /// smtps://… (TLS from the start). Unset: no mail is sent.
    #[arg(long, env = "ETHOS_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The From address of every message, e.g. "Ethos <ethos@trust.nhs.uk>".
    #[arg(long, env = "ETHOS_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Seconds before the first retry of a message the server did not take;
    /// each later retry waits twice as long (up to an hour).
    #[arg(long, env = "ETHOS_MAIL_RETRY_SECS", default_value_t = 30)]
    pub mail_retry_secs: u64,

    /// Seconds a sender holds a message it is sending; if its process dies,
    /// another sends the message once this has passed.
    #[arg(long, env = "ETHOS_MAIL_LEASE_SECS", default_value_t = 120)]
    pub mail_lease_secs: u64,
}

impl std::fmt::Debug for MailArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailArgs")
            .field("smtp_url", &self.smtp_url.as_deref().map(redact))
            .field("mail_from", &self.mail_from)
            .finish_non_exhaustive()
    }
}

/// Checked mail settings. The SMTP URL may hold a password: it is never
/// printed (see the `Debug` impl) and never logged.
#[derive(Clone)]
pub struct Settings {
    smtp_url: String,
    pub from: Mailbox,
    /// The first retry's delay; it doubles each time.
    pub retry: Duration,
    /// How long a claimed message stays with its sender.
    pub lease: Duration,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("smtp_url", &redact(&self.smtp_url))
            .field("from", &self.from.to_string())
            .field("retry", &self.retry)
            .field("lease", &self.lease)
            .finish()
    }
}

/// Retries stop growing at an hour apart.
const LONGEST_WAIT: Duration = Duration::from_secs(3600);
/// After this many tries a message is marked failed.
pub const MOST_ATTEMPTS: i64 = 12;

impl Settings {
    /// The settings `args` ask for: `None` when no SMTP URL is set; an error
    /// naming the setting when one is wrong.
    pub fn from_args(args: &MailArgs) -> anyhow::Result<Option<Settings>> {
        let Some(url) = args.smtp_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        let parsed = url::Url::parse(url).map_err(|_| anyhow::anyhow!("ETHOS_SMTP_URL is not a URL"))?;
        if !matches!(parsed.scheme(), "smtp" | "smtps") {
            bail!("ETHOS_SMTP_URL must start with smtp:// or smtps:// (got {}://)", parsed.scheme());
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            bail!("ETHOS_SMTP_URL names no server");
        }
        let Some(from) = args.mail_from.as_deref().map(str::trim).filter(|f| !f.is_empty()) else {
            bail!("ETHOS_MAIL_FROM must be set with ETHOS_SMTP_URL: the address messages come from");
        };
        let from: Mailbox = from.parse().with_context(|| {
            format!("ETHOS_MAIL_FROM is not an email address like \"Ethos <ethos@example.org>\": {from}")
        })?;
        let settings = Settings {
            smtp_url: url.to_owned(),
            from,
            retry: Duration::from_secs(args.mail_retry_secs.max(1)),
            lease: Duration::from_secs(args.mail_lease_secs.max(2)),
        };
        // Fail at start, not at the first message.
        settings.builder()?;
        Ok(Some(settings))
    }

    /// The SMTP transport, pooling connections. A plain `smtp://` URL upgrades
    /// with STARTTLS whenever the server offers it.
    /// Needs a Tokio runtime (the pool runs a task).
    pub fn transport(&self) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
        let pool = lettre::transport::smtp::PoolConfig::new().max_size(16);
        Ok(self.builder()?.pool_config(pool).build())
    }

    fn builder(&self) -> anyhow::Result<lettre::transport::smtp::AsyncSmtpTransportBuilder> {
        let mut url = url::Url::parse(&self.smtp_url).map_err(|_| anyhow::anyhow!("ETHOS_SMTP_URL is not a URL"))?;
        if url.scheme() == "smtp" && !url.query_pairs().any(|(k, _)| k == "tls") {
            url.query_pairs_mut().append_pair("tls", "opportunistic");
        }
        // The error says which part is wrong, never the URL itself.
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
            .map_err(|e| anyhow::anyhow!("ETHOS_SMTP_URL cannot be used: {e}"))?;
        // A send must end well inside the lease, or another process could
        // start the same message while this one still holds it.
        let timeout = (self.lease / 3).max(Duration::from_secs(1));
        Ok(builder.timeout(Some(timeout)))
    }

    /// The address, for the start-up line: server and port, no user or password.
    pub fn server(&self) -> String {
        redact(&self.smtp_url)
    }

    /// The wait before retry number `attempts` (1 for the first retry).
    pub fn backoff(&self, attempts: i64) -> Duration {
        let doublings = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
        self.retry.saturating_mul(2u32.saturating_pow(doublings)).min(LONGEST_WAIT)
    }

    /// The domain of the From address, for Message-IDs.
    pub fn domain(&self) -> &str {
        self.from.email.domain()
    }
}

/// The URL with user and password removed.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_password(None);
            let _ = parsed.set_username("");
            parsed.set_query(None);
            parsed.to_string()
        }
        Err(_) => "(not a URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(url: &str, from: &str) -> MailArgs {
        MailArgs {
            smtp_url: Some(url.to_owned()),
            mail_from: Some(from.to_owned()),
            mail_retry_secs: 30,
            mail_lease_secs: 120,
        }
    }

    #[test]
    fn no_smtp_url_means_no_mail() {
        assert!(Settings::from_args(&MailArgs::default()).unwrap().is_none());
    }

    #[test]
    fn a_password_in_the_url_is_never_printed() {
        let settings = Settings::from_args(&args("smtp://ethos:s3cret-pw@mail.example:2525", "Ethos <e@x.example>"))
            .unwrap()
            .unwrap();
        let shown = format!("{settings:?} {}", settings.server());
        assert!(!shown.contains("s3cret-pw"), "{shown}");
        assert!(shown.contains("mail.example:2525"), "{shown}");
        let raw = format!("{:?}", args("smtp://ethos:s3cret-pw@mail.example:2525", "x@y.example"));
        assert!(!raw.contains("s3cret-pw"), "{raw}");
    }

    #[test]
    fn wrong_settings_are_named() {
        let err = Settings::from_args(&args("http://mail.example", "e@x.example")).unwrap_err().to_string();
        assert!(err.contains("smtp:// or smtps://"), "{err}");
        let err = Settings::from_args(&args("smtp://mail.example", "")).unwrap_err().to_string();
        assert!(err.contains("ETHOS_MAIL_FROM must be set"), "{err}");
        let err = Settings::from_args(&args("smtp://mail.example", "not an address")).unwrap_err().to_string();
        assert!(err.contains("ETHOS_MAIL_FROM is not an email address"), "{err}");
    }

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_an_hour() {
        let settings = Settings::from_args(&args("smtps://mail.example", "e@x.example")).unwrap().unwrap();
        assert_eq!(settings.backoff(1), Duration::from_secs(30));
        assert_eq!(settings.backoff(2), Duration::from_secs(60));
        assert_eq!(settings.backoff(4), Duration::from_secs(240));
        assert_eq!(settings.backoff(30), Duration::from_secs(3600));
    }
}
