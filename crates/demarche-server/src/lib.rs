//! The analyst's workbench over a demarche corpus: a server-rendered web UI (no JavaScript
//! at all: layer toggles are CSS, charts are SVG drawn here) and a JSON API under `/api/`
//! with the same queries, described by `/api/openapi.json`.
//!
//! Documents are hostile input: every piece of their text and metadata goes through maud's
//! escaping and is isolated from the page's text direction (`<bdi>`, `unicode-bidi:
//! isolate`), raw originals are served as `text/plain` with `nosniff` and a sandboxing
//! policy of their own, and every other response carries a strict Content-Security-Policy
//! that allows no script. Routes name documents, entities and speakers by id, looked up in
//! the store: no route reads a file named by the request. The server's edge (timeouts, a
//! connection cap, the Host check) is described in [`Edge`].
#![deny(missing_docs)]

mod api;
pub mod background;
mod chart;
mod edge;
mod pages;
mod render;
mod views;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use demarche_kb::Kb;
use demarche_query::{Index, Searcher};
use demarche_store::Store;
use tower_http::set_header::SetResponseHeaderLayer;

pub use edge::{Edge, Hosts, Limits};
pub use views::{DocView, EntityView, Overview, SpeakerView};

/// The Content-Security-Policy of every response but the raw originals ([`RAW_CSP`]): no
/// script, no plugin, no frame, styles and images only from this server.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
                       form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The Content-Security-Policy of a raw original: a sandbox with nothing allowed at all.
pub const RAW_CSP: &str = "sandbox; default-src 'none'; frame-ancestors 'none'";

/// Errors, mapped to responses in one place ([`IntoResponse`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is wrong (a malformed query, a bad parameter): 400.
    #[error("{message}")]
    BadRequest {
        /// What is wrong.
        message: String,
        /// Character position in the query, for query syntax errors.
        position: Option<usize>,
    },
    /// No such document, entity or speaker: 404.
    #[error("{0}")]
    NotFound(String),
    /// A request this server does not answer (another host name): 403.
    #[error("{0}")]
    Forbidden(String),
    /// Anything else: 500 (logged, with a generic message to the client).
    #[error("{0}")]
    Internal(String),
}

impl Error {
    fn bad(m: impl Into<String>) -> Error {
        Error::BadRequest {
            message: m.into(),
            position: None,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Error::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn public_message(&self) -> String {
        match self {
            Error::Internal(m) => {
                eprintln!("demarche serve: internal error: {m}");
                "internal error (see the server's log)".to_string()
            }
            e => e.to_string(),
        }
    }
}

impl From<demarche_query::Error> for Error {
    fn from(e: demarche_query::Error) -> Error {
        match e {
            demarche_query::Error::Syntax(s) => Error::BadRequest {
                message: s.to_string(),
                position: Some(s.position),
            },
            demarche_query::Error::Query(m) => Error::bad(m),
            demarche_query::Error::Store(demarche_store::Error::NotFound(m)) => {
                Error::NotFound(format!("not found: {m}"))
            }
            e => Error::Internal(e.to_string()),
        }
    }
}

impl From<demarche_store::Error> for Error {
    fn from(e: demarche_store::Error) -> Error {
        match e {
            demarche_store::Error::NotFound(m) => Error::NotFound(format!("not found: {m}")),
            e => Error::Internal(e.to_string()),
        }
    }
}

/// A whole-number request parameter, `default` when absent.
pub(crate) fn num_param(
    p: &std::collections::HashMap<String, String>,
    k: &str,
    default: usize,
) -> Result<usize, Error> {
    match p.get(k).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => s
            .parse()
            .map_err(|_| Error::bad(format!("{k} must be a whole number, not {s:?}"))),
    }
}

/// A JSON error: `{"error": {"status", "message", "position"?}}`.
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let mut body = serde_json::json!({
            "status": status.as_u16(),
            "message": self.0.public_message(),
        });
        if let Error::BadRequest {
            position: Some(p), ..
        } = &self.0
        {
            body["position"] = (*p).into();
        }
        (status, axum::Json(serde_json::json!({ "error": body }))).into_response()
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let page = pages::error_page(status, &self.public_message());
        (status, page).into_response()
    }
}

/// A few store connections shared by the request handlers (SQLite connections are not
/// `Sync`; readers in WAL mode do not block each other).
pub struct Pool {
    stores: Vec<Mutex<Store>>,
    next: AtomicUsize,
}

impl Pool {
    /// Opens `n` connections to the corpus.
    pub fn open(corpus: &Path, n: usize) -> Result<Pool, demarche_store::Error> {
        let stores = (0..n.max(1))
            .map(|_| Store::open(corpus).map(Mutex::new))
            .collect::<Result<_, _>>()?;
        Ok(Pool {
            stores,
            next: AtomicUsize::new(0),
        })
    }

    /// Runs `f` with a free connection (or waits for one).
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> T) -> T {
        for s in &self.stores {
            if let Ok(g) = s.try_lock() {
                return f(&g);
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.stores.len();
        let g = self.stores[i].lock().unwrap_or_else(|p| p.into_inner());
        f(&g)
    }
}

/// Workers by default: four per core (measured on 2 cores, 50 clients: 2 workers leave a
/// core idle while the other waits on I/O, 16 let the slow queries' tail grow again).
pub fn default_workers() -> usize {
    4 * std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Everything a handler needs.
pub struct App {
    /// Store connections.
    pub pool: Pool,
    /// The search engine.
    pub searcher: Searcher,
    /// The knowledge base (names of entities).
    pub kb: Arc<Kb>,
    /// The corpus directory.
    pub corpus: PathBuf,
    /// Requests doing blocking work at once; the others wait their turn, first come first
    /// served.
    workers: Arc<tokio::sync::Semaphore>,
    /// Documents not annotated and indexed yet, as [`background`] last counted them
    /// (`u64::MAX`: not counted).
    pub(crate) pending: AtomicU64,
}

impl App {
    /// Opens the corpus in `corpus` (store and index) with `kb`, with the default number of
    /// workers ([`default_workers`]).
    pub fn open(corpus: &Path, kb: Arc<Kb>) -> Result<App, String> {
        App::with_workers(corpus, kb, default_workers())
    }

    /// Opens the corpus with `n` workers: at most `n` requests read the store and the index
    /// at once, each with its own store connection; the others queue in arrival order.
    /// Admitting every request at once would share the cores among all of them, and the
    /// few expensive queries would then take as long as dozens of cheap ones together.
    pub fn with_workers(corpus: &Path, kb: Arc<Kb>, n: usize) -> Result<App, String> {
        let n = n.max(1);
        let index = Index::open(corpus).map_err(|e| e.to_string())?;
        let pool = Pool::open(corpus, n).map_err(|e| e.to_string())?;
        Ok(App {
            pool,
            searcher: Searcher::new(index, Some(kb.clone())),
            kb,
            corpus: corpus.to_path_buf(),
            workers: Arc::new(tokio::sync::Semaphore::new(n)),
            pending: AtomicU64::new(u64::MAX),
        })
    }

    /// Documents not annotated and indexed yet, when counted (by [`background::start`]).
    pub fn pending(&self) -> Option<u64> {
        Some(self.pending.load(Ordering::Relaxed)).filter(|n| *n != u64::MAX)
    }

    /// A note for search results when documents are still missing from them.
    pub(crate) fn pending_note(&self) -> Option<String> {
        let n = self.pending().filter(|n| *n > 0)?;
        Some(format!(
            "{n} {} not annotated and indexed yet, so missing from these results; serve \
             annotates {} in the background whenever no other writer is at work",
            if n == 1 {
                "document is"
            } else {
                "documents are"
            },
            if n == 1 { "it" } else { "them" }
        ))
    }

    /// Runs blocking work (store and index reads) off the async workers.
    pub(crate) async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&App) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let app = self.clone();
        let permit = self
            .workers
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| Error::Internal(format!("workers closed: {e}")))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f(&app)
        })
        .await
        .map_err(|e| Error::Internal(format!("worker failed: {e}")))?
    }
}

/// The router: pages, API, assets, security headers, the Host check, limits.
pub fn router(app: Arc<App>, edge: &Edge) -> Router {
    let h = |v: &'static str| HeaderValue::from_static(v);
    let hosts = Arc::new(Hosts::new(&edge.hosts, edge.public));
    Router::new()
        .route("/", get(pages::search))
        .route("/doc/{id}", get(pages::document))
        .route("/doc/{id}/raw", get(pages::raw))
        .route("/entity/{id}", get(pages::entity))
        .route("/speaker/{key}", get(pages::speaker))
        .route("/overview", get(pages::overview))
        .route("/static/app.css", get(pages::css))
        .route("/api/search", get(api::search))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/entities/{id}", get(api::entity))
        .route("/api/speakers/{key}", get(api::speaker))
        .route("/api/overview", get(api::overview))
        .route("/api/openapi.json", get(api::openapi))
        .fallback(fallback)
        .with_state(app)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(16 * 1024))
        .layer(tower_http::timeout::RequestBodyDeadlineLayer::new(
            edge.limits.body_timeout,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            edge.limits.request_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            hosts,
            edge::check_host,
        ))
        // one policy per route: the raw originals set their sandbox themselves
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            h(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            h("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            h("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            h("DENY"),
        ))
}

async fn fallback(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError(Error::NotFound(format!("no such API route {}", uri.path()))).into_response()
    } else {
        Error::NotFound("no such page".into()).into_response()
    }
}

/// Serves until interrupted (Ctrl-C). The address must be a loopback address unless
/// `edge.public`.
pub async fn serve(app: Arc<App>, edge: Edge) -> Result<(), String> {
    let addr: SocketAddr = edge.addr;
    if !addr.ip().is_loopback() && !edge.public {
        return Err(format!(
            "{addr} is not a loopback address: pass --public to serve beyond this machine"
        ));
    }
    let listener = edge::listen(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    eprintln!(
        "demarche: serving {} on http://{local}/",
        app.corpus.display()
    );
    if let Some(n) = app.pending().filter(|n| *n > 0) {
        eprintln!(
            "demarche: {n} documents wait to be annotated: serve annotates them in the background"
        );
    }
    let router = router(app, &edge);
    edge::accept(listener, router, edge.limits).await
}
