//! brat stand-off with NEREL's entity types.

use std::path::Path;

use super::{outermost, CharMap, Entity, Format, NerDoc, NerKind};

/// The kind of a NEREL type, for the three kinds scored.
fn kind(t: &str) -> Option<NerKind> {
    match t {
        "PERSON" => Some(NerKind::Per),
        "ORGANIZATION" => Some(NerKind::Org),
        "COUNTRY" | "CITY" | "STATE_OR_PROVINCE" | "LOCATION" => Some(NerKind::Loc),
        _ => None,
    }
}

/// The entities of one `.ann` file over `text` (character offsets in the file; a
/// discontinuous span covers its whole extent).
#[cfg(test)]
pub(crate) fn parse(ann: &str, text: &str) -> Result<Vec<Entity>, String> {
    Ok(outermost(parse_all(ann, text)?))
}

/// Every PER, ORG and LOC entity of one `.ann` file, nested ones too, in file order.
pub(crate) fn parse_all(ann: &str, text: &str) -> Result<Vec<Entity>, String> {
    let map = CharMap::new(text);
    let mut v = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        if !line.starts_with('T') {
            continue;
        }
        let Some(mid) = line.split('\t').nth(1) else {
            continue;
        };
        let mut f = mid.splitn(2, ' ');
        let (Some(t), Some(offsets)) = (f.next(), f.next()) else {
            continue;
        };
        let Some(kind) = kind(t) else { continue };
        let nums: Vec<usize> = offsets
            .split([' ', ';'])
            .map(|x| x.parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("line {}: bad offsets {offsets:?}", n + 1))?;
        let (Some(&s), Some(&e)) = (nums.iter().min(), nums.iter().max()) else {
            continue;
        };
        let (Some(s), Some(e)) = (map.byte(s), map.byte(e)) else {
            return Err(format!("line {}: offsets past the text", n + 1));
        };
        v.push(Entity {
            start: s,
            end: e,
            kind,
        });
    }
    Ok(v)
}

/// Every `.ann` file of `dir` with its `.txt`.
pub(crate) fn load(dir: &Path, rel: &str) -> Result<Vec<NerDoc>, String> {
    let mut anns: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let mut out = Vec::new();
    for a in anns {
        let t = a.with_extension("txt");
        let read =
            |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
        let text = read(&t)?;
        let all = parse_all(&read(&a)?, &text).map_err(|e| format!("{}: {e}", a.display()))?;
        let mut nested = all.clone();
        nested.sort();
        let stem = a.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        out.push(NerDoc {
            id: if rel.is_empty() {
                stem.to_string()
            } else {
                format!("{rel}/{stem}")
            },
            format: Format::Brat,
            text,
            gold: outermost(all),
            tokens: None,
            nested,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_types_map_to_the_outermost() {
        let text = "Мэрия Лейкпорта и Анна Сомова.";
        let ann = "T1\tORGANIZATION 0 15\tМэрия Лейкпорта\n\
                   T2\tCITY 6 15\tЛейкпорта\n\
                   T3\tPERSON 18 29\tАнна Сомова\n\
                   T4\tPROFESSION 0 5\tМэрия\n\
                   R1\tWORKS_AS Arg1:T3 Arg2:T4\n\
                   T5\tLOCATION 6 9;12 15\tЛей порта\n";
        let g = parse(ann, text).unwrap();
        let got: Vec<(&str, NerKind)> = g.iter().map(|e| (&text[e.start..e.end], e.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("Мэрия Лейкпорта", NerKind::Org),
                ("Анна Сомова", NerKind::Per)
            ]
        );
        assert!(parse("T1\tPERSON 0 x\tz", text).is_err());
        assert!(parse("T1\tPERSON 0 99\tz", text).is_err());
    }
}
