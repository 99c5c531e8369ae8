//! The machine's ceiling for `scripts/bench.sh`: a bare axum server with one
//! trivial handler, on a multi-threaded tokio runtime as `ethos` uses, with
//! no middleware, database or templates.
//!
//! `cargo run --release -p ethos-trivial -- 127.0.0.1:0` prints
//! "Trivial server is ready at http://ADDR" once it listens.

use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:0".to_owned());
    let listener = TcpListener::bind(&bind).await?;
    let app = Router::new().route("/", get(|| async { "Hello, world!\n" }));
    // Same shape as ethos' start-up line, so the script reads both alike.
    println!("Trivial server is ready at http://{}", listener.local_addr()?);
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
