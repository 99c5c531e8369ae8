//! The command line: `serve`, `migrate`, `demo`, `org`, `admin`, `framework`,
//! `strategy`, `backup`, `mail test`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::config::{DatabaseArgs, LogFormat, ServeArgs};
use crate::orgs::model::{NewOrg, OrgKind};
use crate::storage::Db;

/// Ethos keeps, shares and brings to life the values of health and care
/// organisations.
#[derive(Parser, Debug)]
#[command(name = "ethos", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Log format: text for people, json for log collectors.
    #[arg(long, env = "ETHOS_LOG_FORMAT", value_enum, default_value_t, global = true)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start the web server (the default when no command is given).
    Serve(ServeArgs),
    /// Bring the database schema up to date and stop.
    Migrate,
    /// Load the demo organisations and people into an empty database.
    Demo,
    /// Manage organisations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage administrators.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Export or import an organisation's values framework as a text file
    /// (YAML, `schema: ethos/framework/v1`; see docs/framework-file.md).
    #[command(subcommand)]
    Framework(FrameworkCommand),
    /// Export or import a strategy and the organisation's outcome measures as
    /// a text file (YAML, `schema: ethos/strategy/v1`; see docs/strategy-file.md).
    #[command(subcommand)]
    Strategy(crate::strategy::file::command::StrategyCommand),
    /// Write a consistent copy of the SQLite database to FILE, even while the
    /// server runs.
    Backup {
        /// The file to create; it must not exist yet.
        file: PathBuf,
    },
    /// Check the mail settings.
    #[command(subcommand)]
    Mail(MailCommand),
}

#[derive(Subcommand, Debug)]
pub enum MailCommand {
    /// Send one message now (not through the outbox) and print what the
    /// SMTP server answered.
    Test {
        /// Where to send it.
        #[arg(long)]
        to: String,
        #[command(flatten)]
        mail: crate::mail::MailArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum OrgCommand {
    /// Create an organisation.
    Create {
        /// Short name used in addresses, e.g. riverside (a-z, 0-9, hyphens).
        #[arg(long)]
        slug: String,
        /// Full name, e.g. "Riverside Community Health NHS Trust".
        #[arg(long)]
        name: String,
        /// What kind of organisation it is.
        #[arg(long, value_enum)]
        kind: OrgKind,
    },
    /// List organisations.
    List,
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Make a person the owner of an organisation, creating the person if
    /// needed. The password is asked for, or read from standard input.
    Create {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        /// The person's email address (their sign-in name).
        #[arg(long)]
        email: String,
        /// The person's name as others see it.
        #[arg(long)]
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum FrameworkCommand {
    /// Print a version of the framework as a file on standard output: the
    /// current published version unless --version or --draft says otherwise.
    Export {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        /// Published version N.
        #[arg(long, value_name = "N", conflicts_with = "draft")]
        version: Option<i64>,
        /// The draft.
        #[arg(long)]
        draft: bool,
    },
    /// Open a draft from a framework file. Refused, changing nothing, if the
    /// organisation already has a draft or the file has a problem.
    Import {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        /// The file to read; - reads standard input.
        file: PathBuf,
    },
}

/// Sets up `tracing` from `RUST_LOG` (default `info`).
pub fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn,tower_sessions::service=error"));
    // Colour codes only for a person at a terminal, never in a file or a journal.
    let ansi = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Text => builder.init(),
    }
}

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or_else(|| Command::Serve(default_serve_args()));
    // Mail needs no database: check it before opening one.
    if let Command::Mail(MailCommand::Test { to, mail }) = &command {
        let Some(settings) = crate::mail::Settings::from_args(mail)? else {
            bail!("ETHOS_SMTP_URL is not set: there is no mail server to test");
        };
        println!("Sending a test message to {to} through {}", settings.server());
        let answer = crate::mail::sender::send_test(&settings, to).await?;
        println!("The server answered: {answer}");
        return Ok(());
    }
    let db = Db::connect_capped(&cli.database.database_url, cli.database.sqlite_max_pages)
        .await
        .with_context(|| format!("opening {}", redact(&cli.database.database_url)))?;
    db.migrate().await?;
    let refolded = crate::consultations::refold::run(&db).await.context("folding search text again")?;
    if refolded > 0 {
        tracing::info!(answers = refolded, "folded the search text of older written answers again");
    }
    match command {
        Command::Serve(args) => {
            let _serving = crate::storage::serving_lock(&cli.database.database_url)?;
            crate::server::serve(db, args).await
        }
        Command::Migrate => {
            println!("The {} database is up to date.", db.backend());
            Ok(())
        }
        Command::Demo => {
            if crate::demo::load_if_empty(&db, true).await? {
                crate::demo::print_sign_ins(None);
                Ok(())
            } else {
                bail!("the database already holds organisations; the demo loads only into an empty one")
            }
        }
        Command::Org(OrgCommand::Create { slug, name, kind }) => {
            let new = NewOrg::parse(&slug, &name, kind).map_err(|e| anyhow::anyhow!(e.to_string()))?;
            let org = crate::orgs::model::create(&db, &new, None).await?;
            println!("Created {} at /o/{}", org.name, org.slug);
            Ok(())
        }
        Command::Org(OrgCommand::List) => {
            for org in crate::orgs::model::list(&db).await? {
                println!("{}\t{}\t{}", org.slug, org.kind.as_str(), org.name);
            }
            Ok(())
        }
        Command::Admin(AdminCommand::Create { org, email, name, password_stdin }) => {
            let password = read_password(password_stdin)?;
            let outcome = crate::auth::admin::create_owner(&db, &org, &email, &name, &password).await?;
            println!("{outcome}");
            Ok(())
        }
        Command::Framework(command) => framework(&db, command).await,
        Command::Strategy(command) => crate::strategy::file::command::run(&db, command).await,
        Command::Mail(_) => Ok(()),
        Command::Backup { file } => {
            crate::storage::backup::backup(&db, &file).await?;
            println!("Wrote a consistent copy to {}", file.display());
            Ok(())
        }
    }
}

async fn framework(db: &Db, command: FrameworkCommand) -> anyhow::Result<()> {
    use crate::values::{file, store};
    match command {
        FrameworkCommand::Export { org, version, draft } => {
            let org = find_org(db, &org).await?;
            let found = match (version, draft) {
                (_, true) => store::draft(db, org.id).await,
                (Some(n), false) => store::published(db, org.id, n).await,
                (None, false) => store::current(db, org.id).await,
            };
            let Some(found) = found.map_err(cli_error)? else {
                match (version, draft) {
                    (_, true) => bail!("{} has no draft of its values framework", org.slug),
                    (Some(n), false) => bail!("{} has no published version {n} of its values framework", org.slug),
                    (None, false) => {
                        bail!("{} has not published its values framework yet; export the draft with --draft", org.slug)
                    }
                }
            };
            let mut out = std::io::stdout().lock();
            out.write_all(file::export(&found.content, &org.slug).as_bytes())?;
            out.flush()?;
            Ok(())
        }
        FrameworkCommand::Import { org, file: path } => {
            let org = find_org(db, &org).await?;
            let crate::yaml::source::Source { name, from, bytes } =
                crate::yaml::source::read_capped(&path, file::MAX_BYTES)?;
            let imported = file::read(&bytes)
                .map_err(|e| anyhow::anyhow!("{name} was not imported; nothing was changed.\n{e}"))?;
            if store::draft(db, org.id).await.map_err(cli_error)?.is_some() {
                bail!(
                    "{} already has a draft of its values framework; publish or discard it first. {name} was not imported; nothing was changed.",
                    org.slug
                );
            }
            store::create_draft_by(db, &org, &imported.framework, None, Some(from))
                .await
                .map_err(|e| cli_error(e).context(format!("{name} was not imported; nothing was changed")))?;
            let values = imported.framework.values.len();
            println!(
                "Opened a draft of the values framework of {} from {name}, with {values} value{}. \
                 It is not published until an editor publishes it.",
                org.slug,
                if values == 1 { "" } else { "s" },
            );
            if !imported.organisation.is_empty() && imported.organisation != org.slug {
                println!("Note: the file says it came from {}.", imported.organisation);
            }
            Ok(())
        }
    }
}

pub(crate) async fn find_org(db: &Db, slug: &str) -> anyhow::Result<crate::orgs::model::Org> {
    crate::orgs::model::by_slug(db, slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("there is no organisation with the short name {slug:?} (see `ethos org list`)"))
}

/// An application error as the command line shows it: with the detail that
/// pages keep to the log.
pub(crate) fn cli_error(error: crate::error::AppError) -> anyhow::Error {
    match error {
        crate::error::AppError::Internal(inner) => inner,
        other => anyhow::anyhow!(other.to_string()),
    }
}

fn default_serve_args() -> ServeArgs {
    // Parsing an empty argument list applies every default and environment
    // variable exactly as `ethos serve` would.
    #[derive(Parser)]
    struct Only {
        #[command(flatten)]
        serve: ServeArgs,
    }
    Only::parse_from(["ethos"]).serve
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ")?;
    let second = rpassword::prompt_password("Same password again: ")?;
    if first != second {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(first)
}

/// The URL without any password, for messages.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}
