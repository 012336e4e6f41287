//! Plain text: one document per file, or one per post when the file is a dump of channel
//! posts, each opening with a "Forwarded from <channel>" line.

use std::sync::{Arc, OnceLock};

use demarche_model::{Alignment, Metadata};
use regex::Regex;

use crate::clean::line_paragraphs;
use crate::{decode, hash_hex, Ctx, Outcome, Payload, Result};

fn forward_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?m)^[ \t]*(?:Forwarded [Ff]rom|Переслано (?:от|из)|Repost(?:ed)? from)[: ]+(?P<name>[^\n]{1,120}?)[ \t]*\r?$")
            .expect("forward regex")
    })
}

/// The channel name without trailing flags and symbols ("Russian MFA 🇷🇺" → "Russian MFA").
pub fn channel_name(name: &str) -> String {
    name.trim()
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '.')
        .trim()
        .to_string()
}

/// Reads a plain-text file (already decompressed) into one or more documents.
pub fn read_text(ctx: &Ctx<'_>, raw: Arc<Vec<u8>>, sink: &mut dyn FnMut(Outcome)) -> Result<()> {
    let decoded = decode::decode(&raw, ctx.ing.config().encoding)?;
    let text = decoded.text;
    let enc = decoded.encoding.name();

    // Split dumps of forwarded posts.
    let heads: Vec<(usize, String)> = forward_re()
        .captures_iter(&text)
        .map(|c| (c.get(0).expect("match").start(), c["name"].to_string()))
        .collect();
    let leading = heads
        .first()
        .is_some_and(|(s, _)| text[..*s].trim().is_empty());
    if heads.len() >= 2 || (heads.len() == 1 && leading) {
        let total = heads.len();
        if !text[..heads[0].0].trim().is_empty() {
            let end = heads[0].0;
            let part = whole_part(
                ctx,
                &raw,
                &text,
                &decoded.alignment,
                0,
                end,
                enc,
                "before the first post".into(),
            );
            ctx.emit(part, sink);
        }
        for (i, (hs, name)) in heads.iter().enumerate() {
            let end = heads.get(i + 1).map(|h| h.0).unwrap_or(text.len());
            let locator = format!("post {} of {total}", i + 1);
            let mut part = whole_part(ctx, &raw, &text, &decoded.alignment, *hs, end, enc, locator);
            // the header line is provenance, not text
            // the part starts at its header line
            if let Some(first) = part.paras.as_mut().and_then(|p| p.first_mut()) {
                first.removed = Some("metadata: forward header".to_string());
            }
            part.meta.forwarded_from = Some(name.trim().to_string());
            part.meta.outlet = Some(channel_name(name));
            part.meta.extra.insert("post".into(), format!("{}", i + 1));
            ctx.emit(part, sink);
        }
        return Ok(());
    }
    let part = whole_part(
        ctx,
        &raw,
        &text,
        &decoded.alignment,
        0,
        text.len(),
        enc,
        String::new(),
    );
    ctx.emit(part, sink);
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn whole_part(
    ctx: &Ctx<'_>,
    raw: &Arc<Vec<u8>>,
    text: &str,
    al: &Alignment,
    start: usize,
    end: usize,
    enc: &str,
    locator: String,
) -> Payload {
    let raw_span = al.to_raw(demarche_model::Span::new(start as u32, end as u32));
    let record_hash = hash_hex(&raw[raw_span.range()]);
    let sub = &text[start..end];
    // the part's text, aligned to the raw bytes of the whole file
    let mut part_al = Alignment::default();
    part_al.push_exact(0, start as u32, sub.len() as u32);
    let alignment = part_al.compose(al);
    let paras = line_paragraphs(sub, 0, sub.len());
    let key = if locator.is_empty() {
        ctx.file_key().to_string()
    } else {
        format!("{}#{locator}", ctx.file_key())
    };
    Payload {
        text: sub.to_string(),
        alignment,
        paras: Some(paras),
        read_header: true,
        from_markup: false,
        meta: Metadata::default(),
        provenance: ctx.provenance(
            enc,
            (!locator.is_empty()).then_some(locator),
            Some((raw_span.start as u64, raw_span.end as u64)),
        ),
        raw: raw.clone(),
        record_hash,
        source_key: key,
    }
}
