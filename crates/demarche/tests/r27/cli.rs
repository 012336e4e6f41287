//! Issue 27 (https://example.invalid/demarche/issues/27): hostile inputs and concurrent
//! writers, through the command line.

use std::io::Read;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::*;

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn spawn(corpus: &Path, args: &[&str]) -> Child {
    Command::new(bin())
        .arg("--corpus")
        .arg(corpus)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads a child's stderr in the background; the text so far on demand.
fn stderr_so_far(child: &mut Child) -> std::sync::Arc<std::sync::Mutex<String>> {
    let mut err = child.stderr.take().unwrap();
    let text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let t = text.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0 {
                break;
            }
            t.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

fn wait_for(what: &str, secs: u64, mut ok: impl FnMut() -> bool) {
    let t = Instant::now();
    while !ok() {
        assert!(t.elapsed() < Duration::from_secs(secs), "timed out: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A GET on a loopback port: (status, body).
fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n")?.1.to_string();
    Some((status, body))
}

// failure 2
#[test]
fn r27_identical_records_are_stored_once_with_their_count() {
    let dir = tmp("r27-dedup");
    let c = dir.join("c");
    let rec = b"{\"title\":\"Same\",\"text\":\"The minister said the talks would go on next week in Geneva.\"}\n";
    let mut data = rec.repeat(4000);
    data.extend_from_slice(b"{\"text\":\"A different statement on the grain deal.\"}\n");
    std::fs::write(dir.join("rep.jsonl.gz"), gz(&data)).unwrap();
    let out = run(
        &c,
        &[
            "ingest",
            "--no-index",
            dir.join("rep.jsonl.gz").to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let d = docs(&c);
    assert_eq!(d.len(), 2, "{} documents", d.len());
    let same = d.iter().find(|x| x["title"] == "Same").unwrap();
    let s = show(&c, same["id"].as_str().unwrap());
    assert_eq!(s["provenance"]["copies"], 4000, "{}", s["provenance"]);
    assert_eq!(s["provenance"]["locator"], "line 1");
    // again: nothing new, the count stays
    let out = run(
        &c,
        &[
            "ingest",
            "--no-index",
            dir.join("rep.jsonl.gz").to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert_eq!(docs(&c).len(), 2);
    assert_eq!(
        show(&c, same["id"].as_str().unwrap())["provenance"]["copies"],
        4000
    );
}

// failure 2: the guard behind the deduplication
#[test]
fn r27_an_input_stops_when_the_corpus_would_outgrow_it() {
    let dir = tmp("r27-growth");
    let c = dir.join("c");
    // distinct but tiny records: each costs the corpus far more than its own bytes
    let data: String = (0..6000)
        .map(|i| format!("{{\"id\":{i},\"text\":\"Same.\"}}\n"))
        .collect();
    std::fs::write(dir.join("tiny.jsonl"), &data).unwrap();
    let out = run(
        &c,
        &[
            "ingest",
            "--no-index",
            "--max-growth",
            "2",
            dir.join("tiny.jsonl").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let n = docs(&c).len();
    assert!(n > 100 && n < 6000, "{n} documents");
    let p = String::from_utf8_lossy(&run(&c, &["problems"]).stdout).into_owned();
    assert!(
        p.contains("tiny.jsonl") && p.contains("--max-growth") && p.contains("not read"),
        "{p}"
    );
}

// failure 3, and the pending count: writers queue, readers and `serve` go on
#[test]
fn r27_writers_wait_for_each_other_and_serve_reads_meanwhile() {
    let dir = tmp("r27-lock");
    let c = dir.join("c");
    let wire = repo().join("samples/wire-en.txt");
    assert!(run(&c, &["ingest", "-q", wire.to_str().unwrap()])
        .status
        .success());
    // a writer that holds the corpus while it reads standard input
    let mut first = spawn(&c, &["ingest", "-"]);
    let mut stdin = first.stdin.take().unwrap();
    stdin
        .write_all(b"{\"title\":\"Late\",\"text\":\"The deputy minister spoke about the harbour treaty.\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    // what it has read is committed and readable while it runs
    wait_for("the first record committed", 30, || docs(&c).len() == 2);
    let feed = repo().join("samples/feed.rss");
    let out = run(&c, &["ingest", "--no-wait", feed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("another demarche writer"),
        "{}",
        stderr(&out)
    );
    let out = run(&c, &["index", "--no-wait"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // a second writer waits, and says so
    let mut second = spawn(&c, &["ingest", feed.to_str().unwrap()]);
    let said = stderr_so_far(&mut second);
    wait_for("the waiting message", 30, || {
        said.lock()
            .unwrap()
            .contains("waiting for another demarche writer on")
    });
    assert!(
        second.try_wait().unwrap().is_none(),
        "the second writer did not wait"
    );
    // serve starts at once and reads what is committed, with the pending count
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = spawn(&c, &["serve", "--listen", &format!("127.0.0.1:{port}")]);
    let mut overview = None;
    wait_for("serve answers while a writer runs", 60, || {
        overview = http_get(port, "/api/overview");
        overview.is_some()
    });
    let (st, body) = overview.unwrap();
    assert_eq!(st, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["documents"], 2, "{v}");
    assert_eq!(v["pending"], 1, "{v}");
    let (_, body) = http_get(port, "/?q=treaty").unwrap();
    assert!(
        body.contains("1 document") && body.contains("not annotated"),
        "{body}"
    );
    // the first writer ends, the second goes on, and everything ends indexed
    drop(stdin);
    assert!(first.wait().unwrap().success());
    assert!(second.wait().unwrap().success(), "{}", said.lock().unwrap());
    wait_for("nothing pending", 60, || {
        http_get(port, "/api/overview").is_some_and(|(_, b)| b.contains("\"pending\":0"))
    });
    // documents that an ingest left unindexed are annotated by serve in the background
    let late = dir.join("late.txt");
    std::fs::write(&late, "The envoy praised the fisheries accord on Monday.\n").unwrap();
    assert!(run(&c, &["ingest", "--no-index", late.to_str().unwrap()])
        .status
        .success());
    wait_for("serve annotates the new document", 60, || {
        http_get(port, "/api/search?q=fisheries").is_some_and(|(_, b)| b.contains("\"total\":1"))
    });
    let _ = server.kill();
    let _ = server.wait();
}

// also: a mistyped --corpus
#[test]
fn r27_read_commands_do_not_create_a_corpus() {
    let dir = tmp("r27-nocorpus");
    let c = dir.join("mistyped");
    for args in [
        &["docs"][..],
        &["show", "abc"],
        &["problems"],
        &["stats"],
        &["search", "talks"],
        &["quotes"],
        &["index"],
        &["serve", "--listen", "127.0.0.1:0"],
    ] {
        let out = run(&c, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("no corpus at") && stderr(&out).contains("mistyped"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!c.exists(), "{args:?} created {}", c.display());
    }
}

// also: documents waiting for `demarche index`
#[test]
fn r27_search_says_how_many_documents_await_indexing() {
    let dir = tmp("r27-pending");
    let c = dir.join("c");
    let f = dir.join("a.txt");
    std::fs::write(&f, "The envoy praised the fisheries accord on Monday.\n").unwrap();
    assert!(run(&c, &["ingest", "--no-index", f.to_str().unwrap()])
        .status
        .success());
    let out = run(&c, &["search", "fisheries"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("1 document is not indexed yet")
            && stderr(&out).contains("demarche index"),
        "{}",
        stderr(&out)
    );
    let out = run(&c, &["search", "--json", "fisheries"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["notes"].to_string().contains("not indexed yet"), "{v}");
}

// failure 7
#[test]
fn r27_a_query_without_words_matches_nothing_and_says_so() {
    let dir = tmp("r27-nowords");
    let c = dir.join("c");
    let f = repo().join("samples/wire-en.txt");
    assert!(run(&c, &["ingest", "-q", f.to_str().unwrap()])
        .status
        .success());
    for q in ["🙂", "!!! ...", "\u{7}\u{1b}", "-🙂", "«»", "🙂 OR ..."] {
        let out = run(&c, &["search", "--json", "--", q]);
        assert_eq!(out.status.code(), Some(1), "{q:?}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["total"], 0, "{q:?}: {v}");
        assert!(
            v["notes"].to_string().contains("no searchable words"),
            "{q:?}: {v}"
        );
    }
    // a word beside the symbol still searches
    let out = run(&c, &["search", "--json", "Geneva 🙂"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 1, "{v}");
    assert!(v["notes"].to_string().contains("🙂"), "{v}");
}

// failure 8
#[test]
fn r27_annotate_answers_a_blank_line_with_an_error_line() {
    let mut child = Command::new(bin())
        .args(["annotate", "-j", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = "{\"text\":\"One.\"}\n\n   \n{\"text\":\"Two.\"}\n\n".repeat(50);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 250, "one line out per line in");
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"].as_str().unwrap().contains("blank line"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[3]["text"], "Two.");
    assert_eq!(lines[249]["line"], 250);
}

// failure 11: one validator for `ingest` and `annotate`
#[test]
fn r27_ingest_and_annotate_reject_the_same_records_alike() {
    let dir = tmp("r27-types");
    let c = dir.join("c");
    let records = "{\"text\": 12}\n{\"text\": \"A proper statement.\", \"outlet\": 5}\n{\"text\": \"Fine.\"}\n";
    std::fs::write(dir.join("r.jsonl"), records).unwrap();
    let out = run(&c, &["ingest", "-q", dir.join("r.jsonl").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(docs(&c).len(), 1);
    let problems = json_lines(&run(&c, &["problems", "--json"]));
    assert_eq!(problems.len(), 2, "{problems:?}");
    let mut child = Command::new(bin())
        .args(["annotate", "-j", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(records.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines = json_lines(&out);
    for (i, p) in problems.iter().enumerate() {
        assert_eq!(p["locator"], format!("line {}", i + 1));
        assert_eq!(lines[i]["error"], p["reason"], "{lines:?}");
    }
    assert!(lines[2]["layers"].is_object());
}

// failure 9
#[test]
fn r27_printing_commands_escape_control_characters() {
    let dir = tmp("r27-escapes");
    let c = dir.join("c");
    let rec = serde_json::json!({
        "title": "Title \u{1b}[31mRED\u{1b}[0m\u{7}\rover",
        "outlet": "Out\u{1b}]0;pwned\u{7}let",
        "text": "The envoy said\u{1b}[2J the talks \u{9b}1m went well.\u{7}\rHidden",
    });
    let f = dir.join("evil\u{1b}[7m.jsonl");
    std::fs::write(&f, format!("{rec}\n")).unwrap();
    assert!(run(&c, &["ingest", "-q", f.to_str().unwrap()])
        .status
        .success());
    let id = docs(&c)[0]["id"].as_str().unwrap().to_string();
    for args in [
        &["docs"][..],
        &["show", &id],
        &["search", "envoy"],
        &["search", "envoy", "--color", "always"],
        &["problems", "--all"],
    ] {
        let out = run(&c, args);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let raw: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
            .collect();
        if args.contains(&"always") {
            // the highlighting is the only escape sequence left
            assert!(raw.iter().all(|c| *c == '\u{1b}'), "{args:?}: {raw:?}");
            assert!(
                !text.contains("\u{1b}[2J") && !text.contains('\u{7}'),
                "{args:?}: {text:?}"
            );
        } else {
            assert!(raw.is_empty(), "{args:?}: {raw:?} in {text:?}");
        }
        if args[0] != "problems" {
            assert!(text.contains("\\x1b"), "{args:?}: {text:?}");
        }
    }
    let out = run(&c, &["show", &id]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.contains("evil\\x1b[7m.jsonl") && text.contains("\\x07\\rHidden"),
        "{text}"
    );
}

// also: file names that are not UTF-8
#[cfg(unix)]
#[test]
fn r27_file_names_keep_their_raw_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tmp("r27-names");
    let c = dir.join("c");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9 \xff.txt");
    std::fs::write(
        input.join(name),
        "The envoy praised the fisheries accord.\n",
    )
    .unwrap();
    assert!(run(&c, &["ingest", "-q", input.to_str().unwrap()])
        .status
        .success());
    let d = docs(&c);
    let s = show(&c, d[0]["id"].as_str().unwrap());
    let bytes: Vec<u8> = s["provenance"]["path_bytes"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", s["provenance"]))
        .iter()
        .map(|b| b.as_u64().unwrap() as u8)
        .collect();
    assert!(bytes.ends_with(b"/caf\xe9 \xff.txt"), "{bytes:?}");
    assert!(s["provenance"]["path"]
        .as_str()
        .unwrap()
        .ends_with("caf\u{fffd} \u{fffd}.txt"));
}
