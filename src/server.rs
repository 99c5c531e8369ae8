//! Serving: bind, load the demo into an empty database, run until SIGTERM or
//! Ctrl-C, then finish the requests in flight before closing the database.
//! Connections are accepted in [`connections`], with timeouts and caps.

mod connections;

use std::time::Instant;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::app::{AppState, service};
use crate::config::{Config, ServeArgs};
use crate::storage::Db;

/// `ethos serve`.
pub async fn serve(db: Db, args: ServeArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let listener = TcpListener::bind(args.bind).await.with_context(|| format!("could not listen on {}", args.bind))?;
    let bound = listener.local_addr()?;
    let mut config = Config::from_args(&args, bound);
    config.mail = crate::mail::Settings::from_args(&args.mail)?;
    let demo_loaded = !args.no_demo && crate::demo::load_if_empty(&db, true).await?;
    let state = AppState::new(db.clone(), config).await?;
    spawn_session_cleanup(&state);
    crate::listen::retention::spawn(&state.db);
    let public_url = state.config.public_url.clone();
    if demo_loaded {
        crate::demo::print_sign_ins(Some(&public_url));
    }
    // Scripts and tests read this line to learn the address (port 0 works).
    match state.mail.settings() {
        Some(mail) => tracing::info!(server = %mail.server(), from = %mail.from, "mail is sent through the outbox"),
        None => tracing::info!("mail is not set up (ETHOS_SMTP_URL): pages show links to pass on instead"),
    }
    println!(
        "Ethos is ready at {public_url} ({} database, ready in {} ms)",
        db.backend(),
        started.elapsed().as_millis()
    );
    run(listener, state).await?;
    db.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// Serves `state` on an already bound listener until a shutdown signal.
/// The theme cache's warm-up, if configured, runs beside it and never holds
/// up a request.
pub async fn run(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    // First, so that nothing built below can miss another process's change.
    crate::storage::changes::start_listening(&state.db, &state.announcer, crate::app::Copies::of(&state)).await;
    crate::mail::sender::spawn(&state.db, &state.mail, &state.metrics.mail);
    if state.config.warm_theme_cache {
        crate::consultations::theme_cache::spawn_warm_up(&state);
        crate::consultations::theme_cache::spawn_keeper(&state);
    }
    spawn_forgetting(&state);
    connections::serve(listener, &state, service(state.clone()), shutdown_signal()).await
}

/// How often the rate limiters drop the keys they no longer need.
const FORGET_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// The rate limiters keep a key per account and per address while it has
/// attempts to count; every [`FORGET_EVERY`] the ones whose allowance has
/// refilled are dropped, so a flood of new names or addresses does not
/// grow memory for the life of the process.
fn spawn_forgetting(state: &AppState) {
    let (sign_in, responses) = (state.sign_in_limits.clone(), state.response_limits.clone());
    tokio::spawn(async move {
        let mut every = tokio::time::interval(FORGET_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let held = || {
                let (accounts, addresses) = sign_in.keys();
                accounts + addresses + responses.keys()
            };
            let before = held();
            sign_in.forget_stale();
            responses.forget_stale();
            // Many keys gone: hand their memory back rather than keep it.
            if before.saturating_sub(held()) >= 10_000 {
                crate::auth::ratelimit::give_back_memory();
            }
        }
    });
}

fn spawn_session_cleanup(state: &AppState) {
    let sessions = state.sessions.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(err) = sessions.delete_expired().await {
                tracing::warn!(error = %err, "could not delete expired sessions");
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
