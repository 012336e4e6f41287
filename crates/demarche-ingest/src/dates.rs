//! Publication dates: structured forms (ISO 8601, RFC 2822, Unix time) and the written
//! forms found in headers and datelines, in English and Russian. A date without a year stays
//! partial unless the document itself supports a year.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use demarche_model::{DocDate, Precision};
use regex::Regex;

/// What a label word says about the date next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    /// "published", "опубликовано", "veröffentlicht".
    Published,
    /// "updated", "обновлено", "aktualisiert".
    Modified,
}

/// The words of `data/date-words.tsv`: month forms of every language listed there, and
/// label words.
struct Lexicon {
    months: HashMap<String, u8>,
    labels: Vec<(String, Label)>,
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut months = HashMap::new();
        let mut labels = Vec::new();
        for line in include_str!("../data/date-words.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [_, kind, value, forms] = cols[..] else {
                continue;
            };
            for form in forms.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                match kind {
                    "month" => {
                        if let Ok(m) = value.parse::<u8>() {
                            months.insert(form.trim_end_matches('.').to_string(), m);
                        }
                    }
                    "label" => labels.push((
                        form.to_string(),
                        if value == "modified" {
                            Label::Modified
                        } else {
                            Label::Published
                        },
                    )),
                    _ => {}
                }
            }
        }
        // longest first, so that "last updated" is found before "updated"
        labels.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Lexicon { months, labels }
    })
}

/// Month number (1–12) of a month name or abbreviation in any language of the lexicon
/// (`data/date-words.tsv`), in any inflected form it lists.
pub fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    lexicon().months.get(&w).copied()
}

/// The label word nearest before the end of `text` (within its last 40 characters), if any:
/// what the page says the date after it is.
pub fn label_before(text: &str) -> Option<Label> {
    let mut start = text.len().saturating_sub(48);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let tail = text[start..].to_lowercase();
    label_in(&tail)
}

/// The label word in a short text (a class name, an attribute key, a line), if any; the one
/// that ends last wins.
pub fn label_in(text: &str) -> Option<Label> {
    let lower = text.to_lowercase();
    let mut best: Option<(usize, Label)> = None;
    for (w, l) in &lexicon().labels {
        if let Some(i) = lower.rfind(w.as_str()) {
            let before_ok = lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let end = i + w.len();
            if before_ok && best.is_none_or(|(e, _)| end > e) {
                best = Some((end, *l));
            }
        }
    }
    best.map(|(_, l)| l)
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
    /// How the day and month were told apart.
    pub order: DayOrder,
}

/// How a found date tells its day from its month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayOrder {
    /// The month is a word.
    Written,
    /// `2023-12-01`.
    YearFirst,
    /// `13.12.2023`: the first number cannot be a month.
    DayFirst,
    /// `12/13/2023`: the second number cannot be a month.
    MonthFirst,
    /// `05.06.2023`: either number could be the month; both readings are given.
    Ambiguous,
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
            offset: None,
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
        // Weekday? then "9 November 2023" | "9. November 2023" | "9 de noviembre de 2023" |
        // "1er janvier 2023" | "November 9, 2023" | "November 9" | "9 ноября 2023 г." |
        // "November 2023"
        Regex::new(
            r"(?xi)
            (?:(?P<wd>\p{L}{3,12})[.,]?\s+)?
            (?:
              (?P<d1>\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?\s*(?:de\s+|of\s+)?(?P<m1>\p{L}{3,12}\.?)
                (?:,?\s*(?:de\s+|del\s+)?(?P<y1>\d{4}))?
            | (?P<m2>\p{L}{3,12}\.?)\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{4}))?
            | (?P<m3>\p{L}{3,12})\.?\s+(?:de\s+)?(?P<y3>\d{4})
            )
            \b",
        )
        .expect("date regex")
    })
}

fn numeric_date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // 2023-12-01, 2023/12/01, 2023.12.01 | 01.12.2023, 01/12/2023, 01-12-2023, 1.12.23
        Regex::new(
            r"(?x)
            (?:^|[^\d.:/-])
            (?:
              (?P<y>(?:19|20)\d\d)(?P<s1>[-/.])\ ?(?P<m>\d{1,2})(?P<s2>[-/.])\ ?(?P<d>\d{1,2})
            | (?P<a>\d{1,2})(?P<s3>[-/.])\ ?(?P<b>\d{1,2})(?P<s4>[-/.])\ ?(?P<y2>(?:19|20)\d\d|\d\d)
            )
            (?:$|[^\d/-]|[.-][^\d])",
        )
        .expect("numeric date regex")
    })
}

/// Finds written dates ("November 9", "01 December 2023", "Sunday, October 6",
/// "9 ноября 2023 года", "9. November 2023", "9 de noviembre de 2023") in `text`, in order.
pub fn find_written_dates(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
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
            order: DayOrder::Written,
        };
        if f.is_valid() && (f.day.is_some() || f.year.is_some()) {
            out.push(f);
        }
    }
    out
}

/// Finds numeric dates in `text`: year first (`2023-12-01`, `2023/12/01`) or last
/// (`01.12.2023`, `12/01/2023`, `1.12.23`). A date whose first two numbers could each be
/// the day is given in both readings, day first and then month first, each marked
/// [`DayOrder::Ambiguous`], so that the caller can weigh them; two-digit years are 20xx.
pub fn find_numeric_dates(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    if !b.windows(2).any(|w| {
        w[0].is_ascii_digit() && matches!(w[1], b'-' | b'/' | b'.')
            || matches!(w[0], b'-' | b'/' | b'.') && w[1].is_ascii_digit()
    }) {
        return out;
    }
    for c in numeric_date_re().captures_iter(text) {
        let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        if let (Some(y), Some(m), Some(d)) = (num("y"), num("m"), num("d")) {
            if c["s1"] != c["s2"] {
                continue;
            }
            let start = c.name("y").expect("year").start();
            let end = c.name("d").expect("day").end();
            push_numeric(&mut out, start, end, y as i32, m, d, DayOrder::YearFirst);
            continue;
        }
        let (Some(a), Some(bb), Some(y)) = (num("a"), num("b"), num("y2")) else {
            continue;
        };
        if c["s3"] != c["s4"] {
            continue;
        }
        let ylen = c.name("y2").map_or(0, |m| m.as_str().len());
        let y = if ylen == 2 { 2000 + y as i32 } else { y as i32 };
        let start = c.name("a").expect("a").start();
        let end = c.name("y2").expect("year").end();
        if a > 12 || bb > 12 {
            let (d, m) = if a > 12 { (a, bb) } else { (bb, a) };
            let order = if a > 12 {
                DayOrder::DayFirst
            } else {
                DayOrder::MonthFirst
            };
            push_numeric(&mut out, start, end, y, m, d, order);
        } else if a == bb {
            push_numeric(&mut out, start, end, y, bb, a, DayOrder::DayFirst);
        } else {
            push_numeric(&mut out, start, end, y, bb, a, DayOrder::Ambiguous);
            push_numeric(&mut out, start, end, y, a, bb, DayOrder::Ambiguous);
        }
    }
    out
}

fn push_numeric(
    out: &mut Vec<Found>,
    start: usize,
    end: usize,
    y: i32,
    m: u32,
    d: u32,
    order: DayOrder,
) {
    if !(1900..=2200).contains(&y) || NaiveDate::from_ymd_opt(y, m, d).is_none() {
        return;
    }
    out.push(Found {
        start,
        end,
        year: Some(y),
        month: Some(m as u8),
        day: Some(d as u8),
        weekday: None,
        order,
    });
}

/// Every full or partial date in `text`, written or numeric, in order of position.
pub fn find_dates(text: &str) -> Vec<Found> {
    let mut v = find_written_dates(text);
    v.extend(find_numeric_dates(text));
    v.sort_by_key(|f| (f.start, f.end));
    v
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
            order: DayOrder::YearFirst,
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

/// A structured date (ISO 8601 / RFC 3339, RFC 2822, Unix seconds or milliseconds). The
/// source's local date and time are kept with its offset from UTC when it gives one (`Z`,
/// `+03:00`, `-0500`, `GMT`); Unix time is UTC.
pub fn parse_structured(s: &str, evidence: &str) -> Option<DocDate> {
    let t = s.trim();
    if t.is_empty() || t.len() > 80 {
        return None;
    }
    if let Some(d) = parse_timestamp(t, evidence) {
        return Some(d);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(t) {
        let off = (dt.offset().local_minus_utc() / 60) as i16;
        return Some(full(dt.naive_local(), evidence, Some(off)));
    }
    if let Some(mut d) = parse_iso(t) {
        d.evidence = evidence.to_string();
        return Some(d);
    }
    if (9..=13).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = t.parse().ok()?;
        let secs = if t.len() == 13 { n / 1000 } else { n };
        let dt = chrono::DateTime::from_timestamp(secs, 0)?;
        return Some(full(dt.naive_utc(), evidence, Some(0)));
    }
    // written dates as a last resort ("Tue, 9 Nov 2021" variants chrono refused)
    let f = parse_date_line(t)?;
    f.to_doc_date(evidence.to_string())
}

/// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][offset]`, the offset `Z`, `UTC`, `GMT`, `±HH`, `±HHMM` or
/// `±HH:MM`.
fn parse_timestamp(t: &str, evidence: &str) -> Option<DocDate> {
    let b = t.as_bytes();
    if b.len() < 16 || !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let date = NaiveDate::parse_from_str(&t[..10], "%Y-%m-%d").ok()?;
    let rest = &t[11..];
    let tend = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let time_txt = &rest[..tend];
    let mut hms = time_txt.split([':']);
    let h: u32 = hms.next()?.parse().ok()?;
    let m: u32 = hms.next()?.parse().ok()?;
    let sec: u32 = match hms.next() {
        Some(x) => x.split(['.', ',']).next()?.parse().ok()?,
        None => 0,
    };
    let time = chrono::NaiveTime::from_hms_opt(h, m, sec)?;
    let zone = rest[tend..].trim();
    let offset = match zone {
        "" => None,
        "Z" | "z" | "UTC" | "GMT" => Some(0),
        _ => Some(parse_offset(zone)?),
    };
    Some(full(date.and_time(time), evidence, offset))
}

/// `+03:00`, `-0500`, `+03` → minutes east of UTC.
fn parse_offset(z: &str) -> Option<i16> {
    let (sign, digits) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i16>().ok()?, 0),
        4 => (
            digits[..2].parse::<i16>().ok()?,
            digits[2..].parse::<i16>().ok()?,
        ),
        _ => return None,
    };
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

/// Gives a local date and time the offset that a Unix timestamp of the same moment implies
/// (a Telegram export writes both: `"date": "2023-01-01T13:00:00"` and `"date_unixtime":
/// "1672567200"`, the export machine's local time and the absolute time). Leaves the date
/// alone when the two are more than 14 hours apart or not on a quarter hour.
pub fn set_offset_from_unix(date: &mut DocDate, unix: i64) {
    if date.offset.is_some() || date.time.is_none() {
        return;
    }
    let probe = DocDate {
        offset: Some(0),
        ..date.clone()
    };
    let Some(as_utc) = probe.utc_seconds() else {
        return;
    };
    let diff = as_utc - unix;
    if diff.abs() <= 14 * 3600 && diff % 900 == 0 {
        date.offset = Some((diff / 60) as i16);
    }
}

fn full(dt: chrono::NaiveDateTime, evidence: &str, offset: Option<i16>) -> DocDate {
    let time = dt.format("%H:%M:%S").to_string();
    let midnight = time == "00:00:00" && offset.is_none();
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
        offset: if midnight { None } else { offset },
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
            offset: None,
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
        offset: None,
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
        assert_eq!(d.iso(), "2021-11-09T10:15:00+03:00");
        assert_eq!(d.local_iso(), "2021-11-09T10:15:00");
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
