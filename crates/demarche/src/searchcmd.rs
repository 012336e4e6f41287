//! `demarche index` and `demarche search`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use demarche_annotate::pipeline::Pipeline;
use demarche_query::indexer::{self, Options, Stats};
use demarche_query::{Index, Request, Searcher, Sort};
use demarche_store::Store;

use crate::term;

/// Opens the corpus's index.
pub fn open_index(corpus: &Path) -> Result<Index> {
    Index::open(corpus).with_context(|| format!("cannot open the index of {}", corpus.display()))
}

/// Annotates and indexes what the corpus holds and the index lacks, with a progress bar on a
/// terminal.
pub fn update(store: &mut Store, corpus: &Path, kb: &[PathBuf], quiet: bool) -> Result<Stats> {
    let index = open_index(corpus)?;
    let pipeline = Pipeline::new(crate::kbcmd::load(kb)?);
    let pb = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new(0);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "indexing {bar:30} {pos}/{len} documents · {per_sec} · {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb.enable_steady_tick(Duration::from_millis(200));
        pb
    });
    let stats = indexer::update(
        store,
        &index,
        &pipeline,
        &Options::default(),
        &mut |done, total| {
            if let Some(pb) = &pb {
                pb.set_length(total);
                pb.set_position(done);
            }
        },
    )?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    Ok(stats)
}

/// Prints what an update did.
pub fn report(stats: &Stats) {
    if stats.reindexed > 0 {
        eprintln!(
            "indexed {} annotated documents again (the index was new or reset) in {:.2}s ({:.0} documents/s)",
            stats.reindexed,
            stats.reindex.as_secs_f64(),
            stats.reindexed as f64 / stats.reindex.as_secs_f64().max(1e-9)
        );
    }
    if stats.documents == 0 {
        return;
    }
    eprintln!(
        "annotated and indexed {} documents ({:.1} MB): annotation {:.2}s, index {:.2}s, store {:.2}s",
        stats.documents,
        stats.bytes as f64 / 1e6,
        stats.annotate.as_secs_f64(),
        stats.index.as_secs_f64(),
        stats.store.as_secs_f64()
    );
}

/// `demarche search` arguments.
#[derive(Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", AND/OR/NOT, -word, (groups), and field filters
    /// outlet: lang: format: date:YYYY[-MM[-DD]][..YYYY[-MM[-DD]]] entity: speaker: title:
    /// cluster:.
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
    /// At most this many hits.
    #[arg(long, short = 'n', default_value_t = 20)]
    limit: usize,
    /// Skip this many hits.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Order: relevance, date (newest first) or oldest.
    #[arg(long, default_value = "relevance")]
    sort: String,
    /// Print facet counts and the monthly histogram after the hits.
    #[arg(long)]
    facets: bool,
    /// JSON output (one object: total, hits with snippets, facets, histogram).
    #[arg(long)]
    json: bool,
    /// Highlight matches: auto (on a terminal), always, never.
    #[arg(long, default_value = "auto")]
    color: String,
}

/// `demarche search`.
pub fn search(
    store: &Store,
    corpus: &Path,
    a: &SearchArgs,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let index = open_index(corpus)?;
    let sort = Sort::parse(&a.sort)
        .with_context(|| format!("unknown --sort {:?} (relevance, date, oldest)", a.sort))?;
    let kb = Arc::new(crate::kbcmd::load(&[])?);
    let searcher = Searcher::new(index, Some(kb));
    let req = Request {
        q: a.query.join(" "),
        limit: a.limit,
        offset: a.offset,
        sort,
        facets: a.facets || a.json,
        snippet_chars: 200,
    };
    let mut res = searcher.search(store, &req)?;
    // documents an interrupted or `--no-index` ingest left are in no result yet: say so
    let pending = store.count_pending(indexer::VERSION)?;
    if pending > 0 {
        res.notes.push(format!(
            "{pending} {} not indexed yet: run `demarche index`",
            if pending == 1 {
                "document is"
            } else {
                "documents are"
            }
        ));
    }
    if a.json {
        serde_json::to_writer(&mut *out, &res)?;
        writeln!(out)?;
        return Ok(if res.total == 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    let color = match a.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal(),
    };
    let (hl, end, dim, bold) = if color {
        ("\x1b[1;31m", "\x1b[0m", "\x1b[2m", "\x1b[1;35m")
    } else {
        ("", "", "", "")
    };
    for n in &res.notes {
        eprintln!("note: {}", term::line(n));
    }
    for h in &res.hits {
        writeln!(
            out,
            "{bold}{}{end}  {}  {}  {}",
            h.id,
            term::line(h.date.as_deref().unwrap_or("-")),
            term::line(h.outlet.as_deref().unwrap_or("-")),
            term::line(h.title.as_deref().unwrap_or("(no title)"))
        )?;
        let s = &h.snippet;
        // white space folded, then what the document holds escaped, piece by piece, so that
        // only the highlighting reaches the terminal as escape codes
        let mut line = String::new();
        let mut at = 0;
        for &(a, b) in &s.highlights {
            let ok = |i: usize| s.text.is_char_boundary(i);
            if a < at || a > b || b > s.text.len() || !ok(a) || !ok(b) {
                continue;
            }
            line.push_str(&fold(&s.text[at..a]));
            line.push_str(hl);
            line.push_str(&fold(&s.text[a..b]));
            line.push_str(end);
            at = b;
        }
        line.push_str(&fold(&s.text[at..]));
        let line = line.trim();
        writeln!(out, "  {line}")?;
        writeln!(out)?;
    }
    if a.facets {
        for (name, values) in &res.facets {
            if values.is_empty() {
                continue;
            }
            let v: Vec<String> = values
                .iter()
                .map(|(k, n)| format!("{} ({n})", term::line(k)))
                .collect();
            writeln!(out, "{name}: {}", v.join(", "))?;
        }
        if !res.histogram.is_empty() {
            let v: Vec<String> = res
                .histogram
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            writeln!(out, "months: {}", v.join(", "))?;
        }
    }
    eprintln!(
        "{dim}{} matching documents, {} shown · {:.1} ms{end}",
        res.total,
        res.hits.len(),
        res.took_ms
    );
    Ok(if res.total == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `t` with runs of white space as one space (kept at its ends) and control characters
/// escaped.
fn fold(t: &str) -> String {
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() {
        return if t.is_empty() {
            String::new()
        } else {
            " ".into()
        };
    }
    let lead = if t.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if t.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{lead}{}{trail}", term::line(&words.join(" ")))
}
