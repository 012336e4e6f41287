//! `demarche eval ner`, `demarche eval learn-ner`, `demarche eval learn-clusters` and
//! `demarche bench ner`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use demarche_annotate::ner::{Clusters, Decoding, Lexicon, Model, Scheme, Tagger};
use demarche_eval::ner::{self as ev, Entity, NerDoc};

/// `eval ner`.
#[derive(clap::Args)]
pub struct EvalNerArgs {
    /// A gold set folder; the format is detected (brat, CoNLL, .iob2, factRuEval, Re-DocRED)
    /// and subfolders are read too.
    #[arg(long)]
    data: PathBuf,
    /// Only the documents of these folds (0-4, comma-separated; FNV-1a of the id modulo 5).
    #[arg(long, value_delimiter = ',')]
    fold: Vec<u32>,
    /// Only documents whose id contains this text (e.g. `_text` for NEREL's Wikinews texts).
    #[arg(long)]
    only: Option<String>,
    /// Score another system's predictions (JSON Lines: {"id", "entities": [{"start", "end",
    /// "type"}]}, character offsets) instead of demarche's.
    #[arg(long)]
    pred: Option<PathBuf>,
    /// Write the selected documents' ids and texts (JSON Lines) for other systems, and stop.
    #[arg(long)]
    dump_texts: Option<PathBuf>,
    /// Write demarche's predictions in the --pred format.
    #[arg(long)]
    save: Option<PathBuf>,
    /// Models, word lists and clusters from this folder instead of the built-in ones.
    #[arg(long)]
    models: Option<PathBuf>,
    /// Decode greedily instead of with Viterbi.
    #[arg(long)]
    greedy: bool,
    /// Also score each format (set) apart.
    #[arg(long)]
    by_set: bool,
    /// Print every missed and spurious entity (exact matching) with its context.
    #[arg(long, short)]
    verbose: bool,
    /// JSON output.
    #[arg(long)]
    json: bool,
}

/// `eval learn-ner`.
#[derive(clap::Args)]
pub struct LearnNerArgs {
    /// The English sets.
    #[arg(long, default_value = "../shared/eval/ner-en")]
    en: PathBuf,
    /// The Russian sets (NEREL, factRuEval-2016, uner-ru-pud, names).
    #[arg(long, default_value = "../shared/eval/ner-ru")]
    ru: PathBuf,
    /// Folder to write the models and word lists to (cluster files are read from it).
    #[arg(long, default_value = "crates/demarche-annotate/data")]
    out: PathBuf,
    /// Candidate numbers of passes; the best on the tuning slice is used.
    #[arg(long, value_delimiter = ',', default_value = "6,9,12")]
    epochs: Vec<usize>,
    /// Log2 of the number of weight rows.
    #[arg(long, default_value_t = 20)]
    bits: u32,
    /// Tag scheme: bio or bilou.
    #[arg(long, default_value = "bio")]
    scheme: String,
    /// Bits per stored weight (8 or 16).
    #[arg(long, default_value_t = 8)]
    quant_bits: u8,
    /// Do not train the Russian model on factRuEval folds 2-4.
    #[arg(long)]
    no_factru: bool,
    /// Languages to train.
    #[arg(long, value_delimiter = ',', default_value = "en,ru")]
    lang: Vec<String>,
    /// Times each factRuEval training document is repeated in a pass.
    #[arg(long, default_value_t = 3)]
    factru_repeat: usize,
    /// Leave out training documents whose id contains one of these (experiments).
    #[arg(long, value_delimiter = ',')]
    exclude: Vec<String>,
}

/// `eval learn-clusters`.
#[derive(clap::Args)]
pub struct LearnClustersArgs {
    /// English raw text: a folder of .txt files.
    #[arg(long, default_value = "../shared/corpus/un-general-debate")]
    en: PathBuf,
    /// Russian raw text: a folder of Telegram channel exports (JSON arrays of messages with
    /// a `text` field) or .txt files.
    #[arg(long, default_value = "../shared/corpus/telegram-ru")]
    ru: PathBuf,
    /// Folder to write `ner-clusters-{en,ru}.tsv` to.
    #[arg(long, default_value = "crates/demarche-annotate/data")]
    out: PathBuf,
    /// Numbers of classes, coarse to fine.
    #[arg(long, value_delimiter = ',', default_value = "64,256,1024")]
    classes: Vec<usize>,
    /// Passes of the exchange algorithm.
    #[arg(long, default_value_t = 10)]
    passes: usize,
    /// Words seen fewer times are left out.
    #[arg(long, default_value_t = 3)]
    min_count: u32,
    /// At most this many words.
    #[arg(long, default_value_t = 80_000)]
    max_words: usize,
    /// Languages.
    #[arg(long, value_delimiter = ',', default_value = "en,ru")]
    lang: Vec<String>,
}

/// The texts of a corpus folder: `.txt` files, and the `text` of every message of JSON
/// arrays (Telegram exports), in path order.
fn corpus_texts(dir: &Path) -> Result<Vec<String>> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let ext = f.extension().and_then(|x| x.to_str()).unwrap_or("");
        if ext == "txt" {
            let b = std::fs::read(&f)?;
            out.push(String::from_utf8_lossy(&b).into_owned());
        } else if ext == "json" {
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&f)?)
                .with_context(|| format!("{}", f.display()))?;
            for m in v.as_array().into_iter().flatten() {
                match &m["text"] {
                    serde_json::Value::String(s) if !s.is_empty() => out.push(s.clone()),
                    serde_json::Value::Array(parts) => {
                        let s: String = parts
                            .iter()
                            .map(|p| p.as_str().or_else(|| p["text"].as_str()).unwrap_or(""))
                            .collect();
                        if !s.is_empty() {
                            out.push(s);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(out)
}

/// `eval learn-clusters`.
pub fn learn_clusters(a: &LearnClustersArgs, out: &mut impl Write) -> Result<()> {
    use demarche_annotate::ner::{cluster, Corpus, ExchangeConfig};
    let cfg = ExchangeConfig {
        classes: a.classes.clone(),
        passes: a.passes,
        min_count: a.min_count,
        max_words: a.max_words,
    };
    for lang in &a.lang {
        let t0 = std::time::Instant::now();
        let (dir, source) = match lang.as_str() {
            "en" => (
                &a.en,
                "UN General Debate corpus (../shared/corpus/un-general-debate: speeches 2015-2024)",
            ),
            "ru" => (
                &a.ru,
                "Russian Telegram channel posts (../shared/corpus/telegram-ru)",
            ),
            l => anyhow::bail!("unknown language {l:?} (en, ru)"),
        };
        let texts = corpus_texts(dir)?;
        let corpus = Corpus::count(texts.iter().map(String::as_str), &cfg);
        anyhow::ensure!(!corpus.is_empty(), "{}: no words", dir.display());
        let classes: Vec<Vec<u32>> = std::thread::scope(|s| {
            let hs: Vec<_> = cfg
                .classes
                .iter()
                .map(|&k| {
                    let c = &corpus;
                    s.spawn(move || cluster(c, k, cfg.passes))
                })
                .collect();
            hs.into_iter()
                .map(|h| h.join().expect("clustering thread"))
                .collect()
        });
        let words: Vec<(String, Vec<u32>)> = corpus
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), classes.iter().map(|c| c[i]).collect()))
            .collect();
        let header = format!(
            "Word clusters ({lang}) for the NER tagger, written by `demarche eval learn-clusters`: the\n\
             exchange algorithm for the predictive class bigram model (Uszkoreit and Brants 2008),\n\
             {} passes, {} classes (coarse to fine), over folded tokens of {} texts of the\n\
             {source}; words seen {} times or more, at most {}, most frequent first.\n\
             Word classes only, no text of the corpus. Columns: word, then one class per clustering.",
            cfg.passes,
            cfg.classes.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "),
            texts.len(),
            cfg.min_count,
            cfg.max_words,
        );
        let path = a.out.join(format!("ner-clusters-{lang}.tsv"));
        std::fs::create_dir_all(&a.out)?;
        std::fs::write(&path, Clusters::write(&header, &words))?;
        writeln!(
            out,
            "{lang}: {} texts, {} words clustered into {:?} classes in {:.1}s; wrote {}",
            texts.len(),
            corpus.len(),
            cfg.classes,
            t0.elapsed().as_secs_f64(),
            path.display()
        )?;
    }
    writeln!(out, "retrain (eval learn-ner) and rebuild to use them")?;
    Ok(())
}

/// `bench ner`.
#[derive(clap::Args)]
pub struct BenchNerArgs {
    /// A folder of .txt files.
    #[arg(long, default_value = "../shared/corpus/un-general-debate")]
    data: PathBuf,
    /// Texts from a JSON Lines file ({"id", "text"}, as `eval ner --dump-texts` writes)
    /// instead of --data.
    #[arg(long)]
    texts: Option<PathBuf>,
    /// Only the first N texts.
    #[arg(long)]
    limit: Option<usize>,
    /// Run this many times and report the fastest pass.
    #[arg(long, default_value_t = 3)]
    passes: usize,
    /// Models from this folder instead of the built-in ones.
    #[arg(long)]
    models: Option<PathBuf>,
    /// Decode greedily.
    #[arg(long)]
    greedy: bool,
    /// JSON output.
    #[arg(long)]
    json: bool,
}

/// Models, word lists and clusters from a folder laid out as `crates/demarche-annotate/data`.
pub fn load_tagger(dir: &Path) -> Result<Tagger> {
    let read = |n: &str| {
        std::fs::read_to_string(dir.join(n)).with_context(|| format!("{}", dir.join(n).display()))
    };
    let lex = Arc::new(
        Lexicon::parse(&[&read("ner-names-ru.tsv")?, &read("ner-kb-words.tsv")?])
            .map_err(anyhow::Error::msg)?,
    );
    let model = |lang: &str| -> Result<Model> {
        let c = Clusters::parse(&read(&format!("ner-clusters-{lang}.tsv")).unwrap_or_default())
            .map_err(anyhow::Error::msg)?;
        let bytes = std::fs::read(dir.join(format!("ner-{lang}.bin")))
            .with_context(|| format!("{}/ner-{lang}.bin", dir.display()))?;
        Model::from_bytes(&bytes, lex.clone(), (!c.is_empty()).then(|| Arc::new(c)))
            .map_err(anyhow::Error::msg)
    };
    Ok(Tagger::new(model("en")?, model("ru")?))
}

fn tagger(models: Option<&Path>) -> Result<&'static Tagger> {
    Ok(match models {
        Some(d) => Box::leak(Box::new(load_tagger(d)?)),
        None => Tagger::builtin(),
    })
}

fn decoding(greedy: bool) -> Decoding {
    if greedy {
        Decoding::Greedy
    } else {
        Decoding::Viterbi
    }
}

fn predict(t: &Tagger, d: Decoding, docs: &[NerDoc]) -> (Vec<Vec<Entity>>, f64) {
    let t0 = std::time::Instant::now();
    let out = docs
        .iter()
        .map(|doc| {
            let sents = demarche_annotate::sentences::split(&doc.text);
            t.tag_decoding(&doc.text, &sents, None, d)
                .into_iter()
                .map(|s| Entity {
                    start: s.span.start as usize,
                    end: s.span.end as usize,
                    kind: s.kind,
                })
                .collect()
        })
        .collect();
    (out, t0.elapsed().as_secs_f64())
}

fn print_scores(out: &mut impl Write, title: &str, s: &ev::score::NerScores) -> Result<()> {
    writeln!(out, "{title}")?;
    writeln!(
        out,
        "  {:<4} {:>7} {:>7} {:>7}   {:>7} {:>7} {:>7}   {:>6} {:>6}",
        "", "exact P", "R", "F1", "ovl P", "R", "F1", "gold", "pred"
    )?;
    for k in ["PER", "ORG", "LOC", "all"] {
        let (e, o) = (&s.exact[k], &s.overlap[k]);
        writeln!(
            out,
            "  {k:<4} {:>7.3} {:>7.3} {:>7.3}   {:>7.3} {:>7.3} {:>7.3}   {:>6} {:>6}",
            e.precision, e.recall, e.f1, o.precision, o.recall, o.f1, e.gold, e.predicted
        )?;
    }
    if let Some(t) = &s.token {
        write!(out, "  token level (naeval):")?;
        for k in ["PER", "ORG", "LOC"] {
            let p = &t[k];
            write!(
                out,
                "  {k} P {:.3} R {:.3} F1 {:.3}",
                p.precision, p.recall, p.f1
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// `eval ner`.
pub fn eval(a: &EvalNerArgs, out: &mut impl Write) -> Result<()> {
    let all_docs = ev::load(&a.data).map_err(anyhow::Error::msg)?;
    let keep = |d: &NerDoc| {
        (a.fold.is_empty() || a.fold.contains(&ev::fold(&d.id)))
            && a.only.as_ref().is_none_or(|o| d.id.contains(o.as_str()))
    };
    // predictions are checked against every document of the set, then selected
    let read = match &a.pred {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("{}", p.display()))?;
            Some(ev::read_predictions(&text, &all_docs).map_err(anyhow::Error::msg)?)
        }
        None => None,
    };
    let mut docs = Vec::new();
    let mut their = Vec::new();
    for (i, d) in all_docs.into_iter().enumerate() {
        if keep(&d) {
            if let Some(r) = &read {
                their.push(r[i].clone());
            }
            docs.push(d);
        }
    }
    anyhow::ensure!(!docs.is_empty(), "no documents selected");
    if let Some(p) = &a.dump_texts {
        let mut f = std::io::BufWriter::new(std::fs::File::create(p)?);
        for d in &docs {
            serde_json::to_writer(&mut f, &serde_json::json!({"id": d.id, "text": d.text}))?;
            writeln!(f)?;
        }
        f.flush()?;
        writeln!(out, "{} texts written to {}", docs.len(), p.display())?;
        return Ok(());
    }
    let (pred, system, secs) = match &a.pred {
        Some(p) => (their, p.display().to_string(), None),
        None => {
            let t = tagger(a.models.as_deref())?;
            let (pred, secs) = predict(t, decoding(a.greedy), &docs);
            (pred, "demarche".to_string(), Some(secs))
        }
    };
    if let Some(s) = &a.save {
        let mut f = std::io::BufWriter::new(std::fs::File::create(s)?);
        for (d, p) in docs.iter().zip(&pred) {
            writeln!(f, "{}", ev::prediction_line(d, p))?;
        }
        f.flush()?;
    }
    let all = ev::score::score(&docs, &pred);
    if a.verbose {
        for (d, p) in docs.iter().zip(&pred) {
            let ctx = |e: &Entity| {
                let mut a = e.start.saturating_sub(40);
                while !d.text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (e.end + 40).min(d.text.len());
                while !d.text.is_char_boundary(b) {
                    b += 1;
                }
                format!(
                    "{}[{}]{}",
                    &d.text[a..e.start],
                    &d.text[e.start..e.end],
                    &d.text[e.end..b]
                )
                .replace('\n', " ")
            };
            for g in d.gold.iter().filter(|g| !p.contains(g)) {
                writeln!(out, "MISS {} {} {}", g.kind.name(), d.id, ctx(g))?;
            }
            for e in p.iter().filter(|e| !d.gold.contains(e)) {
                writeln!(out, "SPUR {} {} {}", e.kind.name(), d.id, ctx(e))?;
            }
        }
    }
    let mut sets = Vec::new();
    if a.by_set {
        let mut names: Vec<String> = docs.iter().map(|d| set_name(&d.id)).collect();
        names.sort();
        names.dedup();
        for n in names {
            let (d, p): (Vec<NerDoc>, Vec<Vec<Entity>>) = docs
                .iter()
                .zip(&pred)
                .filter(|(d, _)| set_name(&d.id) == n)
                .map(|(d, p)| (d.clone(), p.clone()))
                .unzip();
            sets.push((n, ev::score::score(&d, &p)));
        }
    }
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    if a.json {
        let v = serde_json::json!({
            "data": a.data.display().to_string(), "system": system, "documents": docs.len(),
            "words": words, "seconds": secs, "scores": all,
            "sets": sets.iter().map(|(n, s)| (n.clone(), serde_json::to_value(s).unwrap_or_default())).collect::<serde_json::Map<_, _>>(),
        });
        writeln!(out, "{v}")?;
        return Ok(());
    }
    let speed = secs.map_or(String::new(), |s| {
        format!(", {:.0} words/s (sentences + tagging)", words as f64 / s)
    });
    print_scores(
        out,
        &format!(
            "{}: {} documents, {} words; {system}{speed}",
            a.data.display(),
            docs.len(),
            words
        ),
        &all,
    )?;
    for (n, s) in &sets {
        print_scores(out, &format!("set {n}: {} documents", s.documents), s)?;
    }
    Ok(())
}

/// The set of a document id: its file path without the document part, without the file
/// name for one-document-per-file sets.
fn set_name(id: &str) -> String {
    match id.split_once('#') {
        Some((file, _)) => file.to_string(),
        None => id.rsplit_once('/').map_or("", |x| x.0).to_string(),
    }
}

/// `eval learn-ner`.
pub fn learn(a: &LearnNerArgs, out: &mut impl Write) -> Result<()> {
    let scheme = match a.scheme.as_str() {
        "bio" => Scheme::Bio,
        "bilou" => Scheme::Bilou,
        s => anyhow::bail!("unknown scheme {s:?} (bio, bilou)"),
    };
    anyhow::ensure!(
        a.quant_bits == 8 || a.quant_bits == 16,
        "--quant-bits is 8 or 16"
    );
    anyhow::ensure!((12..=24).contains(&a.bits), "--bits is 12 to 24");
    let cfg = ev::learn::LearnConfig {
        en: a.en.clone(),
        ru: a.ru.clone(),
        out: a.out.clone(),
        epochs: a.epochs.clone(),
        bits: a.bits,
        scheme,
        quant_bits: a.quant_bits,
        factru_share: !a.no_factru,
        langs: a.lang.clone(),
        factru_repeat: a.factru_repeat,
        exclude: a.exclude.clone(),
    };
    let mut err = None;
    ev::learn::learn(&cfg, &mut |l| {
        if let Err(e) = writeln!(out, "{l}").and_then(|_| out.flush()) {
            err = Some(e);
        }
    })
    .map_err(anyhow::Error::msg)?;
    if let Some(e) = err {
        return Err(e.into());
    }
    writeln!(out, "rebuild to compile the new files in")?;
    Ok(())
}

/// `bench ner`.
pub fn bench(a: &BenchNerArgs, out: &mut impl Write) -> Result<()> {
    let mut texts: Vec<String> = match &a.texts {
        Some(p) => {
            let body = std::fs::read_to_string(p).with_context(|| format!("{}", p.display()))?;
            body.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| -> Result<String> {
                    let v: serde_json::Value = serde_json::from_str(l)?;
                    Ok(v["text"].as_str().unwrap_or("").to_string())
                })
                .collect::<Result<_>>()?
        }
        None => {
            let mut files = crate::evalcmd::walk_txt(&a.data);
            files.sort();
            files
                .iter()
                .filter_map(|f| std::fs::read(f).ok())
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .collect()
        }
    };
    if let Some(l) = a.limit {
        texts.truncate(l);
    }
    anyhow::ensure!(!texts.is_empty(), "no texts");
    let t0 = std::time::Instant::now();
    let t = tagger(a.models.as_deref())?;
    let dec = decoding(a.greedy);
    let load = t0.elapsed().as_secs_f64();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut best: Option<(f64, f64, usize)> = None;
    let mut all = Vec::new();
    for _ in 0..a.passes.max(1) {
        let t1 = std::time::Instant::now();
        let mut split_secs = 0.0;
        let mut found = 0;
        for text in &texts {
            let ts = std::time::Instant::now();
            let s = demarche_annotate::sentences::split(text);
            split_secs += ts.elapsed().as_secs_f64();
            found += t.tag_decoding(text, &s, None, dec).len();
        }
        let secs = t1.elapsed().as_secs_f64();
        all.push(secs);
        if best.is_none_or(|(b, _, _)| secs < b) {
            best = Some((secs, secs - split_secs, found));
        }
    }
    let Some((secs, tag_secs, found)) = best else {
        unreachable!("one pass at least")
    };
    let tokens = demarche_annotate::ner::count_tokens(&texts);
    let v = serde_json::json!({
        "system": "demarche", "documents": texts.len(), "words": words, "tokens": tokens,
        "bytes": bytes, "seconds": secs, "tagging_seconds": tag_secs, "passes": all,
        "load_seconds": load, "entities": found,
        "words_per_second": words as f64 / secs, "tokens_per_second": tokens as f64 / secs,
        "mb_per_second": bytes as f64 / secs / 1e6,
        "tagging_tokens_per_second": tokens as f64 / tag_secs,
    });
    if a.json {
        writeln!(out, "{v}")?;
    } else {
        writeln!(
            out,
            "demarche NER (sentences + tagging): {} documents, {words} words, {tokens} tokens in {secs:.3}s on one thread: {:.0} words/s, {:.0} tokens/s, {:.2} MB/s; tagging alone {:.0} tokens/s; {found} entities; models loaded in {load:.2}s",
            texts.len(),
            words as f64 / secs,
            tokens as f64 / secs,
            bytes as f64 / secs / 1e6,
            tokens as f64 / tag_secs,
        )?;
    }
    Ok(())
}
