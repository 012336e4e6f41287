//! A compiled matcher over every name in the KB: one Aho-Corasick automaton on case-folded
//! text, filtered by word boundaries and by each name's case policy, with Russian word endings
//! allowed after Cyrillic stems.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use crate::{Day, Kb, Name};

/// What kind of name produced a hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HitKind {
    /// A full name or alias.
    Name,
    /// An acronym, matched with its exact case.
    Acronym,
    /// An adjective or demonym.
    Adjective,
    /// A short form (surname).
    Short,
}

/// One candidate reading of a hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Index of the entity in [`Kb::entities`].
    pub entity: u32,
    /// Kind of name.
    pub kind: HitKind,
    from: Option<Day>,
    to: Option<Day>,
}

impl Candidate {
    /// Is the name in use on `day` (always, when there is no date)?
    pub fn valid_on(&self, day: Option<Day>) -> bool {
        match day {
            None => true,
            Some(d) => self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t),
        }
    }

    /// Is the name limited in time?
    pub fn dated(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}

/// A match of a KB name in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Byte start.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// The entities this name may refer to.
    pub candidates: Vec<Candidate>,
}

struct Pattern {
    candidates: Vec<(Candidate, Policy)>,
    /// Letters allowed after the pattern before the word must end (Russian endings).
    extend: u8,
    /// An English demonym may take a plural "s" ("Russians").
    plural: bool,
}

#[derive(Clone, Debug)]
enum Policy {
    /// First letter must be a capital.
    Capital,
    /// Any case.
    Any,
    /// Exactly this text.
    Exact(String),
}

/// The compiled matcher.
pub struct Matcher {
    /// The names' trie (an Aho-Corasick NFA), walked anchored: a hit must begin where a word
    /// begins, so a walk starts only there and stops as soon as no name continues the text.
    /// An unanchored scan would walk every byte and report, then reject, every name found
    /// inside a word; the automaton's own overlapping-search API costs a call per match.
    ac: NFA,
    /// The bytes a (folded) name can begin with: the search starts nowhere else.
    first: [bool; 256],
    patterns: Vec<Pattern>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Matcher({} patterns)", self.patterns.len())
    }
}

/// A Russian full name («Дмитрий Сергеевич Песков», «Мария Захарова») in the oblique cases:
/// every word but the last (given name, patronymic) declined, one case at a time (genitive,
/// dative, instrumental, prepositional, accusative); the surname keeps its form, the matcher's open ending
/// declines it. Empty for a name that is not Cyrillic or has one word.
pub fn ru_case_variants(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 2 || !is_cyrillic(name) || name.contains('.') {
        return Vec::new();
    }
    // the case forms of one given name or patronymic: [gen, dat, ins, prep, acc]
    fn forms(w: &str) -> Option<[String; 5]> {
        let n = w.chars().count();
        if n < 3 || !w.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let stem = |k: usize| w.chars().take(n - k).collect::<String>();
        let last = w.chars().next_back()?;
        let before = w.chars().rev().nth(1)?;
        let f = |s: &str, e: [&str; 5]| e.map(|x| format!("{s}{x}"));
        Some(match last {
            'й' if before == 'и' => f(&stem(1), ["я", "ю", "ем", "и", "я"]),
            'й' => f(&stem(1), ["я", "ю", "ем", "е", "я"]),
            'я' if before == 'и' => f(&stem(1), ["и", "и", "ей", "и", "ю"]),
            'я' => f(&stem(1), ["и", "е", "ей", "е", "ю"]),
            'а' if "гкхжшчщ".contains(before) => f(&stem(1), ["и", "е", "ой", "е", "у"]),
            'а' => f(&stem(1), ["ы", "е", "ой", "е", "у"]),
            'ь' => return None,
            c if "бвгдзклмнпрстфхцчшщж".contains(c) => {
                let ins = if "жшчщц".contains(c) {
                    "ем"
                } else {
                    "ом"
                };
                f(w, ["а", "у", ins, "е", "а"])
            }
            _ => return None,
        })
    }
    let head = &words[..words.len() - 1];
    let declined: Option<Vec<[String; 5]>> = head.iter().map(|w| forms(w)).collect();
    let Some(declined) = declined else {
        return Vec::new();
    };
    let surname = words[words.len() - 1];
    (0..5)
        .map(|case| {
            let mut out: Vec<&str> = declined.iter().map(|f| f[case].as_str()).collect();
            out.push(surname);
            out.join(" ")
        })
        .filter(|v| v != name)
        .collect::<std::collections::BTreeSet<String>>()
        .into_iter()
        .collect()
}

fn is_cyrillic(s: &str) -> bool {
    s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
}

/// Lowercases char by char where the lowercase has the same UTF-8 length, so byte offsets in
/// the folded text are offsets in the original.
pub fn fold_same_len(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let c2 = match c {
            'ё' | 'Ё' => 'е',
            _ => {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
                    _ => c,
                }
            }
        };
        out.push(c2);
    }
    out
}

fn bounds(n: &Name) -> (Option<Day>, Option<Day>) {
    match n {
        Name::Plain(_) => (None, None),
        Name::Full { from, to, .. } => (
            from.as_deref().and_then(Day::parse),
            to.as_deref().and_then(|t| Day::parse_bound(t, true)),
        ),
    }
}

impl Matcher {
    /// Builds the matcher over every name of every entity in `kb`.
    pub fn build(kb: &Kb) -> Matcher {
        let mut keys: std::collections::HashMap<String, usize> = Default::default();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (i, e) in kb.entities().iter().enumerate() {
            let groups: [(&[Name], HitKind); 4] = [
                (&e.names, HitKind::Name),
                (&e.acronyms, HitKind::Acronym),
                (&e.adjectives, HitKind::Adjective),
                (&e.short, HitKind::Short),
            ];
            let display = [Name::Plain(e.name.clone())];
            for (names, kind) in groups
                .into_iter()
                .chain(std::iter::once((&display[..], HitKind::Name)))
            {
                for n in names {
                    let raw = n.text().trim();
                    // a Russian person's full name in its case forms («Дмитрия Пескова»): the
                    // given name and patronymic inflected, the surname by its open ending
                    let variants = if kind == HitKind::Name && e.kind == crate::EntityType::Person {
                        ru_case_variants(raw)
                    } else {
                        Vec::new()
                    };
                    for raw in std::iter::once(raw).chain(variants.iter().map(String::as_str)) {
                        let (raw, star) = match raw.strip_suffix('*') {
                            Some(r) => (r, true),
                            None => (raw, false),
                        };
                        if raw.chars().count() < 2
                            || kind == HitKind::Short && raw.chars().all(|c| "IVXL".contains(c))
                        {
                            // too short, or a regnal number ("Elizabeth II") taken for a surname
                            continue;
                        }
                        let mut key = fold_same_len(raw).replace('’', "'");
                        let mut extend = if star { 6 } else { 0 };
                        let plural = kind == HitKind::Adjective
                            && !star
                            && raw
                                .chars()
                                .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-');
                        let cyr = is_cyrillic(raw);
                        if cyr && !star && kind != HitKind::Acronym && key.chars().count() > 4 {
                            // Russian nouns and names decline: match the stem and up to 3 letters.
                            if let Some(last) = key.chars().next_back() {
                                if "аяьйоеыиу".contains(last) {
                                    key.pop();
                                }
                            }
                            extend = 3;
                        }
                        let policy = match kind {
                            HitKind::Acronym => Policy::Exact(raw.to_string()),
                            HitKind::Adjective if cyr => Policy::Any,
                            _ => {
                                if raw.chars().next().is_some_and(|c| c.is_uppercase()) {
                                    Policy::Capital
                                } else {
                                    Policy::Any
                                }
                            }
                        };
                        let (from, to) = bounds(n);
                        let cand = Candidate {
                            entity: i as u32,
                            kind,
                            from,
                            to,
                        };
                        let at = *keys.entry(key.clone()).or_insert_with(|| {
                            texts.push(key.clone());
                            patterns.push(Pattern {
                                candidates: Vec::new(),
                                extend,
                                plural: false,
                            });
                            patterns.len() - 1
                        });
                        let p = &mut patterns[at];
                        p.extend = p.extend.max(extend);
                        p.plural |= plural;
                        if !p.candidates.iter().any(|(c, _)| *c == cand) {
                            p.candidates.push((cand, policy));
                        }
                    }
                }
            }
        }
        let ac = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .expect("KB patterns compile");
        let mut first = [false; 256];
        for t in &texts {
            if let Some(&b) = t.as_bytes().first() {
                first[b as usize] = true;
            }
        }
        Matcher {
            ac,
            first,
            patterns,
        }
    }

    /// Number of distinct patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True when there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Checks the match of pattern `p` over `s..e` against word ends and case, and keeps it.
    fn hit(&self, text: &str, s: usize, mut e: usize, p: usize, hits: &mut Vec<Hit>) {
        if !text.is_char_boundary(e) {
            return;
        }
        let p = &self.patterns[p];
        if p.extend > 0 {
            let mut n = 0;
            for c in text[e..].chars() {
                if c.is_alphabetic() && n < p.extend {
                    e += c.len_utf8();
                    n += 1;
                } else {
                    break;
                }
            }
        }
        if p.plural
            && text[e..].starts_with('s')
            && !text[e + 1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric())
        {
            e += 1;
        }
        if text[e..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
        {
            return;
        }
        let surface = &text[s..e];
        let first_upper = surface
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric());
        let candidates: Vec<Candidate> = p
            .candidates
            .iter()
            .filter(|(_, pol)| match pol {
                Policy::Capital => first_upper,
                Policy::Any => true,
                Policy::Exact(t) => surface == t,
            })
            .map(|(c, _)| *c)
            .collect();
        if !candidates.is_empty() {
            hits.push(Hit {
                start: s,
                end: e,
                candidates,
            });
        }
    }

    /// All hits in `text`: on word boundaries, case policy respected, longest first and
    /// non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let folded = fold_same_len(text);
        let mut hits: Vec<Hit> = Vec::new();
        // an NFA supports anchored searches whatever its patterns
        let Ok(start) = self.ac.start_state(Anchored::Yes) else {
            return hits;
        };
        let mut after_word = false;
        for (s, c) in text.char_indices() {
            let starts = !after_word && self.first[folded.as_bytes()[s] as usize];
            after_word = if c.is_ascii() {
                c.is_ascii_alphanumeric()
            } else {
                c.is_alphanumeric()
            };
            if !starts {
                continue;
            }
            // walk the trie from the word start while the text spells a name's beginning
            let mut sid = start;
            for (k, &b) in folded.as_bytes()[s..].iter().enumerate() {
                sid = self.ac.next_state(Anchored::Yes, sid, b);
                if !self.ac.is_special(sid) {
                    continue;
                }
                if self.ac.is_dead(sid) {
                    break;
                }
                if !self.ac.is_match(sid) {
                    continue;
                }
                let end = s + k + 1;
                for m in 0..self.ac.match_len(sid) {
                    // a state also carries the names that end here without starting at `s`
                    let pid = self.ac.match_pattern(sid, m);
                    if self.ac.pattern_len(pid) == end - s {
                        self.hit(text, s, end, pid.as_usize(), &mut hits);
                    }
                }
            }
        }
        // Longest first at each start, then drop overlaps.
        hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            match out.last() {
                Some(l) if h.start < l.end => {
                    // Keep the longer of two overlapping hits.
                    if h.end - h.start > l.end - l.start {
                        out.pop();
                        out.push(h);
                    }
                }
                _ => out.push(h),
            }
        }
        out
    }
}

#[cfg(test)]
mod case_tests {
    use super::ru_case_variants;

    #[test]
    fn a_russian_full_name_declines_its_given_name_and_patronymic() {
        let v = ru_case_variants("Дмитрий Сергеевич Песков");
        assert!(
            v.contains(&"Дмитрия Сергеевича Песков".to_string()),
            "{v:?}"
        );
        assert!(
            v.contains(&"Дмитрием Сергеевичем Песков".to_string()),
            "{v:?}"
        );
        let v = ru_case_variants("Мария Захарова");
        assert!(v.contains(&"Марии Захарова".to_string()), "{v:?}");
        assert!(v.contains(&"Марию Захарова".to_string()), "{v:?}");
        assert!(ru_case_variants("Sergey Lavrov").is_empty());
        assert!(ru_case_variants("Лавров").is_empty());
    }
}
