//! Channel Markdown (Telegram's `**bold**`, `__italic__`, `~~strike~~`, `` `code` ``,
//! `[text](url)`) as seen by the annotators.
//!
//! Posts keep their marks in the stored text (it is what the channel wrote), but an annotator
//! must read `**Песков:** «…»` as `Песков: «…»`. [`mask`] returns a copy of the text of the
//! same byte length in which every mark, and the URL part of every link, is a space: offsets
//! found in the copy are offsets in the original, and spans trimmed of white space leave the
//! marks at their edges out. [`links`] lists the links with their visible text and URL.
//!
//! Marks are taken only in pairs on one line (`**` … `**`, `__` … `__`), so a lone `*`
//! (a footnote: «парам*») or an identifier such as `__init__` inside a word stays as written.

use demarche_model::Span;

/// A link: its visible text and its target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The visible text (bytes, in the original).
    pub text: Span,
    /// The URL (bytes, in the original).
    pub url: Span,
}

/// Does the text hold any mark at all? (A fast test before copying.)
pub fn has_marks(text: &str) -> bool {
    let b = text.as_bytes();
    // a doubled mark or "](": one vectorised scan for the candidate bytes
    memchr::memchr3_iter(b'*', b'_', b'~', b).any(|i| b.get(i + 1) == Some(&b[i]))
        || memchr::memchr_iter(b']', b).any(|i| b.get(i + 1) == Some(&b'('))
}

/// The text with its marks and link targets blanked (same length, same offsets); `None` when
/// there is nothing to blank.
pub fn mask(text: &str) -> Option<String> {
    if !has_marks(text) {
        return None;
    }
    let mut out = text.as_bytes().to_vec();
    let mut changed = false;
    for l in links(text) {
        // "[" before the text, "](url)" after it
        out[l.text.start as usize - 1] = b' ';
        // every byte from "]" to ")": whole characters, so the copy stays UTF-8
        for b in &mut out[l.text.end as usize..=l.url.end as usize] {
            *b = b' ';
        }
        changed = true;
    }
    for (s, e) in pairs(text) {
        out[s] = b' ';
        out[s + 1] = b' ';
        out[e] = b' ';
        out[e + 1] = b' ';
        changed = true;
    }
    if !changed {
        return None;
    }
    // only ASCII bytes and whole characters were blanked
    String::from_utf8(out).ok()
}

/// Byte offsets of the first bytes of matched pairs of two-character marks on one line.
fn pairs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for mark in [b'*', b'_', b'~'] {
        let mut open: Option<usize> = None;
        let mut i = 0;
        while i + 1 < b.len() {
            if b[i] == b'\n' {
                open = None;
                i += 1;
                continue;
            }
            if b[i] == mark && b[i + 1] == mark {
                // a run of three or more ("***") is two marks glued, or a rule: take two
                let word_before = i > 0 && is_word_byte(b[i - 1]);
                let word_after = i + 2 < b.len() && is_word_byte(b[i + 2]);
                match open {
                    None if !(mark == b'_' && word_before) => open = Some(i),
                    Some(s) if !(mark == b'_' && word_after) => {
                        out.push((s, i));
                        open = None;
                    }
                    _ => {}
                }
                i += 2;
                continue;
            }
            i += 1;
        }
    }
    out.sort_unstable();
    out
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// The links `[text](url)` of a text, where the URL has no spaces and the text no brackets.
pub fn links(text: &str) -> Vec<Link> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = find(b, i, b"](") {
        i = k + 2;
        // the matching "[" on the same line, no "]" between
        let Some(open) = (0..k)
            .rev()
            .take_while(|&j| b[j] != b'\n' && b[j] != b']')
            .find(|&j| b[j] == b'[')
        else {
            continue;
        };
        let url_start = k + 2;
        let Some(close) = (url_start..b.len())
            .take_while(|&j| !b[j].is_ascii_whitespace())
            .find(|&j| b[j] == b')')
        else {
            continue;
        };
        if close == url_start {
            continue;
        }
        out.push(Link {
            text: Span::new((open + 1) as u32, k as u32),
            url: Span::new(url_start as u32, close as u32),
        });
        i = close + 1;
    }
    out
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_spaces_at_the_same_offsets() {
        let t = "**Петрова:** «Мы готовы», — __сказала__ она.";
        let m = mask(t).unwrap();
        assert_eq!(m.len(), t.len());
        assert_eq!(m, "  Петрова:   «Мы готовы», —   сказала   она.");
    }

    #[test]
    fn links_keep_their_text_and_lose_their_target() {
        let t = "В парке [обустроили](https://t.me/x/1) маршрут";
        let l = links(t);
        assert_eq!(l.len(), 1);
        assert_eq!(&t[l[0].text.range()], "обустроили");
        assert_eq!(&t[l[0].url.range()], "https://t.me/x/1");
        let m = mask(t).unwrap();
        assert_eq!(m.len(), t.len());
        assert!(m.starts_with("В парке  обустроили "));
        assert!(m.trim_end().ends_with("маршрут"));
        assert!(!m.contains("https"));
    }

    #[test]
    fn lone_stars_and_identifiers_stay() {
        assert_eq!(mask("однополым парам* можно"), None);
        assert_eq!(mask("set my__var__x here"), None);
        // an unclosed pair on a line is not a mark
        assert_eq!(mask("**open\nclose**"), None);
    }

    #[test]
    fn a_link_with_non_ascii_url_stays_valid_utf8() {
        let t = "[текст](https://пример.рф/путь) и всё";
        let m = mask(t).unwrap();
        assert_eq!(m.len(), t.len());
        assert!(m.contains("текст"));
        assert!(!m.contains("пример"));
    }
}
