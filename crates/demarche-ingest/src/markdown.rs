//! Markdown from a clean text and its block kinds: headings, list items, block quotations,
//! captions and table cells keep their marks; text that would read as a mark is escaped.

use demarche_model::Span;

use crate::clean::BlockKind;

/// Renders `text` (whose paragraphs are `blocks`) as Markdown.
pub fn render(text: &str, blocks: &[(Span, BlockKind)]) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut prev: Option<BlockKind> = None;
    let mut n = 0usize;
    for &(span, kind) in blocks {
        let t = text[span.range()].trim();
        if t.is_empty() {
            continue;
        }
        // items of one list, and cells of one table, stay on adjacent lines
        let tight = matches!(
            (prev, kind),
            (Some(BlockKind::Item { .. }), BlockKind::Item { .. })
                | (Some(BlockKind::Row), BlockKind::Row)
        );
        if !out.is_empty() {
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        n = match (prev, kind) {
            (Some(BlockKind::Item { ordered: true }), BlockKind::Item { ordered: true }) => n + 1,
            _ => 1,
        };
        match kind {
            BlockKind::Heading { level } => {
                out.extend(std::iter::repeat_n('#', level.clamp(1, 6) as usize));
                out.push(' ');
                out.push_str(&one_line(t));
            }
            BlockKind::Item { ordered } => {
                if ordered {
                    out.push_str(&format!("{n}. "));
                } else {
                    out.push_str("- ");
                }
                out.push_str(&escape(&one_line(t)));
            }
            BlockKind::Quote => {
                for (i, line) in t.lines().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str("> ");
                    out.push_str(&escape(line));
                }
            }
            BlockKind::Caption => {
                out.push_str("*Caption: ");
                out.push_str(&one_line(t).replace('*', "\\*"));
                out.push('*');
            }
            BlockKind::Row => {
                out.push_str("| ");
                out.push_str(&one_line(t));
                out.push_str(" |");
            }
            BlockKind::Pre => {
                out.push_str("```\n");
                out.push_str(&t.replace("```", "` ` `"));
                out.push_str("\n```");
            }
            BlockKind::Paragraph => out.push_str(&escape(t)),
        }
        prev = Some(kind);
    }
    out
}

fn one_line(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes a leading character that Markdown would read as a block mark.
fn escape(t: &str) -> String {
    let b = t.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let mark = match b.first() {
        Some(b'#' | b'>' | b'=' | b'|' | b'`') => true,
        Some(b'-' | b'*' | b'+') => b.len() == 1 || b[1] == b' ' || b[0] == b[1],
        _ => {
            digits > 0
                && matches!(b.get(digits), Some(b'.' | b')'))
                && b.get(digits + 1).is_none_or(|c| *c == b' ')
        }
    };
    if mark {
        if digits > 0 {
            format!("{}\\{}", &t[..digits], &t[digits..])
        } else {
            format!("\\{t}")
        }
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(parts: &[(&str, BlockKind)]) -> (String, Vec<(Span, BlockKind)>) {
        let mut text = String::new();
        let mut bl = Vec::new();
        for (t, k) in parts {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let at = text.len() as u32;
            text.push_str(t);
            bl.push((Span::new(at, text.len() as u32), *k));
        }
        (text, bl)
    }

    #[test]
    fn marks() {
        let (t, b) = blocks(&[
            ("Talks in Geneva", BlockKind::Heading { level: 2 }),
            ("The ministry said:", BlockKind::Paragraph),
            ("We are ready.", BlockKind::Quote),
            ("first", BlockKind::Item { ordered: true }),
            ("second", BlockKind::Item { ordered: true }),
            ("Lavrov at the talks", BlockKind::Caption),
            ("Year | GDP", BlockKind::Row),
            ("2022 | 2.5%", BlockKind::Row),
            ("# not a heading", BlockKind::Paragraph),
            ("2022. A year of change", BlockKind::Paragraph),
            ("- not an item", BlockKind::Paragraph),
        ]);
        assert_eq!(
            render(&t, &b),
            "## Talks in Geneva\n\nThe ministry said:\n\n> We are ready.\n\n1. first\n2. second\n\n*Caption: Lavrov at the talks*\n\n| Year | GDP |\n| 2022 | 2.5% |\n\n\\# not a heading\n\n2022\\. A year of change\n\n\\- not an item"
        );
    }
}
