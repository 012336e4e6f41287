//! The cues of a sentence, and the noun phrases before and after them that name sources.

#[allow(unused_imports)]
use super::*;

/// The learned-cue classifier's score above which a word the train split makes a cue is one
/// here. A perceptron's zero balances errors on cue words; an attribution is worth adding
/// while its precision exceeds half the F1, so the bar is lower. Chosen on train articles the
/// classifier was not trained on (a fifth held out, `eval learn-cues` on the rest): overlap
/// F1 of all attributions 0.717 at 0, 0.736 at -8, 0.737 at -16, 0.733 with no bar.
pub(super) const LEARNED_BAR: f32 = -8.0;
/// The score at or below which a weak hand-listed verb ("wrote a book") is not a cue, chosen
/// the same way (0.738 against 0.736 at zero).
pub(super) const WEAK_VETO: f32 = -4.0;

/// The cues of the sentence `a..b`: token, strength, length in tokens and, for a word the
/// hand lexicon does not know as a verb of saying, what the train split says of it.
pub(super) fn cues(cx: &Ctx, a: usize, b: usize) -> Vec<(usize, Strength, usize, Option<Learned>)> {
    let mut out = Vec::new();
    let (words, caps) = (a..b)
        .filter(|&k| cx.toks[k].k == Tk::Word)
        .fold((0, 0), |(n, c), k| (n + 1, c + usize::from(cx.cap(k))));
    let headline = words >= 4 && caps * 5 >= words * 4;
    let mut i = a;
    while i < b {
        let Some(w) = cx.word(i) else {
            i += 1;
            continue;
        };
        let cyr = cyrillic(w);
        if let Some(st) = hand_cue(w) {
            if st == Strength::Weak && cx.region_at(cx.toks[i].s).is_some() {
                i += 1;
                continue;
            }
            let mut len = 1;
            let mut st = st;
            if matches!(w, "point" | "points" | "pointed" | "pointing") {
                if cx.word(i + 1) != Some("out") {
                    i += 1;
                    continue;
                }
                len = 2;
                st = Strength::Strong;
            }
            if matches!(w, "sum" | "sums" | "summed" | "summing") {
                if cx.word(i + 1) != Some("up") {
                    i += 1;
                    continue;
                }
                len = 2;
                st = Strength::Strong;
            }
            if matches!(w, "call" | "calls" | "called" | "calling")
                && matches!(cx.word(i + 1), Some("for") | Some("on"))
            {
                len = 2;
            }
            // a capitalised cue word inside a sentence is a name ("State", "Report"), except
            // in a headline ("Glenn Beck Says Trump Poses A Threat")
            if i > a && cx.cap(i) && !cyr && !(headline && st == Strength::Strong) {
                i += 1;
                continue;
            }
            // "the state", "a report", "to find": nouns and infinitives
            if i > a
                && matches!(
                    cx.word(i - 1),
                    Some("the" | "a" | "an" | "his" | "her" | "their" | "its" | "this" | "to")
                )
                && !matches!(w, "said")
            {
                i += 1;
                continue;
            }
            // a weak cue the classifier has seen and judges not to be one here ("wrote a
            // book", "found the body")
            if st == Strength::Weak
                && len == 1
                && learned::learned(w).is_some()
                && learned::cue_score(cx, a, b, i) <= WEAK_VETO
            {
                i += 1;
                continue;
            }
            out.push((i, st, len, None));
            i += len;
            continue;
        }
        if w == "according" && cx.word(i + 1) == Some("to") {
            out.push((i, Strength::Strong, 2, None));
            i += 2;
            continue;
        }
        if w == "по" && matches!(cx.word(i + 1), Some("словам" | "мнению" | "данным"))
        {
            out.push((i, Strength::Strong, 2, None));
            i += 2;
            continue;
        }
        // a word of the train split's cues: "blamed", "urged", "doubts", "polls show"
        // (not inside quoted words: “a really outrageous tweet,” Axelrod said)
        // (a word the hand lexicon knows never gets here)
        if !cyr {
            if let Some(l) = learned::learned(w) {
                if !(i > a && cx.cap(i) && !headline)
                    && cx.region_at(cx.toks[i].s).is_none()
                    && learned::cue_score(cx, a, b, i) > LEARNED_BAR
                {
                    out.push((i, Strength::Weak, 1, Some(l)));
                }
            }
        }
        i += 1;
    }
    out
}

/// Reads the source phrase back from token `c` (exclusive) to at most `a`.
pub(super) fn source_left(cx: &Ctx, a: usize, c: usize) -> Option<(usize, usize)> {
    let mut j = c;
    // auxiliaries and adverbs between subject and verb
    while j > a {
        let Some(w) = cx.word(j - 1) else { break };
        if AUX.contains(&w) || (w.ends_with("ly") && w.len() > 4 && !cx.cap(j - 1)) {
            j -= 1;
        } else {
            break;
        }
    }
    let end = j;
    let mut words = 0;
    while j > a && words < 10 {
        let t = cx.toks[j - 1];
        match t.k {
            Tk::Word => {
                let w: &str = &cx.low[j - 1];
                if NP_STOP.contains(&w) && !(words == 0 && is_pronoun(w)) {
                    if w == "and" && j - 1 > a && cx.cap(j - 2) && words > 0 {
                        // "Trump and Pence said"
                        j -= 1;
                        words += 1;
                        continue;
                    }
                    break;
                }
                if words > 0 && is_pronoun(w) && !matches!(w, "his" | "her" | "their") {
                    break;
                }
                j -= 1;
                words += 1;
                if is_pronoun(w) && words == 1 && !matches!(w, "his" | "her" | "their") {
                    break;
                }
            }
            Tk::Punct('\'' | '’' | '.' | '&') if j - 1 > a => {
                j -= 1;
            }
            // a parenthesis inside the phrase: "Rep. Gwen Moore (D-Wis.) said"
            Tk::Punct(')') => {
                let Some(o) = (a..j - 1)
                    .rev()
                    .take(12)
                    .find(|&k| cx.punct(k) == Some('('))
                else {
                    break;
                };
                j = o;
            }
            // an apposition right before the verb: "Alan Cole, an economist at X, said"
            Tk::Punct(',') if words == 0 => {
                // right after a quotation, the whole phrase up to the verb: “Q,” Cecelia
                // Purner, 67, a retired teacher in Allentown, Pa., said
                if let Some(q) = (a..j - 1).rev().take(30).find(|&k| {
                    matches!(cx.toks[k].k, Tk::Para | Tk::Punct(';'))
                        || cx.punct(k).is_some_and(|c| is_close(c) || is_open(c))
                            && (cx.region_to(k).is_some() || cx.region_opening(k).is_some())
                }) {
                    let spoken = cx.region_to(q).is_some_and(|r| ends_spoken(cx, r))
                        && q + 2 < j
                        && cx.cap(q + 1);
                    if spoken {
                        return Some((q + 1, j - 1));
                    }
                }
                let Some(o) = (a..j - 1).rev().take(25).find(|&k| {
                    matches!(cx.toks[k].k, Tk::Punct(',' | '.' | ':' | ';') | Tk::Para)
                        || cx.punct(k).is_some_and(is_close)
                }) else {
                    break;
                };
                let apposition = cx.toks[o].k == Tk::Punct(',')
                    && o > a
                    && cx.toks[o - 1].k == Tk::Word
                    && cx.cap(o - 1)
                    && cx.word(o + 1).is_some_and(|w| {
                        !cx.cap(o + 1)
                            && !NP_STOP.contains(&w)
                            && !matches!(w, "he" | "she" | "they" | "it")
                    });
                if !apposition {
                    break;
                }
                j = o;
                // the name before the apposition
                let before = j;
                while j > a && cx.toks[j - 1].k == Tk::Word && cx.cap(j - 1) && before - j < 6 {
                    j -= 1;
                }
                if j == before {
                    j = end;
                }
                break;
            }
            _ => break,
        }
    }
    // leading punctuation kept out
    while j < end && cx.toks[j].k != Tk::Word {
        j += 1;
    }
    (j < end).then_some((j, end))
}

/// Whether a lowercased word is a personal pronoun (English or Russian).
pub fn is_pronoun(w: &str) -> bool {
    matches!(
        w,
        "he" | "she"
            | "they"
            | "we"
            | "i"
            | "it"
            | "you"
            | "он"
            | "она"
            | "они"
            | "мы"
            | "я"
            | "his"
            | "her"
            | "their"
    )
}

/// Reads an inverted source phrase from token `c` forwards ("said Lavrov", "said the
/// spokeswoman"); stops at punctuation or a preposition after the head.
pub(super) fn source_right(cx: &Ctx, c: usize, b: usize) -> Option<(usize, usize)> {
    let mut j = c;
    let mut words = 0;
    while j < b && words < 10 {
        match cx.toks[j].k {
            Tk::Word => {
                let w = &cx.low[j];
                if words > 0
                    && matches!(
                        w,
                        "in" | "on"
                            | "at"
                            | "during"
                            | "after"
                            | "before"
                            | "when"
                            | "while"
                            | "that"
                            | "as"
                            | "to"
                            | "и"
                            | "в"
                            | "на"
                            | "что"
                    )
                {
                    break;
                }
                if words == 0
                    && !(cx.cap(j)
                        || matches!(
                            w,
                            "the"
                                | "a"
                                | "an"
                                | "his"
                                | "her"
                                | "their"
                                | "its"
                                | "one"
                                | "another"
                                | "some"
                                | "many"
                                | "several"
                                | "two"
                                | "three"
                                | "he"
                                | "she"
                                | "they"
                                | "we"
                                | "i"
                                | "him"
                                | "them"
                                | "us"
                                | "me"
                                | "он"
                                | "она"
                                | "они"
                        )
                        || w.chars().next().is_some_and(|c| ('а'..='я').contains(&c))
                            && !matches!(w, "что" | "в" | "на" | "о" | "об")
                        || role_before_name(cx, j, b))
                {
                    return None;
                }
                j += 1;
                words += 1;
            }
            Tk::Punct('.' | '\'' | '’' | '-')
                if words > 0 && j + 1 < b && cx.toks[j + 1].k == Tk::Word =>
            {
                j += 1
            }
            _ => break,
        }
    }
    (words > 0).then_some((c, j))
}
