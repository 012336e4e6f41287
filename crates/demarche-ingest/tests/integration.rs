//! No input makes a reader panic, and every document's alignment stays inside its raw
//! original. Random bytes, and random bytes behind each format's opening, for every reader
//! (the cargo-fuzz targets in `fuzz/` explore further, coverage-guided).

use demarche_ingest::{IngestConfig, Ingestor, Outcome};
use demarche_model::{Format, Span};
use proptest::prelude::*;

fn check(data: &[u8], format: Option<Format>) {
    let cfg = IngestConfig {
        format,
        max_record_bytes: 1 << 16,
        ..Default::default()
    };
    Ingestor::new(cfg).read_bytes("prop", data, &mut |o| {
        if let Outcome::Doc(d) = o {
            let raw = d
                .doc
                .alignment
                .to_raw(Span::new(0, d.doc.text.len() as u32));
            assert!(raw.end as usize <= d.raw.len());
            for r in &d.doc.removed {
                assert!(r.raw.end as usize <= d.raw.len());
            }
        }
    });
}

const OPENINGS: &[&[u8]] = &[
    b"",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>",
    b"{\"name\":\"c\",\"type\":\"public_channel\",\"messages\":[{\"id\":1,\"type\":\"message\",\"text\":[",
    b"{\"text\":\"",
    b"[{\"text\":\"a\\u",
    b"<?xml version=\"1.0\"?><rss><channel><item><description>&lt;p",
    b"<feed><entry><content>",
    b"<html><body><article><p>",
    b"Forwarded from X\n",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    b"\x28\xb5\x2f\xfd",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn no_reader_panics(open in 0..OPENINGS.len(), tail in proptest::collection::vec(any::<u8>(), 0..600), fmt in 0..8usize) {
        let mut data = OPENINGS[open].to_vec();
        data.extend_from_slice(&tail);
        let format = if fmt == 7 { None } else { Some(Format::ALL[fmt]) };
        check(&data, format);
    }

    #[test]
    fn text_like_input_never_panics(s in "\\PC{0,400}", fmt in 0..8usize) {
        let format = if fmt == 7 { None } else { Some(Format::ALL[fmt]) };
        check(s.as_bytes(), format);
    }
}
