//! Metadata from the text itself: page-title lines ("Title | Site"), date lines, datelines
//! ("MOSCOW, November 9. /TASS/.", "📍 Moscow, March 20, 2023", "(New York, July 16, 2024)"),
//! "Source: URL" lines, titles, hashtags, and outlets derived from these.

use std::sync::OnceLock;

use demarche_model::{Dateline, DocDate, Metadata};
use regex::Regex;

use crate::boiler::strip_decoration;
use crate::clean::Para;
use crate::dates;

/// Generic section words that page titles put before the site name ("Latest news The Moscow
/// Post").
const SECTION_PREFIXES: &[&str] = &[
    "latest news",
    "breaking news",
    "top news",
    "news",
    "последние новости",
    "новости",
    "главные новости",
];

/// Reads header and trailer lines of a document's paragraphs, fills `meta`, and marks the
/// lines it consumed as removed (they are metadata, not text).
pub fn read_header(text: &str, paras: &mut [Para], meta: &mut Metadata) {
    let n = paras.len();
    // Page-title line: "Title | Site" as the first line.
    if let Some(p) = paras.first_mut() {
        let line = &text[p.start..p.end];
        if let Some((title, site)) = split_title_line(line) {
            if meta.title.is_none() {
                meta.title = Some(title.to_string());
            }
            if meta.outlet.is_none() {
                meta.outlet = Some(site);
            }
            p.removed = Some("metadata: page title line".to_string());
        }
    }
    // A line holding only a date, among the first lines.
    for p in paras.iter_mut().take(4) {
        if p.removed.is_some() {
            continue;
        }
        let line = &text[p.start..p.end];
        if let Some(found) = dates::parse_date_line(line) {
            if meta.date.is_none() {
                meta.date = found.to_doc_date(format!("date line {:?}", line.trim()));
            }
            p.removed = Some("metadata: date line".to_string());
            break;
        }
    }
    // "Source: https://..." lines at the end.
    for i in (n.saturating_sub(5)..n).rev() {
        let p = &mut paras[i];
        if p.removed.is_some() {
            continue;
        }
        let line = text[p.start..p.end].trim();
        if let Some(url) = source_url(line) {
            if meta.url.is_none() {
                meta.url = Some(url.to_string());
            }
            p.removed = Some("metadata: source line".to_string());
        }
    }
}

fn split_title_line(line: &str) -> Option<(&str, String)> {
    let (title, site) = line.rsplit_once(" | ")?;
    let title = title.trim();
    let mut site = site.trim();
    if title.is_empty() || site.is_empty() || title.split_whitespace().count() > 40 {
        return None;
    }
    let lower = site.to_lowercase();
    for pre in SECTION_PREFIXES {
        if lower.starts_with(pre) && lower.len() > pre.len() {
            let rest = &site[pre.len()..];
            if rest.starts_with([' ', ':', '-', '—']) {
                site = rest.trim_start_matches([' ', ':', '-', '—']);
            }
            break;
        }
    }
    if site.split_whitespace().count() > 6 || site.ends_with('.') {
        return None;
    }
    Some((title, site.to_string()))
}

fn source_url(line: &str) -> Option<&str> {
    let lower = line.to_lowercase();
    let rest = ["source:", "источник:", "url:", "link:", "original:"]
        .iter()
        .find_map(|k| lower.starts_with(k).then(|| line[k.len()..].trim()))
        .unwrap_or(line);
    let url = rest.trim_end_matches(['.', ',']);
    let is_url = (url.starts_with("http://") || url.starts_with("https://"))
        && !url.contains(char::is_whitespace);
    is_url.then_some(url)
}

fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)^
            (?P<place>\p{Lu}[\p{L}.'\-]*(?:[\ \-]\p{Lu}[\p{L}.'\-]*){0,3}),\s+
            (?P<date>(?:\d{1,2}\s+\p{L}{3,9}\.?|\p{L}{3,9}\.?\s+\d{1,2})(?:,?\s+\d{4})?)
            (?:\s*г\.)?\.?
            (?:\s*/(?P<agency>[^/\n]{2,30})/\.?|\s*\((?P<agency2>[\p{L}\ \-]{2,30})\)\s*[-—–]?)?",
        )
        .expect("dateline regex")
    })
}

fn paren_dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"\((?:(?P<place>\p{Lu}[\p{L}.'\-]*(?:[ \-]\p{Lu}[\p{L}.'\-]*){0,3}),\s+)?(?P<date>(?:\d{1,2}\s+\p{L}{3,9}|\p{L}{3,9}\s+\d{1,2}),?\s+\d{4})\)",
        )
        .expect("paren dateline regex")
    })
}

fn today_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:today|сегодня),?\s+(?:on\s+)?(?P<date>\d{1,2}\s+\p{L}{3,9}|\p{L}{3,9}\s+\d{1,2})\b")
            .expect("today regex")
    })
}

/// Finds a dateline in the first paragraphs of the clean text; fills `meta.dateline`, and
/// `meta.date` when no stronger evidence set it.
pub fn read_dateline(clean: &str, meta: &mut Metadata) {
    let head: Vec<&str> = clean.split("\n\n").take(3).collect();
    for para in &head {
        let core = strip_decoration(para);
        let core = core.strip_prefix('(').unwrap_or(core);
        if let Some(c) = dateline_re().captures(core) {
            let date_txt = &c["date"];
            let Some(found) = dates::find_written_dates(date_txt).into_iter().next() else {
                continue;
            };
            let agency = c
                .name("agency")
                .or(c.name("agency2"))
                .map(|m| m.as_str().trim().to_string());
            let text = c.get(0).expect("match").as_str().trim().to_string();
            set_dateline(meta, Some(c["place"].to_string()), agency, text.clone());
            if meta.date.is_none() {
                meta.date = found.to_doc_date(format!("dateline {text:?}"));
            }
            return;
        }
    }
    for para in &head {
        if let Some(c) = paren_dateline_re().captures(para) {
            let Some(found) = dates::find_written_dates(&c["date"]).into_iter().next() else {
                continue;
            };
            let text = c.get(0).expect("match").as_str().to_string();
            match c.name("place") {
                Some(place) => {
                    set_dateline(meta, Some(place.as_str().to_string()), None, text.clone())
                }
                None => {
                    if meta.date.is_none() {
                        meta.date = found.to_doc_date(format!("date in the heading {text:?}"));
                    }
                    return;
                }
            }
            if meta.date.is_none() {
                meta.date = found.to_doc_date(format!("dateline {text:?}"));
            }
            return;
        }
    }
    if meta.date.is_none() {
        // "Today, on April 24, ...": the text was written on that day
        // cheap literal prefilter: the regex is only run on paragraphs that can match
        let candidates = clean
            .split("\n\n")
            .filter(|p| p.contains("oday") || p.contains("ODAY") || p.contains("егодня"));
        for para in candidates {
            if let Some(c) = today_re().captures(para) {
                if let Some(found) = dates::find_written_dates(&c["date"]).into_iter().next() {
                    let ev = c.get(0).expect("match").as_str();
                    meta.date = found.to_doc_date(format!("{ev:?} in the text"));
                    return;
                }
            }
        }
    }
}

fn set_dateline(meta: &mut Metadata, place: Option<String>, agency: Option<String>, text: String) {
    if meta.outlet.is_none() {
        meta.outlet = agency.clone();
    }
    meta.dateline = Some(Dateline {
        place,
        agency,
        text,
    });
}

/// A title from the first paragraph when it reads like a headline: short, not a sentence,
/// not a salutation, not a dateline paragraph.
pub fn title_from_text(clean: &str) -> Option<String> {
    let mut paras = clean.split("\n\n");
    let first = paras.next()?;
    paras.next()?; // a one-paragraph text has no separate headline
    let core = strip_decoration(first);
    let words = core.split_whitespace().count();
    if core.is_empty() || words > 40 || core.len() > 320 {
        return None;
    }
    if first.trim_end().ends_with(['.', ',', ';', ':']) || dateline_re().is_match(core) {
        return None;
    }
    if !core
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || c == '«' || c == '"')
    {
        return None;
    }
    Some(core.to_string())
}

/// Hashtags in order of first use, without `#`.
pub fn hashtags(text: &str) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?:^|[^\w&/#])#(\w{2,64})").expect("hashtag regex"));
    let mut out: Vec<String> = Vec::new();
    if !text.contains('#') {
        return out;
    }
    for c in re.captures_iter(text) {
        let tag = &c[1];
        if tag.chars().all(|ch| ch.is_ascii_digit()) {
            continue;
        }
        if !out.iter().any(|t| t == tag) {
            out.push(tag.to_string());
        }
    }
    out
}

/// Host of a URL without `www.`, used as the outlet when nothing better names it.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && host.contains('.')).then(|| host.to_lowercase())
}

/// A post's title: its first line without decoration, cut at a word boundary.
pub fn title_from_first_line(clean: &str) -> Option<String> {
    // the first line that is not a dateline ("📍 Moscow, March 20, 2023")
    let first = clean
        .split('\n')
        .map(str::trim)
        .find(|l| !l.is_empty() && !dateline_re().is_match(strip_decoration(l)))?;
    let core = strip_decoration(first);
    if core.is_empty() {
        return None;
    }
    if core.chars().count() <= 300 {
        return Some(core.to_string());
    }
    let mut cut: String = core.chars().take(300).collect();
    if let Some(sp) = cut.rfind(' ') {
        cut.truncate(sp);
    }
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':', ' '])))
}

/// Final touches shared by every reader: dateline, title fallback, hashtags, outlet from the
/// URL, year inference for partial dates. `post` marks channel posts, whose first line is
/// their title.
pub fn finish(clean: &str, meta: &mut Metadata, post: bool) {
    read_dateline(clean, meta);
    if meta.title.is_none() {
        meta.title = if post {
            title_from_first_line(clean)
        } else {
            title_from_text(clean)
        };
    }
    let tags = hashtags(clean);
    for t in tags {
        if !meta.hashtags.contains(&t) {
            meta.hashtags.push(t);
        }
    }
    if meta.outlet.is_none() {
        meta.outlet = meta.url.as_deref().and_then(url_host);
    }
    if let Some(d) = meta.date.as_mut() {
        dates::infer_year(d, clean);
    }
}

/// Sets `meta.date` from a structured field when the document had none.
pub fn set_date(meta: &mut Metadata, date: Option<DocDate>) {
    if meta.date.is_none() {
        meta.date = date;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::line_paragraphs;

    #[test]
    fn header_lines_become_metadata() {
        let t = "Talks ended | Latest news The Daily Wire\n01 December 2023\n\nTalks ended\n\nBody text.\n\nSource: https://www.example.org/a/1/\n";
        let mut paras = line_paragraphs(t, 0, t.len());
        let mut meta = Metadata::default();
        read_header(t, &mut paras, &mut meta);
        assert_eq!(meta.title.as_deref(), Some("Talks ended"));
        assert_eq!(meta.outlet.as_deref(), Some("The Daily Wire"));
        assert_eq!(meta.date.as_ref().unwrap().iso(), "2023-12-01");
        assert_eq!(meta.url.as_deref(), Some("https://www.example.org/a/1/"));
        assert_eq!(paras.iter().filter(|p| p.removed.is_some()).count(), 3);
    }

    #[test]
    fn datelines() {
        let mut m = Metadata::default();
        read_dateline("MOSCOW, November 9. /TASS/. Russia said", &mut m);
        let d = m.dateline.as_ref().unwrap();
        assert_eq!(
            (d.place.as_deref(), d.agency.as_deref()),
            (Some("MOSCOW"), Some("TASS"))
        );
        assert_eq!(m.outlet.as_deref(), Some("TASS"));
        assert_eq!(m.date.as_ref().unwrap().iso(), "--11-09");

        let mut m = Metadata::default();
        read_dateline("МОСКВА, 9 ноября. /ТАСС/. Россия", &mut m);
        assert_eq!(m.dateline.as_ref().unwrap().agency.as_deref(), Some("ТАСС"));
        assert_eq!(m.date.as_ref().unwrap().iso(), "--11-09");

        let mut m = Metadata::default();
        read_dateline("Heading\n\n📍 Moscow, March 20, 2023\n\nText", &mut m);
        assert_eq!(m.date.as_ref().unwrap().iso(), "2023-03-20");

        let mut m = Metadata::default();
        read_dateline(
            "Statement by the Minister (New York, July 16, 2024)\n\nText",
            &mut m,
        );
        assert_eq!(
            m.dateline.as_ref().unwrap().place.as_deref(),
            Some("New York")
        );
        assert_eq!(m.date.as_ref().unwrap().iso(), "2024-07-16");

        let mut m = Metadata::default();
        read_dateline("Russia and Kazakhstan, both members, said", &mut m);
        assert!(m.dateline.is_none());
    }

    #[test]
    fn titles() {
        assert_eq!(
            title_from_text("Talks in Geneva — diplomat\n\nBody."),
            Some("Talks in Geneva — diplomat".into())
        );
        assert_eq!(title_from_text("Mr. President,\n\nBody."), None);
        assert_eq!(title_from_text("A sentence that ends.\n\nBody."), None);
        assert_eq!(title_from_text("Only one paragraph"), None);
    }

    #[test]
    fn tags() {
        assert_eq!(
            hashtags("#CSTO, the #EAEU and #CSTO; a&#39; #1 x#y"),
            vec!["CSTO", "EAEU"]
        );
        assert_eq!(
            url_host("https://www.mid.ru/ru/news/1/"),
            Some("mid.ru".into())
        );
    }
}
