//! Quotations and reported speech: who said what.
//!
//! Every attribution has a content span, the cue that introduces it ("said", "according to",
//! "заявил", a colon of a speaker turn), the source span (the words that name the speaker)
//! and, through the entity layer, the speaker: the KB entity of the source mention or of its
//! coreference cluster, so "she", "the diplomat" and "the Foreign Ministry spokeswoman"
//! resolve to the person they refer to.
//!
//! The method is rule-based and works on the sentence and word layers:
//! 1. quotation regions are found for every mark style (“ ” " " « » „ “ ‹ › ‘ ’), with nesting
//!    and paragraphs that continue a quotation with an opening mark;
//! 2. every reporting cue (English and Russian verbs in all their forms, "according to",
//!    "по словам", "quoted X as saying") is read with its source, found as the noun phrase
//!    before it or, inverted, after it ("…,” said Lavrov", "«…», — заявил Лавров"), and its
//!    content: the "that"/"что" clause or the rest of the sentence after the cue, a quotation
//!    after a comma or colon, or the clause or quotation before it;
//! 3. speaker turns of transcripts and posts ("Sergey Lavrov: …", "Question: …", "💬 Maria
//!    Zakharova: …") attribute the paragraphs up to the next turn;
//! 4. a quotation that follows a direct quotation without a cue of its own continues it;
//! 5. attributions whose cue sits inside another one's content are nested in it (the
//!    reporting chain "TASS quoted Zakharova as saying that Lavrov had told …"); a nested
//!    one stays only when its cue is a verb of saying, and, inside quoted speech, when its
//!    source names someone ("…, sources said" holds "called for" as content, not as a
//!    second attribution; "I say" inside a quotation is how the speaker talks).
//!
//! Beyond the hand lexicon, cue words learned from PolNeAR's train split and a cue classifier
//! (module `learned`) catch the stances, plans and findings that political news attributes
//! ("blamed", "urged", "polls show"), and veto the weak cues that are not cues where they
//! stand ("wrote a book").

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use demarche_kb::EntityType;
use demarche_model::Span;

use crate::entities::{How, Mention};
use crate::span_index::Cover;

mod content;
mod cues;
mod labels;
mod learned;
mod lexicon;
mod posts;
mod readout;
mod regions;
mod resolve;
mod ru;
mod sentence;
mod turns;

use content::*;
pub use cues::is_pronoun;
use cues::*;
use labels::*;
use learned::Learned;
pub use learned::{cue_candidates, CueCandidate, CueStat};
use lexicon::*;
use posts::*;
use readout::*;
pub use regions::quotation_regions;
use regions::*;
use resolve::*;
use ru::*;
use sentence::*;
use turns::*;

/// What kind of attribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The content is a quotation in quotation marks.
    Direct,
    /// Reported speech that contains a partial quotation ("called it “a step forward”").
    Mixed,
    /// Reported speech without quotation marks.
    Indirect,
    /// A speaker turn of a transcript or a post ("Sergey Lavrov: …").
    Turn,
    /// A post's paragraph or headline signed after a dash ("…, — Песков").
    Trailing,
}

impl Form {
    /// Name used in output.
    pub fn name(&self) -> &'static str {
        match self {
            Form::Direct => "direct",
            Form::Mixed => "mixed",
            Form::Indirect => "indirect",
            Form::Turn => "turn",
            Form::Trailing => "trailing",
        }
    }

    /// Direct quotations and speaker turns give the speaker's own words.
    pub fn is_direct(&self) -> bool {
        matches!(self, Form::Direct | Form::Turn)
    }
}

/// One attribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// What was said (bytes; a quotation keeps its marks).
    pub content: Span,
    /// The words that introduce it.
    pub cue: Option<Span>,
    /// The words that name the speaker.
    pub source: Option<Span>,
    /// The entity mention (index in the entity layer) that names the speaker.
    pub mention: Option<usize>,
    /// The speaker's KB entity, through the mention or its coreference cluster.
    pub speaker: Option<u32>,
    /// The speaker's entity cluster in the document.
    pub cluster: Option<u32>,
    /// Direct, mixed, indirect or turn.
    pub form: Form,
    /// The attribution this one is reported in (index in the quote layer).
    pub parent: Option<usize>,
    /// Who said it, resolved: one speaker, several for a joint statement ("the leaders
    /// agreed"), none when the source names no one that could be resolved.
    pub speakers: Vec<crate::speakers::Speaker>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strength {
    /// Verbs of saying: a clause after them is what was said.
    Strong,
    /// Verbs that report only with "that", a colon, a quotation or an inverted clause.
    Weak,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tk {
    Word,
    Punct(char),
    Para,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    s: usize,
    e: usize,
    k: Tk,
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut it = text.char_indices().peekable();
    while let Some((p, c)) = it.next() {
        if c.is_alphanumeric() {
            let mut e = p + c.len_utf8();
            while let Some(&(q, d)) = it.peek() {
                let inner = matches!(d, '\'' | '’' | '-' | '.');
                if d.is_alphanumeric() || d == '\u{301}' {
                    e = q + d.len_utf8();
                    it.next();
                } else if inner {
                    // keep inner apostrophes, hyphens and dots of abbreviations ("U.S.")
                    let next = text[q + d.len_utf8()..].chars().next();
                    if next.is_some_and(char::is_alphanumeric) {
                        e = q + d.len_utf8();
                        it.next();
                    } else if d == '.'
                        && text[p..q].chars().filter(|c| c.is_alphabetic()).count() == 1
                        && c.is_uppercase()
                    {
                        // an initial or the last dot of "U.S."
                        e = q + 1;
                        it.next();
                        break;
                    } else if d == '.' && text[p..q].contains('.') {
                        e = q + 1;
                        it.next();
                        break;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(Tok {
                s: p,
                e,
                k: Tk::Word,
            });
        } else if c == '\n' {
            if !matches!(out.last(), Some(Tok { k: Tk::Para, .. })) {
                out.push(Tok {
                    s: p,
                    e: p + 1,
                    k: Tk::Para,
                });
            }
        } else if !c.is_whitespace() {
            out.push(Tok {
                s: p,
                e: p + c.len_utf8(),
                k: Tk::Punct(c),
            });
        }
    }
    out
}

/// The quotation annotator. Stateless; built once.
#[derive(Debug, Default)]
pub struct QuoteAnnotator;

struct Ctx<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    /// Each token's lowercase form ("" for punctuation), with ’ written '.
    low: Low,
    /// Top-level quotation regions.
    regions: Vec<Span>,
    mentions: &'a [Mention],
    /// Each cluster's first KB entity, in mention order.
    cluster_kb: FxHashMap<u32, u32>,
}

/// The lowercase forms of a text's tokens, in one buffer.
struct Low {
    buf: String,
    at: Vec<(u32, u32)>,
}

impl std::ops::Index<usize> for Low {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        let (a, b) = self.at[i];
        &self.buf[a as usize..b as usize]
    }
}

impl<'a> Ctx<'a> {
    /// Token ranges of the paragraphs (lines between paragraph tokens), empty ones left out.
    fn paragraphs(&self) -> Vec<(usize, usize)> {
        let n = self.toks.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let mut e = i;
            while e < n && self.toks[e].k != Tk::Para {
                e += 1;
            }
            if e > i {
                out.push((i, e));
            }
            i = e + 1;
        }
        out
    }

    /// Indices of the mentions that start in bytes `a..b` (the mentions are sorted by start).
    fn mentions_from(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let lo = self
            .mentions
            .partition_point(|m| (m.span.start as usize) < a);
        let hi = self
            .mentions
            .partition_point(|m| (m.span.start as usize) < b);
        lo..hi.max(lo)
    }

    fn new(text: &'a str, mentions: &'a [Mention]) -> Ctx<'a> {
        let toks = tokenize(text);
        let mut low = Low {
            buf: String::with_capacity(text.len()),
            at: Vec::with_capacity(toks.len()),
        };
        for t in &toks {
            let a = low.buf.len() as u32;
            if t.k == Tk::Word {
                let w = &text[t.s..t.e];
                if w.is_ascii() {
                    low.buf.push_str(w);
                    low.buf[a as usize..].make_ascii_lowercase();
                } else {
                    let l = if w.chars().any(char::is_uppercase) {
                        std::borrow::Cow::Owned(w.to_lowercase())
                    } else {
                        std::borrow::Cow::Borrowed(w)
                    };
                    low.buf
                        .extend(l.chars().map(|c| if c == '’' { '\'' } else { c }));
                }
            }
            low.at.push((a, low.buf.len() as u32));
        }
        let mut cluster_kb = FxHashMap::default();
        for m in mentions {
            if let Some(k) = m.kb {
                cluster_kb.entry(m.cluster).or_insert(k);
            }
        }
        Ctx {
            text,
            regions: quotation_regions(text),
            toks,
            low,
            mentions,
            cluster_kb,
        }
    }
    fn word(&self, i: usize) -> Option<&str> {
        match self.toks.get(i)?.k {
            Tk::Word => Some(&self.low[i]),
            _ => None,
        }
    }
    fn punct(&self, i: usize) -> Option<char> {
        match self.toks.get(i)?.k {
            Tk::Punct(c) => Some(c),
            _ => None,
        }
    }
    fn orig(&self, i: usize) -> &str {
        let t = self.toks[i];
        &self.text[t.s..t.e]
    }
    fn cap(&self, i: usize) -> bool {
        self.toks[i].k == Tk::Word && self.orig(i).chars().next().is_some_and(char::is_uppercase)
    }
    /// The top-level region containing byte `p`, if any.
    fn region_at(&self, p: usize) -> Option<Span> {
        let n = self.regions.partition_point(|r| (r.start as usize) <= p);
        self.regions[..n]
            .iter()
            .rev()
            .take(4)
            .find(|r| (r.start as usize) <= p && p < r.end as usize)
            .copied()
    }
    /// The quotation region whose opening mark is token `k`.
    fn region_opening(&self, k: usize) -> Option<Span> {
        let s = self.toks.get(k)?.s;
        self.region_at(s).filter(|r| r.start as usize == s)
    }
    /// The region ending exactly at token `i` (its closing mark): among the regions opened
    /// before it, the last.
    fn region_to(&self, i: usize) -> Option<Span> {
        let e = self.toks.get(i)?.e as u32;
        let n = self.regions.partition_point(|r| r.start < e);
        self.regions[..n].iter().rev().find(|r| r.end == e).copied()
    }
}

/// The sentences with each one that ends in a colon joined to the quotation that opens the
/// next paragraph, through the quotation's end («Наумов заявил:» ⏎ «Безусловно, …»;
/// "He said:" ⏎ "We will …").
fn colon_joined(cx: &Ctx, sentences: &[Span]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(sentences.len());
    let mut i = 0;
    while i < sentences.len() {
        let s = sentences[i];
        let ends_colon = cx.text[s.range()].trim_end().ends_with(':');
        let next = sentences.get(i + 1).copied();
        let region = next.filter(|_| ends_colon).and_then(|n| {
            let gap = &cx.text[s.end as usize..n.start as usize];
            let lead = cx.text[n.range()].len() - cx.text[n.range()].trim_start().len();
            let at = n.start as usize + lead;
            (gap.contains('\n') || cx.text[s.range()].contains('\n') || gap.trim().is_empty())
                .then(|| cx.region_at(at).filter(|r| r.start as usize == at))
                .flatten()
        });
        match region {
            Some(r) => {
                let mut j = i + 1;
                while j + 1 < sentences.len() && sentences[j + 1].start < r.end {
                    j += 1;
                }
                out.push(Span::new(s.start, sentences[j].end.max(r.end)));
                i = j + 1;
            }
            None => {
                out.push(s);
                i += 1;
            }
        }
    }
    out
}

/// «По словам Наумова, это создаст импульс:» ⏎ «Безусловно, …»: reported speech that ends in a
/// colon and the quotation after it are two attributions of one source, indirect then direct.
fn split_at_colon_quotations(cx: &Ctx, quotes: &mut Vec<Quote>) {
    let mut added = Vec::new();
    for q in quotes.iter_mut() {
        let body = &cx.text[q.content.range()];
        let Some(colon) = body.find(":\n").or_else(|| body.find(": \n")) else {
            continue;
        };
        let at = q.content.start as usize + colon;
        let rest = &cx.text[at + 1..q.content.end as usize];
        let lead = rest.len() - rest.trim_start().len();
        let open = at + 1 + lead;
        let Some(r) = cx.region_at(open).filter(|r| r.start as usize == open) else {
            continue;
        };
        let before = cx.text[q.content.start as usize..at].trim_end();
        if before.is_empty() {
            continue;
        }
        let mut direct = q.clone();
        direct.content = Span::new(r.start, r.end.min(q.content.end.max(r.end)));
        direct.form = Form::Direct;
        q.content = Span::new(
            q.content.start,
            (q.content.start as usize + before.len()) as u32,
        );
        if q.form == Form::Mixed && !cx.text[q.content.range()].contains(['«', '“', '"']) {
            q.form = Form::Indirect;
        }
        added.push(direct);
    }
    quotes.extend(added);
    quotes.sort_by_key(|q| (q.content.start, q.cue.map(|c| c.start)));
}

fn span(a: usize, b: usize) -> Span {
    Span::new(a as u32, b as u32)
}

impl QuoteAnnotator {
    /// A quotation annotator.
    pub fn new() -> QuoteAnnotator {
        QuoteAnnotator
    }

    /// The attributions of a text, given its sentences and entity mentions (both sorted).
    ///
    /// `doc` tells speaker resolution the document's date, outlet, title and KB.
    pub fn annotate(
        &self,
        text: &str,
        sentences: &[Span],
        mentions: &[Mention],
        doc: &crate::speakers::Context,
    ) -> Vec<Quote> {
        let cx = Ctx::new(text, mentions);
        let mut quotes: Vec<Quote> = Vec::new();
        turns(&cx, &mut quotes);
        labelled_turns(&cx, &mut quotes);
        signed_quotes(&cx, &mut quotes);
        headed_statements(&cx, &mut quotes);
        let cuts = post_conventions(&cx, &mut quotes);
        let official = doc.principal.is_some()
            || doc.declared().is_some()
            || quotes.iter().filter(|q| q.form == Form::Turn).count() >= 2;
        // "He said:" and a quotation in the next paragraph are one sentence to the cues
        let joined = colon_joined(&cx, sentences);
        let sentences: &[Span] = &joined;
        for (si, s) in sentences.iter().enumerate() {
            let a = cx.toks.partition_point(|t| t.s < s.start as usize);
            let b = cx.toks.partition_point(|t| t.s < s.end as usize);
            if is_russian(&cx, a, b) {
                ru_sentence(&cx, sentences, si, a, b, &cuts, &mut quotes);
            } else {
                passives(&cx, a, b, &mut quotes);
                sentence(&cx, a, b, !official, &mut quotes);
                if official {
                    official_acts(&cx, a, b, &mut quotes);
                }
            }
        }
        split_at_colon_quotations(&cx, &mut quotes);
        continuations(&cx, sentences, &mut quotes);
        quotes.sort_by_key(|q| (q.content.start, q.cue.map(|c| c.start)));
        quotes.dedup_by(|b, a| a.content == b.content && a.cue == b.cue);
        // one statement reported twice by one source ("he said, adding “…”", "Beck, who
        // said"): the first attribution stands, or the one naming the source
        let relative = |q: &Quote| {
            q.source
                .is_some_and(|s| matches!(&cx.text[s.range()], "who" | "which" | "that"))
        };
        quotes.dedup_by(|b, a| {
            let (Some(sa), Some(sb)) = (a.source, b.source) else {
                return false;
            };
            let same = a.content == b.content
                && (sa.start < sb.end && sb.start < sa.end
                    || cx.text[sa.range()].eq_ignore_ascii_case(&cx.text[sb.range()])
                    || relative(a)
                    || relative(b));
            if same && relative(a) && !relative(b) {
                std::mem::swap(a, b);
            }
            same
        });
        // topic-only reports are a readout's narration, not attributions (in news they are)
        if doc.principal.is_some() || !doc.participants().is_empty() {
            drop_topic_reports(&cx, &mut quotes);
        }
        for q in quotes.iter_mut() {
            resolve(&cx, q);
        }
        document_authors(&cx, sentences, &mut quotes);
        // inside a speaker's own words (transcripts, posts), "we said that..." and stray
        // clauses are many: keep the nested attributions whose source names someone
        let turns = Cover::new(
            quotes
                .iter()
                .filter(|q| q.form == Form::Turn)
                .map(|q| (q.content.start as usize, q.content.end as usize)),
        );
        quotes.retain(|q| {
            let nested = q.form != Form::Turn
                && q.cue
                    .is_some_and(|c| turns.holds(c.start as usize, c.end as usize));
            !nested || plausible_source(&cx, q)
        });
        drop_self_sourcing(&cx, doc.outlet, &mut quotes);
        crate::speakers::assign(doc, &mut quotes);
        drop_own_speech(&cx, doc, &mut quotes);
        nest(&mut quotes);
        prune_nested(&cx, &mut quotes);
        quotes
    }
}

/// Adds an attribution from token ranges and returns its index.
fn push(
    cx: &Ctx,
    out: &mut Vec<Quote>,
    x: usize,
    y: usize,
    cue: Option<(usize, usize)>,
    source: Option<(usize, usize)>,
) -> Option<usize> {
    if x >= y {
        return None;
    }
    let mut s = cx.toks[x].s;
    let mut e = cx.toks[y - 1].e;
    // a cue inside a quotation reports within it: “Let me tell you the facts,” Cruz said
    // has no attribution headed by "tell" whose content runs out of the marks
    if let Some(r) = cue.and_then(|c| cx.region_at(cx.toks[c.0].s)) {
        if s < r.start as usize || e > r.end as usize {
            return None;
        }
    }
    // a quotation that starts here and runs past the sentence (several sentences quoted)
    if let Some(r) = cx.region_at(s) {
        if r.start as usize == s {
            e = r.end as usize;
        }
        if (r.start as usize) < s
            && (r.end as usize) >= e
            && cue.is_some_and(|c| {
                cx.toks[c.0].s > r.end as usize || cx.toks[c.0].s < r.start as usize
            })
        {
            s = r.start as usize;
            e = e.max(r.end as usize);
        }
    }
    // trailing commas and dashes are not content
    let t = &cx.text[s..e];
    let trimmed = t.trim_end_matches(|c: char| c == ',' || dash(c) || c.is_whitespace());
    e = s + trimmed.len();
    if e <= s {
        return None;
    }
    let content = span(s, e);
    // direct when the content is one quotation region, mixed when it holds one
    // (the regions are sorted by start: only those starting in the content are looked at)
    let first = cx.regions.partition_point(|r| (r.start as usize) < s);
    let within = || {
        cx.regions[first..]
            .iter()
            .take_while(|r| r.start as usize <= e + 1)
    };
    let whole = within().any(|r| r.start as usize == s && r.end as usize >= e.saturating_sub(1));
    let inside = within().any(|r| (r.end as usize) <= e + 1);
    let form = if whole {
        Form::Direct
    } else if inside {
        Form::Mixed
    } else {
        Form::Indirect
    };
    out.push(Quote {
        content,
        cue: cue.map(|(a, b)| span(cx.toks[a].s, cx.toks[b - 1].e)),
        source: source.map(|(a, b)| span(cx.toks[a].s, cx.toks[b - 1].e)),
        mention: None,
        speaker: None,
        cluster: None,
        form,
        parent: None,
        speakers: Vec::new(),
    });
    Some(out.len() - 1)
}

/// A quotation with no cue of its own right after a direct quotation continues it: “A,” she
/// said. “B.”
fn continuations(cx: &Ctx, sentences: &[Span], quotes: &mut [Quote]) {
    let mut extra: Vec<(usize, Span)> = Vec::new();
    let contents = Cover::new(
        quotes
            .iter()
            .map(|q| (q.content.start as usize, q.content.end as usize)),
    );
    // the direct attributions by the end of their content (then by position: the last of
    // equal ends is the one taken)
    let mut direct: Vec<usize> = (0..quotes.len())
        .filter(|&i| quotes[i].form == Form::Direct)
        .collect();
    direct.sort_by_key(|&i| (quotes[i].content.end, i));
    for r in &cx.regions {
        let rs = r.start as usize;
        if contents.holds(rs, rs + 1)
            || extra
                .iter()
                .any(|(_, x)| x.start as usize <= rs && rs < x.end as usize)
        {
            continue;
        }
        // the quotation must be (most of) its sentence
        let si = sentences.partition_point(|s| (s.end as usize) <= rs);
        let Some(sent) = sentences.get(si) else {
            continue;
        };
        let s_text = cx.text[sent.range()].trim();
        if s_text.len() > r.len() as usize + 3 || (sent.start as usize) + 3 < rs {
            continue;
        }
        // the nearest earlier direct attribution within two sentences
        let before = direct.partition_point(|&i| (quotes[i].content.end as usize) <= rs);
        let Some(prev) = before.checked_sub(1).map(|d| &quotes[direct[d]]) else {
            continue;
        };
        let pe = prev.content.end as usize;
        let between = &cx.text[pe.max(prev.cue.map_or(0, |c| c.end as usize))..rs];
        // sentences wholly between (sorted, not overlapping)
        let from = sentences.partition_point(|s| (s.start as usize) < pe);
        let to = sentences.partition_point(|s| (s.end as usize) <= rs);
        let gap_ok =
            to.saturating_sub(from) <= 1 && between.len() < 200 && !between.contains("\n\n\n");
        if !gap_ok {
            continue;
        }
        let k = quotes.iter().position(|q| q == prev).unwrap_or(0);
        extra.push((k, *r));
    }
    // PolNeAR and the reader both take “A,” she said. “B.” as one quotation interrupted by
    // its cue: the content runs from the first mark to the last.
    for (k, r) in extra {
        quotes[k].content.end = quotes[k].content.end.max(r.end);
    }
}
