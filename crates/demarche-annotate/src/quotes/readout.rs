//! Readout conventions: the agentless passives of official readouts ("Hope was expressed
//! that …", "It was emphasised that …", "Emphasis was laid on …", "Support was affirmed for
//! …") are attributions of an unnamed party, and topic-only reports ("discussed", "reviewed",
//! "touched upon", "informed him about the steps taken") report no claim, so they are not
//! attributions.

#[allow(unused_imports)]
use super::*;

/// Participles of saying after "it was" ("It was emphasised that").
fn passive_saying(w: &str) -> bool {
    matches!(
        w,
        "noted"
            | "emphasised"
            | "emphasized"
            | "stressed"
            | "stated"
            | "agreed"
            | "underlined"
            | "underscored"
            | "reaffirmed"
            | "confirmed"
            | "highlighted"
            | "said"
            | "announced"
            | "reported"
            | "pointed"
            | "mentioned"
            | "recalled"
            | "proposed"
            | "suggested"
    )
}

/// Stance nouns of "Hope was expressed that" and their verbs.
fn stance_noun(w: &str) -> bool {
    matches!(
        w,
        "hope"
            | "concern"
            | "concerns"
            | "confidence"
            | "support"
            | "readiness"
            | "interest"
            | "satisfaction"
            | "gratitude"
            | "regret"
            | "condolences"
            | "conviction"
            | "determination"
            | "commitment"
            | "appreciation"
    )
}

fn stance_verb(w: &str) -> bool {
    matches!(
        w,
        "expressed" | "voiced" | "affirmed" | "reaffirmed" | "reiterated" | "stated" | "declared"
    )
}

/// Nouns of "Emphasis was laid on".
fn focus_noun(w: &str) -> bool {
    matches!(w, "emphasis" | "attention" | "focus" | "priority")
}

fn be(w: &str) -> bool {
    matches!(
        w,
        "was" | "were" | "is" | "are" | "has" | "have" | "had" | "been"
    )
}

/// The agentless passives of the sentence `a..b`: each with its cue (from its first word to
/// its participle or preposition) and its content (after "that", or the phrase after the
/// cue), to the sentence's end; no source.
pub(super) fn passives(cx: &Ctx, a: usize, b: usize, out: &mut Vec<Quote>) {
    let mut k = a;
    while k < b {
        let Some(w) = cx.word(k) else {
            k += 1;
            continue;
        };
        // the verb group after the noun: "was", "has been", "was also"
        let group_end = |mut j: usize| {
            let mut saw_be = false;
            while j < b
                && cx
                    .word(j)
                    .is_some_and(|w| be(w) || w == "also" || w == "again")
            {
                saw_be |= cx.word(j).is_some_and(be);
                j += 1;
            }
            saw_be.then_some(j)
        };
        let (cue_end, content) = if w == "it" {
            match group_end(k + 1) {
                Some(j) if cx.word(j).is_some_and(passive_saying) => {
                    let mut c = j + 1;
                    if cx.word(j) == Some("pointed") && cx.word(c) == Some("out") {
                        c += 1;
                    }
                    // "It was emphasised that": the content follows "that"
                    if cx.word(c) == Some("that") {
                        (c, c + 1)
                    } else {
                        k += 1;
                        continue;
                    }
                }
                _ => {
                    k += 1;
                    continue;
                }
            }
        } else if stance_noun(w) || focus_noun(w) {
            match group_end(k + 1) {
                Some(j) if stance_noun(w) && cx.word(j).is_some_and(stance_verb) => {
                    let c = j + 1;
                    if cx.word(c) == Some("that") {
                        (c, c + 1)
                    } else if cx.word(c).is_some_and(|p| {
                        matches!(p, "for" | "over" | "about" | "in" | "with" | "at" | "to")
                    }) {
                        (c, c)
                    } else {
                        k += 1;
                        continue;
                    }
                }
                Some(j)
                    if focus_noun(w)
                        && cx
                            .word(j)
                            .is_some_and(|v| matches!(v, "laid" | "placed" | "put" | "paid"))
                        && cx.word(j + 1).is_some_and(|p| p == "on" || p == "to") =>
                {
                    (j + 2, j + 2)
                }
                _ => {
                    k += 1;
                    continue;
                }
            }
        } else {
            k += 1;
            continue;
        };
        // the cue: "Hope was expressed", "It was emphasised", "emphasis was laid on"
        let mut y = b;
        while y > content
            && !matches!(cx.toks[y - 1].k, Tk::Word)
            && !cx.punct(y - 1).is_some_and(is_close)
        {
            y -= 1;
        }
        if y > content {
            out.push(Quote {
                content: span(cx.toks[content].s, cx.toks[y - 1].e),
                cue: Some(span(cx.toks[k].s, cx.toks[cue_end.max(k + 1) - 1].e)),
                source: None,
                mention: None,
                speaker: None,
                cluster: None,
                form: Form::Indirect,
                parent: None,
                speakers: vec![crate::speakers::Speaker::anonymous()],
            });
        }
        k = y.max(k + 1);
    }
}

/// Verbs that report a topic, not a claim, when their object is a noun phrase ("discussed the
/// situation", "informed him about the steps taken").
fn topic_verb(w: &str) -> bool {
    matches!(
        w,
        "discussed"
            | "discuss"
            | "discusses"
            | "discussing"
            | "reviewed"
            | "review"
            | "touched"
            | "exchanged"
            | "raised"
            | "addressed"
            | "considered"
            | "informed"
            | "briefed"
            | "told"
            | "talked"
            | "обсудили"
            | "обсудил"
            | "обсуждали"
            | "затронули"
            | "рассмотрели"
            | "проинформировал"
    )
}

/// Drops topic-only reports: attributions whose cue is a verb of that kind and whose content
/// is not a clause ("that …") or a quotation; and attributions whose cue lies inside an
/// agentless passive's cue (the passive stands for them).
pub(super) fn drop_topic_reports(cx: &Ctx, quotes: &mut Vec<Quote>) {
    let passive_cues: Vec<Span> = quotes
        .iter()
        .filter(|q| {
            q.source.is_none()
                && q.speakers
                    .first()
                    .is_some_and(|s| s.kind == crate::speakers::SpeakerKind::Anonymous)
        })
        .filter_map(|q| q.cue)
        .collect();
    quotes.retain(|q| {
        let Some(c) = q.cue else { return true };
        if q.source.is_some()
            && passive_cues
                .iter()
                .any(|p| p.start <= c.start && c.end <= p.end && *p != c)
        {
            return false;
        }
        let head = cx.text[c.range()]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        if !topic_verb(&head) {
            return true;
        }
        let body = cx.text[q.content.range()].trim_start();
        let clause =
            body.starts_with("that ") || body.starts_with(is_open) || q.form != Form::Indirect;
        // "told reporters that …" keeps its clause
        let before = cx
            .text
            .get(c.end as usize..q.content.start as usize)
            .unwrap_or("")
            .to_lowercase();
        clause || before.trim_end().ends_with(" that") || before.trim() == "that"
    });
}

const OFFICIAL_ACTS_TSV: &str = include_str!("../../data/official-acts-en.tsv");

/// One official speech act: where its content starts, and the words that may open its noun
/// phrase (empty for any).
struct Act {
    frame: String,
    openers: Vec<String>,
}

fn official_acts_table() -> &'static FxHashMap<String, Act> {
    static T: std::sync::OnceLock<FxHashMap<String, Act>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        OFFICIAL_ACTS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                (c.len() >= 3).then(|| {
                    (
                        c[0].to_string(),
                        Act {
                            frame: c[1].to_string(),
                            openers: if c[2] == "-" {
                                Vec::new()
                            } else {
                                c[2].split(',').map(str::to_string).collect()
                            },
                        },
                    )
                })
            })
            .collect()
    })
}

/// The speech acts of official communication with a noun-phrase or prepositional complement
/// in the sentence `a..b` ("The President expressed concern over …", "thanked him for …",
/// "called on his partners to …"), where no other cue already reads the verb: the source is
/// the phrase before the verb, the content its complement to the sentence's end.
pub(super) fn official_acts(cx: &Ctx, a: usize, b: usize, out: &mut Vec<Quote>) {
    let table = official_acts_table();
    for k in a..b {
        let Some(w) = cx.word(k) else { continue };
        let Some(act) = table.get(w) else { continue };
        let at = cx.toks[k].s as u32;
        if out
            .iter()
            .any(|q| q.cue.is_some_and(|c| c.start <= at && at < c.end))
        {
            continue;
        }
        let Some(src) = source_left(cx, a, k) else {
            continue;
        };
        let x = match act.frame.as_str() {
            "np" => {
                let mut x = k + 1;
                while cx
                    .word(x)
                    .is_some_and(|w| matches!(w, "also" | "once" | "again"))
                {
                    x += 1;
                }
                let opens = cx
                    .word(x)
                    .is_some_and(|o| act.openers.is_empty() || act.openers.iter().any(|p| p == o));
                // "stressed that": a clause is the other rules' to read
                if !opens || cx.word(x) == Some("that") {
                    continue;
                }
                x
            }
            word => {
                let Some(x) = (k + 1..(k + 12).min(b))
                    .take_while(|&i| !matches!(cx.toks[i].k, Tk::Punct('.' | ';' | '!' | '?')))
                    .find(|&i| cx.word(i) == Some(word))
                else {
                    continue;
                };
                x
            }
        };
        let mut y = b;
        while y > x
            && !matches!(cx.toks[y - 1].k, Tk::Word)
            && !cx.punct(y - 1).is_some_and(is_close)
        {
            y -= 1;
        }
        if y > x {
            push(cx, out, x, y, Some((k, k + 1)), Some(src));
        }
    }
}
