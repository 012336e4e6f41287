//! `demarche eval ...` for the annotation layers.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Golden Rules sentence sets.
pub fn sentences(data: &Path, verbose: bool, json: bool, out: &mut impl Write) -> Result<()> {
    use demarche_eval::sentences;
    let mut report = Vec::new();
    for (lang, file) in [("en", "golden-en.jsonl"), ("ru", "golden-ru.jsonl")] {
        let path = data.join(file);
        let cases = sentences::load(&path).map_err(anyhow::Error::msg)?;
        let outcomes = sentences::run(&cases);
        let passed = outcomes.iter().filter(|o| o.pass).count();
        if !json {
            writeln!(
                out,
                "{lang}: {passed}/{} cases pass ({:.1}%)",
                outcomes.len(),
                100.0 * passed as f64 / outcomes.len().max(1) as f64
            )?;
            for o in outcomes.iter().filter(|o| !o.pass) {
                if verbose {
                    writeln!(
                        out,
                        "  case {}:\n    expected {:?}\n    got      {:?}",
                        o.id, o.expected, o.got
                    )?;
                } else {
                    writeln!(out, "  fails: case {}", o.id)?;
                }
            }
        }
        report.push(serde_json::json!({
            "lang": lang, "cases": outcomes.len(), "passed": passed,
            "failed": outcomes.iter().filter(|o| !o.pass).map(|o| serde_json::json!({"id": o.id, "expected": o.expected, "got": o.got})).collect::<Vec<_>>(),
        }));
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    }
    Ok(())
}

/// The persons whose every mention must be linked (issue 4).
const NAMED: &[&str] = &[
    "person:maria-zakharova",
    "person:sergey-lavrov",
    "person:oleg-syromolotov",
    "person:vladimir-putin",
    "person:kasymzhomart-tokayev",
    "person:wang-yi",
];

/// Entity mentions on the seeds.
pub fn entities(
    gold: &Path,
    seeds: &Path,
    draft: Option<&Path>,
    verbose: bool,
    json: bool,
    out: &mut impl Write,
) -> Result<()> {
    use demarche_eval::entities as ev;
    let pipeline = demarche_annotate::pipeline::Pipeline::new(demarche_kb::Kb::builtin());
    let pred = ev::predict(seeds, &pipeline).map_err(anyhow::Error::msg)?;
    if let Some(d) = draft {
        let mut s = String::new();
        for m in &pred {
            let mut m = m.clone();
            m.how = None;
            s.push_str(&serde_json::to_string(&m)?);
            s.push('\n');
        }
        std::fs::write(d, s)?;
        writeln!(out, "{} mentions written to {}", pred.len(), d.display())?;
        return Ok(());
    }
    let g = ev::load_gold(gold, seeds).map_err(anyhow::Error::msg)?;
    let sc = ev::score(&g, &pred, NAMED);
    if json {
        serde_json::to_writer_pretty(&mut *out, &sc)?;
        writeln!(out)?;
        return Ok(());
    }
    let line = |name: &str, p: &demarche_eval::entities::Prf| {
        format!(
            "{name:<22} P {:.3}  R {:.3}  F1 {:.3}   ({} right of {} predicted, {} gold)",
            p.precision, p.recall, p.f1, p.tp, p.predicted, p.gold
        )
    };
    writeln!(out, "{}", line("strict (span+type+kb)", &sc.strict))?;
    writeln!(out, "{}", line("span+type", &sc.span_type))?;
    for (t, p) in &sc.by_type {
        writeln!(out, "{}", line(&format!("  {t}"), p))?;
    }
    writeln!(out, "named persons, gold mentions found and linked:")?;
    for (id, (f, n)) in &sc.persons {
        writeln!(out, "  {id:<30} {f}/{n}")?;
    }
    if verbose {
        for m in &sc.missed {
            writeln!(
                out,
                "missed   {} {}..{} {:<12} {:<28} {:?}",
                m.file,
                m.start,
                m.end,
                m.kind,
                m.kb.as_deref().unwrap_or("-"),
                m.text
            )?;
        }
        for m in &sc.spurious {
            writeln!(
                out,
                "spurious {} {}..{} {:<12} {:<28} {:?} ({})",
                m.file,
                m.start,
                m.end,
                m.kind,
                m.kb.as_deref().unwrap_or("-"),
                m.text,
                m.how.as_deref().unwrap_or("")
            )?;
        }
    }
    Ok(())
}

/// PolNeAR source spans found as entity mentions.
pub fn polnear_sources(data: &Path, verbose: bool, json: bool, out: &mut impl Write) -> Result<()> {
    use demarche_eval::polnear;
    let articles = polnear::load(data).map_err(anyhow::Error::msg)?;
    let pipeline = demarche_annotate::pipeline::Pipeline::new(demarche_kb::Kb::builtin());
    let r = polnear::source_recall(&articles, &pipeline);
    if json {
        serde_json::to_writer_pretty(&mut *out, &r)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} articles, {} gold Source spans, {} name a person or organisation; found as entity mentions: {} ({:.1}%)",
        r.articles,
        r.sources,
        r.naming,
        r.found,
        100.0 * r.recall
    )?;
    for (o, (f, n)) in &r.by_outlet {
        writeln!(out, "  {o:<14} {f}/{n}")?;
    }
    writeln!(
        out,
        "annotation speed on these articles: {:.0} words/s on one core",
        r.words_per_second
    )?;
    if verbose {
        for m in &r.missed {
            writeln!(out, "missed  {m}")?;
        }
    }
    Ok(())
}

/// PolNeAR attributions.
pub fn quotes<W: Write>(
    data: &Path,
    verbose: bool,
    json: bool,
    save: Option<&Path>,
    out: &mut W,
) -> Result<()> {
    use demarche_eval::quotes as ev;
    let docs = ev::load(data).map_err(anyhow::Error::msg)?;
    anyhow::ensure!(
        !docs.is_empty(),
        "no annotation files under {}",
        data.display()
    );
    let pipeline = demarche_annotate::pipeline::Pipeline::new(demarche_kb::Kb::builtin());
    let (pred, wps) = ev::predict(&docs, &pipeline);
    let mut r = ev::score(&docs, &pred);
    r.words_per_second = wps;
    if let Some(path) = save {
        let f = std::fs::File::create(path).with_context(|| format!("{}", path.display()))?;
        let mut f = std::io::BufWriter::new(f);
        let attr = |t: &str, a: &ev::Attr| {
            let sp = |s: Option<(usize, usize)>| {
                s.map(|(x, y)| serde_json::json!({"start": x, "end": y, "text": &t[x..y]}))
            };
            serde_json::json!({"direct": a.direct, "content": sp(a.content), "cue": sp(a.cue), "source": sp(a.source)})
        };
        for (d, ps) in docs.iter().zip(&pred) {
            let gold: Vec<_> = d.gold.iter().map(|a| attr(&d.text, a)).collect();
            let got: Vec<_> = ps.iter().map(|a| attr(&d.text, a)).collect();
            serde_json::to_writer(
                &mut f,
                &serde_json::json!({"name": d.name, "gold": gold, "predicted": got}),
            )?;
            writeln!(f)?;
        }
        f.flush()?;
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &r)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} annotation files, {} gold attributions, {} predicted",
        r.files, r.gold, r.predicted
    )?;
    for (class, ms) in &r.scores {
        writeln!(out, "{class}:")?;
        for (m, es) in ms {
            let (e, o) = (&es["exact"], &es["overlap"]);
            writeln!(
                out,
                "  {m:<15} exact P {:.3} R {:.3} F1 {:.3}   overlap P {:.3} R {:.3} F1 {:.3}   (gold {}, predicted {})",
                e.precision, e.recall, e.f1, o.precision, o.recall, o.f1, o.gold, o.predicted
            )?;
        }
    }
    writeln!(
        out,
        "pipeline speed on these articles: {wps:.0} words/s on one core"
    )?;
    if verbose {
        let show = |t: &str, s: Option<(usize, usize)>| {
            s.map(|(a, b)| t[a..b].replace('\n', " "))
                .unwrap_or_default()
        };
        let line = |out: &mut W, tag: &str, d: &ev::Annotated, a: &ev::Attr| {
            writeln!(
                out,
                "{tag} {} {} [{}] <{}> {}",
                d.name,
                if a.direct { "D" } else { "I" },
                show(&d.text, a.source),
                show(&d.text, a.cue),
                show(&d.text, a.content)
            )
        };
        for (d, ps) in docs.iter().zip(&pred) {
            let ov = |a: Option<(usize, usize)>, b: Option<(usize, usize)>| matches!((a, b), (Some(a), Some(b)) if a.0 < b.1 && b.0 < a.1);
            for g in &d.gold {
                let hit = ps.iter().find(|p| ov(p.content, g.content));
                let tag = match hit {
                    None => "MISS",
                    Some(p) if !ov(p.source, g.source) => "SRC ",
                    Some(_) => continue,
                };
                line(out, tag, d, g)?;
                if let Some(p) = hit {
                    writeln!(
                        out,
                        "      got [{}] <{}>",
                        show(&d.text, p.source),
                        show(&d.text, p.cue)
                    )?;
                }
            }
            for p in ps
                .iter()
                .filter(|p| !d.gold.iter().any(|g| ov(p.content, g.content)))
            {
                line(out, "SPUR", d, p)?;
            }
            // overlapping a gold content that another prediction already took (one-to-one)
            let mut used = vec![false; d.gold.len()];
            for p in ps {
                match (0..d.gold.len()).find(|&k| !used[k] && ov(d.gold[k].content, p.content)) {
                    Some(k) => used[k] = true,
                    None if d.gold.iter().any(|g| ov(p.content, g.content)) => {
                        line(out, "DUP ", d, p)?
                    }
                    None => {}
                }
            }
        }
    }
    Ok(())
}

/// Learns the cue table and classifier from a PolNeAR split and writes them to `dir`.
pub fn learn_cues(
    data: &Path,
    dir: &Path,
    min: usize,
    ratio: f64,
    epochs: usize,
    out: &mut impl Write,
) -> Result<()> {
    use demarche_eval::quotes as ev;
    use std::fmt::Write as _;
    let docs = ev::load(data).map_err(anyhow::Error::msg)?;
    anyhow::ensure!(
        !docs.is_empty(),
        "no annotation files under {}",
        data.display()
    );
    let stats = ev::learn_cues(&docs);
    let kept: Vec<(&String, &demarche_annotate::quotes::CueStat)> = stats
        .iter()
        .filter(|(_, s)| s.cues >= min && s.cues as f64 >= ratio * s.total as f64)
        .collect();
    let mut table = format!(
        "# English cue words learned by `demarche eval learn-cues` from the PolNeAR train split\n\
         # ({} annotation files; Newell, Margolin and Ruths, LREC 2018). Counts only, no text.\n\
         # kept: headed >= {min} cues and a cue >= {ratio} of the times the word occurs\n\
         # form\tcues\ttotal\tafter\tbefore\taround\tsourced\n",
        docs.len()
    );
    let mut by_count = kept.clone();
    by_count.sort_by(|a, b| b.1.cues.cmp(&a.1.cues).then(a.0.cmp(b.0)));
    for (w, s) in &by_count {
        writeln!(
            table,
            "{w}\t{}\t{}\t{}\t{}\t{}\t{}",
            s.cues, s.total, s.after, s.before, s.around, s.sourced
        )?;
    }
    let words: std::collections::HashSet<String> = kept.iter().map(|(w, _)| (*w).clone()).collect();
    let pipeline = demarche_annotate::pipeline::Pipeline::new(demarche_kb::Kb::builtin());
    let examples = ev::cue_examples(&docs, &pipeline, &words);
    // a held-out fifth of the articles (both annotators' files of an article fall together)
    let fold = |a: &str| {
        a.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        }) % 5
            == 0
    };
    let (test, train): (Vec<&ev::CueExample>, Vec<&ev::CueExample>) =
        examples.iter().partition(|x| fold(&x.article));
    let held = ev::score_perceptron(&ev::train_perceptron(&train, epochs), &test);
    let all: Vec<&ev::CueExample> = examples.iter().collect();
    let weights = ev::train_perceptron(&all, epochs);
    let mut wt = String::from(
        "# Cue classifier (averaged perceptron) learned by `demarche eval learn-cues` from the\n\
         # PolNeAR train split: feature, weight.\n",
    );
    for (f, w) in &weights {
        writeln!(wt, "{f}\t{w:.4}")?;
    }
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("cues-en.tsv"), table)?;
    std::fs::write(dir.join("cue-weights.tsv"), wt)?;
    let cues = examples.iter().filter(|x| x.cue).count();
    writeln!(
        out,
        "{} annotation files: {} cue words kept of {} seen; {} candidates ({} cues), {} weights",
        docs.len(),
        kept.len(),
        stats.len(),
        examples.len(),
        cues,
        weights.len()
    )?;
    writeln!(
        out,
        "classifier on a held-out fifth of the articles ({} candidates): P {:.3} R {:.3} F1 {:.3}",
        test.len(),
        held.precision,
        held.recall,
        held.f1
    )?;
    writeln!(
        out,
        "wrote {} and {}; rebuild to compile them in",
        dir.join("cues-en.tsv").display(),
        dir.join("cue-weights.tsv").display()
    )?;
    Ok(())
}

/// Single-core throughput of sentences + entities over a folder of `.txt` files.
pub fn bench_annotate(
    dir: &Path,
    limit: Option<usize>,
    passes: usize,
    json: bool,
    out: &mut impl Write,
) -> Result<()> {
    let mut files: Vec<std::path::PathBuf> = walk_txt(dir);
    files.sort();
    if let Some(l) = limit {
        files.truncate(l);
    }
    let texts: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    anyhow::ensure!(!texts.is_empty(), "no .txt files under {}", dir.display());
    let t0 = std::time::Instant::now();
    let pipeline = demarche_annotate::pipeline::Pipeline::new(demarche_kb::Kb::builtin());
    let load = t0.elapsed().as_secs_f64();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let bytes: usize = texts.iter().map(String::len).sum();
    let info = demarche_annotate::entities::DocInfo::default();
    let (mut sentences, mut mentions, mut quotes, mut dates, mut figures) = (0, 0, 0, 0, 0);
    let mut tagged = 0;
    let mut best: Option<(f64, demarche_annotate::pipeline::StageTimes)> = None;
    let mut all_secs = Vec::new();
    for _ in 0..passes.max(1) {
        (sentences, mentions, quotes, dates, figures) = (0, 0, 0, 0, 0);
        tagged = 0;
        let mut times = demarche_annotate::pipeline::StageTimes::default();
        let t1 = std::time::Instant::now();
        for t in &texts {
            let l = pipeline.run_timed(t, &info, &mut times);
            sentences += l.sentences.len();
            mentions += l.entities.len();
            tagged += l
                .entities
                .iter()
                .filter(|m| m.how == demarche_annotate::entities::How::Tagged)
                .count();
            quotes += l.quotes.len();
            dates += l.dates.len();
            figures += l.quantities.len();
        }
        let secs = t1.elapsed().as_secs_f64();
        all_secs.push(secs);
        if best.as_ref().is_none_or(|(b, _)| secs < *b) {
            best = Some((secs, times));
        }
    }
    let Some((secs, times)) = best else {
        unreachable!("at least one pass runs")
    };
    let ner_secs = times.ner.as_secs_f64();
    // the NER tagger is a stage of the pipeline (its names join the entity layer): the
    // `_with_ner` fields, kept for the scripts that read them, equal the plain ones
    let v = serde_json::json!({
        "documents": texts.len(), "words": words, "bytes": bytes, "seconds": secs,
        "passes": all_secs,
        "kb_load_seconds": load, "words_per_second": words as f64 / secs,
        "mb_per_second": bytes as f64 / secs / 1e6, "sentences": sentences, "mentions": mentions,
        "ner_seconds": ner_secs, "tagged_mentions": tagged,
        "mb_per_second_with_ner": bytes as f64 / secs / 1e6,
        "quotes": quotes, "dates": dates, "quantities": figures,
        "stage_seconds": {
            "sentences": times.sentences.as_secs_f64(), "entities": times.entities.as_secs_f64(),
            "ner": ner_secs,
            "quotes": times.quotes.as_secs_f64(), "dates": times.dates.as_secs_f64(),
            "quantities": times.quantities.as_secs_f64(),
        },
    });
    if json {
        writeln!(out, "{v}")?;
    } else {
        writeln!(
            out,
            "demarche whole pipeline (sentences, entities with the NER tagger, quotations, dates, figures): {} documents, {} words in {:.2}s on one core: {:.0} words/s ({:.2} MB/s); {} sentences, {} mentions, {} attributions, {} dates, {} figures; KB load {:.2}s",
            texts.len(), words, secs, words as f64 / secs, bytes as f64 / secs / 1e6, sentences, mentions, quotes, dates, figures, load
        )?;
        writeln!(
            out,
            "  of which the NER tagger and its join: {ner_secs:.2}s ({tagged} mentions only it found)"
        )?;
        if all_secs.len() > 1 {
            let list: Vec<String> = all_secs.iter().map(|s| format!("{s:.2}")).collect();
            writeln!(
                out,
                "  fastest of {} passes; all passes (s): {}",
                all_secs.len(),
                list.join(" ")
            )?;
        }
        for (name, d) in [
            ("sentences", times.sentences),
            ("entities", times.entities),
            ("quotations", times.quotes),
            ("tokens and dates", times.dates),
            ("figures", times.quantities),
            ("NER tagger", times.ner),
        ] {
            let s = d.as_secs_f64();
            writeln!(
                out,
                "  {name:<17} {s:6.2}s  {:5.1}%  {:7.1} MB/s alone",
                100.0 * s / secs,
                bytes as f64 / 1e6 / s
            )?;
        }
    }
    Ok(())
}

pub(crate) fn walk_txt(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out
}

/// Who said what: the statements sets, per part and per form.
pub fn statements(
    data: &Path,
    kb: demarche_kb::Kb,
    verbose: bool,
    own: bool,
    json: bool,
    out: &mut impl Write,
) -> Result<()> {
    use demarche_eval::statements as st;
    if own && data.starts_with("../shared") {
        anyhow::bail!("--own lists every document: not for the gold files in ../shared/eval");
    }
    let docs = st::load(data).map_err(anyhow::Error::msg)?;
    let pipeline = demarche_annotate::pipeline::Pipeline::new(kb);
    let pred = st::predict(&docs, &pipeline);
    let reports = st::score(&docs, &pred);
    if json {
        let figures: serde_json::Map<String, serde_json::Value> = reports
            .iter()
            .map(|(part, r)| {
                let row = |c: &st::Counts| {
                    serde_json::json!({
                        "gold": c.gold, "predicted": c.predicted, "found": c.found,
                        "right": c.right, "matched": c.matched, "false": c.false_,
                        "unmatched_share": c.unmatched_share(),
                        "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
                        "right_of_found": c.right_of_found(), "right_of_gold": c.right_of_gold(),
                        "false_share": c.false_share(),
                    })
                };
                let forms: serde_json::Map<String, serde_json::Value> =
                    r.by_form.iter().map(|(f, c)| (f.clone(), row(c))).collect();
                (
                    part.clone(),
                    serde_json::json!({"documents": r.documents, "all": row(&r.all), "by_form": forms}),
                )
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &figures)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", data.display())?;
    for part in ["fit", "check", "all"] {
        let Some(r) = reports.get(part) else { continue };
        writeln!(
            out,
            "\n{part} part ({} documents, {} gold attributions){}",
            r.documents,
            r.all.gold,
            match part {
                "fit" => ": read while fitting",
                "check" => ": never read",
                _ => "",
            }
        )?;
        writeln!(
            out,
            "  {:<10} {:>5} {:>5} {:>6} {:>6} {:>6}   {:>7} {:>7} {:>6} {:>6}",
            "form", "gold", "pred", "P", "R", "F1", "right/f", "right/g", "false", "unmat"
        )?;
        let line = |name: &str, c: &st::Counts| {
            format!(
                "  {name:<10} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3}   {:>7.3} {:>7.3} {:>6.3} {:>6.3}",
                c.gold,
                c.predicted,
                c.precision(),
                c.recall(),
                c.f1(),
                c.right_of_found(),
                c.right_of_gold(),
                c.false_share(),
                c.unmatched_share()
            )
        };
        writeln!(out, "{}", line("all", &r.all))?;
        for (f, c) in &r.by_form {
            writeln!(out, "{}", line(f, c))?;
        }
    }
    if verbose {
        let listed = if own { "all" } else { "fit" };
        if let Some(r) = reports.get(listed) {
            writeln!(
                out,
                "\n{listed} part, every miss, wrong speaker and false attribution:"
            )?;
            for o in r.outcomes.iter().filter(|o| !o.right) {
                let g = o.gold.as_ref();
                let p = o.pred.as_ref();
                let what = match (g, p) {
                    (Some(_), None) => "missed",
                    (Some(_), Some(_)) => "speaker",
                    _ => "false",
                };
                writeln!(out, "{what:<8} {}", o.doc)?;
                if let Some(g) = g {
                    writeln!(
                        out,
                        "   gold {:<9} {:?} by {:?} ({:?})",
                        g.form,
                        clip(&g.content),
                        g.speaker,
                        g.source
                    )?;
                }
                if let Some(p) = p {
                    let names: Vec<String> = p
                        .speakers
                        .iter()
                        .map(|s| format!("{}:{}", s.kind, s.names.first().map_or("", |n| n)))
                        .collect();
                    writeln!(
                        out,
                        "   pred {:<9} {:?} by {:?} ({:?})",
                        p.form,
                        clip(&p.content),
                        names,
                        p.source
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn clip(s: &str) -> String {
    let mut t: String = s.chars().take(90).collect();
    if s.chars().count() > 90 {
        t.push('…');
    }
    t
}
