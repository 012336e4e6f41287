//! The demarche knowledge base: states, organisations, persons and places, their names in
//! several scripts, and roles and memberships bounded in time.
//!
//! A KB is a set of JSON Lines files (one entity per line, `#` lines are comments). A later
//! file may name an id that an earlier one defined: its names, roles and memberships are
//! added to that entity, which is how curated files extend generated ones.
//!
//! ```
//! use demarche_kb::{Kb, Day};
//! let file = concat!(
//!     r#"{"id":"state:XXX","type":"state","name":"Exampleland"}"#, "\n",
//!     r#"{"id":"person:x","type":"person","name":"Ann Example","roles":[{"role":"foreign-minister","of":"state:XXX","from":"2010-01-01","to":"2014-12-31"}]}"#,
//! );
//! let kb = Kb::from_sources(&[("t.jsonl", file)]).unwrap();
//! let who = kb.holders("foreign-minister", "state:XXX", Day::parse("2012-05-01").unwrap());
//! assert_eq!(who[0].name, "Ann Example");
//! assert!(kb.holders("foreign-minister", "state:XXX", Day::parse("2016-05-01").unwrap()).is_empty());
//! ```
#![deny(missing_docs)]

pub mod convert;
mod matcher;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use matcher::{Hit, HitKind, Matcher};

/// A calendar day as `yyyymmdd`, comparable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub u32);

impl Day {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first day of the period.
    pub fn parse(s: &str) -> Option<Day> {
        Day::parse_bound(s, false)
    }

    /// Parses a date as the first (`end == false`) or last day of the period it names.
    pub fn parse_bound(s: &str, end: bool) -> Option<Day> {
        let mut it = s.trim().split('-');
        let y: u32 = it.next()?.parse().ok()?;
        let m: Option<u32> = match it.next() {
            Some(m) => Some(m.parse().ok()?),
            None => None,
        };
        let d: Option<u32> = match it.next() {
            Some(d) => Some(d.parse().ok()?),
            None => None,
        };
        if it.next().is_some() || !(1..=9999).contains(&y) {
            return None;
        }
        if m.is_some_and(|m| !(1..=12).contains(&m)) || d.is_some_and(|d| !(1..=31).contains(&d)) {
            return None;
        }
        let (m, d) = match (m, d, end) {
            (None, _, false) => (1, 1),
            (None, _, true) => (12, 31),
            (Some(m), None, false) => (m, 1),
            (Some(m), None, true) => (m, 31),
            (Some(m), Some(d), _) => (m, d),
        };
        Some(Day(y * 10000 + m * 100 + d))
    }

    /// The year.
    pub fn year(&self) -> u32 {
        self.0 / 10000
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0 / 10000,
            self.0 / 100 % 100,
            self.0 % 100
        )
    }
}

/// What an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A sovereign state or territory.
    State,
    /// An international or national organisation, ministry, party, media outlet.
    Organisation,
    /// A person.
    Person,
    /// A city, region or other place.
    Place,
}

impl EntityType {
    /// The type's name.
    pub fn name(&self) -> &'static str {
        match self {
            EntityType::State => "state",
            EntityType::Organisation => "organisation",
            EntityType::Person => "person",
            EntityType::Place => "place",
        }
    }
}

/// A name or alias, optionally limited to a language and a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Name {
    /// Just the text.
    Plain(String),
    /// The text with its language and validity.
    Full {
        /// The name.
        text: String,
        /// ISO 639-1 language, if specific.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
        /// First day it was in use.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        /// Last day it was in use.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
    },
}

impl Name {
    /// The name's text.
    pub fn text(&self) -> &str {
        match self {
            Name::Plain(t) => t,
            Name::Full { text, .. } => text,
        }
    }

    /// Is the name in use on `day`?
    pub fn valid_on(&self, day: Option<Day>) -> bool {
        match (self, day) {
            (Name::Full { from, to, .. }, Some(day)) => within(from.as_deref(), to.as_deref(), day),
            _ => true,
        }
    }
}

/// Is `day` within the period from `from` (its first day) to `to` (its last day)? Open or
/// unreadable bounds hold.
fn within(from: Option<&str>, to: Option<&str>, day: Day) -> bool {
    from.and_then(Day::parse).is_none_or(|f| f <= day)
        && to
            .and_then(|t| Day::parse_bound(t, true))
            .is_none_or(|t| day <= t)
}

/// Is a role's source one of the generated lists (Phoenix, the World Factbook)?
fn is_generated_source(s: &str) -> bool {
    s.starts_with("phoenix") || s.contains("Factbook")
}

/// A role held for a period: `foreign-minister` of `state:RUS` from 2004-03-09.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// Role code (the vocabulary is listed in `kb/README.md`): `head-of-state`,
    /// `head-of-government`, `foreign-minister`, `press-secretary`, `defence-minister`... or a
    /// source code such as `government` or `elite`.
    pub role: String,
    /// The entity the role is held in (a state or organisation id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// The title as written (`President`, `Minister of Foreign Affairs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the role is exercised, when that is not `of`: the host state or organisation of
    /// an ambassador or permanent representative (`state:USA`, `org:UN`), the region of a
    /// governor (`place:belgorod-oblast`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// First day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Where the fact comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Role {
    /// Is the role held on `day`? Open bounds hold.
    pub fn active_on(&self, day: Day) -> bool {
        within(self.from.as_deref(), self.to.as_deref(), day)
    }
}

/// Membership of a state in an organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// Organisation id.
    pub of: String,
    /// First day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `member`, `observer`, `partner`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// One entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Stable id: `state:RUS`, `org:CSTO`, `person:sergey-lavrov`, `place:astana`.
    pub id: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Finer kind: `ministry`, `media`, `igo`, `city`, `party`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// Display name.
    pub name: String,
    /// Full names and aliases, matched in text (case-insensitive, first letter a capital).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<Name>,
    /// Acronyms, matched exactly as written (`UN`, `CSTO`, `ОДКБ`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acronyms: Vec<Name>,
    /// Adjectives and demonyms pointing at the entity (`Russian`, `российск*`); a final `*`
    /// allows any word ending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjectives: Vec<Name>,
    /// Short forms (surnames) linked only when the document already named the entity in full
    /// or the entity holds a leading role on the document's date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub short: Vec<Name>,
    /// Grammatical gender of a person (`f`, `m`), for pronouns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Roles over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Memberships over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Membership>,
    /// Internet country-code domains of a state (`.ru`), to place outlets by their domain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tld: Vec<String>,
    /// The state a place, ministry or outlet belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Existence: founded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Existence: dissolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Where the entity's facts come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When true, this line extends an entity defined in an earlier file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub extends: bool,
}

impl Entity {
    /// Roles held on `day`.
    pub fn roles_on(&self, day: Day) -> impl Iterator<Item = &Role> {
        self.roles.iter().filter(move |r| r.active_on(day))
    }

    /// Every name, acronym, adjective and short form.
    pub fn all_names(&self) -> impl Iterator<Item = &Name> {
        self.names
            .iter()
            .chain(&self.acronyms)
            .chain(&self.adjectives)
            .chain(&self.short)
    }

    fn merge(&mut self, other: Entity) {
        if other.extends && other.name != self.id {
            self.name = other.name.clone();
        }
        // curated roles replace the roles a generated source gave (Phoenix's stop about
        // 2015; "government" from 2008 with no end is stale)
        if other
            .roles
            .iter()
            .any(|r| !r.source.as_deref().is_some_and(is_generated_source))
        {
            self.roles
                .retain(|r| !r.source.as_deref().is_some_and(is_generated_source));
        }
        for (mine, theirs) in [
            (&mut self.names, other.names),
            (&mut self.acronyms, other.acronyms),
            (&mut self.adjectives, other.adjectives),
            (&mut self.short, other.short),
        ] {
            for n in theirs {
                // A dated name replaces the same name without dates.
                if matches!(n, Name::Full { ref from, ref to, .. } if from.is_some() || to.is_some())
                {
                    mine.retain(|m| !(matches!(m, Name::Plain(_)) && m.text() == n.text()));
                }
                if !mine.contains(&n) {
                    mine.push(n);
                }
            }
        }
        for t in other.tld {
            if !self.tld.contains(&t) {
                self.tld.push(t);
            }
        }
        self.roles.extend(other.roles);
        for m in other.members {
            // A dated membership replaces the same membership without dates.
            self.members
                .retain(|x| !(x.of == m.of && x.from.is_none() && x.to.is_none()));
            self.members.push(m);
        }
        self.gender = other.gender.or(self.gender.take());
        self.country = other.country.or(self.country.take());
        self.subtype = other.subtype.or(self.subtype.take());
        self.from = other.from.or(self.from.take());
        self.to = other.to.or(self.to.take());
        if let Some(s) = other.source {
            self.source = Some(match self.source.take() {
                Some(old) if old != s => format!("{old}; {s}"),
                _ => s,
            });
        }
    }
}

/// An error in a KB file, with its file and line.
#[derive(Debug, Clone, PartialEq)]
pub struct KbError {
    /// File name.
    pub file: String,
    /// Line number (1-based), 0 when the error concerns the whole KB.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for KbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for KbError {}

/// The built-in KB files, compiled into the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "kb/generated/states.jsonl",
        include_str!("../../../kb/generated/states.jsonl"),
    ),
    (
        "kb/generated/places.jsonl",
        include_str!("../../../kb/generated/places.jsonl"),
    ),
    (
        "kb/generated/organisations.jsonl",
        include_str!("../../../kb/generated/organisations.jsonl"),
    ),
    (
        "kb/generated/persons.jsonl",
        include_str!("../../../kb/generated/persons.jsonl"),
    ),
    (
        "kb/curated/states.jsonl",
        include_str!("../../../kb/curated/states.jsonl"),
    ),
    (
        "kb/curated/organisations.jsonl",
        include_str!("../../../kb/curated/organisations.jsonl"),
    ),
    (
        "kb/curated/organisations-rus.jsonl",
        include_str!("../../../kb/curated/organisations-rus.jsonl"),
    ),
    (
        "kb/curated/officials.jsonl",
        include_str!("../../../kb/curated/officials.jsonl"),
    ),
    (
        "kb/curated/officials-rus.jsonl",
        include_str!("../../../kb/curated/officials-rus.jsonl"),
    ),
    (
        "kb/curated/organisations-ukr-blr-kaz.jsonl",
        include_str!("../../../kb/curated/organisations-ukr-blr-kaz.jsonl"),
    ),
    (
        "kb/curated/officials-ukr.jsonl",
        include_str!("../../../kb/curated/officials-ukr.jsonl"),
    ),
    (
        "kb/curated/officials-blr.jsonl",
        include_str!("../../../kb/curated/officials-blr.jsonl"),
    ),
    (
        "kb/curated/officials-kaz.jsonl",
        include_str!("../../../kb/curated/officials-kaz.jsonl"),
    ),
    (
        "kb/curated/places.jsonl",
        include_str!("../../../kb/curated/places.jsonl"),
    ),
];

/// A loaded knowledge base.
#[derive(Debug, Default)]
pub struct Kb {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    /// lowercase name → entity indexes
    by_name: HashMap<String, Vec<usize>>,
    /// (role, of) → entity indexes
    by_role: HashMap<(String, String), Vec<usize>>,
}

impl Kb {
    /// The built-in KB.
    pub fn builtin() -> Kb {
        Kb::from_sources(BUILTIN).expect("built-in KB files are valid (checked by tests)")
    }

    /// The built-in KB plus user files (each a `.jsonl` file or a folder of them).
    pub fn builtin_with(paths: &[impl AsRef<Path>]) -> Result<Kb, Vec<KbError>> {
        let mut owned: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        owned.extend(read_files(paths)?);
        let refs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        Kb::from_sources(&refs)
    }

    /// Builds a KB from `(file name, contents)` pairs, in order; every error is reported.
    pub fn from_sources(files: &[(&str, &str)]) -> Result<Kb, Vec<KbError>> {
        let mut kb = Kb::default();
        let mut errors = Vec::new();
        let mut origin: HashMap<String, (String, usize)> = HashMap::new();
        for (file, text) in files {
            for (n, line) in text.lines().enumerate() {
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                let err = |message: String| KbError {
                    file: file.to_string(),
                    line: n + 1,
                    message,
                };
                let e: Entity = match serde_json::from_str(t) {
                    Ok(e) => e,
                    Err(e) => {
                        errors.push(err(format!("not a valid entity: {e}")));
                        continue;
                    }
                };
                if let Err(m) = validate(&e) {
                    errors.push(err(m));
                    continue;
                }
                match kb.by_id.get(&e.id) {
                    Some(&i) if e.extends || kb.entities[i].kind == e.kind => {
                        if !e.extends {
                            if let Some((f, l)) = origin.get(&e.id) {
                                if f == file {
                                    errors.push(err(format!(
                                        "duplicate id {} (first defined on line {l})",
                                        e.id
                                    )));
                                    continue;
                                }
                            }
                        }
                        if kb.entities[i].kind != e.kind {
                            errors.push(err(format!(
                                "{} is a {} elsewhere, not a {}",
                                e.id,
                                kb.entities[i].kind.name(),
                                e.kind.name()
                            )));
                            continue;
                        }
                        kb.entities[i].merge(e);
                    }
                    Some(&i) => errors.push(err(format!(
                        "{} is a {} elsewhere, not a {}",
                        e.id,
                        kb.entities[i].kind.name(),
                        e.kind.name()
                    ))),
                    None if e.extends => {
                        errors.push(err(format!("extends unknown id {}", e.id)));
                    }
                    None => {
                        origin.insert(e.id.clone(), (file.to_string(), n + 1));
                        kb.by_id.insert(e.id.clone(), kb.entities.len());
                        kb.entities.push(e);
                    }
                }
            }
        }
        // References must resolve.
        for e in &kb.entities {
            let refs = e
                .roles
                .iter()
                .filter_map(|r| r.of.as_deref())
                .chain(e.members.iter().map(|m| m.of.as_str()))
                .chain(e.country.as_deref());
            for r in refs {
                if !kb.by_id.contains_key(r) {
                    let (file, line) = origin.get(&e.id).cloned().unwrap_or_default();
                    errors.push(KbError {
                        file,
                        line,
                        message: format!("{} refers to unknown id {r}", e.id),
                    });
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        kb.merge_duplicates();
        kb.index();
        Ok(kb)
    }

    /// A person known only from the generated World Factbook list who is also a curated
    /// person (the same name) is that person: the generated entry goes, its names join the
    /// curated one, and its id still finds it.
    fn merge_duplicates(&mut self) {
        let generated_only = |e: &Entity| {
            e.kind == EntityType::Person
                && !e.roles.is_empty()
                && e.roles
                    .iter()
                    .all(|r| r.source.as_deref().is_some_and(is_generated_source))
        };
        let curated = |e: &Entity| {
            e.kind == EntityType::Person
                && e.roles
                    .iter()
                    .any(|r| !r.source.as_deref().is_some_and(is_generated_source))
        };
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for (i, e) in self.entities.iter().enumerate() {
            if curated(e) {
                for n in e
                    .names
                    .iter()
                    .map(Name::text)
                    .chain(std::iter::once(e.name.as_str()))
                {
                    by_name.entry(fold(n)).or_insert(i);
                }
            }
        }
        let mut target: Vec<Option<usize>> = vec![None; self.entities.len()];
        for (i, e) in self.entities.iter().enumerate() {
            if !generated_only(e)
                || !e
                    .roles
                    .iter()
                    .any(|r| r.source.as_deref().is_some_and(|s| s.contains("Factbook")))
            {
                continue;
            }
            target[i] = e
                .names
                .iter()
                .map(Name::text)
                .chain(std::iter::once(e.name.as_str()))
                .find_map(|n| by_name.get(&fold(n)).copied())
                .filter(|&t| t != i);
        }
        if target.iter().all(Option::is_none) {
            return;
        }
        for (i, t) in target.iter().enumerate() {
            if let Some(t) = *t {
                let dup = std::mem::take(&mut self.entities[i].names);
                let short = std::mem::take(&mut self.entities[i].short);
                let e = &mut self.entities[t];
                for n in dup {
                    if !e.names.contains(&n) {
                        e.names.push(n);
                    }
                }
                for n in short {
                    if !e.short.contains(&n) {
                        e.short.push(n);
                    }
                }
            }
        }
        // renumber: every kept entity keeps its order; a merged id points at its person
        let mut new_index = vec![0usize; self.entities.len()];
        let mut n = 0;
        for (slot, t) in new_index.iter_mut().zip(&target) {
            if t.is_none() {
                *slot = n;
                n += 1;
            }
        }
        let old_ids: Vec<(String, usize)> = self
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (
                    e.id.clone(),
                    target[i].map_or(new_index[i], |t| new_index[t]),
                )
            })
            .collect();
        let mut i = 0;
        self.entities.retain(|_| {
            let keep = target[i].is_none();
            i += 1;
            keep
        });
        self.by_id = old_ids.into_iter().collect();
    }

    fn index(&mut self) {
        for (i, e) in self.entities.iter().enumerate() {
            let mut keys: Vec<String> = e.all_names().map(|n| fold(n.text())).collect();
            keys.push(fold(&e.name));
            keys.push(fold(&e.id));
            keys.sort();
            keys.dedup();
            for k in keys {
                self.by_name.entry(k).or_default().push(i);
            }
            for r in &e.roles {
                if let Some(of) = &r.of {
                    let v = self
                        .by_role
                        .entry((r.role.clone(), of.clone()))
                        .or_default();
                    if v.last() != Some(&i) {
                        v.push(i);
                    }
                }
            }
        }
    }

    /// All entities.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// Index of the entity with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Entities with this name, alias, acronym or id (case-insensitive), those with a role on
    /// `day` first.
    pub fn lookup(&self, name: &str, day: Option<Day>) -> Vec<&Entity> {
        let mut v: Vec<&Entity> = self
            .by_name
            .get(&fold(name))
            .map(|ix| ix.iter().map(|&i| &self.entities[i]).collect())
            .unwrap_or_default();
        if let Some(day) = day {
            v.sort_by_key(|e| std::cmp::Reverse(e.roles_on(day).count()));
        }
        v
    }

    /// Who held `role` in `of` on `day`.
    pub fn holders(&self, role: &str, of: &str, day: Day) -> Vec<&Entity> {
        self.by_role
            .get(&(role.to_string(), of.to_string()))
            .map(|ix| {
                ix.iter()
                    .map(|&i| &self.entities[i])
                    .filter(|e| {
                        e.roles.iter().any(|r| {
                            r.role == role && r.of.as_deref() == Some(of) && r.active_on(day)
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Compiles the text matcher over every name.
    pub fn matcher(&self) -> Matcher {
        Matcher::build(self)
    }
}

/// Case-folds a name for lookup: lowercase, `ё` as `е`, runs of spaces as one.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            match c {
                'ё' | 'Ё' => out.push('е'),
                '’' => out.push('\''),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

fn validate(e: &Entity) -> Result<(), String> {
    let prefix = match e.kind {
        EntityType::State => "state:",
        EntityType::Organisation => "org:",
        EntityType::Person => "person:",
        EntityType::Place => "place:",
    };
    if !e.id.starts_with(prefix) || e.id.len() == prefix.len() {
        return Err(format!(
            "id {:?} of a {} must start with {prefix:?}",
            e.id,
            e.kind.name()
        ));
    }
    if e.name.trim().is_empty() {
        return Err(format!("{}: empty name", e.id));
    }
    let check = |what: &str, s: &Option<String>, end: bool| -> Result<(), String> {
        match s {
            Some(d) if Day::parse_bound(d, end).is_none() => Err(format!(
                "{}: {what} {d:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                e.id
            )),
            _ => Ok(()),
        }
    };
    check("from", &e.from, false)?;
    check("to", &e.to, true)?;
    for r in &e.roles {
        check("role from", &r.from, false)?;
        check("role to", &r.to, true)?;
        if let (Some(f), Some(t)) = (
            r.from.as_deref().and_then(Day::parse),
            r.to.as_deref().and_then(|t| Day::parse_bound(t, true)),
        ) {
            if t < f {
                return Err(format!(
                    "{}: role {} ends ({t}) before it starts ({f})",
                    e.id, r.role
                ));
            }
        }
        if r.role.trim().is_empty() {
            return Err(format!("{}: empty role", e.id));
        }
    }
    for m in &e.members {
        check("membership from", &m.from, false)?;
        check("membership to", &m.to, true)?;
    }
    for n in e.all_names() {
        if n.text().trim().is_empty() {
            return Err(format!("{}: empty name", e.id));
        }
        if let Name::Full { from, to, .. } = n {
            check("name from", from, false)?;
            check("name to", to, true)?;
        }
    }
    if let Some(g) = &e.gender {
        if g != "f" && g != "m" {
            return Err(format!(
                "{}: gender must be \"f\" or \"m\", not {g:?}",
                e.id
            ));
        }
    }
    Ok(())
}

/// Reads user KB files: `.jsonl` files, or folders of them (sorted by name).
pub fn read_files(paths: &[impl AsRef<Path>]) -> Result<Vec<(String, String)>, Vec<KbError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let p = p.as_ref();
        let mut files = Vec::new();
        if p.is_dir() {
            match std::fs::read_dir(p) {
                Ok(rd) => {
                    let mut v: Vec<_> = rd
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|f| f.extension().is_some_and(|x| x == "jsonl"))
                        .collect();
                    v.sort();
                    files.extend(v);
                }
                Err(e) => errors.push(KbError {
                    file: p.display().to_string(),
                    line: 0,
                    message: format!("cannot read folder: {e}"),
                }),
            }
        } else {
            files.push(p.to_path_buf());
        }
        for f in files {
            match std::fs::read_to_string(&f) {
                Ok(t) => out.push((f.display().to_string(), t)),
                Err(e) => errors.push(KbError {
                    file: f.display().to_string(),
                    line: 0,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
