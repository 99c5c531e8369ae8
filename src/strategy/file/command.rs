//! `ethos strategy export|import`: the strategy file from the command line,
//! with messages like `ethos framework`'s.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::Subcommand;

use super::store;
use crate::cli::{cli_error, find_org};
use crate::storage::Db;
use crate::strategy::plan::model::StrategyStatus;
use crate::strategy::plan::store as plans;

#[derive(Subcommand, Debug)]
pub enum StrategyCommand {
    /// Print a strategy and the organisation's outcome measures as a file on
    /// standard output: the published strategy unless --id or --draft says
    /// otherwise.
    Export {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        /// The strategy with this id (as in its address), whatever its status.
        #[arg(long, value_name = "N", conflicts_with = "draft")]
        id: Option<i64>,
        /// The newest draft.
        #[arg(long)]
        draft: bool,
    },
    /// Open a new draft strategy from a strategy file, and create or replace
    /// the measures it names. Refused, changing nothing, if the file has a
    /// problem; a published strategy is never changed.
    Import {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        /// The file to read; - reads standard input.
        file: PathBuf,
    },
}

/// Runs one `ethos strategy` command.
pub async fn run(db: &Db, command: StrategyCommand) -> anyhow::Result<()> {
    match command {
        StrategyCommand::Export { org, id, draft } => {
            let org = find_org(db, &org).await?;
            let found = match (id, draft) {
                (Some(id), _) => plans::by_id(db, org.id, id).await,
                (None, true) => newest_draft(db, org.id).await,
                (None, false) => plans::published(db, org.id).await,
            };
            let Some(strategy) = found.map_err(cli_error)? else {
                match (id, draft) {
                    (Some(id), _) => bail!("{} has no strategy with the id {id}", org.slug),
                    (None, true) => bail!("{} has no draft strategy", org.slug),
                    (None, false) => bail!(
                        "{} has not published a strategy yet; export a draft with --draft, or one strategy with --id N",
                        org.slug
                    ),
                }
            };
            let contents = store::load(db, org.id, &strategy).await.map_err(cli_error)?;
            let mut out = std::io::stdout().lock();
            out.write_all(super::export(&contents, &org.slug).as_bytes())?;
            out.flush()?;
            Ok(())
        }
        StrategyCommand::Import { org, file: path } => {
            let org = find_org(db, &org).await?;
            let crate::yaml::source::Source { name, from, bytes } =
                crate::yaml::source::read_capped(&path, super::MAX_BYTES)?;
            let imported = super::import(&bytes)
                .map_err(|e| anyhow::anyhow!("{name} was not imported; nothing was changed.\n{e}"))?;
            let c = &imported.contents;
            let id = store::create(db, &org, c, None, &from)
                .await
                .map_err(|e| cli_error(e).context(format!("{name} was not imported; nothing was changed")))?;
            println!(
                "Opened the draft strategy “{}” (id {id}) of {} from {name}, with {} and {}. \
                 It is not published until an editor publishes it.",
                c.title,
                org.slug,
                counted(c.aims.len(), "aim"),
                counted(c.objectives.len(), "objective"),
            );
            if !c.measures.is_empty() {
                let keys: Vec<&str> = c.measures.iter().map(|m| m.key.as_str()).collect();
                println!("Measures created or replaced, with their values: {}.", keys.join(", "));
            }
            if !imported.organisation.is_empty() && imported.organisation != org.slug {
                println!("Note: the file says it came from {}.", imported.organisation);
            }
            Ok(())
        }
    }
}

/// The organisation's newest draft strategy, if it has one.
async fn newest_draft(
    db: &Db,
    org_id: i64,
) -> Result<Option<crate::strategy::plan::model::Strategy>, crate::error::AppError> {
    // `list` is newest first by first year; the highest id is the newest draft.
    let drafts = plans::list(db, org_id).await?;
    let Some(newest) = drafts.iter().filter(|s| s.status == StrategyStatus::Draft).max_by_key(|s| s.id) else {
        return Ok(None);
    };
    plans::by_id(db, org_id, newest.id).await
}

/// "1 aim", "3 objectives".
fn counted(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
