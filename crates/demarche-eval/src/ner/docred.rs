//! Re-DocRED: Wikipedia articles as tokenised sentences with entity mentions.

use std::collections::HashSet;
use std::sync::OnceLock;

use demarche_kb::EntityType;
use serde::Deserialize;

use super::{join_tokens, outermost, Entity, Format, NerDoc, NerKind};

#[derive(Deserialize)]
struct Doc {
    title: String,
    sents: Vec<Vec<String>>,
    #[serde(rename = "vertexSet")]
    vertex_set: Vec<Vec<Mention>>,
}

#[derive(Deserialize)]
struct Mention {
    pos: [usize; 2],
    sent_id: usize,
    #[serde(rename = "type")]
    kind: String,
}

/// The nationality adjectives of the built-in KB's states and places ("German", "American").
fn demonyms() -> &'static HashSet<String> {
    static D: OnceLock<HashSet<String>> = OnceLock::new();
    D.get_or_init(|| {
        let kb = demarche_kb::Kb::builtin();
        kb.entities()
            .iter()
            .filter(|e| matches!(e.kind, EntityType::State | EntityType::Place))
            .flat_map(|e| e.adjectives.iter().map(|a| a.text().to_string()))
            .filter(|a| !a.ends_with('*') && !a.contains(' '))
            .collect()
    })
}

/// The documents of one Re-DocRED file. Re-DocRED tags nationality adjectives LOC
/// ("German", "American"); the other English sets do not (CoNLL's MISC, OntoNotes' NORP),
/// so a one-token LOC mention that is a nationality adjective of the KB is left out.
pub(crate) fn parse(json: &str, rel: &str) -> Result<Vec<NerDoc>, String> {
    let docs: Vec<Doc> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(docs.len());
    for d in docs {
        let (text, spans) = join_tokens(&d.sents);
        let mut gold = Vec::new();
        for m in d.vertex_set.iter().flatten() {
            let kind = match m.kind.as_str() {
                "PER" => NerKind::Per,
                "ORG" => NerKind::Org,
                "LOC" => NerKind::Loc,
                _ => continue,
            };
            let Some(s) = spans.get(m.sent_id) else {
                return Err(format!(
                    "{}: mention in sentence {} of {}",
                    d.title,
                    m.sent_id,
                    spans.len()
                ));
            };
            let [a, b] = m.pos;
            if a >= b || b > s.len() {
                return Err(format!(
                    "{}: mention at tokens {a}..{b} of {}",
                    d.title,
                    s.len()
                ));
            }
            if kind == NerKind::Loc && b == a + 1 && demonyms().contains(&d.sents[m.sent_id][a]) {
                continue;
            }
            gold.push(Entity {
                start: s[a].0,
                end: s[b - 1].1,
                kind,
            });
        }
        out.push(NerDoc {
            id: format!("{rel}#{}", d.title),
            format: Format::DocRed,
            text,
            gold: outermost(gold),
            tokens: None,
            nested: Vec::new(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_become_spans() {
        let j = r#"[{"title": "Kim Lee", "sents": [["Kim", "Lee", "was", "born", "in", "Lakeport", "."], ["Lee", "joined", "Acme", "in", "1990", "."]],
            "vertexSet": [[{"pos": [0, 2], "sent_id": 0, "type": "PER", "name": "Kim Lee"}, {"pos": [0, 1], "sent_id": 1, "type": "PER"}],
                          [{"pos": [5, 6], "sent_id": 0, "type": "LOC"}], [{"pos": [2, 3], "sent_id": 1, "type": "ORG"}],
                          [{"pos": [4, 5], "sent_id": 1, "type": "TIME"}]], "labels": []},
            {"title": "Two", "sents": [["A", "German", "band", "in", "Germany"]],
             "vertexSet": [[{"pos": [1, 2], "sent_id": 0, "type": "LOC"}], [{"pos": [4, 5], "sent_id": 0, "type": "LOC"}]]}]"#;
        let d = parse(j, "dev.json").unwrap();
        assert_eq!(d[0].id, "dev.json#Kim Lee");
        let got: Vec<(&str, NerKind)> = d[0]
            .gold
            .iter()
            .map(|e| (&d[0].text[e.start..e.end], e.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Kim Lee", NerKind::Per),
                ("Lakeport", NerKind::Loc),
                ("Lee", NerKind::Per),
                ("Acme", NerKind::Org)
            ]
        );
        // the adjective is not a location; the state is
        assert_eq!(d[1].gold.len(), 1);
        assert_eq!(&d[1].text[d[1].gold[0].start..d[1].gold[0].end], "Germany");
        assert!(parse(r#"[{"title": "x", "sents": [["a"]], "vertexSet": [[{"pos": [0, 3], "sent_id": 0, "type": "PER"}]]}]"#, "x").is_err());
    }
}
