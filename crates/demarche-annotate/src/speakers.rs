//! Who an attribution's speaker is: a KB entity, a person or body the KB does not know (by
//! the fullest name the document gives it), an explicitly unnamed source ("источник",
//! "Hope was expressed"), or several of them for a joint statement.
//!
//! A speaker is never a verb, an adverb or a clause fragment: an attribution whose source
//! cannot be resolved to one of these keeps its source span and has no speaker, rather than a
//! wrong one.

use demarche_kb::{EntityType, Kb};
use serde_json::{json, Value};

use crate::entities::{How, Mention};
use crate::names;

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

/// The speaker named by entity mention `i`: its KB entity or one of its cluster's, else the
/// fullest name in its cluster; `None` for a place, or a pronoun or role whose cluster names
/// no one.
pub fn of_mention(kb: &Kb, text: &str, mentions: &[Mention], i: usize) -> Option<Speaker> {
    let m = mentions.get(i)?;
    let linked = m.kb.or_else(|| {
        mentions
            .iter()
            .filter(|o| o.cluster == m.cluster)
            .find_map(|o| o.kb)
    });
    if let Some(k) = linked {
        return Some(Speaker::of_kb(kb, k, Some(i)));
    }
    let kind = match m.kind {
        EntityType::Person => SpeakerKind::Person,
        EntityType::Organisation | EntityType::State => SpeakerKind::Organisation,
        EntityType::Place => return None,
    };
    let fullest = mentions
        .iter()
        .filter(|o| o.cluster == m.cluster)
        .filter(|o| {
            matches!(
                o.how,
                How::Name | How::Pattern | How::Acronym | How::Surname
            )
        })
        .max_by_key(|o| {
            (
                text[o.span.range()].split_whitespace().count(),
                o.span.len(),
            )
        })?;
    Some(Speaker::named(kind, &text[fullest.span.range()], Some(i)))
}
