//! Main content or not, block by block: a logistic model over features of each block of a
//! page and of its neighbourhood.
//!
//! The features: the container that the text-density rule of [`crate::html`] chose (inside
//! or not, how far away), the page's own mark of its body, furniture evidence (tags, roles,
//! class and id words), link density, length and punctuation, the block's kind (heading, list
//! item, caption, quotation, table row), its position, its neighbours' link density and
//! length, and word groups of the class and id names of its near and far ancestors
//! (body, furniture, comments, related, author, caption, metadata, header, share, footer,
//! sidebar, navigation) and of their tags (`article`, `main`, `header`, `form`), and whether
//! the block is a short line that is mostly link text.
//!
//! The weights and the threshold are learned by `demarche eval learn-blocks` on the fitting
//! part of the web-pages set (trafilatura's evaluation data, Apache-2.0 repository) and on
//! the article-extraction benchmark (Scrapinghub, MIT), and compiled in from
//! `data/block-weights.tsv`.

use std::sync::OnceLock;

use crate::clean::BlockKind;
use crate::markup::any_name;

/// Class and id word groups, one bit each; bits 12–15 are tags.
const GROUPS: [&[&str]; 12] = [
    &[
        "article", "content", "entry", "post", "story", "text", "body", "main", "blog",
    ],
    &[
        "cookie",
        "cookies",
        "newsletter",
        "subscribe",
        "subscription",
        "advert",
        "advertisement",
        "ads",
        "ad",
        "banner",
        "popup",
        "modal",
        "signup",
        "login",
        "paywall",
        "print",
        "toolbar",
        "outbrain",
        "taboola",
    ],
    &[
        "comment",
        "comments",
        "disqus",
        "reply",
        "respond",
        "discussion",
    ],
    &[
        "related",
        "recommend",
        "recommended",
        "more",
        "teaser",
        "teasers",
        "promo",
        "also",
        "popular",
        "trending",
        "latest",
        "read",
    ],
    &["author", "bio", "byline", "profile", "avatar", "about"],
    &[
        "caption", "credit", "figure", "photo", "image", "img", "gallery", "media",
    ],
    &[
        "meta",
        "date",
        "time",
        "info",
        "tags",
        "tag",
        "category",
        "categories",
    ],
    &[
        "header", "masthead", "top", "title", "headline", "logo", "brand", "hero",
    ],
    &["share", "social", "sharing", "follow"],
    &["footer", "bottom", "copyright", "legal", "foot"],
    &[
        "sidebar", "widget", "aside", "rail", "column", "col", "side",
    ],
    &[
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "pagination",
        "pager",
        "skip",
    ],
];

/// The word groups an element's class, id and tag belong to, as bits.
pub(crate) fn groups(tag: &str, class: Option<&str>, id: Option<&str>) -> u16 {
    let mut g = 0u16;
    for v in [class, id].into_iter().flatten() {
        for (bit, words) in GROUPS.iter().enumerate() {
            if g & (1 << bit) == 0 && any_name(v, |ws| ws.iter().any(|w| words.contains(w))) {
                g |= 1 << bit;
            }
        }
    }
    g | match tag {
        "article" => 1 << 12,
        "main" => 1 << 13,
        "header" => 1 << 14,
        "form" => 1 << 15,
        _ => 0,
    }
}

/// What the model knows of one block.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct View {
    pub chars: usize,
    pub link_density: f32,
    pub kind: BlockKind,
    pub furniture: bool,
    pub in_container: bool,
    pub in_marked: bool,
    /// Distance in blocks to the container (0 inside).
    pub distance: usize,
    /// Groups of the two nearest elements, and of the ancestors above them.
    pub near: u16,
    pub far: u16,
    pub bare_url: bool,
    pub ends_sentence: bool,
    pub punct: usize,
    pub words: usize,
}

/// The number of features.
pub const N_FEATURES: usize = 58;

/// Feature names, as `data/block-weights.tsv` writes them.
pub const FEATURES: [&str; N_FEATURES] = [
    "bias",
    "in the densest container",
    "in the page's marked body",
    "furniture tag, role or class",
    "link density",
    "log length",
    "short line",
    "punctuation per word",
    "ends like a sentence",
    "heading",
    "list item",
    "caption",
    "quotation",
    "table row",
    "preformatted",
    "position in page",
    "log distance to the container",
    "previous in the container",
    "next in the container",
    "previous link density",
    "next link density",
    "previous log length",
    "next log length",
    "a written-out address",
    "share of the page's text",
    "near: body",
    "near: furniture",
    "near: comments",
    "near: related",
    "near: author",
    "near: caption",
    "near: metadata",
    "near: header",
    "near: share",
    "near: footer",
    "near: sidebar",
    "near: navigation",
    "near: <article>",
    "near: <main>",
    "near: <header>",
    "near: <form>",
    "far: body",
    "far: furniture",
    "far: comments",
    "far: related",
    "far: author",
    "far: caption",
    "far: metadata",
    "far: header",
    "far: share",
    "far: footer",
    "far: sidebar",
    "far: navigation",
    "far: <article>",
    "far: <main>",
    "far: <header>",
    "far: <form>",
    "short link line",
];

fn log_len(chars: usize) -> f32 {
    (1.0 + chars as f32).ln() / 5.0
}

/// The features of block `i` among the page's blocks.
pub(crate) fn features(views: &[View], i: usize, total_chars: usize) -> [f32; N_FEATURES] {
    let v = &views[i];
    let mut x = [0f32; N_FEATURES];
    let b = |t: bool| t as u8 as f32;
    x[0] = 1.0;
    x[1] = b(v.in_container);
    x[2] = b(v.in_marked);
    x[3] = b(v.furniture);
    x[4] = v.link_density;
    x[5] = log_len(v.chars);
    x[6] = b(v.chars < 25 && !matches!(v.kind, BlockKind::Heading { .. }));
    x[7] = (v.punct as f32 / v.words.max(1) as f32).min(2.0);
    x[8] = b(v.ends_sentence);
    match v.kind {
        BlockKind::Heading { .. } => x[9] = 1.0,
        BlockKind::Item { .. } => x[10] = 1.0,
        BlockKind::Caption => x[11] = 1.0,
        BlockKind::Quote => x[12] = 1.0,
        BlockKind::Row => x[13] = 1.0,
        BlockKind::Pre => x[14] = 1.0,
        BlockKind::Paragraph => {}
    }
    x[15] = i as f32 / views.len().max(1) as f32;
    x[16] = (1.0 + v.distance as f32).ln() / 3.0;
    let prev = i.checked_sub(1).map(|j| &views[j]);
    let next = views.get(i + 1);
    x[17] = b(prev.is_some_and(|p| p.in_container));
    x[18] = b(next.is_some_and(|n| n.in_container));
    x[19] = prev.map_or(0.0, |p| p.link_density);
    x[20] = next.map_or(0.0, |n| n.link_density);
    x[21] = prev.map_or(0.0, |p| log_len(p.chars));
    x[22] = next.map_or(0.0, |n| log_len(n.chars));
    x[23] = b(v.bare_url);
    x[24] = (v.chars as f32 / total_chars.max(1) as f32).min(1.0);
    for bit in 0..16 {
        x[25 + bit] = b(v.near & (1 << bit) != 0);
        x[41 + bit] = b(v.far & (1 << bit) != 0);
    }
    // link density alone is linear in the model; a short block that is mostly a link (a
    // "read also" line between paragraphs) is another matter than a long one with links
    x[57] = b(v.link_density > 0.5 && v.chars < 200 && !v.bare_url);
    x
}

/// Learned weights and the probability at or above which a block is kept.
pub struct Model {
    /// Weights, in [`FEATURES`] order.
    pub weights: [f32; N_FEATURES],
    /// Threshold on the probability, for blocks inside the densest container.
    pub threshold: f32,
    /// ... and for blocks outside it.
    pub threshold_outside: f32,
}

impl Model {
    /// Whether a block with probability `p` is kept (`inside` the densest container).
    pub fn keeps(&self, p: f32, inside: bool) -> bool {
        p >= if inside {
            self.threshold
        } else {
            self.threshold_outside
        }
    }
}

/// The compiled-in model (`data/block-weights.tsv`).
pub fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| parse_model(include_str!("../data/block-weights.tsv")))
}

/// Parses a weights file: `name<TAB>weight` lines and a `threshold<TAB>p` line; `#` lines
/// are comments, unknown names are ignored.
pub fn parse_model(text: &str) -> Model {
    let mut m = Model {
        weights: [0.0; N_FEATURES],
        threshold: 0.5,
        threshold_outside: 0.5,
    };
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((name, v)) = line.rsplit_once('\t') else {
            continue;
        };
        let Ok(v) = v.parse::<f32>() else { continue };
        if name == "threshold" {
            m.threshold = v;
        } else if name == "threshold outside" {
            m.threshold_outside = v;
        } else if let Some(i) = FEATURES.iter().position(|f| *f == name) {
            m.weights[i] = v;
        }
    }
    m
}

/// The probability that a block with features `x` is main content.
pub fn probability(x: &[f32; N_FEATURES], w: &[f32; N_FEATURES]) -> f32 {
    let z: f32 = x.iter().zip(w).map(|(a, b)| a * b).sum();
    1.0 / (1.0 + (-z).exp())
}
