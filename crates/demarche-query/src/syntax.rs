//! The query language.
//!
//! ```text
//! sanctions "grain deal"                 both (AND is implied)
//! nato OR otan                           either
//! ukraine NOT crimea   ukraine -crimea   exclusion
//! (grain OR wheat) AND export            grouping
//! outlet:TASS lang:en format:html        metadata filters (case-insensitive, exact)
//! date:2022  date:2022-01..2022-03  date:2022-02-24..  date:..2015
//! entity:CSTO entity:org:CSTO            an entity the KB knows (name, alias or id)
//! speaker:lavrov speaker:"Maria Zakharova"   who is quoted (words of the name, or a KB id)
//! title:briefing  cluster:42
//! ```
//!
//! Words are stemmed (English and Russian). Operators are upper-case; a malformed query is an
//! error with the character position where parsing stopped, never a panic.

use std::fmt;

/// Longest query accepted, in characters.
pub const MAX_LEN: usize = 4000;
/// Deepest nesting of parentheses and negations.
pub const MAX_DEPTH: usize = 32;

/// Field filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `outlet:`
    Outlet,
    /// `lang:`
    Lang,
    /// `format:`
    Format,
    /// `date:`
    Date,
    /// `entity:`
    Entity,
    /// `speaker:`
    Speaker,
    /// `title:`
    Title,
    /// `cluster:`
    Cluster,
}

impl Field {
    /// All fields with their names.
    pub const ALL: [(&'static str, Field); 8] = [
        ("outlet", Field::Outlet),
        ("lang", Field::Lang),
        ("format", Field::Format),
        ("date", Field::Date),
        ("entity", Field::Entity),
        ("speaker", Field::Speaker),
        ("title", Field::Title),
        ("cluster", Field::Cluster),
    ];

    fn named(s: &str) -> Option<Field> {
        Field::ALL.iter().find(|(n, _)| *n == s).map(|(_, f)| *f)
    }

    /// The field's name.
    pub fn name(self) -> &'static str {
        Field::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }
}

/// A date range in `yyyymmdd` keys, both ends inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    /// First day, if bounded.
    pub from: Option<u64>,
    /// Last day, if bounded.
    pub to: Option<u64>,
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Everything (the empty query).
    All,
    /// One word.
    Word(String),
    /// Words in this order.
    Phrase(String),
    /// A field filter with its value as written.
    Filter(Field, String),
    /// A date filter.
    Date(DateRange),
    /// All of these.
    And(Vec<Expr>),
    /// Any of these.
    Or(Vec<Expr>),
    /// Not this.
    Not(Box<Expr>),
}

/// A malformed query: what is wrong and where (0-based character position).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: String,
    /// Character position in the query.
    pub position: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "query error at character {}: {}",
            self.position + 1,
            self.message
        )
    }
}

impl std::error::Error for SyntaxError {}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Open,
    Close,
    Minus,
    And,
    Or,
    Not,
    Word(String),
    Phrase(String),
    /// `field:` followed directly by a phrase or a word.
    Field(String),
}

fn err<T>(message: impl Into<String>, position: usize) -> Result<T, SyntaxError> {
    Err(SyntaxError {
        message: message.into(),
        position,
    })
}

fn lex(q: &str) -> Result<Vec<(Tok, usize)>, SyntaxError> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut at_start = true; // at the start of a term (a `-` there is a negation)
    let mut value_next = false; // right after `field:`
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            at_start = true;
            value_next = false;
            continue;
        }
        if value_next && !matches!(c, '"' | '“' | '”' | '«' | '»') {
            // a field's value runs to the next space or parenthesis, colons included
            let start = i;
            let mut s = String::new();
            while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')') {
                s.push(chars[i]);
                i += 1;
            }
            value_next = false;
            at_start = false;
            if !s.is_empty() {
                out.push((Tok::Word(s), start));
            }
            continue;
        }
        value_next = false;
        match c {
            '(' => {
                out.push((Tok::Open, i));
                i += 1;
                at_start = true;
            }
            ')' => {
                out.push((Tok::Close, i));
                i += 1;
                at_start = false;
            }
            '-' if at_start => {
                out.push((Tok::Minus, i));
                i += 1;
            }
            '"' | '“' | '”' | '«' | '»' => {
                let start = i;
                i += 1;
                let mut s = String::new();
                while i < chars.len() && !matches!(chars[i], '"' | '“' | '”' | '«' | '»') {
                    s.push(chars[i]);
                    i += 1;
                }
                if i == chars.len() {
                    return err("unterminated phrase: a quotation mark is not closed", start);
                }
                i += 1;
                out.push((Tok::Phrase(s), start));
                at_start = false;
            }
            _ => {
                let start = i;
                let mut s = String::new();
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '(' | ')' | '"' | '“' | '”' | '«' | '»')
                {
                    s.push(chars[i]);
                    i += 1;
                    // `field:` ends a token when it is a known field name
                    if chars[i - 1] == ':' && s.len() > 1 {
                        let name = &s[..s.len() - 1];
                        if name.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
                            break;
                        }
                    }
                }
                let tok = match s.as_str() {
                    "AND" => Tok::And,
                    "OR" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ if s.ends_with(':')
                        && s.len() > 1
                        && s[..s.len() - 1]
                            .chars()
                            .all(|c| c.is_ascii_alphabetic() || c == '_') =>
                    {
                        value_next = true;
                        Tok::Field(s[..s.len() - 1].to_ascii_lowercase())
                    }
                    _ => Tok::Word(s),
                };
                out.push((tok, start));
                at_start = false;
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn here(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(_, p)| *p)
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            if self.starts_term() {
                parts.push(self.and()?);
            } else {
                return err("expected a term after OR", self.here());
            }
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap_or(Expr::All)
        } else {
            Expr::Or(parts)
        })
    }

    fn starts_term(&self) -> bool {
        matches!(
            self.peek(),
            Some(Tok::Open | Tok::Minus | Tok::Not | Tok::Word(_) | Tok::Phrase(_) | Tok::Field(_))
        )
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Tok::And) => {
                    self.pos += 1;
                    if !self.starts_term() {
                        return err("expected a term after AND", self.here());
                    }
                    parts.push(self.unary()?);
                }
                _ if self.starts_term() => parts.push(self.unary()?),
                _ => break,
            }
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap_or(Expr::All)
        } else {
            Expr::And(parts)
        })
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        match self.peek() {
            Some(Tok::Not | Tok::Minus) => {
                let at = self.here();
                self.pos += 1;
                if !self.starts_term() {
                    return err("expected a term to exclude", self.here().max(at));
                }
                self.deeper(at)?;
                let e = self.unary()?;
                self.depth -= 1;
                Ok(Expr::Not(Box::new(e)))
            }
            _ => self.primary(),
        }
    }

    fn deeper(&mut self, at: usize) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(format!("nested more than {MAX_DEPTH} deep"), at);
        }
        Ok(())
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        let at = self.here();
        let Some((tok, _)) = self.toks.get(self.pos).cloned() else {
            return err("expected a term", at);
        };
        self.pos += 1;
        match tok {
            Tok::Open => {
                if self.peek() == Some(&Tok::Close) {
                    return err("empty parentheses", at);
                }
                self.deeper(at)?;
                let e = self.or()?;
                self.depth -= 1;
                if self.peek() != Some(&Tok::Close) {
                    return err("a parenthesis is not closed", at);
                }
                self.pos += 1;
                Ok(e)
            }
            Tok::Word(w) => Ok(Expr::Word(w)),
            Tok::Phrase(p) => Ok(Expr::Phrase(p)),
            Tok::Field(name) => {
                let Some(field) = Field::named(&name) else {
                    let known: Vec<&str> = Field::ALL.iter().map(|(n, _)| *n).collect();
                    return err(
                        format!("unknown field {name:?} (fields: {})", known.join(", ")),
                        at,
                    );
                };
                let vat = self.here();
                let value = match self.toks.get(self.pos).cloned() {
                    Some((Tok::Word(w), p)) if p == at + name.chars().count() + 1 => w,
                    Some((Tok::Phrase(w), p)) if p == at + name.chars().count() + 1 => w,
                    _ => return err(format!("{name}: needs a value"), vat),
                };
                self.pos += 1;
                if value.trim().is_empty() {
                    return err(format!("{name}: needs a value"), vat);
                }
                if field == Field::Date {
                    return date_range(&value)
                        .map(Expr::Date)
                        .map_err(|(m, at)| SyntaxError {
                            message: m,
                            position: vat + at,
                        });
                }
                if field == Field::Cluster && value.parse::<u64>().is_err() {
                    return err("cluster: needs a number", vat);
                }
                Ok(Expr::Filter(field, value))
            }
            Tok::Close => err("unexpected closing parenthesis", at),
            Tok::And | Tok::Or => err("expected a term before the operator", at),
            Tok::Not | Tok::Minus => err("expected a term", at),
        }
    }
}

/// Days in month `m` of year `y`.
fn days_in(y: u64, m: u64) -> u64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Why `s` is not a date: a day its month does not have, or not a date at all.
fn date_error(s: &str) -> String {
    let parts: Vec<&str> = s.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u64>(), m.parse::<u64>(), d.parse::<u64>()) {
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return format!(
                    "date: {s:?} is no such day: month {m:02} of {y} has {} days",
                    days_in(y, m)
                );
            }
        }
    }
    format!("date: {s:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
}

/// `2022`, `2022-03`, `2022-03-09` → (first day, last day) keys.
fn date_bounds(s: &str) -> Option<(u64, u64)> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u64> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => {
            let y = num(y, 4)?;
            Some((y * 10_000, y * 10_000 + 1231))
        }
        [y, m] => {
            let (y, m) = (num(y, 4)?, num(m, 2)?);
            (1..=12).contains(&m).then_some(())?;
            Some((y * 10_000 + m * 100, y * 10_000 + m * 100 + 31))
        }
        [y, m, d] => {
            let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
            ((1..=12).contains(&m) && (1..=days_in(y, m)).contains(&d)).then_some(())?;
            let k = y * 10_000 + m * 100 + d;
            Some((k, k))
        }
        _ => None,
    }
}

/// A date filter's value; an error says what is wrong and where in the value (characters).
fn date_range(v: &str) -> Result<DateRange, (String, usize)> {
    let bad = |s: &str, at: usize| (date_error(s), at);
    match v.split_once("..") {
        None => {
            let (a, b) = date_bounds(v).ok_or_else(|| bad(v, 0))?;
            Ok(DateRange {
                from: Some(a),
                to: Some(b),
            })
        }
        Some((a, b)) => {
            let from = if a.is_empty() {
                None
            } else {
                Some(date_bounds(a).ok_or_else(|| bad(a, 0))?.0)
            };
            let b_at = a.chars().count() + 2;
            let to = if b.is_empty() {
                None
            } else {
                Some(date_bounds(b).ok_or_else(|| bad(b, b_at))?.1)
            };
            if from.is_none() && to.is_none() {
                return Err(("date: a range needs at least one end".into(), 0));
            }
            if let (Some(f), Some(t)) = (from, to) {
                if f > t {
                    return Err((format!("date: the range {v} ends before it starts"), 0));
                }
            }
            Ok(DateRange { from, to })
        }
    }
}

/// Parses a query.
pub fn parse(q: &str) -> Result<Expr, SyntaxError> {
    let n = q.chars().count();
    if n > MAX_LEN {
        return err(format!("longer than {MAX_LEN} characters"), MAX_LEN);
    }
    let toks = lex(q)?;
    if toks.is_empty() {
        return Ok(Expr::All);
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end: n,
        depth: 0,
    };
    let e = p.or()?;
    if p.pos < p.toks.len() {
        let at = p.here();
        return match p.peek() {
            Some(Tok::Close) => err("unexpected closing parenthesis", at),
            _ => err("unexpected input", at),
        };
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Expr {
        Expr::Word(s.into())
    }

    #[test]
    fn words_phrases_operators() {
        assert_eq!(parse("").unwrap(), Expr::All);
        assert_eq!(parse("a b").unwrap(), Expr::And(vec![w("a"), w("b")]));
        assert_eq!(
            parse("a OR b c").unwrap(),
            Expr::Or(vec![w("a"), Expr::And(vec![w("b"), w("c")])])
        );
        assert_eq!(
            parse("\"grain deal\" -crimea").unwrap(),
            Expr::And(vec![
                Expr::Phrase("grain deal".into()),
                Expr::Not(Box::new(w("crimea")))
            ])
        );
        assert_eq!(
            parse("(a OR b) AND NOT c").unwrap(),
            Expr::And(vec![
                Expr::Or(vec![w("a"), w("b")]),
                Expr::Not(Box::new(w("c")))
            ])
        );
        // a hyphen inside a word is part of it
        assert_eq!(parse("pro-western").unwrap(), w("pro-western"));
        assert_eq!(
            parse("«зерновая сделка»").unwrap(),
            Expr::Phrase("зерновая сделка".into())
        );
    }

    #[test]
    fn fields() {
        assert_eq!(
            parse("outlet:TASS speaker:\"Maria Zakharova\" entity:org:CSTO").unwrap(),
            Expr::And(vec![
                Expr::Filter(Field::Outlet, "TASS".into()),
                Expr::Filter(Field::Speaker, "Maria Zakharova".into()),
                Expr::Filter(Field::Entity, "org:CSTO".into()),
            ])
        );
        assert_eq!(
            parse("date:2022-01..2022-03").unwrap(),
            Expr::Date(DateRange {
                from: Some(20220100),
                to: Some(20220331)
            })
        );
        assert_eq!(
            parse("date:..2015").unwrap(),
            Expr::Date(DateRange {
                from: None,
                to: Some(20151231)
            })
        );
        assert_eq!(
            parse("date:2022-02-24").unwrap(),
            Expr::Date(DateRange {
                from: Some(20220224),
                to: Some(20220224)
            })
        );
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("sanctions AND").unwrap_err();
        assert_eq!(e.position, 13);
        let e = parse("a (b OR c").unwrap_err();
        assert_eq!(e.position, 2);
        assert!(e.message.contains("not closed"));
        let e = parse("x \"open").unwrap_err();
        assert_eq!(e.position, 2);
        let e = parse("colour:red").unwrap_err();
        assert_eq!(e.position, 0);
        assert!(e.message.contains("unknown field"));
        let e = parse("date:2022-13").unwrap_err();
        assert_eq!(e.position, 5);
        let e = parse("a )").unwrap_err();
        assert_eq!(e.position, 2);
        let e = parse("OR a").unwrap_err();
        assert_eq!(e.position, 0);
        let e = parse("speaker: lavrov").unwrap_err();
        assert!(e.message.contains("needs a value"), "{e}");
        assert!(parse(&"(".repeat(100)).is_err());
        assert!(parse(&"-".repeat(100)).is_err());
        assert!(parse("date:2023..2022").is_err());
        assert!(parse("cluster:abc").is_err());
    }

    // https://example.invalid/demarche/issues/27: days that no month has
    #[test]
    fn r27_invalid_dates_are_errors_with_their_position() {
        for (q, at) in [
            ("date:2022-02-30", 5),
            ("date:2021-02-29", 5),
            ("date:2022-04-31", 5),
            ("x date:2022-01..2022-02-30", 16),
            ("date:2022-02-30..", 5),
        ] {
            let e = parse(q).expect_err(q);
            assert_eq!(e.position, at, "{q}: {e}");
            assert!(e.message.contains("no such day"), "{q}: {e}");
        }
        assert!(parse("date:2024-02-29").is_ok());
        assert!(parse("date:2000-02-29").is_ok());
        assert!(parse("date:1900-02-29").is_err());
        assert!(parse("date:2022-01-31..2022-04-30").is_ok());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(q in "\\PC{0,60}") {
            let _ = parse(&q);
        }

        #[test]
        fn never_panics_on_operators(q in "[a-z\"()\\- :.]{0,40}|(AND |OR |NOT |\\(|\\)|-|\"|date:|outlet:|x ){0,20}") {
            if let Err(e) = parse(&q) {
                proptest::prop_assert!(e.position <= q.chars().count());
            }
        }
    }
}
