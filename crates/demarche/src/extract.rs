//! `demarche extract`: the main text and metadata of web pages, without a corpus.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};
use demarche_ingest::{IngestConfig, Ingestor, Outcome};

/// Arguments of `demarche extract`.
#[derive(Args)]
pub struct ExtractArgs {
    /// HTML pages (`-` for standard input); gzip and other compressions are read as such.
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
    let many = args.pages.len() > 1;
    for path in &args.pages {
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
