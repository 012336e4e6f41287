//! Quotation regions: where quotations open and close, for every mark style.

#[allow(unused_imports)]
use super::*;

pub(super) fn is_open(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '‹' | '"' | '‘' | '\'')
}

pub(super) fn is_close(c: char) -> bool {
    matches!(c, '”' | '»' | '“' | '›' | '"' | '’' | '\'')
}

pub(super) fn dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '-')
}

/// Whether `rest` opens with a speaker and a verb of saying ("she said", "Zakharova also
/// added", "said Lavrov").
pub(super) fn cue_follows(rest: &str) -> bool {
    let words: Vec<String> = rest
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .take(4)
        .map(str::to_lowercase)
        .collect();
    let en = en_forms();
    let cue = |w: &String| en.get(w.as_str()).is_some() || ru_cue(w).is_some();
    words
        .first()
        .is_some_and(|w| cue(w) || is_pronoun(w) && words.get(1).is_some_and(cue))
        || words.iter().take(3).skip(1).any(cue)
            && words.first().is_some_and(|w| {
                rest.trim_start().starts_with(|c: char| c.is_uppercase()) && !w.is_empty()
            })
}

/// Top-level quotation regions (bytes, marks included), with paragraphs that continue a
/// quotation by opening again, and the depth-2 regions inside them.
pub fn quotation_regions(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut prev = '\n';
    // Open quotation carried over a paragraph end: (mark, start).
    let mut carried: Option<(char, usize)> = None;
    let mut para_start = true;
    let mut last_ns = '\n';
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let p = at;
        let mut width = c.len_utf8();
        if c.is_alphanumeric() {
            // a letter or digit neither opens nor closes: only the context moves on
            if para_start {
                para_start = false;
                carried = None;
            }
            (prev, last_ns) = (c, c);
            at += width;
            continue;
        }
        let mut next = text[p + width..].chars().next().unwrap_or('\n');
        // two apostrophes written for a double quotation mark (''like this'')
        let c = if c == '\'' && next == '\'' {
            width = 2;
            next = text[p + 2..].chars().next().unwrap_or('\n');
            '"'
        } else {
            c
        };
        at += width;
        if c == '\n' {
            // An unclosed top-level quotation that opened at a paragraph start continues
            // when the next paragraph opens with the same mark.
            // (a blank line keeps what the last paragraph carried)
            if !para_start {
                carried = match stack.first() {
                    Some(&(m, s)) if m != '‘' && m != '\'' => Some((m, s)),
                    _ => None,
                };
            }
            stack.clear();
            para_start = true;
            prev = c;
            continue;
        }
        if c.is_whitespace() {
            prev = c;
            continue;
        }
        let last_ns_here = last_ns;
        last_ns = c;
        let last_ns = last_ns_here;
        if para_start {
            para_start = false;
            if let Some((m, s)) = carried.take() {
                if c == m {
                    stack.push((m, s));
                    prev = c;
                    continue;
                }
            }
        }
        let closes = |open: char| match c {
            '»' => open == '«',
            '”' => open == '“' || open == '„' || open == '"',
            // an opening mark typed for the closing one: “It's unusual,“ said Noble
            '“' => {
                open == '„' || open == '“' && ",.!?…".contains(prev) && !next.is_alphanumeric()
            }
            '"' => open == '"' || open == '“',
            '›' => open == '‹',
            '’' => open == '‘',
            '\'' => open == '\'' && !prev.is_whitespace(),
            _ => false,
        };
        let can_close = !next.is_alphanumeric() || (c != '’' && c != '\'');
        let after_space = prev.is_whitespace() || "([:—–\n".contains(prev);
        // `tool, "she said`: a closing mark typed with the space on the wrong side; `like,
        // 'Oh, this is important,' " Magel said`: spaced from the single mark it closes over
        let sloppy_close = c == '"'
            && prev.is_whitespace()
            && ",.!?…'’".contains(last_ns)
            && stack.iter().any(|&(o, _)| o == '"')
            && cue_follows(&text[p + 1..]);
        let straight_open = c == '"' && after_space && !sloppy_close;
        if can_close && !straight_open {
            if let Some(pos) = stack.iter().rposition(|&(o, _)| closes(o)) {
                let (_, at) = stack[pos];
                stack.truncate(pos);
                if pos <= 1 {
                    out.push(Span::new(at as u32, (p + width) as u32));
                }
                prev = c;
                continue;
            }
        }
        let opens = match c {
            '«' | '“' | '„' | '‹' => !next.is_whitespace(),
            '"' => straight_open && !next.is_whitespace(),
            '‘' => !prev.is_alphanumeric() && next.is_alphanumeric(),
            '\'' => after_space && next.is_alphanumeric(),
            _ => false,
        };
        if opens && stack.len() < 16 {
            stack.push((c, p));
        }
        prev = c;
    }
    out.sort_unstable_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    out
}
