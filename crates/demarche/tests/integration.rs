//! End-to-end tests of the `demarche` binary: every format, idempotent re-ingest, a kill in
//! the middle of an ingest, and every kind of bad input. Self-contained: fixtures come from
//! `samples/` in the repository or are written by the tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_demarche"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("demarche-it-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(corpus: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--corpus")
        .arg(corpus)
        .args(args)
        .output()
        .expect("run demarche")
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn docs(corpus: &Path) -> Vec<serde_json::Value> {
    json_lines(&run(corpus, &["docs", "--json"]))
}

fn show(corpus: &Path, id: &str) -> serde_json::Value {
    let out = run(corpus, &["show", id, "--json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

fn find<'a>(docs: &'a [serde_json::Value], path_part: &str) -> Vec<&'a serde_json::Value> {
    docs.iter()
        .filter(|d| d["path"].as_str().unwrap().contains(path_part))
        .collect()
}

mod formats {
    use super::*;

    #[test]
    fn every_sample_format_ingests() {
        let c = tmp("formats");
        let out = run(&c, &["ingest", repo().join("samples").to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let d = docs(&c);
        // plain text UTF-8 with dateline and share row
        let wire = show(&c, find(&d, "wire-en.txt")[0]["id"].as_str().unwrap());
        assert_eq!(wire["meta"]["outlet"], "Northwind News Agency");
        assert_eq!(wire["meta"]["date"]["year"], 2024);
        assert_eq!(wire["meta"]["dateline"]["place"], "GENEVA");
        assert!(!wire["text"]
            .as_str()
            .unwrap()
            .contains("Share this article"));
        // windows-1251
        let ru = show(&c, find(&d, "wire-ru-cp1251")[0]["id"].as_str().unwrap());
        assert_eq!(ru["provenance"]["encoding"], "windows-1251");
        assert_eq!(ru["meta"]["lang"], "ru");
        assert!(ru["text"]
            .as_str()
            .unwrap()
            .contains("Министр иностранных дел"));
        assert!(!ru["text"].as_str().unwrap().contains("Подписывайтесь"));
        // dump of forwarded posts
        let posts = find(&d, "channel-dump.txt");
        assert_eq!(posts.len(), 2);
        for p in &posts {
            let s = show(&c, p["id"].as_str().unwrap());
            let t = s["text"].as_str().unwrap();
            assert_eq!(s["meta"]["forwarded_from"], "Arcadian MFA 🏳️");
            assert!(
                !t.contains("Forwarded from")
                    && !t.contains("Read in full")
                    && !t.contains("VIEW IN TELEGRAM"),
                "{t}"
            );
            assert!(t.matches("Our partnership").count() <= 1);
        }
        // HTML page
        // the page came three times (file, gzip copy, WARC response): one document
        let pages: Vec<_> = d
            .iter()
            .filter(|x| x["title"] == "Varga: river talks to resume in April")
            .collect();
        assert_eq!(pages.len(), 1);
        let page = show(&c, pages[0]["id"].as_str().unwrap());
        assert_eq!(
            page["meta"]["title"],
            "Varga: river talks to resume in April"
        );
        assert_eq!(page["meta"]["outlet"], "The Lakeport Herald");
        assert_eq!(page["meta"]["author"], "Ines Marlow");
        let t = page["text"].as_str().unwrap();
        assert!(t.contains("“Both sides want a predictable regime on the river,”"));
        assert!(
            !t.contains("Facebook") && !t.contains("Leave a Reply") && !t.contains("Ports expand"),
            "{t}"
        );
        // Telegram export: 2 documents, a service message and a photo skipped
        let tg = find(&d, "result.json");
        assert_eq!(tg.len(), 2);
        let probs = json_lines(&run(&c, &["problems", "--all", "--json"]));
        assert!(probs
            .iter()
            .any(|p| p["reason"].as_str().unwrap().contains("service message")));
        assert!(probs.iter().any(|p| p["reason"]
            .as_str()
            .unwrap()
            .contains("media without caption")));
        let fwd = tg
            .iter()
            .map(|x| show(&c, x["id"].as_str().unwrap()))
            .find(|x| !x["meta"]["forwarded_from"].is_null())
            .unwrap();
        assert_eq!(fwd["meta"]["forwarded_from"], "Arcadian MFA");
        assert_eq!(fwd["meta"]["extra"]["edited"], "2024-03-05T12:45:00");
        // JSON array, with an HTML text field
        assert_eq!(
            d.iter()
                .filter(|x| x["path"].as_str().unwrap().ends_with("records.json"))
                .count(),
            2
        );
        // RSS and Atom
        assert_eq!(find(&d, "feed.rss").len(), 2);
        let atom = show(&c, find(&d, "feed.atom")[0]["id"].as_str().unwrap());
        assert_eq!(atom["meta"]["author"], "Press Service");
        assert_eq!(atom["meta"]["url"], "https://bfm.example/news/55");
        // WARC: the page also came as a file, so one WARC response is already in the corpus
        // (same URL, same bytes); the windows-1251 page is new
        let warc = find(&d, "pages.warc.gz");
        assert!(!warc.is_empty());
        let w = show(
            &c,
            warc.iter().find(|x| x["lang"] == "ru").unwrap()["id"]
                .as_str()
                .unwrap(),
        );
        assert_eq!(w["provenance"]["uri"], "https://bfm.example/ru/statement/9");
        assert_eq!(w["provenance"]["captured"], "2024-03-06T10:00:00Z");
        // zstd: a near-duplicate of the English wire, clustered with it
        let z = find(&d, "wire-en-copy.txt.zst")[0];
        assert_eq!(z["cluster"], find(&d, "wire-en.txt")[0]["cluster"]);
        assert_eq!(z["cluster_size"], 2);
    }

    #[test]
    fn jsonl_with_field_map() {
        let c = tmp("jsonl");
        let f = repo().join("samples/records.jsonl");
        let out = run(
            &c,
            &[
                "ingest",
                "--map",
                "text=body,title=headline,date=published,outlet=source.name,id=uid",
                f.to_str().unwrap(),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let d = docs(&c);
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|x| x["outlet"] == "Northport Daily"));
        assert!(d
            .iter()
            .any(|x| x["title"] == "Lind: the river is a bridge" && x["date"] == "2024-03-07"));
    }

    #[test]
    fn raw_and_removed_point_into_the_original() {
        let c = tmp("raw");
        run(
            &c,
            &[
                "ingest",
                repo().join("samples/wire-en.txt").to_str().unwrap(),
            ],
        );
        let id = docs(&c)[0]["id"].as_str().unwrap().to_string();
        let raw = run(&c, &["show", &id, "--raw"]).stdout;
        assert_eq!(
            raw,
            std::fs::read(repo().join("samples/wire-en.txt")).unwrap()
        );
        let removed = String::from_utf8(run(&c, &["show", &id, "--removed"]).stdout).unwrap();
        let line = removed.lines().next().unwrap();
        let (range, rest) = line.split_once('\t').unwrap();
        let (s, e) = range.split_once("..").unwrap();
        let (s, e): (usize, usize) = (s.parse().unwrap(), e.parse().unwrap());
        assert!(rest.ends_with(std::str::from_utf8(&raw[s..e]).unwrap()));
    }

    #[test]
    fn stdin_and_stats() {
        let c = tmp("stdin");
        let mut child = Command::new(bin())
            .arg("--corpus")
            .arg(&c)
            .args(["ingest", "-"])
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all("BERLIN, 2 March 2024 (Wire) - The talks went on for a second day, officials said.\n".as_bytes()).unwrap();
        assert!(child.wait().unwrap().success());
        let stats: serde_json::Value =
            serde_json::from_slice(&run(&c, &["stats", "--json"]).stdout).unwrap();
        assert_eq!(stats["documents"], 1);
        assert_eq!(stats["month"]["2024-03"], 1);
    }
}

mod corpus {
    use super::*;

    #[test]
    fn reingest_adds_nothing() {
        let c = tmp("idem");
        let s = repo().join("samples");
        let first = run(&c, &["ingest", "--json", s.to_str().unwrap()]);
        let v1: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
        assert!(v1["new"].as_u64().unwrap() > 10);
        let second = run(&c, &["ingest", "--json", s.to_str().unwrap()]);
        let v2: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
        assert_eq!(v2["new"], 0);
        assert_eq!(docs(&c).len() as u64, v1["new"].as_u64().unwrap());
    }

    #[test]
    fn kill_mid_ingest_loses_nothing_committed() {
        let c = tmp("kill");
        let input = c.join("in");
        std::fs::create_dir_all(&input).unwrap();
        for i in 0..4000 {
            std::fs::write(
                input.join(format!("d{i:05}.txt")),
                format!("NORTHPORT, March {}, 2024. /Wire/. Statement number {i} on the river talks says that the parties met and spoke about fees number {}.\n", i % 28 + 1, i * 7),
            )
            .unwrap();
        }
        let corpus = c.join("corpus");
        let mut child = Command::new(bin())
            .arg("--corpus")
            .arg(&corpus)
            .args(["ingest", "-q", input.to_str().unwrap()])
            .spawn()
            .unwrap();
        // kill as soon as the first batch is committed (or after 60 s)
        let started = std::time::Instant::now();
        while started.elapsed().as_secs() < 60 && child.try_wait().unwrap().is_none() {
            std::thread::sleep(std::time::Duration::from_millis(50));
            if corpus.join("demarche.db").exists() && !docs(&corpus).is_empty() {
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // whatever was committed is whole: every listed document can be shown
        let before = docs(&corpus);
        for d in before.iter().take(50) {
            let s = show(&corpus, d["id"].as_str().unwrap());
            assert!(s["text"].as_str().unwrap().contains("Statement number"));
        }
        // running again completes the job
        let out = run(&corpus, &["ingest", "--json", input.to_str().unwrap()]);
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            v["new"].as_u64().unwrap() + v["existing"].as_u64().unwrap(),
            4000
        );
        assert_eq!(v["existing"].as_u64().unwrap(), before.len() as u64);
        assert_eq!(docs(&corpus).len(), 4000);
    }
}

mod clusters {
    use super::*;

    #[test]
    fn cluster_lists_earliest_dated_first() {
        let c = tmp("cluster");
        let body = "The ministry said that consultations on the river regime will resume in April in Geneva, and that both delegations expect a draft protocol on pilotage fees by the summer, after more than a year of pause in the talks.";
        let later = c.join("later.jsonl");
        std::fs::write(&later, format!("{{\"id\":\"b\",\"date\":\"2024-03-09\",\"outlet\":\"Outlet B\",\"text\":\"{body} Reposted.\"}}\n")).unwrap();
        let earlier = c.join("earlier.jsonl");
        std::fs::write(&earlier, format!("{{\"id\":\"a\",\"date\":\"2024-03-01\",\"outlet\":\"Outlet A\",\"text\":\"{body}\"}}\n")).unwrap();
        let corpus = c.join("corpus");
        assert!(run(&corpus, &["ingest", later.to_str().unwrap()])
            .status
            .success());
        assert!(run(&corpus, &["ingest", earlier.to_str().unwrap()])
            .status
            .success());
        let all = docs(&corpus);
        assert_eq!(all.len(), 2);
        assert_eq!(
            all[0]["cluster"], all[1]["cluster"],
            "near-duplicates share a cluster"
        );
        let id = all[0]["id"].as_str().unwrap();
        let members = json_lines(&run(&corpus, &["docs", "--cluster", id, "--json"]));
        let outlets: Vec<&str> = members
            .iter()
            .map(|m| m["outlet"].as_str().unwrap())
            .collect();
        assert_eq!(outlets, ["Outlet A", "Outlet B"]);
        // a pair at Jaccard about 0.7 (15 new words after 40 shared ones): apart by default,
        // together at --near-threshold 0.55
        let far = c.join("far.jsonl");
        std::fs::write(&far, format!("{{\"id\":\"c\",\"date\":\"2024-03-12\",\"text\":\"{body} Officials of the port authority added separately that tariffs for barges and tugs would stay unchanged until autumn.\"}}\n")).unwrap();
        let corpus2 = c.join("corpus2");
        run(
            &corpus2,
            &["ingest", earlier.to_str().unwrap(), far.to_str().unwrap()],
        );
        let all = docs(&corpus2);
        assert_ne!(all[0]["cluster"], all[1]["cluster"]);
        let corpus3 = c.join("corpus3");
        run(
            &corpus3,
            &[
                "ingest",
                "--near-threshold",
                "0.55",
                earlier.to_str().unwrap(),
                far.to_str().unwrap(),
            ],
        );
        let all = docs(&corpus3);
        assert_eq!(all[0]["cluster"], all[1]["cluster"]);
    }
}

mod bad_input {
    use super::*;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn each_problem_is_named_and_the_batch_goes_on() {
        let c = tmp("bad");
        let d = c.join("in");
        std::fs::create_dir_all(&d).unwrap();
        let good =
            "MOSCOW, May 5. /Wire/. A good document that must survive the bad ones around it.\n";
        std::fs::write(d.join("good.txt"), good).unwrap();
        let full = gz(
            "A long enough text that the truncation cuts it in the middle of the stream, surely.\n"
                .repeat(200)
                .as_bytes(),
        );
        std::fs::write(d.join("truncated.txt.gz"), &full[..full.len() / 2]).unwrap();
        std::fs::write(
            d.join("bad-utf8.jsonl"),
            b"{\"text\": \"ok text here\"}\n{\"text\": \"bad \xff\xfe bytes\"}\n",
        )
        .unwrap();
        std::fs::write(
            d.join("malformed.json"),
            b"[{\"text\": \"one\"}, {\"text\": ",
        )
        .unwrap();
        std::fs::write(d.join("malformed.rss"), b"<?xml version=\"1.0\"?><rss><channel><item><title>x</title><description>y</description></item><item><title>z</tutle></item></channel></rss>").unwrap();
        std::fs::write(d.join("malformed.warc"), b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\n\r\nno length here\r\n").unwrap();
        std::fs::write(
            d.join("binary.bin"),
            [
                0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0,
            ],
        )
        .unwrap();
        std::fs::write(d.join("empty.txt"), b"").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(d.join("does-not-exist"), d.join("dangling.txt")).unwrap();
        // a single line larger than the record limit (1 MiB here), gzip-compressed
        let mut long = vec![b'a'; 3 << 20];
        long.push(b'\n');
        long.extend_from_slice(b"{\"text\": \"the record after the long line is read\"}\n");
        std::fs::write(d.join("long-line.jsonl.gz"), gz(&long)).unwrap();

        let out = run(
            &c.join("corpus"),
            &["ingest", "--max-record-mb", "1", d.to_str().unwrap()],
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "exit code 1 when anything was rejected"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        let probs = json_lines(&run(&c.join("corpus"), &["problems", "--json"]));
        let reason = |file: &str| -> String {
            probs
                .iter()
                .filter(|p| p["path"].as_str().unwrap().ends_with(file))
                .map(|p| {
                    format!(
                        "{} {}",
                        p["locator"].as_str().unwrap_or(""),
                        p["reason"].as_str().unwrap()
                    )
                })
                .collect::<Vec<_>>()
                .join(" | ")
        };
        assert!(
            reason("truncated.txt.gz").contains("truncated"),
            "{}",
            reason("truncated.txt.gz")
        );
        assert!(
            reason("bad-utf8.jsonl").contains("line 2")
                && reason("bad-utf8.jsonl").contains("invalid utf-8"),
            "{}",
            reason("bad-utf8.jsonl")
        );
        assert!(
            reason("malformed.json").contains("malformed json"),
            "{}",
            reason("malformed.json")
        );
        assert!(
            reason("malformed.rss").contains("malformed xml"),
            "{}",
            reason("malformed.rss")
        );
        assert!(
            reason("malformed.warc").contains("Content-Length"),
            "{}",
            reason("malformed.warc")
        );
        assert!(
            reason("binary.bin").contains("binary"),
            "{}",
            reason("binary.bin")
        );
        assert!(
            reason("empty.txt").contains("empty"),
            "{}",
            reason("empty.txt")
        );
        #[cfg(unix)]
        assert!(
            reason("dangling.txt").contains("cannot"),
            "{}",
            reason("dangling.txt")
        );
        assert!(
            reason("long-line.jsonl.gz").contains("line 1")
                && reason("long-line.jsonl.gz").contains("too large"),
            "{}",
            reason("long-line.jsonl.gz")
        );
        assert!(
            stderr.contains("malformed.json"),
            "errors are printed with the file name: {stderr}"
        );
        // the rest of the batch went on
        let d = docs(&c.join("corpus"));
        assert!(find(&d, "good.txt").len() == 1);
        assert!(
            find(&d, "bad-utf8.jsonl").len() == 1,
            "the good line of a file with a bad line is kept"
        );
        assert!(
            find(&d, "long-line.jsonl.gz").len() == 1,
            "the record after an over-long line is kept"
        );
        assert!(
            find(&d, "malformed.rss").len() == 1,
            "items before the XML error are kept"
        );
    }

    #[test]
    fn a_folder_of_many_files_streams() {
        let c = tmp("many");
        let d = c.join("in");
        std::fs::create_dir_all(&d).unwrap();
        for i in 0..2000 {
            std::fs::write(
                d.join(format!("{i}.txt")),
                format!(
                    "Document {i} speaks about the river talks and the fees, number {}.",
                    i * 13
                ),
            )
            .unwrap();
        }
        let out = run(
            &c.join("corpus"),
            &["ingest", "--json", d.to_str().unwrap()],
        );
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["new"], 2000);
    }

    #[test]
    fn usage_errors_exit_2() {
        let c = tmp("usage");
        let out = run(&c, &["ingest", "--format", "nonsense", "x"]);
        assert_eq!(out.status.code(), Some(2));
        let out = run(&c, &["ingest", "--map", "text", "x"]);
        assert_eq!(out.status.code(), Some(2));
        let out = run(&c, &["show", "ffffffffffff"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("no document"));
    }
}

#[test]
fn kb_lookup_is_date_aware_and_check_names_file_and_line() {
    let dir = tmp("kb");
    let out = run(&dir, &["kb", "lookup", "Lavrov", "--date", "2022-03-05"]);
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("person:sergey-lavrov"), "{s}");
    assert!(s.contains("foreign-minister Russia"), "{s}");
    let bad = dir.join("mine.jsonl");
    std::fs::write(
        &bad,
        "{\"id\":\"person:ok\",\"type\":\"person\",\"name\":\"Ok Person\"}\n{\"id\":\"person:x\",\"type\":\"person\",\"name\":\"X\",\"roles\":[{\"role\":\"r\",\"from\":\"May 2020\"}]}\n",
    )
    .unwrap();
    let out = run(&dir, &["kb", "check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("mine.jsonl:2:") && s.contains("not a date"),
        "{s}"
    );
}

#[test]
fn annotate_filter_keeps_one_line_per_document() {
    use std::io::Write;
    let mut child = Command::new(bin())
        .args(["annotate", "-j", "1"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\":\"a\",\"text\":\"Maria Zakharova said she was ready.\",\"date\":\"2023-05-01\"}\nnot json\n{\"id\":\"c\",\"text\":\"\"}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad line makes the exit code 1"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a");
    let ents = lines[0]["layers"]["entities"].as_array().unwrap();
    assert!(
        ents.iter()
            .filter(|e| e["kb"] == "person:maria-zakharova")
            .count()
            == 2,
        "{ents:?}"
    );
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("invalid JSON"));
    assert_eq!(lines[2]["layers"]["entities"].as_array().unwrap().len(), 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("stdin line 2"));
}

#[test]
fn show_prints_entity_and_sentence_layers() {
    let dir = tmp("layers");
    let corpus = dir.join("c");
    let f = dir.join("wire.txt");
    std::fs::write(&f, "MOSCOW, March 3. /TASS/. Russian Foreign Minister Sergey Lavrov said talks would go on. He added that Moscow was ready.\n").unwrap();
    assert!(run(&corpus, &["ingest", f.to_str().unwrap()])
        .status
        .success());
    let docs = docs(&corpus);
    let id = docs[0]["id"].as_str().unwrap();
    let out = run(&corpus, &["show", id, "--layer", "entities", "--json"]);
    assert!(out.status.success());
    let ents = json_lines(&out);
    let lavrov: Vec<_> = ents
        .iter()
        .filter(|e| e["kb"] == "person:sergey-lavrov")
        .collect();
    assert_eq!(lavrov.len(), 2, "{ents:?}");
    let out = run(&corpus, &["show", id, "--layer", "sentences", "--json"]);
    let sents = json_lines(&out);
    assert_eq!(sents.len(), 3, "{sents:?}");
    assert_eq!(sents[0]["text"], "MOSCOW, March 3. /TASS/.");
    let out = run(&corpus, &["show", id, "--layer", "nonsense"]);
    assert!(!out.status.success());
}

#[test]
fn a_reset_index_is_rebuilt_from_the_stored_annotations() {
    let dir = tmp("reindex");
    let corpus = dir.join("c");
    let input = repo().join("samples");
    let out = run(&corpus, &["ingest", "-q", input.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let search = |q: &str| -> serde_json::Value {
        let out = run(&corpus, &["search", "--json", "--limit", "500", q]);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let before: Vec<serde_json::Value> = ["the", "\"foreign ministry\"", "entity:Russia"]
        .iter()
        .map(|q| search(q))
        .collect();
    assert!(before[0]["total"].as_u64().unwrap() > 3, "{}", before[0]);
    // the index is lost (or its schema changed): annotations are not redone
    std::fs::remove_dir_all(corpus.join("index")).unwrap();
    let out = run(&corpus, &["index"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("annotated documents again"), "{err}");
    assert!(!err.contains("annotated and indexed"), "{err}");
    for (q, b) in ["the", "\"foreign ministry\"", "entity:Russia"]
        .iter()
        .zip(&before)
    {
        let a = search(q);
        assert_eq!(a["total"], b["total"], "{q}");
        let ids = |r: &serde_json::Value| -> Vec<String> {
            let mut v: Vec<String> = r["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_str().unwrap().to_string())
                .collect();
            v.sort();
            v
        };
        assert_eq!(ids(&a), ids(b), "{q}");
    }
}

#[test]
fn quotes_and_claims_over_the_corpus_filter_by_speaker_topic_date_and_outlet() {
    let dir = tmp("quotes");
    let corpus = dir.join("c");
    std::fs::write(
        dir.join("a.jsonl"),
        concat!(
            r#"{"id":"a1","date":"2023-03-03","outlet":"TASS","text":"MOSCOW, March 3. /TASS/. \"Kiev has lost 4,500 soldiers this week,\" Russian Foreign Ministry spokeswoman Maria Zakharova said. Sergey Lavrov said that Moscow was ready for talks with Kazakhstan."}"#,
            "\n",
            r#"{"id":"a2","date":"2024-05-01","outlet":"RIA","text":"Maria Zakharova said that the talks with Kazakhstan had ended. The ministry's budget grew by 5 percent."}"#,
            "\n"
        ),
    )
    .unwrap();
    assert!(
        run(&corpus, &["ingest", dir.join("a.jsonl").to_str().unwrap()])
            .status
            .success()
    );
    let q = |args: &[&str]| {
        let mut a = vec!["quotes", "--json"];
        a.extend_from_slice(args);
        let out = run(&corpus, &a);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out)
    };
    let all = q(&[]);
    assert_eq!(all.len(), 3, "{all:#?}");
    let z = q(&["--speaker", "Zakharova"]);
    assert_eq!(z.len(), 2);
    assert!(z.iter().all(|v| v["speaker"] == "person:maria-zakharova"));
    assert_eq!(q(&["--speaker", "person:sergey-lavrov"]).len(), 1);
    let about = q(&["--about", "Kazakhstan"]);
    assert_eq!(about.len(), 2, "{about:#?}");
    let since = q(&["--speaker", "Zakharova", "--since", "2024"]);
    assert_eq!(since.len(), 1);
    assert_eq!(since[0]["doc"]["outlet"], "RIA");
    assert_eq!(q(&["--outlet", "TASS", "--until", "2023-03"]).len(), 2);
    assert!(!run(&corpus, &["quotes", "--since", "yesterday"])
        .status
        .success());
    // figures, with their claimant
    let out = run(&corpus, &["claims", "--json"]);
    let claims = json_lines(&out);
    assert_eq!(claims.len(), 2, "{claims:#?}");
    assert_eq!(claims[0]["value"], 4500.0);
    assert_eq!(claims[0]["counted"]["text"], "soldiers");
    assert_eq!(claims[0]["claim"]["speaker"], "person:maria-zakharova");
    assert_eq!(claims[1]["unit"], "percent");
    assert!(claims[1]["claim"].is_null());
    let out = run(&corpus, &["claims", "--speaker", "Zakharova", "--json"]);
    assert_eq!(json_lines(&out).len(), 1);
    // the layers are in `show` too
    let id = all[0]["doc"]["id"].as_str().unwrap();
    let out = run(&corpus, &["show", id, "--layer", "dates", "--json"]);
    let dates = json_lines(&out);
    assert!(dates.iter().any(|d| d["value"] == "2023-W09"), "{dates:#?}");
}

/// Issue 3: `demarche extract` gives text and metadata as JSON, Markdown keeps the structure,
/// and a page with no article is reported (exit code 1, file named) while the others go on.
#[test]
fn extract_command() {
    let c = tmp("extract");
    let page = repo().join("samples/page.html");
    let out = run(&c, &["extract", "--json", page.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = &json_lines(&out)[0];
    assert_eq!(v["title"], "Varga: river talks to resume in April");
    assert_eq!(v["author"], "Ines Marlow");
    assert_eq!(v["site"], "The Lakeport Herald");
    assert_eq!(v["lang"], "en");
    assert!(v["date"].as_str().is_some_and(|d| d.starts_with("20")));
    assert!(v["date_precision"].is_string());
    let text = v["text"].as_str().unwrap();
    assert!(text.contains("“Both sides want a predictable regime on the river,”"));
    assert!(!text.contains("Leave a Reply"));
    assert!(!v["blocks"].as_array().unwrap().is_empty());

    let empty = c.join("empty.html");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(
        &empty,
        "<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2024</footer></body></html>",
    )
    .unwrap();
    let out = run(
        &c,
        &[
            "extract",
            "--format",
            "markdown",
            empty.to_str().unwrap(),
            page.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("empty.html") && err.contains("no article text"),
        "{err}"
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("==> ") && md.contains("title:  Varga"), "{md}");
    // the block quotation keeps its mark
    assert!(md.contains("\n> “Both sides want"), "{md}");
}

#[path = "r27/cli.rs"]
mod r27;

/// A user KB file naming an invented official, and the ids of the entity mentions `show` gives
/// for the one document of `corpus`.
fn user_kb(dir: &Path) -> PathBuf {
    let kb = dir.join("mine.jsonl");
    std::fs::write(
        &kb,
        "{\"id\":\"person:ortwin-haldane\",\"type\":\"person\",\"name\":\"Ortwin Haldane\",\"names\":[\"Ortwin Haldane\",{\"text\":\"Ортвин Халдейн\",\"lang\":\"ru\"}],\"roles\":[{\"role\":\"foreign-minister\",\"of\":\"state:NOR\",\"from\":\"2021-01-01\"}]}\n",
    )
    .unwrap();
    kb
}

/// The KB speakers the corpus's index holds for its documents (the speaker facet).
fn linked_ids(corpus: &Path) -> Vec<String> {
    let out = run(corpus, &["search", "talks", "--facets", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<String> = v["facets"]["speaker"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f[0].as_str().map(str::to_string))
        .collect();
    // and a filter by that id finds the document, though the built-in KB lacks it
    let out = run(
        corpus,
        &["search", "speaker:person:ortwin-haldane", "--json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    if v["total"] != 1 {
        ids.push(format!("filter found {}", v["total"]));
    }
    ids
}

#[test]
fn a_user_kb_links_the_same_in_annotate_ingest_and_index() {
    let dir = tmp("userkb");
    let kb = user_kb(&dir);
    let text = "Ortwin Haldane said the talks would go on.";
    // annotate --kb
    let mut child = Command::new(bin())
        .args(["annotate", "-j", "1", "--kb", kb.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            format!("{{\"id\":\"a\",\"text\":\"{text}\",\"date\":\"2023-05-01\"}}\n").as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let line: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    let annotated: Vec<String> = line["layers"]["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["speaker"].as_str().map(str::to_string))
        .collect();
    assert!(
        annotated.contains(&"person:ortwin-haldane".to_string()),
        "{annotated:?}"
    );
    let f = dir.join("note.txt");
    std::fs::write(&f, format!("{text}\n")).unwrap();
    // ingest --no-index, then index --kb
    let corpus = dir.join("c1");
    assert!(run(
        &corpus,
        &["ingest", "-q", "--no-index", f.to_str().unwrap()]
    )
    .status
    .success());
    assert!(run(&corpus, &["index", "-q", "--kb", kb.to_str().unwrap()])
        .status
        .success());
    assert_eq!(
        linked_ids(&corpus),
        annotated,
        "index --kb as annotate --kb"
    );
    // ingest --kb
    let corpus = dir.join("c2");
    assert!(run(
        &corpus,
        &[
            "ingest",
            "-q",
            "--kb",
            kb.to_str().unwrap(),
            f.to_str().unwrap()
        ]
    )
    .status
    .success());
    assert_eq!(
        linked_ids(&corpus),
        annotated,
        "ingest --kb as annotate --kb"
    );
    // without the file the name is nobody the KB knows
    let corpus = dir.join("c3");
    assert!(run(&corpus, &["ingest", "-q", f.to_str().unwrap()])
        .status
        .success());
    assert!(!linked_ids(&corpus).contains(&"person:ortwin-haldane".to_string()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn kb_lookup_gives_the_officials_with_their_dated_roles() {
    let dir = tmp("officials");
    for (name, date, id, role) in [
        (
            "Песков",
            "2024-01-01",
            "person:dmitry-peskov",
            "press-secretary Russia",
        ),
        (
            "Peskov",
            "2024-01-01",
            "person:dmitry-peskov",
            "press-secretary Russia",
        ),
        (
            "Sergei Shoigu",
            "2020-01-01",
            "person:sergey-shoygu",
            "defence-minister Russia",
        ),
        (
            "Небензя",
            "2023-01-01",
            "person:vassily-nebenzia",
            "un-ambassador Russia",
        ),
        (
            "Vassily Nebenzya",
            "2023-01-01",
            "person:vassily-nebenzia",
            "un-ambassador Russia",
        ),
    ] {
        let out = run(&dir, &["kb", "lookup", name, "--date", date]);
        assert!(out.status.success(), "{name}");
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(s.contains(id), "{name}: {s}");
        assert!(s.contains(role), "{name} on {date}: {s}");
    }
    // a role that ended is not held after its end
    let out = run(&dir, &["kb", "lookup", "Shoigu", "--date", "2024-06-01"]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(!s.contains("roles on 2024-06-01: defence-minister"), "{s}");
    // one person, not two, for a name the KB's sources both hold
    let out = run(&dir, &["kb", "lookup", "Volodymyr Zelensky"]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert_eq!(s.matches("person:").count(), 1, "{s}");
    let out = run(&dir, &["kb", "lookup", "Alexei Kudrin"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("person:aleksey-kudrin"));
}
