//! Dates and times in English and Russian, absolute and relative, resolved against the
//! document's date when it is known.
//!
//! Each expression gets a kind (`date`, `range`, `time`, `vague`), a precision (`day`,
//! `week`, `month`, `year`, `decade`), and, when it can be placed on the calendar, the
//! interval of days it covers (`from`, `to`, inclusive) and a value in ISO 8601 style
//! (`2023-11-09`, `2023-11`, `2023`, `2023-W45`, `199X`, `2020/2022`). A relative expression
//! ("on Tuesday", "last month", "позавчера") without a document date, or a day and month
//! without a year, is kept with what is known (`XXXX-02-15`) and `from`/`to` left empty.
//! Vague expressions ("in the near future", "в ближайшее время") are marked and get no date.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, TimeDelta};
use demarche_kb::Day;
use demarche_model::Span;

use std::borrow::Cow;

use crate::lex::{lex, Lexed, Tok, K};

/// What kind of time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeKind {
    /// A day, week, month, year or decade.
    Date,
    /// An interval between two dates ("in 2020-2022", "from 2014 to 2022").
    Range,
    /// A clock time ("at 10:30").
    Time,
    /// A time that cannot be placed ("soon", "in the coming years").
    Vague,
}

impl TimeKind {
    /// Name used in output.
    pub fn name(&self) -> &'static str {
        match self {
            TimeKind::Date => "date",
            TimeKind::Range => "range",
            TimeKind::Time => "time",
            TimeKind::Vague => "vague",
        }
    }
}

/// How precise a date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// One day.
    Day,
    /// A Monday-to-Sunday week.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
    /// Ten years.
    Decade,
}

impl Precision {
    /// Name used in output.
    pub fn name(&self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Decade => "decade",
        }
    }
}

/// One time expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Timex {
    /// The words (bytes).
    pub span: Span,
    /// Date, range, time or vague.
    pub kind: TimeKind,
    /// ISO 8601 style value; `X` stands for what is unknown. `None` for vague expressions
    /// and for relative ones without a document date.
    pub value: Option<String>,
    /// First day covered, when resolved.
    pub from: Option<Day>,
    /// Last day covered, when resolved.
    pub to: Option<Day>,
    /// Precision of the date (of each end for a range).
    pub precision: Option<Precision>,
    /// Whether it depends on the document date ("yesterday", "last month", "on Tuesday",
    /// a day and month without a year).
    pub relative: bool,
    /// "early", "mid", "late", "start", "end", "since", "until", "before", "after".
    pub modifier: Option<&'static str>,
}

// ---------------------------------------------------------------------------------------
// Calendar arithmetic on chrono's proleptic Gregorian calendar, with days counted from
// 1970-01-01 so that offsets are plain integers.

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// The date, with a month out of range clamped and a day past the month's end (a bound such
/// as "2023-11-31") moved to its last day.
fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    let m = m.clamp(1, 12);
    let d = d.clamp(1, month_len(y, m));
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    (date(y, m, d) - epoch()).num_days()
}

fn to_date(z: i64) -> NaiveDate {
    epoch()
        .checked_add_signed(TimeDelta::days(z))
        .unwrap_or_default()
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let d = to_date(z);
    (d.year(), d.month(), d.day())
}

fn month_len(y: i32, m: u32) -> u32 {
    NaiveDate::from_ymd_opt(y, m, 1).map_or(31, |d| u32::from(d.num_days_in_month()))
}

fn ymd(d: Day) -> (i32, u32, u32) {
    let v = d.0;
    ((v / 10000) as i32, (v / 100) % 100, v % 100)
}

fn day(y: i32, m: u32, d: u32) -> Day {
    Day(y.max(0) as u32 * 10000 + m * 100 + d)
}

fn day_of(z: i64) -> Day {
    let (y, m, d) = civil_from_days(z);
    day(y, m, d)
}

/// Monday = 0.
fn weekday(z: i64) -> i64 {
    i64::from(to_date(z).weekday().num_days_from_monday())
}

// ---------------------------------------------------------------------------------------
// Lexicon.

fn en_month(w: &str) -> Option<u32> {
    let w = w.strip_suffix('.').unwrap_or(w);
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// Russian month names in every case ("ноября", "ноябре", "ноябрь").
fn ru_month(w: &str) -> Option<u32> {
    const STEMS: [&str; 12] = [
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
    for (i, s) in STEMS.iter().enumerate() {
        if let Some(rest) = w.strip_prefix(s) {
            let ok = match i {
                // "мая", "мае", "май"
                4 => matches!(rest, "я" | "е" | "й"),
                2 | 7 => matches!(rest, "" | "а" | "е" | "у"),
                _ => matches!(rest, "ь" | "я" | "е" | "ю"),
            };
            if ok {
                return Some(i as u32 + 1);
            }
        }
    }
    None
}

/// "Nov", "Sept": an abbreviated English month name.
fn abbreviated(w: &str) -> bool {
    w.len() <= 4 && !matches!(w, "may" | "june" | "july")
}

fn en_weekday(w: &str) -> Option<i64> {
    Some(match w {
        "monday" => 0,
        "tuesday" => 1,
        "wednesday" => 2,
        "thursday" => 3,
        "friday" => 4,
        "saturday" => 5,
        "sunday" => 6,
        _ => return None,
    })
}

fn ru_weekday(w: &str) -> Option<i64> {
    Some(match w {
        "понедельник" => 0,
        "вторник" => 1,
        "среду" | "среда" => 2,
        "четверг" => 3,
        "пятницу" | "пятница" => 4,
        "субботу" | "суббота" => 5,
        "воскресенье" => 6,
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

fn unit(w: &str) -> Option<Unit> {
    Some(match w {
        "day" | "days" | "день" | "дня" | "дней" | "сутки" | "суток" => {
            Unit::Day
        }
        "week" | "weeks" | "неделю" | "недели" | "недель" | "неделе" | "неделя" => {
            Unit::Week
        }
        "month" | "months" | "месяц" | "месяца" | "месяцев" | "месяце" => {
            Unit::Month
        }
        "year" | "years" | "год" | "года" | "лет" | "году" => Unit::Year,
        _ => return None,
    })
}

/// Phrases that name a time without placing it.
const VAGUE: &[&str] = &[
    "in the near future",
    "in the foreseeable future",
    "in the future",
    "in the coming days",
    "in the coming weeks",
    "in the coming months",
    "in the coming years",
    "in the next few days",
    "in the next few weeks",
    "in the next few months",
    "in the next few years",
    "in recent days",
    "in recent weeks",
    "in recent months",
    "in recent years",
    "in the past few years",
    "in the long term",
    "in the short term",
    "in the medium term",
    "at the moment",
    "at present",
    "for the time being",
    "these days",
    "nowadays",
    "recently",
    "soon",
    "в ближайшее время",
    "в ближайшей перспективе",
    "в скором времени",
    "в последнее время",
    "в будущем",
    "в ближайшие дни",
    "в ближайшие недели",
    "в ближайшие месяцы",
    "в ближайшие годы",
    "в последние годы",
    "в последние дни",
    "в долгосрочной перспективе",
    "в среднесрочной перспективе",
    "в настоящее время",
    "на данный момент",
    "в данный момент",
    "недавно",
    "вскоре",
    "скоро",
];

// ---------------------------------------------------------------------------------------
// Expressions before resolution.

#[derive(Clone, Copy, Debug, PartialEq)]
enum Dir {
    Past,
    Next,
    Nearest,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expr {
    /// A calendar date, perhaps without its year or day.
    Abs {
        y: Option<i32>,
        m: Option<u32>,
        d: Option<u32>,
    },
    /// `n` units from the document date's unit (0 = this one).
    Rel(Unit, i64),
    /// A weekday near the document date.
    Weekday(i64, Dir),
    /// The decade starting at this year.
    Decade(i32),
    /// From one year to another.
    Years(i32, i32),
    /// A clock time.
    Time(u32, u32),
    Vague,
}

fn abs(y: Option<i32>, m: Option<u32>, d: Option<u32>) -> Expr {
    Expr::Abs { y, m, d }
}

struct Cx<'a> {
    text: &'a str,
    toks: &'a [Tok],
    low: &'a [Cow<'a, str>],
}

impl Cx<'_> {
    fn w(&self, i: usize) -> &str {
        self.low.get(i).map_or("", |s| s.as_ref())
    }
    fn orig(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.s..t.e])
    }
    fn is(&self, i: usize, k: K) -> bool {
        self.toks.get(i).is_some_and(|t| t.k == k)
    }
    fn cap(&self, i: usize) -> bool {
        self.orig(i).chars().next().is_some_and(char::is_uppercase)
    }
    fn num(&self, i: usize) -> Option<u32> {
        if !self.is(i, K::Num) {
            return None;
        }
        self.orig(i).parse().ok()
    }
    /// A day of the month: `9`, `09`, `9th`.
    fn mday(&self, i: usize) -> Option<u32> {
        if !self.is(i, K::Num) {
            return None;
        }
        let t = self.orig(i);
        let digits: &str = &t[..t.bytes().take_while(u8::is_ascii_digit).count()];
        let suffix = &t[digits.len()..];
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "-го" | "-е") {
            return None;
        }
        digits.parse().ok().filter(|d| (1..=31).contains(d))
    }
    fn year(&self, i: usize) -> Option<i32> {
        self.num(i)
            .filter(|y| (1000..=2200).contains(y))
            .map(|y| y as i32)
    }
    /// An English month name (capitalised) or a Russian one.
    fn month(&self, i: usize) -> Option<u32> {
        if !self.is(i, K::Word) {
            return None;
        }
        let w = self.w(i);
        if self.cap(i) {
            if let Some(m) = en_month(w) {
                // "May" and "March" are also words; abbreviations need their dot
                let abbr = abbreviated(w);
                if !abbr || self.is(i + 1, K::Punct('.')) {
                    return Some(m);
                }
            }
        }
        ru_month(w)
    }
    /// A year word after a number ("года", "г.", "year").
    fn year_word(&self, i: usize) -> usize {
        match self.w(i) {
            "год" | "года" | "году" | "годом" | "годах" | "годы" | "годов" => {
                1
            }
            "г" if self.is(i + 1, K::Punct('.')) => 2,
            "гг" if self.is(i + 1, K::Punct('.')) => 2,
            _ => 0,
        }
    }
}

/// Annotates time expressions of `text` against the document date `doc` (or, without one,
/// a full date in the first lines of the text).
pub fn annotate(text: &str, doc: Option<Day>) -> Vec<Timex> {
    annotate_lexed(text, &lex(text), doc)
}

/// [`annotate`] over tokens already made by [`lex`].
pub fn annotate_lexed(text: &str, lx: &Lexed, doc: Option<Day>) -> Vec<Timex> {
    let cx = Cx {
        text,
        toks: &lx.toks,
        low: &lx.low,
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < cx.toks.len() {
        if let Some(m) = match_at(&cx, i) {
            i = m.1;
            found.push(m);
        } else {
            i += 1;
        }
    }
    // Without a document date, a full date heading the text (a dateline, "01 December
    // 2023", "Moscow, March 20, 2023") anchors the relative expressions.
    let doc = doc.or_else(|| {
        found.iter().find_map(|&(a, _, e, _)| match e {
            Expr::Abs {
                y: Some(y),
                m: Some(m),
                d: Some(d),
            } if cx.toks[a].s < DATELINE && d <= month_len(y, m) => Some(day(y, m, d)),
            _ => None,
        })
    });
    // A month written earlier with its year ("in January 2022") gives its year to the same
    // month written later without one ("on January 10").
    let mut month_year: [Option<i32>; 13] = [None; 13];
    found
        .into_iter()
        .map(|(a, b, mut expr, modifier)| {
            if let Expr::Abs { y, m: Some(m), .. } = &mut expr {
                let slot = &mut month_year[*m as usize];
                match y {
                    Some(y) => *slot = Some(*y),
                    None => *y = *slot,
                }
            }
            let span = Span::new(cx.toks[a].s as u32, cx.toks[b - 1].e as u32);
            let mut t = resolve(&cx, span, expr, modifier, doc, a);
            if let Expr::Abs { m: Some(m), .. } = expr {
                let explicit = cx.text[span.range()]
                    .bytes()
                    .filter(u8::is_ascii_digit)
                    .count()
                    >= 4;
                t.relative |= !explicit && month_year[m as usize].is_some();
            }
            t
        })
        .collect()
}

/// How far into a text a full date still counts as its dateline (bytes).
const DATELINE: usize = 300;

/// Tries every pattern at token `i`: (first token, end token, expression, modifier).
fn match_at(cx: &Cx, i: usize) -> Option<(usize, usize, Expr, Option<&'static str>)> {
    // modifiers that open the expression
    let (mut mods, j) = modifier(cx, i);
    if mods.is_none() && cx.w(i).starts_with("mid-") {
        mods = Some("mid");
    }
    if let Some((b, e)) = core(cx, j) {
        if mods.is_some() && !matches!(e, Expr::Time(..) | Expr::Vague) || j == i {
            // "с 2014 по 2022 год": the preposition opens the range, it does not modify it
            let mods = mods.filter(|_| !matches!(e, Expr::Years(..)));
            return Some((i, b, e, mods));
        }
        return None;
    }
    if mods.is_none() {
        if let Some(b) = vague(cx, i) {
            return Some((i, b, Expr::Vague, None));
        }
    }
    None
}

/// "early", "mid-", "the end of", "в начале", "since", "until"...: (modifier, next token).
fn modifier(cx: &Cx, i: usize) -> (Option<&'static str>, usize) {
    let w = cx.w(i);
    let n = cx.w(i + 1);
    match (w, n) {
        ("early", _) | ("в", "начале") if !cx.is(i, K::Num) => {
            (Some("early"), if w == "в" { i + 2 } else { i + 1 })
        }
        ("late", _) | ("в", "конце") => (Some("late"), if w == "в" { i + 2 } else { i + 1 }),
        ("в", "середине") => (Some("mid"), i + 2),
        ("the", "beginning" | "start") if cx.w(i + 2) == "of" => (Some("early"), i + 3),
        ("the", "end") if cx.w(i + 2) == "of" => (Some("late"), i + 3),
        ("the", "middle") if cx.w(i + 2) == "of" => (Some("mid"), i + 3),
        ("since", _) | ("с", _) => (Some("since"), i + 1),
        ("by", _) | ("к", _) => (Some("by"), i + 1),
        ("until" | "till", _) | ("до", _) => (Some("until"), i + 1),
        ("before", _) => (Some("before"), i + 1),
        ("after", _) | ("после", _) => (Some("after"), i + 1),
        _ => (None, i),
    }
}

/// The vague phrases by first word, longest first.
fn vague_index() -> &'static HashMap<&'static str, Vec<Vec<&'static str>>> {
    static IX: OnceLock<HashMap<&'static str, Vec<Vec<&'static str>>>> = OnceLock::new();
    IX.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<Vec<&'static str>>> = HashMap::default();
        for p in VAGUE {
            let words: Vec<&'static str> = p.split(' ').collect();
            m.entry(words[0]).or_default().push(words[1..].to_vec());
        }
        for v in m.values_mut() {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        m
    })
}

fn vague(cx: &Cx, i: usize) -> Option<usize> {
    let rests = vague_index().get(cx.w(i))?;
    rests.iter().find_map(|rest| {
        rest.iter()
            .enumerate()
            .all(|(k, w)| cx.w(i + 1 + k) == *w)
            .then_some(i + 1 + rest.len())
    })
}

/// The expression proper at token `i`: (end token, expression).
fn core(cx: &Cx, i: usize) -> Option<(usize, Expr)> {
    let w = cx.w(i);
    // numeric dates: 2023-11-09, 09.11.2023
    if cx.is(i, K::Num) {
        if let Some(r) = numeric(cx, i) {
            return Some(r);
        }
    }
    // Month [day][,] [year]
    if let Some(m) = cx.month(i) {
        if en_month(w).is_some() {
            if let Some(d) = cx.mday(i + 1).filter(|_| !cx.is(i + 2, K::Punct(':'))) {
                let mut j = i + 2;
                let comma = cx.is(j, K::Punct(','));
                if let Some(y) = cx.year(j + usize::from(comma)) {
                    j += usize::from(comma) + 1;
                    return Some((j, abs(Some(y), Some(m), Some(d))));
                }
                return Some((j, abs(None, Some(m), Some(d))));
            }
            let j = i + 1 + usize::from(cx.is(i + 1, K::Punct('.')) && abbreviated(w));
            if let Some(y) = cx.year(j) {
                return Some((j + 1, abs(Some(y), Some(m), None)));
            }
            if cx.w(j) == "of" {
                if let Some(y) = cx.year(j + 1) {
                    return Some((j + 2, abs(Some(y), Some(m), None)));
                }
            }
            // a month alone needs a preposition before it ("in May", "since March")
            let prev = if i > 0 { cx.w(i - 1) } else { "" };
            if matches!(
                prev,
                "in" | "since"
                    | "until"
                    | "by"
                    | "from"
                    | "of"
                    | "early"
                    | "late"
                    | "mid"
                    | "last"
                    | "next"
                    | "this"
                    | "during"
                    | "before"
                    | "after"
                    | "till"
                    | "through"
            ) {
                return Some((j, abs(None, Some(m), None)));
            }
            return None;
        }
        // Russian: "в ноябре [2023 года]"
        if let Some(y) = cx.year(i + 1) {
            let j = i + 2 + cx.year_word(i + 2);
            return Some((j, abs(Some(y), Some(m), None)));
        }
        let prev = if i > 0 { cx.w(i - 1) } else { "" };
        if matches!(
            prev,
            "в" | "с"
                | "до"
                | "начале"
                | "конце"
                | "середине"
                | "прошлом"
                | "следующем"
                | "этом"
                | "по"
        ) {
            return Some((i + 1, abs(None, Some(m), None)));
        }
        return None;
    }
    // day month [year]: "9 November 2023", "9th of November", "9 ноября 2023 года"
    if let Some(d) = cx.mday(i) {
        let of = usize::from(cx.w(i + 1) == "of");
        if let Some(m) = cx.month(i + 1 + of) {
            let mut j = i + 2 + of;
            j += usize::from(cx.is(j, K::Punct('.')) && abbreviated(cx.w(j - 1)));
            if let Some(y) = cx.year(j) {
                let e = j + 1 + cx.year_word(j + 1);
                return Some((e, abs(Some(y), Some(m), Some(d))));
            }
            return Some((j, abs(None, Some(m), Some(d))));
        }
    }
    // years and year ranges
    if cx.is(i, K::Num) {
        if let Some(r) = year_expr(cx, i) {
            return Some(r);
        }
    }
    // "the 1990s"
    if w == "the" && cx.is(i + 1, K::Num) {
        if let Some(r) = decade(cx, i + 1) {
            return Some(r);
        }
    }
    // "mid-2022"
    if let Some(rest) = w.strip_prefix("mid-") {
        if let Ok(y) = rest.parse::<i32>() {
            if (1000..=2200).contains(&y) {
                return Some((i + 1, abs(Some(y), None, None)));
            }
        }
    }
    relative(cx, i)
}

fn numeric(cx: &Cx, i: usize) -> Option<(usize, Expr)> {
    let t = cx.orig(i);
    let parts: Vec<&str> = t.split(['-', '.']).collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if n.len() != 3 {
        return None;
    }
    let (y, m, d) = if t.contains('-') && parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if t.contains('.') && parts[2].len() == 4 {
        (n[2], n[1], n[0])
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || d == 0 || d > month_len(y as i32, m) || !(1000..=2200).contains(&y)
    {
        return None;
    }
    let e = i + 1 + cx.year_word(i + 1);
    Some((e, abs(Some(y as i32), Some(m), Some(d))))
}

fn decade(cx: &Cx, i: usize) -> Option<(usize, Expr)> {
    let t = cx.orig(i);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = &t[digits..];
    let n: i32 = t[..digits].parse().ok()?;
    if !matches!(suffix, "s" | "-е" | "-х" | "-ые" | "-ых" | "'s") || n % 10 != 0 {
        return None;
    }
    let y = match digits {
        4 if (1000..=2200).contains(&n) => n,
        2 => 1900 + n,
        _ => return None,
    };
    let e = i + 1 + cx.year_word(i + 1);
    Some((e, Expr::Decade(y)))
}

/// "2023", "in 2020-2022", "from 2014 to 2022", "2022 год", "1990s".
fn year_expr(cx: &Cx, i: usize) -> Option<(usize, Expr)> {
    if let Some(r) = decade(cx, i) {
        return Some(r);
    }
    let t = cx.orig(i);
    if let Some((a, b)) = t.split_once(['-', '–']) {
        let (a, b) = (a.parse::<i32>().ok()?, b.parse::<i32>().ok()?);
        let b = if b < 100 && a >= 1000 {
            a / 100 * 100 + b
        } else {
            b
        };
        if (1000..=2200).contains(&a) && a < b && b - a < 200 && b <= 2200 {
            let e = i + 1 + cx.year_word(i + 1);
            return Some((e, Expr::Years(a, b)));
        }
        return None;
    }
    let y = cx.year(i)?;
    let prev = if i > 0 { cx.w(i - 1) } else { "" };
    let yw = cx.year_word(i + 1);
    // a bare number is a year only with a preposition or a year word around it
    let cue = yw > 0
        || matches!(
            prev,
            "in" | "since"
                | "by"
                | "until"
                | "till"
                | "from"
                | "of"
                | "before"
                | "after"
                | "during"
                | "through"
                | "year"
                | "early"
                | "late"
                | "mid"
                | "в"
                | "с"
                | "до"
                | "к"
                | "по"
                | "от"
                | "начале"
                | "конце"
                | "середине"
                | "for"
        )
        || (i > 0 && cx.is(i - 1, K::Punct(',')) && i > 1 && cx.month(i - 2).is_some());
    if !cue {
        return None;
    }
    // a following unit means a quantity ("in 2022 tonnes"): not a year
    let next = cx.w(i + 1);
    if yw == 0 && (next == "%" || cx.is(i + 1, K::Punct('%'))) {
        return None;
    }
    let e = i + 1 + yw;
    // "from 2014 to 2022", "с 2014 по 2022 год", "between 2020 and 2022"
    if matches!(prev, "from" | "с" | "between") {
        let sep = cx.w(e);
        if matches!(sep, "to" | "until" | "по" | "and" | "through") {
            if let Some(b) = cx.year(e + 1).filter(|&b| b > y) {
                let e2 = e + 2 + cx.year_word(e + 2);
                return Some((e2, Expr::Years(y, b)));
            }
        }
    }
    Some((e, abs(Some(y), None, None)))
}

fn relative(cx: &Cx, i: usize) -> Option<(usize, Expr)> {
    let w = cx.w(i);
    let n1 = cx.w(i + 1);
    let n2 = cx.w(i + 2);
    let n3 = cx.w(i + 3);
    let simple = match w {
        "today" | "tonight" | "сегодня" => Some(0),
        "yesterday" | "вчера" => Some(-1),
        "tomorrow" | "завтра" => Some(1),
        "позавчера" => Some(-2),
        "послезавтра" => Some(2),
        _ => None,
    };
    if let Some(n) = simple {
        return Some((i + 1, Expr::Rel(Unit::Day, n)));
    }
    // "the day before yesterday", "the day after tomorrow"
    if w == "the" && n1 == "day" {
        match (n2, n3) {
            ("before", "yesterday") => return Some((i + 4, Expr::Rel(Unit::Day, -2))),
            ("after", "tomorrow") => return Some((i + 4, Expr::Rel(Unit::Day, 2))),
            _ => {}
        }
    }
    // "this morning", "this week", "last month", "next year", "last Tuesday"
    let dir = match w {
        "last" | "past" | "previous" | "прошлой" | "прошлом" | "прошлый" | "прошлую" => {
            Some(-1)
        }
        "next" | "coming" | "следующей" | "следующем" | "следующий" | "следующую" | "будущем" => {
            Some(1)
        }
        "this" | "current" | "этой" | "этом" | "текущем" | "текущей" | "этот" | "эту"
        | "нынешнем" => Some(0),
        _ => None,
    };
    if let Some(dir) = dir {
        if let Some(u) = unit(n1) {
            if !n1.ends_with('s') || n1 == "days" {
                let ok = !matches!(n1, "days" | "дней" | "лет" | "недель" | "месяцев");
                if ok {
                    return Some((i + 2, Expr::Rel(u, dir)));
                }
            }
        }
        if matches!(n1, "morning" | "afternoon" | "evening") && dir == 0 {
            return Some((i + 2, Expr::Rel(Unit::Day, 0)));
        }
        if let Some(wd) = en_weekday(n1).or_else(|| ru_weekday(n1)) {
            let d = match dir {
                -1 => Dir::Past,
                1 => Dir::Next,
                _ => Dir::Nearest,
            };
            return Some((i + 2, Expr::Weekday(wd, d)));
        }
    }
    // "on Tuesday", "в пятницу"
    if let Some(wd) = en_weekday(w).filter(|_| cx.cap(i)) {
        return Some((i + 1, Expr::Weekday(wd, Dir::Nearest)));
    }
    if matches!(w, "в" | "во") {
        if let Some(wd) = ru_weekday(n1) {
            return Some((i + 2, Expr::Weekday(wd, Dir::Nearest)));
        }
    }
    // "three days ago", "два года назад", "a year ago"
    let count = number_word(cx, i);
    if let Some(n) = count {
        if let Some(u) = unit(n1) {
            if matches!(n2, "ago" | "назад") {
                return Some((i + 3, Expr::Rel(u, -n)));
            }
        }
    }
    if let Some(u) = unit(w) {
        if matches!(n1, "ago" | "назад") && !w.ends_with('s') {
            return Some((i + 2, Expr::Rel(u, -1)));
        }
    }
    // clock times: "10:30", "10 a.m."
    if cx.is(i, K::Num) {
        let t = cx.orig(i);
        if let Some((h, m)) = t.split_once(':') {
            if let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>()) {
                if h < 24 && m < 60 && m.to_string().len() <= 2 && t.len() <= 5 {
                    return Some((i + 1, Expr::Time(h, m)));
                }
            }
        }
        let rest = &cx.text[cx.toks[i].e..];
        let rest = rest.trim_start();
        if let Some(h) = cx.num(i).filter(|h| (1..=12).contains(h)) {
            for (p, add) in [("a.m.", 0), ("p.m.", 12), ("am ", 0), ("pm ", 12)] {
                if rest.starts_with(p) {
                    let end = cx.toks[i].e
                        + (cx.text[cx.toks[i].e..].len() - rest.len())
                        + p.trim_end().len();
                    let j = cx.toks.partition_point(|t| t.s < end);
                    return Some((j, Expr::Time((h % 12) + add, 0)));
                }
            }
        }
    }
    None
}

fn number_word(cx: &Cx, i: usize) -> Option<i64> {
    if let Some(n) = cx.num(i) {
        return (n < 1000).then_some(n as i64);
    }
    if cx.w(i) == "a" {
        return Some(1);
    }
    crate::lex::number_word(cx.w(i))
        .filter(|n| (1..=10).contains(n))
        .map(i64::from)
}

// ---------------------------------------------------------------------------------------
// Resolution.

fn resolve(
    cx: &Cx,
    span: Span,
    expr: Expr,
    modifier: Option<&'static str>,
    doc: Option<Day>,
    first: usize,
) -> Timex {
    let mut t = Timex {
        span,
        kind: TimeKind::Date,
        value: None,
        from: None,
        to: None,
        precision: None,
        relative: false,
        modifier,
    };
    let docz = doc.map(|d| {
        let (y, m, dd) = ymd(d);
        days_from_civil(y, m.max(1), dd.max(1))
    });
    match expr {
        Expr::Vague => t.kind = TimeKind::Vague,
        Expr::Time(h, m) => {
            t.kind = TimeKind::Time;
            t.value = Some(format!("T{h:02}:{m:02}"));
        }
        Expr::Abs { y, m, d } => {
            let prec = if d.is_some() {
                Precision::Day
            } else if m.is_some() {
                Precision::Month
            } else {
                Precision::Year
            };
            t.precision = Some(prec);
            let y = match (y, docz) {
                (Some(y), _) => Some(y),
                (None, Some(z)) => {
                    t.relative = true;
                    // the year that puts the date nearest the document's
                    let (dy, _, _) = civil_from_days(z);
                    let (m, d) = (m.unwrap_or(1), d.unwrap_or(15));
                    (dy - 1..=dy + 1)
                        .filter(|&y| d <= month_len(y, m))
                        .min_by_key(|&y| (days_from_civil(y, m, d) - z).abs())
                }
                (None, None) => {
                    t.relative = true;
                    None
                }
            };
            match (y, m, d) {
                (Some(y), Some(m), Some(d)) if d <= month_len(y, m) => {
                    t.value = Some(format!("{y:04}-{m:02}-{d:02}"));
                    t.from = Some(day(y, m, d));
                    t.to = t.from;
                }
                (Some(y), Some(m), None) => {
                    t.value = Some(format!("{y:04}-{m:02}"));
                    t.from = Some(day(y, m, 1));
                    t.to = Some(day(y, m, month_len(y, m)));
                }
                (Some(y), None, _) => {
                    t.value = Some(format!("{y:04}"));
                    t.from = Some(day(y, 1, 1));
                    t.to = Some(day(y, 12, 31));
                }
                (None, Some(m), Some(d)) => t.value = Some(format!("XXXX-{m:02}-{d:02}")),
                (None, Some(m), None) => t.value = Some(format!("XXXX-{m:02}")),
                _ => {}
            }
        }
        Expr::Decade(y) => {
            t.precision = Some(Precision::Decade);
            t.value = Some(format!("{}X", y / 10));
            t.from = Some(day(y, 1, 1));
            t.to = Some(day(y + 9, 12, 31));
        }
        Expr::Years(a, b) => {
            t.kind = TimeKind::Range;
            t.precision = Some(Precision::Year);
            t.value = Some(format!("{a:04}/{b:04}"));
            t.from = Some(day(a, 1, 1));
            t.to = Some(day(b, 12, 31));
        }
        Expr::Rel(u, n) => {
            t.relative = true;
            t.precision = Some(match u {
                Unit::Day => Precision::Day,
                Unit::Week => Precision::Week,
                Unit::Month => Precision::Month,
                Unit::Year => Precision::Year,
            });
            if let Some(z) = docz {
                let (y, m, _) = civil_from_days(z);
                match u {
                    Unit::Day => {
                        let d = day_of(z + n);
                        t.value = Some(d.to_string());
                        t.from = Some(d);
                        t.to = Some(d);
                    }
                    Unit::Week => {
                        let monday = z - weekday(z) + 7 * n;
                        let (wy, wk) = iso_week(monday);
                        t.value = Some(format!("{wy:04}-W{wk:02}"));
                        t.from = Some(day_of(monday));
                        t.to = Some(day_of(monday + 6));
                    }
                    Unit::Month => {
                        let k = y as i64 * 12 + (m as i64 - 1) + n;
                        let (y, m) = (k.div_euclid(12) as i32, (k.rem_euclid(12) + 1) as u32);
                        t.value = Some(format!("{y:04}-{m:02}"));
                        t.from = Some(day(y, m, 1));
                        t.to = Some(day(y, m, month_len(y, m)));
                    }
                    Unit::Year => {
                        let y = y + n as i32;
                        t.value = Some(format!("{y:04}"));
                        t.from = Some(day(y, 1, 1));
                        t.to = Some(day(y, 12, 31));
                    }
                }
            }
        }
        Expr::Weekday(wd, dir) => {
            t.relative = true;
            t.precision = Some(Precision::Day);
            if let Some(z) = docz {
                let today = weekday(z);
                let dir = if dir == Dir::Nearest && future_context(cx, first) {
                    Dir::Next
                } else {
                    dir
                };
                let off = match dir {
                    // the most recent such day, the document's day included
                    Dir::Nearest => -((today - wd).rem_euclid(7)),
                    Dir::Past => {
                        let o = -((today - wd).rem_euclid(7));
                        if o == 0 {
                            -7
                        } else {
                            o
                        }
                    }
                    Dir::Next => {
                        let o = (wd - today).rem_euclid(7);
                        if o == 0 {
                            7
                        } else {
                            o
                        }
                    }
                };
                let d = day_of(z + off);
                t.value = Some(d.to_string());
                t.from = Some(d);
                t.to = Some(d);
            }
        }
    }
    t
}

/// Whether the words before token `i` in its clause speak of the future ("will meet on
/// Tuesday", "is scheduled for", "состоится").
fn future_context(cx: &Cx, i: usize) -> bool {
    let lo = i.saturating_sub(10);
    let stop = |k: &usize| !matches!(cx.toks[*k].k, K::Punct('.' | ';') | K::Para);
    let before = (lo..i).rev().take_while(stop);
    let after = (i + 1..(i + 6).min(cx.toks.len())).take_while(stop);
    before.chain(after).any(|k| {
        matches!(
            cx.w(k),
            "will"
                | "shall"
                | "scheduled"
                | "planned"
                | "expected"
                | "due"
                | "upcoming"
                | "состоится"
                | "пройдет"
                | "пройдёт"
                | "планируется"
                | "намечен"
                | "намечена"
                | "запланирован"
                | "запланирована"
        ) || cx.w(k).ends_with("'ll")
    })
}

/// ISO 8601 (year, week) of a day.
fn iso_week(z: i64) -> (i32, i64) {
    let w = to_date(z).iso_week();
    (w.year(), i64::from(w.week()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip() {
        for z in [-800_000i64, -1, 0, 59, 365, 10_957, 19_000, 60_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        // 2023-11-09 was a Thursday
        assert_eq!(weekday(days_from_civil(2023, 11, 9)), 3);
        assert_eq!(iso_week(days_from_civil(2023, 11, 9)), (2023, 45));
        assert_eq!(iso_week(days_from_civil(2021, 1, 1)), (2020, 53));
    }
}
