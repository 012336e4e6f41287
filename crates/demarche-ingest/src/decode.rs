//! Bytes to text: decompression, binary detection, character encodings.

use std::io::{self, BufRead, BufReader, Read};

use demarche_model::Alignment;
use encoding_rs::Encoding;

use crate::error::{Error, Result};

/// Compression of an input stream, detected from its magic bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// gzip (one or more members).
    Gzip,
    /// Zstandard.
    Zstd,
}

impl Compression {
    /// The name recorded in provenance.
    pub fn name(&self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }

    /// Detects compression from the first bytes of a stream.
    pub fn sniff(head: &[u8]) -> Option<Compression> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Compression::Gzip)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Compression::Zstd)
        } else {
            None
        }
    }
}

/// Size of the buffer used to sniff formats.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// Wraps a raw stream in a decompressor when its magic bytes say so (one level: a gzip
/// inside a gzip is read as the inner bytes, which then sniff as gzip again and are
/// reported as binary rather than unpacked without end).
pub fn decompress<'a>(
    raw: Box<dyn Read + Send + 'a>,
) -> io::Result<(Box<dyn BufRead + Send + 'a>, Option<Compression>)> {
    let mut buf = BufReader::with_capacity(SNIFF_BYTES, raw);
    let head = buf.fill_buf()?;
    match Compression::sniff(head) {
        Some(Compression::Gzip) => {
            let dec = flate2::bufread::MultiGzDecoder::new(buf);
            Ok((
                Box::new(BufReader::with_capacity(SNIFF_BYTES, dec)),
                Some(Compression::Gzip),
            ))
        }
        Some(Compression::Zstd) => {
            let dec = zstd::stream::read::Decoder::with_buffer(buf)?;
            Ok((
                Box::new(BufReader::with_capacity(SNIFF_BYTES, dec)),
                Some(Compression::Zstd),
            ))
        }
        None => Ok((Box::new(buf), None)),
    }
}

/// Fills the reader's buffer as far as `SNIFF_BYTES` (or the end of the stream) and returns
/// what it holds, without consuming it.
pub fn peek<R: BufRead + ?Sized>(r: &mut R) -> io::Result<&[u8]> {
    r.fill_buf()
}

/// Reads a whole stream, refusing more than `limit` bytes.
pub fn read_limited<R: Read + ?Sized>(r: &mut R, limit: u64) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let n = r
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(Error::from_io)?;
    if n as u64 > limit {
        return Err(Error::TooLarge { limit });
    }
    Ok(out)
}

/// True when the bytes look like a binary file rather than text in any encoding.
pub fn looks_binary(head: &[u8]) -> bool {
    if head.is_empty() {
        return false;
    }
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return false; // UTF-16 with BOM
    }
    let sample = &head[..head.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    controls * 20 > sample.len()
}

/// Text decoded from bytes, with its map back to the bytes.
#[derive(Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding it was decoded from.
    pub encoding: &'static Encoding,
    /// Text offsets → raw byte offsets.
    pub alignment: Alignment,
}

/// Decodes a text payload.
///
/// A byte-order mark wins; then a `declared` encoding (an HTML meta charset, an HTTP header,
/// the `--encoding` flag); then UTF-8 if the bytes are valid UTF-8; then a statistical guess.
/// Bytes declared UTF-8 that are not are an error naming the offset.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return decode_with(&bytes[bom..], enc, bom as u32);
    }
    if let Some(enc) = declared {
        if enc == encoding_rs::UTF_8 {
            return match std::str::from_utf8(bytes) {
                Ok(s) => Ok(Decoded {
                    text: s.to_owned(),
                    encoding: enc,
                    alignment: Alignment::identity(s.len() as u32, 0),
                }),
                Err(e) => Err(Error::InvalidUtf8 {
                    offset: e.valid_up_to() as u64,
                }),
            };
        }
        return decode_with(bytes, enc, 0);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: s.to_owned(),
            encoding: encoding_rs::UTF_8,
            alignment: Alignment::identity(s.len() as u32, 0),
        });
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    decode_with(bytes, enc, 0)
}

fn decode_with(bytes: &[u8], enc: &'static Encoding, offset: u32) -> Result<Decoded> {
    if enc == encoding_rs::UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Decoded {
                text: s.to_owned(),
                encoding: enc,
                alignment: Alignment::identity(s.len() as u32, offset),
            }),
            Err(e) => Err(Error::InvalidUtf8 {
                offset: (e.valid_up_to() as u64) + offset as u64,
            }),
        };
    }
    let (text, _had_errors) = enc.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    let alignment = align_decoded(&text, bytes, enc, offset);
    Ok(Decoded {
        text,
        encoding: enc,
        alignment,
    })
}

/// Whether bytes that are not valid UTF-8 are still mostly UTF-8: at least four valid
/// multi-byte sequences for each bad byte (a page written in UTF-8 with a few stray bytes
/// from a pasted legacy text), or no bad byte in the first place.
pub fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().bytes().filter(|b| *b >= 0xc0).count();
        bad += chunk.invalid().len();
    }
    bad == 0 || good >= 4 * bad
}

/// Decodes UTF-8 with each invalid sequence replaced by U+FFFD, aligned to its bytes.
pub fn decode_utf8_lossy(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len());
    let mut al = Alignment::default();
    let mut raw = 0u32;
    for chunk in bytes.utf8_chunks() {
        let v = chunk.valid();
        if !v.is_empty() {
            al.push_exact(text.len() as u32, raw, v.len() as u32);
            text.push_str(v);
            raw += v.len() as u32;
        }
        let bad = chunk.invalid();
        if !bad.is_empty() {
            al.push_block(text.len() as u32, 3, raw, bad.len() as u32);
            text.push('\u{fffd}');
            raw += bad.len() as u32;
        }
    }
    Decoded {
        text,
        encoding: encoding_rs::UTF_8,
        alignment: al,
    }
}

/// Builds the map from decoded UTF-8 text back to the legacy-encoded bytes.
fn align_decoded(text: &str, bytes: &[u8], enc: &'static Encoding, offset: u32) -> Alignment {
    let mut al = Alignment::default();
    let single_byte = enc.is_single_byte();
    let utf16 = enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE;
    let mut raw = 0u32;
    let mut clean = 0u32;
    let mut encoder = enc.output_encoding().new_encoder();
    let mut scratch = [0u8; 16];
    for ch in text.chars() {
        let clen = ch.len_utf8() as u32;
        let rlen = if single_byte {
            1
        } else if utf16 {
            (ch.len_utf16() * 2) as u32
        } else {
            let mut tmp = [0u8; 4];
            let s = ch.encode_utf8(&mut tmp);
            let (_, _, written, _) = encoder.encode_from_utf8(s, &mut scratch, false);
            (written as u32).max(1)
        };
        let rlen = rlen.min((bytes.len() as u32).saturating_sub(raw));
        if rlen > 0 && clen.is_multiple_of(rlen) {
            al.push_linear(clean, clen, raw + offset, rlen);
        } else {
            al.push_block(clean, clen, raw + offset, rlen);
        }
        raw += rlen;
        clean += clen;
    }
    al
}

/// Finds a charset declared in the first bytes of an HTML or XML document
/// (`<meta charset=...>`, `http-equiv` content type, `<?xml encoding=...?>`).
pub fn sniff_declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let n = head.len().min(4096);
    let lower: Vec<u8> = head[..n].iter().map(|b| b.to_ascii_lowercase()).collect();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        let mut from = 0;
        while let Some(pos) = memchr::memmem::find(&lower[from..], key) {
            let start = from + pos + key.len();
            let rest = &lower[start..];
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let end = rest
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
                .unwrap_or(rest.len());
            if end > 0 {
                if let Some(enc) = Encoding::for_label(&rest[..end]) {
                    // A page saved as UTF-16 still declares its charset in ASCII; trust BOMs.
                    return Some(enc);
                }
            }
            from = start;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use demarche_model::Span;

    #[test]
    fn windows_1251_is_detected_and_aligned() {
        let text =
            "Министр иностранных дел России Сергей Лавров заявил, что переговоры будут продолжены.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1251);
        assert_eq!(d.text, text);
        let start = text.find("Лавров").unwrap() as u32;
        let span = Span::new(start, start + "Лавров".len() as u32);
        let raw = d.alignment.to_raw(span);
        let (lav, _, _) = encoding_rs::WINDOWS_1251.encode("Лавров");
        assert_eq!(&bytes[raw.range()], &lav[..]);
    }

    #[test]
    fn koi8r_is_detected() {
        let text = "Москва, 9 ноября. Министерство иностранных дел России сообщило о переговорах с партнёрами по ОДКБ и ШОС.";
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, text, "guessed {}", d.encoding.name());
    }

    #[test]
    fn bom_is_skipped_and_offsets_shift() {
        let mut bytes = vec![0xef, 0xbb, 0xbf];
        bytes.extend_from_slice(b"hello");
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "hello");
        assert_eq!(d.alignment.to_raw(Span::new(0, 5)), Span::new(3, 8));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Привет".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "Привет");
        assert_eq!(d.alignment.to_raw(Span::new(2, 4)), Span::new(4, 6));
    }

    #[test]
    fn declared_utf8_must_be_valid() {
        let err = decode(b"abc\xffdef", Some(encoding_rs::UTF_8)).unwrap_err();
        assert!(err.to_string().contains("invalid utf-8 at byte 3"), "{err}");
    }

    #[test]
    fn a_few_bad_bytes_are_replaced_one_by_one() {
        // UTF-8 text with one stray Latin-1 byte: the rest is not decoded as Latin-1
        let mut bytes = "Zürich, Genève, Malmö: die Gespräche über Sicherheit"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b" caf\xe9 ");
        bytes.extend_from_slice("und Straße".as_bytes());
        assert!(mostly_utf8(&bytes));
        let d = decode_utf8_lossy(&bytes);
        assert!(d.text.starts_with("Zürich, Genève, Malmö"), "{}", d.text);
        assert!(d.text.contains("caf\u{fffd} und Straße"), "{}", d.text);
        let at = d.text.find('\u{fffd}').unwrap() as u32;
        let raw = d.alignment.to_raw(Span::new(at, at + 3));
        assert_eq!(&bytes[raw.range()], b"\xe9");
        let s = d.text.find("Straße").unwrap() as u32;
        let raw = d.alignment.to_raw(Span::new(s, s + "Straße".len() as u32));
        assert_eq!(&bytes[raw.range()], "Straße".as_bytes());
        // a page in Latin-1 throughout is not UTF-8 with bad bytes
        assert!(!mostly_utf8(b"caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la carte"));
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"\x7fELF\x02\x01\x01\x00\x00\x00"));
        assert!(!looks_binary("plain text, Русский текст".as_bytes()));
    }

    #[test]
    fn meta_charset() {
        let html = br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">"#;
        assert_eq!(
            sniff_declared_charset(html),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(
            sniff_declared_charset(b"<meta charset='utf-8'>"),
            Some(encoding_rs::UTF_8)
        );
    }
}
