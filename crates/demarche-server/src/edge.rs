//! The server's edge: the listening socket, what a connection may cost (timeouts, a cap on
//! connections), and which host names are answered.
//!
//! - **Header timeout** (hyper's `header_read_timeout`): a request's head must arrive in
//!   full within it, counted from the moment the connection opens or its previous response
//!   was sent. It closes slow-header connections and, as the same clock runs while a
//!   keep-alive connection waits for its next request, idle ones too.
//! - **Body timeout** (`tower-http`'s request body deadline): a request body must arrive in
//!   full within it.
//! - **Request timeout** (`tower-http`): a request is answered within it (503 otherwise).
//! - **Connection cap** (a semaphore): beyond it, connections wait in the listen queue until
//!   one closes.
//! - **Host check**: the loopback server answers only loopback host names and addresses, so
//!   that a page on another site cannot reach it through DNS rebinding (its requests carry
//!   the attacker's host name); `--public` adds the names given and any IP address.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

use crate::{ApiError, Error};

/// What a connection may cost. The defaults suit an analyst's workbench on a laptop or a
/// small shared server.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Time for a request's head to arrive, from the connection's opening or its previous
    /// response (also the keep-alive idle timeout). Default 10 s.
    pub header_timeout: Duration,
    /// Time for a request's body to arrive. Default 10 s.
    pub body_timeout: Duration,
    /// Time to answer a request. Default 30 s.
    pub request_timeout: Duration,
    /// Connections open at once. Default 1,024.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

/// Where and how to serve.
#[derive(Clone, Debug)]
pub struct Edge {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Whether a non-loopback address is allowed (and any IP address as host).
    pub public: bool,
    /// Host names answered besides loopback names and addresses.
    pub hosts: Vec<String>,
    /// Timeouts and the connection cap.
    pub limits: Limits,
}

impl Edge {
    /// Loopback only, default limits.
    pub fn loopback(addr: SocketAddr) -> Edge {
        Edge {
            addr,
            public: false,
            hosts: Vec::new(),
            limits: Limits::default(),
        }
    }
}

/// The host names a server answers.
#[derive(Clone, Debug, Default)]
pub struct Hosts {
    names: Vec<String>,
    public: bool,
}

impl Hosts {
    /// Loopback names and addresses, plus `names`; with `public`, any IP address too.
    pub fn new(names: &[String], public: bool) -> Hosts {
        Hosts {
            names: names
                .iter()
                .map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase())
                .filter(|n| !n.is_empty())
                .collect(),
            public,
        }
    }

    /// Whether a `Host` header value (a name or address, maybe with a port) is answered.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let port_ok = |p: &str| {
            p.is_empty()
                || p.strip_prefix(':')
                    .is_some_and(|p| p.parse::<u16>().is_ok())
        };
        let (name, ip) = if let Some(rest) = host.strip_prefix('[') {
            let Some((v6, tail)) = rest.split_once(']') else {
                return false;
            };
            if !port_ok(tail) {
                return false;
            }
            (v6, v6.parse::<IpAddr>().ok())
        } else {
            let name = match host.rsplit_once(':') {
                Some((n, p)) if port_ok(&format!(":{p}")) => n,
                Some(_) => return false,
                None => host.as_str(),
            };
            (name, name.parse::<IpAddr>().ok())
        };
        if let Some(ip) = ip {
            // a request naming an address cannot come from DNS rebinding
            return ip.is_loopback() || self.public;
        }
        let name = name.trim_end_matches('.');
        name == "localhost" || name.ends_with(".localhost") || self.names.iter().any(|n| n == name)
    }
}

/// Middleware: 403 for a host name this server does not answer.
pub(crate) async fn check_host(
    State(hosts): State<Arc<Hosts>>,
    req: Request,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    match host {
        // no host at all: not a browser, so not a rebinding page
        None => next.run(req).await,
        Some(h) if hosts.allows(&h) => next.run(req).await,
        Some(h) => {
            let e = Error::Forbidden(format!(
                "this server does not answer for host {:?}: open it through 127.0.0.1 or \
                 localhost, or start it with --public {} to allow that name",
                h,
                h.rsplit_once(':').map_or(h.as_str(), |(n, _)| n)
            ));
            if req.uri().path().starts_with("/api/") {
                ApiError(e).into_response()
            } else {
                e.into_response()
            }
        }
    }
}

/// Connections the kernel keeps waiting to be accepted (a burst of new connections, or those
/// beyond the cap, wait there rather than being refused).
const BACKLOG: u32 = 1024;

/// A listening socket on `addr` with room for [`BACKLOG`] waiting connections (the usual
/// default, 128, drops the connections of a burst and makes their clients retry after a
/// second).
pub(crate) fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Accepts connections until Ctrl-C, each served by hyper with the header timeout, at most
/// `max_connections` at once.
pub(crate) async fn accept(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    limits: Limits,
) -> Result<(), String> {
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let http = Arc::new(http);
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => s.map_err(|e| format!("connection slots closed: {e}"))?,
            _ = &mut stop => return Ok(()),
        };
        let tcp = tokio::select! {
            r = listener.accept() => match r {
                Ok((tcp, _)) => tcp,
                Err(e) => {
                    // out of file descriptors, a connection reset before it was accepted:
                    // go on after a breath
                    eprintln!("demarche serve: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => return Ok(()),
        };
        // responses go out as soon as they are written (no Nagle delay on keep-alive)
        let _ = tcp.set_nodelay(true);
        let http = http.clone();
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = http.serve_connection(TokioIo::new(tcp), service).await;
            drop(slot);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_only_by_default() {
        let h = Hosts::new(&[], false);
        for ok in [
            "127.0.0.1",
            "127.0.0.1:8700",
            "localhost",
            "LOCALHOST:1",
            "[::1]:8700",
            "a.localhost",
            "127.1.2.3",
            "localhost.",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8700",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "10.0.0.1",
            "[::2]",
            "[::1",
            "127.0.0.1:x",
            "",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
        let p = Hosts::new(&["Workbench.Example".into()], true);
        assert!(
            p.allows("workbench.example:8700") && p.allows("10.0.0.1") && p.allows("[fe80::1]")
        );
        assert!(!p.allows("evil.example"));
    }
}
