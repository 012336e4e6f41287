//! Where an attribution's content lies: after its cue, before it, or in a quotation.

#[allow(unused_imports)]
use super::*;

/// Content after a cue: a "that" clause, a colon or comma before a quotation, or the rest of
/// the sentence when it opens a clause.
pub(super) fn content_after(
    cx: &Ctx,
    from: usize,
    end: usize,
    st: Strength,
    cue: &str,
) -> Option<((usize, usize), bool)> {
    // "urged Washington to stop", "called on the parties to", "призвал стороны прекратить":
    // the addressee and what they are urged to do
    if is_appeal(cue) {
        let mut k = from;
        while k < end && k < from + 10 {
            match cx.word(k) {
                Some("to") if k > from => return Some(((from, end), true)),
                Some(w) if k > from && is_ru_infinitive(w) => return Some(((from, end), true)),
                Some(_) => k += 1,
                None if cx.toks[k].k == Tk::Punct(',') => k += 1,
                None => break,
            }
        }
    }
    // "described Mrs. Clinton's plans", "called the suspension “arbitrary”", "wants to
    // unseat": the object and its complement
    let object_cue = matches!(
        cue,
        "describe"
            | "describes"
            | "described"
            | "describing"
            | "labeled"
            | "labelled"
            | "labels"
            | "dubbed"
            | "dubs"
            | "branded"
            | "brands"
            // stances: "criticized the plan as", "accused Clinton of", "endorsed Sanders"
            | "criticized"
            | "criticizes"
            | "criticised"
            | "accused"
            | "accuses"
            | "endorsed"
            | "endorses"
            | "defended"
            | "defends"
            | "cited"
            | "cites"
            | "praised"
            | "praises"
            | "blasted"
            | "slammed"
            | "supported"
            | "supports"
            | "opposed"
            | "opposes"
            | "proposed"
            | "proposes"
            | "sought"
            | "seeks"
    ) || matches!(cue, "called" | "calls" | "call")
        && !matches!(
            cx.word(from),
            Some("for" | "on" | "in" | "off" | "up" | "out" | "back" | "it" | "him" | "her")
        );
    if object_cue && cx.word(from).is_some() && from + 1 < end {
        return Some(((from, end), true));
    }
    // "a poll shows Sanders leading", "records show he backed"
    if matches!(cue, "show" | "shows" | "showed")
        && !matches!(
            cx.word(from),
            Some(
                "up" | "off"
                    | "the"
                    | "a"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "no"
                    | "that"
                    | "how"
            ) | None
        )
        && from + 2 < end
    {
        return Some(((from, end), true));
    }
    if matches!(
        cue,
        "want"
            | "wants"
            | "wanted"
            | "declined"
            | "declines"
            | "decline"
            | "plans"
            | "planned"
            | "agreed"
            | "agrees"
            | "refused"
            | "refuses"
            | "promised"
            | "promises"
            | "vowed"
            | "vows"
            | "pledged"
            | "pledges"
            | "threatened"
            | "threatens"
            | "offered"
            | "offers"
            | "hopes"
            | "hoped"
    ) && cx.word(from) == Some("to")
        && from + 1 < end
    {
        return Some(((from, end), true));
    }
    // "I think we should", "many believe Clinton has": a clause without "that"
    if matches!(
        cue,
        "think"
            | "thinks"
            | "thought"
            | "believe"
            | "believes"
            | "believed"
            | "feel"
            | "feels"
            | "felt"
            | "hope"
            | "hopes"
            | "hoped"
            | "fear"
            | "fears"
            | "feared"
            | "expect"
            | "expects"
            | "expected"
            | "know"
            | "knows"
            | "knew"
    ) {
        if let Some(w) = cx.word(from) {
            let opener = opens_clause(w, cx.orig(from).chars().next().unwrap_or('a'))
                || !not_clause_start(w);
            if opener && finite_verb_ahead(cx, from, end) && from + 2 < end {
                return Some(((from, end), false));
            }
        }
    }
    // "asked whether", "asked reporters what": an embedded question
    if matches!(
        cue,
        "ask" | "asks" | "asked" | "asking" | "wondered" | "wonders"
    ) {
        // not a relative clause after an inverted source ("asked Sen. Mikulski, who")
        let q = (from..end.min(from + 4))
            .take_while(|&k| cx.toks[k].k == Tk::Word)
            .find(|&k| {
                cx.word(k).is_some_and(|w| {
                    matches!(
                        w,
                        "whether"
                            | "if"
                            | "who"
                            | "what"
                            | "why"
                            | "how"
                            | "when"
                            | "where"
                            | "which"
                    )
                })
            });
        if let Some(q) = q {
            if q + 2 < end {
                return Some(((q, end), true));
            }
        }
    }
    let mut k = from;
    let mut skipped = 0;
    // "told reporters", "said in a statement on Tuesday": adjuncts before "that"
    while k < end && skipped < 12 {
        match cx.toks[k].k {
            Tk::Word => {
                let w = &cx.low[k];
                if matches!(w, "that" | "что" | "чтобы") {
                    return (k + 1 < end).then_some(((k, end), true));
                }
                if skipped == 0
                    && st == Strength::Strong
                    && opens_clause(w, cx.orig(k).chars().next().unwrap_or('a'))
                    && !weekday(w)
                    && !matches!(cue, "told" | "tell" | "tells" | "telling" | "asked" | "ask")
                    && !(cx.cap(k)
                        && cx
                            .word(k + 1)
                            .is_some_and(|n| matches!(n, "in" | "on" | "at")))
                {
                    return (k + 2 < end).then_some(((k, end), false));
                }
                // "said allies were rattled", "says stocks aren't": any noun phrase with a
                // finite verb soon after
                if skipped == 0
                    && matches!(cue, "said" | "says" | "say" | "saying")
                    && !not_clause_start(w)
                    && finite_verb_ahead(cx, k, end)
                {
                    return (k + 2 < end).then_some(((k, end), false));
                }
                // "said on Friday he would", "said in an interview that night they had": a
                // subject pronoun after an adjunct opens the clause
                if matches!(w, "he" | "she" | "they" | "we" | "i")
                    && (2..=6).contains(&skipped)
                    && st == Strength::Strong
                    && !matches!(cue, "told" | "tell" | "tells" | "telling" | "asked" | "ask")
                    && cx.word(from).is_some_and(adjunct_opener)
                    && (from..k).all(|x| cx.toks[x].k == Tk::Word)
                {
                    return (k + 2 < end).then_some(((k, end), false));
                }
                if matches!(w, "he" | "she" | "they" | "we" | "i" | "it" | "the")
                    && skipped > 0
                    && skipped < 4
                    && matches!(cue, "told" | "tell" | "tells" | "telling")
                {
                    // "told reporters he would"
                    return (k + 2 < end).then_some(((k, end), false));
                }
                k += 1;
                skipped += 1;
            }
            Tk::Punct(':') => {
                // a quotation may open the next paragraph
                let mut c = k + 1;
                while c < end && cx.toks[c].k == Tk::Para {
                    c += 1;
                }
                return (c < end).then_some(((c, end), true));
            }
            Tk::Punct(',') => {
                if k + 1 < end {
                    if let Tk::Punct(q) = cx.toks[k + 1].k {
                        if is_open(q) && quotable_at(cx, k + 1) {
                            return Some(((k + 1, end), true));
                        }
                    }
                    if cx
                        .word(k + 1)
                        .is_some_and(|w| matches!(w, "что" | "чтобы" | "that"))
                    {
                        return (k + 2 < end).then_some(((k + 1, end), true));
                    }
                }
                return None;
            }
            Tk::Punct(q) if is_open(q) => {
                if quotable_at(cx, k) {
                    // "called on leaders “not to feed …”", "mocked Rubio for “having a
                    // tough night”": the words between are the complement the quotation
                    // completes; "said on Tuesday “…”", "told reporters “…”": adjuncts
                    if skipped > 0 && !adjuncts_before_quote(cx, cue, from) {
                        // to the quotation's end when a comma follows it ("called it “a
                        // step in the right direction”, adding that ...")
                        let qe = cx
                            .region_at(cx.toks[k].s)
                            .map_or(end, |r| cx.toks.partition_point(|t| t.s < r.end as usize));
                        let stop = if qe < end && cx.punct(qe) == Some(',') {
                            qe
                        } else {
                            end
                        };
                        return Some(((from, stop), true));
                    }
                    return Some(((k, end), true));
                }
                // a title or scare quotes: read on after it
                let r = cx.region_at(cx.toks[k].s)?;
                k = cx.toks.partition_point(|t| t.s < r.end as usize);
                skipped += 1;
            }
            _ => return None,
        }
    }
    None
}

/// "said former Utah governor Michael Leavitt", "said pollster Frank Luntz": lower-case
/// words of a role, then a name, after an inverted verb.
pub(super) fn role_before_name(cx: &Ctx, j: usize, b: usize) -> bool {
    if not_clause_start(&cx.low[j]) || is_pronoun(&cx.low[j]) {
        return false;
    }
    for k in j..b.min(j + 6) {
        if cx.toks[k].k != Tk::Word {
            return false;
        }
        if cx.cap(k) {
            return k > j;
        }
        if NP_STOP.contains(&&cx.low[k]) && &cx.low[k] != "of" {
            return false;
        }
    }
    false
}

/// Whether the words between a cue and the quotation it introduces are adjuncts of an
/// utterance ("said on Tuesday", "wrote in a statement", "told reporters"), not the
/// complement the quotation completes ("called on leaders", "promising to").
pub(super) fn adjuncts_before_quote(cx: &Ctx, cue: &str, from: usize) -> bool {
    if matches!(
        cue,
        "told" | "tell" | "tells" | "telling" | "asked" | "ask" | "asks" | "asking"
    ) {
        return true;
    }
    let utterance = hand_cue(cue) == Some(Strength::Strong)
        && !matches!(
            cue,
            "promised"
                | "promises"
                | "promising"
                | "vowed"
                | "vows"
                | "vowing"
                | "pledged"
                | "pledges"
                | "pledging"
        )
        || matches!(
            cue,
            "wrote"
                | "writes"
                | "write"
                | "writing"
                | "stated"
                | "states"
                | "posted"
                | "posts"
                | "responded"
                | "responds"
                | "answered"
                | "answers"
                | "continued"
                | "continues"
                | "commented"
                | "comments"
                | "shouted"
                | "yelled"
                | "chanted"
        );
    utterance
        && cx.word(from).is_some_and(|w| {
            adjunct_opener(w)
                || matches!(
                    w,
                    "again"
                        | "also"
                        | "then"
                        | "simply"
                        | "flatly"
                        | "repeatedly"
                        | "publicly"
                        | "privately"
                        | "once"
                        | "to"
                        | "via"
                )
                || w.ends_with("ly")
        })
}

/// A word opening an adjunct of time or place after a verb ("on Tuesday", "in an
/// interview", "last week", "Monday").
pub(super) fn adjunct_opener(w: &str) -> bool {
    weekday(w)
        || matches!(
            w,
            "on" | "in"
                | "at"
                | "during"
                | "after"
                | "before"
                | "last"
                | "this"
                | "earlier"
                | "later"
                | "late"
                | "early"
                | "yesterday"
                | "today"
                | "tonight"
                | "recently"
        )
}

pub(super) fn weekday(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// Words after "said" that do not open its clause: adjuncts and objects.
pub(super) fn not_clause_start(w: &str) -> bool {
    weekday(w)
        || matches!(
            w,
            "in" | "on"
                | "at"
                | "during"
                | "after"
                | "before"
                | "about"
                | "of"
                | "for"
                | "with"
                | "to"
                | "from"
                | "by"
                | "through"
                | "last"
                | "next"
                | "earlier"
                | "later"
                | "yesterday"
                | "today"
                | "tomorrow"
                | "tonight"
                | "recently"
                | "previously"
                | "also"
                | "then"
                | "when"
                | "while"
                | "as"
                | "and"
                | "but"
                | "or"
                | "so"
                | "nothing"
                | "something"
                | "anything"
                | "goodbye"
                | "hello"
                | "yes"
                | "again"
                | "repeatedly"
                | "once"
                | "privately"
                | "publicly"
                | "reporters"
                | "journalists"
                | "him"
                | "her"
                | "them"
                | "me"
                | "us"
        )
}

/// A finite verb among the next words: an auxiliary, a copula or a modal.
pub(super) fn finite_verb_ahead(cx: &Ctx, k: usize, end: usize) -> bool {
    (k + 1..end.min(k + 8))
        .take_while(|&j| cx.toks[j].k == Tk::Word || cx.punct(j).is_some_and(|c| c == '-'))
        .any(|j| {
            cx.word(j).is_some_and(|w| {
                matches!(
                    w,
                    "is" | "are"
                        | "was"
                        | "were"
                        | "will"
                        | "would"
                        | "could"
                        | "can"
                        | "should"
                        | "had"
                        | "has"
                        | "have"
                        | "did"
                        | "does"
                        | "do"
                        | "may"
                        | "might"
                        | "must"
                        | "isn't"
                        | "shouldn't"
                        | "mustn't"
                        | "hadn't"
                        | "aren't"
                        | "wasn't"
                        | "weren't"
                        | "won't"
                        | "wouldn't"
                        | "can't"
                        | "couldn't"
                        | "didn't"
                        | "doesn't"
                        | "don't"
                        | "hasn't"
                        | "haven't"
                        | "isn’t"
                        | "aren’t"
                        | "wasn’t"
                        | "won’t"
                        | "can’t"
                        | "didn’t"
                        | "doesn’t"
                        | "don’t"
                )
            })
        })
}

/// Cues of appeals, whose content is an addressee and an infinitive.
pub(super) fn is_appeal(cue: &str) -> bool {
    matches!(
        cue,
        "urge"
            | "urges"
            | "urged"
            | "urging"
            | "call"
            | "calls"
            | "called"
            | "calling"
            | "ask"
            | "asks"
            | "asked"
            | "asking"
            | "encourage"
            | "encouraged"
            | "encourages"
            | "invite"
            | "invited"
            | "invites"
    ) || cue.starts_with("призва")
        || cue.starts_with("призыва")
}

/// A Russian infinitive ("прекратить", "вести", "помочь", "остановиться").
pub(super) fn is_ru_infinitive(w: &str) -> bool {
    w.chars().count() > 3
        && (w.ends_with("ть") || w.ends_with("ться") || w.ends_with("ти") || w.ends_with("чь"))
        && w.chars().next().is_some_and(|c| ('а'..='я').contains(&c))
}

/// Content before the source or cue: a quotation or a clause ending with a comma (or a
/// comma and a dash in Russian).
pub(super) fn content_before(
    cx: &Ctx,
    a: usize,
    head: usize,
    _st: Strength,
) -> Option<(usize, usize)> {
    let mut k = head;
    let mut sep = false;
    while k > a {
        match cx.toks[k - 1].k {
            Tk::Punct(',') => {
                sep = true;
                k -= 1;
            }
            Tk::Punct(c) if dash(c) => {
                sep = true;
                k -= 1;
            }
            _ => break,
        }
    }
    // a quotation ending with "?" or "!" closes the sentence before the cue (perhaps with
    // a dash: `"...?" - asked the journalist`)
    let only_dashes = (k..head).all(|x| matches!(cx.toks[x].k, Tk::Punct(c) if dash(c)));
    if k == a && a > 0 && (!sep || only_dashes) {
        if let Tk::Punct(q) = cx.toks[a - 1].k {
            if is_close(q) {
                if let Some(r) = cx.region_to(a - 1) {
                    let s = cx.toks.partition_point(|t| t.s < r.start as usize);
                    return Some((s, a));
                }
            }
        }
    }
    if k <= a {
        return None;
    }
    // a quotation closing here
    if let Tk::Punct(q) = cx.toks[k - 1].k {
        if is_close(q) {
            if let Some(r) = cx
                .region_to(k - 1)
                .filter(|&r| quotable(cx, r) || spoken_opening(cx, r, a))
            {
                let s = cx.toks.partition_point(|t| t.s < r.start as usize);
                // "The bill's failure was “heartbreaking,” she said": the words the
                // quotation completes are part of what is reported (PolNeAR's outer bounds)
                // (not after a colon or comma: "Murphy lamented: “…,” he said")
                if s > a
                    && cx.toks[s - 1].k == Tk::Word
                    && !(a..s).any(|i| cx.punct(i).is_some_and(|c| is_open(c) || is_close(c)))
                {
                    return Some((a, k));
                }
                return Some((s, k));
            }
        }
    }
    // a clause, not an adverbial ("In particular, the minister informed...")
    let words = (a..k).filter(|&i| cx.toks[i].k == Tk::Word).count();
    if !sep || words < 4 {
        return None;
    }
    Some((a, k))
}

/// A quotation that opens its sentence and ends inside its marks with a comma, "!" or "?"
/// before a cue ("“Like Oakland,” Trump said"): speech, even when short or capitalised
/// like a title, which would not open a sentence and be followed by a verb of saying.
pub(super) fn spoken_opening(cx: &Ctx, r: Span, a: usize) -> bool {
    cx.toks.get(a).is_some_and(|t| t.s == r.start as usize)
        && ends_spoken(cx, r)
        && cx.text[r.range()].chars().any(char::is_alphanumeric)
}

/// A quotation's words without its closing marks.
pub(super) fn before_close(inner: &str) -> &str {
    inner.trim_end_matches(|c: char| is_close(c) || c.is_whitespace())
}

/// The quotation ends inside its marks as speech before a cue does: ",", "!" or "?".
pub(super) fn ends_spoken(cx: &Ctx, r: Span) -> bool {
    before_close(&cx.text[r.range()]).ends_with([',', '!', '?'])
}

/// Is the quotation opening at token `k` one that quotes speech?
pub(super) fn quotable_at(cx: &Ctx, k: usize) -> bool {
    cx.region_opening(k).is_some_and(|r| quotable(cx, r))
}

/// A quotation of speech, not a title in quotation marks ("Fox News Sunday", «Северный
/// поток») or a scare-quoted word or two.
pub(super) fn quotable(cx: &Ctx, r: Span) -> bool {
    let inner = &cx.text[r.range()];
    let words: Vec<&str> = inner
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return false;
    }
    let cap = |w: &&str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    };
    // speech that ends inside the marks: “Really,” / “Like Oakland. Or Ferguson,”; a
    // title with a comma inside ("the “Growth and Opportunity Project,”") is still a title
    let body = before_close(inner);
    let title_case = words.len() >= 2
        && words.len() <= 6
        && words
            .iter()
            .all(|w| cap(w) || matches!(*w, "of" | "the" | "and" | "for" | "a" | "de" | "on"));
    if body.ends_with([',', '.', '!', '?', '…'])
        && !(words.len() <= 3 && body.ends_with('.'))
        && !(title_case && body.ends_with(','))
    {
        return words.len() > 1 || body.ends_with(',');
    }
    let function = |w: &&str| {
        matches!(
            *w,
            "of" | "the"
                | "a"
                | "an"
                | "and"
                | "with"
                | "for"
                | "in"
                | "on"
                | "to"
                | "at"
                | "и"
                | "в"
                | "на"
        )
    };
    let title = words.len() <= 7 && words.iter().all(|w| cap(w) || function(w));
    if title && words.len() > 1 {
        return false;
    }
    // a scare-quoted lowercase word or two; a single capitalised word is a name
    words.len() > 3 || cap(&words[0]) && words.len() > 1
}
