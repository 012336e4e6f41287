//! Sources and speakers: plausibility, the entity mention a source names, document authors,
//! nesting of reporting chains.

#[allow(unused_imports)]
use super::*;

/// A source names someone: an entity, a noun phrase opened by a determiner, a capitalised
/// name or a pronoun; not a dummy "it" of a passive ("it was emphasized that") nor a stray
/// clause ("them of inaction", "Let’s", "Is there any").
pub(super) fn plausible_source(cx: &Ctx, q: &Quote) -> bool {
    let Some(src) = q.source else { return true };
    if q.form == Form::Turn || q.mention.is_some() {
        return true;
    }
    let t = &cx.text[src.range()];
    let first = t.split_whitespace().next().unwrap_or("");
    let low = first.to_lowercase();
    if matches!(
        low.as_str(),
        "is" | "are"
            | "was"
            | "were"
            | "let’s"
            | "let's"
            | "do"
            | "does"
            | "did"
            | "can"
            | "will"
            | "would"
            | "there"
            | "this"
            | "that"
            | "these"
            | "those"
            | "them"
            | "him"
            | "us"
    ) {
        return false;
    }
    if low == "it" || low == "это" {
        // "it said" may be an institution; "it was emphasized" is nobody
        let gap = q.cue.map_or("", |c| {
            cx.text
                .get(src.end as usize..c.start as usize)
                .unwrap_or("")
        });
        return gap.trim().is_empty();
    }
    let cap = first.chars().next().is_some_and(|c| c.is_uppercase());
    cap || matches!(
        low.as_str(),
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "one"
            | "some"
            | "many"
            | "several"
            | "two"
            | "three"
            | "four"
            | "five"
            | "most"
            | "both"
            | "all"
            | "other"
            | "he"
            | "she"
            | "they"
            | "we"
            | "i"
            | "you"
            | "officials"
            | "experts"
            | "analysts"
            | "diplomats"
            | "sources"
            | "critics"
            | "residents"
            | "witnesses"
            | "police"
            | "authorities"
            | "observers"
            | "people"
    ) || first
        .chars()
        .next()
        .is_some_and(|c| ('а'..='я').contains(&c))
}

/// Nouns for an unnamed person.
pub(super) fn person_noun(w: &str) -> bool {
    matches!(
        w,
        "journalist"
            | "journalists"
            | "correspondent"
            | "reporter"
            | "reporters"
            | "source"
            | "sources"
            | "official"
            | "officials"
            | "employee"
            | "expert"
            | "experts"
            | "analyst"
            | "analysts"
            | "member"
            | "members"
            | "resident"
            | "residents"
            | "worker"
            | "soldier"
            | "observer"
            | "журналист"
            | "корреспондент"
            | "источник"
            | "эксперт"
            | "сотрудник"
            | "представитель"
    )
}

/// Finds the entity mention in the source span and the speaker it refers to.
pub(super) fn resolve(cx: &Ctx, q: &mut Quote) {
    let Some(src) = q.source.or(q.mention.map(|m| cx.mentions[m].span)) else {
        return;
    };
    let ms = cx.mentions;
    let n = ms.partition_point(|m| m.span.start < src.start);
    // the last person mention in the span, else the last organisation or state
    let inside: Vec<usize> = (n..ms.len())
        .take_while(|&i| ms[i].span.start < src.end)
        .filter(|&i| ms[i].span.end <= src.end)
        .collect();
    // the last person in the span, else the last organisation or state; a place names
    // where, not who
    let pick = inside
        .iter()
        .rev()
        .find(|&&i| ms[i].kind == EntityType::Person)
        .or_else(|| {
            inside
                .iter()
                .rev()
                .find(|&&i| ms[i].how != How::Adjective && ms[i].kind != EntityType::Place)
        })
        .or_else(|| {
            inside
                .iter()
                .rev()
                .find(|&&i| ms[i].kind != EntityType::Place)
        })
        .copied();
    // "the journalist of The Moscow Post", "a source in the ministry": an unnamed person of
    // an organisation is not the organisation
    let pick = pick.filter(|&i| {
        ms[i].kind == EntityType::Person || {
            let before = &cx.text[src.start as usize..ms[i].span.start as usize];
            !before
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| person_noun(&w.to_lowercase()))
        }
    });
    if let Some(i) = pick {
        q.mention = Some(i);
        q.cluster = Some(ms[i].cluster);
        q.speaker = cluster_speaker(cx, i);
    }
}

/// The KB entity of mention `i`, else of another mention in its cluster.
pub(super) fn cluster_speaker(cx: &Ctx, i: usize) -> Option<u32> {
    let ms = cx.mentions;
    ms[i]
        .kb
        .or_else(|| cx.cluster_kb.get(&ms[i].cluster).copied())
}

/// Nouns for a text that, as a source, speaks for whoever wrote or gave it.
pub(super) const DOCUMENT_NOUNS: &[&str] = &[
    "article",
    "letter",
    "statement",
    "report",
    "op-ed",
    "column",
    "essay",
    "interview",
    "communiqué",
    "communique",
    "declaration",
    "message",
    "address",
    "speech",
    "document",
    "memo",
    "editorial",
    "post",
    "paper",
    "book",
];

/// "As the article states, …": a source that is a definite document noun speaks for whoever
/// produced that document earlier in the text ("Lavrov said in an article", "the Foreign
/// Ministry issued a statement"): the speaker of an attribution in the sentence of the
/// noun's nearest earlier use, else the last person or body named before it there.
pub(super) fn document_authors(cx: &Ctx, sentences: &[Span], quotes: &mut [Quote]) {
    // looked up, not scanned, for each source: where each document noun occurs, and the
    // first attribution with a speaker whose cue is in each sentence (kept up to date as
    // sources here get speakers)
    let mut noun_at: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for k in 0..cx.toks.len() {
        if let Some(w) = cx.word(k).filter(|w| DOCUMENT_NOUNS.contains(w)) {
            noun_at.entry(w).or_default().push(k);
        }
    }
    let sentence_of = |c: Span| {
        let si = sentences.partition_point(|s| s.end <= c.start);
        sentences
            .get(si)
            .filter(|s| s.start <= c.start && c.end <= s.end)
            .map(|_| si)
    };
    let mut first_cued: FxHashMap<usize, usize> = FxHashMap::default();
    for (i, p) in quotes.iter().enumerate() {
        if let Some(si) = p.cue.filter(|_| p.speaker.is_some()).and_then(sentence_of) {
            first_cued.entry(si).or_insert(i);
        }
    }
    for qi in 0..quotes.len() {
        let q = &quotes[qi];
        if q.speaker.is_some() || q.mention.is_some() {
            continue;
        }
        let Some(src) = q.source else { continue };
        let words: Vec<String> = cx.text[src.range()]
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let [det, noun] = &words[..] else { continue };
        if !matches!(det.as_str(), "the" | "this" | "that") || !DOCUMENT_NOUNS.contains(&&**noun) {
            continue;
        }
        let before = cx.toks.partition_point(|t| t.s < src.start as usize);
        let at_noun = noun_at.get(noun.as_str()).map_or(&[][..], |v| &v[..]);
        let Some(&k) = at_noun[..at_noun.partition_point(|&k| k < before)].last() else {
            continue;
        };
        let at = cx.toks[k].s as u32;
        let si = sentences.partition_point(|s| s.end <= at);
        let Some(sent) = sentences.get(si).filter(|s| s.start <= at) else {
            continue;
        };
        let by_quote = first_cued.get(&si).map(|&p| &quotes[p]);
        let found = match by_quote {
            Some(p) => Some((p.mention, p.cluster, p.speaker)),
            None => cx
                .mentions_from(sent.start as usize, at as usize)
                .rev()
                .find(|&i| {
                    let m = &cx.mentions[i];
                    m.span.end <= at
                        && matches!(m.kind, EntityType::Person | EntityType::Organisation)
                })
                .map(|i| {
                    (
                        Some(i),
                        Some(cx.mentions[i].cluster),
                        cluster_speaker(cx, i),
                    )
                }),
        };
        if let Some((mention, cluster, speaker)) = found {
            let q = &mut quotes[qi];
            (q.mention, q.cluster, q.speaker) = (mention, cluster, speaker);
            if let Some(s) = q.cue.filter(|_| q.speaker.is_some()).and_then(sentence_of) {
                let first = first_cued.entry(s).or_insert(qi);
                *first = (*first).min(qi);
            }
        }
    }
}

/// A verb of saying of the hand lexicon, "according to" or "по словам": the cues that report
/// speech inside another attribution's content ("…, Lavrov said that Kiev had told …").
pub(super) fn speech_cue(cx: &Ctx, cue: Span) -> bool {
    let i = cx.toks.partition_point(|t| t.s < cue.start as usize);
    let Some(w) = cx.word(i) else { return false };
    hand_cue(w) == Some(Strength::Strong)
        || matches!(
            w,
            "according" | "по" | "quoted" | "quotes" | "quoting" | "cited"
        )
}

/// The source is not a pronoun: inside quoted speech, "I say" and "he told us" are how the
/// speaker talks, not reports.
pub(super) fn names_someone(cx: &Ctx, q: &Quote) -> bool {
    q.source.is_some_and(|s| {
        let first = cx.text[s.range()]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        !is_pronoun(&first) && !matches!(first.as_str(), "you" | "people" | "я" | "вы")
    })
}

/// Drops the attributions nested in another one's content whose cue is not a verb of saying
/// ("…, sources said" holds "called for", "decided"; the stance is what the sources report),
/// except inside speaker turns; parents are re-pointed past what was dropped.
pub(super) fn prune_nested(cx: &Ctx, quotes: &mut Vec<Quote>) {
    let keep: Vec<bool> = quotes
        .iter()
        .map(|q| match q.parent {
            None => true,
            Some(p) => {
                let quoted = q
                    .cue
                    .is_some_and(|c| cx.region_at(c.start as usize).is_some());
                quotes[p].form == Form::Turn
                    || q.cue.is_some_and(|c| speech_cue(cx, c))
                        && (!quoted || names_someone(cx, q) && plausible_source(cx, q))
            }
        })
        .collect();
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut index = vec![usize::MAX; quotes.len()];
    let mut n = 0;
    for (i, &k) in keep.iter().enumerate() {
        if k {
            index[i] = n;
            n += 1;
        }
    }
    let parents: Vec<Option<usize>> = quotes.iter().map(|q| q.parent).collect();
    // a dropped attribution's own parent takes its place; a chain that comes back to the
    // attribution itself (or loops) gives none
    let kept_parent = |me: usize| {
        let mut p = parents[me];
        for _ in 0..quotes.len() {
            match p {
                Some(j) if j == me => return None,
                Some(j) if !keep[j] => p = parents[j],
                _ => break,
            }
        }
        p.filter(|&j| keep[j] && j != me).map(|j| index[j])
    };
    let new_parents: Vec<Option<usize>> = (0..quotes.len()).map(kept_parent).collect();
    *quotes = std::mem::take(quotes)
        .into_iter()
        .zip(new_parents)
        .zip(keep)
        .filter_map(|((mut q, parent), k)| {
            q.parent = parent;
            k.then_some(q)
        })
        .collect();
}

/// Sets each attribution's parent: the innermost other attribution whose content holds its
/// cue and source.
///
/// One sweep over the cues in text order, with the contents open at the cue kept ordered by
/// the nesting key (shortest content first, then the level whose cue comes last): near-linear
/// in the number of attributions, not quadratic.
pub(super) fn nest(quotes: &mut [Quote]) {
    use std::cmp::Reverse;
    use std::collections::{BTreeSet, BinaryHeap};
    let n = quotes.len();
    // innermost content; among equal contents ("X quoted Y as saying that Z told..."), the
    // level whose cue comes last; among equal keys, the earlier attribution
    let key = |o: &Quote| (o.content.len(), u32::MAX - o.cue.map_or(0, |c| c.start));
    let both_turns = |a: &Quote, b: &Quote| a.form == Form::Turn && b.form == Form::Turn;
    let mut by_start: Vec<usize> = (0..n).collect();
    by_start.sort_by_key(|&j| quotes[j].content.start);
    let mut cues: Vec<usize> = (0..n).filter(|&i| quotes[i].cue.is_some()).collect();
    cues.sort_by_key(|&i| quotes[i].cue.map_or(0, |c| c.start));
    let mut same: FxHashMap<(u32, u32), Vec<usize>> = FxHashMap::default();
    for (j, o) in quotes.iter().enumerate() {
        same.entry((o.content.start, o.content.end))
            .or_default()
            .push(j);
    }
    let mut open = BTreeSet::new();
    let mut closing = BinaryHeap::new();
    let mut next = 0;
    let mut best: Vec<Option<usize>> = vec![None; n];
    for &i in &cues {
        let Some(cue) = quotes[i].cue else { continue };
        while next < n && quotes[by_start[next]].content.start <= cue.start {
            let j = by_start[next];
            let k = (key(&quotes[j]), j);
            open.insert(k);
            closing.push(Reverse((quotes[j].content.end, k)));
            next += 1;
        }
        while let Some(&Reverse((end, k))) = closing.peek() {
            if end >= cue.start {
                break;
            }
            open.remove(&k);
            closing.pop();
        }
        let q = &quotes[i];
        // the innermost content that holds the cue
        let mut found = open
            .iter()
            .find(|&&(_, j)| {
                j != i && !both_turns(&quotes[j], q) && cue.end <= quotes[j].content.end
            })
            .copied();
        // the outer level of "X quoted Y as saying": same content, cue before
        for &j in same
            .get(&(q.content.start, q.content.end))
            .into_iter()
            .flatten()
        {
            let o = &quotes[j];
            if j != i
                && !both_turns(o, q)
                && o.cue.is_some_and(|c| c.end <= cue.start)
                && o.source != q.source
            {
                let k = (key(o), j);
                if found.is_none_or(|f| k < f) {
                    found = Some(k);
                }
            }
        }
        best[i] = found.map(|(_, j)| j);
    }
    for i in 0..n {
        if let Some(j) = best[i] {
            if quotes[j].parent != Some(i) {
                quotes[i].parent = Some(j);
            }
        }
    }
}
