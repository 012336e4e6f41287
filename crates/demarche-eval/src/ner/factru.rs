//! factRuEval-2016: texts with typed spans, objects built from spans, and tokens.

use std::collections::HashMap;
use std::path::Path;

use super::{outermost, CharMap, Entity, Format, NerDoc, NerKind};

/// A span line: `id type start length first-token tokens # ...` (character offsets).
fn spans(text: &str) -> Result<HashMap<String, (String, usize, usize)>, String> {
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let f: Vec<&str> = line
            .split('#')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        if f.is_empty() {
            continue;
        }
        if f.len() < 4 {
            return Err(format!("spans line {}: too few fields", n + 1));
        }
        let num = |s: &str| {
            s.parse::<usize>()
                .map_err(|_| format!("spans line {}: {s:?}", n + 1))
        };
        let (s, l) = (num(f[2])?, num(f[3])?);
        out.insert(f[0].to_string(), (f[1].to_string(), s, s + l));
    }
    Ok(out)
}

/// A document's entities from its `.spans` and `.objects` (character offsets), as naeval
/// reads them (see the module docs of [`super`]).
pub(crate) fn entities(
    spans_text: &str,
    objects: &str,
) -> Result<Vec<(usize, usize, NerKind)>, String> {
    let spans = spans(spans_text)?;
    let mut all: Vec<(usize, usize, NerKind)> = Vec::new();
    for (n, line) in objects.lines().enumerate() {
        let f: Vec<&str> = line
            .split('#')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        if f.len() < 3 {
            continue;
        }
        let mut parts = Vec::new();
        for id in &f[2..] {
            let s = spans
                .get(*id)
                .ok_or_else(|| format!("objects line {}: no span {id}", n + 1))?;
            parts.push(s);
        }
        let pick = |want: &str, kind: NerKind| -> Vec<(usize, usize, NerKind)> {
            let v: Vec<Entity> = parts
                .iter()
                .filter(|(t, _, _)| t == want)
                .map(|&&(_, s, e)| Entity {
                    start: s,
                    end: e,
                    kind,
                })
                .collect();
            outermost(v)
                .into_iter()
                .map(|e| (e.start, e.end, e.kind))
                .collect()
        };
        match f[1] {
            "Person" => {
                let s = parts.iter().map(|p| p.1).min();
                let e = parts.iter().map(|p| p.2).max();
                if let (Some(s), Some(e)) = (s, e) {
                    all.push((s, e, NerKind::Per));
                }
            }
            "Org" => all.extend(pick("org_name", NerKind::Org)),
            "Location" | "LocOrg" => all.extend(pick("loc_name", NerKind::Loc)),
            _ => {}
        }
    }
    let v: Vec<Entity> = all
        .into_iter()
        .map(|(s, e, kind)| Entity {
            start: s,
            end: e,
            kind,
        })
        .collect();
    Ok(outermost(v)
        .into_iter()
        .map(|e| (e.start, e.end, e.kind))
        .collect())
}

/// Token lines: `id start length text` (character offsets).
fn tokens(text: &str) -> Result<Vec<(usize, usize)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 3 {
            continue;
        }
        let num = |s: &str| {
            s.parse::<usize>()
                .map_err(|_| format!("tokens line {}: {s:?}", n + 1))
        };
        let (s, l) = (num(f[1])?, num(f[2])?);
        out.push((s, s + l));
    }
    out.sort();
    Ok(out)
}

/// Every document of a factRuEval folder.
pub(crate) fn load(dir: &Path, rel: &str) -> Result<Vec<NerDoc>, String> {
    let mut objs: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "objects"))
        .collect();
    objs.sort();
    let mut out = Vec::new();
    for o in objs {
        let read = |ext: &str| {
            let p = o.with_extension(ext);
            std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))
        };
        let text = read("txt")?;
        let ctx = |e: String| format!("{}: {e}", o.display());
        let ents = entities(&read("spans")?, &read("objects")?).map_err(ctx)?;
        let toks = tokens(&read("tokens")?).map_err(ctx)?;
        let map = CharMap::new(&text);
        let b = |c: usize| {
            map.byte(c)
                .ok_or_else(|| ctx(format!("offset {c} past the text")))
        };
        let mut tb = Vec::with_capacity(toks.len());
        for (s, e) in toks {
            tb.push((b(s)?, b(e)?));
        }
        let starts: std::collections::HashSet<usize> = tb.iter().map(|t| t.0).collect();
        let ends: std::collections::HashSet<usize> = tb.iter().map(|t| t.1).collect();
        let mut gold = Vec::new();
        for (s, e, kind) in ents {
            let (s, e) = (b(s)?, b(e)?);
            if starts.contains(&s) && ends.contains(&e) {
                gold.push(Entity {
                    start: s,
                    end: e,
                    kind,
                });
            }
        }
        let stem = o.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        out.push(NerDoc {
            id: if rel.is_empty() {
                stem.to_string()
            } else {
                format!("{rel}/{stem}")
            },
            format: Format::FactRu,
            text,
            gold,
            tokens: Some(tb),
            nested: Vec::new(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_as_naeval_reads_them() {
        // "Анна Сомова из партии «Лесной союз» посетила мэрию Лейкпорта"
        let spans = "1 name 0 4 10 1  # 10 Анна\n\
                     2 surname 5 6 11 1  # 11 Сомова\n\
                     3 org_descr 15 6 13 1  # 13 партии\n\
                     4 org_name 23 11 15 2  # 15 16 Лесной союз\n\
                     5 org_descr 45 5 19 1  # 19 мэрию\n\
                     6 loc_name 51 9 20 1  # 20 Лейкпорта\n";
        let objects = "100 Person 1 2 # Анна Сомова\n\
                       101 Org 3 4 # партии Лесной союз\n\
                       102 Org 5 6 # мэрию Лейкпорта\n\
                       103 LocOrg 6 # Лейкпорта\n\
                       104 Project 4 # x\n";
        let e = entities(spans, objects).unwrap();
        assert_eq!(
            e,
            vec![
                (0, 11, NerKind::Per),
                (23, 34, NerKind::Org),
                (51, 60, NerKind::Loc)
            ]
        );
        assert!(entities(spans, "105 Org 9 # y").is_err());
        assert_eq!(
            tokens("10 0 4 Анна\n\n11 5 6 Сомова\n").unwrap(),
            vec![(0, 4), (5, 11)]
        );
    }
}
