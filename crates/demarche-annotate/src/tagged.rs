//! The NER tagger's names joined to the entity layer: people, bodies and places the KB and the
//! name patterns did not find become unlinked mentions, one cluster per person across case
//! forms and bare surnames («Джордже Симион» … «Симиона»), and a KB surname hit inside a
//! longer tagged name whose given name is not the KB person's is unlinked ("Elena Varga" when
//! the KB's Varga is someone else), as is a later bare surname of such a person, and a KB short
//! form inside a date ("in May").
//!
//! The tagger proposes; the KB's links stand wherever the two agree or the tagger is silent.

use demarche_kb::{EntityType, Kb};
use demarche_model::Span;
use rustc_hash::FxHashMap;

use crate::entities::{How, Mention};
use crate::names;
use crate::ner::{NerKind, NerSpan};

/// `mentions` (sorted by start, from [`crate::entities::EntityAnnotator::annotate`]) with the
/// tagged names added; still sorted by start, antecedents renumbered.
/// `dates` are the document's time expressions (a name inside one is no name).
pub fn merge(
    text: &str,
    kb: &Kb,
    mut mentions: Vec<Mention>,
    tagged: &[NerSpan],
    dates: &[Span],
) -> Vec<Mention> {
    let mut next_cluster = mentions.iter().map(|m| m.cluster + 1).max().unwrap_or(0);
    // clusters of the unlinked names already found, by key
    let mut by_key: FxHashMap<String, u32> = FxHashMap::default();
    for m in mentions.iter().filter(|m| m.kb.is_none()) {
        if let Some(k) = key(text, m.kind, m.span) {
            by_key.entry(k).or_insert(m.cluster);
        }
    }
    // a KB short form inside a date ("in May", "Lakeport, May 12") is not that person
    let mut dates = dates.to_vec();
    dates.sort_by_key(|s| s.start);
    let keep: Vec<bool> = mentions
        .iter()
        .map(|m| {
            !(m.kind == EntityType::Person
                && m.how == How::Surname
                && m.kb.is_some()
                && !text[m.span.range()].contains(char::is_whitespace)
                && overlaps_any(&dates, m.span))
        })
        .collect();
    if keep.contains(&false) {
        mentions = kept(mentions, &keep);
    }
    let starts: Vec<u32> = mentions.iter().map(|m| m.span.start).collect();
    let longest = mentions.iter().map(|m| m.span.len()).max().unwrap_or(0);
    let mut added: Vec<Mention> = Vec::new();
    for t in tagged {
        let (s, e) = (t.span.start, t.span.end);
        // the mentions that overlap the tagged span
        let from = starts.partition_point(|&x| x + longest <= s);
        let to = starts.partition_point(|&x| x < e);
        let overlapping: Vec<usize> = (from..to.max(from))
            .filter(|&i| mentions[i].span.start < e && s < mentions[i].span.end)
            .collect();
        let kind = match t.kind {
            NerKind::Per => EntityType::Person,
            NerKind::Org => EntityType::Organisation,
            NerKind::Loc => EntityType::Place,
        };
        if overlapping.is_empty() {
            let cluster = cluster_of(&mut by_key, &mut next_cluster, key(text, kind, t.span));
            added.push(Mention {
                span: t.span,
                kind,
                kb: None,
                how: How::Tagged,
                antecedent: None,
                cluster,
                role: None,
            });
            continue;
        }
        // a KB surname inside a longer tagged person name with another given name
        if let [i] = overlapping[..] {
            let m = &mentions[i];
            let inside = s < m.span.start && m.span.end <= e;
            if kind == EntityType::Person
                && m.kind == EntityType::Person
                && m.how == How::Surname
                && inside
                && m.kb.is_some_and(|k| {
                    !given_name_fits(kb, k, &text[s as usize..m.span.start as usize])
                })
            {
                let cluster = cluster_of(&mut by_key, &mut next_cluster, key(text, kind, t.span));
                let m = &mut mentions[i];
                m.span = Span::new(s, e);
                m.kb = None;
                m.how = How::Tagged;
                m.cluster = cluster;
                m.antecedent = None;
            }
        }
    }
    let mut mentions = if added.is_empty() {
        mentions
    } else {
        in_order(mentions, added)
    };
    refer_back(text, kb, &mut mentions);
    mentions
}

/// A bare surname the KB links to someone ("Varga") after the document has named a person
/// with that surname in full whose given name is not the KB person's ("Elena Varga") refers
/// back to the document's person.
fn refer_back(text: &str, kb: &Kb, mentions: &mut [Mention]) {
    // key -> (cluster, mention) of the unlinked people named in full so far
    let mut named: FxHashMap<String, (u32, usize)> = FxHashMap::default();
    for i in 0..mentions.len() {
        let m = &mentions[i];
        if m.kind != EntityType::Person {
            continue;
        }
        let surface = &text[m.span.range()];
        let full = surface.split_whitespace().count() >= 2;
        match m.kb {
            None if full => {
                named
                    .entry(names::person_key(surface))
                    .or_insert((m.cluster, i));
            }
            Some(k) if !full => {
                let Some(&(cluster, j)) = named.get(&names::person_key(surface)) else {
                    continue;
                };
                let whole = &text[mentions[j].span.range()];
                let given = whole
                    .rsplit_once(char::is_whitespace)
                    .map_or("", |(g, _)| g);
                if !given_name_fits(kb, k, given) {
                    let m = &mut mentions[i];
                    m.kb = None;
                    m.cluster = cluster;
                    m.antecedent = Some(j);
                }
            }
            _ => {}
        }
    }
}

/// The mentions marked to keep, antecedents renumbered (one that pointed at a dropped mention
/// points nowhere).
fn kept(mentions: Vec<Mention>, keep: &[bool]) -> Vec<Mention> {
    let mut new_index = vec![None; mentions.len()];
    let mut j = 0;
    for (i, &k) in keep.iter().enumerate() {
        if k {
            new_index[i] = Some(j);
            j += 1;
        }
    }
    mentions
        .into_iter()
        .zip(keep)
        .filter(|(_, &k)| k)
        .map(|(mut m, _)| {
            m.antecedent = m.antecedent.and_then(|a| new_index[a]);
            m
        })
        .collect()
}

/// Whether `span` overlaps one of `spans` (sorted by start).
fn overlaps_any(spans: &[Span], span: Span) -> bool {
    let to = spans.partition_point(|s| s.start < span.end);
    spans[..to].iter().rev().take(8).any(|s| s.end > span.start)
}

/// The mentions and the added ones in text order, antecedents renumbered.
fn in_order(mentions: Vec<Mention>, added: Vec<Mention>) -> Vec<Mention> {
    // merge in text order; old indices -> new for the antecedents
    let n = mentions.len();
    let mut all: Vec<(Mention, Option<usize>)> = mentions
        .into_iter()
        .enumerate()
        .map(|(i, m)| (m, Some(i)))
        .chain(added.into_iter().map(|m| (m, None)))
        .collect();
    all.sort_by_key(|(m, _)| m.span.start);
    let mut new_index = vec![0usize; n];
    for (j, (_, old)) in all.iter().enumerate() {
        if let Some(i) = old {
            new_index[*i] = j;
        }
    }
    all.into_iter()
        .map(|(mut m, _)| {
            m.antecedent = m.antecedent.map(|a| new_index[a]);
            m
        })
        .collect()
}

/// The cluster of a name's key, a new one for a new key or none.
fn cluster_of(by_key: &mut FxHashMap<String, u32>, next: &mut u32, key: Option<String>) -> u32 {
    let mut fresh = || {
        *next += 1;
        *next - 1
    };
    match key {
        Some(k) => *by_key.entry(k).or_insert_with(fresh),
        None => fresh(),
    }
}

/// One key per person across case forms and scripts (the surname's stem), per body or place
/// its lowercase words.
fn key(text: &str, kind: EntityType, span: Span) -> Option<String> {
    let t = text.get(span.range())?;
    match kind {
        EntityType::Person => Some(names::person_key(t)),
        _ => Some(format!("{}:{}", kind_tag(kind), names::body_key(t))),
    }
}

fn kind_tag(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "per",
        EntityType::Organisation => "org",
        EntityType::State => "state",
        EntityType::Place => "loc",
    }
}

/// Whether `given` (the words before a KB surname) can be the KB person's given name or
/// initials: some name of the entity starts with the same letter, in either script.
fn given_name_fits(kb: &Kb, entity: u32, given: &str) -> bool {
    let Some(first) = given
        .split(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty())
    else {
        return true;
    };
    // the first letter in Latin; romanisations swap some (Евгений: Yevgeny, Evgeny; Юлия:
    // Yulia, Iulia, Julia; Хусейн: Khusein, Hussein)
    let initial = |w: &str| {
        let low: String = w.chars().flat_map(char::to_lowercase).collect();
        names::translit(&low).chars().next()
    };
    let alike = |a: char, b: char| {
        let within = |set: &str| set.contains(a) && set.contains(b);
        a == b || within("ye") || within("yij") || within("khc")
    };
    let Some(want) = initial(first) else {
        return true;
    };
    let e = &kb.entities()[entity as usize];
    std::iter::once(e.name.as_str())
        .chain(e.names.iter().map(|n| n.text()))
        .filter_map(|n| n.split_whitespace().next())
        .filter(|w| w.chars().count() > 1 || w.ends_with('.'))
        .any(|w| initial(w).is_some_and(|c| alike(c, want)))
}
