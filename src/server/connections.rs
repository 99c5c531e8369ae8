//! Accepting connections with bounds, so that no client can hold the server
//! by opening connections and then dawdling (slow-loris):
//! - a request's head must arrive within the header timeout of the
//!   connection being ready for it (hyper's own timer, which also runs while
//!   a keep-alive connection waits for its next request);
//! - an idle connection is closed after the keep-alive time;
//! - at most so many connections are open in all and from one client
//!   address; beyond either cap a connection is answered 503 at once and
//!   closed, before anything is read from it.
//!
//! Graceful shutdown as before: on the signal no new connection is
//! accepted, idle ones close, and requests in flight finish.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use prometheus_client::metrics::gauge::Gauge;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::{Service, ServiceExt};

use crate::app::AppState;
use crate::config::Connections;

/// What a connection beyond a cap is told before it is closed.
const TOO_MANY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
    retry-after: 1\r\nconnection: close\r\ncontent-length: 44\r\n\r\nToo many connections; please try again soon.";

/// Refused connections being told so at once (see [`refuse`]).
const LINGERING: usize = 64;

/// Open connections, in all and per client address. A [`Slot`] holds one
/// place and gives it back when dropped; an address with no connection left
/// is removed, so the map holds only addresses connected now.
pub struct Gate {
    /// The `ethos_open_connections` gauge, moved with `open`.
    gauge: Gauge,
    max: usize,
    max_per_address: usize,
    open: AtomicUsize,
    per_address: Mutex<HashMap<IpAddr, usize>>,
}

/// One connection's place at the [`Gate`].
pub struct Slot {
    gate: Arc<Gate>,
    address: Option<IpAddr>,
}

impl Gate {
    pub fn new(limits: &Connections, gauge: Gauge) -> Arc<Gate> {
        Arc::new(Gate {
            gauge,
            max: limits.max,
            max_per_address: limits.max_per_address,
            open: AtomicUsize::new(0),
            per_address: Mutex::new(HashMap::new()),
        })
    }

    /// A place for a connection from `address` (None: not limited per
    /// address), or None when a cap is reached.
    pub fn enter(self: &Arc<Gate>, address: Option<IpAddr>) -> Option<Slot> {
        if self.open.fetch_add(1, Ordering::AcqRel) >= self.max {
            self.open.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        if let Some(ip) = address {
            let mut per_address = self.per_address.lock().unwrap_or_else(|e| e.into_inner());
            let count = per_address.entry(ip).or_insert(0);
            if *count >= self.max_per_address {
                drop(per_address);
                self.open.fetch_sub(1, Ordering::AcqRel);
                return None;
            }
            *count += 1;
        }
        self.gauge.inc();
        Some(Slot { gate: self.clone(), address })
    }

    /// Connections open now.
    #[cfg(test)]
    fn open(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(ip) = self.address {
            let mut per_address = self.gate.per_address.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(count) = per_address.get_mut(&ip) {
                *count -= 1;
                if *count == 0 {
                    per_address.remove(&ip);
                }
            }
        }
        self.gate.open.fetch_sub(1, Ordering::AcqRel);
        self.gate.gauge.dec();
    }
}

/// The address a connection counts against: the peer, through the same
/// function the rate limits use, unless Ethos trusts a proxy (then every
/// connection comes from the proxy, which should bound its own clients).
fn connection_address(state: &AppState, peer: SocketAddr) -> Option<IpAddr> {
    if state.config.trust_proxy {
        return None;
    }
    crate::auth::signin::client_address(state, Some(peer), &HeaderMap::new())
}

/// When a connection last finished a request, and how many it is working on.
struct Activity {
    started: Instant,
    in_flight: AtomicUsize,
    /// Milliseconds after `started` when the last request finished.
    last_done: AtomicU64,
}

impl Activity {
    fn idle_since(&self) -> Option<Instant> {
        (self.in_flight.load(Ordering::Acquire) == 0)
            .then(|| self.started + Duration::from_millis(self.last_done.load(Ordering::Acquire)))
    }
}

/// Serves `service` on `listener` until `shutdown` completes.
pub async fn serve<S>(
    listener: TcpListener,
    state: &AppState,
    service: S,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()>
where
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    let limits = state.config.connections.clone();
    let gate = Gate::new(&limits, state.metrics.open_connections());
    let lingering = Arc::new(tokio::sync::Semaphore::new(LINGERING));
    // Every connection task holds a receiver; `closed()` on the sender
    // resolves once all of them have finished.
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    accept_error(err).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = gate.enter(connection_address(state, peer)) else {
            state.metrics.connection_refused();
            refuse(stream, &lingering);
            continue;
        };
        let service = service.clone();
        let stop = stop_rx.clone();
        let limits = limits.clone();
        tokio::spawn(async move {
            connection(stream, peer, service, &limits, stop).await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(stop_rx);
    stop_tx.closed().await;
    Ok(())
}

/// Serves one connection until it closes, the keep-alive time passes with
/// nothing to do, or the server stops.
async fn connection<S>(
    stream: TcpStream,
    peer: SocketAddr,
    service: S,
    limits: &Connections,
    mut stop: watch::Receiver<bool>,
) where
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    let activity =
        Arc::new(Activity { started: Instant::now(), in_flight: AtomicUsize::new(0), last_done: AtomicU64::new(0) });
    // Counted on the way in and out, without another clone of the service
    // per request (hyper's adapter already clones it once).
    let (arrived, finished) = (activity.clone(), activity.clone());
    let service = service
        .map_request(move |req: Request<Incoming>| {
            arrived.in_flight.fetch_add(1, Ordering::AcqRel);
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        })
        .map_response(move |response| {
            let at = u64::try_from(finished.started.elapsed().as_millis()).unwrap_or(u64::MAX);
            finished.last_done.store(at, Ordering::Release);
            finished.in_flight.fetch_sub(1, Ordering::AcqRel);
            response
        });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(!limits.keep_alive.is_zero());
    let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
    let mut conn = pin!(conn);
    let keep_alive = limits.keep_alive.max(Duration::from_millis(100));
    let mut check_at = tokio::time::Instant::now() + keep_alive;
    let mut closing = *stop.borrow();
    if closing {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(err) = result {
                    tracing::debug!(error = %err, "connection ended with an error");
                }
                break;
            }
            changed = stop.changed(), if !closing => {
                closing = true;
                if changed.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
            () = tokio::time::sleep_until(check_at), if !closing => {
                match activity.idle_since() {
                    Some(since) if since.elapsed() >= keep_alive => {
                        closing = true;
                        conn.as_mut().graceful_shutdown();
                    }
                    Some(since) => check_at = tokio::time::Instant::from_std(since + keep_alive),
                    None => check_at = tokio::time::Instant::now() + keep_alive,
                }
            }
        }
    }
}

/// Tells a connection beyond a cap to come back later and closes it. The
/// answer is sent and what the client already sent read for at most a
/// second (closing with it unread would reset the connection and could
/// lose the answer), by at most [`LINGERING`] connections at once; beyond
/// that, a refused connection is closed at once.
fn refuse(stream: TcpStream, lingering: &Arc<tokio::sync::Semaphore>) {
    let Ok(permit) = lingering.clone().try_acquire_owned() else { return };
    tokio::spawn(async move {
        let _ = tokio::time::timeout(Duration::from_secs(1), async {
            let mut stream = stream;
            stream.write_all(TOO_MANY).await?;
            stream.shutdown().await?;
            let mut sink = [0u8; 1024];
            while stream.read(&mut sink).await? > 0 {}
            Ok::<(), std::io::Error>(())
        })
        .await;
        drop(permit);
    });
}

/// As hyper and axum do: a connection reset before it was accepted is not
/// worth a line; anything else (most often too many open files) is logged
/// and accepting pauses for a second, so the loop does not spin.
async fn accept_error(err: std::io::Error) {
    use std::io::ErrorKind;
    if matches!(err.kind(), ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset) {
        return;
    }
    tracing::error!(error = %err, "could not accept a connection");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max: usize, max_per_address: usize) -> Connections {
        Connections { max, max_per_address, ..Connections::default() }
    }

    #[test]
    fn an_address_gets_its_cap_and_no_more_while_others_still_get_in() {
        let gate = Gate::new(&limits(10, 2), Gauge::default());
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let first = gate.enter(Some(a)).unwrap();
        let _second = gate.enter(Some(a)).unwrap();
        assert!(gate.enter(Some(a)).is_none());
        assert!(gate.enter(Some(b)).is_some());
        drop(first);
        assert!(gate.enter(Some(a)).is_some(), "a closed connection frees its place");
    }

    #[test]
    fn the_overall_cap_holds_whatever_the_addresses_and_frees_places_on_close() {
        let gate = Gate::new(&limits(2, 10), Gauge::default());
        let one = gate.enter(Some("192.0.2.1".parse().unwrap())).unwrap();
        let _two = gate.enter(None).unwrap();
        assert!(gate.enter(Some("192.0.2.3".parse().unwrap())).is_none());
        assert_eq!(gate.open(), 2);
        drop(one);
        assert_eq!(gate.open(), 1);
        assert!(gate.per_address.lock().unwrap().is_empty(), "an address with no connection is forgotten");
    }
}
