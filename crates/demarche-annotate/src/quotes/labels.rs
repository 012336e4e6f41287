//! Speaker labels anywhere in the text: a transcript's "President of Russia Vladimir Putin:",
//! "Defence Minister Sergei Shoigu: Mr President, …", «С.В.Лавров:», "Question:", whether each
//! opens its own line or sits inline in text whose paragraphs were flattened ("… Chupriyan.
//! `* * *` President of Russia Vladimir Putin: Good afternoon, colleagues."), and a post's
//! headline turn («Песков: …»).
//!
//! A label is a run of capitalised words (with "of", "the", "for" and "and" between them, and
//! perhaps a parenthesis such as "(retranslated)") that ends at a colon, opens after a
//! sentence end, a line start, a section mark or a lower-case word, and names a person (an
//! entity mention) or is a generic label ("Question", «Вопрос»). A turn runs from its colon to
//! the next label; when a document has a single label, its turn is its paragraph (a headline
//! turn), not the rest of the document.

#[allow(unused_imports)]
use super::*;

/// Words that may join the capitalised words of a label ("President of the Russian
/// Federation").
fn connector(w: &str) -> bool {
    matches!(
        w,
        "of" | "the" | "for" | "and" | "on" | "de" | "du" | "von" | "van" | "al" | "bin"
    )
}

/// Labels that name a role in the conversation rather than a person.
fn generic(w: &str) -> bool {
    matches!(
        w,
        "question"
            | "answer"
            | "reply"
            | "remark"
            | "moderator"
            | "вопрос"
            | "ответ"
            | "реплика"
            | "модератор"
            | "ведущий"
            | "ведущая"
    )
}

/// A label found in the text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Label {
    /// First token of the label.
    pub start: usize,
    /// The colon's token.
    pub colon: usize,
    /// The source: the label up to the end of the person it names (biography debris after
    /// the name is left out), in bytes.
    pub source: Span,
    /// The person mention the label names, if any.
    pub mention: Option<usize>,
}

/// Is token `k` a place a label can start after: the text's start, a line end, a sentence
/// end, a section mark ("* * *", "<…>") or a closing mark?
fn boundary_before(cx: &Ctx, k: usize) -> bool {
    if k == 0 {
        return true;
    }
    match cx.toks[k - 1].k {
        Tk::Para => true,
        Tk::Punct(c) => {
            matches!(
                c,
                '.' | '!' | '?' | '…' | '*' | '>' | '»' | '”' | '"' | ')' | ']' | '•' | '—' | '–'
            ) || !c.is_alphanumeric() && !matches!(c, ',' | ';' | ':' | '(' | '-' | '«' | '“')
        }
        Tk::Word => false,
    }
}

/// The labels of a text, in order.
pub(super) fn labels(cx: &Ctx) -> Vec<Label> {
    let n = cx.toks.len();
    let mut out: Vec<Label> = Vec::new();
    for k in 1..n {
        if cx.punct(k) != Some(':') {
            continue;
        }
        // the speech after it: three words or more before the line ends
        let words_after = (k + 1..n)
            .take_while(|&x| cx.toks[x].k != Tk::Para)
            .filter(|&x| cx.toks[x].k == Tk::Word)
            .take(3)
            .count();
        if words_after < 3 && !(k + 1 < n && cx.toks[k + 1].k == Tk::Para) {
            continue;
        }
        // a parenthesis right before the colon: "Narendra Modi (retranslated):"
        let mut j = k;
        if cx.punct(j - 1) == Some(')') {
            match (j.saturating_sub(8)..j - 1)
                .rev()
                .find(|&x| cx.punct(x) == Some('('))
            {
                Some(o) => j = o,
                None => continue,
            }
        }
        // back over capitalised words and connectors
        let mut s = j;
        while s > 0 && j - s < 16 {
            let t = s - 1;
            match cx.toks[t].k {
                Tk::Word if cx.cap(t) => s = t,
                Tk::Word if connector(&cx.low[t]) && t > 0 && cx.cap(t - 1) => s = t,
                Tk::Punct(',') if t > 0 && cx.cap(t - 1) && s < j && cx.cap(s) => {
                    // "Minister for Civil Defence, Emergencies and Natural Disaster Relief"
                    s = t
                }
                _ => break,
            }
        }
        while s < j && (cx.toks[s].k != Tk::Word || connector(&cx.low[s])) {
            s += 1;
        }
        if s >= j {
            continue;
        }
        let first_low = &cx.low[s];
        let start_b = cx.toks[s].s;
        let end_b = cx.toks[j - 1].e;
        // the person the label names: the first person mention inside it
        let lo = cx
            .mentions
            .partition_point(|m| (m.span.start as usize) < start_b);
        let mention = cx.mentions[lo..]
            .iter()
            .take_while(|m| (m.span.start as usize) < end_b)
            .position(|m| {
                m.kind == EntityType::Person
                    && (m.span.end as usize) <= end_b
                    && m.how != How::Pronoun
            })
            .map(|i| lo + i);
        let is_generic = generic(first_low) && j - s == 1;
        // at a line's start, a body may hold the floor too («Минобороны РФ: …»)
        let line_start = (0..s)
            .rev()
            .find(|&x| cx.toks[x].k == Tk::Para || cx.toks[x].k == Tk::Word)
            .is_none_or(|x| cx.toks[x].k == Tk::Para);
        let body = (mention.is_none() && line_start && j - s <= 4)
            .then(|| {
                cx.mentions[lo..]
                    .iter()
                    .take_while(|m| m.span.start as usize == start_b)
                    .position(|m| matches!(m.kind, EntityType::Organisation) && m.kb.is_some())
                    .map(|i| lo + i)
            })
            .flatten();
        let mention = mention.or(body);
        if mention.is_none() && !is_generic {
            continue;
        }
        // a label opens a line or a sentence; after a lower-case word only when it names a
        // person by a role and a name ("… talks Prime Minister of India Narendra Modi:")
        let after_word = !boundary_before(cx, s);
        if after_word {
            let Some(m) = mention else { continue };
            if cx.mentions[m].span.start as usize == start_b {
                continue;
            }
        }
        // the label is the whole clause: no verb of saying right before it in the sentence
        // ("Lavrov said:" is a cue, not a label)
        if s > 0
            && cx.word(s - 1).is_some_and(|w| {
                hand_cue(w).is_some()
                    && (w.ends_with("ed")
                        || matches!(w, "said" | "told" | "wrote" | "says" | "adds"))
            })
        {
            continue;
        }
        let source_end = mention.map_or(end_b, |m| cx.mentions[m].span.end as usize);
        out.push(Label {
            start: s,
            colon: k,
            source: span(start_b, source_end),
            mention,
        });
    }
    out
}

/// Trims a turn's end: white space, a final omission mark (`<…>`, `[…]`) and section marks.
fn trim_turn_end(text: &str, s: usize, mut e: usize) -> usize {
    loop {
        let t = text[s..e].trim_end();
        let t2 = t
            .trim_end_matches("<…>")
            .trim_end_matches("<...>")
            .trim_end_matches("[…]")
            .trim_end_matches("[...]")
            .trim_end_matches('*')
            .trim_end();
        let ne = s + t2.len();
        if ne == e {
            return e;
        }
        e = ne;
    }
}

/// Turns from labels that the paragraph-start rules did not already give: each runs from its
/// colon to the next label (in a transcript of two labels or more), or over its paragraph.
pub(super) fn labelled_turns(cx: &Ctx, out: &mut Vec<Quote>) {
    let labels = labels(cx);
    if labels.is_empty() {
        return;
    }
    let taken: Vec<Span> = out
        .iter()
        .filter(|q| q.form == Form::Turn)
        .filter_map(|q| q.cue)
        .collect();
    let transcript = labels.len() >= 2;
    let n = cx.toks.len();
    for (i, l) in labels.iter().enumerate() {
        let colon = span(cx.toks[l.colon].s, cx.toks[l.colon].e);
        if taken.contains(&colon) {
            continue;
        }
        let mut c = l.colon + 1;
        while c < n && cx.toks[c].k == Tk::Para {
            c += 1;
        }
        if c >= n {
            continue;
        }
        let end_tok = if transcript {
            labels.get(i + 1).map_or(n, |next| next.start)
        } else {
            (c..n).find(|&x| cx.toks[x].k == Tk::Para).unwrap_or(n)
        };
        if end_tok <= c {
            continue;
        }
        let s = cx.toks[c].s;
        let e = trim_turn_end(cx.text, s, cx.toks[end_tok - 1].e);
        if e <= s {
            continue;
        }
        out.push(Quote {
            content: span(s, e),
            cue: Some(colon),
            source: Some(l.source),
            mention: l.mention,
            speaker: None,
            cluster: None,
            form: Form::Turn,
            parent: None,
            speakers: Vec::new(),
        });
    }
}

/// Inside a speaker's own words (a turn, or a document whose title declares its speaker),
/// the speaker's performatives and self-reports ("I would like to note that …", "as we
/// agreed") are how the speaker talks, and stray clauses are many: an attribution nested
/// there stays only when a verb of saying reports someone else's words ("Just as you have
/// said", "as Moscow claims") and its speaker is resolved to someone other than the one who
/// holds the floor.
pub(super) fn drop_own_speech(cx: &Ctx, doc: &crate::speakers::Context, quotes: &mut Vec<Quote>) {
    let turns: Vec<(Span, Vec<String>)> = quotes
        .iter()
        .filter(|q| q.form == Form::Turn)
        .map(|q| {
            (
                q.content,
                q.speakers.iter().map(|s| s.key.clone()).collect(),
            )
        })
        .collect();
    let declared: Option<Vec<String>> = doc.declared().map(|d| vec![d.key]);
    quotes.retain(|q| {
        if q.form == Form::Turn {
            return true;
        }
        let at = q.cue.or(q.source).map_or(q.content.start, |s| s.start);
        let floor = turns
            .iter()
            .rev()
            .find(|(t, _)| t.start <= at && at < t.end)
            .map(|(_, k)| k.clone())
            .or_else(|| declared.clone());
        let Some(floor) = floor else { return true };
        let first = q
            .source
            .map(|src| {
                cx.text[src.range()]
                    .split(|c: char| !c.is_alphanumeric())
                    .find(|w| !w.is_empty())
                    .unwrap_or("")
                    .to_lowercase()
            })
            .unwrap_or_default();
        if matches!(first.as_str(), "i" | "we" | "я" | "мы") {
            return false;
        }
        let head = q.cue.map_or(String::new(), |c| {
            cx.text[c.range()]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase()
        });
        let speech = hand_cue(&head) == Some(Strength::Strong)
            || matches!(
                head.as_str(),
                "according" | "words" | "called" | "claims" | "по"
            )
            || head
                .chars()
                .next()
                .is_some_and(|c| ('а'..='я').contains(&c));
        let other = !q.speakers.is_empty() && q.speakers.iter().all(|s| !floor.contains(&s.key));
        speech && other
    });
}
