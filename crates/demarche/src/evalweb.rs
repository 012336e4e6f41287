//! `demarche eval web-pages | page-dates`: the two generalisation sets, figures on the fitting
//! part, the check part and all pages, for demarche and for the peers' saved outputs.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use demarche_eval::split::{Part, Which};
use demarche_eval::{page_dates, web_pages};

/// Options shared by both sets.
#[derive(Args)]
pub struct WebEvalArgs {
    /// The set's folder.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Which pages to print: `fit`, `check` or `all` (default: all three figures).
    #[arg(long)]
    pub part: Option<String>,
    /// A peer's saved outputs, `NAME=FILE` (repeatable); by default the files that
    /// `scripts/bench-extract.sh` writes to bench/out/, when present.
    #[arg(long)]
    pub peer: Vec<String>,
    /// List demarche's misses (pages of the fitting part only: the check part is not read).
    #[arg(long, short)]
    pub verbose: bool,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
    /// Write demarche's outputs (key → text or date) to this file.
    #[arg(long)]
    pub save: Option<PathBuf>,
}

fn peers(args: &WebEvalArgs, defaults: &[(&str, &str)]) -> Vec<(String, PathBuf)> {
    if !args.peer.is_empty() {
        return args
            .peer
            .iter()
            .map(|p| match p.split_once('=') {
                Some((n, f)) => (n.to_string(), PathBuf::from(f)),
                None => (p.clone(), PathBuf::from(p)),
            })
            .collect();
    }
    defaults
        .iter()
        .map(|(n, f)| (n.to_string(), PathBuf::from(f)))
        .filter(|(_, f)| f.exists())
        .collect()
}

fn parts(args: &WebEvalArgs) -> Result<Vec<Which>> {
    match args.part.as_deref() {
        None => Ok(vec![Which::Fit, Which::Check, Which::All]),
        Some(p) => Which::parse(p)
            .map(|w| vec![w])
            .ok_or_else(|| anyhow::anyhow!("--part: {p:?} is not fit, check or all")),
    }
}

fn which_name(w: Which) -> &'static str {
    match w {
        Which::Fit => "fit (fitted on)",
        Which::Check => "check (held out)",
        Which::All => "all",
    }
}

/// Runs demarche over every page, one thread, and returns the outputs and the seconds spent.
fn run_pages<T>(
    data: &Path,
    files: &[(String, String)],
    f: impl Fn(&[u8], &str) -> T,
) -> Result<(Vec<(String, T)>, f64)> {
    let mut pages = Vec::with_capacity(files.len());
    for (key, file) in files {
        let bytes = web_pages::read_page(data, file).map_err(anyhow::Error::msg)?;
        pages.push((key.clone(), bytes));
    }
    let start = std::time::Instant::now();
    let out = pages
        .iter()
        .map(|(k, b)| (k.clone(), f(b, k)))
        .collect::<Vec<_>>();
    Ok((out, start.elapsed().as_secs_f64()))
}

/// `demarche eval web-pages`.
pub fn web(args: &WebEvalArgs, out: &mut dyn Write) -> Result<()> {
    let data = args
        .data
        .clone()
        .unwrap_or_else(|| "../shared/eval/web-pages".into());
    let pages = web_pages::load(&data).map_err(anyhow::Error::msg)?;
    let files: Vec<(String, String)> = pages
        .iter()
        .map(|p| (p.key.clone(), p.file.clone()))
        .collect();
    let (ours, secs) = run_pages(&data, &files, |b, _| web_pages::extract(b))?;
    let ours: std::collections::HashMap<String, Option<String>> = ours.into_iter().collect();
    let mut rows = vec![("demarche".to_string(), web_pages::score(&pages, &ours))];
    for (name, file) in peers(args, &[("trafilatura", "bench/out/trafilatura.json")]) {
        let o = web_pages::load_output(&file).map_err(anyhow::Error::msg)?;
        rows.push((name, web_pages::score(&pages, &o)));
    }
    if let Some(path) = &args.save {
        std::fs::write(path, serde_json::to_vec_pretty(&ours)?)?;
    }
    let which = parts(args)?;
    if args.json {
        let v = serde_json::json!({
            "pages": {"fit": rows[0].1.pages.0, "check": rows[0].1.pages.1},
            "demarche_pages_per_second": pages.len() as f64 / secs,
            "systems": rows.iter().map(|(n, r)| serde_json::json!({"system": n, "report": r})).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    let r0 = &rows[0].1;
    writeln!(
        out,
        "web-pages: {} pages ({} fit, {} check, split by site); snippet metric, micro P/R/F1",
        pages.len(),
        r0.pages.0,
        r0.pages.1
    )?;
    writeln!(
        out,
        "{:<14} {:<18} {:>6} {:>6} {:>6}   tp/fn/fp",
        "system", "pages", "P", "R", "F1"
    )?;
    for w in &which {
        for (name, r) in &rows {
            let p = r.get(*w);
            writeln!(
                out,
                "{:<14} {:<18} {:>6.3} {:>6.3} {:>6.3}   {}/{}/{}",
                name,
                which_name(*w),
                p.precision,
                p.recall,
                p.f1,
                p.counts.tp,
                p.counts.fn_,
                p.counts.fp
            )?;
        }
    }
    writeln!(
        out,
        "demarche: {} pages in {:.2} s on one thread ({:.0} pages/s), {} without text",
        pages.len(),
        secs,
        pages.len() as f64 / secs,
        r0.failed
    )?;
    if args.verbose {
        for p in pages.iter().filter(|p| p.part == Part::Fit) {
            let o = ours.get(&p.key).and_then(|o| o.as_deref());
            let (missed, kept) = web_pages::misses(o, p);
            if missed.is_empty() && kept.is_empty() {
                continue;
            }
            writeln!(out, "\n{} ({})", p.key, p.file)?;
            for m in missed {
                writeln!(out, "  missed: {m}")?;
            }
            for k in kept {
                writeln!(out, "  kept:   {k}")?;
            }
        }
    }
    Ok(())
}

/// `demarche eval page-dates`.
pub fn dates(args: &WebEvalArgs, out: &mut dyn Write) -> Result<()> {
    let data = args
        .data
        .clone()
        .unwrap_or_else(|| "../shared/eval/page-dates".into());
    let pages = page_dates::load(&data).map_err(anyhow::Error::msg)?;
    let files: Vec<(String, String)> = pages
        .iter()
        .map(|p| (p.url.clone(), p.file.clone()))
        .collect();
    let (ours, secs) = run_pages(&data, &files, page_dates::extract)?;
    let predicted: std::collections::HashMap<String, Option<String>> = ours
        .iter()
        .map(|(k, d)| (k.clone(), d.as_ref().map(|d| d.0.clone())))
        .collect();
    let mut rows = vec![(
        "demarche".to_string(),
        page_dates::score(&pages, &predicted),
    )];
    for (name, file) in peers(
        args,
        &[
            ("htmldate-ext", "bench/out/htmldate-extensive.json"),
            ("htmldate-fast", "bench/out/htmldate-fast.json"),
        ],
    ) {
        let o = page_dates::load_output(&file).map_err(anyhow::Error::msg)?;
        rows.push((name, page_dates::score(&pages, &o)));
    }
    if let Some(path) = &args.save {
        std::fs::write(path, serde_json::to_vec_pretty(&predicted)?)?;
    }
    let which = parts(args)?;
    if args.json {
        let v = serde_json::json!({
            "pages": {"fit": rows[0].1.pages.0, "check": rows[0].1.pages.1},
            "demarche_pages_per_second": pages.len() as f64 / secs,
            "systems": rows.iter().map(|(n, r)| serde_json::json!({"system": n, "report": r})).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    let r0 = &rows[0].1;
    writeln!(
        out,
        "page-dates: {} pages ({} fit, {} check, split by site); day-level P/R/F1",
        pages.len(),
        r0.pages.0,
        r0.pages.1
    )?;
    writeln!(
        out,
        "{:<14} {:<18} {:>6} {:>6} {:>6}   tp/fp/fn",
        "system", "pages", "P", "R", "F1"
    )?;
    for w in &which {
        for (name, r) in &rows {
            let p = r.get(*w);
            writeln!(
                out,
                "{:<14} {:<18} {:>6.3} {:>6.3} {:>6.3}   {}/{}/{}",
                name,
                which_name(*w),
                p.precision,
                p.recall,
                p.f1,
                p.counts.tp,
                p.counts.fp,
                p.counts.fn_
            )?;
        }
    }
    writeln!(
        out,
        "demarche: {} pages in {:.2} s on one thread ({:.0} pages/s)",
        pages.len(),
        secs,
        pages.len() as f64 / secs
    )?;
    if args.verbose {
        for (p, (_, d)) in pages.iter().zip(&ours).filter(|(p, _)| p.part == Part::Fit) {
            let got = d.as_ref().and_then(|d| page_dates::day(&d.0));
            if got.is_some() && got == p.gold.as_deref() {
                continue;
            }
            writeln!(
                out,
                "{}  gold {}  got {}  {}",
                p.file,
                p.gold.as_deref().unwrap_or("-"),
                d.as_ref().map(|d| d.0.as_str()).unwrap_or("-"),
                d.as_ref().map(|d| d.1.as_str()).unwrap_or("")
            )?;
        }
    }
    Ok(())
}

/// `demarche eval learn-dates`.
pub fn learn_dates(
    data: &Path,
    steps: usize,
    l2: f32,
    file: &Path,
    out: &mut dyn Write,
) -> Result<()> {
    use demarche_eval::learn_dates as ld;
    let l = ld::learn(data, steps, l2).map_err(anyhow::Error::msg)?;
    std::fs::write(file, ld::weights_file(&l, steps, l2))?;
    writeln!(
        out,
        "{} fitting pages, {} with a candidate on the gold day, top candidate right on {}; weights written to {} (rebuild to use them)",
        l.pages,
        l.usable,
        l.right,
        file.display()
    )?;
    Ok(())
}

/// `demarche eval learn-blocks`.
pub fn learn_blocks(
    data: &Path,
    bench: &Path,
    steps: usize,
    l2: f32,
    file: &Path,
    out: &mut dyn Write,
) -> Result<()> {
    use demarche_eval::learn_blocks as lb;
    let l = lb::learn(data, bench, steps, l2).map_err(anyhow::Error::msg)?;
    std::fs::write(file, lb::weights_file(&l, steps, l2))?;
    writeln!(
        out,
        "{} labelled blocks from web-pages (fitting part), {} from the benchmark; thresholds {:.2} inside the densest container, {:.2} outside (mean F1 {:.3} of the fitting part and the benchmark, blocks alone); weights written to {} (rebuild to use them)",
        l.examples.0,
        l.examples.1,
        l.threshold,
        l.threshold_outside,
        l.fit_f1,
        file.display()
    )?;
    Ok(())
}
