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

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use demarche_kb::{Day, Entity, EntityType, HitKind, Kb, Matcher};
use demarche_model::Span;

use crate::span_index::SpanIndex;

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
    /// A name the NER tagger found ([`crate::tagged`]).
    Tagged,
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
            How::Tagged => "tagged",
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
    /// Title, when the document has one apart from its text ("Briefing by Foreign Ministry
    /// Spokesperson Maria Zakharova"): it may declare who speaks.
    pub title: Option<String>,
}

impl DocInfo {
    /// What a stored document tells the annotator: its date (when the year is known), outlet
    /// and language.
    pub fn from_document(doc: &demarche_model::Document) -> DocInfo {
        DocInfo {
            date: doc
                .meta
                .date
                .as_ref()
                .filter(|d| d.year.is_some())
                .and_then(|d| crate::pipeline::parse_date(&d.iso())),
            outlet: doc.meta.outlet.clone(),
            lang: doc.meta.lang.clone(),
            title: doc.meta.title.clone(),
        }
    }
}

/// The entity annotator: built once from a KB, used for many documents (`Send + Sync`).
pub struct EntityAnnotator {
    kb: Kb,
    matcher: Matcher,
    given: HashSet<String>,
    /// Initials written before a surname in KB names ("K.-Zh." of "K.-Zh. Tokayev") → persons.
    initials: HashMap<String, Vec<u32>>,
    /// Per entity: bit 0 it has a curated role, bit 1 its facts come partly from curated files.
    curated: Vec<u8>,
    /// Country-code domain (".ru") → state id.
    tld_state: HashMap<String, String>,
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
        if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
            // a plain word (most of them): nothing to trim or split
            out.push(Tok { s, e });
            return;
        }
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
    ("host", None),
    ("anchor", None),
    ("columnist", None),
    ("economist", None),
    ("professor", None),
    ("analyst", None),
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
    "review",
    "report",
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

/// Media words that make "the X" an organisation ("The Post", "the Times").
const MEDIA_WORDS: &[&str] = &[
    "post",
    "times",
    "journal",
    "tribune",
    "herald",
    "gazette",
    "telegraph",
    "guardian",
    "economist",
    "globe",
    "observer",
    "independent",
    "chronicle",
    "examiner",
];

/// Words that open an apposition after a name ("Chad Bown, an expert").
const APPOSITION: &[&str] = &[
    "a",
    "an",
    "the",
    "who",
    "whose",
    "executive",
    "former",
    "chief",
    "senior",
    "now",
    "of",
    "director",
    "president",
    "professor",
    "spokesman",
    "spokeswoman",
    "founder",
    "co-founder",
];

/// Acronyms that are not bodies.
const NOT_ORG_ACRONYMS: &[&str] = &[
    "GDP", "GNP", "CEO", "CFO", "COO", "FM", "PM", "AM", "TV", "PR", "IT", "AI", "HIV", "AIDS",
    "COVID", "DNA", "USD", "EUR", "RUB", "VAT", "ID", "OK", "BC", "AD", "NB", "PS", "FAQ", "MP",
    "MPs", "UK", "US", "USA", "EU", "UN", "LNG", "CO", "PhD", "VIP", "SMS", "GPS", "URL", "PDF",
];

/// Nouns for people, after a capitalised qualifier ("the Republican nominee").
const PERSON_NOUNS: &[&str] = &[
    "nominee",
    "candidate",
    "governor",
    "senator",
    "congressman",
    "congresswoman",
    "director",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "businessman",
    "businesswoman",
    "secretary",
    "official",
    "leader",
    "mayor",
    "president",
    "minister",
    "ambassador",
    "aide",
    "adviser",
    "advisor",
    "strategist",
    "manager",
    "pollster",
    "commissioner",
    "chief",
    "founder",
    "lawmaker",
    "legislator",
    "speaker",
    "judge",
    "prosecutor",
    "general",
    "attorney",
    "representative",
    "envoy",
    "premier",
    "chancellor",
    "mogul",
    "billionaire",
    "activist",
    "veteran",
    "congressmember",
];

/// Lowercase words allowed among the qualifiers of such a description.
const MODIFIERS: &[&str] = &[
    "former",
    "presidential",
    "current",
    "top",
    "senior",
    "deputy",
    "vice",
    "then",
    "vice-presidential",
    "state",
    "foreign",
    "campaign",
    "party",
    "real",
    "estate",
    "longtime",
    "newly",
    "elected",
];

/// Is the line around `pos` written in capitals (a headline or a dateline)?
fn line_is_capitals(text: &str, pos: usize) -> bool {
    let start = text[..pos].rfind('\n').map_or(0, |p| p + 1);
    let end = text[pos..].find('\n').map_or(text.len(), |p| pos + p);
    let letters = text[start..end].chars().filter(|c| c.is_alphabetic());
    let (mut up, mut all) = (0usize, 0usize);
    for c in letters {
        all += 1;
        up += usize::from(c.is_uppercase());
    }
    all > 0 && up * 10 > all * 7
}

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
    "later",
    "earlier",
    "as",
    "last",
    "next",
    "one",
    "two",
    "three",
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
    if !w.contains('.') {
        return false;
    }
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
        // Given names: first words of person names in the KB, unless they start the names of
        // states, places and bodies about as often (or are function words).
        let mut first_person: HashMap<String, usize> = HashMap::default();
        let mut first_other: HashMap<String, usize> = HashMap::default();
        for e in kb.entities() {
            let names = std::iter::once(e.name.as_str()).chain(e.all_names().map(|n| n.text()));
            for n in names {
                let words: Vec<&str> = n.split_whitespace().collect();
                let Some(w0) = words.first() else { continue };
                let w = lower(w0);
                if e.kind == EntityType::Person {
                    if words.len() >= 2 && is_cap(w0) && w.chars().count() >= 3 && !w.contains('.')
                    {
                        *first_person.entry(w).or_default() += 1;
                    }
                } else {
                    *first_other.entry(w).or_default() += 1;
                }
            }
        }
        let given: HashSet<String> = first_person
            .into_iter()
            .filter(|(w, n)| {
                !STOP.contains(&w.as_str()) && *n >= 2 * first_other.get(w).copied().unwrap_or(0)
            })
            .map(|(w, _)| w)
            .collect();
        let mut initials: HashMap<String, Vec<u32>> = HashMap::default();
        for (i, e) in kb.entities().iter().enumerate() {
            if e.kind != EntityType::Person {
                continue;
            }
            for n in &e.names {
                let mut parts = n.text().split(' ');
                if let (Some(first), Some(_)) = (parts.next(), parts.next()) {
                    if is_initials(first) {
                        let v = initials.entry(first.to_string()).or_default();
                        if !v.contains(&(i as u32)) {
                            v.push(i as u32);
                        }
                    }
                }
            }
        }
        let curated = kb
            .entities()
            .iter()
            .map(|e| {
                u8::from(
                    e.roles
                        .iter()
                        .any(|r| r.source.as_deref() == Some("curated")),
                ) | u8::from(e.source.as_deref().is_some_and(|s| s.contains("curated"))) << 1
            })
            .collect();
        let mut tld_state = HashMap::default();
        for e in kb.entities().iter().filter(|e| e.kind == EntityType::State) {
            for t in &e.tld {
                tld_state.entry(t.clone()).or_insert_with(|| e.id.clone());
            }
        }
        EntityAnnotator {
            kb,
            matcher,
            given,
            initials,
            curated,
            tld_state,
        }
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
        // all tokens lowercased into one buffer (no allocation per token)
        let mut low = String::with_capacity(text.len());
        let mut bounds = Vec::with_capacity(words.len());
        for w in &words {
            let a = low.len();
            if w.is_ascii() {
                low.push_str(w);
                low[a..].make_ascii_lowercase();
            } else {
                for c in w.chars() {
                    low.extend(c.to_lowercase());
                }
            }
            bounds.push((a, low.len()));
        }
        let lw: Vec<&str> = bounds.iter().map(|&(a, b)| &low[a..b]).collect();
        let fl: Vec<u16> = lw.iter().map(|w| wf(w)).collect();
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
                let curated = self.curated[c.entity as usize];
                if let Some(d) = date {
                    if e.roles_on(d).any(|r| r.role != "capital") {
                        score += 25;
                    }
                    if curated & 1 != 0
                        && e.roles
                            .iter()
                            .any(|r| r.source.as_deref() == Some("curated") && r.active_on(d))
                    {
                        score += 30;
                    }
                }
                if curated & 1 != 0 {
                    score += 5;
                }
                if curated & 2 != 0 {
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
        let covered = |cands: &[Cand], ix: &SpanIndex, s: usize, e: usize| {
            ix.near(s, e)
                .iter()
                .any(|&c| cands[c].s < e && s < cands[c].e)
        };
        let index = |cands: &[Cand]| SpanIndex::new(cands.iter().map(|c| (c.s, c.e)));
        let ix = index(&cands);

        // 2. Name patterns for people and bodies.
        let mut extra: Vec<Cand> = Vec::new();
        let n = toks.len();
        let mut i = 0;
        while i < n {
            // Title + capitalised name.
            let phrase_here =
                fl[i] & F_FIRST != 0 || lw[i].as_bytes().first().is_some_and(|&b| b >= 0xd0);
            if let Some((len, role)) = phrase_here
                .then(|| titles_table().longest(&lw, i, &|_| false))
                .flatten()
            {
                let j = i + len;
                let joined = j < n && same_line(text, toks[j - 1].e, toks[j].s);
                // "Mr. President": a title after a title is no name
                if let Some(end) = joined
                    .then(|| name_run(&words, &lw, j, &toks, text))
                    .flatten()
                    .filter(|&end| !(j..end).all(|x| fl[x] & F_TITLE != 0))
                    // «глава СПЧ», "head of NATO": an acronym after a title is the body the
                    // title serves, not a name
                    .filter(|&end| !(j..end).all(|x| all_capitals(words[x])))
                {
                    let (s, e) = (toks[j].s, toks[end - 1].e);
                    let female = match lw[i + len - 1] {
                        "spokeswoman" | "mrs." | "ms." | "queen" | "congresswoman"
                        | "chairwoman" => Some(true),
                        "spokesman" | "mr." | "king" | "congressman" | "chairman" | "prince" => {
                            Some(false)
                        }
                        _ => None,
                    };
                    // state or ministry right before the title
                    let role_state = self.state_before(&cands, &ix, toks[i].s, text);
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
                // "the President K.-Zh.": initials alone after a title, when the KB knows one
                // person written with exactly these initials.
                if joined && is_initials(words[j]) {
                    if let Some([one]) = self.initials.get(words[j]).map(Vec::as_slice) {
                        let ent = &self.kb.entities()[*one as usize];
                        let role_state = role.and_then(|r| {
                            ent.roles
                                .iter()
                                .rev()
                                .find(|x| x.role == r)
                                .and_then(|x| x.of.clone())
                        });
                        extra.push(Cand {
                            kb: Some(*one),
                            how: How::Name,
                            role: role.map(str::to_string),
                            role_state,
                            ..Cand::person(toks[j].s, toks[j].e)
                        });
                        i = j + 1;
                        continue;
                    }
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
                if j < n && is_cap(words[j]) && !words[j].ends_with('.') && fl[j] & F_STOP == 0 {
                    extra.push(Cand::person(toks[i].s, toks[j].e));
                    i = j + 1;
                    continue;
                }
            }
            // Known given name + capitalised surname.
            if is_cap(w)
                && self.given.contains(lw[i])
                && i + 1 < n
                && is_cap(words[i + 1])
                && fl[i + 1] & F_STOP == 0
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
            if is_cap(w) && fl[i] & F_STOP == 0 {
                let mut j = i;
                while j < n
                    && (is_cap(words[j])
                        || (j > i
                            && matches!(lw[j], "of" | "for" | "and" | "the")
                            && j + 1 < n
                            && is_cap(words[j + 1])))
                    && same_line(text, toks[i].s, toks[j].e)
                {
                    j += 1;
                }
                let last_org = (i..j).rev().find(|&k| fl[k] & F_ORG != 0);
                if let Some(k) = last_org {
                    // a Latin-script name in Russian text opens at its first Latin word: the
                    // Cyrillic words before it say what it is («Аналитики Saxo Bank»,
                    // «Датский Saxo Bank»)
                    let cyrillic =
                        |w: &str| w.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
                    let mut from = i;
                    if !cyrillic(words[k]) {
                        while from < k && cyrillic(words[from]) {
                            from += 1;
                        }
                    }
                    // extend through "of the X" after the org word
                    let mut end = k + 1;
                    if end < j && matches!(lw[end], "of" | "for") {
                        end = j;
                    }
                    let the_media = end - from == 1
                        && from > 0
                        && lw[from - 1] == "the"
                        && (fl[from] & F_MEDIA != 0);
                    if end - from >= 2 || words[from].chars().all(|c| c.is_uppercase()) || the_media
                    {
                        extra.push(Cand::org(toks[from].s, toks[end - 1].e));
                        i = end;
                        continue;
                    }
                }
            }
            i += 1;
        }
        // "Chad Bown, an expert on trade", "Lily Batchelder, a former aide": a capitalised name
        // followed by an apposition is a person.
        for k in 0..n.saturating_sub(1) {
            let mut j = k;
            while j < n
                && j - k < 3
                && is_cap(words[j])
                && words[j]
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’' || c == '.')
                && fl[j] & F_STOP == 0
                && fl[j] & F_ORG == 0
                && fl[j] & F_TITLE == 0
                && (j == k || text[toks[j - 1].e..toks[j].s] == *" ")
            {
                j += 1;
            }
            let acronym_first = words[k]
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            if j >= k + 2
                && !acronym_first
                && j < n
                && text[toks[j - 1].e..toks[j].s].trim() == ","
                && (fl[j] & F_APPOS != 0)
            {
                let before = text[..toks[k].s].trim_end().chars().next_back();
                // not the second half of a list ("Paris, Berlin, ...")
                if before.is_none_or(|c| c != ',') {
                    extra.push(Cand::person(toks[k].s, toks[j - 1].e));
                }
            }
        }
        // Speaker turns and signatures: "Sergey Lavrov: ..." at the start of a line, "― Sonya
        // Herridge" closing a quotation.
        for k in 0..n {
            let line_start = text[..toks[k].s]
                .trim_end_matches([' ', '\t'])
                .ends_with('\n')
                || toks[k].s == 0;
            let after_dash = text[..toks[k].s].trim_end().ends_with(['―', '—', '–'])
                && text[toks[k].e..]
                    .find('\n')
                    .is_none_or(|nl| toks[k].e + nl >= toks[(k + 3).min(n - 1)].s);
            if !line_start && !after_dash {
                continue;
            }
            let mut j = k;
            while j < n
                && j - k < 4
                && is_cap(words[j])
                && fl[j] & F_STOP == 0
                && fl[j] & F_ORG == 0
                && (j == k || text[toks[j - 1].e..toks[j].s] == *" ")
            {
                j += 1;
            }
            if j < k + 2 {
                continue;
            }
            let end = toks[j - 1].e;
            let colon = text[end..].starts_with(':');
            let closes_line = text[end..]
                .trim_start_matches([' ', '\t'])
                .starts_with(['\n'])
                || end == text.len();
            if line_start && colon || after_dash && closes_line {
                extra.push(Cand::person(toks[k].s, end));
            }
        }
        // CamelCase brands ("PolitiFact", "RealClearPolitics") are bodies.
        for k in 0..n {
            let w = words[k];
            let inner_caps = w.chars().skip(1).filter(|c| c.is_uppercase()).count();
            if inner_caps >= 1
                && is_cap(w)
                && w.chars().all(char::is_alphabetic)
                && w.chars().any(char::is_lowercase)
                && w.chars().count() >= 5
                && !text[..toks[k].s].ends_with('#')
                && ![
                    "Mc", "Mac", "Du", "De", "La", "Le", "Van", "Di", "Da", "Von",
                ]
                .iter()
                .any(|p| w.starts_with(p))
            {
                extra.push(Cand::org(toks[k].s, toks[k].e));
            }
        }
        // Acronyms of bodies the KB lacks ("the FBI", "NYPD"), outside all-capitals lines.
        for k in 0..n {
            let w = words[k];
            if !w.starts_with(|c: char| c.is_uppercase() || c == '.' || c == '&') {
                continue;
            }
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            if (2..=6).contains(&letters.len())
                && letters.iter().all(|c| c.is_uppercase())
                && w.chars().all(|c| c.is_alphabetic() || c == '.' || c == '&')
                && !letters.iter().all(|c| "IVXLC".contains(*c))
                && !NOT_ORG_ACRONYMS.contains(&w.trim_end_matches('.'))
                && !line_is_capitals(text, toks[k].s)
                && !text[..toks[k].s].ends_with('/')
                && !text[toks[k].e..].starts_with('/')
            {
                extra.push(Cand::org(toks[k].s, toks[k].e));
            }
        }
        // Subjects of reporting verbs and "according to X".
        for k in 0..n {
            if (fl[k] & F_REPORT != 0) && k > 0 {
                let mut j = k;
                while j > 0
                    && is_cap(words[j - 1])
                    && fl[j - 1] & F_TITLE == 0
                    && k - j < 4
                    && same_line(text, toks[j - 1].e, toks[k].s)
                    && text[toks[j - 1].e..toks[j].s.min(toks[k].s)]
                        .trim()
                        .is_empty()
                {
                    j -= 1;
                }
                while j < k && (fl[j] & F_STOP != 0) {
                    j += 1;
                }
                // «Советник Кремля Иванов»: a person's name follows the body it serves
                if let Some(b) = (j..k).rev().find(|&x| {
                    fl[x] & F_ORG != 0
                        || ix.near(toks[x].s, toks[x].e).iter().any(|&c| {
                            cands[c].kind != EntityType::Person
                                && cands[c].s <= toks[x].s
                                && toks[x].e <= cands[c].e
                        })
                }) {
                    if b + 1 < k && (b + 1..k).all(|x| fl[x] & F_ORG == 0) {
                        j = b + 1;
                    }
                }
                // "the Court Prosecutor said": a title after the body is a role, not a name;
                // "Municipalities Alfred Riedl": a known given name opens the name
                if j < k && (j..k).all(|x| fl[x] & F_TITLE != 0) {
                    j = k;
                }
                if let Some(g) = (j + 1..k).find(|&x| self.given.contains(lw[x])) {
                    if (g..k).all(|x| fl[x] & F_ORG == 0) {
                        j = g;
                    }
                }
                if j < k {
                    let (s, e) = (toks[j].s, toks[k - 1].e);
                    let kind = if (j..k).any(|x| {
                        (fl[x] & F_ORG != 0)
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
                // skip determiners and lowercase descriptors ("conservative talk radio host")
                while j < n
                    && j < k + 8
                    && ((fl[j] & F_STOP != 0) && lw[j] != "he" && lw[j] != "she"
                        || !is_cap(words[j])
                            && words[j].chars().all(|c| c.is_alphabetic() || c == '-'))
                    && same_line(text, toks[k].e, toks[j].s)
                {
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
                    let kind = if (st..j).any(|x| fl[x] & F_ORG != 0) {
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
        // A name has a word that is not a title ("Mr. President", "Prosecutor" are roles).
        extra.retain(|x| {
            x.kind != EntityType::Person || x.kb.is_some() || {
                let from = toks.partition_point(|t| t.s < x.s);
                let to = toks.partition_point(|t| t.s < x.e);
                !(from..to).all(|k| {
                    fl[k] & (F_TITLE | F_FIRST) != 0
                        || matches!(
                            lw[k],
                            "mr" | "mr." | "mrs" | "mrs." | "ms" | "ms." | "madam" | "mister"
                        )
                })
            }
        });
        // Merge patterns with KB hits: a KB hit inside a pattern keeps its link; a pattern
        // covering no KB hit is added.
        // (candidates looked up by position; a removed one is marked and dropped after)
        let mut ix = SpanIndex::new(cands.iter().map(|c| (c.s, c.e)));
        let mut gone = vec![false; cands.len()];
        for x in extra {
            let near = ix.near(x.s, x.e);
            let inside: Vec<usize> = near
                .iter()
                .copied()
                .filter(|&c| cands[c].s >= x.s && cands[c].e <= x.e)
                .collect();
            let overlapping = near.iter().any(|&c| cands[c].s < x.e && x.s < cands[c].e);
            if let Some(&c) = inside
                .iter()
                .find(|&&c| cands[c].kind == x.kind && x.kind == EntityType::Person)
            {
                // "Oleg Syromolotov" known to the KB: keep the link, take the title's role.
                if cands[c].how == How::Surname {
                    // "V.A. Zelensky", "Oleg Syromolotov" around a KB surname: the whole name,
                    // linked only when the surname ends it and the KB knows the given name.
                    let first = text[x.s..x.e]
                        .split([' ', '.'])
                        .next()
                        .map(lower)
                        .unwrap_or_default();
                    let ends_with = cands[c].e == x.e;
                    let ent = cands[c].kb.map(|k| &self.kb.entities()[k as usize]);
                    let given_ok = x.s >= cands[c].s
                        || is_initials(text[x.s..x.e].split(' ').next().unwrap_or(""))
                        || text[x.s..x.e]
                            .split(' ')
                            .next()
                            .is_some_and(|w| w.contains('.'))
                        || ent.is_some_and(|e| {
                            std::iter::once(e.name.as_str())
                                .chain(e.names.iter().map(|n| n.text()))
                                .any(|n| n.split(' ').next().is_some_and(|w| lower(w) == first))
                        });
                    let ce = &mut cands[c];
                    ce.s = ce.s.min(x.s);
                    ce.e = ce.e.max(x.e);
                    if !(ends_with && given_ok) {
                        ce.kb = None;
                        ce.how = How::Pattern;
                    }
                }
                let ce = &mut cands[c];
                ce.role = ce.role.take().or(x.role);
                ce.female = ce.female.or(x.female);
                ce.role_state = ce.role_state.take().or(x.role_state);
                if ce.how == How::Surname {
                    ce.how = How::Name;
                }
                ix.moved(c, ce.s, ce.e);
                continue;
            }
            let multiword = text[x.s..x.e].contains(' ');
            if !overlapping {
                ix.push(x.s, x.e);
                gone.push(false);
                cands.push(x);
            } else if x.kind == EntityType::Person
                && !inside.is_empty()
                && inside.iter().all(|&c| {
                    cands[c].how == How::Surname
                        || multiword
                            && cands[c].kind != EntityType::Person
                            && !text[cands[c].s..cands[c].e].contains(' ')
                })
                && !near.iter().any(|&c| {
                    let c = &cands[c];
                    c.s < x.e && x.s < c.e && (c.s < x.s || c.e > x.e)
                })
            {
                for &c in &inside {
                    gone[c] = true;
                    ix.remove(c);
                }
                ix.push(x.s, x.e);
                gone.push(false);
                cands.push(x);
            }
        }
        let mut gone = gone.into_iter();
        cands.retain(|_| !gone.next().unwrap_or(false));
        cands.sort_by_key(|c| c.s);

        // Later bare surnames of people named in full ("Pat Caddell ... Caddell").
        let mut surnames: HashMap<String, usize> = HashMap::default();
        for c in cands
            .iter()
            .filter(|c| c.kind == EntityType::Person && c.how != How::Surname)
        {
            let t = &text[c.s..c.e];
            if t.contains(' ') {
                if let Some(last) = t.rsplit(' ').next() {
                    if last.chars().count() >= 3 && is_cap(last) {
                        let e = surnames.entry(lower(last)).or_insert(c.s);
                        *e = (*e).min(c.s);
                    }
                }
            }
        }
        if !surnames.is_empty() {
            let ix = index(&cands);
            let mut add = Vec::new();
            for k in 0..n {
                if let Some(&first) = surnames.get(lw[k]) {
                    if toks[k].s > first
                        && is_cap(words[k])
                        && !covered(&cands, &ix, toks[k].s, toks[k].e)
                    {
                        add.push(Cand::person(toks[k].s, toks[k].e));
                    }
                }
            }
            cands.extend(add);
            cands.sort_by_key(|c| c.s);
        }

        // 3. Role phrases standing alone and pronouns.
        let mut roles_pron: Vec<Cand> = Vec::new();
        let ix = index(&cands);
        let mut k = 0;
        while k < n {
            let is_state_tok = |t: usize| {
                ix.starting_at(toks[t].s).iter().any(|&c| {
                    cands[c]
                        .kb
                        .is_some_and(|x| self.kb.entities()[x as usize].kind == EntityType::State)
                })
            };
            let phrase_here =
                fl[k] & F_FIRST != 0 || lw[k].as_bytes().first().is_some_and(|&b| b >= 0xd0);
            if let Some((len, role)) = phrase_here
                .then(|| roles_table().longest(&lw, k, &is_state_tok))
                .flatten()
            {
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
                            ix.starting_at(toks[j].s)
                                .into_iter()
                                .map(|c| &cands[c])
                                .find(|c| c.kind == EntityType::State)
                        })
                        .flatten()
                    {
                        let end = c.e;
                        of_state = c.kb.map(|x| self.kb.entities()[x as usize].id.clone());
                        after = toks.partition_point(|t| t.s < end);
                    }
                }
                let person_after = (after < n)
                    .then(|| {
                        ix.starting_at(toks[after].s)
                            .into_iter()
                            .find(|&c| cands[c].kind == EntityType::Person)
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
                let ministry = ix.near(s, s).into_iter().find(|&c| {
                    let c = &cands[c];
                    c.s < s
                        && c.e > s
                        && c.e <= e
                        && c.kb.is_some_and(|x| {
                            self.kb.entities()[x as usize].subtype.as_deref() == Some("ministry")
                        })
                });
                let first_tok = match ministry {
                    Some(c) => {
                        let p = toks.partition_point(|t| t.s < cands[c].s);
                        if p < n && toks[p].s == cands[c].s {
                            p
                        } else {
                            k
                        }
                    }
                    None => k,
                };
                let det = cataphoric
                    || first_tok > 0
                        && matches!(
                            lw[first_tok - 1],
                            "the" | "a" | "this" | "that" | "his" | "her" | "their" | "our"
                        )
                    || self
                        .state_before(&cands, &ix, toks[first_tok].s, text)
                        .is_some()
                        && first_tok > 1
                        && matches!(lw[first_tok - 2], "the" | "a");
                let blocked = ix.near(s, e).into_iter().any(|c| {
                    let c = &cands[c];
                    c.s < e && s < c.e && c.kind == EntityType::Person
                });
                if !followed_by_name && !blocked && (det || text[..s].trim_end().ends_with("'s")) {
                    // include a state adjective right before ("the Russian Foreign Minister")
                    let s = toks[first_tok].s;
                    let start = self
                        .adjacent_state_hit(&cands, &ix, s, text)
                        .map(|c| cands[c].s)
                        .unwrap_or(s);
                    let role_state = ministry
                        .and_then(|c| cands[c].kb)
                        .and_then(|x| self.kb.entities()[x as usize].country.clone())
                        .or_else(|| self.state_before(&cands, &ix, s, text))
                        .or_else(|| self.state_after_of(&cands, &ix, &lw, &toks, k + len, text))
                        .or_else(|| implied_state(&lw[k..k + len]));
                    roles_pron.push(Cand {
                        s: start,
                        e,
                        kind: EntityType::Person,
                        kb: None,
                        how: How::Role,
                        role: role.map(str::to_string),
                        female: match lw[k + len - 1] {
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
            // "The Republican nominee", "the South Carolina senator": people described by a
            // capitalised qualifier and a person noun.
            if matches!(lw[k], "the" | "a" | "an" | "his" | "her" | "their" | "its") {
                let mut j = k + 1;
                let mut caps = 0;
                while j < n
                    && j - k <= 4
                    && (is_cap(words[j]) && fl[j] & F_PERSON == 0 || (fl[j] & F_MOD != 0))
                    && same_line(text, toks[j - 1].e, toks[j].s)
                    && text[toks[j - 1].e..toks[j].s].trim().is_empty()
                {
                    caps += usize::from(is_cap(words[j]));
                    j += 1;
                }
                let role_phrase_inside = (k + 1..=j.min(n - 1)).any(|x| {
                    roles_table()
                        .longest(&lw, x, &is_state_tok)
                        .is_some_and(|(len, _)| x + len > j)
                });
                let head_noun = j + 1 >= n
                    || !is_cap(words[j + 1])
                    || !same_line(text, toks[j].e, toks[j + 1].s);
                if caps > 0
                    && !role_phrase_inside
                    && head_noun
                    && j < n
                    && j > k + 1
                    && (fl[j] & F_PERSON != 0)
                    && text[toks[j - 1].e..toks[j].s].trim().is_empty()
                {
                    let (s0, e0) = (toks[k + 1].s, toks[j].e);
                    let blocked = cands
                        .iter()
                        .chain(&roles_pron)
                        .any(|c| c.s < e0 && s0 < c.e && c.kind == EntityType::Person);
                    if !blocked {
                        roles_pron.push(Cand {
                            how: How::Role,
                            ..Cand::person(s0, e0)
                        });
                        k = j + 1;
                        continue;
                    }
                }
            }
            let female = match lw[k] {
                "he" | "him" | "his" | "himself" | "он" | "него" | "ему" | "им" | "нем" | "нём" => {
                    Some(false)
                }
                "she" | "her" | "hers" | "herself" | "она" | "нее" | "неё" | "ей" | "ней" => {
                    Some(true)
                }
                _ => None,
            };
            if let Some(f) = female {
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
        let mut ix = ix;
        for r in roles_pron {
            if !covered(&cands, &ix, r.s, r.e) || r.how == How::Role {
                ix.push(r.s, r.e);
                cands.push(r);
            }
        }
        cands.sort_by(|a, b| a.s.cmp(&b.s).then(b.e.cmp(&a.e)));

        // 4. Resolve left to right.
        let home = self.home_state(info, &cands);
        if let Some(h) = home.as_deref().and_then(|h| self.kb.get(h)) {
            // "the Foreign Ministry" in a Russian document is Russia's: try the home state's
            // adjectives and names before an unlinked organisation phrase.
            let mut seen: HashMap<&str, Option<usize>> = HashMap::default();
            for c in cands
                .iter_mut()
                .filter(|c| c.kind == EntityType::Organisation && c.kb.is_none())
            {
                let phrase = &text[c.s..c.e];
                let found = *seen.entry(phrase).or_insert_with(|| {
                    h.adjectives
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
                        })
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
        let mut clusters: HashMap<u32, u32> = HashMap::default(); // kb entity -> cluster
        let mut next_cluster = 0u32;
        let mut out: Vec<Mention> = Vec::new();
        let mut mention_of_cluster: HashMap<u32, usize> = HashMap::default();
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
                        let bearers = self
                            .kb
                            .lookup(surface, None)
                            .into_iter()
                            .filter(|x| x.kind == EntityType::Person)
                            .count();
                        let prominent = self.curated[c.kb.unwrap_or(0) as usize] & 2 != 0;
                        if !(leading_on(e, date) || bearers == 1 && prominent) {
                            // A surname the KB cannot pin down is still a person mention.
                            let next = text[c.e..].split_whitespace().next().unwrap_or("");
                            let speaks = REPORTING.contains(
                                &lower(next.trim_matches(|ch: char| !ch.is_alphabetic())).as_str(),
                            );
                            if surface.chars().count() < 4
                                || STOP.contains(&lower(surface).as_str())
                                || !speaks
                            {
                                continue;
                            }
                            m.kb = None;
                            m.how = How::Pattern;
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
    fn state_before(
        &self,
        cands: &[Cand],
        ix: &SpanIndex,
        pos: usize,
        text: &str,
    ) -> Option<String> {
        let c = self.adjacent_state_hit(cands, ix, pos, text)?;
        let ent = &self.kb.entities()[cands[c].kb? as usize];
        match ent.kind {
            EntityType::State => Some(ent.id.clone()),
            _ => ent.country.clone(),
        }
    }

    /// The last state or ministry hit that ends right before `pos` (spaces or "'s" between).
    fn adjacent_state_hit(
        &self,
        cands: &[Cand],
        ix: &SpanIndex,
        pos: usize,
        text: &str,
    ) -> Option<usize> {
        // the earliest end that leaves only spaces and a possessive before `pos`
        let before = text[..pos].trim_end();
        let lo = match before
            .strip_suffix("'s")
            .or_else(|| before.strip_suffix("’s"))
        {
            Some(b) => b.trim_end().len(),
            None => before.len(),
        };
        ix.near(lo, pos + 1).into_iter().rev().find(|&c| {
            let c = &cands[c];
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
        ix: &SpanIndex,
        lw: &[&str],
        toks: &[Tok],
        k: usize,
        text: &str,
    ) -> Option<String> {
        if k < lw.len() && lw[k] == "of" {
            let j = if k + 1 < lw.len() && lw[k + 1] == "the" {
                k + 2
            } else {
                k + 1
            };
            if j < toks.len() {
                let c = &cands[*ix.starting_at(toks[j].s).first()?];
                let e = &self.kb.entities()[c.kb? as usize];
                // "President of the Austrian Association": the adjective names a body's
                // state, not the role's
                let next = toks.partition_point(|t| t.s < c.e);
                let names_a_body = c.how == How::Adjective
                    && toks
                        .get(next)
                        .is_some_and(|t| text[t.s..t.e].starts_with(char::is_uppercase));
                if e.kind == EntityType::State && !names_a_body {
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
            if let Some(st) = o.rfind('.').and_then(|dot| self.tld_state.get(&o[dot..])) {
                return Some(st.clone());
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
        let mut counts: HashMap<&str, usize> = HashMap::default();
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
fn implied_state(words: &[&str]) -> Option<String> {
    let p = words.join(" ");
    match p.as_str() {
        "secretary of state" => Some("state:USA".to_string()),
        "foreign secretary" => Some("state:GBR".to_string()),
        _ => None,
    }
}

const F_STOP: u16 = 1;
const F_ORG: u16 = 2;
const F_REPORT: u16 = 4;
const F_TITLE: u16 = 8;
const F_PERSON: u16 = 16;
const F_MOD: u16 = 32;
const F_APPOS: u16 = 64;
const F_MEDIA: u16 = 128;
/// First word of a title or role phrase.
const F_FIRST: u16 = 256;

/// A small multiplicative hasher for the word tables (short keys, no adversarial input).
#[derive(Default)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

/// Which word lists a lowercase word belongs to (one hash lookup instead of list scans).
fn wf(w: &str) -> u16 {
    type Table = std::collections::HashMap<
        std::borrow::Cow<'static, str>,
        u16,
        std::hash::BuildHasherDefault<WordHasher>,
    >;
    static T: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    let t = T.get_or_init(|| {
        let mut t = Table::default();
        let lists: [(&[&'static str], u16); 7] = [
            (STOP, F_STOP),
            (ORG_WORDS, F_ORG),
            (REPORTING, F_REPORT),
            (PERSON_NOUNS, F_PERSON),
            (MODIFIERS, F_MOD),
            (APPOSITION, F_APPOS),
            (MEDIA_WORDS, F_MEDIA),
        ];
        for (list, f) in lists {
            for &w in list {
                *t.entry(w.into()).or_default() |= f;
            }
        }
        for (p, _) in TITLES {
            for w in p.split(' ') {
                *t.entry(w.into()).or_default() |= F_TITLE;
            }
        }
        for p in TITLES
            .iter()
            .map(|x| x.0)
            .chain(ROLE_PHRASES.iter().map(|x| x.0))
        {
            if let Some(w) = p.split(' ').next() {
                *t.entry(w.into()).or_default() |= F_FIRST;
            }
        }
        // Russian body words in every case form, for words no list above holds
        for w in ru_body_words() {
            t.entry(w.into()).or_insert(F_ORG);
        }
        t
    });
    t.get(w).copied().unwrap_or(0)
}

const RU_BODY_STEMS: &str = include_str!("../data/ru/body-stems.txt");

/// Russian words for a body in every case form («пресс-службы», «Минобороны», «комитете»):
/// each stem of `data/ru/body-stems.txt` with each case ending.
fn ru_body_words() -> impl Iterator<Item = String> {
    const ENDINGS: &[&str] = &[
        "", "а", "я", "у", "ю", "ом", "ем", "ой", "ей", "е", "и", "ы", "ам", "ям", "ами", "ями",
        "ах", "ях", "ов", "ев", "ия", "ии", "ию", "ие", "ий", "ием", "иям", "иями", "иях", "ь",
    ];
    RU_BODY_STEMS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .flat_map(|stem| ENDINGS.iter().map(move |e| format!("{stem}{e}")))
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
    // Within the pronoun's own sentence the first compatible person (usually the subject);
    // the mentions so far are in text order, so the sentence's are found by binary search.
    let first = out.partition_point(|m| sent_of(m.span.start as usize) < sent);
    for m in out[first..]
        .iter()
        .take_while(|m| sent_of(m.span.start as usize) == sent)
        .filter(|m| m.kind == EntityType::Person && m.how != How::Pronoun)
    {
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

/// Phrases (lowercase words) indexed by their first word, for longest-match lookup at a token.
/// Cyrillic phrases match inflected words by prefix and are kept apart.
struct PhraseTable {
    by_first: std::collections::HashMap<
        &'static str,
        Vec<Phrase>,
        std::hash::BuildHasherDefault<WordHasher>,
    >,
    cyrillic: Vec<Phrase>,
}

/// A phrase's words and the role it names.
type Phrase = (Vec<&'static str>, Option<&'static str>);

impl PhraseTable {
    fn new(phrases: impl Iterator<Item = (&'static str, Option<&'static str>)>) -> PhraseTable {
        let mut t = PhraseTable {
            by_first: Default::default(),
            cyrillic: Vec::new(),
        };
        for (p, r) in phrases {
            let words: Vec<&'static str> = p.split(' ').collect();
            if p.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)) {
                t.cyrillic.push((words, r));
            } else {
                t.by_first.entry(words[0]).or_default().push((words, r));
            }
        }
        t
    }

    /// The longest phrase at token `i`: its length in tokens and its role. A `{state}` word
    /// matches a token where `is_state` holds.
    fn longest(
        &self,
        lw: &[&str],
        i: usize,
        is_state: &dyn Fn(usize) -> bool,
    ) -> Option<(usize, Option<&'static str>)> {
        let t0 = *lw.get(i)?;
        let fits = |words: &[&str], prefix: bool| -> bool {
            words.iter().enumerate().all(|(k, w)| {
                lw.get(i + k).is_some_and(|t| {
                    t == w
                        || (*w == "{state}" && is_state(i + k))
                        || (prefix && t.starts_with(w) && t.len() <= w.len() + 6)
                })
            })
        };
        let mut best: Option<(usize, Option<&'static str>)> = None;
        let latin = self
            .by_first
            .get(t0)
            .into_iter()
            .flatten()
            .map(|x| (x, false));
        let cyr = (t0.bytes().next().is_some_and(|b| b >= 0xd0))
            .then_some(self.cyrillic.iter().map(|x| (x, true)))
            .into_iter()
            .flatten();
        for ((words, r), prefix) in latin.chain(cyr) {
            if fits(words, prefix) && best.is_none_or(|b| words.len() > b.0) {
                best = Some((words.len(), *r));
            }
        }
        best
    }
}

fn titles_table() -> &'static PhraseTable {
    static T: std::sync::OnceLock<PhraseTable> = std::sync::OnceLock::new();
    T.get_or_init(|| PhraseTable::new(TITLES.iter().copied()))
}

fn roles_table() -> &'static PhraseTable {
    static T: std::sync::OnceLock<PhraseTable> = std::sync::OnceLock::new();
    T.get_or_init(|| PhraseTable::new(ROLE_PHRASES.iter().map(|(p, r)| (*p, Some(*r)))))
}

/// Capitalised name words from token `j`: up to four, with particles inside; returns the end.
fn name_run(words: &[&str], lw: &[&str], j: usize, toks: &[Tok], text: &str) -> Option<usize> {
    let n = words.len();
    if j >= n
        || !is_cap(words[j])
        || (wf(lw[j]) & F_STOP != 0)
        || (wf(lw[j]) & F_ORG != 0)
        || (wf(lw[j]) & F_TITLE != 0)
    {
        return None;
    }
    if is_initials(words[j])
        && (j + 1 >= n || !is_cap(words[j + 1]) || (wf(lw[j + 1]) & F_STOP != 0))
    {
        // initials alone are not a name
        return None;
    }
    let mut k = j;
    while k < n && k - j < 4 {
        let ok = (is_cap(words[k])
            && wf(lw[k]) & F_STOP == 0
            && wf(lw[k]) & F_ORG == 0
            && wf(lw[k]) & F_TITLE == 0)
            || (k > j && PARTICLES.contains(&lw[k]) && k + 1 < n && is_cap(words[k + 1]));
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

/// Is a word written in capitals, two letters or more (an acronym: «СПЧ», "NATO")?
fn all_capitals(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}
