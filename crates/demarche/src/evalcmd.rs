//! `demarche eval ...` for the annotation layers.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

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
