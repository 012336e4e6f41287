//! Figures in English and Russian: numbers with their scale, unit or currency, ranges and
//! approximations, normalised, with the words that say what they count.
//!
//! "about $5 billion" → 5e9 USD, approximately; "16.5-16.6%" → 16.5 to 16.6 percent;
//! "more than 4,500 injured" → 4500, more than, counting "injured"; "173 trillion roubles"
//! → 1.73e14 RUB; "Agricultural production grew by 9.4 percent" → 9.4 percent of
//! "Agricultural production". Years, dates, ordinals, list numbers and identifiers
//! ("Article 51", "resolution 73/127") are not figures. Who claims a figure is decided by the
//! pipeline from the attribution layer.

use demarche_model::Span;

use std::borrow::Cow;

use crate::lex::{lex, number_word, Lexed, Tok, K};
use crate::span_index::SpanIndex;

/// One figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The whole expression, approximation and unit included (bytes).
    pub span: Span,
    /// The value, scale applied (the low end of a range).
    pub value: f64,
    /// The high end of a range.
    pub high: Option<f64>,
    /// Normalised unit: ISO 4217 code for money (`USD`, `RUB`), `percent`, `pp`
    /// (percentage points), `t`, `km`, `m3`, `year`... `None` for a plain count.
    pub unit: Option<&'static str>,
    /// `about`, `more-than`, `at-least`, `less-than`, `at-most`, `almost`.
    pub approx: Option<&'static str>,
    /// What it counts or measures (bytes).
    pub counted: Option<Span>,
    /// The attribution (index in the quote layer) that makes the claim: the quotation the
    /// figure sits in, or the attribution of its sentence. Set by the pipeline.
    pub claim: Option<usize>,
}

/// Units and currencies: (surface words, lowercase; normalised unit). Longest first where
/// one is a prefix of another.
const UNITS: &[(&[&str], &str)] = &[
    (&["percentage", "points"], "pp"),
    (&["percentage", "point"], "pp"),
    (&["процентных", "пункта"], "pp"),
    (&["процентных", "пунктов"], "pp"),
    (&["per", "cent"], "percent"),
    (&["percent"], "percent"),
    (&["процент"], "percent"),
    (&["процента"], "percent"),
    (&["процентов"], "percent"),
    (&["us", "dollars"], "USD"),
    (&["dollars"], "USD"),
    (&["dollar"], "USD"),
    (&["usd"], "USD"),
    (&["долларов"], "USD"),
    (&["доллара"], "USD"),
    (&["доллар"], "USD"),
    (&["долл"], "USD"),
    (&["euros"], "EUR"),
    (&["euro"], "EUR"),
    (&["eur"], "EUR"),
    (&["евро"], "EUR"),
    (&["roubles"], "RUB"),
    (&["rubles"], "RUB"),
    (&["rouble"], "RUB"),
    (&["ruble"], "RUB"),
    (&["rub"], "RUB"),
    (&["рублей"], "RUB"),
    (&["рубля"], "RUB"),
    (&["рубль"], "RUB"),
    (&["руб"], "RUB"),
    (&["yuan"], "CNY"),
    (&["юаней"], "CNY"),
    (&["юаня"], "CNY"),
    (&["pounds", "sterling"], "GBP"),
    (&["hryvnias"], "UAH"),
    (&["гривен"], "UAH"),
    (&["tenge"], "KZT"),
    (&["тенге"], "KZT"),
    (&["tonnes"], "t"),
    (&["tonne"], "t"),
    (&["tons"], "t"),
    (&["ton"], "t"),
    (&["тонн"], "t"),
    (&["тонны"], "t"),
    (&["тонна"], "t"),
    (&["kilometres"], "km"),
    (&["kilometers"], "km"),
    (&["kilometre"], "km"),
    (&["kilometer"], "km"),
    (&["km"], "km"),
    (&["км"], "km"),
    (&["metres"], "m"),
    (&["meters"], "m"),
    (&["kilograms"], "kg"),
    (&["kg"], "kg"),
    (&["кг"], "kg"),
    (&["cubic", "metres"], "m3"),
    (&["cubic", "meters"], "m3"),
    (&["кубометров"], "m3"),
    (&["кубических", "метров"], "m3"),
    (&["bcm"], "bcm"),
    (&["barrels"], "bbl"),
    (&["баррелей"], "bbl"),
    (&["hectares"], "ha"),
    (&["га"], "ha"),
    (&["megawatts"], "MW"),
    (&["mw"], "MW"),
    (&["мвт"], "MW"),
    (&["gw"], "GW"),
    (&["гвт"], "GW"),
    (&["years"], "year"),
    (&["year"], "year"),
    (&["лет"], "year"),
    (&["года"], "year"),
    (&["год"], "year"),
    (&["months"], "month"),
    (&["month"], "month"),
    (&["месяцев"], "month"),
    (&["месяца"], "month"),
    (&["weeks"], "week"),
    (&["недель"], "week"),
    (&["days"], "day"),
    (&["дней"], "day"),
    (&["суток"], "day"),
    (&["hours"], "hour"),
    (&["часов"], "hour"),
];

/// Currency symbols written before or after the number.
fn currency_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "USD",
        '€' => "EUR",
        '£' => "GBP",
        '₽' => "RUB",
        '¥' => "CNY",
        '₴' => "UAH",
        '₸' => "KZT",
        _ => return None,
    })
}

fn scale(w: &str) -> Option<f64> {
    Some(match w {
        "thousand" | "thousands" | "тыс" | "тысяч" | "тысячи" | "тысяча" => 1e3,
        "million" | "millions" | "mln" | "mn" | "m" | "млн" | "миллион" | "миллиона"
        | "миллионов" => 1e6,
        "billion"
        | "billions"
        | "bn"
        | "bln"
        | "b"
        | "млрд"
        | "миллиард"
        | "миллиарда"
        | "миллиардов" => 1e9,
        "trillion" | "trillions" | "tn" | "трлн" | "триллион" | "триллиона" | "триллионов" => {
            1e12
        }
        _ => return None,
    })
}

/// Approximations before a number: (words, normalised).
const APPROX: &[(&[&str], &str)] = &[
    (&["more", "than"], "more-than"),
    (&["no", "less", "than"], "at-least"),
    (&["no", "more", "than"], "at-most"),
    (&["less", "than"], "less-than"),
    (&["fewer", "than"], "less-than"),
    (&["at", "least"], "at-least"),
    (&["up", "to"], "at-most"),
    (&["as", "many", "as"], "at-most"),
    (&["as", "much", "as"], "at-most"),
    (&["in", "excess", "of"], "more-than"),
    (&["over"], "more-than"),
    (&["above"], "more-than"),
    (&["about"], "about"),
    (&["around"], "about"),
    (&["approximately"], "about"),
    (&["roughly"], "about"),
    (&["some"], "about"),
    (&["nearly"], "almost"),
    (&["almost"], "almost"),
    (&["не", "менее"], "at-least"),
    (&["не", "более"], "at-most"),
    (&["более"], "more-than"),
    (&["свыше"], "more-than"),
    (&["больше"], "more-than"),
    (&["менее"], "less-than"),
    (&["меньше"], "less-than"),
    (&["около"], "about"),
    (&["примерно"], "about"),
    (&["порядка"], "about"),
    (&["почти"], "almost"),
    (&["почти", "в"], "almost"),
];

/// Words before a number that make it an identifier, not a figure.
fn identifier_word(w: &str) -> bool {
    matches!(
        w,
        "article"
            | "articles"
            | "paragraph"
            | "resolution"
            | "resolutions"
            | "no"
            | "number"
            | "section"
            | "chapter"
            | "clause"
            | "page"
            | "part"
            | "item"
            | "point"
            | "protocol"
            | "flight"
            | "статья"
            | "статьи"
            | "статьей"
            | "статье"
            | "пункт"
            | "пункта"
            | "резолюции"
            | "резолюция"
            | "номер"
            | "часть"
            | "части"
            | "рейс"
    )
}

/// Words that end the phrase naming what a figure counts.
fn stop_word(w: &str) -> bool {
    matches!(
        w,
        "was"
            | "were"
            | "is"
            | "are"
            | "be"
            | "been"
            | "being"
            | "have"
            | "has"
            | "had"
            | "will"
            | "would"
            | "could"
            | "can"
            | "may"
            | "might"
            | "should"
            | "must"
            | "did"
            | "do"
            | "does"
            | "and"
            | "or"
            | "but"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "than"
            | "to"
            | "by"
            | "from"
            | "for"
            | "at"
            | "on"
            | "as"
            | "since"
            | "more"
            | "less"
            | "each"
            | "per"
            | "into"
            | "across"
            | "after"
            | "before"
            | "during"
            | "over"
            | "under"
            | "until"
            | "while"
            | "when"
            | "where"
            | "if"
            | "this"
            | "these"
            | "those"
            | "it"
            | "they"
            | "he"
            | "she"
            | "we"
            | "i"
            | "you"
            | "и"
            | "или"
            | "но"
            | "а"
            | "что"
            | "который"
            | "которые"
            | "которых"
            | "был"
            | "была"
            | "было"
            | "были"
            | "будет"
            | "будут"
            | "это"
            | "по"
            | "за"
            | "для"
            | "до"
            | "от"
            | "к"
            | "при"
            | "как"
            | "уже"
            | "также"
            | "не"
    )
}

/// Words that link a counted head to its complement ("schools with instruction in
/// Russian", "settlements between the countries").
fn connector(w: &str) -> bool {
    matches!(
        w,
        "of" | "with" | "in" | "between" | "among" | "from" | "с" | "на" | "в" | "из" | "среди"
    )
}

/// Verbs that link a subject to a figure ("reached", "grew by", "составил").
fn linking_verb(w: &str) -> bool {
    matches!(
        w,
        "was"
            | "were"
            | "is"
            | "are"
            | "stood"
            | "stands"
            | "reached"
            | "reaching"
            | "reaches"
            | "totalled"
            | "totaled"
            | "totals"
            | "amounted"
            | "amounts"
            | "exceeded"
            | "exceeds"
            | "rose"
            | "risen"
            | "grew"
            | "grown"
            | "fell"
            | "fallen"
            | "dropped"
            | "doubled"
            | "doubling"
            | "tripled"
            | "increased"
            | "decreased"
            | "declined"
            | "jumped"
            | "surged"
            | "went"
            | "climbed"
            | "shrank"
            | "contracted"
            | "expanded"
            | "up"
            | "down"
            | "составил"
            | "составила"
            | "составило"
            | "составили"
            | "составляет"
            | "составляют"
            | "достиг"
            | "достигла"
            | "достигло"
            | "достигли"
            | "превысил"
            | "превысила"
            | "превысило"
            | "превысили"
            | "вырос"
            | "выросла"
            | "выросло"
            | "выросли"
            | "увеличился"
            | "увеличилась"
            | "увеличилось"
            | "увеличились"
            | "сократился"
            | "сократилась"
            | "сократилось"
            | "сократились"
            | "снизился"
            | "снизилась"
            | "снизилось"
            | "снизились"
    )
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
    fn is(&self, i: usize, k: K) -> bool {
        self.toks.get(i).is_some_and(|t| t.k == k)
    }
    fn punct(&self, i: usize) -> Option<char> {
        match self.toks.get(i)?.k {
            K::Punct(c) => Some(c),
            _ => None,
        }
    }
    fn word(&self, i: usize) -> bool {
        self.is(i, K::Word)
    }
    /// Matches a word sequence at `i`; returns its length.
    fn seq(&self, i: usize, words: &[&str]) -> Option<usize> {
        let mut j = i;
        for w in words {
            if !self.word(j) || self.w(j) != *w {
                return None;
            }
            j += 1;
        }
        Some(j - i)
    }
}

/// Parses a number written with digits: grouping and decimal separators in the English or
/// Russian manner.
fn parse_number(t: &str) -> Option<f64> {
    let t: String = t
        .chars()
        .filter(|c| !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .collect();
    let commas = t.matches(',').count();
    let dots = t.matches('.').count();
    let s = match (commas, dots) {
        (0, 0) => t,
        (0, 1) => t,
        (0, _) => t.replace('.', ""),
        (_, 0) => {
            let groups: Vec<&str> = t.split(',').collect();
            if groups[1..].iter().all(|g| g.len() == 3) {
                t.replace(',', "")
            } else if commas == 1 {
                t.replace(',', ".")
            } else {
                return None;
            }
        }
        _ => {
            // the later separator is the decimal one
            if t.rfind('.') > t.rfind(',') {
                t.replace(',', "")
            } else {
                t.replace('.', "").replace(',', ".")
            }
        }
    };
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    s.parse().ok().filter(|v: &f64| v.is_finite())
}

/// Annotates the figures of `text`, leaving out the byte ranges in `skip` (dates).
pub fn annotate(text: &str, skip: &[Span]) -> Vec<Quantity> {
    annotate_lexed(text, &lex(text), skip)
}

/// [`annotate`] over tokens already made by [`lex`].
pub fn annotate_lexed(text: &str, lx: &Lexed, skip: &[Span]) -> Vec<Quantity> {
    let cx = Cx {
        text,
        toks: &lx.toks,
        low: &lx.low,
    };
    let mut out: Vec<Quantity> = Vec::new();
    let mut skip: Vec<(usize, usize)> = skip
        .iter()
        .map(|s| (s.start as usize, s.end as usize))
        .collect();
    skip.sort_unstable();
    let skip_ix = SpanIndex::new(skip.iter().copied());
    let mut i = 0;
    while i < cx.toks.len() {
        let t = cx.toks[i];
        let skipped = skip_ix
            .near(t.s, t.e)
            .into_iter()
            .any(|k| skip[k].0 < t.e && t.s < skip[k].1);
        if !skipped {
            if let Some((q, end)) = figure(&cx, i, &out) {
                out.push(q);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A figure whose number is at token `i`: the quantity and the token after it.
fn figure(cx: &Cx, i: usize, prev: &[Quantity]) -> Option<(Quantity, usize)> {
    // the number itself
    let (mut value, mut high) = match cx.toks[i].k {
        K::Num => {
            let t = &cx.text[cx.toks[i].s..cx.toks[i].e];
            // ordinals, decades and codes with letters are not figures
            if t.chars().any(char::is_alphabetic) {
                return None;
            }
            if t.contains(':') || t.contains('/') {
                return None;
            }
            match t.split_once(['-', '–']) {
                // a range rises; "2-0" is a score, "1-2-3" a code
                Some((a, b)) => {
                    let (a, b) = (parse_number(a)?, parse_number(b)?);
                    if b <= a {
                        return None;
                    }
                    (a, Some(b))
                }
                None => (parse_number(t)?, None),
            }
        }
        K::Word => {
            let n = f64::from(number_word(cx.w(i))?);
            // "one" is mostly a pronoun; number words count only with a noun or "of"
            if n < 2.0 && cx.w(i) != "dozen" {
                return None;
            }
            (n, None)
        }
        _ => return None,
    };
    // identifiers and list numbers
    if i > 0 {
        if identifier_word(cx.w(i - 1)) || matches!(cx.punct(i - 1), Some('#' | '№')) {
            return None;
        }
        if cx.punct(i - 1) == Some('/') || cx.punct(i - 1) == Some('-') && cx.word(i - 2) {
            return None;
        }
    }
    let line_start = i == 0 || cx.is(i - 1, K::Para);
    if line_start && matches!(cx.punct(i + 1), Some('.' | ')')) && cx.toks[i].k == K::Num {
        return None;
    }
    let mut start = i;
    let mut end = i + 1;
    let mut unit: Option<&'static str> = None;
    // approximation and currency symbol before
    let mut approx: Option<&'static str> = None;
    if i > 0 {
        if let Some(u) = cx.punct(i - 1).and_then(currency_symbol) {
            unit = Some(u);
            start = i - 1;
        }
    }
    // "about 20", "примерно до 5 млрд" (a preposition between)
    let prep = usize::from(start > 0 && matches!(cx.w(start - 1), "до" | "на" | "to" | "by"));
    'approx: for skip in [0, prep] {
        for (words, name) in APPROX {
            let n = words.len() + skip;
            if start >= n && cx.seq(start - n, words).is_some() {
                approx = Some(name);
                start -= n;
                break 'approx;
            }
        }
        if prep == 0 {
            break;
        }
    }
    // "from X to Y", "between X and Y", "от X до Y"
    let range_open = start > 0 && matches!(cx.w(start - 1), "from" | "between" | "от");
    // scale
    let mut sc = 1.0;
    if let Some(s) = scale(cx.w(end)) {
        if cx.word(end) {
            sc = s;
            end += 1;
            if cx.punct(end) == Some('.')
                && matches!(cx.w(end - 1), "тыс" | "млн" | "млрд" | "трлн")
            {
                end += 1;
            }
        }
    }
    // a range written with words
    if high.is_none() && matches!(cx.w(end), "to" | "and" | "до" | "-" | "–")
        || matches!(cx.punct(end), Some('-' | '–'))
    {
        let joins = matches!(cx.w(end), "to" | "до")
            || cx.punct(end).is_some()
            || range_open && cx.w(end) == "and";
        if joins && cx.is(end + 1, K::Num) && high.is_none() {
            let t = &cx.text[cx.toks[end + 1].s..cx.toks[end + 1].e];
            if let Some(h) = parse_number(t).filter(|&h| h > value) {
                high = Some(h);
                end += 2;
                if let Some(s) = scale(cx.w(end)).filter(|_| cx.word(end)) {
                    sc = s;
                    end += 1;
                }
                if range_open {
                    start -= 1;
                }
            }
        }
    }
    value *= sc;
    high = high.map(|h| h * sc);
    if !value.is_finite() || high.is_some_and(|h| !h.is_finite()) {
        return None;
    }
    // unit after
    if unit.is_none() {
        if cx.punct(end) == Some('%') {
            unit = Some("percent");
            end += 1;
        } else if let Some(u) = cx.punct(end).and_then(currency_symbol) {
            unit = Some(u);
            end += 1;
        } else {
            for (words, name) in UNITS {
                if let Some(n) = cx.seq(end, words) {
                    unit = Some(name);
                    end += n;
                    if cx.punct(end) == Some('.') && matches!(cx.w(end - 1), "руб" | "долл")
                    {
                        end += 1;
                    }
                    break;
                }
            }
        }
    } else if let Some(n) = cx
        .seq(end, &["us", "dollars"])
        .or_else(|| cx.seq(end, &["dollars"]))
    {
        end += n;
    }
    // a bare number word needs something to count
    if cx.toks[i].k == K::Word && unit.is_none() && (!cx.word(end) || stop_word(cx.w(end))) {
        return None;
    }
    // numbers in running text that are neither units nor counts of anything: keep them,
    // they are figures all the same ("rose to 4,500")
    let counted = counted_right(cx, end, unit).or_else(|| counted_left(cx, start, prev));
    // a four-digit whole number with nothing to count is a year the date layer left alone
    // ("compared to 2021")
    let plain = &cx.text[cx.toks[i].s..cx.toks[i].e];
    if unit.is_none()
        && counted.is_none()
        && approx.is_none()
        && plain.len() == 4
        && (1800.0..=2100.0).contains(&value)
    {
        return None;
    }
    let span = Span::new(cx.toks[start].s as u32, cx.toks[end - 1].e as u32);
    Some((
        Quantity {
            span,
            value,
            high,
            unit,
            approx,
            counted,
            claim: None,
        },
        end,
    ))
}

/// The phrase after a figure that names what it counts: "4,500 injured", "150 buses",
/// "12.5 percent of mutual settlements", "schools with instruction in Russian".
fn counted_right(cx: &Cx, end: usize, unit: Option<&str>) -> Option<Span> {
    let mut j = end;
    // percentages and money count what follows "of"; counts, the noun right after
    if unit.is_some() {
        if !matches!(cx.w(j), "of") || !cx.word(j) {
            return None;
        }
        j += 1;
    }
    let first = j;
    let mut last: Option<usize> = None;
    let mut words = 0;
    // content words since the last connector: a complement holds two at most
    let mut after_connector: Option<usize> = None;
    while j < cx.toks.len() && words < 10 {
        // "three of the 11 listed barriers": the number inside belongs to the phrase
        if cx.is(j, K::Num)
            && j > first
            && cx.w(first) == "of"
            && matches!(cx.w(j - 1), "the" | "of")
        {
            j += 1;
            continue;
        }
        if !cx.word(j) {
            // hyphenated and apostrophe'd words are single tokens; other punctuation ends it
            break;
        }
        let w = cx.w(j);
        if connector(w) {
            if last.is_none() && w != "of" || !cx.word(j + 1) || stop_word(cx.w(j + 1)) {
                break;
            }
            // "of" right after the number: "three of the barriers"
            j += 1;
            words += 1;
            after_connector = Some(0);
            continue;
        }
        if stop_word(w) || scale(w).is_some() && last.is_none() {
            break;
        }
        if last.is_some() && (verb_like(w) || after_name(cx, j)) {
            break;
        }
        if let Some(n) = after_connector.as_mut() {
            // determiners and possessives ("Russia’s") do not count
            let possessive = w.ends_with("’s") || w.ends_with("'s");
            if !matches!(w, "the" | "a" | "an") && !possessive {
                if *n == 2 {
                    break;
                }
                *n += 1;
            }
        }
        last = Some(j);
        j += 1;
        words += 1;
    }
    let mut last = last?;
    while last > first && matches!(cx.w(last), "the" | "a" | "an") || connector(cx.w(last)) {
        if last == first {
            return None;
        }
        last -= 1;
    }
    if (first..=last).all(|k| matches!(cx.w(k), "the" | "a" | "an") || connector(cx.w(k))) {
        return None;
    }
    // leading determiners are not what is counted
    let mut f = first;
    while f < last && (matches!(cx.w(f), "of" | "the" | "a" | "an") || cx.is(f, K::Num)) {
        f += 1;
    }
    Some(Span::new(cx.toks[f].s as u32, cx.toks[last].e as u32))
}

/// The counted phrase of the nearest figure before token `k` on the same line.
fn same_subject(cx: &Cx, k: usize, prev: &[Quantity]) -> Option<Span> {
    let at = cx.toks[k].s;
    let p = prev
        .iter()
        .rev()
        .take_while(|p| p.span.end as usize <= at && at - (p.span.end as usize) < 80)
        .find(|p| p.counted.is_some())?;
    (!cx.text[p.span.end as usize..at].contains('\n')).then_some(p.counted?)
}

/// A Russian verb in the past tense or the present plural ("пострадали", "погибли",
/// "находятся"): the phrase naming what is counted ends before it.
fn verb_like(w: &str) -> bool {
    let cyr = w.chars().next().is_some_and(|c| ('а'..='я').contains(&c));
    cyr && w.chars().count() > 4
        && [
            "ли", "лись", "лось", "лся", "лась", "ются", "ятся", "ются", "ают", "яют",
        ]
        .iter()
        .any(|e| w.ends_with(e))
}

/// A lowercase English word right after a capitalised one, with no connector between, is
/// the verb of the clause ("two branches of the Foundation operate").
fn after_name(cx: &Cx, j: usize) -> bool {
    let cap = |k: usize| {
        cx.text[cx.toks[k].s..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let acronym = |k: usize| {
        let t = &cx.text[cx.toks[k].s..cx.toks[k].e];
        t.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    };
    let possessive = j > 0 && (cx.w(j - 1).ends_with("’s") || cx.w(j - 1).ends_with("'s"));
    j > 0
        && cx.word(j - 1)
        && cap(j - 1)
        && !acronym(j - 1)
        && !possessive
        && !cap(j)
        && cx.w(j).is_ascii()
        && !connector(cx.w(j))
}

/// The subject before a linking verb: "Agricultural production grew by 9.4 percent", "the
/// GDP of the EAEU was 173 trillion roubles", "GDP growth of more than 12.5 percent"; after
/// "and", the subject of the figure before ("grew by 9.4 percent and reached 11.5 trillion").
fn counted_left(cx: &Cx, start: usize, prev: &[Quantity]) -> Option<Span> {
    let mut j = start;
    // "by", "to", "of", "на", "до"
    if j > 0
        && matches!(cx.w(j - 1), "by" | "to" | "of" | "at" | "на" | "до" | "в")
        && cx.word(j - 1)
    {
        j -= 1;
    }
    let of = j < start && cx.w(j) == "of";
    if !of {
        // adverbs and the verb
        let mut verbs = 0;
        while j > 0 && cx.word(j - 1) && verbs < 3 {
            let w = cx.w(j - 1);
            if linking_verb(w)
                || matches!(
                    w,
                    "almost"
                        | "nearly"
                        | "already"
                        | "only"
                        | "more"
                        | "than"
                        | "has"
                        | "have"
                        | "had"
                        | "also"
                        | "почти"
                        | "уже"
                )
            {
                j -= 1;
                verbs += 1;
            } else {
                break;
            }
        }
        // "(14.2 trillion roubles)" right after a figure: the same thing, another measure
        if verbs == 0 && j > 0 && cx.punct(j - 1) == Some('(') {
            return same_subject(cx, j - 1, prev);
        }
        if verbs == 0 || !(j..start).any(|k| linking_verb(cx.w(k))) {
            return None;
        }
        // "grew by 9.4 percent and reached", ", reaching": the subject of the figure before
        if j > 0 && (cx.w(j - 1) == "and" || cx.punct(j - 1) == Some(',')) {
            return same_subject(cx, j - 1, prev);
        }
    }
    // the noun phrase before j, read back
    let hi = j;
    let mut k = j;
    let mut words = 0;
    while k > 0 && cx.word(k - 1) && words < 7 {
        let w = cx.w(k - 1);
        if stop_word(w) || linking_verb(w) {
            break;
        }
        k -= 1;
        words += 1;
    }
    // "to ensure GDP growth of": an infinitive is not part of the subject
    if k > 0 && cx.w(k - 1) == "to" && k < hi {
        k += 1;
    }
    // not starting on a connector or a determiner-less preposition
    while k < hi && (connector(cx.w(k)) || matches!(cx.w(k), "the" | "a" | "an")) {
        k += 1;
    }
    (k < hi).then(|| Span::new(cx.toks[k].s as u32, cx.toks[hi - 1].e as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_both_manners() {
        assert_eq!(parse_number("4,500"), Some(4500.0));
        assert_eq!(parse_number("16,5"), Some(16.5));
        assert_eq!(parse_number("1,234,567.5"), Some(1234567.5));
        assert_eq!(parse_number("1.234.567,5"), Some(1234567.5));
        assert_eq!(parse_number("4\u{a0}500"), Some(4500.0));
        assert_eq!(parse_number("12.5"), Some(12.5));
        assert_eq!(parse_number("1,2,3"), None);
    }
}
