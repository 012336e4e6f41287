//! The scorers reproduce the peers' published figures from the peers' own outputs.
//!
//! The outputs are written by `scripts/peer-outputs.sh` (pinned trafilatura 2.3.1 and
//! htmldate 1.11.0, installed by the script) to `bench/out/`; `scripts/test.sh` runs it
//! before the tests. Without them (or without `../shared`) the tests say so and pass, unless
//! `DEMARCHE_REQUIRE_PEERS=1`, which makes missing outputs a failure.

use std::path::{Path, PathBuf};

use demarche_eval::{page_dates, web_pages};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The file, or `None` (after saying what is missing) when it is absent and not required.
fn need(p: PathBuf) -> Option<PathBuf> {
    if p.exists() {
        return Some(p);
    }
    let msg = format!(
        "{} is missing: run `bash scripts/peer-outputs.sh` (peer outputs) or provide ../shared",
        p.display()
    );
    if std::env::var("DEMARCHE_REQUIRE_PEERS").as_deref() == Ok("1") {
        panic!("{msg}");
    }
    eprintln!("SKIPPED: {msg}");
    None
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[test]
fn trafilatura_on_web_pages() {
    let (Some(data), Some(out)) = (
        need(root().join("../shared/eval/web-pages/snippets.json")),
        need(root().join("bench/out/trafilatura.json")),
    ) else {
        return;
    };
    let pages = web_pages::load(data.parent().unwrap()).unwrap();
    let r = web_pages::score(&pages, &web_pages::load_output(&out).unwrap());
    // the set's README: trafilatura 2.3.1, P 0.917 R 0.948 F1 0.932
    assert_eq!(
        (
            round3(r.all.precision),
            round3(r.all.recall),
            round3(r.all.f1)
        ),
        (0.917, 0.948, 0.932)
    );
}

#[test]
fn htmldate_on_page_dates() {
    let Some(data) = need(root().join("../shared/eval/page-dates/gold.json")) else {
        return;
    };
    let pages = page_dates::load(data.parent().unwrap()).unwrap();
    // the set's README: extensive P 0.904 R 0.991 F1 0.946; fast P 0.924 R 0.922 F1 0.923
    for (file, want) in [
        ("htmldate-extensive.json", (0.904, 0.991, 0.946)),
        ("htmldate-fast.json", (0.924, 0.922, 0.923)),
    ] {
        let Some(out) = need(root().join("bench/out").join(file)) else {
            return;
        };
        let r = page_dates::score(&pages, &page_dates::load_output(&out).unwrap());
        assert_eq!(
            (
                round3(r.all.precision),
                round3(r.all.recall),
                round3(r.all.f1)
            ),
            want,
            "{file}"
        );
    }
}

#[test]
fn the_split_is_by_site_and_balanced() {
    let Some(data) = need(root().join("../shared/eval/page-dates/gold.json")) else {
        return;
    };
    let pages = page_dates::load(data.parent().unwrap()).unwrap();
    let fit = pages
        .iter()
        .filter(|p| p.part == demarche_eval::split::Part::Fit)
        .count();
    assert!(
        fit * 3 > pages.len() && fit * 3 < pages.len() * 2,
        "{fit} of {}",
        pages.len()
    );
    for a in &pages {
        for b in &pages {
            if demarche_eval::split::site(&a.url) == demarche_eval::split::site(&b.url) {
                assert_eq!(a.part, b.part, "{} / {}", a.url, b.url);
            }
        }
    }
}
