//! Sentence boundaries for English and Russian news and diplomatic text.
//!
//! A rule-based splitter: every run of terminal punctuation (`.`, `!`, `?`, `…`, spaced
//! ellipses) is a candidate, decided from the token before it (abbreviation classes, initials,
//! numbers, list markers), the word after it (case, common sentence openers) and the
//! surrounding structure (balanced quotation marks and brackets, which are never split
//! inside; enumerations; bullets; line breaks). No per-document state, no allocation per
//! character: it runs on the raw clean text and returns byte spans.

use demarche_model::Span;

/// Longest quotation or bracketed stretch (bytes) inside which boundaries are suppressed.
const MAX_REGION: usize = 1200;

/// Splits `text` into sentences: trimmed byte spans in order, never empty.
pub fn split(text: &str) -> Vec<Span> {
    let regions = quote_regions(text);
    let forced = list_breaks(text);
    let mut out = Vec::new();
    let mut start = 0usize;
    let b = text.as_bytes();
    let mut forced_i = 0;
    let mut i = 0;
    while i < b.len() {
        while forced_i < forced.len() && forced[forced_i] < i {
            forced_i += 1;
        }
        if forced_i < forced.len() && forced[forced_i] == i && i > start {
            push(text, start, i, &mut out);
            start = i;
        }
        let c = b[i];
        let (is_term, width) = match c {
            b'.' | b'!' | b'?' => (true, 1),
            0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA6) => (true, 3),
            b'\n' => {
                if newline_breaks(text, start, i) {
                    push(text, start, i, &mut out);
                    start = i + 1;
                }
                i += 1;
                continue;
            }
            _ => (false, 1),
        };
        if !is_term {
            i += width;
            continue;
        }
        match decide(text, start, i, &regions) {
            Decision::Break(at) => {
                push(text, start, at, &mut out);
                start = at;
                i = at.max(i + 1);
            }
            Decision::Skip(to) => i = to.max(i + 1),
        }
    }
    push(text, start, b.len(), &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        let a = start + lead;
        out.push(Span::new(a as u32, (a + trimmed.len()) as u32));
    }
}

enum Decision {
    /// A boundary at this byte; the next sentence starts here.
    Break(usize),
    /// No boundary; resume scanning here.
    Skip(usize),
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '"' | '\'' | '”' | '’' | '»' | '›' | '“')
}

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '⁃' | '▪' | '◦' | '●' | '►' | '▶' | '■' | '□' | '▫' | '‣'
    )
}

/// Decides the candidate at byte `i` (a `.`, `!`, `?` or `…`).
fn decide(text: &str, start: usize, i: usize, regions: &[(usize, usize)]) -> Decision {
    let b = text.as_bytes();
    // The punctuation run, with spaced ellipses (". . .").
    let mut j = i;
    let mut dots = 0usize;
    let mut contiguous_first = 0usize;
    let mut has_bang = false;
    let mut spaced = false;
    let mut ellipsis_char = false;
    loop {
        match b.get(j) {
            Some(b'.') => {
                dots += 1;
                if !spaced {
                    contiguous_first += 1;
                }
                j += 1;
            }
            Some(b'!') | Some(b'?') => {
                has_bang = true;
                j += 1;
            }
            Some(0xE2) if b.get(j + 1) == Some(&0x80) && b.get(j + 2) == Some(&0xA6) => {
                ellipsis_char = true;
                j += 3;
            }
            Some(b' ') if b.get(j + 1) == Some(&b'.') && dots > 0 => {
                spaced = true;
                j += 1;
            }
            _ => break,
        }
    }
    let run_end = j;
    // Closing quotes and brackets belong to the sentence that ends.
    let mut k = run_end;
    while let Some(c) = text[k..].chars().next() {
        if is_closer(c) {
            k += c.len_utf8();
        } else {
            break;
        }
    }
    let after = &text[k..];
    let next_char = after.chars().next();
    // Punctuation glued to the next word (URLs, e-mails, decimals, "Jr.'s") is not a candidate.
    if let Some(c) = next_char {
        if !c.is_whitespace() {
            if k == run_end || c.is_alphanumeric() {
                return Decision::Skip(run_end);
            }
            // "...) at" / "»." handled by looking past further punctuation: only whitespace ends.
            if !matches!(c, ',' | ';' | ':') {
                return Decision::Skip(k);
            }
            return Decision::Skip(k);
        }
    }
    let rest = after.trim_start_matches([' ', '\t', '\u{a0}']);
    let Some(nc) = rest.chars().next() else {
        return Decision::Skip(k); // end of text or a line break: handled elsewhere
    };
    if nc == '\n' || nc == '\r' {
        return Decision::Break(k);
    }
    // "MOSCOW, March 3. /TASS/.": the agency slash belongs to the dateline.
    if nc == '/' {
        return Decision::Skip(run_end);
    }
    let boundary = k;
    if inside_region(regions, i, boundary) {
        return Decision::Skip(run_end);
    }
    let next_word = first_word(rest);
    let lower_next = nc.is_lowercase();
    let upper_next = nc.is_uppercase();

    if spaced {
        let attached = i > 0 && !text[..i].ends_with(char::is_whitespace);
        if attached && contiguous_first == 1 && dots >= 3 {
            // "compounds. . . . The": the first dot ends the sentence, the rest opens the next.
            if !lower_next {
                return Decision::Break(i + 1);
            }
            return Decision::Skip(run_end);
        }
        if dots >= 4 && !lower_next {
            return Decision::Break(boundary);
        }
        return Decision::Skip(run_end);
    }
    if contiguous_first >= 2 || ellipsis_char {
        return if upper_next || (nc.is_alphabetic() && !lower_next) {
            Decision::Break(boundary)
        } else {
            Decision::Skip(run_end)
        };
    }
    if lower_next {
        return Decision::Skip(run_end);
    }
    if has_bang {
        return Decision::Break(boundary);
    }
    // A single period: look at the token before it.
    let tok = token_before(text, i);
    let bare = tok.trim_start_matches(|c: char| !c.is_alphanumeric());
    if bare.is_empty() {
        return Decision::Break(boundary);
    }
    let sentence_so_far = text[start..i - tok.len() + (tok.len() - bare.len())].trim();
    let only_bullets = sentence_so_far
        .chars()
        .all(|c| is_bullet(c) || c.is_whitespace() || c == '(');
    // List markers "1.", "a." at the start of a sentence.
    if only_bullets
        && (bare.chars().all(|c| c.is_ascii_digit()) && bare.len() <= 3
            || bare.chars().count() == 1 && bare.chars().all(|c| c.is_lowercase()))
    {
        return Decision::Skip(run_end);
    }
    let lower = bare.to_lowercase();
    let next_is_digit = nc.is_ascii_digit();
    if lower.contains('.') {
        // Dotted abbreviations: "U.S", "a.m", "т.е", "Л.Н", "K.-Zh".
        if matches!(lower.as_str(), "e.g" | "i.e" | "cf" | "viz") {
            return Decision::Skip(run_end);
        }
        if matches!(lower.as_str(), "a.m" | "p.m") {
            let words = sentence_so_far.split_whitespace().count();
            return if words > 4 {
                Decision::Break(boundary)
            } else {
                Decision::Skip(run_end)
            };
        }
        if is_dotted_acronym(bare) {
            return if is_opener(next_word) {
                Decision::Break(boundary)
            } else {
                Decision::Skip(run_end)
            };
        }
        if NEVER_END.contains(&lower.as_str()) {
            return Decision::Skip(run_end);
        }
        return Decision::Break(boundary);
    }
    if NEVER_END.contains(&lower.as_str()) || TITLES.contains(&lower.as_str()) {
        return Decision::Skip(run_end);
    }
    if NUMBERED.contains(&lower.as_str()) && (next_is_digit || nc == '#') {
        return Decision::Skip(run_end);
    }
    let mut chars = bare.chars();
    let first = chars.next().unwrap_or(' ');
    if chars.next().is_none() && first.is_uppercase() {
        // A single capital: an initial ("Jonas E. Smith", "А. И. Семенов"), except the English
        // pronoun at the end of a clause ("you and I. Did").
        if first != 'I' {
            return Decision::Skip(run_end);
        }
        let prev = word_before(text, i - tok.len());
        let prev_cap = prev.chars().next().is_some_and(|c| c.is_uppercase());
        let next_initial = is_initial(next_word, rest);
        return if prev_cap || next_initial {
            Decision::Skip(run_end)
        } else {
            Decision::Break(boundary)
        };
    }
    if OTHER.contains(&lower.as_str()) {
        return if upper_next {
            Decision::Break(boundary)
        } else {
            Decision::Skip(run_end)
        };
    }
    Decision::Break(boundary)
}

/// Is `b` inside a quotation or bracket that opens before `at` and closes at or after `b`?
fn inside_region(regions: &[(usize, usize)], at: usize, b: usize) -> bool {
    let n = regions.partition_point(|r| r.0 < at);
    regions[..n]
        .iter()
        .rev()
        .take_while(|r| r.0 + MAX_REGION >= at)
        .any(|r| r.1 >= b)
}

fn token_before(text: &str, i: usize) -> &str {
    let head = &text[..i];
    let s = head
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '«' || c == '“')
        .map(|p| p + head[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    &head[s..]
}

fn word_before(text: &str, i: usize) -> &str {
    let head = text[..i].trim_end();
    let s = head.rfind(char::is_whitespace).map(|p| p + 1).unwrap_or(0);
    &head[s..]
}

fn first_word(s: &str) -> &str {
    let e = s
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .unwrap_or(s.len());
    &s[..e]
}

fn is_initial(word: &str, rest: &str) -> bool {
    word.chars().count() == 1
        && word.chars().all(char::is_uppercase)
        && rest[word.len()..].starts_with('.')
}

/// "U.S", "E.U", "U.S.A", "Л.Н", "K.-Zh": letter groups of one or two joined by dots.
fn is_dotted_acronym(s: &str) -> bool {
    s.split('.').all(|part| {
        let part = part.trim_start_matches('-');
        let n = part.chars().count();
        (1..=2).contains(&n) && part.chars().all(char::is_alphabetic)
    })
}

fn is_opener(word: &str) -> bool {
    let w = word.to_lowercase();
    OPENERS.contains(&w.as_str())
}

/// Abbreviations that never end a sentence.
const NEVER_END: &[&str] = &[
    "e.g",
    "i.e",
    "viz",
    "cf",
    "approx",
    "ca",
    "incl",
    "resp",
    "г",
    "гг",
    "ул",
    "пгт",
    "просп",
    "пер",
    "пос",
    "обл",
    "им",
    "т.н",
    "т.к",
    "напр",
    "см",
    "ср",
];

/// Titles and place-type words written before a name.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "prof", "gen", "col", "lt", "capt", "cpt",
    "maj", "adm", "sgt", "cmdr", "brig", "gov", "sen", "rep", "rev", "fr", "st", "mt", "ft",
    "pres", "amb", "hon", "supt", "insp", "det", "gen'l", "д-р", "проф", "акад", "тов", "г-н",
    "г-жа", "св", "ген", "полк", "доц",
];

/// Abbreviations written before a number ("No. 5", "Art. 51", "p. 55", "ст. 12").
const NUMBERED: &[&str] = &[
    "no", "nos", "art", "arts", "p", "pp", "para", "paras", "vol", "vols", "fig", "figs", "ch",
    "chap", "sec", "sect", "pt", "op", "ed", "n°", "nr", "tel", "ext", "res", "doc", "ст", "п",
    "пп", "ч", "рис", "стр", "с", "т", "гл", "кв", "д", "табл", "разд", "абз", "тел", "№",
];

/// Abbreviations that may end a sentence: a boundary only before a capital.
const OTHER: &[&str] = &[
    "co", "inc", "ltd", "corp", "llc", "plc", "bros", "etc", "vs", "jr", "sr", "esq", "dept",
    "est", "govt", "intl", "assn", "univ", "ave", "blvd", "rd", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur",
    "thurs", "fri", "sat", "sun", "min", "max", "pct", "mln", "bln", "bn", "пр", "др", "руб",
    "коп", "долл", "дол", "млн", "млрд", "трлн", "тыс", "км", "кг", "вв", "в", "н", "э",
];

/// Words that commonly open a sentence; after a dotted acronym they signal a boundary.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "he",
    "she",
    "we",
    "they",
    "i",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "how",
    "what",
    "when",
    "where",
    "why",
    "who",
    "which",
    "but",
    "and",
    "or",
    "however",
    "there",
    "his",
    "her",
    "its",
    "our",
    "their",
    "as",
    "if",
    "for",
    "after",
    "before",
    "since",
    "my",
    "your",
    "you",
    "yes",
    "no",
    "so",
    "then",
    "thus",
    "meanwhile",
    "today",
    "yesterday",
    "tomorrow",
    "during",
    "while",
    "although",
    "though",
    "according",
    "some",
    "many",
    "most",
    "all",
    "both",
    "moreover",
    "also",
    "earlier",
    "later",
    "now",
    "в",
    "на",
    "он",
    "она",
    "они",
    "оно",
    "это",
    "по",
    "как",
    "но",
    "и",
    "а",
    "с",
    "так",
    "при",
    "для",
    "также",
    "кроме",
    "однако",
    "мы",
    "я",
    "вы",
    "ты",
    "тогда",
    "сейчас",
    "сегодня",
    "вчера",
    "завтра",
    "если",
    "когда",
    "что",
    "кто",
    "где",
    "уже",
    "после",
    "до",
    "из",
    "за",
    "о",
    "об",
    "между",
    "согласно",
    "их",
    "его",
    "ее",
    "её",
    "этот",
    "эта",
    "эти",
];

/// Does the line break at byte `i` end a sentence?
fn newline_breaks(text: &str, start: usize, i: usize) -> bool {
    let before = text[start..i].trim_end();
    if before.is_empty() {
        return true;
    }
    let after = text[i + 1..].trim_start_matches([' ', '\t', '\r']);
    let Some(nc) = after.chars().next() else {
        return true;
    };
    if nc == '\n' {
        return true;
    }
    let last = before.chars().next_back().unwrap_or('.');
    // A hard-wrapped line continues with a lowercase word after an unfinished clause.
    !nc.is_lowercase() || matches!(last, '.' | '!' | '?' | '…' | ':' | ';')
}

/// Byte ranges (open, close) of balanced quotations and brackets within a paragraph.
fn quote_regions(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut prev = ' ';
    for (p, c) in text.char_indices() {
        if c == '\n' {
            stack.clear();
            prev = c;
            continue;
        }
        let closes = |open: char| match c {
            ')' => open == '(',
            ']' => open == '[',
            '»' => open == '«',
            '”' => open == '“' || open == '„',
            '“' => open == '„',
            '"' => open == '"',
            '›' => open == '‹',
            _ => false,
        };
        if let Some(pos) = stack.iter().rposition(|&(o, _)| closes(o)) {
            let (_, at) = stack[pos];
            stack.truncate(pos);
            if p - at <= MAX_REGION {
                out.push((at, p));
            }
        } else if (matches!(c, '(' | '[' | '«' | '“' | '„' | '‹')
            || (c == '"' && (prev.is_whitespace() || matches!(prev, '(' | '[' | ':' | '—' | '–'))))
            && stack.len() < 32
        {
            stack.push((c, p));
        }
        prev = c;
    }
    out.sort_unstable();
    out
}

/// Byte offsets where an enumeration item or a bullet starts a new sentence.
fn list_breaks(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    // Bullets after other text on the same line.
    let mut seen_text = false;
    let mut prev = '\n';
    // Enumeration markers: (offset, kind, value, at line start or after a bullet).
    let mut markers: Vec<(usize, u8, u32, bool)> = Vec::new();
    let b = text.as_bytes();
    let mut line_start_or_bullet = true;
    for (p, c) in text.char_indices() {
        if c == '\n' {
            seen_text = false;
            line_start_or_bullet = true;
            prev = c;
            continue;
        }
        if is_bullet(c) && prev.is_whitespace() || is_bullet(c) && p == 0 {
            if seen_text {
                out.push(p);
            }
            line_start_or_bullet = true;
            prev = c;
            continue;
        }
        if (prev.is_whitespace() || is_bullet(prev) || p == 0)
            && (c.is_ascii_digit() || c.is_ascii_lowercase())
        {
            if let Some((kind, value, len)) = marker_at(&b[p..]) {
                if b.get(p + len).is_some_and(|x| *x == b' ' || *x == b'\t') {
                    markers.push((p, kind, value, line_start_or_bullet && !seen_text));
                }
            }
        }
        if !c.is_whitespace() {
            seen_text = true;
            line_start_or_bullet = false;
        }
        prev = c;
    }
    // Keep runs of consecutive markers of one kind that start a line: 1, 2, 3 / a, b, c.
    let mut i = 0;
    while i < markers.len() {
        let (_, kind, value, at_start) = markers[i];
        if !at_start {
            i += 1;
            continue;
        }
        let mut expect = value + 1;
        let mut j = i + 1;
        let mut run = Vec::new();
        while j < markers.len() {
            let m = markers[j];
            if m.1 == kind && m.2 == expect {
                // After a bullet the bullet itself already starts the item.
                let after_bullet = text[..m.0]
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(is_bullet);
                if !after_bullet {
                    run.push(m.0);
                }
                expect += 1;
            }
            j += 1;
            if m.3 && m.1 == kind && m.2 != expect - 1 {
                break;
            }
        }
        out.extend(run);
        i = j.max(i + 1);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// An enumeration marker at the start of `b`: `1.)`, `1)`, `1.`, `a.`; returns kind, value and
/// length.
fn marker_at(b: &[u8]) -> Option<(u8, u32, usize)> {
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        let v: u32 = std::str::from_utf8(&b[..digits]).ok()?.parse().ok()?;
        return match (b.get(digits), b.get(digits + 1)) {
            (Some(b'.'), Some(b')')) => Some((0, v, digits + 2)),
            (Some(b')'), _) => Some((1, v, digits + 1)),
            (Some(b'.'), _) => Some((2, v, digits + 1)),
            _ => None,
        };
    }
    if b.first().is_some_and(u8::is_ascii_lowercase) && b.get(1) == Some(&b'.') {
        return Some((3, (b[0] - b'a') as u32 + 1, 2));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|s| &t[s.range()]).collect()
    }

    #[test]
    fn news_abbreviations_and_initials() {
        assert_eq!(
            sents("Gen. Smith met R.A.Kazakbayev on Monday. They talked."),
            ["Gen. Smith met R.A.Kazakbayev on Monday.", "They talked."]
        );
        assert_eq!(
            sents("Under Art. 51 of the UN Charter, No. 5 applies. Mr. Lavrov agreed."),
            [
                "Under Art. 51 of the UN Charter, No. 5 applies.",
                "Mr. Lavrov agreed."
            ]
        );
        assert_eq!(
            sents("President K.-Zh. Tokayev spoke. The U.S. delegation left."),
            [
                "President K.-Zh. Tokayev spoke.",
                "The U.S. delegation left."
            ]
        );
    }

    #[test]
    fn quotes_span_sentences() {
        let t = "She said: “We will respond. This is unacceptable.” Then she left.";
        assert_eq!(
            sents(t),
            [
                "She said: “We will respond. This is unacceptable.”",
                "Then she left."
            ]
        );
    }

    #[test]
    fn transcript_turns_and_bullets() {
        let t = "Question: What about the talks?\nSergey Lavrov: We are ready.\n• First point • Second point";
        assert_eq!(
            sents(t),
            [
                "Question: What about the talks?",
                "Sergey Lavrov: We are ready.",
                "• First point",
                "• Second point"
            ]
        );
    }

    #[test]
    fn wire_dateline_is_one_unit() {
        assert_eq!(
            sents("MOSCOW, March 3. /TASS/. Lavrov spoke. He left."),
            ["MOSCOW, March 3. /TASS/.", "Lavrov spoke.", "He left."]
        );
    }

    #[test]
    fn wrapped_lines_join() {
        assert_eq!(
            sents("The talks were\nproductive. Yes."),
            ["The talks were\nproductive.", "Yes."]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "", ".", "...", ". . . .", "«", "1.", "a. b.", "…", "\n\n", "Mr.", "U.S.", "“.”",
        ] {
            let _ = split(t);
        }
    }
}
