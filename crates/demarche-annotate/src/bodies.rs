//! A state's bodies named with the state beside them («МВД ОАЭ», «британский МИД», "the UAE
//! Interior Ministry", "the Foreign Ministry of Ukraine"): the body word and the state mention
//! become one mention of that state's body, linked to the KB entry when the KB holds exactly
//! one of that kind for that state, else an unlinked body named as written. Without this the
//! state speaks for its ministry, or a Russian acronym («МВД») links to Russia's ministry when
//! the text names another state's.
//!
//! The lexicon of body words is `data/state-bodies.tsv`.

use std::sync::OnceLock;

use demarche_kb::{EntityType, Kb};
use demarche_model::Span;
use rustc_hash::FxHashMap;

use crate::entities::{How, Mention};

const BODIES_TSV: &str = include_str!("../data/state-bodies.tsv");

/// One way of writing one kind of body.
struct Form {
    /// Words; a word ending in `*` takes any ending.
    words: Vec<String>,
    /// Written in capitals (an acronym): matched as written.
    acronym: bool,
    kind: usize,
}

/// One kind of body.
struct Kind {
    /// How the KB entry is known: word sets of its English name, or `subtype:X`.
    kb: Vec<String>,
    /// The Russian full name an acronym stands for.
    full: Option<String>,
}

struct Lexicon {
    kinds: Vec<Kind>,
    forms: Vec<Form>,
    longest: usize,
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut kinds = Vec::new();
        let mut forms = Vec::new();
        for line in BODIES_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 4 {
                continue;
            }
            let kind = kinds.len();
            kinds.push(Kind {
                kb: if c[1] == "-" {
                    Vec::new()
                } else {
                    c[1].split('|').map(str::to_string).collect()
                },
                full: (c[2] != "-").then(|| c[2].to_string()),
            });
            for f in c[3].split('|') {
                let words: Vec<String> = f.split_whitespace().map(str::to_string).collect();
                let acronym = words.len() == 1
                    && words[0].chars().count() >= 2
                    && words[0]
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase);
                forms.push(Form {
                    words,
                    acronym,
                    kind,
                });
            }
        }
        let longest = forms.iter().map(|f| f.words.len()).max().unwrap_or(1);
        Lexicon {
            kinds,
            forms,
            longest,
        }
    })
}

fn word_fits(pattern: &str, acronym: bool, word: &str) -> bool {
    if acronym {
        return pattern == word;
    }
    // case-insensitive, without allocating: this runs beside every state mention
    let mut w = word.chars().flat_map(char::to_lowercase);
    let (stem, open) = match pattern.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (pattern, false),
    };
    stem.chars()
        .flat_map(char::to_lowercase)
        .all(|p| w.next() == Some(p))
        && (open || w.next().is_none())
}

/// The words of `text` as byte spans.
fn words(text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[from..to].char_indices() {
        let i = i + from;
        let inside = c.is_alphanumeric() || c == '-' || c == '\'' || c == '’';
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, to));
    }
    out
}

/// Only spaces between `a` and `b`.
fn adjacent(text: &str, a: usize, b: usize) -> bool {
    a <= b && text[a..b].chars().all(|c| c == ' ' || c == '\u{a0}')
}

/// The KB's bodies of a state by kind, for one KB.
#[derive(Debug, Default)]
pub struct Bodies {
    of: FxHashMap<(String, usize), u32>,
}

impl Bodies {
    /// Indexes the KB's organisations that belong to a state by the body kinds they are.
    pub fn new(kb: &Kb) -> Bodies {
        let lx = lexicon();
        let mut found: FxHashMap<(String, usize), Vec<u32>> = FxHashMap::default();
        for (i, e) in kb.entities().iter().enumerate() {
            if e.kind != EntityType::Organisation {
                continue;
            }
            let Some(state) = &e.country else { continue };
            let name = e.name.to_lowercase();
            for (k, kind) in lx.kinds.iter().enumerate() {
                let fits = kind
                    .kb
                    .iter()
                    .any(|key| match key.strip_prefix("subtype:") {
                        Some(st) => e.subtype.as_deref() == Some(st),
                        None => key.split_whitespace().all(|w| name.contains(w)),
                    });
                if fits {
                    found.entry((state.clone(), k)).or_default().push(i as u32);
                }
            }
        }
        let of = found
            .into_iter()
            .filter_map(|(key, v)| (v.len() == 1).then(|| (key, v[0])))
            .collect();
        Bodies { of }
    }

    /// `mentions` (sorted by start) with every state body written beside its state joined into
    /// one mention; still sorted by start, antecedents renumbered.
    pub fn compose(&self, text: &str, kb: &Kb, mentions: Vec<Mention>) -> Vec<Mention> {
        let lx = lexicon();
        let mut joined: Vec<(Span, Option<u32>)> = Vec::new();
        for m in &mentions {
            if m.kind != EntityType::State || m.kb.is_none() {
                continue;
            }
            let (s, e) = (m.span.start as usize, m.span.end as usize);
            let english = text[s..e].is_ascii();
            // the body before: «МИД Украины», "the Foreign Ministry of Ukraine"
            let lo = text[..s].char_indices().rev().nth(80).map_or(0, |(i, _)| i);
            let mut before = words(text, lo, s);
            let mut gap_end = s;
            if english && before.last().is_some_and(|w| &text[w.0..w.1] == "the") {
                gap_end = before.pop().map_or(s, |w| w.0);
            }
            let of_form = english && before.last().is_some_and(|w| &text[w.0..w.1] == "of");
            if of_form {
                gap_end = before.pop().map_or(s, |w| w.0);
            }
            let body = (!english || of_form)
                .then(|| {
                    before
                        .last()
                        .filter(|w| adjacent(text, w.1, gap_end))
                        .and_then(|_| longest_form(text, &before, true, lx))
                })
                .flatten();
            // the body after: «британский МИД», "the UAE Interior Ministry"
            let body = body.or_else(|| {
                (english || m.how == How::Adjective)
                    .then(|| {
                        let hi = text[e..]
                            .char_indices()
                            .nth(80)
                            .map_or(text.len(), |(i, _)| i + e);
                        let after = words(text, e, hi);
                        after
                            .first()
                            .filter(|w| adjacent(text, e, w.0))
                            .and_then(|_| longest_form(text, &after, false, lx))
                    })
                    .flatten()
            });
            let Some((bs, be, kind)) = body else { continue };
            let span = Span::new(bs.min(s) as u32, be.max(e) as u32);
            let state = &kb.entities()[m.kb.unwrap_or(0) as usize].id;
            let link = self.of.get(&(state.clone(), kind)).copied();
            joined.push((span, link));
        }
        if joined.is_empty() {
            return mentions;
        }
        joined.sort_by_key(|j| (j.0.start, std::cmp::Reverse(j.0.end)));
        joined.dedup_by(|b, a| b.0.start < a.0.end);
        // a mention wider than the joined span already says it («МИД Украины» as a KB name)
        joined.retain(|(sp, _)| {
            !mentions.iter().any(|o| {
                o.span.start <= sp.start && sp.end <= o.span.end && o.span.len() > sp.len()
            })
        });
        let inside = |m: &Mention| {
            joined
                .iter()
                .any(|(sp, _)| sp.start <= m.span.start && m.span.end <= sp.end)
        };
        let mut next_cluster = mentions.iter().map(|m| m.cluster + 1).max().unwrap_or(0);
        let mut cluster_of_kb: FxHashMap<u32, u32> = FxHashMap::default();
        let mut cluster_of_text: FxHashMap<String, u32> = FxHashMap::default();
        for m in mentions.iter().filter(|m| !inside(m)) {
            if let Some(k) = m.kb {
                cluster_of_kb.entry(k).or_insert(m.cluster);
            }
        }
        // old index → new index, the joined mentions taking the place of what they hold
        let mut out: Vec<(Mention, Option<usize>)> = Vec::with_capacity(mentions.len());
        for (i, m) in mentions.into_iter().enumerate() {
            if !inside(&m) {
                out.push((m, Some(i)));
            }
        }
        for (span, link) in joined {
            let cluster = match link {
                Some(k) => *cluster_of_kb.entry(k).or_insert_with(|| {
                    next_cluster += 1;
                    next_cluster - 1
                }),
                None => *cluster_of_text
                    .entry(text[span.range()].to_lowercase())
                    .or_insert_with(|| {
                        next_cluster += 1;
                        next_cluster - 1
                    }),
            };
            out.push((
                Mention {
                    span,
                    kind: EntityType::Organisation,
                    kb: link,
                    how: if link.is_some() {
                        How::Name
                    } else {
                        How::Pattern
                    },
                    antecedent: None,
                    cluster,
                    role: None,
                },
                None,
            ));
        }
        out.sort_by_key(|(m, _)| m.span.start);
        let mut new_index: FxHashMap<usize, usize> = FxHashMap::default();
        for (j, (_, old)) in out.iter().enumerate() {
            if let Some(o) = old {
                new_index.insert(*o, j);
            }
        }
        out.into_iter()
            .map(|(mut m, _)| {
                m.antecedent = m.antecedent.and_then(|a| new_index.get(&a).copied());
                m
            })
            .collect()
    }
}

/// The longest body form written by the last words of `ws` (`at_end`) or by its first words,
/// spaces between them: (start, end, kind).
fn longest_form(
    text: &str,
    ws: &[(usize, usize)],
    at_end: bool,
    lx: &Lexicon,
) -> Option<(usize, usize, usize)> {
    for n in (1..=lx.longest.min(ws.len())).rev() {
        let run = if at_end {
            &ws[ws.len() - n..]
        } else {
            &ws[..n]
        };
        if !run.windows(2).all(|p| adjacent(text, p[0].1, p[1].0)) {
            continue;
        }
        let form = lx.forms.iter().find(|f| {
            f.words.len() == n
                && f.words
                    .iter()
                    .zip(run)
                    .all(|(p, w)| word_fits(p, f.acronym, &text[w.0..w.1]))
        });
        if let Some(f) = form {
            return Some((run[0].0, run[n - 1].1, f.kind));
        }
    }
    None
}

/// The full name of an unlinked body written with an acronym or a one-word form and its state («МВД ОАЭ» →
/// «Министерство внутренних дел ОАЭ»), else `None`.
pub fn full_name(name: &str) -> Option<String> {
    let lx = lexicon();
    let (head, rest) = name.split_once(' ')?;
    // the full names are Russian
    if !crate::names::is_cyrillic(head) {
        return None;
    }
    let f = lx.forms.iter().find(|f| {
        f.words.len() == 1
            && lx.kinds[f.kind].full.is_some()
            && word_fits(&f.words[0], f.acronym, head)
    })?;
    let full = lx.kinds[f.kind].full.as_deref()?;
    Some(format!("{full} {rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_match_case_forms_and_acronyms_as_written() {
        assert!(word_fits("министерств*", false, "Министерства"));
        assert!(word_fits("МИД", true, "МИД"));
        assert!(!word_fits("МИД", true, "мид"));
        assert!(word_fits("Foreign", false, "foreign"));
    }

    #[test]
    fn an_acronym_is_spelt_out_with_its_state() {
        assert_eq!(
            full_name("МИД Сербии").as_deref(),
            Some("Министерство иностранных дел Сербии")
        );
        assert_eq!(
            full_name("Минфина Сербии").as_deref(),
            Some("Министерство финансов Сербии")
        );
        assert_eq!(full_name("Сербия"), None);
        // the authorities of a state are its government, named in the nominative
        assert_eq!(
            full_name("власти Сербии").as_deref(),
            Some("Правительство Сербии")
        );
        assert_eq!(
            full_name("правительства Сербии").as_deref(),
            Some("Правительство Сербии")
        );
    }
}
