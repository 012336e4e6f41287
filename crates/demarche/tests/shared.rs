//! Checks on the shared data beside the repository (`../shared`): the five seeds and the UN
//! General Debate corpus. When the data is missing these tests print so loudly and pass,
//! unless `DEMARCHE_REQUIRE_SHARED=1` (set by `.ci/run`), which makes missing data a failure.
//!
//! The seed expectations below were written by reading the seeds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("corpus/seeds").is_dir() {
        return Some(p);
    }
    let msg = format!(
        "MISSING DATA: {} not found; the checks on the shared corpus did not run",
        p.display()
    );
    if std::env::var("DEMARCHE_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("{msg}");
    }
    eprintln!("{msg}");
    None
}

fn run(corpus: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_demarche"))
        .arg("--corpus")
        .arg(corpus)
        .args(args)
        .output()
        .unwrap()
}

/// Runs `demarche eval ... --json <flag> <path>` from the repository root and parses its output.
fn eval_json(args: &[&str], path: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_demarche"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("demarche-shared-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

struct Expect {
    /// A phrase of the document's text that identifies it.
    key: &'static str,
    outlet: &'static str,
    title: Option<&'static str>,
    date: Option<&'static str>,
    dateline_place: Option<&'static str>,
}

const SEEDS: &[Expect] = &[
    Expect { key: "answered questions from a journalist at The Moscow Post", outlet: "The Moscow Post", title: Some("Foreign Ministry: citizens of the Russian Federation did not suffer during the riots in Kazakhstan"), date: Some("2023-12-01"), dateline_place: None },
    Expect { key: "Nationalist incidents against Russian-speaking citizens", outlet: "TASS", title: None, date: Some("--11-09"), dateline_place: Some("MOSCOW") },
    Expect { key: "joint press conference with the Minister of Foreign Affairs of the Kyrgyz Republic", outlet: "mid.ru", title: Some("Speech and answers to questions from the media of the Minister of Foreign Affairs of the Russian Federation Sergey Lavrov during a joint press conference with the Minister of Foreign Affairs of the Kyrgyz Republic R.A.Kazakbayev following the negotiations"), date: Some("--10-06"), dateline_place: None },
    Expect { key: "Russia supports Kazakh President Kassym-Jomart Tokayev", outlet: "TASS", title: Some("Russia urges to locate and neutralize all militants of Kazakhstan riots — diplomat"), date: Some("--02-15"), dateline_place: Some("MOSCOW") },
    Expect { key: "The year 2022 saw history-making events", outlet: "Russian MFA", title: Some("Main Foreign Policy Outcomes of 2022"), date: None, dateline_place: None },
    Expect { key: "we are the leading trade partner and investor in Armenia", outlet: "Russian MFA", title: Some("Foreign Minister Sergey Lavrov’s opening remarks during talks with Foreign Minister of the Republic of Armenia Ararat Mirzoyan"), date: Some("2023-03-20"), dateline_place: Some("Moscow") },
    Expect { key: "Russia assumed the chairmanship of the Eurasian Economic Union", outlet: "Russian MFA", title: Some("On January 1, 2023, Russia assumed the chairmanship of the Eurasian Economic Union (#EAEU), an organisation that united Armenia, Belarus, Kazakhstan, Kyrgyzstan and our country in 2015."), date: None, dateline_place: None },
    Expect { key: "International Day of Multilateralism and Diplomacy for Peace", outlet: "Russian MFA", title: Some("Today is International Day of Multilateralism and Diplomacy for Peace."), date: Some("--04-24"), dateline_place: None },
    Expect { key: "Belarus, a state linked to Russia by centuries", outlet: "Russian MFA", title: Some("Today, Belarus, a state linked to Russia by centuries of fraternal friendship and bonds of mutual assistance, is marking Independence Day."), date: None, dateline_place: None },
    Expect { key: "sent congratulations to President of the Republic of Kazakhstan", outlet: "Russian MFA", title: Some("President Vladimir Putin sent congratulations to President of the Republic of Kazakhstan Kassym-Jomart Tokayev on the country’s national holiday, Republic Day."), date: None, dateline_place: None },
    Expect { key: "on Diplomatic Worker’s Day", outlet: "Russian MFA", title: Some("President Vladimir Putin congratulated current staff and veterans of the Ministry of Foreign Affairs on Diplomatic Worker’s Day."), date: None, dateline_place: None },
    Expect { key: "Address to the Federal Assembly", outlet: "Russian MFA", title: Some("From President Vladimir Putin's Address to the Federal Assembly (February 29, 2024)"), date: Some("2024-02-29"), dateline_place: None },
    Expect { key: "The actions of the US and its allies are hindering", outlet: "Russian MFA", title: Some("Statement by Foreign Minister Sergey Lavrov during the UN Security Council meeting on multilateral cooperation in the interest of a more just, democratic and sustainable world order (New York, July 16, 2024)"), date: Some("2024-07-16"), dateline_place: Some("New York") },
    Expect { key: "I am delighted to find myself among our friends in Kazakhstan", outlet: "Russian MFA", title: Some("Russia's Foreign Minister Sergey Lavrov’s opening remarks during the expanded-format talks with Deputy Prime Minister – Foreign Minister of Kazakhstan Murat Nurtleu (Astana, November 7, 2024)"), date: Some("2024-11-07"), dateline_place: Some("Astana") },
];

/// Debris of the kinds found in the seeds; none may reach clean text.
const DEBRIS: &[&str] = &[
    "Read in full",
    "VIEW IN TELEGRAM",
    "Media is too big",
    "Leave A Reply",
    "Share.",
    "Google+ Pinterest",
    "Subscribe to our channels",
    "Forwarded from",
    "Source: https://",
];

#[test]
fn seeds_ingest_into_fourteen_clean_documents() {
    let Some(shared) = shared() else { return };
    let c = tmp("seeds");
    let out = run(
        &c,
        &["ingest", shared.join("corpus/seeds").to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Vec<serde_json::Value> =
        String::from_utf8_lossy(&run(&c, &["docs", "--json"]).stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    assert_eq!(list.len(), 14);
    let docs: Vec<serde_json::Value> = list
        .iter()
        .map(|d| {
            serde_json::from_slice(&run(&c, &["show", d["id"].as_str().unwrap(), "--json"]).stdout)
                .unwrap()
        })
        .collect();
    for e in SEEDS {
        let found: Vec<&serde_json::Value> = docs
            .iter()
            .filter(|d| d["text"].as_str().unwrap().contains(e.key))
            .collect();
        assert_eq!(found.len(), 1, "exactly one document holds {:?}", e.key);
        let d = found[0];
        let m = &d["meta"];
        assert_eq!(m["outlet"], e.outlet, "outlet of {:?}", e.key);
        assert_eq!(m["title"].as_str(), e.title, "title of {:?}", e.key);
        assert_eq!(m["lang"], "en", "language of {:?}", e.key);
        let iso = m["date"].as_object().map(|_| {
            let (y, mo, da) = (&m["date"]["year"], &m["date"]["month"], &m["date"]["day"]);
            match (y.as_i64(), mo.as_i64(), da.as_i64()) {
                (Some(y), Some(mo), Some(da)) => format!("{y:04}-{mo:02}-{da:02}"),
                (None, Some(mo), Some(da)) => format!("--{mo:02}-{da:02}"),
                other => format!("{other:?}"),
            }
        });
        assert_eq!(iso.as_deref(), e.date, "date of {:?}", e.key);
        if let Some(date) = e.date {
            let precision = m["date"]["precision"].as_str().unwrap();
            assert_eq!(
                precision,
                if date.starts_with("--") {
                    "month-day"
                } else {
                    "day"
                },
                "honest precision for {:?}",
                e.key
            );
            assert!(!m["date"]["evidence"].as_str().unwrap().is_empty());
        }
        assert_eq!(
            m["dateline"]["place"].as_str(),
            e.dateline_place,
            "dateline of {:?}",
            e.key
        );
        let text = d["text"].as_str().unwrap();
        for junk in DEBRIS {
            assert!(!text.contains(junk), "{junk:?} left in {:?}", e.key);
        }
        // no paragraph twice
        let mut seen = std::collections::HashSet::new();
        for p in text
            .split("\n\n")
            .filter(|p| p.split_whitespace().count() >= 4)
        {
            assert!(seen.insert(p), "duplicated paragraph in {:?}: {p}", e.key);
        }
    }
    // the channel dump: ten posts, each forwarded from the ministry's channel
    let posts: Vec<_> = docs
        .iter()
        .filter(|d| !d["meta"]["forwarded_from"].is_null())
        .collect();
    assert_eq!(posts.len(), 10);
    assert!(posts
        .iter()
        .all(|d| d["meta"]["forwarded_from"] == "Russian MFA 🇷🇺"));
    // the wires name TASS in their datelines
    let tass: Vec<_> = docs
        .iter()
        .filter(|d| d["meta"]["dateline"]["agency"] == "TASS")
        .collect();
    assert_eq!(tass.len(), 2);
    // the ministry transcript: its source line became the URL
    assert!(docs
        .iter()
        .any(|d| d["meta"]["url"] == "https://www.mid.ru/ru/foreign_policy/news/1803096/"));
}

#[test]
fn un_general_debate_ingests_without_rejections() {
    let Some(shared) = shared() else { return };
    let un = shared.join("corpus/un-general-debate");
    let c = tmp("un");
    let out = run(&c, &["ingest", "--json", un.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rejected"], 0);
    let speeches = walk_count(&un, "txt");
    assert_eq!(speeches, 1938);
    // every speech plus the speaker list
    assert_eq!(v["new"].as_u64().unwrap(), speeches + 1);
    let _ = std::fs::remove_dir_all(&c);
}

fn walk_count(dir: &Path, ext: &str) -> u64 {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            n += walk_count(&p, ext);
        } else if p.extension().is_some_and(|x| x == ext) {
            n += 1;
        }
    }
    n
}

#[test]
fn article_scorer_reproduces_published_peer_f1() {
    let Some(shared) = shared() else { return };
    let data = shared.join("eval/article-extraction");
    let v = eval_json(&["eval", "article-extraction", "--json", "--data"], &data);
    let f1 = |name: &str| {
        let s = v["systems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["system"] == name)
            .unwrap();
        format!("{:.3}", s["scores"]["f1"].as_f64().unwrap())
    };
    // published figures (../shared/eval/README.md)
    for (name, published) in [
        ("rs_trafilatura", "0.970"),
        ("go_trafilatura", "0.960"),
        ("trafilatura", "0.958"),
        ("readability_js", "0.947"),
        ("readability", "0.922"),
        ("dom_smoothie", "0.865"),
        ("justext", "0.804"),
    ] {
        assert_eq!(f1(name), published, "{name}");
    }
    assert_eq!(v["pages"], 181);
    // demarche's own figure: 0.978 with the hand-tuned rules read on these pages; 0.973 with
    // the learned block model, which does better on pages no one read (issue 23, whose item 3
    // still asks for 0.975 here: not met). The floor is the best peer's figure: demarche stays
    // the best extractor on this benchmark.
    let ours: f64 = f1("demarche").parse().unwrap();
    assert!(ours >= 0.970, "demarche article-extraction F1 {ours}");
}

/// Issue 4, acceptance 1: all 48 English Golden Rules and at least 35 of the 37 Russian ones.
#[test]
fn golden_rules_sentence_sets() {
    let Some(shared) = shared() else { return };
    let v = eval_json(
        &["eval", "sentences", "--json", "--data"],
        &shared.join("eval/sentences"),
    );
    let passed = |lang: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["lang"] == lang)
            .map(|r| (r["passed"].as_u64().unwrap(), r["cases"].as_u64().unwrap()))
            .unwrap()
    };
    assert_eq!(passed("en"), (48, 48), "{v}");
    let (ru, n) = passed("ru");
    assert_eq!(n, 37);
    assert!(ru >= 35, "{v}");
}

/// Issue 4, acceptance 2: entities on the seeds against the project's gold file.
#[test]
fn seed_entities_against_the_gold_file() {
    let Some(shared) = shared() else { return };
    let v = eval_json(
        &["eval", "entities", "--json", "--seeds"],
        &shared.join("corpus/seeds"),
    );
    let f1 = v["strict"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.95, "strict F1 {f1}");
    let (mut found, mut total) = (0, 0);
    for (_, fn_) in v["persons"].as_object().unwrap() {
        found += fn_[0].as_u64().unwrap();
        total += fn_[1].as_u64().unwrap();
    }
    assert!(
        total >= 55 && found == total,
        "{found}/{total} named-person mentions linked"
    );
}

/// Issue 4, acceptance 3: PolNeAR dev Source spans that name a person or organisation, found
/// as entity mentions.
#[test]
fn polnear_sources_found_as_entities() {
    let Some(shared) = shared() else { return };
    let v = eval_json(
        &["eval", "polnear-sources", "--json", "--data"],
        &shared.join("eval/quotes/polnear/dev"),
    );
    assert_eq!(v["articles"], 84);
    let r = v["recall"].as_f64().unwrap();
    assert!(r >= 0.90, "recall {r}");
}

/// Issue 5, acceptance 1: PolNeAR dev attributions, held to the targets: direct
/// quotations with the right source, overlap F1 0.90; all attributions, overlap F1 0.75.
#[test]
fn polnear_attributions_dev() {
    let Some(shared) = shared() else { return };
    let v = eval_json(
        &["eval", "quotes", "--json", "--data"],
        &shared.join("eval/quotes/polnear/dev"),
    );
    let f1 = |class: &str, measure: &str| {
        v["scores"][class][measure]["overlap"]["f1"]
            .as_f64()
            .unwrap()
    };
    let direct = f1("direct", "content+source");
    let all = f1("all", "content");
    eprintln!("PolNeAR dev: direct content+source overlap F1 {direct:.3}, all content overlap F1 {all:.3}");
    assert!(direct >= 0.90, "direct content+source overlap F1 {direct}");
    assert!(all >= 0.75, "all content overlap F1 {all}");
    assert_eq!(v["files"], 94);
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn norm(s: &str) -> String {
    s.replace(['“', '”'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every statement of `tests/data/seed-statements.jsonl` (written by reading the seeds: each
/// statement by Zakharova, Lavrov, Syromolotov and Putin, and the Moscow Post journalist's
/// question) is found with its speaker; figures of seed 004 and the channel posts come out
/// with unit and what they count; dates resolve or stay honestly partial.
#[test]
fn seed_statements_figures_and_dates() {
    let Some(shared) = shared() else { return };
    let c = tmp("statements");
    assert!(run(
        &c,
        &["ingest", shared.join("corpus/seeds").to_str().unwrap()]
    )
    .status
    .success());
    let docs = lines(&run(&c, &["docs", "--json"]));
    let path_of = |id: &str| -> String {
        docs.iter()
            .find(|d| d["id"] == id)
            .map(|d| d["path"].as_str().unwrap().to_string())
            .unwrap()
    };
    let quotes = lines(&run(&c, &["quotes", "--json"]));
    let gold: Vec<serde_json::Value> = include_str!("data/seed-statements.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut found = 0;
    let mut misses = Vec::new();
    for g in &gold {
        let says = norm(g["says"].as_str().unwrap());
        let seed = g["seed"].as_str().unwrap();
        let cands: Vec<&serde_json::Value> = quotes
            .iter()
            .filter(|q| {
                path_of(q["doc"]["id"].as_str().unwrap()).contains(seed)
                    && norm(q["content"]["text"].as_str().unwrap()).contains(&says)
            })
            .collect();
        let right = cands.iter().any(|q| match g["speaker"].as_str() {
            Some(id) => q["speaker"] == id,
            None => {
                q["speaker"].is_null()
                    && q["source"]["text"]
                        .as_str()
                        .unwrap_or("")
                        .to_lowercase()
                        .contains(g["source"].as_str().unwrap())
            }
        });
        if right {
            found += 1;
        } else {
            misses.push(format!(
                "{seed}: {says:?} ({}) found as {:?}",
                g["how"],
                cands
                    .iter()
                    .map(|q| (q["speaker"].clone(), q["source"]["text"].clone()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    eprintln!(
        "seed statements: {found}/{} with the right speaker; missed: {misses:#?}",
        gold.len()
    );
    // every statement, "As the article states, ..." (Lavrov's article) included
    assert_eq!(found, gold.len(), "{misses:#?}");

    // figures: (text, unit, what it counts)
    let claims = lines(&run(&c, &["claims", "--json"]));
    let expect: &[(&str, Option<&str>, &str)] = &[
        ("about 20", None, "treaties"),
        ("225", None, "dead"),
        ("more than 4,500", None, "injured"),
        ("about $5 billion", Some("USD"), "trade"),
        (
            "more than 12.5 percent",
            Some("percent"),
            "record high GDP growth",
        ),
        ("9.4 percent", Some("percent"), "Agricultural production"),
        (
            "11.5 trillion roubles",
            Some("RUB"),
            "Agricultural production",
        ),
        ("27 percent", Some("percent"), "Grain production"),
        ("almost 187 million tonnes", Some("t"), "Grain production"),
        ("5.3 percent", Some("percent"), "Fixed capital investment"),
        (
            "18.5 trillion roubles",
            Some("RUB"),
            "Fixed capital investment",
        ),
        ("10.3 percent", Some("percent"), "Mutual trade"),
        (
            "5 percent",
            Some("percent"),
            "number of completed construction projects",
        ),
        (
            "14.2 trillion roubles",
            Some("RUB"),
            "number of completed construction projects",
        ),
        ("173 trillion roubles", Some("RUB"), "GDP of the EAEU"),
        (
            "over 75 percent",
            Some("percent"),
            "mutual settlements between the EAEU countries",
        ),
        ("11", None, "listed barriers"),
        ("three", None, "listed barriers"),
        ("5", None, "Nuclear-Weapon States"),
        ("dozen", None, "documents"),
        ("30 years", Some("year"), "Russia’s honest attempts"),
    ];
    for (text, unit, counted) in expect {
        assert!(
            claims.iter().any(|q| q["text"] == *text
                && q["unit"].as_str() == *unit
                && q["counted"]["text"] == *counted),
            "{text} ({unit:?}, {counted}) not in {claims:#?}"
        );
    }
    // the figures in quotations are claimed by their speakers
    let twenty = claims.iter().find(|q| q["text"] == "about 20").unwrap();
    assert_eq!(twenty["claim"]["speaker"], "person:oleg-syromolotov");

    // dates: resolved against the document date, or partial without a year
    let dates_of = |key: &str| -> Vec<serde_json::Value> {
        let id = docs
            .iter()
            .find(|d| d["title"].as_str().unwrap_or("").contains(key))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        lines(&run(&c, &["show", &id, "--layer", "dates", "--json"]))
    };
    let value = |ds: &[serde_json::Value], text: &str| -> serde_json::Value {
        ds.iter()
            .find(|d| d["text"] == text)
            .unwrap_or_else(|| panic!("{text} not in {ds:#?}"))["value"]
            .clone()
    };
    let mp = dates_of("did not suffer during the riots");
    assert_eq!(value(&mp, "January 10"), "2022-01-10");
    assert_eq!(value(&mp, "September 2021"), "2021-09");
    let tass = dates_of("Russia urges to locate");
    assert_eq!(value(&tass, "January 19"), "XXXX-01-19");
    assert_eq!(value(&tass, "2020-2022"), "2020/2022");
    let astana = dates_of("Astana, November 7, 2024");
    assert_eq!(value(&astana, "November 27"), "2024-11-27");
    let transcript = dates_of("Kyrgyz Republic");
    assert!(value(&transcript, "The day before yesterday").is_null());
    assert_eq!(
        value(&transcript, "in the near future"),
        serde_json::Value::Null
    );
}
