//! A small tokenizer shared by the date and figure annotators: words, numbers (with their
//! decimal and grouping separators, ranges and attached suffixes kept whole), punctuation
//! and paragraph breaks, each with its byte span.

use std::borrow::Cow;

/// Token kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum K {
    /// Letters (and digits inside a word), with inner hyphens and apostrophes.
    Word,
    /// Starts with a digit: `4,500`, `16.5-16.6`, `2020–2022`, `9th`, `1990s`, `10:30`.
    Num,
    /// One punctuation or symbol character.
    Punct(char),
    /// A line break.
    Para,
}

/// A token.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    /// Start byte.
    pub s: usize,
    /// End byte.
    pub e: usize,
    /// Kind.
    pub k: K,
}

fn grouping_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Tokenizes `text`.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let at = |j: usize| text[j..].chars().next();
    while i < b.len() {
        let Some(c) = at(i) else { break };
        let cl = c.len_utf8();
        if c == '\n' {
            if !matches!(out.last(), Some(Tok { k: K::Para, .. })) {
                out.push(Tok {
                    s: i,
                    e: i + 1,
                    k: K::Para,
                });
            }
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += cl;
            continue;
        }
        if c.is_ascii_digit() {
            let s = i;
            let mut j = i + 1;
            while j < b.len() {
                let Some(d) = at(j) else { break };
                let dl = d.len_utf8();
                let next = text.get(j + dl..).and_then(|r| r.chars().next());
                let separator = matches!(d, '.' | ',' | ':' | '/' | '-' | '–')
                    && next.is_some_and(|n| n.is_ascii_digit());
                // "90-е", "150-strong"
                let suffix = matches!(d, '-' | '–')
                    && next.is_some_and(char::is_alphabetic)
                    && text[s..j].bytes().all(|x| x.is_ascii_digit());
                if d.is_alphanumeric() || separator || suffix {
                    j += dl;
                } else if grouping_space(d) {
                    // "4 500" with a no-break or thin space: exactly three digits follow
                    let rest = &text[j + dl..];
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    if digits == 3 {
                        j += dl;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(Tok { s, e: j, k: K::Num });
            i = j;
            continue;
        }
        if c.is_alphabetic() {
            let s = i;
            let mut j = i + cl;
            while j < b.len() {
                let Some(d) = at(j) else { break };
                let dl = d.len_utf8();
                let next = text.get(j + dl..).and_then(|r| r.chars().next());
                let inner =
                    matches!(d, '-' | '\'' | '’') && next.is_some_and(char::is_alphanumeric);
                if d.is_alphanumeric() || d == '\u{301}' || inner {
                    j += dl;
                } else {
                    break;
                }
            }
            out.push(Tok {
                s,
                e: j,
                k: K::Word,
            });
            i = j;
            continue;
        }
        out.push(Tok {
            s: i,
            e: i + cl,
            k: K::Punct(c),
        });
        i += cl;
    }
    out
}

/// A number written as a word, English or Russian ("three", "dozen", "две").
pub fn number_word(w: &str) -> Option<u32> {
    Some(match w {
        "zero" => 0,
        "one" | "один" | "одну" => 1,
        "two" | "два" | "две" => 2,
        "three" | "три" => 3,
        "four" | "четыре" => 4,
        "five" | "пять" => 5,
        "six" | "шесть" => 6,
        "seven" | "семь" => 7,
        "eight" | "восемь" => 8,
        "nine" | "девять" => 9,
        "ten" | "десять" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "hundred" => 100,
        _ => return None,
    })
}

/// Tokens with their lowercase forms (borrowed when already lowercase).
pub struct Lexed<'a> {
    /// The tokens.
    pub toks: Vec<Tok>,
    /// Each token's text, lowercased.
    pub low: Vec<Cow<'a, str>>,
}

/// Tokenizes and lowercases `text`.
pub fn lex(text: &str) -> Lexed<'_> {
    let toks = tokenize(text);
    let low = toks
        .iter()
        .map(|t| {
            let w = &text[t.s..t.e];
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
        .collect();
    Lexed { toks, low }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        tokenize(t).iter().map(|k| &t[k.s..k.e]).collect()
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            texts("16.5-16.6% of 4,500 in 2020–2022, mid-2022 and 90-е"),
            [
                "16.5-16.6",
                "%",
                "of",
                "4,500",
                "in",
                "2020–2022",
                ",",
                "mid-2022",
                "and",
                "90-е"
            ]
        );
        assert_eq!(texts("4\u{a0}500 руб."), ["4\u{a0}500", "руб", "."]);
        assert_eq!(texts("2022 3 schools"), ["2022", "3", "schools"]);
    }
}
