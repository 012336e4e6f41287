//! Russian reported speech, read with Russian word order and morphology.
//!
//! Cue verbs come from `data/ru/cues.tsv` (every past form by gender and number, the present
//! and future third person, the gerund), the "по словам X" family from
//! `data/ru/according.tsv`. For each cue in a sentence:
//! - **inverted** (after a comma or a dash: «…», — заявил Песков; …, сообщили в Минобороны):
//!   the content is the clause or quotation before it, the source the noun phrase after it;
//! - **direct order** (Песков заявил, что …): the source is the noun phrase before the verb
//!   in its clause (or after it: «Об этом заявил глава МИД»), the content what the verb's
//!   frame takes after it: a что/чтобы clause, a colon, a quotation, an о/об phrase, an
//!   infinitive (призвал прекратить …), or the object («назвал X Y»);
//! - «Об этом / это заявил X» attributes the sentence before;
//! - «По словам X, …», «Как сообщил X, …» and «…, по данным X» attribute the rest (or the
//!   start) of their sentence;
//! - impersonal continuations («Отмечается, что …», «Уточняется, что …») carry on the latest
//!   attribution of the document and are kept only when there is one.
//!
//! A negated cue («не уточнил») reports nothing.

use std::sync::OnceLock;

#[allow(unused_imports)]
use super::*;

/// Where a cue's content lies after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Frame {
    /// A что or чтобы clause.
    That,
    /// After a colon.
    Colon,
    /// A quotation.
    Quote,
    /// An о/об phrase.
    About,
    /// An infinitive.
    Inf,
    /// The object phrase.
    Obj,
    /// A phrase opened by this preposition ("указал на", "выступил за").
    Prep(String),
}

/// One Russian cue verb.
#[derive(Clone, Debug)]
pub(super) struct RuCue {
    pub frames: Vec<Frame>,
    /// A verb of opinion or belief.
    #[allow(dead_code)]
    pub thought: bool,
    /// An impersonal form that carries on an earlier attribution.
    pub agentless: bool,
}

const CUES_TSV: &str = include_str!("../../data/ru/cues.tsv");
const ACCORDING_TSV: &str = include_str!("../../data/ru/according.tsv");

/// Every form of every cue verb, lowercased, `ё` kept and also written `е`.
pub(super) fn ru_cues() -> &'static FxHashMap<String, RuCue> {
    static CUES: OnceLock<FxHashMap<String, RuCue>> = OnceLock::new();
    CUES.get_or_init(|| {
        let mut m: FxHashMap<String, RuCue> = FxHashMap::default();
        for line in CUES_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 4 {
                continue;
            }
            let frames = cols[3]
                .split(',')
                .map(|f| match f {
                    "что" => Frame::That,
                    ":" => Frame::Colon,
                    "«" => Frame::Quote,
                    "о" => Frame::About,
                    "inf" => Frame::Inf,
                    "obj" => Frame::Obj,
                    p => Frame::Prep(p.to_string()),
                })
                .collect();
            let cue = RuCue {
                frames,
                thought: cols.get(4) == Some(&"thought"),
                agentless: cols.get(4) == Some(&"agentless"),
            };
            let mut forms: Vec<String> = Vec::new();
            let lemma = cols[0];
            if cols[1] != "-" {
                let st = cols[1];
                // reflexive verbs: the past stem is given with its "л" ("высказал")
                if lemma.ends_with("ся") {
                    for e in ["ся", "ась", "ось", "ись"] {
                        forms.push(format!("{st}{e}"));
                    }
                    forms.push(format!("{}вшись", st.trim_end_matches('л')));
                } else {
                    for e in ["л", "ла", "ло", "ли", "в", "вши"] {
                        forms.push(format!("{st}{e}"));
                    }
                }
            } else if !lemma.ends_with("ся") {
                // a short adjective ("уверен"): its forms
                for e in ["", "а", "ы"] {
                    forms.push(format!("{lemma}{e}"));
                }
            }
            if cols[2] != "-" {
                forms.extend(cols[2].split(',').map(str::to_string));
            }
            for f in forms {
                let e = f.replace('ё', "е");
                m.entry(e).or_insert_with(|| cue.clone());
                m.entry(f).or_insert_with(|| cue.clone());
            }
        }
        m
    })
}

/// The "по словам" phrases, as word lists.
fn according() -> &'static Vec<Vec<String>> {
    static P: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    P.get_or_init(|| {
        let mut v: Vec<Vec<String>> = ACCORDING_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect();
        v.sort_by_key(|p: &Vec<String>| std::cmp::Reverse(p.len()));
        v
    })
}

/// Is the sentence `a..b` Russian (more Cyrillic letters than Latin in its words)?
pub(super) fn is_russian(cx: &Ctx, a: usize, b: usize) -> bool {
    let (mut cy, mut la) = (0usize, 0usize);
    for k in a..b {
        if cx.toks[k].k != Tk::Word {
            continue;
        }
        for c in cx.low[k].chars().take(3) {
            if ('а'..='я').contains(&c) || c == 'ё' {
                cy += 1;
            } else if c.is_ascii_alphabetic() {
                la += 1;
            }
        }
    }
    cy > la
}

/// Words that end a source noun phrase going left from a cue: conjunctions, adverbs of
/// time and manner, particles.
fn np_stop(w: &str) -> bool {
    matches!(
        w,
        "что"
            | "как"
            | "который"
            | "которая"
            | "которое"
            | "которые"
            | "также"
            | "тоже"
            | "ранее"
            | "уже"
            | "вчера"
            | "сегодня"
            | "завтра"
            | "теперь"
            | "тогда"
            | "потом"
            | "затем"
            | "позже"
            | "позднее"
            | "однако"
            | "но"
            | "а"
            | "при"
            | "этом"
            | "этого"
            | "помимо"
            | "кроме"
            | "того"
            | "недавно"
            | "вновь"
            | "снова"
            | "еще"
            | "ещё"
            | "прямо"
            | "официально"
            | "публично"
            | "лично"
            | "даже"
            | "же"
            | "ли"
            | "бы"
            | "лишь"
            | "только"
            | "якобы"
            | "впервые"
            | "неоднократно"
            | "раз"
            | "не"
            | "ни"
            | "об"
            | "о"
            | "это"
            | "этим"
            | "так"
            | "поэтому"
            | "причем"
            | "причём"
            | "заранее"
            | "открыто"
            | "всего"
            | "сразу"
            | "после"
            | "перед"
            | "когда"
            | "где"
            | "если"
            | "чтобы"
            | "хотя"
            | "пока"
            | "тем"
            | "временем"
            | "наконец"
            | "итак"
            | "здесь"
            | "там"
            | "в"
            | "во"
            | "на"
            | "с"
            | "со"
            | "по"
            | "для"
            | "из"
            | "от"
            | "к"
            | "до"
            | "за"
            | "у"
    )
}

/// Prepositions that may open a source ("В Минобороны сообщили", «У Кремля заявили»).
fn locative(w: &str) -> bool {
    matches!(w, "в" | "во" | "у")
}

fn is_word(cx: &Ctx, k: usize) -> bool {
    cx.toks[k].k == Tk::Word
}

/// The source noun phrase before a cue at `c` (tokens `s..c`), within the sentence from `a`.
fn source_before(cx: &Ctx, a: usize, c: usize) -> Option<(usize, usize)> {
    let mut s = c;
    // adverbs between the subject and its verb ("Песков также заявил")
    while s > a && cx.word(s - 1).is_some_and(np_stop) && !preposition(&cx.low[s - 1]) {
        s -= 1;
    }
    // chunks going left; a chunk opened by a preposition is an adjunct ("в своих
    // заявлениях", "о расследовании …") and the subject lies further left — unless it is
    // the clause's first, locative one ("В Госдуме предложили")
    let mut end = s;
    let mut chunk_start = s;
    let mut words = 0;
    let mut locative_chunk: Option<(usize, usize)> = None;
    loop {
        if chunk_start <= a || words >= 12 {
            break;
        }
        let t = chunk_start - 1;
        match cx.toks[t].k {
            Tk::Word => {
                let w = &cx.low[t];
                if preposition(w) {
                    if chunk_start < end {
                        if locative(w) && cx.cap(chunk_start) {
                            locative_chunk = Some((t, end));
                        }
                        end = t;
                        chunk_start = t;
                        continue;
                    }
                    break;
                }
                if np_stop(w) || ru_cues().contains_key(w) {
                    break;
                }
                chunk_start = t;
                words += 1;
            }
            Tk::Punct('-' | '.' | '«' | '»' | '"' | '№') => chunk_start = t,
            _ => break,
        }
    }
    let mut st = chunk_start;
    while st < end && !is_word(cx, st) {
        st += 1;
    }
    if st < end {
        return Some((st, end));
    }
    locative_chunk
}

/// «В заявлении МВД ОАЭ говорится»: the noun phrase after a document noun before an
/// impersonal cue.
fn document_author(cx: &Ctx, a: usize, k: usize) -> Option<(usize, usize)> {
    let d = (a..k).find(|&i| {
        cx.word(i).is_some_and(|w| {
            [
                "заявлени",
                "сообщени",
                "документ",
                "докладе",
                "письм",
                "релиз",
                "обращени",
                "публикаци",
            ]
            .iter()
            .any(|p| w.starts_with(p))
        })
    })?;
    let s = d + 1;
    let mut e = s;
    while e < k && is_word(cx, e) && !np_stop(&cx.low[e]) {
        e += 1;
    }
    (e > s).then_some((s, e))
}

/// Prepositions (a chunk they open is an adjunct, not a subject).
fn preposition(w: &str) -> bool {
    matches!(
        w,
        "в" | "во"
            | "на"
            | "с"
            | "со"
            | "по"
            | "для"
            | "из"
            | "от"
            | "к"
            | "ко"
            | "до"
            | "за"
            | "у"
            | "о"
            | "об"
            | "при"
            | "после"
            | "перед"
            | "через"
            | "под"
            | "над"
            | "без"
            | "между"
            | "среди"
            | "против"
    )
}

/// The source noun phrase after a cue ending at `c`: up to the sentence end, a comma, a colon
/// or a word that opens an adjunct of the verb ("в интервью", "в своем Telegram-канале").
fn source_after(cx: &Ctx, c: usize, b: usize) -> Option<(usize, usize)> {
    let mut s = c;
    while s < b
        && cx
            .word(s)
            .is_some_and(|w| matches!(w, "также" | "ранее" | "уже" | "в" | "во"))
    {
        // "сообщили в Минобороны": the preposition belongs to the source
        if matches!(cx.word(s), Some("в" | "во")) {
            break;
        }
        s += 1;
    }
    let mut e = s;
    let mut words = 0;
    while e < b && words < 10 {
        match cx.toks[e].k {
            Tk::Word => {
                let w = &cx.low[e];
                // an adjunct after the source: "…, — сказал Песков журналистам"
                if e > s
                    && matches!(
                        w,
                        "в" | "на" | "журналистам" | "изданию" | "агентству" | "что"
                    )
                {
                    break;
                }
                e += 1;
                words += 1;
            }
            Tk::Punct('-' | '«' | '»' | '"') => e += 1,
            Tk::Punct('.') if e + 1 < b && is_word(cx, e + 1) && cx.cap(e + 1) && words == 1 => {
                e += 1
            }
            _ => break,
        }
    }
    while e > s && !is_word(cx, e - 1) {
        e -= 1;
    }
    (e > s).then_some((s, e))
}

/// Trims a content end: final sentence marks, commas, dashes, white space; keeps a closing
/// quotation mark.
fn content_end(cx: &Ctx, x: usize, mut y: usize) -> usize {
    while y > x {
        match cx.toks[y - 1].k {
            Tk::Punct('.' | '!' | '?' | '…' | ',' | ';' | ':' | '—' | '–' | '-') => y -= 1,
            Tk::Para => y -= 1,
            Tk::Punct(c) if !c.is_alphanumeric() && !is_close(c) && c != ')' && c != '%' => y -= 1,
            _ => break,
        }
    }
    y
}

/// Is token `k` inside a quotation region (not at its marks)?
fn quoted(cx: &Ctx, k: usize) -> bool {
    cx.region_at(cx.toks[k].s)
        .is_some_and(|r| (r.start as usize) < cx.toks[k].s)
}

/// The token starting the content of a cue at `c..c+1` by its frames, looking at most a few
/// tokens ahead (past the addressee and adjuncts: "заявил журналистам, что").
fn content_start(cx: &Ctx, cue: &RuCue, c: usize, b: usize) -> Option<(usize, Frame)> {
    let limit = (c + 12).min(b);
    let mut k = c + 1;
    while k < limit {
        match cx.toks[k].k {
            Tk::Word => {
                let w = &cx.low[k];
                if (w == "что" || w == "чтобы") && cue.frames.contains(&Frame::That) {
                    return Some((k + 1, Frame::That));
                }
                if (w == "о" || w == "об") && cue.frames.contains(&Frame::About) {
                    return Some((k, Frame::About));
                }
                if cue
                    .frames
                    .iter()
                    .any(|f| matches!(f, Frame::Prep(p) if p == w))
                {
                    return Some((k, Frame::Prep(w.to_string())));
                }
                if cue.frames.contains(&Frame::Inf) && is_ru_infinitive(w) {
                    return Some((k, Frame::Inf));
                }
                if ru_cues().contains_key(w) {
                    return None;
                }
            }
            Tk::Punct(':') if cue.frames.contains(&Frame::Colon) => {
                // a quotation may open the next paragraph
                let mut c = k + 1;
                while c < b && cx.toks[c].k == Tk::Para {
                    c += 1;
                }
                return (c < b).then_some((c, Frame::Colon));
            }
            Tk::Punct(ch)
                if is_open(ch)
                    && cue.frames.contains(&Frame::Quote)
                    && cx.region_opening(k).is_some() =>
            {
                return Some((k, Frame::Quote));
            }
            Tk::Punct('.' | '!' | '?' | ';') | Tk::Para => break,
            _ => {}
        }
        k += 1;
    }
    // the object right after the verb ("назвал убийство …", "предсказал обвал")
    if cue.frames.contains(&Frame::Obj) && c + 1 < b && is_word(cx, c + 1) {
        return Some((c + 1, Frame::Obj));
    }
    None
}

/// The end of an object or о-phrase content: the clause's end (a comma that is not inside a
/// quotation, a semicolon or the sentence end).
fn clause_end(cx: &Ctx, x: usize, b: usize) -> usize {
    let mut k = x;
    while k < b {
        if matches!(cx.toks[k].k, Tk::Punct(',' | ';')) && !quoted(cx, k) {
            return k;
        }
        k += 1;
    }
    b
}

/// Is the cue at `c` negated ("не уточнил", "никто не заявлял")?
fn negated(cx: &Ctx, a: usize, c: usize) -> bool {
    c > a && matches!(cx.word(c - 1), Some("не" | "ни"))
}

/// Russian attributions of the sentence `a..b`.
pub(super) fn ru_sentence(
    cx: &Ctx,
    sentences: &[Span],
    si: usize,
    a: usize,
    b: usize,
    cuts: &[usize],
    out: &mut Vec<Quote>,
) {
    // a signature's dash ends the sentence's content
    let b = cuts.iter().copied().find(|&d| d > a && d < b).unwrap_or(b);
    let first = out.len();
    according_phrases(cx, a, b, out);
    let lex = ru_cues();
    let mut k = a;
    while k < b {
        let Some(w) = cx.word(k) else {
            k += 1;
            continue;
        };
        let Some(cue) = lex.get(w) else {
            k += 1;
            continue;
        };
        // "как сообщил X, …" is read with the phrases; a cue inside someone's quotation
        // reports within it and is not read here
        if negated(cx, a, k)
            || k > a && cx.word(k - 1) == Some("как")
            || quoted(cx, k)
            || out[first..]
                .iter()
                .any(|q| q.cue.is_some_and(|c| c.start as usize == cx.toks[k].s))
        {
            k += 1;
            continue;
        }
        if cue.agentless {
            if let Some((x, _)) = content_start(cx, cue, k, b) {
                let y = content_end(cx, x, b);
                // «В заявлении МВД говорится, что …»: the document's author is the source
                let src = document_author(cx, a, k);
                push(cx, out, x, y, Some((k, k + 1)), src);
            }
            k += 1;
            continue;
        }
        // inverted: «…», — заявил Песков. / …, сообщили в Минобороны.
        let mut p = k;
        while p > a && matches!(cx.toks[p - 1].k, Tk::Punct('—' | '–' | '-')) {
            p -= 1;
        }
        let after_comma = p > a && matches!(cx.toks[p - 1].k, Tk::Punct(',')) || p < k;
        if after_comma && p > a + 1 {
            let x =
                clause_start_before(cx, a, p - if cx.punct(p - 1) == Some(',') { 1 } else { 0 });
            let y = content_end(cx, x, p);
            let src = source_after(cx, k + 1, b).filter(|&(ss, _)| {
                // "…, предлагают сделать выходным": an infinitive is no source
                cx.word(ss)
                    .is_some_and(|w| !is_ru_infinitive(w) && !preposition(w) || locative(w))
            });
            if y > x && src.is_some() {
                if let Some(i) = push(cx, out, x, y, Some((k, k + 1)), src) {
                    // «…, — сообщили в Минобороны» at a paragraph's end signs the paragraph
                    let dashed = p < k;
                    let line_end = (k + 1..cx.toks.len())
                        .find(|&t| matches!(cx.toks[t].k, Tk::Punct('.' | '!' | '?') | Tk::Para))
                        .is_none_or(|t| {
                            t + 1 >= cx.toks.len()
                                || cx.toks[t].k == Tk::Para
                                || cx.toks[t + 1].k == Tk::Para
                        });
                    if dashed && line_end && out[i].form == Form::Indirect {
                        out[i].form = Form::Trailing;
                    }
                }
                k += 1;
                continue;
            }
        }
        // «Об этом заявил X»: the sentence before
        if k >= a + 2
            && matches!(cx.word(k - 1), Some("этом" | "это"))
            && (k == a + 1 || matches!(cx.word(k - 2), Some("об" | "о")) || k - 1 == a)
            && si > 0
        {
            let prev = sentences[si - 1];
            let x = cx.toks.partition_point(|t| t.s < prev.start as usize);
            let y = cx.toks.partition_point(|t| t.s < prev.end as usize);
            let y = content_end(cx, x, y);
            if y > x {
                push(cx, out, x, y, Some((k, k + 1)), source_after(cx, k + 1, b));
            }
            k += 1;
            continue;
        }
        let mut source = source_before(cx, a, k);
        let Some((x, frame)) = content_start(cx, cue, k, b) else {
            k += 1;
            continue;
        };
        if source.is_none() {
            // verb first: "Сообщил об этом глава МИД …" / "заявил президент …, что"
            source = source_after(cx, k + 1, x.min(b)).filter(|&(_, e)| e <= x);
        }
        let y = match frame {
            Frame::Obj | Frame::About | Frame::Prep(_) => clause_end(cx, x, b),
            Frame::Quote => cx
                .region_opening(x)
                .map(|r| cx.toks.partition_point(|t| t.s < r.end as usize))
                .unwrap_or(b),
            _ => b,
        };
        let y = content_end(cx, x, y.max(x));
        if y > x {
            push(cx, out, x, y, Some((k, k + 1)), source);
        }
        k += 1;
    }
}

/// The first token of the clause that ends at `e`: after the last colon or clause-opening dash
/// before it, or the sentence start; a quotation that ends at `e` is taken whole.
fn clause_start_before(cx: &Ctx, a: usize, e: usize) -> usize {
    if e > a {
        if let Some(r) = cx.region_to(e - 1) {
            let s = cx.toks.partition_point(|t| t.s < r.start as usize);
            if s >= a {
                return s;
            }
        }
    }
    let mut s = a;
    for k in a..e {
        if matches!(cx.toks[k].k, Tk::Punct(':')) && !quoted(cx, k) {
            s = k + 1;
        }
    }
    while s < e && !is_word(cx, s) && !cx.punct(s).is_some_and(is_open) {
        s += 1;
    }
    s
}

/// «По словам X, …», «…, по данным X», «Как сообщил X, …», «…, как пишет X».
fn according_phrases(cx: &Ctx, a: usize, b: usize, out: &mut Vec<Quote>) {
    let phrases = according();
    let lex = ru_cues();
    let mut k = a;
    while k < b {
        if !is_word(cx, k) {
            k += 1;
            continue;
        }
        // the phrase
        let mut len = 0;
        for p in phrases {
            if k + p.len() <= b
                && p.iter()
                    .enumerate()
                    .all(|(i, w)| cx.word(k + i) == Some(w.as_str()))
            {
                len = p.len();
                break;
            }
        }
        let as_verb = len == 0
            && cx.word(k) == Some("как")
            && cx
                .word(k + 1)
                .is_some_and(|w| lex.get(w).is_some_and(|c| !c.agentless));
        if as_verb {
            len = 2;
        }
        if len == 0 || quoted(cx, k) {
            k += 1;
            continue;
        }
        let cue = (k, k + len);
        // a possessive in the phrase is its source ("по его словам")
        let pron = (k..k + len).find(|&i| matches!(cx.word(i), Some("его" | "ее" | "её" | "их")));
        // the source: to the next comma (a dash inside, "автора обращения — депутата …", is
        // part of it)
        let (src, after) = match pron {
            Some(i) => (Some((i, i + 1)), k + len),
            None => {
                let mut e = k + len;
                while e < b && !matches!(cx.toks[e].k, Tk::Punct(',' | '.' | ':' | ';') | Tk::Para)
                {
                    e += 1;
                }
                let mut se = e;
                while se > k + len && !is_word(cx, se - 1) {
                    se -= 1;
                }
                ((se > k + len).then_some((k + len, se)), e)
            }
        };
        let opens = k == a || (a..k).all(|i| !is_word(cx, i));
        if opens {
            // the rest of the sentence, after the comma (and a dash)
            let mut x = after;
            while x < b && matches!(cx.toks[x].k, Tk::Punct(',' | '—' | '–' | '-')) {
                x += 1;
            }
            let y = content_end(cx, x, b);
            if y > x {
                push(cx, out, x, y, Some(cue), src);
            }
        } else if k > a && matches!(cx.toks[k - 1].k, Tk::Punct(',' | '—' | '–')) {
            // the start of the sentence, before the comma
            let x = clause_start_before(cx, a, k - 1);
            let y = content_end(cx, x, k - 1);
            if y > x {
                push(cx, out, x, y, Some(cue), src);
            }
        }
        k = after.max(k + 1);
    }
}
