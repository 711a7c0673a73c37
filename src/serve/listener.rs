//! Accepting connections: a bound TCP listener and the routes in, HTTP served until shutdown.
//!
//! warp's own `Server` accepts sockets without `TCP_NODELAY` and offers no hook to set it (its
//! acceptor trait is private), and without it a small JSON response can wait on the client's
//! delayed acknowledgement: ~40 ms per request. So quorum accepts sockets itself, sets
//! `TCP_NODELAY`, and hands each connection to hyper with the routes as a service, as warp does
//! inside. On shutdown it stops accepting and lets requests in flight finish, for at most
//! [`SHUTDOWN_GRACE_SECS`].

use std::future::Future;
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use warp::reply::Response;
use warp::Filter;

use crate::limits::SHUTDOWN_GRACE_SECS;

/// How long to pause after an accept error that is not the client's (out of file handles).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Serve `routes` on `listener` until `shutdown` completes.
pub async fn serve<F>(listener: TcpListener, routes: F, shutdown: impl Future<Output = ()>)
where
    F: Filter<Extract = (Response,), Error = std::convert::Infallible>
        + Clone
        + Send
        + Sync
        + 'static,
{
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                tracing::warn!(error = %e, "accepting a connection failed");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
        let service = TowerToHyperService::new(warp::service(routes.clone()));
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let builder = auto::Builder::new(TokioExecutor::new());
            let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            if let Err(e) = watcher.watch(connection).await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    let grace = Duration::from_secs(SHUTDOWN_GRACE_SECS);
    if tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still running after {SHUTDOWN_GRACE_SECS} s; stopping anyway");
    }
}
