//! The attributions of one sentence: each cue with its source and content.

#[allow(unused_imports)]
use super::*;

/// The attributions of the sentence `a..b`. Those of learned cues come last and only where
/// no cue of the hand lexicon already attributes the same words ("In one tweet, Trump said:
/// “…”" is Trump's, not the tweet's).
///
/// `stances` says whether the learned cues are read at all: news attributes stances and
/// findings ("blamed", "polls show"), but in official communication — a transcript, a
/// declared speech, a leader's office reporting its principal — an attribution is a speech
/// act, and the learned cues there mostly read nouns and narration ("his talks with").
pub(super) fn sentence(cx: &Ctx, a: usize, b: usize, stances: bool, out: &mut Vec<Quote>) {
    let first = out.len();
    let mut learned_out = Vec::new();
    sentence_cues(cx, a, b, out, &mut learned_out);
    if !stances {
        learned_out.clear();
    }
    for q in learned_out {
        let taken = out[first..]
            .iter()
            .any(|o| o.content.start < q.content.end && q.content.start < o.content.end);
        if !taken {
            out.push(q);
        }
    }
}

pub(super) fn sentence_cues(
    cx: &Ctx,
    a: usize,
    b: usize,
    out: &mut Vec<Quote>,
    learned_out: &mut Vec<Quote>,
) {
    // trailing sentence punctuation
    let mut end = b;
    while end > a
        && matches!(
            cx.toks[end - 1].k,
            Tk::Punct('.' | '!' | '?' | '…' | ';') | Tk::Para
        )
    {
        end -= 1;
    }
    let cs = cues(cx, a, b);
    // "Blumenthal and Cohen: “Data collected by ...”": a name, a colon and a quotation
    if cs.is_empty() {
        if let Some(k) = (a..end.min(a + 9)).find(|&k| cx.punct(k) == Some(':')) {
            let words = (a..k).filter(|&x| cx.toks[x].k == Tk::Word).count();
            if (1..=6).contains(&words)
                && cx.cap(a)
                && k + 1 < end
                && cx.punct(k + 1).is_some_and(is_open)
                && quotable_at(cx, k + 1)
            {
                push(cx, out, k + 1, end, Some((k, k + 1)), Some((a, k)));
                return;
            }
        }
    }
    let mut last_source: Option<(usize, usize)> = None;
    for &(c, st, len, l) in &cs {
        let w = &cx.low[c];
        let ce = c + len; // first token after the cue
                          // "Reuters quoted Peskov as saying": the chain is read at "saying"
        if w.starts_with("quot")
            && (ce..end.min(ce + 8))
                .any(|k| cx.word(k) == Some("saying") && k > ce && cx.word(k - 1) == Some("as"))
        {
            continue;
        }
        if let Some(l) = l {
            learned::learned_cue(cx, a, c, ce, end, l, learned_out);
            continue;
        }
        if w == "according" || w == "по" {
            // "according to S, X" / "X, according to S"
            // the source runs to the comma ("According to early results of the exit poll
            // conducted by Edison Research, ...")
            let Some((ss, se)) = source_right(cx, ce, end).or_else(|| {
                let k = (ce..end.min(ce + 20)).find(|&k| cx.punct(k) == Some(','))?;
                (k > ce).then_some((ce, k))
            }) else {
                continue;
            };
            // what precedes: "Note that, according to S, X" and "Moreover, according to S,
            // X" report what follows
            let mut k = c;
            while k > a && matches!(cx.toks[k - 1].k, Tk::Punct(',' | '(' | '—' | '–')) {
                k -= 1;
            }
            let lead_in = k > a
                && (cx.word(k - 1).is_some_and(|w| {
                    matches!(
                        w,
                        "that"
                            | "что"
                            | "moreover"
                            | "however"
                            | "furthermore"
                            | "also"
                            | "but"
                            | "and"
                            | "thus"
                            | "so"
                            | "besides"
                            | "meanwhile"
                            | "then"
                            | "и"
                            | "но"
                            | "а"
                            | "также"
                            | "однако"
                            | "кроме"
                            | "того"
                            | "при"
                            | "этом"
                    )
                }) || (a..k).filter(|&i| cx.toks[i].k == Tk::Word).count() <= 2);
            let content = if c == a
                || lead_in
                || (c > a && matches!(cx.toks[c - 1].k, Tk::Punct('"' | '“' | '«')))
            {
                // after the comma that closes the source
                let mut k = se;
                while k < end && cx.toks[k].k != Tk::Punct(',') {
                    k += 1;
                }
                (k + 1 < end).then(|| (k + 1, end))
            } else {
                let mut k = c;
                while k > a && matches!(cx.toks[k - 1].k, Tk::Punct(',' | '(' | '—' | '–')) {
                    k -= 1;
                }
                (k > a).then_some((a, k))
            };
            if let Some((x, y)) = content {
                push(cx, out, x, y, Some((c, ce)), Some((ss, se)));
            }
            continue;
        }
        // "As Lavrov noted, X" / "X, as Lavrov put it" / "Как отметил Лавров, X"
        if w != "saying" {
            if let Some((x, y, src)) = as_clause(cx, a, c, ce, end) {
                push(cx, out, x, y, Some((c, ce)), Some(src));
                continue;
            }
        }
        // "adding that", "saying": the subject is the main clause's
        let participle = w.ends_with("ing") || w.ends_with("в");
        let after_comma = c > a && cx.toks[c - 1].k == Tk::Punct(',');
        // "X, answering a question, said": a participle without a subject of its own
        // "began by saying", "while adding": a participle in an adjunct of the main clause
        let adjunct_participle = participle
            && c > a
            && cx
                .word(c - 1)
                .is_some_and(|p| matches!(p, "by" | "while" | "after" | "before" | "when"));
        let left = if participle && (after_comma || adjunct_participle) {
            // "Clinton tweeted on Monday, saying that": the subject of the sentence
            match last_source.or_else(|| sentence_subject(cx, a, c)) {
                Some(s) => Some(s),
                None => continue,
            }
        } else if w == "saying" && c >= 2 && cx.word(c - 1) == Some("as") {
            // "quoted Zakharova as saying": the source is the object of "quoted"
            quoted_object(cx, a, c - 1)
        } else {
            source_left(cx, a, c).or_else(|| relative_subject(cx, a, c))
        };
        // the token right before the source or cue
        let right_inverted = left.is_none();
        let source = left.or_else(|| {
            if right_inverted {
                source_right(cx, ce, end)
            } else {
                None
            }
        });
        let Some(source) = source else { continue };
        // content after the cue
        let after_from = if right_inverted { source.1 } else { ce };
        let after = content_after(cx, after_from, end, st, w);
        // content before: "“Q,” S said" / "X, S said" / "«Q», — заявил S"; "“Q,” Reuters
        // quoted S as saying": before the one who quotes
        let chain_head = (w == "saying" && c >= 2 && cx.word(c - 1) == Some("as"))
            .then(|| {
                let k = (a + 1..=source.0)
                    .rev()
                    .find(|&k| cx.word(k - 1).is_some_and(|w| w.starts_with("quot")))?;
                source_left(cx, a, k - 1).map(|o| o.0)
            })
            .flatten();
        let head = if right_inverted {
            c
        } else {
            chain_head.unwrap_or(source.0)
        };
        let before = content_before(cx, a, head, st);
        let quote_before =
            before.is_some_and(|(x, _)| matches!(cx.toks[x].k, Tk::Punct(q) if is_open(q)));
        // a quotation that ended the sentence before ("... is “ongoing.” He said the FBI
        // ...") yields to a clause after the cue
        let before = before.filter(|&(_, y)| y > a || after.is_none());
        // "South Carolina, he said, was ...": the cue interrupts its content, which runs
        // over the whole sentence (outer bounds, as PolNeAR marks it)
        let interrupted = !right_inverted
            && source.0 > a + 1
            && cx.punct(source.0 - 1) == Some(',')
            && cx.punct(ce) == Some(',')
            // a quotation after the cue continues the clause only when it opens in lower
            // case: "An economic downturn, he said, “could be a good time …”"
            && (!cx.punct(ce + 1).is_some_and(is_open)
                || cx.toks.get(ce + 2).is_some_and(|t| {
                    t.k == Tk::Word && cx.text[t.s..].starts_with(char::is_lowercase)
                }))
            && (ce + 1..end).filter(|&k| cx.toks[k].k == Tk::Word).count() >= 2
            && !(a..source.0).any(|k| cx.punct(k).is_some_and(is_open));
        let content = match (after, before) {
            _ if interrupted => Some((a, end)),
            // “Q,” Cruz said after a brief “I'm sorry”: the quotation before, when what
            // follows is not right after the cue
            (Some((r, true)), Some(b)) if quote_before && r.0 > after_from + 1 => Some(b),
            // "that", a colon or a quotation after the cue
            (Some((r, true)), _) => Some(r),
            // “Q,” he said in August after ...: the quotation
            (Some(_), Some(b)) if quote_before => Some(b),
            (Some((r, false)), _) => Some(r),
            (None, b) => b,
        };
        let Some((x, y)) = content else { continue };
        if !right_inverted || participle {
            last_source = Some(source);
        }
        let cue = (c, ce);
        let q = push(cx, out, x, y, Some(cue), Some(source));
        // "TASS quoted Zakharova as saying": the outer level of the chain
        if w == "saying" && c >= 2 && cx.word(c - 1) == Some("as") {
            if let Some(qi) = q {
                let mut k = source.0;
                while k > a && cx.word(k - 1).is_none_or(|w| !w.starts_with("quot")) {
                    k -= 1;
                }
                if k > a {
                    if let Some(outer) = source_left(cx, a, k - 1) {
                        let content = out[qi].content;
                        out.push(Quote {
                            content,
                            cue: Some(span(cx.toks[k - 1].s, cx.toks[k - 1].e)),
                            source: Some(span(cx.toks[outer.0].s, cx.toks[outer.1 - 1].e)),
                            mention: None,
                            speaker: None,
                            cluster: None,
                            form: out[qi].form,
                            parent: None,
                            speakers: Vec::new(),
                        });
                    }
                }
            }
        }
    }
}

/// "As S noted, X" / "X, as S said" / "Как отметил S, X": (content start, end, source).
pub(super) fn as_clause(
    cx: &Ctx,
    a: usize,
    c: usize,
    ce: usize,
    end: usize,
) -> Option<(usize, usize, (usize, usize))> {
    let (as_tok, source, after) = if c > a && cx.word(c - 1) == Some("как") {
        let src = source_right(cx, ce, end)?;
        (c - 1, src, src.1)
    } else {
        let src = source_left(cx, a, c)?;
        if src.0 == a || cx.word(src.0 - 1) != Some("as") {
            return None;
        }
        (src.0 - 1, src, ce)
    };
    // at the start of the sentence (perhaps after an opening mark): the content follows
    // the next comma; otherwise it is what precedes the "as" clause
    let opening = (a..as_tok).all(|k| matches!(cx.toks[k].k, Tk::Punct(q) if is_open(q)));
    if opening {
        let mut k = after;
        while k < end && cx.toks[k].k != Tk::Punct(',') {
            if k > after + 6 {
                return None;
            }
            k += 1;
        }
        (k + 2 < end).then_some((k + 1, end, source))
    } else {
        let mut k = as_tok;
        while k > a && matches!(cx.toks[k - 1].k, Tk::Punct(',' | '—' | '–' | '(')) {
            k -= 1;
        }
        (k > a + 1 && k < as_tok).then_some((a, k, source))
    }
}

/// The subject at the start of a sentence (after a leading adverbial and its comma): a
/// pronoun, a capitalised name, or "the" and up to three words.
pub(super) fn sentence_subject(cx: &Ctx, a: usize, c: usize) -> Option<(usize, usize)> {
    let mut i = a;
    while i < c && cx.toks[i].k != Tk::Word {
        i += 1;
    }
    // "On Tuesday, Clinton ...": skip an opening prepositional phrase
    if cx.word(i).is_some_and(|w| {
        matches!(
            w,
            "on" | "in" | "at" | "after" | "before" | "during" | "earlier" | "later" | "last"
        )
    }) {
        let comma = (i..c.min(i + 8)).find(|&k| cx.punct(k) == Some(','))?;
        i = comma + 1;
    }
    let w = cx.word(i)?;
    if is_pronoun(w) && !matches!(w, "his" | "her" | "their" | "it" | "you") {
        return Some((i, i + 1));
    }
    let mut j = i;
    if matches!(w, "the" | "a" | "an") {
        j += 1;
        while j < c && j < i + 4 && cx.toks[j].k == Tk::Word && !NP_STOP.contains(&&cx.low[j]) {
            j += 1;
        }
        return (j > i + 1 && j < c).then_some((i, j));
    }
    while j < c && j < i + 6 && (cx.toks[j].k == Tk::Word && cx.cap(j) || cx.punct(j) == Some('.'))
    {
        j += 1;
    }
    (j > i && j < c && cx.cap(i)).then_some((i, j))
}

/// The subject of a relative clause the cue belongs to or follows: "Sanders, who endorsed
/// Canova and said he would...", "Lavrov, who is 74, said...".
pub(super) fn relative_subject(cx: &Ctx, a: usize, c: usize) -> Option<(usize, usize)> {
    let lo = c.saturating_sub(30).max(a);
    let who = (lo..c).rev().find(|&k| {
        matches!(cx.word(k), Some("who" | "который" | "которая" | "которые"))
            && k > a
            && cx.punct(k - 1) == Some(',')
    })?;
    // no sentence-level break between the relative pronoun and the cue
    if (who..c).any(|k| matches!(cx.toks[k].k, Tk::Punct('.' | ';' | ':') | Tk::Para)) {
        return None;
    }
    let end = who - 1;
    let mut j = end;
    while j > a && j + 6 > end {
        match cx.toks[j - 1].k {
            Tk::Word if cx.cap(j - 1) || cx.word(j - 1).is_some_and(|w| w == "the") => j -= 1,
            Tk::Punct('.' | '\'' | '’') if j - 1 > a && cx.toks[j - 2].k == Tk::Word => j -= 1,
            _ => break,
        }
    }
    while j < end && cx.toks[j].k != Tk::Word {
        j += 1;
    }
    (j < end && cx.cap(end - 1)).then_some((j, end))
}

/// The object of "quoted" in "quoted Zakharova as saying".
pub(super) fn quoted_object(cx: &Ctx, a: usize, as_tok: usize) -> Option<(usize, usize)> {
    let mut k = as_tok;
    while k > a && cx.word(k - 1).is_some_and(|w| !w.starts_with("quot")) {
        k -= 1;
    }
    (k > a && k < as_tok).then_some((k, as_tok))
}
