//! Entity mentions (persons, organisations, states, places), linked to the knowledge base as
//! of the document's date, with in-document coreference: surnames, role descriptions ("the
//! Russian Foreign Minister", "the diplomat") and pronouns resolve to the person they refer to.
//!
//! The method, in order: KB names (one Aho-Corasick pass, with dated names and Russian
//! endings); name patterns for people and bodies the KB lacks (a title or role word before
//! capitalised words, initials, known given names, the subject of a reporting verb, capitalised
//! phrases ending in an organisation word); role phrases; pronouns. Candidates are then read
//! left to right, keeping a list of the people met so far (their KB entity, surname, gender
//! and roles in this document) that later mentions resolve against.

use std::collections::{HashMap, HashSet};

use demarche_kb::{Day, Entity, EntityType, HitKind, Kb, Matcher};
use demarche_model::Span;

/// How a mention was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// A KB name or alias.
    Name,
    /// A KB acronym.
    Acronym,
    /// An adjective or demonym of a KB entity.
    Adjective,
    /// A surname or other short form of a person met before (or a KB short form).
    Surname,
    /// A role description ("the Russian Foreign Minister", "the diplomat").
    Role,
    /// A personal pronoun.
    Pronoun,
    /// A name pattern (title + name, initials, given name, subject of a reporting verb).
    Pattern,
}

impl How {
    /// Name used in output.
    pub fn name(&self) -> &'static str {
        match self {
            How::Name => "name",
            How::Acronym => "acronym",
            How::Adjective => "adjective",
            How::Surname => "surname",
            How::Role => "role",
            How::Pronoun => "pronoun",
            How::Pattern => "pattern",
        }
    }
}

/// One entity mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Byte span in the text.
    pub span: Span,
    /// Entity type.
    pub kind: EntityType,
    /// KB entity index, when linked.
    pub kb: Option<u32>,
    /// How it was recognised.
    pub how: How,
    /// The earlier mention this one refers back to (surnames, roles, pronouns).
    pub antecedent: Option<usize>,
    /// Mentions of the same entity in the document share a cluster number.
    pub cluster: u32,
    /// The role the mention names or the person holds here (`foreign-minister`), if any.
    pub role: Option<String>,
}

/// What the annotator needs to know about a document besides its text.
#[derive(Clone, Debug, Default)]
pub struct DocInfo {
    /// Publication date, when the year is known.
    pub date: Option<Day>,
    /// Outlet name, used to find the home state of unqualified roles.
    pub outlet: Option<String>,
    /// Language code.
    pub lang: Option<String>,
}

/// The entity annotator: built once from a KB, used for many documents (`Send + Sync`).
pub struct EntityAnnotator {
    kb: Kb,
    matcher: Matcher,
    given: HashSet<String>,
}

impl std::fmt::Debug for EntityAnnotator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "EntityAnnotator({} entities, {} given names)",
            self.kb.entities().len(),
            self.given.len()
        )
    }
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    s: usize,
    e: usize,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.')
}

/// Word tokens with byte offsets: letters, digits and inner `-`, `'`, `.` (initials and
/// dotted abbreviations keep their dots; other trailing dots are left out).
fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |s: usize, e: usize, out: &mut Vec<Tok>| {
        let w = &text[s..e];
        let mut e2 = e;
        // strip leading/trailing punctuation except dots of initials ("R.", "U.S.")
        let trimmed_start = s + (w.len() - w.trim_start_matches(['-', '\'', '’', '.']).len());
        let core = &text[trimmed_start..e];
        let core_trim = core.trim_end_matches(['-', '\'', '’']);
        e2 -= core.len() - core_trim.len();
        // possessive and contracted "'s" / "’s" are not part of the word
        for suf in ["'s", "’s", "'S", "’S"] {
            if text[trimmed_start..e2].ends_with(suf) && e2 - suf.len() > trimmed_start {
                e2 -= suf.len();
                break;
            }
        }
        let body = &text[trimmed_start..e2];
        if let Some(inner) = body.strip_suffix('.') {
            let keep = inner.contains('.')
                && inner.split(['.', '-']).all(|p| p.chars().count() <= 2)
                || inner.chars().count() == 1
                || inner.chars().count() <= 3
                    && inner.chars().next().is_some_and(char::is_uppercase)
                    && TITLE_ABBR.contains(&inner);
            if !keep {
                e2 -= 1;
            }
        }
        if e2 > trimmed_start {
            // A missing space after a full stop ("K.-Zh.All members"): split off a glued
            // common word.
            let w = &text[trimmed_start..e2];
            if let Some(d) = w.rfind('.') {
                let tail = &w[d + 1..];
                if d > 0 && STOP.contains(&tail.to_lowercase().as_str()) && is_cap(tail) {
                    out.push(Tok {
                        s: trimmed_start,
                        e: trimmed_start + d + 1,
                    });
                    out.push(Tok {
                        s: trimmed_start + d + 1,
                        e: e2,
                    });
                    return;
                }
            }
            out.push(Tok {
                s: trimmed_start,
                e: e2,
            });
        }
    };
    for (i, c) in text.char_indices() {
        if is_name_char(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            push(s, i, &mut out);
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out);
    }
    out
}

const TITLE_ABBR: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sen", "Rep", "Gov", "Adm", "Maj", "Capt", "Sgt",
    "Prof", "Rev", "Amb",
];

/// Words and phrases before a person's name ("Deputy Foreign Minister Oleg Syromolotov").
/// The role code is given when the title names one.
const TITLES: &[(&str, Option<&str>)] = &[
    ("deputy foreign minister", Some("deputy-foreign-minister")),
    (
        "deputy minister of foreign affairs",
        Some("deputy-foreign-minister"),
    ),
    ("foreign minister", Some("foreign-minister")),
    ("minister of foreign affairs", Some("foreign-minister")),
    ("foreign secretary", Some("foreign-minister")),
    ("secretary of state", Some("foreign-minister")),
    ("top diplomat", Some("foreign-minister")),
    ("foreign ministry spokeswoman", Some("fm-spokesperson")),
    ("foreign ministry spokesman", Some("fm-spokesperson")),
    ("foreign ministry spokesperson", Some("fm-spokesperson")),
    (
        "foreign ministry official representative",
        Some("fm-spokesperson"),
    ),
    ("spokeswoman", Some("spokesperson")),
    ("spokesman", Some("spokesperson")),
    ("spokesperson", Some("spokesperson")),
    ("vice president", Some("vice-president")),
    ("vice-president", Some("vice-president")),
    ("prime minister", Some("head-of-government")),
    ("premier", Some("head-of-government")),
    ("president", Some("head-of-state")),
    ("secretary-general", Some("secretary-general")),
    ("secretary general", Some("secretary-general")),
    ("chancellor", Some("head-of-government")),
    ("king", Some("head-of-state")),
    ("queen", Some("head-of-state")),
    ("emir", Some("head-of-state")),
    ("minister", Some("minister")),
    ("ambassador", Some("ambassador")),
    ("envoy", Some("ambassador")),
    ("senator", None),
    ("sen.", None),
    ("rep.", None),
    ("gov.", None),
    ("governor", None),
    ("congressman", None),
    ("congresswoman", None),
    ("mayor", None),
    ("chairman", None),
    ("chairwoman", None),
    ("director", None),
    ("general", None),
    ("gen.", None),
    ("colonel", None),
    ("col.", None),
    ("lt.", None),
    ("adm.", None),
    ("mr.", None),
    ("mrs.", None),
    ("ms.", None),
    ("dr.", None),
    ("prof.", None),
    ("rev.", None),
    ("judge", None),
    ("justice", None),
    ("sheikh", None),
    ("prince", None),
    ("candidate", None),
    ("nominee", None),
    ("adviser", None),
    ("advisor", None),
    ("aide", None),
    ("speaker", None),
    ("leader", None),
    ("commissioner", None),
    ("journalist", None),
    ("correspondent", None),
    ("president-elect", None),
    ("анализ", None),
    ("министр", Some("minister")),
    ("президент", Some("head-of-state")),
    ("посол", Some("ambassador")),
    ("пресс-секретарь", Some("spokesperson")),
    ("представитель", Some("spokesperson")),
];

/// Role phrases that stand for a person without naming them.
const ROLE_PHRASES: &[(&str, &str)] = &[
    ("deputy foreign minister", "deputy-foreign-minister"),
    (
        "deputy minister of foreign affairs",
        "deputy-foreign-minister",
    ),
    ("foreign minister", "foreign-minister"),
    ("minister of foreign affairs", "foreign-minister"),
    ("foreign secretary", "foreign-minister"),
    ("secretary of state", "foreign-minister"),
    ("top diplomat", "foreign-minister"),
    ("chief diplomat", "foreign-minister"),
    ("foreign ministry spokeswoman", "fm-spokesperson"),
    ("foreign ministry spokesman", "fm-spokesperson"),
    ("foreign ministry spokesperson", "fm-spokesperson"),
    ("representative of the foreign ministry", "fm-spokesperson"),
    (
        "representative of the {state} foreign ministry",
        "fm-spokesperson",
    ),
    ("representative of the {state} ministry", "fm-spokesperson"),
    ("representative of the ministry", "fm-spokesperson"),
    (
        "official representative of the foreign ministry",
        "fm-spokesperson",
    ),
    ("spokeswoman", "spokesperson"),
    ("spokesman", "spokesperson"),
    ("spokesperson", "spokesperson"),
    ("prime minister", "head-of-government"),
    ("head of government", "head-of-government"),
    ("president", "head-of-state"),
    ("head of state", "head-of-state"),
    ("secretary-general", "secretary-general"),
    ("diplomat", "diplomat"),
    ("minister", "minister"),
    ("министр иностранных дел", "foreign-minister"),
    ("глава мид", "foreign-minister"),
    ("официальный представитель мид", "fm-spokesperson"),
    ("дипломат", "diplomat"),
];

/// Words that make a capitalised phrase an organisation.
const ORG_WORDS: &[&str] = &[
    "ministry",
    "committee",
    "council",
    "organization",
    "organisation",
    "union",
    "party",
    "agency",
    "bank",
    "fund",
    "commission",
    "service",
    "institute",
    "university",
    "foundation",
    "corporation",
    "company",
    "association",
    "court",
    "assembly",
    "parliament",
    "duma",
    "forum",
    "front",
    "army",
    "campaign",
    "department",
    "office",
    "group",
    "news",
    "times",
    "post",
    "journal",
    "network",
    "administration",
    "government",
    "center",
    "centre",
    "coalition",
    "society",
    "federation",
    "league",
    "alliance",
    "inc",
    "corp",
    "llc",
    "board",
    "bureau",
    "police",
    "guard",
    "forces",
    "movement",
    "church",
    "club",
    "embassy",
    "house",
    "senate",
    "congress",
    "cabinet",
    "tribune",
    "herald",
    "gazette",
    "press",
    "media",
    "radio",
    "tv",
];

/// Capitalised words that are not names when they start a phrase.
const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "but",
    "and",
    "or",
    "so",
    "if",
    "when",
    "while",
    "as",
    "at",
    "in",
    "on",
    "for",
    "of",
    "to",
    "by",
    "with",
    "from",
    "after",
    "before",
    "since",
    "during",
    "however",
    "moreover",
    "meanwhile",
    "also",
    "then",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "according",
    "recall",
    "note",
    "question",
    "answer",
    "mr",
    "mrs",
    "ms",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "every",
    "no",
    "not",
    "yes",
    "what",
    "who",
    "which",
    "why",
    "how",
    "where",
    "dear",
    "ladies",
    "gentlemen",
    "thank",
    "thanks",
    "please",
    "well",
    "naturally",
    "unfortunately",
    "speaking",
    "especially",
    "secondly",
    "firstly",
    "first",
    "second",
    "finally",
    "regarding",
    "as",
    "last",
    "next",
    "one",
    "two",
    "three",
    "new",
    "north",
    "south",
    "east",
    "west",
    "о",
    "в",
    "на",
    "по",
    "и",
    "а",
    "но",
    "он",
    "она",
    "они",
    "это",
    "мы",
    "я",
];

/// Reporting verbs: a capitalised phrase just before one is a speaker.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "noted",
    "notes",
    "stressed",
    "stresses",
    "explained",
    "argued",
    "argues",
    "wrote",
    "writes",
    "tweeted",
    "claimed",
    "claims",
    "stated",
    "asked",
    "replied",
    "warned",
    "warns",
    "insisted",
    "announced",
    "declared",
    "reported",
    "reports",
    "emphasized",
    "emphasised",
    "recalled",
    "concluded",
    "continued",
    "suggested",
    "acknowledged",
    "admitted",
    "assured",
    "pointed",
    "underlined",
    "believes",
    "thinks",
    "responded",
    "answered",
    "urged",
    "called",
    "accused",
    "denied",
    "confirmed",
    "predicted",
    "заявил",
    "заявила",
    "сказал",
    "сказала",
    "отметил",
    "отметила",
    "подчеркнул",
    "подчеркнула",
    "сообщил",
    "сообщила",
    "добавил",
    "добавила",
    "считает",
    "напомнил",
    "напомнила",
];

const PARTICLES: &[&str] = &[
    "bin", "ibn", "al", "el", "de", "da", "di", "van", "von", "der", "la", "le", "del", "dos", "du",
];

fn lower(s: &str) -> String {
    s.to_lowercase()
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// "R.", "K.-Zh.", "R.A.Kazakbayev" (initials glued to a surname).
fn is_initials(w: &str) -> bool {
    w.ends_with('.')
        && w.split(['.', '-'])
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() <= 2 && is_cap(p))
}

fn glued_initials(w: &str) -> bool {
    // "R.A.Kazakbayev", "S.N.Zhaparov", "Л.Н.Толстой"
    let parts: Vec<&str> = w.split('.').collect();
    parts.len() >= 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| p.chars().count() == 1 && is_cap(p))
        && parts
            .last()
            .is_some_and(|l| l.chars().count() >= 3 && is_cap(l))
}

fn female_surname(w: &str) -> Option<bool> {
    let l = lower(w);
    for f in ["ova", "eva", "ina", "aya", "ская", "ова", "ева", "ина"] {
        if l.ends_with(f) {
            return Some(true);
        }
    }
    for m in [
        "ov", "ev", "in", "sky", "skiy", "ский", "ов", "ев", "ин", "yev", "yov",
    ] {
        if l.ends_with(m) {
            return Some(false);
        }
    }
    None
}

/// A person met in the document.
#[derive(Clone, Debug)]
struct Person {
    cluster: u32,
    kb: Option<u32>,
    surnames: Vec<String>,
    female: Option<bool>,
    roles: Vec<(String, Option<String>)>,
    last_sentence: usize,
}

impl EntityAnnotator {
    /// Builds the annotator over `kb` (compiles the name matcher and the given-name list).
    pub fn new(kb: Kb) -> EntityAnnotator {
        let matcher = kb.matcher();
        let mut not_given: HashSet<String> = STOP.iter().map(|s| s.to_string()).collect();
        for e in kb.entities() {
            if e.kind != EntityType::Person {
                for n in e.all_names() {
                    if let Some(w) = n.text().split_whitespace().next() {
                        not_given.insert(lower(w));
                    }
                }
            }
        }
        let mut given = HashSet::new();
        for e in kb
            .entities()
            .iter()
            .filter(|e| e.kind == EntityType::Person)
        {
            for n in std::iter::once(e.name.as_str()).chain(e.names.iter().map(|n| n.text())) {
                let words: Vec<&str> = n.split_whitespace().collect();
                if words.len() >= 2 {
                    let w = lower(words[0]);
                    if w.chars().count() >= 3
                        && !w.contains('.')
                        && !not_given.contains(&w)
                        && is_cap(words[0])
                    {
                        given.insert(w);
                    }
                }
            }
        }
        EntityAnnotator { kb, matcher, given }
    }

    /// The KB.
    pub fn kb(&self) -> &Kb {
        &self.kb
    }

    /// Finds, links and resolves the entity mentions of `text`; `sentences` are its sentence
    /// spans (from [`crate::sentences::split`]).
    pub fn annotate(&self, text: &str, sentences: &[Span], info: &DocInfo) -> Vec<Mention> {
        let toks = tokenize(text);
        let sent_of = |pos: usize| sentences.partition_point(|s| (s.end as usize) <= pos);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.s..t.e]).collect();
        let lw: Vec<String> = words.iter().map(|w| lower(w)).collect();
        let tok_at: HashMap<usize, usize> =
            toks.iter().enumerate().map(|(i, t)| (t.s, i)).collect();
        let tok_ending: HashMap<usize, usize> =
            toks.iter().enumerate().map(|(i, t)| (t.e, i)).collect();
        let date = info.date;

        // 1. KB hits.
        let hits = self.matcher.find(text);
        let mut cands: Vec<Cand> = Vec::new();
        for h in hits {
            let mut best: Option<(i32, u32, HitKind)> = None;
            for c in &h.candidates {
                if !c.valid_on(date) {
                    continue;
                }
                let e = &self.kb.entities()[c.entity as usize];
                let mut score = match e.kind {
                    EntityType::State => 40,
                    EntityType::Organisation => 30,
                    EntityType::Place => 20,
                    EntityType::Person => 10,
                };
                if c.dated() {
                    score += 50;
                }
                if let Some(d) = date {
                    if e.roles_on(d).any(|r| r.role != "capital") {
                        score += 25;
                    }
                    if e.roles
                        .iter()
                        .any(|r| r.source.as_deref() == Some("curated") && r.active_on(d))
                    {
                        score += 30;
                    }
                }
                if e.roles
                    .iter()
                    .any(|r| r.source.as_deref() == Some("curated"))
                {
                    score += 5;
                }
                if e.source.as_deref().is_some_and(|s| s.contains("curated")) {
                    score += 10;
                }
                if c.kind == HitKind::Short {
                    score -= 100;
                }
                if best.is_none_or(|b| score > b.0) {
                    best = Some((score, c.entity, c.kind));
                }
            }
            let Some((_, ent, kind)) = best else { continue };
            let e = &self.kb.entities()[ent as usize];
            cands.push(Cand {
                s: h.start,
                e: h.end,
                kind: e.kind,
                kb: Some(ent),
                how: match kind {
                    HitKind::Name => How::Name,
                    HitKind::Acronym => How::Acronym,
                    HitKind::Adjective => How::Adjective,
                    HitKind::Short => How::Surname,
                },
                role: None,
                female: e.gender.as_deref().map(|g| g == "f"),
                role_state: None,
                cataphoric: false,
            });
        }
        cands.sort_by_key(|c| c.s);
        let covered = |cands: &[Cand], s: usize, e: usize| cands.iter().any(|c| c.s < e && s < c.e);

        // 2. Name patterns for people and bodies.
        let mut extra: Vec<Cand> = Vec::new();
        let n = toks.len();
        let mut i = 0;
        while i < n {
            // Title + capitalised name.
            if let Some((len, role)) = match_phrase(&lw, i, TITLES.iter().map(|(p, r)| (*p, *r))) {
                let j = i + len;
                if let Some(end) = name_run(&words, &lw, j, &toks, text) {
                    let (s, e) = (toks[j].s, toks[end - 1].e);
                    let female = match lw[i + len - 1].as_str() {
                        "spokeswoman" | "mrs." | "ms." | "queen" | "congresswoman"
                        | "chairwoman" => Some(true),
                        "spokesman" | "mr." | "king" | "congressman" | "chairman" | "prince" => {
                            Some(false)
                        }
                        _ => None,
                    };
                    // state or ministry right before the title
                    let role_state = self.state_before(&cands, toks[i].s, text);
                    extra.push(Cand {
                        s,
                        e,
                        kind: EntityType::Person,
                        kb: None,
                        how: How::Pattern,
                        role: role.map(str::to_string),
                        female,
                        role_state,
                        cataphoric: false,
                    });
                    i = end;
                    continue;
                }
            }
            let w = words[i];
            // Initials + surname: "R.A.Kazakbayev", "K.-Zh. Tokayev", "A. Smith".
            if glued_initials(w) {
                extra.push(Cand::person(toks[i].s, toks[i].e));
                i += 1;
                continue;
            }
            if is_initials(w) && i + 1 < n && toks[i + 1].s - toks[i].e <= 1 {
                let mut j = i + 1;
                while j < n && is_initials(words[j]) {
                    j += 1;
                }
                if j < n
                    && is_cap(words[j])
                    && !words[j].ends_with('.')
                    && !STOP.contains(&lw[j].as_str())
                {
                    extra.push(Cand::person(toks[i].s, toks[j].e));
                    i = j + 1;
                    continue;
                }
            }
            // Known given name + capitalised surname.
            if is_cap(w)
                && self.given.contains(&lw[i])
                && i + 1 < n
                && is_cap(words[i + 1])
                && !STOP.contains(&lw[i + 1].as_str())
                && same_line(text, toks[i].e, toks[i + 1].s)
            {
                if let Some(end) = name_run(&words, &lw, i, &toks, text) {
                    if end > i + 1 {
                        extra.push(Cand::person(toks[i].s, toks[end - 1].e));
                        i = end;
                        continue;
                    }
                }
            }
            // Capitalised phrase ending in an organisation word: "Collective Security Council".
            if is_cap(w) && !STOP.contains(&lw[i].as_str()) {
                let mut j = i;
                while j < n
                    && (is_cap(words[j])
                        || (j > i
                            && matches!(lw[j].as_str(), "of" | "for" | "and" | "the")
                            && j + 1 < n
                            && is_cap(words[j + 1])))
                    && same_line(text, toks[i].s, toks[j].e)
                {
                    j += 1;
                }
                let last_org = (i..j).rev().find(|&k| ORG_WORDS.contains(&lw[k].as_str()));
                if let Some(k) = last_org {
                    // extend through "of the X" after the org word
                    let mut end = k + 1;
                    if end < j && matches!(lw[end].as_str(), "of" | "for") {
                        end = j;
                    }
                    if end - i >= 2 || words[i].chars().all(|c| c.is_uppercase()) {
                        extra.push(Cand::org(toks[i].s, toks[end - 1].e));
                        i = end;
                        continue;
                    }
                }
            }
            i += 1;
        }
        // Subjects of reporting verbs and "according to X".
        for k in 0..n {
            if REPORTING.contains(&lw[k].as_str()) && k > 0 {
                let mut j = k;
                while j > 0
                    && is_cap(words[j - 1])
                    && !title_word(&lw[j - 1])
                    && k - j < 4
                    && same_line(text, toks[j - 1].e, toks[k].s)
                    && text[toks[j - 1].e..toks[j].s.min(toks[k].s)]
                        .trim()
                        .is_empty()
                {
                    j -= 1;
                }
                while j < k && STOP.contains(&lw[j].as_str()) {
                    j += 1;
                }
                if j < k {
                    let (s, e) = (toks[j].s, toks[k - 1].e);
                    let kind = if (j..k).any(|x| {
                        ORG_WORDS.contains(&lw[x].as_str())
                            || words[x]
                                .chars()
                                .filter(|c| c.is_alphabetic())
                                .all(char::is_uppercase)
                                && words[x].chars().count() >= 2
                    }) {
                        EntityType::Organisation
                    } else {
                        EntityType::Person
                    };
                    extra.push(Cand {
                        kind,
                        ..Cand::person(s, e)
                    });
                }
            }
            if lw[k] == "according" && k + 2 < n && lw[k + 1] == "to" {
                let mut j = k + 2;
                while j < n && STOP.contains(&lw[j].as_str()) && lw[j] != "he" && lw[j] != "she" {
                    j += 1;
                }
                let st = j;
                while j < n
                    && is_cap(words[j])
                    && j - st < 4
                    && same_line(text, toks[st].s, toks[j].e)
                {
                    j += 1;
                }
                if j > st {
                    let kind = if (st..j).any(|x| ORG_WORDS.contains(&lw[x].as_str())) {
                        EntityType::Organisation
                    } else {
                        EntityType::Person
                    };
                    extra.push(Cand {
                        kind,
                        ..Cand::person(toks[st].s, toks[j - 1].e)
                    });
                }
            }
        }
        // Merge patterns with KB hits: a KB hit inside a pattern keeps its link; a pattern
        // covering no KB hit is added.
        for x in extra {
            let inside: Vec<usize> = (0..cands.len())
                .filter(|&c| cands[c].s >= x.s && cands[c].e <= x.e)
                .collect();
            let overlapping = covered(&cands, x.s, x.e);
            if let Some(&c) = inside
                .iter()
                .find(|&&c| cands[c].kind == x.kind && x.kind == EntityType::Person)
            {
                // "Oleg Syromolotov" known to the KB: keep the link, take the title's role.
                let ce = &mut cands[c];
                if ce.how == How::Surname {
                    // "V.A. Zelensky", "Oleg Syromolotov" around a KB surname: the whole name.
                    ce.s = ce.s.min(x.s);
                    ce.e = ce.e.max(x.e);
                }
                ce.role = ce.role.take().or(x.role);
                ce.female = ce.female.or(x.female);
                ce.role_state = ce.role_state.take().or(x.role_state);
                if ce.how == How::Surname {
                    ce.how = How::Name;
                }
                continue;
            }
            if !overlapping {
                cands.push(x);
            } else if x.kind == EntityType::Person
                && inside.iter().all(|&c| cands[c].how == How::Surname)
                && !inside.is_empty()
            {
                for &c in inside.iter().rev() {
                    cands.remove(c);
                }
                cands.push(x);
            }
            cands.sort_by_key(|c| c.s);
        }

        // 3. Role phrases standing alone and pronouns.
        let mut roles_pron: Vec<Cand> = Vec::new();
        let mut k = 0;
        while k < n {
            let is_state_tok = |t: usize| {
                cands.iter().any(|c| {
                    c.s == toks[t].s
                        && c.kb.is_some_and(|x| {
                            self.kb.entities()[x as usize].kind == EntityType::State
                        })
                })
            };
            if let Some((len, role)) = match_phrase_with(
                &lw,
                k,
                ROLE_PHRASES.iter().map(|(p, r)| (*p, Some(*r))),
                &is_state_tok,
            ) {
                let (s, e) = (toks[k].s, toks[k + len - 1].e);
                // "Minister of Foreign Affairs of the Kyrgyz Republic R.A.Kazakbayev": a title
                // with its state, then the name.
                let mut after = k + len;
                let mut of_state = None;
                if after < n && lw[after] == "of" {
                    let j = if after + 1 < n && lw[after + 1] == "the" {
                        after + 2
                    } else {
                        after + 1
                    };
                    if let Some(c) = (j < n)
                        .then(|| {
                            cands
                                .iter()
                                .find(|c| c.s == toks[j].s && c.kind == EntityType::State)
                        })
                        .flatten()
                    {
                        let end = c.e;
                        of_state = c.kb.map(|x| self.kb.entities()[x as usize].id.clone());
                        after = toks.iter().position(|t| t.s >= end).unwrap_or(n);
                    }
                }
                let person_after = (after < n)
                    .then(|| {
                        cands
                            .iter()
                            .position(|c| c.s == toks[after].s && c.kind == EntityType::Person)
                    })
                    .flatten();
                if let (Some(pi), Some(_)) = (person_after, of_state.as_ref()) {
                    let st = of_state.clone();
                    let pc = &mut cands[pi];
                    pc.role = pc.role.take().or(role.map(str::to_string));
                    pc.role_state = pc.role_state.take().or(st);
                    k += len;
                    continue;
                }
                let followed_by_name = person_after.is_some() && after == k + len;
                // "Russia urges ... — diplomat": a headline's closing attribution.
                let cataphoric = text[..s].trim_end_matches(' ').ends_with(['—', '–'])
                    && text[e..].starts_with(['\n', '\r'])
                    || text[..s].trim_end_matches(' ').ends_with(['—', '–']) && e == text.len();
                // A ministry named across the start of the phrase ("the Russian foreign ministry
                // spokesperson"): the mention starts with it and the state is its country.
                let ministry = cands.iter().position(|c| {
                    c.s < s
                        && c.e > s
                        && c.e <= e
                        && c.kb.is_some_and(|x| {
                            self.kb.entities()[x as usize].subtype.as_deref() == Some("ministry")
                        })
                });
                let first_tok = match ministry {
                    Some(c) => toks.iter().position(|t| t.s == cands[c].s).unwrap_or(k),
                    None => k,
                };
                let det = cataphoric
                    || first_tok > 0
                        && matches!(
                            lw[first_tok - 1].as_str(),
                            "the" | "a" | "this" | "that" | "his" | "her" | "their" | "our"
                        )
                    || self.state_before(&cands, toks[first_tok].s, text).is_some()
                        && first_tok > 1
                        && matches!(lw[first_tok - 2].as_str(), "the" | "a");
                let blocked = cands
                    .iter()
                    .any(|c| c.s < e && s < c.e && c.kind == EntityType::Person);
                if !followed_by_name && !blocked && (det || text[..s].trim_end().ends_with("'s")) {
                    // include a state adjective right before ("the Russian Foreign Minister")
                    let s = toks[first_tok].s;
                    let start = self
                        .adjacent_state_hit(&cands, s, text)
                        .map(|c| cands[c].s)
                        .unwrap_or(s);
                    let role_state = ministry
                        .and_then(|c| cands[c].kb)
                        .and_then(|x| self.kb.entities()[x as usize].country.clone())
                        .or_else(|| self.state_before(&cands, s, text))
                        .or_else(|| self.state_after_of(&cands, &lw, &toks, k + len))
                        .or_else(|| implied_state(&lw[k..k + len]));
                    roles_pron.push(Cand {
                        s: start,
                        e,
                        kind: EntityType::Person,
                        kb: None,
                        how: How::Role,
                        role: role.map(str::to_string),
                        female: match lw[k + len - 1].as_str() {
                            "spokeswoman" => Some(true),
                            "spokesman" => Some(false),
                            _ => None,
                        },
                        role_state,
                        cataphoric,
                    });
                    k += len;
                    continue;
                }
            }
            let female = match lw[k].as_str() {
                "he" | "him" | "his" | "himself" | "он" | "него" | "ему" | "им" | "нем" | "нём" => {
                    Some(false)
                }
                "she" | "her" | "hers" | "herself" | "она" | "нее" | "неё" | "ей" | "ней" => {
                    Some(true)
                }
                _ => None,
            };
            if let Some(f) = female {
                let _ = &tok_at;
                roles_pron.push(Cand {
                    s: toks[k].s,
                    e: toks[k].e,
                    kind: EntityType::Person,
                    kb: None,
                    how: How::Pronoun,
                    role: None,
                    female: Some(f),
                    role_state: None,
                    cataphoric: false,
                });
            }
            k += 1;
        }
        let _ = &tok_ending;
        for r in roles_pron {
            if !covered(&cands, r.s, r.e) || r.how == How::Role {
                cands.push(r);
            }
        }
        cands.sort_by(|a, b| a.s.cmp(&b.s).then(b.e.cmp(&a.e)));

        // 4. Resolve left to right.
        let home = self.home_state(info, &cands);
        if let Some(h) = home.as_deref().and_then(|h| self.kb.get(h)) {
            // "the Foreign Ministry" in a Russian document is Russia's: try the home state's
            // adjectives and names before an unlinked organisation phrase.
            for c in cands
                .iter_mut()
                .filter(|c| c.kind == EntityType::Organisation && c.kb.is_none())
            {
                let phrase = &text[c.s..c.e];
                let found = h
                    .adjectives
                    .iter()
                    .chain(&h.names)
                    .filter(|n| !n.text().ends_with('*'))
                    .find_map(|n| {
                        self.kb
                            .lookup(&format!("{} {phrase}", n.text()), None)
                            .into_iter()
                            .chain(self.kb.lookup(&format!("{phrase} of {}", n.text()), None))
                            .find(|e| e.kind == EntityType::Organisation)
                            .and_then(|e| self.kb.index_of(&e.id))
                    });
                if let Some(f) = found {
                    c.kb = Some(f as u32);
                    c.how = How::Name;
                }
            }
        }
        let window = if date.is_none() {
            self.date_window(&cands)
        } else {
            None
        };
        let mut pending_cataphora: Vec<(usize, Option<String>, Option<String>)> = Vec::new();
        let mut people: Vec<Person> = Vec::new();
        let mut clusters: HashMap<u32, u32> = HashMap::new(); // kb entity -> cluster
        let mut next_cluster = 0u32;
        let mut out: Vec<Mention> = Vec::new();
        let mut mention_of_cluster: HashMap<u32, usize> = HashMap::new();
        for c in cands {
            let sent = sent_of(c.s);
            let surface = &text[c.s..c.e];
            let mut m = Mention {
                span: Span::new(c.s as u32, c.e as u32),
                kind: c.kind,
                kb: c.kb,
                how: c.how,
                antecedent: None,
                cluster: 0,
                role: c.role.clone(),
            };
            if c.kind != EntityType::Person {
                let cl = match c.kb {
                    Some(k) => *clusters.entry(k).or_insert_with(|| {
                        next_cluster += 1;
                        next_cluster - 1
                    }),
                    None => {
                        next_cluster += 1;
                        next_cluster - 1
                    }
                };
                m.cluster = cl;
                m.antecedent = mention_of_cluster.get(&cl).copied();
                mention_of_cluster.insert(cl, out.len());
                out.push(m);
                continue;
            }
            // Persons.
            let target: Option<usize> = match c.how {
                How::Pronoun => pick_pronoun(&people, &out, sent, c.female, &sent_of),
                How::Role => self.pick_role(&people, &c, date, window, home.as_deref()),
                How::Surname => {
                    let key = lower(surface);
                    people
                        .iter()
                        .rposition(|p| p.kb.is_some() && p.kb == c.kb || p.surnames.contains(&key))
                }
                _ => {
                    let last = surface
                        .rsplit([' ', '.'])
                        .find(|x| !x.is_empty())
                        .map(lower)
                        .unwrap_or_default();
                    match c.kb {
                        Some(k) => people.iter().position(|p| p.kb == Some(k)),
                        None => {
                            // A single word may be the surname of someone met before.
                            let single = !surface.contains(' ');
                            people.iter().rposition(|p| {
                                p.surnames.contains(&last) && (single || p.kb.is_none())
                            })
                        }
                    }
                }
            };
            match target {
                Some(t) => {
                    let p = &mut people[t];
                    p.last_sentence = sent;
                    if let Some(r) = &c.role {
                        if c.how != How::Role && !p.roles.iter().any(|x| &x.0 == r) {
                            p.roles.push((r.clone(), c.role_state.clone()));
                        }
                    }
                    if p.female.is_none() {
                        p.female = if c.how == How::Pronoun {
                            None
                        } else {
                            c.female
                        };
                    }
                    m.kb = p.kb.or(m.kb);
                    m.cluster = p.cluster;
                    m.antecedent = mention_of_cluster.get(&p.cluster).copied();
                }
                None => {
                    if matches!(c.how, How::Pronoun) {
                        // unresolved pronouns are not entity mentions
                        continue;
                    }
                    if c.how == How::Surname && c.kb.is_some() {
                        // A KB short form with no full mention before: only for people holding a
                        // leading role on the document's date.
                        let e = &self.kb.entities()[c.kb.unwrap_or(0) as usize];
                        if !leading_on(e, date) {
                            continue;
                        }
                    }
                    if c.how == How::Role {
                        // A role nobody in the document holds: link through the KB when one person
                        // held it on that date.
                        let state = c.role_state.clone().or_else(|| home.clone());
                        let holder = match (state, c.role.as_deref()) {
                            (Some(st), Some(role)) => self.unique_holder(role, &st, date, window),
                            _ => None,
                        };
                        if holder.is_none() && c.cataphoric {
                            pending_cataphora.push((
                                out.len(),
                                c.role.clone(),
                                c.role_state.clone(),
                            ));
                        }
                        m.kb = holder;
                        if let Some(h) = holder {
                            if let Some(t) = people.iter().position(|p| p.kb == Some(h)) {
                                m.cluster = people[t].cluster;
                                m.antecedent = mention_of_cluster.get(&m.cluster).copied();
                                people[t].last_sentence = sent;
                                mention_of_cluster.insert(m.cluster, out.len());
                                out.push(m);
                                continue;
                            }
                        }
                    }
                    let cl = next_cluster;
                    next_cluster += 1;
                    let mut surnames = Vec::new();
                    if c.how != How::Role {
                        let last = surface
                            .rsplit([' ', '.'])
                            .find(|x| !x.is_empty())
                            .map(lower)
                            .unwrap_or_default();
                        surnames.push(last);
                    }
                    let mut female = c.female;
                    if let Some(k) = m.kb {
                        let e = &self.kb.entities()[k as usize];
                        for s in &e.short {
                            surnames.push(demarche_kb::fold(s.text()));
                        }
                        female = female.or(e.gender.as_deref().map(|g| g == "f"));
                    }
                    if female.is_none() && c.how != How::Role {
                        female = surnames.first().and_then(|s| female_surname(s));
                    }
                    let mut roles = Vec::new();
                    if let Some(r) = &c.role {
                        roles.push((r.clone(), c.role_state.clone()));
                    }
                    if let (Some(k), Some(d)) = (m.kb, date) {
                        for r in self.kb.entities()[k as usize].roles_on(d) {
                            roles.push((r.role.clone(), r.of.clone()));
                        }
                    }
                    people.push(Person {
                        cluster: cl,
                        kb: m.kb,
                        surnames,
                        female,
                        roles,
                        last_sentence: sent,
                    });
                    m.cluster = cl;
                }
            }
            mention_of_cluster.insert(m.cluster, out.len());
            out.push(m);
        }
        // Headline roles: the first person introduced later who holds the role.
        for (i, role, state) in pending_cataphora {
            let probe = Cand {
                role,
                role_state: state,
                ..Cand::person(0, 0)
            };
            let later = out[i + 1..].iter().find(|m| {
                m.kind == EntityType::Person
                    && m.how != How::Pronoun
                    && people
                        .iter()
                        .any(|p| p.cluster == m.cluster && role_fits(&probe, p))
            });
            if let Some(l) = later {
                let (kb, cluster) = (l.kb, l.cluster);
                let old = out[i].cluster;
                out[i].kb = kb;
                out[i].cluster = cluster;
                people.retain(|p| p.cluster != old || p.cluster == cluster);
            }
        }
        out
    }

    /// The period a document without a date must fall in, from the roles it gives the people
    /// it names ("Minister of Foreign Affairs of the Kyrgyz Republic R.A.Kazakbayev" places it
    /// within Kazakbayev's term).
    fn date_window(&self, cands: &[Cand]) -> Option<(Day, Day)> {
        let mut window: Option<Vec<(Day, Day)>> = None;
        for c in cands.iter().filter(|c| c.kind == EntityType::Person) {
            let (Some(k), Some(role), Some(st)) =
                (c.kb, c.role.as_deref(), c.role_state.as_deref())
            else {
                continue;
            };
            let e = &self.kb.entities()[k as usize];
            let want = if role == "spokesperson" {
                "fm-spokesperson"
            } else {
                role
            };
            let spans: Vec<(Day, Day)> = e
                .roles
                .iter()
                .filter(|r| r.role == want && r.of.as_deref() == Some(st))
                .map(|r| {
                    (
                        r.from.as_deref().and_then(Day::parse).unwrap_or(Day(10101)),
                        r.to.as_deref()
                            .and_then(|t| Day::parse_bound(t, true))
                            .unwrap_or(Day(99991231)),
                    )
                })
                .collect();
            if spans.is_empty() {
                continue;
            }
            window = Some(match window {
                None => spans,
                Some(w) => w
                    .iter()
                    .flat_map(|a| spans.iter().map(move |b| (a.0.max(b.0), a.1.min(b.1))))
                    .filter(|x| x.0 <= x.1)
                    .collect(),
            });
        }
        let mut w = window?;
        w.sort();
        w.dedup();
        match w.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The one person holding `role` in `state` on `date`, or over the whole `window` when the
    /// date is unknown.
    fn unique_holder(
        &self,
        role: &str,
        state: &str,
        date: Option<Day>,
        window: Option<(Day, Day)>,
    ) -> Option<u32> {
        let role = match role {
            "spokesperson" => "fm-spokesperson",
            "diplomat" | "minister" => return None,
            r => r,
        };
        let probes: Vec<Day> = match (date, window) {
            (Some(d), _) => vec![d],
            (None, Some((a, b))) => {
                let b = b.min(Day(20301231));
                let mid = Day::parse(&format!("{}", (a.year() + b.year()) / 2)).unwrap_or(a);
                vec![a, mid.max(a).min(b), b]
            }
            _ => return None,
        };
        let mut who: Option<u32> = None;
        for d in probes {
            let hs = self.kb.holders(role, state, d);
            if hs.len() != 1 {
                return None;
            }
            let k = self.kb.index_of(&hs[0].id)? as u32;
            if who.is_some_and(|w| w != k) {
                return None;
            }
            who = Some(k);
        }
        who
    }

    /// The state named right before `pos` ("Russian", "Russia's", "Russian Foreign Ministry").
    fn state_before(&self, cands: &[Cand], pos: usize, text: &str) -> Option<String> {
        let c = self.adjacent_state_hit(cands, pos, text)?;
        let ent = &self.kb.entities()[cands[c].kb? as usize];
        match ent.kind {
            EntityType::State => Some(ent.id.clone()),
            _ => ent.country.clone(),
        }
    }

    fn adjacent_state_hit(&self, cands: &[Cand], pos: usize, text: &str) -> Option<usize> {
        cands.iter().rposition(|c| {
            c.e <= pos && {
                let gap = text[c.e..pos].trim();
                (gap.is_empty() || gap == "'s" || gap == "’s")
                    && c.kb.is_some_and(|k| {
                        let e = &self.kb.entities()[k as usize];
                        e.kind == EntityType::State || e.subtype.as_deref() == Some("ministry")
                    })
            }
        })
    }

    fn state_after_of(
        &self,
        cands: &[Cand],
        lw: &[String],
        toks: &[Tok],
        k: usize,
    ) -> Option<String> {
        if k < lw.len() && lw[k] == "of" {
            let j = if k + 1 < lw.len() && lw[k + 1] == "the" {
                k + 2
            } else {
                k + 1
            };
            if j < toks.len() {
                let c = cands.iter().find(|c| c.s == toks[j].s)?;
                let e = &self.kb.entities()[c.kb? as usize];
                if e.kind == EntityType::State {
                    return Some(e.id.clone());
                }
            }
        }
        None
    }

    /// The state a document speaks for when a role is unqualified: the outlet's country, else
    /// the most mentioned state.
    fn home_state(&self, info: &DocInfo, cands: &[Cand]) -> Option<String> {
        if let Some(o) = &info.outlet {
            for e in self.kb.lookup(o, None) {
                if let Some(c) = &e.country {
                    return Some(c.clone());
                }
            }
            // An outlet known by its domain: the state of the country-code domain.
            let o = o.trim().to_lowercase();
            if let Some(dot) = o.rfind('.') {
                let tld = &o[dot..];
                if let Some(st) = self
                    .kb
                    .entities()
                    .iter()
                    .find(|e| e.kind == EntityType::State && e.tld.iter().any(|t| t == tld))
                {
                    return Some(st.id.clone());
                }
            }
        }
        // The state of the first person the document names with a role.
        if let Some(st) = cands
            .iter()
            .find(|c| c.kind == EntityType::Person && c.role.is_some() && c.role_state.is_some())
            .and_then(|c| c.role_state.clone())
        {
            return Some(st);
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for c in cands {
            if let Some(k) = c.kb {
                let e = &self.kb.entities()[k as usize];
                if e.kind == EntityType::State {
                    *counts.entry(e.id.as_str()).or_default() += 1;
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
            .map(|(id, _)| id.to_string())
    }

    fn pick_role(
        &self,
        people: &[Person],
        c: &Cand,
        date: Option<Day>,
        window: Option<(Day, Day)>,
        home: Option<&str>,
    ) -> Option<usize> {
        let role = c.role.as_deref()?;
        // An unqualified office ("the President") is the home state's unless the text says
        // otherwise; role classes ("the diplomat") go to whoever fits.
        let mut probe = c.clone();
        if probe.role_state.is_none()
            && !matches!(
                role,
                "diplomat" | "minister" | "spokesperson" | "ambassador"
            )
        {
            probe.role_state = home.map(str::to_string);
        }
        if let Some(i) = people.iter().rposition(|p| role_fits(&probe, p)) {
            return Some(i);
        }
        // A person met before who holds the role per the KB on that date.
        let st = c.role_state.as_deref().or(home)?;
        let h = self.unique_holder(role, st, date, window)?;
        people.iter().rposition(|p| p.kb == Some(h))
    }
}

/// Does person `p` hold the role that `c` names (in `c`'s state when it names one)?
fn role_fits(c: &Cand, p: &Person) -> bool {
    let Some(role) = c.role.as_deref() else {
        return false;
    };
    p.roles.iter().any(|(r, st)| {
        let state_ok = c.role_state.is_none() || st.is_none() || st == &c.role_state;
        state_ok
            && match role {
                "diplomat" => matches!(
                    r.as_str(),
                    "foreign-minister"
                        | "deputy-foreign-minister"
                        | "fm-spokesperson"
                        | "spokesperson"
                        | "ambassador"
                ),
                "minister" => matches!(
                    r.as_str(),
                    "foreign-minister" | "deputy-foreign-minister" | "minister"
                ),
                "spokesperson" | "fm-spokesperson" => {
                    matches!(r.as_str(), "fm-spokesperson" | "spokesperson")
                }
                _ => r == role,
            }
    })
}

/// Titles that belong to one state ("Secretary of State" is American).
fn implied_state(words: &[String]) -> Option<String> {
    let p = words.join(" ");
    match p.as_str() {
        "secretary of state" => Some("state:USA".to_string()),
        "foreign secretary" => Some("state:GBR".to_string()),
        _ => None,
    }
}

/// Is `w` (lowercase) a word of a title or role ("minister", "foreign", "deputy")?
fn title_word(w: &str) -> bool {
    TITLES.iter().any(|(p, _)| p.split(' ').any(|x| x == w))
}

fn leading_on(e: &Entity, date: Option<Day>) -> bool {
    const LEADING: &[&str] = &[
        "head-of-state",
        "head-of-government",
        "foreign-minister",
        "fm-spokesperson",
        "deputy-foreign-minister",
        "secretary-general",
    ];
    match date {
        Some(d) => e.roles_on(d).any(|r| LEADING.contains(&r.role.as_str())),
        None => e.roles.iter().any(|r| {
            LEADING.contains(&r.role.as_str())
                && r.source.as_deref() == Some("curated")
                && r.to.is_none()
        }),
    }
}

fn pick_pronoun(
    people: &[Person],
    out: &[Mention],
    sent: usize,
    female: Option<bool>,
    sent_of: &dyn Fn(usize) -> usize,
) -> Option<usize> {
    let ok = |p: &Person| female.is_none() || p.female.is_none() || p.female == female;
    // Within the pronoun's own sentence the first compatible person (usually the subject).
    for m in out.iter().filter(|m| {
        m.kind == EntityType::Person
            && sent_of(m.span.start as usize) == sent
            && m.how != How::Pronoun
    }) {
        if let Some(i) = people.iter().position(|p| p.cluster == m.cluster) {
            if ok(&people[i]) {
                return Some(i);
            }
        }
    }
    // The most recently mentioned compatible person within the last three sentences.
    let mut best: Option<(usize, usize)> = None;
    for (i, p) in people.iter().enumerate() {
        if ok(p)
            && p.last_sentence + 3 >= sent
            && p.last_sentence <= sent
            && best.is_none_or(|(_, s)| p.last_sentence >= s)
        {
            best = Some((i, p.last_sentence));
        }
    }
    best.map(|b| b.0)
}

fn same_line(text: &str, a: usize, b: usize) -> bool {
    a <= b && !text[a..b].contains('\n')
}

/// Matches one of `phrases` (lowercase words) at token `i`; returns its length in tokens and
/// its role.
fn match_phrase<'a>(
    lw: &[String],
    i: usize,
    phrases: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Option<(usize, Option<&'a str>)> {
    match_phrase_with(lw, i, phrases, &|_| false)
}

/// As [`match_phrase`]; a `{state}` word in a phrase matches a token where `is_state` holds.
fn match_phrase_with<'a>(
    lw: &[String],
    i: usize,
    phrases: impl Iterator<Item = (&'a str, Option<&'a str>)>,
    is_state: &dyn Fn(usize) -> bool,
) -> Option<(usize, Option<&'a str>)> {
    let mut best: Option<(usize, Option<&str>)> = None;
    for (p, r) in phrases {
        let words: Vec<&str> = p.split(' ').collect();
        if i + words.len() <= lw.len()
            && words.iter().enumerate().all(|(k, w)| {
                let t = lw[i + k].as_str();
                t == *w
                    || (*w == "{state}" && is_state(i + k))
                    || (w.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
                        && t.starts_with(w)
                        && t.len() <= w.len() + 6)
            })
            && best.is_none_or(|b| words.len() > b.0)
        {
            best = Some((words.len(), r));
        }
    }
    best
}

/// Capitalised name words from token `j`: up to four, with particles inside; returns the end.
fn name_run(words: &[&str], lw: &[String], j: usize, toks: &[Tok], text: &str) -> Option<usize> {
    let n = words.len();
    if j >= n
        || !is_cap(words[j])
        || STOP.contains(&lw[j].as_str())
        || ORG_WORDS.contains(&lw[j].as_str())
        || title_word(&lw[j])
    {
        return None;
    }
    if j > 0 && !same_line(text, toks[j - 1].e, toks[j].s) {
        return None;
    }
    if is_initials(words[j])
        && (j + 1 >= n || !is_cap(words[j + 1]) || STOP.contains(&lw[j + 1].as_str()))
    {
        // initials alone are not a name
        return None;
    }
    let mut k = j;
    while k < n && k - j < 4 {
        let ok = (is_cap(words[k])
            && !STOP.contains(&lw[k].as_str())
            && !ORG_WORDS.contains(&lw[k].as_str())
            && !title_word(&lw[k]))
            || (k > j && PARTICLES.contains(&lw[k].as_str()) && k + 1 < n && is_cap(words[k + 1]));
        if !ok || (k > j && !same_line(text, toks[k - 1].e, toks[k].s)) {
            break;
        }
        // a comma or other punctuation ends the name
        if k > j && !text[toks[k - 1].e..toks[k].s].trim().is_empty() {
            break;
        }
        k += 1;
    }
    (k > j).then_some(k)
}

#[derive(Clone, Debug)]
struct Cand {
    s: usize,
    e: usize,
    kind: EntityType,
    kb: Option<u32>,
    how: How,
    role: Option<String>,
    female: Option<bool>,
    role_state: Option<String>,
    /// A headline role ("... — diplomat") naming someone the text introduces later.
    cataphoric: bool,
}

impl Cand {
    fn person(s: usize, e: usize) -> Cand {
        Cand {
            s,
            e,
            kind: EntityType::Person,
            kb: None,
            how: How::Pattern,
            role: None,
            female: None,
            role_state: None,
            cataphoric: false,
        }
    }

    fn org(s: usize, e: usize) -> Cand {
        Cand {
            kind: EntityType::Organisation,
            ..Cand::person(s, e)
        }
    }
}
