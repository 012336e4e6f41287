//! Who an attribution's speaker is: a KB entity, a person or body the KB does not know (by
//! the fullest name the document gives it), an explicitly unnamed source ("источник",
//! "Hope was expressed"), or several of them for a joint statement.
//!
//! A speaker is never a verb, an adverb or a clause fragment: an attribution whose source
//! cannot be resolved to one of these keeps its source span and has no speaker, rather than a
//! wrong one.

use demarche_kb::{Day, EntityType, Kb};
use demarche_model::Span;
use rustc_hash::FxHashMap;
use serde_json::{json, Value};

use crate::entities::{How, Mention};
use crate::names;
use crate::quotes::Quote;

/// What kind of speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpeakerKind {
    /// A person.
    Person,
    /// A state, organisation, body, outlet.
    Organisation,
    /// An explicitly unnamed source ("a source", "experts", an agentless passive).
    Anonymous,
}

impl SpeakerKind {
    /// Name used in output.
    pub fn name(&self) -> &'static str {
        match self {
            SpeakerKind::Person => "person",
            SpeakerKind::Organisation => "organisation",
            SpeakerKind::Anonymous => "anonymous",
        }
    }
}

/// One resolved speaker.
#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    /// Kind.
    pub kind: SpeakerKind,
    /// KB entity index, when linked.
    pub kb: Option<u32>,
    /// Display name: the KB name, else the fullest name the document gives (a Russian name in
    /// its nominative form where it can be found), else empty (anonymous).
    pub name: String,
    /// One key per speaker across documents, case forms, spellings and scripts:
    /// `kb:<id>` for KB entities, `name:<surname in Latin letters>/<initial>` for unlinked
    /// persons ("Песков", "Пескова" and "Peskov" share `name:peskov/d` when the first name is
    /// known), `org:<words>` for unlinked bodies, `anonymous`.
    pub key: String,
    /// The entity mention (index in the entity layer) that names the speaker, if any.
    pub mention: Option<usize>,
}

impl Speaker {
    /// An unnamed source.
    pub fn anonymous() -> Speaker {
        Speaker {
            kind: SpeakerKind::Anonymous,
            kb: None,
            name: String::new(),
            key: "anonymous".into(),
            mention: None,
        }
    }

    /// A KB entity.
    pub fn of_kb(kb: &Kb, index: u32, mention: Option<usize>) -> Speaker {
        let e = &kb.entities()[index as usize];
        Speaker {
            kind: if e.kind == EntityType::Person {
                SpeakerKind::Person
            } else {
                SpeakerKind::Organisation
            },
            kb: Some(index),
            name: e.name.clone(),
            key: format!("kb:{}", e.id),
            mention,
        }
    }

    /// An unlinked person or body named `name` in the text.
    pub fn named(kind: SpeakerKind, name: &str, mention: Option<usize>) -> Speaker {
        let name = match kind {
            SpeakerKind::Person => names::person_nominative(name),
            _ => name.trim().to_string(),
        };
        let key = match kind {
            SpeakerKind::Person => names::person_key(&name),
            SpeakerKind::Organisation => format!("org:{}", names::body_key(&name)),
            SpeakerKind::Anonymous => "anonymous".into(),
        };
        Speaker {
            kind,
            kb: None,
            name,
            key,
            mention,
        }
    }

    /// As JSON, with the KB id.
    pub fn to_json(&self, kb: &Kb) -> Value {
        json!({
            "kind": self.kind.name(),
            "kb": self.kb.map(|k| kb.entities()[k as usize].id.as_str()),
            "name": if self.name.is_empty() { None } else { Some(self.name.as_str()) },
            "key": self.key,
            "mention": self.mention,
        })
    }
}

/// What a document's coreference clusters name: per cluster, the first KB entity one of its
/// mentions links to and its fullest name (most words, then longest; the last of equals).
/// Built once per document, so a speaker's lookup does not scan every mention.
#[derive(Debug, Default)]
pub struct Clusters {
    of: FxHashMap<u32, (Option<u32>, Option<usize>)>,
}

impl Clusters {
    /// The clusters of `mentions` in `text`.
    pub fn new(text: &str, mentions: &[Mention]) -> Clusters {
        let mut of: FxHashMap<u32, (Option<u32>, Option<usize>)> = FxHashMap::default();
        let key = |o: &Mention| {
            (
                text[o.span.range()].split_whitespace().count(),
                o.span.len(),
            )
        };
        for (i, o) in mentions.iter().enumerate() {
            let c = of.entry(o.cluster).or_default();
            if c.0.is_none() {
                c.0 = o.kb;
            }
            if matches!(
                o.how,
                How::Name | How::Pattern | How::Tagged | How::Acronym | How::Surname
            ) && c.1.is_none_or(|f| key(o) >= key(&mentions[f]))
            {
                c.1 = Some(i);
            }
        }
        Clusters { of }
    }
}

/// The speaker named by entity mention `i`: its KB entity or one of its cluster's, else the
/// fullest name in its cluster; `None` for a place, or a pronoun or role whose cluster names
/// no one.
pub fn of_mention(cx: &Context, i: usize) -> Option<Speaker> {
    let (kb, text, mentions) = (cx.kb, cx.text, cx.mentions);
    let m = mentions.get(i)?;
    let cluster = cx.clusters.of.get(&m.cluster).copied().unwrap_or_default();
    let linked = m.kb.or(cluster.0);
    if let Some(k) = linked {
        let e = &kb.entities()[k as usize];
        if e.kind == EntityType::Place {
            // a capital speaks for its state ("Moscow says", «Киев заявил»)
            let state = e
                .roles
                .iter()
                .find(|r| r.role == "capital")
                .and_then(|r| r.of.as_deref())
                .and_then(|st| kb.index_of(st))?;
            return Some(Speaker::of_kb(kb, state as u32, Some(i)));
        }
        return Some(Speaker::of_kb(kb, k, Some(i)));
    }
    let kind = match m.kind {
        EntityType::Person => SpeakerKind::Person,
        EntityType::Organisation | EntityType::State => SpeakerKind::Organisation,
        EntityType::Place => return None,
    };
    let fullest = &text[mentions[cluster.1?].span.range()];
    // «МВД ОАЭ» is «Министерство внутренних дел ОАЭ»
    let full = (kind == SpeakerKind::Organisation)
        .then(|| crate::bodies::full_name(fullest))
        .flatten();
    Some(Speaker::named(
        kind,
        full.as_deref().unwrap_or(fullest),
        Some(i),
    ))
}

/// What speaker resolution knows of a document.
pub struct Context<'a> {
    /// The (masked) text.
    pub text: &'a str,
    /// Sentence spans.
    pub sentences: &'a [Span],
    /// Entity mentions.
    pub mentions: &'a [Mention],
    /// The KB.
    pub kb: &'a Kb,
    /// The document date.
    pub date: Option<Day>,
    /// The state the document speaks for (the outlet's), for unqualified roles.
    pub home: Option<String>,
    /// The principal of an outlet that is a leader's office (the Kremlin's president).
    pub principal: Option<u32>,
    /// The title and its entity mentions.
    pub title: Option<(&'a str, &'a [Mention])>,
    /// The outlet (channel) name.
    pub outlet: Option<&'a str>,
    /// What the mentions' clusters name (see [`Clusters::new`]).
    pub clusters: Clusters,
    /// Whether the text holds Cyrillic, found out once when first asked.
    pub cyrillic: std::cell::OnceCell<bool>,
}

/// Words of a title that declare who speaks in the document.
const DECLARING: &[&str] = &[
    "speech",
    "address",
    "statement",
    "remarks",
    "briefing",
    "interview",
    "article",
    "op-ed",
    "message",
    "greetings",
    "letter",
    "answers",
    "comment",
    "выступление",
    "заявление",
    "брифинг",
    "интервью",
    "обращение",
    "статья",
    "послание",
    "комментарий",
    "ответы",
    "приветствие",
];

/// Words of a title that make the document a readout of a conversation between its
/// participants.
const READOUT: &[&str] = &[
    "conversation",
    "meeting",
    "talks",
    "call",
    "phone",
    "telephone",
    "met",
    "разговор",
    "встреча",
    "переговоры",
];

fn title_words(t: &str) -> impl Iterator<Item = String> + '_ {
    t.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

impl Context<'_> {
    /// The person a title mention names.
    fn title_person(&self, m: &Mention, title: &str) -> Option<Speaker> {
        if m.kind != EntityType::Person {
            return None;
        }
        Some(match m.kb {
            Some(k) => Speaker::of_kb(self.kb, k, None),
            None => Speaker::named(SpeakerKind::Person, &title[m.span.range()], None),
        })
    }

    /// The speaker the title declares ("Speech by President of Ukraine Volodymyr
    /// Zelenskyy", «Брифинг официального представителя МИД России М.В.Захаровой»): the first
    /// person it names, when it has a declaring word.
    pub fn declared(&self) -> Option<Speaker> {
        let (title, ms) = self.title?;
        if !title_words(title).any(|w| DECLARING.contains(&w.as_str())) {
            return None;
        }
        ms.iter()
            .find_map(|m| self.title_person(m, title))
            .or_else(|| self.principal.map(|k| Speaker::of_kb(self.kb, k, None)))
    }

    /// The participants of a readout: the outlet's principal and the persons its title
    /// names ("Telephone conversation with President of Finland Sauli Niinistö").
    pub fn participants(&self) -> Vec<Speaker> {
        let Some((title, ms)) = self.title else {
            return Vec::new();
        };
        if !title_words(title).any(|w| READOUT.contains(&w.as_str())) {
            return Vec::new();
        }
        let mut out: Vec<Speaker> = Vec::new();
        if let Some(k) = self.principal {
            out.push(Speaker::of_kb(self.kb, k, None));
        }
        for m in ms {
            if let Some(s) = self.title_person(m, title) {
                if !out.iter().any(|o| o.key == s.key) {
                    out.push(s);
                }
            }
        }
        if out.len() >= 2 {
            out
        } else {
            Vec::new()
        }
    }
}

/// A word in capitals ("МВД", "ВЦИОМ", "DPA").
fn acronym_word(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
}

/// Lowercase words of a span of the text.
fn words_of(text: &str, s: Span) -> Vec<String> {
    text[s.range()]
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'").replace('ё', "е"))
        .collect()
}

fn first_person(w: &str) -> bool {
    matches!(
        w,
        "i" | "we" | "me" | "us" | "my" | "our" | "я" | "мы" | "мне" | "нам" | "меня" | "нас"
    )
}

fn second_person(w: &str) -> bool {
    matches!(w, "you" | "your" | "вы" | "ты" | "вас" | "вам")
}

/// A third-person pronoun and what it agrees with: `Some(Some(true))` a woman, `Some(Some(false))`
/// a man, `Some(None)` a group or body.
fn third_person(w: &str) -> Option<Option<bool>> {
    match w {
        "he" | "him" | "his" | "он" | "его" | "ему" | "него" | "нему" | "ним" | "нем" | "тот" => {
            Some(Some(false))
        }
        "she" | "her" | "она" | "ее" | "ей" | "нее" | "неё" | "ней" | "та" => {
            Some(Some(true))
        }
        "they" | "them" | "their" | "они" | "их" | "им" | "них" | "ними" => {
            Some(None)
        }
        _ => None,
    }
}

/// A Russian demonstrative standing for a person («тот», «та») and its gender.
fn demonstrative(w: &str) -> Option<bool> {
    match w {
        "тот" => Some(false),
        "та" => Some(true),
        _ => None,
    }
}

/// An adverb that may stand between a source and its cue («твердо», «также», "also").
fn adverb(w: &str) -> bool {
    matches!(
        w,
        "also"
            | "later"
            | "then"
            | "again"
            | "further"
            | "previously"
            | "earlier"
            | "firmly"
            | "repeatedly"
            | "publicly"
            | "also,"
            | "также"
            | "тоже"
            | "уже"
            | "ранее"
            | "позже"
            | "позднее"
            | "вновь"
            | "снова"
            | "еще"
            | "ещё"
            | "затем"
            | "потом"
            | "прямо"
            | "открыто"
            | "публично"
            | "не"
            | "раз"
    ) || (w.chars().count() > 4
        && w.chars().all(|c| ('а'..='я').contains(&c))
        && (w.ends_with("но") || w.ends_with("ко") || w.ends_with("ло") || w.ends_with("ро")))
}

/// A definite document noun as a source ("The message", "the statement", «документ»).
fn document_source(ws: &[String]) -> bool {
    let noun = |w: &str| {
        matches!(
            w,
            "message"
                | "statement"
                | "letter"
                | "address"
                | "greetings"
                | "telegram"
                | "document"
                | "сообщение"
                | "послание"
                | "заявление"
                | "документ"
                | "телеграмма"
                | "обращение"
        )
    };
    match ws {
        [d, n] => matches!(d.as_str(), "the" | "this" | "that" | "his") && noun(n),
        [n] => noun(n),
        _ => false,
    }
}

/// Nouns for a person that refer back to one named before («мужчина», «женщина»), with the
/// gender they agree with.
fn person_noun(w: &str) -> Option<bool> {
    match w {
        "мужчина" | "парень" | "юноша" | "пенсионер" | "отец" | "сын" | "муж" | "дед"
        | "дедушка" => Some(false),
        "женщина" | "девушка" | "пенсионерка" | "мать" | "дочь" | "жена" | "бабушка" => {
            Some(true)
        }
        _ => None,
    }
}

/// Collective sources of a readout: the persons it reports on together.
fn collective(ws: &[String]) -> bool {
    let w: Vec<&str> = ws.iter().map(String::as_str).collect();
    matches!(
        w.as_slice(),
        ["the", "leaders"]
            | ["the", "two", "leaders"]
            | ["both", "leaders"]
            | ["the", "sides"]
            | ["both", "sides"]
            | ["the", "two", "sides"]
            | ["the", "parties"]
            | ["both", "parties"]
            | ["the", "presidents"]
            | ["the", "two", "presidents"]
            | ["the", "heads", "of", "state"]
            | ["стороны"]
            | ["обе", "стороны"]
            | ["лидеры"]
            | ["оба", "лидера"]
            | ["президенты"]
    )
}

/// Nouns for sources the text leaves unnamed ("sources", «очевидцы», «источник»).
fn unnamed(w: &str) -> bool {
    matches!(
        w,
        "source"
            | "sources"
            | "experts"
            | "analysts"
            | "observers"
            | "eyewitnesses"
            | "witnesses"
            | "residents"
            | "media"
            | "propagandists"
            | "some"
            | "many"
            | "others"
            | "everyone"
            | "источник"
            | "источники"
            | "источника"
            | "источников"
            | "очевидцы"
            | "очевидец"
            | "эксперты"
            | "экспертов"
            | "аналитики"
            | "аналитиков"
            | "сми"
            | "журналисты"
            | "жители"
            | "пользователи"
            | "пассажир"
            | "пассажиры"
            | "пассажиров"
            | "блогеры"
            | "соцсети"
            | "собеседник"
            | "собеседники"
    )
}

/// Words for those who speak for a state when its adjective qualifies them: its side,
/// authorities, government, leadership, officials, diplomats.
fn speaks_for_state(w: &str) -> bool {
    const STEMS: &[&str] = &[
        "сторон",
        "власт",
        "правительств",
        "руководств",
        "чиновник",
        "дипломат",
        "официальн",
        "side",
        "authorit",
        "government",
        "leader",
        "official",
        "diplomat",
    ];
    STEMS.iter().any(|s| w.starts_with(s))
}

/// A source that refers back to a body named before it: «там», «агентство», «в ведомстве»,
/// "the ministry", "the company".
fn body_anaphor(ws: &[String]) -> bool {
    let the = ws.first().is_some_and(|w| w == "the");
    let rest: Vec<&str> = ws
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "the" | "в" | "во"))
        .collect();
    let [w] = rest.as_slice() else {
        return false;
    };
    const RU: &[&str] = &[
        "ведомств",
        "министерств",
        "агентств",
        "компани",
        "концерн",
        "издани",
        "пресс-служб",
        "организаци",
    ];
    *w == "там"
        || RU.iter().any(|s| w.starts_with(s))
        || (the
            && matches!(
                *w,
                "ministry"
                    | "agency"
                    | "company"
                    | "department"
                    | "organisation"
                    | "organization"
                    | "newspaper"
                    | "outlet"
                    | "publication"
                    | "firm"
                    | "bank"
                    | "committee"
                    | "embassy"
                    | "broadcaster"
            ))
}

/// A KB entity's gender (`Some(true)` a woman).
fn kb_female(kb: &Kb, k: u32) -> Option<bool> {
    match kb.entities()[k as usize].gender.as_deref() {
        Some("f") => Some(true),
        Some("m") => Some(false),
        _ => None,
    }
}

impl Context<'_> {
    /// The body named last before `at` (within a few paragraphs); with `noun`, the last one
    /// the text introduced with that noun («агентства DPA» … «агентство»), if any.
    fn body_before(&self, at: u32, noun: Option<&str>) -> Option<Speaker> {
        let n = self.mentions.partition_point(|m| m.span.end <= at);
        let bodies: Vec<usize> = (0..n)
            .rev()
            .take_while(|&i| at - self.mentions[i].span.end < 2000)
            .filter(|&i| {
                let m = &self.mentions[i];
                m.kind == EntityType::Organisation && m.how != How::Pronoun
            })
            .collect();
        let stem = |w: &str| w.chars().take(5).collect::<String>();
        let introduced = noun.and_then(|noun| {
            let want = stem(noun);
            bodies.iter().copied().find(|&i| {
                let s = self.mentions[i].span.start as usize;
                let lo = self.text[..s]
                    .char_indices()
                    .rev()
                    .nth(30)
                    .map_or(0, |(j, _)| j);
                words_of(self.text, Span::new(lo as u32, s as u32))
                    .last()
                    .is_some_and(|w| w.chars().count() >= 5 && stem(w) == want)
            })
        });
        introduced
            .or(bodies.first().copied())
            .and_then(|i| of_mention(self, i))
    }

    fn sentence_of(&self, p: u32) -> usize {
        self.sentences.partition_point(|s| s.end <= p)
    }

    /// The gender of mention `i` as far as it is known.
    fn female(&self, i: usize) -> Option<bool> {
        let m = &self.mentions[i];
        if let Some(k) = m.kb {
            return kb_female(self.kb, k);
        }
        let t = &self.text[m.span.range()];
        let last = t.split_whitespace().last()?;
        let low = last.to_lowercase();
        if low.ends_with("ова")
            || low.ends_with("ева")
            || low.ends_with("ина")
            || low.ends_with("ая")
        {
            // a woman's nominative, or a man's genitive: the given name decides
            let first = t.split_whitespace().next()?.to_lowercase();
            if t.split_whitespace().count() > 1 {
                return Some(first.ends_with('а') || first.ends_with('я'));
            }
            return None;
        }
        if low.ends_with("ов") || low.ends_with("ев") || low.ends_with("ин") || low.ends_with("ий")
        {
            return Some(false);
        }
        None
    }

    /// The person (or group) a third-person pronoun at byte `pos` refers to: among the named
    /// persons of this and the two sentences before, those that agree with it, the speaker of
    /// the latest earlier attribution first, else the latest subject-like mention (the first
    /// person of its sentence), else the latest.
    fn pronoun(
        &self,
        pos: u32,
        agrees: Option<bool>,
        earlier: &[(u32, Vec<Speaker>)],
    ) -> Option<Vec<Speaker>> {
        let si = self.sentence_of(pos);
        let from = self
            .sentences
            .get(si.saturating_sub(2))
            .map_or(0, |s| s.start);
        // earlier attributions in the window, latest first (they are in text order)
        let recent = || earlier.iter().rev().take_while(|(p, _)| *p >= from);
        if agrees.is_none() {
            // a group: the latest earlier attribution's several speakers, or a body
            return recent()
                .find(|(_, s)| s.len() > 1 || s.iter().all(|x| x.kind == SpeakerKind::Organisation))
                .map(|(_, s)| s.clone());
        }
        let fits = |s: &Speaker| {
            s.kind == SpeakerKind::Person
                && (s.kb.and_then(|k| kb_female(self.kb, k)) == agrees
                    || s.kb.and_then(|k| kb_female(self.kb, k)).is_none())
        };
        let last_said = recent()
            .find(|(_, s)| s.len() == 1 && fits(&s[0]))
            .map(|(p, s)| (*p, s[0].clone()));
        // the named persons of the window (mentions are sorted by start), and the latest of
        // them that is the first person named in its sentence
        let lo = self.mentions.partition_point(|m| m.span.start < from);
        let hi = self.mentions.partition_point(|m| m.span.start < pos);
        let mut subject: Option<usize> = None;
        let mut sentence_seen: Option<usize> = None;
        for i in lo..hi {
            let m = &self.mentions[i];
            if m.kind != EntityType::Person || m.how == How::Pronoun || m.span.end > pos {
                continue;
            }
            let s = self.sentence_of(m.span.start);
            let first_in_sentence = sentence_seen != Some(s);
            sentence_seen = Some(s);
            let f = self.female(i);
            if first_in_sentence && (f.is_none() || f == agrees) {
                subject = Some(i);
            }
        }
        match (last_said, subject) {
            (Some((p, s)), Some(i)) if self.mentions[i].span.start <= p => Some(vec![s]),
            (Some((_, s)), None) => Some(vec![s]),
            (_, Some(i)) => of_mention(self, i).map(|s| vec![s]),
            (None, None) => None,
        }
    }
}

impl Context<'_> {
    /// Does the text hold Cyrillic (scanned once per document)?
    fn cyrillic_text(&self) -> bool {
        *self
            .cyrillic
            .get_or_init(|| crate::names::is_cyrillic(self.text))
    }

    /// The person whose name the words `ws` of the source at `src` stood right before earlier
    /// in the text (within 4,000 bytes), the latest such.
    fn introduced_by(&self, src: Span, ws: &[String]) -> Option<Speaker> {
        if ws.is_empty() {
            return None;
        }
        // looked for among the persons of the last few thousand characters, so that a long
        // document costs the same per source as a short one
        let from = src.start.saturating_sub(4000);
        let lo = self.mentions.partition_point(|m| m.span.start < from);
        let hi = self.mentions.partition_point(|m| m.span.start < src.start);
        (lo..hi).rev().find_map(|i| {
            let m = &self.mentions[i];
            if m.kind != EntityType::Person || matches!(m.how, How::Pronoun | How::Role) {
                return None;
            }
            let lo = self.text[..m.span.start as usize]
                .char_indices()
                .rev()
                .nth(120)
                .map_or(0, |(k, _)| k);
            let before = words_of(self.text, Span::new(lo as u32, m.span.start));
            before.ends_with(ws).then(|| of_mention(self, i)).flatten()
        })
    }

    /// The person named last before byte `at`, in this sentence or the one before, whose
    /// gender (where known) is `female`.
    fn named_last(&self, at: u32, female: bool) -> Option<Speaker> {
        let si = self.sentence_of(at);
        let from = self
            .sentences
            .get(si.saturating_sub(1))
            .map_or(0, |s| s.start);
        let lo = self.mentions.partition_point(|m| m.span.start < from);
        let hi = self.mentions.partition_point(|m| m.span.start < at);
        let persons = || {
            (lo..hi).rev().filter(|&i| {
                let m = &self.mentions[i];
                m.kind == EntityType::Person && m.how != How::Pronoun && m.span.end <= at
            })
        };
        // the gender guessed from a case form may be wrong («Павлова» is his genitive): one
        // that agrees first, else the last person
        persons()
            .find(|&i| self.female(i).is_none_or(|f| f == female))
            .or_else(|| persons().next())
            .and_then(|i| of_mention(self, i))
    }

    /// The first person or body named in the sentence before byte `at`.
    fn subject_before(&self, at: u32) -> Option<Vec<Speaker>> {
        let si = self.sentence_of(at);
        let prev = self.sentences.get(si.checked_sub(1)?)?;
        let lo = self.mentions.partition_point(|m| m.span.start < prev.start);
        let i = lo
            + self.mentions[lo..]
                .iter()
                .take_while(|m| m.span.start < prev.end)
                .position(|m| {
                    m.span.end <= prev.end
                        && matches!(m.kind, EntityType::Person | EntityType::Organisation)
                        && m.how != How::Pronoun
                })?;
        of_mention(self, i).map(|s| vec![s])
    }
}

/// The floor at a byte: the speakers of the innermost turn holding it, and the speakers of
/// the turn before that one (the addressee of "you").
struct Floor {
    speakers: Vec<Speaker>,
    addressee: Vec<Speaker>,
}

/// The speakers of a turn: the person its label names, else an unnamed questioner.
fn turn_speakers(cx: &Context, q: &Quote) -> Vec<Speaker> {
    if let Some(m) = q.mention {
        if let Some(s) = of_mention(cx, m) {
            return vec![s];
        }
    }
    match q.source {
        Some(s) if words_of(cx.text, s).iter().all(|w| !w.is_empty()) => {
            let ws = words_of(cx.text, s);
            if matches!(
                ws.first().map(String::as_str),
                Some("question" | "вопрос" | "реплика" | "remark")
            ) {
                vec![Speaker::anonymous()]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// Resolves every attribution's speakers (those already set are kept): turns first, whose
/// speakers hold the floor for the first and second person inside them; then the rest in
/// text order, each through the mention its source names, its pronoun, a readout's
/// collective ("the leaders"), or an unnamed source.
pub fn assign(cx: &Context, quotes: &mut [Quote]) {
    let declared = cx.declared();
    let participants = cx.participants();
    for q in quotes.iter_mut() {
        if q.form == crate::quotes::Form::Turn && q.speakers.is_empty() {
            q.speakers = turn_speakers(cx, q);
        }
    }
    let mut turns: Vec<(Span, Vec<Speaker>)> = quotes
        .iter()
        .filter(|q| q.form == crate::quotes::Form::Turn)
        .map(|q| (q.content, q.speakers.clone()))
        .collect();
    turns.sort_by_key(|t| t.0.start);
    let floor_at = |p: u32| -> Option<Floor> {
        let i = turns.iter().rposition(|(c, _)| c.start <= p && p < c.end)?;
        let me = &turns[i].1;
        let addressee = turns[..i]
            .iter()
            .rev()
            .find(|(_, s)| !s.is_empty() && s.iter().map(|x| &x.key).ne(me.iter().map(|x| &x.key)))
            .map(|(_, s)| s.clone())
            .unwrap_or_default();
        Some(Floor {
            speakers: me.clone(),
            addressee,
        })
    };
    let mut order: Vec<usize> = (0..quotes.len()).collect();
    order.sort_by_key(|&i| {
        quotes[i]
            .cue
            .or(quotes[i].source)
            .map_or(quotes[i].content.start, |s| s.start)
    });
    let mut earlier: Vec<(u32, Vec<Speaker>)> = Vec::new();
    for i in order {
        let q = &quotes[i];
        let at = q.cue.or(q.source).map_or(q.content.start, |s| s.start);
        if !q.speakers.is_empty() {
            earlier.push((at, q.speakers.clone()));
            continue;
        }
        if q.form == crate::quotes::Form::Turn {
            // an item under a header («Главное из указа:»): its author, the speaker of the
            // latest attribution, else the first person or body of the sentence before
            let got = earlier
                .last()
                .map(|(_, s)| s.clone())
                .or_else(|| cx.subject_before(at))
                .unwrap_or_default();
            quotes[i].speakers = got;
            continue;
        }
        let floor = floor_at(at).or_else(|| {
            declared.as_ref().map(|d| Floor {
                speakers: vec![d.clone()],
                addressee: Vec::new(),
            })
        });
        let mut got = resolve_one(cx, q, floor.as_ref(), &participants, &earlier);
        if got.is_empty()
            && q.source
                .is_some_and(|s| document_source(&words_of(cx.text, s)))
        {
            // "The message reads": the document's declared author, or the outlet's principal
            got = declared
                .clone()
                .or_else(|| cx.principal.map(|k| Speaker::of_kb(cx.kb, k, None)))
                .into_iter()
                .collect();
        }
        if !got.is_empty() {
            earlier.push((at, got.clone()));
        }
        quotes[i].speakers = got;
    }
    for q in quotes.iter_mut() {
        for s in &mut q.speakers {
            if known_by_given_name_only(s) {
                *s = Speaker {
                    mention: s.mention,
                    ..Speaker::anonymous()
                };
            }
        }
    }
}

/// A person the document names only by a given name («Александр рассказал», «со слов
/// Натальи»): news writes so of private people it leaves unnamed, so the speaker is
/// anonymous (the mention stays as evidence).
fn known_by_given_name_only(s: &Speaker) -> bool {
    s.kind == SpeakerKind::Person && s.kb.is_none() && crate::ner::given_name_only(&s.name)
}

fn resolve_one(
    cx: &Context,
    q: &Quote,
    floor: Option<&Floor>,
    participants: &[Speaker],
    earlier: &[(u32, Vec<Speaker>)],
) -> Vec<Speaker> {
    let Some(src) = q.source else {
        if let Some(m) = q.mention {
            return of_mention(cx, m).into_iter().collect();
        }
        // an impersonal continuation («Отмечается, что …») carries on the latest attribution
        let impersonal = q.cue.is_some_and(|c| {
            let w = cx.text[c.range()].to_lowercase();
            w.ends_with("ется") || w.ends_with("ится") || w.ends_with("ются")
        });
        if impersonal {
            return earlier.last().map(|(_, s)| s.clone()).unwrap_or_default();
        }
        // «Там сообщили»: the adverb before the cue points at the body named last
        if let Some(c) = q.cue {
            let lo = cx.text[..c.start as usize]
                .char_indices()
                .rev()
                .nth(12)
                .map_or(0, |(i, _)| i);
            let before = words_of(cx.text, Span::new(lo as u32, c.start));
            if before.last().is_some_and(|w| w == "там") {
                return cx.body_before(c.start, None).into_iter().collect();
            }
        }
        return Vec::new();
    };
    let ws = words_of(cx.text, src);
    let Some(first) = ws.first() else {
        return Vec::new();
    };
    if first_person(first) {
        return floor.map(|f| f.speakers.clone()).unwrap_or_default();
    }
    if second_person(first) {
        return floor.map(|f| f.addressee.clone()).unwrap_or_default();
    }
    if collective(&ws) {
        return participants.to_vec();
    }
    // the entity the source names (set by the attribution layer: the last person in the
    // source, else the last body)
    let named = q.mention.filter(|&m| cx.mentions[m].how != How::Pronoun);
    // «Она твердо заявила», "he also said": a pronoun and adverbs
    if ws.len() > 1 && named.is_none() && ws[1..].iter().all(|w| adverb(w)) {
        if let Some(agrees) = third_person(first) {
            return cx.pronoun(src.start, agrees, earlier).unwrap_or_default();
        }
    }
    if ws.len() == 1 {
        // «хотя тот заявил»: a demonstrative points at the person named last, not the subject
        if let Some(agrees) = demonstrative(first) {
            if let Some(s) = cx.named_last(src.start, agrees) {
                return vec![s];
            }
        }
        if let Some(agrees) = third_person(first) {
            return cx.pronoun(src.start, agrees, earlier).unwrap_or_default();
        }
        // «мужчина рассказал»: a person noun refers back like a pronoun, else to no one named
        if let Some(agrees) = person_noun(first) {
            return cx
                .pronoun(src.start, Some(agrees), earlier)
                .unwrap_or_else(|| vec![Speaker::anonymous()]);
        }
    }
    // «Там заявили», «агентство сообщило», "the ministry said": the body named last
    if body_anaphor(&ws) {
        let noun = ws
            .last()
            .filter(|w| w.as_str() != "там")
            .map(String::as_str);
        if let Some(s) = cx.body_before(src.start, noun) {
            return vec![s];
        }
        return earlier
            .iter()
            .rev()
            .find(|(_, s)| s.iter().all(|x| x.kind == SpeakerKind::Organisation))
            .map(|(_, s)| s.clone())
            .unwrap_or_default();
    }
    // «— глава МИД Венгрии Сийярто»: the name closing a role phrase is a person, whatever the
    // tagger typed it
    if let Some(p) = role_then_name(cx, src, &ws) {
        return vec![p];
    }
    // a role of a state («Президент Украины», "the Russian Foreign Minister") is its holder,
    // not the state
    if named.is_some_and(|m| {
        cx.mentions[m].how == How::Role || cx.mentions[m].kind == EntityType::State
    }) {
        if let Some(s) = cx.role_holder(src) {
            return vec![s];
        }
    }
    // «СМИ сообщили»: a word for unnamed sources, whatever the entity layer made of it
    if named.is_some_and(|m| {
        let t = words_of(cx.text, cx.mentions[m].span);
        !t.is_empty() && t.iter().all(|w| unnamed(w))
    }) {
        return vec![Speaker::anonymous()];
    }
    // «Представители российского бизнеса», «китайские партнёры»: people a state's adjective
    // places, not the state; its side, authorities or officials speak for it
    if let Some(m) = named.filter(|&m| {
        cx.mentions[m].how == How::Adjective && cx.mentions[m].kind == EntityType::State
    }) {
        let adjective = words_of(cx.text, cx.mentions[m].span);
        let rest: Vec<&String> = ws
            .iter()
            .filter(|w| !adjective.contains(w) && !matches!(w.as_str(), "the" | "в" | "во"))
            .collect();
        if !rest.is_empty() && !rest.iter().any(|w| speaks_for_state(w)) {
            return vec![Speaker::anonymous()];
        }
    }
    if let Some(m) = named {
        // "a source in the ministry": an unnamed person of a body is not the body
        let unnamed_person = ws.iter().any(|w| unnamed(w))
            && cx.mentions[m].kind != EntityType::Person
            && matches!(
                first.as_str(),
                "source" | "sources" | "источник" | "источники" | "a" | "one"
            );
        if !unnamed_person {
            if let Some(s) = of_mention(cx, m) {
                return vec![s];
            }
        }
    }
    if ws.iter().any(|w| unnamed(w)) {
        return vec![Speaker::anonymous()];
    }
    // «Лондон обвинил», «по данным Лондона», «в Вашингтоне заявили»: a capital that is the
    // whole source speaks for its state
    if named.is_none() {
        if let Some(s) = capital_source(cx, src, &ws) {
            return vec![s];
        }
    }
    // «Глава СПЧ Валерий Фадеев … Глава СПЧ также заявил»: words the text put before a
    // person's name earlier are that person
    if let Some(s) = cx.introduced_by(src, &ws) {
        return vec![s];
    }
    if let Some(s) = cx.role_holder(src) {
        return vec![s];
    }
    // no mention: the name as the source writes it, the gender from the cue's agreement
    let female = q
        .cue
        .map(|c| cx.text[c.range()].to_lowercase())
        .and_then(|c| {
            if c.ends_with("ла") || c.ends_with("лась") {
                Some(true)
            } else if c.ends_with('л') || c.ends_with("лся") {
                Some(false)
            } else {
                None
            }
        });
    if named.is_none() {
        let signed = q.form == crate::quotes::Form::Trailing;
        if let Some(s) = cx.named_in_text(src, female, signed) {
            return vec![s];
        }
    }
    Vec::new()
}

/// The state whose capital is the whole source (after «в», "in").
fn capital_source(cx: &Context, src: Span, ws: &[String]) -> Option<Speaker> {
    let lo = cx.mentions.partition_point(|m| m.span.start < src.start);
    let m = cx
        .mentions
        .get(lo)
        .filter(|m| m.kind == EntityType::Place && m.kb.is_some() && m.span.end <= src.end)?;
    let own = words_of(cx.text, m.span);
    ws.iter()
        .filter(|w| !own.contains(w))
        .all(|w| matches!(w.as_str(), "в" | "во" | "in"))
        .then(|| of_mention(cx, lo))
        .flatten()
}

/// The person a source names by a role and then a capitalised name that the entity layer did
/// not take for a person («глава МИД Венгрии Сийярто», "Hungarian Foreign Minister Szijjarto").
fn role_then_name(cx: &Context, src: Span, ws: &[String]) -> Option<Speaker> {
    let lo = cx.mentions.partition_point(|m| m.span.start < src.start);
    let last = cx.mentions[lo..]
        .iter()
        .enumerate()
        .take_while(|(_, m)| m.span.start < src.end)
        .filter(|(_, m)| m.span.end <= src.end)
        .last()?;
    let (i, m) = (lo + last.0, last.1);
    if m.kind == EntityType::Person || m.kb.is_some() || m.span.end != src.end {
        return None;
    }
    let name = &cx.text[m.span.range()];
    // «глава СПЧ»: an acronym closing a role phrase is the body the role serves
    if name.contains(char::is_whitespace)
        || !name.starts_with(char::is_uppercase)
        || acronym_word(name)
    {
        return None;
    }
    let before = &ws[..ws.len().saturating_sub(1)];
    let role = role_phrases()
        .iter()
        .any(|p| before.iter().any(|w| w.starts_with(p.stems[0].as_str())));
    if !role {
        return None;
    }
    let mut s = Speaker::named(SpeakerKind::Person, name, Some(i));
    s.name = names::person_nominative_as(name, None);
    Some(s)
}

const ROLES_TSV: &str = include_str!("../data/roles.tsv");

/// A role phrase: its word stems, role code, implied state.
struct RolePhrase {
    stems: Vec<String>,
    role: String,
    state: Option<String>,
}

fn role_phrases() -> &'static [RolePhrase] {
    static P: std::sync::OnceLock<Vec<RolePhrase>> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let mut v: Vec<RolePhrase> = ROLES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                (c.len() >= 3).then(|| RolePhrase {
                    stems: c[0].split_whitespace().map(str::to_string).collect(),
                    role: c[1].to_string(),
                    state: (c[2] != "-").then(|| c[2].to_string()),
                })
            })
            .collect();
        v.sort_by_key(|p| std::cmp::Reverse(p.stems.len()));
        v
    })
}

/// Words a role source may hold besides the role and its state ("the", "of", «России»).
fn role_filler(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "of"
            | "a"
            | "his"
            | "her"
            | "its"
            | "s"
            | "рф"
            | "россии"
            | "российский"
            | "российского"
            | "страны"
            | "нынешний"
            | "current"
            | "country's"
            | "country"
    )
}

impl Context<'_> {
    /// The one person a role source ("Президент Украины", "the Russian Foreign Minister",
    /// «глава МИД») names as of the document date: the state is the one the phrase implies,
    /// else the one the source names, else the home state, else Russia for a Russian source;
    /// `None` when the source says more than a role (a name, "the Deputy Head of …") or the
    /// role has no single holder.
    fn role_holder(&self, src: Span) -> Option<Speaker> {
        let day = self.date?;
        let ws = words_of(self.text, src);
        let phrases = role_phrases();
        // the longest phrase whose stems begin words of the source in order
        let mut hit: Option<(&RolePhrase, Vec<usize>)> = None;
        for p in phrases {
            let mut at = Vec::new();
            let mut i = 0;
            for st in &p.stems {
                while i < ws.len() && !ws[i].starts_with(st.as_str()) {
                    i += 1;
                }
                if i == ws.len() {
                    break;
                }
                at.push(i);
                i += 1;
            }
            if at.len() == p.stems.len() {
                hit = Some((p, at));
                break;
            }
        }
        let (p, at) = hit?;
        // the state the source names
        let lo = self.mentions.partition_point(|m| m.span.start < src.start);
        let ms: Vec<&Mention> = self.mentions[lo..]
            .iter()
            .take_while(|m| m.span.start < src.end)
            .filter(|m| m.span.end <= src.end)
            .collect();
        let named_state = ms.iter().find_map(|m| {
            m.kb.filter(|_| m.kind == EntityType::State)
                .map(|k| self.kb.entities()[k as usize].id.clone())
        });
        // every other word is a filler or the state's
        let state_words: Vec<String> = ms
            .iter()
            .filter(|m| m.kind == EntityType::State)
            .flat_map(|m| words_of(self.text, m.span))
            .collect();
        let extra = ws
            .iter()
            .enumerate()
            .any(|(i, w)| !at.contains(&i) && !role_filler(w) && !state_words.contains(w));
        if extra
            || ms
                .iter()
                .any(|m| m.kind == EntityType::Person && m.how != How::Role)
        {
            return None;
        }
        let cyr = ws
            .iter()
            .any(|w| w.chars().any(|c| ('а'..='я').contains(&c)));
        let state = p
            .state
            .clone()
            .or(named_state)
            .or_else(|| self.home.clone())
            .or_else(|| cyr.then(|| "state:RUS".to_string()))?;
        let holders = self.kb.holders(&p.role, &state, day);
        let [one] = holders.as_slice() else {
            return None;
        };
        let k = self.kb.index_of(&one.id)? as u32;
        Some(Speaker::of_kb(self.kb, k, None))
    }

    /// The speaker a source names in its own words when the entity layer found no mention
    /// there: its last run of capitalised words, a body when it holds an acronym or an
    /// organisation word, else a person.
    fn named_in_text(&self, src: Span, female: Option<bool>, signed: bool) -> Option<Speaker> {
        let t = &self.text[src.range()];
        let toks: Vec<&str> = t
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.'))
            .filter(|w| !w.is_empty())
            .collect();
        let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let end = toks.iter().rposition(|w| cap(w))?;
        let mut start = end;
        while start > 0 && cap(toks[start - 1]) {
            start -= 1;
        }
        // a capitalised adjective that only opens the sentence ("Датский Saxo Bank")
        while start < end {
            let low = toks[start].to_lowercase();
            if [
                "ский", "ская", "ское", "ские", "цкий", "ный", "ная", "ий", "ой",
            ]
            .iter()
            .any(|e| low.ends_with(e))
                && toks[start + 1..=end].iter().any(|w| {
                    !w.chars()
                        .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)))
                })
            {
                start += 1;
            } else {
                break;
            }
        }
        let run = &toks[start..=end];
        // a name, not a capitalised common word opening the clause ("Hope", "This",
        // «Внук»): two or three words, or one that reads as a surname or a name written
        // inside the phrase
        let surname_like = |w: &str| {
            let l = w.to_lowercase();
            [
                "ов",
                "ев",
                "ёв",
                "ин",
                "ын",
                "ский",
                "цкий",
                "ова",
                "ева",
                "ина",
                "ына",
                "ская",
                "ой",
                "ого",
                "ому",
                "ым",
                "енко",
                "ук",
                "юк",
                "ич",
                "ян",
                "дзе",
                "швили",
            ]
            .iter()
            .any(|e| l.ends_with(e))
                && l.chars().count() > 4
        };
        let function_word = |w: &str| {
            matches!(
                w.to_lowercase().as_str(),
                "the"
                    | "a"
                    | "an"
                    | "this"
                    | "that"
                    | "these"
                    | "those"
                    | "it"
                    | "one"
                    | "hope"
                    | "support"
                    | "common"
                    | "everyone"
                    | "everybody"
                    | "there"
                    | "here"
                    | "our"
                    | "their"
                    | "his"
                    | "her"
                    | "its"
                    | "my"
                    | "your"
                    | "some"
                    | "many"
                    | "all"
                    | "most"
                    | "both"
                    | "each"
                    | "every"
                    | "no"
                    | "any"
                    | "another"
                    | "other"
            )
        };
        if run.iter().any(|w| function_word(w)) {
            return None;
        }
        // «…, — Axios»: a signature after a dash is capitalised because it is a name, and a
        // Latin-script name in Cyrillic text there is an outlet or body
        let latin_signature = signed
            && run.len() == 1
            && run[0]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && self.cyrillic_text();
        if latin_signature {
            return Some(Speaker::named(SpeakerKind::Organisation, run[0], None));
        }
        if run.len() == 1 && start == 0 && !surname_like(run[0]) && !acronym_word(run[0]) {
            return None;
        }
        let acronym = acronym_word;
        let body_word = |w: &str| {
            let l = w.to_lowercase();
            ["мин", "рос", "гос", "мвд", "мид", "фсб", "цб"]
                .iter()
                .any(|p| l.starts_with(p) && l.len() > 4 && !l.starts_with("ростислав"))
                || [
                    "bank",
                    "ministry",
                    "agency",
                    "service",
                    "committee",
                    "council",
                    "group",
                    "inc",
                    "ltd",
                    "corp",
                    "company",
                    "news",
                    "times",
                    "post",
                    "press",
                ]
                .contains(&l.as_str())
        };
        let kind = if run.iter().any(|w| acronym(w) || body_word(w)) {
            SpeakerKind::Organisation
        } else if run.len() <= 3 {
            SpeakerKind::Person
        } else {
            return None;
        };
        let name = run.join(" ");
        let mut s = Speaker::named(kind, &name, None);
        if kind == SpeakerKind::Person {
            s.name = names::person_nominative_as(&name, female);
        }
        Some(s)
    }
}
