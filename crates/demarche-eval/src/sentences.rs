//! The Golden Rules sentence-boundary sets: a case passes when the produced sentences,
//! trimmed, equal the expected list exactly.

use std::path::Path;

use serde::Deserialize;

/// One Golden Rules case.
#[derive(Debug, Deserialize)]
pub struct Case {
    /// Case number.
    pub id: u32,
    /// Input text.
    pub text: String,
    /// Expected sentences.
    pub sentences: Vec<String>,
}

/// The outcome of one case.
#[derive(Debug)]
pub struct Outcome {
    /// Case number.
    pub id: u32,
    /// Did demarche produce exactly the expected sentences?
    pub pass: bool,
    /// What demarche produced.
    pub got: Vec<String>,
    /// What was expected.
    pub expected: Vec<String>,
}

/// Loads a `golden-*.jsonl` file.
pub fn load(path: &Path) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))
        })
        .collect()
}

/// Runs demarche's splitter on every case.
pub fn run(cases: &[Case]) -> Vec<Outcome> {
    cases
        .iter()
        .map(|c| {
            let got: Vec<String> = demarche_annotate::sentences::split(&c.text)
                .into_iter()
                .map(|s| c.text[s.range()].trim().to_string())
                .collect();
            let expected: Vec<String> = c.sentences.iter().map(|s| s.trim().to_string()).collect();
            Outcome {
                id: c.id,
                pass: got == expected,
                got,
                expected,
            }
        })
        .collect()
}
