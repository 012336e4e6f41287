//! The tagger's tokens: words (with inner hyphens, apostrophes and the dots of initials and
//! acronyms), numbers, and single punctuation characters, each with its byte span. No
//! allocation: tokens are appended to a caller's buffer.

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Starts with a letter (or with `@`/`#` before a letter: a handle or hashtag).
    Word,
    /// Starts with a digit.
    Num,
    /// One character that is neither letter, digit nor space.
    Punct,
}

/// A token: byte offsets into the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Kind.
    pub kind: TokKind,
}

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some(b as char);
    }
    text.get(i..)?.chars().next()
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
    }
}

#[inline]
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_whitespace()
    } else {
        c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
    }
}

/// Tokenizes `text[start..end]` (byte offsets on char boundaries), appending to `out`.
pub(crate) fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let end = end.min(text.len());
    let mut i = start;
    while i < end {
        let Some(c) = char_at(text, i) else { break };
        let cl = c.len_utf8();
        if is_space(c) {
            i += cl;
            continue;
        }
        let sigil = (c == '@' || c == '#')
            && char_at(text, i + 1).is_some_and(|d| d.is_alphabetic() && i + 1 < end);
        if sigil || is_word_char(c) {
            let s = i;
            let kind = if c.is_ascii_digit() {
                TokKind::Num
            } else {
                TokKind::Word
            };
            let j = word_end(text, if sigil { i + 1 } else { i }, end, kind);
            out.push(Token {
                start: s as u32,
                end: j as u32,
                kind,
            });
            i = j;
            continue;
        }
        out.push(Token {
            start: i as u32,
            end: (i + cl) as u32,
            kind: TokKind::Punct,
        });
        i += cl;
    }
}

/// The end of the word or number starting at `i`.
fn word_end(text: &str, i: usize, end: usize, kind: TokKind) -> usize {
    let mut j = i;
    // length in chars of the current dot-separated segment, and whether a dot joined it
    let mut seg = 0usize;
    let mut dotted = false;
    let b = text.as_bytes();
    while j < end {
        // ASCII letters and digits, byte by byte
        if b[j].is_ascii_alphanumeric() {
            j += 1;
            seg += 1;
            continue;
        }
        let Some(d) = char_at(text, j) else { break };
        let dl = d.len_utf8();
        if is_word_char(d) {
            j += dl;
            seg += 1;
            continue;
        }
        let next = if j + dl < end {
            char_at(text, j + dl)
        } else {
            None
        };
        match d {
            '-' | '\u{2011}' if next.is_some_and(is_word_char) => {
                j += dl;
                seg = 0;
            }
            '\'' | '’' if next.is_some_and(char::is_alphabetic) => {
                // English possessive: "Russia's" is "Russia" + "'s"
                let after = next.map_or(0, char::len_utf8) + j + dl;
                let possessive = matches!(next, Some('s' | 'S'))
                    && (after >= end || !char_at(text, after).is_some_and(is_word_char));
                if possessive {
                    break;
                }
                j += dl;
                seg = 0;
            }
            '.' | ',' if kind == TokKind::Num && next.is_some_and(|n| n.is_ascii_digit()) => {
                j += dl;
                seg = 0;
            }
            // initials and acronyms: "U.S.", "J.R.R.", "R.A.Kazakbayev"
            '.' if kind == TokKind::Word && seg == 1 && next.is_some_and(char::is_alphabetic) => {
                j += dl;
                seg = 0;
                dotted = true;
            }
            '.' if dotted && seg == 1 => {
                j += dl;
                break;
            }
            // a short capitalised abbreviation inside a sentence: "Inc., a firm", "Corp. said"
            '.' if kind == TokKind::Word && !dotted && abbreviation(text, i, j, end) => {
                j += dl;
                break;
            }
            _ => break,
        }
    }
    j
}

/// Is `text[i..j]` (a word before a dot at `j`) a short capitalised abbreviation that the
/// sentence goes on after: 2 to 4 letters, the first a capital, the rest lowercase, and the
/// dot followed by a comma or by a lowercase word.
fn abbreviation(text: &str, i: usize, j: usize, end: usize) -> bool {
    let w = &text[i..j];
    let mut cs = w.chars();
    let n = w.chars().count();
    if !(2..=4).contains(&n)
        || !cs.next().is_some_and(char::is_uppercase)
        || !cs.all(char::is_lowercase)
    {
        return false;
    }
    let rest = &text[j + 1..end];
    let after = rest.trim_start_matches([' ', '\u{a0}']);
    match after.chars().next() {
        Some(',') => true,
        Some(c) => c.is_lowercase() && after.len() < rest.len(),
        None => false,
    }
}

/// Letter case and content of a word, for features and context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Shape {
    /// All lowercase letters.
    Lower = 0,
    /// First letter uppercase, the rest lowercase or not letters.
    Capital = 1,
    /// Two or more letters, all uppercase.
    Caps = 2,
    /// Other mixtures of case ("iPhone", "McDonald").
    Mixed = 3,
    /// Contains a digit.
    Digit = 4,
    /// A quotation mark, bracket or dash.
    Quote = 5,
    /// Other punctuation and symbols.
    Punct = 6,
}

/// Number of [`Shape`] values.
pub(crate) const SHAPES: usize = 7;

/// Is `c` an opening or closing quotation mark, or a straight quote?
pub(crate) fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '«' | '»' | '“' | '”' | '„' | '‘' | '’' | '‚' | '‹' | '›' | '`'
    )
}

/// The shape of a token's text.
pub(crate) fn shape(s: &str) -> Shape {
    let mut upper = 0usize;
    let mut lower = 0usize;
    let mut digit = false;
    let mut first_upper = false;
    let mut letters = 0usize;
    for c in s.chars() {
        if c.is_numeric() {
            digit = true;
        } else if c.is_uppercase() {
            if letters == 0 {
                first_upper = true;
            }
            upper += 1;
            letters += 1;
        } else if c.is_lowercase() {
            lower += 1;
            letters += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    if digit {
        return Shape::Digit;
    }
    if letters == 0 {
        let c = s.chars().next().unwrap_or(' ');
        return if is_quote(c) || matches!(c, '(' | ')' | '[' | ']' | '—' | '–') {
            Shape::Quote
        } else {
            Shape::Punct
        };
    }
    if upper == 0 {
        Shape::Lower
    } else if lower == 0 {
        if upper >= 2 {
            Shape::Caps
        } else {
            Shape::Capital
        }
    } else if first_upper && upper == 1 {
        Shape::Capital
    } else {
        Shape::Mixed
    }
}

/// Writing system of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Script {
    /// No letters.
    None,
    /// Latin letters only.
    Latin,
    /// Cyrillic letters only.
    Cyrillic,
    /// Both, or others.
    Other,
}

/// The script of `s`.
pub(crate) fn script(s: &str) -> Script {
    let (mut lat, mut cyr, mut oth) = (false, false, false);
    for c in s.chars() {
        if c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c) {
            lat = true;
        } else if ('\u{400}'..='\u{4ff}').contains(&c) {
            cyr = true;
        } else if c.is_alphabetic() {
            oth = true;
        }
    }
    match (lat, cyr, oth) {
        (false, false, false) => Script::None,
        (true, false, false) => Script::Latin,
        (false, true, false) => Script::Cyrillic,
        _ => Script::Other,
    }
}

/// Writes the case-folded form of `s` into `out` (lowercase, `ё` as `е`, `’` as `'`).
pub(crate) fn fold_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        match c {
            'ё' | 'Ё' => out.push('е'),
            '’' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let mut v = Vec::new();
        tokenize(s, 0, s.len(), &mut v);
        v.iter()
            .map(|t| &s[t.start as usize..t.end as usize])
            .collect()
    }

    #[test]
    fn words_numbers_punctuation() {
        assert_eq!(
            toks("Нью-Йорк, 5,56 мм; «Новые правые»."),
            [
                "Нью-Йорк",
                ",",
                "5,56",
                "мм",
                ";",
                "«",
                "Новые",
                "правые",
                "»",
                "."
            ]
        );
        assert_eq!(
            toks("the U.S. and Mr. O'Brien's @team"),
            ["the", "U.S.", "and", "Mr", ".", "O'Brien", "'", "s", "@team"]
        );
        assert_eq!(toks("R.A.Kazakbayev said"), ["R.A.Kazakbayev", "said"]);
        assert_eq!(toks("end."), ["end", "."]);
        assert_eq!(
            toks("Acme Inc. said, Acme Inc., Kim Lee. Then"),
            ["Acme", "Inc.", "said", ",", "Acme", "Inc.", ",", "Kim", "Lee", ".", "Then"]
        );
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Москва"), Shape::Capital);
        assert_eq!(shape("ООН"), Shape::Caps);
        assert_eq!(shape("iPhone"), Shape::Mixed);
        assert_eq!(shape("2016"), Shape::Digit);
        assert_eq!(shape("«"), Shape::Quote);
        assert_eq!(shape("word"), Shape::Lower);
        assert_eq!(shape("A"), Shape::Capital);
        assert_eq!(script("Москва"), Script::Cyrillic);
        assert_eq!(script("Lakeport"), Script::Latin);
    }

    #[test]
    fn folding() {
        let mut s = String::new();
        fold_into("Пётр", &mut s);
        assert_eq!(s, "петр");
        fold_into("O’Brien", &mut s);
        assert_eq!(s, "o'brien");
    }
}
