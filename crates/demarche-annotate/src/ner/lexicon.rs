//! Word lists the tagger consults: Russian first names, surnames and patronymics (natasha's
//! dictionaries) and the words of the demarche KB's names (persons, organisations, states and
//! places). Each word carries a set of flags; a word's flags become features.
//!
//! The lists are data files, front-coded to stay small (`data/ner-names-ru.tsv`,
//! `data/ner-kb-words.tsv`), both written by `demarche eval learn-ner`. One line per word,
//! sorted: `shared<TAB>rest<TAB>codes`, where `shared` is how many characters the word shares
//! with the previous one, `rest` the characters after them and `codes` the flags, one letter
//! each (see [`CODES`]). A word ending in `*` is a stem: any word it begins matches.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::hash::Fnv;

/// A Russian first name.
pub const RU_FIRST: u16 = 1;
/// A word that is a Russian first name only sometimes (natasha's `maybe_first`).
pub const RU_MAYBE_FIRST: u16 = 1 << 1;
/// A Russian surname.
pub const RU_LAST: u16 = 1 << 2;
/// A Russian patronymic.
pub const RU_MIDDLE: u16 = 1 << 3;
/// The first word of a KB person's name.
pub const KB_PER_FIRST: u16 = 1 << 4;
/// The last word of a KB person's name (or a short form).
pub const KB_PER_LAST: u16 = 1 << 5;
/// A capitalised word inside a KB person's name.
pub const KB_PER_WORD: u16 = 1 << 6;
/// A capitalised word of a KB organisation's name.
pub const KB_ORG_WORD: u16 = 1 << 7;
/// The last word of a KB organisation's name.
pub const KB_ORG_LAST: u16 = 1 << 8;
/// A KB organisation's acronym.
pub const KB_ACRONYM: u16 = 1 << 9;
/// A capitalised word of a KB state's or place's name.
pub const KB_LOC_WORD: u16 = 1 << 10;
/// A whole one-word KB state or place name.
pub const KB_LOC_NAME: u16 = 1 << 11;
/// A KB adjective or demonym ("Russian", "российск*").
pub const KB_DEMONYM: u16 = 1 << 12;
/// A whole one-word KB organisation name.
pub const KB_ORG_NAME: u16 = 1 << 13;

/// The letter of each flag in the data files.
pub const CODES: [(u16, char); 14] = [
    (RU_FIRST, 'F'),
    (RU_MAYBE_FIRST, 'M'),
    (RU_LAST, 'L'),
    (RU_MIDDLE, 'P'),
    (KB_PER_FIRST, 'f'),
    (KB_PER_LAST, 'l'),
    (KB_PER_WORD, 'p'),
    (KB_ORG_WORD, 'o'),
    (KB_ORG_LAST, 'e'),
    (KB_ACRONYM, 'A'),
    (KB_LOC_WORD, 'g'),
    (KB_LOC_NAME, 'G'),
    (KB_DEMONYM, 'd'),
    (KB_ORG_NAME, 'O'),
];

/// Flags by word, and word stems.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    words: FxHashMap<u64, u16>,
    stems: FxHashMap<u64, u16>,
    stem_lengths: (usize, usize),
    checksum: u64,
}

fn key(folded: &str) -> u64 {
    Fnv::new(0).bytes(folded.as_bytes()).finish()
}

/// Russian case endings and the nominative endings they may stand for ("Малышевой" →
/// "малышева", "Игорем" → "игорь"); the empty replacement means the ending is dropped.
const CASE_ENDINGS: &[(&str, &[&str])] = &[
    ("ого", &["ий", "ой", "ый"]),
    ("его", &["ий"]),
    ("ому", &["ий", "ой", "ый"]),
    ("ему", &["ий"]),
    ("ой", &["а", "ая"]),
    ("ою", &["а"]),
    ("ую", &["а", "ая"]),
    ("ым", &["", "ый"]),
    ("им", &["", "ий"]),
    ("ом", &[""]),
    ("ем", &["ь", "й", ""]),
    ("ей", &["я", "ья", "ь"]),
    ("а", &["", "ь", "й"]),
    ("я", &["ь", "й"]),
    ("у", &["", "а"]),
    ("ю", &["я", "ь", "й"]),
    ("е", &["", "а", "я"]),
    ("ы", &["а"]),
    ("и", &["я", "ь", "а", "ий"]),
];

impl Lexicon {
    /// An empty lexicon.
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// The lists shipped in `data/`.
    pub fn builtin() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| {
            Lexicon::parse(&[
                include_str!("../../data/ner-names-ru.tsv"),
                include_str!("../../data/ner-kb-words.tsv"),
            ])
            .expect("the built-in NER word lists parse (checked by tests)")
        })
    }

    /// Reads front-coded word lists (see the module docs).
    ///
    /// # Errors
    /// A line that is not `shared<TAB>rest<TAB>codes`, or an unknown code.
    pub fn parse(files: &[&str]) -> Result<Lexicon, String> {
        let mut entries: BTreeMap<String, u16> = BTreeMap::new();
        for file in files {
            let mut prev: Vec<char> = Vec::new();
            for (n, line) in file.lines().enumerate() {
                if line.starts_with('#') || line.is_empty() {
                    continue;
                }
                let mut f = line.split('\t');
                let (Some(shared), Some(rest), Some(codes)) = (f.next(), f.next(), f.next()) else {
                    return Err(format!(
                        "ner lexicon: line {}: three fields expected",
                        n + 1
                    ));
                };
                let shared: usize = shared
                    .parse()
                    .map_err(|_| format!("ner lexicon: line {}: bad prefix length", n + 1))?;
                if shared > prev.len() {
                    return Err(format!("ner lexicon: line {}: prefix too long", n + 1));
                }
                prev.truncate(shared);
                prev.extend(rest.chars());
                let word: String = prev.iter().collect();
                let mut flags = 0u16;
                for c in codes.chars() {
                    let Some((f, _)) = CODES.iter().find(|(_, k)| *k == c) else {
                        return Err(format!("ner lexicon: line {}: unknown code {c:?}", n + 1));
                    };
                    flags |= f;
                }
                *entries.entry(word).or_default() |= flags;
            }
        }
        Ok(Lexicon::from_entries(&entries))
    }

    /// A lexicon from folded words (a final `*` marks a stem) and their flags.
    pub fn from_entries(entries: &BTreeMap<String, u16>) -> Lexicon {
        let mut lex = Lexicon {
            stem_lengths: (usize::MAX, 0),
            ..Lexicon::default()
        };
        let mut sum = Fnv::new(0);
        for (w, &f) in entries {
            sum = sum.bytes(w.as_bytes()).bytes(&f.to_le_bytes()).byte(0xff);
            if let Some(stem) = w.strip_suffix('*') {
                *lex.stems.entry(key(stem)).or_default() |= f;
                let n = stem.chars().count();
                lex.stem_lengths = (lex.stem_lengths.0.min(n), lex.stem_lengths.1.max(n));
            } else {
                *lex.words.entry(key(w)).or_default() |= f;
            }
        }
        lex.checksum = sum.finish();
        lex
    }

    /// A checksum of the contents (a model records the one it was trained with).
    pub fn checksum(&self) -> u64 {
        self.checksum
    }

    /// Number of words and stems.
    pub fn len(&self) -> usize {
        self.words.len() + self.stems.len()
    }

    /// True when the lexicon holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The flags of a folded word: its own, and those of any stem it begins with.
    pub fn flags(&self, folded: &str) -> u16 {
        let mut f = self.words.get(&key(folded)).copied().unwrap_or(0);
        if !self.stems.is_empty() {
            let (lo, hi) = self.stem_lengths;
            for (n, (i, _)) in folded.char_indices().enumerate().skip(lo) {
                if n > hi {
                    break;
                }
                if let Some(s) = self.stems.get(&key(&folded[..i])) {
                    f |= s;
                }
            }
            if (lo..=hi).contains(&folded.chars().count()) {
                if let Some(s) = self.stems.get(&key(folded)) {
                    f |= s;
                }
            }
        }
        f
    }

    /// The flags of the nominative forms a Russian case form may stand for ("малышевой" has
    /// those of "малышева"), not counting the word's own.
    pub fn case_flags(&self, folded: &str, buf: &mut String) -> u16 {
        let mut f = 0;
        for (ending, repl) in CASE_ENDINGS {
            let Some(stem) = folded.strip_suffix(ending) else {
                continue;
            };
            if stem.chars().count() < 2 {
                continue;
            }
            for r in *repl {
                buf.clear();
                buf.push_str(stem);
                buf.push_str(r);
                if let Some(&g) = self.words.get(&key(buf)) {
                    f |= g;
                }
            }
        }
        f
    }
}

/// Is `word`, as written, only a given name in the built-in lists: a Russian first name in
/// any case form («Натальи», «Александр») or the first word of a KB person, and never a
/// surname? A person the text names by that word alone is unnamed for attribution.
pub fn given_name_only(word: &str) -> bool {
    if word.is_empty() || word.contains(|c: char| c.is_whitespace() || c == '.') {
        return false;
    }
    let lex = Lexicon::builtin();
    let mut folded = String::new();
    super::token::fold_into(word, &mut folded);
    let mut buf = String::new();
    let f = lex.flags(&folded) | lex.case_flags(&folded, &mut buf);
    f & (RU_FIRST | KB_PER_FIRST) != 0 && f & (RU_LAST | KB_PER_LAST | RU_MIDDLE) == 0
}

/// Writes entries (folded words and their flags) as a front-coded list under `header`
/// (each header line is written as a `#` comment).
pub fn write_list(header: &str, entries: &BTreeMap<String, u16>) -> String {
    let mut out = String::new();
    for l in header.lines() {
        out.push_str("# ");
        out.push_str(l);
        out.push('\n');
    }
    let mut prev: Vec<char> = Vec::new();
    for (w, &f) in entries {
        if f == 0 || w.is_empty() || w.contains(['\t', '\n']) {
            continue;
        }
        let chars: Vec<char> = w.chars().collect();
        let shared = prev.iter().zip(&chars).take_while(|(a, b)| a == b).count();
        out.push_str(&shared.to_string());
        out.push('\t');
        out.extend(&chars[shared..]);
        out.push('\t');
        for (flag, c) in CODES {
            if f & flag != 0 {
                out.push(c);
            }
        }
        out.push('\n');
        prev = chars;
    }
    out
}

/// Reads natasha's name dictionaries (`first.txt`, `maybe_first.txt`, `last.txt`,
/// `middle.txt`, one lowercase word a line, `#` comments after a word) into entries.
pub fn names_from_dir(dir: &std::path::Path) -> Result<BTreeMap<String, u16>, String> {
    let mut out = BTreeMap::new();
    for (file, flag) in [
        ("first.txt", RU_FIRST),
        ("maybe_first.txt", RU_MAYBE_FIRST),
        ("last.txt", RU_LAST),
        ("middle.txt", RU_MIDDLE),
    ] {
        let p = dir.join(file);
        let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let mut buf = String::new();
        for l in text.lines() {
            let w = l.split('#').next().unwrap_or("").trim();
            if w.chars().count() < 2 {
                continue;
            }
            super::token::fold_into(w, &mut buf);
            *out.entry(buf.clone()).or_insert(0) |= flag;
        }
    }
    Ok(out)
}

/// The words of the KB's names, with their flags.
pub fn kb_words(kb: &demarche_kb::Kb) -> BTreeMap<String, u16> {
    use demarche_kb::EntityType;
    let mut out: BTreeMap<String, u16> = BTreeMap::new();
    let mut buf = String::new();
    let mut add = |w: &str, f: u16, out: &mut BTreeMap<String, u16>| {
        super::token::fold_into(w, &mut buf);
        if buf.chars().count() >= 2 || f == KB_ACRONYM {
            *out.entry(buf.clone()).or_insert(0) |= f;
        }
    };
    let mut toks = Vec::new();
    for e in kb.entities() {
        let (word, last, whole) = match e.kind {
            EntityType::Person => (KB_PER_WORD, KB_PER_LAST, 0),
            EntityType::Organisation => (KB_ORG_WORD, KB_ORG_LAST, KB_ORG_NAME),
            EntityType::State | EntityType::Place => (KB_LOC_WORD, 0, KB_LOC_NAME),
        };
        for name in &e.names {
            let t = name.text();
            toks.clear();
            super::token::tokenize(t, 0, t.len(), &mut toks);
            let words: Vec<&str> = toks
                .iter()
                .filter(|k| k.kind != super::token::TokKind::Punct)
                .map(|k| &t[k.start as usize..k.end as usize])
                .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
                .collect();
            let n = words.len();
            for (i, w) in words.iter().enumerate() {
                let mut f = word;
                if i == 0 && e.kind == EntityType::Person {
                    f |= KB_PER_FIRST;
                }
                if i + 1 == n {
                    f |= last;
                }
                if n == 1 {
                    f |= whole;
                }
                add(w, f, &mut out);
            }
        }
        if e.kind == EntityType::Person {
            for s in &e.short {
                add(s.text(), KB_PER_LAST, &mut out);
            }
        }
        for a in &e.acronyms {
            if e.kind == EntityType::Organisation {
                add(a.text(), KB_ACRONYM, &mut out);
            } else {
                add(a.text(), whole, &mut out);
            }
        }
        if matches!(e.kind, EntityType::State | EntityType::Place) {
            for a in &e.adjectives {
                let t = a.text();
                if t.contains(' ') {
                    continue;
                }
                if let Some(stem) = t.strip_suffix('*') {
                    let mut folded = String::new();
                    super::token::fold_into(stem, &mut folded);
                    if folded.chars().count() >= 3 {
                        folded.push('*');
                        *out.entry(folded).or_insert(0) |= KB_DEMONYM;
                    }
                } else {
                    add(t, KB_DEMONYM, &mut out);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        let mut e = BTreeMap::new();
        e.insert("малышева".to_string(), RU_LAST);
        e.insert("ирина".to_string(), RU_FIRST);
        e.insert("игорь".to_string(), RU_FIRST);
        e.insert("российск*".to_string(), KB_DEMONYM);
        Lexicon::from_entries(&e)
    }

    #[test]
    fn flags_and_case_forms() {
        let l = lex();
        let mut b = String::new();
        assert_eq!(l.flags("ирина"), RU_FIRST);
        assert_eq!(l.flags("малышевой"), 0);
        assert_eq!(l.case_flags("малышевой", &mut b), RU_LAST);
        assert_eq!(l.case_flags("игорем", &mut b), RU_FIRST);
        assert_eq!(l.case_flags("иринами", &mut b), 0);
        assert_eq!(l.flags("российского"), KB_DEMONYM);
        assert_eq!(l.flags("российск"), KB_DEMONYM);
        assert_eq!(l.flags("росси"), 0);
    }

    #[test]
    fn front_coding_round_trips() {
        let mut e = BTreeMap::new();
        for (w, f) in [
            ("иванов", RU_LAST),
            ("иванова", RU_LAST),
            ("ивановка", KB_LOC_NAME | KB_LOC_WORD),
            ("lakeport", KB_LOC_NAME),
            ("рос*", KB_DEMONYM),
        ] {
            e.insert(w.to_string(), f);
        }
        let text = write_list("test list\nsecond line", &e);
        assert!(text.starts_with("# test list\n# second line\n"));
        assert!(text.contains("6\tа\tL\n"), "{text}");
        let l = Lexicon::parse(&[&text]).unwrap();
        assert_eq!(l.checksum(), Lexicon::from_entries(&e).checksum());
        assert_eq!(l.flags("ивановка"), KB_LOC_WORD | KB_LOC_NAME);
        assert_eq!(l.flags("россия"), KB_DEMONYM);
        assert!(Lexicon::parse(&["x\ty\tL"]).is_err());
        assert!(Lexicon::parse(&["0\tab\t?"]).is_err());
    }

    #[test]
    fn builtin_lists_parse() {
        let l = Lexicon::builtin();
        assert!(l.len() > 1000);
    }
}
