//! `demarche annotate`: the JSON Lines filter (stdin → stdout), and the per-document layers
//! behind `demarche show --layer`.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use demarche_annotate::entities::DocInfo;
use demarche_annotate::pipeline::{CharIndex, Pipeline};
use rayon::prelude::*;

use crate::term::line;

#[derive(Args)]
pub struct AnnotateArgs {
    /// Extra KB files or folders (added to the built-in KB).
    #[arg(long)]
    kb: Vec<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

/// Runs the filter; returns false when some input line could not be annotated (each such line,
/// a blank one included, still gets an output line `{"line": N, "error": "..."}`, so output
/// stays aligned with input: line N out answers line N in).
pub fn run(args: AnnotateArgs) -> Result<bool> {
    let kb = crate::kbcmd::load(&args.kb)?;
    let pipeline = Pipeline::new(kb);
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut ok = true;
    let mut line_no = 0usize;
    loop {
        let mut batch: Vec<(usize, String)> = Vec::with_capacity(256);
        let mut bytes = 0;
        while batch.len() < 256 && bytes < 32 << 20 {
            let mut l = String::new();
            match input.read_line(&mut l) {
                Ok(0) => break,
                Ok(n) => {
                    bytes += n;
                    line_no += 1;
                    if l.trim().is_empty() {
                        l = "\u{0}blank line: every input line must hold one JSON object"
                            .to_string();
                    }
                    batch.push((line_no, l));
                }
                Err(e) => {
                    line_no += 1;
                    batch.push((line_no, format!("\u{0}unreadable line: {e}")));
                }
            }
        }
        if batch.is_empty() {
            break;
        }
        let results: Vec<String> = batch
            .par_iter()
            .map(|(n, l)| {
                let r = if let Some(e) = l.strip_prefix('\u{0}') {
                    Err(e.to_string())
                } else {
                    pipeline.annotate_line(l)
                };
                match r {
                    Ok(v) => v.to_string(),
                    Err(e) => serde_json::json!({"line": n, "error": e}).to_string(),
                }
            })
            .collect();
        for (r, (n, _)) in results.iter().zip(&batch) {
            if r.starts_with("{\"error\"") || r.starts_with("{\"line\"") {
                ok = false;
                eprintln!("demarche annotate: stdin line {n}: {}", r);
            }
            out.write_all(r.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ok)
}

/// Prints one layer of a stored document.
pub fn show_layer(
    doc: &demarche_model::Document,
    layer: &str,
    json: bool,
    out: &mut impl Write,
) -> Result<()> {
    let kb = demarche_kb::Kb::builtin();
    let pipeline = Pipeline::new(kb);
    let info = DocInfo::from_document(doc);
    let layers = pipeline.run(&doc.text, &info);
    let index = CharIndex::new(&doc.text);
    let off = |b: u32| index.char_offset(b as usize);
    match layer {
        "sentences" => {
            for s in &layers.sentences {
                if json {
                    writeln!(
                        out,
                        "{}",
                        serde_json::json!({"start": off(s.start), "end": off(s.end), "text": &doc.text[s.range()]})
                    )?;
                } else {
                    writeln!(
                        out,
                        "{}..{}\t{}",
                        s.start,
                        s.end,
                        line(&doc.text[s.range()].replace('\n', " "))
                    )?;
                }
            }
        }
        "entities" => {
            let v = pipeline.entities_json(&doc.text, &layers, &off);
            for (i, (e, m)) in v.iter().zip(&layers.entities).enumerate() {
                if json {
                    writeln!(out, "{e}")?;
                } else {
                    writeln!(
                        out,
                        "{i:>4}  {}..{}\t{:<12} {:<28} {:<9} {}{}",
                        m.span.start,
                        m.span.end,
                        e["type"].as_str().unwrap_or(""),
                        e["kb"].as_str().unwrap_or("-"),
                        e["how"].as_str().unwrap_or(""),
                        line(e["text"].as_str().unwrap_or("")),
                        m.antecedent.map(|a| format!("  → {a}")).unwrap_or_default()
                    )?;
                }
            }
        }
        "quotes" | "dates" | "quantities" => {
            let v = match layer {
                "quotes" => pipeline.quotes_json(&doc.text, &layers, &off),
                "dates" => Pipeline::dates_json(&doc.text, &layers, &off),
                _ => pipeline.quantities_json(&doc.text, &layers, &off),
            };
            for (i, e) in v.iter().enumerate() {
                if json {
                    writeln!(out, "{e}")?;
                    continue;
                }
                let t = |k: &str| {
                    line(&e[k]["text"].as_str().unwrap_or("-").replace('\n', " ")).into_owned()
                };
                let s = |k: &str| match &e[k] {
                    serde_json::Value::Null => "-".to_string(),
                    serde_json::Value::String(x) => line(x).into_owned(),
                    x => x.to_string(),
                };
                match layer {
                    "quotes" => writeln!(
                        out,
                        "{i:>4}  {:<8} {:<28} {:<24} {}{}",
                        s("form"),
                        e["speaker"].as_str().unwrap_or("-"),
                        t("source"),
                        t("content"),
                        e["parent"]
                            .as_u64()
                            .map(|p| format!("  ⊂ {p}"))
                            .unwrap_or_default()
                    )?,
                    "dates" => writeln!(
                        out,
                        "{i:>4}  {:<28} {:<6} {:<12} {}..{} {}",
                        s("text"),
                        s("type"),
                        s("value"),
                        s("from"),
                        s("to"),
                        s("precision")
                    )?,
                    _ => writeln!(
                        out,
                        "{i:>4}  {:<28} {} {} [{}] {}",
                        s("text"),
                        s("value"),
                        s("unit"),
                        t("counted"),
                        line(e["claim"]["speaker"].as_str().unwrap_or(""))
                    )?,
                }
            }
        }
        other => anyhow::bail!(
            "unknown layer {other:?}: use sentences, entities, quotes, dates or quantities"
        ),
    }
    Ok(())
}
