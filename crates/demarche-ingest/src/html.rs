//! HTML pages: main text and metadata.
//!
//! A small tokenizer that keeps byte offsets (so that every span of clean text maps back to
//! the page), a tolerant element stack (bounded depth, so hostile nesting costs nothing), and
//! a main-content choice by text and link density per container, with tag and class/id
//! evidence against navigation, share bars, comments and related-article lists. Metadata
//! comes from JSON-LD, Open Graph and other meta tags, `<time>`, `<link rel=canonical>` and
//! `<html lang>`.

use std::sync::Arc;

use demarche_model::{Alignment, Metadata};

use crate::clean::{BlockKind, Para};
use crate::content;
use crate::dates::{self, Label};
use crate::markup::{any_name, entity, find_ci, parse_tag, Tag};
use crate::pagedate::{self, Source};
use crate::pagemeta::PageMeta;
use crate::{decode, hash_hex, meta, Ctx, Outcome, Payload, Result};

/// Deepest element stack kept; deeper elements are read as text of their ancestor.
const MAX_DEPTH: usize = 256;

/// Tags whose content is never article text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "footer", "aside", "button", "select",
    "option", "iframe", "svg", "canvas", "menu", "dialog", "object", "embed", "head", "textarea",
    "label", "input",
];

/// Tags that end a block of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "tr",
    "table",
    "section",
    "article",
    "br",
    "hr",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "dl",
    "header",
    "main",
    "address",
    "center",
    "caption",
    "tbody",
    "thead",
    "body",
    "html",
];

const VOID_TAGS: &[&str] = &[
    "br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track",
    "wbr", "param",
];

/// Class and id words that mark page furniture.
const FURNITURE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "related",
    "cookie",
    "cookies",
    "newsletter",
    "subscribe",
    "subscription",
    "sidebar",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "advert",
    "advertisement",
    "ads",
    "ad",
    "promo",
    "banner",
    "popup",
    "modal",
    "widget",
    "recommend",
    "recommended",
    "more",
    "tags",
    "toolbar",
    "masthead",
    "signup",
    "login",
    "paywall",
    "disqus",
    "outbrain",
    "taboola",
    "teaser",
    "teasers",
    "byline-share",
    "print",
];

/// Whether a class or id names an article body: a word of the article kind followed by a
/// word of the body kind inside one name ("entry-content", "article__body", "storyText").
fn names_body(tag: &Tag<'_>) -> bool {
    const FIRST: &[&str] = &["article", "entry", "post", "story", "news"];
    const SECOND: &[&str] = &["body", "content", "text"];
    ["class", "id"].iter().any(|key| {
        tag.attr(key).is_some_and(|v| {
            any_name(v, |words| {
                words
                    .windows(2)
                    .any(|w| FIRST.contains(&w[0]) && SECOND.contains(&w[1]))
                    || words.iter().any(|w| {
                        FIRST
                            .iter()
                            .any(|f| w.strip_prefix(f).is_some_and(|rest| SECOND.contains(&rest)))
                    })
            })
        })
    })
}

/// Whether a class names an image caption or credit: one of its names ends with such a word
/// ("caption", "image__credit", "wp-caption-text"). Page-level elements never are captions
/// (a body class such as "f_caption_muted_videos_on" is a feature flag).
fn names_caption(tag: &Tag<'_>) -> bool {
    if matches!(
        tag.name.as_str(),
        "html" | "body" | "main" | "article" | "section"
    ) {
        return false;
    }
    tag.attr("class").is_some_and(|v| {
        any_name(v, |words| {
            matches!(words.last(), Some(&("caption" | "credit" | "credits")))
                || words.windows(2).any(|w| w == ["caption", "text"])
        })
    })
}

/// The result of extracting a page.
#[derive(Debug, Default)]
pub struct Extracted {
    /// Blocks of text, one per line.
    pub text: String,
    /// `text` → page offsets.
    pub alignment: Alignment,
    /// The blocks, with those outside the main content marked removed.
    pub paras: Vec<Para>,
    /// Metadata from the page.
    pub meta: Metadata,
    /// Every date the page states, of which `meta.date` is the one the ranker chose.
    pub dates: Vec<pagedate::Candidate>,
    /// The features of each of `paras` for the block model ([`content::FEATURES`]).
    pub features: Vec<[f32; content::N_FEATURES]>,
}

#[derive(Default)]
struct Block {
    text: String,
    al: Alignment,
    link_len: usize,
    elem: usize,
    /// The outermost furniture element around the block, if any.
    furniture: Option<usize>,
    kind: BlockKind,
    /// Inside an element whose class or id names a date, with the label it gives.
    dated: Option<Option<Label>>,
}

#[derive(Clone, Copy, Default)]
struct Flags {
    skip: bool,
    furn: Option<usize>,
    link: bool,
    /// The kind of the blocks opened inside (a paragraph in a block quotation is quoted).
    kind: BlockKind,
    /// Inside an element whose class or id names a date, with the label it gives.
    dated: Option<Option<Label>>,
}

struct Elem<'a> {
    name: String,
    first_block: usize,
    end_block: usize,
    furniture: bool,
    /// Marked by the page itself as the article body (`itemprop="articleBody"`, or a class
    /// or id that names one): the mark, class included, or `None`.
    body: Option<String>,
    score: f32,
    parent: Option<usize>,
    /// Named as a caption, so a block of its own even when inline.
    caption: bool,
    /// The first name of its class, when it has one (what like items of a listing share).
    class1: Option<&'a str>,
    /// Links with a target opened before the element and before its end: the difference
    /// counts the links inside it.
    first_anchor: u32,
    end_anchor: u32,
    /// The same for the marks of a teaser card: images and headings.
    first_card: u32,
    end_card: u32,
    /// Word groups of its class, id and tag ([`content::groups`]).
    groups: u16,
}

/// Appends the text `src[start..end]` to `block`, collapsing white space and decoding
/// entities, keeping the alignment.
fn push_text(block: &mut Block, src: &str, start: usize, end: usize, in_link: bool) {
    let b = src.as_bytes();
    let mut i = start;
    let before = block.text.len();
    while i < end {
        let c = b[i];
        if c.is_ascii_whitespace() {
            let ws = i;
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if !block.text.is_empty() && !block.text.ends_with(' ') {
                let at = block.text.len() as u32;
                block.text.push(' ');
                if i - ws == 1 && b[ws] == b' ' {
                    // the same byte: an exact piece, merged with its neighbours
                    block.al.push_exact(at, ws as u32, 1);
                } else {
                    block.al.push_block(at, 1, ws as u32, (i - ws) as u32);
                }
            }
            continue;
        }
        if c == b'&' {
            if let Some((dec, used)) = entity(&src[i..end]) {
                let at = block.text.len() as u32;
                let dec = if dec == "\u{a0}" {
                    " ".to_string()
                } else {
                    dec
                };
                if !(dec == " " && (block.text.is_empty() || block.text.ends_with(' '))) {
                    block.text.push_str(&dec);
                    block
                        .al
                        .push_block(at, dec.len() as u32, i as u32, used as u32);
                }
                i += used;
                continue;
            }
        }
        let run = i;
        while i < end && !b[i].is_ascii_whitespace() && b[i] != b'&' {
            i += 1;
        }
        if i == run {
            i += 1; // a lone '&'
        }
        let at = block.text.len() as u32;
        block.text.push_str(&src[run..i]);
        block.al.push_exact(at, run as u32, (i - run) as u32);
    }
    if in_link {
        block.link_len += block.text.len() - before;
    }
}

/// Whether a line is one address shown as text ("http://amzn.to/2iJFhRj"): a link the
/// author wrote out, part of the text, unlike a list of named links.
fn is_bare_url(t: &str) -> bool {
    !t.contains(char::is_whitespace)
        && (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
}

/// Whether an element is never shown as it stands: styled `display: none` or `visibility:
/// hidden` (schema.org copies of the metadata, collapsed duplicates), or a pop-up shown on
/// hover (a person's card inside a link).
fn is_hidden(tag: &Tag<'_>) -> bool {
    if let Some(style) = tag.attr("style") {
        let squeezed: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if squeezed.contains("display:none") || squeezed.contains("visibility:hidden") {
            return true;
        }
    }
    tag.attr("class").is_some_and(|v| {
        any_name(v, |words| {
            words
                .iter()
                .any(|w| matches!(*w, "rollover" | "tooltip" | "hovercard"))
        })
    })
}

fn is_furniture(tag: &Tag<'_>) -> bool {
    // A form is usually a search box or a sign-up call, but some sites wrap the whole page
    // in one; as furniture, the wrapper rule below keeps it when it holds most of the text.
    if tag.name == "form" {
        return true;
    }
    if matches!(
        tag.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "complementary" | "search")
    ) {
        return true;
    }
    if tag.attr("aria-hidden") == Some("true") || tag.attr("hidden").is_some() {
        return true;
    }
    // an embedded post ("social-media-embed", "article-widget article-tweet") is content the
    // article quotes, not a share bar
    ["class", "id"].iter().any(|key| {
        tag.attr(key).is_some_and(|v| {
            let lower = v.to_ascii_lowercase();
            let mut words = lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty());
            words.clone().any(|w| FURNITURE_WORDS.contains(&w))
                && !words.any(|w| matches!(w, "embed" | "embedded" | "tweet"))
        })
    })
}

/// Extracts main text and metadata from a decoded page.
pub fn extract(src: &str) -> Extracted {
    extract_at(src, None)
}

/// [`extract`] for a page known to come from `url` (a WARC record's target, a crawl list):
/// the URL is evidence of the date when the page names no canonical URL of its own.
pub fn extract_at(src: &str, url: Option<&str>) -> Extracted {
    let b = src.as_bytes();
    let posf = |at: usize| at as f32 / b.len().max(1) as f32;
    let mut blocks: Vec<Block> = vec![Block::default()];
    let mut elems: Vec<Elem> = vec![Elem {
        name: "#root".into(),
        first_block: 0,
        end_block: 0,
        furniture: false,
        body: None,
        score: 0.0,
        parent: None,
        caption: false,
        class1: None,
        first_anchor: 0,
        end_anchor: 0,
        first_card: 0,
        end_card: 0,
        groups: 0,
    }];
    let mut anchors = 0u32;
    let mut cards = 0u32;
    let mut stack: Vec<usize> = vec![0];
    // flags of the open elements, one frame per stack entry, so that any pop (explicit or
    // implicit) restores them: inside a skipped tag, the outermost furniture ancestor, in a link
    let mut flags: Vec<Flags> = vec![Flags::default()];
    let mut meta = Metadata::default();
    let mut pm = PageMeta::default();
    let mut title_text: Option<String> = None;
    let mut h1: Option<String> = None;
    let mut pos = 0usize;

    let new_block = |blocks: &mut Vec<Block>, stack: &[usize], f: Option<&Flags>| {
        let block = Block {
            elem: *stack.last().unwrap_or(&0),
            furniture: f.and_then(|f| f.furn),
            kind: f.map(|f| f.kind).unwrap_or_default(),
            dated: f.and_then(|f| f.dated),
            ..Default::default()
        };
        if blocks.last().is_some_and(|bl| bl.text.trim().is_empty()) {
            *blocks.last_mut().expect("block") = block;
        } else {
            blocks.push(block);
        }
    };

    while pos < b.len() {
        let lt = match memchr::memchr(b'<', &b[pos..]) {
            Some(k) => pos + k,
            None => b.len(),
        };
        if lt > pos {
            let f = *flags.last().expect("flags");
            if !f.skip {
                let bl = blocks.last_mut().expect("block");
                push_text(bl, src, pos, lt, f.link);
            }
            pos = lt;
            if pos >= b.len() {
                break;
            }
        }
        // comments, doctype, CDATA
        if src[pos..].starts_with("<!--") {
            pos = memchr::memmem::find(&b[pos + 4..], b"-->")
                .map(|k| pos + 4 + k + 3)
                .unwrap_or(b.len());
            continue;
        }
        if b.get(pos + 1) == Some(&b'!') || b.get(pos + 1) == Some(&b'?') {
            pos = memchr::memchr(b'>', &b[pos..])
                .map(|k| pos + k + 1)
                .unwrap_or(b.len());
            continue;
        }
        let Some((tag, after)) = parse_tag(src, pos) else {
            // a '<' that starts no tag is text
            let f = *flags.last().expect("flags");
            if !f.skip {
                let bl = blocks.last_mut().expect("block");
                push_text(bl, src, pos, pos + 1, f.link);
            }
            pos += 1;
            continue;
        };
        let tag_at = pos;
        pos = after;
        let name = tag.name.as_str();
        if !tag.end {
            match name {
                "meta" => pm.meta(&tag, posf(tag_at)),
                "link"
                    if tag
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                {
                    pm.canonical = tag.attr("href").map(str::to_string);
                }
                "html" => {
                    if let Some(l) = tag.attr("lang").or(tag.attr("xml:lang")) {
                        pm.lang =
                            Some(l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase());
                    }
                }
                _ => {}
            }
            // dates in attributes: <time datetime>, <ins datetime>, itemprop="datePublished"
            let itemprop = tag.attr("itemprop").filter(|p| pagedate::is_date_key(p));
            if let Some(dt) = tag
                .attr("datetime")
                .or(itemprop.and_then(|_| tag.attr("content")))
            {
                if name != "meta" {
                    let label = [itemprop, tag.attr("class"), tag.attr("id")]
                        .into_iter()
                        .flatten()
                        .find_map(pagedate::key_label)
                        .or(tag.attr("pubdate").map(|_| Label::Published));
                    let ev = format!("<{name} datetime>");
                    pm.dates
                        .structured(dt, Source::Attr, label, posf(tag_at), &ev);
                }
            }
            // raw-text elements: read to their end tag
            if matches!(
                name,
                "script" | "style" | "title" | "textarea" | "noscript" | "xmp" | "plaintext"
            ) && !tag.self_closing
            {
                let close = format!("</{name}");
                let lower_end = find_ci(&b[pos..], close.as_bytes())
                    .map(|k| pos + k)
                    .unwrap_or(b.len());
                let content = &src[pos..lower_end];
                match name {
                    "title" if title_text.is_none() => {
                        let mut bl = Block::default();
                        push_text(&mut bl, src, pos, lower_end, false);
                        title_text = Some(bl.text.trim().to_string());
                    }
                    "script" if tag.attr("type").is_some_and(|t| t.contains("ld+json")) => {
                        pm.json_ld(content, posf(tag_at))
                    }
                    "script" => pagedate::script_dates(content, posf(tag_at), &mut pm.dates),
                    _ => {}
                }
                pos = memchr::memchr(b'>', &b[lower_end..])
                    .map(|k| lower_end + k + 1)
                    .unwrap_or(b.len());
                continue;
            }
        }
        // a caption in an inline element (<span class="newsCaption">) is a block of its own
        let caption = !tag.end && names_caption(&tag);
        let mut is_block = caption || BLOCK_TAGS.contains(&name);
        if tag.end {
            // close the nearest matching open element
            if let Some(k) = stack.iter().rposition(|&e| elems[e].name == name) {
                if k > 0 && stack.len() - k <= 64 {
                    while stack.len() > k {
                        let e = stack.pop().expect("stack");
                        flags.pop();
                        elems[e].end_block = blocks.len();
                        elems[e].end_anchor = anchors;
                        elems[e].end_card = cards;
                        is_block |= elems[e].caption;
                        let en = elems[e].name.as_str();
                        if en == "h1" && h1.is_none() {
                            let t = blocks
                                .last()
                                .map(|bl| bl.text.trim().to_string())
                                .unwrap_or_default();
                            if !t.is_empty() {
                                h1 = Some(t);
                            }
                        }
                    }
                }
            }
            if is_block {
                new_block(&mut blocks, &stack, flags.last());
            }
            continue;
        }
        if is_block {
            // <p> and <li> close an open one of their kind
            if matches!(name, "p" | "li" | "dt" | "dd")
                || (is_block && stack.last().is_some_and(|&e| elems[e].name == "p"))
            {
                if let Some(&top) = stack.last() {
                    let tn = elems[top].name.as_str();
                    if tn == "p" || (tn == name && matches!(name, "li" | "dt" | "dd")) {
                        stack.pop();
                        flags.pop();
                        elems[top].end_block = blocks.len();
                        elems[top].end_anchor = anchors;
                        elems[top].end_card = cards;
                    }
                }
            }
        }
        if matches!(name, "img" | "picture" | "h2" | "h3" | "h4" | "h5" | "h6") {
            cards += 1;
        }
        if VOID_TAGS.contains(&name) || tag.self_closing {
            if is_block {
                new_block(&mut blocks, &stack, flags.last());
            }
            continue;
        }
        if stack.len() >= MAX_DEPTH {
            if is_block {
                new_block(&mut blocks, &stack, flags.last());
            }
            continue;
        }
        if matches!(name, "td" | "th") && !flags.last().expect("flags").skip {
            // cells of a row are one line: "Pos. | Driver | Points"
            let bl = blocks.last_mut().expect("block");
            if !bl.text.trim().is_empty() {
                let sep = if bl.text.ends_with(' ') { "| " } else { " | " };
                let at = bl.text.len() as u32;
                bl.text.push_str(sep);
                // the separator stands for the cell's tag
                bl.al
                    .push_block(at, sep.len() as u32, tag_at as u32, (after - tag_at) as u32);
            }
        }
        let body = tag
            .attr("itemprop")
            .is_some_and(|v| v.eq_ignore_ascii_case("articlebody"))
            || (matches!(name, "div" | "section" | "article" | "main") && names_body(&tag));
        let furniture = !body && is_furniture(&tag);
        let body = body.then(|| tag.attr("class").unwrap_or_default().to_string());
        let parent = stack.last().copied();
        let pf = *flags.last().expect("flags");
        let dated = if name == "time" {
            Some(tag.attr("class").and_then(pagedate::key_label))
        } else {
            let names = [tag.attr("class"), tag.attr("id"), tag.attr("itemprop")];
            names
                .iter()
                .flatten()
                .any(|v| pagedate::names_date(v))
                .then(|| names.iter().flatten().find_map(|v| pagedate::key_label(v)))
        };
        if dated.is_some() && !is_block {
            // an inline element (<span class="date">) dates the block it is in
            if let Some(bl) = blocks.last_mut() {
                bl.dated = bl.dated.or(dated);
            }
        }
        let frame = Flags {
            dated: pf.dated.or(dated),
            skip: pf.skip || SKIP_TAGS.contains(&name) || is_hidden(&tag),
            furn: pf.furn.or(furniture.then_some(elems.len())),
            link: pf.link || name == "a",
            kind: match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading {
                    level: name.as_bytes()[1] - b'0',
                },
                "li" | "dd" | "dt" => BlockKind::Item {
                    ordered: parent.is_some_and(|p| elems[p].name == "ol"),
                },
                "blockquote" => BlockKind::Quote,
                "figcaption" | "caption" => BlockKind::Caption,
                _ if caption => BlockKind::Caption,
                "tr" => BlockKind::Row,
                "pre" => BlockKind::Pre,
                // a paragraph in a table cell is a paragraph (tables used for layout)
                "p" | "div" if pf.kind == BlockKind::Row => BlockKind::Paragraph,
                _ => pf.kind,
            },
        };
        flags.push(frame);
        if is_block {
            new_block(&mut blocks, &stack, flags.last());
        }
        // the element's first block is the current one (fresh for a block element)
        elems.push(Elem {
            name: name.to_string(),
            first_block: blocks.len() - 1,
            end_block: usize::MAX,
            furniture,
            body,
            score: 0.0,
            parent,
            caption,
            class1: tag
                .attr("class")
                .and_then(|c| c.split_ascii_whitespace().next()),
            first_anchor: anchors,
            end_anchor: u32::MAX,
            first_card: cards,
            end_card: u32::MAX,
            groups: content::groups(name, tag.attr("class"), tag.attr("id")),
        });
        if name == "a" && tag.attr("href").is_some() {
            anchors += 1;
        }
        let e = elems.len() - 1;
        stack.push(e);
        if is_block {
            if let Some(bl) = blocks.last_mut() {
                bl.elem = e;
            }
        }
    }
    while let Some(e) = stack.pop() {
        elems[e].end_block = blocks.len();
        elems[e].end_anchor = anchors;
        elems[e].end_card = cards;
    }
    for e in elems.iter_mut() {
        if e.end_block == usize::MAX {
            e.end_block = blocks.len();
            e.end_anchor = anchors;
            e.end_card = cards;
        }
    }

    // A class or id is weak evidence: an element "of furniture" that holds most of the
    // page's text is a wrapper misnamed (e.g. class="has-ads"), not furniture. Each block then
    // belongs to its outermost ancestor that is still furniture.
    let mut text_prefix = Vec::with_capacity(blocks.len() + 1);
    text_prefix.push(0usize);
    for bl in &blocks {
        text_prefix.push(text_prefix.last().copied().unwrap_or(0) + bl.text.len());
    }
    let total = *text_prefix.last().unwrap_or(&0);
    // A listing of teasers: three or more block elements under one parent that share their
    // first class name, each short and each holding a link and an image or a heading (a "most
    // read" rail, "you may also like", "our latest stories"). Such items are furniture; the
    // wrapper rule below frees them when they are most of the page (a page that is a listing).
    {
        let mut groups: std::collections::HashMap<(usize, &str, &str), Vec<usize>> =
            std::collections::HashMap::new();
        for (i, e) in elems.iter().enumerate() {
            let (Some(parent), Some(c)) = (e.parent, e.class1) else {
                continue;
            };
            if e.name == "p" || !BLOCK_TAGS.contains(&e.name.as_str()) {
                continue;
            }
            groups
                .entry((parent, e.name.as_str(), c))
                .or_default()
                .push(i);
        }
        let mut teasers = Vec::new();
        for members in groups.values().filter(|m| m.len() >= 3) {
            let teaser = |&i: &usize| {
                let e = &elems[i];
                let end = e.end_block.min(blocks.len());
                let len = text_prefix[end] - text_prefix[e.first_block.min(end)];
                e.end_anchor > e.first_anchor && e.end_card > e.first_card && len <= 800
            };
            if members.iter().all(teaser) {
                teasers.extend_from_slice(members);
            }
        }
        for i in teasers {
            elems[i].furniture = true;
        }
    }
    for e in elems.iter_mut().filter(|e| e.furniture) {
        let end = e.end_block.min(blocks.len());
        let start = e.first_block.min(end);
        let held = text_prefix[end] - text_prefix[start];
        if held * 5 > total * 2 && total > 500 {
            e.furniture = false;
        }
    }
    for bl in blocks.iter_mut() {
        let mut outer = None;
        let mut cur = Some(bl.elem);
        while let Some(c) = cur {
            if elems[c].furniture {
                outer = Some(c);
            }
            cur = elems[c].parent;
        }
        bl.furniture = outer;
    }
    // Score containers: each substantial block credits its element's ancestors.
    for bl in &blocks {
        let t = bl.text.trim();
        let len = t.chars().count();
        if bl.furniture.is_some() || len < 25 {
            continue;
        }
        let density = bl.link_len as f32 / bl.text.len().max(1) as f32;
        if density > 0.5 {
            continue;
        }
        let s = 1.0
            + t.matches([',', '.', '،', '。']).count() as f32 * 0.5
            + (len as f32 / 80.0).min(4.0);
        let mut cur = Some(bl.elem);
        let mut weight = 1.0;
        for _ in 0..4 {
            let Some(c) = cur else { break };
            elems[c].score += s * weight;
            weight *= 0.5;
            cur = elems[c].parent;
        }
    }
    // The container: the element whose blocks hold the most article-like text net of
    // furniture-like text (a maximum-sum window over the block sequence, restricted to element
    // boundaries). Good text counts by length; link lists, furniture and one-line stubs count
    // against, so widening a container to take in a comment section or a list of related
    // links does not pay.
    // weight of furniture-like text against article text (2 was best of 0.5–4 on the
    // article-extraction benchmark; 1 and 3 were within 0.01 F1); one furniture block weighs
    // at most 50 characters' worth, so that a single "read also" link inside a short article
    // does not outweigh its paragraphs (a cap of 50–200 scored within 0.001)
    let lambda = 2.0f64;
    let mut prefix = Vec::with_capacity(blocks.len() + 1);
    prefix.push(0f64);
    for bl in &blocks {
        let t = bl.text.trim();
        let len = t.chars().count() as f64;
        let density = bl.link_len as f64 / bl.text.len().max(1) as f64;
        let v = if t.is_empty() {
            0.0
        } else if bl.furniture.is_some() || (density > 0.5 && !is_bare_url(t)) {
            -lambda * len.min(50.0)
        } else if len < 25.0 && !matches!(bl.kind, BlockKind::Heading { .. }) {
            -lambda * len * 0.5
        } else {
            len
        };
        prefix.push(prefix.last().copied().unwrap_or(0.0) + v);
    }
    let net =
        |e: &Elem| prefix[e.end_block.min(blocks.len())] - prefix[e.first_block.min(blocks.len())];
    // The page's own mark of its article body wins when it holds article text.
    let marked = elems
        .iter()
        .enumerate()
        .filter(|(_, e)| e.body.is_some() && net(e) >= 200.0)
        .max_by(|a, b| net(a.1).total_cmp(&net(b.1)))
        .map(|(i, _)| i);
    let best = elems
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.furniture && e.score > 0.0)
        .max_by(|a, b| {
            net(a.1)
                .total_cmp(&net(b.1))
                .then(b.1.end_block.cmp(&a.1.end_block))
        })
        .map(|(i, _)| i);
    let best = marked.or(best);
    let (mut lo, mut hi) = match best {
        Some(b) => (elems[b].first_block, elems[b].end_block),
        None => (0, blocks.len()),
    };
    // a body split in parts (between advertisements) is marked once per part, alike
    if let Some(m) = marked {
        for e in elems
            .iter()
            .filter(|e| e.body.is_some() && e.body == elems[m].body && net(e) > 0.0)
        {
            lo = lo.min(e.first_block);
            hi = hi.max(e.end_block);
        }
    }

    let mut out = Extracted::default();
    // Each block's features, and the model's decision.
    let shown: Vec<usize> = (0..blocks.len())
        .filter(|&i| !blocks[i].text.trim().is_empty())
        .collect();
    let views: Vec<content::View> = shown
        .iter()
        .map(|&i| block_view(&blocks[i], i, lo, hi, &elems))
        .collect();
    let total_chars: usize = views.iter().map(|v| v.chars).sum();
    let model = content::model();
    for (k, &i) in shown.iter().enumerate() {
        let bl = &blocks[i];
        let lead = bl.text.len() - bl.text.trim_start().len();
        let t = bl.text.trim();
        let x = content::features(&views, k, total_chars);
        let p = content::probability(&x, &model.weights);
        out.features.push(x);
        // A short line made mostly of link text ("Read more: <a>…</a>" between paragraphs, a
        // row of tags) is a link list whatever its score: the model is linear in link
        // density and cannot make length and links interact strongly enough on its own.
        let link_line = views[k].link_density > 0.6 && x[57] > 0.5;
        let removed = (!model.keeps(p, views[k].in_container) || link_line).then(|| {
            let why = if link_line && model.keeps(p, views[k].in_container) {
                "boilerplate: link list"
            } else if !views[k].in_container {
                "outside the main content"
            } else if bl.furniture.is_some() {
                "boilerplate: page furniture (class/id/role)"
            } else if views[k].link_density > 0.5 {
                "boilerplate: link list"
            } else {
                "boilerplate"
            };
            format!("{why} (block score {p:.2})")
        });
        if !out.text.is_empty() {
            out.text.push('\n');
        }
        let at = out.text.len();
        out.text.push_str(t);
        // shift the block's alignment into the output, clipped to the trimmed text
        let (lo, hi) = (lead, lead + t.len());
        for seg in bl.al.segs() {
            let cs = seg.clean as usize;
            let ce = cs + seg.clean_len as usize;
            let (s, e) = (cs.max(lo), ce.min(hi));
            if s >= e {
                continue;
            }
            let c = (at + s - lo) as u32;
            let len = (e - s) as u32;
            if seg.linear && seg.clean_len == seg.src_len {
                out.alignment.push_exact(c, seg.src + (s - cs) as u32, len);
            } else if s == cs && e == ce && seg.linear {
                out.alignment
                    .push_linear(c, seg.clean_len, seg.src, seg.src_len);
            } else {
                out.alignment.push_block(c, len, seg.src, seg.src_len);
            }
        }
        out.paras.push(Para {
            start: at,
            end: at + t.len(),
            removed,
            kind: bl.kind,
        });
    }
    let mut cands = pm.finish(&mut meta, title_text, h1);
    if let Some(u) = meta.url.as_deref().or(url) {
        cands.url(u);
    }
    let nb = blocks.len().max(1) as f32;
    for (i, bl) in blocks.iter().enumerate() {
        let source = if bl.dated.is_some() {
            Source::Classed
        } else {
            Source::Text
        };
        cands.text(&bl.text, source, bl.dated.flatten(), i as f32 / nb);
    }
    meta.date = pagedate::choose(&cands.list);
    out.dates = cands.list;
    // The headline is metadata: the first kept block that repeats the title leaves the text.
    if let Some(title) = meta.title.as_deref() {
        let norm = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let nt = norm(title);
        if let Some(p) = out
            .paras
            .iter_mut()
            .filter(|p| p.removed.is_none())
            .take(3)
            .find(|p| {
                let nb = norm(&out.text[p.start..p.end]);
                !nb.is_empty()
                    && (nb == nt
                        || (nb.len() > 20 && nt.contains(&nb))
                        || (nt.len() > 20 && nb.starts_with(&nt)))
            })
        {
            p.removed = Some("metadata: title".to_string());
        }
    }
    // The author from a byline before or at the head of the article, when the page's
    // metadata names none.
    if meta.author.is_none() {
        let first_kept = out
            .paras
            .iter()
            .position(|p| p.removed.is_none())
            .unwrap_or(0);
        meta.author = out.paras[..(first_kept + 4).min(out.paras.len())]
            .iter()
            .map(|p| out.text[p.start..p.end].trim())
            .find(|l| head_line(l) == Some("byline"))
            .and_then(|l| l.split_once(' ').map(|(_, name)| name.trim().to_string()));
    }
    // Bylines and date lines at the head of the article are metadata too.
    for p in out.paras.iter_mut().filter(|p| p.removed.is_none()).take(4) {
        if let Some(why) = head_line(&out.text[p.start..p.end]) {
            p.removed = Some(format!("metadata: {why}"));
        }
    }
    out.meta = meta;
    out
}

/// What the block model sees of block `i` of a page, given the container `lo..hi` the
/// density rule chose.
fn block_view(bl: &Block, i: usize, lo: usize, hi: usize, elems: &[Elem<'_>]) -> content::View {
    let t = bl.text.trim();
    let chars = t.chars().count();
    let (mut near, mut far, mut marked) = (0u16, 0u16, false);
    let mut cur = Some(bl.elem);
    let mut depth = 0;
    while let Some(c) = cur {
        if depth < 2 {
            near |= elems[c].groups;
        } else if depth < 10 {
            far |= elems[c].groups;
        }
        marked |= elems[c].body.is_some();
        depth += 1;
        cur = elems[c].parent;
    }
    let inside = i >= lo && i < hi;
    content::View {
        chars,
        link_density: bl.link_len as f32 / bl.text.len().max(1) as f32,
        kind: bl.kind,
        furniture: bl.furniture.is_some(),
        in_container: inside,
        in_marked: marked,
        distance: if inside {
            0
        } else if i < lo {
            lo - i
        } else {
            i + 1 - hi
        },
        near,
        far,
        bare_url: is_bare_url(t),
        ends_sentence: t.ends_with(['.', '!', '?', '"', '»', '”', '。']),
        punct: t.matches([',', '.', ';', ':', '،', '。', '、']).count(),
        words: t.split_whitespace().count(),
    }
}

/// Whether a line at the head of an article is a byline ("By Ann Reporter", "Ann Reporter,
/// Staff Writer") or a date line ("Updated 5:27 am, Wednesday, November 20, 2019", "Nov 19,
/// 2019 at 6:46 pm ET • 2 min read"): short, not a sentence, and made of a name or a full date.
fn head_line(line: &str) -> Option<&'static str> {
    let t = line.trim();
    let words = t.split_whitespace().count();
    if words == 0 || words > 14 || t.chars().count() > 100 || t.ends_with(['.', '?', '!', ':']) {
        return None;
    }
    let found = dates::find_written_dates(t);
    if let Some(f) = found.iter().find(|f| f.year.is_some() && f.day.is_some()) {
        // what is left besides the date: times, update marks, reading time, separators
        let rest = format!("{}{}", &t[..f.start], &t[f.end..]);
        let wordy = rest
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() > 3)
            .count();
        if wordy <= 4 {
            return Some("date line");
        }
    }
    let lower = t.to_lowercase();
    if let Some(name) = lower
        .strip_prefix("by ")
        .or_else(|| lower.strip_prefix("от "))
    {
        let caps = t
            .split_whitespace()
            .skip(1)
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        if name.split_whitespace().count() <= 8 && caps >= 2 {
            return Some("byline");
        }
    }
    None
}

/// Reads an HTML page from raw bytes (`declared` is a charset from outside the page, such
/// as an HTTP header).
pub fn read_html_page(
    ctx: &Ctx<'_>,
    raw: Arc<Vec<u8>>,
    declared: Option<&'static encoding_rs::Encoding>,
    sink: &mut dyn FnMut(Outcome),
) -> Result<()> {
    page_payload(ctx, raw, declared, None, None).map(|p| ctx.emit(p, sink))
}

/// Decodes a page. A page declared UTF-8 that holds a few bad bytes is UTF-8 with those bytes
/// replaced (each by U+FFFD, aligned to the bytes it stands for); only a page whose bytes are
/// mostly not UTF-8 is decoded as the charset that detection finds.
fn decode_page(
    raw: &[u8],
    declared: Option<&'static encoding_rs::Encoding>,
) -> Result<decode::Decoded> {
    match decode::decode(raw, declared) {
        Ok(d) => Ok(d),
        Err(_) if declared == Some(encoding_rs::UTF_8) => match decode::mostly_utf8(raw) {
            true => Ok(decode::decode_utf8_lossy(raw)),
            false => decode::decode(raw, None),
        },
        Err(e) => Err(e),
    }
}

/// The metadata of a page (title, date, author, site, URL, language) from its raw bytes;
/// `url` is where it was fetched from, when known.
pub fn page_metadata(raw: &[u8], url: Option<&str>) -> Metadata {
    page_extract(raw, url).meta
}

/// [`extract_at`] on a page's raw bytes, decoded as `ingest` decodes them (an undecodable
/// page extracts as empty).
pub fn page_extract(raw: &[u8], url: Option<&str>) -> Extracted {
    let declared = decode::sniff_declared_charset(raw);
    match decode_page(raw, declared) {
        Ok(decoded) => extract_at(&decoded.text, url),
        Err(_) => Extracted::default(),
    }
}

/// Builds the payload of an HTML page.
pub fn page_payload(
    ctx: &Ctx<'_>,
    raw: Arc<Vec<u8>>,
    declared: Option<&'static encoding_rs::Encoding>,
    locator: Option<String>,
    uri: Option<String>,
) -> Result<Payload> {
    let declared = declared
        .or(ctx.ing.config().encoding)
        .or_else(|| decode::sniff_declared_charset(&raw));
    let decoded = decode_page(&raw, declared)?;
    let ex = extract_at(&decoded.text, uri.as_deref());
    let alignment = ex.alignment.compose(&decoded.alignment);
    let mut meta = ex.meta;
    if meta.url.is_none() {
        meta.url = uri.clone();
    }
    let record_hash = hash_hex(&raw);
    let key = match (&uri, &meta.url) {
        (Some(u), _) | (None, Some(u)) => u.clone(),
        _ => match &locator {
            Some(l) => format!("{}#{l}", ctx.file_key()),
            None => ctx.file_key().to_string(),
        },
    };
    let mut provenance = ctx.provenance(decoded.encoding.name(), locator, None);
    provenance.uri = uri;
    if meta.outlet.is_none() {
        meta.outlet = meta.url.as_deref().and_then(meta::url_host);
    }
    Ok(Payload {
        text: ex.text,
        alignment,
        paras: Some(ex.paras),
        read_header: false,
        from_markup: true,
        meta,
        provenance,
        raw,
        record_hash,
        source_key: key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use demarche_model::Span;

    const PAGE: &str = r##"<!DOCTYPE html><html lang="en-GB"><head><title>Talks in Geneva | The Daily Wire</title>
<meta property="og:site_name" content="The Daily Wire">
<meta property="article:published_time" content="2022-01-10T09:00:00Z">
<link rel="canonical" href="https://example.org/2022/01/10/talks">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Talks in Geneva","author":{"name":"Ann Reporter"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a></div>
<article><h1>Talks in Geneva</h1>
<p>The delegations of Russia &amp; the United States met in Geneva on Monday, the ministry said.</p>
<p>&laquo;We are ready to continue&raquo;, the deputy minister told reporters after the meeting, adding that the next round would follow.</p>
<p>Negotiators discussed security guarantees, arms control and the situation around Ukraine, according to both sides.</p>
</article><div id="comments"><p>Leave a comment below and tell us what you think about this.</p></div>
<footer>© 2022 The Daily Wire. All rights reserved.</footer></body></html>"##;

    #[test]
    fn article_text_and_metadata() {
        let ex = extract(PAGE);
        let kept = kept_blocks(&ex);
        // the headline went to metadata
        assert_eq!(kept.len(), 3, "{kept:#?}");
        assert!(kept[0].contains("Russia & the United States"));
        assert!(kept[1].starts_with("«We are ready"));
        let m = &ex.meta;
        assert_eq!(m.title.as_deref(), Some("Talks in Geneva"));
        assert_eq!(m.outlet.as_deref(), Some("The Daily Wire"));
        assert_eq!(m.author.as_deref(), Some("Ann Reporter"));
        assert_eq!(m.lang.as_deref(), Some("en"));
        assert_eq!(m.date.as_ref().unwrap().iso(), "2022-01-10T09:00:00+00:00");
        assert_eq!(
            m.url.as_deref(),
            Some("https://example.org/2022/01/10/talks")
        );
        // alignment: "&amp;" in the page
        let amp = ex.text.find('&').unwrap() as u32;
        let raw = ex.alignment.to_raw(Span::new(amp, amp + 1));
        assert_eq!(&PAGE[raw.range()], "&amp;");
        let w = ex.text.find("Geneva on").unwrap() as u32;
        assert_eq!(
            &PAGE[ex.alignment.to_raw(Span::new(w, w + 6)).range()],
            "Geneva"
        );
    }

    #[test]
    fn title_is_the_headline_without_the_site() {
        let page = |head: &str, body: &str| {
            extract(&format!(
                "<html><head>{head}</head><body>{body}<p>{}</p></body></html>",
                "The delegations met in Geneva on Monday and agreed to meet again. ".repeat(3)
            ))
            .meta
        };
        // Open Graph title with the site's name after it, headline on the page
        let m = page(
            r#"<meta property="og:title" content="Talks resume in Geneva - World Wire"><meta property="og:site_name" content="World Wire">"#,
            "<h1>Talks resume in Geneva</h1>",
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume in Geneva"));
        // <title> with a section suffix, no site name known: the h1 decides
        let m = page(
            "<title>Talks resume in Geneva | Opinion</title>",
            "<h1>Talks resume in Geneva</h1>",
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume in Geneva"));
        // a headline that merely starts like the title is not cut
        let m = page(
            "<title>Talks resume in Geneva after a month of pauses and delays</title>",
            "<h1>Talks</h1>",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Talks resume in Geneva after a month of pauses and delays")
        );
    }

    #[test]
    fn dates_from_the_page() {
        let body = "<p>The delegations met in Geneva on Monday and agreed to meet again soon, the ministry said.</p>";
        let date = |html: String| extract(&html).meta.date.map(|d| (d.iso(), d.evidence));
        // a meta tag's publication time over an unlabelled date in the text
        let d = date(format!(r#"<html><head><meta property="article:published_time" content="2019-11-20T08:00:58Z"></head><body><p>November 1, 2019</p>{body}</body></html>"#)).unwrap();
        assert_eq!(d.0, "2019-11-20T08:00:58+00:00");
        // <time datetime>
        let d = date(format!(
            r#"<html><body><time datetime="2021-05-03">3 May</time>{body}</body></html>"#
        ))
        .unwrap();
        assert_eq!(d.0, "2021-05-03");
        // visible byline dates, written and numeric
        let d = date(format!("<html><body><div>By Ann Reporter</div><div>November 19, 2019, 9:02 AM</div>{body}</body></html>")).unwrap();
        assert_eq!(d.0, "2019-11-19");
        assert!(d.1.contains("visible date"), "{}", d.1);
        let d = date(format!(
            "<html><body><div>Posted: [ 2018-08-25 15:24 ]</div>{body}</body></html>"
        ))
        .unwrap();
        assert_eq!(d.0, "2018-08-25");
        let d = date(format!(
            "<html><body><div>18 NOV 2019</div>{body}</body></html>"
        ))
        .unwrap();
        assert_eq!(d.0, "2019-11-18");
        // the URL
        let d = date(format!(r#"<html><head><link rel="canonical" href="https://example.org/2020/02/14/talks"></head><body>{body}</body></html>"#)).unwrap();
        assert_eq!(d.0, "2020-02-14");
        // a date inside a long paragraph is not the publication date; none is given
        assert_eq!(date(format!("<html><body>{body}<p>The treaty of March 3, 1918 was signed after long negotiations between the parties in the city.</p></body></html>")), None);
    }

    #[test]
    fn bylines_and_date_lines_are_metadata() {
        for (line, why) in [
            ("By Ann Reporter", Some("byline")),
            ("от Анны Петровой", Some("byline")),
            (
                "Updated 5:27 am CST, Wednesday, November 20, 2019",
                Some("date line"),
            ),
            ("Nov 19, 2019 at 6:46 pm ET • 2 min read", Some("date line")),
            ("October 12, 2017", Some("date line")),
            ("By the end of the week the talks had stalled", None),
            (
                "On November 20, 2019 the minister arrived in Hanoi for talks.",
                None,
            ),
            ("Talks in Geneva", None),
        ] {
            assert_eq!(head_line(line), why, "{line}");
        }
        let ex = extract(&format!(
            "<html><body><article><p>By Ann Reporter</p><p>{}</p></article></body></html>",
            "The delegations met in Geneva on Monday and agreed to meet again. ".repeat(3)
        ));
        assert_eq!(ex.meta.author.as_deref(), Some("Ann Reporter"));
        assert!(ex.paras[0].removed.is_some());
    }

    #[test]
    fn hostile_nesting_is_bounded() {
        let mut s = String::new();
        for _ in 0..100_000 {
            s.push_str("<div>");
        }
        s.push_str("deep text here that is long enough to count as content.");
        let ex = extract(&s);
        assert!(ex.text.contains("deep text"));
    }

    #[test]
    fn unicode_space_at_block_start() {
        // found by fuzzing: a run that starts with a non-ASCII space trimmed from the block
        let ex = extract("<p>\u{2003}abc &amp; def</p>");
        assert_eq!(ex.text, "abc & def");
        let raw = ex.alignment.to_raw(Span::new(0, 3));
        assert_eq!(&"<p>\u{2003}abc &amp; def</p>"[raw.range()], "abc");
    }

    /// The blocks an extraction keeps.
    fn kept_blocks(ex: &Extracted) -> Vec<&str> {
        ex.paras
            .iter()
            .filter(|p| p.removed.is_none())
            .map(|p| &ex.text[p.start..p.end])
            .collect()
    }

    #[test]
    fn hidden_elements_and_inline_captions() {
        let page = "<article><p>The minister arrived in Geneva on Monday for talks with his \
            counterpart, officials said.</p>\
            <div style=\"display: none\" itemscope><div itemprop=\"datePublished\">\
            2019-11-19T08:57:40</div></div>\
            <p>He met <a href=\"/p/x\">Ann Smith<span class=\"rollover-block\">Ann Smith: \
            latest stories about her</span></a> later that day, and the talks went on.</p>\
            <div class=\"photo\"><img src=\"x.jpg\"><span class=\"newsCaption\">The \
            delegations in Geneva</span></div></article>";
        let ex = extract(page);
        let kept = kept_blocks(&ex);
        assert!(!ex.text.contains("2019-11-19T08"), "{}", ex.text);
        assert!(!ex.text.contains("latest stories"), "{}", ex.text);
        assert!(kept.contains(&"He met Ann Smith later that day, and the talks went on."));
        let caption = ex
            .paras
            .iter()
            .find(|p| &ex.text[p.start..p.end] == "The delegations in Geneva")
            .expect("the caption is a block of its own");
        assert_eq!(caption.kind, BlockKind::Caption);
    }

    #[test]
    fn a_listing_of_teasers_is_furniture() {
        let teaser = |n: u32| {
            format!(
                "<div class=\"rail__item swiper-slide\"><a href=\"/news/{n}\"><img src=\"{n}.jpg\">\
                 </a><h3>HEADLINE {n}</h3><span>A short summary of another story number {n}, \
                 which is not this article.</span></div>"
            )
        };
        let body = "<p>The foreign ministry said on Tuesday that the talks would resume next \
            week in Vienna, after a pause of two months.</p>"
            .repeat(4);
        let page = format!(
            "<article>{body}<div class=\"rail\"><h3>Most read</h3>{}{}{}</div></article>",
            teaser(1),
            teaser(2),
            teaser(3)
        );
        let ex = extract(&page);
        let kept: String = kept_blocks(&ex).concat();
        assert!(kept.contains("talks would resume"), "{kept}");
        assert!(!kept.contains("another story"), "{kept}");
        // the same items without links and images are the article's own text
        let plain = page.replace("<img", "<br").replace("<a ", "<span ");
        let ex = extract(&plain);
        let kept: String = kept_blocks(&ex).concat();
        assert!(kept.contains("another story number 2"), "{kept}");
    }

    #[test]
    fn embedded_posts_and_written_out_links_are_text() {
        let para = "<p>The governor defended the campaign on Monday, and many people on \
            Twitter answered her within the hour.</p>";
        let page = format!(
            "<article>{para}{para}<div class=\"social-media-embed\"><blockquote \
             class=\"twitter-tweet\"><p>The whole point of this campaign is to raise \
             awareness.</p>&mdash; Governor (@gov) November 18, 2019</blockquote></div>\
             <div class=\"article-widget article-tweet\"><blockquote><p>We are on it, \
             said the state health department.</p></blockquote></div>\
             <p>The order page:</p><p><a href=\"http://amzn.to/2iJFhRj\">http://amzn.to/2iJFhRj\
             </a></p><div class=\"social-share\"><a href=\"/s\">Share on Facebook</a></div>\
             </article>"
        );
        let ex = extract(&page);
        let kept = kept_blocks(&ex);
        assert!(
            kept.contains(&"The whole point of this campaign is to raise awareness."),
            "{kept:?}"
        );
        assert!(
            kept.contains(&"We are on it, said the state health department."),
            "{kept:?}"
        );
        assert!(!kept.contains(&"Share on Facebook"), "{kept:?}");
    }

    #[test]
    fn broken_markup() {
        for s in [
            "<",
            "<<>>",
            "<p",
            "<a href='x",
            "&",
            "&#",
            "&#xZZ;",
            "<p>a &amp b &#1234567890; c</p>",
            "</p></div>",
            "<script>",
        ] {
            let _ = extract(s);
        }
    }
}
