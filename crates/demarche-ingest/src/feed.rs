//! RSS 2.0 / RSS 1.0 and Atom feeds: one document per item.
//!
//! The raw original of a document is the item's own XML. Item content is often escaped HTML;
//! it is extracted like a page, and its alignment points at the content element inside the
//! item (as a block when XML escaping changed the bytes).

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;

use demarche_model::{Alignment, Metadata};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::{dates, decode, hash_hex, html, Ctx, Error, Outcome, Payload, Result};

#[derive(Default)]
struct Item {
    start: usize,
    fields: HashMap<&'static str, (String, usize, usize)>,
    atom_link: Option<String>,
}

fn field_of(local: &[u8]) -> Option<&'static str> {
    Some(match local {
        b"title" => "title",
        b"link" => "link",
        b"description" => "description",
        b"encoded" => "encoded",
        b"content" => "content",
        b"summary" => "summary",
        b"pubDate" => "date",
        b"published" => "date",
        b"issued" => "date",
        b"date" => "date",
        b"updated" => "updated",
        b"creator" => "author",
        b"author" => "author",
        b"name" => "name",
        b"guid" => "id",
        b"id" => "id",
        b"language" => "language",
        _ => return None,
    })
}

/// Reads a feed.
pub fn read_feed(
    ctx: &Ctx<'_>,
    input: &mut dyn BufRead,
    sink: &mut dyn FnMut(Outcome),
) -> Result<()> {
    let bytes = decode::read_limited(input, ctx.ing.config().max_record_bytes)?;
    let declared = decode::sniff_declared_charset(&bytes);
    let decoded = decode::decode(&bytes, declared.or(Some(encoding_rs::UTF_8)))?;
    let src = decoded.text.as_str();
    let mut r = Reader::from_str(src);
    r.config_mut().check_end_names = true;
    let mut depth_names: Vec<Vec<u8>> = Vec::new();
    let mut channel_title: Option<String> = None;
    let mut channel_lang: Option<String> = None;
    let mut item: Option<Item> = None;
    let mut item_depth = 0usize;
    let mut field: Option<(&'static str, usize, String)> = None; // (name, start, text)
    let mut n = 0usize;
    let mut saw_root = false;
    loop {
        let before = r.buffer_position() as usize;
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let at = r.error_position();
                let msg = Error::Xml(format!("{e} at byte {at}")).to_string();
                ctx.problem(sink, Some(format!("after item {n}")), msg);
                return Ok(());
            }
        };
        let after = r.buffer_position() as usize;
        match ev {
            Event::Start(e) => {
                let local = e.local_name().as_ref().as_bytes().to_vec();
                if depth_names.is_empty() {
                    saw_root = true;
                    if !matches!(local.as_slice(), b"rss" | b"feed" | b"RDF") {
                        return Err(Error::Xml(format!(
                            "not a feed: root element <{}>",
                            e.name().as_ref()
                        )));
                    }
                }
                let is_item = matches!(local.as_slice(), b"item" | b"entry");
                if is_item && item.is_none() {
                    let start = src[before..after]
                        .find('<')
                        .map(|k| before + k)
                        .unwrap_or(before);
                    item = Some(Item {
                        start,
                        ..Default::default()
                    });
                    item_depth = depth_names.len() + 1;
                } else if let Some(it) = item.as_mut() {
                    if depth_names.len() == item_depth {
                        if let Some(f) = field_of(&local) {
                            field = Some((f, after, String::new()));
                        }
                        if local == b"link" {
                            take_atom_link(&e, it);
                        }
                    } else if depth_names.len() == item_depth + 1 && local == b"name" {
                        // <author><name>…</name></author>
                        field = Some(("author", after, String::new()));
                    }
                } else if field_of(&local) == Some("title")
                    && channel_title.is_none()
                    && depth_names.len() <= 2
                {
                    field = Some(("channel-title", after, String::new()));
                } else if local == b"language" && depth_names.len() <= 2 {
                    field = Some(("channel-lang", after, String::new()));
                }
                depth_names.push(local);
            }
            Event::Empty(e) => {
                if let Some(it) = item.as_mut() {
                    if e.local_name().as_ref() == "link" {
                        take_atom_link(&e, it);
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    match g.resolve_char_ref() {
                        Ok(Some(c)) => buf.push(c),
                        _ => {
                            let name = g.xml10_content();
                            match quick_xml::escape::resolve_predefined_entity(&name) {
                                Some(s) => buf.push_str(s),
                                None => {
                                    buf.push('&');
                                    buf.push_str(&name);
                                    buf.push(';');
                                }
                            }
                        }
                    }
                }
            }
            Event::End(e) => {
                depth_names.pop();
                let local = e.local_name().as_ref().as_bytes().to_vec();
                if let Some((name, start, text)) = field.take() {
                    let end = before;
                    match name {
                        "channel-title" => channel_title = Some(text.trim().to_string()),
                        "channel-lang" => channel_lang = Some(text.trim().to_lowercase()),
                        _ => {
                            if let Some(it) = item.as_mut() {
                                it.fields.entry(name).or_insert((text, start, end));
                            }
                        }
                    }
                }
                if matches!(local.as_slice(), b"item" | b"entry")
                    && depth_names.len() + 1 == item_depth
                {
                    if let Some(it) = item.take() {
                        n += 1;
                        emit_item(
                            ctx,
                            src,
                            &decoded.alignment,
                            &bytes,
                            it,
                            after,
                            n,
                            channel_title.as_deref(),
                            channel_lang.as_deref(),
                            sink,
                        );
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(Error::Xml("no root element".into()));
    }
    if n == 0 {
        sink(Outcome::Skipped {
            path: ctx.path.to_string(),
            locator: None,
            reason: "feed with no items".into(),
        });
    }
    Ok(())
}

fn take_atom_link(e: &quick_xml::events::BytesStart<'_>, it: &mut Item) {
    let mut href = None;
    let mut rel = None;
    for a in e.attributes().flatten() {
        let v = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|c| c.into_owned())
            .unwrap_or_default();
        match a.key.local_name().as_ref() {
            "href" => href = Some(v),
            "rel" => rel = Some(v),
            _ => {}
        }
    }
    if let Some(h) = href {
        if rel.as_deref().is_none_or(|r| r == "alternate") && it.atom_link.is_none() {
            it.atom_link = Some(h);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn emit_item(
    ctx: &Ctx<'_>,
    src: &str,
    src_al: &Alignment,
    bytes: &[u8],
    it: Item,
    end: usize,
    n: usize,
    channel: Option<&str>,
    lang: Option<&str>,
    sink: &mut dyn FnMut(Outcome),
) {
    let locator = format!("item {n}");
    let raw_span = src_al.to_raw(demarche_model::Span::new(it.start as u32, end as u32));
    let raw = Arc::new(bytes[raw_span.range()].to_vec());
    let get = |k: &str| {
        it.fields
            .get(k)
            .map(|(t, _, _)| t.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let body_key = ["encoded", "content", "description", "summary"]
        .into_iter()
        .find(|k| get(k).is_some());
    let Some(body_key) = body_key else {
        return ctx.problem(
            sink,
            Some(locator),
            Error::NoText("item has no description or content".into()).to_string(),
        );
    };
    let (body, fs, fe) = it.fields[body_key].clone();
    let mut meta = Metadata {
        title: get("title").map(|t| html_to_text(&t)),
        ..Default::default()
    };
    meta.url = get("link")
        .or(it.atom_link.clone())
        .filter(|u| u.starts_with("http"));
    meta.outlet = channel.map(str::to_string);
    meta.author = get("author");
    meta.lang = lang.map(|l| l.split('-').next().unwrap_or(l).to_string());
    let date_src = if it.fields.contains_key("date") {
        "date"
    } else {
        "updated"
    };
    if let Some(d) = get(date_src) {
        meta.date = dates::parse_structured(
            &d,
            &format!(
                "feed <{}>",
                if date_src == "date" {
                    "pubDate/published"
                } else {
                    "updated"
                }
            ),
        );
    }
    // the content element's place in the item's raw bytes
    let field_raw = src_al.to_raw(demarche_model::Span::new(fs as u32, fe as u32));
    let field_start = field_raw.start - raw_span.start;
    let field_len = field_raw.len();
    let exact = src.get(fs..fe) == Some(body.as_str());
    let mut body_al = Alignment::default();
    if exact {
        body_al.push_exact(0, field_start, field_len);
    } else {
        body_al.push_block(0, body.len() as u32, field_start, field_len);
    }
    let key = meta
        .url
        .clone()
        .or(get("id"))
        .unwrap_or_else(|| format!("{}#{locator}", ctx.file_key()));
    let mut provenance = ctx.provenance(
        "UTF-8",
        Some(locator),
        Some((raw_span.start as u64, raw_span.end as u64)),
    );
    provenance.uri = meta.url.clone();
    let ex = html::extract(&body);
    let mut m = ex.meta;
    // the feed's fields are authoritative; the fragment has no head
    m.title = meta.title.or(m.title);
    m.url = meta.url.or(m.url);
    m.outlet = meta.outlet.or(m.outlet);
    m.author = meta.author.or(m.author);
    m.lang = meta.lang.or(m.lang);
    m.date = meta.date.or(m.date);
    let payload = Payload {
        alignment: ex.alignment.compose(&body_al),
        text: ex.text,
        paras: Some(
            ex.paras
                .into_iter()
                .map(|mut p| {
                    // a fragment has no page around it: the block model's verdict (outside the
                    // container, a low score) means nothing there; furniture and link lists
                    // still go. Reasons carry the score: "outside the main content (block
                    // score 0.10)".
                    if p.removed.as_deref().is_some_and(|r| {
                        r.starts_with("outside the main content") || r.starts_with("boilerplate (")
                    }) {
                        p.removed = None;
                    }
                    p
                })
                .collect(),
        ),
        read_header: false,
        from_markup: true,
        meta: m,
        provenance,
        record_hash: hash_hex(&raw),
        raw,
        source_key: key,
    };
    ctx.emit(payload, sink);
}

fn html_to_text(s: &str) -> String {
    if s.contains('<') || s.contains('&') {
        html::extract(s).text.replace('\n', " ")
    } else {
        s.to_string()
    }
}
