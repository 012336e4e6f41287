//! Token-per-line sets: CoNLL two-column IOB (BTC, Wikigold) and Universal NER `.iob2`.
//! In CoNLL files a lone `@` is joined to the next token (see [`join_mentions`]).

use super::{join_tokens, Entity, Format, NerDoc, NerKind};

/// The kind named by a tag's type (`PER`, `PERSON`, `ORG`, `LOC`, `GPE`...), if scored.
fn kind(t: &str) -> Option<NerKind> {
    match t {
        "PER" | "PERSON" => Some(NerKind::Per),
        "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(NerKind::Org),
        "LOC" | "GPE" | "LOCATION" => Some(NerKind::Loc),
        _ => None,
    }
}

/// One sentence: tokens and tags.
type Sentence = Vec<(String, String)>;

/// Joins a lone `@` to the token after it, as the tweet wrote it: the BTC conversion split
/// every `@name` mention into `@` and `name`, each tagged `B-` (two entities where the tweet
/// has one). The joined token takes the name's tag.
fn join_mentions(s: &mut Sentence) {
    let mut out: Sentence = Vec::with_capacity(s.len());
    let mut it = std::mem::take(s).into_iter().peekable();
    while let Some((w, t)) = it.next() {
        if w == "@" {
            if let Some((n, nt)) = it.next() {
                out.push((format!("@{n}"), nt));
                continue;
            }
        }
        out.push((w, t));
    }
    *s = out;
}

/// Entities of tagged sentences over the text built from them. `B-` opens an entity, `I-`
/// continues one of its type or opens one (IOB1 and IO tags read the same way).
fn document(id: String, format: Format, sentences: &[Sentence]) -> NerDoc {
    let toks: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.iter().map(|(w, _)| w.clone()).collect())
        .collect();
    let (text, spans) = join_tokens(&toks);
    let mut gold = Vec::new();
    for (s, sp) in sentences.iter().zip(&spans) {
        let mut open: Option<(usize, usize, NerKind)> = None;
        for ((_, tag), &(a, b)) in s.iter().zip(sp) {
            let (prefix, t) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
            let k = if prefix == "O" { None } else { kind(t) };
            match (open, k) {
                (Some((os, _, ok)), Some(k)) if prefix != "B" && ok == k => {
                    open = Some((os, b, k));
                }
                (_, k) => {
                    if let Some((os, oe, ok)) = open.take() {
                        gold.push(Entity {
                            start: os,
                            end: oe,
                            kind: ok,
                        });
                    }
                    open = k.map(|k| (a, b, k));
                }
            }
        }
        if let Some((os, oe, ok)) = open {
            gold.push(Entity {
                start: os,
                end: oe,
                kind: ok,
            });
        }
    }
    NerDoc {
        id,
        format,
        text,
        gold,
        tokens: None,
        nested: Vec::new(),
    }
}

/// CoNLL two-column IOB: `token TAG` (space or tab), blank lines between sentences;
/// `-DOCSTART-` lines between documents, or, without them, each blank-line block a document.
pub(crate) fn parse_conll(text: &str, rel: &str) -> Vec<NerDoc> {
    let has_docstart = text.lines().any(|l| l.starts_with("-DOCSTART-"));
    let mut docs: Vec<Vec<Sentence>> = vec![Vec::new()];
    let mut cur: Sentence = Vec::new();
    for line in text.lines() {
        let l = line.trim_end();
        if l.starts_with("-DOCSTART-") || l.is_empty() {
            if !cur.is_empty() {
                if let Some(d) = docs.last_mut() {
                    d.push(std::mem::take(&mut cur));
                }
                if !has_docstart {
                    docs.push(Vec::new());
                }
            }
            if l.starts_with("-DOCSTART-") && docs.last().is_some_and(|d| !d.is_empty()) {
                docs.push(Vec::new());
            }
            continue;
        }
        let mut f = l.split_whitespace();
        let (Some(tok), Some(tag)) = (f.next(), f.next_back()) else {
            continue;
        };
        cur.push((tok.to_string(), tag.to_string()));
    }
    if let (false, Some(d)) = (cur.is_empty(), docs.last_mut()) {
        d.push(cur);
    }
    for s in docs.iter_mut().flatten() {
        join_mentions(s);
    }
    docs.into_iter()
        .filter(|d| !d.is_empty())
        .enumerate()
        .map(|(i, d)| document(format!("{rel}#{}", i + 1), Format::Conll, &d))
        .collect()
}

/// Universal NER `.iob2`: `# newdoc id = X` starts a document, `#` lines are comments,
/// token lines are `id<TAB>token<TAB>tag…`, blank lines end sentences.
pub(crate) fn parse_iob2(text: &str, rel: &str) -> Vec<NerDoc> {
    let mut docs: Vec<(String, Vec<Sentence>)> = Vec::new();
    let mut cur: Sentence = Vec::new();
    let mut sent_id = String::new();
    let has_newdoc = text.lines().any(|l| l.starts_with("# newdoc"));
    let flush = |cur: &mut Sentence, docs: &mut Vec<(String, Vec<Sentence>)>, sid: &str| {
        if cur.is_empty() {
            return;
        }
        if !has_newdoc || docs.is_empty() {
            docs.push((sid.to_string(), Vec::new()));
        }
        if let Some(d) = docs.last_mut() {
            d.1.push(std::mem::take(cur));
        }
    };
    for line in text.lines() {
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(id) = c.strip_prefix("newdoc id =") {
                flush(&mut cur, &mut docs, &sent_id);
                docs.push((id.trim().to_string(), Vec::new()));
            } else if let Some(id) = c.strip_prefix("sent_id =") {
                sent_id = id.trim().to_string();
            }
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut cur, &mut docs, &sent_id);
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 || f[0].contains(['-', '.']) {
            continue;
        }
        cur.push((f[1].to_string(), f[2].to_string()));
    }
    flush(&mut cur, &mut docs, &sent_id);
    docs.into_iter()
        .filter(|d| !d.1.is_empty())
        .enumerate()
        .map(|(i, (id, s))| {
            let id = if id.is_empty() {
                (i + 1).to_string()
            } else {
                id
            };
            document(format!("{rel}#{id}"), Format::Iob2, &s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ents(d: &NerDoc) -> Vec<(&str, NerKind)> {
        d.gold
            .iter()
            .map(|e| (&d.text[e.start..e.end], e.kind))
            .collect()
    }

    #[test]
    fn conll_blocks_are_documents() {
        let t = "Anna\tB-PER\nSomova\tI-PER\nvisited\tO\nLakeport\tB-LOC\n\nThe\tO\nMoon\tB-MISC\nCorp\tB-ORG\nBoard\tB-ORG\n";
        let d = parse_conll(t, "x.conll");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].id, "x.conll#1");
        assert_eq!(d[0].text, "Anna Somova visited Lakeport");
        assert_eq!(
            ents(&d[0]),
            vec![("Anna Somova", NerKind::Per), ("Lakeport", NerKind::Loc)]
        );
        // B- after B- of the same type is a new entity; MISC is not scored
        assert_eq!(
            ents(&d[1]),
            vec![("Corp", NerKind::Org), ("Board", NerKind::Org)]
        );
        // a split mention is one token again
        let d = parse_conll(
            "@\tB-PER\nkim_lee\tB-PER\nhi\tO\n@\tO\nacme\tB-ORG\n",
            "t.conll",
        );
        assert_eq!(d[0].text, "@kim_lee hi @acme");
        assert_eq!(
            ents(&d[0]),
            vec![("@kim_lee", NerKind::Per), ("@acme", NerKind::Org)]
        );
    }

    #[test]
    fn conll_docstart_and_io_tags() {
        let t = "-DOCSTART- O\n\nThe I-ORG\nLakeport I-ORG\nTimes I-ORG\nsaid O\n\nIt O\nrained O\n-DOCSTART- O\n\nKim I-PER\nLee I-PER\n";
        let d = parse_conll(t, "w.conll.txt");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].text, "The Lakeport Times said\nIt rained");
        assert_eq!(ents(&d[0]), vec![("The Lakeport Times", NerKind::Org)]);
        assert_eq!(ents(&d[1]), vec![("Kim Lee", NerKind::Per)]);
    }

    #[test]
    fn iob2_documents() {
        let t = "# newdoc id = a1\n# sent_id = a1-1\n# text = Kim left.\n1\tKim\tB-PER\t-\t-\n2\tleft\tO\t-\t-\n3\t.\tO\t-\t-\n\n# sent_id = a1-2\n1\tGo\tO\t-\t-\n2\tWest\tB-LOC\t-\t-\n\n# newdoc id = a2\n# sent_id = a2-1\n1\tAcme\tB-ORG\t-\t-\n2\tInc\tI-ORG\t-\t-\n\n";
        let d = parse_iob2(t, "u.iob2");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].id, "u.iob2#a1");
        assert_eq!(d[0].text, "Kim left .\nGo West");
        assert_eq!(
            ents(&d[0]),
            vec![("Kim", NerKind::Per), ("West", NerKind::Loc)]
        );
        assert_eq!(ents(&d[1]), vec![("Acme Inc", NerKind::Org)]);
        // without newdoc comments each sentence is a document
        let t2 = "# sent_id = s1\n1\tKim\tB-PER\n\n# sent_id = s2\n1\tLee\tB-PER\n\n";
        let d2 = parse_iob2(t2, "v.iob2");
        assert_eq!(
            d2.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["v.iob2#s1", "v.iob2#s2"]
        );
    }
}
