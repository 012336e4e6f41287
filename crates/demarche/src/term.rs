//! What documents hold, made safe to print: control characters (ESC, BEL, CR, the C1
//! controls...) are shown as escapes (`\x1b`, `\x07`, `\r`, `\u{9b}`) instead of being sent
//! to the terminal, where a title could otherwise move the cursor, rewrite what was printed
//! before it, or change the window's title. Every printing command passes document text,
//! metadata and file names through here, on a terminal and in plain output alike (JSON
//! output escapes them itself).

use std::borrow::Cow;
use std::fmt::Write;

/// `s` on one line: every control character escaped, line breaks and tabs included.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// `s` as running text: control characters escaped, line breaks and tabs kept.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn needs(c: char, keep_breaks: bool) -> bool {
    c.is_control() && !(keep_breaks && matches!(c, '\n' | '\t'))
}

fn escape(s: &str, keep_breaks: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| needs(c, keep_breaks)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if !needs(c, keep_breaks) {
            out.push(c);
            continue;
        }
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped() {
        assert_eq!(line("plain"), "plain");
        assert!(matches!(line("plain"), Cow::Borrowed(_)));
        assert_eq!(
            line("a\u{1b}[31mb\u{7}\rc\nd\te\u{9b}f\u{7f}"),
            "a\\x1b[31mb\\x07\\rc\\nd\\te\\u{9b}f\\x7f"
        );
        assert_eq!(
            text("one\n\ttwo\u{1b}]0;x\u{7}"),
            "one\n\ttwo\\x1b]0;x\\x07"
        );
        // letters of any script pass
        assert_eq!(line("Лавров «да» 🙂 \u{202e}"), "Лавров «да» 🙂 \u{202e}");
    }
}
