//! Channel-post conventions: statements signed after a dash and lists under a header.
//!
//! - **Signatures** («…, — Песков», «… — СМИ», "… — data by X", a paragraph that is only
//!   «— Владимир Трубин.» under the words it signs): a line whose last dash is followed by a
//!   short phrase that names a source — a capitalised name or body, an unnamed source noun
//!   («СМИ», «источник»), perhaps after a verb of saying or «данные», «опрос» — attributes
//!   the line (a headline, a paragraph) before the dash to it;
//! - **lists under a header** («Главное из указа:», «Остальные предсказания:», "Key points of
//!   the statement:"): each item after a header that ends with a colon and names a document
//!   or statement is a turn of whoever the text before the header made its author.
//!
//! The signature's dash ends the content of any other attribution on its line, so the
//! reported clause of «Зеленский пообещал, что … — СМИ» stops before «— СМИ».

#[allow(unused_imports)]
use super::*;

/// Nouns that stand for an unnamed source in a signature.
fn unnamed_source(w: &str) -> bool {
    matches!(
        w,
        "сми"
            | "источник"
            | "источники"
            | "инсайдеры"
            | "очевидцы"
            | "эксперты"
            | "аналитики"
            | "соцсети"
            | "media"
            | "sources"
            | "source"
    )
}

/// Words a signature may open with before its source: verbs of saying (any form the cue
/// lexicon knows), «данные», «опрос», «по данным».
fn signature_lead(w: &str) -> bool {
    ru_cues().contains_key(w)
        || hand_cue(w).is_some()
        || matches!(
            w,
            "данные"
                | "опрос"
                | "по"
                | "данным"
                | "со"
                | "ссылкой"
                | "на"
                | "в"
                | "пишет"
                | "says"
        )
}

/// A signature after the dash at token `d`, up to `e` (the line's end): its source tokens.
fn signature(cx: &Ctx, d: usize, e: usize) -> Option<(usize, usize)> {
    let words: Vec<usize> = (d + 1..e).filter(|&k| cx.toks[k].k == Tk::Word).collect();
    if words.is_empty() || words.len() > 7 {
        return None;
    }
    // nothing but words, a full stop, closing marks and emoji after the dash
    if (d + 1..e).any(|k| matches!(cx.toks[k].k, Tk::Punct(',' | ':' | ';' | '?' | '—' | '–')))
    {
        return None;
    }
    let mut s = words[0];
    while s < e && cx.word(s).is_some_and(signature_lead) {
        s += 1;
    }
    let src: Vec<usize> = words.iter().copied().filter(|&k| k >= s).collect();
    let first = *src.first()?;
    let last = *src.last()?;
    let names = src.iter().any(|&k| cx.cap(k))
        || src.iter().any(|&k| cx.word(k).is_some_and(unnamed_source));
    if !names {
        return None;
    }
    // a signature names; it is not a clause with a verb of its own ("— это создаст …")
    if src
        .iter()
        .any(|&k| cx.word(k).is_some_and(|w| w == "это" || w == "этот"))
    {
        return None;
    }
    Some((first, last + 1))
}

/// The first token of a line's content: past bullets, emoji and opening marks of markup.
fn line_start(cx: &Ctx, a: usize, e: usize) -> usize {
    let mut s = a;
    while s < e && cx.toks[s].k != Tk::Word && !cx.punct(s).is_some_and(is_open) {
        s += 1;
    }
    s
}

/// Signed lines and lists under a header. Returns the dash tokens of the signatures (the
/// cuts other attributions' content must stop at).
pub(super) fn post_conventions(cx: &Ctx, out: &mut Vec<Quote>) -> Vec<usize> {
    let lines = cx.paragraphs();
    let mut cuts = Vec::new();
    for (li, &(a, e)) in lines.iter().enumerate() {
        let s = line_start(cx, a, e);
        if s >= e {
            continue;
        }
        // the last dash of the line with words before it
        let Some(d) = (s + 1..e)
            .rev()
            .find(|&k| matches!(cx.toks[k].k, Tk::Punct('—' | '–')))
        else {
            continue;
        };
        let Some(src) = signature(cx, d, e) else {
            continue;
        };
        let before_words = (s..d).filter(|&k| cx.toks[k].k == Tk::Word).count();
        let dash = span(cx.toks[d].s, cx.toks[d].e);
        // a cue right after the dash is the cue ("— сообщили в Минобороны")
        let cue = (d + 1..src.0)
            .find(|&k| {
                cx.word(k)
                    .is_some_and(|w| ru_cues().contains_key(w) || hand_cue(w).is_some())
            })
            .map(|k| span(cx.toks[k].s, cx.toks[k].e))
            .unwrap_or(dash);
        if before_words >= 3 {
            // the line before the dash
            let mut y = d;
            while y > s && matches!(cx.toks[y - 1].k, Tk::Punct(',' | '.' | '-')) {
                y -= 1;
            }
            if y <= s {
                continue;
            }
            cuts.push(d);
            if out.iter().any(|q| q.cue == Some(cue)) {
                continue;
            }
            push_signed(cx, out, s, y, cue, src);
        } else if before_words == 0 && li > 0 {
            // «— Владимир Трубин.» under the paragraph it signs
            let (pa, pe) = lines[li - 1];
            let ps = line_start(cx, pa, pe);
            let mut y = pe;
            while y > ps
                && cx.toks[y - 1].k != Tk::Word
                && !cx
                    .punct(y - 1)
                    .is_some_and(|c| is_close(c) || matches!(c, '!' | '?' | '…'))
            {
                y -= 1;
            }
            if y > ps && (ps..y).filter(|&k| cx.toks[k].k == Tk::Word).count() >= 3 {
                push_signed(cx, out, ps, y, cue, src);
            }
        }
    }
    lists(cx, &lines, out);
    cuts.sort_unstable();
    cuts
}

fn push_signed(cx: &Ctx, out: &mut Vec<Quote>, x: usize, y: usize, cue: Span, src: (usize, usize)) {
    let content = span(cx.toks[x].s, cx.toks[y - 1].e);
    let whole = cx
        .regions
        .iter()
        .any(|r| r.start == content.start && r.end >= content.end);
    out.push(Quote {
        content,
        cue: Some(cue),
        source: Some(span(cx.toks[src.0].s, cx.toks[src.1 - 1].e)),
        mention: None,
        speaker: None,
        cluster: None,
        form: if whole { Form::Direct } else { Form::Trailing },
        parent: None,
        speakers: Vec::new(),
    });
}

/// Nouns for what a list's header introduces the points of.
fn document_noun(w: &str) -> bool {
    [
        "указ",
        "документ",
        "заявлени",
        "доклад",
        "прогноз",
        "предсказани",
        "тезис",
        "требовани",
        "выступлени",
        "обращени",
        "послани",
        "statement",
        "points",
        "highlights",
        "address",
        "speech",
    ]
    .iter()
    .any(|p| w.starts_with(p))
}

/// Items of a list under a header that ends with a colon and names a document or statement:
/// each a turn sourced by the header's noun (its speaker is the author the text names before
/// the header).
fn lists(cx: &Ctx, lines: &[(usize, usize)], out: &mut Vec<Quote>) {
    let mut li = 0;
    while li < lines.len() {
        let (a, e) = lines[li];
        li += 1;
        if cx.punct(e - 1) != Some(':') {
            continue;
        }
        let Some(noun) = (a..e).find(|&k| cx.word(k).is_some_and(document_noun)) else {
            continue;
        };
        // the items: the lines after it, up to a line that is not an item (a quotation, a
        // sign-off link, an empty run)
        let mut items = Vec::new();
        let mut lj = li;
        while lj < lines.len() {
            let (ia, ie) = lines[lj];
            let s = line_start(cx, ia, ie);
            let words = (s..ie).filter(|&k| cx.toks[k].k == Tk::Word).count();
            let quote = cx.punct(s).is_some_and(is_open);
            if s >= ie || words < 3 || quote || words > 60 {
                break;
            }
            let mut y = ie;
            while y > s && matches!(cx.toks[y - 1].k, Tk::Punct('.' | ';' | ',')) {
                y -= 1;
            }
            items.push((s, y));
            lj += 1;
        }
        if items.len() < 2 {
            continue;
        }
        let colon = span(cx.toks[e - 1].s, cx.toks[e - 1].e);
        // the author: a person or body the header names, or a short heading line before it
        // ("From President Vladimir Putin's Address …" over "Key talking points:")
        let named_in = |x: usize, y: usize| {
            let (xs, ye) = (cx.toks[x].s as u32, cx.toks[y - 1].e as u32);
            cx.mentions_from(xs as usize, ye as usize).find(|&m| {
                let m = &cx.mentions[m];
                m.span.end <= ye
                    && matches!(m.kind, EntityType::Person | EntityType::Organisation)
                    && m.how != How::Pronoun
            })
        };
        let author = named_in(a, e).or_else(|| {
            let (pa, pe) = *lines.get(li.checked_sub(2)?)?;
            let short = (pa..pe).filter(|&k| cx.toks[k].k == Tk::Word).count() <= 25;
            short.then(|| named_in(pa, pe)).flatten()
        });
        for (s, y) in items {
            let content = span(cx.toks[s].s, cx.toks[y - 1].e);
            if out.iter().any(|q| {
                q.form == Form::Turn
                    && q.content.start <= content.start
                    && content.end <= q.content.end
            }) {
                continue;
            }
            out.push(Quote {
                content,
                cue: Some(colon),
                source: Some(span(cx.toks[noun].s, cx.toks[noun].e)),
                mention: author,
                speaker: None,
                cluster: None,
                form: Form::Turn,
                parent: None,
                speakers: Vec::new(),
            });
        }
        li = lj;
    }
}

/// A channel's own reporting is not an attribution: «По данным SHOT», «как выяснил Mash»
/// name the outlet itself as the source.
pub(super) fn drop_self_sourcing(cx: &Ctx, outlet: Option<&str>, quotes: &mut Vec<Quote>) {
    let Some(o) = outlet else { return };
    let key = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let ok = key(o);
    if ok.is_empty() {
        return;
    }
    quotes.retain(|q| {
        q.source.is_none_or(|s| {
            let sk = key(&cx.text[s.range()]);
            sk.is_empty() || sk != ok
        })
    });
}
