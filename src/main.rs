//! The `ethos` command: parse the command line, set up logging, hand over.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = ethos::cli::Cli::parse();
    ethos::cli::init_tracing(cli.log_format);
    match ethos::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ethos: {err:#}");
            ExitCode::FAILURE
        }
    }
}
