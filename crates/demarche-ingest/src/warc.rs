//! WARC archives (plain or gzip, one member per record or one for all): one document per
//! HTML response or resource record, with the target URI and WARC-Date as provenance.
//!
//! Records stream one at a time; a record larger than the record limit is skipped without
//! being held in memory. A malformed record is reported and the reader resynchronises on the
//! next `WARC/` version line.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::sync::Arc;

use crate::{dates, html, Ctx, Error, Outcome, Result};

const MAX_HEADER_LINE: usize = 64 * 1024;

struct Counting<'a> {
    inner: &'a mut dyn BufRead,
    pos: u64,
}

impl Counting<'_> {
    /// Reads a line (without its CR LF), at most `MAX_HEADER_LINE` bytes kept.
    fn line(&mut self) -> std::io::Result<Option<String>> {
        let mut buf = Vec::new();
        let mut any = false;
        loop {
            let avail = self.inner.fill_buf()?;
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
            self.inner.consume(take);
            self.pos += take as u64;
            if done {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    fn read_exact_vec(&mut self, n: u64) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(n.min(1 << 24) as usize);
        let got = (&mut *self.inner).take(n).read_to_end(&mut out)?;
        self.pos += got as u64;
        if (got as u64) < n {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("record ends after {got} of {n} bytes"),
            ));
        }
        Ok(out)
    }

    fn skip(&mut self, n: u64) -> std::io::Result<u64> {
        let got = std::io::copy(&mut (&mut *self.inner).take(n), &mut std::io::sink())?;
        self.pos += got;
        Ok(got)
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
        pos: 0,
    };
    let mut n = 0u64;
    let mut other: BTreeMap<String, u64> = BTreeMap::new();
    loop {
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
        if !wanted {
            *other
                .entry(if wtype.is_empty() {
                    "untyped".into()
                } else {
                    wtype
                })
                .or_default() += 1;
            if let Err(e) = r.skip(len) {
                ctx.problem(sink, Some(locator), Error::from_io(e).to_string());
            }
            continue;
        }
        if len > limit {
            ctx.problem(
                sink,
                Some(locator.clone()),
                Error::TooLarge { limit }.to_string(),
            );
            match r.skip(len) {
                Ok(got) if got == len => continue,
                _ => {
                    ctx.problem(
                        sink,
                        Some(locator),
                        Error::Truncated("archive ends inside the record".into()).to_string(),
                    );
                    finish(ctx, &other, sink);
                    return Ok(());
                }
            }
        }
        let block = match r.read_exact_vec(len) {
            Ok(b) => b,
            Err(e) => {
                ctx.problem(
                    sink,
                    Some(locator),
                    Error::Truncated(e.to_string()).to_string(),
                );
                finish(ctx, &other, sink);
                return Ok(());
            }
        };
        let end = r.pos;
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
