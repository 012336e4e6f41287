//! `demarche`: the command line over the demarche libraries.

mod annotate;
mod benchsearch;
mod evalcmd;
mod evalweb;
mod extract;
mod ingest;
mod kbcmd;
mod nercmd;
mod searchcmd;
mod statements;
mod term;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use demarche_store::{lock, Store};
use term::line;

#[derive(Parser)]
#[command(
    name = "demarche",
    version,
    about = "Who said what, where and when: an engine for official communication"
)]
struct Cli {
    /// Corpus directory.
    #[arg(
        long,
        global = true,
        env = "DEMARCHE_CORPUS",
        default_value = "demarche-corpus"
    )]
    corpus: PathBuf,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Ingest files, folders (recursively) and standard input (`-`) into the corpus.
    Ingest(ingest::IngestArgs),
    /// Main text and metadata (title, date, author, site, URL, language) of web pages, as
    /// text, Markdown or JSON; the extractor `ingest` uses, without a corpus.
    Extract(extract::ExtractArgs),
    /// List documents: id, date, outlet, language, title.
    Docs {
        /// Only the members of this near-duplicate cluster (a cluster number or a member's id),
        /// earliest-dated first.
        #[arg(long)]
        cluster: Option<String>,
        /// Only this outlet.
        #[arg(long)]
        outlet: Option<String>,
        /// At most this many.
        #[arg(long)]
        limit: Option<u64>,
        /// JSON Lines output.
        #[arg(long)]
        json: bool,
    },
    /// Show one document: clean text, metadata, provenance.
    Show {
        /// Document id (or a unique prefix).
        id: String,
        /// Print the raw original instead.
        #[arg(long)]
        raw: bool,
        /// List what cleaning removed, with reasons and raw byte ranges.
        #[arg(long)]
        removed: bool,
        /// Print an annotation layer (`sentences`, `entities`, `quotes`, `dates`,
        /// `quantities`) instead of the text.
        #[arg(long)]
        layer: Option<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// List every rejected input with file, position and reason.
    Problems {
        /// Also list skipped records (service messages, media without caption, non-page
        /// WARC records).
        #[arg(long)]
        all: bool,
        /// JSON Lines output.
        #[arg(long)]
        json: bool,
    },
    /// Annotate JSON Lines from stdin to stdout (sentences, entities, quotes, dates,
    /// quantities); see `cargo doc -p
    /// demarche-annotate` (module `pipeline`) for the schema.
    Annotate(annotate::AnnotateArgs),
    /// Score demarche (and peers' published outputs) against a gold set in ../shared/eval.
    Eval {
        #[command(subcommand)]
        set: EvalSet,
    },
    /// The knowledge base: convert sources, look up, check files.
    Kb {
        #[command(subcommand)]
        cmd: kbcmd::KbCmd,
    },
    /// Benchmarks: `bench annotate` measures the whole annotation pipeline (sentences,
    /// entities, quotations, dates, figures) on one core.
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
    /// Who said what: attributions (quotations, reported speech, transcript turns) over the
    /// corpus, with speaker, form, content and reporting chain.
    Quotes {
        #[command(flatten)]
        filter: statements::Filter,
        /// Extra KB files or folders.
        #[arg(long)]
        kb: Vec<PathBuf>,
    },
    /// Figures over the corpus: value, unit, what they count and who claims them.
    Claims {
        #[command(flatten)]
        filter: statements::Filter,
        /// Extra KB files or folders.
        #[arg(long)]
        kb: Vec<PathBuf>,
    },
    /// Annotate and index what the corpus holds and the index lacks (`ingest` does this
    /// itself unless told `--no-index`).
    Index {
        /// Extra KB files or folders.
        #[arg(long)]
        kb: Vec<PathBuf>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// Fail at once when another writer (an ingest, an index run, serve's background
        /// annotation) holds the corpus, instead of waiting for it.
        #[arg(long)]
        no_wait: bool,
    },
    /// Full-text search with field filters, highlighted snippets and facets.
    Search(searchcmd::SearchArgs),
    /// Serve the web workbench and the JSON API (loopback only unless --public).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8700")]
        listen: std::net::SocketAddr,
        /// Allow a non-loopback address (the corpus becomes readable from the network), and
        /// answer requests for these host names besides loopback names and IP addresses
        /// (`--public workbench.example.org,wb`).
        #[arg(long, num_args = 0.., value_delimiter = ',', value_name = "HOST")]
        public: Option<Vec<String>>,
        /// Extra KB files or folders.
        #[arg(long)]
        kb: Vec<PathBuf>,
        /// Requests served at once (the others queue in arrival order); default four per
        /// core.
        #[arg(long)]
        workers: Option<usize>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Counts by outlet, language, month and format.
    Stats {
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

/// What a connection to `serve` may cost.
#[derive(clap::Args)]
struct LimitArgs {
    /// Seconds a client has to send a request's head, counted from when its connection
    /// opens or its previous response was sent (so also how long an idle keep-alive
    /// connection stays open).
    #[arg(long, default_value_t = 10.0, value_name = "SECS")]
    header_timeout: f64,
    /// Seconds a client has to send a request's body.
    #[arg(long, default_value_t = 10.0, value_name = "SECS")]
    body_timeout: f64,
    /// Connections open at once; more wait in the listen queue until one closes.
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
}

impl LimitArgs {
    fn limits(&self) -> Result<demarche_server::Limits> {
        let secs = |v: f64, flag: &str| {
            std::time::Duration::try_from_secs_f64(v)
                .ok()
                .filter(|d| !d.is_zero())
                .with_context(|| format!("{flag} must be a number of seconds above 0"))
        };
        Ok(demarche_server::Limits {
            header_timeout: secs(self.header_timeout, "--header-timeout")?,
            body_timeout: secs(self.body_timeout, "--body-timeout")?,
            max_connections: self.max_connections.max(1),
            ..demarche_server::Limits::default()
        })
    }
}

#[derive(Subcommand)]
enum BenchWhat {
    /// Search under load: builds a corpus of perturbed UN speech passages (100,000 by
    /// default), ingests, annotates and indexes it (timing each stage), serves it on a
    /// loopback port and runs concurrent keep-alive clients against /api/search.
    Search(benchsearch::BenchSearchArgs),
    /// The named-entity tagger alone (sentences + tagging) over .txt files or dumped texts,
    /// one thread: tokens/s and MB/s.
    Ner(nercmd::BenchNerArgs),
    /// Main text and metadata of every web page of a folder (`.html`, `.html.gz`), pages in
    /// memory, on one thread; `scripts/bench-extract.sh` runs trafilatura beside it.
    Extract {
        /// The folder.
        #[arg(long, default_value = "../shared/eval/article-extraction/html")]
        data: PathBuf,
        /// Repeat the folder until this many seconds have passed.
        #[arg(long, default_value_t = 3.0)]
        min_secs: f64,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// The whole annotation pipeline over a folder of .txt files, single core.
    Annotate {
        /// The folder.
        #[arg(long, default_value = "../shared/corpus/un-general-debate")]
        data: PathBuf,
        /// Only the first N files.
        #[arg(long)]
        limit: Option<usize>,
        /// Run the whole folder this many times and report the fastest pass (on a shared
        /// machine, the slower passes measure the neighbours).
        #[arg(long, default_value_t = 1)]
        passes: usize,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum EvalSet {
    /// Main text of pages no one here has read (../shared/eval/web-pages): trafilatura's
    /// snippet metric, on the fitting part, the check part (sites held out) and all pages.
    WebPages(evalweb::WebEvalArgs),
    /// Publication days of web pages (../shared/eval/page-dates): htmldate's metric, on the
    /// fitting part, the check part and all pages.
    PageDates(evalweb::WebEvalArgs),
    /// Learns the block model's weights and threshold on the fitting part of
    /// ../shared/eval/web-pages and on the article-extraction benchmark, and writes them
    /// (`block-weights.tsv`) for the HTML reader to compile in.
    LearnBlocks {
        /// The web-pages folder.
        #[arg(long, default_value = "../shared/eval/web-pages")]
        data: PathBuf,
        /// The article-extraction folder.
        #[arg(long, default_value = "../shared/eval/article-extraction")]
        bench: PathBuf,
        /// Gradient steps.
        #[arg(long, default_value_t = 1500)]
        steps: usize,
        /// L2 penalty.
        #[arg(long, default_value_t = 0.0001)]
        l2: f32,
        /// The file to write.
        #[arg(long, default_value = "crates/demarche-ingest/data/block-weights.tsv")]
        out: PathBuf,
    },
    /// Learns the page-date ranker's weights on the fitting part of ../shared/eval/page-dates
    /// and writes them (`date-weights.tsv`) for the HTML reader to compile in.
    LearnDates {
        /// The set's folder.
        #[arg(long, default_value = "../shared/eval/page-dates")]
        data: PathBuf,
        /// Gradient steps.
        #[arg(long, default_value_t = 3000)]
        steps: usize,
        /// L2 penalty.
        #[arg(long, default_value_t = 0.01)]
        l2: f32,
        /// The file to write.
        #[arg(long, default_value = "crates/demarche-ingest/data/date-weights.tsv")]
        out: PathBuf,
    },
    /// The article-extraction benchmark: precision, recall, F1 and exact match over 4-token
    /// shingles, for demarche and for every file in peer-output/.
    ArticleExtraction {
        /// The benchmark folder (ground-truth.json, html/, peer-output/).
        #[arg(long, default_value = "../shared/eval/article-extraction")]
        data: PathBuf,
        /// Write demarche's extractions (id → {articleBody, title, date}) to this file.
        #[arg(long)]
        save: Option<PathBuf>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Entity mentions on the seeds against the project's gold file (strict: span, type and KB
    /// id), and recall of the named persons' mentions.
    Entities {
        /// The gold file.
        #[arg(long, default_value = "eval/entities/seeds.jsonl")]
        gold: PathBuf,
        /// The seed documents.
        #[arg(long, default_value = "../shared/corpus/seeds")]
        seeds: PathBuf,
        /// Write demarche's mentions in the gold format to this file (for review) and stop.
        #[arg(long)]
        draft: Option<PathBuf>,
        /// Print every missed and spurious mention.
        #[arg(long, short)]
        verbose: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// PolNeAR: share of gold Source spans that name a person or organisation found as entity
    /// mentions.
    PolnearSources {
        /// A PolNeAR split folder (text/, attributions/).
        #[arg(long, default_value = "../shared/eval/quotes/polnear/dev")]
        data: PathBuf,
        /// Print every missed source span.
        #[arg(long, short)]
        verbose: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// PolNeAR attributions: precision, recall and F1 for content, cue and source spans and
    /// triples, exact and overlapping, for direct and indirect speech.
    Quotes {
        /// A PolNeAR split folder (text/, attributions/).
        #[arg(long, default_value = "../shared/eval/quotes/polnear/dev")]
        data: PathBuf,
        /// Print missed and spurious attributions.
        #[arg(long, short)]
        verbose: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
        /// Also write every article's gold and predicted attributions (JSON lines, byte
        /// offsets and texts) to this file, for error analysis.
        #[arg(long)]
        save: Option<PathBuf>,
    },
    /// Learns the cue-word table and the cue classifier from PolNeAR's train split and
    /// writes them (`cues-en.tsv`, `cue-weights.tsv`) for the annotator to compile in;
    /// reports the classifier on a held-out fifth of the train articles.
    LearnCues {
        /// The PolNeAR train split folder (text/, attributions/).
        #[arg(long, default_value = "../shared/eval/quotes/polnear/train")]
        data: PathBuf,
        /// A word must head at least this many gold cues.
        #[arg(long, default_value_t = 3)]
        min: usize,
        /// ... and be a cue at least this share of the times it occurs.
        #[arg(long, default_value_t = 0.05)]
        ratio: f64,
        /// Perceptron passes.
        #[arg(long, default_value_t = 10)]
        epochs: usize,
        /// Folder to write the two files to.
        #[arg(long, default_value = "crates/demarche-annotate/data")]
        out: PathBuf,
    },
    /// Who said what in the users' material (`../shared/eval/statements`): found attributions
    /// (P/R/F1), right speakers of the found and of all gold, false predictions; per form,
    /// for the fit part, the check part and the whole file.
    Statements {
        /// A statements file (JSON Lines).
        #[arg(
            long,
            default_value = "../shared/eval/statements/telegram-ru-dev.jsonl"
        )]
        data: PathBuf,
        /// List the fit part's missed, wrong and false attributions (the check part is never
        /// listed).
        #[arg(long, short)]
        verbose: bool,
        /// With --verbose, list every document's, for a file of one's own making (not a gold
        /// file's check part).
        #[arg(long)]
        own: bool,
        /// JSON output (figures only).
        #[arg(long)]
        json: bool,
        /// Extra KB files or folders.
        #[arg(long)]
        kb: Vec<PathBuf>,
    },
    /// Named entities (PER, ORG, LOC) against a gold set in its own format: exact and
    /// overlap P/R/F1 per type and micro, and naeval's token-level score for factRuEval;
    /// demarche's tagger or another system's predictions (--pred).
    Ner(nercmd::EvalNerArgs),
    /// Trains the English and Russian NER models (and writes their word lists) from
    /// ../shared/eval/ner-en and ner-ru, reporting each on its held-out sets.
    LearnNer(nercmd::LearnNerArgs),
    /// Learns word clusters for the NER tagger from raw text (../shared/corpus).
    LearnClusters(nercmd::LearnClustersArgs),
    /// The Golden Rules sentence-boundary sets (English and Russian): cases passed.
    Sentences {
        /// The folder with golden-en.jsonl and golden-ru.jsonl.
        #[arg(long, default_value = "../shared/eval/sentences")]
        data: PathBuf,
        /// Print every failing case with what was produced.
        #[arg(long, short)]
        verbose: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("demarche: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Opens an existing corpus (read commands and `index` never create one).
fn open(corpus: &std::path::Path) -> Result<Store> {
    match Store::open_existing(corpus) {
        Err(e @ demarche_store::Error::NoCorpus(_)) => Err(e.into()),
        r => r.with_context(|| format!("cannot open corpus {}", corpus.display())),
    }
}

/// Takes the corpus writer lock, waiting (and saying so) for the writer that holds it unless
/// `no_wait`.
pub(crate) fn writer_lock(
    corpus: &std::path::Path,
    what: &str,
    no_wait: bool,
) -> Result<lock::WriterLock> {
    Ok(lock::lock(corpus, what, !no_wait, &mut |holder| {
        eprintln!(
            "demarche: waiting for another demarche writer on {}{}… (--no-wait to fail at once)",
            corpus.display(),
            holder
                .map(|h| format!(" (process {h})"))
                .unwrap_or_default()
        )
    })?)
}

fn run(cli: Cli) -> Result<ExitCode> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match cli.cmd {
        Cmd::Ingest(args) => {
            // ingest is the one command that creates a corpus
            std::fs::create_dir_all(&cli.corpus)
                .with_context(|| format!("cannot create corpus {}", cli.corpus.display()))?;
            let _lock = writer_lock(&cli.corpus, "ingest", args.no_wait)?;
            let mut store = Store::open(&cli.corpus)
                .with_context(|| format!("cannot open corpus {}", cli.corpus.display()))?;
            return ingest::run(&mut store, &cli.corpus, args);
        }
        Cmd::Extract(args) => {
            let failed = extract::run(&args, &mut out)?;
            out.flush()?;
            if failed > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Cmd::Index { kb, quiet, no_wait } => {
            let mut store = open(&cli.corpus)?;
            let _lock = writer_lock(&cli.corpus, "index", no_wait)?;
            let stats = searchcmd::update(&mut store, &cli.corpus, &kb, quiet)?;
            if !quiet {
                searchcmd::report(&stats);
            }
        }
        Cmd::Serve {
            listen,
            public,
            kb: kb_paths,
            workers,
            limits,
        } => {
            // serve starts at once on what is committed, even while a writer runs; what is
            // not annotated yet is annotated in the background whenever no writer holds the
            // corpus
            drop(open(&cli.corpus)?);
            let limits = limits.limits()?;
            let kb = std::sync::Arc::new(kbcmd::load(&kb_paths)?);
            let app = std::sync::Arc::new(
                demarche_server::App::with_workers(
                    &cli.corpus,
                    kb,
                    workers.unwrap_or_else(demarche_server::default_workers),
                )
                .map_err(anyhow::Error::msg)?,
            );
            let pipeline = demarche_annotate::pipeline::Pipeline::new(kbcmd::load(&kb_paths)?);
            demarche_server::background::start(app.clone(), pipeline);
            let edge = demarche_server::Edge {
                addr: listen,
                public: public.is_some(),
                hosts: public.unwrap_or_default(),
                limits,
            };
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(demarche_server::serve(app, edge))
                .map_err(anyhow::Error::msg)?;
        }
        Cmd::Search(args) => {
            let store = open(&cli.corpus)?;
            let code = searchcmd::search(&store, &cli.corpus, &args, &mut out)?;
            out.flush()?;
            return Ok(code);
        }
        Cmd::Docs {
            cluster,
            outlet,
            limit,
            json,
        } => {
            let store = open(&cli.corpus)?;
            let rows = store.list(cluster.as_deref(), outlet.as_deref(), limit)?;
            for r in rows {
                if json {
                    serde_json::to_writer(&mut out, &r)?;
                    writeln!(out)?;
                } else {
                    let dup = if r.cluster_size > 1 {
                        format!(" [cluster {} ×{}]", r.cluster.unwrap_or(0), r.cluster_size)
                    } else {
                        String::new()
                    };
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}{}",
                        r.id,
                        line(r.date.as_deref().unwrap_or("-")),
                        line(r.outlet.as_deref().unwrap_or("-")),
                        line(r.lang.as_deref().unwrap_or("-")),
                        line(r.title.as_deref().unwrap_or("(no title)")),
                        dup
                    )?;
                }
            }
        }
        Cmd::Show {
            id,
            raw,
            removed,
            layer,
            json,
        } => {
            let store = open(&cli.corpus)?;
            let doc = store.get(&id)?;
            if let Some(layer) = layer {
                annotate::show_layer(&doc, &layer, json, &mut out)?;
            } else if raw {
                let bytes = store.raw(&doc.raw_id)?;
                // the bytes as they are into a pipe or a file; on a terminal, as safe text
                if std::io::IsTerminal::is_terminal(&io::stdout()) {
                    out.write_all(term::text(&String::from_utf8_lossy(&bytes)).as_bytes())?;
                } else {
                    out.write_all(&bytes)?;
                }
            } else if json {
                let cluster = store.cluster_of(&doc.id)?;
                let v = serde_json::json!({
                    "id": doc.id, "fingerprint": doc.fingerprint, "cluster": cluster,
                    "meta": doc.meta, "provenance": doc.provenance, "text": doc.text,
                    "removed": doc.removed, "raw_id": doc.raw_id,
                });
                serde_json::to_writer_pretty(&mut out, &v)?;
                writeln!(out)?;
            } else if removed {
                for r in &doc.removed {
                    writeln!(
                        out,
                        "{}..{}\t{}\t{}",
                        r.raw.start,
                        r.raw.end,
                        line(&r.reason),
                        line(&r.text)
                    )?;
                }
            } else {
                let m = &doc.meta;
                let p = &doc.provenance;
                writeln!(out, "id:        {}", doc.id)?;
                writeln!(
                    out,
                    "title:     {}",
                    line(m.title.as_deref().unwrap_or("-"))
                )?;
                writeln!(
                    out,
                    "outlet:    {}",
                    line(m.outlet.as_deref().unwrap_or("-"))
                )?;
                if let Some(f) = &m.forwarded_from {
                    writeln!(out, "forwarded: {}", line(f))?;
                }
                if let Some(d) = &m.date {
                    writeln!(
                        out,
                        "date:      {} ({:?}; {})",
                        d.iso(),
                        d.precision,
                        line(&d.evidence)
                    )?;
                }
                if let Some(dl) = &m.dateline {
                    writeln!(
                        out,
                        "dateline:  {} (place {}, agency {})",
                        line(&dl.text),
                        line(dl.place.as_deref().unwrap_or("-")),
                        line(dl.agency.as_deref().unwrap_or("-"))
                    )?;
                }
                writeln!(out, "language:  {}", line(m.lang.as_deref().unwrap_or("-")))?;
                if let Some(a) = &m.author {
                    writeln!(out, "author:    {}", line(a))?;
                }
                if let Some(u) = &m.url {
                    writeln!(out, "url:       {}", line(u))?;
                }
                if !m.hashtags.is_empty() {
                    writeln!(
                        out,
                        "hashtags:  {}",
                        m.hashtags
                            .iter()
                            .map(|t| format!("#{}", line(t)))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )?;
                }
                writeln!(
                    out,
                    "source:    {} ({}{}{}, {}){}{}",
                    line(&p.path),
                    p.format,
                    p.compression
                        .as_deref()
                        .map(|c| format!(", {c}"))
                        .unwrap_or_default(),
                    p.locator
                        .as_deref()
                        .map(|l| format!(", {}", line(l)))
                        .unwrap_or_default(),
                    line(&p.encoding),
                    p.uri
                        .as_deref()
                        .map(|u| format!(" {}", line(u)))
                        .unwrap_or_default(),
                    p.copies
                        .map(|n| format!(" · {n} identical records in the input"))
                        .unwrap_or_default()
                )?;
                writeln!(
                    out,
                    "removed:   {} pieces (show --removed)",
                    doc.removed.len()
                )?;
                writeln!(out)?;
                writeln!(out, "{}", term::text(&doc.text))?;
            }
        }
        Cmd::Problems { all, json } => {
            let store = open(&cli.corpus)?;
            for p in store.problems(all)? {
                if json {
                    serde_json::to_writer(&mut out, &p)?;
                    writeln!(out)?;
                } else {
                    let loc = p
                        .locator
                        .as_deref()
                        .map(|l| format!(" ({})", line(l)))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{}: {}{}: {}",
                        p.kind,
                        line(&p.path),
                        loc,
                        line(&p.reason)
                    )?;
                }
            }
        }
        Cmd::Eval {
            set: EvalSet::ArticleExtraction { data, save, json },
        } => {
            use demarche_eval::article;
            let gold = article::load_gold(&data).map_err(anyhow::Error::msg)?;
            let mut rows: Vec<(String, article::Scores)> = Vec::new();
            let mut peers: Vec<PathBuf> = std::fs::read_dir(data.join("peer-output"))
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "json"))
                        .collect()
                })
                .unwrap_or_default();
            peers.sort();
            for p in peers {
                let out = article::load_output(&p).map_err(anyhow::Error::msg)?;
                let name = p
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("?")
                    .to_string();
                rows.push((name, article::score(&gold, &out)));
            }
            // demarche itself, single-threaded, timed over extraction only
            let mut pages = Vec::with_capacity(gold.len());
            for (id, _) in &gold {
                pages.push((
                    id.clone(),
                    article::read_page(&data, id).map_err(anyhow::Error::msg)?,
                ));
            }
            let started = std::time::Instant::now();
            let extracted: Vec<(String, article::Extraction)> = pages
                .iter()
                .map(|(id, html)| (id.clone(), article::extract(html)))
                .collect();
            let secs = started.elapsed().as_secs_f64();
            let predicted: std::collections::HashMap<String, String> = extracted
                .iter()
                .map(|(id, e)| (id.clone(), e.text.clone()))
                .collect();
            let ours = article::score(&gold, &predicted);
            rows.push(("demarche".to_string(), ours));
            rows.sort_by(|a, b| b.1.f1.total_cmp(&a.1.f1));
            let dated = extracted.iter().filter(|(_, e)| e.date.is_some()).count();
            let titled = extracted.iter().filter(|(_, e)| e.title.is_some()).count();
            if let Some(path) = save {
                let m: serde_json::Map<String, serde_json::Value> = extracted
                    .iter()
                    .map(|(id, e)| (id.clone(), serde_json::json!({"articleBody": e.text, "title": e.title, "date": e.date})))
                    .collect();
                std::fs::write(
                    &path,
                    serde_json::to_vec_pretty(&serde_json::Value::Object(m))?,
                )
                .with_context(|| format!("cannot write {}", path.display()))?;
            }
            if json {
                let v = serde_json::json!({
                    "systems": rows.iter().map(|(n, s)| serde_json::json!({"system": n, "scores": s})).collect::<Vec<_>>(),
                    "demarche_pages_per_second": gold.len() as f64 / secs,
                    "pages_with_date": dated, "pages_with_title": titled, "pages": gold.len(),
                });
                serde_json::to_writer_pretty(&mut out, &v)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "{:<16} {:>9} {:>9} {:>9} {:>9}",
                    "system", "precision", "recall", "F1", "exact"
                )?;
                for (n, s) in &rows {
                    writeln!(
                        out,
                        "{:<16} {:>9.3} {:>9.3} {:>9.3} {:>9.3}",
                        n, s.precision, s.recall, s.f1, s.exact_match
                    )?;
                }
                writeln!(
                    out,
                    "\ndemarche: {} pages in {:.3}s on one core ({:.0} pages/s); {} with a title, {} with a date",
                    gold.len(),
                    secs,
                    gold.len() as f64 / secs,
                    titled,
                    dated
                )?;
            }
        }
        Cmd::Eval {
            set: EvalSet::WebPages(args),
        } => evalweb::web(&args, &mut out)?,
        Cmd::Eval {
            set: EvalSet::PageDates(args),
        } => evalweb::dates(&args, &mut out)?,
        Cmd::Eval {
            set:
                EvalSet::LearnBlocks {
                    data,
                    bench,
                    steps,
                    l2,
                    out: file,
                },
        } => evalweb::learn_blocks(&data, &bench, steps, l2, &file, &mut out)?,
        Cmd::Eval {
            set:
                EvalSet::LearnDates {
                    data,
                    steps,
                    l2,
                    out: file,
                },
        } => evalweb::learn_dates(&data, steps, l2, &file, &mut out)?,
        Cmd::Eval {
            set:
                EvalSet::Sentences {
                    data,
                    verbose,
                    json,
                },
        } => evalcmd::sentences(&data, verbose, json, &mut out)?,
        Cmd::Annotate(args) => {
            if !annotate::run(args)? {
                return Ok(ExitCode::from(1));
            }
        }
        Cmd::Kb { cmd } => {
            if !kbcmd::run(cmd, &mut out)? {
                out.flush()?;
                return Ok(ExitCode::from(1));
            }
        }
        Cmd::Eval {
            set:
                EvalSet::Entities {
                    gold,
                    seeds,
                    draft,
                    verbose,
                    json,
                },
        } => evalcmd::entities(&gold, &seeds, draft.as_deref(), verbose, json, &mut out)?,
        Cmd::Eval {
            set:
                EvalSet::Statements {
                    data,
                    verbose,
                    own,
                    json,
                    kb,
                },
        } => evalcmd::statements(&data, kbcmd::load(&kb)?, verbose, own, json, &mut out)?,
        Cmd::Eval {
            set:
                EvalSet::PolnearSources {
                    data,
                    verbose,
                    json,
                },
        } => evalcmd::polnear_sources(&data, verbose, json, &mut out)?,
        Cmd::Eval {
            set:
                EvalSet::Quotes {
                    data,
                    verbose,
                    json,
                    save,
                },
        } => evalcmd::quotes(&data, verbose, json, save.as_deref(), &mut out)?,
        Cmd::Eval {
            set:
                EvalSet::LearnCues {
                    data,
                    min,
                    ratio,
                    epochs,
                    out: dir,
                },
        } => evalcmd::learn_cues(&data, &dir, min, ratio, epochs, &mut out)?,
        Cmd::Bench {
            what:
                BenchWhat::Annotate {
                    data,
                    limit,
                    passes,
                    json,
                },
        } => evalcmd::bench_annotate(&data, limit, passes, json, &mut out)?,
        Cmd::Bench {
            what:
                BenchWhat::Extract {
                    data,
                    min_secs,
                    json,
                },
        } => extract::bench(&data, min_secs, json, &mut out)?,
        Cmd::Bench {
            what: BenchWhat::Search(args),
        } => benchsearch::run(&args, &mut out)?,
        Cmd::Bench {
            what: BenchWhat::Ner(args),
        } => nercmd::bench(&args, &mut out)?,
        Cmd::Eval {
            set: EvalSet::Ner(args),
        } => nercmd::eval(&args, &mut out)?,
        Cmd::Eval {
            set: EvalSet::LearnNer(args),
        } => nercmd::learn(&args, &mut out)?,
        Cmd::Eval {
            set: EvalSet::LearnClusters(args),
        } => nercmd::learn_clusters(&args, &mut out)?,
        Cmd::Quotes { filter, kb } => {
            let store = open(&cli.corpus)?;
            let n = statements::quotes(&store, kbcmd::load(&kb)?, &filter, &mut out)?;
            if !filter.json {
                eprintln!("{n} attributions");
            }
        }
        Cmd::Claims { filter, kb } => {
            let store = open(&cli.corpus)?;
            let n = statements::claims(&store, kbcmd::load(&kb)?, &filter, &mut out)?;
            if !filter.json {
                eprintln!("{n} figures");
            }
        }
        Cmd::Stats { json } => {
            let store = open(&cli.corpus)?;
            let total = store.count_documents()?;
            let (rejected, skipped) = store.problem_counts()?;
            let (clusters, in_clusters) = store.duplicate_clusters()?;
            let groups = ["outlet", "lang", "month", "format"];
            if json {
                let mut v = serde_json::json!({
                    "documents": total, "rejected": rejected, "skipped": skipped,
                    "duplicate_clusters": clusters, "documents_in_duplicate_clusters": in_clusters,
                });
                for g in groups {
                    let m: serde_json::Map<String, serde_json::Value> = store
                        .counts_by(g)?
                        .into_iter()
                        .map(|(k, n)| (k, n.into()))
                        .collect();
                    v[g] = serde_json::Value::Object(m);
                }
                serde_json::to_writer_pretty(&mut out, &v)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "documents: {total}  rejected inputs: {rejected}  skipped records: {skipped}"
                )?;
                writeln!(
                    out,
                    "near-duplicate clusters: {clusters} ({in_clusters} documents)"
                )?;
                for g in groups {
                    writeln!(out, "\nby {g}:")?;
                    for (k, n) in store.counts_by(g)? {
                        writeln!(out, "  {n:>7}  {}", line(&k))?;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
