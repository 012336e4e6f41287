//! The HTML tokenizer's pieces: tags with their attributes (borrowed from the page, with
//! offsets), character references, and the words of class and id names.

/// A start or end tag.
pub(crate) struct Tag<'a> {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, &'a str, usize)>,
    pub(crate) end: bool,
    pub(crate) self_closing: bool,
}

impl<'a> Tag<'a> {
    pub(crate) fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, _)| *v)
    }
}

/// Parses a tag starting at `src[at] == '<'`; returns it and the offset after `>`.
pub(crate) fn parse_tag(src: &str, at: usize) -> Option<(Tag<'_>, usize)> {
    let b = src.as_bytes();
    let mut i = at + 1;
    let end = b.get(i) == Some(&b'/');
    if end {
        i += 1;
    }
    let name_start = i;
    while i < b.len()
        && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':' || b[i] == b'_')
    {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = src[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            if b[i] == b'/' {
                self_closing = true;
            }
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            let after = (i + 1).min(b.len());
            return Some((
                Tag {
                    name,
                    attrs,
                    end,
                    self_closing,
                },
                after,
            ));
        }
        self_closing = false;
        let an = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let aname = src[an..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        let mut vpos = i;
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = memchr::memchr(q, &b[vs..])
                    .map(|k| vs + k)
                    .unwrap_or(b.len());
                value = &src[vs..ve];
                vpos = vs;
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = &src[vs..i];
                vpos = vs;
            }
        }
        if an == i {
            i += 1; // stray byte
            continue;
        }
        if attrs.len() < 64 {
            attrs.push((aname, value, vpos));
        }
    }
}

/// Decodes an HTML entity starting at `s[0] == '&'`; returns the text and bytes consumed.
pub(crate) fn entity(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let limit = b.len().min(40);
    let semi = memchr::memchr(b';', &b[..limit]);
    if b.get(1) == Some(&b'#') {
        let (radix, start) = if matches!(b.get(2), Some(b'x' | b'X')) {
            (16, 3)
        } else {
            (10, 2)
        };
        let mut end = start;
        while end < limit && (b[end] as char).is_digit(radix) {
            end += 1;
        }
        if end == start {
            return None;
        }
        let n = u32::from_str_radix(&s[start..end], radix).ok()?;
        let c = match n {
            0 => '\u{fffd}',
            0x80..=0x9f => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[n as u8])
                .0
                .chars()
                .next()?,
            _ => char::from_u32(n).unwrap_or('\u{fffd}'),
        };
        let used = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((c.to_string(), used));
    }
    let semi = semi?;
    let ent = &s[..=semi];
    let decoded = htmlize::unescape(ent);
    if decoded == ent {
        return None;
    }
    Some((decoded.into_owned(), semi + 1))
}

/// Whether a name of a class or id value (names are separated by white space), split into
/// lower-case words, passes `f`. Words are separated by punctuation or a camel hump
/// ("newsCaption" is "news", "caption").
pub(crate) fn any_name(value: &str, f: impl Fn(&[&str]) -> bool) -> bool {
    value.split_ascii_whitespace().any(|name| {
        let mut lower = String::with_capacity(name.len() + 4);
        let mut prev_lower = false;
        for c in name.chars() {
            if c.is_ascii_uppercase() && prev_lower {
                lower.push('-');
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            lower.push(c.to_ascii_lowercase());
        }
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        f(&words)
    })
}

/// Finds `needle` in `hay`, ASCII case-insensitively.
pub(crate) fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0].to_ascii_lowercase();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let k = memchr::memchr2(
            first,
            first.to_ascii_uppercase(),
            &hay[i..hay.len() - needle.len() + 1],
        )?;
        let at = i + k;
        if hay[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}
