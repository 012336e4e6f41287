//! JSON Lines, JSON arrays of records, and Telegram Desktop channel exports.
//!
//! Every reader streams: JSON Lines a line at a time (a line longer than the record limit is
//! skipped without being held in memory), arrays and exports an element at a time. Text
//! fields are unescaped with an alignment back to the record's raw bytes.

use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;
use std::sync::Arc;

use demarche_model::record::{self, Role};
use demarche_model::{Alignment, Metadata};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::{dates, hash_hex, html, Ctx, Error, Outcome, Payload, Result};

/// The roles a record field can play.
const ROLES: [&str; 8] = [
    "text", "title", "date", "url", "outlet", "author", "lang", "id",
];

/// Which record fields hold the text, title, date, URL, outlet, author, language and id.
#[derive(Clone, Debug)]
pub struct FieldMap {
    fields: HashMap<&'static str, Vec<String>>,
}

impl Default for FieldMap {
    fn default() -> Self {
        let mut fields: HashMap<&'static str, Vec<String>> = HashMap::new();
        let mut set = |role: &'static str, names: &[&str]| {
            fields.insert(role, names.iter().map(|s| s.to_string()).collect());
        };
        set(
            "text",
            &[
                "text",
                "body",
                "content",
                "articleBody",
                "article",
                "full_text",
                "fulltext",
                "message",
                "description",
                "summary",
            ],
        );
        set("title", &["title", "headline", "subject"]);
        set(
            "date",
            &[
                "date",
                "published",
                "published_at",
                "publishedAt",
                "datePublished",
                "pubDate",
                "created_at",
                "createdAt",
                "time",
                "timestamp",
                "date_unixtime",
            ],
        );
        set(
            "url",
            &["url", "link", "source_url", "canonical_url", "uri"],
        );
        set(
            "outlet",
            &[
                "outlet",
                "source",
                "site",
                "site_name",
                "publisher",
                "channel",
                "domain",
            ],
        );
        set("author", &["author", "byline", "creator", "authors"]);
        set("lang", &["lang", "language"]);
        set("id", &["id", "guid", "uuid", "doc_id"]);
        FieldMap { fields }
    }
}

impl FieldMap {
    /// Parses `role=field,role=field` and puts those fields first for their roles.
    ///
    /// # Errors
    /// An unknown role or a malformed pair.
    pub fn parse(spec: &str) -> Result<FieldMap> {
        let mut map = FieldMap::default();
        for pair in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (role, field) = pair.split_once('=').ok_or_else(|| {
                Error::Option(format!("field mapping {pair:?} is not role=field"))
            })?;
            let role = ROLES.iter().find(|r| **r == role.trim()).ok_or_else(|| {
                Error::Option(format!(
                    "unknown role {role:?} in field mapping (known: {})",
                    ROLES.join(", ")
                ))
            })?;
            map.fields.insert(role, vec![field.trim().to_string()]);
        }
        Ok(map)
    }

    fn names(&self, role: &str) -> &[String] {
        self.fields.get(role).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Unescapes a JSON string literal (with its quotes) at offset `base` of the raw record,
/// returning the string and its alignment to the raw bytes.
pub fn unescape(lit: &str, base: u32) -> Option<(String, Alignment)> {
    let b = lit.as_bytes();
    if b.len() < 2 || b[0] != b'"' || b[b.len() - 1] != b'"' {
        return None;
    }
    let mut out = String::with_capacity(b.len());
    let mut al = Alignment::default();
    let mut i = 1;
    let end = b.len() - 1;
    while i < end {
        let run_end = memchr::memchr(b'\\', &b[i..end])
            .map(|k| i + k)
            .unwrap_or(end);
        if run_end > i {
            al.push_exact(out.len() as u32, base + i as u32, (run_end - i) as u32);
            out.push_str(&lit[i..run_end]);
            i = run_end;
            continue;
        }
        // an escape at i
        let at = out.len() as u32;
        let (ch, len) = match b.get(i + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let hex = |s: usize| {
                    lit.get(s..s + 4)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                };
                let hi = hex(i + 2)?;
                if (0xd800..0xdc00).contains(&hi)
                    && b.get(i + 6) == Some(&b'\\')
                    && b.get(i + 7) == Some(&b'u')
                {
                    let lo = hex(i + 8)?;
                    let c = char::from_u32(
                        0x10000 + ((hi - 0xd800) << 10) + (lo.wrapping_sub(0xdc00) & 0x3ff),
                    );
                    (c.unwrap_or('\u{fffd}'), 12)
                } else {
                    (char::from_u32(hi).unwrap_or('\u{fffd}'), 6)
                }
            }
            _ => return None,
        };
        out.push(ch);
        al.push_block(at, ch.len_utf8() as u32, base + i as u32, len as u32);
        i += len;
    }
    Some((out, al))
}

fn offset_in(outer: &str, inner: &str) -> u32 {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize) as u32
}

/// A record parsed into its top-level fields, borrowing the raw text.
struct Record<'a> {
    raw: &'a str,
    fields: HashMap<String, &'a RawValue>,
}

impl<'a> Record<'a> {
    fn parse(raw: &'a str) -> Result<Record<'a>> {
        let fields: HashMap<String, &'a RawValue> =
            serde_json::from_str(raw).map_err(|e| Error::Json(e.to_string()))?;
        Ok(Record { raw, fields })
    }

    /// The first field present (and not null) among those that may play `role`.
    fn get(&self, map: &FieldMap, role: &str) -> Option<(&str, &'a RawValue)> {
        map.names(role).iter().find_map(|n| {
            let head = n.split('.').next().unwrap_or(n);
            self.fields
                .get_key_value(head)
                .filter(|(_, v)| v.get() != "null")
                .map(|(k, v)| (k.as_str(), *v))
        })
    }

    /// A metadata field's value as text, checked by the record validator shared with
    /// `demarche annotate` (`Ok(None)` when the record has none).
    fn field(&self, map: &FieldMap, role: Role) -> std::result::Result<Option<String>, String> {
        let Some((name, raw)) = self.get(map, role.name()) else {
            return Ok(None);
        };
        let mut v: Value = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
        let mut field = name.to_string();
        // dotted paths: "source.name"
        if let Some(path) = map
            .names(role.name())
            .iter()
            .find(|n| n.starts_with(name) && n.contains('.'))
        {
            for part in path.split('.').skip(1) {
                match v.get(part) {
                    Some(x) => v = x.clone(),
                    None => return Ok(None),
                }
            }
            field = path.clone();
        }
        record::field_text(role, &field, &v)
    }

    /// The text field unescaped, with its alignment into the raw record (`Ok(None)` when
    /// the record has none; an error when it is not a string).
    fn body(&self, map: &FieldMap) -> std::result::Result<Option<(String, Alignment)>, String> {
        let Some((name, raw)) = self.get(map, "text") else {
            return Ok(None);
        };
        let dotted = map
            .names("text")
            .iter()
            .any(|n| n.starts_with(name) && n.contains('.'));
        if !dotted && raw.get().starts_with('"') {
            return unescape(raw.get(), offset_in(self.raw, raw.get()))
                .map(Some)
                .ok_or_else(|| format!("field {name:?}: malformed string"));
        }
        if !dotted {
            let v: Value = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
            return record::text_field_named(name, &v).map(|_| None);
        }
        let Some(text) = self.field(map, Role::Text)? else {
            return Ok(None);
        };
        let mut al = Alignment::default();
        al.push_block(
            0,
            text.len() as u32,
            offset_in(self.raw, raw.get()),
            raw.get().len() as u32,
        );
        Ok(Some((text, al)))
    }
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(o) => ["name", "title", "text", "@value"]
            .iter()
            .find_map(|k| o.get(*k).and_then(value_text)),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(value_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Null => None,
    }
}

fn looks_like_html(s: &str) -> bool {
    // bytes, not str: the cut may fall inside a character
    let lower = s.as_bytes()[..s.len().min(2000)].to_ascii_lowercase();
    let lower = String::from_utf8_lossy(&lower);
    ["<p>", "<p ", "<div", "<br", "<html", "<article", "</p>"]
        .iter()
        .any(|t| lower.contains(t))
}

/// Turns one JSON record into a payload and emits its document.
fn emit_record(
    ctx: &Ctx<'_>,
    raw: &str,
    locator: String,
    range: Option<(u64, u64)>,
    sink: &mut dyn FnMut(Outcome),
) {
    let rec = match Record::parse(raw) {
        Ok(r) => r,
        Err(e) => {
            if serde_json::from_str::<IgnoredAny>(raw).is_ok() {
                return ctx.problem(sink, Some(locator), "record is not a JSON object".into());
            }
            return ctx.problem(sink, Some(locator), e.to_string());
        }
    };
    let map = &ctx.ing.config().map;
    let (text, alignment) = match rec.body(map) {
        Ok(Some(body)) => body,
        Ok(None) => {
            let wanted = map.names("text").join(", ");
            return ctx.problem(
                sink,
                Some(locator),
                format!("no text field (looked for: {wanted}; set one with --map text=FIELD)"),
            );
        }
        Err(e) => return ctx.problem(sink, Some(locator), e),
    };
    let fields = (|| -> std::result::Result<_, String> {
        let f = |role| rec.field(map, role);
        Ok((
            f(Role::Title)?,
            f(Role::Url)?,
            f(Role::Outlet)?,
            f(Role::Author)?,
            f(Role::Lang)?,
            f(Role::Date)?,
            f(Role::Id)?,
        ))
    })();
    let (title, url, outlet, author, lang, date, id) = match fields {
        Ok(f) => f,
        Err(e) => return ctx.problem(sink, Some(locator), e),
    };
    let mut meta = Metadata {
        title,
        ..Default::default()
    };
    meta.url = url;
    meta.outlet = outlet;
    meta.author = author;
    meta.lang = lang.map(|l| l.to_lowercase());
    if let (Some((name, _)), Some(d)) = (rec.get(map, "date"), date) {
        meta.date = dates::parse_structured(&d, &format!("field {name:?}"));
    }
    let source_key = match (&meta.url, &id) {
        (Some(u), _) => u.clone(),
        (None, Some(i)) => format!("{}#id={i}", ctx.file_key()),
        (None, None) => format!("{}#{locator}", ctx.file_key()),
    };
    let raw_arc = Arc::new(raw.as_bytes().to_vec());
    let record_hash = hash_hex(raw.as_bytes());
    let mut provenance = ctx.provenance("UTF-8", Some(locator), range);
    provenance.uri = meta.url.clone();
    if looks_like_html(&text) {
        let ex = html::extract(&text);
        let mut meta2 = ex.meta;
        merge_meta(&mut meta2, meta);
        let payload = Payload {
            alignment: ex.alignment.compose(&alignment),
            text: ex.text,
            paras: Some(ex.paras),
            read_header: false,
            from_markup: true,
            meta: meta2,
            provenance,
            raw: raw_arc,
            record_hash,
            source_key,
        };
        return ctx.emit(payload, sink);
    }
    let payload = Payload {
        text,
        alignment,
        paras: None,
        read_header: meta.title.is_none(),
        from_markup: false,
        meta,
        provenance,
        raw: raw_arc,
        record_hash,
        source_key,
    };
    ctx.emit(payload, sink);
}

/// Fields the record gave override what the page says.
fn merge_meta(into: &mut Metadata, from: Metadata) {
    macro_rules! take {
        ($($f:ident),*) => { $( if from.$f.is_some() { into.$f = from.$f; } )* };
    }
    take!(title, outlet, author, url, lang, date);
}

/// Reads one line of at most `limit` bytes into `buf`. Returns `Ok(None)` at the end,
/// `Ok(Some(false))` for a line that was too long (skipped to its end, not kept).
fn read_line_limited(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            return Ok(if any { Some(!too_long) } else { None });
        }
        any = true;
        let (chunk, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (&avail[..i], Some(i + 1)),
            None => (avail, None),
        };
        if !too_long {
            if (buf.len() + chunk.len()) as u64 > limit {
                too_long = true;
                buf.clear();
                buf.shrink_to(64 * 1024);
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = done.unwrap_or(avail.len());
        r.consume(used);
        if done.is_some() {
            return Ok(Some(!too_long));
        }
    }
}

/// Reads JSON Lines: one record per line.
pub fn read_jsonl(
    ctx: &Ctx<'_>,
    input: &mut dyn BufRead,
    sink: &mut dyn FnMut(Outcome),
) -> Result<()> {
    let limit = ctx.ing.config().max_record_bytes;
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut offset = 0u64;
    loop {
        let got = read_line_limited(input, &mut buf, limit).map_err(Error::from_io);
        let got = match got {
            Ok(g) => g,
            Err(e) => {
                ctx.problem(sink, Some(format!("after line {line_no}")), e.to_string());
                return Ok(());
            }
        };
        let Some(ok) = got else { break };
        line_no += 1;
        let locator = format!("line {line_no}");
        if !ok {
            ctx.problem(sink, Some(locator), Error::TooLarge { limit }.to_string());
            continue;
        }
        let start = offset;
        offset += buf.len() as u64 + 1;
        let line = buf.strip_suffix(b"\r").unwrap_or(&buf);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if ctx.is_stopped() {
            break;
        }
        if !ctx.begin_record(line) {
            continue; // a copy of an earlier line, counted
        }
        match std::str::from_utf8(line) {
            Ok(s) => emit_record(
                ctx,
                s,
                locator,
                Some((start, start + line.len() as u64)),
                sink,
            ),
            Err(e) => ctx.problem(
                sink,
                Some(locator),
                Error::InvalidUtf8 {
                    offset: e.valid_up_to() as u64,
                }
                .to_string(),
            ),
        }
    }
    Ok(())
}

/// Keys under which JSON documents commonly hold their records.
const RECORD_KEYS: &[&str] = &[
    "messages",
    "items",
    "records",
    "data",
    "articles",
    "entries",
    "posts",
    "documents",
    "results",
];

struct Records<'c, 'a> {
    ctx: &'c Ctx<'a>,
    sink: &'c mut dyn FnMut(Outcome),
    telegram: Option<String>,
    count: u64,
}

impl Records<'_, '_> {
    fn record(&mut self, raw: &RawValue) {
        self.count += 1;
        let n = self.count;
        if !self.ctx.begin_record(raw.get().as_bytes()) {
            return; // a copy of an earlier record (counted), or the input was stopped
        }
        if self.ctx.format == crate::Format::Telegram {
            telegram_message(self.ctx, raw.get(), n, self.telegram.as_deref(), self.sink);
        } else {
            emit_record(self.ctx, raw.get(), format!("record {n}"), None, self.sink);
        }
    }
}

struct SeqOfRecords<'r, 'c, 'a>(&'r mut Records<'c, 'a>);

impl<'de> DeserializeSeed<'de> for SeqOfRecords<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for SeqOfRecords<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            self.0.record(&raw);
        }
        Ok(())
    }
}

/// The value under a record key: streamed when it is an array, skipped otherwise.
struct MaybeRecords<'r, 'c, 'a>(&'r mut Records<'c, 'a>);

impl<'de> DeserializeSeed<'de> for MaybeRecords<'_, '_, '_> {
    type Value = bool;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MaybeRecords<'_, '_, '_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<bool, A::Error> {
        SeqOfRecords(self.0).visit_seq(seq)?;
        Ok(true)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_bool<E>(self, _: bool) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> std::result::Result<bool, E> {
        Ok(false)
    }
}

struct Top<'r, 'c, 'a>(&'r mut Records<'c, 'a>);

impl<'de> Visitor<'de> for Top<'_, '_, '_> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array of records or an object holding them")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Self::Value, A::Error> {
        SeqOfRecords(self.0).visit_seq(seq)?;
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut found = false;
        let mut rest = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if RECORD_KEYS.contains(&key.as_str()) && !found {
                // streamed element by element when it is an array; anything else is skipped
                found = map.next_value_seed(MaybeRecords(self.0))?;
            } else if key == "name" || key == "title" {
                let v: Value = map.next_value()?;
                if let Some(s) = v.as_str() {
                    if self.0.telegram.is_none() {
                        self.0.telegram = Some(s.to_string());
                    }
                }
                rest.insert(key, v);
            } else if found {
                map.next_value::<IgnoredAny>()?;
            } else {
                let v: Value = map.next_value()?;
                rest.insert(key, v);
            }
        }
        if found {
            Ok(None)
        } else {
            Ok(Some(Value::Object(rest).to_string()))
        }
    }
}

/// Reads a JSON array of records, an object holding one, a single record, or a Telegram
/// Desktop export.
pub fn read_json(
    ctx: &Ctx<'_>,
    input: &mut dyn BufRead,
    sink: &mut dyn FnMut(Outcome),
) -> Result<()> {
    let mut recs = Records {
        ctx,
        sink,
        telegram: None,
        count: 0,
    };
    let mut de = serde_json::Deserializer::from_reader(input);
    let res = serde::Deserializer::deserialize_any(&mut de, Top(&mut recs));
    let res = res.and_then(|single| {
        de.end()?;
        Ok(single)
    });
    match res {
        Ok(Some(single)) => {
            emit_record(ctx, &single, "record 1".into(), None, recs.sink);
            Ok(())
        }
        Ok(None) => {
            if recs.count == 0 {
                return Err(Error::NoText("no records in the JSON document".into()));
            }
            Ok(())
        }
        Err(e) => {
            let after = recs.count;
            Err(Error::Json(format!("{e} (after {after} records)")))
        }
    }
}

/// One message of a Telegram Desktop export.
fn telegram_message(
    ctx: &Ctx<'_>,
    raw: &str,
    n: u64,
    channel: Option<&str>,
    sink: &mut dyn FnMut(Outcome),
) {
    let rec = match Record::parse(raw) {
        Ok(r) => r,
        Err(e) => return ctx.problem(sink, Some(format!("message #{n}")), e.to_string()),
    };
    let field = |k: &str| {
        rec.fields
            .get(k)
            .and_then(|v| serde_json::from_str::<Value>(v.get()).ok())
    };
    let id = field("id")
        .and_then(|v| value_text(&v))
        .unwrap_or_else(|| format!("#{n}"));
    let locator = format!("message {id}");
    let kind = field("type")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "message".into());
    if kind != "message" {
        let action = field("action")
            .and_then(|v| value_text(&v))
            .unwrap_or_default();
        return sink(Outcome::Skipped {
            path: ctx.path.to_string(),
            locator: Some(locator),
            reason: format!(
                "service message ({kind}{}{action})",
                if action.is_empty() { "" } else { ": " }
            ),
        });
    }
    // text: a string, or an array of strings and entity objects
    let mut text = String::new();
    let mut al = Alignment::default();
    if let Some(t) = rec.fields.get("text") {
        let mut add_lit = |lit: &str| {
            if let Some((s, a)) = unescape(lit, offset_in(raw, lit)) {
                al.append_shifted(&a, text.len() as u32);
                text.push_str(&s);
            }
        };
        let tv = t.get();
        if tv.starts_with('"') {
            add_lit(tv);
        } else if tv.starts_with('[') {
            if let Ok(parts) = serde_json::from_str::<Vec<&RawValue>>(tv) {
                for p in parts {
                    let pv = p.get();
                    if pv.starts_with('"') {
                        add_lit(pv);
                    } else if let Ok(ent) = serde_json::from_str::<HashMap<String, &RawValue>>(pv) {
                        if let Some(et) = ent.get("text") {
                            add_lit(et.get());
                        }
                    }
                }
            }
        }
    }
    let media = [
        "media_type",
        "photo",
        "file",
        "sticker_emoji",
        "poll",
        "location_information",
        "contact_information",
    ]
    .iter()
    .find(|k| rec.fields.contains_key(**k))
    .map(|k| match field(k) {
        Some(Value::String(s)) if *k == "media_type" => s,
        _ => k.to_string(),
    });
    if text.trim().is_empty() {
        let reason = match &media {
            Some(m) => format!("media without caption ({m})"),
            None => "message without text".to_string(),
        };
        return sink(Outcome::Skipped {
            path: ctx.path.to_string(),
            locator: Some(locator),
            reason,
        });
    }
    let mut meta = Metadata::default();
    let from = field("from").and_then(|v| value_text(&v));
    meta.outlet = channel.map(str::to_string).or(from.clone());
    if let Some(a) = field("author").and_then(|v| value_text(&v)) {
        meta.author = Some(a);
    }
    meta.forwarded_from = field("forwarded_from").and_then(|v| value_text(&v));
    if let Some(d) = field("date").and_then(|v| value_text(&v)) {
        meta.date = dates::parse_structured(&d, "telegram export \"date\"");
        // the export writes local time and, beside it, the absolute time
        let unix = field("date_unixtime").and_then(|v| value_text(&v)?.parse::<i64>().ok());
        if let (Some(date), Some(unix)) = (meta.date.as_mut(), unix) {
            dates::set_offset_from_unix(date, unix);
        }
    }
    if let Some(e) = field("edited").and_then(|v| value_text(&v)) {
        meta.extra.insert("edited".into(), e);
    }
    if let Some(m) = media {
        meta.extra.insert("media".into(), m);
    }
    let source_key = format!(
        "telegram:{}/{id}",
        channel.or(from.as_deref()).unwrap_or(ctx.file_key())
    );
    let payload = Payload {
        text,
        alignment: al,
        paras: None,
        read_header: false,
        from_markup: false,
        meta,
        provenance: ctx.provenance("UTF-8", Some(locator), None),
        raw: Arc::new(raw.as_bytes().to_vec()),
        record_hash: hash_hex(raw.as_bytes()),
        source_key,
    };
    ctx.emit(payload, sink);
}

#[cfg(test)]
mod tests {
    use super::*;
    use demarche_model::Span;

    #[test]
    fn unescape_keeps_alignment() {
        let raw = r#"{"text":"a\"b\u0436c\ud83d\ude00d"}"#;
        let lit = &raw[8..raw.len() - 1];
        let (s, al) = unescape(lit, 8).unwrap();
        assert_eq!(s, "a\"bжc😀d");
        let c = s.find('c').unwrap() as u32;
        assert_eq!(&raw[al.to_raw(Span::new(c, c + 1)).range()], "c");
        let z = s.find('ж').unwrap() as u32;
        assert_eq!(&raw[al.to_raw(Span::new(z, z + 2)).range()], "\\u0436");
        assert!(unescape("\"bad \\x\"", 0).is_none());
    }

    #[test]
    fn html_sniff_cuts_bytes_not_chars() {
        // found by the benchmark: a multi-byte character across the 2,000-byte sample end
        let s = format!("{}’ more text", "a".repeat(1999));
        assert!(!looks_like_html(&s));
    }

    #[test]
    fn field_map_parses() {
        let m = FieldMap::parse("text=body, date=published").unwrap();
        assert_eq!(m.names("text"), ["body"]);
        assert!(FieldMap::parse("nonsense=x").is_err());
        assert!(FieldMap::parse("text").is_err());
    }
}
