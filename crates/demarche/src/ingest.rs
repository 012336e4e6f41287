//! `demarche ingest`: readers run in parallel, one writer commits in batches.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use crossbeam_channel::{bounded, RecvTimeoutError, Sender};
use demarche_ingest::{Copies, FieldMap, IngestConfig, Ingestor, LineStats, Outcome};
use demarche_model::Format;
use demarche_store::{Inserted, OutletLines, Prepared, Store};
use rayon::iter::{ParallelBridge, ParallelIterator};

/// Arguments of `demarche ingest`.
#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, folders (read recursively) and `-` for standard input, in any mix.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Read every input as this format instead of detecting it
    /// (text, html, telegram, jsonl, json, feed, warc).
    #[arg(long)]
    format: Option<String>,
    /// Field mapping for JSON records, e.g. `text=body,date=published,outlet=source.name`.
    #[arg(long)]
    map: Option<String>,
    /// Encoding of text inputs without a byte-order mark (e.g. windows-1251); detected when
    /// not given.
    #[arg(long)]
    encoding: Option<String>,
    /// Largest document or record accepted, in MiB.
    #[arg(long, default_value_t = 64)]
    max_record_mb: u64,
    /// Jaccard similarity at or above which documents are near-duplicates.
    #[arg(long, default_value_t = 0.8)]
    near_threshold: f64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Print the summary as JSON on standard output.
    #[arg(long)]
    json: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Do not annotate and index the new documents now (`demarche index` does it later).
    #[arg(long)]
    no_index: bool,
    /// Extra KB files or folders for the annotation that follows the ingest (as `index --kb`).
    #[arg(long)]
    kb: Vec<std::path::PathBuf>,
    /// Stop reading an input once its documents would take the corpus more than this many
    /// times the bytes of its distinct records (plus 1 MiB); identical records count once.
    #[arg(long, default_value_t = 32.0)]
    max_growth: f64,
    /// Fail at once when another writer (an ingest, an index run, serve's background
    /// annotation) holds the corpus, instead of waiting for it.
    #[arg(long)]
    pub(crate) no_wait: bool,
}

struct Lines(Arc<OutletLines>);

impl LineStats for Lines {
    fn count(&self, outlet: &str, line: u64) -> u32 {
        self.0.count(outlet, line)
    }
    fn add(&self, outlet: &str, lines: &[u64]) {
        self.0.add(outlet, lines)
    }
}

enum Msg {
    Doc(Box<demarche_ingest::DocOut>, Box<Prepared>),
    Other(Outcome),
    /// An input's identical copies of one record, read once.
    Copies(String, Copies),
}

fn send(tx: &Sender<Msg>, o: Outcome) {
    let msg = match o {
        // serialising, compressing and signing happen here, in the workers
        Outcome::Doc(d) => match demarche_store::prepare(&d.doc, &d.raw) {
            Ok(p) => Msg::Doc(d, Box::new(p)),
            Err(e) => Msg::Other(Outcome::Problem {
                path: d.doc.provenance.path.clone(),
                locator: d.doc.provenance.locator.clone(),
                reason: e.to_string(),
            }),
        },
        other => Msg::Other(other),
    };
    // the writer only hangs up on a fatal error, which it reports itself
    let _ = tx.send(msg);
}

/// Reads one input; a panic inside a reader (a bug) becomes a rejection of that input
/// instead of ending the whole ingest.
fn read_guarded(ing: &Ingestor, tx: &Sender<Msg>, name: &str, path: Option<&Path>) {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match path {
        Some(p) => ing.read_path(p, &mut |o| send(tx, o)),
        None => ing.read_stream("-", Box::new(std::io::stdin()), &mut |o| send(tx, o)),
    }));
    if let Ok(summary) = &result {
        for c in &summary.copies {
            let _ = tx.send(Msg::Copies(name.to_string(), c.clone()));
        }
    }
    if let Err(panic) = result {
        let what = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        send(
            tx,
            Outcome::Problem {
                path: name.to_string(),
                locator: None,
                reason: format!("internal error (please report): {what}"),
            },
        );
    }
}

fn walk(input: &str, files: &mut dyn FnMut(PathBuf), problem: &mut dyn FnMut(String, String)) {
    let path = Path::new(input);
    match std::fs::metadata(path) {
        Err(e) => problem(input.to_string(), format!("cannot read: {e}")),
        Ok(m) if m.is_dir() => {
            for entry in walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
            {
                match entry {
                    Ok(e) if e.file_type().is_file() => files(e.into_path()),
                    Ok(_) => {}
                    Err(e) => {
                        let p = e
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| input.to_string());
                        problem(
                            p,
                            format!(
                                "cannot read: {}",
                                e.io_error()
                                    .map(|x| x.to_string())
                                    .unwrap_or_else(|| e.to_string())
                            ),
                        );
                    }
                }
            }
        }
        Ok(_) => files(path.to_path_buf()),
    }
}

/// Runs an ingest into `store`.
pub fn run(store: &mut Store, corpus: &std::path::Path, args: IngestArgs) -> Result<ExitCode> {
    let mut cfg = IngestConfig::default();
    if let Some(f) = &args.format {
        match Format::from_name(f) {
            Some(f) => cfg.format = Some(f),
            None => {
                bail!("unknown format {f:?} (known: text, html, telegram, jsonl, json, feed, warc)")
            }
        }
    }
    if let Some(m) = &args.map {
        cfg.map = FieldMap::parse(m)?;
    }
    if let Some(e) = &args.encoding {
        match encoding_rs::Encoding::for_label(e.as_bytes()) {
            Some(enc) => cfg.encoding = Some(enc),
            None => bail!("unknown encoding {e:?}"),
        }
    }
    if !(0.0..=1.0).contains(&args.near_threshold) {
        bail!("--near-threshold must be between 0 and 1");
    }
    cfg.max_record_bytes = args.max_record_mb.saturating_mul(1 << 20);
    if args.max_growth.is_nan() || args.max_growth <= 0.0 {
        bail!("--max-growth must be above 0");
    }
    cfg.max_growth = args.max_growth;
    store.near_threshold = args.near_threshold;
    let lines = Arc::new(store.load_line_stats()?);
    let ingestor = Arc::new(Ingestor::new(cfg).with_line_stats(Arc::new(Lines(lines.clone()))));
    let run_id = store.begin_run(&args.inputs.join(" "))?;

    let (tx, rx) = bounded::<Msg>(256);
    let bytes_read = Arc::new(AtomicU64::new(0));
    let threads = args.threads.unwrap_or(0);
    let producer = {
        let ingestor = ingestor.clone();
        let bytes_read = bytes_read.clone();
        let inputs = args.inputs.clone();
        std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
            let work = || {
                if inputs.iter().any(|i| i == "-") {
                    read_guarded(&ingestor, &tx, "-", None);
                }
                // one walker for all inputs, one parallel loop over the files it finds, so
                // that a folder of 100,000 files and a list of 100,000 paths both stream
                let (ptx, prx) = bounded::<PathBuf>(1024);
                std::thread::scope(|s| {
                    let tx2 = tx.clone();
                    s.spawn(move || {
                        for input in inputs.iter().filter(|i| *i != "-") {
                            walk(
                                input,
                                &mut |p| {
                                    let _ = ptx.send(p);
                                },
                                &mut |p, r| {
                                    send(
                                        &tx2,
                                        Outcome::Problem {
                                            path: p,
                                            locator: None,
                                            reason: r,
                                        },
                                    )
                                },
                            );
                        }
                        drop(ptx);
                    });
                    prx.iter().par_bridge().for_each(|p: PathBuf| {
                        let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                        read_guarded(&ingestor, &tx, &p.display().to_string(), Some(&p));
                        bytes_read.fetch_add(size, Ordering::Relaxed);
                    });
                });
            };
            match pool {
                Ok(pool) => pool.install(work),
                Err(_) => work(),
            }
            drop(tx);
        })
    };

    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let pb = if show_progress {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.enable_steady_tick(Duration::from_millis(200));
        Some(pb)
    } else {
        None
    };
    let started = Instant::now();
    let (mut new_docs, mut existing, mut rejected, mut skipped, mut dups, mut copies) =
        (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    let mut batch = store.batch()?;
    let mut in_batch = 0usize;
    let mut last_commit = Instant::now();
    let tick = Duration::from_millis(800);
    loop {
        // what has been read is committed at least every tick, even when input is slow to
        // come (a pipe): readers see it, and a kill loses no more than that
        let msg = match rx.recv_timeout(tick) {
            Ok(msg) => msg,
            Err(RecvTimeoutError::Timeout) => {
                if in_batch > 0 {
                    batch.flush_lines(&lines)?;
                    batch.commit()?;
                    batch = store.batch()?;
                    in_batch = 0;
                    last_commit = Instant::now();
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        match msg {
            Msg::Doc(d, p) => match batch.insert(&d.doc, &p, run_id)? {
                Inserted::New { duplicate, .. } => {
                    new_docs += 1;
                    dups += duplicate as u64;
                }
                Inserted::Existing => existing += 1,
            },
            Msg::Other(Outcome::Problem {
                path,
                locator,
                reason,
            }) => {
                rejected += 1;
                let loc = locator
                    .as_deref()
                    .map(|l| format!(" ({})", crate::term::line(l)))
                    .unwrap_or_default();
                let line = format!(
                    "demarche: rejected {}{loc}: {}",
                    crate::term::line(&path),
                    crate::term::line(&reason)
                );
                match &pb {
                    Some(pb) => pb.println(line),
                    None => eprintln!("{line}"),
                }
                batch.problem(run_id, "rejected", &path, locator.as_deref(), &reason)?;
            }
            Msg::Other(Outcome::Skipped {
                path,
                locator,
                reason,
            }) => {
                skipped += 1;
                batch.problem(run_id, "skipped", &path, locator.as_deref(), &reason)?;
            }
            Msg::Copies(path, c) => {
                copies += c.copies - 1;
                match &c.id {
                    Some(id) => {
                        batch.set_copies(id, c.copies)?;
                    }
                    None => batch.problem(
                        run_id,
                        "skipped",
                        &path,
                        c.locator.as_deref(),
                        &format!(
                            "{} more identical copies of this record were not read again",
                            c.copies - 1
                        ),
                    )?,
                }
            }
            Msg::Other(Outcome::Doc(_)) => unreachable!("documents travel as Msg::Doc"),
        }
        in_batch += 1;
        if in_batch >= 512 || last_commit.elapsed() > tick {
            batch.flush_lines(&lines)?;
            batch.commit()?;
            batch = store.batch()?;
            in_batch = 0;
            last_commit = Instant::now();
            if let Some(pb) = &pb {
                let secs = started.elapsed().as_secs_f64().max(1e-3);
                let mb = bytes_read.load(Ordering::Relaxed) as f64 / 1e6;
                pb.set_message(format!(
                    "{} new, {} existing, {} rejected · {:.0} docs/s · {:.1} MB/s",
                    new_docs,
                    existing,
                    rejected,
                    (new_docs + existing) as f64 / secs,
                    mb / secs
                ));
            }
        }
    }
    batch.flush_lines(&lines)?;
    batch.commit()?;
    if producer.join().is_err() {
        bail!("an ingest worker failed");
    }
    store.finish_run(run_id, new_docs, existing, rejected, skipped)?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let secs = started.elapsed().as_secs_f64();
    let mb = bytes_read.load(Ordering::Relaxed) as f64 / 1e6;
    let indexed = if args.no_index {
        None
    } else {
        Some(crate::searchcmd::update(
            store,
            corpus,
            &args.kb,
            args.quiet || args.json,
        )?)
    };
    if args.json {
        let v = serde_json::json!({
            "run": run_id, "new": new_docs, "existing": existing, "rejected": rejected, "skipped": skipped,
            "near_duplicates": dups, "identical_copies": copies, "seconds": secs, "megabytes": mb,
            "indexed": indexed.as_ref().map(|s| s.documents),
        });
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
    } else if !args.quiet {
        eprintln!(
            "ingested {new_docs} new documents ({dups} near-duplicates of earlier ones), {existing} already in the corpus, \
             {rejected} rejected, {skipped} records skipped · {secs:.2}s, {:.1} MB/s",
            mb / secs.max(1e-9)
        );
        if copies > 0 {
            eprintln!(
                "{copies} identical copies of records were read once (their count is in the \
                 documents' provenance)"
            );
        }
        if rejected > 0 {
            eprintln!("see `demarche problems` for every rejected input");
        }
        if let Some(stats) = &indexed {
            crate::searchcmd::report(stats);
        }
    }
    Ok(if rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
