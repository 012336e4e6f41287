//! Speaker turns of transcripts and posts, quotations signed after a dash, and statements
//! under a heading.

#[allow(unused_imports)]
use super::*;

/// Speaker turns: a paragraph that starts with a name, a role or "Question" and a colon.
pub(super) fn turns(cx: &Ctx, out: &mut Vec<Quote>) {
    let caps = caps_labels(cx);
    let mut found = Vec::new();
    turns_pass(cx, &caps, &mut found, false);
    // Paragraphs after a turn belong to it only in a transcript: two turns or more.
    if found.len() >= 2 {
        found.clear();
        turns_pass(cx, &caps, &mut found, true);
    } else {
        // a lone "Ted Cruz: Constitutional conservative or...?" on the first line is a
        // headline
        let first_para_end = cx
            .toks
            .iter()
            .find(|t| t.k == Tk::Para)
            .map_or(cx.text.len(), |t| t.s);
        found.retain(|q| {
            let marked = cx
                .toks
                .first()
                .is_some_and(|t| matches!(t.k, Tk::Punct(c) if speech_mark(c)));
            // a headline asks or stops short: "Constitutional conservative or ...?",
            // "Delegate Update: The latest count ..."
            let said = &cx.text[q.content.range()];
            let words = said.split_whitespace().count();
            let sentence = said.trim_end().ends_with(['.', '!', '…', '"', '”', '»']);
            // a named person's headline claim stays ("Rubio: I Still Believe Trump Can't Be
            // Trusted"), a question does not
            let person = q.mention.is_some() && !said.trim_end().ends_with('?');
            (q.content.start as usize) > first_para_end
                || marked
                || sentence && words >= 8
                || person
        });
    }
    out.extend(found);
}

/// The label of a paragraph that opens with one to three words in capitals and a colon
/// ("WALLACE:", "SEN. KAINE:"), lowercased.
pub(super) fn caps_label(cx: &Ctx, j: usize) -> Option<String> {
    let mut k = j;
    let mut label = String::new();
    while k < cx.toks.len() && k < j + 6 {
        match cx.toks[k].k {
            Tk::Word => {
                let w = cx.orig(k);
                let letters = w.chars().filter(|c| c.is_alphabetic()).count();
                if letters < 2 || w.chars().any(char::is_lowercase) {
                    return None;
                }
                if !label.is_empty() {
                    label.push(' ');
                }
                label.push_str(&cx.low[k]);
            }
            Tk::Punct('.') => {}
            Tk::Punct(':') if !label.is_empty() => return Some(label),
            _ => return None,
        }
        k += 1;
    }
    None
}

/// How many paragraphs each label in capitals opens (perhaps after an opening mark): the
/// speakers of a transcript.
pub(super) fn caps_labels(cx: &Ctx) -> FxHashMap<String, usize> {
    let n = cx.toks.len();
    let mut caps: FxHashMap<String, usize> = FxHashMap::default();
    let mut p = 0;
    while p < n {
        let q = if cx.punct(p).is_some_and(is_open) {
            p + 1
        } else {
            p
        };
        if let Some(l) = caps_label(cx, q) {
            *caps.entry(l).or_default() += 1;
        }
        while p < n && cx.toks[p].k != Tk::Para {
            p += 1;
        }
        p += 1;
    }
    caps
}

pub(super) fn turns_pass(
    cx: &Ctx,
    caps: &FxHashMap<String, usize>,
    out: &mut Vec<Quote>,
    multi: bool,
) {
    let n = cx.toks.len();
    // a transcript: three such paragraphs or more, or one label twice
    let total: usize = caps.values().sum();
    let is_speaker = |l: &str| total >= 3 || caps.get(l).is_some_and(|&c| c >= 2);
    let mut i = 0;
    let mut open: Option<usize> = None; // index in out of the running turn
    while i < n {
        // at a paragraph start
        let start = i;
        // skip emoji and bullets
        let mut j = i;
        while j < n
            && matches!(cx.toks[j].k, Tk::Punct(c) if !is_open(c) && !c.is_alphanumeric() && c != ':')
        {
            j += 1;
        }
        // "\"WALLACE: Let's start ...": a transcript quoted whole, paragraph by paragraph
        if j + 1 < n
            && cx.punct(j).is_some_and(is_open)
            && caps_label(cx, j + 1).is_some_and(|l| is_speaker(&l))
        {
            j += 1;
        }
        let mut k = j;
        let mut words = 0;
        while k < n && words <= 6 {
            match cx.toks[k].k {
                Tk::Word => {
                    words += 1;
                    k += 1;
                }
                Tk::Punct('(') | Tk::Punct(')') | Tk::Punct(',') | Tk::Punct('.') => k += 1,
                _ => break,
            }
        }
        let colon = k < n && cx.punct(k) == Some(':') && words > 0 && cx.cap(j);
        let mut turn = None;
        if colon {
            let first = cx.word(j).unwrap_or("");
            let generic = matches!(
                first,
                "question" | "answer" | "вопрос" | "ответ" | "moderator" | "модератор"
            );
            // the name ends the line before the colon, or a parenthesis after it does
            let mut last = k - 1;
            if cx.punct(last) == Some(')') {
                if let Some(o) = (j..last).rev().find(|&x| cx.punct(x) == Some('(')) {
                    last = o.saturating_sub(1);
                }
            }
            let names = cx.mentions_from(cx.toks[j].s, cx.toks[last].e).find(|&m| {
                let m = &cx.mentions[m];
                m.span.end as usize == cx.toks[last].e
                    && m.kind == EntityType::Person
                    // only capitalised role words before the name
                    && (j..last).all(|x| cx.toks[x].s >= m.span.start as usize || cx.cap(x) || cx.toks[x].k != Tk::Word)
            });
            // the line goes on after the colon
            let more = (k + 1..n)
                .take_while(|&x| cx.toks[x].k != Tk::Para)
                .filter(|&x| cx.toks[x].k == Tk::Word)
                .count()
                >= 4;
            let transcript = caps_label(cx, j).is_some_and(|l| is_speaker(&l));
            if (generic || names.is_some() || transcript) && more {
                turn = Some((j, k, names));
            }
        }
        // end of this paragraph
        let mut e = i;
        while e < n && cx.toks[e].k != Tk::Para {
            e += 1;
        }
        if let Some((j, k, names)) = turn {
            let content = span(cx.toks[k + 1].s, cx.toks[e - 1].e);
            out.push(Quote {
                content,
                cue: Some(span(cx.toks[k].s, cx.toks[k].e)),
                source: Some(span(cx.toks[j].s, cx.toks[k - 1].e)),
                mention: names,
                speaker: None,
                cluster: None,
                form: Form::Turn,
                parent: None,
                speakers: Vec::new(),
            });
            open = Some(out.len() - 1);
        } else if let Some(q) = open.filter(|_| multi) {
            // a paragraph of the running turn, unless it is a heading-like line or a dateline
            if e > start && cx.toks[start].k != Tk::Para {
                out[q].content.end = cx.toks[e - 1].e as u32;
            }
        }
        i = e + 1;
    }
}

/// A quotation signed with a dash at the end of its paragraph: "“Maybe, we can build a wall
/// around Donald Trump.” ― Steve Quinlan."
pub(super) fn signed_quotes(cx: &Ctx, out: &mut Vec<Quote>) {
    let n = cx.toks.len();
    let mut p = 0;
    while p < n {
        let mut e = p;
        while e < n && cx.toks[e].k != Tk::Para {
            e += 1;
        }
        let mut end = e;
        while end > p && matches!(cx.toks[end - 1].k, Tk::Punct('.')) {
            end -= 1;
        }
        // the name: one to six capitalised words (initials with their dots)
        let mut d = end;
        while d > p
            && (cx.cap(d - 1) || cx.punct(d - 1) == Some('.') && d - 1 > p && cx.cap(d - 2))
            && end - d < 9
        {
            d -= 1;
        }
        let signed = d < end
            && d > p + 1
            && cx.cap(d)
            && cx.punct(d - 1).is_some_and(dash)
            && cx.punct(d - 2).is_some_and(is_close);
        if signed {
            if let Some(r) = cx.region_to(d - 2) {
                // the quotation opens the paragraph (or began in an earlier one)
                if cx.toks[p].s >= r.start as usize {
                    out.push(Quote {
                        content: r,
                        cue: Some(span(cx.toks[d - 1].s, cx.toks[d - 1].e)),
                        source: Some(span(cx.toks[d].s, cx.toks[end - 1].e)),
                        mention: None,
                        speaker: None,
                        cluster: None,
                        form: Form::Direct,
                        parent: None,
                        speakers: Vec::new(),
                    });
                }
            }
        }
        p = e + 1;
    }
}

/// Words of a heading that announce a statement: "Sergey Lavrov’s opening remarks",
/// "Statement by ...", "Speech and answers to questions ...", "Putin sent congratulations".
pub(super) fn statement_noun(w: &str) -> bool {
    matches!(
        w,
        "remarks"
            | "statement"
            | "speech"
            | "address"
            | "interview"
            | "article"
            | "message"
            | "greetings"
            | "congratulations"
            | "condolences"
            | "answers"
            | "op-ed"
            | "letter"
            | "выступление"
            | "заявление"
            | "интервью"
            | "статья"
            | "послание"
            | "обращение"
            | "приветствие"
            | "поздравление"
            | "ответы"
    )
}

/// Speech balloon, envelope, microphone: a post quoting its author.
pub(super) fn speech_mark(c: char) -> bool {
    matches!(c, '💬' | '✉' | '🎙' | '🗣' | '📢')
}

pub(super) fn first_person(w: &str) -> bool {
    matches!(
        w,
        "i" | "we"
            | "our"
            | "us"
            | "my"
            | "me"
            | "я"
            | "мы"
            | "наш"
            | "наша"
            | "наше"
            | "наши"
            | "нас"
            | "нам"
    )
}

/// Posts and transcripts headed by who speaks: "Foreign Minister Sergey Lavrov’s opening
/// remarks during talks..." then "💬 As of now, we are...", or "Speech ... of Sergey Lavrov"
/// then the speech. Each paragraph of the body is the speaker's own words, up to a turn
/// ("Question:"), another heading, the forwarding line, a link line or a paragraph that names
/// the speaker in the third person (an article's narration).
pub(super) fn headed_statements(cx: &Ctx, out: &mut Vec<Quote>) {
    let paras = cx.paragraphs();
    let turns: Vec<Quote> = out
        .iter()
        .filter(|q| q.form == Form::Turn)
        .cloned()
        .collect();
    let words = |a: usize, b: usize| (a..b).filter(|&k| cx.toks[k].k == Tk::Word).count();
    let mut speaker: Option<(usize, bool)> = None; // (mention, body started)
    let mut needs_mark = false;
    let mut boundary = 0;
    for (pi, &(a, b)) in paras.iter().enumerate() {
        let ps = cx.toks[a].s;
        let pe = cx.toks[b - 1].e;
        let first_word = (a..b).find(|&k| cx.toks[k].k == Tk::Word);
        let lead = first_word.map_or("", |k| &cx.low[k]);
        // lines that end a post (and may start the next)
        let hashtags = words(a, b) > 0
            && (a..b).all(|k| cx.toks[k].k != Tk::Word || k > a && cx.punct(k - 1) == Some('#'));
        if matches!(
            lead,
            "forwarded" | "source" | "источник" | "read" | "подробнее" | "media" | "view"
        ) && words(a, b) <= 6
            || hashtags
        {
            speaker = None;
            boundary = pi + 1;
            continue;
        }
        // a turn ("💬 Vladimir Putin: ...") speaks for itself; when it is a post's (marked
        // with a speech balloon) and holds only its own paragraph, the paragraphs after it
        // are its speaker's
        if let Some(t) = turns.iter().find(|t| {
            t.source
                .is_some_and(|s| ps <= s.start as usize && (s.start as usize) < pe)
        }) {
            let post = cx.punct(a).is_some_and(speech_mark);
            speaker = t
                .mention
                .filter(|_| post && t.content.end as usize <= pe)
                .filter(|&m| cx.mentions[m].kind == EntityType::Person)
                .map(|m| (m, true));
            continue;
        }
        if turns
            .iter()
            .any(|t| t.content.start as usize <= ps && pe <= t.content.end as usize)
        {
            continue;
        }
        // a heading: a person and a statement word in a short line
        let ms: Vec<usize> = cx
            .mentions_from(ps, pe)
            .filter(|&k| {
                let m = &cx.mentions[k];
                m.kind == EntityType::Person && (m.span.end as usize) <= pe
            })
            .collect();
        let noun = (a..b).any(|k| cx.word(k).is_some_and(statement_noun));
        // headings open a document or a post, not the middle of an article
        let opening = pi < boundary + 3;
        if noun && opening && !ms.is_empty() && words(a, b) <= 45 {
            // a heading that is a sentence ("Putin sent congratulations to ...") needs a
            // marked post body
            let sentence = cx.text[ps..pe].trim_end().ends_with('.');
            speaker = Some((ms[0], false));
            needs_mark = sentence;
            continue;
        }
        let Some((m, started)) = speaker else {
            continue;
        };
        if !started && needs_mark && !cx.punct(a).is_some_and(speech_mark) {
            speaker = None;
            continue;
        }
        // the body
        let marked = cx.punct(a).is_some_and(speech_mark);
        let fp = (a..b).any(|k| cx.word(k).is_some_and(first_person));
        let cluster = cx.mentions[m].cluster;
        let third = cx.mentions_from(ps, pe).any(|x| {
            let x = &cx.mentions[x];
            x.cluster == cluster && (x.span.end as usize) <= pe
        });
        if third && !marked {
            speaker = None;
            continue;
        }
        if !(started || marked || fp) {
            // a dateline ("📍 Moscow, March 20, 2023"), "Key talking points:"
            if words(a, b) < 8 {
                continue;
            }
            speaker = None;
            continue;
        }
        let Some(fw) = first_word else { continue };
        if words(a, b) < 4 || cx.text[ps..pe].trim_end().ends_with(':') && words(a, b) < 8 {
            continue;
        }
        let cue = marked.then(|| span(cx.toks[a].s, cx.toks[a].e));
        out.push(Quote {
            content: span(cx.toks[fw].s, pe),
            cue,
            source: Some(cx.mentions[m].span),
            mention: Some(m),
            speaker: None,
            cluster: None,
            form: Form::Turn,
            parent: None,
            speakers: Vec::new(),
        });
        speaker = Some((m, true));
    }
}
