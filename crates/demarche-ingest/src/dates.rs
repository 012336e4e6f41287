//! Publication dates: structured forms (ISO 8601, RFC 2822, Unix time) and the written
//! forms found in headers and datelines, in English and Russian. A date without a year stays
//! partial unless the document itself supports a year.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use demarche_model::{DocDate, Precision};
use regex::Regex;

const EN_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Russian month stems: nominative and genitive forms share them ("январь", "января").
const RU_MONTHS: [&str; 12] = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
];

/// Month number (1–12) of an English or Russian month name or its abbreviation.
pub fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w.is_ascii() {
        for (i, m) in EN_MONTHS.iter().enumerate() {
            if *m == w || (w.len() >= 3 && m.starts_with(&w) && (w.len() == 3 || w == "sept")) {
                return Some(i as u8 + 1);
            }
        }
        return None;
    }
    // Russian: "мая"/"май" are special (stem "ма" is too short to match by prefix).
    match w.as_str() {
        "май" | "мая" => return Some(5),
        "март" | "марта" => return Some(3),
        _ => {}
    }
    for (i, stem) in RU_MONTHS.iter().enumerate() {
        if i == 4 || i == 2 {
            continue;
        }
        if w.starts_with(stem) && w.chars().count() <= stem.chars().count() + 2 {
            return Some(i as u8 + 1);
        }
    }
    // abbreviations: "янв", "фев", "сент", "окт", "нояб", "дек"
    const RU_ABBR: [(&str, u8); 11] = [
        ("янв", 1),
        ("фев", 2),
        ("апр", 4),
        ("авг", 8),
        ("сен", 9),
        ("сент", 9),
        ("окт", 10),
        ("ноя", 11),
        ("нояб", 11),
        ("дек", 12),
        ("мар", 3),
    ];
    RU_ABBR.iter().find(|(a, _)| *a == w).map(|&(_, m)| m)
}

fn weekday_of(word: &str) -> Option<Weekday> {
    let w = word.trim_end_matches([',', '.']).to_lowercase();
    let table: [(&[&str], Weekday); 7] = [
        (&["monday", "mon", "понедельник"], Weekday::Mon),
        (&["tuesday", "tue", "tues", "вторник"], Weekday::Tue),
        (&["wednesday", "wed", "среда", "среду"], Weekday::Wed),
        (&["thursday", "thu", "thurs", "четверг"], Weekday::Thu),
        (&["friday", "fri", "пятница", "пятницу"], Weekday::Fri),
        (&["saturday", "sat", "суббота", "субботу"], Weekday::Sat),
        (&["sunday", "sun", "воскресенье"], Weekday::Sun),
    ];
    table
        .iter()
        .find(|(names, _)| names.contains(&w.as_str()))
        .map(|(_, d)| *d)
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// A date found in running text, before any year inference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the searched text.
    pub start: usize,
    /// End of the match.
    pub end: usize,
    /// Year, if written.
    pub year: Option<i32>,
    /// Month, if written.
    pub month: Option<u8>,
    /// Day, if written.
    pub day: Option<u8>,
    /// Weekday, if written.
    pub weekday: Option<Weekday>,
}

impl Found {
    /// Turns the found date into a document date with its evidence.
    pub fn to_doc_date(&self, evidence: String) -> Option<DocDate> {
        let precision = match (self.year, self.month, self.day) {
            (Some(_), Some(_), Some(_)) => Precision::Day,
            (Some(_), Some(_), None) => Precision::Month,
            (Some(_), None, None) => Precision::Year,
            (None, Some(_), Some(_)) => Precision::MonthDay,
            (None, Some(_), None) => Precision::MonthOnly,
            _ => return None,
        };
        Some(DocDate {
            year: self.year,
            month: self.month,
            day: self.day,
            time: None,
            weekday: self.weekday.map(|w| weekday_name(w).to_string()),
            precision,
            evidence,
        })
    }

    fn is_valid(&self) -> bool {
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                let y = self.year.unwrap_or(2000); // a leap year, so Feb 29 passes
                NaiveDate::from_ymd_opt(y, m as u32, d as u32).is_some()
            }
            (Some(m), None) => (1..=12).contains(&m),
            _ => true,
        }
    }
}

fn written_date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Weekday? then "9 November 2023" | "November 9, 2023" | "November 9" | "9 ноября 2023 г."
        Regex::new(
            r"(?xi)
            (?:(?P<wd>\p{L}{3,12}),?\s+)?
            (?:
              (?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>\p{L}{3,9}\.?)(?:,?\s+(?P<y1>\d{4}))?
            | (?P<m2>\p{L}{3,9}\.?)\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{4}))?
            | (?P<m3>\p{L}{3,9})\s+(?P<y3>\d{4})
            )
            \b",
        )
        .expect("date regex")
    })
}

/// Finds written dates ("November 9", "01 December 2023", "Sunday, October 6",
/// "9 ноября 2023 года") in `text`, in order.
pub fn find_written_dates(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for c in written_date_re().captures_iter(text) {
        let whole = c.get(0).expect("match");
        let (day, month, year) = if let Some(m) = c.name("m1") {
            (c.name("d1"), m, c.name("y1"))
        } else if let Some(m) = c.name("m2") {
            (c.name("d2"), m, c.name("y2"))
        } else if let Some(m) = c.name("m3") {
            (None, m, c.name("y3"))
        } else {
            continue;
        };
        let Some(month) = month_number(month.as_str()) else {
            continue;
        };
        let day = day.and_then(|d| d.as_str().parse::<u8>().ok());
        let year = year
            .and_then(|y| y.as_str().parse::<i32>().ok())
            .filter(|y| (1800..=2200).contains(y));
        let (weekday, start) = match c
            .name("wd")
            .and_then(|w| weekday_of(w.as_str()).map(|d| (d, w.start())))
        {
            Some((d, s)) => (Some(d), s),
            None => {
                // The optional weekday group matched a non-weekday word: start after it.
                let s = c
                    .name("d1")
                    .or(c.name("m2"))
                    .or(c.name("m3"))
                    .map(|m| m.start())
                    .unwrap_or(whole.start());
                (None, s)
            }
        };
        let f = Found {
            start,
            end: whole.end(),
            year,
            month: Some(month),
            day,
            weekday,
        };
        if f.is_valid() && (f.day.is_some() || f.year.is_some()) {
            out.push(f);
        }
    }
    out
}

/// Parses a date that is the whole of `s` (a header line such as "01 December 2023" or
/// "Sunday, October 6", or an ISO date).
pub fn parse_date_line(s: &str) -> Option<Found> {
    let t = s.trim().trim_end_matches(['.', ',']);
    if t.is_empty() || t.len() > 60 {
        return None;
    }
    if let Some(d) = parse_iso(t) {
        return Some(Found {
            start: 0,
            end: s.len(),
            year: d.year,
            month: d.month,
            day: d.day,
            weekday: None,
        });
    }
    let found = find_written_dates(t);
    let f = found.first()?;
    // The date must be (nearly) the whole line: allow a trailing time or "г."/"года".
    let rest = t[f.end..].trim();
    let rest_ok = rest.is_empty()
        || rest
            .trim_start_matches([',', '-', '|', '—'])
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c.is_whitespace())
        || matches!(rest, "г" | "г." | "года" | "год");
    if f.start <= 1 && rest_ok {
        Some(f.clone())
    } else {
        None
    }
}

/// A structured date (ISO 8601 / RFC 3339, RFC 2822, Unix seconds).
pub fn parse_structured(s: &str, evidence: &str) -> Option<DocDate> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(t) {
        return Some(full(dt.naive_local(), evidence));
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
        return Some(full(dt.naive_local(), evidence));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(t, fmt) {
            return Some(full(dt, evidence));
        }
    }
    // "2023-12-01T10:00:00+0300" and similar
    if let Ok(dt) = chrono::DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%z") {
        return Some(full(dt.naive_local(), evidence));
    }
    if let Some(mut d) = parse_iso(t) {
        d.evidence = evidence.to_string();
        return Some(d);
    }
    if t.len() >= 9 && t.len() <= 11 && t.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = t.parse().ok()?;
        let dt = chrono::DateTime::from_timestamp(secs, 0)?;
        return Some(full(dt.naive_utc(), evidence));
    }
    // written dates as a last resort ("Tue, 9 Nov 2021" variants chrono refused)
    let f = parse_date_line(t)?;
    f.to_doc_date(evidence.to_string())
}

fn full(dt: chrono::NaiveDateTime, evidence: &str) -> DocDate {
    let time = dt.format("%H:%M:%S").to_string();
    let midnight = time == "00:00:00";
    DocDate {
        year: Some(dt.year()),
        month: Some(dt.month() as u8),
        day: Some(dt.day() as u8),
        time: if midnight { None } else { Some(time) },
        weekday: None,
        precision: if midnight {
            Precision::Day
        } else {
            Precision::Time
        },
        evidence: evidence.to_string(),
    }
}

/// `2023-12-01`, `2023-12`, `2023` (at the start of `t`, nothing but a time after it).
fn parse_iso(t: &str) -> Option<DocDate> {
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|s| s.iter().all(u8::is_ascii_digit))
            .map(|_| &t[r])
    };
    let y: i32 = digits(0..4)?.parse().ok()?;
    if !(1800..=2200).contains(&y) {
        return None;
    }
    if b.len() == 4 {
        return None; // a bare year is too weak as a structured date on its own
    }
    if b.get(4) != Some(&b'-') {
        return None;
    }
    let m: u8 = digits(5..7)?.parse().ok()?;
    if b.len() == 7 {
        return (1..=12).contains(&m).then(|| DocDate {
            year: Some(y),
            month: Some(m),
            day: None,
            time: None,
            weekday: None,
            precision: Precision::Month,
            evidence: String::new(),
        });
    }
    if b.get(7) != Some(&b'-') {
        return None;
    }
    let d: u8 = digits(8..10)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m as u32, d as u32)?;
    if b.len() > 10 && !matches!(b[10], b'T' | b' ') {
        return None;
    }
    Some(DocDate {
        year: Some(y),
        month: Some(m),
        day: Some(d),
        time: None,
        weekday: None,
        precision: Precision::Day,
        evidence: String::new(),
    })
}

/// Gives a partial date a year when the document supports exactly one: the date names a
/// weekday, and exactly one of the years the document mentions puts that day on that
/// weekday. Otherwise the date is left partial.
pub fn infer_year(date: &mut DocDate, text: &str) {
    if date.year.is_some() {
        return;
    }
    let (Some(m), Some(d), Some(wd)) = (date.month, date.day, date.weekday.as_deref()) else {
        return;
    };
    let Some(wd) = weekday_of(wd) else { return };
    let mut years: Vec<i32> = mentioned_years(text);
    years.sort_unstable();
    years.dedup();
    let fits: Vec<i32> = years
        .into_iter()
        .filter(|&y| {
            NaiveDate::from_ymd_opt(y, m as u32, d as u32).is_some_and(|nd| nd.weekday() == wd)
        })
        .collect();
    if let [y] = fits[..] {
        date.year = Some(y);
        date.precision = Precision::Day;
        date.evidence.push_str(&format!(
            "; year {y}: the only year mentioned in the text on which {m:02}-{d:02} is a {}",
            weekday_name(wd)
        ));
    }
}

/// Four-digit years 1900–2099 written in the text.
pub fn mentioned_years(text: &str) -> Vec<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\b(19|20)\d{2}\b").expect("year regex"));
    re.find_iter(text)
        .filter_map(|m| m.as_str().parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(month_number("November"), Some(11));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("ноября"), Some(11));
        assert_eq!(month_number("мая"), Some(5));
        assert_eq!(month_number("марта"), Some(3));
        assert_eq!(month_number("Marching"), None);
        assert_eq!(month_number("ма"), None);
    }

    #[test]
    fn header_lines() {
        let f = parse_date_line("01 December 2023").unwrap();
        assert_eq!((f.year, f.month, f.day), (Some(2023), Some(12), Some(1)));
        let f = parse_date_line("Sunday, October 6").unwrap();
        assert_eq!(
            (f.year, f.month, f.day, f.weekday),
            (None, Some(10), Some(6), Some(Weekday::Sun))
        );
        let f = parse_date_line("9 ноября 2021 г.").unwrap();
        assert_eq!((f.year, f.month, f.day), (Some(2021), Some(11), Some(9)));
        assert!(parse_date_line("Speech and answers to questions").is_none());
        assert!(parse_date_line("May the talks succeed").is_none());
    }

    #[test]
    fn written_dates_in_text() {
        let found =
            find_written_dates("MOSCOW, November 9. /TASS/. Russia said on March 20, 2023 that");
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].month, found[0].day, found[0].year),
            (Some(11), Some(9), None)
        );
        assert_eq!(
            (found[1].month, found[1].day, found[1].year),
            (Some(3), Some(20), Some(2023))
        );
        assert!(find_written_dates("February 30").is_empty());
    }

    #[test]
    fn structured() {
        let d = parse_structured("Tue, 09 Nov 2021 10:15:00 +0300", "rss").unwrap();
        assert_eq!(d.iso(), "2021-11-09T10:15:00");
        let d = parse_structured("2023-01-01T10:00:00", "telegram").unwrap();
        assert_eq!(d.precision, Precision::Time);
        let d = parse_structured("2022-03", "x").unwrap();
        assert_eq!(d.iso(), "2022-03");
        assert!(parse_structured("yesterday", "x").is_none());
        assert!(parse_structured("2022-13-40", "x").is_none());
    }

    #[test]
    fn year_is_inferred_only_from_weekday_evidence() {
        let f = parse_date_line("Sunday, October 6").unwrap();
        let mut d = f.to_doc_date("header".into()).unwrap();
        infer_year(&mut d, "In 2022 we met; in 2015 the regime was introduced.");
        assert_eq!(d.year, None, "October 6 was no Sunday in 2015 or 2022");
        infer_year(&mut d, "The 2024 session and the 2022 talks.");
        assert_eq!(d.year, Some(2024));
        assert_eq!(d.precision, Precision::Day);
    }
}
