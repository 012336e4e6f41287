//! WARC archives (plain or gzip, one member per record or one for all): one document per
//! HTML response or resource record, with the target URI and WARC-Date as provenance.
//!
//! Records stream one at a time; a record larger than the record limit is skipped without
//! being held in memory. A malformed record is reported and the reader resynchronises on the
//! next `WARC/` version line.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::sync::Arc;

use crate::{dates, html, Ctx, Error, Outcome, Result};

const MAX_HEADER_LINE: usize = 64 * 1024;

/// The stream, with the position read so far and bytes put back (to read a record again
/// from where an overrunning one swallowed it).
struct Counting<'a> {
    inner: &'a mut dyn BufRead,
    back: Vec<u8>,
    back_at: usize,
    pos: u64,
}

/// A record block as read: its bytes (when kept), how many there were, and where a record
/// separator followed by a version line first appeared inside it, with what follows it.
struct Block {
    data: Vec<u8>,
    got: u64,
    next: Option<(u64, Vec<u8>)>,
}

impl Counting<'_> {
    fn fill(&mut self) -> std::io::Result<&[u8]> {
        if self.back_at < self.back.len() {
            return Ok(&self.back[self.back_at..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.back_at < self.back.len() {
            self.back_at += n;
            if self.back_at >= self.back.len() {
                self.back.clear();
                self.back_at = 0;
            }
        } else {
            self.inner.consume(n);
        }
        self.pos += n as u64;
    }

    /// Puts `bytes` back in front of what is left to read.
    fn unread(&mut self, bytes: &[u8]) {
        let mut v = bytes.to_vec();
        v.extend_from_slice(&self.back[self.back_at..]);
        self.back = v;
        self.back_at = 0;
        self.pos -= bytes.len() as u64;
    }

    /// Reads a line with its line end, at most `MAX_HEADER_LINE` bytes kept.
    fn raw_line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut buf = Vec::new();
        let mut any = false;
        loop {
            let avail = self.fill()?;
            if avail.is_empty() {
                break;
            }
            any = true;
            let (take, done) = match memchr::memchr(b'\n', avail) {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            };
            if buf.len() < MAX_HEADER_LINE {
                let keep = take.min(MAX_HEADER_LINE - buf.len());
                buf.extend_from_slice(&avail[..keep]);
            }
            self.consume(take);
            if done {
                break;
            }
        }
        Ok(any.then_some(buf))
    }

    /// Reads a line (without its CR LF), at most `MAX_HEADER_LINE` bytes kept.
    fn line(&mut self) -> std::io::Result<Option<String>> {
        let Some(mut buf) = self.raw_line()? else {
            return Ok(None);
        };
        while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    /// Reads the `n` bytes of a record block (keeping them when `keep`), noting the first
    /// record separator followed by a version line inside it and keeping what follows it
    /// (at most `limit` bytes), in case the declared length runs past the record.
    fn block(&mut self, n: u64, keep: bool, limit: u64) -> std::io::Result<Block> {
        const SEPS: [&[u8]; 2] = [b"\r\n\r\nWARC/", b"\n\nWARC/"];
        let mut b = Block {
            data: Vec::new(),
            got: 0,
            next: None,
        };
        // the end of the previous chunk and this one, so that a separator across two
        // chunks is found
        let mut window: Vec<u8> = Vec::new();
        let mut tail_full = false;
        while b.got < n {
            let start = self.pos;
            let avail = self.fill()?;
            if avail.is_empty() {
                break;
            }
            let take = avail.len().min((n - b.got) as usize);
            let chunk = &avail[..take];
            if keep {
                b.data.extend_from_slice(chunk);
            }
            match &mut b.next {
                Some((_, tail)) => {
                    if tail_full || (tail.len() + take) as u64 > limit {
                        tail_full = true;
                        tail.clear();
                    } else {
                        tail.extend_from_slice(chunk);
                    }
                }
                None => {
                    let window_start = start - window.len() as u64;
                    window.extend_from_slice(chunk);
                    let found = SEPS
                        .iter()
                        .filter_map(|sep| {
                            memchr::memmem::find(&window, sep).map(|i| i + sep.len() - 5)
                        })
                        .min();
                    if let Some(i) = found {
                        b.next = Some((window_start + i as u64, window[i..].to_vec()));
                        window.clear();
                    } else {
                        let keep_from = window.len().saturating_sub(12);
                        window.drain(..keep_from);
                    }
                }
            }
            b.got += take as u64;
            self.consume(take);
        }
        if tail_full {
            b.next = None;
        }
        Ok(b)
    }

    /// Whether the record just read ends where it should: blank lines, then the next
    /// version line or the end of the archive. What follows is left to read.
    fn ends_well(&mut self) -> std::io::Result<bool> {
        for _ in 0..4 {
            match self.raw_line()? {
                None => return Ok(true),
                Some(l) if l.iter().all(u8::is_ascii_whitespace) => continue,
                Some(l) => {
                    let ok = l.starts_with(b"WARC/");
                    self.unread(&l);
                    return Ok(ok);
                }
            }
        }
        Ok(false)
    }
}

/// Reads a WARC stream (already decompressed).
pub fn read_warc(
    ctx: &Ctx<'_>,
    input: &mut dyn BufRead,
    sink: &mut dyn FnMut(Outcome),
) -> Result<()> {
    let limit = ctx.ing.config().max_record_bytes;
    let mut r = Counting {
        inner: input,
        back: Vec::new(),
        back_at: 0,
        pos: 0,
    };
    let mut n = 0u64;
    let mut other: BTreeMap<String, u64> = BTreeMap::new();
    loop {
        if ctx.is_stopped() {
            finish(ctx, &other, sink);
            return Ok(());
        }
        // find the version line
        let start;
        loop {
            let at = r.pos;
            let line = match r.line() {
                Ok(Some(l)) => l,
                Ok(None) => {
                    finish(ctx, &other, sink);
                    return Ok(());
                }
                Err(e) => {
                    ctx.problem(
                        sink,
                        Some(format!("after record {n}")),
                        Error::from_io(e).to_string(),
                    );
                    finish(ctx, &other, sink);
                    return Ok(());
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            if line.starts_with("WARC/") {
                start = at;
                break;
            }
            ctx.problem(
                sink,
                Some(format!("byte {at}")),
                Error::Warc(format!(
                    "expected a WARC version line, found {:?}",
                    truncate(&line, 60)
                ))
                .to_string(),
            );
            // resynchronise: skip to the next version line
            loop {
                match r.line() {
                    Ok(Some(l)) if l.starts_with("WARC/") => break,
                    Ok(Some(_)) => continue,
                    _ => {
                        finish(ctx, &other, sink);
                        return Ok(());
                    }
                }
            }
            start = r.pos;
            break;
        }
        n += 1;
        let mut headers: BTreeMap<String, String> = BTreeMap::new();
        loop {
            match r.line() {
                Ok(Some(l)) if l.is_empty() => break,
                Ok(Some(l)) => {
                    if let Some((k, v)) = l.split_once(':') {
                        headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                    }
                }
                Ok(None) => {
                    ctx.problem(
                        sink,
                        Some(format!("record {n}")),
                        Error::Warc("headers end before the record".into()).to_string(),
                    );
                    finish(ctx, &other, sink);
                    return Ok(());
                }
                Err(e) => {
                    ctx.problem(
                        sink,
                        Some(format!("record {n}")),
                        Error::from_io(e).to_string(),
                    );
                    finish(ctx, &other, sink);
                    return Ok(());
                }
            }
        }
        let id = headers.get("warc-record-id").cloned().unwrap_or_default();
        let locator = if id.is_empty() {
            format!("record {n}")
        } else {
            format!("record {n} {id}")
        };
        let Some(len) = headers
            .get("content-length")
            .and_then(|v| v.parse::<u64>().ok())
        else {
            ctx.problem(
                sink,
                Some(locator),
                Error::Warc("missing or invalid Content-Length".into()).to_string(),
            );
            continue; // resynchronise on the next version line
        };
        let wtype = headers
            .get("warc-type")
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        let ctype = headers
            .get("content-type")
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        let wanted = (wtype == "response" && ctype.contains("application/http"))
            || (wtype == "resource" && ctype.contains("html"));
        let too_large = wanted && len > limit;
        let block = match r.block(len, wanted && !too_large, limit) {
            Ok(b) => b,
            Err(e) => {
                ctx.problem(sink, Some(locator), Error::from_io(e).to_string());
                finish(ctx, &other, sink);
                return Ok(());
            }
        };
        let end = r.pos;
        // a Content-Length that runs past the record swallows what follows it: read again
        // from the next record found inside
        let ends_well = block.got == len && r.ends_well().unwrap_or(false);
        if !ends_well {
            if let Some((at, tail)) = block.next {
                ctx.problem(
                    sink,
                    Some(locator),
                    Error::Warc(format!(
                        "the record at byte {start} declares Content-Length {len}, which runs \
                         past its end into the next record (at byte {at}); the record is left \
                         out and reading goes on from the next one"
                    ))
                    .to_string(),
                );
                r.unread(&tail);
                continue;
            }
            if block.got < len {
                ctx.problem(
                    sink,
                    Some(locator),
                    Error::Warc(format!(
                        "the record at byte {start} declares Content-Length {len}, but the \
                         archive ends after {} of those bytes",
                        block.got
                    ))
                    .to_string(),
                );
                finish(ctx, &other, sink);
                return Ok(());
            }
        }
        if !wanted {
            *other
                .entry(if wtype.is_empty() {
                    "untyped".into()
                } else {
                    wtype
                })
                .or_default() += 1;
            continue;
        }
        if too_large {
            ctx.problem(sink, Some(locator), Error::TooLarge { limit }.to_string());
            continue;
        }
        let block = block.data;
        let uri = headers
            .get("warc-target-uri")
            .map(|u| u.trim_matches(['<', '>']).to_string());
        let captured = headers.get("warc-date").cloned();
        let (body, charset) = if wtype == "response" {
            match http_body(&block, limit) {
                Ok(HttpBody::Html(body, cs)) => (body, cs),
                Ok(HttpBody::Skip(why)) => {
                    sink(Outcome::Skipped {
                        path: ctx.path.to_string(),
                        locator: Some(locator),
                        reason: why,
                    });
                    continue;
                }
                Err(e) => {
                    ctx.problem(sink, Some(locator), e.to_string());
                    continue;
                }
            }
        } else {
            let cs = charset_param(&ctype);
            (block, cs)
        };
        if body.iter().all(u8::is_ascii_whitespace) {
            ctx.problem(sink, Some(locator), Error::Empty.to_string());
            continue;
        }
        match html::page_payload(ctx, Arc::new(body), charset, Some(locator.clone()), uri) {
            Ok(mut p) => {
                p.provenance.container_range = Some((start, end));
                p.provenance.captured = captured.clone();
                if p.meta.date.is_none() {
                    if let Some(c) = captured.as_deref().and_then(|c| {
                        dates::parse_structured(
                            c,
                            "WARC-Date (capture time; no publication date on the page)",
                        )
                    }) {
                        p.meta.extra.insert("captured".into(), c.iso());
                    }
                }
                ctx.emit(p, sink);
            }
            Err(e) => ctx.problem(sink, Some(locator), e.to_string()),
        }
    }
}

fn finish(ctx: &Ctx<'_>, other: &BTreeMap<String, u64>, sink: &mut dyn FnMut(Outcome)) {
    if !other.is_empty() {
        let list: Vec<String> = other.iter().map(|(k, v)| format!("{v} {k}")).collect();
        sink(Outcome::Skipped {
            path: ctx.path.to_string(),
            locator: None,
            reason: format!("records that hold no page: {}", list.join(", ")),
        });
    }
}

fn truncate(s: &str, n: usize) -> &str {
    let mut end = s.len().min(n);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn charset_param(ctype: &str) -> Option<&'static encoding_rs::Encoding> {
    let (_, cs) = ctype.split_once("charset=")?;
    let cs = cs.split([';', ' ']).next()?.trim_matches(['"', '\'']);
    encoding_rs::Encoding::for_label(cs.as_bytes())
}

enum HttpBody {
    Html(Vec<u8>, Option<&'static encoding_rs::Encoding>),
    Skip(String),
}

fn http_body(block: &[u8], limit: u64) -> Result<HttpBody> {
    let head_end = memchr::memmem::find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memchr::memmem::find(block, b"\n\n").map(|i| (i, i + 2)))
        .ok_or_else(|| Error::Warc("HTTP response without a header end".into()))?;
    let head = String::from_utf8_lossy(&block[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut ctype = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-type" => ctype = v.trim().to_ascii_lowercase(),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                "content-encoding" => encoding = v.trim().to_ascii_lowercase(),
                _ => {}
            }
        }
    }
    if !(200..300).contains(&status) {
        return Ok(HttpBody::Skip(format!("HTTP status {status}")));
    }
    if !ctype.is_empty() && !ctype.contains("html") && !ctype.contains("xml") {
        return Ok(HttpBody::Skip(format!(
            "not a page ({})",
            ctype.split(';').next().unwrap_or("")
        )));
    }
    let mut body = block[head_end.1..].to_vec();
    if chunked {
        body = dechunk(&body)
            .ok_or_else(|| Error::Warc("malformed chunked transfer encoding".into()))?;
    }
    match encoding.as_str() {
        "" | "identity" => {}
        "gzip" | "x-gzip" => {
            body = crate::decode::read_limited(
                &mut flate2::read::MultiGzDecoder::new(&body[..]),
                limit,
            )?
        }
        "deflate" => {
            body =
                crate::decode::read_limited(&mut flate2::read::ZlibDecoder::new(&body[..]), limit)?
        }
        other => {
            return Ok(HttpBody::Skip(format!(
                "unsupported content encoding {other}"
            )))
        }
    }
    Ok(HttpBody::Html(body, charset_param(&ctype)))
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let nl = memchr::memchr(b'\n', b)?;
        let size_txt = std::str::from_utf8(&b[..nl]).ok()?.trim();
        let size = usize::from_str_radix(size_txt.split(';').next()?.trim(), 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = &b[size..];
        b = b
            .strip_prefix(b"\r\n")
            .or_else(|| b.strip_prefix(b"\n"))
            .unwrap_or(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert!(dechunk(b"zz\r\n").is_none());
    }
}
