//! Snippets: the passage of a hit that best shows why it matched, with the matching words
//! marked.
//!
//! The text is scanned once, word by word, as the index analyzer splits it (alphanumeric
//! runs, lowercased, long words dropped). A word is stemmed only when its first two letters
//! begin one of the query's terms: Snowball stemmers rewrite endings, never the first two
//! letters of a word, so the other words cannot match and cost neither an allocation nor a
//! stemmer call. The passage chosen is the window of at most `max_chars` characters whose
//! distinct matching terms weigh most (rarer terms weigh more), widened with context on both
//! sides and cut at word boundaries.

use std::collections::HashMap;

use crate::analysis::{stem, MAX_WORD_BYTES};

/// Bytes of a text in which a snippet is looked for.
pub const SCAN_BYTES: usize = 256 << 10;

/// A snippet: text and the byte ranges to highlight in it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Snippet {
    /// The fragment.
    pub text: String,
    /// Highlighted byte ranges in `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// Makes snippets for one query.
pub struct Snipper {
    terms: HashMap<String, (usize, f32)>,
    gates: Vec<[char; 2]>,
    max_chars: usize,
    en: frostem::Stemmer,
    ru: frostem::Stemmer,
}

/// The gate key of a lowercased word: its first two characters, `ё` folded.
fn gate(word: &str) -> [char; 2] {
    let mut it = word.chars().map(|c| if c == 'ё' { 'е' } else { c });
    [it.next().unwrap_or('\0'), it.next().unwrap_or('\0')]
}

impl Snipper {
    /// A snipper for index terms and their weights; fragments of at most `max_chars`.
    pub fn new(terms: impl IntoIterator<Item = (String, f32)>, max_chars: usize) -> Snipper {
        let terms: HashMap<String, (usize, f32)> = terms
            .into_iter()
            .enumerate()
            .map(|(i, (t, w))| (t, (i, w)))
            .collect();
        let mut gates: Vec<[char; 2]> = terms.keys().map(|t| gate(t)).collect();
        gates.sort_unstable();
        gates.dedup();
        Snipper {
            terms,
            gates,
            max_chars: max_chars.max(20),
            en: frostem::Stemmer::new(frostem::Algorithm::English),
            ru: frostem::Stemmer::new(frostem::Algorithm::Russian),
        }
    }

    /// Whether there is anything to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The matching words of `text`: byte range, term number and weight.
    fn matches(&self, text: &str) -> Vec<(usize, usize, usize, f32)> {
        let mut out = Vec::new();
        let mut lower = String::new();
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            if c.is_alphanumeric() {
                if start.is_none() {
                    start = Some(i);
                }
                continue;
            }
            let Some(s) = start.take() else { continue };
            let word = &text[s..i];
            let b = word.as_bytes();
            let g = if b.len() >= 2 && b[0].is_ascii() && b[1].is_ascii() {
                [
                    b[0].to_ascii_lowercase() as char,
                    b[1].to_ascii_lowercase() as char,
                ]
            } else {
                let mut cs = word.chars().flat_map(char::to_lowercase);
                [cs.next().unwrap_or('\0'), cs.next().unwrap_or('\0')].map(|c| {
                    if c == 'ё' {
                        'е'
                    } else {
                        c
                    }
                })
            };
            if self.gates.binary_search(&g).is_err() {
                continue;
            }
            if word.len() >= MAX_WORD_BYTES {
                continue; // the index drops such words
            }
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if let Some(&(k, w)) = self.terms.get(stem(&self.en, &self.ru, &lower).as_ref()) {
                out.push((s, i, k, w));
            }
        }
        out
    }

    /// The best passage of `text` with its matches marked; `None` when nothing matches.
    /// Only the first [`SCAN_BYTES`] of a text are looked at: a document of millions of
    /// matching lines would otherwise hold a search for seconds.
    pub fn snippet(&self, text: &str) -> Option<Snippet> {
        if self.terms.is_empty() {
            return None;
        }
        let mut cut = text.len().min(SCAN_BYTES);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &text[..cut];
        let m = self.matches(text);
        if m.is_empty() {
            return None;
        }
        // the window of matches spanning at most max_chars with the heaviest distinct terms
        let chars = |a: usize, b: usize| text[a..b].chars().count();
        let mut best = (0usize, 0usize, f32::MIN);
        let mut seen: Vec<usize> = Vec::new();
        for i in 0..m.len() {
            seen.clear();
            let mut score = 0.0;
            let mut j = i;
            // the window's width in characters, counted as it grows
            let (mut width, mut at) = (0, m[i].0);
            while j < m.len() {
                width += chars(at, m[j].1);
                at = m[j].1;
                if width > self.max_chars {
                    break;
                }
                if !seen.contains(&m[j].2) {
                    seen.push(m[j].2);
                    score += m[j].3;
                }
                j += 1;
            }
            // a lone word longer than the budget is still a window of one
            let j = j.max(i + 1);
            // more occurrences break ties between equally weighty windows
            let score = score + (j - i) as f32 * 1e-6;
            if score > best.2 {
                best = (i, j - 1, score);
            }
        }
        let (first, last) = (m[best.0].0, m[best.1].1);
        // context: what is left of the budget, split between both sides
        let spare = self.max_chars.saturating_sub(chars(first, last));
        let before = spare / 2;
        let mut from = text[..first]
            .char_indices()
            .rev()
            .nth(before.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        if before == 0 {
            from = first;
        }
        let after = spare - chars(from, first).min(spare);
        let mut to = text[last..]
            .char_indices()
            .nth(after)
            .map_or(text.len(), |(i, _)| last + i);
        // cut at word boundaries (never inside the matches)
        if from > 0 && !text[..from].ends_with(char::is_whitespace) {
            if let Some(k) = text[from..first].find(char::is_whitespace) {
                from += k;
            } else {
                from = first;
            }
        }
        if to < text.len() && !text[to..].starts_with(char::is_whitespace) {
            if let Some(k) = text[last..to].rfind(char::is_whitespace) {
                to = last + k;
            } else {
                to = last;
            }
        }
        let frag = &text[from..to];
        let trimmed = frag.trim_start();
        let shift = from + (frag.len() - trimmed.len());
        let trimmed = trimmed.trim_end();
        let highlights = m[best.0..=best.1]
            .iter()
            .map(|&(a, b, _, _)| (a - shift, b - shift))
            .collect();
        Some(Snippet {
            text: trimmed.to_string(),
            highlights,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::terms;

    fn snipper(q: &str, max: usize) -> Snipper {
        Snipper::new(terms(q).into_iter().map(|t| (t, 1.0)), max)
    }

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect()
    }

    #[test]
    fn marks_inflected_forms_in_both_scripts() {
        let s = snipper("negotiation переговоры", 200)
            .snippet("The negotiations went on. Переговоров не было. Negotiators left.")
            .unwrap();
        assert_eq!(
            marked(&s),
            vec!["negotiations", "Переговоров", "Negotiators"]
        );
    }

    // issue 27: a text of millions of matching lines held a search for 12 s
    #[test]
    fn r27_only_the_start_of_a_huge_text_is_scanned() {
        let text = format!("{}grain", "ab\n\n".repeat(SCAN_BYTES / 4 + 10));
        assert!(snipper("grain", 200).snippet(&text).is_none());
        let s = snipper("ab", 200).snippet(&text).unwrap();
        assert!(
            s.text.chars().count() <= 210 && marked(&s).len() > 10,
            "{s:?}"
        );
    }

    #[test]
    fn picks_the_window_with_the_most_distinct_terms() {
        let filler = "word ".repeat(80);
        let text = format!(
            "Sanctions again. {filler} Sanctions and the embargo on grain. {filler} Sanctions."
        );
        let s = snipper("sanctions embargo", 60).snippet(&text).unwrap();
        assert_eq!(marked(&s), vec!["Sanctions", "embargo"]);
        assert!(s.text.chars().count() <= 60, "{}", s.text);
        assert!(!s.text.starts_with(' ') && !s.text.ends_with(' '));
        assert!(s.text.starts_with("word") || s.text.starts_with("Sanctions"));
    }

    #[test]
    fn no_match_no_snippet_and_odd_text_never_panics() {
        assert!(snipper("treaty", 50).snippet("Nothing here.").is_none());
        let q = snipper("ёлка treaty", 10);
        for t in [
            "",
            "ёлка",
            "Ёлка!",
            "treaty",
            "x treaty",
            "Ǆ treaty ǅ",
            "treatyǅǅǅǅǅǅǅǅǅǅǅǅǅǅǅǅǅǅǅǅ treaty",
            "ÉÉ treaty 👍🏽 treaty",
        ] {
            if let Some(s) = q.snippet(t) {
                for &(a, b) in &s.highlights {
                    assert!(s.text.is_char_boundary(a) && s.text.is_char_boundary(b));
                    assert!(a < b && b <= s.text.len());
                }
            }
        }
    }

    #[test]
    fn agrees_with_the_index_analyzer() {
        // every word the analyzer turns into a query term is marked, and only those
        let text =
            "Министр заявил: «Переговоры продолжатся». The Minister's talks resumed; 2022 talks.";
        for (word, _) in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| (w, ()))
        {
            let s = snipper(word, 500).snippet(text).unwrap();
            let want = terms(word);
            for m in marked(&s) {
                assert_eq!(terms(m), want, "{word} marked {m}");
            }
        }
    }
}
