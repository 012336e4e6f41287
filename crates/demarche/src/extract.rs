//! `demarche extract`: the main text and metadata of web pages, without a corpus.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};
use demarche_ingest::{IngestConfig, Ingestor, Outcome};

/// Arguments of `demarche extract`.
#[derive(Args)]
pub struct ExtractArgs {
    /// HTML pages and folders of them (read recursively: `.html`, `.htm`, `.xhtml` and their
    /// `.gz`/`.zst` forms), `-` for standard input; all in one process.
    #[arg(required = true)]
    pages: Vec<PathBuf>,
    /// Text format: plain paragraphs, or Markdown with headings, lists, block quotations,
    /// captions and table cells marked.
    #[arg(long, value_enum, default_value = "text")]
    format: TextFormat,
    /// JSON Lines, one object per page: {file, text, title, date, date_precision, author,
    /// site, url, lang, blocks, removed}.
    #[arg(long)]
    json: bool,
    /// Also list what was left out of the text, with the reason (text output).
    #[arg(long)]
    removed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TextFormat {
    Text,
    Markdown,
}

/// Runs `demarche extract`; returns how many pages gave no text.
pub fn run(args: &ExtractArgs, out: &mut dyn Write) -> Result<usize> {
    let ing = Ingestor::new(IngestConfig {
        format: Some(demarche_model::Format::Html),
        ..Default::default()
    });
    let mut failed = 0;
    let mut pages = Vec::new();
    for p in &args.pages {
        if p.is_dir() {
            collect_pages(p, &mut pages)?;
        } else {
            pages.push(p.clone());
        }
    }
    let many = pages.len() > 1;
    for path in &pages {
        let name = path.display().to_string();
        let mut bytes = Vec::new();
        let read = if name == "-" {
            std::io::stdin().read_to_end(&mut bytes).map(|_| ())
        } else {
            std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
        };
        let mut outcomes = Vec::new();
        match read {
            Ok(()) => ing.read_bytes(&name, &bytes, &mut |o| outcomes.push(o)),
            Err(e) => outcomes.push(Outcome::Problem {
                path: name.clone(),
                locator: None,
                reason: format!("cannot read: {e}"),
            }),
        }
        let mut got = false;
        for o in outcomes {
            match o {
                Outcome::Doc(d) => {
                    got = true;
                    let doc = &d.doc;
                    let text = match args.format {
                        TextFormat::Text => doc.text.clone(),
                        TextFormat::Markdown => {
                            demarche_ingest::markdown::render(&doc.text, &d.blocks)
                        }
                    };
                    let m = &doc.meta;
                    let site = m
                        .extra
                        .get("site_name")
                        .cloned()
                        .or_else(|| m.outlet.clone());
                    if args.json {
                        let blocks: Vec<_> = d
                            .blocks
                            .iter()
                            .map(|(s, k)| {
                                let mut v = serde_json::to_value(k).unwrap_or_default();
                                v["start"] = s.start.into();
                                v["end"] = s.end.into();
                                v
                            })
                            .collect();
                        let v = serde_json::json!({
                            "file": name,
                            "text": text,
                            "title": m.title,
                            "date": m.date.as_ref().map(|x| x.iso()),
                            "date_precision": m.date.as_ref().map(|x| x.precision),
                            "date_evidence": m.date.as_ref().map(|x| x.evidence.clone()),
                            "author": m.author,
                            "site": site,
                            "url": m.url,
                            "lang": m.lang,
                            "blocks": blocks,
                            "removed": doc.removed.iter().map(|r| serde_json::json!({
                                "reason": r.reason, "text": r.text,
                                "raw_start": r.raw.start, "raw_end": r.raw.end,
                            })).collect::<Vec<_>>(),
                        });
                        serde_json::to_writer(&mut *out, &v)?;
                        writeln!(out)?;
                        continue;
                    }
                    if many {
                        writeln!(out, "==> {name} <==")?;
                    }
                    let field = |k: &str, v: Option<String>| {
                        format!("{k:<7} {}", v.unwrap_or_else(|| "-".into()))
                    };
                    writeln!(out, "{}", field("title:", m.title.clone()))?;
                    writeln!(
                        out,
                        "{}",
                        field(
                            "date:",
                            m.date.as_ref().map(|x| format!(
                                "{} ({:?}; {})",
                                x.iso(),
                                x.precision,
                                x.evidence
                            ))
                        )
                    )?;
                    writeln!(out, "{}", field("author:", m.author.clone()))?;
                    writeln!(out, "{}", field("site:", site))?;
                    writeln!(out, "{}", field("url:", m.url.clone()))?;
                    writeln!(out, "{}", field("lang:", m.lang.clone()))?;
                    writeln!(out)?;
                    writeln!(out, "{text}")?;
                    if args.removed {
                        writeln!(out, "\n-- left out ({}) --", doc.removed.len())?;
                        for r in &doc.removed {
                            writeln!(out, "[{}] {}", r.reason, r.text)?;
                        }
                    }
                    if many {
                        writeln!(out)?;
                    }
                }
                Outcome::Problem { path, reason, .. } | Outcome::Skipped { path, reason, .. } => {
                    eprintln!("{path}: no article text: {reason}");
                    if args.json {
                        serde_json::to_writer(
                            &mut *out,
                            &serde_json::json!({"file": path, "error": reason}),
                        )?;
                        writeln!(out)?;
                    }
                }
            }
        }
        if !got {
            failed += 1;
        }
    }
    Ok(failed)
}

/// The pages under a folder, recursively, in name order.
fn collect_pages(dir: &std::path::Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_pages(&p, out)?;
            continue;
        }
        let n = p.to_string_lossy().to_ascii_lowercase();
        let n = n.trim_end_matches(".gz").trim_end_matches(".zst");
        if n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".xhtml") {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads the pages of a folder (`.html`, `.htm`, and their `.gz` forms) into memory, in name
/// order, decompressed.
fn load_pages(dir: &std::path::Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".html.gz")
        })
        .collect();
    names.sort();
    let mut out = Vec::with_capacity(names.len());
    for p in names {
        let file = std::fs::File::open(&p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        // gzip or zstd by their magic bytes, as `ingest` reads them
        let mut bytes = Vec::new();
        demarche_ingest::decode::decompress(Box::new(file))
            .and_then(|(mut r, _)| r.read_to_end(&mut bytes))
            .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        out.push((p.display().to_string(), bytes));
    }
    Ok(out)
}

/// `demarche bench extract`: main text and metadata of every page of a folder, on the calling
/// thread (run it under `taskset -c 0` for one core), pages held in memory so that only
/// extraction is timed: decoding, parsing, the main-content choice, metadata, cleaning.
pub fn bench(dir: &std::path::Path, min_secs: f64, json: bool, out: &mut dyn Write) -> Result<()> {
    let pages = load_pages(dir)?;
    anyhow::ensure!(
        !pages.is_empty(),
        "{}: no .html or .html.gz pages",
        dir.display()
    );
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let ing = Ingestor::new(IngestConfig {
        format: Some(demarche_model::Format::Html),
        ..Default::default()
    });
    let mut rounds = 0usize;
    let mut chars = 0usize;
    let start = std::time::Instant::now();
    while rounds == 0 || start.elapsed().as_secs_f64() < min_secs {
        for (name, b) in &pages {
            ing.read_bytes(name, b, &mut |o| {
                if let Outcome::Doc(d) = o {
                    chars += d.doc.text.len();
                }
            });
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let n = pages.len() * rounds;
    let pps = n as f64 / secs;
    let mbps = (bytes * rounds) as f64 / secs / 1e6;
    if json {
        writeln!(
            out,
            "{}",
            serde_json::json!({
                "system": "demarche", "pages": pages.len(), "rounds": rounds,
                "seconds": secs, "pages_per_second": pps, "mb_per_second": mbps,
                "text_bytes": chars / rounds,
            })
        )?;
    } else {
        writeln!(
            out,
            "demarche: {} pages ({:.1} MB) × {rounds} rounds in {secs:.2} s: {pps:.0} pages/s, {mbps:.1} MB/s",
            pages.len(),
            bytes as f64 / 1e6
        )?;
    }
    Ok(())
}
