//! `demarche bench search`: builds a corpus of perturbed passages of the UN General Debate
//! speeches, ingests it, annotates and indexes it (timing each stage), serves it on a loopback
//! port and runs a closed-loop load generator of concurrent keep-alive clients against
//! `/api/search` for a fixed time, reporting latency percentiles and errors.

use std::io::{BufWriter, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Args;
use demarche_annotate::pipeline::Pipeline;
use demarche_query::indexer::{self, Options};
use demarche_store::Store;
use serde_json::json;

/// Arguments.
#[derive(Args)]
pub struct BenchSearchArgs {
    /// Folder of UN General Debate speeches (`*.txt`, read recursively).
    #[arg(long, default_value = "../shared/corpus/un-general-debate")]
    data: PathBuf,
    /// Documents to build.
    #[arg(long, default_value_t = 100_000)]
    docs: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 50)]
    clients: usize,
    /// Seconds of load.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Work folder (kept; an existing corpus there is reused and not rebuilt).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Ask for facets and the monthly histogram too (`facets=true`).
    #[arg(long)]
    facets: bool,
    /// JSON output.
    #[arg(long)]
    json: bool,
    /// Also time each query once, alone, in-process (no HTTP), and report the service time
    /// of each kind of query.
    #[arg(long)]
    profile: bool,
}

/// The kind of a generated query.
fn kind(q: &str) -> &'static str {
    if q.contains(" OR ") {
        "or-not"
    } else if q.contains("date:") {
        "word+date"
    } else if q.contains("outlet:") {
        "word+outlet"
    } else if q.starts_with('"') {
        "phrase"
    } else if q.contains(' ') {
        "two words"
    } else {
        "word"
    }
}

/// Service time of each kind of query, run once each, one at a time.
fn profile(
    corpus: &Path,
    queries: &[String],
    facets: bool,
    report: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<()> {
    let store = Store::open(corpus)?;
    let searcher = demarche_query::Searcher::new(
        demarche_query::Index::open(corpus)?,
        Some(Arc::new(crate::kbcmd::load(&[])?)),
    );
    let mut by_kind: std::collections::BTreeMap<&str, Vec<u64>> = Default::default();
    for q in queries {
        let req = demarche_query::Request {
            q: q.clone(),
            limit: 10,
            offset: 0,
            sort: demarche_query::Sort::Relevance,
            facets,
            snippet_chars: 220,
        };
        let t = Instant::now();
        searcher.search(&store, &req)?;
        by_kind
            .entry(kind(q))
            .or_default()
            .push(t.elapsed().as_micros() as u64);
    }
    let mut out = serde_json::Map::new();
    for (k, mut v) in by_kind {
        v.sort_unstable();
        let mean = v.iter().sum::<u64>() as f64 / v.len() as f64 / 1000.0;
        eprintln!(
            "{k:>12}: {:5} queries, mean {mean:6.2} ms, p50 {:6.2}, p99 {:6.2}, max {:7.2}",
            v.len(),
            pct(&v, 0.5),
            pct(&v, 0.99),
            pct(&v, 1.0)
        );
        out.insert(
            k.to_string(),
            json!({"queries": v.len(), "mean_ms": mean, "p50_ms": pct(&v, 0.5),
                   "p99_ms": pct(&v, 0.99), "max_ms": pct(&v, 1.0)}),
        );
    }
    report.insert("service_time".into(), serde_json::Value::Object(out));
    Ok(())
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn speeches(dir: &Path) -> Result<Vec<(u32, Vec<String>)>> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e?;
        if e.path().extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let year: u32 = e
            .path()
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(|n| n.rsplit('-').next())
            .and_then(|y| y.parse().ok())
            .unwrap_or(2020);
        let text = std::fs::read_to_string(e.path())
            .with_context(|| format!("cannot read {}", e.path().display()))?;
        // paragraphs: one per line in most years' files, blank-line separated in others
        let paras: Vec<String> = text
            .split('\n')
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| p.len() > 80)
            .collect();
        if paras.len() >= 3 {
            out.push((year, paras));
        }
    }
    if out.is_empty() {
        bail!("no speeches under {} (is ../shared there?)", dir.display());
    }
    Ok(out)
}

/// Writes `n` documents: 3–6 consecutive paragraphs of a speech, about 3% of words swapped
/// with other words of the passage, a date in the speech's year, one of 20 outlets.
fn build_jsonl(data: &Path, n: usize, path: &Path) -> Result<u64> {
    let sp = speeches(data)?;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    let mut bytes = 0u64;
    for i in 0..n {
        let (year, paras) = &sp[i % sp.len()];
        let k = 3 + rng.below(4);
        let start = rng.below(paras.len().saturating_sub(k).max(1));
        let passage = paras[start..(start + k).min(paras.len())].join("\n\n");
        let mut words: Vec<&str> = passage.split(' ').collect();
        for _ in 0..words.len() / 33 {
            let (a, b) = (rng.below(words.len()), rng.below(words.len()));
            words.swap(a, b);
        }
        let text = words.join(" ");
        let title: String = text
            .split_whitespace()
            .take(10)
            .collect::<Vec<_>>()
            .join(" ");
        let rec = json!({
            "title": title,
            "text": text,
            "date": format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
            "outlet": format!("Outlet {:02}", rng.below(20)),
            "lang": "en",
        });
        let line = rec.to_string();
        bytes += line.len() as u64;
        writeln!(w, "{line}")?;
    }
    w.flush()?;
    Ok(bytes)
}

/// Queries an analyst might type, drawn from the speeches' own words so that they match:
/// single words, two words, two-word phrases, a word with a year or an outlet filter, OR and
/// NOT (`n` of them, deterministic).
fn queries(data: &Path, n: usize) -> Result<Vec<String>> {
    let sp = speeches(data)?;
    let mut rng = Rng(0x51_7cc1_b727_220a);
    let mut out = Vec::with_capacity(n);
    let word = |rng: &mut Rng| -> String {
        loop {
            let (_, paras) = &sp[rng.below(sp.len())];
            let p = &paras[rng.below(paras.len())];
            let ws: Vec<&str> = p.split_whitespace().collect();
            let w = ws[rng.below(ws.len())].trim_matches(|c: char| !c.is_alphanumeric());
            if w.len() >= 5 && w.chars().all(char::is_alphabetic) {
                return w.to_lowercase();
            }
        }
    };
    while out.len() < n {
        let q = match rng.below(10) {
            0..=3 => word(&mut rng),
            4 | 5 => format!("{} {}", word(&mut rng), word(&mut rng)),
            6 => {
                let (_, paras) = &sp[rng.below(sp.len())];
                let ws: Vec<&str> = paras[rng.below(paras.len())].split_whitespace().collect();
                let i = rng.below(ws.len().saturating_sub(1));
                let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
                format!(
                    "\"{} {}\"",
                    clean(ws[i]),
                    clean(ws[(i + 1).min(ws.len() - 1)])
                )
            }
            7 => format!("{} date:{}", word(&mut rng), 2015 + rng.below(10)),
            8 => format!("{} outlet:\"Outlet {:02}\"", word(&mut rng), rng.below(20)),
            _ => format!(
                "{} OR {} -{}",
                word(&mut rng),
                word(&mut rng),
                word(&mut rng)
            ),
        };
        out.push(q);
    }
    Ok(out)
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// One keep-alive GET; returns the status.
fn get(conn: &mut TcpStream, addr: SocketAddr, path: &str, buf: &mut Vec<u8>) -> Result<u16> {
    // one write (a request split across writes would wait on Nagle's algorithm)
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: keep-alive\r\n\r\n");
    conn.write_all(req.as_bytes())?;
    buf.clear();
    let mut chunk = [0u8; 16384];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = conn.read(&mut chunk)?;
        if n == 0 {
            bail!("connection closed");
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .context("no content-length")?;
    while buf.len() < head_end + 4 + len {
        let n = conn.read(&mut chunk)?;
        if n == 0 {
            bail!("connection closed");
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(status)
}

fn pct(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

/// Runs the benchmark.
pub fn run(a: &BenchSearchArgs, out: &mut impl Write) -> Result<()> {
    let dir = match &a.dir {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("demarche-bench-search-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir)?;
    let corpus = dir.join("corpus");
    let mut report = serde_json::Map::new();
    if !corpus.join("demarche.db").exists() {
        let jsonl = dir.join("docs.jsonl");
        let t = Instant::now();
        let bytes = build_jsonl(&a.data, a.docs, &jsonl)?;
        eprintln!(
            "built {} documents ({:.0} MB) in {:.1}s",
            a.docs,
            bytes as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
        let t = Instant::now();
        let st = std::process::Command::new(std::env::current_exe()?)
            .arg("--corpus")
            .arg(&corpus)
            .args(["ingest", "-q", "--no-index"])
            .arg(&jsonl)
            .status()?;
        if !st.success() {
            bail!("ingest failed: {st}");
        }
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "ingested in {secs:.1}s ({:.0} docs/s)",
            a.docs as f64 / secs
        );
        report.insert("ingest_docs_per_s".into(), json!(a.docs as f64 / secs));
        report.insert("megabytes".into(), json!(bytes as f64 / 1e6));
        std::fs::remove_file(&jsonl).ok();
    }
    let mut store = Store::open(&corpus)?;
    let docs = store.count_documents()?;
    let index = demarche_query::Index::open(&corpus)?;
    let pipeline = Pipeline::new(crate::kbcmd::load(&[])?);
    let t = Instant::now();
    let stats = indexer::update(
        &mut store,
        &index,
        &pipeline,
        &Options::default(),
        &mut |_, _| {},
    )?;
    if stats.documents > 0 {
        let n = stats.documents as f64;
        eprintln!(
            "annotated and indexed {} documents in {:.1}s: annotation {:.0} docs/s, tantivy indexing {:.0} docs/s, layers to SQLite {:.0} docs/s",
            stats.documents,
            t.elapsed().as_secs_f64(),
            n / stats.annotate.as_secs_f64(),
            n / stats.index.as_secs_f64(),
            n / stats.store.as_secs_f64().max(1e-9),
        );
        report.insert(
            "annotate_docs_per_s".into(),
            json!(n / stats.annotate.as_secs_f64()),
        );
        report.insert(
            "index_docs_per_s".into(),
            json!(n / stats.index.as_secs_f64()),
        );
        report.insert(
            "store_docs_per_s".into(),
            json!(n / stats.store.as_secs_f64().max(1e-9)),
        );
        report.insert(
            "annotate_index_total_s".into(),
            json!(t.elapsed().as_secs_f64()),
        );
    }
    // indexing alone: the index rebuilt from the stored documents and annotations
    drop(index);
    std::fs::remove_dir_all(corpus.join("index"))?;
    let index = demarche_query::Index::open(&corpus)?;
    let re = indexer::update(
        &mut store,
        &index,
        &pipeline,
        &Options::default(),
        &mut |_, _| {},
    )?;
    let rate = re.reindexed as f64 / re.reindex.as_secs_f64().max(1e-9);
    eprintln!(
        "indexing alone (rebuilt from the stored annotations): {} documents in {:.1}s, {rate:.0} docs/s",
        re.reindexed,
        re.reindex.as_secs_f64()
    );
    report.insert("indexing_docs_per_s".into(), json!(rate));
    drop(index);
    drop(store);
    // serve on a free loopback port
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let kb = Arc::new(crate::kbcmd::load(&[])?);
    let app = Arc::new(demarche_server::App::open(&corpus, kb).map_err(anyhow::Error::msg)?);
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let _ = rt.block_on(demarche_server::serve(
            app,
            demarche_server::Edge::loopback(addr),
        ));
    });
    let t = Instant::now();
    while TcpStream::connect(addr).is_err() {
        if t.elapsed() > Duration::from_secs(30) {
            bail!("the server did not start");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let qs = queries(&a.data, 5000)?;
    if a.profile {
        profile(&corpus, &qs, a.facets, &mut report)?;
    }
    let paths: Vec<String> = qs
        .iter()
        .map(|q| format!("/api/search?q={}&limit=10&facets={}", encode(q), a.facets))
        .collect();
    // warm-up: a few queries
    {
        let mut c = TcpStream::connect(addr)?;
        let mut buf = Vec::new();
        for p in paths.iter().rev().take(50) {
            get(&mut c, addr, p, &mut buf)?;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(a.seconds);
    let paths = Arc::new(paths);
    let handles: Vec<_> = (0..a.clients)
        .map(|i| {
            let paths = paths.clone();
            std::thread::spawn(move || {
                let mut lat = Vec::new();
                let mut errors = 0u64;
                let mut buf = Vec::new();
                let connect = || {
                    TcpStream::connect(addr)
                        .inspect(|c| {
                            let _ = c.set_nodelay(true);
                        })
                        .ok()
                };
                let mut conn = connect();
                let mut k = i * 97;
                while Instant::now() < deadline {
                    let Some(c) = conn.as_mut() else {
                        errors += 1;
                        conn = connect();
                        continue;
                    };
                    let t = Instant::now();
                    match get(c, addr, &paths[k % paths.len()], &mut buf) {
                        Ok(200) => lat.push(t.elapsed().as_micros() as u64),
                        Ok(_) => errors += 1,
                        Err(_) => {
                            errors += 1;
                            conn = connect();
                        }
                    }
                    k += 1;
                }
                (lat, errors)
            })
        })
        .collect();
    let mut lat = Vec::new();
    let mut errors = 0;
    for h in handles {
        let (l, e) = h.join().map_err(|_| anyhow::anyhow!("a client failed"))?;
        lat.extend(l);
        errors += e;
    }
    lat.sort_unstable();
    let n = lat.len();
    report.insert("documents".into(), json!(docs));
    report.insert("clients".into(), json!(a.clients));
    report.insert("facets".into(), json!(a.facets));
    report.insert("seconds".into(), json!(a.seconds));
    report.insert("requests".into(), json!(n));
    report.insert("errors".into(), json!(errors));
    report.insert("requests_per_s".into(), json!(n as f64 / a.seconds as f64));
    report.insert("p50_ms".into(), json!(pct(&lat, 0.50)));
    report.insert("p90_ms".into(), json!(pct(&lat, 0.90)));
    report.insert("p99_ms".into(), json!(pct(&lat, 0.99)));
    report.insert("max_ms".into(), json!(pct(&lat, 1.0)));
    if a.json {
        writeln!(out, "{}", serde_json::Value::Object(report))?;
    } else {
        writeln!(
            out,
            "{docs} documents · {} clients × {} s · {n} requests ({:.0}/s), {errors} errors · latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            a.clients,
            a.seconds,
            n as f64 / a.seconds as f64,
            pct(&lat, 0.5),
            pct(&lat, 0.9),
            pct(&lat, 0.99),
            pct(&lat, 1.0)
        )?;
        eprintln!("corpus kept in {}", corpus.display());
    }
    Ok(())
}
