//! The workbench end to end: `demarche serve` as a subprocess on a loopback port over a corpus
//! of the shipped samples plus hostile documents.
//!
//! - the JSON API answers as `/api/openapi.json` says, errors included;
//! - no route reads outside the corpus, malformed queries are 400 and never 500;
//! - in headless Chromium driven through WebDriver (chromedriver): search → open a document →
//!   see a highlighted quotation → follow the speaker → see the timeline, with a screenshot of
//!   each page; every page of the hostile corpus loads with nothing executed.
//!
//! The browser test needs Debian's `chromium` and `chromium-driver` (scripts/test.sh installs
//! them). Without them it says so and passes, unless `DEMARCHE_REQUIRE_BROWSER=1` (set by
//! `.ci/run`), which makes their absence a failure.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_demarche")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal HTTP/1.1 exchange: (status, lower-cased headers, body).
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, HashMap<String, String>, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{payload}",
        payload.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    // read the head, then exactly the body (some servers keep the connection open)
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    let split = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut chunk).unwrap_or(0);
        assert!(
            n > 0,
            "{method} {path}: the connection closed before the response head"
        );
        buf.extend_from_slice(&chunk[..n]);
    };
    let head_lc = String::from_utf8_lossy(&buf[..split]).to_ascii_lowercase();
    let length = head_lc
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    loop {
        let have = buf.len() - split - 4;
        let done = match length {
            Some(n) => have >= n,
            None if head_lc.contains("transfer-encoding: chunked") => buf.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = s.read(&mut chunk).unwrap_or(0);
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let mut body = buf[split + 4..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    if headers
        .get("transfer-encoding")
        .is_some_and(|t| t == "chunked")
    {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let n = usize::from_str_radix(String::from_utf8_lossy(&rest[..eol]).trim(), 16)
                .unwrap_or(0);
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[eol + 2..eol + 2 + n]);
            rest = &rest[eol + 2 + n + 2..];
        }
        body = out;
    }
    (status, headers, body)
}

fn get(port: u16, path: &str) -> (u16, HashMap<String, String>, Vec<u8>) {
    http(port, "GET", path, None)
}

fn get_json(port: u16, path: &str) -> (u16, Value) {
    let (st, h, b) = get(port, path);
    assert!(
        h.get("content-type").is_some_and(|c| c.contains("json")),
        "{path}: not JSON ({h:?})"
    );
    (st, serde_json::from_slice(&b).unwrap())
}

/// A running `demarche serve`, stopped on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Counts connections to a port that hostile documents point at: any connection means a
/// document's markup was acted on.
struct Canary {
    port: u16,
    hits: Arc<AtomicUsize>,
}

fn canary() -> Canary {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    std::thread::spawn(move || {
        for c in l.incoming() {
            if c.is_ok() {
                h.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    Canary { port, hits }
}

fn hostile_docs(dir: &Path, canary: u16) {
    std::fs::create_dir_all(dir).unwrap();
    let c = format!("http://127.0.0.1:{canary}");
    std::fs::write(
        dir.join("evil.html"),
        format!(
            "<html><head><title>Evil &lt;script&gt;document.title='PWNED'&lt;/script&gt; \
             &lt;img src={c}/t onerror=alert(1)&gt;</title>\
             <meta name=\"author\" content=\"&lt;svg onload=fetch('{c}/a')&gt;\"></head><body><article>\
             <h1>Ministry statement &lt;iframe src={c}/f&gt;</h1>\
             <p>Foreign Minister Sergey Lavrov said: &quot;&lt;script&gt;fetch('{c}/s')&lt;/script&gt; \
             We will respond &lt;b onmouseover=fetch('{c}/b')&gt;firmly&lt;/b&gt;.&quot; \
             <a href=\"javascript:fetch('{c}/j')\">read more</a> &#x3C;img src=x onerror=fetch('{c}/e')&#x3E; \
             &bogus; &#0; &#xD800; &#99999999; &lt;/textarea&gt;&lt;/title&gt;&lt;/style&gt;</p>\
             <p>Maria Zakharova said the talks on 5 March 2024 were &quot;&lt;a href=javascript:fetch('{c}/q')&gt;useful&lt;/a&gt;&quot;.</p>\
             </article></body></html>"
        ),
    )
    .unwrap();
    let rec = json!({
        "title": format!("<script>fetch('{c}/jt')</script> Statement"),
        "outlet": format!("<img src={c}/o onerror=alert(1)>"),
        "url": format!("javascript:fetch('{c}/u')"),
        "author": "\"><script>alert(1)</script>",
        "date": "2024-03-05",
        "text": format!(
            "MOSCOW, March 5. The spokeswoman Maria Zakharova said: \"<svg onload=fetch('{c}/sv')> \
             Sanctions will fail.\" She added that 40% of <style>body{{display:none}}</style> \
             trade </script><script>fetch('{c}/x')</script> grew by 12 percent."
        ),
    });
    std::fs::write(dir.join("evil.jsonl"), format!("{rec}\n")).unwrap();
    // right-to-left overrides and zero-width characters around and inside the metadata
    let bidi = json!({
        "title": "\u{202e}txt.exe\u{202c} bidirectional statement",
        "outlet": "Outlet\u{200f}\u{200b}",
        "date": "2024-03-06",
        "text": "The bidirectional \u{202e}override\u{202c} and zero\u{200b}width text stays in its box.",
    });
    std::fs::write(dir.join("bidi.jsonl"), format!("{bidi}\n")).unwrap();
    // a quotation whose source is a pronoun: no speaker page can gather it
    std::fs::write(
        dir.join("pronoun.txt"),
        "\"We will not accept these terms,\" he said on Tuesday. The talks in Oslo ended.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("evil.txt"),
        format!(
            "Deputy Minister Tomas Lind said: \"<img src={c}/i onerror=fetch('{c}/ie')> \
             javascript:alert(document.cookie) &lt;script&gt; &#x3C;\" on Monday.\n"
        ),
    )
    .unwrap();
}

/// The corpus (samples + hostile documents) and a canary, made once for all tests.
fn corpus() -> &'static (PathBuf, Canary) {
    static C: OnceLock<(PathBuf, Canary)> = OnceLock::new();
    C.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("demarche-workbench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let can = canary();
        hostile_docs(&root.join("hostile"), can.port);
        let corpus = root.join("corpus");
        let out = Command::new(bin())
            .arg("--corpus")
            .arg(&corpus)
            .args(["ingest", "-q"])
            .arg(repo().join("samples"))
            .arg(root.join("hostile"))
            .output()
            .unwrap();
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (corpus, can)
    })
}

/// Waits until something listens on `port`.
fn wait_port(port: u16, what: &str) {
    let t = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "{what} did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn serve() -> Server {
    let (corpus, _) = corpus();
    let port = free_port();
    let child = Command::new(bin())
        .arg("--corpus")
        .arg(corpus)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_port(port, "the server");
    Server { child, port }
}

fn validator(spec: &Value, schema: &Value) -> jsonschema::Validator {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec["components"],
        "allOf": [schema],
    });
    jsonschema::validator_for(&root).unwrap()
}

fn check(spec: &Value, op: &Value, status: u16, body: &Value, what: &str) {
    let schema = &op["responses"][status.to_string()]["content"]["application/json"]["schema"];
    assert!(
        !schema.is_null(),
        "{what}: status {status} is not documented for this operation: {body}"
    );
    let v = validator(spec, schema);
    let errors: Vec<String> = v.iter_errors(body).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:?}\n{body}");
}

#[test]
fn api_answers_as_its_openapi_document_says() {
    let s = serve();
    let (st, spec) = get_json(s.port, "/api/openapi.json");
    assert_eq!(st, 200);
    assert_eq!(spec["openapi"], "3.1.0");
    // ids to fill the path templates, found through the API itself
    let (_, all) = get_json(s.port, "/api/search?q=&limit=5&facets=true");
    let doc = all["hits"][0]["id"].as_str().unwrap().to_string();
    let entity = all["facets"]["entity"][0][0].as_str().unwrap().to_string();
    let speaker = all["facets"]["speaker"][0][0].as_str().unwrap().to_string();
    let fill = |p: &str, v: &str| {
        p.replace("{doc}", v)
            .replace("{entity}", v)
            .replace("{speaker}", v)
    };
    let mut exercised = HashSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let op = &item["get"];
        let mut url = path.clone();
        let mut query = Vec::new();
        for p in op["parameters"].as_array().cloned().unwrap_or_default() {
            let ex = p["example"].as_str().unwrap().to_string();
            let value = match ex.as_str() {
                "{doc}" => doc.clone(),
                "{entity}" => entity.clone(),
                "{speaker}" => speaker.clone(),
                _ => ex,
            };
            let enc: String = value
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.:".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            match p["in"].as_str().unwrap() {
                "path" => url = url.replace(&format!("{{{}}}", p["name"].as_str().unwrap()), &enc),
                _ => query.push(format!("{}={enc}", p["name"].as_str().unwrap())),
            }
        }
        if !query.is_empty() {
            url = format!("{url}?{}", query.join("&"));
        }
        let (st, body) = get_json(s.port, &url);
        assert_eq!(st, 200, "{url}: {body}");
        if path != "/api/openapi.json" {
            check(&spec, op, st, &body, &url);
        }
        exercised.insert(path.clone());
        // the documented error answers
        for code in op["responses"].as_object().unwrap().keys() {
            let bad = match (path.as_str(), code.as_str()) {
                ("/api/search", "400") => "/api/search?q=%28sanctions%20AND".to_string(),
                (_, "404") => fill(path, "no-such-thing-0"),
                _ => continue,
            };
            let (st, body) = get_json(s.port, &bad);
            assert_eq!(st.to_string(), *code, "{bad}: {body}");
            check(&spec, op, st, &body, &bad);
        }
    }
    assert!(exercised.len() >= 6, "{exercised:?}");
    // a syntax error says where
    let (_, e) = get_json(s.port, "/api/search?q=a%20%22open");
    assert_eq!(e["error"]["position"], 2);
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("quotation mark"));
}

#[test]
fn every_link_of_a_document_page_leads_to_a_page() {
    let s = serve();
    let (_, all) = get_json(s.port, "/api/search?q=&limit=500");
    let mut checked = 0;
    for h in all["hits"].as_array().unwrap() {
        let id = h["id"].as_str().unwrap();
        let (status, _, body) = get(s.port, &format!("/doc/{id}"));
        assert_eq!(status, 200, "/doc/{id}");
        let html = String::from_utf8_lossy(&body);
        for part in html.split("href=\"").skip(1) {
            let href = part.split('"').next().unwrap().replace("&amp;", "&");
            if href.starts_with("/speaker/") || href.starts_with("/entity/") {
                let (status, _, _) = get(s.port, &href);
                assert_eq!(status, 200, "{href} on /doc/{id}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "only {checked} speaker and entity links");
}

#[test]
fn no_route_reads_outside_the_corpus_and_bad_queries_are_400() {
    let s = serve();
    for p in [
        "/static/../../../../etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/app.css/../../Cargo.toml",
        "/doc/..%2F..%2F..%2Fetc%2Fpasswd",
        "/doc/%2e%2e%2fdemarche.db",
        "/doc/..%2Fdemarche.db/raw",
        "/api/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/%2e%2e",
        "/entity/..%2F..%2Fetc%2Fpasswd",
        "/speaker/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/index/meta.json",
        "/demarche.db",
        "/../Cargo.toml",
    ] {
        let (st, h, body) = get(s.port, p);
        assert!(st == 404 || st == 400, "{p}: {st}");
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains("root:x:0")
                && !text.contains("SQLite format")
                && !text.contains("[package]"),
            "{p} leaked a file"
        );
        assert!(h.contains_key("content-security-policy"), "{p}");
    }
    // malformed queries and parameters: 400 with a message, never 500
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let alphabet: Vec<char> = "ab \"()-:*?.\\AND OR NOT date:outlet:entity:speaker:..2022-13-99«»ё"
        .chars()
        .collect();
    for i in 0..300 {
        let q: String = (0..(i % 24))
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                alphabet[(seed % alphabet.len() as u64) as usize]
            })
            .collect();
        let enc: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
        for base in ["/api/search?q=", "/?q="] {
            let (st, _, body) = get(s.port, &format!("{base}{enc}"));
            assert!(st == 200 || st == 400, "{q:?} on {base}: {st}");
            if st == 400 && base.starts_with("/api") {
                let v: Value = serde_json::from_slice(&body).unwrap();
                assert!(v["error"]["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty()));
            }
        }
    }
    for p in [
        "/api/search?q=x&limit=abc",
        "/api/search?q=x&limit=100000",
        "/api/search?q=x&offset=99999999",
        "/api/search?q=x&sort=sideways",
        "/api/search?q=x&facets=maybe",
        "/?q=x&page=-1",
        "/?q=x&sort=sideways",
    ] {
        let (st, _, _) = get(s.port, p);
        assert_eq!(st, 400, "{p}");
    }
    let long = format!("/api/search?q={}", "a%20".repeat(5000));
    let (st, _, _) = get(s.port, &long);
    assert_eq!(st, 400, "an over-long query");
    let (st, _, _) = http(
        s.port,
        "POST",
        "/api/search",
        Some(&json!({"q": "x".repeat(40_000)})),
    );
    assert!((400..500).contains(&st), "POST with a large body: {st}");
    let (st, _, _) = get(s.port, "/api/overview");
    assert_eq!(st, 200, "the server still answers");
}

// ---- the browser ----

fn find_exe(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    fn start(driver: &Path, chromium: &Path) -> Browser {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_port(port, "chromedriver");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--no-first-run", "--window-size=1280,1400"]
            }
        }}});
        let (st, _, body) = http(port, "POST", "/session", Some(&caps));
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(st, 200, "no WebDriver session: {v}");
        let session = v["value"]["sessionId"].as_str().unwrap().to_string();
        Browser {
            driver: child,
            port,
            session,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (st, _, b) = http(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body.as_ref(),
        );
        let v: Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(st, 200, "WebDriver {method} {path}: {v}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> Option<String> {
        let (st, _, b) = http(
            self.port,
            "POST",
            &format!("/session/{}/element", self.session),
            Some(&json!({"using": "css selector", "value": css})),
        );
        let v: Value = serde_json::from_slice(&b).ok()?;
        (st == 200).then(|| {
            v["value"]
                .as_object()
                .and_then(|o| o.values().next())
                .and_then(|x| x.as_str())
                .map(str::to_string)
        })?
    }

    fn click(&self, css: &str) {
        let e = self.find(css).unwrap_or_else(|| panic!("no element {css}"));
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Waits for the page to reach a URL containing `part` (a click navigates asynchronously).
    fn wait_url(&self, part: &str) -> String {
        let t = Instant::now();
        loop {
            let u = self.url();
            if u.contains(part) && self.js("return document.readyState") == "complete" {
                return u;
            }
            assert!(
                t.elapsed() < Duration::from_secs(20),
                "never reached {part}: at {u}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn screenshot(&self, dir: &Path, name: &str) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter_map(val) {
        acc = (acc << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Nothing from a document became markup that runs: no script elements, no event-handler
/// attributes, no javascript: links, no frames, the title untouched.
const INERT: &str = r#"
  const bad = [];
  document.querySelectorAll('script, iframe, object, embed, svg[onload], img').forEach(e => bad.push(e.outerHTML.slice(0, 80)));
  document.querySelectorAll('*').forEach(e => { for (const a of e.attributes) {
    if (a.name.startsWith('on')) bad.push(e.tagName + ' ' + a.name);
    if (/^\s*javascript:/i.test(a.value)) bad.push(e.tagName + ' ' + a.name + '=' + a.value.slice(0, 40));
  }});
  if (document.title === 'PWNED') bad.push('title changed');
  return bad;"#;

#[test]
fn browser_flow_and_hostile_documents() {
    let required = std::env::var("DEMARCHE_REQUIRE_BROWSER").as_deref() == Ok("1");
    let (Some(chromium), Some(driver)) = (
        find_exe(&["chromium", "chromium-browser", "google-chrome"]),
        find_exe(&["chromedriver"]),
    ) else {
        let msg = "MISSING BROWSER: chromium and chromedriver not found (apt-get install chromium chromium-driver); the browser tests did not run";
        if required {
            panic!("{msg}");
        }
        eprintln!("{msg}");
        return;
    };
    let (_, canary) = corpus();
    let s = serve();
    let b = Browser::start(&driver, &chromium);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ui-screenshots");
    let base = format!("http://127.0.0.1:{}", s.port);

    // 1. search
    b.go(&format!("{base}/"));
    let input = b.find("input[name=q]").expect("a query box");
    b.cmd(
        "POST",
        &format!("/element/{input}/value"),
        Some(json!({"text": "speaker:lind date:2024"})),
    );
    b.click("form.q button");
    b.wait_url("q=speaker");
    assert!(b.find("svg.chart.hist rect.bar").is_some(), "no histogram");
    assert!(b.find(".facets a").is_some(), "no facets");
    b.screenshot(&shots, "1-search");
    // 2. open a document that has quotations
    b.click("li.hit a.title");
    b.wait_url("/doc/");
    // 3. a highlighted quotation: painted with the quotation colour
    let bg = b.js(
        "const q = document.querySelector('.text .quote'); return q ? getComputedStyle(q).backgroundColor : null;",
    );
    assert!(
        bg.as_str().is_some_and(|c| c != "rgba(0, 0, 0, 0)"),
        "no highlighted quotation: {bg}"
    );
    // toggling the layer off removes the highlight (CSS only)
    b.click("label[for=l-quote]");
    let off =
        b.js("return getComputedStyle(document.querySelector('.text .quote')).backgroundColor;");
    assert_eq!(
        off, "rgba(0, 0, 0, 0)",
        "the quotation layer did not toggle off"
    );
    b.click("label[for=l-quote]");
    b.screenshot(&shots, "2-document");
    // 4. follow the speaker
    b.click("table.quotes a.speaker");
    b.wait_url("/speaker/");
    // 5. the timeline
    let bars = b.js("return document.querySelectorAll('svg.chart.timeline rect.bar').length;");
    assert!(bars.as_u64().is_some_and(|n| n >= 1), "no timeline: {bars}");
    assert!(
        b.find("table.quotes tbody tr").is_some(),
        "no quotations listed"
    );
    b.screenshot(&shots, "3-speaker");
    b.go(&format!("{base}/overview"));
    assert!(b.find("svg.chart").is_some());
    b.screenshot(&shots, "4-overview");

    // every page of the hostile corpus: documents, raw originals, entities, speakers, searches
    let (_, all) = get_json(s.port, "/api/search?q=&limit=500&facets=true");
    let mut pages: Vec<String> = vec!["/".into(), "/overview".into()];
    for h in all["hits"].as_array().unwrap() {
        let id = h["id"].as_str().unwrap();
        pages.push(format!("/doc/{id}"));
        pages.push(format!("/doc/{id}/raw"));
    }
    for facet in ["entity", "speaker", "outlet"] {
        for v in all["facets"][facet].as_array().unwrap() {
            let v = v[0].as_str().unwrap();
            let enc: String = v.bytes().map(|b| format!("%{b:02X}")).collect();
            match facet {
                "entity" => pages.push(format!("/entity/{enc}")),
                "speaker" => pages.push(format!("/speaker/{enc}")),
                _ => {}
            }
            pages.push(format!("/?q={facet}:%22{enc}%22"));
        }
    }
    for q in [
        "script",
        "onerror",
        "javascript",
        "%3Cscript%3E",
        "PWNED",
        "%22%3Cimg",
    ] {
        pages.push(format!("/?q={q}"));
    }
    let mut hostile_seen = 0;
    for p in &pages {
        b.go(&format!("{base}{p}"));
        let bad = b.js(INERT);
        assert_eq!(bad, json!([]), "{p}: markup from a document is live");
        let text = b
            .js("return document.body ? document.body.innerText : ''")
            .to_string();
        if text.contains("onerror") || text.contains("<script>") {
            hostile_seen += 1; // the hostile text is there, as text
        }
    }
    assert!(
        hostile_seen >= 3,
        "the hostile documents were not shown as text"
    );
    let evil = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["title"].as_str().is_some_and(|t| t.contains("<script>")))
        .expect("the hostile JSON record");
    b.go(&format!("{base}/doc/{}", evil["id"].as_str().unwrap()));
    b.screenshot(&shots, "5-hostile-document");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        canary.hits.load(Ordering::SeqCst),
        0,
        "a hostile document made the browser connect out"
    );
    eprintln!("screenshots in {}", shots.display());
}

fn search_json(args: &[&str]) -> (i32, Value) {
    let (corpus, _) = corpus();
    let out = Command::new(bin())
        .arg("--corpus")
        .arg(corpus)
        .arg("search")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    if code == 2 {
        return (
            code,
            json!({"stderr": String::from_utf8_lossy(&out.stderr)}),
        );
    }
    (code, serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn search_filters_stemming_sorting_and_errors() {
    // Russian stemming: a plural form finds the singular and its cases
    let (code, r) = search_json(&["министры переговоров"]);
    assert_eq!(code, 0, "{r}");
    assert!(r["hits"][0]["snippet"]["text"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("переговоры"));
    // English stemming
    let (_, a) = search_json(&["negotiating"]);
    let (_, b) = search_json(&["negotiations"]);
    assert_eq!(a["total"], b["total"]);
    // field filters hold on every hit
    let (_, r) = search_json(&["outlet:\"northport daily\"", "--limit", "50"]);
    assert!(r["total"].as_u64().unwrap() >= 1);
    for h in r["hits"].as_array().unwrap() {
        assert_eq!(h["outlet"], "Northport Daily");
    }
    let (_, r) = search_json(&["date:2024-03-01..2024-03-06", "--limit", "100"]);
    assert!(r["total"].as_u64().unwrap() >= 1);
    for h in r["hits"].as_array().unwrap() {
        let d = h["date"].as_str().unwrap();
        assert!(("2024-03-01".."2024-03-07").contains(&d), "{d}");
    }
    // NOT excludes, OR adds
    let (_, all) = search_json(&["river"]);
    let (_, not) = search_json(&["river -bridge"]);
    let (_, bridge) = search_json(&["river", "bridge"]);
    assert_eq!(
        all["total"].as_u64().unwrap(),
        not["total"].as_u64().unwrap() + bridge["total"].as_u64().unwrap()
    );
    let (_, or) = search_json(&["river OR министр"]);
    assert!(or["total"].as_u64() > all["total"].as_u64());
    // newest first
    let (_, r) = search_json(&["date:2000..", "--sort", "date", "--limit", "100"]);
    let dates: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert!(
        dates.len() > 2 && dates.windows(2).all(|w| w[0] >= w[1]),
        "{dates:?}"
    );
    // entity filter through the KB: a name finds what the id finds
    let (_, by_name) = search_json(&["entity:Geneva"]);
    let (_, by_id) = search_json(&["entity:place:geneva"]);
    assert!(by_id["total"].as_u64().unwrap() >= 1);
    assert_eq!(by_name["total"], by_id["total"]);
    // facets and histogram
    assert!(r["facets"]["outlet"]
        .as_array()
        .is_some_and(|o| !o.is_empty()));
    assert!(r["histogram"].as_array().is_some_and(|h| !h.is_empty()));
    // nothing found: exit 1; a malformed query: exit 2 with the position
    let (code, _) = search_json(&["zzzyxqw"]);
    assert_eq!(code, 1);
    let (code, e) = search_json(&["(river"]);
    assert_eq!(code, 2);
    assert!(e["stderr"].as_str().unwrap().contains("character 1"), "{e}");
}

#[path = "r27/server.rs"]
mod r27;
