//! Issue 27 (https://example.invalid/demarche/issues/27): the server's edges: slow and idle
//! connections, the Host header, one content policy per route, isolated document text.

use std::io::ErrorKind;

use super::*;

/// `demarche serve` over the shared corpus with extra arguments.
fn serve_with(args: &[&str]) -> Server {
    let (corpus, _) = corpus();
    let port = free_port();
    let child = Command::new(bin())
        .arg("--corpus")
        .arg(corpus)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_port(port, "the server");
    Server { child, port }
}

/// Sends `request` as it is and returns the status of the answer (0: closed unanswered).
fn raw_status(port: u16, request: &str) -> u16 {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn with_host(port: u16, path: &str, host: &str) -> u16 {
    raw_status(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

fn p99(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[((ms.len() as f64 * 0.99).ceil() as usize).min(ms.len()) - 1]
}

// failure 4
#[test]
fn r27_slow_and_idle_connections_are_closed_and_others_stay_fast() {
    let s = serve_with(&["--header-timeout", "2"]);
    let port = s.port;
    // 1,000 connections: half never send anything, half send a request head a byte at a time
    let t0 = Instant::now();
    let mut slow: Vec<(TcpStream, Option<Duration>)> = (0..1000)
        .map(|_| {
            let c = TcpStream::connect(("127.0.0.1", port)).unwrap();
            c.set_nonblocking(true).unwrap();
            (c, None)
        })
        .collect();
    let head = b"GET /api/overview HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    // normal clients meanwhile
    let normal = std::thread::spawn(move || {
        let mut ms = Vec::new();
        let until = Instant::now() + Duration::from_millis(1500);
        while Instant::now() < until {
            let t = Instant::now();
            let (st, _, _) = get(port, "/api/search?q=river&limit=3");
            assert_eq!(st, 200);
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        ms
    });
    let mut sent = 0usize;
    let mut buf = [0u8; 256];
    while t0.elapsed() < Duration::from_secs(8) && slow.iter().any(|(_, c)| c.is_none()) {
        for (i, (c, closed)) in slow.iter_mut().enumerate() {
            if closed.is_some() {
                continue;
            }
            if i % 2 == 1 {
                let b = head[sent % head.len()];
                let _ = c.write(&[b]);
            }
            match c.read(&mut buf) {
                Ok(0) => *closed = Some(t0.elapsed()),
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(_) => *closed = Some(t0.elapsed()),
            }
        }
        sent += 1;
        std::thread::sleep(Duration::from_millis(200));
    }
    let ms = normal.join().unwrap();
    let open = slow.iter().filter(|(_, c)| c.is_none()).count();
    assert_eq!(open, 0, "{open} slow connections still open after 8 s");
    let latest = slow.iter().filter_map(|(_, c)| *c).max().unwrap();
    let earliest = slow.iter().filter_map(|(_, c)| *c).min().unwrap();
    assert!(
        earliest >= Duration::from_millis(1500),
        "closed too early: {earliest:?}"
    );
    let p = p99(ms.clone());
    eprintln!(
        "r27 slow connections: 1000 closed between {earliest:?} and {latest:?} (header timeout 2 s); \
         {} normal requests meanwhile, p99 {p:.1} ms",
        ms.len()
    );
    assert!(
        latest <= Duration::from_millis(4500),
        "closed late: {latest:?}"
    );
    assert!(ms.len() >= 20, "only {} normal requests", ms.len());
    assert!(p < 100.0, "normal clients' p99 {p:.1} ms");
    // a connection that went idle after its response is closed too (the keep-alive timeout)
    let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    c.write_all(b"GET /static/app.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let t = Instant::now();
    let mut all = Vec::new();
    let _ = c.read_to_end(&mut all);
    assert!(String::from_utf8_lossy(&all).starts_with("HTTP/1.1 200"));
    let idle = t.elapsed();
    assert!(
        idle >= Duration::from_millis(1500) && idle <= Duration::from_secs(5),
        "idle keep-alive connection closed after {idle:?}"
    );
}

// failure 4: the connection cap
#[test]
fn r27_connections_beyond_the_cap_wait_for_a_free_slot() {
    let s = serve_with(&["--header-timeout", "1", "--max-connections", "20"]);
    let idle: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(("127.0.0.1", s.port)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    // the 21st is served only once an idle one has been closed by the header timeout
    let t = Instant::now();
    let (st, _, _) = get(s.port, "/static/app.css");
    assert_eq!(st, 200);
    let waited = t.elapsed();
    assert!(
        waited >= Duration::from_millis(600),
        "served at once: {waited:?}"
    );
    assert!(waited <= Duration::from_secs(5), "{waited:?}");
    drop(idle);
}

// failure 5
#[test]
fn r27_only_loopback_host_names_are_answered() {
    let s = serve();
    let p = s.port;
    for host in [
        format!("127.0.0.1:{p}"),
        format!("localhost:{p}"),
        "localhost".into(),
        format!("[::1]:{p}"),
    ] {
        assert_eq!(with_host(p, "/overview", &host), 200, "{host}");
    }
    for host in [
        "evil.example",
        "evil.example:8700",
        "127.0.0.1.evil.example",
        "localhost.evil.example",
    ] {
        assert_eq!(with_host(p, "/overview", host), 403, "{host}");
        assert_eq!(with_host(p, "/api/overview", host), 403, "{host}");
    }
    // names given with --public are answered too
    let s = serve_with(&["--public", "workbench.example"]);
    assert_eq!(with_host(s.port, "/overview", "workbench.example"), 200);
    assert_eq!(
        with_host(s.port, "/overview", "workbench.example:8700"),
        200
    );
    assert_eq!(with_host(s.port, "/overview", "evil.example"), 403);
}

// failure 6
#[test]
fn r27_each_route_has_its_own_content_policy() {
    let s = serve();
    let (_, all) = get_json(s.port, "/api/search?q=&limit=1");
    let id = all["hits"][0]["id"].as_str().unwrap();
    let (st, h, _) = get(s.port, &format!("/doc/{id}/raw"));
    assert_eq!(st, 200);
    let csp = &h["content-security-policy"];
    assert!(
        csp.contains("sandbox") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert!(h["content-type"].starts_with("text/plain"));
    for p in [
        format!("/doc/{id}"),
        "/".into(),
        "/api/overview".into(),
        "/no-such-page".into(),
    ] {
        let (_, h, _) = get(s.port, &p);
        let csp = &h["content-security-policy"];
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("sandbox"),
            "{p}: {csp}"
        );
        assert!(!csp.contains("script-src"), "{p}: {csp}");
    }
}

// also: right-to-left and zero-width characters
#[test]
fn r27_document_text_is_isolated_from_the_page_direction() {
    let s = serve();
    let (_, r) = get_json(s.port, "/api/search?q=bidirectional");
    let id = r["hits"][0]["id"]
        .as_str()
        .expect("the bidi document")
        .to_string();
    let (_, _, body) = get(s.port, "/?q=bidirectional");
    let page = String::from_utf8_lossy(&body);
    assert!(page.contains("<bdi>\u{202e}"), "the title is not isolated");
    let (_, _, body) = get(s.port, &format!("/doc/{id}"));
    let page = String::from_utf8_lossy(&body);
    assert!(
        page.contains("<h1><bdi>\u{202e}"),
        "the heading is not isolated"
    );
    assert!(
        page.contains("<dd><bdi>Outlet\u{200f}"),
        "the outlet is not isolated"
    );
    let (_, _, css) = get(s.port, "/static/app.css");
    assert!(String::from_utf8_lossy(&css).contains("unicode-bidi: isolate"));
}
