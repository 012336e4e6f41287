//! The converter from the public sources in `../shared/data/kb-sources` (countries.json, the
//! World Factbook, the Phoenix actor dictionaries) to demarche's own KB files.
//!
//! Output (deterministic, sorted): `states.jsonl`, `places.jsonl`, `organisations.jsonl`,
//! `persons.jsonl`, each opening with comment lines naming the source and its licence.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::{Entity, EntityType, Membership, Name, Role};

/// What the converter produced.
#[derive(Debug, Default)]
pub struct Report {
    /// Entities written per file.
    pub counts: Vec<(String, usize)>,
    /// Source records left out, with the reason.
    pub skipped: BTreeMap<String, usize>,
}

/// A leader read from the Factbook: state id, role, (title, name, short name, since).
type Leader = (
    String,
    &'static str,
    (String, String, String, Option<String>),
);

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `SERGEY_V._LAVROV_` → `Sergey V. Lavrov`.
fn phoenix_words(s: &str) -> String {
    let words: Vec<String> = s
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(title_case)
        .collect();
    words.join(" ")
}

fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, '-' | '\'' | '.');
    }
    out
}

/// Phoenix date `YYYYMMDD` or `YYMMDD` → `YYYY-MM-DD`.
fn phoenix_date(s: &str) -> Option<String> {
    let s = s.trim();
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        8 => (s[..4].parse::<u32>().ok()?, &s[4..]),
        6 => {
            let yy: u32 = s[..2].parse().ok()?;
            (if yy > 30 { 1900 + yy } else { 2000 + yy }, &s[2..])
        }
        7 => (s[..4].parse::<u32>().ok()?, &s[4..]), // one known typo: 2004017
        _ => return None,
    };
    let m: u32 = rest.get(..2)?.parse().ok()?;
    let d: u32 = rest.get(2..).and_then(|x| x.parse().ok()).unwrap_or(1);
    let m = m.clamp(1, 12);
    let d = d.clamp(1, 28.max(d.min(31)));
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Words that make a Phoenix alias a role description rather than a name.
const ROLE_WORDS: &[&str] = &[
    "minister",
    "president",
    "ambassador",
    "secretary",
    "general",
    "chief",
    "premier",
    "prime",
    "foreign",
    "spokesman",
    "spokeswoman",
    "leader",
    "chairman",
    "governor",
    "envoy",
    "king",
    "queen",
    "prince",
    "official",
    "head",
    "deputy",
    "vice",
    "senator",
    "mayor",
    "commander",
    "defense",
    "defence",
    "interior",
    "finance",
    "justice",
    "colonel",
    "adviser",
    "advisor",
    "director",
    "former",
    "party",
    "opposition",
    "rebel",
    "the",
    "of",
    "dr.",
    "mr.",
    "mrs.",
    "gen.",
    "sheikh",
    "emir",
    "sultan",
    "cardinal",
    "pope",
    "bishop",
    "judge",
    "speaker",
    "representative",
    "delegate",
    "negotiator",
    "chancellor",
    "lt.",
    "col.",
    "maj.",
    "capt.",
];

fn sector(code: &str) -> &'static str {
    let s = code.get(3..).unwrap_or("");
    match s.get(..3).unwrap_or(s) {
        "GOV" => "government",
        "ELI" => "elite",
        "MIL" => "military",
        "OPP" => "opposition",
        "LEG" => "legislature",
        "JUD" => "judiciary",
        "BUS" => "business",
        "MED" => "media",
        "REB" => "rebel",
        "SPY" => "intelligence",
        "COP" => "police",
        "IGO" => "igo",
        "NGO" => "ngo",
        "PTY" => "party",
        "CVL" => "civilian",
        "EDU" => "education",
        "REL" => "religion",
        "LAB" => "labour",
        "UNR" => "unrecognised",
        _ => "actor",
    }
}

fn read_json(path: &Path) -> Result<Value, String> {
    let t = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&t).map_err(|e| format!("{}: {e}", path.display()))
}

fn plain(v: impl IntoIterator<Item = String>) -> Vec<Name> {
    let mut seen = HashSet::new();
    v.into_iter()
        .filter(|s| !s.trim().is_empty() && seen.insert(crate::fold(s)))
        .map(Name::Plain)
        .collect()
}

fn ru(v: impl IntoIterator<Item = String>) -> Vec<Name> {
    let mut seen = HashSet::new();
    v.into_iter()
        .filter(|s| !s.trim().is_empty() && seen.insert(crate::fold(s)))
        .map(|t| Name::Full {
            text: t,
            lang: Some("ru".into()),
            from: None,
            to: None,
        })
        .collect()
}

fn entity(id: String, kind: EntityType, name: String, source: &str) -> Entity {
    Entity {
        id,
        kind,
        subtype: None,
        name,
        names: vec![],
        acronyms: vec![],
        adjectives: vec![],
        short: vec![],
        gender: None,
        roles: vec![],
        members: vec![],
        tld: vec![],
        country: None,
        from: None,
        to: None,
        source: Some(source.to_string()),
        extends: false,
    }
}

/// Organisation acronyms as the Factbook writes them → demarche ids (the curated file
/// defines these organisations).
const ORG_CODES: &[(&str, &str)] = &[
    ("UN", "org:UN"),
    ("CSTO", "org:CSTO"),
    ("SCO", "org:SCO"),
    ("EAEU", "org:EAEU"),
    ("CIS", "org:CIS"),
    ("BRICS", "org:BRICS"),
    ("OSCE", "org:OSCE"),
    ("NATO", "org:NATO"),
    ("EU", "org:EU"),
    ("ASEAN", "org:ASEAN"),
    ("GCC", "org:GCC"),
    ("LAS", "org:ARAB-LEAGUE"),
    ("AU", "org:AU"),
    ("CELAC", "org:CELAC"),
    ("IAEA", "org:IAEA"),
    ("G-7", "org:G7"),
    ("G-20", "org:G20"),
];

/// Runs the conversion from `sources` into `out`. `curated_orgs` (the curated organisations
/// file) keeps Phoenix organisations that duplicate a curated one out.
pub fn convert(sources: &Path, out: &Path, curated_orgs: Option<&str>) -> Result<Report, String> {
    let mut report = Report::default();
    let countries = read_json(&sources.join("countries.json"))?;
    let countries = countries.as_array().ok_or("countries.json: not an array")?;
    let mut states: BTreeMap<String, Entity> = BTreeMap::new();
    let mut places: BTreeMap<String, Entity> = BTreeMap::new();
    let mut persons: BTreeMap<String, Entity> = BTreeMap::new();
    let mut orgs: BTreeMap<String, Entity> = BTreeMap::new();
    let mut capitals: HashSet<String> = HashSet::new();
    let mut by_name: HashMap<String, String> = HashMap::new();
    let mut leaders: Vec<Leader> = Vec::new();
    let src_c = "countries.json (mledoze/countries, ODbL 1.0)";
    for c in countries {
        let s = |p: &[&str]| -> Option<String> {
            let mut v = c;
            for k in p {
                v = v.get(k)?;
            }
            v.as_str().map(str::to_string)
        };
        let Some(cca3) = s(&["cca3"]) else {
            *report
                .skipped
                .entry("country without cca3".into())
                .or_default() += 1;
            continue;
        };
        let common = s(&["name", "common"]).unwrap_or_else(|| cca3.clone());
        let id = format!("state:{cca3}");
        let mut e = entity(id.clone(), EntityType::State, common.clone(), src_c);
        let mut en = vec![common.clone()];
        en.extend(s(&["name", "official"]));
        if let Some(alt) = c.get("altSpellings").and_then(Value::as_array) {
            for a in alt.iter().filter_map(Value::as_str) {
                // two-letter codes are not names
                if a.chars().count() > 3 && !a.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
                {
                    en.push(a.to_string());
                }
            }
        }
        if let Some(native) = c.pointer("/name/native").and_then(Value::as_object) {
            for (_, v) in native {
                for k in ["common", "official"] {
                    if let Some(t) = v.get(k).and_then(Value::as_str) {
                        if t.chars().all(|c| c.is_ascii() || c.is_alphabetic())
                            && !t.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
                        {
                            en.push(t.to_string());
                        }
                    }
                }
            }
        }
        e.names = plain(en);
        let mut rus = Vec::new();
        rus.extend(s(&["translations", "rus", "common"]));
        rus.extend(s(&["translations", "rus", "official"]));
        e.names.extend(ru(rus));
        let mut adj = Vec::new();
        for g in ["m", "f"] {
            adj.extend(s(&["demonyms", "eng", g]));
        }
        e.adjectives = plain(adj);
        if let Some(t) = c.get("tld").and_then(Value::as_array) {
            e.tld = t
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
        }
        for n in e.all_names() {
            by_name.insert(crate::fold(n.text()), id.clone());
        }
        if let Some(cap) = c.get("capital").and_then(Value::as_array) {
            for cap in cap.iter().filter_map(Value::as_str) {
                capitals.insert(crate::fold(cap));
                let pid = format!("place:{}", slug(cap));
                let p = places
                    .entry(pid.clone())
                    .or_insert_with(|| entity(pid, EntityType::Place, cap.to_string(), src_c));
                p.subtype = Some("city".into());
                p.names = plain([cap.to_string()]);
                p.country.get_or_insert(id.clone());
                p.roles.push(Role {
                    role: "capital".into(),
                    of: Some(id.clone()),
                    title: None,
                    at: None,
                    from: None,
                    to: None,
                    source: Some(src_c.into()),
                });
            }
        }
        states.insert(id, e);
    }

    // The World Factbook: adjectives, memberships, current leaders.
    let src_f = "World Factbook (public domain)";
    let mut fb_files = Vec::new();
    for region in
        std::fs::read_dir(sources.join("factbook")).map_err(|e| format!("factbook: {e}"))?
    {
        let region = region.map_err(|e| e.to_string())?.path();
        if region.is_dir() && region.file_name().is_some_and(|n| n != "meta") {
            for f in std::fs::read_dir(&region).map_err(|e| e.to_string())? {
                let f = f.map_err(|e| e.to_string())?.path();
                if f.extension().is_some_and(|x| x == "json") {
                    fb_files.push(f);
                }
            }
        }
    }
    fb_files.sort();
    for f in fb_files {
        let d = read_json(&f)?;
        let g = |p: &str| d.pointer(p).and_then(Value::as_str).map(str::to_string);
        let names = [
            g("/Government/Country name/conventional short form/text"),
            g("/Government/Country name/conventional long form/text"),
        ];
        let Some(id) = names
            .iter()
            .flatten()
            .find_map(|n| by_name.get(&crate::fold(n)).cloned())
        else {
            *report
                .skipped
                .entry("factbook entry matching no country".into())
                .or_default() += 1;
            continue;
        };
        let Some(st) = states.get_mut(&id) else {
            continue;
        };
        for p in [
            "/People and Society/Nationality/adjective/text",
            "/People and Society/Nationality/noun/text",
        ] {
            if let Some(a) = g(p) {
                for part in a.split([',', ';']) {
                    let w = part.replace("(s)", "").replace("(es)", "");
                    let w = w.trim();
                    if !w.is_empty()
                        && w.len() < 30
                        && !w.contains(' ')
                        && w.chars().next().is_some_and(char::is_uppercase)
                        && !st.adjectives.iter().any(|n| n.text() == w)
                    {
                        st.adjectives.push(Name::Plain(w.to_string()));
                    }
                }
            }
        }
        if let Some(ios) = g("/Government/International organization participation/text") {
            for item in ios.split(',') {
                let item = item.trim();
                let (code, status) = match item.find('(') {
                    Some(p) => (
                        item[..p].trim(),
                        Some(item[p + 1..].trim_end_matches(')').trim().to_string()),
                    ),
                    None => (item, None),
                };
                if let Some((_, org)) = ORG_CODES.iter().find(|(c, _)| *c == code) {
                    st.members.push(Membership {
                        of: org.to_string(),
                        from: None,
                        to: None,
                        status: Some(status.unwrap_or_else(|| "member".into())),
                    });
                }
            }
        }
        for (path, role) in [
            (
                "/Government/Executive branch/chief of state/text",
                "head-of-state",
            ),
            (
                "/Government/Executive branch/head of government/text",
                "head-of-government",
            ),
        ] {
            let Some(t) = g(path) else { continue };
            let first = t.split(';').next().unwrap_or("");
            if let Some(l) = parse_leader(first) {
                leaders.push((id.clone(), role, l));
            } else {
                *report
                    .skipped
                    .entry("factbook leader text not parsed".into())
                    .or_default() += 1;
            }
        }
    }
    let _ = src_f;
    let mut pending_leaders = leaders;
    // (applied after the Phoenix persons are read, so that the same person keeps one id)
    let apply_leaders = |persons: &mut BTreeMap<String, Entity>, leaders: &mut Vec<Leader>| {
        for (id, role, (title, name, short, since)) in leaders.drain(..) {
            let given = name
                .split(' ')
                .next()
                .unwrap_or("")
                .replace('-', "")
                .to_lowercase();
            let fshort = crate::fold(&short);
            let existing = persons
                .values()
                .find(|p| {
                    p.short.iter().any(|n| crate::fold(n.text()) == fshort)
                        && p.roles.iter().any(|r| r.of.as_deref() == Some(id.as_str()))
                        && crate::fold(&p.name)
                            .replace('-', "")
                            .chars()
                            .take(3)
                            .eq(given.chars().take(3))
                })
                .map(|p| p.id.clone());
            let pid = existing.unwrap_or_else(|| format!("person:{}", slug(&name)));
            {
                let p = persons
                    .entry(pid.clone())
                    .or_insert_with(|| entity(pid, EntityType::Person, name.clone(), src_f));
                if !p.names.iter().any(|n| n.text() == name) {
                    p.names.push(Name::Plain(name.clone()));
                }
                if !p.short.iter().any(|n| n.text() == short) {
                    p.short.push(Name::Plain(short));
                }
                p.roles.push(Role {
                    role: role.into(),
                    of: Some(id.clone()),
                    title: Some(title),
                    at: None,
                    from: since,
                    to: None,
                    source: Some(src_f.into()),
                });
            }
        }
    };

    // Phoenix country dictionary: spelling variants of states, and persons with dated roles.
    let src_p = "Phoenix actor dictionaries (Open Event Data Alliance, MIT)";
    let iso3: HashSet<String> = states.keys().map(|k| k[6..].to_string()).collect();
    let text = std::fs::read_to_string(sources.join("phoenix/Phoenix.Countries.actors.txt"))
        .map_err(|e| format!("Phoenix.Countries.actors.txt: {e}"))?;
    for block in phoenix_blocks(&text) {
        let head_name = phoenix_words(&block.head);
        if block.is_person {
            let mut roles = Vec::new();
            for (code, from, to, note) in &block.roles {
                let cc = code.get(..3).unwrap_or("");
                if !iso3.contains(cc) {
                    *report
                        .skipped
                        .entry("phoenix role in a state not in countries.json".into())
                        .or_default() += 1;
                    continue;
                }
                if let (Some(f), Some(t)) = (from, to) {
                    if t < f {
                        *report
                            .skipped
                            .entry("phoenix role ending before it starts".into())
                            .or_default() += 1;
                        continue;
                    }
                }
                let n = note.to_lowercase();
                let role = if n.contains("foreign minister") || n.contains("minister of foreign") {
                    "foreign-minister"
                } else {
                    sector(code)
                };
                roles.push(Role {
                    role: role.into(),
                    of: Some(format!("state:{cc}")),
                    title: Some(code.clone()),
                    at: None,
                    from: from.clone(),
                    to: to.clone(),
                    source: Some("phoenix".into()),
                });
            }
            if roles.is_empty() {
                *report
                    .skipped
                    .entry("phoenix person without a usable role".into())
                    .or_default() += 1;
                continue;
            }
            let mut id = format!("person:{}", slug(&head_name));
            let mut k = 2;
            while persons
                .get(&id)
                .is_some_and(|p| p.source.as_deref() == Some(src_p))
            {
                id = format!("person:{}-{k}", slug(&head_name));
                k += 1;
            }
            let p = persons
                .entry(id.clone())
                .or_insert_with(|| entity(id, EntityType::Person, head_name.clone(), src_p));
            let mut names = vec![head_name.clone()];
            let mut short = Vec::new();
            for a in &block.aliases {
                let w = phoenix_words(a);
                let words: Vec<&str> = w.split(' ').collect();
                if words
                    .iter()
                    .any(|x| ROLE_WORDS.contains(&x.to_lowercase().as_str()))
                {
                    continue;
                }
                if words.len() == 1 {
                    short.push(w);
                } else {
                    names.push(w);
                }
            }
            let last = head_name.rsplit(' ').next().unwrap_or("").to_string();
            if head_name.contains(' ') && last.chars().count() >= 4 && !last.ends_with('.') {
                short.push(last);
            }
            for n in plain(names) {
                if !p.names.iter().any(|m| m.text() == n.text()) {
                    p.names.push(n);
                }
            }
            for n in plain(short) {
                if !p.short.iter().any(|m| m.text() == n.text()) {
                    p.short.push(n);
                }
            }
            p.roles.extend(roles);
        } else if let Some((code, _, _, _)) = block.roles.first() {
            // A state entry: spelling variants of its name.
            let cc = code.get(..3).unwrap_or("");
            let Some(st) = states.get_mut(&format!("state:{cc}")) else {
                continue;
            };
            let base = crate::fold(&st.name);
            for a in std::iter::once(&block.head).chain(&block.aliases) {
                let w = phoenix_words(a);
                let f = crate::fold(&w);
                // Only one-word spelling variants: the country blocks also hold actors
                // ("Russian White House") that are not names of the state.
                if w.contains(' ')
                    || capitals.contains(&f)
                    || f.chars().take(3).collect::<String>()
                        != base.chars().take(3).collect::<String>()
                {
                    continue;
                }
                let is_adj = ["an", "ni", "ese", "ish", "ian", "i"]
                    .iter()
                    .any(|s| f.ends_with(s))
                    && !f.ends_with("stan");
                let list = if is_adj {
                    &mut st.adjectives
                } else {
                    &mut st.names
                };
                if !list.iter().any(|n| crate::fold(n.text()) == f) {
                    list.push(Name::Plain(w));
                }
            }
        }
    }

    apply_leaders(&mut persons, &mut pending_leaders);

    // Phoenix international dictionary: organisations not defined by the curated file.
    let mut curated_names: HashSet<String> = HashSet::new();
    if let Some(c) = curated_orgs {
        for line in c.lines().filter(|l| l.trim_start().starts_with('{')) {
            if let Ok(e) = serde_json::from_str::<Entity>(line) {
                curated_names.extend(e.all_names().map(|n| crate::fold(n.text())));
                curated_names.insert(crate::fold(&e.name));
            }
        }
    }
    let text = std::fs::read_to_string(sources.join("phoenix/Phoenix.International.actors.txt"))
        .map_err(|e| format!("Phoenix.International.actors.txt: {e}"))?;
    const ORG_WORDS: &[&str] = &[
        "organization",
        "organisation",
        "union",
        "council",
        "commission",
        "fund",
        "bank",
        "association",
        "agency",
        "committee",
        "federation",
        "league",
        "alliance",
        "court",
        "programme",
        "program",
        "forum",
        "community",
        "office",
        "institute",
        "foundation",
        "movement",
        "parliament",
        "assembly",
        "conference",
        "party",
        "front",
        "society",
        "cooperation",
        "secretariat",
        "tribunal",
        "group",
    ];
    for block in phoenix_blocks(&text) {
        let name = phoenix_words(&block.head);
        let lower = name.to_lowercase();
        if !lower.split(' ').any(|w| ORG_WORDS.contains(&w)) {
            *report
                .skipped
                .entry("phoenix international entry that is not an organisation".into())
                .or_default() += 1;
            continue;
        }
        let mut all = vec![name.clone()];
        let mut acr = Vec::new();
        for a in &block.aliases {
            let raw = a.trim_matches('_');
            if !raw.contains('_')
                && raw.len() <= 8
                && raw
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '.' || c == '-')
                && raw.len() >= 2
            {
                acr.push(raw.to_string());
            } else {
                all.push(phoenix_words(a));
            }
        }
        if all
            .iter()
            .chain(&acr)
            .any(|n| curated_names.contains(&crate::fold(n)))
        {
            *report
                .skipped
                .entry("phoenix organisation defined by the curated file".into())
                .or_default() += 1;
            continue;
        }
        let id = format!("org:{}", slug(&name));
        let e = orgs
            .entry(id.clone())
            .or_insert_with(|| entity(id, EntityType::Organisation, name.clone(), src_p));
        e.subtype = Some(
            if block.roles.iter().any(|r| r.0.starts_with("NGO")) {
                "ngo"
            } else {
                "igo"
            }
            .into(),
        );
        for n in plain(all) {
            if !e
                .names
                .iter()
                .any(|m| crate::fold(m.text()) == crate::fold(n.text()))
            {
                e.names.push(n);
            }
        }
        for a in acr {
            if !e.acronyms.iter().any(|m| m.text() == a) {
                e.acronyms.push(Name::Plain(a));
            }
        }
    }

    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let files: [(&str, &str, &BTreeMap<String, Entity>); 4] = [
        ("states.jsonl", "countries.json (mledoze/countries, Open Database License 1.0, see kb/README.md); World Factbook (public domain); Phoenix.Countries.actors.txt (MIT) spelling variants", &states),
        ("places.jsonl", "capitals from countries.json (Open Database License 1.0)", &places),
        ("organisations.jsonl", "Phoenix.International.actors.txt (Open Event Data Alliance, MIT licence)", &orgs),
        ("persons.jsonl", "Phoenix.Countries.actors.txt (Open Event Data Alliance, MIT licence; roles up to about 2015); current leaders from the World Factbook (public domain)", &persons),
    ];
    for (name, source, map) in files {
        let mut s = format!(
            "# Generated by `demarche kb convert` from ../shared/data/kb-sources. Do not edit: add curated facts under kb/curated/.\n# Source: {source}\n"
        );
        for e in map.values() {
            s.push_str(&serde_json::to_string(e).map_err(|e| e.to_string())?);
            s.push('\n');
        }
        std::fs::write(out.join(name), s).map_err(|e| format!("{name}: {e}"))?;
        report.counts.push((name.to_string(), map.len()));
    }
    Ok(report)
}

/// `President Vladimir Vladimirovich PUTIN (since 7 May 2012)` → title, name, short name,
/// since.
fn parse_leader(t: &str) -> Option<(String, String, String, Option<String>)> {
    let (body, since) = match t.find("(since") {
        Some(p) => (&t[..p], parse_since(&t[p + 6..])),
        None => (t.split('(').next().unwrap_or(t), None),
    };
    let words: Vec<&str> = body.split_whitespace().collect();
    let is_caps = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    };
    let first_caps = words.iter().position(|w| is_caps(w))?;
    let last_caps = words.iter().rposition(|w| is_caps(w))?;
    const TITLE: &[&str] = &[
        "President",
        "Prime",
        "Minister",
        "King",
        "Queen",
        "Premier",
        "Chancellor",
        "Emir",
        "Amir",
        "Sultan",
        "Governor-General",
        "Governor",
        "General",
        "Supreme",
        "Leader",
        "Chairman",
        "Crown",
        "Prince",
        "Princess",
        "Vice",
        "Federal",
        "Chief",
        "Executive",
        "Co-Prince",
        "State",
        "Council",
        "Counselor",
        "Grand",
        "Duke",
        "Pope",
        "Head",
        "of",
        "the",
        "Interim",
        "Acting",
        "Transitional",
        "Sovereign",
        "Military",
        "Secretary",
    ];
    let mut start = first_caps;
    while start > 0
        && !TITLE.contains(&words[start - 1])
        && words[start - 1]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    {
        start -= 1;
    }
    let mut end = last_caps + 1;
    // Regnal numbers and given names after a surname: "CHARLES III", "XI Jinping"
    while end < words.len()
        && (words[end].chars().all(|c| "IVX".contains(c))
            || words[end].chars().next().is_some_and(char::is_uppercase)
                && !TITLE.contains(&words[end]))
    {
        end += 1;
    }
    let title = words[..start].join(" ");
    let name: Vec<String> = words[start..end]
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if is_caps(w) && (i == 0 || !w.chars().all(|c| "IVX".contains(c))) {
                title_case(w)
            } else {
                w.to_string()
            }
        })
        .collect();
    let short: Vec<String> = words[first_caps..=last_caps]
        .iter()
        .filter(|w| is_caps(w))
        .map(|w| title_case(w))
        .collect();
    let name = name.join(" ").trim_end_matches(',').to_string();
    if name.is_empty() {
        return None;
    }
    Some((title, name, short.join(" "), since))
}

fn parse_since(s: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let s = s.trim().trim_end_matches(')');
    let parts: Vec<&str> = s.split_whitespace().collect();
    match parts.as_slice() {
        [d, m, y, ..] => {
            let m = MONTHS.iter().position(|x| x == m)? + 1;
            let d: u32 = d.parse().ok()?;
            let y: u32 = y.trim_end_matches([')', ';', ',']).parse().ok()?;
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        [m, y] => {
            let m = MONTHS.iter().position(|x| x == m)? + 1;
            let y: u32 = y.trim_end_matches([')', ';', ',']).parse().ok()?;
            Some(format!("{y:04}-{m:02}"))
        }
        [y] => y.parse::<u32>().ok().map(|y| format!("{y:04}")),
        _ => None,
    }
}

struct Block {
    head: String,
    aliases: Vec<String>,
    /// code, from, to, comment
    roles: Vec<(String, Option<String>, Option<String>, String)>,
    is_person: bool,
}

/// Splits a Phoenix actor file into entries: a head line, `+` alias lines, and role codes in
/// brackets on the head line or on indented lines.
fn phoenix_blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (content, comment) = match line.find('#') {
            Some(p) => (&line[..p], line[p + 1..].trim().to_string()),
            None => (line, String::new()),
        };
        let indented = line.starts_with('\t') || line.starts_with(' ');
        let trimmed = content.trim();
        if let Some(alias) = trimmed.strip_prefix('+') {
            if let Some(b) = out.last_mut() {
                let a = alias.split('[').next().unwrap_or("").trim();
                if !a.is_empty() {
                    b.aliases.push(a.to_string());
                }
                b.roles.extend(parse_codes(alias, &comment));
            }
            continue;
        }
        if indented || trimmed.starts_with('[') {
            if let Some(b) = out.last_mut() {
                b.roles.extend(parse_codes(trimmed, &comment));
            }
            continue;
        }
        let head = trimmed.split('[').next().unwrap_or("").trim().to_string();
        if head.is_empty() {
            continue;
        }
        out.push(Block {
            roles: parse_codes(trimmed, &comment),
            head,
            aliases: Vec::new(),
            is_person: comment.contains("CountryInfo"),
        });
    }
    out
}

fn parse_codes(s: &str, comment: &str) -> Vec<(String, Option<String>, Option<String>, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(p) = rest.find('[') {
        let Some(q) = rest[p..].find(']') else { break };
        let inner = rest[p + 1..p + q].trim();
        rest = &rest[p + q + 1..];
        let mut parts = inner.split_whitespace();
        let Some(code) = parts.next() else { continue };
        if code.starts_with('~') || code.starts_with('-') {
            continue;
        }
        let range = parts.collect::<Vec<_>>().join("");
        let (from, to) = if let Some(d) = range.strip_prefix('>') {
            (phoenix_date(d), None)
        } else if let Some(d) = range.strip_prefix('<') {
            (None, phoenix_date(d))
        } else if let Some((a, b)) = range.split_once('-') {
            (phoenix_date(a), phoenix_date(b))
        } else {
            (None, None)
        };
        out.push((code.to_string(), from, to, comment.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaders_parse() {
        let (t, n, s, d) =
            parse_leader("President Vladimir Vladimirovich PUTIN (since 7 May 2012)").unwrap();
        assert_eq!(
            (t.as_str(), n.as_str(), s.as_str(), d.as_deref()),
            (
                "President",
                "Vladimir Vladimirovich Putin",
                "Putin",
                Some("2012-05-07")
            )
        );
        let (_, n, s, _) = parse_leader("President XI Jinping (since 14 March 2013)").unwrap();
        assert_eq!((n.as_str(), s.as_str()), ("Xi Jinping", "Xi"));
        let (_, n, _, _) = parse_leader("King CHARLES III (since 8 September 2022)").unwrap();
        assert_eq!(n, "Charles III");
    }

    #[test]
    fn phoenix_entries() {
        let t = "SERGEY_LAVROV_  # CountryInfo.txt\n+SERGEI_LAVROV\n+RUSSIAN_FOREIGN_MINISTER_LAVROV\n\t[RUSGOV 19940922-20040712] # Amb. to UN\n\t[RUSGOV >20040309]  # Foreign Minister\n";
        let b = phoenix_blocks(t);
        assert_eq!(b.len(), 1);
        assert!(b[0].is_person);
        assert_eq!(b[0].aliases.len(), 2);
        assert_eq!(
            b[0].roles[1],
            (
                "RUSGOV".to_string(),
                Some("2004-03-09".to_string()),
                None,
                "Foreign Minister".to_string()
            )
        );
        assert_eq!(phoenix_date("911216").as_deref(), Some("1991-12-16"));
        assert_eq!(phoenix_words("SERGEY_V._LAVROV_"), "Sergey V. Lavrov");
    }
}
