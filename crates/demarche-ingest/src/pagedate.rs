//! The publication date of a web page.
//!
//! Every date the page states is a *candidate*: JSON-LD (`datePublished`, `dateModified`,
//! ...), meta tags (`article:published_time`, `og:updated_time`, `dc.date`, ...), `<time
//! datetime>` and `itemprop` attributes, schema.org keys in other scripts, the URL
//! (`/2023/12/01/`), and dates written in the page's text (in any language of
//! `data/date-words.tsv`, or numeric), with the label words next to them ("published",
//! "aktualisiert", "обновлено"). Each candidate is described by a few features (where it was
//! found, its label, whether other candidates agree with its day, its position, how its day
//! and month were told apart) and the candidate with the highest linear score wins. The
//! weights are learned by `demarche eval learn-dates` from the fitting part of the page-dates
//! set (htmldate's evaluation data, Apache-2.0 repository) and compiled in from
//! `data/date-weights.tsv`.
//!
//! A timestamp keeps its offset, so the day reported is the page's local day.

use std::sync::OnceLock;

use demarche_model::DocDate;

use crate::dates::{self, DayOrder, Label};

/// Where a candidate date was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// A JSON-LD object.
    JsonLd,
    /// A `<meta>` tag.
    Meta,
    /// A `datetime` attribute (`<time>`, `<ins>`) or an `itemprop` date.
    Attr,
    /// A schema.org-style key in a script that is not JSON-LD.
    Script,
    /// The URL path.
    Url,
    /// Text of an element whose class or id names a date (`post-date`, `byline`, `meta`).
    Classed,
    /// Other text of the page.
    Text,
}

/// One date a page states, with what the page says around it.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The date, day-level at least.
    pub date: DocDate,
    /// Where it was found.
    pub source: Source,
    /// What the page labels it, if anything.
    pub label: Option<Label>,
    /// How its day and month were told apart.
    pub order: DayOrder,
    /// Position in the page, 0 (start) to 1 (end).
    pub pos: f32,
    /// Found in a short block (a date line, a byline), not inside running text.
    pub short: bool,
}

/// The candidates of one page, in the order found.
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    /// The list.
    pub list: Vec<Candidate>,
}

/// The most candidates kept per page (hostile pages list thousands of dates).
const MAX_CANDIDATES: usize = 400;

impl Candidates {
    /// Adds a structured value (an ISO timestamp, an RFC 2822 date) found at `pos`.
    pub fn structured(
        &mut self,
        value: &str,
        source: Source,
        label: Option<Label>,
        pos: f32,
        evidence: &str,
    ) {
        if self.list.len() >= MAX_CANDIDATES {
            return;
        }
        let Some(date) = dates::parse_structured(value, evidence) else {
            return;
        };
        if date.day.is_none() || date.year.is_none() {
            return;
        }
        self.list.push(Candidate {
            date,
            source,
            label,
            order: DayOrder::YearFirst,
            pos,
            short: true,
        });
    }

    /// Adds the dates written in a block of text (`label` is the label of its element, if
    /// it names one).
    pub fn text(&mut self, text: &str, source: Source, label: Option<Label>, pos: f32) {
        let t = text.trim();
        let n = t.chars().count();
        if n == 0 || n > 400 || self.list.len() >= MAX_CANDIDATES {
            return;
        }
        let short = n <= 80;
        for f in dates::find_dates(t) {
            if f.year.is_none() || f.day.is_none() {
                continue;
            }
            let near = dates::label_before(&t[..f.start]).or(label);
            let evidence = if source == Source::Classed {
                format!("date in a dated element \"{}\"", clip(t))
            } else {
                format!("visible date \"{}\"", clip(t))
            };
            if let Some(date) = f.to_doc_date(evidence) {
                self.list.push(Candidate {
                    date,
                    source,
                    label: near,
                    order: f.order,
                    pos,
                    short,
                });
            }
            if self.list.len() >= MAX_CANDIDATES {
                return;
            }
        }
    }

    /// Adds the date in a URL path: `/2023/12/01/`, `/2023-12-01-`, `/20231201/`.
    pub fn url(&mut self, url: &str) {
        if let Some(date) = url_date(url) {
            self.list.push(Candidate {
                date,
                source: Source::Url,
                label: None,
                order: DayOrder::YearFirst,
                pos: 0.0,
                short: true,
            });
        }
    }
}

fn clip(t: &str) -> String {
    let mut s: String = t.chars().take(80).collect();
    if s.len() < t.len() {
        s.push('…');
    }
    s
}

/// A full date in a URL path: `/2023/12/01/`, `/2023-12-01/`, `/20231201/`.
pub fn url_date(url: &str) -> Option<DocDate> {
    let path = url.split_once("://").map(|x| x.1).unwrap_or(url);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let path = path.split_once('/').map(|x| x.1)?;
    let parts: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    let num = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())?
    };
    for w in parts.windows(3) {
        if w[0].len() == 4 && (1..=2).contains(&w[1].len()) && (1..=2).contains(&w[2].len()) {
            if let (Some(y), Some(m), Some(d)) = (num(w[0]), num(w[1]), num(w[2])) {
                let s = format!("{y:04}-{m:02}-{d:02}");
                if (1995..=2100).contains(&y) {
                    if let Some(d) = dates::parse_structured(&s, "date in the URL") {
                        return Some(d);
                    }
                }
            }
        }
    }
    for p in &parts {
        if p.len() == 8 && (p.starts_with("19") || p.starts_with("20")) {
            if let Some(_n) = num(p) {
                let s = format!("{}-{}-{}", &p[..4], &p[4..6], &p[6..]);
                if let Some(d) = dates::parse_structured(&s, "date in the URL") {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// The features of a candidate among the page's candidates; names in [`FEATURES`] order.
pub fn features(i: usize, all: &[Candidate]) -> [f32; N_FEATURES] {
    let c = &all[i];
    let mut x = [0f32; N_FEATURES];
    let day = day_key(&c.date);
    let src = match c.source {
        Source::JsonLd => 0,
        Source::Meta => 3,
        Source::Attr => 6,
        Source::Script => 9,
        Source::Url => 12,
        Source::Classed => 13,
        Source::Text => 16,
    };
    // source × label: published, modified, none (the URL has no label)
    let lab = match c.label {
        Some(Label::Published) => 0,
        Some(Label::Modified) => 1,
        None => 2,
    };
    if c.source == Source::Url {
        x[12] = 1.0;
    } else if c.source == Source::Text {
        x[16 + lab] = 1.0;
    } else {
        x[src + lab] = 1.0;
    }
    x[19] = c.date.time.is_some() as u8 as f32;
    x[20] = c.date.offset.is_some() as u8 as f32;
    x[21 + match c.order {
        DayOrder::Written => 0,
        DayOrder::YearFirst => 1,
        DayOrder::DayFirst => 2,
        DayOrder::MonthFirst => 3,
        DayOrder::Ambiguous => 4,
    }] = 1.0;
    x[26] = !all[..i].iter().any(|o| o.source == c.source) as u8 as f32;
    x[27] = c.pos;
    x[28] = c.short as u8 as f32;
    let others = all
        .iter()
        .enumerate()
        .filter(|(j, o)| *j != i && day_key(&o.date) == day)
        .count();
    x[29] = (1.0 + others as f32).ln();
    let structured =
        |o: &Candidate| matches!(o.source, Source::JsonLd | Source::Meta | Source::Attr);
    x[30] = all
        .iter()
        .enumerate()
        .any(|(j, o)| j != i && structured(o) && day_key(&o.date) == day) as u8 as f32;
    x[31] = all
        .iter()
        .any(|o| o.source == Source::Url && day_key(&o.date) == day && c.source != Source::Url)
        as u8 as f32;
    let plausible = |o: &&Candidate| o.date.year.is_some_and(|y| y >= 1995);
    let min = all.iter().filter(plausible).map(|o| day_key(&o.date)).min();
    let max = all.iter().filter(plausible).map(|o| day_key(&o.date)).max();
    x[32] = (Some(day) == min) as u8 as f32;
    x[33] = (Some(day) == max) as u8 as f32;
    x[34] = c.date.year.is_some_and(|y| y < 1995) as u8 as f32;
    let latest_structured = all
        .iter()
        .filter(|o| structured(o))
        .map(|o| day_key(&o.date))
        .max();
    x[35] = latest_structured.is_some_and(|l| day > l) as u8 as f32;
    // the same day stated by another kind of source
    x[36] = all
        .iter()
        .any(|o| o.source != c.source && day_key(&o.date) == day) as u8 as f32;
    x
}

/// The number of features.
pub const N_FEATURES: usize = 37;

/// Feature names, as `data/date-weights.tsv` writes them.
pub const FEATURES: [&str; N_FEATURES] = [
    "jsonld published",
    "jsonld modified",
    "jsonld unlabelled",
    "meta published",
    "meta modified",
    "meta unlabelled",
    "attribute published",
    "attribute modified",
    "attribute unlabelled",
    "script published",
    "script modified",
    "script unlabelled",
    "url",
    "dated element published",
    "dated element modified",
    "dated element unlabelled",
    "text published",
    "text modified",
    "text unlabelled",
    "has time",
    "has offset",
    "month written",
    "year first",
    "day first",
    "month first",
    "day or month first",
    "first of its source",
    "position in page",
    "short block",
    "log other candidates on the day",
    "a structured date on the day",
    "the URL on the day",
    "earliest day",
    "latest day",
    "before 1995",
    "after the latest structured date",
    "another source on the day",
];

fn day_key(d: &DocDate) -> u32 {
    d.year.unwrap_or(0).max(0) as u32 * 10_000
        + d.month.unwrap_or(0) as u32 * 100
        + d.day.unwrap_or(0) as u32
}

/// The learned weights (`data/date-weights.tsv`: `feature<TAB>weight` lines, `#` comments).
pub fn weights() -> &'static [f32; N_FEATURES] {
    static W: OnceLock<[f32; N_FEATURES]> = OnceLock::new();
    W.get_or_init(|| parse_weights(include_str!("../data/date-weights.tsv")))
}

/// Parses a weights file; unknown names are ignored, missing ones weigh 0.
pub fn parse_weights(text: &str) -> [f32; N_FEATURES] {
    let mut w = [0f32; N_FEATURES];
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some((name, v)) = line.rsplit_once('\t') {
            if let (Some(i), Ok(v)) = (FEATURES.iter().position(|f| *f == name), v.parse()) {
                w[i] = v;
            }
        }
    }
    w
}

/// The conventions of the web as a fixed prior score, which the learned weights correct
/// where the data says so (training starts from it and its L2 penalty pulls towards it): a
/// date the page labels as its publication date (`datePublished`, `article:published_time`,
/// "published") is preferred, one labelled as a modification date is not, structured values
/// over dates in the text, a date in the URL as a date the site assigned.
pub fn prior(c: &Candidate) -> f32 {
    let structured = matches!(c.source, Source::JsonLd | Source::Meta | Source::Attr);
    match (c.label, structured) {
        (Some(Label::Published), true) => 3.0,
        (Some(Label::Modified), true) => -2.0,
        (None, true) => 1.0,
        (Some(Label::Published), false) => 1.5,
        (Some(Label::Modified), false) => -1.5,
        (None, false) => match c.source {
            Source::Url => 1.5,
            Source::Script => 0.5,
            _ => 0.0,
        },
    }
}

/// The score of every candidate under weights `w`: the prior plus the learned part.
pub fn scores(all: &[Candidate], w: &[f32; N_FEATURES]) -> Vec<f32> {
    (0..all.len())
        .map(|i| {
            prior(&all[i])
                + features(i, all)
                    .iter()
                    .zip(w.iter())
                    .map(|(x, w)| x * w)
                    .sum::<f32>()
        })
        .collect()
}

/// The publication date: the best-scoring candidate (the first of equals).
pub fn choose(all: &[Candidate]) -> Option<DocDate> {
    choose_with(all, weights())
}

/// [`choose`] under given weights.
pub fn choose_with(all: &[Candidate], w: &[f32; N_FEATURES]) -> Option<DocDate> {
    let s = scores(all, w);
    let mut best: Option<usize> = None;
    for (i, v) in s.iter().enumerate() {
        // a date inside running text (a treaty's date in a paragraph) tells the others'
        // agreement, but is not itself the page's date
        if all[i].source == Source::Text && !all[i].short {
            continue;
        }
        if best.is_none_or(|b| *v > s[b]) {
            best = Some(i);
        }
    }
    // of the candidates on the chosen day, the one that says most (a timestamp with its
    // offset over a bare day), the chosen one among equals
    let b = best?;
    let day = day_key(&all[b].date);
    let rank = |c: &Candidate| (c.date.offset.is_some(), c.date.time.is_some());
    let mut pick = b;
    for (i, c) in all.iter().enumerate() {
        if day_key(&c.date) == day && rank(c) > rank(&all[pick]) {
            pick = i;
        }
    }
    Some(all[pick].date.clone())
}

/// The label a meta key, an attribute or a class name gives a date: published, modified, or
/// none.
pub fn key_label(key: &str) -> Option<Label> {
    let k = key.to_ascii_lowercase();
    if ["modif", "updat", "revis", "edited", "changed"]
        .iter()
        .any(|w| k.contains(w))
    {
        Some(Label::Modified)
    } else if [
        "publish", "pubdate", "created", "issued", "release", "posted", "original", "upload",
    ]
    .iter()
    .any(|w| k.contains(w))
    {
        Some(Label::Published)
    } else {
        dates::label_in(&k)
    }
}

/// Whether a meta key or attribute name is about a date.
pub fn is_date_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "date", "time", "publish", "modified", "created", "issued", "updated",
    ]
    .iter()
    .any(|w| k.contains(w))
        && !k.contains("timezone")
        && !k.contains("reading")
}

/// Whether a class or id names an element that shows a date (`post-date`, `entry-meta`,
/// `byline`, `timestamp`, `datum`, `fecha`).
pub fn names_date(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    [
        "date", "time", "publish", "posted", "byline", "meta", "updated", "datum", "fecha", "data",
        "dateline",
    ]
    .iter()
    .any(|w| v.contains(w))
}

/// Schema.org-style date keys in scripts that are not JSON-LD (`"datePublished":
/// "2023-12-01T10:00:00Z"` in a page's state object).
pub fn script_dates(script: &str, pos: f32, out: &mut Candidates) {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    if memchr::memmem::find(script.as_bytes(), b"ate").is_none()
        && memchr::memmem::find(script.as_bytes(), b"ublish").is_none()
    {
        return;
    }
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r#"["']?(datePublished|dateCreated|dateModified|publishedAt|published_at|publishDate|publish_date|pubDate|createdAt|updatedAt|modifiedAt|lastModified)["']?\s*[:=]\s*["']([0-9][0-9T:.+\- Z]{7,34})["']"#,
        )
        .expect("script date regex")
    });
    for c in re.captures_iter(script).take(20) {
        let label = key_label(&c[1]);
        out.structured(
            &c[2],
            Source::Script,
            label,
            pos,
            &format!("script {:?}", &c[1]),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_dates() {
        let d = |u: &str| url_date(u).map(|d| d.iso());
        assert_eq!(
            d("https://example.org/2020/02/14/talks").as_deref(),
            Some("2020-02-14")
        );
        assert_eq!(
            d("https://example.org/news/2021-3-9-talks.html").as_deref(),
            Some("2021-03-09")
        );
        assert_eq!(
            d("https://example.org/a/20191120/x").as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(d("https://example.org/2020/02/"), None);
        assert_eq!(d("https://example.org/item/1234/56/78"), None);
        assert_eq!(d("https://2020-02-14.example.org/"), None);
    }

    #[test]
    fn labels_from_keys() {
        assert_eq!(key_label("article:published_time"), Some(Label::Published));
        assert_eq!(key_label("og:updated_time"), Some(Label::Modified));
        assert_eq!(key_label("dateModified"), Some(Label::Modified));
        assert_eq!(key_label("dc.date"), Some(Label::Published));
        assert!(is_date_key("sailthru.date"));
        assert!(!is_date_key("viewport"));
    }

    #[test]
    fn agreement_and_labels_decide() {
        let mut c = Candidates::default();
        c.text("Aktualisiert am 14.03.2021", Source::Classed, None, 0.1);
        c.text("Veröffentlicht am 20.03.2021", Source::Classed, None, 0.12);
        c.structured(
            "2021-03-20T08:00:00+01:00",
            Source::Meta,
            Some(Label::Published),
            0.0,
            "meta",
        );
        let labelled = |day: u8, label: Label| {
            c.list
                .iter()
                .any(|x| x.date.day == Some(day) && x.label == Some(label))
        };
        assert!(labelled(14, Label::Modified), "{:#?}", c.list);
        assert!(labelled(20, Label::Published), "{:#?}", c.list);
        // the day the page labels as published, given as its most precise form
        let d = choose(&c.list).unwrap();
        assert_eq!(d.iso(), "2021-03-20T08:00:00+01:00");
    }
}
